//! Number formatting for the Offers panel.

/// A count with thousands separators: `2309` → `2,309`.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A price in US dollars: three decimals under a dollar (catalog prices go down to $0.003).
pub fn usd(price: f64) -> String {
    if price < 1.0 { format!("${price:.3}") } else { format!("${price:.2}") }
}

/// A size in GB without a needless fraction: `80.0` → `80 GB`, `1.5` → `1.5 GB`.
pub fn gb(size: f64) -> String {
    if size.fract() == 0.0 { format!("{size:.0} GB") } else { format!("{size} GB") }
}

/// A yes/no attribute value (`aria-selected`, `data-stale`): `"true"` or `"false"`.
pub fn flag(on: bool) -> &'static str {
    if on { "true" } else { "false" }
}

/// `part` as a percentage of `whole` (0 when `whole` is 0), for bar widths.
pub fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 * 100.0 / whole as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(2309), "2,309");
        assert_eq!(count(1234567), "1,234,567");
    }

    #[test]
    fn prices() {
        assert_eq!(usd(0.037), "$0.037");
        assert_eq!(usd(3.555695), "$3.56");
        assert_eq!(usd(142.416), "$142.42");
    }

    #[test]
    fn sizes_and_percentages() {
        assert_eq!(gb(80.0), "80 GB");
        assert_eq!(gb(1.5), "1.5 GB");
        assert_eq!(percent(1, 4), 25.0);
        assert_eq!(percent(3, 0), 0.0);
    }
}
