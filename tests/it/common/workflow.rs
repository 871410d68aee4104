//! Running a generated workflow as a GitHub-hosted runner would: its jobs in
//! order of `needs`, each on a fresh workspace and RUNNER_TEMP, its steps
//! under `if:` with `steps.*.outcome`, and `run:` steps as `bash -eo
//! pipefail` with the job's and the step's `env`. `uses:` steps are
//! simulated from what their documentation says they do. Each behaviour
//! cites the documentation it follows:
//!
//! - Expressions and `if:` (status functions, an implicit `success()`,
//!   `contains`, `==` on strings):
//!   <https://docs.github.com/en/actions/reference/workflows-and-actions/expressions>
//! - Step outputs written as `key=value` lines to `$GITHUB_OUTPUT`, read as
//!   `steps.ID.outputs.KEY`; `steps.ID.outcome` is the result before
//!   `continue-on-error`:
//!   <https://docs.github.com/en/actions/reference/workflows-and-actions/contexts#steps-context>
//! - `github.event` is the webhook payload that triggered the run, the file
//!   at GITHUB_EVENT_PATH; a property it does not have is '' (an `issues`
//!   event has no `comment`):
//!   <https://docs.github.com/en/actions/reference/workflows-and-actions/contexts#github-context>
//!   and <https://docs.github.com/en/actions/reference/workflows-and-actions/expressions#operators>
//!   ("If you attempt to dereference a nonexistent property, it will evaluate to an empty string").
//! - A workflow runs for an event only when `on:` names it and, when it
//!   lists `types`, the payload's `action` among them:
//!   <https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#onevent_nametypes>
//! - Job outputs and `needs`, a job whose `if:` is false being skipped:
//!   <https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idoutputs>
//! - `run:` is `bash --noprofile --norc -eo pipefail {0}` on Linux:
//!   <https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#defaultsrunshell>
//! - actions/checkout fetches `ref` (default: the event's GITHUB_SHA) at
//!   depth 1 and, with `persist-credentials: false`, keeps no token in the
//!   repository's git config: <https://github.com/actions/checkout#usage>
//! - actions/cache restores nothing on a first run (`cache-hit` is not
//!   `'true'`): <https://github.com/actions/cache#outputs>
//! - `gh` (faked by [`fake_gh`]): `gh api repos/R/labels/NAME` fails (HTTP
//!   404) for a label the repository lacks
//!   (<https://docs.github.com/en/rest/issues/labels#get-a-label>);
//!   `gh label create` fails for one it has, unless `--force`
//!   (<https://cli.github.com/manual/gh_label_create>); `gh issue edit
//!   --add-label` fails for one it lacks ("'NAME' not found",
//!   <https://cli.github.com/manual/gh_issue_edit>).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The values a runner substitutes for `${{ … }}`: the `github` and
/// `secrets` contexts given by a test, then `steps.*` and `needs.*` as the
/// run goes.
pub type Values = BTreeMap<String, String>;

