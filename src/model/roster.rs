//! Who a cohort's learners are, read lightly: each plain learner file's
//! top-level `name:`, `github:`, `mentor:` and `private:` lines, without
//! parsing or checking the rest of the file. What finds one learner by a
//! GitHub login or a display name (`done @kimdev …`, `status "Kim Dev"`,
//! the slash commands of `github apply`, `github member`) reads this, then
//! that learner's file alone, instead of every learner in full.
//!
//! A file the light read cannot be sure of (flow style, a key written
//! twice, a quoted value with escapes, a value over several lines, an
//! anchor or a tag) is read in full, and so are the sealed files that the
//! keys given open: the roster names the learners the full read would.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::doc::{resolve_plain, Kind};
use super::load::{self, Loaded};
use super::sealed::{self, Keys};
use super::Learner;

/// One learner as the roster knows them.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub github: Option<String>,
    pub mentor: Option<String>,
    pub private: bool,
}

impl crate::names::Named for Member {
    fn names(&self) -> (&str, &str, Option<&str>) {
        (&self.id, &self.name, self.github.as_deref())
    }
}

impl Member {
    fn of(l: &Learner) -> Member {
        Member {
            id: l.id.clone(),
            name: l.name.clone(),
            github: l.github.clone(),
            mentor: l.mentor.clone(),
            // A sealed learner is private whatever the file says.
            private: l.private,
        }
    }
}

/// The learners of the project at `root`, sorted by id: the plain files read
/// lightly, the others in full; sealed files opened with `keys` (without,
/// they are left out, as loading leaves them).
pub fn read(root: &Path, keys: Option<&Keys>) -> Vec<Member> {
    let files = load::learner_files(root, &mut Vec::new());
    let (sealed, plain): (Vec<PathBuf>, Vec<PathBuf>) =
        files.into_iter().partition(|f| sealed::is_sealed(&f.to_string_lossy()));
    let light: Vec<Result<Member, PathBuf>> = plain
        .into_par_iter()
        .map(|rel| {
            let id = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let text = load::read_inside(root, &rel).ok().and_then(|b| String::from_utf8(b).ok());
            text.and_then(|t| light_read(&id, &t)).ok_or(rel)
        })
        .collect();
    let (mut out, mut full) = (Vec::new(), sealed);
    for m in light {
        match m {
            Ok(m) => out.push(m),
            Err(rel) => full.push(rel),
        }
    }
    if !full.is_empty() {
        out.extend(load::read_learners(root, keys, full).iter().map(Member::of));
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// [`load::load_for`] the learner `given` names: an id, a GitHub login or a
/// display name, as [`crate::names::learner`] takes them. The learner is
/// found in the roster, read lightly, and only their file is
/// read in full. `None` when no learner or several go by that name (the
/// caller then loads everything, for the did-you-mean among all of them).
pub fn load_named(root: &Path, keys: Option<&Keys>, given: &str) -> Option<Loaded> {
    let unquoted = crate::names::unquote(given);
    if super::schema::is_id(unquoted) && root.join(super::learner_rel(unquoted)).is_file() {
        return load::load_for(root, keys, unquoted);
    }
    let roster = read(root, keys);
    let id = crate::names::learner(&roster.iter().collect::<Vec<_>>(), given).ok()?.id.clone();
    let loaded = load::load_for(root, keys, &id)?;
    // Read in full, the file must say what its top lines said.
    crate::names::learner(&loaded.learners.iter().collect::<Vec<_>>(), given).is_ok().then_some(loaded)
}

/// The learner of the plain file `text` (named `id`) as its top-level lines
/// say; `None` when the light read cannot be sure of what the full read
/// would give.
fn light_read(id: &str, text: &str) -> Option<Member> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut name, mut github, mut mentor, mut private, mut own_id) = (None, None, None, None, None);
    // The last key read was one of ours with a plain value, which an
    // indented line would continue.
    let mut continued = false;
    let mut started = false;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let trimmed = line.trim_start_matches([' ', '\t']);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if line.len() != trimmed.len() {
            // Inside the value of the key above.
            if continued {
                return None;
            }
            continue;
        }
        continued = false;
        if line.starts_with('%') && !started {
            continue;
        }
        if line == "---" || line.starts_with("--- #") {
            if started {
                return None;
            }
            started = true;
            continue;
        }
        started = true;
        let (key, rest) = top_key(line)?;
        let slot = match key {
            "name" => &mut name,
            "github" => &mut github,
            "mentor" => &mut mentor,
            "private" => &mut private,
            "id" => &mut own_id,
            // A quoted value left open may go on at the start of a line.
            _ if rest.trim_start_matches([' ', '\t']).starts_with(['"', '\'']) && scalar(rest).is_none() => {
                return None;
            }
            _ => continue,
        };
        if slot.is_some() {
            return None;
        }
        let (value, plain) = scalar(rest)?;
        continued = plain;
        *slot = Some(value);
    }
    let text_of = |v: Option<Kind>| match v {
        Some(Kind::Str(s)) => Some(Some(s)),
        None | Some(Kind::Null) => Some(None),
        Some(_) => None,
    };
    let Kind::Str(name) = name? else { return None };
    if let Some(own) = own_id {
        if own != Kind::Str(id.to_string()) {
            return None;
        }
    }
    let private = match private {
        None | Some(Kind::Null) => false,
        Some(Kind::Bool(b)) => b,
        Some(_) => return None,
    };
    Some(Member { id: id.to_string(), name, github: text_of(github)?, mentor: text_of(mentor)?, private })
}

