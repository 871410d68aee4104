//! `start`, `done`, `skip`, `block`, `log`, `review`, `learner add`: edits of
//! learner files that keep everything they were not asked to change.
//!
//! This file decides *what* to write (which keys, which values, in which
//! style); [`waymark::learner_file`] does the locking, validating and atomic writing.

use std::path::Path;
use std::str::FromStr as _;

use jiff::civil::Date;
use yaml_edit::{Document, Mapping, Sequence, YamlNode};

use super::{Context, Failure, Result};
use crate::cli::{LearnerAddArgs, LogArgs, ProgressArgs, ReviewArgs};
use waymark::diag::{self, did_you_mean, Diagnostic, Format};
use waymark::learner_file::{self, Edited, Editing, Touched};
use waymark::model::load::{self, Loaded};
use waymark::model::{schema, Learner, Roadmap, Status, Verdict};

/// A value to write under a key.
enum Val {
    Str(String),
    Num(f64),
    Bool(bool),
}

impl Val {
    fn date(d: Date) -> Val {
        Val::Str(d.to_string())
    }

    fn set_in(&self, m: &Mapping, key: &str) {
        match self {
            Val::Str(s) => m.set(key, s.as_str()),
            // Whole hours are written as `2`, not `2.0`, as a person would.
            Val::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => m.set(key, *n as i64),
            Val::Num(n) => m.set(key, *n),
            Val::Bool(b) => m.set(key, *b),
        }
    }
}

/// The project as far as an edit needs it, read before taking the lock
/// (to resolve ids and "today"); the edit itself re-reads under the lock.
struct Pre {
    loaded: Loaded,
    today: Date,
}

fn prepare(ctx: &Context, root: &Path, learner: &str) -> Result<Pre> {
    let loaded = load::load(root);
    learner_file::project_usable(&loaded)?;
    let Some(cohort) = &loaded.cohort else { return Err(Failure::Reported) };
    // Edits are dated by the clock, not by the cohort's `as_of`.
    let today = ctx.clock_today(cohort)?;
    let rel = waymark::model::learner_rel(learner);
    if !schema::is_id(learner) || !root.join(&rel).is_file() {
        return Err(learner_file::unknown_learner(&loaded, learner, &rel).into());
    }
    Ok(Pre { loaded, today })
}

fn roadmap(loaded: &Loaded) -> Result<&Roadmap> {
    loaded.roadmap.as_ref().ok_or(Failure::Reported)
}

