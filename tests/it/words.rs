//! What commands and replies say, in the cohort's language, with each count
//! in the form it takes: one and several of each, in English and Korean.
//! (The hand-worked numbers of report-cohort are in tests/it/report.rs.)

use crate::common::{run_in, Project};
use crate::github::{another, apply, cohort};

/// report-cohort in `lang`: as of 2026-10-01, baek finished 1 day ago and
/// is behind by 1 task, ahn is 2 days idle and behind by 4.
fn report_cohort(lang: &str) -> Project {
    let p = Project::copy("valid", "report-cohort");
    let text = p.read("roadmap/cohort.yaml").replace("language: en\n", &format!("language: {lang}\n"));
    p.write("roadmap/cohort.yaml", &text);
    p
}

fn run(p: &Project, args: &[&str]) -> String {
    let mut all = vec!["--today", "2026-10-01", "--color", "never"];
    all.extend_from_slice(args);
    let r = p.run(&all);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    r.stdout
}

#[test]
fn status_and_report_say_one_and_several_in_english() {
    let p = report_cohort("en");
    let status = run(&p, &["status"]);
    assert!(status.contains("last activity 2026-09-30 (1 day ago)"), "{status}");
    assert!(status.contains("last activity 2026-09-29 (2 days ago)"), "{status}");
    assert!(status.contains("  1 change requested"), "{status}");
    assert!(!status.contains(" 1 days") && !status.contains("1 changes"), "{status}");
    let report = run(&p, &["report"]);
    assert!(report.starts_with("Mentor report as of 2026-10-01\n"), "{report}");
    assert!(report.contains("1 day waiting (finished 2026-09-30)"), "{report}");
    assert!(report.contains("21 days waiting (finished 2026-09-10)"), "{report}");
    assert!(report.contains("behind by 1 task (planned 4, done 3)"), "{report}");
    assert!(report.contains("behind by 4 tasks (planned 8, done 4)"), "{report}");
    let md = run(&p, &["report", "--format", "md"]);
    assert!(md.contains("finished 2026-09-30, waiting 1 day)"), "{md}");
    assert!(md.contains("| 1 task |") && md.contains("| 4 tasks |"), "{md}");
    let slack = run(&p, &["report", "--format", "slack"]);
    assert!(slack.contains("Image · waiting 1 day ·"), "{slack}");
    assert!(slack.contains("· 1 task behind") && slack.contains("· 4 tasks behind"), "{slack}");
}

#[test]
fn status_report_and_the_digest_speak_korean_in_a_korean_cohort() {
    let p = report_cohort("ko");
    let status = run(&p, &["status"]);
    assert!(status.contains("마지막 활동 2026-09-30 (1일 전)"), "{status}");
    assert!(status.contains("  수정 요청 1개"), "{status}");
    assert!(!status.contains("last activity") && !status.contains(" done"), "{status}");
    let one = run(&p, &["status", "baek"]);
    assert!(
        one.contains("  리뷰 대기: docker/image (2026-09-30 완료)\n      증빙: https://github.com/baek/app/pull/7"),
        "{one}"
    );
    let report = run(&p, &["report"]);
    assert!(report.contains("Dong [비공개] (dong)"), "{report}");
    assert!(report.starts_with("멘토 리포트 (2026-10-01 기준)\n\n리뷰 대기 (4)\n"), "{report}");
    assert!(report.contains("1일째 대기 (2026-09-30 완료)"), "{report}");
    assert!(report.contains("과제 1개 뒤처짐 (계획 4 · 완료 3)"), "{report}");
    let md = run(&p, &["report", "--format", "md"]);
    assert!(md.contains("### 수정 요청 (2)") && md.contains("| 학습자 | 과제 | 리뷰일 | 증빙 |"), "{md}");
    let discord = run(&p, &["report", "--format", "discord"]);
    assert!(discord.contains("1일째 대기") && discord.contains("1개 뒤처짐"), "{discord}");
    // Machine formats keep their English keys.
    let json = run(&p, &["report", "--format", "json"]);
    assert!(json.contains("\"awaiting_review\"") && json.contains("\"days_waiting\""), "{json}");
}

#[test]
fn check_counts_in_the_cohorts_language() {
    let p = Project::copy("valid", "basic");
    assert_eq!(run(&p, &["check"]), "문제 없음: 3주, 과제 6개, 학습자 4명, 번역 1개\n");
    let english = p.read("roadmap/cohort.yaml").replace("language: ko", "language: en");
    p.write("roadmap/cohort.yaml", &english);
    assert_eq!(run(&p, &["check"]), "ok: 3 weeks, 6 tasks, 4 learners, 1 translation\n");
    for id in ["choi", "jung", "secret"] {
        std::fs::remove_file(p.file(&format!("roadmap/learners/{id}.yaml"))).unwrap();
    }
    assert_eq!(run(&p, &["check"]), "ok: 3 weeks, 6 tasks, 1 learner, 1 translation\n");
}

