//! The course harness: the tool behind `cargo harness`.
//!
//! It answers three questions, one per audience, and each has a folder:
//!
//! * **student** – [`progress`] (`cargo harness progress`): where am I, and
//!   what do I do next?
//! * **maintainer** – [`verify`] (`cargo harness verify`): does every test
//!   fail on its stub and pass on its solution, are the snapshots intact, do
//!   the links resolve, does the reference quest score full marks and the
//!   starter zero, does the grader catch every buggy variant?
//! * **instructor** – [`grade`] (`cargo harness grade`): what does this
//!   quest binary score, check by check, and why did each failure fail?
//!
//! Under the three jobs sit the shared layers. Each arrow points down, at a
//! module the one above uses; nothing points up, so every layer can be read
//! (and tested) without the ones above it:
//!
//! ```text
//!   main.rs, cli.rs      the command line: cargo harness progress | verify | grade | …
//!         │
//!    ┌────┴───────────────┬─────────────────────┐
//!    ▼                    ▼                     ▼
//!  progress/            verify/  ─────────►   grade/
//!  (students)           (maintainers)         (instructors)
//!  state, render        findings, quest,      verdict ◄─ ctx ◄─ check,
//!                       links, variants       report, shell, checks/
//!    │                    │                   (checks/support/: the kit)
//!    ├───────────┬────────┘                     │
//!    ▼           ▼                              ▼
//!  snapshots   cargo/ workspace,              wire/  client, peer ─► http,
//!              build, testrun                        socket, pieces, preview
//!    │           │                              │    ─► sys (the one unsafe)
//!    └───────────┴───────────────┬──────────────┘
//!                                ▼
//!   course (a crate of its own, shared with the quiz): lessons, markdown
//!   anchors, process (Guard, run_with_deadline), say, sys
//! ```
//!
//! Where does a new thing go?
//!
//! * **A new graded check**: a function in `grade/checks/` that uses the
//!   kit in [`grade::checks::support`], an entry in that module's
//!   `CHECKS`, and a row in `quest/quest.md`'s grading table (verify fails
//!   until the row is there). See the README's maintainer section.
//! * **A new verify step**: a function in `verify/` that adds its
//!   [`verify::Findings`], called from [`verify::run`].
//! * **A new progress column**: [`progress::LessonProgress`] gains a field,
//!   [`progress::collect`] fills it, [`progress::render`] shows it.
//!
//! The error style, layer by layer: the OS and cargo speak `io::Error`;
//! each lower module that a caller must be able to tell cases apart in has
//! one small error enum of its own (the raw client's
//! [`wire::client::ReadError`], the guard's `StartError`, framing's
//! [`wire::http::Malformed`], a build's [`cargo::build::BuildError`],
//! grading's [`grade::GradeError`]); and a check speaks only
//! [`grade::Failure`], the words a student reads. The conversion to
//! `Failure` happens in the check, the one place that knows what an error
//! means for the student.
//!
//! Lesson 6 builds the same kinds of pieces small (a split plan, a scripted
//! peer, transcripts). The harness keeps its own, grown-up versions instead
//! of depending on the lesson's crates: the student edition of the course
//! ships without `solutions/`, and the grader must never run code a
//! student can edit.

pub mod cargo;
pub mod grade;
pub mod progress;
pub mod snapshots;
pub mod sys;
#[cfg(feature = "maintainer")]
pub mod verify;
pub mod wire;

/// The check catalogue, also reachable as `harness::checks` (the name
/// instructors and the variants test use).
pub use grade::checks;
/// The buggy references, also reachable as `harness::variants`.
#[cfg(feature = "maintainer")]
pub use verify::variants;
