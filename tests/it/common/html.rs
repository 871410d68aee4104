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

/// A page's tokens as the tokenizer gives them: start and end tags, and text.
enum Piece {
    Start(Tag),
    End,
    Text(String),
}

struct Pieces(std::cell::RefCell<Vec<Piece>>);

impl TokenSink for Pieces {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let piece = match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => Piece::Start(tag),
            Token::TagToken(_) => Piece::End,
            Token::CharacterTokens(text) => Piece::Text(text.to_string()),
            _ => return TokenSinkResult::Continue,
        };
        self.0.borrow_mut().push(piece);
        TokenSinkResult::Continue
    }
}

/// The text inside each element of `pieces` from `from` (a start tag) to its end tag.
fn text_from(pieces: &[Piece], from: usize) -> String {
    const VOID: [&str; 6] = ["br", "img", "input", "meta", "link", "hr"];
    let (mut depth, mut text) = (0usize, String::new());
    for piece in &pieces[from..] {
        match piece {
            Piece::Start(t) if VOID.contains(&&*t.name) => {}
            Piece::Start(_) => depth += 1,
            Piece::End => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Piece::Text(s) => text.push_str(s),
        }
    }
    text
}

/// The accessible name of every link of class `class` in `html`, as a screen
/// reader lists it: the text of the elements its `aria-labelledby` names, in
/// order and joined by a space, or else its own text.
pub fn link_names(html: &str, class: &str) -> Vec<String> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(Pieces(Default::default()), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let pieces = tokenizer.sink.0.take();
    let at_id = |id: &str| {
        pieces
            .iter()
            .position(|p| matches!(p, Piece::Start(t) if attr(t, "id").as_deref() == Some(id)))
            .unwrap_or_else(|| panic!("aria-labelledby names {id}, which is not on the page"))
    };
    let mut names = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let Piece::Start(t) = piece else { continue };
        if &*t.name != "a" || !attr(t, "class").is_some_and(|c| c.split_whitespace().any(|c| c == class)) {
            continue;
        }
        names.push(match attr(t, "aria-labelledby") {
            Some(ids) => ids.split_whitespace().map(|id| text_from(&pieces, at_id(id))).collect::<Vec<_>>().join(" "),
            None => text_from(&pieces, i),
        });
    }
    names
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

/// The points an SVG path's data passes through, as absolute coordinates:
/// its moves and lines (`M`, `L`, `H`, `V`, and their relative forms), read
/// as SVG reads them (numbers split by spaces, commas or their own signs; a
/// command's numbers may repeat it).
pub fn path_points(d: &str) -> Vec<(f64, f64)> {
    let mut tokens: Vec<Result<char, f64>> = Vec::new();
    let mut number = String::new();
    let flush = |number: &mut String, tokens: &mut Vec<Result<char, f64>>| {
        if !number.is_empty() {
            tokens.push(Err(number.parse().unwrap_or_else(|_| panic!("a number in {d:?}: {number:?}"))));
            number.clear();
        }
    };
    for c in d.chars() {
        match c {
            'M' | 'm' | 'L' | 'l' | 'H' | 'h' | 'V' | 'v' => {
                flush(&mut number, &mut tokens);
                tokens.push(Ok(c));
            }
            '-' => {
                flush(&mut number, &mut tokens);
                number.push(c);
            }
            '0'..='9' | '.' => number.push(c),
            ' ' | ',' => flush(&mut number, &mut tokens),
            _ => panic!("not a line's path data: {d:?}"),
        }
    }
    flush(&mut number, &mut tokens);
    let (mut points, mut at, mut command) = (Vec::new(), (0.0, 0.0), 'M');
    let mut rest = tokens.into_iter().peekable();
    while let Some(token) = rest.next() {
        let mut take = |first: Option<f64>| first.or_else(|| rest.next().and_then(|t| t.err())).expect("a number");
        let first = match token {
            Ok(c) => {
                command = c;
                None
            }
            Err(n) => Some(n),
        };
        let relative = command.is_lowercase();
        let base = if relative { at } else { (0.0, 0.0) };
        at = match command.to_ascii_uppercase() {
            'H' => (base.0 + take(first), at.1),
            'V' => (at.0, base.1 + take(first)),
            _ => {
                let x = take(first);
                (base.0 + x, base.1 + take(None))
            }
        };
        points.push(at);
    }
    points
}
