// The chunked transfer coding (RFC 9112 §7.1), decoded incrementally.
// Function under test: `ChunkedDecoder::decode`.

use lesson02::{ChunkedDecoder, ChunkedError, HeadError, Header, MAX_LINE_LEN};

/// `hello world` as three chunks (one with upper-case hex and leading zeros)
/// and no trailers, followed by the start of the next message.
const MESSAGE: &[u8] = b"5\r\nhello\r\n1\r\n \r\n005\r\nworld\r\n0\r\n\r\nGET /next";
/// Where the chunked body in `MESSAGE` ends.
const MESSAGE_BODY_END: usize = MESSAGE.len() - b"GET /next".len();

/// Feeds `input` in pieces of `piece` bytes, as a socket might deliver it,
/// stopping when the decoder is done. Returns the decoder, the body and the
/// number of input bytes used.
fn decode_in_pieces(
    input: &[u8],
    piece: usize,
    max_body: u64,
) -> Result<(ChunkedDecoder, Vec<u8>, usize), ChunkedError> {
    let mut decoder = ChunkedDecoder::new(max_body);
    let mut body = Vec::new();
    let mut used = 0;
    for chunk in input.chunks(piece) {
        let n = decoder.decode(chunk, &mut body)?;
        assert!(
            n <= chunk.len(),
            "decode cannot use more bytes than it was given"
        );
        used += n;
        if decoder.is_done() {
            break;
        }
        assert_eq!(
            n,
            chunk.len(),
            "until the body is done, decode must use every byte it is given \
             (keep a partial line inside the decoder)"
        );
    }
    Ok((decoder, body, used))
}

#[test]
fn whole_message_at_once() {
    let (decoder, body, used) = decode_in_pieces(MESSAGE, MESSAGE.len(), 1 << 20)
        .expect("a valid chunked body must decode");
    assert_eq!(
        body, b"hello world",
        "the chunks' data, joined, is the body"
    );
    assert!(
        decoder.is_done(),
        "after the last chunk and the final CRLF the body is done"
    );
    assert_eq!(
        used, MESSAGE_BODY_END,
        "decode stops right after the final CRLF; the bytes after it are the next message"
    );
    assert!(
        decoder.trailers().is_empty(),
        "this body has no trailer fields"
    );
}

#[test]
fn byte_at_a_time_gives_the_same_body() {
    let (decoder, body, used) = decode_in_pieces(MESSAGE, 1, 1 << 20)
        .expect("a valid chunked body must decode byte by byte");
    assert_eq!(
        body, b"hello world",
        "one byte per call must give the same body as one call with everything"
    );
    assert!(decoder.is_done(), "the body is done after its last byte");
    assert_eq!(
        used, MESSAGE_BODY_END,
        "exactly the chunked body is used, byte by byte too"
    );
}

#[test]
fn every_split_into_two_pieces_gives_the_same_body() {
    for split in 0..=MESSAGE.len() {
        let mut decoder = ChunkedDecoder::new(1 << 20);
        let mut body = Vec::new();
        let (first, second) = MESSAGE.split_at(split);
        let used_first = decoder
            .decode(first, &mut body)
            .expect("first piece is valid");
        let used_second = decoder
            .decode(second, &mut body)
            .expect("second piece is valid");
        assert_eq!(
            (body.as_slice(), used_first + used_second),
            (&b"hello world"[..], MESSAGE_BODY_END),
            "split after {split} bytes: expected the same body and the same number of bytes used"
        );
    }
}

