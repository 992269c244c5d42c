//! The event loop: one thread, one epoll instance, every socket
//! non-blocking. (**Yours to write**: [`Server::run`], [`Server::accept`],
//! [`Server::on_conn_event`], [`Server::on_signal`],
//! [`Server::next_deadline`], [`Server::expire`]. [`Server::bind`] is
//! given.)
//!
//! ```text
//!            ┌────────── epoll_wait(timeout = nearest deadline) ──────────┐
//!            │                                                            │
//!   listener readable → accept until EAGAIN (register each, EPOLLIN)      │
//!   signalfd readable → stop accepting, finish in-flight responses, exit  │
//!   connection readable → read, parse, answer (queue)    ─┐               │
//!   connection writable → flush the queue, stream files  ─┴→ re-register  │
//!   deadlines → 408 / close idle connections                             ─┘
//! ```
//!
//! **Level-triggered is the easy choice.** With edge-triggered epoll a
//! connection must be drained to `EAGAIN` on every event, or its remaining
//! bytes are never reported again; level-triggered epoll keeps reporting a
//! socket while it has data. That lets a server read at most
//! [`READ_BUDGET`](crate::conn::READ_BUDGET) per event (one flooding client
//! cannot starve the others) and *stop* reading a client that does not read
//! its responses, simply by leaving `EPOLLIN` out of its interest –
//! back-pressure without a lost wake-up. Ask for `EPOLLOUT` only while
//! output is waiting (lesson 5's `WriteQueue`), or an idle connection wakes
//! the loop forever.
//!
//! **Timeouts** are deadlines, not timers: each connection knows its phase
//! and when that phase's timeout runs out ([`Conn::deadline`]), and the
//! loop's `epoll_wait` timeout is the nearest deadline.
//!
//! The fields are a suggestion that works; change them as your design
//! needs.

use std::collections::HashMap;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::time::Instant;

use lesson05::{Epoll, Event, Interest, Token};

use crate::cli::ServeOptions;
use crate::conn::{Conn, Limits, Timeouts};
use crate::site::Site;
use crate::sys::{SignalFd, ignore_sigpipe};

/// The listener's token.
pub const LISTENER: Token = Token(0);
/// The signalfd's token.
pub const SIGNALS: Token = Token(1);
/// Connection tokens start here.
pub const FIRST_CONN: u64 = 2;

/// The most connections accepted per listener event (fairness).
pub const ACCEPT_BUDGET: usize = 128;

/// A bound server, ready to [`run`](Server::run).
#[derive(Debug)]
pub struct Server {
    /// The one epoll instance.
    pub epoll: Epoll,
    /// The listening socket (`None` once shutdown has closed it).
    pub listener: Option<TcpListener>,
    /// The address actually bound.
    pub local_addr: SocketAddr,
    /// SIGINT and SIGTERM, as a readable descriptor.
    pub signals: SignalFd,
    /// The open connections, by token number.
    pub conns: HashMap<u64, Conn>,
    /// The token for the next accepted connection.
    pub next_token: u64,
    /// What is served.
    pub site: Site,
    /// The request size limits.
    pub limits: Limits,
    /// The timeout of each phase of a connection (`--header-timeout`,
    /// `--idle-timeout`, `--send-timeout`).
    pub timeouts: Timeouts,
    /// SIGINT/SIGTERM arrived: finish and exit.
    pub stopping: bool,
}

impl Server {
    /// Binds the listener, blocks SIGINT/SIGTERM into a signalfd and builds
    /// the epoll set: the listener under [`LISTENER`], the signalfd under
    /// [`SIGNALS`], both readable.
    ///
    /// Given – but it calls your lesson 5 `Epoll`, so it panics with
    /// `not yet implemented: lesson 05: …` until that lesson is done.
    ///
    /// # Errors
    ///
    /// When the root is not a folder, the address cannot be bound, or a
    /// system call of the setup fails.
    pub fn bind(options: &ServeOptions) -> io::Result<Server> {
        ignore_sigpipe()?;
        let site = match &options.root {
            Some(root) => Site::with_root(root)?,
            None => Site::built_in(),
        };
        let signals = SignalFd::new(&[libc::SIGINT, libc::SIGTERM])?;
        let listener = TcpListener::bind(options.addr)?;
        listener.set_nonblocking(true)?;
        let local_addr = listener.local_addr()?;
        let epoll = Epoll::new()?;
        epoll.add(&listener, LISTENER, Interest::READABLE)?;
        epoll.add(&signals, SIGNALS, Interest::READABLE)?;
        Ok(Server {
            epoll,
            listener: Some(listener),
            local_addr,
            signals,
            conns: HashMap::new(),
            next_token: FIRST_CONN,
            site,
            limits: Limits {
                max_header_bytes: options.max_header_bytes,
                max_body_bytes: options.max_body_bytes,
            },
            timeouts: Timeouts {
                header: options.header_timeout,
                idle: options.idle_timeout,
                send: options.send_timeout,
            },
            stopping: false,
        })
    }

