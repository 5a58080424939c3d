//! A calendar month, the unit of activity logs and of the active core.

use serde::Serialize;

/// A calendar month, counted from January of year 0 (`year × 12 + month − 1`),
/// so consecutive months are consecutive numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(pub i32);

impl Month {
    /// The month of `year`-`month` (1–12); `None` for a month outside 1–12.
    pub fn from_ym(year: i32, month: u32) -> Option<Month> {
        (1..=12)
            .contains(&month)
            .then(|| Month(year * 12 + month as i32 - 1))
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1–12.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// The month `n` months later (earlier for a negative `n`).
    pub fn plus(self, n: i32) -> Month {
        Month(self.0 + n)
    }

    /// Reads `YYYY-MM` (also `YYYY-M`, `YYYY/MM`, `MM.YYYY`).
    pub fn parse(s: &str) -> Option<Month> {
        let t = s.trim();
        let (y, m) = if let Some((a, b)) = t.split_once(['-', '/']) {
            (a, b)
        } else {
            let (a, b) = t.split_once('.')?;
            (b, a)
        };
        if y.len() != 4 || m.is_empty() || m.len() > 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        if !(1..=9999).contains(&year) || !y.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Month::from_ym(year, month)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl schemars::JsonSchema for Month {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Month".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A calendar month, `YYYY-MM`.",
            "type": "string",
            "pattern": "^-?[0-9]{4,}-[0-9]{2}$"
        })
    }
}
