//! The configurations of the Examples menu, written for the playground (files in `web/examples/`,
//! beside dstack's own verdicts on them, which `crates/core/tests/conformance.rs` checks): tasks,
//! then one realistic configuration of every other type.

use dstack_core::model::ConfigType;

/// One entry of the Examples menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// Stable id, used as the menu option's value.
    pub id: &'static str,
    /// Menu label.
    pub title: &'static str,
    /// Its `type`, which groups the menu.
    pub kind: ConfigType,
    /// The YAML text.
    pub text: &'static str,
}

/// What a first visit shows: valid, with offers.
pub const DEFAULT: Example = ALL[0];

/// The example with mistakes in every stage.
pub const BROKEN: Example = ALL[7];

/// Every example, in menu order: the examples of a type are consecutive.
pub const ALL: [Example; 15] = [
    task("fine-tune", "Single-GPU fine-tune", include_str!("../examples/01-fine-tune.yml")),
    task("multi-node", "Multi-node training", include_str!("../examples/02-multi-node.yml")),
    task("tpu", "TPU (JAX)", include_str!("../examples/03-tpu.yml")),
    task("amd", "AMD MI300X", include_str!("../examples/04-amd.yml")),
    task("cpu-only", "CPU-only batch job", include_str!("../examples/05-cpu-only.yml")),
    task("ports", "Ports: notebook + TensorBoard", include_str!("../examples/06-ports.yml")),
    task("deprecated", "Deprecated fields", include_str!("../examples/07-deprecated.yml")),
    task("broken", "Broken: find the mistakes", include_str!("../examples/08-broken.yml")),
    Example {
        id: "service",
        title: "vLLM model endpoint, autoscaled",
        kind: ConfigType::Service,
        text: include_str!("../examples/09-service.yml"),
    },
    Example {
        id: "dev-environment",
        title: "VS Code on a GPU",
        kind: ConfigType::DevEnvironment,
        text: include_str!("../examples/10-dev-environment.yml"),
    },
    Example {
        id: "fleet-cloud",
        title: "Cloud cluster: 2 × 8 H100",
        kind: ConfigType::Fleet,
        text: include_str!("../examples/11-fleet-cloud.yml"),
    },
    Example {
        id: "fleet-ssh",
        title: "Your own servers over SSH",
        kind: ConfigType::Fleet,
        text: include_str!("../examples/12-fleet-ssh.yml"),
    },
    Example {
        id: "gateway",
        title: "Gateway on AWS with a domain",
        kind: ConfigType::Gateway,
        text: include_str!("../examples/13-gateway.yml"),
    },
    Example {
        id: "volume",
        title: "100 GB volume on AWS",
        kind: ConfigType::Volume,
        text: include_str!("../examples/14-volume.yml"),
    },
    Example {
        id: "preset",
        title: "Serve Qwen3 32B (dstack 0.22.5)",
        kind: ConfigType::Preset,
        text: include_str!("../examples/15-preset.yml"),
    },
];

/// A task example.
const fn task(id: &'static str, title: &'static str, text: &'static str) -> Example {
    Example { id, title, kind: ConfigType::Task, text }
}

/// The menu's groups in order: a heading ("Tasks") and that type's examples.
pub fn groups() -> impl Iterator<Item = (&'static str, &'static [Example])> {
    ALL.chunk_by(|a, b| a.kind == b.kind).map(|group| (heading(group[0].kind), group))
}

/// The heading of a type's examples in the menu.
fn heading(kind: ConfigType) -> &'static str {
    match kind {
        ConfigType::Task => "Tasks",
        ConfigType::Service => "Services",
        ConfigType::DevEnvironment => "Dev environments",
        ConfigType::Fleet => "Fleets",
        ConfigType::Gateway => "Gateways",
        ConfigType::Volume => "Volumes",
        ConfigType::Preset => "Presets",
    }
}

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

    /// Every supported release that has the example's type accepts it, so switching the page's
    /// release keeps an example valid; 0.18.37 has no presets.
    #[test]
    fn every_example_but_the_broken_one_is_valid_under_every_release_with_its_type() {
        for version in DstackVersion::SUPPORTED {
            for e in ALL.iter().filter(|e| e.id != BROKEN.id) {
                let report = check(e.text, &Options { version, ..Options::default() });
                let exists = e.kind.exists_in(version);
                assert_eq!(report.count(Severity::Error) == 0, exists, "{} under {version}", e.id);
                assert_eq!(report.normalized.is_some(), exists, "{} under {version}", e.id);
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

    /// The examples of the other types are clean: no error and no warning (remarks may come).
    #[test]
    fn examples_of_the_other_types_have_no_problem() {
        for e in ALL.iter().filter(|e| e.kind != ConfigType::Task) {
            let report = check(e.text, &options());
            assert_eq!(report.count(Severity::Error) + report.count(Severity::Warning), 0, "{}", e.id);
        }
    }

    /// The menu lists every example once, tasks first, one group per type in `ALL`'s order.
    #[test]
    fn groups_cover_every_example_by_type() {
        let headings: Vec<(&str, usize)> = groups().map(|(h, g)| (h, g.len())).collect();
        assert_eq!(
            headings,
            vec![
                ("Tasks", 8),
                ("Services", 1),
                ("Dev environments", 1),
                ("Fleets", 2),
                ("Gateways", 1),
                ("Volumes", 1),
                ("Presets", 1)
            ]
        );
    }

    /// The run examples of the other types get the estimate of dstack 0.22.5's offers oracle
    /// (`offers_oracle_0_22.py` on `web/examples/`): 656 offers for the service, 1,145 for the
    /// dev environment.
    #[test]
    fn run_examples_have_the_offers_dstack_would_list() {
        for (e, count) in [(find("service"), 656), (find("dev-environment"), 1145)] {
            let e = e.expect("example");
            let checked = dstack_check::check(e.text, &dstack_check::Options::default().with_offers(true));
            assert_eq!(checked.offers.estimate().map(|o| o.count), Some(count), "{}", e.id);
        }
    }
}
