//! Readers: every input file becomes canonical posts (or daily series, web
//! tables, activity counts), and every row that does not is reported with
//! its file, line and reason. What a file is gets decided in one place,
//! [`detect`], by sniffing the content (not the extension).
//!
//! The modules build on each other in one direction: `text`, `values`,
//! `aliases`, `layout`, `records`, `hits` and `dataset` first; the readers
//! of each kind (`series`, `web`, `ads`, `telegram`, `vk`) on them, and `describe`,
//! which names JSON none of them reads; `activity` and `detect` on those;
//! `table` and `xlsx` on `detect`; `whole` reads a file's bytes through all
//! of them, `stream` reads a large one in parts. `rows` gives the rows of
//! tables that hold no posts, which `costs` and `mentions` read.

pub mod activity;
pub mod ads;
pub mod aliases;
pub mod costs;
pub mod dataset;
pub mod dedupe;
pub mod describe;
pub mod detect;
pub mod hits;
pub mod layout;
pub mod mentions;
pub mod records;
pub mod rows;
pub mod series;
pub mod stream;
pub mod table;
pub mod telegram;
pub mod text;
pub mod values;
pub mod vk;
pub mod web;
pub mod whole;
pub mod xlsx;

pub use dataset::{
    display_name, load, Dataset, Discard, InputError, Needs, PostSink, ReadOptions, Source,
    StreamLimits, WebTable, PLATFORMS,
};
pub use whole::{read_bytes, read_one};

use crate::model::Post;

/// Reads every file into one dataset, posts and all.
pub fn read_posts(paths: &[String], opts: &ReadOptions) -> Result<Dataset, InputError> {
    let mut ds = Dataset::default();
    for (idx, path) in paths.iter().enumerate() {
        let mut posts: Vec<Post> = Vec::new();
        stream::read_path(&mut ds, idx, path, opts, opts.limits, &mut posts)?;
        ds.posts.extend(posts);
    }
    check_finished(&mut ds)?;
    Ok(ds)
}

/// Reads every file, handing the posts of tables to `sink` as they are read
/// (a large export is never held); posts of JSON exports, which need every
/// file of the run (VK reach joins onto its posts), follow at the end. The
/// dataset keeps everything else.
pub fn read_streaming(
    paths: &[String],
    opts: &ReadOptions,
    sink: &mut dyn PostSink,
) -> Result<Dataset, InputError> {
    let mut ds = Dataset::default();
    for (idx, path) in paths.iter().enumerate() {
        stream::read_path(&mut ds, idx, path, opts, opts.limits, sink)?;
    }
    check_finished(&mut ds)?;
    for p in std::mem::take(&mut ds.posts) {
        sink.post(&p);
    }
    Ok(ds)
}

/// Joins what needs every file, and refuses a run that holds VK reach rows
/// but none of their posts.
fn check_finished(ds: &mut Dataset) -> Result<(), InputError> {
    if let Some(file) = finish(ds).reach_without_posts {
        return Err(InputError::Format {
            message: format!(
                "a VK stats.getPostReach response holds reach per post id, not posts: \
                 give it together with the wall.get response of the same posts, \
                 e.g. smmkpi report wall.json {file}"
            ),
            file,
        });
    }
    Ok(())
}

/// Work that needs every file of the run: joins VK reach rows onto their
/// posts. [`read_posts`] calls it; a caller reading files one by one with
/// [`read_one`] calls it once after the last.
pub fn finish(ds: &mut Dataset) -> vk::Joined {
    vk::join_reach(ds)
}
