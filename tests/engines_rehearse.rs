//! `80-rehearse-source.sql` on real engines (PostgreSQL, MariaDB, H2), run with the client as
//! PLAN.md says, after `10-sync-source-setup.sql`:
//! - it passes on WSO2's IS 5.7.0 schema with the example's sync tables (a foreign key with ON
//!   DELETE CASCADE between two of them), and on a schema with LOB columns and a foreign key
//!   without it; the catalog and every row of every sync table and journal are the same before
//!   and after (compared);
//! - with a sabotaged trigger — the update trigger dropped, a trigger writing the wrong ACTION, a
//!   trigger leaving out a column — it exits non-zero, names the table, the check, expected and
//!   got, and leaves everything as it was too.
//!
//! Engines come from ci/engines.sh, as in tests/engines.rs.

#[path = "engines/harness.rs"]
#[allow(dead_code)] // shared with tests/engines.rs, which uses all of it
mod harness;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use harness::{
    Cleanup, Engine, JOURNALS4, Kind, Row, SYNC4, describe, drop_trailing_commas, manifest,
};

const EXAMPLE: &str = "examples/is-5.7.0-to-5.9.0";

/// The lines the rehearsal printed as results (H2's RunScript marks them `--> `; it also echoes
/// each statement, whose text holds the messages too).
fn result_lines(out: &str) -> Vec<&str> {
    out.lines()
        .map(|l| l.trim().trim_start_matches("--> ").trim())
        .filter(|l| {
            l.starts_with("ok ")
                || l.starts_with("FAILED: ")
                || l.starts_with("ismig rehearsal: passed")
        })
        .collect()
}

/// How the triggers are spoiled after 10 ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sabotage {
    None,
    /// IDN_IDENTITY_USER_DATA's update trigger dropped.
    UpdateTriggerDropped,
    /// IDN_IDENTITY_USER_DATA's update trigger writes ACTION 'INSERT'.
    WrongAction,
    /// IDN_IDENTITY_USER_DATA's insert trigger writes NULL for DATA_VALUE.
    MissingColumn,
}

/// A source schema and what the test knows of it.
struct Schema {
    tag: &'static str,
    ddl: String,
    /// Prepended when loading (not given to ismig).
    load_prefix: &'static str,
    mysql_charset: &'static str,
    sync: Vec<&'static str>,
    journals: Vec<&'static str>,
    /// Tables the sync does not carry whose rows are compared too (the rehearsal inserts a row
    /// into them).
    outside: Vec<&'static str>,
    /// A row written before the rehearsal (so the journals are not empty when it starts).
    seed: &'static str,
}

fn example(kind: Kind) -> Schema {
    let ddl = std::fs::read_to_string(
        manifest()
            .join(EXAMPLE)
            .join(format!("schema/{}.sql", kind.dialect())),
    )
    .unwrap();
    Schema {
        tag: "ex",
        ddl,
        load_prefix: "",
        mysql_charset: "utf8mb4",
        sync: SYNC4.to_vec(),
        journals: JOURNALS4.to_vec(),
        outside: vec!["IDN_OAUTH_CONSUMER_APPS"],
        seed: "INSERT INTO IDN_IDENTITY_USER_DATA (TENANT_ID, USER_NAME, DATA_KEY, DATA_VALUE) VALUES (-1234, 'admin', 'lastLogon', '1600000000')",
    }
}

/// WSO2's own IS 5.7.0 identity script, from ../shared (never copied into the repository).
fn wso2_570(kind: Kind, test: &str) -> Option<Schema> {
    let p = manifest()
        .parent()
        .unwrap()
        .join("shared/fixtures/wso2/is-5.7.0")
        .join(kind.dialect())
        .join("identity.sql");
    let Ok(ddl) = std::fs::read_to_string(&p) else {
        let reason = format!("WSO2 fixture {} is missing", p.display());
        if harness::in_ci() {
            panic!("{test}: {reason} (CI=true)");
        }
        return harness::skip_or_fail(test, reason);
    };
    Some(Schema {
        tag: "w570",
        ddl,
        // as in tests/engines.rs: written for H2 1.4, loaded into H2 2.x in MySQL mode
        load_prefix: if kind == Kind::H2 {
            "SET NON_KEYWORDS VALUE;\nSET MODE MySQL;\n"
        } else {
            ""
        },
        // WSO2's MySQL script has index keys over 3072 bytes under utf8mb4
        mysql_charset: "latin1",
        sync: SYNC4.to_vec(),
        journals: JOURNALS4.to_vec(),
        outside: vec!["IDN_OAUTH_CONSUMER_APPS"],
        seed: "INSERT INTO IDN_IDENTITY_USER_DATA (TENANT_ID, USER_NAME, DATA_KEY, DATA_VALUE) VALUES (-1234, 'admin', 'lastLogon', '1600000000')",
    })
}

