//! Timestamps: PyYAML's timestamp resolver and the checks `datetime` makes when it builds one.

use super::numbers::Cursor;

/// The parts of a timestamp, as PyYAML's constructor regex captures them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(super) year: u32,
    pub(super) month: u32,
    pub(super) day: u32,
    /// Month and day written with two digits each (what the implicit resolver needs for a date).
    pub(super) long_date: bool,
    pub(super) time: Option<StampTime>,
}

/// The time part of a timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct StampTime {
    pub(super) hour: u32,
    pub(super) minute: u32,
    pub(super) second: u32,
    pub(super) micro: u32,
    /// UTC offset in minutes; `None` for a naive time.
    pub(super) offset: Option<i64>,
}

/// Reads `min..=max` ASCII digits: their value and how many there were.
pub(super) fn digits(c: &mut Cursor, min: usize, max: usize) -> Option<(u32, usize)> {
    let start = c.at;
    let mut value = 0;
    while c.at - start < max {
        let Some(d) = c.peek().filter(u8::is_ascii_digit) else { break };
        value = value * 10 + u32::from(d - b'0');
        c.at += 1;
    }
    let len = c.at - start;
    (len >= min).then_some((value, len))
}

/// PyYAML's timestamp constructor regex (a superset of its resolver regex).
pub(crate) fn parse_stamp(text: &str) -> Option<Stamp> {
    let mut c = Cursor::new(text.as_bytes());
    let (year, _) = digits(&mut c, 4, 4)?;
    let (month, month_len) = dash_then(&mut c, 1, 2)?;
    let (day, day_len) = dash_then(&mut c, 1, 2)?;
    let long_date = month_len == 2 && day_len == 2;
    if c.done() {
        return Some(Stamp { year, month, day, long_date, time: None });
    }
    let time = parse_stamp_time(&mut c)?;
    c.done().then_some(Stamp { year, month, day, long_date, time: Some(time) })
}

/// `-` followed by `min..=max` digits.
pub(super) fn dash_then(c: &mut Cursor, min: usize, max: usize) -> Option<(u32, usize)> {
    c.eat_byte(b'-').then(|| digits(c, min, max)).flatten()
}

/// `(?:[Tt]|[ \t]+)hh?:mm:ss(?:\.f*)?(?:[ \t]*(?:Z|[-+]hh?(?::mm)?))?`
pub(super) fn parse_stamp_time(c: &mut Cursor) -> Option<StampTime> {
    if !c.eat(|b| b == b'T' || b == b't') && c.eat_while(|b| b == b' ' || b == b'\t') == 0 {
        return None;
    }
    let (hour, _) = digits(c, 1, 2)?;
    let minute = c.eat_byte(b':').then(|| digits(c, 2, 2)).flatten()?.0;
    let second = c.eat_byte(b':').then(|| digits(c, 2, 2)).flatten()?.0;
    let mut micro = 0;
    if c.eat_byte(b'.') {
        let start = c.at;
        c.eat_while(|b| b.is_ascii_digit());
        // Python keeps the first six digits, padded with zeros.
        let fraction = c.bytes.get(start..c.at)?;
        for i in 0..6 {
            micro = micro * 10 + fraction.get(i).map_or(0, |d| u32::from(d - b'0'));
        }
    }
    c.eat_while(|b| b == b' ' || b == b'\t');
    let offset = if c.eat_byte(b'Z') {
        Some(0)
    } else if let Some(sign) = c.peek().filter(|b| *b == b'-' || *b == b'+') {
        c.at += 1;
        let (h, _) = digits(c, 1, 2)?;
        let m = if c.eat_byte(b':') { digits(c, 2, 2)?.0 } else { 0 };
        let minutes = i64::from(h) * 60 + i64::from(m);
        Some(if sign == b'-' { -minutes } else { minutes })
    } else {
        None
    };
    Some(StampTime { hour, minute, second, micro, offset })
}

pub(super) fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `SafeConstructor.construct_yaml_timestamp`: the error is the Python exception text.
pub(super) fn check_timestamp(raw: &str) -> Result<(), String> {
    let text = raw.strip_suffix('\n').unwrap_or(raw);
    let Some(stamp) = parse_stamp(text) else {
        return Err("AttributeError: 'NoneType' object has no attribute 'groupdict'".into());
    };
    // PyYAML builds the timezone before the datetime, so a bad offset is reported first.
    if let Some(offset) = stamp.time.and_then(|t| t.offset)
        && offset.abs() >= 24 * 60
    {
        return Err(format!(
            "ValueError: offset must be a timedelta strictly between -timedelta(hours=24) and \
             timedelta(hours=24), not {}.",
            timedelta_repr(offset * 60)
        ));
    }
    check_date(stamp.year, stamp.month, stamp.day)?;
    match stamp.time {
        Some(t) if t.hour > 23 => Err("ValueError: hour must be in 0..23".into()),
        Some(t) if t.minute > 59 => Err("ValueError: minute must be in 0..59".into()),
        Some(t) if t.second > 59 => Err("ValueError: second must be in 0..59".into()),
        _ => Ok(()),
    }
}

/// Python's `datetime.date(year, month, day)` checks.
pub(super) fn check_date(year: u32, month: u32, day: u32) -> Result<(), String> {
    if !(1..=9999).contains(&year) {
        return Err(format!("ValueError: year {year} is out of range"));
    }
    if !(1..=12).contains(&month) {
        return Err("ValueError: month must be in 1..12".into());
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err("ValueError: day is out of range for month".into());
    }
    Ok(())
}

/// Python's `repr(timedelta(seconds=...))`.
pub(super) fn timedelta_repr(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    match (days, rest) {
        (0, 0) => "datetime.timedelta(0)".into(),
        (0, s) => format!("datetime.timedelta(seconds={s})"),
        (d, 0) => format!("datetime.timedelta(days={d})"),
        (d, s) => format!("datetime.timedelta(days={d}, seconds={s})"),
    }
}

/// Days from 1970-01-01 to a civil date (proleptic Gregorian).
pub(super) fn days_from_civil(year: u32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
