// The order in which to try a host's addresses (RFC 8305 §4 in spirit).
// Function under test: `order_addresses`.

use std::fmt::Write;
use std::net::SocketAddr;

use lesson04::order_addresses;

fn addrs(list: &[&str]) -> Vec<SocketAddr> {
    list.iter()
        .map(|a| a.parse().expect("the test's own address parses"))
        .collect()
}

#[test]
fn order_interleaves_families_starting_with_the_first() {
    assert_eq!(
        order_addresses(&addrs(&[
            "[2001:db8::1]:80",
            "[2001:db8::2]:80",
            "192.0.2.1:80",
            "192.0.2.2:80"
        ])),
        addrs(&[
            "[2001:db8::1]:80",
            "192.0.2.1:80",
            "[2001:db8::2]:80",
            "192.0.2.2:80"
        ]),
        "IPv6 first (getaddrinfo's first answer), then alternate: v6, v4, v6, v4"
    );
    assert_eq!(
        order_addresses(&addrs(&[
            "192.0.2.1:80",
            "[2001:db8::1]:80",
            "[2001:db8::2]:80"
        ])),
        addrs(&["192.0.2.1:80", "[2001:db8::1]:80", "[2001:db8::2]:80"]),
        "when getaddrinfo puts IPv4 first, IPv4 starts"
    );
}

#[test]
fn order_keeps_a_single_family_and_an_empty_list_as_they_are() {
    let v4 = addrs(&["127.0.0.2:80", "127.0.0.1:80", "127.0.0.3:80"]);
    assert_eq!(
        order_addresses(&v4),
        v4,
        "one family only: the order is kept"
    );
    assert_eq!(
        order_addresses(&[]),
        Vec::<SocketAddr>::new(),
        "nothing in, nothing out"
    );
}

#[test]
fn order_table_of_typical_answers() {
    let cases: [&[&str]; 6] = [
        &["[::1]:80"],
        &["[::1]:80", "127.0.0.1:80"],
        &["127.0.0.1:80", "[::1]:80"],
        &[
            "[2001:db8::1]:80",
            "[2001:db8::2]:80",
            "[2001:db8::3]:80",
            "192.0.2.1:80",
        ],
        &[
            "192.0.2.1:80",
            "192.0.2.2:80",
            "192.0.2.3:80",
            "[2001:db8::1]:80",
            "[2001:db8::2]:80",
        ],
        &[
            "[2001:db8::1]:80",
            "192.0.2.1:80",
            "192.0.2.2:80",
            "[2001:db8::2]:80",
            "192.0.2.3:80",
        ],
    ];
    let mut table = String::new();
    for case in cases {
        let ordered = order_addresses(&addrs(case));
        let shown: Vec<String> = ordered.iter().map(ToString::to_string).collect();
        writeln!(table, "{}\n  → {}", case.join(" "), shown.join(" ")).expect("write to a String");
    }
    insta::assert_snapshot!("order_table", table);
}
