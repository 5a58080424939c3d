//! Times of activity rows as months: the usual forms read in line, a cache
//! of the dates read, and every other form through the general reader.

use chrono::Datelike;

use super::text_of;
use crate::input::activity::counts;
use crate::input::values::{self, DateContext};
use crate::input::ReadOptions;
use crate::model::Month;

/// How times become months.
#[derive(Debug, Clone, Default)]
pub struct Dates {
    pub ctx: DateContext,
    /// `--tz`: instants with an offset (and Unix times) move into this zone;
    /// without it a time's month is the one written, in its own local time.
    pub tz: Option<chrono_tz::Tz>,
}

/// Why a time gave no month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFail {
    Missing,
    Unreadable,
    OutOfRange,
}

impl Dates {
    /// [`Dates::month_bits`], reusing the date part of the previous time.
    #[inline]
    pub fn month_bits_cached(&self, raw: &[u8], cache: &mut DateCache) -> Result<u64, DateFail> {
        if let Some(date) = raw.first_chunk::<10>() {
            let offset_ok = self.tz.is_none();
            let rest = &raw[10..];
            let slot = cache.slot(date);
            if slot.valid && *date == slot.date {
                if fast_rest(rest, slot.iso, offset_ok) {
                    return Ok(slot.bits);
                }
            } else if let Some((month, iso)) = fast_date(raw) {
                if let Some(bits) = counts::month_bits(month) {
                    *slot = DateSlot {
                        date: *date,
                        iso,
                        bits,
                        valid: true,
                    };
                    if fast_rest(rest, iso, offset_ok) {
                        return Ok(bits);
                    }
                }
            }
        }
        self.month_bits(raw)
    }

    /// The month of a time, in the key's month bits.
    #[inline]
    pub fn month_bits(&self, raw: &[u8]) -> Result<u64, DateFail> {
        let month = match fast_month(raw, self.tz.is_none()) {
            Some(m) => m,
            None => self.slow_month(raw)?,
        };
        counts::month_bits(month).ok_or(DateFail::OutOfRange)
    }

    #[cold]
    fn slow_month(&self, raw: &[u8]) -> Result<Month, DateFail> {
        let text = text_of(raw);
        if values::is_missing(&text) {
            return Err(DateFail::Missing);
        }
        let t = values::parse_timestamp(&text, &self.ctx).ok_or(DateFail::Unreadable)?;
        let t = ReadOptions {
            tz: self.tz,
            ..Default::default()
        }
        .localize(t);
        Month::from_ym(t.local.year(), t.local.month()).ok_or(DateFail::Unreadable)
    }
}

/// The value of two ASCII digits.
#[inline]
fn two(a: u8, b: u8) -> Option<u32> {
    let (x, y) = (a.wrapping_sub(b'0'), b.wrapping_sub(b'0'));
    (x < 10 && y < 10).then_some(u32::from(x) * 10 + u32::from(y))
}

