//! `start`, `done`, `skip` and `block`: one code path that sets a task's
//! status in a learner file (with its dates, hours, evidence and note),
//! keeping everything it was not asked to change.

use yaml_edit::{Mapping, Sequence};

use super::record::{
    date_arg, evidence_links, key_in_file, last_is_flow, new_mapping, not_after_today, prepare, report,
    resolve_task_words, root_mapping, task_names, Val,
};
use super::{Context, Result};
use crate::cli::ProgressArgs;
use waymark::diag::Diagnostic;
use waymark::learner_file::{self, Edited, Touched};
use waymark::model::{Status, Verdict};

pub fn run(ctx: &Context, status: Status, args: &ProgressArgs) -> Result {
    let (line, outcome) = record_progress(ctx, status, args, None)?;
    report(ctx, &outcome, line);
    Ok(())
}

/// `start`/`done`/`skip`/`block` without printing: what was recorded (one
/// line) and the outcome. Slash commands in GitHub comments record through
/// it, giving the comment's address as `source`: added to the entry's
/// `source` when the comment changed the entry.
pub(crate) fn record_progress(
    ctx: &Context,
    status: Status,
    args: &ProgressArgs,
    source: Option<&str>,
) -> Result<(String, Edited)> {
    let root = ctx.root()?;
    let pre = prepare(ctx, &root, &args.learner)?;
    let (task, links) = resolve_task_words(&task_names(&pre.loaded)?, &args.task, &args.more)?;
    let evidence = evidence_links(&pre.loaded, &args.evidence, links)?;
    let explicit_date = date_arg("--date", &args.date)?;
    not_after_today(explicit_date, pre.today)?;
    let date = explicit_date.unwrap_or(pre.today);
    let (line, outcome) = learner_file::update(&root, &pre.learner, ctx.keys(), |t| {
        let roadmap = t.loaded.roadmap.as_ref().ok_or_else(|| anyhow::anyhow!("the roadmap could not be read"))?;
        let key = key_in_file(roadmap, t.learner, &task);
        let existing = t.learner.progress.get(key.as_str());
        // A done task re-opened or skipped loses what was recorded for it.
        if let Some(p) = existing.filter(|p| p.status == Status::Done && status != Status::Done && !args.force) {
            let mut lost = Vec::new();
            if let Some(f) = p.finished.filter(|_| status != Status::Skipped) {
                lost.push(format!("its finish date {f}"));
            }
            if !p.evidence.is_empty() && status == Status::Skipped {
                lost.push(format!("{} evidence link(s)", p.evidence.len()));
            }
            if !p.reviews.is_empty() {
                lost.push(format!("{} review(s), which would no longer match its status", p.reviews.len()));
            }
            if !lost.is_empty() {
                return Err(Diagnostic::file(
                    t.rel,
                    format!(
                        "`{task}` is done; making it {} would discard {}; nothing was written",
                        status.as_str(),
                        lost.join(" and ")
                    ),
                )
                .help(if p.reviews.is_empty() || status == Status::Skipped {
                    "pass --force to record it anyway".to_string()
                } else {
                    format!(
                        "to ask for more work on it, record a review instead: `waymark review {} {task} --changes -m TEXT`; \
                         or pass --force to record it anyway",
                        t.learner.id
                    )
                })
                .into());
            }
        }
        let started = existing.and_then(|p| p.started);
        let mut fields: Vec<(&str, Val)> = vec![("status", Val::Str(status.as_str().to_string()))];
        let mut remove: Vec<&str> = Vec::new();
        let mut line = format!("{}: {task} {}", t.learner.id, status.as_str());
        match status {
            Status::Doing | Status::Blocked => {
                // Re-running `start` keeps the first start date unless told otherwise.
                let explicit = args.date.is_some() && status == Status::Doing;
                if explicit || started.is_none() {
                    fields.push(("started", Val::date(date)));
                    line.push_str(&format!(", started {date}"));
                }
                // `block` records when, whatever the start date was.
                if status == Status::Blocked {
                    fields.push(("blocked", Val::date(date)));
                    line.push_str(&format!(", blocked since {date}"));
                }
                // A finished date contradicts an open task (`check` warns about it).
                if existing.is_some_and(|p| p.finished.is_some()) {
                    remove.push("finished");
                }
            }
            Status::Done => {
                let done = existing.filter(|p| p.status == Status::Done);
                let newest = done.and_then(|p| p.reviews.iter().max_by_key(|r| r.date));
                let resubmitted = newest.is_some_and(|r| r.verdict == Verdict::Changes);
                match done.and_then(|p| p.finished) {
                    // After "changes requested", done again is the resubmission:
                    // the new finish date puts it back in the review queue.
                    Some(_) if resubmitted => {
                        fields.push(("finished", Val::date(date)));
                        line.push_str(&format!(", finished {date} (resubmitted: awaits review again)"));
                    }
                    // Done again without --date keeps the finish date (as `start` keeps the start date).
                    Some(f) if explicit_date.is_none() || f == date => line.push_str(&format!(", finished {f}")),
                    // A new finish date after an approval would send approved
                    // work back to the review queue.
                    Some(f) if newest.is_some_and(|r| r.verdict == Verdict::Approved && r.date >= f) && !args.force => {
                        return Err(Diagnostic::file(
                            t.rel,
                            format!(
                                "`{task}` was finished {f} and approved; finishing it on {date} would replace that date \
                                 and send the approved work back to the review queue; nothing was written"
                            ),
                        )
                        .help("pass --force to record the new finish date anyway")
                        .into());
                    }
                    Some(f) => {
                        fields.push(("finished", Val::date(date)));
                        line.push_str(&format!(", finished {date} (was {f})"));
                    }
                    None => {
                        fields.push(("finished", Val::date(date)));
                        line.push_str(&format!(", finished {date}"));
                    }
                }
            }
            Status::Skipped => {
                if let Some(d) = explicit_date {
                    fields.push(("finished", Val::date(d)));
                }
            }
            Status::Todo => {}
        }
        // --hours adds to what is recorded, --set-hours replaces it; the
        // line says which, with the figure it started from.
        let recorded = existing.and_then(|p| p.hours);
        if let Some(h) = args.hours.or(args.set_hours) {
            // Each figure was checked where it was given (`parse_hours`, or
            // the comment's parser); only their sum can still overflow.
            let total = match (args.hours, recorded) {
                (Some(_), Some(old)) => ((old + h) * 1000.0).round() / 1000.0,
                _ => h,
            };
            if !total.is_finite() {
                return Err(anyhow::anyhow!(
                    "{h} more hours would make the total too large to record; nothing was written"
                )
                .into());
            }
            fields.push(("hours", Val::Num(total)));
            match recorded {
                Some(old) if args.hours.is_some() => {
                    line.push_str(&format!(", hours {total} ({old} + {h}; --set-hours replaces the total)"))
                }
                Some(old) if old != total => line.push_str(&format!(", hours {total} (replaces {old})")),
                _ => line.push_str(&format!(", hours {total}")),
            }
        }
        // A note goes below the one recorded (a blank line apart), unless
        // --replace; the same note again changes nothing.
        if let Some(n) = args.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            let old = existing.and_then(|p| p.note.as_deref()).map(str::trim).filter(|o| !o.is_empty());
            match old {
                Some(o) if args.replace => {
                    if o != n {
                        line.push_str(", note replaced");
                    }
                    fields.push(("note", Val::Str(n.to_string())));
                }
                Some(o) if o == n || o.ends_with(&format!("\n\n{n}")) => {}
                Some(o) => {
                    fields.push(("note", Val::Str(format!("{o}\n\n{n}"))));
                    line.push_str(", note added below the earlier one (--replace replaces it)");
                }
                None => fields.push(("note", Val::Str(n.to_string()))),
            }
        }
        let old_evidence: Vec<&str> = existing.map(|p| p.evidence.iter().map(|e| &**e).collect()).unwrap_or_default();
        let mut new_evidence: Vec<&str> = Vec::new();
        for e in &evidence {
            if !old_evidence.contains(&e.as_str()) && !new_evidence.contains(&e.as_str()) {
                new_evidence.push(e);
            }
        }
        let fill = |m: &Mapping| {
            for (k, v) in &fields {
                v.set_in(m, k);
            }
            for k in &remove {
                m.remove(*k);
            }
            add_urls(m, "evidence", &old_evidence, &new_evidence);
        };
        let before = t.doc.to_string();
        let top = root_mapping(t)?;
        match top.get_mapping("progress") {
            Some(pm) => match pm.get_mapping(&key) {
                Some(em) => fill(&em),
                None => {
                    let em = new_mapping(last_is_flow(pm.values().last()).unwrap_or(false));
                    fill(&em);
                    pm.set(key.as_str(), em);
                }
            },
            None => {
                let em = Mapping::new();
                fill(&em);
                let pm = Mapping::new();
                pm.set(key.as_str(), em);
                top.set("progress", pm);
            }
        }
        let old_sources = existing.map(|p| p.source.clone()).unwrap_or_default();
        if let Some(url) = source.filter(|u| t.doc.to_string() != before && !old_sources.iter().any(|s| s == u)) {
            if let Some(em) = top.get_mapping("progress").and_then(|pm| pm.get_mapping(&key)) {
                add_urls(&em, "source", &old_sources, &[url]);
            }
        }
        Ok((line, Touched::Progress(key)))
    })?;
    Ok((line, outcome))
}

/// Add links to `key` (`evidence`, `source`): one link stays a plain value;
/// more become a list; an existing list keeps its style and gets the new
/// links appended.
fn add_urls(m: &Mapping, key: &str, old: &[impl AsRef<str>], new: &[&str]) {
    if new.is_empty() {
        return;
    }
    if let Some(seq) = m.get_sequence(key) {
        for e in new {
            seq.push(*e);
        }
        return;
    }
    let all: Vec<&str> = old.iter().map(AsRef::as_ref).chain(new.iter().copied()).collect();
    if let [one] = all.as_slice() {
        m.set(key, *one);
        return;
    }
    let seq = Sequence::new_flow();
    for e in all {
        seq.push(e);
    }
    m.set(key, seq);
}
