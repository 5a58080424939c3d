//! VK API JSON shaped inputs: a `wall.get` response (items with every kind
//! of id, owner, date, count, caption and post type, in every envelope VK
//! and people save it in), and optionally a `stats.getPostReach` response
//! for some of its posts and some that are on no wall, read into one run in
//! either order. Beyond the shared checks: every item is a post, a listed
//! skip, or named in a note (unpublished, already read), never lost; each
//! post carries the counts, date, caption and reach generated for it.
#![no_main]

use std::collections::{HashMap, HashSet};

use arbitrary::{Arbitrary, Unstructured};
use chrono::{Datelike, TimeZone};
use serde_json::{json, Map, Value};
use smmkpi::input::values::{self, DateContext};
use smmkpi::input::{self, Dataset};
use smmkpi::model::Post;

/// A JSON scalar with what the reader's `int` makes of it.
#[derive(Debug, Clone, Arbitrary)]
enum Int {
    Small(u16),
    Any(i64),
    Big(u64),
    /// Digits in a string, with blanks around.
    Digits(u32),
    Text(String),
    Float(f64),
}

impl Int {
    fn value(&self) -> Value {
        match self {
            Int::Small(n) => json!(n),
            Int::Any(n) => json!(n),
            Int::Big(n) => json!(n),
            Int::Digits(n) => json!(format!(" {n} ")),
            Int::Text(s) => json!(s),
            Int::Float(f) => json!(f),
        }
    }

    /// What VK's integer fields read as: a JSON integer that fits i64, or
    /// an integer in a string.
    fn read(&self) -> Option<i64> {
        match self {
            Int::Small(n) => Some(i64::from(*n)),
            Int::Any(n) => Some(*n),
            Int::Big(n) => i64::try_from(*n).ok(),
            Int::Digits(n) => Some(i64::from(*n)),
            Int::Text(s) => s.trim().parse().ok(),
            Int::Float(_) => None,
        }
    }
}

#[derive(Debug, Clone, Arbitrary)]
enum Id {
    New(Int),
    /// The id of an earlier item (a duplicate, as overlapping pages give).
    Again(u8),
    Missing,
}

#[derive(Debug, Clone, Arbitrary)]
enum Owner {
    /// A community (VK writes them negative); a few, so ids collide.
    Group(u8),
    Person(u8),
    Odd(Int),
    Missing,
}

impl Owner {
    fn value(&self) -> Option<Value> {
        match self {
            Owner::Group(g) => Some(json!(-1000 - i64::from(g % 3))),
            Owner::Person(p) => Some(json!(1 + i64::from(p % 2))),
            Owner::Odd(i) => Some(i.value()),
            Owner::Missing => None,
        }
    }

    fn read(&self) -> Option<i64> {
        match self {
            Owner::Group(g) => Some(-1000 - i64::from(g % 3)),
            Owner::Person(p) => Some(1 + i64::from(p % 2)),
            Owner::Odd(i) => i.read(),
            Owner::Missing => None,
        }
    }
}

#[derive(Debug, Clone)]
enum When {
    /// Unix seconds of a plausible post (2017 – 2026).
    Recent(u32),
    /// Milliseconds, as JavaScript gives them: far in the future as seconds.
    Millis(u32),
    Zero,
    Before1970(u32),
    Any(i64),
    Float(f64),
    /// A date as text, in any form the reader may know.
    Text(String),
    /// `2024-05-01 10:20:30`, as a string.
    Iso(u8, u8, u8),
    Null,
    Missing,
}

/// Mostly plausible dates, as VK writes them; the rest of every kind.
impl<'a> Arbitrary<'a> for When {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=159 => When::Recent(u.arbitrary()?),
            160..=169 => When::Millis(u.arbitrary()?),
            170..=174 => When::Zero,
            175..=184 => When::Before1970(u.arbitrary()?),
            185..=194 => When::Any(u.arbitrary()?),
            195..=204 => When::Float(u.arbitrary()?),
            205..=219 => When::Text(u.arbitrary()?),
            220..=239 => When::Iso(u.arbitrary()?, u.arbitrary()?, u.arbitrary()?),
            240..=247 => When::Null,
            _ => When::Missing,
        })
    }
}

