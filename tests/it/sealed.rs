//! Sealed learner files, through the real binary: what the repository and
//! the public build show of a sealed learner (nothing), what the key opens
//! (everything, as if the file were plain), edits that keep the file sealed,
//! and wrong keys and damaged files that stop with a diagnostic and write
//! nothing. Every run gets an empty HOME, so no key of the machine running
//! the tests is found at ~/.ssh.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use age::secrecy::ExposeSecret as _;

use crate::common::{bin, tree, Project, Run};

const TODAY: &str = "2026-10-01";
/// What `secret.yaml` of the basic fixture says that no one else may read.
const SECRETS: [&str; 3] = ["Hidden Person", "private-pr", "secret"];

/// The basic fixture whose cohort lists `recipients`, an empty HOME, and key files outside the project.
struct Sealed {
    project: Project,
    home: tempfile::TempDir,
    key: PathBuf,
}

fn key_file(dir: &Path, name: &str) -> (PathBuf, String) {
    let id = age::x25519::Identity::generate();
    let path = dir.join(name);
    std::fs::write(&path, format!("# a test key\n{}\n", id.to_string().expose_secret())).unwrap();
    (path, id.to_public().to_string())
}

impl Sealed {
    fn new() -> Sealed {
        let project = Project::copy("valid", "basic");
        let home = tempfile::tempdir().unwrap();
        let (key, public) = key_file(home.path(), "key.txt");
        let cohort = project.read("roadmap/cohort.yaml");
        project.write("roadmap/cohort.yaml", &format!("{cohort}recipients:\n  - {public}\n"));
        Sealed { project, home, key }
    }

