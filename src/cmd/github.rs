//! `waymark github apply`: the slash commands of a GitHub comment, checked
//! against who wrote it and recorded with the command line's own edits
//! (lock, validation, atomic write; nothing written when an edit is refused).
//!
//! Rights: a learner (their file's `github` is the comment author's login,
//! in any case) records their own progress and journal; a mentor (`github`
//! in cohort.yaml's `mentors`) reviews their own learners. Each command is
//! recorded or refused on its own; the answer (Markdown, in the cohort's
//! language) says which, and why.
//!
//! The answer is public, so it is no oracle: someone outside the cohort gets
//! one answer whatever the comment says, and a command that names a learner
//! is answered alike (the same words with the id as written, the same exit
//! code) for a private learner, an unknown id and a learner the author may
//! not act for. A private learner's answers name neither them nor their notes.
//!
//! Every line a comment writes carries the comment's address (`source:` on
//! the journal entry, the review, the task's progress), so a mentor can trace
//! any line back to the comment that wrote it; and that address is what makes
//! a second delivery of the same comment (or the same comment applied again
//! on a newer tip of the branch) change nothing: a learner whose file already
//! names the comment is not written again. Two comments with the same text
//! are two comments, and both are recorded. Every command is dated by the day
//! its comment was written, in the cohort's time zone, however long it queued.

use std::fmt::Write as _;
use std::path::Path;

use jiff::civil::Date;

use super::{log, progress, review, Context, Failure, Result};
use crate::cli::{GithubApplyArgs, LogArgs, ProgressArgs, ReviewArgs};
use waymark::github::command::{self, Command, Line, Problem};
use waymark::github::event::{Comment, Event, Ignored, Kind};
use waymark::model::cohort::Mentor;
use waymark::model::learner::ReviewState;
use waymark::model::load::{self, Loaded};
use waymark::model::roster::{self, Member};
use waymark::model::schema::FileKind;
use waymark::model::{Learner, Roadmap, Status, Verdict};
use waymark::names::{self, Miss, Tasks};
use waymark::render::theme::Theme;

/// Leave out of `lines` what is no command for an event of `kind`: an
/// issue that names a command mid-sentence is a question about it (or a bug
/// report), not a command written in the wrong place.
fn keep_for(kind: Kind, lines: &mut Vec<Line>) {
    if kind == Kind::Issue {
        lines.retain(|l| !matches!(l.parsed, Err(Problem::NotAtLineStart(_))));
    }
}

