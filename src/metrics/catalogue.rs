//! Every figure smmkpi computes, by name: its formula in words, the JSON
//! fields it appears as, when it is `null`, and where the definition comes
//! from. `smmkpi formulas` prints this list, and docs/metrics.md holds it
//! as its catalogue (docs/metrics.md#catalogue): a test keeps that block
//! equal to `smmkpi formulas --format md`, checks every entry's anchor is a
//! section of docs/metrics.md, and every section that defines a figure has
//! an entry. The sections themselves say the same at length, with examples.

use serde::Serialize;

/// One figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Entry {
    /// The name `smmkpi formulas NAME` takes (the JSON name where there is one).
    pub name: &'static str,
    /// What it is, in a few words.
    pub title: &'static str,
    /// The formula in words, with its unit.
    pub formula: &'static str,
    /// Where it appears in JSON (`summary.er_day`, `periods[].er_day`, ...).
    pub json: &'static [&'static str],
    /// When it is `null`.
    pub null: &'static str,
    /// Where the definition comes from: convention, smmkpi's own, or a
    /// tool's documentation (with its address).
    pub source: &'static str,
    /// The anchor of its section of docs/metrics.md (`er-day`).
    pub anchor: &'static str,
}

const CONVENTION: &str = "convention";
const OWN: &str = "smmkpi's own";

