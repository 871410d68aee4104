//! The editing commands through the real binary, on copies of
//! tests/fixtures/valid/edit-cohort: each edit's exact line diff (so comments,
//! quoting, blank lines and untouched entries provably survive), refused
//! edits that leave every file byte-identical with the diagnostic `check`
//! gives, and concurrent edits that must all land.

use crate::common::{self, tree, Project};

const TODAY: &str = "2026-10-01";
const LEE_JI: &str = "roadmap/learners/lee-ji.yaml";

fn project() -> Project {
    Project::copy("valid", "edit-cohort")
}

fn run(p: &Project, args: &[&str]) -> common::Run {
    let mut all = vec!["--today", TODAY];
    all.extend_from_slice(args);
    p.run(&all)
}

/// A line diff of `before` → `after` (longest common subsequence): removed
/// lines as `-line`, added ones as `+line`, in file order.
fn diff(before: &str, after: &str) -> Vec<String> {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(format!("-{}", a[i]));
            i += 1;
        } else {
            out.push(format!("+{}", b[j]));
            j += 1;
        }
    }
    out
}

/// Run an edit and return the diff it made to `file`.
fn edit(p: &Project, file: &str, args: &[&str]) -> (common::Run, Vec<String>) {
    let before = p.read(file);
    let r = run(p, args);
    assert_eq!(r.code, 0, "{args:?} failed:\n{}", r.stderr);
    (r, diff(&before, &p.read(file)))
}

fn lines(l: &[&str]) -> Vec<String> {
    l.iter().map(|s| format!("{s}\n")).collect()
}

#[test]
fn done_by_short_id_edits_the_entry_kept_under_an_old_alias() {
    // `vpc` is short for w1/vpc, which lee-ji's file records under its alias
    // w1/net: that entry is edited (a new w1/vpc key would count twice).
    let p = project();
    let (r, d) = edit(&p, LEE_JI, &["done", "lee-ji", "vpc", "--evidence", "https://github.com/leeji/infra/pull/2"]);
    assert_eq!(r.stdout, "lee-ji: w1/vpc done, finished 2026-10-01\n");
    assert_eq!(
        d,
        lines(&[
            "-    status: doing",
            "+    status: done",
            "+    finished: 2026-10-01",
            "+    evidence: https://github.com/leeji/infra/pull/2",
        ])
    );
    // The comment on the `started` line and the alias key survive.
    assert!(p
        .read(LEE_JI)
        .contains("  w1/net:        # old id of w1/vpc\n    status: done\n    started: 2026-09-09   # started late\n"));
    assert_eq!(run(&p, &["check"]).code, 0);
}

#[test]
fn done_on_a_flow_mapping_keeps_its_trailing_comment() {
    let p = project();
    let (_, d) = edit(&p, LEE_JI, &["skip", "lee-ji", "w1/setup", "--note", "이미 함"]);
    assert_eq!(
        d,
        lines(&[
            "-  w1/setup: {status: done, finished: 2026-09-08}   # easy",
            "+  w1/setup: {status: skipped, finished: 2026-09-08, note: 이미 함}   # easy",
        ])
    );
}

#[test]
fn block_adds_a_new_entry_in_the_style_of_the_last_one() {
    let p = project();
    let (r, d) = edit(&p, LEE_JI, &["block", "lee-ji", "w1/subnet", "--note", "AWS 한도: 대기"]);
    assert_eq!(r.stdout, "lee-ji: w1/subnet blocked, started 2026-10-01, blocked since 2026-10-01\n");
    // Appended after the last progress entry, before the blank line and the
    // journal; a note with `: ` in it is quoted so that it stays text.
    assert_eq!(
        d,
        lines(&[
            "+  w1/subnet:",
            "+    status: blocked",
            "+    started: 2026-10-01",
            "+    blocked: 2026-10-01",
            "+    note: 'AWS 한도: 대기'"
        ])
    );
    assert!(p.read(LEE_JI).contains("    note: 'AWS 한도: 대기'\n\njournal:   # weekly notes\n"));
}

