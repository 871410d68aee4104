//! Progress and schedule (SPEC §2), the one definition that the site,
//! `status` and `report` all use: percent, planned, pace status, behind_by,
//! last activity, stale, forecast. Pure: no I/O, no HTML.

use jiff::civil::Date;
use jiff::ToSpan;
use serde::Serialize;

use crate::model::learner::Progress;
use crate::model::roadmap::TaskOrder;
use crate::model::{Cohort, Learner, Roadmap, State, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaceStatus {
    NotStarted,
    Behind,
    OnTrack,
    Ahead,
    Finished,
}

impl PaceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PaceStatus::NotStarted => "not-started",
            PaceStatus::Behind => "behind",
            PaceStatus::OnTrack => "on-track",
            PaceStatus::Ahead => "ahead",
            PaceStatus::Finished => "finished",
        }
    }
}

/// One week of one learner's plan. `done`, `skipped`, `doing`, `blocked`,
/// `changes_requested` and `total` count core tasks only; stretch tasks are
/// counted apart. Done work with changes requested is not `done`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekProgress {
    pub done: usize,
    pub skipped: usize,
    pub doing: usize,
    pub blocked: usize,
    pub changes_requested: usize,
    pub total: usize,
    pub stretch_done: usize,
    pub stretch_total: usize,
    /// When this week is due for this learner (start + ceil(7k / pace)).
    pub due: Date,
}

/// Where a learner is in the roadmap, as "Working on" says it: the week of
/// the task they are working on, else the week they go on with next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "week", rename_all = "kebab-case")]
pub enum Position {
    /// The week of the task in progress or blocked (the latest started or
    /// blocked, of several).
    WorkingOn(usize),
    /// Nothing in progress: the week of the first core task still open.
    Next(usize),
}

impl Position {
    /// The week's index in the roadmap.
    pub fn week(self) -> usize {
        match self {
            Position::WorkingOn(i) | Position::Next(i) => i,
        }
    }
}

impl WeekProgress {
    pub fn complete(&self) -> bool {
        self.done + self.skipped == self.total
    }
}

/// A learner's standing as of `today`. The counts, percent, planned, status,
/// behind_by and forecast are over core tasks only (SPEC §2); stretch tasks
/// are counted in `stretch_done` of `stretch_total`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Schedule {
    pub today: Date,
    pub start: Date,
    pub pace: f64,
    pub total: usize,
    pub done: usize,
    pub skipped: usize,
    pub doing: usize,
    pub blocked: usize,
    /// Core tasks done whose newest review asks for changes: not done.
    pub changes_requested: usize,
    pub stretch_done: usize,
    pub stretch_total: usize,
    /// done ÷ (total − skipped), 0–100.
    pub percent: f64,
    /// Tasks planned to be finished by today.
    pub planned: f64,
    pub status: PaceStatus,
    pub behind_by: u32,
    pub last_activity: Option<Date>,
    pub stale: bool,
    /// Days since the last activity (or since start when there was none).
    pub idle_days: Option<i64>,
    pub forecast: Option<Date>,
    /// The first week with a task still open (None when all are finished).
    pub current_week: Option<usize>,
    /// Where the learner is: what they work on, else what comes next (None
    /// when nothing is in progress and every core task is finished).
    pub position: Option<Position>,
    /// The week the plan says the learner is in today (None before start or after the last due date).
    pub scheduled_week: Option<usize>,
    pub weeks: Vec<WeekProgress>,
}

/// Days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    (b - a).get_days() as i64
}

/// `date` plus `days`, saturating at the ends of the calendar.
pub fn add_days(date: Date, days: i64) -> Date {
    let days = days.clamp(-3_000_000, 3_000_000);
    date.checked_add(days.days()).unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
}

/// Week `k` (1-based) is due `start + ceil(7·k / pace)` days.
pub fn week_due(start: Date, pace: f64, k: usize) -> Date {
    let days = (7.0 * k as f64 / pace).ceil();
    add_days(start, if days.is_finite() { days as i64 } else { i64::MAX })
}

