//! The roadmap graph: weeks as rows of task boxes beside a column of week
//! titles. Only short `requires` arrows are drawn, each in a gap: from a task
//! to the next one beside it, or down into the row just below; a task that
//! builds on one further back carries a tag naming that task's week instead
//! of a long line. Titles wrap at word boundaries and are never cut.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{fit, text_width, F1};
use crate::html::esc;

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

/// The words of the roadmap graph.
pub struct GraphText<'a> {
    pub title: &'a str,
    pub desc: &'a str,
    /// A task's tag for what it builds on further back, with `{weeks}`.
    pub earlier: &'a str,
    /// Added to a task's tooltip: what it builds on, with `{tasks}`.
    pub after: &'a str,
}

const COLS: usize = 5;
const PAD: f64 = 16.0;
const TITLE_W: f64 = 176.0;
const NW: f64 = 146.0;
/// The gap between two boxes of a row.
const GX: f64 = 30.0;
const LINE: f64 = 15.0;
/// Height of a task's tag line, above its title.
const TAG: f64 = 16.0;
const LANE: f64 = 7.0;
const X0: f64 = PAD + TITLE_W;

fn col_x(col: usize) -> f64 {
    X0 + GX + col as f64 * (NW + GX)
}

/// How a `requires` edge is shown.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// To the next box on the right: a short arrow across the gap.
    Beside,
    /// To a box in the row just below: down, along the gap between the rows, down.
    Down,
    /// To a box further right in the same row: up, along the gap above the row, down.
    Over,
    /// Further away: a tag on the later task, no line.
    Tag,
}

/// A task's box: its week, global row, column and title lines.
struct Place {
    week: usize,
    row: usize,
    col: usize,
    lines: Vec<String>,
}

/// Where one end of an arrow is: a box's global row and column.
#[derive(Clone, Copy)]
struct End {
    row: usize,
    col: usize,
}

/// An arrow that is drawn: its two ends, how, and its index in the edges.
type Route = (End, End, Kind, usize);

/// Where everything of the roadmap graph goes.
struct Layout<'a> {
    place: BTreeMap<&'a str, Place>,
    /// Each week's first global row and row count.
    week_rows: Vec<(usize, usize)>,
    routes: Vec<Route>,
    /// Each route's x where it leaves and where it arrives (top and bottom sides).
    at: Vec<[f64; 2]>,
    /// Each route's lane in the gap it runs along, and the lanes of each gap.
    lane_of: Vec<usize>,
    lanes: Vec<usize>,
    /// The tasks each task builds on that get a tag rather than a line.
    tags: BTreeMap<&'a str, Vec<&'a str>>,
    /// The titles of all the tasks each task builds on (for its tooltip).
    before: BTreeMap<&'a str, Vec<&'a str>>,
    labels: Vec<Vec<String>>,
    row_h: Vec<f64>,
    row_y: Vec<f64>,
    /// Height of the gap above each row (and, last, below the last row).
    gap_h: Vec<f64>,
    height: f64,
}

