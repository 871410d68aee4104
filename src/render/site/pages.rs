//! The page view-models: dashboard, roadmap, weeks, learners, 404, robots.txt
//! and badges (the review queue's pages are in `reviews`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use jiff::civil::Date;
use minijinja::{context, Value};
use serde::Serialize;

use super::calendar::{calendar_link, cohort_start};
use super::now::{self, now};
use super::reviews::whole;
use super::roadmap_graph::graph;
use super::source_links::week_edit;
use super::urls::{abs_path, badge_url, dashboard_url, learner_url, week_url};
use super::{charts_num, md, pct, status_class, Listed, Shared, View, DASHBOARD_ROWS, WEEK_NAMES};
use crate::html::bare_attr;
use crate::model::learner::Progress;
use crate::model::{Learner, ReviewState, State, Status, Verdict};
use crate::render::charts::{self, CalendarLabels, LineChart, Series};
use crate::schedule::{self, add_days, days_between, PaceStatus, Position, Schedule};

/// GitHub Pages serves 404.html at any missing path, so its links cannot be
/// relative: they use the path of `base_url` (or `/`).
pub(super) fn not_found(s: &Shared) -> Value {
    let root = s.base_url.as_deref().map(abs_path).unwrap_or_else(|| "/".to_string());
    let page = context! { path => "404.html", title => s.t("not_found"), description => s.t("not_found_text"), rel => root, canonical => None::<String> };
    context! { site => s.site, t => s.t, page => page }
}

/// A learner as listed on the dashboard and the review page.
#[derive(Serialize)]
pub(super) struct Row {
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
    /// Tasks the learner marked blocked.
    blocked: usize,
    last_activity: Option<String>,
    idle_days: Option<i64>,
    stale: bool,
    forecast: Option<String>,
    /// Where the learner is ("working" on a task there, or "next" there):
    /// the week's label, number and page.
    position: Option<&'static str>,
    current_week: Option<String>,
    current_week_n: Option<usize>,
    current_week_url: Option<String>,
    bar_svg: String,
}

pub(super) fn row(s: &Shared, l: &Learner, sc: &Schedule) -> Row {
    let status_label = s.t(&format!("pace_{}", sc.status.as_str()));
    let cw = sc.position.map(|p| (p.week(), &s.roadmap.weeks[p.week()]));
    Row {
        id: l.id.clone(),
        name: l.name.clone(),
        url: learner_url(&l.id),
        github: l.github.clone(),
        mentor: l.mentor.as_deref().map(|m| s.mentor_name(m).to_string()),
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
        blocked: l.progress.values().filter(|p| p.status == Status::Blocked).count(),
        last_activity: sc.last_activity.map(|d| d.to_string()),
        idle_days: sc.idle_days,
        stale: sc.stale,
        forecast: sc.forecast.map(|d| d.to_string()),
        position: sc.position.map(|p| match p {
            Position::WorkingOn(_) => "working",
            Position::Next(_) => "next",
        }),
        current_week: cw.map(|(i, w)| s.week_label(i + 1, &w.title)),
        current_week_n: cw.map(|(i, _)| i + 1),
        current_week_url: cw.map(|(_, w)| week_url(&w.id)),
        bar_svg: charts::progress_bar(
            sc.percent,
            status_class(sc.status),
            &format!("{} {}", pct(sc.percent), status_label),
        ),
    }
}

/// How many pages the dashboard takes: one at least.
pub(super) fn dashboard_pages(learners: usize) -> usize {
    learners.div_ceil(DASHBOARD_ROWS).max(1)
}

/// What every page of the dashboard shows of the whole cohort (the counts,
/// each week's completion, the cohort's week), worked out once per render:
/// worked out per page, the dashboard of N learners would cost N²/100.
pub(super) struct Totals {
    start: Date,
    cohort_week: usize,
    counts: Value,
    still_on_plan: Value,
    weeks: Value,
}

