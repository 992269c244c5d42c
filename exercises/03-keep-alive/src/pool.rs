//! A client's pool of idle keep-alive connections, one list per origin.
//!
//! After a response, a client that may keep the connection (see
//! [`keeps_alive`](crate::keeps_alive)) puts it into the pool instead of
//! closing it. The next request to the same origin takes it out again and
//! skips the TCP handshake. Three rules keep the pool honest:
//!
//! - **Only the same origin.** A connection is to one scheme, host and port
//!   ([`Origin`], RFC 9110 §4.3.1); a request to another origin must never
//!   go out on it.
//! - **Not too many.** Every idle connection holds a socket on both ends. At
//!   most `max_idle_per_origin` wait per origin; when one more comes back,
//!   the one idle the longest is closed ([`EventKind::ClosedTooManyIdle`]).
//! - **Not too old.** Servers close connections that stay idle too long
//!   (RFC 9112 §9.5). A connection idle for `idle_timeout` or more is closed
//!   by the pool ([`EventKind::ClosedExpired`]) rather than reused: reusing
//!   it would likely race with the server's close.
//!
//! **Most recently used first (LIFO).** [`Pool::checkout`] hands out the
//! connection that came back last. It has been idle the shortest time, so the
//! server is least likely to have closed it, and the older ones are left to
//! expire – the pool shrinks by itself when traffic drops. Most HTTP clients
//! do the same.
//!
//! The pool is generic over the connection type `C` (a socket in the quest,
//! a plain number in the tests) and never reads a clock: every call that
//! needs the time takes `now`, so a test can move time forward by exactly
//! the amount it wants. Each connection gets a [`ConnId`] when the pool first
//! sees it, and every step is logged as a [`PoolEvent`], so a test (or a
//! `-v` flag) can say what happened to each connection and why.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, Instant};

/// Where a connection goes: scheme, host and port (RFC 9110 §4.3.1). Two
/// requests may share a connection only when their origins are equal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// `"http"` (lowercased).
    pub scheme: String,
    /// The host name or address, lowercased: host names are case-insensitive.
    pub host: String,
    /// The TCP port, the default one included (`80`).
    pub port: u16,
}

impl Origin {
    /// An origin with `scheme` and `host` lowercased.
    pub fn new(scheme: &str, host: &str, port: u16) -> Origin {
        Origin {
            scheme: scheme.to_ascii_lowercase(),
            host: host.to_ascii_lowercase(),
            port,
        }
    }
}

impl fmt::Display for Origin {
    /// `http://example.com:80` (an IPv6 host in brackets).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "{}://[{}]:{}", self.scheme, self.host, self.port)
        } else {
            write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
        }
    }
}

/// The pool's name for one connection: 1 for the first one it saw, then 2, …
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConnId(pub u64);

impl fmt::Display for ConnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A connection the pool knows, with its id and origin. The caller uses
/// `conn` while it holds the `Pooled`, and gives the whole `Pooled` back
/// with [`Pool::checkin`].
#[derive(Debug)]
pub struct Pooled<C> {
    id: ConnId,
    origin: Origin,
    /// The connection itself (a socket in a real client).
    pub conn: C,
}

impl<C> Pooled<C> {
    /// The id the pool gave this connection.
    pub fn id(&self) -> ConnId {
        self.id
    }

    /// The origin this connection goes to.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }
}

/// What happened to a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// A new connection was opened ([`Pool::new_connection`]).
    Created,
    /// An idle connection was handed out again ([`Pool::checkout`]).
    Reused,
    /// A connection came back and now waits, idle, in the pool.
    ReturnedIdle,
    /// A connection came back but may not be reused (`Connection: close`,
    /// HTTP/1.0, a body read until close, an error): closed.
    ClosedNotReusable,
    /// More than `max_idle_per_origin` idle connections: the one idle the
    /// longest was closed.
    ClosedTooManyIdle,
    /// Idle for `idle_timeout` or longer: closed instead of reused.
    ClosedExpired,
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EventKind::Created => "created",
            EventKind::Reused => "reused",
            EventKind::ReturnedIdle => "returned idle",
            EventKind::ClosedNotReusable => "closed: not reusable",
            EventKind::ClosedTooManyIdle => "closed: too many idle",
            EventKind::ClosedExpired => "closed: idle timeout",
        })
    }
}

/// One line of the pool's log: which connection, to where, what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolEvent {
    /// The connection.
    pub conn: ConnId,
    /// Its origin.
    pub origin: Origin,
    /// What happened to it.
    pub kind: EventKind,
}

impl fmt::Display for PoolEvent {
    /// `#1 http://a.example:80 reused`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.conn, self.origin, self.kind)
    }
}

/// The events one per line, each ended by `\n`.
pub fn render_events(events: &[PoolEvent]) -> String {
    events.iter().map(|event| format!("{event}\n")).collect()
}

/// An idle connection and the moment it came back to the pool.
// Unused until `checkin` creates these and `checkout` reads them: remove the
// `allow` once they do.
#[allow(dead_code)]
#[derive(Debug)]
struct Idle<C> {
    pooled: Pooled<C>,
    since: Instant,
}

