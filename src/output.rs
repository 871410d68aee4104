//! Writing a rendered site to disk. The new site is written into a staging
//! folder next to the old one and swapped in, so a failed or interrupted
//! build leaves the previous site intact; the old site is then deleted by
//! a process of its own ([`remove_later`]), off the build's critical path.
//! Each site holds a [`manifest`] of its files' hashes: a rebuild hard-links
//! the files whose bytes did not change from the old site into the new one
//! instead of writing them again, counts what changed without reading the
//! old site back, and so deletes little more than names. The manifest also
//! notes what each learner's own files were made from, so that a rebuild
//! takes the files of a learner whose inputs did not change over without
//! rendering them at all ([`Staging`]'s `take_over`).
//!
//! Safety: the output is never an input (`roadmap/`, `themes/`, `.git`, the
//! project or a folder around them), never a symlink, and never a non-empty
//! folder without the [`MARKER`] file every build writes (unless `--force`).
//! Builds of one output are serialised by a lock on the folder that holds
//! it.
//!
//! Everything a build keeps outside the output lives in one work folder
//! beside it, [`WORK`], made with its `.gitignore` (`*`) before anything
//! else is put in it: the staging folder (`<site>.new-*`) and the old site
//! once it is swapped out (deleted there). So at no moment is a folder of
//! pages one `git add -A` from being published, whatever kills the build;
//! the site itself never gets a `.gitignore` it did not render. The work
//! folder is removed (its `.gitignore` last) once the old site is; each build
//! first sweeps what a killed one left in it, and the `.site.new-*`,
//! `.site.old-*` and `.site.previous` folders of earlier versions.
//! SIGINT/SIGTERM during a build remove the staging folder. On Linux the new
//! site and the old one are exchanged in one `renameat2(RENAME_EXCHANGE)`,
//! so `site/` always exists, and the `.gitignore` appears with its content
//! in one step (`O_TMPFILE`, then a link); elsewhere (or where the file
//! system lacks these) two renames are used, and a kill between them leaves
//! the old site inside the work folder (swept by the next build) and no
//! `site/`, and a kill while the `.gitignore` is written can leave it empty
//! in an otherwise empty work folder.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use anyhow::{bail, Context as _};
use rayon::prelude::*;

use crate::render::Files;
use crate::signals::{interrupted, Catch};

pub mod manifest;

use manifest::{Hash, Manifest, MANIFEST};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    /// Files new, changed or removed since the site this one replaced.
    pub changed: usize,
    /// Files taken over from the site this one replaced (hard-linked, not
    /// written again).
    pub kept: usize,
    /// Learners whose own files (page, badge, calendar) were taken over
    /// without being rendered: made from the same inputs as the last time.
    pub unrendered: usize,
    /// The bytes of the site's files (what a host such as GitHub Pages
    /// counts against its limit); a file put twice counts twice.
    pub bytes: u64,
}

/// Replace the folder `out` with exactly `files`, staged and swapped in
/// whole; `force` as for `build --force`.
pub fn write(root: &Path, out: &Path, force: bool, files: &Files) -> anyhow::Result<Written> {
    let staging = Staging::new(root, out, force)?;
    files.par_iter().for_each(|(path, bytes)| staging.put_bytes(path, bytes));
    staging.finish()
}

/// What changed between two versions of a site: the files whose bytes are
/// new or different, and the files that are gone.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delta {
    pub written: Vec<String>,
    pub removed: Vec<String>,
}

