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

/// Whether a count as shown (`1`, `2`, `1.5`) takes the singular form in
/// `lang`: CLDR's cardinal rule "one" is English's `1` alone (not `1.0`,
/// `1.5` or `0`); Korean has no plural: every count takes `key`.
pub fn is_one(lang: &str, shown: &str) -> bool {
    lang == "en" && shown == "1"
}

/// The UI strings of one language, the one catalogue of every word waymark
/// shows, on the site and on the terminal. A count's string has its plural
/// forms as keys: `key` for every count, `key_one` beside it where the
/// language has a singular (see [`is_one`]), with `{n}` for the count.
#[derive(Clone, Copy, Debug)]
pub struct Words<'a> {
    pub strings: &'a BTreeMap<String, String>,
    pub lang: &'a str,
}

impl<'a> Words<'a> {
    pub fn new(strings: &'a BTreeMap<String, String>, lang: &'a str) -> Self {
        Words { strings, lang }
    }

    /// The string of `key` (the key itself where no file has it).
    pub fn get(&self, key: &str) -> String {
        self.strings.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// The form of `key` for the count `n` (as it is shown), placeholders
    /// left for the caller: for strings with more than the count.
    pub fn form(&self, key: &str, n: impl std::fmt::Display) -> String {
        let one = is_one(self.lang, &n.to_string()).then(|| self.strings.get(&format!("{key}_one"))).flatten();
        one.cloned().unwrap_or_else(|| self.get(key))
    }

    /// `key` for the count `n`, with `{n}` filled in.
    pub fn count(&self, key: &str, n: impl std::fmt::Display) -> String {
        let shown = n.to_string();
        self.form(key, &shown).replace("{n}", &shown)
    }

    /// `key` ("mentor {name}") with `{name}` filled in, or `name` alone
    /// where it says the rest already (see [`labelled`]): never "mentor mentor".
    pub fn labelled(&self, key: &str, name: &str) -> String {
        let text = self.get(key);
        if labelled(text.replace("{name}", "").trim(), name) == name {
            name.to_string()
        } else {
            text.replace("{name}", name)
        }
    }

    /// `key` with each `{name}` of `vars` filled in.
    pub fn fill(&self, key: &str, vars: &[(&str, &str)]) -> String {
        fill(&self.get(key), vars)
    }
}

/// `value` after its `label` ("Mentor Kim"), unless the value says the
/// label already as a word of its own (a mentor named "Mentor", "Park
/// Mentor"): then the value alone, never "Mentor Mentor".
pub fn labelled(label: &str, value: &str) -> String {
    let (label_l, value_l) = (label.trim().to_lowercase(), value.to_lowercase());
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let says = !label_l.is_empty()
        && value_l
            .match_indices(&label_l)
            .any(|(at, m)| !alnum(value_l[..at].chars().next_back()) && !alnum(value_l[at + m.len()..].chars().next()));
    if says || label_l.is_empty() {
        value.to_string()
    } else {
        format!("{label} {value}")
    }
}

/// `text` with each `{name}` of `vars` filled in.
pub fn fill(text: &str, vars: &[(&str, &str)]) -> String {
    vars.iter().fold(text.to_string(), |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
}

#[derive(Clone, Debug, Default)]
pub struct Theme {
    /// Template name (e.g. `index.html`) → source.
    pub templates: BTreeMap<String, String>,
    /// Site path (e.g. `assets/style.css`) → bytes, copied as they are.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// UI strings in the cohort's language.
    pub strings: BTreeMap<String, String>,
    /// That language's code (`ko`, `en`), which decides the plural forms.
    pub lang: String,
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
        let mut theme = Theme { origin, lang: lang.to_string(), ..Theme::default() };
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

    /// The built-in theme's strings alone, in `lang`: the words of a
    /// command when the project's theme cannot be read.
    pub fn builtin(lang: &str) -> Theme {
        Theme { strings: builtin_strings(lang), lang: lang.to_string(), ..Theme::default() }
    }

    /// The strings as a catalogue with plural forms.
    pub fn words(&self) -> Words<'_> {
        Words::new(&self.strings, &self.lang)
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
        // `count(key, n)`: the form of a string for a count, `{n}` filled in.
        let (strings, lang) = (std::sync::Arc::new(self.strings.clone()), self.lang.clone());
        env.add_function("count", move |key: String, n: minijinja::Value| {
            let shown = n.as_str().map_or_else(|| n.to_string(), str::to_string);
            Words::new(&strings, &lang).count(&key, shown)
        });
        // `labelled(label, value)`: "Mentor Kim", but "Mentor" alone where the value already says it.
        env.add_function("labelled", |label: String, value: String| labelled(&label, &value));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_takes_the_form_of_its_language() {
        let en = builtin_strings("en");
        let en = Words::new(&en, "en");
        assert_eq!(en.count("n_days", 1), "1 day");
        assert_eq!(en.count("n_days", 2), "2 days");
        assert_eq!(en.count("n_days", 0), "0 days");
        assert_eq!(en.count("n_hours", 1.5), "1.5 hours");
        assert_eq!(en.count("days_ago", 1), "1 day ago");
        let ko = builtin_strings("ko");
        let ko = Words::new(&ko, "ko");
        // Korean has no plural: the English singular behind it is never taken.
        assert_eq!(ko.count("n_days", 1), "1일");
        assert_eq!(ko.count("days_ago", 1), "1일 전");
    }

    #[test]
    fn both_languages_have_every_string_and_korean_no_singulars() {
        let table = |code: &str| -> BTreeMap<String, String> {
            let rel = format!("i18n/{code}.yaml");
            let bytes = BUILTIN.iter().find(|(p, _)| *p == rel).unwrap().1;
            crate::model::yaml::from_str(&String::from_utf8_lossy(bytes)).unwrap()
        };
        let (en, ko) = (table("en"), table("ko"));
        let plain = |m: &BTreeMap<String, String>| -> Vec<String> {
            m.keys().filter(|k| !k.ends_with("_one")).cloned().collect()
        };
        assert_eq!(plain(&en), plain(&ko));
        assert_eq!(ko.keys().filter(|k| k.ends_with("_one")).count(), 0);
        for key in en.keys().filter_map(|k| k.strip_suffix("_one")) {
            assert!(en.contains_key(key), "{key}_one has no {key}");
        }
    }

    #[test]
    fn a_label_is_not_said_twice() {
        assert_eq!(labelled("Mentor", "Kim"), "Mentor Kim");
        assert_eq!(labelled("Mentor", "Mentor"), "Mentor");
        assert_eq!(labelled("Mentor", "mentor Kim"), "mentor Kim");
        assert_eq!(labelled("Mentor", "Mentorship team"), "Mentor Mentorship team");
        assert_eq!(labelled("Mentor", "Park Mentor"), "Park Mentor");
        let en = builtin_strings("en");
        let en = Words::new(&en, "en");
        assert_eq!(en.labelled("cli_mentor", "lee"), "mentor lee");
        assert_eq!(en.labelled("cli_mentor", "mentor"), "mentor");
        assert_eq!(labelled("멘토", "멘토"), "멘토");
        assert_eq!(labelled("멘토", "김멘토"), "멘토 김멘토");
    }
}
