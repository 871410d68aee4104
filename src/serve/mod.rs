//! Serving a site from memory with live reload: [`server`] answers HTTP from
//! the files the pipeline rendered (never from disk) and tells open pages
//! when to reload; [`page`] turns a built page into a served one (the
//! live-reload script, the error overlay). What to rebuild, and how, is the
//! pipeline's ([`crate::pipeline::watch`], [`crate::pipeline::rebuild`]);
//! `waymark serve` (the binary) wires the three together.

mod page;
pub mod server;

use std::path::Path;

use crate::diag::{self, Format};
use crate::error::Failure;

/// Where `serve`'s own files live, at any depth: `…/__waymark/<name>`.
pub const RESERVED: &str = "__waymark";

/// What a failed rebuild says, as `check` says it.
pub struct Problem {
    pub summary: String,
    pub report: String,
}

/// What a failed rebuild says, with the summary in the site's language `lang`
/// (the diagnostics stay as `check` prints them).
pub fn problem(failure: &Failure, lang: &str) -> Problem {
    let (errors, warnings, files, report) = match failure {
        Failure::Diagnostics(diags) => {
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let files = diags.iter().map(|d| &d.file).collect::<std::collections::BTreeSet<_>>().len();
            (errors, diags.len() - errors, files, diag::render(diags, Format::Human, false))
        }
        Failure::Argument(bad) => (1, 0, 0, diag::render_argument(bad, &[], None, false)),
        Failure::Other(e) => (1, 0, 1, format!("error: {e:#}\n")),
        Failure::Reported => (1, 0, 1, "error: the build failed\n".into()),
    };
    let summary = crate::render::theme::builtin_strings(lang)
        .get("serve_summary")
        .map_or_else(String::new, |s| s.clone())
        .replace("{errors}", &errors.to_string())
        .replace("{warnings}", &warnings.to_string())
        .replace("{files}", &files.to_string());
    Problem { summary, report }
}

/// The site's language from `cohort.yaml`'s `language:` line, read as text:
/// the file may be the broken one. Korean, the default, when there is none.
pub fn site_language(root: &Path) -> &'static str {
    let text = std::fs::read_to_string(root.join("roadmap").join("cohort.yaml")).unwrap_or_default();
    let value = text.lines().find_map(|l| l.strip_prefix("language:")).map(|v| {
        let v = v.split('#').next().unwrap_or("").trim();
        v.trim_matches(|c| c == '"' || c == '\'').to_string()
    });
    match value.as_deref() {
        Some("en") => "en",
        _ => "ko",
    }
}
