//! Ads exports: Meta Ads Manager (ad, ad set or campaign level, any
//! breakdown such as region × month; `Amount spent (UAH)` in any currency;
//! a first data row of the account's totals with no name), Google Ads
//! campaign reports (`Impr.`, `Cost`, `Total: …` rows), VK Ads and Yandex
//! Direct statistics (`Показы`, `Клики`, `Расход`). Each row becomes an
//! [`AdRow`]; account rows and totals rows are never counted, and the first
//! of them is compared with the sums of the rows read (the totals check).
//!
//! Column names follow the platforms' documented layouts, in English,
//! Russian, Spanish and Portuguese.

use chrono::{Datelike, NaiveDate};

use super::aliases::normalize;
use super::dataset::{check_total, AdTable, Dataset, Source};
use super::layout::{is_totals_cell, MAX_PREAMBLE_ROWS};
use super::text::Row;
use super::values::{self, DateContext};
use crate::model::{AdLevel, AdRow, Dimension, FileReport, SkipKind, TotalsCheck, WebMapped};

/// What a column of an ads export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdField {
    Campaign,
    AdSet,
    Ad,
    /// First day of the reporting period.
    Start,
    /// Last day of the reporting period.
    End,
    /// A day, week or month (or a range of days) the row covers.
    Period,
    Currency,
    Spend,
    Impressions,
    Reach,
    Results,
    ResultIndicator,
    Clicks,
    ConversionValue,
    Cpc,
    Cpm,
    Ctr,
    CostPerResult,
}

impl AdField {
    pub fn name(self) -> &'static str {
        match self {
            AdField::Campaign => "campaign",
            AdField::AdSet => "ad_set",
            AdField::Ad => "ad",
            AdField::Start => "start",
            AdField::End => "end",
            AdField::Period => "period",
            AdField::Currency => "currency",
            AdField::Spend => "spend",
            AdField::Impressions => "impressions",
            AdField::Reach => "reach",
            AdField::Results => "results",
            AdField::ResultIndicator => "result_indicator",
            AdField::Clicks => "clicks",
            AdField::ConversionValue => "conversion_value",
            AdField::Cpc => "cpc",
            AdField::Cpm => "cpm",
            AdField::Ctr => "ctr",
            AdField::CostPerResult => "cost_per_result",
        }
    }

    fn is_name(self) -> bool {
        matches!(self, AdField::Campaign | AdField::AdSet | AdField::Ad)
    }
}

/// ISO codes and signs a money header may name its currency by.
pub const SIGNS: [(&str, &str); 8] = [
    ("₽", "RUB"),
    ("руб", "RUB"),
    ("$", "USD"),
    ("€", "EUR"),
    ("₴", "UAH"),
    ("грн", "UAH"),
    ("₸", "KZT"),
    ("£", "GBP"),
];

/// A header without its currency, and the currency: `Amount spent (UAH)`
/// is `amount spent` in UAH; `CPC (cost per link click) (USD)` is `cpc cost
/// per link click` in USD; `Расход, ₽` and `Расход (руб.)` are `расход` in RUB.
pub fn split_currency(header: &str) -> (String, Option<String>) {
    let t = header.trim();
    // A trailing `(XXX)` of three capital letters: an ISO code.
    if let Some(open) = t.rfind('(') {
        let inner = t[open + 1..].trim_end_matches(')').trim();
        if inner.len() == 3 && inner.chars().all(|c| c.is_ascii_uppercase()) {
            return (normalize(&t[..open]), Some(inner.to_string()));
        }
    }
    let lower = t.to_lowercase();
    for (sign, code) in SIGNS {
        if let Some(at) = lower.rfind(sign) {
            // The sign ends the header (`Расход, ₽`, `Расход (руб.)`).
            let rest = &lower[at + sign.len()..];
            if rest.chars().all(|c| !c.is_alphanumeric()) && at > 0 {
                return (normalize(&t[..at]), Some(code.to_string()));
            }
        }
    }
    (normalize(t), None)
}

