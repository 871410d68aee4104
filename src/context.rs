//! What every command shares: the global options, finding and loading the
//! project, "today", the [`SiteOptions`] made from the command line (in one
//! place, [`Context::site_options`]), and the terminal: printing a failure,
//! warnings once, progress lines.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::cli::{ColorChoice, Global};
use waymark::diag::{self, Diagnostic, Format};
use waymark::error::{Failure, Result};
use waymark::model::sealed::Keys;
use waymark::model::{Cohort, Project};
use waymark::pipeline::SiteOptions;
use waymark::render::theme::{Theme, Words};
use waymark::render::View;

/// The flags that say how a site is made, as `build`, `serve` and `check`
/// parsed them; [`Context::site_options`] resolves them.
#[derive(Default)]
pub struct SiteFlags<'a> {
    pub view: Option<View>,
    pub base_url: Option<&'a str>,
    pub out: Option<&'a Path>,
    pub force: bool,
}

#[derive(Clone)]
pub struct Context {
    pub root: Option<PathBuf>,
    pub today: Option<Date>,
    pub color_stdout: bool,
    pub color_stderr: bool,
    pub quiet: bool,
    pub verbose: bool,
    /// What opens sealed learner files (see [`Context::keys`]).
    pub keys: Option<Keys>,
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
            keys: keys(g.identity.as_deref()),
        }
    }

    /// The key that opens sealed learner files: `--identity`, else
    /// `$WAYMARK_IDENTITY`, else `~/.ssh/id_ed25519` or `~/.ssh/id_rsa` when
    /// present (age's own tools do not look there; waymark does, as most
    /// mentors already have one). It is read only when a sealed file is met.
    pub fn keys(&self) -> Option<&Keys> {
        self.keys.as_ref()
    }

    /// Everything the command line says about the site, resolved once: the
    /// project folder, the view, the day, the address and the output folder
    /// (relative to the project) — checked here, before anything is read.
    pub fn site_options(&self, flags: SiteFlags) -> Result<SiteOptions> {
        let root = self.root()?;
        if let Some(url) = flags.base_url {
            base_url_arg(url)?;
        }
        let defaults = SiteOptions::new(&root);
        Ok(SiteOptions {
            keys: self.keys.clone(),
            unread_ok: false,
            thin: false,
            view: flags.view.unwrap_or(defaults.view),
            today: self.given_today()?,
            base_url: flags.base_url.map(str::to_string),
            out: flags.out.map_or(defaults.out, |out| root.join(out)),
            force: flags.force,
            verbose: self.verbose,
            root,
        })
    }

    /// `--today`, else `$WAYMARK_TODAY`; `None` for the clock.
    pub fn given_today(&self) -> Result<Option<Date>> {
        if let Some(d) = self.today {
            return Ok(Some(d));
        }
        match std::env::var("WAYMARK_TODAY") {
            Ok(v) if !v.is_empty() => waymark::model::schema::check_date(&v)
                .map(Some)
                .map_err(|(m, _)| Failure::Other(anyhow::anyhow!("WAYMARK_TODAY: {m}"))),
            _ => Ok(None),
        }
    }

    pub fn root(&self) -> Result<PathBuf> {
        Ok(waymark::model::find_root(self.root.as_deref())?)
    }

    /// The project of a site, with its options applied, as [`Context::project`].
    pub fn site_project(&self, options: &SiteOptions) -> Result<Project> {
        self.loaded(&options.root, || options.load().map(|p| (p, Vec::new()))).map(|(project, _)| project)
    }

    /// Find, load and validate the project; a learner file with errors is left out
    /// rather than stopping everything (see [`Project::load_readable`]): the project of the other learners,
    /// and the diagnostics of the files left out.
    /// Sealed files must all open: `status` and `report` show every learner.
    pub fn readable_project(&self) -> Result<(Project, Vec<Diagnostic>)> {
        let root = self.root()?;
        self.loaded(&root, || self.read_all(&root))
    }

    /// [`Context::readable_project`] for one learner (`status ID`): the
    /// shared files and that learner's file alone; every file when none is
    /// theirs (for what the diagnostic of a learner not found needs).
    pub fn learner_project(&self, id: &str) -> Result<(Project, Vec<Diagnostic>)> {
        let root = self.root()?;
        self.loaded(&root, || match Project::load_readable_for(&root, self.keys(), id) {
            Some(loaded) => loaded.map_err(Failure::Diagnostics),
            None => self.read_all(&root),
        })
    }

    fn read_all(&self, root: &Path) -> Result<(Project, Vec<Diagnostic>)> {
        let (project, left_out) = Project::load_readable(root, self.keys()).map_err(Failure::Diagnostics)?;
        project.require_sealed().map_err(Failure::Diagnostics)?;
        Ok((project, left_out))
    }

    fn loaded(
        &self,
        root: &Path,
        load: impl FnOnce() -> Result<(Project, Vec<Diagnostic>)>,
    ) -> Result<(Project, Vec<Diagnostic>)> {
        let started = std::time::Instant::now();
        let (project, left_out) = load()?;
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
        Ok(cohort.today(self.given_today()?))
    }

    /// `--today`, else `$WAYMARK_TODAY`, else the clock in the cohort's time
    /// zone: the day an edit is recorded on, whatever `as_of` says.
    pub fn clock_today(&self, cohort: &Cohort) -> Result<Date> {
        Ok(cohort.clock_today(self.given_today()?))
    }

    /// The language of what commands print: the cohort's, as its file says
    /// even when the project cannot be read; English outside a project.
    pub fn lang(&self) -> String {
        self.root().ok().and_then(|root| written_language(&root)).unwrap_or_else(|| "en".into())
    }

    /// The words of the cohort's language: its theme's strings, the
    /// built-in theme's when that cannot be read.
    pub fn words_of(&self, project: &Project) -> Theme {
        let lang = project.cohort.language.code();
        Theme::load(&project.root, &project.cohort.theme, lang).unwrap_or_else(|_| Theme::builtin(lang))
    }

    /// [`summary`] in the cohort's language.
    pub fn summary(&self, diags: &[Diagnostic]) -> String {
        let lang = self.lang();
        summary(&Theme::builtin(&lang).words(), diags)
    }

    /// Print a failure on stderr.
    pub fn report(&self, failure: Failure) {
        match failure {
            Failure::Diagnostics(diags) => {
                eprint!("{}", diag::render(&diags, Format::Human, self.color_stderr));
                eprintln!("{}", self.summary(&diags));
            }
            Failure::Argument(bad) => {
                let words = crate::cli::command_line();
                let at = crate::cli::locate(&words, &bad.arg);
                eprint!("{}", diag::render_argument(&bad, &words, at, self.color_stderr));
            }
            Failure::Other(e) => {
                let head = diag::paint(self.color_stderr, "1;31", "error");
                eprintln!("{head}: {e:#}");
            }
            Failure::Reported => {}
        }
    }
}

