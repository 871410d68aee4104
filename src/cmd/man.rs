//! `waymark man`: the man page (roff) from the same clap definition as
//! `--help`; with `--out DIR`, waymark.1 and one page per subcommand.

use std::io::Write as _;

use anyhow::Context as _;
use clap::CommandFactory as _;

use super::{Context, Result};
use crate::cli::{Cli, ManArgs};

pub fn run(ctx: &Context, args: &ManArgs) -> Result {
    let cmd = Cli::command();
    let Some(dir) = &args.out else {
        let mut page = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut page).context("cannot render the man page")?;
        std::io::stdout().write_all(&page).context("cannot write the man page")?;
        return Ok(());
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    clap_mangen::generate_to(cmd, dir).with_context(|| format!("cannot write the man pages into {}", dir.display()))?;
    if !ctx.quiet {
        println!("wrote the man pages into {} (try: man {}/waymark.1)", dir.display(), dir.display());
    }
    Ok(())
}
