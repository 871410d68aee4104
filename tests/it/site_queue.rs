//! The site's head (description, favicon, robots.txt, CSP), its heading
//! outline, the mentors' queues that lead to the learner's task and its
//! evidence, the dashboard's urgency order, and pages that do not grow with
//! the cohort — through the real binary.

use std::collections::BTreeMap;

use crate::common::{html, text, Project};

const TODAY: &str = "2026-09-30";

fn build(p: &Project, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    p.build_site(TODAY, extra)
}

/// The value of `attr` in the first tag that contains `marker`.
fn attr_of(html: &str, marker: &str, attr: &str) -> Option<String> {
    let at = html.find(marker)?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    let tag = &html[start..end];
    let key = format!("{attr}=\"");
    let from = tag.find(&key)? + key.len();
    Some(tag[from..from + tag[from..].find('"')?].to_string())
}

/// The levels of the page's headings, in order.
fn heading_levels(html: &str) -> Vec<u8> {
    let bytes = html.as_bytes();
    (0..bytes.len().saturating_sub(3))
        .filter(|&i| bytes[i] == b'<' && (bytes[i + 1] == b'h' || bytes[i + 1] == b'H'))
        .filter(|&i| (b'1'..=b'6').contains(&bytes[i + 2]) && matches!(bytes[i + 3], b'>' | b' '))
        .map(|i| bytes[i + 2] - b'0')
        .collect()
}

/// A project with a learner whose work awaits review with evidence, and one
/// blocked with a note.
fn queue_project() -> Project {
    let p = Project::copy("valid", "basic");
    p.write(
        "roadmap/learners/yoon.yaml",
        "name: Yoon\nmentor: lee\nprogress:\n  terraform-vpc/setup: {status: done, finished: 2026-09-08}\n  \
         terraform-vpc/vpc:\n    status: done\n    finished: 2026-09-21\n    \
         evidence: [https://github.com/yoon/infra/pull/7, https://github.com/yoon/infra/pull/8]\n  \
         docker/dockerfile: {status: blocked, started: 2026-09-22, note: \"Docker Hub **rate limit**\"}\n",
    );
    p
}

#[test]
fn every_page_has_a_description_and_a_favicon_and_robots_txt_names_the_sitemap() {
    let p = queue_project();
    for view in [&[][..], &["--full"][..]] {
        let files = build(&p, view);
        assert!(files.contains_key("favicon.svg"), "favicon.svg missing");
        for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
            let html = String::from_utf8_lossy(bytes);
            let description = attr_of(&html, "name=\"description\"", "content")
                .unwrap_or_else(|| panic!("{path} has no meta description"));
            assert!(description.trim().len() > 10, "{path}: description {description:?}");
            assert!(description.chars().count() <= 160, "{path}: description too long: {description}");
            let icon = attr_of(&html, "rel=\"icon\"", "href").unwrap_or_else(|| panic!("{path} links no icon"));
            assert!(icon.ends_with("favicon.svg"), "{path}: {icon}");
            let csp = attr_of(&html, "http-equiv=\"Content-Security-Policy\"", "content").unwrap();
            // Lighthouse (and any reader) may fetch robots.txt from the page; nothing else is allowed.
            assert!(csp.starts_with("default-src 'none';"), "{path}: {csp}");
            assert!(csp.contains("connect-src 'self'"), "{path}: {csp}");
            assert!(!csp.contains("script-src"), "{path}: {csp}");
        }
    }
    let robots = text(&build(&p, &[]), "robots.txt");
    assert_eq!(robots, "User-agent: *\nAllow: /\nSitemap: https://octo.github.io/devops-study/sitemap.xml\n");
    let robots = text(&build(&p, &["--full"]), "robots.txt");
    assert_eq!(robots, "User-agent: *\nDisallow: /\n");
    // The descriptions say what each page is.
    let files = build(&p, &[]);
    let learner = text(&files, "learners/kim/index.html");
    let d = attr_of(&learner, "name=\"description\"", "content").unwrap();
    assert!(d.contains("김데브") && d.contains('%'), "{d}");
    let dash = text(&files, "index.html");
    assert_eq!(attr_of(&dash, "name=\"description\"", "content").unwrap(), "매주 일요일 저녁 온라인으로 진행합니다.");
}

