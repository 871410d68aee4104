//! What the edits of learner files share (`start`/`done`/`skip`/`block`,
//! `log`, `review`, `learner add`, and the slash commands of `github apply`):
//! reading the project before the edit, resolving a task as given, the key a
//! file already uses for it, dates and values as they are written, and the
//! line printed after an edit.
//!
//! The commands decide *what* to write (which keys, which values, in which
//! style); [`waymark::learner_file`] does the locking, validating and atomic writing.

use std::path::Path;

use jiff::civil::Date;
use yaml_edit::{Mapping, YamlNode};

use super::{Context, Failure, Result};
use waymark::diag::{self, did_you_mean, BadArgument, Diagnostic, Format};
use waymark::learner_file::{self, Edited, Editing};
use waymark::model::load::{self, Loaded};
use waymark::model::{schema, Learner, Roadmap};

/// A value to write under a key.
pub(super) enum Val {
    Str(String),
    Num(f64),
    Bool(bool),
}

impl Val {
    pub(super) fn date(d: Date) -> Val {
        Val::Str(d.to_string())
    }

    pub(super) fn set_in(&self, m: &Mapping, key: &str) {
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
pub(super) struct Pre {
    pub(super) loaded: Loaded,
    pub(super) today: Date,
}

pub(super) fn prepare(ctx: &Context, root: &Path, learner: &str) -> Result<Pre> {
    let loaded = load::load_for(root, ctx.keys(), learner).unwrap_or_else(|| load::load_with(root, ctx.keys()));
    learner_file::project_usable(&loaded)?;
    let Some(cohort) = &loaded.cohort else { return Err(Failure::Reported) };
    // Edits are dated by the clock, not by the cohort's `as_of`.
    let today = ctx.clock_today(cohort)?;
    if !schema::is_id(learner) || !root.join(loaded.learner_file(learner)).is_file() {
        return Err(learner_file::missing_learner(&loaded, learner));
    }
    Ok(Pre { loaded, today })
}

pub(super) fn roadmap(loaded: &Loaded) -> Result<&Roadmap> {
    loaded.roadmap.as_ref().ok_or(Failure::Reported)
}

/// A task as given on the command line (or in a comment) → its current full
/// id: a full id, an old one listed in `aliases`, or a task id that only one
/// week has. Anything else is a mistake in the argument, with the nearest id.
pub(crate) fn resolve_task(roadmap: &Roadmap, arg: &str) -> Result<String> {
    if roadmap.task(arg).is_some() {
        return Ok(arg.to_string());
    }
    if let Some(current) = waymark::model::alias_map(roadmap).get(arg) {
        return Ok(current.clone());
    }
    let full: Vec<String> = roadmap.tasks().map(|t| t.full_id()).collect();
    let matches: Vec<&String> =
        full.iter().filter(|f| !arg.contains('/') && f.rsplit('/').next() == Some(arg)).collect();
    match matches.as_slice() {
        [one] => Ok(one.to_string()),
        [] => {
            let shorts: Vec<&str> = roadmap.tasks().map(|t| t.task.id.as_str()).collect();
            let near = if arg.contains('/') {
                did_you_mean(arg, full.iter().map(String::as_str))
            } else {
                did_you_mean(arg, shorts.iter().copied())
                    .and_then(|s| {
                        let with: Vec<&String> = full.iter().filter(|f| f.rsplit('/').next() == Some(s)).collect();
                        (with.len() == 1).then(|| with[0].as_str())
                    })
                    .or_else(|| did_you_mean(arg, full.iter().map(String::as_str)))
            };
            let bad = BadArgument::new(arg, format!("no task `{arg}` in the roadmap")).suggest(near);
            Err(if near.is_some() {
                bad
            } else {
                bad.help("give the task as `<week-id>/<task-id>`; the roadmap lists them")
            }
            .into())
        }
        many => Err(BadArgument::new(arg, format!("`{arg}` is ambiguous: it is the id of {} tasks", many.len()))
            .help(format!("give the full id: {}", many.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")))
            .into()),
    }
}

/// The key the learner's file already uses for `task` (its current id, or an
/// old id listed in `aliases`), else `task` itself.
pub(super) fn key_in_file(roadmap: &Roadmap, learner: &Learner, task: &str) -> String {
    let aliases = roadmap.task(task).map(|t| t.task.aliases.clone()).unwrap_or_default();
    std::iter::once(task.to_string())
        .chain(aliases)
        .find(|k| learner.progress.contains_key(k))
        .unwrap_or_else(|| task.to_string())
}

pub(super) fn root_mapping(t: &Editing) -> Result<Mapping> {
    t.doc.as_mapping().ok_or_else(|| Diagnostic::file(t.rel, "the file is not a mapping of keys to values").into())
}

/// Whether a new item among `siblings` should be written `{flow: style}`:
/// when the last existing one is, so that the file stays consistent.
pub(super) fn last_is_flow(last: Option<YamlNode>) -> Option<bool> {
    last.map(|n| n.as_mapping().is_some_and(Mapping::is_flow_style))
}

pub(super) fn new_mapping(flow: bool) -> Mapping {
    if flow {
        Mapping::new_flow()
    } else {
        Mapping::new()
    }
}

pub(super) fn report(ctx: &Context, outcome: &Edited, line: String) {
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
pub(super) fn not_after_today(date: Option<Date>, today: Date) -> Result {
    match date {
        Some(d) if d > today => {
            Err(Failure::Other(anyhow::anyhow!("--date {d} is after today ({today}); nothing was written")))
        }
        _ => Ok(()),
    }
}

/// A date given on the command line. An impossible one is a refused edit
/// (exit 1, nothing written), with the words `check` uses for it in a file.
pub(super) fn date_arg(flag: &str, value: &Option<String>) -> std::result::Result<Option<Date>, Failure> {
    match value {
        None => Ok(None),
        Some(v) => schema::check_date(v).map(Some).map_err(|(message, help)| {
            let help = help.map(|h| format!(" ({h})")).unwrap_or_default();
            Failure::Other(anyhow::anyhow!("{flag}: {message}{help}; nothing was written"))
        }),
    }
}
