//! From the command line to work: URLs → jobs → origins.
//!
//! Every URL becomes a [`Job`]: the URL split by lesson 1's `parse_url`,
//! and the exact request bytes it will send (lesson 1's `build_request` and
//! `render_request`). Jobs are then grouped by origin – scheme, host and
//! port (RFC 9110 §4.3.1) – because URLs of the same origin share one
//! keep-alive connection, one after the other, while different origins are
//! fetched at the same time:
//!
//! ```text
//!  get http://a:1/x  http://b:2/y  http://a:1/z
//!        job 0          job 1         job 2
//!  origins:  http://a:1 → [0, 2]     http://b:2 → [1]
//! ```
//!
//! A URL that cannot be fetched (no `http://`, a bad port, …) is not an
//! error for the whole run: its job carries the [`FetchError`], and the
//! other URLs are fetched as usual.

use lesson01::{Request, Url};
use lesson03::Origin;

use super::error::FetchError;
use crate::cli::GetOptions;

/// The `User-Agent` sent unless `-H` replaces it (RFC 9110 §10.1.5).
pub const USER_AGENT: &str = concat!("quest/", env!("CARGO_PKG_VERSION"));

/// One URL to fetch.
#[derive(Debug, Clone)]
pub struct Job {
    /// The URL exactly as the user wrote it (error lines quote it).
    pub url: String,
    /// What the job does, or why it cannot be done.
    pub target: Result<Target, FetchError>,
}

/// A fetchable URL: where to connect and what to send.
#[derive(Debug, Clone)]
pub struct Target {
    /// The URL split into host, port and path-and-query.
    pub parsed: Url,
    /// The index of its origin in [`Plan::origins`].
    pub origin: usize,
    /// The request method (case-sensitive: RFC 9110 §9.1).
    pub method: String,
    /// The request as it goes on the wire: head and body.
    pub request: Vec<u8>,
}

/// The jobs of one origin, in argument order.
#[derive(Debug, Clone)]
pub struct OriginPlan {
    /// Scheme, host and port.
    pub origin: Origin,
    /// Indexes into [`Plan::jobs`], in argument order.
    pub jobs: Vec<usize>,
}

/// All the work of one run.
#[derive(Debug, Clone)]
pub struct Plan {
    /// One job per URL, in argument order.
    pub jobs: Vec<Job>,
    /// The origins, in the order their first URL appears.
    pub origins: Vec<OriginPlan>,
}

/// Turns the options into jobs grouped by origin.
///
/// For each URL: `lesson01::parse_url` (an error becomes a job whose target
/// is a [`FetchError`] of kind `BadUrl`), find or add its origin
/// (`lesson03::Origin::new("http", host, port)`), and render its request
/// with [`request`] and `lesson01::render_request`.
///
/// ```text
/// urls [http://a:1/x, http://b:2/y, http://a:1/z, ftp://c/]
///   → origins [http://a:1 → jobs [0, 2], http://b:2 → jobs [1]]
///     jobs[3].target == Err(FetchError { kind: BadUrl, .. })
/// ```
pub fn plan(options: &GetOptions) -> Plan {
    todo!("quest: plan({options:?})")
}

/// The method: `-X` if given, else `POST` with `-d` (as curl does), else
/// `GET`.
///
/// ```text
/// (no -X, no -d)      → "GET"
/// -d 'x=1'            → "POST"
/// -X PUT -d 'x=1'     → "PUT"
/// ```
pub fn method(options: &GetOptions) -> String {
    todo!("quest: method({options:?})")
}

/// The request for one URL, built with lesson 1's `build_request`.
///
/// The fields, in order: `Host` (`build_request` adds it; a `-H Host:`
/// replaces it), `User-Agent: quest/…` ([`USER_AGENT`]), `Accept: */*`,
/// then the `-H` fields in the order given. A `-H` field with the name of a
/// default (any letter case) replaces that default. With a body (`-d`),
/// `render_request` adds `Content-Length`.
///
/// ```text
/// request("GET", http://127.0.0.1:8080/a?b, [], b"")
///   → GET /a?b HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: quest/0.1.0\r\nAccept: */*\r\n\r\n
/// request("PUT", http://h/f, [("X-Note", "hi")], b"data")
///   → PUT /f HTTP/1.1 … X-Note: hi\r\nContent-Length: 4\r\n\r\ndata
/// ```
///
/// Hint: lesson 1, "From URL to request: who gets which part".
pub fn request(method: &str, url: &Url, headers: &[(String, String)], body: &[u8]) -> Request {
    todo!("quest: request({method:?}, {url:?}, {headers:?}, {body:?})")
}
