//! The Offers panel: what the configuration would run on and cost, from the bundled catalog (a
//! service's per replica and for its replica range); what a fleet, gateway, volume or preset
//! needs instead of offers.

use dstack_offers::{Catalog, Estimate, FunnelStep, Offer, Replicas};
use yew::prelude::*;

use super::icons::{Icon, icon};
use super::notice::{empty, stale_note};
use super::rich::rich;
use crate::format;

/// Rows shown per breakdown before "n more".
const BREAKDOWN_ROWS: usize = 8;

/// Cheapest offers listed in the embed's compact panel.
const COMPACT_ROWS: usize = 5;

/// What the panel says while the configuration has errors.
const NO_ESTIMATE: &str = "Offers are estimated once the configuration has no errors.";

/// Summary, cheapest offers, breakdowns, funnel, notes and the catalog's provenance; the
/// estimate is `None` until the configuration has no errors, and `stale` when it is an earlier
/// text's.
pub fn offers_panel(estimate: Option<&Estimate>, stale: bool) -> Html {
    let catalog = Catalog::bundled();
    let body = match estimate {
        None => empty(NO_ESTIMATE),
        Some(estimate) => html! {
            <>
                { summary(estimate) }
                if let Some(text) = &estimate.needs {
                    { needs(text) }
                } else if let Some(rejection) = &estimate.rejected {
                    <div class="callout error">
                        { icon(Icon::Error) }
                        <div>
                            <strong>{ "dstack would reject this configuration before searching offers" }</strong>
                            <p>{ rich(&rejection.reason) }{ format!(" ({})", rejection.path) }</p>
                        </div>
                    </div>
                }
                if estimate.count == 0 && estimate.rejected.is_none() {
                    { funnel(estimate, catalog.len()) }
                }
                if !estimate.cheapest.is_empty() {
                    { cheapest(&estimate.cheapest) }
                }
                if estimate.count > 0 {
                    <div class="breakdowns">
                        { breakdown("By backend", estimate.by_backend.iter().map(|(k, v)| (*k, *v)).collect(), estimate.count) }
                        { breakdown("By GPU", estimate.by_gpu.iter().map(|(k, v)| (gpu_label(k), *v)).collect(), estimate.count) }
                        { breakdown("By region", estimate.by_region.iter().map(|(k, v)| (k.as_str(), *v)).collect(), estimate.count) }
                    </div>
                    { funnel(estimate, catalog.len()) }
                }
                { remarks(estimate) }
            </>
        },
    };
    html! {
        <div class="offers">
            <div class={if stale { "panel-body offers-body stale" } else { "panel-body offers-body" }} data-stale={format::flag(stale)}>
                if stale {
                    { stale_note("the offers of the last text without errors. Fix the errors in Problems to update them.") }
                }
                { body }
                <p class="provenance">
                    <strong>{ "Catalog snapshot " }{ catalog.snapshot_date() }</strong>
                    { [" · ", &format::count(catalog.len()), " offers. ", catalog.sources()].concat() }
                </p>
            </div>
        </div>
    }
}

/// The embed's Offers panel: the summary and the few cheapest offers, or why there are none.
pub fn offers_compact(estimate: Option<&Estimate>) -> Html {
    let body = match estimate {
        None => empty(NO_ESTIMATE),
        Some(estimate) => html! {
            <>
                { summary(estimate) }
                if let Some(text) = &estimate.needs {
                    { needs(text) }
                } else if let Some(rejection) = &estimate.rejected {
                    <p class="callout error">{ icon(Icon::Error) }<span>{ rich(&rejection.reason) }</span></p>
                } else if estimate.count == 0 {
                    { funnel(estimate, Catalog::bundled().len()) }
                }
                if !estimate.cheapest.is_empty() {
                    { cheapest(&estimate.cheapest[..estimate.cheapest.len().min(COMPACT_ROWS)]) }
                }
            </>
        },
    };
    html! { <div class="offers"><div class="panel-body offers-body">{ body }</div></div> }
}

fn gpu_label(name: &str) -> &str {
    if name == "none" { "CPU only" } else { name }
}

/// What a configuration that gets no offers needs instead (its estimate's `needs`).
fn needs(text: &str) -> Html {
    html! { <p class="callout needs" data-testid="offers-needs">{ icon(Icon::Info) }<span>{ rich(text) }</span></p> }
}

/// `$1.20 /h` or `$1.20 – $3.50 /h`.
fn hourly(min: f64, max: f64) -> String {
    let mut text = format::usd(min);
    if min != max {
        text.push_str(" – ");
        text.push_str(&format::usd(max));
    }
    text.push_str(" /h");
    text
}

