//! The slash commands of a comment. A command is a line of a paragraph that
//! starts with `/name`; the comment is read as Markdown (pulldown-cmark, as
//! GitHub renders it), so a command quoted with `>`, shown in a fenced or
//! indented code block or in `inline code`, or in the middle of a sentence is
//! no command. Arguments are split at white space; free text (a note, a
//! reason, a review comment) is the rest of the line exactly as written, its
//! Markdown included. Nothing here touches a file or a shell.
//!
//! Near-misses are read too, to be answered with how to write them: a line
//! that starts with a known `/command` but that Markdown folded into the list
//! item or quote above it (a lazy continuation), and a known `/command` in
//! the middle of a line of a paragraph. Code, inline code and quoted lines,
//! where people explain the syntax, are never read.
//!
//! A task is named as people see it (see [`crate::names`]): its id, or its
//! title of several words, so that `/done 승인 후 EC2에 자동 배포 https://…`
//! is a task and a link. What [`Reading`] says names a task decides where the
//! task ends: the longest run of words that names one. Links are read by
//! [`crate::link`], as the command line reads `--evidence`.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::model::{Status, Verdict};

/// More than this many commands in one comment are not read (and the answer
/// says so): a comment is a person's note, not a batch job.
pub const MAX_COMMANDS: usize = 20;

/// One command line of a comment.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The line as written, from its `/`, without the line break.
    pub text: String,
    /// What it asks for, or why it cannot be read.
    pub parsed: Result<Command, Problem>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// `/start`, `/done`, `/skip`, `/block`: the author's own progress.
    Progress { status: Status, task: String, evidence: Vec<String>, hours: Option<f64>, note: Option<String> },
    /// `/log HOURS [note…]`: a journal entry of the author's.
    Log { hours: f64, note: Option<String> },
    /// `/approve` and `/changes`: a mentor's review of a learner's task.
    Review { learner: String, task: String, verdict: Verdict, comment: Option<String> },
}

impl Command {
    /// Whether a learner runs it on their own file (else a mentor on a learner's).
    pub fn is_learners(&self) -> bool {
        !matches!(self, Command::Review { .. })
    }
}

/// Why a command line cannot be read. The answer words each in the
/// cohort's language.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// A `/name` close to a known command (`/dnoe`): the known one.
    Unknown { name: String, suggestion: &'static str },
    /// A required argument is missing: `task`, `hours`, `learner`, `reason`, `comment`.
    Missing(&'static str),
    /// Not a number of hours (≥ 0).
    BadHours(String),
    /// A task name that names no task (or several): the name as written.
    UnknownTask(String),
    /// An evidence link that is not an http(s) URL.
    BadUrl(String),
    /// `#17` with no `repo:` in cohort.yaml to resolve it against.
    NoRepo(String),
    /// A word the command does not take.
    Unexpected(String),
    /// A line starting with a known command that Markdown reads as part of
    /// the list item or quote above it.
    Folded,
    /// A known command in the middle of a line (its name, without `/`).
    NotAtLineStart(&'static str),
}

/// The usage of each command, as the answer shows it.
pub fn usage(name: &str) -> &'static str {
    match name {
        "start" => "/start TASK",
        "done" => "/done TASK [URL…] [--hours H] [NOTE…]",
        "skip" => "/skip TASK",
        "block" => "/block TASK REASON…",
        "log" => "/log HOURS [NOTE…]",
        "approve" => "/approve LEARNER TASK [COMMENT…]",
        "changes" => "/changes LEARNER TASK COMMENT…",
        _ => "",
    }
}

const NAMES: [&str; 7] = ["start", "done", "skip", "block", "log", "approve", "changes"];

/// What reading a command needs to know of the project.
pub struct Reading<'a> {
    /// Whether a name (one or several words) names a task of the roadmap:
    /// by the start of its title too when asked (`true`).
    pub names_task: &'a dyn Fn(&str, bool) -> bool,
    /// cohort.yaml's `repo:`, which `#17` points into.
    pub repo: Option<&'a str>,
}

