//! The data model: the three file kinds, how they are read with positions,
//! and the loaded [`Project`] that the rest of waymark works from.

pub mod cohort;
pub mod de;
pub mod doc;
mod event;
pub mod files;
pub mod indent;
pub mod learner;
pub mod load;
pub mod loaded;
mod plain;
pub mod roadmap;
pub mod roster;
pub mod schema;
pub mod sealed;
pub mod shape;
pub mod validate;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub use cohort::Cohort;
pub use files::learner_rel;
pub use learner::{JournalEntry, Learner, ReviewState, State, Status, TaskKey, Verdict};
pub use load::{Loaded, Sources};
pub use roadmap::Roadmap;

use crate::diag::Diagnostic;

/// What [`Project::load_readable`] gives: the project and the diagnostics
/// of the learner files left out, or the errors that stop everything.
pub type Readable = Result<(Project, Vec<Diagnostic>), Vec<Diagnostic>>;

/// A project that loaded and validated without errors.
#[derive(Clone, Debug)]
pub struct Project {
    pub root: PathBuf,
    pub cohort: Cohort,
    /// The roadmap in the language the site is shown in (`cohort.language`),
    /// or `roadmap.yaml` when there is no translation for it.
    pub roadmap: Roadmap,
    /// Sorted by id; progress keys are current full task ids (aliases resolved).
    pub learners: Vec<Learner>,
    /// Every file read but the learners', by path relative to `root`, for
    /// diagnostics and edits.
    pub sources: Sources,
    /// Problems that do not stop a build.
    pub warnings: Vec<Diagnostic>,
    /// What opens sealed learner files, when a key was given or found.
    pub keys: Option<sealed::Keys>,
    /// The file of each sealed learner, by id.
    pub sealed: BTreeMap<String, PathBuf>,
    /// Sealed files not read for want of a key: their learners are not in
    /// the project (see [`Project::require_sealed`]).
    pub unread: Vec<sealed::Unread>,
}

impl Project {
    /// Load and validate the project at `root`. Errors come back all at once.
    /// Sealed learner files are left unread (see [`Project::load_with`]).
    pub fn load(root: &Path) -> Result<Project, Vec<Diagnostic>> {
        Project::load_with(root, None)
    }

    /// [`Project::load`], sealed learner files opened with `keys`.
    pub fn load_with(root: &Path, keys: Option<&sealed::Keys>) -> Result<Project, Vec<Diagnostic>> {
        Project::from_checked(root, checked_with(root, keys), false, keys).map(|(project, _)| project)
    }

    /// [`Project::load_with`], each learner thinned as it is read (see
    /// [`Learner::thin`]): what `serve` holds.
    pub fn load_thinned(root: &Path, keys: Option<&sealed::Keys>) -> Result<Project, Vec<Diagnostic>> {
        let loaded = crate::timing::stage("load (read, parse, schema)", || load::load_thinned(root, keys));
        Project::from_checked(root, check(loaded), false, keys).map(|(project, _)| project)
    }

    /// Load what can be used: the project with every learner whose file is
    /// free of errors, and the diagnostics of the learner files left out
    /// (`status` and `report` show the others, then these). Errors outside
    /// the learner files still stop it.
    pub fn load_readable(
        root: &Path,
        keys: Option<&sealed::Keys>,
    ) -> Result<(Project, Vec<Diagnostic>), Vec<Diagnostic>> {
        Project::from_checked(root, checked_with(root, keys), true, keys)
    }

    /// [`Project::load_readable`] for the learner `given` names alone
    /// (`status ID`, `status @login`): the project with only that learner
    /// (see [`roster::load_named`]); `None` when no file is theirs, or the
    /// name is not one learner's.
    pub fn load_readable_for(root: &Path, keys: Option<&sealed::Keys>, given: &str) -> Option<Readable> {
        let checked = checked_named(root, keys, given)?;
        Some(Project::from_checked(root, checked, true, keys))
    }

