//! The command line of both subcommands, black-box: what a user who types
//! it wrong sees (clap's one line saying what is wrong, the usage line,
//! exit 2), what `--help` and `--version` print, the errors that are not
//! about the command line (a bad URL, a missing root folder), and a stdout
//! that closes early (`| head -c 1`). Connections go to loopback only, and
//! every child process has a deadline.

use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn quest() -> Command {
    let mut command = Command::cargo_bin("quest-solution").expect("the quest-solution binary");
    command.timeout(Duration::from_secs(5));
    command
}

/// A usage error: exit 2, clap's `error: MESSAGE` first, naming what is
/// wrong, then a pointer to the usage, all on stderr; nothing on stdout.
fn usage_error(args: &[&str], message: &str) {
    quest()
        .args(args)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::starts_with(format!("error: {message}")))
        .stderr(contains("Usage: quest-solution").or(contains("try '--help'")));
}

#[test]
fn no_arguments_show_the_usage() {
    quest()
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(contains("Usage: quest-solution <COMMAND>"))
        .stderr(contains("serve"))
        .stderr(contains("get"));
}

#[test]
fn unknown_command() {
    usage_error(&["fetch"], "unrecognized subcommand 'fetch'");
}

#[test]
fn serve_unknown_option() {
    usage_error(
        &["serve", "--port", "80"],
        "unexpected argument '--port' found",
    );
}

#[test]
fn serve_missing_value() {
    usage_error(
        &["serve", "--addr"],
        "a value is required for '--addr <IP:PORT>'",
    );
}

#[test]
fn serve_bad_addr() {
    usage_error(
        &["serve", "--addr", "localhost:80"],
        "invalid value 'localhost:80' for '--addr <IP:PORT>': expected IP:PORT such as 127.0.0.1:8080",
    );
}

#[test]
fn serve_bad_numbers() {
    usage_error(
        &["serve", "--idle-timeout", "-1"],
        "invalid value '-1' for '--idle-timeout <SECS>': expected a positive number of seconds",
    );
    usage_error(
        &["serve", "--max-body-bytes", "lots"],
        "invalid value 'lots' for '--max-body-bytes <N>'",
    );
}

#[test]
fn serve_missing_root_is_a_clear_error() {
    let root = std::env::temp_dir().join("quest-cli-no-such-root/inner");
    quest()
        .args(["serve", "--addr", "127.0.0.1:0", "--root"])
        .arg(&root)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(contains("quest-solution: serve: --root"))
        .stderr(contains("not an existing folder"))
        .stderr(contains("quest-cli-no-such-root"));
}

#[test]
fn get_without_url() {
    usage_error(
        &["get"],
        "the following required arguments were not provided",
    );
    usage_error(
        &["get", "-i", "-v"],
        "the following required arguments were not provided",
    );
}

#[test]
fn get_unknown_option() {
    usage_error(
        &["get", "-Z", "http://127.0.0.1/"],
        "unexpected argument '-Z' found",
    );
    usage_error(
        &["get", "--insecure", "http://127.0.0.1/"],
        "unexpected argument '--insecure' found",
    );
}

#[test]
fn a_misspelt_option_gets_a_suggestion() {
    quest()
        .args(["get", "--max-tim", "5", "http://127.0.0.1/"])
        .assert()
        .code(2)
        .stderr(contains("unexpected argument '--max-tim' found"))
        .stderr(contains("tip: a similar argument exists: '--max-time'"));
    quest()
        .args(["serve", "--idle-timout", "5"])
        .assert()
        .code(2)
        .stderr(contains("'--idle-timeout'"));
}

#[test]
fn get_missing_values() {
    for (option, shown) in [
        ("-o", "-o <FILE>"),
        ("-X", "-X <METHOD>"),
        ("-H", "-H <Name: value>"),
        ("-d", "-d <DATA>"),
        ("--resolve", "--resolve <HOST:PORT:ADDR[,ADDR...]>"),
        ("--connect-timeout", "--connect-timeout <SECS>"),
        ("--max-time", "--max-time <SECS>"),
    ] {
        usage_error(
            &["get", option],
            &format!("a value is required for '{shown}'"),
        );
    }
}

