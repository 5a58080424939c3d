//! The active core of an audience (docs/metrics.md#core): the users with at least N
//! actions in each of M consecutive calendar months ending at an as-of month.
//!
//! Readers reduce a log of any size to per-(user, month) action counts; this
//! module turns those counts, one user at a time, into the figures: the core
//! at the as-of month, the core month by month with who entered and left it,
//! how many actions a user makes in a month, and how big the core would be
//! with another N. Nothing here reads files or knows about rows.

use serde::Serialize;

use crate::model::Month;

/// What defines the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoreParams {
    /// N: the least actions a user makes in a month to count that month.
    pub min_actions: u32,
    /// M: how many consecutive months in a row, ending at `as_of`.
    pub months: u32,
    /// The last month of the window.
    pub as_of: Month,
}

impl CoreParams {
    /// The first month of the window ending at `end`.
    pub fn window_start(&self, end: Month) -> Month {
        end.plus(1 - self.months as i32)
    }
}

/// The M months ending at the as-of month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Window {
    /// First month of the window: as_of − (months − 1).
    pub start: Month,
    /// Last month of the window: the as-of month.
    pub end: Month,
    /// True when every month of the window lies within the months of the
    /// data; the core is only defined then (`core_size` is `null` otherwise).
    pub complete: bool,
}

/// One calendar month of the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct MonthRow {
    /// `YYYY-MM`.
    pub month: Month,
    /// Actions in the month (Σ over users).
    pub actions: u64,
    /// Users with at least one action in the month.
    pub active_users: u64,
    /// Users with at least N (`min_actions`) actions in the month.
    pub meeting_min: u64,
    /// The core if the window ended this month: users with ≥ N actions in
    /// each of the M months ending here. `null` while the window would reach
    /// before the first month of the data.
    pub core: Option<u64>,
    /// Users in this month's core who were not in the previous month's;
    /// `null` when either core is `null`.
    pub entered: Option<u64>,
    /// Users in the previous month's core who are not in this month's;
    /// `null` when either core is `null`.
    pub left: Option<u64>,
}

/// A range of actions-per-user-per-month values.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Bucket {
    /// `1`, `2`, …, `11–20`, `101+`.
    pub actions: String,
    /// Least actions in the range.
    pub min: u32,
    /// Most actions in the range; `null` for the open last range.
    pub max: Option<u32>,
    /// (user, month) pairs with that many actions.
    pub user_months: u64,
    /// user_months / all user-months × 100.
    pub share: Option<f64>,
    /// Pairs with at least `min` actions / all user-months × 100: the share
    /// of active user-months that N = `min` would keep.
    pub at_least_share: Option<f64>,
}

/// How many actions a user makes in a month they are active, over every
/// (user, month) pair with at least one action: the evidence for choosing N.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Distribution {
    /// (user, month) pairs with at least one action.
    pub user_months: u64,
    /// Mean actions per active user-month: Σ actions / user_months.
    pub mean: Option<f64>,
    /// Median actions per active user-month (mean of the two middle values for an even count).
    pub median: Option<f64>,
    /// 90th percentile (nearest rank) of actions per active user-month.
    pub p90: Option<u32>,
    /// Most actions one user made in one month.
    pub max: Option<u32>,
    pub buckets: Vec<Bucket>,
}

/// The core's size at the as-of month had N been another value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CoreAtN {
    pub min_actions: u32,
    /// Users with ≥ `min_actions` actions in each month of the window.
    pub core_size: u64,
}

/// Everything the core command reports, computed from per-user month counts.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CoreFigures {
    /// Users with ≥ N actions in each of the M months ending at `as_of`;
    /// `null` when the window is not complete.
    pub core_size: Option<u64>,
    pub window: Window,
    /// Distinct users with at least one action.
    pub users: u64,
    /// Every month from the first to the last month of the data.
    pub monthly: Vec<MonthRow>,
    pub distribution: Distribution,
    /// The core at `as_of` for N = 1 … max(10, N); empty when the window is not complete.
    pub core_by_min_actions: Vec<CoreAtN>,
}

/// Exact counts up to this value are kept in an array; larger ones in a list.
const DENSE_COUNTS: usize = 1024;

/// Upper bounds of the distribution's ranges past 10.
const BUCKET_TOPS: [u32; 14] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 50, 100, u32::MAX];

