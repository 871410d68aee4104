//! `waymark serve` and `waymark build --watch` through the real binary: the
//! server is started on a free port, files are edited, broken and fixed, and
//! what is served (or written) is checked after each step. Waits are bounded
//! polls, never fixed sleeps, and every child is killed at the end.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use waymark::serve::server::HEADER_TIMEOUT;

use crate::common::{self, bin, Project};

const TODAY: &str = "2026-10-01";
/// How long a poll waits for what must happen: far more than it takes on a
/// loaded machine (a rebuild takes milliseconds); a poll returns as soon as it
/// sees it.
const WAIT: Duration = Duration::from_secs(20);

/// A running `waymark` child whose stdout and stderr are collected by threads.
pub(crate) struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
    stdout: Vec<String>,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Running {
    fn start(project: &Project, args: &[&str]) -> Running {
        let mut cmd = bin();
        cmd.current_dir(project.path()).args(["--today", TODAY]).args(args);
        Running::spawn(cmd)
    }

    /// Start `cmd`, a waymark command line, with its output collected.
    pub(crate) fn spawn(mut cmd: std::process::Command) -> Running {
        let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start waymark");
        let (tx, lines) = mpsc::channel();
        let out = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let err = child.stderr.take().expect("stderr");
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        Running { child, lines, stdout: Vec::new(), stderr }
    }

    /// The next stdout line, waiting at most [`WAIT`].
    pub(crate) fn line(&mut self) -> String {
        let line = self.lines.recv_timeout(WAIT).unwrap_or_else(|_| {
            panic!("no output from waymark; stdout so far: {:?}\nstderr: {}", self.stdout, self.stderr())
        });
        self.stdout.push(line.clone());
        line
    }

    /// Wait for a stdout line containing `text`.
    pub(crate) fn wait_line(&mut self, text: &str) -> String {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(50)) {
                self.stdout.push(line.clone());
                if line.contains(text) {
                    return line;
                }
            }
        }
        panic!("no line with {text:?}; stdout: {:?}\nstderr: {}", self.stdout, self.stderr());
    }

    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `waymark serve --port 0` in `project`; returns the child and its port.
fn serve(project: &Project, extra: &[&str]) -> (Running, u16) {
    let mut args = vec!["serve", "--port", "0"];
    args.extend_from_slice(extra);
    let mut r = Running::start(project, &args);
    let first = r.line();
    let url = first.strip_prefix("Serving ").unwrap_or_else(|| panic!("first line: {first}"));
    assert!(url.starts_with("http://127.0.0.1:"), "listens on loopback by default: {url}");
    let port = url.trim_start_matches("http://127.0.0.1:").trim_end_matches('/').parse().expect("port");
    (r, port)
}

