//! Where a project's files are, and how large one may be: what every
//! reader of them (plain or sealed) agrees on.

use std::path::{Path, PathBuf};

pub const COHORT: &str = "roadmap/cohort.yaml";
pub const ROADMAP: &str = "roadmap/roadmap.yaml";
pub const LEARNERS: &str = "roadmap/learners";

/// The largest input file read, in bytes; a bigger one is refused unread.
/// A roadmap of a hundred weeks is under 200 KB.
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// `roadmap/learners/<id>.yaml`
pub fn learner_rel(id: &str) -> PathBuf {
    Path::new(LEARNERS).join(format!("{id}.yaml"))
}
