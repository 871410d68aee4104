//! Generators of YAML-shaped text for the property tests (`fuzz.rs` runs
//! them through the real binary, `props.rs` through the loader in-process).
//!
//! Random bytes almost never get past the YAML parser, so most of what is
//! generated here is *nearly* right: documents with the real keys of
//! cohort.yaml, roadmap.yaml and learner files and mostly plausible values,
//! written in block or flow style with odd indentation, tabs, CRLF, a BOM,
//! anchors, aliases, tags, impossible dates, hostile Markdown, very long
//! lines and deep nesting; and the fixture files themselves with a few lines
//! mutated. That is what reaches validation, the schedule maths, rendering
//! and the learner-file editor.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

/// Keys of cohort.yaml (src/model/schemas/cohort.schema.json).
pub const COHORT_KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "base_url",
    "start",
    "timezone",
    "theme",
    "cname",
    "stale_after_days",
    "mentors",
    "id",
    "name",
    "github",
];
/// Keys of roadmap.yaml.
pub const ROADMAP_KEYS: &[&str] = &[
    "title",
    "summary",
    "weeks",
    "id",
    "body",
    "topics",
    "resources",
    "url",
    "kind",
    "checkpoints",
    "tasks",
    "hours",
    "requires",
    "review",
    "deliverable",
    "aliases",
];
/// Keys of learner files.
pub const LEARNER_KEYS: &[&str] = &[
    "name", "github", "mentor", "start", "pace", "private", "progress", "status", "started", "finished", "hours",
    "evidence", "note", "reviews", "by", "date", "verdict", "comment", "journal",
];
/// Full task ids: those of tests/fixtures/valid/basic, an alias, typos, unknown ones.
pub const TASK_IDS: &[&str] = &[
    "terraform-vpc/setup",
    "terraform-vpc/vpc",
    "terraform-vpc/network",
    "docker/dockerfile",
    "docker/compose",
    "ci-cd/pipeline",
    "terraform-vpc/vcp",
    "nope/none",
    "docker",
    "Docker/Compose",
    "a/b/c",
    "/",
];
pub const WEEK_IDS: &[&str] = &["terraform-vpc", "docker", "ci-cd", "extra", "x", "Week 1", "-bad", ""];
pub const SHORT_IDS: &[&str] =
    &["setup", "vpc", "network", "dockerfile", "compose", "pipeline", "lee", "park", "kim", "Lee Kim", "a_b", ""];