/// What a date written by a VK export should read as. Unix seconds are
/// read in the years written dates may have (1 – 9999).
fn read_unix(secs: i64) -> Option<chrono::NaiveDateTime> {
    let dt = chrono::Utc.timestamp_opt(secs, 0).single()?;
    (1..=9999).contains(&dt.year()).then(|| dt.naive_utc())
}

impl When {
    fn value(&self) -> Option<Value> {
        Some(match self {
            When::Recent(s) => json!(1_500_000_000 + i64::from(s % 300_000_000)),
            When::Millis(s) => json!(millis(*s)),
            When::Zero => json!(0),
            When::Before1970(s) => json!(-i64::from(*s)),
            When::Any(n) => json!(n),
            When::Float(f) => json!(f),
            When::Text(s) => json!(s),
            When::Iso(m, d, h) => json!(iso(*m, *d, *h)),
            When::Null => Value::Null,
            When::Missing => return None,
        })
    }

    fn read(&self) -> Option<chrono::NaiveDateTime> {
        match self {
            When::Recent(s) => read_unix(1_500_000_000 + i64::from(s % 300_000_000)),
            When::Millis(s) => read_unix(millis(*s)),
            When::Zero => read_unix(0),
            When::Before1970(s) => read_unix(-i64::from(*s)),
            When::Any(n) => read_unix(*n),
            // A float is not Unix seconds (and NaN is written as null).
            When::Float(_) | When::Null | When::Missing => None,
            When::Text(s) => values::parse_timestamp(s, &DateContext::default()).map(|t| t.local),
            When::Iso(m, d, h) => {
                values::parse_timestamp(&iso(*m, *d, *h), &DateContext::default()).map(|t| t.local)
            }
        }
    }
}

fn millis(s: u32) -> i64 {
    (1_500_000_000 + i64::from(s % 300_000_000)) * 1000
}

fn iso(m: u8, d: u8, h: u8) -> String {
    format!(
        "2024-{:02}-{:02} {:02}:20:30",
        1 + m % 13,
        1 + d % 32,
        h % 25
    )
}

/// A count field: `{"count": N}` as VK writes it, and what else turns up.
#[derive(Debug, Clone, Arbitrary)]
enum Count {
    Obj(u32),
    Huge(u64),
    Unsaid,
    Null,
    Negative(i32),
    Float(f64),
    Digits(u32),
    Text(String),
    Bare(u32),
    List,
    Missing,
}

impl Count {
    /// The field's value (`nested`: inside `{"count": ...}`), `None` when absent.
    fn value(&self, nested: bool) -> Option<Value> {
        let inner = match self {
            Count::Obj(n) | Count::Bare(n) => json!(n),
            Count::Huge(n) => json!(n),
            Count::Unsaid => return Some(json!({"user_likes": 0})),
            Count::Null => Value::Null,
            Count::Negative(n) => json!(n),
            Count::Float(f) => json!(f),
            Count::Digits(n) => json!(n.to_string()),
            Count::Text(s) => json!(s),
            Count::List => json!([1]),
            Count::Missing => return None,
        };
        Some(match self {
            Count::Bare(_) | Count::List => inner,
            _ if nested => json!({ "count": inner }),
            _ => inner,
        })
    }

    /// What a post holds: counts are signed, so one above 2⁶³ − 1 is not
    /// read, nor is a number below 0 (VK writes no net changes).
    fn read(&self) -> Option<i64> {
        match self {
            Count::Obj(n) | Count::Bare(n) | Count::Digits(n) => Some(i64::from(*n)),
            Count::Huge(n) => i64::try_from(*n).ok(),
            Count::Negative(n) => Some(i64::from(*n)).filter(|n| *n >= 0),
            Count::Text(s) => values::parse_count_i64(s).ok().flatten(),
            Count::Unsaid | Count::Null | Count::Float(_) | Count::List | Count::Missing => None,
        }
    }
}

