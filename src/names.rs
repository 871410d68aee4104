//! Naming a task or a learner as people do, on the command line and in
//! comments alike: a task by its full id (`docker/lab-app`), an old id from
//! `aliases`, its short id (`lab-app`), a week and a task (`2주차 lab-app`,
//! `docker lab-app`), or its title as a page shows it (either language,
//! exact or an unambiguous start of it, without regard to case, spacing or
//! punctuation); a learner by id, GitHub login or display name. A name that
//! names nothing is answered with the nearest tasks or learners, so that the
//! answer can say which was meant. Nothing here reads a file.

use crate::model::learner::Learner;
use crate::model::roadmap::Roadmap;

/// The tasks of a roadmap by every name they go by.
pub struct Tasks {
    tasks: Vec<TaskNames>,
    /// Old full id → current full id.
    aliases: Vec<(String, String)>,
    weeks: Vec<String>,
}

struct TaskNames {
    full: String,
    short: String,
    /// The index of its week in `weeks`.
    week: usize,
    /// Its titles as shown (the roadmap's first, then each translation's).
    titles: Vec<String>,
    /// The same, normalised with [`normalise`].
    keys: Vec<String>,
}

/// Why a name names no one task.
#[derive(Clone, Debug, PartialEq)]
pub enum Miss {
    /// Nothing by that name; the nearest names (full ids with a title, best first).
    Unknown { near: Option<String>, nearest: Vec<(String, String)> },
    /// Several tasks (or learners) go by that name: their ids.
    Ambiguous(Vec<String>),
}