    /// waymark `args` with no key but what the arguments give.
    fn run(&self, args: &[&str]) -> Run {
        let out = bin()
            .current_dir(self.project.path())
            .env("HOME", self.home.path())
            .env_remove("WAYMARK_IDENTITY")
            .args(args)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// waymark `args` with the cohort's key.
    fn keyed(&self, args: &[&str]) -> Run {
        let mut all = vec!["--identity", self.key.to_str().unwrap()];
        all.extend_from_slice(args);
        self.run(&all)
    }

    fn ok(r: Run) -> Run {
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        r
    }

    /// `waymark seal secret`: the sealed file's path.
    fn seal_secret(&self) -> String {
        let r = Sealed::ok(self.keyed(&["seal", "secret"]));
        assert!(!self.project.file("roadmap/learners/secret.yaml").exists(), "the plain file is gone");
        self.sealed_files().pop().unwrap_or_else(|| panic!("no sealed file: {}", r.stdout))
    }

    fn sealed_files(&self) -> Vec<String> {
        let mut files: Vec<String> = std::fs::read_dir(self.project.file("roadmap/learners"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml.age"))
            .map(|n| format!("roadmap/learners/{n}"))
            .collect();
        files.sort();
        files
    }

    fn build(&self, keyed: bool, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
        let _ = std::fs::remove_dir_all(self.project.file("out"));
        let mut args = vec!["--today", TODAY, "build", "--out", "out"];
        args.extend_from_slice(extra);
        Sealed::ok(if keyed { self.keyed(&args) } else { self.run(&args) });
        tree(&self.project.file("out"))
    }
}

/// The paths where two built trees differ.
fn differ(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let paths: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    paths.into_iter().filter(|p| a.get(*p) != b.get(*p)).cloned().collect()
}

fn hits(haystack: &[u8]) -> Vec<&'static str> {
    let text = String::from_utf8_lossy(haystack);
    SECRETS.iter().copied().filter(|s| text.contains(s)).collect()
}

#[test]
fn a_sealed_learner_leaves_no_trace_in_the_repository_or_the_public_build() {
    let s = Sealed::new();
    let file = s.seal_secret();
    let sealed = s.project.read(&file);
    assert!(sealed.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"), "{sealed}");
    assert!(file.starts_with("roadmap/learners/sealed-"), "{file}");

    // Without a key: counted, left out, not a failure.
    let r = Sealed::ok(s.run(&["check"]));
    assert!(r.stdout.contains("1 sealed learner not read: no identity"), "{}", r.stdout);
    let without_key = s.build(false, &[]);
    let with_key = s.build(true, &[]);

    // The same project with the sealed file deleted.
    let bare =
        Sealed { project: Project::copy("valid", "basic"), home: tempfile::tempdir().unwrap(), key: s.key.clone() };
    crate::common::copy_dir(&s.project.file("roadmap"), &bare.project.file("roadmap"));
    std::fs::remove_file(bare.project.file(&file)).unwrap();
    let reference = bare.build(false, &[]);
    assert_eq!(differ(&without_key, &reference), Vec::<String>::new(), "the public build without the key");
    assert_eq!(differ(&with_key, &reference), Vec::<String>::new(), "the public build with the key");
    for (path, bytes) in &with_key {
        assert_eq!(hits(bytes), Vec::<&str>::new(), "{path}");
    }

    // Every object git would push.
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(s.project.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@t.invalid"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    git(&["init", "-q"]);
    git(&["add", "roadmap"]);
    git(&["commit", "-qm", "cohort"]);
    let objects = git(&["cat-file", "--batch-all-objects", "--batch"]);
    assert!(objects.len() > 1000, "git holds the project");
    assert_eq!(hits(&objects), Vec::<&str>::new());
}

#[test]
fn with_the_key_a_sealed_learner_is_what_the_plain_file_was() {
    let s = Sealed::new();
    let plain_full = s.build(false, &["--full"]);
    let plain_status = Sealed::ok(s.run(&["--today", TODAY, "status", "secret"])).stdout;
    s.seal_secret();
    assert_eq!(differ(&s.build(true, &["--full"]), &plain_full), Vec::<String>::new(), "the full build with the key");
    assert_eq!(Sealed::ok(s.keyed(&["--today", TODAY, "status", "secret"])).stdout, plain_status);

    // What needs every learner says what is missing and how to give it.
    for args in [&["--today", TODAY, "build", "--full", "--out", "out"][..], &["status"], &["report"]] {
        let r = s.run(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("1 sealed learner not read: no identity"), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("--identity FILE"), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn edits_keep_a_sealed_file_sealed_and_an_edit_that_changes_nothing_writes_nothing() {
    let s = Sealed::new();
    let file = s.seal_secret();
    let before = s.project.read(&file);
    Sealed::ok(s.keyed(&["--today", TODAY, "done", "secret", "docker/dockerfile"]));
    let after = s.project.read(&file);
    assert_ne!(after, before);
    assert!(after.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    assert_eq!(hits(after.as_bytes()), Vec::<&str>::new());

    let r = Sealed::ok(s.keyed(&["--today", TODAY, "done", "secret", "docker/dockerfile"]));
    assert!(r.stdout.contains("nothing changed"), "{}", r.stdout);
    assert_eq!(s.project.read(&file), after, "an edit that changes nothing leaves the bytes alone");
    Sealed::ok(s.keyed(&["--today", TODAY, "log", "secret", "--hours", "2", "--note", "quiet week"]));

    Sealed::ok(s.keyed(&["unseal", "secret"]));
    assert!(s.sealed_files().is_empty());
    let plain = s.project.read("roadmap/learners/secret.yaml");
    assert!(plain.starts_with("id: secret\nname: Hidden Person\n"), "{plain}");
    assert!(plain.contains("docker/dockerfile:"), "{plain}");
    assert!(plain.contains("quiet week"), "{plain}");
    Sealed::ok(s.run(&["check"]));
}

#[test]
fn a_wrong_key_or_a_damaged_file_is_a_diagnostic_at_the_file_and_nothing_is_written() {
    let s = Sealed::new();
    let file = s.seal_secret();
    let (wrong, _) = key_file(s.home.path(), "other.txt");
    let wrong = wrong.to_str().unwrap();
    let sealed = s.project.read(&file);
    for args in [
        &["--identity", wrong, "check"][..],
        &["--identity", wrong, "--today", TODAY, "done", "secret", "docker/dockerfile"],
    ] {
        let r = s.run(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(&file), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("does not open this file"), "{args:?}: {}", r.stderr);
    }
    assert_eq!(s.project.read(&file), sealed);

    let damaged: String = sealed.lines().take(3).map(|l| format!("{l}\n")).collect();
    s.project.write(&file, &damaged);
    let r = s.keyed(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains(&file) && r.stderr.contains("cannot be read"), "{}", r.stderr);
    let r = s.keyed(&["--today", TODAY, "done", "secret", "docker/dockerfile"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(s.project.read(&file), damaged);

    let r = s.run(&["--identity", "no-such-key.txt", "check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("no-such-key.txt"), "{}", r.stderr);
}

#[test]
fn learner_add_sealed_and_rekey_to_a_new_recipient() {
    let s = Sealed::new();
    let r = Sealed::ok(s.keyed(&["learner", "add", "han", "--name", "Han Secret", "--sealed"]));
    assert!(r.stdout.contains("roadmap/learners/sealed-"), "{}", r.stdout);
    let [file] = s.sealed_files().try_into().unwrap();
    assert!(!s.project.read(&file).contains("Han Secret"));
    assert!(Sealed::ok(s.keyed(&["status", "han"])).stdout.contains("Han Secret"));
    let r = s.keyed(&["learner", "add", "han", "--name", "Again", "--sealed"]);
    assert_eq!(r.code, 1, "{}", r.stderr);

    // A second mentor's key: listed, then every file sealed again to it.
    let (second, public) = key_file(s.home.path(), "second.txt");
    let second = second.to_str().unwrap();
    let cohort = s.project.read("roadmap/cohort.yaml");
    s.project.write("roadmap/cohort.yaml", &format!("{cohort}  - {public}\n"));
    assert_eq!(s.run(&["--identity", second, "status", "han"]).code, 1);
    Sealed::ok(s.keyed(&["seal", "--rekey"]));
    assert!(Sealed::ok(s.run(&["--identity", second, "status", "han"])).stdout.contains("Han Secret"));
}

#[test]
fn sealing_a_file_git_already_holds_says_the_history_keeps_it() {
    let s = Sealed::new();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .current_dir(s.project.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@t.invalid"])
            .args(args)
            .status()
            .unwrap();
        assert!(ok.success());
    };
    git(&["init", "-q"]);
    git(&["add", "roadmap"]);
    git(&["commit", "-qm", "cohort"]);
    let r = Sealed::ok(s.keyed(&["seal", "secret"]));
    assert!(r.stderr.contains("git filter-repo --invert-paths --path roadmap/learners/secret.yaml"), "{}", r.stderr);
    // A file git never held: nothing to say.
    Sealed::ok(s.keyed(&["learner", "add", "han", "--name", "Han"]));
    let r = Sealed::ok(s.keyed(&["seal", "han"]));
    assert!(!r.stderr.contains("history"), "{}", r.stderr);
}

#[test]
fn check_warns_about_a_private_learner_in_plain_text_in_a_repository() {
    let s = Sealed::new();
    let r = Sealed::ok(s.run(&["check"]));
    assert!(!r.stdout.contains("waymark seal secret"), "no repo, no warning: {}", r.stdout);
    let cohort = s.project.read("roadmap/cohort.yaml");
    s.project.write("roadmap/cohort.yaml", &format!("{cohort}repo: octo/devops-study\n"));
    let r = Sealed::ok(s.run(&["check"]));
    assert!(r.stdout.contains("roadmap/learners/secret.yaml:3:1"), "{}", r.stdout);
    assert!(r.stdout.contains("waymark seal secret"), "{}", r.stdout);
    s.seal_secret();
    let r = Sealed::ok(s.keyed(&["check"]));
    assert!(!r.stdout.contains("waymark seal secret"), "sealed, no warning: {}", r.stdout);
}

#[test]
fn an_edit_sweeps_the_temporaries_a_killed_edit_left() {
    let s = Sealed::new();
    let stale = s.project.file("roadmap/learners/.jung.yaml.a1B2c3.tmp");
    let other = s.project.file("roadmap/learners/.kim.yaml.a1B2c3.tmp");
    std::fs::write(&stale, "name: half").unwrap();
    std::fs::write(&other, "name: half").unwrap();
    Sealed::ok(s.run(&["--today", TODAY, "start", "jung", "ci-cd/pipeline"]));
    assert!(!stale.exists(), "the edited file's temporaries are removed");
    assert!(other.exists(), "another file's are not");
}
