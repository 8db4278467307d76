//! Real-engine proof of the migration client's schema steps, compiled (PostgreSQL, MariaDB, H2):
//! WSO2's IS 5.7.0 identity schema, then every compiled 5.8.0 and 5.9.0 script of WSO2's real
//! migration-resources in run order, twice — the second run changes nothing (catalogs compared)
//! and the result holds what the steps add; and a WSO2 helper idiom whose statement fails (an
//! index on a missing column) stops its script with the engine's own message, where WSO2's
//! helper would have printed 'skipped' or swallowed it.
//!
//! WSO2's UMA tables come from the UMA feature's own scripts, which the fixtures do not hold: the
//! one table the 5.8.0 UMA step changes is created here as the test's data. On H2 the scripts run
//! with `NON_KEYWORDS=VALUE` (WSO2's dbscripts are written for H2 1.4, which IS 5.9.0 ships, where
//! VALUE is no keyword; the test server is H2 2.x). Engines come from ci/engines.sh, as in
//! tests/engines.rs (ISMIG_REQUIRE_ENGINES=1: a missing engine fails).

mod common;
#[path = "engines/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::path::{Path, PathBuf};

use harness::{Cleanup, Engine, Kind, describe, say};

/// `ismig generate` of the example with `resources` as migration-resources, the target naming
/// `db`; returns the dialect's output folder.
fn generate(eng: &Engine, tmp: &Path, tag: &str, db: &str, resources: &Path) -> PathBuf {
    let mig = tmp.join(format!("migration-{tag}"));
    let src = format!("{db}_src");
    harness::write_migration(eng, &mig, None, &harness::example_ddl(eng), &src, db);
    let out = tmp.join(format!("out-{tag}"));
    let resources = resources.to_string_lossy();
    harness::generate_in_process(
        &mig,
        eng.kind.dialect(),
        &out,
        &["--migration-resources", &resources],
    );
    out.join(eng.kind.dialect())
}

/// The compiled schema steps of an output folder, in file (= run) order.
fn schema_steps(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("-schema-") || n.contains("-precheck-"))
        .collect();
    v.sort();
    v
}

/// WSO2's IS 5.7.0 identity schema on `db`, plus the UMA permission ticket table.
fn load_570(eng: &Engine, db: &str, tmp: &Path) -> bool {
    let d = eng.kind.dialect();
    let file = match eng.kind {
        Kind::My => "identity.mysql-5.7.sql",
        _ => "identity.sql",
    };
    let Some(dir) = common::wso2_fixtures(&format!("is-5.7.0/{d}")) else {
        return false;
    };
    // latin1, as a MySQL 5.7 server of that time defaulted to: WSO2's 5.7.0 index on
    // IDN_SCIM_GROUP (ROLE_NAME, ATTR_NAME) overflows InnoDB's 3,072-byte key limit in utf8mb4
    eng.create_db(db, "latin1");
    let schema = dir.join(file);
    let o = match eng.kind {
        // WSO2's H2 1.4 schema: H2 2.x rejects a few of its statements (none the steps touch;
        // the catalog check below proves the tables are there)
        Kind::H2 => eng.run_h2(db, &schema, ";NON_KEYWORDS=VALUE", true),
        _ => eng.run_data(db, &schema),
    };
    assert!(
        eng.kind == Kind::H2 || o.status.success(),
        "5.7.0 schema on {db}: {}",
        describe(&o)
    );
    let uma = tmp.join("uma.sql");
    let auto = match eng.kind {
        Kind::My => "INTEGER NOT NULL AUTO_INCREMENT",
        _ => "INTEGER NOT NULL",
    };
    std::fs::write(
        &uma,
        format!(
            "CREATE TABLE IDN_UMA_PERMISSION_TICKET (ID {auto}, PT VARCHAR(255) NOT NULL, TIME_CREATED TIMESTAMP NOT NULL, TENANT_ID INTEGER DEFAULT -1234, PRIMARY KEY (ID));\n"
        ),
    )
    .unwrap();
    let o = eng.run_data(db, &uma);
    assert!(o.status.success(), "UMA table on {db}: {}", describe(&o));
    true
}

fn has(catalog: &[String], want: &str) -> bool {
    catalog
        .iter()
        .any(|l| l.to_ascii_uppercase().contains(&want.to_ascii_uppercase()))
}

