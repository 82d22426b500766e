//! The dstack releases whose configuration rules this checker implements.
//!
//! A release is data: the rules that differ between releases ask [`DstackVersion`] what applies
//! (a field's `since`/`until` in [`crate::model::fields`], the pydantic generation, a default).

use std::fmt;
use std::str::FromStr;

/// A dstack release whose parser this checker reproduces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DstackVersion {
    /// dstack 0.18.37 (pydantic 1.10, gpuhunt 0.0.19).
    V0_18_37,
    /// dstack 0.22.5 (pydantic 2, gpuhunt 0.1.34), the newest and the default.
    #[default]
    V0_22_5,
}

/// A dstack release number, supported or not: the releases that added or removed a field are
/// data even when this checker does not implement them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release(pub u16, pub u16, pub u16);

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// A version text that names no supported release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownVersion(pub String);

impl fmt::Display for UnknownVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let supported: Vec<&str> = DstackVersion::SUPPORTED.iter().map(|v| v.as_str()).collect();
        write!(f, "unknown dstack version `{}`: supported versions are {}", self.0, supported.join(", "))
    }
}

impl std::error::Error for UnknownVersion {}

impl DstackVersion {
    /// Every supported release, oldest first.
    pub const SUPPORTED: [DstackVersion; 2] = [DstackVersion::V0_18_37, DstackVersion::V0_22_5];

    /// The newest supported release.
    pub const NEWEST: DstackVersion = DstackVersion::V0_22_5;

    /// The release number as dstack prints it (`0.18.37`).
    pub fn as_str(self) -> &'static str {
        match self {
            DstackVersion::V0_18_37 => "0.18.37",
            DstackVersion::V0_22_5 => "0.22.5",
        }
    }

    /// The release number as data, to compare with releases this checker does not implement.
    pub fn release(self) -> Release {
        match self {
            DstackVersion::V0_18_37 => Release(0, 18, 37),
            DstackVersion::V0_22_5 => Release(0, 22, 5),
        }
    }

    /// The supported releases other than this one, oldest first.
    pub fn others(self) -> impl Iterator<Item = DstackVersion> {
        DstackVersion::SUPPORTED.into_iter().filter(move |v| *v != self)
    }

    /// Parses a release number (`0.22.5`; a leading `v` is accepted).
    pub fn parse(text: &str) -> Result<DstackVersion, UnknownVersion> {
        let trimmed = text.trim();
        let bare = trimmed.strip_prefix('v').unwrap_or(trimmed);
        DstackVersion::SUPPORTED
            .into_iter()
            .find(|v| v.as_str() == bare)
            .ok_or_else(|| UnknownVersion(text.to_string()))
    }

    /// True when the release validates with pydantic 2 (strict numbers, two passes, new wording).
    pub fn pydantic2(self) -> bool {
        self >= DstackVersion::V0_22_5
    }
}

impl fmt::Display for DstackVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DstackVersion {
    type Err = UnknownVersion;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DstackVersion::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_every_supported_release() {
        for v in DstackVersion::SUPPORTED {
            assert_eq!(DstackVersion::parse(&v.to_string()), Ok(v));
        }
        assert_eq!("v0.22.5".parse::<DstackVersion>(), Ok(DstackVersion::V0_22_5));
        assert_eq!(DstackVersion::NEWEST, DstackVersion::SUPPORTED[1]);
        assert_eq!(DstackVersion::default(), DstackVersion::NEWEST);
        for v in DstackVersion::SUPPORTED {
            assert_eq!(v.release().to_string(), v.as_str());
        }
        assert!(Release(0, 19, 17) < DstackVersion::V0_22_5.release());
        assert_eq!(DstackVersion::V0_18_37.others().collect::<Vec<_>>(), [DstackVersion::V0_22_5]);
    }

    #[test]
    fn an_unknown_release_names_the_supported_ones() {
        let err = DstackVersion::parse("0.19").unwrap_err();
        assert_eq!(err.to_string(), "unknown dstack version `0.19`: supported versions are 0.18.37, 0.22.5");
    }
}
