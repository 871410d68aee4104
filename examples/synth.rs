//! A synthetic cohort for benchmarks: a complete waymark project with a
//! 10-week × 6-task roadmap (`--weeks`, `--tasks` per week for another
//! shape) and N learners whose progress, notes, reviews and
//! journals have the spread and size of a real study group.
//!
//! ```text
//! cargo run --release --example synth -- --learners 1000 --seed 1 --out target/bench/n1000
//! ```
//!
//! The output depends only on `--seed`, `--learners`, the shape and `--today` (the day
//! the cohort's activity runs up to, default 2026-11-01; build with the same
//! `--today` for a byte-identical site). Learner `i` is the same whatever N
//! is, so a bigger cohort is a smaller one plus more learners.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::ToSpan;

const WEEKS: usize = 10;
const TASKS_PER_WEEK: usize = 6;
const USAGE: &str = "usage: synth --learners N --seed S --out DIR [--today YYYY-MM-DD] [--weeks W] [--tasks T]";
const COHORT_START: Date = jiff::civil::date(2026, 9, 7);
const LEARNERS_PER_MENTOR: usize = 25;

struct Args {
    learners: usize,
    seed: u64,
    out: PathBuf,
    today: Date,
    /// The roadmap's weeks and tasks per week.
    weeks: usize,
    tasks: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        learners: 100,
        seed: 1,
        out: PathBuf::new(),
        today: jiff::civil::date(2026, 11, 1),
        weeks: WEEKS,
        tasks: TASKS_PER_WEEK,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--learners" => args.learners = value()?.parse().map_err(|e| format!("--learners: {e}"))?,
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => args.out = PathBuf::from(value()?),
            "--today" => args.today = value()?.parse().map_err(|e| format!("--today: {e}"))?,
            "--weeks" => args.weeks = value()?.parse().map_err(|e| format!("--weeks: {e}"))?,
            "--tasks" => args.tasks = value()?.parse().map_err(|e| format!("--tasks: {e}"))?,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if args.out.as_os_str().is_empty() {
        return Err("--out DIR is required".into());
    }
    if !(1..=200).contains(&args.weeks) || !(1..=50).contains(&args.tasks) {
        return Err("--weeks takes 1 to 200, --tasks 1 to 50".into());
    }
    Ok(args)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("synth: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = generate(&args) {
        eprintln!("synth: {e}");
        std::process::exit(1);
    }
}

