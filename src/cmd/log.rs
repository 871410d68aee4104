//! `waymark log`: a journal entry (date, hours, note) appended to a learner file.

use std::str::FromStr as _;

use yaml_edit::{Document, Mapping};

use super::record::{date_arg, last_is_flow, new_mapping, not_after_today, prepare, report, root_mapping, Val};
use super::{Context, Result};
use crate::cli::LogArgs;
use waymark::learner_file::{self, Edited, Touched};

pub fn run(ctx: &Context, args: &LogArgs) -> Result {
    let (line, outcome) = record_log(ctx, args, None)?;
    report(ctx, &outcome, line);
    Ok(())
}

/// `log` without printing; `source` is the address of the GitHub comment
/// that asked for the entry, written with it.
pub(crate) fn record_log(ctx: &Context, args: &LogArgs, source: Option<&str>) -> Result<(String, Edited)> {
    let root = ctx.root()?;
    let pre = prepare(ctx, &root, &args.learner)?;
    let date = date_arg("--date", &args.date)?;
    not_after_today(date, pre.today)?;
    let date = date.unwrap_or(pre.today);
    let (line, outcome) = learner_file::update(&root, &pre.learner, ctx.keys(), |t| {
        let top = root_mapping(t)?;
        let fill = |m: &Mapping| {
            Val::date(date).set_in(m, "date");
            Val::Num(args.hours).set_in(m, "hours");
            if let Some(n) = &args.note {
                Val::Str(n.clone()).set_in(m, "note");
            }
            if let Some(u) = source {
                Val::Str(u.to_string()).set_in(m, "source");
            }
        };
        match top.get_sequence("journal") {
            Some(seq) => {
                let flow = seq.is_flow_style() || last_is_flow(seq.values().last()).unwrap_or(true);
                let e = new_mapping(flow);
                fill(&e);
                seq.push(e);
            }
            None => {
                // Built from text: a sequence made from scratch at the top
                // level would be written unindented (`- {…}`), unlike the
                // `  - {…}` of every example file.
                let snippet = Document::from_str("journal:\n  - {}\n")
                    .map_err(|e| anyhow::anyhow!("cannot build the journal: {e}"))?;
                let seq = snippet.as_mapping().and_then(|m| m.get_sequence("journal"));
                let item = seq.as_ref().and_then(|s| s.get(0)).and_then(|n| n.as_mapping().cloned());
                let (Some(seq), Some(item)) = (seq, item) else {
                    return Err(anyhow::anyhow!("cannot build the journal").into());
                };
                fill(&item);
                top.set("journal", seq);
            }
        }
        Ok((format!("{}: journal {date}, {} h", t.learner.id, args.hours), Touched::JournalAppend))
    })?;
    Ok((line, outcome))
}
