//! The status line: the verdict, the counts and the rules version.

use dstack_core::{Report, Severity};
use yew::prelude::*;

use super::icons::{Icon, icon};
use super::problems::plural;

/// "Valid" or the error count, then warnings, then the rules and the catalog snapshot date.
pub fn status_bar(report: &Report, snapshot: &str) -> Html {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let valid = errors == 0;
    html! {
        <footer class="statusbar" data-testid="status" data-state={if valid { "valid" } else { "invalid" }}>
            <span class={classes!("verdict", if valid { "valid" } else { "invalid" })} aria-live="polite">
                { icon(if valid { Icon::Check } else { Icon::Error }) }
                { if valid { "Valid".to_string() } else { plural(errors, "error") } }
            </span>
            if warnings > 0 {
                <span class="warnings">{ icon(Icon::Warning) }{ plural(warnings, "warning") }</span>
            }
            <span class="spacer"></span>
            <span class="rules">{ "dstack 0.18.37 rules" }</span>
            <span class="snapshot">{ format!("offers catalog {snapshot}") }</span>
        </footer>
    }
}
