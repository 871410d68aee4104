//! Save-to-served latency of `waymark serve`: starts the real binary on a
//! project, saves a learner file again and again, and times each save until
//! (1) the live-reload event reaches an open page and (2) the served page shows
//! the change — what a browser with the page open sees; then the same for
//! the roadmap's title and the cohort's title (edits that change every
//! page). It also prints how long after its start the process served the
//! first page (the dashboard) and its peak resident memory. With `--watch`, the
//! same saves through `waymark build --watch --full` (the view `serve`
//! shows on localhost), timed until the page on disk
//! shows the change. The learner saved is `--learner ID`, else the one whose
//! file is of the median size. Prints every sample and the median. Run through
//! `bench/serve.sh`, or:
//!
//! ```text
//! cargo run --release --example serve_latency -- --bin target/release/waymark --project DIR [--edits 15] [--watch]
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const USAGE: &str = "usage: serve_latency --project DIR [--bin PATH] [--edits N] [--today D] [--learner ID] [--watch]";

struct Args {
    bin: PathBuf,
    project: PathBuf,
    edits: usize,
    today: String,
    learner: Option<String>,
    watch: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        bin: PathBuf::from("target/release/waymark"),
        project: PathBuf::new(),
        edits: 15,
        today: "2026-11-01".into(),
        learner: None,
        watch: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--bin" => args.bin = PathBuf::from(value()?),
            "--project" => args.project = PathBuf::from(value()?),
            "--edits" => args.edits = value()?.parse().map_err(|e| format!("--edits: {e}"))?,
            "--today" => args.today = value()?,
            "--learner" => args.learner = Some(value()?),
            "--watch" => args.watch = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(USAGE.into()),
        }
    }
    if args.project.as_os_str().is_empty() {
        return Err("--project DIR is required".into());
    }
    Ok(args)
}

fn main() {
    match parse_args().and_then(|a| run(&a)) {
        Ok(()) => {}
        Err(e) => {
            eprintln!("serve_latency: {e}");
            std::process::exit(1);
        }
    }
}

fn get(port: u16, path: &str) -> Result<String, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").map_err(|e| e.to_string())?;
    let mut body = Vec::new();
    s.read_to_end(&mut body).map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&body).into_owned())
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return f64::NAN;
    }
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// A typical learner: the one whose file is of the median size (the
/// first by name is often one who has recorded nothing), the first by name
/// among files of that size.
fn typical_learner(project: &Path) -> Result<String, String> {
    let mut files: Vec<(u64, String)> = std::fs::read_dir(project.join("roadmap/learners"))
        .map_err(|e| format!("{}: {e}", project.display()))?
        .flatten()
        .filter_map(|e| {
            let id = e.file_name().to_str()?.strip_suffix(".yaml")?.to_string();
            Some((e.metadata().ok()?.len(), id))
        })
        .collect();
    files.sort();
    let middle = files.len() / 2;
    files.into_iter().nth(middle).map(|(_, id)| id).ok_or_else(|| "no learner files".into())
}

fn run(args: &Args) -> Result<(), String> {
    let learner = match &args.learner {
        Some(l) => l.clone(),
        None => typical_learner(&args.project)?,
    };
    let count = std::fs::read_dir(args.project.join("roadmap/learners")).map_err(|e| e.to_string())?.count();
    let file = args.project.join("roadmap/learners").join(format!("{learner}.yaml"));
    let original = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    // A relative program path would be looked up from the project folder.
    let bin = std::fs::canonicalize(&args.bin).map_err(|e| format!("{}: {e}", args.bin.display()))?;
    let mode: &[&str] =
        if args.watch { &["build", "--watch", "--full", "--out", "_watched"] } else { &["serve", "--port", "0"] };
    let mut child = Command::new(&bin)
        .current_dir(&args.project)
        .args(["--today", &args.today])
        .args(mode)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    let result = if args.watch {
        measure_watch(args, &mut child, &learner, &file, &original, count)
    } else {
        measure(args, &mut child, &learner, &file, &original, count)
    };
    let _ = std::fs::remove_dir_all(args.project.join("_watched"));
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::write(&file, &original);
    result
}

