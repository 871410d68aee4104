//! docs/configuration.md documents every key of every JSON Schema in
//! src/model/schemas/, in the section of that file kind: a key added to a
//! schema without a line in the reference fails here.

use std::collections::BTreeSet;
use std::path::Path;

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
fn the_readme_links_the_configuration_reference() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    assert!(readme.contains("docs/configuration.md"), "the README links the configuration reference");
}