/// A title (or a name) as compared: lower case, every run of spaces and
/// punctuation one space, so that `실습 앱(podinfo)` starts with `실습 앱`.
pub fn normalise(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The quotes, backticks and emphasis people put around a name in a comment.
pub fn unquote(s: &str) -> &str {
    s.trim().trim_matches(|c: char| matches!(c, '"' | '\'' | '`' | '“' | '”' | '‘' | '’' | '*' | '「' | '」'))
}

impl Tasks {
    /// The names of `roadmap`'s tasks, with the titles of its `translations`.
    pub fn new<'a>(roadmap: &Roadmap, translations: impl IntoIterator<Item = &'a Roadmap>) -> Tasks {
        let mut tasks: Vec<TaskNames> = Vec::new();
        for (week, w) in roadmap.weeks.iter().enumerate() {
            for t in &w.tasks {
                tasks.push(TaskNames {
                    full: format!("{}/{}", w.id, t.id),
                    short: t.id.clone(),
                    week,
                    titles: vec![t.title.clone()],
                    keys: vec![normalise(&t.title)],
                });
            }
        }
        for tr in translations {
            for w in &tr.weeks {
                for t in &w.tasks {
                    let full = format!("{}/{}", w.id, t.id);
                    if let Some(names) = tasks.iter_mut().find(|n| n.full == full) {
                        let key = normalise(&t.title);
                        if !names.keys.contains(&key) {
                            names.titles.push(t.title.clone());
                            names.keys.push(key);
                        }
                    }
                }
            }
        }
        let aliases = roadmap.alias_map().into_iter().collect();
        Tasks { tasks, aliases, weeks: roadmap.weeks.iter().map(|w| w.id.clone()).collect() }
    }

    /// The title a task is shown with (the roadmap's own).
    pub fn title(&self, full: &str) -> Option<&str> {
        self.tasks.iter().find(|t| t.full == full).map(|t| t.titles[0].as_str())
    }

    /// Whether `name` names exactly one task; by the start of its title
    /// too when `prefix`.
    pub fn names_one(&self, name: &str, prefix: bool) -> bool {
        self.find_with(name, prefix).is_ok()
    }

    /// The full id of the task `name` names.
    pub fn find(&self, name: &str) -> Result<String, Miss> {
        self.find_with(name, true)
    }

    fn find_with(&self, name: &str, prefix: bool) -> Result<String, Miss> {
        let name = unquote(name);
        if let Some(found) = self.by_id(name)? {
            return Ok(found);
        }
        // A week's id names the week, not the task whose title starts with it.
        if let Some(week) = self.weeks.iter().position(|w| w == name) {
            let nearest = self.tasks.iter().filter(|t| t.week == week).map(|t| (t.full.clone(), t.titles[0].clone()));
            return Err(Miss::Unknown { near: None, nearest: nearest.collect() });
        }
        // `2주차 lab-app`, `docker lab-app`, `week 2 실습 앱`: a week, then a task in it.
        // A task of another week, named without doubt, is still that task.
        if let Some((week, rest)) = self.week_prefix(name) {
            let within: Vec<&TaskNames> = self.tasks.iter().filter(|t| t.week == week).collect();
            if let Ok(Some(found)) = by_title_or_short(&within, rest, prefix) {
                return Ok(found);
            }
            if let Ok(found) = self.find_with(rest, prefix) {
                return Ok(found);
            }
        }
        let all: Vec<&TaskNames> = self.tasks.iter().collect();
        match by_title_or_short(&all, name, prefix)? {
            Some(found) => Ok(found),
            None => Err(self.unknown(name)),
        }
    }

    /// A full id, an alias or a unique short id; an error for a short id
    /// that several weeks have.
    fn by_id(&self, name: &str) -> Result<Option<String>, Miss> {
        if self.tasks.iter().any(|t| t.full == name) {
            return Ok(Some(name.to_string()));
        }
        if let Some((_, current)) = self.aliases.iter().find(|(old, _)| old == name) {
            return Ok(Some(current.clone()));
        }
        if name.contains('/') {
            return Ok(None);
        }
        let same: Vec<&TaskNames> = self.tasks.iter().filter(|t| t.short == name).collect();
        match same.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one.full.clone())),
            many => Err(Miss::Ambiguous(many.iter().map(|t| t.full.clone()).collect())),
        }
    }

    /// The week `name` starts with, and the rest of it.
    fn week_prefix<'n>(&self, name: &'n str) -> Option<(usize, &'n str)> {
        let (first, rest) = name.split_once(char::is_whitespace)?;
        let rest = rest.trim_start();
        if let Some(i) = self.weeks.iter().position(|w| w == first) {
            return Some((i, rest));
        }
        let lower = first.to_lowercase();
        // `week 2 lab-app`: the number is the second word.
        let (number, rest) = if lower == "week" || lower == "w" {
            let (n, more) = rest.split_once(char::is_whitespace)?;
            (n.to_string(), more.trim_start())
        } else {
            let digits = lower
                .strip_suffix("주차")
                .or_else(|| lower.strip_suffix("주"))
                .or_else(|| lower.strip_prefix("week"))
                .or_else(|| lower.strip_prefix('w'))?;
            (digits.trim().to_string(), rest)
        };
        let n: usize = number.trim_end_matches(['.', ':']).parse().ok()?;
        (1..=self.weeks.len()).contains(&n).then_some((n - 1, rest))
    }

    /// "no such task", with the nearest few by any of their names.
    fn unknown(&self, name: &str) -> Miss {
        let query = normalise(name);
        // Each task's best (shared words, closeness) over its ids and titles.
        let mut scored: Vec<(f64, f64, &TaskNames)> = self
            .tasks
            .iter()
            .map(|t| {
                let ids = [normalise(&t.full), normalise(&t.short)];
                let (shared, close) = ids
                    .iter()
                    .chain(&t.keys)
                    .map(|n| similarity(&query, n))
                    .fold((0.0, 0.0), |(s, c): (f64, f64), (s2, c2)| (s.max(s2), c.max(c2)));
                (shared.max(close), shared, t)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.full.cmp(&b.2.full)));
        // A typo of an id, as `check` finds them, or a name close enough to be meant.
        let ids = self.tasks.iter().flat_map(|t| [t.full.as_str(), t.short.as_str()]);
        let typo = crate::diag::did_you_mean(name, ids)
            .and_then(|s| self.tasks.iter().find(|t| t.full == s || t.short == s))
            .map(|t| t.full.clone());
        let near = typo.or_else(|| scored.first().filter(|(s, _, _)| *s >= 0.5).map(|(_, _, t)| t.full.clone()));
        // Without one meant, the few that share a word with the name.
        let nearest = match near {
            Some(_) => vec![],
            None => scored
                .iter()
                .filter(|(_, shared, _)| *shared > 0.0)
                .take(3)
                .map(|(_, _, t)| (t.full.clone(), t.titles[0].clone()))
                .collect(),
        };
        Miss::Unknown { near, nearest }
    }
}

/// A short id, an exact title or (when `prefix`) the unambiguous start of
/// one, among `tasks`.
fn by_title_or_short(tasks: &[&TaskNames], name: &str, prefix: bool) -> Result<Option<String>, Miss> {
    let ids = |found: Vec<&&TaskNames>| -> Result<Option<String>, Miss> {
        let mut ids: Vec<String> = found.iter().map(|t| t.full.clone()).collect();
        ids.dedup();
        match ids.len() {
            0 => Ok(None),
            1 => Ok(ids.pop()),
            _ => Err(Miss::Ambiguous(ids)),
        }
    };
    if let Some(found) = ids(tasks.iter().filter(|t| t.short == name).collect())? {
        return Ok(Some(found));
    }
    let key = normalise(name);
    if key.is_empty() {
        return Ok(None);
    }
    if let Some(found) = ids(tasks.iter().filter(|t| t.keys.contains(&key)).collect())? {
        return Ok(Some(found));
    }
    // The start of a title (a word may be cut short: `빌드` of `빌드로`),
    // when it is more than a letter or two.
    if !prefix || key.chars().count() < if key.is_ascii() { 3 } else { 2 } {
        return Ok(None);
    }
    ids(tasks.iter().filter(|t| t.keys.iter().any(|k| k.starts_with(key.as_str()))).collect())
}

