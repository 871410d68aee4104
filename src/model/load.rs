//! Reading the files of a project: bytes → UTF-8 text → document → schema
//! check → typed model. Each file is read on its own, so one broken
//! file never hides the problems of another.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::Deserialize as _;

use super::doc::{self, Doc, Span};
use super::schema::{self, FileKind};
use super::{Cohort, Learner, Roadmap};
use crate::diag::Diagnostic;
use crate::model::yaml;

/// One input file as read: its text (without a UTF-8 byte-order mark) and
/// its positioned document, parsed only when a diagnostic needs a place in it.
#[derive(Clone, Debug)]
pub struct Source {
    pub text: String,
    doc: OnceLock<Doc>,
}

impl Source {
    fn parsed(text: String, doc: Doc) -> Source {
        Source { text, doc: OnceLock::from(doc) }
    }

    fn unparsed(text: String) -> Source {
        Source { text, doc: OnceLock::new() }
    }

    /// The positioned document (empty when the text does not parse).
    pub fn doc(&self) -> &Doc {
        self.doc.get_or_init(|| doc::parse(&self.text).unwrap_or_default())
    }
}

pub type Sources = BTreeMap<PathBuf, Source>;

pub const COHORT: &str = "roadmap/cohort.yaml";
pub const ROADMAP: &str = "roadmap/roadmap.yaml";
pub const LEARNERS: &str = "roadmap/learners";

/// Everything that could be read, and the problems found on the way.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub cohort: Option<Cohort>,
    pub roadmap: Option<Roadmap>,
    /// Translations by language code, from `roadmap.<lang>.yaml`.
    pub translations: BTreeMap<String, Roadmap>,
    pub learners: Vec<Learner>,
    pub sources: Sources,
    pub diags: Vec<Diagnostic>,
    /// Learner files with problems that were read in part (what the schema
    /// check refused left out), so that `check` can still report what the
    /// rest of the file gets wrong against the cohort and the roadmap.
    pub partial: BTreeSet<PathBuf>,
}

/// One learner file as read: its path, sources, problems, value, and whether
/// the value was read only in part.
type LearnerRead = (PathBuf, Sources, Vec<Diagnostic>, Option<Learner>, bool);

