//! Turning a batch of changes into a new site: a full load → validate →
//! render, or — when only learner files changed — re-reading just those
//! files and re-rendering just the pages they can affect. Either way the
//! result is byte for byte what a full build of the same files gives.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::packed::{OnePieces, Packed, Pieces};
use super::watch::{ChangeKind, Changes};
use super::{Site, SiteOptions};
use crate::diag::Diagnostic;
use crate::error::Result;
use crate::output::manifest::{hash, Hash};
use crate::output::Delta;
use crate::render::urls::{self, is_learner_file};
use crate::render::{Files, Leave};

/// The last site that built (`None` until one has), shared by the builder,
/// which replaces it, and [`OnRequest`], which renders from it.
type Last = Arc<RwLock<Option<Site>>>;

/// What a successful rebuild produced.
pub enum Rebuilt {
    /// The whole site.
    Full(Files),
    /// Only the pages the changed learners can affect. The pages, badges and calendars of
    /// `learners` are replaced by those in `files`, or removed when absent
    /// (a learner who became private in the public view). `removed` are
    /// listing pages the cohort no longer fills (a dashboard page, a mentor's
    /// queue nobody is left in).
    Partial { files: Files, learners: BTreeSet<String>, removed: Vec<String> },
}

impl Rebuilt {
    /// Apply to a previous site, and say which of its files changed.
    pub fn apply_to(self, site: &mut Files) -> Delta {
        let mut delta = Delta::default();
        let mut gone = BTreeSet::new();
        let new = match self {
            Rebuilt::Full(files) => {
                gone.extend(site.keys().filter(|p| !files.contains_key(*p)).cloned());
                files
            }
            Rebuilt::Partial { files, learners, removed } => {
                for id in &learners {
                    for path in own_files(id) {
                        if !files.contains_key(&path) && site.contains_key(&path) {
                            gone.insert(path);
                        }
                    }
                }
                gone.extend(removed.into_iter().filter(|p| site.contains_key(p)));
                files
            }
        };
        for path in &gone {
            site.remove(path);
        }
        delta.removed = gone.into_iter().collect();
        for (path, bytes) in new {
            if site.get(&path) != Some(&bytes) {
                delta.written.push(path.clone());
                site.insert(path, bytes);
            }
        }
        delta
    }

    /// Whether it changes nothing that was published.
    pub fn is_empty(&self) -> bool {
        matches!(self, Rebuilt::Partial { files, learners, removed } if files.is_empty() && learners.is_empty() && removed.is_empty())
    }

    /// A short description for the rebuild line: "full" or "learner kim".
    pub fn describe(&self) -> String {
        match self {
            Rebuilt::Full(_) => "full".into(),
            Rebuilt::Partial { learners, .. } => {
                let ids: Vec<&str> = learners.iter().map(String::as_str).collect();
                format!("learner {}", ids.join(", "))
            }
        }
    }
}

pub use crate::render::urls::{badge_url as badge, learner_url as learner_page};

/// A learner's own files: their page, badge and calendar.
fn own_files(id: &str) -> [String; 3] {
    [learner_page(id), badge(id), crate::render::urls::calendar_url(Some(id))]
}

/// Where the full builds of a [`Builder::serving`] publish the pages that
/// list learners one by one, as each is rendered (`serve`'s server): the
/// dashboard is served as soon as it is done, before the hundreds of
/// pages that follow it. What is published whole ([`Rebuilt`]) ends it.
pub trait Stage: Send + Sync {
    /// The new site's learners' own files are served from now on, and of
    /// the pages that list learners only those of the new site, each once
    /// it comes to [`Stage::page`] (a request for one waits for it): none
    /// of the last site's, which may no longer be true. `prefix` is the
    /// new site's, as [`Builder::base_path`] says it. When the build fails,
    /// the last good site is served again (and published with the errors).
    fn begin(&self, prefix: Option<String>);

    /// One page of the new site, gzip-compressed as [`super::packed`] keeps it.
    fn page(&self, path: &str, packed: &[u8]);
}

/// Keeps the last good site between rebuilds and decides how much each
/// batch of changes needs.
pub struct Builder {
    options: SiteOptions,
    last: Last,
    /// A hash of every file of the last good build but the learners' own
    /// files (page, badge, calendar), as last published: an incremental
    /// rebuild renders all of these again and publishes only those whose
    /// bytes changed.
    shared: HashMap<String, Hash>,
    /// Whether a build leaves out the learners' own files and the
    /// exports, which [`OnRequest`] renders when they are asked for (`serve`).
    on_request: bool,
    /// Set while a full build loads the new site, the last good one having
    /// let go of its learners (see [`Builder::full`]).
    loading: Loading,
    /// The pages that list learners are due after an incremental rebuild
    /// of a [`Builder::serving`] (see [`Builder::listings`]).
    listings_due: bool,
    /// The warnings of the last good build.
    warnings: Vec<Diagnostic>,
    /// Learners changed since the last good build (kept while a file is broken,
    /// so that fixing it also brings in the other edits made meanwhile).
    dirty: BTreeSet<String>,
    /// Something other than a learner changed since the last good build.
    needs_full: bool,
    /// How long the stages of the last incremental rebuild took.
    timing: Option<String>,
    /// Where a full build publishes its pages as each is done (see [`Builder::stage_to`]).
    stage: Option<Arc<dyn Stage>>,
}

/// The files of the last good build of a [`Builder::serving`] that are
/// rendered when they are asked for, byte for byte as a build renders them:
/// the learners' own files (page, badge, calendar) and the exports. What
/// `serve` does not keep in memory.
#[derive(Clone)]
pub struct OnRequest(Last, Loading);

/// Clears [`Loading`] when dropped.
struct Loaded(Loading);

impl Drop for Loaded {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

/// Whether a full build is loading a new site: the last good one let go of
/// its learners meanwhile, so an export asked for waits for the new one.
#[derive(Clone, Default)]
struct Loading(Arc<(Mutex<bool>, Condvar)>);

impl Loading {
    fn set(&self, loading: bool) {
        let (flag, changed) = &*self.0;
        *flag.lock().unwrap_or_else(PoisonError::into_inner) = loading;
        changed.notify_all();
    }

