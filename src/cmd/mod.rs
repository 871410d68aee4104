//! One file per subcommand; this module dispatches to them and holds what
//! they share: the global options, finding and loading the project, "today".

mod build;
mod check;
mod completions;
mod github;
mod init;
mod man;
mod record;
mod report;
pub mod schema;
mod serve;
mod status;

use crate::cli::{Command, GithubCommand, LearnerCommand};
use waymark::model::Status;

pub use crate::context::{summary, Context};
pub use waymark::error::{Failure, Result};

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
        Command::Start(args) => record::progress(ctx, Status::Doing, &args),
        Command::Done(args) => record::progress(ctx, Status::Done, &args),
        Command::Skip(args) => record::progress(ctx, Status::Skipped, &args),
        Command::Block(args) => record::progress(ctx, Status::Blocked, &args),
        Command::Log(args) => record::log(ctx, &args),
        Command::Review(args) => record::review(ctx, &args),
        Command::Learner(LearnerCommand::Add(args)) => record::learner_add(ctx, &args),
        Command::Github(GithubCommand::Apply(args)) => github::apply(ctx, &args),
    }
}
