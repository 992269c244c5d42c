//! When may a failed request be sent again? The stale keep-alive connection.
//!
//! A server closes a keep-alive connection that stays idle too long
//! (RFC 9112 §9.5). The client cannot see that happen: the server's FIN is
//! just bytes in flight. If the client sends its next request on that
//! connection at about the same moment, the request goes out, and what comes
//! back is end-of-file (`read` returns 0) or a reset (`ECONNRESET`, or
//! `EPIPE` on the next write) – before a single byte of a response.
//!
//! The server most likely never processed the request, but the client cannot
//! be sure of it. RFC 9110 §9.2.2 allows an automatic retry for *idempotent*
//! methods only: sending such a request twice has the same intended effect
//! as sending it once – a second GET or PUT of the same thing changes
//! nothing, a second POST may order the pizza twice. "A client SHOULD NOT
//! automatically retry a request with a non-idempotent method unless it has
//! some means to know that the request semantics are actually idempotent
//! [...] or some means to detect that the original request was never
//! applied", and "A client SHOULD NOT automatically retry a failed automatic
//! retry."
//!
//! [`should_retry`] allows a retry only when all of these hold:
//!
//! ```text
//!  idempotent method?                               (RFC 9110 §9.2.2)
//!  the connection was reused from the pool?         a fresh one failing is a real error
//!  not one byte of the response received?          otherwise the server did answer
//!  the failure looks like the peer closed?          EOF, reset, aborted, broken pipe
//! ```
//!
//! The retry goes out on a *fresh* connection, so it is never itself on a
//! reused one: if it fails too, the failure is reported. One retry at most.

use std::io;

/// How a request on a connection failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failure {
    /// What the socket reported: [`io::ErrorKind::UnexpectedEof`] for a
    /// `read` of 0 bytes before the response was complete,
    /// [`io::ErrorKind::ConnectionReset`] for `ECONNRESET`,
    /// [`io::ErrorKind::BrokenPipe`] for `EPIPE`, and so on.
    pub kind: io::ErrorKind,
    /// `true` when the connection came from the pool (it had carried an
    /// earlier exchange), `false` when it was opened for this request.
    pub reused_connection: bool,
    /// How many bytes of the response had arrived before the failure.
    pub response_bytes_received: usize,
}

/// Whether `method` is idempotent (RFC 9110 §9.2.2): `GET`, `HEAD`,
/// `OPTIONS`, `TRACE`, `PUT` and `DELETE`. Methods are case-sensitive
/// (RFC 9110 §9.1), so `get` is not `GET`; unknown methods are not
/// idempotent.
///
/// ```text
/// is_idempotent("PUT")   → true
/// is_idempotent("POST")  → false
/// is_idempotent("get")   → false   (not GET: methods are case-sensitive)
/// ```
pub fn is_idempotent(method: &str) -> bool {
    todo!("lesson 03: is_idempotent({method:?})")
}

/// Whether a request that failed with `failure` may be sent once more, on a
/// new connection, without asking the user: the stale keep-alive connection
/// case (RFC 9110 §9.2.2, RFC 9112 §9.3.1).
///
/// # Returns
///
/// `true` only when all four hold:
///
/// - `method` is idempotent ([`is_idempotent`]);
/// - `failure.reused_connection` is `true`;
/// - `failure.response_bytes_received` is 0;
/// - `failure.kind` says the peer closed the connection:
///   [`io::ErrorKind::UnexpectedEof`], [`io::ErrorKind::ConnectionReset`],
///   [`io::ErrorKind::ConnectionAborted`] or [`io::ErrorKind::BrokenPipe`].
///   Anything else (a timeout, a refused connection, …) is not what a stale
///   connection looks like.
///
/// ```text
/// ("GET",  UnexpectedEof,   reused,  0 bytes received)  → true   (the stale connection)
/// ("POST", UnexpectedEof,   reused,  0 bytes received)  → false  (not idempotent)
/// ("GET",  ConnectionReset, fresh,   0 bytes received)  → false  (a real error)
/// ("GET",  UnexpectedEof,   reused, 12 bytes received)  → false  (the server answered)
/// ("GET",  TimedOut,        reused,  0 bytes received)  → false  (not a closed connection)
/// ```
pub fn should_retry(method: &str, failure: &Failure) -> bool {
    todo!("lesson 03: should_retry({method:?}, {failure:?})")
}
