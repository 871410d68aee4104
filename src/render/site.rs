//! Which pages the site has and what each one shows (SPEC §4). The schedule
//! is computed once per learner; templates get plain data (`*_html` fields
//! are sanitised HTML, `*_svg` fields are charts) and all links are relative,
//! so the same output works at `/`, under `/<repo>/` and from `file://`.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use jiff::civil::Date;
use minijinja::{context, Environment, Value};
use rayon::prelude::*;
use serde::Serialize;

use super::charts::{self, CalendarLabels, GraphNode, GraphWeek, LineChart, Series};
use super::markdown;
use super::theme::Theme;
use super::Sink;
use crate::diag::Diagnostic;
use crate::model::{Learner, Project, ReviewState, Roadmap, Status, Verdict};
use crate::queue::{self, Queue};
use crate::schedule::{self, add_days, days_between, PaceStatus, Schedule};

/// Public: private learners and reviews leave no trace. Full: everything, under a banner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Public,
    Full,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub view: View,
    pub today: Date,
}

/// A learner as the pages see them: the view's copy of the learner (the
/// public view drops private reviews) and their part.
struct Entry<'a> {
    learner: Cow<'a, Learner>,
    part: Arc<Part>,
}

impl Entry<'_> {
    fn schedule(&self) -> &Schedule {
        &self.part.schedule
    }
}

/// Where one learner stands on one task.
#[derive(Clone, Copy, Debug, PartialEq)]
struct TaskState {
    status: Status,
    finished: Option<Date>,
}

/// What one learner contributes to the pages that list everyone (dashboard,
/// roadmap, weeks, reviews, feed, JSON, CSV): worked out once per learner, in
/// parallel, and kept by `serve` between rebuilds, so that after an edit to
/// one learner file only that learner's part is worked out again and the
/// shared pages are put together from parts.
pub struct Part {
    schedule: Schedule,
    /// One per task, in roadmap order.
    tasks: Vec<TaskState>,
    /// Finish dates of done and skipped tasks, sorted (for the burn-ups).
    finish_dates: Vec<Date>,
    /// Done tasks that need a review and have none newer than the work.
    awaiting: usize,
    /// The dashboard row (also the head of the learner page).
    row: Value,
    mentor: Option<String>,
    name: Value,
    /// The learner page, linked from a week page.
    week_link: Value,
    /// `{id, name, url}`, as the review page links the learner.
    who: Value,
    queue: Queue,
    /// The newest feed events, newest first: only these can make the feed.
    events: Vec<(Date, EventRef)>,
    /// The learner's object in `progress.json`, indented as it sits there.
    json: String,
    /// The learner's rows in `progress.csv`.
    csv: Vec<u8>,
}

impl Part {
    /// Which shared pages differ when a learner's part goes from `self` to
    /// `new`: each page is a function of the parts, and of only these fields.
    fn affects(&self, new: &Part, job: &Job, s: &Shared) -> bool {
        match job {
            Job::Dashboard => {
                self.row != new.row
                    || self.schedule != new.schedule
                    || self.finish_dates != new.finish_dates
                    || self.awaiting != new.awaiting
            }
            Job::Roadmap => {
                self.tasks.iter().zip(&new.tasks).any(|(a, b)| (a.status == Status::Done) != (b.status == Status::Done))
            }
            Job::Reviews => self.queue != new.queue || self.who != new.who || self.mentor != new.mentor,
            Job::Week(i) => {
                let tasks = s.first_task(*i)..s.first_task(*i) + s.roadmap.weeks[*i].tasks.len();
                self.tasks[tasks.clone()] != new.tasks[tasks] || self.name != new.name
            }
            Job::Json => self.json != new.json,
            Job::Csv => self.csv != new.csv,
            // The feed holds notes and reviews, which no other part keeps.
            Job::Feed => true,
            Job::NotFound | Job::Sitemap | Job::Learner(_) => false,
        }
    }
}

/// Parts kept between renders (by `serve`): valid for one project, theme,
/// view and day; [`render_to`] is told which learners changed.
#[derive(Default)]
pub struct Cache {
    stamp: Option<(View, Date)>,
    parts: HashMap<String, Arc<Part>>,
    texts: std::sync::Mutex<HashMap<(u8, String), String>>,
}

/// The feed shows this many of the newest events.
const FEED_EVENTS: usize = 100;

impl Part {
    fn new(s: &Shared, l: &Learner) -> Part {
        let schedule = schedule::compute(
            &s.project.roadmap,
            l,
            s.project.cohort.start,
            s.project.cohort.stale_after_days,
            s.opts.today,
        );
        let mut tasks = Vec::with_capacity(s.roadmap.task_count());
        let mut awaiting = 0;
        let mut events: Vec<(Date, EventRef)> = Vec::new();
        for (k, t) in s.roadmap.tasks().enumerate() {
            let p = l.progress.get(s.task_ids[k].as_str());
            tasks
                .push(TaskState { status: p.map_or(Status::Todo, |p| p.status), finished: p.and_then(|p| p.finished) });
            let Some(p) = p else { continue };
            if t.task.review && p.review_state() == Some(ReviewState::Awaiting) {
                awaiting += 1;
            }
            if let Some(d) = p.started {
                events.push((d, EventRef::Started(k)));
            }
            if let (Status::Done, Some(d)) = (p.status, p.finished) {
                events.push((d, EventRef::Done(k)));
            }
            events.extend(p.reviews.iter().enumerate().map(|(i, r)| (r.date, EventRef::Review(k, i))));
        }
        events.extend(l.journal.iter().enumerate().map(|(i, j)| (j.date, EventRef::Journal(i))));
        events.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.order().cmp(&b.1.order())));
        events.truncate(FEED_EVENTS);
        let queue = queue::for_learner(s.project, l, &schedule, s.opts.today);
        let row = Value::from_serialize(row(s, l, &schedule));
        let url = learner_url(&l.id);
        Part {
            finish_dates: finish_dates(s, l, s.opts.today),
            tasks,
            awaiting,
            row,
            mentor: l.mentor.clone(),
            name: Value::from(l.name.as_str()),
            week_link: Value::from(format!("../../{url}")),
            who: context! { id => l.id, name => l.name, url => format!("../{url}") },
            queue,
            events,
            json: progress_json_part(s, l, &schedule),
            csv: progress_csv_part(s, l),
            schedule,
        }
    }
}

/// What every page shares.
struct Shared<'a> {
    project: &'a Project,
    roadmap: &'a Roadmap,
    opts: &'a Options,
    t: &'a BTreeMap<String, String>,
    /// `t` as a template value, made once.
    t_value: Value,
    /// Full ids of the roadmap's tasks, in order.
    task_ids: Vec<String>,
    base_url: Option<String>,
    site: Value,
    /// Rendered Markdown of the roadmap and the cohort, by heading shift and text.
    texts: &'a std::sync::Mutex<HashMap<(u8, String), String>>,
    /// The roadmap graph drawn once per link prefix, with markers for what differs by page.
    graphs: std::sync::Mutex<BTreeMap<String, std::sync::Arc<Option<GraphTemplate>>>>,
}

