//! Running the `run:` steps of a generated workflow as a runner would
//! (`bash -eo pipefail`, the job's and the step's `env`, `${{ … }}`
//! expressions substituted from a given table, failing on any other), with
//! the freshly built binary on PATH in place of the install step.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

pub struct Step {
    pub name: String,
    pub script: String,
    pub env: Vec<(String, String)>,
    pub continue_on_error: bool,
}

/// Substitute the `${{ … }}` expressions found in `values`, failing on any other.
pub fn expand(text: &str, values: &BTreeMap<&str, &str>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("${{") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("}}").expect("unterminated expression") + i;
        let expr = rest[i + 3..end].trim();
        out.push_str(values.get(expr).unwrap_or_else(|| panic!("no value for `{expr}`")));
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The `run:` steps of the one job of `workflow`, the install step left out
/// (after checking that it installs exactly this version).
pub fn steps(workflow: &str, values: &BTreeMap<&str, &str>) -> Vec<Step> {
    let doc: serde_yaml::Value = serde_yaml::from_str(workflow).unwrap();
    let jobs = doc["jobs"].as_mapping().unwrap();
    assert_eq!(jobs.len(), 1, "one job");
    let job = jobs.values().next().unwrap();
    let env_of = |v: &serde_yaml::Value| -> Vec<(String, String)> {
        v.as_mapping()
            .map(|m| {
                m.iter().map(|(k, v)| (k.as_str().unwrap().to_string(), expand(v.as_str().unwrap(), values))).collect()
            })
            .unwrap_or_default()
    };
    let job_env = env_of(&job["env"]);
    let mut installs = 0;
    let mut out = Vec::new();
    for step in job["steps"].as_sequence().unwrap() {
        let Some(script) = step["run"].as_str() else { continue };
        if script.contains("cargo install") {
            let want = format!("cargo install --locked waymark-roadmap@{}", env!("CARGO_PKG_VERSION"));
            assert!(script.contains(&want), "the install step must run `{want}`:\n{script}");
            installs += 1;
            continue;
        }
        let mut env = job_env.clone();
        env.extend(env_of(&step["env"]));
        out.push(Step {
            name: step["name"].as_str().unwrap_or("").to_string(),
            script: expand(script, values),
            env,
            continue_on_error: step["continue-on-error"].as_bool().unwrap_or(false),
        });
    }
    assert_eq!(installs, 1, "exactly one step installs waymark");
    out
}

/// Run one step in `dir` with `bin_dir` first on PATH and `extra` in the environment.
pub fn run(step: &Step, dir: &Path, bin_dir: &Path, extra: &[(&str, &str)]) -> Output {
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &step.script])
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env_remove("WAYMARK_TODAY")
        .env("GITHUB_ACTIONS", "true")
        .env("CI", "true");
    for (k, v) in extra {
        cmd.env(k, v);
    }
    for (k, v) in &step.env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// `waymark` (this build) in a folder of its own, for PATH.
#[cfg(unix)]
pub fn bin_dir(dir: &Path) -> std::path::PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_waymark"), bin.join("waymark")).unwrap();
    bin
}

/// An executable shell script at `path`.
#[cfg(unix)]
pub fn script(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}