pub const MENTORS: &[&str] = &["lee", "park", "leee", "nobody", "Lee", "", "lee park", "0", "-x"];
pub const ENUMS: &[&str] = &[
    "done", "doing", "skipped", "blocked", "todo", "Done", "approved", "changes", "rejected", "ko", "en", "fr", "docs",
    "book", "video", "article", "course", "tool", "default", "",
];
/// Dates: real ones, leap days, impossible ones, the ends of the calendar, wrong shapes.
pub const DATES: &[&str] = &[
    "2026-09-07",
    "2026-09-30",
    "2026-10-01",
    "2024-02-29",
    "2026-02-29",
    "2026-02-30",
    "2026-04-31",
    "2026-13-01",
    "2026-00-10",
    "2026-12-32",
    "2026-12-00",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "1900-02-29",
    "1970-01-01",
    "-2026-01-01",
    "2026-9-7",
    "20260907",
    "2026-09-07T10:00:00Z",
    "2026-09-07 10:00",
    "2026/09/07",
    "today",
    "2026-W37",
];
pub const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "0.5",
    "-1",
    "2",
    "10",
    "10.0000001",
    "1e-300",
    "5e-324",
    "1e308",
    "-1e308",
    "1.7976931348623157e309",
    ".nan",
    ".inf",
    "-.inf",
    "0x10",
    "0o17",
    "0b101",
    "1_000",
    "99999999999999999999",
    "-9223372036854775808",
    "9223372036854775807",
    "4294967296",
    "3.5e2",
    "+7",
    "007",
    "1.",
    ".5",
];
pub const URLS: &[&str] = &[
    "https://github.com/kimdev/infra/pull/3",
    "http://example.com",
    "https://example.com/a?b=c#d",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "ftp://example.com",
    "https://",
    "http://[::1]:80/",
    "http://[::1",
    "https://exa mple.com",
    "example.com",
    "//evil.example",
    "https://xn--80ak6aa92e.com",
    "https://例え.テスト/パス",
    "HTTPS://EXAMPLE.COM/%zz",
    "https://user:pass@example.com:99999/",
    "https://octo.github.io/devops-study/",
    "https://octo.github.io/devops-study",
    "mailto:a@b.c",
];
/// Scalars that mean something to YAML, to HTML, to templates, or to a terminal.
pub const WEIRD: &[&str] = &[
    "~",
    "null",
    "true",
    "false",
    "yes",
    "on",
    "''",
    "\"\"",
    "|",
    ">",
    "-",
    "?",
    ":",
    "&a",
    "*a",
    "!!str",
    "!!binary",
    "%YAML 1.2",
    "---",
    "...",
    "# c",
    "{}",
    "[]",
    "{a: b}",
    "[a, b]",
    "key: value",
    "a: b: c",
    "\\",
    "\t",
    "\u{feff}",
    "\u{200b}",
    "\u{202e}evil",
    "a\u{0301}",
    "\u{0}",
    "\u{7f}\u{1b}[31mred",
    "\u{85}",
    "\u{2028}",
    "\r",
    "김데브",
    "이멘토",
    "🦀🦀",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "{% raw %}",
    "{# x",
    "</textarea></title>",
    "]]><!--",
    "Asia/Seoul",
    "UTC",
    "Mars/Olympus",
    "../../etc/passwd",
    "/tmp",
    "CON",
    "default",
    "CNAME",
];
/// Markdown and raw HTML that a sanitiser must defuse.
pub const HOSTILE_MARKDOWN: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"javascript:alert(1)\">",
    "<img srcset=\"javascript:alert(1) 1x\">",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![i](data:image/svg+xml,<svg onload=alert(1)>)",
    "<javascript:alert(1)>",
    "<data:text/html,x>",
    "[r]\n\n[r]: javascript:alert(1)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "<a href=\" data:text/html,x\">x</a>",
    "<a href=\"vbscript:x\">x</a>",
    "<svg onload=alert(1)>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<iframe src=https://evil.example></iframe>",
    "<object data=x></object><embed src=x>",
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "<kbd onclick=alert(1)>k</kbd>",
    "<input type=text onfocus=alert(1) autofocus>",
    "<input type=checkbox checked onclick=alert(1)>",
    "<form action=https://evil.example><button formaction=javascript:alert(1)>go</button></form>",
    "<style>body{display:none}</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
    "<base href=javascript:alert(1)//>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<div id=x class=\"y\" onmouseover=\"alert(1)\">d</div>",
    "<sup id=fn onclick=x>1</sup>",
    "<p/onclick=alert(1)>p</p>",
    "<img/src/onerror=alert(1)>",
    "<a href=javascript&colon;alert(1)>x</a>",
    "| a | b |\n|---|---|\n| <script>x</script> | [y](javascript:z) |",
    "- [x] done\n- [ ] <img src=x onerror=y>",
    "Note[^1]\n\n[^1]: <script>x</script>",
    "~~<b onmouseover=x>old</b>~~",
    "```html\n<script>alert(1)</script>\n```",
    "# <script>h</script>\n###### deep",
    "> <a href=javascript:x>q</a>",
    "    <script>indented code</script>",
    "`<script>`",
    "<kbd>Ctrl</kbd><br><details><summary>s</summary>b</details>",
];

/// How a scalar is written.
#[derive(Clone, Copy, Debug)]
pub enum Quote {
    Plain,
    Single,
    Double,
    Literal,
    Folded,
}

/// A YAML-shaped value, before it is written out.
#[derive(Clone, Debug)]
pub enum Y {
    Scalar(String, Quote),
    /// Items, and whether to write them `[flow, style]`.
    Seq(Vec<Y>, bool),
    /// Entries, and whether to write them `{flow: style}`.
    Map(Vec<(Y, Y)>, bool),
    /// `&name value`
    Anchored(String, Box<Y>),
    /// `*name`
    Alias(String),
    /// `!tag value`
    Tagged(String, Box<Y>),
}

fn quote() -> impl Strategy<Value = Quote> {
    prop_oneof![
        6 => Just(Quote::Plain),
        2 => Just(Quote::Double),
        2 => Just(Quote::Single),
        1 => Just(Quote::Literal),
        1 => Just(Quote::Folded),
    ]
}

fn pick(pool: &'static [&'static str]) -> BoxedStrategy<String> {
    select(pool).prop_map(str::to_string).boxed()
}

