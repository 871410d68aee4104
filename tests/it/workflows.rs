//! progress.yml as `init` writes it, run as GitHub would (common::workflow)
//! against a bare origin, one comment after another in queue order: every
//! comment lands exactly once on the branch's tip, strangers never queue,
//! and every failure is answered in the cohort's language.

#![cfg(unix)]

use std::path::{Path, PathBuf};

use crate::common::{workflow, Project};

fn fixture_event() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/github/issue_comment.created.json")
}

/// The github-cohort fixture with the workflows of this version, pushed to a
/// bare origin; its commit.
struct Cohort {
    _project: Project,
    origin: tempfile::TempDir,
    sha: String,
    home: tempfile::TempDir,
    bin: PathBuf,
}

impl Cohort {
    fn new(edit: impl FnOnce(&Project)) -> Cohort {
        let p = Project::copy("valid", "github-cohort");
        assert_eq!(p.run(&["init", "--upgrade-workflows"]).code, 0);
        edit(&p);
        let (origin, sha) = workflow::origin_of(p.path());
        let home = tempfile::tempdir().unwrap();
        let bin = workflow::bin_dir(home.path());
        workflow::fake_gh(&bin, &home.path().join("gh"), true);
        Cohort { _project: p, origin, sha, home, bin }
    }

    /// Post a comment (event `id`, by `login`) at commit `sha`, and run
    /// progress.yml for it as the queue reaches it.
    fn comment(&self, sha: &str, id: u64, login: &str, body: &str) -> workflow::Run {
        let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(fixture_event()).unwrap()).unwrap();
        v["comment"]["id"] = id.into();
        // A comment is known by its address: each of the burst has its own.
        v["comment"]["html_url"] = format!("https://github.com/octo/devops-study/issues/12#issuecomment-{id}").into();
        v["comment"]["user"]["login"] = login.into();
        v["sender"]["login"] = login.into();
        v["comment"]["body"] = body.into();
        let event = self.home.path().join(format!("event-{id}.json"));
        std::fs::write(&event, serde_json::to_vec(&v).unwrap()).unwrap();
        let runner = workflow::Runner {
            origin: self.origin.path().to_path_buf(),
            sha: sha.to_string(),
            bin_dir: self.bin.clone(),
            values: workflow::values([
                ("runner.os", "Linux"),
                ("github.token", "test-token"),
                ("github.event.repository.default_branch", "main"),
                ("github.event.issue.number", "12"),
                ("github.event.comment.user.type", "User"),
                ("github.event.comment.user.login", login),
                ("github.event.comment.body", body),
                ("github.server_url", "https://github.com"),
                ("github.repository", "octo/devops-study"),
                ("github.run_id", &id.to_string()),
            ]),
            env: vec![
                ("GITHUB_EVENT_PATH".into(), event.to_str().unwrap().into()),
                ("GITHUB_REPOSITORY".into(), "octo/devops-study".into()),
                ("WAYMARK_TODAY".into(), "2026-09-20".into()),
            ],
            home: self.home.path().to_path_buf(),
        };
        runner.run(&std::fs::read_to_string(self._project.file(".github/workflows/progress.yml")).unwrap())
    }

    /// The branch as it is on the origin: a fresh clone.
    fn tip(&self) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        workflow::git(dir.path(), &["clone", "-q", self.origin.path().to_str().unwrap(), "."]);
        dir
    }

    /// Someone pushes `file` to main.
    fn push_unrelated(&self, file: &str) {
        let dir = self.tip();
        std::fs::write(dir.path().join(file), "notes\n").unwrap();
        workflow::git(dir.path(), &["add", file]);
        workflow::git(dir.path(), &["commit", "-q", "-m", file]);
        workflow::git(dir.path(), &["push", "-q", "origin", "main"]);
    }

    fn answers(&self) -> Vec<(String, String)> {
        workflow::gh_calls(&self.home.path().join("gh"))
    }
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