/// xorshift64*: small, fast and good enough to make text and progress vary.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        // splitmix64 of (seed, stream), so nearby seeds and streams diverge at once.
        let mut z = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ stream.wrapping_add(0xD1B5_4A32_D192_ED03);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }

    fn float(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.float() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

fn add(d: Date, days: i64) -> Date {
    d.checked_add(days.days()).unwrap_or(d)
}

fn days(a: Date, b: Date) -> i64 {
    (b - a).get_days() as i64
}

// ---------------------------------------------------------------- text

#[rustfmt::skip]
const WORDS: &[&str] = &[
    "the", "cluster", "deploys", "a", "container", "image", "with", "terraform", "state", "and", "every", "pipeline",
    "runs", "tests", "before", "it", "pushes", "to", "the", "registry", "so", "that", "rollbacks", "stay", "cheap",
    "network", "subnet", "ingress", "service", "pod", "replica", "metrics", "alert", "dashboard", "log", "trace",
    "budget", "latency", "error", "rate", "capacity", "node", "autoscaler", "policy", "role", "secret", "module",
    "output", "variable", "backend", "lock", "plan", "apply", "review", "change", "release", "canary", "traffic",
    "mesh", "sidecar", "certificate", "gateway", "probe", "health", "check", "volume", "cache", "layer", "build",
    "stage", "artifact", "workflow", "runner", "token", "permission", "namespace", "label", "selector", "quota",
    "limit", "request", "throughput", "retention", "query", "index", "shard", "bucket", "route", "table", "zone",
    "region", "failover", "backup", "restore", "drift", "idempotent", "declarative", "immutable", "observable",
    "because", "when", "then", "while", "after", "which", "keeps", "makes", "lets", "shows", "needs", "uses",
];

#[rustfmt::skip]
const SYMBOLS: &[&str] = &[
    "terraform plan", "kubectl get pods", "docker build", "helm upgrade", "aws sts get-caller-identity",
    "vpc_id", "replicas: 3", "livenessProbe", "HorizontalPodAutoscaler", "rate(http_requests_total[5m])",
    "ServiceMonitor", "PeerAuthentication", "imagePullPolicy", "--dry-run=server", "depends_on",
];

#[rustfmt::skip]
const LANGS: &[&str] = &["hcl", "yaml", "bash", "dockerfile", "promql"];

fn sentence(r: &mut Rng, out: &mut String) {
    let n = r.range(8, 18);
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        let roll = r.range(0, 99);
        if roll < 4 {
            let _ = write!(out, "`{}`", r.pick(SYMBOLS));
        } else if roll < 6 {
            let _ = write!(out, "**{}**", r.pick(WORDS));
        } else if roll < 7 {
            let w = r.pick(WORDS);
            let _ = write!(out, "[{w}](https://docs.example.org/{w}/{})", r.range(1, 99));
        } else {
            let w = *r.pick(WORDS);
            if i == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    out.extend(f.to_uppercase());
                    out.push_str(c.as_str());
                }
            } else {
                out.push_str(w);
            }
        }
    }
    out.push('.');
}

fn paragraph(r: &mut Rng, sentences: (i64, i64)) -> String {
    let mut s = String::new();
    for i in 0..r.range(sentences.0, sentences.1) {
        if i > 0 {
            // Wrapped like hand-written Markdown.
            s.push(if i % 2 == 0 { '\n' } else { ' ' });
        }
        sentence(r, &mut s);
    }
    s
}

fn title(r: &mut Rng, words: (i64, i64)) -> String {
    let mut s = String::new();
    for i in 0..r.range(words.0, words.1) {
        if i > 0 {
            s.push(' ');
        }
        let w = *r.pick(WORDS);
        let mut c = w.chars();
        if let Some(f) = c.next() {
            s.extend(f.to_uppercase());
            s.push_str(c.as_str());
        }
    }
    s
}

fn code_block(r: &mut Rng) -> String {
    let lang = r.pick(LANGS);
    let mut s = format!("```{lang}\n");
    for _ in 0..r.range(3, 9) {
        let _ = writeln!(s, "{}{} = \"{}\"", "  ".repeat(r.range(0, 2) as usize), r.pick(WORDS), r.pick(WORDS));
    }
    s.push_str("```");
    s
}

fn bullets(r: &mut Rng, n: (i64, i64)) -> String {
    let mut s = String::new();
    for i in 0..r.range(n.0, n.1) {
        if i > 0 {
            s.push('\n');
        }
        s.push_str("- ");
        sentence(r, &mut s);
    }
    s
}

/// A long Markdown text: headings, paragraphs, a list, code and a quote.
fn long_markdown(r: &mut Rng, sections: (i64, i64)) -> String {
    let mut parts = Vec::new();
    for _ in 0..r.range(sections.0, sections.1) {
        parts.push(format!("## {}", title(r, (2, 5))));
        parts.push(paragraph(r, (3, 6)));
        match r.range(0, 3) {
            0 => parts.push(bullets(r, (3, 5))),
            1 => parts.push(code_block(r)),
            2 => parts.push(format!("> {}", paragraph(r, (1, 2)).replace('\n', "\n> "))),
            _ => parts.push(paragraph(r, (2, 4))),
        }
    }
    parts.join("\n\n")
}

