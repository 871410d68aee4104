//! The site's data files through the real binary, as other programs read
//! them: the CSV as Excel opens it, the feed as a feed validator checks it,
//! the badges as an `<img>` shows them, the calendars as a calendar parser
//! reads them, and the "edit on GitHub" links.

use std::collections::BTreeMap;

use crate::common::{self, html, text, Project};

/// The public build as of 2026-09-30.
fn build(p: &Project) -> BTreeMap<String, Vec<u8>> {
    p.build_site("2026-09-30", &[])
}

#[test]
fn progress_csv_opens_in_excel_with_a_bom_and_crlf_line_ends() {
    let p = Project::copy("valid", "basic");
    let files = build(&p);
    let bytes = &files["progress.csv"];
    assert!(bytes.starts_with("\u{feff}learner,name,".as_bytes()), "{:?}", &bytes[..20]);
    let body = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(body.ends_with("\r\n"));
    assert_eq!(body.matches('\n').count(), body.matches("\r\n").count(), "a bare LF line end");
    // One header and one row per public learner × task, as a CSV reader sees them.
    let mut r = csv::ReaderBuilder::new().from_reader(body.as_bytes());
    assert_eq!(r.headers().unwrap().get(0), Some("learner"));
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3 * 6, "3 public learners × 6 tasks");
    assert!(rows.iter().any(|r| r.get(1) == Some("Choi") && r.get(5) == Some("VPC 만들기")));
}

/// `(id, updated, summary)` of every entry of a feed.
fn entries(feed: &str) -> Vec<(String, String, String)> {
    let doc = roxmltree::Document::parse(feed).expect("feed is XML");
    let child = |n: roxmltree::Node, name: &str| {
        n.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).unwrap_or("").to_string()
    };
    doc.descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| (child(e, "id"), child(e, "updated"), child(e, "summary")))
        .collect()
}

#[test]
fn every_feed_entry_has_a_summary_and_its_own_time_in_the_cohorts_zone() {
    let p = Project::copy("valid", "basic");
    let feed = text(&build(&p), "feed.xml");
    let list = entries(&feed);
    assert!(list.len() >= 8, "{}", list.len());
    for (id, updated, summary) in &list {
        assert!(!summary.trim().is_empty(), "{id} has no summary");
        // RFC 3339 with the offset of the cohort's zone (Asia/Seoul), not all midnight UTC.
        assert!(updated.ends_with("+09:00") && updated.len() == 25, "{id}: {updated}");
    }
    let mut seen = std::collections::BTreeSet::new();
    for (_, updated, _) in &list {
        assert!(seen.insert(updated.clone()), "two entries updated at {updated}");
    }
    // Newest first, each day's first entry at noon and the next ones a second apart.
    let times: Vec<&str> = list.iter().map(|e| e.1.as_str()).collect();
    assert!(times.windows(2).all(|w| w[0] > w[1]), "{times:?}");
    assert!(times.iter().any(|t| t.ends_with("T12:00:00+09:00")));
    assert!(times.iter().any(|t| t.ends_with("T11:59:59+09:00")), "{times:?}");
    // Choi started the VPC task on 2026-09-13: an entry of that day, with where the task is as its summary.
    let started = list.iter().find(|e| e.1.starts_with("2026-09-13T")).expect("an entry of 2026-09-13");
    assert!(started.2.contains("1주차 · Terraform으로 AWS VPC 만들기"), "{started:?}");
    // The feed's own `updated` is its newest entry's.
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let top = doc.root_element().children().find(|c| c.has_tag_name("updated")).and_then(|c| c.text()).unwrap();
    assert_eq!(top, times[0]);
}

#[test]
fn a_cohort_in_utc_gets_utc_times_and_the_same_build_the_same_times() {
    let p = Project::copy("valid", "basic");
    let cohort = p.read("roadmap/cohort.yaml").replace("timezone: Asia/Seoul", "timezone: UTC");
    p.write("roadmap/cohort.yaml", &cohort);
    let a = text(&build(&p), "feed.xml");
    assert!(entries(&a).iter().all(|e| e.1.ends_with("+00:00")), "{a}");
    std::fs::remove_dir_all(p.file("out")).unwrap();
    assert_eq!(a, text(&build(&p), "feed.xml"));
}