/// WSO2's IS 5.7.0 script with IDN_OAUTH2_ACCESS_TOKEN.CONSUMER_KEY_ID NOT NULL (as in WSO2's
/// DB2 script) and no row in IDN_OAUTH_CONSUMER_APPS: the rehearsal must insert the consumer app
/// its token rows point at.
fn wso2_570_consumer_key_not_null(kind: Kind, test: &str) -> Option<Schema> {
    let mut sc = wso2_570(kind, test)?;
    let table = sc
        .ddl
        .find("IDN_OAUTH2_ACCESS_TOKEN (")
        .expect("IDN_OAUTH2_ACCESS_TOKEN in the 5.7.0 script");
    let col = "CONSUMER_KEY_ID INTEGER,";
    let at = table + sc.ddl[table..].find(col).expect("its CONSUMER_KEY_ID");
    sc.ddl = format!(
        "{}CONSUMER_KEY_ID INTEGER NOT NULL,{}",
        &sc.ddl[..at],
        &sc.ddl[at + col.len()..]
    );
    assert!(
        !sc.ddl.contains("INSERT INTO IDN_OAUTH_CONSUMER_APPS"),
        "{test}: the script inserts a consumer app"
    );
    sc.tag = "w570nn";
    Some(sc)
}

/// Two sync tables outside WSO2's four: a parent with a binary and a character LOB, a child whose
/// foreign key has no ON DELETE CASCADE (the rehearsal deletes the child's row first).
fn lob_fk(kind: Kind) -> Schema {
    let (bin, clob, engine) = match kind {
        Kind::Pg => ("BYTEA", "TEXT", ""),
        Kind::My => ("LONGBLOB", "LONGTEXT", " ENGINE=InnoDB"),
        Kind::H2 => ("BLOB", "CLOB", ""),
    };
    let ddl = format!(
        "CREATE TABLE ISMIG_DOC (\n    ID INTEGER NOT NULL,\n    NAME VARCHAR(64),\n    BODY {bin},\n    NOTE {clob},\n    CREATED TIMESTAMP NULL,\n    PRIMARY KEY (ID)\n){engine};\n\nCREATE TABLE ISMIG_DOC_TAG (\n    DOC_ID INTEGER NOT NULL,\n    TAG VARCHAR(20) NOT NULL,\n    WEIGHT BIGINT,\n    PRIMARY KEY (DOC_ID, TAG),\n    FOREIGN KEY (DOC_ID) REFERENCES ISMIG_DOC (ID)\n){engine};\n"
    );
    Schema {
        tag: "lob",
        ddl,
        load_prefix: "",
        mysql_charset: "utf8mb4",
        sync: vec!["ISMIG_DOC", "ISMIG_DOC_TAG"],
        journals: vec!["ISMIG_DOC_S", "ISMIG_DOC_TAG_S"],
        outside: Vec::new(),
        seed: "INSERT INTO ISMIG_DOC (ID, NAME) VALUES (1, 'existing')",
    }
}

/// `ismig generate` for one dialect, the source datasource naming `db`.
fn generate(eng: &Engine, tmp: &Path, sc: &Schema, db: &str) -> PathBuf {
    let mig = tmp.join("migration");
    let props = harness::sync_properties_with(&sc.sync);
    let tgt = format!("{db}_tgt");
    harness::write_migration(eng, &mig, Some(&props), &sc.ddl, db, &tgt);
    let out = tmp.join("out");
    harness::generate_in_process(&mig, eng.kind.dialect(), &out, &[]);
    out.join(eng.kind.dialect())
}

