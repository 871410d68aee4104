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
    // comment pointing at the project's own schemas/ folder, and the next
    // line at the reference of its keys.
    let shipped =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("roadmap/roadmap.yaml")).unwrap();
    let written = String::from_utf8(files["roadmap/roadmap.yaml"].clone()).unwrap();
    let (docs_line, rest) = written.split_once('\n').unwrap().1.split_once('\n').unwrap();
    assert_eq!(rest, shipped.split_once('\n').unwrap().1);
    assert!(docs_line.starts_with("# Every key: `waymark docs configuration`"), "{docs_line}");
    assert!(written.starts_with("# yaml-language-server: $schema=../schemas/roadmap.schema.json\n"));

    let check = run_in(&root, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stdout.starts_with("문제 없음: 10주, 과제 63개, 학습자 1명, 번역 1개"), "{}", check.stdout);
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
fn an_english_cohort_edits_its_roadmap_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["--today", "2026-09-07", "init", "--language", "en"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Made in the current folder: the next step needs no `cd`.
    assert!(r.stdout.contains("\nNext: waymark serve"), "{}", r.stdout);
    let root = dir.path();
    let source = std::fs::read_to_string(root.join("roadmap/roadmap.yaml")).unwrap();
    let korean = std::fs::read_to_string(root.join("roadmap/roadmap.ko.yaml")).unwrap();
    assert!(!root.join("roadmap/roadmap.en.yaml").exists(), "English is the source, not a translation");
    let title = |text: &str| serde_yaml::from_str::<serde_yaml::Value>(text).unwrap()["title"].clone();
    assert_eq!(title(&source), "DevOps in 10 weeks");
    assert_eq!(title(&korean), "DevOps 10주 로드맵");
    assert!(source.starts_with("# yaml-language-server: $schema=../schemas/roadmap.schema.json\n"));
    assert!(source.contains("\n# The roadmap: a 10-week DevOps path. Edit it here"), "{}", &source[..300]);

    // A task added to roadmap.yaml, in English only: the site shows it and
    // check warns that the Korean translation lacks it, without failing.
    let added = source.replacen(
        "    tasks:\n",
        "    tasks:\n      - id: read-the-team-runbook\n        title: Read the team's runbook\n        hours: 1\n",
        1,
    );
    assert_ne!(added, source, "the roadmap has a `tasks:` list to add to");
    std::fs::write(root.join("roadmap/roadmap.yaml"), &added).unwrap();
    let check = run_in(root, &["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains("warning: task `")
            && check.stdout.contains("read-the-team-runbook` of roadmap.yaml is missing from this translation"),
        "{}",
        check.stdout
    );
    let build = run_in(root, &["--today", "2026-09-20", "build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let roadmap_page = std::fs::read_to_string(root.join("site/roadmap/index.html")).unwrap();
    assert!(roadmap_page.contains("Read the team&#39;s runbook") || roadmap_page.contains("Read the team's runbook"));

    // The same task added only to a translation is an error that says
    // where tasks are added.
    let ko = tempfile::tempdir().unwrap();
    assert_eq!(run_in(ko.path(), &["init", "--language", "en", "--no-example"]).code, 0);
    let translated = korean.replacen(
        "    tasks:\n",
        "    tasks:\n      - id: only-here\n        title: 여기만\n        hours: 1\n",
        1,
    );
    std::fs::write(ko.path().join("roadmap/roadmap.ko.yaml"), translated).unwrap();
    let check = run_in(ko.path(), &["check"]);
    assert_eq!(check.code, 1);
    assert!(check.stderr.contains("only-here` is not in roadmap.yaml"), "{}", check.stderr);
    assert!(check.stderr.contains("add the task there first"), "{}", check.stderr);
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

#[cfg(unix)]
#[test]
fn the_generated_workflows_run_as_written_and_publish_a_site() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["init", "study"]).code, 0);
    let (origin, sha) = common::workflow::origin_of(&dir.path().join("study"));
    let home = tempfile::tempdir().unwrap();
    let bin_dir = common::workflow::bin_dir(home.path());
    common::workflow::fake_gh(&bin_dir, &home.path().join("gh"), true);
    let runner = common::workflow::Runner {
        origin: origin.path().to_path_buf(),
        sha,
        bin_dir,
        values: common::workflow::values([("github.token", "test-token"), ("runner.os", "Linux")]),
        env: vec![("GITHUB_REPOSITORY".into(), "octo/study".into())],
        home: home.path().to_path_buf(),
    };
    let check = runner.run(&std::fs::read_to_string(dir.path().join("study/.github/workflows/check.yml")).unwrap());
    assert!(check.succeeded(), "{}", check.log());
    // The install step checked the vendored package's SHA-256.
    assert!(check.step("Install waymark").stdout.contains("waymark-roadmap-0.1.0.tar.gz: OK"), "{}", check.log());
    let pages = runner.run(&std::fs::read_to_string(dir.path().join("study/.github/workflows/pages.yml")).unwrap());
    assert!(pages.succeeded(), "{}", pages.log());
    assert_eq!(pages.step("actions/deploy-pages").outcome, "success");
    let site = pages.workspaces["build"].path().join("site");
    let index = std::fs::read_to_string(site.join("index.html")).expect("the workflow built site/index.html");
    assert!(index.contains("<html"), "{index}");
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://octo.github.io/study/</loc>"),
        "the Pages address reached the build:\n{sitemap}"
    );
}

