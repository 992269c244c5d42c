//! Every `unsafe` of the harness: the one socket option the standard
//! library does not offer.
//!
//! The rest of the harness is safe Rust on `std`; what it needs of the
//! operating system beyond that (process groups, signals, `waitid(2)`)
//! lives in the `course` crate's own `sys` module. Keeping the unsafe code
//! in one small module makes it easy to review: each block says, in its
//! `// SAFETY:` comment, why the pointers it hands the kernel are valid.

use std::io;
use std::net::TcpStream;
use std::os::fd::AsRawFd;

/// Makes the next close of `stream` an abort: `SO_LINGER` on with a zero
/// timeout (`socket(7)`) tells the kernel to discard unsent data and send a
/// reset (RST) instead of the orderly FIN, so the other side's next read
/// fails with `ECONNRESET`. The reset happens when the stream is dropped.
///
/// # Errors
///
/// `setsockopt(2)` fails (e.g. the descriptor is not a socket).
pub fn set_linger_zero(stream: &TcpStream) -> io::Result<()> {
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    let len = libc::socklen_t::try_from(std::mem::size_of::<libc::linger>())
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    // SAFETY: the descriptor belongs to `stream`, which is alive for the
    // call; the pointer and length describe `linger`, a live, initialised
    // `struct linger` that setsockopt(2) only reads.
    let result = unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&raw const linger).cast::<libc::c_void>(),
            len,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}
