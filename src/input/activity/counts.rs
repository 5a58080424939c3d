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
//! shared row by row ([`Ids::Hashed`]): an id made of the run's prefix and a
//! number (`user123`, `id123`) is that number, above every numeric id; the
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

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex, OnceLock};

use crate::input::values::decimal;
use crate::model::Month;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

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
pub(crate) const CHUNK: usize = 1 << 19;

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

/// How a run turns ids that are not numbers into user values.
#[derive(Debug, Clone)]
pub enum Ids {
    /// Every distinct name numbered through one table, in the merge.
    Exact,
    /// Names hashed (or parsed as prefix + number) by the workers, checked
    /// for collisions by their witnesses ([`Witness`]).
    Hashed(Arc<HashedIds>),
}

/// What a hashed name is checked by, and kept as.
#[derive(Debug, Clone, Copy)]
enum Witness {
    /// The name, kept in [`HashedIds`]' table: it is printed back.
    Name,
    /// 32 bits of the second hash of the name, carried with each action
    /// (names are not printed).
    Hash,
}

/// A user value, and the witness its actions carry: 32 bits of the second
/// hash of a hashed name in a run told apart that way ([`Witness::Hash`]);
/// 0 for every other id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct User {
    pub value: u64,
    pub witness: u32,
}

impl User {
    /// A user whose actions carry no witness.
    pub fn plain(value: u64) -> Self {
        User { value, witness: 0 }
    }
}

impl Ids {
    /// Hashed ids, each name kept to print.
    pub fn hashed() -> Self {
        Ids::Hashed(Arc::new(HashedIds::new(None, Witness::Name)))
    }

    /// Hashed ids whose names are not printed: told apart by a second hash.
    pub fn hashed_unnamed() -> Self {
        Ids::Hashed(Arc::new(HashedIds::new(None, Witness::Hash)))
    }

    /// [`Ids::hashed`] with another first hash (tests force collisions
    /// with one).
    #[doc(hidden)]
    pub fn hashed_with(hash: fn(&[u8]) -> u64) -> Self {
        Ids::Hashed(Arc::new(HashedIds::new(Some(hash), Witness::Name)))
    }

    /// [`Ids::hashed_unnamed`] with another first hash.
    #[doc(hidden)]
    pub fn hashed_unnamed_with(hash: fn(&[u8]) -> u64) -> Self {
        Ids::Hashed(Arc::new(HashedIds::new(Some(hash), Witness::Hash)))
    }
}

/// The seed of the names' hash, fixed so that a run gives the same user
/// values every time.
const SEED: u64 = 0x243f_6a88_85a3_08d3;

/// Both hashes of a name, from one pass over it: 128 bits of XXH3, the low
/// 64 the first hash, the high 64 the second, independent of the first.
#[inline]
fn hashes(name: &[u8]) -> (u64, u64) {
    let h = xxhash_rust::xxh3::xxh3_128_with_seed(name, SEED);
    (h as u64, (h >> 64) as u64)
}

/// The first hash of a name.
pub fn default_hash(name: &[u8]) -> u64 {
    hashes(name).0
}

/// Partitions of the table of hashed names (by the hash's top bits), each
/// locked on its own, so workers rarely wait for one another.
const PARTS: usize = 256;

/// One partition of [`HashedIds`]: the name of each hash.
#[derive(Debug, Default)]
struct NamePart {
    /// Hash → (offset, length) of its name in `arena`.
    map: FxHashMap<u64, (u32, u32)>,
    arena: Vec<u8>,
}

/// The state [`Ids::Hashed`] shares between workers.
#[derive(Debug)]
pub struct HashedIds {
    /// A first hash in place of [`hashes`]' (tests force collisions).
    forced: Option<fn(&[u8]) -> u64>,
    witness: Witness,
    /// The prefix of ids read as prefix + number: that of the first name
    /// that ends in a number (`user` of `user123`).
    prefix: OnceLock<Box<[u8]>>,
    parts: Vec<Mutex<NamePart>>,
    collided: AtomicBool,
}