#[derive(Debug, Clone, Arbitrary)]
enum Piece {
    Word(String),
    Tag(String),
    Odd(u8),
}

const ODD: [&str; 10] = [
    "\u{200b}",
    "\u{feff}",
    "\u{202e}",
    "\u{7f}",
    "\u{0}",
    "🏳️‍🌈",
    "é",
    "\n\n",
    "#",
    " #кофе_2025",
];

fn caption(pieces: &[Piece]) -> String {
    let mut s = String::new();
    for p in pieces {
        match p {
            Piece::Word(w) => s.push_str(w),
            Piece::Tag(t) => {
                s.push('#');
                s.push_str(t);
            }
            Piece::Odd(i) => s.push_str(ODD[usize::from(*i) % ODD.len()]),
        }
        s.push(' ');
    }
    s
}

#[derive(Debug, Clone, Arbitrary)]
enum PostType {
    Post,
    Copy,
    Postpone,
    Suggest,
    Other(String),
}

impl PostType {
    fn name(&self) -> &str {
        match self {
            PostType::Post => "post",
            PostType::Copy => "copy",
            PostType::Postpone => "postpone",
            PostType::Suggest => "suggest",
            PostType::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, Arbitrary)]
struct Item {
    id: Id,
    owner: Owner,
    from_id: bool,
    when: When,
    text: Option<Vec<Piece>>,
    shared: Option<Vec<Piece>>,
    likes: Count,
    comments: Count,
    reposts: Count,
    views: Count,
    post_type: Option<PostType>,
    pinned: Option<u8>,
    ads: Option<u8>,
    poll: Option<Count>,
    link: Option<String>,
}

#[derive(Debug, Clone)]
enum Entry {
    Item(Box<Item>),
    /// What is not a post object: a number, a string, null, a list.
    Junk(Int),
    Null,
    List,
}

/// Mostly wall items; now and then something that is not a post object.
impl<'a> Arbitrary<'a> for Entry {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=239 => Entry::Item(u.arbitrary()?),
            240..=247 => Entry::Junk(u.arbitrary()?),
            248..=251 => Entry::Null,
            _ => Entry::List,
        })
    }
}

#[derive(Debug, Clone, Copy, Arbitrary)]
enum Envelope {
    /// `{"response": {"items": [...]}}`
    Response,
    /// `{"response": {"count": N, "items": [...]}}`
    Counted(u32),
    /// `{"items": [...]}`: a body saved without its envelope.
    Body,
    /// `[...]`: the items alone.
    Bare,
    /// `[{"response": {"items": [...]}}, ...]`: pages in one file.
    Pages(u8),
}

#[derive(Debug, Clone)]
enum ReachId {
    /// The id of the wall item the row comes with.
    Own,
    /// The id of any wall item.
    Wall(u8),
    Other(Int),
    Missing,
}

/// Mostly the row of the item it comes with, as a reach file for the posts
/// of a wall is.
impl<'a> Arbitrary<'a> for ReachId {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=159 => ReachId::Own,
            160..=209 => ReachId::Wall(u.arbitrary()?),
            210..=244 => ReachId::Other(u.arbitrary()?),
            _ => ReachId::Missing,
        })
    }
}

#[derive(Debug, Clone, Arbitrary)]
struct ReachRow {
    post: ReachId,
    owner: Option<Owner>,
    total: Count,
    links: Count,
    subscribers: Count,
    hide: Count,
    /// 0: a value that is not a row object.
    not_object: u8,
}

/// A wall entry, and the reach row that comes with it (for its own post or
/// another), so that reach files are as long as walls.
#[derive(Debug, Clone, Arbitrary)]
struct Slot {
    entry: Entry,
    reach: Option<ReachRow>,
}

