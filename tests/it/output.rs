//! `build --out` through the real binary: it never destroys an input or a
//! folder it did not make, and interrupted or concurrent builds leave no
//! stray folder behind.

use std::path::Path;
use std::time::Duration;

use crate::common::{self, bin, tree, Project};

const TODAY: &str = "2026-10-01";

fn build(p: &Project, extra: &[&str]) -> common::Run {
    let mut args = vec!["--today", TODAY, "build"];
    args.extend_from_slice(extra);
    p.run(&args)
}

/// Every file of the project (the target folder included), byte for byte.
fn snapshot(p: &Project) -> std::collections::BTreeMap<String, Vec<u8>> {
    tree(p.path())
}

/// What a build may leave beside its output: its work folder, and the
/// staging and old folders of earlier versions.
fn strays(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n == ".waymark-build" || n.contains(".new-") || n.contains(".old-"))
        .collect()
}

/// [`strays`] once the process that removes a rebuilt site's old one (it
/// runs on after the build has ended) is done: at most 20 s.
fn settled_strays(dir: &Path) -> Vec<String> {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let left = strays(dir);
        if left.is_empty() || std::time::Instant::now() > deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn git(p: &Project, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(p.path())
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "core.excludesFile=/dev/null"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn an_output_that_is_in_or_around_the_inputs_is_refused_and_nothing_is_touched() {
    let p = Project::copy("valid", "basic");
    p.write("themes/mine/theme.toml", "name = \"mine\"\n");
    p.write("unrelated/notes.txt", "my notes\n");
    let before = snapshot(&p);
    for out in [
        "roadmap/learners",
        "roadmap",
        "themes",
        "themes/mine",
        "roadmap/learners/new",
        ".",
        "./",
        "..",
        "unrelated",
        ".git",
        "roadmap/../site",
    ] {
        for _ in 0..2 {
            let r = build(&p, &["--out", out]);
            assert_eq!(r.code, 1, "--out {out}: {}{}", r.stdout, r.stderr);
            assert!(r.stderr.contains("refusing"), "--out {out}: {}", r.stderr);
            assert_eq!(snapshot(&p), before, "--out {out} changed a byte");
            assert!(strays(p.path()).is_empty() && strays(&p.file("roadmap")).is_empty());
        }
    }
}

#[test]
fn an_absolute_path_to_an_input_is_refused_too() {
    let p = Project::copy("valid", "basic");
    let before = snapshot(&p);
    let abs = p.file("roadmap/learners");
    let r = build(&p, &["--out", abs.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(snapshot(&p), before);
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_is_refused_and_its_target_untouched() {
    let p = Project::copy("valid", "basic");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("precious.txt"), "keep me").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), p.file("site")).unwrap();
    let before = tree(elsewhere.path());
    let r = build(&p, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert_eq!(tree(elsewhere.path()), before);
    // A link to an input named as the output's parent is seen through as well.
    std::os::unix::fs::symlink(p.file("roadmap"), p.file("link")).unwrap();
    let r = build(&p, &["--out", "link/learners"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(p.file("roadmap/learners/kim.yaml").exists());
}

#[test]
fn a_folder_waymark_made_is_replaced_and_a_foreign_one_only_with_force() {
    let p = Project::copy("valid", "basic");
    let first = build(&p, &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(p.file("site/.waymark-site").is_file());
    assert!(!p.file("site/.gitignore").exists(), "the site itself is not hidden from git");
    let again = build(&p, &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);

    p.write("foreign/mine.txt", "mine");
    let refused = build(&p, &["--out", "foreign"]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert_eq!(p.read("foreign/mine.txt"), "mine");
    let forced = build(&p, &["--out", "foreign", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(p.file("foreign/index.html").is_file());
    // An empty folder is fine.
    std::fs::create_dir(p.file("empty")).unwrap();
    assert_eq!(build(&p, &["--out", "empty"]).code, 0);
}

#[test]
fn stale_staging_folders_are_swept_by_the_next_build() {
    let p = Project::copy("valid", "basic");
    p.write(".site.new-abc123/learners/secret/index.html", "private");
    p.write(".site.old-999/index.html", "old");
    p.write(".waymark-build/.gitignore", "*\n");
    p.write(".waymark-build/site.new-abc/learners/secret/index.html", "private");
    p.write(".waymark-build/site.old-42/index.html", "old");
    let r = build(&p, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(settled_strays(p.path()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn interrupted_builds_leave_the_old_or_new_site_and_nothing_stray() {
    let p = Project::copy("valid", "basic");
    assert_eq!(build(&p, &["--full"]).code, 0);
    let good = tree(&p.file("site"));
    git(&p, &["init", "-q"]);
    git(&p, &["add", "-A"]);
    git(&p, &["commit", "-q", "-m", "built"]);
    for (n, signal) in ["-INT", "-TERM", "-KILL"].iter().cycle().take(12).enumerate() {
        let mut child = bin()
            .current_dir(p.path())
            .args(["--today", TODAY, "build", "--full"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(3 * n as u64));
        let _ = std::process::Command::new("kill").args([*signal, &child.id().to_string()]).status();
        let _ = child.wait();
        assert_eq!(tree(&p.file("site")), good, "after {signal} at {n}: the site is whole");
        // Whatever any signal left is the work folder, ignored by git as a
        // whole (or empty): git sees nothing new, and the site is unchanged.
        let status = git(&p, &["status", "--porcelain", "--ignored=no", "--untracked-files=all"]);
        assert_eq!(status, "", "after {signal} at {n}: git sees {status}");
        for s in strays(p.path()) {
            assert_eq!(s, ".waymark-build", "after {signal} at {n}: {s} left beside the site");
            let ignore = std::fs::read_to_string(p.file(&s).join(".gitignore")).unwrap_or_default();
            // The old site's remover may still be at work and take the
            // folder away (or a file in it) while it is read: gone is empty.
            let files: Vec<_> = std::fs::read_dir(p.file(&s))
                .map(|d| d.filter_map(|e| e.ok().map(|e| e.file_name())).collect())
                .unwrap_or_default();
            assert!(ignore == "*\n" || files.is_empty(), "after {signal} at {n}: {s} holds {files:?} unignored");
        }
    }
    assert_eq!(build(&p, &["--full"]).code, 0);
    assert_eq!(settled_strays(p.path()), Vec::<String>::new());
    assert!(!p.file("site/.gitignore").exists(), "the site gets no .gitignore it did not render");
}

#[test]
fn concurrent_builds_of_one_output_all_succeed() {
    let p = Project::copy("valid", "basic");
    let children: Vec<_> = (0..4)
        .map(|_| {
            bin()
                .current_dir(p.path())
                .args(["--today", TODAY, "build"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(p.file("site/index.html").is_file());
    assert_eq!(settled_strays(p.path()), Vec::<String>::new());
}

/// This repository is itself a waymark project: a fresh clone of its layout
/// (the files git tracks under `roadmap/`, `themes/`, `site/` and the
/// `.gitignore`) builds with its own commands, without `--force`, and the
/// build leaves `git status` clean and every tracked file in place. It broke
/// when `site/` held a tracked placeholder.
#[test]
fn a_fresh_clone_of_this_repository_builds_and_leaves_git_status_clean() {
    use crate::common::workflow::git;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let listed = std::process::Command::new("git")
        .current_dir(repo)
        .args(["ls-files", "-z", "--", ".gitignore", "roadmap", "themes", "site"])
        .output();
    let Some(listed) = listed.ok().filter(|o| o.status.success()) else {
        eprintln!("skipped: {} is not a git checkout", repo.display());
        return;
    };
    let files: Vec<String> =
        String::from_utf8(listed.stdout).unwrap().split('\0').filter(|f| !f.is_empty()).map(String::from).collect();
    assert!(files.iter().any(|f| f == ".gitignore") && files.iter().any(|f| f == "roadmap/cohort.yaml"), "{files:?}");
    let origin = tempfile::tempdir().unwrap();
    for f in &files {
        let to = origin.path().join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo.join(f), &to).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    git(origin.path(), &["init", "-q"]);
    git(origin.path(), &["add", "-A"]);
    git(origin.path(), &["commit", "-q", "-m", "the layout of this repository"]);
    let work = tempfile::tempdir().unwrap();
    let clone = work.path().join("clone");
    git(work.path(), &["clone", "-q", origin.path().to_str().unwrap(), "clone"]);
    for args in [&["build"][..], &["build", "--full"], &["build", "--force"]] {
        let r = common::run_in(&clone, &[&["--today", "2026-11-22"][..], args].concat());
        assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(clone.join("site/index.html").is_file(), "{args:?}");
        // A tracked file deleted, or anything new, shows here.
        assert_eq!(git(&clone, &["status", "--porcelain", "--untracked-files=all"]), "", "{args:?}");
    }
}

/// "(N changed)" at the end of the line a build prints.
fn changed(r: &common::Run) -> usize {
    assert_eq!(r.code, 0, "{}", r.stderr);
    let tail = r.stdout.rsplit_once('(').map_or("", |(_, t)| t);
    tail.split_once(" changed)").and_then(|(n, _)| n.parse().ok()).unwrap_or_else(|| panic!("{}", r.stdout))
}

#[test]
fn a_rebuild_counts_changes_from_the_manifest_and_a_damaged_or_missing_one_only_costs_time() {
    let p = Project::copy("valid", "basic");
    let first = build(&p, &[]);
    let site = tree(&p.file("site"));
    assert_eq!(changed(&first), site.len() - 2, "every file but the marker and the manifest is new");
    let manifest = p.read("site/.waymark-manifest");
    assert!(manifest.starts_with("waymark manifest 2\n") && manifest.contains(" learners/kim/index.html\n"));
    assert_eq!(changed(&build(&p, &[])), 0);
    assert_eq!(tree(&p.file("site")), site);
    for damage in ["garbage\n", "", "waymark manifest 1\nend 0 0\n", "-"] {
        if damage == "-" {
            std::fs::remove_file(p.file("site/.waymark-manifest")).unwrap();
        } else {
            p.write("site/.waymark-manifest", damage);
        }
        assert_eq!(changed(&build(&p, &[])), 0, "manifest {damage:?}");
        assert_eq!(tree(&p.file("site")), site, "manifest {damage:?}");
    }
    // A page edited by hand in the output is put back, and counted.
    p.write("site/index.html", "edited by hand");
    assert_eq!(changed(&build(&p, &[])), 1);
    assert_eq!(tree(&p.file("site")), site);
    // A learner's edit changes their page, badge and calendar, and the pages that list them.
    let kim = p.read("roadmap/learners/kim.yaml");
    p.write("roadmap/learners/kim.yaml", &kim.replace("name: 김데브", "name: 김데브2"));
    let n = changed(&build(&p, &[]));
    assert!(n >= 3 && n < site.len() / 2, "{n} of {}", site.len());
    p.write("roadmap/learners/kim.yaml", &kim);
    assert_eq!(changed(&build(&p, &[])), n);
    assert_eq!(tree(&p.file("site")), site);
}

/// Rebuild after rebuild, every file whose bytes did not change is taken
/// over from the site before (`-v` says how many) and left with one name,
/// once the process that deletes the old site has ended too. It broke when
/// that process removed the old names of the files taken over after the
/// manifest was stamped: every other rebuild wrote the whole site again.
#[cfg(unix)]
#[test]
fn every_rebuild_takes_over_the_unchanged_files_of_the_one_before() {
    use std::os::unix::fs::MetadataExt as _;
    let p = Project::copy("valid", "basic");
    assert_eq!(build(&p, &[]).code, 0);
    let site = tree(&p.file("site"));
    let pages = site.len() - 2; // the marker and the manifest are written anew
    for n in 0..3 {
        let r = p.run(&["-v", "--today", TODAY, "build"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains(&format!("({pages} files taken over ")), "rebuild {n}: {}", r.stderr);
        for path in site.keys() {
            assert_eq!(std::fs::metadata(p.file("site").join(path)).unwrap().nlink(), 1, "{path} after rebuild {n}");
        }
        assert_eq!(settled_strays(p.path()), Vec::<String>::new());
    }
    assert_eq!(tree(&p.file("site")), site);
}

/// "N learners' own files not rendered again" of what `-v` says of a build.
fn unrendered(r: &common::Run) -> usize {
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (_, tail) =
        r.stderr.split_once("files taken over from the previous site; ").unwrap_or_else(|| panic!("{}", r.stderr));
    tail.split_once(' ').and_then(|(n, _)| n.parse().ok()).unwrap_or_else(|| panic!("{}", r.stderr))
}

/// A rebuild renders again the page, badge and calendar of only the learners
/// whose files' inputs changed (the learner, or what every page is made of:
/// cohort, roadmap, theme, the day, the view) and takes the others' over
/// unrendered; whatever changed, the site is byte for byte, manifest
/// included, the one a cold build of the same project makes.
#[test]
fn a_rebuild_renders_again_only_the_learners_whose_inputs_changed_and_makes_what_a_cold_build_makes() {
    let p = Project::copy("valid", "basic");
    let check = |today: &str, extra: &[&str], expect: usize, what: &str| {
        let mut args = vec!["-v", "--today", today, "build"];
        args.extend_from_slice(extra);
        let r = p.run(&args);
        assert_eq!(unrendered(&r), expect, "{what}: {}", r.stderr);
        let _ = std::fs::remove_dir_all(p.file("cold"));
        let mut args = vec!["-q", "--today", today, "build", "--out", "cold"];
        args.extend_from_slice(extra);
        assert_eq!(p.run(&args).code, 0, "{what}");
        assert!(tree(&p.file("site")) == tree(&p.file("cold")), "{what}: the rebuild differs from a cold build");
    };
    // The public view lists three learners (`secret` is private), the full view four.
    check(TODAY, &[], 0, "first build");
    check(TODAY, &[], 3, "nothing changed");
    let kim = p.read("roadmap/learners/kim.yaml");
    p.write("roadmap/learners/kim.yaml", &kim.replace("name: 김데브", "name: 김데브2"));
    check(TODAY, &[], 2, "one learner's name");
    p.write("roadmap/learners/kim.yaml", &format!("{kim}\n# saved again, nothing changed\n"));
    check(TODAY, &[], 2, "the learner's name back (a comment added)");
    check(TODAY, &[], 3, "nothing changed since");
    // What every learner's page is made of.
    let cohort = p.read("roadmap/cohort.yaml");
    p.write("roadmap/cohort.yaml", &cohort.replace("title: DevOps 스터디 2기", "title: DevOps 스터디 3기"));
    check(TODAY, &[], 0, "the cohort's title");
    check(TODAY, &[], 3, "nothing changed since the cohort's title");
    let roadmap = p.read("roadmap/roadmap.yaml");
    p.write("roadmap/roadmap.yaml", &roadmap.replace("title: DevOps 3주 로드맵", "title: DevOps 로드맵"));
    check(TODAY, &[], 0, "the roadmap's title");
    p.write("themes/default/i18n/ko.yaml", "journal: 기록장\n");
    check(TODAY, &[], 0, "a theme's word");
    check("2026-10-02", &[], 0, "another day");
    check("2026-10-02", &["--full"], 0, "the full view");
    check("2026-10-02", &["--full"], 4, "the full view again");
    // A learner's page edited by hand in the output is rendered again.
    p.write("site/learners/kim/index.html", "edited by hand");
    check("2026-10-02", &["--full"], 3, "a page edited by hand");
    assert!(p.read("site/learners/kim/index.html").contains("김데브"));
    // Folders moved in the output: their files' own times do not change, the
    // folders' do (and so does `learners/`'s): every learner there is
    // rendered again.
    let learners = p.file("site/learners");
    std::fs::rename(learners.join("kim"), learners.join("swap")).unwrap();
    std::fs::rename(learners.join("jung"), learners.join("kim")).unwrap();
    std::fs::rename(learners.join("swap"), learners.join("jung")).unwrap();
    check("2026-10-02", &["--full"], 0, "two learners' folders swapped");
    check("2026-10-02", &["--full"], 4, "nothing changed since the swap");
    assert_eq!(p.run(&["-q", "--today", "2026-10-02", "build", "--full", "--out", "older"]).code, 0);
    let jung = p.read("roadmap/learners/jung.yaml");
    p.write("roadmap/learners/jung.yaml", &jung.replace("name: Jung", "name: Jung Two"));
    check("2026-10-02", &["--full"], 3, "jung's name");
    std::fs::remove_dir_all(learners.join("jung")).unwrap();
    std::fs::rename(p.file("older/learners/jung"), learners.join("jung")).unwrap();
    check("2026-10-02", &["--full"], 0, "jung's folder from an older build put in place");
    assert!(p.read("site/learners/jung/index.html").contains("Jung Two"));
    // A page edited by hand, then the modes of it, its folders and the
    // manifest set again, the manifest's last (a `chmod` sets a
    // status-change time: the manifest's is then newer than the edit, its
    // modification time is not): every learner there is rendered again.
    let page = p.read("site/learners/kim/index.html");
    p.write("site/learners/kim/index.html", &format!("{page}edited by hand"));
    std::thread::sleep(Duration::from_millis(20));
    for path in ["site/learners/kim/index.html", "site/learners/kim", "site/learners", "site/.waymark-manifest"] {
        // Past a tick of the clock that stamps files: the manifest's time is
        // then strictly the newest.
        if path.ends_with("manifest") {
            std::thread::sleep(Duration::from_millis(20));
        }
        let path = p.file(path);
        std::fs::set_permissions(&path, std::fs::metadata(&path).unwrap().permissions()).unwrap();
    }
    check("2026-10-02", &["--full"], 0, "a page edited by hand, then chmod");
    assert_eq!(p.read("site/learners/kim/index.html"), page);
    // A public build's manifest copied over the full view's (newer than
    // every file there): it lists the public pages' hashes, which the full
    // view's pages do not have, so none is taken over and nothing of the
    // full view stays in the public site.
    assert_eq!(p.run(&["-q", "--today", "2026-10-02", "build", "--out", "public"]).code, 0);
    std::thread::sleep(Duration::from_millis(20));
    std::fs::copy(p.file("public/.waymark-manifest"), p.file("site/.waymark-manifest")).unwrap();
    check("2026-10-02", &[], 0, "a public build's manifest over the full view");
    assert!(!tree(&p.file("site")).keys().any(|k| k.contains("secret")));
}

/// A theme's static file at a page's path is the site's (the last put),
/// and it is written as a new file: never through the hard link that took
/// the old page over, so the old site stays as it was, even when the build
/// fails; the manifest lists the path once and the next build reads it.
#[test]
fn a_theme_file_over_a_page_never_writes_into_the_old_site() {
    let p = Project::copy("valid", "basic");
    assert_eq!(build(&p, &[]).code, 0);
    let page = p.read("site/404.html");
    let mut held = std::fs::File::open(p.file("site/404.html")).unwrap();
    p.write("themes/default/static/404.html", "static 404\n");
    p.write("themes/default/static/badges/kim.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    let r = build(&p, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(p.read("site/404.html"), "static 404\n");
    let mut old = String::new();
    std::io::Read::read_to_string(&mut held, &mut old).unwrap();
    assert_eq!(old, page, "the old site's page, read through a handle held over the build");
    let manifest = p.read("site/.waymark-manifest");
    assert_eq!(manifest.matches(" 404.html\n").count(), 1, "{manifest}");
    let r = p.run(&["-v", "--today", TODAY, "build"]);
    assert!(r.stderr.contains("; 3 learners' own files not rendered again"), "{}", r.stderr);
    // A build that fails on the way leaves the old site's files as they were.
    let site = tree(&p.file("site"));
    p.write("themes/default/static/index.html/x", "a folder where a page goes");
    assert_ne!(build(&p, &[]).code, 0);
    assert!(tree(&p.file("site")) == site, "the failed build changed the site");
}

/// The process a rebuild starts to remove the old site removes an old site
/// in a work folder and nothing else, whatever path it is given.
#[test]
fn the_old_site_remover_removes_only_an_old_site_in_a_work_folder() {
    let p = Project::copy("valid", "basic");
    let remove = |path: &str| {
        let out = bin().current_dir(p.path()).args(["__remove-old-site", path]).output().unwrap();
        assert!(out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    };
    p.write("notes/.waymark-site", "");
    p.write("notes/a.txt", "mine");
    p.write(".waymark-build/site.new-abc/index.html", "no marker");
    p.write("other/site.new-abc/.waymark-site", "");
    let before = snapshot(&p);
    for path in ["notes", "roadmap", ".", "..", ".waymark-build/site.new-abc", "other/site.new-abc", ".waymark-build"] {
        remove(path);
        remove(&p.file(path).display().to_string());
    }
    assert_eq!(snapshot(&p), before, "nothing but an old site is removed");
    std::fs::remove_dir_all(p.file(".waymark-build")).unwrap();
    p.write(".waymark-build/.gitignore", "*\n");
    p.write(".waymark-build/site.new-old/.waymark-site", "");
    p.write(".waymark-build/site.new-old/learners/kim/index.html", "old");
    remove(".waymark-build/site.new-old");
    assert!(!p.file(".waymark-build").exists(), "the old site and then its work folder are gone");
}
