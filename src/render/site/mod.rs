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

use super::markdown;
use super::theme::Theme;
use super::Sink;
use crate::diag::Diagnostic;
use crate::model::roadmap::TaskOrder;
use crate::model::{Learner, Project, ReviewState, Roadmap, State, Status};
use crate::queue::{self, Merged, Queue};
use crate::schedule::{self, PaceStatus, Schedule};

mod calendar;
mod export;
mod feed;
mod now;
mod order;
mod pages;
mod record;
mod reviews;
mod roadmap_graph;
mod source_links;
pub mod urls;

use calendar::{cohort_calendar_ics, learner_calendar_ics};
use export::{progress_csv, progress_json};
use feed::{feed, sitemap, EventRef};
use pages::{
    badge, dashboard, dashboard_pages, dashboard_totals, finish_dates, learner_page, not_found, roadmap_page, robots,
    row, week_page,
};
use reviews::{queue_groups, queue_page, reviews_page, ByMentor, Group};
use roadmap_graph::GraphTemplate;
use source_links::{learner_edit, LearnerEdit};
use urls::{abs_path, badge_url, calendar_url, dashboard_url, learner_url, pretty, queue_url, record_url, week_url};

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
struct Listed<'a> {
    learner: Cow<'a, Learner>,
    part: Arc<Part>,
}

impl Listed<'_> {
    fn schedule(&self) -> &Schedule {
        &self.part.schedule
    }
}

/// What one learner contributes to the pages that list everyone (dashboard,
/// roadmap, weeks, reviews, feed, JSON, CSV): worked out once per learner, in
/// parallel, and kept by `serve` between rebuilds, so that after an edit to
/// one learner file only that learner's part is worked out again and the
/// shared pages are put together from parts.
pub struct Part {
    schedule: Schedule,
    /// Where the learner stands on each task, in roadmap order (a byte
    /// each: a long roadmap's parts are most of a first build's memory).
    tasks: Vec<State>,
    /// Finish dates of done and skipped tasks, sorted (for the burn-ups).
    finish_dates: Vec<Date>,
    /// Done tasks that need a review and have none newer than the work.
    awaiting: usize,
    /// The dashboard row (also the head of the learner page).
    row: Value,
    name: Value,
    /// The learner page, linked from a week page.
    week_link: Value,
    /// `{id, name, url}`, as the review page links the learner.
    who: Value,
    queue: Queue,
    /// The newest feed events, newest first: only these can make the feed.
    events: Vec<(Date, EventRef)>,
    /// "Edit on GitHub" links into the learner's file (with `repo`).
    edit: Option<LearnerEdit>,
}

/// Parts kept between renders (by `serve`): valid for one project, theme,
/// view and day; [`render_to`] is told which learners changed.
#[derive(Default)]
pub struct Cache {
    stamp: Option<(View, Date)>,
    parts: HashMap<String, Arc<Part>>,
    /// The parts were let go of (see [`Cache::slim`]): a learner's own
    /// files work theirs out when asked for, and the next [`update_parts`]
    /// works them all out again.
    slim: bool,
    /// The learners the last render listed, once their parts are let go of.
    listed: HashSet<String>,
    texts: std::sync::Mutex<HashMap<(u8, String), String>>,
}

/// A learner read from their file again, by id (see [`Learner::thin`]).
pub type Again<'a> = dyn Fn(&str) -> Result<Learner, Vec<Diagnostic>> + Sync + 'a;

/// The feed shows this many of the newest events.
const FEED_EVENTS: usize = 100;

/// Learners per dashboard page: the rest go on `index-2.html` and so on, so
/// no page grows with the cohort.
const DASHBOARD_ROWS: usize = 100;

/// Items of one kind on one mentor's queue page; the rest are counted.
const QUEUE_ITEMS: usize = 100;

/// Learners named per task on a week page (first finishers first); the rest are counted.
const WEEK_NAMES: usize = 40;

/// A meta description's length, as search engines show it.
const DESCRIPTION_CHARS: usize = 160;

