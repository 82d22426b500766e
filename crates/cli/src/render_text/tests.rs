//! Snapshot-style tests: the exact text for hand-built reports.

use dstack_check::Offers;
use dstack_core::{Diagnostic, DstackVersion, Json, Range, Report, Severity, Stage, codes};

use super::*;

fn diag(severity: Severity, code: &'static str, message: &str, range: Range) -> Diagnostic {
    Diagnostic {
        severity,
        code,
        message: message.into(),
        path: String::new(),
        range,
        help: None,
        stage: Stage::Schema,
        dstack: None,
        fixes: Vec::new(),
    }
}

fn report(diagnostics: Vec<Diagnostic>) -> Report {
    Report { parsed: true, normalized: None, effective: None, diagnostics }
}

/// A report and its offers as dstack 0.22.5 judged them.
fn checked(report: Report, offers: Offers) -> Checked {
    Checked { report, offers, version: DstackVersion::V0_22_5 }
}

const TASK: &str = "type: task\nresources:\n  gpus: 2\ncommands:\n  - echo hi\n";

#[test]
fn a_fix_is_named_after_the_help() {
    let mut d = diag(Severity::Error, codes::UNKNOWN_FIELD, "unknown field `gpus`", Range::new(3, 3, 3, 7));
    d.help = Some("did you mean `gpu`?".into());
    d.fixes.push(dstack_core::Fix::new("Rename to `gpu`", Range::new(3, 3, 3, 7), "gpu"));
    d.dstack = Some("extra fields not permitted".into());
    assert_eq!(
        diagnostic("task.yml", TASK, &d, false),
        "\
error[E102]: unknown field `gpus`
 --> task.yml:3:3
  |
3 |   gpus: 2
  |   ^^^^
  = help: did you mean `gpu`?
  = fix: Rename to `gpu` (run with `--fix`)
  = dstack: extra fields not permitted
"
    );
}

#[test]
fn single_line_range_with_help() {
    let mut d = diag(Severity::Error, codes::UNKNOWN_FIELD, "unknown field `gpus`", Range::new(3, 3, 3, 7));
    d.help = Some("did you mean `gpu`?".into());
    d.dstack = Some("extra fields not permitted".into());
    assert_eq!(
        render("task.yml", TASK, &checked(report(vec![d]), Offers::NotRequested), false),
        "\
error[E102]: unknown field `gpus`
 --> task.yml:3:3
  |
3 |   gpus: 2
  |   ^^^^
  = help: did you mean `gpu`?
  = dstack: extra fields not permitted

task.yml: 1 error (checked against dstack 0.22.5)
"
    );
}

#[test]
fn empty_range_gets_one_caret() {
    let d = diag(Severity::Warning, "W001", "something", Range::new(1, 7, 1, 7));
    assert_eq!(
        diagnostic("t.yml", TASK, &d, false),
        "\
warning[W001]: something
 --> t.yml:1:7
  |
1 | type: task
  |       ^
"
    );
}

#[test]
fn multi_line_range() {
    let d = diag(Severity::Error, codes::INVALID_TYPE, "expected a list", Range::new(2, 11, 4, 9));
    assert_eq!(
        diagnostic("t.yml", TASK, &d, false),
        "\
error[E104]: expected a list
 --> t.yml:2:11
  |
2 | resources:
  |           ^
3 |   gpus: 2
  |   ^^^^^^^
4 | commands:
  | ^^^^^^^^
"
    );
}

#[test]
fn range_ending_at_line_start_stops_at_previous_line() {
    let d = diag(Severity::Error, codes::INVALID_TYPE, "bad", Range::new(3, 3, 4, 1));
    assert_eq!(
        diagnostic("t.yml", TASK, &d, false),
        "\
error[E104]: bad
 --> t.yml:3:3
  |
3 |   gpus: 2
  |   ^^^^^^^
"
    );
}

#[test]
fn long_ranges_are_elided() {
    let source = (1..=12).map(|i| format!("line{i}")).collect::<Vec<_>>().join("\n");
    let d = diag(Severity::Error, codes::YAML_SYNTAX, "bad block", Range::new(2, 1, 11, 7));
    assert_eq!(
        diagnostic("t.yml", &source, &d, false),
        "\
error[E001]: bad block
  --> t.yml:2:1
   |
 2 | line2
   | ^^^^^
 3 | line3
   | ^^^^^
...
10 | line10
   | ^^^^^^
11 | line11
   | ^^^^^^
"
    );
}

