//! curl's `--resolve HOST:PORT:ADDR[,ADDR...]`: "when you would look up
//! HOST for PORT, use these addresses instead".
//!
//! ```text
//!  example.com:8080:127.0.0.1,[::1]
//!  └────┬────┘ └┬─┘ └──────┬──────┘
//!      HOST    PORT   ADDR list, comma-separated, in order
//! ```
//!
//! The fields are split at the first two colons only: HOST is a name and
//! contains no colon, PORT is a number, so every colon after the second one
//! belongs to the address list – which is why a bare IPv6 address such as
//! `::1` can be written there without brackets. curl accepts IPv6 addresses
//! both bare and in brackets (`[::1]`, since curl 7.57.0) and several
//! addresses separated by commas (since 7.59.0); so does this parser.
//!
//! Left out, on purpose: curl's `+HOST` prefix (an entry that expires), the
//! `-HOST:PORT` form (remove an entry) and the `*` wildcard host. A host that
//! is an IPv6 literal needs no override: it already is an address.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};

/// One parsed `--resolve` entry: connections to `host` on `port` go to
/// `addrs`, in this order, instead of what DNS says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveOverride {
    /// The host name exactly as written (compare it case-insensitively).
    pub host: String,
    /// The port the override applies to; other ports of the host still use DNS.
    pub port: u16,
    /// The addresses, in the order given; never empty.
    pub addrs: Vec<IpAddr>,
}

/// Why a `--resolve` argument was refused. Each variant carries the text
/// that was wrong so the message can show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveArgError {
    /// Fewer than three `:`-separated fields (carries the whole argument).
    MissingParts(String),
    /// The HOST field is empty.
    EmptyHost,
    /// The PORT field is not a decimal number from 1 to 65535 (carries it).
    InvalidPort(String),
    /// An element of the address list is not an IPv4 or IPv6 address
    /// (carries the element as written; empty for `a,,b` or a trailing comma).
    InvalidAddress(String),
}

impl fmt::Display for ResolveArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveArgError::MissingParts(arg) => {
                write!(f, "--resolve {arg:?}: expected HOST:PORT:ADDR[,ADDR...]")
            }
            ResolveArgError::EmptyHost => f.write_str("--resolve: the host name is empty"),
            ResolveArgError::InvalidPort(port) => {
                write!(
                    f,
                    "--resolve: port {port:?} is not a number from 1 to 65535"
                )
            }
            ResolveArgError::InvalidAddress(addr) => {
                write!(f, "--resolve: {addr:?} is not an IPv4 or IPv6 address")
            }
        }
    }
}

impl std::error::Error for ResolveArgError {}

/// Parses one `--resolve` argument, `HOST:PORT:ADDR[,ADDR...]`.
///
/// Split at the first colon (HOST) and the next one (PORT); the rest is the
/// address list, split at commas. PORT is decimal digits only, 1–65535 (a
/// connection cannot go to port 0). Each address is an IPv4 address, a bare
/// IPv6 address, or an IPv6 address in brackets. Nothing is trimmed: a space
/// is an error, as in curl.
///
/// # Errors
///
/// [`ResolveArgError`]: a missing field, an empty host, a bad port, or the
/// first address that does not parse.
///
/// ```
/// use std::net::IpAddr;
/// use lesson04_solution::parse_resolve_arg;
///
/// let entry = parse_resolve_arg("example.com:8080:127.0.0.1,[::1]").unwrap();
/// assert_eq!(entry.host, "example.com");
/// assert_eq!(entry.port, 8080);
/// assert_eq!(entry.addrs, ["127.0.0.1".parse::<IpAddr>().unwrap(), "::1".parse().unwrap()]);
/// assert!(parse_resolve_arg("example.com:8080").is_err());
/// ```
pub fn parse_resolve_arg(arg: &str) -> Result<ResolveOverride, ResolveArgError> {
    let missing = || ResolveArgError::MissingParts(arg.to_string());
    let (host, rest) = arg.split_once(':').ok_or_else(missing)?;
    let (port, addr_list) = rest.split_once(':').ok_or_else(missing)?;

    if host.is_empty() {
        return Err(ResolveArgError::EmptyHost);
    }
    let port = parse_port(port).ok_or_else(|| ResolveArgError::InvalidPort(port.to_string()))?;
    let addrs = addr_list
        .split(',')
        .map(|text| parse_addr(text).ok_or_else(|| ResolveArgError::InvalidAddress(text.into())))
        .collect::<Result<Vec<_>, _>>()?;

    Ok(ResolveOverride {
        host: host.to_string(),
        port,
        addrs,
    })
}

/// `1`–`65535`, digits only: `u16::from_str` alone would also take `+80`.
fn parse_port(text: &str) -> Option<u16> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u16>().ok().filter(|&port| port != 0)
}

/// An IPv4 address, a bare IPv6 address, or `[IPv6]`.
fn parse_addr(text: &str) -> Option<IpAddr> {
    match text.strip_prefix('[') {
        Some(inner) => inner
            .strip_suffix(']')?
            .parse::<Ipv6Addr>()
            .ok()
            .map(IpAddr::V6),
        None => text.parse::<IpAddr>().ok(),
    }
}