/// Any text at all: from the pools, printable ASCII, arbitrary Unicode,
/// numbers, date-shaped digits, or a very long line.
pub fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => pick(WEIRD),
        2 => pick(ENUMS),
        2 => pick(DATES),
        2 => pick(NUMBERS),
        1 => pick(URLS),
        1 => pick(TASK_IDS),
        1 => pick(HOSTILE_MARKDOWN),
        3 => "[ -~]{0,24}",
        2 => any::<String>().prop_map(|s| s.chars().take(24).collect()),
        1 => "[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}",
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => any::<f64>().prop_map(|n| n.to_string()),
        1 => (select(&['a', '가', '🦀', ' ', '-'][..]), 1000usize..20_000).prop_map(|(c, n)| c.to_string().repeat(n)),
    ]
    .boxed()
}

fn scalar_from(pool: BoxedStrategy<String>) -> BoxedStrategy<Y> {
    (pool, quote()).prop_map(|(s, q)| Y::Scalar(s, q)).boxed()
}

fn plain(s: &str) -> Y {
    Y::Scalar(s.to_string(), Quote::Plain)
}

/// A key: a real one of any file kind, a task id, or anything.
pub fn key() -> BoxedStrategy<Y> {
    prop_oneof![
        6 => select(COHORT_KEYS).prop_map(plain),
        6 => select(ROADMAP_KEYS).prop_map(plain),
        6 => select(LEARNER_KEYS).prop_map(plain),
        3 => select(TASK_IDS).prop_map(plain),
        1 => Just(plain("<<")),
        1 => scalar_from(text()),
        1 => select(NUMBERS).prop_map(plain),
    ]
    .boxed()
}

/// Any YAML tree up to a few levels deep, with anchors, aliases and tags.
pub fn tree() -> BoxedStrategy<Y> {
    let leaf = prop_oneof![
        8 => scalar_from(text()),
        1 => select(&["a", "b", "x"][..]).prop_map(|a| Y::Alias(a.to_string())),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            3 => (vec((key(), inner.clone()), 0..6), any::<bool>()).prop_map(|(e, f)| Y::Map(e, f)),
            2 => (vec(inner.clone(), 0..6), any::<bool>()).prop_map(|(i, f)| Y::Seq(i, f)),
            1 => (select(&["a", "b", "x"][..]), inner.clone()).prop_map(|(a, v)| Y::Anchored(a.to_string(), Box::new(v))),
            1 => (select(&["!!str", "!!int", "!!map", "!!seq", "!!binary", "!custom", "!<tag:yaml.org,2002:str>", "!!null"][..]), inner)
                .prop_map(|(t, v)| Y::Tagged(t.to_string(), Box::new(v))),
        ]
    })
    .boxed()
}

/// Mostly `right`, sometimes anything: a plausible value that is now and
/// then of the wrong type.
fn field(right: BoxedStrategy<Y>) -> BoxedStrategy<Y> {
    prop_oneof![12 => right, 1 => scalar_from(text()), 1 => tree()].boxed()
}

fn from(pool: &'static [&'static str]) -> BoxedStrategy<Y> {
    field(scalar_from(pick(pool)))
}

fn markdown() -> BoxedStrategy<Y> {
    field(scalar_from(prop_oneof![3 => pick(HOSTILE_MARKDOWN), 1 => text()].boxed()))
}

