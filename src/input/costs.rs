//! Costs files (`report --costs`): what was spent and earned, by campaign,
//! by period, or by campaign and period — a table someone keeps by hand in
//! English or Russian (`Кампания;Месяц;Расход, ₽;Выручка;Новые клиенты`),
//! CSV or XLSX, amounts written any way (`30 000 ₽`, `1 234,56`, `$1,234.50`).
//! An ads export (Meta Ads Manager, Google Ads, VK Ads, Yandex Direct)
//! given as a costs file is read by the ads reader, and its rows give their
//! spend and conversion value. Every row is used or reported.

use chrono::{Datelike, NaiveDate};

use super::ads::{self, split_currency, SIGNS};
use super::aliases::normalize;
use super::dataset::{display_name, load, Dataset, InputError, ReadOptions, Source};
use super::layout::is_totals_cell;
use super::rows::{table_file, TableFile};
use super::text::Row;
use super::values::{self, DateContext};
use crate::model::{CostRow, ExportKind, SkipKind, WebMapped};

/// What a column of a costs file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostField {
    Campaign,
    Period,
    Currency,
    Spend,
    Revenue,
    NewCustomers,
    Conversions,
}

impl CostField {
    pub fn name(self) -> &'static str {
        match self {
            CostField::Campaign => "campaign",
            CostField::Period => "period",
            CostField::Currency => "currency",
            CostField::Spend => "spend",
            CostField::Revenue => "revenue",
            CostField::NewCustomers => "new_customers",
            CostField::Conversions => "conversions",
        }
    }
}

/// The field a header names (without its currency), in English or Russian.
pub fn cost_field(norm: &str) -> Option<CostField> {
    use CostField::*;
    Some(match norm {
        "campaign"
        | "campaign name"
        | "utm campaign"
        | "кампания"
        | "название кампании"
        | "рекламная кампания"
        | "метка utm campaign" => Campaign,
        "period" | "month" | "date" | "day" | "week" | "quarter" | "период" | "месяц" | "дата"
        | "день" | "неделя" | "квартал" => Period,
        "currency" | "currency code" | "валюта" => Currency,
        "spend"
        | "spent"
        | "amount spent"
        | "ad spend"
        | "cost"
        | "costs"
        | "expenses"
        | "расход"
        | "расходы"
        | "затраты"
        | "потрачено"
        | "потраченная сумма"
        | "траты" => Spend,
        "revenue"
        | "income"
        | "sales"
        | "total revenue"
        | "purchase revenue"
        | "conversion value"
        | "conv value"
        | "выручка"
        | "доход"
        | "доходы"
        | "продажи"
        | "сумма продаж" => Revenue,
        "new customers"
        | "customers"
        | "new clients"
        | "clients"
        | "buyers"
        | "new buyers"
        | "новые клиенты"
        | "клиенты"
        | "новых клиентов"
        | "покупатели"
        | "новые покупатели" => NewCustomers,
        "conversions"
        | "leads"
        | "orders"
        | "конверсии"
        | "заявки"
        | "лиды"
        | "заказы"
        | "целевые действия" => Conversions,
        _ => return None,
    })
}

/// How a header row maps onto costs fields.
#[derive(Debug, Clone)]
pub struct CostMapping {
    fields: Vec<(usize, CostField)>,
    /// The currency the spend (or revenue) header names: `Расход, ₽`.
    currency: Option<String>,
}

impl CostMapping {
    fn column(&self, f: CostField) -> Option<usize> {
        self.fields.iter().find(|(_, g)| *g == f).map(|(c, _)| *c)
    }

    fn has(&self, f: CostField) -> bool {
        self.column(f).is_some()
    }
}