pub fn load(root: &Path) -> Loaded {
    let mut out = Loaded::default();
    out.cohort = load_file(root, Path::new(COHORT), FileKind::Cohort, &mut out.sources, &mut out.diags);
    if root.join(ROADMAP).is_file() {
        out.roadmap = load_file(root, Path::new(ROADMAP), FileKind::Roadmap, &mut out.sources, &mut out.diags);
    } else {
        out.diags.push(
            Diagnostic::file(Path::new(ROADMAP), "the roadmap is missing")
                .help("create roadmap/roadmap.yaml, or run `waymark init` in a new folder to see one"),
        );
    }
    for (lang, rel) in translation_files(root, &mut out.diags) {
        if let Some(t) = load_file(root, &rel, FileKind::Roadmap, &mut out.sources, &mut out.diags) {
            out.translations.insert(lang, t);
        }
    }
    // Learner files are independent: read and parse them in parallel, then
    // merge in file order, so the result is the same as reading them one by one.
    let learners: Vec<LearnerRead> = learner_files(root, &mut out.diags)
        .into_par_iter()
        .map(|rel| {
            let (mut sources, mut diags) = (Sources::new(), Vec::new());
            let mut learner = load_file::<Learner>(root, &rel, FileKind::Learner, &mut sources, &mut diags);
            let mut partial = false;
            if learner.is_none() {
                learner = sources.get(&rel).and_then(|s| read_in_part(&rel, s));
                partial = learner.is_some();
            }
            (rel, sources, diags, learner, partial)
        })
        .collect();
    for (rel, sources, diags, learner, partial) in learners {
        // `extend`, not `append`: append merges the whole map each time.
        out.sources.extend(sources);
        out.diags.extend(diags);
        if partial {
            out.partial.insert(rel.clone());
        }
        if let Some(mut learner) = learner {
            learner.id = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            out.learners.push(learner);
        }
    }
    out.learners.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// A learner file the schema check refused, read without what it refused:
/// each value with a problem is left out (with the entry or list item
/// holding it, then the one holding that, until what is left reads). None
/// for a file that did not parse, or uses anchors.
fn read_in_part(rel: &Path, source: &Source) -> Option<Learner> {
    let doc = source.doc();
    if !doc.anchors.is_empty() {
        return None;
    }
    let root = doc.root.as_ref()?;
    let (_, places) = schema::check_with_places(rel, &source.text, doc, FileKind::Learner);
    if places.is_empty() {
        return None;
    }
    let paths: Vec<Vec<usize>> = places.iter().map(|p| path_to(root, p)).collect();
    let depth = paths.iter().map(Vec::len).max().unwrap_or(0);
    for up in 0..depth {
        let cut: BTreeSet<&[usize]> =
            paths.iter().filter(|p| !p.is_empty()).map(|p| &p[..p.len().saturating_sub(up).max(1)]).collect();
        if let Ok(l) = Learner::deserialize(without(root, &cut, &mut Vec::new())) {
            return Some(l);
        }
    }
    None
}

/// The indices of the map entries and list items, from `node` down, that hold `place`.
fn path_to(node: &doc::Node, place: &Span) -> Vec<usize> {
    let holds = |a: &Span, b: &Span| a.start <= place.start && place.start < b.end.max(a.start + 1);
    let mut path = Vec::new();
    let mut at = node;
    loop {
        let next = match &at.kind {
            doc::Kind::Map(entries) => {
                entries.iter().position(|e| holds(&e.key.span, &e.value.span)).map(|i| (i, &entries[i].value))
            }
            doc::Kind::Seq(items) => items.iter().position(|n| holds(&n.span, &n.span)).map(|i| (i, &items[i])),
            _ => None,
        };
        match next {
            Some((i, n)) => {
                path.push(i);
                at = n;
            }
            None => return path,
        }
    }
}

/// A copy of `node` without the elements at the paths in `cut`.
fn without(node: &doc::Node, cut: &BTreeSet<&[usize]>, here: &mut Vec<usize>) -> doc::Node {
    let keep = |i: usize, n: &doc::Node, here: &mut Vec<usize>| {
        here.push(i);
        let out = (!cut.contains(here.as_slice())).then(|| without(n, cut, here));
        here.pop();
        out
    };
    let kind = match &node.kind {
        doc::Kind::Map(entries) => doc::Kind::Map(
            entries
                .iter()
                .enumerate()
                .filter_map(|(i, e)| Some(doc::Entry { key: e.key.clone(), value: keep(i, &e.value, here)? }))
                .collect(),
        ),
        doc::Kind::Seq(items) => {
            doc::Kind::Seq(items.iter().enumerate().filter_map(|(i, n)| keep(i, n, here)).collect())
        }
        other => other.clone(),
    };
    doc::Node { span: node.span, style: node.style, kind }
}

/// Read, parse, schema-check and deserialise one file. Problems go to `diags`;
/// the value comes back only when the file is free of them.
pub fn load_file<T: DeserializeOwned>(
    root: &Path,
    rel: &Path,
    kind: FileKind,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let bytes = match std::fs::read(root.join(rel)) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::file(rel, format!("cannot read the file: {e}")));
            return None;
        }
    };
    let (source, value) = parse_source(rel, bytes, kind, diags);
    if let Some(source) = source {
        sources.insert(rel.to_path_buf(), source);
    }
    value
}

