// Incremental head parsing, compared with the `httparse` crate.
// Functions under test: `parse_request_head`, `parse_response_head`.
//
// `httparse` is a widely used HTTP/1.x parser. On the tables below it is the
// oracle for *syntax*: your parser must accept exactly the heads it accepts,
// reject the ones it rejects (with the error variant the table names), and
// find the same method, target, version, status and fields. httparse does not
// judge Content-Length values, so those are tested separately.

use lesson02::{
    HeadError, Parsed, RequestHead, ResponseHead, parse_request_head, parse_response_head,
};

/// What a table entry expects from your parser.
enum Expect {
    Accept,
    Reject(HeadError),
}

/// `(description, input, expectation)`.
type Case = (&'static str, &'static [u8], Expect);

fn request_cases() -> Vec<Case> {
    use Expect::{Accept, Reject};
    vec![
        (
            "simple GET",
            b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
            Accept,
        ),
        (
            "POST with body bytes after the head",
            b"POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
            Accept,
        ),
        (
            "HTTP/1.0 without fields",
            b"GET /index.html HTTP/1.0\r\n\r\n",
            Accept,
        ),
        (
            "bare LF line endings",
            b"GET / HTTP/1.1\nHost: a\nAccept: */*\n\n",
            Accept,
        ),
        (
            "mixed line endings",
            b"GET / HTTP/1.1\r\nHost: a\n\r\n",
            Accept,
        ),
        (
            "empty line before the request line",
            b"\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
            Accept,
        ),
        (
            "spaces and tabs around values",
            b"GET / HTTP/1.1\r\nHost: \t a.example \t\r\nX-Empty:\r\nX-Blank:   \r\n\r\n",
            Accept,
        ),
        (
            "spaces inside a value",
            b"GET / HTTP/1.1\r\nUser-Agent: my  client/1.0 (x; y)\r\n\r\n",
            Accept,
        ),
        (
            "repeated fields",
            b"GET / HTTP/1.1\r\nVia: 1.1 a\r\nvia: 1.1 b\r\nCookie: a=1\r\n\r\n",
            Accept,
        ),
        (
            "every token character in method and name",
            b"M-SEARCH * HTTP/1.1\r\nX-Odd_Name.v2!#$%&'*+^`|~: ok\r\n\r\n",
            Accept,
        ),
        (
            "absolute-form target",
            b"GET http://example.com/a?b=c HTTP/1.1\r\nHost: example.com\r\n\r\n",
            Accept,
        ),
        (
            "colon inside a value",
            b"GET / HTTP/1.1\r\nHost: example.com:8080\r\n\r\n",
            Accept,
        ),
        (
            "obs-text in a value",
            b"GET / HTTP/1.1\r\nX-Name: caf\xe9\r\n\r\n",
            Accept,
        ),
        (
            "obs-fold",
            b"GET / HTTP/1.1\r\nX-Long: a\r\n  continued\r\n\r\n",
            Reject(HeadError::ObsFold),
        ),
        (
            "whitespace before the first field",
            b"GET / HTTP/1.1\r\n Host: a\r\n\r\n",
            Reject(HeadError::ObsFold),
        ),
        (
            "space before colon",
            b"GET / HTTP/1.1\r\nHost : a\r\n\r\n",
            Reject(HeadError::SpaceBeforeColon),
        ),
        (
            "tab before colon",
            b"GET / HTTP/1.1\r\nHost\t: a\r\n\r\n",
            Reject(HeadError::SpaceBeforeColon),
        ),
        (
            "non-token character in a name",
            b"GET / HTTP/1.1\r\nX(y): a\r\n\r\n",
            Reject(HeadError::InvalidFieldName("X(y)".into())),
        ),
        (
            "space inside a name",
            b"GET / HTTP/1.1\r\nX y: a\r\n\r\n",
            Reject(HeadError::InvalidFieldName("X y".into())),
        ),
        (
            "empty name",
            b"GET / HTTP/1.1\r\n: a\r\n\r\n",
            Reject(HeadError::InvalidFieldName(String::new())),
        ),
        (
            "missing colon",
            b"GET / HTTP/1.1\r\nHost a\r\n\r\n",
            Reject(HeadError::MissingColon),
        ),
        (
            "NUL in a value",
            b"GET / HTTP/1.1\r\nX-Bad: a\0b\r\n\r\n",
            Reject(HeadError::InvalidFieldValue("X-Bad".into())),
        ),
        (
            "bare CR in a value",
            b"GET / HTTP/1.1\r\nX-Bad: a\rb\r\n\r\n",
            Reject(HeadError::InvalidFieldValue("X-Bad".into())),
        ),
        (
            "DEL in a value",
            b"GET / HTTP/1.1\r\nX-Bad: a\x7fb\r\n\r\n",
            Reject(HeadError::InvalidFieldValue("X-Bad".into())),
        ),
        (
            "non-token character in the method",
            b"G(T / HTTP/1.1\r\n\r\n",
            Reject(HeadError::InvalidRequestLine),
        ),
        (
            "two spaces after the method",
            b"GET  / HTTP/1.1\r\n\r\n",
            Reject(HeadError::InvalidRequestLine),
        ),
        (
            "missing version",
            b"GET /\r\n\r\n",
            Reject(HeadError::InvalidRequestLine),
        ),
        (
            "lower-case protocol name",
            b"GET / http/1.1\r\n\r\n",
            Reject(HeadError::InvalidRequestLine),
        ),
        (
            "space after the version",
            b"GET / HTTP/1.1 \r\n\r\n",
            Reject(HeadError::InvalidRequestLine),
        ),
        (
            "three-digit version",
            b"GET / HTTP/1.10\r\n\r\n",
            Reject(HeadError::InvalidRequestLine),
        ),
        (
            "space inside the target",
            b"GET /a b HTTP/1.1\r\n\r\n",
            Reject(HeadError::InvalidRequestLine),
        ),
        (
            "control byte in the target",
            b"GET /a\x01b HTTP/1.1\r\n\r\n",
            Reject(HeadError::InvalidRequestLine),
        ),
        (
            "bare CR as a line ending",
            b"GET / HTTP/1.1\rHost: a\r\n\r\n",
            Reject(HeadError::InvalidRequestLine),
        ),
        (
            "HTTP/2.0 on an HTTP/1 request line",
            b"GET / HTTP/2.0\r\nHost: a\r\n\r\n",
            Reject(HeadError::UnsupportedVersion("HTTP/2.0".into())),
        ),
    ]
}