#[test]
fn headings_never_skip_a_level() {
    let p = queue_project();
    // A week body and a topic written with `##`, as the repository's own roadmap is.
    let roadmap = p.read("roadmap/roadmap.yaml");
    let roadmap = roadmap.replacen(
        "  - id: docker\n",
        "  - id: docker\n    body: |\n      ## Why containers\n\n      Text.\n\n      ### Then\n\n      More.\n",
        1,
    );
    p.write("roadmap/roadmap.yaml", &roadmap);
    for view in [&[][..], &["--full"][..]] {
        for (path, bytes) in build(&p, view).iter().filter(|(p, _)| p.ends_with(".html")) {
            let levels = heading_levels(&String::from_utf8_lossy(bytes));
            assert_eq!(levels.first(), Some(&1), "{path}: {levels:?}");
            for pair in levels.windows(2) {
                assert!(pair[1] <= pair[0] + 1, "{path}: h{} follows h{} ({levels:?})", pair[1], pair[0]);
            }
        }
    }
    let week = text(&build(&p, &[]), "weeks/docker/index.html");
    assert!(week.contains("<h2>Why containers</h2>"), "{week}");
    assert!(week.contains("<h3>Then</h3>"), "{week}");
}

#[test]
fn a_queued_task_links_to_the_learners_task_and_its_evidence() {
    let p = queue_project();
    let files = build(&p, &[]);
    let overview = text(&files, "reviews/index.html");
    assert!(overview.contains("href=\"lee.html\""), "{overview}");
    assert!(overview.contains("href=\"park.html\""), "{overview}");
    let lee = text(&files, "reviews/lee.html");
    // Awaiting review: the learner's task on their page, with the evidence beside it.
    let link = "../learners/yoon/index.html#task-terraform-vpc_vpc";
    let hrefs = html::attr_values(&lee, "href");
    assert!(hrefs.iter().any(|h| h == link), "{lee}");
    assert!(lee.contains("href=\"https://github.com/yoon/infra/pull/7\""), "{lee}");
    assert!(lee.contains("href=\"https://github.com/yoon/infra/pull/8\""), "{lee}");
    // The anchor is there on the learner's page.
    let learner = text(&files, "learners/yoon/index.html");
    let ids = html::attr_values(&learner, "id");
    assert!(ids.iter().any(|id| id == "task-terraform-vpc_vpc"), "{learner}");
    assert!(ids.iter().any(|id| id == "task-docker_dockerfile"), "{learner}");
    // The blocked task on the learner's own page says since when.
    let row = &learner[learner.find("id=task-docker_dockerfile>").unwrap()..];
    let row = &row[..row.find("</li>").unwrap()];
    assert!(row.contains("2026-09-22부터 막힘"), "{row}");
    // Blocked: the note (as Markdown) and since when.
    let blocked = &lee[lee.find("id=\"blocked-h\"").expect("a blocked section")..];
    assert!(
        html::attr_values(blocked, "href").iter().any(|h| h == "../learners/yoon/index.html#task-docker_dockerfile"),
        "{blocked}"
    );
    assert!(blocked.contains("Docker Hub <strong>rate limit</strong>"), "{blocked}");
    assert!(blocked.contains("2026-09-22"), "{blocked}");
    let park = text(&files, "reviews/park.html");
    assert!(park.contains("AWS 계정 한도") && park.contains("2026-09-09"), "{park}");
    // Another mentor's learners are not on this mentor's page.
    assert!(!park.contains("learners/yoon/"), "{park}");
}

