//! Property tests of the pure layers, in-process so that they can run
//! thousands of cases in seconds: the positioned YAML parser, the schema
//! check, the whole per-file loader (bytes → text → document → schema →
//! typed model) with every diagnostic rendered in every format, and the
//! Markdown sanitiser. tests/it/fuzz.rs drives the same generators through the
//! real binary; this is the fast, many-case half.
//!
//! `PROPTEST_CASES=N` overrides the case counts.

use std::path::Path;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use waymark::diag::{self, Diagnostic, Format};
use waymark::model::doc::{self, Doc, Node};
use waymark::model::load::parse_source;
use waymark::model::schema::{self, FileKind};
use waymark::model::{Cohort, Learner, Roadmap};
use waymark::render::markdown;

use crate::common::yaml_gen;

fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

fn kind() -> impl Strategy<Value = FileKind> {
    select(&FileKind::ALL[..])
}

fn kind_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Cohort => "cohort",
        FileKind::Roadmap => "roadmap",
        FileKind::Learner => "learner",
    }
}

/// Text for a file of `kind`: arbitrary Unicode, arbitrary bytes read lossily,
/// a generated YAML-shaped document, or a mutated fixture file.
fn text_for(kind: FileKind) -> BoxedStrategy<String> {
    let fixture = match kind {
        FileKind::Cohort => include_str!("../fixtures/valid/basic/roadmap/cohort.yaml"),
        FileKind::Roadmap => include_str!("../fixtures/valid/basic/roadmap/roadmap.yaml"),
        FileKind::Learner => include_str!("../fixtures/valid/basic/roadmap/learners/kim.yaml"),
    };
    prop_oneof![
        1 => any::<String>(),
        1 => vec(any::<u8>(), 0..300).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        4 => yaml_gen::document(kind_name(kind)),
        3 => yaml_gen::mutated(fixture),
    ]
    .boxed()
}

fn kind_and_text() -> impl Strategy<Value = (FileKind, String)> {
    kind().prop_flat_map(|k| (Just(k), text_for(k)))
}

/// Every diagnostic renders in every format without panicking, and its
/// caret never points past its source line.
fn render_all(diags: &[Diagnostic]) -> Result<(), TestCaseError> {
    for format in [Format::Human, Format::Github, Format::Json] {
        for color in [false, true] {
            let _ = diag::render(diags, format, color);
        }
    }
    let json = diag::render(diags, Format::Json, false);
    prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "--format json is not JSON: {json}");
    Ok(())
}

/// Spans are what diagnostics and edits slice the source with: they must lie
/// inside it, on character boundaries.
fn spans_in_bounds(src: &str, doc: &Doc) -> Result<(), TestCaseError> {
    fn walk(src: &str, node: &Node) -> Result<(), TestCaseError> {
        let s = node.span;
        prop_assert!(
            s.start <= src.len() && s.end <= src.len() && src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
            "span {s:?} is not inside the {} bytes of the source",
            src.len()
        );
        for item in node.items() {
            walk(src, item)?;
        }
        for e in node.entries() {
            walk(src, &e.key)?;
            walk(src, &e.value)?;
        }
        Ok(())
    }
    if let Some(root) = &doc.root {
        walk(src, root)?;
    }
    for node in doc.anchors.values() {
        walk(src, node)?;
    }
    Ok(())
}

/// Load `bytes` as a file of `kind` the way `check` does; the diagnostics.
fn load(kind: FileKind, bytes: Vec<u8>) -> (Vec<Diagnostic>, bool) {
    let rel = Path::new("roadmap/fuzz.yaml");
    let mut diags = Vec::new();
    let loaded = match kind {
        FileKind::Cohort => parse_source::<Cohort>(rel, bytes, kind, &mut diags).1.is_some(),
        FileKind::Roadmap => parse_source::<Roadmap>(rel, bytes, kind, &mut diags).1.is_some(),
        FileKind::Learner => parse_source::<Learner>(rel, bytes, kind, &mut diags).1.is_some(),
    };
    (diags, loaded)
}

