//! What a JSON document that smmkpi does not read looks like, in words a
//! user can act on: a VK comments response is named as one (not taken for
//! a wall of posts, nor answered with what a Telegram export should hold),
//! and any other document by its shape, so the message says what was given
//! as well as what was expected.

use serde_json::Value;

use super::dataset::InputError;
use super::vk;

/// What smmkpi reads as JSON, for the end of a message.
const EXPECTED: &str = "smmkpi reads a Telegram Desktop result.json with \"messages\", \
    a VK wall.get response with post items (\"date\", \"likes\", \"comments\"), \
    or a VK stats.getPostReach response (\"post_id\", \"reach_total\")";

/// The `response` bodies of a VK document (one per page of a list of
/// responses), or the document itself when it has no envelope.
fn bodies(doc: &Value) -> Vec<&Value> {
    match doc {
        Value::Array(pages)
            if !pages.is_empty() && pages.iter().all(|p| p.get("response").is_some()) =>
        {
            pages.iter().filter_map(|p| p.get("response")).collect()
        }
        _ => vec![doc.get("response").unwrap_or(doc)],
    }
}

/// The first item of the bodies' lists (`items`, or a body that is a list).
fn first_item(doc: &Value) -> Option<&Value> {
    bodies(doc).into_iter().find_map(|b| {
        let list = match b {
            Value::Array(a) => a,
            other => other.get("items")?.as_array()?,
        };
        list.first()
    })
}

/// A VK `wall.getComments` response (or `items` of one): comments carry
/// their author (`from_id`), a `date` and the post they answer (`post_id`,
/// `parents_stack`, `thread`), and none of a post's own counters.
pub fn is_vk_comments(doc: &Value) -> bool {
    let Some(item) = first_item(doc).filter(|v| v.is_object()) else {
        return false;
    };
    let has = |k: &str| item.get(k).is_some();
    has("from_id")
        && has("date")
        && (has("parents_stack") || has("thread") || has("post_id"))
        && !has("post_type")
        && !has("reposts")
        && !has("views")
        && !has("reach_total")
}

/// What a document is, when it is a VK response smmkpi does not read as
/// posts.
fn vk_kind(doc: &Value) -> Option<&'static str> {
    if is_vk_comments(doc) {
        return Some(
            "a VK wall.getComments response: comments on a post, each by its author (from_id), \
             not posts (for post figures give the wall.get response of the posts)",
        );
    }
    let item = first_item(doc)?;
    let in_response = doc.get("response").is_some()
        || doc
            .as_array()
            .is_some_and(|a| a.iter().any(|p| p.get("response").is_some()));
    if item.is_number() && in_response {
        return Some(
            "a VK likes.getList (or members) response: a list of user ids who liked or joined, not posts",
        );
    }
    let has = |k: &str| item.get(k).is_some();
    if has("first_name") && has("last_name") {
        return Some("a VK list of users (users.get and the like), not posts");
    }
    if has("screen_name") && has("name") && !has("date") {
        return Some("a VK list of communities (groups.getById and the like), not posts");
    }
    None
}

/// A Telegram Desktop export that holds no chat's messages: the whole
/// account's export, or its profile only.
fn telegram_kind(doc: &Value) -> Option<&'static str> {
    let obj = doc.as_object()?;
    let has = |k: &str| obj.contains_key(k);
    if has("chats") || has("left_chats") {
        return Some(
            "a Telegram Desktop export of the whole account (chats.list): export one channel or group \
             (its result.json has \"messages\") to read it",
        );
    }
    if has("personal_information") || has("about") || has("contacts") || has("frequent_contacts") {
        return Some(
            "a Telegram Desktop export of the account's profile, with no chat's messages: \
             export one channel or group to read it",
        );
    }
    None
}

/// Up to six keys of an object, quoted.
fn keys(obj: &serde_json::Map<String, Value>) -> String {
    let mut names: Vec<String> = obj.keys().take(6).map(|k| format!("\"{k}\"")).collect();
    if obj.len() > 6 {
        names.push(format!("… ({} keys)", obj.len()));
    }
    names.join(", ")
}

