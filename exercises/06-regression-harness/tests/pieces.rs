// Cutting bytes into pieces and sending them piece by piece: first the pure
// cut plan, then the writer – on a recording fake and on a real loopback
// socket.
//
// Run them all with `cargo test -p lesson06`, one file with
// `cargo test -p lesson06 --test pieces`.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use lesson06::{Plan, pieces, send_in_pieces};

/// A writer that logs every call, so a test can see exactly how the bytes
/// were handed over: `W(…)` for a write, `F` for a flush.
#[derive(Default)]
struct Recording {
    log: Vec<String>,
    fail_on_write: Option<usize>,
    writes: usize,
}

impl Write for Recording {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writes += 1;
        if self.fail_on_write == Some(self.writes) {
            return Err(io::Error::new(io::ErrorKind::BrokenPipe, "peer went away"));
        }
        self.log
            .push(format!("W({})", String::from_utf8_lossy(buf)));
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.log.push("F".to_string());
        Ok(())
    }
}

#[test]
fn whole_plan_is_one_piece_covering_everything() {
    assert_eq!(
        pieces(27, &Plan::Whole),
        vec![0..27],
        "Plan::Whole cuts nothing: one piece, 0..len"
    );
}

#[test]
fn every_n_cuts_fixed_size_pieces_with_a_short_last_one() {
    assert_eq!(
        pieces(10, &Plan::Every(3)),
        vec![0..3, 3..6, 6..9, 9..10],
        "pieces of 3 bytes, the last one holding what is left"
    );
    assert_eq!(
        pieces(4, &Plan::Every(1)),
        vec![0..1, 1..2, 2..3, 3..4],
        "Every(1) is one byte per piece"
    );
    assert_eq!(
        pieces(3, &Plan::Every(10)),
        vec![0..3],
        "a piece size larger than the input gives one piece"
    );
}

#[test]
fn every_zero_means_whole() {
    assert_eq!(
        pieces(5, &Plan::Every(0)),
        vec![0..5],
        "a piece size of 0 makes no sense; it is treated as Plan::Whole"
    );
}

#[test]
fn cut_points_are_sorted_deduplicated_and_out_of_range_ones_ignored() {
    assert_eq!(
        pieces(8, &Plan::At(vec![5, 2, 2, 0, 8, 99])),
        vec![0..2, 2..5, 5..8],
        "cut before offsets 2 and 5; 0, 8 (= len) and 99 would make empty pieces, the repeated 2 counts once"
    );
}

#[test]
fn empty_input_has_no_pieces() {
    assert_eq!(
        pieces(0, &Plan::Whole),
        vec![],
        "nothing to send: no pieces at all, not one empty piece"
    );
    assert_eq!(
        pieces(0, &Plan::Every(1)),
        vec![],
        "no pieces for empty input"
    );
    assert_eq!(
        pieces(0, &Plan::At(vec![1])),
        vec![],
        "no pieces for empty input"
    );
}

#[test]
fn every_piece_is_written_whole_and_flushed() {
    let mut out = Recording::default();
    let n = send_in_pieces(
        &mut out,
        b"GET / HTTP/1.1",
        &Plan::At(vec![4, 6]),
        Duration::ZERO,
    )
    .expect("a recording writer never fails");
    assert_eq!(n, 3, "three pieces: \"GET \", \"/ \", \"HTTP/1.1\"");
    assert_eq!(
        out.log,
        ["W(GET )", "F", "W(/ )", "F", "W(HTTP/1.1)", "F"],
        "each piece in one write, each followed by a flush, in order"
    );
}

#[test]
fn sending_nothing_writes_nothing() {
    let mut out = Recording::default();
    let n = send_in_pieces(&mut out, b"", &Plan::Every(1), Duration::from_secs(1))
        .expect("a recording writer never fails");
    assert_eq!(n, 0, "no bytes, no pieces");
    assert!(
        out.log.is_empty(),
        "no write and no flush for empty input, got {:?}",
        out.log
    );
}

#[test]
fn pauses_come_between_pieces_never_after_the_last() {
    let pause = Duration::from_millis(30);
    let mut out = Recording::default();
    let start = Instant::now();
    send_in_pieces(&mut out, b"abc", &Plan::Every(1), pause).expect("no error");
    assert!(
        start.elapsed() >= 2 * pause,
        "three pieces need two pauses of 30 ms between them; took {:?}",
        start.elapsed()
    );

    let start = Instant::now();
    send_in_pieces(&mut out, b"abc", &Plan::Whole, Duration::from_secs(2)).expect("no error");
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "one piece has nothing to pause between: no sleep after the last piece (took {:?})",
        start.elapsed()
    );
}

#[test]
fn a_write_error_stops_the_sending() {
    let mut out = Recording {
        fail_on_write: Some(2),
        ..Recording::default()
    };
    let err = send_in_pieces(&mut out, b"abcd", &Plan::Every(1), Duration::ZERO)
        .expect_err("the second write fails, so the call must return that error");
    assert_eq!(
        err.kind(),
        io::ErrorKind::BrokenPipe,
        "the writer's own error is returned"
    );
    assert_eq!(
        out.log,
        ["W(a)", "F"],
        "nothing is written after the failing piece"
    );
}

#[test]
fn one_byte_at_a_time_over_loopback_delivers_every_byte_in_order() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free loopback port");
    let addr = listener.local_addr().expect("local address");
    let mut client = TcpStream::connect(addr).expect("connect over loopback");
    let (mut server, _) = listener.accept().expect("accept");
    server
        .set_read_timeout(Some(Duration::from_secs(2)))
        .expect("read timeout");
    client.set_nodelay(true).expect("TCP_NODELAY");

    let request = b"GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let n = send_in_pieces(
        &mut client,
        request,
        &Plan::Every(1),
        Duration::from_millis(1),
    )
    .expect("sending over loopback");
    assert_eq!(n, request.len(), "one piece per byte");
    drop(client); // EOF for the reader below

    let mut got = Vec::new();
    server
        .read_to_end(&mut got)
        .expect("read everything the client sent (2 s timeout)");
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(request),
        "TCP may regroup the pieces, but every byte arrives, in order"
    );
}
