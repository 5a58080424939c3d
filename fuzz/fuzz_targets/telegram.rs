//! Telegram Desktop `result.json` shaped inputs: messages with every kind of
//! id, date, text, reaction and album layout, written as JSON and read the
//! way `smmkpi report` reads a file, alone or as a channel of a full-data
//! export. Beyond the shared checks: when every message is dated, the
//! reactions of all messages add up to the likes of all posts (album parts
//! merged, never lost or counted twice, whatever their markers).
#![no_main]

use arbitrary::Arbitrary;
use serde_json::{json, Map, Value};

#[derive(Debug, Arbitrary)]
enum Scalar {
    Int(i64),
    Small(u16),
    Text(String),
    Float(f64),
    Null,
}

impl Scalar {
    fn value(&self) -> Value {
        match self {
            Scalar::Int(n) => json!(n),
            Scalar::Small(n) => json!(n),
            Scalar::Text(s) => json!(s),
            Scalar::Float(f) => json!(f),
            Scalar::Null => Value::Null,
        }
    }
}

#[derive(Debug, Arbitrary)]
enum When {
    /// A date Telegram would write: seconds since 2020, as a string.
    Valid(u32),
    Raw(Scalar),
    Missing,
}

#[derive(Debug, Arbitrary)]
enum TextPart {
    Plain(String),
    Entity { kind: String, text: String },
}

#[derive(Debug, Arbitrary)]
struct Message {
    service: bool,
    id: Scalar,
    when: When,
    date: Option<String>,
    sender: Option<u8>,
    text: Vec<TextPart>,
    entities: bool,
    reactions: Option<Vec<u16>>,
    odd_reaction: Option<Scalar>,
    photo: bool,
    media_type: Option<String>,
    /// An album marker (`grouped_id`), of few values so that runs share one.
    group: Option<u8>,
}

#[derive(Debug, Arbitrary)]
struct Export {
    name: Option<String>,
    /// The chat as one chat of a full-data export (`chats.list`).
    full: bool,
    messages: Vec<Message>,
}

fn message(m: &Message) -> (Value, Option<u64>) {
    let mut o = Map::new();
    o.insert(
        "type".into(),
        json!(if m.service { "service" } else { "message" }),
    );
    o.insert("id".into(), m.id.value());
    let mut dated = false;
    match &m.when {
        When::Valid(s) => {
            o.insert(
                "date_unixtime".into(),
                json!((1_577_836_800u64 + u64::from(*s) % 300_000_000).to_string()),
            );
            dated = true;
        }
        When::Raw(v) => {
            o.insert("date_unixtime".into(), v.value());
        }
        When::Missing => {}
    }
    if let Some(d) = &m.date {
        o.insert("date".into(), json!(d));
    }
    if let Some(s) = m.sender {
        o.insert("from_id".into(), json!(format!("channel{}", s % 3)));
    }
    let parts: Vec<Value> = m
        .text
        .iter()
        .map(|p| match p {
            TextPart::Plain(s) => json!(s),
            TextPart::Entity { kind, text } => json!({"type": kind, "text": text}),
        })
        .collect();
    if m.entities {
        o.insert("text_entities".into(), Value::Array(parts.clone()));
    }
    o.insert("text".into(), Value::Array(parts));
    let mut reactions: Vec<Value> = m
        .reactions
        .iter()
        .flatten()
        .map(|c| json!({"type": "emoji", "emoji": "👍", "count": c}))
        .collect();
    if let Some(odd) = &m.odd_reaction {
        reactions.push(json!({"type": "emoji", "count": odd.value()}));
        dated = false; // a count that is not a small integer has no exact expectation
    }
    if !reactions.is_empty() {
        o.insert("reactions".into(), Value::Array(reactions));
    }
    if m.photo {
        o.insert("photo".into(), json!("photos/photo_1.jpg"));
    }
    if let Some(t) = &m.media_type {
        o.insert("media_type".into(), json!(t));
    }
    if let Some(g) = m.group {
        o.insert("grouped_id".into(), json!(1_000 + u64::from(g % 4)));
    }
    let sum = m.reactions.iter().flatten().map(|&c| u64::from(c)).sum();
    let expect = if m.service {
        Some(0)
    } else {
        dated.then_some(sum)
    };
    (Value::Object(o), expect)
}

libfuzzer_sys::fuzz_target!(|export: Export| {
    let mut expected = Some(0u64);
    let mut messages = Vec::new();
    for m in &export.messages {
        let (v, e) = message(m);
        expected = expected.zip(e).map(|(a, b)| a + b);
        messages.push(v);
    }
    let mut doc = json!({"type": "public_channel", "id": 1, "messages": messages});
    if let Some(n) = &export.name {
        doc["name"] = json!(n);
    }
    if export.full {
        doc = json!({
            "about": "full-data export",
            "chats": {"about": "chats", "list": [
                {"name": "A group", "type": "private_supergroup", "id": 2, "messages": []},
                doc,
            ]},
        });
    }
    let bytes = serde_json::to_vec(&doc).expect("JSON serialises");
    smmkpi_fuzz::read_and_report(&bytes);

    let mut ds = smmkpi::input::Dataset::default();
    smmkpi::input::read_bytes(&mut ds, 0, "result.json", &bytes, &smmkpi_fuzz::options())
        .expect("a channel export with a messages list is read");
    if let Some(total) = expected {
        let likes: i64 = ds.posts.iter().filter_map(|p| p.likes).sum();
        assert_eq!(
            i128::from(likes),
            i128::from(total),
            "reactions of every message are the likes of the posts"
        );
    }
});