impl Part {
    fn new(s: &Shared, l: &Learner) -> Part {
        // The learner's entries in study order, read once for all below.
        let entries = s.order.entries(&l.progress);
        let plan = schedule::Plan::of(&s.project.cohort);
        let schedule = schedule::compute_in(&s.project.roadmap, l, &entries, plan, s.opts.today);
        let mut tasks = Vec::with_capacity(s.roadmap.task_count());
        let mut awaiting = 0;
        let mut events: Vec<(Date, EventRef)> = Vec::new();
        for (k, (t, &p)) in s.roadmap.tasks().zip(&entries).enumerate() {
            tasks.push(p.map_or(State::Todo, crate::model::learner::Progress::state));
            let Some(p) = p else { continue };
            if t.task.review && p.review_state() == Some(ReviewState::Awaiting) {
                awaiting += 1;
            }
            if let Some(d) = p.started {
                events.push((d, EventRef::started(k)));
            }
            if let (Status::Done, Some(d)) = (p.status, p.finished) {
                events.push((d, EventRef::done(k)));
            }
            events.extend(p.reviews.iter().enumerate().map(|(i, r)| (r.date, EventRef::review(k, i))));
        }
        events.extend(l.journal.iter().enumerate().map(|(i, j)| (j.date, EventRef::journal(i))));
        events.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.order().cmp(&b.1.order())));
        events.truncate(FEED_EVENTS);
        // Kept with the part: without the room the other events took.
        events.shrink_to_fit();
        let queue = queue::for_learner(s.project, l, &entries, &schedule, s.opts.today);
        let row = Value::from_serialize(row(s, l, &schedule));
        let url = learner_url(&l.id);
        Part {
            finish_dates: finish_dates(s, &entries, schedule.start, s.opts.today),
            tasks,
            awaiting,
            row,
            name: Value::from(l.name.as_str()),
            week_link: Value::from(format!("../../{url}")),
            who: context! { id => l.id, name => l.name, url => format!("../{url}") },
            queue,
            events,
            edit: learner_edit(s, l),
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
    /// Full ids of the roadmap's tasks, in order (`order.ids`), and by id.
    order: TaskOrder,
    /// Each mentor's name by id (the first mentor of an id, as
    /// [`crate::model::Cohort::mentor`] finds): looked up per learner and per
    /// review, where a search of the mentors would grow with them.
    mentor_names: HashMap<&'a str, &'a str>,
    base_url: Option<String>,
    site: Value,
    /// Rendered Markdown of the roadmap and the cohort, by heading shift and text.
    texts: &'a std::sync::Mutex<HashMap<(u8, String), String>>,
    /// Reads a learner whose texts were let go of (see [`Learner::thin`]).
    again: Option<&'a Again<'a>>,
    /// `https://github.com/OWNER/NAME/edit/BRANCH/`, with `repo` in cohort.yaml.
    edit_base: Option<String>,
    /// "Record on GitHub" links, with `repo` in cohort.yaml.
    record: Option<record::IssueLinks>,
    /// The roadmap graph drawn once per link prefix, with markers for what differs by page.
    graphs: std::sync::Mutex<BTreeMap<String, std::sync::Arc<Option<GraphTemplate>>>>,
    /// What every learner page shows of each task, in roadmap order, made once.
    task_values: Vec<TaskValues>,
    /// Each state's label, as a template value, by `State as usize`.
    status_labels: Vec<Value>,
    /// The tail of each week's event in a learner's calendar, the same in every one.
    learner_events: std::sync::OnceLock<Vec<String>>,
    /// With a sink that keeps what files were made from: the hash of all a
    /// learner's own files are made from but the learner (see [`inputs_key`]).
    inputs: Option<u128>,
}

/// A task's fields on a learner page that are the same on every one.
struct TaskValues {
    id: Value,
    /// `week/task`.
    full_id: Value,
    anchor: Value,
    title: Value,
    url: Value,
    /// "Record on GitHub": the task's page that opens a new issue holding
    /// `/done` and the task (with `repo`).
    record: Value,
}

impl TaskValues {
    fn all(roadmap: &Roadmap, record: Option<&record::IssueLinks>) -> Vec<TaskValues> {
        let values = |w: &crate::model::roadmap::Week, t: &crate::model::roadmap::Task| TaskValues {
            id: Value::from(t.id.as_str()),
            full_id: Value::from(format!("{}/{}", w.id, t.id)),
            anchor: Value::from(format!("task-{}_{}", w.id, t.id)),
            title: Value::from(t.title.as_str()),
            // To the week's folder, as the site's canonical URLs are: a
            // learner page holds one such link per task left.
            url: Value::from(format!("../../{}#task-{}", pretty(&week_url(&w.id)), t.id)),
            record: Value::from(record.map(|_| format!("../../{}", record_url(&format!("{}/{}", w.id, t.id))))),
        };
        roadmap.weeks.iter().flat_map(|w| w.tasks.iter().map(move |t| values(w, t))).collect()
    }
}