/// Every figure, in the order of docs/metrics.md.
pub const CATALOGUE: &[Entry] = &[
    Entry {
        name: "interactions",
        title: "Interactions of a post",
        formula: "likes + comments + reposts + saves + poll_votes, the fields of the interaction set (--interactions) the post reports; a count",
        json: &["posts[].interactions", "summary.interactions", "periods[].interactions", "interactions (er)"],
        null: "the post reports none of the fields of the set",
        source: "convention (poll clicks + likes + comments + reposts; smmkpi adds saves)",
        anchor: "interactions",
    },
    Entry {
        name: "er",
        title: "ER of one post",
        formula: "interactions / basis × 100, the basis being reach, views or followers (--er-basis); in %",
        json: &["posts[].er", "top_posts[].er", "er, er_reach, er_views, er_followers (er)"],
        null: "interactions are null, or the basis is not reported, 0 or below",
        source: "convention (ER by reach, also called ERR; by followers; by views)",
        anchor: "er",
    },
    Entry {
        name: "er_basis",
        title: "The ER basis of a run",
        formula: "--er-basis reach|views|followers, or auto: reach if any post reports a positive reach, else views, else followers, decided once for the whole run",
        json: &["formula.er_basis", "formula.er_formula", "basis (er)"],
        null: "never: with no basis reported it stays reach and every ER is null",
        source: OWN,
        anchor: "er-basis",
    },
    Entry {
        name: "er_mean",
        title: "Mean ER of a set of posts",
        formula: "mean of the per-post ERs over the posts whose ER is defined; in %",
        json: &["summary.er_mean", "periods[].er_mean"],
        null: "no post's ER is defined",
        source: CONVENTION,
        anchor: "er-mean",
    },
    Entry {
        name: "er_median",
        title: "Median ER of a set of posts",
        formula: "median of the per-post ERs over the posts whose ER is defined (mean of the middle two for an even count); in %",
        json: &["summary.er_median", "periods[].er_median"],
        null: "no post's ER is defined",
        source: OWN,
        anchor: "er-median",
    },
    Entry {
        name: "er_ratio",
        title: "ER of a set as a ratio of sums",
        formula: "Σ interactions / Σ basis × 100 over the posts reporting interactions and a positive basis; in %",
        json: &["summary.er_ratio", "periods[].er_ratio"],
        null: "no post reports interactions and a positive basis",
        source: CONVENTION,
        anchor: "er-ratio",
    },
    Entry {
        name: "headline_er",
        title: "The headline ER of a set",
        formula: "er_mean, er_median or er_ratio as --aggregate says (default mean); with --compat, the tool's figure (formula.headline names it)",
        json: &["summary.er", "periods[].er", "formula.aggregate", "formula.headline"],
        null: "the figure it is is null",
        source: OWN,
        anchor: "aggregate",
    },
    Entry {
        name: "band",
        title: "ER band",
        formula: "the ER against the target T (--target-er, default 3): low below T/3, average from T/3 to below 7T/6, high from 7T/6 to 2T, very_high above 2T",
        json: &["summary.band", "periods[].band", "posts[].band", "band (er)"],
        null: "the ER is null",
        source: "smmkpi's own scale around the conventional 3 % level",
        anchor: "band",
    },
    Entry {
        name: "ctr",
        title: "Click-through rate",
        formula: "link_clicks / reach × 100 per post; Σ link_clicks / Σ reach × 100 for a set, over the posts reporting clicks and a positive reach; in %",
        json: &["posts[].ctr", "summary.ctr", "periods[].ctr", "ctr (er)"],
        null: "no clicks reported, or no positive reach",
        source: CONVENTION,
        anchor: "ctr",
    },
    Entry {
        name: "sums",
        title: "Sums of counts",
        formula: "views, impressions, likes, comments, reposts, saves, poll_votes, link_clicks of a set = Σ of the field over the posts reporting it; posts = the posts in the set",
        json: &["summary.views", "summary.likes", "periods[].likes", "..."],
        null: "no post of the set reports the field",
        source: CONVENTION,
        anchor: "sums",
    },
    Entry {
        name: "reach",
        title: "Sum of post reach",
        formula: "Σ reach over the posts reporting it; not the account's reach (people overlap across posts)",
        json: &["summary.reach", "periods[].reach"],
        null: "no post of the set reports reach",
        source: "convention, labelled as the sum it is",
        anchor: "reach",
    },
    Entry {
        name: "reach_mean",
        title: "Mean reach per post",
        formula: "Σ reach / the posts reporting reach (posts with reach 0 count); people per post",
        json: &["summary.reach_mean", "periods[].reach_mean", "hashtags[].reach_mean"],
        null: "no post of the set reports reach",
        source: CONVENTION,
        anchor: "reach-mean",
    },
    Entry {
        name: "negative_feedback",
        title: "Negative feedback",
        formula: "hide + report + unsubscribe of a post (the parts reported; VK); Σ over the posts reporting any for a set",
        json: &["posts[].negative.total", "summary.negative_feedback", "periods[].negative_feedback"],
        null: "no part reported (per post), no post reporting any (per set)",
        source: "VK's parts; the sum is smmkpi's own",
        anchor: "negative-feedback",
    },
    Entry {
        name: "negative_rate",
        title: "Negative feedback rate",
        formula: "negative feedback / reach × 100 per post; Σ negative feedback / Σ reach × 100 over the posts reporting both, reach positive; in %",
        json: &["posts[].negative.rate", "summary.negative_rate", "periods[].negative_rate"],
        null: "no negative feedback, or no positive reach",
        source: OWN,
        anchor: "negative-rate",
    },
    Entry {
        name: "reach_growth",
        title: "Growth of the sum of post reach",
        formula: "(R₂ − R₁) / R₁ × 100, R₁ and R₂ the reach of the previous period and of this one; in %",
        json: &["periods[].reach_growth"],
        null: "the first period; either reach null; R₁ = 0",
        source: CONVENTION,
        anchor: "reach-growth",
    },
    Entry {
        name: "reach_mean_growth",
        title: "Growth of mean reach",
        formula: "(M₂ − M₁) / M₁ × 100 of reach_mean against the previous period; in %",
        json: &["periods[].reach_mean_growth"],
        null: "the first period; either mean null; M₁ = 0",
        source: CONVENTION,
        anchor: "reach-mean-growth",
    },
    Entry {
        name: "er_change",
        title: "Change of the headline ER",
        formula: "ER₂ − ER₁, the headline er of this period minus the previous one's; in percentage points",
        json: &["periods[].er_change"],
        null: "the first period; either er null",
        source: CONVENTION,
        anchor: "er-change",
    },
    Entry {
        name: "reach_rate",
        title: "Reach rate (LiveDune's ReachRate, TGStat's ERR)",
        formula: "Σ reach / Σ followers × 100 over the posts reporting reach and positive followers (followers per post: its column, else --followers-file, else --followers); in %",
        json: &["summary.reach_rate", "periods[].reach_rate", "reach_rate (er)"],
        null: "no post reports reach and positive followers",
        source: "LiveDune's ReachRate, a post's reach against the account's followers, as its report glossary words it (printed in a LiveDune report: http://tretyakov.co/report-sk-2021-2022; LiveDune's formulas: https://wiki.livedune.com/en/articles/9707437-er-err-and-other-formulas); TGStat's ERR divides mean views by subscribers",
        anchor: "reach-rate",
    },
    Entry {
        name: "love_rate",
        title: "Love rate",
        formula: "Σ likes / Σ followers × 100 over the posts reporting likes and positive followers; in %",
        json: &["summary.love_rate", "periods[].love_rate", "love_rate (er)"],
        null: "no post reports likes and positive followers",
        source: "convention (SMM glossaries, e.g. https://www.unisender.com/ru/glossary/chto-takoe-love-rate)",
        anchor: "love-rate",
    },
    Entry {
        name: "talk_rate",
        title: "Talk rate",
        formula: "Σ comments / Σ followers × 100 over the posts reporting comments and positive followers; in %",
        json: &["summary.talk_rate", "periods[].talk_rate", "talk_rate (er)"],
        null: "no post reports comments and positive followers",
        source: "convention (SMM glossaries, e.g. https://unisender.com/ru/glossary/chto-takoe-talk-rate)",
        anchor: "talk-rate",
    },
    Entry {
        name: "amplification_rate",
        title: "Amplification rate",
        formula: "Σ reposts / Σ followers × 100 over the posts reporting reposts and positive followers; in %",
        json: &["summary.amplification_rate", "periods[].amplification_rate", "amplification_rate (er)"],
        null: "no post reports reposts and positive followers",
        source: "convention (Kaushik's amplification rate, shares per post, taken per follower as relative rates are: https://www.truesocialmetrics.com/university/metric-introduction)",
        anchor: "amplification-rate",
    },
    Entry {
        name: "virality_rate",
        title: "Virality rate",
        formula: "Σ reposts / Σ reach × 100 over the posts reporting reposts and positive reach; in %",
        json: &["summary.virality_rate", "periods[].virality_rate", "virality_rate (er)"],
        null: "no post reports reposts and positive reach",
        source: CONVENTION,
        anchor: "virality-rate",
    },
    Entry {
        name: "er_post",
        title: "ERpost (Popsters' average ERpost)",
        formula: "Σ interactions / mean followers / posts × 100 over the posts reporting interactions and positive followers, which is Σ interactions / Σ followers × 100; in %",
        json: &["summary.er_post", "periods[].er_post"],
        null: "no post reports interactions and positive followers",
        source: "Popsters, https://popsters.com/faq/using-metrics",
        anchor: "er-post",
    },
    Entry {
        name: "er_day",
        title: "ERday (Popsters' average ERday)",
        formula: "Σ interactions / mean followers / days × 100 over the posts of er_post; days = the period's calendar days; for the summary, --since to --until where given, else the first period's first day to the last period's last day; in %",
        json: &["summary.er_day", "periods[].er_day"],
        null: "no post reports interactions and positive followers; no dated post and no --since/--until",
        source: "Popsters, https://popsters.com/faq/using-metrics",
        anchor: "er-day",
    },
    Entry {
        name: "er_view",
        title: "ERview (Popsters' average ERview)",
        formula: "mean of the per-post interactions / views × 100 over the posts reporting interactions and positive views; in %",
        json: &["summary.er_view", "periods[].er_view", "er_views (er)"],
        null: "no post reports interactions and positive views",
        source: "Popsters, https://popsters.com/faq/using-metrics",
        anchor: "er-view",
    },
    Entry {
        name: "er_impressions",
        title: "ER per impression (Sprout Social)",
        formula: "Σ (interactions + link_clicks) / Σ impressions × 100, impressions being the impressions field, else views, over the posts reporting either numerator and a positive denominator; link clicks count once when in the interaction set; in %",
        json: &["summary.er_impressions", "periods[].er_impressions", "er_impressions (er)"],
        null: "no post reports interactions or link clicks over positive impressions (or views)",
        source: "Sprout Social, https://support.sproutsocial.com/hc/en-us/articles/211093003-How-do-I-use-the-Facebook-Pages-Report (reactions, comments, shares, post link clicks and other post clicks as a percentage of impressions)",
        anchor: "er-impressions",
    },
    Entry {
        name: "overperformance",
        title: "A post against its account's usual",
        formula: "the post's interactions / the median interactions of the previous 20 posts (in publish order) of its platform, account and type that report interactions; a ratio (2 = twice the usual)",
        json: &["posts[].overperformance", "top_posts[].overperformance"],
        null: "undated post; no interactions; no earlier post of its group with interactions; a median of 0 or below; an output that keeps no posts (table, Markdown, HTML, CSV top without --top-by overperformance, --compare, --web or --costs)",
        source: OWN,
        anchor: "overperformance",
    },
    Entry {
        name: "hashtags",
        title: "Hashtag performance",
        formula: "per hashtag: posts carrying it, reach_mean and er_mean of those posts",
        json: &["hashtags[].posts", "hashtags[].reach_mean", "hashtags[].er_mean"],
        null: "er_mean: none of the tag's posts has an ER; reach_mean: none reports reach",
        source: OWN,
        anchor: "hashtags",
    },
    Entry {
        name: "lift",
        title: "Hashtag lift",
        formula: "(tag's er_mean / overall er_mean − 1) × 100; in %",
        json: &["hashtags[].lift"],
        null: "the tag's or the overall er_mean is null, or the overall one is 0",
        source: OWN,
        anchor: "hashtag-lift",
    },
    Entry {
        name: "best_time",
        title: "Best posting time",
        formula: "per weekday × hour of publishing: posts, and mean ER of those with an ER; low_sample when fewer than 2 posts",
        json: &["best_time[].er_mean", "best_time[].posts", "best_time[].low_sample"],
        null: "er_mean: no post of the slot has an ER",
        source: OWN,
        anchor: "best-time",
    },
    Entry {
        name: "top_posts",
        title: "Top posts",
        formula: "the --top posts with the highest ER (or overperformance, or reach: --top-by); ties: more interactions, then the earlier post",
        json: &["top_posts[]", "formula.top_by"],
        null: "posts whose score is null are not ranked",
        source: OWN,
        anchor: "top-posts",
    },
    Entry {
        name: "series",
        title: "Account daily series by period",
        formula: "a flow: Σ of the period's days, daily_mean = total / days with a value; a level (followers): the period's last day; growth = (V₂ − V₁) / V₁ × 100",
        json: &["series[].periods[].value", "series[].total", "series[].daily_mean", "series[].periods[].growth"],
        null: "growth: the first period, after a period without days, V₁ = 0; daily_mean of a level",
        source: "convention (flows summed, levels taken at the end)",
        anchor: "series",
    },
    Entry {
        name: "followers_end",
        title: "Followers at the start and end of a period",
        formula: "followers_end = the last count within the period; followers_start = the last count before it, else its first count less the net changes up to it when known",
        json: &["periods[].followers_start", "periods[].followers_end", "summary.followers_start", "summary.followers_end"],
        null: "no count within (end) or before or within (start) the period; a missing count is never carried forward",
        source: CONVENTION,
        anchor: "growth-start-end",
    },
    Entry {
        name: "net",
        title: "Followers gained, lost and net",
        formula: "gained, lost = Σ over the period's days; net = Σ daily net when every day states one, else followers_end − followers_start of counts of different dates",
        json: &["periods[].gained", "periods[].lost", "periods[].net"],
        null: "not reported; net without daily nets or two counts",
        source: CONVENTION,
        anchor: "growth-net",
    },
    Entry {
        name: "growth_rate",
        title: "Audience growth rate",
        formula: "(followers_end − followers_start) / followers_start × 100; in %",
        json: &["periods[].growth_rate", "summary.growth_rate"],
        null: "either count missing, or followers_start 0 or below",
        source: CONVENTION,
        anchor: "growth-rate",
    },
    Entry {
        name: "avg_daily_growth",
        title: "Average daily growth",
        formula: "net / days, days being the span between the two counts, else the days with a daily change; followers per day",
        json: &["periods[].avg_daily_growth", "summary.avg_daily_growth"],
        null: "net is null, or days is 0",
        source: OWN,
        anchor: "avg-daily-growth",
    },
    Entry {
        name: "core_size",
        title: "Active core",
        formula: "users with at least N actions (--min-actions, default 3) in each of M consecutive calendar months (--months, default 6) ending at the as-of month",
        json: &["core_size", "monthly[].core"],
        null: "the window is not complete (it reaches beyond the data's months)",
        source: "the active core is an SMM notion; the rule and its defaults are smmkpi's own",
        anchor: "core",
    },
    Entry {
        name: "monthly",
        title: "The core month by month",
        formula: "per month of the data: actions, active_users (≥ 1 action), meeting_min (≥ N actions), core (the core had the window ended then)",
        json: &["monthly[].actions", "monthly[].active_users", "monthly[].meeting_min", "monthly[].core"],
        null: "core: the first M − 1 months",
        source: OWN,
        anchor: "core-monthly",
    },
    Entry {
        name: "entered",
        title: "Users who entered and left the core",
        formula: "entered = in this month's core and not the previous month's; left = in the previous month's and not this one's",
        json: &["monthly[].entered", "monthly[].left"],
        null: "either month's core is null",
        source: OWN,
        anchor: "core-entered-left",
    },
    Entry {
        name: "distribution",
        title: "Actions per user-month",
        formula: "over every (user, month) with an action: user_months, mean = Σ actions / user_months, median, p90, max",
        json: &["distribution.user_months", "distribution.mean", "distribution.median", "distribution.max"],
        null: "no user-month",
        source: CONVENTION,
        anchor: "core-distribution",
    },
    Entry {
        name: "p90",
        title: "90th percentile of actions per user-month",
        formula: "the count at rank ⌈0.9 × n⌉ of the n counts sorted ascending (nearest rank, no interpolation)",
        json: &["distribution.p90"],
        null: "no user-month",
        source: "convention (nearest-rank percentile)",
        anchor: "core-p90",
    },
    Entry {
        name: "buckets",
        title: "User-months by actions",
        formula: "ranges 1 … 10, 11–20, 21–50, 51–100, 101+: user_months, share = user_months / all × 100, at_least_share = user-months with ≥ min actions / all × 100",
        json: &["distribution.buckets[]"],
        null: "shares: no user-month",
        source: OWN,
        anchor: "core-buckets",
    },
    Entry {
        name: "core_by_min_actions",
        title: "The core for other N",
        formula: "core_size of the same window for N = 1 … max(10, N)",
        json: &["core_by_min_actions[]"],
        null: "empty when the window is not complete",
        source: OWN,
        anchor: "core-by-min-actions",
    },
    Entry {
        name: "core_share",
        title: "Core share",
        formula: "core_size / users with any action counted × 100; in %",
        json: &["core_share"],
        null: "core_size is null, or there are no users",
        source: OWN,
        anchor: "core-share",
    },
    Entry {
        name: "web_totals",
        title: "Web-analytics sums",
        formula: "visits, users, new_users, conversions, leads, revenue, clicks, impressions, cost = Σ over the rows reporting them (users: an upper bound)",
        json: &["web[].totals.visits", "web[].totals.users", "web[].totals.conversions", "..."],
        null: "no row reports the figure",
        source: CONVENTION,
        anchor: "web-sums",
    },
    Entry {
        name: "figure_totals",
        title: "Other number columns of a web table",
        formula: "a count: Σ over the rows; people: Σ (an upper bound); a rate or mean: no total",
        json: &["web[].figure_totals[].total"],
        null: "a rate or mean; no row reports the column",
        source: CONVENTION,
        anchor: "web-figures",
    },
    Entry {
        name: "bounce_rate",
        title: "Visit-weighted means of a web table",
        formula: "bounce_rate, engagement_rate (in %), page_depth, avg_duration_secs = Σ (row value × row visits) / Σ visits over the rows reporting both, visits > 0",
        json: &["web[].totals.bounce_rate", "web[].totals.engagement_rate", "web[].totals.page_depth", "web[].totals.avg_duration_secs"],
        null: "no row reports the value and positive visits",
        source: "convention (how Metrica and GA4 total them)",
        anchor: "web-weighted",
    },
    Entry {
        name: "new_user_share",
        title: "New user share",
        formula: "Σ new_users / Σ users × 100 over the rows reporting both, users > 0; in %",
        json: &["web[].totals.new_user_share"],
        null: "no row reports both with users > 0",
        source: CONVENTION,
        anchor: "web-new-user-share",
    },
    Entry {
        name: "web_conversion_rate",
        title: "Web conversion rate",
        formula: "Σ conversions / Σ visits × 100 over the rows reporting both, visits > 0; in %",
        json: &["web[].totals.conversion_rate"],
        null: "no row reports both with visits > 0",
        source: CONVENTION,
        anchor: "web-conversion-rate",
    },
    Entry {
        name: "ad_ctr",
        title: "Ad CTR of a web table",
        formula: "Σ clicks / Σ impressions × 100 over the rows reporting both, impressions > 0; in %",
        json: &["web[].totals.ad_ctr"],
        null: "no row reports both with impressions > 0",
        source: CONVENTION,
        anchor: "web-ad-ctr",
    },
    Entry {
        name: "web_cpc",
        title: "Cost per click of a web table",
        formula: "Σ cost / Σ clicks over the rows reporting both, clicks > 0; money per click",
        json: &["web[].totals.cpc"],
        null: "no row reports both with clicks > 0",
        source: CONVENTION,
        anchor: "web-cpc",
    },
    Entry {
        name: "web_roi",
        title: "ROI of a web table",
        formula: "(Σ revenue − Σ cost) / Σ cost × 100 over the rows reporting both, cost > 0; in %",
        json: &["web[].totals.roi"],
        null: "no row reports both with cost > 0",
        source: CONVENTION,
        anchor: "web-roi",
    },
    Entry {
        name: "web",
        title: "Web figures of the posts carrying a UTM tag (--web)",
        formula: "over the rows of the --web tables whose tag (utm_content, utm_campaign or the post id: --join) a post carries: rows; visits, conversions = Σ over the rows reporting them; bounce_rate (%), time_on_site (seconds), depth (pages per visit), new_share (%) = Σ (row value × row visits) / Σ visits over the rows reporting the value and visits > 0",
        json: &["posts[].web", "web_join.totals", "web_join.periods[]", "campaigns[].web"],
        null: "posts[].web: no row carries the post's tag, or no --web; a figure: no row reports it (a weighted one: none with visits > 0)",
        source: "convention (how Metrica and GA4 total rates); the join by tag is smmkpi's own",
        anchor: "web-join-figures",
    },
    Entry {
        name: "unmatched_rows",
        title: "Web rows joined to no post",
        formula: "rows of the --web tables whose tag no post of the report carries, or with no tag; unmatched_visits = Σ their visits; matched_rows + unmatched_rows = rows",
        json: &["web_join.matched_rows", "web_join.unmatched_rows", "web_join.unmatched_visits", "web_join.unmatched[]"],
        null: "unmatched_visits: none of the unmatched rows reports visits",
        source: OWN,
        anchor: "web-join-unmatched",
    },
    Entry {
        name: "spend",
        title: "Money sums of a set (--costs)",
        formula: "spend, revenue, new_customers = Σ over the costs rows that count (in --since/--until; of the campaign; of the period); conversions = Σ of the costs rows' conversions when any reports them, else of the joined web rows (conversions_from); posts, link_clicks, interactions, visits of the set's posts",
        json: &["money.spend", "money.revenue", "money.new_customers", "money.conversions", "money.periods[]", "campaigns[].spend"],
        null: "no costs row of the set reports the figure; conversions: neither the costs nor the joined web rows report them",
        source: "smmkpi's own (which rows count); convention (the sums)",
        anchor: "money-rows",
    },
    Entry {
        name: "conversion_rate",
        title: "Conversion rate of the posts' clicks",
        formula: "conversions / link_clicks × 100, of the report, a period or a campaign; in %",
        json: &["money.conversion_rate", "money.periods[].conversion_rate", "campaigns[].conversion_rate"],
        null: "link_clicks 0, below 0 or not reported; conversions not reported",
        source: CONVENTION,
        anchor: "conversion-rate",
    },
    Entry {
        name: "cac",
        title: "Customer acquisition cost",
        formula: "spend / new_customers; money per customer, in the costs' currency",
        json: &["money.cac", "money.periods[].cac", "campaigns[].cac"],
        null: "new_customers 0 or not reported; spend not reported",
        source: CONVENTION,
        anchor: "cac",
    },
    Entry {
        name: "roi",
        title: "Return on investment",
        formula: "(revenue − spend) / spend × 100; in %",
        json: &["money.roi", "money.periods[].roi", "campaigns[].roi"],
        null: "spend 0 or not reported; revenue not reported",
        source: CONVENTION,
        anchor: "roi",
    },
    Entry {
        name: "cpe",
        title: "Cost per engagement",
        formula: "spend / interactions; money per interaction",
        json: &["money.cpe", "money.periods[].cpe", "campaigns[].cpe"],
        null: "interactions 0, below 0 or not reported; spend not reported",
        source: CONVENTION,
        anchor: "cpe",
    },
    Entry {
        name: "cpc",
        title: "Cost per click on the posts' links",
        formula: "spend / link_clicks; money per click",
        json: &["money.cpc", "money.periods[].cpc", "campaigns[].cpc"],
        null: "link_clicks 0, below 0 or not reported; spend not reported",
        source: CONVENTION,
        anchor: "cpc",
    },
    Entry {
        name: "mentions",
        title: "Brand mentions by period and source",
        formula: "total = mentions counted; reach = Σ reach of the mentions reporting it; by_period[]: mentions and reach of each period; by_source[].share = the source's mentions / total × 100",
        json: &["total (mentions)", "reach (mentions)", "by_period[].mentions", "by_source[].share"],
        null: "reach: no mention reports it",
        source: CONVENTION,
        anchor: "mentions",
    },
    Entry {
        name: "sentiment",
        title: "Sentiment of mentions",
        formula: "positive, neutral, negative, unrated = mentions of each tone; positive_share = positive / (positive + neutral + negative) × 100, and likewise neutral_share, negative_share; in %",
        json: &["sentiment.positive_share", "sentiment.neutral_share", "sentiment.negative_share", "by_period[].sentiment"],
        null: "shares: no mention is rated; sentiment: no file has a tone column",
        source: CONVENTION,
        anchor: "mentions-sentiment",
    },
    Entry {
        name: "share_of_voice",
        title: "Share of voice",
        formula: "the brand's mentions / Σ every --brand's mentions × 100 (a mention naming two brands counts for each); in %",
        json: &["share_of_voice[].share", "share_of_voice[].mentions", "naming_no_brand"],
        null: "no mention names any of the brands",
        source: CONVENTION,
        anchor: "share-of-voice",
    },
    Entry {
        name: "change",
        title: "Change against the base (--compare)",
        formula: "change = current − base (percentage points for rates); change_pct = (current − base) / base × 100",
        json: &["comparison.summary.*.change", "comparison.summary.*.change_pct"],
        null: "either side null; change_pct also when the base is 0",
        source: CONVENTION,
        anchor: "compare-change",
    },
    Entry {
        name: "interval",
        title: "Bootstrap interval of a change",
        formula: "for er_mean, er_median, reach_mean: the 2.5th and 97.5th percentiles of 2,000 resampled changes (fixed seed); significant when the interval excludes 0",
        json: &["comparison.summary.*.ci_low", "comparison.summary.*.ci_high", "comparison.summary.*.significant"],
        null: "either side has fewer than 2 values",
        source: "convention (the percentile bootstrap, Efron 1979); seed and resample counts are smmkpi's own",
        anchor: "compare-interval",
    },
    Entry {
        name: "current",
        title: "A goal's current value and baseline",
        formula: "current = the value of the latest complete period with one, up to the deadline's; baseline = the goal's baseline, else the value in the period holding start, else the first period's",
        json: &["goals[].current", "goals[].baseline"],
        null: "no value in a complete period up to the deadline",
        source: OWN,
        anchor: "goal-current",
    },
    Entry {
        name: "progress",
        title: "Progress towards a goal",
        formula: "(current − baseline) / (target − baseline) × 100; in %",
        json: &["goals[].progress"],
        null: "target = baseline, or either is null",
        source: CONVENTION,
        anchor: "goal-progress",
    },
    Entry {
        name: "pace_needed",
        title: "Paces of a goal",
        formula: "pace_actual = (current − baseline) / periods between them; pace_needed = (target − current) / periods_left; best_change = the largest change from one period to the next, in the goal's direction",
        json: &["goals[].pace_actual", "goals[].pace_needed", "goals[].periods_left", "goals[].best_change"],
        null: "pace_actual: one period; pace_needed: no period left; best_change: fewer than two values",
        source: OWN,
        anchor: "goal-pace",
    },
    Entry {
        name: "projected",
        title: "Projection at the deadline",
        formula: "the least-squares line through the values from the baseline's period to the current one, at the deadline's period",
        json: &["goals[].projected"],
        null: "fewer than two periods with a value",
        source: "convention (ordinary least squares)",
        anchor: "goal-projection",
    },
    Entry {
        name: "status",
        title: "Goal status",
        formula: "no_data, else achieved (current reached the target), else missed (deadline passed), else on_track (projected reaches it), else at_risk",
        json: &["goals[].status"],
        null: "never",
        source: OWN,
        anchor: "goal-status",
    },
    Entry {
        name: "warnings",
        title: "SMART warnings of a goal",
        formula: "target_not_beyond_baseline, deadline_passed, no_data, pace_unrealistic (pace_needed above 3 × best_change)",
        json: &["goals[].warnings", "goals[].warning_codes"],
        null: "never (an empty list)",
        source: "SMART is a convention of goal setting; the checks are smmkpi's own",
        anchor: "goal-warnings",
    },
    Entry {
        name: "target",
        title: "Suggested target",
        formula: "current × (1 + median growth of the last 3 changes / 100), at most current + best_change; current when the growth is not positive or there is one period",
        json: &["suggestions[].target", "suggestions[].median_growth", "suggestions[].rule"],
        null: "no value",
        source: OWN,
        anchor: "suggest",
    },
    Entry {
        name: "ads_totals",
        title: "Ads totals and rates",
        formula: "spend, impressions, clicks, results, conversion_value = Σ over the rows; cpc = Σ spend / Σ clicks; cpm = Σ spend / Σ impressions × 1000; ctr = Σ clicks / Σ impressions × 100; cost_per_result = Σ spend / Σ results; roas = Σ conversion value / Σ spend",
        json: &["ads[].totals"],
        null: "no row reports the sides, a denominator of 0, several currencies (money), several kinds of result (results)",
        source: "convention (how ad platforms total their accounts)",
        anchor: "ads",
    },
];

