//! The `n` best posts by a score other than ER (`--top-by reach`,
//! `--top-by overperformance`; docs/metrics.md#top-posts): a bounded heap
//! that streams, and merges across the parts of a file read in parts. The
//! ties are ER's: more interactions first, then the earlier post.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One candidate: better is greater.
#[derive(Debug, Clone)]
struct Entry<O, T> {
    score: f64,
    interactions: i64,
    order: O,
    item: T,
}

impl<O: Ord, T> Entry<O, T> {
    fn key_cmp(&self, o: &Self) -> Ordering {
        self.score
            .total_cmp(&o.score)
            .then(self.interactions.cmp(&o.interactions))
            .then(o.order.cmp(&self.order))
    }
}

impl<O: Ord, T> PartialEq for Entry<O, T> {
    fn eq(&self, o: &Self) -> bool {
        self.key_cmp(o) == Ordering::Equal
    }
}
impl<O: Ord, T> Eq for Entry<O, T> {}
impl<O: Ord, T> PartialOrd for Entry<O, T> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl<O: Ord, T> Ord for Entry<O, T> {
    // Reversed: the heap's top is the worst kept, the first to go.
    fn cmp(&self, o: &Self) -> Ordering {
        o.key_cmp(self)
    }
}

/// The `n` best by score; ties go to more interactions, then to the
/// smaller `order` (the earlier post).
#[derive(Debug, Clone)]
pub struct Best<O, T> {
    n: usize,
    heap: BinaryHeap<Entry<O, T>>,
}

impl<O: Ord, T> Best<O, T> {
    pub fn new(n: usize) -> Self {
        Best {
            n,
            heap: BinaryHeap::new(),
        }
    }

    /// Offers a post with its score (`None`: not ranked) and interactions;
    /// `item` is made only when it is kept.
    pub fn add(
        &mut self,
        score: Option<f64>,
        interactions: i64,
        order: O,
        item: impl FnOnce() -> T,
    ) {
        let Some(score) = score else { return };
        if self.n == 0 {
            return;
        }
        if self.heap.len() == self.n {
            let beats = self.heap.peek().is_some_and(|w| {
                score
                    .total_cmp(&w.score)
                    .then(interactions.cmp(&w.interactions))
                    .then(w.order.cmp(&order))
                    == Ordering::Greater
            });
            if !beats {
                return;
            }
            self.heap.pop();
        }
        self.heap.push(Entry {
            score,
            interactions,
            order,
            item: item(),
        });
    }

    /// Takes in the candidates of another part.
    pub fn merge(&mut self, o: Best<O, T>) {
        for e in o.heap {
            self.heap.push(e);
            if self.heap.len() > self.n {
                self.heap.pop();
            }
        }
    }

    /// The kept items, best first.
    pub fn finish(self) -> Vec<T> {
        // Ascending by `Ord` is best first (the order is reversed).
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|e| e.item)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (score, interactions, order) of six posts; the item is the order.
    const POSTS: [(Option<f64>, i64, u32); 6] = [
        (Some(5.0), 10, 1),
        (Some(9.0), 1, 2),
        (None, 100, 3),
        (Some(5.0), 20, 4),
        (Some(5.0), 20, 5),
        (Some(1.0), 0, 6),
    ];

    fn best(n: usize, posts: &[(Option<f64>, i64, u32)]) -> Best<u32, u32> {
        let mut b = Best::new(n);
        for &(s, i, o) in posts {
            b.add(s, i, o, || o);
        }
        b
    }

    #[test]
    fn keeps_the_best_scores_with_ties_to_more_interactions_then_the_earlier() {
        // 9 first; of the three 5s, 20 interactions beat 10, and of the two
        // with 20, order 4 is earlier than 5; the unscored post is not ranked.
        assert_eq!(best(4, &POSTS).finish(), [2, 4, 5, 1]);
        assert_eq!(best(2, &POSTS).finish(), [2, 4]);
        assert_eq!(best(10, &POSTS).finish(), [2, 4, 5, 1, 6]);
        assert!(best(0, &POSTS).finish().is_empty());
    }

    #[test]
    fn merges_split_anywhere() {
        for n in 0..=6 {
            let whole = best(n, &POSTS).finish();
            for k in 0..=POSTS.len() {
                let mut a = best(n, &POSTS[..k]);
                a.merge(best(n, &POSTS[k..]));
                assert_eq!(a.finish(), whole, "n {n}, split at {k}");
            }
        }
    }

    #[test]
    fn a_full_heap_lets_in_only_a_better_post() {
        let mut b: Best<u32, u32> = Best::new(1);
        b.add(Some(5.0), 20, 4, || 4);
        // Same score and interactions but later: stays out.
        b.add(Some(5.0), 20, 5, || 5);
        assert_eq!(b.clone().finish(), [4]);
        // Same score, fewer interactions: stays out; more: comes in.
        b.add(Some(5.0), 19, 1, || 1);
        assert_eq!(b.clone().finish(), [4]);
        b.add(Some(5.0), 21, 9, || 9);
        assert_eq!(b.clone().finish(), [9]);
        // An earlier post with the same score and interactions comes in.
        b.add(Some(5.0), 21, 3, || 3);
        assert_eq!(b.finish(), [3]);
    }
}
