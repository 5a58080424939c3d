//! Command-line definitions (clap derive) only: no logic lives here.

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  smmkpi report posts.csv                         summary, months, top posts, hashtags, best time
  smmkpi report jan.csv feb.csv --period week     several exports at once, by ISO week
  smmkpi report posts.csv --format json | jq .summary.er
  smmkpi report posts.csv -f html -o report.html  a page with charts for a client
  smmkpi report posts.csv -f xlsx -o report.xlsx  a workbook for spreadsheets
  smmkpi report vk.csv --map reach='Охват записи' --lang ru
  smmkpi er --reach 1200 --likes 30 --comments 4 --reposts 2
  smmkpi growth Follows.csv --followers 12500       audience growth by month
  smmkpi core activity.csv                        active core: ≥3 actions in each of the last 6 months
  smmkpi core result.json --months 3 --list       the core of a Telegram discussion group, as user ids
  smmkpi report march.csv --compare previous      against the month before, with 95 % intervals
  smmkpi goals goals.toml posts.csv activity.csv  SMART goals: progress, pace, projection, status
  smmkpi suggest posts.csv -o goals.toml          next month's targets from history, as a goals file
  smmkpi report posts.csv --web metrica.csv --costs costs.csv   visits, conversions, CAC, ROI per campaign
  smmkpi mentions mentions.csv --brand Кофейня --brand Конкурент   mentions by month and source, share of voice
  smmkpi inspect export.csv                       what smmkpi understood of a file
  smmkpi formulas er_day                          how a figure is computed, and where it comes from
  smmkpi report posts.csv --compat popsters       the headline ER as Popsters computes it
  smmkpi schema report                            the JSON Schema of report's JSON
  smmkpi completions bash > /etc/bash_completion.d/smmkpi";

const CORE_HELP: &str = "\
An activity log has one row per action of one user: a user column (user_id, user, from_id,
Пользователь, ID пользователя), a time column (timestamp, date, time, Дата, Время) and optionally
an action column (action, type, Действие), in any encoding and delimiter. A Telegram Desktop
result.json of a discussion group is read as one too: messages are comments, reactions are reactions.

Examples:
  smmkpi core activity.csv                          the core at the latest month, month by month
  smmkpi core activity.csv -n 5 -m 3 --as-of 2024-12
  smmkpi core activity.csv --actions comment,repost --format json | jq .core_size
  smmkpi core activity.csv --list > core_users.txt
  smmkpi core log.csv --map user='Кто' --map at='Когда'";

const GOALS_HELP: &str = "\
The goals file is TOML, one [[goal]] table per goal:

  [[goal]]
  name = \"Reach 15k by June\"
  metric = \"reach\"           # a summary figure of `report` (posts, reach, reach_mean, views,
                              # interactions, er, er_mean, er_median, er_ratio, ctr, link_clicks, ...),
                              # followers (follower files) or core_size (activity logs)
  target = 15000
  deadline = \"2025-06-30\"
  # optional: start = \"2025-01-01\", baseline = 10000, period = \"month\" (day, week, month, quarter),
  # direction = \"increase\" or \"decrease\", platform = \"vk\"; for core_size: min_actions = 3, months = 6

A period is complete when its last day is before --as-of; the current value is the latest complete
period's. Each FILE is read as a post export or an activity log, whichever it is.

Examples:
  smmkpi goals goals.toml posts.csv
  smmkpi goals goals.toml posts.csv Follows.csv activity.csv --as-of 2025-04-01
  smmkpi goals goals.toml posts.csv --format json | jq '.goals[] | {name, status, progress}'";

const SUGGEST_HELP: &str = "\
Each target is the current value (the latest complete period's) plus the median growth of the last
three periods, never more than the best change from one period to the next seen so far; a metric
that fell holds its level. Followers and core_size are suggested when follower files or activity
logs are given.

Examples:
  smmkpi suggest posts.csv
  smmkpi suggest posts.csv activity.csv -o goals.toml   a goals file `smmkpi goals` reads as it is
  smmkpi suggest posts.csv --period quarter --format json";

const MENTIONS_HELP: &str = "\
A mention export has one row a mention: a date, a source (platform or site), an author, the text, and
optionally a sentiment (positive/neutral/negative, позитивная/нейтральная/негативная, +/0/-1) and a reach
(Дата, Источник, Автор, Текст, Тональность, Охват), as CSV in any encoding and delimiter or XLSX.
--brand NAME counts the mentions whose text names NAME (a word beginning with it, without case);
--brand 'NAME=WORD,WORD' counts those naming any of the words instead (stems such as кофейн catch
кофейня and кофейни). Each brand's share of voice = its mentions / all brands' mentions × 100.

