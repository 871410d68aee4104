//! The integration tests, one module per concern, built as one test binary
//! (as just and ripgrep do) so that `cargo test` links the crate once rather
//! than once per file. Most run the real `waymark` binary on copies of the
//! projects under tests/fixtures/; `common` holds what they share.

mod common;

mod build_flags;
mod changes_requested;
mod check;
mod cli;
mod data;
mod degrade;
mod digest;
mod docs;
mod edit;
mod fuzz;
mod github;
mod github_answers;
mod hygiene;
mod init;
mod inputs;
mod leaks;
mod learner_page;
mod names;
mod output;
mod props;
mod public_urgency;
mod report;
mod screenshots;
mod sealed;
mod serve;
mod site;
mod site_queue;
mod site_record;
mod status;
mod words;
mod workflows;