pub(super) fn dashboard_totals(s: &Shared, entries: &[Listed]) -> Totals {
    let blocked = entries.iter().filter(|e| e.part.tasks.contains(&State::Blocked)).count();
    let count = |st: PaceStatus| entries.iter().filter(|e| e.schedule().status == st).count();
    let awaiting: usize = entries.iter().map(|e| e.part.awaiting).sum();
    let start = cohort_start(s, entries);
    let cohort_week = if s.opts.today < start { 0 } else { (days_between(start, s.opts.today) / 7 + 1) as usize };
    // Past the cohort's last week, who is still within a plan of their own
    // (a later start or a slower pace), and until when at the latest.
    let on_own_plan: Vec<Date> = entries
        .iter()
        .map(|e| e.schedule())
        .filter(|sc| sc.status != PaceStatus::Finished && sc.scheduled_week.is_some())
        .filter_map(|sc| sc.weeks.last().map(|w| w.due))
        .collect();
    let weeks: Vec<Value> = s
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
    Totals {
        start,
        cohort_week,
        counts: context! {
            learners => entries.len(),
            blocked => blocked,
            finished => count(PaceStatus::Finished),
            ahead => count(PaceStatus::Ahead),
            on_track => count(PaceStatus::OnTrack),
            behind => count(PaceStatus::Behind),
            not_started => count(PaceStatus::NotStarted),
            stale => entries.iter().filter(|e| e.schedule().stale).count(),
            awaiting => awaiting,
        },
        still_on_plan: Value::from_serialize((!on_own_plan.is_empty()).then(|| {
            context! {
                n => on_own_plan.len(),
                until => on_own_plan.iter().max().map(|d| d.to_string()),
            }
        })),
        weeks: Value::from(weeks),
    }
}

/// Page `n` of the dashboard: its rows, and the cohort's [`Totals`].
pub(super) fn dashboard(s: &Shared, entries: &[Listed], order: &[usize], totals: &Totals, n: usize) -> Value {
    let pages = dashboard_pages(entries.len());
    let rows: Vec<Value> =
        order.iter().skip(n * DASHBOARD_ROWS).take(DASHBOARD_ROWS).map(|&i| entries[i].part.row.clone()).collect();
    let first = n * DASHBOARD_ROWS + 1;
    let pager = (pages > 1).then(|| {
        context! {
            prev => n.checked_sub(1).map(dashboard_url),
            next => (n + 1 < pages).then(|| dashboard_url(n + 1)),
            pages => (0..pages).map(|k| context! { n => k + 1, url => dashboard_url(k), current => k == n }).collect::<Vec<_>>(),
            range => s.t("learners_range").replace("{from}", &first.to_string()).replace("{to}", &(first + rows.len() - 1).to_string()).replace("{total}", &entries.len().to_string()),
        }
    });
    let cohort_week = totals.cohort_week;
    let cohort = &s.project.cohort;
    let description = match &cohort.description {
        Some(d) if !d.trim().is_empty() => d.clone(),
        _ => s
            .words()
            .count("desc_dashboard", entries.len())
            .replace("{title}", &cohort.title)
            .replace("{roadmap}", &s.roadmap.title),
    };
    let title = if n == 0 { cohort.title.clone() } else { format!("{} ({}/{pages})", s.t("learners"), n + 1) };
    context! {
        site => s.site, t => s.t_value,
        page => s.page(&dashboard_url(n), &title, &description),
        page_n => n + 1,
        pager => pager,
        description_html => s.md_fixed(&s.project.cohort.description, 1),
        roadmap_summary_html => s.md_fixed(&s.roadmap.summary, 1),
        learners => rows,
        counts => totals.counts,
        cohort_week => cohort_week,
        still_on_plan => totals.still_on_plan,
        cohort_week_title => s.roadmap.weeks.get(cohort_week.wrapping_sub(1)).map(|w| w.title.clone()),
        weeks_total => s.roadmap.weeks.len(),
        weeks => totals.weeks,
        burnup_svg => (n == 0).then(|| cohort_burnup(s, entries, totals.start)),
        calendar => calendar_link(s, None, ""),
    }
}

/// Core tasks finished (done or skipped, not changes requested) on or before each day, for one
/// learner: sorted finish dates, so a day's count is a binary search. A
/// skipped task without a date counts from when the learner went past it:
/// the first finish of a later task in the roadmap (else their last finish,
/// else their start), not as a jump at today.
pub(super) fn finish_dates(
    s: &Shared,
    entries: &[Option<&crate::model::learner::Progress>],
    start: Date,
    today: Date,
) -> Vec<Date> {
    let tasks: Vec<&crate::model::learner::Progress> =
        s.roadmap.tasks().zip(entries).filter(|(t, _)| !t.task.stretch).filter_map(|(_, p)| *p).collect();
    let done = |p: &crate::model::learner::Progress| p.state().finished();
    let last = tasks.iter().filter(|p| done(p)).filter_map(|p| p.finished).max().unwrap_or(start);
    let mut later = last;
    let mut v: Vec<Date> = Vec::new();
    for p in tasks.iter().rev().filter(|p| done(p)) {
        match (p.status, p.finished) {
            (_, Some(d)) => {
                v.push(d);
                later = later.min(d);
            }
            (Status::Skipped, None) => v.push(p.started.unwrap_or(later).min(today)),
            _ => v.push(today),
        }
    }
    v.sort();
    v
}

