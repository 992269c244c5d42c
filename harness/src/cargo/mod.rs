//! Driving cargo: the workspace, builds, and test runs.
//!
//! All three jobs of the harness start by asking cargo for something:
//! progress and verify run a lesson's tests and read each test's outcome,
//! grade and verify build a quest binary and need its path. This module is
//! the one place that knows how cargo is called and how its output reads.
//!
//! | module | job |
//! |---|---|
//! | [`workspace`] | finding the workspace root and running `cargo` in it |
//! | [`build`] | building a quest binary and finding its executable |
//! | [`testrun`] | building a package's tests and reading each test's outcome |

pub mod build;
pub mod submission;
pub mod testrun;
pub mod workspace;
