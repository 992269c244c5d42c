// Splitting a byte stream into pipelined messages, in order.
// Function under test: `split_messages` (`head_end` and `content_length_of`
// are given).

use lesson03::{SplitError, split_messages};

const GET_A: &[u8] = b"GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n";
const GET_B: &[u8] = b"GET /b HTTP/1.1\r\nHost: example.com\r\n\r\n";
const PUT_C: &[u8] =
    b"PUT /c HTTP/1.1\r\nHost: example.com\r\nContent-Length: 11\r\n\r\nhello\r\n\r\nok";

fn concat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// The messages and the rest, as text, for readable assertion messages.
fn show(messages: &[&[u8]]) -> Vec<String> {
    messages
        .iter()
        .map(|message| String::from_utf8_lossy(message).into_owned())
        .collect()
}

#[test]
fn two_complete_requests_and_a_partial_one() {
    let buf = concat(&[GET_A, GET_B, b"GET /c HT"]);
    let split = split_messages(&buf).expect("three plain GET requests are valid");
    assert_eq!(
        show(&split.messages),
        show(&[GET_A, GET_B]),
        "the two whole requests come out, whole and in order"
    );
    assert_eq!(
        split.rest, b"GET /c HT",
        "the unfinished third request stays in the rest, to be completed by the next read"
    );
}

#[test]
fn empty_buffer_has_no_messages() {
    let split = split_messages(b"").expect("an empty buffer is not an error");
    assert!(
        split.messages.is_empty(),
        "an empty buffer holds no message"
    );
    assert!(
        split.rest.is_empty(),
        "an empty buffer leaves an empty rest"
    );
}

#[test]
fn a_lone_partial_head_is_all_rest() {
    let buf = b"GET /a HTTP/1.1\r\nHost: example.com\r\n";
    let split = split_messages(buf).expect("a partial head is not an error");
    assert!(
        split.messages.is_empty(),
        "no empty line yet, so no whole message"
    );
    assert_eq!(split.rest, &buf[..], "the whole buffer is the rest");
}

#[test]
fn a_body_is_part_of_its_message() {
    let buf = concat(&[PUT_C, GET_A]);
    let split = split_messages(&buf).expect("a PUT with Content-Length and a GET are valid");
    assert_eq!(
        show(&split.messages),
        show(&[PUT_C, GET_A]),
        "the PUT ends after its 11 body bytes (which contain an empty line of their own), \
         and the GET starts right after"
    );
    assert!(split.rest.is_empty(), "nothing is left after the GET");
}

#[test]
fn an_unfinished_body_keeps_its_head_in_the_rest() {
    let buf = concat(&[GET_A, &PUT_C[..PUT_C.len() - 3]]);
    let split = split_messages(&buf).expect("the buffer is valid so far");
    assert_eq!(
        show(&split.messages),
        show(&[GET_A]),
        "only the GET is whole: the PUT's body is 3 bytes short"
    );
    assert_eq!(
        show(&[split.rest]),
        show(&[&PUT_C[..PUT_C.len() - 3]]),
        "the rest starts at the PUT's head, not at its body: the head is needed again \
         to know how long the body is"
    );
}

#[test]
fn byte_at_a_time_gives_the_same_messages() {
    let stream = concat(&[GET_A, PUT_C, GET_B, PUT_C]);
    let mut buffer: Vec<u8> = Vec::new();
    let mut received: Vec<Vec<u8>> = Vec::new();
    for &byte in &stream {
        buffer.push(byte);
        let (messages, rest) = {
            let split = split_messages(&buffer).expect("every prefix of valid requests is valid");
            let messages: Vec<Vec<u8>> = split.messages.iter().map(|m| m.to_vec()).collect();
            (messages, split.rest.to_vec())
        };
        received.extend(messages);
        buffer = rest;
    }
    let received: Vec<&[u8]> = received.iter().map(Vec::as_slice).collect();
    assert_eq!(
        show(&received),
        show(&[GET_A, PUT_C, GET_B, PUT_C]),
        "feeding the stream one byte at a time and keeping the rest yields the same four \
         requests, whole and in order"
    );
    assert!(
        buffer.is_empty(),
        "nothing is left once the last byte has arrived"
    );
}

#[test]
fn pipelined_responses_come_out_in_order() {
    let buf = concat(&[
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst",
        b"HTTP/1.1 404 Not Found\r\ncontent-length: 6\r\n\r\nsecond",
        b"HTTP/1.1 204 No Content\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Len",
    ]);
    let split = split_messages(&buf).expect("these responses are valid");
    let mut rendered = String::new();
    for (index, message) in split.messages.iter().enumerate() {
        rendered.push_str(&format!(
            "message {}: {:?}\n",
            index + 1,
            String::from_utf8_lossy(message)
        ));
    }
    rendered.push_str(&format!(
        "rest: {:?}\n",
        String::from_utf8_lossy(split.rest)
    ));
    insta::assert_snapshot!("pipelined_responses_in_order", rendered);
}

#[test]
fn invalid_content_length_is_an_error() {
    let buf = concat(&[GET_A, b"PUT /x HTTP/1.1\r\nContent-Length: 5x\r\n\r\nhello"]);
    assert_eq!(
        split_messages(&buf),
        Err(SplitError::InvalidContentLength("5x".into())),
        "a Content-Length that is not a number makes the stream unsplittable"
    );
    let conflicting = b"PUT /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!";
    assert_eq!(
        split_messages(conflicting),
        Err(SplitError::InvalidContentLength("6".into())),
        "two different Content-Length values make the stream unsplittable"
    );
}

#[test]
fn transfer_encoding_is_refused_not_guessed() {
    let buf = b"PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
    assert_eq!(
        split_messages(buf),
        Err(SplitError::TransferEncodingNotSupported),
        "a chunked body cannot be delimited by Content-Length; this splitter refuses it"
    );
}

#[test]
fn a_huge_content_length_waits_instead_of_overflowing() {
    let head = format!(
        "PUT /x HTTP/1.1\r\nContent-Length: {}\r\n\r\nabc",
        usize::MAX
    );
    let split = split_messages(head.as_bytes())
        .expect("a Content-Length of usize::MAX is a number; the body just has not arrived");
    assert!(
        split.messages.is_empty(),
        "a body of usize::MAX bytes is never complete: head length + body length must not wrap"
    );
    assert_eq!(
        split.rest,
        head.as_bytes(),
        "the whole message stays in the rest"
    );
}
