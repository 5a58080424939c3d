//! Cell values as exports write them: counts with thousands separators and
//! decimal commas, "not reported" markers, and the many date forms exports write.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use crate::model::Timestamp;

/// Why a cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueError {
    NotANumber,
    Negative,
    TooLarge,
    Fraction,
    LooksLikeDate,
}

impl std::fmt::Display for ValueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ValueError::NotANumber => "expected a whole number",
            ValueError::Negative => "a count cannot be negative",
            ValueError::TooLarge => "number too large for a count (the largest is 9223372036854775807)",
            ValueError::Fraction => "expected a whole number, found a fraction",
            ValueError::LooksLikeDate => {
                "expected a number, found a date (a spreadsheet may have turned the number into a date)"
            }
        })
    }
}

/// A cell as error messages quote it: whole when short, else its first
/// characters and the length, so a 10 MB cell makes a one-line message.
pub fn excerpt(s: &str) -> String {
    const KEEP: usize = 40;
    let t = s.trim();
    match t.char_indices().nth(KEEP) {
        None => t.to_string(),
        Some((cut, _)) => format!("{}… ({} characters)", &t[..cut], t.chars().count()),
    }
}

/// Longest text (in bytes) read as a date: the longest real forms
/// (`Понедельник, 8 сентября 2025 г. в 14:30:00 +03:00`) are well under it;
/// a longer cell is not a date, and would make the parsing slow.
const MAX_DATE_LEN: usize = 128;

/// True for the markers that mean "not reported": empty, `--`, `N/A`, `undefined`, `NaN`, ...
pub fn is_missing(s: &str) -> bool {
    if surely_present(s.as_bytes()) {
        return false;
    }
    let t = s.trim();
    if t.is_empty() {
        return true;
    }
    // Every marker is short (the longest, `нет данных`, is 19 bytes): longer
    // text (a caption, an id) is a value, and is not lower-cased to say so.
    if t.len() > 20 {
        return false;
    }
    let mut buf = [0u8; 20];
    let l: &str = if t.is_ascii() {
        let b = &mut buf[..t.len()];
        b.copy_from_slice(t.as_bytes());
        b.make_ascii_lowercase();
        std::str::from_utf8(b).unwrap_or(t)
    } else {
        return matches!(t.to_lowercase().as_str(), "—" | "–" | "н/д" | "нет данных");
    };
    matches!(
        l,
        "-" | "--"
            | "—"
            | "–"
            | "n/a"
            | "na"
            | "nan"
            | "undefined"
            | "null"
            | "none"
            | "nil"
            | "#n/a"
            | "н/д"
            | "нет данных"
            | "(not set)"
            | "-nan"
            | "inf"
    )
}

/// Whether a cell is a value at a glance, never one of [`is_missing`]'s
/// markers: it starts with a printable ASCII byte that no marker starts
/// with in either case (a digit, `@`, most letters), as ids, numbers, dates
/// and hashes mostly do. `false` says nothing.
#[inline]
pub fn surely_present(cell: &[u8]) -> bool {
    cell.first().is_some_and(|b| {
        b.is_ascii_graphic()
            && !matches!(
                b,
                b'-' | b'n' | b'N' | b'u' | b'U' | b'i' | b'I' | b'#' | b'('
            )
    })
}

/// Parses a decimal number as people and exports write it: `1 234,5`,
/// `1,234.5`, `1.234.567`, `12%`, `1.2K`, `3,4 млн`. `Ok(None)` = not reported.
pub fn parse_number(s: &str) -> Result<Option<f64>, ValueError> {
    if is_missing(s) {
        return Ok(None);
    }
    let mut t: String = s
        .trim()
        .chars()
        .filter(|c| {
            !matches!(
                c,
                ' ' | '\u{a0}'
                    | '\u{202f}'
                    | '\u{2009}'
                    | '\u{2007}'
                    | '\''
                    | '’'
                    | '%'
                    | '"'
                    | '\u{200e}'
                    | '\u{200f}'
            )
        })
        .collect();
    let mut mult = 1.0;
    let lower = t.to_lowercase();
    for (suffix, m) in [
        ("тыс.", 1e3),
        ("тыс", 1e3),
        ("млн", 1e6),
        ("млрд", 1e9),
        ("k", 1e3),
        ("к", 1e3),
        ("m", 1e6),
        ("b", 1e9),
    ] {
        if lower.ends_with(suffix) && lower.len() > suffix.len() {
            mult = m;
            t = lower[..lower.len() - suffix.len()].to_string();
            break;
        }
    }
    let (neg, body) = match t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        Some(rest) => (true, rest.to_string()),
        None => (false, t.strip_prefix('+').unwrap_or(&t).to_string()),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        if looks_like_mangled_date(s) {
            return Err(ValueError::LooksLikeDate);
        }
        return Err(ValueError::NotANumber);
    }
    let normalized = normalize_separators(&body).ok_or(ValueError::NotANumber)?;
    let v: f64 = normalized.parse().map_err(|_| ValueError::NotANumber)?;
    let v = v * mult;
    if !v.is_finite() {
        return Err(ValueError::TooLarge);
    }
    Ok(Some(if neg { -v } else { v }))
}

