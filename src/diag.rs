//! Diagnostics: a problem the user can fix, with the file, line and column it
//! is about, and the one renderer that draws it (human, GitHub annotations, JSON);
//! and a [`BadArgument`], a mistake in an argument of the command line, drawn
//! under the command as typed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use unicode_width::UnicodeWidthChar;

/// Where a node sits in its source: byte offsets `start..end`, and the 1-based
/// line and character column of `start`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub col: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one input file. `line` and `column` are 1-based; `column`
/// counts characters. `width` is how many characters the caret underlines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub width: usize,
    /// The offending source line, without its line break (empty when unknown).
    pub source_line: String,
    pub message: String,
    pub help: Option<String>,
    /// Problems of the same file found after this one and counted but not
    /// built, past the [`MAX_PER_FILE`] that are shown: a hostile file of a
    /// million duplicate keys costs a counter, not a million diagnostics.
    pub more: usize,
}

impl Diagnostic {
    /// A problem located at `span` in `source` (the text of `file`).
    pub fn at(file: &Path, source: &str, span: Span, message: impl Into<String>) -> Self {
        let source_line = line_at(source, span);
        let width = if span.end > span.start && span.start < source.len() {
            let end = span.end.min(source.len());
            let text = &source[span.start..end];
            text.lines().next().unwrap_or("").chars().count().max(1)
        } else {
            1
        };
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: span.line.max(1),
            column: span.col.max(1),
            width,
            source_line: source_line.trim_end_matches('\r').to_string(),
            message: message.into(),
            help: None,
            more: 0,
        }
    }

    /// How many problems this stands for: itself and those counted after it.
    pub fn count(&self) -> usize {
        1 + self.more
    }

    /// A problem about a whole file (unreadable, empty, …): it points at line 1.
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: 1,
            column: 1,
            width: 0,
            source_line: String::new(),
            message: message.into(),
            help: None,
            more: 0,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A mistake in an argument given on the command line (an unknown learner,
/// task or mentor; an id that cannot be used): about the argument, not about
/// a file, so it points at the argument in the command as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadArgument {
    /// The argument as given; the renderer underlines it.
    pub arg: String,
    pub message: String,
    /// The nearest known value, when one is near enough to be meant.
    pub suggestion: Option<String>,
    /// What else to do (shown after the suggestion, or instead of one).
    pub help: Option<String>,
}

impl BadArgument {
    pub fn new(arg: &str, message: impl Into<String>) -> Self {
        BadArgument { arg: arg.to_string(), message: message.into(), suggestion: None, help: None }
    }

    pub fn suggest(mut self, nearest: Option<&str>) -> Self {
        self.suggestion = nearest.map(str::to_string);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// "did you mean `x`?", the other help in brackets after it; or the other help alone.
    pub fn help_line(&self) -> Option<String> {
        match (&self.suggestion, &self.help) {
            (Some(s), Some(h)) => Some(format!("did you mean `{s}`? ({h})")),
            (Some(s), None) => Some(format!("did you mean `{s}`?")),
            (None, h) => h.clone(),
        }
    }
}

/// Draw `bad` under the command line `words` (the program first): the
/// command as typed, with a caret under the argument `at` — a word's index
/// and the byte offset in it where the argument starts (`--mentor=x`). With
/// no words, the message and the help alone.
pub fn render_argument(bad: &BadArgument, words: &[String], at: Option<(usize, usize)>, color: bool) -> String {
    let paint = |code: &str, text: &str| paint(color, code, text);
    let mut out = String::new();
    let _ =
        writeln!(out, "{}{}", paint("1;31", "error"), paint("1", &format!(": {}", crate::text::safe(&bad.message))));
    if !words.is_empty() {
        let shown: Vec<String> = words.iter().map(|w| shell_word(w)).collect();
        let _ = writeln!(out, "{} {}", paint("1;34", " -->"), shown.join(" "));
        if let Some((i, offset)) = at.filter(|(i, _)| *i < words.len()) {
            let width = |s: &str| s.chars().map(char_width).sum::<usize>();
            let before: usize = shown[..i].iter().map(|w| width(w) + 1).sum();
            let word = &words[i];
            let offset = if word.is_char_boundary(offset) { offset } else { 0 };
            // A quoted word starts with its quote; the argument is inside it.
            let quote = usize::from(shown[i] != *word);
            let lead = before + quote + width(&shell_word_inner(&word[..offset]));
            let under = width(&shell_word_inner(&word[offset..])).max(1);
            let _ = writeln!(out, "     {}{}", " ".repeat(lead), paint("1;31", &"^".repeat(under)));
        }
    }
    if let Some(help) = bad.help_line() {
        let _ = writeln!(out, "  {} help: {}", paint("1;34", "="), crate::text::safe(&help));
    }
    out
}

/// A word of the command line as a shell would need it typed: as it is when
/// that is unambiguous, else in single quotes; control characters escaped.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ':' | '=' | '@' | ',' | '+' | '%'));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", shell_word_inner(word))
    }
}