/// Without a roadmap: a task is one word.
fn one_word(name: &str, _prefix: bool) -> bool {
    !name.contains(' ')
}

const ONE_WORD: Reading<'static> = Reading { names_task: &one_word, repo: None };

/// The most words a task's name is looked for in.
const MAX_NAME_WORDS: usize = 12;

/// The command lines of a comment, in order (at most [`MAX_COMMANDS`] + 1,
/// so that the caller can tell there were too many), each task one word.
pub fn commands(body: &str) -> Vec<Line> {
    commands_in(body, &ONE_WORD)
}

/// [`commands`], with tasks named as `reading` says.
pub fn commands_in(body: &str, reading: &Reading) -> Vec<Line> {
    let mut out = Vec::new();
    for (text, place) in command_lines(body) {
        let line = match place {
            Place::LineStart => parse(&text, reading),
            Place::Folded => Some(Line { text, parsed: Err(Problem::Folded) }),
            Place::Inline(name) => Some(Line { text, parsed: Err(Problem::NotAtLineStart(name)) }),
        };
        if let Some(line) = line {
            out.push(line);
            if out.len() > MAX_COMMANDS {
                break;
            }
        }
    }
    out
}

/// Where a `/command` was found.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Place {
    /// At the start of a line of a paragraph: a command.
    LineStart,
    /// At the start of a source line that Markdown folded into a list item or quote.
    Folded,
    /// In the middle of a line of a paragraph.
    Inline(&'static str),
}

/// The known command `/name` that `text` starts with, if any.
fn known(text: &str) -> Option<&'static str> {
    let rest = text.strip_prefix('/')?;
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let name = rest[..end].to_lowercase();
    NAMES.into_iter().find(|n| *n == name)
}

/// The source line of `body` from `start` on, without its line break.
fn rest_of_line(body: &str, start: usize, end: usize) -> String {
    let rest = &body[start..end.max(start)];
    let line = rest.split('\n').next().unwrap_or("");
    line.trim_end().trim_end_matches('\\').trim_end().to_string()
}

/// The lines of paragraphs (outside block quotes and list items) that start
/// with `/`, as written, and the near-misses (see the module's comment).
fn command_lines(body: &str) -> Vec<(String, Place)> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut lines = Vec::new();
    // Inside a quote or a list item a line starts with `>` or `-`, not with the command.
    let mut quotes = 0usize;
    let mut paragraph_end: Option<usize> = None;
    let mut at_line_start = false;
    // The source line (its start) that already gave a command or near-miss.
    let mut line_done: Option<usize> = None;
    let line_of = |at: usize| body[..at].rfind('\n').map_or(0, |i| i + 1);
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(Tag::BlockQuote(_)) => quotes += 1,
            Event::End(TagEnd::BlockQuote(_)) => quotes = quotes.saturating_sub(1),
            // A tight list's items hold their text without a paragraph.
            Event::Start(Tag::Item) => {
                quotes += 1;
                paragraph_end = Some(range.end);
                at_line_start = true;
            }
            Event::End(TagEnd::Item) => {
                quotes = quotes.saturating_sub(1);
                paragraph_end = None;
                at_line_start = false;
            }
            Event::Start(Tag::Paragraph) => {
                paragraph_end = Some(range.end);
                at_line_start = true;
            }
            Event::End(TagEnd::Paragraph) => {
                paragraph_end = None;
                at_line_start = false;
            }
            Event::SoftBreak | Event::HardBreak => at_line_start = true,
            Event::Text(_) => {
                let Some(end) = paragraph_end else {
                    at_line_start = false;
                    continue;
                };
                let start = range.start;
                let line_start = line_of(start);
                // `\/done` is an escaped slash: text, not a command.
                let escaped = start > 0 && body.as_bytes()[start - 1] == b'\\';
                let first = at_line_start && !escaped;
                at_line_start = false;
                if line_done == Some(line_start) {
                    continue;
                }
                if first && quotes == 0 && body[start..].starts_with('/') {
                    lines.push((rest_of_line(body, start, end), Place::LineStart));
                    line_done = Some(line_start);
                } else if first && body[line_start..start].trim().is_empty() && known(&body[start..]).is_some() {
                    // Written at the start of a line, read by Markdown as the
                    // list item or quote above continued.
                    lines.push((rest_of_line(body, start, end), Place::Folded));
                    line_done = Some(line_start);
                } else if quotes == 0 {
                    let text = &body[start..range.end];
                    let found = text.match_indices('/').find_map(|(i, _)| {
                        let before = body[..start + i].chars().next_back();
                        let name = known(&text[i..])?;
                        (i > 0 || !first).then_some(())?;
                        before.is_some_and(char::is_whitespace).then_some((i, name))
                    });
                    if let Some((i, name)) = found {
                        lines.push((rest_of_line(body, start + i, end), Place::Inline(name)));
                        line_done = Some(line_start);
                    }
                }
            }
            _ => at_line_start = false,
        }
    }
    lines
}

