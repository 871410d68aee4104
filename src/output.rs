//! Writing a rendered site to disk. The new site is assembled next to the
//! old one and swapped in with renames, so a failed or interrupted build
//! leaves the previous site intact; files whose bytes did not change are
//! hard-linked from the old site, keeping their timestamps, so a deploy
//! uploads only what changed.
//!
//! The site the swap replaces is not deleted: it stays beside the output as
//! `.<name>.previous` (mostly hard links to the current site, so it takes
//! little room) and becomes the staging folder of the next build. That build
//! reuses its folders and touches only the files that differ, so rebuilding
//! an unchanged site makes and deletes nothing. Making and deleting
//! thousands of folders on every build otherwise costs more than rendering
//! them, and grows with each build on ext4.
//!
//! The kept folder also holds a digest of each file of the current site,
//! with the file's size, inode and modification time. A page whose file
//! still has those is compared by digest, without reading the file; any
//! other file (edited by hand, say) is read and compared byte for byte.
//!
//! Safety: the output is never an input (`roadmap/`, `themes/`, `.git`, the
//! project or a folder around them), never a symlink, and never a non-empty
//! folder without the [`MARKER`] file every build writes (unless `--force`).
//! Builds of one output are serialised by a lock on the folder that holds
//! it; each sweeps the `.site.new-*`/`.site.old-*` folders a killed build
//! left. A staging folder carries a `.gitignore` (`*`) from the moment it
//! exists; SIGINT/SIGTERM during a build remove it. On Linux the new site
//! and the old one are exchanged in one `renameat2(RENAME_EXCHANGE)`, so
//! `site/` always exists; elsewhere (or where the file system lacks it) two
//! renames are used, and a kill between them leaves `.site.old-*` (swept by
//! the next build) and no `site/`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::Metadata;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use anyhow::{bail, Context as _};
use rayon::prelude::*;

use crate::render::Files;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub changed: usize,
}

/// Replace the folder `out` with exactly `files`.
pub fn write(root: &Path, out: &Path, files: &Files) -> anyhow::Result<Written> {
    let staging = Staging::new(root, out, false)?;
    files.par_iter().for_each(|(path, bytes)| staging.put_bytes(path, bytes));
    staging.finish()
}

/// A folder of the staging tree: made once, or why it could not be.
type Made = OnceLock<Result<(), String>>;

/// The first line of the `.gitignore` that marks a kept previous site: git
/// ignores the folder, and waymark reuses only folders that carry it.
const PREVIOUS_MARK: &str = "# waymark: the site before the current one, reused by the next build; safe to delete";

/// The file in the kept folder with the digests of the current site's files.
const STAMPS: &str = ".waymark-stamps";

/// A file's content digest, and what identifies the version of the file it
/// was taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    digest: u128,
    len: u64,
    ino: u64,
    mtime: (i64, i64),
}

impl Stamp {
    #[cfg(unix)]
    fn of(meta: &Metadata, digest: u128) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt as _;
        Some(Stamp { digest, len: meta.len(), ino: meta.ino(), mtime: (meta.mtime(), meta.mtime_nsec()) })
    }

    #[cfg(not(unix))]
    fn of(_: &Metadata, _: u128) -> Option<Stamp> {
        None
    }

    /// Whether `meta` is of the file version this stamp was taken from.
    fn fits(&self, meta: &Metadata) -> bool {
        Stamp::of(meta, self.digest).as_ref() == Some(self)
    }
}