    fn get(&self) -> bool {
        *self.0 .0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Return once no full build is loading.
    fn wait(&self) {
        let (flag, changed) = &*self.0;
        let mut loading = flag.lock().unwrap_or_else(PoisonError::into_inner);
        while *loading {
            loading = changed.wait(loading).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

impl OnRequest {
    /// Whether `path` is the page, badge or calendar of a learner the site
    /// lists, or an export (which, while a full build loads the new site,
    /// [`OnRequest::export`] waits for).
    pub fn has(&self, path: &str) -> bool {
        // The flag is read with the site in hand: a full build sets it as
        // it lets go of the learners, with the site locked.
        let site = read(&self.0);
        site.as_ref().is_some_and(|site| site.has_learner_file(path) || site.has_export(path))
            || (crate::render::is_export(path) && self.1.get())
    }

    /// The export `path`, gzip-compressed in pieces, the new site's when a
    /// full build is loading it (this waits for it); `None` when it is no
    /// export, or the last full build failed (the last good site let go of
    /// the learners the exports are made from). Like [`OnRequest::render`],
    /// it is the last good build's.
    pub fn export(&self, path: &str) -> Option<Pieces> {
        loop {
            {
                let site = read(&self.0);
                let packed = OnePieces::default();
                if site.as_ref()?.render_export(path, &packed) {
                    return packed.into_pieces();
                }
                if !self.1.get() {
                    return None;
                }
            }
            self.1.wait();
        }
    }

    /// The bytes of `path`, or `None` when it is no listed learner's file.
    /// Waits while a rebuild changes the site, so what comes back is
    /// the last good build's.
    pub fn render(&self, path: &str) -> Option<Result<Vec<u8>>> {
        read(&self.0).as_ref()?.render_learner_file(path)
    }
}

/// The path part of `site`'s `base_url`.
fn base_path(site: &Site) -> Option<String> {
    Some(urls::abs_path(site.project.cohort.base_url.as_deref()?))
}

fn read(last: &Last) -> RwLockReadGuard<'_, Option<Site>> {
    last.read().unwrap_or_else(PoisonError::into_inner)
}

fn write(last: &Last) -> RwLockWriteGuard<'_, Option<Site>> {
    last.write().unwrap_or_else(PoisonError::into_inner)
}

impl Builder {
    /// A builder whose builds hold every file (`build --watch`).
    pub fn new(options: &SiteOptions) -> Builder {
        Builder {
            options: options.clone(),
            last: Arc::default(),
            shared: HashMap::new(),
            on_request: false,
            loading: Loading::default(),
            listings_due: false,
            warnings: Vec::new(),
            dirty: BTreeSet::new(),
            needs_full: true,
            timing: None,
            stage: None,
        }
    }

    /// Publish the pages of each full build to `stage` as they are rendered
    /// (for a [`Builder::serving`]).
    pub fn stage_to(&mut self, stage: Arc<dyn Stage>) {
        self.stage = Some(stage);
    }

    /// A builder whose builds leave out the learners' own files and the
    /// exports, rendered on request by [`Builder::on_request`] instead
    /// (`serve`): at any cohort size a build holds only the O(weeks) pages
    /// that list learners, each gzip-compressed (see [`super::packed`]).
    pub fn serving(options: &SiteOptions) -> Builder {
        // The learners' texts that only their own pages and the feed show
        // are read from their files when those are rendered: the learners'
        // parts and the pages that list learners need none.
        let options = SiteOptions { thin: true, ..options.clone() };
        Builder { on_request: true, ..Builder::new(&options) }
    }

    /// What a [`Builder::serving`] renders on request, from its last good build.
    pub fn on_request(&self) -> OnRequest {
        OnRequest(Arc::clone(&self.last), self.loading.clone())
    }

    /// How long the stages of the last incremental rebuild took, once
    /// (`-v` prints it).
    pub fn take_timing(&mut self) -> Option<String> {
        self.timing.take()
    }

    /// What the site is built with.
    pub fn options(&self) -> &SiteOptions {
        &self.options
    }

    /// The warnings of the last good build.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// How many sealed learners the last good build left out for want of a key.
    pub fn unread(&self) -> usize {
        read(&self.last).as_ref().map_or(0, |site| site.project.unread.len())
    }

    /// The path part of `base_url` (e.g. `/devops-study/`), where 404.html
    /// expects the site to be.
    pub fn base_path(&self) -> Option<String> {
        base_path(read(&self.last).as_ref()?)
    }

    /// Load, validate and render everything (but the learners' own files,
    /// for a [`Builder::serving`]). The site being served stays as it was
    /// until the new one is whole.
    pub fn full(&mut self) -> Result<Files> {
        self.needs_full = true;
        self.listings_due = false;
        if self.on_request {
            // From here on the last good site only renders the learners'
            // own files (until the new one replaces it, or for good if it
            // fails: the next rebuild is a full one too), so it lets go of
            // the learners' parts (each file asked for works its learner's
            // out again) before the new one is loaded beside it.
            if let Some(last) = write(&self.last).as_mut() {
                last.slim();
                self.loading.set(true);
            }
        }
        // Cleared however the build ends, a panic included: an export
        // asked for meanwhile would otherwise wait for good.
        let _loaded = Loaded(self.loading.clone());
        let mut site = Site::load(&self.options)?;
        let warnings = site.project.warnings.clone();
        let files = if self.on_request {
            site.update_parts(None);
            self.render_staged(site)?
        } else {
            let files = site.render_files(None, Leave::Nothing)?;
            *write(&self.last) = Some(site);
            files
        };
        self.shared = files.iter().filter(|(p, _)| !is_learner_file(p)).map(|(p, b)| (p.clone(), hash(b))).collect();
        self.warnings = warnings;
        self.needs_full = false;
        self.dirty.clear();
        Ok(files)
    }

    /// Make `site` (its parts worked out) the one whose learners' own files
    /// are served, and render the pages that list learners, each handed to
    /// the [`Stage`] as it is done; on an error the last good site is back.
    fn render_staged(&self, site: Site) -> Result<Files> {
        if let Some(stage) = &self.stage {
            stage.begin(base_path(&site));
        }
        let old = write(&self.last).replace(site);
        self.loading.set(false);
        let each = |path: &str, packed: &[u8]| {
            if let Some(stage) = &self.stage {
                stage.page(path, packed);
            }
        };
        let packed = Packed::each(&each);
        let rendered = match read(&self.last).as_ref() {
            Some(site) => site.render_pages(None, Leave::OnRequest, &packed),
            None => Ok(()),
        };
        if let Err(failure) = rendered {
            *write(&self.last) = old;
            return Err(failure);
        }
        drop(old);
        Ok(packed.into_files())
    }

    /// Rebuild after `changes`: incrementally when only learner files of
    /// known learners changed, else in full. The incremental rebuild of a
    /// [`Builder::serving`] makes the changed learners' own files current
    /// and leaves the pages that list learners to [`Builder::listings`].
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Rebuilt> {
        for c in changes {
            match c {
                ChangeKind::Learner(id) => {
                    self.dirty.insert(id.clone());
                }
                _ => self.needs_full = true,
            }
        }
        match self.incremental()? {
            Some(rebuilt) => Ok(rebuilt),
            None => self.full().map(Rebuilt::Full),
        }
    }

    /// `Ok(None)` when the changes cannot be applied incrementally.
    fn incremental(&mut self) -> Result<Option<Rebuilt>> {
        if self.needs_full || self.dirty.is_empty() {
            return Ok(None);
        }
        let last = Arc::clone(&self.last);
        let mut last = write(&last);
        let Some(site) = last.as_mut() else { return Ok(None) };
        if site.project.cohort.today(self.options.today) != site.render.today {
            return Ok(None);
        }
        // A learner added or removed changes the set of learners: full build.
        for id in &self.dirty {
            let known = site.project.learners.binary_search_by(|l| l.id.as_str().cmp(id)).is_ok();
            if !known || !self.options.root.join(site.project.learner_file(id)).is_file() {
                return Ok(None);
            }
        }
        let started = std::time::Instant::now();
        site.reload_learners(&self.dirty)?;
        let learners = std::mem::take(&mut self.dirty);
        let loaded = started.elapsed();
        // The learners' own files are current as soon as their parts are:
        // `serve` renders them on request, `build --watch` here, to write
        // them before the pages that list everyone (`listings`).
        site.update_parts(Some(&learners));
        let mut files = Files::new();
        for path in learners.iter().filter(|_| !self.on_request).flat_map(|id| own_files(id)) {
            match site.render_learner_file(&path) {
                Some(Ok(bytes)) => {
                    files.insert(path, bytes);
                }
                Some(Err(failure)) => {
                    // The project in hand is no longer the one last rendered.
                    self.needs_full = true;
                    return Err(failure);
                }
                // Not a file of theirs in this view (a private learner).
                None => {}
            }
        }
        self.warnings = site.project.warnings.clone();
        self.listings_due = true;
        let rendered = if self.on_request { String::new() } else { format!(" and rendered {} files", files.len()) };
        self.timing = Some(format!(
            "read and checked {} file(s) in {:.1} ms, worked out their parts{rendered} in {:.1} ms",
            learners.len(),
            loaded.as_secs_f64() * 1000.0,
            (started.elapsed() - loaded).as_secs_f64() * 1000.0
        ));
        Ok(Some(Rebuilt::Partial { files, learners, removed: Vec::new() }))
    }

    /// After an incremental rebuild, which made the changed learners' own
    /// files current: the pages that list learners, rendered again from
    /// every learner's part (those whose bytes changed, and those the
    /// cohort no longer fills as removed); `None` when none are due.
    /// Learner pages are served, or written, meanwhile. A
    /// [`Builder::serving`] keeps them gzip-compressed, as its full builds do.
    pub fn listings(&mut self) -> Result<Option<Rebuilt>> {
        if !std::mem::take(&mut self.listings_due) {
            return Ok(None);
        }
        let started = std::time::Instant::now();
        let last = Arc::clone(&self.last);
        let last = read(&last);
        let Some(site) = last.as_ref() else { return Ok(None) };
        let none = BTreeSet::new();
        let rendered = if self.on_request {
            let files = Packed::default();
            site.render_pages(Some(&none), Leave::OnRequest, &files).map(|()| files.into_files())
        } else {
            let files = std::sync::Mutex::new(Files::new());
            site.render_pages(Some(&none), Leave::OwnFiles, &files)
                .map(|()| files.into_inner().unwrap_or_else(PoisonError::into_inner))
        };
        let mut files = match rendered {
            Ok(files) => files,
            Err(failure) => {
                self.needs_full = true;
                return Err(failure);
            }
        };
        let removed = self.changed_only(&mut files);
        let rendered = format!(
            ", rendered the pages that list learners in {:.1} ms ({} changed)",
            started.elapsed().as_secs_f64() * 1000.0,
            files.len()
        );
        self.timing = Some(self.timing.take().unwrap_or_default() + &rendered);
        Ok(Some(Rebuilt::Partial { files, learners: BTreeSet::new(), removed }))
    }

    /// Keep in `files` (an incremental render) the learners' own files and
    /// the shared files whose bytes changed, and note their hashes; the
    /// listing pages the cohort no longer fills, which are returned.
    fn changed_only(&mut self, files: &mut Files) -> Vec<String> {
        let removed: Vec<String> = self
            .shared
            .keys()
            .filter(|path| urls::is_listing_page(path) && !files.contains_key(*path))
            .cloned()
            .collect();
        for path in &removed {
            self.shared.remove(path);
        }
        // Publish only what changed: a shared page with the bytes it had is dropped.
        files.retain(|path, bytes| {
            if is_learner_file(path) {
                return true;
            }
            let h = hash(bytes);
            if self.shared.get(path) == Some(&h) {
                return false;
            }
            self.shared.insert(path.clone(), h);
            true
        });
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Failure;
    use crate::model::{learner_rel, Learner};
    use crate::render::View;
    use jiff::civil::Date;
    use std::path::{Path, PathBuf};

    fn options(root: &Path, view: View) -> SiteOptions {
        SiteOptions { view, today: Some(Date::constant(2026, 10, 1)), ..SiteOptions::new(root) }
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
            Err(Failure::Argument(bad)) => panic!("{}", bad.message),
            Err(Failure::Reported) => panic!("failed"),
        }
    }

    fn learner(id: &str) -> Changes {
        [ChangeKind::Learner(id.into())].into_iter().collect()
    }

    fn full_build(root: &Path, view: View) -> Files {
        ok(Builder::new(&options(root, view)).full())
    }

    /// A rebuild as `build --watch` writes it, into `site`: what `rebuild`
    /// gives (for a learner's save, their own files), then the pages that
    /// list learners, when due. The paths each step published.
    fn rebuild_into(b: &mut Builder, changes: &Changes, site: &mut Files) -> Result<(Vec<String>, Vec<String>)> {
        let paths = |r: &Rebuilt| match r {
            Rebuilt::Full(files) | Rebuilt::Partial { files, .. } => files.keys().cloned().collect::<Vec<_>>(),
        };
        let rebuilt = b.rebuild(changes)?;
        let own = paths(&rebuilt);
        rebuilt.apply_to(site);
        let mut listed = Vec::new();
        if let Some(listings) = b.listings()? {
            listed = paths(&listings);
            listings.apply_to(site);
        }
        Ok((own, listed))
    }

    /// Edit a learner file, rebuild incrementally, and compare with a full build.
    fn assert_incremental_is_full(view: View, id: &str, edit: impl Fn(&str) -> String) {
        let dir = project("basic");
        let mut b = Builder::new(&options(dir.path(), view));
        let mut site = ok(b.full());
        let path = dir.path().join(learner_rel(id));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(&text)).unwrap();
        let rebuilt = ok(b.rebuild(&learner(id)));
        assert!(matches!(rebuilt, Rebuilt::Partial { .. }), "a learner edit is incremental");
        rebuilt.apply_to(&mut site);
        let listings = ok(b.listings()).expect("the pages that list learners follow a learner's own files");
        listings.apply_to(&mut site);
        let full = full_build(dir.path(), view);
        assert_eq!(site.keys().collect::<Vec<_>>(), full.keys().collect::<Vec<_>>());
        for (path, bytes) in &full {
            assert!(site.get(path) == Some(bytes), "{path} differs from a full build");
        }
        assert_eq!(b.warnings(), Builder::new(&options(dir.path(), view)).project_warnings().as_slice());
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

    /// With `repo`, the mentors' queues link each entry's line in the
    /// learner's file: after a save that moves the lines (the file's text
    /// is not kept), `serve` links the new ones, as a build does.
    #[test]
    fn edit_links_follow_the_lines_of_a_saved_learner_file() {
        let dir = project("basic");
        let cohort = dir.path().join("roadmap/cohort.yaml");
        let text = std::fs::read_to_string(&cohort).unwrap();
        std::fs::write(&cohort, format!("{text}repo: octo/devops\n")).unwrap();
        let mut served = Builder::serving(&options(dir.path(), View::Full));
        let mut site = ok(served.full());
        // Every line linked in a learner's file, in the pages kept.
        let lines = |site: &Files, id: &str| -> BTreeSet<usize> {
            let marker = format!("roadmap/learners/{id}.yaml#L");
            site.values()
                .flat_map(|packed| {
                    let text = String::from_utf8(super::super::packed::unpack(packed).unwrap()).unwrap();
                    text.match_indices(&marker)
                        .map(|(i, _)| {
                            let digits = &text[i + marker.len()..];
                            let end = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
                            digits[..end].parse::<usize>().unwrap()
                        })
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let id = IDS.iter().copied().find(|id| !lines(&site, id).is_empty()).expect("a learner's entry is linked");
        let before = lines(&site, id);
        let path = dir.path().join(learner_rel(id));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("# one\n# two\n# three\n{text}")).unwrap();
        ok(serving_rebuild(&mut served, &learner(id), &mut site));
        let moved: BTreeSet<usize> = before.iter().map(|l| l + 3).collect();
        assert_eq!(lines(&site, id), moved);
        assert_serves(&served, &site, &full_build(dir.path(), View::Full), "after the save");
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
    fn a_note_edit_publishes_only_the_pages_whose_bytes_changed() {
        let dir = project("basic");
        let mut b = Builder::new(&options(dir.path(), View::Full));
        let _ = ok(b.full());
        let path = dir.path().join(learner_rel("kim"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("note: 이미 회사에서 사용 중", "note: 이미 회사에서 **사용** 중")).unwrap();
        let Rebuilt::Partial { files, .. } = ok(b.rebuild(&learner("kim"))) else {
            panic!("a learner edit is incremental")
        };
        let paths: Vec<&str> = files.keys().map(String::as_str).collect();
        // The learner's page, badge and calendar first; the shared pages
        // were rendered again next but came out the same (the note of a
        // skipped task has no date, so it is not in the feed), so they are
        // not published again.
        assert_eq!(paths, ["badges/kim.svg", "learners/kim/calendar.ics", "learners/kim/index.html"]);
        let Some(Rebuilt::Partial { files, learners, removed }) = ok(b.listings()) else {
            panic!("the pages that list learners are rendered after a learner's save")
        };
        assert!(files.is_empty() && learners.is_empty() && removed.is_empty(), "{:?}", files.keys());
    }

    #[test]
    fn a_learner_start_edit_without_a_cohort_start_moves_the_week_due_dates() {
        let dir = project("basic");
        let cohort = dir.path().join("roadmap/cohort.yaml");
        let text = std::fs::read_to_string(&cohort).unwrap().replace("start: 2026-09-07\n", "");
        std::fs::write(&cohort, text).unwrap();
        for id in ["kim", "jung", "choi", "secret"] {
            let path = dir.path().join(learner_rel(id));
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, format!("{text}start: 2026-09-07\n")).unwrap();
        }
        let mut b = Builder::new(&options(dir.path(), View::Full));
        let mut site = ok(b.full());
        let path = dir.path().join(learner_rel("jung"));
        let text = std::fs::read_to_string(&path).unwrap().replace("start: 2026-09-07", "start: 2026-09-01");
        std::fs::write(&path, text).unwrap();
        let (own, listed) = ok(rebuild_into(&mut b, &learner("jung"), &mut site));
        assert!(own.iter().all(|p| is_learner_file(p)), "{own:?}");
        assert!(listed.iter().any(|p| p.starts_with("weeks/")), "{listed:?}");
        assert_eq!(site, full_build(dir.path(), View::Full));
    }

    #[test]
    fn a_learner_who_turns_private_leaves_the_public_site_incrementally() {
        assert_incremental_is_full(View::Public, "kim", |t| format!("{t}private: true\n"));
        assert_incremental_is_full(View::Public, "secret", |t| t.replace("private: true", "private: false"));
    }

    #[test]
    fn a_broken_learner_file_keeps_the_other_edits_made_meanwhile() {
        let dir = project("basic");
        let mut b = Builder::new(&options(dir.path(), View::Full));
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
        ok(rebuild_into(&mut b, &learner("kim"), &mut site));
        assert_eq!(site, full_build(dir.path(), View::Full));
        assert!(String::from_utf8_lossy(&site["learners/jung/index.html"]).contains("바뀐"));
    }

    #[test]
    fn only_learner_edits_are_incremental() {
        let dir = project("basic");
        let mut b = Builder::new(&options(dir.path(), View::Full));
        let _ = b.full();
        let both: Changes = [ChangeKind::Learner("kim".into()), ChangeKind::Roadmap].into_iter().collect();
        assert!(matches!(b.rebuild(&both), Ok(Rebuilt::Full(_))));
        // A new learner file changes the set of learners.
        std::fs::write(dir.path().join(learner_rel("new")), "name: 새사람\nmentor: lee\n").unwrap();
        assert!(matches!(b.rebuild(&learner("new")), Ok(Rebuilt::Full(_))));
        std::fs::remove_file(dir.path().join(learner_rel("new"))).unwrap();
        assert!(matches!(b.rebuild(&learner("new")), Ok(Rebuilt::Full(_))));
        assert!(matches!(b.rebuild(&learner("kim")), Ok(Rebuilt::Partial { .. })));
    }

    fn unpacked(pieces: Pieces) -> Vec<u8> {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut pieces.unpacked(), &mut bytes).unwrap();
        bytes
    }

    /// A [`Builder::serving`]'s rebuild as `serve` makes it: the learners'
    /// own files first, then the pages that list them.
    fn serving_rebuild(b: &mut Builder, changes: &Changes, site: &mut Files) -> Result<()> {
        b.rebuild(changes)?.apply_to(site);
        if let Some(listings) = b.listings()? {
            listings.apply_to(site);
        }
        Ok(())
    }

    /// What a [`Builder::serving`] serves (`site`, and the learners' own
    /// files and the exports rendered on request) is `full`, file for file
    /// and byte for byte.
    fn assert_serves(served: &Builder, site: &Files, full: &Files, when: &str) {
        let learners = served.on_request();
        let on_request = |p: &str| is_learner_file(p) || crate::render::is_export(p);
        for (path, bytes) in full {
            if is_learner_file(path) {
                assert!(!site.contains_key(path), "{when}: {path} is rendered on request, not kept");
                assert!(learners.has(path), "{when}: {path}");
                assert!(matches!(learners.render(path), Some(Ok(b)) if b == *bytes), "{when}: {path} differs");
            } else if crate::render::is_export(path) {
                assert!(!site.contains_key(path), "{when}: {path} is rendered on request, not kept");
                assert!(learners.has(path), "{when}: {path}");
                let pieces = learners.export(path).expect("an export renders");
                assert!(unpacked(pieces) == *bytes, "{when}: {path} differs");
            } else {
                let kept = site.get(path).map(|packed| super::super::packed::unpack(packed).unwrap());
                assert!(kept.as_ref() == Some(bytes), "{when}: {path} differs from a full build");
            }
        }
        assert_eq!(site.len(), full.keys().filter(|p| !on_request(p)).count(), "{when}: no other file");
        for id in IDS {
            for path in own_files(id) {
                if !full.contains_key(&path) {
                    assert!(
                        !learners.has(&path) && learners.render(&path).is_none(),
                        "{when}: {path} is not on the site"
                    );
                }
            }
        }
    }

    /// What a [`Stage`] was told, in order.
    #[derive(Default)]
    struct Told(std::sync::Mutex<Vec<String>>);

    impl Stage for Told {
        fn begin(&self, prefix: Option<String>) {
            self.0.lock().unwrap().push(format!("begin {prefix:?}"));
        }

        fn page(&self, path: &str, packed: &[u8]) {
            assert!(super::super::packed::unpack(packed).is_ok(), "{path} is handed on packed");
            self.0.lock().unwrap().push(path.to_string());
        }
    }

    /// `serve` publishes each page of a full build as it is rendered: every
    /// page it keeps, once, after the build began; none for an incremental one.
    #[test]
    fn a_serving_full_build_hands_on_each_page_as_it_is_rendered() {
        let dir = project("basic");
        let mut served = Builder::serving(&options(dir.path(), View::Full));
        let told = Arc::new(Told::default());
        served.stage_to(told.clone());
        let site = ok(served.full());
        let mut seen = std::mem::take(&mut *told.0.lock().unwrap());
        assert_eq!(seen.remove(0), format!("begin {:?}", served.base_path()));
        seen.sort();
        assert_eq!(seen, site.keys().cloned().collect::<Vec<_>>());
        let path = dir.path().join(learner_rel("kim"));
        let text = std::fs::read_to_string(&path).unwrap().replacen("name: ", "name: 새 ", 1);
        std::fs::write(&path, text).unwrap();
        let mut site = site;
        ok(serving_rebuild(&mut served, &learner("kim"), &mut site));
        assert!(told.0.lock().unwrap().is_empty(), "an incremental rebuild publishes its pages whole");
        let roadmap = dir.path().join("roadmap/roadmap.yaml");
        let text = std::fs::read_to_string(&roadmap).unwrap();
        std::fs::write(&roadmap, format!("{text}\n# edited\n")).unwrap();
        let changes: Changes = [ChangeKind::Roadmap].into_iter().collect();
        ok(serving_rebuild(&mut served, &changes, &mut site));
        let begun = told.0.lock().unwrap().first().cloned();
        assert_eq!(begun, Some(format!("begin {:?}", served.base_path())), "a full rebuild stages too");
    }

    /// The exports are rendered when asked for, from the last good build;
    /// one asked for while a full rebuild loads the new site (the last
    /// good one having let go of its learners) waits for the new one.
    #[test]
    fn an_export_asked_for_during_a_full_rebuild_is_the_new_sites() {
        let dir = project("basic");
        let mut served = Builder::serving(&options(dir.path(), View::Full));
        let site = ok(served.full());
        assert!(site.keys().all(|p| !crate::render::is_export(p)), "a serving build keeps no export");
        let on_request = served.on_request();
        let csv = |pieces: Option<Pieces>| String::from_utf8(unpacked(pieces.unwrap()));
        assert!(csv(on_request.export("progress.csv")).unwrap().contains(",김데브,"));
        let path = dir.path().join(learner_rel("kim"));
        let text = std::fs::read_to_string(&path).unwrap().replacen("name: 김데브", "name: 김새이름", 1);
        std::fs::write(&path, text).unwrap();
        // As a full rebuild begins: the last good site lets go of its learners.
        served.loading.set(true);
        write(&served.last).as_mut().unwrap().slim();
        assert!(on_request.has("progress.csv"), "there, once the new site is");
        let asked = std::thread::spawn(move || on_request.export("progress.csv"));
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!asked.is_finished(), "waits while the new site loads");
        ok(served.full());
        let shown = csv(asked.join().unwrap()).unwrap();
        assert!(shown.contains(",김새이름,") && !shown.contains(",김데브,"), "{shown}");
        let full = full_build(dir.path(), View::Full);
        assert_eq!(shown.as_bytes(), full["progress.csv"], "byte for byte as a build");
    }

    /// A full rebuild that fails leaves the last good site served, its
    /// learners' own files byte for byte as before, though it let go of
    /// their parts while the new one was loaded. Not its exports, which are
    /// made from every learner's part: they come back with the fix.
    #[test]
    fn a_failed_full_rebuild_serves_the_last_good_learner_files() {
        for view in [View::Full, View::Public] {
            let dir = project("basic");
            let before = full_build(dir.path(), view);
            let mut served = Builder::serving(&options(dir.path(), view));
            let mut site = ok(served.full());
            let roadmap = dir.path().join("roadmap/roadmap.yaml");
            let text = std::fs::read_to_string(&roadmap).unwrap();
            std::fs::write(&roadmap, text.replacen("requires: [", "requires: [no/such-task, ", 1)).unwrap();
            let changes: Changes = [ChangeKind::Roadmap].into_iter().collect();
            assert!(serving_rebuild(&mut served, &changes, &mut site).is_err(), "a broken roadmap fails");
            let mut without_exports = before.clone();
            without_exports.retain(|path, _| !crate::render::is_export(path));
            assert_serves(&served, &site, &without_exports, &format!("{view:?} after the failed rebuild"));
            for path in ["progress.csv", "progress.json"] {
                let on_request = served.on_request();
                assert!(!on_request.has(path) && on_request.export(path).is_none(), "{path} waits for the fix");
            }
            std::fs::write(&roadmap, text).unwrap();
            ok(serving_rebuild(&mut served, &changes, &mut site));
            assert_serves(&served, &site, &before, &format!("{view:?} after the fix"));
        }
    }

    /// `serve` holds its learners without the texts only their own pages
    /// and the feed show (most of what a cohort weighs): a blocked task's
    /// note stays, for the mentors' queues; the rest is read from the
    /// learner's file when their page or the feed is rendered, byte for
    /// byte as a build renders it (checked in the tests around this one).
    #[test]
    fn a_serving_build_keeps_no_learner_text_but_what_lists_learners_show() {
        let dir = project("basic");
        let path = dir.path().join(learner_rel("jung"));
        let text = std::fs::read_to_string(&path).unwrap();
        let comment = "https://github.com/example/repo/issues/1#issuecomment-9";
        std::fs::write(
            &path,
            format!("{text}journal:\n  - {{date: 2026-09-20, hours: 1, note: 일지, source: {comment}}}\n"),
        )
        .unwrap();
        let mut served = Builder::serving(&options(dir.path(), View::Full));
        let site = ok(served.full());
        let last = read(&served.last);
        let learners = &last.as_ref().expect("a good build").project.learners;
        let texts: Vec<(&str, &str)> = learners
            .iter()
            .flat_map(|l| {
                let notes = l.progress.values().filter_map(|p| Some((p.status.as_str(), p.note.as_deref()?)));
                let comments = l.progress.values().flat_map(|p| p.reviews.iter().filter_map(|r| r.comment.as_deref()));
                let journal = l.journal.iter().filter_map(|j| j.note.as_deref());
                notes.chain(comments.chain(journal).map(|t| ("", t))).collect::<Vec<_>>()
            })
            .collect();
        assert!(learners.iter().all(|l| l.thinned) && texts.iter().all(|(s, _)| *s == "blocked"), "{texts:?}");
        // Nor the GitHub comments that recorded entries, which no page shows.
        let sources = |l: &Learner| -> Vec<String> {
            let entries = l.progress.values().flat_map(|p| {
                p.source.iter().cloned().chain(p.reviews.iter().filter_map(|r| r.source.as_deref().map(String::from)))
            });
            l.journal.iter().filter_map(|j| j.source.as_deref().map(String::from)).chain(entries).collect()
        };
        assert_eq!(learners.iter().flat_map(sources).collect::<Vec<_>>(), Vec::<String>::new());
        let full = full_build(dir.path(), View::Full);
        for (path, text) in [("learners/jung/index.html", "일지"), ("feed.xml", "깔끔합니다")] {
            let shown = match path {
                "feed.xml" => super::super::packed::unpack(&site[path]).unwrap(),
                _ => served.on_request().render(path).unwrap().map_err(|_| "renders").unwrap(),
            };
            assert!(String::from_utf8_lossy(&shown).contains(text), "{path}");
            assert_eq!(shown, full[path], "{path}");
        }
    }

    #[test]
    fn a_serving_build_renders_each_learner_file_as_a_build_does() {
        for view in [View::Full, View::Public] {
            let dir = project("basic");
            let mut served = Builder::serving(&options(dir.path(), view));
            let mut site = ok(served.full());
            assert_serves(&served, &site, &full_build(dir.path(), view), &format!("{view:?}"));
            for id in ["kim", "secret"] {
                let path = dir.path().join(learner_rel(id));
                let text = std::fs::read_to_string(&path).unwrap().replacen("name: ", "name: 새 ", 1);
                std::fs::write(&path, text).unwrap();
                let rebuilt = ok(served.rebuild(&learner(id)));
                assert!(matches!(rebuilt, Rebuilt::Partial { .. }), "a learner edit is incremental");
                rebuilt.apply_to(&mut site);
                // The learner's own files are current before the pages that list learners.
                let page = served.on_request().render(&learner_page(id));
                if view == View::Public && id == "secret" {
                    assert!(page.is_none(), "a private learner has no page in the public view");
                } else {
                    assert!(matches!(page, Some(Ok(p)) if String::from_utf8_lossy(&p).contains("새 ")), "{id}");
                }
                ok(served.listings()).expect("the pages that list learners follow").apply_to(&mut site);
                assert!(ok(served.listings()).is_none(), "once");
                assert_serves(&served, &site, &full_build(dir.path(), view), &format!("{view:?} after {id}"));
            }
            for path in ["learners/nobody/index.html", "badges/nobody.svg", "learners/kim/other.html", "index.html"] {
                assert!(!served.on_request().has(path) && served.on_request().render(path).is_none(), "{path}");
            }
        }
    }

    #[test]
    fn the_pages_that_list_learners_are_published_again_only_when_one_changed() {
        let dir = project("basic");
        let mut served = Builder::serving(&options(dir.path(), View::Full));
        let _ = ok(served.full());
        let path = dir.path().join(learner_rel("kim"));
        let text = std::fs::read_to_string(&path).unwrap();
        // Saved again as it was: the learner's own files are published, no listing page changed.
        std::fs::write(&path, &text).unwrap();
        assert!(!ok(served.rebuild(&learner("kim"))).is_empty(), "the learner's own files are published");
        assert!(ok(served.listings()).is_some_and(|l| l.is_empty()), "no listing page changed");
        std::fs::write(&path, text.replacen("name: ", "name: 새 ", 1)).unwrap();
        ok(served.rebuild(&learner("kim")));
        let Some(Rebuilt::Partial { files, .. }) = ok(served.listings()) else { panic!("the listing pages follow") };
        assert!(files.contains_key("index.html"), "the dashboard names kim");
    }

    /// One learner file as the property test writes it.
    #[derive(Clone, Debug)]
    struct LearnerFile {
        name: String,
        mentor: Option<&'static str>,
        start: Option<u8>,
        pace: Option<f64>,
        private: bool,
        /// Status of each task of the fixture's roadmap, with a finish day.
        tasks: Vec<(&'static str, Option<(&'static str, u8)>)>,
        /// A review of every finished task: by whom, the verdict, private.
        review: Option<(&'static str, &'static str, bool)>,
        /// A journal entry on this day of September.
        journal: Option<u8>,
    }

    const TASKS: &[&str] =
        &["terraform-vpc/setup", "terraform-vpc/vpc", "docker/dockerfile", "docker/compose", "ci-cd/pipeline"];
    const IDS: &[&str] = &["kim", "jung", "choi", "secret", "new1", "new2"];

    impl LearnerFile {
        fn text(&self) -> String {
            let mut t = format!("name: {}\n", self.name);
            if let Some(m) = self.mentor {
                t += &format!("mentor: {m}\n");
            }
            if let Some(d) = self.start {
                t += &format!("start: 2026-09-{d:02}\n");
            }
            if let Some(p) = self.pace {
                t += &format!("pace: {p}\n");
            }
            if self.private {
                t += "private: true\n";
            }
            let done: Vec<_> = self.tasks.iter().filter_map(|(id, s)| Some((id, (*s)?))).collect();
            if !done.is_empty() {
                t += "progress:\n";
                for (id, (status, day)) in done {
                    let reviews = match self.review {
                        Some((by, verdict, private)) if status == "done" => format!(
                            ", reviews: [{{by: {by}, date: 2026-09-{:02}, verdict: {verdict}, private: {private}}}]",
                            day + 1
                        ),
                        _ => String::new(),
                    };
                    match status {
                        "done" | "skipped" => {
                            t += &format!("  {id}: {{status: {status}, finished: 2026-09-{day:02}{reviews}}}\n")
                        }
                        "blocked" => {
                            t += &format!("  {id}: {{status: {status}, started: 2026-09-{day:02}, note: stuck}}\n")
                        }
                        _ => t += &format!("  {id}: {{status: {status}, started: 2026-09-{day:02}}}\n"),
                    }
                }
            }
            if let Some(day) = self.journal {
                t += &format!("journal:\n  - {{date: 2026-09-{day:02}, hours: 2, note: read}}\n");
            }
            t
        }
    }

    fn learner_file() -> impl Strategy<Value = LearnerFile> {
        let status = proptest::option::of((select(&["done", "skipped", "doing", "blocked"][..]), 7u8..29));
        (
            select(&["김데브", "Jung", "Choi Two"][..]),
            proptest::option::of(select(&["lee", "park"][..])),
            proptest::option::of(1u8..29),
            proptest::option::of(select(&[0.5, 1.0, 2.0][..])),
            proptest::bool::weighted(0.2),
            proptest::collection::vec(status, TASKS.len()),
            proptest::option::of((
                select(&["lee", "park"][..]),
                select(&["approved", "changes"][..]),
                proptest::bool::weighted(0.3),
            )),
            proptest::option::of(1u8..29),
        )
            .prop_map(|(name, mentor, start, pace, private, st, review, journal)| LearnerFile {
                name: name.to_string(),
                mentor,
                start,
                pace,
                private,
                tasks: TASKS.iter().copied().zip(st).collect(),
                review,
                journal,
            })
    }

    /// An edit a user makes while `serve` runs.
    #[derive(Clone, Debug)]
    enum Edit {
        /// Write (or create) a learner file.
        Learner(usize, LearnerFile),
        Delete(usize),
        /// A learner file renamed to another learner's id.
        Rename(usize, usize),
        /// cohort.yaml with or without `start` and `as_of`, in Korean or
        /// English, with one mentor's name as given.
        Cohort {
            start: Option<u8>,
            english: bool,
            as_of: Option<u8>,
            mentor: &'static str,
        },
        /// A task added to or removed from both roadmap files, or its
        /// `requires` or title changed.
        Roadmap(RoadmapEdit),
        /// A task's hours in roadmap.yaml.
        Hours(u8),
        /// A week title in the English translation.
        Translation(String),
        /// A file of the project's `themes/default/`, overriding the built-in theme.
        Theme(ThemeEdit),
    }

    /// What a roadmap edit does (to `docker/extra`, after `docker/compose`).
    #[derive(Clone, Debug)]
    enum RoadmapEdit {
        Add,
        Remove,
        /// `ci-cd/pipeline` requires this task instead of its own.
        Requires(&'static str),
        /// `docker/compose`'s title in roadmap.yaml.
        Title(String),
    }

    /// What a theme edit does.
    #[derive(Clone, Debug)]
    enum ThemeEdit {
        /// Write a static file (dotfiles and `.bak` included: all are published).
        Static(&'static str, String),
        /// Override the week template, with a line of text added.
        Template(String),
        /// Override one UI string, in both languages.
        String(String),
        /// Remove the theme folder: back to the built-in theme.
        Remove,
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            6 => (0..IDS.len(), learner_file()).prop_map(|(i, f)| Edit::Learner(i, f)),
            1 => (0..IDS.len()).prop_map(Edit::Delete),
            1 => (0..IDS.len(), 0..IDS.len()).prop_map(|(i, j)| Edit::Rename(i, j)),
            2 => (
                proptest::option::of(1u8..15),
                proptest::bool::ANY,
                proptest::option::of(1u8..29),
                select(&["Park Mentor", "박멘토"][..]),
            )
                .prop_map(|(start, english, as_of, mentor)| Edit::Cohort { start, english, as_of, mentor }),
            2 => prop_oneof![
                Just(RoadmapEdit::Add),
                Just(RoadmapEdit::Remove),
                select(&["docker/dockerfile", "docker/compose", "terraform-vpc/setup"][..]).prop_map(RoadmapEdit::Requires),
                "[A-Za-z ]{1,12}".prop_map(RoadmapEdit::Title),
            ]
            .prop_map(Edit::Roadmap),
            1 => (1u8..9).prop_map(Edit::Hours),
            1 => "[A-Za-z ]{1,12}".prop_map(Edit::Translation),
            2 => prop_oneof![
                (select(&["extra.css", ".well-known/security.txt", "notes.bak", "assets/style.css", ".x.swp", "x~", "4913"][..]), "[a-z ]{0,8}")
                    .prop_map(|(p, t)| ThemeEdit::Static(p, t)),
                "[A-Za-z ]{1,8}".prop_map(ThemeEdit::Template),
                "[A-Za-z ]{1,8}".prop_map(ThemeEdit::String),
                Just(ThemeEdit::Remove),
            ]
            .prop_map(Edit::Theme),
        ]
    }

    /// Apply `edit` to the files under `root`; the paths it wrote or removed.
    fn apply(root: &Path, edit: &Edit) -> Vec<PathBuf> {
        let dir = root.join("roadmap");
        let replace_line = |path: &Path, key: &str, line: Option<String>| {
            let text = std::fs::read_to_string(path).unwrap();
            let mut out: String = text.lines().filter(|l| !l.starts_with(key)).map(|l| format!("{l}\n")).collect();
            if let Some(line) = line {
                out += &line;
            }
            std::fs::write(path, out).unwrap();
        };
        match edit {
            Edit::Learner(i, f) => {
                std::fs::write(root.join(learner_rel(IDS[*i])), f.text()).unwrap();
                vec![learner_rel(IDS[*i])]
            }
            Edit::Delete(i) => {
                let _ = std::fs::remove_file(root.join(learner_rel(IDS[*i])));
                vec![learner_rel(IDS[*i])]
            }
            Edit::Rename(i, j) => {
                let (from, to) = (learner_rel(IDS[*i]), learner_rel(IDS[*j]));
                let _ = std::fs::rename(root.join(&from), root.join(&to));
                vec![from, to]
            }
            Edit::Cohort { start, english, as_of, mentor } => {
                let path = dir.join("cohort.yaml");
                replace_line(&path, "start:", start.map(|d| format!("start: 2026-09-{d:02}\n")));
                replace_line(&path, "language:", Some(format!("language: {}\n", if *english { "en" } else { "ko" })));
                replace_line(&path, "as_of:", as_of.map(|d| format!("as_of: 2026-09-{d:02}\n")));
                let text = std::fs::read_to_string(&path).unwrap();
                let text = text.replace("name: Park Mentor}", &format!("name: {mentor}}}"));
                let text = text.replace("name: 박멘토}", &format!("name: {mentor}}}"));
                std::fs::write(&path, text).unwrap();
                vec![PathBuf::from("roadmap/cohort.yaml")]
            }
            Edit::Roadmap(edit) => {
                let edit_file = |name: &str, f: &dyn Fn(String) -> String| {
                    let path = dir.join(name);
                    let text = std::fs::read_to_string(&path).unwrap();
                    std::fs::write(&path, f(text)).unwrap();
                };
                const COMPOSE: &str = "      - id: compose\n        title: ";
                const EXTRA: &str = "      - id: extra\n        title: Extra\n        requires: [docker/compose]\n";
                const EN_COMPOSE: &str = "      - {id: compose, title: docker compose}\n";
                const EN_EXTRA: &str = "      - {id: extra, title: Extra}\n";
                match edit {
                    RoadmapEdit::Add => {
                        edit_file("roadmap.yaml", &|t| {
                            if t.contains(EXTRA) {
                                return t;
                            }
                            let at = t.find(COMPOSE).unwrap();
                            format!("{}{EXTRA}{}", &t[..at], &t[at..])
                        });
                        edit_file("roadmap.en.yaml", &|t| {
                            if t.contains(EN_EXTRA) {
                                t
                            } else {
                                t.replace(EN_COMPOSE, &format!("{EN_COMPOSE}{EN_EXTRA}"))
                            }
                        });
                    }
                    RoadmapEdit::Remove => {
                        edit_file("roadmap.yaml", &|t| t.replace(EXTRA, ""));
                        edit_file("roadmap.en.yaml", &|t| t.replace(EN_EXTRA, ""));
                    }
                    RoadmapEdit::Requires(id) => edit_file("roadmap.yaml", &|t| {
                        let at = t.find("      - id: pipeline\n").unwrap();
                        let (head, tail) = t.split_at(at);
                        let from = tail.find("requires: [").unwrap();
                        let to = from + tail[from..].find(']').unwrap();
                        format!("{head}{}requires: [{id}{}", &tail[..from], &tail[to..])
                    }),
                    RoadmapEdit::Title(title) => edit_file("roadmap.yaml", &|t| {
                        let at = t.find(COMPOSE).unwrap() + COMPOSE.len();
                        let end = at + t[at..].find('\n').unwrap();
                        format!("{}{title}{}", &t[..at], &t[end..])
                    }),
                }
                vec![PathBuf::from("roadmap/roadmap.yaml"), PathBuf::from("roadmap/roadmap.en.yaml")]
            }
            Edit::Hours(h) => {
                let path = dir.join("roadmap.yaml");
                let text = std::fs::read_to_string(&path).unwrap();
                let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                if let Some(l) = lines.iter_mut().find(|l| l.trim_start().starts_with("hours:")) {
                    *l = format!("        hours: {h}");
                }
                std::fs::write(&path, lines.join("\n") + "\n").unwrap();
                vec![PathBuf::from("roadmap/roadmap.yaml")]
            }
            Edit::Translation(title) => {
                let path = dir.join("roadmap.en.yaml");
                let text = std::fs::read_to_string(&path).unwrap();
                let text = match text.find("    title: ") {
                    Some(at) => {
                        let end = at + text[at..].find('\n').unwrap();
                        format!("{}    title: {title}{}", &text[..at], &text[end..])
                    }
                    None => text,
                };
                std::fs::write(&path, text).unwrap();
                vec![PathBuf::from("roadmap/roadmap.en.yaml")]
            }
            Edit::Theme(edit) => {
                let theme = root.join("themes/default");
                let write = |rel: &str, text: &str| {
                    let path = theme.join(rel);
                    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                    std::fs::write(path, text).unwrap();
                    vec![Path::new("themes/default").join(rel)]
                };
                match edit {
                    ThemeEdit::Static(rel, text) => write(&format!("static/{rel}"), text),
                    ThemeEdit::Template(line) => write(
                        "templates/week.html",
                        &include_str!("../../themes/default/templates/week.html")
                            .replace("</h1>", &format!("</h1>\n<p>{line}</p>")),
                    ),
                    ThemeEdit::String(text) => {
                        let mut paths = write("i18n/en.yaml", &format!("today: {text}\n"));
                        paths.extend(write("i18n/ko.yaml", &format!("today: {text}\n")));
                        paths
                    }
                    ThemeEdit::Remove => {
                        let _ = std::fs::remove_dir_all(&theme);
                        vec![PathBuf::from("themes/default")]
                    }
                }
            }
        }
    }

    fn config(default: u32) -> proptest::test_runner::Config {
        let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
        proptest::test_runner::Config { cases, ..Default::default() }
    }

    use proptest::prelude::*;
    use proptest::sample::select;

    proptest! {
        #![proptest_config(config(12))]

        /// Any sequence of edits, each classified by the watcher's rule and
        /// rebuilt as `serve` rebuilds, leaves the site a full build of the
        /// same files would make, byte for byte; a rebuild fails exactly
        /// when a full build does.
        #[test]
        fn any_sequence_of_edits_serves_the_full_build(
            view in select(&[View::Full, View::Public][..]),
            edits in proptest::collection::vec(edit(), 1..8),
        ) {
            let dir = project("basic");
            let mut b = Builder::new(&options(dir.path(), view));
            let mut site = ok(b.full());
            // As `serve` builds: the learners' own files rendered on request.
            let mut served = Builder::serving(&options(dir.path(), view));
            let mut served_site = ok(served.full());
            for (n, e) in edits.iter().enumerate() {
                let changes: Changes =
                    apply(dir.path(), e).iter().filter_map(|p| super::super::watch::classify(p)).collect();
                let fresh = Builder::new(&options(dir.path(), view)).full();
                let mut rebuilt_site = site.clone();
                match (rebuild_into(&mut b, &changes, &mut rebuilt_site), serving_rebuild(&mut served, &changes, &mut served_site)) {
                    (Ok(_), Ok(())) => {
                        site = rebuilt_site;
                        let Ok(full) = fresh else { panic!("step {n} {e:?}: a rebuild passed, a full build failed") };
                        prop_assert_eq!(site.keys().collect::<Vec<_>>(), full.keys().collect::<Vec<_>>(), "step {} {:?}", n, e);
                        for (path, bytes) in &full {
                            prop_assert!(site.get(path) == Some(bytes), "step {} {:?}: {} differs from a full build", n, e, path);
                        }
                        assert_serves(&served, &served_site, &full, &format!("step {n} {e:?}"));
                    }
                    (Err(_), Err(_)) => prop_assert!(fresh.is_err(), "step {} {:?}: a rebuild failed, a full build passed", n, e),
                    _ => panic!("step {n} {e:?}: a build that renders learner files on request and one that does not disagree"),
                }
            }
        }
    }
}
