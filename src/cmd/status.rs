//! `waymark status [LEARNER]`: each learner's standing in the terminal, from
//! the one schedule model: a bar per week, percent, pace status and behind_by,
//! last activity and forecast. Coloured on a terminal, plain when piped.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::{Context, Failure, Result};
use crate::cli::StatusArgs;
use waymark::model::roadmap::TaskOrder;
use waymark::model::{Learner, Project};
use waymark::render::theme::Words;
use waymark::schedule::{self, PaceStatus, Schedule};

const BAR: usize = 20;
const WEEK_BAR: usize = 10;

pub fn run(ctx: &Context, args: &StatusArgs) -> Result {
    // Every learner that can be read is shown; the broken files' diagnostics
    // follow. One learner asked for: only their file is read.
    let (project, mut left_out) = match &args.learner {
        Some(id) => ctx.learner_project(id)?,
        None => ctx.readable_project()?,
    };
    let today = ctx.today(&project.cohort)?;
    let learners: Vec<&Learner> = match &args.learner {
        Some(given) => match waymark::names::learner(&project.learners.iter().collect::<Vec<_>>(), given)
            .ok()
            .or_else(|| project.learner(given))
        {
            // One learner asked for: the others' files do not matter here.
            Some(l) => {
                left_out.clear();
                vec![l]
            }
            None if left_out.iter().any(|d| d.file == waymark::model::learner_rel(given)) => {
                let rel = waymark::model::learner_rel(given);
                return Err(Failure::Diagnostics(left_out.into_iter().filter(|d| d.file == rel).collect()));
            }
            None => {
                let all: Vec<&Learner> = project.learners.iter().collect();
                return Err(waymark::learner_file::no_learner_named(&all, given).into());
            }
        },
        None => project.learners.iter().collect(),
    };
    let theme = ctx.words_of(&project);
    let w = theme.words();
    let mut out = String::new();
    if learners.is_empty() && left_out.is_empty() {
        let _ = writeln!(out, "{}", w.get("cli_no_learners"));
    }
    let order = TaskOrder::new(&project.roadmap);
    for (i, l) in learners.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let entries = order.entries(&l.progress);
        let s = schedule::compute_in(&project.roadmap, l, &entries, schedule::Plan::of(&project.cohort), today);
        learner(&mut out, &w, &project, l, &s, ctx.color_stdout);
        if args.learner.is_some() {
            open_items(&mut out, &w, &waymark::queue::for_learner(&project, l, &entries, &s, today));
        }
    }
    print!("{out}");
    if left_out.is_empty() {
        Ok(())
    } else {
        Err(Failure::Diagnostics(left_out))
    }
}

struct Paint(bool);

impl Paint {
    fn p(&self, code: &str, s: &str) -> String {
        waymark::diag::paint(self.0, code, s)
    }
}