impl HashedIds {
    fn new(forced: Option<fn(&[u8]) -> u64>, witness: Witness) -> Self {
        HashedIds {
            forced,
            witness,
            prefix: OnceLock::new(),
            parts: (0..PARTS).map(|_| Mutex::default()).collect(),
            collided: AtomicBool::new(false),
        }
    }

    /// `n` of an id written as the run's prefix and the number `n`.
    #[inline]
    fn prefixed(&self, name: &[u8]) -> Option<u64> {
        let prefix = match self.prefix.get() {
            Some(p) => p,
            None => {
                let digits = name.iter().rev().take_while(|b| b.is_ascii_digit()).count();
                let (p, n) = name.split_at(name.len() - digits);
                // A prefix in another encoding than UTF-8 would print back
                // as other text than the name read.
                if p.is_empty() || numeric_user(n).is_none() || std::str::from_utf8(p).is_err() {
                    return None;
                }
                self.prefix.get_or_init(|| p.into())
            }
        };
        // The number starts right after the prefix: most other names are
        // told apart at that byte, before the prefix is compared.
        if !name.get(prefix.len()).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let rest = name.strip_prefix(&prefix[..])?;
        numeric_user(rest).filter(|&n| n < PREFIXED_LIMIT)
    }

    /// Takes in the names workers saw ([`LocalNames`]' partitions), a
    /// partition at a time on every core: each partition's table then
    /// stays in the core's cache while the names of that partition stream
    /// past it. A hash already held with another name is a collision.
    fn absorb(&self, pending: &[Vec<Vec<u8>>]) {
        self.parts.par_iter().enumerate().for_each(|(p, part)| {
            let mut guard = match part.lock() {
                Ok(g) => g,
                Err(poisoned) => poisoned.into_inner(),
            };
            let NamePart { map, arena } = &mut *guard;
            for buf in pending.iter().filter_map(|b| b.get(p)) {
                for (h, name) in Records(buf) {
                    match map.get(&h) {
                        Some(&(o, l)) => {
                            if !same(&arena[o as usize..(o + l) as usize], name) {
                                self.collided.store(true, Ordering::Relaxed);
                            }
                        }
                        // Offsets are 32-bit: a partition past 4 GiB of
                        // names is read exactly instead.
                        None => match u32::try_from(arena.len() + name.len()) {
                            Ok(_) => {
                                map.insert(h, (arena.len() as u32, name.len() as u32));
                                arena.extend_from_slice(name);
                            }
                            Err(_) => self.collided.store(true, Ordering::Relaxed),
                        },
                    }
                }
            }
        });
    }

    /// The name of a hashed user (none when names are not kept).
    fn name(&self, h: u64) -> Option<Vec<u8>> {
        if let Witness::Hash = self.witness {
            return None;
        }
        let part = self.parts[part_of(h)].lock().ok()?;
        let &(o, l) = part.map.get(&h)?;
        Some(part.arena[o as usize..(o + l) as usize].to_vec())
    }
}

/// Whether two names are the same bytes, compared eight at a time in line:
/// names are short, and most comparisons find them equal.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let word = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().unwrap_or([0; 8]));
    let n = a.len();
    if n < 8 {
        return a == b;
    }
    let mut i = 0;
    while i + 8 <= n {
        if word(a, i) != word(b, i) {
            return false;
        }
        i += 8;
    }
    // The last eight bytes, overlapping those compared.
    word(a, n - 8) == word(b, n - 8)
}

/// The partition of a hash: its top bits.
#[inline]
fn part_of(h: u64) -> usize {
    (h >> 42) as usize & (PARTS - 1)
}

/// The records of a partition buffer of [`LocalNames`]: a hash (8 bytes),
/// a length (4) and the name, each.
struct Records<'a>(&'a [u8]);