impl<'a> Shared<'a> {
    /// What every page of `project` shares, made once per render; `texts`
    /// is where the render keeps rendered Markdown (see [`Cache`]).
    fn new(
        project: &'a Project,
        theme: &'a Theme,
        opts: &'a Options,
        texts: &'a std::sync::Mutex<HashMap<(u8, String), String>>,
    ) -> Shared<'a> {
        let base_url =
            project.cohort.base_url.as_ref().map(|b| if b.ends_with('/') { b.clone() } else { format!("{b}/") });
        let cohort = &project.cohort;
        let site = context! {
            title => cohort.title,
            lang => cohort.language.code(),
            roadmap_title => project.roadmap.title,
            full => opts.view == View::Full,
            urgency => order::urgency(project, opts),
            today => opts.today.to_string(),
            base_url => base_url,
            abs_root => base_url.as_deref().map(abs_path).unwrap_or_else(|| "/".to_string()),
        };
        let record = cohort.repo.as_deref().map(|r| record::IssueLinks::new(r, &theme.strings));
        let mut shared = Shared {
            project,
            roadmap: &project.roadmap,
            opts,
            t: &theme.strings,
            t_value: Value::from_serialize(&theme.strings),
            order: TaskOrder::new(&project.roadmap),
            mentor_names: cohort.mentors.iter().rev().map(|m| (m.id.as_str(), m.name.as_str())).collect(),
            base_url,
            site,
            texts,
            edit_base: cohort
                .repo
                .as_deref()
                .map(|r| crate::repo::edit_base(r, cohort.branch.as_deref().unwrap_or("main"))),
            task_values: TaskValues::all(&project.roadmap, record.as_ref()),
            record,
            graphs: Default::default(),
            status_labels: Vec::new(),
            learner_events: Default::default(),
            inputs: None,
            again: None,
        };
        shared.status_labels =
            State::ALL.iter().map(|st| Value::from(shared.t(&format!("status_{}", st.as_str())))).collect();
        shared
    }
}

