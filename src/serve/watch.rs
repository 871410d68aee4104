//! Which file-system events matter: editor temporaries and backups are
//! ignored, the output folder is never watched, and each change is classified
//! so that only what it can affect is rebuilt.

use std::path::Path;

/// Files editors write next to the real one while saving: vim swap files and
/// its rename-on-save `4913` probe, emacs `#autosave#` and `.#lock`, JetBrains
/// `___jb_tmp___`/`___jb_old___`, `~` backups, and other hidden files.
pub fn is_editor_temp(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return true };
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with('#')
        || name == "4913"
        || name.contains("___jb_")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.ends_with(".orig")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temporaries_are_ignored() {
        for name in
            [".kim.yaml.swp", "4913", "#kim.yaml#", ".#kim.yaml", "kim.yaml~", "kim.yaml___jb_tmp___", "kim.yaml.bak"]
        {
            assert!(is_editor_temp(Path::new(name)), "{name}");
        }
        for name in ["kim.yaml", "roadmap.en.yaml", "style.css", "base.html"] {
            assert!(!is_editor_temp(Path::new(name)), "{name}");
        }
    }
}
