//! Real-engine tests of the target-side sync scripts on PostgreSQL, MariaDB and H2:
//! `12-sync-target-remove-copied.sql` removes the sync objects a copy of the source brings along
//! (run twice), `21-sync-verify-target.sql` passes on a ready target and stops naming the copied
//! trigger, the missing source column, the NOT NULL column the source lacks, the version table
//! left from an earlier run; `31-sync-monitor-target.sql` runs.
//!
//! The copy is made the way a dump would leave it: the same sync objects, created on the target
//! by `10-sync-source-setup.sql` of a second run of ismig whose source is the target database.
//! Engines come from ci/engines.sh, as in tests/engines.rs.

#[path = "engines/harness.rs"]
#[allow(dead_code)] // shared with tests/engines.rs, which uses all of it
mod harness;

use std::path::{Path, PathBuf};

use harness::{Cleanup, Engine, Kind, describe, say};

/// What the copy brings along: journals, triggers (PostgreSQL also trigger functions).
const JOURNALS: [&str; 4] = [
    "IDN_IDENTITY_USER_DATA_S",
    "IDN_OAUTH2_ACCESS_TOKEN_S",
    "IDN_OAUTH2_ACCESS_TOKEN_SCOP_S",
    "IDN_OAUTH2_AUTHORIZATION_COD_S",
];
const TRIGGERS: [&str; 4] = [
    "IDN_IDENTITY_USER_DATA_IT",
    "IDN_OAUTH2_ACCESS_TOKEN_UT",
    "IDN_OAUTH2_ACCESS_TOKEN_SCO_DT",
    "IDN_OAUTH2_ACCESS_TOKEN_SC_FK0",
];

/// `ismig generate` of the example for one dialect, the two datasources naming `src` and `tgt`.
fn generate(eng: &Engine, tmp: &Path, tag: &str, src: &str, tgt: &str) -> PathBuf {
    let mig = tmp.join(format!("migration-{tag}"));
    harness::write_migration(eng, &mig, None, &harness::example_ddl(eng), src, tgt);
    let out = tmp.join(format!("out-{tag}"));
    harness::generate_in_process(&mig, eng.kind.dialect(), &out, &[]);
    out.join(eng.kind.dialect())
}

/// Runs a generated script on `db`; it must succeed.
fn ok(eng: &Engine, db: &str, dir: &Path, file: &str) -> String {
    let o = eng.run_script_show(db, &dir.join(file));
    assert!(
        o.status.success(),
        "{} {file} on {db} failed: {}",
        eng.kind.dialect(),
        describe(&o)
    );
    harness::text(&o)
}

/// Runs a generated script on `db`; it must fail, and its output must contain `want`.
fn fails(eng: &Engine, db: &str, dir: &Path, file: &str, want: &str) {
    let o = eng.run_script(db, &dir.join(file));
    let t = harness::text(&o);
    assert!(
        !o.status.success(),
        "{} {file} on {db} passed but should stop naming {want}:\n{t}",
        eng.kind.dialect()
    );
    assert!(
        t.contains(want),
        "{} {file} on {db} failed without naming {want}:\n{t}",
        eng.kind.dialect()
    );
}

/// Statements run as test data (schema changes the negative cases need).
fn exec(eng: &Engine, db: &str, tmp: &Path, stmts: &[&str]) {
    let f = tmp.join("exec.sql");
    let body: String = stmts.iter().map(|s| format!("{s};\n")).collect();
    std::fs::write(&f, body).unwrap();
    let o = eng.run_data(db, &f);
    assert!(o.status.success(), "{stmts:?} on {db}: {}", describe(&o));
}

/// Sync objects (journals, triggers, trigger functions) in the catalog of `db`.
fn sync_objects(eng: &Engine, db: &str) -> Vec<String> {
    eng.catalog(db)
        .into_iter()
        .filter(|l| {
            let u = l.to_ascii_uppercase();
            let obj = u
                .split([' ', '.'])
                .nth(if u.starts_with("REL ") { 2 } else { 1 });
            obj.is_some_and(|n| {
                JOURNALS.contains(&n)
                    || n.ends_with("_IT")
                    || n.ends_with("_UT")
                    || n.ends_with("_DT")
                    || n.contains("_FK0")
                    || n.ends_with("_FUNCTION")
            }) && !u.starts_with("COL ")
        })
        .collect()
}

