//! The Atom feed of recent activity, and the sitemap.

use jiff::civil::Date;
use minijinja::{context, Value};
use serde::Serialize;

use super::urls::{learner_url, pretty, urn, week_url};
use super::{md, Listed, Shared, FEED_EVENTS};
use crate::model::{Learner, State, Verdict};
use crate::render::markdown;

/// A progress event for the Atom feed.
#[derive(Serialize)]
pub(super) struct Event {
    id: String,
    /// RFC 3339 in the cohort's time zone (see [`stamp`]).
    updated: String,
    title: String,
    link: String,
    summary: String,
}

/// A learner's feed event, by the indices of what it is about: a task in
/// roadmap order, a review of it, or a journal entry. Each learner's part
/// keeps up to 100 of them as long as `serve` runs: 32-bit indices halve
/// what they weigh.
#[derive(Clone, Copy, Debug)]
pub(super) enum EventRef {
    Started(u32),
    Done(u32),
    Review(u32, u32),
    Journal(u32),
}

impl EventRef {
    /// The order of one learner's events on the same day.
    pub(super) fn order(self) -> (u32, u8, u32) {
        match self {
            EventRef::Done(k) => (k, 0, 0),
            EventRef::Review(k, i) => (k, 1, i),
            EventRef::Started(k) => (k, 2, 0),
            EventRef::Journal(i) => (u32::MAX, 3, i),
        }
    }

    /// The event for task `k`'s start or end, review `i` of it, or journal entry `i`.
    pub(super) fn started(k: usize) -> EventRef {
        EventRef::Started(index(k))
    }

    pub(super) fn done(k: usize) -> EventRef {
        EventRef::Done(index(k))
    }

    pub(super) fn review(k: usize, i: usize) -> EventRef {
        EventRef::Review(index(k), index(i))
    }

    pub(super) fn journal(i: usize) -> EventRef {
        EventRef::Journal(index(i))
    }

    /// The event with its indices as the lists are indexed.
    fn at(self) -> At {
        let i = |n: u32| n as usize;
        match self {
            EventRef::Started(k) => At::Started(i(k)),
            EventRef::Done(k) => At::Done(i(k)),
            EventRef::Review(k, r) => At::Review(i(k), i(r)),
            EventRef::Journal(j) => At::Journal(i(j)),
        }
    }
}

/// An [`EventRef`] with its indices as the lists are indexed (see [`EventRef::at`]).
enum At {
    Started(usize),
    Done(usize),
    Review(usize, usize),
    Journal(usize),
}

