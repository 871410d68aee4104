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
        let sign = if t < 0 || (t == 0 && self.0.is_sign_negative()) { "-" } else { "" };
        write!(f, "{sign}{}.{}", t.abs() / 10, t.abs() % 10)
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
    s.push_str(&line_chart_sized(c, ChartSize { w: 320.0, h: 220.0, left: 44.0, class: "narrow" }));
    s
}

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
    let step = nice_step(y_max / 4.0);
    let mut v = 0.0;
    while v <= y_max + 1e-9 {
        let yy = y(v);
        v += step;
        let v = v - step;
        let _ = write!(
            s,
            "<line class=\"grid\" x1=\"{l}\" x2=\"{}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\"/>\
             <text class=\"axis\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}{}</text>",
            w - r,
            l - 6.0,
            yy + 4.0,
            num(v),
            esc(c.y_suffix)
        );
    }
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
    for ((d, label), show) in c.ticks.iter().zip(labelled) {
        let xx = x(*d);
        let _ =
            write!(s, "<line class=\"tick\" x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"{}\" y2=\"{}\"/>", h - b, h - b + 4.0);
        if show {
            let _ = write!(
                s,
                "<text class=\"axis\" x=\"{xx:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                h - b + 18.0,
                esc(label)
            );
        }
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
        for (i, (day, v)) in series.points.iter().enumerate() {
            let _ = write!(d, "{}{},{}", if i == 0 { "M" } else { " L" }, F1(x(*day)), F1(y(*v)));
        }
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
    let mut h: u32 = 2166136261;
    for b in title.bytes() {
        h = (h ^ b as u32).wrapping_mul(16777619);
    }
    format!("c{h:08x}")
}