fn layout<'a>(weeks: &'a [GraphWeek], edges: &'a [(String, String)]) -> Layout<'a> {
    let mut place: BTreeMap<&str, Place> = BTreeMap::new();
    let mut title_of: BTreeMap<&str, &str> = BTreeMap::new();
    let mut week_rows = Vec::new();
    let mut rows = 0;
    for (wi, week) in weeks.iter().enumerate() {
        let n = week.tasks.len().div_ceil(COLS).max(1);
        week_rows.push((rows, n));
        for (i, node) in week.tasks.iter().enumerate() {
            let lines = wrap_lines(&node.label, 12.5, NW - 18.0, usize::MAX);
            place.insert(node.id.as_str(), Place { week: wi, row: rows + i / COLS, col: i % COLS, lines });
            title_of.insert(node.id.as_str(), node.label.as_str());
        }
        rows += n;
    }
    let mut l = Layout {
        place: BTreeMap::new(),
        week_rows,
        routes: Vec::new(),
        at: Vec::new(),
        lane_of: Vec::new(),
        lanes: Vec::new(),
        tags: BTreeMap::new(),
        before: BTreeMap::new(),
        labels: weeks.iter().map(|w| wrap_lines(&w.label, 14.0, TITLE_W - 12.0, usize::MAX)).collect(),
        row_h: vec![50.0; rows],
        row_y: Vec::with_capacity(rows),
        gap_h: Vec::new(),
        height: 0.0,
    };
    for (i, (from, to)) in edges.iter().enumerate() {
        let (Some(a), Some(b)) = (place.get(from.as_str()), place.get(to.as_str())) else { continue };
        l.before.entry(to.as_str()).or_default().push(title_of[from.as_str()]);
        let kind = if a.row == b.row && b.col == a.col + 1 {
            Kind::Beside
        } else if a.row == b.row && b.col > a.col {
            Kind::Over
        } else if b.row == a.row + 1 {
            Kind::Down
        } else {
            Kind::Tag
        };
        if kind == Kind::Tag {
            l.tags.entry(to.as_str()).or_default().push(from.as_str());
        } else {
            l.routes.push((End { row: a.row, col: a.col }, End { row: b.row, col: b.col }, kind, i));
        }
    }
    // Row heights: the tallest title of the row (and its tag).
    for (id, p) in &place {
        let tag = if l.tags.contains_key(id) { TAG } else { 0.0 };
        l.row_h[p.row] = l.row_h[p.row].max(p.lines.len() as f64 * LINE + 18.0 + tag);
    }
    l.at = ports(&l.routes);
    (l.lane_of, l.lanes) = lanes(&l.routes, &l.at, rows);
    l.gap_h = l.lanes.iter().map(|&n| (20.0 + n.saturating_sub(1) as f64 * LANE).max(28.0)).collect();
    // A week's title may need more height than its rows: the gap below grows.
    for (wi, &(first, n)) in l.week_rows.iter().enumerate() {
        let span = l.row_h[first..first + n].iter().sum::<f64>() + l.gap_h[first + 1..first + n].iter().sum::<f64>();
        let need = l.labels[wi].len() as f64 * 18.0 + 2.0;
        if need > span {
            l.gap_h[first + n] += need - span;
        }
    }
    let mut y = PAD;
    for r in 0..rows {
        y += l.gap_h[r];
        l.row_y.push(y);
        y += l.row_h[r];
    }
    l.height = y + l.gap_h[rows] + PAD;
    l.place = place;
    l
}

/// Where on a box's top or bottom each arrow leaves or arrives: spread out,
/// ordered by where the other end lies, so arrows at one box keep apart; an
/// arrow straight down to the box below is one straight line when it can be.
fn ports(routes: &[Route]) -> Vec<[f64; 2]> {
    // (row, column, top side?) → (the other end's column, route, which end)
    type Ports = BTreeMap<(usize, usize, bool), Vec<(usize, usize, usize)>>;
    let mut ports: Ports = BTreeMap::new();
    for (k, (a, b, kind, _)) in routes.iter().enumerate() {
        if *kind == Kind::Beside {
            continue;
        }
        ports.entry((a.row, a.col, *kind == Kind::Over)).or_default().push((b.col, k, 0));
        ports.entry((b.row, b.col, true)).or_default().push((a.col, k, 1));
    }
    let mut at = vec![[0.0; 2]; routes.len()];
    for ((_, col, _), list) in ports.iter_mut() {
        list.sort_by_key(|&(other, k, end)| (other, if end == 0 { usize::MAX - k } else { k }));
        let n = list.len() as f64;
        for (i, &(_, k, end)) in list.iter().enumerate() {
            at[k][end] = col_x(*col) + NW * (0.25 + 0.5 * (i as f64 + 1.0) / (n + 1.0));
        }
    }
    for (k, (a, b, kind, _)) in routes.iter().enumerate() {
        if *kind != Kind::Down || a.col != b.col {
            continue;
        }
        let x = (at[k][0] + at[k][1]) / 2.0;
        let sides = [&ports[&(a.row, a.col, false)], &ports[&(b.row, b.col, true)]];
        if sides.iter().flat_map(|s| s.iter()).all(|&(_, j, end)| j == k || (at[j][end] - x).abs() >= 10.0) {
            at[k] = [x, x];
        }
    }
    at
}

