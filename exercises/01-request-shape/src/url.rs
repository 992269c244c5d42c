//! Splitting an `http://` URL into the parts a client needs.
//!
//! A URL mixes two kinds of information. Some of it is for the *client*: which
//! machine to connect to (host and port) and which parts stay at home (the
//! `#fragment`). The rest is for the *server*: the path and query, which go
//! into the request line. So the first job of any HTTP client is to cut
//! the URL apart:
//!
//! ```text
//!   http://example.com:8080/search?q=epoll#results
//!   \__/   \_________/ \__/\______________/\______/
//!  scheme     host     port  path-and-query fragment
//!           \______________/                (never sent)
//!              authority
//! ```
//!
//! The `http` URI scheme is defined in RFC 9110 §4.2.1 (default port 80) and
//! its generic syntax in RFC 3986 §3. This module implements the part of it
//! that a plain-TCP client needs and rejects, with a clear error, everything
//! it does not support (TLS, user names and passwords, non-ASCII hosts).

use std::fmt;

/// The port an `http://` URL means when it names none (RFC 9110 §4.2.1).
pub const DEFAULT_PORT: u16 = 80;

/// An `http://` URL split into the parts a client needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// The host, lowercased: a name (`"example.com"`), an IPv4 address
    /// (`"127.0.0.1"`) or an IPv6 address *without* its brackets (`"::1"`).
    pub host: String,
    /// The TCP port to connect to: the one written in the URL, or 80.
    pub port: u16,
    /// What goes into the request line: the path and the query. It always
    /// starts with `/` (`"/"` when the URL has no path) and never contains
    /// the fragment.
    pub path_and_query: String,
}

impl Url {
    /// `true` when the port is 80, the default for `http`, so it can be left
    /// out of the `Host` header and of the absolute-form target.
    pub fn is_default_port(&self) -> bool {
        self.port == DEFAULT_PORT
    }
}

/// Why a string is not an `http://` URL this course's client can fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    /// The input does not start with `scheme://`, e.g. `example.com/index.html`.
    MissingScheme,
    /// The scheme is not `http`, e.g. `"https"` (lowercased). This course
    /// speaks plain TCP only: no TLS.
    UnsupportedScheme(String),
    /// Nothing between `http://` and the port or path, e.g. `http:///x`.
    EmptyHost,
    /// The host is not a name made of letters, digits, `-`, `.`, `_`, `~`,
    /// nor a bracketed IPv6 address, e.g. `"[::1"` or `"a,b"`.
    InvalidHost(String),
    /// The text after `:` is not a port from 1 to 65535, e.g. `"http"`,
    /// `"65536"` or `""` (the URL ended its authority right after the colon).
    InvalidPort(String),
    /// The URL has `user:password@` before the host. RFC 9110 §4.2.4 forbids
    /// sending it in a request, and this course does not support it.
    UserInfoNotSupported,
    /// A character that may not appear raw in a URL: a space, a control
    /// character or anything outside ASCII. It would have to be
    /// percent-encoded (`%20` for a space).
    InvalidCharacter(char),
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlError::MissingScheme => {
                write!(
                    f,
                    "expected a URL starting with \"http://\", found no scheme"
                )
            }
            UrlError::UnsupportedScheme(scheme) => write!(
                f,
                "expected the \"http\" scheme, got {scheme:?} (only plain TCP is supported, no TLS)"
            ),
            UrlError::EmptyHost => write!(f, "expected a host after \"http://\", found none"),
            UrlError::InvalidHost(host) => write!(
                f,
                "expected a host name (letters, digits, '-', '.', '_', '~') or an IPv6 address in brackets, got {host:?}"
            ),
            UrlError::InvalidPort(port) => {
                write!(
                    f,
                    "expected a port number from 1 to 65535 after ':', got {port:?}"
                )
            }
            UrlError::UserInfoNotSupported => write!(
                f,
                "expected no \"user:password@\" before the host: credentials in URLs are not supported"
            ),
            UrlError::InvalidCharacter(c) => write!(
                f,
                "expected only visible ASCII characters in the URL, got {c:?} (percent-encode it)"
            ),
        }
    }
}

