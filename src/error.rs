//! The one error type of commands and edits: problems in input files (shown
//! as diagnostics), a mistake in an argument of the command line, an
//! operation that failed, or a failure already reported.

use crate::diag::{BadArgument, Diagnostic};

/// Why a command failed. Diagnostics are printed by [`Context::report`].
#[derive(Debug)]
pub enum Failure {
    /// Problems in input files.
    Diagnostics(Vec<Diagnostic>),
    /// A mistake in an argument given on the command line (or in a slash
    /// command of a comment, which records through the same code).
    Argument(BadArgument),
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

impl From<BadArgument> for Failure {
    fn from(b: BadArgument) -> Self {
        Failure::Argument(b)
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Diagnostics(vec![d])
    }
}

pub type Result<T = ()> = std::result::Result<T, Failure>;
