//! Python's `ipaddress` as dstack's SSH fleet validators use it: `ip_address(text).is_private`
//! for a host's `internal_ip` and `ip_network(text, strict=False).is_private` for `network`
//! (Python 3.11.7, the interpreter of both dstack releases checked).

/// An address of either family, as a number with its width in bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Addr {
    bits: u128,
    width: u32,
}

/// Python's IPv4 private networks (`_private_networks` of Python 3.11.7).
const PRIVATE_V4: [(u32, u32); 14] = [
    (0x0000_0000, 8),
    (0x0a00_0000, 8),
    (0x7f00_0000, 8),
    (0xa9fe_0000, 16),
    (0xac10_0000, 12),
    (0xc000_0000, 29),
    (0xc000_00aa, 31),
    (0xc000_0200, 24),
    (0xc0a8_0000, 16),
    (0xc612_0000, 15),
    (0xc633_6400, 24),
    (0xcb00_7100, 24),
    (0xf000_0000, 4),
    (0xffff_ffff, 32),
];

/// Python's IPv6 private networks (`_private_networks` of Python 3.11.7).
const PRIVATE_V6: [(u128, u32); 10] = [
    (1, 128),
    (0, 128),
    (0xffff_0000_0000, 96),
    (0x0100_u128 << 112, 64),
    (0x2001_u128 << 112, 23),
    ((0x2001_u128 << 112) | (0x2_u128 << 96), 48),
    ((0x2001_u128 << 112) | (0x0db8_u128 << 96), 32),
    ((0x2001_u128 << 112) | (0x10_u128 << 96), 28),
    (0xfc00_u128 << 112, 7),
    (0xfe80_u128 << 112, 10),
];

/// The private networks of a family, as (network bits, prefix length).
fn private_networks(width: u32) -> Vec<(u128, u32)> {
    if width == 32 {
        PRIVATE_V4.iter().map(|&(net, len)| (u128::from(net), len)).collect()
    } else {
        PRIVATE_V6.to_vec()
    }
}

/// The mask of the top `len` bits of a `width`-bit address.
fn mask(width: u32, len: u32) -> u128 {
    let all = if width == 128 { u128::MAX } else { (1u128 << width) - 1 };
    let host = if width - len == 128 { u128::MAX } else { (1u128 << (width - len)) - 1 };
    all & !host
}

fn within(addr: Addr, net: u128, len: u32) -> bool {
    let m = mask(addr.width, len);
    addr.bits & m == net & m
}

/// Python's address parser: dotted IPv4 (no leading zeros) or IPv6 text.
fn parse_addr(text: &str) -> Option<Addr> {
    let whole = |parse: fn(&mut Cursor) -> Option<u128>| {
        let mut cursor = Cursor { bytes: text.as_bytes(), at: 0 };
        parse(&mut cursor).filter(|_| cursor.at == text.len())
    };
    if let Some(bits) = whole(|c| c.v4().map(u128::from)) {
        return Some(Addr { bits, width: 32 });
    }
    whole(|c| c.v6()).map(|bits| Addr { bits, width: 128 })
}