pub fn apply(ctx: &Context, args: &GithubApplyArgs) -> Result {
    let event = Event::read(&args.event)?;
    let (comment, kind) = match event.comment() {
        Ok(c) => c,
        Err(why) => {
            if !ctx.quiet {
                eprintln!("{}", ignored(&why));
            }
            return answer(args, "");
        }
    };
    let body = comment.body.as_deref().unwrap_or("");
    // Whether there is anything to do is told without the project.
    let mut lines = command::commands(body);
    keep_for(kind, &mut lines);
    if lines.is_empty() {
        if !ctx.quiet {
            eprintln!("the comment holds no slash command; nothing to do");
        }
        return answer(args, "");
    }
    let root = ctx.root()?;
    // The shared files, and who the learners are, read lightly; the files
    // of the learners a command names are read when it runs.
    let loaded = load::load_shared(&root);
    waymark::learner_file::project_usable(&loaded)?;
    // Comments are public: a sealed learner is no learner here.
    let roster = roster::read(&root, None);
    let (Some(cohort), Some(base)) = (&loaded.cohort, &loaded.roadmap) else { return Err(Failure::Reported) };
    let lang = cohort.language.code();
    let theme = Theme::load(&root, &cohort.theme, lang).map_err(Failure::Diagnostics)?;
    let roadmap = match loaded.translations.get(lang) {
        Some(t) => base.translated(t),
        None => base.clone(),
    };
    let names = Tasks::new(base, loaded.translations.values());
    let names_task = |name: &str, prefix: bool| names.names_one(name, prefix);
    let reading = command::Reading { names_task: &names_task, repo: cohort.repo.as_deref() };
    let mut lines = command::commands_in(body, &reading);
    keep_for(kind, &mut lines);
    let Some(url) = comment.url() else {
        return Err(Failure::Other(anyhow::anyhow!(
            "comment {} has no https `html_url`, which GitHub always sends: no event of GitHub's",
            comment.id
        )));
    };
    // The clock, not the cohort's `as_of`: a comment is recorded on its day.
    let today = ctx.clock_today(cohort)?;
    let date = comment.date(&cohort.timezone).filter(|d| *d <= today).unwrap_or(today);
    let login = comment.user.login.as_str();
    let shown = display_login(login);
    let mentor = cohort.mentors.iter().find(|m| m.github.as_deref().is_some_and(|g| names::same_login(g, login)));
    let member =
        roster.iter().any(|l| l.github.as_deref().is_some_and(|g| names::same_login(g, login))) || mentor.is_some();
    if !member {
        answer(args, &format!("{}\n", Strings(&theme, kind).get("gh_stranger", &[("login", &shown)])))?;
        return Err(Failure::Other(anyhow::anyhow!(
            "comment {}: {shown} is neither a learner nor a mentor of the cohort; nothing was recorded",
            comment.id
        )));
    }
    let base = match args.base_url.as_deref().filter(|u| !u.is_empty()) {
        Some(url) => Some(crate::context::base_url_arg(url)?),
        None => None,
    };
    // Learners whose file this comment already wrote to, before it writes
    // anything: of those it may write to, the commenter's own and, for a
    // mentor, their learners.
    let may_write = roster.iter().filter(|l| {
        l.github.as_deref().is_some_and(|g| names::same_login(g, login))
            || mentor.is_some_and(|m| l.mentor.as_deref() == Some(m.id.as_str()))
    });
    let applied = may_write
        .filter(|l| read_learner(&root, &l.id).is_some_and(|l| l.has_source(url)))
        .map(|l| l.id.clone())
        .collect();
    let run = Run {
        root: &root,
        loaded: &loaded,
        roster: &roster,
        roadmap: &roadmap,
        names: &names,
        s: Strings(&theme, kind),
        login: &comment.user.login,
        url,
        applied,
        date,
        base,
        edit_ctx: Context {
            root: Some(root.clone()),
            today: Some(date),
            color_stdout: false,
            color_stderr: false,
            quiet: true,
            verbose: false,
            // Comments are public: a sealed learner is no learner here.
            keys: None,
        },
    };
    let results: Vec<(&Line, CommandResult)> =
        lines.iter().take(command::MAX_COMMANDS).map(|line| (line, run.one(line))).collect();
    let reply = run.reply(comment, &results, lines.len() > command::MAX_COMMANDS);
    answer(args, &reply)?;
    let failed =
        results.iter().filter(|(_, o)| matches!(o, CommandResult::Refused(_) | CommandResult::NotRecorded(_))).count();
    if kind == Kind::Issue {
        // An issue opened to record something is done with once all of it is.
        outputs(&[("close", if failed == 0 { "true" } else { "false" })])?;
    }
    if failed > 0 {
        return Err(Failure::Other(anyhow::anyhow!(
            "{failed} of {} command(s) in comment {} were not recorded; the answer says why",
            results.len(),
            comment.id
        )));
    }
    if !ctx.quiet {
        eprintln!("{} command(s) of comment {} recorded", results.len(), comment.id);
    }
    Ok(())
}

/// Step outputs for the workflow: `KEY=VALUE` lines appended to the file
/// `$GITHUB_OUTPUT` names, when it is set (as in a GitHub Actions step).
fn outputs(pairs: &[(&str, &str)]) -> Result {
    let Some(path) = std::env::var_os("GITHUB_OUTPUT").filter(|p| !p.is_empty()) else { return Ok(()) };
    let text: String = pairs.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| Failure::Other(anyhow::anyhow!("cannot open $GITHUB_OUTPUT: {e}")))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| Failure::Other(anyhow::anyhow!("cannot write $GITHUB_OUTPUT: {e}")))
}

fn ignored(why: &Ignored) -> String {
    match why {
        Ignored::Action(a) => format!("ignored: the comment was {a}, and only new comments are read"),
        Ignored::Bot(login) => format!("ignored: {} is a bot", waymark::text::safe(login)),
    }
}

/// Write the answer to `--reply`, or print it when there is none.
fn answer(args: &GithubApplyArgs, reply: &str) -> Result {
    match &args.reply {
        Some(path) => std::fs::write(path, reply)
            .map_err(|e| Failure::Other(anyhow::anyhow!("cannot write {}: {e}", path.display()))),
        None => {
            // Stdout is often a terminal: no control character of a comment reaches it raw.
            print!("{}", waymark::text::safe(reply));
            Ok(())
        }
    }
}

