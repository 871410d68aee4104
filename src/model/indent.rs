//! Indentation mistakes, named as such. A YAML file indented wrongly either
//! does not parse ("did not find expected key") or parses into another
//! shape, which the schema check then reports as something else entirely
//! (`status` "must be a mapping" when it was written at the level of the task
//! ids). Here the lines are read as a person indents them, with the schema
//! saying which key belongs where: a line whose key does not belong at the
//! level its indentation puts it, but does one level up or down, or a line
//! between two levels, or a line indented with a tab, is a mistake of
//! indentation, told with the lines to indent and by how much.
//!
//! A diagnosis is given only when it is right: the lines are indented as it
//! says, and the result must parse and leave no schema problem on the lines
//! it moved; otherwise the parser's and the schema's own words stand.

use std::path::Path;

use super::doc::{self, Span};
use super::schema::{self, FileKind};
use super::shape::{Extra, Shape, Shapes, Type};
use crate::diag::Diagnostic;

/// Past this size a file is not read line by line again (learner files are
/// a few KiB; a hostile file gets the parser's words, quickly).
const MAX_BYTES: usize = 256 << 10;

/// The diagnostics of a file whose problems are indentation mistakes: those
/// mistakes, then what else is wrong with the file once they are fixed.
/// None when the problems are not (only) indentation.
pub fn explain(file: &Path, src: &str, kind: FileKind) -> Option<Vec<Diagnostic>> {
    if src.len() > MAX_BYTES {
        return None;
    }
    let lines = scan(src)?;
    let moves = Reader::new(kind.shapes(), &lines).read()?;
    if moves.is_empty() {
        return None;
    }
    let groups = group(src, &lines, &moves);
    let fixed = apply(src, &groups);
    // Confirmed only if the fixed text parses and no problem is left on a moved line.
    let fixed_doc = doc::parse(&fixed).ok()?;
    let rest = schema::check(file, &fixed, &fixed_doc, kind);
    let touched = |no: usize| {
        groups
            .iter()
            .any(|g| (g.first_line..=g.last_line).contains(&no) || g.first.opener.is_some_and(|o| lines[o].no == no))
    };
    if rest.iter().any(|d| touched(d.line)) {
        return None;
    }
    let mut out: Vec<Diagnostic> = groups.iter().map(|g| diagnostic(file, src, &lines, g)).collect();
    out.extend(rest);
    Some(out)
}

/// One line of the file that holds a key or a list item.
#[derive(Debug)]
struct Line<'a> {
    /// 1-based line number.
    no: usize,
    /// Byte offset of the line's start.
    start: usize,
    /// Width of the leading white space (a tab counts one).
    indent: usize,
    /// Byte length of the leading white space.
    lead: usize,
    tab: bool,
    /// `- …`: a list item.
    dash: bool,
    /// The key, when the line (after its dash) is `key: …`.
    key: Option<&'a str>,
    /// The column (0-based, in characters) where the key starts.
    key_col: usize,
    /// Nothing after `key:` (or after `-`): what follows, deeper, is its value.
    opens: bool,
    /// The text after the indentation.
    text: &'a str,
}

