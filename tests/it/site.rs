//! `waymark build` through the real binary: every page of SPEC §4, links
//! that resolve under any sub-path, hostile content that comes out inert,
//! private data that never reaches the public build, byte-identical output.

use std::collections::BTreeMap;

use crate::common::{self, html, text, tree, Project};

const TODAY: &str = "2026-09-30";

fn build(p: &Project, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    p.build_site(TODAY, extra)
}

#[test]
fn every_page_of_the_spec_is_there() {
    let p = Project::copy("valid", "basic");
    let files = build(&p, &[]);
    for path in [
        "index.html",
        "roadmap/index.html",
        "weeks/terraform-vpc/index.html",
        "weeks/docker/index.html",
        "weeks/ci-cd/index.html",
        "learners/kim/index.html",
        "learners/choi/index.html",
        "learners/jung/index.html",
        "reviews/index.html",
        "feed.xml",
        "progress.json",
        "progress.csv",
        "badges/kim.svg",
        "404.html",
        "sitemap.xml",
        ".nojekyll",
        "assets/style.css",
    ] {
        assert!(files.contains_key(path), "{path} missing; have {:?}", files.keys().collect::<Vec<_>>());
    }
    assert!(!files.contains_key("CNAME"), "no cname set");
}

#[test]
fn pages_match_their_snapshots() {
    let p = Project::copy("valid", "basic");
    let files = build(&p, &[]);
    for path in [
        "index.html",
        "learners/choi/index.html",
        "weeks/terraform-vpc/index.html",
        "reviews/index.html",
        "reviews/lee.html",
        "roadmap/index.html",
        "feed.xml",
        "progress.json",
        "progress.csv",
        "badges/kim.svg",
    ] {
        let name = path.replace('/', "__");
        insta::assert_snapshot!(name, text(&files, path));
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let p = Project::copy("valid", "basic");
    let a = build(&p, &[]);
    std::fs::remove_dir_all(p.file("out")).unwrap();
    let b = build(&p, &[]);
    assert_eq!(a, b);
}

/// Every href/src in a page, as a browser reads them.
fn links(html: &str) -> Vec<String> {
    let mut out = html::attr_values(html, "href");
    out.extend(html::attr_values(html, "src"));
    out
}

/// Resolve `link` from the page at `page` (both site-relative) the way a
/// browser would under the site root `base` (e.g. `/repo/`).
fn resolve(base: &str, page: &str, link: &str) -> String {
    let dir = format!("{base}{}", &page[..page.rfind('/').map_or(0, |i| i + 1)]);
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in link.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if link.ends_with('/') {
        out.push('/');
    }
    out
}

/// `strict`: every link must resolve. Otherwise (hostile user content, whose
/// own relative links may be broken) links must only stay inside the site.
fn check_links(files: &BTreeMap<String, Vec<u8>>, base: &str, strict: bool) {
    let mut broken = Vec::new();
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html") && p.as_str() != "404.html") {
        let html = String::from_utf8_lossy(bytes);
        for link in links(&html) {
            if ["http://", "https://", "mailto:", "webcal://"].iter().any(|s| link.starts_with(s)) {
                continue;
            }
            assert!(!link.starts_with('/'), "{page}: absolute internal link {link}");
            let (path, fragment) = link.split_once('#').map_or((link.as_str(), None), |(p, f)| (p, Some(f)));
            let target = if path.is_empty() { format!("{base}{page}") } else { resolve(base, page, path) };
            let Some(inside) = target.strip_prefix(base) else {
                broken.push(format!("{page}: {link} leaves {base}"));
                continue;
            };
            let inside = if inside.is_empty() || inside.ends_with('/') {
                format!("{inside}index.html")
            } else {
                inside.to_string()
            };
            match files.get(&inside) {
                None if !strict => {}
                None => broken.push(format!("{page}: {link} → {inside} missing")),
                Some(target_bytes) => {
                    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                        let t = String::from_utf8_lossy(target_bytes);
                        if !html::attr_values(&t, "id").iter().any(|id| id == f) {
                            broken.push(format!("{page}: {link} → no id {f}"));
                        }
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn internal_links_resolve_at_the_root_and_under_a_sub_path() {
    for name in ["basic", "hostile"] {
        let p = Project::copy("valid", name);
        for view in [&[][..], &["--full"][..]] {
            let files = build(&p, view);
            check_links(&files, "/", name == "basic");
            check_links(&files, "/devops-study/", name == "basic");
        }
    }
}

#[test]
fn the_repositorys_own_roadmap_builds_with_resolving_links() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(&root.join("roadmap"), &dir.path().join("roadmap"));
    let r = common::run_in(dir.path(), &["--today", "2026-11-22", "build", "--full", "--out", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files = tree(&dir.path().join("out"));
    assert_eq!(files.keys().filter(|k| k.starts_with("weeks/")).count(), 10);
    check_links(&files, "/repo/", true);
}

#[test]
fn the_404_page_uses_the_path_of_base_url() {
    let p = Project::copy("valid", "hostile");
    let files = build(&p, &[]);
    let page = text(&files, "404.html");
    assert!(page.contains("href=\"/hostile/assets/style.css\""), "{page}");
    assert!(page.contains("href=\"/hostile/index.html\""), "{page}");
}

#[test]
fn every_page_has_a_csp_that_forbids_inline_script_and_one_h1() {
    let p = Project::copy("valid", "basic");
    for (path, bytes) in build(&p, &["--full"]).iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'\">"),
            "{path}"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{path}");
        assert!(html.contains("<html lang=\"ko\">"), "{path}");
        assert!(html.contains("<main id=\"main\""), "{path}");
        assert!(html.contains("<title>"), "{path}");
    }
}

/// The attributes of a tag's inside (`a href="x" title='y z' hidden`), quote-aware.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = tag.chars().peekable();
    while chars.peek().is_some_and(|c| !c.is_whitespace()) {
        chars.next(); // the tag name
    }
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == '/') {
            chars.next();
        }
        let name: String = std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace() && *c != '=')).collect();
        if name.is_empty() {
            return out;
        }
        let mut value = String::new();
        if chars.next_if_eq(&'=').is_some() {
            match chars.peek().copied() {
                Some(q @ ('"' | '\'')) => {
                    chars.next();
                    value = std::iter::from_fn(|| chars.next_if(|c| *c != q)).collect();
                    chars.next();
                }
                _ => value = std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace())).collect(),
            }
        }
        out.push((name, value));
    }
}

