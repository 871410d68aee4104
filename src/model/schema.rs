//! The JSON Schemas of the three file kinds, and the structural check that
//! walks a positioned document against them. One source of truth: the same
//! schemas are what `waymark schema` writes for editors, and what `check`
//! uses to report unknown keys, wrong types, bad dates and URLs with positions.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

use super::doc::{Doc, Kind, Node, Span};
use super::shape::{Extra, Format, Pattern, Shape, Shapes, Type};
use crate::diag::{did_you_mean, Diagnostic};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Cohort,
    Roadmap,
    Learner,
}

const COHORT: &str = include_str!("schemas/cohort.schema.json");
const ROADMAP: &str = include_str!("schemas/roadmap.schema.json");
const LEARNER: &str = include_str!("schemas/learner.schema.json");

impl FileKind {
    pub const ALL: [FileKind; 3] = [FileKind::Cohort, FileKind::Roadmap, FileKind::Learner];

    /// The file name `waymark schema` writes this schema to.
    pub fn schema_file(self) -> &'static str {
        match self {
            FileKind::Cohort => "cohort.schema.json",
            FileKind::Roadmap => "roadmap.schema.json",
            FileKind::Learner => "learner.schema.json",
        }
    }

    pub fn schema_text(self) -> &'static str {
        match self {
            FileKind::Cohort => COHORT,
            FileKind::Roadmap => ROADMAP,
            FileKind::Learner => LEARNER,
        }
    }

    pub fn schema(self) -> &'static Value {
        static CELLS: [OnceLock<Value>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let i = self as usize;
        CELLS[i].get_or_init(|| serde_json::from_str(self.schema_text()).expect("built-in schema is JSON"))
    }

    /// The schema compiled, once: what the checks walk.
    pub fn shapes(self) -> &'static Shapes {
        static CELLS: [OnceLock<Shapes>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        CELLS[self as usize].get_or_init(|| Shapes::compile(self.schema()))
    }
}

/// Check `doc` against the schema of `kind`; every problem is reported.
pub fn check(file: &Path, src: &str, doc: &Doc, kind: FileKind) -> Vec<Diagnostic> {
    check_with_places(file, src, doc, kind).0
}

/// [`check`], and the place of the node each problem is about.
pub fn check_with_places(file: &Path, src: &str, doc: &Doc, kind: FileKind) -> (Vec<Diagnostic>, Vec<Span>) {
    let shapes = kind.shapes();
    let mut walker = Walker { file, src, doc, shapes, out: Vec::new(), places: Vec::new() };
    match &doc.root {
        None => walker.out.push(Diagnostic::file(file, "the file is empty").help(match kind {
            FileKind::Cohort => "a cohort needs at least `title:`",
            FileKind::Roadmap => "a roadmap needs `title:` and `weeks:`",
            FileKind::Learner => "a learner needs at least `name:`; delete the file to remove the learner",
        })),
        Some(node) => {
            let root = shapes.root();
            walker.walk(node, root, root.title.as_deref().unwrap_or("file"));
        }
    }
    (walker.out, walker.places)
}

/// Mappings up to this many entries find a repeated key by looking back
/// over their entries, without building a table: most mappings are small.
const SMALL_MAPPING: usize = 16;

struct Walker<'a> {
    file: &'a Path,
    src: &'a str,
    doc: &'a Doc,
    shapes: &'static Shapes,
    out: Vec<Diagnostic>,
    places: Vec<Span>,
}

