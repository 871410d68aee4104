//! `serve` and `build --watch`: watching the project and serving the site.

pub mod watch;