impl<'a> Iterator for Records<'a> {
    type Item = (u64, &'a [u8]);

    fn next(&mut self) -> Option<(u64, &'a [u8])> {
        let (h, rest) = self.0.split_first_chunk::<8>()?;
        let (len, rest) = rest.split_first_chunk::<4>()?;
        let len = u32::from_le_bytes(*len) as usize;
        let name = rest.get(..len)?;
        self.0 = &rest[len..];
        Some((u64::from_le_bytes(*h), name))
    }
}

/// What [`LocalNames::lookup`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// The user: an id of the run's prefix and a number, or a hashed name
    /// this worker recorded lately.
    Known(User),
    /// A hashed name with its witness ([`Witness::Hash`]): the user, once
    /// the name is told from a "not reported" marker.
    Hashed(User),
    /// A hashed name to record ([`Witness::Name`]), with its hash.
    New(u64),
    /// Names are numbered exactly: [`LocalNames::user`] numbers it.
    Exact,
}

/// Slots of a worker's cache of the names it saw last, by hash.
const RECENT: usize = 4096;

/// Names seen by one worker. With [`Ids::Exact`] they are numbered
/// locally and [`Aggregator::add`] renumbers them into the run's names;
/// with [`Ids::Hashed`] their user values are final, and, when names are
/// kept, they wait by partition for the aggregator to check them in a batch.
#[derive(Debug, Default)]
pub struct LocalNames {
    map: FxHashMap<Box<[u8]>, u64>,
    hashed: Option<Arc<HashedIds>>,
    /// Hashed names recorded, by partition ([`Records`]).
    parts: Vec<Vec<u8>>,
    /// Bytes in `parts`.
    bytes: usize,
    /// The last name of each hash slot: its hash + 1 and where its record
    /// begins in its partition. A name seen again soon (an active user) is
    /// recorded once.
    recent: Vec<(u64, u64)>,
}

impl LocalNames {
    /// Names of a run that reads ids as `ids` says.
    pub fn new(ids: &Ids) -> Self {
        match ids {
            Ids::Exact => LocalNames::default(),
            Ids::Hashed(h) => LocalNames {
                hashed: Some(h.clone()),
                ..Default::default()
            },
        }
    }

    /// The user of a name, or what to do to find it.
    #[inline]
    pub fn lookup(&self, name: &[u8]) -> Lookup {
        let Some(h) = &self.hashed else {
            return Lookup::Exact;
        };
        if let Some(n) = h.prefixed(name) {
            return Lookup::Known(User::plain(INTERNED + n));
        }
        let (first, second) = hashes(name);
        let v = h.forced.map_or(first, |f| f(name)) & HASH_MASK;
        if let Witness::Hash = h.witness {
            return Lookup::Hashed(User {
                value: HASHED + v,
                witness: second as u32,
            });
        }
        let slot = self.recent.get(v as usize % RECENT).copied();
        if let Some((_, off)) = slot.filter(|&(seen, _)| seen == v + 1) {
            let rec = &self.parts[part_of(v)][off as usize..];
            if Records(rec).next().is_some_and(|(_, n)| same(n, name)) {
                return Lookup::Known(User::plain(HASHED + v));
            }
        }
        Lookup::New(v)
    }

    /// Records a hashed name (its hash from [`LocalNames::lookup`]) for the
    /// table of names; returns its user.
    pub fn record(&mut self, name: &[u8], v: u64) -> User {
        if self.recent.is_empty() {
            self.recent = vec![(0, 0); RECENT];
            self.parts = vec![Vec::new(); PARTS];
        }
        let part = &mut self.parts[part_of(v)];
        let at = part.len();
        part.extend_from_slice(&v.to_le_bytes());
        part.extend_from_slice(&(name.len() as u32).to_le_bytes());
        part.extend_from_slice(name);
        self.bytes += 12 + name.len();
        // A record past 4 GiB of its partition is not cached: it is only
        // found again by its partition's table.
        if u32::try_from(at).is_ok() {
            self.recent[v as usize % RECENT] = (v + 1, at as u64);
        }
        User::plain(HASHED + v)
    }

