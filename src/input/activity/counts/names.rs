//! How a run turns user ids that are not numbers into user values, and
//! what proves that two names were not taken for one (see the parent
//! module's documentation).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{numeric_user, HASHED, HASH_MASK, INTERNED, PREFIXED_LIMIT};

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
    /// The prefix of ids read as prefix + number (`user` of `user123`),
    /// or none: chosen from the first rows of the run
    /// ([`HashedIds::choose_prefix`]), else that of the first name that
    /// ends in a number.
    pub(super) prefix: OnceLock<Option<Box<[u8]>>>,
    parts: Vec<Mutex<NamePart>>,
    pub(super) collided: AtomicBool,
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
            Some(Some(p)) => p,
            Some(None) => return None,
            None => {
                let (p, _) = split_number(name)?;
                self.prefix.get_or_init(|| Some(p.into())).as_ref()?
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

    /// Chooses the run's prefix from the first ids of its input, before
    /// they are read in parallel: the prefix of prefix + number ids when at
    /// least half of the names there are written so with one prefix, else
    /// none (no id of the run is then read as prefix + number). A log of
    /// usernames or hashes is thus not tested against a prefix that one of
    /// its names happened to have. Does nothing once the prefix is chosen,
    /// or when no sampled id is a name.
    pub fn choose_prefix<'a>(&self, ids: impl IntoIterator<Item = &'a [u8]>) {
        if self.prefix.get().is_some() {
            return;
        }
        let mut names = 0usize;
        let mut prefixes: FxHashMap<&[u8], usize> = FxHashMap::default();
        for id in ids {
            if id.is_empty() || numeric_user(id).is_some() {
                continue;
            }
            names += 1;
            if let Some((p, _)) = split_number(id) {
                *prefixes.entry(p).or_default() += 1;
            }
        }
        if names == 0 {
            return;
        }
        let best = prefixes
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)));
        let chosen = best.filter(|&(_, n)| 2 * n >= names).map(|(p, _)| p.into());
        let _ = self.prefix.set(chosen);
    }

    /// Takes in the names workers saw ([`LocalNames`]' partitions), a
    /// partition at a time on every core: each partition's table then
    /// stays in the core's cache while the names of that partition stream
    /// past it. A hash already held with another name is a collision.
    pub(super) fn absorb(&self, pending: &[Vec<Vec<u8>>]) {
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

    /// Hashes whose names the table keeps.
    #[cfg(test)]
    pub(super) fn names_kept(&self) -> usize {
        self.parts
            .iter()
            .map(|p| p.lock().map_or(0, |p| p.map.len()))
            .sum()
    }

    /// The name of a hashed user (none when names are not kept).
    pub(super) fn name(&self, h: u64) -> Option<Vec<u8>> {
        if let Witness::Hash = self.witness {
            return None;
        }
        let part = self.parts[part_of(h)].lock().ok()?;
        let &(o, l) = part.map.get(&h)?;
        Some(part.arena[o as usize..(o + l) as usize].to_vec())
    }
}

/// A name split into a prefix and the number it ends in (`user`, `123`),
/// when the number is a numeric id and the prefix is UTF-8 (a prefix in
/// another encoding would print back as other text than the name read).
fn split_number(name: &[u8]) -> Option<(&[u8], u64)> {
    let digits = name.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let (p, n) = name.split_at(name.len() - digits);
    if p.is_empty() || std::str::from_utf8(p).is_err() {
        return None;
    }
    Some((p, numeric_user(n)?))
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
/// locally and [`Aggregator::add`](super::Aggregator::add) renumbers them into the run's names;
/// with [`Ids::Hashed`] their user values are final, and, when names are
/// kept, they wait by partition for the aggregator to check them in a batch.
#[derive(Debug, Default)]
pub struct LocalNames {
    pub(super) map: FxHashMap<Box<[u8]>, u64>,
    hashed: Option<Arc<HashedIds>>,
    /// Hashed names recorded, by partition ([`Records`]).
    pub(super) parts: Vec<Vec<u8>>,
    /// Bytes in `parts`.
    pub(super) bytes: usize,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_not_in_utf8_is_not_taken() {
        let ids = Ids::hashed();
        let mut local = LocalNames::new(&ids);
        // `Иван3` in Windows-1251.
        assert!(local.user(b"\xc8\xe2\xe0\xed3").value >= HASHED);
        assert_eq!(local.user(b"abc5").value, INTERNED + 5);
        assert!(local.user(b"\xc8\xe2\xe0\xed5").value >= HASHED);
    }

    #[test]
    fn the_prefix_is_chosen_from_the_first_ids() {
        let chosen = |ids: &[&str]| {
            let h = HashedIds::new(None, Witness::Hash);
            h.choose_prefix(ids.iter().map(|s| s.as_bytes()));
            h.prefix.get().map(|p| p.as_deref().map(|p| p.to_vec()))
        };
        let some = |p: &str| Some(Some(p.as_bytes().to_vec()));
        // Half the names or more with one prefix: that prefix.
        assert_eq!(chosen(&["user1", "user22", "anna", "42"]), some("user"));
        assert_eq!(chosen(&["id7", "id8", "u9", "x"]), some("id"));
        // Usernames of which a few end in a number: none.
        let users = ["@anna_k", "@anna_k1", "@lena_sb", "@ivan_p", "@anna_k22"];
        assert_eq!(chosen(&users), Some(None));
        // A number that is not an id (a leading zero) makes no prefix.
        assert_eq!(chosen(&["u01", "u02"]), Some(None));
        // Numeric ids and empty cells only: left for the first name read.
        assert_eq!(chosen(&["1", "22", ""]), None);
        // Once chosen, it stays: no id of the run is read as that prefix
        // and a number, so `@anna_k1` is hashed.
        let h = HashedIds::new(None, Witness::Hash);
        h.choose_prefix(users.iter().map(|s| s.as_bytes()));
        h.choose_prefix([&b"user1"[..], b"user2"]);
        assert_eq!(h.prefixed(b"@anna_k1"), None);
        assert_eq!(h.prefixed(b"user1"), None);
        let h = HashedIds::new(None, Witness::Hash);
        h.choose_prefix([&b"user1"[..], b"user2"]);
        assert_eq!(h.prefixed(b"user35"), Some(35));
        assert_eq!(h.prefixed(b"@anna_k1"), None);
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
}
