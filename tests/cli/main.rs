//! The integration tests, built as one binary: each module below was once a
//! test file of its own. They run the `smmkpi` binary from the crate root
//! (fixtures are `tests/data/...`) through the helpers in `util`; a few call
//! the library directly.
//!
//! Run one module with `cargo test --test cli MODULE::`, e.g.
//! `cargo test --test cli streaming::`.

mod util;

mod architecture;
mod bad_inputs;
mod core;
mod duplicates;
mod er;
mod errors;
mod exports;
mod growth;
mod outputs;
mod parallel;
mod platforms;
mod properties;
mod readers;
mod regression;
mod report;
mod russian_market;
mod snapshots;
mod streaming;
mod vk;
mod workbooks;
