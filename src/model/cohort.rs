//! `cohort.yaml`: the study group, its mentors and the site settings.

use jiff::civil::Date;
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cohort {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub language: Language,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub start: Option<Date>,
    /// The day pages, `status` and `report` treat as today once it has
    /// passed: a finished cohort's site stays as it was on that day.
    #[serde(default)]
    pub as_of: Option<Date>,
    #[serde(default = "utc")]
    pub timezone: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub cname: Option<String>,
    #[serde(default = "seven")]
    pub stale_after_days: u32,
    /// Whether the public site ranks learners by urgency and shows "N days
    /// inactive": off by default, so a learner who falls behind is not put
    /// on show. The full view and the mentors' queues always do.
    #[serde(default)]
    pub public_urgency: bool,
    /// The left half of every learner's README badge (none: the roadmap's title).
    #[serde(default)]
    pub badge_label: Option<String>,
    /// Roadmap weeks per calendar week for every learner whose file has no
    /// `pace:` of its own (none: 1).
    #[serde(default)]
    pub pace: Option<f64>,
    #[serde(default)]
    pub mentors: Vec<Mentor>,
    /// `OWNER/NAME` of the GitHub repository that holds the project.
    #[serde(default)]
    pub repo: Option<String>,
    /// The branch that "edit on GitHub" links edit (default `main`).
    #[serde(default)]
    pub branch: Option<String>,
    /// The public keys (age or SSH) every sealed learner file is encrypted to.
    #[serde(default)]
    pub recipients: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Ko,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Ko => "ko",
            Language::En => "en",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mentor {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub github: Option<String>,
}

impl Cohort {
    pub fn mentor(&self, id: &str) -> Option<&Mentor> {
        self.mentors.iter().find(|m| m.id == id)
    }

    /// The day an edit is recorded on: `given` (`--today`), else the clock
    /// in the cohort's time zone, whatever `as_of` says.
    pub fn clock_today(&self, given: Option<Date>) -> Date {
        given.unwrap_or_else(|| {
            let tz = jiff::tz::TimeZone::get(&self.timezone).unwrap_or(jiff::tz::TimeZone::UTC);
            jiff::Timestamp::now().to_zoned(tz).date()
        })
    }

    /// The day progress is shown as of: [`Cohort::clock_today`], or `as_of`
    /// once that has passed.
    pub fn today(&self, given: Option<Date>) -> Date {
        let today = self.clock_today(given);
        self.as_of.map_or(today, |as_of| as_of.min(today))
    }
}

fn utc() -> String {
    "UTC".into()
}

fn default_theme() -> String {
    "default".into()
}

fn seven() -> u32 {
    7
}
