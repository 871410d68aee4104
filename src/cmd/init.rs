//! `waymark init`: scaffold a project from the built-in defaults. Works
//! without network: everything it writes is compiled into the binary.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{Context, Failure, Result};
use crate::cli::{InitArgs, InitLanguage};
use crate::cmd::schema::SCHEMA_COMMENT;
use waymark::diag::Diagnostic;
use waymark::model::schema::FileKind;

const ROADMAP: &str = include_str!("../../roadmap/roadmap.yaml");
const ROADMAP_EN: &str = include_str!("../../roadmap/roadmap.en.yaml");

/// The workflows `init` writes and `init --upgrade-workflows` rewrites, as
/// (path, template); `{version}` in a template becomes this version.
const WORKFLOWS: &[(&str, &str)] = &[
    (".github/workflows/pages.yml", include_str!("../scaffold/pages.yml")),
    (".github/workflows/check.yml", include_str!("../scaffold/check.yml")),
    (".github/workflows/progress.yml", include_str!("../scaffold/progress.yml")),
    (".github/workflows/digest.yml", include_str!("../scaffold/digest.yml")),
];

/// The cohort and example learner templates of each language.
fn templates(language: InitLanguage) -> (&'static str, &'static str, &'static str) {
    match language {
        InitLanguage::Ko => {
            (include_str!("../scaffold/cohort.ko.yaml"), include_str!("../scaffold/learner.ko.yaml"), "Asia/Seoul")
        }
        InitLanguage::En => {
            (include_str!("../scaffold/cohort.en.yaml"), include_str!("../scaffold/learner.en.yaml"), "UTC")
        }
    }
}

/// The workflows with the version that wrote them: they install exactly
/// this package at exactly this version.
fn workflows() -> Vec<(&'static str, String)> {
    let version = env!("CARGO_PKG_VERSION");
    WORKFLOWS.iter().map(|(rel, text)| (*rel, text.replace("{version}", version))).collect()
}

/// Where a file at `rel` (under the project root) finds the schemas that
/// init writes into `schemas/`.
fn schema_ref(rel: &str, kind: FileKind) -> String {
    let depth = rel.matches('/').count();
    format!("{}schemas/{}", "../".repeat(depth), kind.schema_file())
}

/// `text` with its `# yaml-language-server: $schema=…` line pointing at `target`.
fn with_schema_line(text: &str, target: &str) -> String {
    let line = format!("{SCHEMA_COMMENT}{target}");
    match text.split_once('\n') {
        Some((first, rest)) if first.starts_with(SCHEMA_COMMENT) => format!("{line}\n{rest}"),
        _ => format!("{line}\n{text}"),
    }
}

/// `cohort` with its `title:` line replaced by `title` (quoted as YAML needs).
fn with_title(cohort: &str, title: &str) -> anyhow::Result<String> {
    // A JSON string is a YAML double-quoted scalar.
    let value = serde_json::to_string(title).context("cannot write the title")?;
    Ok(cohort
        .lines()
        .map(|l| if l.starts_with("title: ") { format!("title: {value}") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n")
}

pub fn run(ctx: &Context, args: &InitArgs) -> Result {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if args.upgrade_workflows {
        return upgrade_workflows(ctx, &dir);
    }
    if dir.join("roadmap/cohort.yaml").exists() {
        return Err(Diagnostic::file(&dir.join("roadmap/cohort.yaml"), "this folder already holds a waymark project")
            .help("run `waymark check` or `waymark serve` there, or choose an empty folder")
            .into());
    }
    let (cohort, learner, zone) = templates(args.language);
    let start = match args.start.or(ctx.today) {
        Some(d) => d,
        None => jiff::Zoned::now().date(),
    }
    .to_string();
    let timezone = args.timezone.as_deref().unwrap_or(zone);
    let mut cohort = cohort
        .replace("{start}", &start)
        .replace("{timezone}", timezone)
        .replace("{repo}", &waymark::repo::scaffold_line(&dir));
    if let Some(title) = &args.title {
        cohort = with_title(&cohort, title).map_err(Failure::Other)?;
    }
    let roadmap_ref = schema_ref("roadmap/roadmap.yaml", FileKind::Roadmap);
    let mut files: Vec<(&str, String)> = vec![
        ("roadmap/cohort.yaml", cohort),
        ("roadmap/roadmap.yaml", with_schema_line(ROADMAP, &roadmap_ref)),
        ("roadmap/roadmap.en.yaml", with_schema_line(ROADMAP_EN, &roadmap_ref)),
    ];
    if !args.no_example {
        files.push(("roadmap/learners/example.yaml", learner.replace("{start}", &start)));
    }
    files.extend(workflows());
    let mut written = Vec::new();
    for (rel, text) in &files {
        let path = dir.join(rel);
        if path.exists() {
            continue;
        }
        write(&path, text)?;
        written.push(*rel);
    }
    // `learner add` writes into it; git keeps no empty folder.
    std::fs::create_dir_all(dir.join("roadmap/learners")).context("cannot create roadmap/learners")?;
    crate::cmd::schema::write(&dir.join("schemas")).map_err(Failure::Other)?;
    gitignore(&dir)?;
    if !ctx.quiet {
        for rel in written {
            println!("  created {rel}");
        }
        println!("  created schemas/ (JSON Schemas for editor completion)");
        println!("\nNext: cd {} && waymark serve", dir.display());
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Make sure `site/` (build output) is ignored, keeping any existing entries.
fn gitignore(dir: &Path) -> Result {
    let path = dir.join(".gitignore");
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current.lines().any(|l| matches!(l.trim(), "site/" | "/site/" | "site" | "/site")) {
        return Ok(());
    }
    let mut text = current;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# waymark build output\n/site/\n");
    write(&path, &text)
}

/// `init --upgrade-workflows`: rewrite the workflows of an existing
/// project to this version's templates, saying what changed.
fn upgrade_workflows(ctx: &Context, dir: &Path) -> Result {
    if !dir.join("roadmap/cohort.yaml").exists() {
        return Err(Diagnostic::file(&dir.join("roadmap/cohort.yaml"), "this folder holds no waymark project")
            .help("run `waymark init --upgrade-workflows` in the project's folder, or `waymark init` to create one")
            .into());
    }
    for (rel, text) in workflows() {
        let path = dir.join(rel);
        let before = std::fs::read_to_string(&path).ok();
        let what = match &before {
            Some(old) if *old == text => "unchanged",
            Some(_) => "updated",
            None => "created",
        };
        if before.as_deref() != Some(text.as_str()) {
            write(&path, &text)?;
        }
        if !ctx.quiet {
            println!("  {what} {rel}");
        }
    }
    Ok(())
}
