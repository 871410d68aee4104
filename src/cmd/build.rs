//! `waymark build`.

use super::{Context, Failure, Result};
use crate::cli::BuildArgs;

pub fn run(_ctx: &Context, _args: &BuildArgs) -> Result {
    Err(Failure::Other(anyhow::anyhow!("`build` is not implemented yet")))
}
