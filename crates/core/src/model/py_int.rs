//! Python ints of any size: PyYAML reads any number of digits, and where dstack's model keeps an
//! int (`nodes`, CPU and GPU counts, durations) its JSON prints every digit.

use std::cmp::Ordering;
use std::fmt;

use crate::json::Json;

/// A Python int: an `i128`, or beyond it its decimal text (`-` and digits, no leading zero).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PyInt {
    /// An int that fits `i128`.
    Small(i128),
    /// An int beyond `i128`.
    Big(String),
}

impl PyInt {
    /// The int whose decimal text, as Python's `str()` writes it, is `text`.
    pub fn from_text(text: &str) -> PyInt {
        text.parse().map_or_else(|_| PyInt::Big(text.to_string()), PyInt::Small)
    }

    /// Python's `int(f)` of a finite float: its integer part, every digit exact.
    pub fn from_float(f: f64) -> PyInt {
        // `{:.0}` prints a double's exact decimal value; `trunc` first, as `int()` truncates.
        let text = format!("{:.0}", f.trunc());
        PyInt::from_text(if text == "-0" { "0" } else { &text })
    }

    /// The value as dstack's JSON prints it.
    pub fn json(&self) -> Json {
        match self {
            PyInt::Small(i) => Json::Int(*i),
            PyInt::Big(digits) => Json::BigInt(digits.clone()),
        }
    }

    /// The value, when it fits `i128`.
    pub fn small(&self) -> Option<i128> {
        match self {
            PyInt::Small(i) => Some(*i),
            PyInt::Big(_) => None,
        }
    }

    /// Python's `float(int)`: the nearest double, infinite where Python raises `OverflowError`.
    pub fn as_f64(&self) -> f64 {
        match self {
            PyInt::Small(i) => *i as f64,
            PyInt::Big(digits) => dstack_yaml::decimal::parse_f64(digits).unwrap_or(f64::NAN),
        }
    }

    /// `self * factor` for a small positive factor (a duration's unit in seconds).
    pub fn times(&self, factor: u32) -> PyInt {
        if let Some(product) = self.small().and_then(|i| i.checked_mul(i128::from(factor))) {
            return PyInt::Small(product);
        }
        let text = self.to_string();
        let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |d| ("-", d));
        // Schoolbook multiplication of the decimal digits, least significant first.
        let mut out = Vec::with_capacity(digits.len() + 10);
        let mut carry = 0u64;
        for d in digits.bytes().rev() {
            let v = u64::from(d - b'0') * u64::from(factor) + carry;
            out.push(b'0' + (v % 10) as u8);
            carry = v / 10;
        }
        while carry > 0 {
            out.push(b'0' + (carry % 10) as u8);
            carry /= 10;
        }
        while out.len() > 1 && out.last() == Some(&b'0') {
            out.pop();
        }
        out.reverse();
        let magnitude = String::from_utf8(out).unwrap_or_default();
        PyInt::from_text(&if magnitude == "0" { magnitude } else { format!("{sign}{magnitude}") })
    }
}

impl From<i128> for PyInt {
    fn from(i: i128) -> PyInt {
        PyInt::Small(i)
    }
}

impl fmt::Display for PyInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PyInt::Small(i) => write!(f, "{i}"),
            PyInt::Big(digits) => f.write_str(digits),
        }
    }
}

impl Ord for PyInt {
    fn cmp(&self, other: &PyInt) -> Ordering {
        // A big int lies beyond every small one, on the side of its sign.
        let side = |digits: &str| if digits.starts_with('-') { Ordering::Less } else { Ordering::Greater };
        match (self, other) {
            (PyInt::Small(a), PyInt::Small(b)) => a.cmp(b),
            (PyInt::Small(_), PyInt::Big(b)) => side(b).reverse(),
            (PyInt::Big(a), PyInt::Small(_)) => side(a),
            (PyInt::Big(a), PyInt::Big(b)) => match (a.strip_prefix('-'), b.strip_prefix('-')) {
                (None, None) => (a.len(), a).cmp(&(b.len(), b)),
                (Some(a), Some(b)) => (b.len(), b).cmp(&(a.len(), a)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
            },
        }
    }
}

impl PartialOrd for PyInt {
    fn partial_cmp(&self, other: &PyInt) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq<i128> for PyInt {
    fn eq(&self, other: &i128) -> bool {
        self.small() == Some(*other)
    }
}

impl PartialOrd<i128> for PyInt {
    fn partial_cmp(&self, other: &i128) -> Option<Ordering> {
        Some(self.cmp(&PyInt::Small(*other)))
    }
}

impl PartialEq<PyInt> for i128 {
    fn eq(&self, other: &PyInt) -> bool {
        other == self
    }
}

impl PartialOrd<PyInt> for i128 {
    fn partial_cmp(&self, other: &PyInt) -> Option<Ordering> {
        Some(PyInt::Small(*self).cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_text() {
        let big = PyInt::from_text(&"9".repeat(40));
        let negative = PyInt::from_text(&format!("-{}", "9".repeat(40)));
        let bigger = PyInt::from_text(&format!("1{}", "0".repeat(40)));
        assert_eq!(PyInt::from_text("-12"), PyInt::Small(-12));
        assert!(negative < PyInt::Small(i128::MIN) && PyInt::Small(i128::MAX) < big && big < bigger);
        assert!(negative < big && negative < -1 && big > 100 && !(0..=100).contains(&big));
        assert!(PyInt::from_text(&format!("-{}", "9".repeat(41))) < negative);
        assert_eq!(big.json(), Json::BigInt("9".repeat(40)));
        assert_eq!(big.as_f64(), 1e40);
        assert_eq!(PyInt::from_text(&"9".repeat(400)).as_f64(), f64::INFINITY);
        assert_eq!(PyInt::from_float(-2.9), PyInt::Small(-2));
        assert_eq!(PyInt::from_float(-0.5), PyInt::Small(0));
        assert_eq!(PyInt::from_float(1e60).to_string(), "999999999999999949387135297074018866963645011013410073083904");
    }

    #[test]
    fn multiplied_by_a_unit() {
        assert_eq!(PyInt::Small(90).times(60), PyInt::Small(5400));
        assert_eq!(PyInt::from_text(&"9".repeat(40)).times(60).to_string(), format!("59{}40", "9".repeat(38)));
        assert_eq!(PyInt::Small(i128::MAX).times(1), PyInt::Small(i128::MAX));
        assert_eq!(PyInt::Small(i128::MAX).times(2).to_string(), "340282366920938463463374607431768211454");
        assert_eq!(PyInt::Small(0).times(604_800), PyInt::Small(0));
    }
}
