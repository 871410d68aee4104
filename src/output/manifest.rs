//! The manifest every build writes into its output folder,
//! [`MANIFEST`]: the path and a hash of the bytes of each file, sorted, so
//! that the next build knows what the last one wrote without reading it
//! back. A rebuild takes a file over from the previous site (a hard link
//! into the new one, no bytes written) only when its new bytes hash as the
//! manifest says and the file on disk is untouched since the manifest was
//! stamped: a regular file with one link, the size the bytes have, the mode
//! a new file gets (a build under another umask writes the file again), and
//! a status-change time older than the stamp (the kernel sets that time on
//! any write, rename, `touch` or `chmod`; no tool can set it back), in
//! folders whose own status-change times are older too (a folder moved, say
//! two learners' folders swapped, or one from another build put in place).
//! The stamp is the manifest's modification time, set as the build ends: a
//! `chmod -R` of the site after a page was edited by hand moves the
//! manifest's status-change time past the edit, not its modification time. A manifest
//! missing or damaged, or a site edited by hand, costs a full write, never a
//! wrong byte. Those checks only spare reading what is plainly not the
//! file listed: a file is taken over only once its bytes, read back, hash
//! as listed, so a manifest touched, copied from another site or written
//! over an edit made while a build ran never vouches for bytes it does not
//! describe.
//!
//! It also holds, for each learner, a hash of everything their own files
//! (page, badge, calendar) are made from: the learner as the view shows
//! them, the cohort, the roadmap, the other files read, the theme, the
//! options and the checksum of this version's sources. A rebuild whose hash for a learner
//! is the one listed takes their files over without rendering them (see
//! [`crate::render::Sink::take_over`]), on the same conditions as above.

use std::collections::HashMap;
use std::path::Path;

/// The manifest's name in the output folder.
pub const MANIFEST: &str = ".waymark-manifest";

/// The first line, with the format's version.
const HEAD: &str = "waymark manifest 2\n";

/// A larger file is not a manifest waymark wrote (10,000 learners: 3 MB).
const MAX_BYTES: u64 = 256 << 20;

/// A hash of a file's bytes.
pub type Hash = u128;

