//! Command-line parsing, by hand: the grammar is tiny and a parser crate would dominate build time.

use std::ffi::OsString;
use std::fmt;
use std::num::NonZeroUsize;

use dstack_check::{DstackVersion, Options};
use dstack_core::model::ConfigType;

/// The one-line synopsis printed with usage errors.
pub const USAGE: &str = "Usage: dstack-check [--format text|json] [--effective] [--offers] [--markdown] [--fix|--diff] \
                         [--dstack-version VERSION] [--threads N] FILE...";

/// The `--help` text; the supported releases come from [`DstackVersion::SUPPORTED`], so a new
/// release needs no change here.
pub fn help() -> String {
    format!(
        "\
Check dstack configurations (tasks, services, dev environments, fleets, gateways,
volumes, presets) against the rules of a dstack release.

Usage: dstack-check [OPTIONS] FILE...

Arguments:
  FILE...              Configuration files to check; `-` reads standard input

Options:
      --dstack-version VERSION
                       The dstack release whose rules apply: {supported}
                       (default: {newest}, the newest)
      --format FORMAT  `text` (default): diagnostics with source excerpts;
                       `json`: one JSON object per file, one per line
      --effective      Also compute the effective configuration (what the run gets)
      --offers         Also estimate matching offers from the bundled catalog
      --markdown       FILEs are Markdown pages: check their dstack YAML blocks,
                       located in the page (`<!-- dstack-check: skip -->` before
                       a block, or `# dstack-check: skip` in it, skips one)
      --fix            Make every safe fix in the FILEs (rename a misspelled key,
                       quote a YAML 1.1 trap, ...) and write them, then report
                       what is left
      --diff           Print the changes `--fix` would make as a unified diff,
                       without writing
      --threads N      Check the FILEs on N threads (default: as many as the
                       machine runs at once, at most {most}); reports come in
                       the FILEs' order either way
      --explain CODE   Explain a diagnostic code (e.g. `--explain E102`)
      --schema         Print the JSON Schema of the release's configurations
                       (for yaml-language-server and VS Code); no FILE
      --type TYPE      With `--schema`: only this configuration type
  -h, --help           Print this help
  -V, --version        Print the version

Exit status: 0 when no file has an error, 1 when any has, 2 on usage errors
or unreadable files. Colours are used on a terminal unless NO_COLOR is set.
",
        supported = supported(),
        newest = DstackVersion::NEWEST,
        most = crate::workers::MOST,
    )
}

/// The supported releases, oldest first: `0.18.37, 0.22.5`.
fn supported() -> String {
    DstackVersion::SUPPORTED.map(DstackVersion::as_str).join(", ")
}

/// Output format of the reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// rustc-style text with code frames.
    #[default]
    Text,
    /// One JSON object per file, one per line.
    Json,
}

/// Whether the files' safe fixes are made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FixMode {
    /// Only check.
    #[default]
    Off,
    /// `--fix`: make them, write the files, report what is left.
    Write,
    /// `--diff`: print them as a unified diff.
    Diff,
}

/// What was asked for on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Check these files.
    Check {
        /// Output format.
        format: Format,
        /// What to compute per file.
        options: Options,
        /// Paths as given; `-` is standard input.
        files: Vec<OsString>,
        /// The files are Markdown pages whose dstack blocks are checked.
        markdown: bool,
        /// Whether the safe fixes are made.
        fix: FixMode,
        /// `--threads`: how many threads check the files (`None`: as many as the machine runs).
        threads: Option<NonZeroUsize>,
    },
    /// Print [`help`].
    Help,
    /// Print the version.
    Version,
    /// Explain a diagnostic code.
    Explain(String),
    /// Print the JSON Schema of a release's configurations, of one type or of any.
    Schema(DstackVersion, Option<ConfigType>),
}

