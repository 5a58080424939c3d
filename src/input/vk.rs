//! VK API JSON. A `wall.get` response gives the posts (likes, comments,
//! reposts, views, a Unix date); a `stats.getPostReach` response gives, per
//! post id, what the wall lacks: reach, its split, link clicks and negative
//! feedback. People save the two in separate files and pass them in any
//! order, so reach rows wait in the dataset and are joined onto the posts by
//! post id once every file is read ([`join_reach`]).

use std::collections::{HashMap, HashSet};
use std::fmt::Display;

use chrono::{Datelike, TimeZone};
use serde_json::Value;

use super::dataset::{Dataset, ReachRow, ReadOptions};
use super::values::{self, DateContext};
use crate::model::{FileReport, Negative, Post, ReachSplit, Skip, SkipKind, Timestamp};

/// What a VK JSON document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `wall.get` (or `wall.getById`) posts.
    Wall,
    /// `stats.getPostReach` rows.
    Reach,
}

/// The `response` bodies of a document: one for `{"response": ...}`, one per
/// page for `[{"response": ...}, ...]`, the document itself for a body saved
/// without its envelope.
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

/// The list a body holds: `items` of a `wall.get` body, or the body itself
/// when it is an array (`stats.getPostReach`, a bare array of items).
fn list_of(body: &Value) -> Option<&Vec<Value>> {
    match body {
        Value::Array(a) => Some(a),
        other => other.get("items").and_then(Value::as_array),
    }
}

/// Fields only a `stats.getPostReach` row has (beside `post_id`).
const REACH_FIELDS: [&str; 8] = [
    "reach_total",
    "reach_subscribers",
    "reach_viral",
    "reach_ads",
    "links",
    "hide",
    "report",
    "unsubscribe",
];

/// Fields a `wall.get` item has (beside `date`).
const WALL_FIELDS: [&str; 7] = [
    "likes",
    "comments",
    "reposts",
    "views",
    "owner_id",
    "from_id",
    "post_type",
];

/// `v` has `key` and at least one of `any_of`.
fn looks_like(v: &Value, key: &str, any_of: &[&str]) -> bool {
    v.get(key).is_some() && any_of.iter().any(|k| v.get(k).is_some())
}

/// Which VK document `doc` is, judged by its shape; `None` when it is not one.
pub fn detect(doc: &Value) -> Option<Shape> {
    let bodies = bodies(doc);
    let lists: Vec<&Vec<Value>> = bodies.iter().filter_map(|b| list_of(b)).collect();
    match lists.iter().flat_map(|l| l.iter()).find(|v| v.is_object()) {
        Some(v) if looks_like(v, "post_id", &REACH_FIELDS) => Some(Shape::Reach),
        Some(v) if looks_like(v, "date", &WALL_FIELDS) => Some(Shape::Wall),
        Some(_) => None,
        // A wall with no posts yet still says `items`.
        None => bodies
            .iter()
            .any(|b| b.get("items").is_some_and(Value::is_array))
            .then_some(Shape::Wall),
    }
}

/// The message of a VK API error response (`{"error": {"error_code", "error_msg"}}`).
pub fn api_error(doc: &Value) -> Option<String> {
    let e = doc.get("error")?;
    let code = e.get("error_code").map(|c| c.to_string());
    let msg = e.get("error_msg").and_then(Value::as_str).unwrap_or("");
    Some(format!(
        "this is a VK API error response (error {}: {msg}), not data; request it again",
        code.as_deref().unwrap_or("?")
    ))
}

/// A count as VK writes it: a number, or digits in a string. `Err` holds a
/// value that is there but is not a count.
fn count(v: Option<&Value>) -> Result<Option<i64>, String> {
    let unsigned = match v {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.as_u64().ok_or_else(|| n.to_string())?,
        Some(Value::String(s)) => match values::parse_count(s) {
            Ok(Some(n)) => n,
            Ok(None) => return Ok(None),
            Err(_) => return Err(format!("\"{s}\"")),
        },
        Some(other) => return Err(other.to_string()),
    };
    i64::try_from(unsigned)
        .map(Some)
        .map_err(|_| unsigned.to_string())
}

