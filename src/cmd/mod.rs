//! One file per subcommand; this module dispatches to them and holds what
//! they share: the global options, finding and loading the project, "today".

mod build;
mod check;
mod edit;
mod init;
mod report;
pub mod schema;
mod serve;
mod status;

use std::io::IsTerminal;
use std::path::PathBuf;

use jiff::civil::Date;

use crate::cli::{ColorChoice, Command, Global, LearnerCommand};
use crate::diag::{self, Diagnostic, Format};
use crate::model::{Cohort, Project, Status};

/// Why a command failed. Diagnostics are printed by [`Context::report`].
#[derive(Debug)]
pub enum Failure {
    /// Problems in input files.
    Diagnostics(Vec<Diagnostic>),
    /// An operation that failed (I/O, network), with its cause.
    Other(anyhow::Error),
    /// Already reported to the user; just exit 1.
    Reported,
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Diagnostics(vec![d])
    }
}

pub type Result<T = ()> = std::result::Result<T, Failure>;

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
        let root = self.root()?;
        let started = std::time::Instant::now();
        let project = Project::load(&root).map_err(Failure::Diagnostics)?;
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
        Ok(project)
    }

    /// `--today`, else `$WAYMARK_TODAY`, else the clock in the cohort's time zone.
    pub fn today(&self, cohort: &Cohort) -> Result<Date> {
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
                let head = if self.color_stderr { "\x1b[1;31merror\x1b[0m" } else { "error" };
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

pub fn run(command: Command, ctx: &Context) -> Result {
    match command {
        Command::Init(args) => init::run(ctx, &args),
        Command::Check(args) => check::run(ctx, &args),
        Command::Schema(args) => schema::run(ctx, &args),
        Command::Build(args) => build::run(ctx, &args),
        Command::Serve(args) => serve::run(ctx, &args),
        Command::Status(args) => status::run(ctx, &args),
        Command::Report(args) => report::run(ctx, &args),
        Command::Start(args) => edit::progress(ctx, Status::Doing, &args),
        Command::Done(args) => edit::progress(ctx, Status::Done, &args),
        Command::Skip(args) => edit::progress(ctx, Status::Skipped, &args),
        Command::Block(args) => edit::progress(ctx, Status::Blocked, &args),
        Command::Log(args) => edit::log(ctx, &args),
        Command::Review(args) => edit::review(ctx, &args),
        Command::Learner(LearnerCommand::Add(args)) => edit::learner_add(ctx, &args),
    }
}
