//! The site's "record on GitHub" links (with `repo:`): every task left to
//! do on a learner's page and every review item of a mentor's queue opens a new
//! issue holding the slash command, read back here as a browser and GitHub
//! would. They are shown only where the progress workflow can record them,
//! and never name a private learner.

use std::collections::BTreeMap;

use crate::common::{html, Project};

const REPO: &str = "octo/devops-study";
const TODAY: &str = "2026-09-20";

const TASKS: [&str; 6] = [
    "terraform-vpc/setup",
    "terraform-vpc/vpc",
    "docker/dockerfile",
    "docker/compose",
    "docker/multi-stage",
    "ci-cd/pipeline",
];

/// github-cohort with `repo:`: kim's VPC awaits lee's review, so does the
/// private learner's, and solo has neither a login nor a mentor.
fn project(language: &str) -> Project {
    let p = Project::copy("valid", "github-cohort");
    let cohort = p.read("roadmap/cohort.yaml").replace("language: ko", &format!("language: {language}"));
    p.write("roadmap/cohort.yaml", &format!("{cohort}repo: {REPO}\n"));
    p.write(
        "roadmap/learners/kim.yaml",
        "name: 김데브\ngithub: KimDev\nmentor: lee\nprogress:\n  terraform-vpc/vpc: \
         {status: done, finished: 2026-09-14, evidence: https://github.com/kimdev/infra/pull/3}\n",
    );
    p.write(
        "roadmap/learners/hidden.yaml",
        "name: Hidden Person\ngithub: hidden-one\nmentor: lee\nprivate: true\nprogress:\n  \
         terraform-vpc/vpc: {status: done, finished: 2026-09-15}\n",
    );
    p.write(
        "roadmap/learners/solo.yaml",
        "name: Solo\nprogress:\n  terraform-vpc/vpc: {status: done, finished: 2026-09-15}\n",
    );
    p
}

/// The issues a page's record links open: (title, body).
fn forms(files: &BTreeMap<String, Vec<u8>>, page: &str) -> Vec<(String, String)> {
    let html = String::from_utf8_lossy(files.get(page).unwrap_or_else(|| panic!("no {page}")));
    // A task in the learner page's "Now" list has its link there as well as
    // in its row: the same issue, so each distinct one counts once.
    let read = |path: &str| files.get(path).map(|b| String::from_utf8_lossy(b).into_owned());
    let mut forms: Vec<(String, String)> = html::hrefs_of_class(&html, "record-link")
        .iter()
        .map(|h| html::new_issue_form(&html::followed(page, h, read), REPO))
        .collect();
    forms.sort();
    forms.dedup();
    forms
}

/// `list` in the order `forms` gives: sorted.
fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    pairs.sort();
    pairs
}

#[test]
fn every_task_of_a_learner_page_opens_an_issue_with_its_done_command() {
    for (lang, title, placeholder, text) in [
        ("ko", "완료: ", "<증빙 링크>", ">GitHub에 기록<"),
        ("en", "Done: ", "<link to your evidence>", ">Record on GitHub<"),
    ] {
        let files = project(lang).build_site(TODAY, &[]);
        // Each task left to do has its link; a done one has nothing to record.
        let left = |done: &str| -> Vec<(String, String)> {
            let mut want: Vec<(String, String)> = TASKS
                .iter()
                .filter(|t| **t != done)
                .map(|t| (format!("{title}{t}"), format!("/done {t} {placeholder}")))
                .collect();
            want.sort();
            want
        };
        assert_eq!(forms(&files, "learners/kim/index.html"), left("terraform-vpc/vpc"), "{lang}");
        // No learner in the command: the issue's author is the learner.
        assert_eq!(forms(&files, "learners/jung/index.html"), left("terraform-vpc/setup"), "{lang}");
        let page = String::from_utf8_lossy(&files["learners/kim/index.html"]);
        assert!(page.matches(text).count() >= TASKS.len() - 1, "{lang}: the theme's words");
        // Without a login the workflow could not tell who opened the issue.
        assert!(forms(&files, "learners/solo/index.html").is_empty(), "{lang}");
    }
    let p = Project::copy("valid", "github-cohort");
    let files = p.build_site(TODAY, &[]);
    assert!(forms(&files, "learners/kim/index.html").is_empty(), "no repo, no links");
}

#[test]
fn a_mentors_queue_opens_approve_and_request_changes_issues_for_public_learners_only() {
    let p = project("ko");
    for view in [&[][..], &["--full"][..]] {
        let files = p.build_site(TODAY, view);
        assert_eq!(
            forms(&files, "reviews/lee.html"),
            pairs(&[
                ("승인: kim terraform-vpc/vpc", "/approve kim terraform-vpc/vpc"),
                ("수정 요청: kim terraform-vpc/vpc", "/changes kim terraform-vpc/vpc <고칠 점>"),
            ]),
            "{view:?}"
        );
        // The learners without a mentor: no one may review them from GitHub.
        assert!(forms(&files, "reviews/-none.html").is_empty(), "{view:?}");
        for path in files.keys().filter(|p| p.ends_with(".html")) {
            for (title, body) in forms(&files, path) {
                assert!(!title.contains("hidden") && !body.contains("hidden"), "{path} ({view:?}): {body}");
            }
        }
    }
    // The full view shows the private learner, without links: an issue is public.
    let full = p.build_site(TODAY, &["--full"]);
    let lee = String::from_utf8_lossy(&full["reviews/lee.html"]);
    assert!(lee.contains("Hidden Person"), "the full view queues the private learner");
    assert!(forms(&full, "learners/hidden/index.html").is_empty());
}
