//! `roadmap.yaml` (and its translations): weeks in study order, each with
//! topics, resources, checkpoints and tasks.

use serde::Deserialize;

use super::learner::{Progress, ProgressMap, TaskKey};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roadmap {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    pub weeks: Vec<Week>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Week {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub topics: Vec<Topic>,
    #[serde(default)]
    pub resources: Vec<Resource>,
    #[serde(default)]
    pub checkpoints: Vec<String>,
    pub tasks: Vec<Task>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub title: String,
    #[serde(default)]
    pub body: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub title: String,
    pub url: String,
    #[serde(default)]
    pub kind: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub hours: Option<f64>,
    #[serde(default)]
    pub requires: Vec<String>,
    #[serde(default)]
    pub review: bool,
    /// Optional extra work: shown and counted apart, never part of the plan.
    #[serde(default)]
    pub stretch: bool,
    #[serde(default)]
    pub deliverable: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A task together with its week, as the rest of waymark sees it.
#[derive(Clone, Copy, Debug)]
pub struct TaskRef<'a> {
    /// 0-based position of the week in study order.
    pub week_index: usize,
    pub week: &'a Week,
    pub task: &'a Task,
}

impl TaskRef<'_> {
    pub fn full_id(&self) -> String {
        format!("{}/{}", self.week.id, self.task.id)
    }
}

/// A roadmap's tasks by full id, made once: what reads a learner's entries
/// in roadmap order in one walk ([`TaskOrder::entries`]), where a lookup
/// per task would make each task's full id and search for it.
#[derive(Clone, Debug)]
pub struct TaskOrder {
    /// Each task's full id, in study order.
    pub ids: Vec<String>,
    /// Positions in study order, by full id.
    sorted: Vec<usize>,
}

impl TaskOrder {
    pub fn new(roadmap: &Roadmap) -> TaskOrder {
        let ids: Vec<String> = roadmap.tasks().map(|t| t.full_id()).collect();
        let mut sorted: Vec<usize> = (0..ids.len()).collect();
        sorted.sort_by(|a, b| ids[*a].cmp(&ids[*b]));
        TaskOrder { ids, sorted }
    }

    /// The entry in `progress` of each task, in study order (`None` for a
    /// task with none): one walk of both lists, each sorted by id, instead
    /// of a search per task.
    pub fn entries<'a>(&self, progress: &'a ProgressMap) -> Vec<Option<&'a Progress>> {
        let mut out = vec![None; self.ids.len()];
        let mut entries = progress.iter().peekable();
        for &k in &self.sorted {
            let id = self.ids[k].as_str();
            while entries.next_if(|(key, _)| &***key < id).is_some() {}
            if let Some((key, p)) = entries.peek() {
                if &***key == id {
                    out[k] = Some(*p);
                }
            }
        }
        out
    }
}

impl Roadmap {
    /// Old full id → current full id, from every task's `aliases`.
    pub fn alias_map(&self) -> std::collections::BTreeMap<String, String> {
        self.tasks()
            .filter(|t| !t.task.aliases.is_empty())
            .flat_map(|t| {
                let full = t.full_id();
                t.task.aliases.iter().map(move |a| (a.clone(), full.clone()))
            })
            .collect()
    }

    /// Each task's full id, shared, by its full id and by each of its
    /// aliases: what a progress entry's key becomes (see [`TaskKey`]).
    pub fn task_keys(&self) -> std::collections::HashMap<String, TaskKey> {
        let mut keys = std::collections::HashMap::new();
        for t in self.tasks() {
            let full = t.full_id();
            let key = TaskKey::from(full.as_str());
            keys.extend(t.task.aliases.iter().map(|a| (a.clone(), key.clone())));
            keys.insert(full, key);
        }
        keys
    }

