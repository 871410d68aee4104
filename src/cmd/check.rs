//! `waymark check`: validate every file and report all problems at once.

use super::{summary, Context, Failure, Result};
use crate::cli::CheckArgs;
use crate::context::SiteFlags;
use waymark::diag::{self, Format};

pub fn run(ctx: &Context, args: &CheckArgs) -> Result {
    let diags = match ctx.site_options(SiteFlags::default()) {
        Err(Failure::Diagnostics(d)) => d,
        Err(e) => return Err(e),
        Ok(options) => {
            let (loaded, diags) = waymark::pipeline::check(&options);
            if !diags.iter().any(diag::Diagnostic::is_error) && Format::from(args.format) == Format::Human && !ctx.quiet
            {
                if let Some(r) = &loaded.roadmap {
                    print!("{}", diag::render(&diags, Format::Human, ctx.color_stdout));
                    println!(
                        "ok: {} weeks, {} tasks, {} learners, {} translation{}",
                        r.weeks.len(),
                        r.task_count(),
                        loaded.learners.len(),
                        loaded.translations.len(),
                        if loaded.translations.len() == 1 { "" } else { "s" }
                    );
                    return Ok(());
                }
            }
            diags
        }
    };
    let failed = diags.iter().any(diag::Diagnostic::is_error);
    match Format::from(args.format) {
        Format::Human => {
            if !diags.is_empty() {
                eprint!("{}", diag::render(&diags, Format::Human, ctx.color_stderr));
                eprintln!("{}", summary(&diags));
            }
        }
        format => print!("{}", diag::render(&diags, format, false)),
    }
    if failed {
        Err(Failure::Reported)
    } else {
        Ok(())
    }
}
