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
        self.run_env(&[], args)
    }

    /// waymark in the project with HOME and no key, no ssh-agent, `env` set.
    fn command(&self, env: &[(&str, &str)]) -> std::process::Command {
        let mut cmd = bin();
        cmd.current_dir(self.project.path())
            .env("HOME", self.home.path())
            .env_remove("WAYMARK_IDENTITY")
            .env_remove("SSH_AUTH_SOCK")
            .envs(env.iter().copied());
        cmd
    }

    /// waymark `args` as [`Sealed::run`], with `env` set.
    fn run_env(&self, env: &[(&str, &str)], args: &[&str]) -> Run {
        let out = self.command(env).args(args).output().unwrap();
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

/// Sealing or unsealing a learner whose file says the same renders their
/// page again: a sealed learner's page links no file (it would name them).
/// A rebuild over the previous site is the site a cold build makes.
#[test]
fn a_rebuild_after_sealing_or_unsealing_is_what_a_cold_build_makes() {
    let s = Sealed::new();
    let cohort = s.project.read("roadmap/cohort.yaml");
    s.project.write("roadmap/cohort.yaml", &format!("{cohort}repo: octo/devops-study\n"));
    let secret = s.project.read("roadmap/learners/secret.yaml");
    s.project.write("roadmap/learners/secret.yaml", &format!("id: secret\n{secret}"));
    let rebuilt_and_cold = |what: &str| {
        Sealed::ok(s.keyed(&["--today", TODAY, "build", "--full", "--out", "site"]));
        let _ = std::fs::remove_dir_all(s.project.file("cold"));
        Sealed::ok(s.keyed(&["--today", TODAY, "build", "--full", "--out", "cold"]));
        let (site, cold) = (tree(&s.project.file("site")), tree(&s.project.file("cold")));
        assert_eq!(differ(&site, &cold), Vec::<String>::new(), "{what}");
        String::from_utf8_lossy(&site["learners/secret/index.html"]).into_owned()
    };
    assert!(rebuilt_and_cold("plain").contains("/edit/main/roadmap/learners/secret.yaml"));
    s.seal_secret();
    assert!(!rebuilt_and_cold("sealed").contains("learners/secret.yaml"));
    Sealed::ok(s.keyed(&["unseal", "secret"]));
    assert!(rebuilt_and_cold("unsealed").contains("/edit/main/roadmap/learners/secret.yaml"));
}

#[test]
fn with_the_key_a_sealed_learner_is_what_the_plain_file_was() {
    let s = Sealed::new();
    let plain_full = s.build(false, &["--full"]);
    let plain_status = Sealed::ok(s.run(&["--today", TODAY, "status", "secret"])).stdout;
    s.seal_secret();
    // The manifest notes what each learner's files were made from: a sealed
    // file is another input than the plain one, whatever it holds.
    let differ_in_site = |a, b| differ(a, b).into_iter().filter(|p| p != ".waymark-manifest").collect::<Vec<_>>();
    assert_eq!(
        differ_in_site(&s.build(true, &["--full"]), &plain_full),
        Vec::<String>::new(),
        "the full build with the key"
    );
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
fn many_private_learners_in_plain_text_get_three_warnings_and_a_count() {
    let s = Sealed::new();
    let cohort = s.project.read("roadmap/cohort.yaml");
    s.project.write("roadmap/cohort.yaml", &format!("{cohort}repo: octo/devops-study\n"));
    for i in 0..6 {
        s.project.write(&format!("roadmap/learners/hidden-{i}.yaml"), "name: Hidden\nprivate: true\nprogress: {}\n");
    }
    let r = Sealed::ok(s.run(&["check"]));
    // In id order: hidden-0, hidden-1 and hidden-2 one by one, at their `private:`; then
    // hidden-3, at its own, with the three others (hidden-4, hidden-5, secret) named.
    assert_eq!(r.stdout.matches("readable by anyone").count(), 4, "{}", r.stdout);
    for i in 0..4 {
        assert!(r.stdout.contains(&format!("roadmap/learners/hidden-{i}.yaml:2:1")), "{}", r.stdout);
    }
    assert!(!r.stdout.contains("roadmap/learners/hidden-4.yaml:"), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "`private: true` hides `hidden-3` and 3 more learners from the site only: their files are readable by \
             anyone who can read the repository (`hidden-4`, `hidden-5`, `secret`)"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("`waymark seal hidden-3` first"), "{}", r.stdout);
    // One more: named, not counted.
    s.project.write("roadmap/learners/hidden-6.yaml", "name: Hidden\nprivate: true\nprogress: {}\n");
    let r = Sealed::ok(s.run(&["check"]));
    assert!(r.stdout.contains("and 4 more learners") && r.stdout.contains("`hidden-6` and 1 more)"), "{}", r.stdout);
    // Four are four warnings of their own.
    for i in 3..7 {
        std::fs::remove_file(s.project.path().join(format!("roadmap/learners/hidden-{i}.yaml"))).unwrap();
    }
    let r = Sealed::ok(s.run(&["check"]));
    assert_eq!(r.stdout.matches("from the site only: this file").count(), 4, "{}", r.stdout);
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

/// The window a crash of `seal` (or `unseal`) leaves, between writing one
/// file and removing the other: the learner in a plain and a sealed file.
/// `check` says so at the sealed file and which command finishes the job;
/// that command finishes it; edits wait. When the two differ, nothing is
/// removed and the diagnostic says which file to delete.
#[test]
fn a_seal_stopped_half_way_is_explained_and_finished() {
    let s = Sealed::new();
    let plain_file = "roadmap/learners/secret.yaml";
    let plain = s.project.read(plain_file);
    let file = s.seal_secret();
    let sealed = s.project.read(&file);
    s.project.write(plain_file, &plain);

    let r = s.keyed(&["check"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "error: learner `secret` is in this sealed file and in {plain_file}, which says the same: \
             a `waymark seal` or `unseal` did not finish\n --> {file}:1:5\n"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!(
            "= help: run `waymark seal secret` to keep it sealed (it removes {plain_file}), or \
             `waymark unseal secret` to keep it in plain text (it removes {file})"
        )),
        "{}",
        r.stderr
    );
    let r = s.keyed(&["--today", TODAY, "done", "secret", "docker/dockerfile"]);
    assert_eq!(r.code, 1, "an edit waits for the choice: {}", r.stderr);
    assert!(r.stderr.contains("did not finish"), "{}", r.stderr);
    assert_eq!((s.project.read(plain_file), s.project.read(&file)), (plain.clone(), sealed.clone()));

    let r = Sealed::ok(s.keyed(&["seal", "secret"]));
    assert!(r.stdout.contains(&format!("{file} replaces {plain_file}")), "{}", r.stdout);
    assert!(!s.project.file(plain_file).exists());
    assert_eq!(s.sealed_files(), vec![file.clone()]);
    assert_eq!(s.project.read(&file), sealed, "the sealed file is kept as it was");
    Sealed::ok(s.keyed(&["check"]));

    // The same window, left by `unseal`: it keeps the plain file.
    s.project.write(plain_file, &plain);
    Sealed::ok(s.keyed(&["unseal", "secret"]));
    assert!(s.sealed_files().is_empty());
    assert_eq!(s.project.read(plain_file), plain);

    // Two files that differ: the user says which one is current.
    let file = s.seal_secret();
    let sealed = s.project.read(&file);
    let edited = plain.replace("Hidden Person", "Renamed Person");
    s.project.write(plain_file, &edited);
    let r = s.keyed(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "error: learner `secret` is in this sealed file and in {plain_file}, and the two differ"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("`git rm {plain_file}`) to keep this sealed file, or {file} to keep the plain one")),
        "{}",
        r.stderr
    );
    for args in [&["seal", "secret"][..], &["unseal", "secret"]] {
        let r = s.keyed(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("the two differ"), "{args:?}: {}", r.stderr);
        assert_eq!((s.project.read(plain_file), s.project.read(&file)), (edited.clone(), sealed.clone()), "{args:?}");
    }
}

/// An SSH key made by `ssh-keygen -t kind` with `passphrase` in `dir`, and
/// its public line; None, said on stderr, when ssh-keygen cannot run.
fn ssh_key(dir: &Path, kind: &str, passphrase: &str) -> Option<(PathBuf, String)> {
    let path = dir.join(format!("id_{kind}"));
    let bits: &[&str] = if kind == "rsa" { &["-b", "2048"] } else { &[] };
    let out = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", kind, "-N", passphrase, "-C", "mentor@test", "-f"])
        .arg(&path)
        .args(bits)
        .output();
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            eprintln!("skipped: ssh-keygen cannot run ({e})");
            return None;
        }
    };
    assert!(out.status.success(), "ssh-keygen -t {kind}: {}", String::from_utf8_lossy(&out.stderr));
    let public = std::fs::read_to_string(path.with_extension("pub")).unwrap().trim().to_string();
    Some((path, public))
}