/// A mapping of some of `fields` (each kept with probability ~3/4), in the
/// given order or shuffled, sometimes with a stray key.
fn object(fields: Vec<(&'static str, BoxedStrategy<Y>)>) -> BoxedStrategy<Y> {
    let n = fields.len();
    let parts: Vec<BoxedStrategy<Option<(Y, Y)>>> = fields
        .into_iter()
        .map(|(k, v)| proptest::option::weighted(0.75, v.prop_map(move |v| (plain(k), v))).boxed())
        .collect();
    (parts, proptest::option::weighted(0.1, (key(), tree())), any::<bool>(), 0..n.max(1))
        .prop_map(|(parts, stray, flow, rot)| {
            let mut entries: Vec<(Y, Y)> = parts.into_iter().flatten().collect();
            if !entries.is_empty() {
                let r = rot % entries.len();
                entries.rotate_left(r);
            }
            entries.extend(stray);
            let flow = flow && entries.len() < 4;
            Y::Map(entries, flow)
        })
        .boxed()
}

fn list(item: BoxedStrategy<Y>, max: usize) -> BoxedStrategy<Y> {
    field((vec(item, 0..max), prop::bool::weighted(0.3)).prop_map(|(i, f)| Y::Seq(i, f)).boxed())
}

fn flag() -> BoxedStrategy<Y> {
    from(&["true", "false", "yes", "no", "1", "~"])
}

/// A learner file with the real keys and mostly plausible values.
pub fn learner() -> BoxedStrategy<Y> {
    let review = object(vec![
        ("by", from(MENTORS)),
        ("date", from(DATES)),
        ("verdict", from(ENUMS)),
        ("comment", markdown()),
        ("private", flag()),
    ]);
    let evidence = prop_oneof![
        2 => field(scalar_from(pick(URLS))),
        1 => list(scalar_from(pick(URLS)), 4),
    ]
    .boxed();
    let entry = object(vec![
        ("status", from(ENUMS)),
        ("started", from(DATES)),
        ("finished", from(DATES)),
        ("hours", from(NUMBERS)),
        ("evidence", evidence),
        ("note", markdown()),
        ("reviews", list(review, 4)),
    ]);
    let progress = field(
        (vec((key_from(TASK_IDS), entry), 0..8), prop::bool::weighted(0.2)).prop_map(|(e, f)| Y::Map(e, f)).boxed(),
    );
    let journal = list(object(vec![("date", from(DATES)), ("hours", from(NUMBERS)), ("note", markdown())]), 5);
    object(vec![
        ("name", field(scalar_from(text()))),
        ("github", from(WEIRD)),
        ("mentor", from(MENTORS)),
        ("start", from(DATES)),
        ("pace", from(NUMBERS)),
        ("private", flag()),
        ("progress", progress),
        ("journal", journal),
    ])
}

fn key_from(pool: &'static [&'static str]) -> BoxedStrategy<Y> {
    prop_oneof![9 => select(pool).prop_map(plain), 1 => key()].boxed()
}

/// A roadmap (or a translation of one) with the real keys.
pub fn roadmap() -> BoxedStrategy<Y> {
    let task = object(vec![
        ("id", from(SHORT_IDS)),
        ("title", markdown()),
        ("hours", from(NUMBERS)),
        ("requires", list(scalar_from(pick(TASK_IDS)), 3)),
        ("review", flag()),
        ("deliverable", markdown()),
        ("body", markdown()),
        ("aliases", list(scalar_from(pick(TASK_IDS)), 3)),
    ]);
    let resource = object(vec![("title", markdown()), ("url", from(URLS)), ("kind", from(ENUMS))]);
    let topic = object(vec![("title", markdown()), ("body", markdown())]);
    let week = object(vec![
        ("id", from(WEEK_IDS)),
        ("title", markdown()),
        ("summary", markdown()),
        ("body", markdown()),
        ("topics", list(topic, 3)),
        ("resources", list(resource, 3)),
        ("checkpoints", list(markdown(), 3)),
        ("tasks", list(task, 4)),
    ]);
    object(vec![("title", markdown()), ("summary", markdown()), ("weeks", list(week, 5))])
}

/// A cohort.yaml with the real keys.
pub fn cohort() -> BoxedStrategy<Y> {
    let mentor = object(vec![("id", from(MENTORS)), ("name", markdown()), ("github", from(WEIRD))]);
    object(vec![
        ("title", markdown()),
        ("description", markdown()),
        ("language", from(ENUMS)),
        ("base_url", from(URLS)),
        ("start", from(DATES)),
        ("timezone", from(WEIRD)),
        ("theme", from(&["default", "missing", "../x", "Default", ""])),
        ("cname", from(WEIRD)),
        ("stale_after_days", from(NUMBERS)),
        ("mentors", list(mentor, 4)),
    ])
}

/// How a tree is written out.
#[derive(Clone, Debug)]
pub struct Layout {
    /// One level of block indentation: spaces, odd counts, or tabs.
    pub indent: &'static str,
    pub newline: &'static str,
    pub bom: bool,
    /// `%YAML 1.2` / `---` / `...` around the document.
    pub markers: bool,
    pub comments: bool,
}

