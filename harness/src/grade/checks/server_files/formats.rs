//! The small text formats the file-server checks judge: media types, field
//! lists, entity tags, HTTP dates and access-log lines.
//!
//! Each parser is strict about what the RFC (or nginx) says a sender must
//! produce and nothing more, and each is a plain function with tests, so a
//! failure report can say precisely which part of a value is wrong. Like
//! `transcript`, they are written by hand: each is short enough that a loop
//! says it more plainly than a regular expression.

/// The media type of a `Content-Type` value, without parameters, in lower
/// case (type and subtype are case-insensitive, RFC 9110 §8.3.1).
///
/// ```text
/// "Text/HTML; charset=utf-8"  →  "text/html"
/// ```
pub(crate) fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The elements of a comma-separated field value such as `Allow`
/// (RFC 9110 §5.6.1), trimmed, empty elements dropped.
pub(crate) fn list_elements(value: &str) -> Vec<&str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|element| !element.is_empty())
        .collect()
}

/// True when `value` is an entity-tag (RFC 9110 §8.8.3):
///
/// ```text
/// entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE
/// etagc      = %x21 / %x23-7E / obs-text
/// ```
pub(crate) fn is_entity_tag(value: &str) -> bool {
    let opaque = value.strip_prefix("W/").unwrap_or(value).as_bytes();
    opaque.len() >= 2
        && opaque[0] == b'"'
        && opaque[opaque.len() - 1] == b'"'
        && opaque[1..opaque.len() - 1]
            .iter()
            .all(|&b| b == 0x21 || (0x23..=0x7e).contains(&b) || b >= 0x80)
}

const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A moment to the second, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Moment {
    pub(crate) year: i64,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) hour: u32,
    pub(crate) minute: u32,
    pub(crate) second: u32,
}

impl Moment {
    /// Seconds since 1970-01-01 00:00:00 UTC.
    pub(crate) fn unix_seconds(self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + i64::from(self.hour * 3600 + self.minute * 60 + self.second)
    }

    /// The IMF-fixdate of `secs` seconds after the epoch, e.g.
    /// `Thu, 04 Mar 2021 05:06:07 GMT`.
    pub(crate) fn imf_fixdate(secs: i64) -> String {
        let days = secs.div_euclid(86_400);
        let of_day = secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        format!(
            "{}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
            DAY_NAMES[weekday(days)],
            MONTHS[month as usize - 1],
            of_day / 3600,
            of_day / 60 % 60,
            of_day % 60
        )
    }
}

/// Parses an IMF-fixdate, the one HTTP-date form a sender must generate
/// (RFC 9110 §5.6.7), including that the day name fits the date:
///
/// ```text
/// IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT
///             ; e.g. Sun, 06 Nov 1994 08:49:37 GMT
/// ```
///
/// # Errors
///
/// What is wrong with it, in words.
pub(crate) fn parse_imf_fixdate(value: &str) -> Result<Moment, String> {
    let bytes = value.as_bytes();
    if bytes.len() != 29 {
        return Err(format!(
            "an IMF-fixdate is 29 characters long, this is {}",
            bytes.len()
        ));
    }
    let shape = b"Ddd, 00 Mmm 0000 00:00:00 GMT";
    for (at, (&want, &got)) in shape.iter().zip(bytes).enumerate() {
        let fits = match want {
            b'0' => got.is_ascii_digit(),
            b'D' | b'd' | b'M' | b'm' => got.is_ascii_alphabetic(),
            _ => got == want,
        };
        if !fits {
            return Err(format!(
                "character {} should fit the shape \"Sun, 06 Nov 1994 08:49:37 GMT\"",
                at + 1
            ));
        }
    }
    let number = |range: std::ops::Range<usize>| -> u32 {
        value[range]
            .bytes()
            .fold(0, |n, digit| n * 10 + u32::from(digit - b'0'))
    };
    let month = MONTHS
        .iter()
        .position(|&m| m == &value[8..11])
        .ok_or_else(|| format!("{:?} is not a month name (Jan … Dec)", &value[8..11]))?;
    let moment = Moment {
        year: i64::from(number(12..16)),
        month: month as u32 + 1,
        day: number(5..7),
        hour: number(17..19),
        minute: number(20..22),
        second: number(23..25),
    };
    let days_in_month = days_from_civil(
        moment.year + i64::from(moment.month == 12),
        moment.month % 12 + 1,
        1,
    ) - days_from_civil(moment.year, moment.month, 1);
    if moment.day == 0 || i64::from(moment.day) > days_in_month {
        return Err(format!(
            "day {} does not exist in {}",
            moment.day,
            &value[8..16]
        ));
    }
    if moment.hour > 23 || moment.minute > 59 || moment.second > 60 {
        return Err(format!("{} is not a time of day", &value[17..25]));
    }
    let expected = DAY_NAMES[weekday(days_from_civil(moment.year, moment.month, moment.day))];
    if &value[..3] != expected {
        return Err(format!(
            "{} was a {expected}, not a {:?}",
            &value[5..16],
            &value[..3]
        ));
    }
    Ok(moment)
}

