//! `waymark serve`: build the site in memory, serve it with live reload, and
//! rebuild what each saved file affects (the work is in `crate::serve`).

use super::{Context, Result};
use crate::cli::ServeArgs;

pub fn run(ctx: &Context, args: &ServeArgs) -> Result {
    crate::serve::serve(ctx, args)
}
