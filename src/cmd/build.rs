//! `waymark build`: render the site and write it to the output folder
//! atomically; with `--watch`, keep rebuilding on every change.

use std::time::Instant;

use super::{Context, Failure, Result};
use crate::cli::BuildArgs;
use crate::model::Project;
use crate::render::{self, Files, Options, Theme, View};

pub fn run(ctx: &Context, args: &BuildArgs) -> Result {
    let view = if args.full { View::Full } else { View::Public };
    if args.watch {
        return crate::serve::build_watch(ctx, args, view);
    }
    let started = Instant::now();
    let project = ctx.project()?;
    let today = ctx.today(&project.cohort)?;
    let files = site(&project, view, today)?;
    let out = project.root.join(&args.out);
    let written = crate::output::write(&project.root, &out, &files)?;
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

/// Load the theme and render the whole site in memory.
pub fn site(project: &Project, view: View, today: jiff::civil::Date) -> Result<Files> {
    let theme = Theme::load(&project.root, &project.cohort.theme, project.cohort.language.code())
        .map_err(Failure::Diagnostics)?;
    render::render(project, &theme, &Options { view, today }).map_err(Failure::Diagnostics)
}
