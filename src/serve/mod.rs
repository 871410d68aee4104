//! `serve` and `build --watch`: watching the project, rebuilding what a change
//! affects, and serving the site from memory with live reload.
//!
//! `watch` decides *what* changed, `rebuild` turns that into a new site through
//! the same load → validate → render pipeline as `build`, `server` answers HTTP.

mod page;
pub mod rebuild;
pub mod server;
pub mod watch;

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;

use crate::cli::{BuildArgs, ServeArgs};
use crate::context::Context;
use crate::diag::{self, Diagnostic, Format};
use crate::error::{Failure, Result};
use crate::render::{Files, View};
use rebuild::{Builder, Rebuilt};
use server::Hub;
use watch::{ChangeKind, Changes, Watcher};

/// What a failed rebuild says, as `check` says it.
struct Problem {
    summary: String,
    report: String,
}

/// What a failed rebuild says, with the summary in the site's language `lang`
/// (the diagnostics stay as `check` prints them).
fn problem(failure: &Failure, lang: &str) -> Problem {
    let (errors, warnings, files, report) = match failure {
        Failure::Diagnostics(diags) => {
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let files = diags.iter().map(|d| &d.file).collect::<std::collections::BTreeSet<_>>().len();
            (errors, diags.len() - errors, files, diag::render(diags, Format::Human, false))
        }
        Failure::Other(e) => (1, 0, 1, format!("error: {e:#}\n")),
        Failure::Reported => (1, 0, 1, "error: the build failed\n".into()),
    };
    let summary = crate::render::theme::builtin_strings(lang)
        .get("serve_summary")
        .map_or_else(String::new, |s| s.clone())
        .replace("{errors}", &errors.to_string())
        .replace("{warnings}", &warnings.to_string())
        .replace("{files}", &files.to_string());
    Problem { summary, report }
}

/// The site's language from `cohort.yaml`'s `language:` line, read as text:
/// the file may be the broken one. Korean, the default, when there is none.
fn site_language(root: &Path) -> &'static str {
    let text = std::fs::read_to_string(root.join("roadmap").join("cohort.yaml")).unwrap_or_default();
    let value = text.lines().find_map(|l| l.strip_prefix("language:")).map(|v| {
        let v = v.split('#').next().unwrap_or("").trim();
        v.trim_matches(|c| c == '"' || c == '\'').to_string()
    });
    match value.as_deref() {
        Some("en") => "en",
        _ => "ko",
    }
}

/// "learner kim", "roadmap", "cohort, theme" — what a batch of changes was.
fn describe(changes: &Changes) -> String {
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

/// Prints diagnostics and warnings, each set once until it changes.
struct Terminal<'a> {
    ctx: &'a Context,
    warnings: Vec<Diagnostic>,
}

impl Terminal<'_> {
    fn failed(&self, failure: &Failure, what: &str) {
        match failure {
            Failure::Diagnostics(diags) => {
                eprint!("{}", diag::render(diags, Format::Human, self.ctx.color_stderr));
                eprintln!("{}", crate::context::summary(diags));
            }
            other => eprint!("{}", problem(other, "en").report),
        }
        eprintln!("{what}");
    }

    fn warnings(&mut self, warnings: &[Diagnostic]) {
        if self.ctx.quiet || warnings == self.warnings.as_slice() {
            return;
        }
        self.warnings = warnings.to_vec();
        if !warnings.is_empty() {
            eprint!("{}", diag::render(warnings, Format::Human, self.ctx.color_stderr));
        }
    }
}

fn say(ctx: &Context, line: std::fmt::Arguments) {
    if !ctx.quiet {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }
}

/// `build --watch`: rebuild the output folder on every change, atomically.
pub fn build_watch(ctx: &Context, args: &BuildArgs, view: View) -> Result {
    let root = ctx.root()?;
    let out = root.join(&args.out);
    let mut builder = Builder::new(ctx, &root, view);
    let mut term = Terminal { ctx, warnings: Vec::new() };
    let mut site = Files::new();
    // Watch before the first build, so an edit saved while it runs is not lost.
    let mut watcher = Watcher::new(&root, Some(&out), args.poll)?;
    let started = Instant::now();
    match builder.full() {
        Ok(files) => {
            site = files;
            term.warnings(builder.warnings());
            write(ctx, &root, &out, &args.out, &site, started, "built");
        }
        Err(f) => term.failed(&f, "not built; waiting for a fix"),
    }
    say(ctx, format_args!("watching roadmap/ and themes/ for changes (Ctrl-C to stop)"));
    while let Some(changes) = watcher.next() {
        let started = Instant::now();
        match builder.rebuild(&changes) {
            Ok(rebuilt) => {
                let kind = rebuilt.describe();
                rebuilt.apply_to(&mut site);
                term.warnings(builder.warnings());
                write(ctx, &root, &out, &args.out, &site, started, &format!("rebuilt ({kind})"));
            }
            Err(f) => term.failed(
                &f,
                &format!("not rebuilt ({}); {} keeps the last good site", describe(&changes), args.out.display()),
            ),
        }
    }
    Ok(())
}

fn write(ctx: &Context, root: &Path, out: &Path, shown: &Path, site: &Files, started: Instant, what: &str) {
    match crate::output::write(root, out, site) {
        Ok(w) => say(
            ctx,
            format_args!(
                "{what} {} files into {} in {} ms ({} changed)",
                w.files,
                shown.display(),
                started.elapsed().as_millis(),
                w.changed
            ),
        ),
        Err(e) => ctx.report(Failure::Other(e)),
    }
}

