//! `quest-solution get`, black-box: the built binary against small scripted
//! servers on 127.0.0.1:0. Each server plays its connections in order, step
//! by step, records the requests it read, and gives up after a few seconds;
//! every run of the client is bounded too, so no test can hang.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// How long a scripted server waits for a connection or a byte.
const PEER_LIMIT: Duration = Duration::from_secs(4);
/// How long the client may run before the test kills it.
const CLIENT_LIMIT: Duration = Duration::from_secs(5);

/// One step of a scripted connection.
#[derive(Debug, Clone)]
enum Step {
    /// Read one request (head and Content-Length body) and record it.
    Read,
    /// Write these bytes.
    Send(Vec<u8>),
    /// Write these bytes one at a time, with a short pause between them.
    Trickle(Vec<u8>),
    /// Wait this long.
    Sleep(Duration),
    /// Shut down the writing side, then read until the client closes and
    /// record whatever it still sent.
    HalfClose,
}

fn send(bytes: &[u8]) -> Step {
    Step::Send(bytes.to_vec())
}

/// What a scripted server saw.
#[derive(Debug, Default)]
struct Log {
    /// Connections accepted.
    connections: usize,
    /// Every complete request, in order.
    requests: Vec<Vec<u8>>,
    /// Bytes received after a `HalfClose`, per connection that had one.
    after_close: Vec<Vec<u8>>,
}

/// A scripted server on 127.0.0.1:0, running on its own thread.
struct Peer {
    addr: SocketAddr,
    thread: JoinHandle<Log>,
}

impl Peer {
    /// Plays `connections` in order: the first accepted connection gets the
    /// first script, and so on.
    fn start(connections: Vec<Vec<Step>>) -> Peer {
        Peer::start_on("127.0.0.1:0", connections)
    }

    /// [`Peer::start`] on a chosen address.
    fn start_on(addr: &str, connections: Vec<Vec<Step>>) -> Peer {
        let listener = TcpListener::bind(addr).expect("bind a test server");
        let addr = listener.local_addr().expect("local address");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let thread = std::thread::spawn(move || {
            let mut log = Log::default();
            for script in connections {
                let Some(stream) = accept(&listener) else {
                    break;
                };
                log.connections += 1;
                play(stream, &script, &mut log);
            }
            log
        });
        Peer { addr, thread }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Waits for the script to end (bounded: every wait in it is).
    fn log(self) -> Log {
        self.thread.join().expect("the test server thread")
    }
}

fn accept(listener: &TcpListener) -> Option<TcpStream> {
    let deadline = Instant::now() + PEER_LIMIT;
    while Instant::now() < deadline {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).ok()?;
                stream.set_read_timeout(Some(PEER_LIMIT)).ok()?;
                return Some(stream);
            }
            Err(_) => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    None
}

fn play(mut stream: TcpStream, script: &[Step], log: &mut Log) {
    let mut pending = Vec::new();
    for step in script {
        match step {
            Step::Read => match read_request(&mut stream, &mut pending) {
                Some(request) => log.requests.push(request),
                None => return,
            },
            Step::Send(bytes) => {
                if stream.write_all(bytes).is_err() {
                    return;
                }
            }
            Step::Trickle(bytes) => {
                for byte in bytes {
                    if stream.write_all(&[*byte]).is_err() {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
            Step::Sleep(pause) => std::thread::sleep(*pause),
            Step::HalfClose => {
                let _ = stream.shutdown(Shutdown::Write);
                let mut rest = std::mem::take(&mut pending);
                let _ = stream.read_to_end(&mut rest);
                log.after_close.push(rest);
                return;
            }
        }
    }
}

/// Reads one request: up to the empty line, then a Content-Length body.
fn read_request(stream: &mut TcpStream, pending: &mut Vec<u8>) -> Option<Vec<u8>> {
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
            let head_len = end + 4;
            let head = String::from_utf8_lossy(&pending[..head_len]).to_ascii_lowercase();
            let body_len: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if pending.len() >= head_len + body_len {
                let request: Vec<u8> = pending.drain(..head_len + body_len).collect();
                return Some(request);
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => pending.extend_from_slice(&chunk[..n]),
        }
    }
}

/// What one run of the client did.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// The non-empty stderr lines.
    fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect()
    }
}

