//! The event loop: one thread, one epoll instance, every socket
//! non-blocking.
//!
//! ```text
//!            ┌────────── epoll_wait(timeout = nearest deadline) ──────────┐
//!            │                                                            │
//!   listener readable → accept until EAGAIN (register each, EPOLLIN)      │
//!   signalfd readable → stop accepting, finish in-flight responses, exit  │
//!   connection readable → read, parse, answer (queue)    ─┐               │
//!   connection writable → flush the queue, stream files  ─┴→ re-register  │
//!   deadlines → 408 / close idle connections, resume accept after EMFILE ─┘
//! ```
//!
//! **Level-triggered, on purpose.** With edge-triggered epoll a connection
//! must be drained to `EAGAIN` on every event, or its remaining bytes are
//! never reported again; level-triggered epoll keeps reporting a socket while
//! it has data. That lets this server read at most
//! [`READ_BUDGET`](crate::conn::READ_BUDGET) per event (fairness: one
//! flooding client cannot starve the others) and *stop* reading a client
//! that does not read its responses, simply by leaving `EPOLLIN` out of its
//! interest – back-pressure without a lost wake-up. `EPOLLOUT` is asked for
//! only while output is waiting (see lesson 5's `WriteQueue`), so an idle
//! connection never wakes the loop.
//!
//! **Out of descriptors.** When `accept` fails with `EMFILE`/`ENFILE` the
//! pending connection stays in the kernel's queue, so a level-triggered
//! listener would be reported again at once: a 100 % CPU spin. The listener
//! is taken out of epoll for [`ACCEPT_PAUSE`] instead, while existing
//! connections finish and free descriptors.
//!
//! **Timeouts** are deadlines, not timers: each connection knows its phase
//! and when its phase's timeout runs out ([`Conn::deadline`]), and the
//! loop's `epoll_wait` timeout is the nearest deadline. (A linear scan per wake-up: simple, and cheap for the
//! thousands of connections this server is meant for; a timer wheel or heap
//! is the step after.)

use std::collections::HashMap;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::time::{Duration, Instant};

use lesson05::{Epoll, Event, Interest, Token};

use crate::cli::ServeOptions;
use crate::conn::{Conn, Limits, Timeouts};
use crate::site::Site;
use crate::sys::{SignalFd, ignore_sigpipe};

/// The listener's token.
const LISTENER: Token = Token(0);
/// The signalfd's token.
const SIGNALS: Token = Token(1);
/// Connection tokens start here.
const FIRST_CONN: u64 = 2;

/// How long accepting pauses after `EMFILE`/`ENFILE`.
pub const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// The most connections accepted per listener event (fairness).
const ACCEPT_BUDGET: usize = 128;

/// A bound server, ready to [`run`](Server::run).
#[derive(Debug)]
pub struct Server {
    epoll: Epoll,
    listener: Option<TcpListener>,
    local_addr: SocketAddr,
    signals: SignalFd,
    conns: HashMap<u64, Conn>,
    next_token: u64,
    site: Site,
    limits: Limits,
    timeouts: Timeouts,
    /// Accepting is paused until then (after `EMFILE`).
    accept_paused_until: Option<Instant>,
    /// SIGINT/SIGTERM arrived: finish and exit.
    stopping: bool,
}

impl Server {
    /// Binds the listener, blocks SIGINT/SIGTERM into a signalfd and builds
    /// the epoll set.
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
            accept_paused_until: None,
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
    /// # Errors
    ///
    /// When `epoll_wait` or the signalfd fails – the loop cannot go on.
    /// Errors on one connection only close that connection.
    pub fn run(&mut self) -> io::Result<()> {
        let mut events = Vec::with_capacity(lesson05::MAX_EVENTS);
        while !(self.stopping && self.conns.is_empty()) {
            let timeout = self
                .next_deadline()
                .map(|at| at.saturating_duration_since(Instant::now()));
            self.epoll.wait(&mut events, timeout)?;
            let now = Instant::now();
            for event in &events {
                match event.token {
                    LISTENER => self.accept(now),
                    SIGNALS => self.on_signal()?,
                    Token(id) => self.on_conn_event(id, event, now),
                }
            }
            self.expire(Instant::now());
        }
        Ok(())
    }

