//! Every `build` flag alone and in every pair, through `build` and through
//! `build --watch`: after its first build and after each change, the folder
//! `--watch` keeps is byte for byte the folder `build` writes with the same
//! flags from the same files — or both refuse with the same words. A flag
//! honoured by one mode and ignored by the other (as `--base-url` and
//! `--force` once were under `--watch`) fails here.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::{bin, site_tree, tree, Project};

/// Generous: these tests wait for things to happen, not for them to be fast.
const WAIT: Duration = Duration::from_secs(30);

/// The flags of `build`, each with its value and the output folder it implies.
const FLAGS: &[(&str, &[&str])] = &[
    ("base-url", &["--base-url", "https://x.example/cohort/"]),
    ("full", &["--full"]),
    ("public", &["--public"]),
    ("force", &["--force"]),
    ("out", &["--out", "other/site"]),
    ("today", &["--today", "2026-09-20"]),
];

/// A file that waymark did not write, put in the output folder beforehand:
/// only `--force` replaces such a folder.
const FOREIGN: &str = "notes.txt";

struct Watching {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Watching {
    fn start(p: &Project, args: &[String]) -> Watching {
        let mut child = bin()
            .current_dir(p.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start waymark");
        let (tx, lines) = mpsc::channel();
        let out = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watching { child, lines, seen: Vec::new() }
    }

    /// Wait for a stdout line that starts with `prefix`.
    fn wait(&mut self, prefix: &str) -> String {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(50)) {
                self.seen.push(line.clone());
                if line.starts_with(prefix) {
                    return line;
                }
            }
        }
        panic!("no line starting {prefix:?}; stdout: {:?}", self.seen);
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The arguments of `build` with `flags`, and the output folder they write.
fn build_args(flags: &[&str]) -> (Vec<String>, String) {
    let mut args = vec!["--today".to_string(), "2026-10-01".into(), "build".into()];
    let mut out = "site".to_string();
    for name in flags {
        let (_, values) = FLAGS.iter().find(|(n, _)| n == name).expect("a known flag");
        args.extend(values.iter().map(|v| v.to_string()));
        if *name == "out" {
            out = values[1].to_string();
        }
    }
    (args, out)
}

/// A fresh project; with `--force` among the flags its output folder already
/// holds a file waymark did not write.
fn project(flags: &[&str], out: &str) -> Project {
    let p = Project::copy("valid", "basic");
    if flags.contains(&"force") {
        p.write(&format!("{out}/{FOREIGN}"), "mine\n");
    }
    p
}

/// The edits of the watch cycles: a learner (rebuilt incrementally) and the
/// roadmap (rebuilt in full).
const EDITS: &[(&str, &str, &str)] =
    &[("roadmap/learners/kim.yaml", "name: 김데브", "name: 김와치"), ("roadmap/roadmap.yaml", "title: ", "title: 새 ")];

fn apply(p: &Project, (rel, from, to): (&str, &str, &str)) {
    let text = p.read(rel);
    assert!(text.contains(from), "{rel} holds {from:?}");
    p.write(rel, &text.replacen(from, to, 1));
}

/// `build` with `flags` in `p`: its exit code, stderr and the output folder.
fn build(p: &Project, args: &[String], out: &str) -> (i32, String, std::collections::BTreeMap<String, Vec<u8>>) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = p.run(&args);
    (r.code, r.stderr, site_tree(&p.file(out)))
}

fn check(flags: &[&str]) {
    let (args, out) = build_args(flags);
    let built = project(flags, &out);
    let watched = project(flags, &out);
    let (code, stderr, site) = build(&built, &args, &out);
    let mut watch_args = args.clone();
    watch_args.push("--watch".into());
    if code != 0 {
        // Refused (conflicting flags): `--watch` refuses for the same reason
        // (the usage line that follows names the flags given).
        let r = watched.run(&watch_args.iter().map(String::as_str).collect::<Vec<_>>());
        let first = |s: &str| s.lines().next().unwrap_or("").to_string();
        assert_eq!((r.code, first(&r.stderr)), (code, first(&stderr)), "{flags:?}: build and --watch refuse alike");
        return;
    }
    if flags.contains(&"force") {
        assert!(!site.contains_key(FOREIGN), "{flags:?}: --force replaced the folder");
    }
    assert!(
        !flags.contains(&"base-url") || site.contains_key("sitemap.xml"),
        "{flags:?}: with an address the site has a sitemap"
    );
    let mut w = Watching::start(&watched, &watch_args);
    w.wait("built");
    w.wait("watching");
    assert!(site_tree(&watched.file(&out)) == site, "{flags:?}: the first --watch build differs from build");
    for (n, edit) in EDITS.iter().enumerate() {
        apply(&built, *edit);
        apply(&watched, *edit);
        w.wait("rebuilt");
        let (code, stderr, site) = build(&built, &args, &out);
        assert_eq!(code, 0, "{stderr}");
        let kept = site_tree(&watched.file(&out));
        let differ: Vec<&String> = site
            .keys()
            .chain(kept.keys())
            .filter(|k| site.get(*k) != kept.get(*k))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert!(differ.is_empty(), "{flags:?}: after change {n}, --watch and build differ in {differ:?}");
    }
}

#[test]
fn each_build_flag_alone_gives_the_same_site_through_build_and_watch() {
    for (name, _) in FLAGS {
        check(&[name]);
    }
}

#[test]
fn every_pair_of_build_flags_gives_the_same_site_through_build_and_watch() {
    for (i, (a, _)) in FLAGS.iter().enumerate() {
        for (b, _) in &FLAGS[i + 1..] {
            check(&[a, b]);
        }
    }
}

#[test]
fn without_force_build_and_watch_refuse_a_folder_waymark_did_not_make_alike() {
    let (args, out) = build_args(&[]);
    let p = Project::copy("valid", "basic");
    p.write(&format!("{out}/{FOREIGN}"), "mine\n");
    let (code, stderr, _) = build(&p, &args, &out);
    assert_eq!(code, 1);
    assert!(stderr.contains("pass --force to replace it"), "{stderr}");
    // --watch says the same, writes nothing, and keeps watching: a later
    // change is refused the same way until the folder is dealt with.
    let mut watch_args = args.clone();
    watch_args.push("--watch".into());
    let mut w = Watching::start(&p, &watch_args);
    w.wait("watching");
    apply(&p, EDITS[0]);
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(tree(&p.file(&out)).keys().collect::<Vec<_>>(), [FOREIGN]);
    assert!(!w.seen.iter().any(|l| l.starts_with("rebuilt")), "{:?}", w.seen);
}

/// `build --watch` says "Ctrl-C to stop": SIGINT or SIGTERM ends it after
/// it has written a change, as before. (Each write holds the signals back
/// until it is done; letting go of them once left them ignored, and only
/// SIGKILL stopped the watch.)
#[cfg(unix)]
#[test]
fn build_watch_stops_on_sigint_or_sigterm_after_writing_a_change() {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let (args, _) = build_args(&[]);
        let p = Project::copy("valid", "basic");
        let mut watch_args = args.clone();
        watch_args.push("--watch".into());
        let mut w = Watching::start(&p, &watch_args);
        w.wait("watching");
        apply(&p, EDITS[0]);
        w.wait("rebuilt");
        let pid = libc::pid_t::try_from(w.child.id()).expect("a pid");
        // SAFETY: a signal to the child this test started and still holds.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
        let deadline = Instant::now() + WAIT;
        let status = loop {
            if let Some(status) = w.child.try_wait().expect("wait") {
                break Some(status);
            }
            if Instant::now() > deadline {
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let status = status.unwrap_or_else(|| panic!("signal {signal}: still watching after {WAIT:?}"));
        assert!(!status.success(), "signal {signal}: {status:?}");
    }
}

/// Another build into the folder `build --watch` keeps (here the full view,
/// under a public watch): the watch's next write makes the whole site its
/// own again, never a mix of both (the full view's pages left beside the
/// public ones).
#[test]
fn build_watch_writes_whole_again_after_another_build_replaced_its_folder() {
    let (args, out) = build_args(&[]);
    let (watched, built) = (Project::copy("valid", "basic"), Project::copy("valid", "basic"));
    let mut watch_args = args.clone();
    watch_args.push("--watch".into());
    let mut w = Watching::start(&watched, &watch_args);
    w.wait("watching");
    let mut full = args.clone();
    full.push("--full".into());
    let r = watched.run(&full.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(r.code, 0, "{}", r.stderr);
    apply(&watched, EDITS[0]);
    apply(&built, EDITS[0]);
    w.wait("rebuilt");
    let (code, stderr, site) = build(&built, &args, &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(site_tree(&watched.file(&out)) == site, "the watch left another build's files in its site");
}