fn digest(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// A new site being written next to the old one, file by file as each is
/// rendered, then swapped in by [`Staging::finish`]. Dropped without
/// finishing (a failed build), it leaves the old site as it was.
pub struct Staging {
    _lock: std::fs::File,
    out: PathBuf,
    /// The folder being filled, until it is swapped in or put away.
    dir: Option<PathBuf>,
    /// Whether `dir` is a kept previous site, with files in it already.
    reused: bool,
    old_exists: bool,
    /// Folders already created, and the files written, by path, with the
    /// stamp of each where it could be taken.
    dirs: Mutex<HashMap<PathBuf, Arc<Made>>>,
    written: Mutex<HashMap<String, Option<Stamp>>>,
    /// The stamps of the old site's files, from the kept folder.
    known: HashMap<String, Stamp>,
    changed: AtomicUsize,
    error: Mutex<Option<anyhow::Error>>,
}

impl Staging {
    pub fn new(root: &Path, out: &Path, force: bool) -> anyhow::Result<Staging> {
        refuse_dangerous(root, out, force)?;
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        // One build of a folder at a time: the lock is on the folder that
        // holds it (nothing is left behind), released when the build ends.
        let lock = std::fs::File::open(parent).with_context(|| format!("cannot open {}", parent.display()))?;
        fs4::FileExt::lock(&lock).with_context(|| format!("cannot lock {}", parent.display()))?;
        sweep(parent, out);
        catch_signals();
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{}.new-", out_name(out)))
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a staging folder in {}", parent.display()))?
            .keep();
        // The kept previous site takes the new, empty folder's place.
        let previous = previous_path(out);
        let reused = is_kept_previous(&previous) && std::fs::rename(&previous, &dir).is_ok();
        if !reused {
            // Ignored by git from the moment it holds anything: an interrupted
            // full build must never be one `git add -A` from being published.
            // (A reused previous site carries its own `.gitignore`.)
            std::fs::write(dir.join(".gitignore"), "*\n")
                .with_context(|| format!("cannot write into {}", dir.display()))?;
        }
        let known = if reused { read_stamps(&dir.join(STAMPS)) } else { HashMap::new() };
        Ok(Staging {
            _lock: lock,
            out: out.to_path_buf(),
            dir: Some(dir),
            reused,
            old_exists: out.is_dir(),
            dirs: Mutex::default(),
            written: Mutex::default(),
            known,
            changed: AtomicUsize::new(0),
            error: Mutex::default(),
        })
    }

    /// Write one file; a file whose bytes are those of the old site's file is
    /// hard-linked from it instead. The first error is kept for `finish`.
    pub fn put_bytes(&self, path: &str, bytes: &[u8]) {
        if let Err(e) = self.try_put(path, bytes) {
            self.error.lock().unwrap_or_else(PoisonError::into_inner).get_or_insert(e);
        }
    }

    fn try_put(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        if interrupted() {
            bail!("interrupted");
        }
        let Some(dir) = &self.dir else { return Ok(()) };
        let stamp = self.put_file(dir, path, bytes)?;
        self.written.lock().unwrap_or_else(PoisonError::into_inner).insert(path.to_string(), stamp);
        Ok(())
    }

    /// Put `bytes` at `path` in the staging folder `dir`; the stamp of the
    /// file that is there now.
    fn put_file(&self, dir: &Path, path: &str, bytes: &[u8]) -> anyhow::Result<Option<Stamp>> {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            // Each folder is made once, by whichever thread needs it first;
            // others wanting the same folder wait for it, the rest go on.
            let cell = self
                .dirs
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(parent.to_path_buf())
                .or_default()
                .clone();
            cell.get_or_init(|| make_folder(dir, parent).map_err(|e| e.to_string()))
                .as_ref()
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", parent.display()))?;
        }
        let old = self.out.join(path);
        // Read the old file only when it can be the same: same length.
        let old_meta = if self.old_exists { std::fs::metadata(&old).ok() } else { None };
        let digest = digest(bytes);
        let same = match &old_meta {
            Some(m) if m.len() == bytes.len() as u64 => match self.known.get(path) {
                Some(k) if k.fits(m) => k.digest == digest,
                _ => same_bytes(&old, bytes),
            },
            _ => false,
        };
        // What a reused folder already holds at this path.
        let here = if self.reused { std::fs::symlink_metadata(&target).ok() } else { None };
        let linked = |h: &Metadata| old_meta.as_ref().is_some_and(|o| same_file(h, o));
        if same {
            let stamp = old_meta.as_ref().and_then(|m| Stamp::of(m, digest));
            if here.as_ref().is_some_and(linked) {
                return Ok(stamp);
            }
            clear(&target, here.as_ref());
            if std::fs::hard_link(&old, &target).is_ok() {
                return Ok(stamp);
            }
        } else {
            self.changed.fetch_add(1, Ordering::Relaxed);
            // A file of the staging folder's own is rewritten in place; one
            // the old site shares through a link is replaced, not touched.
            if let Some(h) = &here {
                if !(h.is_file() && only_link(h) && !linked(h)) {
                    clear(&target, here.as_ref());
                }
            }
        }
        let write = || -> std::io::Result<Metadata> {
            let mut file = std::fs::File::create(&target)?;
            file.write_all(bytes)?;
            file.metadata()
        };
        let meta = write().with_context(|| format!("cannot write {}", target.display()))?;
        Ok(Stamp::of(&meta, digest))
    }

    /// Swap the new site in for the old one.
    pub fn finish(mut self) -> anyhow::Result<Written> {
        if let Some(e) = self.error.lock().unwrap_or_else(PoisonError::into_inner).take() {
            return Err(e);
        }
        if interrupted() {
            bail!("interrupted; the previous site is unchanged");
        }
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(PoisonError::into_inner));
        let mut stats = Written { files: written.len(), changed: self.changed.load(Ordering::Relaxed) };
        let Some(dir) = self.dir.clone() else { return Ok(stats) };
        // A file removed since the last build is a change too; a reused
        // folder loses what this build did not write.
        let (old, ()) = rayon::join(
            || {
                let mut old = Vec::new();
                list(&self.out, &self.out, &mut old);
                old
            },
            || {
                if self.reused {
                    prune(&dir, &dir, &written);
                }
            },
        );
        stats.changed += old.iter().filter(|p| p.as_str() != MARKER && !written.contains_key(p.as_str())).count();
        if !written.contains_key(".gitignore") {
            let _ = std::fs::remove_file(dir.join(".gitignore"));
        }
        std::fs::write(dir.join(MARKER), "made by waymark build; the whole folder is replaced by the next build\n")
            .with_context(|| format!("cannot write {}", dir.join(MARKER).display()))?;
        if interrupted() {
            bail!("interrupted; the previous site is unchanged");
        }
        self.dir = None;
        swap(&dir, &self.out)?;
        // The kept folder, if there is one now, gets the new site's stamps.
        let previous = previous_path(&self.out);
        if is_kept_previous(&previous) {
            write_stamps(&previous.join(STAMPS), &written);
        }
        Ok(stats)
    }
}

