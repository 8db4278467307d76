//! SQL Server scripts, proven offline (there is no SQL Server engine here): rendered for the sqlcmd
//! and the SSMS profiles, with and without the wrong-target guard, then
//! - byte checks: `GO` alone on its line after every statement, every `CREATE OR ALTER TRIGGER`
//!   first in its batch, `:on error exit` only in the sqlcmd profile;
//! - re-split with our own client-rule splitter: exactly the statements rendered;
//! - re-parsed with sqlparser's MsSqlDialect, statement by statement.
//!
//! Microsoft's own T-SQL parser checks every generated SQL Server script, batch by batch as
//! sqlcmd splits, in `tests/deep_check.rs`; it rejects every break the former sqlfluff check
//! rejected (and breaks sqlfluff accepts), so sqlfluff no longer runs here.

use ismig::dialect::{ClientProfile, Dialect};
use ismig::pipeline::{PreviewOptions, preview, preview_with};
use ismig::schema::testing::{schema, table, wso2_sync_tables};
use ismig::schema::{
    Schema,
    split::{split, statement_texts},
};

const TABLES: [&str; 4] = [
    "IDN_IDENTITY_USER_DATA",
    "IDN_OAUTH2_ACCESS_TOKEN",
    "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
    "IDN_OAUTH2_AUTHORIZATION_CODE",
];

/// A table with the column types INSERTED / DELETED cannot carry, a rowversion and a two-column key.
const LOB_TABLE: &str = "IDN_TEST_LOB";

/// WSO2's four sync tables plus [`LOB_TABLE`].
fn test_schema() -> Schema {
    let mut s = wso2_sync_tables(Dialect::Mssql);
    let mut tables = std::mem::take(&mut s.tables);
    tables.push(table(
        LOB_TABLE,
        &[
            ("TENANT_ID", "INT", &[], false),
            ("NAME", "NVARCHAR", &["64"], false),
            ("BODY", "NTEXT", &[], true),
            ("PICTURE", "IMAGE", &[], true),
            ("NOTE", "TEXT", &[], true),
            ("BLOB_VALUE", "VARBINARY", &["MAX"], true),
            ("CREATED", "DATETIME", &[], true),
            ("ROW_VERSION", "TIMESTAMP", &[], true),
        ],
        &["TENANT_ID", "NAME"],
    ));
    schema(Dialect::Mssql, tables)
}

fn all_tables() -> Vec<&'static str> {
    TABLES.iter().copied().chain([LOB_TABLE]).collect()
}

/// One rendered script.
struct File {
    name: String,
    client: &'static str,
    text: String,
    statements: Vec<String>,
}

/// Renders the seven scripts for a client profile, with a wrong-target guard when `guard_db` is
/// given, through the same templates, formatter and header as `generate`.
fn render(client: &'static ClientProfile, guard_db: Option<&str>) -> Vec<File> {
    let opts = PreviewOptions {
        client: Some(client.name.to_string()),
        guard_database: guard_db.map(str::to_string),
    };
    preview_with(Dialect::Mssql, &test_schema(), &all_tables(), &opts)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .into_iter()
        .map(|f| File {
            name: f.path.trim_start_matches("mssql/").to_string(),
            client: f.client.unwrap_or(""),
            text: String::from_utf8(f.bytes).expect("UTF-8"),
            statements: f.statements,
        })
        .collect()
}

/// The sqlcmd scripts through the public preview, the SSMS scripts, and both with a guard.
fn every_variant() -> Vec<File> {
    let rules = Dialect::Mssql.rules();
    let sqlcmd = rules.client("sqlcmd").expect("sqlcmd profile");
    let ssms = rules.client("ssms").expect("ssms profile");
    assert_eq!(rules.default_client().name, "sqlcmd");
    let mut out: Vec<File> = preview(Dialect::Mssql, &test_schema(), &all_tables())
        .unwrap_or_else(|e| panic!("{e:?}"))
        .into_iter()
        .map(|f| File {
            name: f.path.trim_start_matches("mssql/").to_string(),
            client: f.client.unwrap_or(""),
            text: String::from_utf8(f.bytes).expect("UTF-8"),
            statements: f.statements,
        })
        .collect();
    assert_eq!(out.len(), ismig::render::ScriptKind::SYNC.len());
    assert!(out.iter().all(|f| f.client == "sqlcmd"));
    out.extend(render(ssms, None));
    out.extend(render(sqlcmd, Some("WSO2_IDENTITY_DB")));
    out.extend(render(ssms, Some("WSO2_IDENTITY_DB")));
    out
}