/// Decides which of `.` and `,` is the decimal mark and returns a plain `1234.5`.
fn normalize_separators(b: &str) -> Option<String> {
    let dots = b.matches('.').count();
    let commas = b.matches(',').count();
    let grouped = |sep: char| {
        let parts: Vec<&str> = b.split(sep).collect();
        parts.len() > 1
            && (1..=3).contains(&parts[0].len())
            && parts[1..].iter().all(|p| p.len() == 3)
    };
    Some(match (dots, commas) {
        (0, 0) => b.to_string(),
        (_, 0) if dots > 1 => {
            if grouped('.') {
                b.replace('.', "")
            } else {
                return None;
            }
        }
        (1, 0) => b.to_string(),
        (0, _) if commas > 1 => {
            if grouped(',') {
                b.replace(',', "")
            } else {
                return None;
            }
        }
        (0, 1) => {
            // `1,234` is a thousands group; `1,5` and `0,7497` are decimal commas.
            if grouped(',') && !b.starts_with("0,") {
                b.replace(',', "")
            } else {
                b.replace(',', ".")
            }
        }
        _ => {
            let last_dot = b.rfind('.')?;
            let last_comma = b.rfind(',')?;
            if last_dot > last_comma {
                b.replace(',', "")
            } else {
                b.replace('.', "").replace(',', ".")
            }
        }
    })
}

/// `3.апр`, `12-Mar`, `4/май`: what Excel leaves of a number it took for a date.
fn looks_like_mangled_date(s: &str) -> bool {
    let t = s.trim().to_lowercase();
    let has_digit = t.chars().any(|c| c.is_ascii_digit());
    let has_sep = t.contains('.') || t.contains('-') || t.contains('/');
    has_digit && has_sep && month_in(&t).is_some() && t.chars().count() <= 12
}

/// What a spreadsheet in a day-first locale made of a decimal it took for a
/// date: `3.4` became 3 April, shown as `3.апр` (`17.юни` was 17.6, `3.окт`
/// was 3.10). Returns the decimal when `s` has that shape.
pub fn repair_mangled_decimal(s: &str) -> Option<f64> {
    let t = s.trim().trim_end_matches('.').to_lowercase();
    let (day, mon) = t.split_once(['.', '-', ' ', '/'])?;
    if day.is_empty() || day.len() > 2 || !day.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if mon.is_empty() || !mon.chars().all(char::is_alphabetic) {
        return None;
    }
    let m = month_in(mon)?;
    format!("{day}.{m}").parse().ok()
}

/// Parses a decimal, repairing a spreadsheet's date-mangled decimal
/// (`3.апр` = 3.4). The flag says whether it was repaired.
pub fn parse_decimal_repairing(s: &str) -> Result<(Option<f64>, bool), ValueError> {
    match parse_number(s) {
        Err(ValueError::LooksLikeDate) => match repair_mangled_decimal(s) {
            Some(v) => Ok((Some(v), true)),
            None => Err(ValueError::LooksLikeDate),
        },
        other => other.map(|v| (v, false)),
    }
}

/// Parses a count: a whole, non-negative number. A single `.` followed by
/// exactly three digits is a thousands group (`1.234` = 1234): a count has no fraction.
pub fn parse_count(s: &str) -> Result<Option<u64>, ValueError> {
    // The common case, plain digits, read in one pass without trimming.
    if !s.is_empty() && s.len() <= 19 {
        let mut n = 0u64;
        let mut plain = true;
        for b in s.bytes() {
            let d = b.wrapping_sub(b'0');
            if d > 9 {
                plain = false;
                break;
            }
            n = n * 10 + u64::from(d);
        }
        if plain {
            return Ok(Some(n));
        }
    }
    let t = s.trim();
    if let Some((a, b)) = t.split_once('.') {
        if !b.contains('.')
            && b.len() == 3
            && b.chars().all(|c| c.is_ascii_digit())
            && !a.is_empty()
            && a.len() <= 3
            && a.chars().all(|c| c.is_ascii_digit())
            && a != "0"
        {
            return format!("{a}{b}")
                .parse::<u64>()
                .map(Some)
                .map_err(|_| ValueError::TooLarge);
        }
    }
    // Plain digits: exact, no float rounding for huge counts.
    if !t.is_empty() && t.len() <= 25 && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse::<u64>().map(Some).map_err(|_| ValueError::TooLarge);
    }
    match parse_number(t)? {
        None => Ok(None),
        Some(v) if v < 0.0 => Err(ValueError::Negative),
        Some(v) if v.fract() != 0.0 => {
            // `1.2K` is a rounded count; `12.0` is whole; `12.5` is not a count.
            let rounded = v.round();
            if (v - rounded).abs() < 1e-6 || t.to_lowercase().ends_with(['k', 'm', 'b', 'к']) {
                checked_u64(rounded)
            } else {
                Err(ValueError::Fraction)
            }
        }
        Some(v) => checked_u64(v),
    }
}

/// Parses a count as [`parse_count`] does, as the signed number posts hold.
#[inline]
pub fn parse_count_i64(s: &str) -> Result<Option<i64>, ValueError> {
    match plain_digits(s) {
        Some(n) => Ok(Some(n)),
        None => count_i64(s),
    }
}

fn count_i64(s: &str) -> Result<Option<i64>, ValueError> {
    match parse_count(s)? {
        None => Ok(None),
        Some(v) => i64::try_from(v).map(Some).map_err(|_| ValueError::TooLarge),
    }
}