impl<'a> Walker<'a> {
    fn raw(&self, node: &Node) -> &'a str {
        self.src.get(node.span.start..node.span.end).unwrap_or("")
    }

    /// Whether the problems shown are all found: past them, a problem is
    /// only counted (on the last one built) and its place is not kept — a
    /// file with that many problems is not read in part either.
    fn full(&self) -> bool {
        self.out.len() >= crate::diag::MAX_PER_FILE
    }

    /// Count `n` problems past those shown.
    fn count(&mut self, n: usize) {
        if let Some(last) = self.out.last_mut() {
            last.more += n;
        }
        self.places.clear();
    }

    /// A problem at `node`: its message and help are made only when it is
    /// one of those shown, so a file of a million problems costs counters.
    fn err(&mut self, node: &Node, problem: impl FnOnce(&Self) -> (String, Option<String>)) {
        if self.full() {
            return self.count(1);
        }
        let (message, help) = problem(self);
        let mut d = Diagnostic::at(self.file, self.src, node.span, message);
        d.help = help;
        self.out.push(d);
        self.places.push(node.span);
    }

    /// `name` is what the value is called in messages: its key, or the
    /// schema title of the object it is.
    fn walk(&mut self, node: &Node, shape: &'static Shape, name: &str) {
        let node = self.doc.resolve(node);
        if let Some(alts) = &shape.any_of {
            return self.any_of(node, alts, name);
        }
        if let Some(options) = &shape.options {
            return self.one_of(node, options, name);
        }
        if shape.nullable && node.kind == Kind::Null {
            return;
        }
        let Some(ty) = shape.ty else { return };
        if !type_ok(node, ty) {
            return self.wrong_type(node, ty, shape, name);
        }
        match ty {
            Type::String => self.string(node, shape, name),
            Type::Number | Type::Integer => self.number(node, shape, name),
            Type::Array => {
                let items = node.items();
                if let Some(min) = shape.min_items {
                    if (items.len() as u64) < min {
                        self.err(node, |_| (format!("`{name}` is an empty list"), Some(format!("add at least {min}"))));
                    }
                }
                if let Some(item_shape) = shape.items {
                    let item_shape = self.shapes.get(item_shape);
                    for item in items {
                        self.walk(item, item_shape, name);
                    }
                }
            }
            Type::Object => self.object(node, shape, name),
            Type::Boolean => {}
        }
    }

    fn wrong_type(&mut self, node: &Node, ty: Type, shape: &Shape, name: &str) {
        let expected = match ty {
            Type::String => "text",
            Type::Number => "a number",
            Type::Integer => "a whole number",
            Type::Boolean => "`true` or `false`",
            Type::Array => "a list",
            Type::Object => "a mapping of `key: value` lines",
        };
        if node.kind == Kind::Null {
            return self.err(node, |_| {
                (
                    format!("`{name}` has no value"),
                    Some(format!("give `{name}` a value ({expected}), or remove the line")),
                )
            });
        }
        self.err(node, |w| w.wrong_type_text(node, ty, shape, name, expected));
    }

    fn wrong_type_text(
        &self,
        node: &Node,
        ty: Type,
        shape: &Shape,
        name: &str,
        expected: &str,
    ) -> (String, Option<String>) {
        let raw = self.raw(node).lines().next().unwrap_or("");
        let help = match (ty, &node.kind) {
            (Type::String, Kind::Int(_) | Kind::Float(_) | Kind::Bool(_)) => {
                Some(format!("put it in quotes to make it text: `\"{raw}\"`"))
            }
            (Type::Integer, Kind::Float(_)) => Some("use a whole number".to_string()),
            (Type::Array, Kind::Str(_)) => Some(format!("write it as a list: `[{raw}]`")),
            // `task: done` where a progress entry belongs.
            (Type::Object, Kind::Str(v))
                if shape
                    .property("status")
                    .and_then(|s| self.shapes.get(s).options.as_ref())
                    .is_some_and(|e| e.contains(v)) =>
            {
                Some(format!("did you mean `{name}: {{status: {v}}}`?"))
            }
            _ => None,
        };
        let found = if matches!(node.kind, Kind::Map(_) | Kind::Seq(_)) {
            node.describe().to_string()
        } else {
            format!("{} `{raw}`", node.describe())
        };
        (format!("`{name}` must be {expected}, found {found}"), help)
    }

    fn any_of(&mut self, node: &Node, alts: &[usize], name: &str) {
        // Check against the alternative whose type fits the value; when none
        // fits, say what would have.
        let shapes = self.shapes;
        let fitting = alts
            .iter()
            .map(|&alt| shapes.get(alt))
            .find(|alt| alt.single_type && alt.ty.is_some_and(|ty| type_ok(node, ty)));
        match fitting {
            Some(alt) => self.walk(node, alt, name),
            None => self.err(node, |w| {
                let raw = w.raw(node).lines().next().unwrap_or("");
                (format!("`{name}` must be a URL or a list of URLs, found {} `{raw}`", node.describe()), None)
            }),
        }
    }

    fn one_of(&mut self, node: &Node, options: &[String], name: &str) {
        if let Kind::Str(s) = &node.kind {
            if options.contains(s) {
                return;
            }
        }
        self.err(node, |w| {
            let list = options.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ");
            let value = match &node.kind {
                Kind::Str(s) => s.as_str(),
                Kind::Null => return (format!("`{name}` has no value"), Some(format!("use one of {list}"))),
                _ => w.raw(node),
            };
            let help = match did_you_mean(value, options.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`? ({name} is one of {list})"),
                None => format!("{name} is one of {list}"),
            };
            (format!("unknown {name} `{value}`"), Some(help))
        });
    }

    fn string(&mut self, node: &Node, shape: &Shape, name: &str) {
        let Kind::Str(value) = &node.kind else { return };
        if shape.min_length && value.trim().is_empty() {
            return self.err(node, |_| (format!("`{name}` is empty"), None));
        }
        if let Some(pattern) = shape.pattern {
            let full = pattern == Pattern::FullId;
            let ok = if full { value.split_once('/').is_some_and(|(w, t)| is_id(w) && is_id(t)) } else { is_id(value) };
            if !ok {
                return self.err(node, |_| {
                    let help = if full {
                        "a full task id is `<week-id>/<task-id>`, e.g. `terraform-vpc/vpc`".to_string()
                    } else {
                        let slug = slugify(value);
                        if slug.is_empty() {
                            ID_RULE.to_string()
                        } else {
                            format!("did you mean `{slug}`? ({ID_RULE})")
                        }
                    };
                    // `id`, `mentor`, `theme` name what they hold; a list
                    // (`requires`, `aliases`) or `by` does not.
                    let what = match (full, name) {
                        (true, _) => format!("full task id in `{name}`"),
                        (false, "id" | "mentor" | "theme") => name.to_string(),
                        (false, _) => format!("id in `{name}`"),
                    };
                    (format!("`{value}` is not a valid {what}"), Some(help))
                });
            }
        }
        match shape.format {
            Some(Format::Date) => {
                if let Err((message, help)) = check_date(value) {
                    self.err(node, |_| (format!("`{name}`: {message}"), help));
                }
            }
            Some(Format::Uri) => {
                if let Err(help) = check_url(value) {
                    self.err(node, |_| (format!("`{name}` must be an http(s) URL, found `{value}`"), help));
                }
            }
            Some(Format::GithubRepo) if !crate::repo::is_repo(value) => self.err(node, |_| {
                let help = match crate::repo::from_remote(value) {
                    Some(repo) => format!("did you mean `{repo}`?"),
                    None => "write the repository as `OWNER/NAME`, e.g. `octo/devops-study`".into(),
                };
                (format!("`{value}` is not a GitHub repository"), Some(help))
            }),
            Some(Format::GitBranch) if !crate::repo::is_branch(value) => self.err(node, |_| {
                let help = "a branch name has no spaces, `..` or any of `~ ^ : ? * [ \\`, e.g. `main`".to_string();
                (format!("`{value}` is not a branch name"), Some(help))
            }),
            Some(Format::AgeRecipient) => {
                if let Err(why) = super::sealed::recipient(value) {
                    self.err(node, |_| (format!("`{}` is not a recipient: {why}", crate::text::one_line(value)), None));
                }
            }
            Some(Format::Timezone) if jiff::tz::TimeZone::get(value).is_err() => {
                // The nearest name is looked for only when the problem is shown.
                self.err(node, |_| {
                    let help = check_timezone(value).err();
                    (format!("unknown time zone `{value}`"), help)
                });
            }
            _ => {}
        }
    }

    fn number(&mut self, node: &Node, shape: &Shape, name: &str) {
        let v = match node.kind {
            Kind::Int(i) => i as f64,
            Kind::Float(f) => f,
            _ => return,
        };
        if !v.is_finite() {
            return self.err(node, |_| (format!("`{name}` must be a finite number"), None));
        }
        if let Some(min) = shape.minimum {
            if v < min {
                return self.err(node, |_| (format!("`{name}` must be at least {min}, found {v}"), None));
            }
        }
        if let Some(min) = shape.exclusive_minimum {
            if v <= min {
                return self.err(node, |_| (format!("`{name}` must be more than {min}, found {v}"), None));
            }
        }
        if let Some(max) = shape.maximum {
            if v > max {
                self.err(node, |_| (format!("`{name}` must be at most {max}, found {v}"), None));
            }
        }
    }

    fn object(&mut self, node: &Node, shape: &'static Shape, name: &str) {
        let title = shape.title.as_deref().unwrap_or(name);
        let entries = node.entries();
        // A required key that an unknown key is a typo of is reported once, as the typo.
        let mut suggested: Vec<&str> = Vec::new();
        // The line each key was first set on, to name duplicates: a small
        // mapping looks back over its entries, a large one keeps a table.
        let small = entries.len() <= SMALL_MAPPING;
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(if small { 0 } else { entries.len() });
        for (i, entry) in entries.iter().enumerate() {
            let key_node = self.doc.resolve(&entry.key);
            let Kind::Str(key) = &key_node.kind else {
                self.err(&entry.key, |w| {
                    let raw = w.raw(&entry.key);
                    (format!("key `{raw}` in {title} must be text"), Some(format!("put it in quotes: `\"{raw}\"`")))
                });
                continue;
            };
            let first = if small {
                entries[..i].iter().find(|e| self.doc.resolve(&e.key).as_str() == Some(key)).map(|e| e.key.span.line)
            } else {
                seen.get(key.as_str()).copied()
            };
            if let Some(first) = first {
                self.err(&entry.key, |_| {
                    (
                        format!("duplicate key `{key}` in {title}"),
                        Some(format!("`{key}` is already set on line {first}; keep one of them")),
                    )
                });
                continue;
            }
            if !small {
                seen.insert(key, entry.key.span.line);
            }
            match shape.property(key) {
                Some(prop) => self.walk(&entry.value, self.shapes.get(prop), key),
                None => match shape.extra {
                    Extra::Refused => self.err(&entry.key, |_| {
                        let known: Vec<&str> = shape.keys().collect();
                        let help = match did_you_mean(key, known.iter().copied()) {
                            Some(near) => {
                                suggested.push(near);
                                format!("did you mean `{near}`?")
                            }
                            None => format!(
                                "{title} keys are {}",
                                known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                            ),
                        };
                        (format!("unknown key `{key}` in {title}"), Some(help))
                    }),
                    Extra::Each(each) => self.walk(&entry.value, self.shapes.get(each), key),
                    Extra::Any => {}
                },
            }
        }
        // The repeated keys the parse left out come after those it kept,
        // which fill the problems shown: they are counted.
        if let Some(&dropped) = self.doc.dropped.get(&node.span.start) {
            self.count(dropped);
        }
        for key in &shape.required {
            let key = key.as_str();
            if !entries.iter().any(|e| e.key.as_str() == Some(key)) && !suggested.contains(&key) {
                self.err(node, |_| (format!("{title} is missing `{key}`"), Some(format!("add a line `{key}: …`"))));
            }
        }
    }
}