#[test]
fn not_done_until_the_final_crlf() {
    let mut decoder = ChunkedDecoder::new(100);
    let mut body = Vec::new();
    decoder
        .decode(b"3\r\nabc\r\n0\r\n", &mut body)
        .expect("valid so far");
    assert!(
        !decoder.is_done(),
        "after the last chunk `0\\r\\n` come the trailers and a final CRLF: not done yet"
    );
    let used = decoder
        .decode(b"\r\n", &mut body)
        .expect("the final CRLF is valid");
    assert_eq!(used, 2, "the final CRLF is part of the chunked body");
    assert!(decoder.is_done(), "after the final CRLF the body is done");
    assert_eq!(
        decoder.decode(b"more", &mut body),
        Ok(0),
        "a finished decoder uses no more bytes: they belong to the next message"
    );
    assert_eq!(body, b"abc", "the body is the one chunk's data");
}

#[test]
fn chunk_extensions_are_ignored() {
    let input = b"5;name=value\r\nhello\r\n6 ; a=\"quoted;text\" ;b\r\n world\r\n0;last\r\n\r\n";
    let (decoder, body, used) =
        decode_in_pieces(input, input.len(), 100).expect("chunk extensions are valid");
    assert_eq!(
        body, b"hello world",
        "everything from `;` to the end of a size line is an extension and is ignored"
    );
    assert!(
        decoder.is_done(),
        "extensions on the last chunk are ignored too"
    );
    assert_eq!(used, input.len(), "the whole body is used");
}

#[test]
fn trailers_are_collected() {
    let input = b"4\r\ndata\r\n0\r\nExpires: never\r\nX-Checksum:  abc123 \r\n\r\nNEXT";
    let (decoder, body, used) =
        decode_in_pieces(input, 3, 100).expect("a body with trailers is valid");
    assert_eq!(body, b"data", "trailers are not part of the body");
    let trailers: Vec<_> = decoder.trailers().iter().cloned().collect();
    assert_eq!(
        trailers,
        [
            Header::new("Expires", "never"),
            Header::new("X-Checksum", "abc123")
        ],
        "the trailer fields after the last chunk are collected in order, values trimmed"
    );
    assert_eq!(
        used,
        input.len() - 4,
        "the body ends with the empty line after the trailers"
    );
}

#[test]
fn pipelined_bytes_after_the_last_chunk_are_not_consumed() {
    let input = b"2\r\nok\r\n0\r\n\r\nPOST /next HTTP/1.1\r\n";
    let mut decoder = ChunkedDecoder::new(100);
    let mut body = Vec::new();
    let used = decoder
        .decode(input, &mut body)
        .expect("a valid body followed by another request");
    assert_eq!(
        &input[used..],
        b"POST /next HTTP/1.1\r\n",
        "decode must stop right after the final CRLF and leave the next request to the caller"
    );
    assert_eq!(body, b"ok", "only the chunk data is body");
}

#[test]
fn invalid_hex_size_is_rejected() {
    for line in ["xyz", "", "-5", "0x5", "5x", "+5"] {
        let input = format!("{line}\r\nhello\r\n0\r\n\r\n");
        let mut decoder = ChunkedDecoder::new(100);
        assert_eq!(
            decoder.decode(input.as_bytes(), &mut Vec::new()),
            Err(ChunkedError::InvalidChunkSize(line.into())),
            "chunk size {line:?} is not hex digits followed by an optional `;` extension; \
             the error carries the size line"
        );
    }
}

#[test]
fn chunk_size_too_big_for_u64_is_rejected_without_overflow() {
    for size in ["ffffffffffffffffff", "10000000000000000"] {
        let input = format!("{size}\r\nhello\r\n");
        let mut decoder = ChunkedDecoder::new(u64::MAX);
        assert_eq!(
            decoder.decode(input.as_bytes(), &mut Vec::new()),
            Err(ChunkedError::ChunkSizeOverflow),
            "0x{size} does not fit in a u64: use checked arithmetic and report it (no panic, no wrap-around)"
        );
    }
    let mut decoder = ChunkedDecoder::new(u64::MAX);
    assert_eq!(
        decoder.decode(b"0000000000000000000000ffff\r\nab", &mut Vec::new()),
        Ok(30),
        "leading zeros do not make a size too big: 0x0…0ffff fits"
    );
}