fn is_comment_or_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with("--")
}

/// The batches of a script: the text between `GO` lines.
fn batches(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for line in text.lines() {
        if line.trim().eq_ignore_ascii_case("GO") {
            out.push(cur.join("\n"));
            cur.clear();
        } else {
            cur.push(line);
        }
    }
    out.push(cur.join("\n"));
    out
}

/// The code of a batch: without the comment and blank lines before it.
fn code(batch: &str) -> String {
    batch
        .lines()
        .skip_while(|l| is_comment_or_blank(l))
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_string()
}

#[test]
fn go_lines_trigger_batches_and_headers() {
    let files = every_variant();
    assert_eq!(files.len(), 4 * ismig::render::ScriptKind::SYNC.len());
    let mut triggers = 0;
    for f in &files {
        let at = format!("{} ({})", f.name, f.client);
        // GO: exactly `GO` on its own line, never glued to code.
        for line in f.text.lines() {
            if line.trim().eq_ignore_ascii_case("GO") {
                assert_eq!(line, "GO", "{at}: GO line {line:?}");
            }
            let up = line.to_ascii_uppercase();
            assert!(
                !(up.ends_with(" GO") || up.ends_with(";GO") || up.ends_with(")GO")),
                "{at}: GO shares a line with code: {line:?}"
            );
        }
        // Every statement ends with `;` and then a GO line: each is its own batch.
        let bs = batches(&f.text);
        assert!(
            code(bs.last().expect("batches")).is_empty(),
            "{at}: text after the last GO"
        );
        let header = if f.client == "sqlcmd" {
            ":on error exit\nSET NOCOUNT ON;"
        } else {
            "SET NOCOUNT ON;"
        };
        assert_eq!(code(&bs[0]), header, "{at}: client header");
        let body: Vec<String> = bs[1..bs.len() - 1].iter().map(|b| code(b)).collect();
        assert_eq!(
            body.len(),
            f.statements.len(),
            "{at}: one batch per statement"
        );
        for (b, st) in body.iter().zip(&f.statements) {
            assert_eq!(*b, format!("{st};"), "{at}: batch = statement + ;");
            // CREATE TRIGGER must be the first statement of its batch; comments may precede it.
            // (comment lines aside: they may name these statements)
            let up = b
                .lines()
                .filter(|l| !is_comment_or_blank(l))
                .collect::<Vec<_>>()
                .join("\n")
                .to_ascii_uppercase();
            if let Some(pos) = up.find("CREATE OR ALTER TRIGGER") {
                triggers += 1;
                assert_eq!(pos, 0, "{at}: CREATE OR ALTER TRIGGER not first:\n{b}");
                let creates = up
                    .lines()
                    .filter(|l| l.trim_start().starts_with("CREATE "))
                    .count();
                assert_eq!(creates, 1, "{at}: one CREATE:\n{b}");
                assert!(b.ends_with("\nEND;"), "{at}: trigger ends with END:\n{b}");
            }
            assert!(!up.contains("CREATE TRIGGER"), "{at}: plain CREATE TRIGGER");
        }
        // :on error exit only in the sqlcmd profile, once, before any statement.
        let n = f.text.lines().filter(|l| *l == ":on error exit").count();
        let first_code = f.text.lines().find(|l| !is_comment_or_blank(l));
        assert_eq!(
            first_code == Some(":on error exit"),
            f.client == "sqlcmd",
            "{at}: :on error exit first"
        );
        assert_eq!(n, usize::from(f.client == "sqlcmd"), "{at}: :on error exit");
        assert!(
            !f.text.contains('\r') && f.text.ends_with("GO\n"),
            "{at}: bytes"
        );
    }
    // 5 tables × 3 triggers + 1 child-cleanup trigger, in 4 variants.
    assert_eq!(triggers, 4 * 16);
}

fn find<'a>(files: &'a [File], name: &str, client: &str) -> &'a File {
    files
        .iter()
        .find(|f| f.name == name && f.client == client)
        .unwrap_or_else(|| panic!("{name} ({client})"))
}

