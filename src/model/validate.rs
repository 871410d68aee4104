//! Cross-file checks, after each file has passed its own schema check: ids
//! and their duplicates, `requires` (unknown ids, cycles), mentors, progress
//! on tasks that do not exist (aliases honoured), translations that differ in
//! shape, and dates that contradict each other.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::diag::{did_you_mean, display_path, Diagnostic, Severity, SUGGEST_CANDIDATES};
use crate::model::doc::{Entry, Node, Span};
use crate::model::files::{COHORT, ROADMAP};
use crate::model::loaded::Loaded;
use crate::model::{Cohort, Learner, Roadmap, Sources};

/// Finds nodes in a file by path and makes diagnostics that point at them:
/// up to the [`crate::diag::MAX_PER_FILE`] shown per file, then only counts
/// them, so a file of a hundred thousand unknown tasks costs counters.
struct At<'a> {
    sources: &'a Sources,
    out: Vec<Diagnostic>,
    /// Per file: the diagnostics built, and the index in `out` of the last.
    built: HashMap<PathBuf, (usize, usize)>,
    /// The last diagnostic of the file last found full: the many problems
    /// counted in a row in one file look no file up.
    full: Option<usize>,
}

impl<'a> At<'a> {
    fn new(sources: &'a Sources) -> At<'a> {
        At { sources, out: Vec::new(), built: HashMap::new(), full: None }
    }

    fn root(&self, file: &Path) -> Option<&'a Node> {
        let sources: &'a Sources = self.sources;
        sources.get(file).and_then(|s| s.doc().root.as_ref())
    }

    /// When `file` has all the problems shown: the index in `out` of its
    /// last, which counts the ones past them.
    fn full(&mut self, file: &Path) -> Option<usize> {
        if let Some(last) = self.full.filter(|&i| self.out[i].file == file) {
            return Some(last);
        }
        let last = self.built.get(file).filter(|(n, _)| *n >= crate::diag::MAX_PER_FILE).map(|(_, last)| *last);
        self.full = last.or(self.full);
        last
    }

    /// A problem in `file`, made (its place looked up, its text written)
    /// only when it is one of those shown; past them it is counted.
    fn problem(&mut self, severity: Severity, file: &Path, make: impl FnOnce() -> Problem) {
        if let Some(last) = self.full(file) {
            self.out[last].more += 1;
            return;
        }
        let (span, message, help) = make();
        self.add(severity, file, span, message, help);
    }

    fn push(&mut self, file: &Path, span: Option<Span>, message: String, help: Option<String>) {
        self.add(Severity::Error, file, span, message, help);
    }

    fn warn(&mut self, file: &Path, span: Option<Span>, message: String, help: Option<String>) {
        self.add(Severity::Warning, file, span, message, help);
    }

    fn add(&mut self, severity: Severity, file: &Path, span: Option<Span>, message: String, help: Option<String>) {
        if let Some(last) = self.full(file) {
            self.out[last].more += 1;
            return;
        }
        let built = self.built.get(file).copied();
        let mut d = match (self.sources.get(file), span) {
            (Some(src), Some(span)) => Diagnostic::at(file, &src.text, span, message),
            _ => Diagnostic::file(file, message),
        };
        d.help = help;
        d.severity = severity;
        self.out.push(d);
        let n = built.map_or(0, |(n, _)| n);
        self.built.insert(file.to_path_buf(), (n + 1, self.out.len() - 1));
    }
}

/// A problem's place, message and help.
type Problem = (Option<Span>, String, Option<String>);

pub fn validate(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut at = At::new(&loaded.sources);
    let refs = Refs::new(loaded);
    if let Some(roadmap) = &loaded.roadmap {
        roadmap_ids(&mut at, Path::new(ROADMAP), roadmap);
        requires(&mut at, roadmap, &refs);
        for (lang, t) in &loaded.translations {
            translation(&mut at, roadmap, lang, t);
        }
    }
    if let Some(cohort) = &loaded.cohort {
        let file = Path::new(COHORT);
        if let Some(cname) = cohort.cname.as_deref().filter(|c| !is_host_name(c)) {
            let span = at.root(file).and_then(|r| r.get("cname")).map(|n| n.span);
            at.push(
                file,
                span,
                format!("`cname` must be a host name, found {:?}", crate::text::safe(cname)),
                Some("a domain such as `progress.example.org`: letters, digits and `-` in dot-separated labels".into()),
            );
        }
        let sources = at.sources;
        for &i in &refs.repeated_mentors {
            let m = &cohort.mentors[i];
            at.problem(Severity::Error, file, || {
                let span = sources
                    .get(file)
                    .and_then(|s| s.doc().root.as_ref()?.get("mentors")?.items().get(i)?.get("id"))
                    .map(|n| n.span);
                (span, format!("duplicate mentor id `{}`", m.id), Some("mentor ids must be unique".into()))
            });
        }
    }
    // Learners are checked each on their own, in parallel, against lookups
    // made once; their diagnostics keep the learners' order.
    let per_learner: Vec<Vec<Diagnostic>> = loaded
        .learners
        .par_iter()
        .map(|learner| {
            let mut at = At::new(&loaded.sources);
            let file = loaded.learner_file(&learner.id);
            let partial = loaded.partial.contains(&file);
            learner_refs(&mut at, &refs, &file, partial, learner);
            at.out
        })
        .collect();
    at.out.extend(per_learner.into_iter().flatten());
    plain_private(&mut at, loaded);
    shared_logins(&mut at, loaded);
    at.out
}

