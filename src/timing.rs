//! How long each stage of a build takes, for `build -v` and `bench/`: a
//! stage adds its time under a name, [`report`] lists them. Stages that run
//! on many threads at once (reading learner files, rendering each kind of
//! page, writing files) add the time of every thread, so their figures are
//! thread time, comparable from one cohort size to the next: a stage that
//! grows faster than the cohort shows. Off unless [`enable`]d (one atomic
//! load per stage then).

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ON: AtomicBool = AtomicBool::new(false);

/// Each stage's name, total time and how many times it ran, in the order
/// first seen.
static STAGES: Mutex<Vec<(&'static str, Duration, usize)>> = Mutex::new(Vec::new());

thread_local! {
    /// Time this thread spent writing files inside the stage it is in.
    static WRITING: Cell<Duration> = const { Cell::new(Duration::ZERO) };
}

/// The stage files are written in (see [`write`]).
const WRITE: &str = "write files";

pub fn enable() {
    ON.store(true, Ordering::Relaxed);
}

fn add(name: &'static str, took: Duration) {
    let mut stages = STAGES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    match stages.iter_mut().find(|(n, _, _)| *n == name) {
        Some((_, total, count)) => {
            *total += took;
            *count += 1;
        }
        None => stages.push((name, took, 1)),
    }
}

/// Run `f` as (a part of) the stage `name`; the files it writes count as
/// writing, not as this stage.
pub fn stage<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if !ON.load(Ordering::Relaxed) {
        return f();
    }
    let outer = WRITING.replace(Duration::ZERO);
    let started = Instant::now();
    let value = f();
    let writing = WRITING.replace(outer);
    add(name, started.elapsed().saturating_sub(writing));
    value
}

/// Run `f`, which writes a file.
pub fn write<T>(f: impl FnOnce() -> T) -> T {
    if !ON.load(Ordering::Relaxed) {
        return f();
    }
    let started = Instant::now();
    let value = f();
    let took = started.elapsed();
    WRITING.set(WRITING.get() + took);
    add(WRITE, took);
    value
}

/// One line per stage, with its time in milliseconds and how many times it ran.
pub fn report() -> String {
    let stages = STAGES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let width = stages.iter().map(|(n, _, _)| n.len()).max().unwrap_or(0);
    stages
        .iter()
        .map(|(name, took, count)| format!("  {name:<width$}  {:>9.1} ms  ×{count}\n", took.as_secs_f64() * 1000.0))
        .collect()
}
