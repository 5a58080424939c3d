//! Rows of a costs file (`report --costs`): what was spent on a campaign or
//! in a period, and what it brought back. An ads export given as a costs
//! file gives the same rows (its spend and conversion value).

use chrono::NaiveDate;
use serde::Serialize;

/// One row of a costs file: a campaign, a period, or a campaign in a
/// period. Money is in `currency`; `None` means not reported, never 0.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CostRow {
    /// Input file (as given) the row came from.
    pub file: String,
    /// 1-based line in the file.
    pub line: u64,
    /// The campaign (as the posts' `utm_campaign` names it), when the file
    /// has a campaign column.
    pub campaign: Option<String>,
    /// First and last day the row covers, when the file has a period column
    /// (`2025-03`, `2025-Q1`, `2025-W05`, a day, a range of days).
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// The currency of the money figures, as given (`RUB`, `₽`, `USD`).
    pub currency: Option<String>,
    pub spend: Option<f64>,
    pub revenue: Option<f64>,
    pub new_customers: Option<u64>,
    /// Conversions (orders, leads) as the file counts them.
    pub conversions: Option<f64>,
}