/// Tasks planned by `date`: every task of the weeks due by then, plus the due
/// fraction of the current week. `week_sizes` are core task counts: a week of
/// only stretch tasks (size 0) keeps its due date but adds nothing.
pub fn planned(week_sizes: &[usize], start: Date, pace: f64, date: Date) -> f64 {
    let mut total = 0.0;
    let mut prev = start;
    for (i, &size) in week_sizes.iter().enumerate() {
        let due = week_due(start, pace, i + 1);
        if due <= date {
            total += size as f64;
        } else {
            let span = days_between(prev, due) as f64;
            let into = days_between(prev, date) as f64;
            if span > 0.0 && into > 0.0 {
                total += size as f64 * (into / span);
            }
            break;
        }
        prev = due;
    }
    total
}

/// Compute a learner's schedule. `cohort_start` applies when the learner has
/// no `start`; validation guarantees one of the two exists. `cohort_pace`
/// applies when the learner has no `pace`; with neither, the pace is 1.
/// It sorts the roadmap's ids for this one learner: what goes through many
/// learners makes a [`TaskOrder`] once and calls [`compute_in`].
pub fn compute(
    roadmap: &Roadmap,
    learner: &Learner,
    cohort_start: Option<Date>,
    cohort_pace: Option<f64>,
    stale_after_days: u32,
    today: Date,
) -> Schedule {
    let entries = TaskOrder::new(roadmap).entries(&learner.progress);
    let cohort = Plan { start: cohort_start, pace: cohort_pace, stale_after_days };
    compute_in(roadmap, learner, &entries, cohort, today)
}

/// What the cohort sets for every learner's schedule.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub start: Option<Date>,
    pub pace: Option<f64>,
    pub stale_after_days: u32,
}

impl Plan {
    pub fn of(cohort: &Cohort) -> Plan {
        Plan { start: cohort.start, pace: cohort.pace, stale_after_days: cohort.stale_after_days }
    }
}

