//! SIGINT and SIGTERM for the whole program, through signal-hook, and with
//! no async runtime: a build holds a [`Catch`] while it writes the output
//! folder (a signal then stops the writer, which removes what it staged,
//! and ends the process as it would have once the `Catch` is dropped);
//! `serve` holds one from before its first line and [`Catch::wait`]s on it
//! to stop cleanly.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::SigId;

/// The signal caught while a [`Catch`] was held; 0 for none.
fn caught() -> &'static Arc<AtomicUsize> {
    static CAUGHT: OnceLock<Arc<AtomicUsize>> = OnceLock::new();
    CAUGHT.get_or_init(|| Arc::new(AtomicUsize::new(0)))
}

/// SIGINT and SIGTERM caught rather than acted on, while this is held.
pub struct Catch {
    ids: Vec<SigId>,
}

impl Catch {
    /// Catch SIGINT and SIGTERM from now on; one that comes is kept, not
    /// lost to the default action.
    pub fn new() -> Catch {
        caught().store(0, Ordering::SeqCst);
        let ids = [SIGINT, SIGTERM]
            .into_iter()
            .filter_map(|sig| signal_hook::flag::register_usize(sig, Arc::clone(caught()), sig as usize).ok())
            .collect();
        Catch { ids }
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
        self.release();
        caught().store(0, Ordering::SeqCst);
    }

    fn release(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

impl Default for Catch {
    fn default() -> Self {
        Catch::new()
    }
}

impl Drop for Catch {
    /// Signals act as usual again, and one that came meanwhile now ends the
    /// process as it would have.
    fn drop(&mut self) {
        if self.ids.is_empty() {
            return;
        }
        self.release();
        let sig = caught().swap(0, Ordering::SeqCst);
        if sig != 0 {
            let _ = signal_hook::low_level::emulate_default_handler(sig as i32);
        }
    }
}

/// Whether SIGINT or SIGTERM came while a [`Catch`] is held.
pub fn interrupted() -> bool {
    caught().load(Ordering::SeqCst) != 0
}
