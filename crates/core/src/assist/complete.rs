//! What can be written at the cursor: keys not yet present, enum values, type names and snippets,
//! all read from the model's description ([`crate::model::describe`]), ranked for the prefix typed.

use super::context::{self, Context, Slot};
use crate::model::ConfigType;
use crate::model::describe::{self, Catalog, Shape};
use crate::model::fields::Field;
use crate::version::DstackVersion;

/// What a completion item writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A key of the mapping at the cursor.
    Key,
    /// A value (an enum value, a type name, a catalog name, an example).
    Value,
    /// A key with a typical value below it (`resources` with a GPU).
    Snippet,
}

impl ItemKind {
    /// The kind's name in the JS module's results and the editor glue: `key`, `value`, `snippet`.
    pub fn name(self) -> &'static str {
        match self {
            ItemKind::Key => "key",
            ItemKind::Value => "value",
            ItemKind::Snippet => "snippet",
        }
    }
}

/// One thing that can be written at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// What the list shows.
    pub label: String,
    /// What kind of thing it writes.
    pub kind: ItemKind,
    /// One line: what it means.
    pub detail: String,
    /// The text that replaces `from..to`.
    pub insert: String,
    /// Position in the list: lower comes first.
    pub rank: u32,
}

/// Everything that can be written at the cursor, replacing `from..to`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    /// Byte offset where the replaced word starts.
    pub from: usize,
    /// Byte offset where it ends.
    pub to: usize,
    /// What is typed of the word up to the cursor: the items match it.
    pub prefix: String,
    /// The items, best first.
    pub items: Vec<Item>,
    /// The catalog whose names fit the value at the cursor (added by `dstack_check::complete`).
    pub catalog: Option<Catalog>,
}

impl Completion {
    /// Adds `label` as a value item when it matches the prefix, ranked after the items of the
    /// same match quality that came before it.
    pub fn push_value(&mut self, label: &str, detail: String, position: u32) {
        // A value typed in full needs no list (which would take the Enter after it).
        if label == self.prefix {
            return;
        }
        if let Some(quality) = quality(label, &self.prefix) {
            let insert = quoted_if_not_string(label);
            self.items.push(Item {
                label: label.to_string(),
                kind: ItemKind::Value,
                detail,
                insert,
                rank: quality + position,
            });
        }
    }

    /// Adds the names of a catalog (with their details) as values, ahead of the values the model
    /// lists that the catalog lacks; a value listed by both takes the catalog's detail and place.
    pub fn add_names<'a>(&mut self, names: impl IntoIterator<Item = (&'a str, String)>) {
        let before = self.items.len();
        let mut matched = vec![false; before];
        let mut count = 0;
        for (position, (name, detail)) in (0u32..).zip(names) {
            count = position + 1;
            match self.items[..before].iter().position(|i| i.kind == ItemKind::Value && i.label == name) {
                Some(k) => {
                    matched[k] = true;
                    let item = &mut self.items[k];
                    item.detail = detail;
                    item.rank = item.rank / QUALITY_STEP * QUALITY_STEP + position;
                }
                None => self.push_value(name, detail, position),
            }
        }
        // The model's values the catalog lacks, and the example, follow the catalog's names.
        for (item, matched) in self.items[..before].iter_mut().zip(matched) {
            if !matched {
                item.rank += count;
            }
        }
    }

    /// Sorts the items best first and keeps the first [`MAX_ITEMS`].
    pub fn finish(&mut self) {
        crate::order::sort_by_key(&mut self.items, |i| i.rank);
        self.items.truncate(MAX_ITEMS);
    }
}

/// The most items a list shows: past that, typing narrows it down faster than scrolling.
pub const MAX_ITEMS: usize = 100;

/// Rank added per step of match quality: a prefix match always comes before a substring match.
const QUALITY_STEP: u32 = 100_000;

