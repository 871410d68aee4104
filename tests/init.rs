//! `waymark init` and `waymark schema` through the real binary: a new project
//! checks clean and builds offline; the schemas are what editors need.

mod common;

use common::{run_in, tree};

#[test]
fn init_scaffolds_a_project_that_checks_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["--today", "2026-09-07", "init", "study"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let root = dir.path().join("study");
    let files = tree(&root);
    for path in [
        "roadmap/cohort.yaml",
        "roadmap/roadmap.yaml",
        "roadmap/roadmap.en.yaml",
        "roadmap/learners/example.yaml",
        ".github/workflows/pages.yml",
        ".github/workflows/check.yml",
        ".gitignore",
        "schemas/cohort.schema.json",
        "schemas/roadmap.schema.json",
        "schemas/learner.schema.json",
    ] {
        assert!(files.contains_key(path), "{path} missing");
    }
    let cohort = String::from_utf8(files["roadmap/cohort.yaml"].clone()).unwrap();
    assert!(cohort.starts_with("# yaml-language-server: $schema=../schemas/cohort.schema.json\n"));
    assert!(cohort.contains("start: 2026-09-07"));
    assert!(String::from_utf8_lossy(&files[".gitignore"]).contains("/site/"));
    // The default roadmap is the one this repository ships.
    let shipped = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("roadmap/roadmap.yaml")).unwrap();
    assert_eq!(files["roadmap/roadmap.yaml"], shipped);

    let check = run_in(&root, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stdout.starts_with("ok: 10 weeks"), "{}", check.stdout);
    let build = run_in(&root, &["--today", "2026-09-20", "build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(root.join("site/learners/example/index.html").is_file());
}

#[test]
fn the_pages_workflow_has_the_official_shape() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["init"]).code, 0);
    let wf = std::fs::read_to_string(dir.path().join(".github/workflows/pages.yml")).unwrap();
    let steps = [
        "actions/checkout@",
        "actions/configure-pages@",
        "waymark check --format github",
        "waymark build",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ];
    let mut at = 0;
    for step in steps {
        let i = wf[at..].find(step).unwrap_or_else(|| panic!("{step} missing or out of order"));
        at += i;
    }
    assert!(wf.contains("pages: write") && wf.contains("id-token: write"));
}

#[test]
fn init_refuses_to_overwrite_a_project() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["init"]).code, 0);
    std::fs::write(dir.path().join("roadmap/cohort.yaml"), "title: mine\n").unwrap();
    let r = run_in(dir.path(), &["init"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("already holds a waymark project"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(dir.path().join("roadmap/cohort.yaml")).unwrap(), "title: mine\n");
}

#[test]
fn schema_writes_the_three_json_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["schema", "--out", "s"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (file, title) in
        [("cohort.schema.json", "cohort.yaml"), ("roadmap.schema.json", "roadmap"), ("learner.schema.json", "learner")]
    {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("s").join(file)).unwrap()).unwrap();
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(v["title"], title);
        assert_eq!(v["additionalProperties"], false, "{file}: unknown keys are errors for editors too");
    }
    let learner: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("s/learner.schema.json")).unwrap()).unwrap();
    assert_eq!(
        learner["$defs"]["progress"]["properties"]["status"]["enum"],
        serde_json::json!(["doing", "done", "skipped", "blocked"])
    );
}