#[test]
fn the_summary_of_problems_speaks_the_language_as_written_even_when_the_file_is_broken() {
    let p = Project::copy("valid", "basic");
    let kim = p.read("roadmap/learners/kim.yaml");
    p.write("roadmap/learners/kim.yaml", &format!("{kim}bogus: 1\n"));
    let r = p.run(&["check"]);
    assert!(r.stderr.ends_with("파일 1개에서 오류 1개, 경고 0개\n"), "{}", r.stderr);
    // A cohort file that does not parse: its `language:` line still counts.
    p.write("roadmap/cohort.yaml", "language: en\ntitle: [unclosed\n");
    let r = p.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.ends_with("\n2 errors, 0 warnings in 2 files\n"), "{}", r.stderr);
    // Without the line, the default language: Korean.
    p.write("roadmap/cohort.yaml", "title: [unclosed\n");
    assert!(p.run(&["check"]).stderr.ends_with("\n파일 2개에서 오류 2개, 경고 0개\n"));
    // Outside any project: English.
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["status"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.ends_with("\n1 error, 0 warnings in 1 file\n"), "{}", r.stderr);
}

#[test]
fn a_resubmission_awaits_review_again_and_its_evidence_is_a_link() {
    for (lang, done, again) in [
        ("ko", "· 리뷰 대기 · 증빙: ", "· 다시 리뷰 대기 · 증빙: "),
        ("en", "· awaiting review · evidence: ", "· awaiting review again · evidence: "),
    ] {
        let p = cohort();
        let text = p.read("roadmap/cohort.yaml").replace("language: ko", &format!("language: {lang}"));
        p.write("roadmap/cohort.yaml", &text);
        let first =
            another(&p, "KimDev", "/done vpc https://github.com/kimdev/infra/pull/3", 11, "2026-09-14T02:00:00Z");
        let (_, reply) = apply(&p, &first);
        let link = "[https://github.com/kimdev/infra/pull/3](https://github.com/kimdev/infra/pull/3)";
        assert!(reply.contains(&format!("{done}{link}")), "{lang}: {reply}");
        let changes = another(&p, "Lee-Mentor", "/changes kim vpc 서브넷을 나눠 주세요", 12, "2026-09-15T02:00:00Z");
        let (r, reply) = apply(&p, &changes);
        assert_eq!(r.code, 0, "{lang}: {reply}");
        let second =
            another(&p, "KimDev", "/done vpc https://github.com/kimdev/infra/pull/4", 13, "2026-09-17T02:00:00Z");
        let (_, reply) = apply(&p, &second);
        assert!(reply.contains(again), "{lang}: {reply}");
        assert!(reply.contains("(https://github.com/kimdev/infra/pull/4)"), "{lang}: {reply}");
        assert!(!reply.contains("`https://github.com/kimdev/infra/pull/4`"), "a link, not code: {reply}");
    }
}

#[test]
fn a_reply_counts_its_commands_in_the_form_they_take() {
    let p = cohort();
    let text = p.read("roadmap/cohort.yaml").replace("language: ko", "language: en");
    p.write("roadmap/cohort.yaml", &text);
    let one = another(&p, "KimDev", "/start vpc", 21, "2026-09-14T02:00:00Z");
    assert!(apply(&p, &one).1.starts_with("@KimDev: 1 command read from your comment.\n"));
    let two = another(&p, "KimDev", "/log 1 reading\n/log 2 more reading", 22, "2026-09-14T03:00:00Z");
    assert!(apply(&p, &two).1.starts_with("@KimDev: 2 commands read from your comment.\n"));
}

#[test]
fn init_says_cd_only_when_the_project_is_elsewhere() {
    for (arg, next) in
        [(".", "Next: waymark serve"), ("./", "Next: waymark serve"), ("sub", "Next: cd sub && waymark serve")]
    {
        let dir = tempfile::tempdir().unwrap();
        let r = run_in(dir.path(), &["init", arg, "--no-example"]);
        assert_eq!(r.code, 0, "{arg}: {}", r.stderr);
        assert!(r.stdout.ends_with(&format!("\n{next}\n")), "{arg}: {}", r.stdout);
    }
    // Again in the same folder: the project is here, named as `check` names it.
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["init", "--no-example"]).code, 0);
    let again = run_in(dir.path(), &["init"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains(" --> roadmap/cohort.yaml:1:1\n"), "{}", again.stderr);
    assert!(again.stderr.contains("`waymark serve` here, or choose"), "{}", again.stderr);
    // The folder given by its full path is the current one, too.
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["init", dir.path().to_str().unwrap(), "--no-example"]);
    assert!(r.stdout.ends_with("\nNext: waymark serve\n"), "{}", r.stdout);
}

#[test]
fn the_site_counts_in_the_form_each_count_takes_and_names_a_mentor_once() {
    let p = Project::copy("valid", "basic");
    let text = p.read("roadmap/cohort.yaml").replace("language: ko", "language: en");
    let text = text.replacen("mentors:\n", "mentors:\n  - {id: solo, name: Mentor}\n", 1);
    p.write("roadmap/cohort.yaml", &text);
    let kim = p.read("roadmap/learners/kim.yaml");
    let kim = kim.lines().filter(|l| !l.starts_with("mentor:")).collect::<Vec<_>>().join("\n");
    p.write("roadmap/learners/kim.yaml", &format!("mentor: solo\n{kim}\n"));
    let r = p.run(&["--today", "2026-09-20", "build", "--full"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let read = |rel: &str| std::fs::read_to_string(p.file(&format!("site/{rel}"))).unwrap();
    let week = read("weeks/terraform-vpc/index.html");
    assert!(week.contains("· 2 tasks · 5 h core") && week.contains("· 1 hour"), "{week}");
    let page = read("learners/kim/index.html");
    assert!(!page.contains("Mentor Mentor"), "{page}");
    let queue = read("reviews/solo.html");
    assert!(queue.contains("1 learner<") && !queue.contains("1 learners"), "{queue}");
}