fn steps_twice(kind: Kind, test: &str) {
    let Some(eng) = Engine::get(kind, test) else {
        return;
    };
    let Some(res) = common::wso2_fixtures("migration-resources") else {
        return;
    };
    let d = kind.dialect();
    let pid = std::process::id();
    let db = format!("ss_{d}_{pid}");
    let scratch = Cleanup::scratch(
        &eng,
        format!("ismig-engines-steps-{d}-{pid}"),
        vec![db.clone()],
    );
    let tmp = scratch.dir.clone();
    let out = generate(&eng, &tmp, "run", &db, &res);
    let steps = schema_steps(&out);
    assert!(steps.len() >= 5, "{d}: {steps:?}");
    if !load_570(&eng, &db, &tmp) {
        return;
    }
    let before = eng.catalog(&db);
    assert!(has(&before, "IDN_OAUTH2_ACCESS_TOKEN"), "{d}: {before:?}");
    let mut catalogs = Vec::new();
    for round in 1..=2 {
        for f in &steps {
            let o = harness::run_wso2(&eng, &db, &out.join(f));
            assert!(
                o.status.success(),
                "{d} round {round}: {f} failed: {}",
                describe(&o)
            );
        }
        catalogs.push(eng.catalog(&db));
    }
    assert_eq!(
        catalogs[0], catalogs[1],
        "{d}: the second run of the schema steps changed the catalog"
    );
    let after = &catalogs[0];
    assert_ne!(&before, after, "{d}: the schema steps changed nothing");
    // on H2 the client's Java IDPIDColumnAdditionInH2Migrator adds IDP_ID (a client-only step),
    // not the 5.8.0 dbscript
    let idp_id: &[&str] = if kind == Kind::H2 {
        &[]
    } else {
        &[
            "IDN_OAUTH2_ACCESS_TOKEN.IDP_ID",
            "IDN_OAUTH2_AUTHORIZATION_CODE.IDP_ID",
        ]
    };
    for t in idp_id.iter().chain(&[
        "FIDO2_DEVICE_STORE",
        "IDN_AUTH_SESSION_APP_INFO",
        "IDN_AUTH_SESSION_META_DATA",
        "IDN_FUNCTION_LIBRARY",
        "IDN_AUTH_USER",
        "IDN_AUTH_USER_SESSION_MAPPING",
        "IDN_UMA_PERMISSION_TICKET.TOKEN_ID",
        "IDN_SAML2_ASSERTION_STORE.ASSERTION",
    ]) {
        assert!(has(after, t), "{d}: {t} missing after the steps");
    }
    say(&format!(
        "{test}: {} compiled schema steps ran twice on WSO2's 5.7.0 schema, the second run changed nothing ({} catalog lines)",
        steps.len(),
        after.len()
    ));
}

/// A dbscript in WSO2's idiom (its helper procedure, called for an index on a column that does
/// not exist), for `dialect`.
fn failing_helper(kind: Kind) -> &'static str {
    match kind {
        Kind::Pg => {
            "CREATE OR REPLACE FUNCTION skip_index_if_exists(nameOfTheIndex varchar(64),tableName varchar(64), tableColumns varchar(64)) RETURNS void AS $$ declare s varchar(1000); declare result INTEGER; begin SELECT COUNT(1) into result FROM pg_indexes WHERE indexname = nameOfTheIndex; IF result = 0 THEN s :=  CONCAT('CREATE INDEX ' , nameOfTheIndex , ' ON ' , tableName, tableColumns); execute s; end if; END;$$ LANGUAGE plpgsql;\n\nSELECT skip_index_if_exists('idx_no_such', 'idn_oauth2_scope', '(no_such_column)');\n\nDROP FUNCTION skip_index_if_exists(varchar,varchar,varchar);\n"
        }
        Kind::My => {
            "DROP PROCEDURE IF EXISTS skip_index_if_exists;\n\nCREATE PROCEDURE skip_index_if_exists(indexName varchar(64), tableName varchar(64), tableColumns varchar(255)) BEGIN BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END; SET @s = CONCAT('CREATE INDEX ', indexName, ' ON ', tableName, tableColumns); PREPARE stmt FROM @s; EXECUTE stmt; END;END;\n\nCALL skip_index_if_exists('IDX_NO_SUCH','IDN_OAUTH2_SCOPE','(NO_SUCH_COLUMN)');\n\nDROP PROCEDURE IF EXISTS skip_index_if_exists;\n"
        }
        Kind::H2 => "CREATE INDEX IF NOT EXISTS IDX_NO_SUCH ON IDN_OAUTH2_SCOPE(NO_SUCH_COLUMN);\n",
    }
}

