//! Lesson 02 – Headers & Content-Length (solution).
//!
//! An HTTP/1.1 message on the wire is a *head* (start line and header
//! fields, ended by an empty line) followed by an optional *body*. This crate
//! answers the two questions every HTTP/1.1 reader has to answer before it can
//! do anything else:
//!
//! 1. **Where does the head end, and what does it say?** TCP delivers a byte
//!    stream in pieces of any size, so the head parsers ([`parse_request_head`],
//!    [`parse_response_head`]) are incremental: they answer [`Parsed::Partial`]
//!    until the empty line has arrived and then report how many bytes the head
//!    used. Malformed field lines are rejected with one distinct [`HeadError`]
//!    each ([`fields`] holds the field-line rules and the case-insensitive
//!    lookup).
//! 2. **Where does the body end?** RFC 9112 §6.3 decides from the method, the
//!    status and the `Transfer-Encoding` / `Content-Length` fields
//!    ([`request_body_length`], [`response_body_length`]). A chunked body is
//!    decoded incrementally by [`ChunkedDecoder`].
//!
//! The path of one message through this crate:
//!
//! ```text
//!  bytes from the socket ──► parse_*_head ──► Partial?  read more, try again
//!                                  │
//!                                  ▼ Complete { value: head, consumed }
//!                      *_body_length(head) ──► Empty | Fixed(n) | Chunked | UntilClose
//!                                  │
//!                                  ▼ Chunked
//!                        ChunkedDecoder::decode(bytes after the head)
//! ```
//!
//! Everything a peer sends is untrusted: nothing here panics on input, every
//! number is parsed with overflow checks, and every error says which status a
//! server answers (`status_code()`), after which it closes the connection.

pub mod body_length;
pub mod chunked;
pub mod fields;
pub mod head;

pub use body_length::{
    BodyLength, FramingError, request_body_length, response_body_length, transfer_codings,
};
pub use chunked::{ChunkedDecoder, ChunkedError, MAX_LINE_LEN};
pub use fields::{Header, Headers, content_length, field_values, is_tchar, parse_field_line};
pub use head::{
    HeadError, Parsed, RequestHead, ResponseHead, next_line, parse_request_head,
    parse_response_head,
};
