//! `getaddrinfo(3)`: the C library's name lookup, and the list it returns.
//!
//! ```c
//! int getaddrinfo(const char *node, const char *service,
//!                 const struct addrinfo *hints, struct addrinfo **res);
//! void freeaddrinfo(struct addrinfo *res);
//! const char *gai_strerror(int errcode);
//! ```
//!
//! The answer is a linked list that the C library allocated:
//!
//! ```text
//!  res ──► addrinfo ──ai_next──► addrinfo ──ai_next──► NULL
//!          ai_family  AF_INET6   ai_family  AF_INET
//!          ai_addr ─► sockaddr_in6          ai_addr ─► sockaddr_in
//! ```
//!
//! The list belongs to the C library's allocator: Rust must not free it, and
//! must not forget it either. It goes back with exactly one `freeaddrinfo`
//! call, after which every pointer into it dangles. [`AddrInfoList`] owns the
//! list, frees it in `Drop`, and hands out only *copies* of the addresses,
//! so no pointer into the list can outlive it.
//!
//! The hints used here, and why:
//!
//! - `ai_family = AF_UNSPEC`: IPv4 and IPv6 answers both.
//! - `ai_socktype = SOCK_STREAM`: only TCP entries, otherwise every address
//!   comes back three times (stream, datagram, raw).
//! - `ai_flags = AI_NUMERICSERV`: the service is a port number, never a name
//!   to look up in `/etc/services`.
//! - No `AI_ADDRCONFIG`. It drops IPv6 answers when the machine has no
//!   IPv6 address other than loopback (and IPv4 ones likewise), which on a
//!   machine with loopback only can hide `::1` for `localhost`. An address
//!   of a family the machine cannot use fails fast in `connect` (for example
//!   `ENETUNREACH`) and the client moves on to the next one, so asking for
//!   everything costs little.

use std::ffi::{CStr, CString};
use std::io;
use std::marker::PhantomData;
use std::mem;
use std::ptr;

use crate::resolver::ResolveError;

/// The list `getaddrinfo` returned; freed with `freeaddrinfo` when dropped.
#[derive(Debug)]
pub struct AddrInfoList {
    /// Head of the list; never null (an empty answer is an error instead).
    head: *mut libc::addrinfo,
}

/// One entry of the list, copied out of it.
#[derive(Clone, Copy)]
pub struct AddrInfoEntry {
    /// `AF_INET`, `AF_INET6`, …
    pub family: libc::c_int,
    /// The socket address, copied into storage that outlives the list.
    pub storage: libc::sockaddr_storage,
    /// How many bytes of `storage` are the address (`ai_addrlen`).
    pub len: libc::socklen_t,
}

impl std::fmt::Debug for AddrInfoEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AddrInfoEntry")
            .field("family", &self.family)
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

impl AddrInfoList {
    /// Looks `host` up for TCP port `port` with the hints described in the
    /// [module documentation](self). Numeric hosts (`127.0.0.1`, `::1`) are
    /// converted without any lookup; names go through `/etc/nsswitch.conf`
    /// (usually `/etc/hosts`, then DNS).
    ///
    /// This call **blocks** until the lookup is answered or gives up – for
    /// a DNS name that can be seconds.
    ///
    /// # Errors
    ///
    /// [`ResolveError::InvalidHost`] if `host` contains a NUL byte (C
    /// strings cannot), [`ResolveError::Lookup`] with the `gai_strerror`
    /// text if `getaddrinfo` fails, [`ResolveError::NoAddresses`] if it
    /// succeeds with an empty list.
    pub fn lookup(host: &str, port: u16) -> Result<AddrInfoList, ResolveError> {
        let c_host = CString::new(host).map_err(|_| ResolveError::InvalidHost(host.into()))?;
        let c_port =
            CString::new(port.to_string()).map_err(|_| ResolveError::InvalidHost(host.into()))?;

        // SAFETY: all-zero is a valid `addrinfo` (null pointers, zero
        // integers); getaddrinfo(3) requires unused hint fields to be zero.
        let mut hints: libc::addrinfo = unsafe { mem::zeroed() };
        hints.ai_family = libc::AF_UNSPEC;
        hints.ai_socktype = libc::SOCK_STREAM;
        hints.ai_flags = libc::AI_NUMERICSERV;

        let mut head: *mut libc::addrinfo = ptr::null_mut();
        // SAFETY: both strings are NUL-terminated and live until the call
        // returns, `hints` is a valid `addrinfo`, and `head` is a valid place
        // for the result pointer. On success we own the list it points to.
        let code =
            unsafe { libc::getaddrinfo(c_host.as_ptr(), c_port.as_ptr(), &hints, &mut head) };
        if code != 0 {
            let mut message = gai_error_message(code);
            if code == libc::EAI_SYSTEM {
                // The real reason is in errno (getaddrinfo(3), EAI_SYSTEM).
                message = format!("{message}: {}", io::Error::last_os_error());
            }
            return Err(ResolveError::Lookup {
                host: host.into(),
                code,
                message,
            });
        }
        if head.is_null() {
            return Err(ResolveError::NoAddresses(host.into()));
        }
        Ok(AddrInfoList { head })
    }