/// `likes.count` and the like (a bare number is taken too).
fn nested_count(item: &Value, key: &str) -> Result<Option<i64>, String> {
    match item.get(key) {
        Some(obj @ Value::Object(_)) => count(obj.get("count")),
        other => count(other),
    }
}

fn int(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Values that were there but could not be read; they become "not reported"
/// and the file's notes say so.
#[derive(Default)]
struct Unreadable {
    count: u64,
    first: Option<String>,
}

impl Unreadable {
    fn take(&mut self, at: &str, field: &str, r: Result<Option<i64>, String>) -> Option<i64> {
        r.unwrap_or_else(|raw| {
            self.count += 1;
            self.first
                .get_or_insert_with(|| format!("{at} {field} = {raw}"));
            None
        })
    }

    fn note(&self) -> Option<String> {
        self.first.as_ref().map(|first| {
            format!(
                "values that are not counts, read as not reported: {} (first: {first})",
                self.count
            )
        })
    }
}

/// Up to five ids, then how many more.
fn some_ids<T: Display>(ids: &[T]) -> String {
    let mut s = ids
        .iter()
        .take(5)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > 5 {
        s.push_str(&format!(" and {} more", ids.len() - 5));
    }
    s
}

/// Adds `what: N (first ids)` to the notes when there are any ids.
fn note_ids<T: Display>(notes: &mut Vec<String>, what: &str, ids: &[T]) {
    if !ids.is_empty() {
        notes.push(format!("{what}: {} ({})", ids.len(), some_ids(ids)));
    }
}

/// (owner, post number) of a VK post id as this reader writes it
/// (`-1234_567`, or `567` without an owner) or as VK links write it (`wall-1234_567`).
fn post_key(id: &str) -> Option<(Option<i64>, u64)> {
    let t = id.trim().rsplit("wall").next().unwrap_or_default();
    match t.split_once('_') {
        Some((owner, num)) => Some((Some(owner.parse().ok()?), num.parse().ok()?)),
        None => Some((None, t.parse().ok()?)),
    }
}

fn vk_key(p: &Post) -> Option<(Option<i64>, u64)> {
    if p.platform.as_deref() != Some("vk") {
        return None;
    }
    post_key(p.id.as_deref()?)
}

/// Names of the walls' owners from an extended response: communities are
/// negative owner ids, people positive.
fn owner_names(bodies: &[&Value]) -> HashMap<i64, String> {
    let mut names = HashMap::new();
    for b in bodies {
        for g in b
            .get("groups")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let (Some(id), Some(name)) =
                (int(g.get("id")), g.get("name").and_then(Value::as_str))
            {
                names.insert(-id, name.to_string());
            }
        }
        for p in b
            .get("profiles")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(id) = int(p.get("id")) {
                let name: Vec<&str> = ["first_name", "last_name"]
                    .iter()
                    .filter_map(|k| p.get(*k).and_then(Value::as_str))
                    .filter(|s| !s.is_empty())
                    .collect();
                if !name.is_empty() {
                    names.insert(id, name.join(" "));
                }
            }
        }
    }
    names
}

