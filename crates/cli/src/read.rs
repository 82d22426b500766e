//! Reading the files named on the command line whole, in order. Many files are read ahead in
//! batches (`read_ahead`, Linux). Otherwise, and for standard input, each file takes as few system
//! calls as a regular file needs: open, one read, a seek to the end (where the file ends), close.
//! std's `read_to_end` reads again until the end is seen, and asking the file's metadata (`statx`)
//! for its length cost more than the seek: on this project's VMs a `read` or `statx` costs
//! 0.4-1.0 µs, an `lseek` 0.15-0.4 µs.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

/// How much the first read asks for: more than nearly every configuration holds.
const FIRST_READ: usize = 64 * 1024;

/// Reads the files of a command line, one after another.
pub(crate) struct Reader<'a> {
    files: &'a [OsString],
    /// Zeroed once: a read goes into initialized bytes, and those are copied out.
    first: Vec<u8>,
    #[cfg(target_os = "linux")]
    ahead: Option<crate::read_ahead::Ahead>,
}

impl<'a> Reader<'a> {
    /// A reader of `files`; `ahead`: files may be read before their turn (not when a file's
    /// fixes are written before the next is read: the same file may come again).
    pub(crate) fn new(files: &'a [OsString], ahead: bool) -> Reader<'a> {
        #[cfg(target_os = "linux")]
        let ahead = (ahead && files.len() >= crate::read_ahead::WORTH_IT).then(crate::read_ahead::Ahead::new).flatten();
        #[cfg(not(target_os = "linux"))]
        let _ = ahead;
        Reader {
            files,
            first: vec![0; FIRST_READ],
            #[cfg(target_os = "linux")]
            ahead,
        }
    }

    /// Reads `files[index]` (`-`: standard input) into `bytes`, replacing what was there.
    pub(crate) fn read(&mut self, index: usize, bytes: &mut Vec<u8>) -> io::Result<()> {
        #[cfg(target_os = "linux")]
        if let Some(ahead) = &mut self.ahead {
            let taken = ahead.take(self.files, index, bytes);
            if ahead.broken {
                // Operations may still be under way into its buffers: they must outlive them.
                #[allow(clippy::mem_forget, reason = "the kernel may still write into a broken ring's buffers")]
                std::mem::forget(self.ahead.take());
            }
            if let Some(result) = taken {
                return result;
            }
        }
        read_whole(&self.files[index], &mut self.first, bytes)
    }
}

/// Reads `file` (`-`: standard input) into `bytes`, through `first` for the first read.
fn read_whole(file: &OsStr, first: &mut [u8], bytes: &mut Vec<u8>) -> io::Result<()> {
    bytes.clear();
    if file == "-" {
        io::stdin().lock().read_to_end(bytes)?;
        return Ok(());
    }
    let mut f = File::open(file)?;
    let n = read_some(&mut f, first)?;
    bytes.extend_from_slice(&first[..n]);
    if n == first.len() {
        return read_rest(f, bytes);
    }
    // A short read of a file that ends where the read stopped is the whole file. A pipe or a
    // terminal cannot seek; a file still being written ends further on: read to the end,
    // from where the first read stopped.
    match f.seek(SeekFrom::End(0)) {
        Ok(end) if end == n as u64 => Ok(()),
        Ok(_) => {
            f.seek(SeekFrom::Start(n as u64))?;
            read_rest(f, bytes)
        }
        Err(_) => read_rest(f, bytes),
    }
}

/// Appends the rest of `f`, from its position, to `bytes`.
fn read_rest(f: File, bytes: &mut Vec<u8>) -> io::Result<()> {
    // `take`: read to the end without first asking the file's size and position.
    f.take(u64::MAX).read_to_end(bytes)?;
    Ok(())
}

/// One read into `buf`, retried when a signal interrupts it.
fn read_some(f: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match f.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            result => return result,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    /// A fresh directory for one test's files (`read_ahead`'s tests use it too).
    pub(crate) fn scratch(test: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dstack-check-read-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the temporary directory is writable");
        dir
    }

    /// `len` bytes of a repeating pattern that differs from file to file.
    fn pattern(len: usize, seed: usize) -> Vec<u8> {
        (0..len).map(|i| ((i + seed) % 251) as u8).collect()
    }

    /// Makes the FIFO `path` and a thread that writes `first`, waits, then writes `second`: the
    /// reader's first read returns the first part alone, and it must not stop there.
    fn fifo_in_two_parts(path: &Path, first: &'static [u8], second: &'static [u8]) -> std::thread::JoinHandle<()> {
        let made = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
        assert!(made.success());
        let path = path.to_path_buf();
        std::thread::spawn(move || {
            use std::io::Write;
            let mut fifo = std::fs::OpenOptions::new().write(true).open(path).expect("the pipe opens");
            fifo.write_all(first).expect("the first part is written");
            fifo.flush().expect("flushed");
            std::thread::sleep(std::time::Duration::from_millis(100));
            fifo.write_all(second).expect("the second part is written");
        })
    }

    /// What reading a file gives: its bytes, or the error's kind and text.
    type Outcome = Result<Vec<u8>, (io::ErrorKind, String)>;

    /// How the files are read.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Way {
        /// One by one.
        Sequential,
        /// Ahead, into buffers registered with the ring where the kernel lets them be.
        Ahead,
        /// Ahead, into buffers that are not registered.
        AheadUnregistered,
    }