    /// Accepts pending connections, up to [`ACCEPT_BUDGET`].
    fn accept(&mut self, now: Instant) {
        let Some(listener) = &self.listener else {
            return;
        };
        for _ in 0..ACCEPT_BUDGET {
            let (stream, peer) = match listener.accept() {
                Ok(pair) => pair,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e) if is_out_of_descriptors(&e) => {
                    eprintln!("quest-solution: accept: {e}; pausing accept for {ACCEPT_PAUSE:?}");
                    let _ = self.epoll.delete(listener);
                    self.accept_paused_until = Some(now + ACCEPT_PAUSE);
                    return;
                }
                // ECONNABORTED and friends: that one connection is gone.
                Err(_) => continue,
            };
            if stream.set_nonblocking(true).is_err() {
                continue;
            }
            let _ = stream.set_nodelay(true);
            let token = self.next_token;
            self.next_token += 1;
            let conn = Conn::new(stream, peer.ip(), now);
            if self
                .epoll
                .add(conn.stream(), Token(token), Interest::READABLE)
                .is_ok()
            {
                self.conns.insert(token, conn);
            }
        }
    }

    /// SIGINT/SIGTERM: stop accepting (close the listener, so new clients
    /// are refused at once), let every connection finish its current
    /// response, then exit.
    fn on_signal(&mut self) -> io::Result<()> {
        while self.signals.read()?.is_some() {
            self.stopping = true;
        }
        if self.stopping {
            if let Some(listener) = self.listener.take() {
                let _ = self.epoll.delete(&listener);
            }
            self.accept_paused_until = None;
            let ids: Vec<u64> = self.conns.keys().copied().collect();
            for id in ids {
                if let Some(conn) = self.conns.get_mut(&id) {
                    conn.drain();
                }
                self.update(id);
            }
        }
        Ok(())
    }

    fn on_conn_event(&mut self, id: u64, event: &Event, now: Instant) {
        let Some(conn) = self.conns.get_mut(&id) else {
            return; // closed earlier in this batch
        };
        let mut ok = true;
        if event.readable || event.hangup || event.error {
            ok = conn.on_readable(now).is_ok();
        }
        if ok {
            conn.process(&self.site, self.limits);
            ok = conn.on_writable(now).is_ok();
        }
        if ok {
            self.update(id);
        } else {
            self.close(id);
        }
    }

    /// Re-registers a connection for what it now wants, or closes it.
    fn update(&mut self, id: u64) {
        let Some(conn) = self.conns.get_mut(&id) else {
            return;
        };
        // After a response that freed the queue, parsing continues with the
        // pipelined requests already buffered – all of them, not just the
        // next: they arrived in an earlier read, so no event will come for
        // them. Each round either uses up buffered bytes or stops.
        while conn.may_parse() {
            let unparsed = conn.unparsed_len();
            conn.process(&self.site, self.limits);
            if conn.on_writable(Instant::now()).is_err() {
                self.close(id);
                return;
            }
            if conn.unparsed_len() == unparsed {
                break;
            }
        }
        // Shutting down, a connection is closed as soon as its response in
        // flight is complete, not kept alive until its idle timeout.
        if conn.is_finished() || (self.stopping && conn.is_idle()) {
            self.close(id);
            return;
        }
        conn.start_lingering(Instant::now());
        let interest = Interest {
            readable: conn.wants_read(),
            writable: conn.wants_write(),
            edge: false,
        };
        if interest == conn.registered() {
            return;
        }
        if self
            .epoll
            .modify(conn.stream(), Token(id), interest)
            .is_err()
        {
            self.close(id);
            return;
        }
        conn.set_registered(interest);
    }

    fn close(&mut self, id: u64) {
        if let Some(conn) = self.conns.remove(&id) {
            let _ = self.epoll.delete(conn.stream());
        }
    }

    /// The nearest moment something must happen without an event.
    fn next_deadline(&self) -> Option<Instant> {
        let idle = self.conns.values().map(|c| c.deadline(self.timeouts)).min();
        match (idle, self.accept_paused_until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Times out stalled connections and resumes a paused accept.
    fn expire(&mut self, now: Instant) {
        let timeouts = self.timeouts;
        let expired: Vec<u64> = self
            .conns
            .iter_mut()
            .filter_map(|(&id, c)| c.expired(now, timeouts).then_some(id))
            .collect();
        for id in expired {
            if let Some(conn) = self.conns.get_mut(&id) {
                conn.time_out();
            }
            self.close(id);
        }
        if self.accept_paused_until.is_some_and(|until| now >= until) {
            self.accept_paused_until = None;
            if let Some(listener) = &self.listener {
                if self
                    .epoll
                    .add(listener, LISTENER, Interest::READABLE)
                    .is_ok()
                {
                    self.accept(now);
                }
            }
        }
    }
}

fn is_out_of_descriptors(err: &io::Error) -> bool {
    matches!(err.raw_os_error(), Some(libc::EMFILE | libc::ENFILE))
}