/// Builds [`CoreFigures`] from one user at a time, so a caller can stream a
/// sorted aggregate through it without holding per-user structures.
#[derive(Debug, Clone)]
pub struct CoreBuilder {
    params: CoreParams,
    first: Month,
    last: Month,
    actions: Vec<u64>,
    active: Vec<u64>,
    meeting: Vec<u64>,
    /// +1 where a user's core membership starts, −1 the month after it ends.
    core_delta: Vec<i64>,
    entered: Vec<u64>,
    left: Vec<u64>,
    users: u64,
    dense: Vec<u64>,
    sparse: Vec<u32>,
    /// Users by their fewest actions in a month of the window, capped at `cap`.
    window_min: Vec<u64>,
    cap: u32,
}

impl CoreBuilder {
    /// A builder for data whose months run from `first` to `last` (inclusive).
    pub fn new(params: CoreParams, first: Month, last: Month) -> Self {
        let len = (last.0 - first.0 + 1).max(0) as usize;
        let cap = params.min_actions.max(10);
        CoreBuilder {
            params,
            first,
            last,
            actions: vec![0; len],
            active: vec![0; len],
            meeting: vec![0; len],
            core_delta: vec![0; len + 1],
            entered: vec![0; len],
            left: vec![0; len],
            users: 0,
            dense: vec![0; DENSE_COUNTS],
            sparse: Vec::new(),
            window_min: vec![0; cap as usize + 1],
            cap,
        }
    }

    /// The first month whose window lies within the data.
    fn first_defined(&self) -> Month {
        self.first.plus(self.params.months as i32 - 1)
    }

    fn window_complete(&self) -> bool {
        let as_of = self.params.as_of;
        as_of >= self.first_defined() && as_of <= self.last
    }

    fn index(&self, m: Month) -> Option<usize> {
        (m >= self.first && m <= self.last).then(|| (m.0 - self.first.0) as usize)
    }

    /// Adds one user's months, ascending, each with its number of actions.
    /// Months outside the data's range and months with no actions are
    /// ignored. Returns whether the user is in the core at the as-of month.
    pub fn add_user(&mut self, months: &[(Month, u32)]) -> bool {
        let n = self.params.min_actions;
        let m_len = self.params.months as i32;
        let as_of = self.params.as_of;
        let window_start = self.params.window_start(as_of);
        let mut any = false;
        let mut in_core = false;
        let mut in_window = 0i32;
        let mut window_min = u32::MAX;
        // The current run of consecutive months meeting N: (first, last).
        let mut run: Option<(Month, Month)> = None;
        let mut prev: Option<Month> = None;
        for &(month, count) in months {
            let Some(i) = self.index(month) else { continue };
            if count == 0 || prev.is_some_and(|p| month <= p) {
                continue;
            }
            prev = Some(month);
            any = true;
            self.actions[i] += u64::from(count);
            self.active[i] += 1;
            match self.dense.get_mut(count as usize) {
                Some(slot) => *slot += 1,
                None => self.sparse.push(count),
            }
            if month >= window_start && month <= as_of {
                in_window += 1;
                window_min = window_min.min(count);
            }
            if count >= n {
                self.meeting[i] += 1;
                run = match run {
                    Some((a, b)) if b.plus(1) == month => Some((a, month)),
                    Some(done) => {
                        in_core |= self.close_run(done, m_len);
                        Some((month, month))
                    }
                    None => Some((month, month)),
                };
            } else if let Some(done) = run.take() {
                in_core |= self.close_run(done, m_len);
            }
        }
        if let Some(done) = run {
            in_core |= self.close_run(done, m_len);
        }
        if !any {
            return false;
        }
        self.users += 1;
        if self.window_complete() {
            let w = if in_window == m_len { window_min } else { 0 };
            self.window_min[w.min(self.cap) as usize] += 1;
        }
        in_core && self.window_complete()
    }

    /// Records a run of months `a..=b` meeting N; returns whether it puts the
    /// user in the core at the as-of month.
    fn close_run(&mut self, (a, b): (Month, Month), m_len: i32) -> bool {
        let from = a.plus(m_len - 1);
        if from > b {
            return false;
        }
        let first_defined = self.first_defined();
        // Membership starts when the window is first full, or when the
        // window first lies within the data, whichever is later.
        let start = from.max(first_defined);
        if start > b {
            return false;
        }
        if let Some(i) = self.index(start) {
            self.core_delta[i] += 1;
            // At the first month with a core every member counts as
            // entered; no row shows it (that month has no month before).
            self.entered[i] += 1;
        }
        if let Some(i) = self.index(b.plus(1)) {
            self.core_delta[i] -= 1;
            self.left[i] += 1;
        }
        start <= self.params.as_of && self.params.as_of <= b
    }