#[test]
fn get_bad_header() {
    usage_error(
        &["get", "-H", "no colon", "http://127.0.0.1/"],
        "invalid value 'no colon' for '-H <Name: value>': expected 'Name: value'",
    );
    usage_error(
        &["get", "-H", "Bad Name: x", "http://127.0.0.1/"],
        "invalid value 'Bad Name: x' for '-H <Name: value>': expected a header name made of token characters",
    );
}

#[test]
fn get_bad_resolve() {
    usage_error(
        &["get", "--resolve", "host:80", "http://host/"],
        "invalid value 'host:80' for '--resolve <HOST:PORT:ADDR[,ADDR...]>'",
    );
    usage_error(
        &["get", "--resolve", "host:http:127.0.0.1", "http://host/"],
        "invalid value 'host:http:127.0.0.1' for '--resolve",
    );
    // The shape is right; lesson 4's parser refuses the address.
    usage_error(
        &["get", "--resolve", "host:80:localhost", "http://host/"],
        "--resolve: \"localhost\" is not an IPv4 or IPv6 address",
    );
}

#[test]
fn get_bad_timeouts() {
    usage_error(
        &["get", "--max-time", "0", "http://127.0.0.1/"],
        "invalid value '0' for '--max-time <SECS>': expected a positive number of seconds",
    );
    usage_error(
        &["get", "--connect-timeout", "soon", "http://127.0.0.1/"],
        "invalid value 'soon' for '--connect-timeout <SECS>'",
    );
    // A value starting with `-` is still the option's value, refused as a
    // number, not taken for an unknown option.
    usage_error(
        &["get", "--max-time", "-x", "http://127.0.0.1/"],
        "invalid value '-x' for '--max-time <SECS>'",
    );
}

#[test]
fn a_repeated_option_is_no_error() {
    // The last `-o` wins: the first file is never created, so the run
    // fails on the second one (exit 23), not on the command line (exit 2).
    quest()
        .args([
            "get",
            "-o",
            "/nonexistent-folder/first",
            "-o",
            "/nonexistent-folder/second",
            "http://127.0.0.1:9/",
        ])
        .assert()
        .code(23)
        .stderr(contains("/nonexistent-folder/second"))
        .stderr(contains("first").not());
}

/// `--help` and `-h` on `args` (and `help` before them): exit 0, the help
/// on stdout mentioning each of `mentions`, nothing on stderr.
fn help_mentions(args: &[&str], mentions: &[&str]) {
    let help_subcommand: Vec<&str> = std::iter::once("help")
        .chain(args.iter().copied())
        .collect();
    let long: Vec<&str> = args.iter().copied().chain(["--help"]).collect();
    let short: Vec<&str> = args.iter().copied().chain(["-h"]).collect();
    for asked in [long, short, help_subcommand] {
        let mut assert = quest().args(&asked).assert().code(0);
        for mention in mentions {
            assert = assert.stdout(contains(*mention));
        }
        assert.stderr(predicate::str::is_empty());
    }
}

#[test]
fn help_of_the_program_lists_the_commands() {
    help_mentions(
        &[],
        &[
            "Usage: quest-solution <COMMAND>",
            "serve",
            "get",
            "--version",
        ],
    );
}

#[test]
fn help_of_serve_lists_its_options_and_defaults() {
    help_mentions(
        &["serve"],
        &[
            "Usage: quest-solution serve [OPTIONS]",
            "--addr <IP:PORT>",
            "[default: 127.0.0.1:8080]",
            "--root <DIR>",
            "--idle-timeout <SECS>",
            "[default: 5]",
            "--max-header-bytes <N>",
            "[default: 16384]",
            "--max-body-bytes <N>",
            "[default: 16777216]",
        ],
    );
}

