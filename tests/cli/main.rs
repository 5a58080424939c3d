//! The integration tests, built as one binary: each module below was once a
//! test file of its own. They run the `smmkpi` binary from the crate root
//! (fixtures are `tests/data/...`) through the helpers in `util`; a few call
//! the library directly.
//!
//! Run one module with `cargo test --test cli MODULE::`, e.g.
//! `cargo test --test cli streaming::`.

mod util;

mod ads;
mod architecture;
mod bad_inputs;
mod compare;
mod core;
mod duplicates;
mod er;
mod errors;
mod exports;
mod formulas;
mod goals;
mod growth;
mod html;
mod memory;
mod mentions;
mod messages;
mod money;
mod net_counts;
mod outputs;
mod parallel;
mod platform_series;
mod platforms;
mod properties;
mod rates;
mod readers;
mod regression;
mod report;
mod russian_market;
mod schema;
mod snapshots;
mod streaming;
mod suggest;
mod totals;
mod vk;
mod workbooks;