pub fn layout() -> impl Strategy<Value = Layout> {
    (
        prop_oneof![6 => Just("  "), 2 => Just("    "), 1 => Just(" "), 1 => Just("   "), 1 => Just("\t"), 1 => Just(" \t")],
        prop_oneof![6 => Just("\n"), 2 => Just("\r\n"), 1 => Just("\r")],
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.3),
    )
        .prop_map(|(indent, newline, bom, markers, comments)| Layout { indent, newline, bom, markers, comments })
}

/// Write `y` as YAML text (not always valid YAML: plain scalars are written
/// as they are, so `a: b` inside one makes a syntax error, as it would for a user).
pub fn write(y: &Y, l: &Layout) -> String {
    let mut out = String::new();
    if l.bom {
        out.push('\u{feff}');
    }
    if l.markers {
        out.push_str("%YAML 1.2\n---\n");
    }
    if l.comments {
        out.push_str("# generated\n");
    }
    match y {
        Y::Map(e, false) if !e.is_empty() => block_map(e, 0, l, &mut out),
        Y::Seq(i, false) if !i.is_empty() => block_seq(i, 0, l, &mut out),
        other => {
            inline(other, &mut out);
            out.push('\n');
        }
    }
    if l.markers {
        out.push_str("...\n");
    }
    if l.newline != "\n" {
        out = out.replace('\n', l.newline);
    }
    out
}

fn pad(depth: usize, l: &Layout, out: &mut String) {
    for _ in 0..depth {
        out.push_str(l.indent);
    }
}

/// A value after `key:` or `- `: block collections go on the next lines.
fn after(y: &Y, depth: usize, l: &Layout, out: &mut String) {
    match y {
        Y::Map(e, false) if !e.is_empty() => {
            out.push('\n');
            block_map(e, depth + 1, l, out);
        }
        Y::Seq(i, false) if !i.is_empty() => {
            out.push('\n');
            block_seq(i, depth + 1, l, out);
        }
        Y::Scalar(s, q @ (Quote::Literal | Quote::Folded)) => {
            out.push_str(if matches!(q, Quote::Literal) { " |" } else { " >-" });
            out.push('\n');
            for line in s.split('\n') {
                pad(depth + 1, l, out);
                out.push_str(line);
                out.push('\n');
            }
        }
        Y::Anchored(a, v) if matches!(**v, Y::Map(_, false) | Y::Seq(_, false)) => {
            out.push_str(&format!(" &{a}"));
            after(v, depth, l, out);
        }
        other => {
            out.push(' ');
            inline(other, out);
            if l.comments {
                out.push_str("  # c");
            }
            out.push('\n');
        }
    }
}

fn block_map(entries: &[(Y, Y)], depth: usize, l: &Layout, out: &mut String) {
    for (k, v) in entries {
        pad(depth, l, out);
        inline(k, out);
        out.push(':');
        after(v, depth, l, out);
    }
}

fn block_seq(items: &[Y], depth: usize, l: &Layout, out: &mut String) {
    for item in items {
        pad(depth, l, out);
        out.push('-');
        after(item, depth, l, out);
    }
}

/// A value on one line: flow collections and quoted or plain scalars.
fn inline(y: &Y, out: &mut String) {
    match y {
        Y::Scalar(s, Quote::Plain) => out.push_str(s),
        Y::Scalar(s, Quote::Single) => {
            out.push('\'');
            out.push_str(&s.replace('\'', "''"));
            out.push('\'');
        }
        Y::Scalar(s, _) => {
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('"');
        }
        Y::Seq(items, _) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                inline(item, out);
            }
            out.push(']');
        }
        Y::Map(entries, _) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                inline(k, out);
                out.push_str(": ");
                inline(v, out);
            }
            out.push('}');
        }
        Y::Anchored(a, v) => {
            out.push_str(&format!("&{a} "));
            inline(v, out);
        }
        Y::Alias(a) => out.push_str(&format!("*{a}")),
        Y::Tagged(t, v) => {
            out.push_str(t);
            out.push(' ');
            inline(v, out);
        }
    }
}

/// Nesting far past what any file needs, in block or flow style.
pub fn deep() -> BoxedStrategy<String> {
    (1usize..300, any::<bool>(), select(&["[", "{a: ", "- ", "a:\n"][..]))
        .prop_map(|(n, close, open)| match open {
            "[" => format!("[{}{}", "[".repeat(n), if close { "]".repeat(n + 1) } else { String::new() }),
            "{a: " => format!("{}x{}", "{a: ".repeat(n), if close { "}".repeat(n) } else { String::new() }),
            "- " => format!("{}x\n", "- ".repeat(n)),
            _ => (0..n).map(|i| format!("{}a:\n", " ".repeat(i))).collect(),
        })
        .boxed()
}

