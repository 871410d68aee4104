//! The positioned YAML document: every key and value with the byte span and
//! line/column it came from. Diagnostics point into it, the schema check walks
//! it, and learner-file edits use its spans to change only the bytes they must.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher as _, BuildHasherDefault, Hasher, RandomState};

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::event::Ev;

pub use crate::diag::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    Block,
    Collection,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub style: Style,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
    /// `*name`: refers to the anchored node with this id in [`Doc::anchors`].
    Alias(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// A parsed file: its root node (None for an empty file), its anchored
/// nodes by anchor id, and the duplicate keys it did not keep.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub root: Option<Node>,
    pub anchors: BTreeMap<usize, Node>,
    /// Entries of a mapping whose key repeats one before it, past the first
    /// [`KEPT_DUPLICATES`] such entries of that mapping: how many were left
    /// out, by the mapping's start offset. Each is a problem that is counted
    /// but never shown (the ones kept are reported first), so a hostile file
    /// of a million `a: 1` lines costs a counter, not a million entries.
    pub dropped: BTreeMap<usize, usize>,
}

/// A syntax error, or a document too deep or too large to be safe.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

/// Deeper nesting than this is refused: no waymark file needs more than a few
/// levels, and unbounded depth would exhaust the stack on hostile input.
pub const MAX_DEPTH: usize = 64;
/// How many values, and how many bytes of text, aliases may add to a
/// document once they are followed; past either it is an "alias bomb"
/// (billion laughs) and is refused before anything expands it. Values written
/// out are bounded by the file size alone.
pub const MAX_ALIAS_VALUES: u64 = 100_000;
pub const MAX_ALIAS_BYTES: u64 = 1 << 20;
/// How many values a file may hold, keys included (entries left out for a
/// repeated key are not counted): a roadmap of ten thousand tasks holds
/// about a fifth of it, and a file of a million tiny values (`[1,1,1,…]`
/// fits in 4 MiB) would take hundreds of megabytes to hold.
pub const MAX_VALUES: usize = 500_000;
/// How many entries with a repeated key one mapping keeps: as many as a
/// file's diagnostics show, so every duplicate that is shown is kept.
pub const KEPT_DUPLICATES: usize = crate::diag::MAX_PER_FILE;

impl Node {
    /// The value of `key` in a mapping node, with its key node.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|e| e.key.as_str() == Some(key)),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            Kind::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.kind {
            Kind::Seq(items) => items,
            _ => &[],
        }
    }

    /// What a user would call this kind of value, for messages.
    pub fn describe(&self) -> &'static str {
        match self.kind {
            Kind::Null => "nothing",
            Kind::Bool(_) => "true/false",
            Kind::Int(_) | Kind::Float(_) => "a number",
            Kind::Str(_) => "text",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
            Kind::Alias(_) => "an alias",
        }
    }
}

impl Doc {
    pub fn anchor(&self, id: usize) -> Option<&Node> {
        self.anchors.get(&id)
    }

    /// The document as one tree with every alias replaced by a copy of what
    /// it names (the parse bounded how much that adds); None for an empty file.
    pub fn into_tree(self) -> Option<Node> {
        let Doc { root, anchors, .. } = self;
        let mut root = root?;
        if !anchors.is_empty() {
            expand(&mut root, &anchors);
        }
        Some(root)
    }

    /// Follow an alias to the node it names (one step; anchors cannot refer to
    /// themselves, so the chain is finite).
    pub fn resolve<'a>(&'a self, node: &'a Node) -> &'a Node {
        let mut node = node;
        for _ in 0..MAX_DEPTH {
            match node.kind {
                Kind::Alias(id) => match self.anchor(id) {
                    Some(n) => node = n,
                    None => return node,
                },
                _ => return node,
            }
        }
        node
    }
}

fn expand(node: &mut Node, anchors: &BTreeMap<usize, Node>) {
    match &mut node.kind {
        Kind::Alias(id) => {
            if let Some(target) = anchors.get(id) {
                let mut copy = target.clone();
                expand(&mut copy, anchors);
                node.kind = copy.kind;
                node.style = copy.style;
            }
        }
        Kind::Seq(items) => items.iter_mut().for_each(|n| expand(n, anchors)),
        Kind::Map(entries) => entries.iter_mut().for_each(|e| {
            expand(&mut e.key, anchors);
            expand(&mut e.value, anchors);
        }),
        _ => {}
    }
}

