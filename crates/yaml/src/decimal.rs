//! Decimal text to the nearest double, exactly as `str::parse::<f64>` reads it, without its
//! 11 KB table of powers of five (10 KB of gzip in the web page): short numbers take the exact
//! fast path, the others are placed by comparing them with halfway points in big integers.

use crate::resolve::bigint::Big;

/// Digits kept of a long number: more cannot move it past a halfway point (those have at most 767
/// significant digits), only say whether it lies above one.
const MAX_DIGITS: usize = 800;

/// `text` as `str::parse::<f64>` reads it (the same grammar: sign, `inf`, `infinity`, `nan` in
/// any case, digits with an optional `.` and exponent; the same correctly rounded value), or None.
pub fn parse_f64(text: &str) -> Option<f64> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let value = if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if body.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        decimal(body.as_bytes())?
    };
    Some(if negative { -value } else { value })
}

/// A number's significant digits (at most [`MAX_DIGITS`], no leading zeros), its power of ten and
/// whether a non-zero digit was dropped.
struct Decimal {
    digits: Vec<u8>,
    exponent: i64,
    sticky: bool,
}

fn decimal(b: &[u8]) -> Option<f64> {
    let mut d = Decimal { digits: Vec::new(), exponent: 0, sticky: false };
    let mut i = 0;
    let mut seen = false;
    for fraction in [false, true] {
        if fraction {
            if b.get(i) != Some(&b'.') {
                break;
            }
            i += 1;
        }
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            seen = true;
            let digit = c - b'0';
            if d.digits.is_empty() && digit == 0 {
                d.exponent -= i64::from(fraction);
            } else if d.digits.len() < MAX_DIGITS {
                d.digits.push(digit);
                d.exponent -= i64::from(fraction);
            } else {
                d.sticky |= digit != 0;
                d.exponent += i64::from(!fraction);
            }
            i += 1;
        }
    }
    if !seen {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let negative = b.get(i) == Some(&b'-');
        i += usize::from(matches!(b.get(i), Some(b'-' | b'+')));
        let start = i;
        let mut e: i64 = 0;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            e = (e * 10 + i64::from(c - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        d.exponent += if negative { -e } else { e };
    }
    (i == b.len()).then(|| d.value())
}

/// The powers of ten a double holds exactly.
const EXACT: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

impl Decimal {
    fn value(&self) -> f64 {
        let n = self.digits.len() as i64;
        if n == 0 || n + self.exponent < -324 {
            return 0.0;
        }
        if n + self.exponent > 310 {
            return f64::INFINITY;
        }
        let leading = |k: usize| self.digits.iter().take(k).fold(0u64, |w, &d| w * 10 + u64::from(d));
        // Both operands exact, so one rounding: the correctly rounded result.
        if n <= 15 && !self.sticky && self.exponent.abs() <= 22 {
            let (w, p) = (leading(15) as f64, EXACT[self.exponent.unsigned_abs() as usize]);
            return if self.exponent < 0 { w / p } else { w * p };
        }
        let estimate = leading(17) as f64 * 10f64.powi((self.exponent + n - n.min(17)) as i32);
        self.nearest(if estimate.is_finite() { estimate.to_bits() } else { INFINITY_BITS })
    }

    /// The double nearest the number (ties to even), searched near `estimate`'s bits.
    fn nearest(&self, estimate: u64) -> f64 {
        let t = self.exponent;
        let mut whole = Big(vec![]);
        for &d in &self.digits {
            whole.grow(10, u32::from(d));
        }
        let whole = whole.times_pow5(t.max(0) as u64);
        let fives = Big(vec![1]).times_pow5((-t).max(0) as u64);
        // How the number compares with the halfway point above the double of bits `x`.
        let above = |x: u64| -> std::cmp::Ordering {
            if x >= INFINITY_BITS {
                return std::cmp::Ordering::Less;
            }
            let (m, k) =
                if x >> 52 == 0 { (x, -1074) } else { (x & ((1 << 52) - 1) | 1 << 52, (x >> 52) as i64 - 1075) };
            let (mut left, mut right) = (whole.clone(), fives.clone());
            right.mul_u64(2 * m + 1);
            let shift = t - (k - 1);
            if shift >= 0 {
                left.shl(shift as u64)
            } else {
                right.shl((-shift) as u64)
            }
            left.cmp(&right).then(if self.sticky { std::cmp::Ordering::Greater } else { std::cmp::Ordering::Equal })
        };
        // The first double whose upper halfway point is not below the number.
        let (mut lo, mut hi) = (estimate.saturating_sub(8), (estimate + 8).min(INFINITY_BITS));
        if lo > 0 && above(lo - 1).is_le() {
            lo = 0;
        }
        if above(hi).is_gt() {
            hi = INFINITY_BITS;
        }
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if above(mid).is_gt() { lo = mid + 1 } else { hi = mid }
        }
        let tie_to_odd = above(lo).is_eq() && lo & 1 == 1;
        f64::from_bits(lo + u64::from(tie_to_odd))
    }
}

/// The bits of positive infinity, one past the greatest double.
const INFINITY_BITS: u64 = 0x7ff0_0000_0000_0000;

#[cfg(test)]
mod tests {
    use super::parse_f64;

    /// Bits of both parses, so NaN's sign and -0 count.
    fn same(text: &str) {
        let ours = parse_f64(text).map(f64::to_bits);
        let std = text.parse::<f64>().ok().map(f64::to_bits);
        assert_eq!(ours, std, "{text}");
    }

    #[test]
    fn grammar_and_specials_as_std() {
        for t in [
            "",
            "+",
            "-",
            ".",
            "e5",
            ".e5",
            "1e",
            "1e+",
            "1.",
            "1.e5",
            ".5",
            "+.5e-3",
            "-0",
            "-0.0",
            "0e999999999999",
            "inf",
            "-Infinity",
            "INF",
            "nan",
            "-NaN",
            "infinit",
            "1_0",
            " 1",
            "1 ",
            "0x10",
            "1e+0010",
            "00012.3400",
            "1.5E3",
            "1ee3",
            "--1",
        ] {
            same(t);
        }
    }

    #[test]
    fn hard_values_as_std() {
        for t in [
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "9007199254740993",
            "9007199254740992.5",
            "9007199254740993.0000000001",
            "1e23",
            "8.589973e9",
            "0.1",
            "123456789012345678901234567890",
            "1e-400",
            "1e400",
            "179769313486231580793728971405301e276",
            "7.2057594037927933e16",
            "3.0540412084336e-319",
        ] {
            same(t);
        }
        let long = format!("0.{}1", "0".repeat(1000));
        same(&long);
        same(&format!("9007199254740992.5{}1", "0".repeat(900)));
        same(&format!("9007199254740992.5{}", "0".repeat(900)));
        same(&format!("1{}e-500", "0".repeat(2000)));
    }

    #[test]
    fn pseudo_random_values_as_std() {
        // A linear congruential generator: digit strings of every length and exponent, and the
        // shortest and long forms of random doubles.
        let mut s: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            s >> 11
        };
        for _ in 0..20_000 {
            let f = f64::from_bits(next() << 11 | next() & 0x7ff);
            if f.is_finite() {
                same(&format!("{f:e}"));
                same(&format!("{f:.25e}"));
            }
            let digits: String = (0..1 + next() % 30).map(|_| char::from(b'0' + (next() % 10) as u8)).collect();
            let exponent = (next() % 700) as i64 - 350;
            same(&format!("{digits}e{exponent}"));
            same(&format!("{}.{}e{exponent}", &digits[..1], &digits[1..]));
        }
    }
}