/// The learners who share a GitHub login with another, in groups sorted by
/// id, logins compared as `github apply` compares them (without `@`, in any
/// case).
pub fn sharing_a_login(learners: &[Learner]) -> Vec<Vec<&Learner>> {
    let mut by_login: HashMap<String, Vec<&Learner>> = HashMap::new();
    for l in learners {
        if let Some(g) = l.github.as_deref().map(crate::names::login).filter(|g| !g.is_empty()) {
            by_login.entry(g.to_ascii_lowercase()).or_default().push(l);
        }
    }
    let mut groups: Vec<Vec<&Learner>> = by_login.into_values().filter(|g| g.len() > 1).collect();
    for g in &mut groups {
        g.sort_by(|a, b| a.id.cmp(&b.id));
    }
    groups.sort_by(|a, b| a[0].id.cmp(&b[0].id));
    groups
}

/// Two learner files with one GitHub login: `github apply` cannot tell
/// whose a comment is, and refuses every command of that login. One warning
/// per login, at its second file's `github:`, naming the first file and a
/// few of the others; past a few logins, the rest are counted in one more.
fn shared_logins(at: &mut At, loaded: &Loaded) {
    let groups = sharing_a_login(&loaded.learners);
    let n = if groups.len() > SHARED_LOGINS_SHOWN + 1 { SHARED_LOGINS_SHOWN } else { groups.len() };
    let (shown, rest) = groups.split_at(n);
    let login_of = |l: &Learner| crate::names::login(l.github.as_deref().unwrap_or_default()).to_string();
    let at_github = |at: &mut At, l: &Learner, message: String, help: &str| {
        let file = loaded.learner_file(&l.id);
        let span = at.root(&file).and_then(|r| r.get("github")).map(|n| n.span);
        at.warn(&file, span, message, Some(help.to_string()));
    };
    for group in shown {
        let (first, second, others) = (group[0], group[1], &group[2..]);
        let login = login_of(first);
        let more = match others.len() {
            0 => String::new(),
            n => format!(" and {} more ({})", n, list_ids(others.iter().copied())),
        };
        at_github(
            at,
            second,
            format!(
                "GitHub login `{login}` is also learner `{}`'s ({}){more}: comments by @{login} are refused while \
                 several learners have it",
                first.id,
                display_path(&loaded.learner_file(&first.id)),
            ),
            "a login is one person's: remove it from the files that are not theirs",
        );
    }
    if let Some(first) = rest.first() {
        let logins: Vec<String> = rest.iter().map(|g| format!("`{}`", login_of(g[0]))).collect();
        at_github(
            at,
            first[1],
            format!("{} more GitHub logins are each in several learner files: {}", rest.len(), list_items(&logins)),
            "`waymark check` names the files of each once the logins above are fixed",
        );
    }
}

/// How many logins in several files get a warning of their own.
const SHARED_LOGINS_SHOWN: usize = 3;

/// "`a`, `b`, `c` and 4 more": the first few ids of `learners`.
fn list_ids<'a>(learners: impl Iterator<Item = &'a Learner>) -> String {
    let ids: Vec<String> = learners.map(|l| format!("`{}`", l.id)).collect();
    list_items(&ids)
}

/// The first few of `items`, and how many more.
fn list_items(items: &[String]) -> String {
    let shown = items.iter().take(SHARED_LOGINS_SHOWN).cloned().collect::<Vec<_>>().join(", ");
    match items.len().saturating_sub(SHARED_LOGINS_SHOWN) {
        0 => shown,
        n => format!("{shown} and {n} more"),
    }
}

/// How many mentors the help for an unknown one names, when none is near.
const MENTORS_NAMED: usize = 10;

/// A full task id as its week id and task id, borrowed from the roadmap:
/// looking one up builds no text.
type TaskKey<'a> = (&'a str, &'a str);

/// The key of a full id `<week-id>/<task-id>` (ids hold no `/`).
fn task_key(full: &str) -> Option<TaskKey<'_>> {
    full.split_once('/')
}