/// The price line of the summary: a service's is per replica.
fn price_range(e: &Estimate) -> String {
    match (e.price_min, e.price_max) {
        (Some(min), Some(max)) if e.replicas.is_some() => hourly(min, max) + " per replica",
        (Some(min), Some(max)) => hourly(min, max),
        _ => "no price".to_string(),
    }
}

/// A service's replica range and its price: `1–3 replicas: $3.50 – $10.50 /h`.
fn replica_range(r: &Replicas) -> String {
    match r.describe() {
        (count, Some((min, max))) => [&count, ": ", &hourly(min, max)].concat(),
        (count, None) => [&count, ": ", dstack_offers::NO_REPLICA_PRICE].concat(),
    }
}

/// Count, price range (a service's per replica, then for its replica range) and spot split;
/// nothing for a configuration that gets no offers.
fn summary(e: &Estimate) -> Html {
    if e.needs.is_some() {
        return html! {};
    }
    let range = price_range(e);
    let run = match (e.nodes, e.run_price_min, e.run_price_max) {
        (nodes, Some(min), Some(max)) if nodes > 1 => {
            Some(format!("{} – {} /h for the {nodes} nodes of a run", format::usd(min), format::usd(max)))
        }
        _ => None,
    };
    html! {
        <section class={if e.count == 0 { "offers-summary none" } else { "offers-summary" }}
            data-testid="offers-summary" data-count={e.count.to_string()} aria-label="Offer summary">
            <div class="summary-count">
                <span class="big">{ format::count(e.count) }</span>
                <span class="unit">{ if e.count == 1 { "offer" } else { "offers" } }</span>
            </div>
            if e.count > 0 {
                <div class="summary-prices">
                    <span class="range">{ range }</span>
                    if let Some(median) = e.price_median {
                        <span class="median">{ "median " }{ format::usd(median) }</span>
                    }
                    if let Some(run) = run {
                        <span class="run">{ run }</span>
                    }
                    if let Some(replicas) = &e.replicas {
                        <span class="run" data-testid="offers-replicas">{ replica_range(replicas) }</span>
                    }
                </div>
                <div class="summary-split">
                    <span class="chip">{ format::count(e.spot) + " spot" }</span>
                    <span class="chip">{ format::count(e.on_demand) + " on-demand" }</span>
                </div>
            }
        </section>
    }
}

