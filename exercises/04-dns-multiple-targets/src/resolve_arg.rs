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
use std::net::IpAddr;

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
/// ```text
/// "example.com:8080:127.0.0.1"        → host "example.com", port 8080, addrs [127.0.0.1]
/// "example.com:8080:127.0.0.1,[::1]"  → addrs [127.0.0.1, ::1]
/// "example.com:443:::1"               → addrs [::1]   (the list starts after the 2nd colon)
/// "example.com:8080"                  → Err(MissingParts("example.com:8080"))
/// ":8080:127.0.0.1"                   → Err(EmptyHost)
/// "example.com:0:127.0.0.1"           → Err(InvalidPort("0"))
/// "example.com:80:127.0.0.1,,::1"     → Err(InvalidAddress(""))
/// "example.com:80:[127.0.0.1]"        → Err(InvalidAddress("[127.0.0.1]"))
/// ```
///
/// Useful: `str::split_once`, `str::split`, `str::strip_prefix` /
/// `strip_suffix`, and `"…".parse::<IpAddr>()` / `parse::<Ipv6Addr>()`.
/// Note that `"+80".parse::<u16>()` succeeds: check for digits first.
pub fn parse_resolve_arg(arg: &str) -> Result<ResolveOverride, ResolveArgError> {
    todo!("lesson 04: parse_resolve_arg({arg:?})")
}