    /// The address actually bound (the real port when port 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Runs the event loop until a SIGINT or SIGTERM has been handled and
    /// every connection is finished.
    ///
    /// Each round: wait (`self.epoll.wait`) with the time until
    /// [`Server::next_deadline`] as the timeout; hand each event to
    /// [`Server::accept`], [`Server::on_signal`] or
    /// [`Server::on_conn_event`] by its token; then [`Server::expire`].
    ///
    /// # Errors
    ///
    /// When `epoll_wait` or the signalfd fails – the loop cannot go on.
    /// Errors on one connection only close that connection.
    ///
    /// ```text
    /// curl http://127.0.0.1:8080/          → one accept, one readable event, a response
    /// kill -TERM <pid>, nothing in flight  → Ok(()) and the process exits 0
    /// ```
    ///
    /// Hints: lesson 5, "Putting it together", is this loop in outline.
    /// Stage 1 of the quest brief starts with a loop that only accepts and
    /// answers; deadlines and signals come in stage 5.
    pub fn run(&mut self) -> io::Result<()> {
        todo!("quest: Server::run({self:?})")
    }

    /// Accepts pending connections until `WouldBlock` (or
    /// [`ACCEPT_BUDGET`] of them): make each non-blocking, give it the next
    /// token, register it readable, and keep its [`Conn`] in `self.conns`.
    ///
    /// An `accept` error other than `WouldBlock` concerns that one
    /// connection (`ECONNABORTED`: it is already gone) – skip it. (Out of
    /// descriptors, `EMFILE`, is the exception a production server must
    /// handle: see the quest brief's pitfalls.)
    ///
    /// ```text
    /// three clients connected since the last wait
    ///   → three Conns under tokens 2, 3, 4, each registered Interest::READABLE
    /// ```
    pub fn accept(&mut self, now: Instant) {
        todo!("quest: Server::accept({self:?}, {now:?})")
    }

    /// SIGINT/SIGTERM: read the signalfd until it is empty
    /// ([`SignalFd::read`] returns `Ok(None)`), then stop accepting (take
    /// the listener out of epoll and drop it, so that new clients are
    /// refused at once), let every connection finish the response it is
    /// sending, close idle ones, and let [`Server::run`] return once none
    /// is left.
    ///
    /// # Errors
    ///
    /// When reading the signalfd fails.
    ///
    /// ```text
    /// kill -TERM while a 10 MB file is being sent
    ///   → the download completes, then the server exits 0
    /// ```
    pub fn on_signal(&mut self) -> io::Result<()> {
        todo!("quest: Server::on_signal({self:?})")
    }

    /// One readiness event for connection `id`: read if readable (or hung
    /// up, or in error – the read reports what happened), process what
    /// arrived, write what is queued; then re-register the socket for what
    /// it now wants (`epoll.modify` with `wants_read` / `wants_write`), or
    /// close it when it is finished or an I/O error happened.
    ///
    /// ```text
    /// readable, a whole GET arrived   → response written; Interest::READABLE
    ///                                   (or READ_WRITE when the socket took only part)
    /// writable, queue emptied         → Interest::READABLE again (EPOLLOUT off)
    /// read error ECONNRESET           → epoll.delete, Conn dropped
    /// ```
    ///
    /// Hint: after a response is flushed, pipelined requests may already be
    /// in the read buffer, and no event will announce bytes you have read
    /// already – process again before you wait (lesson 5's `ParseBuffered`).
    pub fn on_conn_event(&mut self, id: u64, event: &Event, now: Instant) {
        todo!("quest: Server::on_conn_event({self:?}, {id}, {event:?}, {now:?})")
    }

    /// The nearest moment something must happen without an event: the
    /// earliest [`Conn::deadline`], or `None` when there are no connections
    /// (wait for ever).
    ///
    /// ```text
    /// no connections                          → None
    /// two connections, deadlines t+1 s, t+3 s → Some(t+1 s)
    /// ```
    pub fn next_deadline(&self) -> Option<Instant> {
        todo!("quest: Server::next_deadline({self:?})")
    }

    /// Times out every connection whose deadline has really passed
    /// ([`Conn::expired`]: a slow reader's deadline moves on) with
    /// [`Conn::time_out`], and closes it.
    ///
    /// ```text
    /// header timeout 1 s, a client sent half a head 1.2 s ago → 408, closed
    /// idle timeout 1 s, a keep-alive client idle 1.2 s        → closed, nothing sent
    /// send timeout 1 s, a client took nothing for 1.2 s       → closed
    /// ```
    pub fn expire(&mut self, now: Instant) {
        todo!("quest: Server::expire({self:?}, {now:?})")
    }

    /// Takes connection `id` out of epoll (before the socket closes, see
    /// lesson 5's pitfalls) and drops it, which closes the socket.
    pub fn close(&mut self, id: u64) {
        if let Some(conn) = self.conns.remove(&id) {
            let _ = self.epoll.delete(conn.stream());
        }
    }
}
