//! `quest-solution serve`, black-box: the built binary on 127.0.0.1:0, raw
//! TCP, every read with a timeout, the child killed when a test ends.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_quest-solution");
const LIMIT: Duration = Duration::from_secs(3);

/// A running server, killed on drop; its root folder (if any) removed.
struct Serve {
    child: Child,
    addr: SocketAddr,
    root: Option<PathBuf>,
}

impl Serve {
    fn start(args: &[&str]) -> Serve {
        Serve::start_in(None, args)
    }

    /// A server over a fresh root folder filled by `fill`.
    fn with_root(name: &str, args: &[&str], fill: impl FnOnce(&Path)) -> Serve {
        let root = std::env::temp_dir().join(format!("quest-serve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("create the root folder");
        fill(&root);
        Serve::start_in(Some(root), args)
    }

    fn start_in(root: Option<PathBuf>, args: &[&str]) -> Serve {
        let mut command = Command::new(BIN);
        command.args(["serve", "--addr", "127.0.0.1:0"]).args(args);
        if let Some(root) = &root {
            command.arg("--root").arg(root);
        }
        Serve::spawn(command, root)
    }

    /// A server allowed only `nofile` open descriptors (`ulimit -n` in the
    /// shell that then becomes the server, so the child's pid is the
    /// server's).
    fn start_with_nofile(nofile: u32) -> Serve {
        let mut command = Command::new("sh");
        command.args([
            "-c",
            &format!("ulimit -n {nofile} && exec \"$0\" serve --addr 127.0.0.1:0"),
            BIN,
        ]);
        Serve::spawn(command, None)
    }

    fn spawn(mut command: Command, root: Option<PathBuf>) -> Serve {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn quest-solution");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let mut serve = Serve {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            root,
        };
        let line = rx.recv_timeout(LIMIT).expect("a listening line within 3 s");
        let addr = line
            .trim_end()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("expected `listening on http://ADDR`, got {line:?}"));
        serve.addr = addr.parse().expect("a socket address");
        serve
    }

    fn connect(&self) -> Client {
        let stream = TcpStream::connect_timeout(&self.addr, LIMIT).expect("connect");
        stream.set_read_timeout(Some(LIMIT)).expect("read timeout");
        stream
            .set_write_timeout(Some(LIMIT))
            .expect("write timeout");
        Client {
            stream,
            buf: Vec::new(),
        }
    }

    fn root(&self) -> &Path {
        self.root.as_deref().expect("a server with a root")
    }

    /// Waits for the child to exit, at most `limit`.
    fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(root) = &self.root {
            let _ = std::fs::remove_dir_all(root);
        }
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// A raw client that keeps what it read past one response.
struct Client {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Client {
    fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("send");
    }

    fn fill(&mut self) -> usize {
        let mut chunk = [0u8; 65536];
        let n = self
            .stream
            .read(&mut chunk)
            .expect("read within the timeout");
        self.buf.extend_from_slice(&chunk[..n]);
        n
    }

    /// Reads one response; `head_only` for a response to HEAD.
    fn response(&mut self, head_only: bool) -> Response {
        let end = loop {
            if let Some(end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break end + 4;
            }
            assert!(self.fill() > 0, "connection closed before a whole head");
        };
        let head = String::from_utf8_lossy(&self.buf[..end]).into_owned();
        self.buf.drain(..end);
        let status = head
            .get(9..12)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("a status line, got {head:?}"));
        let mut response = Response {
            status,
            head,
            body: Vec::new(),
        };
        let len: usize = match response.header("content-length") {
            Some(v) if !head_only => v.parse().expect("a numeric Content-Length"),
            _ => 0,
        };
        while self.buf.len() < len {
            assert!(self.fill() > 0, "connection closed inside a body");
        }
        response.body = self.buf.drain(..len).collect();
        response
    }

    /// `true` when the server closes the connection (EOF) without sending
    /// anything more.
    fn closed(&mut self) -> bool {
        self.fill() == 0 && self.buf.is_empty()
    }
}

fn get(target: &str) -> String {
    format!("GET {target} HTTP/1.1\r\nHost: t\r\n\r\n")
}