/// The key file given, else the first default one present. Without one, an
/// SSH key age cannot use (ECDSA, a security key) or an ssh-agent holding
/// the keys stands in, so that what is not read says why, and what to make.
fn keys(given: Option<&Path>) -> Option<Keys> {
    let ask: Box<waymark::model::sealed::AskPassphrase> = Box::new(ask_passphrase);
    if let Some(path) = given.filter(|p| !p.as_os_str().is_empty()) {
        return Some(Keys::new(path, true, ask));
    }
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))?;
    let ssh = Path::new(&home).join(".ssh");
    let found = |names: &[&str]| names.iter().map(|n| ssh.join(n)).find(|p| p.is_file());
    if let Some(key) = found(&["id_ed25519", "id_rsa", "id_ecdsa", "id_ed25519_sk", "id_ecdsa_sk"]) {
        return Some(Keys::new(&key, false, ask));
    }
    let agent = std::env::var_os("SSH_AUTH_SOCK").is_some_and(|s| !s.is_empty());
    let public = found(&["id_ed25519.pub", "id_rsa.pub", "id_ecdsa.pub", "id_ed25519_sk.pub", "id_ecdsa_sk.pub"]);
    (agent || public.is_some()).then(|| {
        let (path, what) = match &public {
            Some(p) => (p.clone(), format!("{} has no private key file beside it", diag::display_path(p))),
            None => (ssh.clone(), "there is no key file in ~/.ssh, only an ssh-agent".to_string()),
        };
        Keys::unusable(&path, format!("{what}, and age cannot use keys held by ssh-agent; {}", Keys::MAKE_ONE))
    })
}

