//! The data model: the three file kinds, how they are read with positions,
//! and the loaded [`Project`] that the rest of waymark works from.

pub mod cohort;
pub mod de;
pub mod doc;
pub mod learner;
pub mod load;
pub mod roadmap;
pub mod schema;
pub mod validate;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use cohort::Cohort;
pub use learner::{JournalEntry, Learner, ReviewState, Status, Verdict};
pub use load::Sources;
pub use roadmap::Roadmap;

use crate::diag::Diagnostic;

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
    /// Every file read, by path relative to `root`, for diagnostics and edits.
    pub sources: Sources,
    /// Problems that do not stop a build.
    pub warnings: Vec<Diagnostic>,
}

impl Project {
    /// Load and validate the project at `root`. Errors come back all at once.
    pub fn load(root: &Path) -> Result<Project, Vec<Diagnostic>> {
        let loaded = load::load(root);
        let mut diags = loaded.diags.clone();
        diags.extend(crate::model::validate::validate(&loaded));
        crate::diag::sort(&mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        let (Some(cohort), Some(base)) = (loaded.cohort, loaded.roadmap) else {
            return Err(diags);
        };
        let roadmap = match loaded.translations.get(cohort.language.code()) {
            Some(t) => base.translated(t),
            None => base.clone(),
        };
        let aliases = alias_map(&base);
        let learners = loaded
            .learners
            .into_iter()
            .map(|mut l| {
                l.progress = std::mem::take(&mut l.progress)
                    .into_iter()
                    .map(|(k, v)| (aliases.get(&k).cloned().unwrap_or(k), v))
                    .collect();
                l
            })
            .collect();
        Ok(Project { root: root.to_path_buf(), cohort, roadmap, learners, sources: loaded.sources, warnings: diags })
    }

    pub fn learner(&self, id: &str) -> Option<&Learner> {
        self.learners.iter().find(|l| l.id == id)
    }
}

/// Old full id → current full id, from every task's `aliases`.
pub fn alias_map(roadmap: &Roadmap) -> BTreeMap<String, String> {
    roadmap
        .tasks()
        .flat_map(|t| {
            let full = t.full_id();
            t.task.aliases.iter().map(move |a| (a.clone(), full.clone()))
        })
        .collect()
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
