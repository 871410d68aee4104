//! The learner page through the real binary: "Now" at the top (what the
//! mentor asked for, what is blocked or in progress, the next core tasks,
//! each with its due date and the comment that records it), the week the
//! plan is in marked and open, finished weeks folded behind a marker, and
//! nothing with work left folded away.

use crate::common::{html, text, Project};

/// Han, as of 2026-09-16 (the plan is in week 2): setup done, the VPC sent
/// back with changes requested, the Dockerfile in progress, compose and the
/// pipeline not started.
fn han_page(today: &str) -> String {
    let p = Project::copy("valid", "basic");
    p.write(
        "roadmap/learners/han.yaml",
        "name: Han
mentor: lee
progress:
  terraform-vpc/setup: {status: done, started: 2026-09-07, finished: 2026-09-08}
  terraform-vpc/vpc:
    status: done
    started: 2026-09-09
    finished: 2026-09-10
    reviews:
      - {by: lee, date: 2026-09-12, verdict: changes, comment: \"서브넷을 **public**과 private으로 나눠 주세요\"}
  docker/dockerfile: {status: doing, started: 2026-09-14}
",
    );
    text(&p.build_site(today, &[]), "learners/han/index.html")
}

/// The section "Now", from its heading to its end.
fn now(page: &str) -> &str {
    let start = page.find("<section aria-labelledby=\"now-h\"").expect("a Now section");
    let rest = &page[start..];
    &rest[..rest.find("</section>").unwrap()]
}

/// Each item of "Now": its kind and its text.
fn items(now: &str) -> Vec<(String, String)> {
    now.split("<li class=k-")
        .skip(1)
        .map(|item| {
            let kind = item[..item.find('>').unwrap()].to_string();
            (kind, item[..item.find("</li>").unwrap()].to_string())
        })
        .collect()
}

#[test]
fn now_comes_first_with_the_mentors_request_then_the_work_in_progress_then_the_next_core_tasks() {
    let page = han_page("2026-09-16");
    let (now_at, weeks_at) = (page.find("id=\"now-h\"").unwrap(), page.find("id=\"weeks-h\"").unwrap());
    let counts_at = page.find("id=\"summary-h\"").unwrap();
    assert!(now_at < counts_at && counts_at < weeks_at, "Now is the first section");
    let now = now(&page);
    assert!(now.contains("<h2 id=\"now-h\">지금 할 일</h2>"), "{now}");
    let items = items(now);
    let kinds: Vec<&str> = items.iter().map(|(k, _)| k.as_str()).collect();
    // The stretch task (multi-stage) is never suggested; core tasks in roadmap order.
    assert_eq!(kinds, ["changes", "doing", "next", "next"], "{now}");
    let (_, changes) = &items[0];
    assert!(changes.contains("VPC 만들기"), "{changes}");
    assert!(
        changes.contains("서브넷을 <strong>public</strong>과 private으로 나눠 주세요"),
        "the comment, as Markdown: {changes}"
    );
    assert!(changes.contains("이멘토 · <time>2026-09-12</time>"), "{changes}");
    // Week 1 was due on 09-14: past.
    assert!(changes.contains("마감 <time>2026-09-14</time> · <span class=warn-text>마감 지남</span>"), "{changes}");
    assert!(changes.contains("<code class=copy>/done terraform-vpc/vpc </code>"), "{changes}");
    assert!(changes.contains("href=#task-terraform-vpc_vpc>"), "{changes}");
    let (_, doing) = &items[1];
    assert!(doing.contains("Dockerfile 작성"), "{doing}");
    assert!(doing.contains("마감 <time>2026-09-21</time> · 2026-09-14 시작</p>"), "{doing}");
    assert!(doing.contains("/done docker/dockerfile </code>"), "{doing}");
    assert!(items[2].1.contains("/done docker/compose </code>"), "{}", items[2].1);
    // The week is named in full on its first item, by its number on the next of the same week.
    assert!(doing.contains(">2주차 · Docker로 서버 띄우기</a>"), "{doing}");
    assert!(items[2].1.contains(">2주차</a>"), "{}", items[2].1);
    assert!(items[3].1.contains(">3주차 · "), "{}", items[3].1);
    assert!(items[3].1.contains("/done ci-cd/pipeline </code>"), "{}", items[3].1);
    // How far behind, and which week the plan is in, at the top of it.
    assert!(now.contains("계획상 이번 주: 2주차 Docker로 서버 띄우기</a>, 마감 <time>2026-09-21</time>"), "{now}");
}

#[test]
fn this_week_is_marked_and_open_and_only_finished_weeks_fold() {
    let page = han_page("2026-09-16");
    let week = |n: usize| {
        let start = page.find(&format!(" id=week-{n}")).unwrap();
        let open = page[..start].rfind("<details").unwrap();
        page[open..page[open..].find("</summary>").unwrap() + open].to_string()
    };
    // Week 1 has changes requested: never folded. Week 2 is this week. Week 3 has work left.
    assert!(week(1).contains(" open>"), "{}", week(1));
    assert!(week(2).contains("class=\"week-detail current\"") && week(2).contains(" open>"), "{}", week(2));
    assert!(week(2).contains("<span class=\"pill this-week\">계획상 이번 주</span>"), "{}", week(2));
    assert!(week(3).contains(" open>") && !week(3).contains("this-week"), "{}", week(3));
    // Kim finished everything: on the same day week 1 (a comment with its
    // approval) and week 2 (this week) are open; week 3, approved without a word, folds.
    let p = Project::copy("valid", "basic");
    let kim = text(&p.build_site("2026-09-16", &[]), "learners/kim/index.html");
    assert_eq!(opens(&kim), [true, true, false], "{kim}");
    let now = now(&kim);
    assert!(now.contains("필수 과제를 모두 마쳤습니다."), "{now}");
    assert!(items(now).is_empty(), "{now}");
    // The marker that says a folded week opens comes from the stylesheet.
    let css = p.read("out/assets/style.css");
    assert!(css.contains(".week-detail .week-title::before { content: \"▸\""), "a folded week shows ▸");
    assert!(css.contains(".week-detail[open] .week-title::before { content: \"▾\"; }"), "an open one ▾");
}

#[test]
fn every_task_row_shows_its_id_and_the_page_lists_the_tasks_once() {
    let page = han_page("2026-09-16");
    assert!(page.contains("<code>docker/compose</code>"), "{page}");
    // One row per task (six in the roadmap); the roadmap picture has no list of its own.
    assert_eq!(page.matches("<li class=is-").count(), 6, "{page}");
    assert!(!page.contains("class=\"flow\""), "{page}");
}

/// The `d` of a page's burn-up line of `class` (its first one: the
/// dashboard draws a wide and a narrow chart, a learner page one).
fn line(page: &str, class: &str) -> String {
    let at =
        page.find(&format!("<path class=\"line {class}\" d=\"")).unwrap_or_else(|| panic!("no {class} line: {page}"));
    let d = &page[at..];
    let d = &d[d.find("d=\"").unwrap() + 3..];
    d[..d.find('"').unwrap()].to_string()
}

/// A cohort on its first days: the actual line is drawn from the start, on
/// the learner's chart and the cohort's, as far as today, whatever the
/// chart's sampling step.
#[test]
fn a_new_cohorts_burn_up_shows_its_actual_line_from_the_first_day() {
    let p = Project::copy("valid", "basic");
    for today in ["2026-09-07", "2026-09-08", "2026-09-10"] {
        let files = p.build_site(today, &[]);
        for path in ["learners/kim/index.html", "index.html"] {
            let page = text(&files, path);
            let actual = line(&page, "actual");
            // Two points at least: a line of one point draws nothing.
            let points = html::path_points(&actual);
            assert!(points.len() >= 2, "{today} {path}: {actual}");
            // It ends at today's mark.
            let today_x = {
                let at = page.find("<line class=\"today\" x1=\"").unwrap() + "<line class=\"today\" x1=\"".len();
                page[at..at + page[at..].find('"').unwrap()].to_string()
            };
            // To the tenth the path is written in (its steps are added up).
            let last_x = points.last().unwrap().0;
            assert!((last_x - today_x.parse::<f64>().unwrap()).abs() < 0.01, "{today} {path}: {actual}");
        }
    }
    // A long span (a year and more: the chart samples every few days) still ends today.
    let files = p.build_site("2027-06-01", &[]);
    let page = text(&files, "learners/kim/index.html");
    let at = page.find("<line class=\"today\" x1=\"").unwrap() + "<line class=\"today\" x1=\"".len();
    let today_x = &page[at..at + page[at..].find('"').unwrap()];
    let actual = line(&page, "actual");
    let last_x = html::path_points(&actual).last().unwrap().0;
    assert!((last_x - today_x.parse::<f64>().unwrap()).abs() < 0.01, "{actual}");
}

/// Each week's summary is a strip of its tasks' states, a cell a task in
/// roadmap order, which says in words what it shows; the picture of the
/// roadmap is the roadmap page's.
#[test]
fn each_week_summary_is_a_strip_of_its_tasks_states() {
    let page = han_page("2026-09-16");
    let strips: Vec<&str> = page.split("<span class=strip role=img aria-label=\"").skip(1).collect();
    assert_eq!(strips.len(), 3, "{page}");
    let cells = |s: &str| -> Vec<String> {
        let s = &s[..s.find("</span>").unwrap()];
        // `<i class=todo>`, or quoted with a second class: `<i class="todo stretch">`.
        s.split("<i class=").skip(1).map(|c| c[..c.find('>').unwrap()].trim_matches('"').to_string()).collect()
    };
    assert!(strips[0].starts_with("완료 1, 수정 요청 1\""), "{}", strips[0]);
    assert_eq!(cells(strips[0]), ["done", "changes_requested"]);
    assert!(strips[1].starts_with("진행 중 1, 할 일 2\""), "{}", strips[1]);
    assert_eq!(cells(strips[1]), ["doing", "todo", "todo stretch"]);
    assert_eq!(cells(strips[2]), ["todo"]);
    assert!(!page.contains("class=\"chart graph\""), "no roadmap picture on a learner page");
    assert!(page.contains("<a href=\"../../roadmap/index.html\">"), "the roadmap's picture is a link away");
}

/// The basic project as an English cohort, with the learner `id` written as `yaml`.
fn english_with(id: &str, yaml: &str) -> Project {
    let p = Project::copy("valid", "basic");
    p.write("roadmap/cohort.yaml", &p.read("roadmap/cohort.yaml").replace("language: ko", "language: en"));
    p.write(&format!("roadmap/learners/{id}.yaml"), yaml);
    p
}

#[test]
fn now_speaks_english_in_an_english_cohort() {
    let p = english_with(
        "jung",
        "name: Jung\nmentor: park\nprogress:\n  terraform-vpc/setup: {status: done, finished: 2026-09-08}\n  terraform-vpc/vpc: {status: blocked, started: 2026-09-09, blocked: 2026-09-11, note: AWS account limit}\n",
    );
    let page = text(&p.build_site("2026-09-16", &[]), "learners/jung/index.html");
    let now = now(&page);
    assert!(now.contains("<h2 id=\"now-h\">Now</h2>"), "{now}");
    let items = items(now);
    assert_eq!(items[0].0, "blocked", "{now}");
    assert!(items[0].1.contains("blocked since 2026-09-11") && items[0].1.contains("AWS account limit"), "{now}");
    assert!(items[0].1.contains("Record it with a comment:"), "{now}");
    assert!(now.contains("Planned this week: Week 2"), "{now}");
}

/// Whether each week of a learner's page starts open, in order.
fn opens(page: &str) -> Vec<bool> {
    page.split("<details ")
        .skip(1)
        .filter(|d| d.starts_with("class=week-detail") || d.starts_with("class=\"week-detail"))
        .map(|d| d[..d.find('>').unwrap()].contains(" open"))
        .collect()
}

/// The learner `lim` (started with the cohort) on 2026-09-22, when the plan
/// is in week 3, with `progress` as the body of their `progress:`.
fn lim_site(progress: &str, extra: &[&str]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let p = Project::copy("valid", "basic");
    p.write("roadmap/learners/lim.yaml", &format!("name: Lim\nmentor: lee\nprogress:\n{progress}"));
    p.build_site("2026-09-22", extra)
}

const WEEKS_1_AND_2_DONE: &str = "  terraform-vpc/setup: {status: done, finished: 2026-09-08}
  terraform-vpc/vpc:
    status: done
    finished: 2026-09-10
    reviews:
      - {by: lee, date: 2026-09-11, verdict: approved, comment: \"좋습니다. 다음엔 **태그**도 붙여 보세요\"}
  docker/dockerfile:
    status: done
    finished: 2026-09-15
    reviews: [{by: lee, date: 2026-09-16, verdict: approved}]
  docker/compose: {status: done, finished: 2026-09-16}
";

#[test]
fn a_week_approved_with_a_comment_stays_open_and_a_quiet_finished_week_folds() {
    let page = text(&lim_site(WEEKS_1_AND_2_DONE, &[]), "learners/lim/index.html");
    // Week 1: approved with a comment to read. Week 2: approved, nothing to read. Week 3: this week.
    assert_eq!(opens(&page), [true, false, true], "{page}");
    assert!(page.contains("다음엔 <strong>태그</strong>도 붙여 보세요"), "{page}");
    // An empty comment is nothing to read.
    let quiet = WEEKS_1_AND_2_DONE.replace("comment: \"좋습니다. 다음엔 **태그**도 붙여 보세요\"", "comment: \" \"");
    assert_eq!(opens(&text(&lim_site(&quiet, &[]), "learners/lim/index.html")), [false, false, true]);
    // Stretch work in progress keeps its finished week open.
    let stretch = format!("{quiet}  docker/multi-stage: {{status: doing, started: 2026-09-20}}\n");
    assert_eq!(opens(&text(&lim_site(&stretch, &[]), "learners/lim/index.html")), [false, true, true]);
}

#[test]
fn a_private_comment_keeps_its_week_open_only_in_the_full_view() {
    let private =
        WEEKS_1_AND_2_DONE.replace("verdict: approved, comment:", "verdict: approved, private: true, comment:");
    let public = text(&lim_site(&private, &[]), "learners/lim/index.html");
    assert_eq!(opens(&public), [false, false, true], "{public}");
    assert!(!public.contains("태그"), "{public}");
    let full = text(&lim_site(&private, &["--full"]), "learners/lim/index.html");
    assert_eq!(opens(&full), [true, false, true], "{full}");
}

/// The learner page's summary cards, from the section to its end.
fn summary_of(page: &str) -> &str {
    let start = page.find("<section aria-labelledby=\"summary-h\"").expect("a summary");
    let rest = &page[start..];
    &rest[..rest.find("</section>").unwrap()]
}

#[test]
fn the_summary_counts_blocked_tasks_and_work_awaiting_review_each_linked() {
    let page = text(
        &lim_site(
            "  terraform-vpc/setup: {status: blocked, started: 2026-09-08, note: AWS 계정 한도}
  terraform-vpc/vpc: {status: done, finished: 2026-09-10}
  docker/dockerfile: {status: done, finished: 2026-09-15}
  docker/compose: {status: done, finished: 2026-09-16}
",
            &[],
        ),
        "learners/lim/index.html",
    );
    let summary = summary_of(&page);
    assert!(
        summary.contains("<div class=\"warn\"><dt>막힘</dt><dd>1</dd><dd class=\"sub\"><a href=\"#task-terraform-vpc_setup\">도구 설치</a></dd></div>"),
        "{summary}"
    );
    // Two done tasks need a review (compose does not).
    assert!(
        summary.contains("<dt>리뷰 대기</dt><dd>2</dd><dd class=\"sub\"><a href=\"#task-terraform-vpc_vpc\">VPC 만들기</a>, <a href=\"#task-docker_dockerfile\">Dockerfile 작성</a></dd>"),
        "{summary}"
    );
    // Every link leads to a row of the page.
    for anchor in ["task-terraform-vpc_setup", "task-terraform-vpc_vpc", "task-docker_dockerfile"] {
        assert!(html::attr_values(&page, "id").iter().any(|id| id == anchor), "{anchor}");
    }
    // Nothing blocked or waiting: zero, no links.
    let page = text(&lim_site(WEEKS_1_AND_2_DONE, &[]), "learners/lim/index.html");
    let summary = summary_of(&page);
    assert!(summary.contains("<div><dt>막힘</dt><dd>0</dd></div>"), "{summary}");
    assert!(summary.contains("<dt>리뷰 대기</dt><dd>0</dd></div>"), "{summary}");
}

#[test]
fn working_on_names_the_week_in_hand_and_next_says_so() {
    // A gap in week 1 (setup never done), then work in week 3: working on week 3.
    let files = lim_site(
        "  terraform-vpc/vpc: {status: done, finished: 2026-09-10}
  docker/dockerfile: {status: done, finished: 2026-09-15}
  docker/compose: {status: done, finished: 2026-09-16}
  ci-cd/pipeline: {status: doing, started: 2026-09-20}
",
        &[],
    );
    let dashboard = text(&files, "index.html");
    let row = &dashboard[dashboard.find("learners/lim/index.html").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("<td data-label=\"현재 위치\"><a href=\"weeks/ci-cd/index.html\">진행 중: 3주차 · 자동 빌드와 배포</a></td>"),
        "{row}"
    );
    assert!(dashboard.contains("<th scope=\"col\">현재 위치</th>"), "{dashboard}");
    let page = text(&files, "learners/lim/index.html");
    // On the learner's page, the week in hand is the plan's week: said once.
    let now = now(&page);
    assert!(now.contains("<a href=\"#week-3\">계획상 이번 주: 3주차 자동 빌드와 배포</a>"), "{now}");
    assert!(!now.contains("진행 중: 3주차"), "{now}");
    // Nothing in hand: the first core task still open, said as what comes next.
    let dashboard = text(&lim_site(WEEKS_1_AND_2_DONE, &[]), "index.html");
    let row = &dashboard[dashboard.find("learners/lim/index.html").unwrap()..];
    assert!(row.contains(">다음: 3주차 · 자동 빌드와 배포</a>"), "{row}");
    let files = lim_site("  terraform-vpc/vpc: {status: done, finished: 2026-09-10}\n", &[]);
    let dashboard = text(&files, "index.html");
    let row = &dashboard[dashboard.find("learners/lim/index.html").unwrap()..];
    assert!(
        row.contains("<a href=\"weeks/terraform-vpc/index.html\">다음: 1주차 · Terraform으로 AWS VPC 만들기</a>"),
        "{row}"
    );
    // The cohort's week is named as the cohort's.
    assert!(dashboard.contains("코호트 일정: 3주 중 3주차"), "{dashboard}");
}

#[test]
fn working_on_and_the_planned_week_in_english() {
    let p = english_with(
        "lim",
        "name: Lim\nprogress:\n  terraform-vpc/setup: {status: done, finished: 2026-09-08}\n  docker/compose: {status: blocked, started: 2026-09-15}\n",
    );
    let files = p.build_site("2026-09-22", &[]);
    let dashboard = text(&files, "index.html");
    assert!(dashboard.contains("<th scope=\"col\">Position</th>"), "{dashboard}");
    assert!(dashboard.contains(">Working on Week 2 · "), "{dashboard}");
    assert!(dashboard.contains("Cohort plan: week 3 of 3"), "{dashboard}");
    // Choi has nothing in hand (week 1 done, resubmitted): next, week 2. Jung is blocked in week 1.
    assert!(dashboard.contains("<a href=\"weeks/docker/index.html\">Next: Week 2 · "), "{dashboard}");
    assert!(dashboard.contains("<a href=\"weeks/terraform-vpc/index.html\">Working on Week 1 · "), "{dashboard}");
    // Kim finished everything: no position at all.
    assert_eq!(dashboard.matches("data-label=\"Position\">—</td>").count(), 1, "{dashboard}");
    let page = text(&files, "learners/lim/index.html");
    assert!(page.contains("<span class=\"pill this-week\">Planned this week</span>"), "{page}");
    // Working on week 2 while the plan is in week 3: both said, each linking its week.
    assert!(now(&page).contains("<a href=\"#week-2\">Working on Week 2 · Servers with Docker</a> · <a href=\"#week-3\">Planned this week: Week 3"), "{page}");
}

/// A row links its task on the week's page while the row has something left
/// to do or to review; a finished row names it. The page holds links its
/// learner and mentors wrote, so crawlers are asked not to follow its links.
#[test]
fn finished_rows_name_their_task_and_the_page_is_not_followed() {
    let page = han_page("2026-09-16");
    // Setup is done (no review): named, not linked.
    assert!(page.contains("<li class=is-done id=task-terraform-vpc_setup><b>완료</b> 도구 설치 <small>"), "{page}");
    // The VPC was done again after changes were requested: it awaits review, linked.
    assert!(page.contains("<a href=../../weeks/terraform-vpc/#task-vpc>VPC 만들기</a>"), "{page}");
    // Open tasks are linked, to the week's folder.
    assert!(page.contains("<a href=../../weeks/docker/#task-compose>docker compose</a>"), "{page}");
    let p = Project::copy("valid", "basic");
    for (flags, robots) in [(&[][..], "nofollow"), (&["--full"][..], "noindex, nofollow")] {
        let files = p.build_site("2026-09-16", flags);
        let kim = text(&files, "learners/kim/index.html");
        assert_eq!(html::attr_values(&kim, "content").iter().filter(|c| c.contains("follow")).count(), 1, "{kim}");
        assert!(kim.contains(&format!("<meta name=\"robots\" content=\"{robots}\">")), "{flags:?}: {kim}");
        let dashboard = text(&files, "index.html");
        assert!(!dashboard.contains("nofollow"), "{flags:?}: {dashboard}");
    }
}

/// The basic project with two more weeks (`observe`: three tasks, `mesh`:
/// two), `repo:` for the record links, and Oh on 2026-09-09 (the plan is in
/// week 1): the VPC done, the Dockerfile in progress.
fn oh_site(extra: &[&str]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let p = Project::copy("valid", "basic");
    let weeks = "  - id: observe
    title: 관측
    tasks:
      - {id: metrics, title: 메트릭 수집}
      - {id: alerts, title: 알림 규칙}
      - {id: dashboards, title: 대시보드}
  - id: mesh
    title: 서비스 메시
    tasks:
      - {id: sidecar, title: 사이드카 주입}
      - {id: mtls, title: mTLS 켜기}
";
    p.write("roadmap/roadmap.yaml", &format!("{}{weeks}", p.read("roadmap/roadmap.yaml")));
    p.write("roadmap/cohort.yaml", &format!("{}repo: octo/devops-study\n", p.read("roadmap/cohort.yaml")));
    p.write(
        "roadmap/learners/oh.yaml",
        "name: Oh\ngithub: oh-dev\nmentor: lee\nprogress:\n  terraform-vpc/setup: {status: done, finished: 2026-09-08}\n  \
         terraform-vpc/vpc: {status: done, finished: 2026-09-09}\n  docker/dockerfile: {status: doing, started: 2026-09-09}\n",
    );
    p.build_site("2026-09-09", extra)
}

/// A week the learner has recorded nothing in, that is neither the plan's
/// week nor holds a task of "Now", is the same on every page: its tasks are
/// one line, each by its title and link to record it, and the week's page
/// has the rest. Every other week keeps a row per task, and every task "Now"
/// links to has its row.
#[test]
fn a_week_nothing_is_recorded_in_lists_its_tasks_in_one_line_with_their_record_links() {
    let page = text(&oh_site(&[]), "learners/oh/index.html");
    let weeks: Vec<&str> = page.split("<details ").skip(1).collect();
    assert_eq!(weeks.len(), 5, "{page}");
    let compact: Vec<bool> = weeks.iter().map(|w| w.contains("<p class=week-rest>")).collect();
    // "Now": the Dockerfile in progress, then compose, the pipeline and the
    // metrics (the first core tasks left); the mesh week is past all of them.
    assert_eq!(compact, [false, false, false, false, true], "{page}");
    let mesh = weeks[4];
    assert!(!mesh.contains("<li class=is-"), "{mesh}");
    assert!(mesh.contains("<a href=../../weeks/mesh/index.html>"), "the week's page: {mesh}");
    let records = html::hrefs_of_class(mesh, "record-link");
    assert_eq!(records, ["../../record/mesh/sidecar.html", "../../record/mesh/mtls.html"], "{mesh}");
    assert!(mesh.contains(">사이드카 주입</a>, <a") && mesh.contains(">mTLS 켜기</a>"), "{mesh}");
    // Its strip still has a cell a task.
    assert_eq!(mesh.matches("<i class=todo>").count(), 2, "{mesh}");
    // Every task left in the other weeks has its row, and what "Now" links to is there.
    assert_eq!(page.matches("<li class=is-").count(), 9, "{page}");
    for anchor in html::attr_values(now(&page), "href").iter().filter_map(|h| h.strip_prefix('#')) {
        let there = [">", " "].iter().any(|end| page.contains(&format!(" id={anchor}{end}")));
        assert!(there, "{anchor}: {page}");
    }
}

/// Without a login the learner cannot record from the site: the line is the
/// link to the week's page alone.
#[test]
fn a_week_nothing_is_recorded_in_without_record_links_links_the_weeks_page() {
    let p = Project::copy("valid", "basic");
    p.write(
        "roadmap/learners/solo.yaml",
        "name: Solo\nprogress:\n  terraform-vpc/setup: {status: done, finished: 2026-09-08}\n",
    );
    // On 2026-09-07 the plan is in week 1; "Now" lists the VPC, the Dockerfile and compose.
    let page = text(&p.build_site("2026-09-07", &[]), "learners/solo/index.html");
    let rest: Vec<&str> = page.split("<p class=week-rest>").skip(1).collect();
    assert_eq!(rest.len(), 1, "the pipeline's week: {page}");
    assert!(
        rest[0].starts_with("<a href=../../weeks/ci-cd/index.html>시작 전: 과제는 주차 페이지에</a></p>"),
        "{}",
        rest[0]
    );
}
