//! Lesson 03 – Keep-alive semantics (exercise).
//!
//! Opening a TCP connection costs a round trip before the first request byte
//! can be sent, and a new connection starts slowly. HTTP/1.1 therefore keeps
//! a connection open after a response and sends the next request on it. This
//! crate holds the four decisions that make that work:
//!
//! 1. **Does the connection persist after this message?** [`keeps_alive`]
//!    reads the protocol version and the `Connection` field
//!    (RFC 9112 §9.3).
//! 2. **Where does each message of a pipelined stream end?**
//!    [`split_messages`] cuts a buffer holding several requests (or
//!    responses) into whole messages, in order, and keeps the unfinished
//!    rest for the next read (RFC 9112 §9.3.2).
//! 3. **Which idle connection can a client reuse?** A [`Pool`] keeps idle
//!    connections per [`Origin`], hands back the most recently used one,
//!    closes the extras and the ones idle for too long, and logs why each
//!    connection was closed ([`PoolEvent`]).
//! 4. **May a failed request be sent again?** [`should_retry`] answers yes
//!    only for the stale keep-alive connection: an idempotent request
//!    ([`is_idempotent`], RFC 9110 §9.2.2) on a reused connection that the
//!    server closed before sending a single response byte.
//!
//! ```text
//!  client                                         server
//!  pool.checkout(origin) ── reused? ─────────────► keeps_alive(request)?
//!        │ no: connect, pool.new_connection        split_messages(buffer)
//!        ▼                                         answer each, in order
//!  send request, read response                     close idle connections
//!        │ failed before any response byte?
//!        ├── should_retry ──► yes: once, on a fresh connection
//!        ▼
//!  pool.checkin(conn, keeps_alive(request) && keeps_alive(response))
//! ```
//!
//! Nothing here touches a socket: the pool is generic over the connection
//! type and takes the current time as an argument, so every decision can be
//! tested with plain values and a clock the test controls.

pub mod persistence;
pub mod pipeline;
pub mod pool;
pub mod retry;

pub use persistence::keeps_alive;
pub use pipeline::{Split, SplitError, content_length_of, head_end, split_messages};
pub use pool::{ConnId, EventKind, Origin, Pool, PoolEvent, Pooled, render_events};
pub use retry::{Failure, is_idempotent, should_retry};