/// A note as a learner writes it: a paragraph or two, sometimes a list or code.
fn note(r: &mut Rng) -> String {
    let mut parts = vec![paragraph(r, (1, 4))];
    if r.chance(0.3) {
        parts.push(bullets(r, (2, 4)));
    }
    if r.chance(0.15) {
        parts.push(code_block(r));
    }
    if r.chance(0.3) {
        parts.push(paragraph(r, (1, 3)));
    }
    parts.join("\n\n")
}

// ---------------------------------------------------------------- YAML

/// A double-quoted YAML scalar.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A literal block scalar (`|`) for Markdown, indented by `indent` spaces.
fn block(out: &mut String, key: &str, text: &str, indent: usize) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}{key}: |");
    for line in text.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{pad}  {line}");
        }
    }
}

// ---------------------------------------------------------------- roadmap

struct Week {
    id: String,
    tasks: Vec<Task>,
}

struct Task {
    id: String,
    review: bool,
    hours: f64,
}

#[rustfmt::skip]
const WEEK_IDS: [&str; WEEKS] = [
    "terraform-vpc", "docker", "ci-cd", "deploy-notify", "kubernetes", "eks", "monitoring", "logging", "deploy-opt",
    "mesh-security",
];

/// Week `wi`'s id: the 10-week path's, then `week-11`, `week-12`, …
fn week_id(wi: usize) -> String {
    WEEK_IDS.get(wi).map_or_else(|| format!("week-{}", wi + 1), |w| w.to_string())
}

fn roadmap(seed: u64, n_weeks: usize, per_week: usize) -> (String, Vec<Week>) {
    let mut r = Rng::new(seed, u64::MAX);
    let mut y = String::new();
    let _ = writeln!(y, "# Generated by examples/synth.rs: a {n_weeks}-week roadmap of realistic size.");
    let _ = writeln!(y, "title: {}", q(&format!("DevOps {n_weeks}-week roadmap")));
    block(&mut y, "summary", &paragraph(&mut r, (3, 5)), 0);
    y.push_str("weeks:\n");
    let mut weeks = Vec::new();
    for wi in 0..n_weeks {
        let wid = &week_id(wi);
        let _ = writeln!(y, "  - id: {wid}");
        let _ = writeln!(y, "    title: {}", q(&title(&mut r, (3, 6))));
        block(&mut y, "summary", &paragraph(&mut r, (2, 4)), 4);
        block(&mut y, "body", &long_markdown(&mut r, (3, 5)), 4);
        y.push_str("    topics:\n");
        for _ in 0..r.range(3, 5) {
            let _ = writeln!(y, "      - title: {}", q(&title(&mut r, (2, 5))));
            let mut body = paragraph(&mut r, (3, 6));
            if r.chance(0.5) {
                body.push_str("\n\n");
                body.push_str(&code_block(&mut r));
            }
            block(&mut y, "body", &body, 8);
        }
        y.push_str("    resources:\n");
        for k in 0..r.range(4, 7) {
            let kind = ["book", "docs", "video", "article", "course", "tool"][(k as usize + wi) % 6];
            let _ = writeln!(
                y,
                "      - {{title: {}, url: \"https://learn.example.org/{wid}/{k}\", kind: {kind}}}",
                q(&title(&mut r, (2, 6)))
            );
        }
        y.push_str("    checkpoints:\n");
        for _ in 0..r.range(4, 6) {
            let mut c = String::new();
            sentence(&mut r, &mut c);
            c.pop();
            c.push('?');
            let _ = writeln!(y, "      - {}", q(&c));
        }
        y.push_str("    tasks:\n");
        let mut tasks = Vec::new();
        for ti in 0..per_week {
            let id = format!("task-{}", ti + 1);
            let review = ti % 3 == 1 || (ti == per_week - 1 && wi % 2 == 0);
            let hours = r.range(2, 12) as f64 / 2.0;
            let _ = writeln!(y, "      - id: {id}");
            let _ = writeln!(y, "        title: {}", q(&title(&mut r, (2, 5))));
            let _ = writeln!(y, "        hours: {hours}");
            let mut requires = Vec::new();
            if ti > 0 {
                requires.push(format!("{wid}/task-{ti}"));
            } else if wi > 0 {
                requires.push(format!("{}/task-{per_week}", week_id(wi - 1)));
            }
            if wi > 1 && ti == 2 {
                requires.push(format!("{}/task-3", week_id(wi - 2)));
            }
            if !requires.is_empty() {
                let _ = writeln!(y, "        requires: [{}]", requires.join(", "));
            }
            if review {
                y.push_str("        review: true\n");
            }
            let mut deliverable = String::new();
            sentence(&mut r, &mut deliverable);
            let _ = writeln!(y, "        deliverable: {}", q(&deliverable));
            let mut body = paragraph(&mut r, (3, 6));
            body.push_str("\n\n");
            body.push_str(&bullets(&mut r, (2, 4)));
            block(&mut y, "body", &body, 8);
            tasks.push(Task { id, review, hours });
        }
        weeks.push(Week { id: wid.to_string(), tasks });
    }
    (y, weeks)
}

