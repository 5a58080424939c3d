//! The layering ARCHITECTURE.md describes, checked on the source: what each
//! folder may import, and no import circles among the modules of `input/`
//! and `metrics/`. A change that breaks it fails here, not in review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// A file's code, without its unit tests (they may use anything).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("a readable source file");
    match text.find("#[cfg(test)]") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    // Folder → the crate modules its code must not name.
    let rules: [(&str, &[&str]); 5] = [
        (
            "model",
            &[
                "input", "metrics", "doc", "output", "cmd", "cli", "options", "env",
            ],
        ),
        (
            "metrics",
            &["input", "doc", "output", "cmd", "cli", "options", "env"],
        ),
        (
            "input",
            &["metrics", "doc", "output", "cmd", "cli", "options", "env"],
        ),
        ("doc", &["output", "cmd", "cli", "options", "env"]),
        ("output", &["input", "cmd", "cli", "options", "env"]),
    ];
    let mut broken = Vec::new();
    for (folder, banned) in rules {
        for file in rust_files(&src().join(folder)) {
            let text = code(&file);
            for b in banned {
                if !named_after(&text, "crate::").is_disjoint(&BTreeSet::from([b.to_string()])) {
                    broken.push(format!("{} names crate::{b}", file.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// The first path segments named after each `prefix` in `text`:
/// `super::{text::Row, values}` names `text` and `values`.
fn named_after(text: &str, prefix: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices(prefix) {
        let rest = &text[i + prefix.len()..];
        if let Some(list) = rest.strip_prefix('{') {
            // The top level of a braced list: split at commas outside braces.
            let mut depth = 0;
            let mut start = 0;
            for (k, c) in list.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.insert(ident(&list[start..k]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.insert(ident(&list[start..k]));
                        start = k + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out
}

/// The modules of `folder` each module's code names, by its top-level name
/// (a folder module and its files count as one).
fn module_graph(folder: &str) -> BTreeMap<String, BTreeSet<String>> {
    let base = src().join(folder);
    let top = |p: &Path| -> String {
        let rel = p.strip_prefix(&base).expect("under the folder");
        let first = rel.components().next().expect("a file").as_os_str();
        first.to_string_lossy().trim_end_matches(".rs").to_string()
    };
    let files = rust_files(&base);
    let names: BTreeSet<String> = files.iter().map(|f| top(f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let m = top(file);
        if m == "mod" || m == "tests" {
            continue;
        }
        let text = code(file);
        // `super::` of a file at the folder's top names a sibling; a file
        // one folder deeper names its own module's parts with it.
        let depth = file.strip_prefix(&base).unwrap().components().count();
        let sibling = "super::".repeat(depth);
        let mut named = named_after(&text, &sibling);
        named.extend(named_after(&text, &format!("crate::{folder}::")));
        let deps = graph.entry(m.clone()).or_default();
        deps.extend(
            named
                .into_iter()
                .filter(|n| *n != m && n != "mod" && names.contains(n)),
        );
    }
    graph
}

/// A circle in the graph, if there is one.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        for d in graph.get(n).into_iter().flatten() {
            match state.get(d.as_str()) {
                Some(1) => {
                    let i = path.iter().position(|p| p == d).unwrap();
                    let mut c = path[i..].to_vec();
                    c.push(d.clone());
                    return Some(c);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(d, graph, state, path) {
                        return Some(c);
                    }
                }
            }
        }
        path.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if !state.contains_key(n.as_str()) {
            if let Some(c) = visit(n, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn the_modules_of_input_and_metrics_import_each_other_in_one_direction() {
    for folder in ["input", "metrics", "output", "doc"] {
        let graph = module_graph(folder);
        assert!(graph.len() > 2, "{folder}: {graph:?}");
        assert_eq!(circle(&graph), None, "{folder}: {graph:#?}");
    }
}

#[test]
fn imports_are_read_through_braces() {
    let t =
        "use super::{text::{self, Row}, values};\nuse super::web::x;\nlet a = super::vk::join(ds);";
    let got: Vec<String> = named_after(t, "super::").into_iter().collect();
    assert_eq!(got, ["text", "values", "vk", "web"]);
}

#[test]
fn the_circle_check_finds_a_circle() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        circle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    g.get_mut("c").unwrap().clear();
    assert_eq!(circle(&g), None);
}

#[test]
fn lib_rs_holds_the_dispatch_and_no_command_body() {
    let lib = code(&src().join("lib.rs"));
    let fns = lib.matches("fn ").count();
    assert_eq!(fns, 1, "lib.rs has only `run`");
    for cmd in ["report", "er", "core", "growth", "inspect", "completions"] {
        assert!(
            src().join("cmd").join(format!("{cmd}.rs")).exists(),
            "src/cmd/{cmd}.rs"
        );
        assert!(
            lib.contains(&format!("cmd::{cmd}::run")),
            "run() dispatches {cmd}"
        );
    }
}

#[test]
fn every_formula_the_code_cites_is_in_docs_metrics_md() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/metrics.md"))
            .expect("docs/metrics.md");
    let mut missing = Vec::new();
    let mut cited = 0;
    for file in rust_files(&src()) {
        let text = std::fs::read_to_string(&file).expect("a source file");
        for (i, _) in text.match_indices("docs/metrics.md#") {
            let anchor: String = text[i + "docs/metrics.md#".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            cited += 1;
            if !doc.contains(&format!("id=\"{anchor}\"")) {
                missing.push(format!("{}: #{anchor}", file.display()));
            }
        }
    }
    assert!(cited > 0, "the code cites docs/metrics.md");
    assert!(missing.is_empty(), "{missing:#?}");
}
