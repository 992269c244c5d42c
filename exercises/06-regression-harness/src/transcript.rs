//! Transcripts: what went over a connection, in order, as readable text.
//!
//! A failing network test is only as useful as what it shows you. "The
//! response differed" is useless; the exact bytes each way are what you
//! need – including the ones a terminal hides: is that line ending `\r\n`
//! or a bare `\n`? Is there a stray NUL? [`render`] prints a [`Transcript`]
//! the way `curl -v` does (`>` for bytes going to the server, `<` for bytes
//! coming back) with every control byte written out, one line of the
//! message per line of text. That text is what the snapshot tests store.
//!
//! One rule keeps the rendering stable: *adjacent events in the same
//! direction are joined* before rendering. The receiving side of TCP sees
//! pieces that depend on timing; if those boundaries showed up in the text,
//! the same exchange would render differently from run to run.

/// Which way bytes went, seen from the connection, not from whoever records
/// it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// From the client to the server (a request). Rendered as `> `.
    ToServer,
    /// From the server to the client (a response). Rendered as `< `.
    ToClient,
}

/// One recorded piece of traffic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Which way the bytes went.
    pub dir: Dir,
    /// The bytes, exactly as written or read.
    pub bytes: Vec<u8>,
}

/// Everything that went over one connection, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transcript {
    /// The events, oldest first.
    pub events: Vec<Event>,
}

impl Transcript {
    /// An empty transcript.
    pub fn new() -> Transcript {
        Transcript::default()
    }

    /// Records bytes that went from the client to the server.
    pub fn to_server(&mut self, bytes: &[u8]) {
        self.events.push(Event {
            dir: Dir::ToServer,
            bytes: bytes.to_vec(),
        });
    }

    /// Records bytes that went from the server to the client.
    pub fn to_client(&mut self, bytes: &[u8]) {
        self.events.push(Event {
            dir: Dir::ToClient,
            bytes: bytes.to_vec(),
        });
    }
}

/// Renders a transcript as text, one line of the conversation per line.
///
/// 1. Adjacent events with the same [`Dir`] are joined into one.
/// 2. Each joined event is cut after every `\n` byte; each part becomes one
///    output line, prefixed with `> ` ([`Dir::ToServer`]) or `< `
///    ([`Dir::ToClient`]) and ended with a real newline. A last part that
///    does not end in `\n` still gets its own line; empty events give no
///    lines.
/// 3. Bytes are written so that every one of them is visible:
///    `\r` → `\r`, `\n` → `\n`, tab → `\t`, a backslash → `\\`, printable
///    ASCII (space to `~`) as itself, every other byte as `\xNN` with two
///    lowercase hex digits.
///
/// ```text
/// to_server(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"), to_client(b"HTTP/1.1 204 No Content\r\n\r\n")
///   → > GET / HTTP/1.1\r\n
///     > Host: a\r\n
///     > \r\n
///     < HTTP/1.1 204 No Content\r\n
///     < \r\n
///   (each line ends with a real newline; the \r\n are written out)
/// to_client(b"a\tb\\c\x00\xff")   → < a\tb\\c\x00\xff
/// to_server(b"GE"), to_server(b"T /\n")  → > GET /\n        (joined first)
/// to_client(b"hello")             → < hello              (no \n: still one line)
/// ```
pub fn render(transcript: &Transcript) -> String {
    todo!("lesson 06: render({transcript:?})")
}