/// How much a node holds once its aliases are followed: values and bytes of text.
#[derive(Clone, Copy, Default)]
struct Size {
    values: u64,
    bytes: u64,
}

impl Size {
    fn add(&mut self, other: Size) {
        self.values = self.values.saturating_add(other.values);
        self.bytes = self.bytes.saturating_add(other.bytes);
    }
}

/// Maps the parser's character indices to byte offsets.
struct Offsets {
    bytes: Option<Vec<usize>>,
    len: usize,
}

impl Offsets {
    fn new(src: &str) -> Self {
        let bytes = if src.is_ascii() {
            None
        } else {
            let mut v: Vec<usize> = src.char_indices().map(|(i, _)| i).collect();
            v.push(src.len());
            Some(v)
        };
        Offsets { bytes, len: src.len() }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.bytes {
            None => char_index.min(self.len),
            Some(v) => v.get(char_index).copied().unwrap_or(self.len),
        }
    }

    fn span(&self, s: saphyr_parser::Span) -> Span {
        Span {
            start: self.byte(s.start.index()),
            end: self.byte(s.end.index()),
            line: s.start.line(),
            col: s.start.col() + 1,
        }
    }
}

/// An open collection. Its items (entries) so far are the ones from
/// `start` on in the parse's one list of items (entries) of every open
/// sequence (mapping): a collection is copied out once, at its end, into a
/// list of exactly its size, rather than grown and then shrunk on its own.
enum Frame {
    Seq { span: Span, anchor: usize, start: usize, size: Size },
    Map { span: Span, anchor: usize, start: usize, key: Option<Node>, size: Size, keys: SeenKeys },
}

/// The text keys of one mapping seen so far, to find repeated ones as they
/// come: past [`SMALL_MAPPING`] entries, each key's hash, with the index of
/// the first entry that has it.
/// Only the hash is kept (not a copy of the key); a key whose hash matches
/// is compared with that entry's, so a collision only keeps an entry.
#[derive(Default)]
struct SeenKeys {
    first: HashMap<u64, usize, BuildHasherDefault<Prehashed>>,
    /// Entries with a repeated key kept so far.
    repeated: usize,
    /// Entries with a repeated key left out so far.
    dropped: usize,
    /// The key in hand repeats one, and its entry is left out.
    dropping: bool,
}

/// Up to this many entries, a mapping finds a repeated key by looking back
/// over its entries rather than in a table of hashes.
const SMALL_MAPPING: usize = 8;

/// The hasher of [`SeenKeys::first`], whose keys are hashes already (made
/// with a random key, so a hostile file cannot choose them): each is used as
/// it is, not hashed a second time.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl SeenKeys {
    /// Note the key of the entry about to be added at `index`; false when the
    /// entry is to be left out.
    fn keep(&mut self, key: &Node, index: usize, entries: &[Entry], hasher: &RandomState) -> bool {
        let Kind::Str(text) = &key.kind else { return true };
        let repeats = if index < SMALL_MAPPING {
            // A small mapping (most are) looks back over its keys instead.
            entries.iter().any(|e| e.key.as_str() == Some(text.as_str()))
        } else {
            if index == SMALL_MAPPING {
                for (i, e) in entries.iter().enumerate().rev() {
                    if let Some(k) = e.key.as_str() {
                        self.first.insert(hasher.hash_one(k), i);
                    }
                }
            }
            let hash = hasher.hash_one(text.as_str());
            match self.first.get(&hash) {
                None => {
                    self.first.insert(hash, index);
                    false
                }
                Some(&i) => entries.get(i).and_then(|e| e.key.as_str()) == Some(text.as_str()),
            }
        };
        if !repeats {
            return true;
        }
        if self.repeated < KEPT_DUPLICATES {
            self.repeated += 1;
            return true;
        }
        self.dropped += 1;
        false
    }
}

