//! `--format text`: rustc-style diagnostics with code frames, then a one-line summary per file
//! that names the dstack release that judged it.

mod frame;
mod offers;
mod paint;
mod width;

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
    // Only frames need the lines; a clean report of a long file does not split it.
    let lines = if report.diagnostics.is_empty() { Vec::new() } else { frame::split_lines(source) };
    for d in &report.diagnostics {
        out.push_str(&diagnostic_in(file, &lines, d, color));
        out.push('\n');
    }
    if let Some(effective) = &report.effective {
        out.push_str(&Paint::new(color, "1").apply("effective configuration:"));
        out.push('\n');
        out.push_str(&effective.to_pretty_string(2));
        out.push_str("\n\n");
    }
    out.push_str(&offers::offers(offers, color));
    out.push_str(&summary(label, report, *version, color));
    out.push('\n');
    out
}

/// One diagnostic: `severity[code]: message`, the location, the code frame, help and dstack's wording.
#[cfg(test)]
pub fn diagnostic(file: &str, source: &str, d: &Diagnostic, color: bool) -> String {
    diagnostic_in(file, &frame::split_lines(source), d, color)
}

/// [`diagnostic`] in a source already split into lines.
fn diagnostic_in(file: &str, source: &[&str], d: &Diagnostic, color: bool) -> String {
    let label = names::severity(d.severity);
    let style = Paint::new(color, severity_style(d.severity));
    let blue = Paint::gutter(color);
    let gutter = " ".repeat(frame::gutter_width(source, d.range));

    let mut lines = vec![format!(
        "{}{}",
        style.apply(&format!("{label}[{}]", d.code)),
        Paint::new(color, "1").apply(&format!(": {}", d.message)),
    )];
    lines.push(format!("{gutter}{} {file}:{}:{}", blue.apply("-->"), d.range.start.line, d.range.start.column));
    lines.extend(frame::frame(source, d.range, &style));
    // A fix is named with how to make it, so the text report says which problems `--fix` solves.
    let fix = d.fixes.first().map(|f| format!("{} (run with `--fix`)", f.title));
    let notes = [("help", d.help.as_deref()), ("fix", fix.as_deref()), ("dstack", d.dstack.as_deref())];
    for (name, text) in notes.iter().filter_map(|(name, text)| Some((name, (*text)?))) {
        // Continuation lines of a multi-line note line up under its first line.
        let indent = format!("\n{gutter}   {}", " ".repeat(name.len() + 2));
        lines.push(format!(
            "{gutter} {} {}: {}",
            blue.apply("="),
            Paint::new(color, "1").apply(name),
            text.replace('\n', &indent)
        ));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// `file: ok`, `file: ok, 1 warning` or `file: 2 errors, 1 warning, 3 info`, then which release
/// judged it: ` (checked against dstack 0.22.5)`.
pub fn summary(file: &str, report: &Report, version: DstackVersion, color: bool) -> String {
    let errors = report.count(Severity::Error);
    let mut parts = Vec::new();
    if errors == 0 {
        parts.push(Paint::new(color, "1;32").apply("ok"));
    } else {
        parts.push(Paint::new(color, "1;31").apply(&plural(errors, "error")));
    }
    let warnings = report.count(Severity::Warning);
    if warnings > 0 {
        parts.push(Paint::new(color, "1;33").apply(&plural(warnings, "warning")));
    }
    let infos = report.count(Severity::Info);
    if infos > 0 {
        parts.push(format!("{infos} info"));
    }
    format!("{file}: {} (checked against dstack {version})", parts.join(", "))
}

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