fn type_ok(node: &Node, ty: Type) -> bool {
    matches!(
        (ty, &node.kind),
        (Type::String, Kind::Str(_))
            | (Type::Number, Kind::Int(_) | Kind::Float(_))
            | (Type::Integer, Kind::Int(_))
            | (Type::Boolean, Kind::Bool(_))
            | (Type::Array, Kind::Seq(_))
            | (Type::Object, Kind::Map(_))
    )
}

pub const ID_RULE: &str =
    "ids use lowercase letters, digits and `-`, start with a letter or digit, and are at most 63 characters";

/// `^[a-z0-9][a-z0-9-]{0,62}$`
pub fn is_id(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// The id a user probably meant: lowercase, spaces and `_` to `-`, other characters dropped.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            ' ' | '_' | '-' | '.' if !out.is_empty() && !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    let out = out.trim_end_matches('-');
    out.chars().take(63).collect()
}

/// A date in `YYYY-MM-DD` form that exists on the calendar.
pub fn check_date(value: &str) -> Result<jiff::civil::Date, (String, Option<String>)> {
    let b = value.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err((format!("`{value}` is not a date"), Some("write dates as YYYY-MM-DD, e.g. 2026-09-07".into())));
    }
    let year: i16 = value[0..4].parse().unwrap_or(0);
    let month: i8 = value[5..7].parse().unwrap_or(0);
    let day: i8 = value[8..10].parse().unwrap_or(0);
    if !(1..=12).contains(&month) {
        return Err((format!("`{value}` does not exist: there is no month {month}"), None));
    }
    match jiff::civil::Date::new(year, month, day) {
        Ok(d) => Ok(d),
        Err(_) => {
            let days = jiff::civil::Date::new(year, month, 1).map(|d| d.days_in_month()).unwrap_or(31);
            Err((format!("`{value}` does not exist"), Some(format!("{year}-{month:02} has {days} days"))))
        }
    }
}

