//! Every `unsafe` of the harness: the one socket option the standard
//! library does not offer, and the confinement of a graded program
//! (mount namespace, resource limits, another user) between `fork` and
//! `exec`.
//!
//! The rest of the harness is safe Rust on `std`; what it needs of the
//! operating system beyond that (process groups, signals, `waitid(2)`)
//! lives in the `course` crate's own `sys` module. Keeping the unsafe code
//! in one small module makes it easy to review: each block says, in its
//! `// SAFETY:` comment, why the pointers it hands the kernel are valid.

use std::ffi::CString;
use std::io;
use std::net::SocketAddrV4;
use std::net::TcpStream;
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::process::CommandExt;
use std::process::Command;

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

/// Connects to `addr` (IPv4, blocking) with the kernel's receive buffer
/// capped at about `bytes` *before* the handshake (`SO_RCVBUF`, socket(7):
/// the buffer must be set before `connect` for the window the peer sees to
/// follow it; Linux doubles the value and stops auto-tuning the buffer).
/// A client that then reads nothing stops taking bytes within a few
/// kilobytes, as a stalled client on a real network does, instead of
/// letting its kernel absorb megabytes.
///
/// # Errors
///
/// `socket(2)`, `setsockopt(2)` or `connect(2)` fails.
pub fn connect_with_receive_buffer(addr: SocketAddrV4, bytes: u32) -> io::Result<TcpStream> {
    // SAFETY: socket(2) takes plain integers; a new descriptor or -1.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` is a new descriptor that nothing else owns; the stream
    // closes it on every path from here.
    let stream = unsafe { TcpStream::from_raw_fd(fd) };
    let value =
        libc::c_int::try_from(bytes).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    let len = libc::socklen_t::try_from(std::mem::size_of::<libc::c_int>())
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    // SAFETY: the descriptor is the stream's, alive for the call; the
    // pointer and length describe `value`, a live c_int that setsockopt(2)
    // only reads.
    let result = unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVBUF,
            (&raw const value).cast::<libc::c_void>(),
            len,
        )
    };
    if result != 0 {
        return Err(io::Error::last_os_error());
    }
    let address = libc::sockaddr_in {
        sin_family: libc::sa_family_t::try_from(libc::AF_INET)
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?,
        sin_port: addr.port().to_be(),
        sin_addr: libc::in_addr {
            s_addr: u32::from(*addr.ip()).to_be(),
        },
        sin_zero: [0; 8],
    };
    let len = libc::socklen_t::try_from(std::mem::size_of::<libc::sockaddr_in>())
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    // SAFETY: the descriptor is the stream's; the pointer and length
    // describe `address`, a live, initialised sockaddr_in that connect(2)
    // only reads.
    let result = unsafe {
        libc::connect(
            stream.as_raw_fd(),
            (&raw const address).cast::<libc::sockaddr>(),
            len,
        )
    };
    if result != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(stream)
}

/// The effective user id of this process (`geteuid(2)`): 0 when the
/// grader runs as root and may hand the graded program to another user.
pub fn effective_uid() -> u32 {
    // SAFETY: geteuid(2) takes no arguments, touches no memory of ours and
    // cannot fail.
    unsafe { libc::geteuid() }
}

/// A resource the kernel can limit per process (`setrlimit(2)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// Seconds of CPU time (`RLIMIT_CPU`): SIGXCPU, then SIGKILL.
    CpuSeconds,
    /// Bytes of virtual memory (`RLIMIT_AS`): allocations fail beyond it.
    AddressSpace,
    /// Processes of the real user (`RLIMIT_NPROC`): `fork` fails beyond it.
    Processes,
    /// Bytes of one file written (`RLIMIT_FSIZE`): SIGXFSZ beyond it.
    FileSize,
    /// Open file descriptors (`RLIMIT_NOFILE`): `open`/`accept` fail with
    /// `EMFILE` beyond it.
    OpenFiles,
    /// Bytes of a core dump (`RLIMIT_CORE`): 0 writes none.
    CoreSize,
}