/// Markup (not text) that could run code: script elements, event-handler
/// attributes, `javascript:`/`data:` URLs in attributes, embedding elements.
fn assert_inert(path: &str, html: &str) {
    let lower = html.to_lowercase();
    for tag in ["<script", "<iframe", "<object", "<embed", "<form", "<style", "<base", "<meta http-equiv=\"refresh"] {
        assert!(!lower.contains(tag), "{path} has {tag}");
    }
    // Walk every tag and look at its attributes.
    let mut rest = lower.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        for (name, value) in attributes(tag) {
            assert!(!name.starts_with("on"), "{path}: event handler {name} in <{tag}>");
            assert!(!value.starts_with("javascript:") && !value.starts_with("data:"), "{path}: URL {value} in <{tag}>");
        }
        rest = &rest[end..];
    }
}

#[test]
fn hostile_content_comes_out_inert() {
    let p = Project::copy("valid", "hostile");
    for view in [&[][..], &["--full"][..]] {
        let files = build(&p, view);
        for (path, bytes) in &files {
            let t = String::from_utf8_lossy(bytes);
            if path.ends_with(".html") || path.ends_with(".svg") {
                assert_inert(path, &t);
            }
            if path.ends_with(".xml") || path.ends_with(".svg") {
                let doc = roxmltree::Document::parse(&t).unwrap_or_else(|e| panic!("{path}: {e}"));
                // Feed summaries are HTML: check the HTML they carry.
                for node in doc.descendants().filter(|n| n.has_tag_name("summary")) {
                    assert_inert(&format!("{path} summary"), node.text().unwrap_or(""));
                }
            }
        }
        // The text is still shown, escaped.
        let learner = text(&files, "learners/mallory/index.html");
        assert!(learner.contains("Mallory &lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;"), "name shown as text");
        let csv = text(&files, "progress.csv");
        assert!(!csv.contains(",=HYPERLINK"), "formula injection in csv");
    }
}

#[test]
fn the_inertness_check_catches_live_markup() {
    // Guards the guard: each of these must trip `assert_inert`.
    for bad in [
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<script>1</script>",
        "<a href='data:text/html,x'>",
    ] {
        assert!(std::panic::catch_unwind(|| assert_inert("t", bad)).is_err(), "{bad}");
    }
    assert_inert("t", "&lt;a href='javascript:alert(1)'&gt; shown as text");
}

#[test]
fn nothing_of_a_private_learner_reaches_the_public_build() {
    let p = Project::copy("valid", "hostile");
    let files = build(&p, &[]);
    for (path, bytes) in &files {
        let t = String::from_utf8_lossy(bytes);
        for secret in ["learners/shadow", "Shadow Private-Person", "shadow-private", "secret-review-comment"] {
            assert!(!t.contains(secret), "{path} leaks {secret}");
        }
    }
    assert!(!files.keys().any(|k| k.contains("shadow")));
    assert!(!text(&files, "index.html").contains("class=\"banner\""));
    // The full view shows them, under a banner.
    let full = build(&p, &["--full"]);
    assert!(full.contains_key("learners/shadow/index.html"));
    assert!(text(&full, "learners/pub/index.html").contains("secret-review-comment"));
    assert!(text(&full, "index.html").contains("class=\"banner\""));
}