/// Runs `quest-solution get ARGS`, killed after [`CLIENT_LIMIT`].
fn get(args: &[&str]) -> Run {
    let started = Instant::now();
    let output = Command::cargo_bin("quest-solution")
        .expect("the quest-solution binary")
        .arg("get")
        .args(args)
        .timeout(CLIENT_LIMIT)
        .output()
        .expect("run quest-solution get");
    Run {
        code: output.status.code(),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

/// A one-connection server: read one request, answer `response`, close.
fn answering(response: &[u8]) -> Peer {
    Peer::start(vec![vec![Step::Read, send(response)]])
}

fn ok(body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[test]
fn content_length_body_is_copied_exactly() {
    let body: &[u8] = b"line\n\x00\xff\xfe no newline";
    let mut response =
        format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes();
    response.extend_from_slice(body);
    let peer = answering(&response);
    let run = get(&[&peer.url("/data")]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stdout, body);
    let log = peer.log();
    assert!(log.requests[0].starts_with(b"GET /data HTTP/1.1\r\n"));
}

#[test]
fn chunked_with_extensions_and_trailers() {
    let peer = answering(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
          5;ext=1\r\nhello\r\n7;a=b;c\r\n, world\r\n0\r\nX-Trailer: yes\r\n\r\n",
    );
    let run = get(&[&peer.url("/")]);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(0), "hello, world".into()),
        "{run:?}"
    );
}

#[test]
fn close_delimited_body_ends_at_eof() {
    let peer = answering(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end\n");
    let run = get(&[&peer.url("/")]);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(0), "until the end\n".into()),
        "{run:?}"
    );
}

#[test]
fn responses_in_one_byte_segments() {
    let peer = Peer::start(vec![vec![
        Step::Read,
        Step::Trickle(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x\r\nabc\r\n0\r\nT: 1\r\n\r\n"
                .to_vec(),
        ),
        Step::Read,
        Step::Trickle(ok("defg")),
    ]]);
    let run = get(&[&peer.url("/1"), &peer.url("/2")]);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(0), "abcdefg".into()),
        "{run:?}"
    );
    assert_eq!(peer.log().connections, 1);
}

#[test]
fn head_responses_have_no_body() {
    // Both responses announce 5 bytes that never come: reading them would
    // hang, and the second request proves the connection was reusable.
    let head = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
    let peer = Peer::start(vec![vec![Step::Read, send(head), Step::Read, send(head)]]);
    let run = get(&["-X", "HEAD", &peer.url("/a"), &peer.url("/b")]);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(0), String::new()),
        "{run:?}"
    );
    let log = peer.log();
    assert!(log.requests[1].starts_with(b"HEAD /b HTTP/1.1\r\n"));
}

#[test]
fn status_204_and_304_have_no_body() {
    let peer = Peer::start(vec![vec![
        Step::Read,
        send(b"HTTP/1.1 204 No Content\r\n\r\n"),
        Step::Read,
        send(b"HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n"),
        Step::Read,
        send(&ok("after")),
    ]]);
    let run = get(&[&peer.url("/a"), &peer.url("/b"), &peer.url("/c")]);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(0), "after".into()),
        "{run:?}"
    );
    assert_eq!(peer.log().connections, 1);
}

#[test]
fn interim_responses_are_skipped() {
    let peer = answering(
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n\
          HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal",
    );
    let run = get(&[&peer.url("/")]);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(0), "final".into()),
        "{run:?}"
    );
}

#[test]
fn one_origin_reuses_one_connection() {
    let peer = Peer::start(vec![vec![
        Step::Read,
        send(&ok("one ")),
        Step::Read,
        send(&ok("two ")),
        Step::Read,
        send(&ok("three")),
    ]]);
    let run = get(&["-v", &peer.url("/1"), &peer.url("/2"), &peer.url("/3")]);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(0), "one two three".into()),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("* reusing connection #1"),
        "{}",
        run.stderr
    );
    let log = peer.log();
    assert_eq!((log.connections, log.requests.len()), (1, 3));
    for request in &log.requests {
        let text = String::from_utf8_lossy(request).to_ascii_lowercase();
        assert!(!text.contains("connection: close"), "{text}");
    }
}

