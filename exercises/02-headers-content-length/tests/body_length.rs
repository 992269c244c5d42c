// The RFC 9112 §6.3 body-length decision.
// Functions under test: `request_body_length`, `response_body_length`.

use lesson02::{
    BodyLength, FramingError, Header, Headers, RequestHead, ResponseHead, request_body_length,
    response_body_length,
};

fn headers(pairs: &[(&str, &str)]) -> Headers {
    pairs
        .iter()
        .map(|(name, value)| Header::new(*name, *value))
        .collect()
}

fn request(method: &str, pairs: &[(&str, &str)]) -> RequestHead {
    RequestHead {
        method: method.into(),
        target: "/upload".into(),
        version: 1,
        headers: headers(pairs),
    }
}

fn response(status: u16, pairs: &[(&str, &str)]) -> ResponseHead {
    ResponseHead {
        version: 1,
        status,
        reason: String::new(),
        headers: headers(pairs),
    }
}

// ------------------------------------------------------------- responses --

#[test]
fn response_to_head_has_no_body_whatever_content_length_says() {
    let head = response(200, &[("Content-Length", "1234")]);
    assert_eq!(
        response_body_length("HEAD", &head),
        Ok(BodyLength::Empty),
        "a response to HEAD never has a body; its Content-Length describes what GET would send"
    );
    let chunked = response(200, &[("Transfer-Encoding", "chunked")]);
    assert_eq!(
        response_body_length("HEAD", &chunked),
        Ok(BodyLength::Empty),
        "not even when it says Transfer-Encoding: chunked"
    );
    assert_eq!(
        response_body_length("head", &head),
        Ok(BodyLength::Fixed(1234)),
        "methods are case-sensitive (RFC 9110 §9.1): `head` is not HEAD"
    );
}

#[test]
fn informational_no_content_and_not_modified_responses_have_no_body() {
    for status in [100, 101, 103, 199, 204, 304] {
        let head = response(status, &[("Content-Length", "10")]);
        assert_eq!(
            response_body_length("GET", &head),
            Ok(BodyLength::Empty),
            "a {status} response never has a body (RFC 9112 §6.3 rule 1)"
        );
    }
}

#[test]
fn response_with_content_length_has_a_fixed_body() {
    assert_eq!(
        response_body_length("GET", &response(200, &[("Content-Length", "42")])),
        Ok(BodyLength::Fixed(42)),
        "Content-Length: 42 means the next 42 bytes are the body"
    );
    assert_eq!(
        response_body_length("GET", &response(200, &[("Content-Length", "0")])),
        Ok(BodyLength::Fixed(0)),
        "Content-Length: 0 is a fixed body of length 0"
    );
    assert_eq!(
        response_body_length("GET", &response(205, &[("content-length", "7")])),
        Ok(BodyLength::Fixed(7)),
        "only 1xx, 204 and 304 are bodiless; other statuses follow their fields"
    );
}

#[test]
fn chunked_response_is_chunked() {
    assert_eq!(
        response_body_length("GET", &response(200, &[("Transfer-Encoding", "chunked")])),
        Ok(BodyLength::Chunked),
        "Transfer-Encoding: chunked frames the body in chunks"
    );
    assert_eq!(
        response_body_length(
            "GET",
            &response(
                200,
                &[
                    ("Transfer-Encoding", "gzip"),
                    ("transfer-encoding", "Chunked")
                ]
            )
        ),
        Ok(BodyLength::Chunked),
        "what counts is the final coding over all Transfer-Encoding lines; names are case-insensitive"
    );
}

#[test]
fn response_transfer_encoding_overrides_content_length() {
    let head = response(
        200,
        &[("Content-Length", "5"), ("Transfer-Encoding", "chunked")],
    );
    assert_eq!(
        response_body_length("GET", &head),
        Ok(BodyLength::Chunked),
        "in a response, Transfer-Encoding overrides Content-Length (RFC 9112 §6.3 rule 3)"
    );
}

#[test]
fn response_whose_final_coding_is_not_chunked_is_read_until_close() {
    let head = response(200, &[("Transfer-Encoding", "chunked, gzip")]);
    assert_eq!(
        response_body_length("GET", &head),
        Ok(BodyLength::UntilClose),
        "a response whose final coding is not chunked ends when the server closes (rule 4)"
    );
}

