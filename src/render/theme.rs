//! The theme: minijinja templates, static files and UI strings. The built-in
//! `themes/default/` is compiled into the binary; a project's
//! `themes/<name>/` overrides it file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::Environment;

use crate::diag::{did_you_mean, Diagnostic};

macro_rules! builtin {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../themes/default/", $path)) as &[u8])),*]
    };
}

/// Every file of the built-in theme, by path inside the theme folder.
const BUILTIN: &[(&str, &[u8])] = builtin!(
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/roadmap.html",
    "templates/week.html",
    "templates/learner.html",
    "templates/reviews.html",
    "templates/queue.html",
    "templates/404.html",
    "templates/feed.xml",
    "templates/sitemap.xml",
    "static/assets/style.css",
    "static/favicon.svg",
    "i18n/ko.yaml",
    "i18n/en.yaml",
);

/// The built-in theme's UI strings in `lang` (English where it has none):
/// what `serve` writes into the browser itself, whatever the project's theme.
pub fn builtin_strings(lang: &str) -> BTreeMap<String, String> {
    let mut strings = BTreeMap::new();
    for code in ["en", lang] {
        let rel = format!("i18n/{code}.yaml");
        if let Some((_, bytes)) = BUILTIN.iter().find(|(p, _)| *p == rel) {
            if let Ok(map) = crate::model::yaml::from_str::<BTreeMap<String, String>>(&String::from_utf8_lossy(bytes)) {
                strings.extend(map);
            }
        }
    }
    strings
}

#[derive(Clone, Debug, Default)]
pub struct Theme {
    /// Template name (e.g. `index.html`) → source.
    pub templates: BTreeMap<String, String>,
    /// Site path (e.g. `assets/style.css`) → bytes, copied as they are.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// UI strings in the cohort's language.
    pub strings: BTreeMap<String, String>,
    /// Where each overridden file came from, for diagnostics.
    pub origin: BTreeMap<String, PathBuf>,
}

impl Theme {
    /// The built-in theme with `root/themes/<name>/` laid over it.
    pub fn load(root: &Path, name: &str, lang: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut files: BTreeMap<String, Vec<u8>> = BUILTIN.iter().map(|(p, b)| (p.to_string(), b.to_vec())).collect();
        let mut origin = BTreeMap::new();
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            let mut found = Vec::new();
            walk(&dir, &dir, &mut found);
            for rel in found {
                let shown = Path::new("themes").join(name).join(&rel);
                let bytes = crate::model::load::read_inside(root, &shown).map_err(|d| vec![*d])?;
                origin.insert(rel.clone(), Path::new("themes").join(name).join(&rel));
                files.insert(rel, bytes);
            }
        } else if name != "default" {
            let known: Vec<String> = std::fs::read_dir(root.join("themes"))
                .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
                .unwrap_or_default();
            let help = match did_you_mean(name, known.iter().map(String::as_str)) {
                Some(n) => format!("did you mean `{n}`?"),
                None => "create themes/<name>/ with the files to override, or remove `theme:`".into(),
            };
            return Err(vec![
                Diagnostic::file(Path::new("roadmap/cohort.yaml"), format!("theme `{name}` not found")).help(help)
            ]);
        }
        let mut theme = Theme { origin, ..Theme::default() };
        let mut diags = Vec::new();
        for (rel, bytes) in files {
            if let Some(name) = rel.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(text) => {
                        theme.templates.insert(name.to_string(), text);
                    }
                    Err(_) => diags.push(Diagnostic::file(&theme.path_of(&rel), "a template must be UTF-8 text")),
                }
            } else if let Some(site_path) = rel.strip_prefix("static/") {
                theme.statics.insert(site_path.to_string(), bytes);
            }
        }
        // Strings: English as the fallback, then the language, then the overrides in that order.
        for code in ["en", lang] {
            let rel = format!("i18n/{code}.yaml");
            let builtin = BUILTIN.iter().find(|(p, _)| *p == rel).map(|(_, b)| *b);
            let over = theme.origin.get(&rel).and_then(|p| std::fs::read(root.join(p)).ok());
            for bytes in [builtin.map(<[u8]>::to_vec), over].into_iter().flatten() {
                let text = String::from_utf8_lossy(&bytes);
                match crate::model::yaml::from_str::<BTreeMap<String, String>>(&text) {
                    Ok(map) => theme.strings.extend(map),
                    Err(e) => {
                        let mut d = Diagnostic::file(&theme.path_of(&rel), format!("UI strings: {}", e.message));
                        d.line = e.line.unwrap_or(1);
                        d.column = e.column.unwrap_or(1);
                        diags.push(d);
                    }
                }
            }
        }
        if diags.is_empty() {
            Ok(theme)
        } else {
            Err(diags)
        }
    }

    fn path_of(&self, rel: &str) -> PathBuf {
        self.origin.get(rel).cloned().unwrap_or_else(|| Path::new("themes/default").join(rel))
    }

    /// A template environment with every template compiled once.
    pub fn environment(&self) -> Result<Environment<'static>, Vec<Diagnostic>> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        // HTML escaping without minijinja's `/` → `&#x2f;`, which is valid but makes every URL unreadable.
        env.set_formatter(|out, state, value| {
            if state.auto_escape() == minijinja::AutoEscape::None || value.is_safe() || value.as_str().is_none() {
                return minijinja::escape_formatter(out, state, value);
            }
            crate::html::esc_into(out, value.as_str().unwrap_or_default()).map_err(minijinja::Error::from)
        });
        let mut diags = Vec::new();
        for (name, source) in &self.templates {
            if let Err(e) = env.add_template_owned(name.clone(), source.clone()) {
                diags.push(self.template_error(&e));
            }
        }
        if diags.is_empty() {
            Ok(env)
        } else {
            Err(diags)
        }
    }

    /// A template error as a diagnostic pointing into the template file.
    pub fn template_error(&self, e: &minijinja::Error) -> Diagnostic {
        let name = e.name().unwrap_or("template");
        let rel = format!("templates/{name}");
        let path = self.path_of(&rel);
        let message = format!("template: {}", e.detail().unwrap_or(&e.kind().to_string()));
        match (self.templates.get(name), e.line()) {
            (Some(src), Some(line)) => {
                let mut d = Diagnostic::file(&path, message);
                d.line = line;
                d.source_line = src.lines().nth(line - 1).unwrap_or("").to_string();
                d.width = d.source_line.chars().count().max(1);
                d
            }
            _ => Diagnostic::file(&path, message),
        }
    }
}

/// Which files of a theme folder are read: everything under `static/`
/// (published as it is, `.well-known/` and `*.bak` included); elsewhere
/// (`templates/`, `i18n/`) not hidden files and editor backups, which are
/// not templates or strings.
fn is_theme_file(rel: &Path) -> bool {
    if rel.starts_with("static") {
        return true;
    }
    let Some(name) = rel.file_name().and_then(|n| n.to_str()) else { return false };
    !(name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with('#')
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".orig"].iter().any(|s| name.ends_with(s)))
}

fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
    // Deeper than any theme goes: a folder link that loops ends here.
    if dir.strip_prefix(base).map_or(0, |r| r.components().count()) > 32 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.strip_prefix(base).is_ok_and(is_theme_file) {
            continue;
        }
        if path.is_dir() {
            walk(base, &path, out);
        } else if let Ok(rel) = path.strip_prefix(base) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}