pub(crate) struct Response {
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A plain HTTP/1.1 GET with the request target sent exactly as given (no
/// client-side normalisation of `..` or percent-encoding).
fn get(port: u16, target: &str) -> Response {
    get_with(port, target, "")
}

/// [`get`] with more request headers (`extra`, each line ending in CRLF).
fn get_with(port: u16, target: &str, extra: &str) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(s, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}Connection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("no response to {target}"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|c| c.parse().ok()).unwrap_or(0);
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    Response { status, headers, body: raw[split + 4..].to_vec() }
}

/// Poll `f` until it returns `Some`, for at most [`WAIT`].
pub(crate) fn until<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn edit(project: &Project, rel: &str, f: impl Fn(&str) -> String) {
    let text = project.read(rel);
    let new = f(&text);
    assert_ne!(text, new, "the edit changes {rel}");
    project.write(rel, &new);
}

#[test]
fn serves_the_built_site_from_memory_with_the_right_status_and_types() {
    let p = Project::copy("valid", "basic");
    let (mut r, port) = serve(&p, &[]);
    r.wait_line("built");
    let home = get(port, "/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(home.text().contains("DevOps 스터디 2기"));
    // Full view by default: the private learner is there.
    assert!(home.text().contains("Hidden Person"));
    assert!(!p.file("site").exists(), "serve never writes the site to disk");

    let redirect = get(port, "/learners/kim");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/learners/kim/"));
    let page = get(port, "/learners/kim/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("김데브"));
    assert_eq!(get(port, "/learners/kim/index.html").status, 200);

    let missing = get(port, "/no/such/page");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("content-type"), Some("text/html; charset=utf-8"));
    let built_404 = p.run(&["--today", TODAY, "build", "--full", "--out", "built"]);
    assert_eq!(built_404.code, 0, "{}", built_404.stderr);
    let title = p.read("built/404.html");
    let title = title.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap();
    assert!(missing.text().contains(title), "the site's own 404 page");
    // The folder of base_url (GitHub Pages' project path) works too: 404.html links there.
    assert_eq!(get(port, "/devops-study/learners/kim/").status, 200);

    for (path, ty) in [
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/badges/kim.svg", "image/svg+xml"),
        ("/feed.xml", "application/atom+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/progress.json", "application/json"),
        ("/progress.csv", "text/csv; charset=utf-8"),
        ("/__waymark/livereload.js", "text/javascript; charset=utf-8"),
    ] {
        let resp = get(port, path);
        assert_eq!(resp.status, 200, "{path}");
        assert_eq!(resp.header("content-type"), Some(ty), "{path}");
    }
    // What is served is what `build --full` writes (non-HTML files byte for byte).
    assert_eq!(get(port, "/progress.json").body, std::fs::read(p.file("built/progress.json")).unwrap());
    assert_eq!(get(port, "/badges/kim.svg").body, std::fs::read(p.file("built/badges/kim.svg")).unwrap());
}

/// The pages that list learners are kept compressed: a browser that takes
/// gzip gets the compressed bytes, one that does not gets them unpacked, and
/// either way they are what `build` writes; pages are never sent compressed
/// (they carry the live-reload script).
#[test]
fn files_kept_compressed_are_the_built_bytes_with_or_without_gzip() {
    use std::io::Read as _;
    let p = Project::copy("valid", "basic");
    let built = p.run(&["--today", TODAY, "build", "--full", "--out", "built"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let (mut r, port) = serve(&p, &[]);
    r.wait_line("built");
    for path in ["progress.csv", "progress.json", "feed.xml", "calendar.ics", "assets/style.css", "robots.txt"] {
        let built = std::fs::read(p.file(&format!("built/{path}"))).unwrap();
        let plain = get(port, &format!("/{path}"));
        assert_eq!(plain.status, 200, "{path}");
        assert_eq!(plain.header("content-encoding"), None, "{path}");
        assert_eq!(plain.body, built, "{path} without gzip");
        for accept in ["gzip", "br, gzip;q=0.5", "*"] {
            let packed = get_with(port, &format!("/{path}"), &format!("Accept-Encoding: {accept}\r\n"));
            assert_eq!(packed.header("content-encoding"), Some("gzip"), "{path} {accept}");
            assert_eq!(packed.header("vary"), Some("accept-encoding"), "{path}");
            let mut body = Vec::new();
            flate2::read::GzDecoder::new(&packed.body[..]).read_to_end(&mut body).unwrap();
            assert_eq!(body, built, "{path} with gzip");
        }
        let refused = get_with(port, &format!("/{path}"), "Accept-Encoding: gzip;q=0, identity\r\n");
        assert_eq!((refused.header("content-encoding"), &refused.body), (None, &built), "{path}");
    }
    for page in ["/", "/roadmap/", "/learners/kim/", "/nowhere"] {
        let resp = get_with(port, page, "Accept-Encoding: gzip\r\n");
        assert_eq!(resp.header("content-encoding"), None, "{page}");
        assert!(resp.text().contains("__waymark/livereload.js"), "{page}: {}", resp.text());
    }
}

#[test]
fn no_request_path_reaches_a_file_outside_the_built_site() {
    let p = Project::copy("valid", "basic");
    p.write("secret.txt", "TOP-SECRET-MARKER\n");
    let (mut r, port) = serve(&p, &[]);
    r.wait_line("built");
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/.%2e/secret.txt",
        "/learners/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/learners%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/secret.txt",
        "/roadmap/cohort.yaml",
        "/roadmap/learners/kim.yaml",
        "/%00",
        "/index.html%00.css",
        "/%zz",
        "http://127.0.0.1/../../etc/passwd",
        "/__waymark/../secret.txt",
        "/__waymark/..%2f..%2fsecret.txt",
    ] {
        let resp = get(port, target);
        assert!(matches!(resp.status, 400 | 404), "{target}: {}", resp.status);
        let text = resp.text();
        assert!(!text.contains("TOP-SECRET-MARKER") && !text.contains("root:x:0"), "{target}");
        assert!(!text.contains("mentor: lee"), "{target}: a project file leaked");
    }
}

#[test]
fn live_reload_is_a_script_file_in_served_pages_only() {
    let p = Project::copy("valid", "basic");
    let (mut r, port) = serve(&p, &[]);
    r.wait_line("built");
    for (path, rel) in [("/", ""), ("/reviews/", "../"), ("/learners/kim/", "../../"), ("/weeks/docker/", "../../")] {
        let html = get(port, path).text();
        assert!(html.contains(&format!("<script src=\"{rel}__waymark/livereload.js?v=")), "{path}: {html}");
        assert!(
            html.contains("script-src 'self'") && html.contains("connect-src 'self'"),
            "{path}: CSP allows the script file and its event stream"
        );
        assert!(!html.contains("unsafe-inline"), "{path}");
        // Every script is a file: no inline script, so the CSP still forbids it.
        for tag in html.split("<script").skip(1) {
            let open = tag.split('>').next().unwrap();
            assert!(open.contains(" src="), "{path}: inline script: <script{open}>");
        }
        assert!(!html.contains("waymark-overlay"), "{path}: no overlay while the project is valid");
    }
    let js = get(port, "/learners/kim/__waymark/livereload.js");
    assert_eq!(js.status, 200);
    assert!(js.text().contains("currentScript"), "the script finds the event stream from its own URL");
    assert!(!js.text().contains("127.0.0.1") && !js.text().contains("4000"), "no host or port in the script");

    let built = p.run(&["--today", TODAY, "build", "--full"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    for (path, bytes) in common::tree(&p.file("site")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__waymark") && !text.contains("<script"), "the built {path} has no live reload");
    }
}

/// A served HTML page as `build` writes it: without the live-reload script
/// and the CSP sources that allow it, each of which must be there once.
fn without_live_reload(path: &str, served: &[u8]) -> Vec<u8> {
    let mut text = String::from_utf8(served.to_vec()).unwrap_or_else(|_| panic!("{path} is not UTF-8"));
    let at = text.find("__waymark/livereload.js?v=").unwrap_or_else(|| panic!("{path} has no live reload"));
    let start = text[..at].rfind("<script src=\"").unwrap();
    let end = at + text[at..].find("</script>\n").unwrap() + "</script>\n".len();
    text.replace_range(start..end, "");
    assert!(!text.contains("__waymark"), "{path}: live reload once");
    // The built pages' CSP already has `connect-src 'self'`.
    let csp = "; script-src 'self'\"";
    assert_eq!(text.matches(csp).count(), 1, "{path}: the CSP allows the script once");
    text.replacen(csp, "\"", 1).into_bytes()
}

/// Every file `build` writes (with `build_flags`) is served with its bytes
/// (a page but for its live reload), and no learner page it does not write
/// is served.
fn assert_served_as_built(p: &Project, port: u16, build_flags: &[&str], when: &str) {
    let _ = std::fs::remove_dir_all(p.file("built"));
    let mut args = vec!["--today", TODAY, "build", "--out", "built"];
    args.extend_from_slice(build_flags);
    let built = p.run(&args);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let files = common::tree(&p.file("built"));
    assert!(files.keys().any(|k| k.starts_with("learners/")), "{when}: the site has learner pages");
    for (path, bytes) in files.iter().filter(|(path, _)| !path.starts_with(".waymark")) {
        let served = get(port, &format!("/{path}"));
        assert_eq!(served.status, 200, "{when}: /{path}");
        let body = if path.ends_with(".html") { without_live_reload(path, &served.body) } else { served.body };
        assert!(body == *bytes, "{when}: /{path} served is not what build writes");
    }
    for entry in std::fs::read_dir(p.file("roadmap/learners")).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let id = name.strip_suffix(".yaml").unwrap();
        if !files.contains_key(&format!("learners/{id}/index.html")) {
            for path in
                [format!("/learners/{id}/"), format!("/badges/{id}.svg"), format!("/learners/{id}/calendar.ics")]
            {
                assert_eq!(get(port, &path).status, 404, "{when}: {path} is not on the site");
            }
        }
    }
}

/// The pages of the preview are the site's: learner pages rendered when
/// asked for and the pages that list learners kept, all with the bytes
/// `build` writes — in both views, and after an edit of a learner, of
/// the roadmap and of the cohort.
#[test]
fn every_served_file_has_the_bytes_build_writes_also_after_edits() {
    for (serve_flags, build_flags) in [(&[][..], &["--full"][..]), (&["--public"][..], &[][..])] {
        let p = Project::copy("valid", "basic");
        let (mut r, port) = serve(&p, serve_flags);
        r.wait_line("built");
        assert_served_as_built(&p, port, build_flags, "at start");

        edit(&p, "roadmap/learners/kim.yaml", |t| t.replace("name: 김데브", "name: 김바뀜"));
        assert!(r.wait_line("rebuilt").contains("learner kim"));
        assert_served_as_built(&p, port, build_flags, "after a learner edit");

        // A learner who becomes private leaves the public view at once.
        edit(&p, "roadmap/learners/jung.yaml", |t| format!("private: true\n{t}"));
        r.wait_line("rebuilt");
        assert_served_as_built(&p, port, build_flags, "after a learner became private");

        edit(&p, "roadmap/roadmap.yaml", |t| t.replace("Dockerfile 작성", "Dockerfile 쓰기"));
        assert!(r.wait_line("rebuilt").contains("(full)"));
        assert_served_as_built(&p, port, build_flags, "after a roadmap edit");

        edit(&p, "roadmap/cohort.yaml", |t| t.replace("title: DevOps 스터디 2기", "title: DevOps 스터디 3기"));
        r.wait_line("rebuilt");
        assert_served_as_built(&p, port, build_flags, "after a cohort edit");
    }
}

/// Read Server-Sent Events from `/__waymark/events` in a thread.
fn events(port: u16) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(s, "GET /learners/kim/__waymark/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        .unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if let Some(data) = line.strip_prefix("data:") {
                if tx.send(data.trim().to_string()).is_err() {
                    break;
                }
            }
        }
    });
    rx
}