    /// The entries in the order `getaddrinfo` returned them (the order of
    /// RFC 6724's address selection, as configured in `/etc/gai.conf`).
    pub fn entries(&self) -> AddrInfoIter<'_> {
        AddrInfoIter {
            next: self.head,
            _list: PhantomData,
        }
    }
}

impl Drop for AddrInfoList {
    fn drop(&mut self) {
        // SAFETY: `head` came from a successful getaddrinfo call, is not
        // null, and is freed exactly once: here, when its only owner goes.
        unsafe { libc::freeaddrinfo(self.head) }
    }
}

/// Walks an [`AddrInfoList`] along `ai_next`; borrows the list, so the list
/// cannot be freed while an iterator still points into it.
#[derive(Debug)]
pub struct AddrInfoIter<'a> {
    next: *const libc::addrinfo,
    _list: PhantomData<&'a AddrInfoList>,
}

impl Iterator for AddrInfoIter<'_> {
    type Item = AddrInfoEntry;

    fn next(&mut self) -> Option<AddrInfoEntry> {
        while !self.next.is_null() {
            // SAFETY: `next` is the list head or an `ai_next` of a node of a
            // list that the borrowed `AddrInfoList` keeps alive.
            let node = unsafe { &*self.next };
            self.next = node.ai_next;
            if node.ai_addr.is_null() {
                continue;
            }
            // SAFETY: all-zero is a valid `sockaddr_storage`.
            let mut storage: libc::sockaddr_storage = unsafe { mem::zeroed() };
            let len = (node.ai_addrlen as usize).min(mem::size_of::<libc::sockaddr_storage>());
            // SAFETY: `ai_addr` points to `ai_addrlen` readable bytes owned
            // by the list; we copy at most the size of `storage`, and the two
            // regions cannot overlap (one is on our stack).
            unsafe {
                ptr::copy_nonoverlapping(
                    node.ai_addr.cast::<u8>(),
                    (&mut storage as *mut libc::sockaddr_storage).cast::<u8>(),
                    len,
                );
            }
            return Some(AddrInfoEntry {
                family: node.ai_family,
                storage,
                len: len as libc::socklen_t,
            });
        }
        None
    }
}

/// The text of a `getaddrinfo` error code, from `gai_strerror(3)`
/// (for example `EAI_NONAME` → `"Name or service not known"` with glibc).
pub fn gai_error_message(code: libc::c_int) -> String {
    // SAFETY: gai_strerror takes no pointers and returns a pointer to a
    // static string (for unknown codes too).
    let text = unsafe { libc::gai_strerror(code) };
    if text.is_null() {
        return format!("getaddrinfo error {code}");
    }
    // SAFETY: not null, so a NUL-terminated string that is never freed; we
    // copy it before returning.
    unsafe { CStr::from_ptr(text) }
        .to_string_lossy()
        .into_owned()
}