Examples:
  smmkpi mentions mentions.csv                                    by month, by source, sentiment
  smmkpi mentions mentions.csv --brand 'Кофейня=кофейн' --brand Бариста --period week
  smmkpi mentions a.csv b.xlsx --format json | jq .share_of_voice
  smmkpi mentions mentions.csv --lang ru --format html -o mentions.html";

/// Offline SMM metrics calculator: engagement rate, reach growth, CTR, top
/// posts, hashtags and best posting time from the export files social
/// networks already give you.
#[derive(Debug, Parser)]
#[command(name = "smmkpi", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report on post exports: summary, periods with growth, top posts, hashtags, best time
    #[command(
        after_help = "Files may be CSV/TSV in any encoding and delimiter, XLSX/XLS/ODS, a Telegram Desktop result.json or VK API JSON; `-` reads stdin. Post exports, daily series (Meta insights files, TikTok Overview, follower histories), web-analytics tables (Yandex Metrica, GA4) and ads exports (Meta Ads Manager, Google Ads, VK Ads) are told apart by their headers: `smmkpi inspect` shows what each file was read as."
    )]
    Report(ReportArgs),
    /// ER, CTR and band of one post from its figures
    Er(ErArgs),
    /// Audience growth by period from follower counts (levels or daily gains, losses, net)
    #[command(
        after_help = "Reads follower histories: Meta's Follows.csv, TikTok's follower history and daily figures (New followers, Lost followers, Net growth), YouTube's Subscribers by day, any table with date and followers (a level) or gained/lost/net columns, and the followers column of post exports.\nWhen the files give only daily changes, --followers (now) or --start-followers (before the first day) turns them into levels, so the growth rate can be computed."
    )]
    Growth(GrowthArgs),
    /// Active core of an audience from per-user activity logs: users with at least N actions in each of M months
    #[command(after_help = CORE_HELP)]
    Core(CoreArgs),
    /// SMART goals from a goals file: progress, pace needed and achieved, projection, status
    #[command(after_help = GOALS_HELP)]
    Goals(GoalsArgs),
    /// Next period's targets from history, each with how it was derived; -o goals.toml writes a goals file
    #[command(after_help = SUGGEST_HELP)]
    Suggest(SuggestArgs),
    /// Brand mentions from monitoring exports: by period and source, sentiment, share of voice
    #[command(after_help = MENTIONS_HELP)]
    Mentions(MentionsArgs),
    /// Show what smmkpi understood of a file: encoding, delimiter, header mapping, skipped rows
    Inspect(InspectArgs),
    /// Every figure smmkpi computes: formula in words, JSON fields, when it is null, source
    #[command(
        after_help = "The same catalogue is in docs/metrics.md, where each figure has a section with examples.\n\nExamples:\n  smmkpi formulas                 every figure, as a table\n  smmkpi formulas er_day          one figure\n  smmkpi formulas --format json | jq '.metrics[].name'"
    )]
    Formulas(FormulasArgs),
    /// Print the JSON Schema of a command's JSON output (the contract scripts can rely on)
    #[command(
        after_help = "The schemas are also published in docs/schema/NAME.json. Every JSON document names its schema in its `schema` field (smmkpi.report/1, ...), except er's, which is one post's figures.\n\nExamples:\n  smmkpi schema report > report.schema.json\n  smmkpi schema core | jq '.properties | keys'"
    )]
    Schema {
        /// The command whose JSON to describe
        #[arg(value_enum, value_name = "COMMAND")]
        command: SchemaName,
    },
    /// Print shell completions
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for the terminal
    Table,
    /// One JSON document for scripts
    Json,
    /// CSV for spreadsheets (one section; see --section)
    Csv,
    /// Markdown for chats and docs
    Md,
    /// One self-contained HTML page with charts, for clients (report, goals, core, growth, mentions)
    Html,
    /// An Excel workbook: summary, periods with a chart, posts, hashtags, ... (report and goals; binary, use -o)
    Xlsx,
    /// One JSON object a line, for scripts that read line by line (report; one section, see
    /// --section)
    Ndjson,
}