/// The vendored install: `init` packs this version's source into
/// `.waymark/`, the install step checks its SHA-256 with `sha256sum -c` and
/// builds it with `cargo install --locked --path`; the package holds every
/// file `cargo package` would publish and is a package Cargo reads.
#[cfg(unix)]
#[test]
fn the_install_step_checks_and_builds_the_vendored_package() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["init", "study"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("created .waymark/waymark-roadmap-0.1.0.tar.gz (waymark's source, SHA-256 "),
        "{}",
        r.stdout
    );
    let (origin, sha) = common::workflow::origin_of(&dir.path().join("study"));
    let home = tempfile::tempdir().unwrap();
    // No waymark on PATH: a cargo that records how it was called and has
    // Cargo read the package it is given.
    let bin_dir = home.path().join("bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    common::workflow::script(
        &bin_dir.join("cargo"),
        &format!(
            "#!/bin/sh
echo \"$*\" > \"$HOME/cargo.args\"
[ \"$1 $2 $3\" = 'install --locked --path' ] || exit 3
             cp -r \"$4\" \"$HOME/package\"
             exec '{cargo}' metadata --offline --no-deps --format-version 1 --manifest-path \"$4/Cargo.toml\" > \"$HOME/metadata.json\"
"
        ),
    );
    let runner = common::workflow::Runner {
        origin: origin.path().to_path_buf(),
        sha,
        bin_dir,
        values: common::workflow::values([("github.token", "t"), ("runner.os", "Linux")]),
        env: vec![],
        home: home.path().to_path_buf(),
    };
    let check = runner.run(&std::fs::read_to_string(dir.path().join("study/.github/workflows/check.yml")).unwrap());
    let install = check.step("Install waymark");
    assert_eq!(install.outcome, "success", "{}", check.log());
    assert_eq!(install.stdout, ".waymark/waymark-roadmap-0.1.0.tar.gz: OK\n");
    let args = std::fs::read_to_string(home.path().join("cargo.args")).unwrap();
    assert!(args.starts_with("install --locked --path "), "{args}");
    assert!(args.contains("/waymark-roadmap-0.1.0 --target-dir "), "{args}");
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(home.path().join("metadata.json")).unwrap()).unwrap();
    assert_eq!(meta["packages"][0]["name"], "waymark-roadmap");
    assert_eq!(meta["packages"][0]["version"], "0.1.0");
    // Every file `cargo package` publishes is in the package, and no other.
    let listed = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
    let mut want: Vec<String> = String::from_utf8(listed.stdout)
        .unwrap()
        .lines()
        .filter(|l| !matches!(*l, "Cargo.toml.orig" | ".cargo_vcs_info.json"))
        .map(str::to_string)
        .collect();
    want.sort();
    let have: Vec<String> = tree(&home.path().join("package")).into_keys().collect();
    assert_eq!(have, want);
    // A tampered package stops the install before anything is built.
    std::fs::remove_file(home.path().join("cargo.args")).unwrap();
    let work = tempfile::tempdir().unwrap();
    common::workflow::git(work.path(), &["clone", "-q", origin.path().to_str().unwrap(), "."]);
    let pkg = work.path().join(".waymark/waymark-roadmap-0.1.0.tar.gz");
    let mut bytes = std::fs::read(&pkg).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&pkg, bytes).unwrap();
    common::workflow::git(work.path(), &["commit", "-qam", "Tamper"]);
    common::workflow::git(work.path(), &["push", "-q", "origin", "HEAD:main"]);
    let runner = common::workflow::Runner {
        sha: common::workflow::git(work.path(), &["rev-parse", "HEAD"]).trim().into(),
        ..runner
    };
    let check = runner.run(&std::fs::read_to_string(dir.path().join("study/.github/workflows/check.yml")).unwrap());
    assert_eq!(check.step("Install waymark").outcome, "failure");
    assert!(check.step("Install waymark").stdout.contains("FAILED"), "{}", check.log());
    assert!(!home.path().join("cargo.args").exists(), "nothing was built");
}

