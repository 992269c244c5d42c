//! The quest: `quest serve`, an HTTP/1.1 file server on one thread and one
//! epoll instance, and `quest get`, an HTTP/1.1 client over raw sockets –
//! built from your lesson crates. The brief is `quest/quest.md`.
//!
//! The modules, from the outside in. **Given** (finished, use them as they
//! are): [`cli`], [`response`], [`mime`], [`time`], [`access_log`],
//! [`sys`], and `main.rs`. **Yours** (every `todo!("quest: …")`):
//!
//! - [`server`]: the epoll event loop – accepting, readiness, deadlines,
//!   signals;
//! - [`conn`]: one connection – incremental parsing, pipelining, the write
//!   queue, file streaming;
//! - [`site`]: what is answered – the built-in page, GET/HEAD/PUT/DELETE of
//!   files, conditional requests;
//! - [`paths`]: from a request target to a file, never outside the root;
//! - [`get`]: the client – planning, resolving, connecting, framing, output,
//!   and its own epoll loop.
//!
//! The types in your modules are a design that works, not a requirement:
//! change anything you like. The grader only talks to the `quest` binary,
//! over sockets.

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
