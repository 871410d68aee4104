//! The one pipeline: load → validate → schedule → render → write. A [`Site`]
//! is a project that loaded and validated, with its theme and the view and
//! day it is rendered for; `build`, `serve` and `build --watch` render it,
//! `check` runs the first stages and reports, and an edit re-reads the
//! learner files it changed through [`Site::reload_learners`]. Each stage is
//! defined once, below this module: loading and validating in `model`, the
//! schedule in `schedule` (worked out per learner while rendering), pages in
//! `render`, the output folder in `output`.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use crate::context::Context;
use crate::diag::Diagnostic;
use crate::error::{Failure, Result};
use crate::model::{Loaded, Project};
use crate::output::{Staging, Written};
use crate::render::{self, Cache, Files, Options, Sink, Theme, View};

/// A project ready to render, and what is kept between its renders.
pub struct Site {
    pub project: Project,
    pub theme: Theme,
    pub options: Options,
    /// Each learner's part of the shared pages, from the last render.
    cache: Cache,
}

impl Site {
    /// Load and validate the project at `root` and its theme.
    pub fn load(ctx: &Context, root: &Path, view: View) -> Result<Site> {
        let project = Project::load(root).map_err(Failure::Diagnostics)?;
        Site::new(ctx, project, view)
    }

    /// The site of a project already loaded: its theme is loaded and "today"
    /// fixed from the options and the cohort's time zone.
    pub fn new(ctx: &Context, project: Project, view: View) -> Result<Site> {
        let today = ctx.today(&project.cohort)?;
        let theme = Theme::load(&project.root, &project.cohort.theme, project.cohort.language.code())
            .map_err(Failure::Diagnostics)?;
        Ok(Site { project, theme, options: Options { view, today }, cache: Cache::default() })
    }

    /// Render into `sink`: every file, or with `changed` the pages that list
    /// learners and those of the changed learners (see [`render::render_to`]).
    pub fn render(&mut self, changed: Option<&BTreeSet<String>>, sink: &dyn Sink) -> Result {
        render::render_to(&self.project, &self.theme, &self.options, &mut self.cache, changed, sink)
            .map_err(Failure::Diagnostics)
    }

    /// [`Site::render`] into memory.
    pub fn render_files(&mut self, changed: Option<&BTreeSet<String>>) -> Result<Files> {
        let files = Mutex::new(Files::new());
        self.render(changed, &files)?;
        Ok(files.into_inner().unwrap_or_else(PoisonError::into_inner))
    }

    /// Render the whole site into the output folder `out`, page by page as
    /// each is done, and swap it in atomically.
    pub fn write(&mut self, out: &Path, force: bool) -> Result<Written> {
        let staging = Staging::new(&self.project.root, out, force)?;
        self.render(None, &staging)?;
        Ok(staging.finish()?)
    }

    /// Read the files of the known learners `ids` again after an edit; on
    /// an error the site is as it was.
    pub fn reload_learners(&mut self, ids: &BTreeSet<String>) -> Result {
        self.project.reload_learners(ids).map_err(Failure::Diagnostics)
    }
}

/// What `check` reports: every file loaded and validated, and the theme
/// loaded, since what would stop `build` must stop `check`. What could be
/// read comes back with every problem, sorted.
pub fn check(root: &Path) -> (Loaded, Vec<Diagnostic>) {
    let (loaded, mut diags) = crate::model::checked(root);
    if let Some(cohort) = &loaded.cohort {
        let theme = Theme::load(root, &cohort.theme, cohort.language.code());
        if let Err(d) = theme.and_then(|t| t.environment().map(drop)) {
            diags.extend(d);
            crate::diag::sort(&mut diags);
        }
    }
    (loaded, diags)
}
