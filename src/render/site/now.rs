//! The learner page's "Now" (지금 할 일): the few things to do next, in the
//! order a learner should take them — what the mentor asked to change (with
//! the review's comment), what is blocked, what is in progress, then the next
//! core tasks still to start — each with its due date under the learner's own
//! plan, so a learner sees what to do and by when without opening a week.

use minijinja::{context, Value};

use super::urls::{pretty, week_url};
use super::{md, Shared};
use crate::model::learner::Progress;
use crate::model::State;
use crate::schedule::Schedule;

/// Core tasks not yet started that "Now" suggests next.
const NEXT_TASKS: usize = 3;

/// What "Now" lists, in the order it lists them.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Changes,
    Blocked,
    Doing,
    Next,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Changes => "changes",
            Kind::Blocked => "blocked",
            Kind::Doing => "doing",
            Kind::Next => "next",
        }
    }

    fn of(state: State, stretch: bool) -> Option<Kind> {
        match state {
            State::ChangesRequested => Some(Kind::Changes),
            State::Blocked => Some(Kind::Blocked),
            State::Doing => Some(Kind::Doing),
            State::Todo if !stretch => Some(Kind::Next),
            _ => None,
        }
    }
}

/// The tasks "Now" lists (by their index in roadmap order), each with its
/// kind, in the order it lists them.
fn picks(s: &Shared, entries: &[Option<&Progress>]) -> Vec<(Kind, usize)> {
    let mut picked: Vec<(Kind, usize)> = Vec::new();
    let mut next = 0;
    for (k, (t, p)) in s.roadmap.tasks().zip(entries).enumerate() {
        let Some(kind) = Kind::of(p.map_or(State::Todo, |p| p.state()), t.task.stretch) else { continue };
        if kind == Kind::Next {
            if next == NEXT_TASKS {
                continue;
            }
            next += 1;
        }
        picked.push((kind, k));
    }
    // Stable: within a kind, roadmap order.
    picked.sort_by_key(|(kind, _)| *kind);
    picked
}

/// The tasks "Now" lists and links to their rows, by their index in roadmap order.
pub(super) fn listed(s: &Shared, entries: &[Option<&Progress>]) -> Vec<usize> {
    picks(s, entries).into_iter().map(|(_, k)| k).collect()
}

/// The "Now" of one learner. `rows` are the learner page's task rows in
/// roadmap order: each item carries its task's row, so whatever a row shows
/// (a link to record it, say) an item can show too.
pub(super) fn now(s: &Shared, entries: &[Option<&Progress>], sc: &Schedule, rows: &[Value]) -> Value {
    let mentor_name = |id| s.mentor_name(id).to_string();
    let picked = picks(s, entries);
    let tasks: Vec<_> = s.roadmap.tasks().collect();
    // A week is named in full on its first item; the items after it in the
    // same week say only its number.
    let mut named: Option<usize> = None;
    let items: Vec<Value> = picked
        .into_iter()
        .map(|(kind, k)| {
            let t = &tasks[k];
            let wp = &sc.weeks[t.week_index];
            let p = entries[k];
            // The newest review when it asks for changes: what the mentor said.
            let review = p.filter(|_| kind == Kind::Changes).and_then(|p| p.latest_review()).map(|r| {
                context! { by => mentor_name(&r.by), date => r.date.to_string(), comment_html => md(&r.comment, 2) }
            });
            let week = if named.replace(t.week_index) == Some(t.week_index) {
                s.t("week_n").replace("{n}", &(t.week_index + 1).to_string())
            } else {
                s.week_label(t.week_index + 1, &t.week.title)
            };
            context! {
                kind => kind.as_str(),
                task => rows[k],
                week => week,
                week_url => format!("../../{}", pretty(&week_url(&t.week.id))),
                due => wp.due.to_string(),
                overdue => wp.due < s.opts.today,
                review => review,
            }
        })
        .collect();
    let this_week = sc.scheduled_week.and_then(|i| {
        let w = s.roadmap.weeks.get(i)?;
        Some(context! { n => i + 1, title => w.title, due => sc.weeks[i].due.to_string() })
    });
    context! {
        items => items,
        this_week => this_week,
        finished => sc.weeks.iter().all(|w| w.complete()),
    }
}