/// The common case of a count, 1 to 18 plain digits (which fit an `i64`),
/// read in one pass where the caller is; `None` for anything else.
#[inline]
fn plain_digits(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 18 {
        return None;
    }
    // 18 digits stay below i64::MAX.
    decimal(s.as_bytes()).map(|n| n as i64)
}

/// The value of ASCII digits (up to 19 of them); `None` if any byte is not one.
#[inline]
pub fn decimal(digits: &[u8]) -> Option<u64> {
    let mut v = 0u64;
    for &c in digits {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + u64::from(d);
    }
    Some(v)
}

/// Parses a count an export may write as a net change for its period
/// (docs/metrics.md#net-changes): a whole number, below 0 when a minus
/// starts it (`-3`, `−3`, `-1.2K`). Everything else as [`parse_count`].
#[inline]
pub fn parse_signed_count(s: &str) -> Result<Option<i64>, ValueError> {
    match plain_digits(s) {
        Some(n) => Ok(Some(n)),
        None => signed_count(s),
    }
}

fn signed_count(s: &str) -> Result<Option<i64>, ValueError> {
    let t = s.trim();
    let negated = t
        .strip_prefix('-')
        .or_else(|| t.strip_prefix('\u{2212}'))
        .filter(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()));
    match negated {
        Some(rest) => Ok(count_i64(rest)?.map(|v| -v)),
        None => count_i64(s),
    }
}

fn checked_u64(v: f64) -> Result<Option<u64>, ValueError> {
    if v >= 18_446_744_073_709_551_615.0 {
        Err(ValueError::TooLarge)
    } else {
        Ok(Some(v as u64))
    }
}

/// The last day of a stretch a daily table may name instead of a day: a
/// month (`2025-01`, `01.2025`, `01/2025`, `январь 2025`, `Jan 2025`), an ISO
/// week (`2025-W05`) or a range of days (`01.01.2025 - 07.01.2025`). A count
/// of followers labelled so is the count the stretch ended with. `None` for
/// anything else (a plain day is read by [`parse_timestamp`]).
pub fn parse_period_end(raw: &str, ctx: &DateContext) -> Option<NaiveDate> {
    let t = raw.trim();
    if t.is_empty() || t.len() > MAX_DATE_LEN {
        return None;
    }
    // A range of days: its last day.
    for sep in [" - ", " – ", " — ", "–", "—"] {
        if let Some((a, b)) = t.split_once(sep) {
            let first = parse_timestamp(a, ctx)?;
            let last = parse_timestamp(b, ctx)?;
            return (last.local.date() >= first.local.date()).then(|| last.local.date());
        }
    }
    let month_end = |y: i32, m: u32| {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
    };
    let year = |s: &str| -> Option<i32> {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
            .filter(|y| (1900..=2200).contains(y))
    };
    let month = |s: &str| -> Option<u32> {
        (1..=2)
            .contains(&s.len())
            .then(|| s.parse().ok())
            .flatten()
            .filter(|m| (1..=12).contains(m))
    };
    // 2025-W05: the Sunday of ISO week 5.
    if let Some((y, w)) = t.split_once(['-', ' ']).and_then(|(y, w)| {
        let w = w.strip_prefix(['W', 'w'])?;
        Some((year(y)?, w.parse::<u32>().ok()?))
    }) {
        return NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Sun);
    }
    // 2025-01, 2025/01, 01.2025, 01/2025, 01-2025.
    let numeric = !t.chars().any(char::is_alphabetic);
    if let Some((a, b)) = t.split_once(['-', '.', '/']).filter(|_| numeric) {
        if let (Some(y), Some(m)) = (year(a), month(b)) {
            return month_end(y, m);
        }
        if let (Some(m), Some(y)) = (month(a), year(b)) {
            return month_end(y, m);
        }
        return None;
    }
    // январь 2025, Jan 2025, enero de 2025, 2025 января.
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && !matches!(*w, "de" | "г" | "г." | "года"))
        .collect();
    if let [a, b] = words.as_slice() {
        let (m, y) = match (month_in(a), year(b), month_in(b), year(a)) {
            (Some(m), Some(y), _, _) if year(a).is_none() => (m, y),
            (_, _, Some(m), Some(y)) => (m, y),
            _ => return None,
        };
        return month_end(y, m);
    }
    None
}

/// How to read `03/04/2025`: month first (US, Meta) or day first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SlashOrder {
    #[default]
    MonthFirst,
    DayFirst,
}

/// Context for date parsing that a whole column shares.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateContext {
    pub slash_order: SlashOrder,
    /// Year for dates written without one (`July 16`).
    pub default_year: Option<i32>,
}

/// Looks at a column's values to decide day-first or month-first for `a/b/yyyy`.
pub fn detect_slash_order<'a>(values: impl IntoIterator<Item = &'a str>) -> SlashOrder {
    for v in values {
        let v = v.trim();
        let date = v.split([' ', 'T']).next().unwrap_or("");
        let parts: Vec<&str> = date.split(['/', '-', '.']).collect();
        if parts.len() == 3 && parts[2].len() == 4 {
            let a: u32 = parts[0].parse().unwrap_or(0);
            let b: u32 = parts[1].parse().unwrap_or(0);
            if a > 12 && b <= 12 {
                return SlashOrder::DayFirst;
            }
            if b > 12 && a <= 12 {
                return SlashOrder::MonthFirst;
            }
        }
    }
    SlashOrder::MonthFirst
}

