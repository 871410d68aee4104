//! The one error type of commands and edits: problems in input files (shown
//! as diagnostics), an operation that failed, or a failure already reported.

use crate::diag::Diagnostic;

/// Why a command failed. Diagnostics are printed by [`Context::report`].
#[derive(Debug)]
pub enum Failure {
    /// Problems in input files.
    Diagnostics(Vec<Diagnostic>),
    /// An operation that failed (I/O, network), with its cause.
    Other(anyhow::Error),
    /// Already reported to the user; just exit 1.
    Reported,
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Diagnostics(vec![d])
    }
}

pub type Result<T = ()> = std::result::Result<T, Failure>;