pub fn hash(bytes: &[u8]) -> Hash {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// Where an input's hash is listed: a name no file of a site can have.
const INPUT: char = '@';

/// The manifest of the site in an output folder, as read.
pub struct Manifest {
    /// Each file's hash, by `/`-separated path.
    pub files: HashMap<String, Hash>,
    /// The hash of what each group of files was made from, by name (see
    /// the module's comment).
    pub inputs: HashMap<String, Hash>,
    /// When the manifest was stamped (its modification time, see [`stamp`]).
    stamped: Option<(i64, i64)>,
    /// The mode this process gives a new file (0666 less the umask), when
    /// known: a file with another is written again, as a build under a new
    /// umask would write it.
    new_mode: Option<u32>,
}

impl Manifest {
    /// The manifest of the site in `out`; `None` when there is none, or
    /// when it is damaged (a line that does not read, or a closing line
    /// whose count or checksum does not match).
    pub fn read(out: &Path) -> Option<Manifest> {
        let path = out.join(MANIFEST);
        let meta = std::fs::symlink_metadata(&path).ok().filter(|m| m.is_file() && m.len() <= MAX_BYTES)?;
        let text = std::fs::read_to_string(&path).ok()?;
        let (files, inputs) = parse(&text)?;
        Some(Manifest { files, inputs, stamped: time_of(&meta, true), new_mode: new_file_mode() })
    }

    /// Whether the file at `path` is still the one the manifest lists, with
    /// `len` bytes when that is known (a file taken over unread: the rest is
    /// checked): see the module's comment.
    pub fn untouched(&self, path: &Path, len: Option<usize>) -> bool {
        self.stamped_before(path, |meta| {
            meta.is_file()
                && len.is_none_or(|len| meta.len() == len as u64)
                && one_link(meta)
                && self.new_mode.is_none_or(|mode| mode_of(meta) == mode)
        })
    }

    /// When the manifest was stamped, as [`restamp`] takes it.
    pub fn stamped(&self) -> Option<(i64, i64)> {
        self.stamped
    }

    /// Whether the folder at `path` is untouched since the manifest was
    /// stamped: moving a folder (or one from another build into its place)
    /// sets its status-change time, not its files'.
    pub fn untouched_folder(&self, path: &Path) -> bool {
        self.stamped_before(path, std::fs::Metadata::is_dir)
    }

    /// Whether what is at `path` is `like` and its status-change time older
    /// than the stamp.
    fn stamped_before(&self, path: &Path, like: impl Fn(&std::fs::Metadata) -> bool) -> bool {
        let Some(stamped) = self.stamped else { return false };
        let Ok(meta) = std::fs::symlink_metadata(path) else { return false };
        like(&meta) && time_of(&meta, false).is_some_and(|c| c < stamped)
    }
}

/// What a manifest's text holds: files and inputs, each hash by name.
type Read = (HashMap<String, Hash>, HashMap<String, Hash>);

/// The files and inputs of a manifest's text.
fn parse(text: &str) -> Option<Read> {
    let body = text.strip_prefix(HEAD)?.strip_suffix('\n')?;
    let (lines, last) = body.rsplit_once('\n').unwrap_or(("", body));
    let checked = &text[..text.len() - last.len() - 1];
    let (count, sum) = last.strip_prefix("end ")?.split_once(' ')?;
    if sum != format!("{:016x}", xxhash_rust::xxh3::xxh3_64(checked.as_bytes())) {
        return None;
    }
    let (mut files, mut inputs) = (HashMap::new(), HashMap::new());
    for line in lines.split('\n').filter(|l| !l.is_empty()) {
        let (hash, path) = line.split_once(' ')?;
        if hash.len() != 32 || path.is_empty() {
            return None;
        }
        let hash = Hash::from_str_radix(hash, 16).ok()?;
        match path.strip_prefix(INPUT) {
            Some(name) => inputs.insert(name.to_string(), hash),
            None => files.insert(path.to_string(), hash),
        };
    }
    (count.parse::<usize>().ok()? == files.len() + inputs.len()).then_some((files, inputs))
}

/// The text of the manifest of `files` and `inputs` (each sorted here, so
/// the same site always has the same manifest).
pub fn text(files: &mut [(String, Hash)], inputs: &mut [(String, Hash)]) -> String {
    files.sort_unstable();
    inputs.sort_unstable();
    let lines = files.iter().chain(inputs.iter());
    let mut out = String::with_capacity(HEAD.len() + lines.clone().map(|(p, _)| p.len() + 35).sum::<usize>() + 40);
    out.push_str(HEAD);
    for (path, hash) in files.iter() {
        out.push_str(&format!("{hash:032x} {path}\n"));
    }
    for (name, hash) in inputs.iter() {
        out.push_str(&format!("{hash:032x} {INPUT}{name}\n"));
    }
    let sum = xxhash_rust::xxh3::xxh3_64(out.as_bytes());
    out.push_str(&format!("end {} {sum:016x}\n", files.len() + inputs.len()));
    out
}

/// Stamp the manifest of `out` as newer than every file of the site: called
/// once the site is in place and the old names of the files it took over
/// removed (removing a name changes a file's status-change time too).
pub fn stamp(out: &Path) {
    // The kernel stamps files by a clock that moves in ticks of a few
    // milliseconds: past one tick, no file of the site shares the stamp's
    // time (one that did would only be written again by the next build).
    std::thread::sleep(std::time::Duration::from_millis(10));
    set_stamp(out, None);
}

/// A hash of the manifest in `out` as it stands (`None`: none there): what
/// `build --watch` compares with the one it wrote last, to tell whether
/// another build replaced the site meanwhile.
pub fn fingerprint(out: &Path) -> Option<Hash> {
    hash_of_file(&out.join(MANIFEST))
}

/// Open `path` for reading only when it is a regular file (not through a
/// symbolic link, never waiting on a FIFO or a device), with its size.
pub fn open_regular(path: &Path) -> Option<(std::fs::File, u64)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).ok()?;
    let meta = file.metadata().ok().filter(std::fs::Metadata::is_file)?;
    Some((file, meta.len()))
}

/// The hash of the bytes of the regular file at `path` (see
/// [`open_regular`]), read a block at a time: `None` when it is not one or
/// cannot be read.
pub fn hash_of_file(path: &Path) -> Option<Hash> {
    hash_and_len_of_file(path).map(|(hash, _)| hash)
}

