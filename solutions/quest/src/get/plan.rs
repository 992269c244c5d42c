//! From the command line to work: URLs → jobs → origins.
//!
//! Every URL becomes a [`Job`]: the URL split by lesson 1's `parse_url`,
//! and the exact request bytes it will send (`build_request` and
//! `render_request`). Jobs are then grouped by [`Origin`] – scheme, host and
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

use lesson01::{Request, Url, build_request, parse_url, render_request};
use lesson03::{Origin, keeps_alive};

use super::error::{ErrorKind, FetchError};
use crate::cli::GetOptions;

/// The `User-Agent` sent unless `-H` replaces it (RFC 9110 §10.1.5).
pub const USER_AGENT: &str = concat!("quest-solution/", env!("CARGO_PKG_VERSION"));

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
    /// Whether the request lets the connection persist (lesson 3's
    /// `keeps_alive`: false after `-H 'Connection: close'`).
    pub keep_alive: bool,
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
/// ```
/// use quest_solution::cli::GetOptions;
/// use quest_solution::get::plan::plan;
///
/// let options = GetOptions {
///     urls: vec!["http://a:1/x".into(), "http://b:2/y".into(), "http://a:1/z".into(), "ftp://c/".into()],
///     ..GetOptions::default()
/// };
/// let plan = plan(&options);
/// assert_eq!(plan.origins.len(), 2);
/// assert_eq!(plan.origins[0].jobs, [0, 2]);
/// assert!(plan.jobs[3].target.is_err());
/// ```
pub fn plan(options: &GetOptions) -> Plan {
    let method = method(options);
    let body = options.data.as_deref().unwrap_or("").as_bytes();
    let mut origins: Vec<OriginPlan> = Vec::new();
    let jobs = options
        .urls
        .iter()
        .enumerate()
        .map(|(index, url)| {
            let target = parse_url(url)
                .map_err(|e| FetchError::new(ErrorKind::BadUrl, e.to_string()))
                .map(|parsed| {
                    let origin = Origin::new("http", &parsed.host, parsed.port);
                    let slot = match origins.iter().position(|o| o.origin == origin) {
                        Some(slot) => slot,
                        None => {
                            origins.push(OriginPlan {
                                origin,
                                jobs: Vec::new(),
                            });
                            origins.len() - 1
                        }
                    };
                    origins[slot].jobs.push(index);
                    let request = request(&method, &parsed, &options.headers, body);
                    let connection: Vec<&str> = request
                        .headers
                        .iter()
                        .filter(|(name, _)| name.eq_ignore_ascii_case("connection"))
                        .map(|(_, value)| value.as_str())
                        .collect();
                    Target {
                        keep_alive: keeps_alive(1, &connection),
                        request: render_request(&request),
                        parsed,
                        origin: slot,
                        method: method.clone(),
                    }
                });
            Job {
                url: url.clone(),
                target,
            }
        })
        .collect();
    Plan { jobs, origins }
}

/// The method: `-X` if given, else `POST` with `-d` (as curl does), else `GET`.
pub fn method(options: &GetOptions) -> String {
    match (&options.method, &options.data) {
        (Some(method), _) => method.clone(),
        (None, Some(_)) => "POST".to_string(),
        (None, None) => "GET".to_string(),
    }
}

/// The request for one URL, built with lesson 1's `build_request`.
///
/// The fields, in order: `Host` (from the URL, without `:80`; a `-H Host:`
/// replaces it), `User-Agent: quest-solution/…`, `Accept: */*`, then the
/// `-H` fields in the order given. A `-H` field with the name of a default
/// (any letter case) replaces that default; one with an empty value
/// (`-H 'Accept:'`) only removes it, as in curl. `render_request` adds
/// `Content-Length` when there is a body (or the method is POST, PUT or PATCH).
///
/// No `Connection: close` is sent: the connection is kept for the next URL
/// of the same origin and simply closed when no URL is left.
///
/// ```
/// use quest_solution::get::plan::request;
///
/// let url = lesson01::parse_url("http://h:8080/a").unwrap();
/// let req = request("GET", &url, &[("accept".into(), "text/plain".into()), ("User-Agent".into(), "".into())], b"");
/// let names: Vec<&str> = req.headers.iter().map(|(n, _)| n.as_str()).collect();
/// assert_eq!(names, ["Host", "accept"]);
/// ```
pub fn request(method: &str, url: &Url, headers: &[(String, String)], body: &[u8]) -> Request {
    let defaults = [("User-Agent", USER_AGENT), ("Accept", "*/*")];
    let given = |name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let mut fields: Vec<(String, String)> = defaults
        .iter()
        .filter(|(name, _)| !given(name))
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    fields.extend(
        headers
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .cloned(),
    );
    // An empty `-H 'Host:'` removes nothing: a request without Host is
    // invalid (RFC 9112 §3.2), so `build_request` keeps its default.
    build_request(method, url, &fields, body)
}
