//! Reading the files of a project: bytes → UTF-8 text → document → schema
//! check → typed model. Each file is read on its own, so one broken
//! file never hides the problems of another.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::Deserialize as _;

use super::de::Read;
use super::doc::{self, Doc, Span};
use super::schema::{self, FileKind};
use super::sealed::{self, Keys, Opened, Unread};
use super::Learner;
use crate::diag::{display_path, Diagnostic};

pub use super::files::{COHORT, LEARNERS, MAX_FILE_BYTES, ROADMAP};

pub use super::loaded::{Doubled, Loaded, Source, Sources};

/// One learner file as read: its path, sources, problems, value, whether
/// the value was read only in part, and whether it is a sealed file left
/// unread.
type LearnerRead = (PathBuf, Sources, Vec<Diagnostic>, Option<Learner>, bool, Option<Unread>);

/// [`load_with`] without a key: sealed learner files are left unread.
pub fn load(root: &Path) -> Loaded {
    load_with(root, None)
}

/// Every file of the project at `root`, sealed learner files opened with `keys`.
pub fn load_with(root: &Path, keys: Option<&Keys>) -> Loaded {
    load_all(root, keys, false)
}

/// [`load_with`], each learner thinned as soon as it is read (see
/// [`Learner::thin`]): what `serve` holds, without ever holding every
/// learner's texts at once.
pub fn load_thinned(root: &Path, keys: Option<&Keys>) -> Loaded {
    load_all(root, keys, true)
}

fn load_all(root: &Path, keys: Option<&Keys>, thin: bool) -> Loaded {
    let mut out = load_shared(root);
    let files = learner_files(root, &mut out.diags);
    add_learners(&mut out, root, keys, files, thin);
    out
}

/// What an edit of learner `id`, or `status ID`, needs of the project:
/// cohort.yaml, the roadmap and its translations, and that learner's file
/// alone — `learners/<id>.yaml`, else the sealed files (whose names do not
/// say whose they are). Every check of a learner file needs no other
/// learner's, so the file comes out with the diagnostics [`load_with`]
/// gives it. `None` when no file is the learner's: the caller then loads
/// everything, for the problems of sealed files that did not open and the
/// did-you-mean among all the ids.
pub fn load_for(root: &Path, keys: Option<&Keys>, id: &str) -> Option<Loaded> {
    let mut out = load_shared(root);
    let plain = super::learner_rel(id);
    let sealed_files = || {
        let mut files = learner_files(root, &mut Vec::new());
        files.retain(|f| sealed::is_sealed(&f.to_string_lossy()));
        files
    };
    if schema::is_id(id) && root.join(&plain).is_file() {
        // The learner's file, whatever it holds: its problems are theirs.
        // With a key, the sealed files too: a `seal` that did not finish
        // leaves the learner in both, and an edit must wait for the choice.
        let mut files = vec![plain];
        if keys.is_some() {
            files.extend(sealed_files());
        }
        add_learners(&mut out, root, keys, files, false);
        out.learners.retain(|l| l.id == id);
        return Some(out);
    }
    add_learners(&mut out, root, keys, sealed_files(), false);
    out.learners.iter().any(|l| l.id == id).then_some(out)
}

/// The learners of `files`, read in full (what [`super::roster`] cannot read lightly).
pub(super) fn read_learners(root: &Path, keys: Option<&Keys>, files: Vec<PathBuf>) -> Vec<Learner> {
    let mut out = Loaded::default();
    add_learners(&mut out, root, keys, files, true);
    out.learners
}

/// cohort.yaml, the roadmap and its translations.
pub fn load_shared(root: &Path) -> Loaded {
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
    out
}