fn bar(paint: &Paint, filled: f64, width: usize) -> String {
    let n = ((filled.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", paint.p("32", &"█".repeat(n)), paint.p("2", &"░".repeat(width - n)))
}

fn pace(paint: &Paint, w: &Words, s: &Schedule) -> String {
    let code = match s.status {
        PaceStatus::Behind => return paint.p("1;31", &w.count("cli_behind_by", s.behind_by)),
        PaceStatus::Ahead => "32",
        PaceStatus::OnTrack => "36",
        PaceStatus::Finished => "1;32",
        PaceStatus::NotStarted => "2",
    };
    paint.p(code, &w.get(&format!("pace_{}", s.status.as_str())))
}

fn learner(out: &mut String, w: &Words, project: &Project, l: &Learner, s: &Schedule, color: bool) {
    let paint = Paint(color);
    let name = waymark::text::one_line(&l.name);
    let mut head = format!("{} ({})", paint.p("1", &waymark::text::safe(&name)), waymark::text::safe(&l.id));
    if let Some(m) = &l.mentor {
        let _ = write!(head, " · {}", w.labelled("cli_mentor", &super::mentor_label(project, m)));
    }
    if l.private {
        let _ = write!(head, " · {}", w.get("private"));
    }
    if (s.pace - 1.0).abs() > f64::EPSILON {
        let _ = write!(head, " · {}", w.count("cli_pace", s.pace));
    }
    let _ = writeln!(out, "{head}");
    let mut counts = w.fill("cli_done_of", &[("done", &s.done.to_string()), ("total", &s.total.to_string())]);
    if s.skipped > 0 {
        let _ = write!(counts, ", {}", w.count("skipped_n", s.skipped));
    }
    if s.stretch_total > 0 {
        let (done, total) = (s.stretch_done.to_string(), s.stretch_total.to_string());
        let _ = write!(counts, " · {}", w.fill("cli_stretch", &[("done", &done), ("total", &total)]));
    }
    let _ = writeln!(
        out,
        "  {} {:>3.0}%  {counts} · {}",
        bar(&paint, s.percent / 100.0, BAR),
        s.percent.floor(),
        pace(&paint, w, s)
    );
    let last = match (s.last_activity, s.idle_days) {
        (Some(d), Some(0)) => format!("{d} ({})", w.get("today")),
        (Some(d), Some(n)) if n > 0 => format!("{d} ({})", w.count("days_ago", n)),
        // Recorded after the day asked about (`--today` in the past).
        (Some(d), Some(_)) => format!("{d} ({})", w.get("cli_after_today")),
        (Some(d), None) => d.to_string(),
        (None, _) => w.get("cli_none"),
    };
    let last = if s.stale { paint.p("33", &format!("{last}, {}", w.get("cli_stale"))) } else { last };
    let forecast = match (s.status, s.forecast) {
        (PaceStatus::Finished, _) => w.get("cli_forecast_done"),
        (_, Some(f)) => f.to_string(),
        (_, None) => w.get("cli_no_forecast"),
    };
    let _ = writeln!(out, "  {}", w.fill("cli_last_activity", &[("last", &last), ("forecast", &forecast)]));
    let width = project.roadmap.weeks.iter().map(|w| w.id.width()).max().unwrap_or(0);
    for (i, (week, wp)) in project.roadmap.weeks.iter().zip(&s.weeks).enumerate() {
        let finished = wp.done + wp.skipped;
        let frac = if wp.total == 0 { 1.0 } else { finished as f64 / wp.total as f64 };
        let mut line = format!(
            "  {:>2} {}{}  {}  {finished}/{}",
            i + 1,
            week.id,
            " ".repeat(width - week.id.width()),
            bar(&paint, frac, WEEK_BAR),
            wp.total
        );
        let mut notes = Vec::new();
        if wp.skipped > 0 {
            notes.push(w.count("skipped_n", wp.skipped));
        }
        if wp.doing > 0 {
            notes.push(w.count("cli_doing_n", wp.doing));
        }
        if wp.blocked > 0 {
            notes.push(paint.p("31", &w.count("blocked_n", wp.blocked)));
        }
        if wp.changes_requested > 0 {
            notes.push(paint.p("33", &w.count("changes_n", wp.changes_requested)));
        }
        if !notes.is_empty() {
            let _ = write!(line, "  {}", notes.join(", "));
        }
        if s.scheduled_week == Some(i) && s.status != PaceStatus::Finished {
            let _ = write!(line, "  {}", paint.p("2", &w.fill("cli_planned_now", &[("date", &wp.due.to_string())])));
        }
        let _ = writeln!(out, "{line}");
    }
}

/// One learner's open items, as the mentor's queue has them: what waits for
/// a review or asks for changes (with the evidence), and what is blocked.
fn open_items(out: &mut String, w: &Words, q: &waymark::queue::Queue) {
    let safe = |s: &str| waymark::text::safe(s).into_owned();
    let evidence = |out: &mut String, links: &[String]| {
        for url in links {
            let _ = writeln!(out, "      {}", w.fill("cli_evidence", &[("url", &safe(url))]));
        }
    };
    let dated = |key: &str, d: jiff::civil::Date| format!(" ({})", w.fill(key, &[("date", &d.to_string())]));
    for a in &q.awaiting_review {
        let since = a.finished.map(|f| dated("finished_on", f)).unwrap_or_default();
        let _ = writeln!(out, "  {}: {}{since}", w.get("review_awaiting"), a.task);
        evidence(out, &a.evidence);
    }
    for c in &q.changes_requested {
        let _ = writeln!(out, "  {}: {}{}", w.get("review_changes"), c.task, dated("cli_reviewed_on", c.date));
        evidence(out, &c.evidence);
    }
    for b in &q.blocked {
        let since =
            b.since.map(|d| format!(" {}", w.fill("cli_since", &[("date", &d.to_string())]))).unwrap_or_default();
        let note = b.note.as_deref().map(|n| format!(": {}", safe(&n.replace('\n', " ")))).unwrap_or_default();
        let _ = writeln!(out, "  {}: {}{since}{note}", w.get("status_blocked"), b.task);
    }
}
