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

/// A learner's badge.
pub fn badge_url(id: &str) -> String {
    format!("badges/{id}.svg")
}

/// A learner's due-date calendar, or (without an id) the cohort's.
pub fn calendar_url(id: Option<&str>) -> String {
    match id {
        Some(id) => format!("learners/{id}/calendar.ics"),
        None => "calendar.ics".to_string(),
    }
}

/// A page's URL as links and the sitemap write it: without `index.html`.
pub fn pretty(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
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

/// A stable `urn:uuid:` from a key (FNV-1a, two seeds), for Atom ids.
pub(super) fn urn(key: &str) -> String {
    let h = |seed: u64| key.bytes().fold(seed, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    let (a, b) = (h(0xcbf29ce484222325), h(0x84222325cbf29ce4));
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
        assert_eq!(urn("a"), urn("a"));
        assert_ne!(urn("a"), urn("b"));
        assert!(urn("a").starts_with("urn:uuid:"));
        assert_eq!(urn("a").len(), "urn:uuid:".len() + 36);
    }

    #[test]
    fn the_404_page_finds_the_site_under_a_project_path() {
        assert_eq!(abs_path("https://octo.github.io/devops-study/"), "/devops-study/");
        assert_eq!(abs_path("https://octo.github.io/devops-study"), "/devops-study/");
        assert_eq!(abs_path("https://study.example.com"), "/");
    }
}