/// The lines with keys or list items, skipping comments, blank lines, block
/// scalars' text and the continuation lines of multi-line values. None when
/// the file has a shape this reading does not follow (several documents,
/// directives).
fn scan(src: &str) -> Option<Vec<Line<'_>>> {
    let mut out: Vec<Line> = Vec::new();
    let mut start = 0;
    // Text of a block scalar (`note: |`) or a multi-line value: the lines
    // deeper than the line that began it.
    let mut skip_deeper: Option<usize> = None;
    let mut flow_depth: i32 = 0;
    for (i, raw) in src.split('\n').enumerate() {
        let line_start = start;
        start += raw.len() + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let text = raw.trim_start_matches([' ', '\t']);
        let lead = raw.len() - text.len();
        let indent = raw[..lead].chars().count();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        if flow_depth > 0 {
            flow_depth += depth_change(text);
            continue;
        }
        if let Some(limit) = skip_deeper {
            if indent > limit {
                continue;
            }
            skip_deeper = None;
        }
        if text.starts_with("---") || text.starts_with("...") || text.starts_with('%') {
            return None;
        }
        let tab = raw[..lead].contains('\t');
        let (dash, body, body_col) = match text.strip_prefix('-') {
            Some(rest) if rest.is_empty() || rest.starts_with([' ', '\t']) => {
                let body = rest.trim_start_matches([' ', '\t']);
                (true, body, indent + 1 + (rest.len() - body.len()))
            }
            _ => (false, text, indent),
        };
        let (key, value) = match split_key(body) {
            Some((k, v)) => (Some(k), v),
            None => (None, body),
        };
        let value = strip_comment(value).trim();
        if key.is_none() && !dash {
            // A continuation of the value above (a multi-line plain or
            // quoted scalar): it must be deeper than the line it continues.
            match out.last() {
                Some(prev) if indent > prev.indent && !tab => continue,
                _ => return None,
            }
        }
        let opens = value.is_empty();
        if value.starts_with('|') || value.starts_with('>') {
            skip_deeper = Some(indent);
        } else if value.starts_with(['[', '{']) {
            flow_depth = depth_change(value).max(0);
        } else if value.starts_with(['"', '\'']) && !closes_quote(value) {
            skip_deeper = Some(indent);
        }
        out.push(Line { no: i + 1, start: line_start, indent, lead, tab, dash, key, key_col: body_col, opens, text });
    }
    Some(out)
}

/// `key: value` → the key (unquoted) and the value; None when `text` is no key.
fn split_key(text: &str) -> Option<(&str, &str)> {
    if let Some(q) = text.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = text[1..].find(q)? + 1;
        let rest = text[end + 1..].trim_start();
        let value = rest.strip_prefix(':')?;
        return (value.is_empty() || value.starts_with([' ', '\t'])).then(|| (&text[1..end], value));
    }
    if text.starts_with(['[', '{', '&', '*', '!', '|', '>']) {
        return None;
    }
    let bytes = text.as_bytes();
    let at = (0..bytes.len())
        .find(|&i| bytes[i] == b':' && (i + 1 == bytes.len() || matches!(bytes[i + 1], b' ' | b'\t')))?;
    let key = text[..at].trim_end();
    (!key.is_empty() && !key.contains(" #")).then(|| (key, &text[at + 1..]))
}

fn strip_comment(value: &str) -> &str {
    if value.starts_with(['"', '\'']) {
        return value;
    }
    match value.find(" #") {
        Some(i) => &value[..i],
        None if value.starts_with('#') => "",
        None => value,
    }
}

fn closes_quote(value: &str) -> bool {
    let q = value.chars().next().unwrap_or('"');
    value.len() > 1 && value[1..].contains(q)
}

/// How much a line opens (`[`, `{`) more than it closes, outside quotes.
fn depth_change(text: &str) -> i32 {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, '#') => break,
            _ => {}
        }
    }
    depth
}

/// A mapping or list that lines are read into.
#[derive(Clone, Debug)]
struct Frame {
    /// The indentation of its keys or dashes.
    indent: usize,
    seq: bool,
    /// Its schema; None when unknown (then anything goes in it).
    schema: Option<&'static Shape>,
    /// The index of the line that opened it (none for the file's top level).
    opener: Option<usize>,
}

/// A line that is indented wrongly: where it belongs.
#[derive(Clone, Debug)]
struct Move {
    /// Index into the lines.
    line: usize,
    /// Its indentation as written and as it belongs.
    from: usize,
    to: usize,
    tab: bool,
    /// The line that opened the frame it belongs in.
    opener: Option<usize>,
    /// The frame its indentation put it in, when it was one (and the key
    /// did not belong there): its opener, and whether it is a list.
    written_in: Option<(Option<usize>, bool)>,
    /// Whether the lines below it, deeper, move with it (they must when
    /// they would no longer be deeper than it).
    carried: bool,
}

struct Reader<'a> {
    shapes: &'static Shapes,
    lines: &'a [Line<'a>],
    /// The usual indentation step of the file.
    step: usize,
}

