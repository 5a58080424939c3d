//! XLSX: the report as a workbook shaped like an SMM monthly report
//! (Summary, Periods with a chart of reach and ER, Posts, Top posts,
//! Hashtags, Best time, Skipped), and the goals as one (Goals, Values), for
//! the people who take figures on in Excel or Google Sheets.
//!
//! Columns carry the English field names of JSON and CSV, so a sheet's
//! columns mean the same in every format; with `--lang ru` the sheets and
//! the first header row are in Russian and the field names stay in a second
//! header row, where scripts find them. Numbers are numeric cells (counts
//! as integers, rates with two decimals) whose formats Excel renders in the
//! reader's locale (`1 234,50` in a Russian one), values not reported are
//! empty cells (never 0), dates are Excel dates (`DD.MM.YYYY` with `--lang
//! ru`). Text is only ever written as a string cell, never a formula; text
//! a spreadsheet could run as a formula also gets the `'` prefix CSV gives
//! it, so both show the same text and it stays text when someone edits the
//! cell and presses Enter.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, ColNum, DocProperties, ExcelDateTime, Format,
    FormatBorder, RowNum, Workbook, Worksheet,
};
use serde::Serialize;
use serde_json::Value;

use super::csv::neutralize;
use super::grid::{flatten, join_list, money_lines, period_lines, total_line};
use super::{Lang, Render};
use crate::doc::goals::GoalsDoc;
use crate::doc::report::{MoneySection, ReportDoc, WebJoin};
use crate::metrics::catalogue;
use crate::metrics::{RateName, Rates};

/// Renders a [`ReportDoc`] or a [`GoalsDoc`] as an XLSX workbook.
pub struct XlsxRenderer {
    /// The workbook's creation date (from the run's "today", not the clock,
    /// so the same inputs give the same bytes).
    pub today: NaiveDate,
    /// The language of sheet names, header labels and date formats.
    pub lang: Lang,
}

/// Rows in one Excel sheet, the header row included.
const MAX_ROWS: usize = 1_048_576;
/// Characters in one Excel cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Widest a column is fitted to its text, in pixels: long captions wrap the
/// view otherwise.
const MAX_COLUMN_PIXELS: u32 = 320;

/// Rows looked at to fit column widths: what a screen shows, so that the
/// widths of a sheet of a hundred thousand posts cost no more than a page's.
const AUTOFIT_ROWS: RowNum = 200;

/// Columns (or Summary keys) holding a date (`YYYY-MM-DD`) or a publish time (ISO 8601).
const DATE_COLUMNS: [&str; 5] = ["start", "end", "generated", "deadline", "as_of"];
const TIME_COLUMNS: [&str; 1] = ["published_at"];
/// Integer columns that are positions, not amounts: no thousands grouping.
const UNGROUPED_COLUMNS: [&str; 3] = ["line", "hour", "weekday"];

struct Formats {
    lang: Lang,
    header: Format,
    /// The second header row (`--lang ru`): the field names.
    field: Format,
    count: Format,
    integer: Format,
    rate: Format,
    date: Format,
    time: Format,
}

impl Formats {
    /// Number formats are written in Excel's own notation, which Excel shows
    /// in the reader's locale: `#,##0.00` reads `1 234,50` in a Russian one.
    /// Dates follow the language.
    fn new(lang: Lang) -> Formats {
        let (date, time) = match lang {
            Lang::En => ("yyyy-mm-dd", "yyyy-mm-dd hh:mm"),
            Lang::Ru => ("dd.mm.yyyy", "dd.mm.yyyy hh:mm"),
        };
        Formats {
            lang,
            header: Format::new()
                .set_bold()
                .set_background_color(0xE8EEF6)
                .set_border_bottom(FormatBorder::Thin),
            field: Format::new()
                .set_italic()
                .set_font_color(0x5D6B7A)
                .set_background_color(0xF4F6F9)
                .set_border_bottom(FormatBorder::Thin),
            count: Format::new().set_num_format("#,##0"),
            integer: Format::new().set_num_format("0"),
            rate: Format::new().set_num_format("#,##0.00"),
            date: Format::new().set_num_format(date),
            time: Format::new().set_num_format(time),
        }
    }

