//! The command line, declared with clap's derive API.
//!
//! The quest has two subcommands with a fixed shape (the grader only ever
//! talks to a quest through them):
//!
//! ```text
//! quest serve [--addr 127.0.0.1:8080] [--root DIR] [--header-timeout SECS]
//!             [--idle-timeout SECS] [--send-timeout SECS]
//!             [--max-header-bytes N] [--max-body-bytes N]
//! quest get   [-i] [-v] [-o FILE] [-X METHOD] [-H 'Name: value']... [-d DATA]
//!             [--resolve HOST:PORT:ADDR[,ADDR...]]... [--connect-timeout SECS]
//!             [--max-time SECS] [-f] URL...
//! ```
//!
//! Why clap rather than a loop over `std::env::args`? With the derive API
//! the grammar *is* the data: each option is a field of [`ServeOptions`] or
//! [`GetOptions`], its type says what value it takes, its `#[arg]` says how
//! it is spelt, and its doc comment is the line `--help` prints. clap reads
//! the arguments into those structs, so the rest of the program never sees
//! a string it has to parse, and it gives for free what a hand-written
//! parser would have to write and test one by one: `--help` (or `-h`) on
//! every command, `--version` (or `-V`) at the top, and usage errors that
//! name the bad argument, show the usage line, suggest the right spelling of
//! a misspelt option (`--max-tim` → `--max-time`) and exit with status 2
//! (the convention of `curl`, `grep` and most Unix tools for "you called me
//! wrongly").
//!
//! The rules, the same for both subcommands:
//!
//! - every option takes its value from the next argument, even one that
//!   starts with `-` (`-d -1`, `--root -odd-name`); `--max-time=5` and
//!   `-ofile` work too;
//! - short flags combine: `-iv` is `-i -v`;
//! - an option given twice keeps the last value (`-X GET -X PUT` is a PUT),
//!   as in curl, except `-H` and `--resolve`, which collect every value in
//!   order;
//! - URLs may come before, between or after the options, and `--` ends the
//!   options: everything after it is a URL.
//!
//! A value that is well-formed but wrong for the network – a URL with an
//! unknown scheme, a host that does not resolve – is not a usage error:
//! `get` reports it per URL, as curl does. This file checks only what can
//! be checked without a lesson's code (the starter's lessons may still be
//! `todo!()`): a program may check a value further before it starts work,
//! as the reference does with `--resolve`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

/// The program's arguments: one subcommand.
///
/// The `#[command]` settings: `version` adds `--version`/`-V` (the package
/// version; clap adds `--help`/`-h` to every command and a `help`
/// subcommand by itself); `arg_required_else_help` makes a bare `quest`
/// show the help as a usage error (stderr, exit 2); `args_override_self`
/// makes a repeated option keep its last value instead of being an error
/// (it holds for the subcommands too). `about` is what `--help` says about
/// the program, and `long_about = None` keeps this comment, written for
/// the reader of the code, out of it.
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_PKG_NAME"), version, arg_required_else_help = true)]
#[command(args_override_self = true)]
#[command(about = "The week's quest: an epoll HTTP/1.1 server and client.", long_about = None)]
pub struct Cli {
    /// What to run.
    #[command(subcommand)]
    pub command: Command,
}

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Subcommand)]
pub enum Command {
    /// Serve files (or a built-in page) over HTTP/1.1 from one epoll loop.
    Serve(ServeOptions),
    /// Fetch URLs over HTTP/1.1 and write their bodies to stdout.
    Get(GetOptions),
}