/// What became of one command.
enum CommandResult {
    /// Written to the learner's file: what it now says.
    Recorded { learner: String, what: String },
    /// The file already said so.
    Unchanged { learner: String },
    /// The learner's file already holds what this comment wrote.
    Applied { learner: String },
    /// The author may not run it.
    Refused(String),
    /// Allowed, but not recordable (unknown task, bad link, invalid result).
    NotRecorded(String),
}

/// The UI strings of the cohort's language, worded for a comment or an issue.
struct Strings<'a>(&'a Theme, Kind);

impl Strings<'_> {
    fn get(&self, key: &str, vars: &[(&str, &str)]) -> String {
        let s = self.1.wording(&self.0.strings, key).cloned().unwrap_or_else(|| key.to_string());
        waymark::render::theme::fill(&s, vars)
    }

    /// [`Strings::get`] for the count `n`, in its plural form (`{n}` filled in).
    fn count(&self, key: &str, n: usize, vars: &[(&str, &str)]) -> String {
        let issue = format!("{key}_issue");
        let key = if self.1 == Kind::Issue && self.0.strings.contains_key(&issue) { &issue } else { key };
        let n = n.to_string();
        waymark::render::theme::fill(&self.0.words().form(key, &n), vars).replace("{n}", &n)
    }
}

struct Run<'a> {
    root: &'a Path,
    /// The shared files (the learners' are read when a command names them).
    loaded: &'a Loaded,
    /// Who the learners are (see [`roster`]).
    roster: &'a [Member],
    /// In the cohort's language, for task titles.
    roadmap: &'a Roadmap,
    /// The tasks by every name they go by.
    names: &'a Tasks,
    s: Strings<'a>,
    login: &'a str,
    /// The comment's address: the `source` of what it writes.
    url: &'a str,
    /// Learners whose file named the comment before it was applied.
    applied: std::collections::BTreeSet<String>,
    date: Date,
    /// `--base-url`: the site's address for the answer's links, before cohort.yaml's.
    base: Option<String>,
    /// The context the edits run in: quiet, "today" the comment's day.
    edit_ctx: Context,
}

