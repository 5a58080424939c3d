//! The posts an output lists (JSON, NDJSON, CSV `posts`, XLSX), kept out of
//! memory: each post is encoded into a compact record as it is added; the
//! records stay in memory up to a budget and go to an unnamed temporary file
//! beyond it. What stays in memory per post is its place in publish order
//! (24 bytes). The posts are decoded one at a time, in publish order, when
//! the output is written, so a report of a million posts never holds them.

use std::fs::File;
use std::io::{self, Write};
use std::sync::Arc;

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::model::{Negative, Post, ReachSplit, Timestamp};

/// Records written to the file at once once a store spills.
const CHUNK: usize = 1 << 20;

/// The records of one part of the input: in memory (`buf`), then, past the
/// budget, in a temporary file with `buf` as its write buffer.
#[derive(Debug, Default)]
struct Segment {
    buf: Vec<u8>,
    file: Option<File>,
    /// Bytes written to `file`: the records in `buf` start there.
    file_len: u64,
}

impl Segment {
    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let file = match &mut self.file {
            Some(f) => f,
            None => self.file.insert(tempfile::tempfile()?),
        };
        file.write_all(&self.buf)?;
        self.file_len += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }

    /// Reads `out.len()` bytes from `off`: from the file, or the buffer.
    fn read_at(&self, off: u64, out: &mut [u8]) -> io::Result<()> {
        if off >= self.file_len {
            let start = (off - self.file_len) as usize;
            let src = self
                .buf
                .get(start..start + out.len())
                .ok_or_else(|| io::Error::other("a post record lies beyond its store"))?;
            out.copy_from_slice(src);
            return Ok(());
        }
        let file = self
            .file
            .as_ref()
            .ok_or_else(|| io::Error::other("a post record lies beyond its store"))?;
        read_exact_at(file, out, off)
    }

    /// How many bytes from `off` are in one place (the file or the buffer).
    fn span_from(&self, off: u64) -> u64 {
        if off >= self.file_len {
            self.file_len + self.buf.len() as u64 - off
        } else {
            self.file_len - off
        }
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, out: &mut [u8], off: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, out, off)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut out: &mut [u8], mut off: u64) -> io::Result<()> {
    while !out.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, out, off)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                out = &mut out[n..];
                off += n as u64;
            }
        }
    }
    Ok(())
}

/// Where a post's record is, and its place in publish order.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The local publish time, seconds and nanoseconds since 1970
    /// (`i64::MAX`, `u32::MAX` when undated: undated posts sort last).
    secs: i64,
    nanos: u32,
    len: u32,
    /// The segment in the top 16 bits, the offset in it below.
    at: u64,
}

const SEG_SHIFT: u32 = 48;

impl Entry {
    fn seg(&self) -> usize {
        (self.at >> SEG_SHIFT) as usize
    }
    fn off(&self) -> u64 {
        self.at & ((1 << SEG_SHIFT) - 1)
    }
}

/// The posts added, in input order, until [`PostStore::sorted`] puts them in
/// publish order.
#[derive(Debug)]
pub struct PostStore {
    segments: Vec<Segment>,
    /// The segment this store writes to (its own; merged stores bring theirs).
    own: usize,
    entries: Vec<Entry>,
    /// Bytes of records kept in memory before the store spills to a file.
    budget: usize,
    /// The first error writing the temporary file: reported when the posts
    /// are read, since nothing is written before.
    error: Option<String>,
}

impl PostStore {
    pub fn new(budget: usize) -> Self {
        PostStore {
            segments: vec![Segment::default()],
            own: 0,
            entries: Vec::new(),
            budget,
            error: None,
        }
    }

