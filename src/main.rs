//! waymark: parse the command line, run the command, print what went wrong,
//! exit with 0 (success), 1 (invalid data or failed operation) or 2 (bad command line).

// Diagnostics travel by value on the error path, which is cold; boxing them
// everywhere would only add noise.
#![allow(clippy::result_large_err)]

mod cli;
mod cmd;
mod context;
mod guides;

use std::process::ExitCode;

// Building a site allocates millions of small strings from two threads at
// once; mimalloc does that markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;

fn main() -> ExitCode {
    quiet_broken_pipe();
    // A build's old site, removed after the build has ended.
    let mut args = std::env::args_os().skip(1);
    if args.next().is_some_and(|a| a == waymark::output::REMOVE_OLD_SITE) {
        if let (Some(old), None) = (args.next(), args.next()) {
            waymark::output::remove_old_site(std::path::Path::new(&old));
        }
        return ExitCode::SUCCESS;
    }
    waymark::output::remove_old_sites_in_background();
    // A variable set to nothing (`WAYMARK_IDENTITY=`) is one not set, as
    // for `WAYMARK_TODAY`: not an option given without its value. Still one
    // thread here.
    for var in ["WAYMARK_IDENTITY", "WAYMARK_BASE_URL", "GITHUB_EVENT_PATH"] {
        if std::env::var_os(var).is_some_and(|v| v.is_empty()) {
            std::env::remove_var(var);
        }
    }
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let ctx = cmd::Context::new(&cli.global);
    match cmd::run(cli.command, &ctx) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            ctx.report(failure);
            ExitCode::from(1)
        }
    }
}

/// A reader that went away (`waymark status | head -1`) is a normal end, as
/// for ripgrep: `print!` panics on the closed pipe, and that panic becomes a
/// quiet exit 0. Every other panic is reported as before.
fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if text.starts_with("failed printing to std") && text.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}
