//! The documentation agrees with the program: docs/configuration.md
//! documents every key of every JSON Schema in src/model/schemas/, in the
//! section of that file kind (a key added to a schema without a line in the
//! reference fails here); the README's links lead to files, and its command
//! table names the commands, flags and values that `--help` shows.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::bin;

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

#[test]
fn every_relative_link_in_the_readme_points_to_a_file() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    let mut links = Vec::new();
    for (i, _) in readme.match_indices("](") {
        let rest = &readme[i + 2..];
        let target = &rest[..rest.find(')').expect("a link's target ends with `)`")];
        if !target.contains("://") && !target.starts_with('#') && !target.starts_with("mailto:") {
            links.push(target.split('#').next().unwrap().to_string());
        }
    }
    assert!(links.contains(&"docs/configuration.md".to_string()), "the README links the configuration reference");
    let broken: Vec<&String> = links.iter().filter(|l| !repo.join(l).exists()).collect();
    assert!(broken.is_empty(), "README links to missing files: {broken:?}");
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

#[test]
fn the_readme_command_table_matches_the_command_line() {
    // Each row of the README's command table names a command (or several:
    // `start|done|…`), its flags and their literal values; every one of
    // them must be what `--help` shows, and every command must have a row.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| `waymark ")).collect();
    assert!(rows.len() >= 10, "the command table: {rows:?}");
    let mut documented = BTreeSet::new();
    for row in rows {
        let synopsis = row.trim_start_matches("| `waymark ").split('`').next().unwrap().replace("\\|", "|");
        let mut tokens = synopsis.split_whitespace().peekable();
        // The command path: words that are subcommands at their level.
        let mut paths: Vec<Vec<String>> = vec![Vec::new()];
        while let Some(token) = tokens.peek() {
            let names: Vec<&str> = token.split('|').collect();
            let known = subcommands(&help(&paths[0].iter().map(String::as_str).collect::<Vec<_>>()));
            if !names.iter().all(|n| known.iter().any(|k| k == n)) {
                break;
            }
            paths = paths
                .iter()
                .flat_map(|p| names.iter().map(move |n| [p.clone(), vec![n.to_string()]].concat()))
                .collect();
            tokens.next();
        }
        assert!(!paths[0].is_empty(), "no command in {synopsis:?}");
        // Flags anywhere in the row, and the lower-case literals of the synopsis.
        let mut expected: BTreeSet<String> =
            words(row).into_iter().filter(|w| w.starts_with("--") && w.len() > 2).collect();
        for token in tokens {
            let token = token.trim_matches(|c| c == '[' || c == ']');
            if !token.starts_with('-') && !token.chars().any(|c| c.is_ascii_uppercase()) {
                expected.extend(token.split('|').map(str::to_string));
            }
        }
        for path in paths {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            let shown = words(&help(&path));
            let missing: Vec<&String> = expected.iter().filter(|w| !shown.contains(*w)).collect();
            assert!(missing.is_empty(), "README row for `waymark {}`: {missing:?} not in its --help", path.join(" "));
            documented.insert(path.join(" "));
        }
    }
    let mut commands = Vec::new();
    for top in subcommands(&help(&[])) {
        let nested = subcommands(&help(&[&top]));
        if nested.is_empty() {
            commands.push(top);
        } else {
            commands.extend(nested.iter().map(|n| format!("{top} {n}")));
        }
    }
    let undocumented: Vec<&String> = commands.iter().filter(|c| !documented.contains(*c)).collect();
    assert!(undocumented.is_empty(), "commands without a row in the README's command table: {undocumented:?}");
}