proptest! {
    #![proptest_config(config(2000))]

    /// One document is the source of both the check and the value: a file
    /// that parses and passes the schema check always loads.
    #[test]
    fn what_the_schema_check_accepts_always_loads((kind, src) in kind_and_text()) {
        if let Ok(d) = doc::parse(&src) {
            if schema::check(Path::new("roadmap/fuzz.yaml"), &src, &d, kind).is_empty() {
                let (diags, loaded) = load(kind, src.clone().into_bytes());
                prop_assert!(loaded, "passed the schema check but did not load:\n{}\n{:?}", src, diags);
            }
        }
    }

    #[test]
    fn doc_parse_never_panics_and_keeps_spans_in_the_source((_kind, src) in kind_and_text()) {
        match doc::parse(&src) {
            Ok(d) => spans_in_bounds(&src, &d)?,
            Err(e) => {
                let s = e.span;
                prop_assert!(
                    s.start <= src.len() && s.end <= src.len() && src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
                    "error span {s:?} is not inside the source: {e:?}"
                );
                render_all(&[Diagnostic::at(Path::new("f.yaml"), &src, s, e.message)])?;
            }
        }
    }

    #[test]
    fn schema_check_never_panics((kind, src) in kind_and_text()) {
        if let Ok(d) = doc::parse(&src) {
            let diags = schema::check(Path::new("roadmap/fuzz.yaml"), &src, &d, kind);
            render_all(&diags)?;
        }
    }

    /// A file is either loaded or refused with at least one error that has
    /// a position.
    #[test]
    fn loading_any_file_never_panics((kind, src) in kind_and_text()) {
        let (diags, loaded) = load(kind, src.into_bytes());
        render_all(&diags)?;
        prop_assert!(loaded || diags.iter().any(Diagnostic::is_error), "refused without an error: {diags:?}");
        prop_assert!(diags.iter().all(|d| d.line >= 1 && d.column >= 1), "a diagnostic without a position: {diags:?}");
    }

    #[test]
    fn loading_any_bytes_never_panics(kind in kind(), bytes in vec(any::<u8>(), 0..600)) {
        let (diags, _) = load(kind, bytes);
        render_all(&diags)?;
    }
}

/// Markdown built from hostile fragments, whole or cut anywhere, mixed with
/// arbitrary text and joined by the characters that change Markdown's mind.
fn markdown_text() -> BoxedStrategy<String> {
    let fragment = prop_oneof![
        4 => select(yaml_gen::HOSTILE_MARKDOWN).prop_map(str::to_string),
        2 => (select(yaml_gen::HOSTILE_MARKDOWN), any::<usize>()).prop_map(|(s, at)| {
            let mut cut = at % (s.len() + 1);
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            s[..cut].to_string()
        }),
        2 => "[ -~]{0,30}",
        1 => "[<>\"'=/a-z:&#;() \n\\[\\]!`*_~|-]{0,40}",
        1 => any::<String>(),
    ];
    let joint = select(&["", " ", "\n", "\n\n", "> ", "- ", "| ", "    ", "\t", "<", "</", "\"", "&#"][..]);
    vec((fragment, joint), 0..8)
        .prop_map(|parts| parts.into_iter().flat_map(|(f, j)| [f, j.to_string()]).collect())
        .boxed()
}

/// Elements that must never come out of the sanitiser.
const FORBIDDEN_TAGS: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "button", "textarea",
    "select", "base", "meta", "link", "svg", "math", "template", "noscript",
];
/// Attributes whose value is a URL.
const URL_ATTRIBUTES: &[&str] =
    &["href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "background", "cite", "data"];

/// Every start tag in `html` as (name, attributes).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        i += 1;
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let attr = html[start..i].to_ascii_lowercase();
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                let quote = b.get(i).copied().filter(|q| *q == b'"' || *q == b'\'');
                if let Some(q) = quote {
                    i += 1;
                    let start = i;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    value = html[start..i].to_string();
                    i += 1;
                } else {
                    let start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[start..i].to_string();
                }
            }
            attrs.push((attr, value));
        }
        out.push((name, attrs));
    }
    out
}

