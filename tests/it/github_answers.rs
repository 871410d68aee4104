//! The answers of `waymark github apply` as seen by everyone who can read
//! them: they are public, so they say nothing of who is in the cohort
//! beyond what its public pages say (a private learner, an unknown id and a
//! learner the author may not act for are answered alike), and they say
//! what to write when a command was not read as one.

use crate::common::Project;
use crate::github::{another, apply, cohort, forged, learners};

/// The github cohort with a private learner of the other mentor (park).
fn with_secret() -> Project {
    let p = cohort();
    p.write(
        "roadmap/learners/secret.yaml",
        "name: Secret Person\ngithub: secret-gh\nmentor: park\nprivate: true\nprogress:\n  \
         terraform-vpc/setup: {status: done, finished: 2026-09-09}\n",
    );
    p
}

/// The answer and exit code of `body` (with `{id}` replaced) by `login`,
/// given back with the id replaced by `{id}` again; no file may change.
fn answer_for(login: &str, body: &str, id: &str) -> (i32, String) {
    let p = with_secret();
    let before = learners(&p);
    let (r, reply) = apply(&p, &forged(&p, login, &body.replace("{id}", id)));
    assert_eq!(learners(&p), before, "{login}: {body} with {id}: no byte changes");
    (r.code, reply.replace(id, "{id}"))
}

/// Every command that names a learner is answered the same, byte for byte
/// once the id is put back, for a private learner (of another mentor, or a
/// learner's fellow), an unknown id and a public learner the author may not
/// act for: the answer is no way to learn who exists or who is private.
#[test]
fn private_unknown_and_foreign_learners_get_the_same_answer() {
    let cases: [(&str, &str, &[&str]); 3] = [
        // A mentor (lee) reviewing learners who are not theirs: park's
        // private `secret` and public `jung`, and no one.
        (
            "Lee-Mentor",
            "/approve {id} setup 좋아요\n/changes {id} setup 다시\n/approve {id}\n/changes {id} nope x\n",
            &["secret", "jung", "nosuchperson", "@secret-gh", "@jung-ops", "@nobody-gh"],
        ),
        // A learner naming others where their own task goes.
        (
            "kimdev",
            "/done {id} setup\n/start {id}\n/block {id}\n/block {id} 이유\n/skip {id} vpc\n/done {id} https://x.test/1\n",
            &["secret", "hidden", "jung", "nosuchperson"],
        ),
        // A private learner naming others.
        ("hidden-one", "/done {id} setup\n/start {id}\n", &["secret", "kim", "jung", "nosuchperson"]),
    ];
    for (login, body, ids) in cases {
        let first = answer_for(login, body, ids[0]);
        assert_eq!(first.0, 1, "{login}: nothing recorded is exit 1\n{}", first.1);
        for id in &ids[1..] {
            assert_eq!(answer_for(login, body, id), first, "{login}: {id} is answered as {} is", ids[0]);
        }
    }
    let (_, mentor) = answer_for("Lee-Mentor", "/approve {id} setup\n", "secret");
    assert_eq!(
        mentor,
        "@Lee-Mentor 님 댓글에서 명령 1개를 읽었습니다.\n\n\
         - ❌ `/approve {id} setup` — 기록하지 않았습니다: 담당 학습자 중에 `{id}`이(가) 없습니다.\n"
    );
    let (_, learner) = answer_for("kimdev", "/done {id} setup\n", "secret");
    assert_eq!(
        learner,
        "@kimdev 님 댓글에서 명령 1개를 읽었습니다.\n\n\
         - ❌ `/done {id} setup` — 기록하지 않았습니다: 자신의 진행만 기록할 수 있습니다. 과제만 적어 주세요: \
         `/done TASK [URL…] [--hours H] [NOTE…]`.\n"
    );
}

/// A private learner records on their own file, and the public answer
/// names neither them nor their notes and links; their mentor's review of
/// them does not repeat who it was for.
#[test]
fn a_private_learners_own_commands_work_and_the_answer_keeps_them_private() {
    let p = cohort();
    let (r, reply) = apply(
        &p,
        &forged(&p, "hidden-one", "/block vpc 회사 일로 바쁨\n/done setup https://x.test/hidden-one/pr/1 --hours 1\n"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        reply,
        "@hidden-one 님 댓글에서 명령 2개를 읽었습니다.\n\n\
         - ✅ `/block vpc …` — 기록했습니다: **VPC 만들기** (`terraform-vpc/vpc`) · **막힘** · 2026-09-14 시작\n\
         - ✅ `/done setup …` — 기록했습니다: **도구 설치** (`terraform-vpc/setup`) · **완료** · 2026-09-09 완료 · 0 → 1시간\n\
         \n비공개 학습자라 공개 페이지가 없습니다.\n"
    );
    let file = p.read("roadmap/learners/hidden.yaml");
    assert!(file.contains("note: 회사 일로 바쁨") && file.contains("https://x.test/hidden-one/pr/1"), "{file}");
    let review = another(&p, "Lee-Mentor", "/approve @hidden-one setup 잘했어요\n", 77, "2026-09-14T05:00:00Z");
    let (r, reply) = apply(&p, &review);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        reply,
        "@Lee-Mentor 님 댓글에서 명령 1개를 읽었습니다.\n\n\
         - ✅ `/approve …` — 기록했습니다: **도구 설치** (`terraform-vpc/setup`) · 이멘토 님이 2026-09-14에 승인\n\
         \n비공개 학습자라 공개 페이지가 없습니다.\n"
    );
}

