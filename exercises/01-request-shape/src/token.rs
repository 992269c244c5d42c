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
/// Return `true` when `s` is not empty and every character is an ASCII
/// letter, an ASCII digit or one of the fifteen symbols
/// `` !#$%&'*+-.^_`|~ ``; otherwise `false`.
///
/// ```text
/// "GET"             → true
/// "X-Custom_Header" → true
/// ""                → false
/// "Bad Name"        → false   (space)
/// "Host:"           → false   (colon)
/// "GÉT"             → false   (not ASCII)
/// ```
pub fn is_token(s: &str) -> bool {
    todo!("lesson 01: is_token({s:?})")
}
