//! The Problems panel: every diagnostic, grouped by the stage of dstack's pipeline that reports it.

use dstack_core::{Diagnostic, DstackVersion, Report, Severity, Stage};
use yew::prelude::*;

use super::icons::{Icon, icon};
use super::rich::rich;
use crate::command::{Cmd, click};
use dstack_check::names::severity as severity_name;

/// Stages in pipeline order, with their headings and the accessible names of their sections.
const STAGES: [(Stage, &str, &str); 4] = [
    (Stage::Yaml, "YAML", "YAML problems"),
    (Stage::Schema, "Schema", "Schema problems"),
    (Stage::Apply, "dstack apply", "dstack apply problems"),
    (Stage::Server, "Server", "Server problems"),
];

/// Problems listed per stage. A file of thousands (a whole document of misspelt keys) took a
/// second and a half per thousand to lay out (each unknown key's help names every known key),
/// and pages of them help no one: the rest are counted, and the editor marks every one.
const LISTED: usize = 100;

/// The list of diagnostics, after a confirmation when `version` finds no error or warning: the
/// remarks (infos, such as I003 on another release's defaults, which most files get) are no problems.
/// Choosing one sends [`Cmd::Select`] to `on`.
pub fn problems(report: &Report, version: DstackVersion, on: &Callback<Cmd>) -> Html {
    let accepted = report.count(Severity::Error) + report.count(Severity::Warning) == 0;
    let body = html! {
        <>
            if accepted {
                <div class="problems-empty" data-testid="no-problems">
                    { icon(Icon::Check) }
                    <span>{ "No problems: dstack " }{ version.as_str() }{ " accepts this configuration." }</span>
                </div>
            }
            { for STAGES.iter().filter_map(|&(stage, title, label)| {
                let items: Vec<(usize, &Diagnostic)> =
                    report.diagnostics.iter().enumerate().filter(|(_, d)| d.stage == stage).collect();
                let more = items.len().saturating_sub(LISTED);
                (!items.is_empty()).then(|| html! {
                    <section class="stage" aria-label={label}>
                        <h3 class="stage-title">{ title }<span class="count">{ items.len() }</span></h3>
                        <ul class="problem-list">
                            { for items.into_iter().take(LISTED).map(|(i, d)| problem(i, d, on)) }
                        </ul>
                        if more > 0 {
                            <p class="problems-more" data-testid="problems-more">
                                { plural(more, "more problem") }{ " not listed here: the editor marks each one (F8 goes to the next)" }
                            </p>
                        }
                    </section>
                })
            }) }
        </>
    };
    html! {
        <div class="problems" data-testid="problems">
            <div class="panel-header">
                <h2 class="panel-title">{ "Problems" }</h2>
                { counts(report) }
            </div>
            <div class="panel-body problems-body">{ body }</div>
        </div>
    }
}

/// Error / warning / info counts as small badges.
fn counts(report: &Report) -> Html {
    html! {
        <span class="counts">
            { for [Severity::Error, Severity::Warning, Severity::Info].into_iter().filter_map(|s| {
                let n = report.count(s);
                (n > 0).then(|| html! {
                    <span class={badge_class(s)} title={plural(n, severity_name(s))}>
                        { icon(Icon::of(s)) }{ n }
                    </span>
                })
            }) }
        </span>
    }
}

/// The class of a count badge of `severity`.
fn badge_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "badge error",
        Severity::Warning => "badge warning",
        Severity::Info => "badge info",
    }
}

/// The class of a problem of `severity`.
fn problem_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "problem error",
        Severity::Warning => "problem warning",
        Severity::Info => "problem info",
    }
}

/// `n` and the noun, plural when `n` is not 1 ("1 error", "2 warnings").
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// The short accessible name of a problem: "error E105, line 5, column 14" (its text is its
/// description).
pub fn accessible_name(d: &Diagnostic) -> String {
    format!("{} {}, line {}, column {}", severity_name(d.severity), d.code, d.range.start.line, d.range.start.column)
}

/// One problem. The whole row selects it (the button's hit area covers the row), but the button
/// is named by its short location alone; the row's text is its description.
fn problem(index: usize, d: &Diagnostic, on: &Callback<Cmd>) -> Html {
    let range = d.range;
    let text_id = format!("problem-{index}");
    let onclick = click(on, Cmd::Select(range));
    let severity = severity_name(d.severity);
    let explanation = dstack_core::codes::lookup(d.code).map(|c| [c.name, ": ", c.explanation].concat());
    html! {
        <li class={problem_class(d.severity)} data-testid="problem" data-line={range.start.line.to_string()}
            data-column={range.start.column.to_string()} data-severity={severity} data-code={d.code}>
            <span class="problem-icon">{ icon(Icon::of(d.severity)) }</span>
            <span class="problem-text" id={text_id.clone()}>
                <span class="problem-message">{ rich(&d.message) }</span>
                if let Some(help) = &d.help {
                    <span class="problem-help"><span class="help-label">{ "help: " }</span>{ rich(help) }</span>
                }
                if let Some(dstack) = &d.dstack {
                    <span class="problem-dstack"><span class="help-label">{ "dstack says: " }</span>{ dstack.clone() }</span>
                }
            </span>
            <span class="problem-meta">
                <span class="code" title={explanation}>{ d.code }</span>
                <button type="button" class="location" aria-describedby={text_id} {onclick}>
                    <span class="sr-only">{ accessible_name(d) }</span>
                    <span class="at" aria-hidden="true">{ range.start.line }{ ":" }{ range.start.column }</span>
                </button>
            </span>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dstack_core::{Position, Range, Stage};

    #[test]
    fn plural_counts() {
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(plural(1, "warning"), "1 warning");
        assert_eq!(plural(3, "info"), "3 infos");
    }

    #[test]
    fn accessible_names_are_short() {
        let at = |line, column| Position { line, column };
        let d = Diagnostic {
            severity: Severity::Error,
            code: "E105",
            message: "a long message".into(),
            path: "spot_policy".into(),
            range: Range { start: at(5, 14), end: at(5, 20) },
            help: None,
            stage: Stage::Schema,
            dstack: None,
            fixes: Vec::new(),
        };
        assert_eq!(accessible_name(&d), "error E105, line 5, column 14");
    }
}
