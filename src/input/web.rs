//! Web-analytics and ad-platform tables: Yandex Metrica and GA4 CSV exports
//! (`#` preamble, an `Итого и средние` totals row, rates written as
//! fractions, `HH:MM:SS` durations) and Google Ads reports, read into one
//! model ([`WebRow`]) that can be joined to posts on UTM tags. Columns that
//! are not figures are the row's dimensions (source, channel, campaign, ...).

use super::aliases::normalize;
use super::dataset::{check_total, Dataset, Source, WebTable};
use super::layout::{is_averages_cell, is_totals_cell, MAX_PREAMBLE_ROWS};
use super::text::Row;
use super::values::{self, DateContext};
use crate::model::{
    DamagedValue, Dimension, FigureKind, FileReport, SkipKind, TotalsCheck, WebFigure, WebRow,
};

/// A figure a web-analytics column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebField {
    Visits,
    Users,
    NewUsers,
    Pageviews,
    BounceRate,
    EngagementRate,
    PageDepth,
    AvgDuration,
    Conversions,
    /// Key events per user (GA4) or goal conversion rate (Metrica), in %.
    ConversionRate,
    /// Share of new visitors, in % (Metrica's `Доля новых посетителей`).
    NewShare,
    /// New leads (GA4 lead acquisition).
    Leads,
    Revenue,
    Clicks,
    Impressions,
    Cost,
}

/// Dimension columns that carry a join key or a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyField {
    UtmSource,
    UtmMedium,
    UtmCampaign,
    UtmContent,
    Date,
}

impl WebField {
    pub fn name(self) -> &'static str {
        match self {
            WebField::Visits => "visits",
            WebField::Users => "users",
            WebField::NewUsers => "new_users",
            WebField::Pageviews => "pageviews",
            WebField::BounceRate => "bounce_rate",
            WebField::EngagementRate => "engagement_rate",
            WebField::PageDepth => "page_depth",
            WebField::AvgDuration => "avg_duration_secs",
            WebField::Conversions => "conversions",
            WebField::ConversionRate => "conversion_rate",
            WebField::NewShare => "new_share",
            WebField::Leads => "leads",
            WebField::Revenue => "revenue",
            WebField::Clicks => "clicks",
            WebField::Impressions => "impressions",
            WebField::Cost => "cost",
        }
    }

    /// Fields only web analytics has: a post export has none of them.
    fn is_strong(self) -> bool {
        !matches!(
            self,
            WebField::Clicks | WebField::Impressions | WebField::Pageviews
        )
    }

    fn is_rate(self) -> bool {
        matches!(
            self,
            WebField::BounceRate
                | WebField::EngagementRate
                | WebField::ConversionRate
                | WebField::NewShare
        )
    }
}