impl Shared<'_> {
    fn t(&self, key: &str) -> String {
        self.t.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    fn week_label(&self, n: usize, title: &str) -> String {
        format!("{} · {title}", self.t("week_n").replace("{n}", &n.to_string()))
    }

    fn page(&self, path: &str, title: &str) -> Value {
        let depth = path.matches('/').count();
        let pretty = path.strip_suffix("index.html").unwrap_or(path);
        context! {
            path => path,
            title => title,
            rel => "../".repeat(depth),
            canonical => self.base_url.as_ref().map(|b| format!("{b}{pretty}")),
        }
    }

    /// Markdown of the roadmap and the cohort, rendered once and kept in the
    /// cache: it is the same on every rebuild that only learners caused.
    fn md_fixed(&self, text: &Option<String>, shift: u8) -> Option<String> {
        let text = text.as_deref().filter(|t| !t.trim().is_empty())?;
        Some(self.fixed(text, shift, || markdown::render(text, shift)))
    }

    fn inline_fixed(&self, text: &str) -> String {
        self.fixed(text, u8::MAX, || markdown::inline(text))
    }

    fn fixed(&self, text: &str, shift: u8, render: impl FnOnce() -> String) -> String {
        let key = (shift, text.to_string());
        if let Some(html) = self.texts.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&key) {
            return html.clone();
        }
        let html = render();
        self.texts.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(key, html.clone());
        html
    }

    /// Index of the first task of week `i` in roadmap order.
    fn first_task(&self, i: usize) -> usize {
        self.roadmap.weeks[..i].iter().map(|w| w.tasks.len()).sum()
    }
}

/// Render into `sink`, page by page as each is done. With `changed`, only
/// what a change to those learners can affect: every page that lists
/// learners (dashboard, roadmap, reviews, weeks, feed, JSON, CSV, sitemap)
/// and the page and badge of each changed learner; the other learners'
/// pages and badges and the theme's static files cannot change, so `serve`
/// keeps them from its previous render. Parts of learners not in `changed`
/// come from `cache`, which must be from a render of the same project but
/// for those learners' files.
pub fn render_to(
    project: &Project,
    theme: &Theme,
    opts: &Options,
    cache: &mut Cache,
    changed: Option<&BTreeSet<String>>,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let wanted = |id: &str| changed.is_none_or(|c| c.contains(id));
    let env = theme.environment()?;
    if changed.is_none() || cache.stamp != Some((opts.view, opts.today)) {
        *cache = Cache { stamp: Some((opts.view, opts.today)), ..Cache::default() };
    }
    let texts = std::mem::take(&mut cache.texts);
    let learners: Vec<Cow<Learner>> = project
        .learners
        .par_iter()
        .filter(|l| opts.view == View::Full || !l.private)
        .map(|l| {
            if opts.view == View::Public && l.progress.values().any(|p| p.reviews.iter().any(|r| r.private)) {
                Cow::Owned(l.public_view())
            } else {
                Cow::Borrowed(l)
            }
        })
        .collect();
    let base_url = project.cohort.base_url.as_ref().map(|b| if b.ends_with('/') { b.clone() } else { format!("{b}/") });
    let cohort = &project.cohort;
    let site = context! {
        title => cohort.title,
        lang => cohort.language.code(),
        roadmap_title => project.roadmap.title,
        full => opts.view == View::Full,
        today => opts.today.to_string(),
        base_url => base_url,
        abs_root => base_url.as_deref().map(abs_path).unwrap_or_else(|| "/".to_string()),
    };
    let shared = Shared {
        project,
        roadmap: &project.roadmap,
        opts,
        t: &theme.strings,
        t_value: Value::from_serialize(&theme.strings),
        task_ids: project.roadmap.tasks().map(|t| t.full_id()).collect(),
        base_url: base_url.clone(),
        site,
        texts: &texts,
        graphs: Default::default(),
    };
    // Parts the changed learners had: where the new part is the same for
    // what a page shows, that page is not rendered again.
    let before: HashMap<String, Arc<Part>> = match changed {
        Some(ids) => ids.iter().filter_map(|id| Some((id.clone(), cache.parts.get(id)?.clone()))).collect(),
        None => HashMap::new(),
    };
    let fresh: Vec<(String, Arc<Part>)> = learners
        .par_iter()
        .filter(|l| wanted(&l.id) || !cache.parts.contains_key(&l.id))
        .map(|l| (l.id.clone(), Arc::new(Part::new(&shared, l))))
        .collect();
    cache.parts.extend(fresh);
    if cache.parts.len() != learners.len() {
        let ids: HashSet<&str> = learners.iter().map(|l| l.id.as_str()).collect();
        cache.parts.retain(|id, _| ids.contains(id.as_str()));
    }
    let entries: Vec<Entry> = learners
        .into_iter()
        .map(|learner| {
            let part = cache.parts[&learner.id].clone();
            Entry { learner, part }
        })
        .collect();
    let queue = queue::merge(opts.today, entries.iter().map(|e| &e.part.queue));

    let mut jobs: Vec<Job> =
        vec![Job::Dashboard, Job::Roadmap, Job::Reviews, Job::NotFound, Job::Feed, Job::Json, Job::Csv];
    jobs.extend((0..project.roadmap.weeks.len()).map(Job::Week));
    jobs.extend((0..entries.len()).filter(|i| wanted(&entries[*i].learner.id)).map(Job::Learner));
    if base_url.is_some() {
        jobs.push(Job::Sitemap);
    }
    if let Some(ids) = changed {
        // A learner who appeared or disappeared (turned private) changes every shared page.
        let pairs: Option<Vec<(&Arc<Part>, &Arc<Part>)>> =
            ids.iter().map(|id| Some((before.get(id)?, cache.parts.get(id)?))).collect();
        if let Some(pairs) = pairs {
            jobs.retain(|job| {
                matches!(job, Job::Learner(_)) || pairs.iter().any(|(old, new)| old.affects(new, job, &shared))
            });
        }
    }
    let result: Vec<Diagnostic> =
        jobs.par_iter().filter_map(|job| job.run(&shared, &env, theme, &entries, &queue, sink).err()).collect();
    drop(shared);
    cache.texts = texts;
    let mut diags = result;
    if !diags.is_empty() {
        diags.dedup();
        return Err(diags);
    }
    if changed.is_some() {
        return Ok(());
    }
    sink.put(".nojekyll".into(), Vec::new());
    if let Some(cname) = &cohort.cname {
        sink.put("CNAME".into(), format!("{}\n", cname.trim()).into_bytes());
    }
    for (path, bytes) in &theme.statics {
        sink.put(path.clone(), bytes.clone());
    }
    Ok(())
}

/// GitHub Pages serves 404.html at any missing path, so its links cannot be
/// relative: they use the path of `base_url` (or `/`).
fn not_found(s: &Shared) -> Value {
    let root = s.base_url.as_deref().map(abs_path).unwrap_or_else(|| "/".to_string());
    let page = context! { path => "404.html", title => s.t("not_found"), rel => root, canonical => None::<String> };
    context! { site => s.site, t => s.t, page => page }
}

/// The path part of a URL, with a trailing slash: where 404.html finds the site.
fn abs_path(url: &str) -> String {
    let path = url::Url::parse(url).map(|u| u.path().to_string()).unwrap_or_else(|_| "/".into());
    if path.ends_with('/') {
        path
    } else {
        format!("{path}/")
    }
}

enum Job {
    Dashboard,
    Roadmap,
    Reviews,
    NotFound,
    Feed,
    Sitemap,
    Json,
    Csv,
    Week(usize),
    /// A learner's page and badge.
    Learner(usize),
}

