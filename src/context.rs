//! What every command and `serve` share: the global options, finding and
//! loading the project, "today", and printing a failure.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::cli::{ColorChoice, Global};
use crate::diag::{self, Diagnostic, Format};
use crate::error::{Failure, Result};
use crate::model::{Cohort, Project};

#[derive(Clone)]
pub struct Context {
    pub root: Option<PathBuf>,
    pub today: Option<Date>,
    pub color_stdout: bool,
    pub color_stderr: bool,
    pub quiet: bool,
    pub verbose: bool,
}

impl Context {
    pub fn new(g: &Global) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let pick = |tty: bool| match g.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        Context {
            root: g.root.clone(),
            today: g.today,
            color_stdout: pick(std::io::stdout().is_terminal()),
            color_stderr: pick(std::io::stderr().is_terminal()),
            quiet: g.quiet,
            verbose: g.verbose,
        }
    }

    pub fn root(&self) -> Result<PathBuf> {
        Ok(crate::model::find_root(self.root.as_deref())?)
    }

    /// Find, load and validate the project; warnings are printed unless -q.
    pub fn project(&self) -> Result<Project> {
        self.loaded(|root| Project::load(root).map(|p| (p, Vec::new()))).map(|(project, _)| project)
    }

    /// As [`Context::project`], but a learner file with errors is left out
    /// rather than stopping everything: the project of the other learners,
    /// and the diagnostics of the files left out.
    pub fn readable_project(&self) -> Result<(Project, Vec<Diagnostic>)> {
        self.loaded(Project::load_readable)
    }

    fn loaded(
        &self,
        load: impl FnOnce(&Path) -> std::result::Result<(Project, Vec<Diagnostic>), Vec<Diagnostic>>,
    ) -> Result<(Project, Vec<Diagnostic>)> {
        let root = self.root()?;
        let started = std::time::Instant::now();
        let (project, left_out) = load(&root).map_err(Failure::Diagnostics)?;
        if self.verbose {
            eprintln!(
                "loaded {} ({} learners) in {} ms",
                root.display(),
                project.learners.len(),
                started.elapsed().as_millis()
            );
        }
        if !self.quiet && !project.warnings.is_empty() {
            eprint!("{}", diag::render(&project.warnings, Format::Human, self.color_stderr));
        }
        Ok((project, left_out))
    }

    /// The day progress is shown as of: [`Context::clock_today`], or the
    /// cohort's `as_of` once that has passed.
    pub fn today(&self, cohort: &Cohort) -> Result<Date> {
        let today = self.clock_today(cohort)?;
        Ok(cohort.as_of.map_or(today, |as_of| as_of.min(today)))
    }

    /// `--today`, else `$WAYMARK_TODAY`, else the clock in the cohort's time
    /// zone: the day an edit is recorded on, whatever `as_of` says.
    pub fn clock_today(&self, cohort: &Cohort) -> Result<Date> {
        if let Some(d) = self.today {
            return Ok(d);
        }
        if let Ok(v) = std::env::var("WAYMARK_TODAY") {
            if !v.is_empty() {
                return crate::model::schema::check_date(&v)
                    .map_err(|(m, _)| Failure::Other(anyhow::anyhow!("WAYMARK_TODAY: {m}")));
            }
        }
        let tz = jiff::tz::TimeZone::get(&cohort.timezone).unwrap_or(jiff::tz::TimeZone::UTC);
        Ok(jiff::Timestamp::now().to_zoned(tz).date())
    }

    /// Print a failure on stderr.
    pub fn report(&self, failure: Failure) {
        match failure {
            Failure::Diagnostics(diags) => {
                eprint!("{}", diag::render(&diags, Format::Human, self.color_stderr));
                eprintln!("{}", summary(&diags));
            }
            Failure::Other(e) => {
                let head = diag::paint(self.color_stderr, "1;31", "error");
                eprintln!("{head}: {e:#}");
            }
            Failure::Reported => {}
        }
    }
}

/// "2 errors, 1 warning in 2 files"
pub fn summary(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let files: std::collections::BTreeSet<_> = diags.iter().map(|d| &d.file).collect();
    let plural = |n: usize, w: &str| if n == 1 { format!("{n} {w}") } else { format!("{n} {w}s") };
    format!("{}, {} in {}", plural(errors, "error"), plural(warnings, "warning"), plural(files.len(), "file"))
}
