//! Reading many files ahead, a batch at a time, through io_uring (Linux). Opening, reading and
//! closing a file are four system calls, and on this project's VMs their entries and exits cost
//! as much as checking a small configuration. A whole batch goes to the kernel in three calls. Its
//! files are opened into the ring's own table of files (slot `i` for the batch's `i`th file), so
//! the process's descriptor table is not touched, and the next batch's opens close them.
//!
//! Each file is read from its position into its buffer. A regular file on the usual local
//! filesystems (ext4, XFS, Btrfs, tmpfs, ...) that returns less than the read asked for has
//! ended there: directories shared by many files are listed once, for which of their names are
//! regular files ([`regular_files`]). Any other file, or one that filled its buffer, gets a
//! second read of a single byte past it, which reads nothing exactly when the file ended inside
//! the buffer: that tells a whole file from a pipe that delivered only part of its text so far,
//! or from a file longer than the buffer. Those two read on, through the ring, until the end.
//!
//! The buffers are registered with the ring where the kernel lets them be (locked memory is
//! limited): it then copies into pages it holds already, instead of checking and reaching the
//! process's pages at each read.

use std::collections::{HashMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasherDefault, Hasher};
use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::rc::Rc;

use io_uring::{IoUring, opcode, squeue, types};

/// Files read ahead at a time.
const BATCH: usize = crate::workers::BATCH;
/// Bytes of each file its first read asks for: more than nearly every configuration holds.
pub(crate) const SLOT: usize = 16 * 1024;
/// Below this many files, the ring's setup costs more than the calls it saves: setting it up and
/// tearing it down takes 21-26 µs (a C loop), and it saves about 1 µs a file.
pub(crate) const WORTH_IT: usize = 32;

/// Most entries listed of a directory ([`regular_files`]): listing a large one costs more than
/// the reads it saves for the few files checked in it.
const MAX_LISTED: usize = 4096;

/// A read offset meaning "from the file's position" (advancing it), as `read(2)` does.
const AT_POSITION: u64 = u64::MAX;

/// The steps of reading a batch, each one call for every file of the batch ready for it.
#[derive(Clone, Copy)]
enum Step {
    /// Opening the file.
    Open,
    /// Reading it into its buffer.
    Read,
    /// Reading one byte past what that read: none when the file ended inside the buffer. Not
    /// for a regular file of a listed directory that the read did not fill.
    Past,
}

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

/// Names of files in a directory.
type Names = HashSet<Box<[u8]>, BuildHasherDefault<NameHasher>>;

/// FxHash, where std's SipHash costs ~150 instructions a name: names from a local listing
/// cannot be chosen to collide.
#[derive(Default)]
struct NameHasher(u64);