/// Runs SQL statements from a file with the engine's client; they must succeed.
fn exec(eng: &Engine, db: &str, tmp: &Path, name: &str, sql: &str) {
    let f = tmp.join(name);
    std::fs::write(&f, sql).unwrap();
    let o = eng.run_data(db, &f);
    assert!(o.status.success(), "{name} on {db}: {}", describe(&o));
}

/// `text` with `from` replaced by `to` at its first place after `marker`.
fn replace_after(text: &str, marker: &str, from: &str, to: &str) -> String {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker:?} in 10"));
    let rel = text[at..]
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} after {marker:?} in 10"));
    format!(
        "{}{to}{}",
        &text[..at + rel],
        &text[at + rel + from.len()..]
    )
}

/// 10-sync-source-setup.sql as the sabotage leaves it.
fn sabotaged_setup(kind: Kind, setup: &str, sabotage: Sabotage) -> String {
    let (ut, it) = match kind {
        Kind::Pg => (
            "IDN_IDENTITY_USER_DATA_UT_FUNCTION() RETURNS",
            "IDN_IDENTITY_USER_DATA_IT_FUNCTION() RETURNS",
        ),
        _ => (
            "CREATE TRIGGER IDN_IDENTITY_USER_DATA_UT",
            "CREATE TRIGGER IDN_IDENTITY_USER_DATA_IT",
        ),
    };
    match (sabotage, kind) {
        (Sabotage::WrongAction, Kind::H2) => {
            replace_after(setup, ut, "\"UPDATE\");", "\"INSERT\");")
        }
        (Sabotage::WrongAction, _) => replace_after(setup, ut, "'UPDATE')", "'INSERT')"),
        (Sabotage::MissingColumn, Kind::H2) => replace_after(
            setup,
            it,
            "ps.setObject(i + 1, row[columns[i]]);",
            "ps.setObject(i + 1, i == 3 ? null : row[columns[i]]);",
        ),
        (Sabotage::MissingColumn, _) => replace_after(setup, it, "NEW.DATA_VALUE", "NULL"),
        _ => setup.to_string(),
    }
}

/// What the rehearsal's checks compare before and after: the catalog, and every row of every
/// sync table and journal.
fn state(eng: &Engine, db: &str, sc: &Schema) -> (Vec<String>, BTreeMap<String, Vec<Row>>) {
    let tables: Vec<String> = sc
        .sync
        .iter()
        .chain(&sc.journals)
        .chain(&sc.outside)
        .map(|t| t.to_string())
        .collect();
    (eng.catalog(db), eng.table_rows(db, &tables))
}