    /// Header rows above the data: the field names, and with `--lang ru`
    /// their Russian labels above them.
    fn header_rows(&self) -> RowNum {
        match self.lang {
            Lang::En => 1,
            Lang::Ru => 2,
        }
    }
}

/// A sheet's name in the workbook's language.
fn sheet_name(en: &'static str, lang: Lang) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ru => match en {
            "Summary" => "Итоги",
            "Periods" => "Периоды",
            "Rates" => "Коэффициенты",
            "Posts" => "Публикации",
            "Top posts" => "Лучшие публикации",
            "Hashtags" => "Хештеги",
            "Best time" => "Лучшее время",
            "Skipped" => "Пропущенные строки",
            "Goals" => "Цели",
            "Values" => "Значения",
            "Money" => "Деньги",
            "Money by period" => "Деньги по периодам",
            "Campaigns" => "Кампании",
            "Web by period" => "Веб по периодам",
            "Web rows unmatched" => "Веб без публикаций",
            other => other,
        },
    }
}

/// A column's label in Russian, by its field name (`reach_split.viral` by
/// its parts); the field name itself when it has none.
fn column_label_ru(field: &str) -> String {
    if let Some((parent, child)) = field.split_once('.') {
        return format!("{}: {}", column_label_ru(parent), column_label_ru(child));
    }
    let label = match field {
        "metric" => "Показатель",
        "value" => "Значение",
        "formula" => "Формула",
        "period" => "Период",
        "start" => "Начало",
        "end" => "Конец",
        "posts" => "Публикации",
        "reach" => "Охват",
        "views" => "Просмотры",
        "followers" => "Подписчики",
        "likes" => "Лайки",
        "comments" => "Комментарии",
        "reposts" => "Репосты",
        "saves" => "Сохранения",
        "poll_votes" => "Голоса в опросах",
        "link_clicks" => "Переходы по ссылке",
        "interactions" => "Взаимодействия",
        "er" => "ER, %",
        "er_mean" => "ER, среднее, %",
        "er_median" => "ER, медиана, %",
        "er_ratio" => "ER, отношение сумм, %",
        "ctr" => "CTR, %",
        "reach_mean" => "Средний охват",
        "band" => "Уровень ER",
        "negative_feedback" => "Негативные реакции",
        "negative_rate" => "Доля негативных реакций, %",
        "reach_rate" => "Охват / подписчики (ERR в TGStat), %",
        "love_rate" => "Love rate (лайки / подписчики), %",
        "talk_rate" => "Talk rate (комментарии / подписчики), %",
        "amplification_rate" => "Amplification rate (репосты / подписчики), %",
        "virality_rate" => "Виральность (репосты / охват), %",
        "er_post" => "ERpost, %",
        "er_day" => "ERday, %",
        "er_view" => "ERview, %",
        "er_impressions" => "ER по показам, %",
        "overperformance" => "К обычному для аккаунта, раз",
        "reach_growth" => "Рост охвата, %",
        "reach_mean_growth" => "Рост среднего охвата, %",
        "er_change" => "Изменение ER, п.п.",
        "id" => "ID",
        "published_at" => "Опубликовано",
        "platform" => "Платформа",
        "account" => "Аккаунт",
        "type" => "Тип",
        "file" => "Файл",
        "line" => "Строка",
        "text" => "Текст",
        "hashtags" => "Хештеги",
        "utm_campaign" => "UTM campaign",
        "utm_content" => "UTM content",
        "reach_split" => "Охват",
        "subscribers" => "подписчики",
        "viral" => "виральный",
        "ads" => "реклама",
        "negative" => "Негатив",
        "hide" => "скрыли",
        "report" => "пожаловались",
        "unsubscribe" => "отписались",
        "total" => "всего",
        "rate" => "доля, %",
        "tag" => "Хештег",
        "lift" => "Прирост ER, %",
        "weekday" => "День недели (1 = пн)",
        "day" => "День",
        "hour" => "Час",
        "low_sample" => "Мало публикаций",
        "reason" => "Причина",
        "kind" => "Вид",
        "name" => "Цель",
        "direction" => "Направление",
        "baseline" => "База",
        "baseline_period" => "Период базы",
        "current" => "Сейчас",
        "current_period" => "Период текущего значения",
        "target" => "Цель (значение)",
        "deadline" => "Срок",
        "progress" => "Прогресс, %",
        "pace_needed" => "Нужный темп",
        "pace_actual" => "Темп сейчас",
        "projected" => "Прогноз",
        "periods_left" => "Осталось периодов",
        "best_change" => "Лучшее изменение",
        "status" => "Статус",
        "warnings" => "Предупреждения",
        "goal" => "Цель",
        "campaign" => "Кампания",
        "currency" => "Валюта",
        "spend" => "Расход",
        "revenue" => "Выручка",
        "new_customers" => "Новые клиенты",
        "conversions" => "Конверсии",
        "conversions_from" => "Откуда конверсии",
        "conversion_rate" => "Конверсия, %",
        "cac" => "CAC",
        "roi" => "ROI, %",
        "cpe" => "CPE",
        "cpc" => "CPC",
        "visits" => "Визиты",
        "web" => "Веб",
        "rows" => "Строк",
        "bounce_rate" => "Отказы, %",
        "time_on_site" => "Время на сайте, с",
        "depth" => "Глубина просмотра",
        "new_share" => "Новые посетители, %",
        "shared_by" => "Публикаций с этой меткой",
        "utm_tag" => "Метка UTM",
        other => other,
    };
    label.to_string()
}

