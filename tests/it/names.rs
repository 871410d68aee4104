//! Tasks, learners and links named as people write them, through the real
//! binary: a task by its title as a page shows it (several words, Korean or
//! English, the start of it), a learner by name or GitHub login, links with
//! a sentence's punctuation around them, Markdown links and `#17` — on the
//! command line and in comments alike. A wrong name is answered with the
//! nearest tasks before anything is said about a link.

use crate::common::{self, Project};
use crate::github::{another, apply, cohort};

const KIM: &str = "roadmap/learners/kim.yaml";
const PR: &str = "https://github.com/kimdev/app/pull/7";

fn comment(p: &Project, body: &str) -> (common::Run, String) {
    let event = another(p, "KimDev", body, 3000000001, "2026-09-14T02:31:07Z");
    apply(p, &event)
}

fn with_repo(p: &Project) {
    let cohort = p.read("roadmap/cohort.yaml").replace("timezone:", "repo: octo/devops-study\ntimezone:");
    p.write("roadmap/cohort.yaml", &cohort);
}

#[test]
fn a_comment_names_the_task_by_its_title_with_a_link_as_github_writes_it() {
    let p = cohort();
    let body = "오늘 끝냈습니다!\n/done 멀티 스테이지 빌드로 이미지 줄이기 [PR]({PR}). 어렵지만 재밌었어요\n"
        .replace("{PR}", PR);
    let (r, reply) = comment(&p, &body);
    assert_eq!(r.code, 0, "{}\n{reply}", r.stderr);
    let kim = p.read(KIM);
    assert!(
        kim.contains(&format!(
            "  docker/multi-stage:\n    status: done\n    finished: 2026-09-14\n    note: 어렵지만 재밌었어요\n    evidence: {PR}\n"
        )),
        "{kim}"
    );
    assert!(reply.contains("**멀티 스테이지 빌드로 이미지 줄이기** (`docker/multi-stage`) · **완료**"), "{reply}");
    assert_eq!(p.run(&["check"]).code, 0);
}

#[test]
fn titles_in_either_language_and_their_start_name_the_task() {
    for (name, task) in [
        ("Shrink the image", "docker/multi-stage"),
        ("멀티 스테이지 빌드", "docker/multi-stage"),
        ("2주차 compose", "docker/compose"),
        ("docker compose", "docker/compose"),
        ("`dockerfile`", "docker/dockerfile"),
    ] {
        let p = cohort();
        let (r, reply) = comment(&p, &format!("/done {name} {PR},"));
        assert_eq!(r.code, 0, "{name}: {}\n{reply}", r.stderr);
        assert!(reply.contains(&format!("(`{task}`) · **완료**")), "{name}: {reply}");
        assert!(p.read(KIM).contains(&format!("  {task}:\n    status: done\n")), "{name}: {}", p.read(KIM));
    }
}

#[test]
fn a_wrong_name_is_answered_with_the_nearest_tasks_before_any_link() {
    let p = cohort();
    let before = p.read(KIM);
    let (r, reply) = comment(&p, "/done 멀티 스테이지로 줄이기 github.com/kimdev/app/pull/7\n");
    assert_eq!(r.code, 1);
    assert_eq!(p.read(KIM), before, "nothing written");
    assert_eq!(
        reply,
        "@KimDev 님 댓글에서 명령 1개를 읽었습니다.\n\n\
         - ❌ `/done 멀티 스테이지로 줄이기 github.com/kimdev/app/pull/7` — 기록하지 않았습니다: \
         알 수 없는 과제 `멀티 스테이지로 줄이기`입니다. `docker/multi-stage`을(를) 말씀하신 건가요? (멀티 스테이지 빌드로 이미지 줄이기)\n"
    );
    // A week is no task: its tasks are listed.
    let (_, reply) = comment(&p, "/done docker https://x.test/1\n");
    assert!(
        reply.contains("알 수 없는 과제 `docker`입니다. 이름이 가까운 과제: Dockerfile 작성 (`docker/dockerfile`)"),
        "{reply}"
    );
}

#[test]
fn references_and_bad_links_in_a_comment() {
    let p = cohort();
    // Without `repo:`, `#17` cannot be resolved: said so, nothing written.
    let (r, reply) = comment(&p, "/done dockerfile #17\n");
    assert_eq!(r.code, 1);
    assert!(
        reply.contains("`#17`은(는) PR이나 이슈 번호인데, roadmap/cohort.yaml에 찾아볼 `repo:`가 없습니다"),
        "{reply}"
    );
    with_repo(&p);
    let (r, reply) = comment(&p, "/done dockerfile PR #17.\n");
    assert_eq!(r.code, 0, "{reply}");
    assert!(p.read(KIM).contains("evidence: https://github.com/octo/devops-study/pull/17\n"), "{}", p.read(KIM));
    let (_, reply) = comment(&p, "/done compose github.com/kimdev/app/pull/2\n");
    assert!(
        reply.contains("`github.com/kimdev/app/pull/2`은(는) http(s) 링크가 아닙니다. `https://github.com/kimdev/app/pull/2`을(를) 말씀하신 건가요?"),
        "{reply}"
    );
}