impl Run<'_> {
    fn one(&self, line: &Line) -> CommandResult {
        let name = line.text.split_whitespace().next().unwrap_or("").trim_start_matches('/').to_lowercase();
        let usage = command::usage(&name);
        // The site's "record on GitHub" links fill in placeholders to replace.
        let placeholders = ["record_evidence_placeholder", "record_changes_placeholder"];
        if placeholders.iter().any(|k| line.text.contains(&self.s.get(k, &[]))) {
            return CommandResult::NotRecorded(self.s.get("gh_placeholder", &[]));
        }
        if matches!(line.parsed, Err(Problem::UnknownTask(_))) && self.task_comes_second(&name, &line.text) {
            return CommandResult::NotRecorded(self.s.get("gh_own_file", &[("usage", usage)]));
        }
        let cmd = match &line.parsed {
            Ok(c) => c,
            Err(p) => return CommandResult::NotRecorded(self.problem(p, usage)),
        };
        let learners = self.learners_of_login();
        let mentor = self.mentor_of_login();
        let shown = display_login(self.login);
        if cmd.is_learners() {
            let learner = match (learners.as_slice(), mentor) {
                ([one], _) => *one,
                ([], Some(_)) => return CommandResult::Refused(self.s.get("gh_mentor_progress", &[])),
                ([], None) => return CommandResult::Refused(self.s.get("gh_stranger", &[("login", &shown)])),
                // Their ids are not shown: one of them may be private.
                _ => return CommandResult::Refused(self.s.get("gh_several_learners", &[("login", &shown)])),
            };
            return self.learners_command(learner, cmd);
        }
        let Some(mentor) = mentor else {
            return CommandResult::Refused(self.s.get("gh_not_mentor", &[("login", &shown)]));
        };
        self.review(mentor, cmd)
    }

    /// `/done jung vpc`: a learner command with a word before its task (a
    /// learner's id, most likely). Told by the roadmap alone, never by which
    /// learners exist, so that the answer says nothing of them.
    fn task_comes_second(&self, name: &str, text: &str) -> bool {
        let words: Vec<&str> =
            text.split_whitespace().skip(2).take_while(|w| !command::starts_link_or_flag(w)).collect();
        let names = |n: usize| !words.is_empty() && self.names.find(&words[..n.min(words.len())].join(" ")).is_ok();
        matches!(name, "start" | "done" | "skip" | "block") && (names(1) || names(words.len()))
    }

    fn learners_of_login(&self) -> Vec<&Member> {
        self.roster.iter().filter(|l| l.github.as_deref().is_some_and(|g| names::same_login(g, self.login))).collect()
    }

    fn mentor_of_login(&self) -> Option<&Mentor> {
        let cohort = self.loaded.cohort.as_ref()?;
        cohort.mentors.iter().find(|m| m.github.as_deref().is_some_and(|g| names::same_login(g, self.login)))
    }

    fn problem(&self, p: &Problem, usage: &str) -> String {
        match p {
            Problem::Unknown { name, suggestion } => {
                self.s.get("gh_unknown_command", &[("name", &plain(&format!("/{name}"))), ("s", suggestion)])
            }
            Problem::Missing(what) => {
                let what = self.s.get(&format!("gh_what_{what}"), &[]);
                self.s.get("gh_missing", &[("what", &what), ("usage", usage)])
            }
            Problem::BadHours(v) => self.s.get("gh_bad_hours", &[("value", &plain(v)), ("usage", usage)]),
            Problem::UnknownTask(name) => self.task(name).err().unwrap_or_default(),
            Problem::BadUrl(v) => {
                let mut why = self.s.get("gh_bad_url", &[("value", &plain(v))]);
                if let Err(bad) = waymark::link::one(v, None) {
                    if let waymark::link::Why::NotHttp { meant: Some(m) } = bad.why {
                        why.push(' ');
                        why.push_str(&self.s.get("gh_did_you_mean", &[("s", &m)]));
                    }
                }
                why
            }
            Problem::NoRepo(v) => self.s.get("gh_no_repo", &[("value", &plain(v))]),
            Problem::Unexpected(v) => self.s.get("gh_unexpected", &[("value", &plain(v)), ("usage", usage)]),
            Problem::Folded => self.s.get("gh_folded", &[]),
            Problem::NotAtLineStart(name) => self.s.get("gh_not_at_line_start", &[("usage", command::usage(name))]),
        }
    }

    /// The task `name` names, or why not (in words for the answer): the
    /// nearest tasks, by id and title, when it names none.
    fn task(&self, name: &str) -> std::result::Result<String, String> {
        let shown = plain(name);
        match self.names.find(name) {
            Ok(t) => Ok(t),
            Err(Miss::Ambiguous(ids)) => {
                let ids: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
                Err(self.s.get("gh_ambiguous_task", &[("task", &shown), ("ids", &ids.join(", "))]))
            }
            Err(Miss::Unknown { near, nearest }) => {
                let mut why = self.s.get("gh_unknown_task", &[("task", &shown)]);
                if let Some(n) = &near {
                    // With its title, as the site shows it.
                    why.push(' ');
                    why.push_str(&self.s.get("gh_did_you_mean", &[("s", n)]));
                    why.push_str(&format!(" ({})", self.title_of(n)));
                }
                let others: Vec<String> = nearest
                    .iter()
                    .filter(|(id, _)| Some(id) != near.as_ref())
                    .map(|(id, _)| format!("{} (`{id}`)", self.title_of(id)))
                    .collect();
                if !others.is_empty() {
                    why.push(' ');
                    why.push_str(&self.s.get("gh_nearest_tasks", &[("tasks", &others.join(", "))]));
                }
                Err(why)
            }
        }
    }

    /// A task's title in the cohort's language, as plain Markdown text.
    fn title_of(&self, task: &str) -> String {
        self.roadmap.task(task).map(|t| md_text(&t.task.title)).unwrap_or_default()
    }

    fn learners_command(&self, learner: &Member, cmd: &Command) -> CommandResult {
        let id = learner.id.clone();
        match cmd {
            Command::Progress { status, task, evidence, hours, note } => {
                let task = match self.task(task) {
                    Ok(t) => t,
                    Err(why) => return CommandResult::NotRecorded(why),
                };
                if self.applied.contains(&id) {
                    return CommandResult::Applied { learner: id };
                }
                let args = ProgressArgs {
                    learner: id.clone(),
                    task: task.clone(),
                    more: vec![],
                    evidence: evidence.clone(),
                    // Added, as on the command line: the comment's address
                    // keeps a second delivery from adding them again.
                    hours: *hours,
                    set_hours: None,
                    note: note.clone(),
                    // A comment's note is added below an earlier one, never in its place.
                    replace: false,
                    date: None,
                    force: false,
                };
                let before = self.read(&id);
                let before = before.as_ref().and_then(|l| self.entry(l, &task));
                let old_hours = before.and_then(|p| p.hours);
                let had_note = before.is_some_and(|p| p.note.as_deref().is_some_and(|n| !n.trim().is_empty()));
                let result = progress::record_progress(&self.edit_ctx, *status, &args, Some(self.url));
                let hours_changed = hours.map(|_| old_hours.unwrap_or(0.0));
                let note_given = note.as_deref().map(|n| (n, had_note));
                self.outcome(&id, result, || self.progress_now(&id, &task, hours_changed, note_given))
            }
            Command::Log { hours, note } => {
                if self.applied.contains(&id) {
                    return CommandResult::Applied { learner: id };
                }
                let args = LogArgs { learner: id.clone(), hours: *hours, note: note.clone(), date: None };
                let result = log::record_log(&self.edit_ctx, &args, Some(self.url));
                let hours = hours.to_string();
                self.outcome(&id, result, || {
                    self.s.get("gh_journal", &[("date", &self.date.to_string()), ("hours", &hours)])
                })
            }
            Command::Review { .. } => CommandResult::Refused(self.s.get("gh_not_mentor", &[("login", self.login)])),
        }
    }

    fn review(&self, mentor: &Mentor, cmd: &Command) -> CommandResult {
        let Command::Review { learner, task, verdict, comment } = cmd else {
            return CommandResult::Refused(self.s.get("gh_mentor_progress", &[]));
        };
        // Only the mentor's own learners are looked for, by id or by GitHub
        // login (`@kimdev`): anyone else, private or public or no one, is
        // answered as unknown, in the same words.
        let mine: Vec<&Member> =
            self.roster.iter().filter(|l| l.mentor.as_deref() == Some(mentor.id.as_str())).collect();
        let Ok(target) = names::learner(&mine, learner) else {
            let mut why = self.s.get("gh_unknown_learner", &[("learner", &plain(learner))]);
            // Suggestions are public: private learners are never suggested.
            let public: Vec<&Member> = mine.iter().copied().filter(|l| !l.private).collect();
            if let Err(Miss::Unknown { near: Some(n), .. }) = names::learner(&public, learner) {
                why.push(' ');
                why.push_str(&self.s.get("gh_did_you_mean", &[("s", &n)]));
            }
            return CommandResult::NotRecorded(why);
        };
        let id = target.id.clone();
        let task = match self.task(task) {
            Ok(t) => t,
            Err(why) => return CommandResult::NotRecorded(why),
        };
        let verdict_word = if *verdict == Verdict::Approved { "approved" } else { "changes" };
        let now = self.read(&id);
        let entry = now.as_ref().and_then(|l| self.entry(l, &task));
        let status = entry.map_or(Status::Todo, |p| p.status);
        if status != Status::Done {
            let status = self.s.get(&format!("status_{}", status.as_str()), &[]);
            return CommandResult::NotRecorded(
                self.s.get("gh_not_done", &[("task", &code(&task)), ("status", &status)]),
            );
        }
        // The command line would take `--date`; a comment has its own day.
        if let Some(f) = entry.and_then(|p| p.finished).filter(|f| self.date < *f) {
            return CommandResult::NotRecorded(
                self.s.get("gh_review_before_finish", &[("task", &code(&task)), ("date", &f.to_string())]),
            );
        }
        if self.applied.contains(&id) {
            return CommandResult::Applied { learner: id };
        }
        let args = ReviewArgs {
            learner: id.clone(),
            task: task.clone(),
            approve: *verdict == Verdict::Approved,
            changes: *verdict == Verdict::Changes,
            message: comment.clone(),
            by: Some(mentor.id.clone()),
            private: false,
            date: None,
        };
        let result = review::record_review(&self.edit_ctx, &args, Some(self.url));
        self.outcome(&id, result, || {
            let verdict = self.s.get(&format!("verdict_{verdict_word}"), &[]);
            let what = self.s.get(
                "gh_review",
                &[("verdict", &verdict), ("mentor", &md_text(&mentor.name)), ("date", &self.date.to_string())],
            );
            format!("{} · {what}", self.task_label(&task))
        })
    }

    /// The outcome of an edit; `what` says what the file now holds.
    fn outcome(
        &self,
        learner: &str,
        result: Result<(String, waymark::learner_file::Edited)>,
        what: impl FnOnce() -> String,
    ) -> CommandResult {
        match self.outcome_of(learner, result, what) {
            // A private learner's file name is their id: not in a public answer.
            CommandResult::NotRecorded(why) if self.is_private(learner) => {
                let file = waymark::model::learner_rel(learner).display().to_string();
                CommandResult::NotRecorded(why.replace(&file, "roadmap/learners/…"))
            }
            other => other,
        }
    }

    fn outcome_of(
        &self,
        learner: &str,
        result: Result<(String, waymark::learner_file::Edited)>,
        what: impl FnOnce() -> String,
    ) -> CommandResult {
        match result {
            Ok((_, o)) if !o.changed => CommandResult::Unchanged { learner: learner.to_string() },
            Ok(_) => CommandResult::Recorded { learner: learner.to_string(), what: what() },
            Err(Failure::Diagnostics(diags)) => {
                let mut why = self.s.get("gh_invalid", &[]);
                for d in diags.iter().filter(|d| d.is_error()) {
                    let _ = write!(why, " {}", code(&d.message));
                    if let Some(h) = d.help.as_deref().and_then(|h| self.comment_help(h)) {
                        let _ = write!(why, " {h}");
                    }
                }
                CommandResult::NotRecorded(why)
            }
            // Said as a sentence about the value in the comment: no command
            // line to point at, and no flags to name.
            Err(Failure::Argument(bad)) => {
                let mut why = code(&bad.message);
                if let Some(s) = &bad.suggestion {
                    why.push(' ');
                    why.push_str(&self.s.get("gh_did_you_mean", &[("s", s)]));
                }
                CommandResult::NotRecorded(why)
            }
            Err(Failure::Other(e)) => CommandResult::NotRecorded(code(&format!("{e:#}"))),
            Err(Failure::Reported) => CommandResult::NotRecorded(String::new()),
        }
    }

    /// An edit's help as it applies to a comment: the command line's flags
    /// and commands become what to write in a comment, or nothing.
    fn comment_help(&self, help: &str) -> Option<String> {
        if help.contains("waymark review") {
            Some(self.s.get("gh_hint_changes", &[("usage", command::usage("changes"))]))
        } else if help.contains("--force") {
            Some(self.s.get("gh_hint_force", &[]))
        } else if help.contains("--") || help.contains("waymark ") {
            None
        } else {
            Some(format!("({})", code(help)))
        }
    }

    /// The learner file as it is now on disk.
    fn read(&self, id: &str) -> Option<Learner> {
        read_learner(self.root, id)
    }

    /// The progress entry of `task` in `learner`'s file: under its id or an old one.
    fn entry<'l>(&self, learner: &'l Learner, task: &str) -> Option<&'l waymark::model::learner::Progress> {
        let aliases = self.roadmap.task(task).map(|t| t.task.aliases.clone()).unwrap_or_default();
        std::iter::once(task.to_string()).chain(aliases).find_map(|k| learner.progress.get(k.as_str()))
    }

    fn is_private(&self, id: &str) -> bool {
        self.roster.iter().any(|l| l.id == id && l.private)
    }

    fn task_label(&self, task: &str) -> String {
        match self.roadmap.task(task) {
            Some(t) => format!("**{}** (`{task}`)", md_text(&t.task.title)),
            None => format!("`{task}`"),
        }
    }

    /// What the learner's file says of `task` after the edit.
    /// `hours_from`: what the task's hours were before the command added to them;
    /// `note_given`: the command's note, and whether it went below an earlier one.
    fn progress_now(&self, id: &str, task: &str, hours_from: Option<f64>, note_given: Option<(&str, bool)>) -> String {
        let mut parts = vec![self.task_label(task)];
        let learner = self.read(id);
        let Some(p) = learner.as_ref().and_then(|l| self.entry(l, task)) else { return parts.join(" · ") };
        // The state in the site's words: changes requested is not done.
        parts.push(format!("**{}**", self.s.get(&format!("status_{}", p.state().as_str()), &[])));
        if let (Some(d), Status::Doing | Status::Blocked) = (p.started, p.status) {
            parts.push(self.s.get("gh_started", &[("date", &d.to_string())]));
        }
        if let (Some(d), Status::Done | Status::Skipped) = (p.finished, p.status) {
            parts.push(self.s.get("gh_finished", &[("date", &d.to_string())]));
        }
        match (hours_from, p.hours) {
            (Some(old), Some(h)) => {
                let (old, new) = (old.to_string(), h.to_string());
                parts.push(self.s.get("gh_hours_added", &[("old", &old), ("hours", &new)]));
            }
            (None, Some(h)) => parts.push(self.s.get("gh_hours", &[("hours", &h.to_string())])),
            _ => {}
        }
        // A private learner's links and notes stay out of the public answer.
        let private = self.is_private(id);
        if let Some(review) = self.review_word(task, p, private) {
            parts.push(review);
        }
        if !p.evidence.is_empty() && !private {
            let links = p.evidence.iter().map(|e| md_link(e)).collect::<Vec<_>>().join(", ");
            parts.push(self.s.get("gh_evidence", &[("links", &links)]));
        }
        match (note_given, &p.note, private) {
            (_, _, true) => {}
            (Some((n, true)), _, _) => parts.push(self.s.get("gh_note_added", &[("note", &code(n))])),
            (Some((n, false)), _, _) => parts.push(self.s.get("gh_note", &[("note", &code(n))])),
            (None, Some(n), _) if p.status == Status::Blocked => {
                parts.push(self.s.get("gh_note", &[("note", &code(n))]))
            }
            _ => {}
        }
        parts.join(" · ")
    }

    /// Where the review of a done task the roadmap has reviewed stands, as
    /// the site says it; done again after changes were asked for (in a
    /// review the answer may mention) awaits review again.
    fn review_word(&self, task: &str, p: &waymark::model::learner::Progress, private: bool) -> Option<String> {
        if !self.roadmap.task(task).is_some_and(|t| t.task.review) {
            return None;
        }
        let key = match p.review_state()? {
            ReviewState::Awaiting
                if p.reviews.iter().any(|r| r.verdict == Verdict::Changes && (!r.private || private)) =>
            {
                "gh_review_again"
            }
            ReviewState::Awaiting => "review_awaiting",
            ReviewState::Approved => "review_approved",
            ReviewState::ChangesRequested => return None,
        };
        Some(self.s.get(key, &[]))
    }

    /// The answer: a line per command, then a link to each learner's page.
    fn reply(&self, comment: &Comment, results: &[(&Line, CommandResult)], too_many: bool) -> String {
        let mut o = String::new();
        let login = display_login(&comment.user.login);
        let _ = writeln!(o, "{}\n", self.s.count("gh_intro", results.len(), &[("login", &login)]));
        let mut learners: Vec<&str> = Vec::new();
        let author_private = self.learners_of_login().iter().any(|l| l.private);
        for (line, outcome) in results {
            let about = match outcome {
                CommandResult::Recorded { learner, .. }
                | CommandResult::Unchanged { learner }
                | CommandResult::Applied { learner } => self.is_private(learner),
                _ => author_private,
            };
            // A private learner's command is shown without its notes and
            // links (and a review of one without the learner as written).
            let text = match (about, &line.parsed) {
                (false, _) => line.text.clone(),
                (true, Ok(Command::Review { .. })) => first_words(&line.text, 1),
                (true, _) => first_words(&line.text, 2),
            };
            let shown = code(&shorten(&text, 200));
            let (mark, word, why) = match outcome {
                CommandResult::Recorded { learner, what } => {
                    learners.push(learner);
                    ("✅", self.s.get("gh_recorded", &[]), what.clone())
                }
                CommandResult::Unchanged { learner } => {
                    learners.push(learner);
                    ("☑️", self.s.get("gh_unchanged", &[]), String::new())
                }
                CommandResult::Applied { learner } => {
                    learners.push(learner);
                    ("☑️", self.s.get("gh_applied", &[]), String::new())
                }
                CommandResult::Refused(why) => ("⛔", self.s.get("gh_refused", &[]), why.clone()),
                CommandResult::NotRecorded(why) => ("❌", self.s.get("gh_not_recorded", &[]), why.clone()),
            };
            let why = if why.is_empty() { String::new() } else { format!(": {why}") };
            let _ = writeln!(o, "- {mark} {shown} — {word}{why}");
        }
        if too_many {
            let _ = writeln!(o, "\n{}", self.s.get("gh_too_many", &[("n", &command::MAX_COMMANDS.to_string())]));
        }
        learners.sort_unstable();
        learners.dedup();
        let base = self.base.clone().or_else(|| self.loaded.cohort.as_ref().and_then(|c| c.base_url.clone()));
        let mut links = String::new();
        for id in learners {
            let Some(l) = self.roster.iter().find(|l| l.id == id) else { continue };
            if l.private {
                // The answer is public: a private learner's name stays out of it.
                let _ = writeln!(links, "{}", self.s.get("gh_private_page", &[]));
            } else if let Some(base) = &base {
                let page =
                    waymark::render::site::urls::pretty(&waymark::render::site::urls::learner_url(id)).to_string();
                let url = format!("{}/{page}", base.trim_end_matches('/'));
                let _ = writeln!(links, "[{}]({url})", self.s.get("gh_page", &[("name", &md_text(&l.name))]));
            }
        }
        if !links.is_empty() {
            let _ = write!(o, "\n{links}");
        }
        o
    }
}

