//! Packs the files of this crate's package (the `include` list of
//! Cargo.toml, read from Cargo.toml itself so that the two never differ)
//! into `$OUT_DIR/package.tar.gz`, with its SHA-256 in
//! `$OUT_DIR/package.sha256`. `waymark init` writes that archive into a
//! cohort's repository, and the cohort's workflows build exactly this
//! version from it without a package registry (src/vendor.rs).
//!
//! The archive is reproducible: files in sorted order, every header with
//! the same owner, mode and time, and a gzip header without a time, so the
//! same sources give the same checksum on any machine.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::Digest as _;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    let name = std::env::var("CARGO_PKG_NAME").unwrap();
    let version = std::env::var("CARGO_PKG_VERSION").unwrap();
    // A published crate holds the author's manifest as Cargo.toml.orig.
    let manifest = ["Cargo.toml.orig", "Cargo.toml"]
        .iter()
        .find_map(|m| std::fs::read_to_string(root.join(m)).ok())
        .expect("Cargo.toml");
    let patterns = include_list(&manifest);
    let mut files = Vec::new();
    for pattern in &patterns {
        println!("cargo:rerun-if-changed={}", root.join(watched(pattern)).display());
        files.extend(matching(&root, pattern));
    }
    println!("cargo:rerun-if-changed={}", root.join("Cargo.toml").display());
    files.sort();
    files.dedup();

    let prefix = format!("{name}-{version}");
    let gz = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
    let mut tar = tar::Builder::new(gz);
    tar.mode(tar::HeaderMode::Deterministic);
    for rel in &files {
        let bytes = std::fs::read(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_uid(0);
        header.set_gid(0);
        header.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut header, format!("{prefix}/{rel}"), bytes.as_slice()).unwrap();
    }
    let bytes = tar.into_inner().unwrap().finish().unwrap();
    let sum = sha2::Sha256::digest(&bytes);
    let hex: String = sum.iter().map(|b| format!("{b:02x}")).collect();
    std::fs::write(out.join("package.tar.gz"), &bytes).unwrap();
    let mut f = std::fs::File::create(out.join("package.sha256")).unwrap();
    write!(f, "{hex}").unwrap();
    // The list, one path a line, for the tests that compare it with `cargo package --list`.
    std::fs::write(out.join("package.files"), files.join("\n") + "\n").unwrap();
}

/// The quoted strings of `include = [ … ]` in `[package]`.
fn include_list(manifest: &str) -> Vec<String> {
    let start = manifest.find("\ninclude = [").expect("Cargo.toml has an `include` list") + 1;
    let end = start + manifest[start..].find(']').unwrap();
    manifest[start..end]
        .lines()
        .skip(1)
        .filter_map(|l| {
            let l = l.trim();
            (!l.starts_with('#')).then(|| l.split('"').nth(1)).flatten().map(str::to_string)
        })
        .collect()
}

/// What Cargo watches for `pattern`: the folder of a wildcard (Cargo looks
/// at every file under a folder it is told about), else the file.
fn watched(pattern: &str) -> &str {
    let pattern = pattern.trim_start_matches('/');
    match pattern.split_once('*') {
        Some((head, _)) => match head.strip_suffix('/') {
            Some(dir) => dir,
            None => head.rsplit_once('/').map_or("", |(dir, _)| dir),
        },
        None => pattern,
    }
}

/// The files (relative, with `/`) that `pattern` names: `/DIR/**/*` is every
/// file under DIR; a `*` in the last part matches any text; anything else is
/// one file.
fn matching(root: &Path, pattern: &str) -> Vec<String> {
    let pattern = pattern.trim_start_matches('/');
    if let Some(dir) = pattern.strip_suffix("/**/*") {
        let mut out = Vec::new();
        walk(root, &root.join(dir), &mut out);
        return out;
    }
    if let Some((head, tail)) = pattern.split_once('*') {
        let (dir, stem) = head.rsplit_once('/').map_or(("", head), |(d, s)| (d, s));
        let mut out = Vec::new();
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.starts_with(stem) && name.ends_with(tail) && name.len() >= stem.len() + tail.len() {
                out.push(if dir.is_empty() { name } else { format!("{dir}/{name}") });
            }
        }
        return out;
    }
    vec![pattern.to_string()]
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            out.push(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}
