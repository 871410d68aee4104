//! Rendering: Markdown (sanitised), the theme (templates, assets, strings),
//! the SVG charts, and the site (which pages exist and what they show).
//! Nothing here reads project files; `site::render_to` takes a loaded project
//! and hands each rendered file to a [`Sink`].

pub mod charts;
pub mod digest;
pub mod ics;
pub mod markdown;
pub mod site;
pub mod theme;

pub use site::{
    is_export, render_export, render_learner_file, render_to, update_parts, urls, Cache, Leave, Options, View,
};
pub use theme::Theme;

/// The rendered site: path inside the site (with `/`) → bytes.
pub type Files = std::collections::BTreeMap<String, Vec<u8>>;

/// A hash of what `{:?}` writes of each value, taken as it is written
/// (nothing is held whole): how a build tells that what a learner's own
/// files are made from is what the last build made them from.
pub fn hash_debug(values: &[&dyn std::fmt::Debug]) -> u128 {
    struct Feed(xxhash_rust::xxh3::Xxh3);
    impl std::fmt::Write for Feed {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.update(s.as_bytes());
            Ok(())
        }
    }
    let mut feed = Feed(xxhash_rust::xxh3::Xxh3::new());
    for v in values {
        let _ = std::fmt::Write::write_fmt(&mut feed, format_args!("{v:?}\u{0}"));
    }
    feed.0.digest128()
}

/// Where rendered files go, as each is done: a map in memory (`serve`,
/// tests) or a staging folder on disk (`build`), so a big site never has to
/// be held whole.
pub trait Sink: Sync {
    fn put(&self, path: String, bytes: Vec<u8>);

    /// The same for bytes only lent: a sink that writes them out needs no
    /// copy, so pages can be rendered into a buffer that is used again.
    fn put_ref(&self, path: String, bytes: &[u8]) {
        self.put(path, bytes.to_vec());
    }

    /// A file made of `chunks`, in order: a sink that compresses it as it
    /// comes never holds it whole (the exports at 10,000 learners are over
    /// 100 MB).
    /// Whether the sink keeps, for the next build, what each learner's own
    /// files were made from (see [`crate::output::manifest`]): only then is
    /// [`Sink::take_over`] called, and its key worked out.
    fn keeps_inputs(&self) -> bool {
        false
    }

    /// `paths`, a learner's own files, are made from inputs that hash to
    /// `key` (`name` says whose): `true` when the sink took them over from
    /// the site it replaces, made from the same inputs, so they need not be
    /// rendered; else they are put as usual, and the sink notes the key.
    fn take_over(&self, _name: &str, _key: u128, _paths: &[String]) -> bool {
        false
    }

    fn put_chunks(&self, path: String, chunks: &mut dyn Iterator<Item = Vec<u8>>) {
        let mut bytes = Vec::new();
        for chunk in chunks {
            bytes.extend_from_slice(&chunk);
        }
        self.put(path, bytes);
    }
}

impl Sink for std::sync::Mutex<Files> {
    fn put(&self, path: String, bytes: Vec<u8>) {
        self.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path, bytes);
    }
}
