//! The embed's result bar: verdict, problem counts, offer count, and the way to the full playground.

use dstack_core::{Report, Severity};
use yew::prelude::*;

use super::icons::{Icon, icon};
use super::problems::plural;
use super::rich::rich;
use crate::format;

/// One line under the editor; `offers` is `None` while there are errors, `link` opens the same
/// text in the full playground. With `first_problem` (no Problems panel below), the first error's
/// message follows the count, so "1 error" never stands alone.
pub fn embed_bar(report: &Report, offers: Option<usize>, link: &str, first_problem: bool) -> Html {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let infos = report.count(Severity::Info);
    let valid = errors == 0;
    let first = report.diagnostics.iter().find(|d| d.severity == Severity::Error).filter(|_| first_problem);
    let offers_label = offers.map(|n| match n {
        1 => "1 offer".to_string(),
        n => format!("{} offers", format::count(n)),
    });
    html! {
        <footer class="embed-bar" data-testid="status" data-state={if valid { "valid" } else { "invalid" }}
            data-errors={errors.to_string()} data-warnings={warnings.to_string()}
            data-offers={offers.map(|n| n.to_string())}>
            <span class={if valid { "verdict valid" } else { "verdict invalid" }}>
                { icon(if valid { Icon::Check } else { Icon::Error }) }
                { if valid { "Valid".to_string() } else { plural(errors, "error") } }
            </span>
            if warnings > 0 {
                <span class="warnings">{ icon(Icon::Warning) }{ plural(warnings, "warning") }</span>
            }
            if infos > 0 {
                <span class="infos">{ icon(Icon::Info) }{ plural(infos, "note") }</span>
            }
            if let Some(label) = offers_label {
                <span class="embed-offers" title="Matching offers in the bundled catalog">{ label }</span>
            }
            if let Some(d) = first {
                <span class="embed-first" title={format!("{} ({}, {}:{})", d.message, d.code, d.range.start.line, d.range.start.column)}>
                    { rich(&d.message) }
                </span>
            } else {
                <span class="spacer"></span>
            }
            <a class="embed-open" href={link.to_string()} target="_blank" rel="noopener noreferrer"
                aria-label="Open in playground" title="Open this configuration in the full playground (new tab)">
                <span>{ "Open in playground" }</span>{ icon(Icon::External) }
            </a>
        </footer>
    }
}