    /// Adds the users another builder (of the same rule and months) saw.
    pub fn absorb(&mut self, other: CoreBuilder) {
        let add = |a: &mut Vec<u64>, b: &[u64]| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        add(&mut self.actions, &other.actions);
        add(&mut self.active, &other.active);
        add(&mut self.meeting, &other.meeting);
        add(&mut self.entered, &other.entered);
        add(&mut self.left, &other.left);
        add(&mut self.dense, &other.dense);
        add(&mut self.window_min, &other.window_min);
        self.core_delta
            .iter_mut()
            .zip(&other.core_delta)
            .for_each(|(x, y)| *x += y);
        self.sparse.extend(other.sparse);
        self.users += other.users;
    }

    /// The figures over every user added.
    pub fn finish(self) -> CoreFigures {
        let first_defined = self.first_defined();
        let complete = self.window_complete();
        let mut monthly = Vec::with_capacity(self.actions.len());
        let mut running = 0i64;
        for i in 0..self.actions.len() {
            let month = self.first.plus(i as i32);
            running += self.core_delta[i];
            let core = (month >= first_defined).then_some(running.max(0) as u64);
            let both = month > first_defined;
            monthly.push(MonthRow {
                month,
                actions: self.actions[i],
                active_users: self.active[i],
                meeting_min: self.meeting[i],
                core,
                entered: both.then_some(self.entered[i]),
                left: both.then_some(self.left[i]),
            });
        }
        let core_by_min_actions = if complete {
            let mut out = Vec::new();
            let mut at_least = 0u64;
            let mut by_n = vec![0u64; self.cap as usize + 1];
            for k in (1..=self.cap as usize).rev() {
                at_least += self.window_min[k];
                by_n[k] = at_least;
            }
            for k in 1..=self.cap {
                out.push(CoreAtN {
                    min_actions: k,
                    core_size: by_n[k as usize],
                });
            }
            out
        } else {
            Vec::new()
        };
        let core_size = complete.then(|| {
            core_by_min_actions
                .iter()
                .find(|c| c.min_actions == self.params.min_actions)
                .map(|c| c.core_size)
                .unwrap_or(0)
        });
        let distribution = distribution(&self.dense, self.sparse);
        CoreFigures {
            core_size,
            window: Window {
                start: self.params.window_start(self.params.as_of),
                end: self.params.as_of,
                complete,
            },
            users: self.users,
            monthly,
            distribution,
            core_by_min_actions,
        }
    }
}

