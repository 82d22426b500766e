//! Python's `ipaddress` as dstack's SSH fleet validators use it: `ip_address(text).is_private`
//! for a host's `internal_ip` and `ip_network(text, strict=False).is_private` for `network`
//! (Python 3.11.7, the interpreter of both dstack releases checked).

use std::net::{Ipv4Addr, Ipv6Addr};

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
    if let Ok(v4) = text.parse::<Ipv4Addr>() {
        return Some(Addr { bits: u128::from(u32::from(v4)), width: 32 });
    }
    text.parse::<Ipv6Addr>().ok().map(|v6| Addr { bits: u128::from(v6), width: 128 })
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
