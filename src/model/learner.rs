//! `learners/<id>.yaml`: one learner's plan settings, progress and journal.

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize};
use thin_vec::ThinVec;

/// A progress entry's key, a full task id (`week/task`): shared with the
/// roadmap's own id once the learner is read (see `Roadmap::task_keys`),
/// so that a cohort's entries do not each hold a copy.
pub type TaskKey = std::sync::Arc<str>;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Learner {
    /// The file stem. A sealed file, whose name does not say it, has it
    /// as `id:`; a plain file may, but then as its name does.
    #[serde(default)]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub github: Option<String>,
    #[serde(default)]
    pub mentor: Option<String>,
    #[serde(default)]
    pub start: Option<Date>,
    /// Roadmap weeks per calendar week; none: the cohort's `pace`, else 1.
    #[serde(default)]
    pub pace: Option<f64>,
    /// Sealed learners are private whatever this says.
    #[serde(default)]
    pub private: bool,
    /// Public keys this learner's sealed file is also encrypted to, beside
    /// the cohort's `recipients`.
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Keyed by full task id. After loading, keys recorded under a task's
    /// alias have been moved to the task's current id.
    #[serde(default, deserialize_with = "null_is_empty")]
    pub progress: ProgressMap,
    #[serde(default, deserialize_with = "null_is_empty")]
    pub journal: Vec<JournalEntry>,
    /// The texts only the learner's own page and the feed show were let go
    /// of (see [`Learner::thin`]): what needs them reads the file again.
    #[serde(skip)]
    pub thinned: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Todo,
    Doing,
    Done,
    Skipped,
    Blocked,
}

impl Status {
    /// Every status in declaration order, so `ALL[st as usize] == st`.
    pub const ALL: [Status; 5] = [Status::Todo, Status::Doing, Status::Done, Status::Skipped, Status::Blocked];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::Doing => "doing",
            Status::Done => "done",
            Status::Skipped => "skipped",
            Status::Blocked => "blocked",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    pub status: Status,
    #[serde(default)]
    pub started: Option<Date>,
    #[serde(default)]
    pub finished: Option<Date>,
    /// The day it was last recorded as blocked (`waymark block`).
    #[serde(default)]
    pub blocked: Option<Date>,
    #[serde(default)]
    pub hours: Option<f64>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub evidence: ThinVec<Box<str>>,
    #[serde(default)]
    pub note: Option<Box<str>>,
    #[serde(default, deserialize_with = "null_is_empty")]
    pub reviews: ThinVec<Review>,
    /// The GitHub comments (their `html_url`) that recorded this entry, oldest first.
    #[serde(default, deserialize_with = "one_or_many")]
    pub source: ThinVec<String>,
    /// The line of the entry's key in the learner's file (0 when not read
    /// from one), where the site's "edit on GitHub" links point: the file's
    /// text need not be kept for them.
    #[serde(skip)]
    pub line: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Approved,
    Changes,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub by: Box<str>,
    pub date: Date,
    pub verdict: Verdict,
    #[serde(default)]
    pub comment: Option<Box<str>>,
    #[serde(default)]
    pub private: bool,
    /// The GitHub comment (its `html_url`) that recorded the review.
    #[serde(default)]
    pub source: Option<Box<str>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalEntry {
    pub date: Date,
    #[serde(default)]
    pub hours: Option<f64>,
    #[serde(default)]
    pub note: Option<Box<str>>,
    /// The GitHub comment (its `html_url`) that recorded the entry.
    #[serde(default)]
    pub source: Option<Box<str>>,
}

/// Where a task that needs review stands (SPEC §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewState {
    Awaiting,
    ChangesRequested,
    Approved,
}

/// Where a learner stands on a task, as every count, page, export and
/// report sees it: the file's `status`, except that done work whose newest
/// review asks for changes is not finished. This is the one place that
/// decides "finished" (SPEC §1, §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    Todo,
    Doing,
    Done,
    Skipped,
    Blocked,
    ChangesRequested,
}

impl State {
    /// Every state in declaration order, so `ALL[st as usize] == st`.
    pub const ALL: [State; 6] =
        [State::Todo, State::Doing, State::Done, State::Skipped, State::Blocked, State::ChangesRequested];