/// Parse one YAML document with positions. Most files are read by the
/// quick reader of the subset they are written in; a file it does not
/// fully understand is read again by the full parser, so what a file
/// means, and every syntax error, is the full parser's.
pub fn parse(src: &str) -> Result<Doc, ParseError> {
    match quick(src) {
        Ok(Some(doc)) => Ok(doc),
        // A limit (the values a file may hold) crossed at an event both
        // readers give alike: the full parser would stop at the same place.
        Err(refused) => Err(refused),
        Ok(None) => parse_full(src),
    }
}

/// The quick reader alone: None for a file it leaves to the full parser
/// (or that crosses a limit).
#[doc(hidden)]
pub fn parse_quick(src: &str) -> Option<Doc> {
    quick(src).ok().flatten()
}

/// The quick reader: the document, None for a file it leaves to the full
/// parser, or the error of a limit the events crossed.
fn quick(src: &str) -> Result<Option<Doc>, ParseError> {
    let mut builder = Builder::new();
    let mut refused = None;
    let read = super::plain::read(src, &mut |ev, span| match builder.event(ev, span) {
        Ok(()) => true,
        Err(e) => {
            refused = Some(e);
            false
        }
    });
    match (read, refused) {
        (_, Some(e)) => Err(e),
        (Ok(()), None) => Ok(Some(builder.doc)),
        (Err(_), None) => Ok(None),
    }
}

/// The full YAML parser alone.
#[doc(hidden)]
pub fn parse_full(src: &str) -> Result<Doc, ParseError> {
    let offsets = Offsets::new(src);
    let mut parser = Parser::new_from_str(src);
    let mut builder = Builder::new();
    while let Some(next) = parser.next_event() {
        let (event, raw_span) = next.map_err(|e| {
            let m = e.marker();
            let start = offsets.byte(m.index());
            // One character, not one byte: the error may sit on a multi-byte
            // character (a stray BOM, Hangul), and a span must end on a boundary.
            let end = offsets.byte(m.index() + 1);
            let span = Span { start, end, line: m.line(), col: m.col() + 1 };
            // The scanner's own depth limit, met while it reads ahead.
            if e.info().contains("recursion limit") {
                return too_deep(span);
            }
            ParseError { span, message: format!("YAML syntax error: {}", e.info()), help: None }
        })?;
        let ev = match event {
            Event::DocumentStart(_) => Ev::DocumentStart,
            Event::Scalar(value, style, anchor, tag) => {
                let is_str_tag = tag.as_ref().is_some_and(|t| t.suffix == "str");
                Ev::Scalar(value, style, anchor, is_str_tag)
            }
            Event::Alias(id) => Ev::Alias(id),
            Event::SequenceStart(anchor, _) => Ev::SequenceStart(anchor),
            Event::MappingStart(anchor, _) => Ev::MappingStart(anchor),
            Event::SequenceEnd => Ev::SequenceEnd,
            Event::MappingEnd => Ev::MappingEnd,
            _ => continue,
        };
        builder.event(ev, offsets.span(raw_span))?;
    }
    Ok(builder.doc)
}

/// Builds a [`Doc`] from the parse's events.
struct Builder {
    doc: Doc,
    /// The size of each anchored node, and what the aliases so far add.
    sizes: HashMap<usize, Size>,
    added: Size,
    stack: Vec<Frame>,
    items: Vec<Node>,
    entries: Vec<Entry>,
    documents: usize,
    /// Values kept so far (a key and its value are two).
    values: usize,
    hasher: RandomState,
}

impl Builder {
    fn new() -> Self {
        Builder {
            doc: Doc::default(),
            sizes: HashMap::new(),
            added: Size::default(),
            stack: Vec::new(),
            items: Vec::new(),
            entries: Vec::new(),
            documents: 0,
            values: 0,
            hasher: RandomState::new(),
        }
    }

