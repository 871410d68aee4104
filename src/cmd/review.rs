//! `waymark review`: a mentor's verdict on a finished task, appended to the
//! task's `reviews` in the learner file.

use yaml_edit::{Mapping, Sequence};

use super::record::{
    date_arg, key_in_file, last_is_flow, new_mapping, not_after_today, prepare, report, resolve_task, root_mapping,
    task_names, Val,
};
use super::{Context, Result};
use crate::cli::ReviewArgs;
use waymark::diag::Diagnostic;
use waymark::learner_file::{self, Edited, Touched};
use waymark::model::Status;

pub fn run(ctx: &Context, args: &ReviewArgs) -> Result {
    let (line, outcome) = record_review(ctx, args, None)?;
    report(ctx, &outcome, line);
    Ok(())
}

/// `review` without printing; `source` is the address of the GitHub comment
/// that asked for the review, written with it.
pub(crate) fn record_review(ctx: &Context, args: &ReviewArgs, source: Option<&str>) -> Result<(String, Edited)> {
    let root = ctx.root()?;
    let pre = prepare(ctx, &root, &args.learner)?;
    let task = resolve_task(&task_names(&pre.loaded)?, &args.task)?;
    if let (Some(by), Some(cohort)) = (&args.by, &pre.loaded.cohort) {
        if cohort.mentor(by).is_none() {
            return Err(learner_file::unknown_mentor(cohort, by).into());
        }
    }
    let date = date_arg("--date", &args.date)?;
    not_after_today(date, pre.today)?;
    let date = date.unwrap_or(pre.today);
    let verdict = if args.changes { "changes" } else { "approved" };
    let (line, outcome) = learner_file::update(&root, &pre.learner, ctx.keys(), |t| {
        let roadmap = t.loaded.roadmap.as_ref().ok_or_else(|| anyhow::anyhow!("the roadmap could not be read"))?;
        let key = key_in_file(roadmap, t.learner, &task);
        let Some(by) = args.by.clone().or_else(|| t.learner.mentor.clone()) else {
            return Err(Diagnostic::file(t.rel, format!("who reviewed it? `{}` has no mentor", t.learner.id))
                .help("pass --by MENTOR")
                .into());
        };
        let status = t.learner.progress.get(key.as_str()).map_or(Status::Todo, |p| p.status);
        if status != Status::Done {
            return Err(Diagnostic::file(
                t.rel,
                format!("`{task}` is not done (status: {}), so there is nothing to review", status.as_str()),
            )
            .help(format!("record it first: `waymark done {} {task}`", t.learner.id))
            .into());
        }
        if let Some(f) = t.learner.progress.get(key.as_str()).and_then(|p| p.finished).filter(|f| date < *f) {
            return Err(Diagnostic::file(
                t.rel,
                format!("a review dated {date} comes before `{task}` was finished ({f}); nothing was written"),
            )
            .help("give the review's date with --date YYYY-MM-DD")
            .into());
        }
        let top = root_mapping(t)?;
        let em = top
            .get_mapping("progress")
            .and_then(|pm| pm.get_mapping(&key))
            .ok_or_else(|| anyhow::anyhow!("cannot find the progress entry `{key}` to edit"))?;
        let fill = |m: &Mapping| {
            Val::Str(by.clone()).set_in(m, "by");
            Val::date(date).set_in(m, "date");
            Val::Str(verdict.into()).set_in(m, "verdict");
            if let Some(c) = &args.message {
                Val::Str(c.clone()).set_in(m, "comment");
            }
            if args.private {
                Val::Bool(true).set_in(m, "private");
            }
            if let Some(u) = source {
                Val::Str(u.to_string()).set_in(m, "source");
            }
        };
        match em.get_sequence("reviews") {
            Some(seq) => {
                let flow = seq.is_flow_style() || last_is_flow(seq.values().last()).unwrap_or(true);
                let r = new_mapping(flow);
                fill(&r);
                seq.push(r);
            }
            None => {
                let r = Mapping::new_flow();
                fill(&r);
                let seq = Sequence::new();
                seq.push(r);
                em.set("reviews", seq);
            }
        }
        Ok((format!("{}: {task} {verdict} by {by} on {date}", t.learner.id), Touched::Progress(key)))
    })?;
    Ok((line, outcome))
}