/// What a browser would take the scheme of `value` to be: character
/// references decoded (once, as a browser does), tabs and line breaks
/// dropped, controls and spaces at the ends trimmed, lowercased.
fn scheme(value: &str) -> Option<String> {
    let mut cleaned = String::new();
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix('&') {
            let end = after.find(';').unwrap_or(after.len());
            let name = &after[..end];
            let decoded = match name {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => match name.strip_prefix('#') {
                    Some(num) => match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => num.parse().ok(),
                    }
                    .and_then(char::from_u32),
                    None => None,
                },
            };
            if let Some(ch) = decoded {
                if !matches!(ch, '\t' | '\n' | '\r') {
                    cleaned.push(ch.to_ascii_lowercase());
                }
                rest = &after[(end + 1).min(after.len())..];
                continue;
            }
        }
        if !matches!(c, '\t' | '\n' | '\r') {
            cleaned.push(c.to_ascii_lowercase());
        }
        rest = &rest[c.len_utf8()..];
    }
    // As a browser reads a URL (the WHATWG URL parser): tabs and line
    // breaks anywhere are dropped, C0 controls and spaces at either end are
    // trimmed; a space inside stays, and ends a scheme.
    let cleaned = cleaned.trim_matches(|c: char| c <= ' ');
    // A scheme is a letter then letters, digits, `+`, `-`, `.`; anything
    // else before the colon makes the URL relative.
    let (before, _) = cleaned.split_once(':')?;
    let mut chars = before.chars();
    let is_scheme = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme.then(|| before.to_string())
}

