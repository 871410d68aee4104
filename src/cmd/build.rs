//! `waymark build`: render the site and write it to the output folder
//! atomically; with `--watch`, keep it up to date on every change, writing
//! only the files whose bytes changed.

use std::time::Instant;

use super::{Context, Failure, Result};
use crate::cli::BuildArgs;
use crate::context::{SiteFlags, Terminal};
use waymark::output::{self, Written};
use waymark::pipeline::rebuild::{Builder, Rebuilt};
use waymark::pipeline::watch::{describe, Watcher};
use waymark::pipeline::{Site, SiteOptions};
use waymark::render::{Files, View};

pub fn run(ctx: &Context, args: &BuildArgs) -> Result {
    let options = ctx.site_options(SiteFlags {
        view: Some(if args.full { View::Full } else { View::Public }),
        base_url: args.base_url.as_deref(),
        out: Some(&args.out),
        force: args.force,
    })?;
    if args.watch {
        return watch(ctx, &options, args);
    }
    let started = Instant::now();
    if ctx.verbose {
        waymark::timing::enable();
    }
    let project = ctx.site_project(&options)?;
    let mut site = Site::new(&options, project)?;
    let rendering = Instant::now();
    let written = site.write()?;
    if ctx.verbose {
        eprintln!(
            "rendered, wrote and swapped the site in, in {} ms ({} files taken over from the previous site; {} learners' own files not rendered again)",
            rendering.elapsed().as_millis(),
            written.kept,
            written.unrendered
        );
        eprint!("time by stage (summed over threads):\n{}", waymark::timing::report());
    }
    // The process ends next: freeing thousands of learners piece by piece
    // would only delay that.
    std::mem::forget(site);
    if let Some(warning) = size_warning(options.view, written.bytes).filter(|_| !ctx.quiet) {
        eprintln!("{warning}");
    }
    Terminal::new(ctx, &[]).say(format_args!("{}", built_line("built", &options, args, written, started)));
    Ok(())
}

/// GitHub's documented limit for a published Pages site.
const PAGES_LIMIT: u64 = 1_000_000_000;

/// A warning when the public site outgrows, or nears, what GitHub documents
/// that Pages publishes: the build succeeds, the deploy may not (what
/// `actions/deploy-pages` checks is the compressed upload, far smaller, but
/// the documented limit is the one to plan by).
fn size_warning(view: View, bytes: u64) -> Option<String> {
    if view != View::Public || bytes < PAGES_LIMIT / 10 * 9 {
        return None;
    }
    let mb = bytes / 1_000_000;
    Some(if bytes > PAGES_LIMIT {
        format!(
            "warning: the site is {mb} MB, and GitHub Pages publishes sites up to 1 GB: it may not deploy there; \
             split the cohort into sites of their own (see `waymark docs performance`)"
        )
    } else {
        format!("warning: the site is {mb} MB, near GitHub Pages' 1 GB limit for a published site (see `waymark docs performance`)")
    })
}

/// "built 21 files into site in 80 ms (3 changed)", and the full view's warning.
fn built_line(what: &str, options: &SiteOptions, args: &BuildArgs, written: Written, started: Instant) -> String {
    format!(
        "{what} {} files into {} in {} ms ({} changed){}",
        written.files,
        args.out.display(),
        started.elapsed().as_millis(),
        written.changed,
        if options.view == View::Full { " — full view, includes private learners: do not publish" } else { "" }
    )
}

/// `build --watch`: the first build staged and swapped in whole, as `build`
/// does; after each change, only the files whose bytes changed are written
/// (each replaced atomically) and those that are gone removed, through the
/// same output code, lock and refusal rules.
fn watch(ctx: &Context, options: &SiteOptions, args: &BuildArgs) -> Result {
    let mut builder = Builder::new(options);
    let mut term = Terminal::new(ctx, &[]);
    let mut site = Files::new();
    // Whether the folder has been written whole (not after a failed first
    // build or write), and the manifest written last: a site another build
    // put there meanwhile (another view, another day) is written whole
    // again, never patched into a mix of both.
    let mut written_whole = false;
    let mut manifest = None;
    // Watch before the first build, so an edit saved while it runs is not lost.
    let watcher = Watcher::new(&options.root, Some(&options.out), args.poll)?;
    let started = Instant::now();
    match builder.full() {
        Ok(files) => {
            site = files;
            term.warnings(builder.warnings());
            match output::write(&options.root, &options.out, options.force, &site) {
                Ok(w) => {
                    written_whole = true;
                    manifest = output::manifest::fingerprint(&options.out);
                    if let Some(warning) = size_warning(options.view, w.bytes).filter(|_| !ctx.quiet) {
                        eprintln!("{warning}");
                    }
                    term.say(format_args!("{}", built_line("built", options, args, w, started)));
                }
                Err(e) => term.failed(&e.into(), "not written; waiting for a change"),
            }
        }
        Err(f) => term.failed(&f, "not built; waiting for a fix"),
    }
    term.say(format_args!("watching roadmap/ and themes/ for changes (Ctrl-C to stop)"));
    for changes in watcher {
        let started = Instant::now();
        match builder.rebuild(&changes) {
            Ok(rebuilt) => {
                let kind = rebuilt.describe();
                // A learner's save: their own files are written first, then
                // the pages that list learners, rendered again from every
                // learner (a second, smaller write).
                let mut write_out = |rebuilt: Rebuilt| {
                    let delta = rebuilt.apply_to(&mut site);
                    let ours = manifest.is_some() && output::manifest::fingerprint(&options.out) == manifest;
                    let result = if written_whole && ours {
                        output::update(&options.root, &options.out, options.force, &site, &delta)
                    } else {
                        output::write(&options.root, &options.out, options.force, &site)
                    };
                    if result.is_ok() {
                        written_whole = true;
                        manifest = output::manifest::fingerprint(&options.out);
                    }
                    result.map_err(Failure::from)
                };
                let result = write_out(rebuilt).and_then(|own| match builder.listings()? {
                    Some(listings) => write_out(listings).map(|w| Written { changed: own.changed + w.changed, ..w }),
                    None => Ok(own),
                });
                if let Some(timing) = builder.take_timing().filter(|_| ctx.verbose) {
                    eprintln!("{timing}");
                }
                term.warnings(builder.warnings());
                match result {
                    Ok(w) => {
                        let what = format!("rebuilt ({kind})");
                        term.say(format_args!("{}", built_line(&what, options, args, w, started)));
                    }
                    Err(f) => term.failed(&f, "not written; waiting for a change"),
                }
            }
            Err(f) => term.failed(
                &f,
                &format!("not rebuilt ({}); {} keeps the last good site", describe(&changes), args.out.display()),
            ),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_site_near_or_over_the_pages_limit_is_warned_about() {
        assert_eq!(size_warning(View::Public, 899_999_999), None);
        let near = size_warning(View::Public, 900_000_000).unwrap();
        assert!(near.starts_with("warning: the site is 900 MB, near GitHub Pages' 1 GB limit"), "{near}");
        let over = size_warning(View::Public, 1_234_567_890).unwrap();
        assert!(
            over.starts_with("warning: the site is 1234 MB, and GitHub Pages publishes sites up to 1 GB"),
            "{over}"
        );
        // The full view is never published.
        assert_eq!(size_warning(View::Full, 2_000_000_000), None);
    }
}