fn response_cases() -> Vec<Case> {
    use Expect::{Accept, Reject};
    vec![
        (
            "200 with a body after the head",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
            Accept,
        ),
        (
            "HTTP/1.0 404 without fields",
            b"HTTP/1.0 404 Not Found\r\n\r\n",
            Accept,
        ),
        (
            "no reason phrase",
            b"HTTP/1.1 204\r\nDate: x\r\n\r\n",
            Accept,
        ),
        ("empty reason phrase", b"HTTP/1.1 204 \r\n\r\n", Accept),
        (
            "bare LF line endings",
            b"HTTP/1.1 200 OK\nServer: x\n\n",
            Accept,
        ),
        (
            "tab and double space in the reason",
            b"HTTP/1.1 500 Internal\tServer  Error\r\n\r\n",
            Accept,
        ),
        (
            "two Set-Cookie lines",
            b"HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\n\r\n",
            Accept,
        ),
        ("unusual status", b"HTTP/1.1 599 Whatever\r\n\r\n", Accept),
        (
            "empty line before the status line",
            b"\r\nHTTP/1.1 200 OK\r\n\r\n",
            Accept,
        ),
        (
            "obs-fold",
            b"HTTP/1.1 200 OK\r\nX-Long: a\r\n\tb\r\n\r\n",
            Reject(HeadError::ObsFold),
        ),
        (
            "space before colon",
            b"HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\n",
            Reject(HeadError::SpaceBeforeColon),
        ),
        (
            "missing colon",
            b"HTTP/1.1 200 OK\r\nServer\r\n\r\n",
            Reject(HeadError::MissingColon),
        ),
        (
            "NUL in a value",
            b"HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n",
            Reject(HeadError::InvalidFieldValue("X".into())),
        ),
        (
            "two-digit status",
            b"HTTP/1.1 20 OK\r\n\r\n",
            Reject(HeadError::InvalidStatusLine),
        ),
        (
            "four-digit status",
            b"HTTP/1.1 2000 OK\r\n\r\n",
            Reject(HeadError::InvalidStatusLine),
        ),
        (
            "letters as status",
            b"HTTP/1.1 abc OK\r\n\r\n",
            Reject(HeadError::InvalidStatusLine),
        ),
        (
            "two spaces before the status",
            b"HTTP/1.1  200 OK\r\n\r\n",
            Reject(HeadError::InvalidStatusLine),
        ),
        (
            "no space after the status",
            b"HTTP/1.1 200OK\r\n\r\n",
            Reject(HeadError::InvalidStatusLine),
        ),
        (
            "control byte in the reason",
            b"HTTP/1.1 200 O\x01K\r\n\r\n",
            Reject(HeadError::InvalidStatusLine),
        ),
        (
            "no status at all",
            b"HTTP/1.1\r\n\r\n",
            Reject(HeadError::InvalidStatusLine),
        ),
        (
            "short version",
            b"HTTP/2 200 OK\r\n\r\n",
            Reject(HeadError::InvalidStatusLine),
        ),
        (
            "not HTTP",
            b"ICY 200 OK\r\n\r\n",
            Reject(HeadError::InvalidStatusLine),
        ),
        (
            "HTTP/2.0 status line",
            b"HTTP/2.0 200 OK\r\n\r\n",
            Reject(HeadError::UnsupportedVersion("HTTP/2.0".into())),
        ),
    ]
}