impl<'a> Reader<'a> {
    fn new(shapes: &'static Shapes, lines: &'a [Line<'a>]) -> Self {
        // The step people use in this file: the most common indentation of
        // a first child under its key.
        let mut counts = [0usize; 9];
        for pair in lines.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.opens && a.key.is_some() && !a.tab && !b.tab && b.indent > a.key_col && b.indent - a.key_col <= 8 {
                counts[b.indent - a.key_col] += 1;
            }
        }
        let step = (1..=8).max_by_key(|&n| (counts[n], n == 2)).filter(|&n| counts[n] > 0).unwrap_or(2);
        Reader { shapes, lines, step }
    }

    /// `s` as a mapping (`seq` false) or a list: itself or the `anyOf`
    /// alternative of that type. None when it cannot be one.
    fn as_kind(&self, s: &'static Shape, seq: bool) -> Option<&'static Shape> {
        if let Some(alts) = &s.any_of {
            return alts.iter().find_map(|&a| self.as_kind(self.shapes.get(a), seq));
        }
        let want = if seq { Type::Array } else { Type::Object };
        (s.ty == Some(want)).then_some(s)
    }

    /// The schema of the value of `key` in the mapping `s`.
    fn child(&self, s: &Shape, key: &str) -> Option<&'static Shape> {
        match (s.property(key), s.extra) {
            (Some(id), _) | (None, Extra::Each(id)) => Some(self.shapes.get(id)),
            _ => None,
        }
    }

    fn items(&self, s: &Shape) -> Option<&'static Shape> {
        s.items.map(|id| self.shapes.get(id))
    }

    /// Whether `line` belongs in `frame` (whose enclosing frames are `outer`).
    fn fits(&self, frame: &Frame, outer: &[Frame], line: &Line) -> bool {
        if frame.seq {
            return line.dash;
        }
        let Some(key) = line.key.filter(|_| !line.dash) else { return false };
        let Some(s) = frame.schema else { return true };
        if s.property(key).is_some() {
            return true;
        }
        match s.extra {
            // A mapping of ids (`progress`): any key but a key of its
            // entries, or of a mapping around it, is one of its ids.
            Extra::Each(entry) => {
                let of_entry = self.as_kind(self.shapes.get(entry), false).is_some_and(|e| e.property(key).is_some());
                let of_outer =
                    outer.iter().filter(|f| !f.seq).filter_map(|f| f.schema).any(|s| s.property(key).is_some());
                !of_entry && !of_outer
            }
            Extra::Refused => false,
            Extra::Any => true,
        }
    }

    /// The frame that a line which opened a block (`opener`, at key column
    /// `col`, with no child yet) starts for `line`: at the file's usual step.
    fn new_child(&self, stack: &[Frame], opener: usize, col: usize, line: &Line) -> Option<Frame> {
        let parent = stack.last()?;
        let value = match (self.lines[opener].key, parent.schema) {
            (_, None) => None,
            (Some(k), Some(s)) => self.child(s, k),
            (None, Some(s)) => self.items(s),
        };
        // A value that cannot be a mapping (or list) opens none.
        let schema = match value {
            Some(v) => Some(self.as_kind(v, line.dash)?),
            None => None,
        };
        Some(Frame { indent: col + self.step, seq: line.dash, schema, opener: Some(opener) })
    }

    /// Read the lines into frames as their keys say they belong: the moves
    /// that makes. None when the reading gets lost.
    fn read(&self) -> Option<Vec<Move>> {
        let first = self.lines.first()?;
        let top = if first.tab { 0 } else { first.indent };
        let mut stack: Vec<Frame> =
            vec![Frame { indent: top, seq: false, schema: Some(self.shapes.root()), opener: None }];
        // The line that opened a block with no line in it yet.
        let mut pending: Option<usize> = None;
        // The key column of each line as it belongs.
        let mut cols: Vec<usize> = Vec::with_capacity(self.lines.len());
        // Lines moved, whose deeper lines move with them: (indentation as
        // written, how far it moved).
        let mut carry: Vec<(usize, isize)> = Vec::new();
        let mut moves = Vec::new();
        for (li, line) in self.lines.iter().enumerate() {
            while carry.last().is_some_and(|(at, _)| line.indent <= *at) {
                carry.pop();
            }
            let shift = if line.tab { 0 } else { carry.last().map_or(0, |c| c.1) };
            let at = (line.indent as isize + shift).max(0) as usize;
            let child = pending.and_then(|p| self.new_child(&stack, p, cols[p], line));
            // Where the indentation puts it: inside the block just opened,
            // or in the open frame indented as it is.
            let implied: Option<(usize, Frame)> = match (&child, pending) {
                (Some(c), Some(p)) if !line.tab && (at > cols[p] || (line.dash && at == cols[p])) => {
                    Some((stack.len(), Frame { indent: at, ..c.clone() }))
                }
                _ => stack.iter().rposition(|f| f.indent == at).map(|i| (i, stack[i].clone())),
            };
            let fits_at = |(i, f): &(usize, Frame)| self.fits(f, &stack[..(*i).min(stack.len())], line);
            // A new block under the line above, then the open frames, the deepest first.
            let candidates: Vec<(usize, Frame)> = child
                .iter()
                .map(|c| (stack.len(), c.clone()))
                .chain(stack.iter().enumerate().rev().map(|(i, f)| (i, f.clone())))
                .collect();
            let chosen = match &implied {
                Some(found) if !line.tab && fits_at(found) => found.clone(),
                _ => {
                    // Where its key belongs, other than where it is written.
                    let other = |(i, _): &(usize, Frame)| line.tab || implied.as_ref().is_none_or(|(j, _)| j != i);
                    match (candidates.iter().filter(|c| other(c)).find(|c| fits_at(c)), &implied) {
                        (Some(found), _) => found.clone(),
                        // A key that belongs nowhere stays where it is written.
                        (None, Some(found)) if !line.tab => found.clone(),
                        // Or, between levels or after a tab, goes to the nearest level.
                        (None, _) => candidates.iter().min_by_key(|(_, f)| f.indent.abs_diff(at))?.clone(),
                    }
                }
            };
            let (depth, frame) = chosen;
            let to = frame.indent;
            if line.tab || to != at {
                let written_in = implied.as_ref().filter(|_| !line.tab).map(|(_, f)| (f.opener, f.seq));
                // Its block moves with it only if it would not be deeper any more.
                let carried = !line.tab
                    && self.lines.get(li + 1).is_some_and(|next| {
                        next.indent > line.indent && (next.indent as isize + shift).max(0) as usize <= to
                    });
                if carried {
                    carry.push((line.indent, to as isize - line.indent as isize));
                }
                moves.push(Move { line: li, from: at, to, tab: line.tab, opener: frame.opener, written_in, carried });
            }
            let col = (line.key_col as isize + to as isize - line.indent as isize).max(0) as usize;
            cols.push(col);
            stack.truncate(depth);
            stack.push(frame.clone());
            // A list item with a key opens the item's mapping at that key.
            if line.dash && line.key.is_some() {
                let schema = match frame.schema.and_then(|s| self.items(s)) {
                    Some(items) => Some(self.as_kind(items, false)?),
                    None => None,
                };
                stack.push(Frame { indent: col, seq: false, schema, opener: Some(li) });
            }
            pending = line.opens.then_some(li);
        }
        Some(moves)
    }
}