impl Shared<'_> {
    /// The name of the mentor `id`, or `id` when the cohort has no such mentor.
    fn mentor_name<'x>(&'x self, id: &'x str) -> &'x str {
        self.mentor_names.get(id).copied().unwrap_or(id)
    }

    /// A status's label, made once per build.
    fn status_label(&self, st: State) -> &Value {
        &self.status_labels[st as usize]
    }

    fn t(&self, key: &str) -> String {
        self.t.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// The theme's strings with their plural forms.
    fn words(&self) -> crate::render::theme::Words<'_> {
        crate::render::theme::Words::new(self.t, self.project.cohort.language.code())
    }

    fn week_label(&self, n: usize, title: &str) -> String {
        format!("{} · {title}", self.t("week_n").replace("{n}", &n.to_string()))
    }

    fn page(&self, path: &str, title: &str, description: &str) -> Value {
        let depth = path.matches('/').count();
        let pretty = pretty(path);
        context! {
            path => path,
            title => title,
            description => markdown::plain(description, DESCRIPTION_CHARS),
            rel => "../".repeat(depth),
            canonical => self.base_url.as_ref().map(|b| format!("{b}{pretty}")),
        }
    }

    /// Markdown of the roadmap and the cohort, rendered once and kept in the
    /// cache: it is the same on every rebuild that only learners caused.
    fn md_fixed(&self, text: &Option<String>, parent: u8) -> Option<String> {
        let text = text.as_deref().filter(|t| !t.trim().is_empty())?;
        Some(self.fixed(text, parent, || markdown::render(text, parent)))
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

/// Work out again the parts of the learners in `changed` (of every learner
/// without it, or when `cache` is from another view or day), keeping the
/// other learners' parts from `cache`, which must be from the same project
/// but for those learners' files: what [`render_to`] and
/// [`render_learner_file`] put pages together from.
pub fn update_parts(
    project: &Project,
    theme: &Theme,
    opts: &Options,
    cache: &mut Cache,
    changed: Option<&BTreeSet<String>>,
) {
    let wanted = |id: &str| changed.is_none_or(|c| c.contains(id));
    if changed.is_none() || cache.slim || cache.stamp != Some((opts.view, opts.today)) {
        *cache = Cache { stamp: Some((opts.view, opts.today)), ..Cache::default() };
    }
    let learners: Vec<Cow<Learner>> = project.learners.par_iter().filter_map(|l| listed(l, opts)).collect();
    let shared = Shared::new(project, theme, opts, &cache.texts);
    let fresh: Vec<(String, Arc<Part>)> = learners
        .par_iter()
        .filter(|l| wanted(&l.id) || !cache.parts.contains_key(&l.id))
        .map(|l| (l.id.clone(), Arc::new(crate::timing::stage("render: learners' parts", || Part::new(&shared, l)))))
        .collect();
    drop(shared);
    cache.parts.extend(fresh);
    if cache.parts.len() != learners.len() {
        let ids: HashSet<&str> = learners.iter().map(|l| l.id.as_str()).collect();
        cache.parts.retain(|id, _| ids.contains(id.as_str()));
    }
}

/// Render into `sink`, page by page as each is done, from the learners'
/// parts in `cache` (see [`update_parts`]). With `changed`, every
/// page that lists learners (dashboard, roadmap, reviews, weeks, feed, JSON,
/// CSV, sitemap, 404) is rendered again, whatever changed — there are
/// O(weeks) of them, and no list of what each one reads can drift from what
/// it shows — plus the page and badge of each changed learner; the other
/// learners' pages and badges and the theme's static files cannot change, so
/// `serve` keeps them from its previous render. What `leave` names is not
/// rendered: it is rendered alone when it is asked for.
pub fn render_to(
    project: &Project,
    theme: &Theme,
    opts: &Options,
    cache: &Cache,
    changed: Option<&BTreeSet<String>>,
    leave: Leave,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let wanted = |id: &str| changed.is_none_or(|c| c.contains(id));
    let own_files = leave == Leave::Nothing;
    let env = theme.environment()?;
    let mut shared = Shared::new(project, theme, opts, &cache.texts);
    let again = |id: &str| project.read_learner(id).map(|(learner, _)| learner);
    shared.again = Some(&again);
    if own_files && sink.keeps_inputs() {
        shared.inputs = Some(inputs_key(project, theme, opts));
    }
    let cohort = &project.cohort;
    let entries = listed_entries(project, opts, cache);
    let queue = crate::timing::stage("render: cohort totals: the review queue", || {
        queue::merged(entries.iter().map(|e| &e.part.queue))
    });

    // The dashboard's first page first: `serve` publishes each page as it
    // is done, and that is the page a browser opens.
    let mut jobs: Vec<Job> = vec![
        Job::Dashboard(0),
        Job::Roadmap,
        Job::Reviews,
        Job::NotFound,
        Job::Feed,
        Job::Calendar,
        Job::Robots,
        Job::Records,
    ];
    if leave != Leave::OnRequest {
        jobs.extend([Job::Json, Job::Csv]);
    }
    let order = crate::timing::stage("render: cohort totals: the dashboard's order", || {
        order::dashboard_order(project, opts, &entries)
    });
    jobs.extend((1..dashboard_pages(entries.len())).map(Job::Dashboard));
    let (groups, totals, by_mentor) = crate::timing::stage("render: cohort totals: per mentor, the counts", || {
        (queue_groups(&shared, &entries), dashboard_totals(&shared, &entries), ByMentor::new(&queue, &entries))
    });
    jobs.extend((0..groups.len()).map(Job::Queue));
    jobs.extend((0..project.roadmap.weeks.len()).map(Job::Week));
    if own_files {
        jobs.extend((0..entries.len()).filter(|i| wanted(&entries[*i].learner.id)).map(Job::Learner));
    }
    if shared.base_url.is_some() {
        jobs.push(Job::Sitemap);
    }
    let lists = Lists { queue: &queue, order: &order, groups: &groups, totals: &totals, by_mentor: &by_mentor };
    let result: Vec<Diagnostic> =
        jobs.par_iter().filter_map(|job| job.timed(&shared, &env, theme, &entries, &lists, sink).err()).collect();
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

/// What the pages that list learners share, each worked out once per
/// render (never once per page, which would grow with the cohort squared):
/// the mentors' queue, the dashboard's order (indexes into the entries, see
/// [`order`]) and totals, the mentors whose queues have a page, and the
/// queue's items by mentor.
struct Lists<'a> {
    queue: &'a Merged<'a>,
    order: &'a [usize],
    groups: &'a [Group],
    totals: &'a pages::Totals,
    by_mentor: &'a ByMentor<'a>,
}

enum Job {
    /// One page of the dashboard (0: `index.html`).
    Dashboard(usize),
    Roadmap,
    /// The review queue's overview, one line per mentor.
    Reviews,
    /// One mentor's queue (an index into [`queue_groups`]).
    Queue(usize),
    Robots,
    NotFound,
    Feed,
    Sitemap,
    Json,
    Csv,
    Calendar,
    /// Each task's "record on GitHub" page (with `repo`).
    Records,
    Week(usize),
    /// A learner's page, badge and calendar.
    Learner(usize),
}

impl Job {
    /// What `-v` calls the job's kind.
    fn kind(&self) -> &'static str {
        match self {
            Job::Dashboard(_) => "render: dashboard pages",
            Job::Roadmap => "render: roadmap page",
            Job::Reviews => "render: reviews page",
            Job::Queue(_) => "render: mentor queue pages",
            Job::Robots | Job::NotFound | Job::Sitemap => "render: 404, robots, sitemap",
            Job::Feed => "render: feed",
            Job::Json | Job::Csv => "render: progress.json and .csv",
            Job::Calendar => "render: cohort calendar",
            Job::Records => "render: record pages",
            Job::Week(_) => "render: week pages",
            Job::Learner(_) => "render: learner pages, badges, calendars",
        }
    }

    /// [`Job::run`], its time counted under its kind.
    fn timed(
        &self,
        s: &Shared,
        env: &Environment,
        theme: &Theme,
        entries: &[Listed],
        lists: &Lists,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        crate::timing::stage(self.kind(), || self.run(s, env, theme, entries, lists, sink))
    }

    fn run(
        &self,
        s: &Shared,
        env: &Environment,
        theme: &Theme,
        entries: &[Listed],
        lists: &Lists,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        let (path, template, ctx) = match self {
            Job::Dashboard(n) => {
                (dashboard_url(*n), "index.html", dashboard(s, entries, lists.order, lists.totals, *n))
            }
            Job::Roadmap => ("roadmap/index.html".into(), "roadmap.html", roadmap_page(s, entries)),
            Job::Reviews => ("reviews/index.html".into(), "reviews.html", reviews_page(s, lists)),
            Job::Queue(g) => {
                let group = &lists.groups[*g];
                (queue_url(group.id.as_deref()), "queue.html", queue_page(s, entries, lists, group))
            }
            Job::Robots => {
                sink.put("robots.txt".into(), robots(s).into_bytes());
                return Ok(());
            }
            Job::NotFound => ("404.html".into(), "404.html", not_found(s)),
            Job::Feed => ("feed.xml".into(), "feed.xml", feed(s, entries)),
            Job::Sitemap => ("sitemap.xml".into(), "sitemap.xml", sitemap(s, entries)),
            Job::Json => {
                sink.put_chunks("progress.json".into(), &mut progress_json(s, entries));
                return Ok(());
            }
            Job::Csv => {
                sink.put_chunks("progress.csv".into(), &mut progress_csv(s, entries));
                return Ok(());
            }
            Job::Calendar => {
                sink.put(calendar_url(None), cohort_calendar_ics(s, entries));
                return Ok(());
            }
            Job::Records => {
                if let Some(links) = &s.record {
                    let (lang, label) = (s.project.cohort.language.code(), s.t("record_on_github"));
                    for full in &s.order.ids {
                        sink.put(record_url(full), links.done_page(full, lang, &label).into_bytes());
                    }
                }
                return Ok(());
            }
            Job::Week(i) => (week_url(&s.roadmap.weeks[*i].id), "week.html", week_page(s, entries, *i)),
            Job::Learner(i) => return learner_files(s, env, theme, &entries[*i], sink),
        };
        put_page(env, theme, template, path, ctx, sink)
    }
}

