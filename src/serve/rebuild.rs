//! Turning a batch of changes into a new site: a full load → validate →
//! render, or — when only learner files changed — re-reading just those
//! files and re-rendering just the pages they can affect. Either way the
//! result is byte for byte what a full build of the same files gives.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::watch::{ChangeKind, Changes};
use crate::cmd::{Context, Failure, Result};
use crate::diag::Diagnostic;
use crate::model::load::{self, Loaded, LEARNERS};
use crate::model::schema::FileKind;
use crate::model::{Learner, Project, Sources};
use crate::render::{self, Cache, Files, Options, Theme, View};

/// The last project that built, with what it was built with.
struct Good {
    project: Project,
    theme: Theme,
    today: Date,
    /// Each learner's part of the shared pages, for incremental rebuilds.
    cache: Cache,
}

/// What a successful rebuild produced.
pub enum Outcome {
    /// The whole site.
    Full(Files),
    /// Only the pages the changed learners can affect. The pages and badges of
    /// `learners` are replaced by those in `files`, or removed when absent
    /// (a learner who became private in the public view).
    Partial { files: Files, learners: BTreeSet<String> },
}

impl Outcome {
    /// Apply to a previous site.
    pub fn apply_to(self, site: &mut Files) {
        match self {
            Outcome::Full(files) => *site = files,
            Outcome::Partial { files, learners } => {
                for id in &learners {
                    site.remove(&learner_page(id));
                    site.remove(&badge(id));
                }
                site.extend(files);
            }
        }
    }

    /// A short description for the rebuild line: "full" or "learner kim".
    pub fn describe(&self) -> String {
        match self {
            Outcome::Full(_) => "full".into(),
            Outcome::Partial { learners, .. } => {
                let ids: Vec<&str> = learners.iter().map(String::as_str).collect();
                format!("learner {}", ids.join(", "))
            }
        }
    }
}

pub fn learner_page(id: &str) -> String {
    format!("learners/{id}/index.html")
}

pub fn badge(id: &str) -> String {
    format!("badges/{id}.svg")
}

/// Keeps the last good project between rebuilds and decides how much each
/// batch of changes needs.
pub struct Builder {
    ctx: Context,
    root: PathBuf,
    view: View,
    good: Option<Good>,
    /// Learners changed since the last good build (kept while a file is broken,
    /// so that fixing it also brings in the other edits made meanwhile).
    dirty: BTreeSet<String>,
    /// Something other than a learner changed since the last good build.
    needs_full: bool,
}

impl Builder {
    pub fn new(ctx: &Context, root: &Path, view: View) -> Builder {
        let ctx = Context {
            root: Some(root.to_path_buf()),
            today: ctx.today,
            color_stdout: ctx.color_stdout,
            color_stderr: ctx.color_stderr,
            quiet: ctx.quiet,
            verbose: ctx.verbose,
        };
        Builder { ctx, root: root.to_path_buf(), view, good: None, dirty: BTreeSet::new(), needs_full: true }
    }

    /// The warnings of the last good build.
    pub fn warnings(&self) -> &[Diagnostic] {
        self.good.as_ref().map_or(&[], |g| &g.project.warnings)
    }

    /// The path part of `base_url` (e.g. `/devops-study/`), where 404.html
    /// expects the site to be.
    pub fn base_path(&self) -> Option<String> {
        let url = self.good.as_ref()?.project.cohort.base_url.as_deref()?;
        let path = url::Url::parse(url).ok()?.path().to_string();
        Some(if path.ends_with('/') { path } else { format!("{path}/") })
    }

    /// Load, validate and render everything.
    pub fn full(&mut self) -> Result<Files> {
        self.needs_full = true;
        let project = Project::load(&self.root).map_err(Failure::Diagnostics)?;
        let today = self.ctx.today(&project.cohort)?;
        let theme = Theme::load(&project.root, &project.cohort.theme, project.cohort.language.code())
            .map_err(Failure::Diagnostics)?;
        let mut cache = Cache::default();
        let files = std::sync::Mutex::new(Files::new());
        render::render_to(&project, &theme, &Options { view: self.view, today }, &mut cache, None, &files)
            .map_err(Failure::Diagnostics)?;
        let files = files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        self.good = Some(Good { project, theme, today, cache });
        self.needs_full = false;
        self.dirty.clear();
        Ok(files)
    }

