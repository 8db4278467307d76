//! Every WSO2 DDL script under `../shared/fixtures/wso2` (next to the crate's directory) is read
//! with `schema::read`: the number of tables must match an independent count of `CREATE TABLE`
//! outside `--` comments and the numbers in the fixtures' NOTES.md; identity scripts must have no
//! broken table, and the four sync tables are snapshotted. Every table is parsed here
//! (`Wanted::All`), and each script is read again parsing only the sync tables, as the pipeline
//! does: same table names, same counts, same sync tables.

mod common;

use std::path::Path;

use ismig::dialect::Dialect;
use ismig::schema::{self, Schema};
use ismig::source::SourceFile;

/// Independent count: distinct names after `CREATE TABLE [IF NOT EXISTS]` (any blanks, any
/// case) outside `--` comments. Distinct because the PostgreSQL 5.9.0 script drops and creates
/// two tables twice.
fn count_create_table(text: &str) -> usize {
    let mut names = std::collections::BTreeSet::new();
    for line in text.lines() {
        let code = line.split("--").next().unwrap_or("");
        let words: Vec<String> = code
            .split_whitespace()
            .map(|w| w.to_ascii_uppercase())
            .collect();
        for (k, w) in words.iter().enumerate() {
            if w == "CREATE" && words.get(k + 1).is_some_and(|t| t == "TABLE") {
                let mut n = k + 2;
                if words.get(n).is_some_and(|t| t == "IF") {
                    n += 3;
                }
                if let Some(name) = words.get(n) {
                    names.insert(name.split('(').next().unwrap_or("").to_string());
                }
            }
        }
    }
    names.len()
}

fn read(path: &Path, rel: &str) -> (Dialect, Schema, ismig::diag::Diagnostics, String) {
    let dialect = common::fixture_dialect(path);
    let text = std::fs::read_to_string(path).unwrap();
    let file = SourceFile::new(rel, text.clone(), "");
    let (schema, diags) = schema::read(dialect, &[file], &schema::Wanted::All);
    (dialect, schema, diags, text)
}

const SYNC_TABLES: [&str; 4] = [
    "IDN_IDENTITY_USER_DATA",
    "IDN_OAUTH2_ACCESS_TOKEN",
    "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
    "IDN_OAUTH2_AUTHORIZATION_CODE",
];

fn rel_of(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn every_fixture_script_reads() {
    let Some(dir) = common::wso2_fixtures("") else {
        return;
    };
    let files = common::sql_files(&dir);
    assert!(
        files.len() >= 20,
        "expected the 5.7.0 and 5.9.0 scripts, found {}",
        files.len()
    );
    for path in files {
        let rel = rel_of(&dir, &path);
        let (_dialect, schema, diags, text) = read(&path, &rel);
        let names: Vec<&str> = schema.table_names().collect();
        assert!(diags.is_empty(), "{rel}: {:?}", diags.sorted());
        assert!(schema.broken.is_empty(), "{rel}: {:?}", schema.broken);
        assert_eq!(
            names.len(),
            count_create_table(&text),
            "{rel}: tables read vs CREATE TABLE in the text"
        );
        // NOTES.md: 74 identity / 40 registry(+UM) tables in 5.7.0, 80 identity in 5.9.0.
        let expected = if rel.starts_with("is-5.9.0/") {
            80
        } else if rel.contains("/identity") {
            74
        } else {
            40
        };
        assert_eq!(names.len(), expected, "{rel}");
        assert!(schema.counts.statements > names.len(), "{rel}");
        // parsing only the sync tables (as `validate` does) knows the same tables by name, the
        // same statements, and reads the sync tables alike
        let file = SourceFile::new(rel.as_str(), text.as_str(), "");
        let wanted = schema::Wanted::tables(SYNC_TABLES);
        let (only, d) = schema::read(schema.dialect, &[file], &wanted);
        assert!(d.is_empty(), "{rel}: {:?}", d.sorted());
        let mut a: Vec<&str> = names.clone();
        let mut b: Vec<&str> = only.table_names().collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "{rel}");
        assert_eq!(only.counts, schema.counts, "{rel}");
        for t in &only.tables {
            assert!(wanted.contains(&t.name), "{rel}: {} parsed", t.name);
            assert_eq!(Some(t), schema.table(&t.name), "{rel}");
        }
        for t in SYNC_TABLES {
            assert_eq!(
                only.table(t).is_some(),
                schema.table(t).is_some(),
                "{rel}: {t}"
            );
        }
    }
}