/// The grammar of the standard library's `Ipv4Addr` and `Ipv6Addr` parsers, step for step (a
/// test compares them), in less wasm than the standard parser (-1.5 KB, -0.3 KB lzma). Each
/// reader consumes nothing when it fails.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    /// Consumes `byte` when it is next.
    fn eat(&mut self, byte: u8) -> bool {
        let next = self.bytes.get(self.at) == Some(&byte);
        self.at += usize::from(next);
        next
    }

    /// A number of one to `max` digits in `radix`; a leading zero only when `zero_prefix`.
    fn number(&mut self, radix: u32, max: usize, zero_prefix: bool) -> Option<u32> {
        let start = self.at;
        let mut value = 0;
        while let Some(digit) = self.bytes.get(self.at).and_then(|&b| char::from(b).to_digit(radix)) {
            self.at += 1;
            if self.at - start > max {
                self.at = start;
                return None;
            }
            value = value * radix + digit;
        }
        let count = self.at - start;
        if count == 0 || (!zero_prefix && count > 1 && self.bytes[start] == b'0') {
            self.at = start;
            return None;
        }
        Some(value)
    }

    /// The `i`th item of a list separated by `sep`: the separator (after the first), then `item`.
    fn item(&mut self, sep: u8, i: usize, item: impl FnOnce(&mut Self) -> Option<u32>) -> Option<u32> {
        let start = self.at;
        let found = if i == 0 || self.eat(sep) { item(self) } else { None };
        if found.is_none() {
            self.at = start;
        }
        found
    }

    /// A dotted IPv4 address: four decimal octets, without leading zeros.
    fn v4(&mut self) -> Option<u32> {
        let start = self.at;
        let mut bits = 0;
        for i in 0..4 {
            let Some(octet) = self.item(b'.', i, |c| c.number(10, 3, false).filter(|&n| n <= 255)) else {
                self.at = start;
                return None;
            };
            bits = bits << 8 | octet;
        }
        Some(bits)
    }

    /// Hex groups of an IPv6 address into `groups` (the last two may be an embedded IPv4
    /// address): how many were read, and whether the IPv4 form ended them.
    fn groups(&mut self, groups: &mut [u16]) -> (usize, bool) {
        let limit = groups.len();
        for i in 0..limit {
            if i + 1 < limit
                && let Some(v4) = self.item(b':', i, |c| c.v4())
            {
                groups[i] = (v4 >> 16) as u16;
                groups[i + 1] = v4 as u16;
                return (i + 2, true);
            }
            match self.item(b':', i, |c| c.number(16, 4, true)) {
                Some(group) => groups[i] = group as u16,
                None => return (i, false),
            }
        }
        (limit, false)
    }

    /// An IPv6 address: eight groups, or fewer around one `::`.
    fn v6(&mut self) -> Option<u128> {
        let start = self.at;
        let mut head = [0; 8];
        let (head_size, head_v4) = self.groups(&mut head);
        if head_size < 8 {
            if head_v4 || !(self.eat(b':') && self.eat(b':')) {
                self.at = start;
                return None;
            }
            let mut tail = [0; 7];
            let (tail_size, _) = self.groups(&mut tail[..7 - head_size]);
            head[8 - tail_size..].copy_from_slice(&tail[..tail_size]);
        }
        Some(head.iter().fold(0, |bits, &group| bits << 16 | u128::from(group)))
    }
}

/// `ip_address(text).is_private`; `None` when Python cannot parse the text.
pub fn private_address(text: &str) -> Option<bool> {
    let addr = parse_addr(text)?;
    if addr.width == 128 && addr.bits >> 32 == 0xffff {
        // An IPv4-mapped address is private when its IPv4 address is.
        let v4 = Addr { bits: addr.bits & 0xffff_ffff, width: 32 };
        return Some(private_networks(32).iter().any(|&(net, len)| within(v4, net, len)));
    }
    Some(private_networks(addr.width).iter().any(|&(net, len)| within(addr, net, len)))
}

/// The prefix length a netmask (`255.255.255.0`) or hostmask (`0.0.0.255`) stands for.
fn mask_prefix(text: &str, width: u32) -> Option<u32> {
    let m = parse_addr(text).filter(|a| a.width == width)?.bits;
    if m == mask(width, m.count_ones()) {
        return Some(m.count_ones());
    }
    let inverted = mask(width, width) & !m;
    (inverted == mask(width, inverted.count_ones())).then(|| inverted.count_ones())
}

