//! A quick reader of the subset of YAML that waymark files are written in:
//! block mappings and sequences, flow collections on one line, plain
//! scalars, quoted scalars on one line (escapes included), literal and
//! folded block scalars, and comments. It gives the same events at the same
//! places as the full parser (tests/it/props.rs compares the two on
//! generated documents); on anything else, or anything it is not sure is
//! valid, it stops, and [`super::doc::parse`] reads the file with the full
//! parser. The full parser costs about a microsecond a value, most of a
//! large file's `check`.

use std::borrow::Cow;

use memchr::memchr;
use saphyr_parser::ScalarStyle;

use super::event::Ev;
use crate::diag::Span;

/// The file holds something this reader leaves to the full parser.
#[derive(Debug)]
pub(super) struct Unsupported;

type Read<T> = Result<T, Unsupported>;

/// After a key with nothing after it on its line: the column of the key's
/// mapping, and the place of the empty value it has unless a collection
/// follows.
type Pending = Option<(usize, Span)>;

/// Where the reader leaves nesting to the full parser, which refuses it past
/// [`super::doc::MAX_DEPTH`] with its own message.
const MAX_DEPTH: usize = 48;
/// A YAML key on one line is at most 1024 characters; longer ones are left
/// to the full parser, which says so.
const MAX_KEY: usize = 1000;

#[derive(Clone, Copy)]
enum Frame {
    /// A block mapping whose keys start at this column.
    Map(usize),
    /// A block sequence whose dashes are at this column; `true` when it is a
    /// mapping's value written at the mapping's own indentation.
    Seq(usize, bool),
}

