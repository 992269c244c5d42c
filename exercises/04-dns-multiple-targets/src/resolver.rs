//! Turning a host name into addresses, behind a trait that tests and
//! `--resolve` can replace.
//!
//! A client that calls `getaddrinfo` directly can only ever be tested
//! against whatever the machine's DNS says. A client that asks a
//! [`Resolve`] can be given any answer: [`StaticResolver`] answers from a
//! table of overrides (curl's `--resolve`) and asks the resolver behind it
//! – normally [`SystemResolver`] – for everything else.
//!
//! ```text
//!  resolve("example.com", 8080)
//!        │
//!        ▼
//!  StaticResolver: an override for example.com:8080? ──yes──► its addresses
//!        │ no
//!        ▼
//!  SystemResolver: getaddrinfo ──► /etc/hosts, DNS … ──► addresses or error
//! ```

use std::fmt;
use std::net::SocketAddr;

use crate::resolve_arg::ResolveOverride;

/// Something that turns a host and a port into socket addresses.
pub trait Resolve {
    /// The addresses of `host` with `port` filled in, best first.
    ///
    /// # Errors
    ///
    /// A [`ResolveError`] that names the host and says why.
    fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, ResolveError>;
}

/// A borrowed resolver resolves too, so one resolver can sit behind
/// several others (and a test can keep looking at its own).
impl<R: Resolve + ?Sized> Resolve for &R {
    fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, ResolveError> {
        (**self).resolve(host, port)
    }
}

/// A boxed resolver resolves too: `Box<dyn Resolve>` picks one at run time.
impl<R: Resolve + ?Sized> Resolve for Box<R> {
    fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, ResolveError> {
        (**self).resolve(host, port)
    }
}

/// Why a host could not be turned into addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// `getaddrinfo` failed: the host, its error code (`EAI_NONAME`, …) and
    /// the `gai_strerror` text for it.
    Lookup {
        /// The name that was looked up.
        host: String,
        /// The `EAI_*` code getaddrinfo returned.
        code: i32,
        /// `gai_strerror(code)`.
        message: String,
    },
    /// The lookup succeeded but gave no usable (IPv4 or IPv6) address.
    NoAddresses(String),
    /// The host cannot be passed to the C library (it contains a NUL byte).
    InvalidHost(String),
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::Lookup { host, message, .. } => {
                write!(f, "could not resolve host {host:?}: {message}")
            }
            ResolveError::NoAddresses(host) => {
                write!(f, "host {host:?} has no IPv4 or IPv6 address")
            }
            ResolveError::InvalidHost(host) => {
                write!(f, "host {host:?} contains a NUL byte")
            }
        }
    }
}

impl std::error::Error for ResolveError {}

/// The machine's own resolver: `getaddrinfo(3)`, which reads
/// `/etc/nsswitch.conf` and then usually `/etc/hosts` and DNS.
///
/// Each call blocks until the lookup is answered; see the lesson text for
/// why an event loop runs it on a thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemResolver;

impl Resolve for SystemResolver {
    /// Looks `host` up with [`AddrInfoList::lookup`](crate::AddrInfoList::lookup)
    /// and converts each of its [`entries`](crate::AddrInfoList::entries) with
    /// [`socket_addr_from_storage`](crate::socket_addr_from_storage).
    ///
    /// # Returns
    ///
    /// The addresses in the order getaddrinfo gave them, entries that are
    /// not IPv4/IPv6 skipped, and every address only once (its first
    /// place kept).
    ///
    /// ```text
    /// resolve("127.0.0.1", 80)             → Ok([127.0.0.1:80])
    /// resolve("::1", 443)                  → Ok([[::1]:443])
    /// resolve("localhost", 8080)           → Ok([127.0.0.1:8080]) or Ok([[::1]:8080, 127.0.0.1:8080])
    /// resolve("no-such-host.invalid", 80)  → Err(Lookup { host: "no-such-host.invalid",
    ///                                            code: EAI_NONAME, message: "Name or service not known" })
    /// ```
    ///
    /// # Errors
    ///
    /// The lookup's [`ResolveError`]; [`ResolveError::NoAddresses`] when no
    /// entry converts.
    fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, ResolveError> {
        todo!("lesson 04: SystemResolver::resolve({host:?}, {port})")
    }
}

/// `--resolve` overrides in front of another resolver.
///
/// An override applies to one host (compared ASCII case-insensitively: DNS
/// names are, RFC 4343) on one port. Any other host, or the same host on
/// another port, goes to the fallback resolver.
#[derive(Debug, Clone)]
pub struct StaticResolver<R> {
    overrides: Vec<ResolveOverride>,
    fallback: R,
}

impl<R: Resolve> StaticResolver<R> {
    /// No overrides yet: every question goes to `fallback`.
    pub fn new(fallback: R) -> Self {
        StaticResolver {
            overrides: Vec::new(),
            fallback,
        }
    }

    /// Adds an override. A later override for the same host and port
    /// replaces the earlier one, as a later `--resolve` does in curl.
    pub fn add(&mut self, entry: ResolveOverride) {
        self.overrides
            .retain(|old| !(old.port == entry.port && old.host.eq_ignore_ascii_case(&entry.host)));
        self.overrides.push(entry);
    }

    /// [`StaticResolver::add`], for building in one expression.
    pub fn with(mut self, entry: ResolveOverride) -> Self {
        self.add(entry);
        self
    }

    /// The resolver asked when no override matches.
    pub fn fallback(&self) -> &R {
        &self.fallback
    }

    /// The overrides, in the order they were added.
    pub fn overrides(&self) -> &[ResolveOverride] {
        &self.overrides
    }
}

impl<R: Resolve> Resolve for StaticResolver<R> {
    /// The override for `host` and `port` if there is one, else the
    /// fallback's answer (or error), unchanged.
    ///
    /// # Returns
    ///
    /// Each address of the matching override with `port`, in the
    /// override's order. With the override `example.com:8080:127.0.0.1,::1`:
    ///
    /// ```text
    /// resolve("EXAMPLE.com", 8080)  → Ok([127.0.0.1:8080, [::1]:8080])   fallback not asked
    /// resolve("example.com", 80)    → fallback.resolve("example.com", 80)
    /// resolve("other.test", 8080)   → fallback.resolve("other.test", 8080)
    /// ```
    ///
    /// # Errors
    ///
    /// Only the fallback's: an override never fails.
    fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, ResolveError> {
        todo!("lesson 04: StaticResolver::resolve({host:?}, {port})")
    }
}