/// Render `template` with `ctx` into `sink` as `path`.
fn put_page(
    env: &Environment,
    theme: &Theme,
    template: &str,
    path: String,
    ctx: Value,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
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

/// The hash of all that a learner's own files are made from, but the
/// learner: this version of waymark (the checksum of its sources, so that
/// any change to them renders everything again), the options, the cohort
/// and the roadmap as loaded, the text of every other file read, and the
/// theme. The same on any machine, as the site is.
fn inputs_key(project: &Project, theme: &Theme, opts: &Options) -> u128 {
    let sources: Vec<(&std::path::Path, &str)> =
        project.sources.iter().map(|(p, s)| (p.as_path(), s.text.as_str())).collect();
    let statics: Vec<(&str, u128)> =
        theme.statics.iter().map(|(p, b)| (p.as_str(), xxhash_rust::xxh3::xxh3_128(b))).collect();
    super::hash_debug(&[
        &crate::vendor::SHA256,
        opts,
        &project.cohort,
        &project.roadmap,
        &sources,
        &theme.templates,
        &theme.strings,
        &theme.lang,
        &statics,
    ])
}

/// A learner's own files: their page, badge and calendar. A build over a
/// site whose manifest says they were made from the same inputs takes them
/// over instead (see [`Sink::take_over`]).
fn learner_files(s: &Shared, env: &Environment, theme: &Theme, e: &Listed, sink: &dyn Sink) -> Result<(), Diagnostic> {
    if let Some(others) = s.inputs {
        let id = &e.learner.id;
        // Whether the learner's file is sealed (the page then links no file).
        let sealed = s.project.sealed.get(id);
        let key = super::hash_debug(&[&others, &*e.learner, &sealed]);
        let paths = [badge_url(id), calendar_url(Some(id)), learner_url(id)];
        if sink.take_over(&format!("learner/{id}"), key, &paths) {
            return Ok(());
        }
    }
    sink.put(badge_url(&e.learner.id), badge(s, e).into_bytes());
    sink.put(calendar_url(Some(&e.learner.id)), learner_calendar_ics(s, e));
    put_page(env, theme, "learner.html", learner_url(&e.learner.id), learner_page(s, e), sink)
}

/// A learner as `opts`'s view shows them: `None` for a private learner in
/// the public view, which also leaves out private reviews.
fn listed<'l>(l: &'l Learner, opts: &Options) -> Option<Cow<'l, Learner>> {
    if opts.view == View::Public && l.private {
        return None;
    }
    if opts.view == View::Public && l.progress.values().any(|p| p.reviews.iter().any(|r| r.private)) {
        Some(Cow::Owned(l.public_view()))
    } else {
        Some(Cow::Borrowed(l))
    }
}

