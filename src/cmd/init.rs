//! `waymark init`: scaffold a project from the built-in defaults. Works
//! without network: everything it writes is compiled into the binary.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{Context, Failure, Result};
use crate::cli::{InitArgs, InitLanguage, InstallFrom};
use crate::cmd::schema::SCHEMA_COMMENT;
use crate::guides as docs;
use waymark::diag::Diagnostic;
use waymark::model::schema::FileKind;
use waymark::vendor;

const ROADMAP: &str = include_str!("../../roadmap/roadmap.yaml");
const ROADMAP_EN: &str = include_str!("../../roadmap/roadmap.en.yaml");

/// The workflows `init` writes and `init --upgrade-workflows` rewrites, as
/// (path, template); `{install}` in a template becomes the steps that
/// install waymark, `{version}` this version.
const WORKFLOWS: &[(&str, &str)] = &[
    (".github/workflows/pages.yml", include_str!("../scaffold/pages.yml")),
    (".github/workflows/check.yml", include_str!("../scaffold/check.yml")),
    (".github/workflows/progress.yml", include_str!("../scaffold/progress.yml")),
    (".github/workflows/digest.yml", include_str!("../scaffold/digest.yml")),
];

/// What every workflow's first line starts with; the line ends with the
/// hash of the rest of the file as it was written.
const HEADER: &str = "# Written by waymark ";
const HASH: &str = "waymark-xxh3: ";

/// The workflows, each installing exactly this version from where
/// `install` says, under a first line that records what was written.
fn workflows(install: InstallFrom) -> Vec<(&'static str, String)> {
    let version = env!("CARGO_PKG_VERSION");
    let steps = match install {
        InstallFrom::Vendored => include_str!("../scaffold/install.vendored.yml"),
        InstallFrom::Registry => include_str!("../scaffold/install.registry.yml"),
    };
    WORKFLOWS
        .iter()
        .map(|(rel, text)| {
            let body = docs::fill(text)
                .replace("{install}\n", steps)
                .replace("{package}", &vendor::archive_path())
                .replace("{sha256}", vendor::SHA256)
                .replace("{name_only}", env!("CARGO_PKG_NAME"))
                .replace("{name}", &vendor::name())
                .replace("{version}", version);
            (*rel, with_header(&body))
        })
        .collect()
}

/// `body` under the line that says who wrote it and the hash of `body`.
fn with_header(body: &str) -> String {
    let hash = xxhash_rust::xxh3::xxh3_64(body.as_bytes());
    format!(
        "{HEADER}{}; `waymark init --upgrade-workflows` replaces it unless edited. {HASH}{hash:016x}\n{body}",
        env!("CARGO_PKG_VERSION")
    )
}

/// Whether `text` is a workflow exactly as waymark wrote it (its first line's
/// hash is that of the rest). One without that line was written by a
/// version before the hash, or by someone else: it counts as edited.
fn unedited(text: &str) -> bool {
    let Some((first, body)) = text.split_once('\n') else { return false };
    let Some(hash) = first.strip_prefix(HEADER).and_then(|f| f.rsplit_once(HASH)).map(|(_, h)| h.trim()) else {
        return false;
    };
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(body.as_bytes())) == hash
}

/// Write this version's package into `.waymark/` (vendored) and remove
/// every other version's, but those that `keep` (workflows left alone)
/// still name.
fn vendor_package(dir: &Path, install: InstallFrom, keep: &[String]) -> Result<Vec<String>> {
    let mut changed = Vec::new();
    let current = vendor::archive_path();
    if let Ok(entries) = std::fs::read_dir(dir.join(vendor::DIR)) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{}/{name}", vendor::DIR);
            let ours = name.starts_with(concat!(env!("CARGO_PKG_NAME"), "-")) && name.ends_with(".tar.gz");
            let wanted = install == InstallFrom::Vendored && rel == current;
            if ours && !wanted && !keep.iter().any(|k| k.contains(&rel)) {
                std::fs::remove_file(entry.path()).with_context(|| format!("cannot remove {rel}"))?;
                changed.push(format!("removed {rel}"));
            }
        }
    }
    if install == InstallFrom::Vendored {
        let path = dir.join(&current);
        if std::fs::read(&path).ok().as_deref() != Some(vendor::PACKAGE) {
            let what = if path.exists() { "updated" } else { "created" };
            write(&path, vendor::PACKAGE)?;
            changed.push(format!("{what} {current} (waymark's source, SHA-256 {})", vendor::SHA256));
        }
    }
    Ok(changed)
}

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

