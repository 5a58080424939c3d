//! VK API responses as an activity log: the community's own record of who
//! is active. A `wall.getComments` response (one, or a list of them, one per
//! post or page) gives each comment as an action by its author (`from_id`)
//! at its `date` (Unix seconds); the replies in a comment's `thread.items`
//! are comments too. A `likes.getList` response lists who liked a post: each
//! entry is a `like`, dated by the entry's `date`, or by a `date` saved with
//! the list (VK gives likes no date of their own: an undated like is skipped
//! and said so, never put in a month it may not belong to).
//!
//! The responses are small (VK returns at most 100 comments and 1,000 likes
//! a call), so a file of them is read whole.

use std::collections::HashSet;
use std::io::Read;

use serde_json::Value;

use super::scan::{ActionFilter, Dates, RowFail, Scanned};
use super::Collector;
use crate::input::dataset::InputError;
use crate::model::ActivityFile;

/// Whether the start of a JSON document (past a BOM and blank space) is a VK
/// API response rather than a Telegram export: a list at the top (of
/// responses, or of comments), or an object whose first key is VK's
/// (`response`, `items`, `count`, `error`).
pub(crate) fn looks_like_vk(start: &[u8]) -> bool {
    let mut i = start.iter().skip_while(|b| b.is_ascii_whitespace());
    match i.next() {
        Some(b'[') => true,
        Some(b'{') => {
            let rest: Vec<u8> = i
                .skip_while(|b| b.is_ascii_whitespace())
                .skip(1)
                .take_while(|&&b| b != b'"')
                .take(16)
                .copied()
                .collect();
            matches!(
                rest.as_slice(),
                b"response" | b"items" | b"count" | b"error"
            )
        }
        _ => false,
    }
}

/// What one file held, for its notes.
#[derive(Default)]
struct Found {
    comments: u64,
    replies: u64,
    likes: u64,
    /// Likes with no date of their own nor of their list: skipped.
    undated_likes: u64,
    by_communities: u64,
    repeated: u64,
    deleted: u64,
}

/// A comment or like as an action: its author's id and its time, both as text.
fn act(
    batch: &mut Scanned,
    what: &str,
    who: Option<String>,
    date: Option<String>,
    at: &str,
    dates: &Dates,
    filter: &ActionFilter,
) {
    batch.rows += 1;
    let Some(user) = who.and_then(|w| batch.user(w.as_bytes())) else {
        batch.skip_row(
            0,
            RowFail::NoUser,
            format!("{at}: a {what} with no author (from_id)"),
        );
        return;
    };
    let Some(raw) = date else {
        batch.skip_row(
            0,
            RowFail::NoDate,
            format!("{at}: a {what} with no date (VK gives likes none: save the list with the post's \"date\")"),
        );
        return;
    };
    let month = match dates.month_bits(raw.as_bytes()) {
        Ok(m) => m,
        Err(fail) => {
            batch.date_skip(0, fail, raw.as_bytes());
            return;
        }
    };
    if !batch.tally(what.as_bytes(), filter) {
        batch.filtered_out += 1;
        return;
    }
    batch.add(user, month);
}

/// A scalar as text: VK writes ids and dates as numbers, some savers as strings.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// The bodies of a document: `{"response": ...}`, a list of such
/// responses, a body saved without its envelope, or a bare list of items.
fn bodies(doc: &Value) -> Vec<&Value> {
    match doc {
        Value::Array(list) if list.iter().any(|p| p.get("response").is_some()) => list
            .iter()
            .map(|p| p.get("response").unwrap_or(p))
            .collect(),
        Value::Object(o) => vec![o.get("response").unwrap_or(doc)],
        other => vec![other],
    }
}

struct Reader<'a> {
    batch: Scanned,
    dates: &'a Dates,
    filter: &'a ActionFilter,
    seen: HashSet<(String, String)>,
    found: Found,
}

impl Reader<'_> {
    /// One item of a list: a comment (with its thread), or a like.
    fn item(&mut self, item: &Value, list_date: Option<&String>, reply: bool) {
        let comment = item.get("from_id").is_some()
            || item.get("text").is_some()
            || item.get("thread").is_some()
            || item.get("deleted").is_some();
        if !comment {
            return self.like(item, list_date);
        }
        let id = text(item.get("id")).unwrap_or_else(|| "?".to_string());
        let owner = text(item.get("owner_id")).unwrap_or_default();
        if id != "?" && !self.seen.insert((owner, id.clone())) {
            self.found.repeated += 1;
        } else {
            let who = text(item.get("from_id"));
            match &who {
                None if item.get("deleted").is_some() => self.found.deleted += 1,
                None => {}
                Some(w) => {
                    if w.starts_with('-') {
                        self.found.by_communities += 1;
                    }
                    if reply {
                        self.found.replies += 1;
                    } else {
                        self.found.comments += 1;
                    }
                }
            }
            act(
                &mut self.batch,
                "comment",
                who,
                text(item.get("date")),
                &format!("comment {id}"),
                self.dates,
                self.filter,
            );
        }
        let thread = item
            .get("thread")
            .and_then(|t| t.get("items"))
            .and_then(Value::as_array);
        for r in thread.into_iter().flatten() {
            self.item(r, list_date, true);
        }
    }

    /// An entry of a `likes.getList` list: a user id, or a profile object
    /// (`{"type": "profile", "id": ...}`; a community's id is negative).
    fn like(&mut self, entry: &Value, list_date: Option<&String>) {
        let who = match entry {
            Value::Object(o) => {
                text(o.get("id")).map(|id| match o.get("type").and_then(Value::as_str) {
                    Some("group" | "page") if !id.starts_with('-') => format!("-{id}"),
                    _ => id,
                })
            }
            other => text(Some(other)),
        };
        let date = text(entry.get("date")).or_else(|| list_date.cloned());
        self.found.likes += 1;
        if date.is_none() {
            self.found.undated_likes += 1;
        }
        act(
            &mut self.batch,
            "like",
            who,
            date,
            "like",
            self.dates,
            self.filter,
        );
    }
}

