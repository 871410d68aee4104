//! GitHub as a place to record progress: the `issue_comment` event that a
//! workflow hands to `waymark github apply` ([`event`]), and the slash
//! commands a comment holds ([`command`]). Who may run which command, and
//! the recording itself, are `cmd/github.rs`: it records through the same
//! edit code as the command line.

pub mod command;
pub mod event;