/// The commands that write JSON, by the schema of their document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaName {
    Report,
    Core,
    Growth,
    Goals,
    Er,
    Inspect,
    Suggest,
    Mentions,
    Formulas,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    En,
    Ru,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    Day,
    Week,
    Month,
    Quarter,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BasisArg {
    /// Reach, else views, else followers: the first that the posts report
    Auto,
    Reach,
    Views,
    Followers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AggregateArg {
    /// Mean of per-post ER
    Mean,
    /// Median of per-post ER
    Median,
    /// Σ interactions / Σ basis × 100
    Ratio,
}

/// `--compat`: the tool whose ER the headline `er` reproduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompatArg {
    /// LiveDune: (Σ reactions / posts) / followers × 100
    Livedune,
    /// Popsters: average ERpost, (likes + shares + comments) / followers / posts × 100
    Popsters,
    /// TGStat: Σ (reactions + forwards + comments) / Σ views × 100
    Tgstat,
    /// Sprout Social: Σ (engagements + link clicks) / Σ impressions × 100
    Sprout,
    /// Metricool: mean of interactions / reach × 100
    Metricool,
    /// Later: Σ (likes + comments + saves + shares) / Σ reach × 100
    Later,
    /// Rival IQ: Σ engagement / Σ followers at posting time × 100
    Rivaliq,
}

/// `--top-by`: what the top posts are ranked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TopByArg {
    /// ER on the run's basis
    Er,
    /// Interactions against the median of the account's previous 20 posts of the same type
    Overperformance,
    /// Reach
    Reach,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Section {
    /// The whole set and each period, one row each
    Summary,
    /// Every post with its figures
    Posts,
    /// The --top best posts
    Top,
    /// Hashtag performance
    Hashtags,
    /// Weekday × hour slots
    BestTime,
    /// Rows that were skipped, with reasons
    Skipped,
    /// The --compare table: each summary figure in both ranges, its change and interval
    Comparison,
    /// Each campaign (utm_campaign) with its posts, web figures and money (--web, --costs)
    Campaigns,
    /// The money of the whole report, then of each period (--costs)
    Money,
}

/// `--join`: which UTM tag joins web-analytics rows to posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum JoinArg {
    /// The row's UTM content equals the post's utm_content
    Content,
    /// The row's UTM campaign equals the post's utm_campaign
    Campaign,
    /// The row's UTM content (else campaign) equals the post's id
    Id,
}

