//! Byte-level properties of every generated script that snapshots cannot show: LF only, one
//! final newline, no trailing blanks, terminator lines alone, no `END;/`; re-splitting each
//! script with its client's rules gives exactly the statements that were rendered; and every
//! statement re-parses with sqlparser where sqlparser knows the dialect well enough.

use std::collections::BTreeMap;
use std::path::Path;

use ismig::dialect::Dialect;
use ismig::input::{DialectChoice, Options};
use ismig::pipeline::{self, preview};
use ismig::render::{self, OutputFile, RenderOptions};
use ismig::schema::testing::wso2_sync_tables;

mod common;
use common::{resplit, strip_comments};

const TABLES: [&str; 4] = [
    "IDN_IDENTITY_USER_DATA",
    "IDN_OAUTH2_ACCESS_TOKEN",
    "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
    "IDN_OAUTH2_AUTHORIZATION_CODE",
];

fn scripts(d: Dialect) -> Vec<OutputFile> {
    preview(d, &wso2_sync_tables(d), &TABLES).unwrap_or_else(|e| panic!("{d}: {e:?}"))
}

#[test]
fn byte_contract() {
    for d in Dialect::ALL {
        for f in scripts(d) {
            let text = String::from_utf8(f.bytes.clone()).expect("utf-8");
            assert!(!text.contains('\r'), "{}: CR found", f.path);
            assert!(
                text.ends_with('\n') && !text.ends_with("\n\n"),
                "{}: exactly one final newline",
                f.path
            );
            for (i, line) in text.lines().enumerate() {
                assert_eq!(
                    line,
                    line.trim_end(),
                    "{}:{}: trailing blank",
                    f.path,
                    i + 1
                );
                let t = line.trim();
                assert!(
                    !t.contains("END;/") && !t.ends_with(";/"),
                    "{}:{}: glued terminator {line:?}",
                    f.path,
                    i + 1
                );
                if t == "/" || t.eq_ignore_ascii_case("GO") {
                    assert_eq!(
                        line,
                        t,
                        "{}:{}: terminator not alone at column 1",
                        f.path,
                        i + 1
                    );
                }
            }
            assert!(
                !text.contains("@@\n") && !text.contains("@@block"),
                "{}: statement marker leaked",
                f.path
            );
        }
    }
}

#[test]
fn oracle_blocks_are_followed_by_a_slash_line() {
    for f in scripts(Dialect::Oracle) {
        let text = String::from_utf8(f.bytes.clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            if l.trim_start().starts_with("END")
                && l.trim_end().ends_with(';')
                && !l.contains("END IF")
                && !l.contains("END LOOP")
            {
                // the last END; of a block is followed by a / line (inner ENDs are indented)
                if !l.starts_with(' ') {
                    assert_eq!(
                        lines.get(i + 1).copied(),
                        Some("/"),
                        "{}:{}: block end without / line",
                        f.path,
                        i + 1
                    );
                }
            }
        }
    }
}

#[test]
fn resplit_gives_the_rendered_statements() {
    for d in Dialect::ALL {
        for f in scripts(d) {
            let (got, want) = resplit(d, &f);
            assert_eq!(
                got, want,
                "{}: re-split differs from the rendered statements",
                f.path
            );
        }
    }
}