/// Loads the schema, runs 10 (sabotaged), writes a row, then runs 80. Returns whether 80
/// succeeded and what it printed; fails the test unless everything is as before.
fn rehearse(kind: Kind, test: &str, sc: Schema, sabotage: Sabotage) -> Option<(bool, String)> {
    let eng = Engine::get(kind, test)?;
    let pid = std::process::id();
    let tag = format!("{}_{sabotage:?}", sc.tag).to_ascii_lowercase();
    let db = format!("ismig_rh_{}_{tag}_{pid}", kind.short());
    let scratch = Cleanup::scratch(
        &eng,
        format!("ismig-rehearse-{}-{tag}-{pid}", kind.short()),
        vec![db.clone()],
    );
    let tmp = scratch.dir.clone();
    eng.create_db(&db, sc.mysql_charset);
    exec(
        &eng,
        &db,
        &tmp,
        "schema.sql",
        &format!("{}{}", sc.load_prefix, drop_trailing_commas(&sc.ddl)),
    );
    let dir = generate(&eng, &tmp, &sc, &db);
    let setup = std::fs::read_to_string(dir.join("10-sync-source-setup.sql")).unwrap();
    let setup = sabotaged_setup(kind, &setup, sabotage);
    let setup_file = tmp.join("10-as-run.sql");
    std::fs::write(&setup_file, setup).unwrap();
    let o = eng.run_script(&db, &setup_file);
    assert!(o.status.success(), "{test}: 10 failed: {}", describe(&o));
    if sabotage == Sabotage::UpdateTriggerDropped {
        let drop = match kind {
            Kind::Pg => "DROP TRIGGER IDN_IDENTITY_USER_DATA_UT ON IDN_IDENTITY_USER_DATA;\n",
            _ => "DROP TRIGGER IDN_IDENTITY_USER_DATA_UT;\n",
        };
        exec(&eng, &db, &tmp, "sabotage.sql", drop);
    }
    exec(&eng, &db, &tmp, "seed.sql", &format!("{};\n", sc.seed));
    let before = state(&eng, &db, &sc);
    if sc.tag == "w570nn" {
        // no consumer app for the rehearsal's token rows to borrow
        assert_eq!(
            before.1.get("IDN_OAUTH_CONSUMER_APPS").map(Vec::len),
            Some(0),
            "{test}: IDN_OAUTH_CONSUMER_APPS is not empty"
        );
    }
    assert!(
        before.1.values().any(|rows| !rows.is_empty()),
        "{test}: the seed row is not there"
    );
    let o = eng.run_script_show(&db, &dir.join("80-rehearse-source.sql"));
    let out = harness::text(&o);
    let after = state(&eng, &db, &sc);
    assert_eq!(
        before.0, after.0,
        "{test}: the catalog changed\n--- 80 printed\n{out}"
    );
    assert_eq!(
        before.1, after.1,
        "{test}: rows of the sync tables or journals changed\n--- 80 printed\n{out}"
    );
    Some((o.status.success(), out))
}

/// The rehearsal passes: every check line is `ok`, the verdict says so.
fn passes(kind: Kind, test: &str, sc: Option<Schema>) {
    let Some(sc) = sc else { return };
    let Some((ok, out)) = rehearse(kind, test, sc, Sabotage::None) else {
        return;
    };
    assert!(ok, "{test}: 80 failed:\n{out}");
    let lines = result_lines(&out);
    assert!(
        !lines.iter().any(|l| l.starts_with("FAILED")),
        "{test}:\n{out}"
    );
    assert!(
        lines.contains(&"ismig rehearsal: passed: every check ok; everything is rolled back"),
        "{test}:\n{out}"
    );
    let oks = lines.iter().filter(|l| l.starts_with("ok ")).count();
    assert!(oks >= 20, "{test}: only {oks} check lines:\n{out}");
}

/// The rehearsal fails on a sabotaged trigger, naming table, check, expected and got.
fn fails(kind: Kind, test: &str, sabotage: Sabotage, want: &[&str]) {
    let Some((ok, out)) = rehearse(kind, test, example(kind), sabotage) else {
        return;
    };
    assert!(!ok, "{test}: 80 passed with {sabotage:?}:\n{out}");
    // the verdict, as the client's error message quotes it
    assert!(
        out.lines().any(|l| l.contains("ismig rehearsal: FAILED: ")
            && l.contains(" check(s) failed")
            && !l.contains("CONCAT")),
        "{test}:\n{out}"
    );
    let lines = result_lines(&out);
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("ismig rehearsal: passed")),
        "{test}:\n{out}"
    );
    for w in want {
        assert!(
            lines.iter().any(|l| l.contains(w)),
            "{test}: no {w:?} in:\n{out}"
        );
    }
    // the other tables' checks still ran and passed
    assert!(
        lines.contains(&"ok IDN_OAUTH2_AUTHORIZATION_CODE rows: 8 journal rows"),
        "{test}:\n{out}"
    );
}

const DROPPED: &[&str] = &[
    "FAILED: IDN_IDENTITY_USER_DATA trigger IDN_IDENTITY_USER_DATA_UT: expected present",
    "FAILED: IDN_IDENTITY_USER_DATA rows: 8 journal rows: expected 8 got 4",
    "FAILED: IDN_IDENTITY_USER_DATA row 4 of 8: UPDATE (update of DATA_VALUE of row a): ACTION expected UPDATE got DELETE",
];
const WRONG_ACTION: &[&str] = &[
    "FAILED: IDN_IDENTITY_USER_DATA row 4 of 8: UPDATE (update of DATA_VALUE of row a): ACTION expected UPDATE got INSERT",
];
const MISSING_COLUMN: &[&str] = &[
    "FAILED: IDN_IDENTITY_USER_DATA row 1 of 8: INSERT (insert of row a): DATA_VALUE expected aismig'é got NULL",
];

