//! Markdown from any input file → HTML that is safe to put in a page:
//! pulldown-cmark (tables, task lists, footnotes, strikethrough), then an
//! allow-list sanitiser (ammonia) for anything that holds raw HTML or a link
//! that is not plainly safe. Safe raw HTML such as `<kbd>`, `<details>`
//! and `<br>` stays, as on GitHub; scripts, event handlers and
//! `javascript:`/`data:` links never survive.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn sanitiser() -> &'static ammonia::Builder<'static> {
    static CELL: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_tags(["kbd", "details", "summary", "input", "sup", "sub", "mark", "section"])
            .add_tag_attributes("input", ["checked"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("div", ["class", "id"])
            .add_tag_attributes("sup", ["class", "id"])
            .add_tag_attributes("li", ["id"])
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some(LINK_REL));
        // Only a disabled checkbox may be an input: anything else would be a form control.
        b.set_tag_attribute_value("input", "disabled", "").set_tag_attribute_value("input", "type", "checkbox");
        b
    })
}

/// Render `text` as Markdown under a heading of level `parent`: the text's
/// top heading becomes level `parent + 1` and the others keep their distance
/// from it, so a body written with `#` or with `##` never competes with the
/// page's one `<h1>` and never skips a level below its section's heading.
pub fn render(text: &str, parent: u8) -> String {
    render_with(text, parent, false)
}

fn render_with(text: &str, parent: u8, always_sanitise: bool) -> String {
    without_block_newlines(&images_and_checkboxes(&html_of(text, parent, always_sanitise)))
}

/// The tags after which the renderer writes a line break that shows nowhere:
/// between blocks, never inside a paragraph or a code block.
const BLOCK_TAGS: [&str; 22] = [
    "</p>",
    "<ul>",
    "</ul>",
    "<ol>",
    "</ol>",
    "</li>",
    "</pre>",
    "<blockquote>",
    "</blockquote>",
    "</h1>",
    "</h2>",
    "</h3>",
    "</h4>",
    "</h5>",
    "</h6>",
    "<hr>",
    "<table>",
    "</table>",
    "<thead>",
    "</thead>",
    "<tbody>",
    "</tr>",
];

/// `html` without the line breaks that follow a block's tag: a learner page
/// holds dozens of notes and reviews, and these were a byte in fifty of it.
fn without_block_newlines(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(">\n") {
        let (head, tail) = rest.split_at(i + 1);
        out.push_str(head);
        let tag = &head[head.rfind('<').unwrap_or(0)..];
        if !BLOCK_TAGS.contains(&tag) {
            out.push('\n');
        }
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
}

/// The HTML of `text`, sanitised unless plainly safe, before the images and
/// checkboxes are made fit for the page.
fn html_of(text: &str, parent: u8, always_sanitise: bool) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let parsed: Vec<Event> = Parser::new_ext(text, options).collect();
    let top = parsed
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let shift = (parent + 1).saturating_sub(top);
    let events: Vec<Event> = parsed
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                Event::Start(Tag::Heading { level: shifted(level, shift), id, classes, attrs })
            }
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shifted(level, shift))),
            other => other,
        })
        .collect();
    let plain = events.iter().all(|event| match event {
        Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::Table(_)) => false,
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => allowed_url(dest_url),
        _ => true,
    });
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if plain && !always_sanitise {
        with_link_rel(&html)
    } else {
        focusable_tables(clean(&html))
    }
}

/// A table scrolls sideways inside its box when it is wider than the
/// column (the theme's `.prose table`), and a region that scrolls must be
/// reachable from the keyboard: every table the sanitiser let through gets
/// `tabindex="0"` (it writes `<table>` bare, whatever the input said).
fn focusable_tables(html: String) -> String {
    if html.contains("<table>") {
        html.replace("<table>", "<table tabindex=\"0\">")
    } else {
        html
    }
}

