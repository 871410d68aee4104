//! `waymark github apply` through the real binary: recorded `issue_comment`
//! payloads (tests/fixtures/github/, the shape of GitHub's webhook
//! documentation) and forged ones, each checked by the exact bytes of the
//! learner files afterwards and the exact answer.

use std::path::Path;

use crate::common::{self, tree, Project, Run};

const KIM_BEFORE: &str = "\
# 김데브: records progress from issue comments
name: 김데브
github: KimDev
mentor: lee
progress:
  terraform-vpc/setup: {status: done, started: 2026-09-07, finished: 2026-09-08, hours: 1}
  terraform-vpc/network:   # the old id of terraform-vpc/vpc
    status: doing
    started: 2026-09-09
journal:
  - {date: 2026-09-08, hours: 2, note: 설치 완료}
";

/// The address of the recorded comment: the `source` of what it writes.
const SOURCE: &str = "https://github.com/octo/devops-study/issues/12#issuecomment-2345678901";

/// What the genuine comment records in kim's file.
const KIM_AFTER_DONE: &str = "\
# 김데브: records progress from issue comments
name: 김데브
github: KimDev
mentor: lee
progress:
  terraform-vpc/setup: {status: done, started: 2026-09-07, finished: 2026-09-08, hours: 1}
  terraform-vpc/network:   # the old id of terraform-vpc/vpc
    status: done
    started: 2026-09-09
    finished: 2026-09-14
    hours: 4
    evidence: https://github.com/kimdev/infra/pull/3
    source: https://github.com/octo/devops-study/issues/12#issuecomment-2345678901
journal:
  - {date: 2026-09-08, hours: 2, note: 설치 완료}
  - {date: 2026-09-14, hours: 1.5, note: '서브넷 *CIDR* 정리', source: https://github.com/octo/devops-study/issues/12#issuecomment-2345678901}
";

pub(crate) fn fixture_event(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/github").join(name)
}

/// The recorded payload with another author and body: a forged delivery.
pub(crate) fn forged(p: &Project, login: &str, body: &str) -> std::path::PathBuf {
    another(p, login, body, 2345678901, "2026-09-14T02:31:07Z")
}

/// A new comment `id` on issue 12, written at `created_at`.
pub(crate) fn another(p: &Project, login: &str, body: &str, id: u64, created_at: &str) -> std::path::PathBuf {
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture_event("issue_comment.created.json")).unwrap()).unwrap();
    v["comment"]["user"]["login"] = login.into();
    v["sender"]["login"] = login.into();
    v["comment"]["body"] = body.into();
    v["comment"]["id"] = id.into();
    v["comment"]["html_url"] = format!("https://github.com/octo/devops-study/issues/12#issuecomment-{id}").into();
    v["comment"]["created_at"] = created_at.into();
    let path = p.path().join("event.json");
    std::fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    path
}

/// `waymark github apply --event EVENT --reply reply.md`, on 2026-09-20.
pub(crate) fn apply(p: &Project, event: &Path) -> (Run, String) {
    let reply = p.dir.path().join("reply.md");
    let _ = std::fs::remove_file(&reply);
    let r = p.run(&[
        "--today",
        "2026-09-20",
        "github",
        "apply",
        "--event",
        event.to_str().unwrap(),
        "--reply",
        reply.to_str().unwrap(),
    ]);
    let answer = std::fs::read_to_string(&reply).unwrap_or_else(|_| panic!("no reply written: {}", r.stderr));
    (r, answer)
}

pub(crate) fn learners(p: &Project) -> std::collections::BTreeMap<String, Vec<u8>> {
    tree(&p.file("roadmap/learners"))
}

pub(crate) fn cohort() -> Project {
    Project::copy("valid", "github-cohort")
}

