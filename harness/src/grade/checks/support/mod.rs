//! The kit every check is written with.
//!
//! A check is a short story – set up, act, judge, explain – and most of its
//! lines would be the same in every check if each wrote them itself:
//! making a root folder and the shell lines that rebuild it, talking to
//! `quest serve` with a deadline, starting a scripted peer, building a
//! response, judging an error line, saying how to reproduce a failure. The
//! kit says each of those once:
//!
//! | module | gives a check |
//! |---|---|
//! | [`root`] | [`root::Root`]: a folder to serve with `--root`, and [`root::RootServer`]: the server on it, with repros that rebuild the folder by hand |
//! | [`server`] | requests as bytes, and one request/response exchange with `quest serve` under the check's deadline |
//! | [`client`] | scripted peers for `quest get`, the one response builder, and the verdicts on a `get` run (stdout, one clear error line) |
//! | [`bytes`] | the one generator of test bytes, and a comparison that names the first differing byte |
//!
//! With the verdict model ([`crate::grade::Failure`], `ensure`, and
//! [`crate::grade::Explain`] to attach a repro), adding a check is:
//!
//! 1. a function `fn my_check(ctx: &Ctx) -> Verdict` in the module of its
//!    kind (`server`, `server_files`, `server_conns`, `client`,
//!    `client_conns`), built from this kit;
//! 2. an entry in that module's `CHECKS` (a stable id, a one-line title,
//!    points, the lesson to revisit);
//! 3. a row in `quest/quest.md`'s grading table – `cargo harness verify`
//!    fails until the table and the catalogue agree;
//! 4. a buggy variant in `harness/src/verify/variants.rs` that it catches,
//!    if none of the existing ones does.

pub mod bytes;
pub mod client;
pub mod root;
pub mod server;
