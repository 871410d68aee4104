//! The review queue's pages: the overview and one page per mentor.

use std::collections::HashMap;

use minijinja::{context, Value};

use super::urls::{learner_task_url, learner_url, queue_url, week_url};
use super::{md, Listed, Lists, Shared, QUEUE_ITEMS};
use crate::queue::Merged;
use crate::schedule::days_between;

/// A mentor whose queue has a page (`id` None: the learners without one).
pub(super) struct Group {
    pub(super) id: Option<String>,
    name: String,
    github: Option<String>,
    learners: usize,
}

/// The cohort's mentors in their order, then the learners without a mentor
/// (when there are any).
pub(super) fn queue_groups(s: &Shared, entries: &[Listed]) -> Vec<Group> {
    let mut learners: HashMap<Option<&str>, usize> = HashMap::new();
    for e in entries {
        *learners.entry(e.learner.mentor.as_deref()).or_default() += 1;
    }
    let count = |id: Option<&str>| learners.get(&id).copied().unwrap_or(0);
    let mut groups: Vec<Group> = s
        .project
        .cohort
        .mentors
        .iter()
        .map(|m| Group {
            id: Some(m.id.clone()),
            name: m.name.clone(),
            github: m.github.clone(),
            learners: count(Some(&m.id)),
        })
        .collect();
    let without = count(None);
    if without > 0 {
        groups.push(Group { id: None, name: s.t("no_mentor"), github: None, learners: without });
    }
    groups
}

/// The queue's items by mentor (`None`: the learners without one), as
/// indexes into each of the queue's lists in its order, and the entries by
/// learner id: made once per render, so that each mentor's page and line
/// costs their own items, not the whole cohort's.
pub(super) struct ByMentor<'a> {
    items: HashMap<Option<&'a str>, Items>,
    by_id: HashMap<&'a str, usize>,
}

#[derive(Default)]
struct Items {
    awaiting: Vec<usize>,
    changes: Vec<usize>,
    behind: Vec<usize>,
    stale: Vec<usize>,
    blocked: Vec<usize>,
}

impl<'a> ByMentor<'a> {
    pub(super) fn new(q: &Merged<'a>, entries: &'a [Listed]) -> ByMentor<'a> {
        let mut items: HashMap<Option<&str>, Items> = HashMap::new();
        let mut add = |mentor: &'a Option<String>, pick: fn(&mut Items) -> &mut Vec<usize>, i: usize| {
            pick(items.entry(mentor.as_deref()).or_default()).push(i);
        };
        q.awaiting_review.iter().enumerate().for_each(|(i, a)| add(&a.mentor, |x| &mut x.awaiting, i));
        q.changes_requested.iter().enumerate().for_each(|(i, a)| add(&a.mentor, |x| &mut x.changes, i));
        q.behind.iter().enumerate().for_each(|(i, a)| add(&a.mentor, |x| &mut x.behind, i));
        q.stale.iter().enumerate().for_each(|(i, a)| add(&a.mentor, |x| &mut x.stale, i));
        q.blocked.iter().enumerate().for_each(|(i, a)| add(&a.mentor, |x| &mut x.blocked, i));
        let by_id = entries.iter().enumerate().map(|(i, e)| (e.learner.id.as_str(), i)).collect();
        ByMentor { items, by_id }
    }

    fn of<'s>(&'s self, mentor: &'s Option<String>) -> &'s Items {
        static NONE: Items = Items {
            awaiting: Vec::new(),
            changes: Vec::new(),
            behind: Vec::new(),
            stale: Vec::new(),
            blocked: Vec::new(),
        };
        self.items.get(&mentor.as_deref()).unwrap_or(&NONE)
    }
}

/// Planned tasks as a person counts them: whole tasks, rounded down (as behind_by is).
pub(super) fn whole(planned: f64) -> u64 {
    planned.max(0.0).floor() as u64
}

/// The kinds of items in a mentor's queue, most urgent first: the order of
/// the sections on a mentor's page (each `#<kind>-h`), of its summary, and
/// of the overview's cards and columns.
const KINDS: [&str; 5] = ["blocked", "awaiting", "changes", "behind", "stale"];