/// [`compute`], with the learner's entries in study order already read
/// (see [`crate::model::roadmap::TaskOrder::entries`]): what the site
/// does once per learner for all it works out of them.
pub fn compute_in(
    roadmap: &Roadmap,
    learner: &Learner,
    entries: &[Option<&Progress>],
    cohort: Plan,
    today: Date,
) -> Schedule {
    debug_assert_eq!(entries.len(), roadmap.task_count(), "the entries of another roadmap");
    let (cohort_start, cohort_pace, stale_after_days) = (cohort.start, cohort.pace, cohort.stale_after_days);
    let start = learner.start.or(cohort_start).unwrap_or(today);
    let pace = learner.pace.or(cohort_pace).filter(|p| *p > 0.0).unwrap_or(1.0);
    let mut weeks = Vec::with_capacity(roadmap.weeks.len());
    let mut entry = entries.iter();
    for (i, week) in roadmap.weeks.iter().enumerate() {
        let mut w = WeekProgress {
            done: 0,
            skipped: 0,
            doing: 0,
            blocked: 0,
            changes_requested: 0,
            total: 0,
            stretch_done: 0,
            stretch_total: 0,
            due: week_due(start, pace, i + 1),
        };
        for task in &week.tasks {
            let state = entry.next().copied().flatten().map_or(State::Todo, Progress::state);
            if task.stretch {
                w.stretch_total += 1;
                w.stretch_done += usize::from(state == State::Done);
                continue;
            }
            w.total += 1;
            match state {
                State::Done => w.done += 1,
                State::Skipped => w.skipped += 1,
                State::Doing => w.doing += 1,
                State::Blocked => w.blocked += 1,
                State::ChangesRequested => w.changes_requested += 1,
                State::Todo => {}
            }
        }
        weeks.push(w);
    }
    let sum = |f: fn(&WeekProgress) -> usize| weeks.iter().map(f).sum::<usize>();
    let (total, done, skipped, doing, blocked) =
        (sum(|w| w.total), sum(|w| w.done), sum(|w| w.skipped), sum(|w| w.doing), sum(|w| w.blocked));
    let changes_requested = sum(|w| w.changes_requested);
    let (stretch_done, stretch_total) = (sum(|w| w.stretch_done), sum(|w| w.stretch_total));
    let countable = total - skipped;
    let percent = if countable == 0 {
        if total == 0 {
            0.0
        } else {
            100.0
        }
    } else {
        done as f64 * 100.0 / countable as f64
    };
    let sizes: Vec<usize> = weeks.iter().map(|w| w.total).collect();
    let planned = planned(&sizes, start, pace, today);
    let completed = (done + skipped) as f64;
    let last_activity = last_activity(learner);
    let any_progress = learner.progress.values().any(|p| p.status != Status::Todo) || !learner.journal.is_empty();
    let status = if total > 0 && done + skipped == total {
        PaceStatus::Finished
    } else if !any_progress && start > today {
        PaceStatus::NotStarted
    } else if planned - completed >= 1.0 {
        PaceStatus::Behind
    } else if completed - planned >= 1.0 {
        PaceStatus::Ahead
    } else {
        PaceStatus::OnTrack
    };
    let behind_by = if planned > completed { (planned - completed).floor() as u32 } else { 0 };
    let idle_days = match last_activity {
        Some(d) => Some(days_between(d, today)),
        None if start <= today => Some(days_between(start, today)),
        None => None,
    };
    let stale = !matches!(status, PaceStatus::Finished | PaceStatus::NotStarted)
        && idle_days.is_some_and(|d| d > i64::from(stale_after_days));
    let forecast = if status == PaceStatus::Finished {
        None
    } else {
        let plan_end = weeks.last().map(|w| w.due).filter(|_| completed + 1.0 > planned);
        forecast(roadmap, entries, start, total - done - skipped, today, plan_end)
    };
    let current_week = weeks.iter().position(|w| !w.complete());
    let position = working_on(roadmap, entries).map(Position::WorkingOn).or(current_week.map(Position::Next));
    let scheduled_week = if today < start { None } else { weeks.iter().position(|w| w.due > today) };
    Schedule {
        today,
        start,
        pace,
        total,
        done,
        skipped,
        doing,
        blocked,
        changes_requested,
        stretch_done,
        stretch_total,
        percent,
        planned,
        status,
        behind_by,
        last_activity,
        stale,
        idle_days,
        forecast,
        current_week,
        position,
        scheduled_week,
        weeks,
    }
}

/// The week of the task in progress or blocked that the learner took up
/// last (by the day it was started or blocked, then by roadmap order): one
/// early task left blocked does not pin a learner who has moved on.
fn working_on(roadmap: &Roadmap, entries: &[Option<&Progress>]) -> Option<usize> {
    roadmap
        .tasks()
        .zip(entries)
        .enumerate()
        .filter_map(|(k, (t, p))| {
            let (i, p) = (t.week_index, (*p)?);
            matches!(p.state(), State::Doing | State::Blocked).then(|| ((p.started.max(p.blocked), k), i))
        })
        .max_by_key(|(key, _)| *key)
        .map(|(_, i)| i)
}

/// The newest date among started, finished, blocked, reviews and journal entries.
pub fn last_activity(learner: &Learner) -> Option<Date> {
    let progress = learner
        .progress
        .values()
        .flat_map(|p| p.started.into_iter().chain(p.finished).chain(p.blocked).chain(p.reviews.iter().map(|r| r.date)));
    progress.chain(learner.journal.iter().map(|j| j.date)).max()
}

