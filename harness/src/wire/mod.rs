//! Talking HTTP/1.1 over real sockets: the grader's two instruments.
//!
//! The grader judges `quest serve` by playing its client, and `quest get`
//! by playing its server. Both instruments work at the level of bytes, so a
//! check can send exactly what it means to test (a request cut into single
//! bytes, a response that stops halfway) and see exactly what came back:
//!
//! ```text
//!   grade/checks ──► client ──┐            ┌── peer ◄── grade/checks
//!   (server side)             ├─► http ◄───┤            (client side)
//!                             ├─► socket ◄─┤
//!                             └─► pieces ◄─┘
//!                                 preview  (every message quotes bytes)
//! ```
//!
//! | module | job |
//! |---|---|
//! | [`client`] | a raw HTTP/1.1 client that plays the client against `quest serve` |
//! | [`peer`] | a scripted TCP server that plays the server for `quest get` |
//! | [`http`] | where a message's head and body end (RFC 9112), shared by both |
//! | [`socket`] | reading and writing a socket by a deadline, shared by both |
//! | [`pieces`] | cutting a message into planned pieces on the wire |
//! | [`preview`] | bytes a person can read, for failure messages |

pub mod client;
pub mod http;
pub mod peer;
pub mod pieces;
pub mod preview;
pub mod socket;