/// The inside of [`shell_word`]'s quotes.
fn shell_word_inner(word: &str) -> String {
    crate::text::safe(word).replace('\'', "'\\''")
}

/// The longest source line a diagnostic shows, in characters; a longer one
/// is cut after this (or not shown when the place is past it).
const MAX_SHOWN_LINE: usize = 300;

/// The source line `span` starts on, found from its byte offset (so that
/// finding it costs the length of the line, not of the file before it).
fn line_at(source: &str, span: Span) -> String {
    let at = span.start.min(source.len());
    let line = if source.is_char_boundary(at) {
        let start = source[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
        &source[start..end]
    } else {
        source.lines().nth(span.line.saturating_sub(1)).unwrap_or("")
    };
    if line.len() <= MAX_SHOWN_LINE {
        return line.to_string();
    }
    if span.col > MAX_SHOWN_LINE / 2 {
        return String::new();
    }
    let mut cut: String = line.chars().take(MAX_SHOWN_LINE).collect();
    cut.push('…');
    cut
}

/// At most this many diagnostics are shown for one file; the rest are
/// counted in a last line, "… and N more in this file".
pub const MAX_PER_FILE: usize = 50;

/// `diags` with at most [`MAX_PER_FILE`] per file, each file's surplus
/// replaced by one line that counts it.
fn capped(diags: &[Diagnostic]) -> std::borrow::Cow<'_, [Diagnostic]> {
    let mut count: std::collections::HashMap<&Path, usize> = std::collections::HashMap::new();
    for d in diags {
        *count.entry(d.file.as_path()).or_default() += d.count();
    }
    if count.values().all(|n| *n <= MAX_PER_FILE) {
        return std::borrow::Cow::Borrowed(diags);
    }
    let mut shown: std::collections::HashMap<&Path, usize> = std::collections::HashMap::new();
    let mut out = Vec::new();
    let mut seen: std::collections::HashMap<&Path, usize> = std::collections::HashMap::new();
    for d in diags {
        let n = shown.entry(d.file.as_path()).or_default();
        if *n < MAX_PER_FILE {
            *n += 1;
            out.push(Diagnostic { more: 0, ..d.clone() });
        }
        let (n, seen) = (*n, seen.entry(d.file.as_path()).or_default());
        *seen += d.count();
        let total = count[d.file.as_path()];
        if *seen == total && total > n {
            let mut more = Diagnostic::file(&d.file, format!("… and {} more problems in this file", total - n))
                .help("fix the ones above and run `waymark check` again");
            more.severity = d.severity;
            out.push(more);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Sort diagnostics the way a reader goes through files: by file, then position.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message)));
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Github,
    Json,
}

/// Render diagnostics in one of the three formats, at most [`MAX_PER_FILE`]
/// per file. `color` adds ANSI colour to the human format only.
pub fn render(diags: &[Diagnostic], format: Format, color: bool) -> String {
    let diags = &capped(diags)[..];
    match format {
        Format::Human => diags.iter().map(|d| human(d, color)).collect(),
        Format::Github => diags.iter().map(github).collect(),
        Format::Json => json(diags),
    }
}

