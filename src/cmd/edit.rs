//! `start`, `done`, `skip`, `block`, `log`, `review`, `learner add`: edits of
//! learner files that keep everything they were not asked to change.

use super::{Context, Failure, Result};
use crate::cli::{LearnerAddArgs, LogArgs, ProgressArgs, ReviewArgs};
use crate::model::Status;

pub fn progress(_ctx: &Context, _status: Status, _args: &ProgressArgs) -> Result {
    Err(Failure::Other(anyhow::anyhow!("not implemented yet")))
}

pub fn log(_ctx: &Context, _args: &LogArgs) -> Result {
    Err(Failure::Other(anyhow::anyhow!("not implemented yet")))
}

pub fn review(_ctx: &Context, _args: &ReviewArgs) -> Result {
    Err(Failure::Other(anyhow::anyhow!("not implemented yet")))
}

pub fn learner_add(_ctx: &Context, _args: &LearnerAddArgs) -> Result {
    Err(Failure::Other(anyhow::anyhow!("not implemented yet")))
}