    /// The user of a name.
    pub fn user(&mut self, name: &[u8]) -> User {
        match self.lookup(name) {
            Lookup::Known(u) | Lookup::Hashed(u) => u,
            Lookup::New(v) => self.record(name, v),
            Lookup::Exact => {
                if let Some(&u) = self.map.get(name) {
                    return User::plain(u);
                }
                let u = INTERNED + self.map.len() as u64;
                self.map.insert(name.into(), u);
                User::plain(u)
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Bytes of hashed names that wait before they are checked in a batch, per
/// key the aggregate buffers before a merge (12 MiB at [`MIN_PENDING`]).
const NAME_BYTES_PER_PENDING_KEY: usize = 4;

/// One sorted piece of the aggregate.
#[derive(Debug, Default)]
struct Chunk {
    keys: Vec<u64>,
    counts: Vec<u32>,
    /// Each key's witness, or none when every one is 0 (no action merged
    /// into the chunk has carried one).
    witnesses: Vec<u32>,
}

impl Chunk {
    /// The witness of pair `i` (a chunk has one for every pair, or none).
    #[inline]
    fn witness(&self, i: usize) -> u32 {
        match self.witnesses.is_empty() {
            true => 0,
            false => self.witnesses[i],
        }
    }
}

/// An action as a batch holds it: its key, and, in a run whose actions
/// carry witnesses, its name's witness.
trait Action: Copy + Default + Send + Sync + 'static {
    const WITNESSED: bool;
    fn new(key: u64, witness: u32) -> Self;
    fn key(&self) -> u64;
    fn witness(&self) -> u32;
}

impl Action for u64 {
    const WITNESSED: bool = false;
    #[inline]
    fn new(key: u64, _: u32) -> Self {
        key
    }
    #[inline]
    fn key(&self) -> u64 {
        *self
    }
    #[inline]
    fn witness(&self) -> u32 {
        0
    }
}

impl Action for (u64, u32) {
    const WITNESSED: bool = true;
    #[inline]
    fn new(key: u64, witness: u32) -> Self {
        (key, witness)
    }
    #[inline]
    fn key(&self) -> u64 {
        self.0
    }
    #[inline]
    fn witness(&self) -> u32 {
        self.1
    }
}

/// The aggregate, and buffers to reuse.
#[derive(Debug, Default)]
struct Merged {
    chunks: Vec<Chunk>,
    /// Emptied buffers for the next batch.
    spare: Vec<u64>,
    spare_witnessed: Vec<(u64, u32)>,
    /// Two witnesses of one key were seen: two names share a hash.
    clash: bool,
}

impl Merged {
    fn pairs(&self) -> usize {
        self.chunks.iter().map(|c| c.keys.len()).sum()
    }

    /// Sorts a batch and merges it in, counting equal keys as it goes;
    /// `witnessed` once any action has carried a witness.
    fn merge_batch(mut self, batch: Batch, chunk: usize, witnessed: bool) -> Merged {
        if witnessed {
            self.spare = Vec::new();
            let actions = batch.sorted(std::mem::take(&mut self.spare_witnessed));
            let mut merged = self.merge_sorted(&actions, chunk);
            merged.spare_witnessed = actions;
            return merged;
        }
        let keys = batch.sorted(std::mem::take(&mut self.spare));
        let mut merged = self.merge_sorted(&keys, chunk);
        merged.spare = keys;
        merged
    }

    /// Merges sorted actions in, counting equal keys as it goes.
    fn merge_sorted<T: Action>(mut self, actions: &[T], chunk: usize) -> Merged {
        let chunks = std::mem::take(&mut self.chunks);
        let (chunks, clash) = merge(chunks, actions, chunk);
        self.chunks = chunks;
        self.clash |= clash;
        self
    }
}

/// Buckets of the first pass of [`Batch::sorted`]: a batch of 3M keys
/// falls into buckets of about 3,000 (24 KB of keys) that stay in a core's
/// cache while they are sorted.
const BUCKET_BITS: u32 = 10;
const BUCKETS: usize = 1 << BUCKET_BITS;

/// Keys waiting to be merged: single ones, and workers' blocks of them,
/// each with its witnesses or none (a block with no witnesses, or a
/// single key, has witness 0 throughout).
#[derive(Debug, Default)]
struct Batch {
    single: Vec<u64>,
    blocks: Vec<(Vec<u64>, Vec<u32>)>,
    len: usize,
}

impl Batch {
    /// Each block's keys, with their witnesses or none.
    fn pieces(&self) -> impl Iterator<Item = (&[u64], &[u32])> + Clone {
        let single = std::iter::once((&self.single[..], &[][..]));
        single.chain(self.blocks.iter().map(|(k, w)| (&k[..], &w[..])))
    }

    /// Every action, sorted by key, in `into` (emptied first). Sorted by
    /// radix: one pass deals the blocks' actions into buckets by their
    /// keys' top varying bits, then each bucket is radix-sorted on its own
    /// (a pass for each byte its keys do not share) while it sits in cache.
    /// Radix passes over the whole batch would go through memory once a
    /// byte; a comparison sort goes over it log₂(n) times.
    fn sorted<T: Action>(self, mut into: Vec<T>) -> Vec<T> {
        into.clear();
        fn actions<'a, T: Action>(
            (keys, ws): (&'a [u64], &'a [u32]),
        ) -> impl Iterator<Item = T> + 'a {
            let ws = ws.iter().copied().chain(std::iter::repeat(0));
            keys.iter().zip(ws).map(|(&k, w)| T::new(k, w))
        }
        if self.len < BUCKETS * 64 {
            into.extend(self.pieces().flat_map(actions::<T>));
            radsort::sort_by_key(&mut into, T::key);
            return into;
        }
        let all_keys = self.pieces().flat_map(|(k, _)| k.iter().copied());
        let (lo, hi) = all_keys
            .clone()
            .fold((u64::MAX, 0), |(lo, hi), k| (lo.min(k), hi.max(k)));
        // The bits above the highest one in which keys differ are the same
        // in every key: the bucket is the next BUCKET_BITS below them.
        let varying = u64::BITS - (lo ^ hi).leading_zeros();
        let shift = varying.saturating_sub(BUCKET_BITS);
        let bucket = |k: u64| (k >> shift) as usize & (BUCKETS - 1);
        let mut starts = vec![0usize; BUCKETS + 1];
        for k in all_keys {
            starts[bucket(k) + 1] += 1;
        }
        for b in 0..BUCKETS {
            starts[b + 1] += starts[b];
        }
        into.resize(self.len, T::default());
        let mut next = starts.clone();
        for a in self.pieces().flat_map(actions::<T>) {
            let b = bucket(a.key());
            into[next[b]] = a;
            next[b] += 1;
        }
        for w in starts.windows(2) {
            radsort::sort_by_key(&mut into[w[0]..w[1]], T::key);
        }
        into
    }
}

/// The aggregate: at rest, or being merged by a worker.
#[derive(Debug)]
enum Flight {
    Idle(Merged),
    Busy(Receiver<Merged>),
}

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
            true => merge_last::<(u64, u32)>(flight, batch, self.chunk),
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
        let (mut first, mut last) = (None::<Month>, None::<Month>);
        for c in &merged.chunks {
            for &k in &c.keys {
                let m = month_of(k);
                first = Some(first.map_or(m, |f| f.min(m)));
                last = Some(last.map_or(m, |l| l.max(m)));
            }
        }
        UserMonthCounts {
            chunks: merged.chunks,
            names,
            months: first.zip(last),
        }
    }
}