/// Text as a cell holds it: neutralised, and cut to Excel's limit.
fn cell_text(s: &str) -> String {
    let safe = neutralize(s);
    if safe.chars().count() > MAX_CELL_CHARS {
        let mut cut: String = safe.chars().take(MAX_CELL_CHARS - 1).collect();
        cut.push('…');
        cut
    } else {
        safe
    }
}

fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    // Excel's calendar starts in 1900 and ends in 9999.
    if !(1900..=9999).contains(&d.year()) {
        return None;
    }
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).ok()
}

fn excel_time(t: NaiveDateTime) -> Option<ExcelDateTime> {
    excel_date(t.date())?
        .and_hms(t.hour() as u16, t.minute() as u8, t.second())
        .ok()
}

/// A date or publish time as JSON writes it, back as an Excel date. The
/// wall-clock time is kept and the offset dropped: Excel has no zones.
fn parse_when(column: &str, s: &str) -> Option<(ExcelDateTime, bool)> {
    if DATE_COLUMNS.contains(&column) {
        let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        return Some((excel_date(d)?, false));
    }
    if TIME_COLUMNS.contains(&column) {
        let t = NaiveDateTime::parse_from_str(s.get(..19)?, "%Y-%m-%dT%H:%M:%S").ok()?;
        return Some((excel_time(t)?, true));
    }
    None
}

fn write_value(
    ws: &mut Worksheet,
    f: &Formats,
    (row, col): (RowNum, ColNum),
    column: &str,
    v: &Value,
) -> anyhow::Result<()> {
    match v {
        // Not reported: an empty cell, which sums and averages skip.
        Value::Null => {}
        Value::Bool(b) => {
            ws.write_boolean(row, col, *b)?;
        }
        Value::Number(n) => {
            if let Some(i) = n.as_u64() {
                let format = if UNGROUPED_COLUMNS.contains(&column) {
                    &f.integer
                } else {
                    &f.count
                };
                ws.write_number_with_format(row, col, i as f64, format)?;
            } else if let Some(i) = n.as_i64() {
                ws.write_number_with_format(row, col, i as f64, &f.count)?;
            } else if let Some(x) = n.as_f64() {
                ws.write_number_with_format(row, col, x, &f.rate)?;
            }
        }
        Value::String(s) => match parse_when(column, s) {
            Some((when, with_time)) => {
                let format = if with_time { &f.time } else { &f.date };
                ws.write_datetime_with_format(row, col, &when, format)?;
            }
            None => {
                ws.write_string(row, col, cell_text(s))?;
            }
        },
        Value::Array(items) => {
            ws.write_string(row, col, cell_text(&join_list(items)))?;
        }
        Value::Object(_) => {
            ws.write_string(row, col, cell_text(&v.to_string()))?;
        }
    }
    Ok(())
}

