//! Learner-file edits that keep comments and formatting, with a lock and an atomic rename.
//!
//! An edit is a read-modify-write of one `roadmap/learners/<id>.yaml`:
//! 1. take an exclusive lock on the learners folder (so concurrent waymark
//!    processes queue up instead of losing each other's changes),
//! 2. read the file and parse it with `yaml-edit`, a lossless (rowan) syntax
//!    tree, so that the bytes the edit does not touch stay as they were,
//! 3. let the caller change the tree,
//! 4. check the new bytes exactly as `check` would (schema, then the
//!    cross-file checks), and refuse the edit with those diagnostics if the
//!    file would become invalid,
//! 5. write a temporary file beside it, fsync, and rename it over the old one.

use std::fs::File;
use std::io::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::str::FromStr as _;

use anyhow::Context as _;
use yaml_edit::Document;

use crate::diag::{did_you_mean, BadArgument, Diagnostic};
use crate::error::Failure;
use crate::model::load::{self, Loaded, LEARNERS};
use crate::model::schema::FileKind;
use crate::model::{learner_rel, Cohort, Learner};

/// What part of the learner an edit touches. Everything else must come out
/// of the edit unchanged; this is checked on the parsed result before writing,
/// as a guard against a mistake in the editing layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Touched {
    /// The progress entry under this key (as written in the file).
    Progress(String),
    /// One entry appended to `journal`.
    JournalAppend,
}

/// What the caller's change function sees: the lossless tree to change, and
/// the learner and project as they are on disk under the lock.
pub struct Editing<'a> {
    pub doc: &'a Document,
    /// The learner as written (progress keys not resolved through aliases).
    pub learner: &'a Learner,
    pub loaded: &'a Loaded,
    /// `roadmap/learners/<id>.yaml`
    pub rel: &'a Path,
}

/// The result of an edit that went through.
#[derive(Debug)]
pub struct Edited {
    /// False when the file already said what the edit asked for.
    pub changed: bool,
    /// Warnings about the file that the edit introduced.
    pub warnings: Vec<Diagnostic>,
}

/// Edit the file of learner `id`: `change` modifies the tree and says what it
/// touched; the result is validated and written atomically, all under the lock.
pub fn update<T>(
    root: &Path,
    id: &str,
    change: impl FnOnce(&Editing) -> Result<(T, Touched), Failure>,
) -> Result<(T, Edited), Failure> {
    let dir = root.join(LEARNERS);
    let _lock = lock(&dir)?;
    let rel = learner_rel(id);
    let path = root.join(&rel);
    let (mut loaded, diags) = crate::model::checked(root);
    project_usable(&loaded)?;
    if !crate::model::schema::is_id(id) || !path.is_file() {
        return Err(unknown_learner(&loaded, id).into());
    }
    let before_diags: Vec<Diagnostic> = diags.into_iter().filter(|d| d.file == rel).collect();
    if before_diags.iter().any(Diagnostic::is_error) {
        // The file is already invalid: say so rather than editing blind.
        return Err(Failure::Diagnostics(before_diags));
    }
    let Some(before) = loaded.learners.iter().find(|l| l.id == id).cloned() else {
        return Err(Failure::Diagnostics(before_diags));
    };
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", rel.display()))?;
    let Ok(raw) = String::from_utf8(bytes) else {
        return Err(Failure::Diagnostics(before_diags));
    };
    let (bom, text) = match raw.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", raw.as_str()),
    };
    let doc = lossless(text, &rel)?;
    let (value, touched) = {
        let target = Editing { doc: &doc, learner: &before, loaded: &loaded, rel: &rel };
        guarded(|| change(&target))??
    };
    let new_text = format!("{bom}{}", guarded(|| doc.to_string())?);
    if new_text == raw {
        return Ok((value, Edited { changed: false, warnings: Vec::new() }));
    }
    let (after, warnings) = revalidate(&mut loaded, &rel, id, new_text.as_bytes().to_vec(), &before_diags)?;
    if let Some(why) = untouched_differs(&before, &after, &touched) {
        return Err(Failure::Other(anyhow::anyhow!(
            "refusing to write {}: the edit would also change {why}; please report this as a bug",
            rel.display()
        )));
    }
    write_atomic(&path, new_text.as_bytes()).with_context(|| format!("cannot write {}", rel.display()))?;
    Ok((value, Edited { changed: true, warnings }))
}

