// Does the connection persist after a message? RFC 9112 §9.3.
// Function under test: `keeps_alive`.

use lesson03::keeps_alive;

#[test]
fn http11_is_persistent_by_default() {
    assert!(
        keeps_alive(1, &[]),
        "an HTTP/1.1 message without a Connection field keeps the connection open"
    );
    assert!(
        keeps_alive(1, &["Upgrade"]),
        "an HTTP/1.1 message whose Connection options do not include close keeps it open"
    );
}

#[test]
fn http11_close_ends_the_connection() {
    assert!(
        !keeps_alive(1, &["close"]),
        "an HTTP/1.1 message with `Connection: close` ends the connection"
    );
}

#[test]
fn http10_closes_by_default() {
    assert!(
        !keeps_alive(0, &[]),
        "an HTTP/1.0 message without `Connection: keep-alive` ends the connection"
    );
    assert!(
        !keeps_alive(0, &["Upgrade"]),
        "an HTTP/1.0 message persists only with the keep-alive option, not any option"
    );
}

#[test]
fn http10_keep_alive_persists() {
    assert!(
        keeps_alive(0, &["keep-alive"]),
        "an HTTP/1.0 message with `Connection: keep-alive` keeps the connection open"
    );
    assert!(
        !keeps_alive(0, &["keep-alive, close"]),
        "close wins over keep-alive, even in HTTP/1.0"
    );
}

#[test]
fn later_minor_versions_behave_like_http11() {
    assert!(
        keeps_alive(2, &[]),
        "HTTP/1.2 is handled as HTTP/1.1 (RFC 9110 §6.2): persistent by default"
    );
    assert!(
        !keeps_alive(9, &["close"]),
        "HTTP/1.9 with `Connection: close` ends the connection"
    );
}

#[test]
fn connection_options_are_case_insensitive() {
    assert!(
        !keeps_alive(1, &["Close"]),
        "`Connection: Close` is the close option: options ignore ASCII case"
    );
    assert!(
        !keeps_alive(1, &["CLOSE"]),
        "`Connection: CLOSE` is the close option: options ignore ASCII case"
    );
    assert!(
        keeps_alive(0, &["Keep-Alive"]),
        "`Connection: Keep-Alive` is the keep-alive option: options ignore ASCII case"
    );
}

#[test]
fn connection_is_a_comma_separated_list() {
    assert!(
        keeps_alive(0, &["Keep-Alive, Upgrade"]),
        "`Connection: Keep-Alive, Upgrade` lists keep-alive as its first option"
    );
    assert!(
        keeps_alive(0, &["Upgrade,keep-alive"]),
        "`Connection: Upgrade,keep-alive` lists keep-alive as its second option"
    );
    assert!(
        !keeps_alive(1, &["Upgrade, \tclose\t "]),
        "spaces and tabs around an option are not part of it: ` \\tclose\\t ` is close"
    );
    assert!(
        !keeps_alive(1, &[" , ,close,"]),
        "empty list elements are skipped; the close among them still counts"
    );
}

#[test]
fn several_connection_lines_form_one_list() {
    assert!(
        !keeps_alive(1, &["Upgrade", "close"]),
        "a close on a second Connection line ends the connection"
    );
    assert!(
        keeps_alive(0, &["Upgrade", "TE, keep-alive"]),
        "a keep-alive on a second Connection line keeps an HTTP/1.0 connection"
    );
    assert!(
        !keeps_alive(0, &["keep-alive", "close"]),
        "keep-alive on one line and close on another: close wins"
    );
}

#[test]
fn only_whole_options_count() {
    assert!(
        keeps_alive(1, &["closed"]),
        "`closed` is a different option, not close"
    );
    assert!(
        keeps_alive(1, &["x-close, close-later"]),
        "`x-close` and `close-later` are different options, not close"
    );
    assert!(
        !keeps_alive(0, &["keep-alive-please"]),
        "`keep-alive-please` is not the keep-alive option"
    );
    assert!(
        !keeps_alive(0, &["keep alive"]),
        "`keep alive` (with a space) is not the keep-alive option"
    );
}

#[test]
fn an_exchange_persists_only_when_request_and_response_allow_it() {
    // (request version, request Connection, response version, response Connection, persists)
    type Case = (
        u8,
        &'static [&'static str],
        u8,
        &'static [&'static str],
        bool,
    );
    let cases: [Case; 6] = [
        (1, &[], 1, &[], true),
        (1, &["close"], 1, &[], false),
        (1, &[], 1, &["close"], false),
        (0, &[], 1, &[], false),
        (0, &["keep-alive"], 1, &["keep-alive"], true),
        (0, &["keep-alive"], 0, &[], false),
    ];
    for (req_minor, req_conn, resp_minor, resp_conn, expected) in cases {
        let persists = keeps_alive(req_minor, req_conn) && keeps_alive(resp_minor, resp_conn);
        assert_eq!(
            persists, expected,
            "request HTTP/1.{req_minor} Connection {req_conn:?}, response HTTP/1.{resp_minor} \
             Connection {resp_conn:?}: the connection persists only if both sides keep it alive"
        );
    }
}