/// How a sheet's cells are typed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Each column holds one field, named by its header.
    Table,
    /// Rows of `metric, value, formula`: a value is the field its metric names.
    KeyValue,
}

/// What [`add_sheet`] wrote: its name, columns and data rows.
struct Written {
    name: &'static str,
    headers: Vec<String>,
    rows: usize,
}

/// One sheet holding one table, written row by row: bold frozen header
/// (two rows with `--lang ru`: labels, then field names), autofilter,
/// fitted widths.
fn add_sheet<T: Serialize, I>(
    wb: &mut Workbook,
    f: &Formats,
    name: &'static str,
    layout: Layout,
    rows: I,
) -> anyhow::Result<Written>
where
    I: IntoIterator<Item = T>,
    I::IntoIter: Clone,
{
    let name = sheet_name(name, f.lang);
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let top = f.header_rows();
    let mut columns: Vec<String> = Vec::new();
    let n = flatten(rows, |i, headers, values| {
        let row = RowNum::try_from(i)
            .ok()
            .map(|r| r + top)
            .filter(|&r| (r as usize) < MAX_ROWS)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "the {name} sheet would have more rows than the {} Excel holds (use --format csv)",
                    MAX_ROWS - top as usize
                )
            })?;
        if i == 0 {
            columns = headers.to_vec();
            for (c, h) in headers.iter().enumerate() {
                match f.lang {
                    Lang::En => {
                        ws.write_string_with_format(0, c as ColNum, cell_text(h), &f.header)?;
                    }
                    Lang::Ru => {
                        ws.write_string_with_format(
                            0,
                            c as ColNum,
                            cell_text(&column_label_ru(h)),
                            &f.header,
                        )?;
                        ws.write_string_with_format(1, c as ColNum, cell_text(h), &f.field)?;
                    }
                }
            }
        }
        for (c, v) in values.iter().enumerate() {
            let key = match (layout, c, values.first()) {
                (Layout::KeyValue, 1, Some(Value::String(metric))) => metric,
                _ => &headers[c],
            };
            write_value(ws, f, (row, c as ColNum), key, v)?;
        }
        Ok(())
    })?;
    if n == 0 || columns.is_empty() {
        ws.write_string(0, 0, f.lang.pick("none", "нет"))?;
        return Ok(Written {
            name,
            headers: columns,
            rows: 0,
        });
    }
    ws.set_freeze_panes(top, 0)?;
    ws.autofilter(
        top - 1,
        0,
        top - 1 + n as RowNum,
        (columns.len() - 1) as ColNum,
    )?;
    ws.set_autofit_max_width(MAX_COLUMN_PIXELS);
    ws.set_autofit_max_row(AUTOFIT_ROWS + top);
    ws.autofit();
    Ok(Written {
        name,
        headers: columns,
        rows: n,
    })
}

