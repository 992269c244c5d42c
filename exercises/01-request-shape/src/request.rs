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

use crate::url::Url;

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
/// Return, in this order:
///
/// 1. the request line: the method, one space, the target, one space,
///    `HTTP/1.1`, CR LF;
/// 2. each header as `Name: value` (one space after the colon) and CR LF,
///    in the order given and spelled as given;
/// 3. `Content-Length: N` CR LF, where N is the body length, but only when
///    no header is already named `Content-Length` or `Transfer-Encoding`
///    (in any letter case) and either the body is not empty or the method
///    is one of [`METHODS_WITH_CONTENT`] (then N may be 0);
/// 4. an empty line (CR LF);
/// 5. the body bytes, unchanged.
///
/// ```text
/// Request { method: "GET", target: "/", headers: [("Host", "h")], body: b"" }
///   → b"GET / HTTP/1.1\r\nHost: h\r\n\r\n"
/// Request { method: "POST", target: "/n", headers: [("Host", "h")], body: b"hi" }
///   → b"POST /n HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi"
/// Request { method: "PUT", target: "/n", headers: [("Host", "h")], body: b"" }
///   → b"PUT /n HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"
/// ```
pub fn render_request(req: &Request) -> Vec<u8> {
    todo!("lesson 01: render_request({req:?})")
}

/// Builds the request a client sends straight to the server named by `url`.
///
/// Return a [`Request`] with
///
/// * `method` and `body` copied from the arguments;
/// * `target` in origin-form (see [`crate::request_target`]);
/// * `headers`: first `("Host", host_header(url))`, then `extra_headers` in
///   their order. When `extra_headers` contains a header named `Host` (any
///   letter case), it replaces the default one and goes first instead
///   (several such headers all go first, in their order).
///
/// Do not add `Content-Length` here; [`render_request`] does that.
///
/// ```text
/// build_request("GET", Url { host: "example.com", port: 8080, path_and_query: "/a?b=1" },
///               [("Accept", "*/*")], b"")
///   → Request { method: "GET", target: "/a?b=1",
///               headers: [("Host", "example.com:8080"), ("Accept", "*/*")], body: b"" }
/// build_request("GET", Url { host: "127.0.0.7", port: 80, path_and_query: "/" },
///               [("Accept", "*/*"), ("host", "intranet")], b"")
///   → headers: [("host", "intranet"), ("Accept", "*/*")]
/// ```
pub fn build_request(
    method: &str,
    url: &Url,
    extra_headers: &[(String, String)],
    body: &[u8],
) -> Request {
    todo!("lesson 01: build_request({method:?}, {url:?}, {extra_headers:?}, {body:?})")
}
