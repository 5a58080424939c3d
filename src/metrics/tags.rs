//! Hashtag performance and best posting time (docs/metrics.md#hashtags,
//! #best-time).

use serde::Serialize;

/// Hashtags of a caption, lower-cased, each once, in order of appearance.
/// A hashtag is `#` followed by letters, digits or `_` (any script).
pub fn hashtags(text: &str) -> Vec<String> {
    let mut scratch = TagScratch::default();
    scratch.read(text);
    scratch.tags().map(str::to_string).collect()
}

/// The hashtags of one caption after another, kept in one reused buffer so a
/// long export does not allocate a string per tag.
#[derive(Debug, Default)]
pub struct TagScratch {
    arena: String,
    ends: Vec<usize>,
}

impl TagScratch {
    /// Reads the hashtags of `text`, replacing the previous caption's.
    pub fn read(&mut self, text: &str) {
        self.arena.clear();
        self.ends.clear();
        // Jump from one `#` (or the first byte of `＃`) to the next.
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(off) = memchr::memchr2(b'#', 0xEF, &bytes[from..]) {
            let i = from + off;
            from = i + 1;
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if c != '#' && c != '＃' {
                continue;
            }
            let body_at = i + c.len_utf8();
            // ASCII letters, digits and `_` first, a byte at a time.
            let ascii = bytes[body_at..]
                .iter()
                .take_while(|&&b| ascii_tag_byte(b))
                .count();
            let mut chars = text[body_at + ascii..].char_indices().peekable();
            // A '#' glued to a word (`C#`, `abc#def`, `snake_#x`) or an
            // HTML entity (`&#39;`) does not start a tag.
            let prev = text[..i].chars().next_back();
            if prev.is_some_and(|p| p.is_alphanumeric() || p == '_' || p == '&') {
                continue;
            }
            let start = self.arena.len();
            self.arena.push('#');
            let head = &text[body_at..body_at + ascii];
            self.arena.push_str(head);
            let mut named = head.bytes().any(|b| b.is_ascii_alphabetic() || b == b'_');
            let mut taken = ascii;
            while let Some(&(_, n)) = chars.peek() {
                if n.is_alphanumeric() || n == '_' || is_joiner(n) {
                    // Only the invisible zero-width joiner is dropped; combining
                    // marks and the letters of the joiner ranges are part of the tag.
                    if n != '\u{200d}' {
                        self.arena.push(n);
                        named |= n.is_alphabetic() || n == '_';
                    }
                    taken += n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            from = i + c.len_utf8() + taken;
            if !named {
                self.arena.truncate(start);
                continue;
            }
            let tag = &mut self.arena[start..];
            if tag.is_ascii() {
                tag.make_ascii_lowercase();
            } else {
                // Whole-string lower-casing knows context (a final sigma).
                let lower = tag.to_lowercase();
                self.arena.truncate(start);
                self.arena.push_str(&lower);
            }
            let new = &self.arena[start..];
            if self.tags().any(|t| t == new) {
                self.arena.truncate(start);
            } else {
                self.ends.push(self.arena.len());
            }
        }
    }

    /// The tags read, in order of appearance.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(a, b)| &self.arena[a..b])
    }
}

/// A byte the ASCII fast path takes into a tag. Only a shortcut: the
/// character loop after it takes the same bytes.
#[inline]
fn ascii_tag_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_joiner(c: char) -> bool {
    // Combining marks keep tags in scripts such as Devanagari whole.
    matches!(c, '\u{200d}' | '\u{0300}'..='\u{036f}' | '\u{0900}'..='\u{0dff}')
}

/// Performance of one hashtag.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct HashtagRow {
    /// The tag, lower-cased, with its `#`.
    pub tag: String,
    /// Posts carrying it.
    pub posts: u64,
    /// Mean reach of those posts (over the ones reporting reach).
    pub reach_mean: Option<f64>,
    /// Mean ER of those posts, in %.
    pub er_mean: Option<f64>,
    /// Tag's mean ER / overall mean ER − 1, in %.
    pub lift: Option<f64>,
}

/// Mean ER of the posts published in one weekday × hour slot.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TimeSlot {
    /// ISO weekday number, 1 = Monday … 7 = Sunday.
    pub weekday: u32,
    /// Short English weekday name.
    pub day: &'static str,
    /// Hour of the publish time, 0–23.
    pub hour: u32,
    /// Dated posts in the slot.
    pub posts: u64,
    /// Mean ER of those posts, in %.
    pub er_mean: Option<f64>,
    /// True when the slot has fewer than 2 posts: too few to trust.
    pub low_sample: bool,
}
