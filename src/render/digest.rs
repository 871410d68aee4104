//! The weekly digest for a chat: the mentor queue (awaiting review, changes
//! requested, behind, stale, blocked) as a Slack incoming-webhook message
//! (Block Kit) or a Discord webhook message (embeds), in the cohort's
//! language. Each service refuses a message over its documented limits, so
//! every text is cut to fit and a list that does not fit ends with how many
//! were left out and a link to the review queue: a digest never fails.

use serde_json::{json, Value};

use crate::model::Project;
use crate::queue::Queue;
use crate::render::site::urls;
use crate::render::theme::{fill, Words};
use crate::schedule::days_between;
use crate::text::one_line;

/// Slack's documented limits (Block Kit reference: blocks, section, header).
pub mod slack_limits {
    /// Blocks in one message.
    pub const BLOCKS: usize = 50;
    /// A section block's `text`.
    pub const SECTION_TEXT: usize = 3000;
    /// A header block's `text` (plain_text).
    pub const HEADER_TEXT: usize = 150;
    /// A context block's text element (a text object's limit).
    pub const CONTEXT_TEXT: usize = 3000;
}

/// Discord's documented limits (Execute Webhook; Embed Limits).
pub mod discord_limits {
    pub const CONTENT: usize = 2000;
    pub const EMBEDS: usize = 10;
    pub const TITLE: usize = 256;
    pub const DESCRIPTION: usize = 4096;
    /// Title, description, field names and values, footer and author name of
    /// all embeds of a message together.
    pub const TOTAL: usize = 6000;
}

/// A learner's name and a task title are cut to this many characters in a
/// line, so that one long name cannot crowd out a whole list.
const NAME_MAX: usize = 80;
/// A blocked item's note is cut to this (the page has all of it).
const NOTE_MAX: usize = 160;
const TITLE_MAX: usize = 120;

/// The digest before it is written for a service.
#[derive(Clone, Debug)]
pub struct Digest {
    pub title: String,
    pub reviews_url: Option<String>,
    pub sections: Vec<Section>,
    /// Shown under an empty list.
    pub nothing: String,
    /// "…and {n} more", for a list cut short.
    pub more: String,
    /// The words of the link to the review queue.
    pub open: String,
    /// The words of an evidence link.
    pub evidence: String,
}

#[derive(Clone, Debug)]
pub struct Section {
    pub heading: String,
    pub items: Vec<Item>,
}

/// One line of a list: who (with a link to their page when public and the
/// site's address is known), which task, and how long or since when.
#[derive(Clone, Debug)]
pub struct Item {
    pub name: String,
    pub url: Option<String>,
    pub task: Option<String>,
    pub detail: String,
    /// The evidence to review (at most [`EVIDENCE_MAX`] links).
    pub evidence: Vec<String>,
}

/// Evidence links shown per line; the learner's page has them all.
const EVIDENCE_MAX: usize = 3;
/// A link longer than this is left out of a line (the page has it).
const URL_MAX: usize = 300;

/// `links` as a service's lines carry them: the first few, none too long.
fn evidence(links: &[String]) -> Vec<String> {
    links.iter().filter(|u| len(u) <= URL_MAX).take(EVIDENCE_MAX).cloned().collect()
}