#[test]
fn set_based_triggers_join_back_lobs_and_guard() {
    let files = every_variant();
    let setup = find(&files, "10-sync-source-setup.sql", "sqlcmd");
    let t = &setup.text;
    // journal: guarded create, columns nullable, identity SYNC_ID, rowversion as BINARY(8)
    assert!(t.contains(
        "IF OBJECT_ID(N'IDN_TEST_LOB_S', N'U') IS NULL\nCREATE TABLE IDN_TEST_LOB_S (\n  TENANT_ID INT NULL,"
    ));
    assert!(t.contains("  BODY NTEXT NULL,\n  PICTURE IMAGE NULL,\n  NOTE TEXT NULL,\n  BLOB_VALUE VARBINARY(MAX) NULL,\n  CREATED DATETIME NULL,\n  ROW_VERSION BINARY(8) NULL,\n  SYNC_ID INT IDENTITY(1,1) NOT NULL,\n  ACTION VARCHAR(15) NOT NULL,\n  PRIMARY KEY (SYNC_ID)\n);\nGO\n"));
    // insert / update read TEXT/NTEXT/IMAGE back from the base table; delete writes NULL
    // (long value lists are wrapped over lines for review: compare with the blanks folded)
    let folded = t.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = &folded;
    let from =
        "FROM INSERTED i JOIN IDN_TEST_LOB b ON b.TENANT_ID = i.TENANT_ID AND b.NAME = i.NAME;";
    assert!(t.contains(&format!(
        "SELECT i.TENANT_ID, i.NAME, b.BODY, b.PICTURE, b.NOTE, i.BLOB_VALUE, i.CREATED, i.ROW_VERSION, 'INSERT' {from}"
    )));
    assert!(t.contains(&format!(
        "SELECT i.TENANT_ID, i.NAME, b.BODY, b.PICTURE, b.NOTE, i.BLOB_VALUE, i.CREATED, i.ROW_VERSION, 'UPDATE' {from}"
    )));
    assert!(t.contains("SELECT d.TENANT_ID, d.NAME, NULL, NULL, NULL, d.BLOB_VALUE, d.CREATED, d.ROW_VERSION, 'DELETE' FROM DELETED d;"));
    let t = &setup.text;
    // set-based primary-key change: old keys missing from INSERTED become DELETE rows, first
    let ut = setup
        .statements
        .iter()
        .find(|s| {
            s.starts_with("CREATE OR ALTER TRIGGER IDN_TEST_LOB_UT ON IDN_TEST_LOB AFTER UPDATE AS")
        })
        .expect("update trigger");
    let del = ut
        .find("WHERE NOT EXISTS (SELECT 1 FROM INSERTED i WHERE i.TENANT_ID = d.TENANT_ID AND i.NAME = d.NAME);")
        .expect("old keys");
    assert!(del < ut.find("'UPDATE'").expect("update rows"));
    assert!(ut.contains("SET NOCOUNT ON;"));
    // child cleanup on the parent, set-based over DELETED
    assert!(t.contains("CREATE OR ALTER TRIGGER IDN_OAUTH2_ACCESS_TOKEN_SC_FK0 ON IDN_OAUTH2_ACCESS_TOKEN AFTER DELETE AS\nBEGIN\n  SET NOCOUNT ON;\n  UPDATE j SET ACTION = 'DELETE'\n  FROM IDN_OAUTH2_ACCESS_TOKEN_SCOP_S j JOIN DELETED d ON j.TOKEN_ID = d.TOKEN_ID\n  WHERE j.ACTION <> 'DELETE';\nEND;\nGO\n"));
    // WSO2 tables: no join-back
    assert!(t.contains("'INSERT' FROM INSERTED i;"));

    // guard: first statements of every script when a database is named, for both clients
    let guarded = |f: &&File| f.text.contains("IF DB_NAME() <> ");
    for f in files.iter().filter(guarded) {
        assert_eq!(f.statements[0], "SET NOEXEC OFF", "{}", f.name);
        assert!(
            f.statements[1].starts_with("IF DB_NAME() <> 'WSO2_IDENTITY_DB'\nBEGIN\n  RAISERROR("),
            "{}",
            f.name
        );
        assert!(f.statements[1].contains("SET NOEXEC ON;"));
    }
    assert_eq!(
        files.iter().filter(guarded).count(),
        2 * ismig::render::ScriptKind::SYNC.len()
    );
    let target = find(&files, "11-sync-target-setup.sql", "ssms");
    assert!(!guarded(&target));

    let verify = find(&files, "20-sync-verify-source.sql", "sqlcmd");
    assert!(verify.text.contains("  IF NOT EXISTS (SELECT 1 FROM sys.triggers WHERE name = N'IDN_OAUTH2_ACCESS_TOKEN_SC_FK0' AND is_disabled = 0 AND parent_id = OBJECT_ID(N'IDN_OAUTH2_ACCESS_TOKEN'))\n    THROW 50002, 'ismig verify: trigger IDN_OAUTH2_ACCESS_TOKEN_SC_FK0 on IDN_OAUTH2_ACCESS_TOKEN is missing or disabled', 1;"));
    let pre = find(&files, "00-preflight-source.sql", "sqlcmd");
    // the server version first, in its own batch (older servers stop at the query's catalog
    // views), then one query
    assert_eq!(
        pre.statements.len(),
        2,
        "preflight is a version check and one query"
    );
    assert!(
        pre.statements[0].contains("< 134001") && pre.statements[0].contains("SET NOEXEC ON"),
        "{}",
        pre.statements[0]
    );
    for needle in [
        "sys.key_constraints",
        "HAS_PERMS_BY_NAME(s.name, 'OBJECT', 'ALTER') = 0",
        "name = N'IDENTITY_CACHE'",
        "FROM sys.triggers tr WHERE tr.name IN ('IDN_IDENTITY_USER_DATA_IT'",
    ] {
        assert!(pre.text.contains(needle), "preflight: {needle}");
    }
    let cleanup = find(&files, "90-sync-source-cleanup.sql", "sqlcmd");
    let first_table = cleanup
        .statements
        .iter()
        .position(|s| s.starts_with("DROP TABLE"));
    let last_trigger = cleanup
        .statements
        .iter()
        .rposition(|s| s.starts_with("DROP TRIGGER"));
    assert!(last_trigger < first_table, "triggers before tables");
    // a short lock timeout first, then only guarded drops
    assert_eq!(
        cleanup.statements[0..1],
        *Dialect::Mssql.rules().lock_timeout
    );
    assert!(cleanup.statements[1..].iter().all(
        |s| s.starts_with("DROP TRIGGER IF EXISTS ") || s.starts_with("DROP TABLE IF EXISTS ")
    ));
}