#[test]
fn a_note_in_a_comment_goes_below_the_earlier_one() {
    let p = cohort();
    let (r, _) = comment(&p, "/block dockerfile 도커 데몬이 안 뜹니다\n");
    assert_eq!(r.code, 0);
    let event = another(&p, "KimDev", "/block dockerfile 여전히 안 됩니다", 3000000002, "2026-09-15T02:31:07Z");
    let (r, reply) = apply(&p, &event);
    assert_eq!(r.code, 0, "{reply}");
    assert!(
        p.read(KIM).contains("    note: |-\n      도커 데몬이 안 뜹니다\n\n      여전히 안 됩니다\n"),
        "{}",
        p.read(KIM)
    );
    assert!(reply.contains("이전 메모 아래에 덧붙인 메모: `여전히 안 됩니다`"), "{reply}");
}

#[test]
fn the_command_line_takes_names_titles_and_links_as_comments_do() {
    let p = cohort();
    with_repo(&p);
    let r = p.run(&["--today", "2026-09-20", "done", "김데브", "멀티", "스테이지", "빌드", &format!("({PR})")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "kim: docker/multi-stage done, finished 2026-09-20\n");
    assert!(p.read(KIM).contains(&format!("evidence: {PR}\n")), "{}", p.read(KIM));
    let r = p.run(&["--today", "2026-09-20", "done", "@kimdev", "Write a Dockerfile", "--evidence", "#5"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(p.read(KIM).contains("evidence: https://github.com/octo/devops-study/issues/5\n"), "{}", p.read(KIM));
}

#[test]
fn the_command_line_answers_a_wrong_name_with_the_nearest() {
    let p = cohort();
    let before = p.read(KIM);
    let r = p.run(&["--today", "2026-09-20", "done", "kim", "멀티 스테이지로", "https://x .test/a"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: no task `멀티 스테이지로` in the roadmap\n \
         --> waymark --today 2026-09-20 done kim '멀티 스테이지로' 'https://x .test/a'\n\
         \x20                                         ^^^^^^^^^^^^^^^\n  \
         = help: did you mean `docker/multi-stage`? (멀티 스테이지 빌드로 이미지 줄이기)\n"
    );
    let r = p.run(&["--today", "2026-09-20", "done", "김데", "vpc"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("error: no learner `김데`") && r.stderr.contains("did you mean `kim`?"), "{}", r.stderr);
    assert!(!r.stderr.contains("learner add"), "{}", r.stderr);
    let r = p.run(&["--today", "2026-09-20", "done", "홍길동", "vpc"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.ends_with("  = help: name a learner by id, GitHub login or name; `waymark status` lists them\n"),
        "{}",
        r.stderr
    );
    let r = p.run(&["--today", "2026-09-20", "done", "kim", "vpc", "https://x .test/a"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("error: `https://x .test/a` is not an http(s) link"), "{}", r.stderr);
    assert_eq!(p.read(KIM), before, "nothing written");
}

#[test]
fn note_on_the_command_line_adds_unless_replaced() {
    let p = cohort();
    let run = |extra: &[&str]| {
        let mut args = vec!["--today", "2026-09-20", "start", "kim", "dockerfile"];
        args.extend_from_slice(extra);
        p.run(&args)
    };
    assert_eq!(run(&["--note", "첫 메모"]).code, 0);
    let r = run(&["--note", "둘째 메모"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("note added below the earlier one (--replace replaces it)"), "{}", r.stdout);
    assert!(p.read(KIM).contains("    note: |-\n      첫 메모\n\n      둘째 메모\n"), "{}", p.read(KIM));
    // The same note again changes nothing.
    assert!(run(&["--note", "둘째 메모"]).stdout.contains("already recorded"));
    let r = run(&["--note", "새 메모", "--replace"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(p.read(KIM).contains("    note: 새 메모\n"), "{}", p.read(KIM));
}

#[test]
fn status_finds_a_learner_by_name_or_login() {
    let p = cohort();
    for given in ["김데브", "@KIMDEV", "kim"] {
        let r = p.run(&["--today", "2026-09-20", "status", given]);
        assert_eq!(r.code, 0, "{given}: {}", r.stderr);
        assert!(r.stdout.contains("김데브") && !r.stdout.contains("Jung"), "{given}: {}", r.stdout);
    }
}
