//! Telegram Desktop `result.json` of a channel: each `type: message` is a
//! post, likes are the sum of `reactions[].count`, hashtags come from
//! `text_entities`, time from `date_unixtime`. The media of one album are
//! one post: consecutive, from one sender in one second (or one
//! `grouped_id` where an export writes it), at most ten, and a second
//! caption starts a new post. The export has no views. A full-data export
//! (every chat of the account) is read chat by chat: channels as posts.

use serde_json::Value;

use super::dataset::{Dataset, InputError, ReadOptions};
use super::values::{self, DateContext};
use crate::model::{FileReport, PartInfo, Post, Skip, SkipKind};

fn text_of(msg: &Value) -> String {
    if let Some(ents) = msg.get("text_entities").and_then(Value::as_array) {
        return ents
            .iter()
            .filter_map(|e| e.get("text").and_then(Value::as_str))
            .collect();
    }
    match msg.get("text") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|p| match p {
                Value::String(s) => Some(s.as_str()),
                other => other.get("text").and_then(Value::as_str),
            })
            .collect(),
        _ => String::new(),
    }
}

fn reactions(msg: &Value) -> i64 {
    msg.get("reactions")
        .and_then(Value::as_array)
        .map(|rs| {
            rs.iter()
                .filter_map(|r| r.get("count").and_then(Value::as_u64))
                .filter_map(|n| i64::try_from(n).ok())
                .fold(0i64, |a, b| a.saturating_add(b))
        })
        .unwrap_or(0)
}

fn is_album_part(msg: &Value) -> bool {
    msg.get("photo").is_some() || msg.get("file").is_some() || msg.get("media_type").is_some()
}

/// Items one album holds at most (Telegram's limit).
const ALBUM_MAX: usize = 10;

/// The album marker some exports write (`grouped_id`, or a `media_group_id`
/// saved from the API); Telegram Desktop's own exports have none.
fn group_of(msg: &Value) -> Option<String> {
    ["grouped_id", "media_group_id"]
        .iter()
        .find_map(|k| msg.get(*k))
        .map(|v| v.to_string().trim_matches('"').to_string())
        .filter(|v| !v.is_empty() && v != "null" && v != "0")
}

/// The album a post is gathering items into.
struct Album {
    /// (sender, unix second) of its items.
    key: (String, String),
    group: Option<String>,
    items: usize,
    /// Whether an item of it already has a caption.
    captioned: bool,
}

impl Album {
    /// Whether a media message belongs to this album: the same marker when
    /// both have one; else sent by the same sender in the same second, and
    /// the album not full. A caption after a captioned item starts a new post.
    fn takes(&self, key: &(String, String), group: &Option<String>, captioned: bool) -> bool {
        let same = match (&self.group, group) {
            (Some(a), Some(b)) => a == b,
            _ => self.key == *key,
        };
        same && self.items < ALBUM_MAX && !(captioned && self.captioned)
    }
}

/// What reading one chat's messages found, for its notes.
#[derive(Default)]
struct ChatCounts {
    service: u64,
    merged: u64,
    /// Albums cut because they reached [`ALBUM_MAX`] items or a second caption.
    split: u64,
}

