//! `waymark schema`: write the JSON Schemas of the three file kinds, for the
//! YAML language server (`# yaml-language-server: $schema=…`) and other editors.

use anyhow::Context as _;

use super::{Context, Result};
use crate::cli::SchemaArgs;
use crate::model::schema::FileKind;

pub fn run(ctx: &Context, args: &SchemaArgs) -> Result {
    write(&args.out)?;
    if !ctx.quiet {
        for kind in FileKind::ALL {
            println!("wrote {}", args.out.join(kind.schema_file()).display());
        }
        println!(
            "add to the top of a learner file: # yaml-language-server: $schema=<path to>/{}",
            FileKind::Learner.schema_file()
        );
    }
    Ok(())
}

pub fn write(dir: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for kind in FileKind::ALL {
        let path = dir.join(kind.schema_file());
        std::fs::write(&path, kind.schema_text()).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