/// A parsed head in a shape both parsers can be compared in: start-line
/// parts, fields as `(name, value)` with values decoded like
/// `String::from_utf8_lossy`, and the number of bytes used.
#[derive(Debug, PartialEq)]
struct Seen {
    start: (String, String, u8),
    fields: Vec<(String, String)>,
    consumed: usize,
}

/// httparse's reading of a request: `Some` if it accepts the head.
fn httparse_request(input: &[u8]) -> Option<Seen> {
    let mut fields = [httparse::EMPTY_HEADER; 32];
    let mut request = httparse::Request::new(&mut fields);
    match request.parse(input) {
        Ok(httparse::Status::Complete(consumed)) => Some(Seen {
            start: (
                request.method?.to_owned(),
                request.path?.to_owned(),
                request.version?,
            ),
            fields: httparse_fields(request.headers),
            consumed,
        }),
        Ok(httparse::Status::Partial) => panic!("test table error: {input:?} is not a whole head"),
        Err(_) => None,
    }
}

/// httparse's reading of a response: `Some` if it accepts the head.
fn httparse_response(input: &[u8]) -> Option<Seen> {
    let mut fields = [httparse::EMPTY_HEADER; 32];
    let mut response = httparse::Response::new(&mut fields);
    match response.parse(input) {
        Ok(httparse::Status::Complete(consumed)) => Some(Seen {
            start: (
                response.code?.to_string(),
                response.reason?.to_owned(),
                response.version?,
            ),
            fields: httparse_fields(response.headers),
            consumed,
        }),
        Ok(httparse::Status::Partial) => panic!("test table error: {input:?} is not a whole head"),
        Err(_) => None,
    }
}

fn httparse_fields(fields: &[httparse::Header<'_>]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|field| {
            let value = String::from_utf8_lossy(field.value).into_owned();
            (field.name.to_owned(), value)
        })
        .collect()
}

fn seen_request(head: &RequestHead, consumed: usize) -> Seen {
    Seen {
        start: (head.method.clone(), head.target.clone(), head.version),
        fields: head
            .headers
            .iter()
            .map(|field| (field.name.clone(), field.value.clone()))
            .collect(),
        consumed,
    }
}

fn seen_response(head: &ResponseHead, consumed: usize) -> Seen {
    Seen {
        start: (head.status.to_string(), head.reason.clone(), head.version),
        fields: head
            .headers
            .iter()
            .map(|field| (field.name.clone(), field.value.clone()))
            .collect(),
        consumed,
    }
}

/// Runs one table against your parser and httparse.
fn compare_with_httparse<T: PartialEq + std::fmt::Debug>(
    cases: Vec<Case>,
    parse: fn(&[u8]) -> Result<Parsed<T>, HeadError>,
    seen: fn(&T, usize) -> Seen,
    oracle: fn(&[u8]) -> Option<Seen>,
) {
    for (what, input, expect) in cases {
        let ours = parse(input);
        let theirs = oracle(input);
        match expect {
            Expect::Accept => {
                let theirs =
                    theirs.unwrap_or_else(|| panic!("test table error: httparse rejects {what}"));
                match ours {
                    Ok(Parsed::Complete { value, consumed }) => assert_eq!(
                        seen(&value, consumed),
                        theirs,
                        "{what}: {input:?}\nyour parser (left) and httparse (right) must read the same \
                         start line, the same fields in the same order, and use the same number of bytes"
                    ),
                    other => panic!(
                        "{what}: {input:?}\nthis is a whole, valid head; expected Ok(Complete {{ .. }}), got {other:?}"
                    ),
                }
            }
            Expect::Reject(error) => {
                assert!(
                    theirs.is_none(),
                    "test table error: httparse accepts {what}"
                );
                assert_eq!(
                    ours,
                    Err(error),
                    "{what}: {input:?}\nhttparse rejects this head; yours must reject it with this error"
                );
            }
        }
    }
}