    /// An empty store with the same budget.
    pub fn fork(&self) -> Self {
        PostStore::new(self.budget)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a post; `seq` is its number among the posts added to this
    /// store's builder (the last key of its report order), given back with it.
    pub fn push(&mut self, p: &Post, seq: u64) {
        if self.error.is_some() {
            return;
        }
        let seg = &mut self.segments[self.own];
        let start = seg.buf.len();
        let off = seg.file_len + start as u64;
        put_u64(&mut seg.buf, seq);
        encode(p, &mut seg.buf);
        let len = (seg.buf.len() - start) as u32;
        let (secs, nanos) = sort_key(p);
        self.entries.push(Entry {
            secs,
            nanos,
            len,
            at: ((self.own as u64) << SEG_SHIFT) | off,
        });
        let spilled = seg.file.is_some();
        if (spilled && seg.buf.len() >= CHUNK) || (!spilled && seg.buf.len() > self.budget) {
            if let Err(e) = seg.flush() {
                self.error = Some(e.to_string());
            }
        }
    }

    /// Takes in a fork's posts, which came after this store's in the input.
    pub fn merge(&mut self, o: PostStore) {
        if self.error.is_none() {
            self.error = o.error;
        }
        let base = self.segments.len() as u64;
        self.entries.extend(o.entries.into_iter().map(|mut e| {
            e.at += base << SEG_SHIFT;
            e
        }));
        self.segments.extend(o.segments);
    }

    /// The posts in publish order (undated last, input order breaking ties),
    /// ready to be read back; the error of a temporary file that could not
    /// be written.
    pub fn sorted(mut self) -> Result<SortedPosts, String> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.entries.sort_by_key(|e| (e.secs, e.nanos));
        self.entries.shrink_to_fit();
        Ok(SortedPosts {
            segments: self.segments,
            entries: self.entries,
        })
    }
}

/// The stored posts in publish order, shared by the copies of a document.
#[derive(Debug)]
pub struct SortedPosts {
    segments: Vec<Segment>,
    entries: Vec<Entry>,
}

impl SortedPosts {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Decodes the posts one by one, in publish order.
    pub fn iter(self: &Arc<Self>) -> Posts {
        Posts {
            store: self.clone(),
            next: 0,
            window: Window::default(),
        }
    }
}

/// What was last read from a segment: runs of records in file order (or
/// in reverse) are read a window at a time, not one record a call.
#[derive(Debug, Default)]
struct Window {
    seg: usize,
    start: u64,
    bytes: Vec<u8>,
    /// Bytes to read on the next miss: doubles while reads run on.
    ahead: usize,
}

impl Window {
    fn get(&mut self, segs: &[Segment], e: &Entry) -> io::Result<&[u8]> {
        let (seg, off, len) = (e.seg(), e.off(), e.len as usize);
        let end = off + len as u64;
        let hit =
            self.seg == seg && off >= self.start && end <= self.start + self.bytes.len() as u64;
        if !hit {
            let segment = segs
                .get(seg)
                .ok_or_else(|| io::Error::other("a post record lies beyond its store"))?;
            let follows = self.seg == seg && off == self.start + self.bytes.len() as u64;
            let precedes = self.seg == seg && end == self.start;
            self.ahead = if follows || precedes {
                (self.ahead * 2).clamp(4096, CHUNK)
            } else {
                4096
            };
            let want = self.ahead.max(len) as u64;
            // Reading backwards (a file newest first): the window ends at the record.
            let (start, n) = if precedes {
                let room = off.min(want - len as u64);
                let start = off - room;
                (start, (end - start).min(segment.span_from(start)))
            } else {
                (off, want.min(segment.span_from(off)).max(len as u64))
            };
            // A window reaching across the file's end and the buffer's start
            // is cut there: the record alone is then read.
            let (start, n) = if start + n < end || start > off {
                (off, len as u64)
            } else {
                (start, n)
            };
            self.bytes.resize(n as usize, 0);
            segment.read_at(start, &mut self.bytes)?;
            self.seg = seg;
            self.start = start;
        }
        let from = (off - self.start) as usize;
        Ok(&self.bytes[from..from + len])
    }
}

/// The stored posts, decoded one at a time in publish order.
pub struct Posts {
    store: Arc<SortedPosts>,
    next: usize,
    window: Window,
}

impl Iterator for Posts {
    /// A post and the `seq` it was added with.
    type Item = io::Result<(u64, Post)>;