/// Reads VK responses into the collector.
pub(crate) fn read(
    mut reader: impl Read,
    report: &mut ActivityFile,
    dates: &Dates,
    filter: &ActionFilter,
    c: &mut Collector,
) -> Result<(), InputError> {
    let name = report.path.clone();
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(crate::input::dataset::MAX_JSON_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Io {
            file: name.clone(),
            source,
        })?;
    if bytes.len() as u64 > crate::input::dataset::MAX_JSON_BYTES {
        return Err(crate::input::dataset::json_too_large(
            &name,
            bytes.len() as u64,
            crate::input::dataset::MAX_JSON_BYTES,
        ));
    }
    let doc: Value = serde_json::from_slice(&bytes).map_err(|e| InputError::Format {
        file: name.clone(),
        message: format!("looks like JSON but is not valid JSON: {e}"),
    })?;
    if let Some(err) = doc.get("error") {
        return Err(InputError::Format {
            file: name,
            message: format!(
                "a VK API error response, not data: {}",
                err.get("error_msg")
                    .and_then(Value::as_str)
                    .unwrap_or("no message")
            ),
        });
    }
    report.format = "vk-json".to_string();
    let mut r = Reader {
        batch: Scanned::new(c.ids()),
        dates,
        filter,
        seen: HashSet::new(),
        found: Found::default(),
    };
    let mut lists = 0;
    // A date saved beside a likes list (`{"date": ..., "response": {...}}`).
    let wrappers: Vec<Option<String>> = match &doc {
        Value::Array(list) => list.iter().map(|p| text(p.get("date"))).collect(),
        other => vec![text(other.get("date"))],
    };
    let posts = bodies(&doc).into_iter().any(|b| {
        let items = match b {
            Value::Array(a) => Some(a),
            other => other.get("items").and_then(Value::as_array),
        };
        items.into_iter().flatten().any(|i| {
            ["post_type", "reposts", "views", "reach_total"]
                .iter()
                .any(|k| i.get(*k).is_some())
        })
    });
    if posts {
        return Err(InputError::Format {
            file: name,
            message: "a VK response of posts (wall.get) or of post reach (stats.getPostReach), not of actions: `smmkpi report` reads it; `smmkpi core` reads who acted — wall.getComments and likes.getList responses".to_string(),
        });
    }
    for (i, body) in bodies(&doc).into_iter().enumerate() {
        let list_date = text(body.get("date")).or_else(|| wrappers.get(i).cloned().flatten());
        let items = match body {
            Value::Array(a) => Some(a),
            other => other.get("items").and_then(Value::as_array),
        };
        let Some(items) = items else { continue };
        lists += 1;
        for item in items {
            r.item(item, list_date.as_ref(), false);
        }
    }
    if lists == 0 {
        return Err(InputError::Format {
            file: name,
            message: "a VK API response with no list of items: smmkpi core reads wall.getComments responses (comments by from_id and date) and likes.getList responses".to_string(),
        });
    }
    c.commit(report, 0, r.batch);
    let f = r.found;
    let mut what = Vec::new();
    if f.comments + f.replies > 0 {
        what.push(format!(
            "{} comments ({} of them replies in threads)",
            f.comments + f.replies,
            f.replies
        ));
    }
    if f.likes > f.undated_likes {
        what.push(format!("{} likes", f.likes - f.undated_likes));
    }
    report.notes.push(format!(
        "VK API responses: {} read as actions by their authors",
        if what.is_empty() {
            "nothing".to_string()
        } else {
            what.join(" and ")
        }
    ));
    if f.by_communities > 0 {
        report.notes.push(format!(
            "{} comments are by communities (from_id below 0), such as the community answering as itself",
            f.by_communities
        ));
    }
    if f.undated_likes > 0 {
        report.notes.push(format!(
            "{} likes of lists with no date are skipped: VK dates no like, so save each likes.getList response with its post's \"date\" to count them in a month",
            f.undated_likes
        ));
    }
    if f.deleted > 0 {
        report.notes.push(format!(
            "{} deleted comments have no author: skipped",
            f.deleted
        ));
    }
    if f.repeated > 0 {
        report.notes.push(format!(
            "{} comments listed twice (the same owner_id and id) are counted once",
            f.repeated
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vk_responses_are_told_from_telegram_exports_by_their_start() {
        assert!(looks_like_vk(b"{\"response\": {\"count\": 1}}"));
        assert!(looks_like_vk(b"  { \"items\": []}"));
        assert!(looks_like_vk(b"[{\"response\": {}}]"));
        assert!(!looks_like_vk(
            b"{\"name\": \"Chat\", \"type\": \"private_group\"}"
        ));
        assert!(!looks_like_vk(b"{\n \"about\": \"Here is the data\"}"));
        assert!(!looks_like_vk(b""));
    }
}