/// A costs header: spend (or revenue) and a campaign or a period.
pub fn map(headers: &[String]) -> Option<CostMapping> {
    let mut fields: Vec<(usize, CostField)> = Vec::new();
    let mut currency = None;
    for (i, h) in headers.iter().enumerate() {
        if h.trim().is_empty() {
            continue;
        }
        let (norm, cur) = split_currency(h);
        if let Some(f) = cost_field(&norm).filter(|f| fields.iter().all(|(_, g)| g != f)) {
            if matches!(f, CostField::Spend | CostField::Revenue) && currency.is_none() {
                currency = cur;
            }
            fields.push((i, f));
        }
    }
    let m = CostMapping { fields, currency };
    let money = m.has(CostField::Spend) || m.has(CostField::Revenue);
    (money && (m.has(CostField::Campaign) || m.has(CostField::Period))).then_some(m)
}

/// A currency as smmkpi compares it: a sign or word as its ISO code
/// (`₽`, `руб.` → `RUB`), anything else in capitals.
pub fn currency_code(s: &str) -> String {
    let t = s.trim().trim_end_matches('.');
    let lower = t.to_lowercase();
    for (sign, code) in SIGNS {
        if lower == sign {
            return code.to_string();
        }
    }
    match lower.as_str() {
        "р" | "рубль" | "рубли" | "рублей" | "rur" => "RUB".to_string(),
        "доллар" | "долларов" => "USD".to_string(),
        "евро" => "EUR".to_string(),
        _ => t.to_uppercase(),
    }
}

/// An amount as people write one: `30 000 ₽`, `1 234,56 руб.`, `$1,234.50`,
/// `1234 RUB`; the currency it names, when it names one.
pub fn parse_money(raw: &str) -> Result<(Option<f64>, Option<String>), String> {
    let t = raw.trim();
    if values::is_missing(t) {
        return Ok((None, None));
    }
    let lower = t.to_lowercase();
    let mut body = t.to_string();
    let mut currency = None;
    // A sign or word before or after the digits.
    let words: [(&str, &str); 10] = [
        ("руб.", "RUB"),
        ("руб", "RUB"),
        ("р.", "RUB"),
        ("₽", "RUB"),
        ("$", "USD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("₴", "UAH"),
        ("грн", "UAH"),
        ("₸", "KZT"),
    ];
    let same_bytes = lower.len() == t.len();
    for (w, code) in words.into_iter().filter(|_| same_bytes) {
        if let Some(rest) = lower.strip_suffix(w) {
            body = t[..rest.len()].to_string();
            currency = Some(code.to_string());
            break;
        }
        if let Some(rest) = lower.strip_prefix(w) {
            body = t[t.len() - rest.len()..].to_string();
            currency = Some(code.to_string());
            break;
        }
    }
    if currency.is_none() {
        // An ISO code: `1234 RUB`, `USD 12.50`.
        let b = body.trim();
        let code = |s: &str| s.len() == 3 && s.chars().all(|c| c.is_ascii_uppercase());
        if let Some((num, c)) = b.rsplit_once(' ').filter(|(_, c)| code(c)) {
            currency = Some(c.to_string());
            body = num.to_string();
        } else if let Some((c, num)) = b.split_once(' ').filter(|(c, _)| code(c)) {
            currency = Some(c.to_string());
            body = num.to_string();
        }
    }
    match values::parse_number(body.trim()) {
        Ok(v) => Ok((v, currency)),
        Err(e) => Err(e.to_string()),
    }
}

/// A quarter: `2025-Q1`, `Q1 2025`, `1 кв. 2025`, `1 квартал 2025`.
fn quarter_of(raw: &str) -> Option<(NaiveDate, NaiveDate)> {
    let n = normalize(raw);
    let words: Vec<&str> = n.split(' ').collect();
    let (q, y) = match words.as_slice() {
        [y, q] if q.starts_with('q') => (q[1..].parse::<u32>().ok()?, y.parse::<i32>().ok()?),
        [q, y] if q.starts_with('q') => (q[1..].parse::<u32>().ok()?, y.parse::<i32>().ok()?),
        [q, k, y] if k.starts_with("кв") => (q.parse::<u32>().ok()?, y.parse::<i32>().ok()?),
        [q, k, y, g] if k.starts_with("кв") && g.starts_with('г') => {
            (q.parse::<u32>().ok()?, y.parse::<i32>().ok()?)
        }
        _ => return None,
    };
    if !(1..=4).contains(&q) {
        return None;
    }
    let start = NaiveDate::from_ymd_opt(y, (q - 1) * 3 + 1, 1)?;
    let next = if q == 4 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(y, q * 3 + 1, 1)?
    };
    Some((start, next.pred_opt()?))
}