const MONTHS: [(&str, u32); 75] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("sept", 9),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    ("январь", 1),
    ("февраль", 2),
    ("март", 3),
    ("апрель", 4),
    ("май", 5),
    ("июнь", 6),
    ("июль", 7),
    ("август", 8),
    ("сентябрь", 9),
    ("октябрь", 10),
    ("ноябрь", 11),
    ("декабрь", 12),
    ("янв", 1),
    ("фев", 2),
    ("мар", 3),
    ("апр", 4),
    ("июн", 6),
    ("июл", 7),
    ("авг", 8),
    ("сен", 9),
    ("окт", 10),
    ("ноя", 11),
    ("дек", 12),
    // Bulgarian abbreviations (a Bulgarian Excel writes `3.апр`, `17.юни`).
    ("яну", 1),
    ("юни", 6),
    ("юли", 7),
    ("сеп", 9),
    ("ное", 11),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
];

fn month_in(s: &str) -> Option<u32> {
    let words: Vec<&str> = s
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    for w in words {
        let w = w.to_lowercase();
        if w == "diciembre" {
            return Some(12);
        }
        if let Some((_, m)) = MONTHS.iter().find(|(name, _)| *name == w) {
            return Some(*m);
        }
    }
    None
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    let t = s.trim().trim_end_matches('Z');
    let lower = t.to_lowercase();
    let (body, pm) = if let Some(b) = lower.strip_suffix("pm").or(lower.strip_suffix("p.m.")) {
        (b.trim().to_string(), Some(true))
    } else if let Some(b) = lower.strip_suffix("am").or(lower.strip_suffix("a.m.")) {
        (b.trim().to_string(), Some(false))
    } else {
        (lower.clone(), None)
    };
    let body = body.split('.').next().unwrap_or(&body).to_string(); // drop fractions of a second
    let parts: Vec<&str> = body.split(':').collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let mut h: u32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let sec: u32 = parts.get(2).map(|x| x.parse().ok()).unwrap_or(Some(0))?;
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    NaiveTime::from_hms_opt(h, m, sec)
}