/// The cheapest offers, in dstack's order.
fn cheapest(offers: &[Offer]) -> Html {
    html! {
        <section class="offers-section">
            <h3 class="section-title">{ "Cheapest offers" }</h3>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Cheapest offers (scrolls sideways)">
                <table class="offers-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Backend · region" }</th>
                            <th scope="col">{ "Instance" }</th>
                            <th scope="col">{ "GPU" }</th>
                            <th scope="col" class="num">{ "CPU · RAM" }</th>
                            <th scope="col" class="num">{ "$/h" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for offers.iter().map(offer_row) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn offer_row(o: &Offer) -> Html {
    let gpu = match (o.gpu_name, o.gpu_memory) {
        (Some(name), Some(memory)) => format!("{}× {name} {}", o.gpu_count, format::gb(memory)),
        (Some(name), None) => format!("{}× {name}", o.gpu_count),
        _ => "—".to_string(),
    };
    html! {
        <tr>
            <td><span class="backend">{ o.backend }</span><span class="region">{ o.region }</span></td>
            <td class="mono">{ o.instance_name }</td>
            <td>{ gpu }</td>
            <td class="num">{ format!("{} · {}", o.cpu, format::gb(o.memory)) }</td>
            <td class="num price">
                { format::usd(o.price) }
                <span class="kind">{ if o.spot { "spot" } else { "on-demand" } }</span>
            </td>
        </tr>
    }
}

/// One breakdown as labelled bars, largest first.
fn breakdown(title: &'static str, entries: Vec<(&str, usize)>, total: usize) -> Html {
    let rows = largest_first(entries);
    let more = rows.len().saturating_sub(BREAKDOWN_ROWS);
    html! {
        <section class="breakdown" aria-label={title}>
            <h3 class="section-title">{ title }</h3>
            <ul>
                { for rows.iter().take(BREAKDOWN_ROWS).map(|(label, n)| html! {
                    <li>
                        <span class="label" title={label.to_string()}>{ label.to_string() }</span>
                        { bar(*n, total) }
                        <span class="value">{ format::count(*n) }</span>
                    </li>
                }) }
            </ul>
            if more > 0 {
                <p class="more">{ "and " }{ more }{ " more" }</p>
            }
        </section>
    }
}

/// A horizontal bar as SVG (the CSP allows no inline styles).
fn bar(part: usize, whole: usize) -> Html {
    // A sliver keeps a small non-zero count visible; zero stays empty.
    let width = if part == 0 { "0".to_string() } else { format!("{:.2}", format::percent(part, whole).max(1.5)) };
    html! {
        <svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
            <rect class="bar-track" width="100" height="8" rx="4" />
            <rect class="bar-fill" width={width} height="8" rx="4" />
        </svg>
    }
}

/// From the whole catalog down to the result, step by step; with the fix when nothing is left.
fn funnel(e: &Estimate, catalog_size: usize) -> Html {
    if e.funnel.is_empty() {
        return html! {};
    }
    let title = if e.count == 0 { "Why 0 offers" } else { "How the offers were found" };
    let step = |s: &FunnelStep| {
        let blocked = e.blocked_by == Some(s.constraint);
        html! {
            <li class={blocked.then_some("blocked")}>
                <span class="label"><code>{ s.constraint }</code><span class="requirement">{ s.requirement.clone() }</span></span>
                { bar(s.remaining, catalog_size) }
                <span class="value">{ format::count(s.remaining) }</span>
            </li>
        }
    };
    html! {
        <section class={if e.count == 0 { "offers-section funnel empty-result" } else { "offers-section funnel" }}>
            <h3 class="section-title">{ title }</h3>
            <ol>{ for e.funnel.iter().map(step) }</ol>
            if let Some(suggestion) = &e.suggestion {
                <div class="callout suggestion">
                    { icon(Icon::Info) }
                    <p>{ rich(suggestion) }</p>
                </div>
            }
        </section>
    }
}

/// Notes and warnings of the estimate.
fn remarks(e: &Estimate) -> Html {
    if e.notes.is_empty() && e.warnings.is_empty() {
        return html! {};
    }
    html! {
        <section class="offers-section remarks">
            <h3 class="section-title">{ "Notes" }</h3>
            <ul>
                { for e.warnings.iter().map(|w| html! {
                    <li class="warning">
                        { icon(Icon::Warning) }
                        <span>
                            <code>{ w.path.clone() }</code>{ ": " }{ rich(&w.message) }
                            if let Some(help) = &w.help { <span class="help">{ " — " }{ rich(help) }</span> }
                        </span>
                    </li>
                }) }
                { for e.notes.iter().map(|n| html! {
                    <li>{ icon(Icon::Info) }<span>{ rich(n) }</span></li>
                }) }
            </ul>
        </section>
    }
}

/// Rows by count, largest first; ties in label order.
fn largest_first(mut rows: Vec<(&str, usize)>) -> Vec<(&str, usize)> {
    dstack_core::order::sort_by(&mut rows, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breakdown_rows_are_largest_first() {
        let rows = vec![("gcp", 5), ("aws", 9), ("azure", 5)];
        assert_eq!(largest_first(rows), vec![("aws", 9), ("azure", 5), ("gcp", 5)]);
    }

    /// An estimate of `count` offers from $3.50 to $4.25 per hour, without replicas or needs.
    fn estimate(count: usize) -> Estimate {
        Estimate {
            count,
            price_min: Some(3.5),
            price_max: Some(4.25),
            price_median: Some(3.5),
            nodes: 1,
            run_price_min: Some(3.5),
            run_price_max: Some(4.25),
            run_price_median: Some(3.5),
            by_backend: Default::default(),
            by_region: Default::default(),
            by_gpu: Default::default(),
            spot: 0,
            on_demand: count,
            cheapest: vec![],
            funnel: vec![],
            blocked_by: None,
            suggestion: None,
            notes: vec![],
            warnings: vec![],
            rejected: None,
            replicas: None,
            needs: None,
        }
    }

    #[test]
    fn a_service_is_priced_per_replica_and_for_its_replica_range() {
        assert_eq!(price_range(&estimate(2)), "$3.50 – $4.25 /h");
        let replicas = Replicas { min: 1, max: 3, price_min: Some(3.5), price_max: Some(10.5) };
        let service = Estimate { replicas: Some(replicas.clone()), ..estimate(2) };
        assert_eq!(price_range(&service), "$3.50 – $4.25 /h per replica");
        assert_eq!(replica_range(&replicas), "1–3 replicas: $3.50 – $10.50 /h");
        assert_eq!(
            replica_range(&Replicas { min: 0, max: 2, price_min: Some(0.0), price_max: Some(0.5) }),
            "0–2 replicas: $0.000 – $0.500 /h"
        );
        assert_eq!(
            replica_range(&Replicas { min: 1, max: 1, price_min: Some(3.5), price_max: Some(3.5) }),
            "1 replica: $3.50 /h"
        );
        assert_eq!(
            replica_range(&Replicas { min: 2, max: 2, price_min: None, price_max: None }),
            "2 replicas: no price, a replica group has no offers"
        );
    }

    #[test]
    fn cpu_only_offers_are_labelled() {
        assert_eq!(gpu_label("none"), "CPU only");
        assert_eq!(gpu_label("A100"), "A100");
    }
}