/// How alike a name and a normalised title or id are, each from 0 to 1:
/// the share of the name's words found in it (a word may carry a particle,
/// `EC2에`), and how few edits apart the two are.
fn similarity(query: &str, name: &str) -> (f64, f64) {
    if query.is_empty() || name.is_empty() {
        return (0.0, 0.0);
    }
    let words: Vec<&str> = query.split(' ').collect();
    let theirs: Vec<&str> = name.split(' ').collect();
    let found = words
        .iter()
        .filter(|w| {
            theirs.iter().any(|t| {
                t == *w
                    || (w.chars().count() >= 2 && t.starts_with(*w))
                    || (t.chars().count() >= 2 && w.starts_with(*t))
            })
        })
        .count();
    (found as f64 / words.len() as f64, strsim::normalized_damerau_levenshtein(query, name))
}

/// A GitHub login as a file may write it (`@kimdev`, spaces around) →
/// as GitHub writes it.
pub fn login(written: &str) -> &str {
    written.trim().trim_start_matches('@')
}

/// GitHub logins compare without case; a file may write `@kimdev`.
pub fn same_login(written: &str, login: &str) -> bool {
    self::login(written).eq_ignore_ascii_case(login)
}

/// What a learner goes by: a [`Learner`] read in full, or a learner of
/// the roster, read lightly (`crate::model::roster`).
pub trait Named {
    /// Their id, display name and GitHub login.
    fn names(&self) -> (&str, &str, Option<&str>);
    fn id(&self) -> &str {
        self.names().0
    }
    fn name(&self) -> &str {
        self.names().1
    }
    fn github(&self) -> Option<&str> {
        self.names().2
    }
}

impl Named for Learner {
    fn names(&self) -> (&str, &str, Option<&str>) {
        (&self.id, &self.name, self.github.as_deref())
    }
}