/// The options of `serve`.
///
/// Each value option has `allow_hyphen_values`: its value is the next
/// argument whatever it starts with, so `--idle-timeout -1` reaches the
/// value parser and is refused as a number of seconds, not taken for an
/// unknown option `-1`.
///
/// **The three timeouts** are nginx's `client_header_timeout`,
/// `keepalive_timeout` and `send_timeout` (defaults 60 s, 75 s, 60 s). Ours
/// are shorter, and each for a reason: a real client sends its whole head
/// in one packet, so 10 s for a head is generous and still cuts a slowloris
/// attack off six times sooner; a connection idle between requests costs a
/// descriptor and nothing else here, and 5 s (Apache's `KeepAliveTimeout`)
/// covers a browser fetching a page's resources one after another; a
/// client that takes *no* byte of a response for 30 s is gone or hostile,
/// while a slow but steady one is never cut off, because progress is
/// counted from what the client takes, not from what we manage to write.
#[derive(Debug, Clone, PartialEq, Args)]
pub struct ServeOptions {
    /// Where to listen; port 0 asks the kernel for a free port.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    #[arg(value_parser = address, allow_hyphen_values = true)]
    pub addr: SocketAddr,
    /// The folder to serve; without it, a built-in page.
    #[arg(long, value_name = "DIR", allow_hyphen_values = true)]
    pub root: Option<PathBuf>,
    /// How long a request head may take to arrive, from its first byte to
    /// its empty line, however slowly it trickles in; then 408 and a close.
    #[arg(long, value_name = "SECS", default_value = "10")]
    #[arg(value_parser = seconds, allow_hyphen_values = true)]
    pub header_timeout: Duration,
    /// How long a keep-alive connection may wait for its next request (or a
    /// request body stall) before it is closed.
    #[arg(long, value_name = "SECS", default_value = "5")]
    #[arg(value_parser = seconds, allow_hyphen_values = true)]
    pub idle_timeout: Duration,
    /// How long a response may make no progress – the client taking none of
    /// the bytes sent – before the connection is closed.
    #[arg(long, value_name = "SECS", default_value = "30")]
    #[arg(value_parser = seconds, allow_hyphen_values = true)]
    pub send_timeout: Duration,
    /// The largest request head accepted (request line and fields); more is 431.
    #[arg(long, value_name = "N", default_value_t = 16 * 1024)]
    #[arg(value_parser = byte_count::<usize>, allow_hyphen_values = true)]
    pub max_header_bytes: usize,
    /// The largest request body accepted; more is 413.
    #[arg(long, value_name = "N", default_value_t = 16 * 1024 * 1024)]
    #[arg(value_parser = byte_count::<u64>, allow_hyphen_values = true)]
    pub max_body_bytes: u64,
}

impl Default for ServeOptions {
    /// The options of a bare `serve` (the same defaults `--help` shows).
    fn default() -> Self {
        ServeOptions {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            root: None,
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(5),
            send_timeout: Duration::from_secs(30),
            max_header_bytes: 16 * 1024,
            max_body_bytes: 16 * 1024 * 1024,
        }
    }
}

/// The options of `get`, spelled as curl spells them.
///
/// A `bool` field is a flag; an `Option` is an option that may be left
/// out; a `Vec` collects every occurrence in order. Value options take the
/// next argument whatever it starts with (`-d -1` sends `-1`), as curl does.
#[derive(Debug, Clone, PartialEq, Default, Args)]
pub struct GetOptions {
    /// Print the response head before the body.
    #[arg(short = 'i')]
    pub include_head: bool,
    /// Print the request and connection events on stderr.
    #[arg(short = 'v')]
    pub verbose: bool,
    /// Write the bodies to FILE instead of stdout.
    #[arg(short = 'o', value_name = "FILE", allow_hyphen_values = true)]
    pub output: Option<PathBuf>,
    /// The request method (default GET, or POST with -d).
    #[arg(short = 'X', value_name = "METHOD", allow_hyphen_values = true)]
    pub method: Option<String>,
    /// Send this header field; repeat for several, sent in order.
    #[arg(short = 'H', value_name = "Name: value")]
    #[arg(value_parser = header, allow_hyphen_values = true)]
    pub headers: Vec<(String, String)>,
    /// Send DATA as the request body.
    #[arg(short = 'd', value_name = "DATA", allow_hyphen_values = true)]
    pub data: Option<String>,
    /// Use these addresses for HOST:PORT instead of asking DNS; repeatable.
    #[arg(long, value_name = "HOST:PORT:ADDR[,ADDR...]")]
    #[arg(value_parser = resolve, allow_hyphen_values = true)]
    pub resolve: Vec<String>,
    /// The bound on each connection attempt (default 10 s).
    #[arg(long, value_name = "SECS", value_parser = seconds, allow_hyphen_values = true)]
    pub connect_timeout: Option<Duration>,
    /// The bound on the whole run (default: none).
    #[arg(long, value_name = "SECS", value_parser = seconds, allow_hyphen_values = true)]
    pub max_time: Option<Duration>,
    /// Exit 22 when a response's status is 400 or above.
    #[arg(short = 'f')]
    pub fail: bool,
    /// The URLs to fetch, in order; bodies are written in this order.
    #[arg(value_name = "URL", required = true)]
    pub urls: Vec<String>,
}

