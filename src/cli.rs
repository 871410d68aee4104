//! The command line. The `///` comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args, CommandFactory as _, Parser, Subcommand, ValueEnum};

/// Keep a learning roadmap and every learner's progress in plain YAML, and
/// render them into a static progress site.
#[derive(Debug, Parser)]
#[command(name = "waymark", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Project folder (default: the nearest folder upwards with roadmap/cohort.yaml)
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// What "today" is, as YYYY-MM-DD (default: $WAYMARK_TODAY, else the clock in the cohort's time zone)
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<jiff::civil::Date>,
    /// When to colour the output (NO_COLOR in the environment means never)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Key that opens sealed learner files: an age identity file or an SSH
    /// private key (default: ~/.ssh/id_ed25519, else ~/.ssh/id_rsa, when present)
    #[arg(long, global = true, value_name = "FILE", env = "WAYMARK_IDENTITY")]
    pub identity: Option<PathBuf>,
    /// Print only errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more about what happens
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new project: cohort, the default roadmap, an example learner, a Pages workflow
    Init(InitArgs),
    /// Validate every file and report all problems at once
    Check(CheckArgs),
    /// Render the site (the public view by default)
    Build(BuildArgs),
    /// Build in memory, serve on localhost, rebuild and reload on every edit
    Serve(ServeArgs),
    /// Progress of every learner (or one) in the terminal
    Status(StatusArgs),
    /// Record that a learner started a task
    Start(ProgressArgs),
    /// Record that a learner finished a task
    Done(ProgressArgs),
    /// Record that a learner skipped a task
    Skip(ProgressArgs),
    /// Record that a learner is blocked on a task
    Block(ProgressArgs),
    /// Add a journal entry for a learner
    Log(LogArgs),
    /// Record a mentor's review of a finished task
    Review(ReviewArgs),
    /// Manage learners
    #[command(subcommand)]
    Learner(LearnerCommand),
    /// Encrypt a learner's file to the cohort's recipients, under an opaque name
    Seal(SealArgs),
    /// Turn a sealed learner file back into roadmap/learners/<ID>.yaml
    Unseal(UnsealArgs),
    /// The mentor's report: awaiting review, changes requested, behind, stale, blocked
    Report(ReportArgs),
    /// Write JSON Schemas of the three file kinds, for editor completion
    Schema(SchemaArgs),
    /// Work with GitHub: apply the slash commands of an issue or pull-request comment
    #[command(subcommand)]
    Github(GithubCommand),
    /// Print a shell's completion script (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one per subcommand with --out
    Man(ManArgs),
    /// Print a guide (Markdown), or list them: getting started, learner, mentor, organiser, …
    Docs(DocsArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the project in (default: the current folder)
    pub dir: Option<PathBuf>,
    /// The cohort's title (default: "DevOps 스터디", or "DevOps study" with --language en)
    #[arg(long, value_name = "TEXT", conflicts_with = "upgrade_workflows")]
    pub title: Option<String>,
    /// The site's language; en also writes the example in English
    #[arg(long, value_enum, default_value_t = InitLanguage::Ko)]
    pub language: InitLanguage,
    /// The cohort's start date, YYYY-MM-DD (default: today)
    #[arg(long, value_name = "DATE", value_parser = parse_date, conflicts_with = "upgrade_workflows")]
    pub start: Option<jiff::civil::Date>,
    /// IANA time zone that decides what "today" is (default: Asia/Seoul for ko, UTC for en)
    #[arg(long, value_name = "ZONE", value_parser = parse_timezone, conflicts_with = "upgrade_workflows")]
    pub timezone: Option<String>,
    /// Leave out the example learner (roadmap/learners/ starts empty)
    #[arg(long, conflicts_with = "upgrade_workflows")]
    pub no_example: bool,
    /// In an existing project, rewrite the workflows in .github/workflows/
    /// (pages, check, progress, digest) to this version's templates, and the
    /// package they install; a workflow edited since is left alone
    #[arg(long)]
    pub upgrade_workflows: bool,
    /// With --upgrade-workflows: replace the workflows edited since, too
    #[arg(long, requires = "upgrade_workflows")]
    pub force: bool,
    /// Where the workflows get waymark: `vendored` packs this version's source
    /// into .waymark/ and builds it there; `registry` installs the published crate
    #[arg(long, value_enum, default_value_t = InstallFrom::Vendored)]
    pub install_from: InstallFrom,
}