#[derive(Debug, Clone, Arbitrary)]
struct ReachFile {
    /// `None`: `{"response": [...]}`; 0: the rows alone; else in pages.
    pages: Option<u8>,
    /// Rows in the order opposite to the wall's.
    reversed: bool,
}

#[derive(Debug, Clone, Arbitrary)]
struct Input {
    envelope: Envelope,
    groups: Vec<(u8, String)>,
    reach: Option<ReachFile>,
    reach_first: bool,
    period: u8,
    /// Last, so that it takes the rest of the input: walls of many items.
    slots: Vec<Slot>,
}

/// What the reader should make of one entry.
#[derive(Debug, Clone, PartialEq)]
enum Fate {
    Skip,
    Unpublished,
    Repeated,
    Post(Box<Expected>),
}

#[derive(Debug, Clone, PartialEq)]
struct Expected {
    key: Option<(Option<i64>, u64)>,
    id: Option<String>,
    owner: Option<i64>,
    at: chrono::NaiveDateTime,
    text: Option<String>,
    kind: Option<String>,
    likes: Option<i64>,
    comments: Option<i64>,
    reposts: Option<i64>,
    views: Option<i64>,
    poll_votes: Option<i64>,
    reach: Option<i64>,
    link_clicks: Option<i64>,
}

fn put(o: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        o.insert(key.to_string(), v);
    }
}

/// Builds the wall items and what becomes of each.
fn wall(entries: &[&Entry]) -> (Vec<Value>, Vec<Fate>, Vec<Option<Int>>) {
    let mut values = Vec::new();
    let mut fates = Vec::new();
    let mut given = Vec::new();
    // Id values given so far, for duplicates.
    let mut ids: Vec<Int> = Vec::new();
    let mut seen: HashSet<(Option<i64>, u64)> = HashSet::new();
    for e in entries {
        given.push(match e {
            Entry::Item(item) => match &item.id {
                Id::New(v) => Some(v.clone()),
                Id::Again(k) if !ids.is_empty() => Some(ids[usize::from(*k) % ids.len()].clone()),
                Id::Again(_) | Id::Missing => None,
            },
            _ => None,
        });
        let item = match e {
            Entry::Item(i) => i,
            Entry::Junk(v) => {
                values.push(v.value());
                fates.push(Fate::Skip);
                continue;
            }
            Entry::Null => {
                values.push(Value::Null);
                fates.push(Fate::Skip);
                continue;
            }
            Entry::List => {
                values.push(json!([{"id": 1, "date": 1_700_000_000}]));
                fates.push(Fate::Skip);
                continue;
            }
        };
        let mut o = Map::new();
        let id = given.last().cloned().flatten();
        if let Some(v) = &id {
            ids.push(v.clone());
        }
        put(&mut o, "id", id.as_ref().map(Int::value));
        put(&mut o, "owner_id", item.owner.value());
        if item.from_id {
            o.insert("from_id".into(), item.owner.value().unwrap_or(json!(1)));
        }
        put(&mut o, "date", item.when.value());
        let text = item.text.as_ref().map(|p| caption(p));
        put(&mut o, "text", text.as_ref().map(|t| json!(t)));
        let shared = item.shared.as_ref().map(|p| caption(p));
        if let Some(s) = &shared {
            o.insert("copy_history".into(), json!([{"id": 7, "text": s}]));
        }
        for (key, c) in [
            ("likes", &item.likes),
            ("comments", &item.comments),
            ("reposts", &item.reposts),
            ("views", &item.views),
        ] {
            put(&mut o, key, c.value(true));
        }
        put(
            &mut o,
            "post_type",
            item.post_type.as_ref().map(|t| json!(t.name())),
        );
        put(&mut o, "is_pinned", item.pinned.map(|p| json!(p % 3)));
        put(&mut o, "marked_as_ads", item.ads.map(|a| json!(a % 3)));
        let mut attachments = Vec::new();
        if let Some(poll) = &item.poll {
            let mut p = Map::new();
            put(&mut p, "votes", poll.value(false));
            attachments.push(json!({"type": "poll", "poll": p}));
        }
        if let Some(url) = &item.link {
            attachments.push(json!({"type": "link", "link": {"url": url}}));
        }
        if !attachments.is_empty() {
            o.insert("attachments".into(), Value::Array(attachments));
        }
        values.push(Value::Object(o));

        let owner = item.owner.read();
        let num = id
            .as_ref()
            .and_then(Int::read)
            .and_then(|i| u64::try_from(i).ok());
        let post_type = item.post_type.as_ref().map(PostType::name);
        let fate = if matches!(post_type, Some("postpone" | "suggest")) {
            Fate::Unpublished
        } else if num.is_some_and(|n| !seen.insert((owner, n))) {
            Fate::Repeated
        } else {
            match item.when.read() {
                None => Fate::Skip,
                Some(at) => {
                    let own = text.as_deref().unwrap_or("").trim();
                    let shared = shared.as_deref().unwrap_or("").trim();
                    let text = if own.is_empty() { shared } else { own };
                    Fate::Post(Box::new(Expected {
                        key: num.map(|n| (owner, n)),
                        id: match (owner, num) {
                            (Some(o), Some(i)) => Some(format!("{o}_{i}")),
                            (None, Some(i)) => Some(i.to_string()),
                            _ => None,
                        },
                        owner,
                        at,
                        text: (!text.is_empty()).then(|| text.to_string()),
                        kind: if item.ads.is_some_and(|a| a % 3 == 1) {
                            Some("ad".to_string())
                        } else {
                            post_type.map(str::to_string)
                        },
                        likes: item.likes.read(),
                        comments: item.comments.read(),
                        reposts: item.reposts.read(),
                        views: item.views.read(),
                        poll_votes: item.poll.as_ref().and_then(Count::read),
                        reach: None,
                        link_clicks: None,
                    }))
                }
            }
        };
        fates.push(fate);
    }
    (values, fates, given)
}