/// The four sync tables of one script as text: columns (name, type, nullability, default,
/// identity), keys.
fn describe(schema: &Schema) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for name in SYNC_TABLES {
        let t = schema
            .table(name)
            .unwrap_or_else(|| panic!("{name} missing"));
        writeln!(out, "{} ({} columns)", t.name, t.columns.len()).unwrap();
        for c in &t.columns {
            write!(
                out,
                "  {:<30} {:<16} {}",
                c.name,
                c.ty.sql,
                if c.nullable { "NULL" } else { "NOT NULL" }
            )
            .unwrap();
            if let Some(d) = &c.default {
                write!(out, " DEFAULT {d}").unwrap();
            }
            if c.identity {
                write!(out, " IDENTITY").unwrap();
            }
            out.push('\n');
        }
        writeln!(out, "  PK ({})", t.primary_key.join(", ")).unwrap();
        for u in &t.unique_keys {
            writeln!(out, "  UNIQUE ({})", u.join(", ")).unwrap();
        }
        for f in &t.foreign_keys {
            writeln!(
                out,
                "  FK ({}) -> {}({}){}",
                f.columns.join(", "),
                f.ref_table,
                f.ref_columns.join(", "),
                if f.on_delete_cascade {
                    " ON DELETE CASCADE"
                } else {
                    ""
                }
            )
            .unwrap();
        }
    }
    out
}

#[test]
fn sync_tables_of_identity_scripts() {
    let Some(dir) = common::wso2_fixtures("") else {
        return;
    };
    for path in common::sql_files(&dir) {
        let rel = rel_of(&dir, &path);
        let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !file_name.starts_with("identity") {
            continue;
        }
        let (_dialect, schema, _diags, _text) = read(&path, &rel);
        let v59 = rel.starts_with("is-5.9.0/");
        let t = |n: &str| {
            schema
                .table(n)
                .unwrap_or_else(|| panic!("{rel}: {n} missing"))
        };
        let pk = |n: &str| t(n).primary_key.join(",");
        assert_eq!(
            pk("IDN_IDENTITY_USER_DATA"),
            "TENANT_ID,USER_NAME,DATA_KEY",
            "{rel}"
        );
        assert_eq!(pk("IDN_OAUTH2_ACCESS_TOKEN"), "TOKEN_ID", "{rel}");
        assert_eq!(
            pk("IDN_OAUTH2_ACCESS_TOKEN_SCOPE"),
            "TOKEN_ID,TOKEN_SCOPE",
            "{rel}"
        );
        assert_eq!(pk("IDN_OAUTH2_AUTHORIZATION_CODE"), "CODE_ID", "{rel}");
        let cols = |n: &str| t(n).columns.len();
        assert_eq!(cols("IDN_IDENTITY_USER_DATA"), 4, "{rel}");
        assert_eq!(
            cols("IDN_OAUTH2_ACCESS_TOKEN"),
            if v59 { 20 } else { 19 },
            "{rel}"
        );
        assert_eq!(cols("IDN_OAUTH2_ACCESS_TOKEN_SCOPE"), 3, "{rel}");
        assert_eq!(
            cols("IDN_OAUTH2_AUTHORIZATION_CODE"),
            if v59 { 17 } else { 16 },
            "{rel}"
        );
        let scope_fk = &t("IDN_OAUTH2_ACCESS_TOKEN_SCOPE").foreign_keys;
        assert_eq!(scope_fk.len(), 1, "{rel}");
        assert_eq!(scope_fk[0].columns, ["TOKEN_ID"], "{rel}");
        assert_eq!(scope_fk[0].ref_table, "IDN_OAUTH2_ACCESS_TOKEN", "{rel}");
        assert_eq!(scope_fk[0].ref_columns, ["TOKEN_ID"], "{rel}");
        assert!(scope_fk[0].on_delete_cascade, "{rel}");
        let name = rel.trim_end_matches(".sql").replace('/', "__");
        insta::with_settings!({snapshot_path => "../snapshots/schema", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(name, describe(&schema));
        });
    }
}

