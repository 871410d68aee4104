//! `waymark init` and `waymark schema` through the real binary: a new project
//! checks clean and builds offline; the schemas are what editors need.

use crate::common::{self, run_in, tree};

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
    // The default roadmap is the one this repository ships, its schema
    // comment pointing at the project's own schemas/ folder.
    let shipped =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("roadmap/roadmap.yaml")).unwrap();
    let written = String::from_utf8(files["roadmap/roadmap.yaml"].clone()).unwrap();
    assert_eq!(written.split_once('\n').unwrap().1, shipped.split_once('\n').unwrap().1);
    assert!(written.starts_with("# yaml-language-server: $schema=../schemas/roadmap.schema.json\n"));

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
        "gh api \"repos/$GITHUB_REPOSITORY/pages\"",
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
fn init_takes_the_title_language_start_and_time_zone_and_can_leave_the_example_out() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(
        dir.path(),
        &[
            "init",
            "study",
            "--title",
            "Platform team: cohort 1",
            "--language",
            "en",
            "--start",
            "2026-09-14",
            "--timezone",
            "Europe/Berlin",
            "--no-example",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("example"), "{}", r.stdout);
    let root = dir.path().join("study");
    assert!(root.join("roadmap/learners").is_dir(), "learner add has a folder to write into");
    assert_eq!(std::fs::read_dir(root.join("roadmap/learners")).unwrap().count(), 0);
    let cohort: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("roadmap/cohort.yaml")).unwrap()).unwrap();
    assert_eq!(cohort["title"], "Platform team: cohort 1");
    assert_eq!(cohort["language"], "en");
    assert_eq!(cohort["start"], "2026-09-14");
    assert_eq!(cohort["timezone"], "Europe/Berlin");
    assert_eq!(cohort["mentors"][0]["name"], "Mentor");

    let check = run_in(&root, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stdout.contains("0 learners"), "{}", check.stdout);
    let build = run_in(&root, &["--today", "2026-09-20", "build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let index = std::fs::read_to_string(root.join("site/index.html")).unwrap();
    assert!(index.contains("<html lang=\"en\""), "the site is in English");
    assert!(index.contains("Platform team: cohort 1"));

    // The English example learner, when it is wanted.
    let en = tempfile::tempdir().unwrap();
    assert_eq!(run_in(en.path(), &["init", "--language", "en"]).code, 0);
    let learner = std::fs::read_to_string(en.path().join("roadmap/learners/example.yaml")).unwrap();
    assert!(learner.contains("name: Example learner"), "{learner}");
}

#[test]
fn init_refuses_a_bad_start_or_time_zone_before_writing_anything() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["init", "--timezone", "Asia/Seol"][..], &["init", "--start", "2026-02-30"]] {
        let r = run_in(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(args[2]), "{}", r.stderr);
    }
    let r = run_in(dir.path(), &["init", "--timezone", "Asia/Seol"]);
    assert!(r.stderr.contains("did you mean `Asia/Seoul`?"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// Every `# yaml-language-server: $schema=PATH` in `text` (of the file at
/// `file`), with whether PATH resolves to a file.
fn schema_refs(file: &std::path::Path, text: &str) -> Vec<(String, bool)> {
    text.lines()
        .filter_map(|l| l.split_once("# yaml-language-server: $schema=").map(|(_, r)| r.trim().to_string()))
        .map(|r| {
            let ok = file.parent().unwrap().join(&r).is_file();
            (r, ok)
        })
        .collect()
}

#[test]
fn every_schema_comment_names_a_schema_that_exists() {
    // In this repository: every YAML file git knows, but the scaffold's
    // templates, whose paths are relative to where init writes them.
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let listed = std::process::Command::new("git").args(["ls-files", "*.yaml", "*.yml"]).current_dir(repo).output();
    let mut seen = 0;
    for rel in String::from_utf8(listed.unwrap().stdout).unwrap().lines().filter(|r| !r.starts_with("src/scaffold/")) {
        let path = repo.join(rel);
        for (r, ok) in schema_refs(&path, &String::from_utf8_lossy(&std::fs::read(&path).unwrap())) {
            assert!(ok, "{rel}: $schema={r} does not exist");
            seen += 1;
        }
    }
    assert!(seen >= 8, "the cohort, the roadmaps and the example learners name their schema ({seen} found)");

    // In a new project, and in the file `learner add` writes there.
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["init"]).code, 0);
    let r = run_in(dir.path(), &["learner", "add", "kim", "--name", "Kim"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut kinds = Vec::new();
    for (rel, text) in tree(dir.path()) {
        if !rel.ends_with(".yaml") {
            continue;
        }
        let refs = schema_refs(&dir.path().join(&rel), &String::from_utf8(text).unwrap());
        assert_eq!(refs.len(), 1, "{rel} names its schema once");
        assert!(refs[0].1, "{rel}: $schema={} does not exist", refs[0].0);
        kinds.push(format!("{rel} {}", refs[0].0));
    }
    assert!(kinds.contains(&"roadmap/learners/kim.yaml ../../schemas/learner.schema.json".to_string()), "{kinds:?}");
    assert!(kinds.contains(&"roadmap/roadmap.en.yaml ../schemas/roadmap.schema.json".to_string()), "{kinds:?}");
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

/// Run the `run:` steps of a generated workflow in order, as a runner does,
/// with a `gh` that answers the Pages API as GitHub would; how many ran.
#[cfg(unix)]
fn run_workflow_steps(project: &std::path::Path, workflow: &str, bin_dir: &std::path::Path) -> usize {
    let text = std::fs::read_to_string(project.join(".github/workflows").join(workflow)).unwrap();
    let mut values = common::workflow::values([("github.token", "test-token"), ("runner.os", "Linux")]);
    let steps = common::workflow::steps(&text);
    for step in &steps {
        let out = common::workflow::run(step, project, bin_dir, &mut values, &[("GITHUB_REPOSITORY", "octo/study")]);
        assert!(
            out.status.success(),
            "{workflow}: step `{}` failed:\nstdout:\n{}\nstderr:\n{}",
            step.name,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    steps.len()
}

#[cfg(unix)]
#[test]
fn the_generated_workflows_run_as_written_and_publish_a_site() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["init", "study"]).code, 0);
    let project = dir.path().join("study");
    let bin_dir = common::workflow::bin_dir(dir.path());
    // GitHub's answer to GET /repos/octo/study/pages, as `gh api … --jq .html_url` prints it.
    common::workflow::script(
        &bin_dir.join("gh"),
        "#!/bin/sh\n[ \"$*\" = 'api repos/octo/study/pages --jq .html_url' ] && [ \"$GH_TOKEN\" = test-token ] \
         && echo https://octo.github.io/study/ && exit 0\necho \"gh: unexpected: $*\" >&2; exit 1\n",
    );

    assert_eq!(run_workflow_steps(&project, "check.yml", &bin_dir), 1);
    assert_eq!(run_workflow_steps(&project, "pages.yml", &bin_dir), 3);
    let index = std::fs::read_to_string(project.join("site/index.html")).expect("the workflow built site/index.html");
    assert!(index.contains("<html"), "{index}");
    let sitemap = std::fs::read_to_string(project.join("site/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://octo.github.io/study/</loc>"),
        "the Pages address reached the build:\n{sitemap}"
    );
}

#[test]
fn upgrade_workflows_rewrites_the_two_workflows_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["--today", "2026-09-07", "init"]).code, 0);
    let fresh = tree(dir.path());
    std::fs::write(dir.path().join(".github/workflows/check.yml"), "old\n").unwrap();
    std::fs::remove_file(dir.path().join(".github/workflows/pages.yml")).unwrap();
    std::fs::write(dir.path().join("roadmap/cohort.yaml"), "title: mine\n").unwrap();
    let r = run_in(dir.path(), &["init", "--upgrade-workflows"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("created .github/workflows/pages.yml"), "{}", r.stdout);
    assert!(r.stdout.contains("updated .github/workflows/check.yml"), "{}", r.stdout);
    let mut after = tree(dir.path());
    assert_eq!(after.remove("roadmap/cohort.yaml").unwrap(), b"title: mine\n");
    let mut fresh = fresh;
    fresh.remove("roadmap/cohort.yaml");
    assert_eq!(after, fresh);
    let r = run_in(dir.path(), &["init", "--upgrade-workflows"]);
    assert!(r.stdout.contains("unchanged .github/workflows/check.yml"), "{}", r.stdout);
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(run_in(empty.path(), &["init", "--upgrade-workflows"]).code, 1);
}