/// Lanes in each gap between rows (gap r is above row r): an arrow's run
/// along a gap keeps clear of the others'. Each route's lane, and the number
/// of lanes of each gap.
fn lanes(routes: &[Route], at: &[[f64; 2]], rows: usize) -> (Vec<usize>, Vec<usize>) {
    let mut ends: Vec<Vec<f64>> = vec![Vec::new(); rows + 1];
    let mut lane_of = vec![0; routes.len()];
    let mut order: Vec<usize> = (0..routes.len()).filter(|&k| routes[k].2 != Kind::Beside).collect();
    order.sort_by(|&i, &j| at[i][0].min(at[i][1]).total_cmp(&at[j][0].min(at[j][1])));
    for k in order {
        let (lo, hi) = (at[k][0].min(at[k][1]), at[k][0].max(at[k][1]));
        let gap = &mut ends[gap_of(&routes[k])];
        let free = gap.iter().position(|&end| end + 10.0 < lo);
        lane_of[k] = free.unwrap_or(gap.len());
        match free {
            Some(l) => gap[l] = hi,
            None => gap.push(hi),
        }
    }
    (lane_of, ends.iter().map(Vec::len).collect())
}

/// The gap a route runs along: above its row (over) or below its start (down).
fn gap_of(r: &Route) -> usize {
    if r.2 == Kind::Over {
        r.0.row
    } else {
        r.0.row + 1
    }
}

impl Layout<'_> {
    /// The y of `lane` in the gap above row `gap`: the lanes sit together in
    /// the gap's middle (its top part, when a week's title made it taller).
    fn lane_y(&self, gap: usize, lane: usize) -> f64 {
        let top = if gap == 0 { PAD } else { self.row_y[gap - 1] + self.row_h[gap - 1] };
        let used = self.lanes[gap].saturating_sub(1) as f64 * LANE;
        top + (self.gap_h[gap].min((20.0 + used).max(28.0)) - used) / 2.0 + lane as f64 * LANE
    }
}

/// The roadmap as a picture: weeks top to bottom, each week's title in a
/// left column and its tasks as boxes in rows beside it.
pub fn roadmap_graph(text: &GraphText, weeks: &[GraphWeek], edges: &[(String, String)]) -> String {
    let width = X0 + COLS as f64 * (NW + GX) + PAD;
    let l = layout(weeks, edges);
    let height = l.height;
    let mut bands = String::new();
    let mut body = String::new();
    for (wi, week) in weeks.iter().enumerate() {
        let (first, n) = l.week_rows[wi];
        let top = if wi == 0 { 0.0 } else { l.row_y[first] - l.gap_h[first] / 2.0 };
        let bottom = if wi + 1 == weeks.len() {
            height
        } else {
            l.row_y[first + n - 1] + l.row_h[first + n - 1] + l.gap_h[first + n] / 2.0
        };
        if wi % 2 == 0 {
            let _ = write!(
                bands,
                "<rect class=\"band\" x=\"0\" y=\"{:.1}\" width=\"{width}\" height=\"{:.1}\"/>",
                top,
                bottom - top
            );
        }
        let _ = write!(
            body,
            "<a href=\"{}\"><text class=\"week-label\" x=\"{PAD}\" y=\"{:.1}\">",
            esc(&week.url),
            l.row_y[first] + 15.0
        );
        for (i, line) in l.labels[wi].iter().enumerate() {
            let _ = write!(body, "<tspan x=\"{PAD}\" dy=\"{}\">{}</tspan>", if i == 0 { 0.0 } else { 18.0 }, esc(line));
        }
        body.push_str("</text></a>");
        for node in &week.tasks {
            draw_node(&mut body, &l, text, node);
        }
    }
    let mut lines = String::new();
    for (k, route) in l.routes.iter().enumerate() {
        let &(a, b, kind, i) = route;
        let (ya, yb) = (l.row_y[a.row], l.row_y[b.row]);
        let [p, q] = l.at[k];
        let points = match kind {
            Kind::Beside => {
                let mid = ya + l.row_h[a.row] / 2.0;
                vec![(col_x(a.col) + NW, mid), (col_x(b.col), mid)]
            }
            _ if (p - q).abs() < 0.5 => vec![(p, ya + l.row_h[a.row]), (q, yb)],
            _ => {
                let lane = l.lane_y(gap_of(route), l.lane_of[k]);
                let start = if kind == Kind::Over { ya } else { ya + l.row_h[a.row] };
                vec![(p, start), (p, lane), (q, lane), (q, yb)]
            }
        };
        let _ = write!(
            lines,
            "<path class=\"edge\" data-from=\"{}\" data-to=\"{}\" d=\"{}\" marker-end=\"url(#arrow)\"/>",
            esc(&edges[i].0),
            esc(&edges[i].1),
            rounded_path(&points, 5.0)
        );
    }
    format!(
        "<svg class=\"chart graph\" viewBox=\"0 0 {width} {height:.0}\" width=\"{width}\" height=\"{height:.0}\" role=\"group\" aria-labelledby=\"graph-t graph-d\">\
         <title id=\"graph-t\">{}</title><desc id=\"graph-d\">{}</desc>\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">\
         <path class=\"arrowhead\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>{bands}{lines}{body}</svg>",
        esc(text.title),
        esc(text.desc)
    )
}