/// Wraps items in an envelope; the bool says whether some body says `items`.
fn envelope(items: Vec<Value>, env: Envelope, groups: &[(u8, String)]) -> (Value, bool) {
    let extra = |body: &mut Value| {
        if !groups.is_empty() {
            body["groups"] = groups
                .iter()
                .map(|(g, name)| json!({"id": 1000 + i64::from(g % 3), "name": name}))
                .collect();
        }
    };
    match env {
        Envelope::Response => {
            let mut body = json!({ "items": items });
            extra(&mut body);
            (json!({ "response": body }), true)
        }
        Envelope::Counted(n) => {
            let mut body = json!({ "count": n, "items": items });
            extra(&mut body);
            (json!({ "response": body }), true)
        }
        Envelope::Body => {
            let mut body = json!({ "items": items });
            extra(&mut body);
            (body, true)
        }
        Envelope::Bare => (Value::Array(items), false),
        Envelope::Pages(k) => {
            let pages = 1 + usize::from(k % 3);
            let per = items.len().div_ceil(pages).max(1);
            let mut out: Vec<Value> = items
                .chunks(per)
                .map(|c| json!({"response": {"count": items.len(), "items": c}}))
                .collect();
            if out.is_empty() {
                out.push(json!({"response": {"count": 0, "items": []}}));
            }
            if let Some(first) = out.first_mut() {
                extra(&mut first["response"]);
            }
            (Value::Array(out), true)
        }
    }
}

/// Builds the reach rows: the document, and the rows the reader should take
/// as (owner, post id, reach_total, links).
type ReachRead = Vec<(Option<i64>, u64, Option<i64>, Option<i64>)>;

