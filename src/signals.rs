//! SIGINT and SIGTERM for the whole program, through signal-hook, and with
//! no async runtime: a build holds a [`Catch`] while it writes the output
//! folder (a signal then stops the writer, which removes what it staged,
//! and ends the process as it would have once the `Catch` is dropped);
//! `serve` holds one from before its first line and [`Catch::wait`]s on it
//! to stop cleanly. While no `Catch` is held, the signals do what they do by
//! default (end the process): the handlers are installed once and never
//! removed, since removing signal-hook's last action for a signal leaves it
//! ignored (`build --watch` once went on after Ctrl-C, after its first write).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use signal_hook::consts::{SIGINT, SIGTERM};

/// The signal caught while a [`Catch`] was held; 0 for none.
fn caught() -> &'static Arc<AtomicUsize> {
    static CAUGHT: OnceLock<Arc<AtomicUsize>> = OnceLock::new();
    CAUGHT.get_or_init(|| Arc::new(AtomicUsize::new(0)))
}

/// How many [`Catch`]es are held, and whether none is (what the handlers
/// read: a signal then acts as by default).
struct Held {
    count: Mutex<usize>,
    none: Arc<AtomicBool>,
}

fn held() -> &'static Held {
    static HELD: OnceLock<Held> = OnceLock::new();
    HELD.get_or_init(|| {
        let none = Arc::new(AtomicBool::new(true));
        for sig in [SIGINT, SIGTERM] {
            // The default action while nothing is held; kept otherwise.
            let _ = signal_hook::flag::register_conditional_default(sig, Arc::clone(&none));
            let _ = signal_hook::flag::register_usize(sig, Arc::clone(caught()), sig as usize);
        }
        Held { count: Mutex::new(0), none }
    })
}

/// SIGINT and SIGTERM caught rather than acted on, while this is held.
pub struct Catch {
    holding: bool,
}

impl Catch {
    /// Catch SIGINT and SIGTERM from now on; one that comes is kept, not
    /// lost to the default action.
    pub fn new() -> Catch {
        let held = held();
        let mut count = held.count.lock().unwrap_or_else(PoisonError::into_inner);
        if *count == 0 {
            caught().store(0, Ordering::SeqCst);
        }
        *count += 1;
        held.none.store(false, Ordering::SeqCst);
        Catch { holding: true }
    }

    /// Wait until a signal comes.
    pub fn wait(&self) {
        while !interrupted() {
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stop catching, the signal that came (if any) having been dealt with:
    /// the process goes on.
    pub fn handled(mut self) {
        let last = self.release();
        if last {
            caught().store(0, Ordering::SeqCst);
        }
    }

    /// Stop holding; whether this was the last `Catch` held.
    fn release(&mut self) -> bool {
        if !std::mem::take(&mut self.holding) {
            return false;
        }
        let held = held();
        let mut count = held.count.lock().unwrap_or_else(PoisonError::into_inner);
        *count = count.saturating_sub(1);
        let last = *count == 0;
        if last {
            held.none.store(true, Ordering::SeqCst);
        }
        last
    }
}

impl Default for Catch {
    fn default() -> Self {
        Catch::new()
    }
}

impl Drop for Catch {
    /// Signals act as usual again, and one that came meanwhile now ends the
    /// process as it would have (once no other `Catch` is held: that one
    /// sees it).
    fn drop(&mut self) {
        if !self.holding {
            return;
        }
        if self.release() {
            let sig = caught().swap(0, Ordering::SeqCst);
            if sig != 0 {
                let _ = signal_hook::low_level::emulate_default_handler(sig as i32);
            }
        }
    }
}

/// Whether SIGINT or SIGTERM came while a [`Catch`] is held.
pub fn interrupted() -> bool {
    caught().load(Ordering::SeqCst) != 0
}
