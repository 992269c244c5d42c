//! Non-blocking `connect(2)` with a timeout, one address after the other.
//!
//! A blocking `connect` waits as long as the kernel's SYN retries take –
//! over two minutes on Linux – and nothing can shorten it. A non-blocking
//! socket hands the wait back to the program:
//!
//! ```text
//!  socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC, 0)  = 3
//!  connect(3, {127.0.0.1:8080}, 16)       = -1 EINPROGRESS   handshake started
//!  poll([{fd=3, events=POLLOUT}], 1, 500) = 1 ([{fd=3, revents=POLLOUT}])
//!  getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0         0: connected
//!                                                            ECONNREFUSED, …: failed
//! ```
//!
//! `poll` reporting the socket writable only says the attempt is *over*; it
//! is `SO_ERROR` that says how it ended (`connect(2)`, EINPROGRESS). A poll
//! that times out means no answer in time: close the socket, which abandons
//! the handshake, and try the next address.
//!
//! [`Socket`] wraps the four system calls; [`connect_one`] puts them
//! together; [`connect_first`] walks a list of addresses.

use std::fmt;
use std::io;
use std::net::{SocketAddr, TcpStream};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::time::{Duration, Instant};

use crate::sockaddr::socket_addr_to_storage;

/// A TCP socket in non-blocking mode, closed when dropped.
#[derive(Debug)]
pub struct Socket {
    fd: OwnedFd,
}

/// What `connect` said right away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectProgress {
    /// Connected already (possible on loopback).
    Connected,
    /// `EINPROGRESS`: the handshake is under way; wait for writability.
    InProgress,
}