fn reach_doc(
    rows: &[(&ReachRow, Option<Int>)],
    pages: Option<u8>,
    wall_ids: &[Int],
) -> (Value, ReachRead) {
    let mut values = Vec::new();
    let mut read = Vec::new();
    for (r, own) in rows {
        if r.not_object == 0 {
            values.push(json!(r.total.read()));
            continue;
        }
        let mut o = Map::new();
        let id = match &r.post {
            ReachId::Own => Some(own.clone().unwrap_or(Int::Small(0))),
            ReachId::Wall(k) if !wall_ids.is_empty() => {
                Some(wall_ids[usize::from(*k) % wall_ids.len()].clone())
            }
            ReachId::Wall(k) => Some(Int::Small(u16::from(*k))),
            ReachId::Other(i) => Some(i.clone()),
            ReachId::Missing => None,
        };
        put(&mut o, "post_id", id.as_ref().map(Int::value));
        if let Some(owner) = &r.owner {
            put(&mut o, "owner_id", owner.value());
        }
        put(&mut o, "reach_total", r.total.value(false));
        put(&mut o, "links", r.links.value(false));
        put(&mut o, "reach_subscribers", r.subscribers.value(false));
        put(&mut o, "hide", r.hide.value(false));
        values.push(Value::Object(o));
        if let Some(num) = id
            .as_ref()
            .and_then(Int::read)
            .and_then(|i| u64::try_from(i).ok())
        {
            read.push((
                r.owner.as_ref().and_then(Owner::read),
                num,
                r.total.read(),
                r.links.read(),
            ));
        }
    }
    let doc = match pages {
        None => json!({ "response": values }),
        Some(0) => Value::Array(values),
        Some(k) => {
            let per = values.len().div_ceil(usize::from(k)).max(1);
            Value::Array(
                values
                    .chunks(per)
                    .map(|c| json!({ "response": c }))
                    .collect(),
            )
        }
    };
    (doc, read)
}

/// Whether the reader takes a document of these items for a VK document of
/// the shape wanted: the first object decides (a wall item has a `date` and
/// a wall field, a reach row a `post_id` and a reach field); without any,
/// an `items` list says wall.
fn recognised(items: &[Value], says_items: bool, wall: bool) -> bool {
    let has = |v: &Value, key: &str, any: &[&str]| {
        v.get(key).is_some() && any.iter().any(|k| v.get(k).is_some())
    };
    let reach_fields = [
        "reach_total",
        "reach_subscribers",
        "reach_viral",
        "reach_ads",
        "links",
        "hide",
        "report",
        "unsubscribe",
    ];
    let wall_fields = [
        "likes",
        "comments",
        "reposts",
        "views",
        "owner_id",
        "from_id",
        "post_type",
    ];
    match items.iter().find(|v| v.is_object()) {
        Some(v) if has(v, "post_id", &reach_fields) => !wall,
        Some(v) if has(v, "date", &wall_fields) => wall,
        Some(_) => false,
        None => says_items && wall,
    }
}

