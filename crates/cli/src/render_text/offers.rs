//! The `--offers` part of the text report: count and price range (a service's per replica and for
//! its replica range), the cheapest offers, and the funnel when nothing matches (so the reader sees
//! which constraint removed the last offers); for a fleet, gateway, volume or preset, what it
//! needs instead of offers.

use dstack_offers::{Estimate, Offer, Replicas};

use super::paint::Paint;
use dstack_check::Offers;

/// How many of the cheapest offers the text report lists.
const SHOWN: usize = 3;

/// The offers section (empty when offers were not requested), ending with a blank line.
pub(crate) fn offers(offers: &Offers, color: bool) -> String {
    let bold = Paint::new(color, "1");
    let lines = match offers {
        Offers::NotRequested => return String::new(),
        Offers::Unavailable => vec![format!("{} not estimated: the configuration has errors", bold.apply("offers:"))],
        Offers::Estimated(estimate) => estimated(estimate, &bold),
    };
    format!("{}\n\n", lines.join("\n"))
}

fn estimated(e: &Estimate, bold: &Paint) -> Vec<String> {
    let head = bold.apply("offers:");
    if let Some(needs) = &e.needs {
        return vec![format!("{head} {needs}")];
    }
    if let Some(rejected) = &e.rejected {
        return vec![format!("{head} none: dstack stops before searching: {} (`{}`)", rejected.reason, rejected.path)];
    }
    let mut lines = Vec::new();
    match (e.count, e.price_min, e.price_max) {
        (0, _, _) => {
            lines.push(format!("{head} none match"));
            let labels: Vec<String> = e.funnel.iter().map(|s| format!("{}: {}", s.constraint, s.requirement)).collect();
            let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
            for (step, label) in e.funnel.iter().zip(labels) {
                let blocked = if e.blocked_by == Some(step.constraint) { "  <- no offers left" } else { "" };
                lines.push(format!("  {label:width$}  {:>6}{blocked}", step.remaining));
            }
            if let Some(suggestion) = &e.suggestion {
                lines.push(format!("  help: {suggestion}"));
            }
        }
        (count, Some(low), Some(high)) => {
            let prices = match &e.replicas {
                Some(replicas) => format!("per replica {}/h; {}", range(low, high), replica_range(replicas)),
                None => format!("{} per hour", range(low, high)),
            };
            lines.push(format!("{head} {count} matching ({} spot, {} on-demand), {prices}", e.spot, e.on_demand));
            if let (true, Some(run_low), Some(run_high)) = (e.nodes > 1, e.run_price_min, e.run_price_max) {
                lines.push(format!("  {} nodes: {} per run-hour", e.nodes, range(run_low, run_high)));
            }
            lines.extend(e.cheapest.iter().take(SHOWN).map(|o| format!("  {}", offer(o))));
            if count > SHOWN {
                lines.push(format!("  … and {} more", count - SHOWN));
            }
        }
        (count, _, _) => lines.push(format!("{head} {count} matching")),
    }
    lines.extend(e.warnings.iter().map(|w| match &w.help {
        Some(help) => format!("  warning: {} ({help})", w.message),
        None => format!("  warning: {}", w.message),
    }));
    lines.extend(e.notes.iter().map(|n| format!("  note: {n}")));
    lines
}

/// `1–3 replicas: $1.20–$3.60/h`, or `2 replicas: $2.40/h`; without a price when a replica group
/// that needs replicas has no offer.
fn replica_range(r: &Replicas) -> String {
    match r.describe() {
        (count, Some((low, high))) => format!("{count}: {}/h", range(low, high)),
        (count, None) => format!("{count}: {}", dstack_offers::NO_REPLICA_PRICE),
    }
}

/// `$1.20–$3.50`, or one price when both ends are equal.
fn range(low: f64, high: f64) -> String {
    if low == high { dollars(low) } else { format!("{}–{}", dollars(low), dollars(high)) }
}

/// Cents for prices of a dollar or more, four decimals below (CPU offers cost fractions of a cent);
/// `$0` for nothing (a service scaled to zero replicas).
fn dollars(price: f64) -> String {
    if price == 0.0 {
        "$0".to_string()
    } else if price >= 1.0 {
        format!("${price:.2}")
    } else {
        format!("${price:.4}")
    }
}

/// `gcp us-east5 a2-ultragpu-2g: 2×A100 (80GB), 24 CPU, 340GB RAM, spot, $3.56/h`.
fn offer(o: &Offer) -> String {
    let gpu = match (o.gpu_name, o.gpu_memory) {
        (Some(name), Some(memory)) => format!("{}×{name} ({}GB), ", o.gpu_count, number(memory)),
        (Some(name), None) => format!("{}×{name}, ", o.gpu_count),
        _ => String::new(),
    };
    let kind = if o.spot { "spot" } else { "on-demand" };
    format!(
        "{} {} {}: {gpu}{} CPU, {}GB RAM, {kind}, {}/h",
        o.backend,
        o.region,
        o.instance_name,
        o.cpu,
        number(o.memory),
        dollars(o.price)
    )
}

/// `80` for whole numbers, `0.5` otherwise.
fn number(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { v.to_string() }
}
