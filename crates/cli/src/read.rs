//! Reading files whole with as few system calls as a regular file needs: open, one read, a seek
//! to the end (where the file ends), close. std's `read_to_end` reads again until the end is
//! seen, and asking the file's metadata (`statx`) for its length cost more than the seek: on
//! this project's VMs a `read` or `statx` costs 0.4-1.0 µs, an `lseek` 0.15-0.4 µs.

use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

/// How much the first read asks for: more than nearly every configuration holds.
const FIRST_READ: usize = 64 * 1024;

/// Reads files one after another, reusing one buffer for the first read of each.
pub(crate) struct Reader {
    /// Zeroed once: a read goes into initialized bytes, and those are copied out.
    first: Vec<u8>,
}

impl Reader {
    /// A reader with its buffer for first reads.
    pub(crate) fn new() -> Reader {
        Reader { first: vec![0; FIRST_READ] }
    }

    /// Reads `file` (`-`: standard input) into `bytes`, replacing what was there.
    pub(crate) fn read(&mut self, file: &OsStr, bytes: &mut Vec<u8>) -> io::Result<()> {
        bytes.clear();
        if file == "-" {
            io::stdin().lock().read_to_end(bytes)?;
            return Ok(());
        }
        let mut f = File::open(file)?;
        let n = read_some(&mut f, &mut self.first)?;
        bytes.extend_from_slice(&self.first[..n]);
        if n == self.first.len() {
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
mod tests {
    use super::*;

    /// Reads the file `name` of `len` bytes (written as a repeating pattern) through a reader.
    fn round_trip(reader: &mut Reader, name: &str, len: usize) -> (Vec<u8>, Vec<u8>) {
        let path = std::env::temp_dir().join(format!("dstack-check-read-{}-{name}", std::process::id()));
        let written: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &written).expect("the temporary directory is writable");
        let mut bytes = b"left over from the last file".to_vec();
        reader.read(path.as_os_str(), &mut bytes).expect("the file reads");
        std::fs::remove_file(&path).expect("the file is removable");
        (bytes, written)
    }

    #[test]
    fn files_shorter_than_longer_than_and_as_long_as_the_first_read_are_read_whole() {
        let mut reader = Reader::new();
        for (name, len) in [
            ("empty", 0),
            ("small", 17),
            ("one-less", FIRST_READ - 1),
            ("exact", FIRST_READ),
            ("large", 3 * FIRST_READ + 5),
        ] {
            let (read, written) = round_trip(&mut reader, name, len);
            assert_eq!(read.len(), len, "{name}");
            assert!(read == written, "{name}: the bytes differ");
        }
    }

    #[test]
    fn a_pipe_written_in_two_parts_is_read_to_its_end() {
        let path = std::env::temp_dir().join(format!("dstack-check-read-{}-fifo", std::process::id()));
        let made = std::process::Command::new("mkfifo").arg(&path).status().expect("mkfifo runs");
        assert!(made.success());
        let writer = {
            let path = path.clone();
            std::thread::spawn(move || {
                use std::io::Write;
                let mut fifo = std::fs::OpenOptions::new().write(true).open(path).expect("the pipe opens");
                fifo.write_all(b"type: task\n").expect("the first part is written");
                fifo.flush().expect("flushed");
                // The reader's first read returns the first part alone: it must not stop there.
                std::thread::sleep(std::time::Duration::from_millis(100));
                fifo.write_all(b"commands: [echo]\n").expect("the second part is written");
            })
        };
        let mut bytes = Vec::new();
        Reader::new().read(path.as_os_str(), &mut bytes).expect("the pipe reads");
        writer.join().expect("the writer finishes");
        std::fs::remove_file(&path).expect("the pipe is removable");
        assert_eq!(String::from_utf8(bytes).expect("UTF-8"), "type: task\ncommands: [echo]\n");
    }

    #[test]
    fn a_missing_file_is_an_error_not_an_empty_file() {
        let mut bytes = Vec::new();
        let err = Reader::new().read(OsStr::new("/nonexistent/dstack-check/file.yml"), &mut bytes).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }
}
