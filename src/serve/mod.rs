//! `serve` and `build --watch`: watching the project and serving the site.

pub mod watch;

use crate::cli::BuildArgs;
use crate::cmd::{Context, Failure, Result};
use crate::render::View;

/// `build --watch`: rebuild the output folder on every change.
pub fn build_watch(_ctx: &Context, _args: &BuildArgs, _view: View) -> Result {
    Err(Failure::Other(anyhow::anyhow!("`build --watch` is not available yet")))
}
