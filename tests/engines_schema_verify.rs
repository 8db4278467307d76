//! Real-engine proof of the post-migration schema check (`50-schema-verify-<version>.sql`,
//! `--schema-after`) on PostgreSQL, MariaDB and H2:
//!
//! * WSO2's fresh IS 5.9.0 identity schema loaded: the check passes; then an index dropped, a
//!   column of another length, a column dropped, a nullability changed and a table dropped: it
//!   fails listing exactly those five differences.
//! * WSO2's IS 5.7.0 identity schema, then the compiled 5.8.0 and 5.9.0 schema steps of WSO2's
//!   migration-resources and the version step's new tables (03), checked against WSO2's fresh
//!   5.9.0 schema: it lists exactly the differences below ([`findings`]) — where WSO2's own steps
//!   do not reach WSO2's own fresh schema — each with its cause.
//!
//! On H2 the scripts run with `NON_KEYWORDS=VALUE` (WSO2's H2 scripts are written for H2 1.4,
//! which IS 5.9.0 ships; the test server is H2 2.x), and WSO2's fresh H2 schema is read with the
//! two more things H2 2.x refuses put right in memory: `INT(11)` and a trailing comma. Engines come
//! from ci/engines.sh, as in tests/engines.rs (ISMIG_REQUIRE_ENGINES=1: a missing engine fails).

mod common;
#[path = "engines/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use harness::{Cleanup, Engine, Kind, describe, say};

/// `ismig generate` of the example for the engine's dialect, the target naming `db`, with
/// `extra` arguments; returns the dialect's output folder.
fn generate(eng: &Engine, tmp: &Path, db: &str, extra: &[&str]) -> PathBuf {
    let mig = tmp.join("migration");
    let src = format!("{db}_src");
    harness::write_migration(eng, &mig, None, &harness::example_ddl(eng), &src, db);
    let out = tmp.join("out");
    harness::generate_in_process(&mig, eng.kind.dialect(), &out, extra);
    out.join(eng.kind.dialect())
}

/// WSO2's fresh-install identity DDL of a version for the engine's dialect.
fn fixture(kind: Kind, version: &str) -> Option<PathBuf> {
    let file = match (kind, version) {
        (Kind::My, "5.7.0") => "identity.mysql-5.7.sql",
        _ => "identity.sql",
    };
    common::wso2_fixtures(&format!("is-{version}/{}", kind.dialect())).map(|d| d.join(file))
}

/// The differences a check's output lists: each `ismig schema verify: <object>: …` line, however
/// the client shows it (a NOTICE, a value with `\n` escaped, an error message quoting them).
fn differences(out: &str) -> BTreeSet<String> {
    const OBJECTS: [&str; 5] = [
        "table ",
        "column ",
        "primary key of ",
        "unique key on ",
        "index ",
    ];
    out.replace("\\000a", "\n")
        .replace("\\n", "\n")
        .split(['\n', '"'])
        .filter_map(|l| l.split_once("ismig schema verify: ").map(|(_, d)| d.trim()))
        .filter(|d| OBJECTS.iter().any(|o| d.starts_with(o)) && !d.contains('\''))
        .map(str::to_string)
        .collect()
}

/// Statements run as test data.
fn exec(eng: &Engine, db: &str, tmp: &Path, sql: &str) {
    let f = tmp.join("exec.sql");
    std::fs::write(&f, sql).unwrap();
    let o = match eng.kind {
        Kind::H2 => eng.run_h2(db, &f, ";NON_KEYWORDS=VALUE", false),
        _ => eng.run_data(db, &f),
    };
    assert!(o.status.success(), "{sql} on {db}: {}", describe(&o));
}

/// WSO2's identity schema `schema` on `db` (H2: `INT(11)` and a trailing comma put right).
fn load(eng: &Engine, db: &str, tmp: &Path, schema: &Path) {
    let mut text = std::fs::read_to_string(schema).unwrap();
    if eng.kind == Kind::H2 {
        text = text.replace("INT(11)", "INT");
        for gap in ["\n)", "\n  )", "\n            )"] {
            text = text.replace(&format!(",{gap}"), gap);
        }
    }
    // latin1, as a MySQL 5.7 server of that time defaulted to: WSO2's index on IDN_SCIM_GROUP
    // (ROLE_NAME, ATTR_NAME) overflows InnoDB's 3,072-byte key limit in utf8mb4
    eng.create_db(db, "latin1");
    exec(eng, db, tmp, &text);
}

