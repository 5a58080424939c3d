//! A report from files, the one way every caller takes (the binary, the
//! fuzz targets, the property tests): read the files, fill in followers
//! where asked, count a post found in several files once, and stream every
//! post into a [`ReportBuilder`] — in parts on several threads for a large
//! export, whole otherwise.

use std::sync::Arc;

use super::money::{self, MoneyRequest};
use super::{Parts, ReportBuilder, ReportDoc, ReportOptions, Settings};
use crate::input::{self, Dataset, InputError, Needs, PostSink, ReadOptions};
use crate::metrics::growth::{level_on, Day};
use crate::model::ExportKind;
use crate::model::Post;

/// What a report is asked for, validated.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub read: ReadOptions,
    pub settings: Settings,
    pub options: ReportOptions,
    /// What the output shows: the rest is not computed.
    pub parts: Parts,
    /// Count every copy of a post that several files hold (by default one).
    pub keep_duplicates: bool,
    /// `--followers N`: the followers of posts that report none.
    pub followers: Option<i64>,
    /// `--followers-file`: follower histories whose level on a post's
    /// publish date fills in its followers.
    pub followers_files: Vec<String>,
    /// `--web`, `--costs`, `--join`, `--currency`.
    pub money: MoneyRequest,
}

impl ReportRequest {
    /// The command's defaults, reading with `read`: every part computed.
    pub fn new(read: ReadOptions) -> Self {
        ReportRequest {
            read,
            settings: Settings::default(),
            options: ReportOptions::default(),
            parts: Parts::ALL,
            keep_duplicates: false,
            followers: None,
            followers_files: Vec::new(),
            money: MoneyRequest::default(),
        }
    }
}

/// A report and what was read besides the posts.
#[derive(Debug)]
pub struct ReportRun {
    pub doc: ReportDoc,
    /// Files, skips, notes, duplicates, series and web tables (no posts:
    /// they went into the report as they were read).
    pub read: Dataset,
    /// Lines for stderr about the followers filled in, the `--web` join and
    /// the `--costs` read.
    pub notes: Vec<String>,
}

/// Reads `files` and builds their report.
pub fn read_report(files: &[String], req: &ReportRequest) -> Result<ReportRun, InputError> {
    let fill = match req.followers_files.is_empty() {
        true => None,
        false => Some(FollowersFill::read(&req.followers_files, &req.read)?),
    };
    // The join and the campaigns need every post's tags and figures.
    let mut parts = req.parts;
    parts.posts |= !req.money.is_empty();
    let builder = ReportBuilder::new(req.settings.clone(), req.options.clone(), parts)
        .keep_in_memory(req.read.limits.keep_in_memory)
        .threads(req.read.limits.threads);
    let mut sink = ReportSink {
        builder,
        fill,
        followers: req.followers,
    };
    // Counting a post once across files needs every post in hand; one large
    // export (or --keep-duplicates) streams instead. The limits are the
    // reader's own, so a run that streams every file also merges the
    // report's accumulators of each part.
    let threshold = req.read.limits.threshold as u64;
    let stream = req.keep_duplicates
        || (files.len() == 1 && std::fs::metadata(&files[0]).is_ok_and(|m| m.len() > threshold));
    let read = if stream {
        input::read_streaming(files, &req.read, &mut sink)?
    } else if files.len() == 1 {
        // One small file (which may still hold many posts: a workbook is
        // compressed): its posts are held only up to `HOLD`.
        let mut hold = Hold {
            held: Vec::new(),
            inner: Box::new(sink),
            overflowed: false,
        };
        let mut ds = input::read_streaming(files, &req.read, &mut hold)?;
        let inner = hold.inner.into_any().downcast::<ReportSink>();
        sink = *inner.map_err(|_| InputError::Format {
            file: files[0].clone(),
            message: "internal: the report lost its posts".to_string(),
        })?;
        if !hold.overflowed {
            ds.posts = hold.held;
            input::dedupe::dedupe(&mut ds);
            for p in std::mem::take(&mut ds.posts) {
                sink.post(&p);
            }
        }
        ds
    } else {
        let mut ds = input::read_posts(files, &req.read)?;
        input::dedupe::dedupe(&mut ds);
        for p in std::mem::take(&mut ds.posts) {
            sink.post(&p);
        }
        ds
    };
    let mut read = read;
    let mut notes = sink.fill.as_ref().map(|f| f.notes()).unwrap_or_default();
    let joined = read.web.len();
    read_web(&mut read, &req.money.web_files, &req.read)?;
    input::costs::read_costs(&mut read, &req.money.costs_files, &req.read)?;
    let mut doc = sink
        .builder
        .finish(&read)
        .map_err(|source| InputError::Io {
            file: "the posts kept in a temporary file".to_string(),
            source,
        })?;
    if doc.input.posts > 0 {
        for t in read.web.iter().take(joined) {
            if t.rows
                .iter()
                .any(|r| r.utm_campaign.is_some() || r.utm_content.is_some())
            {
                notes.push(format!(
                    "note: {}: web analytics by UTM tag, listed under web; give it with --web to join it to the posts",
                    t.file
                ));
            }
        }
    }
    if !req.money.is_empty() {
        let range = (req.options.since, req.options.until);
        notes.extend(money::attach(&mut doc, &read, joined, &req.money, range)?);
    }
    Ok(ReportRun { doc, read, notes })
}