impl Delta {
    /// Files written or removed.
    pub fn len(&self) -> usize {
        self.written.len() + self.removed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Bring the output folder `out`, which holds the site `files` was before
/// `delta`, up to `files` in place: each file of `delta.written` replaced
/// atomically (written in the work folder, then renamed over the old one),
/// each of `delta.removed` deleted with the folders it leaves empty. The
/// same lock, refusal rules and `force` as [`write`]; an output folder that
/// is not the one last written (no [`MARKER`]: emptied or deleted
/// meanwhile) is written whole instead. A save in `build --watch` costs what
/// it changed, not the whole site.
pub fn update(root: &Path, out: &Path, force: bool, files: &Files, delta: &Delta) -> anyhow::Result<Written> {
    if !out.join(MARKER).is_file() {
        return write(root, out, force, files);
    }
    refuse_dangerous(root, out, force)?;
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let lock = std::fs::File::open(parent).with_context(|| format!("cannot open {}", parent.display()))?;
    fs4::FileExt::lock(&lock).with_context(|| format!("cannot lock {}", parent.display()))?;
    let work = parent.join(WORK);
    sweep(parent, out);
    make_work(&work)?;
    let signals = Catch::new();
    // The manifest goes first and comes back last, up to date: a kill on
    // the way leaves none, and the next build reads the site back instead.
    let previous = Manifest::read(out);
    let stamped = previous.as_ref().and_then(Manifest::stamped);
    let _ = std::fs::remove_file(out.join(MANIFEST));
    let result = replace_in_place(&work, out, files, delta).and_then(|()| {
        let mut entries: Vec<(String, Hash)> = match previous {
            Some(m) => {
                let mut map = m.files;
                for path in &delta.removed {
                    map.remove(path);
                }
                for path in &delta.written {
                    if let Some(bytes) = files.get(path) {
                        map.insert(path.clone(), manifest::hash(bytes));
                    }
                }
                map.into_iter().collect()
            }
            None => files.par_iter().map(|(p, b)| (p.clone(), manifest::hash(b))).collect(),
        };
        let mut temp = file_builder(&format!("{}.file-", out_name(out)))
            .tempfile_in(&work)
            .with_context(|| format!("cannot create a file in {}", work.display()))?;
        // Which inputs made the files is not followed here: the next whole
        // build renders every learner's files again.
        temp.write_all(manifest::text(&mut entries, &mut Vec::new()).as_bytes())
            .with_context(|| format!("cannot write {}", temp.path().display()))?;
        let target = out.join(MANIFEST);
        temp.persist(&target).map_err(|e| e.error).with_context(|| format!("cannot write {}", target.display()))?;
        // The old stamp, not a new one: what was edited by hand since the
        // last build is still not untouched, and what this update wrote is
        // newer than the stamp too, so the next build writes both again.
        manifest::restamp(out, stamped);
        Ok(())
    });
    remove_work(&work);
    drop(signals);
    result?;
    let bytes = files.values().map(|b| b.len() as u64).sum();
    Ok(Written { files: files.len(), changed: delta.len(), kept: 0, unrendered: 0, bytes })
}

/// Temporary files made with the mode `File::create` gives (0666 less the
/// umask), not tempfile's private 0600: a page is read by whoever serves
/// the folder.
fn file_builder(prefix: &str) -> tempfile::Builder<'_, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b
}

fn replace_in_place(work: &Path, out: &Path, files: &Files, delta: &Delta) -> anyhow::Result<()> {
    let prefix = format!("{}.file-", out_name(out));
    // Removals first: a file that became a folder (or the reverse) needs
    // the old one out of the way.
    for path in &delta.removed {
        let target = out.join(path);
        match std::fs::remove_file(&target) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove {}", target.display())),
        }
        // The folders it leaves empty go too, up to the output folder.
        let mut dir = target.parent();
        while let Some(d) = dir.filter(|d| *d != out) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    for path in &delta.written {
        if interrupted() {
            bail!("interrupted");
        }
        let Some(bytes) = files.get(path) else { continue };
        let target = out.join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let mut temp = file_builder(&prefix)
            .tempfile_in(work)
            .with_context(|| format!("cannot create a file in {}", work.display()))?;
        temp.write_all(bytes).with_context(|| format!("cannot write {}", temp.path().display()))?;
        temp.persist(&target).map_err(|e| e.error).with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(())
}

/// A folder of the staging tree: made once, or why it could not be.
type Made = OnceLock<Result<(), String>>;

/// The work folder beside the output: it holds the staging folders and the
/// old sites being deleted, and git ignores all of it.
pub const WORK: &str = ".waymark-build";

/// The work folder's `.gitignore`.
const IGNORE_ALL: &str = "*\n";

/// A new site being written next to the old one, file by file as each is
/// rendered, then swapped in by [`Staging::finish`]. Dropped without
/// finishing (a failed build), it is removed and the old site stays as it was.
pub struct Staging {
    _lock: std::fs::File,
    out: PathBuf,
    /// The work folder ([`WORK`]) that holds the staging folder.
    work: PathBuf,
    /// The folder being filled, until it is swapped in.
    dir: Option<PathBuf>,
    old_exists: bool,
    /// The manifest of the old site, when it has one that reads.
    previous: Option<Manifest>,
    /// Folders already created, and the path and hash of each file written.
    dirs: Mutex<HashMap<PathBuf, Arc<Made>>>,
    written: Mutex<Vec<(String, Hash)>>,
    /// The hash of what each learner's files were made from, by name (see
    /// [`manifest`]).
    inputs: Mutex<Vec<(String, Hash)>>,
    changed: AtomicUsize,
    /// The bytes of the files put and taken over.
    bytes: AtomicU64,
    /// Learners whose files were taken over unrendered.
    unrendered: AtomicUsize,
    /// Whether each folder of the old site is untouched since its manifest
    /// was stamped (see [`Staging::folders_untouched`]), once asked.
    folders: Mutex<HashMap<PathBuf, bool>>,
    /// The files taken over from the old site, by path.
    kept: Mutex<Vec<String>>,
    error: Mutex<Option<anyhow::Error>>,
    /// Dropped after the staging folder is removed (fields drop after
    /// `drop`), so a signal that came meanwhile ends the process only then.
    _signals: Catch,
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
        let signals = Catch::new();
        // Ignored by git before anything is put in it: an interrupted full
        // build must never be one `git add -A` from being published.
        let work = parent.join(WORK);
        let made = make_work(&work).and_then(|()| {
            tempfile::Builder::new()
                .prefix(&format!("{}.new-", out_name(out)))
                .tempdir_in(&work)
                .with_context(|| format!("cannot create a staging folder in {}", work.display()))
        });
        let dir = match made {
            Ok(dir) => dir.keep(),
            Err(e) => {
                remove_work(&work);
                return Err(e);
            }
        };
        Ok(Staging {
            _lock: lock,
            out: out.to_path_buf(),
            work,
            dir: Some(dir),
            old_exists: out.is_dir(),
            previous: Manifest::read(out),
            dirs: Mutex::default(),
            written: Mutex::default(),
            inputs: Mutex::default(),
            changed: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            unrendered: AtomicUsize::new(0),
            folders: Mutex::default(),
            kept: Mutex::default(),
            error: Mutex::default(),
            _signals: signals,
        })
    }

    /// Write one file. The first error is kept for `finish`.
    pub fn put_bytes(&self, path: &str, bytes: &[u8]) {
        if let Err(e) = crate::timing::write(|| self.try_put(path, bytes)) {
            self.error.lock().unwrap_or_else(PoisonError::into_inner).get_or_insert(e);
        }
    }

    fn try_put(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        if interrupted() {
            bail!("interrupted");
        }
        let Some(dir) = &self.dir else { return Ok(()) };
        let target = dir.join(path);
        self.make_parent(&target)?;
        let hash = manifest::hash(bytes);
        let old = self.out.join(path);
        // What the old site's manifest says of this path: `None` without a
        // manifest, `Some(None)` for a file it did not have.
        let listed = self.previous.as_ref().map(|m| m.files.get(path).copied());
        let same = listed == Some(Some(hash));
        if same
            && self
                .previous
                .as_ref()
                .is_some_and(|m| m.untouched(&old, Some(bytes.len())) && self.folders_untouched(m, path))
            && manifest::hash_of_file(&old) == Some(hash)
            && std::fs::hard_link(&old, &target).is_ok()
        {
            self.kept.lock().unwrap_or_else(PoisonError::into_inner).push(path.to_string());
        } else {
            // A new file, never one opened through a name already there: a
            // path put twice (a theme's static file over a page) would
            // otherwise write through the hard link the first put took over,
            // into the old site.
            let write = || -> std::io::Result<()> {
                let file = match std::fs::File::create_new(&target) {
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        std::fs::remove_file(&target)?;
                        std::fs::File::create_new(&target)?
                    }
                    file => file?,
                };
                (&file).write_all(bytes)
            };
            write().with_context(|| format!("cannot write {}", target.display()))?;
            // Without a manifest (or with a file changed since it was
            // written), the old file is read back to tell.
            let changed = match listed {
                Some(_) if !same => true,
                _ => !(self.old_exists && same_bytes(&old, bytes)),
            };
            if changed {
                self.changed.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.written.lock().unwrap_or_else(PoisonError::into_inner).push((path.to_string(), hash));
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Whether every folder between the old site's top and its file `path`
    /// is untouched since `m` was stamped: a file's own times do not change
    /// when a folder above it is moved.
    fn folders_untouched(&self, m: &Manifest, path: &str) -> bool {
        let mut dir = Path::new(path).parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            let known = self.folders.lock().unwrap_or_else(PoisonError::into_inner).get(d).copied();
            let untouched = known.unwrap_or_else(|| {
                let untouched = m.untouched_folder(&self.out.join(d));
                self.folders.lock().unwrap_or_else(PoisonError::into_inner).insert(d.to_path_buf(), untouched);
                untouched
            });
            if !untouched {
                return false;
            }
            dir = d.parent();
        }
        true
    }

    /// Make the folder `target` goes in (once, by whichever thread needs it
    /// first; others wanting the same folder wait for it, the rest go on).
    fn make_parent(&self, target: &Path) -> anyhow::Result<()> {
        let Some(parent) = target.parent() else { return Ok(()) };
        let cell =
            self.dirs.lock().unwrap_or_else(PoisonError::into_inner).entry(parent.to_path_buf()).or_default().clone();
        cell.get_or_init(|| std::fs::create_dir_all(parent).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", parent.display()))?;
        Ok(())
    }

    /// See [`crate::render::Sink::take_over`]: the files are taken over
    /// when the old site's manifest lists `name` with `key` and each of
    /// `paths`, and each is untouched since (see [`manifest`]).
    fn try_take_over(&self, name: &str, key: Hash, paths: &[String]) -> bool {
        self.inputs.lock().unwrap_or_else(PoisonError::into_inner).push((name.to_string(), key));
        let (Some(m), Some(dir)) = (&self.previous, &self.dir) else { return false };
        if interrupted() || m.inputs.get(name) != Some(&key) {
            return false;
        }
        let mut hashes = Vec::with_capacity(paths.len());
        let mut bytes = 0;
        for path in paths {
            let old = self.out.join(path);
            let (Some(h), true) = (m.files.get(path), m.untouched(&old, None) && self.folders_untouched(m, path))
            else {
                return false;
            };
            match manifest::hash_and_len_of_file(&old) {
                Some((read, len)) if read == *h => {
                    hashes.push(*h);
                    bytes += len;
                }
                _ => return false,
            }
        }
        let mut linked: Vec<PathBuf> = Vec::with_capacity(paths.len());
        for path in paths {
            let target = dir.join(path);
            if self.make_parent(&target).is_err() || std::fs::hard_link(self.out.join(path), &target).is_err() {
                // Rendered and written after all: none of the old site's
                // files may stay a name of the new one's.
                for l in &linked {
                    let _ = std::fs::remove_file(l);
                }
                return false;
            }
            linked.push(target);
        }
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        self.written.lock().unwrap_or_else(PoisonError::into_inner).extend(paths.iter().cloned().zip(hashes));
        self.kept.lock().unwrap_or_else(PoisonError::into_inner).extend(paths.iter().cloned());
        self.unrendered.fetch_add(1, Ordering::Relaxed);
        true
    }

    /// Swap the new site in for the old one, and delete the old one.
    pub fn finish(mut self) -> anyhow::Result<Written> {
        if let Some(e) = self.error.lock().unwrap_or_else(PoisonError::into_inner).take() {
            return Err(e);
        }
        if interrupted() {
            bail!("interrupted; the previous site is unchanged");
        }
        let mut entries = std::mem::take(&mut *self.written.lock().unwrap_or_else(PoisonError::into_inner));
        // A path put twice is the last put's (as on disk): listed once.
        let mut seen = std::collections::HashSet::new();
        entries.reverse();
        entries.retain(|(path, _)| seen.insert(path.clone()));
        let kept = std::mem::take(&mut *self.kept.lock().unwrap_or_else(PoisonError::into_inner));
        let mut stats = Written {
            files: entries.len(),
            changed: self.changed.load(Ordering::Relaxed),
            kept: kept.len(),
            unrendered: self.unrendered.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        };
        let Some(dir) = self.dir.clone() else { return Ok(stats) };
        // A file removed since the last build is a change too.
        let written: std::collections::HashSet<&str> = entries.iter().map(|(p, _)| p.as_str()).collect();
        stats.changed += match &self.previous {
            Some(m) => m.files.keys().filter(|p| !written.contains(p.as_str())).count(),
            None => {
                let mut old = Vec::new();
                list(&self.out, &self.out, &mut old);
                old.iter().filter(|p| !matches!(p.as_str(), MARKER | MANIFEST) && !written.contains(p.as_str())).count()
            }
        };
        drop(written);
        let mut inputs = std::mem::take(&mut *self.inputs.lock().unwrap_or_else(PoisonError::into_inner));
        let text = manifest::text(&mut entries, &mut inputs);
        std::fs::write(dir.join(MANIFEST), text)
            .with_context(|| format!("cannot write {}", dir.join(MANIFEST).display()))?;
        std::fs::write(dir.join(MARKER), "made by waymark build; the whole folder is replaced by the next build\n")
            .with_context(|| format!("cannot write {}", dir.join(MARKER).display()))?;
        if interrupted() {
            bail!("interrupted; the previous site is unchanged");
        }
        self.dir = None;
        let old = crate::timing::stage("swap in, remove the old site", || -> anyhow::Result<_> {
            let old = swap(&dir, &self.out)?;
            if let Some(old) = &old {
                unlink_taken_over(old, &kept);
            }
            Ok(old)
        })?;
        manifest::stamp(&self.out);
        // The rest of the old site shares nothing with the new one: deleting
        // it changes no time the stamp is compared with.
        if let Some(old) = old {
            remove_later(&old);
        }
        Ok(stats)
    }
}

impl Drop for Staging {
    /// An unfinished build: its folder goes.
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            remove_tree(&dir);
        }
        remove_work(&self.work);
    }
}

impl crate::render::Sink for Staging {
    fn put(&self, path: String, bytes: Vec<u8>) {
        self.put_bytes(&path, &bytes);
    }

