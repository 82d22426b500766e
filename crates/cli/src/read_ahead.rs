//! Reading many files ahead, a batch at a time, through io_uring (Linux). Opening, reading and
//! closing a file are four system calls, and on this project's VMs their entries and exits cost
//! as much as checking a small configuration. A whole batch goes to the kernel in one call. Its
//! files are opened into the ring's own table of files (slot `i` for the batch's `i`th file), so
//! the process's descriptor table is not touched, and the next batch's opens close them.
//!
//! Each file gets two chained reads from its position: one into its buffer, then one of a single
//! byte past it. The second reads nothing exactly when the file ended inside the buffer, which
//! tells a whole file from a pipe that delivered only part of its text so far, or from a file
//! longer than the buffer. Those two read on, through the ring, until the end.

use std::ffi::{CString, OsString};
use std::io;
use std::os::unix::ffi::OsStrExt;

use io_uring::{IoUring, opcode, squeue, types};

/// Files read ahead at a time.
const BATCH: usize = 64;
/// Bytes of each file the chained read asks for: more than nearly every configuration holds.
pub(crate) const SLOT: usize = 16 * 1024;
/// Below this many files, the ring's setup costs more than the calls it saves.
pub(crate) const WORTH_IT: usize = 8;

/// Set in `user_data` on a file's open, whose slot is in the low bits.
const OPEN: u64 = 1 << 32;
/// Set in `user_data` on a file's second read.
const EXTRA: u64 = 1 << 33;
/// A read offset meaning "from the file's position" (advancing it), as `read(2)` does.
const AT_POSITION: u64 = u64::MAX;

/// What the batch holds for one file.
#[derive(Clone, Copy, Debug)]
enum Slot {
    /// Left to the sequential reader: standard input, or a name the kernel cannot take.
    Sequential,
    /// Opening or reading failed with this `errno`.
    Failed(i32),
    /// Its first `len` bytes are in its buffer, and with `more` one byte past them (in `extra`)
    /// and maybe more after that.
    Read { len: usize, more: bool },
}

/// The ring and the buffers the kernel reads into.
pub(crate) struct Ahead {
    ring: IoUring,
    /// `BATCH` buffers of `SLOT` bytes. Never moved or reallocated while the kernel may write.
    slots: Box<[u8]>,
    /// The byte past each buffer.
    extra: Box<[u8]>,
    /// The paths of the batch's files, kept alive until their opens complete.
    paths: Vec<Option<CString>>,
    /// Index (in the command line's files) of the batch's first file.
    start: usize,
    /// The batch's files, from `start`.
    batch: Vec<Slot>,
    /// `(user_data, result)` of the completions of the last submission.
    done: Vec<(u64, i32)>,
    /// The ring failed with operations perhaps under way: the owner must leak this reader.
    pub(crate) broken: bool,
}

impl Ahead {
    /// A ring for reading ahead; `None` where io_uring is missing or forbidden (an old kernel, a
    /// container's seccomp filter), or lacks reads from a file's position (Linux 5.6) or a
    /// table of files to open into (5.19).
    pub(crate) fn new() -> Option<Ahead> {
        let ring = IoUring::new(4 * BATCH as u32).ok()?;
        if !ring.params().is_feature_rw_cur_pos() {
            return None;
        }
        ring.submitter().register_files_sparse(BATCH as u32).ok()?;
        Some(Ahead {
            ring,
            slots: vec![0; BATCH * SLOT].into_boxed_slice(),
            extra: vec![0; BATCH].into_boxed_slice(),
            paths: Vec::with_capacity(BATCH),
            start: 0,
            batch: Vec::with_capacity(BATCH),
            done: Vec::with_capacity(3 * BATCH),
            broken: false,
        })
    }

    /// Puts the text of `files[index]` in `bytes`, reading the batch that holds it first when
    /// needed. `None`: the sequential reader reads this file (after `broken`, every file).
    pub(crate) fn take(&mut self, files: &[OsString], index: usize, bytes: &mut Vec<u8>) -> Option<io::Result<()>> {
        if !(self.start..self.start + self.batch.len()).contains(&index) {
            self.read_batch(files, index);
        }
        let i = index - self.start;
        match self.batch[i] {
            Slot::Sequential => None,
            Slot::Failed(errno) => Some(Err(io::Error::from_raw_os_error(errno))),
            Slot::Read { len, more } => {
                bytes.clear();
                bytes.extend_from_slice(&self.slots[i * SLOT..][..len]);
                if !more {
                    return Some(Ok(()));
                }
                bytes.push(self.extra[i]);
                Some(self.read_on(i, bytes))
            }
        }
    }