/// A native chart on the Periods sheet, right of its table: the sum of
/// post reach by period as columns, ER as a line on a second axis.
fn period_chart(wb: &mut Workbook, f: &Formats, sheet: &Written) -> anyhow::Result<()> {
    let col = |name: &str| sheet.headers.iter().position(|h| h == name);
    let (Some(period), Some(reach), Some(er)) = (col("period"), col("reach"), col("er")) else {
        return Ok(());
    };
    if sheet.rows == 0 {
        return Ok(());
    }
    let l = f.lang;
    let (first, last) = (f.header_rows(), f.header_rows() + sheet.rows as RowNum - 1);
    let range = |c: usize| (sheet.name, first, c as ColNum, last, c as ColNum);
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name(l.pick("Sum of post reach", "Сумма охватов"))
        .set_categories(range(period))
        .set_values(range(reach));
    let mut line = Chart::new(ChartType::Line);
    line.add_series()
        .set_name(l.pick("ER, %", "ER, %"))
        .set_categories(range(period))
        .set_values(range(er))
        .set_secondary_axis(true);
    chart.combine(&line);
    chart.title().set_name(l.pick(
        "Sum of post reach and ER by period",
        "Сумма охватов и ER по периодам",
    ));
    chart
        .y_axis()
        .set_name(l.pick("reach", "охват"))
        .set_num_format("#,##0");
    chart.y2_axis().set_name("ER, %").set_num_format("0.0");
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(640).set_height(360);
    let ws = wb.worksheet_from_name(sheet.name)?;
    ws.insert_chart(1, (sheet.headers.len() + 1) as ColNum, &chart)?;
    Ok(())
}

/// `0.25` → `0.25`, `3` → `3`: a bound of a band in the formula text.
fn short(x: f64) -> String {
    let s = format!("{x:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A row of the Summary sheet.
#[derive(Clone, Serialize)]
struct SummaryRow {
    metric: String,
    value: Value,
    formula: String,
}

/// The Summary sheet: each set figure with how it was computed, then what
/// was read and which formula was used.
fn summary_rows(r: &ReportDoc, today: NaiveDate) -> anyhow::Result<Vec<SummaryRow>> {
    let fm = &r.formula;
    let basis = fm.er_basis.name();
    let t = fm.target_er;
    let formula_of = |key: &str| -> String {
        match key {
            "posts" => "rows used as posts".to_string(),
            "reach" => "Σ reach (sum of post reach: people overlap across posts)".to_string(),
            "interactions" => format!("Σ ({})", fm.interactions_formula),
            "er" => match &fm.compat {
                Some(c) => format!(
                    "the headline ER: {}, as {}: {}",
                    fm.headline, c.name, c.formula
                ),
                None => format!("the headline ER: {}", fm.headline),
            },
            "er_mean" => format!("mean of per-post ER; ER = {}", fm.er_formula),
            "er_median" => format!("median of per-post ER; ER = {}", fm.er_formula),
            "er_ratio" => format!("Σ interactions / Σ {basis} × 100"),
            "ctr" => "Σ link_clicks / Σ reach × 100".to_string(),
            "reach_mean" => "Σ reach / posts reporting reach".to_string(),
            rate if RateName::ALL.iter().any(|n| n.name() == rate) => catalogue::find(rate)
                .map(|e| e.formula.to_string())
                .unwrap_or_default(),
            "band" => format!(
                "er against target_er {}: low < {} ≤ average < {} ≤ high ≤ {} < very_high",
                short(t),
                short(t / 3.0),
                short(t * 3.5 / 3.0),
                short(t * 2.0)
            ),
            count => format!("Σ {count}"),
        }
    };
    let Value::Object(summary) = serde_json::to_value(&r.summary)? else {
        anyhow::bail!("the summary is not a JSON object");
    };
    let mut rows: Vec<SummaryRow> = summary
        .into_iter()
        .map(|(metric, value)| SummaryRow {
            formula: formula_of(&metric),
            metric,
            value,
        })
        .collect();
    let span = |first: bool| {
        let p = if first {
            r.periods.first()
        } else {
            r.periods.last()
        };
        p.map(|p| Value::from(if first { p.start } else { p.end }.to_string()))
            .unwrap_or(Value::Null)
    };
    let mut context: Vec<(&str, Value, String)> = vec![
        (
            "files",
            Value::from(r.input.files.join(", ")),
            "input files as given".to_string(),
        ),
        ("start", span(true), "first day of the first period".into()),
        ("end", span(false), "last day of the last period".into()),
        (
            "rows_read",
            Value::from(r.input.rows_read),
            "posts + skipped + filtered_out".into(),
        ),
        (
            "filtered_out",
            Value::from(r.input.filtered_out),
            "posts outside --since/--until, and replies left out by --exclude-replies".into(),
        ),
        (
            "skipped",
            Value::from(r.input.skipped.len()),
            "rows that are not posts (see the Skipped sheet)".into(),
        ),
        (
            "interactions_formula",
            Value::from(fm.interactions_formula.clone()),
            "--interactions".into(),
        ),
        ("er_basis", Value::from(basis), "--er-basis".into()),
        (
            "er_formula",
            Value::from(fm.er_formula.clone()),
            "ER of one post, in %".into(),
        ),
        ("aggregate", Value::from(agg_name(r)), "--aggregate".into()),
        (
            "headline",
            Value::from(fm.headline),
            "the summary figure the headline er is".into(),
        ),
        ("target_er", Value::from(t), "--target-er, in %".into()),
        (
            "generated",
            Value::from(today.to_string()),
            "date the workbook was made".into(),
        ),
    ];
    if let Some(c) = &fm.compat {
        context.push((
            "compat",
            Value::from(c.tool.name()),
            format!("--compat: {} ({})", c.formula, c.sources.join(", ")),
        ));
    }
    rows.extend(
        context
            .into_iter()
            .map(|(metric, value, formula)| SummaryRow {
                metric: metric.to_string(),
                value,
                formula,
            }),
    );
    Ok(rows)
}

/// A row of the Rates sheet: the rate family of the whole set or one period.
#[derive(Clone, Serialize)]
struct RateLine<'a> {
    period: &'a str,
    start: String,
    end: String,
    #[serde(flatten)]
    rates: &'a Rates,
}

/// The whole set, then each period: the rate family only.
fn rate_lines(r: &ReportDoc) -> impl Iterator<Item = RateLine<'_>> + Clone {
    std::iter::once(total_line(r))
        .chain(period_lines(r))
        .map(|l| RateLine {
            period: l.period,
            start: l.start,
            end: l.end,
            rates: &l.summary.rates,
        })
}

