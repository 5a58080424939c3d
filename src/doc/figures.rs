//! The summary figures of a report by their JSON names, as numbers: what a
//! goal may aim at and what a comparison sets side by side. The list is the
//! summary's own fields (every number of [`SetSummary`]), so a figure added
//! to the summary is a goal metric and compared without a list to update.

use serde_json::Value;

use crate::metrics::SetSummary;

/// Summary fields that are not numbers.
const NOT_FIGURES: [&str; 1] = ["band"];

/// Every numeric figure of a summary in field order, `None` where it is
/// not reported or undefined.
pub fn summary_figures(s: &SetSummary) -> Vec<(String, Option<f64>)> {
    let Ok(Value::Object(obj)) = serde_json::to_value(s) else {
        return Vec::new();
    };
    obj.into_iter()
        .filter(|(k, v)| !NOT_FIGURES.contains(&k.as_str()) && (v.is_number() || v.is_null()))
        .map(|(k, v)| (k, v.as_f64()))
        .collect()
}

/// One figure of a summary by its JSON name.
pub fn summary_figure(s: &SetSummary, name: &str) -> Option<f64> {
    summary_figures(s)
        .into_iter()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v)
}

/// The names of the summary's figures: `posts`, `reach`, ..., `er`,
/// `er_mean`, ..., `ctr`, `reach_mean`, ...
pub fn summary_names() -> Vec<String> {
    summary_figures(&SetSummary::default())
        .into_iter()
        .map(|(k, _)| k)
        .collect()
}

/// Whether a figure is a rate in % (ER, CTR, negative rate), whose change
/// is in percentage points.
pub fn is_rate(name: &str) -> bool {
    name == "er" || name.starts_with("er_") || name == "ctr" || name.ends_with("_rate")
}

/// Whether a figure is a count (a whole number).
pub fn is_count(name: &str) -> bool {
    !is_rate(name) && !name.ends_with("_mean")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_of_the_summary_is_a_figure_and_band_is_not() {
        let names = summary_names();
        for n in [
            "posts",
            "reach",
            "er",
            "er_mean",
            "er_median",
            "ctr",
            "reach_mean",
        ] {
            assert!(names.iter().any(|x| x == n), "{n} in {names:?}");
        }
        assert!(!names.iter().any(|x| x == "band"));
    }

    #[test]
    fn figures_read_the_summary_by_name() {
        let s = SetSummary {
            posts: 3,
            reach: Some(120),
            er_mean: Some(2.5),
            ..Default::default()
        };
        assert_eq!(summary_figure(&s, "posts"), Some(3.0));
        assert_eq!(summary_figure(&s, "reach"), Some(120.0));
        assert_eq!(summary_figure(&s, "er_mean"), Some(2.5));
        assert_eq!(summary_figure(&s, "ctr"), None);
        assert_eq!(summary_figure(&s, "nonsense"), None);
    }

    #[test]
    fn rates_are_told_from_counts_and_means() {
        assert!(
            is_rate("er") && is_rate("er_median") && is_rate("ctr") && is_rate("negative_rate")
        );
        assert!(!is_rate("reach") && !is_rate("reach_mean"));
        assert!(is_count("reach") && is_count("posts") && !is_count("reach_mean"));
    }
}
