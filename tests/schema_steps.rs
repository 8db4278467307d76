//! The migration client's schema steps on WSO2's real migration-resources (5.8.0, 5.9.0): every
//! dbscript split as the client splits it (statement count, first and last statement with their
//! lines: a golden), what the compiler makes of each statement, and the generated scripts of the
//! example with `--migration-resources`: one per SchemaMigrator entry in run order, no helper
//! procedure or error-swallowing handler left, no DROP TABLE, the runbook's schema steps and
//! client-only steps in the client's order.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ismig::dialect::Dialect;
use ismig::input::Options;
use ismig::model::steps::{Done, compile};
use ismig::pipeline;
use ismig::schema::client_split::split;

const EXAMPLE: &str = "examples/is-5.7.0-to-5.9.0";

fn resources() -> Option<PathBuf> {
    common::wso2_fixtures("migration-resources")
}

/// Every dbscript of the fixtures, relative to the folder, sorted.
fn dbscripts(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "sql") {
                out.push(
                    p.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out.sort();
    out
}

/// The dialect whose client reads a dbscript variant (`mysql5.7` → mysql).
fn dialect_of(file: &str) -> Dialect {
    let stem = file.rsplit('/').next().unwrap().trim_end_matches(".sql");
    Dialect::ALL
        .into_iter()
        .find(|d| {
            let r = &d.rules().dbscripts;
            r.picked.contains(&stem) || r.chosen.contains(&stem)
        })
        .unwrap_or_else(|| panic!("no dialect reads {file}"))
}

fn short(s: &str) -> String {
    let one = s.replace('\n', " ");
    if one.chars().count() > 90 {
        format!("{}…", one.chars().take(90).collect::<String>())
    } else {
        one
    }
}

#[test]
fn every_dbscript_splits_as_the_client_splits_it() {
    let Some(root) = resources() else { return };
    let mut golden = String::new();
    for rel in dbscripts(&root) {
        let d = dialect_of(&rel);
        let text = std::fs::read_to_string(root.join(&rel)).unwrap();
        let st = split(&text, d.rules().dbscripts.delimiter, None);
        assert!(!st.is_empty(), "{rel}: no statement");
        let (first, last) = (&st[0], &st[st.len() - 1]);
        writeln!(
            golden,
            "{rel}: {} statements\n  first {}-{}: {}\n  last {}-{}: {}",
            st.len(),
            first.line,
            first.last_line,
            short(&first.text),
            last.line,
            last.last_line,
            short(&last.text)
        )
        .unwrap();
        // lines only move forward, and a statement's lines hold its first word
        for w in st.windows(2) {
            assert!(w[0].last_line < w[1].line, "{rel}: {w:?}");
        }
        for s in &st {
            let line = text.lines().nth(s.line - 1).unwrap();
            let word = s.text.split_whitespace().next().unwrap();
            assert!(
                line.contains(word),
                "{rel}:{}: {word} not on {line:?}",
                s.line
            );
        }
    }
    insta::with_settings!({
        snapshot_path => "../snapshots/schema_steps",
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!("client_split", golden);
    });
}

fn compiled(rel: &str) -> Vec<ismig::model::steps::Compiled> {
    let root = resources().unwrap();
    let d = dialect_of(rel);
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    compile(
        &split(&text, d.rules().dbscripts.delimiter, None),
        d.rules().dbscripts.replaces_keys,
    )
}

fn count(c: &[ismig::model::steps::Compiled], done: Done) -> usize {
    c.iter().filter(|c| c.done == done).count()
}

#[test]
fn wso2_idioms_are_recognised() {
    if resources().is_none() {
        return;
    }
    // 5.9.0 PostgreSQL: four DROP TABLEs before their CREATE are not written
    let c = compiled("5.9.0/dbscripts/step1/identity/postgresql.sql");
    assert_eq!(count(&c, Done::DroppedDrop), 4);
    assert_eq!(count(&c, Done::Guarded), 4);
    assert_eq!(count(&c, Done::Unwrapped), 1);
    assert_eq!(count(&c, Done::HelperRemoved), 2);
    assert_eq!(count(&c, Done::Verbatim), 0);
    assert_eq!(c[0].line, 1);
    // 5.8.0 MySQL: both helpers (one with CONTINUE HANDLER FOR SQLEXCEPTION) unwrapped
    let c = compiled("5.8.0/dbscripts/step1/identity/mysql5.7.sql");
    assert_eq!(count(&c, Done::Unwrapped), 3 + 20);
    assert_eq!(count(&c, Done::HelperRemoved), 6);
    // the partial-index procedure, the constraint swap and the widened columns: review
    assert_eq!(count(&c, Done::Verbatim), 4 + 2 + 3);
    // 5.8.0 PostgreSQL: the DO block adding IDP_ID three times
    let c = compiled("5.8.0/dbscripts/step1/identity/postgresql.sql");
    assert_eq!(c[1].done, Done::Unwrapped);
    assert_eq!(c[1].actions.len(), 6);
    // 5.8.0 H2: already guarded statements stay guarded
    let c = compiled("5.8.0/dbscripts/step1/identity/h2.sql");
    assert_eq!(count(&c, Done::Guarded), 3 + 2 + 20);
}

fn generate(dialect: &str, variants: &[&str]) -> ismig::render::Rendered {
    let opts = Options {
        dialect: Some(ismig::input::DialectChoice::One(
            Dialect::from_name(dialect).unwrap(),
        )),
        migration_resources: resources(),
        dbscript_variants: variants.iter().map(|v| v.to_string()).collect(),
        ..Default::default()
    };
    let a = pipeline::analyze(Path::new(EXAMPLE), &opts, BTreeMap::new());
    assert!(!a.diags.has_errors(), "{:?}", a.diags);
    pipeline::render(&a, None).expect("render")
}

#[test]
fn one_script_per_schema_migrator_in_run_order() {
    if resources().is_none() {
        return;
    }
    for d in ["postgresql", "mysql", "h2", "mssql", "oracle", "db2"] {
        let r = generate(d, &[]);
        // only PostgreSQL and Oracle have a 5.8.0 step3 dbscript: elsewhere the client skips it
        // each version's precheck takes the number before its steps
        let step3 = d == "postgresql" || d == "oracle";
        let files: &[&str] = if step3 {
            &[
                "402-schema-5.8.0-step1-identity.sql",
                "403-schema-5.8.0-step2-uma.sql",
                "404-schema-5.8.0-step3-identity.sql",
                "406-schema-5.9.0-step1-identity.sql",
            ]
        } else {
            &[
                "402-schema-5.8.0-step1-identity.sql",
                "403-schema-5.8.0-step2-uma.sql",
                "405-schema-5.9.0-step1-identity.sql",
            ]
        };
        let prechecks: Vec<&str> = r
            .files
            .iter()
            .map(|f| f.path.as_str())
            .filter(|p| p.contains("-precheck-"))
            .collect();
        let (p8, p9) = if step3 { (401, 405) } else { (401, 404) };
        assert_eq!(
            prechecks,
            [
                format!("{d}/{p8}-precheck-5.8.0.sql"),
                format!("{d}/{p9}-precheck-5.9.0.sql")
            ],
            "{d}"
        );
        let steps: Vec<&str> = r
            .files
            .iter()
            .map(|f| f.path.as_str())
            .filter(|p| p.contains("-schema-"))
            .collect();
        let want: Vec<String> = files.iter().map(|f| format!("{d}/{f}")).collect();
        assert_eq!(steps, want, "{d}");
        for f in r.files.iter().filter(|f| f.path.contains("-schema-")) {
            // what runs, not the comments that say what was left out
            let text: String = String::from_utf8(f.bytes.clone())
                .unwrap()
                .lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .collect();
            // a handler is scoped to one named state (DB2's guards: 42710, 42711; WSO2's own
            // DB2 DROP INDEX block: 42704), never to every error
            for (i, _) in text.match_indices("CONTINUE HANDLER FOR ") {
                let state = &text[i + "CONTINUE HANDLER FOR ".len()..];
                assert!(
                    state.starts_with("SQLSTATE '42710'")
                        || state.starts_with("SQLSTATE '42711'")
                        || state.starts_with("SQLSTATE '42704'"),
                    "{}: a handler for {}",
                    f.path,
                    &state[..state.len().min(30)]
                );
            }
            for gone in [
                "SQLEXCEPTION",
                "skip_index_if_exists",
                "add_column_if_not_exists",
                "DROP TABLE",
                "duplicate_column",
            ] {
                assert!(!text.contains(gone), "{}: {gone}", f.path);
            }
        }
        // the runbook: a schema step per script (a skipped one where the dialect has no
        // dbscript), the client only for its other migrators, in the client's order
        let report: serde_json::Value =
            serde_json::from_slice(&r.get("report.json").unwrap().bytes).unwrap();
        let kinds: Vec<String> = report["runbook"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| {
                s["kind"] == "schema-step" || s["kind"] == "client-only" || s["kind"] == "precheck"
            })
            .map(|s| {
                format!(
                    "{} {}",
                    s["kind"].as_str().unwrap(),
                    s["file"].as_str().unwrap_or("-")
                )
            })
            .collect();
        let step = |f: &str| format!("schema-step {d}/{f}");
        let pre = |f: &str| format!("precheck {f}");
        let client = "client-only -".to_string();
        let expect = if step3 {
            vec![
                pre(prechecks[0]),
                step(files[0]),
                client.clone(),
                step(files[1]),
                step(files[2]),
                client.clone(),
                pre(prechecks[1]),
                step(files[3]),
                client,
            ]
        } else {
            vec![
                pre(prechecks[0]),
                step(files[0]),
                client.clone(),
                step(files[1]),
                "schema-step -".to_string(),
                client.clone(),
                pre(prechecks[1]),
                step(files[2]),
                client,
            ]
        };
        assert_eq!(kinds, expect, "{d}");
        assert_eq!(
            report["client_configs"],
            serde_json::json!([
                "migration-client/migration-config-5.8.0-1.yaml",
                "migration-client/migration-config-5.8.0-2.yaml",
                "migration-client/migration-config-5.9.0-1.yaml"
            ])
        );
        // every statement of every compiled dbscript is in report.json with its line
        let client_steps = &report["dialects"][0]["client_steps"];
        let n: usize = client_steps["versions"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|v| v["items"].as_array().unwrap())
            .filter(|i| i["kind"] == "schema")
            .map(|i| i["statements"].as_array().unwrap().len())
            .sum();
        assert!(n > 20, "{d}: {n} statements");
    }
}

/// DB2: WSO2's 5.8.0 dbscript moves the OAuth2 tables with ADMIN_MOVE_TABLE (kept verbatim),
/// and so does ismig's 02: the runbook runs 02 after the 5.8.0 steps, right before 5.9.0's,
/// and says that it then moves nothing.
#[test]
fn db2_moves_the_oauth2_tables_once_and_says_which_script_does() {
    if resources().is_none() {
        return;
    }
    let opts = Options {
        dialect: Some(ismig::input::DialectChoice::One(Dialect::Db2)),
        migration_resources: resources(),
        db2_schema: Some("WSO2SYNC".into()),
        ..Default::default()
    };
    let a = pipeline::analyze(Path::new(EXAMPLE), &opts, BTreeMap::new());
    assert!(!a.diags.has_errors(), "{:?}", a.diags);
    let r = pipeline::render(&a, None).expect("render");
    let report: serde_json::Value =
        serde_json::from_slice(&r.get("report.json").unwrap().bytes).unwrap();
    let runbook = report["runbook"].as_array().unwrap();
    let files: Vec<&str> = runbook
        .iter()
        .filter_map(|s| s["file"].as_str())
        .filter(|f| f.contains("/02-") || f.contains("-schema-") || f.contains("-precheck-"))
        .collect();
    assert_eq!(
        files,
        [
            "db2/401-precheck-5.8.0.sql",
            "db2/402-schema-5.8.0-step1-identity.sql",
            "db2/403-schema-5.8.0-step2-uma.sql",
            "db2/02-db2-move-oauth2-tables.sql",
            "db2/404-precheck-5.9.0.sql",
            "db2/405-schema-5.9.0-step1-identity.sql",
        ]
    );
    let plan = String::from_utf8(r.get("PLAN.md").unwrap().bytes.clone()).unwrap();
    assert!(plan.contains(
        "Compiled schema steps before it call ADMIN_MOVE_TABLE too: `402-schema-5.8.0-step1-identity.sql` \
         (kept as WSO2 wrote it: migration-resources/5.8.0/dbscripts/step1/identity/db2.sql line 114, 157)"
    ));
    // without migration-resources, 02 keeps its place before the migration client's run
    let opts = Options {
        migration_resources: None,
        ..opts
    };
    let a = pipeline::analyze(Path::new(EXAMPLE), &opts, BTreeMap::new());
    let r = pipeline::render(&a, None).expect("render");
    let plan = String::from_utf8(r.get("PLAN.md").unwrap().bytes.clone()).unwrap();
    let moved = plan
        .find("- File: `db2/02-db2-move-oauth2-tables.sql`")
        .unwrap();
    let client = plan.find(". Run WSO2's migration client: put").unwrap();
    assert!(moved < client, "02 before the client's run");
    assert!(!plan.contains("call ADMIN_MOVE_TABLE too"));
}

#[test]
fn oracle_unwraps_the_procedure_that_replaces_con_app_key() {
    let Some(res) = resources() else { return };
    let opts = Options {
        dialect: Some(ismig::input::DialectChoice::One(Dialect::Oracle)),
        migration_resources: Some(res),
        ..Default::default()
    };
    let a = pipeline::analyze(Path::new(EXAMPLE), &opts, BTreeMap::new());
    assert!(!a.diags.has_errors(), "{:?}", a.diags);
    let r = pipeline::render(&a, None).expect("render");
    let step = r.get("oracle/402-schema-5.8.0-step1-identity.sql").unwrap();
    let text = String::from_utf8(step.bytes.clone()).unwrap();
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .map(|l| format!("{l}\n"))
        .collect();
    // WSO2's add_idp_id_to_con_app_key (created, called, dropped) is not written: its
    // `… DROP CONSTRAINT CON_APP_KEY DROP INDEX` becomes a DROP CONSTRAINT and a DROP INDEX of
    // the index the key used, guarded by the key's columns
    assert!(
        !code
            .to_ascii_lowercase()
            .contains("add_idp_id_to_con_app_key")
    );
    assert!(text.contains("oracle.sql:127-146 helper-removed: procedure ADD_IDP_ID_TO_CON_APP_KEY, replacing unique key CON_APP_KEY of IDN_OAUTH2_ACCESS_TOKEN"));
    assert!(text.contains("oracle.sql:148-149 unwrapped: ADD_IDP_ID_TO_CON_APP_KEY: "));
    assert!(text.contains("oracle.sql:151-152 helper-removed: "));
    assert!(!code.contains("DROP INDEX'"));
    assert!(code.contains(
        "EXECUTE IMMEDIATE 'ALTER TABLE IDN_OAUTH2_ACCESS_TOKEN DROP CONSTRAINT CON_APP_KEY';\n"
    ));
    // WSO2's test (TOKEN_ID still in the key) kept, and nothing done once the key is the new one
    assert!(code.contains("IF key_columns <> 'CONSUMER_KEY_ID,AUTHZ_USER,TOKEN_ID,USER_DOMAIN,USER_TYPE,TOKEN_SCOPE_HASH,TOKEN_STATE,TOKEN_STATE_ID,IDP_ID' AND INSTR(',' || key_columns || ',', ',TOKEN_ID,') > 0 THEN\n"));
    assert!(code.contains("EXECUTE IMMEDIATE 'ALTER TABLE IDN_OAUTH2_ACCESS_TOKEN ADD CONSTRAINT CON_APP_KEY UNIQUE (CONSUMER_KEY_ID, AUTHZ_USER, TOKEN_ID, USER_DOMAIN, USER_TYPE, TOKEN_SCOPE_HASH, TOKEN_STATE, TOKEN_STATE_ID, IDP_ID)';\n"));
    // the guarded forms let through only the "already exists" errors
    for code in ["-955)", "-1430)", "-1408)"] {
        assert!(text.contains(code), "{code}");
    }
    assert!(!text.contains("WHEN OTHERS"));
    // the key it adds is checked against the data first
    let pre = r.get("oracle/401-precheck-5.8.0.sql").unwrap();
    let pre = String::from_utf8(pre.bytes.clone()).unwrap();
    assert!(pre.contains("CON_APP_KEY"), "{pre}");
}

/// A migration-resources folder of one version whose dbscripts a test writes.
fn synthetic_resources(dir: &Path, dbscript: &str, dialect_file: &str) {
    let step = dir.join("5.8.0/dbscripts/step1/identity");
    std::fs::create_dir_all(&step).unwrap();
    std::fs::write(
        dir.join("migration-config.yaml"),
        "migrationEnable: \"true\"\ncurrentVersion: \"5.7.0\"\nmigrateVersion: \"5.9.0\"\nversions:\n -\n  version: \"5.8.0\"\n  migratorConfigs:\n   -\n    name: \"SchemaMigrator\"\n    order: 1\n    parameters:\n      location: \"step1\"\n      schema: \"identity\"\n -\n  version: \"5.9.0\"\n  migratorConfigs:\n   -\n    name: \"OAuthDataMigrator\"\n    order: 1\n    parameters:\n      schema: \"identity\"\n",
    )
    .unwrap();
    std::fs::write(step.join(dialect_file), dbscript).unwrap();
}

#[test]
fn a_call_is_framed_as_the_client_runs_one() {
    let dir = std::env::temp_dir().join(format!("ismig-call-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (dialect, file, script, want) in [
        (
            Dialect::Oracle,
            "oracle.sql",
            "CREATE OR REPLACE PROCEDURE ismig_p IS BEGIN NULL; END;\n/\nCALL ismig_p()\n/\nDROP PROCEDURE ismig_p\n/\n",
            "BEGIN\n  ismig_p();\nEND;\n/\n",
        ),
        (
            Dialect::Postgresql,
            "postgresql.sql",
            "CALL ismig_p();\n",
            "\nCALL ismig_p();\n",
        ),
    ] {
        let res = dir.join(dialect.name());
        synthetic_resources(&res, script, file);
        let opts = Options {
            dialect: Some(ismig::input::DialectChoice::One(dialect)),
            migration_resources: Some(res),
            ..Default::default()
        };
        let a = pipeline::analyze(Path::new(EXAMPLE), &opts, BTreeMap::new());
        assert!(!a.diags.has_errors(), "{:?}", a.diags);
        let r = pipeline::render(&a, None).expect("render");
        let path = format!("{dialect}/402-schema-5.8.0-step1-identity.sql");
        let text = String::from_utf8(r.get(&path).unwrap().bytes.clone()).unwrap();
        assert!(text.contains(want), "{dialect}:\n{text}");
        assert!(
            text.contains("verbatim: review: a procedure call"),
            "{dialect}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn prechecks_name_what_they_check() {
    if resources().is_none() {
        return;
    }
    let r = generate("mysql", &[]);
    let text =
        String::from_utf8(r.get("mysql/401-precheck-5.8.0.sql").unwrap().bytes.clone()).unwrap();
    // the key WSO2's 5.8.0 step adds IDP_ID to (filled with -1) before its UNIQUE, and the
    // index keys against InnoDB's limit (a prefix of 768 characters)
    assert!(
        text.contains("UNIQUE CON_APP_KEY on IDN_OAUTH2_ACCESS_TOKEN"),
        "{text}"
    );
    assert!(text.contains("IDP_ID (added as -1)"), "{text}");
    assert!(
        text.contains("GROUP BY CONSUMER_KEY_ID, AUTHZ_USER, TENANT_ID"),
        "{text}"
    );
    assert!(text.contains("WHEN 'ACCESS_TOKEN' THEN 768 *"), "{text}");
    // a table the version creates is not checked (it is empty)
    assert!(!text.contains("on IDN_AUTH_USER "), "{text}");
    let r = generate("postgresql", &[]);
    let text = String::from_utf8(
        r.get("postgresql/401-precheck-5.8.0.sql")
            .unwrap()
            .bytes
            .clone(),
    )
    .unwrap();
    // step3's UPDATE rewrites the keys before its UNIQUE: said, not checked
    assert!(
        text.contains("-- not checked: CON_APP_KEY on IDN_OAUTH2_ACCESS_TOKEN"),
        "{text}"
    );
}

#[test]
fn a_variant_the_dba_chooses() {
    if resources().is_none() {
        return;
    }
    let r = generate("mysql", &["mysql-cluster-5.7"]);
    let f = r.get("mysql/402-schema-5.8.0-step1-identity.sql").unwrap();
    let text = String::from_utf8(f.bytes.clone()).unwrap();
    assert!(text.contains("mysql-cluster-5.7.sql"), "{text}");
    let r = generate("mysql", &[]);
    let f = r.get("mysql/402-schema-5.8.0-step1-identity.sql").unwrap();
    let text = String::from_utf8(f.bytes.clone()).unwrap();
    assert!(text.contains("variant mysql5.7"), "{text}");
    // the cluster files exist only for MySQL: PostgreSQL keeps its own
    let r = generate("postgresql", &["mysql-cluster-5.7"]);
    assert!(
        r.get("postgresql/402-schema-5.8.0-step1-identity.sql")
            .is_some()
    );
}

#[test]
fn explain_lists_the_client_steps() {
    let Some(res) = resources() else { return };
    let args: Vec<String> = [
        "ismig",
        "explain",
        EXAMPLE,
        "--dialect",
        "h2",
        "--migration-resources",
        &res.to_string_lossy(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let code = ismig::cli::run(&args, BTreeMap::new(), &mut o, &mut e);
    let out = String::from_utf8(o).unwrap();
    assert_eq!(code, 0, "{out}{}", String::from_utf8_lossy(&e));
    for want in [
        "  IS 5.8.0",
        "    401-precheck-5.8.0.sql: ",
        "    402-schema-5.8.0-step1-identity.sql: SchemaMigrator (1) from migration-resources/5.8.0/dbscripts/step1/identity/h2.sql: 25 guarded, 0 unwrapped, 3 verbatim, 0 dropped-drop",
        "    IDPIDColumnAdditionInH2Migrator (2): run by the migration client",
        "    SchemaMigrator (4): no dbscript for this dialect (skipped)",
        "    ClaimDataMigrator (2): run by the migration client",
    ] {
        assert!(out.contains(want), "{want:?} not in:\n{out}");
    }
}
