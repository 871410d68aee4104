//! `waymark schema`: write the JSON Schemas of the three file kinds, for the
//! YAML language server (`# yaml-language-server: $schema=…`) and other editors.

use anyhow::Context as _;

use super::{Context, Result};
use crate::cli::SchemaArgs;
use waymark::model::schema::FileKind;

/// The comment that tells the YAML language server which schema a file
/// follows; what follows it is a path relative to the file, or a URL.
pub const SCHEMA_COMMENT: &str = "# yaml-language-server: $schema=";

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

/// The `$schema` a new learner file should name, relative to
/// `roadmap/learners/`: beside the schema `cohort.yaml` names (so a project
/// keeps its own layout), else the `schemas/` folder `init` writes; none
/// when neither exists.
pub fn learner_ref(root: &std::path::Path) -> Option<String> {
    let file = FileKind::Learner.schema_file();
    let cohort = std::fs::read_to_string(root.join("roadmap/cohort.yaml")).unwrap_or_default();
    let named = cohort.lines().find_map(|l| l.strip_prefix(SCHEMA_COMMENT)).map(str::trim);
    if let Some(named) = named {
        let dir = named.rsplit_once('/').map_or("", |(dir, _)| dir);
        let beside = if dir.is_empty() { file.to_string() } else { format!("{dir}/{file}") };
        if named.contains("://") {
            return Some(beside);
        }
        if root.join("roadmap").join(&beside).is_file() {
            return Some(format!("../{beside}"));
        }
    }
    root.join("schemas").join(file).is_file().then(|| format!("../../schemas/{file}"))
}