/// The field a header (without its currency) names.
fn ad_field(norm: &str) -> Option<AdField> {
    use AdField::*;
    Some(match norm {
        "campaign name"
        | "campaign"
        | "название кампании"
        | "кампания"
        | "nombre de la campaña"
        | "nome da campanha" => Campaign,
        "ad set name"
        | "ad set"
        | "ad group"
        | "ad group name"
        | "название группы объявлений"
        | "группа объявлений"
        | "nombre del conjunto de anuncios"
        | "nome do conjunto de anúncios" => AdSet,
        "ad name"
        | "ad"
        | "название объявления"
        | "объявление"
        | "nombre del anuncio"
        | "nome do anúncio" => Ad,
        "reporting starts"
        | "дата начала отчетности"
        | "начало отчетности"
        | "inicio del informe"
        | "início dos relatórios" => Start,
        "reporting ends"
        | "дата окончания отчетности"
        | "окончание отчетности"
        | "fin del informe"
        | "término dos relatórios" => End,
        "day" | "date" | "week" | "month" | "день" | "дата" | "неделя" | "месяц" | "día"
        | "mes" | "semana" | "dia" | "mês" => Period,
        "currency code" | "currency" | "валюта" | "moneda" | "moeda" => Currency,
        "amount spent"
        | "spend"
        | "cost"
        | "потраченная сумма"
        | "потрачено"
        | "расход"
        | "расходы"
        | "затраты"
        | "importe gastado"
        | "valor usado"
        | "coste"
        | "custo" => Spend,
        "impressions" | "impr" | "показы" | "impresiones" | "impressões" => Impressions,
        "reach" | "охват" | "alcance" => Reach,
        "results"
        | "результаты"
        | "результат"
        | "resultados"
        | "conversions"
        | "конверсии"
        | "conversiones"
        | "conversões" => Results,
        "result indicator"
        | "result type"
        | "индикатор результата"
        | "тип результата"
        | "indicador de resultados"
        | "tipo de resultado" => ResultIndicator,
        "link clicks"
        | "clicks"
        | "клики по ссылке"
        | "клики"
        | "переходы"
        | "clics en el enlace"
        | "cliques no link"
        | "clics"
        | "cliques" => Clicks,
        "conv value"
        | "conversion value"
        | "purchases conversion value"
        | "ценность конверсий"
        | "valor de conversión" => ConversionValue,
        "cpc cost per link click"
        | "cpc"
        | "avg cpc"
        | "ecpc"
        | "cpc цена за клик по ссылке"
        | "ср цена клика"
        | "средняя цена клика"
        | "cpc costo por clic en el enlace" => Cpc,
        "cpm cost per 1 000 impressions"
        | "cpm"
        | "avg cpm"
        | "ecpm"
        | "cpm цена за 1 000 показов"
        | "cpm costo por cada 1 000 impresiones" => Cpm,
        "ctr link click through rate"
        | "ctr"
        | "ctr кликабельность ссылки"
        | "ctr porcentaje de clics en el enlace" => Ctr,
        "cost per result"
        | "cost per results"
        | "cost conv"
        | "цена за результат"
        | "стоимость результата"
        | "costo por resultado"
        | "custo por resultado" => CostPerResult,
        _ => return None,
    })
}

/// Headers that only web analytics has: a table with them is no ads export.
fn is_web_only(norm: &str) -> bool {
    matches!(
        norm,
        "sessions"
            | "визиты"
            | "посетители"
            | "отказы"
            | "bounce rate"
            | "engagement rate"
            | "total users"
            | "сеансы"
    )
}

/// How a header row maps onto ad fields.
#[derive(Debug, Clone)]
pub struct AdMapping {
    fields: Vec<(usize, AdField)>,
    /// Every other non-empty column: a dimension.
    dims: Vec<usize>,
    /// The currency the spend header names.
    currency: Option<String>,
}

impl AdMapping {
    fn column(&self, f: AdField) -> Option<usize> {
        self.fields.iter().find(|(_, g)| *g == f).map(|(c, _)| *c)
    }

    fn has(&self, f: AdField) -> bool {
        self.column(f).is_some()
    }
}