/// The value of `name="…"` in the first tag of `tag` in `xml`.
fn attr<'a>(xml: &'a str, tag: &str, name: &str) -> &'a str {
    let start = xml.find(&format!("<{tag} ")).unwrap_or_else(|| panic!("no <{tag}> in {xml}"));
    let tag_text = &xml[start..start + xml[start..].find('>').unwrap()];
    let key = format!(" {name}=\"");
    let at = tag_text.find(&key).unwrap_or_else(|| panic!("no {name} in {tag_text}")) + key.len();
    &tag_text[at..at + tag_text[at..].find('"').unwrap()]
}

#[test]
fn a_badge_and_its_img_agree_on_size_and_text() {
    let p = Project::copy("valid", "basic");
    let files = build(&p);
    for id in ["kim", "choi", "jung"] {
        let svg = text(&files, &format!("badges/{id}.svg"));
        let page = text(&files, &format!("learners/{id}/index.html"));
        let img_at = page.find(&format!("<img src=\"../../badges/{id}.svg\"")).expect("badge img");
        let img = &page[img_at..];
        assert_eq!(attr(img, "img", "width"), attr(&svg, "svg", "width"), "{id}");
        assert_eq!(attr(img, "img", "height"), attr(&svg, "svg", "height"), "{id}");
        let label = attr(&svg, "svg", "aria-label");
        assert_eq!(attr(img, "img", "alt"), label, "{id}");
        assert!(svg.contains(&format!("<title>{label}</title>")), "{svg}");
        // Every text says how wide it is drawn, and the two fill the badge less its padding.
        let lengths: Vec<f64> =
            svg.split("textLength=\"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap()).collect();
        assert_eq!(lengths.len(), svg.matches("<text ").count(), "{svg}");
        let width: f64 = attr(&svg, "svg", "width").parse().unwrap();
        assert_eq!(lengths.iter().sum::<f64>() + 24.0, width, "{svg}");
        // The texts the badge shows are the ones its label names.
        let (l, m) = label.split_once(": ").unwrap();
        assert!(svg.contains(&format!(">{l}</text>")) && svg.contains(&format!(">{m}</text>")), "{svg}");
    }
    // Choi: 1 of 3 weeks complete.
    assert_eq!(attr(&text(&files, "badges/choi.svg"), "svg", "aria-label"), "DevOps 3주 로드맵: 1/3주");
    // `badge_label:` names the badge.
    let cohort = p.read("roadmap/cohort.yaml") + "badge_label: DevOps\n";
    p.write("roadmap/cohort.yaml", &cohort);
    let files = build(&p);
    assert_eq!(attr(&text(&files, "badges/choi.svg"), "svg", "aria-label"), "DevOps: 1/3주");
}

/// What Python's `icalendar` (an independent RFC 5545 parser, see
/// tests/tools/ics_events.py) reads in `paths`. Outside CI a machine without
/// it skips this part, saying so; in CI (`CI` set, where .ci/run installs
/// it) that is a failure.
fn parse_ics(paths: &[std::path::PathBuf]) -> Option<serde_json::Value> {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/ics_events.py");
    let missing = |why: String| {
        assert!(std::env::var_os("CI").is_none(), "CI must have Python's icalendar: {why}");
        eprintln!("SKIPPED the iCalendar parser check: {why} (pip install icalendar)");
        None
    };
    match std::process::Command::new("python3").arg(script).args(paths).output() {
        Err(e) => missing(format!("python3: {e}")),
        Ok(o) if o.status.code() == Some(3) => missing(String::from_utf8_lossy(&o.stderr).into_owned()),
        Ok(o) => {
            assert!(o.status.success(), "the parser refused the calendar: {}", String::from_utf8_lossy(&o.stderr));
            Some(serde_json::from_slice(&o.stdout).unwrap())
        }
    }
}

/// The content-line rules a parser may forgive: CRLF only, at most 75
/// octets a line, folded lines start with a space, and BEGIN/END nest.
fn assert_rfc5545_lines(path: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{path}");
    assert!(text.ends_with("END:VCALENDAR\r\n"), "{path}");
    let body = &text[..text.len() - 2];
    assert_eq!(body.matches('\n').count(), body.matches("\r\n").count(), "{path}: a bare LF");
    assert!(!body.replace("\r\n", "").contains('\r'), "{path}: a bare CR");
    let mut open: Vec<&str> = Vec::new();
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "{path}: {} octets: {line}", line.len());
        assert!(!line.is_empty(), "{path}: an empty line");
        if let Some(c) = line.strip_prefix("BEGIN:") {
            open.push(c);
        } else if let Some(c) = line.strip_prefix("END:") {
            assert_eq!(open.pop(), Some(c), "{path}");
        } else if !line.starts_with(' ') {
            assert!(line.contains(':'), "{path}: not a content line: {line}");
        }
    }
    assert!(open.is_empty(), "{path}");
    for needed in ["PRODID:", "X-WR-TIMEZONE:Asia/Seoul\r\n"] {
        assert!(text.contains(needed), "{path}: no {needed}");
    }
    assert_eq!(text.matches("BEGIN:VEVENT").count(), text.matches("\r\nDTSTAMP:").count(), "{path}");
}