/// A statement as the splitter returns it, without leading `--` comment lines and without the
/// `;` the formatter writes before `GO` (inside a trigger batch the splitter keeps it: only `GO`
/// ends a trigger).
fn normalized(s: &str) -> &str {
    let mut rest = s.trim();
    while rest.starts_with("--") {
        rest = rest.split_once('\n').map_or("", |(_, r)| r).trim_start();
    }
    rest.trim().trim_end_matches(';').trim_end()
}

#[test]
fn our_splitter_finds_exactly_the_rendered_statements() {
    let rules = Dialect::Mssql.rules();
    for f in every_variant() {
        let at = format!("{} ({})", f.name, f.client);
        let pieces: Vec<&str> = statement_texts(&f.text, &rules.split)
            .into_iter()
            .map(normalized)
            .filter(|p| !p.is_empty())
            .collect();
        // the client header: `:on error exit` is an sqlcmd command line, not SQL, and the only
        // line sqlcmd reads as its own command
        let commands = split(&f.text, &rules.split).command_texts(&f.text);
        let want: &[&str] = if f.client == "sqlcmd" {
            &[":on error exit"]
        } else {
            &[]
        };
        assert_eq!(commands, want, "{at}: command lines");
        assert_eq!(
            pieces.first().copied(),
            Some("SET NOCOUNT ON"),
            "{at}: header"
        );
        let expected: Vec<&str> = f.statements.iter().map(|s| s.trim()).collect();
        assert_eq!(pieces[1..], expected[..], "{at}");
    }
}

#[test]
fn sqlparser_mssql_parses_every_statement() {
    use sqlparser::dialect::MsSqlDialect;
    use sqlparser::parser::Parser;
    let mut parsed = 0;
    for f in every_variant() {
        for st in &f.statements {
            match Parser::parse_sql(&MsSqlDialect {}, st) {
                Ok(ast) => {
                    assert_eq!(
                        ast.len(),
                        1,
                        "{} ({}): one statement:\n{st}",
                        f.name,
                        f.client
                    );
                    parsed += 1;
                }
                Err(e) => panic!("{} ({}): sqlparser: {e}\n{st}", f.name, f.client),
            }
        }
    }
    assert!(parsed > 100, "{parsed}");
}
