//! `waymark build`: render the site and write it to the output folder
//! atomically; with `--watch`, keep rebuilding on every change.

use std::time::Instant;

use super::{Context, Failure, Result};
use crate::cli::BuildArgs;
use crate::render::{self, Cache, Options, Theme, View};

pub fn run(ctx: &Context, args: &BuildArgs) -> Result {
    let view = if args.full { View::Full } else { View::Public };
    if args.watch {
        return crate::serve::build_watch(ctx, args, view);
    }
    let started = Instant::now();
    let mut project = ctx.project()?;
    if let Some(url) = &args.base_url {
        project.cohort.base_url = Some(url.clone());
    }
    let today = ctx.today(&project.cohort)?;
    let out = project.root.join(&args.out);
    // Pages go to disk as they are rendered: the site is never held whole.
    let staging = crate::output::Staging::new(&project.root, &out, args.force)?;
    let theme = Theme::load(&project.root, &project.cohort.theme, project.cohort.language.code())
        .map_err(Failure::Diagnostics)?;
    let mut cache = Cache::default();
    let rendering = Instant::now();
    render::render_to(&project, &theme, &Options { view, today }, &mut cache, None, &staging)
        .map_err(Failure::Diagnostics)?;
    let swapping = Instant::now();
    let written = staging.finish()?;
    if ctx.verbose {
        eprintln!(
            "rendered and wrote in {} ms, swapped the site in, in {} ms",
            swapping.duration_since(rendering).as_millis(),
            swapping.elapsed().as_millis()
        );
    }
    // The process ends next: freeing thousands of learners piece by piece
    // would only delay that.
    std::mem::forget((project, theme, cache));
    if !ctx.quiet {
        println!(
            "built {} files into {} in {} ms ({} changed){}",
            written.files,
            args.out.display(),
            started.elapsed().as_millis(),
            written.changed,
            if view == View::Full { " — full view, includes private learners: do not publish" } else { "" }
        );
    }
    Ok(())
}