#[test]
fn connection_close_means_a_new_connection() {
    let peer = Peer::start(vec![
        vec![
            Step::Read,
            send(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 6\r\n\r\nfirst "),
            Step::HalfClose,
        ],
        vec![Step::Read, send(&ok("second"))],
    ]);
    let run = get(&[&peer.url("/1"), &peer.url("/2")]);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(0), "first second".into()),
        "{run:?}"
    );
    let log = peer.log();
    assert_eq!(log.connections, 2);
    assert_eq!(
        log.after_close,
        [Vec::<u8>::new()],
        "no request after close"
    );
}

#[test]
fn http10_without_keep_alive_means_a_new_connection() {
    let peer = Peer::start(vec![
        vec![
            Step::Read,
            send(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nA "),
            Step::HalfClose,
        ],
        vec![Step::Read, send(&ok("B"))],
    ]);
    let run = get(&[&peer.url("/1"), &peer.url("/2")]);
    assert_eq!((run.code, run.stdout()), (Some(0), "A B".into()), "{run:?}");
    assert_eq!(peer.log().connections, 2);
}

#[test]
fn stale_connection_is_retried_once_for_get() {
    let peer = Peer::start(vec![
        // Answers the first request, reads the second and closes unanswered.
        vec![Step::Read, send(&ok("first ")), Step::Read],
        vec![Step::Read, send(&ok("second"))],
    ]);
    let run = get(&[&peer.url("/1"), &peer.url("/2")]);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(0), "first second".into()),
        "{run:?}"
    );
    let log = peer.log();
    assert_eq!(log.connections, 2);
    assert_eq!(log.requests.len(), 3);
    assert!(log.requests[2].starts_with(b"GET /2 HTTP/1.1\r\n"));
}

#[test]
fn stale_retry_happens_only_once() {
    let peer = Peer::start(vec![
        vec![Step::Read, send(&ok("first ")), Step::Read],
        vec![Step::Read],
    ]);
    let run = get(&[&peer.url("/1"), &peer.url("/2")]);
    assert_eq!(run.code, Some(52), "{run:?}");
    assert_eq!(run.stdout(), "first ");
    let lines = run.error_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains(&peer.url("/2")), "{lines:?}");
    assert_eq!(peer.log().connections, 2);
}

#[test]
fn post_is_not_retried_on_a_stale_connection() {
    let peer = Peer::start(vec![vec![Step::Read, send(&ok("first")), Step::Read]]);
    let run = get(&["-d", "x=1", &peer.url("/1"), &peer.url("/2")]);
    assert_eq!(run.code, Some(52), "{run:?}");
    assert_eq!(run.stdout(), "first");
    assert_eq!(peer.log().connections, 1);
}

#[test]
fn resolve_falls_back_to_the_next_address() {
    let peer = answering(&ok("fallback"));
    let port = peer.addr.port();
    let resolve = format!("example.test:{port}:127.0.0.2,127.0.0.1");
    let url = format!("http://example.test:{port}/x");
    let run = get(&["--resolve", &resolve, "-v", &url]);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(0), "fallback".into()),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains(&format!("* connecting to 127.0.0.2:{port}"))
    );
    let log = peer.log();
    let host = format!("Host: example.test:{port}\r\n");
    assert!(
        String::from_utf8_lossy(&log.requests[0]).contains(&host),
        "{:?}",
        String::from_utf8_lossy(&log.requests[0])
    );
}