// ---------------------------------------------------------------- oracle --

#[test]
fn requests_are_read_like_httparse_reads_them() {
    compare_with_httparse(
        request_cases(),
        parse_request_head,
        seen_request,
        httparse_request,
    );
}

#[test]
fn responses_are_read_like_httparse_reads_them() {
    compare_with_httparse(
        response_cases(),
        parse_response_head,
        seen_response,
        httparse_response,
    );
}

// ---------------------------------------------------------- split points --

/// Feeds every prefix of every accepted input and checks the answer.
fn check_every_prefix_of_valid_heads<T: PartialEq + std::fmt::Debug>(
    cases: Vec<Case>,
    parse: fn(&[u8]) -> Result<Parsed<T>, HeadError>,
    oracle: fn(&[u8]) -> Option<Seen>,
) {
    for (what, head, expect) in cases {
        if !matches!(expect, Expect::Accept) {
            continue;
        }
        let mut input = head.to_vec();
        input.extend_from_slice(b"NEXT MESSAGE BYTES");
        let head_len = oracle(&input)
            .unwrap_or_else(|| panic!("test table error: httparse rejects {what}"))
            .consumed;
        let whole = parse(&input);
        for end in 0..=input.len() {
            let prefix = &input[..end];
            let answer = parse(prefix);
            if end < head_len {
                assert_eq!(
                    answer,
                    Ok(Parsed::Partial),
                    "{what}: after only {end} of the {head_len} bytes of the head ({prefix:?}) \
                     the answer must be Partial: the empty line has not arrived"
                );
            } else {
                assert_eq!(
                    answer, whole,
                    "{what}: once the whole head is there ({end} bytes), extra bytes must not change the answer"
                );
                assert!(
                    matches!(answer, Ok(Parsed::Complete { consumed, .. }) if consumed == head_len),
                    "{what}: with {end} bytes, expected Complete with consumed = {head_len} \
                     (the head up to and including the empty line, no body bytes), got {answer:?}"
                );
            }
        }
    }
}

#[test]
fn request_head_is_partial_until_the_empty_line_at_every_split() {
    check_every_prefix_of_valid_heads(request_cases(), parse_request_head, httparse_request);
}

#[test]
fn response_head_is_partial_until_the_empty_line_at_every_split() {
    check_every_prefix_of_valid_heads(response_cases(), parse_response_head, httparse_response);
}

/// Feeds every prefix of every rejected input: an incremental parser may
/// answer Partial while the bad line is incomplete, or the error once it is
/// visible – but never Complete and never another error.
fn check_every_prefix_of_invalid_heads<T: PartialEq + std::fmt::Debug>(
    cases: Vec<Case>,
    parse: fn(&[u8]) -> Result<Parsed<T>, HeadError>,
) {
    for (what, input, expect) in cases {
        let Expect::Reject(error) = expect else {
            continue;
        };
        for end in 0..input.len() {
            let prefix = &input[..end];
            let answer = parse(prefix);
            assert!(
                answer == Ok(Parsed::Partial) || answer == Err(error.clone()),
                "{what}: for the first {end} bytes ({prefix:?}) expected Partial, or the error \
                 {error:?} once the bad line is complete; got {answer:?}"
            );
        }
    }
}

#[test]
fn invalid_request_heads_never_complete_at_any_split() {
    check_every_prefix_of_invalid_heads(request_cases(), parse_request_head);
}

#[test]
fn invalid_response_heads_never_complete_at_any_split() {
    check_every_prefix_of_invalid_heads(response_cases(), parse_response_head);
}

#[test]
fn a_bad_line_is_reported_before_the_head_is_complete() {
    assert_eq!(
        parse_request_head(b"GET / HTTP/1.1\r\nHost : a\r\n"),
        Err(HeadError::SpaceBeforeColon),
        "a complete field line can be judged at once; do not wait for the empty line \
         (a peer could keep the head open forever)"
    );
    assert_eq!(
        parse_response_head(b"HTTP/1.1 2000 OK\r\n"),
        Err(HeadError::InvalidStatusLine),
        "a complete bad status line is an error at once"
    );
}

// -------------------------------------------------------------- versions --

