//! The documentation agrees with the program: docs/configuration.md
//! documents every key of every JSON Schema in src/model/schemas/, in the
//! section of that file kind (a key added to a schema without a line in the
//! reference fails here); every link and anchor of the README and the
//! guides resolves; docs/commands.md names every command and flag that
//! `--help` shows, and every `waymark …` written in the guides is one the
//! program takes; `waymark docs` prints the guides as they are in docs/,
//! and every file waymark writes into a project names its guide.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::{bin, run_in, tree};

/// Every key under a `properties` object anywhere in `schema`.
fn keys(schema: &serde_json::Value, out: &mut BTreeSet<String>) {
    match schema {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                out.extend(props.keys().cloned());
            }
            for v in map.values() {
                keys(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

/// The text of the `## heading…` section, up to the next `## `.
fn section<'a>(doc: &'a str, heading: &str) -> &'a str {
    let start = doc.find(&format!("\n## {heading}")).unwrap_or_else(|| panic!("no section `## {heading}`"));
    let rest = &doc[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    &rest[..end]
}

#[test]
fn every_schema_key_is_in_the_configuration_reference() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(repo.join("docs/configuration.md")).unwrap();
    let sections = [
        ("cohort.schema.json", "cohort.yaml"),
        ("roadmap.schema.json", "roadmap.yaml"),
        ("learner.schema.json", "learners/"),
        ("progress.schema.json", "progress.json"),
    ];
    let on_disk: BTreeSet<String> = std::fs::read_dir(repo.join("src/model/schemas"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let covered: BTreeSet<String> = sections.iter().map(|(f, _)| f.to_string()).collect();
    assert_eq!(on_disk, covered, "every schema file has a section in docs/configuration.md");

    let mut missing = Vec::new();
    for (file, heading) in sections {
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(repo.join("src/model/schemas").join(file)).unwrap()).unwrap();
        let mut all = BTreeSet::new();
        keys(&schema, &mut all);
        assert!(all.len() >= 3, "{file}: keys found");
        let text = section(&doc, heading);
        for key in all {
            if !text.contains(&format!("| `{key}` |")) {
                missing.push(format!("{file}: `{key}` (section `## {heading}`)"));
            }
        }
    }
    assert!(missing.is_empty(), "not documented in docs/configuration.md:\n{}", missing.join("\n"));
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The guides: every `.md` file of docs/, by topic (the name without `.md`).
fn guides() -> BTreeMap<String, PathBuf> {
    std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect()
}

/// README.md and the guides, as (path relative to the repository, text).
fn documents() -> Vec<(String, String)> {
    let mut docs = vec![("README.md".to_string(), std::fs::read_to_string(repo().join("README.md")).unwrap())];
    for path in guides().into_values() {
        let rel = path.strip_prefix(repo()).unwrap().to_string_lossy().replace('\\', "/");
        docs.push((rel, std::fs::read_to_string(&path).unwrap()));
    }
    docs
}

/// A Markdown document split into what is prose (fenced code blocks blanked
/// out, line for line) and the lines of its fenced code blocks.
fn prose_and_fences(text: &str) -> (String, Vec<String>) {
    let (mut prose, mut code) = (String::new(), Vec::new());
    let mut fence: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        match &fence {
            Some(f) if trimmed.starts_with(f.as_str()) => fence = None,
            Some(_) => code.push(line.to_string()),
            None if trimmed.starts_with("```") || trimmed.starts_with("~~~") => {
                fence = Some(trimmed[..3].to_string());
            }
            None => {
                prose.push_str(line);
                prose.push('\n');
                continue;
            }
        }
        prose.push('\n');
    }
    (prose, code)
}

/// The inline code spans of `prose`, and `prose` with them blanked out.
fn code_spans(prose: &str) -> (Vec<String>, String) {
    let (mut spans, mut rest) = (Vec::new(), String::new());
    let mut s = prose;
    while let Some(open) = s.find('`') {
        rest.push_str(&s[..open]);
        let ticks = s[open..].chars().take_while(|c| *c == '`').count();
        let after = &s[open + ticks..];
        let closing = "`".repeat(ticks);
        match after.find(&closing) {
            Some(close) => {
                spans.push(after[..close].replace('\n', " ").trim().to_string());
                s = &after[close + ticks..];
            }
            None => {
                rest.push_str(&s[open..open + ticks]);
                s = after;
            }
        }
    }
    rest.push_str(s);
    (spans, rest)
}

/// GitHub's anchor for a heading: its text lower-cased, without
/// punctuation but `-` and `_`, spaces made `-`.
fn slug(heading: &str) -> String {
    let text = heading.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a document's headings (a repeated one gets `-1`, `-2`, …).
fn anchors(text: &str) -> BTreeSet<String> {
    let (prose, _) = prose_and_fences(text);
    let mut seen = BTreeSet::new();
    for line in prose.lines() {
        let hashes = line.chars().take_while(|c| *c == '#').count();
        if !(1..=6).contains(&hashes) || !line[hashes..].starts_with(' ') {
            continue;
        }
        let base = slug(&line[hashes..]);
        let mut anchor = base.clone();
        let mut n = 0;
        while seen.contains(&anchor) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        seen.insert(anchor);
    }
    seen
}

#[test]
fn every_relative_link_and_anchor_in_the_readme_and_the_guides_resolves() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for (rel, text) in documents() {
        let (prose, _) = prose_and_fences(&text);
        let (_, prose) = code_spans(&prose);
        let base = repo().join(&rel).parent().unwrap().to_path_buf();
        for (i, _) in prose.match_indices("](") {
            let rest = &prose[i + 2..];
            let target = &rest[..rest.find(')').unwrap_or_else(|| panic!("{rel}: a link's target ends with `)`"))];
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (file, anchor) = target.split_once('#').map_or((target, None), |(f, a)| (f, Some(a)));
            let path = if file.is_empty() { repo().join(&rel) } else { base.join(file) };
            if !path.exists() {
                broken.push(format!("{rel}: ({target}): no file {}", path.display()));
                continue;
            }
            if let Some(anchor) = anchor {
                let known = anchors(&std::fs::read_to_string(&path).unwrap_or_default());
                if !known.contains(anchor) {
                    broken.push(format!("{rel}: ({target}): no heading with the anchor `{anchor}` in {file}"));
                }
            }
        }
    }
    assert!(checked >= 40, "links found: {checked}");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_readme_links_every_guide_and_stays_short() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for topic in guides().keys() {
        assert!(readme.contains(&format!("](docs/{topic}.md)")), "the README links docs/{topic}.md");
    }
    // The two commands, word for word.
    assert!(readme.contains("\ncargo run --release -- serve "), "{readme}");
    assert!(readme.contains("\ncargo test "), "{readme}");
    assert!(readme.contains("`waymark docs`"), "the README says the guides are in the program");
    assert!(readme.len() < 8_000, "the README is an overview ({} bytes); the rest belongs in docs/", readme.len());
}

#[test]
fn waymark_docs_lists_every_guide_and_prints_each_as_it_is_in_docs() {
    let list = bin().arg("docs").output().unwrap();
    assert!(list.status.success());
    let list = String::from_utf8(list.stdout).unwrap();
    let listed: BTreeSet<String> = list
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    let files = guides();
    assert_eq!(listed, files.keys().cloned().collect(), "`waymark docs` lists the files of docs/:\n{list}");
    for line in list.lines().filter(|l| l.starts_with("  ")) {
        assert!(line.split_whitespace().count() > 3, "a topic and what it covers: {line:?}");
    }
    for (topic, path) in files {
        let out = bin().args(["docs", &topic]).output().unwrap();
        assert!(out.status.success(), "waymark docs {topic}");
        assert!(out.stdout == std::fs::read(&path).unwrap(), "`waymark docs {topic}` prints docs/{topic}.md as it is");
    }
}

#[test]
fn an_unknown_topic_is_a_command_line_mistake_with_the_nearest_topic() {
    let out = bin().args(["docs", "mentr"]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("invalid value 'mentr'"), "{stderr}");
    assert!(stderr.contains("a similar value exists: 'mentor'"), "{stderr}");
    // The topics are clap's own: shells complete them.
    let bash = bin().args(["completions", "bash"]).output().unwrap();
    assert!(String::from_utf8(bash.stdout).unwrap().contains("getting-started"), "bash completes the topics");
}

/// Every file that `init` (in both languages) and `learner add` write into
/// a project refers to its guide by the command that prints it, never by a
/// path that only waymark's own repository has.
#[test]
fn every_file_waymark_writes_names_its_guide_by_command() {
    let topics = guides();
    for language in ["ko", "en"] {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(run_in(dir.path(), &["init", "--language", language]).code, 0);
        let r = run_in(dir.path(), &["learner", "add", "kim", "--name", "Kim"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let mut named = 0;
        for (rel, bytes) in tree(dir.path()) {
            if !(rel.ends_with(".yaml") || rel.ends_with(".yml")) {
                continue;
            }
            let text = String::from_utf8(bytes).unwrap();
            // A guide's address (once Cargo.toml names the repository) is fine;
            // a path into waymark's own repository is not.
            let paths = text.split_whitespace().filter(|w| !w.contains("://")).any(|w| w.contains("docs/"));
            assert!(!paths, "{language}: {rel} names a file the project has not:\n{text}");
            let refs: Vec<&str> = text
                .match_indices("`waymark docs ")
                .map(|(i, m)| text[i + m.len()..].split('`').next().unwrap())
                .collect();
            assert!(!refs.is_empty(), "{language}: {rel} names no guide:\n{text}");
            for topic in refs {
                assert!(topics.contains_key(topic), "{language}: {rel} names `waymark docs {topic}`, no such guide");
            }
            named += 1;
        }
        // cohort, 2 roadmaps, 2 learners, 4 workflows
        assert_eq!(named, 9, "{language}: the YAML files written");
    }
}

/// What `--help` says the command line is: each command's subcommands and
/// long flags, and which flags take a value.
struct CommandLine {
    subcommands: BTreeMap<Vec<String>, Vec<String>>,
    flags: BTreeMap<Vec<String>, BTreeSet<String>>,
    valued: BTreeSet<String>,
}

impl CommandLine {
    fn read() -> CommandLine {
        let mut cl = CommandLine { subcommands: BTreeMap::new(), flags: BTreeMap::new(), valued: BTreeSet::new() };
        let mut todo = vec![Vec::<String>::new()];
        while let Some(path) = todo.pop() {
            let text = help(&path.iter().map(String::as_str).collect::<Vec<_>>());
            let subs = subcommands(&text);
            todo.extend(subs.iter().map(|s| [path.clone(), vec![s.clone()]].concat()));
            let mut flags = BTreeSet::new();
            // Option lines (`  -q, --quiet`, `      --root <DIR>`), not the
            // descriptions under them, indented further, which may start
            // with a flag or be a list of possible values (`- registry: …`).
            let option = |l: &&str| {
                let text = l.trim_start();
                l.len() - text.len() <= 6
                    && (text.starts_with("--")
                        || (text.starts_with('-') && text[1..].starts_with(|c: char| c.is_ascii_alphanumeric())))
            };
            for line in text.lines().filter(option) {
                let column = line.trim_start().split("  ").next().unwrap();
                for word in column.split([' ', ',', '=']).filter(|w| w.starts_with("--")) {
                    flags.insert(word.to_string());
                    if column.contains('<') {
                        cl.valued.insert(word.to_string());
                    }
                }
            }
            cl.subcommands.insert(path.clone(), subs);
            cl.flags.insert(path, flags);
        }
        cl
    }

    /// The global flags: those of the program itself.
    fn globals(&self) -> &BTreeSet<String> {
        &self.flags[&Vec::new()]
    }

    /// Every command that has no subcommands, as its path.
    fn leaves(&self) -> Vec<Vec<String>> {
        self.subcommands.iter().filter(|(_, s)| s.is_empty()).map(|(p, _)| p.clone()).collect()
    }
}

/// A word of a synopsis, as the alternatives it stands for: `[--a\|--b]` → `--a`, `--b`.
fn alternatives(token: &str) -> Vec<String> {
    token
        .trim_matches(|c| matches!(c, '[' | ']' | '(' | ')' | ',' | ';'))
        .replace("\\|", "|")
        .split('|')
        .map(|w| w.split('=').next().unwrap().to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Checks one `waymark …` written in a guide against the command line:
/// its subcommands exist, and each `--flag` belongs to the command (or is
/// global). Returns what is wrong.
fn check_invocation(cl: &CommandLine, words: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut paths = vec![Vec::<String>::new()];
    let mut in_path = true;
    let mut skip_value = false;
    for word in words {
        if matches!(*word, "|" | "\\|" | "&&" | "||" | ";" | ">" | ">>") || word.starts_with('#') {
            break;
        }
        if std::mem::take(&mut skip_value) {
            continue;
        }
        let alts = alternatives(word);
        if alts.is_empty() {
            continue;
        }
        if alts.iter().all(|a| a.starts_with("--")) {
            for flag in alts.iter().filter(|f| *f != "--help") {
                if let Some(p) = paths.iter().find(|p| !cl.flags.get(*p).is_some_and(|f| f.contains(flag))) {
                    problems.push(format!("`{flag}` is no flag of `{}`", command(p)));
                }
                skip_value |= in_path && paths[0].is_empty() && cl.valued.contains(flag) && !word.contains('=');
            }
            continue;
        }
        if alts.iter().any(|a| a.starts_with('-')) {
            continue; // a short flag (`-m`, `-q`)
        }
        let subs = paths.first().and_then(|p| cl.subcommands.get(p)).cloned().unwrap_or_default();
        if !in_path || subs.is_empty() {
            in_path = false;
            continue;
        }
        if alts.iter().all(|a| subs.contains(a)) {
            paths =
                paths.iter().flat_map(|p| alts.iter().map(move |a| [p.clone(), vec![a.clone()]].concat())).collect();
        } else if alts.iter().all(|a| a.chars().all(|c| c.is_ascii_lowercase() || c == '-')) {
            problems.push(format!("`{word}` is no command of `{}`", command(&paths[0])));
            break;
        } else {
            // A placeholder (`COMMAND`, `…`): what follows cannot be checked.
            break;
        }
    }
    problems
}

/// `waymark PATH…`, as a command is written.
fn command(path: &[String]) -> String {
    std::iter::once("waymark").chain(path.iter().map(String::as_str)).collect::<Vec<_>>().join(" ")
}

/// Every `waymark …` in the code of `text` (inline code and code blocks),
/// as its words after `waymark`.
fn invocations(text: &str) -> Vec<String> {
    let (prose, fenced) = prose_and_fences(text);
    let (spans, _) = code_spans(&prose);
    let mut found = Vec::new();
    for code in spans.iter().chain(&fenced) {
        for (i, _) in code.match_indices("waymark ") {
            let before = code[..i].chars().last();
            if before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '$' | '`')) {
                found.push(code[i + "waymark ".len()..].to_string());
            }
        }
    }
    found
}

#[test]
fn every_waymark_command_in_the_readme_and_the_guides_is_one_the_program_takes() {
    let cl = CommandLine::read();
    let mut problems = Vec::new();
    let mut seen = 0;
    for (rel, text) in documents() {
        for invocation in invocations(&text) {
            seen += 1;
            let words: Vec<&str> = invocation.split_whitespace().collect();
            for p in check_invocation(&cl, &words) {
                problems.push(format!("{rel}: `waymark {invocation}`: {p}"));
            }
        }
    }
    assert!(seen >= 50, "commands found in the guides: {seen}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_invocation_check_catches_what_the_program_does_not_take() {
    // The check above is only as good as this: a stale flag, a removed
    // command, a flag of another command are caught; alternatives, global
    // options and placeholders are read as the guides write them.
    let cl = CommandLine::read();
    let check = |s: &str| check_invocation(&cl, &s.split_whitespace().collect::<Vec<_>>());
    assert_eq!(check("build --out site --watch"), Vec::<String>::new());
    assert_eq!(check("--today 2026-11-22 build"), Vec::<String>::new());
    assert_eq!(check("review kim vpc --approve\\|--changes [-m\\|--message TEXT]"), Vec::<String>::new());
    assert_eq!(check("start\\|done\\|skip\\|block LEARNER TASK --evidence URL"), Vec::<String>::new());
    assert_eq!(check("man \\| man -l --frobnicate"), Vec::<String>::new());
    assert_eq!(check("build --outt site"), ["`--outt` is no flag of `waymark build`"]);
    assert_eq!(check("status --format json"), ["`--format` is no flag of `waymark status`"]);
    assert_eq!(check("start\\|log kim --evidence URL"), ["`--evidence` is no flag of `waymark log`"]);
    assert_eq!(check("publish --now"), ["`publish` is no command of `waymark`"]);
    assert_eq!(check("github push"), ["`push` is no command of `waymark github`"]);
    assert_eq!(
        invocations("Run `waymark build --full`, then\n\n```sh\n$ waymark check\n```\nnot waymark-roadmap."),
        ["build --full", "check"]
    );
}

/// The rows of docs/commands.md's table: the command paths each names
/// (`start\|done\|…` is several) and the row's text.
fn command_rows(cl: &CommandLine) -> Vec<(Vec<Vec<String>>, String)> {
    let doc = std::fs::read_to_string(repo().join("docs/commands.md")).unwrap();
    let rows: Vec<&str> = doc.lines().filter(|l| l.starts_with("| `waymark ")).collect();
    assert!(rows.len() >= 10, "the command table: {rows:?}");
    rows.into_iter()
        .map(|row| {
            let synopsis = row.trim_start_matches("| `waymark ").split('`').next().unwrap();
            let mut paths = vec![Vec::<String>::new()];
            for token in synopsis.split_whitespace() {
                let names = alternatives(token);
                match cl.subcommands.get(&paths[0]) {
                    Some(known) if !known.is_empty() && names.iter().all(|n| known.contains(n)) => {
                        paths = paths
                            .iter()
                            .flat_map(|p| names.iter().map(move |n| [p.clone(), vec![n.clone()]].concat()))
                            .collect();
                    }
                    _ => break,
                }
            }
            assert!(!paths[0].is_empty(), "no command in {synopsis:?}");
            (paths, row.to_string())
        })
        .collect()
}

#[test]
fn the_command_table_matches_the_command_line() {
    // Each row of docs/commands.md's table names a command (or several:
    // `start|done|…`), its flags and their literal values; every one of
    // them must be what `--help` shows, and every command must have a row.
    let cl = CommandLine::read();
    let mut documented = BTreeSet::new();
    for (paths, row) in command_rows(&cl) {
        let synopsis = row.trim_start_matches("| `waymark ").split('`').next().unwrap().replace("\\|", "|");
        // Flags anywhere in the row, and the lower-case literals of the synopsis.
        let mut expected: BTreeSet<String> =
            words(&row).into_iter().filter(|w| w.starts_with("--") && w.len() > 2).collect();
        for token in synopsis.split_whitespace().skip(paths[0].len()) {
            let token = token.trim_matches(|c| c == '[' || c == ']');
            if !token.starts_with('-') && !token.chars().any(|c| c.is_ascii_uppercase()) {
                expected.extend(token.split('|').map(str::to_string));
            }
        }
        for path in paths {
            let shown = words(&help(&path.iter().map(String::as_str).collect::<Vec<_>>()));
            let missing: Vec<&String> = expected.iter().filter(|w| !shown.contains(*w)).collect();
            assert!(missing.is_empty(), "row for `waymark {}`: {missing:?} not in its --help", path.join(" "));
            documented.insert(path.join(" "));
        }
    }
    let commands: Vec<String> = cl.leaves().iter().map(|p| p.join(" ")).collect();
    let undocumented: Vec<&String> = commands.iter().filter(|c| !documented.contains(*c)).collect();
    assert!(undocumented.is_empty(), "commands without a row in docs/commands.md: {undocumented:?}");
}

#[test]
fn every_flag_of_every_command_is_in_the_commands_guide() {
    // The other way round: each long flag `--help` shows for a command is
    // in that command's row, and each global flag is in the guide.
    let cl = CommandLine::read();
    let doc = std::fs::read_to_string(repo().join("docs/commands.md")).unwrap();
    let doc_words = words(&doc);
    let mut missing = Vec::new();
    for flag in cl.globals().iter().filter(|f| !matches!(f.as_str(), "--help" | "--version")) {
        if !doc_words.contains(flag) {
            missing.push(format!("global `{flag}`"));
        }
    }
    let rows = command_rows(&cl);
    for path in cl.leaves() {
        let row_words: BTreeSet<String> =
            rows.iter().filter(|(paths, _)| paths.contains(&path)).flat_map(|(_, row)| words(row)).collect();
        for flag in cl.flags[&path].difference(cl.globals()).filter(|f| *f != "--help") {
            if !row_words.contains(flag) {
                missing.push(format!("`waymark {} {flag}`", path.join(" ")));
            }
        }
    }
    assert!(missing.is_empty(), "not in docs/commands.md (in the command's row):\n{}", missing.join("\n"));
}

/// `waymark PATH… --help`, which must succeed.
fn help(path: &[&str]) -> String {
    let out = bin().args(path).arg("--help").output().unwrap();
    assert!(out.status.success(), "waymark {} --help: {}", path.join(" "), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The words of a help text (flags, values, names), for exact membership.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).map(str::to_string).collect()
}

/// The subcommands a help text lists under `Commands:` (`help` left out).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}