/// Projected finish: the remaining core tasks at the learner's pace — the
/// faster of their rate over the last 28 days and their rate since they
/// started — so one quiet month does not push a learner years out, nor one
/// early burst pull them in for ever. A learner keeping up with their plan
/// (`plan_end`) finishes by its end at the latest. None when nothing is
/// done yet: there is no pace to go by.
fn forecast(
    roadmap: &Roadmap,
    entries: &[Option<&Progress>],
    start: Date,
    remaining: usize,
    today: Date,
    plan_end: Option<Date>,
) -> Option<Date> {
    let done: Vec<Option<Date>> = roadmap
        .tasks()
        .zip(entries)
        .filter(|(t, _)| !t.task.stretch)
        .filter_map(|(_, p)| *p)
        .filter(|p| p.state() == State::Done)
        .map(|p| p.finished.filter(|f| *f <= today))
        .collect();
    // Since the start, or the first finish when the learner began before it;
    // a week at least, so a first day's work is not a pace.
    let first = done.iter().flatten().min().map_or(start, |f| start.min(*f));
    let elapsed = days_between(first, today).max(7);
    let window = elapsed.min(28);
    let from = add_days(today, -window);
    let recent = done.iter().flatten().filter(|f| **f > from).count();
    let rate = (done.len() as f64 / elapsed as f64).max(recent as f64 / window as f64);
    let by_pace = (rate > 0.0).then(|| add_days(today, (remaining as f64 / rate).ceil() as i64));
    match (by_pace, plan_end) {
        (Some(f), Some(end)) if end > today => Some(f.min(end)),
        (f, _) => f,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::learner::Progress;
    use crate::model::roadmap::{Task, Week};
    use jiff::civil::date;

    fn roadmap(sizes: &[usize]) -> Roadmap {
        Roadmap {
            title: "r".into(),
            summary: None,
            weeks: sizes
                .iter()
                .enumerate()
                .map(|(i, &n)| Week {
                    id: format!("w{}", i + 1),
                    title: "w".into(),
                    summary: None,
                    body: None,
                    topics: vec![],
                    resources: vec![],
                    checkpoints: vec![],
                    tasks: (0..n)
                        .map(|j| Task {
                            id: format!("t{}", j + 1),
                            title: "t".into(),
                            hours: None,
                            requires: vec![],
                            review: false,
                            stretch: false,
                            deliverable: None,
                            body: None,
                            aliases: vec![],
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn learner(pace: f64, progress: &[(&str, Status, Option<Date>)]) -> Learner {
        Learner {
            id: "kim".into(),
            name: "Kim".into(),
            github: None,
            mentor: None,
            start: Some(date(2026, 9, 7)),
            pace: Some(pace),
            private: false,
            recipients: Vec::new(),
            progress: progress
                .iter()
                .map(|(id, status, finished)| {
                    ((*id).into(), Progress { finished: *finished, ..Progress::new(*status) })
                })
                .collect(),
            journal: vec![],
            thinned: false,
        }
    }

    #[test]
    fn weeks_are_due_every_seven_days_scaled_by_pace() {
        let start = date(2026, 9, 7);
        assert_eq!(week_due(start, 1.0, 1), date(2026, 9, 14));
        assert_eq!(week_due(start, 1.0, 10), date(2026, 11, 16));
        assert_eq!(week_due(start, 0.5, 1), date(2026, 9, 21));
        // ceil(7·1/0.75) = ceil(9.33) = 10 days
        assert_eq!(week_due(start, 0.75, 1), date(2026, 9, 17));
    }

    #[test]
    fn planned_counts_due_weeks_and_the_fraction_of_the_current_one() {
        let start = date(2026, 9, 7);
        let sizes = [4, 6, 5];
        assert_eq!(planned(&sizes, start, 1.0, start), 0.0);
        assert_eq!(planned(&sizes, start, 1.0, date(2026, 9, 14)), 4.0);
        // 3 of 7 days into week 2 (6 tasks): 4 + 6·3/7
        let p = planned(&sizes, start, 1.0, date(2026, 9, 17));
        assert!((p - (4.0 + 18.0 / 7.0)).abs() < 1e-9, "{p}");
        assert_eq!(planned(&sizes, start, 1.0, date(2027, 1, 1)), 15.0);
        assert_eq!(planned(&sizes, start, 1.0, date(2026, 1, 1)), 0.0);
        // part-time: week 1 is due after 14 days; on day 7 half of it is planned
        assert_eq!(planned(&sizes, start, 0.5, date(2026, 9, 14)), 2.0);
    }

    #[test]
    fn skipped_counts_as_neither_done_nor_total() {
        let r = roadmap(&[2, 2]);
        let l = learner(1.0, &[("w1/t1", Status::Done, Some(date(2026, 9, 8))), ("w1/t2", Status::Skipped, None)]);
        let s = compute(&r, &l, None, None, 7, date(2026, 9, 10));
        assert_eq!((s.done, s.skipped, s.total), (1, 1, 4));
        assert!((s.percent - 100.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn behind_by_is_planned_minus_completed_rounded_down() {
        let r = roadmap(&[4, 4]);
        let l = learner(1.0, &[("w1/t1", Status::Done, Some(date(2026, 9, 8)))]);
        // On 2026-09-17: 4 + 4·3/7 = 5.71 planned, 1 completed → 4.71 → 4
        let s = compute(&r, &l, None, None, 7, date(2026, 9, 17));
        assert_eq!(s.status, PaceStatus::Behind);
        assert_eq!(s.behind_by, 4);
        // Part-time on the same day: 4·10/14 = 2.86 planned → behind by 1
        let l2 = learner(0.5, &[("w1/t1", Status::Done, Some(date(2026, 9, 8)))]);
        let s2 = compute(&r, &l2, None, None, 7, date(2026, 9, 17));
        assert_eq!(s2.behind_by, 1);
        assert_eq!(s2.status, PaceStatus::Behind);
    }

    #[test]
    fn ahead_on_track_not_started_and_finished() {
        let r = roadmap(&[2, 2]);
        let l = learner(
            1.0,
            &[("w1/t1", Status::Done, Some(date(2026, 9, 8))), ("w1/t2", Status::Done, Some(date(2026, 9, 8)))],
        );
        assert_eq!(compute(&r, &l, None, None, 7, date(2026, 9, 9)).status, PaceStatus::Ahead);
        assert_eq!(compute(&r, &l, None, None, 7, date(2026, 9, 14)).status, PaceStatus::OnTrack);
        let fresh = learner(1.0, &[]);
        assert_eq!(compute(&r, &fresh, None, None, 7, date(2026, 9, 1)).status, PaceStatus::NotStarted);
        let all = learner(
            1.0,
            &[
                ("w1/t1", Status::Done, None),
                ("w1/t2", Status::Skipped, None),
                ("w2/t1", Status::Done, None),
                ("w2/t2", Status::Done, None),
            ],
        );
        let s = compute(&r, &all, None, None, 7, date(2026, 12, 1));
        assert_eq!(s.status, PaceStatus::Finished);
        assert_eq!((s.forecast, s.stale, s.current_week), (None, false, None));
    }

    #[test]
    fn stale_after_the_configured_days_without_activity() {
        let r = roadmap(&[2, 2]);
        let l = learner(1.0, &[("w1/t1", Status::Done, Some(date(2026, 9, 8)))]);
        assert!(!compute(&r, &l, None, None, 7, date(2026, 9, 15)).stale);
        let s = compute(&r, &l, None, None, 7, date(2026, 9, 16));
        assert!(s.stale);
        assert_eq!(s.idle_days, Some(8));
        // No activity at all: counted from start.
        let none = learner(1.0, &[]);
        assert_eq!(compute(&r, &none, None, None, 7, date(2026, 9, 20)).idle_days, Some(13));
    }

    #[test]
    fn forecast_goes_by_the_faster_of_the_recent_and_the_overall_rate() {
        let r = roadmap(&[4, 4]);
        // 2 done in the 23 days since the start, 6 remaining → 6·23/2 = 69 days
        let l = learner(
            1.0,
            &[("w1/t1", Status::Done, Some(date(2026, 9, 10))), ("w1/t2", Status::Done, Some(date(2026, 9, 20)))],
        );
        let s = compute(&r, &l, None, None, 7, date(2026, 9, 30));
        assert_eq!(s.forecast, Some(date(2026, 12, 8)));
        // Nothing in the last 28 days: the rate since the start, 2 in 85 days → 255 days.
        assert_eq!(compute(&r, &l, None, None, 7, date(2026, 12, 1)).forecast, Some(date(2027, 8, 13)));
        // Nothing done: no pace to go by.
        assert_eq!(compute(&r, &learner(1.0, &[]), None, None, 7, date(2026, 9, 30)).forecast, None);
    }

    #[test]
    fn a_learner_ahead_of_plan_is_forecast_by_the_plans_end_at_the_latest() {
        // 10 weeks of 4; 24 done in the first days, then one more on the 28th day.
        let r = roadmap(&[4; 10]);
        let ids: Vec<String> = (1..=6).flat_map(|w| (1..=4).map(move |t| format!("w{w}/t{t}"))).collect();
        let mut progress: Vec<(&str, Status, Option<Date>)> =
            ids.iter().map(|id| (id.as_str(), Status::Done, Some(date(2026, 9, 8)))).collect();
        progress.push(("w7/t1", Status::Done, Some(date(2026, 10, 5))));
        let today = date(2026, 10, 8);
        let s = compute(&r, &learner(1.0, &progress), None, None, 7, today);
        assert_eq!(s.status, PaceStatus::Ahead);
        // One task in the last 28 days alone would say 15·28 days: late in 2027.
        // At the pace since the start (25 in 31 days) 15 left take 19 days, within the plan.
        let end = s.weeks.last().unwrap().due;
        assert_eq!((end, s.forecast), (date(2026, 11, 16), Some(date(2026, 10, 27))));
        // The same burst, then nothing: behind by now, forecast at the pace since the start
        // (25 in 86 days, 15 left → 52 days), not years out.
        let later = date(2026, 12, 2);
        let s = compute(&r, &learner(1.0, &progress), None, None, 7, later);
        assert_eq!(s.status, PaceStatus::Behind);
        assert_eq!(s.forecast, Some(add_days(later, 52)));
        // Ahead, with a fast start before the cohort's: never past the plan's end.
        let mut early = progress.clone();
        for p in &mut early {
            p.2 = Some(date(2026, 6, 1));
        }
        let s = compute(&r, &learner(1.0, &early), None, None, 7, date(2026, 9, 8));
        assert_eq!(s.status, PaceStatus::Ahead);
        assert!(s.forecast.is_some_and(|f| f > date(2026, 9, 8) && f <= end), "{:?}", s.forecast);
        // Everything done: finished, no forecast.
        let all: Vec<String> = (1..=10).flat_map(|w| (1..=4).map(move |t| format!("w{w}/t{t}"))).collect();
        let done: Vec<(&str, Status, Option<Date>)> =
            all.iter().map(|id| (id.as_str(), Status::Done, Some(date(2026, 10, 1)))).collect();
        let s = compute(&r, &learner(1.0, &done), None, None, 7, today);
        assert_eq!((s.status, s.forecast), (PaceStatus::Finished, None));
    }

    #[test]
    fn position_is_the_task_in_hand_else_the_first_core_task_open() {
        let r = roadmap(&[2, 2, 2]);
        let mut l = learner(
            1.0,
            &[
                ("w1/t1", Status::Done, None),
                ("w2/t1", Status::Done, None),
                ("w2/t2", Status::Done, None),
                ("w3/t1", Status::Doing, None),
            ],
        );
        let today = date(2026, 9, 20);
        // A gap in week 1 does not pin the learner there: they work on week 3.
        assert_eq!(compute(&r, &l, None, None, 7, today).position, Some(Position::WorkingOn(2)));
        // Blocked in week 1 since after they started week 3: the latest is week 1.
        l.progress.get_mut("w3/t1").unwrap().started = Some(date(2026, 9, 15));
        let mut p = l.progress["w3/t1"].clone();
        (p.status, p.blocked) = (Status::Blocked, Some(date(2026, 9, 18)));
        l.progress.insert("w1/t2".into(), p);
        assert_eq!(compute(&r, &l, None, None, 7, today).position, Some(Position::WorkingOn(0)));
        // Nothing in hand: the week of the first core task still open, said as "next".
        for id in ["w1/t2", "w3/t1"] {
            l.progress.remove(id);
        }
        let s = compute(&r, &l, None, None, 7, today);
        assert_eq!((s.position, s.position.map(Position::week)), (Some(Position::Next(0)), Some(0)));
    }

    /// `sizes` core tasks per week, then `stretch` stretch tasks appended to each week.
    fn roadmap_with_stretch(sizes: &[usize], stretch: &[usize]) -> Roadmap {
        let mut r = roadmap(sizes);
        for (week, &n) in r.weeks.iter_mut().zip(stretch) {
            let template = Task { stretch: true, ..roadmap(&[1]).weeks[0].tasks[0].clone() };
            for j in 0..n {
                week.tasks.push(Task { id: format!("s{}", j + 1), ..template.clone() });
            }
        }
        r
    }

    #[test]
    fn stretch_tasks_are_counted_apart_and_never_change_the_plan() {
        let r = roadmap_with_stretch(&[4, 4], &[2, 1]);
        let core = roadmap(&[4, 4]);
        let today = date(2026, 9, 17);
        let progress = [("w1/t1", Status::Done, Some(date(2026, 9, 8)))];
        let without = compute(&r, &learner(1.0, &progress), None, None, 7, today);
        let mut more = progress.to_vec();
        more.push(("w1/s1", Status::Done, Some(date(2026, 9, 9))));
        more.push(("w2/s1", Status::Done, Some(date(2026, 9, 16))));
        let with = compute(&r, &learner(1.0, &more), None, None, 7, today);
        let plain = compute(&core, &learner(1.0, &progress), None, None, 7, today);
        assert_eq!((without.stretch_done, without.stretch_total), (0, 3));
        assert_eq!((with.stretch_done, with.stretch_total), (2, 3));
        assert_eq!((with.weeks[0].stretch_done, with.weeks[0].stretch_total), (1, 2));
        assert_eq!((with.weeks[1].stretch_done, with.weeks[1].stretch_total), (1, 1));
        for s in [&without, &with] {
            assert_eq!((s.done, s.total), (1, 8));
            assert_eq!(s.percent, plain.percent);
            assert_eq!(s.planned, plain.planned);
            assert_eq!(s.status, plain.status);
            assert_eq!(s.behind_by, plain.behind_by);
            assert_eq!(s.forecast, plain.forecast);
            assert_eq!(s.weeks[0].total, 4);
        }
        assert_eq!(with.behind_by, 4);
        // Stretch done in the window does not speed up the forecast:
        // 1 core done in the 10 days since the start, 7 left → 70 days.
        assert_eq!(with.forecast, Some(add_days(today, 70)));
    }

    #[test]
    fn all_core_done_and_no_stretch_is_finished() {
        let r = roadmap_with_stretch(&[2, 1], &[1, 2]);
        let l = learner(
            1.0,
            &[
                ("w1/t1", Status::Done, Some(date(2026, 9, 8))),
                ("w1/t2", Status::Done, Some(date(2026, 9, 9))),
                ("w2/t1", Status::Done, Some(date(2026, 9, 15))),
            ],
        );
        let s = compute(&r, &l, None, None, 7, date(2026, 9, 16));
        assert_eq!(s.status, PaceStatus::Finished);
        assert_eq!(s.percent, 100.0);
        assert_eq!((s.stretch_done, s.stretch_total), (0, 3));
        assert_eq!((s.current_week, s.forecast), (None, None));
        // With the core only half done on the last due date, stretch work does not make up for it.
        let half = learner(
            1.0,
            &[
                ("w1/t1", Status::Done, Some(date(2026, 9, 8))),
                ("w1/s1", Status::Done, Some(date(2026, 9, 8))),
                ("w2/s1", Status::Done, Some(date(2026, 9, 8))),
                ("w2/s2", Status::Done, Some(date(2026, 9, 8))),
            ],
        );
        let s = compute(&r, &half, None, None, 7, date(2026, 9, 21));
        assert_eq!((s.status, s.behind_by, s.stretch_done), (PaceStatus::Behind, 2, 3));
    }

    #[test]
    fn a_week_of_only_stretch_tasks_keeps_its_due_date_and_plans_nothing() {
        // Week 2 has no core tasks: it is due on day 14 and adds 0 to planned;
        // week 3's tasks are planned from day 14 to 21.
        let r = roadmap_with_stretch(&[2, 0, 2], &[0, 3, 0]);
        let l = learner(1.0, &[]);
        let s = compute(&r, &l, None, None, 7, date(2026, 9, 21));
        assert_eq!(s.weeks[1].due, date(2026, 9, 21));
        assert_eq!((s.weeks[1].total, s.weeks[1].stretch_total), (0, 3));
        assert_eq!(s.planned, 2.0);
        let later = compute(&r, &l, None, None, 7, date(2026, 9, 24));
        assert!((later.planned - (2.0 + 2.0 * 3.0 / 7.0)).abs() < 1e-9, "{}", later.planned);
        assert_eq!(planned(&[2, 0, 2], date(2026, 9, 7), 1.0, date(2026, 9, 17)), 2.0);
        // The stretch-only week is never the first week with a core task open.
        let w1 = learner(1.0, &[("w1/t1", Status::Done, None), ("w1/t2", Status::Done, None)]);
        assert_eq!(compute(&r, &w1, None, None, 7, date(2026, 9, 21)).current_week, Some(2));
    }

    #[test]
    fn changes_requested_is_not_finished_until_resubmitted() {
        use crate::model::learner::Review;
        use crate::model::Verdict;
        let r = roadmap(&[2, 2]);
        let mut l = learner(
            1.0,
            &[("w1/t1", Status::Done, Some(date(2026, 9, 8))), ("w1/t2", Status::Done, Some(date(2026, 9, 9)))],
        );
        let review =
            |d, verdict| Review { by: "lee".into(), date: d, verdict, comment: None, private: false, source: None };
        l.progress.get_mut("w1/t2").unwrap().reviews.push(review(date(2026, 9, 10), Verdict::Changes));
        let s = compute(&r, &l, None, None, 7, date(2026, 9, 13));
        assert_eq!((s.done, s.changes_requested, s.percent), (1, 1, 25.0));
        assert_eq!((s.weeks[0].done, s.weeks[0].changes_requested), (1, 1));
        assert!(!s.weeks[0].complete());
        assert_eq!(s.current_week, Some(0));
        // On track (1 done of 1.7 planned): the plan's end, before the pace's
        // 3 left at 1 per 7 days (the one done; the shortest span a pace is taken over).
        assert_eq!(s.forecast, Some(date(2026, 9, 21)));
        // Week 1 is due on the 14th: with one of its two tasks still to do, one behind.
        let due = compute(&r, &l, None, None, 7, date(2026, 9, 14));
        assert_eq!((due.status, due.behind_by), (PaceStatus::Behind, 1));
        // Resubmitted after the review: awaiting review again, and done.
        l.progress.get_mut("w1/t2").unwrap().finished = Some(date(2026, 9, 12));
        let s = compute(&r, &l, None, None, 7, date(2026, 9, 14));
        assert_eq!((s.done, s.changes_requested), (2, 0));
        // Approved after the changes: done.
        let p = l.progress.get_mut("w1/t2").unwrap();
        p.finished = Some(date(2026, 9, 9));
        p.reviews.push(review(date(2026, 9, 13), Verdict::Approved));
        assert_eq!(compute(&r, &l, None, None, 7, date(2026, 9, 14)).done, 2);
    }

    #[test]
    fn hostile_dates_and_paces_saturate_instead_of_panicking() {
        let r = roadmap(&[1]);
        let mut l = learner(1e-9, &[]);
        l.start = Some(Date::MAX);
        let s = compute(&r, &l, None, None, 7, Date::MIN);
        assert_eq!(s.status, PaceStatus::NotStarted);
        assert_eq!(week_due(Date::MAX, 1.0, 10), Date::MAX);
    }
}
