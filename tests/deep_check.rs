//! Every generated Oracle and SQL Server script through the deep parsers of
//! `../shared/engines/deep/deep-check.sh` (beside the repository, never copied into it): for SQL
//! Server Microsoft's own T-SQL parser, batch by batch as sqlcmd splits, plus sqlcmd's
//! command-word rule; for Oracle two independent PL/SQL parsers plus SQL*Plus's rules. DB2 has no
//! parser that passed the checker's trust test (it answers NOT CHECKED); DB2 keeps its structure
//! checks, re-split and Derby run (`tests/offline_oracle_db2.rs`).
//!
//! What is generated here, for Oracle and for SQL Server under both client profiles (sqlcmd,
//! ssms): the example (also with WSO2's migration-resources: the compiled schema steps and their
//! prechecks); WSO2's IS 5.7.0 and 5.9.0 identity schemas with the four sync tables (5.9.0 also as
//! `--schema-after`: the post-migration check of the whole fresh schema); a
//! synthetic schema (`common/synth.rs`) plus tables with every column type ismig maps; and every
//! `ok-*`, `warn-*`, `mig-*` and `hostile-*` case of `tests/cases` whose inputs generate. Whatever
//! files a run writes are checked, so scripts added later are checked without a change here.
//! Files with the same bytes are checked once; all files go to the checker in one call per
//! dialect (its start-up dominates).
//!
//! The checker installs its parsers on first use into `DEEPCHECK_DIR`. When it cannot run (not
//! beside the repository, or its install fails) the test is skipped with a message, except with
//! `ISMIG_REQUIRE_DEEP=1` (set by `ci/test-all.sh`), where that is a failure.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use ismig::dialect::Dialect;

mod common;
#[path = "common/synth.rs"]
mod synth;

const EXAMPLE: &str = "examples/is-5.7.0-to-5.9.0";
const CHECKED: [Dialect; 2] = [Dialect::Oracle, Dialect::Mssql];

fn required() -> bool {
    std::env::var_os("ISMIG_REQUIRE_DEEP").is_some_and(|v| v == "1")
}

/// The checker beside the repository, or None (skip) when it is not there.
fn checker() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/engines/deep/deep-check.sh");
    if p.is_file() {
        return Some(p);
    }
    assert!(
        !required(),
        "ISMIG_REQUIRE_DEEP=1 but {} is missing",
        p.display()
    );
    eprintln!(
        "skipped: {} is missing (set ISMIG_REQUIRE_DEEP=1 to make this a failure)",
        p.display()
    );
    None
}

/// Client profiles generated for a dialect.
fn clients(d: Dialect) -> Vec<&'static str> {
    d.rules().clients.iter().map(|c| c.name).collect()
}

/// One `ismig generate` run in-process; Some(files written) when it exits 0.
fn generate(args: &[String], env: &BTreeMap<String, String>, out: &Path) -> Option<Vec<PathBuf>> {
    let mut argv = vec!["ismig".to_string(), "generate".to_string()];
    argv.extend(args.iter().cloned());
    argv.push("--out".to_string());
    argv.push(out.to_string_lossy().into_owned());
    let (mut o, mut e) = (Vec::new(), Vec::new());
    if ismig::cli::run(&argv, env.clone(), &mut o, &mut e) != 0 {
        return None;
    }
    let mut files = Vec::new();
    for entry in fs::read_dir(out).ok()?.flatten() {
        let p = entry.path();
        if p.is_dir() {
            files.extend(common::sql_files(&p));
        }
    }
    Some(files)
}

/// The generated scripts, by dialect.
#[derive(Default)]
struct Scripts {
    files: BTreeMap<Dialect, Vec<PathBuf>>,
    runs: usize,
}

impl Scripts {
    /// Generates `dir` (with `extra` arguments) for every checked dialect and client profile into
    /// `root/<label>-<dialect>-<client>`; `must` says that every run has to succeed.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        root: &Path,
        label: &str,
        dialects: &[Dialect],
        dir: &str,
        extra: &[String],
        env: &BTreeMap<String, String>,
        must: bool,
    ) {
        for &d in dialects {
            for client in clients(d) {
                let mut args = vec![dir.to_string()];
                args.extend(extra.iter().cloned());
                args.extend(["--dialect".into(), d.name().into(), "--client".into()]);
                args.push(client.to_string());
                let out = root.join(format!("{label}-{d}-{client}"));
                match generate(&args, env, &out) {
                    Some(files) => {
                        assert!(
                            files.iter().any(|f| f.starts_with(out.join(d.name()))),
                            "{label} {d} {client}: no script written"
                        );
                        self.files.entry(d).or_default().extend(files);
                        self.runs += 1;
                    }
                    None => assert!(!must, "{label} {d} {client}: generate failed"),
                }
            }
        }
    }
}

