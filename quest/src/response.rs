//! A response before it goes on the wire: status, fields, and a body that is
//! either bytes in memory or an open file to stream.
//!
//! Framing (RFC 9112 §6): every response this server sends has a
//! `Content-Length`, so the client knows where it ends and the connection can
//! carry the next one – except the statuses that never have content (1xx,
//! 204, 304; RFC 9110 §15). A response to `HEAD` carries the
//! `Content-Length` a `GET` would have had, but no body (RFC 9110 §9.3.2);
//! that is decided when the head is rendered, so handlers need not care.

use std::fs::File;

/// The body of a response.
#[derive(Debug)]
pub enum Body {
    /// No content at all (204, 304, …).
    Empty,
    /// A body held in memory (pages, error messages).
    Bytes(Vec<u8>),
    /// A file to stream, `len` bytes long, read in chunks as the socket
    /// drains.
    File {
        /// The open file, positioned at its start.
        file: File,
        /// Its length when it was opened.
        len: u64,
    },
}

impl Body {
    /// The number of body bytes (what `Content-Length` announces).
    pub fn len(&self) -> u64 {
        match self {
            Body::Empty => 0,
            Body::Bytes(bytes) => bytes.len() as u64,
            Body::File { len, .. } => *len,
        }
    }

    /// `true` when there are no body bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A response to send.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header fields besides `Date`, `Content-Length` and `Connection`, which
    /// [`Response::render_head`] adds.
    pub headers: Vec<(String, String)>,
    /// The content.
    pub body: Body,
}

impl Response {
    /// A response with no fields and no body.
    pub fn new(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Body::Empty,
        }
    }

    /// Adds a header field.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// Sets an in-memory body and its `Content-Type`.
    pub fn bytes(self, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        let mut response = self.header("Content-Type", content_type);
        response.body = Body::Bytes(body.into());
        response
    }

    /// A short plain-text error response, e.g. `404 Not Found`.
    pub fn error(status: u16) -> Response {
        let text = format!("{status} {}\n", reason(status));
        Response::new(status).bytes("text/plain; charset=utf-8", text)
    }

    /// Whether this status may carry content at all (RFC 9110 §15: not 1xx,
    /// 204 or 304).
    pub fn has_content(&self) -> bool {
        !(self.status < 200 || self.status == 204 || self.status == 304)
    }

    /// The status line and fields, ending with the empty line.
    ///
    /// `date` is the `Date` value (RFC 9110 §6.6.1: an origin server with a
    /// clock MUST send it); `close` adds `Connection: close` (RFC 9112 §9.6),
    /// `keep_alive_10` adds `Connection: keep-alive` for an HTTP/1.0 client
    /// that asked for it.
    ///
    /// ```
    /// use quest::response::Response;
    /// let head = Response::error(404).render_head("Thu, 01 Jan 1970 00:00:00 GMT", true, false);
    /// assert!(head.starts_with(b"HTTP/1.1 404 Not Found\r\n"));
    /// assert!(head.ends_with(b"Content-Length: 14\r\nConnection: close\r\n\r\n"));
    /// ```
    pub fn render_head(&self, date: &str, close: bool, keep_alive_10: bool) -> Vec<u8> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nServer: quest\r\nDate: {date}\r\n",
            self.status,
            reason(self.status)
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if self.has_content() {
            head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        if close {
            head.push_str("Connection: close\r\n");
        } else if keep_alive_10 {
            head.push_str("Connection: keep-alive\r\n");
        }
        head.push_str("\r\n");
        head.into_bytes()
    }
}

/// The reason phrase for the statuses this server sends (RFC 9110 §15).
pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_content_length_without_content() {
        let head = Response::new(304).render_head("D", false, false);
        assert_eq!(
            String::from_utf8_lossy(&head),
            "HTTP/1.1 304 Not Modified\r\nServer: quest\r\nDate: D\r\n\r\n"
        );
    }

    #[test]
    fn keep_alive_for_http10() {
        let head = Response::new(200)
            .bytes("text/plain", "hi")
            .render_head("D", false, true);
        let text = String::from_utf8_lossy(&head);
        assert!(text.contains("Content-Type: text/plain\r\nContent-Length: 2\r\n"));
        assert!(text.ends_with("Connection: keep-alive\r\n\r\n"));
    }
}
