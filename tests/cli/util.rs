//! Helpers shared by every test module: a `smmkpi` command that runs from
//! the crate root (so fixture paths are `tests/data/...` and outputs do not
//! depend on where the checkout lives) with a fixed "today", JSON runs and
//! parsing (every document checked against its published schema in
//! docs/schema/), and float comparison.

use assert_cmd::Command;
use serde_json::Value;

/// Tolerance for comparing computed percentages with hand-computed ones.
pub const EPS: f64 = 1e-9;

/// Path of a fixture, relative to the crate root.
pub fn data(name: &str) -> String {
    format!("tests/data/{name}")
}

/// The "today" of every run (`SMMKPI_TODAY`): year-less dates take their
/// year from it, so results do not depend on the day the tests run.
pub const TODAY: &str = "2026-11-22";

/// `smmkpi` run from the crate root, with no locale (so labels are English
/// unless `--lang` says otherwise), no colour and today [`TODAY`] (a test
/// that needs another day sets `SMMKPI_TODAY` again).
pub fn smmkpi() -> Command {
    let mut cmd = Command::cargo_bin("smmkpi").expect("the smmkpi binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .env("SMMKPI_TODAY", TODAY);
    cmd
}

/// Parses stdout bytes as one JSON document; a document that names its
/// schema (`"schema": "smmkpi.NAME/1"`) must be valid against it.
pub fn json(stdout: &[u8]) -> Value {
    let v: Value = serde_json::from_slice(stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}",
            String::from_utf8_lossy(stdout)
        )
    });
    if let Some(name) = schema_name(&v) {
        assert_valid(&name, &v);
    }
    v
}

/// `report` of `smmkpi.report/1`; `None` when the value names no schema.
pub fn schema_name(v: &Value) -> Option<String> {
    let s = v.get("schema")?.as_str()?;
    let name = s.strip_prefix("smmkpi.")?.strip_suffix("/1")?;
    Some(name.to_string())
}

/// The published schema of a command's JSON, `docs/schema/NAME.json`.
pub fn published_schema(name: &str) -> Value {
    let path = format!("{}/docs/schema/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("no published schema {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

thread_local! {
    static VALIDATORS: std::cell::RefCell<std::collections::HashMap<String, jsonschema::Validator>> =
        Default::default();
}

/// The errors of `v` against the published schema `name`, one line each.
pub fn schema_errors(name: &str, v: &Value) -> Vec<String> {
    VALIDATORS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let validator = cache.entry(name.to_string()).or_insert_with(|| {
            jsonschema::validator_for(&published_schema(name))
                .unwrap_or_else(|e| panic!("docs/schema/{name}.json is no valid schema: {e}"))
        });
        validator
            .iter_errors(v)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect()
    })
}

/// Asserts `v` is valid against the published schema `name`.
#[track_caller]
pub fn assert_valid(name: &str, v: &Value) {
    let errors = schema_errors(name, v);
    assert!(
        errors.is_empty(),
        "the JSON does not match docs/schema/{name}.json:\n{}",
        errors.join("\n")
    );
}

/// `smmkpi ARGS... --format json` (any command: `report`, `core`, `er`,
/// `growth`, `inspect`), which must succeed; its JSON.
pub fn json_of(args: &[&str]) -> Value {
    json_with_env(args, &[])
}

/// [`json_of`] with extra environment settings (`SMMKPI_STREAM`,
/// `SMMKPI_THREADS`, ...).
pub fn json_with_env(args: &[&str], env: &[(&str, &str)]) -> Value {
    let mut cmd = smmkpi();
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.args(args).args(["--format", "json"]).assert().success();
    let v = json(&out.get_output().stdout);
    // er's answer is one post's figures, without a `schema` field.
    if args.first() == Some(&"er") {
        assert_valid("er", &v);
    }
    v
}

/// `smmkpi report ARGS... -o DIR/NAME`, which must succeed and leave stdout
/// empty; the path of the file written.
pub fn report_to_file(dir: &std::path::Path, name: &str, args: &[&str]) -> std::path::PathBuf {
    let path = dir.join(name);
    smmkpi()
        .arg("report")
        .args(args)
        .arg("-o")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicates::str::is_empty());
    path
}

/// `smmkpi report FIXTURE --format json` on one fixture.
pub fn report_of(fixture: &str) -> Value {
    json_of(&["report", &data(fixture)])
}

/// A JSON number as f64 (panics with the value when it is not one).
pub fn num(v: &Value) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("expected a number, found {v}"))
}

/// A JSON number as u64.
pub fn int(v: &Value) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| panic!("expected an unsigned integer, found {v}"))
}

/// Asserts a JSON number is `expected` within [`EPS`].
#[track_caller]
pub fn assert_close(v: &Value, expected: f64) {
    let actual = num(v);
    assert!(
        (actual - expected).abs() < EPS,
        "expected {expected}, found {actual}"
    );
}

/// Asserts a JSON value is `null` (a rate that is undefined, a field no one reports).
#[track_caller]
pub fn assert_null(v: &Value) {
    assert!(v.is_null(), "expected null, found {v}");
}

/// The reasons of `input.skipped`, as `(line, reason)` pairs.
pub fn skipped(report: &Value) -> Vec<(u64, String)> {
    report["input"]["skipped"]
        .as_array()
        .expect("input.skipped is a list")
        .iter()
        .map(|s| {
            (
                int(&s["line"]),
                s["reason"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Values of one field across `posts` (or any list of objects).
pub fn column<'a>(list: &'a Value, field: &str) -> Vec<&'a Value> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|p| &p[field])
        .collect()
}

/// Stdout as text.
pub fn stdout_text(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// Stderr as text.
pub fn stderr_text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
