//! iCalendar text (RFC 5545 §3.1, §3.3.11): content lines ended by CRLF,
//! folded so that no line is longer than 75 octets (never inside a UTF-8
//! character), and TEXT values with `\`, `;`, `,` and line breaks escaped.
//! Only what the site's calendars need: no parser, no time zones (their
//! events are all-day dates).

/// A calendar being written, one content line at a time.
#[derive(Default)]
pub struct Ics {
    out: String,
}

/// The longest a physical line may be, in octets, without its CRLF.
const LINE: usize = 75;

impl Ics {
    pub fn new() -> Ics {
        Ics::default()
    }

    /// `NAME:value` with the value as is: for values waymark makes (dates,
    /// ids, URIs), which hold no line break. Control characters are dropped,
    /// since no property value may hold one.
    pub fn raw(&mut self, name: &str, value: &str) {
        let line = format!("{name}:{}", value.chars().filter(|c| !c.is_control()).collect::<String>());
        fold_into(&mut self.out, &line);
    }

    /// `NAME:value` with a TEXT value, escaped.
    pub fn text(&mut self, name: &str, value: &str) {
        fold_into(&mut self.out, &format!("{name}:{}", escape(value)));
    }

    /// Content lines already made by another [`Ics`] (its `finish`).
    pub fn lines(&mut self, lines: &str) {
        self.out.push_str(lines);
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// A TEXT value (RFC 5545 §3.3.11): `\` `;` `,` escaped with a backslash,
/// each line break (CRLF, CR or LF) as `\n`, other control characters dropped.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `line` and its CRLF, folded: after at most 75 octets a CRLF and a space
/// (which counts toward the next line's 75), at a character boundary.
fn fold_into(out: &mut String, line: &str) {
    let mut rest = line;
    let mut room = LINE;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = LINE - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_escapes_what_rfc_5545_says() {
        assert_eq!(escape("a,b;c\\d\ne\r\nf\rg"), "a\\,b\\;c\\\\d\\ne\\nf\\ng");
        assert_eq!(escape("bell\u{7}\ttab"), "bell\ttab");
        assert_eq!(escape("김데브"), "김데브");
    }

    #[test]
    fn a_short_line_is_not_folded() {
        let mut ics = Ics::new();
        ics.raw("VERSION", "2.0");
        ics.text("SUMMARY", "a, b");
        assert_eq!(ics.finish(), "VERSION:2.0\r\nSUMMARY:a\\, b\r\n");
    }

    #[test]
    fn a_long_line_folds_at_75_octets() {
        let mut ics = Ics::new();
        ics.raw("X", &"a".repeat(200));
        let out = ics.finish();
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 75);
        assert!(lines[1].starts_with(' '));
        assert_eq!(lines.last(), Some(&""));
    }

    proptest! {
        /// Every physical line is at most 75 octets and valid UTF-8, only
        /// CRLF ends lines, and unfolding gives back the line.
        #[test]
        fn folding_keeps_lines_short_and_unfolds_to_the_original(value in "[a-z가-힣😀,;\\\\ \n]{0,300}") {
            let mut ics = Ics::new();
            ics.text("DESCRIPTION", &value);
            let out = ics.finish();
            prop_assert!(out.ends_with("\r\n"));
            let body = &out[..out.len() - 2];
            for line in body.split("\r\n") {
                prop_assert!(line.len() <= LINE, "{} octets: {line:?}", line.len());
                prop_assert!(!line.contains('\n') && !line.contains('\r'));
            }
            prop_assert_eq!(body.replace("\r\n ", ""), format!("DESCRIPTION:{}", escape(&value)));
        }
    }
}