impl Drop for Staging {
    /// An unfinished build: its folder is kept for the next one to reuse.
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            if interrupted() {
                remove_tree(&dir);
            } else {
                put_away(&dir, &self.out);
            }
        }
        release_signals();
    }
}

impl crate::render::Sink for Staging {
    fn put(&self, path: String, bytes: Vec<u8>) {
        self.put_bytes(&path, &bytes);
    }

    fn put_ref(&self, path: String, bytes: &[u8]) {
        self.put_bytes(&path, bytes);
    }
}

/// Make `folder` inside the staging folder `base`, removing files a reused
/// folder holds where a folder must now be.
fn make_folder(base: &Path, folder: &Path) -> std::io::Result<()> {
    if std::fs::create_dir_all(folder).is_ok() {
        return Ok(());
    }
    let mut at = base.to_path_buf();
    for part in folder.strip_prefix(base).unwrap_or(folder).components() {
        at.push(part);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
            std::fs::remove_file(&at)?;
        }
    }
    std::fs::create_dir_all(folder)
}

/// Remove whatever is at `path` (described by `meta`).
fn clear(path: &Path, meta: Option<&Metadata>) {
    match meta {
        Some(m) if m.is_dir() => remove_tree(path),
        Some(_) => {
            let _ = std::fs::remove_file(path);
        }
        None => {}
    }
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata) -> bool {
    false
}

/// Whether no other path links to the file.
#[cfg(unix)]
fn only_link(m: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    m.nlink() == 1
}

#[cfg(not(unix))]
fn only_link(_: &Metadata) -> bool {
    false
}

