//! The data exports: progress.json and progress.csv.

use std::borrow::Cow;
use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::{Listed, Shared};
use crate::model::{Learner, ReviewState, State};
use crate::schedule::Schedule;

/// A learner in `progress.json`. Fields in alphabetical order: the file has
/// always listed keys that way.
#[derive(Serialize)]
pub(super) struct JsonLearner<'a> {
    behind_by: u32,
    changes_requested: usize,
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

/// One learner's object on a line of its own, indented as an item of
/// `learners`: the file reads and diffs a learner a line, and a cohort of
/// 10,000 weighs a third less than with a key a line.
pub(super) fn progress_json_part(s: &Shared, e: &Listed) -> String {
    let (l, sc): (&Learner, &Schedule) = (&e.learner, e.schedule());
    let learner = JsonLearner {
        behind_by: sc.behind_by,
        changes_requested: sc.changes_requested,
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
        // Where the learner stands on each task: their part has it already.
        tasks: s.order.ids.iter().zip(&e.part.tasks).map(|(id, st)| (id.as_str(), st.as_str())).collect(),
        total: sc.total,
        weeks_per_week: sc.pace,
    };
    format!("    {}", serde_json::to_string(&learner).unwrap_or_default())
}

/// `{"as_of", "learners", "schema"}`, pretty-printed, in pieces: each
/// learner's object is made as it is written rather than kept with their
/// part (at 10,000 learners the exports' rows are over 100 MB).
pub(super) fn progress_json<'a>(s: &'a Shared, entries: &'a [Listed]) -> impl Iterator<Item = Vec<u8>> + 'a {
    let as_of = serde_json::to_string(&s.opts.today.to_string()).unwrap_or_default();
    let head = format!("{{\n  \"as_of\": {as_of},\n  \"learners\": [").into_bytes();
    let objects = entries.chunks(export_chunk(s)).enumerate().map(move |(c, chunk)| {
        let mut text = String::new();
        for (i, e) in chunk.iter().enumerate() {
            text.push_str(if c == 0 && i == 0 { "\n" } else { ",\n" });
            text.push_str(&progress_json_part(s, e));
        }
        text.into_bytes()
    });
    let tail = if entries.is_empty() { "],\n" } else { "\n  ],\n" };
    std::iter::once(head).chain(objects).chain(std::iter::once(format!("{tail}  \"schema\": 1\n}}\n").into_bytes()))
}

/// Spreadsheets run cells that start with these as formulas; a leading `'` keeps them text.
pub(super) fn cell(v: &str) -> Cow<'_, str> {
    if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{v}"))
    } else {
        Cow::Borrowed(v)
    }
}

pub(super) const CSV_HEADER: [&str; 13] = [
    "learner", "name", "mentor", "week", "task", "title", "status", "started", "finished", "hours", "evidence",
    "review", "stretch",
];

/// A UTF-8 byte-order mark: without it Excel reads the file in the system's
/// code page (mojibake for every Korean name on a Korean Windows).
const BOM: &[u8] = "\u{feff}".as_bytes();

/// RFC 4180 as Excel expects it: CRLF line ends.
fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new())
}

pub(super) fn progress_csv<'a>(s: &'a Shared, entries: &'a [Listed]) -> impl Iterator<Item = Vec<u8>> + 'a {
    let mut w = csv_writer();
    let _ = w.write_record(CSV_HEADER);
    let mut head = BOM.to_vec();
    head.extend(w.into_inner().unwrap_or_default());
    // Made as they are written, as the JSON's objects.
    let rows = entries
        .chunks(export_chunk(s))
        .map(move |chunk| chunk.iter().flat_map(|e| progress_csv_part(s, &e.learner)).collect());
    std::iter::once(head).chain(rows)
}

/// Learners whose rows of an export are made at a time: 256 on a roadmap of
/// 60 tasks, fewer on a longer one, so that what is held while it is packed
/// (a row per learner and task) stays the same size.
fn export_chunk(s: &Shared) -> usize {
    const ROWS: usize = 256 * 60;
    (ROWS / s.order.ids.len().max(1)).clamp(1, 256)
}

/// One learner's rows of `progress.csv`.
pub(super) fn progress_csv_part(s: &Shared, l: &Learner) -> Vec<u8> {
    let mut w = csv_writer();
    let entries = s.order.entries(&l.progress);
    for ((t, full), p) in s.roadmap.tasks().zip(&s.order.ids).zip(entries) {
        // Changes asked for count on any task; awaiting and approved only where a review is needed.
        let review = p.and_then(|p| p.review_state()).filter(|r| t.task.review || *r == ReviewState::ChangesRequested);
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
                Cow::Borrowed(p.map_or(State::Todo, |p| p.state()).as_str()),
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
}
