//! # Lesson 05 – the epoll readiness model (solution)
//!
//! One thread, one epoll instance, many non-blocking sockets. This crate has
//! the pieces such an event loop is made of:
//!
//! 1. [`epoll`]: a safe wrapper over `epoll_create1`, `epoll_ctl` and
//!    `epoll_wait` – [`Epoll`], [`Token`], [`Interest`], [`Event`];
//! 2. [`drain`](mod@drain): reading a non-blocking socket until `EAGAIN`, telling
//!    "no data yet" from EOF;
//! 3. [`write_queue`]: partial writes, and `EPOLLOUT` interest only while
//!    bytes are waiting;
//! 4. [`conn`]: the per-connection state machine as a pure function;
//! 5. [`poll_reactor`]: the week 03 `poll()` way, kept for comparison (see
//!    `examples/poll_vs_epoll.rs`).
//!
//! The `unsafe` code lives in [`epoll`] and [`poll_reactor`] only, each block
//! with a `// SAFETY:` comment. Everything else is safe Rust over `Read` and
//! `Write`.

pub mod conn;
pub mod drain;
pub mod epoll;
pub mod poll_reactor;
pub mod write_queue;

pub use conn::{Action, ConnEvent, State, next, trace};
pub use drain::{READ_CHUNK, ReadOutcome, drain};
pub use epoll::{Epoll, Event, Interest, MAX_EVENTS, Token, timeout_to_millis};
pub use poll_reactor::PollReactor;
pub use write_queue::{Flushed, WriteQueue};
