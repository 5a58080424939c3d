//! The canonical fields every reader maps its input onto, and the plain
//! data readers report of each file: everything downstream (metrics,
//! documents, renderers) sees only these types.

mod ads;
mod file;
mod mention;
mod money;
mod month;

pub use ads::*;
pub use file::*;
pub use mention::*;
pub use money::*;
pub use month::Month;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime};
use serde::Serialize;

/// A moment as an export states it: the wall-clock time, and the UTC offset
/// when the export says which one it is (ISO with offset, Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    /// Wall-clock time in the zone the period grouping uses.
    pub local: NaiveDateTime,
    /// Offset from UTC, when known.
    pub offset: Option<FixedOffset>,
}

impl Timestamp {
    pub fn naive(local: NaiveDateTime) -> Self {
        Timestamp {
            local,
            offset: None,
        }
    }

    /// ISO 8601 text: with the offset when it is known, without otherwise.
    pub fn to_iso(&self) -> String {
        match self.offset {
            Some(off) => self
                .local
                .and_local_timezone(off)
                .single()
                .map(|dt| dt.to_rfc3339())
                .unwrap_or_else(|| self.local.format("%Y-%m-%dT%H:%M:%S").to_string()),
            None => self.local.format("%Y-%m-%dT%H:%M:%S").to_string(),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_iso())
    }
}

impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "ISO 8601 date and time: with the UTC offset when the export states it (`2025-01-31T10:15:00+03:00`), the wall-clock time without one otherwise.",
            "type": "string",
            "pattern": "^[+-]?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$"
        })
    }
}

/// One post, as read from one row (or one JSON object) of an export.
/// `None` means "not reported", which is never the same as 0.
///
/// Counts are signed: an export of a period (YouTube Studio's table of
/// videos) writes a count as the period's net change, and `Likes` is -3 for
/// a video that lost three likes more than it gained. Reach and followers
/// count people and are never negative ([`Count::may_be_negative`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Post {
    /// Index of the input file in the run (into `ReadSummary::files`).
    pub file: usize,
    /// 1-based line of the row in its file (0 when the source has no lines).
    pub line: u64,
    pub id: Option<String>,
    pub published_at: Option<Timestamp>,
    pub platform: Option<String>,
    pub account: Option<String>,
    pub kind: Option<String>,
    pub text: Option<String>,
    pub reach: Option<i64>,
    pub views: Option<i64>,
    /// Times the post (or its thumbnail) was shown, where the export counts
    /// that apart from views (YouTube's thumbnail impressions).
    pub impressions: Option<i64>,
    pub followers: Option<i64>,
    pub likes: Option<i64>,
    pub comments: Option<i64>,
    pub reposts: Option<i64>,
    pub saves: Option<i64>,
    pub poll_votes: Option<i64>,
    pub link_clicks: Option<i64>,
    pub utm_campaign: Option<String>,
    pub utm_content: Option<String>,
    /// Where the reach came from, for the few sources that split it (VK).
    /// Boxed: most posts carry none, and they should not pay for it.
    pub reach_split: Option<Box<ReachSplit>>,
    /// Negative feedback, for the few sources that report it (VK).
    pub negative: Option<Box<Negative>>,
}

/// A post's reach by where the people came from (VK `stats.getPostReach`).
/// The parts may overlap, so they need not add up to the total reach.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ReachSplit {
    /// People who follow the account (VK `reach_subscribers`).
    pub subscribers: Option<i64>,
    /// People who do not follow it, reached through reposts and
    /// recommendations (VK `reach_viral`).
    pub viral: Option<i64>,
    /// People reached by paid promotion (VK `reach_ads`).
    pub ads: Option<i64>,
}

/// How many people turned away from a post (VK `stats.getPostReach`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Negative {
    /// Hid the post from their feed (VK `hide`).
    pub hide: Option<i64>,
    /// Reported the post (VK `report`).
    pub report: Option<i64>,
    /// Unfollowed the account from the post (VK `unsubscribe`).
    pub unsubscribe: Option<i64>,
}

impl Negative {
    /// hide + report + unsubscribe, over the parts reported; `None` when none is.
    pub fn total(&self) -> Option<i64> {
        [self.hide, self.report, self.unsubscribe]
            .into_iter()
            .flatten()
            .fold(None, |acc: Option<i64>, v| {
                Some(acc.unwrap_or(0).saturating_add(v))
            })
    }
}

