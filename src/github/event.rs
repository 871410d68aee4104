//! The `issue_comment` webhook payload, as far as waymark reads it: the
//! action, and the comment's id, body, author, link and time. Every other
//! field of GitHub's (large) payload is ignored.

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
}

#[derive(Debug, Deserialize)]
pub struct Comment {
    pub id: u64,
    #[serde(default)]
    pub body: Option<String>,
    pub user: User,
    /// RFC 3339, e.g. `2026-10-08T11:20:03Z`.
    #[serde(default)]
    pub created_at: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct User {
    pub login: String,
    /// `User`, `Bot` or `Organization`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

/// Why an event is left alone without an answer.
#[derive(Debug, PartialEq, Eq)]
pub enum Ignored {
    /// `edited` or `deleted`: only a new comment is read, so that editing a
    /// comment never records it again.
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
            anyhow::anyhow!("{}:{}:{}: not an issue_comment event: {e}", path.display(), e.line(), e.column())
        })?;
        if event.comment.is_none() {
            anyhow::bail!(
                "{}: not an issue_comment event (it has no `comment`); the workflow runs on `issue_comment`",
                path.display()
            );
        }
        Ok(event)
    }

    /// The comment to read, or why there is none to read.
    pub fn comment(&self) -> Result<&Comment, Ignored> {
        let Some(c) = &self.comment else { return Err(Ignored::Action(self.action.clone())) };
        if self.action != "created" {
            return Err(Ignored::Action(self.action.clone()));
        }
        if c.user.kind.as_deref() == Some("Bot") || c.user.login.ends_with("[bot]") {
            return Err(Ignored::Bot(c.user.login.clone()));
        }
        Ok(c)
    }
}

impl Comment {
    /// The day the comment was written, in the cohort's time zone.
    pub fn date(&self, timezone: &str) -> Option<jiff::civil::Date> {
        let ts: jiff::Timestamp = self.created_at.as_deref()?.parse().ok()?;
        let tz = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
        Some(ts.to_zoned(tz).date())
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
        assert!(event(&format!(r#"{{"action": "created", {c}}}"#)).comment().is_ok());
        assert_eq!(
            event(&format!(r#"{{"action": "edited", {c}}}"#)).comment().unwrap_err(),
            Ignored::Action("edited".into())
        );
        let bot =
            r#"{"action": "created", "comment": {"id": 1, "user": {"login": "github-actions[bot]", "type": "Bot"}}}"#;
        assert_eq!(event(bot).comment().unwrap_err(), Ignored::Bot("github-actions[bot]".into()));
    }

    #[test]
    fn the_date_is_the_cohorts_day() {
        let e = event(
            r#"{"action": "created", "comment": {"id": 1, "user": {"login": "k"}, "created_at": "2026-10-07T20:30:00Z"}}"#,
        );
        let c = e.comment().unwrap();
        assert_eq!(c.date("UTC").unwrap().to_string(), "2026-10-07");
        assert_eq!(c.date("Asia/Seoul").unwrap().to_string(), "2026-10-08");
    }
}
