//! One file per subcommand (`start`, `done`, `skip` and `block`, one code
//! path, share `progress.rs`; what the edits of learner files share is in
//! `record.rs`); this module dispatches to them and holds what they share:
//! the global options, finding and loading the project, "today".

mod build;
mod check;
mod completions;
pub mod docs;
mod github;
mod init;
mod learner;
mod log;
mod man;
mod member;
mod progress;
mod record;
mod reply;
mod report;
mod review;
pub mod schema;
mod seal;
mod serve;
mod status;

use crate::cli::{Command, GithubCommand, LearnerCommand};
use waymark::model::Status;

pub use crate::context::Context;
pub use waymark::error::{Failure, Result};

pub fn run(command: Command, ctx: &Context) -> Result {
    match command {
        Command::Init(args) => init::run(ctx, &args),
        Command::Check(args) => check::run(ctx, &args),
        Command::Schema(args) => schema::run(ctx, &args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(ctx, &args),
        Command::Docs(args) => docs::run(&args),
        Command::Build(args) => build::run(ctx, &args),
        Command::Serve(args) => serve::run(ctx, &args),
        Command::Status(args) => status::run(ctx, &args),
        Command::Report(args) => report::run(ctx, &args),
        Command::Start(args) => progress::run(ctx, Status::Doing, &args),
        Command::Done(args) => progress::run(ctx, Status::Done, &args),
        Command::Skip(args) => progress::run(ctx, Status::Skipped, &args),
        Command::Block(args) => progress::run(ctx, Status::Blocked, &args),
        Command::Log(args) => log::run(ctx, &args),
        Command::Review(args) => review::run(ctx, &args),
        Command::Learner(LearnerCommand::Add(args)) => learner::add(ctx, &args),
        Command::Seal(args) => seal::seal(ctx, &args),
        Command::Unseal(args) => seal::unseal(ctx, &args),
        Command::Github(GithubCommand::Apply(args)) => github::apply(ctx, &args),
        Command::Github(GithubCommand::Member(args)) => member::run(ctx, &args),
        Command::Github(GithubCommand::Reply(args)) => reply::run(ctx, &args),
    }
}

/// A mentor as a terminal line names them: their name and id (`이준호
/// (lee)`), or the id alone when `cohort.yaml` lists no such mentor.
fn mentor_label(project: &waymark::model::Project, id: &str) -> String {
    match project.cohort.mentor(id) {
        Some(m) => format!("{} ({})", waymark::text::safe(&waymark::text::one_line(&m.name)), waymark::text::safe(id)),
        None => waymark::text::safe(id).into_owned(),
    }
}
