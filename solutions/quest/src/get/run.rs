//! The event loop: every origin's connection on ONE epoll instance, one
//! thread (lesson 5).
//!
//! Each origin works through its URLs one after the other; the origins run
//! side by side. An origin has at most one socket at a time, so the epoll
//! token of a socket is simply its origin's index. Per origin:
//!
//! ```text
//!  next URL ──► pool.checkout: an idle connection? ──yes──► Exchange
//!                    │ no                                     │
//!                    ▼                                        │
//!             resolve (once), then connect to each address    │
//!             in turn, each bounded by --connect-timeout ─────┤
//!                                                             ▼
//!   response complete ──► pool.checkin(reusable && more URLs) ──► next URL
//!   stale reused connection (no response byte) and idempotent ──► connect
//!   again, once (lesson 3's should_retry)
//! ```
//!
//! A socket is registered with epoll exactly while it connects or carries
//! an exchange, and deregistered before it goes back to lesson 3's
//! [`Pool`]: an idle socket whose server closes it would otherwise report
//! readable (EOF) at every `epoll_wait` – a busy loop – and the next URL of
//! the origin takes it out of the pool at once anyway.
//!
//! Timers are deadlines checked after every wait: each connect attempt's
//! (`--connect-timeout`), and the whole run's (`--max-time`); the wait's
//! timeout is the nearest of them.

use std::collections::VecDeque;
use std::io;
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use lesson03::{Origin, Pool, Pooled, should_retry};
use lesson04::{ConnectError, FailedAttempt, Resolve};
use lesson05::{Epoll, Event, Interest, Token};

use super::conn::{Attempt, ConnectState, Connecting, Exchange, ExchangeError, start_attempt};
use super::error::{ErrorKind, FetchError, GetError};
use super::framing::{Piece, Progress};
use super::output::{Output, Verbose};
use super::plan::{Plan, Target};
use super::resolve::addresses;

/// How long one connect attempt may take without `--connect-timeout`.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How many bytes a job that is not on turn may have waiting in the output
/// before its connection stops being read (the server then waits, held by
/// TCP flow control, until the turn comes).
pub const MAX_BUFFERED: usize = 4 * 1024 * 1024;

/// The settings of a run, from the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `-i`: write response heads to the output.
    pub include_head: bool,
    /// `-f`: a status of 400 or more fails the URL.
    pub fail: bool,
    /// `-v`.
    pub verbose: Verbose,
    /// Bound on each connect attempt.
    pub connect_timeout: Duration,
    /// When the whole run must end (`--max-time`).
    pub deadline: Option<Instant>,
    /// The `--max-time` value, for the message.
    pub max_time: Option<Duration>,
}

/// What an origin is doing.
#[derive(Debug)]
enum Phase {
    /// Nothing under way.
    Idle,
    /// Connecting for the current job.
    Connecting(Connecting),
    /// An exchange is running.
    Exchanging(Box<Exchange>),
}

/// One origin and its queue of URLs.
#[derive(Debug)]
struct OriginTask {
    origin: Origin,
    /// Jobs still to start, in argument order.
    queue: VecDeque<usize>,
    /// The job under way.
    current: Option<usize>,
    /// The resolved addresses (resolved when first needed).
    addrs: Option<Result<Vec<SocketAddr>, FetchError>>,
    /// The next address to try for the current connection.
    next_addr: usize,
    /// The failed attempts of the current connection.
    failures: ConnectError,
    /// Whether the current job was already retried once.
    retried: bool,
    /// Whether reading is paused because the output buffered too much
    /// (the socket is then off the epoll interest list).
    paused: bool,
    /// What the origin is doing now.
    phase: Phase,
}

/// The whole run: origins, the epoll instance, the pool and the output.
#[derive(Debug)]
pub struct Runner<'a, R> {
    plan: &'a Plan,
    resolver: &'a R,
    settings: Settings,
    epoll: Epoll,
    pool: Pool<TcpStream>,
    origins: Vec<OriginTask>,
    /// Origins whose current job has ended: their next one starts from
    /// [`Runner::start_ready`].
    ready: Vec<usize>,
    output: Output,
}