/// [`hash_of_file`], and how many bytes were read.
pub fn hash_and_len_of_file(path: &Path) -> Option<(Hash, u64)> {
    use std::io::Read as _;
    let (mut file, _) = open_regular(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
    let mut buf = [0u8; 64 << 10];
    let mut len = 0;
    loop {
        match file.read(&mut buf) {
            Ok(0) => return Some((hasher.digest128(), len)),
            Ok(n) => {
                hasher.update(&buf[..n]);
                len += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// Give the manifest of `out` the stamp of the one it replaces (`None`: a
/// stamp older than every file), as `build --watch` does when it writes
/// only the files a save changed: a file it did not write, but that was
/// edited by hand since the last stamp, must not pass as untouched.
pub fn restamp(out: &Path, stamped: Option<(i64, i64)>) {
    set_stamp(out, Some(stamped.unwrap_or((0, 0))));
}

/// Set the times of the manifest in `out` to `time` (seconds and
/// nanoseconds), or to now (`None`) by the clock the kernel stamps files
/// with.
fn set_stamp(out: &Path, time: Option<(i64, i64)>) {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let Ok(path) = std::ffi::CString::new(out.join(MANIFEST).as_os_str().as_bytes()) else { return };
        let times = time.map(|(sec, nsec)| {
            let t = libc::timespec { tv_sec: sec as libc::time_t, tv_nsec: nsec as _ };
            [t, t]
        });
        // SAFETY: a valid NUL-terminated path, and null (now) or two valid
        // times (access, modification).
        unsafe {
            libc::utimensat(
                libc::AT_FDCWD,
                path.as_ptr(),
                times.as_ref().map_or(std::ptr::null(), |t| t.as_ptr()),
                libc::AT_SYMLINK_NOFOLLOW,
            )
        };
    }
    #[cfg(not(unix))]
    let _ = (out, time);
}

/// The permission bits a file created with mode 0666 gets in this process,
/// from the umask the kernel reports (`None` where it does not).
fn new_file_mode() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let umask = status.lines().find_map(|l| l.strip_prefix("Umask:"))?;
    Some(0o666 & !u32::from_str_radix(umask.trim(), 8).ok()?)
}

#[cfg(unix)]
fn mode_of(meta: &std::fs::Metadata) -> u32 {
    std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o7777
}

#[cfg(not(unix))]
fn mode_of(_: &std::fs::Metadata) -> u32 {
    0
}

/// A file's status-change time, or with `modified` its modification time:
/// the time a manifest was stamped with, by the clock that sets
/// status-change times. Only a write or a `touch` of the manifest itself
/// moves that one, where a `chmod` or `chown` moves its status-change time
/// too.
#[cfg(unix)]
fn time_of(meta: &std::fs::Metadata, modified: bool) -> Option<(i64, i64)> {
    use std::os::unix::fs::MetadataExt as _;
    Some(if modified { (meta.mtime(), meta.mtime_nsec()) } else { (meta.ctime(), meta.ctime_nsec()) })
}

/// Elsewhere nothing says a file is untouched: every file is written.
#[cfg(not(unix))]
fn time_of(_: &std::fs::Metadata, _: bool) -> Option<(i64, i64)> {
    None
}

#[cfg(unix)]
fn one_link(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    meta.nlink() == 1
}

#[cfg(not(unix))]
fn one_link(_: &std::fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_and_any_damage_is_refused() {
        let mut files = vec![("b/c.html".to_string(), hash(b"C")), ("a.html".to_string(), hash(b"A"))];
        let mut inputs = vec![("learner/kim".to_string(), crate::render::hash_debug(&[&"kim", &1]))];
        let text = text(&mut files, &mut inputs);
        assert!(text.starts_with("waymark manifest 2\n"), "{text}");
        let (read, inputs) = parse(&text).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read["a.html"], hash(b"A"));
        assert_eq!(read["b/c.html"], hash(b"C"));
        assert_eq!(inputs.len(), 1);
        assert_eq!(inputs["learner/kim"], crate::render::hash_debug(&[&"kim", &1]));
        assert_ne!(inputs["learner/kim"], crate::render::hash_debug(&[&"kim", &2]));
        assert_ne!(crate::render::hash_debug(&[&"ab", &"c"]), crate::render::hash_debug(&[&"a", &"bc"]));
        // Cut short, a line changed, a line dropped, another version, empty.
        let cut = &text[..text.len() - 10];
        let changed = text.replace("a.html", "x.html");
        let dropped: String = text.lines().filter(|l| !l.ends_with(" a.html")).map(|l| format!("{l}\n")).collect();
        let other = text.replace("manifest 2", "manifest 1");
        let input_dropped: String = text.lines().filter(|l| !l.contains(" @")).map(|l| format!("{l}\n")).collect();
        for bad in [cut, &changed, &dropped, &other, &input_dropped, "", "\n"] {
            assert!(parse(bad).is_none(), "{bad:?}");
        }
        let (files, inputs) = parse(&super::text(&mut Vec::new(), &mut Vec::new())).unwrap();
        assert_eq!((files.len(), inputs.len()), (0, 0));
    }
}