/// `text` in the ANSI colour `code` (e.g. `1;31`) when `color`, else as it is:
/// the one colour painter of the terminal output.
pub fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn human(d: &Diagnostic, color: bool) -> String {
    let paint = |code: &str, text: &str| paint(color, code, text);
    let (label, code) = match d.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}{}", paint(code, label), paint("1", &format!(": {}", crate::text::safe(&d.message))));
    let file = display_path(&d.file);
    let file = crate::text::safe(&file);
    if d.source_line.is_empty() {
        let _ = writeln!(out, "{} {file}:{}:{}", paint("1;34", " -->"), d.line, d.column);
    } else {
        let num = d.line.to_string();
        let pad = " ".repeat(num.len());
        let bar = paint("1;34", "|");
        let _ = writeln!(out, "{pad}{} {file}:{}:{}", paint("1;34", "-->"), d.line, d.column);
        let _ = writeln!(out, "{pad} {bar}");
        let line = d.source_line.replace('\t', " ");
        let _ = writeln!(out, "{} {bar} {}", paint("1;34", &num), crate::text::safe(&line));
        // An escaped character takes the width of its escape.
        let width = |c: char| if crate::text::is_unsafe(c) { crate::text::shown(c).len() } else { char_width(c) };
        let lead: usize = line.chars().take(d.column - 1).map(width).sum();
        let under: usize = line.chars().skip(d.column - 1).take(d.width.max(1)).map(width).sum();
        let _ = writeln!(out, "{pad} {bar} {}{}", " ".repeat(lead), paint(code, &"^".repeat(under.max(1))));
        if let Some(help) = &d.help {
            let _ = writeln!(out, "{pad} {} help: {}", paint("1;34", "="), crate::text::safe(help));
        }
        return out;
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "  {} help: {}", paint("1;34", "="), crate::text::safe(help));
    }
    out
}

fn char_width(c: char) -> usize {
    c.width().unwrap_or(0).max(1)
}

fn github(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!(" (help: {help})"));
    }
    // Workflow commands treat %, CR and LF specially in the message, and also
    // , and : in properties. The log is read on a terminal too (`act`, a
    // local run): other control characters are escaped as `check` does.
    let escape_data = |s: &str| {
        let s = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
        crate::text::safe(&s).into_owned()
    };
    let escape_prop = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
    format!(
        "::{kind} file={},line={},col={}::{}\n",
        escape_prop(&display_path(&d.file)),
        d.line,
        d.column,
        escape_data(&message)
    )
}

#[derive(Serialize)]
struct JsonDiag<'a> {
    severity: Severity,
    file: String,
    line: usize,
    column: usize,
    message: &'a str,
    help: Option<&'a str>,
}

fn json(diags: &[Diagnostic]) -> String {
    let list: Vec<JsonDiag> = diags
        .iter()
        .map(|d| JsonDiag {
            severity: d.severity,
            file: display_path(&d.file),
            line: d.line,
            column: d.column,
            message: &d.message,
            help: d.help.as_deref(),
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&list).expect("diagnostics serialise");
    s.push('\n');
    s
}

/// Paths are shown with `/` on every platform, as they appear in a repository.
pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// The nearest of `candidates` to `word`, when it is near enough to be a
/// plausible typo.
///
/// Only candidates that could be near are measured: one whose length differs
/// by more than the limit cannot be, nor one with more characters the other
/// lacks than the limit (each costs an edit), and one already measured is
/// skipped, so a hostile list of a hundred thousand repeated ids costs a
/// pass, not a hundred thousand distance tables. Once a candidate is found,
/// the limit is its distance. A list of a hundred thousand distinct ids
/// that are all near is searched no further than its first
/// [`SUGGEST_CANDIDATES`], measuring at most [`SUGGEST_MEASURED`] of them:
/// a suggestion costs the same on any list.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let len = word.chars().count();
    let mut limit = (len / 3).max(2);
    let chars = char_set(word);
    let mut measured = std::collections::HashSet::new();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates.into_iter().take(SUGGEST_CANDIDATES) {
        // A UTF-8 character is one to four bytes: the byte length bounds
        // the character count without counting.
        if c.len() + limit < len || c.len() > 4 * (len + limit) {
            continue;
        }
        let c_len = c.chars().count();
        if c_len.abs_diff(len) > limit {
            continue;
        }
        let c_chars = char_set(c);
        let lacking = (chars & !c_chars).count_ones().max((c_chars & !chars).count_ones());
        if lacking as usize > limit || !measured.insert(c) {
            continue;
        }
        let d = strsim::damerau_levenshtein(word, c);
        if d <= limit && d < c_len && best.is_none_or(|(bd, bc)| (d, c) < (bd, bc)) {
            best = Some((d, c));
            limit = d;
        }
        if measured.len() >= SUGGEST_MEASURED {
            break;
        }
    }
    best.map(|(_, c)| c)
}

