//! The pieces of system plumbing std does not offer: `SIGPIPE`,
//! `signalfd(2)` and the kernel's count of unsent bytes (`SIOCOUTQ`). This
//! is the only module with `unsafe`.
//!
//! **SIGPIPE.** Writing to a socket whose peer has gone away raises
//! `SIGPIPE`, whose default action kills the process – one vanished client
//! would end the server. With the signal ignored, the write fails with
//! `EPIPE` instead, and the server just closes that connection. (The Rust
//! runtime already ignores `SIGPIPE` before `main`; saying so explicitly
//! keeps the server correct if it is ever embedded elsewhere.)
//!
//! **signalfd.** A signal handler runs at an arbitrary point of the event
//! loop and may do almost nothing safely. `signalfd(2)` turns signals into a
//! file descriptor that becomes readable when one is pending, so
//! SIGINT/SIGTERM arrive through `epoll_wait` like any other event and are
//! handled in ordinary code. The signals must be *blocked* first
//! (`pthread_sigmask`), or their default action would still kill the process
//! before anybody reads the descriptor.

use std::io;
use std::mem::MaybeUninit;
use std::net::TcpStream;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

/// Sets `SIGPIPE` to be ignored (`signal(SIGPIPE, SIG_IGN)`).
///
/// # Errors
///
/// When `signal(2)` fails (it cannot for a valid signal number).
pub fn ignore_sigpipe() -> io::Result<()> {
    // SAFETY: installing SIG_IGN runs no code of ours in signal context and
    // touches no memory; SIGPIPE is a valid signal number.
    let previous = unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    if previous == libc::SIG_ERR {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// A non-blocking `signalfd` for a set of signals, which it blocks.
#[derive(Debug)]
pub struct SignalFd {
    fd: OwnedFd,
}

impl SignalFd {
    /// Blocks `signals` for this thread and opens a signalfd for them.
    ///
    /// Call it before any other thread starts: threads inherit the mask of
    /// the thread that creates them, and a thread without the block would
    /// take the default action.
    ///
    /// # Errors
    ///
    /// What `sigaddset`, `pthread_sigmask` or `signalfd` report.
    pub fn new(signals: &[libc::c_int]) -> io::Result<SignalFd> {
        let mut set = MaybeUninit::<libc::sigset_t>::uninit();
        // SAFETY: sigemptyset initialises the set it is given; we only read
        // it afterwards.
        unsafe { libc::sigemptyset(set.as_mut_ptr()) };
        // SAFETY: initialised by sigemptyset just above.
        let mut set = unsafe { set.assume_init() };
        for &signal in signals {
            // SAFETY: `set` is an initialised sigset_t owned by us.
            if unsafe { libc::sigaddset(&mut set, signal) } < 0 {
                return Err(io::Error::last_os_error());
            }
        }
        // SAFETY: `set` is valid for reading; a null old-set pointer is
        // allowed.
        let rc = unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) };
        if rc != 0 {
            return Err(io::Error::from_raw_os_error(rc));
        }
        // SAFETY: -1 asks for a new descriptor; `set` is valid for reading.
        let raw = unsafe { libc::signalfd(-1, &set, libc::SFD_NONBLOCK | libc::SFD_CLOEXEC) };
        if raw < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `raw` is a new descriptor that nothing else owns.
        Ok(SignalFd {
            fd: unsafe { OwnedFd::from_raw_fd(raw) },
        })
    }

    /// Reads one pending signal: `Ok(Some(number))`, or `Ok(None)` when none
    /// is pending.
    ///
    /// # Errors
    ///
    /// What `read(2)` reports other than `EAGAIN`.
    pub fn read(&self) -> io::Result<Option<u32>> {
        let mut info = MaybeUninit::<libc::signalfd_siginfo>::uninit();
        let size = std::mem::size_of::<libc::signalfd_siginfo>();
        // SAFETY: `info` is writable memory of exactly `size` bytes.
        let n = unsafe { libc::read(self.fd.as_raw_fd(), info.as_mut_ptr().cast(), size) };
        if n < 0 {
            let err = io::Error::last_os_error();
            return match err.kind() {
                io::ErrorKind::WouldBlock => Ok(None),
                _ => Err(err),
            };
        }
        if n as usize != size {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("signalfd returned {n} bytes, expected {size}"),
            ));
        }
        // SAFETY: the kernel filled all `size` bytes (checked above).
        Ok(Some(unsafe { info.assume_init() }.ssi_signo))
    }
}

impl AsFd for SignalFd {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

/// How many bytes written to `stream` the peer has not acknowledged yet:
/// the kernel's send queue, `ioctl(fd, SIOCOUTQ)` (tcp(7)).
///
/// Why a server wants it: a successful `write` only moves bytes from our
/// queue into the kernel's. With a large send buffer, the last few
/// megabytes of a download sit in the kernel while a slow client takes them
/// at its own pace, and no `write` of ours succeeds for a long time – yet
/// the client is making progress. The queue shrinking is that progress.
///
/// ```no_run
/// # use std::net::TcpStream;
/// # fn demo(stream: &TcpStream) -> std::io::Result<()> {
/// let before = quest::sys::unsent_bytes(stream)?;
/// // ... later ...
/// let progressed = quest::sys::unsent_bytes(stream)? < before;
/// # let _ = progressed; Ok(()) }
/// ```
///
/// # Errors
///
/// What `ioctl(2)` reports (`EBADF`, `ENOTTY` for a socket that is not TCP).
pub fn unsent_bytes(stream: &TcpStream) -> io::Result<usize> {
    use std::os::fd::AsRawFd;
    // Linux defines `SIOCOUTQ` as `TIOCOUTQ` (linux/sockios.h); the libc
    // crate exports only the second name for Linux.
    const SIOCOUTQ: libc::Ioctl = libc::TIOCOUTQ;
    let mut unsent: libc::c_int = 0;
    // SAFETY: SIOCOUTQ writes one int through the pointer, which points at
    // `unsent`, a live c_int owned by this frame; the descriptor is the
    // stream's, open for the duration of the call.
    let rc = unsafe { libc::ioctl(stream.as_raw_fd(), SIOCOUTQ, &mut unsent) };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(usize::try_from(unsent).unwrap_or(0))
}
