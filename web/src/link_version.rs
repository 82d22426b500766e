//! The dstack version a share link carries: `#c=…&v=0.18.37`. No `v` means the newest release;
//! links made by the page always carry one, so a link means the same thing once a newer release
//! becomes the default.
//!
//! Pure, so it is unit-tested natively.

use dstack_core::{DstackVersion, UnknownVersion};

use crate::state::Notice;

/// Fragment key of the version.
const KEY: &str = "v=";

/// The fragment of a link or address (after `#`), or the whole text when it has no `#`.
fn fragment(url_or_fragment: &str) -> &str {
    url_or_fragment.split_once('#').map_or(url_or_fragment, |(_, after)| after)
}

/// The release a link names: `Ok(None)` without `v=`, `Err` for a release this page does not know.
pub fn read(url_or_fragment: &str) -> Result<Option<DstackVersion>, UnknownVersion> {
    let value = fragment(url_or_fragment).split('&').find_map(|param| param.strip_prefix(KEY));
    value.map(DstackVersion::parse).transpose()
}

/// The release to check a link's text against, and a notice when its `v=` is not understood.
pub fn of_link(url_or_fragment: &str) -> (DstackVersion, Option<Notice>) {
    match read(url_or_fragment) {
        Ok(version) => (version.unwrap_or(DstackVersion::NEWEST), None),
        Err(unknown) => (DstackVersion::NEWEST, Some(unknown_notice(&unknown))),
    }
}

/// The notice for a link naming a release this page does not know.
pub fn unknown_notice(unknown: &UnknownVersion) -> Notice {
    let supported: Vec<&str> = DstackVersion::SUPPORTED.iter().map(|v| v.as_str()).collect();
    Notice::error(format!(
        "The link asks for dstack {}, which this page does not check: it supports {}. Checking against {} instead.",
        unknown.0,
        supported.join(" and "),
        DstackVersion::NEWEST
    ))
}

/// `link` with its fragment's `v=` set to `version` (replaced if there is one, else appended).
/// A link without a fragment is returned as it is: there is no text for the version to go with.
pub fn with_version(link: &str, version: DstackVersion) -> String {
    let Some((base, fragment)) = link.split_once('#') else { return link.to_string() };
    let mut params: Vec<&str> = fragment.split('&').filter(|p| !p.is_empty() && !p.starts_with(KEY)).collect();
    let param = format!("{KEY}{version}");
    params.push(&param);
    format!("{base}#{}", params.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use DstackVersion::{V0_18_37, V0_22_5};

    #[test]
    fn a_link_names_its_release_or_the_newest() {
        assert_eq!(read("https://x.dev/#c=abc&v=0.18.37"), Ok(Some(V0_18_37)));
        assert_eq!(read("#v=0.22.5&c=abc"), Ok(Some(V0_22_5)));
        assert_eq!(read("c=abc"), Ok(None));
        assert_eq!(read("https://x.dev/?v=0.18.37#c=abc"), Ok(None));
        assert_eq!(of_link("#c=abc"), (V0_22_5, None));
        assert_eq!(of_link("#yaml=a&v=0.18.37"), (V0_18_37, None));
    }

    #[test]
    fn an_unknown_release_falls_back_to_the_newest_and_says_so() {
        assert_eq!(read("#c=abc&v=0.19"), Err(UnknownVersion("0.19".into())));
        let (version, notice) = of_link("#c=abc&v=latest");
        assert_eq!(version, V0_22_5);
        assert_eq!(
            notice,
            Some(Notice::error(
                "The link asks for dstack latest, which this page does not check: it supports 0.18.37 and 0.22.5. \
                 Checking against 0.22.5 instead."
            ))
        );
    }

    #[test]
    fn the_version_is_set_once_in_the_fragment() {
        assert_eq!(with_version("https://x.dev/#c=abc", V0_18_37), "https://x.dev/#c=abc&v=0.18.37");
        assert_eq!(with_version("https://x.dev/#v=0.18.37&c=abc", V0_22_5), "https://x.dev/#c=abc&v=0.22.5");
        assert_eq!(with_version("https://x.dev/", V0_22_5), "https://x.dev/");
        assert_eq!(read(&with_version("/#yaml=a%20b", V0_18_37)), Ok(Some(V0_18_37)));
    }
}
