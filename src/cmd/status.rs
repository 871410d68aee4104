//! `waymark status`.

use super::{Context, Failure, Result};
use crate::cli::StatusArgs;

pub fn run(_ctx: &Context, _args: &StatusArgs) -> Result {
    Err(Failure::Other(anyhow::anyhow!("`status` is not implemented yet")))
}
