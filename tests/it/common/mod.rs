//! Shared by the integration tests: copy a fixture project into a temporary
//! folder and run the real `waymark` binary in it.
pub mod html;
pub mod workflow;
pub mod yaml_gen;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(kind: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(kind).join(name)
}

/// A copy of `tests/fixtures/<kind>/<name>` in a fresh temporary folder.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    pub fn copy(kind: &str, name: &str) -> Project {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&fixture(kind, name), dir.path());
        Project { dir }
    }

    /// An invalid case: the shared base project (`valid/basic`) with the
    /// overlay `invalid/<name>/` copied over it; the paths listed in its
    /// `removed.txt` are deleted. `expected.txt` stays in the fixture.
    pub fn invalid(name: &str) -> Project {
        let p = Project::copy("valid", "basic");
        let overlay = fixture("invalid", name);
        for entry in std::fs::read_dir(&overlay).unwrap_or_else(|e| panic!("{}: {e}", overlay.display())) {
            let entry = entry.unwrap();
            let target = p.path().join(entry.file_name());
            match entry.file_name().to_str() {
                Some("expected.txt" | "removed.txt") => {}
                _ if entry.file_type().unwrap().is_dir() => copy_dir(&entry.path(), &target),
                _ => {
                    std::fs::copy(entry.path(), &target).unwrap();
                }
            }
        }
        if let Ok(removed) = std::fs::read_to_string(overlay.join("removed.txt")) {
            for rel in removed.lines().filter(|l| !l.trim().is_empty()) {
                std::fs::remove_file(p.path().join(rel)).unwrap_or_else(|e| panic!("{name}: remove {rel}: {e}"));
            }
        }
        p
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.file(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// `waymark --today TODAY build --out out EXTRA…`, which must succeed: every file it wrote.
    pub fn build_site(&self, today: &str, extra: &[&str]) -> std::collections::BTreeMap<String, Vec<u8>> {
        let mut args = vec!["--today", today, "build", "--out", "out"];
        args.extend_from_slice(extra);
        let r = self.run(&args);
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        tree(&self.file("out"))
    }

    /// Run waymark with `args` in the project folder (fixed `--today` unless given).
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_waymark"));
    c.env_remove("WAYMARK_TODAY").env("NO_COLOR", "1");
    c
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out: Output = bin().current_dir(dir).args(args).output().expect("run waymark");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A built file as text.
pub fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files.get(path).unwrap_or_else(|| panic!("{path} missing")).clone()).unwrap()
}

/// Every file under `dir` with its bytes, for comparing trees.
/// [`tree`] of a built site without its manifest, which also notes what
/// each learner's files were made from for the next build: that differs by
/// how the site was made (`build --watch` notes nothing; a sealed file is
/// another input than the plain one), not by what the site holds.
pub fn site_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = tree(dir);
    files.remove(".waymark-manifest");
    files
}

pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let p = entry.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}