/// `serve`: build in memory, serve, watch, rebuild, reload.
pub fn serve(ctx: &Context, args: &ServeArgs) -> Result {
    let root = ctx.root()?;
    let local = server::is_loopback(&args.host);
    // Beyond loopback only the public view is served, unless asked for in so many words.
    let view = if args.public || (!local && !args.expose_full) { View::Public } else { View::Full };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    let listener = match runtime.block_on(tokio::net::TcpListener::bind((args.host.as_str(), args.port))) {
        Ok(l) => l,
        // Another server (often an earlier `waymark serve`) has the port:
        // say so and how to go on, rather than pick another port unasked
        // (a printed address that changes between runs surprises scripts).
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            return Err(Failure::Other(anyhow::anyhow!(
                "port {} on {} is already in use; stop what listens there, or pass --port 0 to pick a free port",
                args.port,
                args.host
            )))
        }
        Err(e) => {
            return Err(Failure::Other(
                anyhow::Error::new(e).context(format!("cannot listen on {}:{}", args.host, args.port)),
            ))
        }
    };
    let addr = listener.local_addr().context("cannot read the address listened on")?;
    let url = match addr {
        std::net::SocketAddr::V6(a) => format!("http://[{}]:{}/", a.ip(), a.port()),
        std::net::SocketAddr::V4(a) => format!("http://{}:{}/", a.ip(), a.port()),
    };
    // Ctrl-C stops the server cleanly from here on (before the first line, which tells scripts the server is up), even during the first build.
    let signals = {
        let _entered = runtime.enter();
        Signals::new()
    };
    // The first line on stdout, always (tests and scripts read the port from it).
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Serving {url}");
        let _ = out.flush();
    }
    if !local {
        let what = if view == View::Full {
            "the FULL view (private learners and reviews)"
        } else {
            "the public view (no private learners or reviews; --expose-full serves everything)"
        };
        eprintln!("warning: listening on {}, reachable from other machines: serving {what}", args.host);
    }

    let hub = Hub::new();
    let mut builder = Builder::new(ctx, &root, view);
    // Watch before the first build, so an edit saved while it runs is not lost.
    let watcher = Watcher::new(&root, None, args.poll)?;
    let mut term = Terminal { ctx, warnings: Vec::new() };
    let started = Instant::now();
    match builder.full() {
        Ok(files) => {
            let pages = files.len();
            hub.publish_rebuilt(Rebuilt::Full(files), builder.base_path());
            term.warnings(builder.warnings());
            say(
                ctx,
                format_args!(
                    "built {pages} files in memory in {} ms{}",
                    started.elapsed().as_millis(),
                    if view == View::Full { " (full view, includes private learners)" } else { " (public view)" }
                ),
            );
        }
        Err(f) => {
            let lang = site_language(&root);
            let p = problem(&f, lang);
            hub.publish_errors(lang, &p.summary, &p.report);
            term.failed(&f, "the site could not be built; the browser shows why until it is fixed");
        }
    }

    let thread_hub = Arc::clone(&hub);
    let thread_ctx = Context { root: Some(root.clone()), ..ctx.clone() };
    std::thread::Builder::new()
        .name("waymark-watch".into())
        .spawn(move || watch_loop(&thread_ctx, watcher, builder, &thread_hub))
        .context("cannot start the watcher")?;

    if args.open {
        if let Err(e) = opener::open(&url) {
            eprintln!("warning: cannot open a browser: {e}");
        }
    }
    let stop = signals.wait();
    runtime.block_on(server::run(listener, hub, &args.host, stop)).context("the server stopped")?;
    say(ctx, format_args!("stopped"));
    // Connections still open were dropped; do not wait for their tasks.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    Ok(())
}

fn watch_loop(ctx: &Context, mut watcher: Watcher, mut builder: Builder, hub: &Hub) {
    let mut term = Terminal { ctx, warnings: builder.warnings().to_vec() };
    while let Some(changes) = watcher.next() {
        let started = Instant::now();
        match builder.rebuild(&changes) {
            Ok(rebuilt) => {
                let kind = rebuilt.describe();
                hub.publish_rebuilt(rebuilt, builder.base_path());
                term.warnings(builder.warnings());
                say(ctx, format_args!("rebuilt ({kind}) in {} ms", started.elapsed().as_millis()));
            }
            Err(f) => {
                let lang = ctx.root.as_deref().map_or("ko", site_language);
                let p = problem(&f, lang);
                hub.publish_errors(lang, &p.summary, &p.report);
                term.failed(&f, &format!("not rebuilt ({}); serving the last good site", describe(&changes)));
            }
        }
    }
}

/// Ctrl-C and SIGTERM, listened for from the moment this is made (a signal
/// that comes before anyone waits is kept, not lost to the default action).
struct Signals {
    #[cfg(unix)]
    interrupt: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    terminate: Option<tokio::signal::unix::Signal>,
}

impl Signals {
    /// Must be called inside the runtime.
    fn new() -> Signals {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Signals { interrupt: signal(SignalKind::interrupt()).ok(), terminate: signal(SignalKind::terminate()).ok() }
        }
        #[cfg(not(unix))]
        {
            Signals {}
        }
    }

    async fn wait(self) {
        #[cfg(unix)]
        {
            async fn next(s: Option<tokio::signal::unix::Signal>) {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            }
            tokio::select! {
                _ = next(self.interrupt) => {}
                _ = next(self.terminate) => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