#[test]
fn block_records_its_date_on_a_task_already_started() {
    let p = project();
    // w1/vpc is recorded as doing (under its old id w1/net) with a start date.
    let (r, d) = edit(&p, LEE_JI, &["block", "lee-ji", "w1/vpc", "--date", "2026-09-29"]);
    assert_eq!(r.stdout, "lee-ji: w1/vpc blocked, blocked since 2026-09-29\n");
    assert_eq!(d, lines(&["-    status: doing", "+    status: blocked", "+    blocked: 2026-09-29"]));
    // Blocking again later moves the date; the start date stays.
    let (_, d) = edit(&p, LEE_JI, &["block", "lee-ji", "w1/vpc"]);
    assert_eq!(d, lines(&["-    blocked: 2026-09-29", "+    blocked: 2026-10-01"]));
    assert_eq!(run(&p, &["check"]).code, 0);
}

#[test]
fn start_then_done_keeps_the_start_date_and_adds_hours() {
    let p = project();
    let solo = "roadmap/learners/solo.yaml";
    let (_, d) = edit(&p, solo, &["start", "solo", "dockerfile", "--date", "2026-09-28"]);
    assert_eq!(d, lines(&["+progress:", "+  w2/dockerfile:", "+    status: doing", "+    started: 2026-09-28"]));
    let (r, d) = edit(&p, solo, &["done", "solo", "w2/dockerfile", "--hours", "3.5"]);
    assert_eq!(r.stdout, "solo: w2/dockerfile done, finished 2026-10-01, hours 3.5\n");
    assert_eq!(d, lines(&["-    status: doing", "+    status: done", "+    finished: 2026-10-01", "+    hours: 3.5"]));
    assert_eq!(
        p.read(solo),
        "name: Solo\nprogress:\n  w2/dockerfile:\n    status: done\n    started: 2026-09-28\n    finished: 2026-10-01\n    hours: 3.5\n"
    );
}

#[test]
fn repeated_evidence_becomes_a_list_and_duplicates_are_not_added() {
    let p = project();
    let many = "roadmap/learners/many.yaml";
    edit(&p, many, &["done", "many", "w1/vpc", "--evidence", "https://a.org/1"]);
    let (_, d) =
        edit(&p, many, &["done", "many", "w1/vpc", "--evidence", "https://a.org/1", "--evidence", "https://a.org/2"]);
    assert_eq!(d, lines(&["-    evidence: https://a.org/1", "+    evidence: [https://a.org/1, https://a.org/2]"]));
    // An existing block list keeps its style.
    let (_, d) = edit(
        &p,
        LEE_JI,
        &["done", "lee-ji", "dockerfile", "--evidence", "https://github.com/leeji/app/pull/2", "--date", "2026-09-22"],
    );
    assert_eq!(d, lines(&["+      - https://github.com/leeji/app/pull/2"]));
}