pub(super) fn completed_by(dates: &[Date], day: Date) -> usize {
    dates.partition_point(|d| *d <= day)
}

/// The actual line runs to today, wherever the chart's sampling step falls
/// (a cohort a few days old, or a long one, would otherwise show the plan
/// alone or a line that stops short).
fn actual_to_today(actual: &mut Vec<(i64, f64)>, today: i64, days: i64, value: impl FnOnce() -> f64) {
    if (0..=days).contains(&today) && actual.last().is_none_or(|(d, _)| *d < today) {
        actual.push((today, value()));
    }
}

pub(super) fn week_ticks(s: &Shared, start: Date, pace: f64, days: i64) -> Vec<(i64, String)> {
    let n = s.roadmap.weeks.len();
    let step = if n > 12 { n.div_ceil(10) } else { 1 };
    (1..=n)
        .filter(|k| k % step == 0)
        .map(|k| (days_between(start, schedule::week_due(start, pace, k)), k.to_string()))
        .filter(|(d, _)| *d <= days)
        .collect()
}

/// Calendar weeks from the cohort start, to the end of the chart: a slower
/// learner's plan runs past the roadmap's last week, and the axis goes with it.
pub(super) fn calendar_week_ticks(days: i64) -> Vec<(i64, String)> {
    let weeks = days / 7;
    let step = if weeks > 24 { (weeks + 11) / 12 } else { 1 };
    (1..=weeks).filter(|k| k % step == 0 || *k == weeks).map(|k| (k * 7, k.to_string())).collect()
}

/// Planned vs actual, in percent of all tasks, averaged over learners; from
/// the cohort start to the last due date (or today, when later).
pub(super) fn cohort_burnup(s: &Shared, entries: &[Listed], start: Date) -> String {
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
    actual_to_today(&mut actual, today_off, days, || {
        finishes.iter().map(|f| completed_by(f, s.opts.today)).sum::<usize>() as f64 * 100.0 / n / total
    });
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
        ticks: calendar_week_ticks(days),
        today: (0..=days).contains(&today_off).then_some((today_off, s.t.get("today").map_or("today", String::as_str))),
        series: vec![
            Series { name: s.t.get("planned").map_or("planned", String::as_str), class: "planned", points: planned },
            Series { name: s.t.get("actual").map_or("actual", String::as_str), class: "actual", points: actual },
        ],
    })
}

pub(super) fn roadmap_page(s: &Shared, entries: &[Listed]) -> Value {
    let mut done = vec![0usize; s.order.ids.len()];
    for e in entries {
        for (k, t) in e.part.tasks.iter().enumerate() {
            done[k] += usize::from(*t == State::Done);
        }
    }
    let by_id: HashMap<&str, usize> = s.order.ids.iter().enumerate().map(|(k, id)| (id.as_str(), done[k])).collect();
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
                    let c = completion(&full);
                    context! { title => t.title, url => format!("{}#task-{}", week_url(&w.id), t.id), percent => pct(c * 100.0), level => (c * 4.0).round() as u8, review => t.review, stretch => t.stretch }
                })
                .collect();
            context! { n => i + 1, title => w.title, url => week_url(&w.id), tasks => tasks }
        })
        .collect();
    context! {
        site => s.site, t => s.t_value,
        page => s.page("roadmap/index.html", &s.t("roadmap"), &s.roadmap.summary.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| {
            s.t("desc_roadmap").replace("{roadmap}", &s.roadmap.title).replace("{weeks}", &s.words().count("n_weeks", s.roadmap.weeks.len())).replace("{tasks}", &s.words().count("n_tasks", s.order.ids.len()))
        })),
        summary_html => s.md_fixed(&s.roadmap.summary, 1),
        graph_svg => graph,
        weeks => weeks,
        learners => entries.len(),
    }
}

