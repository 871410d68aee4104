//! `waymark report --format slack|discord`: the weekly digest stays within
//! each service's documented limits however big the cohort, and the
//! generated `digest.yml` posts exactly that payload with its own `curl`
//! line to a local webhook (a tiny HTTP server in the test), or does nothing
//! when no webhook secret is set.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpListener;

use crate::common::{self, Project};
use serde_json::Value;

/// As the services count: UTF-16 units are never fewer than characters.
fn len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// A cohort of `n` learners with hostile, long names, every one with work
/// awaiting review, a task blocked, behind and stale.
fn big_cohort(n: usize) -> Project {
    let p = Project::copy("valid", "github-cohort");
    let cohort =
        p.read("roadmap/cohort.yaml").replace("title: DevOps 스터디 4기", "title: \"<!here> DevOps 스터디 4기\"");
    p.write("roadmap/cohort.yaml", &cohort);
    for i in 0..n {
        let name = format!("<!channel> @everyone *학습자* {i:04} {}", "가나다라마바사".repeat(30));
        p.write(
            &format!("roadmap/learners/l{i:04}.yaml"),
            &format!(
                "name: {}\nmentor: lee\nprogress:\n  terraform-vpc/vpc: {{status: done, finished: 2026-09-1{}}}\n  \
                 docker/dockerfile: {{status: done, finished: 2026-09-12, reviews: [{{by: lee, date: 2026-09-13, \
                 verdict: changes}}]}}\n  docker/compose: {{status: blocked, started: 2026-09-10}}\n",
                serde_json::to_string(&name).unwrap(),
                i % 10
            ),
        );
    }
    p
}

fn report(p: &Project, format: &str) -> Value {
    let r = p.run(&["--today", "2026-10-20", "report", "--public", "--format", format]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1, "one line of JSON");
    serde_json::from_str(&r.stdout).unwrap()
}

fn check_slack(v: &Value) {
    let obj = v.as_object().unwrap();
    assert!(obj.keys().all(|k| k == "text" || k == "blocks"), "{obj:?}");
    assert!(!v["text"].as_str().unwrap().is_empty(), "the notification text");
    let blocks = v["blocks"].as_array().unwrap();
    assert!(blocks.len() <= 50, "Slack takes 50 blocks at most");
    for b in blocks {
        match b["type"].as_str().unwrap() {
            "header" => {
                assert_eq!(b["text"]["type"], "plain_text");
                assert!(len(b["text"]["text"].as_str().unwrap()) <= 150);
            }
            "section" => {
                assert_eq!(b["text"]["type"], "mrkdwn");
                let t = b["text"]["text"].as_str().unwrap();
                assert!(!t.is_empty() && len(t) <= 3000, "{}", len(t));
            }
            "context" => {
                let els = b["elements"].as_array().unwrap();
                assert!(!els.is_empty() && els.len() <= 10);
                assert!(els.iter().all(|e| len(e["text"].as_str().unwrap()) <= 3000));
            }
            other => panic!("unexpected block {other}"),
        }
    }
}

fn check_discord(v: &Value) {
    assert!(len(v["content"].as_str().unwrap()) <= 2000);
    assert_eq!(v["allowed_mentions"], serde_json::json!({"parse": []}), "no name pings anyone");
    let embeds = v["embeds"].as_array().unwrap();
    assert!(embeds.len() <= 10);
    let mut total = 0;
    for e in embeds {
        let title = e["title"].as_str().unwrap();
        let description = e["description"].as_str().unwrap();
        assert!(len(title) <= 256 && len(description) <= 4096);
        assert!(e.get("fields").is_none_or(|f| f.as_array().unwrap().len() <= 25));
        assert!(e["color"].as_u64().unwrap() <= 0xffffff);
        total += len(title) + len(description);
    }
    assert!(total <= 6000, "{total} characters in the embeds");
}

#[test]
fn a_big_cohort_is_cut_to_the_limits_with_a_link_to_the_review_queue() {
    let p = big_cohort(400);
    let slack = report(&p, "slack");
    check_slack(&slack);
    let text = slack.to_string();
    assert!(text.contains("…외 "), "a list cut short says how many were left out");
    assert!(text.contains("<https://octo.github.io/devops-study/reviews/|리뷰 대기열 열기>"));
    assert!(!text.contains("<!channel>"), "escaped: &lt;!channel&gt;");
    assert_eq!(
        slack["text"], "&lt;!here&gt; DevOps 스터디 4기 멘토 주간 요약 (2026-10-20)",
        "the notification pings no one"
    );
    let sections: Vec<&str> =
        slack["blocks"].as_array().unwrap().iter().filter_map(|b| b["text"]["text"].as_str()).collect();
    assert!(sections[1].starts_with("*리뷰 대기 (400)*\n• "), "{}", sections[1]);

    let discord = report(&p, "discord");
    check_discord(&discord);
    let embeds = discord["embeds"].as_array().unwrap();
    assert_eq!(embeds.len(), 5);
    assert_eq!(embeds[0]["title"], "리뷰 대기 (400)");
    assert_eq!(embeds[0]["url"], "https://octo.github.io/devops-study/reviews/");
    let d = embeds[0]["description"].as_str().unwrap();
    assert!(d.contains("외 ") && d.contains("](https://octo.github.io/devops-study/reviews/)"), "{d}");
    assert!(d.contains(r"\<!channel\> \@everyone \*학습자\*"), "markup escaped: {d}");
}

