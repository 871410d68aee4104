//! The GitHub repository that holds a project (`repo: OWNER/NAME` and
//! `branch` in cohort.yaml): what a valid name is, how `init` finds it in
//! `git remote get-url origin`, and the "edit on GitHub" links it gives.

use std::path::Path;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// `OWNER/NAME` as GitHub spells them: an owner of letters, digits and
/// single hyphens (at most 39), a name of letters, digits, `.`, `_` and `-`.
pub fn is_repo(s: &str) -> bool {
    let Some((owner, name)) = s.split_once('/') else { return false };
    let owner_ok = !owner.is_empty()
        && owner.len() <= 39
        && owner.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !owner.starts_with('-');
    let name_ok = !name.is_empty()
        && name.len() <= 100
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && name != "."
        && name != "..";
    owner_ok && name_ok
}

/// A branch name git accepts (the rules of `git check-ref-format --branch`
/// that matter in a URL): no spaces or control characters, none of
/// `~ ^ : ? * [ \`, no `..` or `@{`, no empty part, not ending in `.lock`.
pub fn is_branch(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 255
        && !s.chars().any(|c| c.is_whitespace() || c.is_control() || "~^:?*[\\".contains(c))
        && !s.contains("..")
        && !s.contains("@{")
        && !s.starts_with('-')
        && s.split('/').all(|part| !part.is_empty() && !part.starts_with('.') && !part.ends_with(".lock"))
        && !s.ends_with('.')
}

/// `OWNER/NAME` from a GitHub remote URL: `https://github.com/o/n(.git)`,
/// `git@github.com:o/n.git`, `ssh://git@github.com/o/n.git`.
pub fn from_remote(url: &str) -> Option<String> {
    let url = url.trim();
    let rest =
        ["https://github.com/", "http://github.com/", "ssh://git@github.com/", "git://github.com/", "git@github.com:"]
            .iter()
            .find_map(|p| url.strip_prefix(p))
            .or_else(|| url.strip_prefix("https://").and_then(|r| r.split_once("@github.com/")).map(|(_, r)| r))?;
    let rest = rest.trim_end_matches('/');
    let rest = rest.strip_suffix(".git").unwrap_or(rest);
    is_repo(rest).then(|| rest.to_string())
}

/// What `git -C dir ARGS` prints, when it succeeds.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The GitHub repository of `dir`'s `origin` remote, if it has one and
/// `dir` is the repository's root. Edit links name files by their path in
/// the project, so a project in a subfolder of the repository would get
/// links to files that are not there.
pub fn origin(dir: &Path) -> Option<String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    let same = |a: &Path, b: &Path| a.canonicalize().ok().is_some_and(|a| b.canonicalize().is_ok_and(|b| a == b));
    if !same(Path::new(&top), dir) {
        return None;
    }
    from_remote(&git(dir, &["remote", "get-url", "origin"])?)
}

/// Whether git's history in `dir` holds the file `rel` (relative to `dir`)
/// in any commit, on any branch: what sealing cannot take back.
pub fn in_history(dir: &Path, rel: &Path) -> bool {
    let rel = rel.to_string_lossy().replace('\\', "/");
    git(dir, &["log", "--all", "--format=%H", "-n", "1", "--", &rel]).is_some_and(|h| !h.is_empty())
}

/// `init`'s `repo:` line in cohort.yaml: the repository of `dir`'s `origin`
/// when it is on GitHub, else the key commented out, to fill in.
pub fn scaffold_line(dir: &Path) -> String {
    let what = "# the GitHub repository: \"edit on GitHub\" links on the pages";
    match origin(dir) {
        // The links edit `main` unless told otherwise: a repository on
        // another branch (`master`, `trunk`) says so, or every link is a 404.
        Some(repo) => match git(dir, &["symbolic-ref", "--short", "HEAD"]).filter(|b| is_branch(b) && b != "main") {
            Some(branch) => format!("repo: {repo}  {what}\nbranch: {branch}  # the branch those links edit"),
            None => format!("repo: {repo}  {what}"),
        },
        None => format!("# repo: OWNER/NAME  {what}"),
    }
}

/// The start of every edit link: `https://github.com/OWNER/NAME/edit/BRANCH/`,
/// the branch percent-encoded but for its `/`.
pub fn edit_base(repo: &str, branch: &str) -> String {
    const KEEP: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'/');
    format!("https://github.com/{repo}/edit/{}/", utf8_percent_encode(branch, KEEP))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_urls_give_owner_and_name() {
        for url in [
            "https://github.com/octo/devops-study.git",
            "https://github.com/octo/devops-study",
            "https://github.com/octo/devops-study/",
            "git@github.com:octo/devops-study.git",
            "ssh://git@github.com/octo/devops-study.git",
            "https://x-access-token:abc@github.com/octo/devops-study.git\n",
        ] {
            assert_eq!(from_remote(url).as_deref(), Some("octo/devops-study"), "{url}");
        }
        for url in ["https://gitlab.com/octo/study.git", "/srv/git/study.git", "https://github.com/octo", ""] {
            assert_eq!(from_remote(url), None, "{url}");
        }
    }

    #[test]
    fn repo_and_branch_names() {
        assert!(is_repo("octo/devops-study") && is_repo("Octo-Cat/my.site_2"));
        for bad in ["octo", "octo/", "/x", "octo/a/b", "oc to/x", "-octo/x", "octo/.."] {
            assert!(!is_repo(bad), "{bad}");
        }
        assert!(is_branch("main") && is_branch("release/2026-fall") && is_branch("feat#1"));
        for bad in ["", "a b", "a..b", "a:b", "x.lock", "a//b", "/a", "a/", "-x", "a@{1}", "x."] {
            assert!(!is_branch(bad), "{bad}");
        }
    }

    #[test]
    fn edit_links_encode_the_branch() {
        assert_eq!(edit_base("octo/study", "main"), "https://github.com/octo/study/edit/main/");
        assert_eq!(edit_base("octo/study", "fall/feat#1"), "https://github.com/octo/study/edit/fall/feat%231/");
    }
}