/// The figure a header names, in English (GA4, Google Ads) or Russian (Metrica).
pub fn web_field(header: &str) -> Option<WebField> {
    use WebField::*;
    Some(match normalize(header).as_str() {
        "sessions" | "visits" | "визиты" | "сеансы" | "sesiones" | "sessões" => Visits,
        "total users"
        | "users"
        | "active users"
        | "visitors"
        | "посетители"
        | "пользователи"
        | "usuarios"
        | "usuários" => Users,
        "new users"
        | "новые посетители"
        | "новые пользователи"
        | "usuarios nuevos"
        | "novos usuários" => NewUsers,
        "pageviews" | "page views" | "screen page views" | "просмотры страниц" => {
            Pageviews
        }
        "bounce rate" | "отказы" | "показатель отказов" | "tasa de rebote" | "taxa de rejeição" => {
            BounceRate
        }
        "engagement rate" | "вовлеченность" | "коэффициент вовлеченности" => {
            EngagementRate
        }
        "глубина просмотра"
        | "pages per session"
        | "pages session"
        | "pages per visit"
        | "views per session" => PageDepth,
        "доля новых посетителей"
        | "доля новых пользователей"
        | "доля новых"
        | "new visitors share"
        | "new users share"
        | "new user share"
        | "percent new sessions"
        | "new sessions" => NewShare,
        "average session duration"
        | "avg session duration"
        | "время на сайте"
        | "средняя продолжительность сеанса"
        | "duración media de la sesión" => AvgDuration,
        "key events"
        | "conversions"
        | "conversions platform comparable"
        | "целевые визиты"
        | "достижения целей"
        | "конверсии"
        | "eventos clave"
        | "conversiones" => Conversions,
        "converted leads" | "purchases" | "transactions" | "покупки" => Conversions,
        "user key event rate"
        | "session key event rate"
        | "conversion rate"
        | "конверсия по цели"
        | "коэффициент конверсии" => ConversionRate,
        "new leads" | "leads" | "лиды" | "новые лиды" => Leads,
        "total revenue" | "revenue" | "purchase revenue" | "conv value" | "доход" | "выручка"
        | "ingresos" | "receita" => Revenue,
        "clicks" | "клики" | "clics" => Clicks,
        "impr" | "impressions" | "показы" | "impresiones" => Impressions,
        "cost" | "spend" | "amount spent" | "расход" | "расходы" | "стоимость" | "coste"
        | "custo" => Cost,
        _ => return None,
    })
}

fn key_field(header: &str) -> Option<KeyField> {
    use KeyField::*;
    Some(match normalize(header).as_str() {
        "utm source" | "session source" | "метка utm source" | "utm_source" => UtmSource,
        "utm medium" | "session medium" | "метка utm medium" => UtmMedium,
        "utm campaign"
        | "session campaign"
        | "session manual campaign name"
        | "manual campaign name"
        | "first user manual campaign name"
        | "first user campaign"
        | "campaign"
        | "метка utm campaign"
        | "кампания"
        | "campaña"
        | "campanha" => UtmCampaign,
        "utm content"
        | "session manual ad content"
        | "manual ad content"
        | "first user manual ad content"
        | "session ad content"
        | "ad content"
        | "метка utm content" => UtmContent,
        "date" | "day" | "дата" | "день" | "fecha" | "data" => Date,
        _ => return None,
    })
}

/// How a header row maps onto web fields.
#[derive(Debug, Clone)]
pub struct WebMapping {
    pub fields: Vec<(usize, WebField)>,
    keys: Vec<(usize, KeyField)>,
    /// Every other non-empty column: a dimension.
    dims: Vec<usize>,
    /// Columns of numbers that are none of the fields (found with the data
    /// rows: see [`figure_columns`]).
    figures: Vec<usize>,
}

impl KeyField {
    fn name(self) -> &'static str {
        match self {
            KeyField::UtmSource => "utm_source",
            KeyField::UtmMedium => "utm_medium",
            KeyField::UtmCampaign => "utm_campaign",
            KeyField::UtmContent => "utm_content",
            KeyField::Date => "date",
        }
    }
}

impl WebMapping {
    fn strong(&self) -> usize {
        self.fields.iter().filter(|(_, f)| f.is_strong()).count()
    }
}

fn map(headers: &[String]) -> WebMapping {
    let mut fields: Vec<(usize, WebField)> = Vec::new();
    let mut keys: Vec<(usize, KeyField)> = Vec::new();
    let mut dims = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if h.trim().is_empty() {
            continue;
        }
        if let Some(f) = web_field(h).filter(|f| fields.iter().all(|(_, g)| g != f)) {
            fields.push((i, f));
            continue;
        }
        if let Some(k) = key_field(h).filter(|k| keys.iter().all(|(_, g)| g != k)) {
            keys.push((i, k));
        }
        dims.push(i);
    }
    WebMapping {
        fields,
        keys,
        dims,
        figures: Vec::new(),
    }
}

