//! The same cohort as a Hugo site, for `bench/build.sh` to time Hugo against
//! waymark: one content page per learner (front matter, task table, notes,
//! reviews and journal as Markdown) and one per week (text, topics,
//! resources, checkpoints, tasks and who finished each), with minimal layouts
//! written into the Hugo folder itself. Private learners and private reviews
//! are left out, as in waymark's public build.
//!
//! ```text
//! cargo run --release --example hugo_site -- --project target/bench/n1000 --out target/bench/n1000-hugo
//! ```
//!
//! It reads any waymark project with serde_yaml (no schedule math: Hugo gets
//! the data ready to render, which is the fair comparison for a page generator).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

fn main() {
    let mut project = PathBuf::new();
    let mut out = PathBuf::new();
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        match (flag.as_str(), it.next()) {
            ("--project", Some(v)) => project = v.into(),
            ("--out", Some(v)) => out = v.into(),
            _ => {
                eprintln!("usage: hugo_site --project DIR --out DIR");
                std::process::exit(2);
            }
        }
    }
    if let Err(e) = convert(&project, &out) {
        eprintln!("hugo_site: {e}");
        std::process::exit(1);
    }
}

fn read(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn scalar(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

fn list(v: &Value, key: &str) -> Vec<Value> {
    v.get(key).and_then(Value::as_sequence).cloned().unwrap_or_default()
}

/// A TOML basic string.
fn toml(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n"))
}

/// Text for a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

const CONFIG: &str = r#"baseURL = "https://example.github.io/devops-study/"
title = "DevOps Study"
disableKinds = ["taxonomy", "term"]
[markup.goldmark.renderer]
unsafe = false
"#;

const BASEOF: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><nav><a href="{{ "" | relURL }}">{{ site.Title }}</a></nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"#;

const SINGLE: &str = r#"{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ with .Params.percent }}<p>{{ . }}% done · {{ $.Params.status }}</p>{{ end }}
{{ .Content }}</article>{{ end }}
"#;

const LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.percent }} {{ . }}%{{ end }}</li>{{ end }}</ul>{{ end }}
"#;