/// `ip_network(text, strict=False).is_private`; `None` when Python cannot parse the text.
pub fn private_network(text: &str) -> Option<bool> {
    let (addr_text, prefix_text) = match text.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (text, None),
    };
    let addr = parse_addr(addr_text)?;
    let width = addr.width;
    let len = match prefix_text {
        None => width,
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
            p.parse::<u32>().ok().filter(|len| *len <= width)?
        }
        Some(p) if width == 32 => mask_prefix(p, 32)?,
        Some(_) => return None,
    };
    let network = addr.bits & mask(width, len);
    let broadcast = network | (mask(width, width) & !mask(width, len));
    let first = Addr { bits: network, width };
    let last = Addr { bits: broadcast, width };
    Some(private_networks(width).iter().any(|&(net, plen)| within(first, net, plen) && within(last, net, plen)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_follow_python() {
        assert_eq!(private_address("192.168.1.10"), Some(true));
        assert_eq!(private_address("1.1.1.1"), Some(false));
        assert_eq!(private_address("10.0.0.300"), None);
        assert_eq!(private_address("167772161"), None);
        assert_eq!(private_address("::1"), Some(true));
        assert_eq!(private_address("fd00::5"), Some(true));
        assert_eq!(private_address("2606:4700::1111"), Some(false));
        assert_eq!(private_address("::ffff:10.0.0.1"), Some(true));
        assert_eq!(private_address("::ffff:8.8.8.8"), Some(false));
        assert_eq!(private_address("gpu1.example.com"), None);
    }

    #[test]
    fn addresses_parse_as_the_standard_library_parses_them() {
        let mut texts: Vec<String> = [
            "",
            "0.0.0.0",
            "255.255.255.255",
            "256.0.0.1",
            "01.2.3.4",
            "0.2.3.4",
            "1.2.3",
            "1.2.3.4.5",
            "1.2.3.4.",
            "1..3.4",
            "1234.1.1.1",
            "+1.2.3.4",
            "1.2.3.04",
            "::",
            ":::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::",
            "::1:2:3:4:5:6:7",
            "::1:2:3:4:5:6:7:8",
            "1::2::3",
            "12345::",
            "1:23456::",
            "fFfF::",
            "g::",
            "::ffff:1.2.3.4",
            "::1.2.3.4",
            "1.2.3.4::",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:6:7:1.2.3.4",
            "1:2:3:4:5::1.2.3.4",
            "1:2:3:4:5:6::1.2.3.4",
            "::ffff:01.2.3.4",
            "0000:0000:0000:0000:0000:ffff:255.255.255.255",
            "::00001",
            "1:",
            ":1",
            "1:2:3:4:5:6:7:8:",
            "é::",
            "1.2.3.4%",
            "::1.2.3",
            "fe80::1%eth0",
            "::0:1.2.3.4",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every short text over the characters of both grammars.
        let alphabet = ['0', '1', 'a', '.', ':', '9'];
        let mut level = vec![String::new()];
        for _ in 0..6 {
            level = level.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            texts.extend(level.iter().cloned());
        }
        for text in &texts {
            let std = match (text.parse::<std::net::Ipv4Addr>(), text.parse::<std::net::Ipv6Addr>()) {
                (Ok(v4), _) => Some(Addr { bits: u128::from(u32::from(v4)), width: 32 }),
                (_, Ok(v6)) => Some(Addr { bits: u128::from(v6), width: 128 }),
                _ => None,
            };
            assert_eq!(parse_addr(text), std, "{text:?}");
        }
    }

    #[test]
    fn networks_follow_python() {
        assert_eq!(private_network("10.0.0.0/24"), Some(true));
        assert_eq!(private_network("10.0.0.5/24"), Some(true));
        assert_eq!(private_network("8.8.8.0/24"), Some(false));
        assert_eq!(private_network("10.0.0.0/40"), None);
        assert_eq!(private_network("10"), None);
        assert_eq!(private_network("10.0.0.0/255.255.255.0"), Some(true));
        assert_eq!(private_network("10.0.0.0/0.0.0.255"), Some(true));
        assert_eq!(private_network("0.0.0.0/0"), Some(false));
        assert_eq!(private_network("fd00::/8"), Some(true));
        assert_eq!(private_network("2001:db8::/32"), Some(true));
        assert_eq!(private_network("10.0.0.0/"), None);
    }
}
