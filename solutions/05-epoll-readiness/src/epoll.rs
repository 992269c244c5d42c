//! A small, safe wrapper over Linux epoll (see `epoll(7)`).
//!
//! week 03's `poll()` loop handed the kernel the *whole* list of watched file
//! descriptors on every call, and then scanned the whole list again for the
//! few that were ready. epoll splits that into two lists the kernel keeps for
//! you between calls:
//!
//! ```text
//!   epoll_ctl(ADD/MOD/DEL)            the kernel, inside the epoll instance
//!   ─────────────────────►  ┌───────────────────────────────────────────┐
//!                           │ interest list: fd 7 → IN,  token 1        │
//!                           │                fd 9 → IN|OUT, token 2     │
//!                           │                fd 12 → IN|ET, token 3     │
//!                           ├───────────────────────────────────────────┤
//!   data arrives on fd 9 ─► │ ready list:    token 2 (IN)               │
//!                           └───────────────────────────────────────────┘
//!   epoll_wait  ◄────────── copies out only the ready list: [token 2 IN]
//! ```
//!
//! * [`Epoll::new`] creates the instance (`epoll_create1(2)`); it is itself a
//!   file descriptor, owned here by an [`OwnedFd`] so that dropping the
//!   [`Epoll`] closes it.
//! * [`Epoll::add`], [`Epoll::modify`] and [`Epoll::delete`] change the
//!   interest list (`epoll_ctl(2)`) – only when something changes, not on
//!   every loop iteration.
//! * [`Epoll::wait`] sleeps until something on the interest list is ready
//!   and copies out the ready events (`epoll_wait(2)`).
//!
//! Each registration carries a [`Token`], a `u64` the kernel stores and hands
//! back untouched with every event. The token says *which connection* the
//! event is for, so the event loop never searches a list of descriptors.
//!
//! This module is the only place in the crate with `unsafe` code besides the
//! given `poll()` reactor: every block says why it is sound.

use std::io;
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::Duration;

/// The most events one [`Epoll::wait`] call returns. More ready descriptors
/// are not lost: they stay on the kernel's ready list for the next call.
pub const MAX_EVENTS: usize = 64;

/// The number the kernel gives back with every event of a registration.
///
/// An event loop usually uses the index of the connection in its table (a
/// slab), and reserves one value for the listening socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token(pub u64);

/// What to be told about: readability, writability, and whether to be told
/// once per change (edge-triggered) or as long as the condition holds
/// (level-triggered, the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interest {
    /// Report when there is something to read (data, EOF, or a pending
    /// connection on a listening socket).
    pub readable: bool,
    /// Report when a write would not block (room in the socket's send
    /// buffer).
    pub writable: bool,
    /// Edge-triggered (`EPOLLET`): report only when the state *changes*.
    pub edge: bool,
}

impl Interest {
    /// Readable, level-triggered.
    pub const READABLE: Interest = Interest {
        readable: true,
        writable: false,
        edge: false,
    };
    /// Writable, level-triggered.
    pub const WRITABLE: Interest = Interest {
        readable: false,
        writable: true,
        edge: false,
    };
    /// Readable and writable, level-triggered.
    pub const READ_WRITE: Interest = Interest {
        readable: true,
        writable: true,
        edge: false,
    };

    /// The same interest, edge-triggered.
    pub const fn edge_triggered(self) -> Interest {
        Interest { edge: true, ..self }
    }

    /// The `events` bit mask for `epoll_ctl(2)`.
    ///
    /// Readable interest also asks for `EPOLLRDHUP`, so that a peer's
    /// `shutdown(SHUT_WR)` or `close()` shows up as [`Event::hangup`].
    /// (`EPOLLERR` and `EPOLLHUP` are always reported; they need no bit.)
    pub fn to_epoll_bits(self) -> u32 {
        let mut bits = 0;
        if self.readable {
            bits |= libc::EPOLLIN | libc::EPOLLRDHUP;
        }
        if self.writable {
            bits |= libc::EPOLLOUT;
        }
        if self.edge {
            bits |= libc::EPOLLET;
        }
        bits as u32
    }
}

