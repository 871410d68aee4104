//! `waymark serve`: build the site in memory, serve it with live reload, and
//! rebuild what each saved file affects — the pipeline's builder and
//! watcher, and the library's server, wired together.

use std::io::Write as _;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;

use super::{Context, Failure, Result};
use crate::cli::ServeArgs;
use crate::context::{SiteFlags, Terminal};
use waymark::pipeline::rebuild::{Builder, Rebuilt};
use waymark::pipeline::watch::{describe, Watcher};
use waymark::render::View;
use waymark::serve::server::{self, Hub};
use waymark::serve::{problem, site_language};
use waymark::signals::Catch;

pub fn run(ctx: &Context, args: &ServeArgs) -> Result {
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
    // What is reachable decides the view: the address actually bound, not
    // the name asked for (a name can resolve to every interface).
    let local = addr.ip().is_loopback();
    // Beyond loopback only the public view is served, unless asked for in so many words.
    let view = if args.public || (!local && !args.expose_full) { View::Public } else { View::Full };
    let mut options = ctx.site_options(SiteFlags { view: Some(view), ..SiteFlags::default() })?;
    // Without the key of some sealed files, the full view is served without
    // them (a warning says which key is missing) rather than not at all.
    options.unread_ok = true;
    let url = match addr {
        std::net::SocketAddr::V6(a) => format!("http://[{}]:{}/", a.ip(), a.port()),
        std::net::SocketAddr::V4(a) => format!("http://{}:{}/", a.ip(), a.port()),
    };
    // Ctrl-C stops the server cleanly from here on (before the first line,
    // which tells scripts the server is up), even during the first build.
    let signals = Catch::new();
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

    let mut builder = Builder::serving(&options);
    let hub = Hub::serving(builder.on_request());
    builder.stage_to(hub.clone());
    // Watch before the first build, so an edit saved while it runs is not lost.
    let watcher = Watcher::new(&options.root, None, args.poll)?;
    // The first build runs while the server answers: a request waits for
    // its page, and the dashboard is served as soon as it is rendered.
    let thread_hub = Arc::clone(&hub);
    let thread_ctx = ctx.clone();
    std::thread::Builder::new()
        .name("waymark-watch".into())
        .spawn(move || {
            let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                first_build(&thread_ctx, &mut builder, &thread_hub, view);
            }));
            // A bug, already reported on stderr: end the process, as it did
            // when the first build ran before the server, rather than leave
            // requests waiting for pages that will never come.
            if built.is_err() {
                std::process::exit(101);
            }
            watch_loop(&thread_ctx, watcher, builder, &thread_hub)
        })
        .context("cannot start the watcher")?;

    if args.open {
        if let Err(e) = opener::open(&url) {
            eprintln!("warning: cannot open a browser: {e}");
        }
    }
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    std::thread::Builder::new()
        .name("waymark-signals".into())
        .spawn(move || {
            signals.wait();
            let _ = stop_tx.send(());
            signals.handled();
        })
        .context("cannot listen for Ctrl-C")?;
    let stop = async {
        let _ = stop_rx.await;
    };
    runtime.block_on(server::run(listener, hub, &args.host, stop)).context("the server stopped")?;
    Terminal::new(ctx, &[]).say(format_args!("stopped"));
    // Connections still open were dropped; do not wait for their tasks.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    Ok(())
}

fn first_build(ctx: &Context, builder: &mut Builder, hub: &Hub, view: View) {
    let mut term = Terminal::new(ctx, &[]);
    let started = Instant::now();
    match builder.full() {
        Ok(files) => {
            let pages = files.len();
            hub.publish_rebuilt(Rebuilt::Full(files), builder.base_path());
            term.warnings(builder.warnings());
            let shown = match (view, builder.unread()) {
                (View::Public, _) => " (public view)".to_string(),
                (View::Full, 0) => " (full view, includes private learners)".to_string(),
                (View::Full, 1) => " (full view, includes private learners but 1 sealed learner not read)".to_string(),
                (View::Full, n) => format!(" (full view, includes private learners but {n} sealed learners not read)"),
            };
            term.say(format_args!(
                "built {pages} files in memory in {} ms, learners' pages on request{shown}",
                started.elapsed().as_millis()
            ));
        }
        Err(f) => {
            let lang = site_language(&builder.options().root);
            let p = problem(&f, lang);
            hub.publish_errors(lang, &p.summary, &p.report);
            term.failed(&f, "the site could not be built; the browser shows why until it is fixed");
        }
    }
}

fn watch_loop(ctx: &Context, watcher: Watcher, mut builder: Builder, hub: &Hub) {
    let mut term = Terminal::new(ctx, builder.warnings());
    let root = builder.options().root.clone();
    for changes in watcher {
        let started = Instant::now();
        // The learners' own pages first (rendered when asked for, from the
        // learners' parts), then the pages that list learners.
        let rebuilt = builder.rebuild(&changes).and_then(|rebuilt| {
            let kind = rebuilt.describe();
            hub.publish_rebuilt(rebuilt, builder.base_path());
            // Open pages reload again only if one of them changed.
            if let Some(listings) = builder.listings()?.filter(|l| !l.is_empty()) {
                hub.publish_rebuilt(listings, builder.base_path());
            }
            Ok(kind)
        });
        match rebuilt {
            Ok(kind) => {
                if let Some(timing) = builder.take_timing().filter(|_| ctx.verbose) {
                    eprintln!("{timing}");
                }
                term.warnings(builder.warnings());
                term.say(format_args!("rebuilt ({kind}) in {} ms", started.elapsed().as_millis()));
            }
            Err(f) => {
                let lang = site_language(&root);
                let p = problem(&f, lang);
                hub.publish_errors(lang, &p.summary, &p.report);
                term.failed(&f, &format!("not rebuilt ({}); serving the last good site", describe(&changes)));
            }
        }
    }
}