impl Job {
    fn run(
        &self,
        s: &Shared,
        env: &Environment,
        theme: &Theme,
        entries: &[Entry],
        queue: &Queue,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        let (path, template, ctx) = match self {
            Job::Dashboard => ("index.html".to_string(), "index.html", dashboard(s, entries)),
            Job::Roadmap => ("roadmap/index.html".into(), "roadmap.html", roadmap_page(s, entries)),
            Job::Reviews => ("reviews/index.html".into(), "reviews.html", reviews_page(s, entries, queue)),
            Job::NotFound => ("404.html".into(), "404.html", not_found(s)),
            Job::Feed => ("feed.xml".into(), "feed.xml", feed(s, entries)),
            Job::Sitemap => ("sitemap.xml".into(), "sitemap.xml", sitemap(s, entries)),
            Job::Json => {
                sink.put("progress.json".into(), progress_json(s, entries));
                return Ok(());
            }
            Job::Csv => {
                sink.put("progress.csv".into(), progress_csv(entries));
                return Ok(());
            }
            Job::Week(i) => {
                (format!("weeks/{}/index.html", s.roadmap.weeks[*i].id), "week.html", week_page(s, entries, *i))
            }
            Job::Learner(i) => {
                let e = &entries[*i];
                sink.put(format!("badges/{}.svg", e.learner.id), badge(s, e).into_bytes());
                (learner_url(&e.learner.id), "learner.html", learner_page(s, e))
            }
        };
        let tmpl = env.get_template(template).map_err(|e| theme.template_error(&e))?;
        // Each thread renders into one buffer, used again page after page.
        thread_local! {
            static PAGE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        PAGE.with_borrow_mut(|page| {
            page.clear();
            tmpl.render_captured_to(ctx, &mut *page).map_err(|e| theme.template_error(&e))?;
            sink.put_ref(path, page);
            Ok(())
        })
    }
}

fn md(text: &Option<String>, shift: u8) -> Option<String> {
    text.as_deref().filter(|t| !t.trim().is_empty()).map(|t| markdown::render(t, shift))
}

/// A number without a needless `.0`.
fn charts_num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

fn pct(v: f64) -> String {
    format!("{}%", v.floor() as i64)
}

fn week_url(id: &str) -> String {
    format!("weeks/{id}/index.html")
}

fn learner_url(id: &str) -> String {
    format!("learners/{id}/index.html")
}

fn status_class(status: PaceStatus) -> &'static str {
    match status {
        PaceStatus::NotStarted => "s-not-started",
        PaceStatus::Behind => "s-behind",
        PaceStatus::OnTrack => "s-on-track",
        PaceStatus::Ahead => "s-ahead",
        PaceStatus::Finished => "s-finished",
    }
}

/// A learner as listed on the dashboard and the review page.
#[derive(Serialize)]
struct Row {
    id: String,
    name: String,
    url: String,
    github: Option<String>,
    mentor: Option<String>,
    private: bool,
    percent: String,
    done: usize,
    skipped: usize,
    total: usize,
    stretch_done: usize,
    stretch_total: usize,
    status: &'static str,
    status_label: String,
    behind_by: u32,
    last_activity: Option<String>,
    idle_days: Option<i64>,
    stale: bool,
    forecast: Option<String>,
    current_week: Option<String>,
    current_week_url: Option<String>,
    bar_svg: String,
}

fn row(s: &Shared, l: &Learner, sc: &Schedule) -> Row {
    let status_label = s.t(&format!("pace_{}", sc.status.as_str()));
    let cw = sc.current_week.map(|i| &s.roadmap.weeks[i]);
    Row {
        id: l.id.clone(),
        name: l.name.clone(),
        url: learner_url(&l.id),
        github: l.github.clone(),
        mentor: l.mentor.as_deref().map(|m| s.project.cohort.mentor(m).map_or(m.to_string(), |m| m.name.clone())),
        private: l.private,
        percent: pct(sc.percent),
        done: sc.done,
        skipped: sc.skipped,
        total: sc.total,
        stretch_done: sc.stretch_done,
        stretch_total: sc.stretch_total,
        status: sc.status.as_str(),
        status_label: status_label.clone(),
        behind_by: sc.behind_by,
        last_activity: sc.last_activity.map(|d| d.to_string()),
        idle_days: sc.idle_days,
        stale: sc.stale,
        forecast: sc.forecast.map(|d| d.to_string()),
        current_week: cw.map(|w| s.week_label(sc.current_week.unwrap_or(0) + 1, &w.title)),
        current_week_url: cw.map(|w| week_url(&w.id)),
        bar_svg: charts::progress_bar(
            sc.percent,
            status_class(sc.status),
            &format!("{} {}", pct(sc.percent), status_label),
        ),
    }
}

fn cohort_start(s: &Shared, entries: &[Entry]) -> Date {
    s.project.cohort.start.or_else(|| entries.iter().map(|e| e.schedule().start).min()).unwrap_or(s.opts.today)
}

fn dashboard(s: &Shared, entries: &[Entry]) -> Value {
    let rows: Vec<Value> = entries.iter().map(|e| e.part.row.clone()).collect();
    let count = |st: PaceStatus| entries.iter().filter(|e| e.schedule().status == st).count();
    let awaiting: usize = entries.iter().map(|e| e.part.awaiting).sum();
    let start = cohort_start(s, entries);
    let weeks = s.roadmap.weeks.len();
    let cohort_week = if s.opts.today < start { 0 } else { (days_between(start, s.opts.today) / 7 + 1) as usize };
    let week_list: Vec<Value> = s
        .roadmap
        .weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let cells = entries.len() * w.tasks.iter().filter(|t| !t.stretch).count();
            let done: usize = entries.iter().map(|e| e.schedule().weeks[i].done + e.schedule().weeks[i].skipped).sum();
            let p = if cells == 0 { 0.0 } else { done as f64 * 100.0 / cells as f64 };
            context! {
                n => i + 1, id => w.id, title => w.title, url => week_url(&w.id),
                summary_html => s.md_fixed(&w.summary, 2),
                tasks => w.tasks.len(),
                due => schedule::week_due(start, 1.0, i + 1).to_string(),
                current => i + 1 == cohort_week,
                percent => pct(p),
                bar_svg => charts::progress_bar(p, "s-cohort", &pct(p)),
            }
        })
        .collect();
    context! {
        site => s.site, t => s.t_value,
        page => s.page("index.html", &s.project.cohort.title),
        description_html => s.md_fixed(&s.project.cohort.description, 1),
        roadmap_summary_html => s.md_fixed(&s.roadmap.summary, 1),
        learners => rows,
        counts => context! {
            learners => entries.len(),
            finished => count(PaceStatus::Finished),
            ahead => count(PaceStatus::Ahead),
            on_track => count(PaceStatus::OnTrack),
            behind => count(PaceStatus::Behind),
            not_started => count(PaceStatus::NotStarted),
            stale => entries.iter().filter(|e| e.schedule().stale).count(),
            awaiting => awaiting,
        },
        cohort_week => cohort_week,
        cohort_week_title => s.roadmap.weeks.get(cohort_week.wrapping_sub(1)).map(|w| w.title.clone()),
        weeks_total => weeks,
        weeks => week_list,
        burnup_svg => cohort_burnup(s, entries, start),
    }
}

/// Core tasks finished (done or skipped) on or before each day, for one
/// learner: sorted finish dates, so a day's count is a binary search.
fn finish_dates(s: &Shared, l: &Learner, today: Date) -> Vec<Date> {
    let mut v: Vec<Date> = core_ids(s)
        .filter_map(|id| l.progress.get(&id))
        .filter(|p| matches!(p.status, Status::Done | Status::Skipped))
        .map(|p| p.finished.unwrap_or(today))
        .collect();
    v.sort();
    v
}

/// The full ids of the core (not stretch) tasks.
fn core_ids<'a>(s: &'a Shared<'a>) -> impl Iterator<Item = String> + 'a {
    s.roadmap
        .weeks
        .iter()
        .flat_map(|w| w.tasks.iter().filter(|t| !t.stretch).map(move |t| format!("{}/{}", w.id, t.id)))
}

fn completed_by(dates: &[Date], day: Date) -> usize {
    dates.partition_point(|d| *d <= day)
}

fn week_ticks(s: &Shared, start: Date, pace: f64, days: i64) -> Vec<(i64, String)> {
    let n = s.roadmap.weeks.len();
    let step = if n > 12 { n.div_ceil(10) } else { 1 };
    (1..=n)
        .filter(|k| k % step == 0)
        .map(|k| (days_between(start, schedule::week_due(start, pace, k)), k.to_string()))
        .filter(|(d, _)| *d <= days)
        .collect()
}