/// Whether the file at `path` holds exactly `bytes`, read into a buffer each
/// thread keeps: comparing a whole site allocates nothing per file.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read as _;
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUF.with_borrow_mut(|buf| {
        buf.clear();
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(buf)).is_ok() && buf.as_slice() == bytes
    })
}

/// Every file under `dir`, as `/`-separated paths relative to `base`.
fn list(base: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        // The entry's own type, from the directory listing: no `stat` per file.
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            list(base, &p, out);
        } else if let Ok(rel) = p.strip_prefix(base) {
            out.push(rel_path(rel));
        }
    }
}

fn rel_path(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}

/// Remove from the reused folder `dir` every file not in `keep`, and the
/// folders that leaves empty.
fn prune(base: &Path, dir: &Path, keep: &HashMap<String, Option<Stamp>>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let entries: Vec<_> = entries.flatten().collect();
    entries.par_iter().for_each(|e| {
        let p = e.path();
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            prune(base, &p, keep);
            // Fails, as it should, unless the folder is now empty.
            let _ = std::fs::remove_dir(&p);
        } else if p.strip_prefix(base).is_ok_and(|rel| !keep.contains_key(&rel_path(rel))) {
            let _ = std::fs::remove_file(&p);
        }
    });
}

/// Put `staged` where `out` is: the old folder is moved aside, the new one
/// renamed in, and the old one kept for the next build to reuse.
fn swap(staged: &Path, out: &Path) -> anyhow::Result<()> {
    if !out.exists() {
        return std::fs::rename(staged, out).with_context(|| format!("cannot move the new site to {}", out.display()));
    }
    if exchange(staged, out) {
        // `staged` now holds the old site.
        put_away(staged, out);
        return Ok(());
    }
    // Elsewhere (or on a file system without the exchange): two renames,
    // with a moment between them when `out` does not exist.
    let aside = aside_path(out);
    std::fs::rename(out, &aside).with_context(|| format!("cannot move the old site {} aside", out.display()))?;
    if let Err(e) = std::fs::rename(staged, out) {
        // Put the old site back: the previous site stays intact.
        let _ = std::fs::rename(&aside, out);
        put_away(staged, out);
        return Err(e).with_context(|| format!("cannot move the new site to {}", out.display()));
    }
    put_away(&aside, out);
    Ok(())
}

/// Keep `tree` as the previous site of `out`, for the next build to reuse;
/// delete it when there is no site to go with it or the place is taken by
/// something that is not a kept site.
fn put_away(tree: &Path, out: &Path) {
    let previous = previous_path(out);
    let free = match std::fs::symlink_metadata(&previous) {
        Err(_) => true,
        Ok(_) if is_kept_previous(&previous) => {
            remove_tree(&previous);
            true
        }
        Ok(_) => false,
    };
    let kept = free
        && out.is_dir()
        && std::fs::write(tree.join(".gitignore"), format!("{PREVIOUS_MARK}\n*\n")).is_ok()
        && std::fs::rename(tree, &previous).is_ok();
    if !kept {
        remove_tree(tree);
    }
}

/// The stamps file: a line per file, `digest len ino mtime-s mtime-ns path`.
/// A line that does not read is skipped: its file is then compared by reading.
/// So is a file changed no earlier than the stamps file was written: an
/// edit in that same clock tick would not change its time.
fn read_stamps(file: &Path) -> HashMap<String, Stamp> {
    let Ok(text) = std::fs::read_to_string(file) else { return HashMap::new() };
    let Some(written) = std::fs::metadata(file).ok().and_then(|m| Stamp::of(&m, 0)).map(|s| s.mtime) else {
        return HashMap::new();
    };
    let line = |l: &str| -> Option<(String, Stamp)> {
        let mut f = l.splitn(6, ' ');
        let digest = u128::from_str_radix(f.next()?, 16).ok()?;
        let (len, ino) = (f.next()?.parse().ok()?, f.next()?.parse().ok()?);
        let mtime = (f.next()?.parse().ok()?, f.next()?.parse().ok()?);
        Some((f.next()?.to_string(), Stamp { digest, len, ino, mtime }))
    };
    text.lines().filter_map(line).filter(|(_, s)| s.mtime < written).collect()
}