/// Where the generated workflows get waymark from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InstallFrom {
    /// This version's source, packed into the repository (.waymark/) and checked by its SHA-256
    Vendored,
    /// The crate registry (`cargo install --locked waymark-roadmap@VERSION`)
    Registry,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InitLanguage {
    Ko,
    En,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format: human, github (workflow annotations) or json
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
}

/// How `check` prints diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Github,
    Json,
}

impl From<CheckFormat> for waymark::diag::Format {
    fn from(f: CheckFormat) -> Self {
        match f {
            CheckFormat::Human => waymark::diag::Format::Human,
            CheckFormat::Github => waymark::diag::Format::Github,
            CheckFormat::Json => waymark::diag::Format::Json,
        }
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder, replaced atomically
    #[arg(long, default_value = "site", value_name = "DIR")]
    pub out: PathBuf,
    /// Replace an output folder that has files but was not made by waymark
    #[arg(long)]
    pub force: bool,
    /// Where the site is published; overrides base_url in cohort.yaml
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Public view: private learners and reviews leave no trace (the default)
    #[arg(long, conflicts_with = "full")]
    pub public: bool,
    /// Full view: everything, under a banner saying so
    #[arg(long)]
    pub full: bool,
    /// Rebuild whenever an input file changes
    #[arg(long)]
    pub watch: bool,
    /// With --watch: poll for changes instead of file-system events
    #[arg(long, requires = "watch")]
    pub poll: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 4000)]
    pub port: u16,
    /// Open the site in a browser
    #[arg(long)]
    pub open: bool,
    /// Poll for changes instead of file-system events (WSL, Docker mounts, network drives)
    #[arg(long)]
    pub poll: bool,
    /// Preview the public build instead of the full view (implied when
    /// --host is not a loopback address, unless --expose-full is given)
    #[arg(long, conflicts_with = "expose_full")]
    pub public: bool,
    /// Serve the full view (private learners and reviews) on a non-loopback
    /// --host: everyone who can reach the address can read it
    #[arg(long)]
    pub expose_full: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Only this learner: id, GitHub login or name
    pub learner: Option<String>,
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Learner: id (the file name in roadmap/learners/), GitHub login or name
    pub learner: String,
    /// Task: `<week-id>/<task-id>`, `<task-id>` when only one week has it, or
    /// its title as a page shows it, in either language (the start of it is
    /// enough when only one title starts so)
    pub task: String,
    /// More words of the task's title, then links to the evidence (as --evidence)
    #[arg(value_name = "URL")]
    pub more: Vec<String>,
    /// Link to the evidence (http or https; also `<url>`, `[text](url)`, or
    /// `#17`/`PR #17` in cohort.yaml's `repo`); repeat for several
    #[arg(long, value_name = "URL")]
    pub evidence: Vec<String>,
    /// Hours spent this time: added to the hours already recorded for the task
    #[arg(long, value_name = "H", conflicts_with = "set_hours", value_parser = parse_hours, allow_negative_numbers = true)]
    pub hours: Option<f64>,
    /// Hours spent on the task in all: replaces the recorded figure
    #[arg(long, value_name = "H", value_parser = parse_hours, allow_negative_numbers = true)]
    pub set_hours: Option<f64>,
    /// A note (Markdown), added below the task's note when it has one
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// With --note: replace the task's note instead of adding to it
    #[arg(long, requires = "note")]
    pub replace: bool,
    /// The date, YYYY-MM-DD (default: today)
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Record it even if that discards a finish date, evidence or reviews
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Learner: id, GitHub login or name
    pub learner: String,
    /// Hours spent
    #[arg(long, value_name = "H", value_parser = parse_hours, allow_negative_numbers = true)]
    pub hours: f64,
    /// What was done (Markdown)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The date, YYYY-MM-DD (default: today)
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Learner: id, GitHub login or name
    pub learner: String,
    /// Task: full id, short id when unambiguous, or its title (as for `done`)
    pub task: String,
    /// Approve the work
    #[arg(long, conflicts_with = "changes", required_unless_present = "changes")]
    pub approve: bool,
    /// Ask for changes
    #[arg(long)]
    pub changes: bool,
    /// Comment (Markdown)
    #[arg(short = 'm', long = "message", value_name = "TEXT")]
    pub message: Option<String>,
    /// Reviewing mentor (default: the learner's mentor)
    #[arg(long, value_name = "MENTOR")]
    pub by: Option<String>,
    /// Keep the review out of the public site
    #[arg(long)]
    pub private: bool,
    /// The date, YYYY-MM-DD (default: today)
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum LearnerCommand {
    /// Create roadmap/learners/<ID>.yaml
    Add(LearnerAddArgs),
}

