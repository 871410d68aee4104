//! `waymark build`: render the site and write it to the output folder
//! atomically; with `--watch`, keep rebuilding on every change.

use std::time::Instant;

use super::{Context, Result};
use crate::cli::BuildArgs;
use crate::pipeline::Site;
use crate::render::View;

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
    let out = project.root.join(&args.out);
    let mut site = Site::new(ctx, project, view)?;
    let rendering = Instant::now();
    let written = site.write(&out, args.force)?;
    if ctx.verbose {
        eprintln!("rendered, wrote and swapped the site in, in {} ms", rendering.elapsed().as_millis());
    }
    // The process ends next: freeing thousands of learners piece by piece
    // would only delay that.
    std::mem::forget(site);
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
