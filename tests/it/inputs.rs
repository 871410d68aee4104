//! Inputs that stay inside the project and cost a bounded amount to read:
//! links out of the project, text that is not UTF-8, and hostile documents
//! (deep nesting, alias bombs, huge mappings, oversized files), each refused
//! through the real binary with a message that names the limit.

use crate::common::{self, Project};

const SECRET: &str = "GITHUB_TOKEN=ghp_do_not_print_me_0123456789";

/// A folder outside the project holding a file with a secret in it.
fn outside_secret() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("leak.yaml");
    std::fs::write(&file, format!("name: Leak\n{SECRET}\nmore: [\n")).unwrap();
    (dir, file)
}

#[test]
fn a_learner_file_linked_out_of_the_project_is_refused_unread() {
    let p = Project::copy("valid", "basic");
    let (_dir, secret) = outside_secret();
    std::os::unix::fs::symlink(&secret, p.file("roadmap/learners/leak.yaml")).unwrap();
    for format in ["human", "github", "json"] {
        let r = p.run(&["check", "--format", format]);
        assert_eq!(r.code, 1, "{format}: {}{}", r.stdout, r.stderr);
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(all.contains("roadmap/learners/leak.yaml"), "{format}: {all}");
        assert!(all.contains("a link to a file outside the project"), "{format}: {all}");
        assert!(!all.contains("GITHUB_TOKEN") && !all.contains("ghp_"), "{format}: {all}");
    }
}

