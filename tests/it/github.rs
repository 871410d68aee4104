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
         **VPC 만들기** (`terraform-vpc/vpc`) · **완료** · 2026-09-14 완료 · 0 → 4시간 · 리뷰 대기 · 증빙: [https://github.com/kimdev/infra/pull/3](https://github.com/kimdev/infra/pull/3)\n\
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
         `/done TASK [URL…] [--hours H] [NOTE…]`.\n",
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
         `terraform-vpc/vpc`을(를) 말씀하신 건가요? (VPC 만들기)\n",
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
        "@hidden-one: 2 commands read from your comment.\n\n\
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
        "@KimDev: 3 commands read from your comment.\n\n\
         - ❌ `/done vcp` — not recorded: unknown task `vcp`. Did you mean `terraform-vpc/vpc`? (Build the VPC)\n\
         - ❌ `/start terraform-vpc/vcp` — not recorded: unknown task `terraform-vpc/vcp`. \
         Did you mean `terraform-vpc/vpc`? (Build the VPC)\n\
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

/// A cohort made by `init` leaves `base_url` unset; the progress workflow
/// hands `github apply` the Pages address in `$WAYMARK_BASE_URL`, so the
/// answer still links the learner's page (and a bad address is refused).
#[test]
fn the_answer_links_the_page_at_the_address_the_workflow_gives() {
    let p = cohort();
    let text = p.read("roadmap/cohort.yaml");
    let without: String = text.lines().filter(|l| !l.starts_with("base_url:")).map(|l| format!("{l}\n")).collect();
    assert_ne!(text, without, "the fixture has a base_url to remove");
    p.write("roadmap/cohort.yaml", &without);
    let event = fixture_event("issue_comment.created.json");
    let (r, reply) = apply(&p, &event);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!reply.contains("진행 페이지]("), "no address, no link to the page: {reply}");
    let p2 = cohort();
    p2.write("roadmap/cohort.yaml", &without);
    let reply_path = p2.file("reply.md");
    let run = |url: &str| {
        let out = common::bin()
            .current_dir(p2.path())
            .env("WAYMARK_BASE_URL", url)
            .args(["--today", "2026-09-20", "github", "apply", "--event", event.to_str().unwrap(), "--reply"])
            .arg(&reply_path)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, stderr) = run("https://octo.github.io/cohort/");
    assert_eq!(code, Some(0), "{stderr}");
    let reply = std::fs::read_to_string(&reply_path).unwrap();
    assert!(reply.ends_with("\n[김데브 님의 진행 페이지](https://octo.github.io/cohort/learners/kim/)\n"), "{reply}");
    let (code, stderr) = run("javascript:alert(1)");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("--base-url must be an http(s) URL"), "{stderr}");
}