/// Planned vs actual, in percent of all tasks, averaged over learners; from
/// the cohort start to the last due date (or today, when later).
fn cohort_burnup(s: &Shared, entries: &[Entry], start: Date) -> String {
    let sizes: Vec<usize> = s.roadmap.weeks.iter().map(|w| w.tasks.iter().filter(|t| !t.stretch).count()).collect();
    let total = sizes.iter().sum::<usize>().max(1) as f64;
    let end_plan = entries.iter().map(|e| e.schedule().weeks.last().map_or(start, |w| w.due)).max().unwrap_or(start);
    let last = end_plan.max(s.opts.today).max(start);
    let days = days_between(start, last).clamp(1, 3660);
    let step = (days / 120).max(1);
    let finishes: Vec<&[Date]> = entries.iter().map(|e| e.part.finish_dates.as_slice()).collect();
    // Learners who share a start and a pace share a plan: one sum per plan.
    let mut plans: BTreeMap<(Date, u64), usize> = BTreeMap::new();
    for e in entries {
        *plans.entry((e.schedule().start, e.schedule().pace.to_bits())).or_default() += 1;
    }
    let n = entries.len().max(1) as f64;
    let mut planned = Vec::new();
    let mut actual = Vec::new();
    let mut d = 0;
    while d <= days {
        let day = add_days(start, d);
        let p: f64 = plans
            .iter()
            .map(|((start, pace), count)| *count as f64 * schedule::planned(&sizes, *start, f64::from_bits(*pace), day))
            .sum::<f64>()
            / n;
        planned.push((d, p * 100.0 / total));
        if day <= s.opts.today {
            let a: usize = finishes.iter().map(|f| completed_by(f, day)).sum();
            actual.push((d, a as f64 * 100.0 / n / total));
        }
        d += step;
    }
    let today_off = days_between(start, s.opts.today);
    let now_planned = entries.iter().map(|e| e.schedule().planned).sum::<f64>() / n * 100.0 / total;
    let now_actual =
        entries.iter().map(|e| (e.schedule().done + e.schedule().skipped) as f64).sum::<f64>() / n * 100.0 / total;
    let desc = s
        .t("burnup_cohort_desc")
        .replace("{planned}", &format!("{}", now_planned.round()))
        .replace("{actual}", &format!("{}", now_actual.round()))
        .replace("{date}", &s.opts.today.to_string());
    charts::line_chart(&LineChart {
        title: &s.t("burnup_cohort"),
        desc,
        days,
        y_max: 100.0,
        y_suffix: "%",
        ticks: week_ticks(s, start, 1.0, days),
        today: (0..=days).contains(&today_off).then_some((today_off, s.t.get("today").map_or("today", String::as_str))),
        series: vec![
            Series { name: s.t.get("planned").map_or("planned", String::as_str), class: "planned", points: planned },
            Series { name: s.t.get("actual").map_or("actual", String::as_str), class: "actual", points: actual },
        ],
    })
}

fn roadmap_page(s: &Shared, entries: &[Entry]) -> Value {
    let mut done = vec![0usize; s.task_ids.len()];
    for e in entries {
        for (k, t) in e.part.tasks.iter().enumerate() {
            done[k] += usize::from(t.status == Status::Done);
        }
    }
    let by_id: HashMap<&str, usize> = s.task_ids.iter().enumerate().map(|(k, id)| (id.as_str(), done[k])).collect();
    let completion = |full: &str| {
        if entries.is_empty() {
            return 0.0;
        }
        by_id.get(full).copied().unwrap_or(0) as f64 / entries.len() as f64
    };
    let graph = graph(s, "../", |full| {
        let c = completion(full);
        let level = (c * 4.0).round() as u8;
        (format!("c{level}"), s.t("graph_cohort_tip").replace("{percent}", &pct(c * 100.0)))
    });
    let weeks: Vec<Value> = s
        .roadmap
        .weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let tasks: Vec<Value> = w
                .tasks
                .iter()
                .map(|t| {
                    let full = format!("{}/{}", w.id, t.id);
                    context! { title => t.title, url => format!("{}#task-{}", week_url(&w.id), t.id), percent => pct(completion(&full) * 100.0), review => t.review, stretch => t.stretch }
                })
                .collect();
            context! { n => i + 1, title => w.title, url => week_url(&w.id), tasks => tasks }
        })
        .collect();
    context! {
        site => s.site, t => s.t_value,
        page => s.page("roadmap/index.html", &s.t("roadmap")),
        summary_html => s.md_fixed(&s.roadmap.summary, 1),
        graph_svg => graph,
        weeks => weeks,
        learners => entries.len(),
    }
}

/// The roadmap graph with links relative to `rel`; `shade` gives each task's class and tooltip suffix.
fn graph(s: &Shared, rel: &str, shade: impl Fn(&str) -> (String, String)) -> String {
    // Stretch tasks are drawn apart (a dashed border): their class gains `stretch`.
    let stretch: std::collections::HashSet<String> = s
        .roadmap
        .weeks
        .iter()
        .flat_map(|w| w.tasks.iter().filter(|t| t.stretch).map(move |t| format!("{}/{}", w.id, t.id)))
        .collect();
    let shade = |full: &str| {
        let (class, tip) = shade(full);
        if stretch.contains(full) {
            (format!("{class} stretch"), tip)
        } else {
            (class, tip)
        }
    };
    // Every learner page has the same picture but for each node's class and
    // tooltip: draw it once with markers in their place, then fill them in.
    let template = {
        let mut graphs = s.graphs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        graphs.entry(rel.to_string()).or_insert_with(|| std::sync::Arc::new(GraphTemplate::new(s, rel))).clone()
    };
    let Some(template) = template.as_ref() else { return draw_graph(s, rel, shade) };
    let shades: Vec<(String, String)> = s
        .roadmap
        .weeks
        .iter()
        .flat_map(|w| w.tasks.iter().map(move |t| format!("{}/{}", w.id, t.id)))
        .map(|full| {
            // The template already holds "<title> — " before the tooltip's marker.
            let (class, tip) = shade(&full);
            (charts::esc(&class), charts::esc(&tip))
        })
        .collect();
    let mut out = String::with_capacity(template.len + shades.iter().map(|(c, t)| c.len() + t.len()).sum::<usize>());
    for (text, slot) in &template.pieces {
        out.push_str(text);
        match slot {
            Some(Slot::Class(i)) => out.push_str(&shades[*i].0),
            Some(Slot::Tip(i)) => out.push_str(&shades[*i].1),
            None => {}
        }
    }
    out
}

/// The roadmap graph cut at each node's class and tooltip.
struct GraphTemplate {
    pieces: Vec<(String, Option<Slot>)>,
    len: usize,
}

enum Slot {
    Class(usize),
    Tip(usize),
}

impl GraphTemplate {
    /// Markers are private-use characters that `charts::esc` leaves alone.
    /// None when the roadmap's own text uses them, or the picture does not
    /// hold each marker exactly once: then each page draws its own.
    fn new(s: &Shared, rel: &str) -> Option<GraphTemplate> {
        const BASE: u32 = 0xF0000;
        let n = s.roadmap.task_count();
        let marker = |k: usize| char::from_u32(BASE + k as u32);
        let in_range = |c: char| (BASE..BASE + 2 * n as u32).contains(&(c as u32));
        let texts =
            s.roadmap.weeks.iter().flat_map(|w| std::iter::once(&w.title).chain(w.tasks.iter().map(|t| &t.title)));
        if texts.chain(s.t.values()).any(|t| t.chars().any(in_range)) {
            return None;
        }
        let mut k = 0;
        let svg = draw_graph(s, rel, |_| {
            let m = (marker(2 * k).unwrap_or('?').to_string(), marker(2 * k + 1).unwrap_or('?').to_string());
            k += 1;
            m
        });
        let mut pieces = Vec::new();
        let mut seen = vec![0; 2 * n];
        let mut text = String::new();
        for c in svg.chars() {
            if in_range(c) {
                let slot = (c as u32 - BASE) as usize;
                seen[slot] += 1;
                let slot = if slot % 2 == 0 { Slot::Class(slot / 2) } else { Slot::Tip(slot / 2) };
                pieces.push((std::mem::take(&mut text), Some(slot)));
            } else {
                text.push(c);
            }
        }
        pieces.push((text, None));
        (k == n && seen.iter().all(|&c| c == 1)).then_some(GraphTemplate { pieces, len: svg.len() })
    }
}

