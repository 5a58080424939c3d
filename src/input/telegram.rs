//! Telegram Desktop `result.json` of a channel: each `type: message` is a
//! post, likes are the sum of `reactions[].count`, hashtags come from
//! `text_entities`, time from `date_unixtime`. Photos of one album (same
//! sender, same second, consecutive) are one post. The export has no views.

use serde_json::Value;

use super::dataset::{Dataset, InputError, ReadOptions};
use super::values::{self, DateContext};
use crate::model::{FileReport, Post, Skip, SkipKind};

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
    let channel = doc.get("name").and_then(Value::as_str).map(str::to_string);
    let mut service = 0u64;
    let mut merged = 0u64;
    // (sender, unix second) of the last post, to merge album parts into it.
    let mut last_key: Option<(String, String)> = None;
    for msg in messages {
        if msg.get("type").and_then(Value::as_str) != Some("message") {
            service += 1;
            last_key = None;
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
            continue;
        };
        let sender = msg
            .get("from_id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let key = (sender, unix.clone().unwrap_or_default());
        let text = text_of(msg);
        let likes = reactions(msg);
        if is_album_part(msg) && last_key.as_ref() == Some(&key) {
            if let Some(prev) = ds.posts.last_mut() {
                prev.likes = Some(prev.likes.unwrap_or(0).saturating_add(likes));
                if !text.is_empty() {
                    let joined = match prev.text.take() {
                        Some(t) if !t.is_empty() => format!("{t}\n{text}"),
                        _ => text,
                    };
                    prev.text = Some(joined);
                }
                merged += 1;
                continue;
            }
        }
        last_key = is_album_part(msg).then_some(key);
        report.rows_read += 1;
        ds.posts.push(Post {
            file: idx,
            line: 0,
            id,
            published_at: Some(opts.localize(when)),
            platform: Some("telegram".to_string()),
            account: channel.clone(),
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
    if merged > 0 {
        report.notes.push(format!(
            "{merged} album parts merged into their posts (one album = one post)"
        ));
    }
    if service > 0 {
        report.notes.push(format!(
            "{service} service messages (channel created, photo changed, ...) are not posts"
        ));
    }
    report.notes.push(
        "Telegram exports have no views or reach: ER is by followers when --followers N is given"
            .to_string(),
    );
    Ok(report)
}
