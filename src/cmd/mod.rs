//! One file per subcommand; this module dispatches to them and holds what
//! they share: the global options, finding and loading the project, "today".

mod build;
mod check;
mod completions;
mod edit;
mod github;
mod init;
mod man;
mod report;
pub mod schema;
mod serve;
mod status;

use crate::cli::{Command, GithubCommand, LearnerCommand};
use crate::model::Status;

pub use crate::context::{summary, Context};
pub use crate::error::{Failure, Result};

pub fn run(command: Command, ctx: &Context) -> Result {
    match command {
        Command::Init(args) => init::run(ctx, &args),
        Command::Check(args) => check::run(ctx, &args),
        Command::Schema(args) => schema::run(ctx, &args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(ctx, &args),
        Command::Build(args) => build::run(ctx, &args),
        Command::Serve(args) => serve::run(ctx, &args),
        Command::Status(args) => status::run(ctx, &args),
        Command::Report(args) => report::run(ctx, &args),
        Command::Start(args) => edit::progress(ctx, Status::Doing, &args),
        Command::Done(args) => edit::progress(ctx, Status::Done, &args),
        Command::Skip(args) => edit::progress(ctx, Status::Skipped, &args),
        Command::Block(args) => edit::progress(ctx, Status::Blocked, &args),
        Command::Log(args) => edit::log(ctx, &args),
        Command::Review(args) => edit::review(ctx, &args),
        Command::Learner(LearnerCommand::Add(args)) => edit::learner_add(ctx, &args),
        Command::Github(GithubCommand::Apply(args)) => github::apply(ctx, &args),
    }
}