fn task_keys(roadmap: &Roadmap) -> impl Iterator<Item = TaskKey<'_>> {
    roadmap.tasks().map(|t| (t.week.id.as_str(), t.task.id.as_str()))
}

/// The full ids a did-you-mean searches: the first [`SUGGEST_CANDIDATES`]
/// tasks, as it searches no more.
fn suggested_ids(roadmap: &Roadmap) -> Vec<String> {
    task_keys(roadmap).take(SUGGEST_CANDIDATES).map(|(w, t)| format!("{w}/{t}")).collect()
}

/// What every learner file is checked against: the cohort's mentors and the
/// roadmap's task ids and aliases.
pub struct Refs<'a> {
    cohort: Option<&'a Cohort>,
    roadmap: Option<&'a Roadmap>,
    /// Mentor ids in cohort order, each once.
    mentors: Vec<&'a str>,
    mentor_set: HashSet<&'a str>,
    /// The places in cohort.yaml's `mentors` of ids an earlier mentor has.
    repeated_mentors: Vec<usize>,
    /// Every task, in study order.
    tasks: Vec<TaskKey<'a>>,
    /// Each full id's place in `tasks`: its last task (duplicates are
    /// reported apart).
    index: HashMap<TaskKey<'a>, usize>,
    /// Old full ids and the task each names now.
    aliases: HashMap<&'a str, TaskKey<'a>>,
    /// What a did-you-mean for an unknown task searches (the ids, then the
    /// aliases in order), made when a problem is first shown.
    suggestions: OnceLock<Vec<String>>,
}

impl<'a> Refs<'a> {
    fn new(loaded: &'a Loaded) -> Refs<'a> {
        Refs::of(loaded.cohort.as_ref(), loaded.roadmap.as_ref())
    }

    /// The lookups of `cohort` and `roadmap` (either may have failed to load).
    pub fn of(cohort: Option<&'a Cohort>, roadmap: Option<&'a Roadmap>) -> Refs<'a> {
        let listed = cohort.map_or(&[][..], |c| &c.mentors[..]);
        let (mut mentors, mut repeated_mentors) = (Vec::new(), Vec::new());
        let mut mentor_set = HashSet::with_capacity(listed.len());
        for (i, m) in listed.iter().enumerate() {
            if mentor_set.insert(m.id.as_str()) {
                mentors.push(m.id.as_str());
            } else {
                repeated_mentors.push(i);
            }
        }
        let tasks: Vec<TaskKey> = roadmap.into_iter().flat_map(task_keys).collect();
        let aliases = roadmap
            .into_iter()
            .flat_map(|r| r.tasks())
            .flat_map(|t| t.task.aliases.iter().map(move |a| (a.as_str(), (t.week.id.as_str(), t.task.id.as_str()))))
            .collect();
        Refs {
            cohort,
            roadmap,
            mentors,
            mentor_set,
            repeated_mentors,
            index: tasks.iter().enumerate().map(|(i, &k)| (k, i)).collect(),
            tasks,
            aliases,
            suggestions: OnceLock::new(),
        }
    }

    fn suggestions(&self, roadmap: &Roadmap) -> &[String] {
        self.suggestions.get_or_init(|| {
            let mut out = suggested_ids(roadmap);
            if out.len() < SUGGEST_CANDIDATES {
                let mut aliases: Vec<&str> = self.aliases.keys().copied().collect();
                aliases.sort_unstable();
                out.extend(aliases.into_iter().take(SUGGEST_CANDIDATES - out.len()).map(String::from));
            }
            out
        })
    }
}

fn week_node(root: Option<&Node>, wi: usize) -> Option<&Node> {
    root?.get("weeks")?.items().get(wi)
}

fn task_node(root: Option<&Node>, wi: usize, ti: usize) -> Option<&Node> {
    week_node(root, wi)?.get("tasks")?.items().get(ti)
}

