//! `waymark report` on tests/fixtures/valid/report-cohort, whose answers are
//! worked out by hand below, as of 2026-10-01 (a Thursday).
//!
//! The roadmap has 10 tasks: basics (setup, hello*), docker (image*, compose,
//! push), ci (pipeline*, cache), k8s (deploy*, service, ingress); * = review.
//! The cohort starts 2026-09-07 and calls a learner stale after 7 idle days.
//!
//! Week k is due `start + ceil(7k / pace)` days. For pace 1 from 09-07 the
//! weeks are due 09-14, 09-21, 09-28, 10-05, so on 10-01 the plan is
//! 2 + 3 + 2 + 3·(3/7) = 8.2857 → 8.29 tasks.
//!
//! - ahn (lee): 4 done; hello finished 09-10 with no review → awaiting 21
//!   days; image's newest review (09-20) asks for changes, so it is not done;
//!   pipeline started 09-29, so not stale. Behind by floor(8.2857 − 4) = 4.
//! - baek (lee, pace 0.5): weeks due every 14 days: 09-21, 10-05, …; planned
//!   = 2 + 3·(10/14) = 4.1429 → 4.14; 3 done → behind by 1. (At pace 1 it
//!   would be 5.) image finished 09-30 after its 09-28 "changes" review →
//!   awaiting again, 1 day.
//! - cho (park): hello finished 09-09, never reviewed → awaiting 22 days;
//!   image blocked; last activity 09-11 → idle 20 days, stale; behind by 6.
//! - dong (park, private, starts 09-14): weeks due 09-21, 09-28, 10-05;
//!   planned 5 + 2·(3/7) = 5.857 → 5.86; 2 done + 1 skipped → behind by 2
//!   (image: changes requested 09-22, so not done); hello approved in a *private* review
//!   (the report is the mentor's view: it counts); push blocked; journal
//!   09-23 → idle 8 days > 7 → stale.
//! - eun (lee): starts 10-05, nothing yet → not started: in no list.
//! - fin (lee): every task done or skipped → finished, never behind or stale;
//!   deploy finished 09-30 without review → awaiting 1 day.
//! - gil (park): no progress at all → idle since start (24 days), stale with
//!   no last activity; behind by 8.
//!
//! Sorting: awaiting by finish date (cho 09-09, ahn 09-10, then baek and fin
//! both 09-30, by id); changes by review date; behind and stale worst first,
//! ties by id; blocked longest first (since 09-11, then no date).

use crate::common::{self, Project};
use serde_json::json;

fn report(args: &[&str]) -> common::Run {
    let p = Project::copy("valid", "report-cohort");
    let mut all = vec!["--today", "2026-10-01", "report"];
    all.extend_from_slice(args);
    p.run(&all)
}

