//! The course harness: the tool behind `cargo harness`.
//!
//! It answers three questions, one per audience:
//!
//! * **student** – `cargo harness progress`: where am I, and what do I do next?
//! * **maintainer** – `cargo harness verify`: does every test fail on its stub
//!   and pass on its solution, are the snapshots intact, do the links resolve?
//! * **instructor** – `cargo harness grade`: what does this quest binary
//!   score, check by check, and why did each failure fail?
//!
//! Each module does one job, so lesson 6 and the grader can reuse them:
//!
//! | module | job |
//! |---|---|
//! | [`course`] | the lesson table: numbers, titles, folders, packages |
//! | [`workspace`] | finding the workspace root and running `cargo` in it |
//! | [`deadline`] | running a child process that is killed if it overstays |
//! | [`testrun`] | building a package's tests and reading each test's outcome |
//! | [`snapshots`] | the snapshot manifest that keeps expected answers honest |
//! | [`links`] | checking relative links in the course's Markdown |
//! | [`progress`] | the student's progress table |
//! | [`verify`] | the maintainer's proof that the course is consistent |
//! | [`verify_quest`] | verify's quest part: reference full marks, starter zero, brief table |
//! | [`build`] | building a quest binary and finding its executable |
//! | [`variants`] | deliberately buggy references that prove the checks catch bugs |
//! | [`pieces`] | cutting a message into planned pieces on the wire |
//! | [`peer`] | a scripted TCP server that plays the server for `quest get` |
//! | [`client`] | a raw HTTP/1.1 client that plays the client against `quest serve` |
//! | [`transcript`] | readable byte previews and normalised transcripts for snapshots |
//! | [`guard`] | running a program under test and always getting rid of it |
//! | [`check`] | what a graded check is: id, points, lesson, verdict |
//! | [`checks`] | the catalogue of checks `grade` runs |
//! | [`grade`] | running checks so that grading always completes |
//! | [`report`] | writing a grade as text, JSON, Gradescope or Classroom JSON |

pub mod build;
pub mod check;
pub mod checks;
pub mod client;
pub mod course;
pub mod deadline;
pub mod grade;
pub mod guard;
pub mod links;
pub mod peer;
pub mod pieces;
pub mod progress;
pub mod report;
pub mod snapshots;
pub mod testrun;
pub mod transcript;
pub mod variants;
pub mod verify;
pub mod verify_quest;
pub mod workspace;
