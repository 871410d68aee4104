//! The mentor's queue: awaiting review, changes requested, behind, stale, blocked.
//!
//! A pure function of the loaded project, the learners to include and "today",
//! shared by `waymark report` and the site's review page. The caller decides
//! who is in `learners` (all of them for the report, public ones with private
//! reviews removed for the public site). Every list is sorted oldest / worst
//! first, then by learner id, then by task id, so output is deterministic.

use std::cmp::Reverse;

use jiff::civil::Date;
use serde::Serialize;

use crate::model::learner::Progress;
use crate::model::roadmap::TaskOrder;
use crate::model::{Learner, Project, ReviewState, Status};
use crate::schedule::{self, PaceStatus};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Queue {
    pub as_of: Date,
    pub awaiting_review: Vec<Awaiting>,
    pub changes_requested: Vec<Changes>,
    pub behind: Vec<Behind>,
    pub stale: Vec<Stale>,
    pub blocked: Vec<Blocked>,
}

/// A finished task that needs a review and has none newer than its finish.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Awaiting {
    pub learner: String,
    pub task: String,
    pub finished: Option<Date>,
    /// Days since `finished` (0 when the finish date is not recorded).
    pub days_waiting: i64,
    /// The evidence to review: the learner's links for the task.
    pub evidence: Vec<String>,
    /// The learner's mentor, for grouping.
    #[serde(skip)]
    pub mentor: Option<String>,
}

/// A task whose newest review asks for changes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Changes {
    pub learner: String,
    pub task: String,
    /// The date of that review.
    pub date: Date,
    /// The learner's links for the task.
    pub evidence: Vec<String>,
    #[serde(skip)]
    pub mentor: Option<String>,
}

/// A learner at least one whole task behind the plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Behind {
    pub learner: String,
    /// Tasks planned by today, rounded to 2 decimals.
    pub planned: f64,
    /// Whole tasks planned by today (rounded down, as `behind_by` counts).
    pub planned_tasks: u64,
    pub done: usize,
    pub behind_by: u32,
    /// Stretch tasks done and in the roadmap: credited, never part of the plan.
    pub stretch_done: usize,
    pub stretch_total: usize,
    #[serde(skip)]
    pub mentor: Option<String>,
}

/// A learner with no activity for longer than `stale_after_days`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stale {
    pub learner: String,
    pub last_activity: Option<Date>,
    /// Days since the last activity (or since start when there was none).
    pub days: i64,
    #[serde(skip)]
    pub mentor: Option<String>,
}

/// A task the learner marked `blocked`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Blocked {
    pub learner: String,
    pub task: String,
    /// The learner's note: what blocks them.
    pub note: Option<Box<str>>,
    /// Since when: the day `block` recorded, else the task's start.
    pub since: Option<Date>,
    #[serde(skip)]
    pub mentor: Option<String>,
}

impl Queue {
    pub fn empty(as_of: Date) -> Queue {
        Queue {
            as_of,
            awaiting_review: Vec::new(),
            changes_requested: Vec::new(),
            behind: Vec::new(),
            stale: Vec::new(),
            blocked: Vec::new(),
        }
    }
}

pub fn build(project: &Project, learners: &[&Learner], today: Date) -> Queue {
    let plan = schedule::Plan::of(&project.cohort);
    let order = TaskOrder::new(&project.roadmap);
    let parts: Vec<Queue> = learners
        .iter()
        .map(|l| {
            let entries = order.entries(&l.progress);
            let s = schedule::compute_in(&project.roadmap, l, &entries, plan, today);
            for_learner(project, l, &entries, &s, today)
        })
        .collect();
    merge(today, parts.iter())
}

/// One learner's items, unsorted; [`merge`] puts the learners' items
/// together. `entries` are the learner's entries in study order (see
/// [`crate::model::roadmap::TaskOrder::entries`]).
pub fn for_learner(
    project: &Project,
    learner: &Learner,
    entries: &[Option<&Progress>],
    s: &schedule::Schedule,
    today: Date,
) -> Queue {
    debug_assert_eq!(entries.len(), project.roadmap.task_count(), "the entries of another roadmap");
    let mut q = Queue::empty(today);
    let mentor = learner.mentor.clone();
    for (t, p) in project.roadmap.tasks().zip(entries) {
        let Some(p) = p else { continue };
        // Made only for an item: most entries make none.
        let task = || t.full_id();
        if p.status == Status::Blocked {
            q.blocked.push(Blocked {
                learner: learner.id.clone(),
                task: task(),
                note: p.note.clone(),
                since: p.blocked.or(p.started),
                mentor: mentor.clone(),
            });
        }
        // Changes asked for are work to do on any task; only a task that
        // needs a review waits for one.
        match p.review_state() {
            Some(ReviewState::Awaiting) if t.task.review => q.awaiting_review.push(Awaiting {
                learner: learner.id.clone(),
                task: task(),
                finished: p.finished,
                days_waiting: p.finished.map_or(0, |f| schedule::days_between(f, today).max(0)),
                evidence: p.evidence.iter().map(|e| e.to_string()).collect(),
                mentor: mentor.clone(),
            }),
            Some(ReviewState::ChangesRequested) => {
                if let Some(r) = p.latest_review() {
                    q.changes_requested.push(Changes {
                        learner: learner.id.clone(),
                        task: task(),
                        date: r.date,
                        evidence: p.evidence.iter().map(|e| e.to_string()).collect(),
                        mentor: mentor.clone(),
                    });
                }
            }
            Some(ReviewState::Awaiting | ReviewState::Approved) | None => {}
        }
    }
    if s.status == PaceStatus::Behind && s.behind_by > 0 {
        q.behind.push(Behind {
            learner: learner.id.clone(),
            planned: (s.planned * 100.0).round() / 100.0,
            planned_tasks: s.planned.max(0.0).floor() as u64,
            done: s.done,
            behind_by: s.behind_by,
            stretch_done: s.stretch_done,
            stretch_total: s.stretch_total,
            mentor: mentor.clone(),
        });
    }
    if s.stale {
        q.stale.push(Stale {
            learner: learner.id.clone(),
            last_activity: s.last_activity,
            days: s.idle_days.unwrap_or(0),
            mentor: mentor.clone(),
        });
    }
    q
}

