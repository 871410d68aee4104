//! `waymark github member --login LOGIN`: whether a comment's author is a
//! learner or a mentor of the cohort, as the repository's files say. The
//! progress workflow asks before a comment joins the queue, so that
//! comments by anyone else never make a member's comment wait.

use super::{Context, Failure, Result};
use crate::cli::GithubMemberArgs;
use waymark::model::{load, roster};

pub fn run(ctx: &Context, args: &GithubMemberArgs) -> Result {
    let root = ctx.root()?;
    // Who the learners are, from each file's top lines (see `roster`).
    let loaded = load::load_shared(&root);
    let Some(cohort) = &loaded.cohort else {
        // Undecidable: let the comment through, so that `github apply`
        // answers it with what is wrong with the project.
        eprintln!("roadmap/cohort.yaml cannot be read; letting the comment through");
        return Ok(());
    };
    let login = args.login.as_str();
    let member = roster::read(&root, None)
        .iter()
        .filter_map(|l| l.github.as_deref())
        .any(|g| waymark::names::same_login(g, login))
        || cohort.mentors.iter().filter_map(|m| m.github.as_deref()).any(|g| waymark::names::same_login(g, login));
    if member {
        return Ok(());
    }
    if !ctx.quiet {
        eprintln!("{} is neither a learner nor a mentor of the cohort", waymark::text::safe(login));
    }
    Err(Failure::Reported)
}
