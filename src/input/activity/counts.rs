//! Per-(user, month) action counts of a log of any length, in memory that
//! grows with distinct users × months, never with rows.
//!
//! Each action is packed into one `u64` key, `user << 12 | month`, and keys
//! are buffered. A full buffer is sorted by a worker, while the next one
//! fills, and merged into the aggregate (a list of sorted, disjoint chunks
//! of (key, count), merged in parallel chunk by chunk), equal keys counted
//! as they merge. Sorting streams through memory where a hash map keyed by
//! user would jump around it on every row.
//!
//! User ids written as plain decimal numbers (the usual case) are their own
//! key. Any other id becomes a number in the reading workers, with no table
//! shared row by row ([`Ids::Hashed`]): an id made of the run's prefix
//! (chosen from the first rows, [`HashedIds::choose_prefix`]) and a number
//! (`user123`, `id123`) is that number, above every numeric id; the
//! rest are hashed to 50 bits (of XXH3-128, whose other half is a second,
//! independent hash). What proves that no two distinct names share
//! a hash is a witness of each name:
//! - when names are not printed, 32 bits of the second hash, carried with
//!   each action through the sort and the merges: equal keys
//!   with unequal witnesses, or one user's months with unequal witnesses,
//!   are two names. Two distinct names are taken for one only when they
//!   agree on 82 bits (for two million names, odds of about 1 in 2·10^12),
//!   and no table of names is kept or probed;
//! - when names are printed (`--list`), the name itself: each worker hands
//!   the names it saw, once per block, to a table partitioned by hash that
//!   keeps one name per hash.
//!
//! When two names share a hash, the run reads its input again with
//! [`Ids::Exact`], which numbers every distinct name through one table.

use std::sync::atomic::Ordering;
use std::sync::mpsc::channel;
use std::sync::Arc;

use crate::input::values::decimal;
use crate::model::Month;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

mod merge;
mod names;

use merge::{merge_last, settle, witnesses_agree, Batch, Chunk, Flight, Merged, Witnessed};
pub use names::{default_hash, HashedIds, Ids, LocalNames, Lookup, User};

/// Bits of a key holding the month.
const MONTH_BITS: u32 = 12;
const MONTH_MASK: u64 = (1 << MONTH_BITS) - 1;
/// The month a key's month bits count from: January 1900.
const MONTH_BASE: i32 = 1900 * 12;
/// Months from January 1900 to December 2240: the years keys hold.
const MONTHS_HELD: i32 = 341 * 12;
/// Users at or above this value are names; below it, numeric ids.
pub const INTERNED: u64 = 1 << 51;
/// [`Ids::Hashed`]: an id of the run's prefix and a number `n` below
/// [`PREFIXED_LIMIT`] is `INTERNED + n`.
const PREFIXED_LIMIT: u64 = 1 << 50;
/// [`Ids::Hashed`]: any other name is `HASHED + ` 50 bits of its hash.
const HASHED: u64 = INTERNED + PREFIXED_LIMIT;
const HASH_MASK: u64 = PREFIXED_LIMIT - 1;

/// Keys buffered before a merge, at least; the buffer grows to half the
/// aggregate, so each merge rewrites the aggregate for a batch of its size.
pub(crate) const MIN_PENDING: usize = 3 << 20;
/// Pairs per chunk of the aggregate: big enough to merge in parallel without
/// overhead, small enough that a merge needs little memory beside it.
pub(crate) const CHUNK: usize = 1 << 18;

/// The month bits of `month`, or `None` outside 1900–2240.
pub fn month_bits(month: Month) -> Option<u64> {
    let off = month.0 - MONTH_BASE;
    (0..MONTHS_HELD).contains(&off).then_some(off as u64)
}

/// The key of one action of `user` in a month (from [`month_bits`]).
pub fn key(user: u64, month_bits: u64) -> u64 {
    user << MONTH_BITS | month_bits
}

fn user_of(key: u64) -> u64 {
    key >> MONTH_BITS
}

fn month_of(key: u64) -> Month {
    Month(MONTH_BASE + (key & MONTH_MASK) as i32)
}

