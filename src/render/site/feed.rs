//! The Atom feed of recent activity, and the sitemap.

use super::*;

/// A progress event for the Atom feed.
#[derive(Serialize)]
pub(super) struct Event {
    id: String,
    date: String,
    title: String,
    link: String,
    summary: String,
}

/// A learner's feed event, by the indices of what it is about: a task in
/// roadmap order, a review of it, or a journal entry.
#[derive(Clone, Copy, Debug)]
pub(super) enum EventRef {
    Started(usize),
    Done(usize),
    Review(usize, usize),
    Journal(usize),
}

impl EventRef {
    /// The order of one learner's events on the same day.
    pub(super) fn order(self) -> (usize, u8, usize) {
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
pub(super) fn feed(s: &Shared, entries: &[Listed]) -> Value {
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
pub(super) fn done_summary(p: &crate::model::learner::Progress) -> String {
    let mut summary = md(&p.note, 2).unwrap_or_default();
    for e in &p.evidence {
        summary.push_str(&markdown::clean(&format!("<p><a href=\"{0}\">{0}</a></p>", crate::html::esc(e))));
    }
    summary
}

pub(super) fn sitemap(s: &Shared, entries: &[Listed]) -> Value {
    let base = s.base_url.clone().unwrap_or_default();
    let mut urls = vec![base.clone(), format!("{base}roadmap/"), format!("{base}reviews/")];
    urls.extend(s.roadmap.weeks.iter().map(|w| format!("{base}{}", pretty(&week_url(&w.id)))));
    urls.extend(entries.iter().map(|e| format!("{base}{}", pretty(&learner_url(&e.learner.id)))));
    context! { urls => urls, today => s.opts.today.to_string() }
}
