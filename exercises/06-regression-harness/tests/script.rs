// The scripted peer: a fake server on 127.0.0.1:0 runs `run_steps` in a
// thread, and the test plays the client. Every socket has a timeout and
// every script a deadline, so a wrong answer fails in bounded time instead
// of hanging the test run.
//
// Run them all with `cargo test -p lesson06`, one file with
// `cargo test -p lesson06 --test script`.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use lesson06::{
    Dir, Plan, Record, Rules, Step, StepError, normalise, render, run_steps, send_in_pieces,
};

/// The deadline of most scripts: far more than any of them needs.
const DEADLINE: Duration = Duration::from_secs(2);

/// Starts a scripted peer on a free loopback port. It accepts one
/// connection and runs `steps` on it; join the handle with `finish`.
fn peer(
    steps: Vec<Step>,
    deadline: Duration,
) -> (SocketAddr, JoinHandle<Result<Record, StepError>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free loopback port");
    let addr = listener.local_addr().expect("local address");
    let handle = thread::spawn(move || {
        let (mut conn, _) = listener.accept().expect("accept the test's connection");
        run_steps(&mut conn, &steps, deadline)
        // `conn` is dropped here: the client sees EOF once the script ends,
        // also when run_steps panics.
    });
    (addr, handle)
}

/// The client side, with timeouts so that it can never block forever.
fn connect(addr: SocketAddr) -> TcpStream {
    let conn = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).expect("connect");
    conn.set_read_timeout(Some(Duration::from_secs(3)))
        .expect("read timeout");
    conn.set_write_timeout(Some(Duration::from_secs(3)))
        .expect("write timeout");
    conn
}

/// Reads until the peer closes (at most 3 s). A read error is returned as
/// text, so that the test first looks at the peer thread (`finish`), whose
/// panic or error explains more than "connection reset".
fn read_all(conn: &mut TcpStream) -> String {
    let mut got = Vec::new();
    match conn.read_to_end(&mut got) {
        Ok(_) => String::from_utf8_lossy(&got).into_owned(),
        Err(e) => format!("<reading the response failed: {e}>"),
    }
}