#[test]
fn an_edit_reloads_a_broken_file_shows_an_overlay_and_the_fix_removes_it() {
    let p = Project::copy("valid", "basic");
    let (mut r, port) = serve(&p, &[]);
    r.wait_line("built");
    let reloads = events(port);
    let first = reloads.recv_timeout(WAIT).expect("the event stream starts with the current version");

    // An edit: the page shows it, open pages are told to reload, one line on the terminal.
    edit(&p, "roadmap/learners/kim.yaml", |t| t.replace("name: 김데브", "name: 김수정"));
    until("the edit to be served", || get(port, "/learners/kim/").text().contains("김수정").then_some(()));
    let second = reloads.recv_timeout(WAIT).expect("a reload event");
    assert_ne!(first, second);
    let line = r.wait_line("rebuilt");
    assert!(line.contains("learner kim") && line.ends_with(" ms"), "{line}");

    // Break it: the last good site stays, with the diagnostics over every page.
    let good = p.read("roadmap/learners/kim.yaml");
    p.write("roadmap/learners/kim.yaml", &good.replace("mentor: lee", "mentor: leee"));
    let page = until("the overlay", || {
        let html = get(port, "/learners/kim/").text();
        html.contains("waymark-overlay").then_some(html)
    });
    assert!(page.contains("김수정"), "still the last good page underneath");
    assert!(page.contains("error: unknown mentor `leee`"), "{page}");
    assert!(page.contains("roadmap/learners/kim.yaml:4:9"), "file:line:col as `check` prints it: {page}");
    assert!(page.contains("help: did you mean `lee`?"), "{page}");
    assert!(page.contains("__waymark/overlay.css"), "the overlay is styled by a stylesheet file");
    // The overlay's own words are in the site's language (the fixture's is Korean).
    assert!(page.contains("사이트를 다시 만들지 못했습니다: 오류 1개, 경고 0개 (파일 1개)"), "{page}");
    assert!(!page.contains("could not rebuild") && !page.contains("last good build"), "{page}");
    let check = p.run(&["check"]);
    let first_line = check.stderr.lines().next().unwrap();
    assert!(page.contains(first_line), "same text as check: {first_line}");
    // On every page, also after a reload, and on the 404 page.
    for path in ["/", "/weeks/docker/", "/nope"] {
        assert!(get(port, path).text().contains("unknown mentor `leee`"), "{path}");
    }
    assert!(reloads.recv_timeout(WAIT).is_ok(), "open pages reload to show the overlay");
    let stderr = until("diagnostics on the terminal", || {
        let e = r.stderr();
        e.contains("unknown mentor `leee`").then_some(e)
    });
    assert!(stderr.contains("roadmap/learners/kim.yaml:4:9"), "{stderr}");

    // A YAML syntax error shows its location too.
    p.write("roadmap/learners/kim.yaml", "name: [unclosed\n");
    until("the syntax error", || get(port, "/").text().contains("roadmap/learners/kim.yaml:").then_some(()));

    // The fix: overlay gone, pages reload, the fixed content is served.
    p.write("roadmap/learners/kim.yaml", &good.replace("name: 김수정", "name: 김고침"));
    until("the fix", || {
        let html = get(port, "/learners/kim/").text();
        (!html.contains("waymark-overlay") && html.contains("김고침")).then_some(())
    });
    assert!(!get(port, "/").text().contains("waymark-overlay"));
}