#[test]
fn help_of_get_lists_its_options() {
    help_mentions(
        &["get"],
        &[
            "Usage: quest-solution get [OPTIONS] <URL>...",
            "-i",
            "-v",
            "-o <FILE>",
            "-X <METHOD>",
            "-H <Name: value>",
            "-d <DATA>",
            "--resolve <HOST:PORT:ADDR[,ADDR...]>",
            "--connect-timeout <SECS>",
            "--max-time <SECS>",
            "-f",
        ],
    );
}

#[test]
fn version_prints_the_package_version() {
    for flag in ["--version", "-V"] {
        quest()
            .arg(flag)
            .assert()
            .code(0)
            .stdout(format!("quest-solution {}\n", env!("CARGO_PKG_VERSION")))
            .stderr(predicate::str::is_empty());
    }
}

#[test]
fn version_is_only_on_the_top_level() {
    usage_error(
        &["get", "--version"],
        "unexpected argument '--version' found",
    );
}

/// A URL this client cannot fetch is not a usage error but a failed fetch:
/// one line naming the URL, exit 3 (curl's "URL malformed"), no usage text.
fn bad_url(url: &str, reason: &str) {
    quest()
        .args(["get", url])
        .assert()
        .code(3)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::starts_with(format!(
            "quest-solution: {url}: "
        )))
        .stderr(contains(reason))
        .stderr(contains("Usage").not())
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
}

#[test]
fn get_https_url() {
    bad_url(
        "https://127.0.0.1/",
        "expected the \"http\" scheme, got \"https\"",
    );
}

#[test]
fn get_garbage_url() {
    bad_url("garbage", "expected a URL starting with \"http://\"");
    bad_url(
        "http://127.0.0.1:99999/",
        "expected a port number from 1 to 65535",
    );
    bad_url(
        "http://user:pw@127.0.0.1/",
        "credentials in URLs are not supported",
    );
}

#[test]
fn get_bad_url_does_not_stop_the_others() {
    // The good URL's server does not exist either: two lines, in argument
    // order, and the status of the first failure.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    let refused = format!("http://127.0.0.1:{port}/");
    quest()
        .args(["get", "ftp://127.0.0.1/", &refused])
        .assert()
        .code(3)
        .stderr(predicate::function(|s: &str| {
            let lines: Vec<&str> = s.lines().collect();
            lines.len() == 2
                && lines[0].starts_with("quest-solution: ftp://127.0.0.1/: ")
                && lines[1].starts_with(&format!("quest-solution: {refused}: "))
        }));
}

#[test]
fn get_unwritable_output_file() {
    quest()
        .args([
            "get",
            "-o",
            "/nonexistent-folder/out",
            "http://127.0.0.1:9/",
        ])
        .assert()
        .code(23)
        .stderr(contains(
            "cannot create the output file /nonexistent-folder/out",
        ));
}

/// How a run of the binary with a stdout that closed early ended.
#[derive(Debug)]
struct Ended {
    /// The exit code (`None`: killed by a signal).
    code: Option<i32>,
    /// Everything it wrote on stderr.
    stderr: String,
}

