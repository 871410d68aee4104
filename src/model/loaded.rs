//! What reading a project's files gives: each file's text (and its
//! positioned document, when a diagnostic needs a place in it), and
//! everything that could be read with the problems found on the way. The
//! readers are in [`super::load`], the checks across files in
//! [`super::validate`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use super::cohort::Cohort;
use super::doc::{self, Doc};
use super::learner::Learner;
use super::roadmap::Roadmap;
use super::sealed::Unread;
use crate::diag::Diagnostic;

/// One input file as read: its text (without a UTF-8 byte-order mark) and
/// its positioned document, parsed only when a diagnostic needs a place in it.
#[derive(Clone, Debug)]
pub struct Source {
    pub text: String,
    doc: OnceLock<Doc>,
}

impl Source {
    pub(super) fn parsed(text: String, doc: Doc) -> Source {
        Source { text, doc: OnceLock::from(doc) }
    }

    pub(super) fn unparsed(text: String) -> Source {
        Source { text, doc: OnceLock::new() }
    }

    /// The positioned document (empty when the text does not parse).
    pub fn doc(&self) -> &Doc {
        self.doc.get_or_init(|| doc::parse(&self.text).unwrap_or_default())
    }
}

pub type Sources = BTreeMap<PathBuf, Source>;

/// Everything that could be read, and the problems found on the way.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub cohort: Option<Cohort>,
    pub roadmap: Option<Roadmap>,
    /// Translations by language code, from `roadmap.<lang>.yaml`.
    pub translations: BTreeMap<String, Roadmap>,
    pub learners: Vec<Learner>,
    pub sources: Sources,
    pub diags: Vec<Diagnostic>,
    /// Learner files with problems that were read in part (what the schema
    /// check refused left out), so that `check` can still report what the
    /// rest of the file gets wrong against the cohort and the roadmap.
    pub partial: BTreeSet<PathBuf>,
    /// The file of each sealed learner that was opened, by id.
    pub sealed: BTreeMap<String, PathBuf>,
    /// The sealed files that could not be opened for want of a key.
    pub unread: Vec<Unread>,
    /// Learners with a plain file and a sealed file both, by id: a `seal`
    /// or `unseal` that did not finish. The plain file is the one read.
    pub doubled: BTreeMap<String, Doubled>,
}

/// A learner's sealed file beside their plain one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doubled {
    pub sealed: PathBuf,
    /// Whether the two say the same (the sealed one may add `id:`): which
    /// one stays is then only a choice, and `seal` or `unseal` finishes.
    pub same: bool,
}

impl Loaded {
    /// The file of learner `id`: its sealed file, else `learners/<id>.yaml`.
    pub fn learner_file(&self, id: &str) -> PathBuf {
        self.sealed.get(id).cloned().unwrap_or_else(|| super::files::learner_rel(id))
    }
}
