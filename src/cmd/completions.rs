//! `waymark completions SHELL`: the shell's completion script, on stdout,
//! generated from the same clap definition as `--help`.

use clap::CommandFactory as _;

use super::Result;
use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs) -> Result {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "waymark", &mut std::io::stdout());
    Ok(())
}