    fn put_ref(&self, path: String, bytes: &[u8]) {
        self.put_bytes(&path, bytes);
    }

    fn keeps_inputs(&self) -> bool {
        true
    }

    fn take_over(&self, name: &str, key: Hash, paths: &[String]) -> bool {
        crate::timing::write(|| self.try_take_over(name, key, paths))
    }
}

/// Whether the file at `path` holds exactly `bytes` (read only when its
/// length matches), into a buffer each thread keeps.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read as _;
    // A regular file of that size, read no further: a FIFO, a device or a
    // link to one in the old site is never opened to wait or read on.
    let Some((file, len)) = manifest::open_regular(path) else { return false };
    if len != bytes.len() as u64 {
        return false;
    }
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUF.with_borrow_mut(|buf| {
        buf.clear();
        file.take(len + 1).read_to_end(buf).is_ok() && buf.as_slice() == bytes
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
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// Put `staged` (inside the work folder) where `out` is; the old site, if
/// there was one, is put inside the work folder, and its place returned.
fn swap(staged: &Path, out: &Path) -> anyhow::Result<Option<PathBuf>> {
    if !out.exists() {
        std::fs::rename(staged, out).with_context(|| format!("cannot move the new site to {}", out.display()))?;
        return Ok(None);
    }
    if exchange(staged, out) {
        // `staged` now holds the old site.
        return Ok(Some(staged.to_path_buf()));
    }
    // Elsewhere (or on a file system without the exchange): two renames,
    // with a moment between them when `out` does not exist.
    let aside = staged.with_file_name(format!("{}.old-{}", out_name(out), std::process::id()));
    std::fs::rename(out, &aside).with_context(|| format!("cannot move the old site {} aside", out.display()))?;
    if let Err(e) = std::fs::rename(staged, out) {
        // Put the old site back: the previous site stays intact.
        let _ = std::fs::rename(&aside, out);
        remove_tree(staged);
        return Err(e).with_context(|| format!("cannot move the new site to {}", out.display()));
    }
    Ok(Some(aside))
}

/// Remove from the old site `old` the second name of each file the new
/// site took over, before the manifest is stamped: removing a name sets the
/// file's status-change time, and a time later than the stamp would make
/// the next build take the file for one edited by hand and write it again.
/// (Left to the process that deletes the rest of the old site, every other
/// rebuild wrote the whole site again.) Only names go here, no data: what
/// is left of the old site is its own, deleted later.
fn unlink_taken_over(old: &Path, kept: &[String]) {
    kept.par_iter().for_each(|path| {
        let _ = std::fs::remove_file(old.join(path));
    });
}

/// The argument that makes `waymark` the remover of an old site (see
/// [`remove_later`]); not a command anyone types.
pub const REMOVE_OLD_SITE: &str = "__remove-old-site";

/// Whether this program removes old sites in a process of its own: the
/// `waymark` binary, which answers [`REMOVE_OLD_SITE`], says so at start.
static REMOVER: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Say that this program, run with [`REMOVE_OLD_SITE`] and a path, calls
/// [`remove_old_site`] with it.
pub fn remove_old_sites_in_background() {
    REMOVER.store(true, Ordering::Relaxed);
}

/// Remove `old`, a site just swapped out into the work folder, off the
/// build's critical path: a process of its own (in a process group of its
/// own, so that a Ctrl-C meant for the build does not stop it half way)
/// deletes it and then the work folder, while the build ends without
/// waiting for the file system to forget thousands of names. Meanwhile the
/// work folder's `.gitignore` keeps it out of `git status`, and a build that
/// starts before it is done sweeps what is left. Where no such process can
/// start (or `old` is not a site waymark made), it is removed here.
fn remove_later(old: &Path) {
    let spawned = REMOVER.load(Ordering::Relaxed)
        && old.join(MARKER).is_file()
        && std::env::current_exe().is_ok_and(|exe| {
            let mut cmd = std::process::Command::new(exe);
            cmd.arg(REMOVE_OLD_SITE)
                .arg(old)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null());
            #[cfg(unix)]
            std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
            // Waited for by a thread of its own, so that a long-running `serve`
            // or `build --watch` leaves no finished remover behind as a zombie.
            cmd.spawn().map(|mut child| std::thread::spawn(move || child.wait())).is_ok()
        });
    if !spawned {
        remove_tree(old);
    }
}

/// What the process [`remove_later`] starts does: remove `old` and then
/// its work folder, if nothing else is left in it. Only an old site in a
/// work folder is removed (a folder with the site's marker, named as a
/// staging folder, in a folder named [`WORK`]); any other path is left as
/// it is.
pub fn remove_old_site(old: &Path) {
    let Some(work) = old.parent() else { return };
    let in_work = work.file_name().is_some_and(|n| n == WORK);
    let named =
        old.file_name().is_some_and(|n| n.to_string_lossy().contains(".new-") || n.to_string_lossy().contains(".old-"));
    let real_dir = std::fs::symlink_metadata(old).is_ok_and(|m| m.is_dir());
    if in_work && named && real_dir && old.join(MARKER).is_file() {
        remove_tree(old);
        // The work folder goes only while no build holds the lock on the
        // folder above it: a build that started meanwhile may have found the
        // work folder there and be about to put its `.gitignore` or its
        // staging folder in it. That build's own old site (or its failure)
        // removes the work folder after it.
        let above = work.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let Ok(lock) = std::fs::File::open(above) else { return };
        if fs4::FileExt::try_lock(&lock).is_ok() {
            remove_work(work);
        }
    }
}

/// Make the work folder, and its `.gitignore` before anything else is put
/// in it (an empty folder is invisible to git). Refuses a work folder that
/// is a link or a file.
fn make_work(work: &Path) -> anyhow::Result<()> {
    match std::fs::create_dir(work) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let meta = std::fs::symlink_metadata(work)?;
            if !meta.is_dir() {
                bail!("refusing to build: {} is not a folder waymark made; remove it", work.display());
            }
        }
        Err(e) => return Err(e).with_context(|| format!("cannot create {}", work.display())),
    }
    let ignore = work.join(".gitignore");
    if std::fs::read(&ignore).ok().as_deref() != Some(IGNORE_ALL.as_bytes()) {
        let _ = std::fs::remove_file(&ignore);
        write_whole(&ignore, IGNORE_ALL.as_bytes()).with_context(|| format!("cannot write {}", ignore.display()))?;
    }
    Ok(())
}

