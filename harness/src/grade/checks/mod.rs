//! The check catalogue: everything `cargo harness grade` grades.
//!
//! Checks are plain data ([`Check`]) pointing at plain functions, listed in
//! the order a student meets the behaviour in the quest brief: the server
//! first (from "it starts" to the hard cases), then the client. The ids are
//! stable – instructors and `--only` refer to them.
//!
//! | module | grades | by |
//! |---|---|---|
//! | [`server`] | `quest serve`: starting, the built-in page, basic framing | talking to it with the raw client |
//! | [`server_files`] | `quest serve --root`: files, methods, limits, defences | the raw client and a scratch root |
//! | [`server_conns`] | `quest serve`: connections – reuse, concurrency, timeouts, shutdown | many raw clients at once |
//! | [`client`] | `quest get`: framing and the command line | serving it from a scripted peer |
//! | [`client_conns`] | `quest get`: connections – reuse, retries, addresses, concurrency, timeouts | several scripted peers |
//!
//! Every check is written with the kit in [`support`]: roots and their
//! repros, exchanges with `quest serve`, scripted peers and responses for
//! `quest get`, test bytes. Its module doc says how to add a check.

pub mod client;
pub mod client_conns;
pub mod server;
pub mod server_conns;
pub mod server_files;
pub mod support;

use crate::grade::Check;

/// Every check, in report order.
pub fn catalogue() -> Vec<Check> {
    [
        server::CHECKS,
        server_files::CHECKS,
        server_conns::CHECKS,
        client::CHECKS,
        client_conns::CHECKS,
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_prefixed_by_their_category() {
        let checks = catalogue();
        let mut seen = HashSet::new();
        for check in &checks {
            assert!(seen.insert(check.id), "duplicate id {}", check.id);
            assert!(
                check.id.starts_with(&format!("{}-", check.category.name())),
                "{} should start with its category",
                check.id
            );
            assert!(check.points > 0, "{} is worth nothing", check.id);
        }
    }
}