fn roadmap_ids(at: &mut At, file: &Path, roadmap: &Roadmap) {
    let mut weeks = HashMap::new();
    let mut aliases: HashMap<&str, String> = HashMap::new();
    // Every task, indexed only when a task has aliases to check against it.
    let all: std::cell::OnceCell<HashSet<TaskKey>> = std::cell::OnceCell::new();
    let mut tasks = HashSet::new();
    // The file is parsed again for positions only when a problem needs one.
    let sources = at.sources;
    let root = || sources.get(file).and_then(|s| s.doc().root.as_ref());
    for (wi, week) in roadmap.weeks.iter().enumerate() {
        if let Some(first) = weeks.insert(week.id.as_str(), wi) {
            at.problem(Severity::Error, file, || {
                (
                    week_node(root(), wi).and_then(|n| n.get("id")).map(|n| n.span),
                    format!("duplicate week id `{}`", week.id),
                    Some(format!("week {} already uses it; week ids must be unique", first + 1)),
                )
            });
        }
        tasks.clear();
        for (ti, task) in week.tasks.iter().enumerate() {
            if !tasks.insert(task.id.as_str()) {
                at.problem(Severity::Error, file, || {
                    (
                        task_node(root(), wi, ti).and_then(|n| n.get("id")).map(|n| n.span),
                        format!("duplicate task id `{}/{}`", week.id, task.id),
                        Some("task ids must be unique within a week".into()),
                    )
                });
            }
            for (ai, alias) in task.aliases.iter().enumerate() {
                let span = || {
                    task_node(root(), wi, ti)
                        .and_then(|n| n.get("aliases"))
                        .and_then(|a| a.items().get(ai))
                        .map(|n| n.span)
                };
                let full = format!("{}/{}", week.id, task.id);
                let all = all.get_or_init(|| task_keys(roadmap).collect());
                if task_key(alias).is_some_and(|k| all.contains(&k)) {
                    at.problem(Severity::Error, file, || {
                        (
                            span(),
                            format!("alias `{alias}` is the id of an existing task"),
                            Some("an alias is an old id that no task uses any more".into()),
                        )
                    });
                } else if let Some(other) = aliases.insert(alias.as_str(), full.clone()) {
                    at.problem(Severity::Error, file, || {
                        (
                            span(),
                            format!("alias `{alias}` is claimed by both `{other}` and `{full}`"),
                            Some("progress under an alias must count for one task".into()),
                        )
                    });
                }
            }
        }
    }
}

fn requires(at: &mut At, roadmap: &Roadmap, refs: &Refs) {
    if roadmap.tasks().all(|t| t.task.requires.is_empty()) {
        return;
    }
    let file = Path::new(ROADMAP);
    let (tasks, index) = (&refs.tasks, &refs.index);
    let week_of: Vec<usize> = roadmap.tasks().map(|t| t.week_index).collect();
    // The edges of every task of an id start from its last task.
    let mut edges: Vec<Vec<(usize, Place)>> = vec![Vec::new(); tasks.len()];
    let ids = std::cell::OnceCell::new();
    // The file is parsed again for positions only when a problem needs one.
    let sources = at.sources;
    let span = |(wi, ti, ri): Place| {
        let root = sources.get(file).and_then(|s| s.doc().root.as_ref());
        task_node(root, wi, ti).and_then(|n| n.get("requires")).and_then(|l| l.items().get(ri)).map(|n| n.span)
    };
    for (wi, week) in roadmap.weeks.iter().enumerate() {
        for (ti, task) in week.tasks.iter().enumerate() {
            let own = (week.id.as_str(), task.id.as_str());
            let full = || format!("{}/{}", week.id, task.id);
            for (ri, req) in task.requires.iter().enumerate() {
                let place = (wi, ti, ri);
                let req_key = task_key(req);
                if req_key == Some(own) {
                    at.problem(Severity::Error, file, || {
                        (
                            span(place),
                            format!("task `{}` requires itself", full()),
                            Some("remove it from `requires`".into()),
                        )
                    });
                } else if let Some(&to) = req_key.and_then(|k| index.get(&k)) {
                    edges[index[&own]].push((to, place));
                    if week_of[to] > wi {
                        at.problem(Severity::Warning, file, || {
                            (
                                span(place),
                                format!("`{}` requires `{req}`, which comes in a later week", full()),
                                Some("move one of the tasks, or drop the requirement".into()),
                            )
                        });
                    }
                } else {
                    at.problem(Severity::Error, file, || {
                        let ids = ids.get_or_init(|| suggested_ids(roadmap));
                        let help =
                            did_you_mean(req, ids.iter().map(String::as_str)).map(|s| format!("did you mean `{s}`?"));
                        (span(place), format!("unknown task `{req}` in `requires`"), help)
                    });
                }
            }
        }
    }
    if edges.iter().all(Vec::is_empty) {
        return;
    }
    let succ: Vec<Vec<usize>> = tasks.iter().map(|k| edges[index[k]].iter().map(|(to, _)| *to).collect()).collect();
    let name = |i: usize| format!("`{}/{}`", tasks[i].0, tasks[i].1);
    for cycle in cycles(&succ) {
        at.problem(Severity::Error, file, || {
            let closing = *cycle.last().expect("a cycle has nodes");
            let first = index[&tasks[cycle[0]]];
            let place = edges[index[&tasks[closing]]].iter().find(|(to, _)| *to == first);
            // A long cycle is named by its ends: a message stays one line.
            let mut names: Vec<String> = if cycle.len() > LONG_CYCLE {
                let mut names: Vec<String> = cycle[..4].iter().map(|&c| name(c)).collect();
                names.push(format!("… {} more …", cycle.len() - 6));
                names.extend(cycle[cycle.len() - 2..].iter().map(|&c| name(c)));
                names
            } else {
                cycle.iter().map(|&c| name(c)).collect()
            };
            names.push(name(cycle[0]));
            (
                place.and_then(|(_, p)| span(*p)),
                match cycle.len() {
                    n if n > LONG_CYCLE => format!("`requires` forms a cycle of {n} tasks: {}", names.join(" → ")),
                    _ => format!("`requires` forms a cycle: {}", names.join(" → ")),
                },
                Some("remove one of these requirements".into()),
            )
        });
    }
}