fn measure(
    args: &Args,
    child: &mut std::process::Child,
    learner: &str,
    file: &Path,
    original: &str,
    count: usize,
) -> Result<(), String> {
    let started = Instant::now();
    let lines = stdout_lines(child)?;
    let first = lines.recv_timeout(Duration::from_secs(60)).map_err(|_| "serve printed nothing")?;
    let port: u16 = first
        .rsplit(':')
        .next()
        .map(|p| p.trim_end_matches('/'))
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| format!("cannot read the port from {first:?}"))?;
    // The first page: the dashboard as built (not the page that says the
    // site is still being built), timed from the start of the process.
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let answer = get(port, "/")?;
        if answer.starts_with("HTTP/1.1 200") && answer.contains("href=\"learners/") {
            break;
        }
        if Instant::now() > deadline {
            return Err("the dashboard was never served".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let first_page = started.elapsed().as_secs_f64();
    let built = lines.recv_timeout(Duration::from_secs(600)).map_err(|_| "no build line")?;
    println!("{count} learners: first page served {first_page:.2} s after start; {built}");

    // An open page: the live-reload stream, as the browser's EventSource sees it.
    let (etx, events) = mpsc::channel::<Instant>();
    let mut sse = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    write!(sse, "GET /__waymark/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        for line in BufReader::new(sse).lines().map_while(Result::ok) {
            if line.starts_with("data:") && etx.send(Instant::now()).is_err() {
                break;
            }
        }
    });
    events.recv_timeout(Duration::from_secs(10)).map_err(|_| "no first event")?;

    let page = format!("/learners/{learner}/");
    let roadmap = args.project.join("roadmap/roadmap.yaml");
    let cohort = args.project.join("roadmap/cohort.yaml");
    // Each kind of save: the file, and its text with a marker that the
    // learner's page shows. The roadmap's title is on every learner page
    // (in the badge's Markdown), the cohort's in every page's header.
    let kinds: [(&str, &Path, &str); 3] =
        [("learner", file, "name:"), ("roadmap title", &roadmap, "title:"), ("cohort.yaml", &cohort, "title:")];
    let mut summary = Vec::new();
    for (kind, path, key) in kinds {
        let text = if path == file {
            original.to_string()
        } else {
            std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?
        };
        let result = save_loop(args, port, &events, &lines, &page, kind, path, &text, key);
        // Put the file back and let that rebuild finish (its line comes
        // after every reload event it sends) before the next kind.
        std::thread::sleep(Duration::from_millis(400));
        while lines.try_recv().is_ok() {}
        std::fs::write(path, &text).map_err(|e| e.to_string())?;
        let deadline = Instant::now() + Duration::from_secs(600);
        while !lines.recv_timeout(Duration::from_secs(600)).is_ok_and(|l| l.contains("rebuilt")) {
            if Instant::now() > deadline {
                return Err("no rebuild after the file was put back".into());
            }
        }
        std::thread::sleep(Duration::from_millis(100));
        while events.try_recv().is_ok() {}
        let (to_event, to_page, rebuild) = result?;
        summary.push(format!("{kind} {to_page:.1} ms"));
        println!(
            "{count} learners, {} {kind} saves: median save→reload event {to_event:.1} ms, save→served page {to_page:.1} ms (rebuild itself: median {rebuild:.1} ms)",
            args.edits,
        );
    }
    let peak = peak_mb(child.id());
    println!(
        "{count} learners: first page {first_page:.2} s, save→served page: {}; peak memory {peak} MB",
        summary.join(", ")
    );
    // The line bench/serve.sh reads: the learner save, as before.
    println!("{count} learners: median save→served page {} ms", summary[0].rsplit(' ').nth(1).unwrap_or("?"));
    Ok(())
}