fn valid_day(y: u32, m: u32, d: u32) -> bool {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// `HH:MM`, `HH:MM:SS`, `HH:MM:SS.fff`; returns the bytes after it.
#[inline]
fn time_prefix(t: &[u8]) -> Option<&[u8]> {
    let [h1, h2, b':', m1, m2, rest @ ..] = t else {
        return None;
    };
    if two(*h1, *h2)? > 23 || two(*m1, *m2)? > 59 {
        return None;
    }
    match rest {
        [b':', s1, s2, rest @ ..] => {
            if two(*s1, *s2)? > 59 {
                return None;
            }
            match rest {
                [b'.', frac @ ..] => {
                    let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
                    (n > 0).then_some(&frac[n..])
                }
                _ => Some(rest),
            }
        }
        _ => Some(rest),
    }
}

/// `Z`, `+03:00`, `+0300`, `+03`, `-05:00`.
fn is_offset(t: &[u8]) -> bool {
    match t {
        b"Z" => true,
        [b'+' | b'-', rest @ ..] => {
            let hours = |a, b| two(a, b).is_some_and(|h| h <= 23);
            match *rest {
                [h1, h2] => hours(h1, h2),
                [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => {
                    hours(h1, h2) && two(m1, m2).is_some_and(|m| m <= 59)
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// The month of the common machine-written forms, exactly as
/// [`values::parse_timestamp`] reads them; `None` sends a value to it.
/// `offset_ok`: a time with a UTC offset keeps its written month (no `--tz`).
#[inline]
fn fast_month(raw: &[u8], offset_ok: bool) -> Option<Month> {
    match fast_date(raw) {
        Some((month, iso)) if fast_rest(raw.get(10..)?, iso, offset_ok) => Some(month),
        Some(_) => None,
        None => unix_month(raw, offset_ok),
    }
}

/// The month of a leading `YYYY-MM-DD` (`iso`) or `DD.MM.YYYY` date.
#[inline]
fn fast_date(raw: &[u8]) -> Option<(Month, bool)> {
    let (y, m, d, iso) = match *raw.first_chunk::<10>()? {
        [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] => (
            two(y1, y2)? * 100 + two(y3, y4)?,
            two(m1, m2)?,
            two(d1, d2)?,
            true,
        ),
        [d1, d2, b'.', m1, m2, b'.', y1, y2, y3, y4] => (
            two(y1, y2)? * 100 + two(y3, y4)?,
            two(m1, m2)?,
            two(d1, d2)?,
            false,
        ),
        _ => return None,
    };
    if y == 0 || !valid_day(y, m, d) {
        return None;
    }
    Some((Month::from_ym(y as i32, m)?, iso))
}

/// What may follow a fast date: nothing, or a time (and, for ISO dates
/// without `--tz`, an offset).
#[inline]
fn fast_rest(rest: &[u8], iso: bool, offset_ok: bool) -> bool {
    if rest.is_empty() {
        return true;
    }
    if !(rest[0] == b' ' || rest[0] == b'T' && iso) {
        return false;
    }
    match time_prefix(&rest[1..]) {
        Some(tail) => tail.is_empty() || (iso && offset_ok && is_offset(tail)),
        None => false,
    }
}

/// Date parts of times read and their month bits, by a hash of the date:
/// a log in time order comes back to one slot row after row, and a
/// shuffled one to one of a few hundred days.
#[derive(Debug, Default, Clone)]
pub struct DateCache {
    /// [`DATE_SLOTS`] slots, once a date is looked up.
    slots: Vec<DateSlot>,
}

/// Slots of a [`DateCache`] (12 KB): more than a year of days.
const DATE_SLOTS: usize = 512;

#[derive(Debug, Default, Clone, Copy)]
struct DateSlot {
    date: [u8; 10],
    iso: bool,
    bits: u64,
    valid: bool,
}

impl DateCache {
    /// The slot of a date.
    #[inline]
    fn slot(&mut self, date: &[u8; 10]) -> &mut DateSlot {
        if self.slots.is_empty() {
            self.slots = vec![DateSlot::default(); DATE_SLOTS];
        }
        let [a, b, c, d, e, f, g, h, i, j] = *date;
        let word = u64::from_le_bytes([a, b, c, d, e, f, g, h])
            ^ u64::from(u16::from_le_bytes([i, j])) << 20;
        let at = word.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - DATE_SLOTS.trailing_zeros());
        &mut self.slots[at as usize]
    }
}

/// Unix seconds (9–12 digits) or milliseconds (13), in UTC.
fn unix_month(raw: &[u8], utc_ok: bool) -> Option<Month> {
    if !utc_ok || !(9..=13).contains(&raw.len()) {
        return None;
    }
    let v = values::decimal(raw)? as i64;
    let secs = if raw.len() == 13 { v / 1000 } else { v };
    let t = chrono::DateTime::from_timestamp(secs, 0)?;
    Month::from_ym(t.year(), t.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn general(s: &str) -> Option<Month> {
        values::parse_timestamp(s, &DateContext::default())
            .map(|t| Month::from_ym(t.local.year(), t.local.month()).unwrap())
    }

    #[test]
    fn the_fast_path_agrees_with_the_general_date_reader() {
        let samples = [
            "2024-03-15 13:45:12",
            "2024-03-15T13:45:12",
            "2024-03-15T13:45",
            "2024-03-15",
            "2024-02-29 00:00:00",
            "2023-02-29 00:00:00",
            "2024-03-31T23:30:00+03:00",
            "2024-03-31T23:30:00-0500",
            "2024-03-31T23:30:00Z",
            "2024-03-31 23:30:00.123",
            "2024-03-31T23:30:00.123456+03",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "2024-03-15 24:00",
            "2024-03-15 23:60",
            "2024-03-15 23:59:60",
            "2024-03-15 1:45",
            "2024-03-15X13:45",
            "2024-03-15 13:45 extra",
            "15.03.2024 13:45:12",
            "15.03.2024 13:45",
            "15.03.2024",
            "31.04.2024",
            "15.03.2024T13:45",
            "15.03.2024 13:45+03:00",
            "1710510312",
            "1710510312000",
            "171051031",
            "17105103120",
            "0000-01-01",
        ];
        for s in samples {
            let fast = fast_month(s.as_bytes(), true);
            if let Some(f) = fast {
                assert_eq!(Some(f), general(s), "{s}");
            }
            let d = Dates::default().month_bits(s.as_bytes()).ok();
            assert_eq!(
                d,
                general(s).and_then(counts::month_bits),
                "{s}: fast {fast:?}"
            );
        }
        // The common forms never leave the fast path.
        for s in ["2024-03-15 13:45:12", "15.03.2024 13:45", "1710510312"] {
            assert!(fast_month(s.as_bytes(), true).is_some(), "{s}");
        }
    }

    #[test]
    fn with_a_zone_offsets_and_unix_times_move_into_it() {
        let moscow = Dates {
            ctx: DateContext::default(),
            tz: Some(chrono_tz::Europe::Moscow),
        };
        let mar = counts::month_bits(Month::parse("2024-03").unwrap()).unwrap();
        let apr = counts::month_bits(Month::parse("2024-04").unwrap()).unwrap();
        // 23:30 UTC on 31 March is 02:30 on 1 April in Moscow.
        assert_eq!(moscow.month_bits(b"2024-03-31T23:30:00Z"), Ok(apr));
        assert_eq!(
            Dates::default().month_bits(b"2024-03-31T23:30:00Z"),
            Ok(mar)
        );
        // A wall-clock time is taken as already in the zone.
        assert_eq!(moscow.month_bits(b"2024-03-31 23:30:00"), Ok(mar));
        assert_eq!(moscow.month_bits(b"1711927800"), Ok(apr));
    }

    #[test]
    fn dates_in_any_order_are_read_from_the_cache_as_without_it() {
        let d = Dates::default();
        let mut cache = DateCache::default();
        // Every day of two years, each in two forms, visited in a shuffled
        // order three times over: slots are shared and overwritten.
        let mut days = Vec::new();
        let mut day = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
        while day.year() < 2025 {
            days.push(day.format("%Y-%m-%d 12:00").to_string());
            days.push(day.format("%d.%m.%Y").to_string());
            day = day.succ_opt().unwrap();
        }
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3 * days.len() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let raw = days[x as usize % days.len()].as_bytes();
            assert_eq!(
                d.month_bits_cached(raw, &mut cache),
                d.month_bits(raw),
                "{raw:?}"
            );
        }
        assert!(cache.slots.iter().filter(|s| s.valid).count() > DATE_SLOTS / 2);
    }

    #[test]
    fn a_cached_date_still_checks_the_rest_of_the_time() {
        let d = Dates::default();
        let mut cache = DateCache::default();
        let jan = counts::month_bits(Month::parse("2024-01").unwrap()).unwrap();
        assert_eq!(
            d.month_bits_cached(b"2024-01-05 10:00:00", &mut cache),
            Ok(jan)
        );
        assert_eq!(
            d.month_bits_cached(b"2024-01-05 25:00:00", &mut cache),
            Err(DateFail::Unreadable)
        );
        assert_eq!(d.month_bits_cached(b"2024-01-05", &mut cache), Ok(jan));
        assert_eq!(
            d.month_bits_cached(b"05.01.2024 10:00", &mut cache),
            Ok(jan)
        );
        assert_eq!(
            d.month_bits_cached(b"2024-02-30 10:00", &mut cache),
            Err(DateFail::Unreadable)
        );
        assert_eq!(
            d.month_bits_cached(b"2024-01-05 10:00 later", &mut cache),
            Err(DateFail::Unreadable)
        );
    }

    #[test]
    fn date_failures_are_told_apart() {
        assert_eq!(Dates::default().month_bits(b""), Err(DateFail::Missing));
        assert_eq!(Dates::default().month_bits(b"N/A"), Err(DateFail::Missing));
        assert_eq!(
            Dates::default().month_bits(b"yesterday"),
            Err(DateFail::Unreadable)
        );
        assert_eq!(
            Dates::default().month_bits(b"1850-01-01"),
            Err(DateFail::OutOfRange)
        );
        assert!(Dates::default().month_bits(b"Jan 8, 2025").is_ok());
    }
}
