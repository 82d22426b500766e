//! Embed mode's options, read from the page's query string
//! (`?embed=1&readonly=1&view=problems&version=0.18.37`).
//!
//! Pure, so it is unit-tested natively. A value that is not understood leaves its option at the
//! default, except `origin=`: a restriction that cannot be read fails closed (no messaging at all)
//! rather than turning into no restriction.

use std::rc::Rc;

use dstack_core::DstackVersion;
use yew::Reducible;

/// The detail panel under the result bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// No panel: the editor and the bar only.
    #[default]
    None,
    /// Every diagnostic, grouped by stage.
    Problems,
    /// dstack's normalized JSON.
    Json,
    /// The effective JSON: what the run will actually get.
    Effective,
    /// The offer summary and the cheapest offers.
    Offers,
}

/// The colour scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow the reader's system preference.
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// How the embed's height is decided.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Height {
    /// Fill the iframe the host sized; the editor scrolls inside it.
    #[default]
    Fill,
    /// Grow with the content and report the height to the host (`resize` messages).
    Auto,
}

/// Which host page the embed talks to (`origin=`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum HostOrigin {
    /// Any page that frames it (no `origin=`).
    #[default]
    Any,
    /// Only this origin, e.g. `https://docs.example.com`.
    Exactly(String),
    /// `origin=` could not be read as an origin: talk to no one.
    Invalid,
}

/// Everything `?embed=1&…` can set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedOptions {
    /// The reader cannot edit (the host still can, with `set-text`).
    pub readonly: bool,
    /// The detail panel under the bar.
    pub view: View,
    /// The colour scheme.
    pub theme: Theme,
    /// Fixed by the host, or following the content.
    pub height: Height,
    /// The host page messages are accepted from and posted to.
    pub origin: HostOrigin,
    /// The dstack release whose rules apply (`version=`; the newest by default).
    pub version: DstackVersion,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            readonly: false,
            view: View::default(),
            theme: Theme::default(),
            height: Height::default(),
            origin: HostOrigin::default(),
            version: DstackVersion::NEWEST,
        }
    }
}

/// The options a host may change after load (`set-options`); absent fields stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OptionsPatch {
    /// New `readonly`.
    pub readonly: Option<bool>,
    /// New `view`.
    pub view: Option<View>,
    /// New `theme`.
    pub theme: Option<Theme>,
    /// New dstack release.
    pub version: Option<DstackVersion>,
}

/// Names in the query string and in messages, in one table per type.
const VIEWS: [(View, &str); 5] = [
    (View::None, "none"),
    (View::Problems, "problems"),
    (View::Json, "json"),
    (View::Effective, "effective"),
    (View::Offers, "offers"),
];
const THEMES: [(Theme, &str); 3] = [(Theme::Auto, "auto"), (Theme::Light, "light"), (Theme::Dark, "dark")];