// Not in the httparse tables: httparse rejects HTTP/1.2, but RFC 9110 §6.2
// says a recipient SHOULD process a higher minor version as the highest one it
// implements. 505 is for another *major* version.
#[test]
fn higher_minor_version_is_processed_as_http_1_1() {
    let answer = parse_request_head(b"GET / HTTP/1.2\r\nHost: a\r\n\r\n");
    assert!(
        matches!(&answer, Ok(Parsed::Complete { value, .. }) if value.version == 1),
        "HTTP/1.2 is read as HTTP/1.1 (version 1), not rejected (RFC 9110 §6.2); got {answer:?}"
    );
    let answer = parse_response_head(b"HTTP/1.9 200 OK\r\n\r\n");
    assert!(
        matches!(&answer, Ok(Parsed::Complete { value, .. }) if value.version == 1),
        "a response with HTTP/1.9 is read as HTTP/1.1 too; got {answer:?}"
    );
    let answer = parse_request_head(b"GET / HTTP/3.0\r\n\r\n");
    assert_eq!(
        answer,
        Err(HeadError::UnsupportedVersion("HTTP/3.0".into())),
        "another major version is UnsupportedVersion, carrying the version"
    );
    assert_eq!(
        answer.map_err(|error| error.status_code()),
        Err(505),
        "a server answers an unsupported major version with 505"
    );
}

// ------------------------------------------------------- consumed, order --

#[test]
fn pipelined_requests_are_parsed_one_after_the_other() {
    let stream = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\nGET /c";
    let Ok(Parsed::Complete {
        value: first,
        consumed,
    }) = parse_request_head(stream)
    else {
        panic!("the first request is complete; expected Complete");
    };
    assert_eq!(first.target, "/a", "the first request asks for /a");
    assert_eq!(
        consumed, 28,
        "the first head is 28 bytes long (17 + 9 + 2); the next request starts there"
    );
    let rest = &stream[consumed..];
    let Ok(Parsed::Complete {
        value: second,
        consumed: used,
    }) = parse_request_head(rest)
    else {
        panic!("the second request is complete too; expected Complete");
    };
    assert_eq!(
        second.target, "/b",
        "parsing from `consumed` finds the second request"
    );
    assert_eq!(
        parse_request_head(&rest[used..]),
        Ok(Parsed::Partial),
        "the third request has only begun: Partial"
    );
}

// ------------------------------------------------ Content-Length in heads --

#[test]
fn head_with_conflicting_content_length_is_rejected() {
    assert_eq!(
        parse_request_head(
            b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"
        ),
        Err(HeadError::ConflictingContentLength),
        "a request head with two different Content-Length values is rejected (400)"
    );
    assert_eq!(
        parse_response_head(b"HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n"),
        Err(HeadError::ConflictingContentLength),
        "a response head with `5, 6` is rejected: the client cannot know where the body ends"
    );
}

#[test]
fn head_with_invalid_content_length_is_rejected() {
    assert_eq!(
        parse_request_head(b"POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\nhello"),
        Err(HeadError::InvalidContentLength("+5".into())),
        "Content-Length must be digits only; `+5` is invalid even though \"+5\".parse::<u64>() works"
    );
    assert_eq!(
        parse_response_head(b"HTTP/1.1 200 OK\r\nContent-Length: 5 bytes\r\n\r\n"),
        Err(HeadError::InvalidContentLength("5 bytes".into())),
        "a response head with a non-numeric Content-Length is rejected"
    );
}

#[test]
fn head_with_identical_duplicate_content_length_is_accepted() {
    let answer = parse_request_head(
        b"POST / HTTP/1.1\r\nContent-Length: 5\r\ncontent-length: 5, 5\r\n\r\nhello",
    );
    assert!(
        matches!(&answer, Ok(Parsed::Complete { value, consumed: 60 }) if value.headers.len() == 2),
        "the same length three times is one length (RFC 9110 §8.6); the head is 60 bytes; got {answer:?}"
    );
}

// ------------------------------------------------------------- snapshots --

#[test]
fn typical_request_head_snapshot() {
    let input = b"PUT /files/notes.txt HTTP/1.1\r\n\
        Host: localhost:8080\r\n\
        User-Agent: quest/0.1\r\n\
        Accept: */*\r\n\
        Content-Type: text/plain\r\n\
        Content-Length: 11\r\n\
        \r\n\
        hello world";
    insta::assert_debug_snapshot!("typical_request_head", parse_request_head(input));
}

#[test]
fn typical_response_head_snapshot() {
    let input = b"HTTP/1.1 200 OK\r\n\
        Date: Mon, 06 Jan 2025 10:00:00 GMT\r\n\
        Server: quest\r\n\
        Content-Type: text/html; charset=utf-8\r\n\
        Transfer-Encoding: chunked\r\n\
        Set-Cookie: a=1\r\n\
        Set-Cookie: b=2\r\n\
        \r\n\
        5\r\nhello\r\n0\r\n\r\n";
    insta::assert_debug_snapshot!("typical_response_head", parse_response_head(input));
}
