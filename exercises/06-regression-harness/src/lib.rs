//! # Lesson 06 – a regression harness (exercise)
//!
//! Read the lesson first, then fill in the `todo!()`s in this order:
//!
//! 1. in [`pieces`](mod@pieces) (`src/pieces.rs`): [`pieces()`],
//!    [`send_in_pieces`]
//! 2. in [`transcript`] (`src/transcript.rs`): [`render`]
//! 3. in [`redact`] (`src/redact.rs`): [`redact_ports`], [`redact_header`],
//!    [`normalise`]
//! 4. in [`script`] (`src/script.rs`): [`run_steps`]
//! 5. in [`cli`] (`src/cli.rs`): [`parse_args`]
//!
//! Run the tests with `cargo test -p lesson06`. The types (`Plan`, `Dir`,
//! `Event`, `Transcript`, `Rules`, `Step`, `Record`, `StepError`,
//! `Options`, `UsageError`) are finished, and so are the helpers
//! [`request_len`] (where does one request end?) and [`run`] (the whole
//! command-line tool around [`parse_args`] and [`normalise`]; the binary
//! `redact` in `src/bin/redact.rs` calls it).

pub mod cli;
pub mod pieces;
pub mod redact;
pub mod script;
pub mod transcript;

pub use cli::{Options, UsageError, parse_args, run};
pub use pieces::{Plan, pieces, send_in_pieces};
pub use redact::{Rules, normalise, redact_header, redact_ports};
pub use script::{Record, Step, StepError, request_len, run_steps};
pub use transcript::{Dir, Event, Transcript, render};

/// The name of this crate's command-line tool, for tests that run it
/// (`assert_cmd`). The reference solution's tool is called
/// `redact-solution`; the two names differ so the binaries never overwrite
/// each other in `target/`.
pub const BIN: &str = "redact";
