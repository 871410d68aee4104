//! The one HTML/XML escaper, for templates, charts and `serve`'s pages.

/// Escape text for XML/HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = esc_into(&mut out, s);
    out
}

/// Whether `value` may be written as an attribute's value without quotes: it
/// is not empty and holds none of what ends or breaks an unquoted value in
/// HTML (white space, quotes, `=`, `<`, `>`, a backtick) nor anything the
/// escaper would change other than `&` (which stays valid as `&amp;`).
pub fn bare_attr(value: &str) -> bool {
    !value.is_empty()
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '=' | '<' | '>' | '`'))
}

/// [`esc`], written straight to `out`: text without anything to escape (most
/// of it) is copied in one piece.
pub fn esc_into<W: std::fmt::Write + ?Sized>(out: &mut W, s: &str) -> std::fmt::Result {
    let bytes = s.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (with, len) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            // Characters XML does not allow at all: C0 controls other than
            // tab and newline, and U+FFFE/U+FFFF (EF BF BE/BF), are dropped.
            b if b < 0x20 && b != b'\n' && b != b'\t' => ("", 1),
            0xEF if bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) => ("", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        out.write_str(&s[from..i])?;
        out.write_str(with)?;
        i += len;
        from = i;
    }
    out.write_str(&s[from..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_values_html_reads_whole_go_without_quotes() {
        assert!(bare_attr("https://github.com/o/r/pull/7"));
        assert!(bare_attr("https://x.org/a?b&c"), "& is written &amp;, valid unquoted");
        for v in ["", "a b", "a\"b", "a'b", "https://x.org/?a=b", "a<b", "a>b", "a`b", "a\tb", "a\u{85}b"] {
            assert!(!bare_attr(v), "{v:?}");
        }
    }
}
