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
use std::net::Ipv6Addr;

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
/// The steps, in order:
///
/// 1. Every character must be visible ASCII (`'!'..='~'`). A space or a
///    CR LF copied raw into the request line would end the line early – the
///    classic header-injection bug – so they are refused, not "fixed".
/// 2. The scheme is the text before `://`. It is case-insensitive
///    (RFC 3986 §3.1), so `HTTP://` is fine; anything but `http` is refused.
/// 3. The authority runs up to the first `/`, `?` or `#`. What follows,
///    minus the `#fragment`, is the path and query. The fragment is for the
///    client alone (RFC 9110 §7.1), and an empty path means `/`
///    (RFC 9112 §3.2.1).
/// 4. The authority is `host[:port]`, or `[ipv6]` with an optional port.
///    The host is case-insensitive (RFC 3986 §3.2.2) and is lowercased.
///
/// # Errors
///
/// A [`UrlError`] naming the first problem found, checked in the order above:
/// [`InvalidCharacter`](UrlError::InvalidCharacter),
/// [`MissingScheme`](UrlError::MissingScheme),
/// [`UnsupportedScheme`](UrlError::UnsupportedScheme),
/// [`UserInfoNotSupported`](UrlError::UserInfoNotSupported),
/// [`EmptyHost`](UrlError::EmptyHost), [`InvalidHost`](UrlError::InvalidHost),
/// [`InvalidPort`](UrlError::InvalidPort).
///
/// # Examples
///
/// ```
/// use lesson01_solution::{parse_url, Url, UrlError};
///
/// assert_eq!(
///     parse_url("HTTP://Example.COM:8080/a?b=1#top"),
///     Ok(Url { host: "example.com".into(), port: 8080, path_and_query: "/a?b=1".into() })
/// );
/// assert_eq!(parse_url("https://example.com/"), Err(UrlError::UnsupportedScheme("https".into())));
/// ```
pub fn parse_url(input: &str) -> Result<Url, UrlError> {
    if let Some(bad) = input.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(UrlError::InvalidCharacter(bad));
    }

    let (scheme, rest) = input.split_once("://").ok_or(UrlError::MissingScheme)?;
    if !is_scheme(scheme) {
        // "example.com/?next=http://x" has a "://", but what precedes it is
        // no scheme: the input simply has none.
        return Err(UrlError::MissingScheme);
    }
    if !scheme.eq_ignore_ascii_case("http") {
        return Err(UrlError::UnsupportedScheme(scheme.to_ascii_lowercase()));
    }

    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path_query_fragment) = rest.split_at(authority_end);
    let (host, port) = split_authority(authority)?;

    let path_and_query = match path_query_fragment.split_once('#') {
        Some((before_fragment, _fragment)) => before_fragment,
        None => path_query_fragment,
    };
    let path_and_query = if path_and_query.starts_with('/') {
        path_and_query.to_string()
    } else {
        // Either nothing ("http://example.com") or only a query
        // ("http://example.com?q=1"): the path is empty, which means "/".
        format!("/{path_and_query}")
    };

    Ok(Url {
        host,
        port,
        path_and_query,
    })
}

/// RFC 3986 §3.1: `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
fn is_scheme(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Splits `host[:port]` or `[ipv6][:port]` into a lowercased host and a port.
fn split_authority(authority: &str) -> Result<(String, u16), UrlError> {
    if authority.contains('@') {
        return Err(UrlError::UserInfoNotSupported);
    }

    let (host, port_text) = if let Some(bracketed) = authority.strip_prefix('[') {
        // RFC 3986 §3.2.2: an IPv6 address is written in brackets, because
        // its own colons would otherwise be mistaken for the port separator.
        let invalid = || UrlError::InvalidHost(authority.to_string());
        let (inside, after) = bracketed.split_once(']').ok_or_else(invalid)?;
        if inside.is_empty() {
            return Err(UrlError::EmptyHost);
        }
        if inside.parse::<Ipv6Addr>().is_err() {
            return Err(UrlError::InvalidHost(inside.to_string()));
        }
        let port_text = if after.is_empty() {
            None
        } else {
            Some(after.strip_prefix(':').ok_or_else(invalid)?)
        };
        (inside, port_text)
    } else {
        let (host, port_text) = match authority.split_once(':') {
            Some((host, port_text)) => (host, Some(port_text)),
            None => (authority, None),
        };
        if host.is_empty() {
            return Err(UrlError::EmptyHost);
        }
        if !host.chars().all(is_host_char) {
            return Err(UrlError::InvalidHost(host.to_string()));
        }
        (host, port_text)
    };

    let port = match port_text {
        None => DEFAULT_PORT,
        Some(text) => parse_port(text)?,
    };
    Ok((host.to_ascii_lowercase(), port))
}

/// The characters this course accepts in a host name: RFC 3986's
/// "unreserved" set. (RFC 3986 also allows percent-encoding and a few
/// punctuation marks in `reg-name`; DNS names never need them.)
fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

/// A port is one or more ASCII digits giving a number from 1 to 65535.
///
/// The digit check comes first because `u16::from_str` would also accept
/// `"+80"`. Port 0 is refused: nothing can be reached there.
fn parse_port(text: &str) -> Result<u16, UrlError> {
    let invalid = || UrlError::InvalidPort(text.to_string());
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    match text.parse::<u16>() {
        Ok(0) | Err(_) => Err(invalid()),
        Ok(port) => Ok(port),
    }
}

/// The value of the `Host` header for a request to `url`.
///
/// RFC 9112 §3.2: "A client MUST send a Host header field … in all HTTP/1.1
/// request messages", with the authority of the target URI as its value
/// (RFC 9110 §7.2: `Host = uri-host [ ":" port ]`). One IP address often
/// serves many sites ("virtual hosting"); the connection only tells the
/// server which address and port were dialled, `Host` tells it which site
/// is meant.
///
/// The port is written only when it is not 80, as browsers and curl do, and
/// an IPv6 address gets its brackets back.
///
/// # Examples
///
/// ```
/// use lesson01_solution::{host_header, Url};
///
/// let url = Url { host: "::1".into(), port: 8080, path_and_query: "/".into() };
/// assert_eq!(host_header(&url), "[::1]:8080");
/// ```
pub fn host_header(url: &Url) -> String {
    // After parse_url only an IPv6 address can contain a colon.
    let host = if url.host.contains(':') {
        format!("[{}]", url.host)
    } else {
        url.host.clone()
    };
    if url.is_default_port() {
        host
    } else {
        format!("{host}:{}", url.port)
    }
}

/// The request-target of the request line, in the chosen form.
///
/// * [`TargetForm::Origin`] is the path and query: the client already
///   connected to the right server, and the server learns the host from
///   `Host` (RFC 9112 §3.2.1).
/// * [`TargetForm::Absolute`] is the whole URL minus the fragment. A proxy
///   needs it, because the connection goes to the proxy and the proxy must
///   learn where to forward the request (RFC 9112 §3.2.2).
///
/// # Examples
///
/// ```
/// use lesson01_solution::{request_target, TargetForm, Url};
///
/// let url = Url { host: "example.com".into(), port: 8080, path_and_query: "/a?b".into() };
/// assert_eq!(request_target(&url, TargetForm::Origin), "/a?b");
/// assert_eq!(request_target(&url, TargetForm::Absolute), "http://example.com:8080/a?b");
/// ```
pub fn request_target(url: &Url, form: TargetForm) -> String {
    match form {
        TargetForm::Origin => url.path_and_query.clone(),
        TargetForm::Absolute => format!("http://{}{}", host_header(url), url.path_and_query),
    }
}
