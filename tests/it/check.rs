//! `waymark check` through the real binary: every valid fixture checks clean,
//! and every invalid fixture fails with exactly the diagnostics in its
//! `expected.txt` (regenerate with `WAYMARK_BLESS=1 cargo test --test it check::`).
//! An invalid fixture is an overlay: only the files that differ from
//! `valid/basic`, and a `removed.txt` listing the files it deletes.

use crate::common::{fixture, run_in, Project};
use std::path::Path;

fn cases(kind: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture(kind, ""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            let dir = fixture(kind, n);
            if kind == "invalid" {
                dir.join("expected.txt").is_file()
            } else {
                dir.join("roadmap").is_dir()
            }
        })
        .collect();
    names.sort();
    names
}

#[test]
fn valid_fixtures_check_clean() {
    for name in cases("valid") {
        let r = run_in(&fixture("valid", &name), &["check"]);
        assert_eq!(r.code, 0, "{name}: {}{}", r.stdout, r.stderr);
        // Warnings (the hostile fixture's links are repaired) come first.
        let last = r.stdout.lines().last().unwrap_or_default();
        assert!(last.starts_with("ok: ") || last.starts_with("문제 없음: "), "{name}: {}", r.stdout);
    }
}

#[test]
fn invalid_fixtures_fail_with_the_expected_diagnostics() {
    let bless = std::env::var_os("WAYMARK_BLESS").is_some();
    let mut failures = Vec::new();
    let names = cases("invalid");
    assert!(names.len() >= 15, "every kind of problem has a fixture");
    for name in names {
        let dir = fixture("invalid", &name);
        let r = Project::invalid(&name).run(&["check"]);
        assert_eq!(r.code, 1, "{name} must exit 1: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{name}: {}", r.stderr);
        let expected_path = dir.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &r.stderr).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != r.stderr {
            failures.push(format!("--- {name}: expected\n{expected}--- got\n{}", r.stderr));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_spec_example_renders_exactly() {
    let r = Project::invalid("unknown-task").run(&["check"]);
    assert!(
        r.stderr.contains(
            "error: unknown task `terraform-vpc/vcp`\n \
         --> roadmap/learners/jung.yaml:5:3\n  \
         |\n\
         5 |   terraform-vpc/vcp: {status: blocked, started: 2026-09-09, note: AWS 계정 한도}\n  \
         |   ^^^^^^^^^^^^^^^^^\n  \
         = help: did you mean `terraform-vpc/vpc`?\n"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn github_format_annotates_each_problem() {
    let r = Project::invalid("unknown-mentor").run(&["check", "--format", "github"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "::error file=roadmap/learners/choi.yaml,line=11,col=14::unknown mentor `kim` (help: mentors in cohort.yaml: `lee`, `park`)\n\
         ::error file=roadmap/learners/jung.yaml,line=2,col=9::unknown mentor `parkk` (help: did you mean `park`?)\n"
    );
}

#[test]
fn json_format_lists_every_problem_with_the_spec_keys() {
    let r = Project::invalid("bad-date").run(&["check", "--format", "json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["file"], "roadmap/learners/choi.yaml");
    assert_eq!(list[0]["line"], 9);
    assert_eq!(list[0]["column"], 15);
    assert_eq!(list[0]["severity"], "error");
    assert_eq!(list[0]["help"], "2026-02 has 28 days");
    let ok = run_in(&fixture("valid", "basic"), &["check", "--format", "json"]);
    assert_eq!((ok.code, ok.stdout.trim()), (0, "[]"));
}

#[test]
fn bad_command_lines_exit_2() {
    let r = run_in(&fixture("valid", "basic"), &["check", "--format", "xml"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = run_in(&fixture("valid", "basic"), &["no-such-command"]);
    assert_eq!(r.code, 2);
    let r = run_in(&fixture("valid", "basic"), &["--today", "2026-02-30", "check"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn outside_a_project_check_says_how_to_start_one() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no waymark project in this folder or any folder above it"), "{}", r.stderr);
    assert!(r.stderr.contains("waymark init"), "{}", r.stderr);
}

#[test]
fn check_finds_the_project_from_a_subfolder() {
    let sub = fixture("valid", "basic").join("roadmap/learners");
    let r = run_in(Path::new(&sub), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn empty_progress_journal_and_reviews_mean_none() {
    let p = Project::copy("valid", "basic");
    p.write("roadmap/learners/choi.yaml", "name: Choi\nprogress:\njournal:\n");
    p.write(
        "roadmap/learners/jung.yaml",
        "name: Jung\nmentor: park\nprogress:\n  terraform-vpc/setup: {status: done, finished: 2026-09-08, reviews: }\njournal: ~\n",
    );
    let r = p.run(&["check"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    assert_eq!(r.stdout, "문제 없음: 3주, 과제 6개, 학습자 4명, 번역 1개\n");
    let r = p.run(&["--today", "2026-10-01", "build", "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = p.read("out/learners/choi/index.html");
    assert!(page.contains("Choi"), "{page}");
}

#[test]
fn a_learner_file_reports_its_schema_and_cross_file_problems_at_once() {
    let p = Project::copy("valid", "basic");
    p.write(
        "roadmap/learners/jung.yaml",
        "name: Jung\nmentor: park\nstart: 2026-02-30\nprogress:\n  terraform-vpc/setup: {status: done, finished: 2026-13-08}\n  terraform-vpc/vpcc: {status: blocked, started: 2026-09-09}\n  docker/compose: {status: done, reviews: [{by: nobody, date: 2026-09-01, verdict: approved}]}\n",
    );
    let r = p.run(&["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "\
error: `start`: `2026-02-30` does not exist
 --> roadmap/learners/jung.yaml:3:8
  |
3 | start: 2026-02-30
  |        ^^^^^^^^^^
  = help: 2026-02 has 28 days
error: `finished`: `2026-13-08` does not exist: there is no month 13
 --> roadmap/learners/jung.yaml:5:49
  |
5 |   terraform-vpc/setup: {status: done, finished: 2026-13-08}
  |                                                 ^^^^^^^^^^
error: unknown task `terraform-vpc/vpcc`
 --> roadmap/learners/jung.yaml:6:3
  |
6 |   terraform-vpc/vpcc: {status: blocked, started: 2026-09-09}
  |   ^^^^^^^^^^^^^^^^^^
  = help: did you mean `terraform-vpc/vpc`?
error: unknown mentor `nobody`
 --> roadmap/learners/jung.yaml:7:49
  |
7 |   docker/compose: {status: done, reviews: [{by: nobody, date: 2026-09-01, verdict: approved}]}
  |                                                 ^^^^^^
  = help: mentors in cohort.yaml: `lee`, `park`
파일 1개에서 오류 4개, 경고 0개
"
    );
}

#[test]
fn a_file_read_in_part_gets_no_complaint_about_what_was_left_out() {
    // No cohort start: the learner's start is refused by the schema check,
    // so "has no start date" would be a consequence, not a problem.
    let p = Project::copy("valid", "basic");
    let cohort = p.read("roadmap/cohort.yaml").replace("start: 2026-09-07\n", "");
    p.write("roadmap/cohort.yaml", &cohort);
    for id in ["kim", "choi", "secret"] {
        let text = p.read(&format!("roadmap/learners/{id}.yaml"));
        p.write(&format!("roadmap/learners/{id}.yaml"), &format!("{text}start: 2026-09-07\n"));
    }
    p.write("roadmap/learners/jung.yaml", "name: Jung\nstart: 2026-9-7\nprogress:\n  docker/x: {status: done}\n");
    let r = p.run(&["check"]);
    assert_eq!(r.code, 1);
    let messages: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("error") || l.starts_with("warning")).collect();
    assert_eq!(messages.len(), 2, "{}", r.stderr);
    assert!(messages[1].starts_with("error: unknown task `docker/x`"), "{}", r.stderr);
    assert!(!r.stderr.contains("no start date"), "{}", r.stderr);
}

/// Regression (found by fuzzing): `&a?🬀` is an anchor named `a?🬀` on an
/// empty value. One parse decides for the check and the value alike, so the
/// title is refused as empty rather than read as text by a second parser.
#[test]
fn an_anchor_on_an_empty_value_is_an_empty_value() {
    let p = Project::copy("valid", "basic");
    let cohort = p.read("roadmap/cohort.yaml");
    let first = cohort.lines().find(|l| l.starts_with("title:")).unwrap();
    p.write("roadmap/cohort.yaml", &cohort.replacen(first, "title: &a?\u{1fb00}", 1));
    let r = p.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.starts_with("error: `title` has no value\n --> roadmap/cohort.yaml:"), "{}", r.stderr);
    assert!(r.stderr.ends_with("파일 1개에서 오류 1개, 경고 0개\n"), "{}", r.stderr);
}

/// An evidence link with a space (or another character a URL may not hold)
/// works as written: `check` warns at its line with the link to write, and
/// the site, the CSV and the report carry the one percent-encoded link.
#[test]
fn evidence_links_with_spaces_are_read_encoded_everywhere_with_a_warning() {
    let p = Project::copy("valid", "basic");
    p.write(
        "roadmap/learners/jung.yaml",
        "name: Jung\nmentor: park\nprogress:\n  terraform-vpc/setup:\n    status: done\n    finished: 2026-09-08\n    evidence:\n      - https://example.org/my report.pdf\n      - https://example.org/a|b?q=100%\n",
    );
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "a repairable link is a warning, not an error: {}{}", r.stdout, r.stderr);
    // `check` prints warnings with its result, on standard output.
    let warn = r.stdout.find("warning: evidence link `https://example.org/my report.pdf`").expect(&r.stdout);
    let after = &r.stdout[warn..];
    assert!(after.contains("roadmap/learners/jung.yaml:8:"), "{after}");
    assert!(after.contains("`https://example.org/my%20report.pdf`"), "{after}");
    assert!(r.stdout.contains("`https://example.org/a%7Cb?q=100%25`"), "{}", r.stdout);
    let site = p.build_site("2026-09-20", &[]);
    let page = crate::common::text(&site, "learners/jung/index.html");
    let hrefs = crate::common::html::attr_values(&page, "href");
    assert!(hrefs.iter().any(|h| h == "https://example.org/my%20report.pdf"), "{page}");
    assert!(!page.contains("my report.pdf\""), "no raw space in an href: {page}");
    let csv = crate::common::text(&site, "progress.csv");
    assert!(csv.contains("https://example.org/my%20report.pdf https://example.org/a%7Cb?q=100%25"), "{csv}");
    let report = p.run(&["--today", "2026-09-20", "report"]);
    assert!(!report.stdout.contains("my report"), "{}", report.stdout);
    // No scheme or no host is still an error at its line.
    p.write(
        "roadmap/learners/jung.yaml",
        "name: Jung\nmentor: park\nprogress:\n  terraform-vpc/setup:\n    status: done\n    evidence: example.org/my report.pdf\n",
    );
    let r = p.run(&["check"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(format!("{}{}", r.stdout, r.stderr).contains("roadmap/learners/jung.yaml:6:"), "{}{}", r.stdout, r.stderr);
}

/// Past the 50 problems shown in a file, the rest are counted: in a large
/// roadmap (whose parsed document is kept for the places of the first 50),
/// each unknown `requires` past them costs no message, place or suggestion.
#[test]
fn a_large_roadmap_shows_fifty_problems_and_counts_the_rest() {
    let p = Project::copy("valid", "basic");
    let mut roadmap = p.read("roadmap/roadmap.yaml");
    roadmap.push_str("  - id: extra\n    title: Extra\n    tasks:\n");
    for i in 0..2000 {
        roadmap.push_str(&format!("      - {{id: t{i}, title: Task {i}, requires: [extra/s{i}]}}\n"));
    }
    assert!(roadmap.len() > 64 << 10, "large enough to keep its document");
    p.write("roadmap/roadmap.yaml", &roadmap);
    let r = p.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let shown = r.stderr.matches("error: unknown task `extra/s").count();
    assert_eq!(shown, 50, "{}", r.stderr);
    assert!(
        r.stderr.contains("error: … and 1950 more problems in this file\n --> roadmap/roadmap.yaml"),
        "{}",
        r.stderr
    );
    let first = r.stderr.find("error: unknown task `extra/s0` in `requires`").expect("the first is shown");
    let line = 1 + roadmap.lines().position(|l| l.contains("extra/s0]")).unwrap();
    assert!(r.stderr[first..].contains(&format!(" --> roadmap/roadmap.yaml:{line}:")), "{}", r.stderr);
    assert!(r.stderr[first..].contains("= help: did you mean `extra/t0`?"), "{}", r.stderr);
}

/// The help for an unknown mentor names ten of the cohort's mentors, not
/// all of a cohort that lists thousands.
#[test]
fn an_unknown_mentor_is_told_ten_mentors_and_how_many_more() {
    let p = Project::copy("valid", "basic");
    let mut cohort = p.read("roadmap/cohort.yaml");
    for i in 0..12 {
        cohort.push_str(&format!("  - {{id: mentor-{i}, name: M}}\n"));
    }
    p.write("roadmap/cohort.yaml", &cohort);
    let jung = p.read("roadmap/learners/jung.yaml").replace("mentor: park", "mentor: zzzzzzzz");
    p.write("roadmap/learners/jung.yaml", &jung);
    let r = p.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "= help: mentors in cohort.yaml: `lee`, `park`, `mentor-0`, `mentor-1`, `mentor-2`, `mentor-3`, `mentor-4`, `mentor-5`, `mentor-6`, `mentor-7` and 4 more\n"
        ),
        "{}",
        r.stderr
    );
}

/// Two learner files with one GitHub login (in another case, with `@`):
/// `check` warns at the second file's `github:` line, naming the first, and
/// still passes; a comment by that login is refused until one file is fixed.
#[test]
fn a_github_login_in_two_learner_files_is_warned_about_at_the_second() {
    let p = Project::copy("valid", "github-cohort");
    p.write("roadmap/learners/kim2.yaml", "# a copy\nname: Kim Two\ngithub: \"@kimdev\"\nmentor: lee\n");
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // `check` prints its diagnostics on stdout.
    assert!(
        r.stdout.contains(
            "warning: GitHub login `KimDev` is also learner `kim`'s (roadmap/learners/kim.yaml): comments by @KimDev \
             are refused while several learners have it\n --> roadmap/learners/kim2.yaml:3:9\n"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("3 | github: \"@kimdev\""), "{}", r.stdout);
    assert_eq!(r.stdout.matches("GitHub login").count(), 1, "{}", r.stdout);
    let (refused, reply) =
        crate::github::apply(&p, &crate::github::forged(&p, "kimdev", "/done terraform-vpc/vpc https://x.org/1"));
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(reply.contains("`github: kimdev`인 학습자 파일이 여러 개입니다"), "{reply}");
    // Many: a warning for each of the first three logins, one for the rest.
    for i in 0..15 {
        p.write(&format!("roadmap/learners/twin{i:02}.yaml"), &format!("name: T{i}\ngithub: twin{}\n", i % 5));
    }
    let many = p.run(&["check"]).stdout;
    assert_eq!(many.matches("warning: GitHub login").count(), 3, "{many}");
    assert!(many.contains("warning: 3 more GitHub logins are each in several learner files: "), "{many}");
    p.write("roadmap/learners/kim2.yaml", "# a copy\nname: Kim Two\ngithub: kimtwo\nmentor: lee\n");
    for i in 0..15 {
        std::fs::remove_file(p.file(&format!("roadmap/learners/twin{i:02}.yaml"))).unwrap();
    }
    assert!(!p.run(&["check"]).stdout.contains("GitHub login"));
}
