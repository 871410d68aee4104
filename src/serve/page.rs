//! A built page made a served page: the live-reload script allowed by its
//! Content-Security-Policy and linked, and the error overlay when there is one.

use super::RESERVED;
use crate::html::esc;

/// Make a built page a served page: allow the live-reload script (a file on
/// the same origin; inline script stays forbidden) in its Content-Security-
/// Policy, link the script, and put the error overlay on it when there is one.
pub(super) fn inject(html: &[u8], depth: usize, version: &str, overlay: Option<&str>) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(html) else { return html.to_vec() };
    let mut page = rewrite_csp(text);
    let rel = "../".repeat(depth);
    let mut head = String::new();
    if overlay.is_some() {
        head.push_str(&format!("<link rel=\"stylesheet\" href=\"{rel}{RESERVED}/overlay.css\">\n"));
    }
    head.push_str(&format!("<script src=\"{rel}{RESERVED}/livereload.js?v={}\" defer></script>\n", esc(version)));
    match find_ci(&page, "</head>") {
        Some(i) => page.insert_str(i, &head),
        None => page.insert_str(0, &head),
    }
    if let Some(overlay) = overlay {
        let at = find_ci(&page, "<body").and_then(|i| page[i..].find('>').map(|j| i + j + 1));
        match at {
            Some(i) => page.insert_str(i, &format!("\n{overlay}")),
            None => page.push_str(overlay),
        }
    }
    page.into_bytes()
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.as_bytes().windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Add `script-src 'self'; connect-src 'self'` (and `style-src 'self'` if
/// missing) to the page's CSP `<meta>`, keeping everything else.
fn rewrite_csp(page: &str) -> String {
    let Some(at) = find_ci(page, "content-security-policy") else { return page.to_string() };
    let tag_start = page[..at].rfind('<').unwrap_or(0);
    let Some(tag_len) = page[tag_start..].find('>') else { return page.to_string() };
    let tag = &page[tag_start..tag_start + tag_len];
    let Some(c) = find_ci(tag, "content=\"") else { return page.to_string() };
    let value_start = tag_start + c + "content=\"".len();
    let Some(value_len) = page[value_start..].find('"') else { return page.to_string() };
    let value = &page[value_start..value_start + value_len];
    let mut directives: Vec<String> =
        value.split(';').map(str::trim).filter(|d| !d.is_empty()).map(str::to_string).collect();
    for (name, source) in [("script-src", "'self'"), ("connect-src", "'self'"), ("style-src", "'self'")] {
        let existing = directives.iter_mut().find(|d| d.split_whitespace().next() == Some(name));
        match existing {
            Some(d) if d.split_whitespace().any(|s| s == source) => {}
            Some(d) if d.split_whitespace().nth(1) == Some("'none'") => *d = format!("{name} {source}"),
            Some(d) => d.push_str(&format!(" {source}")),
            None => directives.push(format!("{name} {source}")),
        }
    }
    format!("{}{}{}", &page[..value_start], directives.join("; "), &page[value_start + value_len..])
}