impl Cache {
    /// Let go of the learners' parts: what `serve` does to the last good
    /// site while a new one is loaded beside it, since from then on only
    /// the learners' own files (page, badge, calendar) are rendered from
    /// it, each from its learner's part worked out again when it is asked
    /// for (see [`render_learner_file`]). [`update_parts`] works every part
    /// out again after this.
    pub fn slim(&mut self) {
        self.slim = true;
        self.listed = std::mem::take(&mut self.parts).into_keys().collect();
    }

    /// Whether `path` is an export [`render_export`] can render now: the
    /// parts of a render are kept.
    pub fn has_export(&self, path: &str) -> bool {
        is_export(path) && !self.slim && self.stamp.is_some()
    }

    /// Whether `path` is the own file (page, badge, calendar) of a learner
    /// the last render listed.
    pub fn has_learner_file(&self, path: &str) -> bool {
        let Some(id) = urls::learner_of(path) else { return false };
        if self.slim {
            self.listed.contains(id)
        } else {
            self.parts.contains_key(id)
        }
    }
}

/// What a render leaves out, for it to be rendered alone when it is asked
/// for (what `serve` does not keep in memory).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leave {
    /// Nothing: every file of the site.
    Nothing,
    /// The learners' own files (page, badge, calendar): see [`render_learner_file`].
    OwnFiles,
    /// Those and the exports (`progress.json`, `progress.csv`, see
    /// [`render_export`]), over 100 MB at 10,000 learners.
    OnRequest,
}