/// A table of values from literal pairs.
pub fn values<const N: usize>(pairs: [(&str, &str); N]) -> Values {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Substitute every `${{ … }}` of `text`, failing on an expression the run
/// has no value for.
pub fn expand(text: &str, values: &Values) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("${{") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("}}").expect("unterminated expression") + i;
        out.push_str(&eval(rest[i + 3..end].trim(), values, true).text());
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

#[derive(Clone, Debug, PartialEq)]
enum V {
    S(String),
    B(bool),
}

impl V {
    fn text(&self) -> String {
        match self {
            V::S(s) => s.clone(),
            V::B(b) => b.to_string(),
        }
    }
    /// Truthiness as GitHub's expressions define it: '' and false are false.
    fn truthy(&self) -> bool {
        match self {
            V::S(s) => !s.is_empty(),
            V::B(b) => *b,
        }
    }
}

/// Evaluate the subset of GitHub's expression language the templates use:
/// context paths, 'strings', `==`, `!=`, `!`, `&&`, `||`, parentheses,
/// `contains(a, b)` (case-insensitive for strings) and the status
/// functions (`success()`, `failure()`, `cancelled()`, `always()`, read
/// from `job.status` in `values`). A context path with no value is an error
/// when `strict`, else '' (as GitHub gives for a missing property).
fn eval(expr: &str, values: &Values, strict: bool) -> V {
    let tokens = tokenize(expr);
    let mut p = Parser { t: &tokens, i: 0, values, strict };
    let v = p.or();
    assert_eq!(p.i, tokens.len(), "cannot read the expression `{expr}`");
    v
}

fn tokenize(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' {
            let mut s = String::from("'");
            i += 1;
            while i < chars.len() {
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        s.push('\'');
                        i += 2;
                        continue;
                    }
                    break;
                }
                s.push(chars[i]);
                i += 1;
            }
            i += 1;
            out.push(s);
        } else if "=!&|".contains(c) && chars.get(i + 1).is_some_and(|n| "=&|".contains(*n)) {
            out.push(chars[i..i + 2].iter().collect());
            i += 2;
        } else if "!(),".contains(c) {
            out.push(c.to_string());
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || "._-".contains(chars[i])) {
                i += 1;
            }
            assert!(i > start, "unexpected `{c}` in `{expr}`");
            out.push(chars[start..i].iter().collect());
        }
    }
    out
}

struct Parser<'a> {
    t: &'a [String],
    i: usize,
    values: &'a Values,
    strict: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.t.get(self.i).map(String::as_str)
    }
    fn next(&mut self) -> String {
        self.i += 1;
        self.t[self.i - 1].clone()
    }
    fn or(&mut self) -> V {
        let mut v = self.and();
        while self.peek() == Some("||") {
            self.next();
            let r = self.and();
            v = if v.truthy() { v } else { r };
        }
        v
    }
    fn and(&mut self) -> V {
        let mut v = self.cmp();
        while self.peek() == Some("&&") {
            self.next();
            let r = self.cmp();
            v = if v.truthy() { r } else { v };
        }
        v
    }
    fn cmp(&mut self) -> V {
        let l = self.unary();
        match self.peek() {
            Some("==") | Some("!=") => {
                let op = self.next();
                let r = self.unary();
                // Strings compare ignoring case.
                let eq = l.text().eq_ignore_ascii_case(&r.text());
                V::B(if op == "==" { eq } else { !eq })
            }
            _ => l,
        }
    }
    fn unary(&mut self) -> V {
        if self.peek() == Some("!") {
            self.next();
            return V::B(!self.unary().truthy());
        }
        let t = self.next();
        if t == "(" {
            let v = self.or();
            assert_eq!(self.next(), ")");
            return v;
        }
        if let Some(s) = t.strip_prefix('\'') {
            return V::S(s.to_string());
        }
        if self.peek() == Some("(") {
            self.next();
            let mut args = Vec::new();
            while self.peek() != Some(")") {
                args.push(self.or());
                if self.peek() == Some(",") {
                    self.next();
                }
            }
            self.next();
            let status = self.values.get("job.status").map_or("success", String::as_str);
            return match t.as_str() {
                "contains" => V::B(args[0].text().to_lowercase().contains(&args[1].text().to_lowercase())),
                "success" => V::B(status == "success"),
                "failure" => V::B(status == "failure"),
                "cancelled" => V::B(status == "cancelled"),
                "always" => V::B(true),
                f => panic!("no function `{f}` in the harness"),
            };
        }
        match t.as_str() {
            "true" => V::B(true),
            "false" => V::B(false),
            path => match self.values.get(path) {
                Some(v) => V::S(v.clone()),
                // `github.event` is the whole payload: what it lacks is ''.
                None if !self.strict
                    || path.starts_with("steps.")
                    || path.starts_with("needs.")
                    || (path.starts_with("github.event.") && self.values.contains_key("github.event")) =>
                {
                    V::S(String::new())
                }
                None => panic!("no value for `{path}`"),
            },
        }
    }
}

