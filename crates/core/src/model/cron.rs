//! Cron expressions as dstack 0.22.5 checks them (`CronTrigger.from_crontab` of APScheduler 3):
//! five fields, each a comma-separated list of `*`, `*/step`, `N`, `N-M`, `N-M/step`, and names
//! for months and weekdays.

use crate::python::repr_str;
use crate::yaml::lower::Lower;

/// Field names, minimum and maximum values, in crontab order.
const FIELDS: [(&str, u32, u32); 5] =
    [("minute", 0, 59), ("hour", 0, 23), ("day", 1, 31), ("month", 1, 12), ("day_of_week", 0, 6)];

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// APScheduler's error for `expr`, or `None` when it is a valid crontab expression.
pub fn cron_error(expr: &str) -> Option<String> {
    let values: Vec<&str> = expr.split_whitespace().collect();
    if values.len() != 5 {
        return Some(format!("Wrong number of fields; got {}, expected 5", values.len()));
    }
    values.iter().zip(FIELDS).find_map(|(value, field)| field_error(value, field))
}

fn field_error(value: &str, (name, min, max): (&str, u32, u32)) -> Option<String> {
    for part in value.trim().split(',') {
        let part = part.trim();
        match compile(part, name) {
            Some(Ok((first, last, step))) => {
                if let Some(e) = range_error(first, last, step, min, max) {
                    return Some(format!("Error validating expression {}: {e}", repr_str(part)));
                }
            }
            Some(Err(e)) => return Some(e),
            None => return Some(format!("Unrecognized expression \"{part}\" for field \"{name}\"")),
        }
    }
    None
}

/// `(first, last, step)` of one expression (`None` bounds mean the field's own), an error of its
/// own, or `None` when no expression form matches.
type Compiled = Result<(Option<u32>, Option<u32>, Option<u32>), String>;

fn compile(part: &str, name: &str) -> Option<Compiled> {
    // Name forms are matched as prefixes (APScheduler's regexes there have no `$`).
    if part.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return compile_names(part, name);
    }
    let (body, step) = match part.split_once('/') {
        Some((b, s)) => (b, Some(s.parse::<u32>().ok().filter(|_| s.bytes().all(|c| c.is_ascii_digit()))?)),
        None => (part, None),
    };
    if step == Some(0) {
        return Some(Err("Increment must be higher than 0".into()));
    }
    if body == "*" {
        return Some(Ok((None, None, step)));
    }
    let number = |t: &str| t.bytes().all(|c| c.is_ascii_digit()).then(|| t.parse::<u32>().ok()).flatten();
    let (first, last) = body.split_once('-').map_or((body, None), |(a, b)| (a, Some(b)));
    let f = number(first)?;
    let l = match last {
        Some(l) => Some(number(l)?),
        None if step.is_none() => Some(f),
        None => None,
    };
    if l.is_some_and(|l| f > l) {
        return Some(Err("The minimum value in a range must not be higher than the maximum".into()));
    }
    Some(Ok((Some(f), l, step)))
}

/// `last` (day of month), or month and weekday names `name[-name]`, each read as the longest
/// run of letters.
fn compile_names(part: &str, name: &str) -> Option<Compiled> {
    let letters = |t: &str| t.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(t.len());
    let names: &[&str] = match name {
        "month" => &MONTHS,
        "day_of_week" => &WEEKDAYS,
        "day" if part.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("last")) => return Some(Ok((None, None, None))),
        _ => return None,
    };
    let first = &part[..letters(part)];
    let rest = &part[first.len()..];
    let last = rest.strip_prefix('-').map(|r| &r[..letters(r)]).filter(|l| !l.is_empty());
    let what = if name == "month" { "month" } else { "weekday" };
    let index = |t: &str| {
        let base = u32::from(name == "month");
        names.iter().position(|n| *n == t.lower()).map(|i| i as u32 + base)
    };
    let Some(f) = index(first) else { return Some(Err(format!("Invalid {what} name \"{first}\""))) };
    let l = match last {
        Some(l) => match index(l) {
            Some(i) => i,
            None => return Some(Err(format!("Invalid {what} name \"{l}\""))),
        },
        None => f,
    };
    if f > l {
        return Some(Err("The minimum value in a range must not be higher than the maximum".into()));
    }
    Some(Ok((Some(f), Some(l), None)))
}

fn range_error(first: Option<u32>, last: Option<u32>, step: Option<u32>, min: u32, max: u32) -> Option<String> {
    if let Some(f) = first
        && f < min
    {
        return Some(format!("the first value ({f}) is lower than the minimum value ({min})"));
    }
    if let Some(l) = last
        && l > max
    {
        return Some(format!("the last value ({l}) is higher than the maximum value ({max})"));
    }
    let range = last.unwrap_or(max).saturating_sub(first.unwrap_or(min));
    match step {
        Some(s) if s > range => {
            Some(format!("the step value ({s}) is higher than the total range of the expression ({range})"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apscheduler_messages() {
        assert_eq!(cron_error("0 8 * * *"), None);
        assert_eq!(cron_error("*/15 9-17 * jan-mar mon-fri"), None);
        assert_eq!(cron_error("0 8"), Some("Wrong number of fields; got 2, expected 5".into()));
        assert_eq!(
            cron_error("0 25 * * *"),
            Some("Error validating expression '25': the last value (25) is higher than the maximum value (23)".into())
        );
        assert_eq!(
            cron_error("0 8 0 * *"),
            Some("Error validating expression '0': the first value (0) is lower than the minimum value (1)".into())
        );
        assert_eq!(cron_error("x 8 * * *"), Some("Unrecognized expression \"x\" for field \"minute\"".into()));
        assert_eq!(cron_error("0 8 * foo *"), Some("Invalid month name \"foo\"".into()));
        assert_eq!(cron_error("0 0 * JAN-DEC/2 *"), None);
        assert_eq!(cron_error("0 0 last * *"), None);
        assert_eq!(cron_error("0 0 * * monday"), Some("Invalid weekday name \"monday\"".into()));
    }
}