/// The aggregate with the last batch merged in: the batch is gathered and
/// sorted by a worker while the merge in flight ends (this thread, not a
/// worker, waits, so one worker is enough).
fn merge_last<T: Action>(flight: Option<Flight>, batch: Batch, chunk: usize) -> Merged {
    let (tx, rx) = channel();
    rayon::spawn(move || {
        let _ = tx.send(batch.sorted::<T>(Vec::new()));
    });
    let merged = settle(flight);
    let last = rx.recv().expect("the sorting worker sends its result");
    merged.merge_sorted(&last, chunk)
}

/// Whether each user's months carry one witness: two names of one hash
/// that never act in the same month meet here.
fn witnesses_agree(chunks: &[Chunk]) -> bool {
    let pairs = chunks
        .iter()
        .flat_map(|c| (0..c.keys.len()).map(move |i| (user_of(c.keys[i]), c.witness(i))));
    let mut last: Option<(u64, u32)> = None;
    for (u, w) in pairs {
        if last.is_some_and(|(lu, lw)| lu == u && lw != w) {
            return false;
        }
        last = Some((u, w));
    }
    true
}

/// The aggregate once the merge in flight, if any, is done.
fn settle(flight: Option<Flight>) -> Merged {
    match flight {
        // A panicking rayon task aborts the process, so the worker always
        // sends before its end of the channel closes.
        Some(Flight::Busy(rx)) => rx.recv().expect("the merge worker sends its result"),
        Some(Flight::Idle(m)) => m,
        None => Merged::default(),
    }
}

