//! Which file-system events matter: editor temporaries and backups are
//! ignored, the output folder is never watched, and each change is classified
//! so that only what it can affect is rebuilt.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecursiveMode};

use crate::model::load::is_editor_temp;

/// How long the files must stay quiet before a burst of events is acted on:
/// an editor's save is several events (truncate, write, rename, chmod).
pub const DEBOUNCE: Duration = Duration::from_millis(25);
/// A burst that never goes quiet is still acted on after this long.
const MAX_WAIT: Duration = Duration::from_millis(400);
/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// What a changed file is, in the project's terms.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// `roadmap/learners/<id>.yaml`: only this learner's pages and the pages
    /// that list learners can change (the one change that may be incremental).
    Learner(String),
    /// Another file in `roadmap/learners/` (a `.yml`, a name that is not an
    /// id) or the folder itself: the set of learners may have changed.
    Learners,
    /// `roadmap/roadmap.yaml` or a translation `roadmap/roadmap.<lang>.yaml`.
    Roadmap,
    /// `roadmap/cohort.yaml`.
    Cohort,
    /// Anything under `themes/`.
    Theme,
}

/// Classify a path relative to the project root; `None` for what does not
/// affect the site (editor temporaries, other files, the output folder).
pub fn classify(rel: &Path) -> Option<ChangeKind> {
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    // Every file under a theme's `static/` is published, dotfiles and all.
    if let ["themes", _, "static", _, ..] = parts.as_slice() {
        return Some(ChangeKind::Theme);
    }
    if parts.iter().any(|p| p.starts_with('.')) {
        return None;
    }
    match parts.as_slice() {
        ["themes"] | ["themes", ..] => (!is_editor_temp(rel)).then_some(ChangeKind::Theme),
        ["roadmap"] => Some(ChangeKind::Roadmap),
        ["roadmap", "learners"] => Some(ChangeKind::Learners),
        ["roadmap", "cohort.yaml"] => Some(ChangeKind::Cohort),
        ["roadmap", name] if name.starts_with("roadmap.") && name.ends_with(".yaml") => Some(ChangeKind::Roadmap),
        ["roadmap", "learners", name] => {
            if is_editor_temp(rel) {
                return None;
            }
            // As the loader reads the folder: `<id>.yaml` is a learner; a
            // `.yml` or a `.yaml` whose name is not an id gets a diagnostic;
            // anything else (e.g. `sed -i`'s temporary file) is not read.
            // A sealed file's name does not say whose it is: all learners.
            if crate::model::sealed::is_sealed(name) {
                return Some(ChangeKind::Learners);
            }
            match name.strip_suffix(".yaml") {
                Some(id) if crate::model::schema::is_id(id) => Some(ChangeKind::Learner(id.to_string())),
                Some(_) => Some(ChangeKind::Learners),
                None if name.ends_with(".yml") => Some(ChangeKind::Learners),
                None => None,
            }
        }
        _ => None,
    }
}

/// Events that say a file changed. Opening and reading (which waymark itself
/// does on every rebuild) must not trigger another rebuild.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// What a batch of events asks for, deduplicated.
pub type Changes = BTreeSet<ChangeKind>;

/// "learner kim", "roadmap", "cohort, theme" — what a batch of changes was.
pub fn describe(changes: &Changes) -> String {
    let learners: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            ChangeKind::Learner(id) => Some(id.as_str()),
            _ => None,
        })
        .collect();
    let mut parts = Vec::new();
    if !learners.is_empty() {
        parts.push(format!("learner {}", learners.join(", ")));
    }
    for c in changes {
        let name = match c {
            ChangeKind::Learner(_) => continue,
            ChangeKind::Learners => "learners",
            ChangeKind::Roadmap => "roadmap",
            ChangeKind::Cohort => "cohort",
            ChangeKind::Theme => "theme",
        };
        parts.push(name.to_string());
    }
    parts.join(", ")
}

/// Watches `roadmap/` and `themes/` under a project root and hands out
/// debounced, classified batches of changes.
pub struct Watcher {
    root: PathBuf,
    ignore: Option<PathBuf>,
    rx: Receiver<notify::Result<Event>>,
    inner: Box<dyn notify::Watcher + Send>,
    themes_watched: bool,
}

