//! Learner-file edits that keep comments and formatting, with a lock and an atomic rename.
//!
//! An edit is a read-modify-write of one `roadmap/learners/<id>.yaml`:
//! 1. take an exclusive lock on the learners folder (so concurrent waymark
//!    processes queue up instead of losing each other's changes),
//! 2. read the file and parse it with `yaml-edit`, a lossless (rowan) syntax
//!    tree, so that the bytes the edit does not touch stay as they were,
//! 3. let the caller change the tree,
//! 4. check the new bytes exactly as `check` would (schema, then the
//!    cross-file checks against the cohort and the roadmap; no check of a
//!    learner file reads another learner's, so only this one is read), and
//!    refuse the edit with those diagnostics if the file would become invalid,
//! 5. write a temporary file beside it, fsync, and rename it over the old one.
//!
//! A sealed learner file (see [`crate::model::sealed`]) is edited the same
//! way on its plaintext, then encrypted again to the cohort's and the
//! learner's `recipients` before step 5; an edit that changes nothing writes
//! nothing, since every encryption gives different bytes. [`seal`],
//! [`unseal`] and [`rekey`] turn a file from one form into the other, under
//! the same lock.

use std::fs::File;
use std::io::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::str::FromStr as _;

use anyhow::Context as _;
use yaml_edit::Document;

use crate::diag::{did_you_mean, BadArgument, Diagnostic};
use crate::error::Failure;
use crate::model::load::{self, Loaded, LEARNERS};
use crate::model::schema::FileKind;
use crate::model::sealed::{self, Keys, Opened};
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
    /// `roadmap/learners/<id>.yaml`, or the learner's sealed file
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
/// touched; the result is validated and written atomically, all under the
/// lock. A sealed file is opened with `keys` and sealed again.
pub fn update<T>(
    root: &Path,
    id: &str,
    keys: Option<&Keys>,
    change: impl FnOnce(&Editing) -> Result<(T, Touched), Failure>,
) -> Result<(T, Edited), Failure> {
    let dir = root.join(LEARNERS);
    let _lock = lock(&dir)?;
    // The shared files and this learner's alone: an edit costs one learner,
    // whatever the cohort's size. Without a file of theirs, everything is
    // read, for the diagnostics of a learner not found.
    let (mut loaded, diags) =
        crate::model::checked_for(root, keys, id).unwrap_or_else(|| crate::model::checked_with(root, keys));
    project_usable(&loaded)?;
    let rel = loaded.learner_file(id);
    let path = root.join(&rel);
    if !crate::model::schema::is_id(id) || !path.is_file() {
        return Err(missing_learner(&loaded, id));
    }
    if let Some(doubled) = loaded.doubled.get(id) {
        // Which of the two files to edit is the user's choice to make first.
        let said = diags.iter().filter(|d| d.file == doubled.sealed).cloned().collect();
        return Err(Failure::Diagnostics(said));
    }
    sweep_temporaries(&path);
    let before_diags: Vec<Diagnostic> = diags.into_iter().filter(|d| d.file == rel).collect();
    if before_diags.iter().any(Diagnostic::is_error) {
        // The file is already invalid: say so rather than editing blind.
        return Err(Failure::Diagnostics(before_diags));
    }
    let Some(before) = loaded.learners.iter().find(|l| l.id == id).cloned() else {
        return Err(Failure::Diagnostics(before_diags));
    };
    let raw = read_text(&rel, &path, keys)?;
    let Ok(raw) = String::from_utf8(raw) else {
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
    let bytes = if loaded.sealed.contains_key(id) {
        sealed_bytes(&loaded, &after, &rel, new_text.as_bytes())?
    } else {
        new_text.into_bytes()
    };
    write_atomic(&path, &bytes).with_context(|| format!("cannot write {}", rel.display()))?;
    Ok((value, Edited { changed: true, warnings }))
}

/// The bytes of the learner file `rel` as text: a sealed file opened with `keys`.
fn read_text(rel: &Path, path: &Path, keys: Option<&Keys>) -> Result<Vec<u8>, Failure> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", rel.display()))?;
    if !sealed::is_sealed(&rel.to_string_lossy()) {
        return Ok(bytes);
    }
    match sealed::open(rel, &bytes, keys) {
        Opened::Text(text) => Ok(text),
        Opened::Unread(u) => Err(sealed::unread_diagnostic(&[u], true).map_or(Failure::Reported, Failure::from)),
        Opened::Broken(d) => Err(d.into()),
    }
}

