//! End-to-end scenarios as data: every folder under `tests/cases/` is a migration directory plus
//! an `args` file (the ismig command line, `{dir}` standing for the folder; default: `validate
//! {dir}`) and an optional `env` file (`NAME=value` lines: the only environment the run sees).
//! The run happens in-process; its exit code, stdout and stderr are snapshotted under
//! `snapshots/cases/<name>.snap`. A run that fails (exit ≠ 0) must not leave an output directory.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn case_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut v: Vec<PathBuf> = fs::read_dir(&root)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn run_case(dir: &Path) -> (String, i32, bool) {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let rel = format!("tests/cases/{name}");
    let out_dir = std::env::temp_dir().join(format!("ismig-case-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&out_dir);
    let args_text =
        fs::read_to_string(dir.join("args")).unwrap_or_else(|_| "validate {dir}".to_string());
    let mut args = vec!["ismig".to_string()];
    for tok in args_text.split_whitespace() {
        args.push(
            tok.replace("{dir}", &rel)
                .replace("{out}", &out_dir.to_string_lossy()),
        );
    }
    let mut env = BTreeMap::new();
    if let Ok(text) = fs::read_to_string(dir.join("env")) {
        for line in text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            if let Some((k, v)) = line.split_once('=') {
                env.insert(k.to_string(), v.to_string());
            }
        }
    }
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = ismig::cli::run(&args, env, &mut out, &mut err);
    let out_written = out_dir.exists();
    let _ = fs::remove_dir_all(&out_dir);
    let tmp = out_dir.to_string_lossy().to_string();
    let clean = |b: Vec<u8>| String::from_utf8_lossy(&b).replace(&tmp, "{out}");
    let text = format!(
        "command: {}\nexit: {code}\n--- stdout\n{}--- stderr\n{}",
        args[1..].join(" ").replace(&tmp, "{out}"),
        clean(out),
        clean(err)
    );
    (text, code, out_written)
}

#[test]
fn cases() {
    // the test runs with the crate root as its working directory (cargo test and nextest both)
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let dirs = case_dirs();
    assert!(!dirs.is_empty(), "no case under tests/cases");
    let mut failures = Vec::new();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let (text, code, out_written) = run_case(&dir);
        if code != 0 && out_written {
            failures.push(format!(
                "{name}: exit {code} but an output directory was written"
            ));
        }
        if let Ok(want) = fs::read_to_string(dir.join("expect-exit")) {
            if want.trim() != code.to_string() {
                failures.push(format!("{name}: exit {code}, expected {}", want.trim()));
            }
        }
        insta::with_settings!({
            snapshot_path => "../snapshots/cases",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, text);
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
