//! Pages read as a browser reads them: links found by html5ever's tokenizer
//! (the HTML standard's), character references decoded, and URLs by the
//! `url` crate (the URL standard's parser).

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};

/// The start tags `<a …>` of a page.
struct Links(std::cell::RefCell<Vec<Tag>>);

impl TokenSink for Links {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            if tag.kind == TagKind::StartTag && &*tag.name == "a" {
                self.0.borrow_mut().push(tag);
            }
        }
        TokenSinkResult::Continue
    }
}

/// The `href` of every link of class `class` in `html`, as a click follows it.
pub fn hrefs_of_class(html: &str, class: &str) -> Vec<String> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(Links(Default::default()), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let attr = |t: &Tag, name: &str| t.attrs.iter().find(|a| &*a.name.local == name).map(|a| a.value.to_string());
    let tags = tokenizer.sink.0.borrow();
    tags.iter()
        .filter(|t| attr(t, "class").is_some_and(|c| c.split_whitespace().any(|c| c == class)))
        .filter_map(|t| attr(t, "href"))
        .collect()
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
