//! The contract for scripts: `smmkpi schema COMMAND` prints the JSON Schema
//! of a command's JSON, the same text as docs/schema/COMMAND.json, and the
//! schemas reject a document whose field was renamed or changed type.
//! (Every document the other tests parse is validated by `util::json`.)

use serde_json::{json, Value};

use crate::util::*;

const NAMES: [&str; 9] = [
    "report", "core", "growth", "goals", "er", "inspect", "suggest", "mentions", "formulas",
];

fn printed(name: &str) -> String {
    let out = smmkpi().args(["schema", name]).assert().success();
    stdout_text(out.get_output())
}

#[test]
fn the_published_schemas_are_what_the_command_prints() {
    for name in NAMES {
        let path = format!("{}/docs/schema/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let published = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            published == printed(name),
            "{path} is out of date: run `smmkpi schema {name} > docs/schema/{name}.json`"
        );
    }
}

#[test]
fn each_schema_names_its_document_and_describes_its_fields() {
    for name in NAMES {
        let s: Value = serde_json::from_str(&printed(name)).unwrap();
        assert_eq!(s["title"], format!("smmkpi.{name}/1"));
        assert_eq!(s["type"], "object");
        assert_eq!(s["additionalProperties"], false, "{name}");
        if name != "er" {
            assert_eq!(
                s["properties"]["schema"]["const"],
                format!("smmkpi.{name}/1")
            );
        }
    }
    // Field docs are the descriptions.
    let core: Value = serde_json::from_str(&printed("core")).unwrap();
    assert!(core["properties"]["min_actions"]["description"]
        .as_str()
        .unwrap()
        .contains("least actions in a month"));
}

#[test]
fn a_renamed_field_a_changed_type_or_another_document_fails_the_schema() {
    let report = report_of("bom_utf8.csv");
    assert!(schema_errors("report", &report).is_empty());

    let mut renamed = report.clone();
    let summary = renamed.as_object_mut().unwrap().remove("summary").unwrap();
    renamed["sumary"] = summary;
    assert!(!schema_errors("report", &renamed).is_empty());

    let mut retyped = report.clone();
    retyped["summary"]["posts"] = json!("8");
    assert!(!schema_errors("report", &retyped).is_empty());

    let mut inner = report.clone();
    let er = inner["periods"][0]
        .as_object_mut()
        .unwrap()
        .remove("er")
        .unwrap();
    inner["periods"][0]["er_headline"] = er;
    assert!(!schema_errors("report", &inner).is_empty());

    let core = json_of(&["core", "tests/data/activity_en.csv"]);
    assert!(!schema_errors("report", &core).is_empty());
}

#[test]
fn every_command_validates_on_the_bundled_examples() {
    let docs = [
        (
            "report",
            json_of(&[
                "report",
                "examples/vk_coffee_ru.csv",
                "--since",
                "2025-03-01",
                "--compare",
                "previous",
            ]),
        ),
        (
            "report",
            json_of(&[
                "report",
                "examples/vk_coffee_ru.csv",
                "--web",
                "examples/metrica_utm_coffee_ru.csv",
                "--costs",
                "examples/costs_coffee_ru.csv",
            ]),
        ),
        (
            "mentions",
            json_of(&[
                "mentions",
                "examples/mentions_coffee_ru.csv",
                "--brand",
                "Кофейня на набережной=набережн",
                "--brand",
                "Бариста-бар",
            ]),
        ),
        (
            "core",
            json_of(&["core", "examples/coffee_activity_ru.csv"]),
        ),
        (
            "growth",
            json_of(&["growth", "examples/vk_followers_coffee_ru.csv"]),
        ),
        (
            "goals",
            json_of(&[
                "goals",
                "examples/goals_coffee_ru.toml",
                "examples/vk_coffee_ru.csv",
                "examples/coffee_activity_ru.csv",
                "examples/vk_followers_coffee_ru.csv",
                "--as-of",
                "2025-04-01",
            ]),
        ),
        ("er", json_of(&["er", "--reach", "1000", "--likes", "20"])),
        (
            "inspect",
            json_of(&["inspect", "examples/vk_coffee_ru.csv"]),
        ),
        (
            "suggest",
            json_of(&[
                "suggest",
                "examples/vk_coffee_ru.csv",
                "--as-of",
                "2025-04-01",
            ]),
        ),
        ("formulas", json_of(&["formulas"])),
        ("formulas", json_of(&["formulas", "er_day"])),
    ];
    for (name, doc) in docs {
        assert_valid(name, &doc);
    }
}

#[test]
fn an_unknown_schema_is_a_usage_error() {
    smmkpi().args(["schema", "nonsense"]).assert().code(2);
}