/// A mentor opens their queue to find who needs help: a summary counts each
/// kind and jumps to it, the blocked come first (longest blocked first, with
/// their note and since when), then awaiting review; the overview's counts
/// lead to the section that holds them.
#[test]
fn a_mentors_queue_opens_with_a_summary_and_the_blocked_first() {
    let p = queue_project();
    p.write(
        "roadmap/learners/ahn.yaml",
        "name: Ahn\nmentor: lee\nprogress:\n  terraform-vpc/setup: {status: blocked, started: 2026-09-08, blocked: 2026-09-10, note: VPN이 막힘}\n",
    );
    let files = build(&p, &[]);
    let lee = text(&files, "reviews/lee.html");
    let at = |s: &str| lee.find(s).unwrap_or_else(|| panic!("{s:?} is not on the page:\n{lee}"));
    let summary = &lee[at("class=\"queue-summary\"")..];
    let summary = &summary[..summary.find("</nav>").unwrap()];
    assert!(summary.contains("<a href=\"#blocked-h\"><span class=\"n\">2</span> 막힘</a>"), "{summary}");
    assert!(summary.contains("<a href=\"#awaiting-h\"><span class=\"n\">2</span> 리뷰 대기</a>"), "{summary}");
    // A kind with nothing in it is counted, and links nowhere.
    assert!(summary.contains("<span class=\"n\">0</span> 수정 요청"), "{summary}");
    assert!(!summary.contains("#changes-h"), "{summary}");
    assert!(at("class=\"queue-summary\"") < at("id=\"blocked-h\""), "the summary first");
    assert!(at("id=\"blocked-h\"") < at("id=\"awaiting-h\""), "the blocked before awaiting review");
    // Longest blocked first: Ahn since 09-10, then Yoon since 09-22.
    let blocked = &lee[at("id=\"blocked-h\"")..at("id=\"awaiting-h\"")];
    let (ahn, yoon) = (blocked.find("learners/ahn/").unwrap(), blocked.find("learners/yoon/").unwrap());
    assert!(ahn < yoon, "{blocked}");
    assert!(blocked.contains("<time>2026-09-10</time>부터, 20일째"), "{blocked}");
    assert!(blocked.contains("VPN이 막힘"), "{blocked}");
    // The overview: all the work awaiting review is lee's, so its card leads
    // to lee's section; the blocked are lee's and park's: to the table.
    let overview = text(&files, "reviews/index.html");
    assert!(
        overview.contains("<dt><a href=\"lee.html#awaiting-h\">리뷰 대기</a></dt><dd>2</dd>"),
        "all of it lee's: {overview}"
    );
    assert!(overview.contains("<a href=\"lee.html#blocked-h\">2<span class=\"visually-hidden\">"), "{overview}");
    assert!(overview.contains("<a href=\"park.html#blocked-h\">1<span class=\"visually-hidden\">"), "{overview}");
    assert!(
        overview.contains("<dt><a href=\"#mentors-h\">막힘</a></dt><dd>3</dd>"),
        "blocked is lee's and park's: {overview}"
    );
}

#[test]
fn plans_are_whole_tasks() {
    let p = queue_project();
    let files = build(&p, &[]);
    // choi: pace 0.5, 3.29 tasks planned by 09-30 → 3.
    let choi = text(&files, "learners/choi/index.html");
    assert!(choi.contains("오늘까지 계획 3</dd>"), "a whole plan on the learner page");
    assert!(choi.contains("계획 3개,"), "a whole plan in the burn-up's description");
    let lee = text(&files, "reviews/lee.html");
    assert!(lee.contains("계획 3 · 완료 2"), "{lee}");
    for (path, bytes) in files.iter().filter(|(p, _)| p.starts_with("reviews/")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(!html.contains("계획 3."), "{path}: a fractional plan");
    }
}

#[test]
fn the_dashboard_puts_the_most_urgent_first_and_says_so() {
    let p = queue_project();
    // The public site ranks by urgency only when the cohort opts in.
    p.write("roadmap/cohort.yaml", &format!("{}public_urgency: true\n", p.read("roadmap/cohort.yaml")));
    let dash = text(&build(&p, &[]), "index.html");
    let pos = |id: &str| {
        dash.find(&format!("href=\"learners/{id}/index.html\""))
            .unwrap_or_else(|| panic!("{id} is not on the dashboard"))
    };
    // Blocked (jung 4 tasks behind, yoon 3), then behind (choi), then the rest (kim).
    assert!(pos("jung") < pos("yoon"), "blocked learners, most behind first");
    assert!(pos("yoon") < pos("choi"), "blocked before behind");
    assert!(pos("choi") < pos("kim"), "behind before the rest");
    assert!(dash.contains("급한 순"), "the order is stated on the page");
    // Blocked learners are shown and counted.
    assert!(dash.contains("1개 막힘"), "{dash}");
    let counts = &dash[dash.find("class=\"counts\"").unwrap()..];
    assert!(counts.contains("<dt>막힘</dt><dd>2</dd>"), "{counts}");
}