/// A command Markdown folded into the list item above, and one in the middle
/// of a sentence, are answered with how to write them; nothing is recorded,
/// and no answer speaks of command-line flags.
#[test]
fn near_misses_are_answered_with_how_to_write_them() {
    let p = cohort();
    let before = learners(&p);
    let body = "Progress:\n- read the docs\n/start dockerfile\n\n오늘 끝냈습니다 /done vpc https://x.test/1\n\n\
                > /done vpc\n\n```\n/done vpc\n```\n";
    let (r, reply) = apply(&p, &forged(&p, "kimdev", body));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(learners(&p), before);
    assert_eq!(
        reply,
        "@kimdev 님 댓글에서 명령 2개를 읽었습니다.\n\n\
         - ❌ `/start dockerfile` — 기록하지 않았습니다: 이 줄은 위의 목록 항목이나 인용문의 일부로 읽혀 명령이 되지 \
         않았습니다. 명령 앞에 빈 줄을 하나 두어 주세요.\n\
         - ❌ `/done vpc https://x.test/1` — 기록하지 않았습니다: 명령은 줄 맨 앞에 있을 때만 읽습니다. \
         한 줄에 따로 적어 주세요: `/done TASK [URL…] [--hours H] [NOTE…]`.\n"
    );
}

/// What the command line would solve with a flag (`--date`, `--force`) is
/// answered with what a comment can do.
#[test]
fn refused_edits_are_answered_without_command_line_flags() {
    let p = cohort();
    let cohort_yaml = p.read("roadmap/cohort.yaml").replace("language: ko", "language: en");
    p.write("roadmap/cohort.yaml", &cohort_yaml);
    // kim finishes vpc on the 14th; a review written on the 13th comes before it.
    assert_eq!(apply(&p, &crate::github::fixture_event("issue_comment.created.json")).0.code, 0);
    let early = another(&p, "Lee-Mentor", "/approve kim vpc\n", 501, "2026-09-13T01:00:00Z");
    let (r, reply) = apply(&p, &early);
    assert_eq!(r.code, 1);
    assert_eq!(
        reply,
        "@Lee-Mentor: 1 command read from your comment.\n\n\
         - ❌ `/approve kim vpc` — not recorded: `terraform-vpc/vpc` was finished on 2026-09-14, after this comment \
         was written: write the review in a new comment.\n"
    );
    // Re-opening a finished task would drop its finish date.
    let (r, reply) = apply(&p, &another(&p, "kimdev", "/start setup\n", 502, "2026-09-15T01:00:00Z"));
    assert_eq!(r.code, 1);
    assert!(reply.ends_with("A comment cannot override this; edit the learner file instead.\n"), "{reply}");
    assert!(!reply.contains("--"), "{reply}");
}

/// `waymark github apply` on an `issues` event, as a step: the answer, and
/// `close=…` in `$GITHUB_OUTPUT`.
fn apply_issue(p: &Project, event: &std::path::Path) -> (i32, String, String) {
    let out = p.dir.path().join("github_output");
    let _ = std::fs::remove_file(&out);
    let reply = p.dir.path().join("reply.md");
    let r = crate::common::bin()
        .current_dir(p.path())
        .env("GITHUB_OUTPUT", &out)
        .args(["--today", "2026-09-20", "github", "apply", "--event"])
        .arg(event)
        .arg("--reply")
        .arg(&reply)
        .output()
        .unwrap();
    (
        r.status.code().unwrap(),
        std::fs::read_to_string(&reply).unwrap_or_default(),
        std::fs::read_to_string(&out).unwrap_or_default(),
    )
}