/// A command line that cannot be understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Parses the arguments after the program name. `--help`/`--version` win over everything else,
/// so `dstack-check --bogus --help` still prints the help.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut format = Format::Text;
    let mut options = Options::default();
    let mut files = Vec::new();
    let mut markdown = false;
    let mut schema = false;
    let mut ty: Option<ConfigType> = None;
    let mut fix = FixMode::Off;
    let mut threads = None;
    let mut only_files = false;
    let mut wanted: Option<Command> = None;
    let mut error: Option<UsageError> = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let parsed = match arg.to_str() {
            _ if only_files => {
                files.push(arg);
                Ok(())
            }
            Some("--") => {
                only_files = true;
                Ok(())
            }
            Some("-h" | "--help") => {
                wanted = wanted.or(Some(Command::Help));
                Ok(())
            }
            Some("-V" | "--version") => {
                wanted = wanted.or(Some(Command::Version));
                Ok(())
            }
            Some("--explain") => match args.next() {
                Some(code) => {
                    wanted = wanted.or(Some(Command::Explain(code.to_string_lossy().to_uppercase())));
                    Ok(())
                }
                None => Err(UsageError("`--explain` needs a code, e.g. `--explain E102`".into())),
            },
            Some("--effective") => {
                options.effective = true;
                Ok(())
            }
            Some("--offers") => {
                options.offers = true;
                Ok(())
            }
            Some("--schema") => {
                schema = true;
                Ok(())
            }
            Some("--type") => match args.next().map(|t| t.to_string_lossy().into_owned()) {
                Some(tag) => parse_type(&tag).map(|t| ty = Some(t)),
                None => Err(UsageError(format!("`--type` needs a configuration type: {}", types()))),
            },
            Some("--markdown") => {
                markdown = true;
                Ok(())
            }
            Some(flag @ ("--fix" | "--diff")) => {
                let wanted = if flag == "--fix" { FixMode::Write } else { FixMode::Diff };
                if fix == FixMode::Off || fix == wanted {
                    fix = wanted;
                    Ok(())
                } else {
                    Err(UsageError("`--fix` writes the fixes and `--diff` only shows them: choose one".into()))
                }
            }
            Some("--threads") => match args.next() {
                Some(value) => parse_threads(&value.to_string_lossy()).map(|n| threads = Some(n)),
                None => Err(UsageError("`--threads` needs a number of threads, e.g. `--threads 4`".into())),
            },
            Some(t) if t.starts_with("--threads=") => {
                parse_threads(&t["--threads=".len()..]).map(|n| threads = Some(n))
            }
            Some("--format") => match args.next() {
                Some(value) => parse_format(&value.to_string_lossy()).map(|f| format = f),
                None => Err(UsageError("`--format` needs a value: `text` or `json`".into())),
            },
            Some(t) if t.starts_with("--format=") => parse_format(&t["--format=".len()..]).map(|f| format = f),
            Some("--dstack-version") => match args.next() {
                Some(value) => parse_version(&value.to_string_lossy()).map(|v| options.version = v),
                None => Err(UsageError(format!("`--dstack-version` needs a version: {}", supported()))),
            },
            Some(t) if t.starts_with("--dstack-version=") => {
                parse_version(&t["--dstack-version=".len()..]).map(|v| options.version = v)
            }
            Some(t) if t.starts_with('-') && t != "-" => Err(UsageError(format!("unknown option `{t}`"))),
            _ => {
                files.push(arg);
                Ok(())
            }
        };
        if let Err(e) = parsed {
            error = error.or(Some(e));
        }
    }
    if let Some(command) = wanted {
        return Ok(command);
    }
    if let Some(e) = error {
        return Err(e);
    }
    if schema {
        return Ok(Command::Schema(options.version, ty));
    }
    if ty.is_some() {
        return Err(UsageError("`--type` goes with `--schema`".into()));
    }
    if files.is_empty() {
        return Err(UsageError("no input files (use `-` to read standard input)".into()));
    }
    if files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(UsageError("standard input (`-`) can be read only once".into()));
    }
    if fix != FixMode::Off && markdown {
        return Err(UsageError("`--fix` and `--diff` work on configuration files, not with `--markdown`".into()));
    }
    if fix == FixMode::Write && files.iter().any(|f| f == "-") {
        return Err(UsageError("`--fix` cannot write standard input (`-`): use `--diff` to see the fixes".into()));
    }
    Ok(Command::Check { format, options, files, markdown, fix, threads })
}

