//! What the quiz and the harness both need, and nothing else.
//!
//! The quiz grades answers about the lessons; the harness grades the
//! lessons' exercises and the quest. Both need to know which lessons exist,
//! both link to lesson sections by their heading anchors, and both run
//! programs that must not hang them, and both print reports that a reader
//! may stop reading (`| head`). Those pieces live here, so the
//! quiz does not depend on the grader (and the grader can change without
//! rebuilding the quiz):
//!
//! | module | job |
//! |---|---|
//! | [`lessons`] | the lesson table: numbers, titles, folders, packages |
//! | [`markdown`] | GitHub-style anchors of Markdown headings |
//! | [`process`] | a program in its own process group, killed on drop or at a deadline |
//! | [`say`] | writing to stdout when the reader may close the pipe early |
//! | [`sys`] | every `unsafe` of the crate: process-group signals, a non-reaping wait |
//!
//! Errors: what fails in the operating system is an `io::Error`, as `std`
//! reports it; the one failure a caller must tell apart in detail – a
//! server that did not start listening, and why – is a
//! [`process::StartError`]. Nothing here panics on what a program under
//! test does.

pub mod lessons;
pub mod markdown;
pub mod process;
pub mod say;
pub mod sys;

pub use lessons::{LESSONS, Lesson, Presence};