/// Read the learner files `files` into `out`, each learner thinned with `thin`.
fn add_learners(out: &mut Loaded, root: &Path, keys: Option<&Keys>, files: Vec<PathBuf>, thin: bool) {
    // Learner files are independent: read and parse them in parallel, then
    // merge in file order, so the result is the same as reading them one by one.
    let refs = super::validate::Refs::of(out.cohort.as_ref(), out.roadmap.as_ref());
    let learners: Vec<LearnerRead> = files
        .into_par_iter()
        .map(|rel| {
            let (mut sources, mut diags) = (Sources::new(), Vec::new());
            let read = load_learner(root, &rel, keys, &mut sources, &mut diags);
            let (mut learner, partial, unread) = match read {
                Ok((learner, partial)) => (learner, partial, None),
                Err(unread) => (None, false, Some(unread)),
            };
            // The text of a file is kept only while a diagnostic may point
            // into it: a file with problems, a sealed one (told apart from
            // its plain twin by its text), a plain `private: true` one (warned
            // about at that line). The others' texts, most of what a cohort
            // weighs, are let go of as soon as their learner is read.
            let quiet = |l: &Learner| {
                diags.is_empty()
                    && !partial
                    && !l.private
                    && !super::validate::learner_has_problems(&refs, &sources, &rel, false, l)
            };
            if learner.as_ref().is_some_and(quiet) {
                sources.clear();
            }
            // The checks across files read no note, comment or journal text.
            if let Some(learner) = learner.as_mut().filter(|_| thin) {
                learner.thin();
            }
            (rel, sources, diags, learner, partial, unread)
        })
        .collect();
    drop(refs);
    for (rel, sources, diags, learner, partial, unread) in learners {
        // `extend`, not `append`: append merges the whole map each time.
        out.sources.extend(sources);
        out.diags.extend(diags);
        out.unread.extend(unread);
        if partial {
            out.partial.insert(rel.clone());
        }
        let Some(learner) = learner else { continue };
        if sealed::is_sealed(&rel.to_string_lossy()) {
            if let Some(other) = out.sealed.get(&learner.id) {
                let d =
                    at_id(&rel, &out.sources, format!("learner `{}` is also in {}", learner.id, display_path(other)))
                        .help("a learner has one file: delete one of them");
                out.diags.push(d);
                continue;
            }
            if root.join(super::learner_rel(&learner.id)).is_file() {
                // Told apart once the plain file is read too, below.
                out.doubled.insert(learner.id.clone(), Doubled { sealed: rel, same: false });
                continue;
            }
            out.sealed.insert(learner.id.clone(), rel);
        }
        out.learners.push(learner);
    }
    for (id, doubled) in &mut out.doubled {
        let plain = super::learner_rel(id);
        // The plain file's text was let go of when it had no problem of its own.
        let plain_text = match out.sources.get(&plain) {
            Some(p) => Some(p.text.clone()),
            None => read_inside(root, &plain).ok().and_then(|b| String::from_utf8(b).ok()),
        };
        let plain_text = plain_text.as_deref().map(|t| t.strip_prefix('\u{feff}').unwrap_or(t));
        doubled.same = match (out.sources.get(&doubled.sealed), plain_text) {
            (Some(s), Some(p)) => s.text == p || s.text == sealed::with_id(p, id),
            _ => false,
        };
        out.diags.push(doubled_diagnostic(&out.sources, id, doubled));
    }
    out.learners.sort_by(|a, b| a.id.cmp(&b.id));
    // A GitHub login in several files is warned about at the `github:` line
    // of its second file (see `validate`): its text, let go of above, is
    // read again.
    let sharing: Vec<PathBuf> = super::validate::sharing_a_login(&out.learners)
        .into_iter()
        .map(|group| out.learner_file(&group[1].id))
        .filter(|rel| !out.sources.contains_key(rel))
        .collect();
    for rel in sharing {
        if let Some(text) = read_inside(root, &rel).ok().and_then(|b| String::from_utf8(b).ok()) {
            let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
            out.sources.insert(rel, Source::unparsed(text));
        }
    }
}