/// One readiness report: which registration, and what it is ready for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// The token given to [`Epoll::add`] or [`Epoll::modify`].
    pub token: Token,
    /// `EPOLLIN`: a read will not block (it may return data or 0 for EOF).
    pub readable: bool,
    /// `EPOLLOUT`: a write will not block.
    pub writable: bool,
    /// `EPOLLRDHUP` or `EPOLLHUP`: the peer closed its writing side, or the
    /// connection is gone. Reading still returns the data that arrived
    /// before, then 0.
    pub hangup: bool,
    /// `EPOLLERR`: an error is pending on the socket (the next read or write
    /// returns it).
    pub error: bool,
}

impl Event {
    /// Converts what `epoll_wait(2)` filled in.
    ///
    /// `libc::epoll_event` is `#[repr(packed)]` on x86_64: its `u64` field
    /// sits at offset 4, unaligned, and a reference to it would be unaligned
    /// too – which Rust forbids (error E0793), even the hidden borrow inside
    /// `format!` or `assert_eq!`. So the event is taken by value and each
    /// field is *copied* into a local first.
    pub fn from_epoll(raw: libc::epoll_event) -> Event {
        let bits = raw.events;
        let data = raw.u64;
        let has = |flag: libc::c_int| bits & flag as u32 != 0;
        Event {
            token: Token(data),
            readable: has(libc::EPOLLIN),
            writable: has(libc::EPOLLOUT),
            hangup: has(libc::EPOLLRDHUP) || has(libc::EPOLLHUP),
            error: has(libc::EPOLLERR),
        }
    }
}

/// The timeout argument of `epoll_wait(2)` and `poll(2)`, in milliseconds.
///
/// `None` means "wait until something is ready" (-1). A duration is rounded
/// *up* to whole milliseconds, so that 300 µs does not become 0 – a
/// non-blocking check – and turn a timer-driven loop into a busy loop.
/// Durations too long for a `c_int` are capped.
pub fn timeout_to_millis(timeout: Option<Duration>) -> libc::c_int {
    match timeout {
        None => -1,
        Some(d) => {
            let mut ms = d.as_millis();
            if d.subsec_nanos() % 1_000_000 != 0 {
                ms += 1;
            }
            libc::c_int::try_from(ms).unwrap_or(libc::c_int::MAX)
        }
    }
}

/// An epoll instance. Dropping it closes the epoll file descriptor (the
/// watched sockets stay open: they belong to their owners).
#[derive(Debug)]
pub struct Epoll {
    fd: OwnedFd,
}