/// Waits for the peer thread; a panic in it (a `todo!()`) fails this test
/// with the same message.
fn finish(handle: JoinHandle<Result<Record, StepError>>) -> Result<Record, StepError> {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const GET_A: &str = "GET /a HTTP/1.1\r\nHost: test\r\n\r\n";
const GET_B: &str = "GET /b HTTP/1.1\r\nHost: test\r\n\r\n";
const OK_A: &str = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na";
const OK_B: &str = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb";

#[test]
fn a_request_is_recorded_byte_for_byte_and_the_response_sent() {
    let (addr, handle) = peer(vec![Step::ExpectRequest, Step::send(OK_A)], DEADLINE);
    let mut client = connect(addr);
    client
        .write_all(GET_A.as_bytes())
        .expect("send the request");
    let got = read_all(&mut client);

    let record = finish(handle).expect("the script runs to its end");
    assert_eq!(got, OK_A, "the client receives the scripted response");
    assert_eq!(
        record.requests.len(),
        1,
        "one ExpectRequest records one request"
    );
    assert_eq!(
        text(&record.requests[0]),
        GET_A,
        "the request's exact bytes are recorded"
    );
}

#[test]
fn a_content_length_body_belongs_to_the_request() {
    let post = "POST /form HTTP/1.1\r\nHost: test\r\nContent-Length: 11\r\n\r\nhello world";
    let (addr, handle) = peer(vec![Step::ExpectRequest, Step::send(OK_A)], DEADLINE);
    let mut client = connect(addr);
    client.write_all(post.as_bytes()).expect("send the request");
    read_all(&mut client);

    let record = finish(handle).expect("the script runs to its end");
    assert_eq!(
        text(&record.requests[0]),
        post,
        "the request is the head and Content-Length (11) bytes of body"
    );
}

#[test]
fn pipelined_requests_stay_buffered_for_the_next_expect() {
    let steps = vec![
        Step::ExpectRequest,
        Step::send(OK_A),
        Step::ExpectRequest,
        Step::send(OK_B),
    ];
    let (addr, handle) = peer(steps, DEADLINE);
    let mut client = connect(addr);
    // Both requests in one write: they arrive together, often in one read.
    client
        .write_all(format!("{GET_A}{GET_B}").as_bytes())
        .expect("send two pipelined requests");
    let got = read_all(&mut client);

    let record = finish(handle).expect("the script runs to its end");
    assert_eq!(got, format!("{OK_A}{OK_B}"), "both responses, in order");
    let requests: Vec<String> = record.requests.iter().map(|r| text(r)).collect();
    assert_eq!(
        requests,
        [GET_A, GET_B],
        "the first ExpectRequest takes exactly one request; the bytes after it \
         are kept for the second ExpectRequest"
    );
}

#[test]
fn a_request_arriving_one_byte_at_a_time_is_assembled() {
    let (addr, handle) = peer(vec![Step::ExpectRequest, Step::send(OK_A)], DEADLINE);
    let mut client = connect(addr);
    client.set_nodelay(true).expect("TCP_NODELAY");
    send_in_pieces(
        &mut client,
        GET_A.as_bytes(),
        &Plan::Every(1),
        Duration::from_millis(1),
    )
    .expect("send the request one byte at a time");
    let got = read_all(&mut client);

    let record = finish(handle).expect("the script runs to its end");
    assert_eq!(got, OK_A, "the response comes once the request is whole");
    assert_eq!(
        text(&record.requests[0]),
        GET_A,
        "a request in 32 one-byte pieces is read until it is complete"
    );
}

#[test]
fn a_response_split_at_chosen_points_arrives_whole_and_is_recorded_once() {
    let steps = vec![
        Step::ExpectRequest,
        Step::send_split(OK_A, Plan::At(vec![5, 17, 30]), Duration::from_millis(5)),
    ];
    let (addr, handle) = peer(steps, DEADLINE);
    let mut client = connect(addr);
    client
        .write_all(GET_A.as_bytes())
        .expect("send the request");
    let got = read_all(&mut client);

    let record = finish(handle).expect("the script runs to its end");
    assert_eq!(got, OK_A, "every piece arrives, in order");
    let sent: Vec<_> = record
        .transcript
        .events
        .iter()
        .filter(|e| e.dir == Dir::ToClient)
        .map(|e| text(&e.bytes))
        .collect();
    assert_eq!(
        sent,
        [OK_A],
        "the transcript records a Send once, with all its bytes, however it was cut"
    );
}

#[test]
fn a_client_that_closes_mid_request_fails_the_step_that_waited() {
    let steps = vec![Step::ExpectRequest, Step::send(OK_A), Step::ExpectRequest];
    let (addr, handle) = peer(steps, DEADLINE);
    let mut client = connect(addr);
    client
        .write_all(format!("{GET_A}GET /b HT").as_bytes())
        .expect("send one request and the start of another");
    client
        .shutdown(Shutdown::Write)
        .expect("half-close the client");
    read_all(&mut client);

    let err = finish(handle).expect_err("the second request never completes");
    assert_eq!(
        err,
        StepError::Closed {
            step: 2,
            got: b"GET /b HT".to_vec()
        },
        "step 2 (the second ExpectRequest) saw EOF after the 9 bytes 'GET /b HT'"
    );
    assert!(
        err.to_string().starts_with("step 2:"),
        "the message names the step: {err}"
    );
}

#[test]
fn a_silent_client_fails_at_the_deadline_not_later() {
    let (addr, handle) = peer(vec![Step::ExpectRequest], Duration::from_millis(200));
    let _client = connect(addr); // connected, and says nothing
    let start = Instant::now();
    let err = finish(handle).expect_err("no request arrives");
    assert_eq!(
        err,
        StepError::Timeout {
            step: 0,
            got: vec![]
        },
        "ExpectRequest at step 0 times out with nothing received"
    );
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "the 200 ms deadline ends the wait (took {:?})",
        start.elapsed()
    );
}

#[test]
fn a_partial_request_at_the_deadline_reports_what_arrived() {
    let (addr, handle) = peer(vec![Step::ExpectRequest], Duration::from_millis(200));
    let mut client = connect(addr);
    client
        .write_all(b"GET / HTTP/1.1\r\n")
        .expect("send half a head");
    let err = finish(handle).expect_err("the head never ends");
    assert_eq!(
        err,
        StepError::Timeout {
            step: 0,
            got: b"GET / HTTP/1.1\r\n".to_vec()
        },
        "the timeout carries the bytes of the unfinished request"
    );
}