#[test]
fn progress_json_follows_the_schedule_definitions() {
    let p = Project::copy("valid", "basic");
    let files = build(&p, &[]);
    let v: serde_json::Value = serde_json::from_slice(&files["progress.json"]).unwrap();
    assert_eq!(v["schema"], 1);
    assert_eq!(v["as_of"], TODAY);
    // A learner a line: each object whole on its own line, in the list's order.
    let text = String::from_utf8(files["progress.json"].clone()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .filter(|l| l.starts_with("    {"))
        .map(|l| serde_json::from_str(l.trim().trim_end_matches(',')).unwrap())
        .collect();
    assert_eq!(&lines, v["learners"].as_array().unwrap(), "{text}");
    let by_id = |id: &str| v["learners"].as_array().unwrap().iter().find(|l| l["id"] == id).unwrap().clone();
    // choi: pace 0.5 from 2026-09-07. Week 1 (2 tasks) due +14 days (09-21), week 2 (2 tasks)
    // due +28 (10-05): on 09-30, 9 of 14 days in → planned 2 + 2·9/14 = 3.29. Done 2 → behind by 1.
    let choi = by_id("choi");
    assert_eq!((choi["done"].as_u64(), choi["skipped"].as_u64(), choi["total"].as_u64()), (Some(2), Some(0), Some(5)));
    assert_eq!(choi["percent"], 40.0);
    assert_eq!(choi["planned"], 3.29);
    assert_eq!(choi["behind_by"], 1);
    assert_eq!(choi["pace"], "behind");
    // kim: 4 done (one under an alias), 1 skipped → 4 / (5 − 1) = 100%, finished.
    let kim = by_id("kim");
    assert_eq!((kim["done"].as_u64(), kim["skipped"].as_u64()), (Some(4), Some(1)));
    assert_eq!(kim["percent"], 100.0);
    assert_eq!(kim["pace"], "finished");
    assert_eq!(kim["tasks"]["terraform-vpc/vpc"], "done");
    assert_eq!(kim["forecast"], serde_json::Value::Null);
    // jung: pace 1 from 09-07: weeks 1–3 all due by 09-28 → planned 5; done 1 → behind by 4.
    // Last activity 09-09, 21 days before today → stale. One done in the 23 days since
    // the start: 4 left at that pace → +92 days.
    let jung = by_id("jung");
    assert_eq!(jung["behind_by"], 4);
    assert_eq!(jung["stale"], true);
    assert_eq!(jung["forecast"], "2026-12-31");
    assert_eq!(jung["tasks"]["terraform-vpc/vpc"], "blocked");
    assert!(v["learners"].as_array().unwrap().iter().all(|l| l["id"] != "secret"));
}

#[test]
fn cname_and_feed_links_come_from_the_cohort() {
    let p = Project::copy("valid", "basic");
    let cohort =
        p.read("roadmap/cohort.yaml").replace("stale_after_days: 7", "stale_after_days: 7\ncname: study.example.com");
    p.write("roadmap/cohort.yaml", &cohort);
    let files = build(&p, &[]);
    assert_eq!(text(&files, "CNAME"), "study.example.com\n");
    let feed = text(&files, "feed.xml");
    roxmltree::Document::parse(&feed).expect("feed is XML");
    assert!(feed.contains(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://octo.github.io/devops-study/feed.xml\"/>"
    ));
    let sitemap = text(&files, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://octo.github.io/devops-study/learners/kim/</loc>"));
    assert!(!sitemap.contains("secret"));
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let p = Project::copy("valid", "basic");
    let before = build(&p, &[]);
    p.write("roadmap/learners/kim.yaml", "name: [unclosed\n");
    let r = p.run(&["--today", TODAY, "build", "--out", "out"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("roadmap/learners/kim.yaml:"), "{}", r.stderr);
    assert_eq!(tree(&p.file("out")), before);
    let leftovers: Vec<String> = std::fs::read_dir(p.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_project_theme_overrides_the_builtin_file_by_file() {
    let p = Project::copy("valid", "basic");
    p.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Custom lost page</h1>{% endblock %}",
    );
    p.write("themes/default/i18n/ko.yaml", "dashboard: 현황판\n");
    p.write("themes/default/static/assets/extra.txt", "hello");
    let files = build(&p, &[]);
    assert!(text(&files, "404.html").contains("Custom lost page"));
    assert!(text(&files, "index.html").contains(">현황판</a>"));
    assert!(text(&files, "index.html").contains(">로드맵</a>"), "other strings stay built-in");
    assert_eq!(text(&files, "assets/extra.txt"), "hello");
    // A broken template is a diagnostic naming the file, not a panic or half a site.
    p.write("themes/default/templates/404.html", "{% block main %}\n{{ broken( }}\n{% endblock %}");
    let r = p.run(&["--today", TODAY, "build", "--out", "out2"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("themes/default/templates/404.html:2"), "{}", r.stderr);
    assert!(!p.file("out2").exists());
}

#[test]
fn english_cohorts_get_english_strings_and_the_translated_roadmap() {
    let p = Project::copy("valid", "basic");
    let cohort = p.read("roadmap/cohort.yaml").replace("language: ko", "language: en");
    p.write("roadmap/cohort.yaml", &cohort);
    let files = build(&p, &[]);
    let week = text(&files, "weeks/terraform-vpc/index.html");
    assert!(week.contains("<html lang=\"en\">"));
    assert!(week.contains("An AWS VPC with Terraform"), "translated title");
    assert!(week.contains(">Dashboard</a>"));
}

#[test]
fn every_file_under_a_themes_static_folder_reaches_the_site() {
    let p = Project::copy("valid", "basic");
    p.write("themes/default/static/.well-known/security.txt", "Contact: mailto:sec@example.com\n");
    p.write("themes/default/static/downloads/notes.bak", "kept");
    p.write("themes/default/static/.htaccess", "x");
    // Outside static/, an editor's backup is not a template.
    p.write("themes/default/templates/index.html~", "{{ broken( }}");
    let files = build(&p, &[]);
    assert_eq!(text(&files, ".well-known/security.txt"), "Contact: mailto:sec@example.com\n");
    assert_eq!(text(&files, "downloads/notes.bak"), "kept");
    assert_eq!(text(&files, ".htaccess"), "x");
    assert!(!files.keys().any(|k| k.contains("index.html~")));
}

#[test]
fn the_week_page_indexes_its_tasks_before_the_reading_and_states_stretch_hours_apart() {
    let p = Project::copy("valid", "basic");
    let files = build(&p, &[]);
    let docker = text(&files, "weeks/docker/index.html");
    // Core hours (2 + 2) and stretch hours (1) apart, the stretch ones said to be optional.
    assert!(docker.contains("과제 3개 · 필수 4시간 · 심화 1시간(선택)"), "{docker}");
    let index = &docker[docker.find("<nav class=\"task-index\"").expect("an index")..];
    let index = &index[..index.find("</nav>").unwrap()];
    // Every task, in order, linking its card, with its id, core or stretch, and hours.
    for (id, title, kind, hours) in [
        ("dockerfile", "Dockerfile 작성", "<span class=\"pill core\">필수</span>", "2시간"),
        ("compose", "docker compose", "<span class=\"pill core\">필수</span>", "2시간"),
        ("multi-stage", "멀티 스테이지 빌드로 이미지 줄이기", "<span class=\"pill stretch\">심화</span>", "1시간"),
    ] {
        let item = format!(
            "<li><a href=\"#task-{id}\">{title}</a> <span class=\"sub\"><code>{id}</code> · {kind} · {hours}</span></li>"
        );
        assert!(index.contains(&item), "{item} in {index}");
        assert!(docker.contains(&format!("<article class=\"task\" id=\"task-{id}\">")), "{id}");
    }
    // Before any reading: the index comes ahead of the week's text, topics and task cards.
    let week1 = text(&files, "weeks/terraform-vpc/index.html");
    let at = |s: &str| week1.find(s).unwrap_or_else(|| panic!("{s} in {week1}"));
    assert!(at("class=\"task-index\"") < at("class=\"prose lede\""), "{week1}");
    assert!(at("class=\"task-index\"") < at("id=\"topics-h\""), "{week1}");
    assert!(at("class=\"task-index\"") < at("id=\"tasks-h\""), "{week1}");
    // No stretch task, no stretch hours.
    assert!(week1.contains("과제 2개 · 필수 5시간</p>"), "{week1}");
    assert!(!week1[..at("class=\"task-index\"")].contains("심화"), "{week1}");
    // A week of reading only: no hours, no empty index.
    p.write(
        "roadmap/roadmap.yaml",
        &format!("{}  - id: reading\n    title: 읽기\n    tasks: []\n", p.read("roadmap/roadmap.yaml")),
    );
    let reading = text(&build(&p, &[]), "weeks/reading/index.html");
    assert!(reading.contains("· 과제 0개</p>") && !reading.contains("task-index"), "{reading}");
}