/// Merges sorted actions (equal keys repeat) into the chunks; also says
/// whether two witnesses of one key were seen.
fn merge<T: Action>(chunks: Vec<Chunk>, actions: &[T], size: usize) -> (Vec<Chunk>, bool) {
    if actions.is_empty() {
        return (chunks, false);
    }
    if chunks.is_empty() {
        let (c, clash) = merge_chunk(Chunk::default(), actions);
        return (split(c, size), clash);
    }
    // Chunk i takes the keys below chunk i + 1's first key.
    let mut parts = Vec::with_capacity(chunks.len());
    let mut start = 0usize;
    for i in 0..chunks.len() {
        let end = match chunks.get(i + 1).and_then(|c| c.keys.first()) {
            Some(&lo) => start + actions[start..].partition_point(|a| a.key() < lo),
            None => actions.len(),
        };
        parts.push((start, end));
        start = end;
    }
    let merged: Vec<(Vec<Chunk>, bool)> = chunks
        .into_par_iter()
        .zip(parts)
        .map(|(c, (s, e))| {
            if s == e {
                (vec![c], false)
            } else {
                let (c, clash) = merge_chunk(c, &actions[s..e]);
                (split(c, size), clash)
            }
        })
        .collect();
    let clash = merged.iter().any(|(_, clash)| *clash);
    (merged.into_iter().flat_map(|(c, _)| c).collect(), clash)
}

/// The pairs of a chunk and the counted runs of sorted actions, in order;
/// also says whether a key was seen with two witnesses.
fn merge_chunk<T: Action>(c: Chunk, actions: &[T]) -> (Chunk, bool) {
    let n = c.keys.len() + actions.len();
    let mut out = Chunk {
        keys: Vec::with_capacity(n),
        counts: Vec::with_capacity(n),
        witnesses: Vec::with_capacity(if T::WITNESSED { n } else { 0 }),
    };
    let mut clash = false;
    let (mut i, mut j) = (0, 0);
    while j < actions.len() {
        let (b, w) = (actions[j].key(), actions[j].witness());
        let run = actions[j..].iter().take_while(|a| a.key() == b).count();
        if T::WITNESSED {
            clash |= actions[j..j + run].iter().any(|a| a.witness() != w);
        }
        j += run;
        // Pairs of the chunk below the run's key come first.
        while i < c.keys.len() && c.keys[i] < b {
            out.keys.push(c.keys[i]);
            out.counts.push(c.counts[i]);
            if T::WITNESSED {
                out.witnesses.push(c.witness(i));
            }
            i += 1;
        }
        let mut count = u32::try_from(run).unwrap_or(u32::MAX);
        if c.keys.get(i) == Some(&b) {
            count = count.saturating_add(c.counts[i]);
            if T::WITNESSED {
                clash |= c.witness(i) != w;
            }
            i += 1;
        }
        out.keys.push(b);
        out.counts.push(count);
        if T::WITNESSED {
            out.witnesses.push(w);
        }
    }
    out.keys.extend_from_slice(&c.keys[i..]);
    out.counts.extend_from_slice(&c.counts[i..]);
    if T::WITNESSED {
        match c.witnesses.is_empty() {
            true => out.witnesses.resize(out.keys.len(), 0),
            false => out.witnesses.extend_from_slice(&c.witnesses[i..]),
        }
    }
    (out, clash)
}