impl std::error::Error for UrlError {}

/// The two ways a client can name the resource in the request line.
///
/// (HTTP/1.1 has two more, `authority-form` for `CONNECT` and
/// `asterisk-form` for `OPTIONS *`, which this course does not send.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetForm {
    /// `/path?query` – what a client sends to the origin server itself
    /// (RFC 9112 §3.2.1).
    Origin,
    /// `http://host:port/path?query` – what a client sends to a proxy, so
    /// the proxy knows where to forward the request (RFC 9112 §3.2.2).
    Absolute,
}

/// Splits an `http://` URL into host, port and path-and-query.
///
/// Return `Ok(Url { host, port, path_and_query })` where
///
/// * the scheme before `://` is `http` in any letter case;
/// * `host` is lowercased; an IPv6 address is written `[…]` in the URL and
///   stored without the brackets;
/// * `port` is the number after `:` (1 to 65535), or 80 when there is none;
/// * `path_and_query` is everything from the first `/` or `?` after the
///   host up to (not including) a `#`, with a `/` put in front when it does
///   not start with one – so an empty path becomes `"/"`.
///
/// Return the first error found, checking in this order:
///
/// 1. a character that is not visible ASCII (`'!'..='~'`): `InvalidCharacter(c)`;
/// 2. no `scheme://` at the start: `MissingScheme`;
/// 3. a scheme other than `http`: `UnsupportedScheme(scheme in lowercase)`;
/// 4. an `@` in the part between `://` and the first `/`, `?` or `#`:
///    `UserInfoNotSupported`;
/// 5. nothing where the host should be: `EmptyHost`;
/// 6. a host that is not letters, digits, `-`, `.`, `_`, `~`, nor a valid
///    IPv6 address in brackets: `InvalidHost(the host text)` (for a broken
///    bracket form like `[::1` or `[::1]8080`, the whole text between `://`
///    and the path);
/// 7. a port that is empty, not only digits, 0 or above 65535:
///    `InvalidPort(the port text)`.
///
/// ```text
/// "http://example.com"                 → Url { host: "example.com", port: 80,   path_and_query: "/" }
/// "HTTP://Example.COM:8080/a?b=1#top"  → Url { host: "example.com", port: 8080, path_and_query: "/a?b=1" }
/// "http://[::1]:9000?x"                → Url { host: "::1",         port: 9000, path_and_query: "/?x" }
/// "https://example.com/"               → Err(UnsupportedScheme("https"))
/// "http://example.com:99999/"          → Err(InvalidPort("99999"))
/// ```
pub fn parse_url(input: &str) -> Result<Url, UrlError> {
    todo!("lesson 01: parse_url({input:?})")
}

/// The value of the `Host` header for a request to `url`.
///
/// Return the host, in brackets when it is an IPv6 address (it contains a
/// `:`), followed by `:port` only when the port is not 80.
///
/// ```text
/// Url { host: "example.com", port: 80, .. }   → "example.com"
/// Url { host: "example.com", port: 8080, .. } → "example.com:8080"
/// Url { host: "::1", port: 8080, .. }         → "[::1]:8080"
/// Url { host: "::1", port: 80, .. }           → "[::1]"
/// ```
pub fn host_header(url: &Url) -> String {
    todo!("lesson 01: host_header({url:?})")
}

/// The request-target of the request line, in the chosen form.
///
/// Return, for [`TargetForm::Origin`], the path and query; for
/// [`TargetForm::Absolute`], `http://`, then the `Host` header value, then
/// the path and query.
///
/// ```text
/// Url { host: "example.com", port: 8080, path_and_query: "/a?b" }, Origin   → "/a?b"
/// Url { host: "example.com", port: 8080, path_and_query: "/a?b" }, Absolute → "http://example.com:8080/a?b"
/// Url { host: "example.com", port: 80,   path_and_query: "/" },    Absolute → "http://example.com/"
/// ```
pub fn request_target(url: &Url, form: TargetForm) -> String {
    todo!("lesson 01: request_target({url:?}, {form:?})")
}
