// The per-connection state machine, one transition at a time and as whole
// traces (insta snapshots, one line per step:
// `state --event--> next [actions]`).
//
// Run them all with `cargo test -p lesson05`, one file with
// `cargo test -p lesson05 --test conn`.

use lesson05::{Action, ConnEvent, State, next, trace};

const WRITING_KEEP_ALIVE: State = State::Writing {
    keep_alive: true,
    watching_writable: false,
};

#[test]
fn a_head_without_body_goes_straight_to_writing_the_response() {
    let (state, actions) = next(
        State::ReadingHead,
        ConnEvent::HeadParsed {
            body_len: 0,
            keep_alive: true,
        },
    );
    assert_eq!(
        state, WRITING_KEEP_ALIVE,
        "no body to wait for: write the response, remember keep-alive, EPOLLOUT still off"
    );
    assert_eq!(actions, vec![Action::QueueResponse], "queue the response");
}

#[test]
fn a_head_with_a_body_waits_for_the_body_in_pieces() {
    let (state, actions) = next(
        State::ReadingHead,
        ConnEvent::HeadParsed {
            body_len: 10,
            keep_alive: false,
        },
    );
    assert_eq!(
        state,
        State::ReadingBody {
            remaining: 10,
            keep_alive: false
        },
        "10 body bytes are still to come"
    );
    assert!(
        actions.is_empty(),
        "nothing to do until the body is complete"
    );

    let (state, actions) = next(state, ConnEvent::BodyRead(4));
    assert_eq!(
        state,
        State::ReadingBody {
            remaining: 6,
            keep_alive: false
        },
        "4 of 10 arrived: 6 to go"
    );
    assert!(actions.is_empty(), "still waiting for the body");

    let (state, actions) = next(state, ConnEvent::BodyRead(6));
    assert_eq!(
        state,
        State::Writing {
            keep_alive: false,
            watching_writable: false
        },
        "the body is complete: write the response"
    );
    assert_eq!(actions, vec![Action::QueueResponse], "queue the response");
}

#[test]
fn a_blocked_write_turns_writable_interest_on_only_once() {
    let (state, actions) = next(WRITING_KEEP_ALIVE, ConnEvent::WriteBlocked);
    assert_eq!(
        state,
        State::Writing {
            keep_alive: true,
            watching_writable: true
        },
        "the state remembers that EPOLLOUT is on"
    );
    assert_eq!(actions, vec![Action::WatchWritable], "turn EPOLLOUT on");

    let (again, actions) = next(state, ConnEvent::WriteBlocked);
    assert_eq!(again, state, "blocked again: still writing, still watching");
    assert!(
        actions.is_empty(),
        "EPOLLOUT is already on: no second epoll_ctl call"
    );
}

#[test]
fn a_finished_keep_alive_response_goes_back_to_reading_the_next_head() {
    let watching = State::Writing {
        keep_alive: true,
        watching_writable: true,
    };
    let (state, actions) = next(watching, ConnEvent::WriteDone);
    assert_eq!(
        state,
        State::ReadingHead,
        "keep-alive: wait for the next request"
    );
    assert_eq!(
        actions,
        vec![Action::UnwatchWritable, Action::ParseBuffered],
        "turn EPOLLOUT off (else a busy loop), then look for a pipelined request already buffered"
    );

    let (state, actions) = next(WRITING_KEEP_ALIVE, ConnEvent::WriteDone);
    assert_eq!(
        state,
        State::ReadingHead,
        "keep-alive: wait for the next request"
    );
    assert_eq!(
        actions,
        vec![Action::ParseBuffered],
        "EPOLLOUT was never turned on, so there is nothing to turn off"
    );
}

#[test]
fn a_finished_response_without_keep_alive_closes() {
    let (state, actions) = next(
        State::Writing {
            keep_alive: false,
            watching_writable: true,
        },
        ConnEvent::WriteDone,
    );
    assert_eq!(
        state,
        State::Closed,
        "Connection: close – done after the response"
    );
    assert_eq!(
        actions,
        vec![Action::Close],
        "just close; closing the socket also takes it off the interest list"
    );
}

#[test]
fn the_peer_closing_between_requests_closes_the_connection() {
    let (state, actions) = next(State::ReadingHead, ConnEvent::PeerClosed);
    assert_eq!(
        state,
        State::Closed,
        "EOF while waiting for a head: the client is done"
    );
    assert_eq!(actions, vec![Action::Close], "close our side too");
}

#[test]
fn the_peer_half_closing_while_we_write_lets_the_response_finish() {
    let (state, actions) = next(WRITING_KEEP_ALIVE, ConnEvent::PeerClosed);
    assert_eq!(
        state,
        State::Writing {
            keep_alive: false,
            watching_writable: false
        },
        "the peer can still read: keep writing, but do not wait for another request"
    );
    assert!(actions.is_empty(), "nothing to do right now");
}

#[test]
fn a_bad_request_gets_a_400_and_then_the_connection_closes() {
    let (state, actions) = next(State::ReadingHead, ConnEvent::BadRequest);
    assert_eq!(
        state,
        State::Writing {
            keep_alive: false,
            watching_writable: false
        },
        "write the error response, then close: the byte stream cannot be trusted"
    );
    assert_eq!(actions, vec![Action::QueueBadRequest], "queue a 400");
}

#[test]
fn an_io_error_closes_from_any_state_and_closed_ignores_everything() {
    for state in [
        State::ReadingHead,
        State::ReadingBody {
            remaining: 3,
            keep_alive: true,
        },
        WRITING_KEEP_ALIVE,
    ] {
        assert_eq!(
            next(state, ConnEvent::IoError),
            (State::Closed, vec![Action::Close]),
            "an I/O error in {state:?} closes the connection"
        );
    }
    assert_eq!(
        next(State::Closed, ConnEvent::WriteDone),
        (State::Closed, vec![]),
        "a closed connection stays closed and does nothing"
    );
}

#[test]
fn trace_of_a_keep_alive_connection_with_a_slow_write() {
    use ConnEvent::*;
    let events = [
        HeadParsed {
            body_len: 0,
            keep_alive: true,
        },
        WriteBlocked,
        WriteBlocked,
        WriteDone,
        HeadParsed {
            body_len: 5,
            keep_alive: false,
        },
        BodyRead(2),
        BodyRead(3),
        WriteDone,
    ];
    insta::assert_snapshot!(
        "conn_trace_keep_alive_slow_write",
        trace(State::ReadingHead, &events)
    );
}

#[test]
fn trace_of_pipelined_requests_and_a_half_close() {
    use ConnEvent::*;
    // The client sent two requests in one packet and then shut down its
    // writing side: the second head is parsed from the buffer right after
    // the first response, and EOF arrives while the second is being written.
    let events = [
        HeadParsed {
            body_len: 0,
            keep_alive: true,
        },
        WriteDone,
        HeadParsed {
            body_len: 0,
            keep_alive: true,
        },
        PeerClosed,
        WriteBlocked,
        WriteDone,
        PeerClosed,
    ];
    insta::assert_snapshot!(
        "conn_trace_pipelined_then_half_close",
        trace(State::ReadingHead, &events)
    );
}