/// What can be written at `offset` (bytes into `text`) in a configuration of the type its `type:`
/// names (task when absent), under `version`.
pub fn complete(text: &str, offset: usize, version: DstackVersion) -> Completion {
    let Some(cx) = context::context(text, offset) else {
        let offset = context::floor_char_boundary(text, offset.min(text.len()));
        return Completion { from: offset, to: offset, ..Completion::default() };
    };
    let ty = type_of(text).filter(|t| t.exists_in(version)).unwrap_or_default();
    let mut completion =
        Completion { from: cx.from, to: cx.to, prefix: cx.prefix.clone(), items: Vec::new(), catalog: None };
    let path: Vec<describe::Step> = cx
        .path
        .iter()
        .map(|s| match s {
            context::Step::Key(k) => describe::Step::Key(k),
            context::Step::Item => describe::Step::Item,
        })
        .collect();
    match &cx.slot {
        Slot::Key => keys(&mut completion, &cx, ty, version, &path),
        // Right after `key:` a line break or a space may follow: a list would take the Enter.
        Slot::Value(_) if text[..cx.from].ends_with(':') => {}
        Slot::Value(key) => {
            let mut at = path.clone();
            at.push(describe::Step::Key(key));
            if let Some(place) = describe::place(ty, version, &at) {
                completion.catalog = place.field.and_then(|f| f.about.catalog);
                values(&mut completion, place.shape, version, place.field.and_then(|f| f.about.example));
            }
        }
        Slot::Item => {
            let list = path.split_last().and_then(|(_, parent)| describe::place(ty, version, parent));
            completion.catalog = list.and_then(|p| p.field).and_then(|f| f.about.catalog);
            if let Some(item) = describe::place(ty, version, &path) {
                values(&mut completion, item.shape, version, None);
                if item.shape.object(version).is_some() {
                    keys(&mut completion, &cx, ty, version, &path);
                }
            }
        }
    }
    completion.finish();
    completion
}

/// The keys of the mapping at `path` not yet written, and the snippets that start with one.
fn keys(completion: &mut Completion, cx: &Context, ty: ConfigType, version: DstackVersion, path: &[describe::Step]) {
    let fields = describe::keys(ty, version, path);
    for (position, field) in (0u32..).zip(&fields) {
        if cx.present.iter().any(|k| k == field.name) {
            continue;
        }
        let Some(quality) = quality(field.name, &cx.prefix) else { continue };
        // Keys the configuration needs come first, then the usual ones, then the table's order.
        let usual = COMMON.iter().position(|k| *k == field.name);
        let rank = quality
            + match (field.about.required, usual) {
                (true, _) => 2 * position,
                (false, Some(i)) => 1_000 + 10 * i as u32,
                // Fields a later release removed are deprecated in this one: last.
                (false, None) if field.removed.is_some() => 5_000 + 2 * position,
                (false, None) => 2_000 + 2 * position,
            };
        let detail = field.about.doc(version).to_string();
        let insert = if cx.colon_follows { field.name.to_string() } else { key_insert(field, version, cx.indent) };
        completion.items.push(Item { label: field.name.to_string(), kind: ItemKind::Key, detail, insert, rank });
        if !cx.colon_follows
            && let Some(snippet) = SNIPPETS.iter().find(|s| s.key == field.name && s.types.contains(&ty))
        {
            let body = snippet.body.replace('\n', &format!("\n{}", " ".repeat(cx.indent)));
            completion.items.push(Item {
                label: format!("{} ({})", field.name, snippet.what),
                kind: ItemKind::Snippet,
                detail: snippet.detail.to_string(),
                insert: format!("{}:{body}", field.name),
                rank: rank + 1,
            });
        }
    }
}

/// The values `shape` allows that can be listed: enum values, type names, booleans; else the
/// key's example.
fn values(completion: &mut Completion, shape: &'static Shape, version: DstackVersion, example: Option<&str>) {
    if let Shape::TypeName = shape.at(version) {
        for (position, ty) in (0u32..).zip(ConfigType::ALL.iter().filter(|t| t.exists_in(version))) {
            completion.push_value(ty.tag(), format!("a {} configuration", ty.noun()), position);
        }
    } else if let Some(list) = shape.enum_values(version) {
        for (position, value) in (0u32..).zip(list) {
            completion.push_value(value, String::new(), position);
        }
    } else if is_bool(shape, version) {
        completion.push_value("true", String::new(), 0);
        completion.push_value("false", String::new(), 1);
    } else if let Some(example) = example.filter(|e| !e.contains('\n')) {
        completion.push_value(example, "example".to_string(), 900);
    }
}