impl NameHasher {
    /// FxHash's step. Its multiply carries bits only upwards: `finish` turns the high bits down
    /// to pick a bucket.
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        let (words, rest) = bytes.as_chunks::<8>();
        for &word in words {
            self.add(u64::from_le_bytes(word));
        }
        // The last 1-7 bytes in one word without copying them (a call to `memcpy`): reads that may
        // overlap cover them all, and the length, hashed before them, tells apart names they
        // make one word of.
        let word = match (rest.first_chunk::<4>(), rest.last_chunk::<4>(), rest.first()) {
            (Some(&first), Some(&last), _) => {
                u64::from(u32::from_le_bytes(first)) | u64::from(u32::from_le_bytes(last)) << 32
            }
            (.., Some(&first)) => {
                u64::from(first) | u64::from(rest[rest.len() / 2]) << 8 | u64::from(rest[rest.len() - 1]) << 16
            }
            (.., None) => return,
        };
        self.add(word);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// The ring and the buffers the kernel reads into.
pub(crate) struct Ahead {
    /// Dropped first: closing the ring ends its use of the buffers below.
    ring: IoUring,
    /// `BATCH` buffers of `SLOT` bytes. Never moved or reallocated while the kernel may write.
    slots: Box<[u8]>,
    /// The byte past each buffer.
    extra: Box<[u8]>,
    /// Whether `slots` and `extra` are the ring's registered buffers 0 and 1.
    registered: bool,
    /// The batch's files as a directory (`AT_FDCWD` or one of `dirs`), where their path from
    /// there starts in `names`, and whether the file is a regular one whose short read ends it.
    paths: Vec<Option<(RawFd, usize, bool)>>,
    /// The batch's paths, each ending in a NUL: one buffer for them all, not an allocation a
    /// file. Filled before their opens are submitted, and left as it is until they complete.
    names: Vec<u8>,
    /// The directories that two or more files of the batch are in, open with `O_PATH`: the
    /// kernel walks their path once, not once for each file (0.2 µs a file over the corpus).
    /// With each, the names of its regular files whose short reads end them.
    dirs: Vec<(Vec<u8>, File, Rc<Names>)>,
    /// Every directory listed so far ([`regular_files`]): the files of a command line may come
    /// back to one.
    listed: HashMap<Vec<u8>, Rc<Names>>,
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
        let mut slots = vec![0; BATCH * SLOT].into_boxed_slice();
        let mut extra = vec![0; BATCH].into_boxed_slice();
        let buffers = [&mut slots, &mut extra]
            .map(|buffer| libc::iovec { iov_base: buffer.as_mut_ptr().cast(), iov_len: buffer.len() });
        // SAFETY: both buffers live as long as the ring (they are dropped after it, or leaked
        // with it) and are never moved: their boxes' memory stays where it is.
        #[allow(unsafe_code, reason = "the kernel keeps the buffers' pages for its reads")]
        let registered = unsafe { ring.submitter().register_buffers(&buffers) }.is_ok();
        Some(Ahead {
            ring,
            slots,
            extra,
            registered,
            paths: Vec::with_capacity(BATCH),
            names: Vec::new(),
            dirs: Vec::new(),
            listed: HashMap::new(),
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
            // The batch's paths and the directories' listings outlive the reports of its files.
            crate::region::outside(|| self.read_batch(files, index));
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
        let files = &files[start..end];
        // Once for both `open_dirs` and the opens: each is a loop over the path's name.
        let splits: Vec<_> = files.iter().map(|file| split(file.as_bytes())).collect();
        self.open_dirs(&splits);
        self.paths.clear();
        self.names.clear();
        for (file, split) in files.iter().zip(splits) {
            let path = (file != "-").then(|| {
                let bytes = file.as_bytes();
                let in_dir = split.and_then(|(dir, name)| {
                    let (_, open, regular) = self.dirs.iter().find(|(open, _, _)| open == dir)?;
                    Some((open.as_raw_fd(), name, regular.contains(name)))
                });
                let (dir, name, regular) = in_dir.unwrap_or((libc::AT_FDCWD, bytes, false));
                // The kernel would read a name with a NUL only up to it.
                if last(0, name).is_some() {
                    return None;
                }
                let at = self.names.len();
                self.names.extend_from_slice(name);
                self.names.push(0);
                Some((dir, at, regular))
            });
            self.paths.push(path.flatten());
        }
        self.batch.clear();
        self.batch.resize(end - start, Slot::Sequential);
        // A call for each step. Linked into one call, each read waited in the kernel's queue of
        // deferred work for the step before: 0.25 µs more a file (a C loop over the corpus).
        if !(self.step(Step::Open) && self.step(Step::Read) && self.step(Step::Past)) {
            self.broken = true;
            self.batch.fill(Slot::Sequential);
        }
    }

    /// Keeps open the directories that two or more of the files are in (`splits`: their paths'
    /// [`split`]), and only those.
    fn open_dirs(&mut self, splits: &[Option<(&[u8], &[u8])>]) {
        // Each directory with how many of the files are in it: a batch holds few directories,
        // and a command line's files mostly come directory by directory.
        let mut counts: Vec<(&[u8], usize)> = Vec::new();
        for &(dir, _) in splits.iter().flatten() {
            match counts.iter_mut().rev().find(|(counted, _)| *counted == dir) {
                Some((_, count)) => *count += 1,
                None => counts.push((dir, 1)),
            }
        }
        counts.retain(|&(_, count)| count > 1);
        self.dirs.retain(|(open, _, _)| counts.iter().any(|(dir, _)| dir == open));
        for (dir, _) in counts {
            if self.dirs.iter().any(|(open, _, _)| open == dir) {
                continue;
            }
            // One that cannot be opened leaves its files to be opened by their whole path, which
            // says why.
            let opened = OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_PATH | libc::O_DIRECTORY)
                .open(OsStr::from_bytes(dir));
            if let Ok(opened) = opened {
                let regular = self
                    .listed
                    .entry(dir.to_vec())
                    .or_insert_with(|| Rc::new(regular_files(OsStr::from_bytes(dir), &opened)));
                let regular = Rc::clone(regular);
                self.dirs.push((dir.to_vec(), opened, regular));
            }
        }
    }