fn date_of(item: &Value) -> Option<Timestamp> {
    match item.get("date")? {
        Value::Number(n) => {
            let dt = chrono::Utc.timestamp_opt(n.as_i64()?, 0).single()?;
            // The same years as written dates: seconds that reach past 9999
            // are not a post's date (most likely milliseconds).
            if !(1..=9999).contains(&dt.year()) {
                return None;
            }
            Some(Timestamp {
                local: dt.naive_utc(),
                offset: chrono::FixedOffset::east_opt(0),
            })
        }
        Value::String(s) => values::parse_timestamp(s, &DateContext::default()),
        _ => None,
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The caption: the post's own text, or for a repost that adds none, the
/// text of the post it shares.
fn text_of(item: &Value) -> (String, bool) {
    let own = str_of(item, "text").unwrap_or("").trim();
    if !own.is_empty() {
        return (own.to_string(), false);
    }
    let shared = item
        .get("copy_history")
        .and_then(Value::as_array)
        .and_then(|h| h.first())
        .and_then(|c| str_of(c, "text"))
        .unwrap_or("")
        .trim();
    (shared.to_string(), !shared.is_empty())
}

/// `utm_campaign` and `utm_content` of the first link attachment that has either.
fn utm_of(attachments: &[Value]) -> (Option<String>, Option<String>) {
    for a in attachments {
        let Some(url) = a.get("link").and_then(|l| str_of(l, "url")) else {
            continue;
        };
        let Some((_, query)) = url.split_once('?') else {
            continue;
        };
        let query = query.split('#').next().unwrap_or_default();
        let (mut campaign, mut content) = (None, None);
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            match k.as_ref() {
                "utm_campaign" if !v.is_empty() => campaign = Some(v.into_owned()),
                "utm_content" if !v.is_empty() => content = Some(v.into_owned()),
                _ => {}
            }
        }
        if campaign.is_some() || content.is_some() {
            return (campaign, content);
        }
    }
    (None, None)
}

/// Σ `poll.votes` of the post's poll attachments; `None` without a poll.
fn poll_votes(attachments: &[Value], at: &str, bad: &mut Unreadable) -> Option<i64> {
    attachments
        .iter()
        .filter_map(|a| a.get("poll"))
        .filter_map(|p| bad.take(at, "poll.votes", count(p.get("votes"))))
        .fold(None, |acc: Option<i64>, v| {
            Some(acc.unwrap_or(0).saturating_add(v))
        })
}

fn new_report(name: &str) -> FileReport {
    FileReport {
        path: name.to_string(),
        format: "vk-json".to_string(),
        platform: "vk".to_string(),
        ..Default::default()
    }
}

fn skip(ds: &mut Dataset, report: &mut FileReport, name: &str, reason: String) {
    report.rows_read += 1;
    ds.skipped.push(Skip {
        file: name.to_string(),
        line: 0,
        reason,
        kind: SkipKind::Invalid,
    });
}

/// Reads a VK document of a known shape into the dataset.
pub fn read(
    ds: &mut Dataset,
    idx: usize,
    name: &str,
    doc: &Value,
    shape: Shape,
    opts: &ReadOptions,
) -> FileReport {
    let bodies = bodies(doc);
    let items: Vec<&Value> = bodies
        .iter()
        .filter_map(|b| list_of(b))
        .flat_map(|l| l.iter())
        .collect();
    let slot = ds.files.len();
    match shape {
        Shape::Wall => {
            ds.vk.walls.push((slot, idx));
            read_wall(ds, idx, name, &bodies, &items, opts)
        }
        Shape::Reach => {
            ds.vk.reach_files.push(slot);
            read_reach(ds, slot, name, &items)
        }
    }
}

fn read_wall(
    ds: &mut Dataset,
    idx: usize,
    name: &str,
    bodies: &[&Value],
    items: &[&Value],
    opts: &ReadOptions,
) -> FileReport {
    let mut report = new_report(name);
    let names = owner_names(bodies);
    let mut seen: HashSet<(Option<i64>, u64)> = ds.posts.iter().filter_map(vk_key).collect();
    let mut bad = Unreadable::default();
    // Ids of the posts each note names.
    let (mut unpublished, mut repeated, mut pinned) = (Vec::new(), Vec::new(), Vec::new());
    let (mut no_views, mut shared_text) = (Vec::new(), Vec::new());
    for (n, item) in items.iter().enumerate() {
        let n = n + 1;
        if !item.is_object() {
            skip(
                ds,
                &mut report,
                name,
                format!("item {n}: not a post object"),
            );
            continue;
        }
        let owner = int(item.get("owner_id"));
        let num = int(item.get("id")).and_then(|i| u64::try_from(i).ok());
        let id = match (owner, num) {
            (Some(o), Some(i)) => Some(format!("{o}_{i}")),
            (None, Some(i)) => Some(i.to_string()),
            _ => None,
        };
        let at = format!("post {}", id.as_deref().unwrap_or("?"));
        // Scheduled and suggested posts sit on the wall unpublished.
        if let Some(t @ ("postpone" | "suggest")) = str_of(item, "post_type") {
            unpublished.push(format!("{} ({t})", id.as_deref().unwrap_or("?")));
            continue;
        }
        if let Some(i) = num {
            if !seen.insert((owner, i)) {
                repeated.push(id.clone().unwrap_or_default());
                continue;
            }
        }
        let Some(when) = date_of(item) else {
            skip(
                ds,
                &mut report,
                name,
                format!("item {n} ({at}): no readable date"),
            );
            continue;
        };
        report.rows_read += 1;
        let shown = id.clone().unwrap_or_else(|| format!("item {n}"));
        let (text, shared) = text_of(item);
        if shared {
            shared_text.push(shown.clone());
        }
        if int(item.get("is_pinned")) == Some(1) {
            pinned.push(shown.clone());
        }
        let views = bad.take(&at, "views.count", nested_count(item, "views"));
        if views.is_none() {
            no_views.push(shown);
        }
        let attachments = item
            .get("attachments")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let (utm_campaign, utm_content) = utm_of(attachments);
        let kind = if int(item.get("marked_as_ads")) == Some(1) {
            Some("ad".to_string())
        } else {
            str_of(item, "post_type").map(str::to_string)
        };
        ds.posts.push(Post {
            file: idx,
            line: 0,
            id,
            published_at: Some(opts.localize(when)),
            platform: Some("vk".to_string()),
            account: owner.map(|o| names.get(&o).cloned().unwrap_or_else(|| o.to_string())),
            kind,
            text: (!text.is_empty()).then_some(text),
            views,
            likes: bad.take(&at, "likes.count", nested_count(item, "likes")),
            comments: bad.take(&at, "comments.count", nested_count(item, "comments")),
            reposts: bad.take(&at, "reposts.count", nested_count(item, "reposts")),
            poll_votes: poll_votes(attachments, &at, &mut bad),
            utm_campaign,
            utm_content,
            ..Default::default()
        });
        report.posts += 1;
    }
    report.notes.push("a VK wall.get response".to_string());
    let lists = [
        (
            "pinned posts (they stay on top and keep gathering views: compare them with care)",
            &pinned,
        ),
        (
            "posts without views.count (VK did not count views then), so views not reported",
            &no_views,
        ),
        (
            "reposts that add no text, read with the shared post's text (copy_history)",
            &shared_text,
        ),
        (
            "scheduled or suggested posts, not published, so left out",
            &unpublished,
        ),
        (
            "posts already read (overlapping pages or files), counted once",
            &repeated,
        ),
    ];
    for (what, ids) in lists {
        note_ids(&mut report.notes, what, ids);
    }
    report.notes.extend(bad.note());
    report
}

fn read_reach(ds: &mut Dataset, slot: usize, name: &str, rows: &[&Value]) -> FileReport {
    let mut report = new_report(name);
    let mut bad = Unreadable::default();
    let mut read = 0u64;
    for (n, row) in rows.iter().enumerate() {
        let n = n + 1;
        let post_id = int(row.get("post_id")).and_then(|i| u64::try_from(i).ok());
        let Some(post_id) = post_id.filter(|_| row.is_object()) else {
            skip(ds, &mut report, name, format!("reach row {n}: no post_id"));
            continue;
        };
        let at = format!("reach row {n} (post_id {post_id})");
        let mut get = |key: &str| bad.take(&at, key, count(row.get(key)));
        let reach_total = get("reach_total");
        let links = get("links");
        let split = ReachSplit {
            subscribers: get("reach_subscribers"),
            viral: get("reach_viral"),
            ads: get("reach_ads"),
        };
        let negative = Negative {
            hide: get("hide"),
            report: get("report"),
            unsubscribe: get("unsubscribe"),
        };
        ds.vk.reach.push(ReachRow {
            report: slot,
            owner_id: int(row.get("owner_id")),
            post_id,
            reach_total,
            links,
            split,
            negative,
        });
        read += 1;
    }
    report.notes.push(format!(
        "a VK stats.getPostReach response: {read} reach rows, joined onto wall.get posts by post id"
    ));
    report.notes.extend(bad.note());
    report
}

/// What joining found that the caller may act on.
#[derive(Debug, Default)]
pub struct Joined {
    /// A reach file of a run that has no VK posts to join it to.
    pub reach_without_posts: Option<String>,
}

/// Per reach file: what became of its rows.
#[derive(Default)]
struct Outcome {
    joined: u64,
    unmatched: Vec<u64>,
    ambiguous: Vec<u64>,
    repeated: Vec<u64>,
}

fn apply(post: &mut Post, row: ReachRow) {
    if row.reach_total.is_some() {
        post.reach = row.reach_total;
    }
    if row.links.is_some() {
        post.link_clicks = row.links;
    }
    if row.split != ReachSplit::default() {
        post.reach_split = Some(Box::new(row.split));
    }
    if row.negative != Negative::default() {
        post.negative = Some(Box::new(row.negative));
    }
}

/// Joins the waiting reach rows onto the VK posts (by post id, within the
/// same owner when the row names one) and says in the files' notes what
/// matched and what did not. Rows that match no post are not posts, so they
/// are noted, not skipped. Runs once, after every file is read.
pub fn join_reach(ds: &mut Dataset) -> Joined {
    let pending = std::mem::take(&mut ds.vk);
    let mut by_num: HashMap<u64, Vec<(Option<i64>, usize)>> = HashMap::new();
    for (i, p) in ds.posts.iter().enumerate() {
        if let Some((owner, num)) = vk_key(p) {
            by_num.entry(num).or_default().push((owner, i));
        }
    }
    let vk_posts: usize = by_num.values().map(Vec::len).sum();
    let mut outcomes: HashMap<usize, Outcome> = HashMap::new();
    let mut joined_posts: HashSet<usize> = HashSet::new();
    let any_rows = !pending.reach.is_empty();
    for row in pending.reach {
        let out = outcomes.entry(row.report).or_default();
        let targets: Vec<usize> = by_num
            .get(&row.post_id)
            .into_iter()
            .flatten()
            .filter(|(owner, _)| {
                row.owner_id.is_none() || owner.is_none() || *owner == row.owner_id
            })
            .map(|(_, i)| *i)
            .collect();
        match targets.as_slice() {
            [] => out.unmatched.push(row.post_id),
            [i] => {
                if joined_posts.insert(*i) {
                    apply(&mut ds.posts[*i], row);
                    out.joined += 1;
                } else {
                    out.repeated.push(row.post_id);
                }
            }
            _ => out.ambiguous.push(row.post_id),
        }
    }
    for &slot in &pending.reach_files {
        let out = outcomes.remove(&slot).unwrap_or_default();
        let Some(report) = ds.files.get_mut(slot) else {
            continue;
        };
        if vk_posts == 0 {
            report.notes.push(
                "no wall.get posts in this run to join the reach rows to: give the wall.get response too"
                    .to_string(),
            );
            continue;
        }
        report.notes.push(format!(
            "reach rows joined to posts: {}; VK posts of the run with reach stats: {} of {vk_posts}",
            out.joined,
            joined_posts.len()
        ));
        let lists = [
            (
                "reach rows whose post_id matches no post of the wall.get files given",
                &out.unmatched,
            ),
            (
                "reach rows whose post_id is on several walls (they name no owner_id), left out",
                &out.ambiguous,
            ),
            (
                "reach rows for a post_id already joined (the first is kept)",
                &out.repeated,
            ),
        ];
        for (what, ids) in lists {
            note_ids(&mut report.notes, what, ids);
        }
    }
    for &(slot, idx) in &pending.walls {
        let (posts, with_reach) = ds
            .posts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.file == idx && p.platform.as_deref() == Some("vk"))
            .fold((0u64, 0u64), |(n, r), (i, _)| {
                (n + 1, r + u64::from(joined_posts.contains(&i)))
            });
        let Some(report) = ds.files.get_mut(slot) else {
            continue;
        };
        if !any_rows {
            report.notes.push(
                "wall.get has no reach: give the stats.getPostReach response of the same posts too \
                 (smmkpi report wall.json reach.json) for reach, CTR and negative feedback; \
                 without it ER is by views"
                    .to_string(),
            );
        } else if posts > 0 {
            report.notes.push(format!(
                "posts with reach from stats.getPostReach: {with_reach} of {posts}"
            ));
        }
    }
    Joined {
        reach_without_posts: (vk_posts == 0)
            .then(|| pending.reach_files.first())
            .flatten()
            .and_then(|&slot| ds.files.get(slot))
            .map(|f| f.path.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn post_keys_read_vk_notation_bare_ids_and_wall_links() {
        assert_eq!(post_key("-1234_567"), Some((Some(-1234), 567)));
        assert_eq!(post_key("567"), Some((None, 567)));
        assert_eq!(
            post_key("https://vk.com/wall-1234_567"),
            Some((Some(-1234), 567))
        );
        assert_eq!(post_key("abc"), None);
        assert_eq!(post_key(""), None);
    }

    #[test]
    fn detects_wall_and_reach_documents_by_shape() {
        let post = json!({"id": 1, "owner_id": -1, "date": 1740992400, "likes": {"count": 1}});
        let row = json!({"post_id": 1, "reach_total": 10});
        assert_eq!(
            detect(&json!({"response": {"count": 1, "items": [post]}})),
            Some(Shape::Wall)
        );
        assert_eq!(detect(&json!({"items": [post]})), Some(Shape::Wall));
        assert_eq!(detect(&json!([post])), Some(Shape::Wall));
        assert_eq!(
            detect(&json!([{"response": {"items": [post]}}])),
            Some(Shape::Wall)
        );
        assert_eq!(
            detect(&json!({"response": {"count": 0, "items": []}})),
            Some(Shape::Wall)
        );
        assert_eq!(detect(&json!({"response": [row]})), Some(Shape::Reach));
        assert_eq!(detect(&json!([row])), Some(Shape::Reach));
        assert_eq!(
            detect(&json!([{"response": [row]}, {"response": [row]}])),
            Some(Shape::Reach)
        );
    }

    #[test]
    fn detects_nothing_in_other_json() {
        assert_eq!(detect(&json!({"messages": []})), None);
        assert_eq!(detect(&json!([])), None);
        assert_eq!(detect(&json!([{"a": 1}])), None);
        assert_eq!(detect(&json!({"response": 1})), None);
        assert_eq!(detect(&json!("text")), None);
    }

    #[test]
    fn utm_tags_are_decoded_from_the_first_tagged_link() {
        let atts = [
            json!({"type": "photo", "photo": {"id": 1}}),
            json!({"type": "link", "link": {"url": "https://example.com/"}}),
            json!({"type": "link", "link": {"url": "https://example.com/?utm_campaign=spring%20menu&utm_content=a+b#x"}}),
        ];
        assert_eq!(
            utm_of(&atts),
            (Some("spring menu".to_string()), Some("a b".to_string()))
        );
        assert_eq!(utm_of(&atts[..2]), (None, None));
    }

    #[test]
    fn counts_are_numbers_or_digit_strings() {
        assert_eq!(count(Some(&json!(12))), Ok(Some(12)));
        assert_eq!(count(Some(&json!("12"))), Ok(Some(12)));
        assert_eq!(count(Some(&json!(null))), Ok(None));
        assert_eq!(count(None), Ok(None));
        assert!(count(Some(&json!(-1))).is_err());
        assert!(count(Some(&json!(1.5))).is_err());
        assert!(count(Some(&json!([1]))).is_err());
    }

    #[test]
    fn some_ids_lists_five_then_counts_the_rest() {
        assert_eq!(some_ids(&[1, 2]), "1, 2");
        assert_eq!(some_ids(&[1, 2, 3, 4, 5, 6, 7]), "1, 2, 3, 4, 5 and 2 more");
    }
}