/// Past this many tasks, a cycle's message names its first four and its
/// last two.
const LONG_CYCLE: usize = 8;

/// Where a requirement is written: its week, task and place in `requires`.
type Place = (usize, usize, usize);

/// One shortest cycle per strongly connected component of the graph whose
/// edges from task `i` are `succ[i]`, starting at the component's first
/// task. Linear in the size of the graph, so a hostile roadmap with dense
/// `requires` cannot make `check` slow.
fn cycles(succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let comp = components(succ);
    // A component of one task holds no cycle (a task requiring itself is
    // told apart and has no edge): only the others are searched.
    let mut size = vec![0usize; succ.len()];
    for &c in &comp {
        size[c] += 1;
    }
    let mut out = Vec::new();
    let mut done = BTreeSet::new();
    // One table of predecessors for every search, reset where a search wrote.
    let mut prev = vec![usize::MAX; succ.len()];
    let mut touched = Vec::new();
    for start in 0..succ.len() {
        let c = comp[start];
        if size[c] < 2 || !done.insert(c) {
            continue;
        }
        for n in touched.drain(..) {
            prev[n] = usize::MAX;
        }
        // Breadth-first from `start` inside its component, back to `start`.
        let mut queue = std::collections::VecDeque::from([start]);
        let mut closing = None;
        while let Some(n) = queue.pop_front() {
            for &m in &succ[n] {
                if comp[m] != c {
                    continue;
                }
                if m == start {
                    closing = Some(n);
                    queue.clear();
                    break;
                }
                if prev[m] == usize::MAX {
                    prev[m] = n;
                    touched.push(m);
                    queue.push_back(m);
                }
            }
        }
        let Some(mut n) = closing else { continue };
        let mut path = vec![];
        while n != start {
            path.push(n);
            n = prev[n];
        }
        path.push(start);
        path.reverse();
        out.push(path);
    }
    out
}

/// Strongly connected components (Kosaraju, iterative): component number per node.
fn components(succ: &[Vec<usize>]) -> Vec<usize> {
    let n = succ.len();
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for s in 0..n {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        let mut stack = vec![(s, 0)];
        while let Some((v, i)) = stack.pop() {
            if let Some(&w) = succ[v].get(i) {
                stack.push((v, i + 1));
                if !seen[w] {
                    seen[w] = true;
                    stack.push((w, 0));
                }
            } else {
                order.push(v);
            }
        }
    }
    let mut pred = vec![Vec::new(); n];
    for (v, ws) in succ.iter().enumerate() {
        for &w in ws {
            pred[w].push(v);
        }
    }
    let mut comp = vec![usize::MAX; n];
    for (c, &s) in order.iter().rev().enumerate() {
        if comp[s] != usize::MAX {
            continue;
        }
        comp[s] = c;
        let mut stack = vec![s];
        while let Some(v) = stack.pop() {
            for &w in &pred[v] {
                if comp[w] == usize::MAX {
                    comp[w] = c;
                    stack.push(w);
                }
            }
        }
    }
    comp
}

/// Help for an id a translation has and roadmap.yaml has not.
const SOURCE_FIRST: &str =
    "roadmap.yaml is the source of every translation: add the {what} there first, then translate it here";

/// Help for what a translation has not translated yet.
const UNTRANSLATED: &str = "until it is translated, a cohort in this language sees roadmap.yaml's text; \
     translate it here, or delete this file if the cohort does not need the translation";