/// Create the file of a new learner `id` with `text`, validated like an edit.
pub fn create(root: &Path, id: &str, text: &str) -> Result<Edited, Failure> {
    let dir = root.join(LEARNERS);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {LEARNERS}"))?;
    let _lock = lock(&dir)?;
    let rel = learner_rel(id);
    let path = root.join(&rel);
    if path.exists() {
        return Err(learner_exists(id).into());
    }
    let mut loaded = load::load(root);
    project_usable(&loaded)?;
    let (_, warnings) = revalidate(&mut loaded, &rel, id, text.as_bytes().to_vec(), &[])?;
    write_atomic(&path, text.as_bytes()).with_context(|| format!("cannot write {}", rel.display()))?;
    Ok(Edited { changed: true, warnings })
}

/// "learner `kim` already exists", for `learner add` with an id in use.
pub fn learner_exists(id: &str) -> BadArgument {
    BadArgument::new(id, format!("learner `{id}` already exists"))
        .help(format!("choose another id, or edit {}", crate::diag::display_path(&learner_rel(id))))
}

/// An edit needs the cohort and the roadmap to check against.
pub fn project_usable(loaded: &Loaded) -> Result<(), Failure> {
    if loaded.cohort.is_some() && loaded.roadmap.is_some() {
        return Ok(());
    }
    let diags: Vec<Diagnostic> =
        loaded.diags.iter().filter(|d| !d.file.starts_with(LEARNERS) && d.is_error()).cloned().collect();
    if diags.is_empty() {
        return Err(Failure::Other(anyhow::anyhow!("the cohort or the roadmap could not be read")));
    }
    Err(Failure::Diagnostics(diags))
}

/// "no learner `kimm`", with the nearest known id: a mistake in the id given.
pub fn unknown_learner(loaded: &Loaded, id: &str) -> BadArgument {
    unknown_learner_in(loaded.learners.iter().map(|l| l.id.as_str()), id)
}

/// "no learner `kimm`", given the known ids.
pub fn unknown_learner_in<'a>(ids: impl IntoIterator<Item = &'a str>, id: &str) -> BadArgument {
    let bad = BadArgument::new(id, format!("no learner `{id}`"));
    match did_you_mean(id, ids) {
        Some(s) => bad.suggest(Some(s)),
        None if crate::model::schema::is_id(id) => {
            bad.help(format!("add one with `waymark learner add {id} --name NAME`"))
        }
        None => bad.help(crate::model::schema::ID_RULE),
    }
}

/// "no mentor `pakr` in cohort.yaml", with the nearest mentor id, or the ids there are.
pub fn unknown_mentor(cohort: &Cohort, id: &str) -> BadArgument {
    let ids: Vec<&str> = cohort.mentors.iter().map(|m| m.id.as_str()).collect();
    let bad = BadArgument::new(id, format!("no mentor `{id}` in cohort.yaml"));
    match did_you_mean(id, ids.iter().copied()) {
        Some(s) => bad.suggest(Some(s)),
        None if ids.is_empty() => bad.help("cohort.yaml lists no `mentors`"),
        None => bad.help(format!(
            "mentors in cohort.yaml: {}",
            ids.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// Everything `check` says about `rel`, given what is loaded.
fn file_diags(loaded: &Loaded, rel: &Path) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = loaded.diags.iter().filter(|d| d.file == rel).cloned().collect();
    diags.extend(crate::model::validate::validate(loaded).into_iter().filter(|d| d.file == rel));
    crate::diag::sort(&mut diags);
    diags
}

/// Check `bytes` as the new text of `rel` with the code `check` uses. Errors
/// refuse the edit; warnings not already present before are returned.
fn revalidate(
    loaded: &mut Loaded,
    rel: &Path,
    id: &str,
    bytes: Vec<u8>,
    before: &[Diagnostic],
) -> Result<(Learner, Vec<Diagnostic>), Failure> {
    let mut diags = Vec::new();
    let (source, value) = load::parse_source::<Learner>(rel, bytes, FileKind::Learner, &mut diags);
    let Some(mut learner) = value else {
        crate::diag::sort(&mut diags);
        return Err(Failure::Diagnostics(diags));
    };
    learner.id = id.to_string();
    if let Some(source) = source {
        loaded.sources.insert(rel.to_path_buf(), source);
    }
    match loaded.learners.iter_mut().find(|l| l.id == id) {
        Some(slot) => *slot = learner.clone(),
        None => {
            loaded.learners.push(learner.clone());
            loaded.learners.sort_by(|a, b| a.id.cmp(&b.id));
        }
    }
    let diags = file_diags(loaded, rel);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Failure::Diagnostics(diags));
    }
    let new = diags.into_iter().filter(|d| !before.iter().any(|b| b.message == d.message)).collect();
    Ok((learner, new))
}

/// Parse `text` losslessly; refuse files that the editor would not give back
/// byte for byte, since editing them could change what the user wrote.
fn lossless(text: &str, rel: &Path) -> Result<Document, Failure> {
    let parsed = guarded(|| Document::from_str(text).ok().filter(|d| d.to_string() == text))?;
    parsed.ok_or_else(|| {
        Failure::Other(anyhow::anyhow!(
            "{} uses YAML that waymark cannot edit without reformatting it; edit it by hand",
            rel.display()
        ))
    })
}

/// Run `f`, turning a panic inside the YAML editor into an error: no input
/// may make waymark panic, and a half-done edit is never written.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, Failure> {
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    panic::set_hook(hook);
    result.map_err(|_| Failure::Other(anyhow::anyhow!("the YAML editor failed on this file; edit it by hand")))
}