/// An absolute http(s) URL with a host. The error is the help text.
/// An IANA time zone name; else the help: the nearest known name.
pub fn check_timezone(value: &str) -> Result<(), String> {
    if jiff::tz::TimeZone::get(value).is_ok() {
        return Ok(());
    }
    let names: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
    Err(did_you_mean(value, names.iter().map(String::as_str))
        .map(|n| format!("did you mean `{n}`?"))
        .unwrap_or_else(|| "use an IANA time zone name such as `Asia/Seoul` or `UTC`".into()))
}

/// An evidence URL as a page, the CSV and the JSON may carry it: white space
/// and the other characters a URL may not hold (`"`, `<`, `>`, `` ` ``, `{`,
/// `}`, `|`, `\`, `^`) percent-encoded, the ends trimmed. Browsers read a
/// link written with them the same way, so what a file wrote keeps working;
/// written raw into `href` they are invalid HTML, and a space would split
/// the CSV's space-joined list. None when nothing needs repair.
pub fn repair_url(value: &str) -> Option<String> {
    // Most links are ASCII with no `%`, nothing to repair: told by their bytes.
    let plain = |b: u8| {
        b.is_ascii_graphic() && !matches!(b, b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^' | b'%')
    };
    if value.bytes().all(plain) {
        return None;
    }
    let v = value.trim();
    let bad = |c: char| c.is_whitespace() || c.is_control() || "\"<>`{}|\\^".contains(c);
    // A `%` that starts no `%XX` escape stands for itself.
    let stray = |i: usize| {
        let hex = v.as_bytes().get(i + 1..i + 3);
        !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    };
    let strays = v.match_indices('%').any(|(i, _)| stray(i));
    if v.len() == value.len() && !v.contains(bad) && !strays {
        return None;
    }
    let mut out = String::with_capacity(v.len() + 8);
    for (i, c) in v.char_indices() {
        if c == '%' && stray(i) {
            out.push_str("%25");
        } else if bad(c) {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

pub fn check_url(value: &str) -> Result<(), Option<String>> {
    match url::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()) => Ok(()),
        Ok(_) => Err(Some("only http:// and https:// links are allowed".into())),
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let guess = format!("https://{value}");
            if value.contains('.') && url::Url::parse(&guess).is_ok() && !value.contains(' ') {
                Err(Some(format!("did you mean `{guess}`?")))
            } else {
                Err(Some("write a full link starting with https://".into()))
            }
        }
        Err(_) => Err(Some("write a full link starting with https://".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::doc;

    fn problems(kind: FileKind, src: &str) -> Vec<String> {
        let d = doc::parse(src).unwrap();
        check(Path::new("f.yaml"), src, &d, kind)
            .into_iter()
            .map(|d| format!("{}:{} {} | {}", d.line, d.column, d.message, d.help.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn unknown_key_suggests_the_near_one() {
        let p = problems(FileKind::Learner, "name: K\nprogress:\n  a/b:\n    statsu: done\n");
        assert_eq!(
            p,
            // The missing `status` is the same mistake, so it is reported once.
            vec!["4:5 unknown key `statsu` in progress entry | did you mean `status`?"]
        );
    }

    #[test]
    fn every_problem_in_a_file_is_reported() {
        let p = problems(
            FileKind::Learner,
            "name: K\npace: 0\nprogress:\n  a/b:\n    status: finised\n    finished: 2026-02-30\n    evidence: ftp://x.org/a\n",
        );
        assert_eq!(p.len(), 4, "{p:#?}");
        assert!(p[0].starts_with("2:7 `pace` must be more than 0"));
        assert!(p[1].contains("unknown status `finised`"));
        assert!(p[2].contains("`2026-02-30` does not exist | 2026-02 has 28 days"));
        assert!(p[3].contains("must be an http(s) URL"));
    }

    #[test]
    fn evidence_may_be_a_list_of_urls() {
        assert!(problems(
            FileKind::Learner,
            "name: K\nprogress:\n  a/b: {status: done, evidence: [https://a.org, https://b.org]}\n"
        )
        .is_empty());
        let p = problems(
            FileKind::Learner,
            "name: K\nprogress:\n  a/b: {status: done, evidence: [https://a.org, javascript:alert(1)]}\n",
        );
        assert_eq!(p.len(), 1, "{p:?}");
    }

    #[test]
    fn a_bare_status_suggests_a_progress_entry() {
        let p = problems(FileKind::Learner, "name: K\nprogress:\n  a/b: done\n");
        assert_eq!(
            p,
            vec!["3:8 `a/b` must be a mapping of `key: value` lines, found text `done` | did you mean `a/b: {status: done}`?"]
        );
    }

    #[test]
    fn numbers_where_text_belongs_get_a_quoting_hint() {
        let p = problems(FileKind::Learner, "name: 1984\n");
        assert_eq!(
            p,
            vec!["1:7 `name` must be text, found a number `1984` | put it in quotes to make it text: `\"1984\"`"]
        );
    }

    #[test]
    fn ids_are_checked_with_a_slug_suggestion() {
        let p = problems(FileKind::Cohort, "title: T\nmentors:\n  - {id: Lee Kim, name: Lee}\n");
        assert_eq!(p.len(), 1);
        assert!(p[0].contains("`Lee Kim` is not a valid id | did you mean `lee-kim`?"), "{p:?}");
        // A list of ids, or a key that is not a noun, is named as what holds the id.
        let roadmap = "title: R\nweeks:\n  - id: w\n    title: W\n    tasks:\n      - {id: t, title: T, aliases: [a1], requires: [w/t, B]}\n";
        let p = problems(FileKind::Roadmap, roadmap);
        assert!(p.iter().any(|p| p.contains("`a1` is not a valid full task id in `aliases`")), "{p:?}");
        assert!(p.iter().any(|p| p.contains("`B` is not a valid full task id in `requires`")), "{p:?}");
        let learner =
            "name: K\nprogress:\n  w/t: {status: done, reviews: [{by: Kim, verdict: approved, date: 2026-09-01}]}\n";
        let p = problems(FileKind::Learner, learner);
        assert!(p.iter().any(|p| p.contains("`Kim` is not a valid id in `by` | did you mean `kim`?")), "{p:?}");
    }

    #[test]
    fn unknown_timezone_suggests() {
        let p = problems(FileKind::Cohort, "title: T\ntimezone: Asia/Seol\n");
        assert!(p[0].contains("did you mean `Asia/Seoul`?"), "{p:?}");
    }

    #[test]
    fn a_repo_url_for_repo_suggests_owner_and_name() {
        let p = problems(FileKind::Cohort, "title: T\nrepo: https://github.com/octo/study.git\n");
        assert!(p[0].contains("is not a GitHub repository") && p[0].contains("did you mean `octo/study`?"), "{p:?}");
        assert!(problems(FileKind::Cohort, "title: T\nrepo: octo/study\nbranch: fall/2026\n").is_empty());
        let p = problems(FileKind::Cohort, "title: T\nbranch: my branch\n");
        assert!(p[0].contains("`my branch` is not a branch name"), "{p:?}");
    }

    #[test]
    fn problems_past_those_shown_are_counted_not_built() {
        // A hostile file of duplicate keys once cost 495 MB in `check`.
        let src = format!("title: T\n{}", "title: U\n".repeat(300));
        let d = doc::parse(&src).unwrap();
        let (diags, places) = check_with_places(Path::new("f.yaml"), &src, &d, FileKind::Cohort);
        assert_eq!(diags.len(), crate::diag::MAX_PER_FILE);
        assert_eq!(diags.iter().map(Diagnostic::count).sum::<usize>(), 300);
        assert!(places.is_empty(), "a file with that many problems is not read in part");
        let shown = crate::diag::render(&diags, crate::diag::Format::Human, false);
        assert!(shown.ends_with("error: … and 250 more problems in this file\n --> f.yaml:1:1\n  = help: fix the ones above and run `waymark check` again\n"), "{shown}");
    }

    #[test]
    fn duplicate_keys_are_named() {
        let p = problems(FileKind::Cohort, "title: T\ntitle: U\n");
        assert_eq!(
            p,
            vec!["2:1 duplicate key `title` in cohort.yaml | `title` is already set on line 1; keep one of them"]
        );
    }

    #[test]
    fn slugify_makes_ids() {
        assert_eq!(slugify("Kim Dev_2"), "kim-dev-2");
        assert!(is_id(&slugify("Hello World!")));
        assert!(!is_id("Kim"));
        assert!(!is_id("-a"));
    }
}