#[test]
fn doing_it_again_changes_nothing() {
    let p = project();
    edit(&p, LEE_JI, &["done", "lee-ji", "w1/vpc"]);
    let before = tree(p.path());
    let r = run(&p, &["done", "lee-ji", "w1/vpc"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "lee-ji: w1/vpc done, finished 2026-10-01 (already recorded; nothing changed)\n");
    assert_eq!(tree(p.path()), before);
}

#[test]
fn log_appends_to_the_journal_and_keeps_the_closing_comment() {
    let p = project();
    let (r, d) = edit(&p, LEE_JI, &["log", "lee-ji", "--hours", "2", "--note", "Helm 공부"]);
    assert_eq!(r.stdout, "lee-ji: journal 2026-10-01, 2 h\n");
    assert_eq!(d, lines(&["+  - {date: 2026-10-01, hours: 2, note: Helm 공부}"]));
    assert!(p.read(LEE_JI).ends_with("  - {date: 2026-10-01, hours: 2, note: Helm 공부}\n# end of file\n"));
}

#[test]
fn log_creates_the_journal_when_there_is_none() {
    let p = project();
    let (_, d) = edit(&p, "roadmap/learners/solo.yaml", &["log", "solo", "--hours", "1.25", "--date", "2026-09-30"]);
    assert_eq!(d, lines(&["+journal:", "+  - {date: 2026-09-30, hours: 1.25}"]));
}

#[test]
fn review_appends_in_the_style_of_the_existing_reviews_and_defaults_to_the_mentor() {
    let p = project();
    let (r, d) = edit(&p, LEE_JI, &["review", "lee-ji", "dockerfile", "--approve", "-m", "좋습니다"]);
    assert_eq!(r.stdout, "lee-ji: w2/dockerfile approved by lee on 2026-10-01\n");
    assert_eq!(
        d,
        lines(&[
            "+      - by: lee",
            "+        date: 2026-10-01",
            "+        verdict: approved",
            "+        comment: 좋습니다",
        ])
    );
}

#[test]
fn a_first_review_is_a_one_line_entry_and_private_is_recorded() {
    let p = project();
    let many = "roadmap/learners/many.yaml";
    edit(&p, many, &["done", "many", "w3/pipeline", "--date", "2026-09-29"]);
    let (r, d) =
        edit(&p, many, &["review", "many", "pipeline", "--changes", "--private", "--by", "lee", "-m", "캐시: 필요"]);
    assert_eq!(r.stdout, "many: w3/pipeline changes by lee on 2026-10-01\n");
    assert_eq!(
        d,
        lines(&[
            "+    reviews:",
            "+      - {by: lee, date: 2026-10-01, verdict: changes, comment: '캐시: 필요', private: true}"
        ])
    );
}

#[test]
fn learner_add_writes_a_new_file() {
    let p = project();
    let r = run(
        &p,
        &[
            "learner",
            "add",
            "new-kim",
            "--name",
            "김 새내기",
            "--mentor",
            "park",
            "--start",
            "2026-09-14",
            "--github",
            "newkim",
            "--pace",
            "0.5",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "created roadmap/learners/new-kim.yaml\n");
    let text = p.read("roadmap/learners/new-kim.yaml");
    let (first, rest) = text.split_once('\n').unwrap();
    assert!(first.starts_with("# How to record progress: `waymark docs learner`"), "{text}");
    assert_eq!(rest, "name: 김 새내기\ngithub: newkim\nmentor: park\nstart: 2026-09-14\npace: 0.5\n");
    assert_eq!(run(&p, &["check"]).code, 0);
    // A second time is refused.
    let before = tree(p.path());
    let again = run(&p, &["learner", "add", "new-kim", "--name", "X"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.starts_with("error: learner `new-kim` already exists\n"), "{}", again.stderr);
    assert_eq!(tree(p.path()), before);
}

#[test]
fn quiet_prints_no_confirmation() {
    let p = project();
    let r = run(&p, &["-q", "start", "many", "w1/setup"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
}

#[test]
fn crlf_files_stay_crlf() {
    let p = project();
    p.write("roadmap/learners/win.yaml", "name: Win\r\n# keep me\r\nprogress:\r\n  w1/setup: {status: doing}\r\n");
    edit(&p, "roadmap/learners/win.yaml", &["done", "win", "setup"]);
    assert_eq!(
        p.read("roadmap/learners/win.yaml"),
        "name: Win\r\n# keep me\r\nprogress:\r\n  w1/setup: {status: done, finished: 2026-10-01}\r\n"
    );
}

// --- refused edits -------------------------------------------------------

/// Run an edit that must be refused: exit 1, nothing on stdout, and not one
/// byte changed anywhere in the project. Returns stderr.
fn refused(p: &Project, args: &[&str]) -> String {
    let before = tree(p.path());
    let r = run(p, args);
    assert_eq!(r.code, 1, "{args:?} was not refused:\n{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "");
    assert_eq!(tree(p.path()), before, "{args:?} changed files");
    r.stderr
}

/// What `check` says when `file` holds `text` (in a separate copy).
fn check_says(file: &str, text: &str) -> String {
    let p = project();
    p.write(file, text);
    let r = run(&p, &["check"]);
    assert_eq!(r.code, 1);
    r.stderr
}

// A mistake in an argument (a learner, a task, a mentor) used to be shown at
// `roadmap/learners/<id>.yaml:1:1`, a file that may not exist, or at a line
// that only the refused edit would have written. It is a mistake on the
// command line, and drawn under the command as typed.

#[test]
fn an_unknown_task_is_a_mistake_on_the_command_line() {
    let p = project();
    assert_eq!(
        refused(&p, &["done", "lee-ji", "vcp"]),
        "error: no task `vcp` in the roadmap
 --> waymark --today 2026-10-01 done lee-ji vcp
                                            ^^^
  = help: did you mean `w1/vpc`? (Vpc)
"
    );
    assert_eq!(
        refused(&p, &["done", "many", "w1/vcp"]),
        "error: no task `w1/vcp` in the roadmap
 --> waymark --today 2026-10-01 done many w1/vcp
                                          ^^^^^^
  = help: did you mean `w1/vpc`? (Vpc)
"
    );
    assert_eq!(
        refused(&p, &["review", "lee-ji", "w2/dockerfle", "--approve"]),
        "error: no task `w2/dockerfle` in the roadmap
 --> waymark --today 2026-10-01 review lee-ji w2/dockerfle --approve
                                              ^^^^^^^^^^^^
  = help: did you mean `w2/dockerfile`? (Dockerfile)
"
    );
    for command in ["start", "skip", "block"] {
        let caret = " ".repeat(format!(" --> waymark --today 2026-10-01 {command} lee-ji ").len());
        assert_eq!(
            refused(&p, &[command, "lee-ji", "zzzz"]),
            format!(
                "error: no task `zzzz` in the roadmap
 --> waymark --today 2026-10-01 {command} lee-ji zzzz
{caret}^^^^
  = help: give the task's id (`<week-id>/<task-id>`) or its title; the week pages show both
"
            )
        );
    }
}

#[test]
fn an_ambiguous_short_task_id_asks_for_the_full_one() {
    let p = project();
    assert_eq!(
        refused(&p, &["start", "lee-ji", "intro"]),
        "error: `intro` is ambiguous: it names 4 tasks
 --> waymark --today 2026-10-01 start lee-ji intro
                                             ^^^^^
  = help: give the full id: `w1/intro`, `w2/intro`, `w3/intro`, `w4/intro`
"
    );
}

#[test]
fn an_unknown_learner_is_a_mistake_on_the_command_line() {
    let p = project();
    assert_eq!(
        refused(&p, &["done", "lee-jj", "w1/vpc"]),
        "error: no learner `lee-jj`
 --> waymark --today 2026-10-01 done lee-jj w1/vpc
                                     ^^^^^^
  = help: did you mean `lee-ji`? (이지은)
"
    );
    assert_eq!(
        refused(&p, &["log", "lee-jj", "--hours", "1"]),
        "error: no learner `lee-jj`
 --> waymark --today 2026-10-01 log lee-jj --hours 1
                                    ^^^^^^
  = help: did you mean `lee-ji`? (이지은)
"
    );
    assert_eq!(
        refused(&p, &["review", "nobody", "w1/vpc", "--approve"]),
        "error: no learner `nobody`
 --> waymark --today 2026-10-01 review nobody w1/vpc --approve
                                       ^^^^^^
  = help: add one with `waymark learner add nobody --name NAME`
"
    );
    assert!(!p.file("roadmap/learners/lee-jj.yaml").exists());
}

/// The caret goes under the argument, not under an option's value that
/// happens to be the same text; a word that needs quotes is shown quoted.
#[test]
fn the_caret_is_under_the_argument_as_typed() {
    let p = project();
    assert_eq!(
        refused(&p, &["done", "--note", "vcp", "lee-ji", "vcp"]),
        "error: no task `vcp` in the roadmap
 --> waymark --today 2026-10-01 done --note vcp lee-ji vcp
                                                       ^^^
  = help: did you mean `w1/vpc`? (Vpc)
"
    );
    assert_eq!(
        refused(&p, &["done", "lee-ji", "w1/v pc", "--note", "it's done"]),
        "error: no task `w1/v pc` in the roadmap
 --> waymark --today 2026-10-01 done lee-ji 'w1/v pc' --note 'it'\\''s done'
                                             ^^^^^^^
  = help: did you mean `w1/vpc`? (Vpc)
"
    );
}

#[test]
fn an_unknown_mentor_is_a_mistake_on_the_command_line() {
    let p = project();
    assert_eq!(
        refused(&p, &["review", "lee-ji", "w2/dockerfile", "--approve", "--by", "pakr"]),
        "error: no mentor `pakr` in cohort.yaml
 --> waymark --today 2026-10-01 review lee-ji w2/dockerfile --approve --by pakr
                                                                           ^^^^
  = help: did you mean `park`?
"
    );
    assert_eq!(
        refused(&p, &["learner", "add", "bob", "--name", "Bob", "--mentor=lea"]),
        "error: no mentor `lea` in cohort.yaml
 --> waymark --today 2026-10-01 learner add bob --name Bob --mentor=lea
                                                                    ^^^
  = help: did you mean `lee`?
"
    );
    assert!(!p.file("roadmap/learners/bob.yaml").exists());
}

#[test]
fn a_new_learners_id_must_be_valid_and_unused() {
    let p = project();
    assert_eq!(
        refused(&p, &["learner", "add", "Bob_K", "--name", "Bob"]),
        "error: `Bob_K` is not a valid learner id
 --> waymark --today 2026-10-01 learner add Bob_K --name Bob
                                            ^^^^^
  = help: did you mean `bob-k`? (ids use lowercase letters, digits and `-`, start with a letter or digit, and are at most 63 characters)
"
    );
    assert_eq!(
        refused(&p, &["learner", "add", "lee-ji", "--name", "Lee"]),
        "error: learner `lee-ji` already exists
 --> waymark --today 2026-10-01 learner add lee-ji --name Lee
                                            ^^^^^^
  = help: choose another id, or edit roadmap/learners/lee-ji.yaml
"
    );
}

/// A link that is not http(s) is refused where it was given, the argument,
/// with the help `check` gives for it in a file; nothing is written.
#[test]
fn a_non_http_evidence_link_is_refused_like_check_refuses_it() {
    let p = project();
    let err = refused(&p, &["done", "many", "w1/vpc", "--evidence", "ftp://files.example.org/vpc.zip"]);
    assert_eq!(
        err,
        "error: `ftp://files.example.org/vpc.zip` is not an http(s) link
 --> waymark --today 2026-10-01 done many w1/vpc --evidence ftp://files.example.org/vpc.zip
                                                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: only http:// and https:// links are allowed
"
    );
    let by_hand = "name: Many\nmentor: park\nprogress:\n  w1/vpc:\n    status: done\n    finished: 2026-10-01\n    evidence: ftp://files.example.org/vpc.zip\n";
    assert!(check_says("roadmap/learners/many.yaml", by_hand)
        .ends_with("  = help: only http:// and https:// links are allowed\n1 error, 0 warnings in 1 file\n"));
}

#[test]
fn finishing_before_the_start_date_is_refused_like_check_refuses_it() {
    let p = project();
    let err = refused(&p, &["done", "lee-ji", "w1/vpc", "--date", "2026-09-01"]);
    assert_eq!(
        err,
        "error: `w1/net` is finished (2026-09-01) before it was started (2026-09-09)
  --> roadmap/learners/lee-ji.yaml:15:15
   |
15 |     finished: 2026-09-01
   |               ^^^^^^^^^^
   = help: check the two dates
1 error, 0 warnings in 1 file
"
    );
}

#[test]
fn an_impossible_date_is_a_refused_edit_and_changes_nothing() {
    // An edit that would write an invalid date is refused like any invalid
    // edit: exit 1, nothing written, the words `check` uses for such a date.
    let p = project();
    let before = tree(p.path());
    let r = run(&p, &["done", "lee-ji", "w1/vpc", "--date", "2026-02-30"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr, "error: --date: `2026-02-30` does not exist (2026-02 has 28 days); nothing was written\n");
    let r = run(&p, &["learner", "add", "new-one", "--name", "N", "--start", "26-1-1"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--start: `26-1-1` is not a date (write dates as YYYY-MM-DD"), "{}", r.stderr);
    assert_eq!(tree(p.path()), before);
}

#[test]
fn reviewing_a_task_that_is_not_done_is_refused() {
    let p = project();
    let err = refused(&p, &["review", "lee-ji", "w1/vpc", "--approve"]);
    assert!(err.starts_with("error: `w1/vpc` is not done (status: doing), so there is nothing to review\n"), "{err}");
}

#[test]
fn an_already_broken_file_is_not_edited() {
    let p = project();
    p.write("roadmap/learners/broken.yaml", "name: B\nprogress:\n  w1/setup: {status: finised}\n");
    let err = refused(&p, &["done", "broken", "w1/vpc"]);
    assert!(err.starts_with("error: unknown status `finised`"), "{err}");
}

// --- concurrency ---------------------------------------------------------

#[test]
fn twenty_concurrent_done_commands_on_one_learner_all_land() {
    let p = project();
    let tasks: Vec<String> = [
        ["w1/setup", "w1/vpc", "w1/subnet", "w1/nat", "w1/bastion"],
        ["w2/dockerfile", "w2/compose", "w2/registry", "w2/volume", "w2/network"],
        ["w3/pipeline", "w3/cache", "w3/secrets", "w3/matrix", "w3/deploy"],
        ["w4/cluster", "w4/service", "w4/ingress", "w4/helm", "w4/hpa"],
    ]
    .concat()
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(tasks.len(), 20);
    let children: Vec<_> = tasks
        .iter()
        .map(|t| {
            common::bin()
                .current_dir(p.path())
                .args(["--today", TODAY, "-q", "done", "many", t])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn waymark")
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let text = p.read("roadmap/learners/many.yaml");
    assert!(text.starts_with("name: Many\nmentor: park\nprogress:\n"), "{text}");
    for t in &tasks {
        assert!(
            text.contains(&format!("  {t}:\n    status: done\n    finished: 2026-10-01\n")),
            "{t} missing:\n{text}"
        );
    }
    assert_eq!(text.lines().count(), 3 + 3 * 20, "{text}");
    let r = run(&p, &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(learner_folder(&p), LEARNER_FILES, "twenty edits left something beside the learner files");
}

/// The names in the learners folder, sorted: the learner files, and any
/// temporary or lock file an edit left beside them.
fn learner_folder(p: &Project) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(p.file("roadmap/learners"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const LEARNER_FILES: [&str; 3] = ["lee-ji.yaml", "many.yaml", "solo.yaml"];

#[test]
fn no_temporary_or_lock_file_is_left_after_an_edit_written_or_refused() {
    // Each edit writes (or would write) through a hidden temporary file
    // beside the learner file under a lock on the folder; whatever the
    // outcome, only the learner files remain.
    let p = project();
    assert_eq!(learner_folder(&p), LEARNER_FILES);
    let (_, written) = edit(&p, LEE_JI, &["done", "lee-ji", "w1/vpc"]);
    assert!(!written.is_empty(), "the edit wrote");
    assert_eq!(learner_folder(&p), LEARNER_FILES, "after a written edit");
    refused(&p, &["done", "many", "w1/vpc", "--evidence", "ftp://files.example.org/vpc.zip"]);
    assert_eq!(learner_folder(&p), LEARNER_FILES, "after an edit refused by validation");
    refused(&p, &["start", "lee-ji", "w2/dockerfile"]);
    assert_eq!(learner_folder(&p), LEARNER_FILES, "after an edit refused for the data it would discard");
    refused(&p, &["learner", "add", "bob", "--name", "Bob", "--mentor", "lea"]);
    assert_eq!(learner_folder(&p), LEARNER_FILES, "after a refused new learner");
}

#[test]
fn edits_that_would_discard_recorded_data_are_refused_unless_forced() {
    let p = project();
    let before = p.read(LEE_JI);
    for (args, lost) in [
        (&["start", "lee-ji", "w2/dockerfile"][..], "finish date 2026-09-22"),
        (&["block", "lee-ji", "w2/dockerfile"][..], "1 review(s)"),
        (&["skip", "lee-ji", "w2/dockerfile"][..], "1 evidence link(s)"),
        (&["start", "lee-ji", "w1/setup"][..], "finish date 2026-09-08"),
    ] {
        let r = run(&p, args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stdout);
        assert!(r.stderr.contains(lost) && r.stderr.contains("--force"), "{args:?}: {}", r.stderr);
        assert_eq!(p.read(LEE_JI), before, "{args:?} wrote");
    }
    let forced = run(&p, &["start", "lee-ji", "w1/setup", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(!p.read(LEE_JI).contains("w1/setup: {status: done"));
}

#[test]
fn future_dates_and_reviews_before_the_finish_are_refused() {
    let p = project();
    let before = p.read(LEE_JI);
    for args in [
        &["done", "lee-ji", "w1/vpc", "--date", "2026-10-02"][..],
        &["log", "lee-ji", "--hours", "1", "--date", "2027-01-01"][..],
        &["review", "lee-ji", "w2/dockerfile", "--changes", "--date", "2026-10-05"][..],
        &["review", "lee-ji", "w2/dockerfile", "--changes", "--date", "2026-09-21"][..],
    ] {
        let r = run(&p, args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stdout);
        assert!(r.stderr.contains("nothing was written"), "{args:?}: {}", r.stderr);
        assert_eq!(p.read(LEE_JI), before, "{args:?} wrote");
    }
    assert_eq!(run(&p, &["review", "lee-ji", "w2/dockerfile", "--changes", "--date", "2026-09-22"]).code, 0);
}

#[test]
fn hours_add_up_and_set_hours_replaces_the_total() {
    let p = project();
    let first = run(&p, &["done", "lee-ji", "w1/vpc", "--hours", "2"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stdout.ends_with(", hours 2\n"), "{}", first.stdout);
    let second = run(&p, &["done", "lee-ji", "w1/vpc", "--hours", "1.5"]);
    assert!(second.stdout.ends_with(", hours 3.5 (2 + 1.5; --set-hours replaces the total)\n"), "{}", second.stdout);
    assert!(p.read(LEE_JI).contains("    hours: 3.5\n"));
    let set = run(&p, &["done", "lee-ji", "w1/vpc", "--set-hours", "3"]);
    assert!(set.stdout.ends_with(", hours 3 (replaces 3.5)\n"), "{}", set.stdout);
    assert!(p.read(LEE_JI).contains("    hours: 3\n"));
    let before = p.read(LEE_JI);
    let both = run(&p, &["done", "lee-ji", "w1/vpc", "--hours", "1", "--set-hours", "2"]);
    assert_eq!(both.code, 2, "{}", both.stderr);
    assert_eq!(p.read(LEE_JI), before);
}

/// Run a command whose numbers clap must refuse: exit 2 (a usage error),
/// nothing on stdout, and not one byte changed anywhere. Returns stderr.
fn usage_error(p: &Project, args: &[&str]) -> String {
    let before = tree(p.path());
    let r = run(p, args);
    assert_eq!(r.code, 2, "{args:?} was not a usage error:\n{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "");
    assert_eq!(tree(p.path()), before, "{args:?} changed files");
    r.stderr
}

/// `--hours NaN` used to pass the command line and fail later (for `log`,
/// with a diagnostic showing a `.nan` line that was never in the file);
/// every hours flag now refuses what a learner file may not hold, up front.
#[test]
fn hours_that_are_not_a_finite_number_at_least_0_are_usage_errors() {
    let p = project();
    let hours_error = |value: &str, flag: &str| {
        format!(
            "error: invalid value '{value}' for '{flag} <H>': expected a finite number of hours, at least 0 (e.g. 1.5)\n\n\
             For more information, try '--help'.\n"
        )
    };
    for value in ["NaN", "inf", "-1", "1e400", "two"] {
        for command in ["start", "done", "skip", "block"] {
            for flag in ["--hours", "--set-hours"] {
                let err = usage_error(&p, &[command, "lee-ji", "w1/vpc", flag, value]);
                assert_eq!(err, hours_error(value, flag), "{command} {flag} {value}");
            }
        }
        let err = usage_error(&p, &["log", "lee-ji", "--hours", value]);
        assert_eq!(err, hours_error(value, "--hours"), "log --hours {value}");
    }
    // The `=` form and an exponent are numbers like any other.
    assert_eq!(usage_error(&p, &["log", "lee-ji", "--hours=-0.5"]), hours_error("-0.5", "--hours"));
    let (r, _) = edit(&p, LEE_JI, &["log", "lee-ji", "--hours", "15e-1"]);
    assert_eq!(r.stdout, "lee-ji: journal 2026-10-01, 1.5 h\n");
}

#[test]
fn a_pace_outside_0_to_10_is_a_usage_error() {
    let p = project();
    for value in ["0", "-1", "10.5", "NaN", "inf"] {
        let err = usage_error(&p, &["learner", "add", "bob", "--name", "Bob", "--pace", value]);
        assert_eq!(
            err,
            format!(
                "error: invalid value '{value}' for '--pace <P>': expected roadmap weeks per calendar week, \
                 more than 0 and at most 10 (e.g. 0.5)\n\nFor more information, try '--help'.\n"
            ),
            "--pace {value}"
        );
    }
    assert!(!p.file("roadmap/learners/bob.yaml").exists());
    assert_eq!(run(&p, &["learner", "add", "bob", "--name", "Bob", "--pace", "10"]).code, 0);
}

#[test]
fn done_again_keeps_an_approved_finish_and_a_resubmission_awaits_review_again() {
    let p = project();
    let (r, d) = edit(&p, LEE_JI, &["review", "lee-ji", "w2/dockerfile", "--approve", "--date", "2026-09-25"]);
    assert!(r.stdout.contains("approved"), "{}", r.stdout);
    assert!(d.iter().all(|l| l.starts_with('+')), "{d:?}");
    let before = p.read(LEE_JI);
    // Done again: the recorded finish date stays.
    let again = run(&p, &["done", "lee-ji", "w2/dockerfile"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.contains("already recorded; nothing changed"), "{}", again.stdout);
    // A new finish date would send approved work back to the queue.
    let moved = run(&p, &["done", "lee-ji", "w2/dockerfile", "--date", "2026-09-30"]);
    assert_eq!(moved.code, 1, "{}", moved.stdout);
    assert!(
        moved.stderr.contains("was finished 2026-09-22 and approved") && moved.stderr.contains("--force"),
        "{}",
        moved.stderr
    );
    assert_eq!(p.read(LEE_JI), before);
    // Re-opening it names the way to ask for more work.
    let reopen = run(&p, &["start", "lee-ji", "w2/dockerfile"]);
    assert_eq!(reopen.code, 1);
    assert!(reopen.stderr.contains("waymark review lee-ji w2/dockerfile --changes"), "{}", reopen.stderr);
    assert_eq!(p.read(LEE_JI), before);
    // After "changes", done again is the resubmission: a new finish date.
    edit(&p, LEE_JI, &["review", "lee-ji", "w2/dockerfile", "--changes", "--date", "2026-09-27"]);
    let (r, d) = edit(&p, LEE_JI, &["done", "lee-ji", "w2/dockerfile", "--date", "2026-09-29"]);
    assert!(r.stdout.contains("finished 2026-09-29 (resubmitted: awaits review again)"), "{}", r.stdout);
    assert_eq!(d, lines(&["-    finished: 2026-09-22", "+    finished: 2026-09-29"]));
    let report = run(&p, &["report", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    let waiting: Vec<&str> =
        json["awaiting_review"].as_array().unwrap().iter().map(|a| a["task"].as_str().unwrap()).collect();
    assert!(waiting.contains(&"w2/dockerfile"), "{json}");
}
