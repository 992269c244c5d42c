//! The access log: one line per request on stderr, in the "combined"
//! format that nginx and Apache write and log tools read.

use std::time::{Duration, Instant};

use super::formats::{LogLine, parse_combined};
use crate::grade::checks::support::root::Root;
use crate::grade::checks::support::server::{request, status_of};
use crate::grade::{Ctx, Failure, Verdict};

/// How long log lines may lag behind the responses.
const LOG_LAG: Duration = Duration::from_secs(2);

/// One request of the check and what its log line must say.
struct Logged {
    line: &'static str,
    fields: &'static str,
    status: u16,
    referer: &'static str,
    user_agent: &'static str,
}

const REQUESTS: &[Logged] = &[
    Logged {
        line: "GET /index.html HTTP/1.1",
        fields: "User-Agent: grader-agent/1.0\r\nReferer: http://127.0.0.1/start\r\n",
        status: 200,
        referer: "http://127.0.0.1/start",
        user_agent: "grader-agent/1.0",
    },
    Logged {
        line: "GET /missing.txt HTTP/1.1",
        fields: "User-Agent: grader-agent/2.0\r\n",
        status: 404,
        referer: "-",
        user_agent: "grader-agent/2.0",
    },
    Logged {
        line: "HEAD /index.html HTTP/1.1",
        fields: "",
        status: 200,
        referer: "-",
        user_agent: "-",
    },
];

/// After three requests, stderr holds exactly three combined-format lines,
/// one per request, each with the client address, the request line, the
/// status, a size, the Referer and the User-Agent (`-` when absent).
pub(crate) fn access_log(ctx: &Ctx) -> Verdict {
    let mut root = Root::new(ctx)?;
    root.file("index.html", b"<p>logged</p>\n")?;
    let mut server = root.serve(ctx, &[])?;
    for logged in REQUESTS {
        let (method, rest) = logged.line.split_once(' ').unwrap_or_default();
        let target = rest.split(' ').next().unwrap_or_default();
        let bytes = request(method, target, logged.fields);
        let response = server.ask(ctx, &bytes)?;
        if response.status != logged.status {
            return Err(Failure::new(format!(
                "\"{}\" should answer {} (other checks grade that), got {}; the log check needs \
                 it to",
                logged.line,
                logged.status,
                status_of(&response)
            ))
            .repro(server.nc(&bytes)));
        }
    }
    let repro = server.repro(
        "curl -s -A grader-agent/1.0 -e http://127.0.0.1/start http://127.0.0.1:8080/index.html\n\
         curl -s -A grader-agent/2.0 http://127.0.0.1:8080/missing.txt\n\
         curl -sI -A '' http://127.0.0.1:8080/index.html\n\
         # then read the server's stderr",
    );
    // Poll: a server may write its log after the response.
    let started = Instant::now();
    let verdict = loop {
        let stderr = server.server().guard().stderr();
        let verdict = judge(&stderr);
        if verdict.is_ok() || started.elapsed() >= LOG_LAG.min(ctx.remaining()) {
            break verdict;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    verdict.map_err(|reason| Failure::new(reason).repro(repro))
}

/// Judges everything the server wrote to stderr.
fn judge(stderr: &str) -> Result<(), String> {
    // Lines that do not even start like a log line (a startup message) are
    // ignored; one that starts like one must be one.
    let mut lines: Vec<LogLine> = Vec::new();
    for text in stderr.lines().filter(|l| l.starts_with("127.0.0.1 ")) {
        let line = parse_combined(text).map_err(|why| {
            format!(
                "this stderr line should be an access-log line in nginx's combined format \
                 (127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 612 \"-\" \
                 \"agent/1\"), but {why}: {text:?}"
            )
        })?;
        lines.push(line);
    }
    for request in REQUESTS {
        let found: Vec<&LogLine> = lines.iter().filter(|l| l.request == request.line).collect();
        let [line] = found.as_slice() else {
            return Err(format!(
                "stderr should have exactly one combined-format log line for \"{}\", found {} \
                 (stderr: {:?})",
                request.line,
                found.len(),
                tail(stderr)
            ));
        };
        let expected = (request.status, request.referer, request.user_agent);
        let got = (line.status, line.referer.as_str(), line.user_agent.as_str());
        if got != expected {
            return Err(format!(
                "the log line for \"{}\" should show status {}, referer \"{}\" and user agent \
                 \"{}\" (`-` for a missing field), got {}, \"{}\" and \"{}\"",
                request.line, expected.0, expected.1, expected.2, got.0, got.1, got.2
            ));
        }
    }
    if lines.len() != REQUESTS.len() {
        return Err(format!(
            "three requests should give three log lines, found {} (stderr: {:?})",
            lines.len(),
            tail(stderr)
        ));
    }
    Ok(())
}

/// The last 600 characters of `text`.
fn tail(text: &str) -> &str {
    let start = text.len().saturating_sub(600);
    let start = (start..text.len())
        .find(|&at| text.is_char_boundary(at))
        .unwrap_or(text.len());
    &text[start..]
}