/// A chunk cut into pieces of `size` pairs when it has grown past twice that.
fn split(c: Chunk, size: usize) -> Vec<Chunk> {
    let n = c.keys.len();
    if n <= 2 * size {
        return vec![c];
    }
    let piece = |v: &[u32], s: usize, e: usize| v.get(s..e).unwrap_or_default().to_vec();
    (0..n)
        .step_by(size)
        .map(|s| {
            let e = (s + size).min(n);
            Chunk {
                keys: c.keys[s..e].to_vec(),
                counts: c.counts[s..e].to_vec(),
                witnesses: piece(&c.witnesses, s, e),
            }
        })
        .collect()
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
                let prefix = h.prefix.get().map_or(&b""[..], |p| &p[..]);
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

    #[test]
    fn a_prefix_not_in_utf8_is_not_taken() {
        let ids = Ids::hashed();
        let mut local = LocalNames::new(&ids);
        // `Иван3` in Windows-1251.
        assert!(local.user(b"\xc8\xe2\xe0\xed3").value >= HASHED);
        assert_eq!(local.user(b"abc5").value, INTERNED + 5);
        assert!(local.user(b"\xc8\xe2\xe0\xed5").value >= HASHED);
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
        assert!(h.parts.iter().all(|p| p.lock().unwrap().map.is_empty()));
    }

    #[test]
    fn names_compared_a_word_at_a_time_are_compared_exactly() {
        let base = b"abcdefghijklmnopqrstuvwxyz0123456789";
        for len in 0..base.len() {
            let a = &base[..len];
            assert!(same(a, a));
            assert!(!same(a, &base[..len + 1]));
            for i in 0..len {
                let mut b = a.to_vec();
                b[i] ^= 1;
                assert!(!same(a, &b), "{len} {i}");
            }
        }
    }

    #[test]
    fn keys_dealt_into_buckets_sort_as_a_comparison_sort_does() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let hashed = |r: u64| key(HASHED + (r & HASH_MASK), r >> 60);
        let numeric = |r: u64| key(10_000_000 + r % 5_000_000, r >> 60);
        let classes: [(&str, &dyn Fn(u64) -> u64); 5] = [
            ("hashed", &hashed),
            ("numeric", &numeric),
            ("mixed", &|r| {
                if r & 1 == 0 {
                    hashed(r)
                } else {
                    numeric(r)
                }
            }),
            ("one user", &|r| key(42, r % 7)),
            ("full width", &|r| r),
        ];
        for (name, make) in classes {
            for n in [0, 1, 1000, BUCKETS * 64, 300_000] {
                let keys: Vec<u64> = (0..n).map(|_| make(next())).collect();
                // Blocks of 7,000 keys, every other one with witnesses;
                // the first 10 keys single.
                let witness = |k: u64| (k as u32) | 1;
                let batch = || {
                    let (single, rest) = keys.split_at(keys.len().min(10));
                    let blocks = rest.chunks(7_000).enumerate().map(|(i, b)| {
                        let ws = match i % 2 {
                            0 => b.iter().map(|&k| witness(k)).collect(),
                            _ => Vec::new(),
                        };
                        (b.to_vec(), ws)
                    });
                    Batch {
                        single: single.to_vec(),
                        blocks: blocks.collect(),
                        len: keys.len(),
                    }
                };
                let mut want = keys.clone();
                want.sort_unstable();
                assert!(
                    batch().sorted::<u64>(vec![1, 2]) == want,
                    "{name}, {n} keys"
                );
                let mut want: Vec<(u64, u32)> = keys
                    .iter()
                    .enumerate()
                    .map(|(i, &k)| match i >= 10 && (i - 10) / 7_000 % 2 == 0 {
                        true => (k, witness(k)),
                        false => (k, 0),
                    })
                    .collect();
                want.sort_unstable();
                let mut got = batch().sorted::<(u64, u32)>(Vec::new());
                assert!(got.windows(2).all(|w| w[0].0 <= w[1].0), "{name}, {n}");
                got.sort_unstable();
                assert!(got == want, "{name}, {n} keys with witnesses");
            }
        }
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
