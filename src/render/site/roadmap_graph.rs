//! The roadmap graph: laid out once per link prefix, shaded per page.

use std::collections::BTreeMap;

use super::urls::week_url;
use super::Shared;
use crate::model::Roadmap;
use crate::render::charts::{self, GraphNode, GraphWeek};

/// The roadmap graph with links relative to `rel`; `shade` gives each task's class and tooltip suffix.
pub(super) fn graph(s: &Shared, rel: &str, shade: impl Fn(&str) -> (String, String)) -> String {
    // Stretch tasks are drawn apart (a dashed border): their class gains `stretch`.
    let shade = |full: &str, stretch: bool| {
        let (class, tip) = shade(full);
        if stretch {
            (format!("{class} stretch"), tip)
        } else {
            (class, tip)
        }
    };
    // Every learner page has the same picture but for each node's class and
    // tooltip: draw it once with markers in their place, then fill them in.
    let template = {
        let mut graphs = s.graphs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        graphs.entry(rel.to_string()).or_insert_with(|| std::sync::Arc::new(GraphTemplate::new(s, rel))).clone()
    };
    let tasks = || s.roadmap.tasks().zip(&s.order.ids);
    let Some(template) = template.as_ref() else {
        let stretch: std::collections::HashSet<&str> =
            tasks().filter(|(t, _)| t.task.stretch).map(|(_, full)| full.as_str()).collect();
        return draw_graph(s, rel, |full| shade(full, stretch.contains(full)));
    };
    let shades: Vec<(String, String)> = tasks()
        .map(|(t, full)| {
            // The template already holds "<title> — " before the tooltip's marker.
            let (class, tip) = shade(full, t.task.stretch);
            (crate::html::esc(&class), crate::html::esc(&tip))
        })
        .collect();
    let mut out = String::with_capacity(template.len + shades.iter().map(|(c, t)| c.len() + t.len()).sum::<usize>());
    for (text, slot) in &template.pieces {
        out.push_str(text);
        match slot {
            Some(Slot::Class(i)) => out.push_str(&shades[*i].0),
            Some(Slot::Tip(i)) => out.push_str(&shades[*i].1),
            None => {}
        }
    }
    out
}

/// The roadmap graph cut at each node's class and tooltip.
pub(super) struct GraphTemplate {
    pieces: Vec<(String, Option<Slot>)>,
    len: usize,
}

pub(super) enum Slot {
    Class(usize),
    Tip(usize),
}

impl GraphTemplate {
    /// Markers are private-use characters that `html::esc` leaves alone.
    /// None when the roadmap's own text uses them, or the picture does not
    /// hold each marker exactly once: then each page draws its own.
    fn new(s: &Shared, rel: &str) -> Option<GraphTemplate> {
        const BASE: u32 = 0xF0000;
        let n = s.roadmap.task_count();
        let marker = |k: usize| char::from_u32(BASE + k as u32);
        let in_range = |c: char| (BASE..BASE + 2 * n as u32).contains(&(c as u32));
        let texts =
            s.roadmap.weeks.iter().flat_map(|w| std::iter::once(&w.title).chain(w.tasks.iter().map(|t| &t.title)));
        if texts.chain(s.t.values()).any(|t| t.chars().any(in_range)) {
            return None;
        }
        let mut k = 0;
        let svg = draw_graph(s, rel, |_| {
            let m = (marker(2 * k).unwrap_or('?').to_string(), marker(2 * k + 1).unwrap_or('?').to_string());
            k += 1;
            m
        });
        let mut pieces = Vec::new();
        let mut seen = vec![0; 2 * n];
        let mut text = String::new();
        for c in svg.chars() {
            if in_range(c) {
                let slot = (c as u32 - BASE) as usize;
                seen[slot] += 1;
                let slot = if slot % 2 == 0 { Slot::Class(slot / 2) } else { Slot::Tip(slot / 2) };
                pieces.push((std::mem::take(&mut text), Some(slot)));
            } else {
                text.push(c);
            }
        }
        pieces.push((text, None));
        (k == n && seen.iter().all(|&c| c == 1)).then_some(GraphTemplate { pieces, len: svg.len() })
    }
}

pub(super) fn draw_graph(s: &Shared, rel: &str, mut shade: impl FnMut(&str) -> (String, String)) -> String {
    let weeks: Vec<GraphWeek> = s
        .roadmap
        .weeks
        .iter()
        .enumerate()
        .map(|(i, w)| GraphWeek {
            label: s.week_label(i + 1, &w.title),
            url: format!("{rel}{}", week_url(&w.id)),
            tasks: w
                .tasks
                .iter()
                .map(|t| {
                    let full = format!("{}/{}", w.id, t.id);
                    let (class, tip) = shade(&full);
                    GraphNode {
                        label: t.title.clone(),
                        url: format!("{rel}{}#task-{}", week_url(&w.id), t.id),
                        class,
                        tip: format!("{} — {tip}", t.title),
                        id: full,
                    }
                })
                .collect(),
        })
        .collect();
    let edges = drawn_edges(s.roadmap);
    let desc = s
        .t("graph_desc")
        .replace("{weeks}", &s.words().count("n_weeks", s.roadmap.weeks.len()))
        .replace("{tasks}", &s.words().count("n_tasks", s.roadmap.task_count()))
        .replace("{edges}", &s.words().count("n_prerequisites", edges.len()));
    let text = charts::GraphText {
        title: &s.t("roadmap"),
        desc: &desc,
        earlier: &s.t("graph_earlier"),
        after: &s.t("graph_after"),
    };
    charts::roadmap_graph(&text, &weeks, &edges)
}

/// The `requires` edges worth drawing: (earlier, later) pairs without those
/// implied by a longer path (A→C is left out when A→B→C exists), so the
/// picture shows the order without a thicket of redundant arrows.
pub(super) fn drawn_edges(roadmap: &Roadmap) -> Vec<(String, String)> {
    let ids: Vec<String> = roadmap.tasks().map(|t| t.full_id()).collect();
    let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let requires: Vec<Vec<usize>> = roadmap
        .tasks()
        .map(|t| t.task.requires.iter().filter_map(|r| index.get(r.as_str()).copied()).collect())
        .collect();
    // reach[v] = every task that v requires, directly or not.
    let mut reach: Vec<Option<Vec<bool>>> = vec![None; ids.len()];
    fn fill(v: usize, requires: &[Vec<usize>], reach: &mut Vec<Option<Vec<bool>>>, depth: usize) -> Vec<bool> {
        if let Some(r) = &reach[v] {
            return r.clone();
        }
        let mut r = vec![false; requires.len()];
        if depth < requires.len() {
            reach[v] = Some(r.clone()); // guards against cycles (validation rejects them anyway)
            for &u in &requires[v] {
                r[u] = true;
                for (i, b) in fill(u, requires, reach, depth + 1).into_iter().enumerate() {
                    r[i] |= b;
                }
            }
        }
        reach[v] = Some(r.clone());
        r
    }
    let mut edges = Vec::new();
    for v in 0..ids.len() {
        for &u in &requires[v] {
            let implied = requires[v].iter().any(|&w| w != u && fill(w, &requires, &mut reach, 0)[u]);
            if !implied {
                edges.push((ids[u].clone(), ids[v].clone()));
            }
        }
    }
    edges
}
