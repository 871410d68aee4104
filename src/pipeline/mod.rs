//! The one pipeline: load → validate → schedule → render → write. A [`Site`]
//! is a project that loaded and validated, with its theme and the
//! [`SiteOptions`] it is rendered with; `build`, `serve` and `build --watch`
//! render it, `check` runs the first stages and reports, and an edit re-reads
//! the learner files it changed through [`Site::reload_learners`]. Each stage
//! is defined once, below this module: loading and validating in `model`, the
//! schedule in `schedule` (worked out per learner while rendering), pages in
//! `render`, the output folder in `output`. [`watch`] classifies file events
//! into what changed and [`rebuild`] turns that into a new site through the
//! same [`Site`].

pub mod packed;
pub mod rebuild;
pub mod watch;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use jiff::civil::Date;

use crate::diag::Diagnostic;
use crate::error::{Failure, Result};
use crate::model::sealed::Keys;
use crate::model::{Loaded, Project};
use crate::output::{Staging, Written};
use crate::render::{self, Cache, Files, Leave, Options, Sink, Theme, View};

/// Everything the command line says about a site, resolved once: `build`,
/// `build --watch`, `serve` and `check` are handed this value and nothing
/// else, so no flag can be honoured by one of them and ignored by another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteOptions {
    /// The project folder (the one holding `roadmap/cohort.yaml`).
    pub root: PathBuf,
    /// Public or full.
    pub view: View,
    /// `--today` (or `$WAYMARK_TODAY`); `None` is the clock in the cohort's
    /// time zone. The cohort's `as_of` applies either way.
    pub today: Option<Date>,
    /// `--base-url`: replaces the cohort's `base_url`, checked as it is.
    pub base_url: Option<String>,
    /// The output folder, absolute or relative to the working folder.
    pub out: PathBuf,
    /// Replace an output folder waymark did not make.
    pub force: bool,
    /// Say how long the stages took, on stderr.
    pub verbose: bool,
    /// What opens sealed learner files. The public view never shows them,
    /// but opens them when it can, to check them as `check` does; the full
    /// view needs every one.
    pub keys: Option<Keys>,
    /// The full view without the sealed files that cannot be opened (they
    /// are counted in a warning), rather than no view: what `serve` shows.
    pub unread_ok: bool,
    /// The learners loaded without the texts only their own pages and the
    /// feed show (see [`crate::model::Learner::thin`]), which read them
    /// from the files again: what `serve` holds.
    pub thin: bool,
}

impl SiteOptions {
    /// The options of a site at `root` with every flag at its default: the
    /// public view, today by the clock, the cohort's `base_url`, `root/site`.
    pub fn new(root: &Path) -> SiteOptions {
        SiteOptions {
            root: root.to_path_buf(),
            view: View::Public,
            today: None,
            base_url: None,
            out: root.join("site"),
            force: false,
            verbose: false,
            keys: None,
            unread_ok: false,
            thin: false,
        }
    }

    /// The project loaded and validated at [`SiteOptions::root`], with the
    /// options applied to it (`--base-url`).
    pub fn load(&self) -> Result<Project> {
        let load = if self.thin { Project::load_thinned } else { Project::load_with };
        let mut project = load(&self.root, self.keys.as_ref()).map_err(Failure::Diagnostics)?;
        if self.view == View::Full && !self.unread_ok {
            project.require_sealed().map_err(Failure::Diagnostics)?;
        }
        self.apply(&mut project);
        Ok(project)
    }

    /// Put the options that replace what the project says into `project`;
    /// for the public view, the learners' private reviews go (the project
    /// is checked by then), so that rendering needs no public copy of each
    /// learner who has one (see [`crate::model::Learner::make_public`]).
    pub fn apply(&self, project: &mut Project) {
        if let Some(url) = &self.base_url {
            project.cohort.base_url = Some(url.clone());
        }
        if self.view == View::Public {
            project.learners.iter_mut().for_each(crate::model::Learner::make_public);
        }
    }
}

/// A project ready to render, and what is kept between its renders.
pub struct Site {
    pub project: Project,
    pub theme: Theme,
    /// What the site was made from.
    pub options: SiteOptions,
    /// What the pages are rendered with: the view, and the day resolved
    /// against the cohort.
    pub render: Options,
    /// Each learner's part of the shared pages, from the last render.
    cache: Cache,
}

impl Site {
    /// Load and validate the project and its theme.
    pub fn load(options: &SiteOptions) -> Result<Site> {
        Site::new(options, options.load()?)
    }

    /// The site of a project already loaded (with `options` applied, see
    /// [`SiteOptions::load`]): its theme is loaded and "today" fixed from
    /// the options and the cohort.
    pub fn new(options: &SiteOptions, project: Project) -> Result<Site> {
        let today = project.cohort.today(options.today);
        let theme = crate::timing::stage("theme", || {
            Theme::load(&project.root, &project.cohort.theme, project.cohort.language.code())
        })
        .map_err(Failure::Diagnostics)?;
        Ok(Site {
            project,
            theme,
            options: options.clone(),
            render: Options { view: options.view, today },
            cache: Cache::default(),
        })
    }