    /// The name in `progress.json`, `progress.csv` and the theme's `status_*` strings.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Todo => "todo",
            State::Doing => "doing",
            State::Done => "done",
            State::Skipped => "skipped",
            State::Blocked => "blocked",
            State::ChangesRequested => "changes_requested",
        }
    }

    /// Done or skipped: what percent, the plan, "behind" and the forecast
    /// count as behind the learner. Changes requested is work still to do.
    pub fn finished(self) -> bool {
        matches!(self, State::Done | State::Skipped)
    }
}

impl Progress {
    /// An entry with this status and nothing else recorded.
    pub fn new(status: Status) -> Progress {
        Progress {
            status,
            started: None,
            finished: None,
            blocked: None,
            hours: None,
            evidence: ThinVec::new(),
            note: None,
            reviews: ThinVec::new(),
            source: ThinVec::new(),
            line: 0,
        }
    }

    /// Where the learner stands on this task (see [`State`]).
    pub fn state(&self) -> State {
        match self.status {
            Status::Todo => State::Todo,
            Status::Doing => State::Doing,
            Status::Skipped => State::Skipped,
            Status::Blocked => State::Blocked,
            Status::Done if self.review_state() == Some(ReviewState::ChangesRequested) => State::ChangesRequested,
            Status::Done => State::Done,
        }
    }

    /// The newest review, by date; of several on one day, the last written.
    pub fn latest_review(&self) -> Option<&Review> {
        self.reviews.iter().enumerate().max_by_key(|(i, r)| (r.date, *i)).map(|(_, r)| r)
    }

    /// The review state of a `done` task whose roadmap entry has `review: true`.
    pub fn review_state(&self) -> Option<ReviewState> {
        if self.status != Status::Done {
            return None;
        }
        Some(match self.latest_review() {
            None => ReviewState::Awaiting,
            Some(r) if self.finished.is_some_and(|f| r.date < f) => ReviewState::Awaiting,
            Some(r) if r.verdict == Verdict::Changes => ReviewState::ChangesRequested,
            Some(_) => ReviewState::Approved,
        })
    }
}

impl Learner {
    pub fn status(&self, full_id: &str) -> Status {
        self.progress.get(full_id).map_or(Status::Todo, |p| p.status)
    }

    /// Where the learner stands on the task `full_id` (see [`State`]).
    pub fn state(&self, full_id: &str) -> State {
        self.progress.get(full_id).map_or(State::Todo, Progress::state)
    }

    /// Whether the GitHub comment at `url` recorded anything in this file.
    pub fn has_source(&self, url: &str) -> bool {
        self.journal.iter().any(|j| j.source.as_deref() == Some(url))
            || self.progress.values().any(|p| {
                p.source.iter().any(|s| s == url) || p.reviews.iter().any(|r| r.source.as_deref() == Some(url))
            })
    }

    /// Note the line of each progress entry (see [`Progress::line`]) from
    /// the document the learner was read from.
    pub fn place_entries(&mut self, doc: &super::doc::Doc) {
        use super::doc::{Kind, Node};
        let progress = doc.root.as_ref().and_then(|r| r.get("progress"));
        let Some(Node { kind: Kind::Map(entries), .. }) = progress else { return };
        for entry in entries {
            let Some(p) = entry.key.as_str().and_then(|key| self.progress.get_mut(key)) else { continue };
            if p.line == 0 {
                p.line = u32::try_from(entry.key.span.line).unwrap_or(u32::MAX);
            }
        }
    }

    /// Let go of the texts that only the learner's own page and the feed
    /// show: the notes (but a blocked task's, which the mentors' queues
    /// show), the review comments and the journal's notes; and of the
    /// GitHub comments that recorded each entry (`source`), which no page
    /// shows. What the pages that list learners and the exports are made
    /// from stays: statuses, dates, hours, evidence, verdicts. `serve` keeps
    /// its learners so, most of what a cohort weighs being these texts.
    pub fn thin(&mut self) {
        for p in self.progress.values_mut() {
            if p.status != Status::Blocked {
                p.note = None;
            }
            p.source = ThinVec::new();
            for r in &mut p.reviews {
                r.comment = None;
                r.source = None;
            }
        }
        for j in &mut self.journal {
            j.note = None;
            j.source = None;
        }
        self.thinned = true;
    }