/// Finds a web-analytics header among the first rows: at least two web
/// figures, one of them one that only web analytics reports, and more of
/// them than of post figures (`post_score` maps the same row as posts).
pub fn find_header(
    rows: &[Row],
    post_score: impl Fn(&Row) -> usize,
) -> Option<(usize, WebMapping)> {
    rows.iter()
        .take(MAX_PREAMBLE_ROWS)
        .enumerate()
        .find_map(|(i, r)| {
            let m = map(&r.cells);
            (m.fields.len() >= 2 && m.strong() >= 1 && m.fields.len() > post_score(r))
                .then_some((i, m))
        })
}

/// Dimensions whose values are numbers: an hour, a year, a cohort's day, an id.
fn is_numeric_dimension(header: &str) -> bool {
    let n = normalize(header);
    let words: Vec<&str> = n.split(' ').collect();
    words.iter().any(|w| {
        matches!(
            *w,
            "id" | "code"
                | "hour"
                | "year"
                | "month"
                | "week"
                | "day"
                | "nth"
                | "cohort"
                | "zip"
                | "postal"
                | "number"
                | "час"
                | "год"
                | "месяц"
                | "неделя"
                | "день"
                | "номер"
                | "код"
        )
    })
}

/// What a number column counts, from its header: a rate, mean or ratio has no
/// total; a count of people sums to an upper bound of the people; anything
/// else is a count.
pub fn figure_kind(header: &str) -> FigureKind {
    let n = normalize(header);
    let words: Vec<&str> = n.split(' ').collect();
    let rate = header.contains(['%', '/'])
        || words.iter().any(|w| {
            matches!(
                *w,
                "average"
                    | "avg"
                    | "mean"
                    | "rate"
                    | "ratio"
                    | "per"
                    | "share"
                    | "percent"
                    | "percentage"
                    | "score"
                    | "ctr"
                    | "cpc"
                    | "cpm"
                    | "roas"
                    | "средняя"
                    | "среднее"
                    | "средний"
                    | "доля"
                    | "коэффициент"
                    | "конверсия"
            )
        });
    let people = words.iter().any(|w| {
        [
            "user",
            "пользовател",
            "посетител",
            "viewer",
            "зрител",
            "visitor",
        ]
        .iter()
        .any(|p| w.starts_with(p))
    });
    match (rate, people) {
        (true, _) => FigureKind::Rate,
        (false, true) => FigureKind::People,
        (false, false) => FigureKind::Count,
    }
}

/// The dimension columns whose values, in every data row reporting one, are
/// numbers (GA4's `Event count`, `Returning users`): figures, not text.
fn figure_columns(header: &Row, m: &WebMapping, data: &[Row]) -> Vec<usize> {
    m.dims
        .iter()
        .copied()
        .filter(|&c| {
            if m.keys.iter().any(|(k, _)| *k == c) || is_numeric_dimension(&header.cells[c]) {
                return false;
            }
            let mut numbers = 0;
            for r in data {
                let first = r.first_filled();
                if first.is_empty() || is_totals_cell(first) {
                    continue;
                }
                let v = r.cells.get(c).map(|s| s.trim()).unwrap_or("");
                if values::is_missing(v) {
                    continue;
                }
                match values::parse_number(v) {
                    Ok(Some(_)) => numbers += 1,
                    _ => return false,
                }
            }
            numbers > 0
        })
        .collect()
}

