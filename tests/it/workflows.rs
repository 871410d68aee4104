//! progress.yml as `init` writes it, run as GitHub would (common::workflow)
//! against a bare origin, one comment after another in queue order: every
//! comment lands exactly once on the branch's tip, strangers never queue,
//! and every failure is answered in the cohort's language. The site's
//! "record on GitHub" links, followed from a built page, open an issue that
//! the same workflow records, labels and closes.

#![cfg(unix)]

use std::path::{Path, PathBuf};

use crate::common::{html, workflow, Project};

const REPO: &str = "octo/devops-study";

fn fixture_event(name: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/github").join(name);
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The github-cohort fixture with the workflows of this version, pushed to a
/// bare origin; its commit.
struct Cohort {
    project: Project,
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
        Cohort { project: p, origin, sha, home, bin }
    }

    /// Post a comment (event `id`, by `login`) at commit `sha`, and run
    /// progress.yml for it as the queue reaches it.
    fn comment(&self, sha: &str, id: u64, login: &str, body: &str) -> workflow::Run {
        let mut v = fixture_event("issue_comment.created.json");
        v["comment"]["id"] = id.into();
        // A comment is known by its address: each of the burst has its own.
        v["comment"]["html_url"] = format!("https://github.com/octo/devops-study/issues/12#issuecomment-{id}").into();
        v["comment"]["user"]["login"] = login.into();
        v["sender"]["login"] = login.into();
        v["comment"]["body"] = body.into();
        self.deliver(sha, "issue_comment", id, &v)
    }

    /// Open issue `number` (by `login`, on `created_at`) at commit `sha`, as
    /// GitHub's new-issue form does, and run progress.yml for it.
    fn issue(&self, sha: &str, number: u64, login: &str, created_at: &str, title: &str, body: &str) -> workflow::Run {
        let mut v = fixture_event("issues.opened.json");
        v["issue"]["id"] = (3_509_990_000 + number).into();
        v["issue"]["number"] = number.into();
        v["issue"]["html_url"] = format!("https://github.com/octo/devops-study/issues/{number}").into();
        v["issue"]["url"] = format!("https://api.github.com/repos/octo/devops-study/issues/{number}").into();
        v["issue"]["user"]["login"] = login.into();
        v["sender"]["login"] = login.into();
        v["issue"]["created_at"] = created_at.into();
        v["issue"]["updated_at"] = created_at.into();
        v["issue"]["title"] = title.into();
        v["issue"]["body"] = body.into();
        self.deliver(sha, "issues", 1000 + number, &v)
    }

    /// Run progress.yml for the event `name` (its payload `v`, the file at
    /// GITHUB_EVENT_PATH that `github.event` reads) as run `run_id`.
    fn deliver(&self, sha: &str, name: &str, run_id: u64, v: &serde_json::Value) -> workflow::Run {
        let event = self.home.path().join(format!("event-{run_id}.json"));
        std::fs::write(&event, serde_json::to_vec(v).unwrap()).unwrap();
        let runner = workflow::Runner {
            origin: self.origin.path().to_path_buf(),
            sha: sha.to_string(),
            bin_dir: self.bin.clone(),
            values: workflow::values([
                ("runner.os", "Linux"),
                ("github.token", "test-token"),
                ("github.event_name", name),
                ("github.server_url", "https://github.com"),
                ("github.repository", "octo/devops-study"),
                ("github.run_id", &run_id.to_string()),
            ]),
            env: vec![
                ("GITHUB_EVENT_PATH".into(), event.to_str().unwrap().into()),
                ("GITHUB_EVENT_NAME".into(), name.into()),
                ("GITHUB_REPOSITORY".into(), "octo/devops-study".into()),
                ("WAYMARK_TODAY".into(), "2026-09-20".into()),
            ],
            home: self.home.path().to_path_buf(),
        };
        runner.run(&std::fs::read_to_string(self.project.file(".github/workflows/progress.yml")).unwrap())
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
             기록했습니다: **VPC 만들기** (`terraform-vpc/vpc`) · **완료** · 2026-09-14 완료 · 리뷰 대기 · 증빙: \
             [https://github.com/kimdev/infra/pull/3](https://github.com/kimdev/infra/pull/3)\n- ✅ `/log 2 VPC 정리` — 기록했습니다: 학습 기록 2026-09-14, 2시간\n{kim}"
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

    // An issue: the same answer, of the issue, and it stays open.
    let r = c.issue(&c.sha.clone(), 202, "KimDev", "2026-09-14T02:31:07Z", "x", "/log 1 정리\n");
    assert_eq!(r.step("Record the comment's commands").outcome, "failure", "{}", r.log());
    assert_eq!(r.step("Label and close the issue").outcome, "skipped");
    let answers = c.answers();
    assert_eq!(answers.len(), 2, "an answer, no label, no close: {answers:?}");
    assert!(answers[1].0.starts_with("issue comment 202 "), "{}", answers[1].0);
    assert!(answers[1].1.ends_with("허용한 뒤 아래에 답글로 명령을 다시 적어 주세요. 실행 기록: https://github.com/octo/devops-study/actions/runs/1202\n"), "{}", answers[1].1);
    assert!(!answers[1].1.contains("댓글"), "{}", answers[1].1);
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

/// The site of the project in `dir`, built as on 2026-09-20.
fn build_site(dir: &Path) -> PathBuf {
    let r = crate::common::run_in(dir, &["--today", "2026-09-20", "build", "--out", "_site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    dir.join("_site")
}

/// The record link of the page `page` of `site` whose issue body starts with `command`.
fn record_link(site: &Path, page: &str, command: &str) -> (String, String) {
    let html = std::fs::read_to_string(site.join(page)).unwrap();
    let read = |path: &str| std::fs::read_to_string(site.join(path)).ok();
    let forms: Vec<(String, String)> = html::hrefs_of_class(&html, "record-link")
        .iter()
        .map(|h| html::new_issue_form(&html::followed(page, h, read), REPO))
        .collect();
    // A task in the learner page's "Now" list has the same link in its row.
    let mut found: Vec<(String, String)> = forms.into_iter().filter(|(_, body)| body.starts_with(command)).collect();
    found.dedup();
    assert!(found.len() <= 1, "one issue for `{command}`: {found:?}");
    found.pop().unwrap_or_else(|| panic!("no record link for `{command}` in {page}"))
}

fn with_repo(p: &Project) {
    let cohort = p.read("roadmap/cohort.yaml");
    p.write("roadmap/cohort.yaml", &format!("{cohort}repo: octo/devops-study\n"));
}

/// The loop the site closes: a learner follows "record on GitHub" from
/// their page, puts the link to their work where the placeholder is and
/// submits; the issue is recorded, answered, labelled (the label made, as
/// the repository has none) and closed, and the site rebuilt. Their mentor
/// then follows "approve" from the review queue of the rebuilt site: the
/// review lands the same way, and the label now exists.
#[test]
fn a_record_link_followed_from_the_site_is_recorded_answered_labelled_and_closed() {
    let c = Cohort::new(with_repo);
    let site = build_site(c.project.path());
    let (title, body) = record_link(&site, "learners/kim/index.html", "/done terraform-vpc/vpc ");
    assert_eq!((title.as_str(), body.as_str()), ("완료: terraform-vpc/vpc", "/done terraform-vpc/vpc <증빙 링크>"));
    let body = body.replace("<증빙 링크>", "https://github.com/kimdev/infra/pull/3");
    let r = c.issue(&c.sha.clone(), 31, "KimDev", "2026-09-14T02:31:07Z", &title, &body);
    assert!(r.succeeded(), "{}", r.log());
    assert_eq!(r.step("Label and close the issue").outcome, "success", "{}", r.log());

    let u = "https://github.com/octo/devops-study/issues/";
    let done = format!(
        "# 김데브: records progress from issue comments\nname: 김데브\ngithub: KimDev\nmentor: lee\nprogress:\n  \
         terraform-vpc/setup: {{status: done, started: 2026-09-07, finished: 2026-09-08, hours: 1}}\n  \
         terraform-vpc/network:   # the old id of terraform-vpc/vpc\n    status: done\n    started: 2026-09-09\n    \
         finished: 2026-09-14\n    evidence: https://github.com/kimdev/infra/pull/3\n    source: {u}31\n\
         journal:\n  - {{date: 2026-09-08, hours: 2, note: 설치 완료}}\n"
    );
    assert_eq!(read(c.tip().path(), "roadmap/learners/kim.yaml"), done);
    let kim = "\n[김데브 님의 진행 페이지](https://octo.github.io/devops-study/learners/kim/)\n";
    let calls = c.answers();
    let args: Vec<&str> = calls.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        args[1..],
        [
            "api repos/octo/devops-study/labels/progress --silent",
            "label create progress --repo octo/devops-study --color 0e8a16 --description Progress recorded by waymark from this issue",
            "issue edit 31 --repo octo/devops-study --add-label progress",
            "issue close 31 --repo octo/devops-study --reason completed",
            "workflow run pages.yml --repo octo/devops-study --ref main",
        ]
    );
    assert!(args[0].starts_with("issue comment 31 --repo octo/devops-study --body-file "), "{}", args[0]);
    assert_eq!(
        calls[0].1,
        format!(
            "@KimDev 님 이슈에서 명령 1개를 읽었습니다.\n\n- ✅ `/done terraform-vpc/vpc https://github.com/kimdev/infra/pull/3` — \
             기록했습니다: **VPC 만들기** (`terraform-vpc/vpc`) · **완료** · 2026-09-14 완료 · 리뷰 대기 · 증빙: \
             [https://github.com/kimdev/infra/pull/3](https://github.com/kimdev/infra/pull/3)\n{kim}"
        )
    );
    assert_eq!(workflow::gh_labels(&c.home.path().join("gh")), ["progress"]);

    // The mentor, on the queue of the site as the branch now has it.
    let tip = c.tip();
    let site = build_site(tip.path());
    let (title, body) = record_link(&site, "reviews/lee.html", "/approve kim terraform-vpc/vpc");
    assert_eq!((title.as_str(), body.as_str()), ("승인: kim terraform-vpc/vpc", "/approve kim terraform-vpc/vpc"));
    let head = workflow::git(tip.path(), &["rev-parse", "HEAD"]).trim().to_string();
    let r = c.issue(&head, 32, "Lee-Mentor", "2026-09-15T01:00:00Z", &title, &body);
    assert!(r.succeeded(), "{}", r.log());
    let approved = done.replace(
        &format!("    source: {u}31\n"),
        &format!("    source: {u}31\n    reviews:\n      - {{by: lee, date: 2026-09-15, verdict: approved, source: {u}32}}\n"),
    );
    assert_eq!(read(c.tip().path(), "roadmap/learners/kim.yaml"), approved);
    let calls = c.answers();
    let args: Vec<&str> = calls[6..].iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        args[1..],
        [
            "api repos/octo/devops-study/labels/progress --silent",
            "issue edit 32 --repo octo/devops-study --add-label progress",
            "issue close 32 --repo octo/devops-study --reason completed",
            "workflow run pages.yml --repo octo/devops-study --ref main",
        ],
        "the label is made once"
    );
    assert_eq!(
        calls[6].1,
        format!(
            "@Lee-Mentor 님 이슈에서 명령 1개를 읽었습니다.\n\n- ✅ `/approve kim terraform-vpc/vpc` — 기록했습니다: \
             **VPC 만들기** (`terraform-vpc/vpc`) · 이멘토 님이 2026-09-15에 승인\n{kim}"
        )
    );
}

/// A link submitted as it came, the placeholder still in it, records
/// nothing: it is answered with what to add, and the issue stays open. An
/// issue with no command, one that only names a command in a sentence (a
/// question about it), and a stranger's command get no answer and stay open.
#[test]
fn an_issue_with_the_placeholder_or_without_a_command_stays_open() {
    let c = Cohort::new(with_repo);
    let site = build_site(c.project.path());
    let (title, body) = record_link(&site, "learners/kim/index.html", "/done terraform-vpc/vpc ");
    let sha = c.sha.clone();
    let r = c.issue(&sha, 41, "KimDev", "2026-09-14T02:31:07Z", &title, &body);
    assert_eq!(r.step("Record the comment's commands").outcome, "success", "{}", r.log());
    assert_eq!(r.step("Label and close the issue").outcome, "skipped", "{}", r.log());
    assert_eq!(r.step("Publish the site").outcome, "skipped", "{}", r.log());
    let fixture = crate::common::fixture("valid", "github-cohort");
    assert_eq!(read(c.tip().path(), "roadmap/learners/kim.yaml"), read(&fixture, "roadmap/learners/kim.yaml"));
    let calls = c.answers();
    assert_eq!(calls.len(), 1, "an answer, nothing else: {calls:?}");
    assert!(calls[0].0.starts_with("issue comment 41 --repo octo/devops-study --body-file "), "{}", calls[0].0);
    assert_eq!(
        calls[0].1,
        "@KimDev 님 이슈에서 명령 1개를 읽었습니다.\n\n- ❌ `/done terraform-vpc/vpc <증빙 링크>` — 기록하지 않았습니다: \
         명령에 꺾쇠괄호 안의 자리표시가 그대로 있습니다. 그 자리에 링크(또는 고칠 점)를 넣은 명령을 아래에 답글로 \
         다시 적어 주세요(이슈를 고친 내용은 읽지 않습니다).\n"
    );
    assert!(!calls[0].1.contains("댓글"), "an issue is no comment");

    for (n, login, body) in [
        (42, "KimDev", "Thanks for the course!"),
        (43, "KimDev", "On my phone the /done link opens the wrong repository."),
        (44, "someone", "/done terraform-vpc/vpc https://example.com/x"),
    ] {
        let r = c.issue(&sha, n, login, "2026-09-14T02:31:07Z", "Hello", body);
        assert!(r.succeeded(), "{}", r.log());
        let ran = r.steps.iter().any(|s| s.name == "Label and close the issue" && s.outcome != "skipped");
        assert!(!ran, "{body}: {}", r.log());
    }
    assert_eq!(c.answers().len(), 1, "no answer, no label, no close: {:?}", c.answers());
    // Only a new issue is read: an edit (to put the link in, say) runs nothing.
    let mut v = fixture_event("issues.opened.json");
    v["action"] = "edited".into();
    v["issue"]["body"] = "/done terraform-vpc/vpc https://github.com/kimdev/infra/pull/3".into();
    assert!(!c.deliver(&sha, "issues", 1045, &v).triggered);
    assert_eq!(read(c.tip().path(), "roadmap/learners/kim.yaml"), read(&fixture, "roadmap/learners/kim.yaml"));
    assert!(workflow::gh_labels(&c.home.path().join("gh")).is_empty());
}
