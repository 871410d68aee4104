//! `waymark report`: the mentor's weekly view (awaiting review, changes
//! requested, behind, stale, blocked) for the terminal, a GitHub issue
//! (Markdown) or a script (JSON, the shape in SPEC §3). It is the mentor's own
//! view, so private learners (marked `[private]`, in the cohort's language) and private reviews are
//! included; `--public` leaves both out, as the public site does.

use std::fmt::Write as _;

use super::{Context, Failure, Result};
use crate::cli::{ReportArgs, ReportFormat};
use waymark::model::{Learner, Project};
use waymark::queue::{self, Queue};
use waymark::render::theme::Words;

pub fn run(ctx: &Context, args: &ReportArgs) -> Result {
    // Every learner that can be read is reported; the broken files' diagnostics follow.
    let (mut project, left_out) = ctx.readable_project()?;
    // --base-url (or $WAYMARK_BASE_URL, which the digest workflow sets to
    // the Pages address) names the site the links point at; empty is unset.
    if let Some(url) = args.base_url.as_deref().filter(|u| !u.is_empty()) {
        project.cohort.base_url = Some(crate::context::base_url_arg(url)?);
    }
    let today = ctx.today(&project.cohort)?;
    if let Some(m) = &args.mentor {
        if project.cohort.mentor(m).is_none() {
            return Err(waymark::learner_file::unknown_mentor(&project.cohort, m).into());
        }
    }
    let mine = |l: &&Learner| args.mentor.as_ref().is_none_or(|m| l.mentor.as_ref() == Some(m));
    // --public: what the public site shows, no private learner or review.
    let public: Vec<Learner> = if args.public {
        project.learners.iter().filter(mine).filter(|l| !l.private).map(Learner::public_view).collect()
    } else {
        Vec::new()
    };
    let learners: Vec<&Learner> =
        if args.public { public.iter().collect() } else { project.learners.iter().filter(mine).collect() };
    let q = queue::build(&project, &learners, today);
    let theme = ctx.words_of(&project);
    let w = theme.words();
    let out = match args.format {
        ReportFormat::Json => {
            let mut s = serde_json::to_string_pretty(&q).map_err(|e| Failure::Other(e.into()))?;
            s.push('\n');
            s
        }
        ReportFormat::Md => markdown(&w, &project, &q, args.mentor.as_deref()),
        ReportFormat::Slack | ReportFormat::Discord => chat(&w, &project, &q, args.format),
        ReportFormat::Term => terminal(&w, &project, &q, args.mentor.as_deref(), ctx.color_stdout),
    };
    print!("{out}");
    if left_out.is_empty() {
        Ok(())
    } else {
        Err(Failure::Diagnostics(left_out))
    }
}

/// The digest for a chat webhook, in the cohort's language (one line of JSON).
fn chat(w: &Words, project: &Project, q: &Queue, format: ReportFormat) -> String {
    let d = waymark::render::digest::digest(project, q, w, project.cohort.base_url.as_deref());
    let payload = if format == ReportFormat::Slack {
        waymark::render::digest::slack(&d)
    } else {
        waymark::render::digest::discord(&d)
    };
    format!("{payload}\n")
}

/// A learner's name, its control characters escaped (the report goes to a
/// terminal), marked when the learner is private.
fn name(w: &Words, project: &Project, id: &str) -> String {
    let learner = project.learner(id);
    let name = waymark::text::one_line(learner.map_or(id, |l| l.name.as_str()));
    let name = waymark::text::safe(&name).into_owned();
    if learner.is_some_and(|l| l.private) {
        format!("{name} [{}]", w.get("private"))
    } else {
        name
    }
}

/// Where the public site shows a learner's task (with its evidence), when
/// the cohort has a `base_url` and the learner a public page.
fn task_link(project: &Project, learner: &str, task: &str) -> Option<String> {
    let base = project.cohort.base_url.as_deref()?;
    let public = project.learner(learner).is_some_and(|l| !l.private);
    public.then(|| {
        let page = waymark::render::urls::learner_task_page(learner, task);
        format!("{}/{}", base.trim_end_matches('/'), page.replacen("index.html", "", 1))
    })
}

