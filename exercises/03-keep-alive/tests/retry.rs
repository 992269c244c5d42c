// When may a failed request be retried on a fresh connection?
// Functions under test: `is_idempotent`, `should_retry`.

use std::io::ErrorKind;

use lesson03::{Failure, is_idempotent, should_retry};

/// The stale keep-alive connection: reused, closed by the server before a
/// single response byte.
fn stale(kind: ErrorKind) -> Failure {
    Failure {
        kind,
        reused_connection: true,
        response_bytes_received: 0,
    }
}

#[test]
fn idempotent_methods_are_those_of_rfc_9110() {
    for method in ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"] {
        assert!(
            is_idempotent(method),
            "{method} is idempotent (RFC 9110 §9.2.2)"
        );
    }
    for method in ["POST", "PATCH", "CONNECT", "BREW", ""] {
        assert!(
            !is_idempotent(method),
            "{method:?} is not idempotent: sending it twice may do twice the work"
        );
    }
    for method in ["get", "Put", "delete"] {
        assert!(
            !is_idempotent(method),
            "{method:?} is not GET/PUT/DELETE: methods are case-sensitive (RFC 9110 §9.1)"
        );
    }
}

#[test]
fn a_stale_reused_connection_is_retried_for_idempotent_methods() {
    for kind in [
        ErrorKind::UnexpectedEof,
        ErrorKind::ConnectionReset,
        ErrorKind::ConnectionAborted,
        ErrorKind::BrokenPipe,
    ] {
        for method in ["GET", "HEAD", "PUT", "DELETE"] {
            assert!(
                should_retry(method, &stale(kind)),
                "{method} on a reused connection that failed with {kind:?} before any \
                 response byte is the stale-connection case: retry once on a fresh connection"
            );
        }
    }
}

#[test]
fn post_and_patch_are_never_retried_automatically() {
    for method in ["POST", "PATCH"] {
        assert!(
            !should_retry(method, &stale(ErrorKind::UnexpectedEof)),
            "{method} is not idempotent: the server may have acted on it, so it is never \
             sent again without asking"
        );
    }
}

#[test]
fn no_retry_once_response_bytes_have_arrived() {
    let failure = Failure {
        kind: ErrorKind::UnexpectedEof,
        reused_connection: true,
        response_bytes_received: 1,
    };
    assert!(
        !should_retry("GET", &failure),
        "one response byte means the server did receive and answer the request: the \
         truncated response is an error, not a stale connection"
    );
}

#[test]
fn a_fresh_connection_failing_is_a_real_error() {
    let failure = Failure {
        kind: ErrorKind::ConnectionReset,
        reused_connection: false,
        response_bytes_received: 0,
    };
    assert!(
        !should_retry("GET", &failure),
        "a connection opened for this request cannot be stale: its failure is reported, \
         and a retry (itself on a fresh connection) is never retried again"
    );
}

#[test]
fn only_signs_of_a_closed_connection_allow_a_retry() {
    for kind in [
        ErrorKind::TimedOut,
        ErrorKind::WouldBlock,
        ErrorKind::ConnectionRefused,
        ErrorKind::InvalidData,
        ErrorKind::Other,
    ] {
        assert!(
            !should_retry("GET", &stale(kind)),
            "{kind:?} is not how a stale connection fails (EOF, reset, aborted, broken pipe): \
             no automatic retry"
        );
    }
}
