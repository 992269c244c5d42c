//! The reference quest: `quest-solution serve`, an HTTP/1.1 file server on
//! one thread and one epoll instance, and `quest-solution get`, an HTTP/1.1
//! client on one thread and one epoll instance, both built from the lesson
//! crates.
//!
//! The modules, from the outside in:
//!
//! - [`cli`]: the command line;
//! - [`server`]: the epoll event loop – accepting, readiness, deadlines,
//!   signals;
//! - [`conn`]: one connection – incremental parsing, pipelining, the write
//!   queue, file streaming;
//! - [`site`]: what is answered – the built-in page, GET/HEAD/PUT/DELETE of
//!   files, conditional requests;
//! - [`paths`]: from a request target to a file, never outside the root;
//! - [`response`]: status, fields, body, and the head on the wire;
//! - [`mime`], [`time`], [`access_log`]: content types, HTTP dates, log lines;
//! - [`sys`]: `SIGPIPE` and `signalfd`, the only `unsafe` code;
//! - [`get`]: the client – plan, resolve, connect, exchange, output, all
//!   driven by one epoll loop.

pub mod access_log;
pub mod cli;
pub mod conn;
pub mod get;
pub mod mime;
pub mod paths;
pub mod response;
pub mod server;
pub mod site;
pub mod sys;
pub mod time;