/// The count fields a post may carry, in the order outputs list them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Count {
    Reach,
    Views,
    Impressions,
    Followers,
    Likes,
    Comments,
    Reposts,
    Saves,
    PollVotes,
    LinkClicks,
}

impl Count {
    pub const ALL: [Count; 10] = [
        Count::Reach,
        Count::Views,
        Count::Impressions,
        Count::Followers,
        Count::Likes,
        Count::Comments,
        Count::Reposts,
        Count::Saves,
        Count::PollVotes,
        Count::LinkClicks,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Count::Reach => "reach",
            Count::Views => "views",
            Count::Impressions => "impressions",
            Count::Followers => "followers",
            Count::Likes => "likes",
            Count::Comments => "comments",
            Count::Reposts => "reposts",
            Count::Saves => "saves",
            Count::PollVotes => "poll_votes",
            Count::LinkClicks => "link_clicks",
        }
    }

    /// Whether an export may write the count as a net change below 0: reach
    /// and followers count people (a level, never a change); every other
    /// count may be a period's net change (likes removed outnumbering likes
    /// given, views taken back as invalid).
    pub fn may_be_negative(self) -> bool {
        !matches!(self, Count::Reach | Count::Followers)
    }

    pub fn parse(name: &str) -> Option<Count> {
        let n = name.trim().to_ascii_lowercase().replace('-', "_");
        Count::ALL
            .into_iter()
            .find(|c| c.name() == n)
            .or(match n.as_str() {
                "polls" | "poll" | "votes" => Some(Count::PollVotes),
                "shares" | "repost" => Some(Count::Reposts),
                "clicks" => Some(Count::LinkClicks),
                "like" => Some(Count::Likes),
                "comment" => Some(Count::Comments),
                "save" => Some(Count::Saves),
                _ => None,
            })
    }
}

impl Post {
    pub fn count(&self, c: Count) -> Option<i64> {
        match c {
            Count::Reach => self.reach,
            Count::Views => self.views,
            Count::Impressions => self.impressions,
            Count::Followers => self.followers,
            Count::Likes => self.likes,
            Count::Comments => self.comments,
            Count::Reposts => self.reposts,
            Count::Saves => self.saves,
            Count::PollVotes => self.poll_votes,
            Count::LinkClicks => self.link_clicks,
        }
    }

    pub fn set_count(&mut self, c: Count, v: Option<i64>) {
        let slot = match c {
            Count::Reach => &mut self.reach,
            Count::Views => &mut self.views,
            Count::Impressions => &mut self.impressions,
            Count::Followers => &mut self.followers,
            Count::Likes => &mut self.likes,
            Count::Comments => &mut self.comments,
            Count::Reposts => &mut self.reposts,
            Count::Saves => &mut self.saves,
            Count::PollVotes => &mut self.poll_votes,
            Count::LinkClicks => &mut self.link_clicks,
        };
        *slot = v;
    }
}

/// What an account-level daily figure measures: Meta's `Reach.csv` and
/// `Follows.csv`, TikTok's Overview and follower history, YouTube's chart
/// data. These are not posts: they feed period figures and audience growth.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SeriesMetric {
    /// Accounts reached that day (not additive across days: people overlap).
    Reach,
    /// Views (or impressions) that day.
    Views,
    /// Unique viewers that day.
    Viewers,
    /// Content interactions that day.
    Interactions,
    Likes,
    Comments,
    Reposts,
    Saves,
    /// Clicks on links (in posts or the profile) that day.
    LinkClicks,
    /// Profile or page visits that day.
    ProfileVisits,
    /// Followers at the end of the day (a level, not a change).
    Followers,
    /// New followers that day.
    FollowersGained,
    /// Followers lost that day.
    FollowersLost,
    /// Net change of followers that day (gained − lost; may be negative).
    FollowersNet,
}