/// No script, no event handler, no style, no URL with a scheme other than
/// http(s) or mailto.
fn assert_inert(html: &str, input: &str) -> Result<(), TestCaseError> {
    prop_assert!(!html.to_ascii_lowercase().contains("<script"), "{input:?} → {html}");
    for (name, attrs) in tags(html) {
        prop_assert!(!FORBIDDEN_TAGS.contains(&name.as_str()), "<{name}> survived: {input:?} → {html}");
        for (attr, value) in attrs {
            prop_assert!(!attr.starts_with("on"), "event handler {attr} survived: {input:?} → {html}");
            prop_assert!(attr != "style", "a style attribute survived: {input:?} → {html}");
            if URL_ATTRIBUTES.contains(&attr.as_str()) {
                if let Some(s) = scheme(&value) {
                    prop_assert!(
                        matches!(s.as_str(), "http" | "https" | "mailto"),
                        "a {s}: URL survived in {attr}: {input:?} → {html}"
                    );
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn rendered_markdown_is_inert(text in markdown_text(), shift in 0u8..=5) {
        assert_inert(&markdown::render(&text, shift), &text)?;
        assert_inert(&markdown::inline(&text), &text)?;
    }
}

/// The inertness check must catch what it looks for, or the property above
/// could never fail.
#[test]
fn the_inertness_check_catches_what_it_looks_for() {
    let bad = [
        "<script>x</script>",
        "<p>a</p><img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" &#106;ava&#x09;script:x\">x</a>",
        "<img src='data:image/png;base64,AAAA'>",
        "<a href=\"java&Tab;script&colon;x\">x</a>",
        "<div style=\"x\">d</div>",
        "<svg><a xlink:href=\"javascript:x\"></a></svg>",
        "<a href=\"vbscript:x\">x</a>",
        "<a href=\"\u{1} java\nscript:x\">x</a>",
    ];
    for html in bad {
        assert!(assert_inert(html, "").is_err(), "not caught: {html}");
    }
    for html in [
        "<p>data: javascript: onclick=x &lt;script&gt;</p>",
        "<a href=\"https://example.com/a:b\" rel=\"nofollow\">x</a>",
        "<a href=\"#fn-1\">1</a><a href=\"/x?y=javascript:z\">z</a><a href=\"mailto:a@b.c\">m</a><a href=\"[x](javascript:\">r</a>",
        "<kbd>Ctrl</kbd><br><details><summary>s</summary>b</details>",
        // A space ends a scheme: a browser reads this as a relative link.
        "<a href=\"j- :\">j</a>",
    ] {
        assert!(assert_inert(html, "").is_ok(), "wrongly caught: {html}");
    }
}

/// Scalars for [`subset_document`]: plain, and the characters that end,
/// split or start something in YAML, in the places they matter.
const SUBSET_TEXT: &[&str] = &[
    "a",
    "b c",
    "terraform-vpc/vpc",
    "a:b",
    "a: b",
    "a:",
    "a #b",
    "a#b",
    "-1",
    "- a",
    "-",
    "?x",
    ":x",
    "https://github.com/kim/infra/pull/3?b=c#d",
    "김데브 🦀",
    "x]",
    "{y}",
    "a, b",
    "",
    "'",
    "\"",
    "''",
    "\\n",
    "null",
    "~",
    "1.5",
    "0x1f",
    "true",
    "2026-09-07",
    "&a",
    "*a",
    "!!str x",
    "|",
    ">",
    "%x",
    "@x",
    "`x`",
    "---",
    "...",
    "x   ",
];

/// Keys: mostly ids, as waymark files have them.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(&["name", "status", "terraform-vpc/vpc", "id", "b c", "김"][..]).prop_map(str::to_string),
        1 => select(SUBSET_TEXT).prop_map(str::to_string),
    ]
}

#[derive(Clone, Debug)]
enum S {
    Text(String, u8),
    Seq(Vec<S>),
    Map(Vec<(String, S)>),
}

fn subset_tree() -> impl Strategy<Value = S> {
    let leaf = prop_oneof![
        4 => (select(SUBSET_TEXT), 0u8..3).prop_map(|(t, q)| S::Text(t.to_string(), q)),
        1 => (select(BLOCK_TEXT), 3u8..9).prop_map(|(t, q)| S::Text(t.to_string(), q)),
        1 => select(ESCAPED).prop_map(|t| S::Text(t.to_string(), 9)),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![vec(inner.clone(), 0..5).prop_map(S::Seq), vec((key(), inner), 0..5).prop_map(S::Map),]
    })
}

/// What a double-quoted scalar may hold between its quotes: escapes, right
/// and wrong.
const ESCAPED: &[&str] = &[
    r"a\tb",
    r"\u00e9\u1234",
    r"\x41\x7f",
    r"\U0001F980",
    r#"\/\\\""#,
    r"\N\_\L\P",
    r"\0\a\b\v\f\r\e\ ",
    r"\q",
    r"\u12",
    r"\ud800",
    r"\U00110000",
    r"\xZZ",
    r"end\",
    r"a'b",
];

/// Texts of several lines, for block scalars.
const BLOCK_TEXT: &[&str] = &[
    "a\nb",
    "a\n\nb\n",
    "a\n  b\nc",
    "p q\n\n\n  r\n s\nt\n\n",
    "# not a comment\n- not a list",
    "김데브\n  🦀",
    " lead\nx",
    "x\n   \ny",
    "",
];

/// Write `text` as a block scalar (`|` or `>`, clipped, stripped or kept)
/// whose lines are indented `indent` spaces.
fn block_text(text: &str, style: u8, indent: usize) -> String {
    let header = ["|", ">", "|-", ">-", "|+", ">+"][usize::from(style) % 6];
    let pad = " ".repeat(indent);
    let body: String =
        text.split('\n').map(|l| if l.is_empty() { "\n".to_string() } else { format!("{pad}{l}\n") }).collect();
    format!(" {header}\n{body}")
}

/// Write `text` as a plain (0), single-quoted (1) or double-quoted (2) scalar.
fn scalar_text(text: &str, quote: u8) -> String {
    match quote {
        1 => format!("'{}'", text.replace('\'', "''")),
        2 => format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")),
        9 => format!("\"{text}\""),
        3.. => format!("\"{}\"", text.replace('\n', "\\n")),
        _ => text.to_string(),
    }
}

/// A flow collection on one line, with `gap` spaces around its punctuation.
fn flow(node: &S, gap: &str) -> String {
    match node {
        S::Text(t, q) => scalar_text(t, *q),
        S::Seq(items) => format!(
            "[{gap}{}{gap}]",
            items.iter().map(|i| flow(i, gap)).collect::<Vec<_>>().join(&format!("{gap},{gap} "))
        ),
        S::Map(entries) => format!(
            "{{{gap}{}{gap}}}",
            entries.iter().map(|(k, v)| format!("{k}: {}", flow(v, gap))).collect::<Vec<_>>().join(&format!("{gap}, "))
        ),
    }
}

/// Write a block node at `indent`; `style` picks, per node, the choices
/// YAML leaves open (flow or block, indentless lists, extra indentation,
/// trailing comments and spaces, blank lines).
fn block(node: &S, indent: usize, style: &mut impl Iterator<Item = u8>, out: &mut String) {
    let pad = " ".repeat(indent);
    let tail = |style: &mut dyn Iterator<Item = u8>| match style.next().unwrap_or(0) % 6 {
        0 => "  # note".to_string(),
        1 => "   ".to_string(),
        2 => "\n\n# a comment line".to_string(),
        _ => String::new(),
    };
    let value = |v: &S, indent: usize, style: &mut dyn Iterator<Item = u8>, out: &mut String| {
        let s = style.next().unwrap_or(0);
        match v {
            S::Text(t, q) if (3..9).contains(q) => {
                out.push_str(&block_text(t, *q - 3, indent + 1 + usize::from(s % 3)))
            }
            S::Text(t, q) => out.push_str(&format!(" {}", scalar_text(t, *q))),
            _ if s % 3 == 0 => out.push_str(&format!(" {}", flow(v, if s % 2 == 0 { "" } else { " " }))),
            S::Seq(items) if !items.is_empty() && s % 3 == 1 => {
                // A list at its key's own indentation.
                out.push('\n');
                block(v, indent, &mut std::iter::repeat_n(s, 8).chain(std::iter::repeat(5)), out);
            }
            _ => {
                out.push('\n');
                block(
                    v,
                    indent + 1 + usize::from(s % 4),
                    &mut std::iter::repeat_n(s.wrapping_mul(7), 6).chain(std::iter::repeat(5)),
                    out,
                );
            }
        }
    };
    match node {
        S::Text(t, q) => out.push_str(&format!("{pad}{}\n", scalar_text(t, *q))),
        S::Seq(items) if items.is_empty() => out.push_str(&format!("{pad}[]\n")),
        S::Map(entries) if entries.is_empty() => out.push_str(&format!("{pad}{{}}\n")),
        S::Seq(items) => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                match item {
                    S::Map(entries) if !entries.is_empty() && style.next().unwrap_or(0) % 2 == 0 => {
                        // `- key: value` with the other keys under the first.
                        let mut first = String::new();
                        block(item, indent + 2, style, &mut first);
                        out.push(' ');
                        out.push_str(first.trim_start_matches(' '));
                    }
                    S::Seq(_) | S::Map(_) if style.next().unwrap_or(0) % 4 != 0 => {
                        out.push_str(&format!(" {}", flow(item, "")));
                        out.push_str(&tail(style));
                        out.push('\n');
                    }
                    _ => {
                        value(item, indent + 2, style, out);
                        out.push_str(&tail(style));
                        out.push('\n');
                    }
                }
            }
        }
        S::Map(entries) => {
            for (key, v) in entries {
                out.push_str(&format!("{pad}{key}:"));
                value(v, indent, style, out);
                if matches!(v, S::Text(..)) {
                    out.push_str(&tail(style));
                }
                if !out.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
    }
}

/// A document in (and around) the subset of YAML the quick reader takes,
/// sometimes with one line's indentation or one character changed.
fn subset_document() -> impl Strategy<Value = String> {
    (
        subset_tree(),
        vec(any::<u8>(), 64),
        any::<u16>(),
        0u8..6,
        select(&[" ", ":", "#", "-", "[", "'", "\"", "  ", "\n", "é"][..]),
    )
        .prop_map(|(tree, style, at, edit, insert)| {
            let mut out = String::new();
            block(&tree, 0, &mut style.into_iter().chain(std::iter::repeat(5)), &mut out);
            let at = usize::from(at) % (out.len() + 1);
            let at = (0..=at).rev().find(|&i| out.is_char_boundary(i)).unwrap_or(0);
            match edit {
                0 => out.insert_str(at, insert),
                1 if at < out.len() => {
                    let next = (at + 1..=out.len()).find(|&i| out.is_char_boundary(i)).unwrap_or(out.len());
                    out.replace_range(at..next, "");
                }
                _ => {}
            }
            out
        })
}

/// The quick reader and the full parser, on the same text: the quick reader
/// either leaves the file to the full parser, or reads exactly what it reads,
/// every place included; never a file the full parser refuses.
fn quick_agrees(src: &str) -> Result<bool, TestCaseError> {
    let Some(quick) = doc::parse_quick(src) else { return Ok(false) };
    match doc::parse_full(src) {
        Ok(full) => prop_assert_eq!(format!("{quick:?}"), format!("{full:?}"), "the readers differ on:\n{}", src),
        Err(e) => prop_assert!(false, "the quick reader took a file the full parser refuses ({}):\n{}", e.message, src),
    }
    Ok(true)
}

proptest! {
    #![proptest_config(config(4000))]

    #[test]
    fn the_quick_reader_reads_what_the_full_parser_reads(src in subset_document()) {
        quick_agrees(&src)?;
    }

    #[test]
    fn the_quick_reader_agrees_on_any_text((_kind, src) in kind_and_text()) {
        quick_agrees(&src)?;
    }
}

/// The property above says something only if the quick reader takes many of
/// the documents generated: most are in the subset.
#[test]
fn the_quick_reader_takes_most_generated_documents() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = subset_document();
    let (mut taken, mut full_ok) = (0, 0);
    for _ in 0..1000 {
        let src = strategy.new_tree(&mut runner).unwrap().current();
        taken += usize::from(doc::parse_quick(&src).is_some());
        full_ok += usize::from(doc::parse_full(&src).is_ok());
    }
    assert!(taken >= 300, "the quick reader took {taken} of 1000 (the full parser {full_ok})");
}

