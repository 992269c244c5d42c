//! What every fake quest shares: reading its command line.
//!
//! The fakes are deliberately broken quest programs that the grader's own
//! tests grade (see `harness/tests/grade.rs`). They accept the quest's
//! command line (`serve --addr ADDR …`, `get … URL…`) so the grader drives
//! them exactly as it drives a student's program.

#![allow(dead_code)] // each fake uses a different part

use std::net::{SocketAddr, TcpListener};

/// The subcommand and its arguments.
pub enum Mode {
    Serve { addr: SocketAddr },
    Get { urls: Vec<String> },
    Linger,
}

/// Reads `serve --addr ADDR` or `get … URL…` from the command line.
pub fn mode() -> Mode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("serve") => {
            let addr = args
                .windows(2)
                .find(|w| w[0] == "--addr")
                .and_then(|w| w[1].parse().ok())
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
            Mode::Serve { addr }
        }
        Some("get") => Mode::Get {
            urls: args
                .iter()
                .filter(|a| a.starts_with("http://"))
                .cloned()
                .collect(),
        },
        Some("linger") => Mode::Linger,
        _ => {
            eprintln!("usage: fake serve|get …");
            std::process::exit(2);
        }
    }
}

/// Binds and prints the listening line, as a real quest does.
pub fn listen(addr: SocketAddr) -> TcpListener {
    let listener = match TcpListener::bind(addr) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("fake: cannot bind {addr}: {e}");
            std::process::exit(1);
        }
    };
    let local = listener.local_addr().unwrap_or(addr);
    println!("listening on http://{local}");
    listener
}

/// `http://host:port/path` → `host:port`.
pub fn authority(url: &str) -> &str {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    rest.split('/').next().unwrap_or(rest)
}

/// Sleeps far longer than any grade lasts.
pub fn sleep_forever() -> ! {
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