/// The text of the note that names `what`, and the number it gives.
fn noted(notes: &[String], what: &str) -> u64 {
    notes
        .iter()
        .find_map(|n| n.strip_prefix(what))
        .and_then(|rest| rest.strip_prefix(": "))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn check_post(p: &Post, e: &Expected, n: usize) {
    let at = format!("post {n} ({:?})", e.id);
    assert_eq!(p.id, e.id, "{at}: id");
    assert_eq!(p.platform.as_deref(), Some("vk"), "{at}: platform");
    assert_eq!(p.published_at.map(|t| t.local), Some(e.at), "{at}: date");
    assert_eq!(p.text, e.text, "{at}: text");
    assert_eq!(p.kind, e.kind, "{at}: kind");
    assert_eq!(p.likes, e.likes, "{at}: likes");
    assert_eq!(p.comments, e.comments, "{at}: comments");
    assert_eq!(p.reposts, e.reposts, "{at}: reposts");
    assert_eq!(p.views, e.views, "{at}: views");
    assert_eq!(p.poll_votes, e.poll_votes, "{at}: poll votes");
    assert_eq!(p.reach, e.reach, "{at}: reach");
    assert_eq!(p.link_clicks, e.link_clicks, "{at}: link clicks");
}

libfuzzer_sys::fuzz_target!(|input: Input| {
    let entries: Vec<&Entry> = input.slots.iter().map(|s| &s.entry).collect();
    let (items, mut fates, given) = wall(&entries);
    let wall_ids: Vec<Int> = given.iter().flatten().cloned().collect();
    let wall_ok = recognised(&items, !matches!(input.envelope, Envelope::Bare), true);
    let (doc, _) = envelope(items.clone(), input.envelope, &input.groups);
    let wall_bytes = serde_json::to_vec(&doc).expect("JSON serialises");
    smmkpi_fuzz::read_and_report(&wall_bytes);

    let reach = input.reach.as_ref().map(|file| {
        let mut rows: Vec<(&ReachRow, Option<Int>)> = input
            .slots
            .iter()
            .zip(&given)
            .filter_map(|(s, id)| Some((s.reach.as_ref()?, id.clone())))
            .collect();
        if file.reversed {
            rows.reverse();
        }
        let (doc, read) = reach_doc(&rows, file.pages, &wall_ids);
        let ok = recognised(&doc_rows(&doc), false, false);
        (serde_json::to_vec(&doc).expect("JSON serialises"), read, ok)
    });

    // Read the two files into one run, in the order given.
    let opts = smmkpi_fuzz::options();
    let mut ds = Dataset::default();
    let mut files: Vec<(&str, &[u8], bool)> = vec![("wall.json", &wall_bytes, wall_ok)];
    if let Some((bytes, _, ok)) = &reach {
        files.push(("reach.json", bytes, *ok));
        if input.reach_first {
            files.reverse();
        }
    }
    let mut wall_idx = None;
    let mut reach_read = false;
    for (name, bytes, ok) in &files {
        // A file that is not read (`report` would stop there) is left out,
        // as if the run were given the other alone.
        let before = ds.files.len();
        let idx = before;
        let res = input::read_bytes(&mut ds, idx, name, bytes, &opts);
        assert_eq!(res.is_ok(), *ok, "{name} read: {:?}", res.err());
        if res.is_ok() {
            let f = &ds.files[before];
            assert_eq!(f.format, "vk-json", "{name}");
            if *name == "wall.json" {
                wall_idx = Some((before, idx));
            } else {
                reach_read = true;
            }
        } else {
            assert_eq!(ds.files.len(), before, "{name}: a failed file adds nothing");
        }
    }

    // What joining should give, by the reach rows' post ids (and owners,
    // where a row names one).
    let posts_expected: Vec<usize> = fates
        .iter()
        .enumerate()
        .filter_map(|(i, f)| matches!(f, Fate::Post(_)).then_some(i))
        .collect();
    let wall_posts_with_key = if wall_idx.is_some() {
        posts_expected
            .iter()
            .filter(|&&i| matches!(&fates[i], Fate::Post(e) if e.key.is_some()))
            .count()
    } else {
        0
    };
    if let (Some(_), Some((_, rows, _)), true) = (wall_idx, &reach, reach_read) {
        let mut by_num: HashMap<u64, Vec<(Option<i64>, usize)>> = HashMap::new();
        for &i in &posts_expected {
            if let Fate::Post(e) = &fates[i] {
                if let Some((owner, num)) = e.key {
                    by_num.entry(num).or_default().push((owner, i));
                }
            }
        }
        let mut joined = HashSet::new();
        for (owner, num, total, links) in rows {
            let targets: Vec<usize> = by_num
                .get(num)
                .into_iter()
                .flatten()
                .filter(|(o, _)| owner.is_none() || o.is_none() || o == owner)
                .map(|(_, i)| *i)
                .collect();
            if let [t] = targets[..] {
                if joined.insert(t) {
                    if let Fate::Post(e) = &mut fates[t] {
                        e.reach = *total;
                        e.link_clicks = *links;
                    }
                }
            }
        }
    }

    let joined = input::finish(&mut ds);
    assert_eq!(
        joined.reach_without_posts.is_some(),
        reach_read && wall_posts_with_key == 0,
        "a reach file without posts to join is named"
    );
    smmkpi_fuzz::check_dataset(&ds);

    if let Some((slot, idx)) = wall_idx {
        let f = &ds.files[slot];
        let posts: Vec<&Post> = ds.posts.iter().filter(|p| p.file == idx).collect();
        let expected: Vec<&Expected> = fates
            .iter()
            .filter_map(|f| match f {
                Fate::Post(e) => Some(&**e),
                _ => None,
            })
            .collect();
        assert_eq!(posts.len(), expected.len(), "posts of the wall");
        for (n, (p, e)) in posts.iter().zip(&expected).enumerate() {
            check_post(p, e, n);
            if let Some(o) = e.owner {
                let name = input
                    .groups
                    .iter()
                    .rev()
                    .find(|(g, _)| -1000 - i64::from(g % 3) == o)
                    .filter(|_| !matches!(input.envelope, Envelope::Bare))
                    .map(|(_, name)| name.clone())
                    .unwrap_or_else(|| o.to_string());
                assert_eq!(
                    p.account.as_deref(),
                    Some(name.as_str()),
                    "post {n}: account"
                );
            } else {
                assert_eq!(p.account, None, "post {n}: account");
            }
        }
        // Every item is a post, a skip, or in a note.
        let skips: Vec<usize> = fates
            .iter()
            .enumerate()
            .filter_map(|(i, f)| (*f == Fate::Skip).then_some(i + 1))
            .collect();
        let listed: Vec<usize> = ds
            .skipped
            .iter()
            .filter(|s| s.file == "wall.json")
            .map(|s| {
                s.reason
                    .strip_prefix("item ")
                    .and_then(|r| r.split([':', ' ']).next())
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| panic!("a skip that names no item: {}", s.reason))
            })
            .collect();
        assert_eq!(listed, skips, "items skipped");
        assert_eq!(f.rows_read, (expected.len() + skips.len()) as u64);
        let count = |fate: Fate| fates.iter().filter(|f| **f == fate).count() as u64;
        assert_eq!(
            noted(
                &f.notes,
                "scheduled or suggested posts, not published, so left out"
            ),
            count(Fate::Unpublished),
            "unpublished posts are noted: {:?}",
            f.notes
        );
        assert_eq!(
            noted(
                &f.notes,
                "posts already read (overlapping pages or files), counted once"
            ),
            count(Fate::Repeated),
            "repeated posts are noted: {:?}",
            f.notes
        );
    }

    let period = smmkpi_fuzz::period_of(usize::from(input.period));
    let read: Vec<(&str, &[u8])> = files
        .iter()
        .filter(|(_, _, ok)| *ok)
        .map(|&(name, bytes, _)| (name, bytes))
        .collect();
    let reported = smmkpi_fuzz::build_and_render(&read, period, input.period.is_multiple_of(4));
    // `report` refuses a run whose reach rows have no posts to join.
    assert_eq!(
        reported,
        !(reach_read && wall_posts_with_key == 0),
        "the run reads as a report"
    );
});

/// The rows of a reach document, in order, whatever its envelope.
fn doc_rows(doc: &Value) -> Vec<Value> {
    match doc {
        Value::Array(a) if a.iter().all(|p| p.get("response").is_some()) && !a.is_empty() => a
            .iter()
            .filter_map(|p| p["response"].as_array())
            .flatten()
            .cloned()
            .collect(),
        Value::Array(a) => a.clone(),
        other => other["response"].as_array().cloned().unwrap_or_default(),
    }
}