/// Each statement of every script starts with a statement keyword (nothing was cut inside a
/// trigger body) and holds at most one statement start at a line start (nothing was glued),
/// not counting a T-SQL `IF` guard line.
#[test]
fn statements_are_neither_cut_nor_glued() {
    let Some(dir) = common::wso2_fixtures("") else {
        return;
    };
    for path in common::sql_files(&dir) {
        let rel = rel_of(&dir, &path);
        let (dialect, _s, _d, text) = read(&path, &rel);
        for p in schema::split::statement_texts(&text, &dialect.rules().split) {
            let first = p
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            assert!(
                ["CREATE", "INSERT", "DROP", "ALTER", "IF"].contains(&first.as_str()),
                "{rel}: odd statement start: {p:?}"
            );
            let starts = p
                .lines()
                .filter(|l| {
                    let u = l.trim_start().to_ascii_uppercase();
                    ["CREATE ", "INSERT ", "DROP ", "ALTER ", "IF "]
                        .iter()
                        .any(|k| u.starts_with(k))
                })
                .count();
            let guard = first == "IF";
            assert!(starts <= 1 + usize::from(guard), "{rel}: glued: {p:?}");
        }
    }
}

/// Identity columns, DB2 `BLOB(2G)` sizes and ALTER TABLE constraints of the 5.7.0 scripts.
#[test]
fn identity_sizes_and_altered_constraints() {
    let Some(dir) = common::wso2_fixtures("") else {
        return;
    };
    let load = |rel: &str| read(&dir.join(rel), rel).1;
    for (rel, identity) in [
        ("is-5.7.0/mysql/identity.sql", true),
        ("is-5.7.0/h2/identity.sql", true),
        ("is-5.7.0/mssql/identity.sql", true),
        ("is-5.7.0/postgresql/identity.sql", false),
        ("is-5.7.0/oracle/identity.sql", false),
    ] {
        let s = load(rel);
        let id = s
            .table("IDN_OAUTH_CONSUMER_APPS")
            .unwrap()
            .column("ID")
            .unwrap();
        assert_eq!(id.identity, identity, "{rel}");
    }
    let pg = load("is-5.7.0/postgresql/identity.sql");
    let id = pg
        .table("IDN_OAUTH_CONSUMER_APPS")
        .unwrap()
        .column("ID")
        .unwrap();
    assert_eq!(
        id.default.as_deref(),
        Some("NEXTVAL('IDN_OAUTH_CONSUMER_APPS_PK_SEQ')")
    );

    let db2 = load("is-5.7.0/db2/registry.sql");
    let data = db2
        .table("REG_CONTENT")
        .unwrap()
        .column("REG_CONTENT_DATA")
        .unwrap();
    assert_eq!(data.ty.sql, "BLOB(2G)");
    assert_eq!(data.ty.args, ["2G"]);
    let tenant = db2.table("UM_TENANT").unwrap();
    assert_eq!(tenant.unique_keys, [["UM_DOMAIN_NAME"]]);

    // mysql identity: ALTER TABLE SP_APP ADD CONSTRAINT APPLICATION_NAME_CONSTRAINT UNIQUE(…)
    let my = load("is-5.7.0/mysql/identity.sql");
    assert!(
        my.table("SP_APP")
            .unwrap()
            .unique_keys
            .iter()
            .any(|u| u == &["APP_NAME", "TENANT_ID"])
    );
}