/// The same as [`load_file`] for bytes already in hand (edits check the
/// bytes they are about to write with it).
pub fn parse_source<T: DeserializeOwned>(
    rel: &Path,
    bytes: Vec<u8>,
    kind: FileKind,
    diags: &mut Vec<Diagnostic>,
) -> (Option<Source>, Option<T>) {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            diags.push(not_utf8(rel, e.as_bytes(), e.utf8_error().valid_up_to()));
            return (None, None);
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    // The common case, a file without problems, is parsed once: by
    // serde_yaml, checked against the schema as a tree without positions.
    // Anything the check finds, and anything serde_yaml refuses, goes the
    // long way, which parses with positions and says where.
    if let Some(value) = parse_once::<T>(rel, &text, kind) {
        return (Some(Source::unparsed(text)), Some(value));
    }
    parse_positioned(rel, text, kind, diags)
}

/// The value of a file that needs no diagnostic, from one parse; None for
/// anything else.
fn parse_once<T: DeserializeOwned>(rel: &Path, text: &str, kind: FileKind) -> Option<T> {
    if may_read_differently(text) {
        return None;
    }
    let tree = Doc { root: Some(yaml::tree(text).ok()?), anchors: Vec::new() };
    if !schema::check(rel, text, &tree, kind).is_empty() {
        return None;
    }
    T::deserialize(tree.root?).ok()
}

