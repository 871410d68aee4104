//! "Edit on GitHub" links (with `repo:` in cohort.yaml), as mdBook's and
//! Docusaurus's edit links: from a page to the YAML that holds it, at the
//! line of the one entry where it is one (`#L<line>`). Paths are the
//! project's, so the project is taken to sit at the repository's root, as
//! `init` makes it.

use super::Shared;
use crate::model::doc::{Kind, Node};
use crate::model::Learner;

/// A learner's file, where the links to their entries point.
pub(super) struct LearnerEdit {
    pub file: String,
}

impl LearnerEdit {
    /// The link to the learner's entry at `line` (the line of its key in
    /// their file, which each progress entry keeps), else to their file.
    /// The link is made when a page shows it: a cohort's links are not all
    /// held at once.
    pub fn link(&self, line: Option<u32>) -> String {
        match line.filter(|&n| n > 0) {
            Some(line) => format!("{}#L{line}", self.file),
            None => self.file.clone(),
        }
    }
}

fn rel_path(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl Shared<'_> {
    fn edit_url(&self, path: &str, line: Option<usize>) -> Option<String> {
        let base = self.edit_base.as_ref()?;
        Some(match line {
            Some(n) => format!("{base}{path}#L{n}"),
            None => format!("{base}{path}"),
        })
    }
}

/// The links into `roadmap/learners/<id>.yaml`; None without `repo`, and
/// for a sealed learner: their file on GitHub is ciphertext under an opaque
/// name, and `<id>.yaml` does not exist (and would name them).
pub(super) fn learner_edit(s: &Shared, l: &Learner) -> Option<LearnerEdit> {
    s.edit_base.as_ref()?;
    if s.project.sealed.contains_key(&l.id) {
        return None;
    }
    let rel = std::path::PathBuf::from(format!("{}/{}.yaml", crate::model::load::LEARNERS, l.id));
    let path = rel_path(&rel);
    let file = s.edit_url(&path, None)?;
    Some(LearnerEdit { file })
}

/// The link to week `i`'s entry: in the translation the site shows, when it
/// has one, else in `roadmap.yaml`.
pub(super) fn week_edit(s: &Shared, i: usize) -> Option<String> {
    s.edit_base.as_ref()?;
    let id = &s.roadmap.weeks[i].id;
    let translation = format!("roadmap/roadmap.{}.yaml", s.project.cohort.language.code());
    for rel in [translation.as_str(), crate::model::load::ROADMAP] {
        let Some(src) = s.project.sources.get(std::path::Path::new(rel)) else { continue };
        let weeks = src.doc().root.as_ref().and_then(|r| r.get("weeks"));
        let Some(Node { kind: Kind::Seq(items), .. }) = weeks else { continue };
        if let Some(item) = items.iter().find(|w| w.get("id").and_then(Node::as_str) == Some(id.as_str())) {
            let line = item.entry("id").map_or(item.span.line, |e| e.key.span.line);
            return s.edit_url(rel, Some(line));
        }
    }
    s.edit_url(crate::model::load::ROADMAP, None)
}