/// The learners `project` lists in `opts`'s view, each with the part `cache`
/// kept of them, in the order of the learners.
fn listed_entries<'a>(project: &'a Project, opts: &Options, cache: &Cache) -> Vec<Listed<'a>> {
    let learners: Vec<Cow<Learner>> = project.learners.par_iter().filter_map(|l| listed(l, opts)).collect();
    learners
        .into_iter()
        .map(|learner| {
            let part = cache.parts[&learner.id].clone();
            Listed { learner, part }
        })
        .collect()
}

/// Whether `path` is one of the exports a render may leave out ([`Leave::OnRequest`]).
pub fn is_export(path: &str) -> bool {
    matches!(path, "progress.json" | "progress.csv")
}

/// The export `path` (`progress.json`, `progress.csv`) rendered alone into
/// `sink`, byte for byte as [`render_to`] renders it, from the parts `cache`
/// kept in the last render of `project`: `false` when `path` is no export,
/// or the parts were let go of (see [`Cache::slim`]) and it cannot be.
pub fn render_export(
    project: &Project,
    theme: &Theme,
    opts: &Options,
    cache: &Cache,
    path: &str,
    sink: &dyn Sink,
) -> bool {
    if !cache.has_export(path) {
        return false;
    }
    let shared = Shared::new(project, theme, opts, &cache.texts);
    let entries = listed_entries(project, opts, cache);
    if path == "progress.json" {
        sink.put_chunks(path.into(), &mut progress_json(&shared, &entries));
    } else {
        sink.put_chunks(path.into(), &mut progress_csv(&shared, &entries));
    }
    true
}

/// One of a learner's own files (`learners/ID/index.html`,
/// `learners/ID/calendar.ics`, `badges/ID.svg`) rendered alone, byte for
/// byte as [`render_to`] renders it, from the part `cache` kept of the
/// learner in the last render of `project`: `None` when that render listed
/// no learner with that file (no such learner, or a private one in the
/// public view). Once `cache` let go of the parts (see [`Cache::slim`]),
/// the learner is the one `again` reads (the project may have let go of
/// its learners too), and their part is worked out from them.
pub fn render_learner_file(
    project: &Project,
    theme: &Theme,
    opts: &Options,
    cache: &Cache,
    path: &str,
    again: &Again,
) -> Option<Result<Vec<u8>, Vec<Diagnostic>>> {
    if !cache.has_learner_file(path) {
        return None;
    }
    let id = urls::learner_of(path)?;
    let read;
    let kept = match cache.slim {
        true => None,
        false => Some(&project.learners[project.learners.binary_search_by(|l| l.id.as_str().cmp(id)).ok()?]),
    };
    // Let go of, or without the texts its page shows: read from the file again.
    let learner = match kept {
        Some(learner) if !learner.thinned => learner,
        _ => {
            read = match again(id) {
                Ok(learner) => learner,
                Err(diags) => return Some(Err(diags)),
            };
            &read
        }
    };
    let learner = listed(learner, opts)?;
    let env = match theme.environment() {
        Ok(env) => env,
        Err(diags) => return Some(Err(diags)),
    };
    let shared = Shared::new(project, theme, opts, &cache.texts);
    let part = match cache.parts.get(id) {
        Some(part) => part.clone(),
        // Let go of (see [`Cache::slim`]): the same part, worked out again.
        None => Arc::new(Part::new(&shared, &learner)),
    };
    let one = OneFile { path, bytes: std::sync::Mutex::new(None) };
    if let Err(d) = learner_files(&shared, &env, theme, &Listed { learner, part }, &one) {
        return Some(Err(vec![d]));
    }
    one.bytes.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner).map(Ok)
}

/// A sink that keeps one file and drops the rest.
struct OneFile<'a> {
    path: &'a str,
    bytes: std::sync::Mutex<Option<Vec<u8>>>,
}

impl Sink for OneFile<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) {
        if path == self.path {
            *self.bytes.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(bytes);
        }
    }
}

fn md(text: &Option<impl AsRef<str>>, parent: u8) -> Option<String> {
    text.as_ref().map(AsRef::as_ref).filter(|t| !t.trim().is_empty()).map(|t| markdown::render(t, parent))
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

fn status_class(status: PaceStatus) -> &'static str {
    match status {
        PaceStatus::NotStarted => "s-not-started",
        PaceStatus::Behind => "s-behind",
        PaceStatus::OnTrack => "s-on-track",
        PaceStatus::Ahead => "s-ahead",
        PaceStatus::Finished => "s-finished",
    }
}