fn is_bool(shape: &'static Shape, version: DstackVersion) -> bool {
    match shape.at(version) {
        Shape::Bool => true,
        Shape::OneOf(forms) => forms.iter().any(|f| is_bool(f, version)),
        _ => false,
    }
}

/// A key and what starts its value: a line below for a mapping or a list, a space otherwise.
fn key_insert(field: &Field, version: DstackVersion, indent: usize) -> String {
    let inner = " ".repeat(indent + 2);
    match field.about.shape.at(version) {
        Shape::Object(_) => format!("{}:\n{inner}", field.name),
        Shape::List(_) => format!("{}:\n{inner}- ", field.name),
        _ => format!("{}: ", field.name),
    }
}

/// Keys most configurations write, most used first (counted in dstack's examples): they lead the
/// list before the others in the table's order. Only an order: the keys come from the description.
const COMMON: [&str; 8] = ["name", "image", "python", "commands", "resources", "env", "ports", "ide"];

/// A common block written in one go.
struct Snippet {
    /// The key it writes.
    key: &'static str,
    /// The types that have it.
    types: &'static [ConfigType],
    /// Shown beside the key in the list.
    what: &'static str,
    /// One line: what it asks for.
    detail: &'static str,
    /// What follows `key:`, indented from the key's column.
    body: &'static str,
}

const RUNS: &[ConfigType] = &[ConfigType::Task, ConfigType::Service, ConfigType::DevEnvironment];

const SNIPPETS: [Snippet; 4] = [
    Snippet {
        key: "resources",
        types: &[ConfigType::Task, ConfigType::Service, ConfigType::DevEnvironment, ConfigType::Fleet],
        what: "with a GPU",
        detail: "One GPU with at least 24 GB of memory.",
        body: "\n  gpu: 24GB\n",
    },
    Snippet {
        key: "retry",
        types: RUNS,
        what: "on no capacity",
        detail: "Retry for up to an hour when no offer has capacity.",
        body: "\n  on_events: [no-capacity]\n  duration: 1h\n",
    },
    Snippet {
        key: "scaling",
        types: &[ConfigType::Service],
        what: "by requests per second",
        detail: "Add replicas above 10 requests per second each.",
        body: "\n  metric: rps\n  target: 10\n",
    },
    Snippet {
        key: "commands",
        types: &[ConfigType::Task, ConfigType::Service],
        what: "list",
        detail: "Shell commands, run one after the other.",
        body: "\n  - pip install -r requirements.txt\n  - python train.py\n",
    },
];

/// How well `label` matches `prefix` as a rank offset: it starts with it, or one of its words
/// (after `_`, `-` or `.`) does (`pol` finds `spot_policy`); `None` when neither. Case does not
/// matter.
fn quality(label: &str, prefix: &str) -> Option<u32> {
    let starts = |text: &str| text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix));
    if starts(label) {
        Some(0)
    } else {
        let mut words = label.match_indices(['_', '-', '.']).map(|(i, _)| &label[i + 1..]);
        words.any(starts).then_some(QUALITY_STEP)
    }
}

/// `value` as YAML that reads it as a string: quoted when plain it would be a number or a bool.
fn quoted_if_not_string(value: &str) -> String {
    let lower = value.to_ascii_lowercase();
    let bool_like = ["yes", "no", "on", "off", "true", "false", "y", "n", "null", "~"].contains(&lower.as_str());
    // Digits with dots, signs or exponents (`3.10`, `1e3`): a plain number (parsing it as a float
    // would bring float parsing's tables into the page).
    let number_like = value.bytes().any(|b| b.is_ascii_digit())
        && value.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'+' | b'-' | b'e' | b'E'));
    if number_like || (bool_like && value != "true" && value != "false") {
        format!("\"{value}\"")
    } else {
        value.to_string()
    }
}

