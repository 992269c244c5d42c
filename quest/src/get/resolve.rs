//! From a host name to the addresses to try, in order: `--resolve` first
//! (as in curl), then getaddrinfo – all lesson 4.
//!
//! ```text
//!   --resolve example.test:8080:127.0.0.2,127.0.0.1
//!   get http://example.test:8080/x  →  [127.0.0.2:8080, 127.0.0.1:8080]   (Host: example.test:8080)
//!   get http://localhost:8080/x     →  getaddrinfo: [[::1]:8080, 127.0.0.1:8080] or similar
//! ```
//!
//! getaddrinfo blocks. On loopback, and for a handful of hosts, resolving
//! each origin when it starts is fast enough; a client for the open
//! internet would resolve on a helper thread.

use std::net::SocketAddr;

use lesson04::{StaticResolver, SystemResolver};

use super::error::FetchError;

/// The resolver for this run: every `--resolve` argument parsed with
/// `lesson04::parse_resolve_arg` and added to a `StaticResolver` in front
/// of the `SystemResolver`.
///
/// # Errors
///
/// A [`FetchError`] of kind `BadUrl` naming the `--resolve` argument that
/// does not parse (cli.rs has only checked its three parts).
///
/// ```text
/// ["h:80:127.0.0.1,::1"]   → Ok(resolver that answers h:80 with [127.0.0.1:80, [::1]:80])
/// ["h:80:not-an-ip"]       → Err(FetchError { kind: BadUrl, detail: "--resolve …" })
/// ```
pub fn resolver(resolve_args: &[String]) -> Result<StaticResolver<SystemResolver>, FetchError> {
    todo!("quest: resolver({resolve_args:?})")
}

/// The addresses to try for `host:port`, in the order to try them: the
/// resolver's answer, put in order by `lesson04::order_addresses` (an
/// override's order is kept as given).
///
/// # Errors
///
/// A [`FetchError`] of kind `Resolve` with the resolver's message.
///
/// ```text
/// ("127.0.0.1", 8080)           → Ok([127.0.0.1:8080])
/// ("no-such-host.invalid", 80)  → Err(FetchError { kind: Resolve, detail: "…Name or service not known" })
/// ```
pub fn addresses(
    resolver: &StaticResolver<SystemResolver>,
    host: &str,
    port: u16,
) -> Result<Vec<SocketAddr>, FetchError> {
    todo!("quest: addresses({resolver:?}, {host:?}, {port})")
}
