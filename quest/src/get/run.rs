//! The loop: ONE epoll instance drives every origin at once.
//!
//! ```text
//!   for each origin, one connection at a time:
//!     next job ─► pool.checkout ─found─► Exchange ─► write ─► read ─► Complete
//!        ▲            │ none                                          │
//!        │            ▼                                               ▼
//!        │     addresses ─► start_attempt ─InProgress─► (writable) finish_connect
//!        │            ▲  Failed: next address      │ Connected
//!        │            └────────────────────────────┘
//!        └──────── pool.checkin(conn, reusable) ◄──────────────────────┘
//!
//!   epoll token = the origin's index: one socket per origin at a time
//!   epoll_wait timeout = the nearest of: a connect attempt's deadline
//!                        (--connect-timeout), the --max-time deadline
//! ```
//!
//! Lesson 3's `Pool<TcpStream>` keeps the connection of an origin between
//! its jobs and decides reuse; lesson 3's `should_retry` decides whether a
//! failed exchange on a reused connection is sent again, once, on a fresh
//! connection; lesson 4 gives the addresses and the non-blocking connect;
//! lesson 5 the epoll wrapper, `drain` and `WriteQueue`.

use std::net::TcpStream;
use std::time::{Duration, Instant};

use lesson03::Pool;
use lesson05::Epoll;

use super::error::FetchError;
use super::output::{Output, Verbose};
use super::plan::Plan;
use crate::cli::GetOptions;

/// The connect timeout per address when `--connect-timeout` is not given.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Drives all the jobs of a [`Plan`].
#[derive(Debug)]
pub struct Runner {
    /// The one epoll instance.
    pub epoll: Epoll,
    /// Idle keep-alive connections, by origin.
    pub pool: Pool<TcpStream>,
    /// The work.
    pub plan: Plan,
    /// The outcome of each job: `None` while running, then `Ok` or the error.
    pub results: Vec<Option<Result<(), FetchError>>>,
    /// The timeout per connect attempt.
    pub connect_timeout: Duration,
    /// When `--max-time` runs out.
    pub deadline: Option<Instant>,
    /// `-v`.
    pub verbose: Verbose,
}

impl Runner {
    /// A runner for `plan` with the timeouts and `-v` of `options`.
    ///
    /// # Errors
    ///
    /// When the epoll instance cannot be created.
    pub fn new(plan: Plan, options: &GetOptions) -> std::io::Result<Runner> {
        todo!("quest: Runner::new({plan:?}, {options:?})")
    }

    /// Runs every job to its end – whole, failed, or cut by `--max-time` –
    /// writing bodies (and with `-i`, heads) to `output`, and returns the
    /// outcome of each job, in job order.
    ///
    /// ```text
    /// get http://127.0.0.1:P/a http://127.0.0.1:P/b     → one connection, [Ok, Ok]
    /// get http://127.0.0.1:1/a http://127.0.0.1:P/b     → [Err(Connect: connection refused), Ok]
    /// get --max-time 1 http://<a peer that never answers>/
    ///                                                  → after ~1 s: [Err(Timeout)]
    /// three origins that each answer after 1 s         → all done after ~1 s, not 3
    /// ```
    ///
    /// Hints: stages 6 to 11 of the quest brief build this up one step at a
    /// time; write a blocking version first, then move it onto epoll.
    pub fn run(&mut self, output: &mut Output) -> Vec<Result<(), FetchError>> {
        todo!("quest: Runner::run({self:?}, {output:?})")
    }
}