#[test]
fn a_small_cohort_is_whole() {
    let p = Project::copy("valid", "github-cohort");
    let slack = report(&p, "slack");
    check_slack(&slack);
    assert_eq!(slack["blocks"][0]["text"]["text"], "DevOps 스터디 4기 멘토 주간 요약 (2026-10-20)");
    let discord = report(&p, "discord");
    check_discord(&discord);
    assert!(!discord.to_string().contains("Hidden Person"), "--public leaves private learners out");
    // Kim is behind: linked to the public page.
    assert!(
        discord["embeds"][2]["description"]
            .as_str()
            .unwrap()
            .contains("[김데브](https://octo.github.io/devops-study/learners/kim/)"),
        "{}",
        discord["embeds"][2]
    );
}

#[test]
fn the_digest_speaks_the_cohorts_language() {
    let p = Project::copy("valid", "github-cohort");
    let cohort = p.read("roadmap/cohort.yaml").replace("language: ko", "language: en");
    p.write("roadmap/cohort.yaml", &cohort);
    let slack = report(&p, "slack");
    assert_eq!(slack["blocks"][0]["text"]["text"], "DevOps 스터디 4기: mentor digest, 2026-10-20");
    assert_eq!(slack["blocks"][1]["text"]["text"], "*Awaiting review (0)*\n_Nothing needs attention._");
    let discord = report(&p, "discord");
    assert_eq!(discord["embeds"][2]["title"], "Behind (2)");
    assert!(
        discord["embeds"][2]["description"]
            .as_str()
            .unwrap()
            .contains("[Jung](https://octo.github.io/devops-study/learners/jung/) · 4 tasks behind"),
        "{}",
        discord["embeds"][2]
    );
}

/// The path and body of each request a webhook got.
type Requests = Vec<(String, Vec<u8>)>;

/// A webhook on localhost: records each request's path and body and answers
/// 200, until asked for `/stop`.
fn webhook() -> (String, std::thread::JoinHandle<Requests>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut got = Vec::new();
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let path = request_line.split_whitespace().nth(1).unwrap_or("").to_string();
            let mut length = 0;
            loop {
                let mut h = String::new();
                reader.read_line(&mut h).unwrap();
                if h.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    if k.eq_ignore_ascii_case("content-length") {
                        length = v.trim().parse().unwrap();
                    }
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok").unwrap();
            if path == "/stop" {
                break;
            }
            got.push((path, body));
        }
        got
    });
    (url, handle)
}

/// digest.yml as written by `init`, run as GitHub would on the project
/// (GitHub gives an unset secret as the empty string); the run.
#[cfg(unix)]
fn run_digest_workflow(p: &Project, slack: &str, discord: &str) -> common::workflow::Run {
    assert_eq!(p.run(&["init", "--upgrade-workflows"]).code, 0);
    let text = p.read(".github/workflows/digest.yml");
    let (origin, sha) = common::workflow::origin_of(p.path());
    let home = tempfile::tempdir().unwrap();
    let bin_dir = common::workflow::bin_dir(home.path());
    common::workflow::fake_gh(&bin_dir, &home.path().join("gh"), false);
    let runner = common::workflow::Runner {
        origin: origin.path().to_path_buf(),
        sha,
        bin_dir,
        values: common::workflow::values([
            ("secrets.WAYMARK_SLACK_WEBHOOK", slack),
            ("secrets.WAYMARK_DISCORD_WEBHOOK", discord),
            ("runner.os", "Linux"),
            ("github.token", "test-token"),
        ]),
        env: vec![("WAYMARK_TODAY".into(), "2026-10-20".into()), ("GITHUB_REPOSITORY".into(), "octo/study".into())],
        home: home.path().to_path_buf(),
    };
    let run = runner.run(&text);
    assert!(run.succeeded(), "{}", run.log());
    run
}

#[cfg(unix)]
#[test]
fn the_digest_workflow_posts_the_report_with_its_own_curl_line() {
    let p = big_cohort(120);
    let (url, server) = webhook();
    run_digest_workflow(&p, &format!("{url}/slack-hook"), &format!("{url}/discord-hook"));
    std::net::TcpStream::connect(url.trim_start_matches("http://"))
        .unwrap()
        .write_all(b"POST /stop HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        .unwrap();
    let got = server.join().unwrap();
    assert_eq!(got.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["/slack-hook", "/discord-hook"]);
    let want = |format: &str| {
        let r = p.run(&["--today", "2026-10-20", "report", "--public", "--format", format]);
        r.stdout.into_bytes()
    };
    assert_eq!(got[0].1, want("slack"), "the webhook got exactly the report");
    assert_eq!(got[1].1, want("discord"));
    check_slack(&serde_json::from_slice(&got[0].1).unwrap());
    check_discord(&serde_json::from_slice(&got[1].1).unwrap());
}

#[cfg(unix)]
#[test]
fn the_digest_workflow_does_nothing_without_a_secret() {
    let p = Project::copy("valid", "github-cohort");
    let (url, server) = webhook();
    let run = run_digest_workflow(&p, "", "");
    assert_eq!(run.skipped_jobs, ["digest"]);
    std::net::TcpStream::connect(url.trim_start_matches("http://"))
        .unwrap()
        .write_all(b"POST /stop HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        .unwrap();
    assert!(server.join().unwrap().is_empty(), "nothing was posted");
}
