//! The command line as a whole: shell completions and the man page come from
//! the same definition as `--help`, so they name every subcommand.

use crate::common::bin;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().expect("run waymark");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The subcommands `waymark --help` lists.
fn subcommands() -> Vec<String> {
    let (code, help, _) = run(&["--help"]);
    assert_eq!(code, 0);
    let list = help.split("Commands:\n").nth(1).expect("a Commands: section");
    let names: Vec<String> = list
        .lines()
        .take_while(|l| l.starts_with("  "))
        // A wrapped description continues further in.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(String::from)
        .collect();
    for expected in ["init", "check", "build", "serve", "learner", "completions", "man"] {
        assert!(names.iter().any(|n| n == expected), "{expected} in {names:?}");
    }
    names
}

#[test]
fn completions_name_every_subcommand_in_each_shell() {
    let names = subcommands();
    for (shell, marker) in
        [("bash", "complete -F _waymark"), ("zsh", "#compdef waymark"), ("fish", "complete -c waymark")]
    {
        let (code, script, err) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(script.contains(marker), "{shell}: no `{marker}` in\n{script}");
        for name in &names {
            assert!(script.contains(name.as_str()), "{shell}: `{name}` missing");
        }
        assert!(script.contains("upgrade-workflows"), "{shell}: options of subcommands are completed");
    }
    let (code, _, err) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(err.contains("bash") && err.contains("zsh") && err.contains("fish"), "{err}");
}

#[test]
fn the_man_page_names_every_subcommand() {
    let (code, page, err) = run(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(page.contains(".TH waymark 1"), "{page}");
    let section = page.split(".SH SUBCOMMANDS").nth(1).expect("a SUBCOMMANDS section");
    for name in subcommands() {
        assert!(section.contains(&format!("waymark\\-{name}(1)")), "`{name}` missing from the man page");
    }

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man");
    let (code, _, err) = run(&["man", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    for name in ["waymark.1", "waymark-init.1", "waymark-serve.1", "waymark-learner-add.1"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(text.contains(".TH"), "{name}");
    }
    let init = std::fs::read_to_string(out.join("waymark-init.1")).unwrap();
    assert!(init.contains("no\\-example"), "the options are documented:\n{init}");
}

/// A variable set to nothing is one not set: `WAYMARK_IDENTITY=` once made
/// every command fail with "a value is required for '--identity <FILE>'".
#[test]
fn an_empty_environment_variable_is_one_not_set() {
    let p = crate::common::Project::copy("valid", "basic");
    for var in ["WAYMARK_IDENTITY", "WAYMARK_BASE_URL", "GITHUB_EVENT_PATH"] {
        let out = crate::common::bin()
            .current_dir(p.path())
            .env(var, "")
            .args(["--today", "2026-10-01", "status"])
            .output()
            .expect("run waymark");
        assert_eq!(out.status.code(), Some(0), "{var}=: {}", String::from_utf8_lossy(&out.stderr));
    }
}