/// The roadmap broken (the last good site is served) and then a learner's
/// file too: that learner's page cannot be made; what is served in its
/// place (the site's 404 page, or the page that says it could not be built)
/// carries the overlay and reloads by itself.
#[test]
fn a_learner_page_that_cannot_be_rendered_shows_the_overlay() {
    let p = Project::copy("valid", "basic");
    let (mut r, port) = serve(&p, &[]);
    r.wait_line("built");
    let roadmap = p.read("roadmap/roadmap.yaml");
    p.write("roadmap/roadmap.yaml", &format!("{roadmap}\nunknown_key: 1\n"));
    until("the overlay", || get(port, "/").text().contains("waymark-overlay").then_some(()));
    p.write("roadmap/learners/kim.yaml", "name: [unclosed\n");
    let page = until("the learner's page", || {
        let resp = get(port, "/learners/kim/");
        let html = resp.text();
        (html.contains("roadmap/learners/kim.yaml:")).then_some((resp.status, html))
    });
    assert!(matches!(page.0, 404 | 500), "not served as a whole page: {}", page.1);
    let html = page.1;
    assert!(html.contains("waymark-overlay") && html.contains("__waymark/livereload.js"), "{html}");
    assert!(html.contains("<html lang=\"ko\">") && !html.contains("{title}") && !html.contains("{lang}"), "{html}");
}