#[test]
fn response_without_length_fields_is_read_until_close() {
    assert_eq!(
        response_body_length("GET", &response(200, &[("Content-Type", "text/plain")])),
        Ok(BodyLength::UntilClose),
        "a response with neither Content-Length nor Transfer-Encoding ends at EOF (rule 8)"
    );
}

#[test]
fn response_with_invalid_content_length_is_an_error() {
    assert_eq!(
        response_body_length("GET", &response(200, &[("Content-Length", "ten")])),
        Err(FramingError::InvalidContentLength("ten".into())),
        "a client must not guess a length from an invalid Content-Length (rule 5)"
    );
    assert_eq!(
        response_body_length("GET", &response(200, &[("Content-Length", "1, 2")])),
        Err(FramingError::ConflictingContentLength),
        "nor pick one of two different lengths"
    );
}

// -------------------------------------------------------------- requests --

#[test]
fn request_without_length_fields_has_no_body() {
    assert_eq!(
        request_body_length(&request("GET", &[("Host", "example.com")])),
        Ok(BodyLength::Empty),
        "a request with neither field has no body (rule 7) – never read until close"
    );
    assert_eq!(
        request_body_length(&request("POST", &[])),
        Ok(BodyLength::Empty),
        "the method does not matter: a POST without framing fields has no body either"
    );
}

#[test]
fn request_with_content_length_has_a_fixed_body() {
    assert_eq!(
        request_body_length(&request("PUT", &[("Content-Length", "5")])),
        Ok(BodyLength::Fixed(5)),
        "Content-Length: 5 means five body bytes follow the head"
    );
}

#[test]
fn chunked_request_is_chunked() {
    assert_eq!(
        request_body_length(&request("PUT", &[("Transfer-Encoding", "chunked")])),
        Ok(BodyLength::Chunked),
        "Transfer-Encoding: chunked frames the request body in chunks"
    );
    assert_eq!(
        request_body_length(&request("PUT", &[("transfer-encoding", " CHUNKED ")])),
        Ok(BodyLength::Chunked),
        "coding names are case-insensitive and surrounding spaces do not matter"
    );
}

#[test]
fn request_with_content_length_and_transfer_encoding_is_rejected() {
    let head = request(
        "POST",
        &[("Content-Length", "4"), ("Transfer-Encoding", "chunked")],
    );
    let answer = request_body_length(&head);
    assert_eq!(
        answer,
        Err(FramingError::ContentLengthWithTransferEncoding),
        "a request with both framing fields is the classic smuggling shape: reject it"
    );
    assert_eq!(
        answer.map_err(|error| error.status_code()),
        Err(400),
        "the server answers 400 and closes the connection"
    );
}

#[test]
fn request_whose_final_coding_is_not_chunked_is_rejected() {
    let answer = request_body_length(&request("POST", &[("Transfer-Encoding", "gzip")]));
    assert_eq!(
        answer,
        Err(FramingError::ChunkedNotFinal("gzip".into())),
        "a request body must end in chunked, or its length is unknown (RFC 9112 §6.3 rule 4)"
    );
    assert_eq!(
        answer.map_err(|error| error.status_code()),
        Err(400),
        "RFC 9112 §6.3 rule 4: the server MUST answer 400 and close"
    );
    assert_eq!(
        request_body_length(&request("POST", &[("Transfer-Encoding", "chunked, gzip")])),
        Err(FramingError::ChunkedNotFinal("gzip".into())),
        "chunked that is not the last coding does not count"
    );
}

#[test]
fn request_with_a_coding_other_than_chunked_is_not_implemented() {
    let answer = request_body_length(&request("POST", &[("Transfer-Encoding", "gzip, chunked")]));
    assert_eq!(
        answer,
        Err(FramingError::UnsupportedTransferCoding("gzip".into())),
        "the framing is chunked, but the body is gzip-coded underneath, which we cannot undo"
    );
    assert_eq!(
        answer.map_err(|error| error.status_code()),
        Err(501),
        "RFC 9112 §6.1: a coding the server does not understand is answered with 501"
    );
}

#[test]
fn request_with_invalid_content_length_is_rejected() {
    assert_eq!(
        request_body_length(&request("PUT", &[("Content-Length", "-1")])),
        Err(FramingError::InvalidContentLength("-1".into())),
        "the head may have been built by hand: the body-length decision checks Content-Length too"
    );
    assert_eq!(
        request_body_length(&request(
            "PUT",
            &[("Content-Length", "3"), ("Content-Length", "4")]
        )),
        Err(FramingError::ConflictingContentLength),
        "two different lengths are a conflict"
    );
}
