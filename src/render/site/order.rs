//! Who the dashboard lists first. The full view, for mentors, ranks learners
//! by urgency; the public site ranks no one (learners by name, no "N days
//! inactive") unless the cohort opts in with `public_urgency: true`, so that
//! a working adult who falls behind is not put on show. The mentors' queues
//! show urgency either way.

use super::{Listed, Options, View};
use crate::model::{Project, State};
use crate::schedule::PaceStatus;

/// Whether this build ranks by urgency and shows "N days inactive".
pub(super) fn urgency(project: &Project, opts: &Options) -> bool {
    opts.view == View::Full || project.cohort.public_urgency
}

/// The dashboard's order: indexes into `entries`.
pub(super) fn dashboard_order(project: &Project, opts: &Options, entries: &[Listed]) -> Vec<usize> {
    if urgency(project, opts) {
        urgency_order(entries)
    } else {
        name_order(entries)
    }
}

/// Learners by urgency: those with a blocked task first, then those behind
/// (most tasks behind first), then the stale (longest idle first), then the
/// rest; ties by id (the entries' order). The dashboard states this order.
fn urgency_order(entries: &[Listed]) -> Vec<usize> {
    let key = |e: &Listed| {
        let sc = e.schedule();
        let blocked = e.part.tasks.contains(&State::Blocked);
        let behind = sc.status == PaceStatus::Behind && sc.behind_by > 0;
        let group = if blocked {
            0
        } else if behind {
            1
        } else if sc.stale {
            2
        } else {
            3
        };
        (group, std::cmp::Reverse(sc.behind_by), std::cmp::Reverse(sc.stale.then_some(sc.idle_days.unwrap_or(0))))
    };
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| key(&entries[i]));
    order
}

/// Learners by name, then id: an order that ranks no one.
fn name_order(entries: &[Listed]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&entries[a].learner, &entries[b].learner);
        (&a.name, &a.id).cmp(&(&b.name, &b.id))
    });
    order
}
