//! `waymark check`: validate every file and report all problems at once.

use super::{Context, Failure, Result};
use crate::cli::CheckArgs;
use crate::context::SiteFlags;
use waymark::diag::{self, Format};
use waymark::render::theme::Theme;

pub fn run(ctx: &Context, args: &CheckArgs) -> Result {
    let diags = match ctx.site_options(SiteFlags::default()) {
        Err(Failure::Diagnostics(d)) => d,
        Err(e) => return Err(e),
        Ok(options) => {
            let (loaded, diags) = waymark::pipeline::check(&options);
            let mut said_ok = false;
            if !diags.iter().any(diag::Diagnostic::is_error) && Format::from(args.format) == Format::Human && !ctx.quiet
            {
                if let Some(r) = &loaded.roadmap {
                    print!("{}", diag::render(&diags, Format::Human, ctx.color_stdout));
                    let theme = Theme::builtin(&ctx.lang());
                    let w = theme.words();
                    let counts = [
                        ("weeks", w.count("n_weeks", r.weeks.len())),
                        ("tasks", w.count("n_tasks", r.task_count())),
                        ("learners", w.count("n_learners", loaded.learners.len())),
                        ("translations", w.count("n_translations", loaded.translations.len())),
                    ];
                    let vars: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    println!("{}", w.fill("cli_check_ok", &vars));
                    said_ok = true;
                }
            }
            // The process ends next: freeing a large file's values (or ten
            // thousand learners) one by one would cost more than reading
            // them did.
            std::mem::forget(loaded);
            if said_ok {
                return Ok(());
            }
            diags
        }
    };
    let failed = diags.iter().any(diag::Diagnostic::is_error);
    match Format::from(args.format) {
        Format::Human => {
            if !diags.is_empty() {
                eprint!("{}", diag::render(&diags, Format::Human, ctx.color_stderr));
                eprintln!("{}", ctx.summary(&diags));
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