/// Reads a channel's messages as posts into `ds.posts` (their file `idx`).
fn read_messages(
    ds: &mut Dataset,
    (idx, name): (usize, &str),
    channel: Option<&str>,
    messages: &[Value],
    opts: &ReadOptions,
    report: &mut FileReport,
) -> ChatCounts {
    let mut counts = ChatCounts::default();
    let mut album: Option<Album> = None;
    for msg in messages {
        if msg.get("type").and_then(Value::as_str) != Some("message") {
            counts.service += 1;
            album = None;
            continue;
        }
        let id = msg
            .get("id")
            .map(|v| v.to_string().trim_matches('"').to_string());
        let unix = msg.get("date_unixtime").and_then(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| v.as_i64().map(|n| n.to_string()))
        });
        let when = unix
            .as_deref()
            .or_else(|| msg.get("date").and_then(Value::as_str))
            .and_then(|s| values::parse_timestamp(s, &DateContext::default()));
        let Some(when) = when else {
            report.rows_read += 1;
            ds.skipped.push(Skip {
                file: name.to_string(),
                line: 0,
                reason: format!("message {}: no readable date", id.as_deref().unwrap_or("?")),
                kind: SkipKind::Invalid,
            });
            album = None;
            continue;
        };
        let sender = msg
            .get("from_id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let key = (sender, unix.clone().unwrap_or_default());
        let group = group_of(msg);
        let text = text_of(msg);
        let likes = reactions(msg);
        let media = is_album_part(msg);
        if let Some(a) = album.as_mut().filter(|_| media) {
            if a.takes(&key, &group, !text.is_empty()) {
                if let Some(prev) = ds.posts.last_mut() {
                    prev.likes = Some(prev.likes.unwrap_or(0).saturating_add(likes));
                    if !text.is_empty() {
                        let joined = match prev.text.take() {
                            Some(t) if !t.is_empty() => format!("{t}\n{text}"),
                            _ => text,
                        };
                        prev.text = Some(joined);
                        a.captioned = true;
                    }
                    a.items += 1;
                    counts.merged += 1;
                    continue;
                }
            } else if a.key == key || (a.group.is_some() && a.group == group) {
                counts.split += 1;
            }
        }
        album = media.then_some(Album {
            key,
            group,
            items: 1,
            captioned: !text.is_empty(),
        });
        report.rows_read += 1;
        ds.posts.push(Post {
            file: idx,
            line: 0,
            id,
            published_at: Some(opts.localize(when)),
            platform: Some("telegram".to_string()),
            account: channel.map(str::to_string),
            kind: msg
                .get("media_type")
                .and_then(Value::as_str)
                .map(str::to_string),
            text: (!text.is_empty()).then_some(text),
            likes: Some(likes),
            ..Default::default()
        });
        report.posts += 1;
    }
    counts
}

/// Notes on how a chat's messages were read.
fn chat_notes(counts: &ChatCounts, prefix: &str) -> Vec<String> {
    let mut notes = Vec::new();
    if counts.merged > 0 {
        notes.push(format!(
            "{prefix}{} album parts merged into their posts (one album = one post: media sent together in the same second, at most {ALBUM_MAX}; a second caption starts a new post)",
            counts.merged
        ));
    }
    if counts.split > 0 {
        notes.push(format!(
            "{prefix}{} runs of media sent in the same second were split into several posts ({ALBUM_MAX} items at most an album, one caption each)",
            counts.split
        ));
    }
    if counts.service > 0 {
        notes.push(format!(
            "{prefix}{} service messages (channel created, photo changed, ...) are not posts",
            counts.service
        ));
    }
    notes
}

const NO_VIEWS: &str =
    "Telegram exports have no views or reach: ER is by followers when --followers N is given";

pub fn read(
    ds: &mut Dataset,
    idx: usize,
    name: &str,
    doc: &Value,
    opts: &ReadOptions,
) -> Result<FileReport, InputError> {
    let Some(messages) = doc.get("messages").and_then(Value::as_array) else {
        return Err(InputError::Format {
            file: name.to_string(),
            message: "JSON that is not a known export (expected a Telegram Desktop result.json with \"messages\")"
                .to_string(),
        });
    };
    let mut report = FileReport {
        path: name.to_string(),
        format: "telegram-json".to_string(),
        platform: "telegram".to_string(),
        ..Default::default()
    };
    let channel = doc.get("name").and_then(Value::as_str);
    let counts = read_messages(ds, (idx, name), channel, messages, opts, &mut report);
    report.notes.extend(chat_notes(&counts, ""));
    report.notes.push(NO_VIEWS.to_string());
    Ok(report)
}

/// Whether a JSON document is a Telegram Desktop full-data export (every
/// chat of the account: `chats.list`, `left_chats.list`).
pub fn is_full_export(doc: &Value) -> bool {
    ["chats", "left_chats"].iter().any(|k| {
        doc.get(*k)
            .and_then(|c| c.get("list"))
            .is_some_and(Value::is_array)
    })
}

/// What Telegram's chat `type` makes of a chat: `posts` (a channel),
/// `activity_log` (a group, read by `core`), or `not_read`.
pub fn chat_kind(chat_type: &str) -> &'static str {
    if chat_type.ends_with("channel") {
        "posts"
    } else if chat_type.ends_with("group") || chat_type.ends_with("supergroup") {
        "activity_log"
    } else {
        "not_read"
    }
}