/// The passphrase of a protected SSH key, asked on the terminal (read from
/// the terminal itself, not from stdin); `None` when waymark does not run in
/// one (stdin is not a terminal), as in CI or a pipe.
fn ask_passphrase(prompt: &str) -> Option<String> {
    if !std::io::stdin().is_terminal() {
        return None;
    }
    rpassword::prompt_password(prompt).ok()
}

/// `language: xx` as a line of roadmap/cohort.yaml, read without the rest of
/// the file (which may be what is broken); the default language when the file
/// says none, `None` without the file.
pub fn written_language(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join("roadmap/cohort.yaml")).ok()?;
    let written = text.lines().find_map(|l| {
        let v = l.strip_prefix("language:")?.split('#').next()?.trim().trim_matches(['"', '\'']);
        matches!(v, "ko" | "en").then(|| v.to_string())
    });
    Some(written.unwrap_or_else(|| waymark::model::cohort::Language::default().code().to_string()))
}

/// "2 errors, 1 warning in 2 files", in `words`.
pub fn summary(words: &Words, diags: &[Diagnostic]) -> String {
    let errors: usize = diags.iter().filter(|d| d.is_error()).map(Diagnostic::count).sum();
    let warnings = diags.iter().map(Diagnostic::count).sum::<usize>() - errors;
    let files: std::collections::BTreeSet<_> = diags.iter().map(|d| &d.file).collect();
    words.fill(
        "cli_problems",
        &[
            ("errors", &words.count("n_errors", errors)),
            ("warnings", &words.count("n_warnings", warnings)),
            ("files", &words.count("n_files", files.len())),
        ],
    )
}

/// `--base-url` (or `$WAYMARK_BASE_URL`) checked as cohort.yaml's `base_url`
/// is, without its trailing `/`.
pub fn base_url_arg(url: &str) -> Result<String> {
    match waymark::model::schema::check_url(url) {
        Ok(()) => Ok(url.trim_end_matches('/').to_string()),
        Err(help) => {
            let help = help.map(|h| format!("; {h}")).unwrap_or_default();
            Err(Failure::Other(anyhow::anyhow!(
                "--base-url must be an http(s) URL, found `{}`{help}",
                waymark::text::safe(url)
            )))
        }
    }
}

/// Prints diagnostics and warnings, each set once until it changes: what
/// `build --watch` and `serve` say on the terminal after each rebuild.
pub struct Terminal<'a> {
    ctx: &'a Context,
    warnings: Vec<Diagnostic>,
}

impl<'a> Terminal<'a> {
    pub fn new(ctx: &'a Context, warnings: &[Diagnostic]) -> Terminal<'a> {
        Terminal { ctx, warnings: warnings.to_vec() }
    }

    /// A build that failed, and what happens now (`what`).
    pub fn failed(&self, failure: &Failure, what: &str) {
        match failure {
            Failure::Diagnostics(diags) => {
                eprint!("{}", diag::render(diags, Format::Human, self.ctx.color_stderr));
                eprintln!("{}", self.ctx.summary(diags));
            }
            Failure::Other(e) => eprintln!("error: {e:#}"),
            Failure::Argument(bad) => eprint!("{}", diag::render_argument(bad, &[], None, self.ctx.color_stderr)),
            Failure::Reported => eprintln!("error: the build failed"),
        }
        eprintln!("{what}");
    }

    /// The warnings of a build that succeeded, unless they were the last shown.
    pub fn warnings(&mut self, warnings: &[Diagnostic]) {
        if self.ctx.quiet || warnings == self.warnings.as_slice() {
            return;
        }
        self.warnings = warnings.to_vec();
        if !warnings.is_empty() {
            eprint!("{}", diag::render(warnings, Format::Human, self.ctx.color_stderr));
        }
    }

    /// A line on stdout, flushed at once (scripts read them as they come),
    /// unless -q.
    pub fn say(&self, line: std::fmt::Arguments) {
        if !self.ctx.quiet {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        }
    }
}