/// The words of `text` with the byte offset just after each.
fn words(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((&text[s..i], i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((&text[s..], text.len()));
    }
    out
}

/// One command line → the command, or None when the line is not meant as one
/// (`/usr/bin is…`: a `/word` that is no command and close to none).
fn parse(text: &str, reading: &Reading) -> Option<Line> {
    let words = words(text);
    let (head, _) = *words.first()?;
    let name = head.trim_start_matches('/').to_lowercase();
    let rest = |n: usize| -> Option<String> {
        let from = if n == 0 { 0 } else { words.get(n - 1).map_or(text.len(), |w| w.1) };
        let t = text[from.min(text.len())..].trim();
        (!t.is_empty()).then(|| t.to_string())
    };
    let arg = |n: usize| words.get(n).map(|w| w.0.to_string());
    // The task named from word `from` on: its name and the number of words
    // it takes. All the words before the first link may name it as a page
    // shows it, the start of its title too; fewer (a note follows) only by
    // an id or a whole title, so that `멀티 스테이지로 줄이기` is not taken
    // for the task whose title starts with `멀티`.
    let task_at = |from: usize| -> Option<(String, usize)> {
        let w: Vec<&str> = words.iter().skip(from).map(|w| w.0).collect();
        let max =
            w.iter().position(|w| starts_link_or_flag(w)).unwrap_or(w.len()).clamp(1, MAX_NAME_WORDS).min(w.len());
        if max == 0 {
            return None;
        }
        let all = w[..max].join(" ");
        if (reading.names_task)(&all, true) {
            return Some((all, max));
        }
        (1..max).rev().map(|n| (w[..n].join(" "), n)).find(|(name, _)| (reading.names_task)(name, false))
    };
    let parsed = match name.as_str() {
        "start" | "skip" => {
            let status = if name == "start" { Status::Doing } else { Status::Skipped };
            match (arg(1), task_at(1)) {
                (None, _) => Err(Problem::Missing("task")),
                (Some(_), Some((task, n))) => match arg(n + 1) {
                    Some(extra) => Err(Problem::Unexpected(extra)),
                    None => Ok(Command::Progress { status, task, evidence: vec![], hours: None, note: None }),
                },
                (Some(_), None) => Err(Problem::UnknownTask(rest(1).unwrap_or_default())),
            }
        }
        "done" => done(&words, text, reading, task_at(1)),
        "block" => match (arg(1), task_at(1)) {
            (None, _) => Err(Problem::Missing("task")),
            (Some(_), Some((task, n))) => match rest(n + 1) {
                None => Err(Problem::Missing("reason")),
                Some(reason) => Ok(Command::Progress {
                    status: Status::Blocked,
                    task,
                    evidence: vec![],
                    hours: None,
                    note: Some(reason),
                }),
            },
            (Some(first), None) => Err(Problem::UnknownTask(first)),
        },
        "log" => match arg(1) {
            None => Err(Problem::Missing("hours")),
            Some(h) => hours(&h).map(|hours| Command::Log { hours, note: rest(2) }),
        },
        "approve" | "changes" => {
            let verdict = if name == "approve" { Verdict::Approved } else { Verdict::Changes };
            // The learner is one word; the task as many as name one.
            let (task, n) = task_at(2).map_or((arg(2), 1), |(t, n)| (Some(t), n));
            match (arg(1), task, rest(2 + n)) {
                (None, _, _) => Err(Problem::Missing("learner")),
                (Some(_), None, _) => Err(Problem::Missing("task")),
                (Some(_), Some(_), None) if verdict == Verdict::Changes => Err(Problem::Missing("comment")),
                (Some(learner), Some(task), comment) => Ok(Command::Review { learner, task, verdict, comment }),
            }
        }
        _ => {
            let suggestion = crate::diag::did_you_mean(&name, NAMES)?;
            let suggestion = NAMES.into_iter().find(|n| *n == suggestion)?;
            Err(Problem::Unknown { name, suggestion })
        }
    };
    Some(Line { text: text.to_string(), parsed })
}

/// Whether a word starts the links or flags after a task's name.
pub fn starts_link_or_flag(word: &str) -> bool {
    is_flag(word) || crate::link::starts_link(word)
}

/// `--hours`, and the `—hours` a phone makes of it.
fn is_flag(word: &str) -> bool {
    word.starts_with("--")
        || word.strip_prefix(['—', '–']).is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()))
}