/// `key` copied to `~/.ssh/name` in `s`'s HOME, where waymark looks.
fn install(s: &Sealed, key: &Path, name: &str) {
    use std::os::unix::fs::PermissionsExt as _;
    let ssh = s.home.path().join(".ssh");
    std::fs::create_dir_all(&ssh).unwrap();
    std::fs::copy(key, ssh.join(name)).unwrap();
    std::fs::set_permissions(ssh.join(name), std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// A mentor's ed25519 or RSA SSH key opens a file sealed to its public
/// line, given with --identity, with WAYMARK_IDENTITY or found at ~/.ssh.
#[test]
fn ssh_ed25519_and_rsa_keys_open_sealed_files_however_given() {
    for kind in ["ed25519", "rsa"] {
        let s = Sealed::new();
        let keys = tempfile::tempdir().unwrap();
        let Some((key, public)) = ssh_key(keys.path(), kind, "") else { return };
        let cohort = s.project.read("roadmap/cohort.yaml");
        s.project.write("roadmap/cohort.yaml", &format!("{cohort}  - {public}\n"));
        s.seal_secret();
        let key = key.to_str().unwrap();
        let by_flag = Sealed::ok(s.run(&["--identity", key, "status", "secret"]));
        assert!(by_flag.stdout.contains("Hidden Person"), "{kind}: {}", by_flag.stdout);
        let by_env = Sealed::ok(s.run_env(&[("WAYMARK_IDENTITY", key)], &["status", "secret"]));
        assert_eq!(by_env.stdout, by_flag.stdout, "{kind}");
        assert_eq!(s.run(&["status", "secret"]).code, 1, "{kind}: no key in ~/.ssh yet");
        install(&s, Path::new(key), &format!("id_{kind}"));
        let found = Sealed::ok(s.run(&["status", "secret"]));
        assert_eq!(found.stdout, by_flag.stdout, "{kind}: ~/.ssh/id_{kind}");
    }
}

/// Everything said about sealed learners by `args` run with `env`: the
/// exit code, and stdout and stderr together.
fn said(s: &Sealed, env: &[(&str, &str)], args: &[&str]) -> (i32, String) {
    let r = s.run_env(env, args);
    (r.code, format!("{}{}", r.stdout, r.stderr))
}

/// A key that cannot be used is an error that names it and says what to
/// do: a passphrase with no terminal to ask it on, key types age cannot
/// use (ECDSA, security keys), keys held only by ssh-agent, and a key file
/// that is not there.
#[test]
fn keys_that_cannot_be_used_say_why_and_what_to_do() {
    let s = Sealed::new();
    let file = s.seal_secret();
    let keys = tempfile::tempdir().unwrap();
    let make_one = "make an age key with `age-keygen -o ~/.config/waymark/key.txt` \
                    (or an SSH key age can use: `ssh-keygen -t ed25519`)";

    // A passphrase, and stdin is no terminal: given, or found at ~/.ssh.
    let Some((locked, _)) = ssh_key(keys.path(), "ed25519", "a passphrase") else { return };
    let locked = locked.to_str().unwrap();
    for (env, args) in
        [(vec![], vec!["--identity", locked, "status"]), (vec![("WAYMARK_IDENTITY", locked)], vec!["check"])]
    {
        let (code, out) = said(&s, &env, &args);
        assert_eq!(code, 1, "{args:?}: {out}");
        assert!(
            out.contains(&format!("{locked} is protected by a passphrase, and there is no terminal to ask for it")),
            "{out}"
        );
        assert!(
            out.contains("run the command in a terminal, or give a key without a passphrase") && out.contains(make_one),
            "{out}"
        );
        assert!(out.contains(&file), "the diagnostic is at the sealed file: {out}");
    }
    install(&s, Path::new(locked), "id_ed25519");
    let (code, out) = said(&s, &[], &["status"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("1 sealed learner not read: ") && out.contains("id_ed25519 is protected by a passphrase"),
        "{out}"
    );
    // `check` needs no key: it warns and goes on.
    let (code, out) = said(&s, &[], &["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning: 1 sealed learner not read: ") && out.contains(make_one), "{out}");
    std::fs::remove_file(s.home.path().join(".ssh/id_ed25519")).unwrap();

    // Keys age cannot use: ECDSA, and a security key.
    let Some((ecdsa, _)) = ssh_key(keys.path(), "ecdsa", "") else { return };
    let sk = keys.path().join("id_ed25519_sk");
    std::fs::write(&sk, security_key()).unwrap();
    for (key, what) in [
        (&ecdsa, "an SSH key of type `ecdsa-sha2-nistp256`"),
        (&sk, "a security-key SSH key (`sk-ssh-ed25519@openssh.com`)"),
    ] {
        let (code, out) = said(&s, &[], &["--identity", key.to_str().unwrap(), "check"]);
        assert_eq!(code, 1, "{out}");
        assert!(out.contains(&format!("{} is {what}, which age cannot use; {make_one}", key.display())), "{out}");
        let name = key.file_name().unwrap().to_str().unwrap();
        install(&s, key, name);
        let (code, out) = said(&s, &[], &["status"]);
        assert_eq!(code, 1, "{out}");
        assert!(out.contains(&format!("{name} is {what}, which age cannot use")) && out.contains(make_one), "{out}");
        std::fs::remove_file(s.home.path().join(".ssh").join(name)).unwrap();
    }

    // ssh-agent holds the key: a public key file, or only the agent.
    std::fs::copy(ecdsa.with_extension("pub"), s.home.path().join(".ssh/id_ed25519.pub")).unwrap();
    let (code, out) = said(&s, &[("SSH_AUTH_SOCK", "/tmp/agent.sock")], &["status"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("id_ed25519.pub has no private key file beside it, and age cannot use keys held by ssh-agent"),
        "{out}"
    );
    assert!(out.contains(make_one), "{out}");
    std::fs::remove_file(s.home.path().join(".ssh/id_ed25519.pub")).unwrap();
    let (code, out) = said(&s, &[("SSH_AUTH_SOCK", "/tmp/agent.sock")], &["status"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("there is no key file in ~/.ssh, only an ssh-agent") && out.contains(make_one), "{out}");

    // WAYMARK_IDENTITY naming no file.
    let missing = keys.path().join("gone.txt");
    let (code, out) = said(&s, &[("WAYMARK_IDENTITY", missing.to_str().unwrap())], &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("error: cannot open this sealed file: cannot read the key {}", missing.display())),
        "{out}"
    );
    assert!(out.contains(&format!(" --> {file}:1:1")), "{out}");
    assert!(out.contains("the key is the file named by --identity, else by WAYMARK_IDENTITY"), "{out}");
}

/// An OpenSSH private key file for a FIDO security key
/// (`sk-ssh-ed25519@openssh.com`), as `ssh-keygen -t ed25519-sk` writes one
/// (which needs the device): the key type is what matters here.
fn security_key() -> String {
    fn string(out: &mut Vec<u8>, s: &[u8]) {
        out.extend((s.len() as u32).to_be_bytes());
        out.extend(s);
    }
    let kind = b"sk-ssh-ed25519@openssh.com";
    let mut public = Vec::new();
    string(&mut public, kind);
    string(&mut public, &[7; 32]);
    string(&mut public, b"ssh:");
    let mut private = vec![1, 2, 3, 4, 1, 2, 3, 4];
    private.extend(&public);
    private.push(1);
    string(&mut private, &[9; 16]);
    string(&mut private, b"");
    string(&mut private, b"mentor@test");
    let mut pad = 1;
    while private.len() % 8 != 0 {
        private.push(pad);
        pad += 1;
    }
    let mut key = b"openssh-key-v1\0".to_vec();
    string(&mut key, b"none");
    string(&mut key, b"none");
    string(&mut key, b"");
    key.extend(1u32.to_be_bytes());
    string(&mut key, &public);
    string(&mut key, &private);
    let encoded = base64(&key);
    let lines: Vec<&str> = encoded.as_bytes().chunks(70).map(|c| std::str::from_utf8(c).unwrap()).collect();
    format!("-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----\n", lines.join("\n"))
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            out.push(if i <= chunk.len() { ABC[((n >> (18 - 6 * i)) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

/// `serve` without the key of a sealed learner serves the full view of
/// everyone else, and says which key is missing and how to give it; with
/// the key, the sealed learner is served too.
#[test]
fn serve_without_the_key_serves_what_it_can_and_says_what_is_missing() {
    let s = Sealed::new();
    s.seal_secret();
    let start = |args: &[&str]| {
        let mut cmd = s.command(&[]);
        cmd.args(["--today", TODAY]).args(args).args(["serve", "--port", "0"]);
        let mut r = crate::serve::Running::spawn(cmd);
        let first = r.line();
        let port: u16 = first.rsplit(':').next().unwrap().trim_end_matches('/').parse().expect("port");
        let built = r.wait_line("built");
        (r, port, built)
    };
    let (r, port, built) = start(&[]);
    assert!(built.contains("(full view, includes private learners but 1 sealed learner not read)"), "{built}");
    // stderr is read on its own thread: wait for the warning printed before the line above.
    let stderr = crate::serve::until("the warning", || Some(r.stderr()).filter(|e| e.contains("--identity FILE")));
    assert!(stderr.contains("warning: 1 sealed learner not read: no identity"), "{stderr}");
    assert!(
        stderr.contains("give the key they are sealed to with --identity FILE or WAYMARK_IDENTITY=FILE"),
        "{stderr}"
    );
    let home = crate::serve::with_host(port, "/", "127.0.0.1");
    assert_eq!(home.status, 200);
    assert!(!home.text().contains("Hidden Person"), "{}", home.text());
    assert_eq!(crate::serve::with_host(port, "/learners/kim/", "127.0.0.1").status, 200);
    drop(r);

    let (_r, port, built) = start(&["--identity", s.key.to_str().unwrap()]);
    assert!(built.contains("(full view, includes private learners)"), "{built}");
    assert!(crate::serve::with_host(port, "/", "127.0.0.1").text().contains("Hidden Person"));
}

/// In the full view a sealed learner's page has no "edit on GitHub" link:
/// their file there is ciphertext under an opaque name, and
/// `learners/<id>.yaml` does not exist (and would name them).
#[test]
fn a_sealed_learners_page_links_no_source_file() {
    let s = Sealed::new();
    let cohort = s.project.read("roadmap/cohort.yaml");
    s.project.write("roadmap/cohort.yaml", &format!("{cohort}repo: octo/devops-study\n"));
    let file = s.seal_secret();
    let site = s.build(true, &["--full"]);
    let kim = String::from_utf8_lossy(&site["learners/kim/index.html"]).into_owned();
    assert!(kim.contains("https://github.com/octo/devops-study/edit/main/roadmap/learners/kim.yaml"), "{kim}");
    let secret: Vec<&String> = site.keys().filter(|p| p.starts_with("learners/secret/")).collect();
    assert!(!secret.is_empty(), "the full view has the sealed learner's page");
    for path in secret {
        let page = String::from_utf8_lossy(&site[path]);
        assert!(page.contains("Hidden Person"), "{path}");
        for link in ["roadmap/learners/secret.yaml", &file, "/edit/main/roadmap/learners"] {
            assert!(!page.contains(link), "{path} links {link}");
        }
    }
}
