// Lesson 01 tests: from a URL to the bytes of a request, and back from a
// received request line.
//
// Run them all with `cargo test -p lesson01`, one of them with
// `cargo test -p lesson01 -- parse_url_uses_port_80`.
//
// The snapshot tests compare your bytes with the files in
// `tests/snapshots/`. There, every CR LF is shown as the four characters
// `\r\n` followed by a real line break, so you can see each byte that is
// sent. A failing snapshot means your bytes differ: read the diff, fix the
// code, and never edit or accept the snapshot.

use lesson01::{
    Request, RequestLine, RequestLineError, TargetForm, Url, UrlError, Version, build_request,
    host_header, is_token, parse_request_line, parse_url, render_request, request_target,
};

/// A `Url` built by hand, so that the tests of `host_header`,
/// `request_target` and `build_request` do not depend on your `parse_url`.
fn url(host: &str, port: u16, path_and_query: &str) -> Url {
    Url {
        host: host.to_string(),
        port,
        path_and_query: path_and_query.to_string(),
    }
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

/// Request bytes as readable text: each byte as Rust would escape it
/// (`\r`, `\n`, `\x00`, …), with a real line break after every `\n`.
fn visible(bytes: &[u8]) -> String {
    let mut text = String::new();
    for &byte in bytes {
        text.extend(std::ascii::escape_default(byte).map(char::from));
        if byte == b'\n' {
            text.push('\n');
        }
    }
    text
}

// ---------------------------------------------------------------- parse_url

#[test]
fn parse_url_uses_port_80_and_path_slash_by_default() {
    assert_eq!(
        parse_url("http://example.com"),
        Ok(url("example.com", 80, "/")),
        "\"http://example.com\" names no port (so 80, the http default) and no path (so \"/\")"
    );
    assert_eq!(
        parse_url("http://example.com/index.html"),
        Ok(url("example.com", 80, "/index.html")),
        "the path is kept as written"
    );
}

#[test]
fn parse_url_reads_an_explicit_port() {
    assert_eq!(
        parse_url("http://127.0.0.1:8080/status"),
        Ok(url("127.0.0.1", 8080, "/status")),
        "the number after ':' is the port; an IPv4 address is a host like any other"
    );
    assert_eq!(
        parse_url("http://localhost:9000"),
        Ok(url("localhost", 9000, "/")),
        "a port with no path after it still gives the path \"/\""
    );
}

#[test]
fn parse_url_strips_the_brackets_of_an_ipv6_literal() {
    assert_eq!(
        parse_url("http://[::1]:8080/status"),
        Ok(url("::1", 8080, "/status")),
        "an IPv6 address is written in brackets; the host is stored without them"
    );
    assert_eq!(
        parse_url("http://[2001:DB8::7]/"),
        Ok(url("2001:db8::7", 80, "/")),
        "a bracketed IPv6 address without a port uses 80, and is lowercased like any host"
    );
}

#[test]
fn parse_url_keeps_the_query_and_drops_the_fragment() {
    assert_eq!(
        parse_url("http://example.com/search?q=epoll&page=2#results"),
        Ok(url("example.com", 80, "/search?q=epoll&page=2")),
        "the query (after '?') is sent to the server; the fragment (after '#') never is"
    );
}

#[test]
fn parse_url_puts_a_slash_before_a_query_without_path() {
    assert_eq!(
        parse_url("http://example.com?q=1"),
        Ok(url("example.com", 80, "/?q=1")),
        "the host ends at '?' too; the empty path becomes \"/\", then the query follows"
    );
    assert_eq!(
        parse_url("http://example.com:8080#top"),
        Ok(url("example.com", 8080, "/")),
        "the host and port end at '#' too; with the fragment dropped, the path is \"/\""
    );
}

#[test]
fn parse_url_ignores_case_in_scheme_and_host_but_not_in_path() {
    assert_eq!(
        parse_url("HTTP://Example.COM/Docs/README?Q=X"),
        Ok(url("example.com", 80, "/Docs/README?Q=X")),
        "scheme and host are case-insensitive (the host is lowercased); path and query are kept exactly"
    );
}

#[test]
fn parse_url_rejects_https() {
    assert_eq!(
        parse_url("https://example.com/"),
        Err(UrlError::UnsupportedScheme("https".to_string())),
        "this course speaks plain TCP only, so an https URL is refused with its scheme named"
    );
    assert_eq!(
        parse_url("FTP://example.com/file"),
        Err(UrlError::UnsupportedScheme("ftp".to_string())),
        "any scheme but http is refused, reported in lowercase"
    );
}

#[test]
fn parse_url_rejects_a_url_without_scheme() {
    for input in [
        "example.com/index.html",
        "localhost:8080/x",
        "//example.com/",
        "/index.html",
    ] {
        assert_eq!(
            parse_url(input),
            Err(UrlError::MissingScheme),
            "{input:?} does not start with \"scheme://\"; the client does not guess one"
        );
    }
}

#[test]
fn parse_url_rejects_bad_ports() {
    for (input, port) in [
        ("http://example.com:http/", "http"),
        ("http://example.com:65536/", "65536"),
        ("http://example.com:99999999999/", "99999999999"),
        ("http://example.com:/", ""),
        ("http://example.com:", ""),
        ("http://example.com:+80/", "+80"),
        ("http://example.com:-1/", "-1"),
        ("http://example.com:0/", "0"),
    ] {
        assert_eq!(
            parse_url(input),
            Err(UrlError::InvalidPort(port.to_string())),
            "in {input:?} the port must be digits only, from 1 to 65535"
        );
    }
}

#[test]
fn parse_url_rejects_userinfo() {
    assert_eq!(
        parse_url("http://alice:secret@example.com/"),
        Err(UrlError::UserInfoNotSupported),
        "a user name and password before '@' must never be sent, so such a URL is refused"
    );
    assert_eq!(
        parse_url("http://alice@example.com:8080/"),
        Err(UrlError::UserInfoNotSupported),
        "a user name alone before '@' is refused too"
    );
}

#[test]
fn parse_url_rejects_an_empty_host() {
    for input in [
        "http://",
        "http:///index.html",
        "http://:8080/",
        "http://?q=1",
        "http://[]/",
    ] {
        assert_eq!(
            parse_url(input),
            Err(UrlError::EmptyHost),
            "{input:?} has nothing where the host should be"
        );
    }
}

#[test]
fn parse_url_rejects_invalid_hosts() {
    for (input, host) in [
        ("http://[::1/", "[::1"),
        ("http://[::1]8080/", "[::1]8080"),
        ("http://[not-ipv6]/", "not-ipv6"),
        ("http://a,b.example/", "a,b.example"),
        ("http://example.com\\evil/", "example.com\\evil"),
    ] {
        assert_eq!(
            parse_url(input),
            Err(UrlError::InvalidHost(host.to_string())),
            "in {input:?} the host is neither a plain name nor a bracketed IPv6 address"
        );
    }
}

#[test]
fn parse_url_rejects_spaces_and_control_characters() {
    assert_eq!(
        parse_url("http://example.com/my file.txt"),
        Err(UrlError::InvalidCharacter(' ')),
        "a raw space would split the request line; it must be written %20"
    );
    assert_eq!(
        parse_url("http://example.com/\r\nX-Injected: 1"),
        Err(UrlError::InvalidCharacter('\r')),
        "a raw CR LF would end the request line and smuggle in a header"
    );
    assert_eq!(
        parse_url("http://bücher.example/"),
        Err(UrlError::InvalidCharacter('ü')),
        "non-ASCII characters are refused (they would need IDNA or percent-encoding)"
    );
}

// -------------------------------------------------------------- host_header

#[test]
fn host_header_shows_the_port_only_when_it_is_not_80() {
    assert_eq!(
        host_header(&url("example.com", 80, "/")),
        "example.com",
        "port 80 is the http default and is left out of Host"
    );
    assert_eq!(
        host_header(&url("example.com", 8080, "/")),
        "example.com:8080",
        "any other port is written after a colon"
    );
}

#[test]
fn host_header_puts_ipv6_hosts_in_brackets() {
    assert_eq!(
        host_header(&url("::1", 8080, "/")),
        "[::1]:8080",
        "an IPv6 address gets its brackets back, so its colons are not read as the port"
    );
    assert_eq!(
        host_header(&url("2001:db8::7", 80, "/")),
        "[2001:db8::7]",
        "brackets are needed even without a port"
    );
}

// ----------------------------------------------------------- request_target

#[test]
fn request_target_origin_form_is_path_and_query() {
    assert_eq!(
        request_target(&url("example.com", 8080, "/a?b=1"), TargetForm::Origin),
        "/a?b=1",
        "origin-form is exactly the path and query"
    );
    assert_eq!(
        request_target(&url("example.com", 80, "/"), TargetForm::Origin),
        "/",
        "origin-form of a URL without path is \"/\""
    );
}

#[test]
fn request_target_absolute_form_is_the_whole_url() {
    assert_eq!(
        request_target(&url("example.com", 8080, "/a?b=1"), TargetForm::Absolute),
        "http://example.com:8080/a?b=1",
        "absolute-form is http:// + the Host value + the path and query"
    );
    assert_eq!(
        request_target(&url("example.com", 80, "/"), TargetForm::Absolute),
        "http://example.com/",
        "absolute-form leaves out port 80, like Host"
    );
    assert_eq!(
        request_target(&url("::1", 9000, "/x"), TargetForm::Absolute),
        "http://[::1]:9000/x",
        "absolute-form writes an IPv6 host in brackets"
    );
}

// ------------------------------------------------------------ build_request

#[test]
fn build_request_sends_host_first_then_the_extra_headers_in_order() {
    let extra = headers(&[("User-Agent", "lesson01"), ("Accept", "*/*")]);
    let req = build_request("GET", &url("example.com", 8080, "/"), &extra, b"");
    assert_eq!(
        req.headers,
        headers(&[
            ("Host", "example.com:8080"),
            ("User-Agent", "lesson01"),
            ("Accept", "*/*"),
        ]),
        "Host comes first, then the extra headers exactly in the order given"
    );
}

#[test]
fn build_request_lets_an_extra_host_header_replace_the_default() {
    let extra = headers(&[("Accept", "*/*"), ("host", "intranet.example")]);
    let req = build_request("GET", &url("127.0.0.7", 80, "/"), &extra, b"");
    assert_eq!(
        req.headers,
        headers(&[("host", "intranet.example"), ("Accept", "*/*")]),
        "an extra Host header (any letter case) replaces the default one and moves to the front"
    );
}

#[test]
fn build_request_uses_origin_form_and_copies_method_and_body() {
    let req = build_request(
        "PUT",
        &url("example.com", 80, "/notes/1?draft=yes"),
        &[],
        b"hello",
    );
    assert_eq!(
        req,
        Request {
            method: "PUT".to_string(),
            target: "/notes/1?draft=yes".to_string(),
            headers: headers(&[("Host", "example.com")]),
            body: b"hello".to_vec(),
        },
        "the target is the origin-form; method and body are copied; Content-Length is not added yet"
    );
}

// ----------------------------------------------------------- render_request

#[test]
fn render_get_without_body() {
    let req = Request {
        method: "GET".to_string(),
        target: "/index.html".to_string(),
        headers: headers(&[("Host", "example.com")]),
        body: Vec::new(),
    };
    insta::assert_snapshot!("render_get_without_body", visible(&render_request(&req)));
}

#[test]
fn render_post_with_body_adds_content_length() {
    let req = Request {
        method: "POST".to_string(),
        target: "/notes".to_string(),
        headers: headers(&[("Host", "example.com:8080"), ("Content-Type", "text/plain")]),
        body: b"buy milk\n".to_vec(),
    };
    insta::assert_snapshot!(
        "render_post_with_body_adds_content_length",
        visible(&render_request(&req))
    );
}

#[test]
fn render_keeps_headers_in_the_given_order_and_spelling() {
    let req = Request {
        method: "GET".to_string(),
        target: "/".to_string(),
        headers: headers(&[
            ("Host", "example.com"),
            ("x-lowercase", "kept as is"),
            ("Accept", "text/html, */*;q=0.1"),
            ("X-Empty", ""),
            ("Accept", "text/plain"),
        ]),
        body: Vec::new(),
    };
    insta::assert_snapshot!(
        "render_keeps_headers_in_the_given_order_and_spelling",
        visible(&render_request(&req))
    );
}

#[test]
fn render_empty_body_sends_content_length_0_only_for_post_put_patch() {
    for method in ["POST", "PUT", "PATCH"] {
        let req = Request {
            method: method.to_string(),
            target: "/x".to_string(),
            headers: headers(&[("Host", "h")]),
            body: Vec::new(),
        };
        let expected = format!("{method} /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
        assert_eq!(
            visible(&render_request(&req)),
            visible(expected.as_bytes()),
            "{method} defines a meaning for a body, so an empty one is announced as Content-Length: 0"
        );
    }
    for method in ["GET", "HEAD", "DELETE", "OPTIONS", "post"] {
        let req = Request {
            method: method.to_string(),
            target: "/x".to_string(),
            headers: headers(&[("Host", "h")]),
            body: Vec::new(),
        };
        let expected = format!("{method} /x HTTP/1.1\r\nHost: h\r\n\r\n");
        assert_eq!(
            visible(&render_request(&req)),
            visible(expected.as_bytes()),
            "{method} with an empty body gets no Content-Length (methods are case-sensitive)"
        );
    }
}

#[test]
fn render_does_not_add_content_length_when_the_framing_is_given() {
    let req = Request {
        method: "POST".to_string(),
        target: "/upload".to_string(),
        headers: headers(&[("Host", "h"), ("content-length", "3")]),
        body: b"abc".to_vec(),
    };
    assert_eq!(
        visible(&render_request(&req)),
        visible(b"POST /upload HTTP/1.1\r\nHost: h\r\ncontent-length: 3\r\n\r\nabc"),
        "a Content-Length given by the caller (any letter case) is not repeated"
    );

    let chunked = b"3\r\nabc\r\n0\r\n\r\n";
    let req = Request {
        method: "POST".to_string(),
        target: "/upload".to_string(),
        headers: headers(&[("Host", "h"), ("Transfer-Encoding", "chunked")]),
        body: chunked.to_vec(),
    };
    assert_eq!(
        visible(&render_request(&req)),
        visible(
            b"POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        ),
        "a request with Transfer-Encoding must not also carry Content-Length"
    );
}

#[test]
fn worked_example_from_url_to_bytes() {
    let url = parse_url("http://Example.COM:8080/api/notes?draft=1#top")
        .expect("the worked example's URL is valid");
    let extra = headers(&[("Content-Type", "text/plain")]);
    let req = build_request("POST", &url, &extra, b"hello");
    insta::assert_snapshot!(
        "worked_example_from_url_to_bytes",
        visible(&render_request(&req))
    );
}

// ----------------------------------------------------------------- is_token

#[test]
fn is_token_accepts_letters_digits_and_every_tchar_symbol() {
    for token in [
        "GET",
        "get",
        "M-SEARCH",
        "Content-Length",
        "x_y.z",
        "0",
        "!#$%&'*+-.^_`|~",
    ] {
        assert!(
            is_token(token),
            "{token:?} is a token: letters, digits and !#$%&'*+-.^_`|~ only"
        );
    }
}

#[test]
fn is_token_rejects_empty_strings_separators_and_non_ascii() {
    for not_token in [
        "", " ", "GET ", "Bad Name", "Host:", "a\tb", "(", ")", ",", "/", ";", "<", "=", ">", "?",
        "@", "[", "\\", "]", "{", "}", "\"", "\r\n", "\x7f", "\0", "GÉT",
    ] {
        assert!(
            !is_token(not_token),
            "{not_token:?} is not a token: it is empty or has a delimiter, control or non-ASCII character"
        );
    }
}

// ------------------------------------------------------- parse_request_line

#[test]
fn parse_request_line_accepts_an_http_1_1_line() {
    assert_eq!(
        parse_request_line("GET /index.html?lang=en HTTP/1.1"),
        Ok(RequestLine {
            method: "GET".to_string(),
            target: "/index.html?lang=en".to_string(),
            version: Version::Http11,
        }),
        "a plain GET line splits into method, target and version"
    );
}

#[test]
fn parse_request_line_accepts_http_1_0_and_the_other_target_forms() {
    let cases = [
        ("GET / HTTP/1.0", "GET", "/", Version::Http10),
        (
            "GET http://example.com/x HTTP/1.1",
            "GET",
            "http://example.com/x",
            Version::Http11,
        ),
        (
            "CONNECT example.com:443 HTTP/1.1",
            "CONNECT",
            "example.com:443",
            Version::Http11,
        ),
        ("OPTIONS * HTTP/1.1", "OPTIONS", "*", Version::Http11),
        ("brew /pot HTTP/1.1", "brew", "/pot", Version::Http11),
    ];
    for (line, method, target, version) in cases {
        assert_eq!(
            parse_request_line(line),
            Ok(RequestLine {
                method: method.to_string(),
                target: target.to_string(),
                version,
            }),
            "{line:?} is a well-formed request line (an unknown method is the server's business later)"
        );
    }
}

#[test]
fn parse_request_line_treats_a_higher_minor_version_as_1_1() {
    for line in ["GET / HTTP/1.2", "GET / HTTP/1.9"] {
        assert_eq!(
            parse_request_line(line).map(|parsed| parsed.version),
            Ok(Version::Http11),
            "{line:?}: a higher minor version of HTTP/1 is handled as HTTP/1.1 (RFC 9110 §6.2), not refused"
        );
    }
}

#[test]
fn parse_request_line_rejects_stray_whitespace() {
    for line in [
        "GET  / HTTP/1.1",
        " GET / HTTP/1.1",
        "GET / HTTP/1.1 ",
        "GET\t/ HTTP/1.1",
        "GET / HTTP/1.1\r",
        "GET /\x0b HTTP/1.1",
        " ",
    ] {
        assert_eq!(
            parse_request_line(line),
            Err(RequestLineError::StrayWhitespace(line.to_string())),
            "{line:?}: only one single space between the parts is allowed, nothing before or after"
        );
    }
}

#[test]
fn parse_request_line_rejects_a_wrong_number_of_parts() {
    for (line, parts) in [
        ("", 0),
        ("GET", 1),
        ("GET /", 2),
        ("GET / HTTP/1.1 extra", 4),
    ] {
        assert_eq!(
            parse_request_line(line),
            Err(RequestLineError::WrongPartCount(parts)),
            "{line:?} has {parts} parts, a request line has exactly 3"
        );
    }
}

#[test]
fn parse_request_line_rejects_a_method_that_is_not_a_token() {
    for (line, method) in [
        ("GE(T / HTTP/1.1", "GE(T"),
        ("GET: / HTTP/1.1", "GET:"),
        ("GÉT / HTTP/1.1", "GÉT"),
        ("G\0T / HTTP/1.1", "G\0T"),
    ] {
        assert_eq!(
            parse_request_line(line),
            Err(RequestLineError::InvalidMethod(method.to_string())),
            "{line:?}: a method is a token (letters, digits, !#$%&'*+-.^_`|~)"
        );
    }
}

#[test]
fn parse_request_line_rejects_control_characters_in_the_target() {
    for (line, target) in [
        ("GET /a\0b HTTP/1.1", "/a\0b"),
        ("GET /\x7f HTTP/1.1", "/\x7f"),
        ("GET /café HTTP/1.1", "/café"),
    ] {
        assert_eq!(
            parse_request_line(line),
            Err(RequestLineError::InvalidTarget(target.to_string())),
            "{line:?}: a target is visible ASCII only (anything else arrives percent-encoded)"
        );
    }
}

#[test]
fn parse_request_line_rejects_malformed_versions_with_400() {
    for version in [
        "HTTP/1",
        "http/1.1",
        "HTTP/1.1.1",
        "HTTP/11",
        "HTTP/1.x",
        "HTTP/10.0",
        "HTTP/1.10",
        "HTTPS/1.1",
        "HTTP/.1",
        "HTTP/é1",
    ] {
        let line = format!("GET / {version}");
        let err = parse_request_line(&line).expect_err("a malformed version is rejected");
        assert_eq!(
            err,
            RequestLineError::MalformedVersion(version.to_string()),
            "{version:?} is not HTTP/<digit>.<digit> (HTTP is upper case)"
        );
        assert_eq!(
            err.status_code(),
            400,
            "a malformed version makes the line invalid: 400 Bad Request"
        );
    }
}

#[test]
fn parse_request_line_rejects_other_major_versions_with_505() {
    for version in ["HTTP/2.0", "HTTP/0.9", "HTTP/3.0", "HTTP/9.9"] {
        let line = format!("GET / {version}");
        let err = parse_request_line(&line).expect_err("a major version other than 1 is rejected");
        assert_eq!(
            err,
            RequestLineError::UnsupportedVersion(version.to_string()),
            "{version:?} is well-formed, but its major version is not 1"
        );
        assert_eq!(
            err.status_code(),
            505,
            "a well-formed version the server does not speak: 505 HTTP Version Not Supported"
        );
    }
}
