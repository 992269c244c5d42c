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

/// A usage error: exit 2, `quest-solution: MESSAGE` first, then the usage
/// text, all on stderr; nothing on stdout.
fn usage_error(args: &[&str], message: &str) {
    quest()
        .args(args)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::starts_with(format!(
            "quest-solution: {message}"
        )))
        .stderr(contains("usage: quest-solution serve"))
        .stderr(contains("quest-solution get"));
}

#[test]
fn no_arguments() {
    usage_error(&[], "missing command");
}

#[test]
fn unknown_command() {
    usage_error(&["fetch"], "unknown command \"fetch\"");
}

#[test]
fn serve_unknown_option() {
    usage_error(
        &["serve", "--port", "80"],
        "serve: unknown argument \"--port\"",
    );
}

#[test]
fn serve_missing_value() {
    usage_error(&["serve", "--addr"], "option --addr needs a value");
}

#[test]
fn serve_bad_addr() {
    usage_error(
        &["serve", "--addr", "localhost:80"],
        "--addr expects IP:PORT such as 127.0.0.1:8080, got \"localhost:80\"",
    );
}

#[test]
fn serve_bad_numbers() {
    usage_error(
        &["serve", "--idle-timeout", "-1"],
        "--idle-timeout expects a positive number of seconds",
    );
    usage_error(
        &["serve", "--max-body-bytes", "lots"],
        "--max-body-bytes expects a number",
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
    usage_error(&["get"], "get: expected at least one URL");
    usage_error(&["get", "-i", "-v"], "get: expected at least one URL");
}

#[test]
fn get_unknown_option() {
    usage_error(
        &["get", "-Z", "http://127.0.0.1/"],
        "get: unknown option \"-Z\"",
    );
    usage_error(
        &["get", "--insecure", "http://127.0.0.1/"],
        "get: unknown option \"--insecure\"",
    );
}

#[test]
fn get_missing_values() {
    for option in [
        "-o",
        "-X",
        "-H",
        "-d",
        "--resolve",
        "--connect-timeout",
        "--max-time",
    ] {
        usage_error(&["get", option], &format!("option {option} needs a value"));
    }
}

#[test]
fn get_bad_header() {
    usage_error(
        &["get", "-H", "no colon", "http://127.0.0.1/"],
        "-H expects 'Name: value', got \"no colon\"",
    );
    usage_error(
        &["get", "-H", "Bad Name: x", "http://127.0.0.1/"],
        "-H expects a header name made of token characters",
    );
}

#[test]
fn get_bad_resolve() {
    usage_error(
        &["get", "--resolve", "host:80", "http://host/"],
        "--resolve \"host:80\": expected HOST:PORT:ADDR[,ADDR...]",
    );
    usage_error(
        &["get", "--resolve", "host:http:127.0.0.1", "http://host/"],
        "--resolve: port \"http\" is not a number from 1 to 65535",
    );
    usage_error(
        &["get", "--resolve", "host:80:localhost", "http://host/"],
        "--resolve: \"localhost\" is not an IPv4 or IPv6 address",
    );
}

#[test]
fn get_bad_timeouts() {
    usage_error(
        &["get", "--max-time", "0", "http://127.0.0.1/"],
        "--max-time expects a positive number of seconds, got \"0\"",
    );
    usage_error(
        &["get", "--connect-timeout", "soon", "http://127.0.0.1/"],
        "--connect-timeout expects a positive number of seconds, got \"soon\"",
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
        .stderr(contains("usage").not())
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
