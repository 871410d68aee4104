//! What must not leak, through the real binary: a private review from the
//! public view (it is as if the review did not exist), and terminal control
//! sequences from files and comments into `check --format github` and
//! `github apply`'s stdout.

use crate::common::Project;

const TODAY: &str = "2026-10-01";

/// choi's reviewed task with `review` after its last review.
fn with_review(review: &str) -> Project {
    let p = Project::copy("valid", "basic");
    let choi = p.read("roadmap/learners/choi.yaml");
    let last = "      - {by: lee, date: 2026-09-18, verdict: changes, comment: 서브넷을 나눠 주세요}\n";
    assert!(choi.contains(last));
    p.write("roadmap/learners/choi.yaml", &choi.replace(last, &format!("{last}{review}")));
    p
}

#[test]
fn a_private_review_leaves_the_public_view_as_it_was_without_it() {
    let private = with_review(
        "      - {by: lee, date: 2026-09-25, verdict: approved, private: true, comment: a private remark}\n",
    );
    let none = with_review("");
    let public = with_review("      - {by: lee, date: 2026-09-25, verdict: approved, comment: a public remark}\n");
    let site = |p: &Project| p.build_site(TODAY, &[]);
    assert!(site(&private) == site(&none), "the public site is the site without the private review");
    assert!(site(&public) != site(&none), "a public review does change the site (the test can fail)");
    for format in ["term", "md", "json", "slack"] {
        let report = |p: &Project| {
            let r = p.run(&["--today", TODAY, "report", "--public", "--format", format]);
            assert_eq!(r.code, 0, "{}", r.stderr);
            r.stdout
        };
        assert_eq!(report(&private), report(&none), "report --public --format {format}");
    }
    let full = private.build_site(TODAY, &["--full"]);
    assert!(full.values().any(|b| String::from_utf8_lossy(b).contains("a private remark")), "the full view shows it");
}

#[test]
fn check_github_annotations_carry_no_terminal_controls() {
    let p = Project::copy("valid", "basic");
    let kim = p.read("roadmap/learners/kim.yaml");
    p.write("roadmap/learners/kim.yaml", &kim.replace("mentor: lee", "mentor: \"x\\e]52;c;aGk=\\a\\e[2J\""));
    let r = p.run(&["check", "--format", "github"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.starts_with("::error file=roadmap/learners/kim.yaml"), "{}", r.stdout);
    assert!(!r.stdout.contains(['\x1b', '\x07']), "{:?}", r.stdout);
    assert!(r.stdout.contains("\\u{1b}]52;c;aGk="), "{}", r.stdout);
}

#[test]
fn github_apply_prints_no_terminal_controls_of_a_comment() {
    let p = Project::copy("valid", "github-cohort");
    let mut v: serde_json::Value = serde_json::from_slice(
        &std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/github/issue_comment.created.json"),
        )
        .unwrap(),
    )
    .unwrap();
    v["comment"]["body"] = "/done vpc\u{1b}]52;c;aGk=\u{7} --hours 1\n/log 1 \u{1b}[2Jwiped\u{9b}31m".into();
    let event = p.file("event.json");
    std::fs::write(&event, serde_json::to_vec(&v).unwrap()).unwrap();
    let r = p.run(&["--today", "2026-09-20", "github", "apply", "--event", event.to_str().unwrap()]);
    assert!(!r.stdout.is_empty(), "an answer: {}", r.stderr);
    assert!(!r.stdout.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{:?}", r.stdout);
    assert!(!r.stderr.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{:?}", r.stderr);
}