/// Markdown without raw HTML and tables, whose links are all relative or
/// http(s)/mailto, is HTML that pulldown-cmark made from escaped text: only
/// tags the sanitiser allows, and nothing for it to remove. It skips the
/// sanitiser (most notes are like this, and sanitising is most of the cost
/// of rendering them) and gets the one thing the sanitiser would add: `rel`
/// on links. Anything else is sanitised.
fn allowed_url(url: &str) -> bool {
    // Printable ASCII only: browsers drop tabs and newlines inside a scheme.
    if !url.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return false;
    }
    match url.split_once(':') {
        None => true,
        Some((scheme, _)) if scheme.contains(['/', '?', '#']) => true,
        Some((scheme, _)) => matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https" | "mailto"),
    }
}

/// User-written links are not endorsed by the site; every page also sends no
/// `Referer` (`<meta name="referrer" content="no-referrer">` in base.html).
const LINK_REL: &str = "nofollow";

/// `<a href="…">` → `<a href="…" rel="nofollow">`, in
/// pulldown-cmark's output, where `"` never occurs inside an attribute.
fn with_link_rel(html: &str) -> String {
    const OPEN: &str = "<a href=\"";
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = rest.find(OPEN) {
        let after = i + OPEN.len();
        let Some(end) = rest[after..].find('"') else { break };
        let end = after + end + 1;
        out.push_str(&rest[..end]);
        out.push_str(" rel=\"");
        out.push_str(LINK_REL);
        out.push('"');
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The images and task-list checkboxes of rendered (and sanitised) HTML, made
/// fit for a page under the site's Content-Security-Policy (`img-src 'self'`):
/// - an image from another site would be blocked (a broken picture), so it
///   becomes a link to the image, named by its alt text (or, without one, by
///   its file name); inside a link it becomes that text alone;
/// - an image of the site's own keeps its place, with its file name as `alt`
///   when it has none;
/// - a task-list checkbox (read-only, `disabled`) is labelled by its item's text.
///
/// Both writers put every attribute value in double quotes; a value may
/// hold `>` (the sanitiser leaves it unescaped), so tags are read quote-aware.
fn images_and_checkboxes(html: &str) -> String {
    if !html.contains("<img") && !html.contains("<input") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut links = 0usize;
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let at = i + found;
        out.push_str(&html[i..at]);
        let end = tag_end(html, at);
        let tag = &html[at..end];
        let name: String = tag[1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/').collect();
        match name.as_str() {
            "a" => {
                links += 1;
                out.push_str(tag);
            }
            "/a" => {
                links = links.saturating_sub(1);
                out.push_str(tag);
            }
            "img" => out.push_str(&image(tag, links > 0)),
            "input" => {
                let label = item_text(&html[end..]);
                let close = if tag.ends_with("/>") { tag.len() - 2 } else { tag.len() - 1 };
                out.push_str(tag[..close].trim_end());
                if !label.is_empty() && attr(tag, "aria-label").is_none() {
                    out.push_str(&format!(" aria-label=\"{label}\""));
                }
                out.push_str(&tag[close..]);
            }
            _ => out.push_str(tag),
        }
        i = end;
    }
    out.push_str(&html[i..]);
    out
}

/// Where the tag starting at `at` ends (after its `>`), quotes respected.
fn tag_end(html: &str, at: usize) -> usize {
    let mut quoted = false;
    for (j, b) in html.as_bytes()[at..].iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return at + j + 1,
            _ => {}
        }
    }
    html.len()
}

/// The value of attribute `name` in `tag`, as written (entities kept).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// An attribute value as text content: `<` and `>` escaped too.
fn as_text(value: &str) -> String {
    value.replace('<', "&lt;").replace('>', "&gt;")
}

/// The last part of a URL's path: what an image without alt text is called.
fn file_name(src: &str) -> String {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or(path);
    let name = if name.is_empty() || name.contains(':') { "image" } else { name };
    as_text(&name.replace('"', "&quot;"))
}

