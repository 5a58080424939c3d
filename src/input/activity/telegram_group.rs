//! Telegram Desktop `result.json` of a discussion group (or any group) as an
//! activity log: each message is a `comment` by its `from_id`, and each
//! entry of a reaction's `recent` list is a `reaction` by its `from_id`. So a
//! channel owner gets the active core of the comment section from the
//! export alone.
//!
//! A full-data export (every chat of the account: `chats.list`,
//! `left_chats.list`) is read the same way, chat by chat: the messages of its
//! groups are actions; channels, personal chats and bots are named in notes.
//!
//! The export is read as a stream (serde visits one message at a time), so
//! its size does not matter. Times are the export's `date` (the wall clock
//! of the computer that exported it), the one form reactions have too.

use std::fmt;
use std::io::Read;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::scan::{ActionFilter, Dates, RowFail, Scanned};
use super::Collector;
use crate::input::dataset::InputError;
use crate::model::ActivityFile;

/// Actions handed over at a time, so memory does not grow with the export.
const BATCH: usize = 1 << 20;

#[derive(Deserialize)]
#[serde(untagged)]
enum Text {
    Str(String),
    Num(i64),
}

impl Text {
    fn into_string(self) -> String {
        match self {
            Text::Str(s) => s,
            Text::Num(n) => n.to_string(),
        }
    }
}

#[derive(Deserialize)]
struct Message {
    #[serde(rename = "type")]
    kind: Option<String>,
    id: Option<Text>,
    date: Option<String>,
    date_unixtime: Option<Text>,
    from_id: Option<Text>,
    #[serde(default)]
    reactions: Vec<Reaction>,
}

#[derive(Deserialize)]
struct Reaction {
    #[serde(default)]
    recent: Vec<Recent>,
}

#[derive(Deserialize)]
struct Recent {
    from_id: Option<Text>,
    date: Option<String>,
}

/// The top-level object: its `type`, and each message handed to `sink`;
/// for a full-data export, the chats of `chats.list` and `left_chats.list`.
struct Export<'a, F> {
    kind: Option<String>,
    messages: bool,
    /// A full-data export: the chats met, in order.
    chats: Option<Vec<ChatSeen>>,
    sink: &'a mut F,
}

/// A chat of a full-data export, as met.
#[derive(Debug, Default)]
struct ChatSeen {
    name: Option<String>,
    kind: Option<String>,
    /// From `left_chats`.
    left: bool,
    messages: u64,
    /// Whether its messages were read as actions (a group).
    read: bool,
}

/// Whether a chat's messages are actions of its members: a group's are; a
/// channel's are its own posts; personal chats and bots are no community.
fn is_group(kind: &str) -> bool {
    kind.ends_with("group") || kind.ends_with("supergroup")
}

impl<'de, F: FnMut(Message)> DeserializeSeed<'de> for &mut Export<'_, F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(Message)> Visitor<'de> for &mut Export<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Telegram Desktop export object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => self.kind = map.next_value::<Option<String>>()?,
                "messages" => {
                    self.messages = true;
                    map.next_value_seed(Messages(&mut *self.sink))?;
                }
                "chats" | "left_chats" => {
                    let left = key == "left_chats";
                    let chats = self.chats.get_or_insert_with(Vec::new);
                    map.next_value_seed(ChatList {
                        left,
                        chats,
                        sink: &mut *self.sink,
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// `chats` / `left_chats` of a full-data export: `{"about": ..., "list": [chat, ...]}`.
struct ChatList<'a, F> {
    left: bool,
    chats: &'a mut Vec<ChatSeen>,
    sink: &'a mut F,
}

impl<'de, F: FnMut(Message)> DeserializeSeed<'de> for ChatList<'_, F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(Message)> Visitor<'de> for ChatList<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of chats")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "list" {
                map.next_value_seed(Chats {
                    left: self.left,
                    chats: &mut *self.chats,
                    sink: &mut *self.sink,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct Chats<'a, F> {
    left: bool,
    chats: &'a mut Vec<ChatSeen>,
    sink: &'a mut F,
}

impl<'de, F: FnMut(Message)> DeserializeSeed<'de> for Chats<'_, F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(Message)> Visitor<'de> for Chats<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of chats")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            let mut seen = ChatSeen {
                left: self.left,
                ..Default::default()
            };
            let chat = Chat {
                seen: &mut seen,
                sink: &mut *self.sink,
            };
            if seq.next_element_seed(chat)?.is_none() {
                return Ok(());
            }
            self.chats.push(seen);
        }
    }
}

/// One chat: its messages are actions when it is a group. Telegram writes
/// the chat's `type` before its `messages`; a chat whose type comes after
/// them has its messages held until the type says what they are.
struct Chat<'a, F> {
    seen: &'a mut ChatSeen,
    sink: &'a mut F,
}

impl<'de, F: FnMut(Message)> DeserializeSeed<'de> for Chat<'_, F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(Message)> Visitor<'de> for Chat<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a chat")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut held: Vec<Message> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "name" => self.seen.name = map.next_value::<Option<String>>()?,
                "type" => self.seen.kind = map.next_value::<Option<String>>()?,
                "messages" => {
                    let read = self.seen.kind.as_deref().map(is_group);
                    let seen = &mut *self.seen;
                    let sink = &mut *self.sink;
                    let mut each = |m: Message| {
                        seen.messages += 1;
                        match read {
                            Some(true) => sink(m),
                            Some(false) => {}
                            None => held.push(m),
                        }
                    };
                    map.next_value_seed(Messages(&mut each))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let group = self.seen.kind.as_deref().is_some_and(is_group);
        self.seen.read = group;
        if group {
            for m in held {
                (self.sink)(m);
            }
        }
        Ok(())
    }
}

