//! What the quiz and the harness both need, and nothing else.
//!
//! The quiz grades answers about the lessons; the harness grades the
//! lessons' exercises and the quest. Both need to know which lessons exist,
//! both link to lesson sections by their heading anchors, both run programs
//! that must not hang them, and both print output that a reader may stop
//! reading (`| head`). Those pieces live here, so the quiz does not depend
//! on the grader (and the grader can change, or fail to build for an
//! afternoon, without touching the quiz):
//!
//! | module | job |
//! |---|---|
//! | [`lessons`] | the lesson table: numbers, titles, folders, packages |
//! | [`markdown`] | GitHub-style anchors of Markdown headings |
//! | [`process`] | a program in its own process group, killed on drop or at a deadline |
//! | [`say`] | writing to stdout when the reader may close the pipe early |
//! | [`sys`] | every `unsafe` of the crate: process-group signals, a non-reaping wait |
//!
//! # Errors
//!
//! What fails in the operating system – a program that cannot be started,
//! a write to a full disk – is an [`std::io::Error`], as `std` reports it:
//! the caller can only pass it on, and its `Display` already names the
//! cause (`No such file or directory (os error 2)`). The one failure a
//! caller must tell apart in detail is a server that did not start
//! listening: it exited (with which status, saying what on stderr), printed
//! another first line, or printed nothing in time. Each case needs its own
//! advice for the student, which an `io::Error` cannot carry, so it is a
//! [`process::StartError`], an enum with those three cases and their
//! evidence. Nothing here panics on what a program under test does.

pub mod lessons;
pub mod markdown;
pub mod process;
pub mod results;
pub mod say;
pub mod sys;

pub use lessons::{LESSONS, Lesson, Presence};
