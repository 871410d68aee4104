//! Pages read as a browser reads them: links found by html5ever's tokenizer
//! (the HTML standard's), character references decoded, and URLs by the
//! `url` crate (the URL standard's parser).

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};

/// The start tags `<NAME …>` of a page (any name for "").
struct Tags(&'static str, std::cell::RefCell<Vec<Tag>>);

impl TokenSink for Tags {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            if tag.kind == TagKind::StartTag && (self.0.is_empty() || &*tag.name == self.0) {
                self.1.borrow_mut().push(tag);
            }
        }
        TokenSinkResult::Continue
    }
}

/// The start tags `<name …>` of `html` (every start tag for "").
fn start_tags(html: &str, name: &'static str) -> Vec<Tag> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(Tags(name, Default::default()), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.1.take()
}

fn attr(t: &Tag, name: &str) -> Option<String> {
    t.attrs.iter().find(|a| &*a.name.local == name).map(|a| a.value.to_string())
}

/// The value of every `name` attribute in `html`, quoted or not, character
/// references decoded, in page order.
pub fn attr_values(html: &str, name: &str) -> Vec<String> {
    start_tags(html, "").iter().filter_map(|t| attr(t, name)).collect()
}

/// The `href` of every link of class `class` in `html`, as a click follows it.
pub fn hrefs_of_class(html: &str, class: &str) -> Vec<String> {
    start_tags(html, "a")
        .iter()
        .filter(|t| attr(t, "class").is_some_and(|c| c.split_whitespace().any(|c| c == class)))
        .filter_map(|t| attr(t, "href"))
        .collect()
}

/// Where a link `href` of the site's page `page` (a path from the site's
/// root) takes a browser: to a page of the site that sends it on at once
/// (`<meta http-equiv="refresh" content="0; url=…">`, and a link to the same
/// address for a browser that does not follow it), that address; else the
/// link resolved. `read` gives a site path's text.
pub fn followed(page: &str, href: &str, read: impl Fn(&str) -> Option<String>) -> String {
    let root = url::Url::parse("http://site.invalid/").unwrap();
    let url = root.join(page).and_then(|p| p.join(href)).unwrap_or_else(|e| panic!("{href} from {page}: {e}"));
    if url.host_str() != Some("site.invalid") {
        return url.to_string();
    }
    let path = url.path().trim_start_matches('/').to_string();
    let html = read(&path).unwrap_or_else(|| panic!("{href} from {page}: no {path}"));
    let refresh: Vec<String> = start_tags(&html, "meta")
        .iter()
        .filter(|t| attr(t, "http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("refresh")))
        .filter_map(|t| attr(t, "content"))
        .collect();
    let [content] = &refresh[..] else { panic!("{path}: one refresh, not {refresh:?}") };
    let to = content.strip_prefix("0; url=").unwrap_or_else(|| panic!("{path}: at once, not {content}"));
    let links: Vec<String> = start_tags(&html, "a").iter().filter_map(|t| attr(t, "href")).collect();
    assert_eq!(links, [to], "{path}: its link goes where it sends the browser");
    to.to_string()
}

/// What GitHub's new-issue page of `repo` is given by a link: its title and
/// body, the query read as a form's (`+` a space, `%XX` a byte). Nothing
/// else is in the query.
pub fn new_issue_form(href: &str, repo: &str) -> (String, String) {
    let url = url::Url::parse(href).unwrap_or_else(|e| panic!("{href}: {e}"));
    assert_eq!(&url[..url::Position::AfterPath], format!("https://github.com/{repo}/issues/new"), "{href}");
    let q: std::collections::BTreeMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(q.keys().collect::<Vec<_>>(), ["body", "title"], "{href}");
    (q["title"].clone(), q["body"].clone())
}