    /// Let go of the room the learner's lists were read into beyond what
    /// they hold: a cohort's memory is mostly its progress entries.
    pub fn pack(&mut self) {
        self.progress.0.shrink_to_fit();
        for p in self.progress.values_mut() {
            p.evidence.shrink_to_fit();
            p.source.shrink_to_fit();
            p.reviews.shrink_to_fit();
        }
        self.journal.shrink_to_fit();
    }

    /// The learner as the public site may show it: private reviews removed.
    pub fn public_view(&self) -> Learner {
        let mut l = self.clone();
        l.make_public();
        l
    }

    /// Remove the private reviews in place: what a project loaded only for
    /// the public view does, instead of a copy of each learner that has one.
    pub fn make_public(&mut self) {
        for p in self.progress.values_mut() {
            p.reviews.retain(|r| !r.private);
        }
    }
}

/// A learner's progress entries by full task id, in the order of their
/// ids: a sorted vector, not a tree, since a cohort's memory is mostly
/// these entries (a tree's nodes cost a third more, and more while they
/// fill) and a learner's entries are read once and seldom changed.
#[derive(Default)]
pub struct ProgressMap(Vec<(TaskKey, Progress)>, Hint);

/// Where the last lookup ended (the place of the first entry after the key
/// it looked for). What goes through a learner's tasks in roadmap order
/// reads them all at once ([`super::roadmap::TaskOrder::entries`]); the
/// lookups left (a week page's finish dates, a queue item's entry) mostly
/// go through a week's tasks in the order of their ids: the next key looked
/// for is most often there, or known missing from its neighbours, without
/// a search. Shared by the threads that read a learner at once,
/// each of which only ever finds its key faster or slower by it.
#[derive(Default)]
struct Hint(std::sync::atomic::AtomicU32);

impl Clone for ProgressMap {
    fn clone(&self) -> Self {
        ProgressMap(self.0.clone(), Hint::default())
    }
}

impl ProgressMap {
    fn find(&self, key: &str) -> Result<usize, usize> {
        use std::sync::atomic::Ordering::Relaxed;
        let entries = &self.0;
        let at = (self.1).0.load(Relaxed) as usize;
        let found = match entries.get(at) {
            Some((k, _)) if **k == *key => Ok(at),
            next if next.is_none_or(|(k, _)| key < &**k)
                && (at == 0 || entries.get(at - 1).is_some_and(|(k, _)| &**k < key)) =>
            {
                Err(at)
            }
            _ => entries.binary_search_by(|(k, _)| (**k).cmp(key)),
        };
        let after = match found {
            Ok(i) => i + 1,
            Err(i) => i,
        };
        // Written only when it moves: the threads that render one learner's
        // pages at once would otherwise write it on every lookup.
        if after != at {
            (self.1).0.store(u32::try_from(after).unwrap_or(0), Relaxed);
        }
        found
    }

    pub fn get(&self, key: &str) -> Option<&Progress> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Progress> {
        self.find(key).ok().map(|i| &mut self.0[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Put `value` under `key`, returning what was there.
    pub fn insert(&mut self, key: TaskKey, value: Progress) -> Option<Progress> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Progress> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&TaskKey, &Progress)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &TaskKey> + ExactSizeIterator {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Progress> + ExactSizeIterator {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Progress> + ExactSizeIterator {
        self.0.iter_mut().map(|(_, v)| v)
    }
}

impl FromIterator<(TaskKey, Progress)> for ProgressMap {
    /// Of entries under one key, the last is kept (as a map's `insert` would).
    fn from_iter<I: IntoIterator<Item = (TaskKey, Progress)>>(iter: I) -> Self {
        let mut entries: Vec<(TaskKey, Progress)> = iter.into_iter().collect();
        // Stable: entries under one key stay in the order they came.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(TaskKey, Progress)> = Vec::with_capacity(entries.len());
        for entry in entries {
            match kept.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => kept.push(entry),
            }
        }
        ProgressMap(kept, Hint::default())
    }
}

impl IntoIterator for ProgressMap {
    type Item = (TaskKey, Progress);
    type IntoIter = std::vec::IntoIter<(TaskKey, Progress)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a ProgressMap {
    type Item = (&'a TaskKey, &'a Progress);
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (TaskKey, Progress)>, fn(&'a (TaskKey, Progress)) -> Self::Item>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'a> IntoIterator for &'a mut ProgressMap {
    type Item = (&'a TaskKey, &'a mut Progress);
    type IntoIter =
        std::iter::Map<std::slice::IterMut<'a, (TaskKey, Progress)>, fn(&'a mut (TaskKey, Progress)) -> Self::Item>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut().map(|(k, v)| (&*k, v))
    }
}

impl std::ops::Index<&str> for ProgressMap {
    type Output = Progress;
    fn index(&self, key: &str) -> &Progress {
        self.get(key).unwrap_or_else(|| panic!("no progress entry `{key}`"))
    }
}

impl std::fmt::Debug for ProgressMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<'de> Deserialize<'de> for ProgressMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = ProgressMap;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of task ids to progress entries")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<ProgressMap, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
                while let Some(entry) = map.next_entry::<TaskKey, Progress>()? {
                    entries.push(entry);
                }
                Ok(entries.into_iter().collect())
            }
        }
        d.deserialize_map(Entries)
    }
}