#[test]
fn body_over_the_limit_is_rejected() {
    let mut decoder = ChunkedDecoder::new(10);
    let mut body = Vec::new();
    assert_eq!(
        decoder.decode(b"6\r\nhello \r\n", &mut body),
        Ok(11),
        "6 bytes are within the limit of 10"
    );
    assert_eq!(
        decoder.decode(b"5\r\n", &mut body),
        Err(ChunkedError::BodyTooLarge { limit: 10 }),
        "6 + 5 bytes exceed the limit of 10: reject as soon as the chunk size announces it, \
         before its data arrives"
    );
    let mut decoder = ChunkedDecoder::new(1 << 20);
    let answer = decoder.decode(b"fffffffffffffff\r\n", &mut Vec::new());
    assert_eq!(
        answer,
        Err(ChunkedError::BodyTooLarge { limit: 1 << 20 }),
        "a huge announced chunk is refused at once"
    );
    assert_eq!(
        answer.map_err(|error| error.status_code()),
        Err(413),
        "a server answers a body over its limit with 413"
    );
}

#[test]
fn missing_crlf_after_chunk_data_is_rejected() {
    let mut decoder = ChunkedDecoder::new(100);
    assert_eq!(
        decoder.decode(b"3\r\nabcdef\r\n", &mut Vec::new()),
        Err(ChunkedError::MissingCrlf),
        "after the 3 data bytes `abc` a CRLF must follow, not `d`: the size lied"
    );
    let mut decoder = ChunkedDecoder::new(100);
    assert_eq!(
        decoder.decode(b"3\r\nabc\rX", &mut Vec::new()),
        Err(ChunkedError::MissingCrlf),
        "a CR after the data must be followed by LF"
    );
}

#[test]
fn bare_lf_in_a_chunk_line_is_rejected() {
    let mut decoder = ChunkedDecoder::new(100);
    assert_eq!(
        decoder.decode(b"3\nabc\r\n0\r\n\r\n", &mut Vec::new()),
        Err(ChunkedError::MissingCrlf),
        "chunk-size lines end with CRLF; a bare LF is refused in chunked framing"
    );
    let mut decoder = ChunkedDecoder::new(100);
    assert_eq!(
        decoder.decode(b"3\r\nabc\n0\r\n\r\n", &mut Vec::new()),
        Err(ChunkedError::MissingCrlf),
        "the data must be followed by CRLF, not a bare LF"
    );
}

#[test]
fn endless_chunk_size_line_is_rejected() {
    let mut decoder = ChunkedDecoder::new(100);
    let mut line = b"5;".to_vec();
    line.resize(MAX_LINE_LEN + 1, b'x');
    let mut answer = Ok(0);
    for piece in line.chunks(100) {
        answer = decoder.decode(piece, &mut Vec::new());
        if answer.is_err() {
            break;
        }
    }
    assert_eq!(
        answer,
        Err(ChunkedError::LineTooLong),
        "a size line (with extensions) longer than MAX_LINE_LEN = {MAX_LINE_LEN} bytes is refused \
         before its end arrives, so a peer cannot make the decoder buffer without limit"
    );
}

#[test]
fn invalid_trailer_line_is_rejected() {
    let mut decoder = ChunkedDecoder::new(100);
    assert_eq!(
        decoder.decode(b"0\r\nExpires : never\r\n\r\n", &mut Vec::new()),
        Err(ChunkedError::InvalidTrailer(HeadError::SpaceBeforeColon)),
        "trailer lines are field lines with the same rules; the error carries the field-line error"
    );
    let mut decoder = ChunkedDecoder::new(100);
    assert_eq!(
        decoder.decode(b"0\r\nX: a\r\n folded\r\n\r\n", &mut Vec::new()),
        Err(ChunkedError::InvalidTrailer(HeadError::ObsFold)),
        "obs-fold is rejected in trailers too"
    );
}
