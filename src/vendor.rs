//! The packaged source of this very version of waymark (build.rs packs it),
//! which `waymark init` writes into a cohort's repository so that its
//! workflows build exactly this version without a package registry: a
//! reproducible `.tar.gz` and the SHA-256 the workflows check it against.

/// The gzip-compressed tar of the crate's package, every path under
/// `waymark-roadmap-VERSION/`.
pub const PACKAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/package.tar.gz"));

/// The SHA-256 of [`PACKAGE`], in lowercase hex (as `sha256sum` prints it).
pub const SHA256: &str = include_str!(concat!(env!("OUT_DIR"), "/package.sha256"));

/// The paths in [`PACKAGE`] (under its folder), one a line.
pub const FILES: &str = include_str!(concat!(env!("OUT_DIR"), "/package.files"));

/// The folder, in a cohort's repository, that holds the package.
pub const DIR: &str = ".waymark";

/// The package's folder name inside the archive: `waymark-roadmap-VERSION`.
pub fn name() -> String {
    format!("{}-{}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
}

/// Where `init` writes the archive, relative to the project.
pub fn archive_path() -> String {
    format!("{DIR}/{}.tar.gz", name())
}