/// The five faults and the lines they must give, per engine.
fn faults(kind: Kind) -> (&'static str, [&'static str; 5]) {
    let sql = match kind {
        Kind::Pg => {
            "DROP INDEX IDX_AT_CK_AU;\n\
             ALTER TABLE IDN_OAUTH2_ACCESS_TOKEN ALTER COLUMN TOKEN_STATE TYPE VARCHAR(30);\n\
             ALTER TABLE IDN_OAUTH2_AUTHORIZATION_CODE DROP COLUMN PKCE_CODE_CHALLENGE;\n\
             ALTER TABLE IDN_OAUTH_CONSUMER_APPS ALTER COLUMN APP_NAME SET NOT NULL;\n\
             DROP TABLE FIDO2_DEVICE_STORE;\n"
        }
        Kind::My => {
            "DROP INDEX IDX_AT_CK_AU ON IDN_OAUTH2_ACCESS_TOKEN;\n\
             ALTER TABLE IDN_OAUTH2_ACCESS_TOKEN MODIFY TOKEN_STATE VARCHAR(30) DEFAULT 'ACTIVE';\n\
             ALTER TABLE IDN_OAUTH2_AUTHORIZATION_CODE DROP COLUMN PKCE_CODE_CHALLENGE;\n\
             ALTER TABLE IDN_OAUTH_CONSUMER_APPS MODIFY APP_NAME VARCHAR(255) NOT NULL;\n\
             DROP TABLE FIDO2_DEVICE_STORE;\n"
        }
        Kind::H2 => {
            "DROP INDEX IDX_AT_CK_AU;\n\
             ALTER TABLE IDN_OAUTH2_ACCESS_TOKEN ALTER COLUMN TOKEN_STATE SET DATA TYPE VARCHAR(30);\n\
             ALTER TABLE IDN_OAUTH2_AUTHORIZATION_CODE DROP COLUMN PKCE_CODE_CHALLENGE;\n\
             ALTER TABLE IDN_OAUTH_CONSUMER_APPS ALTER COLUMN APP_NAME SET NOT NULL;\n\
             DROP TABLE FIDO2_DEVICE_STORE;\n"
        }
    };
    let varchar = match kind {
        Kind::My => "VARCHAR",
        _ => "CHARACTER VARYING",
    };
    let lines = [
        "column IDN_OAUTH2_ACCESS_TOKEN.TOKEN_STATE: expected {v}(25) NULL, found {v}(30) NULL",
        "column IDN_OAUTH2_AUTHORIZATION_CODE.PKCE_CODE_CHALLENGE: missing (expected {v}(255) NULL)",
        "column IDN_OAUTH_CONSUMER_APPS.APP_NAME: expected {v}(255) NULL, found {v}(255) NOT NULL",
        "index IDX_AT_CK_AU on IDN_OAUTH2_ACCESS_TOKEN: missing (expected (CONSUMER_KEY_ID,AUTHZ_USER,TOKEN_STATE,USER_TYPE))",
        "table FIDO2_DEVICE_STORE: missing",
    ];
    (
        sql,
        lines.map(|l| Box::leak(l.replace("{v}", varchar).into_boxed_str()) as &str),
    )
}

fn fresh_passes_and_faults_are_listed(kind: Kind, test: &str) {
    let Some(eng) = Engine::get(kind, test) else {
        return;
    };
    let Some(schema) = fixture(kind, "5.9.0") else {
        return;
    };
    let d = kind.dialect();
    let pid = std::process::id();
    let db = format!("sv_{d}_{pid}");
    let scratch = Cleanup::scratch(
        &eng,
        format!("ismig-engines-verify-{d}-{pid}"),
        vec![db.clone()],
    );
    let tmp = scratch.dir.clone();
    let out = generate(
        &eng,
        &tmp,
        &db,
        &["--schema-after", &schema.to_string_lossy()],
    );
    let verify = out.join("50-schema-verify-5.9.0.sql");
    load(&eng, &db, &tmp, &schema);

    let before = eng.catalog(&db);
    let o = harness::run_wso2(&eng, &db, &verify);
    let t = harness::text(&o);
    assert!(
        o.status.success(),
        "{d}: the check failed on WSO2's fresh 5.9.0 schema: {}",
        describe(&o)
    );
    // (RunScript prints no result: on H2 the exit status says it)
    assert!(
        kind == Kind::H2 || t.contains("the schema matches the fresh 5.9.0 schema"),
        "{d}: {t}"
    );
    assert!(differences(&t).is_empty(), "{d}: {t}");
    assert_eq!(
        before,
        eng.catalog(&db),
        "{d}: the check changed the catalog"
    );

    let (sql, want) = faults(kind);
    exec(&eng, &db, &tmp, sql);
    let o = harness::run_wso2(&eng, &db, &verify);
    let t = harness::text(&o);
    assert!(!o.status.success(), "{d}: five faults passed:\n{t}");
    let got = differences(&t);
    let want: BTreeSet<String> = want.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        got, want,
        "{d}: the check should list exactly the faults:\n{t}"
    );
    assert!(
        t.contains("5 differences from the fresh 5.9.0 schema"),
        "{d}: the check should count them:\n{t}"
    );
    say(&format!(
        "{test}: passes on WSO2's fresh 5.9.0 schema ({} catalog lines), lists the five faults",
        before.len()
    ));
}