pub(super) fn week_page(s: &Shared, entries: &[Listed], i: usize) -> Value {
    let w = &s.roadmap.weeks[i];
    let path = week_url(&w.id);
    let title_of = |full: &str| s.roadmap.task(full).map_or(full.to_string(), |t| t.task.title.clone());
    let first = s.first_task(i);
    // Core and stretch hours apart: the week's work is the core; stretch is optional.
    let hours = |stretch: bool| w.tasks.iter().filter(|t| t.stretch == stretch).filter_map(|t| t.hours).sum::<f64>();
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
            let mut finished: Vec<(Date, &Listed)> = entries
                .iter()
                .filter_map(|e| {
                    // The part and the learner are the same reading of the file
                    // (see `listed_entries`): the state from one, the date from the other.
                    let finished = || e.learner.progress.get(&s.order.ids[k]).and_then(|p| p.finished);
                    (e.part.tasks[k] == State::Done).then(|| (finished().unwrap_or(s.opts.today), e))
                })
                .collect();
            finished.sort_by_key(|f| f.0);
            let person = |e: &Listed, date: Option<Date>| {
                Value::from_object(Person { name: e.part.name.clone(), url: e.part.week_link.clone(), date })
            };
            let doing: Vec<Value> = entries
                .iter()
                .filter(|e| matches!(e.part.tasks[k], State::Doing | State::Blocked | State::ChangesRequested))
                .map(|e| person(e, None))
                .collect();
            let p = if entries.is_empty() { 0.0 } else { finished.len() as f64 * 100.0 / entries.len() as f64 };
            context! {
                id => t.id, full_id => full, title => t.title, hours => t.hours.map(charts_num), review => t.review, stretch => t.stretch,
                deliverable_html => t.deliverable.as_deref().map(|d| s.inline_fixed(d)),
                body_html => s.md_fixed(&t.body, 3),
                requires => t.requires.iter().map(|r| link(r)).collect::<Vec<_>>(),
                required_by => required_by,
                finished_by => finished.iter().take(WEEK_NAMES).map(|(d, e)| person(e, Some(*d))).collect::<Vec<_>>(),
                finished_more => finished.len().saturating_sub(WEEK_NAMES),
                doing_more => doing.len().saturating_sub(WEEK_NAMES),
                doing => doing.into_iter().take(WEEK_NAMES).collect::<Vec<_>>(),
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
        page => s.page(&path, &s.week_label(i + 1, &w.title), &w.summary.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| {
            s.words().form("desc_week", w.tasks.len()).replace("{week}", &s.week_label(i + 1, &w.title)).replace("{roadmap}", &s.roadmap.title).replace("{tasks}", &w.tasks.len().to_string())
        })),
        week => context! {
            n => i + 1, id => w.id, title => w.title,
            summary_html => s.md_fixed(&w.summary, 1),
            body_html => s.md_fixed(&w.body, 1),
            topics => w.topics.iter().map(|tp| context! { title => tp.title, body_html => s.md_fixed(&tp.body, 3) }).collect::<Vec<_>>(),
            resources => w.resources.iter().map(|r| context! { title => r.title, url => r.url, kind => r.kind }).collect::<Vec<_>>(),
            checkpoints => w.checkpoints.iter().map(|c| s.inline_fixed(c)).collect::<Vec<_>>(),
            hours => charts_num(hours(false)),
            stretch_hours => charts_num(hours(true)),
            due => schedule::week_due(start, 1.0, i + 1).to_string(),
        },
        tasks => tasks,
        edit_url => week_edit(s, i),
        prev => nav(i.checked_sub(1)),
        next => nav(Some(i + 1)),
    }
}

/// A learner named on a week page: a template value made without copying
/// the name and link a thousand times over.
#[derive(Debug)]
pub(super) struct Person {
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

/// A task as its row on a learner page shows it (and "Now" and the
/// summary's lists): a template value whose fields are looked up by name in
/// a fixed list, not a map built for each of a page's rows.
#[derive(Debug)]
struct TaskRow {
    /// By [`TaskRow::FIELDS`].
    values: [Value; TaskRow::FIELDS.len()],
}

impl TaskRow {
    const FIELDS: [&'static str; 20] = [
        "id",
        "full_id",
        "anchor",
        "title",
        "url",
        "status",
        "status_label",
        "review",
        "stretch",
        "started",
        "blocked_since",
        "finished",
        "hours",
        "evidence",
        "note_html",
        "review_state",
        "review_state_label",
        "reviews",
        "record_url",
        "linked",
    ];

