//! What reaches the terminal: escaped control characters, and a closed pipe
//! is a quiet, successful end.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::common::{self, bin, Project};

const TODAY: &str = "2026-10-01";

#[test]
fn control_characters_in_names_reach_the_terminal_escaped() {
    let p = Project::copy("valid", "basic");
    p.write("roadmap/learners/eve.yaml", "name: \"Eve\\e]52;c;aGVsbG8=\\aX\\e[2J\\x9b\\x7f\"\nprogress: {}\n");
    for args in [&["status"][..], &["report"][..], &["status", "eve"][..]] {
        let mut all = vec!["--today", TODAY, "--color", "always"];
        all.extend_from_slice(args);
        let r = p.run(&all);
        let out = format!("{}{}", r.stdout, r.stderr);
        assert!(out.contains("Eve\\u{1b}]52;c;aGVsbG8=\\u{7}X\\u{1b}[2J\\u{9b}\\u{7f}"), "{args:?}: {out}");
        assert!(
            !out.contains("\x1b]52") && !out.contains('\u{7}') && !out.contains('\u{9b}'),
            "{args:?}: raw: {out:?}"
        );
    }
    // A broken file's line, as check shows it.
    p.write("roadmap/learners/eve.yaml", "name: Eve\nbogus\x1b[31m: 1\nprogress: {}\n");
    let r = p.run(&["--today", TODAY, "check"]);
    assert_eq!(r.code, 1);
    assert!(!r.stderr.contains("\x1b[31m:"), "{:?}", r.stderr);
    assert!(r.stderr.contains("\\u{1b}[31m"), "{}", r.stderr);
}

#[test]
fn a_closed_pipe_is_a_quiet_exit_0() {
    let p = Project::copy("valid", "basic");
    let kim = p.read("roadmap/learners/kim.yaml");
    for i in 0..400 {
        p.write(&format!("roadmap/learners/k{i:03}.yaml"), &kim);
    }
    for cmd in ["status", "report"] {
        let mut child = bin()
            .current_dir(p.path())
            .args(["--today", TODAY, cmd])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // stderr read meanwhile: warnings past a pipe's buffer would
        // otherwise stop the command before its first line.
        let mut err = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut err, &mut text);
            text
        });
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        // The reader is gone now, like `head -1`.
        let status = child.wait().unwrap();
        let stderr = stderr.join().unwrap();
        assert_eq!(status.code(), Some(0), "{cmd}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn characters_xml_forbids_never_reach_xml_files() {
    let p = Project::copy("valid", "basic");
    let kim = p.read("roadmap/learners/kim.yaml");
    p.write("roadmap/learners/kim.yaml", &kim.replacen("name: 김데브", "name: \"Kim\\uFFFE\\uFFFF\\x01\\x1b<&>\"", 1));
    let r = p.run(&["--today", TODAY, "build", "--full"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut checked = 0;
    let mut named = false;
    for (path, bytes) in common::tree(&p.file("site")) {
        if path.ends_with(".xml") || path.ends_with(".svg") {
            let text = String::from_utf8(bytes).unwrap();
            assert!(!text.contains(['\u{fffe}', '\u{ffff}', '\u{1}', '\u{1b}']), "{path}");
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
            named |= text.contains("Kim");
            checked += 1;
        }
    }
    assert!(checked >= 3, "feed, sitemap and badges: {checked}");
    assert!(named, "the name is in some XML file");
}

#[test]
fn cname_must_be_a_host_name() {
    let p = Project::copy("valid", "basic");
    let cohort = p.read("roadmap/cohort.yaml");
    for bad in ["\"a.example\\nb.example\"", "\"exa mple.org\"", "\"-x.org\"", "\"x..org\"", "\"http://x.org\""] {
        p.write("roadmap/cohort.yaml", &format!("{cohort}cname: {bad}\n"));
        let r = p.run(&["--today", TODAY, "check"]);
        assert_eq!(r.code, 1, "{bad}: {}", r.stderr);
        assert!(r.stderr.contains("`cname` must be a host name"), "{bad}: {}", r.stderr);
    }
    p.write("roadmap/cohort.yaml", &format!("{cohort}cname: progress.example.org\n"));
    let r = p.run(&["--today", TODAY, "build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(p.read("site/CNAME").trim(), "progress.example.org");
}