/// Read `src`, handing each event and its place to `sink`, which returns
/// false to stop the read.
pub(super) fn read(src: &str, sink: &mut dyn FnMut(Ev<'_>, Span) -> bool) -> Read<()> {
    let ascii = src.is_ascii();
    if !takes_every_character(src, ascii) {
        return Err(Unsupported);
    }
    let mut r = Reader {
        src,
        b: src.as_bytes(),
        ascii,
        line: 0,
        line_start: 0,
        next: 0,
        counted: Default::default(),
        sink,
        stack: Vec::new(),
    };
    r.run()
}

/// Whether the reader takes every character of `src` (see [`printable`]):
/// its bytes a block at a time, with no early exit so that the check runs
/// on many bytes at once; then, of the characters that are not ASCII, only
/// those whose first byte one it refuses has (U+0080–U+009F: C2; U+2028
/// and U+2029: E2; U+FEFF, U+FFFE and U+FFFF: EF), found with `memchr`.
fn takes_every_character(src: &str, ascii: bool) -> bool {
    let byte_ok = |b: u8| b == b'\n' || (b' '..=b'~').contains(&b) || b >= 0x80;
    let b = src.as_bytes();
    if !b.chunks(64).all(|block| block.iter().fold(true, |ok, &b| ok & byte_ok(b))) {
        return false;
    }
    // Each of the three bytes only ever starts a character.
    ascii
        || memchr::memchr3_iter(0xC2, 0xE2, 0xEF, b)
            .all(|i| src.get(i..).and_then(|s| s.chars().next()).is_some_and(printable))
}

/// The characters the reader takes as they are: printable, and none that the
/// full parser treats specially (a byte order mark, the Unicode line breaks,
/// tabs, carriage returns).
fn printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{2027}' | '\u{202A}'..='\u{D7FF}' | '\u{E000}'..='\u{FEFE}' | '\u{FF00}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Characters a plain scalar may not start with (YAML's indicators).
fn indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

struct Reader<'a, 's> {
    src: &'a str,
    b: &'a [u8],
    ascii: bool,
    /// The current line, from 1, and its first byte.
    line: usize,
    line_start: usize,
    /// The first byte of the next line to read.
    next: usize,
    /// A byte of the current line and its column in characters, to count
    /// on from: a long line is not counted again for each of its values.
    counted: std::cell::Cell<(usize, usize)>,
    sink: &'s mut dyn FnMut(Ev<'_>, Span) -> bool,
    stack: Vec<Frame>,
}

impl<'a> Reader<'a, '_> {
    fn span(&self, start: usize, end: usize) -> Span {
        let col = if self.ascii {
            start - self.line_start
        } else {
            let (from, col) = self.counted.get();
            let (from, col) = if from >= self.line_start && from <= start { (from, col) } else { (self.line_start, 0) };
            let col = col + self.src.get(from..start).map_or(0, |s| s.chars().count());
            self.counted.set((start, col));
            col
        };
        Span { start, end, line: self.line, col: col + 1 }
    }

    fn emit(&mut self, ev: Ev<'a>, start: usize, end: usize) -> Read<()> {
        let span = self.span(start, end);
        if (self.sink)(ev, span) {
            Ok(())
        } else {
            Err(Unsupported)
        }
    }

    fn scalar(&mut self, text: Cow<'a, str>, style: ScalarStyle, start: usize, end: usize) -> Read<()> {
        self.emit(Ev::Scalar(text, style, 0, false), start, end)
    }

    fn push(&mut self, frame: Frame, at: usize) -> Read<()> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Unsupported);
        }
        self.stack.push(frame);
        let ev = match frame {
            Frame::Map(_) => Ev::MappingStart(0),
            Frame::Seq(..) => Ev::SequenceStart(0),
        };
        self.emit(ev, at, at)
    }

    /// Close the innermost block collection at `at`, where the next token is.
    fn pop(&mut self, at: usize) -> Read<()> {
        let ev = match self.stack.pop() {
            Some(Frame::Map(_)) => Ev::MappingEnd,
            Some(Frame::Seq(..)) => Ev::SequenceEnd,
            None => return Err(Unsupported),
        };
        self.emit(ev, at, at)
    }

    fn byte(&self, at: usize) -> u8 {
        self.b.get(at).copied().unwrap_or(b'\n')
    }

    fn skip_spaces(&self, mut at: usize) -> usize {
        while self.byte(at) == b' ' {
            at += 1;
        }
        at
    }

    /// Where the full parser ends a bracket or a quoted scalar that ends at
    /// `at`: past the spaces after it, and past a comment to the end of the line.
    fn tail(&self, at: usize) -> usize {
        let next = self.skip_spaces(at);
        if self.byte(next) == b'#' && next > at {
            return memchr(b'\n', &self.b[next..]).map_or(self.b.len(), |i| next + i);
        }
        next.min(self.b.len())
    }

    /// Whether only spaces and a comment are left on the line from `at`.
    fn line_ends(&self, at: usize) -> bool {
        let next = self.skip_spaces(at);
        match self.byte(next) {
            b'\n' => true,
            b'#' => next > at,
            _ => false,
        }
    }

    fn run(&mut self) -> Read<()> {
        let b = self.b;
        let mut started = false;
        // After a key with no value on its line: the key's mapping's column
        // and where the empty value is.
        let mut pending: Pending = None;
        // After a value that ended its line: the column of the collection it
        // belongs to; a line indented further would continue or break it.
        let mut closed: Option<usize> = None;
        while self.next < b.len() {
            let start = self.next;
            let end = memchr(b'\n', &b[start..]).map_or(b.len(), |i| start + i);
            self.line += 1;
            self.line_start = start;
            let next = end + 1;
            let indent = b[start..end].iter().take_while(|&&c| c == b' ').count();
            let at = start + indent;
            let rest = &b[at..end];
            self.next = next;
            if rest.is_empty() || rest[0] == b'#' {
                continue;
            }
            if indent == 0 && (rest.starts_with(b"---") || rest.starts_with(b"...") || rest[0] == b'%') {
                return Err(Unsupported);
            }
            if closed.take().is_some_and(|c| indent > c) {
                return Err(Unsupported);
            }
            let dash = rest[0] == b'-' && rest.get(1).is_none_or(|&c| c == b' ');
            if let Some((column, span)) = pending.take() {
                if indent > column || (indent == column && dash) {
                    // The key's value is the collection that starts here.
                    if dash {
                        let indentless = indent == column;
                        let first = if indentless { self.skip_spaces(at + 1) } else { at };
                        self.push(Frame::Seq(indent, indentless), first)?;
                        (pending, closed) = self.item(at, indent)?;
                    } else {
                        self.push(Frame::Map(indent), at)?;
                        (pending, closed) = self.entry(at, indent)?;
                    }
                    continue;
                }
                if !(self.sink)(Ev::Scalar(Cow::Borrowed(""), ScalarStyle::Plain, 0, false), span) {
                    return Err(Unsupported);
                }
            }
            while let Some(&top) = self.stack.last() {
                match top {
                    Frame::Map(c) | Frame::Seq(c, _) if indent < c => self.pop(at)?,
                    Frame::Seq(c, true) if indent == c && !dash => self.pop(at)?,
                    _ => break,
                }
            }
            match self.stack.last() {
                None if started => return Err(Unsupported),
                None if dash => {
                    started = true;
                    self.push(Frame::Seq(indent, false), at)?;
                    (pending, closed) = self.item(at, indent)?;
                }
                None if self.key(at).is_some() => {
                    started = true;
                    self.push(Frame::Map(indent), at)?;
                    (pending, closed) = self.entry(at, indent)?;
                }
                None => {
                    // A file of one value: nothing may follow it.
                    started = true;
                    self.value(at, None)?;
                }
                Some(Frame::Map(c)) if *c == indent && !dash => {
                    (pending, closed) = self.entry(at, indent)?;
                }
                Some(Frame::Seq(c, _)) if *c == indent && dash => {
                    (pending, closed) = self.item(at, indent)?;
                }
                Some(_) => return Err(Unsupported),
            }
        }
        // The end of the file, after its last line break.
        self.line += usize::from(b.last() == Some(&b'\n'));
        self.line_start = if b.last() == Some(&b'\n') { b.len() } else { self.line_start };
        if let Some((_, span)) = pending {
            if !(self.sink)(Ev::Scalar(Cow::Borrowed(""), ScalarStyle::Plain, 0, false), span) {
                return Err(Unsupported);
            }
        }
        while !self.stack.is_empty() {
            self.pop(b.len())?;
        }
        Ok(())
    }

    /// A `key: value` line of the mapping at `column`, its key at `at`: the
    /// pending empty value when the line ends after the colon, else the
    /// column a further line may not pass.
    fn entry(&mut self, at: usize, column: usize) -> Read<(Pending, Option<usize>)> {
        let colon = self.key(at).ok_or(Unsupported)?;
        let key = &self.src[at..colon];
        self.scalar(Cow::Borrowed(key), ScalarStyle::Plain, at, colon)?;
        let value = self.skip_spaces(colon + 1);
        if self.line_ends(colon + 1) {
            return Ok((Some((column, self.span(colon, colon))), None));
        }
        self.value(value, Some(column))?;
        Ok((None, Some(column)))
    }

    /// A `- item` line of the sequence at `column`, its dash at `at`: as
    /// [`Self::entry`] when the item is a mapping, else the column a further
    /// line may not pass.
    fn item(&mut self, at: usize, column: usize) -> Read<(Pending, Option<usize>)> {
        let content = self.skip_spaces(at + 1);
        if content == at + 1 || self.line_ends(content) {
            return Err(Unsupported);
        }
        if self.key(content).is_some() {
            // `- key: value`: a mapping whose keys are at this column.
            let inner = content - self.line_start;
            self.push(Frame::Map(inner), content)?;
            return self.entry(content, inner);
        }
        self.value(content, Some(column))?;
        Ok((None, Some(column)))
    }

    /// The colon ending a plain key that starts at `at` on this line; None
    /// when the line holds no such key.
    fn key(&self, at: usize) -> Option<usize> {
        if indicator(self.byte(at)) {
            return None;
        }
        let mut i = at;
        loop {
            match self.byte(i) {
                b'\n' => return None,
                b'#' if self.byte(i - 1) == b' ' => return None,
                b':' if matches!(self.byte(i + 1), b' ' | b'\n') => {
                    let ok = i - at <= MAX_KEY && self.byte(i - 1) != b' ';
                    return ok.then_some(i);
                }
                _ => i += 1,
            }
        }
    }

    /// A value in block context at `at`, in a collection at column
    /// `parent` (None at the top): it ends the line, or it is a block scalar
    /// on the lines after.
    fn value(&mut self, at: usize, parent: Option<usize>) -> Read<()> {
        let end = match self.byte(at) {
            b'[' | b'{' => self.flow(at, 0)?,
            b'|' | b'>' => return self.block_scalar(at, parent.ok_or(Unsupported)?),
            b'"' | b'\'' => self.quoted(at)?,
            c if indicator(c) => return Err(Unsupported),
            _ => {
                let mut i = at;
                let mut last = at;
                loop {
                    match self.byte(i) {
                        b'\n' => break,
                        b'#' if self.byte(i - 1) == b' ' => break,
                        // `a: b: c` is an error, `a: b:` a key: the full parser says.
                        b':' if matches!(self.byte(i + 1), b' ' | b'\n') => return Err(Unsupported),
                        b' ' => {}
                        _ => last = i + 1,
                    }
                    i += 1;
                }
                return self.scalar(Cow::Borrowed(&self.src[at..last]), ScalarStyle::Plain, at, last);
            }
        };
        if self.line_ends(end) {
            Ok(())
        } else {
            Err(Unsupported)
        }
    }

    /// A literal (`|`) or folded (`>`) block scalar whose header is at `at`,
    /// in a collection at column `parent`: its lines are read here, and the
    /// line that ends it is the next one read.
    fn block_scalar(&mut self, at: usize, parent: usize) -> Read<()> {
        let b = self.b;
        let literal = b[at] == b'|';
        let mut i = at + 1;
        // Clip keeps one final line break, strip (`-`) none, keep (`+`) all.
        let chomp = self.byte(i);
        if matches!(chomp, b'-' | b'+') {
            i += 1;
        }
        if !self.line_ends(i) {
            // An indentation indicator, or text after the header.
            return Err(Unsupported);
        }
        let mut pos = memchr(b'\n', &b[i..]).ok_or(Unsupported)? + i + 1;
        let first_line = self.line + 1;
        let mut indent = None;
        let (mut text, mut blank, mut last_spaced, mut lines) = (String::new(), 0usize, false, 0);
        let end = loop {
            if pos >= b.len() {
                break b.len();
            }
            let eol = memchr(b'\n', &b[pos..]).map(|e| pos + e).ok_or(Unsupported)?;
            let spaces = b[pos..eol].iter().take_while(|&&c| c == b' ').count();
            let content = *indent.get_or_insert(spaces);
            if pos + spaces == eol {
                // An empty line; one with more spaces than the text's
                // indentation is text, or an error before any text.
                if spaces > content || lines == 0 {
                    return Err(Unsupported);
                }
                blank += 1;
            } else if spaces < content {
                break pos + spaces;
            } else {
                if content <= parent {
                    // An empty block scalar.
                    return Err(Unsupported);
                }
                let line = &self.src[pos + content..eol];
                let spaced = line.starts_with(' ');
                if lines > 0 {
                    let folds = !literal && !spaced && !last_spaced;
                    match (folds, blank) {
                        (true, 0) => text.push(' '),
                        (true, n) => text.extend(std::iter::repeat_n('\n', n)),
                        (false, n) => text.extend(std::iter::repeat_n('\n', n + 1)),
                    }
                }
                text.push_str(line);
                (blank, last_spaced) = (0, spaced);
                lines += 1;
            }
            pos = eol + 1;
            self.line += 1;
        };
        let Some(content) = indent.filter(|_| lines > 0) else { return Err(Unsupported) };
        match chomp {
            b'-' => {}
            b'+' => text.extend(std::iter::repeat_n('\n', blank + 1)),
            _ => text.push('\n'),
        }
        let start = self.next + content;
        let col = content + 1;
        let style = if literal { ScalarStyle::Literal } else { ScalarStyle::Folded };
        if !(self.sink)(Ev::Scalar(Cow::Owned(text), style, 0, false), Span { start, end, line: first_line, col }) {
            return Err(Unsupported);
        }
        // The line that ends the scalar is read next.
        self.next = pos;
        Ok(())
    }

    /// A quoted scalar on one line at `at`; where it ends.
    fn quoted(&mut self, at: usize) -> Read<usize> {
        let quote = self.byte(at);
        let mut i = at + 1;
        // Set once an escape (`\t`, `''`) is met: the text as it reads.
        let mut unescaped: Option<String> = None;
        let mut from = i;
        loop {
            match self.byte(i) {
                b'\n' => return Err(Unsupported),
                b'\\' if quote == b'"' => {
                    let text = unescaped.get_or_insert_with(String::new);
                    text.push_str(&self.src[from..i]);
                    let (c, len) = self.escape(i + 1)?;
                    text.push(c);
                    i += 1 + len;
                    from = i;
                }
                b'\'' if quote == b'\'' && self.byte(i + 1) == b'\'' => {
                    let text = unescaped.get_or_insert_with(String::new);
                    text.push_str(&self.src[from..=i]);
                    i += 2;
                    from = i;
                }
                c if c == quote => break,
                _ => i += 1,
            }
        }
        let text = match unescaped {
            Some(mut text) => {
                text.push_str(&self.src[from..i]);
                Cow::Owned(text)
            }
            None => Cow::Borrowed(&self.src[at + 1..i]),
        };
        let style = if quote == b'"' { ScalarStyle::DoubleQuoted } else { ScalarStyle::SingleQuoted };
        self.scalar(text, style, at, self.tail(i + 1))?;
        Ok(i + 1)
    }

    /// The escape in a double-quoted scalar whose letter is at `at`: the
    /// character it stands for, and how many bytes it takes after the `\\`.
    fn escape(&self, at: usize) -> Read<(char, usize)> {
        let simple = match self.byte(at) {
            b'0' => '\0',
            b'a' => '\u{7}',
            b'b' => '\u{8}',
            b't' => '\t',
            b'n' => '\n',
            b'v' => '\u{b}',
            b'f' => '\u{c}',
            b'r' => '\r',
            b'e' => '\u{1b}',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            b'x' => return self.hex(at, 2),
            b'u' => return self.hex(at, 4),
            b'U' => return self.hex(at, 8),
            _ => return Err(Unsupported),
        };
        Ok((simple, 1))
    }

    /// `\\xXX`, `\\uXXXX`, `\\UXXXXXXXX` with its letter at `at`.
    fn hex(&self, at: usize, digits: usize) -> Read<(char, usize)> {
        let hex = self.b.get(at + 1..at + 1 + digits).ok_or(Unsupported)?;
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return Err(Unsupported);
        }
        let code =
            u32::from_str_radix(std::str::from_utf8(hex).map_err(|_| Unsupported)?, 16).map_err(|_| Unsupported)?;
        Ok((char::from_u32(code).ok_or(Unsupported)?, 1 + digits))
    }

    /// A flow collection on one line at `at`; where it ends.
    fn flow(&mut self, at: usize, depth: usize) -> Read<usize> {
        if self.stack.len() + depth >= MAX_DEPTH {
            return Err(Unsupported);
        }
        let map = self.byte(at) == b'{';
        let close = if map { b'}' } else { b']' };
        self.emit(if map { Ev::MappingStart(0) } else { Ev::SequenceStart(0) }, at, self.tail(at + 1))?;
        let mut i = self.skip_spaces(at + 1);
        let mut first = true;
        loop {
            if self.byte(i) == close && first {
                break;
            }
            first = false;
            if map {
                i = self.flow_scalar(i)?;
                if !(self.byte(i) == b':' && self.byte(i + 1) == b' ') {
                    return Err(Unsupported);
                }
                i = self.skip_spaces(i + 1);
            }
            i = match self.byte(i) {
                b'[' | b'{' => self.flow(i, depth + 1)?,
                _ => self.flow_scalar(i)?,
            };
            i = self.skip_spaces(i);
            match self.byte(i) {
                b',' => {
                    i = self.skip_spaces(i + 1);
                    // A trailing comma, or an empty entry.
                    if matches!(self.byte(i), b',' | b']' | b'}') {
                        return Err(Unsupported);
                    }
                }
                c if c == close => break,
                _ => return Err(Unsupported),
            }
        }
        self.emit(if map { Ev::MappingEnd } else { Ev::SequenceEnd }, i, self.tail(i + 1))?;
        Ok(i + 1)
    }

    /// A scalar inside a flow collection at `at`; where it ends.
    fn flow_scalar(&mut self, at: usize) -> Read<usize> {
        match self.byte(at) {
            b'"' | b'\'' => return self.quoted(at),
            c if indicator(c) => return Err(Unsupported),
            _ => {}
        }
        let mut i = at;
        let mut last = at;
        loop {
            match self.byte(i) {
                b'\n' | b',' | b'[' | b']' | b'{' | b'}' => break,
                b'#' if self.byte(i - 1) == b' ' => break,
                b':' if matches!(self.byte(i + 1), b' ' | b'\n' | b',' | b'[' | b']' | b'{' | b'}') => break,
                // `[a -]`: the full parser refuses a word `-` before a flow indicator.
                b'-' if self.byte(i - 1) == b' ' && matches!(self.byte(i + 1), b',' | b'[' | b']' | b'{' | b'}') => {
                    return Err(Unsupported)
                }
                b' ' => {}
                _ => last = i + 1,
            }
            i += 1;
        }
        if matches!(self.byte(i), b'[' | b'{' | b'#' | b'\n') {
            return Err(Unsupported);
        }
        self.scalar(Cow::Borrowed(&self.src[at..last]), ScalarStyle::Plain, at, last)?;
        Ok(last)
    }
}

#[cfg(test)]
mod tests {
    use super::{printable, takes_every_character};

    #[test]
    fn the_quick_check_takes_exactly_the_characters_the_reader_takes() {
        // Every character the reader refuses is in the first plane; past it,
        // a few beyond (each plane's characters are alike to the check).
        let chars = ('\0'..='\u{10FFF}').chain(['\u{E0001}', '\u{10FFFD}', '\u{10FFFF}']);
        for c in chars {
            // Alone, between ASCII, and after a character taken (Hangul).
            for text in [c.to_string(), format!("a: {c}\n"), format!("한{c}국")] {
                let slow = text.chars().all(printable);
                assert_eq!(takes_every_character(&text, text.is_ascii()), slow, "{:?} (U+{:04X})", text, c as u32);
            }
        }
        // A refused byte anywhere in a long file, past the first block.
        let long = "k: v\n".repeat(40);
        assert!(takes_every_character(&long, true));
        assert!(!takes_every_character(&format!("{long}\t"), true));
        assert!(!takes_every_character(&format!("{long}\r\n{long}"), true));
        assert!(!takes_every_character(&format!("{long}한\u{FEFF}"), false));
    }
}