/// The type `type:` names at the top level, if it names one.
pub fn type_of(text: &str) -> Option<ConfigType> {
    text.lines().find_map(|line| {
        let value = line.strip_prefix("type:")?;
        let value = value.split(" #").next().unwrap_or_default().trim();
        ConfigType::from_tag(value.trim_matches(['"', '\'']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The labels offered at the `^` in `marked`.
    fn labels(marked: &str, version: DstackVersion) -> Vec<String> {
        let offset = marked.find('^').expect("a cursor mark");
        let text = format!("{}{}", &marked[..offset], &marked[offset + 1..]);
        complete(&text, offset, version).items.into_iter().map(|i| i.label).collect()
    }

    fn newest(marked: &str) -> Vec<String> {
        labels(marked, DstackVersion::NEWEST)
    }

    /// The first item at the `^` in `marked`: label, insert, detail.
    fn first(marked: &str, version: DstackVersion) -> (String, String, String, Option<Catalog>) {
        let offset = marked.find('^').expect("a cursor mark");
        let text = format!("{}{}", &marked[..offset], &marked[offset + 1..]);
        let c = complete(&text, offset, version);
        let item = c.items.into_iter().next().expect("an item");
        (item.label, item.insert, item.detail, c.catalog)
    }

    #[test]
    fn top_level_keys_by_prefix_then_by_letters() {
        assert_eq!(newest("type: task\nspo^"), ["spot_policy"]);
        assert_eq!(newest("type: task\npol^"), ["spot_policy", "creation_policy", "utilization_policy"]);
        assert_eq!(newest("type: task\nSPO^"), ["spot_policy"]);
        let c = complete("type: task\nspo", 14, DstackVersion::NEWEST);
        assert_eq!((c.from, c.to, c.prefix.as_str()), (11, 14, "spo"));
        assert_eq!(
            (c.items[0].kind, c.items[0].insert.as_str(), c.items[0].detail.as_str()),
            (ItemKind::Key, "spot_policy: ", "Spot or on-demand instances.")
        );
        // 0.18.37 has no `utilization_policy`; its `termination_policy` and `retry_policy` are
        // deprecated (0.20 removed them).
        assert_eq!(
            labels("pol^", DstackVersion::V0_18_37),
            ["spot_policy", "creation_policy", "termination_policy", "retry_policy"]
        );
        // The required key, then the usual ones, then the table's order.
        assert_eq!(newest("^")[..6], ["type", "name", "image", "python", "commands", "commands (list)"]);
        assert_eq!(newest("type: task\nname: x\n^")[..2], ["image", "python"]);
    }

    #[test]
    fn nested_keys_skip_those_present_and_open_their_value() {
        assert_eq!(newest("resources:\n  memory: 8GB\n  ^"), ["cpu", "shm_size", "gpu", "disk"]);
        assert_eq!(newest("resources:\n  gp^"), ["gpu"]);
        assert_eq!(newest("type: service\nscaling:\n  metric: rps\n  ^")[..2], ["target", "window"]);
        assert_eq!(newest("type: task\nscaling:\n  ^"), Vec::<String>::new());
        let (label, insert, _, _) = first("type: task\nresources:\n  gpu:\n    na^", DstackVersion::NEWEST);
        assert_eq!((label.as_str(), insert.as_str()), ("name", "name: "));
        assert_eq!(first("registry^", DstackVersion::NEWEST).1, "registry_auth:\n  ");
        assert_eq!(newest("resources:\n  back^"), Vec::<String>::new());
    }

    #[test]
    fn a_key_being_renamed_keeps_its_value() {
        assert_eq!(first("spo^: auto", DstackVersion::NEWEST).1, "spot_policy");
    }

    #[test]
    fn snippets_write_a_block_at_the_key_indentation() {
        let c = complete("type: task\nres", 14, DstackVersion::NEWEST);
        let found: Vec<(&str, ItemKind, &str)> =
            c.items.iter().map(|i| (i.label.as_str(), i.kind, i.insert.as_str())).collect();
        assert_eq!(
            found,
            [
                ("resources", ItemKind::Key, "resources:\n  "),
                ("resources (with a GPU)", ItemKind::Snippet, "resources:\n  gpu: 24GB\n"),
                ("reservation", ItemKind::Key, "reservation: "),
            ]
        );
        // In a replica group, indented from the key's column.
        let text = "type: service\nreplicas:\n  - name: a\n    resou";
        let c = complete(text, text.len(), DstackVersion::NEWEST);
        let inserts: Vec<&str> = c.items.iter().map(|i| i.insert.as_str()).collect();
        assert_eq!(inserts, ["resources:\n      ", "resources:\n      gpu: 24GB\n    "]);
    }

    #[test]
    fn enum_values_type_names_and_catalog_slots() {
        assert_eq!(newest("spot_policy: ^"), ["spot", "on-demand", "auto"]);
        assert_eq!(newest("spot_policy: a^"), ["auto"]);
        assert_eq!(newest("creation_policy: ^"), ["reuse", "reuse-or-create"]);
        assert_eq!(newest("resources:\n  gpu:\n    vendor: ^"), ["amd", "google", "intel", "nvidia", "tenstorrent"]);
        assert_eq!(
            labels("resources:\n  gpu:\n    vendor: ^", DstackVersion::V0_18_37),
            ["nvidia", "amd", "google", "intel"]
        );
        assert_eq!(newest("type: dev-environment\nide: ^"), ["vscode", "cursor", "windsurf", "zed"]);
        assert_eq!(newest("retry:\n  on_events: [no-capacity, ^"), ["no-capacity", "interruption", "error"]);
        assert_eq!(newest("type: ta^"), ["task"]);
        // Nothing right after the colon, nor for a value typed in full.
        assert_eq!(newest("spot_policy:^"), Vec::<String>::new());
        assert_eq!(newest("type: task^"), Vec::<String>::new());
        assert_eq!(
            labels("type: ^", DstackVersion::V0_18_37),
            ["dev-environment", "task", "service", "fleet", "gateway", "volume"]
        );
        // Numbers are quoted, or YAML reads `3.10` as 3.1.
        assert_eq!(first("python: ^", DstackVersion::NEWEST).1, "\"3.9\"");
        assert_eq!(
            first("resources:\n  gpu: ^", DstackVersion::NEWEST),
            ("A100:2".into(), "A100:2".into(), "example".into(), Some(Catalog::Gpu))
        );
        assert_eq!(first("backends: [^", DstackVersion::NEWEST).3, Some(Catalog::Backend));
        assert_eq!(complete("regions:\n  - ", 13, DstackVersion::NEWEST).catalog, Some(Catalog::Region));
        assert_eq!(complete("instance_types: [", 17, DstackVersion::NEWEST).catalog, Some(Catalog::InstanceType));
        assert_eq!(complete("resources:\n  gpu:\n    name: ", 29, DstackVersion::NEWEST).catalog, Some(Catalog::Gpu));
    }

    #[test]
    fn nothing_in_comments_or_block_scalars() {
        let c = complete("# spo", 5, DstackVersion::NEWEST);
        assert_eq!((c.from, c.to, c.items.len()), (5, 5, 0));
        assert_eq!(newest("commands:\n  - |\n    sp^"), Vec::<String>::new());
    }

    #[test]
    fn every_offset_of_tricky_texts_is_answered() {
        let texts = [
            "type: service\r\nport: 80\r\nresources:\r\n  gpu: {name: [A100, H1\r\n",
            "- - a: [b, {c: d\n  - ] }\n\t- x:\n\"k\": 'v' # c\n? q\n: r\n",
            "commands:\n  - |\n    é😀\u{2028}x: 1\u{85}\n  - >-\n\n\ny: \"a\\\"b\n",
            "a:\rb:\r  c: [\r---\n...\n%YAML 1.1\nd: {e: ,: f}\n}\n]\n'\n\"",
        ];
        for text in texts {
            for offset in 0..=text.len() + 1 {
                let c = complete(text, offset, DstackVersion::NEWEST);
                assert!(c.from <= c.to && c.to <= text.len(), "{text:?} at {offset}: {}..{}", c.from, c.to);
                assert!(text.is_char_boundary(c.from) && text.is_char_boundary(c.to));
            }
        }
    }
}