#[test]
fn unicode_columns_count_characters_and_wide_glyphs() {
    let source = "name: \u{e9}t\u{e9}\ncommands: [\"\u{4e2d}\u{6587}\", bad]\n";
    let first = diag(Severity::Error, codes::INVALID_RUN_NAME, "bad name", Range::new(1, 7, 1, 10));
    assert_eq!(
        diagnostic("t.yml", source, &first, false),
        "\
error[E301]: bad name
 --> t.yml:1:7
  |
1 | name: \u{e9}t\u{e9}
  |       ^^^
"
    );
    let second = diag(Severity::Error, codes::INVALID_TYPE, "bad item", Range::new(2, 19, 2, 22));
    assert_eq!(
        diagnostic("t.yml", source, &second, false),
        "\
error[E104]: bad item
 --> t.yml:2:19
  |
2 | commands: [\"\u{4e2d}\u{6587}\", bad]
  |                     ^^^
"
    );
}

#[test]
fn tabs_expand_to_four_columns() {
    let source = "env:\n\t- A=1\n";
    let d = diag(Severity::Error, codes::YAML_SYNTAX, "tab", Range::new(2, 1, 2, 2));
    let after = diag(Severity::Error, codes::YAML_SYNTAX, "after tab", Range::new(2, 2, 2, 3));
    assert_eq!(
        diagnostic("t.yml", source, &d, false),
        "error[E001]: tab\n --> t.yml:2:1\n  |\n2 |     - A=1\n  | ^^^^\n"
    );
    assert_eq!(
        diagnostic("t.yml", source, &after, false),
        "error[E001]: after tab\n --> t.yml:2:2\n  |\n2 |     - A=1\n  |     ^\n"
    );
}

#[test]
fn crlf_and_end_of_file() {
    let source = "type: task\r\nname: x\r\n";
    let d = diag(Severity::Error, codes::COMMANDS_OR_IMAGE, "nothing to run", Range::new(3, 1, 3, 1));
    assert_eq!(
        diagnostic("t.yml", source, &d, false),
        "error[E118]: nothing to run\n --> t.yml:3:1\n  |\n3 |\n  | ^\n"
    );
    let whole_line = diag(Severity::Error, codes::INVALID_RUN_NAME, "bad", Range::new(2, 7, 2, 8));
    assert_eq!(
        diagnostic("t.yml", source, &whole_line, false),
        "error[E301]: bad\n --> t.yml:2:7\n  |\n2 | name: x\n  |       ^\n"
    );
}

#[test]
fn empty_source() {
    let d = diag(Severity::Error, codes::NOT_A_MAPPING, "empty", Range::new(1, 1, 1, 1));
    assert_eq!(diagnostic("t.yml", "", &d, false), "error[E006]: empty\n --> t.yml:1:1\n  |\n1 |\n  | ^\n");
}

#[test]
fn multi_line_help_is_indented() {
    let mut d = diag(Severity::Info, "I001", "fyi", Range::new(1, 1, 1, 5));
    d.help = Some("first\nsecond".into());
    assert_eq!(
        diagnostic("t.yml", TASK, &d, false),
        "info[I001]: fyi\n --> t.yml:1:1\n  |\n1 | type: task\n  | ^^^^\n  = help: first\n          second\n"
    );
}

#[test]
fn colours() {
    let d = diag(Severity::Warning, "W001", "w", Range::new(1, 1, 1, 5));
    assert_eq!(
        diagnostic("t.yml", TASK, &d, true),
        "\x1b[1;33mwarning[W001]\x1b[0m\x1b[1m: w\x1b[0m\n \
         \x1b[1;34m-->\x1b[0m t.yml:1:1\n  \
         \x1b[1;34m|\x1b[0m\n\
         \x1b[1;34m1 |\x1b[0m type: task\n  \
         \x1b[1;34m|\x1b[0m \x1b[1;33m^^^^\x1b[0m\n"
    );
    assert_eq!(
        summary("t.yml", &report(vec![]), DstackVersion::V0_22_5, true),
        "t.yml: \x1b[1;32mok\x1b[0m (checked against dstack 0.22.5)"
    );
}

#[test]
fn summaries() {
    let e = diag(Severity::Error, codes::INVALID_TYPE, "e", Range::new(1, 1, 1, 2));
    let w = diag(Severity::Warning, "W001", "w", Range::new(1, 1, 1, 2));
    let i = diag(Severity::Info, "I001", "i", Range::new(1, 1, 1, 2));
    let new = DstackVersion::V0_22_5;
    assert_eq!(summary("a", &report(vec![]), new, false), "a: ok (checked against dstack 0.22.5)");
    assert_eq!(
        summary("a", &report(vec![w.clone(), i.clone(), i.clone()]), new, false),
        "a: ok, 1 warning, 2 info (checked against dstack 0.22.5)"
    );
    assert_eq!(
        summary("a", &report(vec![e.clone(), e, w.clone(), w]), DstackVersion::V0_18_37, false),
        "a: 2 errors, 2 warnings (checked against dstack 0.18.37)"
    );
}

#[test]
fn effective_view_is_printed_before_the_summary() {
    let mut r = report(vec![]);
    r.effective = Some(Json::Object(vec![("gpu".into(), Json::Null)]));
    assert_eq!(
        render("a.yml", "", &checked(r, Offers::NotRequested), false),
        "effective configuration:\n{\n  \"gpu\": null\n}\n\na.yml: ok (checked against dstack 0.22.5)\n"
    );
}

mod offers {

    use dstack_offers::{Estimate, FunnelStep, Offer, Rejection, Replicas, Stage as OfferStage, Warning};

    use super::*;

    /// A hand-built estimate with one offer, in the offers crate's field order.
    fn one_offer() -> Estimate {
        Estimate {
            count: 1,
            price_min: Some(3.5),
            price_max: Some(3.5),
            price_median: Some(3.5),
            nodes: 1,
            run_price_min: Some(3.5),
            run_price_max: Some(3.5),
            run_price_median: Some(3.5),
            by_backend: dstack_offers::Counts::from([("gcp", 1)]),
            by_region: dstack_offers::Counts::from([("gcp/us-east5".to_string(), 1)]),
            by_gpu: dstack_offers::Counts::from([("A100", 1)]),
            spot: 1,
            on_demand: 0,
            cheapest: vec![Offer {
                backend: "gcp",
                region: "us-east5",
                instance_name: "a2-ultragpu-2g",
                gpu_count: 2,
                gpu_name: Some("A100"),
                gpu_memory: Some(80.0),
                cpu: 24,
                memory: 340.0,
                disk_size: 100.0,
                spot: true,
                price: 3.5,
            }],
            funnel: vec![FunnelStep { constraint: "catalog", requirement: "all offers".into(), remaining: 9 }],
            blocked_by: None,
            suggestion: None,
            notes: vec![],
            warnings: vec![],
            rejected: None,
            replicas: None,
            needs: None,
        }
    }

    fn rendered(offers: &Offers) -> String {
        render("a.yml", "", &checked(report(vec![]), offers.clone()), false)
    }

    #[test]
    fn not_requested_prints_nothing() {
        assert_eq!(rendered(&Offers::NotRequested), "a.yml: ok (checked against dstack 0.22.5)\n");
    }

    #[test]
    fn unavailable() {
        assert_eq!(
            rendered(&Offers::Unavailable),
            "offers: not estimated: the configuration has errors\n\na.yml: ok (checked against dstack 0.22.5)\n"
        );
    }

    #[test]
    fn cheapest_three_and_price_range() {
        let mut e = one_offer();
        let cheap = e.cheapest[0].clone();
        let mut cpu = cheap.clone();
        (cpu.gpu_count, cpu.gpu_name, cpu.gpu_memory, cpu.spot, cpu.price, cpu.memory) =
            (0, None, None, false, 0.0035, 0.5);
        e.cheapest = vec![cpu, cheap.clone(), cheap.clone(), cheap];
        (e.count, e.spot, e.on_demand, e.nodes) = (5, 4, 1, 2);
        (e.price_min, e.price_max, e.run_price_min, e.run_price_max) =
            (Some(0.0035), Some(12.0), Some(0.007), Some(24.0));
        e.warnings = vec![Warning {
            path: "regions[0]".into(),
            message: "region `us-east` has no offers".into(),
            help: Some("did you mean `us-east1`?".into()),
        }];
        e.notes = vec!["prices are from the bundled snapshot".into()];
        assert_eq!(
            rendered(&Offers::Estimated(Box::new(e))),
            "\
offers: 5 matching (4 spot, 1 on-demand), $0.0035–$12.00 per hour
  2 nodes: $0.0070–$24.00 per run-hour
  gcp us-east5 a2-ultragpu-2g: 24 CPU, 0.5GB RAM, on-demand, $0.0035/h
  gcp us-east5 a2-ultragpu-2g: 2×A100 (80GB), 24 CPU, 340GB RAM, spot, $3.50/h
  gcp us-east5 a2-ultragpu-2g: 2×A100 (80GB), 24 CPU, 340GB RAM, spot, $3.50/h
  … and 2 more
  warning: region `us-east` has no offers (did you mean `us-east1`?)
  note: prices are from the bundled snapshot

a.yml: ok (checked against dstack 0.22.5)
"
        );
    }

    #[test]
    fn funnel_when_nothing_matches() {
        let mut e = one_offer();
        (e.count, e.spot, e.price_min, e.price_max, e.cheapest) = (0, 0, None, None, vec![]);
        e.funnel = vec![
            FunnelStep { constraint: "catalog", requirement: "all offers".into(), remaining: 4521 },
            FunnelStep { constraint: "resources.gpu", requirement: "H100:8".into(), remaining: 31 },
            FunnelStep { constraint: "max_price", requirement: "1.0".into(), remaining: 0 },
        ];
        e.blocked_by = Some("max_price");
        e.suggestion = Some("raise `max_price` to at least 23.5".into());
        assert_eq!(
            rendered(&Offers::Estimated(Box::new(e))),
            "\
offers: none match
  catalog: all offers      4521
  resources.gpu: H100:8      31
  max_price: 1.0              0  <- no offers left
  help: raise `max_price` to at least 23.5

a.yml: ok (checked against dstack 0.22.5)
"
        );
    }

    #[test]
    fn rejected_before_searching() {
        let mut e = one_offer();
        (e.count, e.cheapest) = (0, vec![]);
        e.rejected =
            Some(Rejection { stage: OfferStage::Server, reason: "Run name is invalid".into(), path: "name".into() });
        assert_eq!(
            rendered(&Offers::Estimated(Box::new(e))),
            "offers: none: dstack stops before searching: Run name is invalid (`name`)\n\na.yml: ok (checked against dstack 0.22.5)\n"
        );
    }

    #[test]
    fn a_service_prices_one_replica_and_its_replica_range() {
        let mut e = one_offer();
        (e.count, e.price_max) = (2, Some(4.25));
        e.replicas = Some(Replicas { min: 1, max: 3, price_min: Some(3.5), price_max: Some(10.5) });
        assert_eq!(
            rendered(&Offers::Estimated(Box::new(e))),
            "\
offers: 2 matching (1 spot, 0 on-demand), per replica $3.50–$4.25/h; 1–3 replicas: $3.50–$10.50/h
  gcp us-east5 a2-ultragpu-2g: 2×A100 (80GB), 24 CPU, 340GB RAM, spot, $3.50/h

a.yml: ok (checked against dstack 0.22.5)
"
        );
    }

    #[test]
    fn replica_counts_scale_to_zero_and_groups_without_offers() {
        let head = |replicas| {
            let e = Estimate { replicas: Some(replicas), ..one_offer() };
            rendered(&Offers::Estimated(Box::new(e))).lines().next().unwrap().to_owned()
        };
        assert_eq!(
            head(Replicas { min: 0, max: 2, price_min: Some(0.0), price_max: Some(7.0) }),
            "offers: 1 matching (1 spot, 0 on-demand), per replica $3.50/h; 0–2 replicas: $0–$7.00/h"
        );
        assert_eq!(
            head(Replicas { min: 1, max: 1, price_min: Some(3.5), price_max: Some(3.5) }),
            "offers: 1 matching (1 spot, 0 on-demand), per replica $3.50/h; 1 replica: $3.50/h"
        );
        assert_eq!(
            head(Replicas { min: 2, max: 2, price_min: None, price_max: None }),
            "offers: 1 matching (1 spot, 0 on-demand), per replica $3.50/h; 2 replicas: no price, a replica group has no offers"
        );
    }

    #[test]
    fn what_a_configuration_without_offers_needs() {
        let mut e = one_offer();
        (e.count, e.cheapest, e.funnel) = (0, vec![], vec![]);
        e.rejected = Some(Rejection {
            stage: OfferStage::Type,
            reason: "not a run configuration (type: gateway)".into(),
            path: "type".into(),
        });
        e.needs = Some(
            "a gateway is created in one backend and region, not on offers: the bundled catalog knows `aws` \
             region `us-east-1` (12 catalog rows there)"
                .into(),
        );
        assert_eq!(
            rendered(&Offers::Estimated(Box::new(e))),
            "offers: a gateway is created in one backend and region, not on offers: the bundled catalog knows \
             `aws` region `us-east-1` (12 catalog rows there)\n\na.yml: ok (checked against dstack 0.22.5)\n"
        );
    }
}

#[test]
fn out_of_text_ranges_are_pulled_inside() {
    let d = diag(Severity::Error, codes::LIMIT_EXCEEDED, "far", Range::new(u32::MAX, u32::MAX, u32::MAX, u32::MAX));
    assert_eq!(
        diagnostic("t.yml", "a: 1\nb: 2", &d, false),
        "error[E003]: far\n --> t.yml:4294967295:4294967295\n  |\n2 | b: 2\n  |     ^\n"
    );
    let zero = diag(Severity::Error, codes::LIMIT_EXCEEDED, "zero", Range::new(0, 0, 0, 0));
    assert_eq!(diagnostic("t.yml", "a: 1", &zero, false), "error[E003]: zero\n --> t.yml:0:0\n  |\n1 | a: 1\n  | ^\n");
}
