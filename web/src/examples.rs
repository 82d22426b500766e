//! The configurations of the Examples menu, written for the playground (files in `web/examples/`).

/// One entry of the Examples menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// Stable id, used as the menu option's value.
    pub id: &'static str,
    /// Menu label.
    pub title: &'static str,
    /// The YAML text.
    pub text: &'static str,
}

/// What a first visit shows: valid, with offers.
pub const DEFAULT: Example = ALL[0];

/// The example with mistakes in every stage.
pub const BROKEN: Example = ALL[7];

/// Every example, in menu order.
pub const ALL: [Example; 8] = [
    Example { id: "fine-tune", title: "Single-GPU fine-tune", text: include_str!("../examples/01-fine-tune.yml") },
    Example { id: "multi-node", title: "Multi-node training", text: include_str!("../examples/02-multi-node.yml") },
    Example { id: "tpu", title: "TPU (JAX)", text: include_str!("../examples/03-tpu.yml") },
    Example { id: "amd", title: "AMD MI300X", text: include_str!("../examples/04-amd.yml") },
    Example { id: "cpu-only", title: "CPU-only batch job", text: include_str!("../examples/05-cpu-only.yml") },
    Example { id: "ports", title: "Ports: notebook + TensorBoard", text: include_str!("../examples/06-ports.yml") },
    Example { id: "deprecated", title: "Deprecated fields", text: include_str!("../examples/07-deprecated.yml") },
    Example { id: "broken", title: "Broken: find the mistakes", text: include_str!("../examples/08-broken.yml") },
];

/// The example with this id.
pub fn find(id: &str) -> Option<&'static Example> {
    ALL.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dstack_core::{DstackVersion, Options, Severity, check};

    /// The examples are written for the newest dstack release, the page's default.
    fn options() -> Options {
        Options { version: DstackVersion::NEWEST, ..Options::default() }
    }

    #[test]
    fn ids_are_unique_and_found() {
        for e in &ALL {
            assert_eq!(find(e.id), Some(e));
        }
        assert_eq!(find("nope"), None);
    }

    /// The codes and lines of an example's diagnostics, but the remark on the defaults another
    /// dstack release fills in (I003), which every example without an `image` gets.
    fn codes(example: &Example) -> Vec<(&'static str, u32)> {
        check(example.text, &options())
            .diagnostics
            .iter()
            .filter(|d| d.code != dstack_core::codes::READ_DIFFERENTLY)
            .map(|d| (d.code, d.range.start.line))
            .collect()
    }

    /// Every supported release accepts them, so switching the page's release keeps an example valid.
    #[test]
    fn every_example_but_the_broken_one_is_valid_under_every_release() {
        for version in DstackVersion::SUPPORTED {
            for e in ALL.iter().filter(|e| e.id != BROKEN.id) {
                let report = check(e.text, &Options { version, ..Options::default() });
                assert_eq!(report.count(Severity::Error), 0, "{} under {version}", e.id);
                assert!(report.normalized.is_some(), "{} under {version}", e.id);
            }
        }
    }

    #[test]
    fn examples_raise_exactly_the_remarks_they_are_about() {
        assert_eq!(codes(&DEFAULT), vec![("I001", 6)]);
        assert_eq!(codes(&ALL[6]), vec![("W010", 5), ("W011", 10), ("W010", 11)], "deprecated fields");
        assert_eq!(
            codes(&BROKEN),
            vec![("W002", 8), ("E106", 4), ("E109", 10), ("E109", 11), ("E105", 12), ("E111", 13)]
        );
        for e in &ALL[1..6] {
            assert_eq!(codes(e), vec![], "{}", e.id);
        }
    }
}
