//! "Record on GitHub" links (with `repo:` in cohort.yaml): plain links, no
//! script, that open a new issue in the cohort's repository with the slash
//! command already written, for the progress workflow to record (`github
//! apply` reads a new issue's body as a comment). A learner's `/done` names
//! no learner (the issue's author does), so it is the same link on every
//! learner's page; a mentor's `/approve` and `/changes` name the learner and
//! the task. Where something is the learner's or mentor's to add (the
//! evidence, what to change) the body holds the theme's placeholder, which
//! `github apply` answers rather than records when it is left in.
//!
//! GitHub's new-issue page fills its form from the `title` and `body` query
//! parameters; nothing else is given, and they are encoded as a form
//! encodes them (a space is `+`). Since a learner's link is the same on every
//! learner's page, and a page holds one per task left to do, it is written
//! once: each task has a small page of its own (`record/WEEK/TASK.html`)
//! that sends the browser on to the form (a `refresh` with no delay, and the
//! link itself for a browser that does not follow it), and learner pages
//! link that page.

use std::collections::BTreeMap;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What a query value keeps unencoded: RFC 3986's unreserved characters,
/// and `/` and `:`, which a query may hold as they are (and every task id
/// has a `/`). `+` is encoded, as a form's query reads it as a space; so are
/// `&`, `=`, `#` and `%`.
const QUERY_VALUE: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/').remove(b':');

/// The links of one site: the repository's new-issue page and the theme's
/// titles and placeholders, in the site's language.
pub(super) struct IssueLinks {
    new_issue: String,
    done_title: String,
    approve_title: String,
    changes_title: String,
    evidence: String,
    changes: String,
}

impl IssueLinks {
    /// `repo` is `OWNER/NAME` (cohort.yaml checks it); `t` the theme's strings.
    pub(super) fn new(repo: &str, t: &BTreeMap<String, String>) -> IssueLinks {
        let t = |key: &str| t.get(key).cloned().unwrap_or_else(|| key.to_string());
        IssueLinks {
            new_issue: format!("https://github.com/{repo}/issues/new"),
            done_title: t("record_done_title"),
            approve_title: t("record_approve_title"),
            changes_title: t("record_changes_title"),
            evidence: t("record_evidence_placeholder"),
            changes: t("record_changes_placeholder"),
        }
    }

    /// `/done TASK <evidence placeholder>`, by the learner who opens it.
    pub(super) fn done(&self, task: &str) -> String {
        let title = self.done_title.replace("{task}", task);
        self.issue(&title, &format!("/done {task} {}", self.evidence))
    }

    /// `/approve LEARNER TASK`, by their mentor.
    pub(super) fn approve(&self, learner: &str, task: &str) -> String {
        let title = self.approve_title.replace("{learner}", learner).replace("{task}", task);
        self.issue(&title, &format!("/approve {learner} {task}"))
    }

    /// `/changes LEARNER TASK <what to change>`, by their mentor.
    pub(super) fn changes(&self, learner: &str, task: &str) -> String {
        let title = self.changes_title.replace("{learner}", learner).replace("{task}", task);
        self.issue(&title, &format!("/changes {learner} {task} {}", self.changes))
    }

    /// The page that sends a learner on to [`IssueLinks::done`] for `task`
    /// (its full id), in `lang`, the link named `label`.
    pub(super) fn done_page(&self, task: &str, lang: &str, label: &str) -> String {
        let url = crate::html::esc(&self.done(task));
        let (label, task) = (crate::html::esc(label), crate::html::esc(task));
        format!(
            "<!doctype html>\n<html lang=\"{lang}\">\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\n\
             <meta name=\"robots\" content=\"noindex\">\n\
             <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n\
             <title>{label}: {task}</title>\n<p><a href=\"{url}\">{label}: {task}</a></p>\n</html>\n"
        )
    }

    fn issue(&self, title: &str, body: &str) -> String {
        format!("{}?title={}&body={}", self.new_issue, query_value(title), query_value(body))
    }
}

