//! Evidence links as people write them, read one way for the command line
//! (`--evidence`) and for comments (`/done TASK …`): a bare URL with the
//! sentence's punctuation after it dropped (`…/pull/17.`, `…/pull/17,`, a
//! closing `)` that opens nowhere in the URL), `(url)`, `<url>`, Markdown
//! links `[text](url)` (GitHub's link button writes `[PR](url)`), and
//! GitHub's references `#17`, `PR #17` and `owner/repo#17`, which become links
//! into cohort.yaml's `repo:`. `#17` becomes `…/issues/17`, which GitHub
//! redirects to the pull request when 17 is one; `PR #17` becomes `…/pull/17`.
//! A space inside a URL written where spaces can be (`<…>`, one argument of
//! the command line) is percent-encoded; a link that is not http(s) or has no
//! host is refused. Nothing here reads a file.

/// One piece of a text: a link (or why a link-like word cannot be one), or
/// a word that is no link.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece<'a> {
    Link(Result<String, Bad>),
    Word(&'a str),
}

/// A link that cannot be recorded: as written, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Bad {
    pub written: String,
    pub why: Why,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    /// Not an http(s) URL with a host; the URL meant, when it can be told
    /// (`github.com/o/r/pull/1` → `https://github.com/o/r/pull/1`).
    NotHttp { meant: Option<String> },
    /// `#17` with no `repo:` in cohort.yaml to resolve it against.
    NoRepo,
}

impl std::fmt::Display for Bad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.why {
            Why::NotHttp { .. } => write!(f, "`{}` is not an http(s) link", self.written),
            Why::NoRepo => {
                write!(f, "`{}` names a pull request or issue, but cohort.yaml has no `repo:`", self.written)
            }
        }
    }
}

impl Bad {
    /// What to write instead.
    pub fn help(&self) -> String {
        match &self.why {
            Why::NotHttp { meant: Some(m) } => format!("did you mean `{m}`?"),
            Why::NotHttp { meant: None } if has_scheme(&self.written) => {
                "only http:// and https:// links are allowed".into()
            }
            Why::NotHttp { meant: None } => "write a full link starting with https://".into(),
            Why::NoRepo => "write the full link, or set `repo: OWNER/NAME` in cohort.yaml".into(),
        }
    }
}

/// The pieces of a line of text (a comment's command after its task), in order.
pub fn pieces<'a>(text: &'a str, repo: Option<&str>) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut rest = text.trim_start();
    // `PR #17`: the word before a reference says it is a pull request.
    let mut pull = false;
    while !rest.is_empty() {
        let (piece, used) = next_piece(rest, repo, pull);
        pull = matches!(piece, Piece::Word(w) if is_pull_word(w));
        // `PR` followed by its reference is one piece, the link.
        if let (Piece::Link(_), Some(Piece::Word(w))) = (&piece, out.last()) {
            if is_pull_word(w) && rest.trim_start().starts_with(['#']) {
                out.pop();
            }
        }
        out.push(piece);
        rest = rest[used..].trim_start();
    }
    out
}

/// Whether `word` starts with a link (or what is meant as one, a bad one
/// included): where the words of a name end.
pub fn starts_link(word: &str) -> bool {
    matches!(pieces(word, None).first(), Some(Piece::Link(_)))
}

/// One `--evidence` value: the whole of it is one link, written any of the
/// ways [`pieces`] reads, and may hold a space (percent-encoded).
pub fn one(value: &str, repo: Option<&str>) -> Result<String, Bad> {
    let v = value.trim();
    let bad = || Bad { written: v.to_string(), why: Why::NotHttp { meant: meant(v) } };
    if let [Piece::Link(link)] = pieces(v, repo).as_slice() {
        // A value without spaces, read as a comment's word would be.
        if !v.contains(char::is_whitespace) || v.starts_with(['<', '[']) || is_pull_word(first_word(v)) {
            return link.clone();
        }
    }
    // A URL with spaces in it, given as one argument.
    let inner = strip_wrapping(v);
    if has_scheme(inner) {
        let url = trim_trailing(inner);
        return http(url).ok_or_else(bad);
    }
    Err(bad())
}

fn first_word(s: &str) -> &str {
    s.split_whitespace().next().unwrap_or("")
}

fn is_pull_word(w: &str) -> bool {
    matches!(w.to_lowercase().as_str(), "pr" | "pull" | "mr")
}

