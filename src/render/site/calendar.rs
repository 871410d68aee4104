//! The due-date calendars: `learners/<id>/calendar.ics` (each week's due
//! date under the learner's own start and pace) and the cohort's
//! `calendar.ics` (each week's due dates, with who is due then).
//!
//! Events are all-day dates (`DTSTART;VALUE=DATE`), which mean the same day
//! in every time zone; the cohort's zone is named with `X-WR-TIMEZONE`, and
//! `DTSTAMP` is midnight of the plan's start there, in UTC: the same on
//! every build and every day, so a daily rebuild changes no byte until the
//! plan does. UIDs come from the learner and week ids (and the repository or
//! cohort title), so an event keeps its UID when its date moves.

use std::collections::BTreeMap;

use jiff::civil::Date;
use minijinja::{context, Value};

use super::urls::{calendar_url, learner_url, pretty, urn, week_url, CALENDAR_FILE};
use super::{Listed, Shared};
use crate::model::Learner;
use crate::render::ics::Ics;
use crate::schedule::{self, add_days};

/// Midnight of `date` in `tz`, in UTC, as an iCalendar DATE-TIME.
fn stamp(date: Date, tz: &jiff::tz::TimeZone) -> String {
    date.to_zoned(tz.clone())
        .map(|z| z.timestamp().strftime("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_else(|_| format!("{}T000000Z", date.strftime("%Y%m%d")))
}

fn ics_date(date: Date) -> String {
    date.strftime("%Y%m%d").to_string()
}

/// What makes UIDs of this cohort differ from another's that uses the same ids.
fn scope<'a>(s: &Shared<'a>) -> &'a str {
    s.project.cohort.repo.as_deref().unwrap_or(&s.project.cohort.title)
}

fn uid(key: &str) -> String {
    format!("{}@waymark", urn(key).trim_start_matches("urn:uuid:"))
}

/// The calendar's head: what a calendar app names it, its zone, and how
/// often a subscription should look again.
fn head(s: &Shared, name: &str, tz: &str, page: &str, path: &str) -> Ics {
    let mut ics = Ics::new();
    ics.raw("BEGIN", "VCALENDAR");
    ics.raw("VERSION", "2.0");
    ics.raw("PRODID", "-//waymark//waymark due dates//EN");
    ics.raw("CALSCALE", "GREGORIAN");
    ics.text("NAME", name);
    ics.text("X-WR-CALNAME", name);
    ics.raw("X-WR-TIMEZONE", tz);
    ics.raw("REFRESH-INTERVAL;VALUE=DURATION", "P1D");
    ics.raw("X-PUBLISHED-TTL", "P1D");
    if let Some(base) = &s.base_url {
        ics.raw("URL", &format!("{base}{}", pretty(page)));
        ics.raw("SOURCE;VALUE=URI", &format!("{base}{path}"));
    }
    ics
}

/// One all-day event: week `week` due on `date`.
struct Due<'a> {
    /// What its UID is made from.
    key: String,
    dtstamp: &'a str,
    week: usize,
    date: Date,
    summary: String,
    /// A paragraph of the description after the week's summary (or "").
    extra: String,
}

/// An event, linking the week's page.
fn event(s: &Shared, ics: &mut Ics, d: &Due) {
    event_head(ics, &d.key, d.dtstamp, d.date);
    ics.lines(&event_tail(s, d.week, &d.summary, &d.extra, true));
}

/// The event's first lines: its UID and dates.
fn event_head(ics: &mut Ics, key: &str, dtstamp: &str, due: Date) {
    ics.raw("BEGIN", "VEVENT");
    ics.raw("UID", &uid(key));
    ics.raw("DTSTAMP", dtstamp);
    ics.raw("DTSTART;VALUE=DATE", &ics_date(due));
    ics.raw("DTEND;VALUE=DATE", &ics_date(add_days(due, 1)));
}

/// The event's lines after its dates: what it says and links, which for a
/// learner's calendar is the same in every one. A learner's calendar
/// (`whole` false: one file per learner, kept within a 4 KiB block) leaves
/// the week's summary to the week's page, which its description links, and
/// has no `URL` property beside that link; the cohort's calendar has both.
fn event_tail(s: &Shared, week: usize, summary: &str, extra: &str, whole: bool) -> String {
    let w = &s.roadmap.weeks[week];
    let url = s.base_url.as_ref().map(|b| format!("{b}{}", pretty(&week_url(&w.id))));
    let mut description: Vec<String> = Vec::new();
    if let Some(text) = w.summary.as_deref().filter(|t| whole && !t.trim().is_empty()) {
        description.push(text.trim().to_string());
    }
    if !extra.is_empty() {
        description.push(extra.to_string());
    }
    if let Some(url) = &url {
        description.push(url.clone());
    }
    let mut ics = Ics::new();
    ics.text("SUMMARY", summary);
    if !description.is_empty() {
        ics.text("DESCRIPTION", &description.join("\n\n"));
    }
    if let Some(url) = url.as_ref().filter(|_| whole) {
        ics.raw("URL;VALUE=URI", url);
    }
    ics.raw("TRANSP", "TRANSPARENT");
    ics.raw("END", "VEVENT");
    ics.finish()
}