/// The roadmap files of a cohort in `language`: roadmap.yaml, the source
/// the organiser edits, is written in the cohort's language, and the other
/// language is its translation (optional: deleting it is fine).
fn roadmaps(language: InitLanguage) -> [(&'static str, String); 2] {
    match language {
        InitLanguage::Ko => {
            [("roadmap/roadmap.yaml", ROADMAP.to_string()), ("roadmap/roadmap.en.yaml", ROADMAP_EN.to_string())]
        }
        InitLanguage::En => [
            ("roadmap/roadmap.yaml", with_description(ROADMAP_EN, EN_SOURCE_HEADER)),
            ("roadmap/roadmap.ko.yaml", with_description(ROADMAP, KO_TRANSLATION_HEADER)),
        ],
    }
}

const EN_SOURCE_HEADER: &str = "# The roadmap: a 10-week DevOps path. Edit it here; roadmap.ko.yaml is its Korean\n\
# translation (same ids), shown to a cohort with `language: ko`. Delete it if you do not need it.";
const KO_TRANSLATION_HEADER: &str = "# roadmap.yaml의 한국어 번역 (같은 id). `language: ko`인 기수에 보입니다.\n\
# 과제를 더하거나 바꾸려면 roadmap.yaml을 먼저 고치세요. 필요 없으면 이 파일을 지워도 됩니다.";

/// `text` with its leading comment lines (the schema line and the file's
/// description) replaced by `header`.
fn with_description(text: &str, header: &str) -> String {
    let body: Vec<&str> = text.lines().skip_while(|l| l.starts_with('#')).collect();
    format!("{header}\n{}\n", body.join("\n"))
}

/// Where a file at `rel` (under the project root) finds the schemas that
/// init writes into `schemas/`.
fn schema_ref(rel: &str, kind: FileKind) -> String {
    let depth = rel.matches('/').count();
    format!("{}schemas/{}", "../".repeat(depth), kind.schema_file())
}

/// `text` with its `# yaml-language-server: $schema=…` line pointing at
/// `target`, and after it the line that names the reference of its keys
/// (the repository's own roadmap has docs/ beside it and needs no such line).
fn with_schema_line(text: &str, target: &str) -> String {
    let line = format!("{SCHEMA_COMMENT}{target}\n# Every key: {}", docs::refer("configuration"));
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
        return upgrade_workflows(ctx, &dir, args);
    }
    let here = is_current_folder(&dir);
    if dir.join("roadmap/cohort.yaml").exists() {
        // The current folder's project is named as `check` names it, without `./`.
        let (file, there) = if here {
            (PathBuf::from("roadmap/cohort.yaml"), "here")
        } else {
            (dir.join("roadmap/cohort.yaml"), "there")
        };
        return Err(Diagnostic::file(&file, "this folder already holds a waymark project")
            .help(format!("run `waymark check` or `waymark serve` {there}, or choose an empty folder"))
            .into());
    }
    let (cohort, learner, zone) = templates(args.language);
    let (cohort, learner) = (docs::fill(cohort), docs::fill(learner));
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
    let mut files: Vec<(&str, String)> = vec![("roadmap/cohort.yaml", cohort)];
    files.extend(roadmaps(args.language).map(|(rel, text)| (rel, with_schema_line(&text, &roadmap_ref))));
    if !args.no_example {
        files.push(("roadmap/learners/example.yaml", learner.replace("{start}", &start)));
    }
    files.extend(workflows(args.install_from));
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
    let vendored = vendor_package(&dir, args.install_from, &[])?;
    crate::cmd::schema::write(&dir.join("schemas")).map_err(Failure::Other)?;
    gitignore(&dir)?;
    if !ctx.quiet {
        for rel in written {
            println!("  created {rel}");
        }
        for line in vendored {
            println!("  {line}");
        }
        println!("  created schemas/ (JSON Schemas for editor completion)");
        // In the current folder there is nowhere to `cd` to.
        if here {
            println!("\nNext: waymark serve");
        } else {
            println!("\nNext: cd {} && waymark serve", shell_word(&dir.display().to_string()));
        }
    }
    Ok(())
}

/// Whether `dir` is the current folder, however it was written (`.`, `./`,
/// `../here`, its full path); a folder not yet made is not.
fn is_current_folder(dir: &Path) -> bool {
    let same = |p: &Path| p.canonicalize().ok();
    std::env::current_dir().ok().and_then(|c| same(&c)).is_some_and(|c| same(dir) == Some(c))
}

fn write(path: &Path, text: impl AsRef<[u8]>) -> Result {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// `word` as one shell word: quoted when it holds anything a shell reads.
fn shell_word(word: &str) -> String {
    if word.chars().all(|c| c.is_alphanumeric() || "/._-+,:@%".contains(c)) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
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
    write(&path, text)
}

/// `init --upgrade-workflows`: replace the workflows of an existing project
/// with this version's, and its package, saying what changed. A workflow
/// edited since waymark wrote it is left alone (its diff shown) unless
/// `--force`.
fn upgrade_workflows(ctx: &Context, dir: &Path, args: &InitArgs) -> Result {
    if !dir.join("roadmap/cohort.yaml").exists() {
        return Err(Diagnostic::file(&dir.join("roadmap/cohort.yaml"), "this folder holds no waymark project")
            .help("run `waymark init --upgrade-workflows` in the project's folder, or `waymark init` to create one")
            .into());
    }
    let mut kept = Vec::new();
    let mut kept_text = Vec::new();
    for (rel, text) in workflows(args.install_from) {
        let path = dir.join(rel);
        let before = std::fs::read_to_string(&path).ok();
        let what = match &before {
            Some(old) if *old == text => "unchanged",
            Some(old) if !args.force && !unedited(old) => {
                if !ctx.quiet {
                    println!("  kept {rel}: edited since waymark wrote it; this version's would change it so:");
                    let diff = similar::TextDiff::from_lines(old.as_str(), text.as_str());
                    print!(
                        "{}",
                        diff.unified_diff()
                            .context_radius(2)
                            .header(rel, &format!("{rel} (waymark {})", env!("CARGO_PKG_VERSION")))
                    );
                }
                kept.push(rel);
                kept_text.push(old.clone());
                continue;
            }
            Some(_) => "updated",
            None => "created",
        };
        if what != "unchanged" {
            write(&path, &text)?;
        }
        if !ctx.quiet {
            println!("  {what} {rel}");
        }
    }
    for line in vendor_package(dir, args.install_from, &kept_text)? {
        if !ctx.quiet {
            println!("  {line}");
        }
    }
    if !kept.is_empty() {
        return Err(Failure::Other(anyhow::anyhow!(
            "{} left alone as edited: {}; merge the changes above by hand, or run \
             `waymark init --upgrade-workflows --force` to replace them",
            if kept.len() == 1 { "1 workflow was" } else { "some workflows were" },
            kept.join(", ")
        )));
    }
    Ok(())
}
