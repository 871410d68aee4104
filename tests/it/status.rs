//! `waymark status` through the binary on tests/fixtures/valid/report-cohort
//! (numbers worked out in tests/it/report.rs), as of 2026-10-01.

use crate::common::{self, Project};

fn status(args: &[&str]) -> common::Run {
    let p = Project::copy("valid", "report-cohort");
    let mut all = vec!["--today", "2026-10-01"];
    all.extend_from_slice(args);
    p.run(&all)
}

#[test]
fn one_learner_part_time_with_bars_per_week() {
    let r = status(&["status", "baek"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // 3 of 10 done = 30%; planned 4.14 at pace 0.5 → behind by 1; three done
    // in the 24 days since the start, 7 left → 7·24/3 = 56 days → 2026-11-26.
    // The plan is in week 2 (due 10-05).
    assert_eq!(
        r.stdout,
        "백서연 (baek) · mentor 이멘토 (lee) · pace 0.5
  ██████░░░░░░░░░░░░░░  30%  3/10 done · behind by 1
  last activity 2026-09-30 (1 day ago) · forecast 2026-11-26
   1 basics  ██████████  2/2
   2 docker  ███░░░░░░░  1/3  ← planned now (due 2026-10-05)
   3 ci      ░░░░░░░░░░  0/2
   4 k8s     ░░░░░░░░░░  0/3
  awaiting review: docker/image (finished 2026-09-30)
      evidence: https://github.com/baek/app/pull/7
      evidence: https://github.com/baek/app/pull/8
"
    );
}

#[test]
fn skipped_blocked_stale_and_private_are_shown() {
    let r = status(&["status", "dong"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // 2 done of 10 − 1 skipped = 22% (the image came back with changes
    // requested: not done); planned 5.86, 3 finished → behind by 2; two done in
    // the 17 days since the start, 7 left → 7·17/2 = 59.5 → 60 days → 2026-11-30.
    assert_eq!(
        r.stdout,
        "Dong (dong) · mentor Park (park) · private
  ████░░░░░░░░░░░░░░░░  22%  2/10 done, 1 skipped · behind by 2
  last activity 2026-09-23 (8 days ago), stale · forecast 2026-11-30
   1 basics  ██████████  2/2
   2 docker  ███░░░░░░░  1/3  1 skipped, 1 blocked, 1 change requested
   3 ci      ░░░░░░░░░░  0/2  ← planned now (due 2026-10-05)
   4 k8s     ░░░░░░░░░░  0/3
  changes requested: docker/image (reviewed 2026-09-22)
  blocked: docker/push
"
    );
}

#[test]
fn every_learner_in_id_order_without_colour_when_piped() {
    let r = status(&["status"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains('\x1b'), "{}", r.stdout);
    let heads: Vec<&str> = r.stdout.lines().filter(|l| !l.starts_with(' ') && !l.is_empty()).collect();
    assert_eq!(
        heads,
        [
            "안지민 (ahn) · mentor 이멘토 (lee)",
            "백서연 (baek) · mentor 이멘토 (lee) · pace 0.5",
            "Cho | QA (cho) · mentor Park (park)",
            "Dong (dong) · mentor Park (park) · private",
            "Eun (eun) · mentor 이멘토 (lee)",
            "Fin (fin) · mentor 이멘토 (lee)",
            "Gil (gil) · mentor Park (park)",
        ]
    );
    assert!(r.stdout.contains("  ░░░░░░░░░░░░░░░░░░░░   0%  0/10 done · not started\n"), "{}", r.stdout);
    assert!(r.stdout.contains("  ████████████████████ 100%  5/10 done, 5 skipped · finished\n"), "{}", r.stdout);
    assert!(r.stdout.contains("  last activity none, stale · forecast none"), "{}", r.stdout);
}

#[test]
fn colour_when_asked() {
    let r = status(&["--color", "always", "status", "baek"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\x1b[1;31mbehind by 1\x1b[0m"), "{}", r.stdout);
}

/// An unknown learner is a mistake on the command line: it used to be shown
/// at `roadmap/learners/<id>.yaml:1:1`, a file that does not exist.
#[test]
fn unknown_learner_is_a_mistake_on_the_command_line() {
    let r = status(&["status", "baeg"]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert_eq!(
        r.stderr,
        "error: no learner `baeg`
 --> waymark --today 2026-10-01 status baeg
                                       ^^^^
  = help: did you mean `baek`? (백서연)
"
    );
    let r = status(&["status", "nosuch"]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert_eq!(
        r.stderr,
        "error: no learner `nosuch`
 --> waymark --today 2026-10-01 status nosuch
                                       ^^^^^^
  = help: add one with `waymark learner add nosuch --name NAME`
"
    );
}

#[test]
fn stretch_work_is_credited_apart_from_the_core() {
    // basic: docker/multi-stage is a stretch task; kim did it and all the core.
    let p = Project::copy("valid", "basic");
    let r = p.run(&["--today", "2026-09-20", "status", "kim"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r.stdout.lines().nth(1).unwrap_or_default();
    assert!(line.contains("100%  4/5 완료, 1개 건너뜀 · 심화 1개 중 +1 · 완료"), "{}", r.stdout);
    let r = p.run(&["--today", "2026-09-20", "status", "choi"]);
    assert!(r.stdout.contains("2/5 완료 · 심화 1개 중 +0 · 순조로움"), "{}", r.stdout);
}

#[test]
fn a_cohort_pace_is_every_learners_default_and_a_learners_own_pace_wins() {
    let p = Project::copy("valid", "report-cohort");
    let cohort = p.read("roadmap/cohort.yaml");
    p.write("roadmap/cohort.yaml", &cohort.replace("stale_after_days: 7\n", "stale_after_days: 7\npace: 0.5\n"));
    let r = p.run(&["--today", "2026-10-01", "status", "ahn"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // ahn has no `pace:`: at the cohort's 0.5 week 1 is due 09-21 and week 2
    // 10-05 (at 1.0, week 4 on 10-05), so 4 of 10 done (the image came back
    // with changes requested) is on track, not behind by 4.
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "안지민 (ahn) · mentor 이멘토 (lee) · pace 0.5", "{}", r.stdout);
    assert!(lines[1].ends_with("4/10 done · on track"), "{}", r.stdout);
    assert!(
        r.stdout.contains("   2 docker  ███████░░░  2/3  1 change requested  ← planned now (due 2026-10-05)\n"),
        "{}",
        r.stdout
    );

    // baek's own `pace: 0.5` wins over a cohort pace of 2: the same as without one.
    p.write("roadmap/cohort.yaml", &cohort.replace("stale_after_days: 7\n", "stale_after_days: 7\npace: 2\n"));
    let own = p.run(&["--today", "2026-10-01", "status", "baek"]);
    assert_eq!(own.code, 0, "{}", own.stderr);
    assert!(own.stdout.starts_with("백서연 (baek) · mentor 이멘토 (lee) · pace 0.5\n"), "{}", own.stdout);
    assert!(own.stdout.contains("behind by 1"), "{}", own.stdout);
    assert!(own.stdout.contains("   2 docker  ███░░░░░░░  1/3  ← planned now (due 2026-10-05)\n"), "{}", own.stdout);
    // ...while ahn, with none, now runs at 2: everything was due by 10-01.
    let fast = p.run(&["--today", "2026-10-01", "status", "ahn"]);
    assert!(fast.stdout.starts_with("안지민 (ahn) · mentor 이멘토 (lee) · pace 2\n"), "{}", fast.stdout);
    assert!(fast.stdout.contains("behind by 6"), "{}", fast.stdout);

    // `check` accepts the key, and refuses a pace out of range.
    assert_eq!(p.run(&["check"]).code, 0);
    p.write("roadmap/cohort.yaml", &cohort.replace("stale_after_days: 7\n", "stale_after_days: 7\npace: 0\n"));
    let bad = p.run(&["check"]);
    assert_eq!(bad.code, 1, "{}", bad.stdout);
    assert!(bad.stderr.contains("`pace` must be more than 0"), "{}", bad.stderr);
}

/// `status ID` and the edits read the learner they are about, not the
/// cohort: another learner's warnings are not theirs to print, and another
/// learner's broken file does not stop them.
#[test]
fn one_learner_is_read_alone_and_others_files_do_not_speak() {
    let p = Project::copy("valid", "report-cohort");
    let alone = p.run(&["--today", "2026-10-01", "status", "baek"]);
    assert_eq!(alone.code, 0, "{}", alone.stderr);
    // A warning (a finish date on an open task) and an error in two other files.
    p.write(
        "roadmap/learners/warned.yaml",
        "name: Warned\nstart: 2026-09-07\nprogress:\n  basics/setup: {status: doing, started: 2026-09-10, finished: 2026-09-12}\n",
    );
    p.write("roadmap/learners/broken.yaml", "name: [\n");
    let whole = p.run(&["--today", "2026-10-01", "status"]);
    assert_eq!(whole.code, 1, "{}", whole.stderr);
    assert!(whole.stderr.contains("warned.yaml") && whole.stderr.contains("broken.yaml"), "{}", whole.stderr);

    let one = p.run(&["--today", "2026-10-01", "status", "baek"]);
    assert_eq!((one.code, one.stdout.as_str(), one.stderr.as_str()), (0, alone.stdout.as_str(), ""));
    // Named by their display name, the others' files are read only for
    // who they are: neither the warning nor the broken file speaks.
    let by_name = p.run(&["--today", "2026-10-01", "status", "백서연"]);
    assert_eq!((by_name.code, by_name.stdout.as_str(), by_name.stderr.as_str()), (0, alone.stdout.as_str(), ""));
    let done = p.run(&["--today", "2026-10-01", "done", "\"백서연\"", "docker/image"]);
    assert_eq!((done.code, done.stderr.as_str()), (0, ""), "{}", done.stdout);
    let done = p.run(&["--today", "2026-10-01", "done", "baek", "docker/image", "--note", "again"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(done.stderr, "");
    // The file they are about still says what is wrong with it.
    let mine = p.run(&["--today", "2026-10-01", "status", "broken"]);
    assert_eq!(mine.code, 1);
    assert!(mine.stderr.contains("broken.yaml") && !mine.stderr.contains("warned.yaml"), "{}", mine.stderr);
    let edit = p.run(&["--today", "2026-10-01", "done", "warned", "basics/setup"]);
    assert_eq!(edit.code, 0, "{}", edit.stderr);
    assert!(p.read("roadmap/learners/warned.yaml").contains("status: done"));
}