fn one(serve: &Serve, request: &str) -> Response {
    let mut client = serve.connect();
    client.send(request.as_bytes());
    client.response(request.starts_with("HEAD "))
}

#[test]
fn built_in_page_get_and_head_on_one_connection() {
    let serve = Serve::start(&[]);
    let mut client = serve.connect();
    client.send(get("/").as_bytes());
    let page = client.response(false);
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .is_some_and(|t| t.starts_with("text/html"))
    );
    assert_eq!(
        page.header("content-length"),
        Some(&*page.body.len().to_string())
    );
    assert!(page.header("date").is_some_and(|d| d.ends_with(" GMT")));
    client.send(b"HEAD / HTTP/1.1\r\nHost: t\r\n\r\n");
    let head = client.response(true);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), page.header("content-length"));
    client.send(get("/").as_bytes());
    assert_eq!(client.response(false).body, page.body, "HEAD sent no body");
}

#[test]
fn not_found_and_method_not_allowed() {
    let serve = Serve::start(&[]);
    assert_eq!(one(&serve, &get("/nothing")).status, 404);
    let post = one(
        &serve,
        "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nx",
    );
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
    // A method nobody defined is 501, not 405 (RFC 9110 §9.1); the
    // connection stays usable.
    let mut client = serve.connect();
    client.send(b"BREW / HTTP/1.1\r\nHost: t\r\n\r\n");
    assert_eq!(client.response(false).status, 501);
    client.send(get("/").as_bytes());
    assert_eq!(client.response(false).status, 200);
}