/// Splits off a trailing UTC offset (`Z`, `+03:00`, `+0300`, `-05`).
fn split_offset(s: &str) -> (&str, Option<chrono::FixedOffset>) {
    if let Some(rest) = s.strip_suffix('Z').or_else(|| s.strip_suffix(" UTC")) {
        return (rest, chrono::FixedOffset::east_opt(0));
    }
    // Only look for an offset in the time part, after the date.
    let Some(tpos) = s.find(['T', ' ']) else {
        return (s, None);
    };
    if !s[tpos..].contains(':') {
        return (s, None);
    }
    if let Some(i) = s[tpos..].rfind(['+', '-']).map(|i| i + tpos) {
        let off = &s[i + 1..];
        let digits: String = off.chars().filter(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty()
            && digits.len() <= 4
            && off.chars().all(|c| c.is_ascii_digit() || c == ':')
        {
            let (h, m) = match digits.len() {
                1 | 2 => (digits.parse::<i32>().ok(), Some(0)),
                3 | 4 => (
                    digits[..digits.len() - 2].parse::<i32>().ok(),
                    digits[digits.len() - 2..].parse::<i32>().ok(),
                ),
                _ => (None, None),
            };
            if let (Some(h), Some(m)) = (h, m) {
                let secs = (h * 3600 + m * 60) * if &s[i..i + 1] == "-" { -1 } else { 1 };
                if let Some(o) = chrono::FixedOffset::east_opt(secs) {
                    return (s[..i].trim_end(), Some(o));
                }
            }
        }
    }
    (s, None)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1..=9999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

fn two_digit_year(y: i32, len: usize) -> i32 {
    if len == 2 {
        2000 + y
    } else {
        y
    }
}

/// Parses a numeric date `a<sep>b<sep>c` in any of the usual orders.
fn parse_numeric_date(s: &str, ctx: &DateContext) -> Option<NaiveDate> {
    let sep = s.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = s.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<i32> = parts.iter().map(|p| p.parse().unwrap_or(-1)).collect();
    if parts[0].len() == 4 {
        return ymd(n[0], n[1] as u32, n[2] as u32);
    }
    if parts[2].len() != 4 && parts[2].len() != 2 {
        return None;
    }
    let y = two_digit_year(n[2], parts[2].len());
    match sep {
        // Dots and dashes with the year last are day-first the world over.
        '.' | '-' => ymd(y, n[1] as u32, n[0] as u32),
        _ => {
            let (a, b) = (n[0] as u32, n[1] as u32);
            let day_first = match ctx.slash_order {
                SlashOrder::DayFirst => a <= 31 && b <= 12,
                SlashOrder::MonthFirst => a > 12,
            };
            if day_first {
                ymd(y, b, a)
            } else {
                ymd(y, a, b)
            }
        }
    }
}

/// Parses a date written with a month name: `Jan 8, 2025`, `8 January 2025`,
/// `8 января 2025 г.`, `8 de marzo de 2025`, or without a year (`July 16`).
fn parse_named_month(s: &str, ctx: &DateContext) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let month = month_in(s)?;
    let mut time = None;
    let mut nums: Vec<(i64, usize)> = Vec::new();
    for tok in s.split(|c: char| c.is_whitespace() || c == ',') {
        if tok.contains(':') {
            time = parse_time_tail(s);
            continue;
        }
        let digits: String = tok.chars().filter(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && tok.chars().filter(|c| c.is_alphabetic()).count() <= 2 {
            nums.push((digits.parse().ok()?, digits.len()));
        }
    }
    if let (Some(t), true) = (parse_time_tail(s), time.is_none()) {
        time = Some(t);
    }
    let (day, year) = match nums.as_slice() {
        [(d, dl)] if *dl <= 2 => (*d as u32, ctx.default_year?),
        [(d, dl), (y, 4)] if *dl <= 2 => (*d as u32, *y as i32),
        [(y, 4), (d, dl)] if *dl <= 2 => (*d as u32, *y as i32),
        _ => return None,
    };
    Some((ymd(year, month, day)?, time))
}

fn parse_time_tail(s: &str) -> Option<NaiveTime> {
    let lower = s.to_lowercase();
    let idx = lower.find(':')?;
    let start = lower[..idx]
        .char_indices()
        .rfind(|(_, c)| !c.is_ascii_digit())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    parse_time(&lower[start..])
}

/// Two ASCII digits at `b[i..i + 2]` as a number.
fn two(b: &[u8], i: usize) -> Option<u32> {
    let (x, y) = (b.get(i)?, b.get(i + 1)?);
    (x.is_ascii_digit() && y.is_ascii_digit()).then(|| ((x - b'0') * 10 + (y - b'0')) as u32)
}

/// The forms most large exports write, read without the general parser:
/// `2025-01-31`, `2025-01-31 14:30[:05]` (or with `T`), and Meta's
/// `01/31/2025 14:30` (month or day first as the column says). `None` sends
/// the value to the general parser, which gives the same answer, slower.
fn parse_common(s: &str, ctx: &DateContext) -> Option<Timestamp> {
    let b = s.as_bytes();
    let (date, rest) = match b.len() {
        10 | 16 | 19 if b[4] == b'-' && b[7] == b'-' => {
            let y = two(b, 0)? * 100 + two(b, 2)?;
            (ymd(y as i32, two(b, 5)?, two(b, 8)?)?, &b[10..])
        }
        10 | 16 | 19 if b[2] == b'/' && b[5] == b'/' => {
            let (p, q) = (two(b, 0)?, two(b, 3)?);
            let y = (two(b, 6)? * 100 + two(b, 8)?) as i32;
            let day_first = match ctx.slash_order {
                SlashOrder::DayFirst => p <= 31 && q <= 12,
                SlashOrder::MonthFirst => p > 12,
            };
            let d = if day_first {
                ymd(y, q, p)
            } else {
                ymd(y, p, q)
            };
            (d?, &b[10..])
        }
        _ => return None,
    };
    let time = match rest.len() {
        0 => NaiveTime::MIN,
        6 | 9 if (rest[0] == b' ' || rest[0] == b'T') && rest[3] == b':' => {
            let sec = if rest.len() == 9 {
                if rest[6] != b':' {
                    return None;
                }
                two(rest, 7)?
            } else {
                0
            };
            NaiveTime::from_hms_opt(two(rest, 1)?, two(rest, 4)?, sec)?
        }
        _ => return None,
    };
    Some(Timestamp::naive(NaiveDateTime::new(date, time)))
}

/// Parses a timestamp in any form an export writes (see the module doc). `None` when it is not a date.
pub fn parse_timestamp(raw: &str, ctx: &DateContext) -> Option<Timestamp> {
    if let Some(t) = parse_common(raw, ctx) {
        return Some(t);
    }
    let s = raw.trim().trim_matches('"').trim();
    if s.is_empty() || s.len() > MAX_DATE_LEN {
        return None;
    }
    // Unix seconds (VK, Telegram) or milliseconds.
    if s.bytes().all(|b| b.is_ascii_digit()) && (9..=13).contains(&s.len()) {
        let n: i64 = s.parse().ok()?;
        let secs = if s.len() == 13 { n / 1000 } else { n };
        let dt = chrono::Utc.timestamp_opt(secs, 0).single()?;
        // The same years as written dates: twelve digits of seconds reach year 33658.
        ymd(dt.year(), 1, 1)?;
        return Some(Timestamp {
            local: dt.naive_utc(),
            offset: chrono::FixedOffset::east_opt(0),
        });
    }
    let (body, offset) = split_offset(s);
    let body = body.trim();
    // Date and time: split at 'T' (ISO) or the first space after a numeric date.
    let (date_part, time_part) = match body.find(['T', ' ']) {
        Some(i)
            if body[..i].contains(['-', '/', '.'])
                && body[..i]
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.')) =>
        {
            let t = body[i + 1..].trim().trim_start_matches(['в', ' ']).trim();
            (&body[..i], Some(t))
        }
        None if body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.')) =>
        {
            (body, None)
        }
        _ => ("", None),
    };
    if !date_part.is_empty() {
        let date = parse_numeric_date(date_part.trim_end_matches('.'), ctx)?;
        let time = match time_part {
            Some(t) if !t.is_empty() => parse_time(t)?,
            _ => NaiveTime::MIN,
        };
        return Some(Timestamp {
            local: NaiveDateTime::new(date, time),
            offset,
        });
    }
    let (date, time) = parse_named_month(body, ctx)?;
    Some(Timestamp {
        local: NaiveDateTime::new(date, time.unwrap_or(NaiveTime::MIN)),
        offset,
    })
}

/// True when a date value has no year (`July 16`, `16 июля`): the caller must supply one.
pub fn lacks_year(raw: &str) -> bool {
    let probe = DateContext {
        default_year: None,
        ..Default::default()
    };
    parse_timestamp(raw, &probe).is_none()
        && parse_timestamp(
            raw,
            &DateContext {
                default_year: Some(2000),
                ..Default::default()
            },
        )
        .is_some()
}

/// The year to give year-less dates so that none lies after `today`:
/// the latest year for which every one of them is on or before `today`.
pub fn infer_year<'a>(values: impl IntoIterator<Item = &'a str>, today: NaiveDate) -> i32 {
    let mut latest: Option<(u32, u32)> = None;
    for v in values {
        let ctx = DateContext {
            default_year: Some(2000),
            ..Default::default()
        };
        if let Some(t) = parse_timestamp(v, &ctx) {
            let md = (t.local.month(), t.local.day());
            if latest.is_none_or(|l| md > l) {
                latest = Some(md);
            }
        }
    }
    match latest {
        Some((m, d)) if (m, d) > (today.month(), today.day()) => today.year() - 1,
        _ => today.year(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Option<String> {
        parse_timestamp(s, &DateContext::default())
            .map(|t| t.local.format("%Y-%m-%d %H:%M").to_string())
    }

    #[test]
    fn counts_with_separators() {
        assert_eq!(parse_count("1 234"), Ok(Some(1234)));
        assert_eq!(parse_count("1\u{a0}234\u{a0}567"), Ok(Some(1234567)));
        assert_eq!(parse_count("1,234"), Ok(Some(1234)));
        assert_eq!(parse_count("1.234"), Ok(Some(1234)));
        assert_eq!(parse_count("1.234.567"), Ok(Some(1234567)));
        assert_eq!(parse_count("12.0"), Ok(Some(12)));
        assert_eq!(parse_count("1.2K"), Ok(Some(1200)));
        assert_eq!(parse_count("3,4 млн"), Ok(Some(3_400_000)));
        assert_eq!(parse_count(" 42 "), Ok(Some(42)));
    }

    #[test]
    fn missing_markers_are_not_zero() {
        for s in ["", " ", "--", "N/A", "undefined", "NaN", "NAN", "null", "—"] {
            assert_eq!(parse_count(s), Ok(None), "{s:?}");
        }
    }

    #[test]
    fn every_marker_is_missing_in_any_case_and_with_blanks() {
        let markers = [
            "-",
            "--",
            "—",
            "–",
            "n/a",
            "na",
            "nan",
            "undefined",
            "null",
            "none",
            "nil",
            "#n/a",
            "н/д",
            "нет данных",
            "(not set)",
            "-nan",
            "inf",
        ];
        for m in markers {
            for s in [
                m.to_string(),
                m.to_uppercase(),
                format!(" {m}\t"),
                format!("\u{a0}{}", m.to_uppercase()),
            ] {
                assert!(is_missing(&s), "{s:?}");
            }
        }
        for s in [
            "@anna_k", "anna", "nina", "Ivan", "user7", "e3b0c442", "#tag", "(c)", "-5",
        ] {
            assert!(!is_missing(s), "{s:?}");
        }
        // What is a value at a glance is never a marker, and no marker is
        // taken for a value at a glance.
        for m in markers {
            for s in [m.to_string(), m.to_uppercase(), format!(" {m}")] {
                assert!(!surely_present(s.as_bytes()), "{s:?}");
            }
        }
        for s in ["@anna_k", "anna", "Olga", "7", "e3b0c442", "max_1"] {
            assert!(surely_present(s.as_bytes()), "{s:?}");
        }
        for s in ["", " 7", "nina", "user7", "Иван", "-5", "#7"] {
            assert!(!surely_present(s.as_bytes()), "{s:?}");
        }
    }

    #[test]
    fn bad_counts_are_errors() {
        assert_eq!(parse_count("abc"), Err(ValueError::NotANumber));
        assert_eq!(parse_count("-5"), Err(ValueError::Negative));
        assert_eq!(parse_count("12.5"), Err(ValueError::Fraction));
        assert_eq!(
            parse_count("99999999999999999999999"),
            Err(ValueError::TooLarge)
        );
        assert_eq!(parse_count("3.апр"), Err(ValueError::LooksLikeDate));
    }

    #[test]
    fn months_weeks_and_ranges_end_on_their_last_day() {
        let ctx = DateContext::default();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(parse_period_end("2025-01", &ctx), d(2025, 1, 31));
        assert_eq!(parse_period_end("2024-02", &ctx), d(2024, 2, 29));
        assert_eq!(parse_period_end("12.2025", &ctx), d(2025, 12, 31));
        assert_eq!(parse_period_end("03/2025", &ctx), d(2025, 3, 31));
        assert_eq!(parse_period_end("январь 2025", &ctx), d(2025, 1, 31));
        assert_eq!(parse_period_end("Февраль 2025 г.", &ctx), d(2025, 2, 28));
        assert_eq!(parse_period_end("Sep 2025", &ctx), d(2025, 9, 30));
        assert_eq!(parse_period_end("enero de 2025", &ctx), d(2025, 1, 31));
        assert_eq!(parse_period_end("2025-W01", &ctx), d(2025, 1, 5));
        assert_eq!(
            parse_period_end("01.01.2025 - 07.01.2025", &ctx),
            d(2025, 1, 7)
        );
        assert_eq!(parse_period_end("2025-01-31", &ctx), None, "a day");
        assert_eq!(parse_period_end("13.2025", &ctx), None);
        assert_eq!(parse_period_end("07.01.2025 - 01.01.2025", &ctx), None);
        assert_eq!(parse_period_end("coffee 2025", &ctx), None);
    }

    #[test]
    fn net_changes_keep_their_sign() {
        assert_eq!(parse_signed_count("-3"), Ok(Some(-3)));
        assert_eq!(parse_signed_count("\u{2212}1 234"), Ok(Some(-1234)));
        assert_eq!(parse_signed_count(" -1.2K "), Ok(Some(-1200)));
        assert_eq!(parse_signed_count("-0"), Ok(Some(0)));
        assert_eq!(parse_signed_count("17"), Ok(Some(17)));
        // Plain digits read in one pass give what the general path gives,
        // leading zeros and the longest that fit included.
        for s in ["0", "007", "123456789012345678", "1234567890123456789"] {
            assert_eq!(parse_signed_count(s), Ok(Some(s.parse::<i64>().unwrap())));
            assert_eq!(parse_count_i64(s), Ok(Some(s.parse::<i64>().unwrap())));
        }
        assert_eq!(parse_count_i64("9223372036854775807"), Ok(Some(i64::MAX)));
        assert_eq!(parse_count_i64(" 1 234 "), Ok(Some(1234)));
        assert_eq!(parse_count_i64("-3"), Err(ValueError::Negative));
        assert_eq!(parse_signed_count(" 17 "), Ok(Some(17)));
        // `-` and `--` alone are "not reported", never 0.
        assert_eq!(parse_signed_count("-"), Ok(None));
        assert_eq!(parse_signed_count("--"), Ok(None));
        assert_eq!(parse_signed_count("-nan"), Ok(None));
        assert_eq!(parse_signed_count("-2.5"), Err(ValueError::Fraction));
        assert_eq!(parse_signed_count("-abc"), Err(ValueError::NotANumber));
        // A signed count holds up to 2⁶³ − 1 either way.
        assert_eq!(
            parse_signed_count("-9223372036854775807"),
            Ok(Some(-i64::MAX))
        );
        assert_eq!(
            parse_count_i64("9223372036854775808"),
            Err(ValueError::TooLarge)
        );
    }

    #[test]
    fn decimals_a_spreadsheet_turned_into_dates_are_repaired() {
        assert_eq!(repair_mangled_decimal("3.апр"), Some(3.4));
        assert_eq!(repair_mangled_decimal("17.юни"), Some(17.6));
        assert_eq!(repair_mangled_decimal("4.яну"), Some(4.1));
        assert_eq!(repair_mangled_decimal("3.окт"), Some(3.1));
        assert_eq!(repair_mangled_decimal("8.сен."), Some(8.9));
        assert_eq!(repair_mangled_decimal("12-Mar"), Some(12.3));
        assert_eq!(repair_mangled_decimal("3.4"), None);
        assert_eq!(repair_mangled_decimal("Lifetime"), None);
        assert_eq!(repair_mangled_decimal("123.апр"), None);
        assert_eq!(parse_decimal_repairing("6.май"), Ok((Some(6.5), true)));
        assert_eq!(parse_decimal_repairing("6.5"), Ok((Some(6.5), false)));
        assert_eq!(parse_decimal_repairing(""), Ok((None, false)));
        assert!(parse_decimal_repairing("x").is_err());
    }

    #[test]
    fn long_cells_are_quoted_briefly() {
        assert_eq!(excerpt("  12abc "), "12abc");
        let long = format!("{}x", "9".repeat(50));
        assert_eq!(
            excerpt(&long),
            format!("{}… (51 characters)", "9".repeat(40))
        );
        let cyrillic = "я".repeat(41);
        assert_eq!(
            excerpt(&cyrillic),
            format!("{}… (41 characters)", "я".repeat(40))
        );
    }

    #[test]
    fn long_cells_and_far_years_are_not_dates() {
        assert_eq!(ts(&"Jan 1:1 ".repeat(100)), None);
        assert_eq!(
            ts("Понедельник, 8 сентября 2025 г. в 14:30").as_deref(),
            Some("2025-09-08 14:30")
        );
        // Twelve digits of Unix seconds reach beyond the year 9999.
        assert_eq!(ts("253402300799").as_deref(), Some("9999-12-31 23:59"));
        assert_eq!(ts("253402300800"), None);
        assert_eq!(ts("9999-12-31").as_deref(), Some("9999-12-31 00:00"));
    }

    #[test]
    fn decimals() {
        assert_eq!(parse_number("0,7497"), Ok(Some(0.7497)));
        assert_eq!(parse_number("1 234,5"), Ok(Some(1234.5)));
        assert_eq!(parse_number("1,234.5"), Ok(Some(1234.5)));
        assert_eq!(parse_number("1.234,5"), Ok(Some(1234.5)));
        assert_eq!(parse_number("5.19"), Ok(Some(5.19)));
        assert_eq!(parse_number("12%"), Ok(Some(12.0)));
        assert_eq!(parse_number("-3"), Ok(Some(-3.0)));
    }

    #[test]
    fn date_forms() {
        assert_eq!(ts("03/18/2025 09:48").as_deref(), Some("2025-03-18 09:48"));
        assert_eq!(ts("Jan 8, 2025").as_deref(), Some("2025-01-08 00:00"));
        assert_eq!(ts("31.01.2024 14:30").as_deref(), Some("2024-01-31 14:30"));
        assert_eq!(ts("31.01.2024").as_deref(), Some("2024-01-31 00:00"));
        assert_eq!(ts("2025-01-08").as_deref(), Some("2025-01-08 00:00"));
        assert_eq!(
            ts("2025-01-08T10:05:00").as_deref(),
            Some("2025-01-08 10:05")
        );
        assert_eq!(
            ts("2025-01-08T10:05:00+03:00").as_deref(),
            Some("2025-01-08 10:05")
        );
        assert_eq!(
            ts("2025/10/31 18:19:10").as_deref(),
            Some("2025-10-31 18:19")
        );
        assert_eq!(ts("13-06-2025").as_deref(), Some("2025-06-13 00:00"));
        assert_eq!(ts("1689611059").as_deref(), Some("2023-07-17 16:24"));
        assert_eq!(ts("8 января 2025").as_deref(), Some("2025-01-08 00:00"));
        assert_eq!(
            ts("8 de marzo de 2025").as_deref(),
            Some("2025-03-08 00:00")
        );
        assert_eq!(
            ts("March 3, 2025 2:15 PM").as_deref(),
            Some("2025-03-03 14:15")
        );
        assert_eq!(ts("Lifetime"), None);
        assert_eq!(ts("July 16"), None);
        assert_eq!(
            ts("8 января 2025 г. в 14:30").as_deref(),
            Some("2025-01-08 14:30")
        );
        assert_eq!(ts("январь14:30"), None);
        assert_eq!(ts("0000-01-01"), None);
        assert_eq!(ts("2025-13-01"), None);
    }

    #[test]
    fn common_forms_read_fast_as_the_general_parser_reads_them() {
        let month_first = DateContext::default();
        let day_first = DateContext {
            slash_order: SlashOrder::DayFirst,
            default_year: None,
        };
        for s in [
            "2025-01-31",
            "2025-01-31 14:30",
            "2025-01-31T14:30:05",
            "01/02/2025 10:00",
            "13/02/2025 10:00",
            "02/13/2025",
        ] {
            for ctx in [&month_first, &day_first] {
                let fast = parse_common(s, ctx);
                // The general parser, on the same text with a space it trims.
                let slow = parse_timestamp(&format!(" {s}"), ctx);
                assert_eq!(fast, slow, "{s}");
            }
        }
        for s in [
            "2025-13-01",
            "2025-02-30",
            "0000-01-01",
            "2025-01-31 25:00",
            "2025-01-31X14:30",
        ] {
            assert_eq!(parse_common(s, &month_first), None, "{s}");
        }
        assert_eq!(parse_common("2025-01-31 14:30+03:00", &month_first), None);
    }

    #[test]
    fn offsets_are_kept() {
        let t = parse_timestamp("2025-01-08T10:05:00+03:00", &DateContext::default()).unwrap();
        assert_eq!(t.offset.map(|o| o.local_minus_utc()), Some(3 * 3600));
        let z = parse_timestamp("2025-01-08T10:05:00Z", &DateContext::default()).unwrap();
        assert_eq!(z.offset.map(|o| o.local_minus_utc()), Some(0));
    }

    #[test]
    fn slash_order_from_column() {
        assert_eq!(
            detect_slash_order(["01/02/2025", "25/02/2025"]),
            SlashOrder::DayFirst
        );
        assert_eq!(
            detect_slash_order(["01/02/2025", "02/25/2025"]),
            SlashOrder::MonthFirst
        );
        let ctx = DateContext {
            slash_order: SlashOrder::DayFirst,
            default_year: None,
        };
        let t = parse_timestamp("01/02/2025", &ctx).unwrap();
        assert_eq!(t.local.date(), NaiveDate::from_ymd_opt(2025, 2, 1).unwrap());
    }

    #[test]
    fn year_less_dates() {
        assert!(lacks_year("July 16"));
        assert!(!lacks_year("July 16, 2025"));
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(infer_year(["July 16", "February 1"], today), 2025);
        assert_eq!(infer_year(["January 16", "February 1"], today), 2026);
        let ctx = DateContext {
            default_year: Some(2025),
            ..Default::default()
        };
        let t = parse_timestamp("July 16", &ctx).unwrap();
        assert_eq!(
            t.local.date(),
            NaiveDate::from_ymd_opt(2025, 7, 16).unwrap()
        );
    }
}
