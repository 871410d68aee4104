//! Property tests through the real binary (SPEC §3: "no input file, however
//! broken, makes waymark panic"). Each case copies tests/fixtures/valid/basic,
//! replaces one cohort, roadmap, translation or learner file with arbitrary
//! bytes, a generated YAML-shaped document, or the fixture file with a few
//! lines mutated, and runs `check`, `build --out`, and one edit command.
//! Every run must end by itself with exit 0 or 1 and nothing "panicked" on
//! stderr; a refused edit must leave the learner file byte-identical and no
//! temporary file behind; and `build` must agree with `check` on whether the
//! project is valid.
//!
//! Running the binary costs a few tens of milliseconds, so the case counts
//! are small; `PROPTEST_CASES=1000 cargo test --test it fuzz::` runs more.
//! The fast in-process properties of the loader and the Markdown sanitiser
//! are in props.rs.

use std::io::Read as _;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{self, yaml_gen, Project};
use proptest::prelude::*;
use proptest::sample::select;

const TODAY: &str = "2026-10-01";
/// Far more than any run needs (they take milliseconds): past this it hangs.
const HANG: Duration = Duration::from_secs(30);

/// Which file a case replaces, what kind it is, and which learner the edit
/// command then changes (the replaced one, or an untouched one).
const TARGETS: &[(&str, &str, &str)] = &[
    ("roadmap/cohort.yaml", "cohort", "jung"),
    ("roadmap/roadmap.yaml", "roadmap", "jung"),
    ("roadmap/roadmap.en.yaml", "roadmap", "kim"),
    ("roadmap/learners/choi.yaml", "learner", "choi"),
    ("roadmap/learners/kim.yaml", "learner", "kim"),
    ("roadmap/learners/fuzz.yaml", "learner", "fuzz"),
];

/// Edit commands; `L` is replaced by the learner id.
const EDITS: &[&[&str]] = &[
    &["done", "L", "terraform-vpc/setup"],
    &["start", "L", "docker/compose", "--hours", "2", "--note", "*x* <script>alert(1)</script>"],
    &["skip", "L", "ci-cd/pipeline", "--date", "2026-09-30"],
    &["block", "L", "vpc"],
    &[
        "done",
        "L",
        "terraform-vpc/network",
        "--evidence",
        "https://example.com/1",
        "--evidence",
        "https://example.com/2",
    ],
    &["log", "L", "--hours", "1.5", "--note", "journal"],
    &["review", "L", "terraform-vpc/vpc", "--approve", "--by", "lee", "-m", "ok"],
    &["review", "L", "docker/dockerfile", "--changes", "-m", "again", "--private"],
];

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn config(default: u32) -> ProptestConfig {
    // Shrinking re-runs the binary for every candidate: bound it.
    ProptestConfig { cases: cases(default), max_shrink_iters: 200, ..ProptestConfig::default() }
}

struct Outcome {
    code: Option<i32>,
    stderr: String,
}

/// Run waymark in `dir`, killing it if it has not finished after [`HANG`].
fn run(dir: &Path, args: &[&str]) -> Result<Outcome, TestCaseError> {
    let mut all = vec!["--today", TODAY];
    all.extend_from_slice(args);
    let mut child = common::bin()
        .current_dir(dir)
        .args(&all)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| TestCaseError::fail(format!("cannot run waymark: {e}")))?;
    // Read stderr on a thread so a chatty child cannot block on a full pipe.
    let mut pipe = child.stderr.take().expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = pipe.read_to_end(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| TestCaseError::fail(e.to_string()))? {
            break status;
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            return Err(TestCaseError::fail(format!("`waymark {}` hung for {HANG:?}", all.join(" "))));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = String::from_utf8_lossy(&reader.join().unwrap_or_default()).into_owned();
    Ok(Outcome { code: status.code(), stderr })
}

/// Exit 0 or 1, not killed by a signal, no panic message.
fn sane(o: &Outcome, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(!o.stderr.contains("panicked"), "{what} panicked:\n{}", o.stderr);
    prop_assert!(
        matches!(o.code, Some(0 | 1)),
        "{what} exited with {:?} (0 or 1 expected; None = killed by a signal):\n{}",
        o.code,
        o.stderr
    );
    Ok(())
}