fn target_scripts(kind: Kind, test: &str) {
    let Some(eng) = Engine::get(kind, test) else {
        return;
    };
    let d = kind.dialect();
    let pid = std::process::id();
    let (src, tgt) = (format!("rbs_{d}_{pid}"), format!("rbt_{d}_{pid}"));
    let scratch = Cleanup::scratch(
        &eng,
        format!("ismig-engines-target-{d}-{pid}"),
        vec![src.clone(), tgt.clone()],
    );
    let tmp = scratch.dir.clone();
    // the run the DBA makes (source src, target tgt), and one whose source is tgt: its 10 leaves
    // on tgt what a dump of the source taken after 10 brings along
    let out = generate(&eng, &tmp, "run", &src, &tgt);
    let copy = generate(&eng, &tmp, "copy", &tgt, &src);
    eng.create_db(&tgt, "utf8mb4");
    let schema = harness::example_ddl(&eng);
    let schema_file = tmp.join("schema.sql");
    std::fs::write(&schema_file, schema).unwrap();
    let o = eng.run_data(&tgt, &schema_file);
    assert!(o.status.success(), "schema on {tgt}: {}", describe(&o));
    ok(&eng, &tgt, &copy, "10-sync-source-setup.sql");
    let copied = sync_objects(&eng, &tgt);
    for name in JOURNALS.iter().chain(&TRIGGERS) {
        assert!(
            copied.iter().any(|l| l.to_ascii_uppercase().contains(name)),
            "{d}: the copy should hold {name}: {copied:?}"
        );
    }

    // 21 before 12 stops at what the copy brought along: the triggers first
    ok(&eng, &tgt, &out, "11-sync-target-setup.sql");
    fails(
        &eng,
        &tgt,
        &out,
        "21-sync-verify-target.sql",
        "sync trigger IDN_IDENTITY_USER_DATA_IT on IDN_IDENTITY_USER_DATA came with the copy",
    );

    // 12 removes everything, and a second run does nothing
    let before = eng.catalog(&tgt);
    ok(&eng, &tgt, &out, "12-sync-target-remove-copied.sql");
    assert_eq!(
        sync_objects(&eng, &tgt),
        Vec::<String>::new(),
        "{d}: 12 left sync objects"
    );
    let after_once = eng.catalog(&tgt);
    ok(&eng, &tgt, &out, "12-sync-target-remove-copied.sql");
    assert_eq!(
        eng.catalog(&tgt),
        after_once,
        "{d}: a second 12 changed the catalog"
    );
    assert!(after_once.len() < before.len());
    // nothing else was removed: every line left was there before
    for l in &after_once {
        assert!(before.contains(l), "{d}: 12 changed {l}");
    }

    // a journal table left behind (a copy made some other way) is named too
    exec(
        &eng,
        &tgt,
        &tmp,
        &["CREATE TABLE IDN_OAUTH2_ACCESS_TOKEN_S (X INTEGER)"],
    );
    fails(
        &eng,
        &tgt,
        &out,
        "21-sync-verify-target.sql",
        "journal table IDN_OAUTH2_ACCESS_TOKEN_S came with the copy",
    );
    exec(&eng, &tgt, &tmp, &["DROP TABLE IDN_OAUTH2_ACCESS_TOKEN_S"]);

    // 12 is guarded by the target's name: on the source database it stops
    eng.create_db(&src, "utf8mb4");
    let o = eng.run_script(&src, &out.join("12-sync-target-remove-copied.sql"));
    assert!(!o.status.success(), "{d}: 12 ran on the source database");

    // a ready target passes; 31 runs
    let good = ok(&eng, &tgt, &out, "21-sync-verify-target.sql");
    assert!(
        good.contains("ismig verify target: the target is ready for the sync runtime"),
        "{d}: {good}"
    );
    ok(&eng, &tgt, &out, "31-sync-monitor-target.sql");

    // a target NOT NULL column without a default that the source lacks
    exec(
        &eng,
        &tgt,
        &tmp,
        &["ALTER TABLE IDN_OAUTH2_ACCESS_TOKEN ADD EXTRA_COL VARCHAR(10) NOT NULL"],
    );
    fails(
        &eng,
        &tgt,
        &out,
        "21-sync-verify-target.sql",
        "column IDN_OAUTH2_ACCESS_TOKEN.EXTRA_COL is NOT NULL without a default",
    );
    // with a default it is fine
    exec(
        &eng,
        &tgt,
        &tmp,
        &[
            "ALTER TABLE IDN_OAUTH2_ACCESS_TOKEN DROP COLUMN EXTRA_COL",
            "ALTER TABLE IDN_OAUTH2_ACCESS_TOKEN ADD EXTRA_COL VARCHAR(10) DEFAULT 'x' NOT NULL",
        ],
    );
    ok(&eng, &tgt, &out, "21-sync-verify-target.sql");

    // a source column missing on the target
    exec(
        &eng,
        &tgt,
        &tmp,
        &["ALTER TABLE IDN_IDENTITY_USER_DATA DROP COLUMN DATA_VALUE"],
    );
    fails(
        &eng,
        &tgt,
        &out,
        "21-sync-verify-target.sql",
        "column IDN_IDENTITY_USER_DATA.DATA_VALUE of the source is missing on the target",
    );
    exec(
        &eng,
        &tgt,
        &tmp,
        &["ALTER TABLE IDN_IDENTITY_USER_DATA ADD DATA_VALUE VARCHAR(255)"],
    );
    ok(&eng, &tgt, &out, "21-sync-verify-target.sql");

    // a version table left from an earlier run (the journal made anew would be skipped)
    exec(
        &eng,
        &tgt,
        &tmp,
        &["INSERT INTO IDN_IDENTITY_USER_DATA_SV (SYNC_ID) VALUES (42)"],
    );
    fails(
        &eng,
        &tgt,
        &out,
        "21-sync-verify-target.sql",
        "IDN_IDENTITY_USER_DATA_SV already holds SYNC_ID 42",
    );
    let monitor = ok(&eng, &tgt, &out, "31-sync-monitor-target.sql");
    assert!(
        monitor.contains("42"),
        "{d}: 31 did not show SYNC_ID 42: {monitor}"
    );
    say(&format!(
        "{test}: 12 removed {} copied objects (twice), 21 passed on a ready target and stopped on 6 faults",
        before.len() - after_once.len()
    ));
}

#[test]
fn postgresql_target_scripts() {
    target_scripts(Kind::Pg, "postgresql_target_scripts");
}

#[test]
fn mysql_target_scripts() {
    target_scripts(Kind::My, "mysql_target_scripts");
}

#[test]
fn h2_target_scripts() {
    target_scripts(Kind::H2, "h2_target_scripts");
}
