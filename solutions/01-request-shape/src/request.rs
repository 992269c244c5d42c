//! A request as data, and the exact bytes it becomes on the wire.
//!
//! RFC 9112 §2.1 gives the whole layout of an HTTP/1.1 message:
//!
//! ```text
//! HTTP-message = start-line CRLF
//!                *( field-line CRLF )
//!                CRLF
//!                [ message-body ]
//! ```
//!
//! For a request the start-line is the request line (RFC 9112 §3),
//! `method SP request-target SP HTTP-version`, and each field line is
//! `field-name ":" OWS field-value OWS` (RFC 9112 §5). Every line ends with
//! CR LF (`\r\n`), and the empty line is what tells the server that the head
//! is over. What follows is the body, and `Content-Length` says how many
//! bytes of it there are (RFC 9110 §8.6).

use crate::url::{TargetForm, Url, host_header, request_target};

/// The methods whose requests carry content by definition, so a client
/// sends `Content-Length` for them even when the body is empty.
///
/// RFC 9110 §8.6: "A user agent SHOULD send Content-Length in a request when
/// the method defines a meaning for enclosed content … For example, a user
/// agent normally sends Content-Length in a POST request even when the value
/// is 0". For other methods (GET, HEAD, DELETE, …) an empty body means no
/// `Content-Length` at all: "A user agent SHOULD NOT send a Content-Length
/// header field when the request message does not contain content and the
/// method semantics do not anticipate such data." Methods are
/// case-sensitive (RFC 9110 §9.1), so only these exact spellings count.
pub const METHODS_WITH_CONTENT: &[&str] = &["POST", "PUT", "PATCH"];

/// An HTTP/1.1 request, ready to be rendered to bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method, e.g. `"GET"`. Case-sensitive: `"get"` is another method.
    pub method: String,
    /// The request-target, e.g. `"/index.html"` (origin-form).
    pub target: String,
    /// Header fields as `(name, value)`, sent in this order, spelled as given.
    pub headers: Vec<(String, String)>,
    /// The body; empty for most GET requests.
    pub body: Vec<u8>,
}

/// Renders `req` to the exact bytes a client writes to the socket.
///
/// ```text
/// METHOD SP target SP HTTP/1.1 CRLF
/// Name: value CRLF          (each header, in order, as given)
/// Content-Length: N CRLF    (only when the rule below says so)
/// CRLF
/// body
/// ```
///
/// The `Content-Length` rule: when the headers already contain
/// `Content-Length` or `Transfer-Encoding` (any letter case), the caller has
/// chosen the framing and nothing is added – a second `Content-Length`
/// would make the request invalid, and RFC 9112 §6.2 forbids sending it next
/// to `Transfer-Encoding`. Otherwise `Content-Length: N` is added when the
/// body is not empty, or when the method is one of [`METHODS_WITH_CONTENT`]
/// (then `N` may be 0).
///
/// The headers are trusted: checking names and values for stray CR LF is the
/// job of whoever accepts them from a user (the quest's `-H` option).
///
/// # Examples
///
/// ```
/// use lesson01_solution::{render_request, Request};
///
/// let req = Request {
///     method: "POST".into(),
///     target: "/notes".into(),
///     headers: vec![("Host".into(), "example.com".into())],
///     body: b"hi".to_vec(),
/// };
/// assert_eq!(
///     render_request(&req),
///     b"POST /notes HTTP/1.1\r\nHost: example.com\r\nContent-Length: 2\r\n\r\nhi".to_vec()
/// );
/// ```
pub fn render_request(req: &Request) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + req.target.len() + req.body.len());

    // Request line (RFC 9112 §3): exactly one space between the parts.
    out.extend_from_slice(req.method.as_bytes());
    out.push(b' ');
    out.extend_from_slice(req.target.as_bytes());
    out.extend_from_slice(b" HTTP/1.1\r\n");

    // Field lines (RFC 9112 §5). "Name: value" with one space is the
    // conventional spelling of `field-name ":" OWS field-value`.
    for (name, value) in &req.headers {
        push_field(&mut out, name, value);
    }
    if needs_content_length(req) {
        push_field(&mut out, "Content-Length", &req.body.len().to_string());
    }

    // The empty line ends the head; the body follows unchanged.
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(&req.body);
    out
}

fn push_field(out: &mut Vec<u8>, name: &str, value: &str) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(value.as_bytes());
    out.extend_from_slice(b"\r\n");
}

/// Whether [`render_request`] must add `Content-Length` itself.
fn needs_content_length(req: &Request) -> bool {
    let framing_given = req.headers.iter().any(|(name, _)| {
        name.eq_ignore_ascii_case("content-length")
            || name.eq_ignore_ascii_case("transfer-encoding")
    });
    if framing_given {
        return false;
    }
    !req.body.is_empty() || METHODS_WITH_CONTENT.contains(&req.method.as_str())
}

/// Builds the request a client sends straight to the server named by `url`.
///
/// * The target is in origin-form (the path and query), since the client
///   talks to the origin server, not to a proxy (RFC 9112 §3.2.1).
/// * `Host` comes first: RFC 9110 §7.2 says a user agent "SHOULD send it as
///   the first field in the header section of a request".
/// * The extra headers follow in the order given. An extra header named
///   `Host` (any letter case) replaces the default one and takes its place at
///   the front, as `curl -H 'Host: x'` does; it is useful to reach a virtual
///   host through an address that is not its name.
/// * `Content-Length` is not added here: [`render_request`] decides it from
///   the body when the bytes are produced.
///
/// # Examples
///
/// ```
/// use lesson01_solution::{build_request, parse_url};
///
/// let url = parse_url("http://example.com:8080/a?b=1").expect("a valid http URL");
/// let extra = [("Accept".to_string(), "*/*".to_string())];
/// let req = build_request("GET", &url, &extra, b"");
/// assert_eq!(req.target, "/a?b=1");
/// assert_eq!(
///     req.headers,
///     [("Host".to_string(), "example.com:8080".to_string()), ("Accept".to_string(), "*/*".to_string())]
/// );
/// ```
pub fn build_request(
    method: &str,
    url: &Url,
    extra_headers: &[(String, String)],
    body: &[u8],
) -> Request {
    let (hosts, others): (Vec<_>, Vec<_>) = extra_headers
        .iter()
        .cloned()
        .partition(|(name, _)| name.eq_ignore_ascii_case("host"));

    let mut headers = if hosts.is_empty() {
        vec![("Host".to_string(), host_header(url))]
    } else {
        hosts
    };
    headers.extend(others);

    Request {
        method: method.to_string(),
        target: request_target(url, TargetForm::Origin),
        headers,
        body: body.to_vec(),
    }
}