    /// Every task in study order.
    pub fn tasks(&self) -> impl Iterator<Item = TaskRef<'_>> {
        self.weeks
            .iter()
            .enumerate()
            .flat_map(|(week_index, week)| week.tasks.iter().map(move |task| TaskRef { week_index, week, task }))
    }

    pub fn task_count(&self) -> usize {
        self.weeks.iter().map(|w| w.tasks.len()).sum()
    }

    pub fn week(&self, id: &str) -> Option<&Week> {
        self.weeks.iter().find(|w| w.id == id)
    }

    pub fn task(&self, full_id: &str) -> Option<TaskRef<'_>> {
        let (w, t) = full_id.split_once('/')?;
        self.tasks().find(|r| r.week.id == w && r.task.id == t)
    }

    /// Replace this roadmap's text with the text of `translation`, keeping
    /// structure (ids, hours, requires, review, stretch, aliases, URLs) from `self`.
    /// The translation has been checked to have the same weeks and tasks.
    pub fn translated(&self, translation: &Roadmap) -> Roadmap {
        let mut out = self.clone();
        out.title = translation.title.clone();
        out.summary = translation.summary.clone().or(out.summary);
        for week in &mut out.weeks {
            let Some(tw) = translation.week(&week.id) else { continue };
            week.title = tw.title.clone();
            week.summary = tw.summary.clone().or(week.summary.take());
            week.body = tw.body.clone().or(week.body.take());
            if !tw.topics.is_empty() {
                week.topics = tw.topics.clone();
            }
            if !tw.resources.is_empty() {
                week.resources = tw.resources.clone();
            }
            if !tw.checkpoints.is_empty() {
                week.checkpoints = tw.checkpoints.clone();
            }
            for task in &mut week.tasks {
                let Some(tt) = tw.tasks.iter().find(|t| t.id == task.id) else { continue };
                task.title = tt.title.clone();
                task.deliverable = tt.deliverable.clone().or(task.deliverable.take());
                task.body = tt.body.clone().or(task.body.take());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn entries_in_study_order_are_what_a_lookup_of_each_task_finds() {
        use super::{Roadmap, TaskOrder};
        use crate::model::learner::{Progress, ProgressMap, Status, TaskKey};
        // Ids whose study order is not their sorted order (t10 sorts before
        // t2, week b before week a), entries for some tasks only, and
        // entries for tasks the roadmap does not have.
        let yaml = "title: R\nweeks:\n".to_string()
            + &["b", "a", "c"]
                .iter()
                .map(|w| {
                    let tasks: String = (1..=12).map(|t| format!("      - {{id: t{t}, title: T}}\n")).collect();
                    format!("  - id: {w}\n    title: W\n    tasks:\n{tasks}")
                })
                .collect::<String>();
        let doc = crate::model::doc::parse(&yaml).unwrap().into_tree().unwrap();
        let roadmap: Roadmap = serde::Deserialize::deserialize(crate::model::de::Read::tree(&doc)).unwrap();
        let order = TaskOrder::new(&roadmap);
        assert_eq!(order.ids.len(), 36);
        let entry = |n: u32| Progress { line: n, ..Progress::new(Status::Doing) };
        let mut map: ProgressMap = ["a/t1", "a/t10", "a/t2", "b/t11", "b/t7", "c/t12", "a/t0", "d/t1", "b/t", "c/t13"]
            .iter()
            .enumerate()
            .map(|(i, k)| (TaskKey::from(*k), entry(i as u32)))
            .collect();
        for round in 0..3 {
            let walked: Vec<Option<u32>> = order.entries(&map).iter().map(|p| p.map(|p| p.line)).collect();
            let looked_up: Vec<Option<u32>> = order.ids.iter().map(|id| map.get(id).map(|p| p.line)).collect();
            assert_eq!(walked, looked_up, "round {round}");
            assert_eq!(walked.iter().flatten().count(), 6 - round, "round {round}");
            map.remove(["b/t11", "a/t1", "c/t12"][round]);
        }
        assert!(order.entries(&ProgressMap::default()).iter().all(Option::is_none));
    }
}
