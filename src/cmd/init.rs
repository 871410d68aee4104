//! `waymark init`: scaffold a project from the built-in defaults. Works
//! without network: everything it writes is compiled into the binary.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{Context, Failure, Result};
use crate::cli::InitArgs;
use crate::diag::Diagnostic;

const COHORT: &str = include_str!("../scaffold/cohort.yaml");
const LEARNER: &str = include_str!("../scaffold/learner.yaml");
const PAGES: &str = include_str!("../scaffold/pages.yml");
const CHECK: &str = include_str!("../scaffold/check.yml");
const ROADMAP: &str = include_str!("../../roadmap/roadmap.yaml");
const ROADMAP_EN: &str = include_str!("../../roadmap/roadmap.en.yaml");

/// The workflows `init` writes, with the version that wrote them: they
/// install exactly this package at exactly this version.
fn workflows() -> [(&'static str, String); 2] {
    let version = env!("CARGO_PKG_VERSION");
    [
        (".github/workflows/pages.yml", PAGES.replace("{version}", version)),
        (".github/workflows/check.yml", CHECK.replace("{version}", version)),
    ]
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
    let today = match ctx.today {
        Some(d) => d,
        None => jiff::Zoned::now().date(),
    };
    let start = today.to_string();
    let files: [(&str, String); 4] = [
        ("roadmap/cohort.yaml", COHORT.replace("{start}", &start).replace("{repo}", &crate::repo::scaffold_line(&dir))),
        ("roadmap/roadmap.yaml", ROADMAP.to_string()),
        ("roadmap/roadmap.en.yaml", ROADMAP_EN.to_string()),
        ("roadmap/learners/example.yaml", LEARNER.replace("{start}", &start)),
    ];
    let [pages, check] = workflows();
    let files: Vec<(&str, String)> = files.into_iter().chain([pages, check]).collect();
    let mut written = Vec::new();
    for (rel, text) in &files {
        let path = dir.join(rel);
        if path.exists() {
            continue;
        }
        write(&path, text)?;
        written.push(*rel);
    }
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

/// `init --upgrade-workflows`: rewrite the two workflows of an existing
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
