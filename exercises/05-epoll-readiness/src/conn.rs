//! The life of one server connection, as a pure state machine.
//!
//! An event loop serves thousands of connections on one thread, so no
//! connection can sit in a blocking `read` waiting for the rest of its
//! request. Instead each connection remembers *where it is* in a small
//! state, and every time something happens the loop asks "given this state
//! and this event, what is the next state and what must I do?":
//!
//! ```text
//!                 HeadParsed{body_len: 0}
//!        ┌──────────────────────────────────────────────┐
//!        │                                              ▼
//!  ┌─────────────┐ HeadParsed{n>0} ┌─────────────┐ body ┌─────────┐ WriteBlocked
//!  │ ReadingHead │────────────────►│ ReadingBody │─────►│ Writing │◄───┐ (EPOLLOUT on)
//!  └─────────────┘                 └─────────────┘ done └─────────┘────┘
//!     ▲   │                                               │     │
//!     │   │ PeerClosed / IoError                          │     │ WriteDone,
//!     │   ▼                                               │     │ no keep-alive
//!     │ ┌────────┐◄─────────────────────────────────────────────┘
//!     │ │ Closed │
//!     │ └────────┘
//!     └───────────────────────────────────────────────────┘
//!          WriteDone, keep-alive (EPOLLOUT off, parse what is buffered)
//! ```
//!
//! The function [`next`] does no I/O at all: the loop reads and parses, turns
//! what happened into a [`ConnEvent`], and carries out the [`Action`]s that
//! come back. That keeps the hard part – the order of things – testable with
//! plain values, and lets a test print a whole connection's life as a trace
//! (see [`trace`]).

use std::fmt::Write as _;

/// Where a connection is in its request/response cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Waiting for the rest of a request head (up to the empty line).
    ReadingHead,
    /// The head is complete; `remaining` body bytes are still to come.
    ReadingBody {
        /// Body bytes not yet received.
        remaining: usize,
        /// Whether the connection stays open after the response.
        keep_alive: bool,
    },
    /// A response is queued and being written.
    Writing {
        /// Whether to read the next request after this response.
        keep_alive: bool,
        /// Whether `EPOLLOUT` interest is on right now.
        watching_writable: bool,
    },
    /// Done: the socket is (being) closed; every further event is ignored.
    Closed,
}

/// Something that happened on the connection, already interpreted by the
/// event loop's I/O code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnEvent {
    /// The buffer holds a complete request head. Its body is `body_len`
    /// bytes long, and the request allows the connection to persist or not
    /// (lesson 3 decides that from the version and `Connection`).
    HeadParsed {
        /// The body length from `Content-Length` (0 when none).
        body_len: usize,
        /// `true` when the connection may be reused after the response.
        keep_alive: bool,
    },
    /// `n` more body bytes arrived.
    BodyRead(usize),
    /// The request is malformed (a parser said 400).
    BadRequest,
    /// A flush left bytes in the write queue: the socket buffer is full.
    WriteBlocked,
    /// A flush emptied the write queue: the whole response is on its way.
    WriteDone,
    /// A read returned 0: the peer closed its writing side.
    PeerClosed,
    /// A read or write failed (`ECONNRESET`, `EPIPE`, …).
    IoError,
}

/// What the event loop must do after a transition, in the order given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Build the response to the request just read, push it onto the write
    /// queue and flush.
    QueueResponse,
    /// Push a `400 Bad Request` response (with `Connection: close`) onto
    /// the write queue and flush.
    QueueBadRequest,
    /// `epoll_ctl(MOD)`: add `EPOLLOUT` to the interest.
    WatchWritable,
    /// `epoll_ctl(MOD)`: remove `EPOLLOUT` from the interest.
    UnwatchWritable,
    /// Look at the read buffer again *now*: a pipelined request may already
    /// be there, and no readiness event will announce bytes that were read
    /// already.
    ParseBuffered,
    /// `epoll_ctl(DEL)` the socket and close it.
    Close,
}

/// The transition function: given the current `state` and an `event`,
/// return the next state and the actions to perform, in order, as this
/// table says (read it top to bottom; the first row that fits wins).
///
/// | state | event | next state | actions |
/// |---|---|---|---|
/// | `ReadingHead` | `HeadParsed { 0, ka }` | `Writing { ka, false }` | `QueueResponse` |
/// | `ReadingHead` | `HeadParsed { n > 0, ka }` | `ReadingBody { n, ka }` | – |
/// | `ReadingBody { r, ka }` | `BodyRead(m)`, `m < r` | `ReadingBody { r - m, ka }` | – |
/// | `ReadingBody { r, ka }` | `BodyRead(m)`, `m ≥ r` | `Writing { ka, false }` | `QueueResponse` |
/// | `ReadingHead`, `ReadingBody` | `BadRequest` | `Writing { false, false }` | `QueueBadRequest` |
/// | `ReadingHead`, `ReadingBody` | `PeerClosed` | `Closed` | `Close` |
/// | `Writing { ka, false }` | `WriteBlocked` | `Writing { ka, true }` | `WatchWritable` |
/// | `Writing { ka, true }` | `WriteBlocked` | unchanged | – |
/// | `Writing { true, w }` | `WriteDone` | `ReadingHead` | `UnwatchWritable` if `w`, then `ParseBuffered` |
/// | `Writing { false, _ }` | `WriteDone` | `Closed` | `Close` |
/// | `Writing { _, w }` | `PeerClosed` | `Writing { false, w }` | – (finish the response, then close) |
/// | any but `Closed` | `IoError` | `Closed` | `Close` |
/// | anything else | | unchanged | – |
///
/// A peer that closes its writing side while we are still writing has only
/// *half*-closed the connection (`shutdown(SHUT_WR)`): it can still read our
/// response, so we finish it and close afterwards. A peer that closes while
/// we wait for a request has nothing more to say: close at once.
///
/// `Close` never comes with `UnwatchWritable`: closing the socket removes it
/// from the interest list anyway.
///
/// ```text
/// next(ReadingHead, HeadParsed { body_len: 0, keep_alive: true })
///   → (Writing { keep_alive: true, watching_writable: false }, [QueueResponse])
/// next(Writing { keep_alive: true, watching_writable: true }, WriteDone)
///   → (ReadingHead, [UnwatchWritable, ParseBuffered])
/// next(ReadingHead, PeerClosed) → (Closed, [Close])
/// ```
pub fn next(state: State, event: ConnEvent) -> (State, Vec<Action>) {
    todo!("lesson 05: next({state:?}, {event:?})")
}

/// GIVEN: runs `events` through [`next`] from `start` and renders one line
/// per step, `state --event--> next [actions]`.
///
/// ```text
/// ReadingHead --HeadParsed { body_len: 0, keep_alive: true }--> Writing { keep_alive: true, watching_writable: false } [QueueResponse]
/// ```
pub fn trace(start: State, events: &[ConnEvent]) -> String {
    let mut out = String::new();
    let mut state = start;
    for &event in events {
        let (after, actions) = next(state, event);
        let _ = writeln!(out, "{state:?} --{event:?}--> {after:?} {actions:?}");
        state = after;
    }
    out
}