/// The serve process's peak resident memory, in MB (`VmHWM`), or 0 when
/// /proc does not say.
fn peak_mb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("VmHWM:")).map(|v| v.trim().to_string()))
        .and_then(|v| v.trim_end_matches(" kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// Save `path` `args.edits` times, its first line starting with `key` made
/// a marker each time, and time each save until the reload event and until
/// `page` shows the marker; the medians of both and of the rebuild time
/// serve prints.
#[allow(clippy::too_many_arguments)]
fn save_loop(
    args: &Args,
    port: u16,
    events: &mpsc::Receiver<Instant>,
    lines: &mpsc::Receiver<String>,
    page: &str,
    kind: &str,
    path: &Path,
    original: &str,
    key: &str,
) -> Result<(f64, f64, f64), String> {
    let line_of =
        original.lines().find(|l| l.starts_with(key)).ok_or(format!("{} has no `{key}` line", path.display()))?;
    let (mut to_event, mut to_page, mut rebuild_lines) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..args.edits {
        std::thread::sleep(Duration::from_millis(400));
        while events.try_recv().is_ok() {}
        while lines.try_recv().is_ok() {}
        let marker = format!("Edit{i}x{}", std::process::id());
        let text = original.replacen(line_of, &format!("{key} {marker}"), 1);
        let saved = Instant::now();
        std::fs::write(path, text).map_err(|e| e.to_string())?;
        let event = events.recv_timeout(Duration::from_secs(600)).map_err(|_| "no reload event")?;
        // The page reloads: fetch it until it shows the change.
        let deadline = Instant::now() + Duration::from_secs(600);
        loop {
            if get(port, page)?.contains(&marker) {
                break;
            }
            if Instant::now() > deadline {
                return Err(format!("the {kind} change never showed"));
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let shown = saved.elapsed().as_secs_f64() * 1000.0;
        let ev = (event - saved).as_secs_f64() * 1000.0;
        to_event.push(ev);
        to_page.push(shown);
        let line = lines.recv_timeout(Duration::from_secs(60)).unwrap_or_default();
        println!(
            "  {kind} save {:>2}: reload event {ev:6.1} ms, page shows the change {shown:6.1} ms   [{line}]",
            i + 1
        );
        if let Some(ms) = line.rsplit(" in ").next().and_then(|t| t.trim_end_matches(" ms").parse::<f64>().ok()) {
            rebuild_lines.push(ms);
        }
    }
    Ok((median(&mut to_event), median(&mut to_page), median(&mut rebuild_lines)))
}

/// `build --watch`: each save timed until the learner's page on disk shows it.
fn measure_watch(
    args: &Args,
    child: &mut std::process::Child,
    learner: &str,
    file: &Path,
    original: &str,
    count: usize,
) -> Result<(), String> {
    let lines = stdout_lines(child)?;
    let built = lines.recv_timeout(Duration::from_secs(120)).map_err(|_| "build --watch printed nothing")?;
    println!("{count} learners: {built}");
    let watching = lines.recv_timeout(Duration::from_secs(10)).map_err(|_| "no watching line")?;
    if !watching.starts_with("watching") {
        return Err(format!("expected the watching line, got {watching:?}"));
    }
    let page = args.project.join("_watched/learners").join(learner).join("index.html");
    let name_line = original.lines().find(|l| l.starts_with("name:")).ok_or("the learner file has no `name:` line")?;
    let (mut to_page, mut rebuild_lines) = (Vec::new(), Vec::new());
    for i in 0..args.edits {
        std::thread::sleep(Duration::from_millis(400));
        while lines.try_recv().is_ok() {}
        let marker = format!("Edit{i}x{}", std::process::id());
        let text = original.replacen(name_line, &format!("name: {marker}"), 1);
        let saved = Instant::now();
        std::fs::write(file, text).map_err(|e| e.to_string())?;
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if std::fs::read_to_string(&page).is_ok_and(|t| t.contains(&marker)) {
                break;
            }
            if Instant::now() > deadline {
                return Err("the change never reached the page on disk".into());
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let shown = saved.elapsed().as_secs_f64() * 1000.0;
        to_page.push(shown);
        let line = lines.recv_timeout(Duration::from_secs(30)).unwrap_or_default();
        println!("  save {:>2}: page on disk shows the change {shown:6.1} ms   [{line}]", i + 1);
        if let Some(ms) =
            line.split(" in ").nth(1).and_then(|t| t.split(" ms").next()).and_then(|t| t.parse::<f64>().ok())
        {
            rebuild_lines.push(ms);
        }
    }
    println!(
        "{count} learners, {} saves: median save→written page {:.1} ms (rebuild and write: median {:.1} ms)",
        args.edits,
        median(&mut to_page),
        median(&mut rebuild_lines)
    );
    Ok(())
}

/// The child's stdout, a line at a time, read by a thread.
fn stdout_lines(child: &mut std::process::Child) -> Result<mpsc::Receiver<String>, String> {
    let (tx, lines) = mpsc::channel::<String>();
    let out = child.stdout.take().ok_or("no stdout")?;
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    Ok(lines)
}
