//! # Lesson 05 – the epoll readiness model (exercise)
//!
//! Read the lesson first, then fill in the `todo!()`s in this order:
//!
//! 1. in [`epoll`] (`src/epoll.rs`): [`Epoll::new`], [`Epoll::add`],
//!    [`Epoll::modify`], [`Epoll::delete`], [`Epoll::wait`]
//! 2. in [`drain`](mod@drain) (`src/drain.rs`): [`drain()`]
//! 3. in [`write_queue`] (`src/write_queue.rs`): [`WriteQueue::push`],
//!    [`WriteQueue::flush`], [`WriteQueue::wants_writable`]
//! 4. in [`conn`] (`src/conn.rs`): [`next`]
//!
//! Run the tests with `cargo test -p lesson05`. The types (`Token`,
//! `Interest`, `Event`, `ReadOutcome`, `Flushed`, `State`, `ConnEvent`,
//! `Action`) and the helpers `Interest::to_epoll_bits`, `Event::from_epoll`,
//! `timeout_to_millis` and `trace` are finished, and so is the week 03 style
//! [`PollReactor`] in `src/poll_reactor.rs`, kept for comparison.
//!
//! `unsafe` belongs in `src/epoll.rs` only, every block with a
//! `// SAFETY:` comment that says why it is sound.

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