/// The case's arguments without its command, `--out`, `--dialect`, `--client` and `--format`
/// (set here), `{dir}` replaced; None when the case names a dialect that is not checked.
fn case_args(dir: &Path) -> Option<(String, Vec<String>)> {
    let name = dir.file_name()?.to_string_lossy().into_owned();
    let text = fs::read_to_string(dir.join("args")).unwrap_or_else(|_| "validate {dir}".into());
    let mut toks = text.split_whitespace().skip(1);
    let mut migration = String::new();
    let mut rest = Vec::new();
    while let Some(t) = toks.next() {
        match t {
            "--out" | "--client" | "--format" => {
                toks.next();
            }
            "--dialect" => {
                let d = toks.next().unwrap_or_default();
                if d != "all" && !CHECKED.iter().any(|c| c.name() == d) {
                    return None;
                }
            }
            _ if t.contains("{dir}") => {
                migration = t.replace("{dir}", &format!("tests/cases/{name}"))
            }
            _ => rest.push(t.to_string()),
        }
    }
    Some((migration, rest))
}

fn case_env(dir: &Path) -> BTreeMap<String, String> {
    let text = fs::read_to_string(dir.join("env")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Tables with every column type ismig maps (renames, sizeless LOBs, columns a trigger reads
/// back), appended to a synthetic migration directory's schema and sync tables.
fn add_type_tables(dir: &Path) {
    let oracle = "CREATE TABLE ALL_TYPES_T (
  ID INTEGER NOT NULL,
  C_VARCHAR2 VARCHAR2(255), C_VARCHAR VARCHAR(100), C_NVARCHAR2 NVARCHAR2(100),
  C_CHAR CHAR(1), C_NCHAR NCHAR(10), C_NUMBER NUMBER, C_NUMBER_P NUMBER(10),
  C_NUMBER_PS NUMBER(19,4), C_INT INT, C_SMALLINT SMALLINT, C_DECIMAL DECIMAL(10,2),
  C_FLOAT FLOAT, C_BINARY_FLOAT BINARY_FLOAT, C_BINARY_DOUBLE BINARY_DOUBLE, C_DATE DATE,
  C_TIMESTAMP TIMESTAMP, C_TIMESTAMP6 TIMESTAMP(6), C_RAW RAW(16), C_BLOB BLOB, C_CLOB CLOB,
  C_NCLOB NCLOB,
  PRIMARY KEY (ID)
)
/
CREATE TABLE ALL_TYPES_TS (ID INTEGER NOT NULL, C_TIMESTAMP TIMESTAMP, PRIMARY KEY (ID))
/
";
    let mssql = "CREATE TABLE ALL_TYPES_T (
  ID INTEGER NOT NULL,
  C_VARCHAR VARCHAR(255), C_VARCHAR_MAX VARCHAR(MAX), C_NVARCHAR NVARCHAR(100),
  C_NVARCHAR_MAX NVARCHAR(MAX), C_CHAR CHAR(1), C_NCHAR NCHAR(10), C_INT INT, C_BIGINT BIGINT,
  C_SMALLINT SMALLINT, C_TINYINT TINYINT, C_BIT BIT, C_DECIMAL DECIMAL(19,4),
  C_NUMERIC NUMERIC(10), C_FLOAT FLOAT, C_REAL REAL, C_MONEY MONEY, C_DATETIME DATETIME,
  C_DATETIME2 DATETIME2(7), C_DATE DATE, C_TIME TIME, C_UNIQUEIDENTIFIER UNIQUEIDENTIFIER,
  C_BINARY BINARY(16), C_VARBINARY VARBINARY(MAX), C_TEXT TEXT, C_NTEXT NTEXT, C_IMAGE IMAGE,
  C_ROWVERSION ROWVERSION,
  PRIMARY KEY (ID)
);
CREATE TABLE ALL_TYPES_TS (ID INTEGER NOT NULL, C_TIMESTAMP TIMESTAMP, PRIMARY KEY (ID));
";
    for (d, ddl) in [(Dialect::Oracle, oracle), (Dialect::Mssql, mssql)] {
        let p = dir.join(format!("schema/{d}.sql"));
        let mut text = fs::read_to_string(&p).expect("synthetic schema");
        text.push_str(ddl);
        fs::write(&p, text).expect("write schema");
    }
    let p = dir.join("sync.properties");
    let text = fs::read_to_string(&p).expect("synthetic sync.properties");
    let text = text.replacen("syncTables=", "syncTables=ALL_TYPES_T,ALL_TYPES_TS,", 1);
    fs::write(&p, text).expect("write sync.properties");
}

/// Broken copies of a generated setup script that the checker must reject (each in its own
/// file under `dir`): breaks sqlfluff and the structural checks let through, and the ones they
/// catch.
fn broken_copies(d: Dialect, setup: &str, dir: &Path) -> Vec<PathBuf> {
    let copies: Vec<(&str, String)> = match d {
        Dialect::Oracle => {
            // the first statement of the first trigger body loses its `;`
            let body = setup
                .find("FOR EACH ROW DISABLE\nBEGIN\n")
                .expect("a row trigger");
            let semi = setup[body..].find(");\n").expect("a statement in its body") + body;
            vec![
                (
                    "missing-semicolon-in-body",
                    format!("{})\n{}", &setup[..semi], &setup[semi + 3..]),
                ),
                ("end-slash-glued", setup.replacen("END;\n/\n", "END;/\n", 1)),
                (
                    "block-without-end",
                    setup.replacen("\nEND;\n/\n", "\n/\n", 1),
                ),
                (
                    "trigger-in-for-on",
                    setup.replacen(" AFTER INSERT ON ", " AFTER INSERT IN ", 1),
                ),
            ]
        }
        _ => {
            let first = setup.find("\nCREATE OR ALTER TRIGGER").expect("a trigger") + 1;
            let go = setup[..first].rfind("\nGO\n").expect("GO before it");
            let end = setup[first..].find("\nEND;\n").expect("END") + first;
            vec![
                // the trigger after the journal's IF … CREATE TABLE, in the same batch
                (
                    "trigger-after-if-in-its-batch",
                    format!("{}\n{}", &setup[..go], &setup[go + "\nGO\n".len()..]),
                ),
                (
                    "trigger-without-end",
                    format!("{}{}", &setup[..end], &setup[end + "\nEND;".len()..]),
                ),
                (
                    "column-named-go-unquoted",
                    setup.replacen("\n  TOKEN_ID ", "\n  GO ", 1),
                ),
            ]
        }
    };
    fs::create_dir_all(dir).expect("broken dir");
    copies
        .into_iter()
        .map(|(name, text)| {
            assert!(text != setup, "{d}: the {name} copy changed nothing");
            let p = dir.join(format!("{d}-{name}.sql"));
            fs::write(&p, text).expect("write broken copy");
            p
        })
        .collect()
}

/// Files with distinct text after their provenance comment (the first path of each): runs that
/// differ only in their inputs' names and hashes give the same statements.
fn distinct(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut seen = BTreeSet::new();
    files
        .iter()
        .filter(|f| {
            let text = fs::read_to_string(f).unwrap_or_default();
            let body = text
                .lines()
                .skip_while(|l| l.starts_with("--") || l.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            seen.insert(body)
        })
        .cloned()
        .collect()
}

#[test]
fn oracle_and_mssql_scripts_pass_the_deep_parsers() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let Some(script) = checker() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    let mut s = Scripts::default();
    let none = BTreeMap::new();

    s.add(root, "example", &CHECKED, EXAMPLE, &[], &none, true);
    if let Some(fx) = common::wso2_fixtures("") {
        for v in ["5.7.0", "5.9.0"] {
            for d in CHECKED {
                let schema = fx.join(format!("is-{v}/{d}/identity.sql"));
                let mut extra = vec![
                    "--schema".to_string(),
                    schema.to_string_lossy().into_owned(),
                ];
                // the post-migration schema check of WSO2's whole fresh 5.9.0 schema
                if v == "5.9.0" {
                    extra.extend(["--schema-after".to_string(), extra[1].clone()]);
                }
                s.add(
                    root,
                    &format!("wso2-{v}"),
                    &[d],
                    EXAMPLE,
                    &extra,
                    &none,
                    true,
                );
            }
        }
        // 5.7.0 with IDN_OAUTH2_ACCESS_TOKEN.CONSUMER_KEY_ID NOT NULL: the rehearsal inserts a
        // consumer app and its token rows take its key by a subquery
        for d in CHECKED {
            let text = fs::read_to_string(fx.join(format!("is-5.7.0/{d}/identity.sql")))
                .expect("the 5.7.0 script");
            let table = text
                .find("CREATE TABLE IDN_OAUTH2_ACCESS_TOKEN (")
                .expect("IDN_OAUTH2_ACCESS_TOKEN");
            let col = "CONSUMER_KEY_ID INTEGER,";
            let at = table + text[table..].find(col).expect("its CONSUMER_KEY_ID");
            let changed = format!(
                "{}CONSUMER_KEY_ID INTEGER NOT NULL,{}",
                &text[..at],
                &text[at + col.len()..]
            );
            let schema = root.join(format!("consumer-key-not-null-{d}.sql"));
            fs::write(&schema, changed).expect("write the changed script");
            let extra = [
                "--schema".to_string(),
                schema.to_string_lossy().into_owned(),
            ];
            s.add(root, "wso2-5.7.0-app", &[d], EXAMPLE, &extra, &none, true);
            let rehearse = root.join(format!(
                "wso2-5.7.0-app-{d}-{}/{d}/80-rehearse-source.sql",
                clients(d)[0]
            ));
            let rehearse = fs::read_to_string(&rehearse).expect("80 of the changed script");
            assert!(
                rehearse.contains("the row of IDN_OAUTH_CONSUMER_APPS"),
                "{d}: no consumer app in 80"
            );
        }
    }
    // the migration client's schema steps, compiled from WSO2's real migration-resources
    if let Some(res) = common::wso2_fixtures("migration-resources") {
        let extra = [
            "--migration-resources".to_string(),
            res.to_string_lossy().into_owned(),
        ];
        s.add(root, "schema-steps", &CHECKED, EXAMPLE, &extra, &none, true);
    }
    let synth = root.join("synthetic");
    synth::write_dir(&synth, 8, 19, &CHECKED, Dialect::Oracle).expect("synthetic dir");
    add_type_tables(&synth);
    let env = BTreeMap::from([("IS_DB_PASSWORD".to_string(), "x".to_string())]);
    s.add(
        root,
        "synthetic",
        &CHECKED,
        &synth.to_string_lossy(),
        &[],
        &env,
        true,
    );

    let mut cases = 0;
    let dirs = fs::read_dir("tests/cases").expect("tests/cases");
    let mut dirs: Vec<PathBuf> = dirs.flatten().map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !["ok-", "warn-", "mig-", "hostile-"]
            .iter()
            .any(|p| name.starts_with(p))
        {
            continue;
        }
        let Some((migration, rest)) = case_args(&dir) else {
            continue;
        };
        let before = s.runs;
        s.add(
            root,
            &name,
            &CHECKED,
            &migration,
            &rest,
            &case_env(&dir),
            false,
        );
        cases += usize::from(s.runs > before);
    }
    assert!(cases >= 20, "only {cases} cases generated");

    let mut failures = Vec::new();
    for d in CHECKED {
        let all = s.files.get(&d).cloned().unwrap_or_default();
        let files = distinct(&all);
        let setup = root.join(format!(
            "example-{d}-{}/{d}/10-sync-source-setup.sql",
            clients(d)[0]
        ));
        let setup = fs::read_to_string(&setup).expect("the example's setup script");
        let broken = broken_copies(d, &setup, &root.join("broken"));
        let started = Instant::now();
        // The Oracle check is slow (the ANTLR grammar: tens of ms a line): two checkers run side
        // by side on halves of the files, one per core.
        let parts = if d == Dialect::Oracle { 2 } else { 1 };
        let todo: Vec<PathBuf> = files.iter().chain(&broken).cloned().collect();
        let chunk = todo.len().div_ceil(parts).max(1);
        let children: Vec<_> = todo
            .chunks(chunk)
            .map(|part| {
                Command::new("bash")
                    .arg(&script)
                    .arg(d.name())
                    .args(part)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("bash runs")
            })
            .collect();
        let mut report = String::new();
        for child in children {
            let out = child.wait_with_output().expect("deep-check finishes");
            let stderr = String::from_utf8_lossy(&out.stderr);
            match out.status.code() {
                Some(0 | 1) => report.push_str(&String::from_utf8_lossy(&out.stdout)),
                Some(2) if !required() => {
                    eprintln!(
                        "skipped: the deep checker could not run (set ISMIG_REQUIRE_DEEP=1 to make this a failure):\n{stderr}"
                    );
                    return;
                }
                code => failures.push(format!("{d}: exit {code:?}\n{stderr}")),
            }
        }
        eprintln!(
            "{d}: {} files ({} distinct) of {} runs, {cases} cases, and {} broken copies checked in {:.1} s",
            all.len(),
            files.len(),
            s.runs,
            broken.len(),
            started.elapsed().as_secs_f64()
        );
        let shown = |p: &Path| p.to_string_lossy().into_owned();
        let accepted: Vec<String> = report
            .lines()
            .filter(|l| {
                !broken
                    .iter()
                    .any(|b| l.starts_with(&format!("{}:", shown(b))))
            })
            .map(|l| l.replace(&*root.to_string_lossy(), ""))
            .collect();
        if !accepted.is_empty() {
            failures.push(format!(
                "{d}: generated scripts rejected:\n{}",
                accepted.join("\n")
            ));
        }
        for b in &broken {
            if !report
                .lines()
                .any(|l| l.starts_with(&format!("{}:", shown(b))))
            {
                failures.push(format!("{d}: the broken copy {} was accepted", shown(b)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