/// The files a cohort is made of are in the subset the quick reader takes,
/// and it reads them as the full parser does.
#[test]
fn the_quick_reader_takes_the_example_cohort() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("roadmap/roadmap.yaml"), root.join("roadmap/cohort.yaml")];
    for dir in ["roadmap/learners", "tests/fixtures/valid/basic/roadmap/learners"] {
        let mut learners: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        learners.sort();
        assert!(learners.len() >= 3, "{dir}: {learners:?}");
        files.extend(learners);
    }
    for file in files {
        let src = std::fs::read_to_string(&file).unwrap();
        let quick = doc::parse_quick(&src).unwrap_or_else(|| panic!("{} is left to the full parser", file.display()));
        let full = doc::parse_full(&src).unwrap();
        assert_eq!(format!("{quick:?}"), format!("{full:?}"), "{}", file.display());
    }
}

proptest! {
    #![proptest_config(config(400))]

    /// The roster's light read of a learner file (its top-level `name:`,
    /// `github:`, `mentor:` and `private:` lines) names whom the full read
    /// names, or leaves the file to the full read: it never loses a learner
    /// nor reads one otherwise. Of a file the full read finds errors in (and
    /// then reads in part, or not at all), it may read what the full read
    /// leaves out: what finds a learner through it reads their file in full.
    #[test]
    fn the_roster_reads_a_learner_as_the_full_read_does(
        src in prop_oneof![1 => text_for(FileKind::Learner), 3 => learner_top_lines()],
        crlf in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let learners = dir.path().join("roadmap/learners");
        std::fs::create_dir_all(&learners).unwrap();
        let src = if crlf { src.replace('\n', "\r\n") } else { src };
        std::fs::write(learners.join("kim.yaml"), &src).unwrap();
        let roster = waymark::model::roster::read(dir.path(), None);
        let full = waymark::model::load::load(dir.path());
        if full.diags.iter().any(|d| d.is_error() && d.file.ends_with("kim.yaml")) {
            return Ok(());
        }
        match (roster.first(), full.learners.first()) {
            (Some(m), Some(l)) => prop_assert_eq!(
                (&m.id, &m.name, &m.github, &m.mentor, m.private),
                (&l.id, &l.name, &l.github, &l.mentor, l.private),
                "{:?}",
                src
            ),
            (None, Some(l)) => prop_assert!(false, "the roster lost {:?}: {:?}", l.id, src),
            (Some(m), None) => prop_assert!(false, "{:?} is no learner to the full read: {:?}", m, src),
            (None, None) => {}
        }
    }
}