/// Parses the arguments after the program name (`main` lets clap read
/// them from the process; tests call this with a list).
///
/// # Errors
///
/// clap's error naming the first problem: no or an unknown subcommand, an
/// unknown option, a missing or malformed option value, or `get` without a
/// URL; its exit code is 2. `--help` and `--version` come back as errors
/// too, of the kinds `DisplayHelp` and `DisplayVersion` with exit code 0:
/// [`clap::Error::exit`] prints each where it belongs (help and version on
/// stdout, usage errors on stderr) and exits with its code.
///
/// ```
/// use quest::cli::{parse, Command};
///
/// let Ok(Command::Serve(options)) = parse(&["serve", "--addr", "127.0.0.1:0"]) else { panic!() };
/// assert_eq!(options.addr.port(), 0);
/// let error = parse(&["serve", "--bogus"]).expect_err("not an option of serve");
/// assert_eq!(error.exit_code(), 2);
/// ```
pub fn parse<S: AsRef<str>>(args: &[S]) -> Result<Command, clap::Error> {
    let program = std::iter::once(env!("CARGO_PKG_NAME"));
    Cli::try_parse_from(program.chain(args.iter().map(AsRef::as_ref))).map(|cli| cli.command)
}

// The value parsers. clap calls each with the option's value and, on
// `Err(reason)`, reports "invalid value 'VALUE' for 'OPTION': reason" as a
// usage error; so each reason says what was expected.

/// `IP:PORT`, e.g. `127.0.0.1:8080` or `[::1]:0` (no host names: a server
/// binds to an address).
fn address(value: &str) -> Result<SocketAddr, String> {
    value
        .parse()
        .map_err(|_| "expected IP:PORT such as 127.0.0.1:8080".to_string())
}

/// A positive number of seconds, fractions allowed (`0.5`): not zero, not
/// negative, not `inf` or `NaN`, and small enough for a [`Duration`].
fn seconds(value: &str) -> Result<Duration, String> {
    let bad = || "expected a positive number of seconds, such as 5 or 0.5".to_string();
    let secs: f64 = value.parse().map_err(|_| bad())?;
    if !secs.is_finite() || secs <= 0.0 {
        return Err(bad());
    }
    Duration::try_from_secs_f64(secs).map_err(|_| bad())
}

/// A size in bytes: a whole number without a minus sign that fits in `T`
/// (Rust's integer parsing: `16384`, also `+16384`; no `16k`).
fn byte_count<T: std::str::FromStr>(value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| "expected a whole number of bytes, such as 16384".to_string())
}

/// `Name: value` as given to `-H`: a token for the name (RFC 9110 §5.1), the
/// value with the spaces around it trimmed.
fn header(value: &str) -> Result<(String, String), String> {
    let (name, field) = value
        .split_once(':')
        .ok_or_else(|| "expected 'Name: value'".to_string())?;
    if name.is_empty() || !name.bytes().all(is_tchar) {
        return Err(format!(
            "expected a header name made of token characters, got {name:?}"
        ));
    }
    Ok((name.to_string(), field.trim().to_string()))
}

