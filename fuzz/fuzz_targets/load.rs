//! libFuzzer target for the loader: the first input byte picks which file of
//! tests/fixtures/valid/basic the rest of the input replaces (cohort, roadmap,
//! translation or a learner); the bytes go through the same code as `check`
//! (UTF-8 → positioned YAML → schema check → typed model, then the cross-file
//! validation), and every diagnostic is rendered in every format. Any panic
//! is a finding.
//!
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use waymark::diag;
use waymark::model::load::{self, Loaded, Source};
use waymark::model::schema::FileKind;
use waymark::model::{validate, Cohort, Learner, Roadmap};

const FILES: &[(&str, FileKind, &str)] = &[
    ("roadmap/cohort.yaml", FileKind::Cohort, include_str!("../../tests/fixtures/valid/basic/roadmap/cohort.yaml")),
    ("roadmap/roadmap.yaml", FileKind::Roadmap, include_str!("../../tests/fixtures/valid/basic/roadmap/roadmap.yaml")),
    (
        "roadmap/roadmap.en.yaml",
        FileKind::Roadmap,
        include_str!("../../tests/fixtures/valid/basic/roadmap/roadmap.en.yaml"),
    ),
    (
        "roadmap/learners/choi.yaml",
        FileKind::Learner,
        include_str!("../../tests/fixtures/valid/basic/roadmap/learners/choi.yaml"),
    ),
    (
        "roadmap/learners/kim.yaml",
        FileKind::Learner,
        include_str!("../../tests/fixtures/valid/basic/roadmap/learners/kim.yaml"),
    ),
];

/// Parse one file into `out` as `load::load` would.
fn add(out: &mut Loaded, rel: &str, kind: FileKind, bytes: Vec<u8>) {
    let rel = Path::new(rel);
    let source: Option<Source> = match kind {
        FileKind::Cohort => {
            let (s, v) = load::parse_source::<Cohort>(rel, bytes, kind, &mut out.diags);
            out.cohort = v;
            s
        }
        FileKind::Roadmap if rel.ends_with("roadmap.yaml") => {
            let (s, v) = load::parse_source::<Roadmap>(rel, bytes, kind, &mut out.diags);
            out.roadmap = v;
            s
        }
        FileKind::Roadmap => {
            let (s, v) = load::parse_source::<Roadmap>(rel, bytes, kind, &mut out.diags);
            if let Some(t) = v {
                out.translations.insert("en".into(), t);
            }
            s
        }
        FileKind::Learner => {
            let (s, v) = load::parse_source::<Learner>(rel, bytes, kind, &mut out.diags);
            if let Some(mut l) = v {
                l.id = rel.file_stem().unwrap().to_string_lossy().into_owned();
                out.learners.push(l);
            }
            s
        }
    };
    if let Some(s) = source {
        out.sources.insert(rel.to_path_buf(), s);
    }
}

/// The fixture with every file parsed, one slot per entry of [`FILES`].
fn base() -> &'static Vec<Loaded> {
    static BASE: OnceLock<Vec<Loaded>> = OnceLock::new();
    BASE.get_or_init(|| {
        (0..FILES.len())
            .map(|skip| {
                let mut loaded = Loaded::default();
                for (i, (rel, kind, text)) in FILES.iter().enumerate() {
                    if i != skip {
                        add(&mut loaded, rel, *kind, text.as_bytes().to_vec());
                    }
                }
                loaded
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let target = pick as usize % FILES.len();
    // The fixture without the target file (parsed once), plus the input as that file.
    let mut loaded = base()[target].clone();
    let (rel, kind, _) = FILES[target];
    add(&mut loaded, rel, kind, rest.to_vec());
    loaded.learners.sort_by(|a, b| a.id.cmp(&b.id));
    let mut diags = loaded.diags.clone();
    diags.extend(validate::validate(&loaded));
    diag::sort(&mut diags);
    for format in [diag::Format::Human, diag::Format::Github, diag::Format::Json] {
        let _ = diag::render(&diags, format, true);
    }
});