    /// For what shows every learner (the full view, `status`, `report`):
    /// an error when sealed learner files were left unread, saying why and
    /// how to give the key.
    pub fn require_sealed(&self) -> Result<(), Vec<Diagnostic>> {
        match sealed::unread_diagnostic(&self.unread, true) {
            Some(d) => Err(vec![d]),
            None => Ok(()),
        }
    }

    /// The project from what was loaded and the diagnostics of checking it;
    /// with `skip_broken`, learner files with errors are left out and their
    /// diagnostics returned beside the project.
    fn from_checked(
        root: &Path,
        (loaded, diags): (Loaded, Vec<Diagnostic>),
        skip_broken: bool,
        keys: Option<&sealed::Keys>,
    ) -> Result<(Project, Vec<Diagnostic>), Vec<Diagnostic>> {
        let broken: BTreeSet<PathBuf> = diags.iter().filter(|d| d.is_error()).map(|d| d.file.clone()).collect();
        let learner_file = |f: &Path| f.starts_with(load::LEARNERS);
        if broken.iter().any(|f| !(skip_broken && learner_file(f))) {
            return Err(diags);
        }
        let (left_out, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            diags.into_iter().partition(|d| broken.contains(&d.file));
        let (Some(cohort), Some(base)) = (loaded.cohort, loaded.roadmap) else {
            return Err(left_out.into_iter().chain(warnings).collect());
        };
        let roadmap = match loaded.translations.get(cohort.language.code()) {
            Some(t) => base.translated(t),
            None => base.clone(),
        };
        let task_keys = base.task_keys();
        let learners = loaded
            .learners
            .into_iter()
            .filter(|l| !broken.contains(&loaded.sealed.get(&l.id).cloned().unwrap_or_else(|| learner_rel(&l.id))))
            .map(|mut l| {
                resolve_aliases(&mut l, &task_keys);
                l
            })
            .collect();
        let project = Project {
            root: root.to_path_buf(),
            cohort,
            roadmap,
            learners,
            // The learners' files are not kept: what the site shows of the
            // files themselves (each entry's line) is in the learners.
            sources: loaded.sources.into_iter().filter(|(path, _)| !path.starts_with(load::LEARNERS)).collect(),
            warnings,
            keys: keys.cloned(),
            sealed: loaded.sealed,
            unread: loaded.unread,
        };
        Ok((project, left_out))
    }

    pub fn learner(&self, id: &str) -> Option<&Learner> {
        self.learners.iter().find(|l| l.id == id)
    }

    /// The file of learner `id`: its sealed file, else `learners/<id>.yaml`.
    pub fn learner_file(&self, id: &str) -> PathBuf {
        self.sealed.get(id).cloned().unwrap_or_else(|| learner_rel(id))
    }

    /// Read the files of known learners `ids` again (after they were
    /// edited) and check each as [`Project::load`] does. All or nothing: on
    /// an error the project is as it was, and the diagnostics come back.
    pub fn reload_learners<'a>(&mut self, ids: impl IntoIterator<Item = &'a String>) -> Result<(), Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut read = Vec::new();
        for id in ids {
            match self.read_learner(id) {
                Ok(r) => read.push(r),
                Err(diags) => errors.extend(diags),
            }
        }
        if !errors.is_empty() {
            crate::diag::sort(&mut errors);
            return Err(errors);
        }
        for (learner, warnings) in read {
            let rel = self.learner_file(&learner.id);
            if let Ok(i) = self.learners.binary_search_by(|l| l.id.as_str().cmp(&learner.id)) {
                self.learners[i] = learner;
            }
            self.warnings.retain(|w| w.file != rel);
            self.warnings.extend(warnings);
        }
        crate::diag::sort(&mut self.warnings);
        Ok(())
    }

    /// One learner file, read, schema-checked and validated against the
    /// cohort and roadmap of this project (a translation keeps the ids,
    /// aliases and requires of roadmap.yaml), its aliases resolved: the
    /// learner and the file's warnings.
    pub fn read_learner(&self, id: &str) -> Result<(Learner, Vec<Diagnostic>), Vec<Diagnostic>> {
        let rel = self.learner_file(id);
        let mut sources = Sources::new();
        let mut diags = Vec::new();
        let read = load::load_learner(&self.root, &rel, self.keys.as_ref(), &mut sources, &mut diags);
        let learner = match read {
            Ok((learner, false)) => learner,
            Ok((_, true)) => None,
            Err(unread) => {
                diags.extend(sealed::unread_diagnostic(&[unread], true));
                None
            }
        };
        let Some(mut learner) = learner else {
            crate::diag::sort(&mut diags);
            return Err(diags);
        };
        learner.id = id.to_string();
        let loaded = Loaded {
            cohort: Some(self.cohort.clone()),
            roadmap: Some(self.roadmap.clone()),
            learners: vec![learner],
            sources,
            ..Loaded::default()
        };
        diags.extend(validate::validate(&loaded).into_iter().filter(|d| d.file == rel));
        crate::diag::sort(&mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        let Some(mut learner) = loaded.learners.into_iter().next() else { return Err(diags) };
        resolve_aliases(&mut learner, &self.roadmap.task_keys());
        Ok((learner, diags))
    }
}