    /// Render into `sink`: every file, or with `changed` the pages that list
    /// learners and those of the changed learners (see [`render::render_to`]);
    /// what `leave` says is left for [`Site::render_learner_file`] and
    /// [`Site::render_export`] to render when it is asked for.
    pub fn render(&mut self, changed: Option<&BTreeSet<String>>, leave: Leave, sink: &dyn Sink) -> Result {
        self.update_parts(changed);
        self.render_pages(changed, leave, sink)
    }

    /// Work out the parts of the learners in `changed` again (of every
    /// learner without it): the first half of [`Site::render`].
    pub fn update_parts(&mut self, changed: Option<&BTreeSet<String>>) {
        render::update_parts(&self.project, &self.theme, &self.render, &mut self.cache, changed);
    }

    /// Render from the learners' parts as they are: the second half of [`Site::render`].
    pub fn render_pages(&self, changed: Option<&BTreeSet<String>>, leave: Leave, sink: &dyn Sink) -> Result {
        render::render_to(&self.project, &self.theme, &self.render, &self.cache, changed, leave, sink)
            .map_err(Failure::Diagnostics)
    }

    /// [`Site::render`] into memory.
    pub fn render_files(&mut self, changed: Option<&BTreeSet<String>>, leave: Leave) -> Result<Files> {
        let files = Mutex::new(Files::new());
        self.render(changed, leave, &files)?;
        Ok(files.into_inner().unwrap_or_else(PoisonError::into_inner))
    }

    /// One learner's page, badge or calendar, rendered alone from what the
    /// last [`Site::render`] kept, byte for byte as it renders it; `None`
    /// when `path` is no listed learner's (see [`render::render_learner_file`]).
    pub fn render_learner_file(&self, path: &str) -> Option<Result<Vec<u8>>> {
        let again = |id: &str| self.project.read_learner(id).map(|(learner, _)| learner);
        render::render_learner_file(&self.project, &self.theme, &self.render, &self.cache, path, &again)
            .map(|r| r.map_err(Failure::Diagnostics))
    }

    /// The export `path` (`progress.json`, `progress.csv`) rendered alone
    /// into `sink` from what the last [`Site::render`] kept, byte for byte
    /// as it renders it; `false` when `path` is no export, or this site let
    /// go of its learners (see [`Site::slim`]).
    pub fn render_export(&self, path: &str, sink: &dyn Sink) -> bool {
        render::render_export(&self.project, &self.theme, &self.render, &self.cache, path, sink)
    }

    /// Whether [`Site::render_export`] renders `path` now.
    pub fn has_export(&self, path: &str) -> bool {
        self.cache.has_export(path)
    }

    /// Let go of the learners and their parts (see [`Cache::slim`]), for a
    /// new site to be loaded beside this one: it then renders the own files
    /// of the learners it listed from each learner's file, read and checked
    /// again when asked for (as an edit reads it), and can render nothing
    /// else.
    pub fn slim(&mut self) {
        self.cache.slim();
        self.project.learners = Vec::new();
    }

    /// Whether `path` is a listed learner's page, badge or calendar.
    pub fn has_learner_file(&self, path: &str) -> bool {
        self.cache.has_learner_file(path)
    }

    /// Render the whole site into the output folder, page by page as each is
    /// done, and swap it in atomically.
    pub fn write(&mut self) -> Result<Written> {
        let staging = Staging::new(&self.project.root, &self.options.out, self.options.force)?;
        self.render(None, Leave::Nothing, &staging)?;
        Ok(staging.finish()?)
    }

    /// Read the files of the known learners `ids` again after an edit; on
    /// an error the site is as it was.
    pub fn reload_learners(&mut self, ids: &BTreeSet<String>) -> Result {
        self.project.reload_learners(ids).map_err(Failure::Diagnostics)?;
        Ok(())
    }
}

/// What `check` reports: every file loaded and validated, and the theme
/// loaded, since what would stop `build` must stop `check`. What could be
/// read comes back with every problem, sorted.
pub fn check(options: &SiteOptions) -> (Loaded, Vec<Diagnostic>) {
    let root = &options.root;
    let (loaded, mut diags) = crate::model::checked_with(root, options.keys.as_ref());
    if let Some(cohort) = &loaded.cohort {
        let theme = Theme::load(root, &cohort.theme, cohort.language.code());
        if let Err(d) = theme.and_then(|t| t.environment().map(drop)) {
            diags.extend(d);
            crate::diag::sort(&mut diags);
        }
    }
    (loaded, diags)
}