/// What a test gives a run: the origin repository (a bare one) that
/// checkout clones, the commit of the event (GITHUB_SHA), the folder with
/// the programs the runner has (`waymark`, a fake `gh`), the contexts, and
/// extra environment (GITHUB_EVENT_PATH and such).
pub struct Runner {
    pub origin: PathBuf,
    pub sha: String,
    pub bin_dir: PathBuf,
    pub values: Values,
    pub env: Vec<(String, String)>,
    /// HOME and temporary folders of the jobs.
    pub home: PathBuf,
}

/// What became of one step.
pub struct StepRun {
    pub job: String,
    pub name: String,
    /// `success`, `failure` or `skipped`.
    pub outcome: String,
    pub stdout: String,
    pub stderr: String,
}

/// What became of a run: every step of every job that ran, in order, and
/// the jobs that were skipped.
pub struct Run {
    /// Whether the workflow runs for the event at all (`on:`).
    pub triggered: bool,
    pub steps: Vec<StepRun>,
    pub skipped_jobs: Vec<String>,
    /// The workspace of each job, kept until the run is dropped.
    pub workspaces: BTreeMap<String, tempfile::TempDir>,
}

impl Run {
    /// The step called `name` (by its name, or the action it uses).
    pub fn step(&self, name: &str) -> &StepRun {
        self.steps.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no step `{name}` ran"))
    }
    /// Whether every step that ran succeeded.
    pub fn succeeded(&self) -> bool {
        self.steps.iter().all(|s| s.outcome != "failure")
    }
    /// Every step's output, to show when a test fails.
    pub fn log(&self) -> String {
        self.steps.iter().map(|s| format!("[{}] {} — {}\n{}{}", s.job, s.name, s.outcome, s.stdout, s.stderr)).collect()
    }
}

/// The scalar properties of a payload as context paths (`github.event.issue.number`),
/// as an expression reads them; a value a test gave already stands.
fn event_values(path: &str, v: &serde_json::Value, out: &mut Values) {
    let text = match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                event_values(&format!("{path}.{k}"), v, out);
            }
            return;
        }
        serde_json::Value::Array(_) => return,
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    out.entry(path.to_string()).or_insert(text);
}