/// `text` percent-encoded as a form's value, a space as `+` (a `+` of the
/// text is `%2B`, so `%20` → `+` cannot meet one).
fn query_value(text: &str) -> String {
    utf8_percent_encode(text, QUERY_VALUE).to_string().replace("%20", "+")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::github::command::{self, Command};
    use crate::model::{Status, Verdict};

    fn strings(lang: &str) -> BTreeMap<String, String> {
        let text = match lang {
            "ko" => include_str!("../../../themes/default/i18n/ko.yaml"),
            _ => include_str!("../../../themes/default/i18n/en.yaml"),
        };
        crate::model::yaml::from_str(text).unwrap()
    }

    /// The title and body a browser hands GitHub's new-issue page.
    fn opened(link: &str) -> (String, String) {
        let url = url::Url::parse(link).unwrap();
        assert_eq!(
            (url.scheme(), url.host_str(), url.path()),
            ("https", Some("github.com"), "/octo/devops-study/issues/new")
        );
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["title", "body"], "only what the form needs: {link}");
        (pairs[0].1.clone(), pairs[1].1.clone())
    }

    /// The body's one command, as `github apply` reads it.
    fn command_of(body: &str) -> Command {
        let lines = command::commands(body);
        assert_eq!(lines.len(), 1, "{body}");
        lines[0].parsed.clone().unwrap_or_else(|p| panic!("{body}: {p:?}"))
    }

    #[test]
    fn done_opens_an_issue_with_the_command_and_the_placeholder_to_replace() {
        for lang in ["en", "ko"] {
            let t = strings(lang);
            let links = IssueLinks::new("octo/devops-study", &t);
            let (title, body) = opened(&links.done("terraform-vpc/vpc"));
            let placeholder = &t["record_evidence_placeholder"];
            assert_eq!(body, format!("/done terraform-vpc/vpc {placeholder}"));
            assert!(title.contains("terraform-vpc/vpc") && !title.contains('{'), "{title}");
            // What the learner submits once the link is in.
            let filled = body.replace(placeholder.as_str(), "https://github.com/kimdev/infra/pull/3");
            assert_eq!(
                command_of(&filled),
                Command::Progress {
                    status: Status::Done,
                    task: "terraform-vpc/vpc".into(),
                    evidence: vec!["https://github.com/kimdev/infra/pull/3".into()],
                    hours: None,
                    note: None,
                }
            );
        }
    }

    #[test]
    fn approve_and_changes_name_the_learner_and_the_task() {
        for lang in ["en", "ko"] {
            let t = strings(lang);
            let links = IssueLinks::new("octo/devops-study", &t);
            let (title, body) = opened(&links.approve("kim", "terraform-vpc/vpc"));
            assert!(title.contains("kim") && title.contains("terraform-vpc/vpc"), "{title}");
            assert_eq!(
                command_of(&body),
                Command::Review {
                    learner: "kim".into(),
                    task: "terraform-vpc/vpc".into(),
                    verdict: Verdict::Approved,
                    comment: None
                }
            );
            let (_, body) = opened(&links.changes("kim", "terraform-vpc/vpc"));
            let placeholder = &t["record_changes_placeholder"];
            assert_eq!(body, format!("/changes kim terraform-vpc/vpc {placeholder}"));
            let filled = body.replace(placeholder.as_str(), "서브넷을 *둘로* 나눠 주세요 & 다시");
            assert_eq!(
                command_of(&filled),
                Command::Review {
                    learner: "kim".into(),
                    task: "terraform-vpc/vpc".into(),
                    verdict: Verdict::Changes,
                    comment: Some("서브넷을 *둘로* 나눠 주세요 & 다시".into())
                }
            );
        }
    }

    /// Characters a query reads specially (`&`, `=`, `+`, `#`, `%`, a
    /// space) arrive as written, whatever a theme puts in its strings.
    #[test]
    fn every_character_survives_the_trip() {
        let mut t = strings("en");
        t.insert("record_done_title".into(), "a+b & c=d #1 100% %20 \"q\" <x> 완료 {task}".into());
        t.insert("record_evidence_placeholder".into(), "<링크 + more&x=y#z>".into());
        let link = IssueLinks::new("octo/devops-study", &t).done("w1/t-1");
        assert!(!link.contains(' ') && !link.contains('#') && !link.contains('<'), "{link}");
        let (title, body) = opened(&link);
        assert_eq!(title, "a+b & c=d #1 100% %20 \"q\" <x> 완료 w1/t-1");
        assert_eq!(body, "/done w1/t-1 <링크 + more&x=y#z>");
    }
}
