// One field line, looking fields up by name, and Content-Length.
// Functions under test: `field_values` (and `Headers::get` / `get_all`,
// which are built on it), `parse_field_line`, `content_length`.

use lesson02::{HeadError, Header, Headers, content_length, field_values, parse_field_line};

/// Builds a header list from `(name, value)` pairs, in order.
fn headers(pairs: &[(&str, &str)]) -> Headers {
    pairs
        .iter()
        .map(|(name, value)| Header::new(*name, *value))
        .collect()
}

// ---------------------------------------------------------------- lookup --

#[test]
fn lookup_ignores_the_case_of_field_names() {
    let fields = headers(&[("Content-Type", "text/html"), ("HOST", "example.com")]);
    assert_eq!(
        field_values(&fields, "content-type"),
        ["text/html"],
        "field names are case-insensitive (RFC 9110 §5.1): `content-type` finds `Content-Type`"
    );
    assert_eq!(
        fields.get("Host"),
        Some("example.com"),
        "`Host` finds the field sent as `HOST`"
    );
    assert_eq!(
        fields.get("Hostname"),
        None,
        "only the whole name matches: `Hostname` is not `HOST`"
    );
    assert!(
        field_values(&fields, "Accept").is_empty(),
        "a name that is not there gives an empty list"
    );
}

#[test]
fn repeated_fields_are_kept_in_arrival_order() {
    let fields = headers(&[
        ("Set-Cookie", "a=1"),
        ("Via", "1.1 proxy-a"),
        ("set-cookie", "b=2"),
        ("Content-Length", "3"),
        ("VIA", "1.1 proxy-b"),
    ]);
    assert_eq!(
        field_values(&fields, "Set-Cookie"),
        ["a=1", "b=2"],
        "both Set-Cookie lines, first line first, whatever their spelling"
    );
    assert_eq!(
        fields.get_all("via").collect::<Vec<_>>(),
        ["1.1 proxy-a", "1.1 proxy-b"],
        "get_all returns every Via line in order"
    );
    assert_eq!(
        fields.get("via"),
        Some("1.1 proxy-a"),
        "get returns the first of the repeated lines"
    );
}

// ------------------------------------------------------------ field line --

#[test]
fn field_line_is_split_at_the_first_colon_and_the_value_trimmed() {
    assert_eq!(
        parse_field_line(b"Host: example.com:8080"),
        Ok(Header::new("Host", "example.com:8080")),
        "the name ends at the first colon; later colons belong to the value"
    );
    assert_eq!(
        parse_field_line(b"User-Agent: \t my  client (x; y) \t "),
        Ok(Header::new("User-Agent", "my  client (x; y)")),
        "spaces and tabs around the value are trimmed, spaces inside it are kept"
    );
    assert_eq!(
        parse_field_line(b"X-Empty:"),
        Ok(Header::new("X-Empty", "")),
        "an empty value is allowed"
    );
    assert_eq!(
        parse_field_line(b"x-MiXeD_Case.v2:ok"),
        Ok(Header::new("x-MiXeD_Case.v2", "ok")),
        "the name keeps the sender's spelling; no space after the colon is needed"
    );
}

#[test]
fn non_utf8_bytes_in_a_value_become_replacement_characters() {
    assert_eq!(
        parse_field_line(b"X-Name: caf\xe9 \xc3\xa9"),
        Ok(Header::new("X-Name", "caf\u{FFFD} \u{e9}")),
        "obs-text is allowed in values; it is stored with String::from_utf8_lossy \
         (valid UTF-8 kept, any other byte becomes U+FFFD)"
    );
}

#[test]
fn obs_fold_is_rejected() {
    assert_eq!(
        parse_field_line(b"  continued value"),
        Err(HeadError::ObsFold),
        "a line starting with spaces is obsolete line folding (RFC 9112 §5.2)"
    );
    assert_eq!(
        parse_field_line(b"\tHost: example.com"),
        Err(HeadError::ObsFold),
        "a line starting with a tab is obsolete line folding too"
    );
}

#[test]
fn whitespace_between_name_and_colon_is_rejected() {
    assert_eq!(
        parse_field_line(b"Host : example.com"),
        Err(HeadError::SpaceBeforeColon),
        "RFC 9112 §5.1: no whitespace is allowed between the field name and the colon"
    );
    assert_eq!(
        parse_field_line(b"Content-Length\t: 5"),
        Err(HeadError::SpaceBeforeColon),
        "a tab before the colon is rejected the same way"
    );
}

