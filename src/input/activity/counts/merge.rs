//! The aggregate of per-(user, month) counts, and how a batch of actions
//! is sorted and merged into it (see the parent module's documentation).

use std::sync::mpsc::{channel, Receiver};

use rayon::prelude::*;

use super::user_of;

/// One sorted piece of the aggregate.
#[derive(Debug, Default)]
pub(super) struct Chunk {
    pub(super) keys: Vec<u64>,
    pub(super) counts: Vec<u32>,
    /// Each key's witness, or none when every one is 0 (no action merged
    /// into the chunk has carried one).
    pub(super) witnesses: Vec<u32>,
}

impl Chunk {
    /// The witness of pair `i` (a chunk has one for every pair, or none).
    #[inline]
    pub(super) fn witness(&self, i: usize) -> u32 {
        match self.witnesses.is_empty() {
            true => 0,
            false => self.witnesses[i],
        }
    }
}

/// An action as a batch holds it: its key, and, in a run whose actions
/// carry witnesses, its name's witness.
pub(super) trait Action: Copy + Default + Send + Sync + 'static {
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

/// An action with its witness, packed in 12 bytes (a `(u64, u32)` takes
/// 16): the key's low and high halves, then the witness. Sorting moves a
/// quarter fewer bytes, and a batch of them takes a quarter less memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Witnessed([u32; 3]);

impl Action for Witnessed {
    const WITNESSED: bool = true;
    #[inline]
    fn new(key: u64, witness: u32) -> Self {
        Witnessed([key as u32, (key >> 32) as u32, witness])
    }
    #[inline]
    fn key(&self) -> u64 {
        u64::from(self.0[1]) << 32 | u64::from(self.0[0])
    }
    #[inline]
    fn witness(&self) -> u32 {
        self.0[2]
    }
}

/// The aggregate, and buffers to reuse.
#[derive(Debug, Default)]
pub(super) struct Merged {
    pub(super) chunks: Vec<Chunk>,
    /// Emptied buffers for the next batch.
    pub(super) spare: Vec<u64>,
    pub(super) spare_witnessed: Vec<Witnessed>,
    /// Two witnesses of one key were seen: two names share a hash.
    pub(super) clash: bool,
}

impl Merged {
    pub(super) fn pairs(&self) -> usize {
        self.chunks.iter().map(|c| c.keys.len()).sum()
    }

    /// Sorts a batch and merges it in, counting equal keys as it goes;
    /// `witnessed` once any action has carried a witness.
    pub(super) fn merge_batch(mut self, batch: Batch, chunk: usize, witnessed: bool) -> Merged {
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
    pub(super) fn merge_sorted<T: Action>(mut self, actions: &[T], chunk: usize) -> Merged {
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
pub(super) struct Batch {
    pub(super) single: Vec<u64>,
    pub(super) blocks: Vec<(Vec<u64>, Vec<u32>)>,
    pub(super) len: usize,
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
        // The buckets are sorted in parallel: at the end of a run, this
        // sort is what the last merge waits for.
        let mut buckets = Vec::with_capacity(BUCKETS);
        let mut rest = &mut into[..];
        for w in starts.windows(2) {
            let (bucket, tail) = rest.split_at_mut(w[1] - w[0]);
            buckets.push(bucket);
            rest = tail;
        }
        buckets
            .into_par_iter()
            .with_min_len(BUCKETS / 64)
            .for_each(|b| radsort::sort_by_key(b, T::key));
        into
    }
}

/// The aggregate: at rest, or being merged by a worker.
#[derive(Debug)]
pub(super) enum Flight {
    Idle(Merged),
    Busy(Receiver<Merged>),
}

/// The aggregate with the last batch merged in: the batch is gathered and
/// sorted by a worker while the merge in flight ends (this thread, not a
/// worker, waits, so one worker is enough).
pub(super) fn merge_last<T: Action>(flight: Option<Flight>, batch: Batch, chunk: usize) -> Merged {
    let (tx, rx) = channel();
    rayon::spawn(move || {
        let _ = tx.send(batch.sorted::<T>(Vec::new()));
    });
    let merged = settle(flight);
    let last = rx.recv().expect("the sorting worker sends its result");
    merged.merge_sorted(&last, chunk)
}

/// Whether each user's months carry one witness: two names of one hash
/// that never act in the same month meet here. A user's pairs are
/// adjacent, so it is enough that adjacent pairs of one user agree: inside
/// each chunk (the chunks in parallel), and across each boundary.
pub(super) fn witnesses_agree(chunks: &[Chunk]) -> bool {
    let within = chunks.par_iter().all(|c| {
        c.witnesses.is_empty()
            || c.keys
                .windows(2)
                .zip(c.witnesses.windows(2))
                .all(|(k, w)| w[0] == w[1] || user_of(k[0]) != user_of(k[1]))
    });
    let ends = chunks
        .iter()
        .filter(|c| !c.keys.is_empty())
        .map(|c| {
            let last = c.keys.len() - 1;
            (
                (user_of(c.keys[0]), c.witness(0)),
                (user_of(c.keys[last]), c.witness(last)),
            )
        })
        .collect::<Vec<_>>();
    let across = ends
        .windows(2)
        .all(|p| p[0].1 .0 != p[1].0 .0 || p[0].1 .1 == p[1].0 .1);
    within && across
}

/// The aggregate once the merge in flight, if any, is done.
pub(super) fn settle(flight: Option<Flight>) -> Merged {
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

#[cfg(test)]
mod tests {
    use super::super::{key, HASHED, HASH_MASK};
    use super::*;

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
                let got = batch().sorted::<Witnessed>(Vec::new());
                assert!(
                    got.windows(2).all(|w| w[0].key() <= w[1].key()),
                    "{name}, {n}"
                );
                let mut got: Vec<(u64, u32)> = got.iter().map(|a| (a.key(), a.witness())).collect();
                got.sort_unstable();
                assert!(got == want, "{name}, {n} keys with witnesses");
            }
        }
    }
}