/// The Money sheet: each money figure with its formula, then the costs read.
fn money_rows(m: &MoneySection) -> anyhow::Result<Vec<SummaryRow>> {
    let formula_of = |key: &str| -> &'static str {
        match key {
            "posts" => "posts of the report",
            "link_clicks" => "Σ link_clicks of every post",
            "interactions" => "Σ interactions of every post",
            "visits" => "Σ visits of the web rows joined to the posts (--web)",
            "spend" => "Σ spend of the costs rows",
            "revenue" => "Σ revenue of the costs rows",
            "new_customers" => "Σ new customers of the costs rows",
            "conversions" => "Σ conversions: the costs file's, else the joined web analytics'",
            "conversions_from" => "costs or web",
            "conversion_rate" => "conversions / link_clicks × 100",
            "cac" => "spend / new_customers",
            "roi" => "(revenue − spend) / spend × 100",
            "cpe" => "spend / interactions",
            "cpc" => "spend / link_clicks",
            _ => "",
        }
    };
    let Value::Object(totals) = serde_json::to_value(&m.totals)? else {
        anyhow::bail!("the money figures are not a JSON object");
    };
    let mut rows = vec![SummaryRow {
        metric: "currency".to_string(),
        value: m.currency.clone().map(Value::from).unwrap_or(Value::Null),
        formula: "--currency or the costs files".to_string(),
    }];
    rows.extend(totals.into_iter().map(|(metric, value)| SummaryRow {
        formula: formula_of(&metric).to_string(),
        metric,
        value,
    }));
    rows.extend([
        SummaryRow {
            metric: "files".to_string(),
            value: Value::from(m.files.join(", ")),
            formula: "--costs".to_string(),
        },
        SummaryRow {
            metric: "cost_rows".to_string(),
            value: Value::from(m.cost_rows),
            formula: "costs rows used".to_string(),
        },
        SummaryRow {
            metric: "rows_out_of_range".to_string(),
            value: Value::from(m.rows_out_of_range),
            formula: "costs rows outside --since/--until, left out".to_string(),
        },
        SummaryRow {
            metric: "rows_in_no_period".to_string(),
            value: Value::from(m.rows_in_no_period),
            formula: "costs rows in no single period: in the totals only".to_string(),
        },
    ]);
    Ok(rows)
}