#[test]
fn postgresql_fresh_schema_passes_and_faults_are_listed() {
    fresh_passes_and_faults_are_listed(
        Kind::Pg,
        "postgresql_fresh_schema_passes_and_faults_are_listed",
    );
}

#[test]
fn mariadb_fresh_schema_passes_and_faults_are_listed() {
    fresh_passes_and_faults_are_listed(
        Kind::My,
        "mariadb_fresh_schema_passes_and_faults_are_listed",
    );
}

#[test]
fn h2_fresh_schema_passes_and_faults_are_listed() {
    fresh_passes_and_faults_are_listed(Kind::H2, "h2_fresh_schema_passes_and_faults_are_listed");
}

/// What WSO2's own 5.8.0 and 5.9.0 steps leave different from WSO2's own fresh 5.9.0 schema, per
/// engine, each with its cause (WSO2's files, read from ../shared/fixtures/wso2/).
fn findings(kind: Kind) -> Vec<(&'static str, &'static str)> {
    const IDP_ID_NOT_NULL: &str = "5.8.0's step adds IDP_ID NOT NULL DEFAULT -1 (PostgreSQL: then drops \
        the default; MySQL: add_column_if_not_exists_with_default_val's NOT NULL); the fresh 5.9.0 \
        schema declares IDP_ID INTEGER, nullable";
    const PG_CALLBACK: &str = "5.8.0's PostgreSQL dbscript has no statement widening CALLBACK_URL to \
        2048 (its MySQL, Oracle, DB2 and SQL Server dbscripts have one); the fresh 5.9.0 schema has \
        VARCHAR(2048), 5.7.0 had VARCHAR(1024)";
    const H2_IDP_ID: &str = "on H2, 5.8.0 leaves IDP_ID (and CON_APP_KEY with it) to the migration \
        client's Java IDPIDColumnAdditionInH2Migrator, a client-only step no SQL script runs";
    const H2_DEVICE_DATA: &str = "5.7.0's H2 schema declares FIDO_DEVICE_STORE.DEVICE_DATA \
        LONGVARCHAR, the fresh 5.9.0 schema VARCHAR(2048), and no 5.8.0 or 5.9.0 step changes it";
    match kind {
        Kind::Pg => vec![
            (
                "column IDN_OAUTH1A_REQUEST_TOKEN.CALLBACK_URL: expected CHARACTER VARYING(2048) NULL, found CHARACTER VARYING(1024) NULL",
                PG_CALLBACK,
            ),
            (
                "column IDN_OAUTH2_AUTHORIZATION_CODE.CALLBACK_URL: expected CHARACTER VARYING(2048) NULL, found CHARACTER VARYING(1024) NULL",
                PG_CALLBACK,
            ),
            (
                "column IDN_OAUTH_CONSUMER_APPS.CALLBACK_URL: expected CHARACTER VARYING(2048) NULL, found CHARACTER VARYING(1024) NULL",
                PG_CALLBACK,
            ),
            (
                "column IDN_OAUTH2_ACCESS_TOKEN.IDP_ID: expected INTEGER NULL, found INTEGER NOT NULL",
                IDP_ID_NOT_NULL,
            ),
            (
                "column IDN_OAUTH2_ACCESS_TOKEN_AUDIT.IDP_ID: expected INTEGER NULL, found INTEGER NOT NULL",
                IDP_ID_NOT_NULL,
            ),
            (
                "column IDN_OAUTH2_AUTHORIZATION_CODE.IDP_ID: expected INTEGER NULL, found INTEGER NOT NULL",
                IDP_ID_NOT_NULL,
            ),
        ],
        Kind::My => vec![
            (
                "column IDN_OAUTH2_ACCESS_TOKEN.IDP_ID: expected INT NULL, found INT NOT NULL",
                IDP_ID_NOT_NULL,
            ),
            (
                "column IDN_OAUTH2_ACCESS_TOKEN_AUDIT.IDP_ID: expected INT NULL, found INT NOT NULL",
                IDP_ID_NOT_NULL,
            ),
            (
                "column IDN_OAUTH2_AUTHORIZATION_CODE.IDP_ID: expected INT NULL, found INT NOT NULL",
                IDP_ID_NOT_NULL,
            ),
        ],
        Kind::H2 => vec![
            (
                "column FIDO_DEVICE_STORE.DEVICE_DATA: expected CHARACTER VARYING(2048) NOT NULL, found CHARACTER VARYING(1000000000) NOT NULL",
                H2_DEVICE_DATA,
            ),
            (
                "column IDN_OAUTH2_ACCESS_TOKEN.IDP_ID: missing (expected INTEGER NULL)",
                H2_IDP_ID,
            ),
            (
                "column IDN_OAUTH2_ACCESS_TOKEN_AUDIT.IDP_ID: missing (expected INTEGER NULL)",
                H2_IDP_ID,
            ),
            (
                "column IDN_OAUTH2_AUTHORIZATION_CODE.IDP_ID: missing (expected INTEGER NULL)",
                H2_IDP_ID,
            ),
            (
                "unique key on IDN_OAUTH2_ACCESS_TOKEN: missing (expected (CONSUMER_KEY_ID,AUTHZ_USER,TENANT_ID,USER_DOMAIN,USER_TYPE,TOKEN_SCOPE_HASH,TOKEN_STATE,TOKEN_STATE_ID,IDP_ID))",
                H2_IDP_ID,
            ),
            (
                "unique key on IDN_OAUTH2_ACCESS_TOKEN: not in the fresh schema (found (CONSUMER_KEY_ID,AUTHZ_USER,TENANT_ID,USER_DOMAIN,USER_TYPE,TOKEN_SCOPE_HASH,TOKEN_STATE,TOKEN_STATE_ID))",
                H2_IDP_ID,
            ),
        ],
    }
}

