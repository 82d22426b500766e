//! `--fix` and `--diff`: every safe fix of a file, made round after round by the core.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::Path;

use dstack_check::Options;

use crate::diff;

/// Makes every fix of the file in `bytes` and writes it back when it changed; `bytes` becomes
/// the fixed text. Returns how many fixes were made. A file that is not UTF-8 gets none.
pub fn write(file: &OsString, bytes: &mut Vec<u8>, options: &Options) -> io::Result<usize> {
    let Ok(text) = std::str::from_utf8(bytes) else { return Ok(0) };
    let (fixed, count) = dstack_core::fix::fix_all(text, &core_options(options));
    if fixed != text {
        replace(Path::new(file), fixed.as_bytes())?;
        *bytes = fixed.into_bytes();
    }
    Ok(count)
}

/// The unified diff of what [`write`] would make of `bytes`, labelled `name`; empty when nothing.
pub fn diff(name: &str, bytes: &[u8], options: &Options) -> String {
    let Ok(text) = std::str::from_utf8(bytes) else { return String::new() };
    let (fixed, _) = dstack_core::fix::fix_all(text, &core_options(options));
    diff::unified(name, name, text, &fixed)
}

fn core_options(options: &Options) -> dstack_core::Options {
    dstack_core::Options { effective: false, version: options.version }
}

/// Replaces the file's content atomically: a temporary file beside it, with its permissions,
/// renamed over it, so a reader never sees half a file.
fn replace(path: &Path, content: &[u8]) -> io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.dstack-check-{}", std::process::id()));
    let written = std::fs::File::create(&temporary).and_then(|mut f| {
        f.write_all(content)?;
        f.set_permissions(std::fs::metadata(path)?.permissions())?;
        f.sync_all()
    });
    match written.and_then(|()| std::fs::rename(&temporary, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            // Best effort: the error that matters is the one reported.
            let _ = std::fs::remove_file(&temporary);
            Err(e)
        }
    }
}