/// A learner file whose top-level lines say who they are in every way YAML
/// allows: plain, quoted (with escapes or without), folded or literal,
/// flow style, with comments, in any order, before or after `progress`.
fn learner_top_lines() -> BoxedStrategy<String> {
    let value = select(
        &[
            "Kim Dev",
            "김데브",
            "Kim: Dev",
            "a #b",
            "#x",
            "it's",
            "say \"hi\"",
            "~",
            "null",
            "true",
            "12",
            "@kim",
            " spaced ",
            "lee",
            "kim-dev",
            "",
            "a\tb",
            "line\nbreak",
        ][..],
    );
    let style = 0..10u8;
    let write = |key: &str, v: &str, style: u8| -> String {
        match style {
            0 => format!("{key}: {v}\n"),
            1 => format!("{key}: '{}'\n", v.replace('\'', "''")),
            2 => format!(
                "{key}: \"{}\"\n",
                v.replace('\\', "\\\\").replace('"', "\\\"").replace('\t', "\\t").replace('\n', "\\n")
            ),
            3 => format!("{key}: {v}  # a comment\n"),
            4 => format!("{key}: >-\n  {v}\n"),
            5 => format!("{key}: |\n  {v}\n"),
            6 => format!("{key}:\n  {v}\n"),
            7 => format!("{key}: {v}\n  goes on\n"),
            8 => format!("{key}: &a {v}\n"),
            _ => format!("{key}: !!str {v}\n"),
        }
    };
    (
        (value.clone(), style.clone()),
        proptest::option::of((value.clone(), style.clone())),
        proptest::option::of((value.clone(), style.clone())),
        proptest::option::of(select(&["true", "false", "True", "yes", "~", "'true'"][..])),
        0..4usize,
        any::<bool>(),
    )
        .prop_map(move |(name, github, mentor, private, at, flow)| {
            let mut lines: Vec<String> = vec![write("name", name.0, name.1)];
            if let Some((v, st)) = github {
                lines.push(write("github", v, st));
            }
            if let Some((v, st)) = mentor {
                lines.push(write("mentor", v, st));
            }
            if let Some(p) = private {
                lines.push(format!("private: {p}\n"));
            }
            let progress = "progress:\n  terraform-vpc/setup: {status: done, finished: 2026-09-08}\n".to_string();
            let at = at.min(lines.len());
            lines.insert(at, progress);
            if flow {
                // The same keys in one flow mapping, where it reads.
                let inner: Vec<String> = lines
                    .iter()
                    .filter(|l| l.matches('\n').count() == 1 && !l.starts_with("progress"))
                    .map(|l| l.trim_end().to_string())
                    .collect();
                return format!("{{{}}}\n", inner.join(", "));
            }
            format!("# a learner\n{}", lines.concat())
        })
        .boxed()
}