/// `/done TASK [URL…] [--hours H] [NOTE…]`: after the task, links (as
/// [`crate::link`] reads them) and `--hours`; other words are a note. A
/// word that only labels the link after it (`PR:`, `링크:`) is no note.
fn done(
    words: &[(&str, usize)],
    text: &str,
    reading: &Reading,
    task: Option<(String, usize)>,
) -> Result<Command, Problem> {
    if words.len() < 2 {
        return Err(Problem::Missing("task"));
    }
    let Some((task, n)) = task else {
        // The name runs up to the first link or flag: answered before any link is.
        let name: Vec<&str> = words[1..].iter().map(|w| w.0).take_while(|w| !starts_link_or_flag(w)).collect();
        if name.is_empty() {
            return Err(Problem::Missing("task"));
        }
        return Err(Problem::UnknownTask(name.join(" ")));
    };
    let after = words.get(n).map_or(text.len(), |w| w.1);
    let pieces = crate::link::pieces(&text[after..], reading.repo);
    let mut evidence = Vec::new();
    let mut note: Vec<&str> = Vec::new();
    let mut hours_given = None;
    let mut i = 0;
    while let Some(piece) = pieces.get(i) {
        i += 1;
        let word = match piece {
            crate::link::Piece::Link(Ok(url)) => {
                if !evidence.contains(url) {
                    evidence.push(url.clone());
                }
                continue;
            }
            crate::link::Piece::Link(Err(bad)) => {
                return Err(match bad.why {
                    crate::link::Why::NoRepo => Problem::NoRepo(bad.written.clone()),
                    crate::link::Why::NotHttp { .. } => Problem::BadUrl(bad.written.clone()),
                })
            }
            crate::link::Piece::Word(w) => *w,
        };
        if is_flag(word) {
            let flag = word.trim_start_matches(['-', '—', '–']);
            let value = match flag.split_once('=') {
                Some(("hours", h)) => h,
                None if flag == "hours" => match pieces.get(i) {
                    Some(crate::link::Piece::Word(h)) => {
                        i += 1;
                        h
                    }
                    _ => return Err(Problem::Missing("hours")),
                },
                _ => return Err(Problem::Unexpected(word.to_string())),
            };
            hours_given = Some(hours(value)?);
            continue;
        }
        let labels_a_link = matches!(pieces.get(i), Some(crate::link::Piece::Link(_)))
            && (word.ends_with(':') || matches!(word.to_lowercase().as_str(), "pr" | "pull" | "링크" | "link"));
        if !labels_a_link {
            note.push(word);
        }
    }
    let note = (!note.is_empty()).then(|| note.join(" "));
    Ok(Command::Progress { status: Status::Done, task, evidence, hours: hours_given, note })
}

