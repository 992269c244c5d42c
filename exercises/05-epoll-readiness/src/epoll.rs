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
//! This module is where your `unsafe` code goes – the only place besides the
//! given `poll()` reactor. Give every `unsafe { }` block a `// SAFETY:`
//! comment that says why it is sound.

use std::io;
use std::os::fd::{AsFd, OwnedFd};
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
    /// The epoll instance's own descriptor. Use `self.fd.as_raw_fd()`
    /// (trait `std::os::fd::AsRawFd`) to pass it to libc.
    fd: OwnedFd,
}

impl Epoll {
    /// Creates an epoll instance with `epoll_create1(EPOLL_CLOEXEC)`.
    ///
    /// Return `Ok(Epoll { fd })` where `fd` owns the new descriptor, or the
    /// OS error (`io::Error::last_os_error()`) when the call returns -1.
    ///
    /// ```text
    /// Epoll::new()                      → Ok(Epoll { fd: OwnedFd { fd: 3 } })
    /// Epoll::new() with no fds left     → Err(EMFILE, "Too many open files")
    /// ```
    pub fn new() -> io::Result<Epoll> {
        todo!("lesson 05: Epoll::new()")
    }

    /// Puts `fd` on the interest list: `epoll_ctl(EPOLL_CTL_ADD)` with an
    /// `epoll_event { events: interest.to_epoll_bits(), u64: token.0 }`.
    ///
    /// Return `Ok(())`, or the OS error when `epoll_ctl` returns -1.
    ///
    /// ```text
    /// add(&socket, Token(7), Interest::READABLE)           → Ok(())
    /// add(&socket, Token(8), Interest::READABLE) again     → Err(kind AlreadyExists)  (EEXIST)
    /// ```
    pub fn add(&self, fd: &impl AsFd, token: Token, interest: Interest) -> io::Result<()> {
        todo!(
            "lesson 05: Epoll::add({:?}, {token:?}, {interest:?})",
            fd.as_fd()
        )
    }

    /// Replaces the token and interest of a registered `fd`:
    /// `epoll_ctl(EPOLL_CTL_MOD)`, built like [`Epoll::add`].
    ///
    /// Return `Ok(())`, or the OS error.
    ///
    /// ```text
    /// modify(&registered, Token(2), Interest::WRITABLE)    → Ok(())
    /// modify(&never_added, Token(2), Interest::WRITABLE)   → Err(kind NotFound)  (ENOENT)
    /// ```
    pub fn modify(&self, fd: &impl AsFd, token: Token, interest: Interest) -> io::Result<()> {
        todo!(
            "lesson 05: Epoll::modify({:?}, {token:?}, {interest:?})",
            fd.as_fd()
        )
    }

    /// Takes `fd` off the interest list: `epoll_ctl(EPOLL_CTL_DEL)`. The
    /// event argument is ignored for DEL; pass a pointer to a zeroed
    /// `epoll_event` anyway.
    ///
    /// Return `Ok(())`, or the OS error.
    ///
    /// ```text
    /// delete(&registered)    → Ok(())   and no more events for it
    /// delete(&never_added)   → Err(kind NotFound)  (ENOENT)
    /// ```
    pub fn delete(&self, fd: &impl AsFd) -> io::Result<()> {
        todo!("lesson 05: Epoll::delete({:?})", fd.as_fd())
    }

    /// Waits for readiness with `epoll_wait(2)` and replaces the contents of
    /// `events` with what is ready (at most [`MAX_EVENTS`]).
    ///
    /// Clear `events` first. Pass `timeout_to_millis(timeout)` as the
    /// timeout and a buffer of `MAX_EVENTS` `libc::epoll_event`s; convert
    /// each of the `n` filled ones with [`Event::from_epoll`]. Return
    /// `Ok(n)`. When the call fails with `EINTR` (a signal arrived), return
    /// `Ok(0)`: zero events, the event loop comes round again. Any other
    /// failure is `Err`.
    ///
    /// ```text
    /// one socket with data, token 7, timeout Some(500 ms)
    ///   → Ok(1), events == [Event { token: Token(7), readable: true, writable: false, .. }]
    /// nothing ready, timeout Some(0 ms)     → Ok(0) at once, events == []
    /// nothing ready, timeout Some(60 ms)    → Ok(0) after about 60 ms
    /// ```
    pub fn wait(&self, events: &mut Vec<Event>, timeout: Option<Duration>) -> io::Result<usize> {
        todo!("lesson 05: Epoll::wait({events:?}, {timeout:?})")
    }
}

impl AsFd for Epoll {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        self.fd.as_fd()
    }
}