/// A migration-resources folder in `tmp`: WSO2's migration-config.yaml (from `real`) and `sql`
/// as the dialect's one 5.9.0 step1 identity dbscript.
fn one_dbscript(real: &Path, tmp: &Path, d: &str, sql: &str) -> PathBuf {
    let res = tmp.join("migration-resources");
    let variant = d.replace("mysql", "mysql5.7");
    let dir = res.join("5.9.0/dbscripts/step1/identity");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        real.join("migration-config.yaml"),
        res.join("migration-config.yaml"),
    )
    .unwrap();
    std::fs::write(dir.join(format!("{variant}.sql")), sql).unwrap();
    res
}

fn helper_error_stops(kind: Kind, test: &str) {
    let Some(eng) = Engine::get(kind, test) else {
        return;
    };
    let Some(real) = common::wso2_fixtures("migration-resources") else {
        return;
    };
    let d = kind.dialect();
    let pid = std::process::id();
    let db = format!("sh_{d}_{pid}");
    let scratch = Cleanup::scratch(
        &eng,
        format!("ismig-engines-helper-{d}-{pid}"),
        vec![db.clone()],
    );
    let tmp = scratch.dir.clone();
    // the client's own configuration, and one 5.9.0 dbscript: the failing helper call
    let res = one_dbscript(&real, &tmp, d, failing_helper(kind));
    let out = generate(&eng, &tmp, "run", &db, &res);
    let steps = schema_steps(&out);
    assert_eq!(steps.len(), 2, "{d}: {steps:?}");
    if !load_570(&eng, &db, &tmp) {
        return;
    }
    let o = harness::run_wso2(&eng, &db, &out.join(&steps[1]));
    let t = harness::text(&o);
    assert!(
        !o.status.success(),
        "{d}: an index on a missing column passed:\n{t}"
    );
    assert!(
        t.to_ascii_uppercase().contains("NO_SUCH_COLUMN") && !t.contains("skipped"),
        "{d}: the engine's message should name the column:\n{t}"
    );
    say(&format!(
        "{test}: the unwrapped helper stopped the script: {}",
        t.lines()
            .find(|l| l.to_ascii_uppercase().contains("NO_SUCH_COLUMN"))
            .unwrap_or("")
            .trim()
    ));
}

/// A dbscript in WSO2's style adding a UNIQUE over existing columns and a NOT NULL column
/// without a default.
const CONSTRAINTS: &str = "ALTER TABLE IDN_OAUTH2_SCOPE ADD CONSTRAINT SCOPE_NAME_TENANT UNIQUE (NAME, TENANT_ID);\n\nALTER TABLE IDN_OAUTH2_SCOPE_BINDING ADD PRECHECK_FLAG INTEGER NOT NULL;\n";

fn exec(eng: &Engine, db: &str, tmp: &Path, sql: &str) {
    let f = tmp.join("exec.sql");
    std::fs::write(&f, sql).unwrap();
    let o = eng.run_data(db, &f);
    assert!(o.status.success(), "{sql} on {db}: {}", describe(&o));
}

