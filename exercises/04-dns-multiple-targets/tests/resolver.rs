// Host name → addresses: the system resolver (getaddrinfo) and the
// `--resolve` overrides in front of it.
// Functions under test: `SystemResolver::resolve`, `StaticResolver::resolve`.
//
// This machine may have no network: only numeric addresses, `localhost` and
// names under `.invalid` (RFC 2606: reserved, never a real host) are looked up.

use std::cell::RefCell;
use std::net::{IpAddr, SocketAddr};

use lesson04::{
    Resolve, ResolveError, ResolveOverride, StaticResolver, SystemResolver, gai_error_message,
};

fn addr(text: &str) -> SocketAddr {
    text.parse().expect("the test's own address parses")
}

/// A resolver that answers every question with 192.0.2.99 (a documentation
/// address, never connected to) and writes down what it was asked.
#[derive(Default)]
struct Recording {
    asked: RefCell<Vec<(String, u16)>>,
}

impl Resolve for Recording {
    fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, ResolveError> {
        self.asked.borrow_mut().push((host.to_string(), port));
        if host.ends_with(".invalid") {
            return Err(ResolveError::NoAddresses(host.to_string()));
        }
        Ok(vec![SocketAddr::new(IpAddr::from([192, 0, 2, 99]), port)])
    }
}

fn entry(host: &str, port: u16, addrs: &[&str]) -> ResolveOverride {
    ResolveOverride {
        host: host.to_string(),
        port,
        addrs: addrs
            .iter()
            .map(|a| a.parse().expect("test address"))
            .collect(),
    }
}

#[test]
fn static_resolver_answers_from_the_override_without_asking_dns() {
    let fallback = Recording::default();
    let resolver = StaticResolver::new(&fallback).with(entry(
        "example.com",
        8080,
        &["127.0.0.2", "127.0.0.1", "::1"],
    ));
    assert_eq!(
        resolver.resolve("example.com", 8080),
        Ok(vec![
            addr("127.0.0.2:8080"),
            addr("127.0.0.1:8080"),
            addr("[::1]:8080")
        ]),
        "an override gives its addresses, in order, each with the asked port"
    );
    assert_eq!(
        resolver.resolve("EXAMPLE.Com", 8080),
        Ok(vec![
            addr("127.0.0.2:8080"),
            addr("127.0.0.1:8080"),
            addr("[::1]:8080")
        ]),
        "host names compare case-insensitively"
    );
    assert!(
        fallback.asked.borrow().is_empty(),
        "the fallback resolver is not asked when an override matches, but was asked {:?}",
        fallback.asked.borrow()
    );
}

#[test]
fn static_resolver_falls_back_for_other_hosts_and_other_ports() {
    let fallback = Recording::default();
    let resolver = StaticResolver::new(&fallback).with(entry("example.com", 8080, &["127.0.0.1"]));
    assert_eq!(
        resolver.resolve("example.com", 80),
        Ok(vec![addr("192.0.2.99:80")]),
        "an override for port 8080 does not apply to port 80: the fallback answers"
    );
    assert_eq!(
        resolver.resolve("www.example.com", 8080),
        Ok(vec![addr("192.0.2.99:8080")]),
        "an override for example.com does not apply to www.example.com"
    );
    assert_eq!(
        resolver.resolve("no-such-host.invalid", 8080),
        Err(ResolveError::NoAddresses("no-such-host.invalid".into())),
        "the fallback's error comes back unchanged"
    );
    assert_eq!(
        *fallback.asked.borrow(),
        [
            ("example.com".to_string(), 80),
            ("www.example.com".to_string(), 8080),
            ("no-such-host.invalid".to_string(), 8080)
        ],
        "each question without an override goes to the fallback once, as asked"
    );
}

#[test]
fn static_resolver_uses_the_latest_override_for_a_host_and_port() {
    let resolver = StaticResolver::new(Recording::default())
        .with(entry("quest.test", 80, &["127.0.0.2"]))
        .with(entry("Quest.Test", 80, &["127.0.0.3"]));
    assert_eq!(
        resolver.resolve("quest.test", 80),
        Ok(vec![addr("127.0.0.3:80")]),
        "a later --resolve for the same host and port replaces the earlier one"
    );
}

#[test]
fn system_resolver_returns_a_numeric_ipv4_address_as_is() {
    assert_eq!(
        SystemResolver.resolve("127.0.0.1", 8080),
        Ok(vec![addr("127.0.0.1:8080")]),
        "getaddrinfo converts a numeric IPv4 address without any lookup, and only once"
    );
}

#[test]
fn system_resolver_returns_a_numeric_ipv6_address_as_is() {
    // Numeric: works even on a machine without IPv6, because no
    // AI_ADDRCONFIG is asked for.
    assert_eq!(
        SystemResolver.resolve("::1", 443),
        Ok(vec![addr("[::1]:443")]),
        "getaddrinfo converts a numeric IPv6 address without any lookup"
    );
}

#[test]
fn system_resolver_finds_localhost_on_loopback() {
    let addrs = SystemResolver
        .resolve("localhost", 8080)
        .expect("localhost is in /etc/hosts on every machine");
    assert!(
        !addrs.is_empty(),
        "localhost resolves to at least one address"
    );
    for a in &addrs {
        assert!(
            a.ip().is_loopback() && a.port() == 8080,
            "every address of localhost is a loopback address with the asked port, got {a}"
        );
    }
    let mut unique = addrs.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        addrs.len(),
        "no address is listed twice: {addrs:?}"
    );
}

#[test]
fn system_resolver_error_names_the_host_and_the_reason() {
    let host = "no-such-host.invalid";
    let err = SystemResolver
        .resolve(host, 80)
        .expect_err("a name under .invalid never resolves (RFC 2606)");
    let ResolveError::Lookup {
        host: named,
        code,
        message,
    } = &err
    else {
        panic!("expected ResolveError::Lookup from getaddrinfo, got {err:?}");
    };
    assert_eq!(named, host, "the error names the host that was looked up");
    assert_ne!(
        *code, 0,
        "the error carries getaddrinfo's non-zero EAI_* code"
    );
    assert_eq!(
        *message,
        gai_error_message(*code),
        "the message is gai_strerror's text for the code"
    );
    let shown = err.to_string();
    assert!(
        shown.contains(host) && shown.contains(message.as_str()),
        "the error message shows the host and the reason, got {shown:?}"
    );
}