#[test]
fn a_learners_comment_records_done_and_journal_on_their_own_file() {
    let p = cohort();
    assert_eq!(p.read("roadmap/learners/kim.yaml"), KIM_BEFORE);
    let others = ["jung.yaml", "hidden.yaml"].map(|f| p.read(&format!("roadmap/learners/{f}")));
    let (r, reply) = apply(&p, &fixture_event("issue_comment.created.json"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(p.read("roadmap/learners/kim.yaml"), KIM_AFTER_DONE);
    assert_eq!(others, ["jung.yaml", "hidden.yaml"].map(|f| p.read(&format!("roadmap/learners/{f}"))));
    assert_eq!(
        reply,
        "@kimdev 님 댓글에서 명령 2개를 읽었습니다.\n\n\
         - ✅ `/done vpc https://github.com/kimdev/infra/pull/3 --hours 4` — 기록했습니다: \
         **VPC 만들기** (`terraform-vpc/vpc`) · **완료** · 2026-09-14 완료 · 0 → 4시간 · 증거: `https://github.com/kimdev/infra/pull/3`\n\
         - ✅ `/log 1.5 서브넷 *CIDR* 정리` — 기록했습니다: 학습 기록 2026-09-14, 1.5시간\n\
         \n[김데브 님의 진행 페이지](https://octo.github.io/devops-study/learners/kim/)\n"
    );
    // What was written is what `check` accepts.
    assert_eq!(p.run(&["check"]).code, 0);
}

#[test]
fn a_duplicate_delivery_changes_nothing() {
    let p = cohort();
    let event = fixture_event("issue_comment.created.json");
    assert_eq!(apply(&p, &event).0.code, 0);
    let after_first = learners(&p);
    // Delivered again days later: dated by the comment, so the same values.
    let reply = p.dir.path().join("reply.md");
    let r = p.run(&[
        "--today",
        "2026-09-25",
        "github",
        "apply",
        "--event",
        event.to_str().unwrap(),
        "--reply",
        reply.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(learners(&p), after_first);
    assert_eq!(p.read("roadmap/learners/kim.yaml"), KIM_AFTER_DONE);
    assert_eq!(
        std::fs::read_to_string(reply).unwrap(),
        "@kimdev 님 댓글에서 명령 2개를 읽었습니다.\n\n\
         - ☑️ `/done vpc https://github.com/kimdev/infra/pull/3 --hours 4` — 이 댓글의 내용은 이미 기록되어 있어 바뀐 것이 없습니다\n\
         - ☑️ `/log 1.5 서브넷 *CIDR* 정리` — 이 댓글의 내용은 이미 기록되어 있어 바뀐 것이 없습니다\n\
         \n[김데브 님의 진행 페이지](https://octo.github.io/devops-study/learners/kim/)\n"
    );
}

#[test]
fn edited_comments_and_bots_are_left_alone() {
    let p = cohort();
    let before = learners(&p);
    for (event, why) in [
        ("issue_comment.edited.json", "ignored: the comment was edited, and only new comments are read"),
        ("issue_comment.bot.json", "ignored: github-actions[bot] is a bot"),
    ] {
        let (r, reply) = apply(&p, &fixture_event(event));
        assert_eq!(r.code, 0, "{event}: {}", r.stderr);
        assert_eq!(r.stderr.trim(), why);
        assert_eq!(reply, "", "{event}: nothing to answer");
        assert_eq!(learners(&p), before, "{event}");
    }
}

#[test]
fn a_mentor_reviews_their_learner_from_a_pull_request_comment() {
    let p = cohort();
    assert_eq!(apply(&p, &fixture_event("issue_comment.created.json")).0.code, 0);
    let (r, reply) = apply(&p, &fixture_event("pull_request_comment.created.json"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let want = KIM_AFTER_DONE.replace(
        &format!("    source: {SOURCE}\n"),
        &format!(
            "    source: {SOURCE}\n    reviews:\n      - {{by: lee, date: 2026-09-15, verdict: changes, \
             comment: 서브넷을 public/private으로 나눠 주세요, \
             source: https://github.com/octo/devops-study/pull/13#issuecomment-2345678999}}\n"
        ),
    );
    assert_eq!(p.read("roadmap/learners/kim.yaml"), want);
    assert_eq!(
        reply,
        "@Lee-Mentor 님 댓글에서 명령 1개를 읽었습니다.\n\n\
         - ✅ `/changes kim vpc 서브넷을 public/private으로 나눠 주세요` — 기록했습니다: \
         **VPC 만들기** (`terraform-vpc/vpc`) · 이멘토 님이 2026-09-15에 수정 요청\n\
         \n[김데브 님의 진행 페이지](https://octo.github.io/devops-study/learners/kim/)\n"
    );
    // Twice is once.
    assert_eq!(apply(&p, &fixture_event("pull_request_comment.created.json")).0.code, 0);
    assert_eq!(p.read("roadmap/learners/kim.yaml"), want);
}

/// A forged comment that must change no byte: exit 1, and the answer.
fn refused(login: &str, body: &str, answer: &str) {
    let p = cohort();
    let before = learners(&p);
    let (r, reply) = apply(&p, &forged(&p, login, body));
    assert_eq!(r.code, 1, "{body}: {}", r.stderr);
    assert!(r.stderr.contains("recorded"), "{}", r.stderr);
    assert_eq!(learners(&p), before, "{body}: no byte changes");
    assert_eq!(reply, answer, "{body}");
}

/// Someone outside the cohort learns nothing from the answer: one answer,
/// whatever the comment says.
#[test]
fn a_stranger_gets_one_answer_whatever_the_comment_says() {
    let stranger = "@someone 님은 이 코호트의 학습자도 멘토도 아닙니다: \
                    `github: someone`인 학습자 파일도, roadmap/cohort.yaml의 멘토도 없습니다.\n";
    for body in [
        "/done vpc",
        "/approve kim vpc",
        "/approve hidden vpc",
        "/approve @hidden-one vpc",
        "/block hidden",
        "/block nosuchperson",
        "/done hidden setup\n/log 1",
        "/dnoe vpc",
    ] {
        refused("someone", body, stranger);
    }
}

#[test]
fn a_learner_cannot_act_on_another_learner_or_approve() {
    refused(
        "kimdev",
        "/done jung setup",
        "@kimdev 님 댓글에서 명령 1개를 읽었습니다.\n\n\
         - ❌ `/done jung setup` — 기록하지 않았습니다: 자신의 진행만 기록할 수 있습니다. 과제만 적어 주세요: \
         `/done TASK [URL…] [--hours H]`.\n",
    );
    refused(
        "kimdev",
        "/approve kim vpc",
        "@kimdev 님 댓글에서 명령 1개를 읽었습니다.\n\n\
         - ⛔ `/approve kim vpc` — 거절했습니다: 리뷰는 멘토만 남길 수 있습니다. \
         @kimdev 님은 roadmap/cohort.yaml의 멘토가 아닙니다.\n",
    );
}

#[test]
fn a_mentor_reviews_only_their_own_learners_and_records_no_progress() {
    refused(
        "lee-mentor",
        "/approve jung setup 좋아요",
        "@lee-mentor 님 댓글에서 명령 1개를 읽었습니다.\n\n\
         - ❌ `/approve jung setup 좋아요` — 기록하지 않았습니다: 담당 학습자 중에 `jung`이(가) 없습니다.\n",
    );
    refused(
        "Lee-Mentor",
        "/approve kim vpc",
        "@Lee-Mentor 님 댓글에서 명령 1개를 읽었습니다.\n\n\
         - ❌ `/approve kim vpc` — 기록하지 않았습니다: `terraform-vpc/vpc`은(는) 아직 완료되지 않아(상태: 진행 중) \
         리뷰할 것이 없습니다.\n",
    );
    refused(
        "Lee-Mentor",
        "/done setup",
        "@Lee-Mentor 님 댓글에서 명령 1개를 읽었습니다.\n\n\
         - ⛔ `/done setup` — 거절했습니다: 멘토는 `/approve`와 `/changes`로 리뷰를 남깁니다. \
         진행 기록은 학습자가 직접 남깁니다.\n",
    );
}

#[test]
fn commands_in_quotes_and_code_are_not_commands() {
    let p = cohort();
    let before = learners(&p);
    let body = "> /done vpc https://x.test/1\n\n```\n/done vpc\n```\n\n    /skip setup\n\n~~~sh\n/log 3\n~~~\n\n\
                Use `/done vpc` when finished, at the start of a line.\n";
    let (r, reply) = apply(&p, &forged(&p, "kimdev", body));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr.trim(), "the comment holds no slash command; nothing to do");
    assert_eq!(reply, "");
    assert_eq!(learners(&p), before);
}

#[test]
fn shell_metacharacters_and_markdown_in_arguments_are_recorded_as_written() {
    let p = cohort();
    let reason = r#"`$(rm -rf ~)`; echo "pwned" | tee /tmp/x && **AWS** <script>alert(1)</script> @everyone 'q' #1"#;
    let (r, reply) = apply(&p, &forged(&p, "kimdev", &format!("/block vpc {reason}\n")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = p.read("roadmap/learners/kim.yaml");
    assert_eq!(
        text,
        KIM_BEFORE.replace(
            "    status: doing\n    started: 2026-09-09\n",
            &format!(
                "    status: blocked\n    started: 2026-09-09\n    blocked: 2026-09-14\n    note: {}\n    source: {SOURCE}\n",
                serde_json::to_string(reason).unwrap()
            )
        )
    );
    let back: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(back["progress"]["terraform-vpc/network"]["note"].as_str(), Some(reason));
    assert_eq!(
        reply,
        format!(
            "@kimdev 님 댓글에서 명령 1개를 읽었습니다.\n\n\
             - ✅ ``/block vpc {reason}`` — 기록했습니다: **VPC 만들기** (`terraform-vpc/vpc`) · **막힘** · \
             2026-09-09 시작 · 메모: `` {reason} ``\n\
             \n[김데브 님의 진행 페이지](https://octo.github.io/devops-study/learners/kim/)\n"
        )
    );
}

#[test]
fn an_unknown_task_and_a_bad_link_are_not_recorded() {
    refused(
        "kimdev",
        "/done vcp",
        "@kimdev 님 댓글에서 명령 1개를 읽었습니다.\n\n\
         - ❌ `/done vcp` — 기록하지 않았습니다: 알 수 없는 과제 `vcp`입니다. \
         `terraform-vpc/vpc`을(를) 말씀하신 건가요?\n",
    );
    refused(
        "kimdev",
        "/done vpc javascript:alert(1)",
        "@kimdev 님 댓글에서 명령 1개를 읽었습니다.\n\n\
         - ❌ `/done vpc javascript:alert(1)` — 기록하지 않았습니다: `javascript:alert(1)`은(는) http(s) 링크가 아닙니다.\n",
    );
    refused(
        "kimdev",
        "/log lots",
        "@kimdev 님 댓글에서 명령 1개를 읽었습니다.\n\n\
         - ❌ `/log lots` — 기록하지 않았습니다: `lots`은(는) 시간(숫자)이 아닙니다: `/log HOURS [NOTE…]`.\n",
    );
}

#[test]
fn each_command_is_recorded_or_refused_on_its_own() {
    let p = cohort();
    let (r, reply) = apply(&p, &forged(&p, "KIMDEV", "/start dockerfile\n/approve kim vpc\n"));
    assert_eq!(r.code, 1);
    assert_eq!(
        p.read("roadmap/learners/kim.yaml"),
        KIM_BEFORE.replace(
            "journal:\n",
            &format!(
                "  docker/dockerfile:\n    status: doing\n    started: 2026-09-14\n    source: {SOURCE}\njournal:\n"
            )
        )
    );
    assert_eq!(
        reply,
        "@KIMDEV 님 댓글에서 명령 2개를 읽었습니다.\n\n\
         - ✅ `/start dockerfile` — 기록했습니다: **Dockerfile 작성** (`docker/dockerfile`) · **진행 중** · 2026-09-14 시작\n\
         - ⛔ `/approve kim vpc` — 거절했습니다: 리뷰는 멘토만 남길 수 있습니다. \
         @KIMDEV 님은 roadmap/cohort.yaml의 멘토가 아닙니다.\n\
         \n[김데브 님의 진행 페이지](https://octo.github.io/devops-study/learners/kim/)\n"
    );
}

#[test]
fn the_answer_speaks_the_cohorts_language_and_keeps_private_learners_off_the_page_links() {
    let p = cohort();
    let cohort_yaml = p.read("roadmap/cohort.yaml").replace("language: ko", "language: en");
    p.write("roadmap/cohort.yaml", &cohort_yaml);
    let (r, reply) = apply(&p, &forged(&p, "hidden-one", "/start vpc\n/skip nope\n"));
    assert_eq!(r.code, 1);
    assert_eq!(
        reply,
        "@hidden-one: 2 command(s) read from your comment.\n\n\
         - ✅ `/start vpc` — recorded: **Build the VPC** (`terraform-vpc/vpc`) · **in progress** · started 2026-09-14\n\
         - ❌ `/skip nope` — not recorded: unknown task `nope`.\n\
         \nThis learner is private: there is no public page.\n"
    );
    assert!(!reply.contains("Hidden Person"), "the answer is public: a private learner's name stays out");
}

/// A wrong task in a comment is answered as it always was: a sentence about
/// the value in the comment, with the nearest task, and no command line (the
/// command line's own errors point at an argument that a comment does not have).
#[test]
fn a_wrong_task_in_a_comment_is_answered_with_the_nearest_task_and_nothing_is_written() {
    let p = cohort();
    let cohort_yaml = p.read("roadmap/cohort.yaml").replace("language: ko", "language: en");
    p.write("roadmap/cohort.yaml", &cohort_yaml);
    let before = learners(&p);
    let (r, reply) = apply(&p, &forged(&p, "KimDev", "/done vcp\n/start terraform-vpc/vcp\n/skip zzzz\n"));
    assert_eq!(r.code, 1);
    assert_eq!(
        reply,
        "@KimDev: 3 command(s) read from your comment.\n\n\
         - ❌ `/done vcp` — not recorded: unknown task `vcp`. Did you mean `terraform-vpc/vpc`?\n\
         - ❌ `/start terraform-vpc/vcp` — not recorded: unknown task `terraform-vpc/vcp`. \
         Did you mean `terraform-vpc/vpc`?\n\
         - ❌ `/skip zzzz` — not recorded: unknown task `zzzz`.\n"
    );
    assert!(!reply.contains("-->") && !reply.contains("--help"), "{reply}");
    assert_eq!(learners(&p), before);
}

#[test]
fn a_broken_event_is_an_error_and_no_event_is_a_usage_error() {
    let p = cohort();
    p.write("event.json", "{\"action\": \"created\"");
    let r = p.run(&["github", "apply", "--event", "event.json"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("event.json:1:20: not an issue_comment or issues event"), "{}", r.stderr);
    p.write("event.json", "{\"action\": \"created\", \"pull_request\": {}}");
    let r = p.run(&["github", "apply", "--event", "event.json"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("it has no `comment` and no `issue`"), "{}", r.stderr);
    let r = common::bin().current_dir(p.path()).env_remove("GITHUB_EVENT_PATH").args(["github", "apply"]).output();
    assert_eq!(r.unwrap().status.code(), Some(2));
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Someone")
        .env("GIT_AUTHOR_EMAIL", "someone@example.com")
        .env("GIT_COMMITTER_NAME", "Someone")
        .env("GIT_COMMITTER_EMAIL", "someone@example.com")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A project under git with a bare remote, progress.yml written by `init`,
/// and a runner folder whose `gh` keeps what it was asked to post
/// (`posted.args`, `posted.body`).
#[cfg(unix)]
struct Rig {
    p: Project,
    remote: tempfile::TempDir,
    runner: tempfile::TempDir,
    bin: std::path::PathBuf,
}

#[cfg(unix)]
impl Rig {
    fn new() -> Rig {
        let p = cohort();
        assert_eq!(p.run(&["init", "--upgrade-workflows"]).code, 0);
        let remote = tempfile::tempdir().unwrap();
        git(remote.path(), &["init", "-q", "--bare", "-b", "main"]);
        git(p.path(), &["init", "-q", "-b", "main"]);
        git(p.path(), &["add", "-A"]);
        git(p.path(), &["commit", "-q", "-m", "Start"]);
        git(p.path(), &["remote", "add", "origin", remote.path().to_str().unwrap()]);
        git(p.path(), &["push", "-q", "origin", "main"]);
        let runner = tempfile::tempdir().unwrap();
        let bin = common::workflow::bin_dir(runner.path());
        let posted = runner.path().join("posted");
        common::workflow::script(
            &bin.join("gh"),
            &format!(
                "#!/bin/sh\n[ \"$GH_TOKEN\" = test-token ] || exit 1\necho \"$*\" > '{0}.args'\n\
                 while [ $# -gt 0 ]; do [ \"$1\" = --body-file ] && cp \"$2\" '{0}.body'; shift; done\n",
                posted.display()
            ),
        );
        Rig { p, remote, runner, bin }
    }

    fn origin(&self) -> &str {
        self.remote.path().to_str().unwrap()
    }

    /// Run the steps on the recorded comment; `before` runs before each step.
    /// `pushed` is what `steps.push.outcome` reads.
    fn run(&self, pushed: &str, before: impl Fn(&str)) {
        let text = self.p.read(".github/workflows/progress.yml");
        let mut values = common::workflow::values([
            ("runner.os", "Linux"),
            ("github.token", "test-token"),
            ("github.event.repository.default_branch", "main"),
            ("github.event.issue.number", "12"),
            ("steps.apply.outcome", "success"),
            ("steps.push.outcome", pushed),
            ("github.server_url", "https://github.com"),
            ("github.repository", "octo/devops-study"),
            ("github.run_id", "1"),
        ]);
        let event = fixture_event("issue_comment.created.json");
        let env = [
            ("RUNNER_TEMP", self.runner.path().to_str().unwrap()),
            ("GITHUB_EVENT_PATH", event.to_str().unwrap()),
            ("GITHUB_REPOSITORY", "octo/devops-study"),
            ("HOME", self.runner.path().to_str().unwrap()),
        ];
        for step in common::workflow::steps(&text) {
            before(&step.name);
            let out = common::workflow::run(&step, self.p.path(), &self.bin, &mut values, &env);
            let may_fail = step.continue_on_error || (pushed == "failure" && step.name.starts_with("Commit"));
            assert!(
                out.status.success() || may_fail,
                "{}: {}\n{}",
                step.name,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }

    fn posted(&self, ext: &str) -> String {
        std::fs::read_to_string(self.runner.path().join("posted").with_extension(ext)).unwrap()
    }
}

/// progress.yml as written by `init`, run step by step against a real git
/// remote: the comment's commands land in a commit by the bot on the remote
/// (after a rebase, as someone pushed meanwhile), and the answer is posted
/// from the file.
#[cfg(unix)]
#[test]
fn the_progress_workflow_commits_pushes_after_a_race_and_answers() {
    let rig = Rig::new();
    rig.run("success", |step| {
        if step.starts_with("Commit") {
            // Meanwhile someone else pushes to the branch.
            let other = tempfile::tempdir().unwrap();
            git(other.path(), &["clone", "-q", rig.origin(), "."]);
            std::fs::write(other.path().join("NOTES.md"), "meeting notes\n").unwrap();
            git(other.path(), &["add", "NOTES.md"]);
            git(other.path(), &["commit", "-q", "-m", "Notes"]);
            git(other.path(), &["push", "-q", "origin", "main"]);
        }
    });
    let check = tempfile::tempdir().unwrap();
    git(check.path(), &["clone", "-q", rig.origin(), "."]);
    assert_eq!(std::fs::read_to_string(check.path().join("roadmap/learners/kim.yaml")).unwrap(), KIM_AFTER_DONE);
    assert!(check.path().join("NOTES.md").is_file(), "the other push is kept");
    let log = git(check.path(), &["log", "--format=%an <%ae>|%s", "-3"]);
    assert_eq!(
        log,
        "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|Progress: record slash commands from a comment\n\
         Someone <someone@example.com>|Notes\nSomeone <someone@example.com>|Start\n"
    );
    let args = rig.posted("args");
    assert!(args.starts_with("issue comment 12 --repo octo/devops-study --body-file "), "{args}");
    assert!(rig.posted("body").starts_with("@kimdev 님 댓글에서 명령 2개를 읽었습니다.\n"), "{}", rig.posted("body"));
}

/// A remote that refuses the push (a protected branch): the step fails, and
/// the answer says that nothing was saved rather than what was recorded.
#[cfg(unix)]
#[test]
fn the_progress_workflow_says_so_when_the_push_is_refused() {
    let rig = Rig::new();
    common::workflow::script(&rig.remote.path().join("hooks/pre-receive"), "#!/bin/sh\necho protected >&2\nexit 1\n");
    rig.run("failure", |_| {});
    let check = tempfile::tempdir().unwrap();
    git(check.path(), &["clone", "-q", rig.origin(), "."]);
    assert_eq!(std::fs::read_to_string(check.path().join("roadmap/learners/kim.yaml")).unwrap(), KIM_BEFORE);
    assert_eq!(
        rig.posted("body"),
        "waymark could not push what it recorded; nothing was saved. The run says why: \
         https://github.com/octo/devops-study/actions/runs/1\n"
    );
}

/// When waymark fails before it can answer (a broken project file), the
/// workflow still answers, with a link to the run and nothing of the comment.
#[cfg(unix)]
#[test]
fn the_progress_workflow_answers_when_waymark_could_not() {
    let p = cohort();
    assert_eq!(p.run(&["init", "--upgrade-workflows"]).code, 0);
    p.write("roadmap/cohort.yaml", "title: [broken\n");
    let runner = tempfile::tempdir().unwrap();
    let bin = common::workflow::bin_dir(runner.path());
    let body = runner.path().join("body");
    common::workflow::script(
        &bin.join("gh"),
        &format!(
            "#!/bin/sh\nwhile [ $# -gt 0 ]; do [ \"$1\" = --body-file ] && cp \"$2\" '{}'; shift; done\n",
            body.display()
        ),
    );
    let mut values = common::workflow::values([
        ("runner.os", "Linux"),
        ("github.token", "test-token"),
        ("github.event.repository.default_branch", "main"),
        ("github.event.issue.number", "12"),
        ("steps.apply.outcome", "failure"),
        ("steps.push.outcome", "success"),
        ("github.server_url", "https://github.com"),
        ("github.repository", "octo/devops-study"),
        ("github.run_id", "77"),
    ]);
    let steps = common::workflow::steps(&p.read(".github/workflows/progress.yml"));
    let event = fixture_event("issue_comment.created.json");
    let env = [("RUNNER_TEMP", runner.path().to_str().unwrap()), ("GITHUB_EVENT_PATH", event.to_str().unwrap())];
    let apply = steps.iter().find(|s| s.name.starts_with("Apply")).unwrap();
    assert!(apply.continue_on_error);
    assert_eq!(common::workflow::run(apply, p.path(), &bin, &mut values, &env).status.code(), Some(1));
    let answer = steps.iter().find(|s| s.name.starts_with("Answer")).unwrap();
    assert!(common::workflow::run(answer, p.path(), &bin, &mut values, &env).status.success());
    assert_eq!(
        std::fs::read_to_string(body).unwrap(),
        "waymark could not apply the commands of this comment; the run says why: \
         https://github.com/octo/devops-study/actions/runs/77\n"
    );
}

/// Nothing of the event is ever expanded into a shell line: every `run:` of
/// every generated workflow uses `${{ … }}` only in `env:`, never in the script.
#[test]
fn generated_workflows_expand_no_event_data_in_a_shell_line() {
    let p = cohort();
    let r = p.run(&["init", "--upgrade-workflows"]);
    assert_eq!(r.code, 0);
    for wf in ["pages", "check", "progress", "digest"] {
        assert!(r.stdout.contains(&format!("created .github/workflows/{wf}.yml")), "{}", r.stdout);
    }
    let fresh = tempfile::tempdir().unwrap();
    assert_eq!(common::run_in(fresh.path(), &["init"]).code, 0);
    assert!(fresh.path().join(".github/workflows/progress.yml").is_file());
    assert!(fresh.path().join(".github/workflows/digest.yml").is_file());
    for wf in ["progress.yml", "digest.yml"] {
        let doc: serde_yaml::Value = serde_yaml::from_str(&p.read(&format!(".github/workflows/{wf}"))).unwrap();
        for job in doc["jobs"].as_mapping().unwrap().values() {
            for step in job["steps"].as_sequence().unwrap() {
                if let Some(script) = step["run"].as_str() {
                    assert!(!script.contains("${{"), "{wf}: an expression in a shell line:\n{script}");
                }
            }
        }
    }
    let progress = p.read(".github/workflows/progress.yml");
    for want in ["issue_comment:\n    types: [created]", "contents: write", "issues: write", "pull-requests: write"] {
        assert!(progress.contains(want), "{want}");
    }
    assert!(progress.contains("concurrency:\n  group: waymark-progress\n  cancel-in-progress: false\n  queue: max"));
}

/// Dedup is by the comment, not by what it says: two comments a day apart,
/// each `/log 1` and `--hours 2`, are two entries and hours added twice; each
/// comment applied again (a second delivery, or the same comment applied on a
/// newer tip after a refused push) changes no byte. Each is dated by the day
/// it was written, not the day it was applied.
#[test]
fn two_comments_with_the_same_text_are_both_recorded_and_each_only_once() {
    let p = cohort();
    let body = "/log 1\n/done setup --hours 2\n";
    let first = || another(&p, "kimdev", body, 101, "2026-09-15T01:00:00Z");
    let (r, reply) = apply(&p, &first());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(reply.contains("2026-09-08 완료 · 1 → 3시간\n"), "{reply}");
    let once = p.read("roadmap/learners/kim.yaml");
    let (r, reply) = apply(&p, &first());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(p.read("roadmap/learners/kim.yaml"), once, "the same comment again changes no byte");
    assert_eq!(reply.matches("이 댓글의 내용은 이미 기록되어 있어 바뀐 것이 없습니다").count(), 2, "{reply}");
    let (r, reply) = apply(&p, &another(&p, "kimdev", body, 102, "2026-09-16T01:00:00Z"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(reply.contains("2026-09-08 완료 · 3 → 5시간\n"), "{reply}");
    let twice = p.read("roadmap/learners/kim.yaml");
    assert_eq!(apply(&p, &first()).0.code, 0);
    assert_eq!(p.read("roadmap/learners/kim.yaml"), twice, "the first comment, after the second, changes nothing");
    let url = |id: u64| format!("https://github.com/octo/devops-study/issues/12#issuecomment-{id}");
    assert_eq!(
        twice,
        KIM_BEFORE
            .replace(
                "finished: 2026-09-08, hours: 1}",
                &format!("finished: 2026-09-08, hours: 5, source: [{}, {}]}}", url(101), url(102))
            )
            .replace(
                "note: 설치 완료}\n",
                &format!(
                    "note: 설치 완료}}\n  - {{date: 2026-09-15, hours: 1, source: {}}}\n  \
                     - {{date: 2026-09-16, hours: 1, source: {}}}\n",
                    url(101),
                    url(102)
                )
            )
    );
    assert_eq!(p.run(&["check"]).code, 0);
}