/// Options every command that reads files shares.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Input files (CSV/TSV, Telegram result.json); `-` reads stdin
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Name a column: FIELD=HEADER (repeatable), e.g. --map reach='Охват записи'
    #[arg(long = "map", value_name = "FIELD=HEADER")]
    pub maps: Vec<String>,
    /// Source of the files (detected from headers and layout when auto): auto, generic, meta,
    /// instagram, facebook, youtube, tiktok, telegram, vk, x, linkedin, pinterest, threads, ok,
    /// dzen, rutube, metrica, ga4, meta-ads, google-ads, vk-ads
    #[arg(long, value_name = "NAME", default_value = "auto")]
    pub platform: String,
    /// Time zone for periods and hours: an IANA name (Europe/Moscow), UTC, or an offset (+03:00)
    #[arg(long, value_name = "ZONE", value_parser = parse_tz)]
    pub tz: Option<chrono_tz::Tz>,
    /// Year of dates written without one (TikTok's `July 16`); inferred when not given
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// Treat any skipped row as an error (exit 1)
    #[arg(long)]
    pub strict: bool,
    /// Read only this sheet of a workbook (by default every sheet that holds posts, a daily
    /// series or web analytics is read, each for what it holds)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to FILE instead of stdout (`-` = stdout), e.g. -o report.html or -o report.xlsx
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// Group posts by calendar period (weeks are ISO weeks, Monday first)
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    pub period: PeriodArg,
    /// Only posts published on or after DATE
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only posts published on or before DATE
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    #[command(flatten)]
    pub metric: MetricArgs,
    /// Which ER is the headline `er`
    #[arg(long, value_enum, default_value_t = AggregateArg::Mean)]
    pub aggregate: AggregateArg,
    /// Make the headline `er` another tool's: its interactions, ER basis and aggregation
    /// (instead of --interactions, --er-basis and --aggregate); the JSON names the tool's
    /// formula and where its definition is ambiguous
    #[arg(
        long,
        value_enum,
        value_name = "TOOL",
        conflicts_with_all = ["interactions", "er_basis", "aggregate"]
    )]
    pub compat: Option<CompatArg>,
    /// Number of top posts (and hashtags, time slots) to show
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Rank the top posts by ER, by overperformance (against the account's previous posts;
    /// keeps every post in memory) or by reach
    #[arg(long, value_enum, value_name = "BY", default_value_t = TopByArg::Er)]
    pub top_by: TopByArg,
    /// Count a post once per file that holds it (by default a post id found
    /// in several files, as in exports of overlapping months, is counted once)
    #[arg(long)]
    pub keep_duplicates: bool,
    /// Leave out replies: posts whose text starts with `@` (X, Threads); how many is reported
    #[arg(long)]
    pub exclude_replies: bool,
    /// Followers count to use for posts that do not report one (ER by followers)
    #[arg(long, value_name = "N", value_parser = count_arg)]
    pub followers: Option<i64>,
    /// Follower counts over time (a follower history, Meta's Follows.csv with --followers ...):
    /// each post without a followers figure takes the level on its publish date
    #[arg(long, value_name = "FILE")]
    pub followers_file: Vec<String>,
    /// Compare with `previous` (the range just before, as long), `year` (the same range a year
    /// earlier, from the same files) or other exports (FILE...); give it after the files
    #[arg(long, value_name = "previous|year|FILE", num_args = 1..)]
    pub compare: Vec<String>,
    /// Web-analytics tables (Yandex Metrica, GA4) grouped by a UTM tag, joined to the posts by
    /// it: each post's visits, bounce rate, time on site, depth, new visitors and conversions
    /// (repeatable)
    #[arg(long = "web", value_name = "FILE")]
    pub web: Vec<String>,
    /// Which tag joins --web rows to posts [default: content when the posts and the tables have
    /// it, else campaign]
    #[arg(long, value_enum, requires = "web")]
    pub join: Option<JoinArg>,
    /// Costs by campaign and/or period (CSV/XLSX: spend, revenue, new customers, conversions;
    /// Расход, Выручка, Новые клиенты), or an ads export: conversion rate, CAC, ROI, CPE, CPC
    /// (repeatable)
    #[arg(long = "costs", value_name = "FILE")]
    pub costs: Vec<String>,
    /// Currency of the costs, printed as given (RUB, ₽, USD), for files that do not state one
    #[arg(long, value_name = "CURRENCY", requires = "costs")]
    pub currency: Option<String>,
    /// With --format csv or ndjson: which table to write
    #[arg(long, value_enum, default_value_t = Section::Summary)]
    pub section: Section,
    /// With --format csv: Excel-friendly (BOM, `;` delimiter, decimal comma with --lang ru)
    #[arg(long)]
    pub excel: bool,
    /// Language of table, Markdown and HTML labels (default from LANG)
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// Options that define the metrics.
#[derive(Debug, Args)]
pub struct MetricArgs {
    /// Fields summed as interactions (likes, comments, reposts, saves, poll_votes, link_clicks)
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "likes,comments,reposts,saves,poll_votes"
    )]
    pub interactions: Vec<String>,
    /// Denominator of ER
    #[arg(long, value_enum, default_value_t = BasisArg::Auto)]
    pub er_basis: BasisArg,
    /// Target ER in %, the middle of the bands (low < target/3 ≤ average < 7·target/6 ≤ high ≤ 2·target < very high)
    #[arg(long, value_name = "PCT", default_value_t = 3.0)]
    pub target_er: f64,
}

/// A count given on the command line: a whole number, 0 or more (posts
/// hold counts as signed numbers, so it must fit one).
fn count_arg(s: &str) -> Result<i64, String> {
    match s.trim().parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n),
        Ok(_) => Err("a count cannot be negative".to_string()),
        Err(_) => Err(format!("expected a whole number from 0 to {}", i64::MAX)),
    }
}