/// Moves of neighbouring lines by the same amount into the same place, told once.
#[derive(Debug)]
struct Group {
    /// The first of the moves; the others are alike.
    first: Move,
    /// Line numbers (1-based) of the first moved line and of the last line moved with it.
    first_line: usize,
    last_line: usize,
    /// How many tabs the moved lines' indentation holds (when they are tabs).
    tabs: usize,
    /// The keys moved, in order.
    keys: Vec<String>,
}

/// The width of a raw line's leading white space, and whether it has text.
fn lead_of(raw: &str) -> (usize, bool) {
    let text = raw.trim_start_matches([' ', '\t']);
    ((raw.len() - text.len()), !text.trim().is_empty())
}

fn group(src: &str, lines: &[Line], moves: &[Move]) -> Vec<Group> {
    let raw: Vec<&str> = src.split('\n').collect();
    let mut out: Vec<Group> = Vec::new();
    for m in moves {
        let line = &lines[m.line];
        // The lines moved with it: those below it that are deeper.
        let mut last = line.no;
        if m.carried {
            for (i, r) in raw.iter().enumerate().skip(line.no) {
                match lead_of(r) {
                    (_, false) => continue,
                    (w, true) if w > line.indent => last = i + 1,
                    _ => break,
                }
            }
        }
        let key = line.key.unwrap_or("-").to_string();
        if let Some(g) = out.last_mut() {
            let next = lines.iter().find(|l| l.no > g.last_line).map(|l| l.no);
            let same = g.first.tab == m.tab
                && g.first.opener == m.opener
                && g.first.written_in == m.written_in
                && if m.tab {
                    g.first.to == m.to
                } else {
                    g.first.to as isize - g.first.from as isize == m.to as isize - m.from as isize
                }
                && next == Some(line.no);
            if same {
                g.last_line = last;
                g.keys.push(key);
                g.tabs += 1;
                continue;
            }
        }
        out.push(Group { first: m.clone(), first_line: line.no, last_line: last, keys: vec![key], tabs: 0 });
        if let Some(g) = out.last_mut() {
            g.tabs = src[line.start..line.start + line.lead].matches('\t').count();
        }
    }
    out
}