fn name_of<T: PartialEq + Copy>(table: &[(T, &'static str)], value: T) -> &'static str {
    table.iter().find(|(v, _)| *v == value).map_or("", |(_, name)| name)
}

fn value_of<T: Copy>(table: &[(T, &'static str)], name: &str) -> Option<T> {
    table.iter().find(|(_, n)| *n == name).map(|(v, _)| *v)
}

impl View {
    /// The name in the query string and in messages.
    pub fn name(self) -> &'static str {
        name_of(&VIEWS, self)
    }

    /// The view called `name`.
    pub fn from_name(name: &str) -> Option<View> {
        value_of(&VIEWS, name)
    }

    /// Every name, for error messages: "`none`, `problems`, … or `offers`".
    pub fn choices() -> String {
        choices(&VIEWS)
    }
}

impl Theme {
    /// The name in the query string and in messages.
    pub fn name(self) -> &'static str {
        name_of(&THEMES, self)
    }

    /// The theme called `name`.
    pub fn from_name(name: &str) -> Option<Theme> {
        value_of(&THEMES, name)
    }

    /// Every name, for error messages.
    pub fn choices() -> String {
        choices(&THEMES)
    }
}

impl Height {
    /// The name in the query string and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Height::Fill => "fill",
            Height::Auto => "auto",
        }
    }
}

/// "`a`, `b` or `c`".
fn choices<T>(table: &[(T, &'static str)]) -> String {
    let names: Vec<String> = table.iter().map(|(_, n)| format!("`{n}`")).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

impl EmbedOptions {
    /// The options of a page whose query string (`location.search`, `?` included or not) asks
    /// for embed mode with `embed=1`; `None` for the full playground.
    pub fn from_query(query: &str) -> Option<EmbedOptions> {
        let params: Vec<(String, String)> = query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (key, value) = p.split_once('=').unwrap_or((p, ""));
                (decode(key), decode(value))
            })
            .collect();
        // The first occurrence wins, as with `URLSearchParams.get`.
        let get = |key: &str| params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        if get("embed").and_then(flag) != Some(true) {
            return None;
        }
        Some(EmbedOptions {
            readonly: get("readonly").and_then(flag).unwrap_or(false),
            view: get("view").and_then(View::from_name).unwrap_or_default(),
            theme: get("theme").and_then(Theme::from_name).unwrap_or_default(),
            height: if get("height") == Some("auto") { Height::Auto } else { Height::Fill },
            origin: get("origin")
                .map_or(HostOrigin::Any, |o| origin(o).map_or(HostOrigin::Invalid, HostOrigin::Exactly)),
            version: get("version").and_then(|v| DstackVersion::parse(v).ok()).unwrap_or(DstackVersion::NEWEST),
        })
    }

    /// These options with a host's changes applied.
    pub fn patched(&self, patch: &OptionsPatch) -> EmbedOptions {
        EmbedOptions {
            readonly: patch.readonly.unwrap_or(self.readonly),
            view: patch.view.unwrap_or(self.view),
            theme: patch.theme.unwrap_or(self.theme),
            version: patch.version.unwrap_or(self.version),
            ..self.clone()
        }
    }
}

impl Reducible for EmbedOptions {
    type Action = OptionsPatch;

    fn reduce(self: Rc<Self>, patch: OptionsPatch) -> Rc<Self> {
        let next = self.patched(&patch);
        if next == *self { self } else { Rc::new(next) }
    }
}

/// A boolean query value: `1`/`true` or `0`/`false`; anything else is not understood.
fn flag(value: &str) -> Option<bool> {
    match value {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

/// A query component decoded: `%XX` escapes and `+` for a space (form encoding, as browsers
/// write query strings). A malformed escape stays as it is; invalid UTF-8 becomes U+FFFD.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3).and_then(|hex| u8::from_str_radix(hex, 16).ok()))
            .flatten();
        match (bytes[i], escaped) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (byte, None) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `text` as a browser writes a page's origin (`MessageEvent.origin`): `http` or `https`, a
/// lower-case host, the port only when it is not the scheme's default, no path. A trailing `/`
/// is forgiven; anything else after the host is not an origin.
fn origin(text: &str) -> Option<String> {
    let (scheme, rest) = text.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => "443",
        "http" => "80",
        _ => return None,
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest).to_ascii_lowercase();
    let (host, port) = match authority.rsplit_once(':') {
        // An IPv6 literal's last colon is inside its brackets.
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (authority.as_str(), None),
    };
    let host_ok = if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        !inner.is_empty() && inner.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
    } else {
        !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    };
    if !host_ok {
        return None;
    }
    match port {
        None => Some(format!("{scheme}://{host}")),
        Some(port) if port == default_port => Some(format!("{scheme}://{host}")),
        Some(port) if !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()) => {
            port.parse::<u16>().ok().map(|p| format!("{scheme}://{host}:{p}"))
        }
        Some(_) => None,
    }
}

/// The full playground's address for a page at `href`: the same page without query or fragment.
pub fn playground_url(href: &str) -> String {
    let end = href.find(['?', '#']).unwrap_or(href.len());
    href[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embed(query: &str) -> EmbedOptions {
        EmbedOptions::from_query(query).expect("embed mode")
    }

    #[test]
    fn embed_mode_needs_embed_1() {
        assert_eq!(EmbedOptions::from_query(""), None);
        assert_eq!(EmbedOptions::from_query("?run=3"), None);
        assert_eq!(EmbedOptions::from_query("?embed=0"), None);
        assert_eq!(EmbedOptions::from_query("?embed=yes"), None);
        assert_eq!(EmbedOptions::from_query("?embed"), None);
        assert_eq!(EmbedOptions::from_query("?embed=1"), Some(EmbedOptions::default()));
        assert_eq!(EmbedOptions::from_query("embed=true"), Some(EmbedOptions::default()));
    }

    #[test]
    fn every_option_is_read() {
        assert_eq!(
            embed(
                "?embed=1&readonly=1&view=effective&theme=dark&height=auto&origin=https://docs.example.com&version=0.18.37"
            ),
            EmbedOptions {
                readonly: true,
                view: View::Effective,
                theme: Theme::Dark,
                height: Height::Auto,
                origin: HostOrigin::Exactly("https://docs.example.com".into()),
                version: DstackVersion::V0_18_37,
            }
        );
        assert_eq!(embed("?embed=1").version, DstackVersion::V0_22_5);
        assert_eq!(embed("?embed=1&version=v0.22.5").version, DstackVersion::V0_22_5);
        assert_eq!(embed("?embed=1&view=problems").view, View::Problems);
        assert_eq!(embed("?embed=1&view=json").view, View::Json);
        assert_eq!(embed("?embed=1&view=offers").view, View::Offers);
        assert_eq!(embed("?embed=1&view=none").view, View::None);
        assert_eq!(embed("?embed=1&theme=light").theme, Theme::Light);
        assert!(embed("?embed=1&readonly=true").readonly);
    }

    #[test]
    fn values_not_understood_keep_the_defaults() {
        assert_eq!(
            embed("?embed=1&readonly=yes&view=everything&theme=blue&height=400&unknown=1&view&version=0.19"),
            EmbedOptions::default()
        );
        assert_eq!(embed("?embed=1&view=JSON").view, View::None);
    }

    #[test]
    fn the_first_occurrence_wins() {
        assert_eq!(embed("?embed=1&view=json&view=offers").view, View::Json);
        assert_eq!(EmbedOptions::from_query("?embed=0&embed=1"), None);
    }

    #[test]
    fn values_are_percent_decoded() {
        assert_eq!(
            embed("?embed=1&origin=https%3A%2F%2FDocs.Example.com%3A8443%2F").origin,
            HostOrigin::Exactly("https://docs.example.com:8443".into())
        );
        assert_eq!(embed("?embed=1&vi%65w=offers").view, View::Offers);
        assert_eq!(decode("a+b%20c%e2%98%83%zz%4"), "a b c☃%zz%4");
        assert_eq!(decode("%ff"), "\u{fffd}");
    }

    #[test]
    fn origins_are_normalized_like_message_event_origin() {
        assert_eq!(origin("https://docs.example.com"), Some("https://docs.example.com".into()));
        assert_eq!(origin("HTTPS://Docs.Example.COM/"), Some("https://docs.example.com".into()));
        assert_eq!(origin("https://docs.example.com:443"), Some("https://docs.example.com".into()));
        assert_eq!(origin("http://localhost:80"), Some("http://localhost".into()));
        assert_eq!(origin("http://127.0.0.1:8091"), Some("http://127.0.0.1:8091".into()));
        assert_eq!(origin("http://[::1]:3000"), Some("http://[::1]:3000".into()));
        assert_eq!(origin("http://[::1]"), Some("http://[::1]".into()));
    }

    #[test]
    fn what_is_not_an_origin_fails_closed() {
        for bad in [
            "docs.example.com",
            "*",
            "null",
            "ftp://docs.example.com",
            "https://",
            "https://docs.example.com/guide",
            "https://docs.example.com?x",
            "https://user@docs.example.com",
            "https://docs.example.com:",
            "https://docs.example.com:99999",
            "https://docs.example.com:8x",
            "https://[]",
        ] {
            assert_eq!(origin(bad), None, "{bad}");
            let query = format!("?embed=1&origin={}", bad.replace('?', "%3F"));
            assert_eq!(embed(&query).origin, HostOrigin::Invalid, "{bad}");
        }
        assert_eq!(embed("?embed=1").origin, HostOrigin::Any);
        assert_eq!(embed("?embed=1&origin=").origin, HostOrigin::Invalid);
    }

    #[test]
    fn a_patch_changes_only_what_it_names() {
        let options = embed("?embed=1&readonly=1&view=json&height=auto&origin=http://localhost:3000");
        let patched = options.patched(&OptionsPatch { view: Some(View::Offers), ..OptionsPatch::default() });
        assert_eq!(patched, EmbedOptions { view: View::Offers, ..options.clone() });
        let patched = options.patched(&OptionsPatch {
            readonly: Some(false),
            view: None,
            theme: Some(Theme::Light),
            version: Some(DstackVersion::V0_18_37),
        });
        assert_eq!(
            patched,
            EmbedOptions { readonly: false, theme: Theme::Light, version: DstackVersion::V0_18_37, ..options.clone() }
        );
        let same = Rc::new(options.clone());
        assert!(Rc::ptr_eq(&same, &same.clone().reduce(OptionsPatch::default())));
    }

    #[test]
    fn names_round_trip() {
        for (view, name) in VIEWS {
            assert_eq!((view.name(), View::from_name(name)), (name, Some(view)));
        }
        for (theme, name) in THEMES {
            assert_eq!((theme.name(), Theme::from_name(name)), (name, Some(theme)));
        }
        assert_eq!(View::choices(), "`none`, `problems`, `json`, `effective` or `offers`");
        assert_eq!(Theme::choices(), "`auto`, `light` or `dark`");
        assert_eq!((Height::Fill.name(), Height::Auto.name()), ("fill", "auto"));
    }

    #[test]
    fn the_playground_url_drops_query_and_fragment() {
        assert_eq!(playground_url("https://x.dev/play/?embed=1&view=json#c=abc"), "https://x.dev/play/");
        assert_eq!(playground_url("https://x.dev/play/#c=abc?d"), "https://x.dev/play/");
        assert_eq!(playground_url("http://127.0.0.1:8091/"), "http://127.0.0.1:8091/");
    }
}