/// Reads `00:01:22`, `1:22` or plain seconds (`36.8`) as seconds.
pub fn parse_duration(raw: &str) -> Result<Option<f64>, String> {
    let t = raw.trim();
    if values::is_missing(t) {
        return Ok(None);
    }
    if t.contains(':') {
        let parts: Vec<&str> = t.split(':').collect();
        if parts.len() > 3 {
            return Err("expected a duration like 00:01:22".to_string());
        }
        let mut secs = 0.0;
        for p in &parts {
            let v: f64 = p
                .trim()
                .replace(',', ".")
                .parse()
                .map_err(|_| "expected a duration like 00:01:22".to_string())?;
            if !(v >= 0.0 && v.is_finite()) {
                return Err("expected a duration like 00:01:22".to_string());
            }
            secs = secs * 60.0 + v;
        }
        return Ok(Some(secs));
    }
    match values::parse_number(t) {
        Ok(Some(v)) if v >= 0.0 => Ok(Some(v)),
        Ok(Some(_)) => Err("a duration cannot be negative".to_string()),
        Ok(None) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// Which source wrote the table, from its preamble and headers.
fn source_of(preamble: &[String], headers: &[String]) -> &'static str {
    let norm: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let has = |x: &str| norm.iter().any(|h| h == x);
    if preamble
        .iter()
        .any(|l| l.starts_with("# Property:") || l.starts_with("# Account:"))
        || norm.iter().any(|h| {
            h.starts_with("session primary channel group")
                || h.starts_with("first user primary channel group")
                || h == "event name"
        })
    {
        "ga4"
    } else if has("impr") || has("campaign status") || has("cost conv") {
        "google-ads"
    } else if has("визиты") || has("посетители") || has("глубина просмотра") || has("отказы")
    {
        "metrica"
    } else {
        "generic"
    }
}

/// The report's name when the preamble states it: GA4's `# Events: Event
/// name` line, or a title line above a Google Ads table.
fn title_of(preamble: &[String]) -> Option<String> {
    preamble
        .iter()
        .map(|l| l.trim_start_matches('#').trim())
        .find(|l| {
            !l.is_empty()
                && !l.chars().all(|c| c == '-')
                && !l.starts_with("Account:")
                && !l.starts_with("Property:")
                && !l.to_ascii_lowercase().starts_with("sep=")
        })
        .map(str::to_string)
}

/// Per column: are rates written as fractions (`0.7497` = 74.97 %)? They are
/// when no value carries `%` and none exceeds 1.
fn fraction_columns(m: &WebMapping, data: &[Row]) -> Vec<(usize, bool)> {
    m.fields
        .iter()
        .filter(|(_, f)| f.is_rate())
        .map(|(c, _)| {
            let mut any_pct = false;
            let mut max: f64 = 0.0;
            for r in data {
                let Some(v) = r.cells.get(*c) else { continue };
                any_pct |= v.contains('%');
                if let Ok(Some(x)) = values::parse_number(v) {
                    max = max.max(x);
                }
            }
            (*c, !any_pct && max <= 1.0)
        })
        .collect()
}

/// Reads a web-analytics table whose header is `rows[hidx]`.
pub fn read(
    ds: &mut Dataset,
    src: Source,
    rows: &[Row],
    (hidx, m): (usize, &WebMapping),
    preamble: &[String],
    report: &mut FileReport,
) {
    let (name, opts) = (src.name, src.opts);
    let header = &rows[hidx];
    let data = &rows[hidx + 1..];
    // Number columns of an analytics report are figures; an ad platform's
    // campaign settings (budgets, bid targets) are left as its dimensions.
    let mut owned = m.clone();
    if source_of(preamble, &header.cells) != "google-ads" {
        owned.figures = figure_columns(header, m, data);
        owned.dims.retain(|c| !owned.figures.contains(c));
    }
    let m = &owned;
    let source = source_of(preamble, &header.cells);
    if report.platform == "generic" {
        report.platform = opts.platform.clone().unwrap_or_else(|| source.to_string());
    }
    let fractions = fraction_columns(m, data);
    let date_col = m
        .keys
        .iter()
        .find(|(_, k)| *k == KeyField::Date)
        .map(|(c, _)| *c);
    let slash_order = values::detect_slash_order(
        data.iter()
            .filter_map(|r| date_col.and_then(|c| r.cells.get(c)))
            .map(|s| s.as_str()),
    );
    let mut table = WebTable {
        file: name.to_string(),
        source: source.to_string(),
        title: title_of(preamble),
        dimensions: m
            .dims
            .iter()
            .map(|&c| header.cells[c].trim().to_string())
            .collect(),
        figures: m
            .figures
            .iter()
            .map(|&c| WebFigure {
                name: header.cells[c].trim().to_string(),
                kind: figure_kind(&header.cells[c]),
            })
            .collect(),
        rows_are_days: date_col.is_some(),
        rows: Vec::new(),
    };
    let skip = |ds: &mut Dataset, line: u64, kind: SkipKind, reason: String| {
        ds.skipped.push(src.skip(line, kind, reason))
    };
    // The export's first totals row (`Итого и средние`), compared at the end.
    let mut totals: Option<&Row> = None;
    let (mut more_totals, mut invalid) = (0u64, 0u64);
    for row in data {
        report.rows_read += 1;
        if row.is_blank() {
            skip(ds, row.line, SkipKind::Empty, "empty row".to_string());
            continue;
        }
        let first = row.first_filled();
        if is_totals_cell(first) {
            match totals {
                Some(_) => more_totals += 1,
                None if !is_averages_cell(first) => totals = Some(row),
                None => {}
            }
            skip(
                ds,
                row.line,
                SkipKind::Totals,
                format!("totals row ('{first}'), not a source"),
            );
            continue;
        }
        let mut damaged = Vec::new();
        match web_row(
            row,
            header,
            m,
            &fractions,
            date_col,
            slash_order,
            &mut damaged,
        ) {
            Ok(w) => {
                table.rows.push(w);
                report.damaged.extend(damaged);
            }
            Err(reason) => {
                invalid += 1;
                skip(ds, row.line, SkipKind::Invalid, reason)
            }
        }
    }
    if let Some(t) = totals {
        report.totals_check = totals_check(t, header, m, &table.rows);
        if !report.totals_check.is_empty() {
            report.note_totals(t.line, more_totals, invalid);
        }
    }
    report.note_damaged();
    report.web_rows = Some(table.rows.len() as u64);
    if table.rows.is_empty() && !data.is_empty() {
        report
            .notes
            .push("no row of the table could be read".to_string());
    }
    let people = m
        .fields
        .iter()
        .any(|(_, f)| matches!(f, WebField::Users | WebField::NewUsers))
        || table.figures.iter().any(|f| f.kind == FigureKind::People);
    if table.rows_are_days && people && table.rows.len() > 1 {
        report.notes.push(
            "the rows are days: users summed over them count a person once for each day they came, so the totals of users are not the number of unique users".to_string(),
        );
    }
    if !fractions.is_empty() && fractions.iter().any(|(_, f)| *f) {
        report.notes.push(
            "rates written as fractions (0.7497) are read as percentages (74.97 %)".to_string(),
        );
    }
    report.header_line = Some(header.line);
    let named = |c: usize, field: &'static str| crate::model::WebMapped {
        field,
        column: c,
        header: header.cells[c].trim().to_string(),
    };
    let mut mapping: Vec<crate::model::WebMapped> = m
        .keys
        .iter()
        .map(|(c, k)| named(*c, k.name()))
        .chain(m.fields.iter().map(|(c, f)| named(*c, f.name())))
        .chain(m.figures.iter().map(|c| named(*c, "figure")))
        .collect();
    mapping.sort_by_key(|w| w.column);
    report.web_mapping = mapping;
    ds.web.push(table);
}