/// A user id as a number when it is written as one: decimal digits with no
/// sign or leading zero (so the number prints back as the same text).
#[inline]
pub fn numeric_user(id: &[u8]) -> Option<u64> {
    if id.is_empty() || id.len() > 16 || (id[0] == b'0' && id.len() > 1) {
        return None;
    }
    let (head, tail) = id.split_at(id.len() % 8);
    let mut v = decimal(head)?;
    for chunk in tail.chunks_exact(8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        v = v * 100_000_000 + eight_digits(u64::from_le_bytes(word))?;
    }
    (v < INTERNED).then_some(v)
}

/// The value of eight ASCII digits read as a little-endian word (first
/// digit in the lowest byte), or `None` if any byte is not a digit. Three
/// multiplications instead of eight dependent ones.
#[inline]
fn eight_digits(word: u64) -> Option<u64> {
    let d = word.wrapping_sub(0x3030_3030_3030_3030);
    // A byte below '0' wraps to 0x80 or more; one above '9' reaches 0x80 once 0x76 is added.
    if (d | d.wrapping_add(0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080 != 0 {
        return None;
    }
    // Pairs of digits, then fours, then all eight.
    let v = d.wrapping_mul(10 * 256 + 1) >> 8;
    let v = (v & 0x00FF_00FF_00FF_00FF).wrapping_mul(100 * 65_536 + 1) >> 16;
    let v = (v & 0x0000_FFFF_0000_FFFF).wrapping_mul(10_000 * (1 << 32) + 1) >> 32;
    Some(v & 0xFFFF_FFFF)
}

/// Bytes of hashed names that wait before they are checked in a batch, per
/// key the aggregate buffers before a merge (12 MiB at [`MIN_PENDING`]).
const NAME_BYTES_PER_PENDING_KEY: usize = 4;

/// Collects action keys and reduces them to per-(user, month) counts.
#[derive(Debug)]
pub struct Aggregator {
    min_pending: usize,
    chunk: usize,
    flight: Option<Flight>,
    /// Pairs in the aggregate at the last merge.
    pairs: usize,
    pending: Batch,
    names: FxHashMap<Box<[u8]>, u64>,
    ids: Ids,
    /// Some action has carried a witness: from then on every batch is
    /// sorted and merged with its witnesses.
    witnessed: bool,
    /// Hashed names not yet checked, by partition, and their bytes.
    unchecked: Vec<Vec<Vec<u8>>>,
    unchecked_bytes: usize,
}

impl Default for Aggregator {
    fn default() -> Self {
        Self::with_sizes(MIN_PENDING, CHUNK)
    }
}

impl Aggregator {
    pub fn new() -> Self {
        Self::default()
    }

    pub(crate) fn with_sizes(min_pending: usize, chunk: usize) -> Self {
        Self::with_ids(min_pending, chunk, Ids::Exact)
    }

    pub(crate) fn with_ids(min_pending: usize, chunk: usize, ids: Ids) -> Self {
        Aggregator {
            min_pending,
            chunk,
            flight: Some(Flight::Idle(Merged::default())),
            pairs: 0,
            pending: Batch::default(),
            names: FxHashMap::default(),
            witnessed: false,
            ids,
            unchecked: Vec::new(),
            unchecked_bytes: 0,
        }
    }

    /// How this run reads ids that are not numbers.
    pub fn ids(&self) -> &Ids {
        &self.ids
    }

    /// The user value of a name that is not a numeric id.
    pub fn intern(&mut self, name: &[u8]) -> u64 {
        if let Some(&u) = self.names.get(name) {
            return u;
        }
        let u = INTERNED + self.names.len() as u64;
        self.names.insert(name.into(), u);
        u
    }

    /// Adds one action of a user with no witness.
    pub fn push(&mut self, key: u64) {
        self.pending.single.push(key);
        self.pending.len += 1;
        self.maybe_flush();
    }

    /// Adds a worker's keys, whose interned users are numbered by `local`,
    /// with their witnesses: one a key, or none when every one is 0.
    pub fn add(&mut self, mut keys: Vec<u64>, witnesses: Vec<u32>, mut local: LocalNames) {
        assert!(
            witnesses.is_empty() || witnesses.len() == keys.len(),
            "one witness a key, or none"
        );
        self.witnessed |= !witnesses.is_empty();
        if local.bytes > 0 {
            self.unchecked_bytes += local.bytes;
            self.unchecked.push(std::mem::take(&mut local.parts));
            if self.unchecked_bytes >= self.min_pending.saturating_mul(NAME_BYTES_PER_PENDING_KEY) {
                self.check_names();
            }
        }
        if !local.is_empty() {
            let mut global = vec![0u64; local.map.len()];
            for (name, u) in local.map {
                global[(u - INTERNED) as usize] = self.intern(&name);
            }
            for k in keys.iter_mut() {
                let u = user_of(*k);
                if u >= INTERNED {
                    *k = key(global[(u - INTERNED) as usize], *k & MONTH_MASK);
                }
            }
        }
        self.pending.len += keys.len();
        self.pending.blocks.push((keys, witnesses));
        self.maybe_flush();
    }

    /// Checks the hashed names waiting.
    fn check_names(&mut self) {
        if let Ids::Hashed(h) = &self.ids {
            h.absorb(&self.unchecked);
        }
        self.unchecked.clear();
        self.unchecked_bytes = 0;
    }

    fn maybe_flush(&mut self) {
        if self.pending.len >= self.min_pending.max(self.pairs / 2) {
            self.flush();
        }
    }

    /// Waits for the merge in flight, if any.
    fn settle(&mut self) -> Merged {
        settle(self.flight.take())
    }

    /// Hands the buffered keys to a worker to merge while the next batch fills.
    fn flush(&mut self) {
        if self.pending.len == 0 {
            return;
        }
        let merged = self.settle();
        self.pairs = merged.pairs();
        let batch = std::mem::take(&mut self.pending);
        let (chunk, witnessed) = (self.chunk, self.witnessed);
        let (tx, rx) = channel();
        rayon::spawn(move || {
            let _ = tx.send(merged.merge_batch(batch, chunk, witnessed));
        });
        self.flight = Some(Flight::Busy(rx));
    }

    /// The counts of every action added, and whether two names collided.
    pub fn finish(mut self) -> UserMonthCounts {
        self.check_names();
        let batch = std::mem::take(&mut self.pending);
        let flight = self.flight.take();
        let mut merged = match self.witnessed {
            true => merge_last::<Witnessed>(flight, batch, self.chunk),
            false => merge_last::<u64>(flight, batch, self.chunk),
        };
        if self.witnessed {
            merged.clash |= !witnesses_agree(&merged.chunks);
            for c in &mut merged.chunks {
                c.witnesses = Vec::new();
            }
        }
        if merged.clash {
            if let Ids::Hashed(h) = &self.ids {
                h.collided.store(true, Ordering::Relaxed);
            }
        }
        let names = match self.ids {
            Ids::Hashed(h) => Names::Hashed(h),
            Ids::Exact => {
                let mut names = vec![Box::<[u8]>::default(); self.names.len()];
                for (name, u) in self.names {
                    names[(u - INTERNED) as usize] = name;
                }
                Names::Exact(names)
            }
        };
        // The first and last month, each chunk in parallel.
        let (lo, hi) = merged
            .chunks
            .par_iter()
            .map(|c| {
                c.keys.iter().fold((MONTH_MASK, 0), |(lo, hi), &k| {
                    (lo.min(k & MONTH_MASK), hi.max(k & MONTH_MASK))
                })
            })
            .reduce(|| (MONTH_MASK, 0), |a, b| (a.0.min(b.0), a.1.max(b.1)));
        let months = (lo <= hi).then(|| (month_of(lo), month_of(hi)));
        UserMonthCounts {
            chunks: merged.chunks,
            names,
            months,
        }
    }
}

/// The names of users that are not numeric ids.
#[derive(Debug)]
enum Names {
    /// By user value − [`INTERNED`].
    Exact(Vec<Box<[u8]>>),
    Hashed(Arc<HashedIds>),
}

impl Default for Names {
    fn default() -> Self {
        Names::Exact(Vec::new())
    }
}

/// How many actions each user made in each month.
#[derive(Debug, Default)]
pub struct UserMonthCounts {
    chunks: Vec<Chunk>,
    names: Names,
    months: Option<(Month, Month)>,
}

impl UserMonthCounts {
    /// The first and last month with an action; `None` when there are none.
    pub fn months(&self) -> Option<(Month, Month)> {
        self.months
    }

    /// Two distinct names were given the same user value: the counts are
    /// not to be used, and the input is to be read again with [`Ids::Exact`].
    pub fn collided(&self) -> bool {
        matches!(&self.names, Names::Hashed(h) if h.collided.load(Ordering::Relaxed))
    }

    /// Distinct (user, month) pairs.
    pub fn pairs(&self) -> usize {
        self.chunks.iter().map(|c| c.keys.len()).sum()
    }

    /// Calls `f` with each user and their months, ascending, each with its
    /// number of actions. Numeric ids come first, in numeric order.
    pub fn for_each_user(&self, mut f: impl FnMut(u64, &[(Month, u32)])) {
        let mut months: Vec<(Month, u32)> = Vec::new();
        let mut current: Option<u64> = None;
        for c in &self.chunks {
            for (&k, &n) in c.keys.iter().zip(&c.counts) {
                let u = user_of(k);
                if current != Some(u) {
                    if let Some(prev) = current {
                        f(prev, &months);
                    }
                    months.clear();
                    current = Some(u);
                }
                months.push((month_of(k), n));
            }
        }
        if let Some(prev) = current {
            f(prev, &months);
        }
    }

    /// [`UserMonthCounts::for_each_user`] split into about `parts` pieces
    /// run in parallel, each folding its users into a value of its own;
    /// the values come back in user order.
    pub fn fold_users<B: Send>(
        &self,
        parts: usize,
        init: impl Fn() -> B + Sync,
        f: impl Fn(&mut B, u64, &[(Month, u32)]) + Sync,
    ) -> Vec<B> {
        let n = self.chunks.len();
        let parts = parts.clamp(1, n.max(1));
        (0..parts)
            .into_par_iter()
            .map(|p| {
                let (start, end) = (p * n / parts, (p + 1) * n / parts);
                let mut acc = init();
                // A user whose entries began in the chunk before belongs to the piece before.
                let skip = start
                    .checked_sub(1)
                    .and_then(|i| self.chunks[i].keys.last())
                    .map(|&k| user_of(k));
                let mut months: Vec<(Month, u32)> = Vec::new();
                let mut current: Option<u64> = None;
                let pairs = self.chunks[start..]
                    .iter()
                    .enumerate()
                    .flat_map(|(i, c)| c.keys.iter().zip(&c.counts).map(move |kc| (start + i, kc)));
                for (i, (&k, &count)) in pairs {
                    let u = user_of(k);
                    if current != Some(u) {
                        if let Some(prev) = current.take() {
                            f(&mut acc, prev, &months);
                        }
                        months.clear();
                        if i >= end {
                            // The next piece starts with this user.
                            break;
                        }
                        if skip == Some(u) {
                            continue;
                        }
                        current = Some(u);
                    }
                    months.push((month_of(k), count));
                }
                if let Some(prev) = current {
                    f(&mut acc, prev, &months);
                }
                acc
            })
            .collect()
    }

    /// The id of a user as the input wrote it.
    pub fn user_id(&self, user: u64) -> String {
        if user < INTERNED {
            return user.to_string();
        }
        let name = match &self.names {
            Names::Exact(names) => names.get((user - INTERNED) as usize).map(|n| n.to_vec()),
            Names::Hashed(h) if user < HASHED => {
                let prefix = h
                    .prefix
                    .get()
                    .and_then(Option::as_deref)
                    .unwrap_or_default();
                Some([prefix, (user - INTERNED).to_string().as_bytes()].concat())
            }
            Names::Hashed(h) => h.name(user - HASHED),
        };
        name.map(|n| String::from_utf8_lossy(&n).into_owned())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    fn collect(c: &UserMonthCounts) -> Vec<(String, Vec<(String, u32)>)> {
        let mut out = Vec::new();
        c.for_each_user(|u, ms| {
            out.push((
                c.user_id(u),
                ms.iter().map(|(m, n)| (m.to_string(), *n)).collect(),
            ))
        });
        out
    }

    #[test]
    fn eight_digits_at_a_time_match_one_at_a_time() {
        let mut x = 12345u64;
        for _ in 0..20_000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let n = x % 10_000_000_000_000_000;
            let text = n.to_string();
            assert_eq!(
                numeric_user(text.as_bytes()),
                Some(n).filter(|&v| v < INTERNED),
                "{text}"
            );
        }
        for bad in [
            &b"1234567/"[..],
            b"12345:78",
            b"1234\xff678",
            b"123456789012345a",
            b" 2345678",
        ] {
            assert_eq!(numeric_user(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn numeric_ids_are_exact_text() {
        assert_eq!(numeric_user(b"12345"), Some(12345));
        assert_eq!(numeric_user(b"0"), Some(0));
        assert_eq!(numeric_user(b"007"), None);
        assert_eq!(numeric_user(b"+7"), None);
        assert_eq!(numeric_user(b"12a"), None);
        assert_eq!(numeric_user(b""), None);
        assert_eq!(numeric_user(b"9999999999999999"), None);
    }

    #[test]
    fn months_outside_the_key_range_have_no_bits() {
        assert_eq!(month_bits(m("1900-01")), Some(0));
        assert_eq!(month_bits(m("2240-12")), Some(4091));
        assert_eq!(month_bits(m("1899-12")), None);
        assert_eq!(month_bits(m("2241-01")), None);
    }

    #[test]
    fn counts_actions_per_user_and_month() {
        let mut a = Aggregator::new();
        let jan = month_bits(m("2024-01")).unwrap();
        let feb = month_bits(m("2024-02")).unwrap();
        for k in [key(7, feb), key(7, jan), key(3, jan), key(7, feb)] {
            a.push(k);
        }
        let u = a.intern(b"user42");
        a.push(key(u, feb));
        let mut local = LocalNames::default();
        let lu = local.user(b"user42").value;
        let other = local.user(b"anna").value;
        a.add(
            vec![key(lu, jan), key(other, jan), key(8, feb)],
            Vec::new(),
            local,
        );
        let c = a.finish();
        assert_eq!(c.months(), Some((m("2024-01"), m("2024-02"))));
        assert_eq!(c.pairs(), 7);
        let got = collect(&c);
        let s = |x: &str| x.to_string();
        assert_eq!(
            got,
            vec![
                (s("3"), vec![(s("2024-01"), 1)]),
                (s("7"), vec![(s("2024-01"), 1), (s("2024-02"), 2)]),
                (s("8"), vec![(s("2024-02"), 1)]),
                (s("user42"), vec![(s("2024-01"), 1), (s("2024-02"), 1)]),
                (s("anna"), vec![(s("2024-01"), 1)]),
            ]
        );
    }

    #[test]
    fn merging_many_flushes_matches_a_plain_count() {
        // Pseudo-random keys over several flushes and chunk splits.
        let mut a = Aggregator::with_sizes(1000, 64);
        let mut expected = std::collections::BTreeMap::new();
        let mut x = 0x9e3779b97f4a7c15u64;
        for _ in 0..50_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let k = key(x % 3_000, x >> 60);
            a.push(k);
            *expected.entry(k).or_insert(0u32) += 1;
        }
        let c = a.finish();
        assert!(c.chunks.len() > 1);
        let got: Vec<(u64, u32)> = c
            .chunks
            .iter()
            .flat_map(|ch| ch.keys.iter().copied().zip(ch.counts.iter().copied()))
            .collect();
        let want: Vec<(u64, u32)> = expected.into_iter().collect();
        assert_eq!(got, want);
    }

    #[test]
    fn folding_users_in_pieces_sees_each_user_once_with_all_months() {
        let mut a = Aggregator::with_sizes(100, 7);
        for u in 0..200u64 {
            for m in 0..(u % 5 + 1) {
                for _ in 0..=m {
                    a.push(key(u * 3, m));
                }
            }
        }
        let c = a.finish();
        assert!(c.chunks.len() > 10);
        let mut whole = Vec::new();
        c.for_each_user(|u, ms| whole.push((u, ms.to_vec())));
        for parts in [1, 2, 3, 8, 500] {
            let pieces = c.fold_users(parts, Vec::new, |acc, u, ms| acc.push((u, ms.to_vec())));
            let joined: Vec<_> = pieces.into_iter().flatten().collect();
            assert_eq!(joined, whole, "{parts} pieces");
        }
    }

    #[test]
    fn prefixed_ids_are_numbers_only_when_they_print_back() {
        let ids = Ids::hashed();
        let mut local = LocalNames::new(&ids);
        let jan = month_bits(m("2024-01")).unwrap();
        let names: [&[u8]; 7] = [
            b"user7", b"user007", b"user", b"id7", b"user0", b"7", b"user70",
        ];
        let users: Vec<u64> = names.iter().map(|n| local.user(n).value).collect();
        assert_eq!(users[0], INTERNED + 7);
        assert!(users[1] >= HASHED, "a leading zero is not the number");
        assert!(users[2] >= HASHED);
        assert!(users[3] >= HASHED, "another prefix is hashed");
        assert_eq!(users[4], INTERNED);
        assert_eq!(users[6], INTERNED + 70);
        let mut a = Aggregator::with_ids(1000, 64, ids);
        a.add(
            users.iter().map(|&u| key(u, jan)).collect(),
            Vec::new(),
            local,
        );
        let c = a.finish();
        assert!(!c.collided());
        let got: BTreeSet<String> = collect(&c).into_iter().map(|(n, _)| n).collect();
        let want: BTreeSet<String> = names
            .iter()
            .map(|n| String::from_utf8(n.to_vec()).unwrap())
            .collect();
        assert_eq!(got, want);
    }

    fn one_hash(_: &[u8]) -> u64 {
        5
    }

    #[test]
    fn two_names_of_one_hash_are_a_collision_and_one_name_twice_is_not() {
        let jan = month_bits(m("2024-01")).unwrap();
        let feb = month_bits(m("2024-02")).unwrap();
        // Names kept, or told apart by a witness; every action merged on
        // its own, or all in one batch.
        let kept = || Ids::hashed_with(one_hash);
        let witnessed = || Ids::hashed_unnamed_with(one_hash);
        let runs: [(&str, &dyn Fn() -> Ids, usize); 4] = [
            ("names kept", &kept, 1),
            ("names kept", &kept, 1000),
            ("witnessed", &witnessed, 1),
            ("witnessed", &witnessed, 1000),
        ];
        for (label, make, pending) in runs {
            let run = |names: &[(&[u8], u64)]| {
                let ids = make();
                let mut a = Aggregator::with_ids(pending, 1, ids.clone());
                // Each name from a worker of its own, and twice from one.
                for &(n, month) in names {
                    let mut local = LocalNames::new(&ids);
                    // As a scan reads them: numeric ids are their own value.
                    let hashed = numeric_user(n).is_none();
                    let mut user = |n| numeric_user(n).map_or_else(|| local.user(n), User::plain);
                    let u = user(n);
                    assert_eq!(user(n), u);
                    assert_eq!(u.witness != 0, hashed && label == "witnessed", "{n:?}");
                    let w = if u.witness != 0 {
                        vec![u.witness; 2]
                    } else {
                        vec![]
                    };
                    a.add(vec![key(u.value, month); 2], w, local);
                }
                let c = a.finish();
                // The counts are whole either way.
                let actions: u32 = c.chunks.iter().flat_map(|c| &c.counts).sum();
                assert_eq!(actions as usize, 2 * names.len());
                c.collided()
            };
            let what = format!("{label}, {pending} pending");
            assert!(
                !run(&[(b"anna", jan), (b"anna", jan), (b"anna", feb)]),
                "{what}"
            );
            assert!(run(&[(b"anna", jan), (b"olga", jan)]), "{what}");
            assert!(
                run(&[(b"anna", jan), (b"olga", feb)]),
                "{what}: other months"
            );
            assert!(
                run(&[(b"olga", feb), (b"anna", jan), (b"anna", feb)]),
                "{what}"
            );
            // Numeric ids (no witnesses) merged before the first name.
            assert!(
                run(&[(b"7", jan), (b"anna", jan), (b"7", feb), (b"olga", feb)]),
                "{what}"
            );
            assert!(
                !run(&[(b"7", jan), (b"anna", jan), (b"8", feb), (b"anna", feb)]),
                "{what}"
            );
            // ... and a numeric id merged after it, below one merged before.
            let ids: [&[u8]; 8] = [b"1", b"2", b"3", b"4", b"9", b"anna", b"0", b"anna"];
            assert!(!run(&ids.map(|n| (n, jan))), "{what}");
            let (x, y) = (&b"anna_karenina_x"[..], &b"anna_karenina_y"[..]);
            assert!(run(&[(x, jan), (y, jan)]), "{what}");
            assert!(!run(&[(x, jan), (x, feb)]), "{what}");
        }
    }

    fn sixteen_hashes(name: &[u8]) -> u64 {
        default_hash(name) % 16
    }

    #[test]
    fn witnesses_find_exactly_the_names_that_share_a_hash() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let jan = month_bits(m("2024-01")).unwrap();
        for run in 0..60 {
            // A few names (sometimes no two in one of the 16 hashes), some
            // numeric ids, in random months, blocks, batch and chunk sizes.
            let pool: Vec<String> = (0..1 + next(if run % 2 == 0 { 5 } else { 30 }))
                .map(|i| match i % 4 {
                    3 => (1000 + i).to_string(),
                    _ => format!("n{}x", next(1000)),
                })
                .collect();
            let ids = Ids::hashed_unnamed_with(sixteen_hashes);
            let mut a =
                Aggregator::with_ids(1 + next(200) as usize, 1 + next(20) as usize, ids.clone());
            let mut want = std::collections::BTreeMap::new();
            let mut users = std::collections::BTreeMap::new();
            let mut left = 1 + next(400);
            while left > 0 {
                let mut local = LocalNames::new(&ids);
                let (mut keys, mut witnesses) = (Vec::new(), Vec::new());
                for _ in 0..(1 + next(50)).min(left) {
                    let name = pool[next(pool.len() as u64) as usize].as_bytes();
                    let u = numeric_user(name).map_or_else(|| local.user(name), User::plain);
                    let k = key(u.value, jan + next(6));
                    keys.push(k);
                    if u.witness != 0 || !witnesses.is_empty() {
                        witnesses.resize(keys.len() - 1, 0);
                        witnesses.push(u.witness);
                    }
                    *want.entry(k).or_insert(0u32) += 1;
                    users.insert(name.to_vec(), u.value);
                    left -= 1;
                }
                a.add(keys, witnesses, local);
            }
            let mut by_value = std::collections::BTreeMap::new();
            for u in users.values() {
                *by_value.entry(*u).or_insert(0) += 1;
            }
            let shared = by_value.values().any(|&n| n > 1);
            let c = a.finish();
            assert_eq!(c.collided(), shared, "run {run}: {users:?}");
            if !shared {
                let got: Vec<(u64, u32)> = c
                    .chunks
                    .iter()
                    .flat_map(|c| c.keys.iter().copied().zip(c.counts.iter().copied()))
                    .collect();
                assert_eq!(got, want.into_iter().collect::<Vec<_>>(), "run {run}");
            }
        }
    }

    #[test]
    fn a_witnessed_run_counts_as_a_plain_one_and_keeps_no_names() {
        let ids = Ids::hashed_unnamed();
        let mut a = Aggregator::with_ids(1000, 64, ids.clone());
        let mut local = LocalNames::new(&ids);
        let mut want = std::collections::BTreeMap::new();
        let (mut keys, mut witnesses) = (Vec::new(), Vec::new());
        for i in 0..20_000u64 {
            let name = format!("@anna_{}", i * 7919 % 3_001);
            let month = month_bits(m("2024-01")).unwrap() + i % 5;
            let u = local.user(name.as_bytes());
            keys.push(key(u.value, month));
            witnesses.push(u.witness);
            *want.entry((u.value, month)).or_insert(0u32) += 1;
            if keys.len() == 1_500 {
                let block = (std::mem::take(&mut keys), std::mem::take(&mut witnesses));
                a.add(
                    block.0,
                    block.1,
                    std::mem::replace(&mut local, LocalNames::new(&ids)),
                );
            }
        }
        a.add(keys, witnesses, local);
        a.push(key(7, month_bits(m("2024-03")).unwrap()));
        *want
            .entry((7, month_bits(m("2024-03")).unwrap()))
            .or_insert(0) += 1;
        let c = a.finish();
        assert!(!c.collided());
        assert!(c.chunks.len() > 1);
        assert!(
            c.chunks.iter().all(|c| c.witnesses.is_empty()),
            "dropped once checked"
        );
        let got: Vec<((u64, u64), u32)> = c
            .chunks
            .iter()
            .flat_map(|c| c.keys.iter().zip(&c.counts))
            .map(|(&k, &n)| ((user_of(k), k & MONTH_MASK), n))
            .collect();
        assert_eq!(got, want.into_iter().collect::<Vec<_>>());
        let Ids::Hashed(h) = &ids else { unreachable!() };
        assert_eq!(h.names_kept(), 0);
    }

    #[test]
    fn no_actions_no_months() {
        let c = Aggregator::new().finish();
        assert_eq!(c.months(), None);
        let mut calls = 0;
        c.for_each_user(|_, _| calls += 1);
        assert_eq!(calls, 0);
    }
}
