//! Every picture on the site, drawn as inline SVG from data: progress bars,
//! burn-up charts, the activity calendar, the roadmap graph and README
//! badges. Colours come from CSS classes (so dark mode and print work), except
//! in badges, which are standalone files. Each chart carries a text
//! alternative (`role="img"`, `<title>`, `<desc>`; the roadmap graph, which
//! holds links, is a `role="group"` labelled the same way).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::civil::Date;

use crate::html::{esc, esc_into};
use crate::schedule::{add_days, days_between};

mod roadmap_graph;

pub use roadmap_graph::{roadmap_graph, GraphNode, GraphText, GraphWeek};
#[cfg(test)]
use roadmap_graph::{rounded_path, wrap_lines};

/// A coordinate to one decimal, without the general float formatter: the
/// same text as `{:.1}` for numbers with at most one decimal (calendar cells
/// sit on whole pixels), and the nearest tenth for others (chart lines), which
/// may differ from `{:.1}` in the last digit where a number is a hair from
/// half a tenth.
struct F1(f64);

impl std::fmt::Display for F1 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round();
        if tenths.is_nan() || tenths.abs() >= 1e15 {
            return write!(f, "{:.1}", self.0);
        }
        let t = tenths as i64;
        // Written from the right into a buffer: the tenth, the point, the
        // whole part, the sign (charts hold thousands of coordinates, and
        // this is cheaper than the formatter's machinery).
        let mut text = [0u8; 24];
        let mut at = text.len();
        let mut push = |b: u8| {
            at -= 1;
            text[at] = b;
        };
        let mut n = t.unsigned_abs();
        push(b'0' + (n % 10) as u8);
        push(b'.');
        loop {
            n /= 10;
            push(b'0' + (n % 10) as u8);
            if n < 10 {
                break;
            }
        }
        if t < 0 || (t == 0 && self.0.is_sign_negative()) {
            push(b'-');
        }
        f.write_str(std::str::from_utf8(&text[at..]).unwrap_or_default())
    }
}

/// Approximate rendered width of `s` in pixels at `size` px (wide CJK glyphs count double).
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| if unicode_width::UnicodeWidthChar::width(c).unwrap_or(1) >= 2 { size } else { size * 0.58 })
        .sum()
}

