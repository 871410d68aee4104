//! The public site ranks no one: learners by name, no "N days inactive"
//! badge or count, unless the cohort opts in with `public_urgency: true`.
//! The full view and the mentors' queues keep the urgency, and the queue is
//! linked from the dashboard for mentors, not from every page's menu.

use std::collections::BTreeMap;

use crate::common::{text, Project};

/// As of 2026-09-30 in the basic cohort, Jung (blocked, idle since 09-09)
/// is the most urgent, and stale.
const TODAY: &str = "2026-09-30";

/// Where each learner's row starts on the dashboard, in page order.
fn dashboard_order(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let page = text(files, "index.html");
    let table = &page[page.find("<table class=\"learners\">").unwrap()..];
    table
        .split("<th scope=\"row\" data-label=")
        .skip(1)
        .map(|row| {
            let at = row.find("href=\"learners/").unwrap() + "href=\"learners/".len();
            row[at..at + row[at..].find('/').unwrap()].to_string()
        })
        .collect()
}

/// Every HTML page with a stale badge or the stale count.
fn stale_marks(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    files
        .keys()
        .filter(|p| p.ends_with(".html") && !p.starts_with("reviews/"))
        .filter(|p| {
            let page = text(files, p);
            page.contains("s-stale") || page.contains("일째 활동 없음") || page.contains("<dt>활동 없음</dt>")
        })
        .cloned()
        .collect()
}

#[test]
fn the_public_dashboard_lists_learners_by_name_and_shows_no_inactivity() {
    let p = Project::copy("valid", "basic");
    let files = p.build_site(TODAY, &[]);
    assert_eq!(dashboard_order(&files), ["choi", "jung", "kim"]);
    assert!(text(&files, "index.html").contains("이름순입니다."));
    assert_eq!(stale_marks(&files), Vec::<String>::new());
    // The mentors' queue keeps the urgency, in public too.
    let queue = text(&files, "reviews/park.html");
    assert!(queue.contains("learners/jung/"), "{queue}");
}

#[test]
fn the_full_view_and_a_cohort_that_opts_in_rank_by_urgency() {
    let p = Project::copy("valid", "basic");
    let full = p.build_site(TODAY, &["--full"]);
    assert_eq!(dashboard_order(&full)[0], "jung", "blocked first");
    assert!(stale_marks(&full).contains(&"index.html".to_string()));
    assert!(stale_marks(&full).contains(&"learners/jung/index.html".to_string()));
    std::fs::remove_dir_all(p.file("out")).unwrap();
    let cohort = p.read("roadmap/cohort.yaml");
    p.write("roadmap/cohort.yaml", &format!("{cohort}public_urgency: true\n"));
    let public = p.build_site(TODAY, &[]);
    assert_eq!(dashboard_order(&public), ["jung", "choi", "kim"]);
    assert!(text(&public, "index.html").contains("급한 순"));
    assert!(stale_marks(&public).contains(&"learners/jung/index.html".to_string()));
}

#[test]
fn public_urgency_is_checked_like_every_key() {
    let p = Project::copy("valid", "basic");
    let cohort = p.read("roadmap/cohort.yaml");
    p.write("roadmap/cohort.yaml", &format!("{cohort}public_urgency: sometimes\n"));
    let r = p.run(&["--today", TODAY, "check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("roadmap/cohort.yaml:"), "{}", r.stderr);
    assert!(r.stderr.contains("public_urgency"), "{}", r.stderr);
    p.write("roadmap/cohort.yaml", &format!("{cohort}public_urgnecy: true\n"));
    let r = p.run(&["--today", TODAY, "check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("public_urgency"), "did you mean: {}", r.stderr);
}

#[test]
fn the_review_queue_is_linked_for_mentors_from_the_dashboard_not_from_every_menu() {
    let p = Project::copy("valid", "basic");
    for extra in [&[][..], &["--full"][..]] {
        let files = p.build_site(TODAY, extra);
        let nav = |path: &str| {
            let page = text(&files, path);
            let start = page.find("<nav aria-label=").unwrap();
            page[start..start + page[start..].find("</nav>").unwrap()].to_string()
        };
        for path in ["learners/kim/index.html", "weeks/docker/index.html", "index.html", "roadmap/index.html"] {
            assert!(!nav(path).contains("reviews/"), "{path} {extra:?}: {}", nav(path));
        }
        assert!(nav("reviews/index.html").contains("aria-current=\"page\""), "{}", nav("reviews/index.html"));
        let dashboard = text(&files, "index.html");
        assert!(dashboard.contains("<p class=\"for-mentors\">멘토용: <a href=\"reviews/index.html\">"), "{extra:?}");
        std::fs::remove_dir_all(p.file("out")).unwrap();
    }
}