/// Everyone a sealed learner file is encrypted to: the cohort's
/// `recipients`, then the learner's own.
pub fn recipients(loaded: &Loaded, learner: &Learner) -> Vec<String> {
    let mut all: Vec<String> = loaded.cohort.iter().flat_map(|c| c.recipients.iter().cloned()).collect();
    for r in &learner.recipients {
        if !all.contains(r) {
            all.push(r.clone());
        }
    }
    all
}

/// `text` sealed to the recipients of `learner`.
fn sealed_bytes(loaded: &Loaded, learner: &Learner, rel: &Path, text: &[u8]) -> Result<Vec<u8>, Failure> {
    sealed::seal(text, &recipients(loaded, learner)).map_err(|why| {
        Diagnostic::file(rel, format!("cannot seal the file: {why}"))
            .help("add `recipients:` to cohort.yaml: the age or SSH public keys of those who may read sealed learners")
            .into()
    })
}

/// Create the file of a new learner `id` with `text`, validated like an
/// edit; with `seal`, sealed under a new opaque name (the text must say
/// `id:`). The file made.
pub fn create(
    root: &Path,
    id: &str,
    text: &str,
    seal: bool,
    keys: Option<&Keys>,
) -> Result<(PathBuf, Edited), Failure> {
    let dir = root.join(LEARNERS);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {LEARNERS}"))?;
    let _lock = lock(&dir)?;
    let mut loaded = load::load_with(root, keys);
    if root.join(learner_rel(id)).exists() || loaded.sealed.contains_key(id) {
        return Err(learner_exists(id).into());
    }
    project_usable(&loaded)?;
    if !seal {
        let rel = learner_rel(id);
        let (_, warnings) = revalidate(&mut loaded, &rel, id, text.as_bytes().to_vec(), &[])?;
        write_atomic(&root.join(&rel), text.as_bytes()).with_context(|| format!("cannot write {}", rel.display()))?;
        return Ok((rel, Edited { changed: true, warnings }));
    }
    sweep_new_sealed(&dir);
    let (rel, warnings) = write_sealed(root, &mut loaded, id, text.as_bytes())?;
    Ok((rel, Edited { changed: true, warnings }))
}

/// Check `text` as the sealed file of learner `id`, seal it and write it
/// under a new opaque name: the file's path and the warnings.
fn write_sealed(
    root: &Path,
    loaded: &mut Loaded,
    id: &str,
    text: &[u8],
) -> Result<(PathBuf, Vec<Diagnostic>), Failure> {
    // Checked under a placeholder name, as diagnostics name the file.
    let placeholder = Path::new(LEARNERS).join(format!("{}new{}", sealed::PREFIX, sealed::SUFFIX));
    loaded.sealed.insert(id.to_string(), placeholder.clone());
    let (learner, warnings) = revalidate(loaded, &placeholder, id, text.to_vec(), &[])?;
    let bytes = sealed_bytes(loaded, &learner, &placeholder, text)?;
    let rel =
        write_new_sealed(&root.join(LEARNERS), &bytes).with_context(|| format!("cannot write a file in {LEARNERS}"))?;
    Ok((Path::new(LEARNERS).join(rel.file_name().unwrap_or_default()), warnings))
}