/// `s` cut to fit `max` pixels, with an ellipsis when cut.
pub fn fit(s: &str, size: f64, max: f64) -> String {
    if text_width(s, size) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let budget = max - text_width("…", size);
    for c in s.chars() {
        if text_width(&out, size) + text_width(&c.to_string(), size) > budget {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A horizontal bar filled to `percent`; `class` colours the fill.
pub fn progress_bar(percent: f64, class: &str, label: &str) -> String {
    let p = percent.clamp(0.0, 100.0);
    format!(
        "<svg class=\"bar\" viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{}\">\
         <rect class=\"bar-track\" width=\"100\" height=\"8\"/><rect class=\"bar-fill {}\" width=\"{}\" height=\"8\"/></svg>",
        esc(label),
        esc(class),
        num(p)
    )
}

/// One line of a line chart: points are (day offset from the chart start, value).
pub struct Series<'a> {
    pub name: &'a str,
    pub class: &'a str,
    pub points: Vec<(i64, f64)>,
}

/// A burn-up chart: one or more series over days, a marker for today, week ticks.
pub struct LineChart<'a> {
    pub title: &'a str,
    pub desc: String,
    pub days: i64,
    pub y_max: f64,
    pub y_suffix: &'a str,
    /// (day offset, label) under the x axis.
    pub ticks: Vec<(i64, String)>,
    pub today: Option<(i64, &'a str)>,
    pub series: Vec<Series<'a>>,
}

/// The chart twice: a wide drawing and a narrow one with the same text at a
/// size that stays legible on a phone; the stylesheet shows the one that
/// fits its box (a container query), so neither is shrunk to illegibility.
pub fn line_chart(c: &LineChart) -> String {
    let mut s = line_chart_sized(c, ChartSize { w: 640.0, h: 250.0, left: 46.0, class: "wide" });
    s.push_str(&line_chart_sized(c, NARROW));
    s
}

/// The chart once, drawn for a phone's width, which the stylesheet lets
/// grow with its box up to a limit: for pages there is one of per learner,
/// where a second drawing would be a fifth of the page.
pub fn line_chart_once(c: &LineChart) -> String {
    line_chart_sized(c, ChartSize { class: "fit", ..NARROW })
}

const NARROW: ChartSize = ChartSize { w: 320.0, h: 220.0, left: 44.0, class: "narrow" };

struct ChartSize {
    w: f64,
    h: f64,
    left: f64,
    class: &'static str,
}

fn line_chart_sized(c: &LineChart, size: ChartSize) -> String {
    let ChartSize { w, h, left: l, class } = size;
    // The top margin holds the legend, and under it the today label.
    let (r, t, b) = (14.0, 42.0, 30.0);
    let days = c.days.max(1) as f64;
    let y_max = if c.y_max > 0.0 { c.y_max } else { 1.0 };
    let x = |d: i64| l + (d as f64 / days).clamp(0.0, 1.0) * (w - l - r);
    let y = |v: f64| t + (1.0 - (v / y_max).clamp(0.0, 1.0)) * (h - t - b);
    let mut s = String::new();
    let id = format!("{}{class}", chart_id(c.title));
    let _ = write!(
        s,
        "<svg class=\"chart burnup {class}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(c.title),
        esc(&c.desc),
    );
    // The grid and the ticks are a path each, and each axis's labels a
    // group: one per learner page, they are drawn in as few bytes as they can.
    let step = nice_step(y_max / 4.0);
    let (mut grid, mut labels) = (String::new(), String::new());
    let mut v = 0.0;
    while v <= y_max + 1e-9 {
        let yy = y(v);
        let _ = write!(grid, "M{l} {}H{}", num(yy), w - r);
        let _ = write!(labels, "<text x=\"{}\" y=\"{}\">{}{}</text>", l - 6.0, num(yy + 4.0), num(v), esc(c.y_suffix));
        v += step;
    }
    let _ = write!(s, "<path class=\"grid\" d=\"{grid}\"/><g class=\"axis\" text-anchor=\"end\">{labels}</g>");
    // Every tick gets its line; labels are left out where they would touch
    // the one before (the last one is always labelled: it ends the axis).
    let mut last_label: Option<f64> = None;
    let label_gap = |label: &str| text_width(label, 12.0) + 8.0;
    let labelled: Vec<bool> = {
        let mut keep = vec![false; c.ticks.len()];
        let last_x = c.ticks.last().map(|(d, _)| x(*d));
        for (i, (d, label)) in c.ticks.iter().enumerate() {
            let xx = x(*d);
            let clear_before = last_label.is_none_or(|p| xx - p >= label_gap(label));
            let is_last = i + 1 == c.ticks.len();
            let clear_after = is_last || last_x.is_none_or(|lx| lx - xx >= label_gap(label));
            if clear_before && clear_after {
                keep[i] = true;
                last_label = Some(xx);
            }
        }
        keep
    };
    let (mut ticks, mut labels) = (String::new(), String::new());
    for ((d, label), show) in c.ticks.iter().zip(labelled) {
        let xx = x(*d);
        let _ = write!(ticks, "M{} {}v4", num(xx), h - b);
        if show {
            let _ = write!(labels, "<text x=\"{}\" y=\"{}\">{}</text>", num(xx), h - b + 18.0, esc(label));
        }
    }
    if !ticks.is_empty() {
        let _ = write!(s, "<path class=\"tick\" d=\"{ticks}\"/><g class=\"axis\" text-anchor=\"middle\">{labels}</g>");
    }
    if let Some((d, label)) = c.today {
        let xx = x(d);
        // The label stays inside the picture near either edge.
        let half = text_width(label, 12.0) / 2.0;
        let lx = xx.clamp(half + 2.0, w - half - 2.0);
        let _ = write!(
            s,
            "<line class=\"today\" x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"{t}\" y2=\"{}\"/>\
             <text class=\"today-label\" x=\"{lx:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            h - b,
            t - 5.0,
            esc(label)
        );
    }
    for series in &c.series {
        if series.points.is_empty() {
            continue;
        }
        let mut d = String::new();
        // A line of one point (the first day) is drawn as a dot: the
        // line's round cap on a segment of no length.
        let one = [series.points[0], series.points[0]];
        let points = if series.points.len() == 1 { &one[..] } else { &series.points[..] };
        let at: Vec<(f64, f64)> = points.iter().map(|(day, v)| (x(*day), y(*v))).collect();
        line_path(&mut d, corners(&at));
        let _ = write!(s, "<path class=\"line {}\" d=\"{d}\"/>", esc(series.class));
    }
    // Legend, top left.
    let mut lx = l;
    for series in &c.series {
        let _ = write!(
            s,
            "<line class=\"line {}\" x1=\"{lx}\" x2=\"{}\" y1=\"11\" y2=\"11\"/><text class=\"legend\" x=\"{}\" y=\"15\">{}</text>",
            esc(series.class),
            lx + 18.0,
            lx + 23.0,
            esc(series.name)
        );
        lx += 23.0 + text_width(series.name, 12.5) + 18.0;
    }
    s.push_str("</svg>");
    s
}

/// A polyline as path data in tenths of a pixel: `M` to its first point, then
/// each step from the last one, relative (`h` for a flat step, `v` for an
/// upright one, `l` otherwise). Steps are taken between rounded points, so
/// the line ends where its last point rounds to, with no drift.
fn line_path(d: &mut String, points: impl Iterator<Item = (f64, f64)>) {
    let tenths = |v: f64| (v * 10.0).round() as i64;
    let mut last: Option<(i64, i64)> = None;
    for (px, py) in points {
        let (tx, ty) = (tenths(px), tenths(py));
        match last {
            None => {
                let _ = write!(d, "M{} {}", Tenths(tx), Tenths(ty));
            }
            Some((lx, ly)) if ty == ly && tx != lx => {
                let _ = write!(d, "h{}", Tenths(tx - lx));
            }
            Some((lx, ly)) if tx == lx && ty != ly => {
                let _ = write!(d, "v{}", Tenths(ty - ly));
            }
            Some((lx, ly)) => {
                let dy = Tenths(ty - ly);
                let sep = if ty < ly { "" } else { " " };
                let _ = write!(d, "l{}{sep}{dy}", Tenths(tx - lx));
            }
        }
        last = Some((tx, ty));
    }
}

/// A number of tenths as a coordinate: `75` is `7.5`, `-20` is `-2`.
struct Tenths(i64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (sign, t) = if self.0 < 0 { ("-", -self.0) } else { ("", self.0) };
        match t % 10 {
            0 => write!(f, "{sign}{}", t / 10),
            r => write!(f, "{sign}{}.{r}", t / 10),
        }
    }
}

/// The points a polyline needs: its ends and where it turns. A burn-up is
/// a day's sample at a time, mostly straight runs (the plan) and flat
/// ones (the work), and every point on a straight run is bytes for nothing.
fn corners(at: &[(f64, f64)]) -> impl Iterator<Item = (f64, f64)> + '_ {
    let mut last: Option<(f64, f64)> = None;
    at.iter().enumerate().filter_map(move |(i, &p)| {
        let keep = match (last, at.get(i + 1)) {
            // Kept when it lies off the line from the last kept point to the
            // next by more than the 0.1 the path is written to.
            (Some(a), Some(&b)) => {
                let cross = (p.0 - a.0) * (b.1 - a.1) - (p.1 - a.1) * (b.0 - a.0);
                cross.abs() > 0.05 * (b.0 - a.0).hypot(b.1 - a.1)
            }
            _ => true,
        };
        keep.then(|| {
            last = Some(p);
            p
        })
    })
}

