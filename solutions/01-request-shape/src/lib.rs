//! # Lesson 01 – the shape of an HTTP/1.1 request (solution)
//!
//! An HTTP/1.1 request is plain text with a strict layout (RFC 9112 §2.1):
//!
//! ```text
//! GET /search?q=epoll HTTP/1.1\r\n      <- request line: method SP target SP version
//! Host: example.com:8080\r\n            <- header fields, one per line
//! Accept: text/plain\r\n
//! \r\n                                  <- an empty line ends the head
//!                                       <- the body (none here) follows
//! ```
//!
//! A client starts from a URL the user typed and must turn it into exactly
//! those bytes. This crate does it in small steps, one module each:
//!
//! | module | idea |
//! |---|---|
//! | [`url`] | split `http://host:port/path?query#fragment` into host, port and path-and-query; the `Host` header; origin-form and absolute-form targets |
//! | [`request`] | a request as data, and its rendering to bytes |
//! | [`token`] | the `token` grammar that methods and header names follow |
//! | [`request_line`] | the server side: checking a received request line, and whether a bad one earns a 400 or a 505 |
//!
//! ```
//! use lesson01_solution::{build_request, parse_url, render_request};
//!
//! let url = parse_url("http://example.com/index.html").expect("a valid http URL");
//! let request = build_request("GET", &url, &[], b"");
//! assert_eq!(
//!     render_request(&request),
//!     b"GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n".to_vec()
//! );
//! ```

pub mod request;
pub mod request_line;
pub mod token;
pub mod url;

pub use request::{METHODS_WITH_CONTENT, Request, build_request, render_request};
pub use request_line::{RequestLine, RequestLineError, Version, parse_request_line};
pub use token::is_token;
pub use url::{DEFAULT_PORT, TargetForm, Url, UrlError, host_header, parse_url, request_target};
