// Normalisation: replacing the values that change from run to run (ports,
// dates, ETags) and nothing else.
//
// Run them all with `cargo test -p lesson06`, one file with
// `cargo test -p lesson06 --test redact`.

use lesson06::{Rules, normalise, redact_header, redact_ports};

#[test]
fn ports_after_loopback_hosts_are_replaced() {
    assert_eq!(
        redact_ports("listening on http://127.0.0.1:43817"),
        "listening on http://127.0.0.1:<port>",
        "an IPv4 address followed by :PORT"
    );
    assert_eq!(
        redact_ports("connected to [::1]:5000."),
        "connected to [::1]:<port>.",
        "a bracketed IPv6 address followed by :PORT"
    );
    assert_eq!(
        redact_ports("Host: localhost:8080\r\n"),
        "Host: localhost:<port>\r\n",
        "localhost followed by :PORT"
    );
    assert_eq!(
        redact_ports("from 10.1.2.3:1 to 127.0.0.1:65535"),
        "from 10.1.2.3:<port> to 127.0.0.1:<port>",
        "every occurrence, and all the digits of each port"
    );
}

#[test]
fn other_colons_and_named_hosts_keep_their_numbers() {
    let text = "at 01:24:00, see example.com:80, version 1.2.3:4, \
                1.2.3.4.5:6, ratio 3:2, localhost: up";
    assert_eq!(
        redact_ports(text),
        text,
        "times, host names, three- or five-part numbers, ratios and a colon \
         without digits are not ports after a loopback-style host: unchanged"
    );
}

#[test]
fn a_header_value_is_replaced_whatever_the_case_of_its_name() {
    let response = "HTTP/1.1 200 OK\r\ndate: Sun, 22 Nov 2026 01:24:00 GMT\r\n\
                    Content-Length: 0\r\n\r\n";
    assert_eq!(
        redact_header(response, "Date", "<date>"),
        "HTTP/1.1 200 OK\r\ndate: <date>\r\nContent-Length: 0\r\n\r\n",
        "field names are case-insensitive (RFC 9110 §5.1); the name keeps its \
         spelling, the value becomes one space and the placeholder, the CRLF stays"
    );
}

#[test]
fn only_header_lines_that_start_with_the_name_are_touched() {
    let text = "X-Date: 1\nLast-Date: 2\nthe date: 3\nDate : 4\nDateline: 5\n";
    assert_eq!(
        redact_header(text, "Date", "<date>"),
        text,
        "a name inside another name, later in a line, or not directly followed \
         by ':' is not the Date header"
    );
}

#[test]
fn headers_in_a_rendered_transcript_keep_marker_and_visible_crlf() {
    let rendered = "< HTTP/1.1 200 OK\\r\\n\n< ETag: \"3f-65a1b2c3\"\\r\\n\n> etag: x\n";
    assert_eq!(
        redact_header(rendered, "ETag", "<etag>"),
        "< HTTP/1.1 200 OK\\r\\n\n< ETag: <etag>\\r\\n\n> etag: <etag>\n",
        "after a '< ' or '> ' marker the header is found too, and the written-out \
         \\r\\n at the end of the line is kept"
    );
}

#[test]
fn normalise_applies_every_rule() {
    let transcript = "\
> GET /index.html HTTP/1.1\\r\\n
> Host: 127.0.0.1:39211\\r\\n
> \\r\\n
< HTTP/1.1 200 OK\\r\\n
< Date: Sun, 22 Nov 2026 01:24:00 GMT\\r\\n
< Last-Modified: Sat, 21 Nov 2026 18:02:11 GMT\\r\\n
< ETag: \"5-6920a8f3\"\\r\\n
< Content-Length: 5\\r\\n
< \\r\\n
< hello
";
    insta::assert_snapshot!("normalised_transcript", normalise(transcript, &Rules::ALL));
}

#[test]
fn rules_that_are_off_leave_their_values_alone() {
    let text = "Host: [::1]:8080\nDate: Sun, 22 Nov 2026 01:24:00 GMT\nETag: \"1\"\n";
    let keep_dates = Rules {
        dates: false,
        ..Rules::ALL
    };
    assert_eq!(
        normalise(text, &keep_dates),
        "Host: [::1]:<port>\nDate: Sun, 22 Nov 2026 01:24:00 GMT\nETag: <etag>\n",
        "with dates off, the Date stays and the other rules still apply"
    );
    let nothing = Rules {
        ports: false,
        dates: false,
        etags: false,
    };
    assert_eq!(
        normalise(text, &nothing),
        text,
        "with every rule off the text is unchanged"
    );
}