/// `progress:` with nothing after it (YAML null) is no progress, as an empty
/// list or mapping is in Kubernetes manifests and Hugo front matter.
fn null_is_empty<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

fn one_or_many<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<ThinVec<T>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        One(T),
        Many(ThinVec<T>),
    }
    Ok(match Option::<OneOrMany<T>>::deserialize(d)? {
        None => ThinVec::new(),
        Some(OneOrMany::One(s)) => thin_vec::thin_vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}

#[cfg(test)]
mod tests {
    /// A cohort's memory is mostly its progress entries (a million and more
    /// at 10,000 learners on a long roadmap): each stays within 80 bytes,
    /// its lists (evidence, reviews, comments) a pointer each, its note a
    /// boxed string; a review within 56.
    #[test]
    fn a_progress_entry_stays_small() {
        assert!(std::mem::size_of::<super::Progress>() <= 80, "{}", std::mem::size_of::<super::Progress>());
        assert!(std::mem::size_of::<super::Review>() <= 56, "{}", std::mem::size_of::<super::Review>());
    }

    /// Whatever order keys are looked up in, after whatever changes, a
    /// lookup finds what a search of every entry finds.
    #[test]
    fn a_lookup_finds_what_a_search_of_every_entry_finds() {
        use super::{Progress, ProgressMap, Status, TaskKey};
        let entry = |n: u32| Progress { line: n, ..Progress::new(Status::Done) };
        let keys: Vec<String> = (0..40).map(|i| format!("w{}/t{}", i % 7, i)).collect();
        let mut map: ProgressMap = keys.iter().step_by(2).map(|k| (TaskKey::from(k.as_str()), entry(0))).collect();
        // A small deterministic shuffle of lookups, interleaved with changes.
        let mut x = 7u32;
        for round in 0..2000u32 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let key = &keys[(x >> 16) as usize % keys.len()];
            match round % 50 {
                17 => {
                    map.insert(TaskKey::from(key.as_str()), entry(round));
                }
                33 => {
                    map.remove(key);
                }
                _ => {}
            }
            let slow = map.iter().find(|(k, _)| ***k == **key).map(|(_, p)| p.line);
            assert_eq!(map.get(key).map(|p| p.line), slow, "{key} in round {round}");
            assert_eq!(map.contains_key(key), slow.is_some());
        }
        let ids: Vec<&str> = map.keys().map(|k| &**k).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    }

    #[test]
    fn packing_a_learner_keeps_every_entry_in_order() {
        let yaml: String = std::iter::once("name: Kim\nprogress:\n".to_string())
            .chain((0..200).rev().map(|i| format!("  w/t{i:03}: {{status: done, evidence: [https://x.org/{i}]}}\n")))
            .collect();
        let doc = crate::model::doc::parse(&yaml).unwrap().into_tree().unwrap();
        let mut kim: super::Learner = serde::Deserialize::deserialize(crate::model::de::Read::tree(&doc)).unwrap();
        let before = format!("{kim:?}");
        kim.pack();
        assert_eq!(format!("{kim:?}"), before);
        assert_eq!(kim.progress.keys().next().map(|k| &**k), Some("w/t000"));
        assert_eq!(kim.progress.len(), 200);
    }
}