fn web_row(
    row: &Row,
    header: &Row,
    m: &WebMapping,
    fractions: &[(usize, bool)],
    date_col: Option<usize>,
    slash_order: values::SlashOrder,
    damaged: &mut Vec<DamagedValue>,
) -> Result<WebRow, String> {
    let cell = |c: usize| row.cells.get(c).map(|s| s.trim()).unwrap_or("");
    let text = |c: usize| {
        let v = cell(c);
        (!values::is_missing(v)).then(|| v.to_string())
    };
    let mut w = WebRow {
        line: row.line,
        dimensions: m
            .dims
            .iter()
            .map(|&c| Dimension {
                name: header.cells[c].trim().to_string(),
                value: cell(c).to_string(),
            })
            .collect(),
        ..Default::default()
    };
    for (c, k) in &m.keys {
        match k {
            KeyField::UtmSource => w.utm_source = text(*c),
            KeyField::UtmMedium => w.utm_medium = text(*c),
            KeyField::UtmCampaign => w.utm_campaign = text(*c),
            KeyField::UtmContent => w.utm_content = text(*c),
            KeyField::Date => {}
        }
    }
    if let Some(c) = date_col {
        let raw = cell(c);
        if !values::is_missing(raw) {
            // GA4 writes days as 20251101.
            let iso;
            let v = if raw.len() == 8 && raw.bytes().all(|b| b.is_ascii_digit()) {
                iso = format!("{}-{}-{}", &raw[..4], &raw[4..6], &raw[6..]);
                iso.as_str()
            } else {
                raw
            };
            let ctx = DateContext {
                slash_order,
                default_year: None,
            };
            w.date = Some(
                values::parse_timestamp(v, &ctx)
                    .map(|t| t.local.date())
                    .ok_or_else(|| {
                        format!(
                            "column '{}' (date): cannot read '{raw}' as a date",
                            header.cells[c].trim()
                        )
                    })?,
            );
        }
    }
    let mut any = false;
    for (c, f) in &m.fields {
        let raw = cell(*c);
        let bad = |e: String| format!("column '{}': {e}: '{raw}'", header.cells[*c].trim());
        let count = || values::parse_count(raw).map_err(|e| bad(e.to_string()));
        let mut number = || {
            let (v, repaired) =
                values::parse_decimal_repairing(raw).map_err(|e| bad(e.to_string()))?;
            if repaired {
                damaged.push(DamagedValue {
                    line: row.line,
                    column: header.cells[*c].trim().to_string(),
                    value: raw.to_string(),
                    read_as: v,
                });
            }
            match v {
                Some(x) if x < 0.0 => Err(bad("cannot be negative".to_string())),
                other => Ok(other),
            }
        };
        match f {
            WebField::Visits => w.visits = count()?,
            WebField::Users => w.users = count()?,
            WebField::NewUsers => w.new_users = count()?,
            WebField::Pageviews => w.pageviews = count()?,
            WebField::Clicks => w.clicks = count()?,
            WebField::Impressions => w.impressions = count()?,
            WebField::PageDepth => w.page_depth = number()?,
            WebField::Conversions => w.conversions = number()?,
            WebField::Leads => w.leads = count()?,
            WebField::Revenue => w.revenue = number()?,
            WebField::Cost => w.cost = number()?,
            WebField::AvgDuration => w.avg_duration_secs = parse_duration(raw).map_err(bad)?,
            WebField::BounceRate
            | WebField::EngagementRate
            | WebField::ConversionRate
            | WebField::NewShare => {
                let fraction = fractions.iter().any(|(fc, fr)| fc == c && *fr);
                let v = number()?.map(|x| if fraction { x * 100.0 } else { x });
                if v.is_some_and(|x| x > 100.0) {
                    return Err(bad("a rate above 100 %".to_string()));
                }
                match f {
                    WebField::BounceRate => w.bounce_rate = v,
                    WebField::EngagementRate => w.engagement_rate = v,
                    WebField::NewShare => w.new_share = v,
                    _ => w.conversion_rate = v,
                }
            }
        }
        any |= raw_reported(raw);
    }
    for &c in &m.figures {
        let raw = cell(c);
        let v = values::parse_number(raw)
            .map_err(|e| format!("column '{}': {e}: '{raw}'", header.cells[c].trim()))?;
        any |= v.is_some();
        w.figures.push(v);
    }
    if !any {
        return Err("no figures in this row (every value is empty or not reported)".to_string());
    }
    Ok(w)
}