#[test]
fn three_origins_are_fetched_concurrently_and_printed_in_order() {
    let slow = |body: &str, millis| {
        Peer::start(vec![vec![
            Step::Read,
            Step::Sleep(Duration::from_millis(millis)),
            send(&ok(body)),
        ]])
    };
    let peers = [slow("a", 1000), slow("b", 800), slow("c", 600)];
    let urls: Vec<String> = peers.iter().map(|p| p.url("/")).collect();
    let args: Vec<&str> = urls.iter().map(String::as_str).collect();
    let run = get(&args);
    assert_eq!((run.code, run.stdout()), (Some(0), "abc".into()), "{run:?}");
    assert!(
        run.elapsed < Duration::from_millis(1800),
        "three 1 s origins took {:?}: not concurrent",
        run.elapsed
    );
}

#[test]
fn include_head_prints_the_head_first() {
    let response = b"HTTP/1.1 200 OK\r\nX-Thing: 1\r\nContent-Length: 4\r\n\r\nbody";
    let peer = answering(response);
    let run = get(&["-i", &peer.url("/")]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stdout, response);
}

#[test]
fn output_file_gets_the_bodies() {
    let peer = Peer::start(vec![vec![
        Step::Read,
        send(&ok("to ")),
        Step::Read,
        send(&ok("file")),
    ]]);
    let path = std::env::temp_dir().join(format!("quest-get-o-{}", std::process::id()));
    let run = get(&[
        "-o",
        path.to_str().expect("utf-8 path"),
        &peer.url("/1"),
        &peer.url("/2"),
    ]);
    let written = std::fs::read(&path).expect("the -o file");
    let _ = std::fs::remove_file(&path);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(0), String::new()),
        "{run:?}"
    );
    assert_eq!(written, b"to file");
}

#[test]
fn fail_flag_exits_22_without_the_body() {
    let peer = answering(b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
    let run = get(&["-f", &peer.url("/missing")]);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(22), String::new()),
        "{run:?}"
    );
    assert_eq!(run.error_lines().len(), 1, "{}", run.stderr);
    // Without -f a 404 is a response like any other.
    let peer = answering(b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
    let run = get(&[&peer.url("/missing")]);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(0), "not found".into()),
        "{run:?}"
    );
}

#[test]
fn request_bytes_with_method_headers_and_data() {
    let peer = answering(b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
    let port = peer.addr.port();
    let run = get(&[
        "-X",
        "PUT",
        "-H",
        "X-One: 1",
        "-H",
        "Accept: text/plain",
        "-H",
        "User-Agent:",
        "-d",
        "hello",
        &peer.url("/notes?a=1#frag"),
    ]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let expected = format!(
        "PUT /notes?a=1 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-One: 1\r\nAccept: text/plain\r\n\
         Content-Length: 5\r\n\r\nhello"
    );
    let log = peer.log();
    assert_eq!(String::from_utf8_lossy(&log.requests[0]), expected);
}

#[test]
fn default_request_and_post_with_data() {
    // Two runs of the client, so two connections.
    let peer = Peer::start(vec![
        vec![Step::Read, send(&ok(""))],
        vec![Step::Read, send(&ok(""))],
    ]);
    let port = peer.addr.port();
    let run = get(&[&peer.url("/a")]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let run = get(&["-d", "k=v", &peer.url("/b")]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let log = peer.log();
    let agent = format!("User-Agent: quest-solution/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(
        String::from_utf8_lossy(&log.requests[0]),
        format!("GET /a HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{agent}\r\nAccept: */*\r\n\r\n")
    );
    assert!(log.requests[1].starts_with(b"POST /b HTTP/1.1\r\n"));
    assert!(log.requests[1].ends_with(b"Content-Length: 3\r\n\r\nk=v"));
}

#[test]
fn truncated_body_is_an_error_naming_the_url() {
    let peer = answering(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nonly4");
    let url = peer.url("/short");
    let run = get(&[&url]);
    assert_eq!(run.code, Some(18), "{run:?}");
    let lines = run.error_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains(&url) && lines[0].contains("5 of 10"),
        "{lines:?}"
    );
}

#[test]
fn truncated_chunked_body_is_an_error() {
    let peer = answering(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
    let run = get(&[&peer.url("/")]);
    assert_eq!(run.code, Some(18), "{run:?}");
    assert_eq!(run.error_lines().len(), 1, "{}", run.stderr);
}

#[test]
fn malformed_responses_are_errors() {
    for response in [
        &b"HTTP/1.1 200 OK\r\nContent-Length: banana\r\n\r\nhello"[..],
        b"SMTP ready\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ] {
        let peer = answering(response);
        let url = peer.url("/bad");
        let run = get(&[&url]);
        assert_eq!(run.code, Some(8), "{run:?}");
        let lines = run.error_lines();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with(&format!("quest-solution: {url}: ")),
            "{lines:?}"
        );
    }
}

#[test]
fn max_time_ends_a_stalled_fetch() {
    let peer = Peer::start(vec![vec![
        Step::Read,
        send(b"HTTP/1.1 200 OK\r\nContent-"),
        Step::Sleep(Duration::from_millis(2500)),
    ]]);
    let url = peer.url("/stall");
    let run = get(&["--max-time", "0.5", &url]);
    assert_eq!(run.code, Some(28), "{run:?}");
    assert!(
        run.elapsed < Duration::from_millis(2000),
        "{:?}",
        run.elapsed
    );
    let lines = run.error_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains(&url), "{lines:?}");
}

/// A port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("local address").port()
}

#[test]
fn connection_refused_exits_7() {
    let url = format!("http://127.0.0.1:{}/", closed_port());
    let run = get(&[&url]);
    assert_eq!(run.code, Some(7), "{run:?}");
    let lines = run.error_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains(&url) && lines[0].contains("refused"),
        "{lines:?}"
    );
}

#[test]
fn one_failed_url_does_not_stop_the_others() {
    let refused = format!("http://127.0.0.1:{}/a", closed_port());
    let peer = answering(&ok("good"));
    let run = get(&[&refused, &peer.url("/b")]);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(7), "good".into()),
        "{run:?}"
    );
    let lines = run.error_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains(&refused), "{lines:?}");
}