/// A round step (1, 2, 2.5 or 5 times a power of ten) near `raw`, for axis ticks.
fn nice_step(raw: f64) -> f64 {
    if raw.is_nan() || raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let pow = 10f64.powf(raw.log10().floor());
    let m = raw / pow;
    let nice = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 2.5 {
        2.5
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    (nice * pow).max(if raw >= 1.0 { 1.0 } else { 0.0 })
}

fn chart_id(title: &str) -> String {
    format!("c{:08x}", xxhash_rust::xxh3::xxh3_64(title.as_bytes()) as u32)
}

/// Labels for the activity calendar, from the theme's strings.
pub struct CalendarLabels<'a> {
    pub title: &'a str,
    pub weekdays: [&'a str; 7],
    pub months: [&'a str; 12],
    pub less: &'a str,
    pub more: &'a str,
}

/// Weeks in one block of the activity calendar: a block is narrow enough
/// for a phone at full size, and long spans wrap into more blocks.
const CALENDAR_BLOCK_WEEKS: i64 = 17;

/// A GitHub-style calendar: one column per week (Monday first), one cell per
/// day shaded by how much happened that day; in blocks of a few months that
/// wrap (never shrunk), with the legend as text under them.
pub fn calendar(from: Date, to: Date, counts: &BTreeMap<Date, u32>, labels: &CalendarLabels) -> String {
    let first = add_days(from, -(from.weekday().to_monday_zero_offset() as i64));
    let to = if to < first { first } else { to };
    let weeks = (days_between(first, to) / 7 + 1).clamp(1, 106);
    let total: u32 = counts.iter().filter(|(d, _)| **d >= first && **d <= to).map(|(_, n)| n).sum();
    let active = counts.iter().filter(|(d, n)| **d >= first && **d <= to && **n > 0).count();
    let mut s = String::from("<div class=\"cal-blocks\">");
    let mut block = 0;
    while block * CALENDAR_BLOCK_WEEKS < weeks {
        let (w0, w1) = (block * CALENDAR_BLOCK_WEEKS, ((block + 1) * CALENDAR_BLOCK_WEEKS).min(weeks));
        calendar_block(&mut s, block, first, w0..w1, (from, to), counts, labels, (total, active));
        block += 1;
    }
    s.push_str("</div><p class=\"cal-legend\" aria-hidden=\"true\">");
    let _ = esc_into(&mut s, labels.less);
    for level in 0..5 {
        let _ = write!(s, "<i class=\"sw cal-l{level}\"></i>");
    }
    let _ = esc_into(&mut s, labels.more);
    s.push_str("</p>");
    s
}

#[allow(clippy::too_many_arguments)]
fn calendar_block(
    s: &mut String,
    block: i64,
    first: Date,
    weeks: std::ops::Range<i64>,
    (from, to): (Date, Date),
    counts: &BTreeMap<Date, u32>,
    labels: &CalendarLabels,
    (total, active): (u32, usize),
) {
    let (cell, gap, left, top) = (12.0, 3.0, 30.0, 20.0);
    let n = (weeks.end - weeks.start) as f64;
    let w = left + n * (cell + gap) + 4.0;
    let h = top + 7.0 * (cell + gap);
    let (b_from, b_to) = (add_days(first, weeks.start * 7).max(from), add_days(first, weeks.end * 7 - 1).min(to));
    let _ = write!(
        s,
        "<svg class=\"chart calendar\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"cal-t{block} cal-d{block}\">\
         <title id=\"cal-t{block}\">{}</title><desc id=\"cal-d{block}\">{b_from} – {b_to}",
        esc(labels.title)
    );
    if block == 0 {
        let _ = write!(s, " ({from} – {to}: {total} · {active})");
    }
    s.push_str("</desc>");
    for (i, name) in labels.weekdays.iter().enumerate() {
        if i % 2 == 0 {
            let _ = write!(
                s,
                "<text class=\"axis\" x=\"0\" y=\"{}\">{}</text>",
                F1(top + i as f64 * (cell + gap) + cell - 2.0),
                esc(name)
            );
        }
    }
    // A month's name over the first week that starts in it; a name that
    // would run into the next one is left out (the first, partial month's).
    let mut months: Vec<(f64, &str)> = Vec::new();
    let mut last_month = None;
    for week in weeks.clone() {
        let monday = add_days(first, week * 7);
        if last_month != Some(monday.month()) {
            last_month = Some(monday.month());
            let x = left + (week - weeks.start) as f64 * (cell + gap);
            months.push((x, labels.months[(monday.month() - 1) as usize]));
        }
    }
    for (i, (x, name)) in months.iter().enumerate() {
        let room = months.get(i + 1).map_or(w - x, |(nx, _)| nx - x);
        if text_width(name, 11.0) + 3.0 <= room {
            let _ = write!(s, "<text class=\"axis\" x=\"{}\" y=\"12\">{}</text>", F1(*x), esc(name));
        }
    }
    // The days of one shade are one path (a rect with a tooltip a day was a
    // tenth of a learner's page): a day is a stroke across its cell, as
    // wide as the cell is tall (the stylesheet's `stroke-width`). The days
    // without activity are drawn first, a week's column at a time, as one
    // stroke down the column dashed a cell at a time (the stylesheet's
    // `stroke-dasharray`); the active days are drawn over them.
    let mut shades: [String; 5] = Default::default();
    for week in weeks.clone() {
        let monday = add_days(first, week * 7);
        let x = left + (week - weeks.start) as f64 * (cell + gap);
        let mut column: Option<(i64, i64)> = None;
        for dow in 0..7 {
            let day = add_days(monday, dow);
            if day < from || day > to {
                continue;
            }
            column = Some(column.map_or((dow, dow), |(a, _)| (a, dow)));
            let level = match counts.get(&day).copied().unwrap_or(0) {
                0 => continue,
                1 => 1,
                2 => 2,
                3..=4 => 3,
                _ => 4,
            };
            let y = top + dow as f64 * (cell + gap) + cell / 2.0;
            let _ = write!(shades[level], "M{} {}h{cell}", num(x), num(y));
        }
        if let Some((a, b)) = column {
            let y = top + a as f64 * (cell + gap);
            let _ =
                write!(shades[0], "M{} {}v{}", num(x + cell / 2.0), num(y), num((b - a) as f64 * (cell + gap) + cell));
        }
    }
    for (level, d) in shades.iter().enumerate().filter(|(_, d)| !d.is_empty()) {
        let _ = write!(s, "<path class=\"day l{level}\" d=\"{d}\"/>");
    }
    s.push_str("</svg>");
}

/// A badge's width in pixels: each half is its text's width plus 6 px on either side.
fn badge_halves(label: &str, message: &str) -> (f64, f64) {
    (text_width(label, 11.0).ceil() + 12.0, text_width(message, 11.0).ceil() + 12.0)
}

/// The width of [`badge`]'s SVG in whole pixels, for the `<img>` that shows it.
pub fn badge_width(label: &str, message: &str) -> u32 {
    let (lw, mw) = badge_halves(label, message);
    (lw + mw) as u32
}

/// A standalone README badge (shields.io "flat" look). Colours are explicit:
/// the file is shown outside the site's stylesheet. Each text is drawn at the
/// width its half was sized for (`textLength`), so a wider fallback font
/// cannot run over the edge.
pub fn badge(label: &str, message: &str, color: &str) -> String {
    let (lw, mw) = badge_halves(label, message);
    let w = lw + mw;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"20\" viewBox=\"0 0 {w} 20\" role=\"img\" aria-label=\"{label_e}: {msg_e}\">\
         <title>{label_e}: {msg_e}</title>\
         <linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>\
         <clipPath id=\"r\"><rect width=\"{w}\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>\
         <g clip-path=\"url(#r)\"><rect width=\"{lw}\" height=\"20\" fill=\"#555\"/><rect x=\"{lw}\" width=\"{mw}\" height=\"20\" fill=\"{color}\"/><rect width=\"{w}\" height=\"20\" fill=\"url(#s)\"/></g>\
         <g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">\
         <text x=\"{:.1}\" y=\"14\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\">{label_e}</text>\
         <text x=\"{:.1}\" y=\"14\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\">{msg_e}</text></g></svg>\n",
        lw / 2.0,
        lw - 12.0,
        lw + mw / 2.0,
        mw - 12.0,
        label_e = esc(label),
        msg_e = esc(message),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_decimal_is_written_as_the_formatter_writes_it() {
        for v in [0.0, -0.0, 1.0, 45.0, 22.5, -7.5, 123456.5, 2.5, 1e20, f64::NAN] {
            assert_eq!(F1(v).to_string(), format!("{v:.1}"), "{v}");
        }
        for (v, text) in [(1.0 / 3.0, "0.3"), (2.0 / 3.0, "0.7"), (-0.04, "-0.0"), (-0.06, "-0.1"), (99.96, "100.0")] {
            assert_eq!(F1(v).to_string(), text, "{v}");
        }
        for i in -3000..3000 {
            let v = i as f64 * 0.5;
            assert_eq!(F1(v).to_string(), format!("{v:.1}"), "{v}");
        }
    }
    use jiff::civil::date;

    fn well_formed(svg: &str) {
        // Every element opened is closed, in order (a cheap XML check for tests).
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            let end = rest.find('>').expect("tag closes");
            let tag = &rest[..end];
            rest = &rest[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "in {svg}");
            } else if !tag.ends_with('/') {
                stack.push(tag.split_whitespace().next().unwrap().to_string());
            }
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");
    }

    #[test]
    fn text_is_escaped_everywhere() {
        let bar = progress_bar(50.0, "x", "<script>\"");
        assert!(bar.contains("&lt;script&gt;&quot;"));
        let b = badge("<b>", "1/2 & more", "#4c1");
        assert!(b.contains("&lt;b&gt;") && b.contains("1/2 &amp; more"));
        well_formed(&b);
    }

    #[test]
    fn bars_clamp_their_fill() {
        assert!(progress_bar(140.0, "a", "l").contains("width=\"100\" height=\"8\"/></svg>"));
        assert!(progress_bar(-3.0, "a", "l").contains("bar-fill a\" width=\"0\""));
    }

    #[test]
    fn a_line_keeps_its_ends_and_its_turns_only() {
        let at = [(0.0, 10.0), (1.0, 10.0), (2.0, 10.0), (3.0, 7.0), (4.0, 4.0), (5.0, 4.0), (6.0, 4.0)];
        let kept: Vec<(f64, f64)> = corners(&at).collect();
        assert_eq!(kept, [(0.0, 10.0), (2.0, 10.0), (4.0, 4.0), (6.0, 4.0)]);
        assert_eq!(corners(&[(1.0, 1.0), (1.0, 1.0)]).count(), 2, "a dot stays a segment");
    }

    #[test]
    fn a_line_is_written_in_steps_from_its_first_point() {
        let mut d = String::new();
        line_path(&mut d, [(44.0, 190.0), (51.5, 190.0), (53.44, 187.5), (53.44, 180.0), (60.0, 192.25)].into_iter());
        assert_eq!(d, "M44 190h7.5l1.9-2.5v-7.5l6.6 12.3");
        let mut dot = String::new();
        line_path(&mut dot, [(1.0, 2.0), (1.0, 2.0)].into_iter());
        assert_eq!(dot, "M1 2l0 0", "a dot is a step of no length");
    }

    #[test]
    fn calendar_has_a_cell_per_day_in_range() {
        let mut counts = BTreeMap::new();
        counts.insert(date(2026, 9, 8), 3);
        let labels = CalendarLabels {
            title: "activity",
            weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
            less: "less",
            more: "more",
        };
        let svg = calendar(date(2026, 9, 7), date(2026, 9, 20), &counts, &labels);
        // Two weeks: a column of empty days each, and the one active day over them.
        assert!(svg.contains("<path class=\"day l0\" d=\"M36 20v102M51 20v102\"/>"), "{svg}");
        assert_eq!(svg.matches("class=\"sw cal-l").count(), 5, "the legend");
        // The 8th (a Tuesday, the second row) in the third shade, alone.
        assert!(svg.contains("<path class=\"day l3\" d=\"M30 41h12\"/>"), "{svg}");
        assert_eq!(svg.matches("<path class=\"day l").count(), 2, "a path a shade in use: {svg}");
        // From a Wednesday to a Monday: the first column starts on Wednesday, the last ends on Monday.
        let svg = calendar(date(2026, 9, 9), date(2026, 9, 14), &BTreeMap::new(), &labels);
        assert!(svg.contains("d=\"M36 50v72M51 20v12\""), "{svg}");
        well_formed(&svg);
    }

    #[test]
    fn graph_draws_nodes_and_edges() {
        let node = |id: &str| GraphNode {
            id: id.into(),
            label: id.into(),
            url: "#".into(),
            class: "c0".into(),
            tip: id.into(),
        };
        let weeks = vec![
            GraphWeek { label: "1".into(), url: "a".into(), tasks: vec![node("a/x"), node("a/y")] },
            GraphWeek { label: "2".into(), url: "b".into(), tasks: vec![node("b/z")] },
        ];
        let text = GraphText { title: "t", desc: "d", earlier: "← {weeks}", after: "after {tasks}" };
        let svg = roadmap_graph(&text, &weeks, &[("a/x".into(), "b/z".into()), ("a/x".into(), "a/y".into())]);
        assert_eq!(svg.matches("<g class=\"node").count(), 3);
        assert_eq!(svg.matches("class=\"edge\"").count(), 2);
        well_formed(&svg);
    }

    #[test]
    fn graph_tags_a_task_that_builds_on_one_weeks_back() {
        let node = |id: &str| GraphNode {
            id: id.into(),
            label: format!("{id} with a title long enough to wrap over several lines of its box"),
            url: "#".into(),
            class: "c0".into(),
            tip: id.into(),
        };
        let week = |id: &str| GraphWeek { label: id.into(), url: "w".into(), tasks: vec![node(&format!("{id}/x"))] };
        let weeks = vec![week("a"), week("b"), week("c")];
        let text = GraphText { title: "t", desc: "d", earlier: "← {weeks}", after: "after {tasks}" };
        let svg = roadmap_graph(&text, &weeks, &[("a/x".into(), "c/x".into()), ("b/x".into(), "c/x".into())]);
        assert_eq!(svg.matches("class=\"edge\"").count(), 1, "only the next week's task gets a line: {svg}");
        assert!(svg.contains("data-from=\"a/x\" x="), "{svg}");
        assert!(svg.contains(">← 1</text>"), "{svg}");
        assert!(svg.contains("after a/x with a title"), "the tooltip names what it builds on: {svg}");
        assert!(!svg.contains('…'), "no title is cut: {svg}");
        well_formed(&svg);
    }

    #[test]
    fn axis_steps_are_round() {
        assert_eq!(nice_step(51.0 / 4.0), 20.0);
        assert_eq!(nice_step(25.0), 25.0);
        assert_eq!(nice_step(100.0 / 4.0), 25.0);
        assert_eq!(nice_step(5.0 / 4.0), 2.0);
        assert_eq!(nice_step(0.0), 1.0);
    }

    #[test]
    fn labels_wrap_at_word_boundaries() {
        let lines = wrap_lines("Terraform으로 1주 차 VPC에 EKS 클러스터 만들기", 12.5, 132.0, 3);
        assert!(lines.len() > 1 && lines.iter().all(|l| text_width(l, 12.5) <= 132.0), "{lines:?}");
        assert_eq!(lines.join(" "), "Terraform으로 1주 차 VPC에 EKS 클러스터 만들기");
        assert_eq!(wrap_lines("short", 12.5, 140.0, 3), vec!["short".to_string()]);
        // A long word breaks after its hyphens, not in the middle of a part.
        let lines = wrap_lines("kube-prometheus-stack 설치", 12.5, 120.0, 3);
        assert_eq!(lines, vec!["kube-prometheus-", "stack 설치"], "{lines:?}");
        // Text left over past the last line ends in an ellipsis.
        let lines = wrap_lines("one two three four five six seven eight nine ten", 12.5, 40.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…') && text_width(&lines[2], 12.5) <= 40.0, "{lines:?}");
    }

    #[test]
    fn rounded_paths_keep_their_ends() {
        let d = rounded_path(&[(0.0, 0.0), (0.0, 10.0), (20.0, 10.0), (20.0, 30.0)], 6.0);
        assert!(d.starts_with("M0.0,0.0") && d.ends_with("L20.0,30.0"), "{d}");
        assert_eq!(d.matches('Q').count(), 2);
    }

    #[test]
    fn long_labels_are_fitted() {
        let f = fit("쿠버네티스 컨트롤 플레인과 워커 노드의 역할", 13.0, 100.0);
        assert!(f.ends_with('…'));
        assert!(text_width(&f, 13.0) <= 100.0);
    }

    #[test]
    fn line_chart_is_well_formed() {
        let svg = line_chart(&LineChart {
            title: "burn-up",
            desc: "d".into(),
            days: 70,
            y_max: 10.0,
            y_suffix: "",
            ticks: vec![(7, "1".into())],
            today: Some((30, "today")),
            series: vec![Series { name: "planned", class: "planned", points: vec![(0, 0.0), (70, 10.0)] }],
        });
        well_formed(&svg);
        assert!(svg.contains("<path class=\"line planned\" d=\"M46 220l580-178\"/>"), "{svg}");
        assert_eq!(svg.matches("<svg class=\"chart burnup").count(), 2, "a wide and a narrow drawing");
    }
}