#[test]
fn no_page_grows_with_the_cohort() {
    let p = Project::copy("valid", "basic");
    let mut cohort = p.read("roadmap/cohort.yaml");
    for m in 0..3 {
        cohort.push_str(&format!("  - {{id: m{m}, name: Mentor {m}}}\n"));
    }
    p.write("roadmap/cohort.yaml", &cohort);
    for i in 0..230 {
        p.write(
            &format!("roadmap/learners/l{i:03}.yaml"),
            &format!(
                "name: Learner {i}\nmentor: m{}\nprogress:\n  terraform-vpc/setup: {{status: done, finished: 2026-09-08}}\n  \
                 terraform-vpc/vpc: {{status: done, finished: 2026-09-10, evidence: https://example.com/{i}}}\n",
                i % 3
            ),
        );
    }
    let files = build(&p, &[]);
    let rows = |path: &str| text(&files, path).matches("<th scope=\"row\"").count();
    // 233 public learners: 100 + 100 + 33, every one on exactly one page.
    assert_eq!((rows("index.html"), rows("index-2.html"), rows("index-3.html")), (100, 100, 33));
    assert!(!files.contains_key("index-4.html"));
    let first = text(&files, "index.html");
    assert!(first.contains("href=\"index-2.html\"") && first.contains("href=\"index-3.html\""), "a pager");
    let all: usize = ["index.html", "index-2.html", "index-3.html"]
        .iter()
        .map(|page| text(&files, page).matches("href=\"learners/l").count())
        .sum();
    assert_eq!(all, 230);
    // The overview lists mentors, not items; each mentor's page holds their own.
    let overview = text(&files, "reviews/index.html");
    assert!(!overview.contains("learners/l0"), "the overview lists no learner");
    let m0 = text(&files, "reviews/m0.html");
    assert_eq!(m0.matches("href=\"https://example.com/").count(), 77, "m0's 77 learners' evidence");
    assert!(!m0.contains("learners/l001/"), "l001 is m1's");
}

#[test]
fn a_week_page_names_the_first_finishers_and_counts_the_rest() {
    let p = Project::copy("valid", "basic");
    for i in 0..60 {
        p.write(
            &format!("roadmap/learners/w{i:02}.yaml"),
            "name: W\nprogress:\n  terraform-vpc/setup: {status: done, finished: 2026-09-08}\n",
        );
    }
    let week = text(&build(&p, &[]), "weeks/terraform-vpc/index.html");
    let setup = &week[week.find("id=\"task-setup\"").unwrap()..week.find("id=\"task-vpc\"").unwrap()];
    // 63 public learners finished setup (kim, choi, jung and the 60): 40 named, 23 counted.
    let names = &setup[setup.find("완료한 사람").unwrap()..setup.find("외 23명").expect("the rest counted")];
    assert_eq!(names.matches("href=\"../../learners/").count(), 40, "{names}");
}

/// Past the cohort's last week, the headline says who is still within a
/// plan of their own (a slower pace or a later start) and until when.
#[test]
fn after_the_last_week_the_dashboard_names_who_is_still_on_their_own_plan() {
    let p = Project::copy("valid", "basic");
    // basic has 3 weeks from 2026-09-07; choi's pace 0.5 plan runs to 2026-10-19.
    let dash = text(&p.build_site("2026-10-05", &[]), "index.html");
    let lede = &dash[dash.find("class=\"lede\"").unwrap()..];
    let lede = &lede[..lede.find("</p>").unwrap()];
    assert!(lede.contains("3주 일정이 모두 지났습니다"), "{lede}");
    assert!(lede.contains("학습자 1명은 자기 일정이 남아 있습니다(늦어도 2026-10-19까지)"), "{lede}");
    // Once every plan has run out, the headline says only that the weeks have passed.
    let dash = text(&p.build_site("2026-12-01", &[]), "index.html");
    let lede = &dash[dash.find("class=\"lede\"").unwrap()..];
    let lede = &lede[..lede.find("</p>").unwrap()];
    assert!(lede.contains("3주 일정이 모두 지났습니다") && !lede.contains("자기 일정"), "{lede}");
}