impl Watcher {
    /// Start watching. `ignore` is the output folder (never watched, even
    /// when it lies inside a watched folder); `poll` uses a polling watcher.
    pub fn new(root: &Path, ignore: Option<&Path>, poll: bool) -> anyhow::Result<Watcher> {
        let root = std::fs::canonicalize(root).with_context(|| format!("cannot open {}", root.display()))?;
        let ignore = ignore.map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()));
        let (tx, rx) = mpsc::channel();
        let inner: Box<dyn notify::Watcher + Send> = if poll {
            // Contents, not only times: the poller sees modification times in whole
            // seconds, and two saves within one second must both count.
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL).with_compare_contents(true);
            Box::new(notify::PollWatcher::new(tx, config).context("cannot start the polling watcher")?)
        } else {
            Box::new(notify::recommended_watcher(tx).context("cannot watch the project's files")?)
        };
        let mut w = Watcher { root, ignore, rx, inner, themes_watched: false };
        let roadmap = w.root.join("roadmap");
        w.inner
            .watch(&roadmap, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", roadmap.display()))?;
        // The root itself (not recursively), to notice a `themes/` folder that appears later.
        if !poll {
            let root = w.root.clone();
            w.inner
                .watch(&root, RecursiveMode::NonRecursive)
                .with_context(|| format!("cannot watch {}", root.display()))?;
        }
        w.watch_themes();
        Ok(w)
    }

    fn watch_themes(&mut self) {
        let themes = self.root.join("themes");
        if !self.themes_watched && themes.is_dir() {
            self.themes_watched = self.inner.watch(&themes, RecursiveMode::Recursive).is_ok();
        }
    }

    fn classify_event(&self, event: &Event, out: &mut Changes) {
        if !is_change(&event.kind) {
            return;
        }
        for path in &event.paths {
            if self.ignore.as_deref().is_some_and(|i| path.starts_with(i)) {
                continue;
            }
            // A folder's own times change whenever a file in it is added or
            // renamed; that file has its own event.
            if matches!(event.kind, EventKind::Modify(_)) && path.is_dir() {
                continue;
            }
            let Ok(rel) = path.strip_prefix(&self.root) else { continue };
            if let Some(kind) = classify(rel) {
                out.insert(kind);
            }
        }
    }
}

impl Iterator for Watcher {
    type Item = Changes;

