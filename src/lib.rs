//! waymark as a library: a learning roadmap and every learner's progress,
//! kept in YAML and rendered into a static site. The data flows one way —
//! [`model`] (load and validate) → [`schedule`] (progress, pace, forecast) →
//! [`render`] (pages, charts, feeds) → [`output`] (the output folder) — and
//! [`pipeline`] is that flow, once: a [`pipeline::Site`] made from
//! [`pipeline::SiteOptions`] is what `build`, `build --watch`, `serve` and
//! `check` run. [`learner_file`] edits a learner file in place, keeping its
//! comments; [`github`] reads the slash commands of a comment; [`names`]
//! and [`link`] read tasks, learners and links as people write them, on the
//! command line and in comments alike; [`serve`]
//! answers HTTP from a site in memory.
//!
//! The `waymark` binary (`src/main.rs`, `src/cli.rs`, `src/cmd/`) holds the
//! command line, the commands and the terminal; nothing here prints.

// Diagnostics travel by value on the error path, which is cold; boxing them
// everywhere would only add noise.
#![allow(clippy::result_large_err)]

pub mod diag;
pub mod error;
pub mod github;
pub mod html;
pub mod learner_file;
pub mod link;
pub mod model;
pub mod names;
pub mod output;
pub mod pipeline;
pub mod queue;
pub mod render;
pub mod repo;
pub mod schedule;
pub mod serve;
pub mod signals;
pub mod text;
pub mod timing;
pub mod vendor;