#[test]
fn a_project_broken_at_startup_is_served_with_the_overlay_until_fixed() {
    let p = Project::copy("valid", "basic");
    let good = p.read("roadmap/cohort.yaml");
    p.write("roadmap/cohort.yaml", "title: [broken\n");
    let (_r, port) = serve(&p, &[]);
    let home = until("a page", || {
        let resp = get(port, "/");
        (resp.status == 200).then_some(resp)
    });
    let html = home.text();
    assert!(html.contains("waymark-overlay") && html.contains("roadmap/cohort.yaml:"), "{html}");
    assert!(html.contains("__waymark/livereload.js"), "it reloads by itself when fixed");
    assert!(
        html.contains("아직 사이트를 만들지 못했습니다") && !html.contains("{title}"),
        "its words filled in: {html}"
    );
    // Before any good build the page has no 404.html to fall back on: its own words are in Korean too.
    let missing = get(port, "/nope").text();
    assert!(missing.contains("<html lang=\"ko\">") && missing.contains("아직 사이트를 만들지 못했습니다"), "{missing}");
    // An English site's overlay is in English, even while its cohort.yaml is the broken file.
    p.write("roadmap/cohort.yaml", "language: en\ntitle: [broken\n");
    until("the English overlay", || get(port, "/").text().contains("waymark could not rebuild the site").then_some(()));
    p.write("roadmap/cohort.yaml", &good);
    until("the site", || {
        let html = get(port, "/").text();
        (html.contains("DevOps 스터디 2기") && !html.contains("waymark-overlay")).then_some(())
    });
}