#[test]
fn unresolvable_host_exits_6() {
    let run = get(&["http://no-such-host.invalid/"]);
    assert_eq!(run.code, Some(6), "{run:?}");
    assert_eq!(run.error_lines().len(), 1, "{}", run.stderr);
}

#[test]
fn a_close_right_behind_the_response_is_survived() {
    // The server closes right after the first response, without a
    // `Connection: close`. Whether the client sees the close before it
    // sends the next request (new connection) or after (a stale connection,
    // retried), the result is the same.
    let peer = Peer::start(vec![
        vec![Step::Read, send(&ok("a"))],
        vec![Step::Read, send(&ok("b"))],
    ]);
    let run = get(&[&peer.url("/1"), &peer.url("/2")]);
    assert_eq!((run.code, run.stdout()), (Some(0), "ab".into()), "{run:?}");
    assert_eq!(peer.log().connections, 2);
}

#[test]
fn verbose_goes_to_stderr_only() {
    let peer = answering(&ok("body"));
    let run = get(&["-v", &peer.url("/path")]);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(0), "body".into()),
        "{run:?}"
    );
    let port = peer.addr.port();
    for line in [
        format!("* connecting to 127.0.0.1:{port}"),
        "> GET /path HTTP/1.1".to_string(),
        format!("> Host: 127.0.0.1:{port}"),
        "< HTTP/1.1 200 OK".to_string(),
        "< Content-Length: 4".to_string(),
    ] {
        assert!(
            run.stderr.lines().any(|l| l == line),
            "{line:?} in {}",
            run.stderr
        );
    }
}

