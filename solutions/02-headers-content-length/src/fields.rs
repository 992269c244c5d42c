//! Header fields: one `name: value` line, looking fields up by name, and the
//! one field that frames a body by itself, `Content-Length`.
//!
//! RFC 9112 §5 gives the syntax of a field line:
//!
//! ```text
//! field-line   = field-name ":" OWS field-value OWS
//! field-name   = token                       ; RFC 9110 §5.1
//! token        = 1*tchar                     ; RFC 9110 §5.6.2
//! OWS          = *( SP / HTAB )              ; optional whitespace
//! field-value  = *field-content              ; visible bytes, SP, HTAB, obs-text
//! ```
//!
//! Three rules matter for safety, because a proxy and a server that read the
//! same bytes differently can be made to disagree about where a message ends
//! (request smuggling, RFC 9112 §11.2):
//!
//! - no whitespace between the name and the colon (RFC 9112 §5.1: a server
//!   MUST reject such a request with 400);
//! - no line folding: a line that starts with SP or HTAB was once a
//!   continuation of the previous value (`obs-fold`, RFC 9112 §5.2) and is
//!   rejected here;
//! - no CR, LF or NUL inside a value (RFC 9110 §5.5).
//!
//! Field names are case-insensitive (RFC 9110 §5.1) and a field may appear on
//! several lines; their order is significant (RFC 9110 §5.3), so [`Headers`]
//! keeps the lines as a list in arrival order instead of a map.

use std::borrow::Cow;

use crate::head::HeadError;

/// One header field line as received.
///
/// `name` keeps the sender's spelling (`content-length` and `Content-Length`
/// are the same field; compare with [`str::eq_ignore_ascii_case`]). `value`
/// has the optional whitespace around it removed.
///
/// # Non-UTF-8 values
///
/// A field value may contain `obs-text`, bytes 0x80–0xFF that are not
/// necessarily UTF-8. RFC 9110 §5.5 says a recipient SHOULD treat them as
/// opaque data. This crate stores values as `String` and converts with
/// [`String::from_utf8_lossy`]: valid UTF-8 is kept, any other byte becomes
/// U+FFFD. Nothing the course reads (lengths, codings, connection options)
/// may contain such bytes, so nothing that matters is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The field name, spelled as received.
    pub name: String,
    /// The field value with surrounding spaces and tabs trimmed.
    pub value: String,
}

impl Header {
    /// A header from a name and a value (no checks: for building messages and tests).
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Header {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// The header fields of one message, in the order they arrived.
///
/// Repeated fields (two `Set-Cookie` lines, two `Via` lines) are kept as
/// separate entries, in order; [`Headers::get_all`] returns them all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    fields: Vec<Header>,
}

impl Headers {
    /// An empty list of fields.
    pub fn new() -> Self {
        Headers::default()
    }

    /// Appends one field line at the end.
    pub fn push(&mut self, header: Header) {
        self.fields.push(header);
    }

    /// The value of the first field called `name` (compared case-insensitively),
    /// or `None` if there is none.
    pub fn get(&self, name: &str) -> Option<&str> {
        field_values(self, name).first().copied()
    }

    /// The values of every field called `name` (compared case-insensitively),
    /// in arrival order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        field_values(self, name).into_iter()
    }

    /// All field lines in arrival order.
    pub fn iter(&self) -> std::slice::Iter<'_, Header> {
        self.fields.iter()
    }

    /// The number of field lines.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// `true` if there are no field lines.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

impl FromIterator<Header> for Headers {
    fn from_iter<I: IntoIterator<Item = Header>>(iter: I) -> Self {
        Headers {
            fields: iter.into_iter().collect(),
        }
    }
}

impl<'a> IntoIterator for &'a Headers {
    type Item = &'a Header;
    type IntoIter = std::slice::Iter<'a, Header>;

    fn into_iter(self) -> Self::IntoIter {
        self.fields.iter()
    }
}

/// `true` for the bytes allowed in a token (method names, field names,
/// coding names):
///
/// ```text
/// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
///         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA     ; RFC 9110 §5.6.2
/// ```
pub fn is_tchar(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

/// The values of every field line whose name equals `name`, ignoring ASCII
/// case, in the order the lines arrived.
///
/// Field names are case-insensitive (RFC 9110 §5.1): `Content-Length`,
/// `content-length` and `CONTENT-LENGTH` are one field. Repeated lines are
/// not merged, because their order carries meaning (RFC 9110 §5.3) and some
/// fields, such as `Set-Cookie`, cannot be merged at all.
///
/// # Returns
///
/// The values, first line first; an empty `Vec` if no line has that name.
///
/// ```
/// use lesson02_solution::{field_values, Header, Headers};
///
/// let headers: Headers = [
///     Header::new("Via", "1.1 a"),
///     Header::new("Host", "example.com"),
///     Header::new("via", "1.1 b"),
/// ]
/// .into_iter()
/// .collect();
/// assert_eq!(field_values(&headers, "VIA"), ["1.1 a", "1.1 b"]);
/// assert!(field_values(&headers, "Accept").is_empty());
/// ```
pub fn field_values<'a>(headers: &'a Headers, name: &str) -> Vec<&'a str> {
    headers
        .iter()
        .filter(|field| field.name.eq_ignore_ascii_case(name))
        .map(|field| field.value.as_str())
        .collect()
}

/// `true` for a byte that may appear inside a field value: SP, HTAB, a
/// visible ASCII character or obs-text (RFC 9110 §5.5).
fn is_field_value_byte(byte: u8) -> bool {
    matches!(byte, b'\t' | b' '..=b'~' | 0x80..=0xFF)
}