    /// Wait for the next batch of changes: block until an event that matters
    /// arrives, then gather more until the files have been quiet for
    /// [`DEBOUNCE`]. `None` when the watcher has stopped.
    fn next(&mut self) -> Option<Changes> {
        loop {
            let mut changes = Changes::new();
            let first = self.rx.recv().ok()?;
            if let Ok(event) = first {
                self.classify_event(&event, &mut changes);
            }
            if changes.is_empty() {
                continue;
            }
            let started = Instant::now();
            loop {
                let left = MAX_WAIT.saturating_sub(started.elapsed());
                if left.is_zero() {
                    break;
                }
                match self.rx.recv_timeout(DEBOUNCE.min(left)) {
                    Ok(Ok(event)) => self.classify_event(&event, &mut changes),
                    Ok(Err(_)) => {}
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return Some(changes),
                }
            }
            if changes.contains(&ChangeKind::Theme) {
                self.watch_themes();
            }
            return Some(changes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, ModifyKind};

    #[test]
    fn editor_temporaries_are_ignored() {
        for name in
            [".kim.yaml.swp", "4913", "#kim.yaml#", ".#kim.yaml", "kim.yaml~", "kim.yaml___jb_tmp___", "kim.yaml.bak"]
        {
            assert!(is_editor_temp(Path::new(name)), "{name}");
        }
        for name in ["kim.yaml", "roadmap.en.yaml", "style.css", "base.html"] {
            assert!(!is_editor_temp(Path::new(name)), "{name}");
        }
    }

    fn kind(p: &str) -> Option<ChangeKind> {
        classify(Path::new(p))
    }

    #[test]
    fn changes_are_classified_by_what_they_can_affect() {
        assert_eq!(kind("roadmap/learners/kim.yaml"), Some(ChangeKind::Learner("kim".into())));
        assert_eq!(kind("roadmap/learners/lee-ji.yaml"), Some(ChangeKind::Learner("lee-ji".into())));
        assert_eq!(kind("roadmap/cohort.yaml"), Some(ChangeKind::Cohort));
        assert_eq!(kind("roadmap/roadmap.yaml"), Some(ChangeKind::Roadmap));
        assert_eq!(kind("roadmap/roadmap.en.yaml"), Some(ChangeKind::Roadmap));
        assert_eq!(kind("themes/default/templates/base.html"), Some(ChangeKind::Theme));
        assert_eq!(kind("themes"), Some(ChangeKind::Theme));
        // Everything under static/ is published, so every change there counts.
        assert_eq!(kind("themes/default/static/.well-known/security.txt"), Some(ChangeKind::Theme));
        assert_eq!(kind("themes/default/static/notes.bak"), Some(ChangeKind::Theme));
        assert_eq!(kind("themes/default/static/assets/style.css~"), Some(ChangeKind::Theme));
        // Learner files that are not read as learners still change what `check` says.
        assert_eq!(kind("roadmap/learners/kim.yml"), Some(ChangeKind::Learners));
        assert_eq!(kind("roadmap/learners/Kim Dev.yaml"), Some(ChangeKind::Learners));
        assert_eq!(kind("roadmap/learners"), Some(ChangeKind::Learners));
    }

    #[test]
    fn temporaries_output_and_other_files_are_not_changes() {
        for p in [
            "roadmap/learners/.kim.yaml.swp",
            "roadmap/learners/4913",
            "roadmap/learners/kim.yaml~",
            "roadmap/learners/#kim.yaml#",
            "roadmap/.#cohort.yaml",
            "roadmap/cohort.yaml___jb_tmp___",
            "themes/default/templates/.base.html.swp",
            "site/index.html",
            "site",
            ".site.new-abc/index.html",
            "README.md",
            "roadmap/notes.md",
            "roadmap/learners/sedAb12Cd",
            "roadmap/learners/README.md",
            ".git/index",
            "../elsewhere/roadmap/cohort.yaml",
        ] {
            assert_eq!(kind(p), None, "{p}");
        }
    }

    #[test]
    fn reading_a_file_is_not_a_change_but_writing_is() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Data(DataChange::Any))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn a_burst_of_saves_names_each_changed_file_and_never_the_output_or_an_editor_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("roadmap/learners")).unwrap();
        std::fs::create_dir_all(dir.path().join("roadmap/site")).unwrap();
        let out = dir.path().join("roadmap/site");
        let w = Watcher::new(dir.path(), Some(&out), false).unwrap();
        let root = dir.path();
        std::fs::write(root.join("roadmap/site/index.html"), "x").unwrap();
        std::fs::write(root.join("roadmap/learners/.kim.yaml.swp"), "x").unwrap();
        for i in 0..5 {
            std::fs::write(root.join("roadmap/learners/kim.yaml"), format!("name: k{i}\n")).unwrap();
        }
        std::fs::write(root.join("roadmap/cohort.yaml"), "title: t\n").unwrap();
        // A loaded machine may deliver the burst in more than one batch:
        // gather batches until both changes are seen (or a generous bound
        // passes). Every batch names each changed file once, and never the
        // output folder or the editor's temporary file.
        let expected: Changes = [ChangeKind::Learner("kim".into()), ChangeKind::Cohort].into_iter().collect();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for batch in w {
                if tx.send(batch).is_err() {
                    break;
                }
            }
        });
        let mut seen = Changes::new();
        while seen != expected {
            let batch = rx.recv_timeout(Duration::from_secs(60)).expect("the burst was never reported");
            assert!(batch.is_subset(&expected), "unexpected changes in {batch:?}");
            seen.extend(batch);
        }
        assert_eq!(seen, expected);
    }
}
