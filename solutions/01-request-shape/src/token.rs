//! The `token` grammar: what a method or a header name may be made of.
//!
//! RFC 9110 §5.6.2:
//!
//! ```text
//! token = 1*tchar
//! tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*"
//!       / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
//!       / DIGIT / ALPHA
//! ```
//!
//! In words: at least one character, each a letter, a digit or one of the
//! fifteen symbols above. Everything else is a *delimiter* – space, tab,
//! `( ) , / : ; < = > ? @ [ \ ] { } "` – or not allowed at all (control
//! characters, DEL, anything outside ASCII). Because of that, a parser can
//! find where a method ends or where a header name ends without guessing.

/// `true` when `s` is an RFC 9110 §5.6.2 token: one or more `tchar`s.
///
/// # Examples
///
/// ```
/// use lesson01_solution::is_token;
///
/// assert!(is_token("GET"));
/// assert!(is_token("X-Custom_Header.v2"));
/// assert!(!is_token(""));
/// assert!(!is_token("Bad Name"));
/// assert!(!is_token("Host:"));
/// ```
pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

/// One `tchar`. Working on bytes is safe here: every byte of a non-ASCII
/// character is ≥ 0x80, and none of those is a `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
