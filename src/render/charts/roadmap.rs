//! The roadmap graph: weeks as rows of task boxes, `requires` arrows routed
//! in the gaps between rows and boxes, titles wrapped at word boundaries.

use std::fmt::Write as _;

use super::*;
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