/// The distribution of per-(user, month) action counts, from a dense
/// histogram of small counts and a list of the large ones.
fn distribution(dense: &[u64], mut sparse: Vec<u32>) -> Distribution {
    sparse.sort_unstable();
    let total: u64 = dense.iter().sum::<u64>() + sparse.len() as u64;
    let sum: f64 = dense
        .iter()
        .enumerate()
        .map(|(c, &n)| c as f64 * n as f64)
        .sum::<f64>()
        + sparse.iter().map(|&c| f64::from(c)).sum::<f64>();
    // The value at a 0-based rank of the sorted counts.
    let at_rank = |rank: u64| -> Option<u32> {
        let mut seen = 0u64;
        for (c, &n) in dense.iter().enumerate() {
            seen += n;
            if rank < seen {
                return Some(c as u32);
            }
        }
        sparse.get((rank - seen) as usize).copied()
    };
    let median = match total {
        0 => None,
        t if t % 2 == 1 => at_rank(t / 2).map(f64::from),
        t => match (at_rank(t / 2 - 1), at_rank(t / 2)) {
            (Some(a), Some(b)) => Some((f64::from(a) + f64::from(b)) / 2.0),
            _ => None,
        },
    };
    // Nearest rank: the smallest value with at least 90 % of counts at or below it.
    let p90 = if total > 0 {
        at_rank((total * 9).div_ceil(10) - 1)
    } else {
        None
    };
    let max = sparse
        .last()
        .copied()
        .or_else(|| dense.iter().rposition(|&n| n > 0).map(|c| c as u32));
    let count_in = |lo: u32, hi: u32| -> u64 {
        let dense_part: u64 = dense
            .iter()
            .enumerate()
            .filter(|(c, _)| (lo as usize..=hi as usize).contains(c))
            .map(|(_, &n)| n)
            .sum();
        let sparse_part = sparse.iter().filter(|&&c| c >= lo && c <= hi).count() as u64;
        dense_part + sparse_part
    };
    let pct = |part: u64| super::rate::pct(part as f64, total as f64);
    let mut buckets = Vec::new();
    let mut lo = 1u32;
    let mut at_least = total;
    for &hi in &BUCKET_TOPS {
        let n = count_in(lo, hi);
        buckets.push(Bucket {
            actions: match (lo, hi) {
                (l, h) if l == h => l.to_string(),
                (l, u32::MAX) => format!("{l}+"),
                (l, h) => format!("{l}–{h}"),
            },
            min: lo,
            max: (hi != u32::MAX).then_some(hi),
            user_months: n,
            share: pct(n),
            at_least_share: pct(at_least),
        });
        at_least -= n;
        lo = hi.saturating_add(1);
    }
    Distribution {
        user_months: total,
        mean: (total > 0).then(|| sum / total as f64),
        median,
        p90,
        max,
        buckets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    fn params(n: u32, months: u32, as_of: &str) -> CoreParams {
        CoreParams {
            min_actions: n,
            months,
            as_of: m(as_of),
        }
    }

    /// A user from `(month, actions)` pairs.
    fn user(pairs: &[(&str, u32)]) -> Vec<(Month, u32)> {
        pairs.iter().map(|&(s, c)| (m(s), c)).collect()
    }

    #[test]
    fn months_read_and_print() {
        assert_eq!(m("2024-03").to_string(), "2024-03");
        assert_eq!(m("2024-3"), m("2024-03"));
        assert_eq!(m("03.2024"), m("2024-03"));
        assert_eq!(m("2024-12").plus(1).to_string(), "2025-01");
        assert_eq!(m("2025-01").plus(-1).to_string(), "2024-12");
        assert_eq!(Month::parse("2024-13"), None);
        assert_eq!(Month::parse("2024"), None);
        assert_eq!(Month::parse("24-03"), None);
        assert_eq!(Month::parse("march"), None);
        assert_eq!(m("2024-01").0 + 1, m("2024-02").0);
    }

    #[test]
    fn a_user_meeting_n_in_every_month_of_the_window_is_core() {
        let mut b = CoreBuilder::new(params(3, 3, "2024-03"), m("2024-01"), m("2024-03"));
        assert!(b.add_user(&user(&[("2024-01", 3), ("2024-02", 5), ("2024-03", 3)])));
        // One month short of N: not core.
        assert!(!b.add_user(&user(&[("2024-01", 3), ("2024-02", 2), ("2024-03", 9)])));
        // A missing month: not core.
        assert!(!b.add_user(&user(&[("2024-01", 9), ("2024-03", 9)])));
        let f = b.finish();
        assert_eq!(f.core_size, Some(1));
        assert_eq!(f.users, 3);
        assert!(f.window.complete);
        assert_eq!(f.window.start, m("2024-01"));
    }

    #[test]
    fn monthly_rows_count_active_users_meeting_n_and_core() {
        // N = 2, M = 2, data Jan–Apr.
        let mut b = CoreBuilder::new(params(2, 2, "2024-04"), m("2024-01"), m("2024-04"));
        // A: meets N Jan–Apr → core Feb, Mar, Apr.
        b.add_user(&user(&[
            ("2024-01", 2),
            ("2024-02", 2),
            ("2024-03", 4),
            ("2024-04", 2),
        ]));
        // B: meets N Feb–Mar, 1 action in Apr → core Mar only; leaves in Apr.
        b.add_user(&user(&[("2024-02", 3), ("2024-03", 2), ("2024-04", 1)]));
        // C: meets N Mar–Apr → enters in Apr.
        b.add_user(&user(&[("2024-03", 5), ("2024-04", 6)]));
        let f = b.finish();
        let rows = &f.monthly;
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows.iter().map(|r| r.actions).collect::<Vec<_>>(),
            vec![2, 5, 11, 9]
        );
        assert_eq!(
            rows.iter().map(|r| r.active_users).collect::<Vec<_>>(),
            vec![1, 2, 3, 3]
        );
        assert_eq!(
            rows.iter().map(|r| r.meeting_min).collect::<Vec<_>>(),
            vec![1, 2, 3, 2]
        );
        // The window of Jan reaches back to Dec, before the data: undefined.
        assert_eq!(
            rows.iter().map(|r| r.core).collect::<Vec<_>>(),
            vec![None, Some(1), Some(2), Some(2)]
        );
        // Feb is the first defined month, so it has no previous core to compare with.
        assert_eq!(
            rows.iter().map(|r| r.entered).collect::<Vec<_>>(),
            vec![None, None, Some(1), Some(1)]
        );
        assert_eq!(
            rows.iter().map(|r| r.left).collect::<Vec<_>>(),
            vec![None, None, Some(0), Some(1)]
        );
        assert_eq!(f.core_size, Some(2));
    }

    #[test]
    fn a_run_that_started_before_the_data_counts_from_the_first_defined_month() {
        // M = 1: every month is defined; the core is the users meeting N that month.
        let mut b = CoreBuilder::new(params(1, 1, "2024-02"), m("2024-01"), m("2024-02"));
        assert!(b.add_user(&user(&[("2024-01", 1), ("2024-02", 1)])));
        let f = b.finish();
        assert_eq!(f.monthly[0].core, Some(1));
        assert_eq!(f.monthly[0].entered, None);
        assert_eq!(f.monthly[1].entered, Some(0));
        assert_eq!(f.monthly[1].left, Some(0));
    }

    #[test]
    fn a_user_can_leave_and_come_back() {
        let mut b = CoreBuilder::new(params(1, 1, "2024-03"), m("2024-01"), m("2024-03"));
        assert!(b.add_user(&user(&[("2024-01", 1), ("2024-03", 1)])));
        let f = b.finish();
        let core: Vec<_> = f.monthly.iter().map(|r| r.core).collect();
        assert_eq!(core, vec![Some(1), Some(0), Some(1)]);
        assert_eq!(f.monthly[1].left, Some(1));
        assert_eq!(f.monthly[2].entered, Some(1));
    }

    #[test]
    fn the_core_is_null_when_the_window_reaches_before_the_data() {
        let mut b = CoreBuilder::new(params(1, 6, "2024-03"), m("2024-01"), m("2024-03"));
        assert!(!b.add_user(&user(&[("2024-01", 5), ("2024-02", 5), ("2024-03", 5)])));
        let f = b.finish();
        assert_eq!(f.core_size, None);
        assert!(!f.window.complete);
        assert!(f.core_by_min_actions.is_empty());
        assert!(f.monthly.iter().all(|r| r.core.is_none()));
    }

    #[test]
    fn the_core_is_null_when_the_window_ends_after_the_data() {
        let mut b = CoreBuilder::new(params(1, 1, "2024-05"), m("2024-01"), m("2024-03"));
        assert!(!b.add_user(&user(&[("2024-03", 5)])));
        let f = b.finish();
        assert_eq!(f.core_size, None);
        assert_eq!(f.window.end, m("2024-05"));
    }

    #[test]
    fn an_earlier_as_of_uses_its_own_window() {
        let mut b = CoreBuilder::new(params(2, 2, "2024-02"), m("2024-01"), m("2024-04"));
        // In the core at Feb (Jan, Feb ≥ 2), not after.
        assert!(b.add_user(&user(&[("2024-01", 2), ("2024-02", 2), ("2024-04", 2)])));
        assert!(!b.add_user(&user(&[("2024-03", 2), ("2024-04", 2)])));
        let f = b.finish();
        assert_eq!(f.core_size, Some(1));
        assert_eq!(f.monthly[3].core, Some(1));
    }

    #[test]
    fn no_users_give_zero_counts_and_undefined_statistics() {
        let f = CoreBuilder::new(params(3, 2, "2024-02"), m("2024-01"), m("2024-02")).finish();
        assert_eq!(f.core_size, Some(0));
        assert_eq!(f.users, 0);
        assert_eq!(f.distribution.user_months, 0);
        assert_eq!(f.distribution.mean, None);
        assert_eq!(f.distribution.median, None);
        assert_eq!(f.distribution.p90, None);
        assert_eq!(f.distribution.max, None);
        assert!(f.distribution.buckets.iter().all(|b| b.share.is_none()));
        assert_eq!(f.monthly[1].core, Some(0));
        assert!(f.core_by_min_actions.iter().all(|c| c.core_size == 0));
    }

    #[test]
    fn a_user_with_no_actions_is_not_a_user() {
        let mut b = CoreBuilder::new(params(1, 1, "2024-01"), m("2024-01"), m("2024-01"));
        assert!(!b.add_user(&[]));
        assert!(!b.add_user(&user(&[("2024-01", 0)])));
        assert!(!b.add_user(&user(&[("2023-12", 4)])));
        let f = b.finish();
        assert_eq!(f.users, 0);
        assert_eq!(f.monthly[0].active_users, 0);
    }

    #[test]
    fn distribution_of_actions_per_user_month() {
        let mut b = CoreBuilder::new(params(3, 1, "2024-02"), m("2024-01"), m("2024-02"));
        // Counts: 1, 2, 3, 3, 12, 2000.
        b.add_user(&user(&[("2024-01", 1), ("2024-02", 2)]));
        b.add_user(&user(&[("2024-01", 3), ("2024-02", 3)]));
        b.add_user(&user(&[("2024-01", 12), ("2024-02", 2000)]));
        let d = b.finish().distribution;
        assert_eq!(d.user_months, 6);
        assert_eq!(d.mean, Some(2021.0 / 6.0));
        // Sorted 1 2 3 3 12 2000: median (3 + 3) / 2; p90 nearest rank ⌈5.4⌉ = 6th → 2000.
        assert_eq!(d.median, Some(3.0));
        assert_eq!(d.p90, Some(2000));
        assert_eq!(d.max, Some(2000));
        let by_label = |l: &str| d.buckets.iter().find(|b| b.actions == l).unwrap();
        assert_eq!(by_label("1").user_months, 1);
        assert_eq!(by_label("3").user_months, 2);
        assert_eq!(by_label("11–20").user_months, 1);
        assert_eq!(by_label("101+").user_months, 1);
        assert_eq!(by_label("101+").max, None);
        assert_eq!(by_label("1").at_least_share, Some(100.0));
        // At least 3: 3, 3, 12, 2000 = 4 of 6.
        assert_eq!(by_label("3").at_least_share, Some(4.0 / 6.0 * 100.0));
        assert_eq!(by_label("3").share, Some(2.0 / 6.0 * 100.0));
        let total: u64 = d.buckets.iter().map(|b| b.user_months).sum();
        assert_eq!(total, 6);
    }

    #[test]
    fn median_p90_and_max_read_across_small_and_large_counts() {
        let d = distribution(&[0, 2, 1, 0, 1, 0, 0], Vec::new());
        // Counts 1, 1, 2, 4 (no large ones): an even count's median is the
        // mean of the two middle values; the largest is read from the small counts.
        assert_eq!(d.user_months, 4);
        assert_eq!(d.mean, Some(2.0));
        assert_eq!(d.median, Some(1.5));
        // Nearest rank ⌈0.9 × 4⌉ = 4th: 4.
        assert_eq!(d.p90, Some(4));
        assert_eq!(d.max, Some(4));
        // Counts 1, 3, 50, 120: the middle pair straddles small and large counts.
        let d = distribution(&[0, 1, 0, 1], vec![120, 50]);
        assert_eq!(d.median, Some(26.5));
        assert_eq!(d.p90, Some(120));
        assert_eq!(d.max, Some(120));
        // Five counts 2, 2, 3, 7, 9: the median is the 3rd.
        let d = distribution(&[0, 0, 2, 1, 0, 0, 0, 1, 0, 1], Vec::new());
        assert_eq!(d.median, Some(3.0));
        assert_eq!(d.p90, Some(9));
        assert_eq!(d.max, Some(9));
        // Nothing counted: no figure.
        let d = distribution(&[0, 0, 0], Vec::new());
        assert_eq!((d.mean, d.median, d.p90, d.max), (None, None, None, None));
        assert!(d.buckets.iter().all(|b| b.share.is_none()));
    }

    #[test]
    fn a_run_ended_by_a_weak_month_still_holds_its_members() {
        // N = 2 in each of 2 months to February; March falls short. The run
        // January–February ends at March and holds the as-of month.
        let mut b = CoreBuilder::new(params(2, 2, "2024-02"), m("2024-01"), m("2024-03"));
        assert!(b.add_user(&user(&[("2024-01", 2), ("2024-02", 5), ("2024-03", 1)])));
        // A run that ends before the as-of month does not.
        assert!(!b.add_user(&user(&[("2024-01", 2), ("2024-02", 1), ("2024-03", 4)])));
        let f = b.finish();
        assert_eq!(f.core_size, Some(1));
        // The member leaves in March.
        assert_eq!(f.monthly[2].left, Some(1));
    }

    #[test]
    fn median_of_an_odd_count_is_the_middle_value() {
        let mut b = CoreBuilder::new(params(1, 1, "2024-01"), m("2024-01"), m("2024-01"));
        for c in [5, 1, 9] {
            b.add_user(&user(&[("2024-01", c)]));
        }
        let d = b.finish().distribution;
        assert_eq!(d.median, Some(5.0));
        assert_eq!(d.p90, Some(9));
    }

    #[test]
    fn core_by_other_n_uses_each_users_weakest_month() {
        let mut b = CoreBuilder::new(params(3, 2, "2024-02"), m("2024-01"), m("2024-02"));
        b.add_user(&user(&[("2024-01", 5), ("2024-02", 3)])); // weakest 3
        b.add_user(&user(&[("2024-01", 1), ("2024-02", 20)])); // weakest 1
        b.add_user(&user(&[("2024-02", 20)])); // a month missing: 0
        b.add_user(&user(&[("2024-01", 15), ("2024-02", 12)])); // weakest 12 → capped at 10
        let f = b.finish();
        let at = |n: u32| {
            f.core_by_min_actions
                .iter()
                .find(|c| c.min_actions == n)
                .unwrap()
                .core_size
        };
        assert_eq!(f.core_by_min_actions.len(), 10);
        assert_eq!(at(1), 3);
        assert_eq!(at(2), 2);
        assert_eq!(at(3), 2);
        assert_eq!(at(4), 1);
        assert_eq!(at(10), 1);
        assert_eq!(f.core_size, Some(at(3)));
    }

    #[test]
    fn core_by_n_extends_to_a_large_n() {
        let mut b = CoreBuilder::new(params(15, 1, "2024-01"), m("2024-01"), m("2024-01"));
        b.add_user(&user(&[("2024-01", 15)]));
        b.add_user(&user(&[("2024-01", 14)]));
        let f = b.finish();
        assert_eq!(f.core_by_min_actions.len(), 15);
        assert_eq!(f.core_size, Some(1));
        assert_eq!(f.core_by_min_actions[13].core_size, 2);
    }

    #[test]
    fn unsorted_or_repeated_months_are_ignored_rather_than_miscounted() {
        let mut b = CoreBuilder::new(params(1, 2, "2024-02"), m("2024-01"), m("2024-02"));
        assert!(b.add_user(&user(&[("2024-01", 1), ("2024-02", 1), ("2024-01", 7)])));
        let f = b.finish();
        assert_eq!(f.monthly[0].actions, 1);
    }

    #[test]
    fn builders_of_parts_absorbed_give_the_figures_of_the_whole() {
        let users = [
            user(&[
                ("2024-01", 2),
                ("2024-02", 2),
                ("2024-03", 4),
                ("2024-04", 2),
            ]),
            user(&[("2024-02", 3), ("2024-03", 2), ("2024-04", 1)]),
            user(&[("2024-03", 5), ("2024-04", 2000)]),
        ];
        let p = params(2, 2, "2024-04");
        let (first, last) = (m("2024-01"), m("2024-04"));
        let mut whole = CoreBuilder::new(p, first, last);
        for u in &users {
            whole.add_user(u);
        }
        let mut a = CoreBuilder::new(p, first, last);
        a.add_user(&users[0]);
        let mut b = CoreBuilder::new(p, first, last);
        b.add_user(&users[1]);
        b.add_user(&users[2]);
        a.absorb(b);
        assert_eq!(a.finish(), whole.finish());
    }

    #[test]
    fn empty_data_range_has_no_months() {
        let f = CoreBuilder::new(params(3, 6, "2024-06"), m("2024-06"), m("2024-05")).finish();
        assert!(f.monthly.is_empty());
        assert_eq!(f.core_size, None);
    }
}