/// Put `bytes` in place of `target` in a copy of the fixture and run the commands.
fn exercise(target: (&str, &str, &str), bytes: &[u8], edit: &[&str]) -> Result<(), TestCaseError> {
    let (file, _, learner) = target;
    let p = Project::copy("valid", "basic");
    std::fs::write(p.file(file), bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;

    let check = run(p.path(), &["check"])?;
    sane(&check, "check")?;
    let build = run(p.path(), &["build", "--out", "_site"])?;
    sane(&build, "build")?;
    prop_assert_eq!(
        check.code,
        build.code,
        "check and build disagree on whether the project is valid\ncheck:\n{}\nbuild:\n{}",
        check.stderr,
        build.stderr
    );

    let learner_file = p.file(&format!("roadmap/learners/{learner}.yaml"));
    let before = std::fs::read(&learner_file).ok();
    let args: Vec<&str> = edit.iter().map(|a| if *a == "L" { learner } else { a }).collect();
    let edited = run(p.path(), &args)?;
    sane(&edited, &args.join(" "))?;
    if edited.code != Some(0) {
        prop_assert!(
            std::fs::read(&learner_file).ok() == before,
            "`{}` failed but changed {}:\n{}",
            args.join(" "),
            learner_file.display(),
            edited.stderr
        );
    }
    let leftovers: Vec<String> = std::fs::read_dir(p.file("roadmap/learners"))
        .map_err(|e| TestCaseError::fail(e.to_string()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    prop_assert!(leftovers.is_empty(), "temporary files left behind: {leftovers:?}");
    Ok(())
}

fn target() -> impl Strategy<Value = (&'static str, &'static str, &'static str)> {
    select(TARGETS)
}

fn edit() -> impl Strategy<Value = &'static [&'static str]> {
    select(EDITS)
}

/// The fixture's text of `file` (a new learner starts from kim's).
fn fixture_text(file: &str) -> &'static str {
    match file {
        "roadmap/cohort.yaml" => include_str!("../fixtures/valid/basic/roadmap/cohort.yaml"),
        "roadmap/roadmap.yaml" => include_str!("../fixtures/valid/basic/roadmap/roadmap.yaml"),
        "roadmap/roadmap.en.yaml" => include_str!("../fixtures/valid/basic/roadmap/roadmap.en.yaml"),
        "roadmap/learners/choi.yaml" => include_str!("../fixtures/valid/basic/roadmap/learners/choi.yaml"),
        _ => include_str!("../fixtures/valid/basic/roadmap/learners/kim.yaml"),
    }
}

proptest! {
    #![proptest_config(config(48))]

    /// Bytes that are not YAML, often not UTF-8.
    #[test]
    fn arbitrary_bytes_never_crash_a_command(
        target in target(),
        bytes in prop_oneof![
            3 => proptest::collection::vec(any::<u8>(), 0..600),
            1 => proptest::collection::vec(select(&b"\x00\xff\xfe\xef\xbb\xbf\t\r\n :-[]{}&*!|>'\"#%@`,?"[..]), 0..200),
        ],
        edit in edit(),
    ) {
        exercise(target, &bytes, edit)?;
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Generated documents with the real keys and odd values and layouts.
    #[test]
    fn yaml_shaped_documents_never_crash_a_command(
        (target, text) in target().prop_flat_map(|t| (Just(t), yaml_gen::document(t.1))),
        edit in edit(),
    ) {
        exercise(target, text.as_bytes(), edit)?;
    }

    /// The fixture's own files with a few lines changed: mostly valid, so
    /// these reach validation, the schedule, rendering and the editor.
    #[test]
    fn mutated_fixture_files_never_crash_a_command(
        (target, text) in target().prop_flat_map(|t| (Just(t), yaml_gen::mutated(fixture_text(t.0)))),
        edit in edit(),
    ) {
        exercise(target, text.as_bytes(), edit)?;
    }
}

/// Regression (found by `mutated_fixture_files_never_crash_a_command`):
/// `theme: <missing>` in cohort.yaml passed `check` but stopped `build`, so a
/// pull request could pass CI and then break the Pages deploy.
#[test]
fn check_reports_a_missing_theme_that_would_stop_build() {
    let p = Project::copy("valid", "basic");
    let cohort = p.read("roadmap/cohort.yaml").replace("language: ko\n", "language: ko\ntheme: skipped\n");
    p.write("roadmap/cohort.yaml", &cohort);
    let check = run(p.path(), &["check"]).unwrap();
    assert_eq!(check.code, Some(1), "{}", check.stderr);
    assert!(check.stderr.contains("theme `skipped` not found"), "{}", check.stderr);
    let build = run(p.path(), &["build", "--out", "_site"]).unwrap();
    assert_eq!(build.code, Some(1), "{}", build.stderr);
}

/// The crash detector itself: a panic, exit 101 and death by a signal are
/// all caught, or the properties above could never fail.
#[test]
fn the_crash_check_catches_panics_and_signals() {
    let panic = Outcome { code: Some(101), stderr: "thread 'main' panicked at src/x.rs:1:1:\nboom".into() };
    let signal = Outcome { code: None, stderr: String::new() };
    let bad_usage = Outcome { code: Some(2), stderr: "error: unexpected argument".into() };
    for o in [panic, signal, bad_usage] {
        assert!(sane(&o, "waymark").is_err(), "not caught: {:?} {}", o.code, o.stderr);
    }
    assert!(sane(&Outcome { code: Some(1), stderr: "error: unknown task".into() }, "waymark").is_ok());
}