/// Days from 1970-01-01 to the given date (proleptic Gregorian), after
/// Howard Hinnant's `days_from_civil`.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// 0 for Monday … 6 for Sunday, from days since 1970-01-01 (a Thursday).
fn weekday(days: i64) -> usize {
    (days + 3).rem_euclid(7) as usize
}

/// One access-log line in nginx's "combined" format:
///
/// ```text
/// 127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0"
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LogLine {
    /// The client's address.
    pub(crate) remote: String,
    /// The bracketed time, without the brackets.
    pub(crate) time: String,
    /// The request line, as logged (escapes left as they are).
    pub(crate) request: String,
    /// The status code.
    pub(crate) status: u16,
    /// Body bytes sent, or `None` for `-`.
    pub(crate) bytes: Option<u64>,
    /// The `Referer` field (`-` when absent).
    pub(crate) referer: String,
    /// The `User-Agent` field (`-` when absent).
    pub(crate) user_agent: String,
}

/// Parses one combined-format line.
///
/// # Errors
///
/// The first part that does not fit, in words.
pub(crate) fn parse_combined(line: &str) -> Result<LogLine, String> {
    let mut rest = line;
    let remote = word(&mut rest).ok_or("it does not start with the client address")?;
    if remote.parse::<std::net::IpAddr>().is_err() {
        return Err(format!("{remote:?} is not an IP address"));
    }
    for what in ["identity", "user"] {
        if word(&mut rest) != Some("-") {
            return Err(format!("the {what} field after the address should be `-`"));
        }
    }
    let time = rest
        .strip_prefix('[')
        .and_then(|after| after.split_once("] "))
        .ok_or("the time should follow in [brackets]")?;
    check_log_time(time.0)?;
    rest = time.1;
    let request = quoted(&mut rest).ok_or("the request line should follow in \"quotes\"")?;
    let status = word(&mut rest)
        .filter(|s| s.len() == 3)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or("a three-digit status should follow the request line")?;
    let bytes = match word(&mut rest) {
        Some("-") => None,
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            Some(n.parse::<u64>().map_err(|e| e.to_string())?)
        }
        _ => return Err("the body size (a number or `-`) should follow the status".into()),
    };
    let referer = quoted(&mut rest).ok_or("the referer should follow in \"quotes\"")?;
    let user_agent = quoted(&mut rest).ok_or("the user agent should follow in \"quotes\"")?;
    if !rest.trim_end().is_empty() {
        return Err(format!(
            "nothing should follow the user agent, found {rest:?}"
        ));
    }
    Ok(LogLine {
        remote: remote.into(),
        time: time.0.into(),
        request,
        status,
        bytes,
        referer,
        user_agent,
    })
}

/// The next space-ended word of `rest` (the space is consumed).
fn word<'a>(rest: &mut &'a str) -> Option<&'a str> {
    let (word, after) = rest.split_once(' ').unwrap_or((rest, ""));
    *rest = after;
    (!word.is_empty()).then_some(word)
}

/// The next `"quoted"` field of `rest`, with `\"` and `\\` inside it; the
/// space after it is consumed.
fn quoted(rest: &mut &str) -> Option<String> {
    let inner = rest.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = inner.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?.1),
            '"' => {
                let after = &inner[at + 1..];
                *rest = after.strip_prefix(' ').unwrap_or(after);
                return Some(out);
            }
            _ => out.push(c),
        }
    }
    None
}

