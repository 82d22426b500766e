//! `dstack-check`: the process around the `dstack_check` library (arguments, files, exit status)
//! and the text format.

mod alloc;
mod args;
mod diff;
mod fix;
mod markdown;
mod read;
#[cfg(target_os = "linux")]
mod read_ahead;
mod region;
mod render_text;
mod workers;

use std::borrow::Cow;
use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::process::ExitCode;

use args::{Command, FixMode, Format};
use dstack_check::Options;

/// A report is thousands of small allocations, all freed once it is written: the main thread
/// cuts them from a region that each file's report reuses ([`region`]), over mimalloc, which
/// made them about a third of the process's time instead of half (as Ruff and other Rust
/// linters use it).
#[global_allocator]
static ALLOCATOR: region::Region = region::Region;

/// Every file was checked and none has an error.
pub(crate) const EXIT_OK: u8 = 0;
/// At least one file has an error.
pub(crate) const EXIT_INVALID: u8 = 1;
/// Bad command line, unreadable file, or output that could not be written.
pub(crate) const EXIT_TROUBLE: u8 = 2;

fn main() -> ExitCode {
    region::own();
    match args::parse(std::env::args_os().skip(1)) {
        Ok(Command::Help) => print_or_trouble(&args::help()),
        Ok(Command::Version) => print_or_trouble(&format!("dstack-check {}\n", env!("CARGO_PKG_VERSION"))),
        Ok(Command::Explain(code)) => match dstack_core::codes::lookup(&code) {
            Some(info) => print_or_trouble(&format!("{} ({})\n\n{}\n", info.code, info.name, info.explanation)),
            None => {
                eprintln!("dstack-check: error: no diagnostic code `{code}` (codes look like E102 or W001)");
                ExitCode::from(EXIT_TROUBLE)
            }
        },
        Ok(Command::Schema(version, ty)) => {
            print_or_trouble(&format!("{}\n", dstack_core::json_schema::json_schema(version, ty).to_pretty_string(2)))
        }
        Ok(Command::Check { format, options, files, markdown: false, fix, threads }) => {
            ExitCode::from(run(format, fix, threads, &options, &files))
        }
        Ok(Command::Check { format, options, files, markdown: true, threads, .. }) => {
            ExitCode::from(markdown::run(format, threads, &options, &files))
        }
        Err(e) => {
            eprintln!("dstack-check: error: {e}\n{}\nTry `dstack-check --help` for more information.", args::USAGE);
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}

fn print_or_trouble(text: &str) -> ExitCode {
    match io::stdout().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(_) => ExitCode::from(EXIT_TROUBLE),
    }
}

/// Checks every file in order (after making its fixes with `--fix`), printing each report (with
/// `--diff`: each diff) as soon as it is ready. Files only checked go to [`workers`], many of them
/// on several threads (`threads`: `--threads`), their reports printed in the same order.
fn run(format: Format, fix: FixMode, threads: Option<NonZeroUsize>, options: &Options, files: &[OsString]) -> u8 {
    let mut stdout = Output::new();
    let style = Style { format, color: use_color(format, &stdout) };
    if fix == FixMode::Off {
        let report = |index, file: &OsString, bytes: &[u8], out: &mut String| {
            let name = name_of(file);
            check_into(index, &name, shown(file, &name), bytes, style, options, Some(out))
        };
        return workers::check_all(threads, files, stdout, &report);
    }
    let mut status = EXIT_OK;
    // One buffer for every file's bytes (and the output's for every report): thousands of files
    // cost no allocation each.
    let mut bytes = Vec::new();
    // `--fix` writes a file before the next is read: the same file may come again.
    let mut reader = read::Reader::new(files, fix == FixMode::Diff);
    for (index, file) in files.iter().enumerate() {
        let name = name_of(file);
        let shown = shown(file, &name);
        if let Err(e) = reader.read(index, &mut bytes) {
            eprintln!("{}", cannot_read(&name, &e));
            status = EXIT_TROUBLE;
            continue;
        }
        // The report is written where it is then printed from.
        let line = stdout.buffer();
        match fix {
            FixMode::Off => {}
            FixMode::Write => match fix::write(file, &mut bytes, options) {
                Ok(0) => {}
                Ok(count) => eprintln!("dstack-check: {shown}: {count} {} made", plural(count, "fix", "fixes")),
                Err(e) => {
                    eprintln!("dstack-check: error: cannot write the fixes to `{name}`: {e}");
                    status = EXIT_TROUBLE;
                    continue;
                }
            },
            FixMode::Diff => line.push_str(&fix::diff(shown, &bytes, options)),
        }
        let report = (fix != FixMode::Diff).then_some(line);
        let valid = check_into(index, &name, shown, &bytes, style, options, report);
        if !stdout.written() {
            return EXIT_TROUBLE;
        }
        if !valid && status == EXIT_OK {
            status = EXIT_INVALID;
        }
    }
    if stdout.finish() { status } else { EXIT_TROUBLE }
}

/// How reports are written.
#[derive(Clone, Copy)]
pub(crate) struct Style {
    format: Format,
    /// Whether text reports are coloured.
    color: bool,
}

/// A file's name as given (lossy when it is not UTF-8).
pub(crate) fn name_of(file: &OsString) -> Cow<'_, str> {
    // `to_str` checks with the fast UTF-8 validator; `to_string_lossy` only when it fails.
    file.to_str().map_or_else(|| file.to_string_lossy(), Cow::Borrowed)
}

