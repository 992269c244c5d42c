//! Shell words: command lines and bytes written so a person can paste them.
//!
//! Every repro is a few lines of POSIX shell. These helpers quote what
//! needs quoting, so that a repro with a header like `X-A: b` or a body with
//! `%` and `\r\n` in it does exactly what the grader did when pasted.

use std::process::Command;

/// Renders a command line as a user would type it (for repros), with the
/// program shown as `program` (the grader runs a copy of the student's
/// binary; the repro names the student's own).
pub fn show_command(program: &str, command: &Command) -> String {
    let mut words = vec![shell_word(program)];
    words.extend(command.get_args().map(|a| shell_word(&a.to_string_lossy())));
    words.join(" ")
}

/// Quotes `word` for a POSIX shell when it needs quoting.
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@,+%".contains(&b));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Writes `bytes` as a shell `printf` argument that reproduces them exactly
/// (`\r`, `\n`, `%`, quotes and non-printable bytes escaped), for repros.
pub fn printf_literal(bytes: &[u8]) -> String {
    let mut out = String::from("'");
    for &byte in bytes {
        match byte {
            b'\r' => out.push_str("\\r"),
            b'\n' => out.push_str("\\n"),
            b'\\' => out.push_str("\\\\"),
            b'%' => out.push_str("%%"),
            b'\'' => out.push_str("'\\''"),
            0x20..=0x7e => out.push(char::from(byte)),
            _ => out.push_str(&format!("\\{byte:03o}")),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("http://127.0.0.1:80/a"), "http://127.0.0.1:80/a");
        assert_eq!(shell_word("X-A: b"), "'X-A: b'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn printf_literals_survive_a_real_shell() {
        let bytes = b"GET / HTTP/1.1\r\nX: 100%\r\nQ: it's\\\x01\r\n\r\n";
        let output = std::process::Command::new("sh")
            .args(["-c", &format!("printf {}", printf_literal(bytes))])
            .output()
            .expect("sh runs");
        assert_eq!(output.stdout, bytes);
    }
}