    /// Where `key` is in [`TaskRow::FIELDS`].
    fn index(key: &str) -> Option<usize> {
        Some(match key {
            "id" => 0,
            "full_id" => 1,
            "anchor" => 2,
            "title" => 3,
            "url" => 4,
            "status" => 5,
            "status_label" => 6,
            "review" => 7,
            "stretch" => 8,
            "started" => 9,
            "blocked_since" => 10,
            "finished" => 11,
            "hours" => 12,
            "evidence" => 13,
            "note_html" => 14,
            "review_state" => 15,
            "review_state_label" => 16,
            "reviews" => 17,
            "record_url" => 18,
            "linked" => 19,
            _ => return None,
        })
    }
}

impl minijinja::value::Object for TaskRow {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        TaskRow::index(key.as_str()?).map(|i| self.values[i].clone())
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Str(&TaskRow::FIELDS)
    }
}

pub(super) fn learner_page(s: &Shared, e: &Listed) -> Value {
    let l: &Learner = &e.learner;
    let sc = e.schedule();
    let path = learner_url(&l.id);
    let mentor_name = |id| s.mentor_name(id).to_string();
    // Only the learner can use their "record on GitHub" links: one whose
    // login the workflow knows, whose page is public (an issue is public).
    let record = l.github.is_some() && !l.private;
    // The learner's entries in roadmap order, read once for all below.
    let entries = s.order.entries(&l.progress);
    // Every task as its row shows it, in roadmap order: the weeks and "Now" share them.
    let task_rows: Vec<Value> = s
        .roadmap
        .tasks()
        .enumerate()
        .map(|(k, o)| {
            let t = o.task;
            let tv = &s.task_values[k];
            let pr = entries[k];
            let st = pr.map_or(State::Todo, |p| p.state());
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
                            context! { by => mentor_name(&r.by), date => r.date.to_string(), verdict => verdict, verdict_label => s.t(&format!("verdict_{verdict}")), comment_html => md(&r.comment, 2), private => r.private }
                        })
                        .collect()
                })
                .unwrap_or_default();
            reviews.reverse();
            let date = |d: Option<Date>| Value::from(d.map(|d| d.to_string()));
            Value::from_object(TaskRow {
                values: [
                    tv.id.clone(),
                    tv.full_id.clone(),
                    tv.anchor.clone(),
                    tv.title.clone(),
                    tv.url.clone(),
                    Value::from(st.as_str()),
                    s.status_label(st).clone(),
                    Value::from(t.review),
                    Value::from(t.stretch),
                    date(pr.and_then(|p| p.started)),
                    date(pr.filter(|_| st == State::Blocked).and_then(|p| p.blocked.or(p.started))),
                    date(pr.and_then(|p| p.finished)),
                    Value::from(pr.and_then(|p| p.hours).map(charts_num)),
                    Value::from(
                        pr.map(|p| {
                            p.evidence
                                .iter()
                                .map(|u| Value::from(vec![Value::from(&**u), Value::from(link_text(u)), Value::from(bare_attr(u))]))
                                .collect::<Vec<_>>()
                        })
                        .unwrap_or_default(),
                    ),
                    Value::from(pr.and_then(|p| md(&p.note, 2))),
                    Value::from(review_state_name),
                    Value::from(review_state_name.map(|n| s.t(&format!("review_{n}")))),
                    Value::from(reviews),
                    // A link where there is something to record: a done or skipped
                    // task has none (a page holds one per task left, not per task).
                    if record && !matches!(st, State::Done | State::Skipped) { tv.record.clone() } else { Value::from(()) },
                    // The task's text on its week's page, linked while the row
                    // has something left to do or to review: a finished row names
                    // its task (its week's page is a tap away on the roadmap).
                    Value::from(!matches!(st, State::Done | State::Skipped) || review_state == Some(ReviewState::Awaiting)),
                ],
            })
        })
        .collect();
    // The summary's counts of what is blocked and what awaits review, each
    // item linked to its row.
    let rows_where = |keep: &dyn Fn(&Progress, bool) -> bool| -> Vec<Value> {
        s.roadmap
            .tasks()
            .enumerate()
            .filter(|(k, o)| entries[*k].is_some_and(|p| keep(p, o.task.review)))
            .map(|(k, _)| task_rows[k].clone())
            .collect()
    };
    let blocked = rows_where(&|p, _| p.state() == State::Blocked);
    let awaiting = rows_where(&|p, review| review && p.review_state() == Some(ReviewState::Awaiting));
    let in_now = now::listed(s, &entries);
    let weeks: Vec<Value> = s
        .roadmap
        .weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let first = s.first_task(i);
            let wp = &sc.weeks[i];
            let p = if wp.total == wp.skipped { if wp.total == 0 { 0.0 } else { 100.0 } } else { wp.done as f64 * 100.0 / (wp.total - wp.skipped) as f64 };
            // The week the plan has the learner in today is marked and open; a
            // week is folded only when nothing in it is left to do or to read
            // (a mentor's comment, even on approved work, keeps it open).
            let current = sc.scheduled_week == Some(i);
            let attention = entries[first..first + w.tasks.len()].iter().any(|p| {
                p.is_some_and(|p| {
                    matches!(p.state(), State::Doing | State::Blocked | State::ChangesRequested)
                        || p.reviews.iter().any(|r| r.comment.as_deref().is_some_and(|c| !c.trim().is_empty()))
                })
            });
            let tasks = &task_rows[first..first + w.tasks.len()];
            // A week the learner has recorded nothing in shows the same rows on
            // every learner's page: outside the plan's week and "Now", it lists
            // its tasks in one line, each by its title and "record" link, and
            // leaves the rest to the week's page. On a long roadmap most weeks
            // of most learners are such weeks.
            let range = first..first + w.tasks.len();
            let compact = !current
                && !range.is_empty()
                && entries[range.clone()].iter().all(Option::is_none)
                && !in_now.iter().any(|k| range.contains(k));
            context! {
                n => i + 1, id => w.id, title => w.title, url => format!("../../{}", week_url(&w.id)),
                due => wp.due.to_string(), done => wp.done, skipped => wp.skipped, total => wp.total,
                changes => wp.changes_requested,
                complete => wp.complete(), overdue => !wp.complete() && wp.due < s.opts.today,
                current => current, open => current || attention || !wp.complete(), compact => compact,
                percent => pct(p), bar_svg => charts::progress_bar(p, if wp.complete() { "s-finished" } else { "s-on-track" }, &pct(p)),
                states => week_states(&entries[first..first + w.tasks.len()]),
                tasks => tasks.to_vec(),
            }
        })
        .collect();
    let mut journal: Vec<&crate::model::JournalEntry> = l.journal.iter().collect();
    journal.sort_by_key(|j| std::cmp::Reverse(j.date));
    let journal: Vec<Value> = journal
        .iter()
        .map(|j| context! { date => j.date.to_string(), hours => j.hours.map(charts_num), note_html => md(&j.note, 2) })
        .collect();
    let hours: f64 = l.progress.values().filter_map(|p| p.hours).sum::<f64>()
        + l.journal.iter().filter_map(|j| j.hours).sum::<f64>();
    context! {
        site => s.site, t => s.t_value,
        page => s.page(&path, &l.name, &s.words().form("desc_learner", sc.total)
            .replace("{name}", &l.name)
            .replace("{roadmap}", &s.roadmap.title)
            .replace("{percent}", &pct(sc.percent))
            .replace("{done}", &sc.done.to_string())
            .replace("{total}", &sc.total.to_string())
            .replace("{status}", &s.t(&format!("pace_{}", sc.status.as_str())))),
        learner => e.part.row,
        start => sc.start.to_string(),
        pace => sc.pace,
        planned => whole(sc.planned),
        hours => charts_num(hours),
        github_url => l.github.as_ref().map(|g| format!("https://github.com/{}", g.trim_start_matches('@'))),
        badge => format!("../../{}", badge_url(&l.id)),
        badge_img => badge_img(s, e),
        calendar => calendar_link(s, Some(&l.id), "../../"),
        edit_url => e.part.edit.as_ref().map(|x| x.file.clone()),
        now => now(s, &entries, sc, &task_rows),
        blocked => blocked,
        awaiting => awaiting,
        weeks => weeks,
        journal => journal,
        burnup_svg => learner_burnup(s, e),
        calendar_svg => learner_calendar(s, l, sc),
    }
}

