//! Lesson 04 – DNS & multiple targets.
//!
//! A URL names a *host*; a TCP socket connects to an *address*. Between the
//! two sits name resolution, and it rarely gives exactly one answer: a name
//! has IPv4 (`A`) and IPv6 (`AAAA`) addresses, often several of each, and
//! some of them may not work from where the client stands. This crate takes a
//! client from a host name to one connected socket:
//!
//! ```text
//!  "example.com", 80
//!        │
//!        ▼  Resolve::resolve            ── StaticResolver: --resolve overrides first
//!  [2001:db8::1]:80, [2001:db8::2]:80,     SystemResolver: getaddrinfo(3)
//!  192.0.2.1:80
//!        │
//!        ▼  order_addresses             ── interleave families (RFC 8305 §4)
//!  [2001:db8::1]:80, 192.0.2.1:80, [2001:db8::2]:80
//!        │
//!        ▼  connect_first               ── one non-blocking connect at a time,
//!  (TcpStream, 192.0.2.1:80)               each with its own timeout
//! ```
//!
//! - [`resolve_arg`]: curl's `--resolve HOST:PORT:ADDR[,ADDR...]`, parsed.
//! - [`gai`]: the `getaddrinfo(3)` call itself and the list it returns, freed
//!   by a guard.
//! - [`sockaddr`]: C socket addresses to and from [`std::net::SocketAddr`].
//! - [`resolver`]: the [`Resolve`] trait, the system resolver and the
//!   override map that tests and `--resolve` put in front of it.
//! - [`order`]: the order in which to try the addresses.
//! - [`connect`]: non-blocking `connect(2)`, `poll(2)` and `SO_ERROR`, one
//!   address after the other.
//!
//! `unsafe` appears only where the code calls into the C library
//! ([`gai`], [`sockaddr`], [`connect`]); every block says why it is sound in
//! a `// SAFETY:` comment.

pub mod connect;
pub mod gai;
pub mod order;
pub mod resolve_arg;
pub mod resolver;
pub mod sockaddr;

pub use connect::{
    ConnectError, ConnectProgress, FailedAttempt, Socket, connect_first, connect_one,
};
pub use gai::{AddrInfoEntry, AddrInfoList, gai_error_message};
pub use order::order_addresses;
pub use resolve_arg::{ResolveArgError, ResolveOverride, parse_resolve_arg};
pub use resolver::{Resolve, ResolveError, StaticResolver, SystemResolver};
pub use sockaddr::{socket_addr_from_storage, socket_addr_to_storage};
