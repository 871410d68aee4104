//! `waymark serve`.

use super::{Context, Failure, Result};
use crate::cli::ServeArgs;

pub fn run(_ctx: &Context, _args: &ServeArgs) -> Result {
    Err(Failure::Other(anyhow::anyhow!("`serve` is not implemented yet")))
}
