//! The canonical fields of SPEC §2: every reader maps its input onto these
//! types, and everything downstream (metrics, renderers) sees only them.

use chrono::{FixedOffset, NaiveDateTime};
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

/// One post, as read from one row (or one JSON object) of an export.
/// `None` means "not reported", which is never the same as 0.
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
    pub reach: Option<u64>,
    pub views: Option<u64>,
    pub followers: Option<u64>,
    pub likes: Option<u64>,
    pub comments: Option<u64>,
    pub reposts: Option<u64>,
    pub saves: Option<u64>,
    pub poll_votes: Option<u64>,
    pub link_clicks: Option<u64>,
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReachSplit {
    /// People who follow the account (VK `reach_subscribers`).
    pub subscribers: Option<u64>,
    /// People who do not follow it, reached through reposts and
    /// recommendations (VK `reach_viral`).
    pub viral: Option<u64>,
    /// People reached by paid promotion (VK `reach_ads`).
    pub ads: Option<u64>,
}

/// How many people turned away from a post (VK `stats.getPostReach`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Negative {
    /// Hid the post from their feed (VK `hide`).
    pub hide: Option<u64>,
    /// Reported the post (VK `report`).
    pub report: Option<u64>,
    /// Unfollowed the account from the post (VK `unsubscribe`).
    pub unsubscribe: Option<u64>,
}

impl Negative {
    /// hide + report + unsubscribe, over the parts reported; `None` when none is.
    pub fn total(&self) -> Option<u64> {
        [self.hide, self.report, self.unsubscribe]
            .into_iter()
            .flatten()
            .fold(None, |acc: Option<u64>, v| {
                Some(acc.unwrap_or(0).saturating_add(v))
            })
    }
}

/// The count fields a post may carry, in the order outputs list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Count {
    Reach,
    Views,
    Followers,
    Likes,
    Comments,
    Reposts,
    Saves,
    PollVotes,
    LinkClicks,
}

impl Count {
    pub const ALL: [Count; 9] = [
        Count::Reach,
        Count::Views,
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
            Count::Followers => "followers",
            Count::Likes => "likes",
            Count::Comments => "comments",
            Count::Reposts => "reposts",
            Count::Saves => "saves",
            Count::PollVotes => "poll_votes",
            Count::LinkClicks => "link_clicks",
        }
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
    pub fn count(&self, c: Count) -> Option<u64> {
        match c {
            Count::Reach => self.reach,
            Count::Views => self.views,
            Count::Followers => self.followers,
            Count::Likes => self.likes,
            Count::Comments => self.comments,
            Count::Reposts => self.reposts,
            Count::Saves => self.saves,
            Count::PollVotes => self.poll_votes,
            Count::LinkClicks => self.link_clicks,
        }
    }

    pub fn set_count(&mut self, c: Count, v: Option<u64>) {
        let slot = match c {
            Count::Reach => &mut self.reach,
            Count::Views => &mut self.views,
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
