//! `waymark status [LEARNER]`: each learner's standing in the terminal, from
//! the one schedule model: a bar per week, percent, pace status and behind_by,
//! last activity and forecast. Coloured on a terminal, plain when piped.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::{Context, Failure, Result};
use crate::cli::StatusArgs;
use waymark::model::{Learner, Project};
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
    let mut out = String::new();
    if learners.is_empty() && left_out.is_empty() {
        out.push_str("no learners yet: add one with `waymark learner add ID --name NAME`\n");
    }
    for (i, l) in learners.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let s = schedule::compute(
            &project.roadmap,
            l,
            project.cohort.start,
            project.cohort.pace,
            project.cohort.stale_after_days,
            today,
        );
        learner(&mut out, &project, l, &s, ctx.color_stdout);
        if args.learner.is_some() {
            open_items(&mut out, &waymark::queue::for_learner(&project, l, &s, today));
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

fn pace(paint: &Paint, s: &Schedule) -> String {
    match s.status {
        PaceStatus::Behind => paint.p("1;31", &format!("behind by {}", s.behind_by)),
        PaceStatus::Ahead => paint.p("32", "ahead"),
        PaceStatus::OnTrack => paint.p("36", "on track"),
        PaceStatus::Finished => paint.p("1;32", "finished"),
        PaceStatus::NotStarted => paint.p("2", "not started"),
    }
}

fn learner(out: &mut String, project: &Project, l: &Learner, s: &Schedule, color: bool) {
    let paint = Paint(color);
    let name = waymark::text::one_line(&l.name);
    let mut head = format!("{} ({})", paint.p("1", &waymark::text::safe(&name)), waymark::text::safe(&l.id));
    if let Some(m) = &l.mentor {
        let _ = write!(head, " · mentor {}", waymark::text::safe(m));
    }
    if l.private {
        head.push_str(" · private");
    }
    if (s.pace - 1.0).abs() > f64::EPSILON {
        let _ = write!(head, " · pace {}", s.pace);
    }
    let _ = writeln!(out, "{head}");
    let mut counts = format!("{}/{} done", s.done, s.total);
    if s.skipped > 0 {
        let _ = write!(counts, ", {} skipped", s.skipped);
    }
    if s.stretch_total > 0 {
        let _ = write!(counts, " · +{} stretch of {}", s.stretch_done, s.stretch_total);
    }
    let _ = writeln!(
        out,
        "  {} {:>3.0}%  {counts} · {}",
        bar(&paint, s.percent / 100.0, BAR),
        s.percent.floor(),
        pace(&paint, s)
    );
    let last = match (s.last_activity, s.idle_days) {
        (Some(d), Some(0)) => format!("{d} (today)"),
        (Some(d), Some(n)) if n > 0 => format!("{d} ({} ago)", days(n)),
        // Recorded after the day asked about (`--today` in the past).
        (Some(d), Some(_)) => format!("{d} (after today)"),
        (Some(d), None) => d.to_string(),
        (None, _) => "none".to_string(),
    };
    let last = if s.stale { paint.p("33", &format!("{last}, stale")) } else { last };
    let forecast = match (s.status, s.forecast) {
        (PaceStatus::Finished, _) => "done".to_string(),
        (_, Some(f)) => f.to_string(),
        (_, None) => "none (nothing finished yet)".to_string(),
    };
    let _ = writeln!(out, "  last activity {last} · forecast {forecast}");
    let width = project.roadmap.weeks.iter().map(|w| w.id.width()).max().unwrap_or(0);
    for (i, (w, wp)) in project.roadmap.weeks.iter().zip(&s.weeks).enumerate() {
        let finished = wp.done + wp.skipped;
        let frac = if wp.total == 0 { 1.0 } else { finished as f64 / wp.total as f64 };
        let mut line = format!(
            "  {:>2} {}{}  {}  {finished}/{}",
            i + 1,
            w.id,
            " ".repeat(width - w.id.width()),
            bar(&paint, frac, WEEK_BAR),
            wp.total
        );
        let mut notes = Vec::new();
        if wp.skipped > 0 {
            notes.push(format!("{} skipped", wp.skipped));
        }
        if wp.doing > 0 {
            notes.push(format!("{} doing", wp.doing));
        }
        if wp.blocked > 0 {
            notes.push(paint.p("31", &format!("{} blocked", wp.blocked)));
        }
        if wp.changes_requested > 0 {
            notes.push(paint.p("33", &format!("{} changes requested", wp.changes_requested)));
        }
        if !notes.is_empty() {
            let _ = write!(line, "  {}", notes.join(", "));
        }
        if s.scheduled_week == Some(i) && s.status != PaceStatus::Finished {
            let _ = write!(line, "  {}", paint.p("2", &format!("← planned now (due {})", wp.due)));
        }
        let _ = writeln!(out, "{line}");
    }
}

/// One learner's open items, as the mentor's queue has them: what waits for
/// a review or asks for changes (with the evidence), and what is blocked.
fn open_items(out: &mut String, q: &waymark::queue::Queue) {
    let safe = |s: &str| waymark::text::safe(s).into_owned();
    let evidence = |out: &mut String, links: &[String]| {
        for url in links {
            let _ = writeln!(out, "      evidence: {}", safe(url));
        }
    };
    for a in &q.awaiting_review {
        let since = a.finished.map(|f| format!(" (finished {f})")).unwrap_or_default();
        let _ = writeln!(out, "  awaiting review: {}{since}", a.task);
        evidence(out, &a.evidence);
    }
    for c in &q.changes_requested {
        let _ = writeln!(out, "  changes requested: {} (reviewed {})", c.task, c.date);
        evidence(out, &c.evidence);
    }
    for b in &q.blocked {
        let since = b.since.map(|d| format!(" since {d}")).unwrap_or_default();
        let note = b.note.as_deref().map(|n| format!(": {}", safe(&n.replace('\n', " ")))).unwrap_or_default();
        let _ = writeln!(out, "  blocked: {}{since}{note}", b.task);
    }
}

fn days(n: i64) -> String {
    match n {
        0 => "today".to_string(),
        1 => "1 day".to_string(),
        n => format!("{n} days"),
    }
}
