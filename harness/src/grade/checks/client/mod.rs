//! Client checks: `quest get` talking to the grader's scripted peer.
//!
//! Here the grader plays the server. A [`ScriptedPeer`](crate::wire::peer::ScriptedPeer) on `127.0.0.1:0`
//! answers with exactly the bytes a check chooses – cut where it likes,
//! framed however it likes, malformed if it likes – and records, byte for
//! byte, every request the client sent and how many connections it opened.
//! The check then compares `quest get`'s stdout, stderr and exit status
//! with what a correct client must do.
//!
//! | module | grades |
//! |---|---|
//! | [`framing`] | where a response body ends: Content-Length, chunked, close, 1xx, truncation, garbage |
//! | [`no_body`] | responses that never have a body: HEAD, 204, 304 |
//! | [`request`] | the bytes `get` sends: request line, Host, `-X`, `-H`, `-d` |
//! | [`options`] | the rest of the command line: `-i`, `-f`, `-o`, `-v` |
//!
//! This module holds the list of checks; what they share – peers that
//! answer one request or a sequence of them, the response builder, repro
//! commands, the usual verdicts on a run – is the kit's
//! [`support::client`](super::support::client).

pub mod framing;
pub mod no_body;
pub mod options;
pub mod request;

use crate::grade::{Category, Check, Revisit};

/// The client checks, in report order.
pub const CHECKS: &[Check] = &[
    Check {
        id: "client-content-length",
        title: "get prints a Content-Length body exactly",
        points: 3,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: framing::content_length,
    },
    Check {
        id: "client-request-bytes",
        title: "get sends a well-formed GET with the right target and Host",
        points: 3,
        category: Category::Client,
        revisit: Revisit::Lesson(1),
        run: request::request_bytes,
    },
    Check {
        id: "client-chunked",
        title: "get decodes a chunked body with extensions and trailers",
        points: 3,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: framing::chunked,
    },
    Check {
        id: "client-malformed-response",
        title: "a malformed response ends in one clear error line, not a hang",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: framing::malformed_response,
    },
    Check {
        id: "client-close-delimited",
        title: "get reads a body with no length until the server closes",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: framing::close_delimited,
    },
    Check {
        id: "client-one-byte-segments",
        title: "get reassembles chunked and Content-Length responses sent a byte at a time",
        points: 3,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: framing::one_byte_segments,
    },
    Check {
        id: "client-head-no-body",
        title: "get expects no body after a HEAD response, whatever Content-Length says",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: no_body::head,
    },
    Check {
        id: "client-204-304",
        title: "get expects no body after a 204 or a 304 and goes on to the next response",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: no_body::no_content_not_modified,
    },
    Check {
        id: "client-interim-1xx",
        title: "get skips interim 100 and 103 responses before the final one",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: framing::interim,
    },
    Check {
        id: "client-truncated-body",
        title: "a body cut short by the server is an error, not a success",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: framing::truncated_body,
    },
    Check {
        id: "client-include-head",
        title: "get -i prints the status line and fields before the body",
        points: 1,
        category: Category::Client,
        revisit: Revisit::Lesson(1),
        run: options::include_head,
    },
    Check {
        id: "client-fail-flag",
        title: "get prints a 404's body and exits 0, but with -f exits 22",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Quest,
        run: options::fail_flag,
    },
    Check {
        id: "client-send-body",
        title: "get -X/-H/-d sends the method, the fields and the body with its length",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(1),
        run: request::send_body,
    },
    Check {
        id: "client-output-file",
        title: "get -o FILE writes the body to the file and nothing to stdout",
        points: 1,
        category: Category::Client,
        revisit: Revisit::Quest,
        run: options::output_file,
    },
    Check {
        id: "client-verbose",
        title: "get -v shows the request on stderr and keeps stdout for the body",
        points: 1,
        category: Category::Client,
        revisit: Revisit::Quest,
        run: options::verbose,
    },
];
