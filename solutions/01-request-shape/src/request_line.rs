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

use crate::token::is_token;

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
/// The checks run in this order, so each bad line has one clear reason:
///
/// 1. whitespace: only single spaces between the parts;
/// 2. exactly three parts;
/// 3. the method is a token;
/// 4. the target is visible ASCII;
/// 5. the version is `HTTP/d.d` with major version 1.
///
/// A higher minor version such as `HTTP/1.2` is accepted as HTTP/1.1: RFC
/// 9110 §6.2 says a recipient "SHOULD process the message as if it were in
/// the highest minor version within that major version to which the
/// recipient is conformant". 505 is only for another *major* version
/// (RFC 9110 §15.6.6).
///
/// Which *form* the target has (origin, absolute, authority, asterisk) and
/// whether the server supports it is decided later, with the method.
///
/// # Errors
///
/// The first failed check as a [`RequestLineError`]; its
/// [`status_code`](RequestLineError::status_code) is the answer to send.
///
/// # Examples
///
/// ```
/// use lesson01_solution::{parse_request_line, RequestLineError, Version};
///
/// let line = parse_request_line("GET /index.html HTTP/1.1").expect("a valid request line");
/// assert_eq!((line.method.as_str(), line.target.as_str()), ("GET", "/index.html"));
/// assert_eq!(line.version, Version::Http11);
///
/// let err = parse_request_line("GET / HTTP/2.0").unwrap_err();
/// assert_eq!(err, RequestLineError::UnsupportedVersion("HTTP/2.0".into()));
/// assert_eq!(err.status_code(), 505);
/// ```
pub fn parse_request_line(line: &str) -> Result<RequestLine, RequestLineError> {
    if has_stray_whitespace(line) {
        return Err(RequestLineError::StrayWhitespace(line.to_string()));
    }

    let parts: Vec<&str> = if line.is_empty() {
        Vec::new()
    } else {
        line.split(' ').collect()
    };
    let [method, target, version] = parts[..] else {
        return Err(RequestLineError::WrongPartCount(parts.len()));
    };

    if !is_token(method) {
        return Err(RequestLineError::InvalidMethod(method.to_string()));
    }
    // After the whitespace check no part is empty, so only the characters
    // of the target are left to check.
    if !target.chars().all(|c| c.is_ascii_graphic()) {
        return Err(RequestLineError::InvalidTarget(target.to_string()));
    }
    let version = parse_version(version)?;

    Ok(RequestLine {
        method: method.to_string(),
        target: target.to_string(),
        version,
    })
}

/// Anything but single spaces strictly between non-space characters.
fn has_stray_whitespace(line: &str) -> bool {
    line.starts_with(' ')
        || line.ends_with(' ')
        || line.contains("  ")
        || line.contains(['\t', '\r', '\n', '\x0b', '\x0c'])
}

/// `HTTP/` DIGIT `.` DIGIT (RFC 9112 §2.3); major version 1 only.
fn parse_version(text: &str) -> Result<Version, RequestLineError> {
    let malformed = || RequestLineError::MalformedVersion(text.to_string());
    let numbers = text.strip_prefix("HTTP/").ok_or_else(malformed)?;
    let &[major, b'.', minor] = numbers.as_bytes() else {
        return Err(malformed());
    };
    if !major.is_ascii_digit() || !minor.is_ascii_digit() {
        return Err(malformed());
    }
    match (major, minor) {
        (b'1', b'0') => Ok(Version::Http10),
        (b'1', _) => Ok(Version::Http11),
        _ => Err(RequestLineError::UnsupportedVersion(text.to_string())),
    }
}