    /// What reading each of `files` gives, and whether the reader read ahead to the end.
    fn read_all(files: &[OsString], way: Way) -> (Vec<Outcome>, bool) {
        let mut reader = Reader::new(files, way != Way::Sequential);
        #[cfg(target_os = "linux")]
        if let (Some(ahead), Way::AheadUnregistered) = (&mut reader.ahead, way) {
            ahead.unregister_buffers();
        }
        let mut bytes = b"left over from the last file".to_vec();
        let read = (0..files.len())
            .map(|i| match reader.read(i, &mut bytes) {
                Ok(()) => Ok(bytes.clone()),
                Err(e) => Err((e.kind(), e.to_string())),
            })
            .collect();
        #[cfg(target_os = "linux")]
        let rang = reader.ahead.as_ref().is_some_and(|a| !a.broken);
        #[cfg(not(target_os = "linux"))]
        let rang = false;
        (read, rang)
    }

    /// Regular files around both readers' buffer sizes, a missing file, a directory and a pipe
    /// written in two parts, over two batches of reading ahead: each reads as written, with and
    /// without reading ahead, and a file's errors are the same either way.
    #[test]
    fn every_kind_of_file_reads_whole_with_and_without_reading_ahead() {
        let dir = scratch("kinds");
        #[cfg(target_os = "linux")]
        let slot = crate::read_ahead::SLOT;
        #[cfg(not(target_os = "linux"))]
        let slot = 16 * 1024;
        let sizes = [0, 17, slot - 1, slot, slot + 1, FIRST_READ - 1, FIRST_READ, 3 * FIRST_READ + 5];
        let mut files = Vec::new();
        let mut expected = Vec::new();
        // 70 small files first, so that the others fall in a second batch.
        for (seed, len) in std::iter::repeat_n(100, 70).chain(sizes).enumerate() {
            let path = dir.join(format!("{seed}.yml"));
            let written = pattern(len, seed);
            std::fs::write(&path, &written).expect("written");
            files.push(path.into_os_string());
            expected.push(Ok(written));
        }
        files.push(dir.join("missing.yml").into_os_string());
        expected.push(Err(io::ErrorKind::NotFound));
        files.push(dir.clone().into_os_string());
        expected.push(Err(io::ErrorKind::IsADirectory));
        // Two files in a directory that is missing, two in one that is a file: read ahead, a
        // directory two files share is opened once for both, and these fail as their paths do.
        for (parent, kind) in [("no-such-dir", io::ErrorKind::NotFound), ("0.yml", io::ErrorKind::NotADirectory)] {
            for name in ["a.yml", "b.yml"] {
                files.push(dir.join(parent).join(name).into_os_string());
                expected.push(Err(kind));
            }
        }
        let fifo = dir.join("fifo");
        files.push(fifo.clone().into_os_string());
        expected.push(Ok(b"type: task\ncommands: [echo]\n".to_vec()));
        let mut results = Vec::new();
        for way in [Way::Sequential, Way::Ahead, Way::AheadUnregistered] {
            let ahead = way != Way::Sequential;
            let writer = fifo_in_two_parts(&fifo, b"type: task\n", b"commands: [echo]\n");
            let (read, rang) = read_all(&files, way);
            writer.join().expect("the writer finishes");
            std::fs::remove_file(&fifo).expect("the pipe is removable");
            for (i, (got, want)) in read.iter().zip(&expected).enumerate() {
                match (got, want) {
                    (Ok(got), Ok(want)) => assert!(got == want, "{way:?}, file {i}: the bytes differ"),
                    (Err((kind, _)), Err(want)) => assert_eq!(kind, want, "{way:?}, file {i}"),
                    _ => panic!("{way:?}, file {i}: {got:?}"),
                }
            }
            // Where the kernel has io_uring, reading ahead used it to the end.
            #[cfg(target_os = "linux")]
            assert_eq!(rang, ahead && io_uring::IoUring::new(8).is_ok(), "{way:?}");
            #[cfg(not(target_os = "linux"))]
            assert!(!rang);
            results.push(read);
        }
        assert_eq!(results[0], results[1]);
        assert_eq!(results[0], results[2]);
        std::fs::remove_dir_all(&dir).expect("removable");
    }

    #[test]
    fn few_files_are_not_read_ahead() {
        let dir = scratch("few");
        let files: Vec<OsString> = (0..3)
            .map(|i| {
                let path = dir.join(format!("{i}.yml"));
                std::fs::write(&path, pattern(40, i)).expect("written");
                path.into_os_string()
            })
            .collect();
        let (read, rang) = read_all(&files, Way::Ahead);
        assert_eq!(read, (0..3).map(|i| Ok(pattern(40, i))).collect::<Vec<_>>());
        assert!(!rang);
        std::fs::remove_dir_all(&dir).expect("removable");
    }

    #[test]
    fn a_missing_file_is_an_error_not_an_empty_file() {
        let files = [OsString::from("/nonexistent/dstack-check/file.yml")];
        let mut bytes = Vec::new();
        let err = Reader::new(&files, true).read(0, &mut bytes).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }
}