#[test]
fn bytes_that_are_not_a_request_are_a_bad_request() {
    let (addr, handle) = peer(vec![Step::ExpectRequest], DEADLINE);
    let mut client = connect(addr);
    client
        .write_all(b"HELLO WORLD\0\r\n\r\n")
        .expect("send garbage");
    let err = finish(handle).expect_err("garbage is not a request");
    assert!(
        matches!(err, StepError::BadRequest { step: 0, .. }),
        "step 0 reports a BadRequest, got {err:?}"
    );
}

#[test]
fn half_close_sends_eof_but_the_peer_still_reads() {
    let close_delimited = "HTTP/1.1 200 OK\r\n\r\nthe body ends when the connection does";
    let steps = vec![
        Step::ExpectRequest,
        Step::send(close_delimited),
        Step::HalfClose,
        Step::ExpectRequest,
    ];
    let (addr, handle) = peer(steps, DEADLINE);
    let mut client = connect(addr);
    client
        .write_all(GET_A.as_bytes())
        .expect("send the request");
    let got = read_all(&mut client);
    let second = client.write_all(GET_B.as_bytes());

    let record = finish(handle).expect("the script runs to its end");
    assert_eq!(
        got, close_delimited,
        "after HalfClose the client reads the response up to EOF"
    );
    assert!(
        second.is_ok(),
        "after HalfClose the peer's reading side is still open, so the client can still send: {second:?}"
    );
    assert_eq!(
        record.requests.len(),
        2,
        "the request sent after the half-close was still read"
    );
}

#[test]
fn close_ends_the_script_and_later_steps_do_not_run() {
    let steps = vec![
        Step::ExpectRequest,
        Step::send(OK_A),
        Step::Close,
        Step::ExpectRequest,
    ];
    let (addr, handle) = peer(steps, DEADLINE);
    let mut client = connect(addr);
    client
        .write_all(GET_A.as_bytes())
        .expect("send the request");
    let got = read_all(&mut client);

    let record = finish(handle).expect("Close ends the script successfully");
    assert_eq!(got, OK_A, "the response, then EOF");
    assert_eq!(
        record.requests.len(),
        1,
        "the ExpectRequest after Close is never run"
    );
}

#[test]
fn a_pause_never_outlasts_the_deadline() {
    let (addr, handle) = peer(
        vec![Step::Pause(Duration::from_secs(30))],
        Duration::from_millis(100),
    );
    let _client = connect(addr);
    let start = Instant::now();
    let record = finish(handle).expect("a pause is not an error");
    assert!(record.requests.is_empty(), "nothing was expected");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "a 30 s pause is cut to the 100 ms that are left (took {:?})",
        start.elapsed()
    );
}

/// An IMF-fixdate (RFC 9110 §5.6.7) for `time`, e.g.
/// `Sun, 22 Nov 2026 01:24:00 GMT` – what a real server puts in `Date`.
fn http_date(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Days since 1970-01-01 to a civil date (the "days from civil" inverse).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{weekday}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        months[(month - 1) as usize],
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

#[test]
fn transcript_of_a_real_exchange_is_stable_once_normalised() {
    let now = SystemTime::now();
    let response = format!(
        "HTTP/1.1 200 OK\r\nDate: {}\r\nLast-Modified: {}\r\nETag: \"6-{:x}\"\r\n\
         Content-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n",
        http_date(now),
        http_date(now - Duration::from_secs(3600)),
        now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
    );
    let steps = vec![
        Step::ExpectRequest,
        Step::send_split(response.clone(), Plan::Every(16), Duration::from_millis(1)),
        Step::Close,
    ];
    let (addr, handle) = peer(steps, DEADLINE);
    let mut client = connect(addr);
    let request =
        format!("GET /hello.txt HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: lesson06\r\n\r\n");
    client
        .write_all(request.as_bytes())
        .expect("send the request");
    let got = read_all(&mut client);

    let record = finish(handle).expect("the script runs to its end");
    assert_eq!(got, response, "the whole response arrives");
    let raw = render(&record.transcript);
    assert!(
        raw.contains(&format!("127.0.0.1:{}", addr.port())),
        "before normalising, the transcript holds this run's port:\n{raw}"
    );
    insta::assert_snapshot!(
        "transcript_of_a_real_exchange",
        normalise(&raw, &Rules::ALL)
    );
}
