//! The pictures in the README and the guides are of the example cohort as it
//! builds now: `tests/browser/screenshots.mjs` takes them and records in
//! `themes/default/images/shots.json` the SHA-256 of each page's HTML. Here
//! the example is built again (as the script builds it) and each page must
//! still have that hash; when one differs, its picture is out of date.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::common::{copy_dir, run_in};

#[derive(serde::Deserialize)]
struct Shot {
    image: String,
    page: String,
    html_sha256: String,
}

#[test]
fn every_picture_is_of_the_page_as_it_builds_now() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let images = repo.join("themes/default/images");
    let shots: Vec<Shot> = serde_json::from_str(&std::fs::read_to_string(images.join("shots.json")).unwrap()).unwrap();
    assert!(!shots.is_empty());
    let dir = tempfile::tempdir().unwrap();
    for part in ["roadmap", "themes"] {
        copy_dir(&repo.join(part), &dir.path().join(part));
    }
    let r = run_in(dir.path(), &["--today", "2026-11-22", "--color", "never", "build", "--out", "out"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let mut stale = Vec::new();
    for shot in &shots {
        assert!(images.join(&shot.image).is_file(), "{} is listed in shots.json but missing", shot.image);
        let html = std::fs::read(dir.path().join("out").join(&shot.page))
            .unwrap_or_else(|e| panic!("{}: {} was not built: {e}", shot.image, shot.page));
        let hash: String = Sha256::digest(&html).iter().map(|b| format!("{b:02x}")).collect();
        if hash != shot.html_sha256 {
            stale.push(format!("{} (of {})", shot.image, shot.page));
        }
    }
    assert!(
        stale.is_empty(),
        "these pictures show pages that have changed since they were taken: {}\n\
         take them again with `node tests/browser/screenshots.mjs` (after `cargo build --release`)",
        stale.join(", ")
    );
    // Every picture in the folder is one the script takes.
    for entry in std::fs::read_dir(&images).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".png") {
            assert!(shots.iter().any(|s| s.image == name), "{name} is not taken by tests/browser/screenshots.mjs");
        }
    }
}