fn write_stamps(file: &Path, stamps: &HashMap<String, Option<Stamp>>) {
    let mut text = String::with_capacity(stamps.len() * 96);
    for (path, s) in stamps {
        if let (Some(s), false) = (s, path.contains('\n')) {
            let _ = writeln!(text, "{:032x} {} {} {} {} {path}", s.digest, s.len, s.ino, s.mtime.0, s.mtime.1);
        }
    }
    let _ = std::fs::write(file, text);
}

fn is_kept_previous(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join(".gitignore")).is_ok_and(|t| t.starts_with(PREVIOUS_MARK))
}

/// `remove_dir_all`, in parallel. Best effort, like the call it replaces.
fn remove_tree(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let entries: Vec<_> = entries.flatten().collect();
    entries.par_iter().for_each(|e| match e.file_type() {
        Ok(t) if t.is_dir() => remove_tree(&e.path()),
        _ => {
            let _ = std::fs::remove_file(e.path());
        }
    });
    let _ = std::fs::remove_dir(dir);
}

fn out_name(out: &Path) -> String {
    out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "site".into())
}

fn aside_path(out: &Path) -> PathBuf {
    out.with_file_name(format!(".{}.old-{}", out_name(out), std::process::id()))
}

/// Where the site before the current one is kept: `.site.previous` for `site`.
pub fn previous_path(out: &Path) -> PathBuf {
    out.with_file_name(format!(".{}.previous", out_name(out)))
}

/// The file in every output folder waymark makes: a non-empty folder
/// without it is not replaced (unless forced).
pub const MARKER: &str = ".waymark-site";

/// `path` made absolute with every existing part's links resolved; the
/// parts that do not exist yet are appended as they are.
fn resolved(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut at = abs.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(at) {
            let mut out = real;
            out.extend(rest.iter().rev());
            return out;
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = parent;
            }
            _ => return abs,
        }
    }
}

/// The output folder is deleted and replaced: never let that be an input
/// (`roadmap/`, `themes/`, the project itself, a folder above them or in
/// them, a git repository), a symlink, or a folder waymark did not make.
fn refuse_dangerous(root: &Path, out: &Path, force: bool) -> anyhow::Result<()> {
    let shown = out.display();
    if out.components().any(|c| c == std::path::Component::ParentDir) {
        bail!("refusing to write {shown}: the output folder is named without `..`; choose a folder such as `site`");
    }
    let root_abs = resolved(root);
    // Resolve the parent only: the output itself must not be a link.
    let out_abs = match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) => {
            resolved(if parent.as_os_str().is_empty() { Path::new(".") } else { parent }).join(name)
        }
        _ => resolved(out),
    };
    if root_abs.starts_with(&out_abs) {
        bail!("refusing to replace {shown}: it holds the project itself; choose an output folder such as `site`");
    }
    for input in ["roadmap", "themes", ".git"] {
        let input_abs = resolved(&root.join(input));
        if out_abs.starts_with(&input_abs) || input_abs.starts_with(&out_abs) {
            bail!("refusing to write {shown}: it is, holds or is inside the project's `{input}/`; choose an output folder such as `site`");
        }
    }
    let meta = match std::fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(_) => return Ok(()),
    };
    if meta.file_type().is_symlink() {
        bail!("refusing to replace {shown}: it is a symbolic link; remove it or choose another output folder");
    }
    if !meta.is_dir() {
        bail!("refusing to replace {shown}: it is a file, not a folder waymark made");
    }
    if out.join("roadmap/cohort.yaml").exists() || out.join(".git").exists() {
        bail!("refusing to replace {shown}: it holds a project or a git repository");
    }
    let empty = std::fs::read_dir(out).map(|mut d| d.next().is_none()).unwrap_or(false);
    if !empty && !out.join(MARKER).is_file() && !force {
        bail!(
            "refusing to replace {shown}: it has files and waymark did not make it (no {MARKER} in it); \
             choose another output folder, or pass --force to replace it"
        );
    }
    Ok(())
}

/// Set by SIGINT/SIGTERM while a build writes: the writer stops and the
/// staging folder is removed.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The signal that set [`INTERRUPTED`].
static SIGNAL: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