/// What [`seal`] did.
#[derive(Debug)]
pub struct SealedFile {
    /// The sealed file that replaced `learners/<id>.yaml`.
    pub file: PathBuf,
    /// Whether git's history still holds the plain file.
    pub in_history: bool,
    pub warnings: Vec<Diagnostic>,
}

/// Replace the plain file of learner `id` by a sealed one: `id:` is added
/// to the text when it does not say it, the sealed file written and checked,
/// then the plain file removed, all under the lock.
pub fn seal(root: &Path, id: &str, keys: Option<&Keys>) -> Result<SealedFile, Failure> {
    let dir = root.join(LEARNERS);
    let _lock = lock(&dir)?;
    let (mut loaded, diags) = crate::model::checked_with(root, keys);
    project_usable(&loaded)?;
    let rel = learner_rel(id);
    let path = root.join(&rel);
    sweep_new_sealed(&dir);
    if let Some(doubled) = loaded.doubled.get(id) {
        // A seal (or unseal) stopped between writing one file and removing
        // the other: when the two say the same, finish it.
        let sealed = doubled.sealed.clone();
        refuse_doubled(&loaded, &diags, id)?;
        std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", rel.display()))?;
        sync_dir(&dir);
        return Ok(SealedFile { in_history: crate::repo::in_history(root, &rel), file: sealed, warnings: Vec::new() });
    }
    if let Some(file) = loaded.sealed.get(id) {
        return Err(Failure::Other(anyhow::anyhow!(
            "learner `{id}` is already sealed, in {}",
            crate::diag::display_path(file)
        )));
    }
    if !crate::model::schema::is_id(id) || !path.is_file() {
        return Err(unknown_learner(&loaded, id).into());
    }
    let errors: Vec<Diagnostic> = diags.into_iter().filter(|d| d.file == rel && d.is_error()).collect();
    if !errors.is_empty() {
        return Err(Failure::Diagnostics(errors));
    }
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", rel.display()))?;
    let says_id = loaded.learners.iter().any(|l| l.id == id)
        && crate::model::doc::parse(text.strip_prefix('\u{feff}').unwrap_or(&text))
            .is_ok_and(|d| d.root.as_ref().is_some_and(|r| r.get("id").is_some()));
    let text = if says_id { text } else { sealed::with_id(&text, id) };
    loaded.learners.retain(|l| l.id != id);
    let (file, warnings) = write_sealed(root, &mut loaded, id, text.as_bytes())?;
    if let Err(e) = std::fs::remove_file(&path) {
        let _ = std::fs::remove_file(root.join(&file));
        return Err(Failure::Other(anyhow::anyhow!("cannot remove {}: {e}; nothing was sealed", rel.display())));
    }
    sync_dir(&dir);
    Ok(SealedFile { in_history: crate::repo::in_history(root, &rel), file, warnings })
}

/// When learner `id` is in a plain and a sealed file that differ, the
/// diagnostic that says so, as an error: which to keep is the user's call.
fn refuse_doubled(loaded: &Loaded, diags: &[Diagnostic], id: &str) -> Result<(), Failure> {
    let Some(doubled) = loaded.doubled.get(id).filter(|d| !d.same) else { return Ok(()) };
    Err(Failure::Diagnostics(diags.iter().filter(|d| d.file == doubled.sealed).cloned().collect()))
}

