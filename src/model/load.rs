//! Reading the files of a project: bytes → UTF-8 text → document → schema
//! check → typed model. Each file is read on its own, so one broken
//! file never hides the problems of another.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use super::doc::{self, Doc, Span};
use super::schema::{self, FileKind};
use super::{Cohort, Learner, Roadmap};
use crate::diag::Diagnostic;
use crate::yaml;

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
}

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
    let learners: Vec<(PathBuf, Sources, Vec<Diagnostic>, Option<Learner>)> = learner_files(root, &mut out.diags)
        .into_par_iter()
        .map(|rel| {
            let (mut sources, mut diags) = (Sources::new(), Vec::new());
            let learner = load_file::<Learner>(root, &rel, FileKind::Learner, &mut sources, &mut diags);
            (rel, sources, diags, learner)
        })
        .collect();
    for (rel, sources, diags, learner) in learners {
        // `extend`, not `append`: append merges the whole map each time.
        out.sources.extend(sources);
        out.diags.extend(diags);
        if let Some(mut learner) = learner {
            learner.id = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            out.learners.push(learner);
        }
    }
    out.learners.sort_by(|a, b| a.id.cmp(&b.id));
    out
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
    let parsed = yaml::Parsed::new(text).ok()?;
    let tree = Doc { root: Some(parsed.tree()?), anchors: Vec::new() };
    if !schema::check(rel, text, &tree, kind).is_empty() {
        return None;
    }
    parsed.into_typed::<T>().ok()
}

/// What the two parsers may read differently: plain scalars in another base
/// (`0b101`, `0o17`, `0x10`) and `-0`, which the two parsers, and serde_yaml's
/// typed and untyped readers, do not all take the same way; quoted scalars
/// that go on over a line break; tabs, control characters, byte-order marks and Unicode
/// line breaks inside the text. A file with any goes the positioned way,
/// which decides for both.
fn may_read_differently(text: &str) -> bool {
    let b = text.as_bytes();
    let odd_char =
        |c: char| (c.is_control() && c != '\n' && c != '\r') || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}');
    if text.chars().any(odd_char) {
        return true;
    }
    // A carriage return that does not end a line.
    if b.iter().enumerate().any(|(i, c)| *c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
        return true;
    }
    if text.lines().any(opens_a_quote_it_does_not_close) {
        return true;
    }
    // `-0`: negative zero read as a float, or as the integer 0.
    let separator = |c: u8| matches!(c, b' ' | b'\t' | b':' | b'[' | b',' | b'{' | b'\n');
    if b.windows(2).enumerate().any(|(i, w)| {
        w == b"-0" && (i == 0 || separator(b[i - 1])) && b.get(i + 2).is_none_or(|c| !c.is_ascii_digit() && *c != b'.')
    }) {
        return true;
    }
    b.windows(3).enumerate().any(|(i, w)| {
        (w[0] == b'0' && matches!(w[1], b'b' | b'B' | b'o' | b'O' | b'x' | b'X') && w[2].is_ascii_hexdigit())
            && (i == 0 || matches!(b[i - 1], b' ' | b'\t' | b':' | b'[' | b',' | b'-' | b'+' | b'{' | b'\n'))
    })
}

/// Whether `line` starts a quoted scalar (at the start of the line or after
/// `- `, `: `, `? `, `[`, `{` or `,`) that goes on to the next line: the two
/// parsers fold such scalars differently. Quotes inside other text may look
/// like such a start too; that only sends the file the positioned way.
fn opens_a_quote_it_does_not_close(line: &str) -> bool {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let q = b[i];
        // A quote is ASCII, so `i` is then a character boundary.
        let after_start = || {
            let before = line[..i].trim_end_matches(' ');
            before.is_empty() || before.ends_with(['-', ':', '?', '[', '{', ','])
        };
        if !(q == b'"' || q == b'\'') || !after_start() {
            i += 1;
            continue;
        }
        // Find the closing quote: `\"` escapes in double quotes, `''` in single.
        let mut j = i + 1;
        loop {
            match b.get(j) {
                None => return true,
                Some(b'\\') if q == b'"' => j += 2,
                Some(&c) if c == q && q == b'\'' && b.get(j + 1) == Some(&b'\'') => j += 2,
                Some(&c) if c == q => break,
                Some(_) => j += 1,
            }
        }
        i = j + 1;
    }
    false
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
    // Typed values come from serde_yaml (behind `crate::yaml`); the
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

/// `roadmap/learners/*.yaml`, skipping editor temporaries; names that are not
/// ids are reported (the file stem is the learner id).
fn learner_files(root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(root.join(LEARNERS)) else { return out };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = Path::new(LEARNERS).join(&name);
        if crate::serve::watch::is_editor_temp(Path::new(&name)) || !entry.path().is_file() {
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