/// "Week 2 due: Docker": an event's title.
fn due_title(s: &Shared, i: usize) -> String {
    let w = &s.roadmap.weeks[i];
    s.t("calendar_event")
        .replace("{week}", &s.t("week_n").replace("{n}", &(i + 1).to_string()))
        .replace("{title}", &w.title)
}

/// A learner's calendar: one event per week, on its due date for them.
pub(super) fn learner_calendar_ics(s: &Shared, e: &Listed) -> Vec<u8> {
    let l: &Learner = &e.learner;
    let sc = e.schedule();
    let tz_name = &s.project.cohort.timezone;
    let tz = jiff::tz::TimeZone::get(tz_name).unwrap_or(jiff::tz::TimeZone::UTC);
    let name = s.t("calendar_name").replace("{title}", &s.project.cohort.title).replace("{name}", &l.name);
    let mut ics = head(s, &name, tz_name, &learner_url(&l.id), &calendar_url(Some(&l.id)));
    let dtstamp = stamp(sc.start, &tz);
    let tails = s
        .learner_events
        .get_or_init(|| (0..s.roadmap.weeks.len()).map(|i| event_tail(s, i, &due_title(s, i), "", false)).collect());
    for (i, w) in sc.weeks.iter().enumerate() {
        let key = format!("calendar/{}/{}/{}", scope(s), l.id, s.roadmap.weeks[i].id);
        event_head(&mut ics, &key, &dtstamp, w.due);
        ics.lines(&tails[i]);
    }
    ics.raw("END", "VCALENDAR");
    ics.finish().into_bytes()
}

/// The cohort's calendar: for each week, an event on each day some learner
/// has it due, naming who. The cohort's own plan (its start, one week a
/// week) is always there, so the calendar is never empty.
pub(super) fn cohort_calendar_ics(s: &Shared, entries: &[Listed]) -> Vec<u8> {
    let tz_name = &s.project.cohort.timezone;
    let tz = jiff::tz::TimeZone::get(tz_name).unwrap_or(jiff::tz::TimeZone::UTC);
    let start = cohort_start(s, entries);
    let name = s.t("calendar_cohort_name").replace("{title}", &s.project.cohort.title);
    let mut ics = head(s, &name, tz_name, "index.html", &calendar_url(None));
    let dtstamp = stamp(start, &tz);
    for i in 0..s.roadmap.weeks.len() {
        // Due date → who is due then (entries are in id order).
        let mut days: BTreeMap<Date, Vec<&str>> = BTreeMap::new();
        days.entry(schedule::week_due(start, 1.0, i + 1)).or_default();
        for e in entries {
            days.entry(e.schedule().weeks[i].due).or_default().push(e.learner.name.as_str());
        }
        for (due, names) in days {
            let key = format!("calendar/{}/cohort/{}/{due}", scope(s), s.roadmap.weeks[i].id);
            let who = if names.is_empty() {
                String::new()
            } else {
                s.t("calendar_due_for").replace("{names}", &names.join(", "))
            };
            let title = match names.len() {
                0 => due_title(s, i),
                1..=3 => format!("{} · {}", due_title(s, i), names.join(", ")),
                n => format!("{} · {}", due_title(s, i), s.words().count("calendar_n_learners", n)),
            };
            event(s, &mut ics, &Due { key, dtstamp: &dtstamp, week: i, date: due, summary: title, extra: who });
        }
    }
    ics.raw("END", "VCALENDAR");
    ics.finish().into_bytes()
}

/// What a page shows of a calendar: where it is, and its `webcal:` address
/// to subscribe to when the site has a `base_url`.
pub(super) fn calendar_link(s: &Shared, id: Option<&str>, rel: &str) -> Value {
    let path = calendar_url(id);
    let https = s.base_url.as_ref().map(|b| format!("{b}{path}"));
    let webcal = https.as_ref().and_then(|u| u.split_once("://")).map(|(_, rest)| format!("webcal://{rest}"));
    // A learner's calendar sits beside their page.
    let url = if id.is_some() { CALENDAR_FILE.to_string() } else { format!("{rel}{path}") };
    context! { url => url, https => https, webcal => webcal }
}

/// The day the cohort starts: cohort.yaml's `start`, else the earliest
/// learner's start, else today.
pub(super) fn cohort_start(s: &Shared, entries: &[Listed]) -> Date {
    s.project.cohort.start.or_else(|| entries.iter().map(|e| e.schedule().start).min()).unwrap_or(s.opts.today)
}
