//! Pure metric definitions (docs/metrics.md): slices of posts in, plain
//! structs out. No I/O, no clap, no printing. Every rate whose denominator
//! is zero or not reported is `None`, never NaN, infinity or 0.
//!
//! The modules build on each other in one direction: `rate`, `rates` (the
//! rate family's running sums) and `config` first, then `compat` (other
//! tools' settings), `post` (one post), `summary`, `periods` and `tags`
//! (the shapes of set figures), `accum` (running accumulators), `top` (the
//! best posts by another score) and `sets` (accumulators over a slice).
//! `overperformance` sets each post against its account's previous posts.
//! `core`, `growth`, `series`, `web` and `ads` are the figures of the other
//! inputs; `compare` (two sets side by side), `goals` (progress towards a
//! target) and `suggest` (a next target) take figures already made;
//! `money` sets costs against what posts delivered, and `mentions` counts
//! brand mentions. `catalogue` names and defines every figure, for
//! `smmkpi formulas`.

pub mod accum;
pub mod ads;
pub mod catalogue;
pub mod compare;
pub mod compat;
pub mod config;
pub mod core;
pub mod goals;
pub mod growth;
pub mod mentions;
pub mod money;
pub mod overperformance;
pub mod periods;
pub mod post;
pub mod rate;
pub mod rates;
pub mod series;
pub mod sets;
pub mod suggest;
pub mod summary;
pub mod tags;
pub mod top;
pub mod web;

pub use config::{Aggregate, Basis, BasisChoice, MetricConfig, DEFAULT_INTERACTIONS};
pub use post::{
    ctr, er, interactions, negative_feedback, negative_rate, post_figures, resolve_basis,
    PostFigures,
};
pub use rate::{band, growth, mean, median, median_in_place, pct, Band};
pub use rates::{RateName, Rates};
pub use sets::{best_time, hashtag_table, periodize, post_ers, summarize, top_posts};
pub use summary::SetSummary;

#[cfg(test)]
mod tests;