// ---------------------------------------------------------------- learners

#[rustfmt::skip]
const FAMILY: &[&str] = &["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권"];
#[rustfmt::skip]
const GIVEN: &[&str] = &["민준", "서연", "도윤", "하은", "지호", "수아", "예준", "지우", "시우", "서윤", "주원", "하린"];
#[rustfmt::skip]
const LATIN_FAMILY: &[&str] = &["kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "han"];
#[rustfmt::skip]
const LATIN_GIVEN: &[&str] = &["minjun", "seoyeon", "doyun", "haeun", "jiho", "sua", "yejun", "jiwoo", "siwoo"];
#[rustfmt::skip]
const FIRST_EN: &[&str] = &["Alex", "Sam", "Jordan", "Casey", "Robin", "Taylor", "Morgan", "Avery", "Quinn", "Riley"];
#[rustfmt::skip]
const LAST_EN: &[&str] = &["Smith", "Garcia", "Nguyen", "Müller", "Rossi", "Tanaka", "Silva", "Novak", "Berg"];

fn learner(seed: u64, i: usize, weeks: &[Week], mentors: usize, today: Date) -> (String, String) {
    let mut r = Rng::new(seed, i as u64);
    let korean = r.chance(0.6);
    let (name, slug) = if korean {
        let (f, g) = (r.range(0, FAMILY.len() as i64 - 1) as usize, r.range(0, GIVEN.len() as i64 - 1) as usize);
        let name = format!("{}{}", FAMILY[f], GIVEN[g]);
        let slug = format!("{}-{}", LATIN_FAMILY[f % LATIN_FAMILY.len()], LATIN_GIVEN[g % LATIN_GIVEN.len()]);
        (name, slug)
    } else {
        let (f, l) = (*r.pick(FIRST_EN), *r.pick(LAST_EN));
        (format!("{f} {l}"), format!("{}-{}", f.to_lowercase(), l.to_lowercase().replace('ü', "u")))
    };
    let id = format!("{slug}-{i:05}");
    let mut y = String::new();
    let _ = writeln!(y, "# {id}: generated by examples/synth.rs");
    let _ = writeln!(y, "name: {}", q(&name));
    // Every learner has a login (unique by `i`), as a cohort that records
    // progress on GitHub has, so that pages carry their "record" links; the
    // draws stay as they were, so that the rest of the learner does too.
    if r.chance(0.7) {
        r.range(1, 999);
    }
    let _ = writeln!(y, "github: {slug}{i}");
    let mentor = i % mentors;
    let _ = writeln!(y, "mentor: mentor-{mentor:03}");
    let start = if r.chance(0.1) { add(COHORT_START, r.range(1, 21)) } else { COHORT_START };
    if start != COHORT_START {
        let _ = writeln!(y, "start: {start}");
    }
    let roll = r.float();
    let pace = if roll < 0.12 {
        0.5
    } else if roll < 0.18 {
        0.75
    } else {
        1.0
    };
    if pace != 1.0 {
        let _ = writeln!(y, "pace: {pace}");
    }
    if r.chance(0.03) {
        y.push_str("private: true\n");
    }

    // How far along: planned tasks by today scaled by how fast this learner goes.
    let total = weeks.iter().map(|w| w.tasks.len()).sum::<usize>();
    let elapsed = days(start, today).max(0);
    let planned = (total as f64 * (elapsed as f64 * pace / (7.0 * weeks.len() as f64)).min(1.0)).round();
    let kind = r.float();
    let speed = if kind < 0.04 {
        0.0 // never started
    } else if kind < 0.10 {
        2.0 // done with everything
    } else {
        0.35 + r.float() * 1.0
    };
    let completed = ((planned * speed).round() as usize).min(total);
    // Some learners went quiet a while ago.
    let active_until = if r.chance(0.12) { add(today, -r.range(8, 25)) } else { today };
    let active_days = days(start, active_until).max(1);

    let all: Vec<(&Week, &Task)> = weeks.iter().flat_map(|w| w.tasks.iter().map(move |t| (w, t))).collect();
    let mut lines = String::new();
    let mut last_date = start;
    for (k, (w, t)) in all.iter().enumerate().take((completed + 1).min(total)) {
        let key = format!("{}/{}", w.id, t.id);
        if k == completed {
            // The task in hand.
            let roll = r.float();
            if completed == 0 && speed == 0.0 {
                break;
            }
            let started = add(last_date, r.range(0, 2)).min(active_until);
            if roll < 0.6 {
                let _ = writeln!(lines, "  {key}: {{status: doing, started: {started}}}");
            } else if roll < 0.7 {
                let _ = writeln!(lines, "  {key}:\n    status: blocked\n    started: {started}");
                block(&mut lines, "note", &note(&mut r), 4);
            }
            break;
        }
        let finished = add(start, ((k + 1) as i64 * active_days / completed as i64 - r.range(0, 1)).max(0))
            .min(active_until)
            .max(last_date);
        let started = add(finished, -r.range(0, 3)).max(start).max(last_date);
        last_date = finished;
        if r.chance(0.04) && !t.review {
            let _ = writeln!(lines, "  {key}: {{status: skipped}}");
            continue;
        }
        let hours = (t.hours * (0.5 + r.float() * 1.2) * 2.0).round() / 2.0;
        let has_note = r.chance(0.25);
        let evidence = r.chance(0.85) || t.review;
        if !has_note && !t.review && !evidence {
            let _ =
                writeln!(lines, "  {key}: {{status: done, started: {started}, finished: {finished}, hours: {hours}}}");
            continue;
        }
        let _ = writeln!(lines, "  {key}:\n    status: done\n    started: {started}\n    finished: {finished}");
        let _ = writeln!(lines, "    hours: {hours}");
        if evidence {
            let base = format!("https://github.com/{slug}/devops-study/pull/{}", k + 1);
            if r.chance(0.1) {
                let _ = writeln!(
                    lines,
                    "    evidence:\n      - {base}\n      - https://github.com/{slug}/devops-study/actions/runs/{}",
                    r.range(1_000_000, 9_999_999)
                );
            } else {
                let _ = writeln!(lines, "    evidence: {base}");
            }
        }
        if has_note {
            block(&mut lines, "note", &note(&mut r), 4);
        }
        if t.review && r.chance(0.8) {
            let mut reviews = String::new();
            let mut date = add(finished, r.range(1, 4));
            let mut n = 0;
            while date <= today && n < 3 {
                let changes = n == 0 && r.chance(0.3) || n == 1 && r.chance(0.1);
                let by = if r.chance(0.9) { mentor } else { (mentor + 1) % mentors };
                let _ = writeln!(
                    reviews,
                    "      - by: mentor-{by:03}\n        date: {date}\n        verdict: {}",
                    if changes { "changes" } else { "approved" }
                );
                if r.chance(0.6) {
                    block(&mut reviews, "comment", &paragraph(&mut r, (1, 3)), 8);
                }
                if r.chance(0.12) {
                    reviews.push_str("        private: true\n");
                }
                n += 1;
                if !changes {
                    break;
                }
                date = add(date, r.range(2, 6));
            }
            if n > 0 {
                lines.push_str("    reviews:\n");
                lines.push_str(&reviews);
            }
        }
    }
    if !lines.is_empty() {
        y.push_str("progress:\n");
        y.push_str(&lines);
    }
    // Journal: a short entry every few days of activity.
    if speed > 0.0 {
        let mut entries = String::new();
        let mut d = add(start, r.range(0, 3));
        while d <= active_until {
            let _ = writeln!(entries, "  - date: {d}\n    hours: {}", r.range(1, 8) as f64 / 2.0);
            if r.chance(0.7) {
                block(&mut entries, "note", &paragraph(&mut r, (1, 2)), 4);
            }
            d = add(d, r.range(3, 7));
        }
        if !entries.is_empty() {
            y.push_str("journal:\n");
            y.push_str(&entries);
        }
    }
    (id, y)
}

// ---------------------------------------------------------------- project

fn cohort(seed: u64, mentors: usize) -> String {
    let mut r = Rng::new(seed, u64::MAX - 1);
    let mut y = String::new();
    y.push_str("# Generated by examples/synth.rs\n");
    let _ = writeln!(y, "title: {}", q("DevOps Study — synthetic cohort"));
    block(&mut y, "description", &paragraph(&mut r, (2, 4)), 0);
    y.push_str("language: en\nbase_url: https://example.github.io/devops-study/\nrepo: example/devops-study\n");
    let _ = writeln!(y, "start: {COHORT_START}");
    y.push_str("timezone: Asia/Seoul\nstale_after_days: 7\nmentors:\n");
    for m in 0..mentors {
        let name = format!("{}{}", FAMILY[m % FAMILY.len()], GIVEN[(m / FAMILY.len()) % GIVEN.len()]);
        let _ = writeln!(y, "  - {{id: mentor-{m:03}, name: {}, github: mentor{m}}}", q(&name));
    }
    y
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn generate(args: &Args) -> Result<(), String> {
    let dir = args.out.join("roadmap");
    let learners_dir = dir.join("learners");
    if learners_dir.exists() {
        // A smaller earlier run must not leave learners behind.
        std::fs::remove_dir_all(&learners_dir).map_err(|e| format!("cannot clear {}: {e}", learners_dir.display()))?;
    }
    std::fs::create_dir_all(&learners_dir).map_err(|e| format!("cannot create {}: {e}", learners_dir.display()))?;
    let mentors = args.learners.div_ceil(LEARNERS_PER_MENTOR).max(2);
    write(&dir.join("cohort.yaml"), &cohort(args.seed, mentors))?;
    let (roadmap_yaml, weeks) = roadmap(args.seed, args.weeks, args.tasks);
    write(&dir.join("roadmap.yaml"), &roadmap_yaml)?;
    let mut bytes = 0;
    for i in 0..args.learners {
        let (id, text) = learner(args.seed, i, &weeks, mentors, args.today);
        bytes += text.len();
        write(&learners_dir.join(format!("{id}.yaml")), &text)?;
    }
    eprintln!(
        "synth: {} learners ({} mentors) in {} — roadmap {} KB, learners {} KB (avg {} bytes)",
        args.learners,
        mentors,
        args.out.display(),
        roadmap_yaml.len() / 1024,
        bytes / 1024,
        bytes / args.learners.max(1)
    );
    Ok(())
}
