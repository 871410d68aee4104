//! The guides of docs/, compiled into the binary (`cargo install` leaves
//! no files to open; `waymark docs` prints them), and how the files waymark
//! writes refer to them: by that command, and by a URL once Cargo.toml
//! names the crate's repository.

/// One guide: its topic (the file name without `.md`), what it covers, its text.
pub struct Guide {
    pub topic: &'static str,
    pub about: &'static str,
    pub text: &'static str,
}

/// A guide, its text read from the file its topic names.
macro_rules! guide {
    ($topic:literal, $about:literal) => {
        Guide { topic: $topic, about: $about, text: include_str!(concat!("../docs/", $topic, ".md")) }
    };
}

/// Every file of docs/, in reading order. A test checks that the list and
/// the folder agree.
pub const GUIDES: &[Guide] = &[
    guide!(
        "getting-started",
        "install, create a project, the files on disk, a first learner, serve and build the site"
    ),
    guide!("learner", "record progress: in YAML, with `waymark done`, from GitHub comments; calendar and badge"),
    guide!("mentor", "reviews, the review queue pages, `waymark report`, the weekly digest"),
    guide!("organiser", "publish on GitHub Pages: the workflows, upgrades, progress from comments, themes, releases"),
    guide!("privacy", "what is public, private learners, sealed files, and what waymark guards against"),
    guide!("configuration", "every key of cohort.yaml, roadmap.yaml, the learner files and progress.json"),
    guide!("commands", "every command and its options, exit codes, diagnostics"),
    guide!("performance", "how fast builds and live reload are, and how to measure them"),
    guide!("development", "working on waymark itself: the code's layout, the tests, browser and standards checks"),
];

/// The topics as clap's possible values, so that a mistyped topic is a
/// command-line mistake (exit 2, with the nearest topic) and shells
/// complete them.
pub fn possible_topics() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        GUIDES.iter().map(|g| clap::builder::PossibleValue::new(g.topic).help(g.about)),
    )
}

/// Where `topic`'s guide is on the web: in the crate's repository, at the
/// tag of this version, once Cargo.toml names the repository; None before.
/// An empty topic is the folder of guides.
pub fn url(topic: &str) -> Option<String> {
    url_in(env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_VERSION"), topic)
}

fn url_in(repository: &str, version: &str, topic: &str) -> Option<String> {
    let repository = repository.trim().trim_end_matches('/');
    let repository = repository.strip_suffix(".git").unwrap_or(repository);
    if repository.is_empty() {
        return None;
    }
    Some(match topic {
        "" => format!("{repository}/tree/v{version}/docs"),
        topic => format!("{repository}/blob/v{version}/docs/{topic}.md"),
    })
}

/// How a file waymark writes names a guide: the command that prints it,
/// and its address when there is one.
pub fn refer(topic: &str) -> String {
    match url(topic) {
        Some(url) => format!("`waymark docs {topic}` or {url}"),
        None => format!("`waymark docs {topic}`"),
    }
}

/// `template` with every `{docs:TOPIC}` replaced by [`refer`]`(TOPIC)`.
pub fn fill(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find("{docs:") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "{docs:".len()..];
        match after.find('}') {
            Some(end) => {
                out.push_str(&refer(&after[..end]));
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[at..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_is_the_guide_at_this_versions_tag_once_the_repository_is_known() {
        assert_eq!(url_in("", "0.1.0", "privacy"), None);
        assert_eq!(
            url_in("https://github.com/octo/waymark", "0.2.0", "privacy").as_deref(),
            Some("https://github.com/octo/waymark/blob/v0.2.0/docs/privacy.md")
        );
        assert_eq!(
            url_in("https://github.com/octo/waymark.git/", "0.2.0", "").as_deref(),
            Some("https://github.com/octo/waymark/tree/v0.2.0/docs")
        );
    }

    #[test]
    fn fill_replaces_every_placeholder_and_keeps_the_rest() {
        let filled = fill("# Keys: {docs:configuration}; guide: {docs:organiser}.\nname: x {docs:\n");
        let want = format!("# Keys: {}; guide: {}.\nname: x {{docs:\n", refer("configuration"), refer("organiser"));
        assert_eq!(filled, want);
        assert!(refer("organiser").starts_with("`waymark docs organiser`"));
    }

    #[test]
    fn every_topic_has_text_and_a_title() {
        for g in GUIDES {
            assert!(g.text.starts_with("# "), "{}: starts with its title", g.topic);
            assert!(!g.about.is_empty() && !g.about.contains('\n'), "{}: one line about it", g.topic);
        }
    }
}