/// What a confined program is denied, set in the child between `fork` and
/// `exec` (see [`confine`]). Everything is prepared before the fork: the
/// child of a multi-threaded process may not allocate.
#[derive(Debug, Clone, Default)]
pub struct Confinement {
    /// Limits set as both the soft and the hard value, so the program
    /// cannot raise them again.
    pub limits: Vec<(Resource, u64)>,
    /// Folders that get a fresh, empty, private `tmpfs` in a mount
    /// namespace of the program's own (`unshare(2)` with `CLONE_NEWNS`,
    /// `mount(2)`): what it writes there vanishes with it. Needs root.
    pub private_dirs: Vec<CString>,
    /// The user and group to become (`setgroups(2)`, `setgid(2)`,
    /// `setuid(2)`, in that order, last of all). Needs root.
    pub user: Option<(u32, u32)>,
}

/// Applies `confinement` to every program `command` starts: in the child,
/// after `fork(2)` and before `exec(2)`, it unshares the mount namespace
/// and mounts the private folders, sets the limits, forbids gaining
/// privileges (`PR_SET_NO_NEW_PRIVS`, `prctl(2)`: a set-user-ID program
/// such as `su` cannot make it root again), and finally drops to the user.
/// The order matters: the mounts and raising a hard limit need root, so
/// the user changes last.
///
/// A step that fails makes the spawn fail with that step's `errno`, so a
/// program never runs less confined than asked.
pub fn confine(command: &mut Command, confinement: Confinement) {
    // The mount data, prepared here: the child may not allocate.
    let tmpfs = c"tmpfs";
    let options = c"mode=1777,size=64m";
    let check = |result: libc::c_int| {
        if result == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    };
    let child_steps = move || -> io::Result<()> {
        if !confinement.private_dirs.is_empty() {
            // SAFETY: unshare(2) takes a flag word and touches no memory.
            check(unsafe { libc::unshare(libc::CLONE_NEWNS) })?;
            // Stop our mounts from propagating back to the grader's
            // namespace (the root is often a shared mount).
            // SAFETY: every pointer is a NUL-terminated string that lives
            // as long as this closure, or null where mount(2) allows it.
            check(unsafe {
                libc::mount(
                    std::ptr::null(),
                    c"/".as_ptr(),
                    std::ptr::null(),
                    libc::MS_REC | libc::MS_PRIVATE,
                    std::ptr::null(),
                )
            })?;
            for dir in &confinement.private_dirs {
                // SAFETY: as above; `dir` is a CString owned by the
                // closure, `tmpfs` and `options` are static strings.
                check(unsafe {
                    libc::mount(
                        tmpfs.as_ptr(),
                        dir.as_ptr(),
                        tmpfs.as_ptr(),
                        libc::MS_NOSUID | libc::MS_NODEV,
                        options.as_ptr().cast(),
                    )
                })?;
            }
        }
        for &(resource, value) in &confinement.limits {
            let limit = libc::rlimit {
                rlim_cur: value,
                rlim_max: value,
            };
            let which = match resource {
                Resource::CpuSeconds => libc::RLIMIT_CPU,
                Resource::AddressSpace => libc::RLIMIT_AS,
                Resource::Processes => libc::RLIMIT_NPROC,
                Resource::FileSize => libc::RLIMIT_FSIZE,
                Resource::OpenFiles => libc::RLIMIT_NOFILE,
                Resource::CoreSize => libc::RLIMIT_CORE,
            };
            // SAFETY: `limit` is a live, initialised `struct rlimit` that
            // setrlimit(2) only reads.
            check(unsafe { libc::setrlimit(which, &raw const limit) })?;
        }
        // SAFETY: prctl(2) with PR_SET_NO_NEW_PRIVS takes integers only.
        check(unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) })?;
        if let Some((uid, gid)) = confinement.user {
            // SAFETY: a zero-length group list; the null pointer is never
            // read. setgid(2) and setuid(2) take integers only.
            check(unsafe { libc::setgroups(0, std::ptr::null()) })?;
            check(unsafe { libc::setgid(gid) })?;
            check(unsafe { libc::setuid(uid) })?;
        }
        Ok(())
    };
    // SAFETY: the closure only makes async-signal-safe system calls
    // (unshare, mount, setrlimit, prctl, setgroups, setgid, setuid) on data
    // prepared before the fork; it allocates nothing and takes no lock, as
    // `pre_exec` requires of code that runs in the child of a
    // multi-threaded process.
    unsafe {
        command.pre_exec(child_steps);
    }
}
