//! Integers beyond `i128`, as Python reads them: exact decimal digits, up to Python's limit of
//! 4300 digits for converting between an integer and its decimal text.

/// Python's `sys.get_int_max_str_digits()` default: longer decimal text raises ValueError.
pub(crate) const MAX_DIGITS: usize = 4300;

/// Bits above which an integer has more than `MAX_DIGITS` decimal digits.
const MAX_BITS: usize = 14_300;

/// The ValueError Python raises for `digits` digits of decimal text.
pub(super) fn too_many_digits(digits: usize) -> String {
    format!(
        "ValueError: Exceeds the limit ({MAX_DIGITS} digits) for integer string conversion: value has {digits} \
         digits; use sys.set_int_max_str_digits() to increase the limit"
    )
}

/// An unsigned integer as little-endian base-2^32 limbs (no zero limbs on top when built by
/// multiplying and adding); also the exact arithmetic of the float reader (`crate::decimal`).
#[derive(Clone, Default)]
pub(crate) struct Big(pub(crate) Vec<u32>);

impl Big {
    /// `self * factor + add`, of any size.
    pub(crate) fn grow(&mut self, factor: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(factor) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    /// `self * factor`, of any size.
    pub(crate) fn mul_u64(&mut self, factor: u64) {
        let mut carry = 0u128;
        for limb in &mut self.0 {
            let v = u128::from(*limb) * u128::from(factor) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        while carry > 0 {
            self.0.push(carry as u32);
            carry >>= 32;
        }
    }

    /// `self * 5^n`.
    pub(crate) fn times_pow5(mut self, mut n: u64) -> Big {
        while n > 0 {
            let k = n.min(13);
            self.grow(5u32.pow(k as u32), 0);
            n -= k;
        }
        self
    }

    /// `self * 2^bits`.
    pub(crate) fn shl(&mut self, bits: u64) {
        let (limbs, bits) = ((bits / 32) as usize, bits % 32);
        if bits > 0 {
            self.mul_u64(1 << bits);
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }

    /// The order of two numbers built without zero limbs on top.
    pub(crate) fn cmp(&self, other: &Big) -> std::cmp::Ordering {
        self.0.len().cmp(&other.0.len()).then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }

    /// `self * factor + add`, refused past Python's digit limit.
    pub(super) fn mul_add(&mut self, factor: u32, add: u32) -> Result<(), String> {
        self.grow(factor, add);
        // Past this size its decimal text is beyond Python's limit: stop before the cost grows.
        if self.0.len() * 32 > MAX_BITS + 64 {
            return Err(too_many_digits(MAX_DIGITS + 1));
        }
        Ok(())
    }

    /// The number written with the ASCII decimal `digits`.
    pub(super) fn parse(digits: &str) -> Result<Big, String> {
        if digits.len() > MAX_DIGITS {
            return Err(too_many_digits(digits.len()));
        }
        let mut big = Big::default();
        for d in digits.chars().filter_map(|c| c.to_digit(10)) {
            big.mul_add(10, d)?;
        }
        Ok(big)
    }

    /// `self + other`.
    pub(super) fn add(&mut self, other: &Big) -> Result<(), String> {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        let mut carry = 0u64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let v = u64::from(*limb) + u64::from(other.0.get(i).copied().unwrap_or(0)) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
        self.mul_add(1, 0)
    }

    /// The number of significant bits.
    fn bits(&self) -> usize {
        let top = self.0.iter().rposition(|l| *l != 0);
        top.map_or(0, |i| i * 32 + (32 - self.0[i].leading_zeros() as usize))
    }

    /// Python's `str()` of the number, or the ValueError Python raises for it.
    pub(super) fn decimal(mut self) -> Result<String, String> {
        if self.bits() > MAX_BITS + 32 {
            return Err(too_many_digits(MAX_DIGITS + 1));
        }
        let mut chunks = Vec::new();
        while self.0.iter().any(|l| *l != 0) {
            let mut rem = 0u64;
            for limb in self.0.iter_mut().rev() {
                let v = (rem << 32) | u64::from(*limb);
                *limb = (v / 1_000_000_000) as u32;
                rem = v % 1_000_000_000;
            }
            chunks.push(rem as u32);
            while self.0.last() == Some(&0) {
                self.0.pop();
            }
        }
        let mut out = chunks.pop().map_or_else(|| "0".to_string(), |c| c.to_string());
        for chunk in chunks.iter().rev() {
            out.push_str(&format!("{chunk:09}"));
        }
        if out.len() > MAX_DIGITS {
            return Err(too_many_digits(out.len()));
        }
        Ok(out)
    }
}

/// The decimal text of the number written with `digits` in `base` (2, 8 or 16; digits checked).
pub(super) fn in_base(digits: &str, base: u32) -> Result<String, String> {
    let significant = digits.trim_start_matches('0');
    // Bits at least `(n - 1) * log2(base)`: refuse before reading what is surely too long.
    if significant.len().saturating_sub(1) * base.trailing_zeros() as usize > MAX_BITS + 32 {
        return Err(too_many_digits(MAX_DIGITS + 1));
    }
    // Each digit of a power-of-two base is a fixed number of bits: pack them into limbs from
    // the least significant end, in time linear in the digits.
    let width = base.trailing_zeros() as usize;
    let mut limbs = vec![0u32; (significant.len() * width).div_ceil(32)];
    for (i, c) in significant.chars().rev().enumerate() {
        let (bit, value) = (i * width, u64::from(c.to_digit(base).unwrap_or(0)) << (i * width % 32));
        limbs[bit / 32] |= value as u32;
        if let Some(next) = limbs.get_mut(bit / 32 + 1) {
            *next |= (value >> 32) as u32;
        }
    }
    Big(limbs).decimal()
}

/// The decimal text of a base-10 integer, as Python's `int()` reads it: Python refuses text of
/// more than `MAX_DIGITS` digits.
pub(super) fn decimal(digits: &str) -> Result<String, String> {
    if digits.len() > MAX_DIGITS {
        return Err(too_many_digits(digits.len()));
    }
    let significant = digits.trim_start_matches('0');
    Ok(if significant.is_empty() { "0".into() } else { significant.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(r: Result<String, String>) -> String {
        r.unwrap_or_else(|p| panic!("{p}"))
    }

    #[test]
    fn exact_digits_in_every_base() {
        assert_eq!(ok(in_base(&"f".repeat(50), 16)), "1606938044258990275541962092341162602522202993782792835301375");
        assert_eq!(ok(in_base(&"1".repeat(200), 2)), "1606938044258990275541962092341162602522202993782792835301375");
        assert_eq!(ok(in_base(&"7".repeat(60), 8)), "1532495540865888858358347027150309183618739122183602175");
        assert_eq!(ok(in_base("00010", 16)), "16");
        assert_eq!(ok(decimal(&"7".repeat(4300))), "7".repeat(4300));
    }

    #[test]
    fn pythons_digit_limit() {
        let err = |r: Result<String, String>| r.err().unwrap_or_default();
        assert!(err(decimal(&"7".repeat(4301))).contains("value has 4301 digits"));
        assert!(err(in_base(&"f".repeat(3600), 16)).starts_with("ValueError: Exceeds the limit (4300 digits)"));
        // 10**4300 has 4301 digits; 10**4300 - 1 has 4300.
        let mut big = Big::default();
        big.mul_add(1, 1).ok();
        for _ in 0..4300 {
            big.mul_add(10, 0).ok();
        }
        assert!(big.decimal().is_err());
        let started = std::time::Instant::now();
        assert!(in_base(&"f".repeat(4_000_000), 16).is_err());
        assert!(started.elapsed().as_millis() < 500);
    }
}