fn image(tag: &str, in_link: bool) -> String {
    let src = attr(tag, "src").unwrap_or("");
    let alt = attr(tag, "alt").map(str::trim).filter(|a| !a.is_empty());
    let text = alt.map(as_text).unwrap_or_else(|| file_name(src));
    let external = src.contains("://") || src.starts_with("//");
    match (external, in_link) {
        (true, true) => text,
        (true, false) => format!("<a href=\"{src}\" rel=\"{LINK_REL}\" class=\"image-link\">{text}</a>"),
        (false, _) if alt.is_some() => tag.to_string(),
        (false, _) => {
            let rest = tag.trim_start_matches("<img").replace(" alt=\"\"", "");
            format!("<img alt=\"{text}\"{rest}")
        }
    }
}

/// The text of a list item after its checkbox, tags dropped, for its label.
fn item_text(after: &str) -> String {
    let mut text = String::new();
    let mut i = 0;
    while i < after.len() {
        let rest = &after[i..];
        if rest.starts_with("</li") || rest.starts_with("<ul") || rest.starts_with("<ol") {
            break;
        }
        if rest.starts_with('<') {
            i = tag_end(after, i);
            text.push(' ');
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '"' => text.push_str("&quot;"),
            c => text.push(c),
        }
        i += c.len_utf8();
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let line = words.join(" ");
    match line.char_indices().nth(100) {
        Some((cut, _)) => {
            let mut head = &line[..cut];
            // Not half an entity (`&am…`).
            if let Some(amp) = head.rfind('&').filter(|&a| !head[a..].contains(';')) {
                head = &head[..amp];
            }
            format!("{}…", head.trim_end())
        }
        None => line,
    }
}

/// Sanitise HTML that did not come from us.
pub fn clean(html: &str) -> String {
    sanitiser().clean(html).to_string()
}

/// One line of Markdown without its paragraph, for titles and short notes.
pub fn inline(text: &str) -> String {
    let html = render(text, 0);
    let trimmed = html.trim();
    match trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

/// The text of Markdown without its markup, whitespace collapsed and cut at
/// `max` characters (with "…"): for a page's meta description.
pub fn plain(text: &str, max: usize) -> String {
    let mut out = String::new();
    for event in Parser::new(text) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    let line = words.join(" ");
    if line.chars().count() <= max {
        return line;
    }
    let cut: String = line.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

fn shifted(level: HeadingLevel, shift: u8) -> HeadingLevel {
    let n = (level as u8 + shift).min(6);
    HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_between_blocks_go_and_those_in_text_and_code_stay() {
        let html = render("One\ntwo\n\n- a\n- b\n\n```\n\nx > y\nz\n```\n\n> q", 0);
        assert_eq!(
            html,
            "<p>One\ntwo</p><ul><li>a</li><li>b</li></ul><pre><code>\nx &gt; y\nz\n</code></pre><blockquote><p>q</p></blockquote>"
        );
    }

    #[test]
    fn plain_markdown_skips_the_sanitiser_with_nothing_for_it_to_remove() {
        let cases = [
            "Hello **bold** _em_ ~~gone~~ `code` & \"quotes\" 'apostrophes' <3",
            "# Title\n\n## Sub\n\n> quoted\n\n1. one\n2. two\n\n- [x] done\n- [ ] open",
            "[docs](https://example.org/a?b=1&c=2 \"The title\") and <https://example.org> and <me@example.org>",
            "![diagram](images/a.png) [rel](../x/index.html#frag) [q](?a=b) [mail](MAILTO:a@b.org)",
            "```rust\nfn main() { println!(\"<hi>\"); }\n```\n\nA footnote[^1].\n\n[^1]: The note.",
            "Line  \nbreak\n\n---\n\n김데브 **한국어** 노트",
        ];
        for case in cases {
            let fast = html_of(case, 1, false);
            assert!(!fast.is_empty());
            // The sanitiser finds nothing to change but how it writes tags
            // (`<br>` for `<br />`, `rel` after `title`).
            let canonical = |html: &str| {
                let html = html.replace(" />", ">").replace("/>", ">").replace(" rel=\"nofollow\"", "");
                // Checkbox attributes in one order.
                html.split("<input ")
                    .enumerate()
                    .map(|(i, part)| {
                        if i == 0 {
                            return part.to_string();
                        }
                        let (attrs, rest) = part.split_once('>').unwrap_or((part, ""));
                        let mut attrs: Vec<&str> = attrs.split(' ').collect();
                        attrs.sort();
                        format!("<input {}>{rest}", attrs.join(" "))
                    })
                    .collect::<String>()
            };
            assert_eq!(canonical(&clean(&fast)), canonical(&fast), "{case}");
            assert_eq!(clean(&fast), html_of(case, 1, true), "{case}");
        }
        assert!(render("[a](https://x.org)", 0).contains("rel=\"nofollow\""));
    }

    /// The site's CSP allows images from the site only: one from elsewhere
    /// would show broken, so it is a link named by its alt text or file name.
    #[test]
    fn images_from_elsewhere_become_links_and_every_image_has_alt() {
        let html = render("See ![the VPC diagram](https://user-images.githubusercontent.com/1/vpc.png)", 0);
        assert!(
            html.contains(
                "<a href=\"https://user-images.githubusercontent.com/1/vpc.png\" rel=\"nofollow\" class=\"image-link\">the VPC diagram</a>"
            ),
            "{html}"
        );
        assert!(!html.contains("<img"), "{html}");
        let html = render("![](https://x.org/shots/run%201.png?raw=1)", 0);
        assert!(html.contains(">run%201.png</a>"), "{html}");
        // Raw HTML goes through the sanitiser, then the same rule.
        let html = render("<img src=\"https://x.org/a.png\" alt='a <b>bold</b> \"claim\"'>", 0);
        assert!(html.contains("class=\"image-link\">a &lt;b&gt;bold&lt;/b&gt; &quot;claim&quot;</a>"), "{html}");
        // The site's own image stays, with alt from its file name when it has none.
        assert_eq!(render("<img src=x onerror=alert(1)>", 0), "<img alt=\"x\" src=\"x\">");
        let html = render("![](images/graph.png)", 0);
        assert!(html.contains("<img alt=\"graph.png\" src=\"images/graph.png\""), "{html}");
        let html = render("![kept](images/graph.png)", 0);
        assert!(html.contains("alt=\"kept\""), "{html}");
        // A linked image (a badge) is the link's text: no link in a link.
        let html = render("[![build](https://x.org/badge.svg)](https://x.org/runs)", 0);
        assert!(html.contains(">build</a>") && html.matches("<a ").count() == 1, "{html}");
    }

    #[test]
    fn task_list_checkboxes_are_labelled_by_their_item() {
        let html = render("- [x] Terraform으로 VPC & subnet\n- [ ] `alb` \"ingress\" <b>x</b>\n  - [ ] nested", 0);
        assert!(html.contains("aria-label=\"Terraform으로 VPC &amp; subnet\""), "{html}");
        assert!(html.contains("aria-label=\"alb &quot;ingress&quot; x\""), "{html}");
        assert!(html.contains("aria-label=\"nested\""), "{html}");
        assert_eq!(html.matches("aria-label").count(), 3, "{html}");
        assert_eq!(html.matches("disabled").count(), 3, "read-only: {html}");
        let long = format!("- [ ] {}&{}", "a".repeat(97), "b".repeat(20));
        let html = render(&long, 0);
        let label = attr(&html[html.find("<input").unwrap()..], "aria-label").unwrap();
        assert_eq!(label, format!("{}…", "a".repeat(97)), "no half entity: {html}");
    }

    #[test]
    fn anything_not_plainly_safe_is_sanitised() {
        for case in [
            "<b>raw</b>",
            "[x](javascript:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x](&#106;avascript:alert(1))",
            "![x](data:image/png;base64,AAAA)",
            "|a|b|\n|:-|-:|\n|1|2|",
        ] {
            assert_eq!(render(case, 0), render_with(case, 0, true), "{case}");
        }
    }

    #[test]
    fn hostile_markup_comes_out_inert() {
        let cases = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "<iframe src=https://evil.example></iframe>",
            "<details open ontoggle=alert(1)><summary>x</summary></details>",
            "<style>body{display:none}</style>",
            "<form action=https://evil.example><button>go</button></form>",
            "<input type=text value=x>",
        ];
        for case in cases {
            let out = render(case, 0).to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "javascript:",
                "data:",
                "onload",
                "<iframe",
                "ontoggle",
                "<style",
                "<form",
                "type=\"text\"",
            ] {
                assert!(!out.contains(bad), "{case} → {out}");
            }
        }
    }

    #[test]
    fn github_flavoured_features_render() {
        let out = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~ and <kbd>Ctrl</kbd><br>\n\n<details><summary>more</summary>hidden</details>\n\nA note[^1].\n\n[^1]: The footnote.\n", 0);
        assert!(out.contains("<table tabindex=\"0\">"), "a scrolling table is reachable by keyboard: {out}");
        // Task list items: a ticked box, then an empty one (the sanitiser
        // may write the attributes in any order).
        let boxes: Vec<(Vec<&str>, &str)> = out
            .split("<li><input ")
            .skip(1)
            .map(|item| {
                let (attrs, rest) = item.split_once('>').unwrap_or_default();
                let mut attrs: Vec<&str> = attrs.trim_end_matches('/').split_whitespace().collect();
                attrs.sort_unstable();
                (attrs, rest.split("</li>").next().unwrap_or_default().trim())
            })
            .collect();
        assert_eq!(
            boxes,
            [
                (vec!["aria-label=\"done\"", "checked=\"\"", "disabled=\"\"", "type=\"checkbox\""], "done"),
                (vec!["aria-label=\"todo\"", "disabled=\"\"", "type=\"checkbox\""], "todo")
            ],
            "{out}"
        );
        assert!(out.contains("<del>old</del>"), "{out}");
        assert!(out.contains("<kbd>Ctrl</kbd>"), "{out}");
        assert!(out.contains("<details><summary>more</summary>"), "{out}");
        assert!(out.contains("footnote-definition"), "{out}");
    }

    #[test]
    fn headings_shift_below_the_page_title() {
        assert_eq!(render("# Title", 1).trim(), "<h2>Title</h2>");
        assert_eq!(render("###### Deep", 2).trim(), "<h6>Deep</h6>");
        // A body that starts at `##` starts right under its parent all the same.
        assert_eq!(render("## Goals\n\n### Steps", 1).trim(), "<h2>Goals</h2><h3>Steps</h3>");
        assert_eq!(render("## Deep", 5).trim(), "<h6>Deep</h6>");
    }

    #[test]
    fn links_get_rel_and_keep_http() {
        let out = render("[docs](https://example.com/a)", 0);
        assert!(out.contains("href=\"https://example.com/a\""), "{out}");
        assert!(out.contains("rel=\"nofollow\""), "{out}");
    }

    #[test]
    fn plain_text_drops_the_markup_and_stays_short() {
        assert_eq!(plain("## Goals\n\nBuild a **VPC** with `terraform`.", 100), "Goals Build a VPC with terraform.");
        assert_eq!(plain("한 두 세 네", 5), "한 두…");
    }

    #[test]
    fn inline_drops_the_paragraph() {
        assert_eq!(inline("**bold** <script>x</script>"), "<strong>bold</strong> ");
    }
}