/// The days a period cell covers: a day, a range, an ISO week, a month or a quarter.
pub fn period_cell(raw: &str, ctx: &DateContext) -> Option<(NaiveDate, NaiveDate)> {
    quarter_of(raw).or_else(|| ads::period_of(raw, ctx))
}

/// Reads each costs file into the dataset: its rows into `ds.costs` (an
/// ads export's into `ds.ads` as well), its report into `ds.files`, its
/// skipped rows into `ds.skipped`.
pub fn read_costs(
    ds: &mut Dataset,
    paths: &[String],
    opts: &ReadOptions,
) -> Result<(), InputError> {
    for path in paths {
        let name = display_name(path);
        let bytes = load(path)?;
        let table = table_file(&name, &bytes)?;
        read_one(ds, &name, &table, opts)?;
    }
    Ok(())
}

/// Whether a revenue header is an ads export's conversion value.
fn is_conversion_value(header: &str) -> bool {
    matches!(
        split_currency(header).0.as_str(),
        "conv value" | "conversion value" | "purchases conversion value" | "ценность конверсий"
    )
}

fn read_one(
    ds: &mut Dataset,
    name: &str,
    table: &TableFile,
    opts: &ReadOptions,
) -> Result<(), InputError> {
    let costs = table.find(map);
    let ads_export = table.find(|h| {
        ads::find_header(&[Row {
            line: 0,
            cells: h.to_vec(),
        }])
        .map(|(_, m)| m)
    });
    // A table of an ad platform is read as one, unless it holds what only
    // a costs file has: new customers, or revenue of its own.
    let own = costs.as_ref().is_some_and(|(s, h, m)| {
        m.has(CostField::NewCustomers)
            || m.column(CostField::Revenue)
                .is_some_and(|c| !is_conversion_value(&table.sheets[*s].1[*h].cells[c]))
    });
    match (costs, ads_export) {
        (_, Some((s, h, am))) if !own => {
            let idx = ds.files.len();
            let src = Source { idx, name, opts };
            let mut report = table.report(name, s, h);
            report.kind = ExportKind::Ads;
            report.platform = "generic".to_string();
            let before = ds.skipped.len();
            let rows = &table.sheets[s].1;
            ads::read(ds, src, rows, (h, &am), &mut report);
            report.skipped = (ds.skipped.len() - before) as u64;
            if let Some(t) = ds.ads.last() {
                for r in &t.rows {
                    ds.costs.push(CostRow {
                        file: name.to_string(),
                        line: r.line,
                        campaign: r.campaign.clone(),
                        start: r.start,
                        end: r.end,
                        currency: r.currency.clone(),
                        spend: r.spend,
                        revenue: r.conversion_value,
                        new_customers: None,
                        conversions: None,
                    });
                }
            }
            ds.files.push(report);
            Ok(())
        }
        (Some((s, h, m)), _) => {
            read_table(ds, name, table, (s, h, &m), opts);
            Ok(())
        }
        (None, _) => Err(InputError::Format {
            file: name.to_string(),
            message: format!(
                "no costs table: a costs file needs a spend column (spend, cost, Расход, Затраты) and a campaign or period column (campaign, month, Кампания, Месяц); found: {}",
                table.first_rows()
            ),
        }),
    }
}