/// WSO2's IS 5.7.0 identity schema on `db`, plus the UMA permission ticket table the 5.8.0 UMA
/// step changes (the UMA feature's own scripts are not among the fixtures).
fn load_570(eng: &Engine, db: &str, tmp: &Path, schema: &Path) {
    load(eng, db, tmp, schema);
    let auto = match eng.kind {
        Kind::My => "INTEGER NOT NULL AUTO_INCREMENT",
        _ => "INTEGER NOT NULL",
    };
    exec(
        eng,
        db,
        tmp,
        &format!(
            "CREATE TABLE IDN_UMA_PERMISSION_TICKET (ID {auto}, PT VARCHAR(255) NOT NULL, TIME_CREATED TIMESTAMP NOT NULL, TENANT_ID INTEGER DEFAULT -1234, PRIMARY KEY (ID));\n"
        ),
    );
}

fn migrated_570_against_fresh_590(kind: Kind, test: &str) {
    let Some(eng) = Engine::get(kind, test) else {
        return;
    };
    let (Some(old), Some(fresh), Some(res)) = (
        fixture(kind, "5.7.0"),
        fixture(kind, "5.9.0"),
        common::wso2_fixtures("migration-resources"),
    ) else {
        return;
    };
    let d = kind.dialect();
    let pid = std::process::id();
    let db = format!("sm_{d}_{pid}");
    let scratch = Cleanup::scratch(
        &eng,
        format!("ismig-engines-verify-migrated-{d}-{pid}"),
        vec![db.clone()],
    );
    let tmp = scratch.dir.clone();
    let out = generate(
        &eng,
        &tmp,
        &db,
        &[
            "--migration-resources",
            &res.to_string_lossy(),
            "--schema-after",
            &fresh.to_string_lossy(),
        ],
    );
    load_570(&eng, &db, &tmp, &old);
    // the runbook's order: each version's precheck and compiled steps, then the new tables (03)
    let mut scripts: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.contains("-schema-") && !n.contains("-schema-verify-") || n.contains("-precheck-")
        })
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 5, "{d}: {scripts:?}");
    scripts.push("03-new-tables-5.9.0.sql".to_string());
    for f in &scripts {
        let o = harness::run_wso2(&eng, &db, &out.join(f));
        assert!(o.status.success(), "{d}: {f} failed: {}", describe(&o));
    }
    let o = harness::run_wso2(&eng, &db, &out.join("50-schema-verify-5.9.0.sql"));
    let t = harness::text(&o);
    let got = differences(&t);
    let want: BTreeSet<String> = findings(kind).iter().map(|(d, _)| d.to_string()).collect();
    assert_eq!(
        o.status.success(),
        want.is_empty(),
        "{d}: the check's exit status:\n{t}"
    );
    let missing: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{d}: differences not listed: {missing:#?}\nlisted but not expected: {extra:#?}"
    );
    say(&format!(
        "{test}: {} scripts on WSO2's 5.7.0 schema; the check against WSO2's fresh 5.9.0 schema lists the {} known differences",
        scripts.len(),
        got.len()
    ));
}

#[test]
fn postgresql_migrated_schema_against_fresh() {
    migrated_570_against_fresh_590(Kind::Pg, "postgresql_migrated_schema_against_fresh");
}

#[test]
fn mariadb_migrated_schema_against_fresh() {
    migrated_570_against_fresh_590(Kind::My, "mariadb_migrated_schema_against_fresh");
}

#[test]
fn h2_migrated_schema_against_fresh() {
    migrated_570_against_fresh_590(Kind::H2, "h2_migrated_schema_against_fresh");
}
