//! `!!binary`: base64 as `binascii.a2b_base64` decodes it.

use super::Unsupported;
use crate::node::Value;

/// `SafeConstructor.construct_yaml_binary`: base64 as `binascii.a2b_base64` decodes it.
///
/// Python returns `bytes`; this checker keeps UTF-8 text as a string (pydantic decodes bytes the
/// same way) and refers other bytes back to the user.
pub(super) fn construct_binary(raw: &str) -> Result<Value, Unsupported> {
    let short = "!!binary";
    let fail = |reason: &str, python: String| {
        Unsupported::new(
            format!("`{short}` cannot decode this value: {reason}"),
            Some("check the base64 text".into()),
            python,
        )
    };
    if let Some((i, c)) = raw.chars().enumerate().find(|(_, c)| !c.is_ascii()) {
        let python = format!(
            "failed to convert base64 data into ascii: 'ascii' codec can't encode character {} in position {i}: \
             ordinal not in range(128)",
            crate::python::repr_str(&c.to_string())
        );
        return Err(fail("it contains a non-ASCII character", python));
    }
    let bytes = a2b_base64(raw.as_bytes()).map_err(|python| fail("it is not valid base64", python))?;
    String::from_utf8(bytes).map(Value::Str).map_err(|_| {
        Unsupported::new(
            "`!!binary` data that is not UTF-8 text is not supported by this checker".into(),
            Some("write the value as a plain string".into()),
            "bytes that are not UTF-8 text".into(),
        )
    })
}

/// CPython's non-strict `binascii.a2b_base64`: skips stray characters, stops at complete padding.
pub(super) fn a2b_base64(input: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(input.len() / 4 * 3);
    let (mut quad, mut left, mut pads) = (0u8, 0u32, 0u8);
    for &c in input {
        if c == b'=' {
            // Padding counts only once two characters of a quad are in; complete padding ends the data.
            if quad >= 2 {
                pads += 1;
                if quad + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(v) = base64_value(c) else { continue };
        pads = 0;
        match quad {
            0 => {}
            1 => out.push(((left << 2) | (v >> 4)) as u8),
            2 => out.push((((left & 0x0f) << 4) | (v >> 2)) as u8),
            _ => out.push((((left & 0x03) << 6) | v) as u8),
        }
        left = v;
        quad = (quad + 1) % 4;
    }
    match quad {
        0 => Ok(out),
        1 => Err(format!(
            "failed to decode base64 data: Invalid base64-encoded string: number of data characters ({}) \
             cannot be 1 more than a multiple of 4",
            out.len() / 3 * 4 + 1
        )),
        _ => Err("failed to decode base64 data: Incorrect padding".into()),
    }
}

pub(super) fn base64_value(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}