impl Socket {
    /// `socket(2)`: a new TCP socket of `addr`'s family (`AF_INET` or
    /// `AF_INET6`), created non-blocking and close-on-exec in one call.
    ///
    /// # Errors
    ///
    /// The `socket` call's error, for example `EAFNOSUPPORT` on a machine
    /// without IPv6.
    pub fn new_for(addr: &SocketAddr) -> io::Result<Socket> {
        let family = match addr {
            SocketAddr::V4(_) => libc::AF_INET,
            SocketAddr::V6(_) => libc::AF_INET6,
        };
        let kind = libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;
        // SAFETY: socket(2) takes no pointers; it returns a new descriptor
        // or -1.
        let fd = unsafe { libc::socket(family, kind, 0) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` is a fresh descriptor that nothing else owns.
        Ok(Socket {
            fd: unsafe { OwnedFd::from_raw_fd(fd) },
        })
    }

    /// `connect(2)`: starts connecting to `addr` without waiting.
    ///
    /// `EINTR` counts as in progress: POSIX says an interrupted connect
    /// carries on asynchronously, exactly like `EINPROGRESS`.
    ///
    /// # Errors
    ///
    /// An immediate failure, for example `ECONNREFUSED` (possible on
    /// loopback), `ENETUNREACH` or `EADDRNOTAVAIL`.
    pub fn start_connect(&self, addr: &SocketAddr) -> io::Result<ConnectProgress> {
        let (storage, len) = socket_addr_to_storage(*addr);
        // SAFETY: `storage` holds a valid socket address of `len` bytes and
        // lives until the call returns; the kernel copies it.
        let rc = unsafe {
            libc::connect(
                self.fd.as_raw_fd(),
                (&storage as *const libc::sockaddr_storage).cast::<libc::sockaddr>(),
                len,
            )
        };
        if rc == 0 {
            return Ok(ConnectProgress::Connected);
        }
        let err = io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EINPROGRESS) | Some(libc::EINTR) => Ok(ConnectProgress::InProgress),
            _ => Err(err),
        }
    }

    /// `poll(2)` for `POLLOUT`: waits until the connection attempt is over
    /// (success or failure) or `timeout` has passed.
    ///
    /// # Returns
    ///
    /// `true` when the attempt is over (`POLLOUT`, `POLLERR` or `POLLHUP`
    /// reported), `false` when `timeout` passed first. A signal (`EINTR`)
    /// restarts the wait with the time that is left.
    ///
    /// # Errors
    ///
    /// Any other `poll` error.
    pub fn wait_writable(&self, timeout: Duration) -> io::Result<bool> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            // Round up, so that 0.4 ms does not become a 0 ms poll.
            let millis = left.as_micros().div_ceil(1000).min(i32::MAX as u128) as libc::c_int;
            let mut pfd = libc::pollfd {
                fd: self.fd.as_raw_fd(),
                events: libc::POLLOUT,
                revents: 0,
            };
            // SAFETY: `pfd` is one valid `pollfd` and we pass a count of 1.
            let rc = unsafe { libc::poll(&mut pfd, 1, millis) };
            if rc > 0 {
                return Ok(true);
            }
            if rc == 0 {
                return Ok(false);
            }
            let err = io::Error::last_os_error();
            if err.kind() != io::ErrorKind::Interrupted {
                return Err(err);
            }
        }
    }

    /// `getsockopt(SOL_SOCKET, SO_ERROR)`: the socket's pending error, and
    /// clears it. After a finished non-blocking connect: `0` if it
    /// succeeded, else the `errno` value it failed with (`ECONNREFUSED`, …).
    ///
    /// # Errors
    ///
    /// The `getsockopt` call's own failure.
    pub fn so_error(&self) -> io::Result<i32> {
        let mut value: libc::c_int = 0;
        let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
        // SAFETY: `value` and `len` are valid, writable, and `len` holds the
        // size of `value`, as getsockopt(2) requires.
        let rc = unsafe {
            libc::getsockopt(
                self.fd.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_ERROR,
                (&mut value as *mut libc::c_int).cast::<libc::c_void>(),
                &mut len,
            )
        };
        if rc < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(value)
    }

    /// The socket as a standard [`TcpStream`]. It stays **non-blocking**:
    /// the quest hands it to epoll. Call `set_nonblocking(false)` for
    /// blocking reads and writes.
    pub fn into_tcp_stream(self) -> TcpStream {
        TcpStream::from(self.fd)
    }
}

/// Connects to one address, waiting at most `timeout` for the handshake.
///
/// The steps: [`Socket::new_for`], [`Socket::start_connect`]; if the
/// connect is in progress, [`Socket::wait_writable`]; then
/// [`Socket::so_error`] decides. The socket is closed (dropped) on every
/// failure.
///
/// # Returns
///
/// The connected stream, still non-blocking.
///
/// # Errors
///
/// - any error of the socket calls;
/// - `io::ErrorKind::TimedOut` with a message naming the timeout when the
///   handshake did not finish in time;
/// - the `SO_ERROR` value as an OS error (`io::Error::from_raw_os_error`),
///   for example `ECONNREFUSED`, when it is not 0.
///
/// ```text
/// 127.0.0.1:Q (listening)    → Ok(stream), stream.peer_addr() == 127.0.0.1:Q
/// 127.0.0.2:P (closed)       → Err(kind ConnectionRefused)      at once
/// an address that never answers, timeout 500 ms → Err(kind TimedOut) after 500 ms
/// ```
pub fn connect_one(addr: SocketAddr, timeout: Duration) -> io::Result<TcpStream> {
    let socket = Socket::new_for(&addr)?;
    if socket.start_connect(&addr)? == ConnectProgress::InProgress {
        if !socket.wait_writable(timeout)? {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("connection timed out after {} ms", timeout.as_millis()),
            ));
        }
        // Writable means "the attempt is over", not "connected".
        match socket.so_error()? {
            0 => {}
            errno => return Err(io::Error::from_raw_os_error(errno)),
        }
    }
    Ok(socket.into_tcp_stream())
}

/// One address that could not be connected to, and why.
#[derive(Debug)]
pub struct FailedAttempt {
    /// The address tried.
    pub addr: SocketAddr,
    /// What went wrong (refused, timed out, unreachable, …).
    pub error: io::Error,
}

/// Every address failed: the attempts in the order they were made (empty
/// if there was no address to try).
#[derive(Debug, Default)]
pub struct ConnectError {
    /// One entry per address tried.
    pub attempts: Vec<FailedAttempt>,
}

impl fmt::Display for ConnectError {
    /// One line, so a command-line client can print it as is:
    /// `could not connect to any of 2 addresses: 127.0.0.2:80: Connection
    /// refused (os error 111); 127.0.0.1:80: …`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.attempts.is_empty() {
            return f.write_str("no address to connect to");
        }
        let n = self.attempts.len();
        write!(f, "could not connect to any of {n} address")?;
        if n != 1 {
            f.write_str("es")?;
        }
        f.write_str(":")?;
        for (i, attempt) in self.attempts.iter().enumerate() {
            let sep = if i == 0 { " " } else { "; " };
            write!(f, "{sep}{}: {}", attempt.addr, attempt.error)?;
        }
        Ok(())
    }
}

impl std::error::Error for ConnectError {}

/// Tries each address in the given order with [`connect_one`], each with
/// its own `per_attempt_timeout`, and stops at the first that connects.
/// Order the list first with [`crate::order_addresses`].
///
/// Sequential fallback is RFC 8305 without the racing: simpler, and with a
/// short per-attempt timeout a dead address costs at most that timeout.
///
/// # Returns
///
/// The stream and the address it is connected to.
///
/// # Errors
///
/// A [`ConnectError`] listing every address tried and its error, in order;
/// with an empty `attempts` list when `addrs` is empty.
///
/// ```text
/// [127.0.0.2:P (closed), 127.0.0.1:Q (listening)]
///     → Ok((stream, 127.0.0.1:Q)), after 127.0.0.2:P was refused
/// [127.0.0.2:P (closed)] → Err(attempts: [127.0.0.2:P: Connection refused])
/// ```
pub fn connect_first(
    addrs: &[SocketAddr],
    per_attempt_timeout: Duration,
) -> Result<(TcpStream, SocketAddr), ConnectError> {
    let mut error = ConnectError::default();
    for &addr in addrs {
        match connect_one(addr, per_attempt_timeout) {
            Ok(stream) => return Ok((stream, addr)),
            Err(err) => error.attempts.push(FailedAttempt { addr, error: err }),
        }
    }
    Err(error)
}
