//! The status line: the verdict, the counts and the rules version.

use dstack_core::{DstackVersion, Report, Severity};
use yew::prelude::*;

use super::icons::{Icon, icon};
use super::problems::plural;

/// "Valid" or the error count, then warnings, then the rules in force and the catalog snapshot date.
pub fn status_bar(report: &Report, version: DstackVersion, snapshot: &str) -> Html {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let valid = errors == 0;
    html! {
        <footer class="statusbar" data-testid="status" data-state={if valid { "valid" } else { "invalid" }}>
            <span class={if valid { "verdict valid" } else { "verdict invalid" }}>
                { icon(if valid { Icon::Check } else { Icon::Error }) }
                { if valid { "Valid".to_string() } else { plural(errors, "error") } }
            </span>
            if warnings > 0 {
                <span class="warnings">{ icon(Icon::Warning) }{ plural(warnings, "warning") }</span>
            }
            <span class="spacer"></span>
            <span class="editor-hint">{ "Esc then Tab leaves the editor · F8: next problem" }</span>
            <span class="rules" data-testid="rules">{ "dstack " }{ version.as_str() }{ " rules" }</span>
            <span class="snapshot">{ "offers catalog " }{ snapshot.to_string() }</span>
        </footer>
    }
}

/// What the live region says about a result: "Valid", "3 errors, 1 warning".
pub fn summary(report: &Report) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let verdict = if errors == 0 { "Valid".to_string() } else { plural(errors, "error") };
    if warnings == 0 { verdict } else { format!("{verdict}, {}", plural(warnings, "warning")) }
}

/// The live region: says `text` once, when it changes (the page sets it when a result settles).
pub fn announcer(text: &str) -> Html {
    html! { <p class="sr-only" role="status" data-testid="announcer">{ text.to_string() }</p> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_say_the_verdict_and_the_warnings() {
        let options = dstack_core::Options { version: DstackVersion::V0_18_37, ..Default::default() };
        let check = |text| summary(&dstack_core::check(text, &options));
        assert_eq!(check("type: task\ncommands: [ls]\n"), "Valid");
        assert_eq!(check("type: task\ncommands: [ls]\nnodes: 0\nbogus: 1\n"), "2 errors");
        assert_eq!(check("type: task\ncommands: [ls]\nports: [22:22]\n"), "Valid, 1 warning");
    }
}