/// Links as Markdown autolinks, their text made safe for a table cell.
fn md_links(links: &[String]) -> String {
    links
        .iter()
        .map(|u| format!("<{}>", waymark::text::safe(u).replace('|', "%7C").replace('>', "%3E")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn date_or_dash(d: Option<jiff::civil::Date>) -> String {
    d.map_or_else(|| "—".to_string(), |d| d.to_string())
}

/// Markdown for a GitHub issue or a meeting note: a heading per list, a table
/// per heading, a checkbox per review to do.
fn markdown(w: &Words, project: &Project, q: &Queue, mentor: Option<&str>) -> String {
    // `|` would end a table cell; names are the only free text here.
    let cell = |s: &str| waymark::text::safe(s).replace('|', "\\|");
    let who = |id: &str| format!("{} (`{}`)", cell(&name(w, project, id)), waymark::text::safe(id));
    let mut o = String::new();
    let (title, date) = (cell(&project.cohort.title), q.as_of.to_string());
    let heading = match mentor.and_then(|m| project.cohort.mentor(m)) {
        Some(m) => w.fill("cli_report_md_title_for", &[("title", &title), ("mentor", &cell(&m.name)), ("date", &date)]),
        None => w.fill("cli_report_md_title", &[("title", &title), ("date", &date)]),
    };
    let _ = writeln!(o, "## {heading}\n");
    let _ = writeln!(o, "### {} ({})\n", w.get("awaiting_review"), q.awaiting_review.len());
    if q.awaiting_review.is_empty() {
        let _ = writeln!(o, "{}\n", w.get("cli_nothing_to_review"));
    }
    for a in &q.awaiting_review {
        let since = match a.finished {
            Some(f) => format!(
                "{}, {}",
                w.fill("finished_on", &[("date", &f.to_string())]),
                w.count("days_waiting", a.days_waiting)
            ),
            None => w.get("cli_no_finish"),
        };
        let task = match task_link(project, &a.learner, &a.task) {
            Some(url) => format!("[`{}`]({url})", a.task),
            None => format!("`{}`", a.task),
        };
        let evidence = if a.evidence.is_empty() {
            String::new()
        } else {
            format!(" — {}", w.fill("cli_evidence", &[("url", &md_links(&a.evidence))]))
        };
        let _ = writeln!(o, "- [ ] {} — {task} ({since}){evidence}", who(&a.learner));
    }
    if !q.awaiting_review.is_empty() {
        o.push('\n');
    }
    let col = |key: &str| w.get(key);
    let none = w.get("cli_table_none");
    let _ = writeln!(o, "### {} ({})\n", w.get("changes_requested"), q.changes_requested.len());
    table(
        &mut o,
        &none,
        &[col("learner"), col("cli_col_task"), col("cli_col_reviewed"), col("evidence")],
        q.changes_requested
            .iter()
            .map(|c| vec![who(&c.learner), format!("`{}`", c.task), c.date.to_string(), md_links(&c.evidence)]),
    );
    let _ = writeln!(o, "### {} ({})\n", w.get("behind"), q.behind.len());
    table(
        &mut o,
        &none,
        &[col("learner"), col("cli_col_planned"), col("cli_col_done"), col("cli_col_behind")],
        q.behind.iter().map(|b| {
            vec![
                who(&b.learner),
                b.planned_tasks.to_string(),
                if b.stretch_total > 0 {
                    format!("{} ({})", b.done, stretch(w, b.stretch_done, b.stretch_total))
                } else {
                    b.done.to_string()
                },
                w.count("n_tasks", b.behind_by),
            ]
        }),
    );
    let _ = writeln!(o, "### {} ({})\n", w.get("stale"), q.stale.len());
    table(
        &mut o,
        &none,
        &[col("learner"), col("last_activity"), col("cli_col_idle")],
        q.stale.iter().map(|s| vec![who(&s.learner), date_or_dash(s.last_activity), w.count("n_days", s.days)]),
    );
    let _ = writeln!(o, "### {} ({})\n", w.get("blocked"), q.blocked.len());
    table(
        &mut o,
        &none,
        &[col("learner"), col("cli_col_task"), col("cli_col_since"), col("note")],
        q.blocked.iter().map(|b| {
            let note = b.note.as_deref().map(|n| cell(&n.replace('\n', " "))).unwrap_or_default();
            vec![who(&b.learner), format!("`{}`", b.task), date_or_dash(b.since), note]
        }),
    );
    o.truncate(o.trim_end().len());
    o.push('\n');
    o
}

/// `+{done} of {total} stretch`, in `w`.
fn stretch(w: &Words, done: usize, total: usize) -> String {
    w.fill("cli_stretch", &[("done", &done.to_string()), ("total", &total.to_string())])
}

fn table(o: &mut String, none: &str, head: &[String], rows: impl Iterator<Item = Vec<String>>) {
    let rows: Vec<Vec<String>> = rows.collect();
    if rows.is_empty() {
        let _ = writeln!(o, "{none}\n");
        return;
    }
    let _ = writeln!(o, "| {} |", head.join(" | "));
    let _ = writeln!(o, "|{}", "---|".repeat(head.len()));
    for r in rows {
        let _ = writeln!(o, "| {} |", r.join(" | "));
    }
    o.push('\n');
}

/// The terminal form: a heading per list and one line per item.
fn terminal(w: &Words, project: &Project, q: &Queue, mentor: Option<&str>, color: bool) -> String {
    let paint = |code: &str, s: &str| waymark::diag::paint(color, code, s);
    let who = |id: &str, m: &Option<String>| {
        let base = format!("{} ({id})", name(w, project, id));
        match (mentor, m) {
            (None, Some(m)) => {
                format!(
                    "{base} {}",
                    paint("2", &format!("· {}", w.labelled("cli_mentor", &super::mentor_label(project, m))))
                )
            }
            _ => base,
        }
    };
    let dated = |key: &str, d: jiff::civil::Date| w.fill(key, &[("date", &d.to_string())]);
    let mut o = String::new();
    let date = q.as_of.to_string();
    let title = match mentor {
        Some(m) => w.fill("cli_report_title_for", &[("mentor", &super::mentor_label(project, m)), ("date", &date)]),
        None => w.fill("cli_report_title", &[("date", &date)]),
    };
    let _ = writeln!(o, "{}", paint("1", &title));
    let head = |o: &mut String, key: &str, n: usize| {
        let _ = writeln!(o, "\n{}", paint("1;36", &format!("{} ({n})", w.get(key))));
        if n == 0 {
            let _ = writeln!(o, "  {}", w.get("cli_none"));
        }
    };
    head(&mut o, "awaiting_review", q.awaiting_review.len());
    for a in &q.awaiting_review {
        let wait = match a.finished {
            Some(f) => {
                paint("33", &format!("{} ({})", w.count("cli_days_waiting", a.days_waiting), dated("finished_on", f)))
            }
            None => w.get("cli_no_finish"),
        };
        let _ = writeln!(o, "  {}  {}  {wait}", a.task, who(&a.learner, &a.mentor));
        links(w, &mut o, project, &a.learner, &a.task, &a.evidence);
    }
    head(&mut o, "changes_requested", q.changes_requested.len());
    for c in &q.changes_requested {
        let _ = writeln!(o, "  {}  {}  {}", c.task, who(&c.learner, &c.mentor), dated("cli_reviewed_on", c.date));
        links(w, &mut o, project, &c.learner, &c.task, &c.evidence);
    }
    head(&mut o, "behind", q.behind.len());
    for b in &q.behind {
        let by = paint("31", &w.count("cli_behind_by_tasks", b.behind_by));
        let mut planned =
            w.fill("planned_done", &[("planned", &b.planned_tasks.to_string()), ("done", &b.done.to_string())]);
        if b.stretch_total > 0 {
            let _ = write!(planned, ", {}", stretch(w, b.stretch_done, b.stretch_total));
        }
        let _ = writeln!(o, "  {}  {by} ({planned})", who(&b.learner, &b.mentor));
    }
    head(&mut o, "stale", q.stale.len());
    for s in &q.stale {
        let last = w.fill("cli_last_activity_on", &[("date", &date_or_dash(s.last_activity))]);
        let _ = writeln!(o, "  {}  {} ({last})", who(&s.learner, &s.mentor), w.count("cli_idle", s.days));
    }
    head(&mut o, "blocked", q.blocked.len());
    for b in &q.blocked {
        let since = b.since.map(|d| format!("  {}", dated("cli_since", d))).unwrap_or_default();
        let _ = writeln!(o, "  {}  {}{since}", b.task, who(&b.learner, &b.mentor));
        if let Some(note) = &b.note {
            let note = waymark::text::safe(&note.replace('\n', " ")).into_owned();
            let _ = writeln!(o, "      {}", w.fill("cli_note", &[("note", &note)]));
        }
    }
    o
}

/// Under a queue item: the evidence to review and the task on the site.
fn links(w: &Words, o: &mut String, project: &Project, learner: &str, task: &str, evidence: &[String]) {
    for url in evidence {
        let _ = writeln!(o, "      {}", w.fill("cli_evidence", &[("url", &waymark::text::safe(url))]));
    }
    if let Some(url) = task_link(project, learner, task) {
        let _ = writeln!(o, "      {}", w.fill("cli_on_site", &[("url", &url)]));
    }
}