#[derive(Debug, Args)]
pub struct ErArgs {
    /// Unique people who saw the post
    #[arg(long, value_parser = count_arg)]
    pub reach: Option<i64>,
    /// Likes (or reactions)
    #[arg(long, value_parser = count_arg)]
    pub likes: Option<i64>,
    /// Comments
    #[arg(long, value_parser = count_arg)]
    pub comments: Option<i64>,
    /// Reposts, shares, forwards
    #[arg(long, value_parser = count_arg)]
    pub reposts: Option<i64>,
    /// Poll votes (clicks on a poll)
    #[arg(long, value_parser = count_arg)]
    pub polls: Option<i64>,
    /// Saves, bookmarks, favorites
    #[arg(long, value_parser = count_arg)]
    pub saves: Option<i64>,
    /// Views or impressions
    #[arg(long, value_parser = count_arg)]
    pub views: Option<i64>,
    /// Impressions (times shown), where counted apart from views: the basis of ER per
    /// impression (views when not given)
    #[arg(long, value_parser = count_arg)]
    pub impressions: Option<i64>,
    /// Followers at post time
    #[arg(long, value_parser = count_arg)]
    pub followers: Option<i64>,
    /// Clicks on the post's link
    #[arg(long, value_parser = count_arg)]
    pub clicks: Option<i64>,
    #[command(flatten)]
    pub metric: MetricArgs,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Language of labels (default from LANG)
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct GrowthArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to FILE instead of stdout (`-` = stdout)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// Group days by calendar period (weeks are ISO weeks, Monday first)
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    pub period: PeriodArg,
    /// Only days on or after DATE
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only days on or before DATE
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Followers at the end of the last day (what the profile shows now), for files that give only
    /// daily changes
    #[arg(long, value_name = "N", conflicts_with = "start_followers")]
    pub followers: Option<u64>,
    /// Followers before the first day, for files that give only daily changes
    #[arg(long, value_name = "N")]
    pub start_followers: Option<u64>,
    /// Language of table, Markdown and HTML labels (default from LANG)
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct CoreArgs {
    /// Activity logs (CSV/TSV, or a Telegram group result.json); `-` reads stdin
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// N: the least actions a user makes in a month for the month to count
    #[arg(short = 'n', long, value_name = "N", default_value_t = 3)]
    pub min_actions: u32,
    /// M: how many consecutive calendar months, ending at --as-of, each need N actions
    #[arg(short = 'm', long, value_name = "M", default_value_t = 6)]
    pub months: u32,
    /// The last month of the window [default: the latest month in the data]
    #[arg(long, value_name = "YYYY-MM")]
    pub as_of: Option<String>,
    /// Count only these actions, from the log's action column (case-insensitive), e.g. like,comment
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub actions: Option<Vec<String>>,
    /// Print the core's user ids instead of the figures: one per line (a JSON array with --format json)
    #[arg(long)]
    pub list: bool,
    /// Name a column: user=HEADER, at=HEADER or action=HEADER (repeatable)
    #[arg(long = "map", value_name = "FIELD=HEADER")]
    pub maps: Vec<String>,
    /// Zone for times with a UTC offset and Unix times: an IANA name (Europe/Moscow), UTC, or +03:00 [default: each time's own local time]
    #[arg(long, value_name = "ZONE", value_parser = parse_tz)]
    pub tz: Option<chrono_tz::Tz>,
    /// Treat any unreadable row (no user, bad date, too few fields) as an error (exit 1)
    #[arg(long)]
    pub strict: bool,
    /// Output format (csv: one row per month)
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to FILE instead of stdout (`-` = stdout)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// With --format csv: Excel-friendly (BOM, `;` delimiter, decimal comma with --lang ru)
    #[arg(long)]
    pub excel: bool,
    /// Language of table, Markdown and HTML labels (default from LANG)
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct GoalsArgs {
    /// The goals file (TOML, one [[goal]] table per goal)
    #[arg(value_name = "GOALS.toml")]
    pub goals: String,
    #[command(flatten)]
    pub read: ReadArgs,
    /// "Now": periods ending before DATE are complete [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub metric: MetricArgs,
    /// Which ER is the goal metric `er`
    #[arg(long, value_enum, default_value_t = AggregateArg::Mean)]
    pub aggregate: AggregateArg,
    /// Output format (csv: one row per goal; xlsx: Goals and Values sheets, give -o)
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to FILE instead of stdout (`-` = stdout)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// With --format csv: Excel-friendly (BOM, `;` delimiter, decimal comma with --lang ru)
    #[arg(long)]
    pub excel: bool,
    /// Language of table, Markdown and HTML labels (default from LANG)
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SuggestFormat {
    /// A table for the terminal
    Table,
    /// One JSON document for scripts
    Json,
    /// CSV for spreadsheets, one row per metric
    Csv,
    /// Markdown for chats and docs
    Md,
    /// A goals file that `smmkpi goals` reads (the default for `-o NAME.toml`)
    Toml,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// The period targets are for (the next one after the latest complete period)
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    pub period: PeriodArg,
    /// "Now": periods ending before DATE are complete [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub metric: MetricArgs,
    /// Which ER is the metric `er`
    #[arg(long, value_enum, default_value_t = AggregateArg::Mean)]
    pub aggregate: AggregateArg,
    /// Output format [default: toml for -o NAME.toml, else table]
    #[arg(short, long, value_enum)]
    pub format: Option<SuggestFormat>,
    /// Write to FILE instead of stdout (`-` = stdout), e.g. -o goals.toml
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// Language of table and Markdown labels (default from LANG)
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MentionsSection {
    /// Mentions, reach and sentiment by period
    Periods,
    /// Mentions and reach by source
    Sources,
    /// Each --brand's mentions and share of voice
    ShareOfVoice,
}

#[derive(Debug, Args)]
pub struct MentionsArgs {
    /// Mention exports (CSV/TSV/XLSX); `-` reads stdin
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// A brand to count mentions of: NAME, or NAME=WORD,WORD to match the words instead
    /// (repeatable; shares of voice are among the brands given)
    #[arg(long = "brand", value_name = "NAME[=WORDS]")]
    pub brands: Vec<String>,
    /// Group mentions by calendar period (weeks are ISO weeks, Monday first)
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    pub period: PeriodArg,
    /// Only mentions on or after DATE
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only mentions on or before DATE
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Name a column: FIELD=HEADER (date, source, author, text, sentiment, reach; repeatable)
    #[arg(long = "map", value_name = "FIELD=HEADER")]
    pub maps: Vec<String>,
    /// Read only this sheet of a workbook
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Time zone for periods: an IANA name (Europe/Moscow), UTC, or an offset (+03:00)
    #[arg(long, value_name = "ZONE", value_parser = parse_tz)]
    pub tz: Option<chrono_tz::Tz>,
    /// Treat any skipped row as an error (exit 1)
    #[arg(long)]
    pub strict: bool,
    /// Sources (and periods in tables) listed
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Output format (table, json, csv, md or html)
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to FILE instead of stdout (`-` = stdout)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// With --format csv: which table to write
    #[arg(long, value_enum, default_value_t = MentionsSection::Periods)]
    pub section: MentionsSection,
    /// With --format csv: Excel-friendly (BOM, `;` delimiter, decimal comma with --lang ru)
    #[arg(long)]
    pub excel: bool,
    /// Language of table, Markdown and HTML labels (default from LANG)
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct FormulasArgs {
    /// One figure (`er_day`, `love_rate`, `growth_rate`, ...; a JSON field name finds its
    /// figure); every figure when left out
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
    /// Output format (table, json or md)
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output format (table, json or md)
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Language of labels (default from LANG)
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// `--tz`: an IANA name (`Europe/Moscow`, `UTC`), or a whole-hour offset
/// (`+03:00`, `-5`, `UTC+3`), which maps onto an `Etc/GMT` zone (whose sign
/// is reversed).
pub fn parse_tz(s: &str) -> Result<chrono_tz::Tz, String> {
    let t = s.trim();
    if let Ok(tz) = t.parse::<chrono_tz::Tz>() {
        return Ok(tz);
    }
    let body = t.trim_start_matches("UTC").trim_start_matches("GMT");
    let (sign, rest) = match body.chars().next() {
        Some('+') => (1, &body[1..]),
        Some('-') => (-1, &body[1..]),
        _ => {
            return Err(format!(
                "unknown time zone '{s}' (use an IANA name like Europe/Moscow, UTC, or +03:00)"
            ))
        }
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let h: i32 = h.parse().map_err(|_| format!("cannot read '{s}'"))?;
    if !m.trim_start_matches('0').is_empty() || !(0..=14).contains(&h) {
        return Err(format!(
            "only whole-hour offsets are supported as offsets ('{s}'); use an IANA name"
        ));
    }
    let name = if h == 0 {
        "Etc/GMT".to_string()
    } else {
        format!("Etc/GMT{}{}", if sign > 0 { "-" } else { "+" }, h)
    };
    name.parse::<chrono_tz::Tz>()
        .map_err(|_| format!("cannot read '{s}'"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn time_zones_are_names_or_whole_hour_offsets() {
        assert_eq!(parse_tz("Europe/Moscow"), Ok(chrono_tz::Europe::Moscow));
        assert_eq!(parse_tz("+03:00"), Ok(chrono_tz::Etc::GMTMinus3));
        assert_eq!(parse_tz("UTC-5"), Ok(chrono_tz::Etc::GMTPlus5));
        assert_eq!(parse_tz("+0"), Ok(chrono_tz::Etc::GMT));
        assert!(parse_tz("Mars/Olympus").is_err());
        assert!(parse_tz("+05:30").is_err());
        assert!(parse_tz("+15").is_err());
    }
}