/// Posts a file of its own is held up to: up to this many, a small file's
/// repeated ids are noted as for several files (`input::dedupe`); a file
/// with more streams on, as a large export does.
const HOLD: usize = 100_000;

/// Holds a file's posts up to [`HOLD`], then hands them to `inner` and
/// passes the rest straight on.
struct Hold {
    held: Vec<Post>,
    inner: Box<dyn PostSink>,
    overflowed: bool,
}

impl Hold {
    fn overflow(&mut self) {
        if !self.overflowed {
            self.overflowed = true;
            for p in std::mem::take(&mut self.held) {
                self.inner.post(&p);
            }
        }
    }
}

impl PostSink for Hold {
    fn needs(&self) -> Needs {
        // Ids and accounts are read whatever the output, to note repeats.
        Needs::ALL
    }

    fn post(&mut self, p: &Post) {
        if self.overflowed {
            return self.inner.post(p);
        }
        self.held.push(p.clone());
        if self.held.len() > HOLD {
            self.overflow();
        }
    }

    fn fork(&self) -> Box<dyn PostSink> {
        Box::new(Hold {
            held: Vec::new(),
            inner: self.inner.fork(),
            overflowed: false,
        })
    }

    fn join(&mut self, other: Box<dyn PostSink>) {
        let Ok(o) = other.into_any().downcast::<Hold>() else {
            return;
        };
        let o = *o;
        if !self.overflowed && !o.overflowed && self.held.len() + o.held.len() <= HOLD {
            self.held.extend(o.held);
            self.inner.join(o.inner);
            return;
        }
        // This part's posts first, then the other's, in file order.
        self.overflow();
        self.inner.join(o.inner);
        for p in &o.held {
            self.inner.post(p);
        }
    }

    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }
}

/// Reads the `--web` files into the run's dataset: each must be a
/// web-analytics table (of posts, series or ads it would join nothing).
fn read_web(read: &mut Dataset, files: &[String], opts: &ReadOptions) -> Result<(), InputError> {
    if files.is_empty() {
        return Ok(());
    }
    let web = input::read_posts(files, opts)?;
    if let Some(f) = web
        .files
        .iter()
        .find(|f| f.kind != ExportKind::WebAnalytics && f.web_rows.unwrap_or(0) == 0)
    {
        return Err(InputError::Format {
            file: f.path.clone(),
            message: format!(
                "--web takes web-analytics tables (Yandex Metrica, GA4) grouped by a UTM tag, but this file was read as {} (`smmkpi inspect` shows how); give it as a FILE instead",
                f.kind.name().replace('_', " ")
            ),
        });
    }
    if !web.posts.is_empty() || !web.series.is_empty() || !web.ads.is_empty() {
        let what = if !web.posts.is_empty() {
            "posts"
        } else if !web.series.is_empty() {
            "daily series"
        } else {
            "ads"
        };
        return Err(InputError::Format {
            file: files.join(", "),
            message: format!(
                "--web takes web-analytics tables only, but {what} were read too; give a workbook holding them as a FILE (and the web-analytics sheet, saved apart, with --web)"
            ),
        });
    }
    read.files.extend(web.files);
    read.skipped.extend(web.skipped);
    read.web.extend(web.web);
    Ok(())
}

/// Where a report reads posts into: followers filled in, then the builder.
struct ReportSink {
    builder: ReportBuilder,
    fill: Option<FollowersFill>,
    /// `--followers N`.
    followers: Option<i64>,
}