fn translation(at: &mut At, base: &Roadmap, lang: &str, t: &Roadmap) {
    let file = Path::new("roadmap").join(format!("roadmap.{lang}.yaml"));
    let file = file.as_path();
    // Weeks and tasks by id, indexed once: a hostile file may hold a hundred thousand.
    let base_weeks: HashMap<&str, &crate::model::roadmap::Week> =
        base.weeks.iter().rev().map(|w| (w.id.as_str(), w)).collect();
    let t_weeks: HashSet<&str> = t.weeks.iter().map(|w| w.id.as_str()).collect();
    // The file is parsed again for positions only when a problem needs one.
    let sources = at.sources;
    let root = || sources.get(file).and_then(|s| s.doc().root.as_ref());
    for (wi, week) in t.weeks.iter().enumerate() {
        let wnode = || week_node(root(), wi);
        let span = || wnode().and_then(|n| n.get("id")).map(|n| n.span);
        let Some(bw) = base_weeks.get(week.id.as_str()).copied() else {
            at.problem(Severity::Error, file, || {
                let help = did_you_mean(&week.id, base.weeks.iter().map(|w| w.id.as_str()))
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| SOURCE_FIRST.replace("{what}", "week"));
                (span(), format!("week `{}` is not in roadmap.yaml", week.id), Some(help))
            });
            continue;
        };
        if base.weeks.get(wi).map(|w| &w.id) != Some(&week.id) {
            at.problem(Severity::Error, file, || {
                let place = base.weeks.iter().position(|w| w.id == week.id).unwrap_or(0) + 1;
                (
                    span(),
                    format!("week `{}` is out of order", week.id),
                    Some(format!("in roadmap.yaml it is week {place}")),
                )
            });
        }
        let base_tasks: HashMap<&str, &crate::model::roadmap::Task> =
            bw.tasks.iter().rev().map(|t| (t.id.as_str(), t)).collect();
        let tasks: HashSet<&str> = week.tasks.iter().map(|t| t.id.as_str()).collect();
        for (ti, task) in week.tasks.iter().enumerate() {
            if let Some(b) = base_tasks.get(task.id.as_str()).copied() {
                // The plan is made from roadmap.yaml; a translation that says
                // otherwise about a task's weight would mislead its readers.
                let tnode = || task_node(root(), wi, ti);
                for (key, here, there) in [("stretch", task.stretch, b.stretch), ("review", task.review, b.review)] {
                    // Left out, a key is taken from roadmap.yaml; said, it must agree.
                    // Only a key that is said has a place: one left out agrees.
                    let said = || tnode().and_then(|n| n.get(key)).map(|n| n.span);
                    if let Some(said) = (here != there).then(said).flatten() {
                        at.problem(Severity::Error, file, || {
                            (
                                Some(said),
                                format!(
                                    "task `{}/{}` has `{key}: {here}` here but `{key}: {there}` in roadmap.yaml",
                                    week.id, task.id
                                ),
                                Some(format!(
                                    "a translation agrees with roadmap.yaml on `{key}`; set `{key}: {there}`"
                                )),
                            )
                        });
                    }
                }
                if let (Some(h), Some(bh)) = (task.hours, b.hours) {
                    if h != bh {
                        at.problem(Severity::Error, file, || {
                            (
                                tnode().and_then(|n| n.get("hours")).map(|n| n.span),
                                format!(
                                    "task `{}/{}` has `hours: {h}` here but `hours: {bh}` in roadmap.yaml",
                                    week.id, task.id
                                ),
                                Some(format!("a translation agrees with roadmap.yaml on hours; set `hours: {bh}`")),
                            )
                        });
                    }
                }
                continue;
            }
            at.problem(Severity::Error, file, || {
                let help = did_you_mean(&task.id, bw.tasks.iter().map(|t| t.id.as_str()))
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| SOURCE_FIRST.replace("{what}", "task"));
                (
                    task_node(root(), wi, ti).and_then(|n| n.get("id")).map(|n| n.span),
                    format!("task `{}/{}` is not in roadmap.yaml", week.id, task.id),
                    Some(help),
                )
            });
        }
        for b in &bw.tasks {
            if !tasks.contains(b.id.as_str()) {
                at.problem(Severity::Warning, file, || {
                    (
                        wnode().and_then(|n| n.entry("tasks")).map(|e| e.key.span).or_else(span),
                        format!("task `{}/{}` of roadmap.yaml is missing from this translation", week.id, b.id),
                        Some(UNTRANSLATED.into()),
                    )
                });
            }
        }
    }
    for bw in &base.weeks {
        if !t_weeks.contains(bw.id.as_str()) {
            at.problem(Severity::Warning, file, || {
                (
                    root().and_then(|r| r.entry("weeks")).map(|e| e.key.span),
                    format!("week `{}` of roadmap.yaml is missing from this translation", bw.id),
                    Some(UNTRANSLATED.into()),
                )
            });
        }
    }
}

/// How many `private: true` learners in plain text are warned about one by
/// one (each at its file's `private:`); the rest share one warning.
const PLAIN_PRIVATE_SHOWN: usize = 3;