#[test]
fn calendars_give_each_learner_their_own_due_dates_and_keep_private_learners_out() {
    let p = Project::copy("valid", "basic");
    // A part-time learner at 0.75 weeks a week, with a name that needs escaping and folding.
    let name = r"이, 주니어; 백\슬래시 아주아주아주아주아주아주아주아주 긴 이름";
    p.write("roadmap/learners/lee.yaml", &format!("name: '{name}'\nmentor: lee\nstart: 2026-09-07\npace: 0.75\n"));
    let files = build(&p);
    let cals: Vec<&String> = files.keys().filter(|k| k.ends_with(".ics")).collect();
    assert_eq!(
        cals,
        [
            "calendar.ics",
            "learners/choi/calendar.ics",
            "learners/jung/calendar.ics",
            "learners/kim/calendar.ics",
            "learners/lee/calendar.ics"
        ],
        "one per public learner and the cohort's"
    );
    for path in &cals {
        assert_rfc5545_lines(path, &files[*path]);
        let t = text(&files, path);
        assert!(!t.contains("Hidden Person") && !t.contains("secret"), "{path} names the private learner");
    }
    // Byte-identical on another day: nothing in a calendar depends on today.
    let later = p.build_site("2026-10-30", &[]);
    for path in &cals {
        assert_eq!(files[*path], later[*path], "{path} changed with --today");
    }
    let out = p.file("out");
    let Some(parsed) = parse_ics(&[
        out.join("learners/choi/calendar.ics"),
        out.join("learners/lee/calendar.ics"),
        out.join("calendar.ics"),
    ]) else {
        return;
    };
    let cal = |i: usize| &parsed[i];
    for i in 0..3 {
        assert_eq!(cal(i)["errors"], serde_json::json!([]), "{}", cal(i));
        assert_eq!(cal(i)["timezone"], "Asia/Seoul");
        assert_eq!(cal(i)["version"], "2.0");
    }
    let events = |i: usize| cal(i)["events"].as_array().unwrap().clone();
    let starts = |i: usize| events(i).iter().map(|e| e["start"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    // Choi: pace 0.5 from 2026-09-07, so each week is due 14 days after the last.
    assert_eq!(starts(0), ["2026-09-21", "2026-10-05", "2026-10-19"]);
    // Lee: pace 0.75, week k due ceil(7k / 0.75) days after the start: 10, 19, 28.
    assert_eq!(starts(1), ["2026-09-17", "2026-09-26", "2026-10-05"]);
    for e in events(0).iter().chain(&events(1)) {
        assert_eq!(e["start_is_date"], true, "an all-day event: {e}");
        let start = e["start"].as_str().unwrap();
        let next: jiff::civil::Date = start.parse::<jiff::civil::Date>().unwrap().tomorrow().unwrap();
        assert_eq!(e["end"], next.to_string(), "one day long: {e}");
        assert_eq!(e["dtstamp"], "2026-09-06T15:00:00+00:00", "midnight of the start in Seoul: {e}");
    }
    let choi = events(0);
    assert_eq!(choi[1]["summary"], "2주차 마감: Docker로 서버 띄우기");
    assert_eq!(choi[1]["description"], "https://octo.github.io/devops-study/weeks/docker/");
    // A learner's calendar links the week's page for what the week is about
    // (one file per learner); the cohort's calendar also says it.
    assert_eq!(choi[0]["description"], "https://octo.github.io/devops-study/weeks/terraform-vpc/");
    // The cohort's calendar: week 1 is due on 09-14 for Jung and Kim (pace 1), 09-17 for Lee, 09-21 for Choi.
    let week1: Vec<(String, String)> = events(2)
        .iter()
        .filter(|e| e["summary"].as_str().unwrap().starts_with("1주차 마감"))
        .map(|e| (e["start"].as_str().unwrap().to_string(), e["description"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(week1.len(), 3, "{week1:?}");
    assert_eq!(week1[0].0, "2026-09-14");
    assert!(week1[0].1.contains("마감인 학습자: Jung, 김데브"), "{week1:?}");
    assert!(week1[0].1.starts_with("IaC로 네트워크를 만든다.\n\n"), "the week's summary: {week1:?}");
    assert!(events(2).iter().all(|e| e["url"].as_str().is_some_and(|u| u.contains("/weeks/"))), "{}", cal(2));
    assert_eq!(week1[1].0, "2026-09-17");
    // The name comes back exactly as written: `,` `;` `\` escaped, the long line folded.
    assert!(week1[1].1.contains(&format!("마감인 학습자: {name}")), "{week1:?}");
    let lee = events(2).iter().find(|e| e["start"] == "2026-09-17").unwrap().clone();
    assert_eq!(lee["summary"], format!("1주차 마감: Terraform으로 AWS VPC 만들기 · {name}"));
    assert_eq!(week1[2].0, "2026-09-21");
    // UIDs are unique, and stable when a due date moves: Choi going full time keeps them.
    let uids = |i: usize| events(i).iter().map(|e| e["uid"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    let mut all: Vec<String> = (0..3).flat_map(uids).collect();
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "UIDs repeat");
    let before = uids(0);
    let choi_file = p.read("roadmap/learners/choi.yaml").replace("pace: 0.5", "pace: 1");
    p.write("roadmap/learners/choi.yaml", &choi_file);
    build(&p);
    let again = parse_ics(&[out.join("learners/choi/calendar.ics")]).unwrap();
    let moved: Vec<&str> =
        again[0]["events"].as_array().unwrap().iter().map(|e| e["start"].as_str().unwrap()).collect();
    assert_eq!(moved, ["2026-09-14", "2026-09-21", "2026-09-28"]);
    let kept: Vec<&str> = again[0]["events"].as_array().unwrap().iter().map(|e| e["uid"].as_str().unwrap()).collect();
    assert_eq!(kept, before);
}

#[test]
fn the_full_view_has_a_private_learners_calendar_and_pages_link_theirs() {
    let p = Project::copy("valid", "basic");
    let full = p.build_site("2026-09-30", &["--full"]);
    assert!(full.contains_key("learners/secret/calendar.ics"));
    assert!(text(&full, "calendar.ics").contains("Hidden Person"));
    let files = build(&p);
    let learner = text(&files, "learners/choi/index.html");
    assert!(
        learner.contains("<a href=\"calendar.ics\" type=\"text/calendar\">캘린더 내려받기 (.ics)</a>"),
        "{learner}"
    );
    assert!(
        learner.contains("<a href=\"webcal://octo.github.io/devops-study/learners/choi/calendar.ics\">구독하기</a>")
    );
    assert!(learner.contains("<code>https://octo.github.io/devops-study/learners/choi/calendar.ics</code>"));
    let dashboard = text(&files, "index.html");
    assert!(dashboard.contains("<a href=\"calendar.ics\" type=\"text/calendar\">"), "{dashboard}");
    assert!(dashboard.contains("webcal://octo.github.io/devops-study/calendar.ics"));
    // In English, and without a base_url no subscription address (it would not be absolute).
    let cohort = p.read("roadmap/cohort.yaml").replace("language: ko", "language: en");
    let cohort = cohort.lines().filter(|l| !l.starts_with("base_url:")).collect::<Vec<_>>().join("\n");
    p.write("roadmap/cohort.yaml", &cohort);
    let files = build(&p);
    let learner = text(&files, "learners/choi/index.html");
    assert!(learner.contains(">Download the calendar (.ics)</a>"), "{learner}");
    assert!(!learner.contains("webcal:"));
    let ics = text(&files, "learners/choi/calendar.ics");
    assert!(ics.contains("SUMMARY:Week 2 due: "), "{ics}");
    assert!(!ics.contains("URL"), "no absolute address to give: {ics}");
}

/// The 1-based line of `file` (in the project) that starts with `prefix`.
fn line_of(p: &Project, file: &str, prefix: &str) -> usize {
    p.read(file).lines().position(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("{prefix} not in {file}")) + 1
}

/// Every "edit on GitHub" link in a page, as written.
fn edit_links(page: &str) -> Vec<String> {
    html::hrefs_of_class(page, "edit-link")
}

#[test]
fn with_repo_every_learner_week_and_queue_item_links_to_its_yaml() {
    let p = Project::copy("valid", "basic");
    // Nothing to link to without `repo`.
    let files = build(&p);
    for (path, bytes) in &files {
        assert!(!String::from_utf8_lossy(bytes).contains("edit-link"), "{path}");
    }
    let cohort = p.read("roadmap/cohort.yaml") + "repo: octo/devops-study\nbranch: fall/2026#2\n";
    p.write("roadmap/cohort.yaml", &cohort);
    // Progress recorded under a task's old id is still that task's entry.
    p.write(
        "roadmap/learners/han.yaml",
        "name: Han\nmentor: lee\nprogress:\n  terraform-vpc/network: {status: done, finished: 2026-09-20}\n",
    );
    let files = build(&p);
    let base = "https://github.com/octo/devops-study/edit/fall/2026%232/";
    assert_eq!(edit_links(&text(&files, "learners/choi/index.html")), [format!("{base}roadmap/learners/choi.yaml")]);
    let docker = line_of(&p, "roadmap/roadmap.yaml", "  - id: docker");
    assert_eq!(edit_links(&text(&files, "weeks/docker/index.html")), [format!("{base}roadmap/roadmap.yaml#L{docker}")]);
    // The queue items are on the mentors' queue pages.
    let reviews: String = files
        .keys()
        .filter(|k| k.starts_with("reviews/") && k.ends_with(".html") && *k != "reviews/index.html")
        .map(|k| text(&files, k))
        .collect();
    assert!(files.contains_key("reviews/lee.html"), "{:?}", files.keys());
    let links = edit_links(&reviews);
    // Choi's VPC (changes requested), Han's VPC (awaiting review, under the alias), Jung's blocked VPC: at their entries.
    for (file, key) in [
        ("roadmap/learners/choi.yaml", "  terraform-vpc/vpc:"),
        ("roadmap/learners/han.yaml", "  terraform-vpc/network:"),
        ("roadmap/learners/jung.yaml", "  terraform-vpc/vpc:"),
    ] {
        let want = format!("{base}{file}#L{}", line_of(&p, file, key));
        assert!(links.contains(&want), "{want} not in {links:?}");
    }
    // Behind and stale are about the learner: their file.
    assert!(links.contains(&format!("{base}roadmap/learners/jung.yaml")), "{links:?}");
    // Each "Edit on GitHub" says whose and what to a screen reader.
    let names = html::link_names(&reviews, "edit-link");
    assert!(names.contains(&"GitHub에서 고치기 Han — VPC 만들기".to_string()), "{names:?}");
    // So does each approve and request-changes link, one pair an item awaiting review or changed.
    let names = html::link_names(&reviews, "record-link");
    assert!(names.contains(&"승인 Han — VPC 만들기".to_string()), "{names:?}");
    assert!(names.contains(&"수정 요청 Han — VPC 만들기".to_string()), "{names:?}");
    assert!(names.iter().all(|n| n.contains(" — ")), "{names:?}");
    // An English site shows the translation: its week pages link there.
    let en = p.read("roadmap/cohort.yaml").replace("language: ko", "language: en");
    p.write("roadmap/cohort.yaml", &en);
    let files = build(&p);
    let docker = line_of(&p, "roadmap/roadmap.en.yaml", "  - id: docker");
    let week = text(&files, "weeks/docker/index.html");
    assert_eq!(edit_links(&week), [format!("{base}roadmap/roadmap.en.yaml#L{docker}")]);
    assert!(week.contains(">Edit on GitHub<span"));
}

#[test]
fn a_repo_that_is_no_owner_and_name_is_refused_with_a_suggestion() {
    let p = Project::copy("valid", "basic");
    let cohort = p.read("roadmap/cohort.yaml") + "repo: https://github.com/octo/devops-study.git\n";
    p.write("roadmap/cohort.yaml", &cohort);
    let r = p.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let all = r.stdout + &r.stderr;
    assert!(all.contains("roadmap/cohort.yaml:"), "{all}");
    assert!(all.contains("is not a GitHub repository") && all.contains("did you mean `octo/devops-study`?"), "{all}");
}

#[test]
fn init_fills_in_repo_from_a_github_origin() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git").current_dir(dir.path()).args(args).status().unwrap().success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["remote", "add", "origin", "https://github.com/octo/devops-study.git"]);
    let r = common::run_in(dir.path(), &["--today", "2026-09-07", "init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let cohort = std::fs::read_to_string(dir.path().join("roadmap/cohort.yaml")).unwrap();
    assert!(cohort.lines().any(|l| l.starts_with("repo: octo/devops-study ")), "{cohort}");
    assert_eq!(common::run_in(dir.path(), &["check"]).code, 0);
    // On a branch other than `main`, the links edit that branch.
    let trunk = tempfile::tempdir().unwrap();
    for args in [
        &["init", "-q"][..],
        &["checkout", "-q", "-b", "trunk"],
        &["remote", "add", "origin", "git@github.com:octo/s.git"],
    ] {
        let ok = std::process::Command::new("git").current_dir(trunk.path()).args(args).status().unwrap().success();
        assert!(ok, "git {args:?}");
    }
    let r = common::run_in(trunk.path(), &["--today", "2026-09-07", "init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let cohort = std::fs::read_to_string(trunk.path().join("roadmap/cohort.yaml")).unwrap();
    assert!(cohort.lines().any(|l| l.starts_with("branch: trunk ")), "{cohort}");
    let r = common::run_in(trunk.path(), &["--today", "2026-09-07", "build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = std::fs::read_to_string(trunk.path().join("site/learners/example/index.html")).unwrap();
    assert!(page.contains("https://github.com/octo/s/edit/trunk/roadmap/learners/example.yaml"), "{page}");
    // No GitHub origin: the key is there to fill in, commented out.
    let other = tempfile::tempdir().unwrap();
    let r = common::run_in(other.path(), &["--today", "2026-09-07", "init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let cohort = std::fs::read_to_string(other.path().join("roadmap/cohort.yaml")).unwrap();
    assert!(cohort.lines().any(|l| l.starts_with("# repo: OWNER/NAME")), "{cohort}");
    // Regression: a project in a subfolder of the repository got `repo:`,
    // and every edit link named `roadmap/...` at the repository's root,
    // where there is no such file. It is left to fill in by hand.
    let sub = dir.path().join("study");
    std::fs::create_dir(&sub).unwrap();
    let r = common::run_in(&sub, &["--today", "2026-09-07", "init", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let cohort = std::fs::read_to_string(sub.join("roadmap/cohort.yaml")).unwrap();
    assert!(cohort.lines().any(|l| l.starts_with("# repo: OWNER/NAME")), "{cohort}");
}