/// nginx's `$time_local`: `22/Nov/2026:10:00:00 +0000`.
fn check_log_time(time: &str) -> Result<(), String> {
    let shape = b"00/Mmm/0000:00:00:00 +0000";
    let fits = time.len() == shape.len()
        && shape
            .iter()
            .zip(time.bytes())
            .all(|(&want, got)| match want {
                b'0' => got.is_ascii_digit(),
                b'M' | b'm' => got.is_ascii_alphabetic(),
                b'+' => got == b'+' || got == b'-',
                _ => got == want,
            })
        && MONTHS.contains(&&time[3..6]);
    if fits {
        Ok(())
    } else {
        Err(format!(
            "the time [{time}] should look like [22/Nov/2026:10:00:00 +0000]"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_lose_parameters_and_case() {
        assert_eq!(media_type("Text/HTML; charset=utf-8"), "text/html");
        assert_eq!(media_type(" image/png "), "image/png");
        assert_eq!(media_type(""), "");
    }

    #[test]
    fn list_elements_are_trimmed() {
        assert_eq!(list_elements("GET, HEAD,PUT ,, "), ["GET", "HEAD", "PUT"]);
        assert!(list_elements("").is_empty());
    }

    #[test]
    fn entity_tags() {
        for good in ["\"abc\"", "W/\"x-1\"", "\"\""] {
            assert!(is_entity_tag(good), "{good}");
        }
        for bad in ["abc", "\"a b\"", "\"a\"b\"", "W/abc", "\"", "w/\"a\""] {
            assert!(!is_entity_tag(bad), "{bad}");
        }
    }

    #[test]
    fn imf_fixdates_round_trip() {
        let moment = parse_imf_fixdate("Sun, 06 Nov 1994 08:49:37 GMT").expect("valid");
        assert_eq!(
            (moment.year, moment.month, moment.day),
            (1994, 11, 6),
            "{moment:?}"
        );
        assert_eq!(moment.unix_seconds(), 784_111_777);
        assert_eq!(
            Moment::imf_fixdate(784_111_777),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
        assert_eq!(Moment::imf_fixdate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(
            Moment::imf_fixdate(1_614_834_367),
            "Thu, 04 Mar 2021 05:06:07 GMT"
        );
        assert!(parse_imf_fixdate("Mon, 29 Feb 2016 00:00:00 GMT").is_ok());
    }

    #[test]
    fn imf_fixdates_refuse_other_shapes() {
        for (bad, why) in [
            ("Sunday, 06-Nov-94 08:49:37 GMT", "29 characters"),
            ("Sun Nov  6 08:49:37 1994", "29 characters"),
            ("Sun, 06 Nov 1994 08:49:37 UTC", "shape"),
            ("Sun, 6 Nov 1994 08:49:37 GMT ", "shape"),
            ("Sun, 06 Now 1994 08:49:37 GMT", "month"),
            ("Mon, 06 Nov 1994 08:49:37 GMT", "was a Sun"),
            ("Tue, 29 Feb 2022 00:00:00 GMT", "does not exist"),
            ("Sun, 06 Nov 1994 24:00:00 GMT", "time of day"),
        ] {
            let error = parse_imf_fixdate(bad).expect_err(bad);
            assert!(error.contains(why), "{bad}: {error}");
        }
    }

    #[test]
    fn combined_log_lines() {
        let line = parse_combined(
            r#"127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 612 "-" "curl/8.5.0""#,
        )
        .expect("valid");
        assert_eq!(line.remote, "127.0.0.1");
        assert_eq!(line.time, "22/Nov/2026:10:00:00 +0000");
        assert_eq!(line.request, "GET /a HTTP/1.1");
        assert_eq!((line.status, line.bytes), (200, Some(612)));
        assert_eq!(
            (line.referer.as_str(), line.user_agent.as_str()),
            ("-", "curl/8.5.0")
        );
        let dash = parse_combined(
            r#"::1 - - [01/Jan/1970:00:00:00 -0130] "HEAD / HTTP/1.1" 304 - "http://x/" "a \"b\"""#,
        )
        .expect("valid");
        assert_eq!(dash.bytes, None);
        assert_eq!(dash.user_agent, "a \"b\"");
    }

    #[test]
    fn combined_log_lines_refuse_other_shapes() {
        for (bad, why) in [
            ("listening on http://127.0.0.1:1", "IP address"),
            (
                r#"127.0.0.1 [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-""#,
                "identity",
            ),
            (
                r#"127.0.0.1 - - [2026-11-22 10:00:00] "GET / HTTP/1.1" 200 1 "-" "-""#,
                "should look like",
            ),
            (
                r#"127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] GET / HTTP/1.1 200 1 "-" "-""#,
                "request line",
            ),
            (
                r#"127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" OK 1 "-" "-""#,
                "status",
            ),
            (
                r#"127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1"#,
                "referer",
            ),
            (
                r#"127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-""#,
                "user agent",
            ),
            (
                r#"127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-" 3ms"#,
                "nothing should follow",
            ),
        ] {
            let error = parse_combined(bad).expect_err(bad);
            assert!(error.contains(why), "{bad}: {error}");
        }
    }
}