/// The learner file of `id` as it is now on disk.
fn read_learner(root: &Path, id: &str) -> Option<Learner> {
    let mut sources = load::Sources::new();
    let mut diags = Vec::new();
    load::load_file(root, &waymark::model::learner_rel(id), FileKind::Learner, &mut sources, &mut diags)
}

/// A login as the answer shows it: GitHub allows letters, digits and `-`
/// (and `[bot]`); anything else in a forged payload is dropped.
fn display_login(login: &str) -> String {
    login.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '[' | ']')).take(64).collect()
}

/// Text from a file (a name, a title) shown as plain text in Markdown:
/// punctuation that Markdown or GitHub would act on is escaped.
fn md_text(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '@' | '(' | ')' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A value from the comment shown back: as code, so that nothing in it renders.
fn plain(s: &str) -> String {
    code(&shorten(s, 100))
}

/// An evidence link as a Markdown link: its text the address as written
/// (escaped, shortened), its destination with every character that could end
/// it or start markup percent-encoded. Anything but http(s) stays a code span.
fn md_link(url: &str) -> String {
    let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    if !matches!(scheme.as_deref(), Some("http" | "https")) || url.chars().any(char::is_control) {
        return code(url);
    }
    let mut dest = String::new();
    for c in url.chars() {
        match c {
            '(' | ')' | '[' | ']' | '<' | '>' | ' ' | '\\' | '`' | '"' | '\'' | '|' => {
                let _ = write!(dest, "%{:02X}", c as u32);
            }
            c => dest.push(c),
        }
    }
    format!("[{}]({dest})", md_text(&shorten(url, 100)))
}

/// `s` as a Markdown code span, whatever backticks it holds.
fn code(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.starts_with(' ') || s.ends_with(' ') { " " } else { "" };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// The first `n` words of a command line, then `…` when there were more.
fn first_words(s: &str, n: usize) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut out = words.iter().take(n).copied().collect::<Vec<_>>().join(" ");
    if words.len() > n {
        out.push_str(" …");
    }
    out
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("`rm -rf` x"), "`` `rm -rf` x ``");
        assert_eq!(code("a ``` b"), "````a ``` b````");
    }

    #[test]
    fn evidence_links_are_links_that_nothing_in_them_can_break() {
        assert_eq!(md_link("https://x.io/pull/3"), "[https://x.io/pull/3](https://x.io/pull/3)");
        assert_eq!(
            md_link("https://x.io/a)b]<c> d"),
            "[https://x.io/a\\)b\\]\\<c\\> d](https://x.io/a%29b%5D%3Cc%3E%20d)"
        );
        assert_eq!(md_link("javascript:alert(1)"), "`javascript:alert(1)`");
        assert_eq!(md_link("ftp://x.io/f"), "`ftp://x.io/f`");
    }

    #[test]
    fn names_render_as_written() {
        assert_eq!(md_text("<b>Kim</b> *x* @all"), "\\<b\\>Kim\\</b\\> \\*x\\* \\@all");
        assert_eq!(display_login("kim-dev<script>"), "kim-devscript");
    }
}