    fn event(&mut self, event: Ev<'_>, span: Span) -> Result<(), ParseError> {
        let done = match event {
            Ev::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(ParseError {
                        span,
                        message: "a second YAML document in one file".into(),
                        help: Some(
                            "a waymark file holds one document: remove the `---` line and what follows, or merge it"
                                .into(),
                        ),
                    });
                }
                None
            }
            Ev::Scalar(value, style, anchor, is_str_tag) => {
                let (kind, style) = match style {
                    ScalarStyle::Plain if !is_str_tag => (resolve_plain(&value), Style::Plain),
                    ScalarStyle::Plain => (Kind::Str(value.into_owned()), Style::Plain),
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                        (Kind::Str(value.into_owned()), Style::Quoted)
                    }
                    _ => (Kind::Str(value.into_owned()), Style::Block),
                };
                let size = Size {
                    values: 1,
                    bytes: match &kind {
                        Kind::Str(s) => s.len() as u64,
                        _ => 8,
                    },
                };
                let node = Node { span, style, kind };
                if anchor > 0 {
                    self.sizes.insert(anchor, size);
                    self.doc.anchors.insert(anchor, node.clone());
                }
                Some((node, size))
            }
            Ev::Alias(id) => {
                let size = self.sizes.get(&id).copied().unwrap_or(Size { values: 1, bytes: 0 });
                self.added.add(size);
                if self.added.values > MAX_ALIAS_VALUES || self.added.bytes > MAX_ALIAS_BYTES {
                    return Err(ParseError {
                        span,
                        message: format!(
                            "YAML aliases expand this file by more than {MAX_ALIAS_VALUES} values or {} MiB of text",
                            MAX_ALIAS_BYTES >> 20
                        ),
                        help: Some("this looks like an alias bomb; write the values out or use fewer aliases".into()),
                    });
                }
                Some((Node { span, style: Style::Plain, kind: Kind::Alias(id) }, size))
            }
            Ev::SequenceStart(anchor) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(too_deep(span));
                }
                self.stack.push(Frame::Seq {
                    span,
                    anchor,
                    start: self.items.len(),
                    size: Size { values: 1, bytes: 0 },
                });
                None
            }
            Ev::MappingStart(anchor) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(too_deep(span));
                }
                self.stack.push(Frame::Map {
                    span,
                    anchor,
                    start: self.entries.len(),
                    key: None,
                    size: Size { values: 1, bytes: 0 },
                    keys: SeenKeys::default(),
                });
                None
            }
            Ev::SequenceEnd | Ev::MappingEnd => {
                // A collection keeps no spare room: a file of a hundred
                // thousand small mappings would otherwise hold several times
                // the memory its entries need.
                let (node, anchor, size) = match self.stack.pop() {
                    Some(Frame::Seq { span: s, anchor, start, size }) => {
                        let items = own(&mut self.items, start);
                        let s = Span { end: span.end.max(s.end), ..s };
                        (Node { span: s, style: Style::Collection, kind: Kind::Seq(items) }, anchor, size)
                    }
                    Some(Frame::Map { span: s, anchor, start, size, keys, .. }) => {
                        let entries = own(&mut self.entries, start);
                        let s = Span { end: span.end.max(s.end), ..s };
                        if keys.dropped > 0 {
                            self.doc.dropped.insert(s.start, keys.dropped);
                        }
                        (Node { span: s, style: Style::Collection, kind: Kind::Map(entries) }, anchor, size)
                    }
                    None => return Ok(()),
                };
                if anchor > 0 {
                    self.sizes.insert(anchor, size);
                    self.doc.anchors.insert(anchor, node.clone());
                }
                Some((node, size))
            }
        };
        let Some((node, size)) = done else { return Ok(()) };
        let kept = match self.stack.last_mut() {
            None => {
                self.doc.root = Some(node);
                1
            }
            Some(Frame::Seq { size: s, .. }) => {
                s.add(size);
                self.items.push(node);
                1
            }
            Some(Frame::Map { start, key, size: s, keys, .. }) => {
                s.add(size);
                match key.take() {
                    Some(_) if keys.dropping => {
                        keys.dropping = false;
                        0
                    }
                    Some(k) => {
                        self.entries.push(Entry { key: k, value: node });
                        2
                    }
                    None => {
                        let own = &self.entries[*start..];
                        keys.dropping = !keys.keep(&node, own.len(), own, &self.hasher);
                        *key = Some(node);
                        0
                    }
                }
            }
        };
        self.values += kept;
        if self.values > MAX_VALUES {
            return Err(ParseError {
                span,
                message: format!("this file holds more than {MAX_VALUES} values"),
                help: Some("waymark files need far fewer: remove what was added by mistake, or split the list".into()),
            });
        }
        Ok(())
    }
}