/// `init --upgrade-workflows`: a workflow as waymark wrote it is replaced,
/// a missing one written, an edited one left alone with its diff shown and
/// a hint (`--force` replaces it); nothing else changes.
#[test]
fn upgrade_workflows_replaces_unedited_writes_missing_and_keeps_edited() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["--today", "2026-09-07", "init"]).code, 0);
    let fresh = tree(dir.path());
    let wf = |name: &str| dir.path().join(".github/workflows").join(name);
    // check.yml as an older version wrote it (header and hash agree).
    let old_check = {
        let text = std::fs::read_to_string(wf("check.yml")).unwrap();
        let body = text.split_once('\n').unwrap().1.replace("--format github", "--format human");
        let hash = xxhash_rust::xxh3::xxh3_64(body.as_bytes());
        format!("# Written by waymark 0.0.9; `waymark init --upgrade-workflows` replaces it unless edited. waymark-xxh3: {hash:016x}\n{body}")
    };
    std::fs::write(wf("check.yml"), &old_check).unwrap();
    std::fs::remove_file(wf("pages.yml")).unwrap();
    let edited =
        std::fs::read_to_string(wf("digest.yml")).unwrap().replace("cron: \"0 0 * * 1\"", "cron: \"0 1 * * 1\"");
    std::fs::write(wf("digest.yml"), &edited).unwrap();
    std::fs::write(dir.path().join(".waymark/waymark-roadmap-0.0.9.tar.gz"), "old").unwrap();
    std::fs::write(dir.path().join("roadmap/cohort.yaml"), "title: mine\n").unwrap();

    let r = run_in(dir.path(), &["init", "--upgrade-workflows"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("  created .github/workflows/pages.yml\n"), "{}", r.stdout);
    assert!(r.stdout.contains("  updated .github/workflows/check.yml\n"), "{}", r.stdout);
    assert!(r.stdout.contains("  unchanged .github/workflows/progress.yml\n"), "{}", r.stdout);
    assert!(r.stdout.contains("  removed .waymark/waymark-roadmap-0.0.9.tar.gz\n"), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "  kept .github/workflows/digest.yml: edited since waymark wrote it; this version's would change it so:\n\
             --- .github/workflows/digest.yml\n+++ .github/workflows/digest.yml (waymark 0.1.0)\n"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("\n-    - cron: \"0 1 * * 1\"\n+    - cron: \"0 0 * * 1\"\n"), "{}", r.stdout);
    assert!(
        r.stderr.contains("1 workflow was left alone as edited: .github/workflows/digest.yml; merge the changes above by hand, or run `waymark init --upgrade-workflows --force` to replace them"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(wf("digest.yml")).unwrap(), edited, "never silently overwritten");
    let mut after = tree(dir.path());
    assert_eq!(after.remove("roadmap/cohort.yaml").unwrap(), b"title: mine\n");
    after.remove(".github/workflows/digest.yml");
    let mut fresh = fresh;
    fresh.remove("roadmap/cohort.yaml");
    fresh.remove(".github/workflows/digest.yml");
    assert_eq!(after, fresh);

    let r = run_in(dir.path(), &["init", "--upgrade-workflows", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("  updated .github/workflows/digest.yml\n"), "{}", r.stdout);
    assert!(r.stdout.contains("  unchanged .github/workflows/check.yml\n"), "{}", r.stdout);
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(run_in(empty.path(), &["init", "--upgrade-workflows"]).code, 1);
}

/// `--install-from registry`: the workflows install the published crate and
/// no package is kept in the repository.
#[test]
fn install_from_registry_installs_the_published_crate_and_removes_the_package() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["init"]).code, 0);
    assert!(dir.path().join(".waymark/waymark-roadmap-0.1.0.tar.gz").is_file());
    let r = run_in(dir.path(), &["init", "--upgrade-workflows", "--install-from", "registry"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("  removed .waymark/waymark-roadmap-0.1.0.tar.gz\n"), "{}", r.stdout);
    let check = std::fs::read_to_string(dir.path().join(".github/workflows/check.yml")).unwrap();
    assert!(check.contains("run: command -v waymark || cargo install --locked waymark-roadmap@0.1.0\n"), "{check}");
    assert!(!check.contains(".waymark/"), "{check}");
}
