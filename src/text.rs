//! Text from input files on its way to a terminal: control characters (C0
//! except tab and newline, DEL, C1) are shown escaped, `\u{1b}`, so a name
//! can never move the cursor, recolour the screen or write the clipboard.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal raw.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `c` as shown: itself, or `\u{..}` when it is unsafe.
pub fn shown(c: char) -> Cow<'static, str> {
    if is_unsafe(c) {
        Cow::Owned(format!("\\u{{{:x}}}", c as u32))
    } else {
        let mut buf = [0u8; 4];
        Cow::Owned(c.encode_utf8(&mut buf).to_string())
    }
}

/// `s` with every unsafe character escaped.
pub fn safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(shown).collect())
}

/// `s` on one line: each line break, with the blanks around it, becomes
/// one space. A name or a note is shown inside a line (a list item, a table
/// row, a chat message's bullet) that a line break would end early, making
/// the rest read as a line of its own.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if !s.contains(['\n', '\r']) {
        return Cow::Borrowed(s);
    }
    let parts: Vec<&str> = s.split(['\n', '\r']).map(str::trim).filter(|l| !l.is_empty()).collect();
    Cow::Owned(parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_their_blanks_become_one_space() {
        assert_eq!(one_line("Cho\n  QA"), "Cho QA");
        assert_eq!(one_line("a \r\n\r\n b\n"), "a b");
        assert!(matches!(one_line("김데브 Kim"), Cow::Borrowed("김데브 Kim")));
    }

    #[test]
    fn control_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(safe("김데브 Kim\tx\n"), "김데브 Kim\tx\n");
        assert_eq!(safe("a\x1b]52;c;aGk=\x07b"), "a\\u{1b}]52;c;aGk=\\u{7}b");
        assert_eq!(safe("\u{9b}31m\u{7f}\r"), "\\u{9b}31m\\u{7f}\\u{d}");
    }
}