/// Reads a Telegram Desktop full-data export: every chat in `chats.list` and
/// `left_chats.list` — channels as posts; groups named as activity logs
/// (`core` reads them); personal chats and bots are not read. Each chat is a
/// part of the file's report.
pub fn read_full(
    ds: &mut Dataset,
    idx: usize,
    name: &str,
    doc: &Value,
    opts: &ReadOptions,
) -> FileReport {
    let mut report = FileReport {
        path: name.to_string(),
        format: "telegram-json".to_string(),
        platform: "telegram".to_string(),
        ..Default::default()
    };
    let chats = ["chats", "left_chats"].iter().flat_map(|k| {
        doc.get(*k)
            .and_then(|c| c.get("list"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(move |c| (*k == "left_chats", c))
    });
    let (mut channels, mut groups, mut others) = (0u64, 0u64, 0u64);
    for (left, chat) in chats {
        let chat_type = chat.get("type").and_then(Value::as_str).unwrap_or("");
        let title = chat
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| {
                chat.get("id")
                    .map(|v| format!("chat {v}"))
                    .unwrap_or_else(|| "(no name)".to_string())
            });
        let messages: &[Value] = chat
            .get("messages")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice);
        let kind = chat_kind(chat_type);
        let mut part = PartInfo {
            name: title.clone(),
            kind: kind.to_string(),
            chat_type: Some(if left {
                format!("{chat_type}, left")
            } else {
                chat_type.to_string()
            }),
            rows_read: messages.len() as u64,
            ..Default::default()
        };
        match kind {
            "posts" => {
                channels += 1;
                let (rows, posts) = (report.rows_read, report.posts);
                let counts =
                    read_messages(ds, (idx, name), Some(&title), messages, opts, &mut report);
                part.rows_read = report.rows_read - rows;
                part.posts = report.posts - posts;
                report
                    .notes
                    .extend(chat_notes(&counts, &format!("chat '{title}': ")));
            }
            "activity_log" => groups += 1,
            _ => others += 1,
        }
        report.parts.push(part);
    }
    let mut summary = format!("Telegram full-data export: {channels} channels read as posts");
    if groups > 0 {
        summary.push_str(&format!(
            "; {groups} groups are activity logs, read by `smmkpi core`"
        ));
    }
    if others > 0 {
        summary.push_str(&format!(
            "; {others} personal chats, bots and saved messages are not read"
        ));
    }
    report.notes.insert(0, summary);
    if channels > 0 {
        report.notes.push(NO_VIEWS.to_string());
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn album(group: Option<&str>, items: usize, captioned: bool) -> Album {
        Album {
            key: ("channel1".to_string(), "100".to_string()),
            group: group.map(str::to_string),
            items,
            captioned,
        }
    }

    #[test]
    fn an_album_takes_items_of_its_second_up_to_ten_and_one_caption() {
        let same = ("channel1".to_string(), "100".to_string());
        let later = ("channel1".to_string(), "101".to_string());
        assert!(album(None, 1, true).takes(&same, &None, false));
        assert!(!album(None, 1, true).takes(&later, &None, false));
        assert!(album(None, 9, false).takes(&same, &None, false));
        assert!(!album(None, ALBUM_MAX, false).takes(&same, &None, false));
        assert!(!album(None, 2, true).takes(&same, &None, true));
        assert!(album(None, 2, false).takes(&same, &None, true));
        // A marker on both decides, whatever the second.
        let g = Some("7".to_string());
        assert!(album(Some("7"), 1, false).takes(&later, &g, false));
        assert!(!album(Some("8"), 1, false).takes(&same, &g, false));
        assert_eq!(
            group_of(&serde_json::json!({"grouped_id": 13})),
            Some("13".to_string())
        );
        assert_eq!(group_of(&serde_json::json!({"grouped_id": 0})), None);
        assert_eq!(chat_kind("private_supergroup"), "activity_log");
        assert_eq!(chat_kind("public_channel"), "posts");
        assert_eq!(chat_kind("personal_chat"), "not_read");
    }
}