fn yaml_str(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn env_of(v: &serde_yaml::Value) -> Vec<(String, String)> {
    v.as_mapping()
        .map(|m| m.iter().map(|(k, v)| (k.as_str().unwrap().to_string(), yaml_str(v).unwrap())).collect())
        .unwrap_or_default()
}

/// An `if:` as written: `${{ … }}` around it or not.
fn condition(v: &serde_yaml::Value) -> Option<String> {
    let s = yaml_str(v)?;
    let s = s.trim();
    Some(s.strip_prefix("${{").and_then(|s| s.strip_suffix("}}")).unwrap_or(s).trim().to_string())
}

impl Runner {
    /// Run `workflow` (its text) as GitHub would for one event.
    pub fn run(&self, workflow: &str) -> Run {
        let doc: serde_yaml::Value = serde_yaml::from_str(workflow).unwrap();
        let mut values = self.values.clone();
        if let Some((_, path)) = self.env.iter().find(|(k, _)| k == "GITHUB_EVENT_PATH") {
            let payload: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
            values.insert("github.event".into(), "[object]".into());
            event_values("github.event", &payload, &mut values);
        }
        let mut run = Run { triggered: true, steps: Vec::new(), skipped_jobs: Vec::new(), workspaces: BTreeMap::new() };
        if let Some(name) = self.values.get("github.event_name") {
            let on = &doc["on"][name.as_str()];
            let action = values.get("github.event.action");
            let types: Option<Vec<&str>> =
                on["types"].as_sequence().map(|t| t.iter().filter_map(|t| t.as_str()).collect());
            run.triggered = doc["on"].as_mapping().is_some_and(|m| m.contains_key(name.as_str()))
                || doc["on"].as_str() == Some(name)
                || doc["on"].as_sequence().is_some_and(|s| s.iter().any(|e| e.as_str() == Some(name)));
            if let (Some(types), Some(action)) = (types, action) {
                run.triggered &= types.contains(&action.as_str());
            }
            if !run.triggered {
                return run;
            }
        }
        let mut done: Vec<String> = Vec::new();
        let jobs = doc["jobs"].as_mapping().unwrap();
        while done.len() + run.skipped_jobs.len() < jobs.len() {
            let before = done.len() + run.skipped_jobs.len();
            for (name, job) in jobs {
                let name = name.as_str().unwrap().to_string();
                if done.contains(&name) || run.skipped_jobs.contains(&name) {
                    continue;
                }
                let needs: Vec<String> = match &job["needs"] {
                    serde_yaml::Value::String(s) => vec![s.clone()],
                    serde_yaml::Value::Sequence(s) => s.iter().map(|n| n.as_str().unwrap().to_string()).collect(),
                    _ => Vec::new(),
                };
                if needs.iter().any(|n| !done.contains(n) && !run.skipped_jobs.contains(n)) {
                    continue;
                }
                // A job whose needed job was skipped or failed is skipped
                // (its implicit `success()`), as is one whose `if:` is false.
                let failed_need = needs.iter().any(|n| {
                    run.skipped_jobs.contains(n) || run.steps.iter().any(|s| &s.job == n && s.outcome == "failure")
                });
                let wanted = condition(&job["if"]).is_none_or(|c| eval(&c, &values, false).truthy());
                if failed_need || !wanted {
                    run.skipped_jobs.push(name);
                    continue;
                }
                self.run_job(&name, job, &mut values, &mut run);
                done.push(name);
            }
            assert!(done.len() + run.skipped_jobs.len() > before, "jobs wait on each other");
        }
        run
    }

    fn run_job(&self, job_name: &str, job: &serde_yaml::Value, values: &mut Values, run: &mut Run) {
        let workspace = tempfile::tempdir().unwrap();
        let temp = tempfile::tempdir_in(&self.home).unwrap();
        let job_env = env_of(&job["env"]);
        // `steps.*` belong to one job.
        values.retain(|k, _| !k.starts_with("steps."));
        values.insert("job.status".into(), "success".into());
        for (i, step) in job["steps"].as_sequence().unwrap().iter().enumerate() {
            let id = step["id"].as_str().map(str::to_string).unwrap_or_else(|| format!("__{i}"));
            let uses = step["uses"].as_str().map(|u| u.split('@').next().unwrap().to_string());
            let name = step["name"].as_str().map(str::to_string).or(uses.clone()).unwrap_or_else(|| "run".into());
            let cond = condition(&step["if"]).unwrap_or_else(|| "success()".into());
            let mut env = job_env.clone();
            env.extend(env_of(&step["env"]));
            let env: Vec<(String, String)> = env.into_iter().map(|(k, v)| (k, expand(&v, values))).collect();
            // `if:` sees the `env` context too.
            let mut scope = values.clone();
            scope.extend(env.iter().map(|(k, v)| (format!("env.{k}"), v.clone())));
            if !eval(&cond, &scope, false).truthy() {
                values.insert(format!("steps.{id}.outcome"), "skipped".into());
                run.steps.push(StepRun {
                    job: job_name.into(),
                    name,
                    outcome: "skipped".into(),
                    stdout: String::new(),
                    stderr: String::new(),
                });
                continue;
            }
            let (ok, stdout, stderr, outputs) = match (&uses, step["run"].as_str()) {
                (Some(action), _) => self.action(action, &step["with"], values, workspace.path()),
                (None, Some(script)) => self.script(script, &env, workspace.path(), temp.path()),
                _ => panic!("a step with neither `uses` nor `run`"),
            };
            for (k, v) in outputs {
                values.insert(format!("steps.{id}.outputs.{k}"), v);
            }
            let outcome = if ok { "success" } else { "failure" };
            values.insert(format!("steps.{id}.outcome"), outcome.into());
            if !ok && !step["continue-on-error"].as_bool().unwrap_or(false) {
                values.insert("job.status".into(), "failure".into());
            }
            run.steps.push(StepRun { job: job_name.into(), name, outcome: outcome.into(), stdout, stderr });
        }
        if let Some(outputs) = job["outputs"].as_mapping() {
            for (k, v) in outputs {
                let value = expand(v.as_str().unwrap(), values);
                values.insert(format!("needs.{job_name}.outputs.{}", k.as_str().unwrap()), value);
            }
        }
        run.workspaces.insert(job_name.into(), workspace);
    }

    /// A `run:` step: `bash --noprofile --norc -eo pipefail`, GITHUB_* set,
    /// the step's env; what it writes to GITHUB_OUTPUT are its outputs.
    fn script(
        &self,
        script: &str,
        env: &[(String, String)],
        workspace: &Path,
        temp: &Path,
    ) -> (bool, String, String, Vec<(String, String)>) {
        assert!(!script.contains("${{"), "an expression in a shell line:\n{script}");
        let files = tempfile::tempdir().unwrap();
        let output = files.path().join("output");
        std::fs::write(&output, "").unwrap();
        let path = format!("{}:{}", self.bin_dir.display(), std::env::var("PATH").unwrap_or_default());
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(workspace)
            .env("PATH", path)
            .env("HOME", &self.home)
            .env("NO_COLOR", "1")
            .env_remove("WAYMARK_TODAY")
            .env_remove("WAYMARK_BASE_URL")
            .env("GITHUB_ACTIONS", "true")
            .env("CI", "true")
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_SHA", &self.sha)
            .env("GITHUB_SERVER_URL", "https://github.com")
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_ENV", files.path().join("env"))
            .env("GITHUB_STEP_SUMMARY", files.path().join("summary"))
            .env("RUNNER_TEMP", temp)
            // No git identity but the one a step sets.
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out: Output = cmd.output().unwrap();
        let outputs = std::fs::read_to_string(&output)
            .unwrap()
            .lines()
            .map(|l| {
                let (k, v) = l.split_once('=').expect("GITHUB_OUTPUT line is key=value");
                (k.to_string(), v.to_string())
            })
            .collect();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            outputs,
        )
    }

    /// A `uses:` step, as its documentation says it behaves.
    fn action(
        &self,
        action: &str,
        with: &serde_yaml::Value,
        values: &Values,
        workspace: &Path,
    ) -> (bool, String, String, Vec<(String, String)>) {
        let input = |k: &str| with[k].as_str().map(|v| expand(v, values)).or_else(|| yaml_str(&with[k]));
        match action {
            "actions/checkout" => {
                // The event's commit unless `ref` names another; a branch is
                // fetched as it is now, at depth 1.
                let rev = input("ref").unwrap_or_else(|| self.sha.clone());
                assert_eq!(
                    input("persist-credentials").as_deref(),
                    Some("false"),
                    "every checkout keeps no token in the repository"
                );
                let origin = self.origin.to_str().unwrap();
                git(workspace, &["init", "-q"]);
                git(workspace, &["remote", "add", "origin", origin]);
                git(workspace, &["fetch", "-q", "--depth=1", "origin", &rev]);
                git(workspace, &["checkout", "-q", "--detach", "FETCH_HEAD"]);
                (true, String::new(), String::new(), Vec::new())
            }
            "actions/cache" => (true, String::new(), String::new(), vec![("cache-hit".into(), "false".into())]),
            "actions/upload-pages-artifact" => {
                let path = workspace.join(input("path").unwrap());
                (path.join("index.html").is_file(), String::new(), String::new(), Vec::new())
            }
            "actions/deploy-pages" => {
                (true, String::new(), String::new(), vec![("page_url".into(), "https://octo.github.io/study/".into())])
            }
            other => panic!("the harness does not know the action {other}"),
        }
    }
}

