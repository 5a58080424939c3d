//! `smmkpi formulas`: the catalogue of every figure, and its one source of
//! truth: docs/metrics.md holds the same catalogue (a test keeps the two
//! equal), every entry points at a section of docs/metrics.md, and every
//! section that defines a figure has an entry.

use std::collections::BTreeSet;

use crate::util::*;

/// Sections of docs/metrics.md that define no figure of their own: the
/// conventions, overviews, worked examples, the rules of what is read, and
/// `smmkpi er`'s list of the figures defined elsewhere.
const NOT_FIGURES: [&str; 34] = [
    "contents",
    "conventions",
    "not-reported",
    "net-changes",
    "set-rules",
    "rounding",
    "tested-examples",
    "er-set",
    "er-example",
    "rates",
    "rates-example",
    "compat",
    "periods",
    "duplicates",
    "followers-fill",
    "totals-check",
    "audience-growth",
    "follower-levels",
    "growth-platforms",
    "growth-anchors",
    "growth-snapshots",
    "core-window",
    "web",
    "web-join",
    "web-join-key",
    "web-join-sets",
    "money",
    "money-example",
    "money-sets",
    "comparison",
    "compare-range",
    "goals",
    "goal-values",
    "er-command",
];

fn metrics_md() -> String {
    std::fs::read_to_string(format!("{}/docs/metrics.md", env!("CARGO_MANIFEST_DIR")))
        .expect("docs/metrics.md")
}

/// The anchors (`<a id="...">`) of docs/metrics.md.
fn anchors(doc: &str) -> BTreeSet<String> {
    doc.split("<a id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

fn catalogue() -> Vec<serde_json::Value> {
    json_of(&["formulas"])["metrics"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn every_entry_names_a_section_of_docs_metrics_md_and_every_figure_has_an_entry() {
    let doc = metrics_md();
    let sections = anchors(&doc);
    let entries: BTreeSet<String> = catalogue()
        .iter()
        .map(|e| e["anchor"].as_str().unwrap().to_string())
        .collect();
    let missing_sections: Vec<&String> = entries.difference(&sections).collect();
    assert!(
        missing_sections.is_empty(),
        "no such section: {missing_sections:?}"
    );
    let not_figures: BTreeSet<String> = NOT_FIGURES.iter().map(|s| s.to_string()).collect();
    let without_entry: Vec<&String> = sections
        .iter()
        .filter(|a| !entries.contains(*a) && !not_figures.contains(*a) && *a != "catalogue")
        .collect();
    assert!(
        without_entry.is_empty(),
        "sections defining a figure without a catalogue entry (add one to src/metrics/catalogue.rs, or list the section in NOT_FIGURES): {without_entry:?}"
    );
    // NOT_FIGURES names sections that exist and have no entry.
    for a in NOT_FIGURES {
        assert!(sections.contains(a), "{a} is no section");
        assert!(!entries.contains(a), "{a} has an entry");
    }
}

#[test]
fn docs_metrics_md_holds_the_catalogue_formulas_prints() {
    let doc = metrics_md();
    let block = doc
        .split("<a id=\"catalogue\"></a>")
        .nth(1)
        .expect("a catalogue section");
    let in_docs: Vec<&str> = block.lines().filter(|l| l.starts_with('|')).collect();
    let out = smmkpi()
        .args(["formulas", "--format", "md"])
        .assert()
        .success();
    let md = stdout_text(out.get_output());
    let printed: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(
        in_docs, printed,
        "regenerate the table under docs/metrics.md#catalogue from `smmkpi formulas --format md`"
    );
    // A header, its rule, and a line per entry.
    assert_eq!(printed.len(), catalogue().len() + 2);
}

#[test]
fn one_figure_by_name_or_by_one_of_its_json_fields() {
    let f = json_of(&["formulas", "er_day"]);
    let m = f["metrics"].as_array().unwrap();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0]["name"], "er_day");
    assert_eq!(m[0]["anchor"], "er-day");
    assert!(m[0]["source"]
        .as_str()
        .unwrap()
        .contains("https://popsters.com/faq/using-metrics"));
    assert!(m[0]["json"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("periods[].er_day")));
    let f = json_of(&["formulas", "followers_start"]);
    assert_eq!(f["metrics"][0]["name"], "followers_end");
    let out = smmkpi().args(["formulas", "er_day"]).assert().success();
    let text = stdout_text(out.get_output());
    assert!(text.contains("ERday (Popsters' average ERday)"), "{text}");
    assert!(text.contains("docs/metrics.md#er-day"), "{text}");
    let out = smmkpi()
        .args(["formulas", "love_rate", "--format", "md"])
        .assert()
        .success();
    let md = stdout_text(out.get_output());
    assert!(md.contains("## love_rate — Love rate"), "{md}");
    assert!(
        md.contains("| Formula | Σ likes / Σ followers × 100"),
        "{md}"
    );
}

#[test]
fn every_figure_has_a_name_formula_json_null_rule_and_source() {
    let all = catalogue();
    assert!(all.len() > 50, "{}", all.len());
    for e in &all {
        for k in ["name", "title", "formula", "null", "source", "anchor"] {
            assert!(!e[k].as_str().unwrap().trim().is_empty(), "{e}: {k}");
        }
        assert!(!e["json"].as_array().unwrap().is_empty(), "{e}");
    }
    // Every rate of the family, sourced where a tool defines it.
    for (name, source) in [
        ("reach_rate", "livedune"),
        ("er_post", "popsters.com"),
        ("er_day", "popsters.com"),
        ("er_view", "popsters.com"),
        ("er_impressions", "sproutsocial.com"),
    ] {
        let e = all.iter().find(|e| e["name"] == name).unwrap();
        assert!(e["source"].as_str().unwrap().contains(source), "{e}");
    }
    for name in [
        "love_rate",
        "talk_rate",
        "amplification_rate",
        "virality_rate",
        "overperformance",
    ] {
        assert!(all.iter().any(|e| e["name"] == name), "{name}");
    }
}

#[test]
fn an_unknown_name_is_a_usage_error_listing_the_names() {
    let out = smmkpi().args(["formulas", "er_week"]).assert().code(2);
    let err = stderr_text(out.get_output());
    assert!(err.contains("no figure named 'er_week'"), "{err}");
    assert!(err.contains("er_day") && err.contains("love_rate"), "{err}");
    smmkpi()
        .args(["formulas", "--format", "csv"])
        .assert()
        .code(2);
}
