//! Imports follow the stages (ARCHITECTURE.md): a stage uses only earlier stages and the modules
//! beside them (`dialect`, `diag`, `source`, `catalog`, `nocase`), and those use only each other.
//! Render does not use the schema stage either: it works from the plan. `pipeline` and `cli` put
//! the stages together and may use any. Checked on every `crate::`
//! path outside comments.

use std::path::{Path, PathBuf};

/// The stages, in order.
const STAGES: &[&str] = &["input", "config", "schema", "model", "render", "emit"];
/// Beside the stages: facts and helpers every stage may use.
const BESIDE: &[&str] = &["dialect", "diag", "source", "catalog", "nocase"];

fn rust_files(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for e in entries {
            rust_files(&e, out);
        }
    } else if p.is_file() && p.extension().is_some_and(|x| x == "rs") {
        out.push(p.to_path_buf());
    }
}

/// The modules a file's code names as `crate::<module>` (also inside `crate::{…}`).
fn used_modules(text: &str) -> Vec<String> {
    let mut used = Vec::new();
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let m: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    used.push(m);
                }
            } else {
                used.push(
                    rest.chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect(),
                );
            }
        }
    }
    used
}

/// Earlier stages a stage still may not use: render works from the plan alone (the model carries
/// what it needs of the schema).
const SKIPPED: &[(&str, &str)] = &[("render", "schema")];

/// Which modules `module` may use.
fn allowed(module: &str, used: &str) -> bool {
    if SKIPPED.contains(&(module, used)) {
        return false;
    }
    if used == module || BESIDE.contains(&used) {
        return true;
    }
    match (
        STAGES.iter().position(|s| *s == module),
        STAGES.iter().position(|s| *s == used),
    ) {
        (Some(m), Some(u)) => u < m,
        // a module beside the stages uses no stage
        _ => !BESIDE.contains(&module),
    }
}

#[test]
fn every_import_points_to_an_earlier_stage_or_beside() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut bad = Vec::new();
    let mut checked = 0;
    for module in STAGES.iter().chain(BESIDE) {
        let mut files = Vec::new();
        rust_files(&src.join(module), &mut files);
        rust_files(&src.join(format!("{module}.rs")), &mut files);
        assert!(!files.is_empty(), "no source for {module}");
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for used in used_modules(&text) {
                checked += 1;
                if !allowed(module, &used) {
                    bad.push(format!("{}: {module} uses {used}", f.display()));
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} imports seen");
    assert!(
        bad.is_empty(),
        "imports against the stages:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_check_sees_a_backward_import() {
    assert_eq!(
        used_modules(
            "use crate::render::TemplateSet;\n// crate::emit\nuse crate::{diag::X, model};"
        ),
        ["render", "diag", "model"]
    );
    assert!(!allowed("dialect", "render"));
    assert!(!allowed("render", "schema"));
    assert!(!allowed("input", "config"));
    assert!(allowed("render", "model") && allowed("config", "catalog"));
    assert!(!allowed("catalog", "config"));
}