fn map(headers: &[String]) -> Option<AdMapping> {
    let mut fields: Vec<(usize, AdField)> = Vec::new();
    let mut dims = Vec::new();
    let mut currency = None;
    for (i, h) in headers.iter().enumerate() {
        if h.trim().is_empty() {
            continue;
        }
        let (norm, cur) = split_currency(h);
        if is_web_only(&norm) {
            return None;
        }
        match ad_field(&norm).filter(|f| fields.iter().all(|(_, g)| g != f)) {
            Some(f) => {
                if f == AdField::Spend {
                    currency = cur;
                }
                fields.push((i, f));
            }
            None => dims.push(i),
        }
    }
    let m = AdMapping {
        fields,
        dims,
        currency,
    };
    let named = m.fields.iter().any(|(_, f)| f.is_name()) || m.has(AdField::Start);
    (m.has(AdField::Spend) && (m.has(AdField::Impressions) || m.has(AdField::Clicks)) && named)
        .then_some(m)
}

/// Finds an ads header among the first rows: a spend column, impressions
/// or clicks, and a campaign, ad set or ad name (or a reporting start).
pub fn find_header(rows: &[Row]) -> Option<(usize, AdMapping)> {
    rows.iter()
        .take(MAX_PREAMBLE_ROWS)
        .enumerate()
        .find_map(|(i, r)| map(&r.cells).map(|m| (i, m)))
}

/// Which platform wrote the export, from its headers.
fn source_of(headers: &[String]) -> &'static str {
    let norm: Vec<String> = headers.iter().map(|h| split_currency(h).0).collect();
    let has = |x: &str| norm.iter().any(|h| h == x);
    if has("reporting starts")
        || has("amount spent")
        || has("ad set name")
        || has("result indicator")
        || has("потраченная сумма")
        || has("дата начала отчетности")
        || has("название группы объявлений")
        || has("importe gastado")
        || has("inicio del informe")
        || has("valor usado")
    {
        "meta-ads"
    } else if has("impr") || has("campaign status") || has("cost conv") || has("conv value") {
        "google-ads"
    } else if has("ecpc") || has("ecpm") || has("потрачено") {
        "vk-ads"
    } else {
        "generic"
    }
}

/// The days a period cell covers: a day, a range of days, a week or a month.
pub fn period_of(raw: &str, ctx: &DateContext) -> Option<(NaiveDate, NaiveDate)> {
    let t = raw.trim();
    if let Some(d) = values::parse_timestamp(t, ctx) {
        let d = d.local.date();
        return Some((d, d));
    }
    let end = values::parse_period_end(t, ctx)?;
    for sep in [" - ", " – ", " — ", "–", "—"] {
        if let Some((a, _)) = t.split_once(sep) {
            return Some((values::parse_timestamp(a, ctx)?.local.date(), end));
        }
    }
    let start = if t.contains(['W', 'w']) {
        end - chrono::Duration::days(6)
    } else {
        end.with_day(1)?
    };
    Some((start, end))
}

/// Which totals row of a file is compared with the sums: Google Ads closes
/// its reports with `Total: Campaigns` (the rows listed), `Total: Account`
/// and one per channel; the listed rows' total is preferred.
fn totals_rank(label: &str) -> u8 {
    let n = normalize(label);
    let what = n.split_once(' ').map(|(_, w)| w).unwrap_or("");
    match what {
        "campaigns" | "кампании" => 0,
        "account" | "аккаунт" => 1,
        _ => 2,
    }
}