#[derive(Debug, Args)]
pub struct LearnerAddArgs {
    /// The new learner's id (lowercase letters, digits, -)
    pub id: String,
    /// Display name
    #[arg(long)]
    pub name: String,
    /// Mentor id from cohort.yaml
    #[arg(long)]
    pub mentor: Option<String>,
    /// Start date, YYYY-MM-DD (default: the cohort's start)
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    /// GitHub user name
    #[arg(long)]
    pub github: Option<String>,
    /// Roadmap weeks per calendar week (0.5 = part-time), more than 0 and at most 10
    #[arg(long, value_name = "P", value_parser = parse_pace, allow_negative_numbers = true)]
    pub pace: Option<f64>,
    /// Store the file sealed: encrypted to the cohort's recipients, under an opaque name
    #[arg(long)]
    pub sealed: bool,
}

#[derive(Debug, Args)]
pub struct SealArgs {
    /// The learner whose plain file is replaced by a sealed one
    #[arg(required_unless_present = "rekey", conflicts_with = "rekey")]
    pub id: Option<String>,
    /// Seal every sealed file again, to the recipients listed now
    #[arg(long)]
    pub rekey: bool,
}

#[derive(Debug, Args)]
pub struct UnsealArgs {
    /// The sealed learner
    pub id: String,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Only learners of this mentor
    #[arg(long, value_name = "MENTOR")]
    pub mentor: Option<String>,
    /// Leave out private learners and private reviews (to share the report)
    #[arg(long)]
    pub public: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Term)]
    pub format: ReportFormat,
    /// Where the site is published, for the links; overrides base_url in cohort.yaml
    #[arg(long, value_name = "URL", env = "WAYMARK_BASE_URL")]
    pub base_url: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Term,
    Md,
    Json,
    /// A Slack incoming-webhook message (Block Kit)
    Slack,
    /// A Discord webhook message (embeds)
    Discord,
}

#[derive(Debug, Subcommand)]
pub enum GithubCommand {
    /// Apply the slash commands (/start, /done, /skip, /block, /log, /approve,
    /// /changes) of a new GitHub comment or issue to the learner files
    ///
    /// The event is an `issue_comment` event (a new comment on an issue or a
    /// pull request) or an `issues` event (a newly opened issue, its body read
    /// as a comment: what the site's "record on GitHub" links open). For an
    /// issue, `close=true` (everything in it was recorded) or `close=false` is
    /// written to $GITHUB_OUTPUT, for the workflow to label and close it.
    Apply(GithubApplyArgs),
    /// Exit 0 when LOGIN is the GitHub login of a learner or a mentor of the
    /// cohort, 1 when not (a project that cannot be read lets everyone through,
    /// so that `github apply` answers why)
    Member(GithubMemberArgs),
    /// Print the answer (Markdown, in the cohort's language) to a comment or
    /// issue that the progress workflow could not record
    Reply(GithubReplyArgs),
}

#[derive(Debug, Args)]
pub struct GithubMemberArgs {
    /// The GitHub login, in any case
    #[arg(long)]
    pub login: String,
}

#[derive(Debug, Args)]
pub struct GithubReplyArgs {
    /// What went wrong
    #[arg(long, value_enum)]
    pub failed: Failed,
    /// The branch the workflow pushes to
    #[arg(long, default_value = "main")]
    pub branch: String,
    /// The workflow run's address
    #[arg(long, value_name = "URL")]
    pub run_url: String,
    /// The event payload (JSON), as GitHub Actions writes it: an answer to
    /// a newly opened issue speaks of the issue
    #[arg(long, env = "GITHUB_EVENT_PATH", value_name = "FILE")]
    pub event: Option<PathBuf>,
}

/// Why the progress workflow recorded nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Failed {
    /// waymark could not apply the commands (a broken project file, say)
    Apply,
    /// The branch refused the workflow's push (branch protection or a ruleset)
    Protected,
    /// The branch kept moving: every attempt to push was overtaken
    Busy,
}