/// Five comments posted at the same commit, run in queue order, someone
/// pushing in between and once during a run: every comment's commands land
/// exactly once, each on the branch as it was when its run pushed; a
/// stranger's comment never joins the queue.
#[test]
fn a_burst_of_comments_at_one_commit_lands_every_command_exactly_once() {
    let c = Cohort::new(|_| {});
    let sha = c.sha.clone();
    let r = c.comment(&sha, 101, "KimDev", "/done vpc https://github.com/kimdev/infra/pull/3\n/log 2 VPC 정리\n");
    assert!(r.succeeded(), "{}", r.log());
    let r = c.comment(&sha, 102, "jung-ops", "/log 1 IAM 읽기\n");
    assert!(r.succeeded(), "{}", r.log());
    c.push_unrelated("NOTES.md");
    let r = c.comment(&sha, 103, "someone", "/done vpc\n");
    assert_eq!(r.skipped_jobs, ["apply"], "{}", r.log());
    // During this run someone pushes after its checkout: its push is refused,
    // and it applies the comment again on the new tip.
    let real = c.bin.join("waymark-real");
    std::fs::rename(c.bin.join("waymark"), &real).unwrap();
    let other = c.home.path().join("other");
    workflow::script(
        &c.bin.join("waymark"),
        &format!(
            "#!/bin/sh\nif [ \"$1 $2\" = 'github apply' ] && [ ! -e '{m}' ]; then touch '{m}'\n\
             git clone -q '{o}' '{d}' && cd '{d}' && echo more > MORE.md && git add MORE.md && \
             git -c user.name=x -c user.email=x@x commit -qm more && git push -q origin HEAD:main && cd - >/dev/null\nfi\n\
             exec '{r}' \"$@\"\n",
            m = c.home.path().join("pushed").display(),
            o = c.origin.path().display(),
            d = other.display(),
            r = real.display()
        ),
    );
    let r = c.comment(&sha, 104, "KimDev", "/log 1.5 서브넷 정리\n");
    assert!(r.succeeded(), "{}", r.log());
    assert!(
        r.step("Record the comment's commands").stdout.contains("main moved meanwhile (attempt 1 of 5)"),
        "{}",
        r.log()
    );
    std::fs::rename(&real, c.bin.join("waymark")).unwrap();
    let r = c.comment(&sha, 105, "Lee-Mentor", "/approve kim vpc 좋아요\n");
    assert!(r.succeeded(), "{}", r.log());
    let r = c.comment(&sha, 106, "jung-ops", "/log 2 모듈 정리\n");
    assert!(r.succeeded(), "{}", r.log());

    let tip = c.tip();
    // Every entry leads back to the comment that wrote it.
    let u = "https://github.com/octo/devops-study/issues/12#issuecomment-";
    assert_eq!(
        read(tip.path(), "roadmap/learners/kim.yaml"),
        format!(
            "# 김데브: records progress from issue comments\nname: 김데브\ngithub: KimDev\nmentor: lee\nprogress:\n  \
             terraform-vpc/setup: {{status: done, started: 2026-09-07, finished: 2026-09-08, hours: 1}}\n  \
             terraform-vpc/network:   # the old id of terraform-vpc/vpc\n    status: done\n    started: 2026-09-09\n    \
             finished: 2026-09-14\n    evidence: https://github.com/kimdev/infra/pull/3\n    source: {u}101\n    reviews:\n      \
             - {{by: lee, date: 2026-09-14, verdict: approved, comment: 좋아요, source: {u}105}}\njournal:\n  \
             - {{date: 2026-09-08, hours: 2, note: 설치 완료}}\n  - {{date: 2026-09-14, hours: 2, note: VPC 정리, source: {u}101}}\n  \
             - {{date: 2026-09-14, hours: 1.5, note: 서브넷 정리, source: {u}104}}\n"
        )
    );
    assert_eq!(
        read(tip.path(), "roadmap/learners/jung.yaml"),
        format!(
            "name: Jung\ngithub: jung-ops\nmentor: park\nprogress:\n  terraform-vpc/setup: {{status: done, finished: 2026-09-08}}\n\
             journal:\n  - {{date: 2026-09-14, hours: 1, note: IAM 읽기, source: {u}102}}\n  \
             - {{date: 2026-09-14, hours: 2, note: 모듈 정리, source: {u}106}}\n"
        )
    );
    assert!(tip.path().join("NOTES.md").is_file() && tip.path().join("MORE.md").is_file(), "the other pushes are kept");
    let kim = "\n[김데브 님의 진행 페이지](https://octo.github.io/devops-study/learners/kim/)\n";
    let jung = "\n[Jung 님의 진행 페이지](https://octo.github.io/devops-study/learners/jung/)\n";
    let want = [
        format!(
            "@KimDev 님 댓글에서 명령 2개를 읽었습니다.\n\n- ✅ `/done vpc https://github.com/kimdev/infra/pull/3` — \
             기록했습니다: **VPC 만들기** (`terraform-vpc/vpc`) · **완료** · 2026-09-14 완료 · 증거: \
             `https://github.com/kimdev/infra/pull/3`\n- ✅ `/log 2 VPC 정리` — 기록했습니다: 학습 기록 2026-09-14, 2시간\n{kim}"
        ),
        format!("@jung-ops 님 댓글에서 명령 1개를 읽었습니다.\n\n- ✅ `/log 1 IAM 읽기` — 기록했습니다: 학습 기록 2026-09-14, 1시간\n{jung}"),
        format!("@KimDev 님 댓글에서 명령 1개를 읽었습니다.\n\n- ✅ `/log 1.5 서브넷 정리` — 기록했습니다: 학습 기록 2026-09-14, 1.5시간\n{kim}"),
        format!(
            "@Lee-Mentor 님 댓글에서 명령 1개를 읽었습니다.\n\n- ✅ `/approve kim vpc 좋아요` — 기록했습니다: \
             **VPC 만들기** (`terraform-vpc/vpc`) · 이멘토 님이 2026-09-14에 승인\n{kim}"
        ),
        format!("@jung-ops 님 댓글에서 명령 1개를 읽었습니다.\n\n- ✅ `/log 2 모듈 정리` — 기록했습니다: 학습 기록 2026-09-14, 2시간\n{jung}"),
    ];
    let answers = c.answers();
    assert_eq!(answers.len(), 10, "an answer and a site rebuild per member's comment, nothing for the stranger");
    for (i, body) in want.iter().enumerate() {
        let (args, got) = &answers[2 * i];
        assert!(args.starts_with("issue comment 12 --repo octo/devops-study --body-file "), "{args}");
        assert_eq!(got, body);
        assert_eq!(answers[2 * i + 1].0, "workflow run pages.yml --repo octo/devops-study --ref main");
    }
}