/// A row of the Web by period sheet: every joined row, then each period.
#[derive(Clone, Serialize)]
struct WebLine<'a> {
    period: &'a str,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    #[serde(flatten)]
    figures: &'a crate::metrics::web::WebFigures,
}

fn web_lines(j: &WebJoin) -> impl Iterator<Item = WebLine<'_>> + Clone {
    std::iter::once(WebLine {
        period: "all",
        start: None,
        end: None,
        figures: &j.totals,
    })
    .chain(j.periods.iter().map(|p| WebLine {
        period: &p.period,
        start: Some(p.start),
        end: Some(p.end),
        figures: &p.figures,
    }))
}

/// A row of the unmatched web rows sheet.
#[derive(Clone, Serialize)]
struct UnmatchedLine<'a> {
    file: &'a str,
    line: u64,
    utm_tag: Option<&'a str>,
    visits: Option<u64>,
}

fn agg_name(r: &ReportDoc) -> &'static str {
    match r.formula.aggregate {
        crate::metrics::Aggregate::Mean => "mean",
        crate::metrics::Aggregate::Median => "median",
        crate::metrics::Aggregate::Ratio => "ratio",
    }
}

impl XlsxRenderer {
    fn workbook(&self, title: &str) -> anyhow::Result<Workbook> {
        let mut wb = Workbook::new();
        let created = excel_date(self.today)
            .or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).ok())
            .ok_or_else(|| anyhow::anyhow!("no creation date for the workbook"))?;
        wb.set_properties(
            &DocProperties::new()
                .set_title(title)
                .set_creation_datetime(&created),
        );
        Ok(wb)
    }
}

impl Render<ReportDoc> for XlsxRenderer {
    fn render(&self, r: &ReportDoc) -> anyhow::Result<Vec<u8>> {
        let f = Formats::new(self.lang);
        let mut wb = self.workbook("SMM report")?;
        let t = Layout::Table;
        add_sheet(
            &mut wb,
            &f,
            "Summary",
            Layout::KeyValue,
            summary_rows(r, self.today)?,
        )?;
        let periods = add_sheet(&mut wb, &f, "Periods", t, period_lines(r))?;
        period_chart(&mut wb, &f, &periods)?;
        add_sheet(&mut wb, &f, "Rates", t, rate_lines(r))?;
        add_sheet(&mut wb, &f, "Posts", t, &r.posts.to_vec()?)?;
        add_sheet(&mut wb, &f, "Top posts", t, &r.top_posts)?;
        add_sheet(&mut wb, &f, "Hashtags", t, &r.hashtags)?;
        add_sheet(&mut wb, &f, "Best time", t, &r.best_time)?;
        if let Some(m) = &r.money {
            add_sheet(&mut wb, &f, "Money", Layout::KeyValue, money_rows(m)?)?;
            if !m.periods.is_empty() {
                add_sheet(&mut wb, &f, "Money by period", t, money_lines(m))?;
            }
        }
        if !r.campaigns.is_empty() {
            add_sheet(&mut wb, &f, "Campaigns", t, &r.campaigns)?;
        }
        if let Some(j) = &r.web_join {
            add_sheet(&mut wb, &f, "Web by period", t, web_lines(j))?;
            let unmatched = j.unmatched.iter().map(|u| UnmatchedLine {
                file: &u.file,
                line: u.line,
                utm_tag: u.tag.as_deref(),
                visits: u.visits,
            });
            add_sheet(&mut wb, &f, "Web rows unmatched", t, unmatched)?;
        }
        add_sheet(&mut wb, &f, "Skipped", t, &r.input.skipped)?;
        Ok(wb.save_to_buffer()?)
    }
}