#[test]
fn request_arriving_one_byte_at_a_time() {
    let serve = Serve::start(&[]);
    let mut client = serve.connect();
    client.stream.set_nodelay(true).expect("nodelay");
    for byte in get("/").bytes() {
        client.send(&[byte]);
        std::thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(client.response(false).status, 200);
}

fn site(root: &Path) {
    std::fs::write(root.join("a.txt"), "hello\n").expect("write a.txt");
    std::fs::create_dir(root.join("docs")).expect("mkdir docs");
    std::fs::write(root.join("docs/index.html"), "<p>docs</p>").expect("write index");
}

#[test]
fn files_with_types_validators_and_304() {
    let serve = Serve::with_root("files", &[], site);
    let file = one(&serve, &get("/a.txt"));
    assert_eq!((file.status, &file.body[..]), (200, &b"hello\n"[..]));
    assert_eq!(
        file.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert!(file.header("last-modified").is_some());
    let etag = file.header("etag").expect("an ETag");
    let request = format!("GET /a.txt HTTP/1.1\r\nHost: t\r\nIf-None-Match: {etag}\r\n\r\n");
    let cached = one(&serve, &request);
    assert_eq!((cached.status, cached.body.len()), (304, 0));
    let since = file.header("last-modified").expect("Last-Modified");
    let request = format!("GET /a.txt HTTP/1.1\r\nHost: t\r\nIf-Modified-Since: {since}\r\n\r\n");
    assert_eq!(one(&serve, &request).status, 304);
    let index = one(&serve, &get("/docs/"));
    assert_eq!((index.status, &index.body[..]), (200, &b"<p>docs</p>"[..]));
    let post = one(&serve, "POST /a.txt HTTP/1.1\r\nHost: t\r\n\r\n");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD, PUT, DELETE"));
}

#[test]
fn put_and_delete() {
    let serve = Serve::with_root("put", &[], site);
    let put = "PUT /new.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nfirst";
    assert_eq!(one(&serve, put).status, 201);
    let chunked = "PUT /new.txt HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n\
                   3\r\nsec\r\n3;ext=1\r\nond\r\n0\r\n\r\n";
    assert_eq!(one(&serve, chunked).status, 204);
    assert_eq!(one(&serve, &get("/new.txt")).body, b"second");
    let delete = "DELETE /new.txt HTTP/1.1\r\nHost: t\r\n\r\n";
    assert_eq!(one(&serve, delete).status, 204);
    assert_eq!(one(&serve, delete).status, 404);
    // Nothing but the original files is left, no temporary upload files.
    let mut names: Vec<String> = std::fs::read_dir(serve.root())
        .expect("list root")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    assert_eq!(names, ["a.txt", "docs"]);
}

#[test]
fn an_aborted_upload_leaves_nothing() {
    let serve = Serve::with_root("abort", &[], site);
    let mut client = serve.connect();
    client.send(b"PUT /half.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly a part");
    drop(client);
    // The server is still there, and no file appeared.
    assert_eq!(one(&serve, &get("/a.txt")).status, 200);
    assert!(!serve.root().join("half.txt").exists());
}

#[test]
fn nothing_outside_the_root() {
    let serve = Serve::with_root("traversal", &[], |root| {
        site(root);
        let outside = root.with_extension("secret");
        std::fs::write(&outside, "secret").expect("write outside");
        std::os::unix::fs::symlink(&outside, root.join("link")).expect("symlink");
    });
    for target in [
        "/../a.txt",
        "/docs/../../x",
        "/%2e%2e/x",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/link",
    ] {
        let response = one(&serve, &get(target));
        assert!(
            matches!(response.status, 403 | 404),
            "{target} answered {}",
            response.status
        );
        assert!(!String::from_utf8_lossy(&response.body).contains("secret"));
    }
    let put = "PUT /../escape.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nx";
    assert_eq!(one(&serve, put).status, 403);
    let _ = std::fs::remove_file(serve.root().with_extension("secret"));
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let serve = Serve::with_root("pipeline", &[], site);
    let mut client = serve.connect();
    let requests = format!(
        "{}HEAD /a.txt HTTP/1.1\r\nHost: t\r\n\r\n{}{}",
        get("/a.txt"),
        get("/missing"),
        get("/docs/")
    );
    client.send(requests.as_bytes());
    assert_eq!(client.response(false).body, b"hello\n");
    assert_eq!(client.response(true).status, 200);
    assert_eq!(client.response(false).status, 404);
    assert_eq!(client.response(false).body, b"<p>docs</p>");
}

/// Regression: after a streamed file was sent, only one more buffered
/// request was answered; the rest waited for the idle timeout (and got 408).
#[test]
fn pipelined_requests_for_files_are_all_answered() {
    let serve = Serve::with_root("pipeline-files", &[], |root| {
        for i in 0..5 {
            std::fs::write(root.join(format!("n{i}")), format!("file {i}\n")).expect("write");
        }
    });
    let mut client = serve.connect();
    let requests: String = (0..5).map(|i| get(&format!("/n{i}"))).collect();
    client.send(requests.as_bytes());
    for i in 0..5 {
        assert_eq!(
            client.response(false).body,
            format!("file {i}\n").as_bytes()
        );
    }
}

/// Regression: a client that pipelines requests and then half-closes (as
/// `printf … | nc -N` does) gets every response before the close, not only
/// those parsed before the server read its end of stream (RFC 9112 §9.6).
#[test]
fn pipelined_requests_then_half_close_are_all_answered() {
    let serve = Serve::with_root("pipeline-eof", &[], |root| {
        for i in 0..5 {
            std::fs::write(root.join(format!("n{i}")), format!("file {i}\n")).expect("write");
        }
    });
    let mut client = serve.connect();
    let requests: String = (0..5).map(|i| get(&format!("/n{i}"))).collect();
    client.send(requests.as_bytes());
    client
        .stream
        .shutdown(std::net::Shutdown::Write)
        .expect("half-close");
    for i in 0..5 {
        assert_eq!(
            client.response(false).body,
            format!("file {i}\n").as_bytes(),
            "response {i} of 5 after the half-close"
        );
    }
    assert!(client.closed(), "the server closes once all are answered");
}

#[test]
fn connection_close_and_http10_close_after_the_response() {
    let serve = Serve::start(&[]);
    let mut client = serve.connect();
    client.send(b"GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\n\r\n");
    let response = client.response(false);
    assert_eq!(response.header("connection"), Some("close"));
    assert!(client.closed(), "closed after Connection: close");

    let mut client = serve.connect();
    client.send(b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(client.response(false).status, 200);
    assert!(client.closed(), "HTTP/1.0 closes by default");

    let mut client = serve.connect();
    client.send(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    let response = client.response(false);
    assert_eq!(response.header("connection"), Some("keep-alive"));
    client.send(b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(client.response(false).status, 200);
}

/// Sends `request`, expects `status` and then the connection closed.
fn rejected(serve: &Serve, request: &[u8], status: u16) {
    let mut client = serve.connect();
    client.send(request);
    let response = client.response(false);
    assert_eq!(
        response.status,
        status,
        "{}",
        String::from_utf8_lossy(request)
    );
    assert!(client.closed(), "closed after {status}");
}

#[test]
fn limits_and_framing_errors() {
    let serve = Serve::start(&["--max-header-bytes", "256", "--max-body-bytes", "10"]);
    let big = format!(
        "GET / HTTP/1.1\r\nHost: t\r\nX: {}\r\n\r\n",
        "a".repeat(300)
    );
    rejected(&serve, big.as_bytes(), 431);
    rejected(
        &serve,
        b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n",
        413,
    );
    let chunked = b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nb\r\n";
    rejected(&serve, chunked, 413);
    let both = b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\
                 Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
    rejected(&serve, both, 400);
    // An unknown coding before chunked is not implemented (501); without a
    // final chunked the body length is unknowable (400, RFC 9112 §6.3).
    let gzip_chunked = b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n";
    rejected(&serve, gzip_chunked, 501);
    rejected(
        &serve,
        b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n",
        400,
    );
    rejected(&serve, b"GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505);
    rejected(&serve, b"GET / HTTP/1.1\r\n\r\n", 400);
    rejected(&serve, b"GET  / HTTP/1.1\r\nHost: t\r\n\r\n", 400);
    let ok = one(&serve, "GET / HTTP/1.2\r\nHost: t\r\n\r\n");
    assert_eq!(ok.status, 200, "HTTP/1.2 is processed as 1.1");
}

#[test]
fn a_413_survives_an_upload_still_in_flight() {
    let serve = Serve::start(&["--max-body-bytes", "1000"]);
    let mut client = serve.connect();
    client.send(b"PUT /x HTTP/1.1\r\nHost: t\r\nContent-Length: 3000000\r\n\r\n");
    // The server answers at once and closes lingering: it reads and drops
    // the rest instead of resetting the connection under the response.
    client.send(&vec![b'x'; 3_000_000]);
    assert_eq!(client.response(false).status, 413);
    client
        .stream
        .shutdown(std::net::Shutdown::Write)
        .expect("shutdown");
    assert!(client.closed());
}

#[test]
fn idle_timeout_408_mid_request_and_silent_close_between() {
    let serve = Serve::start(&["--header-timeout", "0.3", "--idle-timeout", "0.3"]);
    let start = Instant::now();
    let mut stalled = serve.connect();
    stalled.send(b"GET / HTTP/1.1\r\nHo");
    let mut idle = serve.connect();
    idle.send(get("/").as_bytes());
    assert_eq!(idle.response(false).status, 200);
    assert_eq!(stalled.response(false).status, 408);
    assert!(stalled.closed());
    assert!(idle.closed(), "an idle keep-alive connection is closed");
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[test]
fn large_file_streams_to_a_slow_reader() {
    let data: Vec<u8> = (0..4_000_000u32).map(|i| (i % 251) as u8).collect();
    let serve = Serve::with_root("large", &[], |root| {
        std::fs::write(root.join("big.bin"), &data).expect("write big.bin");
    });
    let mut slow = serve.connect();
    slow.send(get("/big.bin").as_bytes());
    // While that client does not read, others are served.
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(one(&serve, &get("/")).status, 404);
    let response = slow.response(false);
    assert_eq!(response.status, 200);
    assert!(response.body == data, "the streamed body matches the file");
}

#[test]
fn a_vanishing_client_does_not_kill_the_server() {
    let data = vec![b'x'; 2_000_000];
    let serve = Serve::with_root("vanish", &[], |root| {
        std::fs::write(root.join("big.bin"), &data).expect("write big.bin");
    });
    for _ in 0..3 {
        let mut client = serve.connect();
        client.send(get("/big.bin").as_bytes());
        client.fill();
        drop(client); // reset with unread data
    }
    assert_eq!(one(&serve, &get("/big.bin")).body.len(), data.len());
}

#[test]
fn sigterm_finishes_in_flight_and_exits_zero() {
    let mut serve = Serve::start(&[]);
    let mut client = serve.connect();
    client.send(get("/").as_bytes());
    assert_eq!(client.response(false).status, 200);
    let pid = libc::pid_t::try_from(serve.child.id()).expect("a pid");
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = serve.wait_exit(LIMIT).expect("exit within 3 s of SIGTERM");
    assert!(status.success(), "exit status {status}");
    let mut log = String::new();
    if let Some(mut stderr) = serve.child.stderr.take() {
        stderr.read_to_string(&mut log).expect("read stderr");
    }
    assert!(
        log.lines().any(|l| l.starts_with("127.0.0.1 - - [")
            && l.contains("] \"GET / HTTP/1.1\" 200 ")
            && l.ends_with(" \"-\" \"-\"")),
        "an access-log line in combined format, got {log:?}"
    );
}

/// Regression: a keep-alive connection whose response was in flight at
/// SIGTERM stayed open after the response, so the server waited for its
/// idle timeout before exiting.
#[test]
fn sigterm_closes_a_keep_alive_connection_once_its_response_is_done() {
    let data = vec![b'x'; 16_000_000];
    let mut serve = Serve::with_root("drain", &[], |root| {
        std::fs::write(root.join("big.bin"), &data).expect("write big.bin");
    });
    let mut client = serve.connect();
    client.send(get("/big.bin").as_bytes());
    client.fill();
    let pid = libc::pid_t::try_from(serve.child.id()).expect("a pid");
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    // The signal is handled while most of the file is still to be sent.
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(client.response(false).body.len(), data.len());
    // The client keeps its side open; the server closes it and exits well
    // before its idle timeout (5 s).
    let status = serve
        .wait_exit(Duration::from_secs(2))
        .expect("exit within 2 s of the last response");
    assert!(status.success(), "exit status {status}");
    assert!(client.closed());
}

/// Out of descriptors, `accept` fails with EMFILE while the connection
/// stays in the backlog, so the listener stays readable: a server that just
/// retries spins at 100 % CPU. The reference pauses accepting for
/// `ACCEPT_PAUSE` (100 ms) and says so on stderr each time, so the pauses
/// are countable: at least one proves the descriptors really ran out, about
/// ten a second prove there is no spinning (a retry loop would log
/// thousands). Once descriptors are free again, accepting resumes.
#[test]
fn out_of_descriptors_pauses_accept_without_spinning() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let mut serve = Serve::start_with_nofile(24);
    let stderr = serve.child.stderr.take().expect("piped stderr");
    let pauses = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&pauses);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("pausing accept") {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }
    });
    // More connections than the server has descriptors for; the kernel
    // completes the handshakes, the server can accept only some of them.
    let clients: Vec<Client> = (0..40).map(|_| serve.connect()).collect();
    std::thread::sleep(Duration::from_millis(300));
    let before = pauses.load(Ordering::Relaxed);
    std::thread::sleep(Duration::from_secs(1));
    let in_one_second = pauses.load(Ordering::Relaxed) - before;
    assert!(
        (1..=30).contains(&in_one_second),
        "out of descriptors, accept should pause about 10 times a second, \
         it paused {in_one_second} times"
    );
    assert!(
        serve.child.try_wait().expect("try_wait").is_none(),
        "the server survives EMFILE"
    );
    drop(clients);
    let mut client = serve.connect();
    client.send(get("/").as_bytes());
    assert_eq!(
        client.response(false).status,
        200,
        "once descriptors are free again, new clients are served"
    );
}

#[test]
fn command_line_errors() {
    let usage = Command::new(BIN)
        .args(["serve", "--bogus"])
        .output()
        .expect("run");
    assert_eq!(usage.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&usage.stderr);
    assert!(stderr.contains("'--bogus'"), "{stderr}");
    assert!(stderr.contains("Usage:"), "{stderr}");
}

/// Connects with a receive buffer of about 4 KiB, set before the handshake
/// so that the window the server sees is small: a client on a slow link.
fn connect_small_window(serve: &Serve) -> Client {
    use std::os::fd::FromRawFd;
    // SAFETY: a new socket; its descriptor is owned by the TcpStream below.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0) };
    assert!(fd >= 0, "socket: {}", std::io::Error::last_os_error());
    let size: libc::c_int = 4096;
    // SAFETY: `size` is a live c_int and its length is given.
    let rc = unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_RCVBUF,
            (&size as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0, "SO_RCVBUF");
    // SAFETY: `fd` is a socket nothing else owns.
    let socket = unsafe { std::net::TcpStream::from_raw_fd(fd) };
    let std::net::SocketAddr::V4(v4) = serve.addr else {
        panic!("an IPv4 listener");
    };
    let addr = libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: v4.port().to_be(),
        sin_addr: libc::in_addr {
            s_addr: u32::from(*v4.ip()).to_be(),
        },
        sin_zero: [0; 8],
    };
    use std::os::fd::AsRawFd;
    // SAFETY: `addr` is a valid sockaddr_in of the given length.
    let rc = unsafe {
        libc::connect(
            socket.as_raw_fd(),
            (&addr as *const libc::sockaddr_in).cast(),
            std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0, "connect: {}", std::io::Error::last_os_error());
    socket.set_read_timeout(Some(LIMIT)).expect("read timeout");
    Client {
        stream: socket,
        buf: Vec::new(),
    }
}

/// Reads a response until EOF, 4 KiB at a time with `pause` between reads
/// (a reader on a slow link), and returns every byte: head and body.
fn read_slowly(client: &mut Client, pause: Duration) -> Vec<u8> {
    let mut all = std::mem::take(&mut client.buf);
    let mut chunk = [0u8; 4096];
    loop {
        match client.stream.read(&mut chunk) {
            Ok(0) => return all,
            Ok(n) => all.extend_from_slice(&chunk[..n]),
            Err(e) => panic!("read failed after {} bytes: {e}", all.len()),
        }
        std::thread::sleep(pause);
    }
}

/// Fails unless the body of the raw response `raw` is exactly `data`.
fn assert_whole_body(raw: &[u8], data: &[u8]) {
    let body = body_of(raw);
    assert!(body == data, "got {} of {} bytes", body.len(), data.len());
}

fn body_of(raw: &[u8]) -> &[u8] {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    &raw[end + 4..]
}

#[test]
fn a_reader_slower_than_every_timeout_but_steady_gets_every_byte() {
    let data: Vec<u8> = (0..6_000_000u32).map(|i| (i % 253) as u8).collect();
    let serve = Serve::with_root(
        "steady",
        &["--idle-timeout", "0.1", "--send-timeout", "0.3"],
        |root| std::fs::write(root.join("big.bin"), &data).expect("write big.bin"),
    );
    let mut slow = connect_small_window(&serve);
    slow.send(b"GET /big.bin HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    let started = Instant::now();
    let raw = read_slowly(&mut slow, Duration::from_millis(2));
    assert!(
        started.elapsed() > Duration::from_millis(600),
        "the download must outlast the send timeout to test anything ({:?})",
        started.elapsed()
    );
    assert_whole_body(&raw, &data);
}

#[test]
fn a_reader_that_takes_nothing_is_closed_after_the_send_timeout() {
    let data = vec![b'z'; 32 << 20];
    let serve = Serve::with_root("stuck", &["--send-timeout", "0.5"], |root| {
        std::fs::write(root.join("big.bin"), &data).expect("write big.bin")
    });
    let mut stuck = connect_small_window(&serve);
    stuck.send(get("/big.bin").as_bytes());
    let started = Instant::now();
    std::thread::sleep(Duration::from_millis(1500));
    // Meanwhile others are served.
    assert_eq!(one(&serve, &get("/nothing")).status, 404);
    // What the stuck client finds now is the server's end: EOF or reset
    // after what it had buffered.
    let mut chunk = vec![0u8; 1 << 20];
    let mut got = 0usize;
    loop {
        match stuck.stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
        assert!(started.elapsed() < Duration::from_secs(10), "still open");
    }
    assert!(got < data.len(), "the stuck client cannot have it all");
}

#[test]
fn an_empty_file_is_served_and_the_connection_stays_usable() {
    let serve = Serve::with_root("empty", &[], |root| {
        std::fs::write(root.join("empty.txt"), b"").expect("write empty.txt")
    });
    let mut client = serve.connect();
    client.send(get("/empty.txt").as_bytes());
    let response = client.response(false);
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-length"), Some("0"));
    client.send(get("/empty.txt").as_bytes());
    assert_eq!(client.response(false).status, 200);
}

#[test]
fn a_head_trickling_in_is_cut_off_at_the_header_timeout() {
    let serve = Serve::start(&["--header-timeout", "0.5", "--idle-timeout", "5"]);
    let mut client = serve.connect();
    let started = Instant::now();
    let head = get("/");
    // A byte every 100 ms: each one would refresh an idle timer.
    for byte in head.as_bytes().iter().take(20) {
        if client.stream.write_all(&[*byte]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(client.response(false).status, 408);
    assert!(client.closed());
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn input_after_connection_close_does_not_reset_the_response() {
    let data: Vec<u8> = (0..4_000_000u32).map(|i| (i % 249) as u8).collect();
    let serve = Serve::with_root("linger", &[], |root| {
        std::fs::write(root.join("big.bin"), &data).expect("write big.bin")
    });
    let mut client = connect_small_window(&serve);
    client.send(b"GET /big.bin HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    std::thread::sleep(Duration::from_millis(50));
    client.send(get("/").as_bytes());
    let raw = read_slowly(&mut client, Duration::ZERO);
    assert_whole_body(&raw, &data);
}

#[test]
fn framing_that_parsers_may_read_differently_is_refused() {
    let serve = Serve::start(&[]);
    let cases: [&[u8]; 3] = [
        b"POST / HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
        b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3, 3\r\n\r\nabc",
    ];
    for request in cases {
        let mut client = serve.connect();
        client.send(request);
        client.send(get("/").as_bytes());
        assert_eq!(
            client.response(false).status,
            400,
            "{}",
            String::from_utf8_lossy(request)
        );
        assert!(
            client.closed(),
            "closed after {}",
            String::from_utf8_lossy(request)
        );
    }
}

#[test]
fn no_100_continue_for_a_put_that_will_fail() {
    let serve = Serve::with_root("expect", &[], |_| {});
    let mut client = serve.connect();
    client.send(
        b"PUT /missing/a.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n",
    );
    assert_eq!(client.response(false).status, 409);
    let mut client = serve.connect();
    client.send(
        b"PUT /a.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n",
    );
    assert_eq!(client.response(false).status, 100);
    client.send(b"hello");
    assert_eq!(client.response(false).status, 201);
}

#[test]
fn a_file_name_followed_by_a_dot_segment_is_not_a_folder() {
    let serve = Serve::with_root("dot", &[], |root| {
        std::fs::write(root.join("ok.txt"), b"ok").expect("write ok.txt")
    });
    assert_eq!(one(&serve, &get("/ok.txt/.")).status, 404);
    assert_eq!(one(&serve, &get("/ok.txt")).status, 200);
}

#[test]
fn an_upload_is_written_as_it_arrives() {
    let serve = Serve::with_root("stream-put", &[], |_| {});
    let mut client = serve.connect();
    client.send(b"PUT /big.bin HTTP/1.1\r\nHost: t\r\nContent-Length: 4000000\r\n\r\n");
    client.send(&vec![b'u'; 1_000_000]);
    // The first million bytes reach the temporary file before the rest is
    // sent: the body is not held in memory until it is complete.
    let started = Instant::now();
    let on_disk = || {
        std::fs::read_dir(serve.root())
            .expect("read the root")
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum::<u64>()
    };
    while on_disk() < 1_000_000 {
        assert!(
            started.elapsed() < LIMIT,
            "only {} bytes on disk",
            on_disk()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    client.send(&vec![b'u'; 3_000_000]);
    assert_eq!(client.response(false).status, 201);
    let stored = std::fs::read(serve.root().join("big.bin")).expect("stored");
    assert_eq!(stored.len(), 4_000_000);
}