/// What the two parsers may read differently: plain scalars in another base
/// (`0b101`, `0o17`, `0x10`) and `-0`, which the two parsers, and serde_yaml's
/// typed and untyped readers, do not all take the same way; quoted scalars
/// that go on over a line break; tabs, control characters, byte-order marks and Unicode
/// line breaks inside the text. A file with any goes the positioned way,
/// which decides for both.
fn may_read_differently(text: &str) -> bool {
    // The bytes that can start anything below; the rest are skipped.
    const LOOK: [bool; 256] = {
        let mut t = [false; 256];
        let mut c = 0;
        while c < 0x20 {
            t[c] = true;
            c += 1;
        }
        let mut more = [0x7f, 0xc2, 0xe2, 0xef, b'"', b'\'', b'-', b'0'].as_slice();
        while let [c, rest @ ..] = more {
            t[*c as usize] = true;
            more = rest;
        }
        t
    };
    let b = text.as_bytes();
    // Where the current line starts, for quotes.
    let mut line = 0;
    let mut i = 0;
    while i < b.len() {
        if !LOOK[b[i] as usize] {
            i += 1;
            continue;
        }
        match b[i] {
            b'\n' => line = i + 1,
            // A carriage return that does not end a line.
            b'\r' if b.get(i + 1) != Some(&b'\n') => return true,
            b'\r' => {}
            _ if odd_char_at(b, i) => return true,
            q @ (b'"' | b'\'') if starts_a_scalar(&b[line..i]) => match closing_quote(b, i, q) {
                Some(end) => i = end,
                None => return true,
            },
            // `-0`: negative zero read as a float, or as the integer 0.
            b'-' if b.get(i + 1) == Some(&b'0')
                && (i == 0 || matches!(b[i - 1], b' ' | b'\t' | b':' | b'[' | b',' | b'{' | b'\n'))
                && b.get(i + 2).is_none_or(|c| !c.is_ascii_digit() && *c != b'.') =>
            {
                return true
            }
            b'0' if matches!(b.get(i + 1), Some(b'b' | b'B' | b'o' | b'O' | b'x' | b'X'))
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
                && (i == 0 || matches!(b[i - 1], b' ' | b'\t' | b':' | b'[' | b',' | b'-' | b'+' | b'{' | b'\n')) =>
            {
                return true
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// Whether a tab, a control character (C0 or C1), a byte-order mark, U+2028
/// or U+2029 starts at `b[i]`.
fn odd_char_at(b: &[u8], i: usize) -> bool {
    match b[i] {
        0..=0x1f | 0x7f => !matches!(b[i], b'\n' | b'\r'),
        0xc2 => matches!(b.get(i + 1), Some(0x80..=0x9f)),
        0xef => b[i + 1..].starts_with(&[0xbb, 0xbf]),
        0xe2 => b[i + 1..].starts_with(&[0x80]) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)),
        _ => false,
    }
}

/// Whether a quote after `before` (the line up to it) starts a quoted
/// scalar: at the start of the line or after `- `, `: `, `? `, `[`, `{` or `,`.
/// Quotes inside other text may look like such a start too; that only sends
/// the file the positioned way.
fn starts_a_scalar(before: &[u8]) -> bool {
    let mut end = before.len();
    while end > 0 && before[end - 1] == b' ' {
        end -= 1;
    }
    end == 0 || matches!(before[end - 1], b'-' | b':' | b'?' | b'[' | b'{' | b',')
}

/// Where the quoted scalar opened by the quote `q` at `open` closes on the
/// same line (`\"` escapes in double quotes, `''` in single); None when it
/// goes on over a line break, where the two parsers fold it differently, or
/// holds an odd character.
fn closing_quote(b: &[u8], open: usize, q: u8) -> Option<usize> {
    let mut j = open + 1;
    loop {
        match *b.get(j)? {
            b'\n' | b'\r' => return None,
            _ if odd_char_at(b, j) => return None,
            b'\\' if q == b'"' => {
                if matches!(b.get(j + 1), None | Some(b'\n' | b'\r')) || odd_char_at(b, j + 1) {
                    return None;
                }
                j += 2;
            }
            c if c == q && q == b'\'' && b.get(j + 1) == Some(&b'\'') => j += 2,
            c if c == q => return Some(j),
            _ => j += 1,
        }
    }
}

/// The long way: the positioned document, its schema check with places, and
/// then the typed value.
fn parse_positioned<T: DeserializeOwned>(
    rel: &Path,
    text: String,
    kind: FileKind,
    diags: &mut Vec<Diagnostic>,
) -> (Option<Source>, Option<T>) {
    let doc = match doc::parse(&text) {
        Ok(d) => d,
        Err(e) => {
            let mut d = Diagnostic::at(rel, &text, e.span, e.message);
            d.help = e.help.or_else(|| syntax_help(&text, e.span));
            diags.push(d);
            return (Some(Source::parsed(text, Doc::default())), None);
        }
    };
    let problems = schema::check(rel, &text, &doc, kind);
    if !problems.is_empty() {
        diags.extend(problems);
        return (Some(Source::parsed(text, doc)), None);
    }
    // Typed values come from serde_yaml (behind `crate::model::yaml`); the
    // positioned document above only gives the diagnostics their places.
    let value = match yaml::from_str::<T>(&text) {
        Ok(v) => Some(v),
        Err(e) => {
            // The schema check should have caught everything serde refuses;
            // if not, still say where.
            let span = Span { start: 0, end: 0, line: e.line.unwrap_or(1), col: e.column.unwrap_or(1) };
            diags.push(Diagnostic::at(rel, &text, span, e.message));
            None
        }
    };
    (Some(Source::parsed(text, doc)), value)
}

fn not_utf8(rel: &Path, bytes: &[u8], valid: usize) -> Diagnostic {
    let prefix = &bytes[..valid];
    let line = prefix.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = prefix.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&prefix[line_start..]).chars().count() + 1;
    let line_end = bytes[line_start..].iter().position(|b| *b == b'\n').map_or(bytes.len(), |i| line_start + i);
    let mut d = Diagnostic::file(rel, format!("the file is not UTF-8 text (byte 0x{:02x})", bytes[valid]));
    d.line = line;
    d.column = col;
    d.width = 1;
    d.source_line = String::from_utf8_lossy(&bytes[line_start..line_end]).trim_end_matches('\r').to_string();
    d.help("save the file as UTF-8 (most editors: \"Save with encoding\" → UTF-8)")
}

fn syntax_help(text: &str, span: Span) -> Option<String> {
    let line = text.lines().nth(span.line.saturating_sub(1)).unwrap_or("");
    if line.starts_with('\t') || text.lines().any(|l| l.starts_with('\t')) {
        return Some("YAML indentation must use spaces, not tabs".into());
    }
    None
}

/// `roadmap/roadmap.<lang>.yaml` files, by language code.
fn translation_files(root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(root.join("roadmap")) else { return out };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(lang) = name.strip_prefix("roadmap.").and_then(|n| n.strip_suffix(".yaml")) else { continue };
        let rel = Path::new("roadmap").join(&name);
        let valid = lang.len() >= 2
            && lang.len() <= 8
            && lang.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            && !lang.starts_with('-');
        if valid {
            out.push((lang.to_string(), rel));
        } else {
            diags.push(
                Diagnostic::file(&rel, format!("`{name}` is not read: `{lang}` is not a language code"))
                    .help("translations are named roadmap.<lang>.yaml, e.g. roadmap.en.yaml")
                    .warning(),
            );
        }
    }
    out.sort();
    out
}