fn prechecks(kind: Kind, test: &str) {
    let Some(eng) = Engine::get(kind, test) else {
        return;
    };
    let Some(real) = common::wso2_fixtures("migration-resources") else {
        return;
    };
    let d = kind.dialect();
    let pid = std::process::id();
    let db = format!("sp_{d}_{pid}");
    let scratch = Cleanup::scratch(
        &eng,
        format!("ismig-engines-precheck-{d}-{pid}"),
        vec![db.clone()],
    );
    let tmp = scratch.dir.clone();
    let res = one_dbscript(&real, &tmp, d, CONSTRAINTS);
    let out = generate(&eng, &tmp, "run", &db, &res);
    let steps = schema_steps(&out);
    assert_eq!(steps[0], "401-precheck-5.9.0.sql", "{d}: {steps:?}");
    if !load_570(&eng, &db, &tmp) {
        return;
    }
    let precheck = out.join(&steps[0]);
    // clean data: it passes and changes nothing
    let before = eng.catalog(&db);
    let o = harness::run_wso2(&eng, &db, &precheck);
    assert!(
        o.status.success(),
        "{d}: precheck on clean data: {}",
        describe(&o)
    );
    assert_eq!(
        before,
        eng.catalog(&db),
        "{d}: the precheck changed the catalog"
    );
    // two scopes with the same name in one tenant: the UNIQUE stops it, naming a key
    exec(
        &eng,
        &db,
        &tmp,
        "INSERT INTO IDN_OAUTH2_SCOPE (SCOPE_ID, NAME, DISPLAY_NAME, TENANT_ID) VALUES (7001, 'dup_scope', 'x', -1234);\nINSERT INTO IDN_OAUTH2_SCOPE (SCOPE_ID, NAME, DISPLAY_NAME, TENANT_ID) VALUES (7002, 'dup_scope', 'y', -1234);\n",
    );
    let o = harness::run_wso2(&eng, &db, &precheck);
    let t = harness::text(&o);
    assert!(!o.status.success(), "{d}: duplicates passed:\n{t}");
    assert!(
        t.contains("SCOPE_NAME_TENANT on IDN_OAUTH2_SCOPE") && t.contains("dup_scope/-1234"),
        "{d}: the message should name the constraint, the table and the key:\n{t}"
    );
    say(&format!(
        "{test}: {}",
        t.lines()
            .find(|l| l.contains("SCOPE_NAME_TENANT"))
            .unwrap_or("")
            .trim()
    ));
    // one scope and a binding: the NOT NULL column without a default stops it
    exec(
        &eng,
        &db,
        &tmp,
        "DELETE FROM IDN_OAUTH2_SCOPE WHERE SCOPE_ID = 7002;\nINSERT INTO IDN_OAUTH2_SCOPE_BINDING (SCOPE_ID, SCOPE_BINDING) VALUES (7001, 'b');\n",
    );
    let o = harness::run_wso2(&eng, &db, &precheck);
    let t = harness::text(&o);
    assert!(
        !o.status.success(),
        "{d}: a NOT NULL add over rows passed:\n{t}"
    );
    assert!(
        t.contains("PRECHECK_FLAG") && t.contains("IDN_OAUTH2_SCOPE_BINDING"),
        "{d}: the message should name the column and the table:\n{t}"
    );
    // clean again: it passes
    exec(
        &eng,
        &db,
        &tmp,
        "DELETE FROM IDN_OAUTH2_SCOPE_BINDING;\nDELETE FROM IDN_OAUTH2_SCOPE;\n",
    );
    let o = harness::run_wso2(&eng, &db, &precheck);
    assert!(
        o.status.success(),
        "{d}: precheck after the fix: {}",
        describe(&o)
    );
}

#[test]
fn postgresql_precheck_stops_on_violations() {
    prechecks(Kind::Pg, "postgresql_precheck_stops_on_violations");
}

#[test]
fn mysql_precheck_stops_on_violations() {
    prechecks(Kind::My, "mysql_precheck_stops_on_violations");
}

#[test]
fn h2_precheck_stops_on_violations() {
    prechecks(Kind::H2, "h2_precheck_stops_on_violations");
}

#[test]
fn postgresql_schema_steps_twice() {
    steps_twice(Kind::Pg, "postgresql_schema_steps_twice");
}

#[test]
fn mysql_schema_steps_twice() {
    steps_twice(Kind::My, "mysql_schema_steps_twice");
}

#[test]
fn h2_schema_steps_twice() {
    steps_twice(Kind::H2, "h2_schema_steps_twice");
}

#[test]
fn postgresql_helper_error_stops() {
    helper_error_stops(Kind::Pg, "postgresql_helper_error_stops");
}

#[test]
fn mysql_helper_error_stops() {
    helper_error_stops(Kind::My, "mysql_helper_error_stops");
}

#[test]
fn h2_helper_error_stops() {
    helper_error_stops(Kind::H2, "h2_helper_error_stops");
}
