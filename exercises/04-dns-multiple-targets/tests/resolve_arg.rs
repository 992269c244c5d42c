// curl's `--resolve HOST:PORT:ADDR[,ADDR...]`.
// Function under test: `parse_resolve_arg`.

use std::net::IpAddr;

use lesson04::{ResolveArgError, parse_resolve_arg};

fn ip(text: &str) -> IpAddr {
    text.parse().expect("the test's own address parses")
}

#[test]
fn resolve_arg_with_one_ipv4_address() {
    let entry = parse_resolve_arg("example.com:8080:127.0.0.1").expect("a valid --resolve entry");
    assert_eq!(
        entry.host, "example.com",
        "HOST is everything before the first colon"
    );
    assert_eq!(
        entry.port, 8080,
        "PORT is between the first and the second colon"
    );
    assert_eq!(
        entry.addrs,
        [ip("127.0.0.1")],
        "the one address after the second colon"
    );
}

#[test]
fn resolve_arg_with_several_addresses_keeps_their_order() {
    let entry = parse_resolve_arg("quest.test:80:127.0.0.2,127.0.0.1,::1")
        .expect("a comma-separated address list is valid");
    insta::assert_debug_snapshot!("resolve_arg_several_addresses", entry);
}

#[test]
fn resolve_arg_accepts_ipv6_bare_and_in_brackets() {
    let bare = parse_resolve_arg("example.com:443:::1").expect("a bare IPv6 address is valid");
    assert_eq!(
        bare.addrs,
        [ip("::1")],
        "every colon after the second belongs to the address"
    );
    let bracketed = parse_resolve_arg("example.com:443:[::1],[2001:db8::7],192.0.2.1")
        .expect("IPv6 addresses in brackets are valid, as in curl");
    assert_eq!(
        bracketed.addrs,
        [ip("::1"), ip("2001:db8::7"), ip("192.0.2.1")],
        "brackets are removed, and IPv6 and IPv4 may be mixed"
    );
}

#[test]
fn resolve_arg_rejects_a_bad_port() {
    for port in ["0", "65536", "http", "", "+80", "-1", " 80"] {
        let arg = format!("example.com:{port}:127.0.0.1");
        assert_eq!(
            parse_resolve_arg(&arg),
            Err(ResolveArgError::InvalidPort(port.to_string())),
            "{arg:?}: the port must be decimal digits from 1 to 65535"
        );
    }
}

#[test]
fn resolve_arg_rejects_missing_parts() {
    for arg in [
        "",
        "example.com",
        "example.com:8080",
        "example.com8080127.0.0.1",
    ] {
        assert_eq!(
            parse_resolve_arg(arg),
            Err(ResolveArgError::MissingParts(arg.to_string())),
            "{arg:?} does not have the three fields HOST:PORT:ADDR"
        );
    }
    assert_eq!(
        parse_resolve_arg(":8080:127.0.0.1"),
        Err(ResolveArgError::EmptyHost),
        "the host name must not be empty"
    );
}

#[test]
fn resolve_arg_rejects_a_bad_address() {
    let cases = [
        ("example.com:80:", ""),
        ("example.com:80:localhost", "localhost"),
        ("example.com:80:127.0.0.1,", ""),
        ("example.com:80:127.0.0.1,,::1", ""),
        ("example.com:80:256.0.0.1", "256.0.0.1"),
        ("example.com:80:[127.0.0.1]", "[127.0.0.1]"),
        ("example.com:80:[::1", "[::1"),
        ("example.com:80: 127.0.0.1", " 127.0.0.1"),
    ];
    for (arg, bad) in cases {
        assert_eq!(
            parse_resolve_arg(arg),
            Err(ResolveArgError::InvalidAddress(bad.to_string())),
            "{arg:?}: {bad:?} is not an IP address (names, empty elements, IPv4 in brackets and spaces are refused)"
        );
    }
}
