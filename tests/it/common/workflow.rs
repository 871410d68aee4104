//! Running the `run:` steps of a generated workflow as a runner would
//! (`bash -eo pipefail`, the job's and the step's `env`, `${{ … }}`
//! expressions substituted from a given table and from earlier steps'
//! outputs, failing on any other), with the freshly built binary on PATH in
//! place of the install step.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

pub struct Step {
    pub name: String,
    pub id: Option<String>,
    pub continue_on_error: bool,
    script: String,
    env: Vec<(String, String)>,
}

/// The values a runner substitutes for `${{ … }}`, step outputs included as
/// `steps.ID.outputs.KEY` once a step has set them.
pub type Values = BTreeMap<String, String>;

/// A table of values from literal pairs.
pub fn values<const N: usize>(pairs: [(&str, &str); N]) -> Values {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Substitute the `${{ … }}` expressions found in `values`, failing on any other.
pub fn expand(text: &str, values: &Values) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("${{") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("}}").expect("unterminated expression") + i;
        let expr = rest[i + 3..end].trim();
        out.push_str(
            values.get(expr).unwrap_or_else(|| panic!("no value for `{expr}` (a step output that was never set?)")),
        );
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The `run:` steps of every job of `workflow` in order, the install step
/// left out (after checking that there is exactly one and that it installs
/// exactly this version). Expressions are substituted when a step runs.
pub fn steps(workflow: &str) -> Vec<Step> {
    let doc: serde_yaml::Value = serde_yaml::from_str(workflow).unwrap();
    let env_of = |v: &serde_yaml::Value| -> Vec<(String, String)> {
        v.as_mapping()
            .map(|m| {
                m.iter().map(|(k, v)| (k.as_str().unwrap().to_string(), v.as_str().unwrap().to_string())).collect()
            })
            .unwrap_or_default()
    };
    let mut installs = 0;
    let mut out = Vec::new();
    for job in doc["jobs"].as_mapping().unwrap().values() {
        let job_env = env_of(&job["env"]);
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
                id: step["id"].as_str().map(str::to_string),
                continue_on_error: step["continue-on-error"].as_bool().unwrap_or(false),
                script: script.to_string(),
                env,
            });
        }
    }
    assert_eq!(installs, 1, "exactly one step installs waymark");
    out
}

/// Run one step in `dir` with `bin_dir` first on PATH and `extra` in the
/// environment, as a runner does (`bash -eo pipefail`, GITHUB_* set). What
/// the step writes to GITHUB_OUTPUT is added to `values` for later steps.
pub fn run(step: &Step, dir: &Path, bin_dir: &Path, values: &mut Values, extra: &[(&str, &str)]) -> Output {
    let runner = tempfile::tempdir().unwrap();
    let output = runner.path().join("output");
    std::fs::write(&output, "").unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &expand(&step.script, values)])
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env_remove("WAYMARK_TODAY")
        .env("GITHUB_ACTIONS", "true")
        .env("CI", "true")
        .env("GITHUB_WORKSPACE", dir)
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_ENV", runner.path().join("env"))
        .env("GITHUB_STEP_SUMMARY", runner.path().join("summary"))
        .env("RUNNER_TEMP", runner.path());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    for (k, v) in &step.env {
        cmd.env(k, expand(v, values));
    }
    let out = cmd.output().unwrap();
    if let Some(id) = &step.id {
        for line in std::fs::read_to_string(&output).unwrap().lines() {
            let (k, v) = line.split_once('=').expect("GITHUB_OUTPUT line is key=value");
            values.insert(format!("steps.{id}.outputs.{k}"), v.to_string());
        }
    }
    out
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