/// Reads the rows under a costs header.
fn read_table(
    ds: &mut Dataset,
    name: &str,
    table: &TableFile,
    (s, h, m): (usize, usize, &CostMapping),
    opts: &ReadOptions,
) {
    let rows = &table.sheets[s].1;
    let header = &rows[h];
    let data = &rows[h + 1..];
    let mut report = table.report(name, s, h);
    report.kind = ExportKind::Costs;
    report.platform = "generic".to_string();
    let before = ds.skipped.len();
    let period_col = m.column(CostField::Period);
    let ctx = DateContext {
        slash_order: values::detect_slash_order(
            data.iter()
                .filter_map(|r| period_col.and_then(|c| r.cells.get(c)))
                .map(|s| s.as_str()),
        ),
        default_year: opts.year,
    };
    let src = Source {
        idx: ds.files.len(),
        name,
        opts,
    };
    let mut used = 0u64;
    for row in data {
        report.rows_read += 1;
        if row.is_blank() {
            ds.skipped
                .push(src.skip(row.line, SkipKind::Empty, "empty row".to_string()));
            continue;
        }
        let first = row.first_filled();
        if is_totals_cell(first) {
            ds.skipped.push(src.skip(
                row.line,
                SkipKind::Totals,
                format!("totals row ('{first}'), not a campaign or period"),
            ));
            continue;
        }
        match cost_row(row, header, m, &ctx, name) {
            Ok(r) => {
                used += 1;
                ds.costs.push(r);
            }
            Err(reason) => ds
                .skipped
                .push(src.skip(row.line, SkipKind::Invalid, reason)),
        }
    }
    report.cost_rows = Some(used);
    report.skipped = (ds.skipped.len() - before) as u64;
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
    report.cost_mapping = mapping;
    if used == 0 && !data.is_empty() {
        report
            .notes
            .push("no row of the costs table could be read".to_string());
    }
    ds.files.push(report);
}

