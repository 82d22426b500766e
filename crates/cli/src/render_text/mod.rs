//! `--format text`: rustc-style diagnostics with code frames, then a one-line summary per file
//! that names the dstack release that judged it.

mod frame;
mod offers;
mod paint;
mod width;

use dstack_core::json::write_python_int;
use dstack_core::{Diagnostic, DstackVersion, Report, Severity};

use dstack_check::{Checked, names};

use paint::Paint;

/// The full text report of one file: diagnostics, the effective view and offers when present,
/// then the summary line; `color` adds ANSI colours.
pub fn render(file: &str, source: &str, checked: &Checked, color: bool) -> String {
    render_labelled(file, file, source, checked, color)
}

/// [`render`] with the summary line labelled `label` (a Markdown block: `page.md:12`) while
/// locations still name `file`.
pub fn render_labelled(file: &str, label: &str, source: &str, checked: &Checked, color: bool) -> String {
    let Checked { report, offers, version } = checked;
    let mut out = String::new();
    let lines = if report.diagnostics.is_empty() { Vec::new() } else { frame::split_lines(source) };
    for d in &report.diagnostics {
        push_diagnostic(&mut out, file, &lines, d, color);
        out.push('\n');
    }
    if let Some(effective) = &report.effective {
        Paint::new(color, "1").push(&mut out, "effective configuration:");
        out.push('\n');
        out.push_str(&effective.to_pretty_string(2));
        out.push_str("\n\n");
    }
    out.push_str(&offers::offers(offers, color));
    push_summary(&mut out, label, report, *version, color);
    out.push('\n');
    out
}

/// One diagnostic: `severity[code]: message`, the location, the code frame, help and dstack's wording.
#[cfg(test)]
pub fn diagnostic(file: &str, source: &str, d: &Diagnostic, color: bool) -> String {
    let mut out = String::new();
    push_diagnostic(&mut out, file, &frame::split_lines(source), d, color);
    out
}

/// Appends [`diagnostic`]'s text, for a source already split into lines, to `out`.
fn push_diagnostic(out: &mut String, file: &str, source: &[&str], d: &Diagnostic, color: bool) {
    let label = names::severity(d.severity);
    let style = Paint::new(color, severity_style(d.severity));
    let bold = Paint::new(color, "1");
    let blue = Paint::gutter(color);
    let gutter = frame::gutter_width(source, d.range);
    let spaces = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n));

    let mut head = String::with_capacity(label.len() + d.code.len() + 2);
    head.push_str(label);
    head.push('[');
    head.push_str(d.code);
    head.push(']');
    style.push(out, &head);
    head.clear();
    head.push_str(": ");
    head.push_str(&d.message);
    bold.push(out, &head);
    out.push('\n');
    spaces(out, gutter);
    blue.push(out, "-->");
    out.push(' ');
    out.push_str(file);
    out.push(':');
    write_python_int(out, d.range.start.line.into());
    out.push(':');
    write_python_int(out, d.range.start.column.into());
    frame::frame(out, source, d.range, &style);
    let fix = d.fixes.first().map(|f| format!("{} (run with `--fix`)", f.title));
    let notes = [("help", d.help.as_deref()), ("fix", fix.as_deref()), ("dstack", d.dstack.as_deref())];
    for (name, text) in notes.iter().filter_map(|(name, text)| Some((name, (*text)?))) {
        out.push('\n');
        spaces(out, gutter + 1);
        blue.push(out, "=");
        out.push(' ');
        bold.push(out, name);
        out.push_str(": ");
        // Continuation lines are indented under the note's text.
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
                spaces(out, gutter + 3 + name.len() + 2);
            }
            out.push_str(part);
        }
    }
    out.push('\n');
}

/// `file: ok`, `file: ok, 1 warning` or `file: 2 errors, 1 warning, 3 info`, then which release
/// judged it: ` (checked against dstack 0.22.5)`.
#[cfg(test)]
pub fn summary(file: &str, report: &Report, version: DstackVersion, color: bool) -> String {
    let mut out = String::new();
    push_summary(&mut out, file, report, version, color);
    out
}

/// Appends [`summary`]'s text to `out`.
fn push_summary(out: &mut String, file: &str, report: &Report, version: DstackVersion, color: bool) {
    out.push_str(file);
    out.push_str(": ");
    let errors = report.count(Severity::Error);
    if errors == 0 {
        Paint::new(color, "1;32").push(out, "ok");
    } else {
        Paint::new(color, "1;31").push(out, &plural(errors, "error"));
    }
    let warnings = report.count(Severity::Warning);
    if warnings > 0 {
        out.push_str(", ");
        Paint::new(color, "1;33").push(out, &plural(warnings, "warning"));
    }
    let infos = report.count(Severity::Info);
    if infos > 0 {
        out.push_str(", ");
        write_python_int(out, i128::try_from(infos).unwrap_or(i128::MAX));
        out.push_str(" info");
    }
    out.push_str(" (checked against dstack ");
    out.push_str(version.as_str());
    out.push(')');
}

/// `1 word` or `n words`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// The ANSI style of a severity's label, as rustc colours them.
fn severity_style(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    }
}

#[cfg(test)]
mod tests;