/// `src` with the groups' lines indented as they belong.
fn apply(src: &str, groups: &[Group]) -> String {
    let mut out = String::with_capacity(src.len() + 64);
    for (i, raw) in src.split_inclusive('\n').enumerate() {
        let no = i + 1;
        let (lead, text) = lead_of(raw);
        match groups.iter().find(|g| (g.first_line..=g.last_line).contains(&no)) {
            Some(g) if text => {
                let width = if g.first.tab {
                    g.first.to
                } else {
                    (lead as isize + g.first.to as isize - g.first.from as isize).max(0) as usize
                };
                out.push_str(&" ".repeat(width));
                out.push_str(&raw[lead..]);
            }
            _ => out.push_str(raw),
        }
    }
    out
}

fn spaces(n: usize) -> String {
    if n == 1 {
        "1 space".into()
    } else {
        format!("{n} spaces")
    }
}

/// Where lines belong: under a line that opens a mapping (`key:`, or a
/// list item's first line), or at the top level.
fn place(lines: &[Line], i: Option<usize>) -> String {
    match i.map(|i| &lines[i]) {
        Some(l) => {
            let shown = match l.key {
                Some(k) if !l.dash => format!("{k}:"),
                _ => l.text.trim_end().chars().take(40).collect(),
            };
            format!("under `{shown}` (line {})", l.no)
        }
        None => "at the top level of the file".into(),
    }
}

fn keys_text(keys: &[String]) -> String {
    let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    match keys.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] if rest.len() <= 3 => format!("{} and {last}", rest.join(", ")),
        [first, second, ..] => format!("{first}, {second} and {} more", keys.len() - 2),
        [] => String::new(),
    }
}