#[test]
fn json_lists_and_numbers_match_the_hand_worked_answers() {
    let r = report(&["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got: serde_json::Value = serde_json::from_str(&r.stdout).expect("report prints JSON");
    let want = json!({
        "as_of": "2026-10-01",
        "awaiting_review": [
            {"learner": "cho", "task": "basics/hello", "finished": "2026-09-09", "days_waiting": 22, "evidence": []},
            {"learner": "ahn", "task": "basics/hello", "finished": "2026-09-10", "days_waiting": 21, "evidence": []},
            {"learner": "baek", "task": "docker/image", "finished": "2026-09-30", "days_waiting": 1,
             "evidence": ["https://github.com/baek/app/pull/7", "https://github.com/baek/app/pull/8"]},
            {"learner": "fin", "task": "k8s/deploy", "finished": "2026-09-30", "days_waiting": 1, "evidence": []}
        ],
        "changes_requested": [
            {"learner": "ahn", "task": "docker/image", "date": "2026-09-20", "evidence": ["https://github.com/ahn/app/pull/2"]},
            {"learner": "dong", "task": "docker/image", "date": "2026-09-22", "evidence": []}
        ],
        "behind": [
            {"learner": "gil", "planned": 8.29, "planned_tasks": 8, "done": 0, "behind_by": 8, "stretch_done": 0, "stretch_total": 0},
            {"learner": "cho", "planned": 8.29, "planned_tasks": 8, "done": 2, "behind_by": 6, "stretch_done": 0, "stretch_total": 0},
            {"learner": "ahn", "planned": 8.29, "planned_tasks": 8, "done": 4, "behind_by": 4, "stretch_done": 0, "stretch_total": 0},
            {"learner": "dong", "planned": 5.86, "planned_tasks": 5, "done": 2, "behind_by": 2, "stretch_done": 0, "stretch_total": 0},
            {"learner": "baek", "planned": 4.14, "planned_tasks": 4, "done": 3, "behind_by": 1, "stretch_done": 0, "stretch_total": 0}
        ],
        "stale": [
            {"learner": "gil", "last_activity": null, "days": 24},
            {"learner": "cho", "last_activity": "2026-09-11", "days": 20},
            {"learner": "dong", "last_activity": "2026-09-23", "days": 8}
        ],
        "blocked": [
            {"learner": "cho", "task": "docker/image", "note": "no Docker licence", "since": "2026-09-11"},
            {"learner": "dong", "task": "docker/push", "note": null, "since": null}
        ]
    });
    assert_eq!(got, want);
}

#[test]
fn mentor_filter_keeps_only_that_mentors_learners() {
    let r = report(&["--format", "json", "--mentor", "park"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let learners = |list: &str| -> Vec<String> {
        got[list].as_array().unwrap().iter().map(|i| i["learner"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(learners("awaiting_review"), ["cho"]);
    assert_eq!(learners("changes_requested"), ["dong"]);
    assert_eq!(learners("behind"), ["gil", "cho", "dong"]);
    assert_eq!(learners("stale"), ["gil", "cho", "dong"]);
    assert_eq!(learners("blocked"), ["cho", "dong"]);
}

#[test]
fn markdown_is_ready_to_paste_into_an_issue() {
    let r = report(&["--format", "md", "--mentor", "lee"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "## Report 코호트: mentor report — 이멘토, 2026-10-01

### Awaiting review (3)

- [ ] 안지민 (`ahn`) — `basics/hello` (finished 2026-09-10, waiting 21 days)
- [ ] 백서연 (`baek`) — `docker/image` (finished 2026-09-30, waiting 1 day) — evidence: <https://github.com/baek/app/pull/7>, <https://github.com/baek/app/pull/8>
- [ ] Fin (`fin`) — `k8s/deploy` (finished 2026-09-30, waiting 1 day)

### Changes requested (1)

| Learner | Task | Reviewed | Evidence |
|---|---|---|---|
| 안지민 (`ahn`) | `docker/image` | 2026-09-20 | <https://github.com/ahn/app/pull/2> |

### Behind (2)

| Learner | Planned | Done | Behind by |
|---|---|---|---|
| 안지민 (`ahn`) | 8 | 4 | 4 tasks |
| 백서연 (`baek`) | 4 | 3 | 1 task |

### Stale (0)

None.

### Blocked (0)

None.
"
    );
}

#[test]
fn markdown_escapes_table_pipes_and_lists_private_learners() {
    let r = report(&["--format", "md", "--mentor", "park"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("| Cho \\| QA (`cho`) | `docker/image` | 2026-09-11 | no Docker licence |\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("| Dong [private] (`dong`) | `docker/image` | 2026-09-22 |  |\n"), "{}", r.stdout);
    assert!(r.stdout.contains("| Gil (`gil`) | — | 24 days |\n"), "{}", r.stdout);
}

#[test]
fn terminal_form_is_plain_when_piped() {
    let r = report(&["--mentor", "lee"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains('\x1b'), "{}", r.stdout);
    assert_eq!(
        r.stdout,
        "Mentor report for 이멘토 (lee) as of 2026-10-01

Awaiting review (3)
  basics/hello  안지민 (ahn)  21 days waiting (finished 2026-09-10)
  docker/image  백서연 (baek)  1 day waiting (finished 2026-09-30)
      evidence: https://github.com/baek/app/pull/7
      evidence: https://github.com/baek/app/pull/8
  k8s/deploy  Fin (fin)  1 day waiting (finished 2026-09-30)

Changes requested (1)
  docker/image  안지민 (ahn)  reviewed 2026-09-20
      evidence: https://github.com/ahn/app/pull/2

Behind (2)
  안지민 (ahn)  behind by 4 tasks (planned 8, done 4)
  백서연 (baek)  behind by 1 task (planned 4, done 3)

Stale (0)
  none

Blocked (0)
  none
"
    );
}

#[test]
fn unknown_mentor_is_refused_with_a_suggestion() {
    let r = report(&["--mentor", "pakr"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "error: no mentor `pakr` in cohort.yaml
 --> waymark --today 2026-10-01 report --mentor pakr
                                                ^^^^
  = help: did you mean `park`?
"
    );
}

#[test]
fn waymark_today_from_the_environment_is_the_as_of_date() {
    let p = Project::copy("valid", "report-cohort");
    let out = common::bin()
        .current_dir(p.path())
        .env("WAYMARK_TODAY", "2026-09-12")
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["as_of"], "2026-09-12");
    // On 09-12 cho's hello (finished 09-09) has waited 3 days.
    assert_eq!(
        v["awaiting_review"][0],
        json!({"learner": "cho", "task": "basics/hello", "finished": "2026-09-09", "days_waiting": 3, "evidence": []})
    );
}

#[test]
fn public_leaves_out_private_learners_and_reviews_and_the_default_marks_them() {
    let p = Project::copy("valid", "report-cohort");
    p.write(
        "roadmap/learners/open.yaml",
        "name: Open Person\nmentor: park\nstart: 2026-09-14\nprogress:\n  basics/hello:\n    status: done\n    finished: 2026-09-15\n    reviews: [{by: park, date: 2026-09-16, verdict: changes, private: true, comment: secret remark}]\n",
    );
    let full = p.run(&["--today", "2026-10-01", "report"]);
    assert_eq!(full.code, 0, "{}", full.stderr);
    assert!(full.stdout.contains("Dong [private] (dong)"), "{}", full.stdout);
    assert!(
        full.stdout.contains("basics/hello  Open Person (open) · mentor Park (park)  reviewed 2026-09-16"),
        "the private review counts in the mentor's view: {}",
        full.stdout
    );
    for format in ["term", "md", "json"] {
        let r = p.run(&["--today", "2026-10-01", "report", "--public", "--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(!r.stdout.contains("Dong") && !r.stdout.contains("dong"), "{format}: {}", r.stdout);
        assert!(!r.stdout.contains("[private]"), "{format}");
        assert!(!r.stdout.contains("secret remark"), "{format}");
        assert!(r.stdout.to_lowercase().contains("cho"), "the public learners stay: {}", r.stdout);
    }
    let public = p.run(&["--today", "2026-10-01", "report", "--public"]);
    assert!(!public.stdout.contains("reviewed 2026-09-16"), "the private review is left out: {}", public.stdout);
}

/// `as_of` in cohort.yaml: once that day has passed, the report, status and
/// the site show the cohort as it was then; before it, as of the real today.
/// Edits are still dated by the clock.
#[test]
fn as_of_holds_a_finished_cohort_at_its_last_day() {
    let reference = report(&["--format", "json"]);
    assert_eq!(reference.code, 0, "{}", reference.stderr);
    let p = Project::copy("valid", "report-cohort");
    let cohort = p.read("roadmap/cohort.yaml");
    p.write("roadmap/cohort.yaml", &cohort.replace("start: 2026-09-07\n", "start: 2026-09-07\nas_of: 2026-10-01\n"));
    assert_eq!(p.run(&["check"]).code, 0);

    let later = p.run(&["--today", "2027-03-01", "report", "--format", "json"]);
    assert_eq!(later.code, 0, "{}", later.stderr);
    assert_eq!(later.stdout, reference.stdout, "months later, the report is the one of the last day");
    let status_then = p.run(&["--today", "2026-10-01", "status"]);
    let status_later = p.run(&["--today", "2027-03-01", "status"]);
    assert_eq!(status_later.stdout, status_then.stdout);

    // Before as_of, the real today counts.
    let earlier = p.run(&["--today", "2026-09-30", "report", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&earlier.stdout).unwrap();
    assert_eq!(json["as_of"], "2026-09-30");

    let build = p.run(&["--today", "2027-03-01", "build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let progress: serde_json::Value = serde_json::from_str(&p.read("site/progress.json")).unwrap();
    assert_eq!(progress["as_of"], "2026-10-01");

    // A late review is dated by the clock, and a date after as_of is no
    // "date after today".
    let r = p.run(&["--today", "2027-03-01", "review", "ahn", "basics/hello", "--approve", "--date", "2027-02-27"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = p.run(&["--today", "2027-03-01", "done", "ahn", "ci/pipeline"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ahn = p.read("roadmap/learners/ahn.yaml");
    assert!(ahn.contains("date: 2027-02-27"), "{ahn}");
    assert!(ahn.contains("finished: 2027-03-01"), "{ahn}");
}

#[test]
fn every_format_links_the_evidence_and_the_task_on_the_site() {
    let p = Project::copy("valid", "report-cohort");
    let cohort = p.read("roadmap/cohort.yaml") + "base_url: https://octo.github.io/study/\n";
    p.write("roadmap/cohort.yaml", &cohort);
    let run = |format: &str| {
        let r = p.run(&["--today", "2026-10-01", "report", "--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let term = run("term");
    assert!(
        term.contains(
            "  docker/image  백서연 (baek) · mentor 이멘토 (lee)  1 day waiting (finished 2026-09-30)\n      \
             evidence: https://github.com/baek/app/pull/7\n      evidence: https://github.com/baek/app/pull/8\n      \
             on the site: https://octo.github.io/study/learners/baek/#task-docker_image\n"
        ),
        "{term}"
    );
    // A private learner has no public page to link.
    assert!(!term.contains("learners/dong/"), "{term}");
    let md = run("md");
    assert!(md.contains("[`docker/image`](https://octo.github.io/study/learners/baek/#task-docker_image)"), "{md}");
    assert!(
        md.contains("— evidence: <https://github.com/baek/app/pull/7>, <https://github.com/baek/app/pull/8>"),
        "{md}"
    );
    let slack = run("slack");
    assert!(slack.contains("<https://github.com/baek/app/pull/7|"), "{slack}");
    let discord = run("discord");
    assert!(discord.contains("](https://github.com/ahn/app/pull/2)"), "{discord}");
    // The anchor is one the learner's page has.
    let files = p.build_site("2026-10-01", &[]);
    let page = common::text(&files, "learners/baek/index.html");
    assert!(
        common::html::attr_values(&page, "id").iter().any(|id| id == "task-docker_image"),
        "the learner page has the task's anchor"
    );
}

/// Regression: a line break in a name (a quoted YAML string may hold one)
/// ended the Markdown table row and the chat item early, and the next line
/// read as an item of its own; and the chat digests said only "blocked",
/// with neither since when nor what blocks the learner.
#[test]
fn a_name_with_a_line_break_stays_on_its_line_and_blocked_items_carry_date_and_note() {
    let p = Project::copy("valid", "report-cohort");
    let cho = p.read("roadmap/learners/cho.yaml").replace("name: Cho | QA", "name: \"Cho\\n  QA\"");
    p.write("roadmap/learners/cho.yaml", &cho);
    let run = |format: &str| {
        let r = p.run(&["--today", "2026-10-01", "report", "--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let md = run("md");
    assert!(md.contains("| Cho QA (`cho`) | `docker/image` | 2026-09-11 | no Docker licence |\n"), "{md}");
    assert!(md.contains("- [ ] Cho QA (`cho`) — `basics/hello`"), "{md}");
    let term = run("term");
    assert!(term.contains("  docker/image  Cho QA (cho) · mentor Park (park)  since 2026-09-11\n"), "{term}");
    let status = p.run(&["--today", "2026-10-01", "--color", "never", "status", "cho"]);
    assert!(status.stdout.starts_with("Cho QA (cho) · mentor Park (park)\n"), "{}", status.stdout);
    let slack = run("slack");
    assert!(!slack.contains("Cho\\n"), "{slack}");
    assert!(slack.contains("• Cho QA — Image · since 2026-09-11, 20 days ago — no Docker licence\\n"), "{slack}");
    let discord = run("discord");
    assert!(discord.contains("• Cho QA — Image · since 2026-09-11, 20 days ago — no Docker licence"), "{discord}");
}
