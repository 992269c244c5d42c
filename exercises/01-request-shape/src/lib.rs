//! # Lesson 01 – the shape of an HTTP/1.1 request (exercise)
//!
//! Read the lesson first, then fill in the `todo!()`s in this order:
//!
//! 1. in [`url`] (`src/url.rs`): [`parse_url`], [`host_header`], [`request_target`]
//! 2. in [`request`] (`src/request.rs`): [`build_request`], [`render_request`]
//! 3. in [`token`] (`src/token.rs`): [`is_token`]
//! 4. in [`request_line`] (`src/request_line.rs`): [`parse_request_line`]
//!
//! Run the tests with `cargo test -p lesson01`. The types (structs, enums,
//! error messages) are already finished; only the functions are yours.
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

pub mod request;
pub mod request_line;
pub mod token;
pub mod url;

pub use request::{METHODS_WITH_CONTENT, Request, build_request, render_request};
pub use request_line::{RequestLine, RequestLineError, Version, parse_request_line};
pub use token::is_token;
pub use url::{DEFAULT_PORT, TargetForm, Url, UrlError, host_header, parse_url, request_target};