#[derive(Debug, Args)]
pub struct GithubApplyArgs {
    /// The event payload (JSON), as GitHub Actions writes it
    #[arg(long, env = "GITHUB_EVENT_PATH", value_name = "FILE")]
    pub event: PathBuf,
    /// Write the answer to post back (Markdown) to this file; empty when
    /// there is nothing to say
    #[arg(long, value_name = "FILE")]
    pub reply: Option<PathBuf>,
    /// Where the site is published, for the answer's links; overrides
    /// base_url in cohort.yaml (the progress workflow sets it to the Pages address)
    #[arg(long, value_name = "URL", env = "WAYMARK_BASE_URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Folder to write the schemas to
    #[arg(long, default_value = "schemas", value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write waymark.1 and one page per subcommand (waymark-build.1, …) into DIR
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DocsArgs {
    /// The guide to print (without it: the list of guides)
    #[arg(value_parser = crate::guides::possible_topics())]
    pub topic: Option<String>,
}

/// The command line as typed, the program shown as `waymark`: what a
/// mistake in an argument is drawn under.
pub fn command_line() -> Vec<String> {
    let mut words: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
    if let Some(program) = words.first_mut() {
        *program = "waymark".to_string();
    }
    words
}

/// Where the argument `value` is in `words` (the program first): the word's
/// index, and the byte offset in it where `value` starts (after `--flag=`).
/// A positional argument is preferred to an option's value that is the same
/// text (`waymark --root kim done kim vpc`): which options take a value is
/// read from the definition above.
pub fn locate(words: &[String], value: &str) -> Option<(usize, usize)> {
    fn with_values(cmd: &clap::Command, out: &mut Vec<String>) {
        for a in cmd.get_arguments().filter(|a| !a.is_positional() && a.get_action().takes_values()) {
            out.extend(a.get_long().map(|l| format!("--{l}")));
            out.extend(a.get_short().map(|s| format!("-{s}")));
        }
        for sub in cmd.get_subcommands() {
            with_values(sub, out);
        }
    }
    let mut options = Vec::new();
    with_values(&Cli::command(), &mut options);
    let mut option_value = None;
    let mut only_positionals = false;
    let mut i = 1;
    while i < words.len() {
        let word = &words[i];
        if only_positionals || !word.starts_with('-') || word == "-" || word.parse::<f64>().is_ok() {
            if word == value {
                return Some((i, 0));
            }
        } else if word == "--" {
            only_positionals = true;
        } else if let Some((flag, v)) = word.split_once('=') {
            if v == value {
                option_value = option_value.or(Some((i, flag.len() + 1)));
            }
        } else if options.contains(word) {
            if words.get(i + 1).is_some_and(|v| v == value) {
                option_value = option_value.or(Some((i + 1, 0)));
            }
            i += 1;
        }
        i += 1;
    }
    option_value
}

fn parse_timezone(s: &str) -> Result<String, String> {
    waymark::model::schema::check_timezone(s)
        .map(|()| s.to_string())
        .map_err(|help| format!("unknown time zone `{s}` ({help})"))
}

/// Hours, as a learner file may hold them (learner.schema.json: a number,
/// at least 0): refused here, before anything is read, rather than by the
/// file's validation after the edit.
fn parse_hours(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(h) if h.is_finite() && h >= 0.0 => Ok(h),
        _ => Err("expected a finite number of hours, at least 0 (e.g. 1.5)".to_string()),
    }
}

/// A learner's pace, as learner.schema.json allows it: 0 < pace ≤ 10.
fn parse_pace(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if p > 0.0 && p <= 10.0 => Ok(p),
        _ => Err("expected roadmap weeks per calendar week, more than 0 and at most 10 (e.g. 0.5)".to_string()),
    }
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    waymark::model::schema::check_date(s).map_err(|(msg, help)| match help {
        Some(h) => format!("{msg} ({h})"),
        None => msg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_prefers_the_positional_to_an_option_value_of_the_same_text() {
        let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(locate(&words("waymark --root kim done kim vpc"), "kim"), Some((4, 0)));
        assert_eq!(locate(&words("waymark report --mentor=lea"), "lea"), Some((2, 9)));
        assert_eq!(locate(&words("waymark review k t --approve --by pakr"), "pakr"), Some((6, 0)));
        assert_eq!(locate(&words("waymark status"), "kim"), None);
    }
}