fn diagnostic(file: &Path, src: &str, lines: &[Line], g: &Group) -> Diagnostic {
    let l = &lines[g.first.line];
    let start = l.start + l.lead;
    let end = match l.key.and_then(|k| Some(l.text.find(k)? + k.len())) {
        Some(e) => start + e,
        None => start + l.text.chars().next().map_or(1, char::len_utf8),
    };
    let span = Span { start, end, line: l.no, col: l.indent + 1 };
    let (which, is) = if g.first_line == g.last_line {
        (format!("line {}", g.first_line), "is")
    } else {
        (format!("lines {}–{}", g.first_line, g.last_line), "are")
    };
    let place = place(lines, g.first.opener);
    let message = match g.first.written_in {
        _ if g.first.tab => format!("indentation: {which} {is} indented with a tab; YAML indents with spaces only"),
        Some((written, seq)) if written != g.first.opener => {
            let written = match written {
                Some(_) => format!("as the {} {}", if seq { "items" } else { "keys" }, self::place(lines, written)),
                None => "at the top level of the file".into(),
            };
            let belong = if g.keys.len() == 1 { "belongs" } else { "belong" };
            format!("indentation: {which} {is} indented {written}, but {} {belong} {place}", keys_text(&g.keys))
        }
        _ => {
            format!(
                "indentation: {which} {is} indented {}, but the keys {place} are indented {}",
                spaces(g.first.from),
                g.first.to
            )
        }
    };
    let help = if g.first.tab {
        let tabs = if g.tabs == 1 && g.first_line == g.last_line { "the tab" } else { "the tabs" };
        format!("replace {tabs} at the start of {which} with {}, {place}", spaces(g.first.to))
    } else if g.first.to > g.first.from {
        let n = g.first.to - g.first.from;
        format!("indent {which} by {n} more space{}, {place}", if n == 1 { "" } else { "s" })
    } else {
        format!("indent {which} by {} less, {place}", spaces(g.first.from - g.first.to))
    };
    Diagnostic::at(file, src, span, message).help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(kind: FileKind, src: &str) -> Vec<String> {
        explain(Path::new("f.yaml"), src, kind)
            .unwrap_or_default()
            .into_iter()
            .map(|d| format!("{}:{} {} | {}", d.line, d.column, d.message, d.help.unwrap_or_default()))
            .collect()
    }

    const HEAD: &str = "name: K\nprogress:\n";

    /// Each common mistake, and exactly what is said of it.
    #[test]
    fn each_mistake_is_named_with_the_lines_to_indent() {
        let cases: [(FileKind, String, &[&str]); 5] = [
            (
                FileKind::Learner,
                format!("{HEAD}  a/b:\n  status: done\n  finished: 2026-10-07\n  evidence: https://x.test/1\n  c/d: {{status: done}}\n"),
                &["4:3 indentation: lines 4–6 are indented as the keys under `progress:` (line 2), but `status`, `finished` and `evidence` belong under `a/b:` (line 3) | indent lines 4–6 by 2 more spaces, under `a/b:` (line 3)"],
            ),
            (
                FileKind::Learner,
                format!("{HEAD}  a/b:\n    status: done\n   finished: 2026-10-07\n  c/d:\n    status: done\n     finished: 2026-10-07\n"),
                &[
                    "5:4 indentation: line 5 is indented 3 spaces, but the keys under `a/b:` (line 3) are indented 4 | indent line 5 by 1 more space, under `a/b:` (line 3)",
                    "8:6 indentation: line 8 is indented 5 spaces, but the keys under `c/d:` (line 6) are indented 4 | indent line 8 by 1 space less, under `c/d:` (line 6)",
                ],
            ),
            (
                FileKind::Learner,
                format!("{HEAD}\ta/b:\n\t\tstatus: done\n"),
                &[
                    "3:2 indentation: line 3 is indented with a tab; YAML indents with spaces only | replace the tab at the start of line 3 with 2 spaces, under `progress:` (line 2)",
                    "4:3 indentation: line 4 is indented with a tab; YAML indents with spaces only | replace the tabs at the start of line 4 with 4 spaces, under `a/b:` (line 3)",
                ],
            ),
            (
                FileKind::Cohort,
                "title: T\nmentors:\n  - id: lee\n  name: Lee\n  - id: kim\n    name: Kim\n".into(),
                &["4:3 indentation: line 4 is indented as the items under `mentors:` (line 2), but `name` belongs under `- id: lee` (line 3) | indent line 4 by 2 more spaces, under `- id: lee` (line 3)"],
            ),
            (
                FileKind::Learner,
                format!("{HEAD}  a/b: {{status: done}}\n  github: kim\n"),
                &["4:3 indentation: line 4 is indented as the keys under `progress:` (line 2), but `github` belongs at the top level of the file | indent line 4 by 2 spaces less, at the top level of the file"],
            ),
        ];
        for (kind, src, expected) in cases {
            assert_eq!(shown(kind, &src), expected, "{src}");
        }
    }

    #[test]
    fn other_mistakes_are_not_called_indentation() {
        let none = |kind: FileKind, src: &str| explain(Path::new("f.yaml"), src, kind).is_none();
        assert!(none(FileKind::Learner, "name: K\nprogres:\n  a/b: {status: done}\n"), "an unknown key");
        assert!(none(FileKind::Learner, "name: K\nprogress:\n  a/b: {status: finised}\n"), "a bad value");
        assert!(
            none(FileKind::Learner, "name: K\nprogress:\n  a/b:\n    status: done\n  foo: bar\n"),
            "a key of no level"
        );
        // Moving `name` to the top would make it a duplicate: not the fix.
        assert!(none(FileKind::Learner, "name: K\nprogress:\n  a/b: {status: done}\n  name: L\n"));
        assert!(none(
            FileKind::Learner,
            "name: K\nprogress:\n  a/b: {status: done, finished: 2026-09-08\n  c/d: {status: doing}\n"
        ));
    }
}