/// Labels for the activity calendar, from the theme's strings.
pub struct CalendarLabels<'a> {
    pub title: &'a str,
    pub weekdays: [&'a str; 7],
    pub months: [&'a str; 12],
    /// "{n} activities on {date}" with `{n}` and `{date}` replaced.
    pub cell: &'a str,
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
    for week in weeks.clone() {
        let monday = add_days(first, week * 7);
        let x = left + (week - weeks.start) as f64 * (cell + gap);
        for dow in 0..7 {
            let day = add_days(monday, dow);
            if day < from || day > to {
                continue;
            }
            let n = counts.get(&day).copied().unwrap_or(0);
            let level = match n {
                0 => 0,
                1 => 1,
                2 => 2,
                3..=4 => 3,
                _ => 4,
            };
            let tip = labels.cell.replace("{n}", &n.to_string()).replace("{date}", &day.to_string());
            let _ = write!(
                s,
                "<rect class=\"day l{level}\" x=\"{}\" y=\"{}\" width=\"{cell}\" height=\"{cell}\" rx=\"2\"><title>",
                F1(x),
                F1(top + dow as f64 * (cell + gap)),
            );
            let _ = esc_into(s, &tip);
            s.push_str("</title></rect>");
        }
    }
    s.push_str("</svg>");
}

/// A week of the roadmap graph.
pub struct GraphWeek {
    pub label: String,
    pub url: String,
    pub tasks: Vec<GraphNode>,
}

pub struct GraphNode {
    /// Full task id; edges refer to it.
    pub id: String,
    pub label: String,
    pub url: String,
    /// CSS class that shades the node (cohort completion or a learner's status).
    pub class: String,
    /// Tooltip and accessible name: full title and what the shading means.
    pub tip: String,
}

/// The roadmap as a picture: weeks top to bottom, each week's title in a
/// left column and its tasks as nodes in rows beside it; `requires` as arrows
/// from the earlier task to the later one. Arrows run only in the gaps: down
/// into the channel under a row, along it to the gutter between two columns,
/// down that gutter and along the channel above the later task's row, so no
/// arrow crosses a node or a week title.
pub fn roadmap_graph(title: &str, desc: &str, weeks: &[GraphWeek], edges: &[(String, String)]) -> String {
    const COLS: usize = 5;
    let g = GraphGeometry { pad: 16.0, title_w: 176.0, nw: 146.0, nh: 58.0, gx: 30.0, gy: 38.0 };
    let width = g.x0() + COLS as f64 * (g.nw + g.gx) + g.pad;
    // Each node: (x, y, global row, column).
    let mut pos: BTreeMap<&str, (f64, f64, usize, usize)> = BTreeMap::new();
    let mut bands = String::new();
    let mut body = String::new();
    let mut row = 0;
    for (wi, week) in weeks.iter().enumerate() {
        let lines = week.tasks.len().div_ceil(COLS).max(1);
        let top = g.row_y(row);
        let band_top = top - g.gy / 2.0;
        let band_h = lines as f64 * (g.nh + g.gy);
        if wi % 2 == 0 {
            let _ = write!(
                bands,
                "<rect class=\"band\" x=\"0\" y=\"{:.1}\" width=\"{width}\" height=\"{:.1}\"/>",
                band_top, band_h
            );
        }
        let label = wrap_lines(&week.label, 14.0, g.title_w - 8.0, 3);
        let _ = write!(
            body,
            "<a href=\"{}\"><text class=\"week-label\" x=\"{}\" y=\"{:.1}\">",
            esc(&week.url),
            g.pad,
            top + 15.0
        );
        for (i, line) in label.iter().enumerate() {
            let _ =
                write!(body, "<tspan x=\"{}\" dy=\"{}\">{}</tspan>", g.pad, if i == 0 { 0.0 } else { 18.0 }, esc(line));
        }
        body.push_str("</text></a>");
        for (i, node) in week.tasks.iter().enumerate() {
            let col = i % COLS;
            let r = row + i / COLS;
            let (x, y) = (g.col_x(col), g.row_y(r));
            pos.insert(node.id.as_str(), (x, y, r, col));
            let lines = wrap_lines(&node.label, 12.5, g.nw - 14.0, 3);
            let cx = x + g.nw / 2.0;
            let first = y + g.nh / 2.0 + 4.5 - (lines.len() as f64 - 1.0) * 7.5;
            let mut text = format!("<text x=\"{cx:.1}\" y=\"{first:.1}\" text-anchor=\"middle\">");
            for (k, line) in lines.iter().enumerate() {
                let _ = write!(
                    text,
                    "<tspan x=\"{cx:.1}\" dy=\"{}\">{}</tspan>",
                    if k == 0 { 0.0 } else { 15.0 },
                    esc(line)
                );
            }
            text.push_str("</text>");
            let _ = write!(
                body,
                // The link's name is its <title> (full title and status), not an
                // aria-label: the visible text may be cut short with an ellipsis.
                "<a href=\"{}\"><title>{}</title><g class=\"node {}\">\
                 <rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{}\" height=\"{}\" rx=\"8\"/>{text}</g></a>",
                esc(&node.url),
                esc(&node.tip),
                esc(&node.class),
                g.nw,
                g.nh,
            );
        }
        row += lines;
    }
    let height = g.row_y(row) - g.gy + g.pad;
    let lines = route_edges(&g, &pos, edges);
    format!(
        "<svg class=\"chart graph\" viewBox=\"0 0 {width} {height:.0}\" width=\"{width}\" height=\"{height:.0}\" role=\"group\" aria-labelledby=\"graph-t graph-d\">\
         <title id=\"graph-t\">{}</title><desc id=\"graph-d\">{}</desc>\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">\
         <path class=\"arrowhead\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>{bands}{lines}{body}</svg>",
        esc(title),
        esc(desc)
    )
}

/// Where the roadmap graph's rows, columns, channels and gutters are.
struct GraphGeometry {
    pad: f64,
    title_w: f64,
    nw: f64,
    nh: f64,
    /// Width of a gutter (the gap left of each column).
    gx: f64,
    /// Height of a channel (the gap above each row).
    gy: f64,
}

impl GraphGeometry {
    /// Left edge of the task area: the week titles are left of it.
    fn x0(&self) -> f64 {
        self.pad + self.title_w
    }
    fn col_x(&self, col: usize) -> f64 {
        self.x0() + self.gx + col as f64 * (self.nw + self.gx)
    }
    fn row_y(&self, row: usize) -> f64 {
        self.gy + row as f64 * (self.nh + self.gy)
    }
    /// Centre of the gutter left of `col` (`col` = the column count: right of the last).
    fn gutter_x(&self, col: usize) -> f64 {
        self.x0() + self.gx / 2.0 + col as f64 * (self.nw + self.gx)
    }
    /// Top of the channel above `row` (`row` = the row count: below the last).
    fn channel_top(&self, row: usize) -> f64 {
        self.row_y(row) - self.gy
    }
}

/// The arrows of the roadmap graph as orthogonal paths in the gaps.
fn route_edges(
    g: &GraphGeometry,
    pos: &BTreeMap<&str, (f64, f64, usize, usize)>,
    edges: &[(String, String)],
) -> String {
    const LANES: usize = 4;
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Side {
        Top,
        Bottom,
        Left,
        Right,
    }
    struct Route {
        from: (f64, f64, usize, usize),
        to: (f64, f64, usize, usize),
        exit: Side,
        entry: Side,
        far: bool,
    }
    let mut routes = Vec::new();
    for (from, to) in edges {
        let (Some(&a), Some(&b)) = (pos.get(from.as_str()), pos.get(to.as_str())) else { continue };
        let (exit, entry) = match (a.2.cmp(&b.2), a.3.abs_diff(b.3)) {
            (std::cmp::Ordering::Equal, 1) if b.3 > a.3 => (Side::Right, Side::Left),
            (std::cmp::Ordering::Equal, 1) => (Side::Left, Side::Right),
            (std::cmp::Ordering::Equal, _) => (Side::Top, Side::Top),
            (std::cmp::Ordering::Less, _) => (Side::Bottom, Side::Top),
            // A requirement that comes later (check warns): drawn upwards.
            (std::cmp::Ordering::Greater, _) => (Side::Top, Side::Bottom),
        };
        routes.push(Route { from: a, to: b, exit, entry, far: a.2.abs_diff(b.2) > 2 });
    }
    // Where on a node's side each arrow leaves or arrives: spread out, ordered
    // by where the other end lies, so arrows at one node do not overlap.
    // (node's corner as bits, side) → (the other end's x as bits, route, leaving?)
    type Ports = BTreeMap<((u64, u64), Side), Vec<(u64, usize, bool)>>;
    let mut ports: Ports = BTreeMap::new();
    let key = |p: (f64, f64, usize, usize)| (p.0.to_bits(), p.1.to_bits());
    for (i, r) in routes.iter().enumerate() {
        ports.entry((key(r.from), r.exit)).or_default().push((r.to.0.to_bits(), i, true));
        ports.entry((key(r.to), r.entry)).or_default().push((r.from.0.to_bits(), i, false));
    }
    let mut at: Vec<[f64; 2]> = vec![[0.0; 2]; routes.len()];
    for ((node, side), mut list) in ports {
        list.sort_by(|a, b| f64::from_bits(a.0).total_cmp(&f64::from_bits(b.0)).then(a.1.cmp(&b.1)));
        let n = list.len() as f64;
        let (x, y) = (f64::from_bits(node.0), f64::from_bits(node.1));
        for (k, (_, i, out)) in list.into_iter().enumerate() {
            let t = (k as f64 + 1.0) / (n + 1.0);
            at[i][usize::from(!out)] = match side {
                Side::Top | Side::Bottom => x + g.nw * (0.2 + 0.6 * t),
                Side::Left | Side::Right => y + g.nh * (0.25 + 0.5 * t),
            };
        }
    }
    let mut lane_use: BTreeMap<usize, usize> = BTreeMap::new();
    let mut lane = |channel: usize| {
        let n = lane_use.entry(channel).or_default();
        let y = g.channel_top(channel) + 9.0 + (*n % LANES) as f64 * (g.gy - 18.0) / (LANES - 1) as f64;
        *n += 1;
        y
    };
    let mut gutter_use: BTreeMap<usize, usize> = BTreeMap::new();
    let mut gutter = |col: usize| {
        let n = gutter_use.entry(col).or_default();
        let x = g.gutter_x(col) + [0.0, -7.0, 7.0][*n % 3];
        *n += 1;
        x
    };
    let mut out = String::new();
    for (i, r) in routes.iter().enumerate() {
        let [p, q] = at[i];
        let (a, b) = (r.from, r.to);
        let points: Vec<(f64, f64)> = match (r.exit, r.entry) {
            (Side::Right, _) => vec![(a.0 + g.nw, p), (b.0, q)],
            (Side::Left, _) => vec![(a.0, p), (b.0 + g.nw, q)],
            _ => {
                let (start, c1) = if r.exit == Side::Bottom { ((p, a.1 + g.nh), a.2 + 1) } else { ((p, a.1), a.2) };
                let (end, c2) = if r.entry == Side::Top { ((q, b.1), b.2) } else { ((q, b.1 + g.nh), b.2 + 1) };
                let l1 = lane(c1);
                if c1 == c2 {
                    vec![start, (p, l1), (q, l1), end]
                } else {
                    // The gutter beside the target nearest to the source.
                    let col = if a.0 <= b.0 { b.3 } else { b.3 + 1 };
                    let gxx = gutter(col);
                    let l2 = lane(c2);
                    vec![start, (p, l1), (gxx, l1), (gxx, l2), (q, l2), end]
                }
            }
        };
        let class = if r.far { "edge far" } else { "edge" };
        let _ =
            write!(out, "<path class=\"{class}\" d=\"{}\" marker-end=\"url(#arrow)\"/>", rounded_path(&points, 6.0));
    }
    out
}

/// An orthogonal polyline as a path whose corners are rounded by `radius`
/// (less where a segment is short).
fn rounded_path(points: &[(f64, f64)], radius: f64) -> String {
    let mut d = String::new();
    let Some(&(x, y)) = points.first() else { return d };
    let _ = write!(d, "M{},{}", F1(x), F1(y));
    for i in 1..points.len() {
        let (px, py) = points[i - 1];
        let (cx, cy) = points[i];
        if i + 1 == points.len() {
            let _ = write!(d, " L{},{}", F1(cx), F1(cy));
            break;
        }
        let (nx, ny) = points[i + 1];
        let len_in = (cx - px).abs() + (cy - py).abs();
        let len_out = (nx - cx).abs() + (ny - cy).abs();
        let r = radius.min(len_in / 2.0).min(len_out / 2.0);
        let step = |from: f64, to: f64| {
            if to > from {
                r
            } else if to < from {
                -r
            } else {
                0.0
            }
        };
        let (ax, ay) = (cx - step(px, cx), cy - step(py, cy));
        let (bx, by) = (cx + step(cx, nx), cy + step(cy, ny));
        let _ = write!(d, " L{},{} Q{},{} {},{}", F1(ax), F1(ay), F1(cx), F1(cy), F1(bx), F1(by));
    }
    d
}

/// `s` wrapped into at most `max_lines` lines of `max` pixels, broken at
/// spaces (and inside a word too long for a line, after a `-`, `/`, `_` or
/// `.`, else anywhere); the last line ends in an ellipsis when text is left.
pub fn wrap_lines(s: &str, size: f64, max: f64, max_lines: usize) -> Vec<String> {
    // Pieces that may end a line, each with whether it continues the word
    // before it (the parts of an over-long word).
    let mut pieces: Vec<(String, bool)> = Vec::new();
    for word in s.split_whitespace() {
        let mut part = String::new();
        let mut glued = false;
        for c in word.chars() {
            if !part.is_empty() && text_width(&format!("{part}{c}"), size) > max {
                // Back up to the last break character in this part, if any.
                let rest = match part.rfind(['-', '/', '_', '.']) {
                    Some(k) if k + 1 < part.len() => part.split_off(k + 1),
                    _ => String::new(),
                };
                pieces.push((std::mem::replace(&mut part, rest), glued));
                glued = true;
            }
            part.push(c);
        }
        pieces.push((part, glued));
    }
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (p, glued) in pieces {
        let candidate = if cur.is_empty() || glued { format!("{cur}{p}") } else { format!("{cur} {p}") };
        if !cur.is_empty() && text_width(&candidate, size) > max {
            lines.push(std::mem::replace(&mut cur, p));
        } else {
            cur = candidate;
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    if lines.len() > max_lines {
        // What is left is wider than a line (it held a break), so `fit` cuts it.
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        lines.push(fit(&rest, size, max));
    }
    lines
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
    fn calendar_has_a_cell_per_day_in_range() {
        let mut counts = BTreeMap::new();
        counts.insert(date(2026, 9, 8), 3);
        let labels = CalendarLabels {
            title: "activity",
            weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
            cell: "{n} on {date}",
            less: "less",
            more: "more",
        };
        let svg = calendar(date(2026, 9, 7), date(2026, 9, 20), &counts, &labels);
        assert_eq!(svg.matches("<rect class=\"day").count(), 14);
        assert_eq!(svg.matches("class=\"sw cal-l").count(), 5, "the legend");
        assert!(svg.contains("class=\"day l3\""), "{svg}");
        assert!(svg.contains("<title>3 on 2026-09-08</title>"));
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
        let svg = roadmap_graph("t", "d", &weeks, &[("a/x".into(), "b/z".into()), ("a/x".into(), "a/y".into())]);
        assert_eq!(svg.matches("<g class=\"node").count(), 3);
        assert_eq!(svg.matches("class=\"edge\"").count(), 2);
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
        assert!(svg.contains("<path class=\"line planned\" d=\"M46.0,220.0 L626.0,42.0\"/>"), "{svg}");
        assert_eq!(svg.matches("<svg class=\"chart burnup").count(), 2, "a wide and a narrow drawing");
    }
}