/// Whether `byte` may be part of a header name: a `tchar` of RFC 9110
/// §5.6.2, a letter, a digit or one of ``!#$%&'*+-.^_`|~``. (Lesson 2 has
/// the same test; this file keeps its own because it must work before the
/// lessons are done.)
fn is_tchar(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

/// `HOST:PORT:ADDR[,ADDR...]`, checked for its shape here (a host, a port
/// number, at least one character of addresses) and kept as written; `get`
/// reads the addresses (a program may check them further before any fetch
/// starts).
fn resolve(value: &str) -> Result<String, String> {
    let mut parts = value.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(host), Some(port), Some(addrs))
            if !host.is_empty() && port.parse::<u16>().is_ok() && !addrs.is_empty() =>
        {
            Ok(value.to_string())
        }
        _ => Err("expected HOST:PORT:ADDR[,ADDR...]".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use clap::error::ErrorKind;

    #[test]
    fn the_declaration_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_defaults() {
        let Ok(Command::Serve(options)) = parse(&["serve"]) else {
            panic!("expected serve options");
        };
        assert_eq!(options, ServeOptions::default());
    }

    #[test]
    fn serve_every_option() {
        let Ok(Command::Serve(o)) = parse(&[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--root",
            "www",
            "--header-timeout",
            "2",
            "--idle-timeout",
            "0.5",
            "--send-timeout",
            "7",
            "--max-header-bytes",
            "100",
            "--max-body-bytes",
            "200",
        ]) else {
            panic!("expected serve options");
        };
        assert_eq!(o.addr, SocketAddr::from(([127, 0, 0, 1], 0)));
        assert_eq!(o.root, Some(PathBuf::from("www")));
        assert_eq!(o.header_timeout, Duration::from_secs(2));
        assert_eq!(o.idle_timeout, Duration::from_millis(500));
        assert_eq!(o.send_timeout, Duration::from_secs(7));
        assert_eq!((o.max_header_bytes, o.max_body_bytes), (100, 200));
    }

    /// Parses `args`, which must be refused as a usage error of `kind`.
    fn refused(args: &[&str], kind: ErrorKind) {
        let error = parse(args).expect_err("refused");
        assert_eq!((error.kind(), error.exit_code()), (kind, 2), "{args:?}");
    }

    #[test]
    fn serve_errors() {
        refused(&["serve", "--addr"], ErrorKind::InvalidValue);
        refused(
            &["serve", "--addr", "localhost"],
            ErrorKind::ValueValidation,
        );
        refused(&["serve", "--addr", "8080"], ErrorKind::ValueValidation);
        refused(
            &["serve", "--max-body-bytes", "lots"],
            ErrorKind::ValueValidation,
        );
        refused(
            &["serve", "--max-header-bytes", "16k"],
            ErrorKind::ValueValidation,
        );
        refused(&["serve", "--port", "80"], ErrorKind::UnknownArgument);
        refused(&["serve", "http://h/"], ErrorKind::UnknownArgument);
        refused(&["fetch"], ErrorKind::InvalidSubcommand);
        refused(&[], ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand);
    }

    #[test]
    fn seconds_are_positive_and_finite() {
        assert_eq!(seconds("5"), Ok(Duration::from_secs(5)));
        assert_eq!(seconds("0.25"), Ok(Duration::from_millis(250)));
        for bad in ["0", "-1", "-0.5", "inf", "NaN", "1e30", "5s", ""] {
            assert!(seconds(bad).is_err(), "{bad:?}");
        }
        // A negative number is the value of the option, refused by
        // `seconds`: not an unknown option `-1`.
        refused(
            &["serve", "--idle-timeout", "-1"],
            ErrorKind::ValueValidation,
        );
        refused(
            &["serve", "--idle-timeout", "0"],
            ErrorKind::ValueValidation,
        );
    }

    #[test]
    fn byte_counts_are_whole_numbers() {
        assert_eq!(byte_count::<u64>("16384"), Ok(16384));
        assert_eq!(byte_count::<usize>("+7"), Ok(7));
        for bad in ["-1", "1.5", "16k", "", "18446744073709551616"] {
            assert!(byte_count::<u64>(bad).is_err(), "{bad:?}");
        }
        refused(
            &["serve", "--max-body-bytes", "-1"],
            ErrorKind::ValueValidation,
        );
    }

    #[test]
    fn get_every_option() {
        let Ok(Command::Get(o)) = parse(&[
            "get",
            "-i",
            "-v",
            "-f",
            "-o",
            "out",
            "-X",
            "PUT",
            "-H",
            "A: 1",
            "-H",
            "B:2",
            "-d",
            "x",
            "--resolve",
            "h:80:127.0.0.1,::1",
            "--connect-timeout",
            "2",
            "--max-time",
            "3",
            "http://h/a",
            "http://h/b",
        ]) else {
            panic!("expected get options");
        };
        assert!(o.include_head && o.verbose && o.fail);
        assert_eq!(o.output, Some(PathBuf::from("out")));
        assert_eq!(o.method.as_deref(), Some("PUT"));
        assert_eq!(
            o.headers,
            [("A".into(), "1".into()), ("B".into(), "2".into())]
        );
        assert_eq!(o.resolve, ["h:80:127.0.0.1,::1"]);
        assert_eq!(o.connect_timeout, Some(Duration::from_secs(2)));
        assert_eq!(o.max_time, Some(Duration::from_secs(3)));
        assert_eq!(o.urls, ["http://h/a", "http://h/b"]);
    }

    #[test]
    fn get_urls_and_repeated_options_keep_their_order() {
        let Ok(Command::Get(o)) = parse(&[
            "get",
            "http://h/1",
            "-H",
            "X-B: 2",
            "http://h/2",
            "-H",
            "X-A: 1",
            "--resolve",
            "h:80:127.0.0.2",
            "--resolve",
            "g:81:127.0.0.3",
            "-d",
            "-1",
            "--",
            "-not-an-option",
        ]) else {
            panic!("expected get options");
        };
        assert_eq!(o.urls, ["http://h/1", "http://h/2", "-not-an-option"]);
        assert_eq!(
            o.headers,
            [("X-B".into(), "2".into()), ("X-A".into(), "1".into())]
        );
        assert_eq!(o.resolve, ["h:80:127.0.0.2", "g:81:127.0.0.3"]);
        assert_eq!(o.data.as_deref(), Some("-1"));
    }

    #[test]
    fn get_errors() {
        refused(&["get"], ErrorKind::MissingRequiredArgument);
        refused(&["get", "-i", "-v"], ErrorKind::MissingRequiredArgument);
        refused(
            &["get", "-H", "novalue", "http://h/"],
            ErrorKind::ValueValidation,
        );
        refused(
            &["get", "-H", "Bad Name: x", "http://h/"],
            ErrorKind::ValueValidation,
        );
        refused(
            &["get", "-H", ": x", "http://h/"],
            ErrorKind::ValueValidation,
        );
        refused(
            &["get", "--resolve", "h:x:1.2.3.4", "http://h/"],
            ErrorKind::ValueValidation,
        );
        refused(
            &["get", "--resolve", ":80:1.2.3.4", "http://h/"],
            ErrorKind::ValueValidation,
        );
        refused(
            &["get", "--resolve", "h:80:", "http://h/"],
            ErrorKind::ValueValidation,
        );
        refused(
            &["get", "--resolve", "h:80", "http://h/"],
            ErrorKind::ValueValidation,
        );
        refused(
            &["get", "--max-time", "0", "http://h/"],
            ErrorKind::ValueValidation,
        );
        refused(
            &["get", "--connect-timeout", "-2", "http://h/"],
            ErrorKind::ValueValidation,
        );
        refused(&["get", "-Z", "http://h/"], ErrorKind::UnknownArgument);
        refused(
            &["get", "--insecure", "http://h/"],
            ErrorKind::UnknownArgument,
        );
        refused(&["get", "http://h/", "-o"], ErrorKind::InvalidValue);
    }

    #[test]
    fn header_values_come_through_exactly() {
        let Ok(Command::Get(o)) = parse(&["get", "-H", "X-A: b", "-H", "X-Empty:", "http://h/"])
        else {
            panic!("expected get options");
        };
        assert_eq!(
            o.headers,
            [
                ("X-A".into(), "b".into()),
                ("X-Empty".into(), String::new())
            ]
        );
        // Only the spaces around the value go; the ones inside stay.
        assert_eq!(
            header("Accept:  text/html,  */*  "),
            Ok(("Accept".into(), "text/html,  */*".into()))
        );
        assert_eq!(header("A:b:c"), Ok(("A".into(), "b:c".into())));
    }

    #[test]
    fn header_names_are_tokens() {
        assert!(b"Az09!#$%&'*+-.^_`|~".iter().all(|&b| is_tchar(b)));
        for byte in *b" \t\"(),/:;<=>?@[\\]{}\x7f\x00" {
            assert!(!is_tchar(byte), "{byte:#04x}");
        }
        assert!(!is_tchar("é".as_bytes()[0]));
    }

    #[test]
    fn a_repeated_option_keeps_its_last_value() {
        let Ok(Command::Get(o)) = parse(&[
            "get",
            "-o",
            "first",
            "-o",
            "second",
            "-X",
            "GET",
            "-X",
            "PUT",
            "-d",
            "1",
            "-d",
            "2",
            "-i",
            "-i",
            "--max-time",
            "1",
            "--max-time",
            "2",
            "http://h/",
        ]) else {
            panic!("expected get options");
        };
        assert_eq!(o.output, Some(PathBuf::from("second")));
        assert_eq!(
            (o.method.as_deref(), o.data.as_deref()),
            (Some("PUT"), Some("2"))
        );
        assert!(o.include_head);
        assert_eq!(o.max_time, Some(Duration::from_secs(2)));
        let Ok(Command::Serve(o)) =
            parse(&["serve", "--addr", "127.0.0.1:1", "--addr", "127.0.0.1:2"])
        else {
            panic!("expected serve options");
        };
        assert_eq!(o.addr.port(), 2);
    }

    #[test]
    fn a_value_may_start_with_a_dash() {
        let Ok(Command::Get(o)) = parse(&[
            "get",
            "-o",
            "-out",
            "-X",
            "-X",
            "-d",
            "--data",
            "--resolve",
            "-h:80:127.0.0.1",
            "-",
        ]) else {
            panic!("expected get options");
        };
        assert_eq!(o.output, Some(PathBuf::from("-out")));
        assert_eq!(
            (o.method.as_deref(), o.data.as_deref()),
            (Some("-X"), Some("--data"))
        );
        assert_eq!(o.resolve, ["-h:80:127.0.0.1"]);
        // A lone `-` is a URL (a bad one, reported by `get`).
        assert_eq!(o.urls, ["-"]);
        let Ok(Command::Serve(o)) = parse(&["serve", "--root", "-www"]) else {
            panic!("expected serve options");
        };
        assert_eq!(o.root, Some(PathBuf::from("-www")));
    }

    #[test]
    fn flags_combine_and_values_may_be_attached() {
        let Ok(Command::Get(o)) = parse(&[
            "get",
            "-ivf",
            "-oout",
            "-HX-A: b",
            "--max-time=1.5",
            "http://h/",
        ]) else {
            panic!("expected get options");
        };
        assert!(o.include_head && o.verbose && o.fail);
        assert_eq!(o.output, Some(PathBuf::from("out")));
        assert_eq!(o.headers, [("X-A".into(), "b".into())]);
        assert_eq!(o.max_time, Some(Duration::from_millis(1500)));
    }

    #[test]
    fn help_and_version_are_not_usage_errors() {
        for (args, kind) in [
            (&["--help"][..], ErrorKind::DisplayHelp),
            (&["get", "-h"], ErrorKind::DisplayHelp),
            (&["serve", "--help"], ErrorKind::DisplayHelp),
            (&["help", "serve"], ErrorKind::DisplayHelp),
            (&["--version"], ErrorKind::DisplayVersion),
            (&["-V"], ErrorKind::DisplayVersion),
        ] {
            let shown = parse(args).expect_err("shown, not parsed");
            assert_eq!((shown.kind(), shown.exit_code()), (kind, 0), "{args:?}");
        }
    }

    #[test]
    fn a_misspelt_option_gets_a_suggestion() {
        let error = parse(&["get", "--max-tim", "5", "http://h/"]).expect_err("misspelt");
        assert_eq!(error.kind(), ErrorKind::UnknownArgument);
        let shown = error.render().to_string();
        assert!(
            shown.contains("tip: a similar argument exists: '--max-time'"),
            "{shown}"
        );
    }
}