impl PostSink for ReportSink {
    fn needs(&self) -> Needs {
        self.builder.needs()
    }

    fn post(&mut self, p: &Post) {
        let needs = p.followers.is_none() && (self.fill.is_some() || self.followers.is_some());
        if !needs {
            return self.builder.add(p);
        }
        let mut p = p.clone();
        if let Some(f) = self.fill.as_mut() {
            f.apply(&mut p);
        }
        if p.followers.is_none() {
            p.followers = self.followers;
        }
        self.builder.add(&p);
    }

    fn fork(&self) -> Box<dyn PostSink> {
        Box::new(ReportSink {
            builder: self.builder.fork(),
            fill: self.fill.as_ref().map(FollowersFill::fork),
            followers: self.followers,
        })
    }

    fn join(&mut self, other: Box<dyn PostSink>) {
        if let Ok(o) = other.into_any().downcast::<ReportSink>() {
            let o = *o;
            self.builder.merge(o.builder);
            if let (Some(f), Some(of)) = (self.fill.as_mut(), o.fill) {
                f.filled += of.filled;
                f.before_first += of.before_first;
                f.unmatched += of.unmatched;
            }
        }
    }

    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }
}

/// `--followers-file`: each post without a followers figure takes the
/// followers level on its publish date, of its own platform's counts (a
/// Facebook post never takes an Instagram account's followers, nor their
/// sum).
struct FollowersFill {
    names: String,
    /// Follower levels by day, per platform with counts.
    days: Arc<Vec<(String, Vec<Day>)>>,
    /// False when the files hold no follower counts.
    usable: bool,
    filled: u64,
    before_first: u64,
    /// Posts of a platform the files hold no counts of, while they hold
    /// several platforms' counts.
    unmatched: u64,
}

impl FollowersFill {
    fn read(files: &[String], opts: &ReadOptions) -> Result<FollowersFill, InputError> {
        let fds = input::read_posts(files, opts)?;
        let series = crate::doc::growth::follower_series(&fds);
        let days: Vec<(String, Vec<Day>)> = crate::doc::growth::by_platform(series)
            .into_iter()
            .filter_map(|(platform, ss)| {
                let (days, from) = crate::doc::growth::follower_days(&ss, None);
                from.map(|_| (platform, days))
            })
            .collect();
        Ok(FollowersFill {
            names: files.join(", "),
            usable: !days.is_empty(),
            days: Arc::new(days),
            filled: 0,
            before_first: 0,
            unmatched: 0,
        })
    }

    fn fork(&self) -> FollowersFill {
        FollowersFill {
            names: self.names.clone(),
            days: self.days.clone(),
            usable: self.usable,
            filled: 0,
            before_first: 0,
            unmatched: 0,
        }
    }

    fn apply(&mut self, p: &mut Post) {
        if !self.usable || p.followers.is_some() {
            return;
        }
        let Some(t) = p.published_at else { return };
        let days = match self.days.as_slice() {
            [(_, one)] => one,
            many => match many
                .iter()
                .find(|(platform, _)| Some(platform.as_str()) == p.platform.as_deref())
            {
                Some((_, d)) => d,
                None => {
                    self.unmatched += 1;
                    return;
                }
            },
        };
        match level_on(days, t.local.date()) {
            Some(v) => {
                p.followers = Some(v).filter(|v| *v >= 0);
                self.filled += 1;
            }
            None => self.before_first += 1,
        }
    }

    /// Lines for stderr.
    fn notes(&self) -> Vec<String> {
        let names = &self.names;
        if !self.usable {
            return vec![format!(
                "note: --followers-file {names}: no follower counts (only daily changes, or none): posts keep their followers; `smmkpi growth --followers N` rebuilds counts from changes"
            )];
        }
        let mut w = vec![format!(
            "note: --followers-file {names}: {} posts took the followers count of their publish date",
            self.filled
        )];
        if self.before_first > 0 {
            w.push(format!(
                "note: --followers-file {names}: {} posts are older than its first count and have no followers figure",
                self.before_first
            ));
        }
        if self.unmatched > 0 {
            let have: Vec<&str> = self.days.iter().map(|(p, _)| p.as_str()).collect();
            w.push(format!(
                "note: --followers-file {names}: it counts the followers of {} each on its own; {} posts are of none of them and have no followers figure",
                have.join(", "),
                self.unmatched
            ));
        }
        w
    }
}