#[test]
fn theme_and_roadmap_edits_rebuild_everything_and_editor_temporaries_do_not() {
    let p = Project::copy("valid", "basic");
    let (mut r, port) = serve(&p, &["--public"]);
    r.wait_line("built");
    assert!(!get(port, "/").text().contains("Hidden Person"), "--public previews the public build");
    p.write("roadmap/learners/.kim.yaml.swp", "garbage");
    p.write("roadmap/learners/kim.yaml~", "garbage: [");
    p.write("themes/default/static/assets/extra.css", "body{}\n");
    let line = r.wait_line("rebuilt");
    assert!(line.contains("(full)"), "a theme change is a full rebuild: {line}");
    assert_eq!(get(port, "/assets/extra.css").status, 200);
    edit(&p, "roadmap/roadmap.yaml", |t| t.replace("Dockerfile 작성", "Dockerfile 쓰기"));
    until("the roadmap edit", || get(port, "/weeks/docker/").text().contains("Dockerfile 쓰기").then_some(()));
    assert!(!r.stderr().contains("garbage"), "editor temporaries are never read");
}

#[test]
fn polling_notices_changes_too() {
    let p = Project::copy("valid", "basic");
    let (mut r, port) = serve(&p, &["--poll"]);
    r.wait_line("built");
    edit(&p, "roadmap/learners/jung.yaml", |t| t.replacen("name: ", "name: 폴링 ", 1));
    until("the polled edit", || get(port, "/learners/jung/").text().contains("폴링").then_some(()));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let p = Project::copy("valid", "basic");
    let (mut r, port) = serve(&p, &[]);
    r.wait_line("built");
    let _reloads = events(port);
    let pid = r.child.id().to_string();
    let sent = std::process::Command::new("kill").args(["-INT", &pid]).status().expect("kill");
    assert!(sent.success());
    let status = until("the server to stop", || r.child.try_wait().ok().flatten());
    assert!(status.success(), "exit status {status:?}; stderr: {}", r.stderr());
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "the port is closed");
}

#[cfg(unix)]
#[test]
fn ctrl_c_right_after_start_still_stops_the_server_cleanly() {
    // The signal may come while the first build runs: it must not kill the
    // process outright (exit by signal) but stop it as Ctrl-C always does.
    let p = Project::copy("valid", "basic");
    let (mut r, _port) = serve(&p, &[]);
    let pid = r.child.id().to_string();
    let sent = std::process::Command::new("kill").args(["-INT", &pid]).status().expect("kill");
    assert!(sent.success());
    let status = until("the server to stop", || r.child.try_wait().ok().flatten());
    assert!(status.success(), "exit status {status:?}; stderr: {}", r.stderr());
}

#[test]
fn build_watch_rebuilds_the_output_atomically_and_recovers_from_errors() {
    let p = Project::copy("valid", "basic");
    let mut r = Running::start(&p, &["build", "--watch"]);
    let first = r.wait_line("built");
    assert!(first.contains(" ms"), "{first}");
    r.wait_line("watching");
    let page = || std::fs::read_to_string(p.file("site/learners/kim/index.html")).unwrap_or_default();
    assert!(page().contains("김데브"));

    edit(&p, "roadmap/learners/kim.yaml", |t| t.replace("name: 김데브", "name: 김와치"));
    let line = r.wait_line("rebuilt");
    assert!(line.contains("learner kim") && line.contains(" ms"), "{line}");
    assert!(page().contains("김와치"));
    // The incremental rebuild wrote exactly what a full build writes.
    let full = p.run(&["--today", TODAY, "build", "--out", "full"]);
    assert_eq!(full.code, 0, "{}", full.stderr);
    assert_eq!(common::site_tree(&p.file("site")), common::site_tree(&p.file("full")));

    p.write("roadmap/learners/kim.yaml", "name: [broken\n");
    until("the diagnostics", || r.stderr().contains("roadmap/learners/kim.yaml:").then_some(()));
    assert!(page().contains("김와치"), "the last good site stays");

    edit(&p, "roadmap/learners/kim.yaml", |_| "name: 김복구\nmentor: lee\n".into());
    r.wait_line("rebuilt");
    assert!(page().contains("김복구"));
}

/// Send `request` as is; the status line, headers and as much of the body as
/// comes before the server closes (or, for a stream, before `WAIT`).
fn raw(port: u16, request: &str) -> Response {
    raw_at(("127.0.0.1", port), request)
}