struct Messages<'a, F>(&'a mut F);

impl<'de, F: FnMut(Message)> DeserializeSeed<'de> for Messages<'_, F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(Message)> Visitor<'de> for Messages<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(m) = seq.next_element::<Message>()? {
            (self.0)(m);
        }
        Ok(())
    }
}

/// Reads a group export into the collector.
pub(crate) fn read(
    reader: impl Read,
    report: &mut ActivityFile,
    dates: &Dates,
    filter: &ActionFilter,
    c: &mut Collector,
) -> Result<(), InputError> {
    let name = report.path.clone();
    let mut batch = Scanned::new(c.ids());
    let mut service = 0u64;
    let mut channels = 0u64;
    let mut reactions = 0u64;
    let mut action =
        |batch: &mut Scanned, what: &str, id: &str, from: Option<Text>, date: Option<String>| {
            batch.rows += 1;
            let from = from.map(Text::into_string).unwrap_or_default();
            let Some(user) = batch.user(from.as_bytes()) else {
                batch.skip_row(
                    0,
                    RowFail::NoUser,
                    format!("message {id}: a {what} with no sender (from_id)"),
                );
                return;
            };
            let raw = date.unwrap_or_default();
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
            if from.starts_with("channel") {
                channels += 1;
            }
            batch.add(user, month);
        };
    let mut on_message = |m: Message| {
        let id =
            m.id.map(Text::into_string)
                .unwrap_or_else(|| "?".to_string());
        if m.kind.as_deref() == Some("message") {
            let date = m.date.or_else(|| m.date_unixtime.map(Text::into_string));
            action(&mut batch, "comment", &id, m.from_id, date);
        } else {
            service += 1;
        }
        for r in m.reactions {
            for who in r.recent {
                reactions += 1;
                action(&mut batch, "reaction", &id, who.from_id, who.date);
            }
        }
        if batch.keys.len() >= BATCH {
            let full = std::mem::replace(&mut batch, Scanned::new(c.ids()));
            c.commit(report, 0, full);
        }
    };
    let mut export = Export {
        kind: None,
        messages: false,
        chats: None,
        sink: &mut on_message,
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let parsed = (&mut export).deserialize(&mut de).and_then(|()| de.end());
    let (kind, messages, chats) = (export.kind.take(), export.messages, export.chats.take());
    if let Err(e) = parsed {
        return Err(InputError::Format {
            file: name,
            message: if e.is_io() {
                format!("cannot read: {e}")
            } else {
                format!("not a readable Telegram Desktop export: {e}")
            },
        });
    }
    if let Some(chats) = &chats {
        if !chats.iter().any(|c| c.read) {
            let channels: Vec<String> = chats
                .iter()
                .filter(|c| c.kind.as_deref().is_some_and(|k| k.ends_with("channel")))
                .map(|c| format!("'{}'", c.name.as_deref().unwrap_or("?")))
                .collect();
            return Err(InputError::Format {
                file: name,
                message: format!(
                    "this Telegram full-data export holds no group chat{}: the active core comes from a group's messages (a channel's discussion group); `smmkpi report` reads the channels' posts",
                    if channels.is_empty() {
                        String::new()
                    } else {
                        format!(" (channels: {})", channels.join(", "))
                    }
                ),
            });
        }
    }
    if !messages && chats.is_none() {
        return Err(InputError::Format {
            file: name,
            message: "JSON that is not a Telegram Desktop chat export (expected a result.json with \"messages\")".to_string(),
        });
    }
    if let Some(k) = kind.as_deref().filter(|k| k.ends_with("channel")) {
        return Err(InputError::Format {
            file: name,
            message: format!(
                "this is the export of a channel ({k}): its messages are the channel's own posts. The active core comes from the channel's discussion group: export that group's chat (JSON) and read it"
            ),
        });
    }
    c.commit(report, 0, batch);
    for chat in chats.iter().flatten() {
        let title = chat.name.as_deref().unwrap_or("(no name)");
        let kind = chat.kind.as_deref().unwrap_or("unknown type");
        let left = if chat.left { ", left" } else { "" };
        report.notes.push(if chat.read {
            format!(
                "chat '{title}' ({kind}{left}): {} messages read as comments, with their reactions",
                chat.messages
            )
        } else if kind.ends_with("channel") {
            format!(
                "chat '{title}' ({kind}{left}): a channel's own posts, not actions ({} messages; `smmkpi report` reads them)",
                chat.messages
            )
        } else {
            format!("chat '{title}' ({kind}{left}): not a community, not read")
        });
    }
    if service > 0 {
        report.notes.push(format!(
            "{service} service messages (joins, pins, ...) are not actions"
        ));
    }
    if reactions > 0 {
        report.notes.push(
            "Telegram lists only the latest reactors of each message: older reactions are not in the export"
                .to_string(),
        );
    }
    if channels > 0 {
        report.notes.push(format!(
            "{channels} actions are by channels (from_id channel…), such as the channel's own posts forwarded to its discussion group"
        ));
    }
    Ok(())
}
