// Rendering a transcript: `> ` for bytes to the server, `< ` for bytes to
// the client, one line of the conversation per line of text, every control
// byte written out.
//
// Run them all with `cargo test -p lesson06`, one file with
// `cargo test -p lesson06 --test transcript`.

use lesson06::{Transcript, render};

#[test]
fn a_request_renders_one_line_per_line_with_crlf_visible() {
    let mut t = Transcript::new();
    t.to_server(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assert_eq!(
        render(&t),
        "> GET / HTTP/1.1\\r\\n\n> Host: a\\r\\n\n> \\r\\n\n",
        "each line of the request on its own output line, prefixed '> ', \
         its CR and LF written out as \\r\\n, then a real newline"
    );
}

#[test]
fn the_response_side_is_prefixed_with_less_than() {
    let mut t = Transcript::new();
    t.to_server(b"HEAD / HTTP/1.1\r\n\r\n");
    t.to_client(b"HTTP/1.1 204 No Content\r\n\r\n");
    insta::assert_snapshot!("head_request_and_204_response", render(&t));
}

#[test]
fn control_bytes_tabs_backslashes_and_non_ascii_are_escaped() {
    let mut t = Transcript::new();
    t.to_client(b"a\tb\\c\x00\x7f\xff \x1b~");
    assert_eq!(
        render(&t),
        "< a\\tb\\\\c\\x00\\x7f\\xff \\x1b~\n",
        "tab as \\t, a backslash doubled, other non-printable bytes as \\xNN \
         (lowercase hex), space and ~ as themselves"
    );
}

#[test]
fn a_last_line_without_newline_still_ends_the_output_line() {
    let mut t = Transcript::new();
    t.to_client(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    t.to_server(b"GET /next HTTP/1.1\r\n\r\n");
    let text = render(&t);
    assert!(
        text.contains("< hello\n> GET /next"),
        "a body without a final \\n gets its own line, and the next event starts on a new line; got:\n{text}"
    );
}

#[test]
fn adjacent_events_in_the_same_direction_are_joined() {
    // The same request, received in two different splits: the rendering must
    // not depend on where TCP happened to cut it.
    let mut one = Transcript::new();
    one.to_server(b"GET / HTTP/1.1\r\n\r\n");
    let mut split = Transcript::new();
    split.to_server(b"GE");
    split.to_server(b"T / HTTP/1.1\r");
    split.to_server(b"\n\r\n");
    assert_eq!(
        render(&split),
        render(&one),
        "pieces in the same direction are joined before rendering, so the split does not show"
    );
}

#[test]
fn empty_transcript_and_empty_events_render_nothing() {
    assert_eq!(render(&Transcript::new()), "", "no events, no text");
    let mut t = Transcript::new();
    t.to_server(b"");
    assert_eq!(render(&t), "", "an event with no bytes has no lines");
}