/// The learners' items together, each list in the order mentors work through it.
pub fn merge<'a>(today: Date, parts: impl Iterator<Item = &'a Queue>) -> Queue {
    let m = merged(parts);
    Queue {
        as_of: today,
        awaiting_review: m.awaiting_review.into_iter().cloned().collect(),
        changes_requested: m.changes_requested.into_iter().cloned().collect(),
        behind: m.behind.into_iter().cloned().collect(),
        stale: m.stale.into_iter().cloned().collect(),
        blocked: m.blocked.into_iter().cloned().collect(),
    }
}

/// The learners' items together as [`merge`] orders them, borrowed from
/// the learners' own queues: what the site's pages read, without a copy of
/// every item (at 10,000 learners on a roadmap of 400 tasks, some 160,000).
#[derive(Default)]
pub struct Merged<'a> {
    pub awaiting_review: Vec<&'a Awaiting>,
    pub changes_requested: Vec<&'a Changes>,
    pub behind: Vec<&'a Behind>,
    pub stale: Vec<&'a Stale>,
    pub blocked: Vec<&'a Blocked>,
}

/// See [`Merged`].
pub fn merged<'a>(parts: impl Iterator<Item = &'a Queue>) -> Merged<'a> {
    let mut q = Merged::default();
    for p in parts {
        q.awaiting_review.extend(&p.awaiting_review);
        q.changes_requested.extend(&p.changes_requested);
        q.behind.extend(&p.behind);
        q.stale.extend(&p.stale);
        q.blocked.extend(&p.blocked);
    }
    q.awaiting_review.sort_by(|a, b| {
        (a.finished.is_none(), a.finished, &a.learner, &a.task).cmp(&(
            b.finished.is_none(),
            b.finished,
            &b.learner,
            &b.task,
        ))
    });
    q.changes_requested.sort_by(|a, b| (a.date, &a.learner, &a.task).cmp(&(b.date, &b.learner, &b.task)));
    q.behind.sort_by(|a, b| (Reverse(a.behind_by), &a.learner).cmp(&(Reverse(b.behind_by), &b.learner)));
    q.stale.sort_by(|a, b| (Reverse(a.days), &a.learner).cmp(&(Reverse(b.days), &b.learner)));
    // Blocked longest first (those with no date last), as awaiting review is.
    q.blocked.sort_by(|a, b| {
        (a.since.is_none(), a.since, &a.learner, &a.task).cmp(&(b.since.is_none(), b.since, &b.learner, &b.task))
    });
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    fn awaiting(learner: &str, task: &str, finished: Option<&str>) -> Awaiting {
        Awaiting {
            learner: learner.into(),
            task: task.into(),
            finished: finished.map(|d| d.parse().unwrap()),
            days_waiting: 0,
            evidence: Vec::new(),
            mentor: None,
        }
    }

    fn blocked(learner: &str, task: &str, since: Option<&str>) -> Blocked {
        Blocked {
            learner: learner.into(),
            task: task.into(),
            note: None,
            since: since.map(|d| d.parse().unwrap()),
            mentor: None,
        }
    }

    /// The cohort's lists are the learners' items in the order a mentor works
    /// through them, whatever order the learners come in: oldest first (no
    /// date last), then by learner, then by task; the site reads them borrowed
    /// (`merged`), the report owned (`merge`), in the same order.
    #[test]
    fn the_cohort_queue_is_oldest_first_then_by_learner_and_task() {
        let today: Date = "2026-11-01".parse().unwrap();
        let mut lee = Queue::empty(today);
        lee.awaiting_review = vec![awaiting("lee", "w1/b", Some("2026-10-02")), awaiting("lee", "w1/a", None)];
        lee.blocked = vec![blocked("lee", "w2/a", None), blocked("lee", "w1/c", Some("2026-10-05"))];
        let mut kim = Queue::empty(today);
        kim.awaiting_review =
            vec![awaiting("kim", "w1/b", Some("2026-10-02")), awaiting("kim", "w1/a", Some("2026-10-09"))];
        kim.blocked = vec![blocked("kim", "w1/a", Some("2026-10-05"))];
        let parts = [lee, kim];
        let q = merged(parts.iter());
        let order: Vec<(&str, &str)> = q.awaiting_review.iter().map(|a| (&*a.learner, &*a.task)).collect();
        assert_eq!(order, [("kim", "w1/b"), ("lee", "w1/b"), ("kim", "w1/a"), ("lee", "w1/a")]);
        let order: Vec<(&str, &str)> = q.blocked.iter().map(|a| (&*a.learner, &*a.task)).collect();
        assert_eq!(order, [("kim", "w1/a"), ("lee", "w1/c"), ("lee", "w2/a")]);
        let owned = merge(today, parts.iter());
        assert_eq!(owned.awaiting_review, q.awaiting_review.into_iter().cloned().collect::<Vec<_>>());
        assert_eq!(owned.blocked, q.blocked.into_iter().cloned().collect::<Vec<_>>());
    }
}