#[test]
fn field_name_that_is_not_a_token_is_rejected() {
    assert_eq!(
        parse_field_line(b"X(y): a"),
        Err(HeadError::InvalidFieldName("X(y)".into())),
        "`(` is not a token character; the error carries the name"
    );
    assert_eq!(
        parse_field_line(b"X y: a"),
        Err(HeadError::InvalidFieldName("X y".into())),
        "a space inside the name (not right before the colon) makes an invalid name"
    );
    assert_eq!(
        parse_field_line(b": a"),
        Err(HeadError::InvalidFieldName(String::new())),
        "an empty field name is invalid"
    );
}

#[test]
fn field_line_without_colon_is_rejected() {
    assert_eq!(
        parse_field_line(b"Host example.com"),
        Err(HeadError::MissingColon),
        "every field line needs a colon"
    );
    assert_eq!(
        parse_field_line(b"Server"),
        Err(HeadError::MissingColon),
        "a bare name without colon is not a field line"
    );
}

#[test]
fn control_bytes_in_a_value_are_rejected() {
    for (line, what) in [
        (&b"X-Bad: a\0b"[..], "NUL"),
        (b"X-Bad: a\rb", "a bare CR"),
        (b"X-Bad: a\x7fb", "DEL"),
        (b"X-Bad: a\x1bb", "ESC"),
    ] {
        assert_eq!(
            parse_field_line(line),
            Err(HeadError::InvalidFieldValue("X-Bad".into())),
            "{what} inside a value is invalid (RFC 9110 §5.5); the error carries the field name"
        );
    }
}

// -------------------------------------------------------- Content-Length --

#[test]
fn content_length_is_read_as_a_decimal_number() {
    assert_eq!(
        content_length(&headers(&[("content-length", "1234")])),
        Ok(Some(1234)),
        "`content-length: 1234` is 1234 bytes, whatever the case of the name"
    );
    assert_eq!(
        content_length(&headers(&[("Content-Length", "0")])),
        Ok(Some(0)),
        "zero is a valid length"
    );
    assert_eq!(
        content_length(&headers(&[("Content-Length", "007")])),
        Ok(Some(7)),
        "leading zeros are still 1*DIGIT"
    );
    assert_eq!(
        content_length(&headers(&[("Host", "a")])),
        Ok(None),
        "no Content-Length field gives None"
    );
}

#[test]
fn identical_duplicate_content_lengths_are_one_value() {
    assert_eq!(
        content_length(&headers(&[("Content-Length", "5, 5")])),
        Ok(Some(5)),
        "`5, 5` repeats one value; RFC 9110 §8.6 allows reading it as 5"
    );
    assert_eq!(
        content_length(&headers(&[
            ("Content-Length", "5"),
            ("Host", "a"),
            ("content-length", "5"),
        ])),
        Ok(Some(5)),
        "two Content-Length lines with the same number are read as that number"
    );
}

#[test]
fn conflicting_content_lengths_are_rejected() {
    assert_eq!(
        content_length(&headers(&[("Content-Length", "5, 6")])),
        Err(HeadError::ConflictingContentLength),
        "`5, 6` names two different lengths: the framing is ambiguous"
    );
    assert_eq!(
        content_length(&headers(&[
            ("Content-Length", "5"),
            ("Content-Length", "50")
        ])),
        Err(HeadError::ConflictingContentLength),
        "two lines with different numbers conflict"
    );
}

#[test]
fn content_length_that_is_not_digits_is_rejected() {
    for value in ["abc", "+5", "-1", "0x10", "5 5", "5.0", "", "5,", "1e3"] {
        assert_eq!(
            content_length(&headers(&[("Content-Length", value)])),
            Err(HeadError::InvalidContentLength(value.into())),
            "Content-Length: {value:?} is not 1*DIGIT; the error carries the field value"
        );
    }
}

#[test]
fn content_length_too_big_for_u64_is_rejected() {
    let value = "18446744073709551616"; // u64::MAX + 1
    assert_eq!(
        content_length(&headers(&[("Content-Length", value)])),
        Err(HeadError::InvalidContentLength(value.into())),
        "a length that does not fit in a u64 is invalid, not wrapped around or clamped"
    );
    assert_eq!(
        content_length(&headers(&[("Content-Length", "18446744073709551615")])),
        Ok(Some(u64::MAX)),
        "u64::MAX itself still fits"
    );
}