/// Create the file `path` holding `bytes`: on Linux it appears with its
/// content in one step (an unnamed `O_TMPFILE` file, written, then linked),
/// so no kill leaves it empty; elsewhere it is created, then written.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if linked_whole(path, bytes).is_ok() {
        return Ok(());
    }
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(bytes)
}

#[cfg(target_os = "linux")]
fn linked_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    use std::os::unix::io::AsRawFd as _;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut f = std::fs::OpenOptions::new().write(true).mode(0o644).custom_flags(libc::O_TMPFILE).open(dir)?;
    f.write_all(bytes)?;
    let to = std::ffi::CString::new(path.as_os_str().as_bytes()).map_err(std::io::Error::other)?;
    let from = std::ffi::CString::new(format!("/proc/self/fd/{}", f.as_raw_fd())).map_err(std::io::Error::other)?;
    // SAFETY: two valid NUL-terminated paths; the call reads nothing else.
    let linked =
        unsafe { libc::linkat(libc::AT_FDCWD, from.as_ptr(), libc::AT_FDCWD, to.as_ptr(), libc::AT_SYMLINK_FOLLOW) };
    if linked == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Remove the work folder if nothing but its `.gitignore` is left in it:
/// the `.gitignore` last, so a kill on the way leaves an empty folder.
fn remove_work(work: &Path) {
    let Ok(entries) = std::fs::read_dir(work) else { return };
    if entries.flatten().all(|e| e.file_name() == ".gitignore") {
        let _ = std::fs::remove_file(work.join(".gitignore"));
        let _ = std::fs::remove_dir(work);
    }
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

/// Remove the `<site>.new-*` and `<site>.old-*` folders a killed build left
/// in the work folder, the `.site.new-*` and `.site.old-*` beside the output
/// that earlier versions left, and the `.site.previous` they kept
/// (recognised by the first line of its `.gitignore`). Called with the lock
/// held, so no running build's folder is among them.
fn sweep(parent: &Path, out: &Path) {
    let name = out_name(out);
    let (new, old, file) = (format!("{name}.new-"), format!("{name}.old-"), format!("{name}.file-"));
    let stale = |dir: &Path, prefix: &str| {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            let Some(n) = n.strip_prefix(prefix) else { continue };
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && (n.starts_with(&new) || n.starts_with(&old)) {
                remove_tree(&e.path());
            } else if !is_dir && prefix.is_empty() && n.starts_with(&file) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    };
    stale(&parent.join(WORK), "");
    stale(parent, ".");
    let previous = parent.join(format!(".{name}.previous"));
    let kept = std::fs::read_to_string(previous.join(".gitignore"))
        .is_ok_and(|t| t.starts_with("# waymark: the site before the current one"));
    if kept && std::fs::symlink_metadata(&previous).is_ok_and(|m| m.is_dir()) {
        remove_tree(&previous);
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
        paths.retain(|p| p != MARKER && p != MANIFEST);
        paths.sort();
        paths.into_iter().map(|p| (p.clone(), std::fs::read_to_string(dir.join(&p)).unwrap())).collect()
    }

    /// What `contents` reads of a site made of `files`.
    fn texts(files: &Files) -> Vec<(String, String)> {
        let mut texts: Vec<_> = files.iter().map(|(p, b)| (p.clone(), String::from_utf8(b.clone()).unwrap())).collect();
        texts.sort();
        texts
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> =
            std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn each_build_gives_exactly_its_files_and_counts_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        // The files, then how many changed and how many were taken over.
        type Build<'a> = (&'a [(&'a str, &'a str)], usize, usize);
        let builds: &[Build] = &[
            (&[("a.html", "A"), ("b/c.html", "C"), ("x", "file")], 3, 0),
            (&[("a.html", "A"), ("b/c.html", "C2"), ("x/y.html", "now a folder")], 3, 1),
            (&[("a.html", "A2"), ("b", "now a file"), ("x/y.html", "now a folder")], 3, 1),
            (&[("a.html", "A2"), ("b", "now a file"), ("x/y.html", "now a folder")], 0, 3),
            (&[("a.html", "A")], 3, 0),
        ];
        for (n, (build, changed, kept)) in builds.iter().enumerate() {
            let w = write(dir.path(), &out, false, &files(build)).unwrap();
            // Elsewhere than Unix nothing says a file is untouched: none is taken over.
            let kept = if cfg!(unix) { *kept } else { 0 };
            assert_eq!(
                w,
                Written {
                    files: build.len(),
                    changed: *changed,
                    kept,
                    unrendered: 0,
                    bytes: build.iter().map(|(_, t)| t.len() as u64).sum()
                },
                "build {n}"
            );
            let mut want: Vec<(String, String)> = build.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
            want.sort();
            assert_eq!(contents(&out), want, "after build {n}");
            // Nothing is kept beside the output.
            assert_eq!(names(dir.path()), ["site"], "after build {n}");
        }
        assert_eq!(names(&out), [MANIFEST, MARKER, "a.html"]);
    }

    #[cfg(unix)]
    fn inode(path: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
    }

    #[cfg(unix)]
    #[test]
    fn a_rebuild_takes_unchanged_files_over_and_never_trusts_a_damaged_manifest_or_a_touched_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let site = files(&[("a.html", "A"), ("b/c.html", "C"), ("d.css", "D")]);
        let first = write(dir.path(), &out, false, &site).unwrap();
        assert_eq!(first, Written { files: 3, changed: 3, kept: 0, unrendered: 0, bytes: 3 });
        let before = inode(&out.join("b/c.html"));
        assert_eq!(
            write(dir.path(), &out, false, &site).unwrap(),
            Written { files: 3, changed: 0, kept: 3, unrendered: 0, bytes: 3 }
        );
        assert_eq!(inode(&out.join("b/c.html")), before, "taken over, not written again");
        let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();

        // A manifest damaged, emptied or removed: every file is written,
        // the old ones read back to count, and a good manifest written.
        for damage in ["garbage\n", "", "-"] {
            if damage == "-" {
                std::fs::remove_file(out.join(MANIFEST)).unwrap();
            } else {
                std::fs::write(out.join(MANIFEST), damage).unwrap();
            }
            let w = write(dir.path(), &out, false, &site).unwrap();
            assert_eq!(w, Written { files: 3, changed: 0, kept: 0, unrendered: 0, bytes: 3 }, "manifest {damage:?}");
            assert_eq!(std::fs::read_to_string(out.join(MANIFEST)).unwrap(), manifest);
        }
        // A page edited by hand (same size) is written again, and counted.
        std::fs::write(out.join("a.html"), "Z").unwrap();
        std::fs::write(out.join("b/c.html"), "C").unwrap();
        let w = write(dir.path(), &out, false, &site).unwrap();
        assert_eq!(w, Written { files: 3, changed: 1, kept: 1, unrendered: 0, bytes: 3 });
        assert_eq!(contents(&out), texts(&site));
        // A file with a second name elsewhere is not shared with the site.
        std::fs::hard_link(out.join("d.css"), dir.path().join("mine.css")).unwrap();
        assert_eq!(
            write(dir.path(), &out, false, &site).unwrap(),
            Written { files: 3, changed: 0, kept: 2, unrendered: 0, bytes: 3 }
        );
        assert_ne!(inode(&out.join("d.css")), inode(&dir.path().join("mine.css")));
    }

    /// A learner's files taken over unrendered count in the site's bytes
    /// as the files written do.
    #[cfg(unix)]
    #[test]
    fn files_taken_over_unrendered_count_in_the_sites_bytes() {
        use crate::render::Sink as _;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let paths = ["learners/kim/index.html".to_string(), "badges/kim.svg".to_string()];
        let build = || {
            let staging = Staging::new(dir.path(), &out, false).unwrap();
            let taken = staging.take_over("kim", 7, &paths);
            if !taken {
                staging.put_bytes(&paths[0], b"kim's page");
                staging.put_bytes(&paths[1], b"<svg/>");
            }
            staging.put_bytes("index.html", b"all");
            (taken, staging.finish().unwrap())
        };
        let (taken, first) = build();
        assert!(!taken);
        assert_eq!((first.unrendered, first.bytes), (0, 10 + 6 + 3));
        let (taken, second) = build();
        assert!(taken, "the same inputs: taken over");
        assert_eq!((second.unrendered, second.bytes), (1, 10 + 6 + 3));
    }

    /// Build after build, a rebuild takes over every file that kept its
    /// bytes, each left with one name. (Here the old site is deleted after
    /// the manifest is stamped, as the process of its own does.) It broke
    /// when that process removed the old names of files the new site took
    /// over: each removal made a file look touched since the stamp, and
    /// every other rebuild wrote the whole site again.
    #[cfg(unix)]
    #[test]
    fn every_rebuild_takes_every_unchanged_file_over() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let site = files(&[("a.html", "A"), ("b/c.html", "C"), ("b/d/e.html", "E")]);
        write(dir.path(), &out, false, &site).unwrap();
        let first = inode(&out.join("b/d/e.html"));
        for n in 0..4 {
            let w = write(dir.path(), &out, false, &site).unwrap();
            assert_eq!(w, Written { files: 3, changed: 0, kept: 3, unrendered: 0, bytes: 3 }, "rebuild {n}");
            for path in site.keys() {
                let links = std::os::unix::fs::MetadataExt::nlink(&std::fs::metadata(out.join(path)).unwrap());
                assert_eq!(links, 1, "{path} after rebuild {n}");
            }
            assert_eq!(names(dir.path()), ["site"], "after rebuild {n}");
        }
        assert_eq!(inode(&out.join("b/d/e.html")), first, "never written again");
    }

    #[test]
    fn an_update_leaves_the_manifest_a_whole_build_would_write() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write(dir.path(), &out, false, &files(&[("a.html", "A"), ("b/c.html", "C")])).unwrap();
        let new = files(&[("a.html", "A2"), ("d.html", "D")]);
        let delta = Delta { written: vec!["a.html".into(), "d.html".into()], removed: vec!["b/c.html".into()] };
        update(dir.path(), &out, false, &new, &delta).unwrap();
        let updated = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        let mut entries: Vec<(String, Hash)> = new.iter().map(|(p, b)| (p.clone(), manifest::hash(b))).collect();
        assert_eq!(updated, manifest::text(&mut entries, &mut Vec::new()));
        // Without a manifest to bring up to date, one is made from the files.
        std::fs::remove_file(out.join(MANIFEST)).unwrap();
        update(dir.path(), &out, false, &new, &Delta::default()).unwrap();
        assert_eq!(std::fs::read_to_string(out.join(MANIFEST)).unwrap(), updated);
        let w = write(dir.path(), &out, false, &new).unwrap();
        assert_eq!((w.files, w.changed), (2, 0));
    }

    /// A page edited by hand (same size) while `build --watch` runs, then a
    /// save that updates another page: the next build writes the edited
    /// page again. The update once stamped its manifest anew, and the edit
    /// then passed as older than the stamp.
    #[cfg(unix)]
    #[test]
    fn a_page_edited_by_hand_before_an_update_is_written_again_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let site = files(&[("a.html", "A"), ("b/c.html", "C"), ("d.html", "D")]);
        write(dir.path(), &out, false, &site).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(out.join("b/c.html"), "Z").unwrap();
        let saved = files(&[("a.html", "A"), ("b/c.html", "C"), ("d.html", "D2")]);
        let delta = Delta { written: vec!["d.html".into()], removed: vec![] };
        update(dir.path(), &out, false, &saved, &delta).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("b/c.html")).unwrap(), "Z", "the update leaves it");
        let w = write(dir.path(), &out, false, &saved).unwrap();
        // `d.html` is newer than the stamp too: written again, unchanged.
        assert_eq!(w, Written { files: 3, changed: 1, kept: 1, unrendered: 0, bytes: 4 });
        assert_eq!(contents(&out), texts(&saved));
        // And the build after that takes every file over again.
        let w = write(dir.path(), &out, false, &saved).unwrap();
        assert_eq!(w, Written { files: 3, changed: 0, kept: 3, unrendered: 0, bytes: 4 });
    }

    /// A manifest copied from another site, or touched after a page was
    /// edited, never vouches for bytes it does not describe: each file is
    /// read back before it is taken over.
    #[cfg(unix)]
    #[test]
    fn a_manifest_from_another_site_or_touched_never_keeps_other_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let (out, other) = (dir.path().join("site"), dir.path().join("other"));
        let old = files(&[("a.html", "A"), ("b/c.html", "C")]);
        let new = files(&[("a.html", "X"), ("b/c.html", "C")]);
        write(dir.path(), &out, false, &old).unwrap();
        write(dir.path(), &other, false, &new).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::copy(other.join(MANIFEST), out.join(MANIFEST)).unwrap();
        let w = write(dir.path(), &out, false, &new).unwrap();
        assert_eq!((w.kept, w.changed), (1, 1));
        assert_eq!(contents(&out), texts(&new));
        // A page edited by hand, then the manifest touched.
        std::fs::write(out.join("b/c.html"), "Z").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        manifest::stamp(&out);
        let w = write(dir.path(), &out, false, &new).unwrap();
        assert_eq!((w.kept, w.changed), (1, 1));
        assert_eq!(contents(&out), texts(&new));
    }

    /// An old site's FIFO or link to a device where the new site has a
    /// file is never opened to wait or read on.
    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_link_to_a_device_in_the_old_site_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let site = files(&[("a.html", "A"), ("b.html", "B")]);
        write(dir.path(), &out, false, &site).unwrap();
        std::fs::remove_file(out.join("a.html")).unwrap();
        let fifo = std::ffi::CString::new(out.join("a.html").as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        std::fs::remove_file(out.join("b.html")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", out.join("b.html")).unwrap();
        // Without the manifest each file would be read back to count changes.
        std::fs::remove_file(out.join(MANIFEST)).unwrap();
        let w = write(dir.path(), &out, false, &site).unwrap();
        assert_eq!((w.kept, w.changed), (0, 2));
        assert_eq!(contents(&out), texts(&site));
    }

    /// A file whose mode is not the one a new file gets (a build under
    /// another umask wrote it) is written again, not taken over with it:
    /// here a chmod, with the manifest stamped after it as if the build
    /// had been run then.
    #[cfg(unix)]
    #[test]
    fn a_file_with_another_mode_than_a_new_one_is_written_again() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let site = files(&[("a.html", "A"), ("b/c.html", "C")]);
        write(dir.path(), &out, false, &site).unwrap();
        let mode = |p: &str| std::fs::metadata(out.join(p)).unwrap().permissions().mode() & 0o7777;
        let new = mode("a.html");
        std::fs::set_permissions(out.join("b/c.html"), std::fs::Permissions::from_mode(0o600)).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        manifest::stamp(&out);
        let w = write(dir.path(), &out, false, &site).unwrap();
        assert_eq!(w, Written { files: 2, changed: 0, kept: 1, unrendered: 0, bytes: 2 });
        assert_eq!(mode("b/c.html"), new);
    }

    #[test]
    fn the_previous_site_an_earlier_version_kept_is_swept_and_a_foreign_one_left() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let kept = dir.path().join(".site.previous");
        std::fs::create_dir_all(kept.join("learners/kim")).unwrap();
        std::fs::write(kept.join(".gitignore"), "# waymark: the site before the current one, reused\n*\n").unwrap();
        std::fs::write(kept.join("learners/kim/index.html"), "K").unwrap();
        write(dir.path(), &out, false, &files(&[("a.html", "A")])).unwrap();
        assert_eq!(names(dir.path()), ["site"]);
        std::fs::create_dir_all(&kept).unwrap();
        std::fs::write(kept.join("notes.txt"), "mine").unwrap();
        write(dir.path(), &out, false, &files(&[("a.html", "A")])).unwrap();
        assert_eq!(contents(&kept), [("notes.txt".into(), "mine".into())]);
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
    fn a_staging_folder_dropped_unfinished_leaves_the_old_site_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write(dir.path(), &out, false, &files(&[("a.html", "A")])).unwrap();
        for _ in 0..2 {
            let staging = Staging::new(dir.path(), &out, false).unwrap();
            staging.put_bytes("a.html", b"B");
            staging.put_bytes("b/b.html", b"B");
            drop(staging);
            assert_eq!(contents(&out), [("a.html".into(), "A".into())]);
            assert_eq!(names(dir.path()), ["site"]);
        }
        assert_eq!(
            write(dir.path(), &out, false, &files(&[("a.html", "A")])).unwrap(),
            Written { files: 1, changed: 0, kept: usize::from(cfg!(unix)), unrendered: 0, bytes: 1 }
        );
    }

    #[test]
    fn the_work_folder_gitignore_appears_whole_and_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".gitignore");
        write_whole(&path, IGNORE_ALL.as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), IGNORE_ALL);
        assert!(write_whole(&path, b"other").is_err());
        assert_eq!(names(dir.path()), [".gitignore"]);
    }

    #[test]
    fn a_build_left_in_the_work_folder_is_swept_and_the_folder_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let work = dir.path().join(WORK);
        std::fs::create_dir_all(work.join("site.new-x/learners")).unwrap();
        std::fs::create_dir_all(work.join("site.old-1")).unwrap();
        std::fs::write(work.join(".gitignore"), "").unwrap();
        std::fs::write(work.join("site.new-x/learners/a.html"), "private").unwrap();
        write(dir.path(), &out, false, &files(&[("a.html", "A")])).unwrap();
        assert_eq!(names(dir.path()), ["site"]);
        // The work folder of another output beside it is left alone.
        std::fs::create_dir_all(work.join("other.new-y")).unwrap();
        write(dir.path(), &out, false, &files(&[("a.html", "A")])).unwrap();
        assert_eq!(names(&work), [".gitignore", "other.new-y"]);
        assert_eq!(std::fs::read_to_string(work.join(".gitignore")).unwrap(), IGNORE_ALL);
    }

    #[test]
    fn the_project_folder_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("roadmap")).unwrap();
        std::fs::write(dir.path().join("roadmap/cohort.yaml"), "title: t\n").unwrap();
        assert!(write(dir.path(), dir.path(), false, &files(&[("a", "b")])).is_err());
        assert!(write(&dir.path().join("roadmap"), dir.path(), false, &files(&[("a", "b")])).is_err());
        assert!(dir.path().join("roadmap/cohort.yaml").exists());
    }

    /// The process removing an old site leaves the work folder alone while
    /// a build holds the lock: that build may have found the folder there
    /// and be about to put its `.gitignore` or staging folder in it (a build
    /// right after another failed with "cannot write …/.gitignore: No such
    /// file or directory" when the folder went in between).
    #[test]
    fn the_old_site_remover_leaves_the_work_folder_to_a_build_that_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path().join(WORK);
        let old_site = |name: &str| {
            let old = work.join(name);
            std::fs::create_dir_all(old.join("learners")).unwrap();
            std::fs::write(old.join(MARKER), "").unwrap();
            std::fs::write(old.join("learners/a.html"), "A").unwrap();
            old
        };
        make_work(&work).unwrap();
        let first = old_site("site.old-1");
        let building = std::fs::File::open(dir.path()).unwrap();
        fs4::FileExt::lock(&building).unwrap();
        remove_old_site(&first);
        assert_eq!(names(&work), [".gitignore"], "the old site goes, the work folder stays");
        drop(building);
        let second = old_site("site.old-2");
        remove_old_site(&second);
        assert_eq!(names(dir.path()), Vec::<String>::new(), "with no build running, the work folder goes too");
    }
}