/// Replace the sealed file of learner `id` by `learners/<id>.yaml`, its
/// plaintext (which keeps `id:`, matching the name), under the lock.
pub fn unseal(root: &Path, id: &str, keys: Option<&Keys>) -> Result<PathBuf, Failure> {
    let dir = root.join(LEARNERS);
    let _lock = lock(&dir)?;
    let loaded = load::load_with(root, keys);
    project_usable(&loaded)?;
    if let Some(doubled) = loaded.doubled.get(id) {
        // As in `seal`: finish what stopped half-way, when nothing is lost.
        refuse_doubled(&loaded, &loaded.diags, id)?;
        std::fs::remove_file(root.join(&doubled.sealed))
            .with_context(|| format!("cannot remove {}", doubled.sealed.display()))?;
        sync_dir(&dir);
        return Ok(learner_rel(id));
    }
    let Some(file) = loaded.sealed.get(id).cloned() else {
        if root.join(learner_rel(id)).is_file() {
            return Err(Failure::Other(anyhow::anyhow!("learner `{id}` is not sealed")));
        }
        return Err(unknown_learner(&loaded, id).into());
    };
    let text = read_text(&file, &root.join(&file), keys)?;
    let rel = learner_rel(id);
    write_new(&root.join(&rel), &text).with_context(|| format!("cannot write {}", rel.display()))?;
    std::fs::remove_file(root.join(&file)).with_context(|| format!("cannot remove {}", file.display()))?;
    sync_dir(&dir);
    Ok(rel)
}

