//! Does the connection stay open after this message? RFC 9112 §9.3.
//!
//! HTTP/1.1 made persistent connections the default; HTTP/1.0 had them only
//! as an extension, switched on by `Connection: keep-alive`. RFC 9112 §9.3
//! puts the rule in three lines, checked in this order:
//!
//! ```text
//!  "close" among the Connection options? ──yes──► not persistent
//!        │ no
//!  HTTP/1.1 or later? ─────────────────────yes──► persistent
//!        │ no (HTTP/1.0)
//!  "keep-alive" among the Connection options? ─yes► persistent
//!        │ no
//!  not persistent
//! ```
//!
//! `Connection` is a list (RFC 9110 §7.6.1): `Connection: keep-alive, Upgrade`
//! carries two options, and a message may carry several `Connection` lines,
//! which mean the same as one line with all their values joined by commas
//! (RFC 9110 §5.3). Options are case-insensitive tokens, so `Close` and
//! `CLOSE` both count, while `closed` or `x-close` are different options.
//!
//! A connection persists after an exchange only when *both* the request and
//! the response allow it: either side sending `close` ends it (RFC 9112
//! §9.6). Call [`keeps_alive`] once for each and combine the answers with `&&`.

/// Whether the connection persists after one message, from that message's
/// HTTP minor version (`0` for HTTP/1.0, `1` for HTTP/1.1) and the values of
/// all its `Connection` field lines, in order (RFC 9112 §9.3).
///
/// # Returns
///
/// - `false` when any comma-separated element of any value is `close`
///   (ignoring ASCII case and surrounding spaces and tabs);
/// - otherwise `true` for HTTP/1.1 and later minor versions (RFC 9110 §6.2:
///   a later 1.x is handled as 1.1);
/// - otherwise (HTTP/1.0) `true` only when an element is `keep-alive`.
///
/// ```
/// use lesson03_solution::keeps_alive;
///
/// assert!(keeps_alive(1, &[]));
/// assert!(!keeps_alive(1, &["Upgrade, CLOSE"]));
/// assert!(!keeps_alive(0, &[]));
/// assert!(keeps_alive(0, &["Keep-Alive"]));
/// assert!(!keeps_alive(0, &["keep-alive", "close"]));
/// ```
pub fn keeps_alive(version_minor: u8, connection_values: &[&str]) -> bool {
    // Every option of every Connection line, as one list (RFC 9110 §5.3,
    // §5.6.1): split on commas, trim optional whitespace, skip empty elements.
    let options = || {
        connection_values
            .iter()
            .flat_map(|value| value.split(','))
            .map(|option| option.trim_matches([' ', '\t']))
            .filter(|option| !option.is_empty())
    };
    let has = |wanted: &str| options().any(|option| option.eq_ignore_ascii_case(wanted));

    if has("close") {
        false
    } else if version_minor >= 1 {
        true
    } else {
        has("keep-alive")
    }
}