/// Runs the binary with `args`, its stdout a pipe: reads `read_first`
/// bytes from the pipe, then closes the reading end, as `| head -c N` does.
/// Every later write then fails with `EPIPE` (Rust ignores `SIGPIPE`),
/// which `print!` would turn into a panic. With `read_first` 0 the pipe is
/// closed right after the start, before the binary gets to write.
///
/// The run has a deadline: a binary that has not ended after 10 s is
/// killed, and the test fails.
fn with_stdout_closed_after(args: &[&str], read_first: usize) -> Ended {
    use std::io::Read;
    use std::process::{Command as Process, Stdio};
    use std::thread;
    use std::time::Instant;

    let mut child = Process::new(env!("CARGO_BIN_EXE_quest-solution"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("quest-solution starts");
    // Both pipes are read on threads of their own, so that the deadline
    // below holds even when the binary writes nothing.
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = thread::spawn(move || {
        let mut first = vec![0_u8; read_first];
        let read = stdout.read_exact(&mut first).is_ok();
        drop(stdout);
        read
    });
    let mut stderr_pipe = child.stderr.take().expect("stderr is piped");
    let stderr_reader = thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        match child.try_wait().expect("the child can be waited for") {
            Some(status) => break Some(status),
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => thread::sleep(Duration::from_millis(10)),
        }
    };
    let read = reader.join().expect("the stdout reader ends");
    let stderr = stderr_reader.join().expect("the stderr reader ends");
    let Some(status) = status else {
        panic!("quest-solution {args:?} did not end within 10 s; stderr: {stderr}");
    };
    assert!(
        read,
        "{args:?}: fewer than {read_first} bytes on stdout; stderr: {stderr}"
    );
    Ended {
        code: status.code(),
        stderr,
    }
}

/// A one-shot HTTP server on loopback: answers one request with a body of
/// `len` bytes, then closes. It waits at most 10 s for the connection and
/// gives up writing when the client has gone, so the thread always ends.
fn serve_one_body(len: usize) -> (String, std::thread::JoinHandle<()>) {
    use std::io::{ErrorKind, Read, Write};
    use std::time::Instant;

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/body", listener.local_addr().expect("address"));
    listener
        .set_nonblocking(true)
        .expect("non-blocking listener");
    let server = std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut stream = loop {
            match listener.accept() {
                Ok((stream, _)) => break stream,
                Err(e) if e.kind() == ErrorKind::WouldBlock && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(_) => return,
            }
        };
        let _ = stream.set_nonblocking(false);
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
        let mut request = [0_u8; 4096];
        let _ = stream.read(&mut request);
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {len}\r\n\r\n");
        let _ = stream.write_all(head.as_bytes());
        // Fails once the client has exited; that is expected.
        let _ = stream.write_all(&vec![b'x'; len]);
    });
    (url, server)
}

#[test]
fn help_to_a_closed_pipe_is_quiet() {
    for args in [&["--help"][..], &["get", "--help"], &["--version"]] {
        let ended = with_stdout_closed_after(args, 0);
        assert_eq!(ended.code, Some(0), "{args:?}: {}", ended.stderr);
        assert!(
            !ended.stderr.contains("panicked"),
            "{args:?}: {}",
            ended.stderr
        );
    }
}

#[test]
fn help_read_in_part_is_quiet() {
    // `quest-solution --help | head -c 10`.
    for args in [&["--help"][..], &["serve", "--help"], &["get", "-h"]] {
        let ended = with_stdout_closed_after(args, 10);
        assert_eq!(ended.code, Some(0), "{args:?}: {}", ended.stderr);
        assert!(ended.stderr.is_empty(), "{args:?}: {}", ended.stderr);
    }
}

/// A body that cannot be written ends the run with curl's "write error",
/// exit 23, and one line on stderr; no panic.
fn assert_write_error(ended: &Ended) {
    let stderr = &ended.stderr;
    assert_eq!(ended.code, Some(23), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot write the output"), "{stderr}");
}

#[test]
fn a_body_to_a_closed_pipe_exits_23_with_one_line() {
    let (url, server) = serve_one_body(5);
    let ended = with_stdout_closed_after(&["get", "--max-time", "5", &url], 0);
    server.join().expect("the server thread ends");
    assert_write_error(&ended);
}

#[test]
fn a_large_body_read_in_part_exits_23_with_one_line() {
    // `quest-solution get URL | head -c 1`: 1 MiB is more than a pipe
    // holds, so the client is still writing when the pipe closes.
    let (url, server) = serve_one_body(1 << 20);
    let ended = with_stdout_closed_after(&["get", "--max-time", "5", &url], 1);
    server.join().expect("the server thread ends");
    assert_write_error(&ended);
}