/// The digest of `q` for `project`, in `words`.
pub fn digest(project: &Project, q: &Queue, words: &Words, base_url: Option<&str>) -> Digest {
    let t = |key: &str, vars: &[(&str, String)]| {
        let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        words.fill(key, &vars)
    };
    let base = base_url.map(|b| format!("{}/", b.trim_end_matches('/')));
    let item = |learner: &str, task: Option<&str>, detail: String| {
        let l = project.learner(learner);
        let url = match (&base, l) {
            (Some(b), Some(l)) if !l.private => Some(format!("{b}{}", urls::pretty(&urls::learner_url(learner)))),
            _ => None,
        };
        Item {
            name: cut(&one_line(l.map_or(learner, |l| l.name.as_str())), NAME_MAX),
            url,
            task: task
                .map(|id| cut(&one_line(project.roadmap.task(id).map_or(id, |r| r.task.title.as_str())), TITLE_MAX)),
            detail,
            evidence: Vec::new(),
        }
    };
    let heading = |key: &str, n: usize| format!("{} ({n})", t(key, &[]));
    let sections = vec![
        Section {
            heading: heading("awaiting_review", q.awaiting_review.len()),
            items: q
                .awaiting_review
                .iter()
                .map(|a| Item {
                    evidence: evidence(&a.evidence),
                    ..item(&a.learner, Some(&a.task), words.count("days_waiting", a.days_waiting))
                })
                .collect(),
        },
        Section {
            heading: heading("changes_requested", q.changes_requested.len()),
            items: q
                .changes_requested
                .iter()
                .map(|c| Item {
                    evidence: evidence(&c.evidence),
                    ..item(&c.learner, Some(&c.task), t("requested_on", &[("date", c.date.to_string())]))
                })
                .collect(),
        },
        Section {
            heading: heading("behind", q.behind.len()),
            items: q.behind.iter().map(|b| item(&b.learner, None, words.count("behind_by", b.behind_by))).collect(),
        },
        Section {
            heading: heading("stale", q.stale.len()),
            items: q.stale.iter().map(|s| item(&s.learner, None, words.count("stale_mark", s.days))).collect(),
        },
        Section {
            heading: heading("blocked", q.blocked.len()),
            items: q
                .blocked
                .iter()
                .map(|b| {
                    let since = match b.since {
                        Some(d) => {
                            let n = days_between(d, q.as_of).max(0);
                            fill(&words.form("blocked_since", n), &[("date", &d.to_string()), ("n", &n.to_string())])
                        }
                        None => t("status_blocked", &[]),
                    };
                    let detail = match b.note.as_deref() {
                        Some(note) => format!("{since} — {}", cut(&one_line(note), NOTE_MAX)),
                        None => since,
                    };
                    item(&b.learner, Some(&b.task), detail)
                })
                .collect(),
        },
    ];
    Digest {
        title: t("digest_title", &[("title", project.cohort.title.clone()), ("date", q.as_of.to_string())]),
        reviews_url: base.map(|b| format!("{b}{}", urls::pretty("reviews/index.html"))),
        sections,
        nothing: t("nothing_here", &[]),
        evidence: t("evidence", &[]),
        more: t("digest_more", &[]),
        open: t("digest_open", &[]),
    }
}

