//! Cell values: numbers, counts, "not reported" markers and every date form,
//! alone and as a column (day/month order, year inference).
#![no_main]

use chrono::{Datelike, NaiveDate};
use smmkpi::input::values::{self, DateContext, SlashOrder};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let missing = values::is_missing(&s);
    match values::parse_number(&s) {
        Ok(Some(v)) => assert!(v.is_finite() && !missing, "{s:?} -> {v}"),
        Ok(None) => assert!(missing),
        Err(_) => {}
    }
    if let Ok(v) = values::parse_count(&s) {
        assert_eq!(v.is_none(), missing, "{s:?}");
    }
    for slash_order in [SlashOrder::MonthFirst, SlashOrder::DayFirst] {
        for default_year in [None, Some(2024), Some(9999)] {
            let ctx = DateContext {
                slash_order,
                default_year,
            };
            if let Some(t) = values::parse_timestamp(&s, &ctx) {
                assert!(
                    (1..=9999).contains(&t.local.year()),
                    "{s:?} -> {:?}",
                    t.local
                );
                let _ = t.to_iso();
            }
        }
    }
    // The same text as a column of values (one per line).
    let column: Vec<&str> = s.lines().collect();
    let _ = values::detect_slash_order(column.iter().copied());
    let _ = values::lacks_year(&s);
    let today = NaiveDate::from_ymd_opt(2025, 6, 15).expect("a valid date");
    let y = values::infer_year(column.iter().copied(), today);
    assert!(y == 2024 || y == 2025);
});