/// Files editors write next to the real one while saving: vim swap files and
/// its rename-on-save `4913` probe, emacs `#autosave#` and `.#lock`, JetBrains
/// `___jb_tmp___`/`___jb_old___`, `~` backups, and other hidden files.
pub fn is_editor_temp(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return true };
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with('#')
        || name == "4913"
        || name.contains("___jb_")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.ends_with(".orig")
}

/// `roadmap/learners/*.yaml`, skipping editor temporaries; names that are not
/// ids are reported (the file stem is the learner id).
fn learner_files(root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(root.join(LEARNERS)) else { return out };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = Path::new(LEARNERS).join(&name);
        if is_editor_temp(Path::new(&name)) || !entry.path().is_file() {
            continue;
        }
        if let Some(stem) = name.strip_suffix(".yml") {
            diags.push(
                Diagnostic::file(&rel, "learner files end in `.yaml`; this one is not read")
                    .help(format!("rename it to `{stem}.yaml`")),
            );
            continue;
        }
        let Some(stem) = name.strip_suffix(".yaml") else { continue };
        if !schema::is_id(stem) {
            let slug = schema::slugify(stem);
            let help = if slug.is_empty() {
                schema::ID_RULE.to_string()
            } else {
                format!("the file name is the learner id; rename it to `{slug}.yaml` ({})", schema::ID_RULE)
            };
            diags.push(Diagnostic::file(&rel, format!("`{stem}` is not a valid learner id")).help(help));
            continue;
        }
        out.push(rel);
    }
    out.sort();
    out
}

#[cfg(test)]
pub mod paths {
    //! Both ways of reading a file, for the property test that the quick one
    //! accepts nothing the positioned one refuses.
    use super::*;

    pub fn once<T: DeserializeOwned>(rel: &Path, text: &str, kind: FileKind) -> Option<T> {
        parse_once(rel, text, kind)
    }

    pub fn positioned<T: DeserializeOwned>(rel: &Path, text: &str, kind: FileKind) -> Option<T> {
        parse_positioned(rel, text.to_string(), kind, &mut Vec::new()).1
    }
}

#[cfg(test)]
mod tests {
    use super::may_read_differently;

    #[test]
    fn what_the_two_parsers_may_read_differently() {
        let differ = [
            "a: \"x\ty\"\n",
            "a: \"x\\\u{2028}y\"\n",
            "a: 'x\u{85}y'\n",
            "a: x\u{feff}\n",
            "a: \"one\n  two\"\n",
            "- 'open\n",
            "a: \"ends in a backslash\\\n",
            "a: x\ry\n",
            "a: -0\n",
            "[-0]\n",
            "hours: 0x10\n",
            "a: [1, 0b101]\n",
            "t:\t1\n",
        ];
        for text in differ {
            assert!(may_read_differently(text), "{text:?}");
        }
        let same = [
            "title: \"쿠버네티스 \\\"Pod\\\"\"\n",
            "a: 'it''s'\r\n",
            "a: don't \"quote\" me\n",
            "a: -01\n",
            "a: -0.5\n",
            "a: x-0\n",
            "a: 10x1\n",
            "note: |\n  a \"multi\n  line\n",
            "한국어: '배포 최적화'\n",
        ];
        for text in same {
            assert!(!may_read_differently(text), "{text:?}");
        }
    }
}