/// The learner `name` names, among `learners`: by id, GitHub login (with
/// or without `@`, in any case) or display name (spacing and case aside).
pub fn learner<'a, L: Named>(learners: &[&'a L], name: &str) -> Result<&'a L, Miss> {
    let name = unquote(name);
    if let Some(l) = learners.iter().copied().find(|l| l.id() == name) {
        return Ok(l);
    }
    let login = name.trim_start_matches('@');
    let by_login: Vec<&'a L> =
        learners.iter().copied().filter(|l| l.github().is_some_and(|g| same_login(g, login))).collect();
    let key = normalise(name);
    let by_name: Vec<&'a L> =
        if key.is_empty() { vec![] } else { learners.iter().copied().filter(|l| normalise(l.name()) == key).collect() };
    let by_id: Vec<&'a L> = learners.iter().copied().filter(|l| l.id().eq_ignore_ascii_case(name)).collect();
    for found in [by_login, by_id, by_name] {
        match found.as_slice() {
            [] => {}
            [one] => return Ok(*one),
            many => return Err(Miss::Ambiguous(many.iter().map(|l| l.id().to_string()).collect())),
        }
    }
    let mut names: Vec<(&str, &L)> = Vec::new();
    for l in learners.iter().copied() {
        names.push((l.id(), l));
        names.push((l.name(), l));
        if let Some(g) = l.github() {
            names.push((g, l));
        }
    }
    let near = crate::diag::did_you_mean(name, names.iter().map(|(n, _)| *n))
        .and_then(|s| names.iter().find(|(n, _)| *n == s))
        .map(|(_, l)| l.id().to_string());
    let nearest = near
        .iter()
        .filter_map(|id| learners.iter().find(|l| l.id() == id))
        .map(|l| (l.id().to_string(), l.name().to_string()));
    Err(Miss::Unknown { nearest: nearest.collect(), near })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roadmap(yaml: &str) -> Roadmap {
        let doc = crate::model::doc::parse(yaml).unwrap().into_tree().unwrap();
        serde::Deserialize::deserialize(crate::model::de::Read::tree(&doc)).unwrap()
    }

    fn tasks() -> Tasks {
        let ko = roadmap(
            "title: R\nweeks:\n\
             - {id: docker, title: D, tasks: [{id: lab-app, title: \"실습 앱(podinfo) 포크하고 실행하고 읽기\"}, {id: compose, title: Docker Compose로 로컬 개발 환경 구성}]}\n\
             - {id: ci-cd, title: C, tasks: [{id: cd-deploy, title: 승인 후 EC2에 자동 배포, aliases: [ci-cd/deploy]}, {id: compose, title: 배포용 Compose 파일}]}\n",
        );
        let en = roadmap(
            "title: R\nweeks:\n\
             - {id: docker, title: D, tasks: [{id: lab-app, title: \"Fork, run and read the lab app (podinfo)\"}, {id: compose, title: Set up Compose}]}\n\
             - {id: ci-cd, title: C, tasks: [{id: cd-deploy, title: Deploy to EC2 automatically after approval}, {id: compose, title: A Compose file}]}\n",
        );
        Tasks::new(&ko, [&en])
    }

    #[test]
    fn a_task_goes_by_its_ids_and_its_titles_in_either_language() {
        let t = tasks();
        for name in [
            "docker/lab-app",
            "lab-app",
            "`lab-app`",
            "실습 앱(podinfo) 포크하고 실행하고 읽기",
            "실습 앱",
            "\"실습  앱\"",
            "fork, run and read",
            "FORK RUN",
            "1주차 lab-app",
            "2주차 lab-app",
            "docker lab-app",
            "week 1 실습 앱",
        ] {
            assert_eq!(t.find(name), Ok("docker/lab-app".to_string()), "{name}");
        }
        assert_eq!(t.find("ci-cd/deploy"), Ok("ci-cd/cd-deploy".to_string()), "an alias");
        assert_eq!(t.find("승인 후 EC2에 자동 배포"), Ok("ci-cd/cd-deploy".to_string()));
        assert_eq!(t.find("2주차 compose"), Ok("ci-cd/compose".to_string()));
    }

    #[test]
    fn a_name_of_several_tasks_is_ambiguous() {
        let t = tasks();
        assert_eq!(t.find("compose"), Err(Miss::Ambiguous(vec!["docker/compose".into(), "ci-cd/compose".into()])));
        // `실` is one letter of a word: too little to be meant.
        assert!(matches!(t.find("실"), Err(Miss::Unknown { .. })));
    }

    #[test]
    fn a_wrong_name_gets_the_nearest_tasks() {
        let t = tasks();
        let Err(Miss::Unknown { near, nearest }) = t.find("실습 앱 준비") else { panic!() };
        assert_eq!(near.as_deref(), Some("docker/lab-app"));
        assert!(nearest.is_empty(), "one meant: no others");
        let Err(Miss::Unknown { near: None, nearest }) = t.find("실습 자료 정리") else { panic!() };
        assert_eq!(nearest, [("docker/lab-app".to_string(), "실습 앱(podinfo) 포크하고 실행하고 읽기".to_string())]);
        let Err(Miss::Unknown { near: None, nearest }) = t.find("zzzz") else { panic!() };
        assert!(nearest.is_empty(), "nothing in common: no list");
        let Err(Miss::Unknown { near, .. }) = t.find("lab-ap") else { panic!() };
        assert_eq!(near.as_deref(), Some("docker/lab-app"), "a typo of a short id");
        let Err(Miss::Unknown { near, .. }) = t.find("승인 후 EC2 배포") else { panic!() };
        assert_eq!(near.as_deref(), Some("ci-cd/cd-deploy"));
    }

    fn learner(id: &str, name: &str, github: Option<&str>) -> Learner {
        let yaml = format!("name: {name}\n{}", github.map(|g| format!("github: {g}\n")).unwrap_or_default());
        let doc = crate::model::doc::parse(&yaml).unwrap().into_tree().unwrap();
        let mut l: Learner = serde::Deserialize::deserialize(crate::model::de::Read::tree(&doc)).unwrap();
        l.id = id.into();
        l
    }

    #[test]
    fn a_learner_goes_by_id_login_and_name() {
        let all = [learner("park-ops", "박옵스", Some("ParkOps")), learner("kim-dev", "Kim Dev", None)];
        let refs: Vec<&Learner> = all.iter().collect();
        for name in ["park-ops", "박옵스", "@parkops", "parkops", "Park-Ops"] {
            assert_eq!(super::learner(&refs, name).map(|l| l.id.as_str()), Ok("park-ops"), "{name}");
        }
        assert_eq!(super::learner(&refs, "kim  dev").map(|l| l.id.as_str()), Ok("kim-dev"));
        let Err(Miss::Unknown { near, .. }) = super::learner(&refs, "박옵") else { panic!() };
        assert_eq!(near.as_deref(), Some("park-ops"));
    }
}