fn is_ows(byte: &u8) -> bool {
    *byte == b' ' || *byte == b'\t'
}

/// Trims optional whitespace (SP and HTAB) from both ends of `bytes`.
fn trim_ows(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| !is_ows(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !is_ows(b))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// Parses one field line, given without its line ending.
///
/// The checks run in this order, each with its own error:
///
/// 1. a line that starts with SP or HTAB is obsolete line folding
///    (RFC 9112 §5.2) → [`HeadError::ObsFold`];
/// 2. a line without `:` → [`HeadError::MissingColon`];
/// 3. whitespace right before the colon (RFC 9112 §5.1) →
///    [`HeadError::SpaceBeforeColon`];
/// 4. an empty name or a byte that is not a [`tchar`](is_tchar) →
///    [`HeadError::InvalidFieldName`] carrying the name;
/// 5. the value, once spaces and tabs around it are trimmed, holds a byte
///    other than SP, HTAB, visible ASCII (0x21–0x7E) or obs-text
///    (0x80–0xFF): a control byte such as CR, NUL or DEL (RFC 9110 §5.5) →
///    [`HeadError::InvalidFieldValue`] carrying the field name.
///
/// # Errors
///
/// The [`HeadError`] variants listed above; a server answers each with 400.
///
/// # Returns
///
/// The [`Header`]: the name as written, the value trimmed and converted
/// with [`String::from_utf8_lossy`] (see [`Header`] for why).
///
/// ```
/// use lesson02_solution::{parse_field_line, Header, HeadError};
///
/// assert_eq!(parse_field_line(b"Host:  example.com \t"), Ok(Header::new("Host", "example.com")));
/// assert_eq!(parse_field_line(b"Host : example.com"), Err(HeadError::SpaceBeforeColon));
/// ```
pub fn parse_field_line(line: &[u8]) -> Result<Header, HeadError> {
    if line.first().is_some_and(is_ows) {
        return Err(HeadError::ObsFold);
    }
    let colon = line
        .iter()
        .position(|&b| b == b':')
        .ok_or(HeadError::MissingColon)?;
    let (name, rest) = line.split_at(colon);
    if name.last().is_some_and(is_ows) {
        return Err(HeadError::SpaceBeforeColon);
    }
    if name.is_empty() || !name.iter().all(|&b| is_tchar(b)) {
        return Err(HeadError::InvalidFieldName(lossy(name)));
    }
    // A field name made of tchars is ASCII, so this conversion loses nothing.
    let name = lossy(name);
    let value = trim_ows(&rest[1..]);
    if !value.iter().all(|&b| is_field_value_byte(b)) {
        return Err(HeadError::InvalidFieldValue(name));
    }
    Ok(Header {
        name,
        value: lossy(value),
    })
}

fn lossy(bytes: &[u8]) -> String {
    match String::from_utf8_lossy(bytes) {
        Cow::Borrowed(text) => text.to_owned(),
        Cow::Owned(text) => text,
    }
}

/// Reads the `Content-Length` of a message from its fields, checking it the
/// way RFC 9110 §8.6 and RFC 9112 §6.3 ask.
///
/// ```text
/// Content-Length = 1*DIGIT
/// ```
///
/// - Every `Content-Length` line is looked at; each value is split on commas
///   and each element, trimmed of spaces and tabs, must be one or more ASCII
///   digits that fit in a `u64`. `+5`, `-1`, `0x10`, `5 5`, an empty value
///   and a number too big for a `u64` are all invalid.
/// - The same number repeated (`5, 5`, or two lines of `5`) MAY be accepted as
///   one value (RFC 9110 §8.6); this function does.
/// - Different numbers are a conflict: the sender cannot be trusted about
///   where the body ends, and a proxy and a server that picked different ones
///   would disagree about where the next message starts.
///
/// # Errors
///
/// - [`HeadError::InvalidContentLength`] with the value of the first line
///   that holds an invalid element;
/// - [`HeadError::ConflictingContentLength`] when two elements differ.
///
/// A server answers both with 400 and closes the connection (RFC 9112 §6.3
/// rule 5); a client must close the connection and discard the response.
///
/// # Returns
///
/// `Some(length)`, or `None` if the message has no `Content-Length` field.
///
/// ```
/// use lesson02_solution::{content_length, Header, Headers, HeadError};
///
/// let headers: Headers = [Header::new("Content-Length", "42, 42")].into_iter().collect();
/// assert_eq!(content_length(&headers), Ok(Some(42)));
/// let headers: Headers = [Header::new("Content-Length", "+42")].into_iter().collect();
/// assert_eq!(content_length(&headers), Err(HeadError::InvalidContentLength("+42".into())));
/// ```
pub fn content_length(headers: &Headers) -> Result<Option<u64>, HeadError> {
    let mut length = None;
    for value in field_values(headers, "content-length") {
        for element in value.split(',') {
            let element = element.trim_matches([' ', '\t']);
            let number = parse_decimal(element)
                .ok_or_else(|| HeadError::InvalidContentLength(value.to_owned()))?;
            match length {
                None => length = Some(number),
                Some(previous) if previous == number => {}
                Some(_) => return Err(HeadError::ConflictingContentLength),
            }
        }
    }
    Ok(length)
}

/// `1*DIGIT` as a `u64`: `None` for an empty string, any non-digit (a sign
/// too: `str::parse` would accept `+5`) or a number that does not fit.
fn parse_decimal(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}