/// The entry named `name` (case and `-` for `_` aside), else the first whose
/// JSON fields end in it (`followers_start` finds `followers_end`'s entry).
pub fn find(name: &str) -> Option<&'static Entry> {
    let n = name.trim().to_ascii_lowercase().replace('-', "_");
    if n.is_empty() {
        return None;
    }
    CATALOGUE.iter().find(|e| e.name == n).or_else(|| {
        CATALOGUE.iter().find(|e| {
            e.json.iter().any(|j| {
                j.split(['.', ' ', ','])
                    .any(|part| part.trim_end_matches("[]") == n)
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_anchors_are_unique_and_every_field_is_filled() {
        for (i, e) in CATALOGUE.iter().enumerate() {
            for f in [e.name, e.title, e.formula, e.null, e.source, e.anchor] {
                assert!(!f.trim().is_empty(), "{e:?}");
            }
            assert!(!e.json.is_empty(), "{}", e.name);
            for o in &CATALOGUE[i + 1..] {
                assert_ne!(e.name, o.name);
                assert_ne!(e.anchor, o.anchor);
            }
        }
    }

    #[test]
    fn names_are_found_as_typed_and_by_their_json_fields() {
        assert_eq!(find("er_day").map(|e| e.anchor), Some("er-day"));
        assert_eq!(find("ER-Day").map(|e| e.anchor), Some("er-day"));
        assert_eq!(find(" er_post ").map(|e| e.name), Some("er_post"));
        // Not an entry's name, but one of its fields.
        assert_eq!(
            find("followers_start").map(|e| e.name),
            Some("followers_end")
        );
        assert_eq!(find("engagement_rate").map(|e| e.name), Some("bounce_rate"));
        assert_eq!(find("er_reach").map(|e| e.name), Some("er"));
        // Money's CPC is `cpc`; a web table's own is `web_cpc`.
        assert_eq!(find("cpc").map(|e| e.anchor), Some("cpc"));
        assert_eq!(find("web_cpc").map(|e| e.anchor), Some("web-cpc"));
        assert_eq!(find("cac").map(|e| e.anchor), Some("cac"));
        assert_eq!(find("nonsense"), None);
        assert_eq!(find(""), None);
    }

    #[test]
    fn every_rate_of_the_family_has_an_entry() {
        for r in super::super::RateName::ALL {
            assert!(find(r.name()).is_some_and(|e| e.name == r.name()), "{r:?}");
        }
    }
}
