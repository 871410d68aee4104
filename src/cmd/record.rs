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
use waymark::diag::{self, BadArgument, Diagnostic, Format};
use waymark::learner_file::{self, Edited, Editing};
use waymark::model::load::{self, Loaded};
use waymark::model::{schema, Learner, Roadmap};
use waymark::names::{self, Miss, Tasks};

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
/// (to resolve names and "today"); the edit itself re-reads under the lock.
pub(super) struct Pre {
    pub(super) loaded: Loaded,
    pub(super) today: Date,
    /// The learner's id, whatever name they were given by.
    pub(super) learner: String,
}

pub(super) fn prepare(ctx: &Context, root: &Path, learner: &str) -> Result<Pre> {
    let loaded = waymark::model::roster::load_named(root, ctx.keys(), learner)
        .unwrap_or_else(|| load::load_with(root, ctx.keys()));
    learner_file::project_usable(&loaded)?;
    let Some(cohort) = &loaded.cohort else { return Err(Failure::Reported) };
    // Edits are dated by the clock, not by the cohort's `as_of`.
    let today = ctx.clock_today(cohort)?;
    let learner = resolve_learner(&loaded, root, learner)?;
    Ok(Pre { loaded, today, learner })
}

/// A learner as given on the command line (id, GitHub login or display
/// name) → their id; else the nearest learner, or how to add one.
pub(super) fn resolve_learner(loaded: &Loaded, root: &Path, given: &str) -> Result<String> {
    if schema::is_id(given) && root.join(loaded.learner_file(given)).is_file() {
        return Ok(given.to_string());
    }
    let all: Vec<&Learner> = loaded.learners.iter().collect();
    match names::learner(&all, given) {
        Ok(l) => Ok(l.id.clone()),
        // Nothing near: perhaps a sealed file that could not be opened.
        Err(Miss::Unknown { near: None, .. }) if schema::is_id(given) => {
            Err(learner_file::missing_learner(loaded, given))
        }
        Err(_) => Err(learner_file::no_learner_named(&all, given).into()),
    }
}

pub(super) fn roadmap(loaded: &Loaded) -> Result<&Roadmap> {
    loaded.roadmap.as_ref().ok_or(Failure::Reported)
}

/// The tasks of the project by every name they go by (the roadmap's ids
/// and the titles of every language).
pub(super) fn task_names(loaded: &Loaded) -> Result<Tasks> {
    Ok(Tasks::new(roadmap(loaded)?, loaded.translations.values()))
}

/// A task as given on the command line (or in a comment) → its current full
/// id (see [`waymark::names`]). Anything else is a mistake in the argument,
/// with the nearest tasks.
pub(crate) fn resolve_task(tasks: &Tasks, arg: &str) -> Result<String> {
    tasks.find(arg).map_err(|miss| unknown_task(tasks, arg, arg, miss))
}

/// The task named by `first` and the words in `more` up to the first link
/// (a title may take several words), and the links after it.
pub(super) fn resolve_task_words<'a>(tasks: &Tasks, first: &str, more: &'a [String]) -> Result<(String, &'a [String])> {
    let n = more.iter().take_while(|w| !waymark::link::starts_link(w)).count();
    let name = std::iter::once(first).chain(more[..n].iter().map(String::as_str)).collect::<Vec<_>>().join(" ");
    match tasks.find(&name) {
        Ok(id) => Ok((id, &more[n..])),
        Err(miss) => Err(unknown_task(tasks, first, &name, miss)),
    }
}

/// "no task `…`", with the nearest tasks by id and title.
fn unknown_task(tasks: &Tasks, arg: &str, name: &str, miss: Miss) -> Failure {
    match miss {
        Miss::Ambiguous(ids) => BadArgument::new(arg, format!("`{name}` is ambiguous: it names {} tasks", ids.len()))
            .help(format!("give the full id: {}", code_list(&ids)))
            .into(),
        Miss::Unknown { near, nearest } => {
            let bad = BadArgument::new(arg, format!("no task `{name}` in the roadmap")).suggest(near.as_deref());
            let listed: Vec<String> = nearest
                .iter()
                .filter(|(id, _)| Some(id) != near.as_ref())
                .map(|(id, _)| format!("`{id}` ({})", tasks.title(id).unwrap_or("")))
                .collect();
            match (&near, listed.is_empty()) {
                // Its title beside the id: what a page shows.
                (Some(id), true) => match tasks.title(id) {
                    Some(title) => bad.help(title),
                    None => bad,
                },
                (None, true) => {
                    bad.help("give the task's id (`<week-id>/<task-id>`) or its title; the week pages show both")
                }
                (_, false) => bad.help(format!("the nearest tasks: {}", listed.join(", "))),
            }
            .into()
        }
    }
}

/// The links given on the command line, as `--evidence` and after the task,
/// read as a comment's are ([`waymark::link`]).
pub(super) fn evidence_links(loaded: &Loaded, given: &[String], after_task: &[String]) -> Result<Vec<String>> {
    let repo = loaded.cohort.as_ref().and_then(|c| c.repo.as_deref());
    let mut out: Vec<String> = Vec::new();
    for value in given.iter().chain(after_task) {
        let url = waymark::link::one(value, repo)
            .map_err(|bad| Failure::from(BadArgument::new(value, bad.to_string()).help(bad.help())))?;
        if !out.contains(&url) {
            out.push(url);
        }
    }
    Ok(out)
}

fn code_list(ids: &[String]) -> String {
    ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

/// The key the learner's file already uses for `task` (its current id, or an
/// old id listed in `aliases`), else `task` itself.
pub(super) fn key_in_file(roadmap: &Roadmap, learner: &Learner, task: &str) -> String {
    let aliases = roadmap.task(task).map(|t| t.task.aliases.clone()).unwrap_or_default();
    std::iter::once(task.to_string())
        .chain(aliases)
        .find(|k| learner.progress.contains_key(k.as_str()))
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