/// `key: rest` at the start of a line, for a key of letters, digits, `_`
/// and `-`; `None` for any other line at the top level.
fn top_key(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    let rest = &line[colon + 1..];
    let ok = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    (ok && (rest.is_empty() || rest.starts_with([' ', '\t']))).then_some((key, rest))
}

/// The value after a key on its line, and whether it is plain (so that an
/// indented line below would continue it); `None` for what only the full
/// parser reads (nothing on the line, flow collections, block scalars,
/// anchors, tags, escapes, quotes left open).
fn scalar(rest: &str) -> Option<(Kind, bool)> {
    let v = rest.trim_matches([' ', '\t']);
    let first = v.chars().next()?;
    let end_ok = |after: &str| {
        let after = after.trim_start_matches([' ', '\t']);
        after.is_empty() || (after.starts_with('#') && after.len() < rest.len())
    };
    match first {
        '"' => {
            let close = v[1..].find('"')? + 1;
            let inner = &v[1..close];
            (!inner.contains('\\') && end_ok(&v[close + 1..])).then(|| (Kind::Str(inner.to_string()), false))
        }
        '\'' => {
            let mut s = String::new();
            let mut chars = v[1..].char_indices();
            while let Some((i, c)) = chars.next() {
                if c != '\'' {
                    s.push(c);
                } else if v[1 + i + 1..].starts_with('\'') {
                    s.push('\'');
                    chars.next();
                } else {
                    return end_ok(&v[1 + i + 1..]).then_some((Kind::Str(s), false));
                }
            }
            None
        }
        '|' | '>' | '&' | '*' | '!' | '%' | '@' | '`' | '[' | ']' | '{' | '}' | ',' | '#' => None,
        '-' | '?' | ':' if v[1..].starts_with([' ', '\t']) || v.len() == 1 => None,
        _ => {
            // A plain scalar ends at ` #`; `: ` inside one is not YAML.
            let value = match v.find(" #").or_else(|| v.find("\t#")) {
                Some(i) => v[..i].trim_end_matches([' ', '\t']),
                None => v,
            };
            if value.contains(": ") || value.contains(":\t") || value.ends_with(':') {
                return None;
            }
            Some((resolve_plain(value), true))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, github: Option<&str>, mentor: Option<&str>, private: bool) -> Option<Member> {
        Some(Member {
            id: "kim".into(),
            name: name.into(),
            github: github.map(Into::into),
            mentor: mentor.map(Into::into),
            private,
        })
    }

    #[test]
    fn the_top_level_lines_say_who_a_learner_is() {
        let read = |t: &str| light_read("kim", t);
        assert_eq!(
            read("name: Kim Dev\ngithub: KimDev\nmentor: lee\n"),
            member("Kim Dev", Some("KimDev"), Some("lee"), false)
        );
        assert_eq!(
            read("\u{feff}# kim\r\n---\r\nname: \"Kim: Dev\"  # quoted\r\ngithub: '@kim''s'\r\nprivate: true\r\nprogress:\r\n  docker/a:\r\n    name: x\r\n"),
            member("Kim: Dev", Some("@kim's"), None, true)
        );
        assert_eq!(read("github: ~\nname: 김개발 # 이름\nid: kim\n"), member("김개발", None, None, false));
    }

    #[test]
    fn what_the_light_read_cannot_be_sure_of_is_left_to_the_full_read() {
        for text in [
            "{name: Kim, github: kim}\n",
            "name: Kim\nname: Lee\n",
            "name: \"Kim\\tDev\"\n",
            "name: Kim\n  Dev\n",
            "name: \"Kim\n  Dev\"\n",
            "name: &n Kim\n",
            "name: !!str Kim\n",
            "name: |\n  Kim\n",
            "name:\n  Kim\n",
            "\"name\": Kim\n",
            "name: Kim\ngithub: [kim]\n",
            "name: 12\n",
            "name: Kim\nprivate: yes please\n",
            "name: Kim\nid: lee\n",
            "name: Kim\n---\nname: Lee\n",
            "- name: Kim\n",
            "pace: \"1\nname: Lee\"\nname: Kim\n",
            "github: kim\n",
        ] {
            assert_eq!(light_read("kim", text), None, "{text:?}");
        }
    }

    #[test]
    fn the_roster_names_whom_the_full_read_names() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let learners = root.join(super::super::files::LEARNERS);
        std::fs::create_dir_all(&learners).unwrap();
        let write = |id: &str, text: &str| std::fs::write(learners.join(format!("{id}.yaml")), text).unwrap();
        write("kim", "name: Kim Dev\ngithub: kimdev\nmentor: lee\nprogress: {}\n");
        write("park", "{name: Park Ops, github: \"@parkops\", private: true}\n");
        write("choi", "name: >-\n  Choi\n  Min\n");
        std::fs::write(learners.join("Not An Id.yaml"), "name: X\n").unwrap();
        let roster = read(root, None);
        let full = load::load(root);
        let from_full: Vec<Member> = full.learners.iter().map(Member::of).collect();
        assert_eq!(roster, from_full);
        assert_eq!(roster.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Choi Min", "Kim Dev", "Park Ops"]);
    }
}