/// Anchors and aliases: repeated, forward, undefined, self-referential, nested ("billion laughs").
pub fn aliases() -> BoxedStrategy<String> {
    (1usize..12, 1usize..12, any::<bool>())
        .prop_map(|(width, levels, merge)| {
            let mut s = String::from("name: &n Kim\nmentor: *undefined\n");
            s.push_str(&format!("a0: &a0 [{}]\n", vec!["x"; width].join(", ")));
            for i in 1..levels {
                let prev = format!("*a{}", i - 1);
                s.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev.as_str(); width].join(", ")));
            }
            if merge {
                s.push_str("base: &b {status: done}\nprogress:\n  terraform-vpc/setup:\n    <<: *b\n    note: *n\n");
            }
            s
        })
        .boxed()
}

/// A document for a file of `kind` (`"cohort"`, `"roadmap"` or `"learner"`),
/// as text: mostly the real shape, sometimes any tree, deep nesting or aliases.
pub fn document(kind: &'static str) -> BoxedStrategy<String> {
    let shaped = match kind {
        "cohort" => cohort(),
        "roadmap" => roadmap(),
        _ => learner(),
    };
    prop_oneof![
        6 => (shaped, layout()).prop_map(|(y, l)| write(&y, &l)),
        2 => (tree(), layout()).prop_map(|(y, l)| write(&y, &l)),
        1 => deep(),
        1 => aliases(),
    ]
    .boxed()
}

/// One line-level change to an existing file.
#[derive(Clone, Debug)]
pub enum Mutation {
    /// Replace the value after the first `:` on a line.
    Value(usize, String),
    Delete(usize),
    Duplicate(usize),
    Insert(usize, String),
    /// Change the line's leading whitespace.
    Indent(usize, &'static str),
    Swap(usize, usize),
    /// Cut the file at a byte offset (on a character boundary).
    Truncate(usize),
}

pub fn mutation() -> impl Strategy<Value = Mutation> {
    let any_line = prop_oneof![
        3 => (key(), tree(), layout()).prop_map(|(k, v, l)| {
            let one = write(&Y::Map(vec![(k, v)], false), &Layout { bom: false, markers: false, ..l });
            one.trim_end_matches(['\n', '\r']).to_string()
        }),
        1 => text(),
    ];
    prop_oneof![
        6 => (any::<usize>(), text()).prop_map(|(i, s)| Mutation::Value(i, s)),
        2 => any::<usize>().prop_map(Mutation::Delete),
        1 => any::<usize>().prop_map(Mutation::Duplicate),
        2 => (any::<usize>(), any_line).prop_map(|(i, s)| Mutation::Insert(i, s)),
        2 => (any::<usize>(), select(&["", " ", "   ", "\t", "  \t", "        "][..])).prop_map(|(i, s)| Mutation::Indent(i, s)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// Apply `mutations` to `text`, line by line (indices wrap around).
pub fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for m in mutations {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let n = lines.len();
        match m {
            Mutation::Value(i, v) => {
                let line = &mut lines[i % n];
                match line.find(": ").or_else(|| line.find(':')) {
                    Some(at) => {
                        line.truncate(at);
                        line.push_str(": ");
                        line.push_str(v);
                    }
                    None => line.push_str(v),
                }
            }
            Mutation::Delete(i) => {
                lines.remove(i % n);
            }
            Mutation::Duplicate(i) => {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
            Mutation::Insert(i, s) => lines.insert(i % (n + 1), s.clone()),
            Mutation::Indent(i, ws) => {
                let line = &mut lines[i % n];
                *line = format!("{ws}{}", line.trim_start());
            }
            Mutation::Swap(a, b) => lines.swap(a % n, b % n),
            Mutation::Truncate(at) => {
                let joined = lines.join("\n");
                let mut cut = at % (joined.len() + 1);
                while !joined.is_char_boundary(cut) {
                    cut -= 1;
                }
                lines = joined[..cut].lines().map(str::to_string).collect();
            }
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// The fixture file `text` with one to four line-level mutations.
pub fn mutated(text: &'static str) -> BoxedStrategy<String> {
    vec(mutation(), 1..5).prop_map(move |m| mutate(text, &m)).boxed()
}