/// What differs between `before` and `after` outside what the edit touched.
fn untouched_differs(before: &Learner, after: &Learner, touched: &Touched) -> Option<&'static str> {
    let (mut b, mut a) = (before.clone(), after.clone());
    match touched {
        Touched::Progress(key) => {
            b.progress.remove(key);
            a.progress.remove(key);
            if a.progress.len() != b.progress.len() || format!("{:?}", b.progress) != format!("{:?}", a.progress) {
                return Some("other progress entries");
            }
        }
        Touched::JournalAppend => {
            let n = b.journal.len();
            if a.journal.len() != n + 1 {
                return Some("the journal");
            }
            a.journal.truncate(n);
        }
    }
    (format!("{b:?}") != format!("{a:?}")).then_some("other parts of the file")
}

/// An exclusive lock on the learners folder, held until the returned file is
/// dropped. Locking the folder rather than the learner file matters: the file
/// is replaced by a rename, so a lock on it would be a lock on a file that no
/// longer has the name, and a waiting process would then edit stale bytes.
fn lock(dir: &Path) -> Result<File, Failure> {
    #[cfg(unix)]
    let file = File::open(dir);
    // Windows cannot open a folder as a file; lock a hidden file beside the
    // learner files instead (the loader skips names starting with '.').
    #[cfg(not(unix))]
    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(dir.join(".waymark.lock"));
    let file = file.with_context(|| format!("cannot open {} to lock it", dir.display()))?;
    fs4::FileExt::lock(&file).with_context(|| format!("cannot lock {}", dir.display()))?;
    Ok(file)
}

/// Write `bytes` to `path` through a hidden temporary file in the same folder,
/// fsync it, then rename it over `path`: readers see the old file or the new
/// one, never half of one.
fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().context("no parent folder")?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // tempfile's default is 0600; a learner file is ordinary (umask applies).
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        // Make the rename itself durable.
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_the_editor_becomes_an_error() {
        let r: Result<(), Failure> = guarded(|| panic!("boom"));
        assert!(matches!(r, Err(Failure::Other(_))));
    }

    #[test]
    fn files_that_do_not_round_trip_are_refused() {
        let text = "# c\nname: K   # x\nprogress:\n  a/b: {status: done}\n";
        let ok = lossless(text, Path::new("k.yaml"));
        assert_eq!(ok.map(|d| d.to_string()).ok().as_deref(), Some(text));
        // The YAML editor does not give a directive back as it was.
        let Err(Failure::Other(e)) = lossless("%YAML 1.2\n---\nname: K\n", Path::new("k.yaml")) else {
            panic!("a file the editor cannot give back byte for byte is refused")
        };
        assert_eq!(e.to_string(), "k.yaml uses YAML that waymark cannot edit without reformatting it; edit it by hand");
    }

    #[test]
    fn write_atomic_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("kim.yaml");
        std::fs::write(&p, "old").unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