/// A number of hours: `2`, `1.5`, `2h`, `2시간`.
fn hours(word: &str) -> Result<f64, Problem> {
    let number = word.strip_suffix('h').or_else(|| word.strip_suffix("시간")).unwrap_or(word);
    match number.parse::<f64>() {
        Ok(h) if (0.0..=1000.0).contains(&h) && !number.starts_with('+') => Ok(h),
        _ => Err(Problem::BadHours(word.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<String> {
        commands(body).into_iter().map(|l| l.text).collect()
    }

    fn near_misses(body: &str) -> Vec<(String, Problem)> {
        commands(body)
            .into_iter()
            .filter_map(|l| match l.parsed {
                Err(p @ (Problem::Folded | Problem::NotAtLineStart(_))) => Some((l.text, p)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn commands_are_lines_of_paragraphs_outside_quotes_and_code() {
        let body = "Finished!\n/done vpc https://x.test/pr/1\n\n> /approve kim vpc\n\n```\n/skip vpc\n```\n\n    /skip docker\n\nsee `/skip a` and skip b\n- /start compose\n\n\\/start nope\n/start setup\n/log 2 read *the* docs  \n";
        assert_eq!(texts(body), ["/done vpc https://x.test/pr/1", "/start setup", "/log 2 read *the* docs"]);
    }

    #[test]
    fn near_misses_are_read_to_be_answered() {
        let body =
            "Progress:\n- read the docs\n/start docker/lab-app\n\n오늘 끝냈습니다 /done lab-app https://x.test/1\n\n\
                    > quoted\n> /done a\n\n> said\nand /log 2 there\n\n```\nx /done b\n```\n\n\
                    see `/done c` and https://x.test/done/d or a/done e\n\n/block vpc wait for /done x\n";
        assert_eq!(
            near_misses(body),
            [
                ("/start docker/lab-app".to_string(), Problem::Folded),
                ("/done lab-app https://x.test/1".to_string(), Problem::NotAtLineStart("done")),
            ]
        );
        assert_eq!(texts(body).last().map(String::as_str), Some("/block vpc wait for /done x"));
    }

    #[test]
    fn crlf_bodies_as_github_sends_them() {
        assert_eq!(texts("hi\r\n/start vpc\r\n/log 1\r\n"), ["/start vpc", "/log 1"]);
    }

    #[test]
    fn arguments() {
        let one = |s: &str| commands(s).remove(0).parsed;
        assert_eq!(
            one("/done vpc <https://a.test/1> --hours 2.5 https://b.test/2"),
            Ok(Command::Progress {
                status: Status::Done,
                task: "vpc".into(),
                evidence: vec!["https://a.test/1".into(), "https://b.test/2".into()],
                hours: Some(2.5),
                note: None
            })
        );
        assert_eq!(one("/done vpc javascript:alert(1)"), Err(Problem::BadUrl("javascript:alert(1)".into())));
        assert_eq!(one("/done vpc --hours -1"), Err(Problem::BadHours("-1".into())));
        assert_eq!(
            one("/log 2h  `rm -rf /` $(x)"),
            Ok(Command::Log { hours: 2.0, note: Some("`rm -rf /` $(x)".into()) })
        );
        assert_eq!(one("/changes kim vpc"), Err(Problem::Missing("comment")));
        assert_eq!(one("/skip vpc because"), Err(Problem::Unexpected("because".into())));
        assert_eq!(one("/dnoe vpc"), Err(Problem::Unknown { name: "dnoe".into(), suggestion: "done" }));
        assert!(commands("/usr/bin is where it lives").is_empty());
    }

    /// A roadmap's names, as `github apply` reads comments with them.
    fn with_titles(body: &str) -> Vec<Result<Command, Problem>> {
        let tree = crate::model::doc::parse(
            "title: R\nweeks:\n- {id: docker, title: D, tasks: [{id: lab-app, title: \"실습 앱(podinfo) 포크하고 실행하기\"}]}\n\
             - {id: ci-cd, title: C, tasks: [{id: cd-deploy, title: 승인 후 EC2에 자동 배포}]}\n",
        )
        .unwrap()
        .into_tree()
        .unwrap();
        let roadmap: crate::model::Roadmap =
            serde::Deserialize::deserialize(crate::model::de::Read::tree(&tree)).unwrap();
        let tasks = crate::names::Tasks::new(&roadmap, []);
        let names_task = |name: &str, prefix: bool| tasks.names_one(name, prefix);
        let reading = Reading { names_task: &names_task, repo: Some("octo/study") };
        commands_in(body, &reading).into_iter().map(|l| l.parsed).collect()
    }

    fn done(task: &str, evidence: &[&str], note: Option<&str>) -> Result<Command, Problem> {
        Ok(Command::Progress {
            status: Status::Done,
            task: task.into(),
            evidence: evidence.iter().map(|e| e.to_string()).collect(),
            hours: None,
            note: note.map(str::to_string),
        })
    }

    #[test]
    fn a_task_is_the_words_that_name_it_and_links_follow_as_written() {
        let pr = "https://github.com/o/r/pull/16";
        assert_eq!(
            with_titles(&format!("/done 승인 후 EC2에 자동 배포 {pr}.")),
            [done("승인 후 EC2에 자동 배포", &[pr], None)]
        );
        assert_eq!(
            with_titles(&format!("/done 실습 앱 [PR]({pr}), PR #17 잘 됐어요")),
            [done(
                "실습 앱",
                &[pr, "https://github.com/o/r/pull/17".replace("o/r", "octo/study").as_str()],
                Some("잘 됐어요")
            )]
        );
        assert_eq!(with_titles("/done 2주차 cd-deploy"), [done("2주차 cd-deploy", &[], None)]);
        assert_eq!(
            with_titles(&format!("/done 승인 후 EC2에 자동 배포 잘 됩니다 (링크: {pr})")),
            [done("승인 후 EC2에 자동 배포", &[pr], Some("잘 됩니다"))],
            "a whole title, then a note; `링크:` only labels the link"
        );
        // The start of a title is a name only when no other words follow it.
        assert_eq!(with_titles(&format!("/done 실습 준비 {pr}")), [Err(Problem::UnknownTask("실습 준비".into()))]);
        assert_eq!(
            with_titles("/done 실습 앱 github.com/o/r/pull/1"),
            [Err(Problem::BadUrl("github.com/o/r/pull/1".into()))]
        );
        assert_eq!(with_titles("/start 승인 후 EC2에 자동 배포 now"), [Err(Problem::Unexpected("now".into()))]);
        assert_eq!(
            with_titles("/block 승인 후 EC2에 자동 배포 권한이 없어요"),
            [Ok(Command::Progress {
                status: Status::Blocked,
                task: "승인 후 EC2에 자동 배포".into(),
                evidence: vec![],
                hours: None,
                note: Some("권한이 없어요".into())
            })]
        );
        assert_eq!(
            with_titles("/approve kim 승인 후 EC2에 자동 배포 좋습니다"),
            [Ok(Command::Review {
                learner: "kim".into(),
                task: "승인 후 EC2에 자동 배포".into(),
                verdict: Verdict::Approved,
                comment: Some("좋습니다".into())
            })]
        );
        assert_eq!(with_titles(&format!("/done {pr}")), [Err(Problem::Missing("task"))]);
        assert_eq!(
            with_titles("/done lab-app —hours 2시간"),
            [Ok(Command::Progress {
                status: Status::Done,
                task: "lab-app".into(),
                evidence: vec![],
                hours: Some(2.0),
                note: None
            })]
        );
    }

    #[test]
    fn reading_stops_after_too_many_commands() {
        let body = "/log 1\n".repeat(1000);
        assert_eq!(commands(&body).len(), MAX_COMMANDS + 1, "one more than is read, to say so");
    }

    proptest::proptest! {
        /// Any comment, however odd its Markdown, is read without a panic and
        /// every command read is a line of it.
        #[test]
        fn any_body_is_read(body in "(/(done|log|block|approve)|[ >`~*\\\n\r\t-]|[a-z0-9]|가|\\[|\\]){0,80}") {
            for line in commands(&body) {
                proptest::prop_assert!(line.text.starts_with('/'));
                proptest::prop_assert!(body.contains(line.text.as_str()));
            }
        }
    }
}