/// The next piece of `text` (which starts with no white space) and how many bytes it took.
fn next_piece<'a>(text: &'a str, repo: Option<&str>, pull: bool) -> (Piece<'a>, usize) {
    // `[text](url)` and `![alt](url)`: the text may hold spaces.
    let md = text.strip_prefix('!').unwrap_or(text);
    if md.starts_with('[') {
        if let Some((url, used)) = markdown_link(md) {
            let used = used + (text.len() - md.len());
            return (Piece::Link(url_or_bad(url)), used + closing_run(&text[used..]));
        }
    }
    // `<url>`, GitHub's autolink: may hold spaces.
    if let Some(inner) = text.strip_prefix('<') {
        if let Some(end) = inner.find('>') {
            let url = &inner[..end];
            if has_scheme(url) {
                let used = 1 + end + 1;
                return (Piece::Link(url_or_bad(url)), used + closing_run(&text[used..]));
            }
        }
    }
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    let word = &text[..end];
    let inner = word.trim_start_matches(is_opening);
    if has_scheme(inner) || inner.starts_with("www.") {
        return (Piece::Link(url_or_bad(trim_trailing(inner))), end);
    }
    if let Some(r) = reference(inner.trim_end_matches(is_closing), repo, pull) {
        return (Piece::Link(r), end);
    }
    if let Some(m) = meant(inner.trim_end_matches(is_closing)) {
        return (Piece::Link(Err(Bad { written: word.to_string(), why: Why::NotHttp { meant: Some(m) } })), end);
    }
    (Piece::Word(word), end)
}

/// The length of the punctuation and closing brackets `s` starts with.
fn closing_run(s: &str) -> usize {
    s.len() - s.trim_start_matches(is_closing).len()
}

/// `[text](url)` at the start of `s`: the URL and the bytes used.
fn markdown_link(s: &str) -> Option<(&str, usize)> {
    let mut depth = 0usize;
    let mut close = None;
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let after = &s[close? + 1..];
    let dest = after.strip_prefix('(')?;
    let base = s.len() - dest.len();
    if let Some(inner) = dest.strip_prefix('<') {
        let end = inner.find('>')?;
        let rest = &inner[end + 1..];
        let close = rest.find(')')?;
        return Some((&inner[..end], base + 1 + end + 1 + close + 1));
    }
    // The destination ends at white space (a title may follow) or at the
    // `)` that balances the `(`.
    let mut depth = 0usize;
    for (i, c) in dest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some((&dest[..i], base + i + 1)),
            ')' => depth -= 1,
            c if c.is_whitespace() => {
                let close = dest[i..].find(')')?;
                return Some((&dest[..i], base + i + close + 1));
            }
            _ => {}
        }
    }
    None
}

fn is_opening(c: char) -> bool {
    matches!(c, '(' | '"' | '\'' | '“' | '‘' | '「' | '『' | '*' | '_')
}

fn is_closing(c: char) -> bool {
    matches!(c, ')' | ']' | '>' | '"' | '\'' | '”' | '’' | '」' | '』' | '*' | '_' | '~') || is_sentence_punctuation(c)
}

fn is_sentence_punctuation(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '。' | '、' | '，' | '．' | '！' | '？' | '…')
}

/// A URL with what a sentence put after it dropped: punctuation, quotes,
/// emphasis, and a closing bracket that opens nowhere in the URL (as GitHub's
/// autolinker does).
fn trim_trailing(url: &str) -> &str {
    let mut u = url;
    loop {
        let Some(last) = u.chars().next_back() else { return u };
        let unbalanced = |open: char, close: char| u.matches(close).count() > u.matches(open).count();
        let cut = match last {
            ')' => unbalanced('(', ')'),
            ']' => unbalanced('[', ']'),
            '>' | '"' | '\'' | '”' | '’' | '」' | '』' | '*' | '_' | '~' => true,
            c => is_sentence_punctuation(c),
        };
        if !cut {
            return u;
        }
        u = &u[..u.len() - last.len_utf8()];
    }
}

/// Outer `(…)`, `<…>`, quotes and a Markdown link around one value.
fn strip_wrapping(v: &str) -> &str {
    let v = v.trim();
    for (open, close) in [('<', '>'), ('(', ')'), ('"', '"'), ('\'', '\'')] {
        if let Some(inner) = v.strip_prefix(open).and_then(|i| i.strip_suffix(close)) {
            return inner.trim();
        }
    }
    v
}

/// Whether `s` starts like a URL: `scheme://…`, or a scheme that runs code.
fn has_scheme(s: &str) -> bool {
    let lower = s.get(..12.min(s.len())).unwrap_or(s).to_ascii_lowercase();
    match s.find("://") {
        Some(i) => i > 0 && s[..i].chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')),
        None => ["javascript:", "data:", "vbscript:", "file:", "mailto:"].iter().any(|p| lower.starts_with(p)),
    }
}

/// An http(s) URL with a host, spaces (and what else a URL may not hold)
/// percent-encoded; None when it is not one.
fn http(url: &str) -> Option<String> {
    let url = crate::model::schema::repair_url(url).unwrap_or_else(|| url.to_string());
    crate::model::schema::check_url(&url).ok().map(|()| url)
}

fn url_or_bad(url: &str) -> Result<String, Bad> {
    http(url).ok_or_else(|| Bad { written: url.to_string(), why: Why::NotHttp { meant: meant(url) } })
}

/// The https URL a scheme-less link means: `github.com/o/r/pull/1`, `www.x.org/a`.
fn meant(s: &str) -> Option<String> {
    if has_scheme(s) {
        return None;
    }
    let (host, _) = s.split_once('/').unwrap_or((s, ""));
    let hosty = host.contains('.')
        && host.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && host.rsplit('.').next().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    (hosty && (s.contains('/') || s.starts_with("www."))).then(|| format!("https://{s}"))
}