#[test]
fn a_learner_file_linked_to_a_system_file_is_refused_unread() {
    let p = Project::copy("valid", "basic");
    std::os::unix::fs::symlink("/etc/passwd", p.file("roadmap/learners/passwd.yaml")).unwrap();
    let r = p.run(&["check", "--format", "github"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("::error file=roadmap/learners/passwd.yaml"), "{}", r.stdout);
    assert!(!r.stdout.contains("root:") && !r.stdout.contains("/bin/"), "{}", r.stdout);
    let r = p.run(&["build", "--out", "out"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("root:"), "{}", r.stderr);
}

#[test]
fn the_roadmap_linked_out_of_the_project_is_refused_unread() {
    let p = Project::copy("valid", "basic");
    let (_dir, secret) = outside_secret();
    std::fs::remove_file(p.file("roadmap/roadmap.yaml")).unwrap();
    std::os::unix::fs::symlink(&secret, p.file("roadmap/roadmap.yaml")).unwrap();
    let r = p.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("roadmap/roadmap.yaml"), "{}", r.stderr);
    assert!(!r.stderr.contains("GITHUB_TOKEN"), "{}", r.stderr);
}

#[test]
fn a_link_that_stays_inside_the_project_is_read() {
    let p = Project::copy("valid", "basic");
    std::fs::rename(p.file("roadmap/learners/choi.yaml"), p.file("choi-elsewhere.yaml")).unwrap();
    std::os::unix::fs::symlink("../../choi-elsewhere.yaml", p.file("roadmap/learners/choi.yaml")).unwrap();
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_file_that_is_not_utf8_is_never_echoed() {
    let p = Project::copy("valid", "basic");
    let mut bytes = format!("name: Kim\n{SECRET}").into_bytes();
    bytes.extend_from_slice(b"\xff\xfe tail\n");
    std::fs::write(p.file("roadmap/learners/kim.yaml"), bytes).unwrap();
    for format in ["human", "github", "json"] {
        let r = p.run(&["check", "--format", format]);
        assert_eq!(r.code, 1);
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(all.contains("not UTF-8"), "{format}: {all}");
        assert!(all.contains("roadmap/learners/kim.yaml"), "{format}: {all}");
        assert!(!all.contains("GITHUB_TOKEN") && !all.contains("tail"), "{format}: {all}");
    }
}

#[test]
fn a_theme_static_link_out_of_the_project_copies_nothing() {
    let p = Project::copy("valid", "basic");
    let (dir, secret) = outside_secret();
    std::fs::create_dir_all(p.file("themes/default/static/files")).unwrap();
    std::os::unix::fs::symlink(&secret, p.file("themes/default/static/files/leak.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path(), p.file("themes/default/static/outside")).unwrap();
    let r = p.run(&["--today", "2026-10-01", "build", "--out", "out"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("outside the project"), "{}", r.stderr);
    assert!(!r.stderr.contains("GITHUB_TOKEN"), "{}", r.stderr);
    if p.file("out").exists() {
        let site = common::tree(&p.file("out"));
        assert!(site.values().all(|b| !String::from_utf8_lossy(b).contains("GITHUB_TOKEN")), "a copy of the secret");
    }
}

/// Write `text` as Jung's learner file and run `check`: the exit code and stderr.
fn check_learner(text: &[u8]) -> (i32, String) {
    let p = Project::copy("valid", "basic");
    std::fs::write(p.file("roadmap/learners/jung.yaml"), text).unwrap();
    let r = p.run(&["check"]);
    (r.code, r.stderr)
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!("name: Jung\njournal: {}\n", "[".repeat(200_000));
    let (code, stderr) = check_learner(text.as_bytes());
    assert_eq!(code, 1);
    assert!(stderr.contains("error: nesting deeper than 64 levels"), "{stderr}");
    assert!(stderr.len() < 2_000, "{} bytes of diagnostics", stderr.len());
}

#[test]
fn an_alias_repeating_a_long_text_is_refused() {
    let mut text = format!("name: &a \"{}\"\njournal:\n", "x".repeat(1_000_000));
    for _ in 0..10_000 {
        text.push_str("  - *a\n");
    }
    let (code, stderr) = check_learner(text.as_bytes());
    assert_eq!(code, 1);
    assert!(
        stderr.contains("error: YAML aliases expand this file by more than"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(stderr.len() < 2_000, "{} bytes of diagnostics", stderr.len());
}

#[test]
fn an_alias_bomb_is_refused() {
    let mut text = String::from("name: Jung\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for name in "bcdefghij".chars() {
        let list = vec![format!("*{prev}"); 10].join(", ");
        text.push_str(&format!("{name}: &{name} [{list}]\n"));
        prev = name;
    }
    let (code, stderr) = check_learner(text.as_bytes());
    assert_eq!(code, 1);
    assert!(stderr.contains("YAML aliases expand this file"), "{stderr}");
    assert!(stderr.contains("alias bomb"), "{stderr}");
}

#[test]
fn many_unknown_keys_are_reported_up_to_a_cap() {
    let mut text = String::from("name: Jung\n");
    for i in 0..20_000 {
        text.push_str(&format!("key{i}: {i}\n"));
    }
    let (code, stderr) = check_learner(text.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(stderr.matches("error: unknown key").count(), 50, "{}", &stderr[..stderr.len().min(2000)]);
    assert!(
        stderr.contains("error: … and 19950 more problems in this file"),
        "{}",
        &stderr[stderr.len().saturating_sub(2000)..]
    );
    assert!(
        stderr.ends_with("파일 1개에서 오류 20000개, 경고 0개\n"),
        "{}",
        &stderr[stderr.len().saturating_sub(500)..]
    );
}

/// A file of one key repeated, at one level or at several, is reported as a
/// file of a few repeats is — each shown duplicate at its line, naming the
/// line of the first — and past the 50 shown, counted exactly, however many.
#[test]
fn repeated_keys_are_named_then_counted() {
    let (code, stderr) = check_learner("name: Jung\n".repeat(20_001).as_bytes());
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(
            "error: duplicate key `name` in learner\n --> roadmap/learners/jung.yaml:2:1\n  |\n2 | name: Jung\n  \
             | ^^^^\n  = help: `name` is already set on line 1; keep one of them\n"
        ),
        "{}",
        &stderr[..stderr.len().min(1000)]
    );
    assert_eq!(stderr.matches("error: duplicate key `name` in learner\n").count(), 50);
    assert!(stderr.contains(" --> roadmap/learners/jung.yaml:51:1\n"), "the 50th");
    assert!(!stderr.contains("jung.yaml:52:1"), "no 51st");
    assert!(
        stderr.ends_with(
            "error: … and 19950 more problems in this file\n --> roadmap/learners/jung.yaml:1:1\n  \
             = help: fix the ones above and run `waymark check` again\n파일 1개에서 오류 20000개, 경고 0개\n"
        ),
        "{}",
        &stderr[stderr.len().saturating_sub(500)..]
    );

    // Repeats at three levels: 99 of `status`, 100 of a task, 100 of `progress`.
    let text = format!(
        "name: Jung\nprogress:\n  terraform-vpc/vpc:\n{}{}{}",
        "    status: done\n".repeat(100),
        "  terraform-vpc/vpc: {status: done}\n".repeat(100),
        "progress: {}\n".repeat(100)
    );
    let (code, stderr) = check_learner(text.as_bytes());
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: duplicate key `status` in progress entry\n --> roadmap/learners/jung.yaml:5:5\n"),
        "{}",
        &stderr[..stderr.len().min(1000)]
    );
    assert!(stderr.contains("= help: `status` is already set on line 4; keep one of them\n"));
    assert_eq!(stderr.matches("error: duplicate key `status`").count(), 50);
    assert!(
        stderr.contains("error: … and 249 more problems in this file\n"),
        "{}",
        &stderr[stderr.len().saturating_sub(500)..]
    );
    assert!(stderr.ends_with("파일 1개에서 오류 299개, 경고 0개\n"), "{}", &stderr[stderr.len().saturating_sub(500)..]);
}

#[test]
fn many_task_keys_are_no_alias_bomb() {
    let mut text = String::from("name: Jung\nprogress:\n");
    for i in 0..70_000 {
        text.push_str(&format!("  terraform-vpc/t{i}: {{status: done}}\n"));
    }
    let (code, stderr) = check_learner(text.as_bytes());
    assert_eq!(code, 1);
    assert!(!stderr.contains("alias"), "{}", &stderr[..stderr.len().min(2000)]);
    assert!(stderr.contains("error: unknown task `terraform-vpc/t0`"), "{}", &stderr[..stderr.len().min(2000)]);
    assert!(stderr.contains("more problems in this file"), "{}", &stderr[stderr.len().saturating_sub(2000)..]);
}

#[test]
fn an_oversized_file_is_refused_unread() {
    let mut text = String::from("name: Jung\njournal:\n");
    while text.len() <= 5 << 20 {
        text.push_str("  - {date: 2026-09-07, note: a long journal that goes on and on}\n");
    }
    let (code, stderr) = check_learner(text.as_bytes());
    assert_eq!(code, 1);
    assert!(stderr.contains("error: the file is larger than 4 MiB; it is not read"), "{stderr}");
    assert!(!stderr.contains("journal"), "{stderr}");
}