/// Reads an ads export whose header is `rows[hidx]`.
pub fn read(
    ds: &mut Dataset,
    src: Source,
    rows: &[Row],
    (hidx, m): (usize, &AdMapping),
    report: &mut FileReport,
) {
    let header = &rows[hidx];
    let data = &rows[hidx + 1..];
    let source = source_of(&header.cells);
    if report.platform == "generic" {
        report.platform = src
            .opts
            .platform
            .clone()
            .unwrap_or_else(|| source.to_string());
    }
    let col = |f| m.column(f);
    let names: Vec<usize> = m
        .fields
        .iter()
        .filter(|(_, f)| f.is_name())
        .map(|(c, _)| *c)
        .collect();
    let date_cols: Vec<usize> = [AdField::Start, AdField::End, AdField::Period]
        .into_iter()
        .filter_map(col)
        .collect();
    let ctx = DateContext {
        slash_order: values::detect_slash_order(
            data.iter()
                .flat_map(|r| date_cols.iter().filter_map(|c| r.cells.get(*c)))
                .map(|s| s.as_str()),
        ),
        default_year: src.opts.year,
    };
    // A report of one period says it above the header (Google Ads: `1 March
    // 2025 - 31 March 2025`): the period of rows that have no date column.
    let stated = rows[..hidx]
        .iter()
        .flat_map(|r| r.cells.iter())
        .find_map(|c| period_of(c, &ctx).filter(|(a, b)| a < b));
    let mut table = AdTable {
        file: src.name.to_string(),
        source: source.to_string(),
        dimensions: m
            .dims
            .iter()
            .map(|&c| header.cells[c].trim().to_string())
            .collect(),
        rows: Vec::new(),
    };
    let skip = |ds: &mut Dataset, line: u64, kind: SkipKind, reason: String| {
        ds.skipped.push(src.skip(line, kind, reason))
    };
    // Rows of the export's totals that may be compared at the end:
    // (rank, days the row spans, row).
    let mut candidates: Vec<(u8, i64, &Row)> = Vec::new();
    let (mut totals_rows, mut invalid) = (0u64, 0u64);
    for row in data {
        report.rows_read += 1;
        let cell = |c: usize| row.cells.get(c).map(|s| s.trim()).unwrap_or("");
        if row.is_blank() {
            skip(ds, row.line, SkipKind::Empty, "empty row".to_string());
            continue;
        }
        let first = row.first_filled();
        // Meta's first data row is the account's: no campaign, ad set or ad.
        let labelled = is_totals_cell(first);
        let account =
            !labelled && !names.is_empty() && names.iter().all(|&c| values::is_missing(cell(c)));
        if account || labelled {
            totals_rows += 1;
            // A total of one region or channel is no total of every row (the
            // cell that says `Total: …` aside).
            let label = row.cells.iter().position(|c| !c.trim().is_empty());
            let broken_down = m.dims.iter().any(|&c| {
                let v = cell(c);
                Some(c) != label && !values::is_missing(v) && values::parse_number(v).is_err()
            });
            if !broken_down {
                let rank = if account { 0 } else { totals_rank(first) };
                let span = ad_row(row, header, m, &ctx)
                    .ok()
                    .and_then(|r| Some((r.end? - r.start?).num_days()))
                    .unwrap_or(0);
                candidates.push((rank, span, row));
            }
            let reason = if account {
                "the account's row (no campaign, ad set or ad name): the export's totals, not an ad"
                    .to_string()
            } else {
                format!("totals row ('{first}'), not an ad")
            };
            skip(ds, row.line, SkipKind::Totals, reason);
            continue;
        }
        match ad_row(row, header, m, &ctx) {
            Ok(mut r) => {
                if let (None, None, Some((a, b))) = (r.start, r.end, stated) {
                    r.start = Some(a);
                    r.end = Some(b);
                }
                table.rows.push(r)
            }
            Err(reason) => {
                invalid += 1;
                skip(ds, row.line, SkipKind::Invalid, reason)
            }
        }
    }
    report.ad_rows = Some(table.rows.len() as u64);
    report.header_line = Some(header.line);
    let currencies: Vec<&str> = {
        let mut c: Vec<&str> = table
            .rows
            .iter()
            .filter_map(|r| r.currency.as_deref())
            .collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    let mut kinds: Vec<&str> = table
        .rows
        .iter()
        .filter_map(|r| r.result_indicator.as_deref())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    if kinds.len() > 1 {
        report.notes.push(format!(
            "rows count results of different kinds ({}): results are not totalled across them",
            kinds.join(", ")
        ));
    }
    if currencies.len() > 1 {
        report.notes.push(format!(
            "rows spend in several currencies ({}): money is not totalled across them",
            currencies.join(", ")
        ));
    }
    // The total of every row: the best ranked, widest; two alike (an account
    // row a month) leave nothing to compare with the whole.
    candidates.sort_by_key(|&(rank, span, _)| (rank, -span));
    match candidates.as_slice() {
        [(r0, s0, _), (r1, s1, _), ..] if r0 == r1 && s0 == s1 => report.notes.push(
            "the export has a totals row per period or breakdown, none of every row: not compared with the sums".to_string(),
        ),
        [(_, _, t), ..] => {
            report.totals_check = totals_check(t, header, m, &table.rows);
            if !report.totals_check.is_empty() {
                report.note_totals(t.line, 0, invalid);
                if totals_rows > 1 {
                    report.notes.push(format!(
                        "{totals_rows} totals rows (the account's, per channel or breakdown): line {}, the total of every row listed, is compared with the sums",
                        t.line
                    ));
                }
            }
        }
        [] => {}
    }
    if table.rows.is_empty() && !data.is_empty() {
        report
            .notes
            .push("no ad row of the table could be read".to_string());
    }
    let mut mapping: Vec<WebMapped> = m
        .fields
        .iter()
        .map(|&(c, f)| WebMapped {
            field: f.name(),
            column: c,
            header: header.cells[c].trim().to_string(),
        })
        .collect();
    mapping.sort_by_key(|w| w.column);
    report.ad_mapping = mapping;
    ds.ads.push(table);
}

/// One data row as an ad row, or why it cannot be one.
fn ad_row(row: &Row, header: &Row, m: &AdMapping, ctx: &DateContext) -> Result<AdRow, String> {
    let cell = |c: usize| row.cells.get(c).map(|s| s.trim()).unwrap_or("");
    let text = |c: usize| {
        let v = cell(c);
        (!values::is_missing(v)).then(|| v.to_string())
    };
    let mut r = AdRow {
        line: row.line,
        currency: m.currency.clone(),
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
    let mut any = false;
    // A day, week or month column breaks the reporting period down: it is
    // the row's own period.
    let mut period: Option<(NaiveDate, NaiveDate)> = None;
    for &(c, f) in &m.fields {
        let raw = cell(c);
        let bad = |e: String| {
            format!(
                "column '{}' ({}): {e}: '{}'",
                values::excerpt(&header.cells[c]),
                f.name(),
                values::excerpt(raw)
            )
        };
        let count = || values::parse_count_i64(raw).map_err(|e| bad(e.to_string()));
        let number = || match values::parse_number(raw) {
            Ok(Some(v)) if v < 0.0 => Err(bad("cannot be negative".to_string())),
            Ok(v) => Ok(v),
            Err(e) => Err(bad(e.to_string())),
        };
        let date = || -> Result<Option<NaiveDate>, String> {
            if values::is_missing(raw) {
                return Ok(None);
            }
            values::parse_timestamp(raw, ctx)
                .map(|t| Some(t.local.date()))
                .ok_or_else(|| bad("not a date".to_string()))
        };
        match f {
            AdField::Campaign => r.campaign = text(c),
            AdField::AdSet => r.ad_set = text(c),
            AdField::Ad => r.ad = text(c),
            AdField::ResultIndicator => r.result_indicator = text(c),
            AdField::Currency => {
                if let Some(cur) = text(c) {
                    r.currency = Some(cur);
                }
            }
            AdField::Start => r.start = date()?,
            AdField::End => r.end = date()?,
            AdField::Period => {
                if !values::is_missing(raw) {
                    period = Some(period_of(raw, ctx).ok_or_else(|| {
                        bad("not a day, week, month or range of days".to_string())
                    })?);
                }
            }
            AdField::Spend => r.spend = number()?,
            AdField::Impressions => r.impressions = count()?,
            AdField::Reach => r.reach = count()?,
            AdField::Results => r.results = number()?,
            AdField::Clicks => r.clicks = count()?,
            AdField::ConversionValue => r.conversion_value = number()?,
            AdField::Cpc => r.cpc = number()?,
            AdField::Cpm => r.cpm = number()?,
            AdField::Ctr => r.ctr = number()?,
            AdField::CostPerResult => r.cost_per_result = number()?,
        }
        let figure = !f.is_name()
            && !matches!(
                f,
                AdField::Start
                    | AdField::End
                    | AdField::Period
                    | AdField::Currency
                    | AdField::ResultIndicator
            );
        any |= figure && !values::is_missing(raw);
    }
    if let Some((a, b)) = period {
        r.start = Some(a);
        r.end = Some(b);
    }
    r.level = if r.ad.is_some() {
        Some(AdLevel::Ad)
    } else if r.ad_set.is_some() {
        Some(AdLevel::AdSet)
    } else if r.campaign.is_some() {
        Some(AdLevel::Campaign)
    } else {
        None
    };
    if !any {
        return Err(
            "no figures in this row (spend, impressions and clicks are all empty)".to_string(),
        );
    }
    Ok(r)
}

/// The totals row's additive figures against the sums of the rows read
/// (docs/metrics.md#totals-check); reach counts people once, so it is
/// not additive.
/// A figure of an ad row, for the totals check.
type Figure = fn(&AdRow) -> Option<f64>;

fn totals_check(t: &Row, header: &Row, m: &AdMapping, rows: &[AdRow]) -> Vec<TotalsCheck> {
    // The figure, how to read it of a row, and whether it has decimals.
    let checked: [(AdField, Figure, bool); 6] = [
        (AdField::Spend, |r| r.spend, true),
        (
            AdField::Impressions,
            |r| r.impressions.map(|v| v as f64),
            false,
        ),
        (AdField::Reach, |r| r.reach.map(|v| v as f64), false),
        (AdField::Clicks, |r| r.clicks.map(|v| v as f64), false),
        (AdField::Results, |r| r.results, true),
        (AdField::ConversionValue, |r| r.conversion_value, true),
    ];
    checked
        .into_iter()
        .filter_map(|(f, get, decimals)| {
            let c = m.column(f)?;
            check_total(
                f.name(),
                header.cells[c].trim(),
                t.cells.get(c).map_or("", String::as_str),
                rows.iter().filter_map(get).sum(),
                rows.len(),
                decimals,
                f != AdField::Reach,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn money_headers_name_their_currency() {
        assert_eq!(
            split_currency("Amount spent (UAH)"),
            ("amount spent".to_string(), Some("UAH".to_string()))
        );
        assert_eq!(
            split_currency("CPC (cost per link click) (USD)"),
            (
                "cpc cost per link click".to_string(),
                Some("USD".to_string())
            )
        );
        assert_eq!(
            split_currency("Потраченная сумма (RUB)"),
            ("потраченная сумма".to_string(), Some("RUB".to_string()))
        );
        assert_eq!(
            split_currency("Расход, ₽"),
            ("расход".to_string(), Some("RUB".to_string()))
        );
        assert_eq!(
            split_currency("Расход (руб.)"),
            ("расход".to_string(), Some("RUB".to_string()))
        );
        assert_eq!(
            split_currency("Impressions"),
            ("impressions".to_string(), None)
        );
    }

    #[test]
    fn an_ads_header_needs_spend_delivery_and_a_name() {
        let meta = hs(&[
            "Reporting starts",
            "Reporting ends",
            "Campaign name",
            "Amount spent (USD)",
            "Impressions",
            "Link clicks",
        ]);
        let m = map(&meta).expect("a Meta ads header");
        assert_eq!(m.currency.as_deref(), Some("USD"));
        assert_eq!(source_of(&meta), "meta-ads");
        let google = hs(&["Campaign", "Impr.", "Clicks", "Cost", "Currency code"]);
        assert!(map(&google).is_some());
        assert_eq!(source_of(&google), "google-ads");
        // A posts export with impressions has no spend; web analytics with a
        // cost has visits.
        assert!(map(&hs(&["Post ID", "Impressions", "Link clicks"])).is_none());
        assert!(map(&hs(&["Кампания", "Визиты", "Расход", "Показы"])).is_none());
        // Spend without a name or a period is no ads export.
        assert!(map(&hs(&["Spend", "Impressions"])).is_none());
    }

    #[test]
    fn periods_are_days_ranges_weeks_or_months() {
        let ctx = DateContext::default();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            period_of("2025-03-04", &ctx),
            Some((d(2025, 3, 4), d(2025, 3, 4)))
        );
        assert_eq!(
            period_of("2025-01-01 - 2025-01-31", &ctx),
            Some((d(2025, 1, 1), d(2025, 1, 31)))
        );
        assert_eq!(
            period_of("2025-02", &ctx),
            Some((d(2025, 2, 1), d(2025, 2, 28)))
        );
        assert_eq!(
            period_of("2025-W02", &ctx),
            Some((d(2025, 1, 6), d(2025, 1, 12)))
        );
        assert_eq!(period_of("soon", &ctx), None);
    }

    #[test]
    fn the_listed_rows_total_is_preferred() {
        assert!(totals_rank("Total: Campaigns") < totals_rank("Total: Account"));
        assert!(totals_rank("Total: Account") < totals_rank("Total: Search"));
    }
}