/// [`raw`] to the address `at`.
fn raw_at(at: impl std::net::ToSocketAddrs, request: &str) -> Response {
    let mut s = TcpStream::connect(at).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = s.read(&mut buf) {
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("no response to {request:?}"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|c| c.parse().ok()).unwrap_or(0);
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    Response { status, headers, body: raw[split + 4..].to_vec() }
}

pub(crate) fn with_host(port: u16, target: &str, host: &str) -> Response {
    raw(port, &format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"))
}

/// The address `serve` printed on its first line, `Serving http://ADDRESS/`.
fn served_at(first: &str) -> std::net::SocketAddr {
    let at = first.strip_prefix("Serving http://").and_then(|a| a.strip_suffix('/'));
    at.and_then(|a| a.parse().ok()).unwrap_or_else(|| panic!("first line: {first}"))
}

#[test]
fn a_foreign_host_gets_403_and_no_site_data() {
    let p = Project::copy("valid", "basic");
    let (mut r, port) = serve(&p, &[]);
    r.wait_line("built");
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        "127.0.0.1.evil.example".to_string(),
        "localhost.evil.example".to_string(),
        "localhost.".to_string() + "evil",
        "10.0.0.1".to_string(),
        "[::2]:4000".to_string(),
        "0.0.0.0".to_string(),
        "".to_string(),
        "evil.example:80:90".to_string(),
    ] {
        for target in ["/", "/learners/secret/", "/progress.json", "/__waymark/events", "/no/such"] {
            let resp = with_host(port, target, &host);
            assert_eq!(resp.status, 403, "Host {host:?} {target}");
            let body = resp.text();
            assert!(!body.contains("Hidden") && !body.contains("김데브") && !body.contains("<html"), "{body}");
        }
    }
    // No Host at all (HTTP/1.0), and an absolute target naming a foreign host.
    assert_eq!(raw(port, "GET / HTTP/1.0\r\n\r\n").status, 403);
    let abs = format!("GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    assert_eq!(raw(port, &abs).status, 403);
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "LOCALHOST".to_string(),
        format!("app.localhost:{port}"),
        "127.1.2.3".to_string(),
        format!("[::1]:{port}"),
    ] {
        let resp = with_host(port, "/", &host);
        assert_eq!(resp.status, 200, "Host {host:?}");
        assert!(resp.text().contains("Hidden Person"));
    }
}

#[test]
fn the_event_stream_checks_origin_when_there_is_one() {
    let p = Project::copy("valid", "basic");
    let (mut r, port) = serve(&p, &[]);
    r.wait_line("built");
    let ask = |origin: &str| {
        raw(
            port,
            &format!("GET /__waymark/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {origin}\r\nConnection: close\r\n\r\n"),
        )
    };
    for bad in ["http://evil.example", "https://evil.example:4000", "null", "http://127.0.0.1.evil.example"] {
        assert_eq!(ask(bad).status, 403, "{bad}");
    }
    for good in [format!("http://127.0.0.1:{port}"), format!("http://localhost:{port}")] {
        assert_eq!(ask(&good).status, 200, "{good}");
    }
}

#[test]
fn a_name_given_with_host_is_accepted_and_nothing_else() {
    let p = Project::copy("valid", "basic");
    let mut r = Running::start(&p, &["serve", "--port", "0", "--host", "localhost"]);
    let first = r.line();
    let port: u16 = first.rsplit(':').next().unwrap().trim_end_matches('/').parse().expect("port");
    r.wait_line("built");
    // localhost may resolve to ::1 only; skip when 127.0.0.1 is not listened on.
    if TcpStream::connect(("127.0.0.1", port)).is_err() {
        return;
    }
    assert_eq!(with_host(port, "/", &format!("localhost:{port}")).status, 200);
    assert_eq!(with_host(port, "/", "evil.example").status, 403);
}

#[test]
fn beyond_loopback_only_the_public_view_is_served_unless_asked_for() {
    let p = Project::copy("valid", "basic");
    let start = |extra: &[&str]| {
        let mut args = vec!["serve", "--port", "0", "--host", "0.0.0.0"];
        args.extend_from_slice(extra);
        let mut r = Running::start(&p, &args);
        let first = r.line();
        let port: u16 = first.rsplit(':').next().unwrap().trim_end_matches('/').parse().expect("port");
        r.wait_line("built");
        (r, port)
    };
    let (r, port) = start(&[]);
    let home = with_host(port, "/", &format!("127.0.0.1:{port}"));
    assert_eq!(home.status, 200);
    assert!(!home.text().contains("Hidden Person"), "public view beyond loopback");
    assert!(r.stderr().contains("warning: listening on 0.0.0.0, reachable from other machines"), "{}", r.stderr());
    assert!(r.stderr().contains("public view"), "{}", r.stderr());
    // The address given with --host is accepted as a Host too.
    assert_eq!(with_host(port, "/", &format!("0.0.0.0:{port}")).status, 200);
    drop(r);
    let (r, port) = start(&["--expose-full"]);
    assert!(with_host(port, "/", "127.0.0.1").text().contains("Hidden Person"));
    assert!(r.stderr().contains("FULL view"), "{}", r.stderr());
}

/// The view follows the address bound, whatever it is called: a loopback
/// address, given as one or as `localhost`, serves the full view, and says
/// nothing of other machines.
#[test]
fn a_loopback_address_serves_the_full_view() {
    let p = Project::copy("valid", "basic");
    for host in ["127.0.0.1", "localhost"] {
        let mut r = Running::start(&p, &["serve", "--port", "0", "--host", host]);
        let at = served_at(&r.line());
        assert!(at.ip().is_loopback(), "{host}: {at}");
        r.wait_line("built");
        let request = format!("GET / HTTP/1.1\r\nHost: {host}:{}\r\nConnection: close\r\n\r\n", at.port());
        let home = raw_at(at, &request);
        assert_eq!(home.status, 200, "{host}");
        assert!(home.text().contains("Hidden Person"), "{host}: the full view on loopback");
        assert!(r.stdout.iter().any(|l| l.contains("(full view, includes private learners)")), "{:?}", r.stdout);
        assert!(!r.stderr().contains("reachable from other machines"), "{host}: {}", r.stderr());
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_with_idle_and_half_open_clients_connected() {
    let p = Project::copy("valid", "basic");
    let (mut r, port) = serve(&p, &[]);
    r.wait_line("built");
    let _idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut half = TcpStream::connect(("127.0.0.1", port)).unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").unwrap();
    let mut kept = TcpStream::connect(("127.0.0.1", port)).unwrap();
    kept.write_all(format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes()).unwrap();
    let _reloads = events(port);
    std::thread::sleep(Duration::from_millis(200));
    let pid = r.child.id().to_string();
    let sent = std::process::Command::new("kill").args(["-INT", &pid]).status().expect("kill");
    assert!(sent.success());
    let asked = Instant::now();
    let status = until("the server to stop", || r.child.try_wait().ok().flatten());
    // The idle connection and the event stream would hold a server that
    // waited for its clients forever, the half-open one until its header
    // timeout: stopping well before that timeout shows none was waited for,
    // with a margin that holds on a loaded machine.
    let bound = HEADER_TIMEOUT / 2;
    assert!(asked.elapsed() < bound, "stopped after {:?}, not within {bound:?}", asked.elapsed());
    assert!(status.success(), "exit status {status:?}; stderr: {}", r.stderr());
}

#[test]
fn a_client_that_never_finishes_its_headers_is_dropped() {
    let p = Project::copy("valid", "basic");
    let (mut r, port) = serve(&p, &[]);
    r.wait_line("built");
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").unwrap();
    // Dropped after the header timeout: the read ends with the connection
    // (end of file or reset), not with our own, far longer, read timeout.
    let gave_up = HEADER_TIMEOUT * 6;
    slow.set_read_timeout(Some(gave_up)).unwrap();
    let mut buf = Vec::new();
    let read = slow.read_to_end(&mut buf);
    assert!(
        !matches!(&read, Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut)),
        "still connected after {gave_up:?}"
    );
    assert!(!String::from_utf8_lossy(&buf).contains("<html"), "no page for an unfinished request");
}

#[test]
fn a_port_that_is_taken_is_named_with_the_way_out() {
    let p = Project::copy("valid", "basic");
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind");
    let port = taken.local_addr().unwrap().port().to_string();
    let r = p.run(&["serve", "--port", &port]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "error: port {port} on 127.0.0.1 is already in use; stop what listens there, or pass --port 0 to pick a \
             free port\n"
        )
    );
    assert!(r.stdout.is_empty(), "no `Serving` line: {}", r.stdout);
    drop(taken);
}