    /// Takes every file of the batch that is ready for `step` through it.
    fn step(&mut self, step: Step) -> bool {
        let mut entries = Vec::with_capacity(self.batch.len());
        for i in 0..self.batch.len() {
            let entry = match (step, self.batch[i], &self.paths[i]) {
                // Into slot `i`, replacing (and so closing) the last batch's file there. No
                // `O_CLOEXEC`: the ring's files are never inherited, and it is refused with a slot.
                (Step::Open, Slot::Sequential, Some((dir, at, _))) => {
                    opcode::OpenAt::new(types::Fd(*dir), self.names[*at..].as_ptr().cast())
                        .flags(libc::O_RDONLY)
                        .file_index(types::DestinationSlot::try_from_slot_target(i as u32).ok())
                        .build()
                }
                (Step::Read, Slot::Read { .. }, _) => self.read_into(i, false),
                // A regular file that did not fill its buffer has been read whole.
                (Step::Past, Slot::Read { len, .. }, Some((_, _, regular))) if len == SLOT || !regular => {
                    self.read_into(i, true)
                }
                _ => continue,
            };
            entries.push(entry.user_data(i as u64));
        }
        if !self.submit(&entries) {
            return false;
        }
        for &(data, result) in &self.done {
            let i = data as usize;
            self.batch[i] = match (step, self.batch[i], result) {
                (_, _, errno) if errno < 0 => Slot::Failed(-errno),
                (Step::Open, ..) => Slot::Read { len: 0, more: false },
                (Step::Read, _, read) => Slot::Read { len: read as usize, more: false },
                (Step::Past, Slot::Read { len, .. }, past) => Slot::Read { len, more: past > 0 },
                (Step::Past, slot, _) => slot,
            };
        }
        true
    }