/// `private: true` learners stored in plain text in a repository that is
/// likely public (cohort.yaml names it: GitHub Pages' free plan publishes
/// only public repositories): the site hides them, the repository does not.
/// A cohort with hundreds of them gets a few warnings and a count, not a
/// screen each.
fn plain_private(at: &mut At, loaded: &Loaded) {
    if loaded.cohort.as_ref().and_then(|c| c.repo.as_deref()).is_none() {
        return;
    }
    let plain: Vec<&Learner> =
        loaded.learners.iter().filter(|l| l.private && !loaded.sealed.contains_key(&l.id)).collect();
    // One more than those shown is shown too: a count of one says no less.
    let n = if plain.len() > PLAIN_PRIVATE_SHOWN + 1 { PLAIN_PRIVATE_SHOWN } else { plain.len() };
    let (shown, rest) = plain.split_at(n);
    for learner in shown {
        at.warn_at_private(
            loaded,
            learner,
            format!(
                "`private: true` hides `{}` from the site only: this file is readable by anyone who can read the repository",
                learner.id
            ),
            format!("seal it with `waymark seal {}` to encrypt it (see `waymark docs privacy`)", learner.id),
        );
    }
    // The others: one warning, at the first of them.
    if let Some((first, others)) = rest.split_first() {
        let named: Vec<String> = others.iter().take(PLAIN_PRIVATE_SHOWN).map(|l| format!("`{}`", l.id)).collect();
        let unnamed = others.len().saturating_sub(PLAIN_PRIVATE_SHOWN);
        let unnamed = if unnamed > 0 { format!(" and {unnamed} more") } else { String::new() };
        at.warn_at_private(
            loaded,
            first,
            format!(
                "`private: true` hides `{}` and {} more learners from the site only: their files are readable by anyone \
                 who can read the repository ({}{unnamed})",
                first.id,
                others.len(),
                named.join(", ")
            ),
            format!("seal each with `waymark seal ID`, `waymark seal {}` first (see `waymark docs privacy`)", first.id),
        );
    }
}

impl At<'_> {
    /// A warning at the `private:` of `learner`'s file.
    fn warn_at_private(&mut self, loaded: &Loaded, learner: &Learner, message: String, help: String) {
        let file = loaded.learner_file(&learner.id);
        let span = self.root(&file).and_then(|r| r.entry("private")).map(|e| e.key.span);
        self.warn(&file, span, message, Some(help));
    }
}

/// Whether the learner of `file` (found in `sources`), read whole or, with
/// `partial`, in part, has a problem against the cohort and the roadmap:
/// what loading asks to know whether the file's text is worth keeping for
/// the diagnostics [`validate`] will make.
pub fn learner_has_problems(refs: &Refs, sources: &Sources, file: &Path, partial: bool, learner: &Learner) -> bool {
    let mut at = At::new(sources);
    learner_refs(&mut at, refs, file, partial, learner);
    !at.out.is_empty()
}