#[test]
fn postgresql_rehearsal_passes_on_wso2_570() {
    let t = "postgresql_rehearsal_passes_on_wso2_570";
    passes(Kind::Pg, t, wso2_570(Kind::Pg, t));
}

#[test]
fn mysql_rehearsal_passes_on_wso2_570() {
    let t = "mysql_rehearsal_passes_on_wso2_570";
    passes(Kind::My, t, wso2_570(Kind::My, t));
}

#[test]
fn h2_rehearsal_passes_on_wso2_570() {
    let t = "h2_rehearsal_passes_on_wso2_570";
    passes(Kind::H2, t, wso2_570(Kind::H2, t));
}

#[test]
fn postgresql_rehearsal_creates_the_consumer_app_its_tokens_need() {
    let t = "postgresql_rehearsal_consumer_app";
    passes(Kind::Pg, t, wso2_570_consumer_key_not_null(Kind::Pg, t));
}

#[test]
fn mysql_rehearsal_creates_the_consumer_app_its_tokens_need() {
    let t = "mysql_rehearsal_consumer_app";
    passes(Kind::My, t, wso2_570_consumer_key_not_null(Kind::My, t));
}

#[test]
fn h2_rehearsal_creates_the_consumer_app_its_tokens_need() {
    let t = "h2_rehearsal_consumer_app";
    passes(Kind::H2, t, wso2_570_consumer_key_not_null(Kind::H2, t));
}

#[test]
fn postgresql_rehearsal_passes_with_lobs_and_a_key_without_cascade() {
    passes(Kind::Pg, "postgresql_rehearsal_lob", Some(lob_fk(Kind::Pg)));
}

#[test]
fn mysql_rehearsal_passes_with_lobs_and_a_key_without_cascade() {
    passes(Kind::My, "mysql_rehearsal_lob", Some(lob_fk(Kind::My)));
}

#[test]
fn h2_rehearsal_passes_with_lobs_and_a_key_without_cascade() {
    passes(Kind::H2, "h2_rehearsal_lob", Some(lob_fk(Kind::H2)));
}

#[test]
fn postgresql_rehearsal_fails_without_the_update_trigger() {
    fails(
        Kind::Pg,
        "pg_dropped",
        Sabotage::UpdateTriggerDropped,
        DROPPED,
    );
}

#[test]
fn mysql_rehearsal_fails_without_the_update_trigger() {
    fails(
        Kind::My,
        "my_dropped",
        Sabotage::UpdateTriggerDropped,
        DROPPED,
    );
}

#[test]
fn h2_rehearsal_fails_without_the_update_trigger() {
    fails(
        Kind::H2,
        "h2_dropped",
        Sabotage::UpdateTriggerDropped,
        DROPPED,
    );
}

#[test]
fn postgresql_rehearsal_fails_on_a_wrong_action() {
    fails(Kind::Pg, "pg_action", Sabotage::WrongAction, WRONG_ACTION);
}

#[test]
fn mysql_rehearsal_fails_on_a_wrong_action() {
    fails(Kind::My, "my_action", Sabotage::WrongAction, WRONG_ACTION);
}

#[test]
fn h2_rehearsal_fails_on_a_wrong_action() {
    fails(Kind::H2, "h2_action", Sabotage::WrongAction, WRONG_ACTION);
}

#[test]
fn postgresql_rehearsal_fails_on_a_missing_column() {
    fails(
        Kind::Pg,
        "pg_column",
        Sabotage::MissingColumn,
        MISSING_COLUMN,
    );
}

#[test]
fn mysql_rehearsal_fails_on_a_missing_column() {
    fails(
        Kind::My,
        "my_column",
        Sabotage::MissingColumn,
        MISSING_COLUMN,
    );
}

#[test]
fn h2_rehearsal_fails_on_a_missing_column() {
    fails(
        Kind::H2,
        "h2_column",
        Sabotage::MissingColumn,
        MISSING_COLUMN,
    );
}