/// A figure of a row that adds up across rows (users counted with them,
/// flagged as not additive); `None` for rates, depths and durations, which
/// a totals row averages.
fn summed(w: &WebRow, f: WebField) -> Option<Option<f64>> {
    let count = |v: Option<u64>| v.map(|n| n as f64);
    Some(match f {
        WebField::Visits => count(w.visits),
        WebField::Users => count(w.users),
        WebField::NewUsers => count(w.new_users),
        WebField::Pageviews => count(w.pageviews),
        WebField::Conversions => w.conversions,
        WebField::Leads => count(w.leads),
        WebField::Revenue => w.revenue,
        WebField::Clicks => count(w.clicks),
        WebField::Impressions => count(w.impressions),
        WebField::Cost => w.cost,
        WebField::BounceRate
        | WebField::EngagementRate
        | WebField::PageDepth
        | WebField::AvgDuration
        | WebField::ConversionRate
        | WebField::NewShare => return None,
    })
}

/// The totals row's figures against the sums of the rows read
/// (docs/metrics.md#totals-check).
fn totals_check(t: &Row, header: &Row, m: &WebMapping, rows: &[WebRow]) -> Vec<TotalsCheck> {
    m.fields
        .iter()
        .filter_map(|&(c, f)| {
            summed(&WebRow::default(), f)?;
            check_total(
                f.name(),
                header.cells[c].trim(),
                t.cells.get(c).map_or("", String::as_str),
                rows.iter().filter_map(|w| summed(w, f).flatten()).sum(),
                rows.len(),
                matches!(
                    f,
                    WebField::Conversions | WebField::Revenue | WebField::Cost
                ),
                f != WebField::Users,
            )
        })
        .collect()
}

