//! Dates on the wire and in the log, from `SystemTime`, without a date crate.
//!
//! HTTP has one date format to send, the IMF-fixdate of RFC 9110 §5.6.7:
//! `Sun, 06 Nov 1994 08:49:37 GMT` – always GMT, always English names, fixed
//! width. It appears in `Date` (§6.6.1), `Last-Modified` (§8.8.2) and
//! `If-Modified-Since` (§13.1.3). The access log uses nginx's `$time_local`
//! shape instead: `06/Nov/1994:08:49:37 +0000`.
//!
//! Both come from the same calendar conversion: whole seconds since the Unix
//! epoch → days and seconds of the day → (year, month, day) with Howard
//! Hinnant's `civil_from_days` algorithm (proleptic Gregorian calendar, exact
//! for every day after 1970).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A moment broken into calendar fields (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u64,
    minute: u64,
    second: u64,
    weekday: usize,
}

/// Whole seconds since the epoch; moments before 1970 count as the epoch.
pub fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn civil(secs: u64) -> Civil {
    let days = (secs / 86_400) as i64;
    let of_day = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: of_day / 3600,
        minute: of_day / 60 % 60,
        second: of_day % 60,
        weekday: (days % 7) as usize, // 1970-01-01 was a Thursday
    }
}

/// Days since 1970-01-01 → (year, month 1–12, day 1–31).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // 0..=365
    let mp = (5 * doy + 2) / 153; // March-based month, 0..=11
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The inverse: (year, month, day) → days since 1970-01-01.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110 §5.6.7).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// let t = UNIX_EPOCH + Duration::from_secs(784_111_777);
/// assert_eq!(quest::time::http_date(t), "Sun, 06 Nov 1994 08:49:37 GMT");
/// ```
pub fn http_date(time: SystemTime) -> String {
    let c = civil(unix_seconds(time));
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[c.weekday],
        c.day,
        MONTHS[c.month as usize - 1],
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

/// `06/Nov/1994:08:49:37 +0000`, the time field of the combined log format.
pub fn log_date(time: SystemTime) -> String {
    let c = civil(unix_seconds(time));
    format!(
        "{:02}/{}/{}:{:02}:{:02}:{:02} +0000",
        c.day,
        MONTHS[c.month as usize - 1],
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

/// Parses an IMF-fixdate. The two obsolete formats of RFC 9110 §5.6.7
/// (RFC 850 and asctime) are not accepted: a date that does not parse makes
/// a server ignore `If-Modified-Since`, which is what the RFC asks for an
/// invalid date (§13.1.3) – the client then simply gets a full 200.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use quest::time::parse_http_date;
/// assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
///            Some(UNIX_EPOCH + Duration::from_secs(784_111_777)));
/// assert_eq!(parse_http_date("yesterday"), None);
/// ```
pub fn parse_http_date(text: &str) -> Option<SystemTime> {
    let rest = text.trim().get(5..)?; // skip "Sun, "
    let mut parts = rest.split(' ');
    let day: u32 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as u32 + 1;
    let year: i64 = parts.next()?.parse().ok()?;
    let clock: Vec<u64> = parts
        .next()?
        .split(':')
        .map(|n| n.parse().ok())
        .collect::<Option<_>>()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    let &[hour, minute, second] = clock.as_slice() else {
        return None;
    };
    if !(1..=31).contains(&day) || year < 1970 || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = u64::try_from(days_from_civil(year, month, day)).ok()?;
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second;
    Some(UNIX_EPOCH + Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_leap_day() {
        assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(http_date(leap), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(log_date(leap), "29/Feb/2000:00:00:00 +0000");
    }

    #[test]
    fn round_trip() {
        for secs in [0, 86_399, 951_782_400, 1_795_000_000, 4_102_444_800] {
            let t = UNIX_EPOCH + Duration::from_secs(secs);
            assert_eq!(parse_http_date(&http_date(t)), Some(t), "{secs}");
        }
    }

    #[test]
    fn rejects_other_shapes() {
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 CET"), None);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49 GMT"), None);
    }
}