fn draw_graph(s: &Shared, rel: &str, mut shade: impl FnMut(&str) -> (String, String)) -> String {
    let weeks: Vec<GraphWeek> = s
        .roadmap
        .weeks
        .iter()
        .enumerate()
        .map(|(i, w)| GraphWeek {
            label: s.week_label(i + 1, &w.title),
            url: format!("{rel}{}", week_url(&w.id)),
            tasks: w
                .tasks
                .iter()
                .map(|t| {
                    let full = format!("{}/{}", w.id, t.id);
                    let (class, tip) = shade(&full);
                    GraphNode {
                        label: t.title.clone(),
                        url: format!("{rel}{}#task-{}", week_url(&w.id), t.id),
                        class,
                        tip: format!("{} — {tip}", t.title),
                        id: full,
                    }
                })
                .collect(),
        })
        .collect();
    let edges = drawn_edges(s.roadmap);
    let desc = s
        .t("graph_desc")
        .replace("{weeks}", &s.roadmap.weeks.len().to_string())
        .replace("{tasks}", &s.roadmap.task_count().to_string())
        .replace("{edges}", &edges.len().to_string());
    charts::roadmap_graph(&s.t("roadmap"), &desc, &weeks, &edges)
}

/// The `requires` edges worth drawing: (earlier, later) pairs without those
/// implied by a longer path (A→C is left out when A→B→C exists), so the
/// picture shows the order without a thicket of redundant arrows.
fn drawn_edges(roadmap: &Roadmap) -> Vec<(String, String)> {
    let ids: Vec<String> = roadmap.tasks().map(|t| t.full_id()).collect();
    let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let requires: Vec<Vec<usize>> = roadmap
        .tasks()
        .map(|t| t.task.requires.iter().filter_map(|r| index.get(r.as_str()).copied()).collect())
        .collect();
    // reach[v] = every task that v requires, directly or not.
    let mut reach: Vec<Option<Vec<bool>>> = vec![None; ids.len()];
    fn fill(v: usize, requires: &[Vec<usize>], reach: &mut Vec<Option<Vec<bool>>>, depth: usize) -> Vec<bool> {
        if let Some(r) = &reach[v] {
            return r.clone();
        }
        let mut r = vec![false; requires.len()];
        if depth < requires.len() {
            reach[v] = Some(r.clone()); // guards against cycles (validation rejects them anyway)
            for &u in &requires[v] {
                r[u] = true;
                for (i, b) in fill(u, requires, reach, depth + 1).into_iter().enumerate() {
                    r[i] |= b;
                }
            }
        }
        reach[v] = Some(r.clone());
        r
    }
    let mut edges = Vec::new();
    for v in 0..ids.len() {
        for &u in &requires[v] {
            let implied = requires[v].iter().any(|&w| w != u && fill(w, &requires, &mut reach, 0)[u]);
            if !implied {
                edges.push((ids[u].clone(), ids[v].clone()));
            }
        }
    }
    edges
}

fn week_page(s: &Shared, entries: &[Entry], i: usize) -> Value {
    let w = &s.roadmap.weeks[i];
    let path = format!("weeks/{}/index.html", w.id);
    let title_of = |full: &str| s.roadmap.task(full).map_or(full.to_string(), |t| t.task.title.clone());
    let first = s.first_task(i);
    let tasks: Vec<Value> = w
        .tasks
        .iter()
        .enumerate()
        .map(|(ti, t)| {
            let k = first + ti;
            let full = format!("{}/{}", w.id, t.id);
            let link = |id: &str| {
                let (wid, tid) = id.split_once('/').unwrap_or((id, ""));
                context! { id => id, title => title_of(id), url => format!("../../{}#task-{tid}", week_url(wid)) }
            };
            let required_by: Vec<Value> =
                s.roadmap.tasks().filter(|o| o.task.requires.contains(&full)).map(|o| link(&o.full_id())).collect();
            // Entries are in id order and the sort is stable: by date, then id.
            let mut finished: Vec<(Date, &Entry)> = entries
                .iter()
                .filter_map(|e| {
                    let st = e.part.tasks[k];
                    (st.status == Status::Done).then_some((st.finished.unwrap_or(s.opts.today), e))
                })
                .collect();
            finished.sort_by_key(|f| f.0);
            let person = |e: &Entry, date: Option<Date>| {
                Value::from_object(Person { name: e.part.name.clone(), url: e.part.week_link.clone(), date })
            };
            let doing: Vec<Value> = entries
                .iter()
                .filter(|e| matches!(e.part.tasks[k].status, Status::Doing | Status::Blocked))
                .map(|e| person(e, None))
                .collect();
            let p = if entries.is_empty() { 0.0 } else { finished.len() as f64 * 100.0 / entries.len() as f64 };
            context! {
                id => t.id, full_id => full, title => t.title, hours => t.hours.map(charts_num), review => t.review, stretch => t.stretch,
                deliverable_html => t.deliverable.as_deref().map(|d| s.inline_fixed(d)),
                body_html => s.md_fixed(&t.body, 3),
                requires => t.requires.iter().map(|r| link(r)).collect::<Vec<_>>(),
                required_by => required_by,
                finished_by => finished.iter().map(|(d, e)| person(e, Some(*d))).collect::<Vec<_>>(),
                doing => doing,
                percent => pct(p),
                bar_svg => charts::progress_bar(p, "s-cohort", &pct(p)),
            }
        })
        .collect();
    let nav = |j: Option<usize>| {
        j.and_then(|j| s.roadmap.weeks.get(j)).map(|o| context! { title => s.week_label(j.unwrap_or(0) + 1, &o.title), url => format!("../../{}", week_url(&o.id)) })
    };
    let start = cohort_start(s, entries);
    context! {
        site => s.site, t => s.t_value,
        page => s.page(&path, &s.week_label(i + 1, &w.title)),
        week => context! {
            n => i + 1, id => w.id, title => w.title,
            summary_html => s.md_fixed(&w.summary, 1),
            body_html => s.md_fixed(&w.body, 1),
            topics => w.topics.iter().map(|tp| context! { title => tp.title, body_html => s.md_fixed(&tp.body, 2) }).collect::<Vec<_>>(),
            resources => w.resources.iter().map(|r| context! { title => r.title, url => r.url, kind => r.kind }).collect::<Vec<_>>(),
            checkpoints => w.checkpoints.iter().map(|c| s.inline_fixed(c)).collect::<Vec<_>>(),
            hours => charts_num(w.tasks.iter().filter_map(|t| t.hours).sum::<f64>()),
            due => schedule::week_due(start, 1.0, i + 1).to_string(),
        },
        tasks => tasks,
        prev => nav(i.checked_sub(1)),
        next => nav(Some(i + 1)),
    }
}

/// A learner named on a week page: a template value made without copying
/// the name and link a thousand times over.
#[derive(Debug)]
struct Person {
    name: Value,
    url: Value,
    date: Option<Date>,
}

impl minijinja::value::Object for Person {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str()? {
            "name" => Some(self.name.clone()),
            "url" => Some(self.url.clone()),
            "date" => Some(self.date.map_or(Value::from(()), |d| Value::from(d.to_string()))),
            _ => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Str(&["name", "url", "date"])
    }
}