    /// Opens and reads `files[start..]`, up to a batch. When the ring fails, the reader is
    /// `broken` and every file is left to the sequential reader.
    fn read_batch(&mut self, files: &[OsString], start: usize) {
        let end = files.len().min(start + BATCH);
        self.start = start;
        self.paths.clear();
        self.paths.extend(files[start..end].iter().map(|f| (f != "-").then(|| CString::new(f.as_bytes()).ok())?));
        self.batch.clear();
        self.batch.resize(end - start, Slot::Sequential);
        let mut entries = Vec::with_capacity(3 * self.paths.len());
        for (i, path) in self.paths.iter().enumerate() {
            let Some(path) = path else { continue };
            let (slot, data) = (i as u32, i as u64);
            // Into slot `i`, replacing (and so closing) the last batch's file there. No
            // `O_CLOEXEC`: the ring's files are never inherited, and it is refused with a slot.
            let open = opcode::OpenAt::new(types::Fd(libc::AT_FDCWD), path.as_ptr())
                .flags(libc::O_RDONLY)
                .file_index(types::DestinationSlot::try_from_slot_target(slot).ok());
            // Linked: a failed open cancels the reads. Hard-linked: the byte past is read after
            // the buffer's read, even when that one is short (the usual case).
            entries.push(open.build().flags(squeue::Flags::IO_LINK).user_data(OPEN | data));
            let buffer = self.slots[i * SLOT..][..SLOT].as_mut_ptr();
            let first = opcode::Read::new(types::Fixed(slot), buffer, SLOT as u32).offset(AT_POSITION);
            entries.push(first.build().flags(squeue::Flags::IO_HARDLINK).user_data(data));
            let past = opcode::Read::new(types::Fixed(slot), self.extra[i..].as_mut_ptr(), 1).offset(AT_POSITION);
            entries.push(past.build().user_data(EXTRA | data));
        }
        if !self.submit(&entries) {
            self.broken = true;
            self.batch.fill(Slot::Sequential);
            return;
        }
        // Each file's completions come in its chain's order: open, the buffer's read, the byte past.
        for &(data, result) in &self.done {
            let i = (data & u64::from(u32::MAX)) as usize;
            self.batch[i] = match (self.batch[i], data & (OPEN | EXTRA), result) {
                (Slot::Failed(errno), ..) => Slot::Failed(errno),
                (_, _, errno) if errno < 0 => Slot::Failed(-errno),
                (_, OPEN, _) => Slot::Read { len: 0, more: false },
                (Slot::Read { more, .. }, 0, read) => Slot::Read { len: read as usize, more },
                (Slot::Read { len, .. }, _, past) => Slot::Read { len, more: past > 0 },
                (Slot::Sequential, ..) => Slot::Sequential,
            };
        }
    }

    /// Appends the rest of slot `i`'s file, from its position, to `bytes`.
    fn read_on(&mut self, i: usize, bytes: &mut Vec<u8>) -> io::Result<()> {
        loop {
            let buffer = self.slots[i * SLOT..][..SLOT].as_mut_ptr();
            let read = opcode::Read::new(types::Fixed(i as u32), buffer, SLOT as u32).offset(AT_POSITION);
            if !self.submit(&[read.build()]) {
                self.broken = true;
                return Err(io::Error::other("the kernel's io_uring failed while reading"));
            }
            match self.done.first().map_or(0, |&(_, result)| result) {
                0 => return Ok(()),
                errno if errno < 0 => return Err(io::Error::from_raw_os_error(-errno)),
                read => bytes.extend_from_slice(&self.slots[i * SLOT..][..read as usize]),
            }
        }
    }

    /// Submits `entries` and waits for all their completions, into `done`. False when the ring
    /// failed: operations may then still be under way, writing into the buffers.
    fn submit(&mut self, entries: &[squeue::Entry]) -> bool {
        self.done.clear();
        {
            let mut queue = self.ring.submission();
            for entry in entries {
                // SAFETY: every pointer in `entries` is into `slots`, `extra` or `paths`, which
                // are neither moved nor freed until the completions are in (or never: a `broken`
                // reader is leaked).
                #[allow(unsafe_code, reason = "the kernel reads paths and writes buffers the ring owns")]
                if unsafe { queue.push(entry) }.is_err() {
                    return false;
                }
            }
        }
        while self.done.len() < entries.len() {
            match self.ring.submit_and_wait(entries.len() - self.done.len()) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
            self.done.extend(self.ring.completion().map(|c| (c.user_data(), c.result())));
        }
        true
    }
}
