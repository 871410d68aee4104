//! `waymark learner add`: a new file in roadmap/learners/ (plain, or sealed
//! with `--sealed`), validated as an edit is.

use yaml_edit::{Document, Mapping};

use super::record::{date_arg, report, Val};
use super::{Context, Failure, Result};
use crate::cli::LearnerAddArgs;
use waymark::diag::{self, BadArgument};
use waymark::learner_file;
use waymark::model::{load, schema};

pub fn add(ctx: &Context, args: &LearnerAddArgs) -> Result {
    let root = ctx.root()?;
    let rel = waymark::model::learner_rel(&args.id);
    // The arguments first, each against what it names; the file is made after.
    if !schema::is_id(&args.id) {
        let slug = schema::slugify(&args.id);
        let near = (!slug.is_empty() && schema::is_id(&slug)).then_some(slug.as_str());
        let bad = BadArgument::new(&args.id, format!("`{}` is not a valid learner id", args.id));
        return Err(bad.suggest(near).help(schema::ID_RULE).into());
    }
    if root.join(&rel).exists() {
        return Err(learner_file::learner_exists(&args.id).into());
    }
    if let Some(mentor) = &args.mentor {
        let loaded = load::load(&root);
        learner_file::project_usable(&loaded)?;
        if let Some(cohort) = loaded.cohort.as_ref().filter(|c| c.mentor(mentor).is_none()) {
            return Err(learner_file::unknown_mentor(cohort, mentor).into());
        }
    }
    let doc = Document::new_mapping();
    if args.sealed {
        Val::Str(args.id.clone()).set_in(&doc_map(&doc)?, "id");
    }
    Val::Str(args.name.clone()).set_in(&doc_map(&doc)?, "name");
    let m = doc_map(&doc)?;
    if let Some(g) = &args.github {
        Val::Str(g.clone()).set_in(&m, "github");
    }
    if let Some(mentor) = &args.mentor {
        Val::Str(mentor.clone()).set_in(&m, "mentor");
    }
    if let Some(s) = date_arg("--start", &args.start)? {
        Val::date(s).set_in(&m, "start");
    }
    if let Some(p) = args.pace {
        Val::Num(p).set_in(&m, "pace");
    }
    let mut text = format!(
        "# How to record progress: {}; every key: {}.\n{doc}",
        crate::guides::refer("learner"),
        crate::guides::refer("configuration")
    );
    if let Some(target) = crate::cmd::schema::learner_ref(&root) {
        text = format!("{}{target}\n{text}", crate::cmd::schema::SCHEMA_COMMENT);
    }
    let (file, outcome) = learner_file::create(&root, &args.id, &text, args.sealed, ctx.keys())?;
    let what = if args.sealed { format!(" (sealed: learner `{}`)", args.id) } else { String::new() };
    report(ctx, &outcome, format!("created {}{what}", diag::display_path(&file)));
    Ok(())
}

fn doc_map(doc: &Document) -> Result<Mapping> {
    doc.as_mapping().ok_or_else(|| Failure::Other(anyhow::anyhow!("cannot build the learner file")))
}