fn raw_reported(raw: &str) -> bool {
    !values::is_missing(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("00:01:22"), Ok(Some(82.0)));
        assert_eq!(parse_duration("1:05"), Ok(Some(65.0)));
        assert_eq!(parse_duration("36.5"), Ok(Some(36.5)));
        assert_eq!(parse_duration(""), Ok(None));
        assert!(parse_duration("abc").is_err());
        assert!(parse_duration("1:2:3:4").is_err());
    }

    #[test]
    fn fields_in_three_languages() {
        assert_eq!(web_field("Визиты"), Some(WebField::Visits));
        assert_eq!(web_field("Sessions"), Some(WebField::Visits));
        assert_eq!(web_field("Отказы"), Some(WebField::BounceRate));
        assert_eq!(web_field("Время на сайте"), Some(WebField::AvgDuration));
        assert_eq!(web_field("Impr."), Some(WebField::Impressions));
        assert_eq!(web_field("Views per session"), Some(WebField::PageDepth));
        assert_eq!(
            web_field("Доля новых посетителей"),
            Some(WebField::NewShare)
        );
        assert_eq!(web_field("Reach"), None);
    }

    #[test]
    fn number_columns_count_events_people_or_are_rates() {
        assert_eq!(figure_kind("Event count"), FigureKind::Count);
        assert_eq!(figure_kind("Engaged sessions"), FigureKind::Count);
        assert_eq!(figure_kind("Returning users"), FigureKind::People);
        assert_eq!(figure_kind("Новые посетители"), FigureKind::People);
        assert_eq!(figure_kind("Event count per active user"), FigureKind::Rate);
        assert_eq!(figure_kind("Average 120d value"), FigureKind::Rate);
        assert_eq!(figure_kind("Conv. value / cost"), FigureKind::Rate);
        assert_eq!(figure_kind("Доля новых, %"), FigureKind::Rate);
        assert!(is_numeric_dimension("Hour"));
        assert!(is_numeric_dimension("Nth day"));
        assert!(is_numeric_dimension("Item ID"));
        assert!(!is_numeric_dimension("Event count"));
    }

    #[test]
    fn a_post_header_is_not_web() {
        let rows = vec![Row {
            line: 1,
            cells: ["Post ID", "Reach", "Likes", "Clicks"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }];
        assert!(find_header(&rows, |_| 3).is_none());
        let web = vec![Row {
            line: 1,
            cells: ["Source", "Визиты", "Отказы"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }];
        let (i, m) = find_header(&web, |_| 0).unwrap();
        assert_eq!((i, m.fields.len(), m.dims.len()), (0, 2, 1));
    }
}