/// Load every file of the project at `root` and check it: what could be
/// read, and every problem found, sorted (what `check` reports). Sealed
/// learner files are left unread.
pub fn checked(root: &Path) -> (Loaded, Vec<Diagnostic>) {
    checked_with(root, None)
}

/// [`checked`], sealed learner files opened with `keys`; those left unread
/// are counted in one warning.
pub fn checked_with(root: &Path, keys: Option<&sealed::Keys>) -> (Loaded, Vec<Diagnostic>) {
    check(crate::timing::stage("load (read, parse, schema)", || load::load_with(root, keys)))
}

/// What was loaded, with every problem found in it, sorted.
fn check(loaded: Loaded) -> (Loaded, Vec<Diagnostic>) {
    let mut diags = loaded.diags.clone();
    diags.extend(sealed::unread_diagnostic(&loaded.unread, false));
    diags.extend(crate::timing::stage("validate", || validate::validate(&loaded)));
    crate::diag::sort(&mut diags);
    (loaded, diags)
}

/// [`checked_with`] for what concerns learner `id` alone: the shared files
/// and the learner's file (see [`load::load_for`]), checked as `check`
/// checks them. `None` when no file is theirs.
pub fn checked_for(root: &Path, keys: Option<&sealed::Keys>, id: &str) -> Option<(Loaded, Vec<Diagnostic>)> {
    load::load_for(root, keys, id).map(check)
}

/// [`checked_for`] the learner `given` names (id, GitHub login or display
/// name; see [`roster::load_named`]).
pub fn checked_named(root: &Path, keys: Option<&sealed::Keys>, given: &str) -> Option<(Loaded, Vec<Diagnostic>)> {
    roster::load_named(root, keys, given).map(check)
}

/// Progress recorded under an old task id moves to the task's current id,
/// and every key of a task in the roadmap becomes the one it shares (`keys`,
/// [`Roadmap::task_keys`]).
fn resolve_aliases(learner: &mut Learner, keys: &HashMap<String, TaskKey>) {
    learner.progress = std::mem::take(&mut learner.progress)
        .into_iter()
        .map(|(k, v)| (keys.get(&*k).cloned().unwrap_or(k), v))
        .collect();
}

/// Find the project root: `explicit` if given, else the nearest ancestor of
/// the working directory that has `roadmap/cohort.yaml`.
pub fn find_root(explicit: Option<&Path>) -> Result<PathBuf, Diagnostic> {
    if let Some(dir) = explicit {
        if dir.join("roadmap/cohort.yaml").is_file() {
            return Ok(dir.to_path_buf());
        }
        return Err(Diagnostic::file(
            &dir.join("roadmap/cohort.yaml"),
            "no waymark project here: this file does not exist",
        )
        .help("run `waymark init` to create a project, or point --root at one"));
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    for dir in cwd.ancestors() {
        if dir.join("roadmap/cohort.yaml").is_file() {
            return Ok(dir.to_path_buf());
        }
    }
    Err(Diagnostic::file(Path::new("roadmap/cohort.yaml"), "no waymark project in this folder or any folder above it")
        .help("run `waymark init` to create one here, or pass --root DIR"))
}