    fn next(&mut self) -> Option<io::Result<(u64, Post)>> {
        let e = *self.store.entries.get(self.next)?;
        self.next += 1;
        let damaged = || io::Error::other("a stored post cannot be read back");
        Some(self.window.get(&self.store.segments, &e).and_then(|rec| {
            let mut r = Reader { bytes: rec };
            let seq = r.u64().ok_or_else(damaged)?;
            decode(r.bytes).map(|p| (seq, p)).ok_or_else(damaged)
        }))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.store.entries.len() - self.next;
        (n, Some(n))
    }
}

fn sort_key(p: &Post) -> (i64, u32) {
    match p.published_at {
        Some(t) => {
            let u = t.local.and_utc();
            (u.timestamp(), u.timestamp_subsec_nanos())
        }
        None => (i64::MAX, u32::MAX),
    }
}

// The record: a LEB128 count of what follows is not needed, the entry holds
// the length. Fields in order: file, line, then the texts (0 = none, else
// length + 1, then the bytes), the publish time, a mask of the counts
// present and the counts (zigzag LEB128).

fn put_u64(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_i64(out: &mut Vec<u8>, v: i64) {
    put_u64(out, ((v << 1) ^ (v >> 63)) as u64);
}

fn put_text(out: &mut Vec<u8>, s: &Option<String>) {
    match s {
        None => put_u64(out, 0),
        Some(s) => {
            put_u64(out, s.len() as u64 + 1);
            out.extend_from_slice(s.as_bytes());
        }
    }
}

/// The counts of a post, in the order of the mask's bits.
fn counts(p: &Post) -> [Option<i64>; 16] {
    let rs = p.reach_split.as_deref().cloned().unwrap_or_default();
    let ng = p.negative.as_deref().cloned().unwrap_or_default();
    [
        p.reach,
        p.views,
        p.impressions,
        p.followers,
        p.likes,
        p.comments,
        p.reposts,
        p.saves,
        p.poll_votes,
        p.link_clicks,
        rs.subscribers,
        rs.viral,
        rs.ads,
        ng.hide,
        ng.report,
        ng.unsubscribe,
    ]
}

const HAS_SPLIT: u64 = 1 << 16;
const HAS_NEGATIVE: u64 = 1 << 17;

pub(crate) fn encode(p: &Post, out: &mut Vec<u8>) {
    put_u64(out, p.file as u64);
    put_u64(out, p.line);
    for s in [
        &p.id,
        &p.platform,
        &p.account,
        &p.kind,
        &p.text,
        &p.utm_campaign,
        &p.utm_content,
    ] {
        put_text(out, s);
    }
    match p.published_at {
        None => out.push(0),
        Some(t) => {
            out.push(if t.offset.is_some() { 2 } else { 1 });
            put_i64(out, t.local.date().num_days_from_ce() as i64);
            put_u64(out, t.local.time().num_seconds_from_midnight() as u64);
            put_u64(out, t.local.time().nanosecond() as u64);
            if let Some(o) = t.offset {
                put_i64(out, o.local_minus_utc() as i64);
            }
        }
    }
    let values = counts(p);
    let mut mask = 0u64;
    for (i, v) in values.iter().enumerate() {
        if v.is_some() {
            mask |= 1 << i;
        }
    }
    if p.reach_split.is_some() {
        mask |= HAS_SPLIT;
    }
    if p.negative.is_some() {
        mask |= HAS_NEGATIVE;
    }
    put_u64(out, mask);
    for v in values.into_iter().flatten() {
        put_i64(out, v);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn u64(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn i64(&mut self) -> Option<i64> {
        let v = self.u64()?;
        Some(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    fn text(&mut self) -> Option<Option<String>> {
        let n = self.u64()?;
        if n == 0 {
            return Some(None);
        }
        let n = usize::try_from(n - 1).ok()?;
        if n > self.bytes.len() {
            return None;
        }
        let (s, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(Some(String::from_utf8(s.to_vec()).ok()?))
    }
}

pub(crate) fn decode(bytes: &[u8]) -> Option<Post> {
    let mut r = Reader { bytes };
    let file = usize::try_from(r.u64()?).ok()?;
    let line = r.u64()?;
    let mut texts: [Option<String>; 7] = Default::default();
    for t in &mut texts {
        *t = r.text()?;
    }
    let (&tag, rest) = r.bytes.split_first()?;
    r.bytes = rest;
    let published_at = match tag {
        0 => None,
        1 | 2 => {
            let date = NaiveDate::from_num_days_from_ce_opt(i32::try_from(r.i64()?).ok()?)?;
            let secs = u32::try_from(r.u64()?).ok()?;
            let nanos = u32::try_from(r.u64()?).ok()?;
            let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos)?;
            let offset = match tag {
                2 => Some(FixedOffset::east_opt(i32::try_from(r.i64()?).ok()?)?),
                _ => None,
            };
            Some(Timestamp {
                local: NaiveDateTime::new(date, time),
                offset,
            })
        }
        _ => return None,
    };
    let mask = r.u64()?;
    let mut v: [Option<i64>; 16] = [None; 16];
    for (i, slot) in v.iter_mut().enumerate() {
        if mask & (1 << i) != 0 {
            *slot = Some(r.i64()?);
        }
    }
    if !r.bytes.is_empty() {
        return None;
    }
    let [id, platform, account, kind, text, utm_campaign, utm_content] = texts;
    Some(Post {
        file,
        line,
        id,
        published_at,
        platform,
        account,
        kind,
        text,
        reach: v[0],
        views: v[1],
        impressions: v[2],
        followers: v[3],
        likes: v[4],
        comments: v[5],
        reposts: v[6],
        saves: v[7],
        poll_votes: v[8],
        link_clicks: v[9],
        utm_campaign,
        utm_content,
        reach_split: (mask & HAS_SPLIT != 0).then(|| {
            Box::new(ReachSplit {
                subscribers: v[10],
                viral: v[11],
                ads: v[12],
            })
        }),
        negative: (mask & HAS_NEGATIVE != 0).then(|| {
            Box::new(Negative {
                hide: v[13],
                report: v[14],
                unsubscribe: v[15],
            })
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Option<Timestamp> {
        Some(Timestamp::naive(
            NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap(),
        ))
    }

    fn post(line: u64, when: Option<Timestamp>) -> Post {
        Post {
            file: (line % 3) as usize,
            line,
            id: Some(format!("p{line}")),
            published_at: when,
            text: Some(format!("Пост {line} #кофе")),
            likes: Some(line as i64),
            ..Default::default()
        }
    }

    /// Every field set, with the extremes of each kind.
    fn full() -> Post {
        Post {
            file: 7,
            line: u64::MAX,
            id: Some(String::new()),
            published_at: Some(Timestamp {
                local: NaiveDateTime::parse_from_str("2240-12-31 23:59:59", "%Y-%m-%d %H:%M:%S")
                    .unwrap()
                    .with_nanosecond(1_999_999_999)
                    .unwrap(),
                offset: FixedOffset::east_opt(-(12 * 3600 + 45 * 60)),
            }),
            platform: Some("vk".into()),
            account: Some("Зерно ☕".into()),
            kind: Some("photo".into()),
            text: Some("line one\nline two, \"quoted\"".into()),
            reach: Some(0),
            views: Some(i64::MAX),
            impressions: Some(i64::MIN),
            followers: Some(1),
            likes: Some(-3),
            comments: None,
            reposts: Some(-1),
            saves: Some(64),
            poll_votes: Some(-64),
            link_clicks: Some(127),
            utm_campaign: Some("spring".into()),
            utm_content: None,
            reach_split: Some(Box::new(ReachSplit {
                subscribers: Some(5),
                viral: None,
                ads: Some(0),
            })),
            negative: Some(Box::new(Negative {
                hide: None,
                report: Some(2),
                unsubscribe: None,
            })),
        }
    }

    #[test]
    fn a_record_reads_back_as_the_post_written() {
        for p in [full(), Post::default(), post(1, at("1900-01-01 00:00:00"))] {
            let mut buf = Vec::new();
            encode(&p, &mut buf);
            assert_eq!(decode(&buf), Some(p));
        }
    }

    #[test]
    fn a_damaged_record_is_no_post() {
        let mut buf = Vec::new();
        encode(&full(), &mut buf);
        // Cut short, or with a byte too many: neither reads as a post.
        assert_eq!(decode(&buf[..buf.len() - 1]), None);
        buf.push(0);
        assert_eq!(decode(&buf), None);
        assert_eq!(decode(&[]), None);
    }

    fn read_all(store: PostStore) -> Vec<Post> {
        let sorted = Arc::new(store.sorted().expect("stored"));
        sorted.iter().map(|p| p.expect("read back").1).collect()
    }

    /// Posts newest first, with undated ones and ties: publish order,
    /// undated last, input order between equal times.
    fn mixed(n: u64) -> Vec<Post> {
        (0..n)
            .map(|i| {
                let when = match i % 5 {
                    0 => None,
                    1 => at("2025-03-01 10:00:00"),
                    _ => Some(Timestamp::naive(
                        at("2025-06-01 00:00:00").unwrap().local
                            - chrono::Duration::minutes(i as i64),
                    )),
                };
                post(i, when)
            })
            .collect()
    }

    fn expected(posts: &[Post]) -> Vec<Post> {
        let mut v = posts.to_vec();
        v.sort_by_key(|p| (p.published_at.is_none(), p.published_at.map(|t| t.local)));
        v
    }

    #[test]
    fn posts_come_back_in_publish_order_from_memory_and_from_the_file() {
        let posts = mixed(500);
        // 0 bytes in memory: every record goes to the file; 1 MiB: none does.
        for budget in [0, 300, 1 << 20] {
            let mut store = PostStore::new(budget);
            for (i, p) in posts.iter().enumerate() {
                store.push(p, i as u64);
            }
            assert_eq!(store.len(), 500);
            let spilled = store.segments[0].file.is_some();
            assert_eq!(spilled, budget < 1 << 20, "budget {budget}");
            assert_eq!(read_all(store), expected(&posts), "budget {budget}");
        }
    }

    #[test]
    fn each_post_comes_back_with_the_number_it_was_added_with() {
        let posts = mixed(50);
        let mut store = PostStore::new(0);
        for p in &posts {
            store.push(p, p.line * 3);
        }
        let sorted = Arc::new(store.sorted().expect("stored"));
        let back: Vec<(u64, Post)> = sorted.iter().map(|r| r.expect("read back")).collect();
        assert_eq!(back.len(), 50);
        for (seq, p) in back {
            assert_eq!(seq, p.line * 3);
        }
    }

    #[test]
    fn merged_parts_keep_the_input_order_between_equal_times() {
        let posts = mixed(300);
        let mut whole = PostStore::new(0);
        let mut parts: Vec<PostStore> = Vec::new();
        for chunk in posts.chunks(70) {
            let mut part = whole.fork();
            for (i, p) in chunk.iter().enumerate() {
                part.push(p, i as u64);
            }
            parts.push(part);
        }
        for part in parts {
            whole.merge(part);
        }
        // Posts added after the merge come after the merged ones.
        let extra = post(999, None);
        whole.push(&extra, 0);
        let mut all = posts.clone();
        all.push(extra);
        assert_eq!(read_all(whole), expected(&all));
    }

    #[test]
    fn reading_in_any_order_gives_each_record() {
        // Oldest first, newest first and shuffled: each read pattern of the window.
        let base = at("2025-01-01 00:00:00").unwrap().local;
        let minutes = |order: Vec<i64>| -> Vec<Post> {
            order
                .into_iter()
                .enumerate()
                .map(|(i, m)| {
                    post(
                        i as u64,
                        Some(Timestamp::naive(base + chrono::Duration::minutes(m))),
                    )
                })
                .collect()
        };
        let n = 3000i64;
        let shuffled: Vec<i64> = (0..n).map(|i| (i * 7919) % n).collect();
        for order in [(0..n).collect(), (0..n).rev().collect(), shuffled] {
            let posts = minutes(order);
            let mut store = PostStore::new(1000);
            for (i, p) in posts.iter().enumerate() {
                store.push(p, i as u64);
            }
            assert_eq!(read_all(store), expected(&posts));
        }
    }
}
