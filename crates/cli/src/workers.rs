//! Checking files (or `--markdown` pages) that are only checked, many of them on several
//! threads. The command line's files go in batches of [`BATCH`] to the threads in turn, each
//! with its own reader (and ring) and its own region of memory ([`crate::region`]), and the main
//! thread prints the batches' reports in the files' order: the output is the same, byte for
//! byte, as one thread's. Each file is checked as it would be alone, so the work is the same; on
//! two cores it takes a little over half the time.

use std::ffi::OsString;
use std::num::NonZeroUsize;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use crate::{EXIT_INVALID, EXIT_OK, EXIT_TROUBLE, Output, cannot_read, name_of, read, region};

/// Files a thread takes at a time: as many as the reader reads ahead at once (`read_ahead`), so
/// that a batch is one round of reading.
pub(crate) const BATCH: usize = 64;

/// Most threads that check files: each reads through a ring of its own, whose 1 MB of buffers is
/// locked memory (often limited to 8 MB a process; a ring without it reads more slowly).
pub(crate) const MOST: usize = 8;

/// Batches a thread may have ready before the main thread prints them: enough to keep it busy
/// while the main thread writes, without holding a slow reader's whole output.
const AHEAD: usize = 2;

/// How many threads check `files` (`asked`: `--threads`; by default as many as the machine runs
/// at once, at most [`MOST`]); `None` when the main thread checks them alone: one thread, one
/// batch, or standard input among them (read once, in its turn).
pub(crate) fn count(asked: Option<NonZeroUsize>, files: &[OsString]) -> Option<usize> {
    let available = || std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let threads = asked.map_or_else(available, NonZeroUsize::get).min(MOST).min(files.len().div_ceil(BATCH));
    (threads > 1 && !files.iter().any(|f| f == "-")).then_some(threads)
}

/// One batch's reports, and what went wrong reading its files.
struct Batch {
    /// The reports, as they are printed.
    reports: String,
    /// What standard error says of the files that could not be read, in order.
    unread: Vec<String>,
    /// Whether a file of the batch has an error.
    invalid: bool,
}

/// Checks `files` in order, on the threads [`count`] gives for `asked` (`--threads`), and
/// prints their reports in order; the exit status. `report(index, file, bytes, out)` appends the
/// report of the `index`th file, whose text is `bytes`, to `out`, and says whether the file has
/// no error.
pub(crate) fn check_all(
    asked: Option<NonZeroUsize>,
    files: &[OsString],
    stdout: Output,
    report: &(impl Fn(usize, &OsString, &[u8], &mut String) -> bool + Sync),
) -> u8 {
    match count(asked, files) {
        Some(threads) => on_threads(threads, files, stdout, report),
        None => in_turn(files, stdout, report),
    }
}

/// [`check_all`] on the calling thread, each report printed as soon as it is ready.
fn in_turn(
    files: &[OsString],
    mut stdout: Output,
    report: &impl Fn(usize, &OsString, &[u8], &mut String) -> bool,
) -> u8 {
    let mut status = EXIT_OK;
    // One buffer for every file's bytes: thousands of files cost no allocation each.
    let mut bytes = Vec::new();
    let mut reader = read::Reader::new(files, true);
    for (index, file) in files.iter().enumerate() {
        if let Err(e) = reader.read(index, &mut bytes) {
            eprintln!("{}", cannot_read(&name_of(file), &e));
            status = EXIT_TROUBLE;
            continue;
        }
        // The report is written where it is then printed from.
        let valid = report(index, file, &bytes, stdout.buffer());
        if !stdout.written() {
            return EXIT_TROUBLE;
        }
        if !valid && status == EXIT_OK {
            status = EXIT_INVALID;
        }
    }
    if stdout.finish() { status } else { EXIT_TROUBLE }
}

/// [`check_all`] on `threads` threads.
fn on_threads(
    threads: usize,
    files: &[OsString],
    mut stdout: Output,
    report: &(impl Fn(usize, &OsString, &[u8], &mut String) -> bool + Sync),
) -> u8 {
    let mut status = EXIT_OK;
    let printed = std::thread::scope(|scope| {
        let workers: Vec<(Receiver<Batch>, SyncSender<String>)> = (0..threads)
            .map(|first| {
                let (send, batches) = sync_channel(AHEAD);
                let (give_back, written) = sync_channel(AHEAD + 2);
                scope.spawn(move || work(first, threads, files, report, &send, &written));
                (batches, give_back)
            })
            .collect();
        // Returning drops the receivers: a thread whose batch cannot be sent stops.
        for (batches, give_back) in workers.iter().cycle().take(files.len().div_ceil(BATCH)) {
            // Sent by every thread that has not panicked (and a panic aborts the process).
            let Ok(batch) = batches.recv() else { return false };
            for message in &batch.unread {
                eprintln!("{message}");
            }
            if !batch.unread.is_empty() {
                status = EXIT_TROUBLE;
            } else if batch.invalid && status == EXIT_OK {
                status = EXIT_INVALID;
            }
            // A batch's reports are written as they are (a copy is 4 KB a file).
            if !stdout.write_str(&batch.reports) {
                return false;
            }
            // Its buffer goes back to the thread for another batch: freed here and allocated
            // there, fresh memory was zeroed by the kernel for each batch (12% of the time).
            let _ = give_back.try_send(batch.reports);
        }
        true
    });
    if printed && stdout.finish() { status } else { EXIT_TROUBLE }
}

/// The work of the thread that takes batch `first`, then every `threads`th after it, sending
/// each batch's reports as it is done, in a buffer that `written` gives back once printed.
fn work(
    first: usize,
    threads: usize,
    files: &[OsString],
    report: &impl Fn(usize, &OsString, &[u8], &mut String) -> bool,
    send: &SyncSender<Batch>,
    written: &Receiver<String>,
) {
    region::own();
    let mut reader = read::Reader::new(files, true);
    let mut bytes = Vec::new();
    for start in (first * BATCH..files.len()).step_by(threads * BATCH) {
        // What goes to the main thread is made outside the region (the main thread frees what
        // it does not give back), and grows where it was made.
        let mut reports = written.try_recv().unwrap_or_else(|_| region::outside(|| String::with_capacity(3 << 16)));
        reports.clear();
        let mut batch = Batch { reports, unread: Vec::new(), invalid: false };
        let end = files.len().min(start + BATCH);
        for (index, file) in (start..end).zip(&files[start..end]) {
            if let Err(e) = reader.read(index, &mut bytes) {
                region::outside(|| batch.unread.push(cannot_read(&name_of(file), &e)));
                continue;
            }
            batch.invalid |= !report(index, file, &bytes, &mut batch.reports);
        }
        if send.send(batch).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(n: usize) -> Vec<OsString> {
        (0..n).map(|i| OsString::from(format!("{i}.yml"))).collect()
    }

    #[test]
    fn threads_for_two_batches_or_more_without_standard_input() {
        let two = NonZeroUsize::new(2);
        assert_eq!(count(NonZeroUsize::new(4), &files(300)), Some(4));
        assert_eq!(count(NonZeroUsize::new(4), &files(BATCH + 1)), Some(2), "one thread a batch at most");
        assert_eq!(count(NonZeroUsize::new(64), &files(100 * BATCH)), Some(MOST));
        assert_eq!(count(two, &files(BATCH)), None, "one batch");
        assert_eq!(count(NonZeroUsize::new(1), &files(300)), None, "one thread asked for");
        let mut with_stdin = files(300);
        with_stdin[150] = OsString::from("-");
        assert_eq!(count(two, &with_stdin), None, "standard input is read in its turn");
    }
}