/// A number of threads: a whole number from 1.
fn parse_threads(value: &str) -> Result<NonZeroUsize, UsageError> {
    value.parse().map_err(|_| UsageError(format!("`--threads` takes a whole number from 1, not `{value}`")))
}

/// A release number; the error names the supported ones.
fn parse_version(value: &str) -> Result<DstackVersion, UsageError> {
    DstackVersion::parse(value).map_err(|e| UsageError(e.to_string()))
}

fn parse_type(tag: &str) -> Result<ConfigType, UsageError> {
    ConfigType::from_tag(tag)
        .ok_or_else(|| UsageError(format!("unknown configuration type `{tag}`: expected one of {}", types())))
}

/// The configuration types: `task, service, ...`.
fn types() -> String {
    ConfigType::ALL.map(ConfigType::tag).join(", ")
}

fn parse_format(value: &str) -> Result<Format, UsageError> {
    match value {
        "text" => Ok(Format::Text),
        "json" => Ok(Format::Json),
        other => Err(UsageError(format!("unknown format `{other}`: expected `text` or `json`"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, UsageError> {
        parse(args.iter().map(OsString::from))
    }

    fn check(format: Format, effective: bool, offers: bool, files: &[&str]) -> Result<Command, UsageError> {
        Ok(Command::Check {
            format,
            options: Options::default().with_effective(effective).with_offers(offers),
            files: files.iter().map(OsString::from).collect(),
            markdown: false,
            fix: FixMode::Off,
            threads: None,
        })
    }

    /// Checking `a.yml` as text, with these options, fixes and threads.
    fn check_a(options: Options, fix: FixMode, threads: Option<NonZeroUsize>) -> Result<Command, UsageError> {
        Ok(Command::Check {
            format: Format::Text,
            options,
            files: vec![OsString::from("a.yml")],
            markdown: false,
            fix,
            threads,
        })
    }

    #[test]
    fn defaults() {
        assert_eq!(parse_strs(&["a.yml"]), check(Format::Text, false, false, &["a.yml"]));
    }

    #[test]
    fn all_options() {
        assert_eq!(
            parse_strs(&["--format", "json", "a.yml", "--effective", "-", "--offers"]),
            check(Format::Json, true, true, &["a.yml", "-"])
        );
        assert_eq!(parse_strs(&["--format=json", "b"]), check(Format::Json, false, false, &["b"]));
        assert_eq!(
            parse_strs(&["--markdown", "a.md"]),
            Ok(Command::Check {
                format: Format::Text,
                options: Options::default(),
                files: vec![OsString::from("a.md")],
                markdown: true,
                fix: FixMode::Off,
                threads: None,
            })
        );
        assert_eq!(parse_strs(&["--format=json", "--format=text", "b"]), check(Format::Text, false, false, &["b"]));
    }

    #[test]
    fn schema_with_a_release_and_a_type() {
        assert_eq!(parse_strs(&["--schema"]), Ok(Command::Schema(DstackVersion::V0_22_5, None)));
        assert_eq!(
            parse_strs(&["--schema", "--type", "fleet", "--dstack-version", "0.18.37"]),
            Ok(Command::Schema(DstackVersion::V0_18_37, Some(ConfigType::Fleet)))
        );
        assert_eq!(
            parse_strs(&["--schema", "--type", "job"]),
            Err(UsageError(
                "unknown configuration type `job`: expected one of dev-environment, task, service, fleet, gateway, \
                 preset, volume"
                    .into()
            ))
        );
        assert_eq!(parse_strs(&["--type", "task", "a.yml"]), Err(UsageError("`--type` goes with `--schema`".into())));
    }

    #[test]
    fn dstack_version() {
        let under = |version| check_a(Options::default().with_version(version), FixMode::Off, None);
        assert_eq!(parse_strs(&["--dstack-version", "0.18.37", "a.yml"]), under(DstackVersion::V0_18_37));
        assert_eq!(parse_strs(&["a.yml", "--dstack-version=0.22.5"]), under(DstackVersion::V0_22_5));
        assert_eq!(
            parse_strs(&["--dstack-version=0.18.37", "--dstack-version", "v0.22.5", "a.yml"]),
            under(DstackVersion::V0_22_5)
        );
        assert_eq!(parse_strs(&["a.yml"]), under(DstackVersion::V0_22_5));
    }

    #[test]
    fn help_lists_the_releases_and_the_default() {
        let help = help();
        let option = concat!(
            "      --dstack-version VERSION\n",
            "                       The dstack release whose rules apply: 0.18.37, 0.22.5\n",
            "                       (default: 0.22.5, the newest)\n",
        );
        assert!(help.contains(option), "{help}");
    }

    #[test]
    fn fix_and_diff() {
        let with = |fix| check_a(Options::default(), fix, None);
        assert_eq!(parse_strs(&["--fix", "a.yml"]), with(FixMode::Write));
        assert_eq!(parse_strs(&["a.yml", "--diff", "--diff"]), with(FixMode::Diff));
        assert_eq!(
            parse_strs(&["--fix", "--diff", "a.yml"]),
            Err(UsageError("`--fix` writes the fixes and `--diff` only shows them: choose one".into()))
        );
        assert_eq!(
            parse_strs(&["--fix", "-"]),
            Err(UsageError("`--fix` cannot write standard input (`-`): use `--diff` to see the fixes".into()))
        );
        assert_eq!(
            parse_strs(&["--diff", "--markdown", "a.md"]),
            Err(UsageError("`--fix` and `--diff` work on configuration files, not with `--markdown`".into()))
        );
    }

    #[test]
    fn threads() {
        let on = |n: usize| check_a(Options::default(), FixMode::Off, NonZeroUsize::new(n));
        assert_eq!(parse_strs(&["--threads", "3", "a.yml"]), on(3));
        assert_eq!(parse_strs(&["a.yml", "--threads=1"]), on(1));
        let refused: [(&[&str], &str); 3] = [
            (&["--threads", "0", "a.yml"], "`--threads` takes a whole number from 1, not `0`"),
            (&["a.yml", "--threads=many"], "`--threads` takes a whole number from 1, not `many`"),
            (&["a.yml", "--threads"], "`--threads` needs a number of threads, e.g. `--threads 4`"),
        ];
        for (args, message) in refused {
            assert_eq!(parse_strs(args), Err(UsageError(message.into())));
        }
    }

    #[test]
    fn double_dash_ends_options() {
        assert_eq!(parse_strs(&["--", "--offers", "-x"]), check(Format::Text, false, false, &["--offers", "-x"]));
    }

    #[test]
    fn help_and_version_win() {
        assert_eq!(parse_strs(&["--bogus", "--help"]), Ok(Command::Help));
        assert_eq!(parse_strs(&["a.yml", "-h"]), Ok(Command::Help));
        assert_eq!(parse_strs(&["-V"]), Ok(Command::Version));
        assert_eq!(parse_strs(&["--version", "--format", "xml"]), Ok(Command::Version));
    }

    #[test]
    fn usage_errors() {
        assert_eq!(parse_strs(&[]), Err(UsageError("no input files (use `-` to read standard input)".into())));
        assert_eq!(parse_strs(&["--format"]), Err(UsageError("`--format` needs a value: `text` or `json`".into())));
        assert_eq!(
            parse_strs(&["--format", "xml", "a"]),
            Err(UsageError("unknown format `xml`: expected `text` or `json`".into()))
        );
        assert_eq!(parse_strs(&["-x", "a"]), Err(UsageError("unknown option `-x`".into())));
        assert_eq!(parse_strs(&["-", "-"]), Err(UsageError("standard input (`-`) can be read only once".into())));
        assert_eq!(
            parse_strs(&["--dstack-version", "0.19", "a"]),
            Err(UsageError("unknown dstack version `0.19`: supported versions are 0.18.37, 0.22.5".into()))
        );
        assert_eq!(
            parse_strs(&["a", "--dstack-version="]),
            Err(UsageError("unknown dstack version ``: supported versions are 0.18.37, 0.22.5".into()))
        );
        assert_eq!(
            parse_strs(&["a", "--dstack-version"]),
            Err(UsageError("`--dstack-version` needs a version: 0.18.37, 0.22.5".into()))
        );
    }
}