/// A diagnostic at the `id:` of the sealed file `rel` (at the file when it has none).
fn at_id(rel: &Path, sources: &Sources, message: String) -> Diagnostic {
    match sources.get(rel).and_then(|s| Some((s, s.doc().root.as_ref()?.get("id")?.span))) {
        Some((source, span)) => Diagnostic::at(rel, &source.text, span, message),
        None => Diagnostic::file(rel, message),
    }
}

/// What to do about a learner in a plain and a sealed file both: which
/// command finishes the job, or, when the two differ, which file to remove.
fn doubled_diagnostic(sources: &Sources, id: &str, doubled: &Doubled) -> Diagnostic {
    let plain = display_path(&super::learner_rel(id));
    let this = display_path(&doubled.sealed);
    if doubled.same {
        at_id(
            &doubled.sealed,
            sources,
            format!("learner `{id}` is in this sealed file and in {plain}, which says the same: a `waymark seal` or `unseal` did not finish"),
        )
        .help(format!(
            "run `waymark seal {id}` to keep it sealed (it removes {plain}), or `waymark unseal {id}` to keep it in plain text (it removes {this})"
        ))
    } else {
        at_id(&doubled.sealed, sources, format!("learner `{id}` is in this sealed file and in {plain}, and the two differ"))
            .help(format!(
                "a learner has one file: delete the one that is out of date — {plain} (`git rm {plain}`) to keep this sealed file, or {this} to keep the plain one"
            ))
    }
}

