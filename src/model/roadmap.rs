//! `roadmap.yaml` (and its translations): weeks in study order, each with
//! topics, resources, checkpoints and tasks.

use serde::Deserialize;

use super::learner::TaskKey;

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