/// How many items of each kind (in [`KINDS`] order) are `mentor`'s: read
/// off the queue split by mentor once per render.
fn kind_counts(lists: &Lists, mentor: &Option<String>) -> [usize; 5] {
    let mine = lists.by_mentor.of(mentor);
    [mine.blocked.len(), mine.awaiting.len(), mine.changes.len(), mine.behind.len(), mine.stale.len()]
}

/// `{blocked: …, awaiting: …, …}` from one value per kind.
fn by_kind<T: serde::Serialize>(values: [T; 5]) -> Value {
    Value::from_serialize(KINDS.iter().zip(values).collect::<std::collections::BTreeMap<_, _>>())
}

/// The overview: the totals and one line per mentor with their counts. Each
/// count links to where its items are: a total to the one mentor's section
/// that holds them all, else to the table; a mentor's count to their section.
pub(super) fn reviews_page(s: &Shared, lists: &Lists) -> Value {
    let q = lists.queue;
    let counted: Vec<(&Group, String, [usize; 5])> = lists
        .groups
        .iter()
        .map(|g| {
            let url = queue_url(g.id.as_deref());
            (g, url.trim_start_matches("reviews/").to_string(), kind_counts(lists, &g.id))
        })
        .collect();
    let groups: Vec<Value> = counted
        .iter()
        .map(|(g, url, n)| {
            context! {
                id => g.id, name => g.name, github => g.github, learners => g.learners, url => url,
                counts => by_kind(*n),
                links => by_kind(std::array::from_fn::<_, 5, _>(|k| format!("{url}#{}-h", KINDS[k]))),
            }
        })
        .collect();
    let totals_links = std::array::from_fn::<_, 5, _>(|k| {
        let mut holding = counted.iter().filter(|(_, _, n)| n[k] > 0);
        match (holding.next(), holding.next()) {
            (Some((_, url, _)), None) => format!("{url}#{}-h", KINDS[k]),
            _ => "#mentors-h".to_string(),
        }
    });
    context! {
        site => s.site, t => s.t_value,
        page => s.page("reviews/index.html", &s.t("reviews"), &s.t("reviews_intro")),
        groups => groups,
        kinds => KINDS,
        totals => context! {
            awaiting => q.awaiting_review.len(), changes => q.changes_requested.len(),
            behind => q.behind.len(), stale => q.stale.len(), blocked => q.blocked.len(),
        },
        totals_links => by_kind(totals_links),
    }
}

