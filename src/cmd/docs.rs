//! `waymark docs [TOPIC]`: the guides (see [`crate::guides`]) in the terminal.

use super::Result;
use crate::cli::DocsArgs;
use crate::guides::{url, GUIDES};

pub fn run(args: &DocsArgs) -> Result {
    // clap has checked the topic; `print!` makes a closed pipe a quiet end.
    match args.topic.as_deref().and_then(|t| GUIDES.iter().find(|g| g.topic == t)) {
        Some(guide) => print!("{}", guide.text),
        None => print!("{}", list()),
    }
    Ok(())
}

/// The topics, one a line with what each covers.
fn list() -> String {
    let width = GUIDES.iter().map(|g| g.topic.len()).max().unwrap_or(0);
    let mut text = String::from("The guides; `waymark docs TOPIC` prints one (Markdown):\n\n");
    for g in GUIDES {
        text.push_str(&format!("  {:width$}  {}\n", g.topic, g.about));
    }
    if let Some(url) = url("") {
        text.push_str(&format!("\nOnline: {url}\n"));
    }
    text
}