/// The shape of any JSON value, briefly: an object and its keys, a list and
/// what it holds.
pub fn shape(doc: &Value) -> String {
    match doc {
        Value::Object(o) if o.is_empty() => "an empty object".to_string(),
        Value::Object(o) => format!("an object with the keys {}", keys(o)),
        Value::Array(a) if a.is_empty() => "an empty list".to_string(),
        Value::Array(a) => {
            let n = a.len();
            match &a[0] {
                Value::Object(o) => {
                    format!("a list of {n} items, the first with the keys {}", keys(o))
                }
                Value::Array(_) => format!("a list of {n} lists"),
                Value::Number(_) => format!("a list of {n} numbers"),
                Value::String(_) => format!("a list of {n} strings"),
                _ => format!("a list of {n} values"),
            }
        }
        Value::String(_) => "a lone string".to_string(),
        Value::Number(_) => "a lone number".to_string(),
        Value::Bool(_) | Value::Null => "a lone value".to_string(),
    }
}

/// The message for a JSON document that is no export smmkpi reads: what it
/// looks like, then what smmkpi reads.
pub fn unknown_json(doc: &Value) -> String {
    if let Some(e) = vk::api_error(doc) {
        return e;
    }
    match vk_kind(doc).or_else(|| telegram_kind(doc)) {
        Some(kind) => format!("JSON that is not a known export: this is {kind}"),
        None => format!(
            "JSON that is not a known export: it is {}; {EXPECTED}",
            shape(doc)
        ),
    }
}

/// Largest JSON file read again to say what it is, when an activity log
/// turns out not to be one.
const MAX_DESCRIBED: u64 = 256 << 20;

/// An activity log read as a Telegram chat export that is none: when the
/// file is JSON smmkpi can name (a VK response, a Telegram export without a
/// chat), the error says what it is rather than what a Telegram export
/// should hold.
pub fn activity_json(err: InputError, path: &str) -> InputError {
    let InputError::Format { file, message } = err else {
        return err;
    };
    let telegram_said = message.starts_with("JSON that is not a Telegram Desktop chat export")
        || message.starts_with("not a readable Telegram Desktop export: invalid type");
    let named = telegram_said
        .then(|| std::fs::metadata(path).ok())
        .flatten()
        .filter(|m| m.is_file() && m.len() <= MAX_DESCRIBED)
        .and_then(|_| std::fs::read(path).ok())
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
        .and_then(|doc| {
            vk::api_error(&doc).or_else(|| {
                vk_kind(&doc)
                    .or_else(|| telegram_kind(&doc))
                    .map(|kind| format!("JSON that is not a chat export: this is {kind}"))
            })
        });
    InputError::Format {
        file,
        message: named.unwrap_or(message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn vk_comments_are_named_as_comments() {
        let comments = json!({"response": {"count": 2, "items": [
            {"id": 5, "from_id": 42, "post_id": 7, "owner_id": -1, "date": 1700000000,
             "text": "hi", "parents_stack": [], "thread": {"count": 0, "items": []}}
        ], "current_level_count": 1}});
        assert!(is_vk_comments(&comments));
        let m = unknown_json(&comments);
        assert!(m.contains("VK wall.getComments"), "{m}");
        assert!(!m.contains("Telegram"), "{m}");
        // Bare items and a list of pages are comments too.
        assert!(is_vk_comments(&comments["response"]["items"]));
        assert!(is_vk_comments(&json!([comments.clone(), comments])));
    }

    #[test]
    fn a_wall_post_is_not_a_comment() {
        let wall = json!({"response": {"items": [
            {"id": 7, "from_id": -1, "owner_id": -1, "date": 1700000000, "post_type": "post",
             "likes": {"count": 3}, "reposts": {"count": 0}}
        ]}});
        assert!(!is_vk_comments(&wall));
    }

    #[test]
    fn other_vk_lists_and_telegram_exports_are_named() {
        let likes = json!({"response": {"count": 3, "items": [1, 2, 3]}});
        assert!(unknown_json(&likes).contains("likes.getList"));
        let users = json!({"response": [{"id": 1, "first_name": "A", "last_name": "B"}]});
        assert!(unknown_json(&users).contains("list of users"));
        let full = json!({"about": "...", "chats": {"list": []}, "left_chats": {"list": []}});
        assert!(unknown_json(&full).contains("whole account"));
    }

    #[test]
    fn anything_else_is_described_by_its_shape() {
        let m = unknown_json(&json!({"data": [{"post": 1}], "version": "2.0"}));
        assert!(m.starts_with("JSON that is not a known export"), "{m}");
        assert!(
            m.contains("an object with the keys \"data\", \"version\""),
            "{m}"
        );
        assert!(m.contains("Telegram Desktop result.json"), "{m}");
        assert_eq!(shape(&json!([1, 2])), "a list of 2 numbers");
        assert_eq!(shape(&json!([])), "an empty list");
        assert_eq!(
            shape(&json!([{"a": 1}])),
            "a list of 1 items, the first with the keys \"a\""
        );
    }
}