/// The options and environment a scenario of `tests/cases` runs with (its `args` and `env`
/// files); None when it is not a generating kind (`err-*`).
fn case_options(dir: &std::path::Path) -> Option<(String, Options, BTreeMap<String, String>)> {
    let name = dir.file_name()?.to_string_lossy().into_owned();
    if !["ok-", "warn-", "mig-", "hostile-"]
        .iter()
        .any(|p| name.starts_with(p))
    {
        return None;
    }
    let args =
        std::fs::read_to_string(dir.join("args")).unwrap_or_else(|_| "validate {dir}".into());
    let mut opts = Options::default();
    let mut migration = format!("tests/cases/{name}");
    let mut toks = args.split_whitespace().skip(1);
    while let Some(t) = toks.next() {
        match t {
            "--schema" => opts.schema = toks.next().map(Into::into),
            "--dialect" => {
                opts.dialect = toks
                    .next()
                    .and_then(Dialect::from_name)
                    .map(DialectChoice::One)
            }
            "--db2-schema" => opts.db2_schema = toks.next().map(String::from),
            "--migration-resources" => opts.migration_resources = toks.next().map(Into::into),
            "--registry-cleanup" => opts.registry_cleanup = Some(true),
            "--no-registry-cleanup" => opts.registry_cleanup = Some(false),
            "--out" | "--client" | "--format" => {
                toks.next();
            }
            _ if t.contains("{dir}") => {
                migration = t.replace("{dir}", &format!("tests/cases/{name}"))
            }
            _ => {}
        }
    }
    let env = std::fs::read_to_string(dir.join("env"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Some((migration, opts, env))
}

/// Every scenario that generates, in every dialect its inputs allow and every client profile:
/// the client reads each script as the statements that were rendered (a name the client takes
/// as its command, on a line of its own, would cut a statement or become a command line).
#[test]
fn every_case_resplits_as_rendered_for_every_client() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let mut dirs: Vec<_> = std::fs::read_dir("tests/cases")
        .expect("tests/cases")
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    let mut checked = 0;
    for dir in dirs {
        let Some((migration, opts, env)) = case_options(&dir) else {
            continue;
        };
        let dialects = match opts.dialect.and_then(|c| c.one()) {
            Some(d) => vec![d],
            None => Dialect::ALL.to_vec(),
        };
        for d in dialects {
            for client in d.rules().clients {
                let opts = Options {
                    dialect: Some(DialectChoice::One(d)),
                    client: Some(client.name.to_string()),
                    ..opts.clone()
                };
                let a = pipeline::analyze(Path::new(&migration), &opts, env.clone());
                if a.diags.has_errors() {
                    continue;
                }
                let ropts = RenderOptions {
                    client: Some(client.name.to_string()),
                    dir_display: a.inputs.dir_display.clone(),
                    keep_statements: true,
                };
                let Ok(r) = render::prepare(&a.config, &a.plan, &a.diags, &ropts)
                    .and_then(|o| o.to_rendered())
                else {
                    continue;
                };
                for f in r.files.iter().filter(|f| f.path.ends_with(".sql")) {
                    // the command lines are checked inside resplit; the text must be all there (a
                    // T-SQL batch the template writes as one statement may split further)
                    let (got, want) = resplit(d, f);
                    let flat = |v: Vec<String>| {
                        v.join(" ")
                            .replace(';', " ")
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                    };
                    assert_eq!(
                        flat(got),
                        flat(want),
                        "{}: {} ({}): re-split differs from the rendered statements",
                        migration,
                        f.path,
                        client.name
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 300, "only {checked} scripts re-split");
}

#[test]
fn statements_reparse_with_sqlparser() {
    use sqlparser::dialect::{MsSqlDialect, MySqlDialect, PostgreSqlDialect};
    use sqlparser::parser::Parser;
    // Statement kinds sqlparser 0.64 does not read in these dialects (checked by the engines or the
    // offline checker instead): procedural blocks and trigger bodies.
    let skip = |s: &str| {
        let u = s.trim_start().to_ascii_uppercase();
        u.starts_with("DO ")
            || u.starts_with("DO\n")
            || u.starts_with("CREATE OR REPLACE FUNCTION")
            || u.starts_with("CREATE TRIGGER")
            || u.starts_with("CREATE OR ALTER TRIGGER")
            || u.starts_with("CREATE PROCEDURE")
            || u.starts_with("IF ")
            || u.starts_with("BEGIN")
            || u.starts_with("COMMIT")
            || u.starts_with("CALL ")
            || u.starts_with("DROP PROCEDURE")
            || u.starts_with("THROW")
            // MySQL prepared statements (guarded CREATE INDEX): sqlparser reads PREPARE … AS only
            || u.starts_with("PREPARE ") || u.starts_with("EXECUTE ") || u.starts_with("DEALLOCATE ")
    };
    let mut parsed = 0;
    for (d, dialect) in [
        (
            Dialect::Postgresql,
            Box::new(PostgreSqlDialect {}) as Box<dyn sqlparser::dialect::Dialect>,
        ),
        (Dialect::Mysql, Box::new(MySqlDialect {})),
        (Dialect::Mssql, Box::new(MsSqlDialect {})),
    ] {
        for f in scripts(d) {
            for s in &f.statements {
                let s = strip_comments(s);
                if skip(&s) {
                    continue;
                }
                Parser::parse_sql(&*dialect, &s).unwrap_or_else(|e| panic!("{}: {e}\n{s}", f.path));
                parsed += 1;
            }
        }
    }
    assert!(parsed > 30, "only {parsed} statements re-parsed");
}