/// The elements of `list` from `start` on, as a list of exactly their
/// number. The outermost collection takes the whole list rather than copy
/// it: a file of one mapping of a million keys is not held twice.
fn own<T>(list: &mut Vec<T>, start: usize) -> Vec<T> {
    if start == 0 {
        let mut all = std::mem::take(list);
        all.shrink_to_fit();
        return all;
    }
    list.drain(start..).collect()
}

fn too_deep(span: Span) -> ParseError {
    ParseError {
        span,
        message: format!("nesting deeper than {MAX_DEPTH} levels"),
        help: Some("waymark files need only a few levels of nesting".into()),
    }
}

/// YAML 1.2 core schema resolution of a plain scalar, as serde_yaml does it.
pub fn resolve_plain(s: &str) -> Kind {
    resolve_plain_scalar(s).unwrap_or_else(|| Kind::Str(s.to_string()))
}

/// What a plain scalar other than text is; None for text.
fn resolve_plain_scalar(s: &str) -> Option<Kind> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Kind::Null),
        "true" | "True" | "TRUE" => return Some(Kind::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Kind::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(Kind::Float(f64::INFINITY)),
        "-.inf" | "-.Inf" | "-.INF" => return Some(Kind::Float(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return Some(Kind::Float(f64::NAN)),
        _ => {}
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = s.parse::<i64>() {
            return Some(Kind::Int(i));
        }
        if let Ok(f) = s.parse::<f64>() {
            return Some(Kind::Float(f));
        }
    }
    if let Some(hex) = s.strip_prefix("0x") {
        if let Ok(i) = i64::from_str_radix(hex, 16) {
            return Some(Kind::Int(i));
        }
    }
    if let Some(oct) = s.strip_prefix("0o") {
        if let Ok(i) = i64::from_str_radix(oct, 8) {
            return Some(Kind::Int(i));
        }
    }
    let looks_float = s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_float {
        if let Ok(f) = s.parse::<f64>() {
            return Some(Kind::Float(f));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_keys_and_values() {
        let src = "name: 김데브\nprogress:\n  terraform-vpc/vpc:\n    status: done\n";
        let doc = parse(src).unwrap();
        let root = doc.root.unwrap();
        let e = root.get("progress").unwrap().entry("terraform-vpc/vpc").unwrap();
        assert_eq!((e.key.span.line, e.key.span.col), (3, 3));
        assert_eq!(&src[e.key.span.start..e.key.span.end], "terraform-vpc/vpc");
        let status = e.value.get("status").unwrap();
        assert_eq!(&src[status.span.start..status.span.end], "done");
        let name = root.get("name").unwrap();
        assert_eq!(&src[name.span.start..name.span.end], "김데브");
    }

    #[test]
    fn scalars_resolve_like_the_core_schema() {
        let doc = parse("a: 5\nb: 2.5\nc: true\nd: ~\ne: '5'\nf: 2026-09-07\ng:\n").unwrap();
        let root = doc.root.unwrap();
        assert_eq!(root.get("a").unwrap().kind, Kind::Int(5));
        assert_eq!(root.get("b").unwrap().kind, Kind::Float(2.5));
        assert_eq!(root.get("c").unwrap().kind, Kind::Bool(true));
        assert_eq!(root.get("d").unwrap().kind, Kind::Null);
        assert_eq!(root.get("e").unwrap().kind, Kind::Str("5".into()));
        assert_eq!(root.get("f").unwrap().kind, Kind::Str("2026-09-07".into()));
        assert_eq!(root.get("g").unwrap().kind, Kind::Null);
    }

    #[test]
    fn empty_text_has_no_root() {
        assert!(parse("").unwrap().root.is_none());
        assert!(parse("# only a comment\n").unwrap().root.is_none());
    }

    #[test]
    fn alias_bomb_is_refused_before_expansion() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in "bcdefghij".chars() {
            src.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = name;
        }
        let err = parse(&src).unwrap_err();
        assert!(err.message.contains("aliases expand"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let src = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(parse(&src).unwrap_err().message.contains("nesting deeper"));
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let err = parse("name: Kim\nprogress: [a, b\n").unwrap_err();
        assert!(err.span.line >= 2, "{err:?}");
    }

    /// Regression: a syntax error on a multi-byte character (here a BOM in
    /// the middle of the text) got a span ending inside it, and the
    /// diagnostic's slice of the source panicked (found by tests/it/fuzz.rs).
    #[test]
    fn syntax_error_on_a_multibyte_character_spans_the_whole_character() {
        let src = "a: 1\n  github: \u{feff}\nb: |\n  x\n c\n";
        let err = parse(src).unwrap_err();
        assert!(src.is_char_boundary(err.span.start) && src.is_char_boundary(err.span.end), "{err:?}");
        let src = "a: [\u{feff}\u{feff}";
        let err = parse(src).unwrap_err();
        assert!(src.is_char_boundary(err.span.start) && src.is_char_boundary(err.span.end), "{err:?}");
    }

    /// A hostile file of one key repeated a million times once cost a node
    /// per line: past the first duplicates of a mapping, entries are counted.
    #[test]
    fn repeated_keys_past_those_kept_are_counted_not_kept() {
        let inner = format!("  x: 1\n{}", "  x: 2\n".repeat(80));
        let src = format!("a: 0\n{}b:\n{inner}a: 9\n", "a: 1\n".repeat(1000));
        let doc = parse(&src).unwrap();
        let root = doc.root.as_ref().unwrap();
        let keys: Vec<&str> = root.entries().iter().filter_map(|e| e.key.as_str()).collect();
        assert_eq!(keys.len(), 1 + KEPT_DUPLICATES + 1, "{keys:?}");
        assert_eq!(keys.last(), Some(&"b"), "a new key after the repeated ones is kept");
        let b = root.get("b").unwrap();
        assert_eq!(b.entries().len(), 1 + KEPT_DUPLICATES);
        assert_eq!(doc.dropped.get(&root.span.start), Some(&(1000 + 1 - KEPT_DUPLICATES)));
        assert_eq!(doc.dropped.get(&b.span.start), Some(&(80 - KEPT_DUPLICATES)));
        assert_eq!(doc.dropped.len(), 2);
        // Keys that differ, or are not text, are all kept.
        let doc = parse("1: a\n1: b\nc: 1\nC: 2\n").unwrap();
        assert_eq!(doc.root.unwrap().entries().len(), 4);
        assert!(doc.dropped.is_empty());
    }

    /// Repeated keys are found the same way in a small mapping (by looking
    /// back) and past it (by hash), also across the change from one to the other.
    #[test]
    fn repeated_keys_are_found_in_small_and_large_mappings() {
        for distinct in [3, SMALL_MAPPING - 1, SMALL_MAPPING, SMALL_MAPPING + 5] {
            let mut src: String = (0..distinct).map(|i| format!("k{i}: 1\n")).collect();
            src.push_str(&"k1: 2\n".repeat(KEPT_DUPLICATES + 10));
            src.push_str("last: 3\n");
            for doc in [parse(&src).unwrap(), parse_full(&src).unwrap()] {
                let root = doc.root.as_ref().unwrap();
                assert_eq!(root.entries().len(), distinct + KEPT_DUPLICATES + 1, "{distinct} keys");
                assert_eq!(doc.dropped.get(&root.span.start), Some(&10), "{distinct} keys");
            }
        }
    }

    /// Values past [`MAX_VALUES`] are refused where they cross it, by both
    /// readers; repeated keys left out do not count.
    #[test]
    fn a_file_of_too_many_values_is_refused() {
        let src = format!("a: [{}1]\n", "1,".repeat(MAX_VALUES));
        for err in [parse(&src).unwrap_err(), parse_full(&src).unwrap_err()] {
            assert!(err.message.contains("more than 500000 values"), "{err:?}");
            assert_eq!(err.span.line, 1);
        }
        let src = format!("a: [{}]\n", vec!["1"; MAX_VALUES - 3].join(","));
        assert!(parse(&src).is_ok(), "the top mapping, its key and its list hold three");
        let src = format!("a: 1\n{}", "a: 2\n".repeat(MAX_VALUES));
        assert!(parse(&src).is_ok());
    }

    #[test]
    fn second_document_is_refused() {
        let err = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(err.span.line, 2);
    }
}