/// A row of the Goals sheet: a goal's figures, its lists as text.
#[derive(Clone, Serialize)]
struct GoalLine<'a> {
    name: &'a str,
    metric: &'a str,
    period: &'a crate::metrics::periods::Period,
    direction: &'a crate::metrics::goals::Direction,
    platform: &'a Option<String>,
    baseline: Option<f64>,
    baseline_period: &'a Option<String>,
    current: Option<f64>,
    current_period: &'a Option<String>,
    target: f64,
    start: Option<NaiveDate>,
    deadline: NaiveDate,
    progress: Option<f64>,
    pace_needed: Option<f64>,
    pace_actual: Option<f64>,
    projected: Option<f64>,
    periods_left: Option<i64>,
    best_change: Option<f64>,
    status: &'a crate::metrics::goals::Status,
    warnings: String,
}

/// A row of the Values sheet: one goal's value in one period.
#[derive(Clone, Serialize)]
struct ValueLine<'a> {
    goal: &'a str,
    metric: &'a str,
    period: &'a str,
    start: NaiveDate,
    end: NaiveDate,
    value: f64,
}

/// `goals` as a workbook: Goals (one row per goal) and Values (each
/// goal's values by period, for charts of one's own).
impl Render<GoalsDoc> for XlsxRenderer {
    fn render(&self, d: &GoalsDoc) -> anyhow::Result<Vec<u8>> {
        let f = Formats::new(self.lang);
        let mut wb = self.workbook("SMM goals")?;
        let goals = d.goals.iter().map(|g| GoalLine {
            name: &g.name,
            metric: &g.metric,
            period: &g.period,
            direction: &g.direction,
            platform: &g.platform,
            baseline: g.baseline,
            baseline_period: &g.baseline_period,
            current: g.current,
            current_period: &g.current_period,
            target: g.target,
            start: g.start,
            deadline: g.deadline,
            progress: g.progress,
            pace_needed: g.pace_needed,
            pace_actual: g.pace_actual,
            projected: g.projected,
            periods_left: g.periods_left,
            best_change: g.best_change,
            status: &g.status,
            warnings: g.warnings.join("; "),
        });
        add_sheet(&mut wb, &f, "Goals", Layout::Table, goals)?;
        let values = d.goals.iter().flat_map(|g| {
            g.series.iter().map(move |v| ValueLine {
                goal: &g.name,
                metric: &g.metric,
                period: &v.period,
                start: v.start,
                end: v.end,
                value: v.value,
            })
        });
        add_sheet(&mut wb, &f, "Values", Layout::Table, values)?;
        Ok(wb.save_to_buffer()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_text_to_what_one_cell_holds() {
        let long = "x".repeat(MAX_CELL_CHARS + 10);
        let cell = cell_text(&long);
        assert_eq!(cell.chars().count(), MAX_CELL_CHARS);
        assert!(cell.ends_with('…'));
        assert_eq!(cell_text("short"), "short");
        assert_eq!(cell_text("=1+1"), "'=1+1");
    }

    #[test]
    fn reads_dates_and_publish_times_of_date_columns_only() {
        assert!(matches!(
            parse_when("start", "2025-01-31"),
            Some((_, false))
        ));
        assert!(matches!(
            parse_when("published_at", "2025-01-31T10:15:00+03:00"),
            Some((_, true))
        ));
        assert!(parse_when("text", "2025-01-31").is_none());
        assert!(parse_when("start", "31.01.2025").is_none());
    }

    #[test]
    fn leaves_dates_excel_cannot_hold_as_text() {
        assert!(parse_when("start", "1899-12-31").is_none());
        assert!(parse_when("published_at", "1850-01-01T00:00:00").is_none());
        assert!(parse_when("published_at", "2025-01").is_none());
    }

    #[test]
    fn writes_band_bounds_without_trailing_zeros() {
        assert_eq!(short(1.0), "1");
        assert_eq!(short(3.5), "3.5");
        assert_eq!(short(1.0 / 3.0), "0.3333");
    }
}
