//! A task whose newest review asks for changes is not finished anywhere:
//! the same learner is built twice, once with the mentor's review approving
//! the work and once asking for changes, and every output that counts
//! finished work must tell the two apart.

use std::collections::BTreeMap;

use crate::common::{text, Project};

const TODAY: &str = "2026-09-30";

/// Han: setup done, the VPC handed in and reviewed with `verdict`, the
/// Dockerfile in progress; compose and the pipeline not started.
fn han(verdict: &str, reviewed: &str) -> String {
    format!(
        "name: Han
mentor: lee
progress:
  terraform-vpc/setup: {{status: done, started: 2026-09-07, finished: 2026-09-08}}
  terraform-vpc/vpc:
    status: done
    started: 2026-09-09
    finished: 2026-09-10
    evidence: https://example.com/han/pull/1
    reviews:
      - {{by: lee, date: {reviewed}, verdict: {verdict}, comment: \"서브넷을 public과 private으로 나눠 주세요\"}}
  docker/dockerfile: {{status: doing, started: 2026-09-20}}
"
    )
}

fn project(verdict: &str) -> Project {
    let p = Project::copy("valid", "basic");
    p.write("roadmap/learners/han.yaml", &han(verdict, "2026-09-12"));
    p
}

fn site(p: &Project, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    p.build_site(TODAY, extra)
}

fn json_learner(files: &BTreeMap<String, Vec<u8>>, id: &str) -> serde_json::Value {
    let json: serde_json::Value = serde_json::from_str(&text(files, "progress.json")).unwrap();
    json["learners"].as_array().unwrap().iter().find(|l| l["id"] == id).unwrap_or_else(|| panic!("{id}")).clone()
}

/// The part of a page from `start` to the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html.find(start).unwrap_or_else(|| panic!("{start} not in the page"));
    let rest = &html[i..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn the_exports_count_changes_requested_as_a_state_of_its_own() {
    let approved = site(&project("approved"), &[]);
    let changes = site(&project("changes"), &[]);
    let (a, c) = (json_learner(&approved, "han"), json_learner(&changes, "han"));
    // Five core tasks: setup and the VPC done when approved, setup only when not.
    assert_eq!(
        (a["done"].as_u64(), a["changes_requested"].as_u64(), a["percent"].as_f64()),
        (Some(2), Some(0), Some(40.0))
    );
    assert_eq!(
        (c["done"].as_u64(), c["changes_requested"].as_u64(), c["percent"].as_f64()),
        (Some(1), Some(1), Some(20.0))
    );
    assert_eq!(a["tasks"]["terraform-vpc/vpc"], "done");
    assert_eq!(c["tasks"]["terraform-vpc/vpc"], "changes_requested");
    // Planned on 09-30 (three weeks due): all 5 → behind by 3 and by 4.
    assert_eq!((a["behind_by"].as_u64(), c["behind_by"].as_u64()), (Some(3), Some(4)));
    // The forecast runs on done work only: in the 23 days since the start,
    // 3 left at 2 done (+35 days), 4 left at 1 (+92).
    assert_eq!((a["forecast"].as_str(), c["forecast"].as_str()), (Some("2026-11-04"), Some("2026-12-31")));
    let row = |files: &BTreeMap<String, Vec<u8>>| {
        let csv = text(files, "progress.csv");
        let line =
            csv.lines().find(|l| l.starts_with("han,") && l.contains(",terraform-vpc/vpc,")).unwrap().to_string();
        line.split(',').map(String::from).collect::<Vec<_>>()
    };
    // status (7th column) and review (12th).
    assert_eq!((row(&approved)[6].as_str(), row(&approved)[11].as_str()), ("done", "approved"));
    assert_eq!((row(&changes)[6].as_str(), row(&changes)[11].as_str()), ("changes_requested", "changes"));
}

#[test]
fn pages_show_changes_requested_as_work_to_do() {
    let approved = site(&project("approved"), &[]);
    let changes = site(&project("changes"), &[]);
    // The week page: Han finished the VPC only when it was approved.
    // (who finished, who is at work on it).
    let who = |files: &BTreeMap<String, Vec<u8>>| {
        let page = text(files, "weeks/terraform-vpc/index.html");
        let task = between(&page, "id=\"task-vpc\"", "</article>").to_string();
        let line = between(&task, "완료한 사람", "</p>").to_string();
        let (finished, doing) = line.split_once("진행 중").unwrap_or((&line, ""));
        (finished.contains("learners/han/"), doing.contains("learners/han/"))
    };
    assert_eq!(who(&approved), (true, false));
    assert_eq!(who(&changes), (false, true), "a task with changes requested is not finished");
    // The learner page: the week's count and bar, and the task's own pill.
    let week1 = |files: &BTreeMap<String, Vec<u8>>| {
        between(&text(files, "learners/han/index.html"), " id=week-1", "</summary>").to_string()
    };
    assert!(week1(&approved).contains("<span class=num>2/2</span>"), "{}", week1(&approved));
    assert!(week1(&changes).contains("<span class=num>1/2</span>"), "{}", week1(&changes));
    assert!(week1(&changes).contains("수정 요청 1개"), "{}", week1(&changes));
    let page = text(&changes, "learners/han/index.html");
    assert!(page.contains("<li class=is-changes_requested id=task-terraform-vpc_vpc><b>수정 요청</b> "), "{page}");
    // The dashboard: done of total.
    let dash =
        |files: &BTreeMap<String, Vec<u8>>| between(&text(files, "index.html"), "learners/han/", "</tr>").to_string();
    assert!(dash(&approved).contains("5개 중 2개 완료"), "{}", dash(&approved));
    assert!(dash(&changes).contains("5개 중 1개 완료"), "{}", dash(&changes));
    // The feed: handed in, not finished; the mentor's request follows.
    let feed = text(&changes, "feed.xml");
    assert!(feed.contains("Han 님이 “VPC 만들기” 제출"), "{feed}");
    assert!(!feed.contains("Han 님이 “VPC 만들기” 완료"), "{feed}");
    assert!(text(&approved, "feed.xml").contains("Han 님이 “VPC 만들기” 완료"));
}

#[test]
fn handing_the_work_in_again_makes_it_done_awaiting_review() {
    let p = project("changes");
    // Handed in again after the review: done again, waiting for the mentor.
    p.write(
        "roadmap/learners/han.yaml",
        &han("changes", "2026-09-12").replace("finished: 2026-09-10", "finished: 2026-09-14"),
    );
    let files = site(&p, &[]);
    let han = json_learner(&files, "han");
    assert_eq!((han["done"].as_u64(), han["changes_requested"].as_u64()), (Some(2), Some(0)));
    assert_eq!(han["tasks"]["terraform-vpc/vpc"], "done");
}

#[test]
fn a_review_asking_for_changes_counts_on_a_task_that_needs_no_review() {
    // `setup` has no `review: true`; a mentor's "changes" still sends it back.
    let p = project("approved");
    p.write(
        "roadmap/learners/han.yaml",
        &han("approved", "2026-09-12").replace(
            "terraform-vpc/setup: {status: done, started: 2026-09-07, finished: 2026-09-08}",
            "terraform-vpc/setup: {status: done, started: 2026-09-07, finished: 2026-09-08, reviews: [{by: lee, date: 2026-09-09, verdict: changes, comment: 버전을 고정해 주세요}]}",
        ),
    );
    let files = site(&p, &[]);
    assert_eq!(json_learner(&files, "han")["tasks"]["terraform-vpc/setup"], "changes_requested");
    let queue = text(&files, "reviews/lee.html");
    assert!(queue.contains("terraform-vpc_setup"), "the mentor's queue lists it: {queue}");
    let r = p.run(&["--today", TODAY, "status", "han"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A Korean cohort: its status speaks Korean.
    assert!(r.stdout.contains("1/5 완료"), "{}", r.stdout);
    assert!(r.stdout.contains("1/2  수정 요청 1개"), "{}", r.stdout);
    assert!(r.stdout.contains("수정 요청: terraform-vpc/setup (2026-09-09 리뷰)"), "{}", r.stdout);
}

#[test]
fn status_and_report_count_changes_requested_as_not_done() {
    let p = project("changes");
    let r = p.run(&["--today", TODAY, "status", "han"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("20%  1/5 완료 · 심화 1개 중 +0 · 4개 뒤처짐"), "{}", r.stdout);
    assert!(r.stdout.contains("1/2  수정 요청 1개"), "{}", r.stdout);
    let r = p.run(&["--today", TODAY, "report", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let behind = report["behind"].as_array().unwrap().iter().find(|b| b["learner"] == "han").unwrap().clone();
    assert_eq!((behind["done"].as_u64(), behind["behind_by"].as_u64()), (Some(1), Some(4)));
    assert!(report["changes_requested"].as_array().unwrap().iter().any(|c| c["learner"] == "han"));
}