/// An evidence link as a row shows it: the host and the last two steps of
/// the path (`github.com/…/pull/7`), which tell one link from the next;
/// the whole address is the link's (and a printout's).
fn link_text(link: &str) -> String {
    let Ok(url) = url::Url::parse(link) else { return link.to_string() };
    let host = url.host_str().unwrap_or_default();
    let host = host.strip_prefix("www.").unwrap_or(host);
    let steps: Vec<String> = url
        .path_segments()
        .map(|s| {
            s.filter(|s| !s.is_empty())
                .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let n = steps.len();
    let skipped = if n > 2 { "/…" } else { "" };
    let shown: String = steps[n.saturating_sub(2)..].iter().map(|s| format!("/{s}")).collect();
    format!("{host}{skipped}{shown}")
}

/// How many of a week's tasks are in each state, in the legend's order,
/// leaving out those with none: what the week's strip of cells says in words.
/// `entries` are the week's tasks' entries (see [`crate::model::roadmap::TaskOrder::entries`]).
fn week_states(entries: &[Option<&Progress>]) -> Vec<(&'static str, usize)> {
    use State::*;
    let mut counts = [0usize; State::ALL.len()];
    for p in entries {
        counts[p.map_or(Todo, |p| p.state()) as usize] += 1;
    }
    [Done, ChangesRequested, Doing, Blocked, Skipped, Todo]
        .into_iter()
        .map(|st| (st.as_str(), counts[st as usize]))
        .filter(|(_, n)| *n > 0)
        .collect()
}

pub(super) fn learner_burnup(s: &Shared, e: &Listed) -> String {
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
    actual_to_today(&mut actual, today_off, days, || completed_by(finishes, s.opts.today) as f64);
    let desc = s
        .t("burnup_learner_desc")
        .replace("{planned}", &whole(sc.planned).to_string())
        .replace("{actual}", &(sc.done + sc.skipped).to_string())
        .replace("{total}", &sc.total.to_string())
        .replace("{date}", &s.opts.today.to_string());
    charts::line_chart_once(&LineChart {
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

pub(super) fn learner_calendar(s: &Shared, l: &Learner, sc: &Schedule) -> String {
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
        less: &s.t("less"),
        more: &s.t("more"),
    };
    charts::calendar(from, to, &counts, &labels)
}

/// `robots.txt`: the public site may be crawled and names its sitemap; the
/// full view (never to be published) asks not to be.
pub(super) fn robots(s: &Shared) -> String {
    if s.opts.view == View::Full {
        return "User-agent: *\nDisallow: /\n".to_string();
    }
    let mut text = "User-agent: *\nAllow: /\n".to_string();
    if let Some(base) = &s.base_url {
        text.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
    }
    text
}

/// A learner's badge: its label, message and colour.
fn badge_parts(s: &Shared, e: &Listed) -> (String, String, &'static str) {
    let sc = e.schedule();
    let complete = sc.weeks.iter().filter(|w| w.complete()).count();
    let label = s.project.cohort.badge_label.clone().unwrap_or_else(|| s.roadmap.title.clone());
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
    (label, message, color)
}

pub(super) fn badge(s: &Shared, e: &Listed) -> String {
    let (label, message, color) = badge_parts(s, e);
    charts::badge(&label, &message, color)
}

/// What the learner page's `<img>` of the badge says: the badge's own text
/// as its alt text, and the badge's own size.
fn badge_img(s: &Shared, e: &Listed) -> Value {
    let (label, message, _) = badge_parts(s, e);
    context! { alt => format!("{label}: {message}"), width => charts::badge_width(&label, &message), height => 20 }
}

#[cfg(test)]
mod tests {
    use super::{link_text, TaskRow};

    #[test]
    fn a_task_rows_fields_are_found_where_they_are_listed() {
        for (i, field) in TaskRow::FIELDS.iter().enumerate() {
            assert_eq!(TaskRow::index(field), Some(i), "{field}");
        }
        assert_eq!(TaskRow::index("nope"), None);
    }

    #[test]
    fn evidence_shows_its_host_and_the_end_of_its_path() {
        assert_eq!(link_text("https://github.com/kim/infra/pull/7"), "github.com/…/pull/7");
        assert_eq!(link_text("https://www.example.org/a/b/?q=1#x"), "example.org/a/b");
        assert_eq!(link_text("https://example.org/"), "example.org");
        assert_eq!(link_text("https://example.org/wiki/%EB%B0%B0%ED%8F%AC"), "example.org/wiki/배포");
        assert_eq!(link_text("not a url"), "not a url");
    }
}