/// One learner file (plain or sealed), read and checked on its own: the
/// learner with its id (none when the file has problems; then what reads of
/// it, and `true`), or, for a sealed file without a key, why it was not read.
pub fn load_learner(
    root: &Path,
    rel: &Path,
    keys: Option<&Keys>,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Result<(Option<Learner>, bool), Unread> {
    let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let sealed = sealed::is_sealed(&name);
    let bytes = match read_inside(root, rel) {
        Ok(b) => b,
        Err(d) => {
            diags.push(*d);
            return Ok((None, false));
        }
    };
    let bytes = if sealed {
        match sealed::open(rel, &bytes, keys) {
            Opened::Text(text) => text,
            Opened::Unread(u) => return Err(u),
            Opened::Broken(d) => {
                diags.push(d);
                return Ok((None, false));
            }
        }
    } else {
        bytes
    };
    let before = diags.len();
    let (source, value) = parse_source_placed(rel, bytes, FileKind::Learner, diags, Learner::place_entries);
    let Some(source) = source else { return Ok((None, false)) };
    // A file with more problems than are shown is not read in part (the
    // schema check keeps no places for it): no need to walk it again.
    let problems: usize = diags[before..].iter().map(Diagnostic::count).sum();
    let (mut learner, partial) = match value {
        Some(l) => (l, false),
        None if problems > crate::diag::MAX_PER_FILE => {
            sources.insert(rel.to_path_buf(), source);
            return Ok((None, false));
        }
        None => match read_in_part(rel, &source) {
            Some(l) => (l, true),
            None => {
                sources.insert(rel.to_path_buf(), source);
                return Ok((None, false));
            }
        },
    };
    let stem = name.strip_suffix(".yaml").unwrap_or(&name);
    match id_problem(rel, &source, &learner, sealed, stem) {
        Some(d) => {
            diags.push(d);
            sources.insert(rel.to_path_buf(), source);
            return Ok((None, false));
        }
        None if !sealed => learner.id = stem.to_string(),
        None => learner.private = true,
    }
    repair_evidence(rel, &source, &mut learner, diags);
    learner.pack();
    sources.insert(rel.to_path_buf(), source);
    Ok((Some(learner), partial))
}

/// Evidence links that hold what a URL may not (a space, a stray `%`) are
/// read percent-encoded, so the site, the CSV and the JSON carry the same
/// working link, and each is a warning at its line with the link to write.
fn repair_evidence(rel: &Path, source: &Source, learner: &mut Learner, diags: &mut Vec<Diagnostic>) {
    for (task, progress) in &mut learner.progress {
        for (i, link) in progress.evidence.iter_mut().enumerate() {
            let Some(fixed) = schema::repair_url(link) else { continue };
            let node = source.doc().root.as_ref().and_then(|r| r.get("progress")?.get(task)?.get("evidence"));
            let span = node.and_then(|n| match &n.kind {
                doc::Kind::Seq(items) => items.get(i).map(|n| n.span),
                _ => Some(n.span),
            });
            let message = format!("evidence link `{}` holds characters a link may not", crate::text::one_line(link));
            let mut d = match span {
                Some(span) => Diagnostic::at(rel, &source.text, span, message),
                None => Diagnostic::file(rel, message),
            };
            d.severity = crate::diag::Severity::Warning;
            d.help = Some(format!("it is read as `{fixed}`; write that in the file"));
            diags.push(d);
            *link = fixed.into();
        }
    }
}

/// A sealed file must say whose it is in `id:`; a plain file may, but
/// then as its name does.
fn id_problem(rel: &Path, source: &Source, learner: &Learner, sealed: bool, stem: &str) -> Option<Diagnostic> {
    let at = |message: String| {
        let span = source.doc().root.as_ref().and_then(|r| r.get("id")).map(|n| n.span);
        match span {
            Some(span) => Diagnostic::at(rel, &source.text, span, message),
            None => Diagnostic::file(rel, message),
        }
    };
    if sealed && learner.id.is_empty() {
        return Some(
            Diagnostic::file(rel, "a sealed learner file needs `id:`: its name does not say whose it is")
                .help("add `id: <learner-id>` to the file (`waymark seal` writes it)"),
        );
    }
    if !sealed && !learner.id.is_empty() && learner.id != stem {
        return Some(
            at(format!("`id: {}` does not match the file name, which makes the id `{stem}`", learner.id))
                .help(format!("remove `id:`, or rename the file to `{}.yaml`", learner.id)),
        );
    }
    None
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
        if let Ok(l) = Learner::deserialize(Read::tree(&without(root, &cut, &mut Vec::new()))) {
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
        // Entries and items are in source order: the one that may hold the
        // place is the last that starts at or before it.
        let next = match &at.kind {
            doc::Kind::Map(entries) => entries
                .partition_point(|e| e.key.span.start <= place.start)
                .checked_sub(1)
                .filter(|&i| holds(&entries[i].key.span, &entries[i].value.span))
                .map(|i| (i, &entries[i].value)),
            doc::Kind::Seq(items) => items
                .partition_point(|n| n.span.start <= place.start)
                .checked_sub(1)
                .filter(|&i| holds(&items[i].span, &items[i].span))
                .map(|i| (i, &items[i])),
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
    let bytes = match read_inside(root, rel) {
        Ok(b) => b,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    let (source, value) = parse_source(rel, bytes, kind, diags);
    if let Some(source) = source {
        sources.insert(rel.to_path_buf(), source);
    }
    value
}

/// The bytes of `root/rel`, when it is a regular file whose real path (links
/// followed) is inside the project and that is not too large. A refusal
/// names the file and shows none of its content.
pub fn read_inside(root: &Path, rel: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    use std::io::Read as _;
    let cannot = |e: std::io::Error| Box::new(Diagnostic::file(rel, format!("cannot read the file: {e}")));
    let path = root.join(rel);
    let real = path.canonicalize().map_err(cannot)?;
    let real_root = root.canonicalize().map_err(cannot)?;
    if !real.starts_with(&real_root) {
        return Err(Box::new(
            Diagnostic::file(rel, "the file is a link to a file outside the project; it is not read")
                .help("input files must lie inside the project folder: copy the file in, or remove the link"),
        ));
    }
    let file = std::fs::File::open(&real).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(Box::new(Diagnostic::file(rel, "not a regular file; it is not read")));
    }
    let too_large = || {
        Box::new(
            Diagnostic::file(rel, format!("the file is larger than {} MiB; it is not read", MAX_FILE_BYTES >> 20))
                .help("waymark files are small text files; split or shorten this one"),
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The same as [`load_file`] for bytes already in hand (edits check the
/// bytes they are about to write with it). The text is parsed once, with
/// positions; the schema check walks that document and the typed value is
/// deserialised from the same document, so what is checked is what is used.
pub fn parse_source<T: DeserializeOwned>(
    rel: &Path,
    bytes: Vec<u8>,
    kind: FileKind,
    diags: &mut Vec<Diagnostic>,
) -> (Option<Source>, Option<T>) {
    parse_source_placed(rel, bytes, kind, diags, |_, _| {})
}

/// [`parse_source`], with `place` given the value and the document it was
/// read from, for what the value keeps of its places.
fn parse_source_placed<T: DeserializeOwned>(
    rel: &Path,
    bytes: Vec<u8>,
    kind: FileKind,
    diags: &mut Vec<Diagnostic>,
    place: impl FnOnce(&mut T, &Doc),
) -> (Option<Source>, Option<T>) {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        diags.push(Diagnostic::file(
            rel,
            format!("the file is larger than {} MiB; it is not read", MAX_FILE_BYTES >> 20),
        ));
        return (None, None);
    }
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
    let doc = match doc::parse(&text) {
        Ok(d) => d,
        Err(e) => {
            // Indentation mistakes are told as such, with the lines to indent.
            if let Some(found) = super::indent::explain(rel, &text, kind) {
                diags.extend(found);
                return (Some(Source::parsed(text, Doc::default())), None);
            }
            let mut d = Diagnostic::at(rel, &text, e.span, e.message);
            d.help = e.help.or_else(|| syntax_help(&text, e.span));
            diags.push(d);
            return (Some(Source::parsed(text, Doc::default())), None);
        }
    };
    let problems = schema::check(rel, &text, &doc, kind);
    if !problems.is_empty() {
        diags.extend(super::indent::explain(rel, &text, kind).unwrap_or(problems));
        return (Some(Source::parsed(text, doc)), None);
    }
    let value = match &doc.root {
        Some(root) => match T::deserialize(Read::new(root, &doc)) {
            Ok(mut v) => {
                place(&mut v, &doc);
                Some(v)
            }
            Err(e) => {
                // The schema check should have refused whatever the types
                // refuse; if not, still say so.
                diags.push(Diagnostic::at(rel, &text, root.span, e.to_string()));
                None
            }
        },
        None => None,
    };
    // A small file without problems keeps only its text: the few
    // diagnostics the cross-file checks may still give it parse it again,
    // which costs little (a cohort of ten thousand learners holds no ten
    // thousand documents). A large one keeps its document, so that those
    // diagnostics do not parse it a second time.
    let source = if text.len() > KEEP_DOCUMENT_BYTES { Source::parsed(text, doc) } else { Source::unparsed(text) };
    (Some(source), value)
}

/// The size from which a file without problems keeps its parsed document:
/// parsing this much again costs a few milliseconds.
const KEEP_DOCUMENT_BYTES: usize = 64 << 10;

/// A file that is not UTF-8 text: where the first bad byte is, and none of
/// its content (it may not be a waymark file at all).
fn not_utf8(rel: &Path, bytes: &[u8], valid: usize) -> Diagnostic {
    let prefix = &bytes[..valid];
    let line = prefix.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = prefix.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&prefix[line_start..]).chars().count() + 1;
    let mut d = Diagnostic::file(rel, format!("the file is not UTF-8 text (byte 0x{:02x})", bytes[valid]));
    d.line = line;
    d.column = col;
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

/// `roadmap/learners/*.yaml` and sealed `*.yaml.age`, skipping editor
/// temporaries; names of plain files that are not ids are reported (the file
/// stem is the learner id).
pub(super) fn learner_files(root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(root.join(LEARNERS)) else { return out };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = Path::new(LEARNERS).join(&name);
        if is_editor_temp(Path::new(&name)) || !entry.path().is_file() {
            continue;
        }
        if sealed::is_sealed(&name) {
            out.push(rel);
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
mod tests {
    use super::*;

    #[test]
    fn one_learner_is_loaded_with_the_shared_files_and_nothing_else() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/basic");
        let one = load_for(&root, None, "kim").expect("kim has a file");
        let ids: Vec<&str> = one.learners.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["kim"]);
        let read: Vec<String> = one.sources.keys().map(|p| p.to_string_lossy().replace('\\', "/")).collect();
        // kim's file has no problem: its text is not kept.
        assert_eq!(read, ["roadmap/cohort.yaml", "roadmap/roadmap.en.yaml", "roadmap/roadmap.yaml"]);
        // Read alone, the learner is what reading everything gives.
        let all = load(&root);
        assert_eq!(
            format!("{:?}", one.learners[0]),
            format!("{:?}", all.learners.iter().find(|l| l.id == "kim").unwrap())
        );
        assert!(load_for(&root, None, "nobody").is_none());
        assert!(load_for(&root, None, "../kim").is_none());
    }

    /// A project keeps the line of each progress entry, under its current
    /// id when it was recorded under an old one, and not the learner files'
    /// text (at 10,000 learners that text was 167 MB of `serve`'s memory).
    #[test]
    fn a_project_keeps_each_entrys_line_and_not_the_learner_files() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/basic");
        let project = crate::model::Project::load(&root).unwrap();
        let kim = project.learner("kim").unwrap();
        let lines: Vec<(&str, u32)> = kim.progress.iter().map(|(id, p)| (&**id, p.line)).collect();
        let line_of = |key: &str| {
            let text = std::fs::read_to_string(root.join("roadmap/learners/kim.yaml")).unwrap();
            text.lines().position(|l| l.trim_start().starts_with(key)).unwrap() + 1
        };
        assert!(lines.contains(&("terraform-vpc/vpc", line_of("terraform-vpc/network:") as u32)), "{lines:?}");
        assert!(lines.contains(&("docker/dockerfile", line_of("docker/dockerfile:") as u32)), "{lines:?}");
        assert!(project.sources.keys().all(|p| !p.starts_with(LEARNERS)), "{:?}", project.sources.keys());
        assert!(project.sources.contains_key(Path::new(ROADMAP)));
    }

    /// Loading keeps the text of a learner file only while a diagnostic may
    /// point into it: one with a problem against the cohort (an unknown
    /// mentor, found by the checks after loading), or a plain `private: true`
    /// one; a file with no problem is let go of as soon as it is read.
    #[test]
    fn only_learner_files_with_something_to_point_at_are_kept() {
        let basic = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/basic/roadmap");
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(LEARNERS)).unwrap();
        for f in ["cohort.yaml", "roadmap.yaml"] {
            std::fs::copy(basic.join(f), root.join("roadmap").join(f)).unwrap();
        }
        let learner =
            |id: &str, text: &str| std::fs::write(root.join(LEARNERS).join(format!("{id}.yaml")), text).unwrap();
        learner("good", "name: Good\nmentor: lee\n");
        learner("lost", "name: Lost\n# the mentor\nmentor: leee\n");
        learner("hidden", "name: Hidden\nprivate: true\n");
        let (loaded, diags) = crate::model::checked(root);
        let kept: Vec<String> = loaded
            .sources
            .keys()
            .filter(|p| p.starts_with(LEARNERS))
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(kept, ["hidden.yaml", "lost.yaml"]);
        let lost = diags.iter().find(|d| d.file.ends_with("lost.yaml")).expect("the unknown mentor");
        assert_eq!((lost.line, lost.source_line.as_str()), (3, "mentor: leee"), "{lost:?}");
        assert!(lost.help.as_deref().is_some_and(|h| h.contains("`lee`")), "{lost:?}");
        assert!(diags.iter().all(|d| !d.file.ends_with("good.yaml")), "{diags:?}");
    }
}