/// `#17`, `owner/repo#17` (and `PR#17`): a link into `repo`, as a pull
/// request when `pull`, else as an issue (which GitHub redirects to the
/// pull request of that number). None when `word` is no reference.
fn reference(word: &str, repo: Option<&str>, pull: bool) -> Option<Result<String, Bad>> {
    let (pull, word) = match word.get(..2).filter(|p| p.eq_ignore_ascii_case("pr")) {
        Some(_) if word[2..].starts_with('#') => (true, &word[2..]),
        _ => (pull, word),
    };
    let (owner_repo, number) = word.split_once('#')?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) || number.len() > 9 {
        return None;
    }
    let target = if owner_repo.is_empty() {
        repo
    } else if crate::repo::is_repo(owner_repo) {
        Some(owner_repo)
    } else {
        return None;
    };
    let kind = if pull { "pull" } else { "issues" };
    Some(match target {
        Some(r) => Ok(format!("https://github.com/{r}/{kind}/{number}")),
        None => Err(Bad { written: word.to_string(), why: Why::NoRepo }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<String> {
        pieces(text, Some("octo/study"))
            .into_iter()
            .map(|p| match p {
                Piece::Link(Ok(u)) => u,
                Piece::Link(Err(b)) => format!("BAD {b}"),
                Piece::Word(w) => format!("WORD {w}"),
            })
            .collect()
    }

    const PR: &str = "https://github.com/park-ops/devops-study/pull/17";

    #[test]
    fn a_sentence_around_a_link_is_not_part_of_it() {
        for text in [
            format!("{PR}."),
            format!("{PR},"),
            format!("{PR})"),
            format!("({PR})"),
            format!("<{PR}>"),
            format!("[PR]({PR})"),
            format!("[내 PR 링크]({PR})"),
            format!("![shot]({PR})"),
            format!("[PR](<{PR}>)."),
            format!("\"{PR}\""),
            format!("**{PR}**"),
            format!("{PR}。"),
        ] {
            assert_eq!(links(&text), [PR], "{text}");
        }
    }

    #[test]
    fn brackets_that_belong_to_the_url_stay() {
        let wiki = "https://en.wikipedia.org/wiki/Fork_(software_development)";
        assert_eq!(links(wiki), [wiki]);
        assert_eq!(links(&format!("({wiki})")), [wiki]);
        assert_eq!(links(&format!("[w]({wiki})")), [wiki]);
    }

    #[test]
    fn references_resolve_against_the_repo() {
        assert_eq!(links("#17"), ["https://github.com/octo/study/issues/17"]);
        assert_eq!(links("PR #17."), ["https://github.com/octo/study/pull/17"]);
        assert_eq!(links("PR#17"), ["https://github.com/octo/study/pull/17"]);
        assert_eq!(links("(#17)"), ["https://github.com/octo/study/issues/17"]);
        assert_eq!(links("kim/lab#3"), ["https://github.com/kim/lab/issues/3"]);
        assert_eq!(
            pieces("#17", None),
            [Piece::Link(Err(Bad { written: "#17".into(), why: Why::NoRepo }))],
            "no repo: said, not guessed"
        );
        assert_eq!(links("#hashtag"), ["WORD #hashtag"]);
    }

    #[test]
    fn words_and_bad_links_are_told_apart() {
        assert_eq!(
            links(&format!("{PR}, 후기는 github.com/a/b/pull/2 참고 javascript:alert(1)")),
            [
                PR.to_string(),
                "WORD 후기는".into(),
                "BAD `github.com/a/b/pull/2` is not an http(s) link".into(),
                "WORD 참고".into(),
                "BAD `javascript:alert(1)` is not an http(s) link".into(),
            ]
        );
        let Piece::Link(Err(bad)) = &pieces("github.com/a/b/pull/2", None)[0] else { panic!() };
        assert_eq!(bad.help(), "did you mean `https://github.com/a/b/pull/2`?");
    }

    #[test]
    fn a_space_where_spaces_can_be_is_encoded() {
        assert_eq!(links("<https://x.test/my file.pdf>"), ["https://x.test/my%20file.pdf"]);
        assert_eq!(links("[f](<https://x.test/my file.pdf>)"), ["https://x.test/my%20file.pdf"]);
        assert_eq!(one("https://x.test/my file.pdf", None), Ok("https://x.test/my%20file.pdf".into()));
        assert!(one("https://x .test/a", None).is_err(), "a space in the host cannot be repaired");
    }

    #[test]
    fn one_value_is_read_as_a_comment_word_is() {
        assert_eq!(one(&format!("{PR}."), None), Ok(PR.into()));
        assert_eq!(one(&format!("[PR]({PR})"), None), Ok(PR.into()));
        assert_eq!(one("PR #17", Some("octo/study")), Ok("https://github.com/octo/study/pull/17".into()));
        assert_eq!(one("#17", Some("octo/study")), Ok("https://github.com/octo/study/issues/17".into()));
        assert!(one("ftp://x.test/a", None).is_err());
        assert!(one("done", None).is_err());
    }
}