/// Length as the services count it. Counting UTF-16 units is never less
/// than counting characters, so a text within it is within either.
fn len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// `s` cut to at most `max` (by [`len`]), with `…` when cut.
fn cut(s: &str, max: usize) -> String {
    if len(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if len(&out) + c.len_utf16() + 1 > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Lines under `budget` (by [`len`], a line break after each), and when not
/// all fit, a last line saying how many did not, made by `more`.
fn fit(lines: &[String], budget: usize, more: impl Fn(usize) -> String) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let rest = lines.len() - i - 1;
        let tail = if rest > 0 { len(&more(rest)) + 1 } else { 0 };
        if len(&out) + len(line) + 1 + tail > budget {
            let m = more(lines.len() - i);
            if len(&out) + len(&m) > budget {
                // Not even the note fits: drop lines until it does.
                while len(&out) + len(&m) > budget && !out.is_empty() {
                    let cut_at = out.trim_end_matches('\n').rfind('\n').map_or(0, |p| p + 1);
                    out.truncate(cut_at);
                }
            }
            out.push_str(&cut(&m, budget));
            return out;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.truncate(out.trim_end_matches('\n').len());
    out
}

/// Slack's mrkdwn: `&`, `<` and `>` are the only characters to escape, and
/// escaping them is what stops `<!channel>` in a name from pinging anyone.
fn slack_esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn slack_link(url: &str, text: &str) -> String {
    format!("<{}|{}>", slack_esc(url).replace('|', "%7C"), slack_esc(text).replace('|', "¦"))
}

/// The Slack incoming-webhook payload: `text` (the notification) and blocks.
pub fn slack(d: &Digest) -> Value {
    use slack_limits::*;
    let mut blocks = vec![json!({
        "type": "header",
        "text": {"type": "plain_text", "text": cut(&d.title, HEADER_TEXT), "emoji": true}
    })];
    let more = |n: usize| {
        let words = d.more.replace("{n}", &n.to_string());
        match &d.reviews_url {
            Some(u) => format!("{} {}", slack_esc(&words), slack_link(u, &d.open)),
            None => slack_esc(&words),
        }
    };
    for s in &d.sections {
        let head = format!("*{}*\n", slack_esc(&s.heading));
        let lines: Vec<String> = if s.items.is_empty() {
            vec![format!("_{}_", slack_esc(&d.nothing))]
        } else {
            s.items
                .iter()
                .map(|i| {
                    let who = match &i.url {
                        Some(u) => slack_link(u, &i.name),
                        None => slack_esc(&i.name),
                    };
                    let task = i.task.as_ref().map(|t| format!(" — {}", slack_esc(t))).unwrap_or_default();
                    let links: String =
                        i.evidence.iter().map(|u| format!(" · {}", slack_link(u, &d.evidence))).collect();
                    format!("• {who}{task} · {}{links}", slack_esc(&i.detail))
                })
                .collect()
        };
        let text = format!("{head}{}", fit(&lines, SECTION_TEXT - len(&head), more));
        blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": text}}));
    }
    if let Some(u) = &d.reviews_url {
        blocks.push(json!({
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": cut(&slack_link(u, &d.open), CONTEXT_TEXT)}]
        }));
    }
    blocks.truncate(BLOCKS);
    // The notification text is read as mrkdwn too: escaped like the rest.
    json!({"text": cut(&slack_esc(&d.title), SECTION_TEXT), "blocks": blocks})
}

/// Discord's Markdown: a backslash before every character it acts on.
fn discord_esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '<' | '[' | ']' | '#' | '@') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A URL as the target of a Markdown link: nothing in it can end the link.
fn discord_url(u: &str) -> String {
    u.replace(' ', "%20").replace('(', "%28").replace(')', "%29").replace('<', "%3C").replace('>', "%3E")
}

/// The Discord webhook payload: a line of `content`, an embed per list.
/// Mentions are switched off, so no name in the digest can ping anyone.
pub fn discord(d: &Digest) -> Value {
    use discord_limits::*;
    let colors = [0xd97706, 0xdc2626, 0x7c3aed, 0x6b7280, 0x0891b2];
    let more = |n: usize| {
        let words = discord_esc(&d.more.replace("{n}", &n.to_string()));
        match &d.reviews_url {
            Some(u) => format!("{words} [{}]({u})", discord_esc(&d.open)),
            None => words,
        }
    };
    let titles: Vec<String> = d.sections.iter().take(EMBEDS).map(|s| cut(&s.heading, TITLE)).collect();
    // What every embed needs at least (its title and a line), kept free for
    // the embeds after the one being filled.
    let least: Vec<usize> = titles.iter().map(|t| len(t) + len(&more(9999)).max(len(&d.nothing) + 2)).collect();
    let mut used = 0;
    let mut embeds = Vec::new();
    for (i, (s, title)) in d.sections.iter().zip(&titles).enumerate() {
        let reserve: usize = least[i + 1..].iter().sum();
        let budget = DESCRIPTION.min(TOTAL.saturating_sub(used + reserve + len(title)));
        let lines: Vec<String> = if s.items.is_empty() {
            vec![format!("_{}_", discord_esc(&d.nothing))]
        } else {
            s.items
                .iter()
                .map(|i| {
                    let who = match &i.url {
                        Some(u) => format!("[{}]({u})", discord_esc(&i.name)),
                        None => discord_esc(&i.name),
                    };
                    let task = i.task.as_ref().map(|t| format!(" — {}", discord_esc(t))).unwrap_or_default();
                    let links: String = i
                        .evidence
                        .iter()
                        .map(|u| format!(" · [{}]({})", discord_esc(&d.evidence), discord_url(u)))
                        .collect();
                    format!("• {who}{task} · {}{links}", discord_esc(&i.detail))
                })
                .collect()
        };
        let description = fit(&lines, budget, more);
        used += len(title) + len(&description);
        let mut e = json!({"title": title, "description": description, "color": colors[i % colors.len()]});
        if let Some(u) = &d.reviews_url {
            e["url"] = json!(u);
        }
        embeds.push(e);
    }
    json!({
        "content": cut(&format!("**{}**", discord_esc(&d.title)), CONTENT),
        "embeds": embeds,
        "allowed_mentions": {"parse": []}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_the_budget_and_says_how_many_were_left_out() {
        let lines: Vec<String> = (0..100).map(|i| format!("line {i:03}")).collect();
        let more = |n: usize| format!("+{n}");
        let out = fit(&lines, 50, more);
        assert!(len(&out) <= 50, "{out}");
        assert_eq!(out, "line 000\nline 001\nline 002\nline 003\nline 004\n+95");
        assert_eq!(fit(&lines[..2], 50, more), "line 000\nline 001");
        assert_eq!(cut("가나다라", 3), "가나…");
    }

    #[test]
    fn escaping_stops_pings_and_markup() {
        assert_eq!(slack_esc("<!channel> & co"), "&lt;!channel&gt; &amp; co");
        assert_eq!(discord_esc("@everyone *x*"), "\\@everyone \\*x\\*");
    }
}
