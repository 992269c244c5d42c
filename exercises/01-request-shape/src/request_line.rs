//! The server side of the request line: is a received line valid, and if
//! not, which error status does it earn?
//!
//! RFC 9112 §3:
//!
//! ```text
//! request-line = method SP request-target SP HTTP-version
//! ```
//!
//! and RFC 9112 §2.3:
//!
//! ```text
//! HTTP-version = HTTP-name "/" DIGIT "." DIGIT
//! HTTP-name    = %s"HTTP"            ; case-sensitive
//! ```
//!
//! RFC 9112 §3 lets a server be lenient about whitespace, but also warns
//! that "the invalid request-line might be deliberately crafted to bypass
//! security filters along the request chain". This parser is strict: exactly
//! one space between the three parts, nothing before or after.
//!
//! Two statuses answer a bad line:
//!
//! * **400 Bad Request** (RFC 9110 §15.5.1) – the line is not a request
//!   line at all: wrong shape, bad method, bad target, a version that is not
//!   `HTTP/d.d`.
//! * **505 HTTP Version Not Supported** (RFC 9110 §15.6.6) – the line is
//!   well-formed but names a *major* version the server does not speak,
//!   such as `HTTP/2.0` or `HTTP/0.9`.

use std::fmt;

/// An HTTP/1.x version this course understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `HTTP/1.0`: connections close after each response unless the client
    /// asks for keep-alive.
    Http10,
    /// `HTTP/1.1`: persistent connections by default; `Host` is mandatory.
    Http11,
}

impl Version {
    /// The version as it is written on the wire: `"HTTP/1.0"` or `"HTTP/1.1"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::Http10 => "HTTP/1.0",
            Version::Http11 => "HTTP/1.1",
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request line that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    /// The method, exactly as received (methods are case-sensitive).
    pub method: String,
    /// The request-target, exactly as received, e.g. `"/index.html"`.
    pub target: String,
    /// The version the client speaks.
    pub version: Version,
}

/// Why a received request line is rejected, and which status the server
/// answers (see [`RequestLineError::status_code`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestLineError {
    /// **400.** The line (given whole) has whitespace other than one single
    /// space between the parts: a leading or trailing space, two spaces in a
    /// row, a tab, a CR or LF, a vertical tab or form feed.
    StrayWhitespace(String),
    /// **400.** Splitting on the single spaces did not give exactly three
    /// parts; the number found is given (0 for an empty line).
    WrongPartCount(usize),
    /// **400.** The method is not a token (RFC 9110 §5.6.2). A method that
    /// *is* a token but unknown to the server, like `BREW`, is not an error
    /// here; the server answers that one with 501 Not Implemented later.
    InvalidMethod(String),
    /// **400.** The target contains a character that is not visible ASCII
    /// (a control character, DEL or anything outside ASCII).
    InvalidTarget(String),
    /// **400.** The version is not `HTTP/` followed by one digit, a dot and
    /// one digit, e.g. `"HTTP/1"`, `"http/1.1"` or `"HTTP/1.10"`.
    MalformedVersion(String),
    /// **505.** The version is well-formed but its major number is not 1,
    /// e.g. `"HTTP/2.0"` or `"HTTP/0.9"`.
    UnsupportedVersion(String),
}

impl RequestLineError {
    /// The status code a server answers this error with: 505 for
    /// [`UnsupportedVersion`](RequestLineError::UnsupportedVersion), 400 for
    /// everything else.
    pub fn status_code(&self) -> u16 {
        match self {
            RequestLineError::UnsupportedVersion(_) => 505,
            _ => 400,
        }
    }
}

impl fmt::Display for RequestLineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestLineError::StrayWhitespace(line) => write!(
                f,
                "expected method, target and version separated by exactly one space and no other whitespace, got {line:?} (400 Bad Request)"
            ),
            RequestLineError::WrongPartCount(count) => write!(
                f,
                "expected 3 parts separated by spaces (method, target, version), got {count} (400 Bad Request)"
            ),
            RequestLineError::InvalidMethod(method) => write!(
                f,
                "expected the method to be a token (letters, digits and !#$%&'*+-.^_`|~), got {method:?} (400 Bad Request)"
            ),
            RequestLineError::InvalidTarget(target) => write!(
                f,
                "expected a request target of visible ASCII characters, got {target:?} (400 Bad Request)"
            ),
            RequestLineError::MalformedVersion(version) => write!(
                f,
                "expected a version like \"HTTP/1.1\", got {version:?} (400 Bad Request)"
            ),
            RequestLineError::UnsupportedVersion(version) => write!(
                f,
                "expected HTTP/1.x, got {version:?} (505 HTTP Version Not Supported)"
            ),
        }
    }
}

impl std::error::Error for RequestLineError {}

/// Checks a received request line (without its CR LF) and splits it into
/// method, target and version.
///
/// Return `Ok(RequestLine { method, target, version })` when the line is
/// `method SP target SP version`. Otherwise return the first error found,
/// checking in this order:
///
/// 1. the line starts or ends with a space, has two spaces in a row, or
///    contains a tab, CR, LF, vertical tab (`\x0b`) or form feed (`\x0c`):
///    `StrayWhitespace(the whole line)`;
/// 2. splitting on `' '` does not give exactly 3 parts:
///    `WrongPartCount(number of parts)` (0 for an empty line);
/// 3. the method is not a token ([`crate::is_token`]): `InvalidMethod(method)`;
/// 4. the target has a character that is not visible ASCII (`'!'..='~'`):
///    `InvalidTarget(target)`;
/// 5. the version is not exactly `HTTP/`, one digit, `.`, one digit:
///    `MalformedVersion(version)`;
/// 6. the major digit is not 1: `UnsupportedVersion(version)`.
///
/// `HTTP/1.0` gives [`Version::Http10`]; `HTTP/1.1` and any higher minor
/// version (`HTTP/1.2` … `HTTP/1.9`) give [`Version::Http11`].
///
/// ```text
/// "GET /index.html HTTP/1.1" → Ok(RequestLine { method: "GET", target: "/index.html", version: Http11 })
/// "OPTIONS * HTTP/1.0"       → Ok(RequestLine { method: "OPTIONS", target: "*", version: Http10 })
/// "GET  / HTTP/1.1"          → Err(StrayWhitespace("GET  / HTTP/1.1"))
/// "GET /"                    → Err(WrongPartCount(2))
/// "GET / http/1.1"           → Err(MalformedVersion("http/1.1"))   (a server answers 400)
/// "GET / HTTP/2.0"           → Err(UnsupportedVersion("HTTP/2.0")) (a server answers 505)
/// ```
pub fn parse_request_line(line: &str) -> Result<RequestLine, RequestLineError> {
    todo!("lesson 01: parse_request_line({line:?})")
}
