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

pub fn line_chart(c: &LineChart) -> String {
    let (w, h) = (640.0, 240.0);
    let (l, r, t, b) = (44.0, 14.0, 30.0, 30.0);
    let days = c.days.max(1) as f64;
    let y_max = if c.y_max > 0.0 { c.y_max } else { 1.0 };
    let x = |d: i64| l + (d as f64 / days).clamp(0.0, 1.0) * (w - l - r);
    let y = |v: f64| t + (1.0 - (v / y_max).clamp(0.0, 1.0)) * (h - t - b);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart burnup\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(c.title),
        esc(&c.desc),
        id = chart_id(c.title)
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
    for (d, label) in &c.ticks {
        let xx = x(*d);
        let _ = write!(
            s,
            "<line class=\"tick\" x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"{}\" y2=\"{}\"/>\
             <text class=\"axis\" x=\"{xx:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            h - b,
            h - b + 4.0,
            h - b + 17.0,
            esc(label)
        );
    }
    if let Some((d, label)) = c.today {
        let xx = x(d);
        let _ = write!(
            s,
            "<line class=\"today\" x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"{t}\" y2=\"{}\"/>\
             <text class=\"today-label\" x=\"{xx:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            h - b,
            t - 4.0,
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
            "<line class=\"line {}\" x1=\"{lx}\" x2=\"{}\" y1=\"12\" y2=\"12\"/><text class=\"legend\" x=\"{}\" y=\"16\">{}</text>",
            esc(series.class),
            lx + 18.0,
            lx + 23.0,
            esc(series.name)
        );
        lx += 23.0 + text_width(series.name, 12.0) + 18.0;
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

/// A GitHub-style calendar: one column per week (Monday first), one cell per
/// day shaded by how much happened that day.
pub fn calendar(from: Date, to: Date, counts: &BTreeMap<Date, u32>, labels: &CalendarLabels) -> String {
    let first = add_days(from, -(from.weekday().to_monday_zero_offset() as i64));
    let to = if to < first { first } else { to };
    let weeks = (days_between(first, to) / 7 + 1).clamp(1, 106);
    let (cell, gap, left, top) = (12.0, 3.0, 30.0, 18.0);
    let w = left + weeks as f64 * (cell + gap) + 4.0;
    let h = top + 7.0 * (cell + gap) + 24.0;
    let total: u32 = counts.iter().filter(|(d, _)| **d >= first && **d <= to).map(|(_, n)| n).sum();
    let active = counts.iter().filter(|(d, n)| **d >= first && **d <= to && **n > 0).count();
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart calendar\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"cal-t cal-d\">\
         <title id=\"cal-t\">{}</title><desc id=\"cal-d\">{from} – {to}: {total} · {active}</desc>",
        esc(labels.title)
    );
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
    let mut last_month = None;
    for week in 0..weeks {
        let monday = add_days(first, week * 7);
        let x = left + week as f64 * (cell + gap);
        if last_month != Some(monday.month()) {
            last_month = Some(monday.month());
            let _ = write!(
                s,
                "<text class=\"axis\" x=\"{}\" y=\"11\">{}</text>",
                F1(x),
                esc(labels.months[(monday.month() - 1) as usize])
            );
        }
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
            let _ = esc_into(&mut s, &tip);
            s.push_str("</title></rect>");
        }
    }
    // Legend.
    let ly = h - 10.0;
    let mut lx = w - 5.0 * (cell + gap) - text_width(labels.more, 11.0) - 8.0;
    let _ = write!(
        s,
        "<text class=\"axis\" x=\"{:.1}\" y=\"{ly}\" text-anchor=\"end\">{}</text>",
        lx - 4.0,
        esc(labels.less)
    );
    for level in 0..5 {
        let _ = write!(
            s,
            "<rect class=\"day l{level}\" x=\"{lx:.1}\" y=\"{:.1}\" width=\"{cell}\" height=\"{cell}\" rx=\"2\"/>",
            ly - cell + 2.0
        );
        lx += cell + gap;
    }
    let _ = write!(s, "<text class=\"axis\" x=\"{:.1}\" y=\"{ly}\">{}</text>", lx + 2.0, esc(labels.more));
    s.push_str("</svg>");
    s
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

/// The roadmap as a picture: weeks top to bottom, each week's tasks as nodes
/// in a row, `requires` as arrows from the earlier task to the later one.
pub fn roadmap_graph(title: &str, desc: &str, weeks: &[GraphWeek], edges: &[(String, String)]) -> String {
    const PER_LINE: usize = 6;
    let (nw, nh, gx, gy, head, pad) = (156.0, 50.0, 14.0, 26.0, 44.0, 16.0);
    let width = pad * 2.0 + PER_LINE as f64 * nw + (PER_LINE - 1) as f64 * gx;
    let mut pos: BTreeMap<&str, (f64, f64, usize)> = BTreeMap::new();
    let mut y = pad;
    let mut body = String::new();
    for (row, week) in weeks.iter().enumerate() {
        let _ = write!(
            body,
            "<a href=\"{}\"><text class=\"week-label\" x=\"{pad}\" y=\"{:.1}\">{}</text></a>",
            esc(&week.url),
            y + 18.0,
            esc(&fit(&week.label, 14.0, width - 2.0 * pad))
        );
        y += head;
        let lines = week.tasks.len().div_ceil(PER_LINE).max(1);
        for (i, node) in week.tasks.iter().enumerate() {
            let x = pad + (i % PER_LINE) as f64 * (nw + gx);
            let ny = y + (i / PER_LINE) as f64 * (nh + gy);
            pos.insert(node.id.as_str(), (x, ny, row));
            let (first, second) = two_lines(&node.label, 12.5, nw - 16.0);
            let cx = x + nw / 2.0;
            let text = match second {
                Some(second) => format!(
                    "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text><text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                    ny + nh / 2.0 - 3.0,
                    esc(&first),
                    ny + nh / 2.0 + 13.0,
                    esc(&second)
                ),
                None => format!("<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>", ny + nh / 2.0 + 4.5, esc(&first)),
            };
            let _ = write!(
                body,
                // The link's name is its <title> (full title and status), not an
                // aria-label: the visible text may be cut short with an ellipsis.
                "<a href=\"{}\"><title>{}</title><g class=\"node {}\">\
                 <rect x=\"{x:.1}\" y=\"{ny:.1}\" width=\"{nw}\" height=\"{nh}\" rx=\"8\"/>{text}</g></a>",
                esc(&node.url),
                esc(&node.tip),
                esc(&node.class),
            );
        }
        y += lines as f64 * (nh + gy);
    }
    let height = y + pad - gy;
    let mut lines = String::new();
    for (from, to) in edges {
        let (Some(&(x1, y1, r1)), Some(&(x2, y2, r2))) = (pos.get(from.as_str()), pos.get(to.as_str())) else {
            continue;
        };
        // Arrows that skip a week cross the others: drawn fainter so the near ones read first.
        let class = if r2.abs_diff(r1) > 1 { "edge far" } else { "edge" };
        let (ax, bx) = (x1 + nw / 2.0, x2 + nw / 2.0);
        let d = if (y1 - y2).abs() < 1.0 {
            // Same row: an arc over the nodes.
            format!("M{ax:.1},{y1:.1} C{ax:.1},{:.1} {bx:.1},{:.1} {bx:.1},{y2:.1}", y1 - 14.0, y2 - 14.0)
        } else if y1 < y2 {
            let (sy, ey) = (y1 + nh, y2);
            let mid = (sy + ey) / 2.0;
            format!("M{ax:.1},{sy:.1} C{ax:.1},{mid:.1} {bx:.1},{mid:.1} {bx:.1},{ey:.1}")
        } else {
            // A requirement that comes later (check warns): drawn upwards.
            let (sy, ey) = (y1, y2 + nh);
            let mid = (sy + ey) / 2.0;
            format!("M{ax:.1},{sy:.1} C{ax:.1},{mid:.1} {bx:.1},{mid:.1} {bx:.1},{ey:.1}")
        };
        let _ = write!(lines, "<path class=\"{class}\" d=\"{d}\" marker-end=\"url(#arrow)\"/>");
    }
    format!(
        "<svg class=\"chart graph\" viewBox=\"0 0 {width} {height:.0}\" width=\"{width}\" height=\"{height:.0}\" role=\"group\" aria-labelledby=\"graph-t graph-d\">\
         <title id=\"graph-t\">{}</title><desc id=\"graph-d\">{}</desc>\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">\
         <path class=\"arrowhead\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>{lines}{body}</svg>",
        esc(title),
        esc(desc)
    )
}

/// Split a label into at most two lines that fit `max` pixels, breaking at a
/// space where there is one; the second line is shortened with an ellipsis.
fn two_lines(s: &str, size: f64, max: f64) -> (String, Option<String>) {
    if text_width(s, size) <= max {
        return (s.to_string(), None);
    }
    let mut first = String::new();
    for (i, word) in s.split_inclusive(' ').enumerate() {
        if text_width(format!("{first}{word}").trim_end(), size) > max {
            if i == 0 {
                break;
            }
            let rest = &s[first.len()..];
            return (first.trim_end().to_string(), Some(fit(rest.trim(), size, max)));
        }
        first.push_str(word);
    }
    // No space to break at: cut by width.
    let head = fit(s, size, max + text_width("…", size));
    let head: String = head.trim_end_matches('…').to_string();
    let rest = &s[head.len()..];
    (head, Some(fit(rest.trim(), size, max)))
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
        assert_eq!(svg.matches("<rect class=\"day").count(), 14 + 5);
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
    fn labels_wrap_onto_two_lines() {
        let (a, b) = two_lines("Terraform으로 1주 차 VPC에 EKS 클러스터 만들기", 12.5, 140.0);
        assert!(text_width(&a, 12.5) <= 140.0);
        let b = b.expect("a second line");
        assert!(text_width(&b, 12.5) <= 140.0, "{b}");
        assert_eq!(two_lines("short", 12.5, 140.0), ("short".to_string(), None));
        let (a, b) = two_lines("averyveryveryveryveryverylongwordwithoutanyspacesatall", 12.5, 100.0);
        assert!(!a.is_empty() && b.is_some());
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
        assert!(svg.contains("<path class=\"line planned\" d=\"M44.0,210.0 L626.0,30.0\"/>"), "{svg}");
    }
}