/// An issue opened from the site's "record on GitHub" link: its body is read
/// as a comment (dated, traced and counted once by the issue), and the
/// workflow is told to close it once everything in it was recorded. A
/// placeholder left as the link filled it in is answered, not recorded.
#[test]
fn an_opened_issue_is_read_as_a_comment_and_closed_when_recorded() {
    let p = cohort();
    let event = crate::github::fixture_event("issues.opened.json");
    let (code, reply, out) = apply_issue(&p, &event);
    assert_eq!(code, 0, "{reply}");
    assert_eq!(out, "close=true\n");
    assert!(
        reply.starts_with("@kimdev 님 이슈에서 명령 1개를 읽었습니다.\n\n- ✅ `/done terraform-vpc/vpc"),
        "{reply}"
    );
    let kim = p.read("roadmap/learners/kim.yaml");
    assert!(kim.contains("    finished: 2026-09-14\n"), "{kim}");
    assert!(kim.contains("    source: https://github.com/octo/devops-study/issues/21\n"), "{kim}");
    assert_eq!(apply_issue(&p, &event).0, 0);
    assert_eq!(p.read("roadmap/learners/kim.yaml"), kim, "delivered twice, recorded once");

    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&event).unwrap()).unwrap();
    v["issue"]["body"] = "/done terraform-vpc/vpc <증빙 링크>".into();
    v["issue"]["html_url"] = "https://github.com/octo/devops-study/issues/22".into();
    let placeholder = p.path().join("placeholder.json");
    std::fs::write(&placeholder, serde_json::to_vec(&v).unwrap()).unwrap();
    let before = learners(&p);
    let (code, reply, out) = apply_issue(&p, &placeholder);
    assert_eq!((code, out.as_str()), (1, "close=false\n"));
    assert_eq!(learners(&p), before);
    assert!(reply.contains("자리표시가 그대로 있습니다"), "{reply}");
    assert!(!reply.contains("댓글"), "an answer to an issue speaks of the issue: {reply}");

    // No command, or one named in a sentence (a question about it): ignored.
    for body in ["Thanks for the course!", "Is /done meant to close this?"] {
        v["issue"]["body"] = body.into();
        std::fs::write(&placeholder, serde_json::to_vec(&v).unwrap()).unwrap();
        assert_eq!(apply_issue(&p, &placeholder), (0, String::new(), String::new()), "{body}: ignored");
    }
}

/// The github cohort with the private learner `secret` (park's, GitHub
/// `secret-gh`) sealed; the workflow has no key.
fn with_sealed_secret() -> Project {
    use age::secrecy::ExposeSecret as _;
    let p = with_secret();
    let id = age::x25519::Identity::generate();
    let key = p.dir.path().join("key.txt");
    std::fs::write(&key, format!("{}\n", id.to_string().expose_secret())).unwrap();
    let cohort = p.read("roadmap/cohort.yaml");
    p.write("roadmap/cohort.yaml", &format!("{cohort}recipients:\n  - {}\n", id.to_public()));
    let r = p.run(&["--identity", key.to_str().unwrap(), "seal", "secret"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!p.file("roadmap/learners/secret.yaml").exists());
    p
}

/// Without a key, a comment naming a sealed learner, or written by one, is
/// answered as one naming an unknown id or written by a stranger is, byte
/// for byte once the id (or login) is put back, and nothing is written:
/// the answer tells no one who is sealed in the cohort.
#[test]
fn a_sealed_learner_is_answered_as_an_unknown_id_is() {
    let p = with_sealed_secret();
    let answer = |login: &str, body: &str, id: &str| {
        let before = learners(&p);
        let (r, reply) = apply(&p, &forged(&p, login, &body.replace("{id}", id)));
        assert_eq!(learners(&p), before, "{login}: {body} with {id}: no byte changes");
        (r.code, reply.replace(id, "{id}"))
    };
    // The sealed learner's own mentor (park) and another (lee).
    for login in ["park-m", "Lee-Mentor"] {
        let body = "/approve {id} setup 좋아요\n/changes {id} vpc 다시\n";
        for (sealed, unknown) in [("secret", "nosuchperson"), ("@secret-gh", "@nobody-gh")] {
            let first = answer(login, body, sealed);
            assert_eq!(first.0, 1, "{login}: nothing recorded is exit 1\n{}", first.1);
            assert_eq!(answer(login, body, unknown), first, "{login}: {sealed} is answered as {unknown} is");
        }
    }
    // The sealed learner's own comment: the answer to a stranger.
    for body in ["/done setup\n", "/block vpc 바쁨\n/log 1\n"] {
        let first = answer("secret-gh", body, "secret-gh");
        assert_eq!(first.0, 1, "{}", first.1);
        assert_eq!(answer("nobody-gh", body, "nobody-gh"), first, "{body}");
    }
    // Plain, the same comment is recorded: the id is what the test is about.
    let plain = with_secret();
    let (r, _) = apply(&plain, &forged(&plain, "park-m", "/approve secret setup 좋아요\n"));
    assert_eq!(r.code, 0, "{}", r.stderr);
}