    /// Rebuild after `changes`: incrementally when only learner files of
    /// known learners changed, else in full.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Outcome> {
        for c in changes {
            match c {
                ChangeKind::Learner(id) => {
                    self.dirty.insert(id.clone());
                }
                _ => self.needs_full = true,
            }
        }
        match self.incremental()? {
            Some(outcome) => Ok(outcome),
            None => self.full().map(Outcome::Full),
        }
    }

    /// `Ok(None)` when the changes cannot be applied incrementally.
    fn incremental(&mut self) -> Result<Option<Outcome>> {
        if self.needs_full || self.dirty.is_empty() {
            return Ok(None);
        }
        let Some(good) = &self.good else { return Ok(None) };
        let today = self.ctx.today(&good.project.cohort)?;
        if today != good.today {
            return Ok(None);
        }
        // A learner added or removed changes the set of learners: full build.
        for id in &self.dirty {
            let known = good.project.learners.binary_search_by(|l| l.id.as_str().cmp(id)).is_ok();
            if !known || !self.root.join(learner_rel(id)).is_file() {
                return Ok(None);
            }
        }
        let started = std::time::Instant::now();
        let mut errors = Vec::new();
        let mut read = Vec::new();
        for id in &self.dirty {
            match reload_learner(&good.project, id) {
                Ok(r) => read.push(r),
                Err(diags) => errors.extend(diags),
            }
        }
        if !errors.is_empty() {
            crate::diag::sort(&mut errors);
            return Err(Failure::Diagnostics(errors));
        }
        let Some(good) = &mut self.good else { return Ok(None) };
        for r in read {
            let rel = learner_rel(&r.learner.id);
            if let Ok(i) = good.project.learners.binary_search_by(|l| l.id.as_str().cmp(&r.learner.id)) {
                good.project.learners[i] = r.learner;
            }
            good.project.sources.extend(r.sources);
            good.project.warnings.retain(|w| w.file != rel);
            good.project.warnings.extend(r.warnings);
        }
        crate::diag::sort(&mut good.project.warnings);
        let opts = Options { view: self.view, today: good.today };
        let learners = std::mem::take(&mut self.dirty);
        let loaded = started.elapsed();
        let files = std::sync::Mutex::new(Files::new());
        let rendered = render::render_to(&good.project, &good.theme, &opts, &mut good.cache, Some(&learners), &files);
        match rendered.map(|()| files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)) {
            Ok(files) => {
                if self.ctx.verbose {
                    eprintln!(
                        "read and checked {} file(s) in {:.1} ms, rendered {} files in {:.1} ms",
                        learners.len(),
                        loaded.as_secs_f64() * 1000.0,
                        files.len(),
                        (started.elapsed() - loaded).as_secs_f64() * 1000.0
                    );
                }
                Ok(Some(Outcome::Partial { files, learners }))
            }
            Err(diags) => {
                // The project in hand is no longer the one last rendered.
                self.needs_full = true;
                Err(Failure::Diagnostics(diags))
            }
        }
    }
}

fn learner_rel(id: &str) -> PathBuf {
    Path::new(LEARNERS).join(format!("{id}.yaml"))
}

/// One learner file, read again and checked as `Project::load` would.
struct Reloaded {
    learner: Learner,
    sources: Sources,
    warnings: Vec<Diagnostic>,
}