/// `git` in `dir`, which must succeed: its output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Someone")
        .env("GIT_AUTHOR_EMAIL", "someone@example.com")
        .env("GIT_COMMITTER_NAME", "Someone")
        .env("GIT_COMMITTER_EMAIL", "someone@example.com")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A bare origin holding `project` (all of it, in one commit on `main`): its
/// folder and the commit.
pub fn origin_of(project: &Path) -> (tempfile::TempDir, String) {
    let remote = tempfile::tempdir().unwrap();
    git(remote.path(), &["init", "-q", "--bare", "-b", "main"]);
    let work = tempfile::tempdir().unwrap();
    common_copy(project, work.path());
    git(work.path(), &["init", "-q", "-b", "main"]);
    git(work.path(), &["add", "-A"]);
    git(work.path(), &["commit", "-q", "-m", "Start"]);
    git(work.path(), &["push", "-q", remote.path().to_str().unwrap(), "main"]);
    let sha = git(work.path(), &["rev-parse", "HEAD"]).trim().to_string();
    (remote, sha)
}

fn common_copy(from: &Path, to: &Path) {
    super::copy_dir(from, to);
}

/// `waymark` (this build) in a folder of its own, for PATH.
#[cfg(unix)]
pub fn bin_dir(dir: &Path) -> PathBuf {
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

/// A `gh` for `bin`: answers the Pages API for octo/* as GitHub would
/// (`https://octo.github.io/NAME/`, or 404 when `pages` is false), and keeps
/// every other call's arguments (`N.args`) and `--body-file` (`N.body`) in
/// `log`, numbered in order. The repository's labels are the files in
/// `log/labels` (none at first), read and made as the module's comment says.
#[cfg(unix)]
pub fn fake_gh(bin: &Path, log: &Path, pages: bool) {
    std::fs::create_dir_all(log.join("labels")).unwrap();
    let pages = if pages {
        "echo \"https://octo.github.io/${2#repos/octo/}\" | sed 's,/pages$,/,'; exit 0"
    } else {
        "echo 'gh: Not Found (HTTP 404)' >&2; exit 1"
    };
    script(
        &bin.join("gh"),
        &format!(
            "#!/bin/sh\n[ -n \"$GH_TOKEN\" ] || {{ echo 'gh: no GH_TOKEN' >&2; exit 4; }}\n\
             if [ \"$1\" = api ] && [ \"$4\" = .html_url ]; then {pages}; fi\n\
             n=$(ls '{log}' | grep -c args || true); n=$((n + 1))\n\
             echo \"$*\" > '{log}/'$n.args\n\
             labels='{log}/labels'\n\
             if [ \"$1\" = api ]; then case $2 in */labels/*) [ -e \"$labels/${{2##*/labels/}}\" ] && exit 0\n\
               echo 'gh: Not Found (HTTP 404)' >&2; exit 1;; esac; fi\n\
             if [ \"$1 $2\" = 'label create' ]; then\n\
               [ -e \"$labels/$3\" ] && {{ echo \"label with name \\\"$3\\\" already exists; use \\`--force\\` to update its color and description\" >&2; exit 1; }}\n\
               touch \"$labels/$3\"; exit 0; fi\n\
             while [ $# -gt 0 ]; do\n\
               [ \"$1\" = --body-file ] && cp \"$2\" '{log}/'$n.body\n\
               if [ \"$1\" = --add-label ] && [ ! -e \"$labels/$2\" ]; then echo \"'$2' not found\" >&2; exit 1; fi\n\
               shift; done\nexit 0\n",
            log = log.display()
        ),
    );
}

/// The labels the repository of [`fake_gh`] (its `log`) has now.
pub fn gh_labels(log: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(log.join("labels"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// What the fake `gh` was asked, in order: (arguments, body).
pub fn gh_calls(log: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for n in 1.. {
        let Ok(args) = std::fs::read_to_string(log.join(format!("{n}.args"))) else { break };
        let body = std::fs::read_to_string(log.join(format!("{n}.body"))).unwrap_or_default();
        out.push((args.trim_end().to_string(), body));
    }
    out
}