/// A file's name (`name`: [`name_of`] it) as text reports show it: `-` is `<stdin>`.
pub(crate) fn shown<'a>(file: &OsString, name: &'a str) -> &'a str {
    if file == "-" { "<stdin>" } else { name }
}

/// What standard error says of a file that could not be read.
pub(crate) fn cannot_read(name: &str, e: &io::Error) -> String {
    format!("dstack-check: error: cannot read `{name}`: {e}")
}

/// Checks `bytes`, the text of the `index`th file (`name` as given, `shown` in text reports),
/// appends its report to `report` (none: only checked) and says whether it has no error.
pub(crate) fn check_into(
    index: usize,
    name: &str,
    shown: &str,
    bytes: &[u8],
    style: Style,
    options: &Options,
    report: Option<&mut String>,
) -> bool {
    let checked = dstack_check::check_bytes(bytes, options);
    let valid = checked.report.is_valid();
    // A report can be many megabytes: it is dropped (as JSON: freed as it is written) before
    // the next file is read.
    match (report, style.format) {
        (None, _) => {}
        (Some(line), Format::Json) => {
            checked.into_json_line(name, line);
            line.push('\n');
        }
        (Some(line), Format::Text) => {
            let source = std::str::from_utf8(bytes).map_or_else(|_| String::from_utf8_lossy(bytes), Cow::Borrowed);
            if index > 0 {
                line.push('\n');
            }
            line.push_str(&render_text::render(shown, &source, &checked, style.color));
        }
    }
    valid
}

/// `one` or `many` after a count.
fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}

/// Whether the text format gets colours: on a terminal, unless NO_COLOR (no-color.org) has a value.
fn use_color(format: Format, stdout: &Output) -> bool {
    format == Format::Text && stdout.terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Standard output, buffered: thousands of reports cost a few writes, not one each. Reports
/// are written into the buffer itself, not copied there. On a terminal each report is shown as
/// soon as it is written.
pub(crate) struct Output {
    out: io::StdoutLock<'static>,
    terminal: bool,
    /// What is not written yet.
    pending: String,
}

/// Bytes buffered before they are written: 64 KB a system call.
const FLUSH_AT: usize = 1 << 16;

impl Output {
    /// Standard output, locked for the whole run.
    pub(crate) fn new() -> Output {
        let out = io::stdout().lock();
        let terminal = out.is_terminal();
        Output { out, terminal, pending: String::with_capacity(FLUSH_AT + (FLUSH_AT >> 2)) }
    }

    /// The buffer to append the next report to.
    pub(crate) fn buffer(&mut self) -> &mut String {
        &mut self.pending
    }

    /// Ends a report appended to [`Output::buffer`]: writes the buffer when it holds enough (on
    /// a terminal, at once); false when it could not be written.
    pub(crate) fn written(&mut self) -> bool {
        if self.pending.len() < FLUSH_AT && !self.terminal {
            return true;
        }
        self.write_pending()
    }

    /// Writes `text` after what is buffered, without copying it into the buffer; false when it
    /// could not be written.
    pub(crate) fn write_str(&mut self, text: &str) -> bool {
        (self.pending.is_empty() || self.write_pending()) && reported(self.out.write_all(text.as_bytes()))
    }

    /// Writes what is still buffered; false when it could not be written.
    pub(crate) fn finish(mut self) -> bool {
        self.write_pending() && reported(self.out.flush())
    }

    fn write_pending(&mut self) -> bool {
        let written = self.out.write_all(self.pending.as_bytes());
        self.pending.clear();
        reported(written)
    }
}

/// True when the output was written; else says why on standard error.
fn reported(written: io::Result<()>) -> bool {
    match written {
        Ok(()) => true,
        Err(e) => {
            // A closed pipe (`| head`) is the reader's choice, not a failure worth a message.
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("dstack-check: error: cannot write the report: {e}");
            }
            false
        }
    }
}