/// Read, schema-check and validate one learner file against the cohort and
/// roadmap of `project`, and resolve its aliases, as `Project::load` does.
fn reload_learner(project: &Project, id: &str) -> std::result::Result<Reloaded, Vec<Diagnostic>> {
    let rel = learner_rel(id);
    let mut sources = Sources::new();
    let mut diags = Vec::new();
    let learner: Option<Learner> = load::load_file(&project.root, &rel, FileKind::Learner, &mut sources, &mut diags);
    let Some(mut learner) = learner else {
        crate::diag::sort(&mut diags);
        return Err(diags);
    };
    learner.id = id.to_string();
    // Validate against the cohort and the roadmap (a translation keeps the
    // ids, aliases and requires of roadmap.yaml); keep only what concerns this file.
    let loaded = Loaded {
        cohort: Some(project.cohort.clone()),
        roadmap: Some(project.roadmap.clone()),
        learners: vec![learner],
        sources: sources.clone(),
        ..Loaded::default()
    };
    diags.extend(crate::validate::validate(&loaded).into_iter().filter(|d| d.file == rel));
    crate::diag::sort(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let Some(mut learner) = loaded.learners.into_iter().next() else { return Err(diags) };
    let aliases = crate::model::alias_map(&project.roadmap);
    learner.progress = std::mem::take(&mut learner.progress)
        .into_iter()
        .map(|(k, v)| (aliases.get(&k).cloned().unwrap_or(k), v))
        .collect();
    Ok(Reloaded { learner, sources, warnings: diags })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context {
        Context {
            root: None,
            today: Some(Date::constant(2026, 10, 1)),
            color_stdout: false,
            color_stderr: false,
            quiet: true,
            verbose: false,
        }
    }

    fn project(name: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid").join(name);
        copy(&from, dir.path());
        dir
    }

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().flatten() {
            if e.path().is_dir() {
                copy(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }

    fn ok<T>(r: Result<T>) -> T {
        match r {
            Ok(v) => v,
            Err(Failure::Diagnostics(d)) => panic!("{}", crate::diag::render(&d, crate::diag::Format::Human, false)),
            Err(Failure::Other(e)) => panic!("{e:#}"),
            Err(Failure::Reported) => panic!("failed"),
        }
    }

    fn learner(id: &str) -> Changes {
        [ChangeKind::Learner(id.into())].into_iter().collect()
    }

    fn full_build(root: &Path, view: View) -> Files {
        ok(Builder::new(&ctx(), root, view).full())
    }

    /// Edit a learner file, rebuild incrementally, and compare with a full build.
    fn assert_incremental_is_full(view: View, id: &str, edit: impl Fn(&str) -> String) {
        let dir = project("basic");
        let mut b = Builder::new(&ctx(), dir.path(), view);
        let mut site = ok(b.full());
        let path = dir.path().join(learner_rel(id));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(&text)).unwrap();
        let outcome = ok(b.rebuild(&learner(id)));
        assert!(matches!(outcome, Outcome::Partial { .. }), "a learner edit is incremental");
        outcome.apply_to(&mut site);
        let full = full_build(dir.path(), view);
        assert_eq!(site.keys().collect::<Vec<_>>(), full.keys().collect::<Vec<_>>());
        for (path, bytes) in &full {
            assert!(site.get(path) == Some(bytes), "{path} differs from a full build");
        }
        assert_eq!(b.warnings(), Builder::new(&ctx(), dir.path(), view).project_warnings().as_slice());
    }

    impl Builder {
        fn project_warnings(&mut self) -> Vec<Diagnostic> {
            let _ = self.full();
            self.warnings().to_vec()
        }
    }

    #[test]
    fn an_incremental_rebuild_is_byte_identical_to_a_full_build() {
        // New progress, recorded under an alias, with a new note and a review.
        assert_incremental_is_full(View::Full, "jung", |t| {
            format!("{t}\n# edited\n").replace("name: ", "name: 새이름 ")
        });
        assert_incremental_is_full(View::Full, "kim", |t| {
            t.replace("status: skipped", "status: done, finished: 2026-09-20")
        });
        assert_incremental_is_full(View::Public, "kim", |t| t.replace("깔끔합니다", "\"**좋아요**\""));
    }

    #[test]
    fn every_kind_of_learner_edit_rebuilds_to_the_full_build() {
        // Each edit touches what a different shared page shows.
        assert_incremental_is_full(View::Full, "kim", |t| t.replace("mentor: lee", "mentor: park"));
        assert_incremental_is_full(View::Full, "kim", |t| {
            t.replace("ci-cd/pipeline: {status: done, finished: 2026-09-24,", "ci-cd/pipeline: {status: doing,")
        });
        assert_incremental_is_full(View::Full, "kim", |t| t.replace("finished: 2026-09-15", "finished: 2026-09-14"));
        assert_incremental_is_full(View::Full, "kim", |t| t.replace("verdict: changes", "verdict: approved"));
        assert_incremental_is_full(View::Full, "kim", |t| t.replace("note: 설치 완료", "note: 설치 **완료**"));
        assert_incremental_is_full(View::Public, "kim", |t| t.replace("name: 김데브", "name: 김데브2"));
    }

    #[test]
    fn a_note_edit_renders_only_the_pages_that_show_notes() {
        let dir = project("basic");
        let mut b = Builder::new(&ctx(), dir.path(), View::Full);
        let _ = ok(b.full());
        let path = dir.path().join(learner_rel("kim"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("note: 이미 회사에서 사용 중", "note: 이미 회사에서 **사용** 중")).unwrap();
        let Outcome::Partial { files, .. } = ok(b.rebuild(&learner("kim"))) else {
            panic!("a learner edit is incremental")
        };
        let paths: Vec<&str> = files.keys().map(String::as_str).collect();
        // The learner's page and badge, and the feed (it quotes notes); not the
        // dashboard, weeks, roadmap, reviews, JSON or CSV, which show no notes.
        assert_eq!(paths, ["badges/kim.svg", "feed.xml", "learners/kim/index.html"]);
    }

    #[test]
    fn a_learner_who_turns_private_leaves_the_public_site_incrementally() {
        assert_incremental_is_full(View::Public, "kim", |t| format!("{t}private: true\n"));
        assert_incremental_is_full(View::Public, "secret", |t| t.replace("private: true", "private: false"));
    }

    #[test]
    fn a_broken_learner_file_keeps_the_other_edits_made_meanwhile() {
        let dir = project("basic");
        let mut b = Builder::new(&ctx(), dir.path(), View::Full);
        let mut site = ok(b.full());
        let kim = dir.path().join(learner_rel("kim"));
        let jung = dir.path().join(learner_rel("jung"));
        let good = std::fs::read_to_string(&kim).unwrap();
        std::fs::write(&kim, "name: [unclosed\n").unwrap();
        let Err(Failure::Diagnostics(d)) = b.rebuild(&learner("kim")) else { panic!("a broken file fails") };
        assert!(d.iter().all(|d| d.file == learner_rel("kim")), "{d:?}");
        let jung_text = std::fs::read_to_string(&jung).unwrap().replace("name: ", "name: 바뀐 ");
        std::fs::write(&jung, jung_text).unwrap();
        assert!(b.rebuild(&learner("jung")).is_err(), "kim is still broken");
        std::fs::write(&kim, good).unwrap();
        ok(b.rebuild(&learner("kim"))).apply_to(&mut site);
        assert_eq!(site, full_build(dir.path(), View::Full));
        assert!(String::from_utf8_lossy(&site["learners/jung/index.html"]).contains("바뀐"));
    }

    #[test]
    fn only_learner_edits_are_incremental() {
        let dir = project("basic");
        let mut b = Builder::new(&ctx(), dir.path(), View::Full);
        let _ = b.full();
        let both: Changes = [ChangeKind::Learner("kim".into()), ChangeKind::Roadmap].into_iter().collect();
        assert!(matches!(b.rebuild(&both), Ok(Outcome::Full(_))));
        // A new learner file changes the set of learners.
        std::fs::write(dir.path().join(learner_rel("new")), "name: 새사람\nmentor: lee\n").unwrap();
        assert!(matches!(b.rebuild(&learner("new")), Ok(Outcome::Full(_))));
        std::fs::remove_file(dir.path().join(learner_rel("new"))).unwrap();
        assert!(matches!(b.rebuild(&learner("new")), Ok(Outcome::Full(_))));
        assert!(matches!(b.rebuild(&learner("kim")), Ok(Outcome::Partial { .. })));
    }
}
