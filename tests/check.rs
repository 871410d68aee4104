//! `waymark check` through the real binary: every valid fixture checks clean,
//! and every invalid fixture fails with exactly the diagnostics in its
//! `expected.txt` (regenerate with `WAYMARK_BLESS=1 cargo test --test check`).

mod common;

use common::{fixture, run_in};
use std::path::Path;

fn cases(kind: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture(kind, ""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| fixture(kind, n).join("roadmap").is_dir())
        .collect();
    names.sort();
    names
}

#[test]
fn valid_fixtures_check_clean() {
    for name in cases("valid") {
        let r = run_in(&fixture("valid", &name), &["check"]);
        assert_eq!(r.code, 0, "{name}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.starts_with("ok: "), "{name}: {}", r.stdout);
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
        let r = run_in(&dir, &["check"]);
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
    let r = run_in(&fixture("invalid", "unknown-task"), &["check"]);
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
    let r = run_in(&fixture("invalid", "unknown-mentor"), &["check", "--format", "github"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "::error file=roadmap/learners/choi.yaml,line=11,col=14::unknown mentor `kim` (help: mentors in cohort.yaml: `lee`, `park`)\n\
         ::error file=roadmap/learners/jung.yaml,line=2,col=9::unknown mentor `parkk` (help: did you mean `park`?)\n"
    );
}

#[test]
fn json_format_lists_every_problem_with_the_spec_keys() {
    let r = run_in(&fixture("invalid", "bad-date"), &["check", "--format", "json"]);
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
