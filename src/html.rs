//! The one HTML/XML escaper, for templates, charts and `serve`'s pages.

/// Escape text for XML/HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = esc_into(&mut out, s);
    out
}

/// [`esc`], written straight to `out`: text without anything to escape (most
/// of it) is copied in one piece.
pub fn esc_into<W: std::fmt::Write + ?Sized>(out: &mut W, s: &str) -> std::fmt::Result {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let with = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b if b < 0x20 && b != b'\n' && b != b'\t' => "",
            _ => continue,
        };
        out.write_str(&s[from..i])?;
        out.write_str(with)?;
        from = i + 1;
    }
    out.write_str(&s[from..])
}
