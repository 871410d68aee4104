//! `waymark github reply --failed WHAT`: the answer the progress workflow
//! posts when it recorded nothing (waymark could not apply the comment, the
//! branch refused the push, or the branch kept moving), in the cohort's
//! language, with the link to the run; worded for an issue when the event
//! is a newly opened one.

use super::{Context, Result};
use crate::cli::{Failed, GithubReplyArgs};
use waymark::github::event::{Event, Kind};
use waymark::model::load;
use waymark::render::theme::Theme;

pub fn run(ctx: &Context, args: &GithubReplyArgs) -> Result {
    let root = ctx.root()?;
    let loaded = load::load(&root);
    // The project may be what is broken: then the language as written, if
    // it can be read at all, else the default's.
    let (lang, theme_name) = match &loaded.cohort {
        Some(c) => (c.language.code().to_string(), c.theme.clone()),
        None => (crate::context::written_language(&root).unwrap_or_else(|| "ko".into()), "default".into()),
    };
    let theme = Theme::load(&root, &theme_name, &lang)
        .or_else(|_| Theme::load(&root, "default", &lang))
        .map_err(waymark::error::Failure::Diagnostics)?;
    let key = match args.failed {
        Failed::Apply => "gh_failed_apply",
        Failed::Protected => "gh_failed_protected",
        Failed::Busy => "gh_failed_busy",
    };
    // The event, when it can be read, says whether the answer is to an issue.
    let kind = args.event.as_deref().and_then(|p| Event::read(p).ok()).map_or(Kind::Comment, |e| e.kind());
    let mut text = kind.wording(&theme.strings, key).cloned().unwrap_or_else(|| key.to_string());
    for (k, v) in [("branch", args.branch.as_str()), ("run", args.run_url.as_str())] {
        text = text.replace(&format!("{{{k}}}"), &waymark::text::one_line(v));
    }
    println!("{text}");
    Ok(())
}