/// One data row as a costs row, or why it cannot be one.
fn cost_row(
    row: &Row,
    header: &Row,
    m: &CostMapping,
    ctx: &DateContext,
    file: &str,
) -> Result<CostRow, String> {
    let cell = |c: usize| row.cells.get(c).map(|s| s.trim()).unwrap_or("");
    let head = |c: usize| header.cells[c].trim().to_string();
    let mut r = CostRow {
        file: file.to_string(),
        line: row.line,
        ..Default::default()
    };
    let mut stated: Vec<(String, String)> = Vec::new();
    if let Some(c) = m.currency.as_deref() {
        stated.push((c.to_string(), "the header".to_string()));
    }
    let mut any = false;
    for &(c, f) in &m.fields {
        let raw = cell(c);
        let bad = |e: &str| format!("column '{}': {e}: '{}'", head(c), values::excerpt(raw));
        match f {
            CostField::Campaign => r.campaign = (!values::is_missing(raw)).then(|| raw.to_string()),
            CostField::Currency => {
                if !values::is_missing(raw) {
                    stated.push((raw.to_string(), format!("column '{}'", head(c))));
                }
            }
            CostField::Period => {
                if !values::is_missing(raw) {
                    let (a, b) = period_cell(raw, ctx).ok_or_else(|| {
                        bad("not a period (a month like 2025-03 or март 2025, a quarter like 2025-Q1, a week like 2025-W05, a day, or a range of days)")
                    })?;
                    r.start = Some(a);
                    r.end = Some(b);
                }
            }
            CostField::Spend | CostField::Revenue | CostField::Conversions => {
                let (v, cur) = parse_money(raw).map_err(|e| bad(&e))?;
                if v.is_some_and(|x| x < 0.0) {
                    return Err(bad("cannot be negative"));
                }
                if let Some(cur) = cur {
                    stated.push((cur, format!("column '{}'", head(c))));
                }
                any |= v.is_some();
                match f {
                    CostField::Spend => r.spend = v,
                    CostField::Revenue => r.revenue = v,
                    _ => r.conversions = v,
                }
            }
            CostField::NewCustomers => {
                let v = values::parse_count(raw).map_err(|e| bad(&e.to_string()))?;
                any |= v.is_some();
                r.new_customers = v;
            }
        }
    }
    if !any {
        return Err(
            "no figures in this row (spend, revenue, customers and conversions are all empty)"
                .to_string(),
        );
    }
    // One currency a row: the header, a currency column and the amounts agree.
    if let Some((first, from)) = stated.first() {
        if let Some((other, where_)) = stated
            .iter()
            .find(|(c, _)| currency_code(c) != currency_code(first))
        {
            return Err(format!(
                "two currencies in one row: {first} ({from}) and {other} ({where_})"
            ));
        }
        r.currency = Some(first.clone());
    }
    if r.start.is_some_and(|d| d.year() < 1900) {
        return Err("a period before 1900".to_string());
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn money_in_the_forms_people_write_it() {
        assert_eq!(
            parse_money("30 000 ₽"),
            Ok((Some(30000.0), Some("RUB".into())))
        );
        assert_eq!(
            parse_money("1 234,56 руб."),
            Ok((Some(1234.56), Some("RUB".into())))
        );
        assert_eq!(
            parse_money("$1,234.50"),
            Ok((Some(1234.5), Some("USD".into())))
        );
        assert_eq!(
            parse_money("1234 RUB"),
            Ok((Some(1234.0), Some("RUB".into())))
        );
        assert_eq!(
            parse_money("EUR 12,5"),
            Ok((Some(12.5), Some("EUR".into())))
        );
        assert_eq!(parse_money("15000"), Ok((Some(15000.0), None)));
        assert_eq!(parse_money(""), Ok((None, None)));
        assert_eq!(parse_money("—"), Ok((None, None)));
        assert!(parse_money("много").is_err());
    }

    #[test]
    fn currencies_compare_by_their_code() {
        assert_eq!(currency_code("₽"), "RUB");
        assert_eq!(currency_code("руб."), "RUB");
        assert_eq!(currency_code("rub"), "RUB");
        assert_eq!(currency_code("$"), "USD");
        assert_eq!(currency_code("usd"), "USD");
    }

    #[test]
    fn headers_in_english_and_russian() {
        let m = map(&hs(&[
            "Кампания",
            "Месяц",
            "Расход, ₽",
            "Выручка",
            "Новые клиенты",
        ]))
        .unwrap();
        assert_eq!(m.currency.as_deref(), Some("RUB"));
        assert_eq!(m.column(CostField::NewCustomers), Some(4));
        let m = map(&hs(&["Campaign", "Spend (USD)", "Revenue", "Conversions"])).unwrap();
        assert_eq!(m.currency.as_deref(), Some("USD"));
        assert_eq!(m.column(CostField::Conversions), Some(3));
        assert!(map(&hs(&["Campaign", "Revenue"])).is_some());
        assert!(
            map(&hs(&["Spend", "Revenue"])).is_none(),
            "neither campaign nor period"
        );
        assert!(map(&hs(&["Campaign", "Clicks"])).is_none(), "no money");
    }

    #[test]
    fn periods_of_a_month_a_quarter_and_a_week() {
        let ctx = DateContext {
            slash_order: values::SlashOrder::DayFirst,
            default_year: None,
        };
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(
            period_cell("2025-03", &ctx),
            Some((d(2025, 3, 1), d(2025, 3, 31)))
        );
        assert_eq!(
            period_cell("март 2025", &ctx),
            Some((d(2025, 3, 1), d(2025, 3, 31)))
        );
        assert_eq!(
            period_cell("2025-Q1", &ctx),
            Some((d(2025, 1, 1), d(2025, 3, 31)))
        );
        assert_eq!(
            period_cell("Q4 2024", &ctx),
            Some((d(2024, 10, 1), d(2024, 12, 31)))
        );
        assert_eq!(
            period_cell("2 кв. 2025", &ctx),
            Some((d(2025, 4, 1), d(2025, 6, 30)))
        );
        assert_eq!(
            period_cell("2025-W02", &ctx),
            Some((d(2025, 1, 6), d(2025, 1, 12)))
        );
        assert_eq!(
            period_cell("15.03.2025", &ctx),
            Some((d(2025, 3, 15), d(2025, 3, 15)))
        );
        assert_eq!(period_cell("2025-Q5", &ctx), None);
        assert_eq!(period_cell("весна", &ctx), None);
    }
}
