//! The week's quiz: questions as data, an interactive quiz, and grading.
//!
//! The questions are TOML files in `quiz/questions/` (one per lesson and one
//! for the quest), checked when they are loaded; tracing questions show a
//! real program from `quiz/src/bin/`, whose output the tests compare with
//! the stated answer. Three audiences use them:
//!
//! * a **student** takes the quiz in the terminal ([`session`]);
//! * an **instructor** hands out a form and grades the filled-in files
//!   ([`sheet`], [`grade`]);
//! * a **maintainer** edits questions and regenerates `quiz.md`
//!   ([`markdown`]), while the tests check that everything still holds.
//!
//! | module | job |
//! |---|---|
//! | [`question`] | what a question is, and parsing one question file |
//! | [`bank`] | loading every question file and the tracing programs |
//! | [`judge`] | reading an answer and deciding whether it is right |
//! | [`session`] | the interactive quiz |
//! | [`shuffle`] | a seeded shuffle, so `--seed` repeats an order |
//! | [`sheet`] | answers files: the form, the key, reading a filled-in one |
//! | [`grade`] | grading a file, as text, JSON or Gradescope `results.json` |
//! | [`markdown`] | `quiz.md`, and checking the section links |
//! | [`titles`] | the parts' names, from the course's lesson table |
//! | [`trace`] | running a tracing program and comparing its output |

pub mod bank;
pub mod grade;
pub mod judge;
pub mod markdown;
pub mod question;
pub mod session;
pub mod sheet;
pub mod shuffle;
pub mod titles;
pub mod trace;