/// Seal every sealed learner file again to the recipients now listed (after
/// `recipients:` changed): the files rewritten. All of them must open.
pub fn rekey(root: &Path, keys: Option<&Keys>) -> Result<Vec<PathBuf>, Failure> {
    let dir = root.join(LEARNERS);
    let _lock = lock(&dir)?;
    let loaded = load::load_with(root, keys);
    project_usable(&loaded)?;
    if let Some(d) = sealed::unread_diagnostic(&loaded.unread, true) {
        return Err(d.into());
    }
    let broken: Vec<Diagnostic> =
        loaded.diags.iter().filter(|d| d.is_error() && sealed::is_sealed(&d.file.to_string_lossy())).cloned().collect();
    if !broken.is_empty() {
        return Err(Failure::Diagnostics(broken));
    }
    let mut sealed_now = Vec::new();
    for (id, rel) in &loaded.sealed {
        let Some(learner) = loaded.learners.iter().find(|l| &l.id == id) else { continue };
        let path = root.join(rel);
        let text = read_text(rel, &path, keys)?;
        let bytes = sealed_bytes(&loaded, learner, rel, &text)?;
        sealed_now.push((path, bytes, rel.clone()));
    }
    // Every file is sealed before any is written: a recipient that is
    // refused leaves all of them as they were.
    let mut done = Vec::new();
    for (path, bytes, rel) in sealed_now {
        sweep_temporaries(&path);
        write_atomic(&path, &bytes).with_context(|| format!("cannot write {}", rel.display()))?;
        done.push(rel);
    }
    Ok(done)
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

/// A learner that is not in `loaded`: the problems of sealed files that
/// did not open (the learner may be in one), else [`unknown_learner`].
pub fn missing_learner(loaded: &Loaded, id: &str) -> Failure {
    let sealed: Vec<Diagnostic> =
        loaded.diags.iter().filter(|d| d.is_error() && sealed::is_sealed(&d.file.to_string_lossy())).cloned().collect();
    if sealed.is_empty() {
        unknown_learner(loaded, id).into()
    } else {
        Failure::Diagnostics(sealed)
    }
}

/// "no learner `kimm`", with the nearest known id: a mistake in the id given.
pub fn unknown_learner(loaded: &Loaded, id: &str) -> BadArgument {
    let bad = unknown_learner_in(loaded.learners.iter().map(|l| l.id.as_str()), id);
    match sealed::unread_diagnostic(&loaded.unread, true) {
        Some(d) => bad.help(format!("it may be one of the {}: give the key with --identity FILE", d.message)),
        None => bad,
    }
}

/// "no learner `박옵`" for a name that names none of `learners` (by id,
/// GitHub login or name), or several: the nearest one, or how to add one.
pub fn no_learner_named(learners: &[&crate::model::Learner], given: &str) -> BadArgument {
    use crate::names::Miss;
    match crate::names::learner(learners, given) {
        Err(Miss::Ambiguous(ids)) => BadArgument::new(given, format!("`{given}` names several learners")).help(
            format!("give the id of one: {}", ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")),
        ),
        // With their name beside the id, as a page shows them.
        Err(Miss::Unknown { near: Some(near), nearest }) => {
            let bad = BadArgument::new(given, format!("no learner `{given}`")).suggest(Some(&near));
            match nearest.into_iter().find(|(id, name)| *id == near && name != id) {
                Some((_, name)) => bad.help(name),
                None => bad,
            }
        }
        // Not an id: a name or login that is nobody's.
        _ if !crate::model::schema::is_id(given) => BadArgument::new(given, format!("no learner `{given}`"))
            .help("name a learner by id, GitHub login or name; `waymark status` lists them"),
        _ => unknown_learner_in(learners.iter().map(|l| l.id.as_str()), given),
    }
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
    let stated = std::mem::replace(&mut learner.id, id.to_string());
    let is_sealed = loaded.sealed.get(id).is_some_and(|f| f == rel);
    if (is_sealed || !stated.is_empty()) && stated != id {
        let message = if stated.is_empty() {
            "a sealed learner file needs `id:`".to_string()
        } else {
            format!("`id: {stated}` is not the learner's id `{id}`; nothing was written")
        };
        return Err(Diagnostic::file(rel, message).into());
    }
    learner.private |= is_sealed;
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
    // Where an entry sits in the file moves with any edit above it.
    for p in b.progress.values_mut().chain(a.progress.values_mut()) {
        p.line = 0;
    }
    match touched {
        Touched::Progress(key) => {
            b.progress.remove(key.as_str());
            a.progress.remove(key.as_str());
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

/// Remove the temporaries a killed edit of `path` left beside it
/// (`.<name>.<random>.tmp`, see [`write_atomic`]). Called under the lock,
/// so no edit that is still running owns one.
fn sweep_temporaries(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else { return };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let n = entry.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && n.ends_with(".tmp") && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Remove the temporaries a killed `seal` or `learner add --sealed` left
/// in the learners folder `dir` (`.sealed-<random>.yaml.age.tmp`, see
/// [`write_new_sealed`]); under the lock, as [`sweep_temporaries`].
fn sweep_new_sealed(dir: &Path) {
    let prefix = format!(".{}", sealed::PREFIX);
    let suffix = format!("{}.tmp", sealed::SUFFIX);
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let n = entry.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && n.ends_with(&suffix) && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// A temporary file in `dir` holding `bytes`, fsynced, named `prefix…suffix`.
fn temporary(dir: &Path, prefix: &str, suffix: &str, bytes: &[u8]) -> anyhow::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(suffix).rand_bytes(12);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // tempfile's default is 0600; a learner file is ordinary (umask applies).
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Write `bytes` as the new file `path`, atomically; an existing file is an error.
fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().context("no parent folder")?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = temporary(dir, &format!(".{name}."), ".tmp", bytes)?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// Write `bytes` as a new sealed file in `dir` under a random name
/// (`sealed-<random>.yaml.age`): the temporary's random part is the name's.
fn write_new_sealed(dir: &Path, bytes: &[u8]) -> anyhow::Result<PathBuf> {
    let suffix = format!("{}.tmp", sealed::SUFFIX);
    for _ in 0..8 {
        let tmp = temporary(dir, &format!(".{}", sealed::PREFIX), &suffix, bytes)?;
        let name = tmp.path().file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let name = name.trim_start_matches('.').trim_end_matches(".tmp").to_string();
        let path = dir.join(&name);
        match tmp.persist_noclobber(&path) {
            Ok(_) => {
                sync_dir(dir);
                return Ok(path);
            }
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e.error.into()),
        }
    }
    anyhow::bail!("cannot find a free name for a sealed file")
}

/// Write `bytes` to `path` through a hidden temporary file in the same folder,
/// fsync it, then rename it over `path`: readers see the old file or the new
/// one, never half of one.
fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().context("no parent folder")?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = temporary(dir, &format!(".{name}."), ".tmp", bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable.
    sync_dir(dir);
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