impl<'a, R: Resolve> Runner<'a, R> {
    /// A runner for `plan`, writing to `output`.
    ///
    /// # Errors
    ///
    /// `epoll_create1` failed.
    pub fn new(
        plan: &'a Plan,
        resolver: &'a R,
        settings: Settings,
        output: Output,
    ) -> io::Result<Runner<'a, R>> {
        let origins = plan
            .origins
            .iter()
            .map(|o| OriginTask {
                origin: o.origin.clone(),
                queue: o.jobs.iter().copied().collect(),
                current: None,
                addrs: None,
                next_addr: 0,
                failures: ConnectError::default(),
                retried: false,
                paused: false,
                phase: Phase::Idle,
            })
            .collect();
        Ok(Runner {
            plan,
            resolver,
            settings,
            epoll: Epoll::new()?,
            // One idle connection per origin is all a sequential origin needs;
            // it is never idle for long, so the timeout hardly matters.
            pool: Pool::new(1, Duration::from_secs(60)),
            origins,
            ready: Vec::new(),
            output,
        })
    }

    /// Runs every job to its end.
    ///
    /// # Returns
    ///
    /// The first failure in argument order, if any (its line has been printed).
    ///
    /// # Errors
    ///
    /// A failure that ends the whole run: `--max-time`, an unwritable output,
    /// or epoll itself failing. Its line has NOT been printed yet.
    pub fn run(mut self) -> Result<Option<GetError>, GetError> {
        // URLs that could not even be parsed fail at once, in their turn.
        for (index, job) in self.plan.jobs.iter().enumerate() {
            if let Err(error) = &job.target {
                let error = GetError::for_url(&job.url, error.clone());
                self.output.fail(index, error).map_err(output_error)?;
            }
        }
        self.ready = (0..self.origins.len()).rev().collect();
        let mut events: Vec<Event> = Vec::new();
        loop {
            self.resume_paused()?;
            self.start_ready()?;
            if self.output.all_done() {
                break;
            }
            let now = Instant::now();
            if let Some(deadline) = self.settings.deadline {
                if now >= deadline {
                    return Err(self.max_time_error());
                }
            }
            let timeout = self
                .next_deadline()
                .map(|d| d.saturating_duration_since(now));
            self.epoll
                .wait(&mut events, timeout)
                .map_err(|e| GetError {
                    url: None,
                    error: FetchError::new(ErrorKind::Recv, format!("epoll_wait failed: {e}")),
                })?;
            for event in &events {
                let origin = event.token.0 as usize;
                if origin < self.origins.len() {
                    self.on_event(origin, event)?;
                }
            }
            self.expire_connects()?;
        }
        self.output.flush().map_err(output_error)?;
        Ok(self.output.first_error().cloned())
    }

    /// The `--max-time` failure, naming the first unfinished URL.
    fn max_time_error(&mut self) -> GetError {
        let _ = self.output.flush();
        let turn = self.output.turn();
        let detail = match self.settings.max_time {
            Some(limit) => format!(
                "timed out: the whole run took longer than --max-time {}s",
                limit.as_secs_f64()
            ),
            None => "timed out".to_string(),
        };
        GetError {
            url: self.plan.jobs.get(turn).map(|job| job.url.clone()),
            error: FetchError::new(ErrorKind::Timeout, detail),
        }
    }

    /// The nearest deadline: `--max-time` or a connect attempt's.
    fn next_deadline(&self) -> Option<Instant> {
        self.origins
            .iter()
            .filter_map(|task| match &task.phase {
                Phase::Connecting(c) => Some(c.deadline),
                _ => None,
            })
            .chain(self.settings.deadline)
            .min()
    }

    /// The target of a job that has one (jobs in an origin's queue always do).
    fn target(&self, job: usize) -> Option<&'a Target> {
        self.plan.jobs.get(job)?.target.as_ref().ok()
    }

    /// Starts the next job of every origin that is ready for one.
    ///
    /// Why a list instead of calling [`Runner::start_next`] right where a
    /// job ends? A job can end inside `start_next` itself – its host does
    /// not resolve, every address refuses at once – and the next job would
    /// then start one call deeper, and so on: 5 000 URLs to a dead host
    /// would overflow the stack. Here each job starts from this loop.
    fn start_ready(&mut self) -> Result<(), GetError> {
        while let Some(origin) = self.ready.pop() {
            self.start_next(origin)?;
        }
        Ok(())
    }

    /// Starts the origin's next job, if any: on a pooled connection, or on
    /// a new one.
    fn start_next(&mut self, origin: usize) -> Result<(), GetError> {
        let task = &mut self.origins[origin];
        task.phase = Phase::Idle;
        task.retried = false;
        let Some(job) = task.queue.pop_front() else {
            task.current = None;
            return Ok(());
        };
        task.current = Some(job);
        match self.pool.checkout(&task.origin, Instant::now()) {
            Some(pooled) => {
                self.settings
                    .verbose
                    .event(format_args!("reusing connection {}", pooled.id()));
                self.begin_exchange(origin, pooled, true)
            }
            None => self.connect(origin),
        }
    }

    /// Opens a new connection for the origin's current job: resolve once,
    /// then try the addresses from the first.
    fn connect(&mut self, origin: usize) -> Result<(), GetError> {
        let task = &mut self.origins[origin];
        if task.addrs.is_none() {
            task.addrs = Some(addresses(
                self.resolver,
                &task.origin.host,
                task.origin.port,
            ));
        }
        task.next_addr = 0;
        task.failures = ConnectError::default();
        self.try_next_address(origin)
    }

    /// Tries addresses until one connects or is in progress; when none is
    /// left, the job fails.
    fn try_next_address(&mut self, origin: usize) -> Result<(), GetError> {
        loop {
            let task = &mut self.origins[origin];
            let addrs = match &task.addrs {
                Some(Ok(addrs)) => addrs,
                Some(Err(error)) => {
                    let error = error.clone();
                    return self.job_failed(origin, error);
                }
                None => {
                    return self
                        .job_failed(origin, FetchError::new(ErrorKind::Resolve, "no addresses"));
                }
            };
            let Some(&addr) = addrs.get(task.next_addr) else {
                let error = connect_failure(&task.failures);
                return self.job_failed(origin, error);
            };
            task.next_addr += 1;
            self.settings
                .verbose
                .event(format_args!("connecting to {addr}"));
            let deadline = Instant::now() + self.settings.connect_timeout;
            match start_attempt(addr, deadline) {
                Attempt::Connected(stream) => return self.connected(origin, stream, addr),
                Attempt::InProgress(connecting) => {
                    let registered = self.epoll.add(
                        &connecting.stream,
                        Token(origin as u64),
                        Interest::WRITABLE,
                    );
                    match registered {
                        Ok(()) => {
                            self.origins[origin].phase = Phase::Connecting(connecting);
                            return Ok(());
                        }
                        Err(error) => self.attempt_failed(origin, FailedAttempt { addr, error }),
                    }
                }
                Attempt::Failed(failed) => self.attempt_failed(origin, failed),
            }
        }
    }

    /// Records a failed attempt (and says so with `-v`).
    fn attempt_failed(&mut self, origin: usize, failed: FailedAttempt) {
        self.settings
            .verbose
            .event(format_args!("{}: {}", failed.addr, failed.error));
        self.origins[origin].failures.attempts.push(failed);
    }

    /// A new connection is up: the pool numbers it, and the exchange starts.
    fn connected(
        &mut self,
        origin: usize,
        stream: TcpStream,
        addr: SocketAddr,
    ) -> Result<(), GetError> {
        let pooled = self
            .pool
            .new_connection(&self.origins[origin].origin, stream);
        self.settings
            .verbose
            .event(format_args!("connected to {addr} ({})", pooled.id()));
        self.begin_exchange(origin, pooled, false)
    }

    /// Sends the current job's request on `pooled`.
    fn begin_exchange(
        &mut self,
        origin: usize,
        pooled: Pooled<TcpStream>,
        reused: bool,
    ) -> Result<(), GetError> {
        let Some(job) = self.origins[origin].current else {
            return Ok(());
        };
        let Some(target) = self.target(job) else {
            return Ok(());
        };
        self.settings.verbose.head('>', &target.request);
        let mut exchange = Exchange::new(job, pooled, reused, &target.method, &target.request);
        if let Err(error) = self.epoll.add(
            &exchange.conn.conn,
            Token(origin as u64),
            exchange.interest(),
        ) {
            return self.job_failed(origin, FetchError::new(ErrorKind::Send, error.to_string()));
        }
        // Write at once: the socket is almost always writable now.
        let written = exchange.on_writable();
        self.origins[origin].phase = Phase::Exchanging(Box::new(exchange));
        match written {
            Ok(()) => self.update_interest(origin),
            Err(error) => self.exchange_failed(origin, error),
        }
    }

    /// Sets the exchange's epoll interest (writable only while request
    /// bytes wait; nothing while paused).
    fn update_interest(&mut self, origin: usize) -> Result<(), GetError> {
        let task = &self.origins[origin];
        if let Phase::Exchanging(exchange) = &task.phase {
            if task.paused {
                return Ok(());
            }
            if let Err(error) = self.epoll.modify(
                &exchange.conn.conn,
                Token(origin as u64),
                exchange.interest(),
            ) {
                let error = ExchangeError::Recv(error);
                return self.exchange_failed(origin, error);
            }
        }
        Ok(())
    }

    /// One readiness event for the origin's socket.
    fn on_event(&mut self, origin: usize, event: &Event) -> Result<(), GetError> {
        match &mut self.origins[origin].phase {
            Phase::Idle => Ok(()),
            Phase::Connecting(connecting) => match connecting.check() {
                ConnectState::InProgress => Ok(()),
                ConnectState::Connected => {
                    let Phase::Connecting(connecting) =
                        std::mem::replace(&mut self.origins[origin].phase, Phase::Idle)
                    else {
                        return Ok(());
                    };
                    let _ = self.epoll.delete(&connecting.stream);
                    self.connected(origin, connecting.stream, connecting.addr)
                }
                ConnectState::Failed(error) => {
                    let Phase::Connecting(connecting) =
                        std::mem::replace(&mut self.origins[origin].phase, Phase::Idle)
                    else {
                        return Ok(());
                    };
                    let _ = self.epoll.delete(&connecting.stream);
                    let addr = connecting.addr;
                    self.attempt_failed(origin, FailedAttempt { addr, error });
                    self.try_next_address(origin)
                }
            },
            Phase::Exchanging(exchange) => {
                if event.writable {
                    if let Err(error) = exchange.on_writable() {
                        return self.exchange_failed(origin, error);
                    }
                    self.update_interest(origin)?;
                }
                if event.readable || event.hangup || event.error {
                    self.read_response(origin)?;
                }
                Ok(())
            }
        }
    }

    /// Reads what the socket has and hands the pieces to the output.
    fn read_response(&mut self, origin: usize) -> Result<(), GetError> {
        let Phase::Exchanging(exchange) = &mut self.origins[origin].phase else {
            return Ok(());
        };
        let job = exchange.job;
        let mut pieces = Vec::new();
        let progress = exchange.on_readable(&mut pieces);
        for piece in pieces {
            match piece {
                Piece::Head { head, raw, interim } => {
                    self.settings.verbose.head('<', &raw);
                    if !interim && self.settings.fail && head.status >= 400 {
                        let detail = format!(
                            "the server answered {} {} (-f: a status of 400 or more fails)",
                            head.status, head.reason
                        );
                        return self
                            .abandon(origin, FetchError::new(ErrorKind::HttpStatus, detail));
                    }
                    if self.settings.include_head {
                        self.output.write(job, &raw).map_err(output_error)?;
                    }
                }
                Piece::Body(bytes) => self.output.write(job, &bytes).map_err(output_error)?,
            }
        }
        match progress {
            Ok(Progress::More) => {
                self.pause_if_full(origin);
                Ok(())
            }
            Ok(Progress::Complete { reusable }) => self.finish_exchange(origin, reusable),
            Err(error) => self.exchange_failed(origin, error),
        }
    }

    /// The response is complete: the connection goes back to the pool (or
    /// is closed), the output moves on, and the origin is ready for its
    /// next job.
    fn finish_exchange(&mut self, origin: usize, reusable: bool) -> Result<(), GetError> {
        let Some(exchange) = self.take_exchange(origin) else {
            return Ok(());
        };
        let job = exchange.job;
        let more = !self.origins[origin].queue.is_empty();
        let keep = reusable
            && more
            && exchange.request_sent()
            && self.target(job).is_some_and(|t| t.keep_alive);
        self.release(exchange.conn, keep);
        self.output.finish(job).map_err(output_error)?;
        self.ready.push(origin);
        Ok(())
    }

    /// The exchange failed: retry once on a fresh connection if lesson 3's
    /// `should_retry` allows it (a stale keep-alive connection), else the
    /// job fails.
    fn exchange_failed(&mut self, origin: usize, error: ExchangeError) -> Result<(), GetError> {
        let Some(exchange) = self.take_exchange(origin) else {
            return Ok(());
        };
        let failure = exchange.failure(&error);
        let retry = !self.origins[origin].retried && should_retry(exchange.method(), &failure);
        let id = exchange.conn.id();
        self.release(exchange.conn, false);
        if retry {
            self.settings.verbose.event(format_args!(
                "connection {id} was closed by the server before any response; retrying on a new connection"
            ));
            self.origins[origin].retried = true;
            return self.connect(origin);
        }
        self.job_failed(origin, error.into())
    }

    /// Gives up the current exchange with `error` (closing its connection).
    fn abandon(&mut self, origin: usize, error: FetchError) -> Result<(), GetError> {
        if let Some(exchange) = self.take_exchange(origin) {
            self.release(exchange.conn, false);
        }
        self.job_failed(origin, error)
    }

    /// Takes the exchange out of the origin, deregistering its socket.
    fn take_exchange(&mut self, origin: usize) -> Option<Box<Exchange>> {
        let task = &mut self.origins[origin];
        match std::mem::replace(&mut task.phase, Phase::Idle) {
            Phase::Exchanging(exchange) => {
                if !task.paused {
                    let _ = self.epoll.delete(&exchange.conn.conn);
                }
                task.paused = false;
                Some(exchange)
            }
            other => {
                task.phase = other;
                None
            }
        }
    }

    /// Back to the pool (kept idle) or closed.
    fn release(&mut self, conn: Pooled<TcpStream>, keep: bool) {
        if !keep {
            self.settings
                .verbose
                .event(format_args!("closing connection {}", conn.id()));
        }
        self.pool.checkin(conn, keep, Instant::now());
    }

    /// The origin's current job failed: report it (on its turn); the
    /// origin goes on with its next job.
    fn job_failed(&mut self, origin: usize, error: FetchError) -> Result<(), GetError> {
        if let Some(job) = self.origins[origin].current.take() {
            let url = &self.plan.jobs[job].url;
            self.output
                .fail(job, GetError::for_url(url, error))
                .map_err(output_error)?;
        }
        self.ready.push(origin);
        Ok(())
    }

    /// Connect attempts past their deadline fail; the next address is tried.
    fn expire_connects(&mut self) -> Result<(), GetError> {
        let now = Instant::now();
        for origin in 0..self.origins.len() {
            let expired =
                matches!(&self.origins[origin].phase, Phase::Connecting(c) if c.deadline <= now);
            if !expired {
                continue;
            }
            let Phase::Connecting(connecting) =
                std::mem::replace(&mut self.origins[origin].phase, Phase::Idle)
            else {
                continue;
            };
            let _ = self.epoll.delete(&connecting.stream);
            let error = io::Error::new(
                io::ErrorKind::TimedOut,
                format!(
                    "connection timed out after {} ms",
                    self.settings.connect_timeout.as_millis()
                ),
            );
            let addr = connecting.addr;
            self.attempt_failed(origin, FailedAttempt { addr, error });
            self.try_next_address(origin)?;
        }
        Ok(())
    }

    /// Stops reading a connection whose job, not on turn, has buffered
    /// [`MAX_BUFFERED`] bytes: its socket leaves epoll until the turn comes.
    fn pause_if_full(&mut self, origin: usize) {
        let task = &mut self.origins[origin];
        if let Phase::Exchanging(exchange) = &task.phase {
            if !task.paused
                && exchange.job != self.output.turn()
                && self.output.buffered(exchange.job) >= MAX_BUFFERED
                && self.epoll.delete(&exchange.conn.conn).is_ok()
            {
                task.paused = true;
                self.settings.verbose.event(format_args!(
                    "pausing connection {}: its URL's output waits for earlier URLs",
                    exchange.conn.id()
                ));
            }
        }
    }

    /// Resumes reading paused connections whose job is now on turn.
    fn resume_paused(&mut self) -> Result<(), GetError> {
        for origin in 0..self.origins.len() {
            let task = &mut self.origins[origin];
            let Phase::Exchanging(exchange) = &task.phase else {
                continue;
            };
            if task.paused && exchange.job == self.output.turn() {
                task.paused = false;
                self.settings
                    .verbose
                    .event(format_args!("resuming connection {}", exchange.conn.id()));
                if let Err(error) = self.epoll.add(
                    &exchange.conn.conn,
                    Token(origin as u64),
                    exchange.interest(),
                ) {
                    return self.exchange_failed(origin, ExchangeError::Recv(error));
                }
            }
        }
        Ok(())
    }
}

/// One line for "no address would connect": exit 28 when every attempt
/// timed out, else 7; the text lists each address and its error (lesson 4's
/// `ConnectError`).
fn connect_failure(failures: &ConnectError) -> FetchError {
    let all_timed_out = !failures.attempts.is_empty()
        && failures
            .attempts
            .iter()
            .all(|a| a.error.kind() == io::ErrorKind::TimedOut);
    let kind = if all_timed_out {
        ErrorKind::Timeout
    } else {
        ErrorKind::Connect
    };
    FetchError::new(kind, failures.to_string())
}

/// The output (stdout or `-o`) cannot be written: the run ends.
fn output_error(error: io::Error) -> GetError {
    GetError {
        url: None,
        error: FetchError::new(
            ErrorKind::Output,
            format!("cannot write the output: {error}"),
        ),
    }
}