/// A task's box: a link named by its full title, status and what it builds
/// on; the tag of earlier weeks it builds on; the title, wrapped.
fn draw_node(out: &mut String, l: &Layout, text: &GraphText, node: &GraphNode) {
    let p = &l.place[node.id.as_str()];
    let (x, y, h) = (col_x(p.col), l.row_y[p.row], l.row_h[p.row]);
    let mut tip = node.tip.clone();
    if let Some(list) = l.before.get(node.id.as_str()) {
        tip = format!("{tip} · {}", text.after.replace("{tasks}", &list.join(", ")));
    }
    let _ = write!(
        out,
        "<a href=\"{}\"><title>{}</title><g class=\"node {}\">\
         <rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{NW}\" height=\"{h:.1}\" rx=\"8\"/>",
        esc(&node.url),
        esc(&tip),
        esc(&node.class),
    );
    let mut top = y;
    if let Some(from) = l.tags.get(node.id.as_str()) {
        let mut nums: Vec<usize> = from.iter().map(|f| l.place[f].week + 1).collect();
        nums.sort_unstable();
        nums.dedup();
        let nums: Vec<String> = nums.iter().map(usize::to_string).collect();
        let _ = write!(
            out,
            "<text class=\"earlier\" data-from=\"{}\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            esc(&from.join(" ")),
            x + NW - 8.0,
            y + 14.5,
            esc(&text.earlier.replace("{weeks}", &nums.join("·")))
        );
        top += TAG;
    }
    let cx = x + NW / 2.0;
    let first = (top + y + h) / 2.0 + 4.5 - (p.lines.len() as f64 - 1.0) * LINE / 2.0;
    let _ = write!(out, "<text x=\"{cx:.1}\" y=\"{first:.1}\" text-anchor=\"middle\">");
    for (k, line) in p.lines.iter().enumerate() {
        let _ = write!(out, "<tspan x=\"{cx:.1}\" dy=\"{}\">{}</tspan>", if k == 0 { 0.0 } else { LINE }, esc(line));
    }
    out.push_str("</text></g></a>");
}

/// An orthogonal polyline as a path whose corners are rounded by `radius`
/// (less where a segment is short).
pub(super) fn rounded_path(points: &[(f64, f64)], radius: f64) -> String {
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
pub(super) fn wrap_lines(s: &str, size: f64, max: f64, max_lines: usize) -> Vec<String> {
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