#[cfg(unix)]
extern "C" fn on_signal(sig: libc::c_int) {
    SIGNAL.store(sig, Ordering::SeqCst);
    INTERRUPTED.store(true, Ordering::SeqCst);
}

#[cfg(unix)]
fn catch_signals() {
    // SAFETY: the handler only stores to atomics, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, on_signal as *const () as libc::sighandler_t);
        libc::signal(libc::SIGTERM, on_signal as *const () as libc::sighandler_t);
    }
}

/// The build is over (its staging folder gone): signals act as usual again,
/// and one that came during the build now ends the process as it would have.
#[cfg(unix)]
fn release_signals() {
    // SAFETY: restoring the default actions, then re-raising a caught signal.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        libc::signal(libc::SIGTERM, libc::SIG_DFL);
        let sig = SIGNAL.load(Ordering::SeqCst);
        if sig != 0 {
            libc::raise(sig);
        }
    }
}

#[cfg(not(unix))]
fn catch_signals() {}

#[cfg(not(unix))]
fn release_signals() {}

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Remove `.site.new-*` and `.site.old-*` left by a build that was killed.
/// Called with the lock held, so no running build's folder is among them.
fn sweep(parent: &Path, out: &Path) {
    let name = out_name(out);
    let (new, old) = (format!(".{name}.new-"), format!(".{name}.old-"));
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if (n.starts_with(&new) || n.starts_with(&old)) && e.file_type().is_ok_and(|t| t.is_dir()) {
            remove_tree(&e.path());
        }
    }
}