/// How many candidates one suggestion looks at, and how many it measures.
pub const SUGGEST_CANDIDATES: usize = 20_000;
pub const SUGGEST_MEASURED: usize = 200;

/// The characters of `s` as a set of 128 bits: ASCII exactly, others folded
/// onto them. Two words differ by at least as many edits as either has
/// characters (bits) the other lacks; folding only lowers that count.
fn char_set(s: &str) -> u128 {
    s.chars().fold(0, |set, c| set | 1 << (c as u32 % 128))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostic {
        let src = "name: Kim\nprogress:\n  terraform-vpc/vcp:\n    status: done\n";
        let start = src.find("terraform-vpc/vcp").unwrap();
        let span = Span { start, end: start + "terraform-vpc/vcp".len(), line: 3, col: 3 };
        Diagnostic::at(Path::new("roadmap/learners/kim.yaml"), src, span, "unknown task `terraform-vpc/vcp`")
            .help("did you mean `terraform-vpc/vpc`?")
    }

    #[test]
    fn human_matches_the_spec_layout() {
        assert_eq!(
            render(&[sample()], Format::Human, false),
            "error: unknown task `terraform-vpc/vcp`\n \
             --> roadmap/learners/kim.yaml:3:3\n  \
             |\n\
             3 |   terraform-vpc/vcp:\n  \
             |   ^^^^^^^^^^^^^^^^^\n  \
             = help: did you mean `terraform-vpc/vpc`?\n"
        );
    }

    #[test]
    fn caret_under_wide_characters_spans_their_width() {
        let src = "name: 김데브\n";
        let span = Span { start: 6, end: src.len() - 1, line: 1, col: 7 };
        let d = Diagnostic::at(Path::new("a.yaml"), src, span, "m");
        let text = render(&[d], Format::Human, false);
        assert!(text.contains("1 | name: 김데브\n  |       ^^^^^^\n"), "{text}");
    }

    #[test]
    fn github_escapes_properties_and_message() {
        let d = sample();
        assert_eq!(
            render(&[d], Format::Github, false),
            "::error file=roadmap/learners/kim.yaml,line=3,col=3::unknown task `terraform-vpc/vcp` \
             (help: did you mean `terraform-vpc/vpc`?)\n"
        );
    }

    #[test]
    fn github_annotations_escape_terminal_controls() {
        let mut d = sample();
        d.message = "unknown task `a\x1b]52;c;aGk=\x07b` \x1b[2J".into();
        d.file = "roadmap/learners/k\x1b[31m.yaml".into();
        let out = render(&[d], Format::Github, false);
        assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
        assert!(out.contains("a\\u{1b}]52;c;aGk=\\u{7}b"), "{out}");
        assert!(out.contains("k\\u{1b}[31m.yaml"), "{out}");
    }

    #[test]
    fn json_has_the_spec_keys() {
        let v: serde_json::Value = serde_json::from_str(&render(&[sample()], Format::Json, false)).unwrap();
        assert_eq!(v[0]["severity"], "error");
        assert_eq!(v[0]["file"], "roadmap/learners/kim.yaml");
        assert_eq!(v[0]["line"], 3);
        assert_eq!(v[0]["column"], 3);
        assert_eq!(v[0]["help"], "did you mean `terraform-vpc/vpc`?");
    }

    #[test]
    fn a_bad_argument_is_drawn_under_the_command_line_with_wide_and_quoted_words() {
        let words: Vec<String> = ["waymark", "done", "김데브", "a b"].map(String::from).to_vec();
        let bad = BadArgument::new("a b", "no task `a b` in the roadmap").suggest(Some("w1/ab"));
        assert_eq!(
            render_argument(&bad, &words, Some((3, 0)), false),
            "error: no task `a b` in the roadmap\n \
             --> waymark done 김데브 'a b'\n                          \
             ^^^\n  \
             = help: did you mean `w1/ab`?\n"
        );
        // Without a command line (a comment): the message and the help.
        assert_eq!(
            render_argument(&bad.clone().help("x"), &[], None, false),
            "error: no task `a b` in the roadmap\n  = help: did you mean `w1/ab`? (x)\n"
        );
    }

    #[test]
    fn did_you_mean_finds_typos_but_not_strangers() {
        assert_eq!(did_you_mean("statsu", ["status", "started", "note"]), Some("status"));
        assert_eq!(did_you_mean("vcp", ["vpc", "bastion"]), Some("vpc"));
        assert_eq!(did_you_mean("zzzzzz", ["status", "note"]), None);
    }

    /// The nearest wins whatever the order, ties go to the first in sort
    /// order, and repeats or far lengths change nothing.
    #[test]
    fn did_you_mean_is_the_same_over_repeats_and_lengths() {
        let many = std::iter::repeat_n("terraform-vpc/setup", 100_000);
        let list: Vec<&str> = many.chain(["terraform-vpc/setpu", "x", "terraform-vpc/a-very-long-task-id"]).collect();
        assert_eq!(did_you_mean("terraform-vpc/stup", list.iter().copied()), Some("terraform-vpc/setup"));
        assert_eq!(did_you_mean("ab-c", ["ab-d", "ab-b"]), Some("ab-b"));
        assert_eq!(did_you_mean("ab-c", ["ab-b", "ab-d"]), Some("ab-b"));
        assert_eq!(did_you_mean("데브옵스", ["데브옵", "클라우드네이티브"]), Some("데브옵"));
    }

    /// What is skipped unmeasured could not have been the nearest: the
    /// answer is the one measuring every candidate gives.
    #[test]
    fn did_you_mean_skips_only_what_cannot_be_nearest() {
        let list = [
            "terraform-vpc/vpc",
            "terraform-vpc/setup",
            "docker-basics/image",
            "docker-basics/compose",
            "k8s/pods",
            "k8s/deploy",
            "ci/pipeline",
            "ci/secrets",
            "iac/state",
            "vpc",
            "status",
            "started",
            "데브옵",
            "데브옵스-기초",
            "finished",
            "evidence",
            "reviews",
            "mentor",
        ];
        let naive = |word: &str| {
            let limit = (word.chars().count() / 3).max(2);
            list.iter()
                .map(|c| (strsim::damerau_levenshtein(word, c), *c))
                .filter(|(d, c)| *d <= limit && *d < c.chars().count())
                .min()
                .map(|(_, c)| c)
        };
        for word in [
            "terraform-vpc/vcp",
            "terraform-vpc/stup",
            "docker-basic/image",
            "k8s/pod",
            "k8/deploy",
            "ci/secret",
            "iac/stat",
            "vcp",
            "statsu",
            "stared",
            "데브옵스",
            "finsihed",
            "evidnce",
            "review",
            "mentr",
            "zzz",
            "",
        ] {
            assert_eq!(did_you_mean(word, list), naive(word), "{word}");
        }
    }

    /// A hostile list of a hundred thousand distinct ids, all near the
    /// word, is searched in part: the first near one still wins over
    /// those past the bound.
    #[test]
    fn did_you_mean_searches_a_bounded_part_of_a_long_list() {
        let ids: Vec<String> = (0..100_000).map(|i| format!("terraform-vpc/t{i}")).collect();
        let near = did_you_mean("terraform-vpc/s5", ids.iter().map(String::as_str));
        assert_eq!(near, Some("terraform-vpc/t5"));
        let past = did_you_mean("terraform-vpc/s99999", ids.iter().map(String::as_str));
        assert_ne!(past, Some("terraform-vpc/t99999"), "past the first {SUGGEST_CANDIDATES} ids");
    }
}
