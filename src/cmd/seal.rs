//! `waymark seal ID`, `waymark seal --rekey` and `waymark unseal ID`: a
//! learner's file between plain text and a sealed file (see
//! [`waymark::model::sealed`]). [`waymark::learner_file`] does the work
//! under the learners' lock; this prints what happened, and what sealing
//! cannot undo: the plain text git already holds.

use super::{Context, Result};
use crate::cli::{SealArgs, UnsealArgs};
use waymark::diag::{self, display_path, Format};
use waymark::learner_file;

pub fn seal(ctx: &Context, args: &SealArgs) -> Result {
    let root = ctx.root()?;
    let Some(id) = args.id.as_deref().filter(|_| !args.rekey) else {
        let files = learner_file::rekey(&root, ctx.keys())?;
        if !ctx.quiet {
            for f in &files {
                println!("sealed again {}", display_path(f));
            }
            if files.is_empty() {
                println!("no sealed learner files");
            }
        }
        return Ok(());
    };
    let sealed = learner_file::seal(&root, id, ctx.keys())?;
    if !sealed.warnings.is_empty() && !ctx.quiet {
        eprint!("{}", diag::render(&sealed.warnings, Format::Human, ctx.color_stderr));
    }
    let plain = waymark::model::learner_rel(id);
    if !ctx.quiet {
        println!("sealed learner `{id}`: {} replaces {}", display_path(&sealed.file), display_path(&plain));
    }
    if sealed.in_history {
        let head = diag::paint(ctx.color_stderr, "1;33", "warning");
        let plain = display_path(&plain);
        eprintln!(
            "{head}: git's history still holds {plain} in plain text: anyone who can read the repository can read \
             it there\n  = help: commit the sealed file, then, if the text must go, rewrite the history with \
             `git filter-repo --invert-paths --path {plain}` and force-push (every clone keeps its old copy; \
             waymark never rewrites history)"
        );
    }
    Ok(())
}

pub fn unseal(ctx: &Context, args: &UnsealArgs) -> Result {
    let root = ctx.root()?;
    let file = learner_file::unseal(&root, &args.id, ctx.keys())?;
    if !ctx.quiet {
        println!("unsealed learner `{}` into {}", args.id, display_path(&file));
    }
    Ok(())
}
