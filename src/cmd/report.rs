//! `waymark report`.

use super::{Context, Failure, Result};
use crate::cli::ReportArgs;

pub fn run(_ctx: &Context, _args: &ReportArgs) -> Result {
    Err(Failure::Other(anyhow::anyhow!("`report` is not implemented yet")))
}
