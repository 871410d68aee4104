//! `waymark check`: validate every file and report all problems at once.

use super::{summary, Context, Failure, Result};
use crate::cli::CheckArgs;
use crate::diag::{self, Format};

pub fn run(ctx: &Context, args: &CheckArgs) -> Result {
    let diags = match ctx.root() {
        Err(Failure::Diagnostics(d)) => d,
        Err(e) => return Err(e),
        Ok(root) => {
            let loaded = crate::model::load::load(&root);
            let mut diags = loaded.diags.clone();
            diags.extend(crate::model::validate::validate(&loaded));
            // The theme is part of the project: what would stop `build` must stop `check`.
            if let Some(cohort) = &loaded.cohort {
                let theme = crate::render::Theme::load(&root, &cohort.theme, cohort.language.code());
                if let Err(d) = theme.and_then(|t| t.environment().map(drop)) {
                    diags.extend(d);
                }
            }
            diag::sort(&mut diags);
            if !diags.iter().any(diag::Diagnostic::is_error) && args.format == Format::Human && !ctx.quiet {
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
    match args.format {
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