fn learner_page(s: &Shared, e: &Entry) -> Value {
    let l: &Learner = &e.learner;
    let sc = e.schedule();
    let path = format!("learners/{}/index.html", l.id);
    let status_label = |st: Status| s.t(&format!("status_{}", st.as_str()));
    let mentor_name = |id: &str| s.project.cohort.mentor(id).map_or(id.to_string(), |m| m.name.clone());
    let weeks: Vec<Value> = s
        .roadmap
        .weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let wp = &sc.weeks[i];
            let p = if wp.total == wp.skipped { if wp.total == 0 { 0.0 } else { 100.0 } } else { wp.done as f64 * 100.0 / (wp.total - wp.skipped) as f64 };
            let tasks: Vec<Value> = w
                .tasks
                .iter()
                .map(|t| {
                    let full = format!("{}/{}", w.id, t.id);
                    let pr = l.progress.get(&full);
                    let st = pr.map_or(Status::Todo, |p| p.status);
                    let review_state = if t.review { pr.and_then(|p| p.review_state()) } else { None };
                    let review_state_name = review_state.map(|r| match r {
                        ReviewState::Awaiting => "awaiting",
                        ReviewState::ChangesRequested => "changes",
                        ReviewState::Approved => "approved",
                    });
                    let mut reviews: Vec<Value> = pr
                        .map(|p| {
                            p.reviews
                                .iter()
                                .map(|r| {
                                    let verdict = match r.verdict {
                                        Verdict::Approved => "approved",
                                        Verdict::Changes => "changes",
                                    };
                                    context! { by => mentor_name(&r.by), date => r.date.to_string(), verdict => verdict, verdict_label => s.t(&format!("verdict_{verdict}")), comment_html => md(&r.comment, 4), private => r.private }
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    reviews.reverse();
                    context! {
                        id => t.id, title => t.title, url => format!("../../{}#task-{}", week_url(&w.id), t.id),
                        status => st.as_str(), status_label => status_label(st), review => t.review, stretch => t.stretch,
                        started => pr.and_then(|p| p.started).map(|d| d.to_string()),
                        finished => pr.and_then(|p| p.finished).map(|d| d.to_string()),
                        hours => pr.and_then(|p| p.hours).map(charts_num),
                        evidence => pr.map(|p| p.evidence.clone()).unwrap_or_default(),
                        note_html => pr.and_then(|p| md(&p.note, 4)),
                        review_state => review_state_name,
                        review_state_label => review_state_name.map(|n| s.t(&format!("review_{n}"))),
                        reviews => reviews,
                    }
                })
                .collect();
            context! {
                n => i + 1, id => w.id, title => w.title, url => format!("../../{}", week_url(&w.id)),
                due => wp.due.to_string(), done => wp.done, skipped => wp.skipped, total => wp.total,
                complete => wp.complete(), overdue => !wp.complete() && wp.due < s.opts.today,
                percent => pct(p), bar_svg => charts::progress_bar(p, if wp.complete() { "s-finished" } else { "s-on-track" }, &pct(p)),
                tasks => tasks,
            }
        })
        .collect();
    let mut journal: Vec<&crate::model::JournalEntry> = l.journal.iter().collect();
    journal.sort_by_key(|j| std::cmp::Reverse(j.date));
    let journal: Vec<Value> = journal
        .iter()
        .map(|j| context! { date => j.date.to_string(), hours => j.hours.map(charts_num), note_html => md(&j.note, 4) })
        .collect();
    let hours: f64 = l.progress.values().filter_map(|p| p.hours).sum::<f64>()
        + l.journal.iter().filter_map(|j| j.hours).sum::<f64>();
    let graph = graph(s, "../../", |full| {
        let st = l.status(full);
        (format!("st-{}", st.as_str()), status_label(st))
    });
    context! {
        site => s.site, t => s.t_value,
        page => s.page(&path, &l.name),
        learner => e.part.row,
        start => sc.start.to_string(),
        pace => sc.pace,
        planned => format!("{:.1}", sc.planned),
        hours => charts_num(hours),
        github_url => l.github.as_ref().map(|g| format!("https://github.com/{}", g.trim_start_matches('@'))),
        badge => format!("../../badges/{}.svg", l.id),
        weeks => weeks,
        journal => journal,
        burnup_svg => learner_burnup(s, e),
        calendar_svg => learner_calendar(s, l, sc),
        graph_svg => graph,
    }
}

fn learner_burnup(s: &Shared, e: &Entry) -> String {
    let sc = e.schedule();
    let sizes: Vec<usize> = s.roadmap.weeks.iter().map(|w| w.tasks.iter().filter(|t| !t.stretch).count()).collect();
    let end = sc.weeks.last().map_or(sc.start, |w| w.due);
    let last = end.max(s.opts.today.min(add_days(end, 366))).max(sc.start);
    let days = days_between(sc.start, last).clamp(1, 3660);
    let step = (days / 120).max(1);
    let finishes = &e.part.finish_dates;
    let (mut planned, mut actual) = (Vec::new(), Vec::new());
    let mut d = 0;
    while d <= days {
        let day = add_days(sc.start, d);
        planned.push((d, schedule::planned(&sizes, sc.start, sc.pace, day)));
        if day <= s.opts.today {
            actual.push((d, completed_by(finishes, day) as f64));
        }
        d += step;
    }
    if (d - step) != days {
        planned.push((days, schedule::planned(&sizes, sc.start, sc.pace, last)));
    }
    let today_off = days_between(sc.start, s.opts.today);
    let desc = s
        .t("burnup_learner_desc")
        .replace("{planned}", &format!("{:.1}", sc.planned))
        .replace("{actual}", &(sc.done + sc.skipped).to_string())
        .replace("{total}", &sc.total.to_string())
        .replace("{date}", &s.opts.today.to_string());
    charts::line_chart(&LineChart {
        title: &s.t("burnup_learner"),
        desc,
        days,
        y_max: sc.total as f64,
        y_suffix: "",
        ticks: week_ticks(s, sc.start, sc.pace, days),
        today: (0..=days).contains(&today_off).then_some((today_off, s.t.get("today").map_or("today", String::as_str))),
        series: vec![
            Series { name: s.t.get("planned").map_or("planned", String::as_str), class: "planned", points: planned },
            Series { name: s.t.get("actual").map_or("actual", String::as_str), class: "actual", points: actual },
        ],
    })
}

fn learner_calendar(s: &Shared, l: &Learner, sc: &Schedule) -> String {
    let mut counts: BTreeMap<Date, u32> = BTreeMap::new();
    for p in l.progress.values() {
        for d in p.started.iter().chain(p.finished.iter()).chain(p.reviews.iter().map(|r| &r.date)) {
            *counts.entry(*d).or_default() += 1;
        }
    }
    for j in &l.journal {
        *counts.entry(j.date).or_default() += 1;
    }
    let first_activity = counts.keys().next().copied().unwrap_or(sc.start);
    let from = sc.start.min(first_activity).max(add_days(s.opts.today, -371));
    let to = s.opts.today.max(from);
    let words = |key: &str, n: usize| -> Vec<String> {
        let v: Vec<String> = s.t(key).split(',').map(|w| w.trim().to_string()).collect();
        if v.len() == n {
            v
        } else {
            (1..=n).map(|i| i.to_string()).collect()
        }
    };
    let wd = words("weekdays", 7);
    let mo = words("months", 12);
    let labels = CalendarLabels {
        title: &s.t("activity"),
        weekdays: std::array::from_fn(|i| wd[i].as_str()),
        months: std::array::from_fn(|i| mo[i].as_str()),
        cell: &s.t("activity_cell"),
        less: &s.t("less"),
        more: &s.t("more"),
    };
    charts::calendar(from, to, &counts, &labels)
}

fn reviews_page(s: &Shared, entries: &[Entry], queue: &Queue) -> Value {
    // Looked up once per queue item and per mentor: maps, not scans, at thousands of learners.
    let mut whos: HashMap<&str, &Value> = HashMap::new();
    let mut per_mentor: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    for e in entries {
        whos.entry(e.learner.id.as_str()).or_insert(&e.part.who);
        *per_mentor.entry(e.learner.mentor.as_deref()).or_default() += 1;
    }
    let tasks: HashMap<&str, Value> = s
        .roadmap
        .tasks()
        .zip(&s.task_ids)
        .map(|(t, full)| {
            let url = format!("../{}#task-{}", week_url(&t.week.id), t.task.id);
            (full.as_str(), context! { id => full, title => t.task.title, url => url })
        })
        .collect();
    let task = |full: &str| tasks.get(full).cloned().unwrap_or_else(|| context! { id => full, title => full });
    let who = |id: &str| {
        whos.get(id).map_or_else(
            || context! { id => id, name => id, url => format!("../{}", learner_url(id)) },
            |w| (*w).clone(),
        )
    };
    let mut mentors: Vec<(Option<String>, String, Option<String>)> =
        s.project.cohort.mentors.iter().map(|m| (Some(m.id.clone()), m.name.clone(), m.github.clone())).collect();
    mentors.push((None, s.t("no_mentor"), None));
    let mut groups: Vec<Value> = Vec::new();
    for (id, mname, github) in &mentors {
        {
            let mine = |m: &Option<String>| m == id;
            let awaiting: Vec<Value> = queue.awaiting_review.iter().filter(|a| mine(&a.mentor)).map(|a| context! { learner => who(&a.learner), task => task(&a.task), finished => a.finished.map(|d| d.to_string()), days => a.days_waiting }).collect();
            let changes: Vec<Value> = queue
                .changes_requested
                .iter()
                .filter(|a| mine(&a.mentor))
                .map(|a| context! { learner => who(&a.learner), task => task(&a.task), date => a.date.to_string() })
                .collect();
            let behind: Vec<Value> = queue.behind.iter().filter(|a| mine(&a.mentor)).map(|a| context! { learner => who(&a.learner), planned => format!("{:.1}", a.planned), done => a.done, behind_by => a.behind_by }).collect();
            let stale: Vec<Value> = queue.stale.iter().filter(|a| mine(&a.mentor)).map(|a| context! { learner => who(&a.learner), last_activity => a.last_activity.map(|d| d.to_string()), days => a.days }).collect();
            let blocked: Vec<Value> = queue
                .blocked
                .iter()
                .filter(|a| mine(&a.mentor))
                .map(|a| context! { learner => who(&a.learner), task => task(&a.task) })
                .collect();
            let learners = per_mentor.get(&id.as_deref()).copied().unwrap_or(0);
            if id.is_none() && learners == 0 {
                continue;
            }
            let empty = awaiting.is_empty()
                && changes.is_empty()
                && behind.is_empty()
                && stale.is_empty()
                && blocked.is_empty();
            groups.push(context! { id => id, name => mname, github => github, learners => learners, empty => empty, awaiting => awaiting, changes => changes, behind => behind, stale => stale, blocked => blocked });
        }
    }
    context! {
        site => s.site, t => s.t_value,
        page => s.page("reviews/index.html", &s.t("reviews")),
        groups => groups,
        totals => context! {
            awaiting => queue.awaiting_review.len(), changes => queue.changes_requested.len(),
            behind => queue.behind.len(), stale => queue.stale.len(), blocked => queue.blocked.len(),
        },
    }
}

/// A progress event for the Atom feed.
#[derive(Serialize)]
struct Event {
    id: String,
    date: String,
    title: String,
    link: String,
    summary: String,
}

/// A learner's feed event, by the indices of what it is about: a task in
/// roadmap order, a review of it, or a journal entry.
#[derive(Clone, Copy, Debug)]
enum EventRef {
    Started(usize),
    Done(usize),
    Review(usize, usize),
    Journal(usize),
}

impl EventRef {
    /// The order of one learner's events on the same day.
    fn order(self) -> (usize, u8, usize) {
        match self {
            EventRef::Done(k) => (k, 0, 0),
            EventRef::Review(k, i) => (k, 1, i),
            EventRef::Started(k) => (k, 2, 0),
            EventRef::Journal(i) => (usize::MAX, 3, i),
        }
    }
}

/// The newest events of all learners: newest first, then by learner id, then
/// in each learner's own order. Each learner's part keeps only their newest
/// 100, since no older one of theirs can make the cut.
fn feed(s: &Shared, entries: &[Entry]) -> Value {
    let link = |path: &str| match &s.base_url {
        Some(b) => format!("{b}{}", path.trim_end_matches("index.html")),
        None => path.to_string(),
    };
    let mut picks: Vec<(std::cmp::Reverse<Date>, usize, usize)> = entries
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.part.events.iter().enumerate().map(move |(n, (d, _))| (std::cmp::Reverse(*d), i, n)))
        .collect();
    if picks.len() > FEED_EVENTS {
        picks.select_nth_unstable(FEED_EVENTS - 1);
        picks.truncate(FEED_EVENTS);
    }
    picks.sort_unstable();
    let title = |k: usize| s.roadmap.tasks().nth(k).map_or_else(String::new, |t| t.task.title.clone());
    let events: Vec<(Date, Event)> = picks
        .into_iter()
        .map(|(std::cmp::Reverse(date), i, n)| {
            let l: &Learner = &entries[i].learner;
            let (_, event) = entries[i].part.events[n];
            let progress = |k: usize| l.progress.get(s.task_ids[k].as_str());
            let (key, text, summary) = match event {
                EventRef::Started(k) => (
                    format!("{}/{}/started/{date}", l.id, s.task_ids[k]),
                    s.t("event_started").replace("{name}", &l.name).replace("{task}", &title(k)),
                    String::new(),
                ),
                EventRef::Done(k) => (
                    format!("{}/{}/done/{date}", l.id, s.task_ids[k]),
                    s.t("event_done").replace("{name}", &l.name).replace("{task}", &title(k)),
                    progress(k).map(done_summary).unwrap_or_default(),
                ),
                EventRef::Review(k, ri) => {
                    let r = progress(k).and_then(|p| p.reviews.get(ri));
                    let by = r.map_or("", |r| r.by.as_str());
                    let verdict = match r.map(|r| r.verdict) {
                        Some(Verdict::Changes) => "event_changes",
                        _ => "event_approved",
                    };
                    let mentor = s.project.cohort.mentor(by).map_or(by.to_string(), |m| m.name.clone());
                    let text = s
                        .t(verdict)
                        .replace("{mentor}", &mentor)
                        .replace("{name}", &l.name)
                        .replace("{task}", &title(k));
                    let summary = r.and_then(|r| md(&r.comment, 2)).unwrap_or_default();
                    (format!("{}/{}/review-{by}/{date}", l.id, s.task_ids[k]), text, summary)
                }
                EventRef::Journal(ji) => {
                    let j = l.journal.get(ji);
                    let hours = j.and_then(|j| j.hours).map(|h| h.to_string()).unwrap_or_default();
                    (
                        format!("{}/journal/{ji}/{date}", l.id),
                        s.t("event_journal").replace("{name}", &l.name).replace("{hours}", &hours),
                        j.and_then(|j| md(&j.note, 2)).unwrap_or_default(),
                    )
                }
            };
            let event =
                Event { id: urn(&key), date: date.to_string(), title: text, link: link(&learner_url(&l.id)), summary };
            (date, event)
        })
        .collect();
    let updated = events.first().map(|e| e.0).unwrap_or(s.opts.today);
    context! {
        site => s.site, t => s.t_value,
        feed_id => urn(&format!("feed/{}", s.project.cohort.title)),
        self_url => s.base_url.as_ref().map(|b| format!("{b}feed.xml")),
        home_url => s.base_url.clone().unwrap_or_else(|| "index.html".into()),
        updated => updated.to_string(),
        events => events.into_iter().map(|e| e.1).collect::<Vec<_>>(),
    }
}

/// A finished task in the feed: its note and evidence links, as sanitised HTML.
fn done_summary(p: &crate::model::learner::Progress) -> String {
    let mut summary = md(&p.note, 2).unwrap_or_default();
    for e in &p.evidence {
        summary.push_str(&markdown::clean(&format!("<p><a href=\"{0}\">{0}</a></p>", charts::esc(e))));
    }
    summary
}

/// A stable `urn:uuid:` from a key (FNV-1a, two seeds), for Atom ids.
fn urn(key: &str) -> String {
    let h = |seed: u64| key.bytes().fold(seed, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    let (a, b) = (h(0xcbf29ce484222325), h(0x84222325cbf29ce4));
    format!(
        "urn:uuid:{:08x}-{:04x}-5{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        ((b >> 48) & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

fn sitemap(s: &Shared, entries: &[Entry]) -> Value {
    let base = s.base_url.clone().unwrap_or_default();
    let mut urls = vec![base.clone(), format!("{base}roadmap/"), format!("{base}reviews/")];
    urls.extend(s.roadmap.weeks.iter().map(|w| format!("{base}weeks/{}/", w.id)));
    urls.extend(entries.iter().map(|e| format!("{base}learners/{}/", e.learner.id)));
    context! { urls => urls, today => s.opts.today.to_string() }
}

fn badge(s: &Shared, e: &Entry) -> String {
    let sc = e.schedule();
    let complete = sc.weeks.iter().filter(|w| w.complete()).count();
    let label = s.roadmap.title.split_whitespace().next().unwrap_or("progress");
    let message =
        s.t("badge_weeks").replace("{done}", &complete.to_string()).replace("{total}", &sc.weeks.len().to_string());
    // Stretch work as "+N" after the core count, when any was done.
    let message = if sc.stretch_done > 0 { format!("{message} +{}", sc.stretch_done) } else { message };
    let color = match sc.status {
        PaceStatus::Finished => "#2e7d32",
        PaceStatus::Ahead => "#2e7d32",
        PaceStatus::OnTrack => "#1565c0",
        PaceStatus::Behind => "#c62828",
        PaceStatus::NotStarted => "#616161",
    };
    charts::badge(label, &message, color)
}

/// A learner in `progress.json`. Fields in alphabetical order: the file has
/// always listed keys that way.
#[derive(Serialize)]
struct JsonLearner<'a> {
    behind_by: u32,
    done: usize,
    forecast: Option<String>,
    id: &'a str,
    last_activity: Option<String>,
    name: &'a str,
    pace: &'static str,
    percent: f64,
    planned: f64,
    skipped: usize,
    stale: bool,
    start: String,
    stretch_done: usize,
    stretch_total: usize,
    tasks: BTreeMap<&'a str, &'static str>,
    total: usize,
    weeks_per_week: f64,
}

/// One learner's object, pretty-printed and indented as an item of `learners`.
fn progress_json_part(s: &Shared, l: &Learner, sc: &Schedule) -> String {
    let learner = JsonLearner {
        behind_by: sc.behind_by,
        done: sc.done,
        forecast: sc.forecast.map(|d| d.to_string()),
        id: &l.id,
        last_activity: sc.last_activity.map(|d| d.to_string()),
        name: &l.name,
        pace: sc.status.as_str(),
        percent: (sc.percent * 10.0).round() / 10.0,
        planned: (sc.planned * 100.0).round() / 100.0,
        skipped: sc.skipped,
        stale: sc.stale,
        start: sc.start.to_string(),
        stretch_done: sc.stretch_done,
        stretch_total: sc.stretch_total,
        tasks: s.task_ids.iter().map(|id| (id.as_str(), l.status(id).as_str())).collect(),
        total: sc.total,
        weeks_per_week: sc.pace,
    };
    let text = serde_json::to_string_pretty(&learner).unwrap_or_default();
    let mut out = String::with_capacity(text.len() + 256);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

/// `{"as_of", "learners", "schema"}`, pretty-printed, from the learners' parts.
fn progress_json(s: &Shared, entries: &[Entry]) -> Vec<u8> {
    let as_of = serde_json::to_string(&s.opts.today.to_string()).unwrap_or_default();
    let size: usize = entries.iter().map(|e| e.part.json.len() + 2).sum();
    let mut out = String::with_capacity(size + 128);
    out.push_str(&format!("{{\n  \"as_of\": {as_of},\n  \"learners\": ["));
    for (i, e) in entries.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&e.part.json);
    }
    out.push_str(if entries.is_empty() { "],\n" } else { "\n  ],\n" });
    out.push_str("  \"schema\": 1\n}\n");
    out.into_bytes()
}

/// Spreadsheets run cells that start with these as formulas; a leading `'` keeps them text.
fn cell(v: &str) -> Cow<'_, str> {
    if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{v}"))
    } else {
        Cow::Borrowed(v)
    }
}

