//! The command line of both subcommands, black-box: what a user who types
//! it wrong sees (one line saying what is wrong, the usage text, exit 2) and
//! the errors that are not about the command line (a bad URL, a missing
//! root folder). Nothing here opens a connection that could wait.

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
}

#[test]
fn help_works_on_every_command() {
    for (args, mentions) in [
        (&["--help"][..], "serve"),
        (&["-h"], "get"),
        (&["help", "get"], "--max-time"),
        (&["serve", "--help"], "--idle-timeout"),
        (&["serve", "-h"], "[default: 127.0.0.1:8080]"),
        (&["get", "--help"], "--connect-timeout"),
        (&["get", "-h"], "-H <Name: value>"),
    ] {
        quest()
            .args(args)
            .assert()
            .code(0)
            .stdout(contains(mentions))
            .stderr(predicate::str::is_empty());
    }
}

#[test]
fn version_prints_the_package_version() {
    quest()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(contains(env!("CARGO_PKG_VERSION")));
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

/// Runs the binary with `args` and its stdout a pipe whose reading end is
/// closed before it writes: every write then fails with `EPIPE` (Rust
/// ignores `SIGPIPE`), which `print!` would turn into a panic. Returns the
/// exit code and stderr.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    use std::io::Read;
    use std::process::{Command as Process, Stdio};
    let mut child = Process::new(env!("CARGO_BIN_EXE_quest-solution"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("quest-solution starts");
    drop(child.stdout.take());
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        pipe.read_to_string(&mut stderr).expect("stderr reads");
    }
    let status = child.wait().expect("quest-solution ends");
    (status.code(), stderr)
}

#[test]
fn help_to_a_closed_pipe_is_quiet() {
    for args in [&["--help"][..], &["get", "--help"], &["--version"]] {
        let (code, stderr) = with_closed_stdout(args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_body_to_a_closed_pipe_exits_23_with_one_line() {
    use std::io::{Read, Write};
    // A one-shot server on loopback that answers one request with a body.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/body", listener.local_addr().expect("address"));
    let server = std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut request = [0_u8; 4096];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        }
    });
    let (code, stderr) = with_closed_stdout(&["get", "--max-time", "5", &url]);
    server.join().expect("the server thread ends");
    assert_eq!(code, Some(23), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot write the output"), "{stderr}");
}