/// One mentor's queue: every item links to the learner's task on their page,
/// with the evidence to review, the note and date of what is blocked, and
/// whole-task figures.
pub(super) fn queue_page(s: &Shared, entries: &[Listed], lists: &Lists, g: &Group) -> Value {
    let queue = lists.queue;
    let entry = |id: &str| lists.by_mentor.by_id.get(id).map(|&i| &entries[i]);
    let progress = |learner: &str, task: &str| entry(learner).and_then(|e| e.learner.progress.get(task));
    let who = |id: &str| {
        entry(id).map_or_else(
            || context! { id => id, name => id, url => format!("../{}", learner_url(id)) },
            |e| e.part.who.clone(),
        )
    };
    // "Edit on GitHub": the learner's entry for the task, or their file.
    // Entries recorded under a task's old id (an alias) are the current one's by now.
    let edit = |learner: &str, task: Option<&str>| {
        let line = task.and_then(|t| progress(learner, t)).map(|p| p.line);
        entry(learner).and_then(|e| e.part.edit.as_ref()).map(|x| x.link(line))
    };
    let task = |learner: &str, full: &str| {
        let (week, tid) = full.split_once('/').unwrap_or((full, ""));
        let title = s.roadmap.task(full).map_or(full.to_string(), |t| t.task.title.clone());
        let p = progress(learner, full);
        context! {
            id => full, title => title,
            url => learner_task_url(learner, week, tid),
            about_url => format!("../{}#task-{tid}", week_url(week)),
            evidence => p.map(|p| p.evidence.clone()).unwrap_or_default(),
        }
    };
    // "Approve" / "request changes" as a new issue: for a mentor the
    // workflow knows by login, on learners whose page is public (an issue is).
    let record = |learner: &str, full: &str| {
        let links = s.record.as_ref().filter(|_| g.id.is_some() && g.github.is_some())?;
        entry(learner).filter(|e| !e.learner.private)?;
        Some(context! { approve => links.approve(learner, full), changes => links.changes(learner, full) })
    };
    let mine = lists.by_mentor.of(&g.id);
    let more = |n: usize| n.saturating_sub(QUEUE_ITEMS);
    let awaiting_all: Vec<_> = mine.awaiting.iter().map(|&i| &queue.awaiting_review[i]).collect();
    let changes_all: Vec<_> = mine.changes.iter().map(|&i| &queue.changes_requested[i]).collect();
    let behind_all: Vec<_> = mine.behind.iter().map(|&i| &queue.behind[i]).collect();
    let stale_all: Vec<_> = mine.stale.iter().map(|&i| &queue.stale[i]).collect();
    let blocked_all: Vec<_> = mine.blocked.iter().map(|&i| &queue.blocked[i]).collect();
    let awaiting: Vec<Value> = awaiting_all.iter().take(QUEUE_ITEMS).map(|a| context! { learner => who(&a.learner), task => task(&a.learner, &a.task), finished => a.finished.map(|d| d.to_string()), days => a.days_waiting, edit => edit(&a.learner, Some(&a.task)), record => record(&a.learner, &a.task) }).collect();
    let changes: Vec<Value> = changes_all
        .iter()
        .take(QUEUE_ITEMS)
        .map(|a| context! { learner => who(&a.learner), task => task(&a.learner, &a.task), date => a.date.to_string(), edit => edit(&a.learner, Some(&a.task)), record => record(&a.learner, &a.task) })
        .collect();
    let behind: Vec<Value> = behind_all.iter().take(QUEUE_ITEMS).map(|a| context! { learner => who(&a.learner), planned => whole(a.planned), done => a.done, behind_by => a.behind_by, edit => edit(&a.learner, None) }).collect();
    let stale: Vec<Value> = stale_all.iter().take(QUEUE_ITEMS).map(|a| context! { learner => who(&a.learner), last_activity => a.last_activity.map(|d| d.to_string()), days => a.days, edit => edit(&a.learner, None) }).collect();
    let blocked: Vec<Value> = blocked_all
        .iter()
        .take(QUEUE_ITEMS)
        .map(|a| {
            let p = progress(&a.learner, &a.task);
            let since = p.and_then(|p| p.blocked.or(p.started));
            context! {
                learner => who(&a.learner), task => task(&a.learner, &a.task),
                since => since.map(|d| d.to_string()),
                days => since.map(|d| days_between(d, s.opts.today).max(0)),
                note_html => p.and_then(|p| md(&p.note, 3)),
                edit => edit(&a.learner, Some(&a.task)),
            }
        })
        .collect();
    let empty =
        awaiting.is_empty() && changes.is_empty() && behind.is_empty() && stale.is_empty() && blocked.is_empty();
    let description = s
        .t("desc_queue")
        .replace("{name}", &g.name)
        .replace("{awaiting}", &awaiting_all.len().to_string())
        .replace("{changes}", &changes_all.len().to_string())
        .replace("{blocked}", &blocked_all.len().to_string());
    let path = queue_url(g.id.as_deref());
    context! {
        site => s.site, t => s.t_value,
        page => s.page(&path, &format!("{} · {}", s.t("reviews"), g.name), &description),
        group => context! { id => g.id, name => g.name, github => g.github, learners => g.learners },
        empty => empty,
        kinds => KINDS,
        counts => context! {
            awaiting => awaiting_all.len(), changes => changes_all.len(), behind => behind_all.len(),
            stale => stale_all.len(), blocked => blocked_all.len(),
        },
        awaiting => awaiting, changes => changes, behind => behind, stale => stale, blocked => blocked,
        more => context! {
            awaiting => more(awaiting_all.len()), changes => more(changes_all.len()), behind => more(behind_all.len()),
            stale => more(stale_all.len()), blocked => more(blocked_all.len()),
        },
    }
}
