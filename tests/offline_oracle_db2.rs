//! Oracle and DB2 sync scripts: no real engine exists for either here, so this proves what can be
//! proven offline.
//!
//! 1. Re-splitting every script with our own splitter and the dialect's client rules gives exactly
//!    the statements that were rendered (with and without a wrong-target guard).
//! 2. Terminators: no `END;/`, every `/` alone on its line, every Oracle block ends `END;` + `/`,
//!    every DB2 statement ends with a `/` line and carries no `;` of its own.
//! 3. DB2: the structural checks of the engines kit (`shared/engines/validate-offline.sh db2`; no
//!    DB2 parser passed the deep checker's trust test) accept every generated file and reject
//!    deliberately broken copies. Set `ISMIG_OFFLINE_VALIDATOR` to the script's path, or keep the
//!    kit at `../shared/engines` next to the repository; without it the check is skipped (fails
//!    under CI). Oracle is checked by two independent PL/SQL parsers in `tests/deep_check.rs`,
//!    which reject every break sqlfluff and these checks rejected (and more), so sqlfluff no
//!    longer runs on Oracle output.
//! 4. DB2 single-statement triggers run on Apache Derby (a DB2-family engine) when Derby is
//!    installed (`/usr/share/java/derby.jar`, Debian `libderby-java`), else skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use ismig::dialect::Dialect;
use ismig::pipeline::{PreviewOptions, preview, preview_with};
use ismig::schema::split::statement_texts;
use ismig::schema::testing::wso2_sync_tables;

mod common;
use common::strip_comments;

const TABLES: [&str; 4] = [
    "IDN_IDENTITY_USER_DATA",
    "IDN_OAUTH2_ACCESS_TOKEN",
    "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
    "IDN_OAUTH2_AUTHORIZATION_CODE",
];

const DIALECTS: [Dialect; 2] = [Dialect::Oracle, Dialect::Db2];

/// One generated script: its file name, its bytes as text and the statements the formatter wrote.
struct Script {
    name: String,
    text: String,
    statements: Vec<String>,
}

/// The scripts as `preview` renders them (no guard).
fn plain(d: Dialect) -> Vec<Script> {
    let files = preview(d, &wso2_sync_tables(d), &TABLES).unwrap_or_else(|e| panic!("{d}: {e:?}"));
    assert_eq!(files.len(), ismig::render::ScriptKind::SYNC.len(), "{d}");
    files
        .into_iter()
        .map(|f| Script {
            name: f.path.clone(),
            text: String::from_utf8(f.bytes).expect("utf-8"),
            statements: f.statements,
        })
        .collect()
}

/// The scripts with a wrong-target guard (a database named in a JDBC URL; mixed case, so the
/// name and its upper-cased form differ), through the same templates and formatter as `generate`.
fn guarded(d: Dialect) -> Vec<Script> {
    let opts = PreviewOptions {
        guard_database: Some("wso2Is_db".to_string()),
        ..Default::default()
    };
    preview_with(d, &wso2_sync_tables(d), &TABLES, &opts)
        .unwrap_or_else(|e| panic!("{d}: {e:?}"))
        .into_iter()
        .map(|f| Script {
            name: f.path.replacen('/', "/guarded-", 1),
            text: String::from_utf8(f.bytes).expect("utf-8"),
            statements: f.statements,
        })
        .collect()
}

fn all(d: Dialect) -> Vec<Script> {
    let mut v = plain(d);
    v.extend(guarded(d));
    v
}

