//! One broken learner file does not take `status` and `report` down for the
//! whole cohort: both show every learner they can read, then the diagnostics
//! of the broken files, and exit 1. A broken cohort or roadmap still stops
//! them, since no learner can be shown without it.

use crate::common::Project;

/// report-cohort with baek's file no longer YAML and cho's naming a task that
/// does not exist.
fn broken() -> Project {
    let p = Project::copy("valid", "report-cohort");
    p.write("roadmap/learners/baek.yaml", "name: [백서연\nmentor: lee\n");
    let cho = p.read("roadmap/learners/cho.yaml").replace("basics/hello:", "basics/helo:");
    p.write("roadmap/learners/cho.yaml", &cho);
    p
}

fn heads(stdout: &str) -> Vec<&str> {
    stdout.lines().filter(|l| !l.starts_with(' ') && !l.is_empty()).collect()
}

#[test]
fn status_shows_every_readable_learner_then_the_broken_files() {
    let p = broken();
    let r = p.run(&["--today", "2026-10-01", "status"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        heads(&r.stdout),
        [
            "안지민 (ahn) · mentor 이멘토 (lee)",
            "Dong (dong) · mentor Park (park) · private",
            "Eun (eun) · mentor 이멘토 (lee)",
            "Fin (fin) · mentor 이멘토 (lee)",
            "Gil (gil) · mentor Park (park)",
        ]
    );
    assert!(r.stderr.contains("--> roadmap/learners/baek.yaml:"), "{}", r.stderr);
    assert!(r.stderr.contains("unknown task `basics/helo`"), "{}", r.stderr);
    assert!(r.stderr.contains("--> roadmap/learners/cho.yaml:"), "{}", r.stderr);
    assert!(r.stderr.contains("2 errors, 0 warnings in 2 files"), "{}", r.stderr);
    // A readable learner asked for by name is shown as usual.
    let r = p.run(&["--today", "2026-10-01", "status", "ahn"]);
    assert_eq!((r.code, heads(&r.stdout)), (0, vec!["안지민 (ahn) · mentor 이멘토 (lee)"]), "{}", r.stderr);
    // A broken one asked for by name: its own diagnostics, not "no learner".
    let r = p.run(&["--today", "2026-10-01", "status", "cho"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("unknown task `basics/helo`") && !r.stderr.contains("baek"), "{}", r.stderr);
}

#[test]
fn report_lists_every_readable_learner_then_the_broken_files() {
    let p = broken();
    let r = p.run(&["--today", "2026-10-01", "report", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let q: serde_json::Value = serde_json::from_str(&r.stdout).expect("the report is whole JSON");
    let awaiting: Vec<&str> =
        q["awaiting_review"].as_array().unwrap().iter().map(|i| i["learner"].as_str().unwrap()).collect();
    // ahn and fin as in the whole cohort; baek and cho, whose files are broken, are not there.
    assert_eq!(awaiting, ["ahn", "fin"]);
    let behind: Vec<&str> = q["behind"].as_array().unwrap().iter().map(|i| i["learner"].as_str().unwrap()).collect();
    assert!(!behind.contains(&"baek") && !behind.contains(&"cho") && behind.contains(&"gil"), "{behind:?}");
    assert!(r.stderr.contains("--> roadmap/learners/baek.yaml:"), "{}", r.stderr);
    assert!(r.stderr.contains("--> roadmap/learners/cho.yaml:"), "{}", r.stderr);
    let r = p.run(&["--today", "2026-10-01", "report"]);
    assert_eq!(r.code, 1);
    // 백서연 (baek) awaits a review in the whole cohort's report.
    assert!(r.stdout.contains("안지민") && !r.stdout.contains("백서연"), "{}", r.stdout);
}

#[test]
fn a_broken_cohort_still_stops_status_and_report() {
    let p = Project::copy("valid", "report-cohort");
    let cohort = p.read("roadmap/cohort.yaml");
    p.write("roadmap/cohort.yaml", &format!("{cohort}start: someday\n"));
    for cmd in ["status", "report"] {
        let r = p.run(&["--today", "2026-10-01", cmd]);
        assert_eq!(r.code, 1, "{cmd}");
        assert_eq!(r.stdout, "", "{cmd}");
        assert!(r.stderr.contains("roadmap/cohort.yaml"), "{cmd}: {}", r.stderr);
    }
}