const CSV_HEADER: [&str; 13] = [
    "learner", "name", "mentor", "week", "task", "title", "status", "started", "finished", "hours", "evidence",
    "review", "stretch",
];

fn progress_csv(entries: &[Entry]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CSV_HEADER);
    let mut out = w.into_inner().unwrap_or_default();
    out.reserve(entries.iter().map(|e| e.part.csv.len()).sum());
    for e in entries {
        out.extend_from_slice(&e.part.csv);
    }
    out
}

/// One learner's rows of `progress.csv`.
fn progress_csv_part(s: &Shared, l: &Learner) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for (t, full) in s.roadmap.tasks().zip(&s.task_ids) {
        let p = l.progress.get(full.as_str());
        let review = if t.task.review { p.and_then(|p| p.review_state()) } else { None };
        let review = match review {
            Some(ReviewState::Awaiting) => "awaiting",
            Some(ReviewState::ChangesRequested) => "changes",
            Some(ReviewState::Approved) => "approved",
            None => "",
        };
        let opt_date = |d: Option<Date>| d.map_or(Cow::Borrowed(""), |d| Cow::Owned(d.to_string()));
        let evidence = p.map(|p| p.evidence.join(" ")).unwrap_or_default();
        let _ = w.write_record(
            [
                cell(&l.id),
                cell(&l.name),
                cell(l.mentor.as_deref().unwrap_or("")),
                Cow::Borrowed(t.week.id.as_str()),
                Cow::Borrowed(full.as_str()),
                cell(&t.task.title),
                Cow::Borrowed(p.map_or(Status::Todo, |p| p.status).as_str()),
                opt_date(p.and_then(|p| p.started)),
                opt_date(p.and_then(|p| p.finished)),
                p.and_then(|p| p.hours).map_or(Cow::Borrowed(""), |h| Cow::Owned(h.to_string())),
                cell(&evidence),
                Cow::Borrowed(review),
                Cow::Borrowed(if t.task.stretch { "true" } else { "false" }),
            ]
            .iter()
            .map(|c| c.as_bytes()),
        );
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_cannot_become_formulas() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("김데브"), "김데브");
    }

    #[test]
    fn urns_are_stable_and_distinct() {
        assert_eq!(urn("a"), urn("a"));
        assert_ne!(urn("a"), urn("b"));
        assert!(urn("a").starts_with("urn:uuid:"));
        assert_eq!(urn("a").len(), "urn:uuid:".len() + 36);
    }

    #[test]
    fn the_404_page_finds_the_site_under_a_project_path() {
        assert_eq!(abs_path("https://octo.github.io/devops-study/"), "/devops-study/");
        assert_eq!(abs_path("https://octo.github.io/devops-study"), "/devops-study/");
        assert_eq!(abs_path("https://study.example.com"), "/");
    }
}