/// A branch that refuses the workflow's push (a protected branch): nothing
/// is saved, no site rebuild is started, and the answer says what to change.
#[test]
fn a_protected_branch_is_answered_with_what_to_change() {
    let c = Cohort::new(|_| {});
    workflow::script(&c.origin.path().join("hooks/pre-receive"), "#!/bin/sh\necho protected >&2\nexit 1\n");
    let r = c.comment(&c.sha.clone(), 201, "KimDev", "/log 1 정리\n");
    assert_eq!(r.step("Record the comment's commands").outcome, "failure", "{}", r.log());
    assert_eq!(r.step("Publish the site").outcome, "skipped");
    let answers = c.answers();
    assert_eq!(answers.len(), 1);
    assert!(
        answers[0].1.starts_with("아무것도 기록하지 않았습니다: `main` 브랜치가 GitHub Actions의 푸시를 거부했습니다"),
        "{}",
        answers[0].1
    );
    assert!(answers[0].1.contains("https://github.com/octo/devops-study/actions/runs/201"), "{}", answers[0].1);
    assert_eq!(
        read(c.tip().path(), "roadmap/learners/kim.yaml"),
        read(&crate::common::fixture("valid", "github-cohort"), "roadmap/learners/kim.yaml")
    );
}

/// When waymark cannot read the project, the comment is let through and
/// answered with a link to the run, in the cohort's language.
#[test]
fn a_broken_project_is_answered_with_a_link_to_the_run() {
    let c = Cohort::new(|p| p.write("roadmap/cohort.yaml", "language: en\ntitle: [broken\n"));
    let r = c.comment(&c.sha.clone(), 301, "KimDev", "/log 1 x\n");
    assert_eq!(r.step("Record the comment's commands").outcome, "failure", "{}", r.log());
    let answers = c.answers();
    assert_eq!(
        answers[0].1,
        "waymark could not apply the commands of this comment, and nothing was recorded. The run says why: \
         https://github.com/octo/devops-study/actions/runs/301\n"
    );
    assert_eq!(answers.len(), 1, "no site rebuild");
}