fn learner_refs(at: &mut At, refs: &Refs, file: &Path, partial: bool, learner: &Learner) {
    // The positioned document is parsed only when a problem needs its place.
    let sources = at.sources;
    let root = || sources.get(file).and_then(|s| s.doc().root.as_ref());
    // Progress entries by key, indexed once: a file may hold thousands.
    let progress: std::cell::OnceCell<HashMap<&str, &Entry>> = std::cell::OnceCell::new();
    let entry_of = |key: &str| {
        let index = progress.get_or_init(|| {
            let entries = root().and_then(|r| r.get("progress")).map_or(&[][..], Node::entries);
            let mut index = HashMap::with_capacity(entries.len());
            for e in entries {
                if let Some(k) = e.key.as_str() {
                    index.entry(k).or_insert(e);
                }
            }
            index
        });
        index.get(key).copied()
    };
    if let Some(cohort) = refs.cohort {
        let mentors = &refs.mentors;
        let unknown_mentor = |id: &str| {
            let help = match did_you_mean(id, mentors.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if mentors.is_empty() => "cohort.yaml lists no `mentors`".to_string(),
                // A cohort of a hundred thousand mentors is not listed whole.
                None => {
                    let named: Vec<String> = mentors.iter().take(MENTORS_NAMED).map(|m| format!("`{m}`")).collect();
                    match mentors.len().saturating_sub(MENTORS_NAMED) {
                        0 => format!("mentors in cohort.yaml: {}", named.join(", ")),
                        more => format!("mentors in cohort.yaml: {} and {more} more", named.join(", ")),
                    }
                }
            };
            (format!("unknown mentor `{id}`"), Some(help))
        };
        if let Some(m) = &learner.mentor {
            if !refs.mentor_set.contains(m.as_str()) {
                at.problem(Severity::Error, file, || {
                    let (msg, help) = unknown_mentor(m);
                    (root().and_then(|r| r.get("mentor")).map(|n| n.span), msg, help)
                });
            }
        }
        for (key, p) in &learner.progress {
            for (ri, r) in p.reviews.iter().enumerate() {
                if refs.mentor_set.contains(&*r.by) {
                    continue;
                }
                at.problem(Severity::Error, file, || {
                    let span = entry_of(key)
                        .and_then(|e| e.value.get("reviews"))
                        .and_then(|n| n.items().get(ri))
                        .and_then(|n| n.get("by"))
                        .map(|n| n.span);
                    let (msg, help) = unknown_mentor(&r.by);
                    (span, msg, help)
                });
            }
        }
        // A file read in part may have had a start the schema check refused.
        if learner.start.is_none() && cohort.start.is_none() && !partial {
            at.push(
                file,
                root().map(|r| r.span),
                format!("learner `{}` has no start date", learner.id),
                Some("set `start:` in this file or in cohort.yaml".into()),
            );
        }
    }
    if let Some(roadmap) = refs.roadmap {
        let mut counted: HashMap<TaskKey, &str> = HashMap::new();
        for key in learner.progress.keys() {
            let key_span = || entry_of(key).map(|e| e.key.span);
            let current = match task_key(key).filter(|k| refs.index.contains_key(k)) {
                Some(k) => k,
                None => match refs.aliases.get(&**key) {
                    Some(&k) => k,
                    None => {
                        at.problem(Severity::Error, file, || {
                            // A suggestion: the task whose short id this is, else the nearest id.
                            let short: Vec<&TaskKey> =
                                refs.tasks.iter().filter(|(_, t)| **t == **key).take(2).collect();
                            let help = match short[..] {
                                [(w, t)] => Some(format!("{w}/{t}")),
                                _ => did_you_mean(key, refs.suggestions(roadmap).iter().map(String::as_str))
                                    .map(String::from),
                            }
                            .map(|s| format!("did you mean `{s}`?"));
                            (key_span(), format!("unknown task `{key}`"), help)
                        });
                        continue;
                    }
                },
            };
            if let Some(other) = counted.insert(current, key) {
                at.problem(Severity::Error, file, || {
                    let (w, t) = current;
                    (
                        key_span(),
                        format!("progress for `{w}/{t}` is recorded twice (`{other}` and `{key}`)"),
                        Some("an alias and the current id count as the same task; keep one entry".into()),
                    )
                });
            }
        }
    }
    for (key, p) in &learner.progress {
        let node = || entry_of(key).map(|e| &e.value);
        if let (Some(s), Some(f)) = (p.started, p.finished) {
            if f < s {
                at.problem(Severity::Error, file, || {
                    (
                        node().and_then(|n| n.get("finished")).map(|n| n.span),
                        format!("`{key}` is finished ({f}) before it was started ({s})"),
                        Some("check the two dates".into()),
                    )
                });
            }
        }
        if p.finished.is_some() && !matches!(p.status, crate::model::Status::Done | crate::model::Status::Skipped) {
            at.problem(Severity::Warning, file, || {
                (
                    node().and_then(|n| n.get("status")).map(|n| n.span),
                    format!("`{key}` has a `finished` date but its status is `{}`", p.status.as_str()),
                    Some("set `status: done`, or remove `finished`".into()),
                )
            });
        }
    }
}

/// A DNS host name as GitHub Pages takes it in `CNAME`: dot-separated labels
/// of ASCII letters, digits and inner `-`, each 1 to 63 long, 253 in all.
pub fn is_host_name(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cycles of the graph of `list`'s edges, its tasks taken in id order.
    fn find(list: &[(&str, &str)]) -> Vec<Vec<String>> {
        let ids: Vec<&str> = list.iter().flat_map(|(a, b)| [*a, *b]).collect::<BTreeSet<_>>().into_iter().collect();
        let at = |id: &str| ids.iter().position(|i| *i == id).unwrap();
        let mut succ = vec![Vec::new(); ids.len()];
        for (a, b) in list {
            succ[at(a)].push(at(b));
        }
        cycles(&succ).into_iter().map(|c| c.into_iter().map(|i| ids[i].to_string()).collect()).collect()
    }

    #[test]
    fn a_cycle_is_named_from_its_smallest_id() {
        assert_eq!(find(&[("w/b", "w/c"), ("w/c", "w/a"), ("w/a", "w/b")]), vec![vec!["w/a", "w/b", "w/c"]]);
    }

    #[test]
    fn a_diamond_is_not_a_cycle() {
        assert!(find(&[("w/a", "w/b"), ("w/a", "w/c"), ("w/b", "w/d"), ("w/c", "w/d")]).is_empty());
    }

    #[test]
    fn two_separate_cycles_are_both_found() {
        assert_eq!(find(&[("w/a", "w/b"), ("w/b", "w/a"), ("x/a", "x/b"), ("x/b", "x/a")]).len(), 2);
    }

    #[test]
    fn dense_requires_stay_linear() {
        // Every task requires every earlier one: 2^n paths, one answer.
        let succ: Vec<Vec<usize>> = (0..300).map(|i| (0..i).collect()).collect();
        assert!(cycles(&succ).is_empty());
    }
}