/// Idle keep-alive connections per origin. See the module documentation.
#[derive(Debug)]
pub struct Pool<C> {
    // Unused until `checkin` and `checkout` read them: remove the `allow`
    // once they do.
    #[allow(dead_code)]
    max_idle_per_origin: usize,
    #[allow(dead_code)]
    idle_timeout: Duration,
    /// Per origin, the idle connections in the order they came back: the
    /// oldest first, the most recently returned last. A `BTreeMap` so that
    /// walking all origins (in [`Pool::expire`]) has a fixed order.
    idle: BTreeMap<Origin, Vec<Idle<C>>>,
    next_id: u64,
    events: Vec<PoolEvent>,
}

impl<C: fmt::Debug> Pool<C> {
    /// An empty pool that keeps at most `max_idle_per_origin` idle
    /// connections per origin, each for less than `idle_timeout`.
    pub fn new(max_idle_per_origin: usize, idle_timeout: Duration) -> Pool<C> {
        Pool {
            max_idle_per_origin,
            idle_timeout,
            idle: BTreeMap::new(),
            next_id: 1,
            events: Vec::new(),
        }
    }

    /// Takes a connection the caller has just opened to `origin` into the
    /// pool's bookkeeping: gives it the next [`ConnId`] and logs
    /// [`EventKind::Created`]. The caller uses it, then returns it with
    /// [`Pool::checkin`].
    pub fn new_connection(&mut self, origin: &Origin, conn: C) -> Pooled<C> {
        let id = ConnId(self.next_id);
        self.next_id += 1;
        self.log(id, origin, EventKind::Created);
        Pooled {
            id,
            origin: origin.clone(),
            conn,
        }
    }

    /// Every event so far, oldest first.
    pub fn events(&self) -> &[PoolEvent] {
        &self.events
    }

    /// How many idle connections to `origin` the pool holds now.
    pub fn idle_count(&self, origin: &Origin) -> usize {
        self.idle.get(origin).map_or(0, Vec::len)
    }

    fn log(&mut self, conn: ConnId, origin: &Origin, kind: EventKind) {
        self.events.push(PoolEvent {
            conn,
            origin: origin.clone(),
            kind,
        });
    }

    /// Hands out an idle connection to `origin`, if the pool has one that is
    /// not too old.
    ///
    /// First closes every idle connection to `origin` that has been idle for
    /// `idle_timeout` or longer at `now` (oldest first, one
    /// [`EventKind::ClosedExpired`] each, the connection dropped). Then takes
    /// the most recently returned of the remaining ones and logs
    /// [`EventKind::Reused`].
    ///
    /// # Returns
    ///
    /// The connection, or `None` when no fresh-enough idle connection to this
    /// origin exists – the caller then opens one and calls
    /// [`Pool::new_connection`]. Connections to other origins are never
    /// returned, and never closed by this call.
    ///
    /// ```text
    /// idle to a.example: #1 (since 0 s), #2 (since 10 s); timeout 30 s
    /// checkout(a.example, at 30 s) → Some(#2)   log: "#1 … closed: idle timeout", "#2 … reused"
    /// checkout(a.example, at 31 s) → None       (nothing idle left)
    /// checkout(b.example, at 31 s) → None       (never a connection to another origin)
    /// ```
    pub fn checkout(&mut self, origin: &Origin, now: Instant) -> Option<Pooled<C>> {
        todo!("lesson 03: Pool::checkout({origin}, {now:?})")
    }

    /// Gives a connection back after a response.
    ///
    /// - `reusable == false` (the exchange ended keep-alive, or failed): the
    ///   connection is dropped and [`EventKind::ClosedNotReusable`] logged.
    /// - Otherwise it joins the idle connections of its origin as the most
    ///   recently returned, idle since `now` ([`EventKind::ReturnedIdle`]).
    ///   If its origin now has more than `max_idle_per_origin` idle
    ///   connections, the one that came back longest ago (the first in the
    ///   origin's list) is dropped ([`EventKind::ClosedTooManyIdle`]), until
    ///   the limit holds. (With a limit of 0 that is the connection just
    ///   returned.)
    ///
    /// ```text
    /// max 2 per origin; idle to a.example: #1, #2
    /// checkin(#3, true,  at 5 s)  → idle: #2, #3   log: "#3 … returned idle", "#1 … closed: too many idle"
    /// checkin(#4, false, at 6 s)  → idle unchanged  log: "#4 … closed: not reusable"
    /// ```
    pub fn checkin(&mut self, pooled: Pooled<C>, reusable: bool, now: Instant) {
        todo!("lesson 03: Pool::checkin({pooled:?}, {reusable}, {now:?})")
    }

    /// Closes every idle connection, to any origin, that has been idle for
    /// `idle_timeout` or longer at `now`: one [`EventKind::ClosedExpired`]
    /// each, origins in their sorted order, oldest first within an origin.
    /// A client calls this from its timer so that idle sockets do not pile
    /// up while no request needs them.
    ///
    /// ```text
    /// timeout 30 s; idle: a.example #2 (since 1 s), #3 (since 20 s); b.example #1 (since 0 s)
    /// expire(at 31 s)  → idle: a.example #3
    ///                    log: "#2 http://a.example:80 closed: idle timeout",
    ///                         "#1 http://b.example:80 closed: idle timeout"
    /// ```
    pub fn expire(&mut self, now: Instant) {
        todo!("lesson 03: Pool::expire({now:?})")
    }
}
