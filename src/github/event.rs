//! The webhook payloads that `github apply` reads, as far as it reads them:
//! an `issue_comment` event (the comment's id, body, author, link and time),
//! and an `issues` event whose issue body is read as a comment (an issue
//! opened from a "record on GitHub" link of the site). Every other field of
//! GitHub's (large) payloads is ignored.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;

use anyhow::Context as _;
use serde::Deserialize;

/// GitHub delivers webhook payloads of up to 25 MB; a comment body is at most
/// 65 536 characters. Anything larger is not a payload.
const MAX_EVENT_BYTES: u64 = 25 * 1024 * 1024;

#[derive(Debug, Deserialize)]
pub struct Event {
    pub action: String,
    pub comment: Option<Comment>,
    /// The issue: in an `issue_comment` event the one commented on, in an
    /// `issues` event the event's subject.
    #[serde(default)]
    pub issue: Option<Comment>,
}

/// A comment, or an issue read as one (the fields they share).
#[derive(Clone, Debug, Deserialize)]
pub struct Comment {
    pub id: u64,
    #[serde(default)]
    pub body: Option<String>,
    pub user: User,
    /// RFC 3339, e.g. `2026-10-08T11:20:03Z`.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Where the comment is on GitHub: recorded as the `source` of what it
    /// wrote, and the key that makes a second delivery change nothing.
    #[serde(default)]
    pub html_url: Option<String>,
}

/// What was written: a comment, or the body of a newly opened issue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Comment,
    Issue,
}

impl Kind {
    /// The string of `strings` for `key` as said of this kind of text: an
    /// issue is no comment, so `key_issue` (`gh_intro_issue`) where the
    /// table has it.
    pub fn wording<'t>(self, strings: &'t BTreeMap<String, String>, key: &str) -> Option<&'t String> {
        let issue = (self == Kind::Issue).then(|| strings.get(&format!("{key}_issue"))).flatten();
        issue.or_else(|| strings.get(key))
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct User {
    pub login: String,
    /// `User`, `Bot` or `Organization`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

/// Why an event is left alone without an answer.
#[derive(Debug, PartialEq, Eq)]
pub enum Ignored {
    /// A comment `edited` or `deleted`, an issue other than `opened`: only
    /// new text is read, so that editing a comment never records it again.
    Action(String),
    /// A bot's comment (the workflow's own answers among them).
    Bot(String),
}

impl Event {
    /// Read the payload at `path` (size-bounded, JSON).
    pub fn read(path: &Path) -> anyhow::Result<Event> {
        let file = std::fs::File::open(path).with_context(|| format!("cannot read the event {}", path.display()))?;
        let mut bytes = Vec::new();
        file.take(MAX_EVENT_BYTES + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read the event {}", path.display()))?;
        if bytes.len() as u64 > MAX_EVENT_BYTES {
            anyhow::bail!("{}: larger than 25 MB, which is no GitHub event", path.display());
        }
        let event: Event = serde_json::from_slice(&bytes).map_err(|e| {
            anyhow::anyhow!("{}:{}:{}: not an issue_comment or issues event: {e}", path.display(), e.line(), e.column())
        })?;
        if event.comment.is_none() && event.issue.is_none() {
            anyhow::bail!(
                "{}: neither an issue_comment nor an issues event (it has no `comment` and no `issue`); \
                 the workflow runs on `issue_comment` and `issues`",
                path.display()
            );
        }
        Ok(event)
    }

    /// Which kind of text the event is about: an `issues` event has no
    /// `comment`.
    pub fn kind(&self) -> Kind {
        if self.comment.is_none() && self.issue.is_some() {
            Kind::Issue
        } else {
            Kind::Comment
        }
    }

    /// The text to read (a new comment, or a new issue's body) and which of
    /// the two it is, or why there is none to read.
    pub fn comment(&self) -> Result<(&Comment, Kind), Ignored> {
        let (c, kind) = match (&self.comment, &self.issue) {
            (Some(c), _) if self.action == "created" => (c, Kind::Comment),
            (None, Some(i)) if self.action == "opened" => (i, Kind::Issue),
            _ => return Err(Ignored::Action(self.action.clone())),
        };
        if c.user.kind.as_deref() == Some("Bot") || c.user.login.ends_with("[bot]") {
            return Err(Ignored::Bot(c.user.login.clone()));
        }
        Ok((c, kind))
    }
}

impl Comment {
    /// The day the comment was written, in the cohort's time zone.
    pub fn date(&self, timezone: &str) -> Option<jiff::civil::Date> {
        let ts: jiff::Timestamp = self.created_at.as_deref()?.parse().ok()?;
        let tz = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
        Some(ts.to_zoned(tz).date())
    }

    /// The comment's address, when it is an https URL as GitHub gives it.
    pub fn url(&self) -> Option<&str> {
        let u = self.html_url.as_deref()?;
        let parsed = url::Url::parse(u).ok()?;
        (parsed.scheme() == "https" && parsed.host_str().is_some_and(|h| !h.is_empty())).then_some(u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(json: &str) -> Event {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn only_new_comments_of_people_are_read() {
        let c = r#""comment": {"id": 1, "body": "/done x", "user": {"login": "kim", "type": "User"}}"#;
        assert_eq!(event(&format!(r#"{{"action": "created", {c}}}"#)).comment().unwrap().1, Kind::Comment);
        assert_eq!(
            event(&format!(r#"{{"action": "edited", {c}}}"#)).comment().unwrap_err(),
            Ignored::Action("edited".into())
        );
        let bot =
            r#"{"action": "created", "comment": {"id": 1, "user": {"login": "github-actions[bot]", "type": "Bot"}}}"#;
        assert_eq!(event(bot).comment().unwrap_err(), Ignored::Bot("github-actions[bot]".into()));
    }

    #[test]
    fn a_new_issue_is_read_as_a_comment_and_nothing_else_of_issues() {
        let i = r#""issue": {"id": 7, "number": 3, "body": "/done x", "user": {"login": "kim", "type": "User"}}"#;
        let e = event(&format!(r#"{{"action": "opened", {i}}}"#));
        let (c, kind) = e.comment().unwrap();
        assert_eq!((c.id, kind), (7, Kind::Issue));
        for action in ["edited", "closed", "reopened"] {
            assert_eq!(
                event(&format!(r#"{{"action": "{action}", {i}}}"#)).comment().unwrap_err(),
                Ignored::Action(action.into())
            );
        }
        // A comment on an issue carries the issue too: the comment is read.
        let both = format!(r#"{{"action": "created", {i}, "comment": {{"id": 9, "user": {{"login": "kim"}}}}}}"#);
        assert_eq!(event(&both).comment().unwrap().0.id, 9);
    }

    #[test]
    fn the_date_is_the_cohorts_day() {
        let e = event(
            r#"{"action": "created", "comment": {"id": 1, "user": {"login": "k"}, "created_at": "2026-10-07T20:30:00Z"}}"#,
        );
        let c = e.comment().unwrap().0;
        assert_eq!(c.date("UTC").unwrap().to_string(), "2026-10-07");
        assert_eq!(c.date("Asia/Seoul").unwrap().to_string(), "2026-10-08");
    }
}
