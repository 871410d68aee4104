//! The site's data files through the real binary, as other programs read
//! them: the CSV as Excel opens it, the feed as a feed validator checks it,
//! the badges as an `<img>` shows them, the calendars as a calendar parser
//! reads them, and the "edit on GitHub" links.

mod common;

use std::collections::BTreeMap;

use common::{file_text as text, Project};

/// The public build as of 2026-09-30.
fn build(p: &Project) -> BTreeMap<String, Vec<u8>> {
    common::build_site(p, "2026-09-30", &[])
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
    assert_eq!(attr(&text(&files, "badges/choi.svg"), "svg", "aria-label"), "DevOps: 1/3주");
}