/// Swap two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`), so
/// `out` always exists. `false` where that is not available.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt as _;
    let (Ok(a), Ok(b)) =
        (std::ffi::CString::new(a.as_os_str().as_bytes()), std::ffi::CString::new(b.as_os_str().as_bytes()))
    else {
        return false;
    };
    // SAFETY: two valid NUL-terminated paths; the call reads nothing else.
    unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) == 0 }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Files {
        list.iter().map(|(p, b)| (p.to_string(), b.as_bytes().to_vec())).collect()
    }

    /// Every file under `dir`, sorted, with its text.
    fn contents(dir: &Path) -> Vec<(String, String)> {
        let mut paths = Vec::new();
        list(dir, dir, &mut paths);
        paths.retain(|p| p != MARKER);
        paths.sort();
        paths.into_iter().map(|p| (p.clone(), std::fs::read_to_string(dir.join(&p)).unwrap())).collect()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> =
            std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[cfg(unix)]
    fn inode(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt as _;
        std::fs::metadata(path).unwrap().ino()
    }

    #[test]
    fn unchanged_files_keep_their_inode_and_removed_files_go() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write(dir.path(), &out, &files(&[("a.html", "A"), ("b/c.html", "C"), ("gone.txt", "x")])).unwrap();
        let before = std::fs::metadata(out.join("a.html")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let w = write(dir.path(), &out, &files(&[("a.html", "A"), ("b/c.html", "C2")])).unwrap();
        assert_eq!(w, Written { files: 2, changed: 2 });
        assert_eq!(std::fs::metadata(out.join("a.html")).unwrap().modified().unwrap(), before);
        assert_eq!(contents(&out), [("a.html".into(), "A".into()), ("b/c.html".into(), "C2".into())]);
        // The site the swap replaced is kept, marked, for the next build.
        assert_eq!(names(dir.path()), [".site.previous", "site"]);
        let previous = dir.path().join(".site.previous");
        assert!(is_kept_previous(&previous));
        assert_eq!(std::fs::read_to_string(previous.join("gone.txt")).unwrap(), "x");
    }

    /// Builds that keep reusing the previous site give exactly the files
    /// asked for, whatever the reused folder held at each path: the same
    /// file, another, a link to the live site, a folder where a file goes or
    /// a file where a folder goes.
    #[test]
    fn builds_over_a_reused_folder_give_exactly_the_files_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let builds: &[&[(&str, &str)]] = &[
            &[("a.html", "A"), ("b/c.html", "C"), ("x", "file")],
            &[("a.html", "A"), ("b/c.html", "C2"), ("x/y.html", "now a folder")],
            &[("a.html", "A2"), ("b", "now a file"), ("x/y.html", "now a folder")],
            &[("a.html", "A2"), ("b/c.html", "C3"), ("x", "a file again"), ("new/deep/d.html", "D")],
            &[("a.html", "A2"), ("b/c.html", "C3"), ("x", "a file again"), ("new/deep/d.html", "D")],
            &[("a.html", "A")],
        ];
        for (n, build) in builds.iter().enumerate() {
            write(dir.path(), &out, &files(build)).unwrap();
            let want: Vec<(String, String)> = {
                let mut w: Vec<_> = build.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
                w.sort();
                w
            };
            assert_eq!(contents(&out), want, "after build {n}");
            let kept = if n == 0 { &["site"][..] } else { &[".site.previous", "site"][..] };
            assert_eq!(names(dir.path()), kept, "after build {n}");
        }
        // No folder is left over from earlier layouts.
        assert_eq!(names(&out), [MARKER, "a.html"]);
    }

    /// A file the kept site shares with the live one through a hard link is
    /// replaced, never written through: until the swap, the live site reads
    /// as it was, even when the new bytes differ.
    #[test]
    fn a_reused_folder_never_writes_through_to_the_live_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        for _ in 0..2 {
            write(dir.path(), &out, &files(&[("a.html", "A"), ("b/c.html", "C")])).unwrap();
        }
        let staging = Staging::new(dir.path(), &out, false).unwrap();
        assert!(staging.reused);
        staging.put_bytes("a.html", b"changed");
        staging.put_bytes("b/c.html", b"C");
        assert_eq!(contents(&out), [("a.html".into(), "A".into()), ("b/c.html".into(), "C".into())]);
        assert_eq!(staging.finish().unwrap(), Written { files: 2, changed: 1 });
        assert_eq!(contents(&out), [("a.html".into(), "changed".into()), ("b/c.html".into(), "C".into())]);
        let previous = dir.path().join(".site.previous");
        assert_eq!(std::fs::read_to_string(previous.join("a.html")).unwrap(), "A");
    }

    /// A live file edited by hand (and with it the kept copy it is linked
    /// to) is put right by the next build.
    #[test]
    fn a_live_file_edited_by_hand_is_put_right() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let site = files(&[("a.html", "A")]);
        write(dir.path(), &out, &site).unwrap();
        write(dir.path(), &out, &site).unwrap();
        std::fs::OpenOptions::new().write(true).open(out.join("a.html")).unwrap().write_all(b"X").unwrap();
        assert_eq!(write(dir.path(), &out, &site).unwrap(), Written { files: 1, changed: 1 });
        assert_eq!(contents(&out), [("a.html".into(), "A".into())]);
    }

    /// Set a file's modification time.
    fn set_mtime(path: &Path, t: std::time::SystemTime) {
        std::fs::File::options().write(true).open(path).unwrap().set_modified(t).unwrap();
    }

    /// A page whose file has the size, inode and time of its stamp is
    /// compared by digest, without reading it: a change that keeps all
    /// three (here made on purpose) goes unseen. The racy case, a file
    /// changed in the clock tick the stamps were written in, is read.
    #[cfg(unix)]
    #[test]
    fn stamped_files_are_compared_by_digest_unless_changed_in_the_tick_of_the_stamps() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let stamps = dir.path().join(".site.previous").join(STAMPS);
        let site = files(&[("a.html", "A"), ("b.html", "B")]);
        write(dir.path(), &out, &site).unwrap();
        write(dir.path(), &out, &site).unwrap();
        assert_eq!(read_stamps(&stamps).len(), 2);
        // Both files changed in place, same size: `a` an hour before the
        // stamps were written, `b` in the same tick; each with the stamp
        // its right content would have had.
        let (a, b) = (out.join("a.html"), out.join("b.html"));
        let t = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        std::fs::write(&a, "X").unwrap();
        set_mtime(&a, t - std::time::Duration::from_secs(3600));
        std::fs::write(&b, "Y").unwrap();
        set_mtime(&b, t);
        let stamp = |p: &Path, right: &[u8]| Stamp::of(&std::fs::metadata(p).unwrap(), digest(right));
        write_stamps(&stamps, &HashMap::from([("a.html".into(), stamp(&a, b"A")), ("b.html".into(), stamp(&b, b"B"))]));
        set_mtime(&stamps, t);
        assert_eq!(read_stamps(&stamps).into_keys().collect::<Vec<_>>(), ["a.html"]);
        assert_eq!(write(dir.path(), &out, &site).unwrap(), Written { files: 2, changed: 1 });
        assert_eq!(contents(&out), [("a.html".into(), "X".into()), ("b.html".into(), "B".into())]);
    }

    /// Rebuilding an unchanged site makes no folder and no file: the
    /// folders of the site before are the ones in use again.
    #[cfg(unix)]
    #[test]
    fn rebuilding_an_unchanged_site_reuses_its_folders_and_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let site = files(&[("a.html", "A"), ("learners/kim/index.html", "K")]);
        write(dir.path(), &out, &site).unwrap();
        let (folder, file) = (inode(&out.join("learners/kim")), inode(&out.join("learners/kim/index.html")));
        write(dir.path(), &out, &site).unwrap();
        assert_eq!(write(dir.path(), &out, &site).unwrap(), Written { files: 2, changed: 0 });
        assert_eq!(inode(&out.join("learners/kim")), folder);
        assert_eq!(inode(&out.join("learners/kim/index.html")), file);
    }

    /// A `.site.previous` that waymark did not leave is not reused or removed.
    #[test]
    fn a_previous_folder_waymark_did_not_make_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let theirs = dir.path().join(".site.previous");
        std::fs::create_dir_all(&theirs).unwrap();
        std::fs::write(theirs.join("notes.txt"), "mine").unwrap();
        for _ in 0..3 {
            write(dir.path(), &out, &files(&[("a.html", "A")])).unwrap();
        }
        assert_eq!(contents(&theirs), [("notes.txt".into(), "mine".into())]);
        assert_eq!(names(dir.path()), [".site.previous", "site"]);
    }

    #[test]
    fn files_written_from_many_threads_land_in_folders_made_on_the_way() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        // Neighbouring files share folders, so threads race to make each one.
        let paths: Vec<String> = (0..4000).map(|i| format!("d{}/e{}/f{i}.html", i % 41, i % 3)).collect();
        let staging = Staging::new(dir.path(), &out, false).unwrap();
        paths.par_iter().for_each(|p| staging.put_bytes(p, p.as_bytes()));
        assert_eq!(staging.finish().unwrap().files, 4000);
        for p in &paths {
            assert_eq!(std::fs::read_to_string(out.join(p)).unwrap(), *p);
        }
    }

    #[test]
    fn a_staging_folder_dropped_unfinished_leaves_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write(dir.path(), &out, &files(&[("a.html", "A")])).unwrap();
        for _ in 0..2 {
            let staging = Staging::new(dir.path(), &out, false).unwrap();
            staging.put_bytes("a.html", b"B");
            staging.put_bytes("b.html", b"B");
            drop(staging);
            assert_eq!(contents(&out), [("a.html".into(), "A".into())]);
            assert_eq!(names(dir.path()), [".site.previous", "site"]);
        }
        // The next build is not misled by what the unfinished one left.
        assert_eq!(write(dir.path(), &out, &files(&[("a.html", "A")])).unwrap(), Written { files: 1, changed: 0 });
        assert_eq!(contents(&out), [("a.html".into(), "A".into())]);
    }

    #[test]
    fn the_project_folder_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("roadmap")).unwrap();
        std::fs::write(dir.path().join("roadmap/cohort.yaml"), "title: t\n").unwrap();
        assert!(write(dir.path(), dir.path(), &files(&[("a", "b")])).is_err());
        assert!(write(&dir.path().join("roadmap"), dir.path(), &files(&[("a", "b")])).is_err());
        assert!(dir.path().join("roadmap/cohort.yaml").exists());
    }
}