fn convert(project: &Path, out: &Path) -> Result<(), String> {
    let roadmap = read(&project.join("roadmap/roadmap.yaml"))?;
    let weeks = list(&roadmap, "weeks");
    let task_count: usize = weeks.iter().map(|w| list(w, "tasks").len()).sum();
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    write(&out.join("config.toml"), CONFIG)?;
    write(&out.join("layouts/_default/baseof.html"), BASEOF)?;
    write(&out.join("layouts/_default/single.html"), SINGLE)?;
    write(&out.join("layouts/_default/list.html"), LIST)?;
    write(&out.join("layouts/index.html"), LIST)?;

    let mut files: Vec<PathBuf> = std::fs::read_dir(project.join("roadmap/learners"))
        .map_err(|e| format!("cannot list learners: {e}"))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    // full task id → (date, learner name, learner id) of everyone who finished it.
    let mut finished: BTreeMap<String, Vec<(String, String, String)>> = BTreeMap::new();
    let mut learners = 0;
    for path in &files {
        let l = read(path)?;
        if l.get("private").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        learners += 1;
        let id = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let name = s(&l, "name");
        let progress = l.get("progress").and_then(Value::as_mapping).cloned().unwrap_or_default();
        let done = progress.values().filter(|p| s(p, "status") == "done").count();
        let percent = (done * 100).checked_div(task_count).unwrap_or(0);
        let mut md = String::new();
        let _ = writeln!(md, "| Task | Status | Started | Finished | Hours | Evidence |\n|---|---|---|---|---|---|");
        let mut notes = String::new();
        for w in &weeks {
            for t in list(w, "tasks") {
                let full = format!("{}/{}", s(w, "id"), s(&t, "id"));
                let p = progress.get(full.as_str());
                let status = p.map_or("todo", |p| s(p, "status"));
                let evidence = match p.and_then(|p| p.get("evidence")) {
                    Some(Value::String(u)) => format!("[link]({u})"),
                    Some(Value::Sequence(us)) => us
                        .iter()
                        .filter_map(Value::as_str)
                        .map(|u| format!("[link]({u})"))
                        .collect::<Vec<_>>()
                        .join(" "),
                    _ => String::new(),
                };
                let _ = writeln!(
                    md,
                    "| {} | {status} | {} | {} | {} | {evidence} |",
                    cell(s(&t, "title")),
                    scalar(p.and_then(|p| p.get("started"))),
                    scalar(p.and_then(|p| p.get("finished"))),
                    scalar(p.and_then(|p| p.get("hours"))),
                );
                let Some(p) = p else { continue };
                if status == "done" {
                    finished.entry(full.clone()).or_default().push((
                        scalar(p.get("finished")),
                        name.to_string(),
                        id.clone(),
                    ));
                }
                let reviews: Vec<Value> = list(p, "reviews")
                    .into_iter()
                    .filter(|r| r.get("private").and_then(Value::as_bool) != Some(true))
                    .collect();
                if p.get("note").is_none() && reviews.is_empty() {
                    continue;
                }
                let _ = writeln!(notes, "\n### {}\n", s(&t, "title"));
                if let Some(n) = p.get("note").and_then(Value::as_str) {
                    let _ = writeln!(notes, "{n}\n");
                }
                for r in reviews {
                    let _ = writeln!(notes, "**{}** {} — {}\n", s(&r, "verdict"), scalar(r.get("date")), s(&r, "by"));
                    if let Some(c) = r.get("comment").and_then(Value::as_str) {
                        let _ = writeln!(notes, "{c}\n");
                    }
                }
            }
        }
        if !notes.is_empty() {
            let _ = write!(md, "\n## Notes and reviews\n{notes}");
        }
        let journal = list(&l, "journal");
        if !journal.is_empty() {
            md.push_str("\n## Journal\n");
            for j in journal.iter().rev() {
                let _ = writeln!(md, "\n**{}** · {} h\n", scalar(j.get("date")), scalar(j.get("hours")));
                if let Some(n) = j.get("note").and_then(Value::as_str) {
                    let _ = writeln!(md, "{n}\n");
                }
            }
        }
        let page = format!(
            "+++\ntitle = {}\npercent = {percent}\nstatus = \"{done}/{task_count}\"\nmentor = {}\n+++\n\n{md}",
            toml(name),
            toml(s(&l, "mentor"))
        );
        write(&out.join(format!("content/learners/{id}.md")), &page)?;
    }
    write(&out.join("content/learners/_index.md"), "+++\ntitle = \"Learners\"\n+++\n")?;

    for (i, w) in weeks.iter().enumerate() {
        let wid = s(w, "id");
        let mut md = String::new();
        for key in ["summary", "body"] {
            if let Some(t) = w.get(key).and_then(Value::as_str) {
                let _ = writeln!(md, "{t}\n");
            }
        }
        md.push_str("## Topics\n\n");
        for t in list(w, "topics") {
            let _ = writeln!(md, "### {}\n\n{}\n", s(&t, "title"), s(&t, "body"));
        }
        md.push_str("## Resources\n\n");
        for r in list(w, "resources") {
            let _ = writeln!(md, "- [{}]({}) ({})", s(&r, "title"), s(&r, "url"), s(&r, "kind"));
        }
        md.push_str("\n## Checkpoints\n\n");
        for c in list(w, "checkpoints") {
            let _ = writeln!(md, "- {}", c.as_str().unwrap_or(""));
        }
        md.push_str("\n## Tasks\n");
        for t in list(w, "tasks") {
            let full = format!("{wid}/{}", s(&t, "id"));
            let _ = writeln!(md, "\n### {}\n\n{}\n", s(&t, "title"), s(&t, "body"));
            let who = finished.get(&full).map(Vec::as_slice).unwrap_or(&[]);
            let _ = writeln!(md, "Finished by {} of {learners}:\n", who.len());
            for (date, name, id) in who {
                let _ = writeln!(md, "- [{name}](../../learners/{id}/) {date}");
            }
        }
        let page = format!("+++\ntitle = {}\nweight = {}\n+++\n\n{md}", toml(s(w, "title")), i + 1);
        write(&out.join(format!("content/weeks/{wid}.md")), &page)?;
    }
    write(&out.join("content/weeks/_index.md"), "+++\ntitle = \"Weeks\"\n+++\n")?;
    write(&out.join("content/_index.md"), &format!("+++\ntitle = {}\n+++\n", toml(s(&roadmap, "title"))))?;
    Ok(())
}