impl SeriesMetric {
    pub const ALL: [SeriesMetric; 14] = [
        SeriesMetric::Reach,
        SeriesMetric::Views,
        SeriesMetric::Viewers,
        SeriesMetric::Interactions,
        SeriesMetric::Likes,
        SeriesMetric::Comments,
        SeriesMetric::Reposts,
        SeriesMetric::Saves,
        SeriesMetric::LinkClicks,
        SeriesMetric::ProfileVisits,
        SeriesMetric::Followers,
        SeriesMetric::FollowersGained,
        SeriesMetric::FollowersLost,
        SeriesMetric::FollowersNet,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SeriesMetric::Reach => "reach",
            SeriesMetric::Views => "views",
            SeriesMetric::Viewers => "viewers",
            SeriesMetric::Interactions => "interactions",
            SeriesMetric::Likes => "likes",
            SeriesMetric::Comments => "comments",
            SeriesMetric::Reposts => "reposts",
            SeriesMetric::Saves => "saves",
            SeriesMetric::LinkClicks => "link_clicks",
            SeriesMetric::ProfileVisits => "profile_visits",
            SeriesMetric::Followers => "followers",
            SeriesMetric::FollowersGained => "followers_gained",
            SeriesMetric::FollowersLost => "followers_lost",
            SeriesMetric::FollowersNet => "followers_net",
        }
    }

    /// A level (followers on a day) is not summed over a period: the period
    /// takes its last value. Every other metric is a daily flow and is summed.
    pub fn is_level(self) -> bool {
        self == SeriesMetric::Followers
    }

    /// Counts of people (reach, viewers, followers) are never negative; a
    /// daily flow may be, where the export writes a day's net change.
    pub fn may_be_negative(self) -> bool {
        !matches!(
            self,
            SeriesMetric::Reach | SeriesMetric::Viewers | SeriesMetric::Followers
        )
    }
}

/// One day of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SeriesPoint {
    pub date: NaiveDate,
    pub value: i64,
}

/// A daily series of one metric from one file (or one block of a file).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Series {
    /// Index of the input file in the run.
    #[serde(skip)]
    pub file: usize,
    pub metric: SeriesMetric,
    /// What the export calls it: `Instagram follows`, `Video Views`.
    pub label: String,
    /// `instagram`, `facebook`, `tiktok`, `youtube`, or the file's platform.
    pub platform: String,
    /// One point a day, in date order; a day the export lists twice is summed
    /// (YouTube's chart data lists each video's views per day).
    pub points: Vec<SeriesPoint>,
}

/// One row of a web-analytics table (Yandex Metrica, GA4, Google Ads): the
/// dimension values that identify it (source, campaign, UTM tags, ...) and the
/// figures. Rates are in % (an export's `0.7497` is read as 74.97 %).
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct WebRow {
    /// 1-based line in the file.
    pub line: u64,
    /// Dimension columns as the export names them, with this row's values.
    pub dimensions: Vec<Dimension>,
    pub date: Option<NaiveDate>,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub utm_content: Option<String>,
    /// Visits (Metrica) or sessions (GA4).
    pub visits: Option<u64>,
    /// Visitors (Metrica) or total users (GA4).
    pub users: Option<u64>,
    pub new_users: Option<u64>,
    pub pageviews: Option<u64>,
    /// Share of visits that bounced, in %.
    pub bounce_rate: Option<f64>,
    /// GA4 engaged sessions / sessions, in %.
    pub engagement_rate: Option<f64>,
    /// Pages per visit.
    pub page_depth: Option<f64>,
    /// Mean visit (session) duration, in seconds.
    pub avg_duration_secs: Option<f64>,
    /// Goal completions, key events or conversions.
    pub conversions: Option<f64>,
    /// Conversions per visit or per user as the export states it, in %.
    pub conversion_rate: Option<f64>,
    /// Share of new visitors (users) as the export states it, in %
    /// (Metrica's `Доля новых посетителей`).
    pub new_share: Option<f64>,
    /// New leads.
    pub leads: Option<u64>,
    pub revenue: Option<f64>,
    /// Ad clicks (Google Ads).
    pub clicks: Option<u64>,
    /// Ad impressions (Google Ads).
    pub impressions: Option<u64>,
    /// Ad spend (Google Ads), in the report's currency.
    pub cost: Option<f64>,
    /// The row's values of the table's other number columns (GA4's `Event
    /// count`, `Returning users`, ...), in the order of the table's `figures`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Option<f64>>,
}

/// A number column of a web-analytics table that is none of the figures
/// smmkpi names (GA4's `Event count`, `Engaged sessions`, `Returning users`):
/// its values are numbers, not a dimension, and what its total is depends on
/// what it counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct WebFigure {
    /// The header.
    pub name: String,
    pub kind: FigureKind,
}

/// What a [`WebFigure`] counts, which decides its total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    /// Events, sessions, ...: the total is Σ over the rows.
    Count,
    /// People (`Returning users`): the total is Σ over the rows, which counts
    /// a person once per row they appear in — not a count of unique people.
    People,
    /// A rate, mean or ratio (`Event count per active user`): no total.
    Rate,
}

/// A dimension cell of a web-analytics row: `Источник трафика` = `Переходы из социальных сетей`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Dimension {
    pub name: String,
    pub value: String,
}