/// A task as given on the command line → its current full id. A full id that
/// does not exist is passed through: writing it makes validation report it
/// exactly as `check` would (with its did-you-mean).
pub(crate) fn resolve_task(roadmap: &Roadmap, learner: &str, arg: &str) -> Result<String> {
    if roadmap.task(arg).is_some() {
        return Ok(arg.to_string());
    }
    if let Some(current) = waymark::model::alias_map(roadmap).get(arg) {
        return Ok(current.clone());
    }
    if arg.contains('/') {
        return Ok(arg.to_string());
    }
    let rel = waymark::model::learner_rel(learner);
    let matches: Vec<String> = roadmap.tasks().filter(|t| t.task.id == arg).map(|t| t.full_id()).collect();
    match matches.as_slice() {
        [one] => Ok(one.clone()),
        [] => {
            let shorts: Vec<&str> = roadmap.tasks().map(|t| t.task.id.as_str()).collect();
            let full: Vec<String> = roadmap.tasks().map(|t| t.full_id()).collect();
            let near = did_you_mean(arg, shorts.iter().copied())
                .and_then(|s| {
                    let with: Vec<&String> = full.iter().filter(|f| f.rsplit('/').next() == Some(s)).collect();
                    (with.len() == 1).then(|| with[0].as_str())
                })
                .or_else(|| did_you_mean(arg, full.iter().map(String::as_str)));
            let d = Diagnostic::file(&rel, format!("unknown task `{arg}`"));
            Err(match near {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help("give the task as `<week-id>/<task-id>`; the roadmap lists them"),
            }
            .into())
        }
        many => Err(Diagnostic::file(&rel, format!("`{arg}` is ambiguous: it is the id of {} tasks", many.len()))
            .help(format!("give the full id: {}", many.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")))
            .into()),
    }
}

/// The key the learner's file already uses for `task` (its current id, or an
/// old id listed in `aliases`), else `task` itself.
fn key_in_file(roadmap: &Roadmap, learner: &Learner, task: &str) -> String {
    let aliases = roadmap.task(task).map(|t| t.task.aliases.clone()).unwrap_or_default();
    std::iter::once(task.to_string())
        .chain(aliases)
        .find(|k| learner.progress.contains_key(k))
        .unwrap_or_else(|| task.to_string())
}

fn root_mapping(t: &Editing) -> Result<Mapping> {
    t.doc.as_mapping().ok_or_else(|| Diagnostic::file(t.rel, "the file is not a mapping of keys to values").into())
}

/// Whether a new item among `siblings` should be written `{flow: style}`:
/// when the last existing one is, so that the file stays consistent.
fn last_is_flow(last: Option<YamlNode>) -> Option<bool> {
    last.map(|n| n.as_mapping().is_some_and(Mapping::is_flow_style))
}

fn new_mapping(flow: bool) -> Mapping {
    if flow {
        Mapping::new_flow()
    } else {
        Mapping::new()
    }
}

fn report(ctx: &Context, outcome: &Edited, line: String) {
    if ctx.quiet {
        return;
    }
    if !outcome.warnings.is_empty() {
        eprint!("{}", diag::render(&outcome.warnings, Format::Human, ctx.color_stderr));
    }
    if outcome.changed {
        println!("{line}");
    } else {
        println!("{line} (already recorded; nothing changed)");
    }
}

/// A date on the command line may not be after today.
fn not_after_today(date: Option<Date>, today: Date) -> Result {
    match date {
        Some(d) if d > today => {
            Err(Failure::Other(anyhow::anyhow!("--date {d} is after today ({today}); nothing was written")))
        }
        _ => Ok(()),
    }
}

/// A date given on the command line. An impossible one is a refused edit
/// (exit 1, nothing written), with the words `check` uses for it in a file.
fn date_arg(flag: &str, value: &Option<String>) -> std::result::Result<Option<Date>, Failure> {
    match value {
        None => Ok(None),
        Some(v) => schema::check_date(v).map(Some).map_err(|(message, help)| {
            let help = help.map(|h| format!(" ({h})")).unwrap_or_default();
            Failure::Other(anyhow::anyhow!("{flag}: {message}{help}; nothing was written"))
        }),
    }
}

pub fn progress(ctx: &Context, status: Status, args: &ProgressArgs) -> Result {
    let (line, outcome) = record_progress(ctx, status, args)?;
    report(ctx, &outcome, line);
    Ok(())
}

/// `start`/`done`/`skip`/`block` without printing: what was recorded (one
/// line) and the outcome. Slash commands in GitHub comments record through it.
pub(crate) fn record_progress(ctx: &Context, status: Status, args: &ProgressArgs) -> Result<(String, Edited)> {
    let root = ctx.root()?;
    let pre = prepare(ctx, &root, &args.learner)?;
    let task = resolve_task(roadmap(&pre.loaded)?, &args.learner, &args.task)?;
    let explicit_date = date_arg("--date", &args.date)?;
    not_after_today(explicit_date, pre.today)?;
    let date = explicit_date.unwrap_or(pre.today);
    let (line, outcome) = learner_file::update(&root, &args.learner, |t| {
        let roadmap = t.loaded.roadmap.as_ref().ok_or_else(|| anyhow::anyhow!("the roadmap could not be read"))?;
        let key = key_in_file(roadmap, t.learner, &task);
        let existing = t.learner.progress.get(&key);
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
            if !h.is_finite() || h < 0.0 {
                let flag = if args.hours.is_some() { "--hours" } else { "--set-hours" };
                return Err(anyhow::anyhow!("{flag} must be a number of hours, at least 0; nothing was written").into());
            }
            let total = match (args.hours, recorded) {
                (Some(_), Some(old)) => ((old + h) * 1000.0).round() / 1000.0,
                _ => h,
            };
            fields.push(("hours", Val::Num(total)));
            match recorded {
                Some(old) if args.hours.is_some() => {
                    line.push_str(&format!(", hours {total} ({old} + {h}; --set-hours replaces the total)"))
                }
                Some(old) if old != total => line.push_str(&format!(", hours {total} (replaces {old})")),
                _ => line.push_str(&format!(", hours {total}")),
            }
        }
        if let Some(n) = &args.note {
            fields.push(("note", Val::Str(n.clone())));
        }
        let old_evidence = existing.map(|p| p.evidence.clone()).unwrap_or_default();
        let mut new_evidence: Vec<&str> = Vec::new();
        for e in &args.evidence {
            if !old_evidence.contains(e) && !new_evidence.contains(&e.as_str()) {
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
            add_evidence(m, &old_evidence, &new_evidence);
        };
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
        Ok((line, Touched::Progress(key)))
    })?;
    Ok((line, outcome))
}

/// Add links to `evidence`: one link stays a plain value; more become a list;
/// an existing list keeps its style and gets the new links appended.
fn add_evidence(m: &Mapping, old: &[String], new: &[&str]) {
    if new.is_empty() {
        return;
    }
    if let Some(seq) = m.get_sequence("evidence") {
        for e in new {
            seq.push(*e);
        }
        return;
    }
    let all: Vec<&str> = old.iter().map(String::as_str).chain(new.iter().copied()).collect();
    if let [one] = all.as_slice() {
        m.set("evidence", *one);
        return;
    }
    let seq = Sequence::new_flow();
    for e in all {
        seq.push(e);
    }
    m.set("evidence", seq);
}

pub fn log(ctx: &Context, args: &LogArgs) -> Result {
    let (line, outcome) = record_log(ctx, args)?;
    report(ctx, &outcome, line);
    Ok(())
}

/// `log` without printing.
pub(crate) fn record_log(ctx: &Context, args: &LogArgs) -> Result<(String, Edited)> {
    let root = ctx.root()?;
    let pre = prepare(ctx, &root, &args.learner)?;
    let date = date_arg("--date", &args.date)?;
    not_after_today(date, pre.today)?;
    let date = date.unwrap_or(pre.today);
    let (line, outcome) = learner_file::update(&root, &args.learner, |t| {
        let top = root_mapping(t)?;
        let fill = |m: &Mapping| {
            Val::date(date).set_in(m, "date");
            Val::Num(args.hours).set_in(m, "hours");
            if let Some(n) = &args.note {
                Val::Str(n.clone()).set_in(m, "note");
            }
        };
        match top.get_sequence("journal") {
            Some(seq) => {
                let flow = seq.is_flow_style() || last_is_flow(seq.values().last()).unwrap_or(true);
                let e = new_mapping(flow);
                fill(&e);
                seq.push(e);
            }
            None => {
                // Built from text: a sequence made from scratch at the top
                // level would be written unindented (`- {…}`), unlike the
                // `  - {…}` of every example file.
                let snippet = Document::from_str("journal:\n  - {}\n")
                    .map_err(|e| anyhow::anyhow!("cannot build the journal: {e}"))?;
                let seq = snippet.as_mapping().and_then(|m| m.get_sequence("journal"));
                let item = seq.as_ref().and_then(|s| s.get(0)).and_then(|n| n.as_mapping().cloned());
                let (Some(seq), Some(item)) = (seq, item) else {
                    return Err(anyhow::anyhow!("cannot build the journal").into());
                };
                fill(&item);
                top.set("journal", seq);
            }
        }
        Ok((format!("{}: journal {date}, {} h", t.learner.id, args.hours), Touched::JournalAppend))
    })?;
    Ok((line, outcome))
}

pub fn review(ctx: &Context, args: &ReviewArgs) -> Result {
    let (line, outcome) = record_review(ctx, args)?;
    report(ctx, &outcome, line);
    Ok(())
}

/// `review` without printing.
pub(crate) fn record_review(ctx: &Context, args: &ReviewArgs) -> Result<(String, Edited)> {
    let root = ctx.root()?;
    let pre = prepare(ctx, &root, &args.learner)?;
    let task = resolve_task(roadmap(&pre.loaded)?, &args.learner, &args.task)?;
    let date = date_arg("--date", &args.date)?;
    not_after_today(date, pre.today)?;
    let date = date.unwrap_or(pre.today);
    let verdict = if args.changes { "changes" } else { "approved" };
    let (line, outcome) = learner_file::update(&root, &args.learner, |t| {
        let roadmap = t.loaded.roadmap.as_ref().ok_or_else(|| anyhow::anyhow!("the roadmap could not be read"))?;
        let key = key_in_file(roadmap, t.learner, &task);
        let Some(by) = args.by.clone().or_else(|| t.learner.mentor.clone()) else {
            return Err(Diagnostic::file(t.rel, format!("who reviewed it? `{}` has no mentor", t.learner.id))
                .help("pass --by MENTOR")
                .into());
        };
        let status = t.learner.progress.get(&key).map_or(Status::Todo, |p| p.status);
        if status != Status::Done {
            return Err(Diagnostic::file(
                t.rel,
                format!("`{task}` is not done (status: {}), so there is nothing to review", status.as_str()),
            )
            .help(format!("record it first: `waymark done {} {task}`", t.learner.id))
            .into());
        }
        if let Some(f) = t.learner.progress.get(&key).and_then(|p| p.finished).filter(|f| date < *f) {
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

pub fn learner_add(ctx: &Context, args: &LearnerAddArgs) -> Result {
    let root = ctx.root()?;
    let rel = waymark::model::learner_rel(&args.id);
    if !schema::is_id(&args.id) {
        let slug = schema::slugify(&args.id);
        let d = Diagnostic::file(&rel, format!("`{}` is not a valid learner id", args.id));
        return Err(if slug.is_empty() || !schema::is_id(&slug) {
            d.help(schema::ID_RULE)
        } else {
            d.help(format!("did you mean `{slug}`? ({})", schema::ID_RULE))
        }
        .into());
    }
    let doc = Document::new_mapping();
    Val::Str(args.name.clone()).set_in(&doc_map(&doc)?, "name");
    let m = doc_map(&doc)?;
    if let Some(g) = &args.github {
        Val::Str(g.clone()).set_in(&m, "github");
    }
    if let Some(mentor) = &args.mentor {
        Val::Str(mentor.clone()).set_in(&m, "mentor");
    }
    if let Some(s) = date_arg("--start", &args.start)? {
        Val::date(s).set_in(&m, "start");
    }
    if let Some(p) = args.pace {
        Val::Num(p).set_in(&m, "pace");
    }
    let mut text = doc.to_string();
    if let Some(target) = crate::cmd::schema::learner_ref(&root) {
        text = format!("{}{target}\n{text}", crate::cmd::schema::SCHEMA_COMMENT);
    }
    let outcome = learner_file::create(&root, &args.id, &text)?;
    report(ctx, &outcome, format!("created {}", diag::display_path(&rel)));
    Ok(())
}

fn doc_map(doc: &Document) -> Result<Mapping> {
    doc.as_mapping().ok_or_else(|| Failure::Other(anyhow::anyhow!("cannot build the learner file")))
}