/// The script without the client's header and footer lines (SQL*Plus `WHENEVER …`/`SET …`/`EXIT`
/// commands are run by the client itself; they are not statements).
fn without_header(d: Dialect, text: &str) -> String {
    let client = d.rules().default_client();
    text.lines()
        .filter(|l| !client.header.contains(l) && !client.footer.contains(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn resplit_gives_exactly_the_rendered_statements() {
    for d in DIALECTS {
        for s in all(d) {
            let text = without_header(d, &s.text);
            let got: Vec<String> = statement_texts(&text, &d.rules().split)
                .into_iter()
                .map(strip_comments)
                .collect();
            // SQL*Plus sends a PL/SQL block with its final `;` (`END;`), then runs it at the `/`
            // line; the DB2 CLP sends everything before the `/` line.
            let want: Vec<String> = s
                .statements
                .iter()
                .map(|b| match d {
                    Dialect::Oracle => format!("{b};"),
                    _ => b.clone(),
                })
                .collect();
            assert_eq!(got, want, "{}: re-split differs", s.name);
            assert!(!want.is_empty(), "{}", s.name);
        }
    }
}

#[test]
fn terminators_stand_alone_and_every_block_is_closed() {
    for d in DIALECTS {
        for s in all(d) {
            let lines: Vec<&str> = s.text.lines().collect();
            for (i, l) in lines.iter().enumerate() {
                assert!(!l.contains("END;/"), "{}:{}: END;/", s.name, i + 1);
                if l.trim_end().ends_with('/') {
                    assert_eq!(*l, "/", "{}:{}: '/' not alone: {l:?}", s.name, i + 1);
                }
            }
            let slash_lines = lines.iter().filter(|l| **l == "/").count();
            assert_eq!(
                slash_lines,
                s.statements.len(),
                "{}: one '/' line per statement",
                s.name
            );
            for b in &s.statements {
                match d {
                    Dialect::Oracle => {
                        // every Oracle statement is a PL/SQL block (so no plain `;` statement
                        // meets a `/` line and runs twice) and ends `END;` + a `/` line
                        let head = b.lines().next().unwrap_or_default().to_ascii_uppercase();
                        assert!(
                            head == "BEGIN"
                                || head == "DECLARE"
                                || head.starts_with("CREATE OR REPLACE TRIGGER "),
                            "{}: not a PL/SQL block: {b}",
                            s.name
                        );
                        assert!(b.ends_with("\nEND"), "{}: block without END: {b}", s.name);
                        assert!(
                            s.text.contains(&format!("{b};\n/\n")),
                            "{}: block not followed by ';' and a '/' line: {b}",
                            s.name
                        );
                    }
                    _ => {
                        // compound statements and BEGIN ATOMIC bodies are closed (the offline
                        // checker balances BEGIN/END inside triggers only)
                        if b.starts_with("BEGIN\n") || b.contains("\nBEGIN ATOMIC\n") {
                            assert!(b.ends_with("\nEND"), "{}: block without END: {b}", s.name);
                        }
                        assert!(
                            !b.ends_with(';'),
                            "{}: ';' before the '/' line: {b}",
                            s.name
                        );
                        assert!(
                            s.text.contains(&format!("{b}\n/\n")),
                            "{}: statement not followed by a '/' line: {b}",
                            s.name
                        );
                    }
                }
            }
        }
    }
}

fn find<'a>(scripts: &'a [Script], file: &str) -> &'a Script {
    scripts
        .iter()
        .find(|s| s.name.ends_with(&format!("/{file}")))
        .unwrap_or_else(|| panic!("{file} missing"))
}

#[test]
fn dialect_semantics_of_the_setup_and_cleanup() {
    // Oracle
    let ora = plain(Dialect::Oracle);
    let setup = find(&ora, "10-sync-source-setup.sql");
    let triggers: Vec<&String> = setup
        .statements
        .iter()
        .filter(|b| b.starts_with("CREATE OR REPLACE TRIGGER "))
        .collect();
    assert_eq!(triggers.len(), 4 * 3 + 1, "3 per table + 1 child cleanup");
    for t in &triggers {
        // created disabled, enabled by the block after it once it compiled
        assert!(t.contains(" FOR EACH ROW DISABLE\n"), "{t}");
        assert!(
            !t.contains(" NEW.") && !t.contains("(NEW.") && !t.contains(" OLD."),
            "Oracle rows are :NEW/:OLD: {t}"
        );
    }
    assert!(setup.text.contains(
        "IF :OLD.TOKEN_ID <> :NEW.TOKEN_ID THEN\n    INSERT INTO IDN_OAUTH2_ACCESS_TOKEN_S"
    ));
    assert!(setup.text.contains(
        "AFTER DELETE ON IDN_OAUTH2_ACCESS_TOKEN FOR EACH ROW DISABLE\nBEGIN\n  UPDATE IDN_OAUTH2_ACCESS_TOKEN_SCOP_S SET ACTION = 'DELETE' WHERE TOKEN_ID = :OLD.TOKEN_ID AND ACTION <> 'DELETE';\nEND;\n/"
    ));
    // every trigger is dropped when it did not compile; a table's triggers are enabled together,
    // after all of them were created and checked, by one ALTER TABLE ... ENABLE ALL TRIGGERS in
    // the block that first refuses any other disabled trigger on that table
    for t in &triggers {
        let rest = &t["CREATE OR REPLACE TRIGGER ".len()..];
        let name = rest.split(' ').next().unwrap_or("");
        let table = rest.split(" ON ").nth(1).unwrap_or("").split(' ').next();
        let table = table.unwrap_or("");
        let drop = format!("EXECUTE IMMEDIATE 'DROP TRIGGER {name}';");
        let enable = format!("EXECUTE IMMEDIATE 'ALTER TABLE {table} ENABLE ALL TRIGGERS';");
        let created = setup.text.find(t.as_str()).unwrap_or(usize::MAX);
        let checked = setup.text[created..].find(&drop).map(|i| i + created);
        let block = setup
            .statements
            .iter()
            .find(|b| b.contains(&enable))
            .unwrap_or_else(|| panic!("{name}: {table} is never enabled"));
        let enabled = setup.text.find(block.as_str()).unwrap_or(0);
        assert!(
            checked.is_some_and(|c| c < enabled),
            "{name}: checked after it is created, enabled after that"
        );
        assert!(
            block.contains(&format!("TABLE_NAME = '{table}'"))
                && block.contains("STATUS = 'DISABLED'")
                && block.contains(&format!("'{name}'"))
                && block.find("RAISE_APPLICATION_ERROR") < block.find(&enable),
            "{name}: other disabled triggers on {table} are refused first:\n{block}"
        );
    }
    assert_eq!(setup.text.matches("ENABLE ALL TRIGGERS';").count(), 4);
    for s in &ora {
        // Oracle DDL does not wait for a lock by default: no session lock timeout, no
        // trigger enabled one at a time
        assert!(!s.text.contains("DDL_LOCK_TIMEOUT ="), "{}", s.name);
        assert!(!s.text.contains("'ALTER TRIGGER "), "{}", s.name);
    }
    assert_eq!(
        setup
            .text
            .matches("GENERATED BY DEFAULT AS IDENTITY (START WITH 1 INCREMENT BY 1 MAXVALUE 2147483647 NOCACHE ORDER)")
            .count(),
        4
    );
    assert_eq!(setup.text.matches("IF SQLCODE <> -955 THEN").count(), 4);
    let cleanup = find(&ora, "90-sync-source-cleanup.sql");
    assert_eq!(cleanup.text.matches("IF SQLCODE <> -4080 THEN").count(), 13);
    assert_eq!(cleanup.text.matches("IF SQLCODE <> -942 THEN").count(), 4);
    let last_trigger_drop = cleanup.text.rfind("DROP TRIGGER").unwrap_or(0);
    let first_table_drop = cleanup.text.find("DROP TABLE").unwrap_or(0);
    assert!(
        last_trigger_drop < first_table_drop,
        "triggers before tables"
    );
    assert!(!cleanup.text.contains("WHEN OTHERS THEN NULL"));

    // DB2
    let db2 = plain(Dialect::Db2);
    let setup = find(&db2, "10-sync-source-setup.sql");
    let triggers: Vec<&String> = setup
        .statements
        .iter()
        .filter(|b| b.starts_with("CREATE OR REPLACE TRIGGER "))
        .collect();
    assert_eq!(triggers.len(), 13);
    for t in &triggers {
        assert!(t.contains(" FOR EACH ROW MODE DB2SQL\n"), "{t}");
        assert!(!t.contains(":N.") && !t.contains(":O."), "{t}");
        if t.contains(" AFTER UPDATE ON ") {
            assert!(
                t.contains("\nBEGIN ATOMIC\n") && t.ends_with("\nEND"),
                "{t}"
            );
            assert!(
                t.contains("REFERENCING OLD AS O NEW AS N FOR EACH ROW"),
                "{t}"
            );
        } else {
            // single statement: what Derby (and every DB2 LUW) runs
            assert!(!t.contains("BEGIN") && !t.contains(';'), "{t}");
        }
    }
    assert_eq!(
        setup
            .text
            .matches("SYNC_ID INTEGER NOT NULL GENERATED ALWAYS AS IDENTITY (START WITH 1, INCREMENT BY 1, NO CACHE, ORDER)")
            .count(),
        4
    );
    assert!(
        !setup
            .text
            .lines()
            .any(|l| l.ends_with(" NULL,") && !l.ends_with(" NOT NULL,")),
        "DB2 rejects an explicit NULL column option"
    );
    let cleanup = find(&db2, "90-sync-source-cleanup.sql");
    let last_trigger_drop = cleanup.text.rfind("DROP TRIGGER").unwrap_or(0);
    let first_table_drop = cleanup.text.find("DROP TABLE").unwrap_or(0);
    assert!(
        last_trigger_drop < first_table_drop,
        "triggers before tables"
    );
    assert_eq!(
        cleanup
            .text
            .matches("IF EXISTS (SELECT 1 FROM SYSCAT.")
            .count(),
        17
    );

    // the guard comes first and compares the upper-cased name
    for (d, needle) in [
        (Dialect::Oracle, "IF 'WSO2IS_DB' NOT IN ("),
        (Dialect::Db2, "IF CURRENT SERVER <> 'WSO2IS_DB' THEN"),
    ] {
        for s in guarded(d) {
            assert!(
                s.statements.first().is_some_and(|b| b.contains(needle)),
                "{}: guard is not the first statement",
                s.name
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// offline checker

/// The offline checker script, or None (with the reason printed) when it is not available
/// outside CI.
fn validator() -> Option<PathBuf> {
    let path = match std::env::var_os("ISMIG_OFFLINE_VALIDATOR") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("shared")
            .join("engines")
            .join("validate-offline.sh"),
    };
    if path.is_file() {
        return Some(path);
    }
    let why = format!(
        "offline checker not found at {} (set ISMIG_OFFLINE_VALIDATOR)",
        path.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("{why}");
    }
    eprintln!("SKIP: {why}");
    None
}

fn scratch_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ismig-offline-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// What the checker reads: sqlfluff 4.5.0 cannot parse the SQL*Plus commands `WHENEVER …` (and the
/// structural checks read them as SQL), so the client's header and footer lines (`EXIT`) become
/// comments. Nothing else changes; line numbers stay.
fn for_checker(d: Dialect, text: &str) -> String {
    let client = d.rules().default_client();
    let mut out: String = text
        .lines()
        .map(|l| {
            if (client.header.contains(&l) || client.footer.contains(&l)) && !l.starts_with("--") {
                format!("-- client command: {l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    out
}

fn run_checker(script: &Path, d: Dialect, files: &[PathBuf]) -> (Option<i32>, String) {
    let name = match d {
        Dialect::Oracle => "oracle",
        _ => "db2",
    };
    let out = Command::new("bash")
        .arg(script)
        .arg(name)
        .args(files)
        .output()
        .expect("run bash");
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Broken DB2 copies the checker must reject, made from the generated setup and monitor scripts.
fn broken_copies(d: Dialect, setup: &str, monitor: &str) -> Vec<(&'static str, String)> {
    assert_eq!(d, Dialect::Db2);
    vec![
        (
            "BEGIN ATOMIC without END",
            setup.replacen("'UPDATE');\nEND\n/\n", "'UPDATE');\n/\n", 1),
        ),
        (
            "malformed REFERENCING",
            setup.replacen("REFERENCING NEW AS N FOR", "REFERENCING NEW N AS FOR", 1),
        ),
        (
            "';' before the '/' line",
            monitor.replacen("_S\n/\n", "_S;\n/\n", 1),
        ),
    ]
}

#[test]
fn offline_checker_accepts_every_db2_script_and_rejects_broken_copies() {
    let Some(checker) = validator() else {
        return;
    };
    for d in [Dialect::Db2] {
        let dir = scratch_dir(d.name());
        let mut files = Vec::new();
        for s in all(d) {
            let p = dir.join(s.name.replace('/', "_"));
            std::fs::write(&p, for_checker(d, &s.text)).expect("write");
            files.push(p);
        }
        let (code, out) = run_checker(&checker, d, &files);
        assert_eq!(
            code,
            Some(0),
            "{d}: checker rejected a generated file:\n{out}"
        );
        assert_eq!(
            out.lines()
                .filter(|l| l.ends_with(" ok (oracle)") || l.ends_with(" ok (db2)"))
                .count(),
            files.len(),
            "{d}: {out}"
        );

        let scripts = plain(d);
        let setup = for_checker(d, &find(&scripts, "10-sync-source-setup.sql").text);
        let monitor = for_checker(d, &find(&scripts, "30-sync-monitor-source.sql").text);
        for (what, bad) in broken_copies(d, &setup, &monitor) {
            assert!(
                bad != setup && bad != monitor,
                "{d}: the {what} copy did not change the script"
            );
            let p = dir.join("broken.sql");
            std::fs::write(&p, &bad).expect("write");
            let (code, out) = run_checker(&checker, d, &[p]);
            assert_eq!(
                code,
                Some(1),
                "{d}: checker accepted a copy with {what}:\n{out}"
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The migration client's schema steps compiled for DB2 from WSO2's real migration-resources
/// (prechecks and steps of 5.8.0 and 5.9.0) pass the same structural checks.
#[test]
fn offline_checker_accepts_the_db2_schema_steps() {
    let (Some(checker), Some(res)) = (validator(), common::wso2_fixtures("migration-resources"))
    else {
        return;
    };
    let opts = ismig::input::Options {
        dialect: Some(ismig::input::DialectChoice::One(Dialect::Db2)),
        migration_resources: Some(res),
        schema: Some(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/is-5.7.0-to-5.9.0/schema"),
        ),
        ..Default::default()
    };
    let a = ismig::pipeline::analyze(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/cases/ok-schema-steps-db2")
            .as_path(),
        &opts,
        Default::default(),
    );
    assert!(!a.diags.has_errors(), "{:?}", a.diags);
    let r = ismig::pipeline::render(&a, None).expect("render");
    let dir = scratch_dir("db2-steps");
    let mut files = Vec::new();
    for f in r.files.iter().filter(|f| f.path.starts_with("db2/40")) {
        let p = dir.join(f.path.replace('/', "_"));
        let text = String::from_utf8(f.bytes.clone()).expect("utf-8");
        std::fs::write(&p, for_checker(Dialect::Db2, &text)).expect("write");
        files.push(p);
    }
    assert_eq!(files.len(), 5, "two prechecks and three steps");
    let (code, out) = run_checker(&checker, Dialect::Db2, &files);
    assert_eq!(code, Some(0), "checker rejected a schema step:\n{out}");
    assert_eq!(
        out.lines().filter(|l| l.ends_with(" ok (db2)")).count(),
        files.len(),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// Apache Derby (DB2-family engine) runs the DB2 single-statement triggers

/// A JDBC script runner: statements end at a line holding only `/` (as for `db2 -td/`), result
/// rows are printed as `--> a|b|c`, the first error exits 1.
const RUNNER: &str = r#"
import java.nio.file.*;
import java.sql.*;
import java.util.*;

public class Runner {
    public static void main(String[] args) throws Exception {
        List<String> stmts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String l : Files.readAllLines(Paths.get(args[1]))) {
            if (l.trim().equals("/")) {
                if (cur.toString().trim().length() > 0) stmts.add(cur.toString());
                cur.setLength(0);
            } else if (!l.trim().startsWith("--")) {
                cur.append(l).append('\n');
            }
        }
        if (cur.toString().trim().length() > 0) stmts.add(cur.toString());
        try (Connection c = DriverManager.getConnection(args[0]); Statement s = c.createStatement()) {
            // `+c`: the db2 CLP's autocommit off
            if (args.length > 2 && args[2].equals("+c")) c.setAutoCommit(false);
            for (String sql : stmts) {
                try {
                    // Derby takes the end of a unit of work from JDBC only
                    if (sql.trim().equals("ROLLBACK")) {
                        c.rollback();
                        continue;
                    }
                    if (sql.trim().equals("COMMIT")) {
                        c.commit();
                        continue;
                    }
                    if (s.execute(sql)) {
                        try (ResultSet rs = s.getResultSet()) {
                            int n = rs.getMetaData().getColumnCount();
                            while (rs.next()) {
                                StringBuilder row = new StringBuilder("-->");
                                for (int i = 1; i <= n; i++) row.append(i == 1 ? " " : "|").append(rs.getString(i));
                                System.out.println(row);
                            }
                        }
                    }
                } catch (SQLException e) {
                    System.out.println("FAILED: " + e.getMessage() + "\n" + sql);
                    System.exit(1);
                }
            }
        }
    }
}
"#;

fn derby_jar() -> Option<PathBuf> {
    let jar = std::env::var_os("ISMIG_DERBY_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/java/derby.jar"));
    let java = Command::new("java").arg("-version").output();
    if jar.is_file() && java.is_ok_and(|o| o.status.success()) {
        return Some(jar);
    }
    let why = format!(
        "Apache Derby not found at {} or no java (Debian: libderby-java, default-jre-headless)",
        jar.display()
    );
    if std::env::var_os("ISMIG_REQUIRE_DERBY").is_some() {
        panic!("{why}");
    }
    eprintln!("SKIP: {why}");
    None
}

/// The journal DDL inside a DB2 guarded-create block (`EXECUTE IMMEDIATE '…'`), as plain SQL.
fn inner_ddl(block: &str) -> Option<String> {
    let start = block.find("EXECUTE IMMEDIATE '")? + "EXECUTE IMMEDIATE '".len();
    let end = block.rfind("';")?;
    Some(block.get(start..end)?.replace("''", "'"))
}

/// The hand-built schema of WSO2's four sync tables and what Derby runs of the DB2 setup (10).
fn derby_schema_and_setup() -> Vec<String> {
    let d = Dialect::Db2;
    let schema = wso2_sync_tables(d);
    let mut sql: Vec<String> = Vec::new();
    // the source tables, from the same hand-built schema the scripts were generated from
    for t in &schema.tables {
        let mut parts: Vec<String> = t
            .columns
            .iter()
            .map(|c| {
                let null = if c.nullable { "" } else { " NOT NULL" };
                format!("{} {}{null}", c.name, c.ty.sql)
            })
            .collect();
        parts.push(format!("PRIMARY KEY ({})", t.primary_key.join(", ")));
        for fk in &t.foreign_keys {
            parts.push(format!(
                "FOREIGN KEY ({}) REFERENCES {} ({}){}",
                fk.columns.join(", "),
                fk.ref_table,
                fk.ref_columns.join(", "),
                if fk.on_delete_cascade {
                    " ON DELETE CASCADE"
                } else {
                    ""
                }
            ));
        }
        sql.push(format!("CREATE TABLE {} ({})", t.name, parts.join(", ")));
    }
    let setup = find(&plain(d), "10-sync-source-setup.sql")
        .statements
        .clone();
    // Derby differences, each one a DB2-only spelling: the identity options NO CACHE / ORDER,
    // CREATE OR REPLACE, and BEGIN ATOMIC bodies (the UPDATE triggers) are not Derby syntax.
    let mut update_triggers = 0;
    for b in &setup {
        if b.starts_with("BEGIN\n") && b.contains("CREATE TABLE") {
            let ddl = inner_ddl(b).unwrap_or_else(|| panic!("no DDL in {b}"));
            assert!(ddl.contains(", NO CACHE, ORDER)"), "{ddl}");
            sql.push(ddl.replace(", NO CACHE, ORDER)", ")"));
        } else if b.starts_with("BEGIN\n") && b.contains("CREATE INDEX") {
            // the child journal's index, created the same way in Derby
            sql.push(inner_ddl(b).unwrap_or_else(|| panic!("no DDL in {b}")));
        } else if b.contains("\nBEGIN ATOMIC\n") {
            update_triggers += 1;
        } else if let Some(rest) = b.strip_prefix("CREATE OR REPLACE TRIGGER ") {
            sql.push(format!("CREATE TRIGGER {rest}"));
        } else if Dialect::Db2.rules().lock_timeout.contains(&b.as_str()) {
            // a DB2 special register Derby does not have
        } else {
            panic!("unexpected statement in the DB2 setup: {b}");
        }
    }
    assert_eq!(update_triggers, 4);
    sql
}

#[test]
fn db2_single_statement_triggers_run_on_derby() {
    let Some(jar) = derby_jar() else {
        return;
    };
    let mut sql = derby_schema_and_setup();
    for dml in [
        "INSERT INTO IDN_OAUTH2_ACCESS_TOKEN (TOKEN_ID, TENANT_ID) VALUES ('t1', 1), ('t2', 1)",
        "INSERT INTO IDN_OAUTH2_ACCESS_TOKEN_SCOPE (TOKEN_ID, TOKEN_SCOPE, TENANT_ID) VALUES ('t1', 'openid', 1), ('t1', 'email', 1), ('t2', 'openid', 1)",
        "INSERT INTO IDN_IDENTITY_USER_DATA (TENANT_ID, USER_NAME, DATA_KEY, DATA_VALUE) VALUES (1, 'alice', 'k', 'v')",
        "DELETE FROM IDN_IDENTITY_USER_DATA",
        // cascades to the two t1 scopes; the child-cleanup trigger rewrites their pending INSERT rows
        "DELETE FROM IDN_OAUTH2_ACCESS_TOKEN WHERE TOKEN_ID = 't1'",
        "SELECT 'TOKEN', SYNC_ID, TOKEN_ID, ACTION FROM IDN_OAUTH2_ACCESS_TOKEN_S ORDER BY SYNC_ID",
        "SELECT 'SCOPE', SYNC_ID, TOKEN_ID, TOKEN_SCOPE, ACTION FROM IDN_OAUTH2_ACCESS_TOKEN_SCOP_S ORDER BY SYNC_ID",
        "SELECT 'USER', SYNC_ID, USER_NAME, DATA_VALUE, ACTION FROM IDN_IDENTITY_USER_DATA_S ORDER BY SYNC_ID",
    ] {
        sql.push(dml.to_string());
    }
    let dir = scratch_dir("derby");
    let runner = dir.join("Runner.java");
    std::fs::write(&runner, RUNNER).expect("write");
    let script = dir.join("derby.sql");
    std::fs::write(&script, format!("{}\n/\n", sql.join("\n/\n"))).expect("write");
    let out = Command::new("java")
        .arg("-cp")
        .arg(&jar)
        .arg(&runner)
        .arg("jdbc:derby:memory:ismig;create=true")
        .arg(&script)
        .output()
        .expect("run java");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "Derby rejected the DB2 script:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<&str> = stdout.lines().filter(|l| l.starts_with("--> ")).collect();
    // the cascade deletes the two t1 scopes in an order Derby chooses: SYNC_IDs 4 and 5, either way
    let scope_deletes: Vec<&str> = rows
        .iter()
        .filter(|r| r.starts_with("--> SCOPE|4|") || r.starts_with("--> SCOPE|5|"))
        .copied()
        .collect();
    let mut without_id: Vec<String> = scope_deletes
        .iter()
        .map(|r| {
            r.split('|')
                .enumerate()
                .filter(|(i, _)| *i != 1)
                .map(|(_, p)| p)
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    without_id.sort();
    assert_eq!(
        without_id,
        ["--> SCOPE|t1|email|DELETE", "--> SCOPE|t1|openid|DELETE"],
        "{stdout}"
    );
    let rest: Vec<&str> = rows
        .iter()
        .filter(|r| !scope_deletes.contains(r))
        .copied()
        .collect();
    assert_eq!(
        rest,
        [
            "--> TOKEN|1|t1|INSERT",
            "--> TOKEN|2|t2|INSERT",
            "--> TOKEN|3|t1|DELETE",
            "--> SCOPE|1|t1|openid|DELETE",
            "--> SCOPE|2|t1|email|DELETE",
            "--> SCOPE|3|t2|openid|INSERT",
            "--> USER|1|alice|v|INSERT",
            "--> USER|2|alice|v|DELETE",
        ],
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs `sql` (statements) on an in-memory Derby database; `+c` turns autocommit off. Returns
/// what the runner printed; fails the test on the first error.
fn run_derby(jar: &Path, tag: &str, sql: &[String], autocommit_off: bool) -> String {
    let dir = scratch_dir(tag);
    let runner = dir.join("Runner.java");
    std::fs::write(&runner, RUNNER).expect("write");
    let script = dir.join("derby.sql");
    std::fs::write(&script, format!("{}\n/\n", sql.join("\n/\n"))).expect("write");
    let mut c = Command::new("java");
    c.arg("-cp")
        .arg(jar)
        .arg(&runner)
        .arg("jdbc:derby:memory:ismig80;create=true")
        .arg(&script);
    if autocommit_off {
        c.arg("+c");
    }
    let out = c.output().expect("run java");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "Derby rejected the DB2 script:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    stdout
}

/// What Derby runs of the DB2 rehearsal (80): the autocommit proof, the work tables, the
/// changes, every check and the rollback. Not run: the refusal block (a DB2 compound statement),
/// the trigger checks (DB2's catalog) and the verdict (DB2's RAISE_ERROR, and the passed line
/// after it). Derby has no UPDATE
/// triggers here (their BEGIN ATOMIC bodies are DB2-only), so the rows of updates are missing:
/// their checks print FAILED lines, every other check passes, and the rollback leaves nothing.
#[test]
fn db2_rehearsal_runs_on_derby() {
    let Some(jar) = derby_jar() else {
        return;
    };
    let mut sql = derby_schema_and_setup();
    // the setup is there before the rehearsal (the test's own end of a unit of work, not 80's)
    sql.push("COMMIT".into());
    let rehearse_scripts = plain(Dialect::Db2);
    let rehearse = find(&rehearse_scripts, "80-rehearse-source.sql");
    let mut checks = 0;
    for st in &rehearse.statements {
        // the verdict's passed line comes after the (skipped) RAISE_ERROR of a failed check
        if st.starts_with("BEGIN\n")
            || st.contains("SYSCAT.")
            || st.contains("RAISE_ERROR")
            || st.starts_with("VALUES 'ismig rehearsal: passed")
        {
            continue;
        }
        if st.starts_with("INSERT INTO ISMIG_REHEARSAL (N, LINE, DIFF)") {
            checks += 1;
        }
        sql.push(st.clone());
    }
    assert!(checks > 30, "{checks} checks");
    for t in [
        "IDN_IDENTITY_USER_DATA",
        "IDN_OAUTH2_ACCESS_TOKEN",
        "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
        "IDN_OAUTH2_AUTHORIZATION_CODE",
        "IDN_IDENTITY_USER_DATA_S",
        "IDN_OAUTH2_ACCESS_TOKEN_S",
        "IDN_OAUTH2_ACCESS_TOKEN_SCOP_S",
        "IDN_OAUTH2_AUTHORIZATION_COD_S",
    ] {
        sql.push(format!("SELECT 'AFTER {t}', COUNT(*) FROM {t}"));
    }
    sql.push(
        "SELECT 'AFTER work tables', COUNT(*) FROM SYS.SYSTABLES WHERE TABLENAME LIKE 'ISMIG_REHEARSAL%'"
            .into(),
    );
    sql.push("ROLLBACK".into());
    let out = run_derby(&jar, "derby-80", &sql, true);
    let lines: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("--> ")).collect();
    let checked: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("ok ") || l.starts_with("FAILED: "))
        .collect();
    assert_eq!(checked.len(), checks, "{out}");
    for ok in [
        "ok IDN_IDENTITY_USER_DATA row 1 of 8: INSERT (insert of row a)",
        "ok IDN_IDENTITY_USER_DATA row 3 of 8: INSERT (insert of row c)",
        "ok IDN_OAUTH2_ACCESS_TOKEN_SCOPE row 2 of 9: DELETE (insert of row b, turned into DELETE by the delete of IDN_OAUTH2_ACCESS_TOKEN row b)",
    ] {
        assert!(lines.contains(&ok), "no {ok:?}:\n{out}");
    }
    // without UPDATE triggers the update rows are missing, and the check says so
    assert!(
        lines.contains(&"FAILED: IDN_IDENTITY_USER_DATA rows: 8 journal rows: expected 8 got 4"),
        "{out}"
    );
    // the rollback took everything: the rehearsal's rows, its journal rows, its work tables
    assert_eq!(lines.iter().filter(|l| l.starts_with("AFTER ")).count(), 9);
    for l in lines.iter().filter(|l| l.starts_with("AFTER ")) {
        assert!(l.ends_with("|0"), "{l} after the rollback:\n{out}");
    }
}

/// The rollback of the rehearsal in the dialects without an engine here: no COMMIT anywhere, the
/// ROLLBACK after the last check, autocommit off where the client has it on.
#[test]
fn rehearsal_rolls_back_and_never_commits() {
    let word = |text: &str, w: &str| {
        text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .any(|t| t.eq_ignore_ascii_case(w))
    };
    for d in Dialect::ALL {
        let scripts = plain(d);
        let r = find(&scripts, "80-rehearse-source.sql");
        let sql: String = r.statements.join("\n");
        assert!(!word(&sql, "COMMIT"), "{d}: a COMMIT in 80");
        assert!(word(&sql, "ROLLBACK"), "{d}: no ROLLBACK in 80");
    }
    // Oracle: one block; its ROLLBACK after the last check, before the verdict's error
    let ora_scripts = plain(Dialect::Oracle);
    let ora = find(&ora_scripts, "80-rehearse-source.sql");
    assert!(ora.text.contains("WHENEVER SQLERROR EXIT FAILURE ROLLBACK"));
    let block = ora.statements.last().expect("the rehearsal block");
    let rollback = block
        .rfind("\n  ROLLBACK;\n")
        .expect("ROLLBACK in the block");
    assert!(block.rfind("report(line);").expect("checks") < rollback);
    assert!(
        rollback
            < block
                .find("RAISE_APPLICATION_ERROR(-20080")
                .expect("verdict")
    );
    let dml = block
        .find("INSERT INTO IDN_IDENTITY_USER_DATA (")
        .expect("DML");
    assert!(dml < rollback);
    // SQL Server: one batch: XACT_ABORT, BEGIN TRANSACTION before the changes, ROLLBACK after
    // the last check, before the verdict's error
    let ms_scripts = plain(Dialect::Mssql);
    let ms = find(&ms_scripts, "80-rehearse-source.sql");
    let batch = ms.statements.last().expect("the rehearsal batch");
    let at = |s: &str| batch.find(s).unwrap_or_else(|| panic!("no {s} in {batch}"));
    assert!(at("SET XACT_ABORT ON;") < at("BEGIN TRANSACTION;"));
    assert!(at("BEGIN TRANSACTION;") < at("INSERT INTO [IDN_IDENTITY_USER_DATA]"));
    assert!(batch.rfind("INSERT INTO @ismig_lines").expect("checks") < at("ROLLBACK TRANSACTION;"));
    assert!(at("ROLLBACK TRANSACTION;") < at("RAISERROR('ismig rehearsal: FAILED"));
    // DB2: the autocommit proof first, ROLLBACK after the verdict, `+c` in the command
    let db2_scripts = plain(Dialect::Db2);
    let db2 = find(&db2_scripts, "80-rehearse-source.sql");
    let st = &db2.statements;
    let pos = |s: &str| {
        st.iter()
            .position(|x| x == s)
            .unwrap_or_else(|| panic!("no {s}"))
    };
    assert_eq!(
        pos("ROLLBACK TO SAVEPOINT ISMIG_REHEARSAL"),
        pos("SAVEPOINT ISMIG_REHEARSAL ON ROLLBACK RETAIN CURSORS") + 1
    );
    let first_change = st
        .iter()
        .position(|x| x.starts_with("CREATE TABLE") || x.starts_with("INSERT INTO IDN_"))
        .expect("changes");
    assert!(pos("ROLLBACK TO SAVEPOINT ISMIG_REHEARSAL") < first_change);
    let verdict = st
        .iter()
        .position(|x| x.contains("RAISE_ERROR"))
        .expect("verdict");
    assert_eq!(pos("ROLLBACK"), verdict + 1);
    assert!(
        db2.text
            .contains("db2 +c -td/ -svf db2/80-rehearse-source.sql || (db2 rollback; false)"),
        "{}",
        db2.text
    );
}

/// The DB2 rehearsal of WSO2's IS 5.7.0 DB2 script (IDN_OAUTH2_ACCESS_TOKEN.CONSUMER_KEY_ID NOT
/// NULL, no consumer app in the script) inserts a consumer app first, and its token rows find it
/// again by its marker: the app's INSERT and the tokens' key subquery, as 80 spells them, run on
/// Derby (DB2's sequence trigger, which replaces the ID, is DB2-only: here the ID is the one
/// written), then roll back.
#[test]
fn db2_rehearsal_creates_the_consumer_app_on_derby() {
    let Some(jar) = derby_jar() else {
        return;
    };
    let Some(fixtures) = common::wso2_fixtures("is-5.7.0/db2") else {
        return;
    };
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("cd");
    let opts = ismig::input::Options {
        dialect: Some(ismig::input::DialectChoice::One(Dialect::Db2)),
        schema: Some(fixtures.join("identity.sql")),
        ..Default::default()
    };
    let a = ismig::pipeline::analyze(
        Path::new("examples/is-5.7.0-to-5.9.0"),
        &opts,
        std::collections::BTreeMap::new(),
    );
    assert!(!a.diags.has_errors(), "{:?}", a.diags);
    let r = ismig::pipeline::render(&a, None).expect("render");
    let f = r
        .files
        .iter()
        .find(|f| f.path == "db2/80-rehearse-source.sql")
        .expect("db2/80-rehearse-source.sql");
    let text = String::from_utf8(f.bytes.clone()).expect("utf-8");
    let texts = statement_texts(&text, &Dialect::Db2.rules().split);
    let app: Vec<String> = texts
        .iter()
        .map(|s| strip_comments(s).trim().to_string())
        .filter(|s| s.starts_with("INSERT INTO IDN_OAUTH_CONSUMER_APPS"))
        .collect();
    assert_eq!(app.len(), 1, "one consumer app:\n{text}");
    let at = text
        .find("(SELECT MIN(ID) FROM IDN_OAUTH_CONSUMER_APPS WHERE ")
        .expect("the tokens' key subquery");
    // the marker is text without parentheses: the first one after WHERE closes the subquery
    let w = at + text[at..].find(" WHERE ").expect("WHERE");
    let end = w + text[w..].find(')').expect("its end") + 1;
    let key = &text[at..end];
    let sql = vec![
        "CREATE TABLE IDN_OAUTH_CONSUMER_APPS (ID INTEGER NOT NULL, CONSUMER_KEY VARCHAR(255), TENANT_ID INTEGER DEFAULT 0, PRIMARY KEY (ID))".to_string(),
        "COMMIT".into(),
        app[0].clone(),
        format!("SELECT 'KEY', {key} FROM SYSIBM.SYSDUMMY1"),
        "ROLLBACK".into(),
        "SELECT 'AFTER', COUNT(*) FROM IDN_OAUTH_CONSUMER_APPS".into(),
        "ROLLBACK".into(),
    ];
    let out = run_derby(&jar, "derby-80-app", &sql, true);
    let lines: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("--> ")).collect();
    assert!(lines.contains(&"KEY|-4201"), "{out}");
    assert!(lines.contains(&"AFTER|0"), "{out}");
}
