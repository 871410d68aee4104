//! Where things are on the site: the one place that says each page's path,
//! the 404 page's root, and feed ids.

/// The path part of a URL, with a trailing slash: where 404.html finds the site.
pub fn abs_path(url: &str) -> String {
    let path = url::Url::parse(url).map(|u| u.path().to_string()).unwrap_or_else(|_| "/".into());
    if path.ends_with('/') {
        path
    } else {
        format!("{path}/")
    }
}

/// A week's page.
pub fn week_url(id: &str) -> String {
    format!("weeks/{id}/index.html")
}

/// A learner's page.
pub fn learner_url(id: &str) -> String {
    format!("learners/{id}/index.html")
}

/// Page `n` of the dashboard (0 is the first).
pub fn dashboard_url(n: usize) -> String {
    if n == 0 {
        "index.html".to_string()
    } else {
        format!("index-{}.html", n + 1)
    }
}

/// A mentor's review queue (`None`: the learners without a mentor). Beside
/// `reviews/index.html`, so its links are the overview's; an id never starts
/// with `-`, so `-none` is nobody's id.
pub fn queue_url(mentor: Option<&str>) -> String {
    format!("reviews/{}.html", mentor.unwrap_or("-none"))
}

/// A task on a learner's page, from a page one folder deep. Ids hold no `_`,
/// so `week_task` is one task's anchor (and a valid HTML id everywhere).
pub fn learner_task_url(learner: &str, week: &str, task: &str) -> String {
    format!("../{}#task-{week}_{task}", learner_url(learner))
}

/// A task on a learner's page, from the site's root (`full` is `week/task`).
pub fn learner_task_page(learner: &str, full: &str) -> String {
    let anchor = full.replacen('/', "_", 1);
    format!("{}#task-{anchor}", learner_url(learner))
}

/// A task's "record on GitHub" page (`full` is `week/task`): it sends the
/// browser on to the new-issue form, the same for every learner.
pub fn record_url(full: &str) -> String {
    format!("record/{full}.html")
}

/// A learner's badge.
pub fn badge_url(id: &str) -> String {
    format!("badges/{id}.svg")
}

/// The name of a due-date calendar's file.
pub const CALENDAR_FILE: &str = "calendar.ics";

/// A learner's due-date calendar (beside their page), or (without an id) the
/// cohort's.
pub fn calendar_url(id: Option<&str>) -> String {
    match id {
        Some(id) => format!("learners/{id}/{CALENDAR_FILE}"),
        None => CALENDAR_FILE.to_string(),
    }
}

/// A page's URL as links and the sitemap write it: without `index.html`.
pub fn pretty(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

/// The learner whose page, badge or calendar `path` is.
pub fn learner_of(path: &str) -> Option<&str> {
    let id = match path.strip_prefix("learners/") {
        Some(rest) => rest.strip_suffix("/index.html").or_else(|| rest.strip_suffix("/calendar.ics")),
        None => path.strip_prefix("badges/").and_then(|rest| rest.strip_suffix(".svg")),
    }?;
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

/// Whether a site path is a learner's page, badge or calendar (what only a
/// change to that learner can change).
pub fn is_learner_file(path: &str) -> bool {
    (path.starts_with("learners/") && (path.ends_with("/index.html") || path.ends_with("/calendar.ics")))
        || (path.starts_with("badges/") && path.ends_with(".svg"))
}

/// Whether a site path is a page that the cohort's size or its mentors'
/// learners make exist: a dashboard page after the first, a mentor's queue.
pub fn is_listing_page(path: &str) -> bool {
    let dashboard = path
        .strip_prefix("index-")
        .and_then(|p| p.strip_suffix(".html"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let queue =
        path.strip_prefix("reviews/").is_some_and(|p| p.ends_with(".html") && p != "index.html" && !p.contains('/'));
    dashboard || queue
}

/// A stable `urn:uuid:` from a key (its XXH3-128 hash, shaped as a
/// version 5 UUID), for Atom ids and calendar UIDs: the same key gives the
/// same id on every build and machine.
pub(super) fn urn(key: &str) -> String {
    let h = xxhash_rust::xxh3::xxh3_128(key.as_bytes());
    let (a, b) = ((h >> 64) as u64, h as u64);
    format!(
        "urn:uuid:{:08x}-{:04x}-5{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        ((b >> 48) & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urns_are_stable_and_distinct() {
        // Literal values: a feed reader or calendar app that saw an id keeps
        // it, so a change here must be on purpose.
        assert_eq!(urn("a"), "urn:uuid:a96faf70-5af1-5834-a6c6-32b61e964e1f");
        assert_eq!(urn("b"), "urn:uuid:4b2212e3-1ac9-5fd4-975a-0b1c44d8843f");
        // Version 5 and the RFC 4122 variant, whatever the key.
        for key in ["", "feed/DevOps study", "kim/w1/git/done/2026-03-02", "김데브"] {
            let id = urn(key);
            let hex = id.strip_prefix("urn:uuid:").unwrap();
            let groups: Vec<&str> = hex.split('-').collect();
            assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{id}");
            assert!(groups.iter().all(|g| g.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))), "{id}");
            assert!(groups[2].starts_with('5'), "{id}");
            assert!(matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'), "{id}");
        }
        // Keys that differ only slightly (one event's date, one learner) get unrelated ids.
        assert_ne!(urn("kim/w1/git/done/2026-03-02"), urn("kim/w1/git/done/2026-03-03"));
        assert_ne!(urn("kim/w1/git/done/2026-03-02"), urn("lee/w1/git/done/2026-03-02"));
    }

    #[test]
    fn the_404_page_finds_the_site_under_a_project_path() {
        assert_eq!(abs_path("https://octo.github.io/devops-study/"), "/devops-study/");
        assert_eq!(abs_path("https://octo.github.io/devops-study"), "/devops-study/");
        assert_eq!(abs_path("https://study.example.com"), "/");
    }
}