/// An index as an event keeps it (a roadmap, a task's reviews or a journal
/// of four billion entries cannot be read into memory).
fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The newest events of all learners: newest first, then by learner id, then
/// in each learner's own order. Each learner's part keeps only their newest
/// 100, since no older one of theirs can make the cut.
pub(super) fn feed(s: &Shared, entries: &[Listed]) -> Value {
    let link = |path: &str| match &s.base_url {
        Some(b) => format!("{b}{}", path.trim_end_matches("index.html")),
        None => path.to_string(),
    };
    // The newest so far, oldest on top: a cohort's events are never all
    // held at once, and a learner's (newest first) are left at the first
    // that cannot make the cut.
    let mut newest: std::collections::BinaryHeap<(std::cmp::Reverse<Date>, usize, usize)> =
        std::collections::BinaryHeap::with_capacity(FEED_EVENTS + 1);
    for (i, e) in entries.iter().enumerate() {
        for (n, (d, _)) in e.part.events.iter().enumerate() {
            let pick = (std::cmp::Reverse(*d), i, n);
            if newest.len() == FEED_EVENTS && newest.peek().is_some_and(|top| pick >= *top) {
                break;
            }
            newest.push(pick);
            if newest.len() > FEED_EVENTS {
                newest.pop();
            }
        }
    }
    let picks = newest.into_sorted_vec();
    // A learner whose texts were let go of (see [`Learner::thin`]) is read
    // from their file again, once, for the notes and comments of the feed.
    let mut reread: std::collections::HashMap<usize, Learner> = std::collections::HashMap::new();
    for &(_, i, _) in &picks {
        let l = &entries[i].learner;
        if l.thinned && !reread.contains_key(&i) {
            let again = s.again.and_then(|again| again(&l.id).ok());
            if let Some(full) = again.as_ref().and_then(|full| super::listed(full, s.opts)) {
                reread.insert(i, full.into_owned());
            }
        }
    }
    let title = |k: usize| s.roadmap.tasks().nth(k).map_or_else(String::new, |t| t.task.title.clone());
    // Where a task sits: "Week 2 · Docker", the summary of an event that has no text of its own.
    let week_of = |k: usize| {
        let w = s.roadmap.tasks().nth(k).map(|t| t.week.id.as_str());
        let i = s.roadmap.weeks.iter().position(|x| Some(x.id.as_str()) == w).unwrap_or(0);
        s.roadmap.weeks.get(i).map_or_else(String::new, |w| s.week_label(i + 1, &w.title))
    };
    let plain = |text: &str| format!("<p>{}</p>", crate::html::esc(text));
    let tz = jiff::tz::TimeZone::get(&s.project.cohort.timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    let mut day: Option<(Date, i64)> = None;
    let events: Vec<Event> = picks
        .into_iter()
        .map(|(std::cmp::Reverse(date), i, n)| {
            let rank = match day {
                Some((d, r)) if d == date => r + 1,
                _ => 0,
            };
            day = Some((date, rank));
            let l: &Learner = reread.get(&i).unwrap_or(&entries[i].learner);
            let (_, event) = entries[i].part.events[n];
            let progress = |k: usize| l.progress.get(s.order.ids[k].as_str());
            let (key, text, summary) = match event.at() {
                At::Started(k) => (
                    format!("{}/{}/started/{date}", l.id, s.order.ids[k]),
                    s.t("event_started").replace("{name}", &l.name).replace("{task}", &title(k)),
                    plain(&week_of(k)),
                ),
                At::Done(k) => (
                    format!("{}/{}/done/{date}", l.id, s.order.ids[k]),
                    // Work sent back with changes requested was handed in, not finished.
                    s.t(match progress(k).map(|p| p.state()) {
                        Some(State::ChangesRequested) => "event_submitted",
                        _ => "event_done",
                    })
                    .replace("{name}", &l.name)
                    .replace("{task}", &title(k)),
                    progress(k).map(done_summary).filter(|t| !t.is_empty()).unwrap_or_else(|| plain(&week_of(k))),
                ),
                At::Review(k, ri) => {
                    let r = progress(k).and_then(|p| p.reviews.get(ri));
                    let by = r.map_or("", |r| &*r.by);
                    let verdict = match r.map(|r| r.verdict) {
                        Some(Verdict::Changes) => "event_changes",
                        _ => "event_approved",
                    };
                    let mentor = s.mentor_name(by).to_string();
                    let text = s
                        .t(verdict)
                        .replace("{mentor}", &mentor)
                        .replace("{name}", &l.name)
                        .replace("{task}", &title(k));
                    let summary = r.and_then(|r| md(&r.comment, 2)).unwrap_or_else(|| plain(&week_of(k)));
                    // A second review by the same mentor on the same day is an entry of its own.
                    let before = progress(k).map_or(0, |p| {
                        p.reviews[..ri.min(p.reviews.len())].iter().filter(|o| *o.by == *by && o.date == date).count()
                    });
                    let again = if before == 0 { String::new() } else { format!("-{}", before + 1) };
                    (format!("{}/{}/review-{by}{again}/{date}", l.id, s.order.ids[k]), text, summary)
                }
                At::Journal(ji) => {
                    let j = l.journal.get(ji);
                    let hours = j.and_then(|j| j.hours).map(|h| h.to_string()).unwrap_or_default();
                    let text =
                        s.words().form("event_journal", &hours).replace("{name}", &l.name).replace("{hours}", &hours);
                    let summary = j.and_then(|j| md(&j.note, 2)).unwrap_or_else(|| plain(&text));
                    (format!("{}/journal/{ji}/{date}", l.id), text, summary)
                }
            };
            Event {
                id: urn(&key),
                updated: stamp(date, rank, &tz),
                title: text,
                link: link(&learner_url(&l.id)),
                summary,
            }
        })
        .collect();
    let updated = events.first().map_or_else(|| stamp(s.opts.today, 0, &tz), |e| e.updated.clone());
    context! {
        site => s.site, t => s.t_value,
        feed_id => urn(&format!("feed/{}", s.project.cohort.title)),
        self_url => s.base_url.as_ref().map(|b| format!("{b}feed.xml")),
        home_url => s.base_url.clone().unwrap_or_else(|| "index.html".into()),
        updated => updated,
        events => events,
    }
}

/// An event's `updated`. The files record dates, not times, so the time is
/// made up, the same on every build: noon of that day in the cohort's time
/// zone (so that the day reads right in nearby zones too) for the first event
/// of the day in feed order, a second earlier for each next one — every
/// entry has its own instant, in the order the feed lists them.
pub(super) fn stamp(date: Date, rank: i64, tz: &jiff::tz::TimeZone) -> String {
    let noon = date.at(12, 0, 0, 0);
    let at = noon.checked_sub(jiff::Span::new().seconds(rank.clamp(0, 43_199))).unwrap_or(noon);
    match at.to_zoned(tz.clone()) {
        Ok(z) => z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        Err(_) => format!("{date}T12:00:00Z"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_noon_in_the_zone_a_second_earlier_per_rank() {
        let ny = jiff::tz::TimeZone::get("America/New_York").unwrap();
        let d = jiff::civil::date(2026, 7, 1);
        assert_eq!(stamp(d, 0, &ny), "2026-07-01T12:00:00-04:00");
        assert_eq!(stamp(d, 61, &ny), "2026-07-01T11:58:59-04:00");
        // Winter time in the same zone.
        assert_eq!(stamp(jiff::civil::date(2026, 12, 1), 0, &ny), "2026-12-01T12:00:00-05:00");
        assert_eq!(stamp(d, 0, &jiff::tz::TimeZone::UTC), "2026-07-01T12:00:00+00:00");
    }
}