#[test]
fn a_large_body_waits_for_its_turn() {
    // The second origin's 6 MiB body arrives long before the first origin's
    // answer: the client buffers a bounded part of it and stops reading the
    // rest until the turn comes, and the bytes still come out in order.
    let big: Vec<u8> = (0..6 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    let mut response =
        format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", big.len()).into_bytes();
    response.extend_from_slice(&big);
    let first = Peer::start(vec![vec![
        Step::Read,
        Step::Sleep(Duration::from_millis(700)),
        send(&ok("first")),
    ]]);
    let second = Peer::start(vec![vec![Step::Read, Step::Send(response)]]);
    let run = get(&[&first.url("/"), &second.url("/big")]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout.len(), 5 + big.len());
    assert!(run.stdout.starts_with(b"first"));
    assert!(run.stdout[5..] == big[..], "the big body arrived changed");
}

#[test]
fn connect_timeout_moves_on_to_the_next_address() {
    // A listener whose accept queue is full and never drained: the kernel
    // drops further SYNs, so a connect to it neither succeeds nor fails.
    let full = TcpListener::bind("127.0.0.1:0").expect("bind");
    // std listens with a long queue; listen(2) again shortens it to one.
    // SAFETY: listen(2) on a descriptor `full` owns and keeps open; no
    // pointers are passed.
    let rc = unsafe { libc::listen(std::os::fd::AsRawFd::as_raw_fd(&full), 0) };
    assert_eq!(rc, 0, "listen(fd, 0)");
    let port = full.local_addr().expect("local address").port();
    let fillers: Vec<TcpStream> = (0..4)
        .filter_map(|_| {
            TcpStream::connect_timeout(&full.local_addr().ok()?, Duration::from_millis(100)).ok()
        })
        .collect();
    let peer = Peer::start_on(
        &format!("127.0.0.2:{port}"),
        vec![vec![Step::Read, send(&ok("second"))]],
    );
    let resolve = format!("slow.test:{port}:127.0.0.1,127.0.0.2");
    let url = format!("http://slow.test:{port}/");
    let run = get(&[
        "--connect-timeout",
        "0.5",
        "--resolve",
        &resolve,
        "-v",
        &url,
    ]);
    assert_eq!(
        (run.code, run.stdout()),
        (Some(0), "second".into()),
        "{run:?}"
    );
    assert!(run.stderr.contains("timed out"), "{}", run.stderr);
    assert!(
        run.elapsed >= Duration::from_millis(450),
        "{:?}",
        run.elapsed
    );
    assert_eq!(peer.log().connections, 1);
    drop(fillers);
}

#[test]
fn a_connection_close_request_header_means_a_new_connection() {
    let peer = Peer::start(vec![
        vec![Step::Read, send(&ok("1")), Step::HalfClose],
        vec![Step::Read, send(&ok("2"))],
    ]);
    let run = get(&["-H", "Connection: close", &peer.url("/a"), &peer.url("/b")]);
    assert_eq!((run.code, run.stdout()), (Some(0), "12".into()), "{run:?}");
    let log = peer.log();
    assert_eq!(log.connections, 2);
    assert_eq!(log.after_close, [Vec::<u8>::new()]);
}

#[test]
fn fail_flag_with_include_head_prints_nothing_of_the_failure() {
    let peer = Peer::start(vec![
        vec![
            Step::Read,
            send(b"HTTP/1.1 500 Oops\r\nContent-Length: 4\r\n\r\nbad!"),
        ],
        vec![Step::Read, send(&ok("fine"))],
    ]);
    let run = get(&["-f", "-i", &peer.url("/a"), &peer.url("/b")]);
    assert_eq!(run.code, Some(22), "{run:?}");
    assert!(run.stdout().starts_with("HTTP/1.1 200 OK\r\n"), "{run:?}");
    assert!(run.stdout().ends_with("\r\n\r\nfine"), "{run:?}");
    let lines = run.error_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains(&peer.url("/a")) && lines[0].contains("500"),
        "{lines:?}"
    );
}

#[test]
fn thousands_of_failing_urls_do_not_overflow_the_stack() {
    // Each URL fails inside the call that starts it (the host does not
    // resolve); the next one must not start one call deeper.
    let urls: Vec<String> = (0..5000)
        .map(|i| format!("http://no-such-host.invalid/{i}"))
        .collect();
    let args: Vec<&str> = urls.iter().map(String::as_str).collect();
    let run = get(&args);
    assert_eq!(
        run.code,
        Some(6),
        "{}",
        run.stderr.lines().last().unwrap_or("")
    );
    assert_eq!(run.error_lines().len(), 5000);
}
