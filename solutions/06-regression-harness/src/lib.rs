//! # Lesson 06 – a regression harness (solution)
//!
//! A regression harness pins down what a program does today so that
//! tomorrow's change cannot quietly break it. The one that grades this
//! week's quest is *black-box*: it talks to `quest serve` and `quest get`
//! only over sockets and the command line. This crate holds the pieces such
//! a harness is made of, small enough to read in one sitting:
//!
//! 1. [`pieces`](mod@pieces): cut bytes into chosen pieces and send them one
//!    by one – how a test finds the parser that assumed "one `read`, one
//!    request";
//! 2. [`transcript`]: a record of the bytes that went each way, rendered as
//!    text with every `\r`, `\n` and odd byte visible;
//! 3. [`redact`]: normalisation – replacing the values that change on every
//!    run (ports, dates, ETags) so a transcript can be compared with a
//!    stored golden file;
//! 4. [`script`]: a scripted TCP peer that reads requests and replays
//!    responses step by step, under one deadline, recording exactly what it
//!    received;
//! 5. [`cli`]: the `redact-solution` command-line tool around
//!    [`normalise`], tested from the outside with assert_cmd.
//!
//! Nothing here sleeps to synchronise, nothing reads without a deadline, and
//! every socket is on loopback.

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
/// (`assert_cmd`). The exercise's tool is called `redact`; the two names
/// differ so the binaries never overwrite each other in `target/`.
pub const BIN: &str = "redact-solution";