    /// Appends the rest of slot `i`'s file, from its position, to `bytes`.
    fn read_on(&mut self, i: usize, bytes: &mut Vec<u8>) -> io::Result<()> {
        loop {
            let read = self.read_into(i, false);
            if !self.submit(&[read]) {
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

    /// Reads into the buffers without registering them, as where the kernel refuses to.
    #[cfg(test)]
    pub(crate) fn unregister_buffers(&mut self) {
        if self.registered {
            self.registered = self.ring.submitter().unregister_buffers().is_err();
        }
    }

    /// A read of slot `i`'s file from its position into its buffer, or (`past`) into its byte
    /// in `extra`.
    fn read_into(&mut self, i: usize, past: bool) -> squeue::Entry {
        let (buffer, len, index) =
            if past { (&mut self.extra[i..=i], 1, 1) } else { (&mut self.slots[i * SLOT..][..SLOT], SLOT as u32, 0) };
        let file = types::Fixed(i as u32);
        if self.registered {
            opcode::ReadFixed::new(file, buffer.as_mut_ptr(), len, index).offset(AT_POSITION).build()
        } else {
            opcode::Read::new(file, buffer.as_mut_ptr(), len).offset(AT_POSITION).build()
        }
    }

    /// Submits `entries` and waits for all their completions, into `done`. False when the ring
    /// failed: operations may then still be under way, writing into the buffers.
    fn submit(&mut self, entries: &[squeue::Entry]) -> bool {
        self.done.clear();
        {
            let mut queue = self.ring.submission();
            for entry in entries {
                // SAFETY: every pointer in `entries` is into `slots`, `extra` or `names`, which
                // are neither moved, changed nor freed until the completions are in (or never: a
                // `broken` reader is leaked).
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

/// The names of the regular files in `dir` (open as `opened`) whose reads stop short only at
/// their end: those of a local filesystem where reads of a regular file do so, where nearly
/// every configuration is. None for a network or user-space filesystem, /proc or /sys (they
/// may return less at any read), one this does not know, or a directory of more than
/// [`MAX_LISTED`] entries. A name listed as a regular file but replaced by a pipe before it is
/// opened would be read as far as the pipe's first read.
fn regular_files(dir: &OsStr, opened: &File) -> Names {
    // statfs(2)'s `f_type` of ext2/3/4, XFS, Btrfs, tmpfs, overlayfs (a container's root), F2FS
    // and ZFS.
    const LOCAL: [u32; 7] = [0xEF53, 0x5846_5342, 0x9123_683E, 0x0102_1994, 0x794C_7630, 0xF2F5_2010, 0x2FC1_2FC1];
    let mut stat = std::mem::MaybeUninit::<libc::statfs>::uninit();
    // SAFETY: `fstatfs` writes the struct it is given, and takes an `O_PATH` descriptor (Linux
    // 3.12); the struct is read only when it succeeded.
    #[allow(unsafe_code, reason = "statfs(2): std has no call for a filesystem's type")]
    let kind = unsafe {
        if libc::fstatfs(opened.as_raw_fd(), stat.as_mut_ptr()) != 0 {
            return Names::default();
        }
        stat.assume_init().f_type
    };
    // `f_type` is signed on some targets: its low 32 bits are the magic number.
    let (Ok(entries), true) = (std::fs::read_dir(dir), LOCAL.contains(&(kind as u32))) else {
        return Names::default();
    };
    let mut regular = Names::default();
    for (count, entry) in entries.enumerate() {
        let Ok(entry) = entry else { return Names::default() };
        if count == MAX_LISTED {
            return Names::default();
        }
        // The entry's type as the directory records it (`d_type`): no call per entry.
        if entry.file_type().is_ok_and(|kind| kind.is_file()) {
            regular.insert(entry.file_name().as_bytes().into());
        }
    }
    regular
}

/// A path's directory and its name in it; `None` for a name alone, or a path ending in `/`.
fn split(path: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = last(b'/', path)?;
    let (dir, name) = (&path[..at], &path[at + 1..]);
    if name.is_empty() {
        return None;
    }
    Some((if dir.is_empty() { b"/" } else { dir }, name))
}

/// Where the last `byte` of `path` is, found 8 bytes at a time (a byte at a time cost 4-5
/// instructions a byte).
fn last(byte: u8, path: &[u8]) -> Option<usize> {
    const LOW: u64 = u64::from_ne_bytes([0x7f; 8]);
    let (head, words) = path.as_rchunks::<8>();
    for (i, &word) in words.iter().enumerate().rev() {
        let x = u64::from_le_bytes(word) ^ u64::from_ne_bytes([byte; 8]);
        // The top bit of each byte of `x` that is 0, without the carries from one byte to the
        // next that would mark a byte after it too.
        let zeros = !((x & LOW).wrapping_add(LOW) | x | LOW);
        if zeros != 0 {
            return Some(head.len() + i * 8 + 7 - zeros.leading_zeros() as usize / 8);
        }
    }
    head.iter().rposition(|&b| b == byte)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::tests::scratch;
    use std::hash::BuildHasher;
    use std::os::unix::ffi::OsStringExt;

    /// [`regular_files`] of `dir`.
    fn listed(dir: &std::path::Path) -> Names {
        let opened = File::open(dir).expect("the directory opens");
        regular_files(dir.as_os_str(), &opened)
    }

    #[test]
    fn a_directory_lists_its_regular_files_alone() {
        let dir = scratch("listing");
        std::fs::write(dir.join("task.yml"), "type: task\n").expect("written");
        std::fs::create_dir(dir.join("sub.yml")).expect("made");
        std::os::unix::fs::symlink(dir.join("task.yml"), dir.join("link.yml")).expect("linked");
        let made = std::process::Command::new("mkfifo").arg(dir.join("pipe.yml")).status().expect("mkfifo runs");
        assert!(made.success());
        let names = listed(&dir);
        // The temporary directory of the machines this runs on is ext4 or tmpfs.
        assert_eq!(names, [b"task.yml"[..].into()].into_iter().collect::<Names>());
        assert!(listed(std::path::Path::new("/proc/self")).is_empty(), "/proc is not listed");
        std::fs::remove_dir_all(&dir).expect("removable");
    }

    #[test]
    fn a_directory_of_more_than_max_listed_entries_is_not_listed() {
        let dir = scratch("large");
        for i in 0..MAX_LISTED {
            std::fs::write(dir.join(format!("{i}.yml")), "").expect("written");
        }
        assert_eq!(listed(&dir).len(), MAX_LISTED);
        std::fs::write(dir.join("one-more.yml"), "").expect("written");
        assert!(listed(&dir).is_empty());
        std::fs::remove_dir_all(&dir).expect("removable");
    }

    #[test]
    fn every_byte_of_a_name_counts_in_its_hash() {
        let hash = |name: &[u8]| BuildHasherDefault::<NameHasher>::default().hash_one(name);
        for len in 0..=17 {
            let name = vec![b'a'; len];
            for at in 0..len {
                let mut other = name.clone();
                other[at] = b'b';
                assert_ne!(hash(&name), hash(&other), "byte {at} of {len}");
            }
            assert_ne!(hash(&name), hash(&[name.as_slice(), b"\0"].concat()), "a NUL after {len}");
        }
    }

    #[test]
    fn a_path_with_a_nul_is_left_to_the_sequential_reader() {
        let Some(mut ahead) = Ahead::new() else { return };
        let dir = scratch("nul");
        for name in ["a.yml", "c.yml"] {
            std::fs::write(dir.join(name), name).expect("written");
        }
        // A name with a NUL between two in the directory they share, and a directory with one.
        let files = [
            dir.join("a.yml").into_os_string(),
            dir.join("b\0.yml").into_os_string(),
            dir.join("c.yml").into_os_string(),
            OsString::from_vec([dir.as_os_str().as_bytes(), b"\0/d.yml"].concat()),
        ];
        let mut bytes = Vec::new();
        let read: Vec<_> = (0..files.len())
            .map(|i| ahead.take(&files, i, &mut bytes).map(|read| read.map(|()| bytes.clone()).map_err(|e| e.kind())))
            .collect();
        assert_eq!(read, [Some(Ok(b"a.yml".to_vec())), None, Some(Ok(b"c.yml".to_vec())), None]);
        std::fs::remove_dir_all(&dir).expect("removable");
    }

    #[test]
    fn the_last_byte_is_found_wherever_it_is() {
        for byte in [b'/', 0] {
            // The bytes next to it and the one with its low bits, which a word's carries could
            // mistake for it.
            for fill in [b'a', byte.wrapping_sub(1), byte + 1, byte ^ 0x80] {
                for len in 0..=20 {
                    let mut path = vec![fill; len];
                    assert_eq!(last(byte, &path), None, "{byte}: none in {len}");
                    for at in 0..len {
                        path[at] = byte;
                        assert_eq!(last(byte, &path), Some(at), "{byte}: {at} of {len}, the first");
                        path[..at].fill(byte);
                        assert_eq!(last(byte, &path), Some(at), "{byte}: {at} of {len}, after others");
                        path.fill(fill);
                    }
                }
            }
        }
    }

    #[test]
    fn a_path_splits_into_its_directory_and_its_name() {
        assert_eq!(split(b"dir/sub/task.yml"), Some((&b"dir/sub"[..], &b"task.yml"[..])));
        assert_eq!(split(b"/task.yml"), Some((&b"/"[..], &b"task.yml"[..])));
        assert_eq!(split(b"dir//task.yml"), Some((&b"dir/"[..], &b"task.yml"[..])));
        assert_eq!(split(b"task.yml"), None);
        assert_eq!(split(b"dir/"), None);
    }
}