impl Epoll {
    /// Creates an epoll instance with `epoll_create1(EPOLL_CLOEXEC)`.
    ///
    /// `EPOLL_CLOEXEC` closes the descriptor in a child after `exec`, as Rust
    /// does for every descriptor it opens.
    ///
    /// # Errors
    ///
    /// What `epoll_create1(2)` reports, e.g. `EMFILE` when the process is out
    /// of file descriptors.
    ///
    /// ```
    /// let epoll = lesson05_solution::Epoll::new()?;
    /// # drop(epoll);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new() -> io::Result<Epoll> {
        // SAFETY: epoll_create1 takes a flag word and touches no memory of
        // ours.
        let raw = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
        if raw < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `raw` is a new, valid descriptor that nothing else owns, so
        // the OwnedFd may close it.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        Ok(Epoll { fd })
    }

    /// Puts `fd` on the interest list (`EPOLL_CTL_ADD`).
    ///
    /// # Errors
    ///
    /// `EEXIST` (`ErrorKind::AlreadyExists`) when `fd` is already registered,
    /// `EPERM` for a descriptor epoll cannot watch (a regular file).
    pub fn add(&self, fd: &impl AsFd, token: Token, interest: Interest) -> io::Result<()> {
        self.ctl(
            libc::EPOLL_CTL_ADD,
            fd.as_fd().as_raw_fd(),
            Some((token, interest)),
        )
    }

    /// Replaces the token and interest of a registered `fd`
    /// (`EPOLL_CTL_MOD`). This is how an event loop turns `EPOLLOUT` on and
    /// off.
    ///
    /// # Errors
    ///
    /// `ENOENT` (`ErrorKind::NotFound`) when `fd` is not registered.
    pub fn modify(&self, fd: &impl AsFd, token: Token, interest: Interest) -> io::Result<()> {
        self.ctl(
            libc::EPOLL_CTL_MOD,
            fd.as_fd().as_raw_fd(),
            Some((token, interest)),
        )
    }

    /// Takes `fd` off the interest list (`EPOLL_CTL_DEL`). Events that were
    /// already on the ready list for it are dropped too.
    ///
    /// # Errors
    ///
    /// `ENOENT` (`ErrorKind::NotFound`) when `fd` is not registered.
    pub fn delete(&self, fd: &impl AsFd) -> io::Result<()> {
        self.ctl(libc::EPOLL_CTL_DEL, fd.as_fd().as_raw_fd(), None)
    }

    /// The one `epoll_ctl(2)` call behind add, modify and delete.
    fn ctl(&self, op: libc::c_int, fd: RawFd, what: Option<(Token, Interest)>) -> io::Result<()> {
        let mut event = match what {
            Some((token, interest)) => libc::epoll_event {
                events: interest.to_epoll_bits(),
                u64: token.0,
            },
            // EPOLL_CTL_DEL ignores the event (Linux before 2.6.9 wanted a
            // non-null pointer anyway, so pass one).
            None => libc::epoll_event { events: 0, u64: 0 },
        };
        // SAFETY: both descriptors are valid for the duration of the call
        // (`self.fd` is owned, `fd` was borrowed from an `AsFd`), and `event`
        // is a live, initialised epoll_event that the kernel only reads.
        let rc = unsafe { libc::epoll_ctl(self.fd.as_raw_fd(), op, fd, &mut event) };
        if rc < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// Waits for readiness and replaces the contents of `events` with what
    /// is ready (at most [`MAX_EVENTS`]).
    ///
    /// `timeout`: `None` waits until something is ready, `Some(ZERO)` only
    /// looks, anything else waits at most that long (rounded up to
    /// milliseconds, see [`timeout_to_millis`]).
    ///
    /// # Returns
    ///
    /// The number of events now in `events`; 0 when the timeout expired –
    /// or when a signal interrupted the wait (`EINTR`). An interrupted wait
    /// is *not* an error for an event loop: it returns zero events and the
    /// loop simply comes round again. (Restarting here with the full
    /// timeout would make the wait longer than the caller asked.)
    ///
    /// # Errors
    ///
    /// Any other failure of `epoll_wait(2)`, e.g. `EBADF`.
    pub fn wait(&self, events: &mut Vec<Event>, timeout: Option<Duration>) -> io::Result<usize> {
        events.clear();
        let mut raw = [libc::epoll_event { events: 0, u64: 0 }; MAX_EVENTS];
        // SAFETY: `raw` is a writable array of MAX_EVENTS epoll_events, and
        // we tell the kernel exactly that length, so it writes inside it.
        let n = unsafe {
            libc::epoll_wait(
                self.fd.as_raw_fd(),
                raw.as_mut_ptr(),
                MAX_EVENTS as libc::c_int,
                timeout_to_millis(timeout),
            )
        };
        if n < 0 {
            let err = io::Error::last_os_error();
            if err.kind() == io::ErrorKind::Interrupted {
                return Ok(0);
            }
            return Err(err);
        }
        let n = n as usize; // 0 ≤ n ≤ MAX_EVENTS, checked above and by the kernel
        // Copy each (packed) epoll_event out by value, never by reference.
        events.extend(raw[..n].iter().map(|raw| Event::from_epoll(*raw)));
        Ok(n)
    }
}

impl AsFd for Epoll {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        self.fd.as_fd()
    }
}
