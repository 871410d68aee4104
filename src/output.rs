//! Writing a rendered site to disk. The new site is assembled next to the
//! old one and swapped in with renames, so a failed or interrupted build
//! leaves the previous site intact; files whose bytes did not change are
//! hard-linked from the old site, keeping their timestamps, so a deploy
//! uploads only what changed.

use std::collections::{HashMap, HashSet};
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
    let staging = Staging::new(root, out)?;
    files.par_iter().for_each(|(path, bytes)| staging.put_bytes(path, bytes));
    staging.finish()
}

/// A folder of the staging tree: made once, or why it could not be.
type Made = OnceLock<Result<(), String>>;

/// A new site being written next to the old one, file by file as each is
/// rendered, then swapped in by [`Staging::finish`]. Dropped without
/// finishing (a failed build), it leaves the old site as it was.
pub struct Staging {
    out: PathBuf,
    dir: Option<tempfile::TempDir>,
    old_exists: bool,
    /// Folders already created, and the files written, by path.
    dirs: Mutex<HashMap<PathBuf, Arc<Made>>>,
    written: Mutex<HashSet<String>>,
    changed: AtomicUsize,
    error: Mutex<Option<anyhow::Error>>,
}

impl Staging {
    pub fn new(root: &Path, out: &Path) -> anyhow::Result<Staging> {
        refuse_dangerous(root, out)?;
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "site".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.new-"))
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a staging folder in {}", parent.display()))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir: Some(dir),
            old_exists: out.is_dir(),
            dirs: Mutex::default(),
            written: Mutex::default(),
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
        let Some(dir) = &self.dir else { return Ok(()) };
        self.written.lock().unwrap_or_else(PoisonError::into_inner).insert(path.to_string());
        let target = dir.path().join(path);
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
            cell.get_or_init(|| std::fs::create_dir_all(parent).map_err(|e| e.to_string()))
                .as_ref()
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", parent.display()))?;
        }
        let old = self.out.join(path);
        // Read the old file only when it can be the same: same length.
        let same = self.old_exists
            && std::fs::metadata(&old).is_ok_and(|m| m.len() == bytes.len() as u64)
            && same_bytes(&old, bytes);
        if same && std::fs::hard_link(&old, &target).is_ok() {
            return Ok(());
        }
        std::fs::write(&target, bytes).with_context(|| format!("cannot write {}", target.display()))?;
        if !same {
            self.changed.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Swap the new site in for the old one.
    pub fn finish(mut self) -> anyhow::Result<Written> {
        if let Some(e) = self.error.lock().unwrap_or_else(PoisonError::into_inner).take() {
            return Err(e);
        }
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(PoisonError::into_inner));
        let mut stats = Written { files: written.len(), changed: self.changed.load(Ordering::Relaxed) };
        // A file removed since the last build is a change too.
        let mut old = Vec::new();
        list(&self.out, &self.out, &mut old);
        stats.changed += old.iter().filter(|p| !written.contains(p.as_str())).count();
        let Some(dir) = self.dir.take() else { return Ok(stats) };
        let staged = dir.keep();
        swap(&staged, &self.out)?;
        Ok(stats)
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
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// Put `staged` where `out` is: the old folder is moved aside, the new one
/// renamed in, the old one removed.
fn swap(staged: &Path, out: &Path) -> anyhow::Result<()> {
    if !out.exists() {
        return std::fs::rename(staged, out).with_context(|| format!("cannot move the new site to {}", out.display()));
    }
    let aside = aside_path(out);
    std::fs::rename(out, &aside).with_context(|| format!("cannot move the old site {} aside", out.display()))?;
    if let Err(e) = std::fs::rename(staged, out) {
        // Put the old site back: the previous site stays intact.
        let _ = std::fs::rename(&aside, out);
        let _ = std::fs::remove_dir_all(staged);
        return Err(e).with_context(|| format!("cannot move the new site to {}", out.display()));
    }
    remove_tree(&aside);
    Ok(())
}

/// `remove_dir_all`, in parallel: deleting last build's thousands of files
/// is otherwise a good part of a rebuild. Best effort, like the call it replaces.
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

fn aside_path(out: &Path) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    out.with_file_name(format!(".{name}.old-{}", std::process::id()))
}

/// The output folder is deleted and replaced: never let that be the project
/// itself, a folder above it, or a folder that holds a project.
fn refuse_dangerous(root: &Path, out: &Path) -> anyhow::Result<()> {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (root_abs, out_abs) = (abs(root), abs(out));
    if root_abs.starts_with(&out_abs) {
        bail!(
            "refusing to replace {}: it holds the project itself; choose an output folder such as `site`",
            out.display()
        );
    }
    if out.join("roadmap/cohort.yaml").exists() || out.join(".git").exists() {
        bail!("refusing to replace {}: it holds a project or a git repository", out.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Files {
        list.iter().map(|(p, b)| (p.to_string(), b.as_bytes().to_vec())).collect()
    }

    #[test]
    fn unchanged_files_keep_their_inode_and_removed_files_go() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write(dir.path(), &out, &files(&[("a.html", "A"), ("b/c.html", "C"), ("gone.txt", "x")])).unwrap();
        let before = std::fs::metadata(out.join("a.html")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write(dir.path(), &out, &files(&[("a.html", "A"), ("b/c.html", "C2")])).unwrap();
        assert_eq!(std::fs::metadata(out.join("a.html")).unwrap().modified().unwrap(), before);
        assert_eq!(std::fs::read_to_string(out.join("b/c.html")).unwrap(), "C2");
        assert!(!out.join("gone.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("site")]);
    }

    #[test]
    fn files_written_from_many_threads_land_in_folders_made_on_the_way() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        // Neighbouring files share folders, so threads race to make each one.
        let paths: Vec<String> = (0..4000).map(|i| format!("d{}/e{}/f{i}.html", i % 41, i % 3)).collect();
        let staging = Staging::new(dir.path(), &out).unwrap();
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
        let staging = Staging::new(dir.path(), &out).unwrap();
        staging.put_bytes("a.html", b"B");
        drop(staging);
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "A");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("site")]);
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
