//! Rendering: Markdown (sanitised), the theme (templates, assets, strings),
//! the SVG charts, and the site (which pages exist and what they show).
//! Nothing here reads project files; `site::render` takes a loaded project
//! and returns the site as bytes in memory.

pub mod charts;
pub mod markdown;
pub mod site;
pub mod theme;

pub use site::{render, render_changed, Options, View};
pub use theme::Theme;

/// The rendered site: path inside the site (with `/`) → bytes.
pub type Files = std::collections::BTreeMap<String, Vec<u8>>;
