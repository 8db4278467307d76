//! Real-engine tests: the generated PostgreSQL, MySQL (MariaDB) and H2 scripts, run through the
//! real clients exactly as PLAN.md tells a DBA (psql -v ON_ERROR_STOP=1, mariadb < file, H2
//! RunScript), on a fresh database per test, then DML and an exact check of the journal rows.
//!
//! Engines come from ci/engines.sh (ISMIG_PG, ISMIG_MYSQL, ISMIG_H2 = host:port, ISMIG_H2_JAR).
//! Without them the tests print why they skip and pass; with ISMIG_REQUIRE_ENGINES=1 they fail.

#[path = "engines/harness.rs"]
mod harness;
#[path = "engines/model.rs"]
mod model;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use harness::{
    Cleanup, Engine, JOURNALS4, Kind, Row, SYNC4, describe, drop_trailing_commas, manifest, say,
    skip_or_fail,
};
use model::{Model, NULL, Table, Ty, v};

const EXAMPLE: &str = "examples/is-5.7.0-to-5.9.0";

/// Names fixed by WSO2's runtime, which recomputes them (the table name cut so that it and the
/// suffix stay under 30 characters): version tables, triggers (journals: `JOURNALS4`).
const VERSIONS4: [&str; 4] = [
    "IDN_IDENTITY_USER_DATA_SV",
    "IDN_OAUTH2_ACCESS_TOKEN_SV",
    "IDN_OAUTH2_ACCESS_TOKEN_SCO_SV",
    "IDN_OAUTH2_AUTHORIZATION_CO_SV",
];
const TRIGGERS4: [&str; 13] = [
    "IDN_IDENTITY_USER_DATA_IT",
    "IDN_IDENTITY_USER_DATA_UT",
    "IDN_IDENTITY_USER_DATA_DT",
    "IDN_OAUTH2_ACCESS_TOKEN_IT",
    "IDN_OAUTH2_ACCESS_TOKEN_UT",
    "IDN_OAUTH2_ACCESS_TOKEN_DT",
    "IDN_OAUTH2_ACCESS_TOKEN_SCO_IT",
    "IDN_OAUTH2_ACCESS_TOKEN_SCO_UT",
    "IDN_OAUTH2_ACCESS_TOKEN_SCO_DT",
    "IDN_OAUTH2_AUTHORIZATION_CO_IT",
    "IDN_OAUTH2_AUTHORIZATION_CO_UT",
    "IDN_OAUTH2_AUTHORIZATION_CO_DT",
    "IDN_OAUTH2_ACCESS_TOKEN_SC_FK0",
];

struct Scenario {
    name: &'static str,
    /// Source schema DDL, loaded into the source database and given to ismig.
    schema: String,
    sync_tables: Vec<&'static str>,
    journals: Vec<&'static str>,
    versions: Vec<&'static str>,
    triggers: Vec<&'static str>,
    mysql_charset: &'static str,
    /// Prepended to the schema when loading it (not given to ismig).
    load_prefix: &'static str,
    /// DML and its expected journal rows.
    model: Model,
    /// Statements run before the DML (rows of tables that are not synced), not journaled.
    setup_rows: Vec<String>,
    /// Also prove the wrong-target guard and preflight after a half-finished setup.
    guard_and_preflight: bool,
    /// Warnings ismig must print (e.g. W003 for a table outside the four).
    expect_warnings: Vec<&'static str>,
}

#[derive(Default)]
struct Tally {
    scripts: usize,
    dml: usize,
    journal_rows: usize,
}

/// Builds the migration directory for `sc` (the example's config files, a deployment.toml naming
/// our two databases) and runs `ismig generate` in-process. Returns the dialect's script dir.
fn generate(eng: &Engine, sc: &Scenario, tmp: &Path, src: &str, tgt: &str) -> PathBuf {
    let d = eng.kind.dialect();
    let mig = tmp.join("migration");
    let props = harness::sync_properties_with(&sc.sync_tables);
    harness::write_migration(eng, &mig, Some(&props), &sc.schema, src, tgt);

    let out = tmp.join("out");
    let (o, e) = harness::generate_in_process(&mig, d, &out, &[]);
    for w in &sc.expect_warnings {
        assert!(
            e.contains(w) || o.contains(w),
            "ismig generate: expected warning {w}\n{o}\n{e}"
        );
    }
    let dir = out.join(d);
    assert!(
        dir.join("10-sync-source-setup.sql").is_file(),
        "ismig generate wrote no {d}/10-sync-source-setup.sql\n{o}"
    );
    dir
}

fn script(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(format!("{name}.sql"));
    assert!(p.is_file(), "{} is missing", p.display());
    p
}

/// Runs a generated script; it must exit 0.
fn apply(eng: &Engine, db: &str, dir: &Path, name: &str, t: &mut Tally) -> String {
    let o = eng.run_script(db, &script(dir, name));
    assert!(
        o.status.success(),
        "{} {name}.sql on {db}: {}",
        eng.kind.dialect(),
        describe(&o)
    );
    t.scripts += 1;
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn has(catalog: &[String], name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    catalog.iter().any(|l| {
        l.to_ascii_lowercase()
            .split([' ', '.'])
            .any(|w| w == n.as_str())
    })
}

fn base_tables(eng: &Engine, db: &str) -> Vec<String> {
    let q = match eng.kind {
        Kind::Pg => "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1".to_string(),
        Kind::My => format!("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{db}' AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1"),
        Kind::H2 => "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1".to_string(),
    };
    eng.query(db, &[q])
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten())
        .collect()
}

/// The columns of each journal, in order, upper-cased.
fn journal_columns(eng: &Engine, db: &str, journals: &[&str]) -> BTreeMap<String, Vec<String>> {
    let q: Vec<String> = journals
        .iter()
        .map(|j| match eng.kind {
            Kind::Pg => format!(
                "SELECT '{j}', upper(column_name) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = lower('{j}') ORDER BY ordinal_position"
            ),
            Kind::My => format!(
                "SELECT '{j}', UPPER(COLUMN_NAME) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{db}' AND TABLE_NAME = '{j}' ORDER BY ORDINAL_POSITION"
            ),
            Kind::H2 => format!(
                "SELECT '{j}', UPPER(COLUMN_NAME) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = '{j}' ORDER BY ORDINAL_POSITION"
            ),
        })
        .collect();
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in eng.query(db, &q) {
        if let [Some(j), Some(c)] = &r[..] {
            m.entry(j.clone()).or_default().push(c.clone());
        }
    }
    m
}

fn journal_select(kind: Kind, t: &Table) -> String {
    let cols: Vec<String> = t
        .cols
        .iter()
        .map(|(c, ty)| match (ty, kind) {
            (Ty::Bin, Kind::Pg) => format!("encode({c}, 'hex')"),
            (Ty::Bin, Kind::My) => format!("LOWER(HEX({c}))"),
            _ => c.to_string(),
        })
        .collect();
    format!(
        "SELECT {}, SYNC_ID, ACTION FROM {} ORDER BY SYNC_ID",
        cols.join(", "),
        t.journal
    )
}

fn run(kind: Kind, test: &str, sc: Scenario) {
    let Some(eng) = Engine::get(kind, test) else {
        return;
    };
    let started = Instant::now();
    let d = kind.dialect();
    let pid = std::process::id();
    let src = format!("ismig_{}_{}_{pid}_src", kind.short(), sc.name);
    let tgt = format!("ismig_{}_{}_{pid}_tgt", kind.short(), sc.name);
    let scratch = Cleanup::scratch(
        &eng,
        format!("ismig-engines-{}-{}-{pid}", kind.short(), sc.name),
        vec![src.clone(), tgt.clone()],
    );
    let tmp = scratch.dir.clone();
    let mut t = Tally::default();

    // 1. fresh databases, the source schema
    eng.create_db(&src, sc.mysql_charset);
    eng.create_db(&tgt, sc.mysql_charset);
    let schema_file = tmp.join("schema.sql");
    let load = if sc.load_prefix.is_empty() {
        sc.schema.clone()
    } else {
        format!("{}{}", sc.load_prefix, drop_trailing_commas(&sc.schema))
    };
    std::fs::write(&schema_file, load).unwrap();
    let o = eng.run_script(&src, &schema_file);
    assert!(
        o.status.success(),
        "{d}: loading the source schema: {}",
        describe(&o)
    );
    if !sc.setup_rows.is_empty() {
        let f = tmp.join("rows.sql");
        std::fs::write(&f, sc.setup_rows.join(";\n") + ";\n").unwrap();
        let o = eng.run_data(&src, &f);
        assert!(o.status.success(), "{d}: base rows: {}", describe(&o));
    }
    let base_src = eng.catalog(&src);
    let base_tgt = eng.catalog(&tgt);
    let is_tables = base_tables(&eng, &src);
    assert!(
        !is_tables.is_empty(),
        "{d}: no table after loading the schema"
    );

    // 2. generate
    let dir = generate(&eng, &sc, &tmp, &src, &tgt);

    // 3. wrong-target guard: the source setup on the target database fails and creates nothing
    if sc.guard_and_preflight {
        let o = eng.run_script(&tgt, &script(&dir, "10-sync-source-setup"));
        assert!(
            !o.status.success(),
            "{d}: 10-sync-source-setup.sql ran on {tgt} (not the source): the guard did not stop it\n{}",
            describe(&o)
        );
        assert_eq!(
            eng.catalog(&tgt),
            base_tgt,
            "{d}: the guarded setup created objects in {tgt}"
        );
        let o = eng.run_script(&src, &script(&dir, "11-sync-target-setup"));
        assert!(
            !o.status.success(),
            "{d}: 11-sync-target-setup.sql ran on {src} (not the target): the guard did not stop it"
        );
        assert_eq!(
            eng.catalog(&src),
            base_src,
            "{d}: guarded target setup created objects in {src}"
        );
    }

    // 4. preflight, setup, target setup, verify
    apply(&eng, &src, &dir, "00-preflight-source", &mut t);
    apply(&eng, &src, &dir, "10-sync-source-setup", &mut t);
    apply(&eng, &tgt, &dir, "11-sync-target-setup", &mut t);
    apply(&eng, &src, &dir, "20-sync-verify-source", &mut t);
    let cat_src = eng.catalog(&src);
    let cat_tgt = eng.catalog(&tgt);
    for n in sc.journals.iter().chain(&sc.triggers) {
        assert!(
            has(&cat_src, n),
            "{d}: {n} missing after setup:\n{}",
            cat_src.join("\n")
        );
    }
    for n in &sc.versions {
        assert!(
            has(&cat_tgt, n),
            "{d}: {n} missing on the target:\n{}",
            cat_tgt.join("\n")
        );
    }

    // 5. setup a second time: same objects
    apply(&eng, &src, &dir, "10-sync-source-setup", &mut t);
    apply(&eng, &tgt, &dir, "11-sync-target-setup", &mut t);
    apply(&eng, &src, &dir, "20-sync-verify-source", &mut t);
    assert_eq!(
        eng.catalog(&src),
        cat_src,
        "{d}: second source setup changed the catalog"
    );
    assert_eq!(
        eng.catalog(&tgt),
        cat_tgt,
        "{d}: second target setup changed the catalog"
    );

    // 6. journal layout: every source column, then SYNC_ID, then ACTION (one client call)
    let names: Vec<&str> = sc.model.tables.iter().map(|tb| tb.journal).collect();
    let layout = journal_columns(&eng, &src, &names);
    for tb in &sc.model.tables {
        let mut want: Vec<String> = tb.cols.iter().map(|(c, _)| c.to_string()).collect();
        want.push("SYNC_ID".into());
        want.push("ACTION".into());
        assert_eq!(
            layout.get(tb.journal),
            Some(&want),
            "{d}: {} layout",
            tb.journal
        );
    }

    // 7. DML, then the journal must hold exactly the expected rows
    let dml = tmp.join("dml.sql");
    std::fs::write(&dml, sc.model.script()).unwrap();
    let o = eng.run_data(&src, &dml);
    assert!(o.status.success(), "{d}: DML failed: {}", describe(&o));
    t.dml = sc.model.sql.len();
    let selects: Vec<String> = sc
        .model
        .tables
        .iter()
        .map(|tb| journal_select(kind, tb))
        .collect();
    let tags: Vec<String> = sc
        .model
        .tables
        .iter()
        .map(|tb| format!("SELECT COUNT(*) FROM {}", tb.journal))
        .collect();
    // one client call: the counts (to cut the stream), then each journal
    let all = eng.query(&src, &[tags, selects].concat());
    let n = sc.model.tables.len();
    let counts: Vec<usize> = all[..n]
        .iter()
        .map(|r| r[0].as_deref().unwrap_or("0").parse().unwrap())
        .collect();
    let mut rest: &[Row] = &all[n..];
    for (tb, c) in sc.model.tables.iter().zip(counts) {
        let (mine, more) = rest.split_at(c.min(rest.len()));
        rest = more;
        t.journal_rows += model::check_journal(tb, &sc.model.journal[tb.name], mine);
    }
    // the source tables hold what the DML left
    let content = eng.table_rows(
        &src,
        &sc.model
            .tables
            .iter()
            .map(|tb| tb.name.to_string())
            .collect::<Vec<_>>(),
    );
    for tb in &sc.model.tables {
        let mut want: Vec<Row> = sc.model.state[tb.name]
            .iter()
            .map(|r| {
                tb.cols
                    .iter()
                    .zip(r)
                    .map(|((_, ty), v)| model::norm(*ty, v))
                    .collect()
            })
            .collect();
        want.sort();
        let mut got: Vec<Row> = content[tb.name]
            .iter()
            .map(|r| {
                tb.cols
                    .iter()
                    .zip(r)
                    .map(|((_, ty), v)| {
                        if *ty == Ty::Bin {
                            // SELECT * shows bytes as the client prints them; compare lengths only
                            v.as_ref().map(|s| s.len().to_string())
                        } else {
                            model::norm(*ty, v)
                        }
                    })
                    .collect()
            })
            .collect();
        got.sort();
        if tb.cols.iter().all(|(_, ty)| *ty != Ty::Bin) {
            assert_eq!(got, want, "{d}: content of {} after the DML", tb.name);
        } else {
            assert_eq!(
                got.len(),
                want.len(),
                "{d}: rows of {} after the DML",
                tb.name
            );
        }
    }
    let rows_before = eng.table_rows(&src, &is_tables);

    // 8. a half-finished setup: verify fails naming the missing trigger; preflight lists leftovers
    if sc.guard_and_preflight {
        let dropped = "IDN_OAUTH2_ACCESS_TOKEN_UT";
        let f = tmp.join("drop-one.sql");
        let stmt = match kind {
            Kind::Pg => format!("DROP TRIGGER {dropped} ON IDN_OAUTH2_ACCESS_TOKEN;\n"),
            _ => format!("DROP TRIGGER {dropped};\n"),
        };
        std::fs::write(&f, stmt).unwrap();
        harness::checked(eng.run_data(&src, &f), "drop one trigger");
        let o = eng.run_script(&src, &script(&dir, "20-sync-verify-source"));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            !o.status.success() && text.to_ascii_uppercase().contains(dropped),
            "{d}: verify after dropping {dropped} must fail naming it\n{}",
            describe(&o)
        );
        let o = eng.run_script_show(&src, &script(&dir, "00-preflight-source"));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
        .to_ascii_uppercase();
        for left in [
            "IDN_OAUTH2_ACCESS_TOKEN_IT",
            "IDN_OAUTH2_ACCESS_TOKEN_DT",
            "IDN_OAUTH2_ACCESS_TOKEN_SC_FK0",
            "IDN_IDENTITY_USER_DATA_S",
            "IDN_OAUTH2_ACCESS_TOKEN_SCOP_S",
        ] {
            assert!(
                text.contains(left),
                "{d}: preflight after a half-finished setup does not name {left}\n{}",
                describe(&o)
            );
        }
        t.scripts += 2;
    }

    // 9. cleanup twice on each side: nothing of ours is left, the IS tables and rows are untouched
    apply(&eng, &src, &dir, "90-sync-source-cleanup", &mut t);
    apply(&eng, &src, &dir, "90-sync-source-cleanup", &mut t);
    apply(&eng, &tgt, &dir, "91-sync-target-cleanup", &mut t);
    apply(&eng, &tgt, &dir, "91-sync-target-cleanup", &mut t);
    let after_src = eng.catalog(&src);
    let after_tgt = eng.catalog(&tgt);
    for n in sc.journals.iter().chain(&sc.triggers) {
        assert!(!has(&after_src, n), "{d}: {n} left after cleanup");
    }
    for n in &sc.versions {
        assert!(
            !has(&after_tgt, n),
            "{d}: {n} left on the target after cleanup"
        );
    }
    assert_eq!(
        after_src, base_src,
        "{d}: source catalog after cleanup differs from before setup"
    );
    assert_eq!(
        after_tgt, base_tgt,
        "{d}: target catalog after cleanup differs from before setup"
    );
    let rows_after = eng.table_rows(&src, &is_tables);
    assert_eq!(
        rows_after, rows_before,
        "{d}: cleanup changed IS table rows"
    );
    let is_rows: usize = rows_after.values().map(Vec::len).sum();

    say(&format!(
        "{d} {}: {} scripts applied (exit 0), {} DML statements, {} journal rows checked, cleanup verified ({} objects = baseline, {} IS tables / {} rows unchanged){} in {:.1}s",
        sc.name,
        t.scripts,
        t.dml,
        t.journal_rows,
        after_src.len(),
        is_tables.len(),
        is_rows,
        if sc.guard_and_preflight {
            ", wrong-target guard and half-setup preflight verified"
        } else {
            ""
        },
        started.elapsed().as_secs_f64()
    ));
}

// ---------------------------------------------------------------- scenarios

fn example_schema(kind: Kind) -> String {
    std::fs::read_to_string(
        manifest()
            .join(EXAMPLE)
            .join(format!("schema/{}.sql", kind.dialect())),
    )
    .unwrap()
}

fn tables4() -> Vec<Table> {
    use Ty::*;
    vec![
        Table {
            name: "IDN_IDENTITY_USER_DATA",
            journal: "IDN_IDENTITY_USER_DATA_S",
            cols: vec![
                ("TENANT_ID", Num),
                ("USER_NAME", Str),
                ("DATA_KEY", Str),
                ("DATA_VALUE", Str),
            ],
            pk: vec!["TENANT_ID", "USER_NAME", "DATA_KEY"],
        },
        Table {
            name: "IDN_OAUTH2_ACCESS_TOKEN",
            journal: "IDN_OAUTH2_ACCESS_TOKEN_S",
            cols: vec![
                ("TOKEN_ID", Str),
                ("ACCESS_TOKEN", Str),
                ("REFRESH_TOKEN", Str),
                ("CONSUMER_KEY_ID", Num),
                ("AUTHZ_USER", Str),
                ("TENANT_ID", Num),
                ("USER_DOMAIN", Str),
                ("USER_TYPE", Str),
                ("GRANT_TYPE", Str),
                ("TIME_CREATED", Ts),
                ("REFRESH_TOKEN_TIME_CREATED", Ts),
                ("VALIDITY_PERIOD", Num),
                ("REFRESH_TOKEN_VALIDITY_PERIOD", Num),
                ("TOKEN_SCOPE_HASH", Str),
                ("TOKEN_STATE", Str),
                ("TOKEN_STATE_ID", Str),
                ("SUBJECT_IDENTIFIER", Str),
                ("ACCESS_TOKEN_HASH", Str),
                ("REFRESH_TOKEN_HASH", Str),
            ],
            pk: vec!["TOKEN_ID"],
        },
        Table {
            name: "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
            journal: "IDN_OAUTH2_ACCESS_TOKEN_SCOP_S",
            cols: vec![("TOKEN_ID", Str), ("TOKEN_SCOPE", Str), ("TENANT_ID", Num)],
            pk: vec!["TOKEN_ID", "TOKEN_SCOPE"],
        },
        Table {
            name: "IDN_OAUTH2_AUTHORIZATION_CODE",
            journal: "IDN_OAUTH2_AUTHORIZATION_COD_S",
            cols: vec![
                ("CODE_ID", Str),
                ("AUTHORIZATION_CODE", Str),
                ("CONSUMER_KEY_ID", Num),
                ("CALLBACK_URL", Str),
                ("SCOPE", Str),
                ("AUTHZ_USER", Str),
                ("TENANT_ID", Num),
                ("USER_DOMAIN", Str),
                ("TIME_CREATED", Ts),
                ("VALIDITY_PERIOD", Num),
                ("STATE", Str),
                ("TOKEN_ID", Str),
                ("SUBJECT_IDENTIFIER", Str),
                ("PKCE_CODE_CHALLENGE", Str),
                ("PKCE_CODE_CHALLENGE_METHOD", Str),
                ("AUTHORIZATION_CODE_HASH", Str),
            ],
            pk: vec!["CODE_ID"],
        },
    ]
}

const UNI: &str = "O'Brien ÄÖü 日本";

fn token(id: &str, state: &str, user: &str) -> Row {
    vec![
        v(id),
        v(&format!("at-{id}")),
        v(&format!("rt-{id}")),
        v("1"),
        v(user),
        v("-1234"),
        v("PRIMARY"),
        v("APPLICATION_USER"),
        v("password"),
        v("2020-01-02 03:04:05"),
        v("2020-01-02 03:04:06"),
        v("3600"),
        v("86400"),
        v("hash-a"),
        v(state),
        v("NONE"),
        v(user),
        v(&format!("ath-{id}")),
        v(&format!("rth-{id}")),
    ]
}

fn code(id: &str, user: &str) -> Row {
    vec![
        v(id),
        v(&format!("code-{id}")),
        v("1"),
        v("https://app.example.com/cb?a=1&b='x'"),
        v("openid profile"),
        v(user),
        v("-1234"),
        v("PRIMARY"),
        v("2021-06-30 23:59:59"),
        v("600"),
        v("ACTIVE"),
        v("tok-1"),
        v(user),
        v("chal"),
        v("S256"),
        v(&format!("ch-{id}")),
    ]
}

fn key(vals: &[&str]) -> Row {
    vals.iter().map(|s| v(s)).collect()
}

/// Every DML shape on the four sync tables, and the parent delete with pending child rows.
fn example_dml(kind: Kind) -> Model {
    let mut m = Model::new(kind, tables4());
    let ud = "IDN_IDENTITY_USER_DATA";
    // single insert; multi-row insert with quotes/unicode and a NULL
    m.insert(ud, vec![key(&["-1234", "alice", "k1", "v1"])]);
    m.insert(
        ud,
        vec![
            key(&["-1234", "bob", "k1", UNI]),
            vec![v("-1234"), v("bob"), v("k2"), NULL],
            key(&["1", "carol", "k1", "x"]),
        ],
    );
    m.update(
        ud,
        &[("DATA_VALUE", v("v1b"))],
        &[key(&["-1234", "alice", "k1"])],
    );
    m.update(
        ud,
        &[("DATA_VALUE", v("many \"q\" ''"))],
        &[key(&["-1234", "bob", "k1"]), key(&["-1234", "bob", "k2"])],
    );
    // primary-key change: DELETE with the old values, then UPDATE with the new
    m.update(
        ud,
        &[("USER_NAME", v("carol2"))],
        &[key(&["1", "carol", "k1"])],
    );
    m.update(ud, &[("DATA_VALUE", NULL)], &[key(&["1", "carol2", "k1"])]);
    m.delete(ud, &[key(&["-1234", "alice", "k1"])]);
    m.delete(
        ud,
        &[key(&["-1234", "bob", "k1"]), key(&["-1234", "bob", "k2"])],
    );

    let at = "IDN_OAUTH2_ACCESS_TOKEN";
    m.insert(at, vec![token("tok-1", "ACTIVE", UNI)]);
    let mut nulls = vec![NULL; 19];
    nulls[0] = v("tok-2");
    m.insert(at, vec![nulls]);
    m.insert(
        at,
        vec![
            token("tok-3", "ACTIVE", "u3"),
            token("tok-4", "EXPIRED", "u4"),
        ],
    );
    m.update(at, &[("TOKEN_STATE", v("REVOKED"))], &[key(&["tok-1"])]);
    m.update(
        at,
        &[
            ("VALIDITY_PERIOD", v("7200")),
            ("TIME_CREATED", v("2022-12-31 23:59:58")),
        ],
        &[key(&["tok-3"]), key(&["tok-4"])],
    );
    m.update(
        at,
        &[("TOKEN_ID", v("tok-2b")), ("AUTHZ_USER", v("moved"))],
        &[key(&["tok-2"])],
    );
    m.delete(at, &[key(&["tok-2b"])]);
    m.delete(at, &[key(&["tok-3"]), key(&["tok-4"])]);

    let sc = "IDN_OAUTH2_ACCESS_TOKEN_SCOPE";
    m.insert(sc, vec![key(&["tok-1", "openid", "-1234"])]);
    m.insert(
        sc,
        vec![
            key(&["tok-1", "profile", "-1234"]),
            key(&["tok-1", "email", "-1234"]),
            vec![v("tok-1"), v("phone"), NULL],
        ],
    );
    m.update(sc, &[("TENANT_ID", v("5"))], &[key(&["tok-1", "openid"])]);
    m.update(
        sc,
        &[("TOKEN_SCOPE", v("address"))],
        &[key(&["tok-1", "phone"])],
    );
    m.delete(sc, &[key(&["tok-1", "email"])]);

    let ac = "IDN_OAUTH2_AUTHORIZATION_CODE";
    m.insert(ac, vec![code("c1", UNI)]);
    let mut nulls = vec![NULL; 16];
    nulls[0] = v("c2");
    m.insert(ac, vec![nulls, code("c3", "u3")]);
    m.update(
        ac,
        &[("STATE", v("INACTIVE"))],
        &[key(&["c1"]), key(&["c3"])],
    );
    m.update(ac, &[("CODE_ID", v("c1-new"))], &[key(&["c1"])]);
    m.delete(ac, &[key(&["c2"]), key(&["c3"])]);

    // the parent delete: tok-1 has pending scope rows; the cascade removes its scopes
    m.delete_parent(
        at,
        &[key(&["tok-1"])],
        sc,
        &[("TOKEN_ID", "TOKEN_ID")],
        // PostgreSQL and H2 fire the child's triggers on a cascade; MySQL/MariaDB does not
        kind != Kind::My,
    );
    m
}

fn example(kind: Kind) -> Scenario {
    Scenario {
        name: "example",
        schema: example_schema(kind),
        sync_tables: SYNC4.to_vec(),
        journals: JOURNALS4.to_vec(),
        versions: VERSIONS4.to_vec(),
        triggers: TRIGGERS4.to_vec(),
        mysql_charset: "utf8mb4",
        load_prefix: "",
        model: example_dml(kind),
        setup_rows: vec![
            "INSERT INTO IDN_OAUTH_CONSUMER_APPS (ID, CONSUMER_KEY, CONSUMER_SECRET, USERNAME, TENANT_ID, APP_NAME) VALUES (1, 'ck-1', 'cs-1', 'admin', -1234, 'app one')".into(),
            "INSERT INTO IDN_OAUTH_CONSUMER_APPS (ID, CONSUMER_KEY, APP_NAME) VALUES (2, 'ck-2', 'app two')".into(),
        ],
        guard_and_preflight: true,
        expect_warnings: vec![],
    }
}

/// A table outside WSO2's four, with a binary and a character LOB.
fn lob(kind: Kind) -> Scenario {
    let (bin, clob) = match kind {
        Kind::Pg => ("BYTEA", "TEXT"),
        Kind::My => ("LONGBLOB", "LONGTEXT"),
        Kind::H2 => ("BLOB", "CLOB"),
    };
    let engine = if kind == Kind::My {
        " ENGINE=InnoDB"
    } else {
        ""
    };
    let schema = format!(
        "CREATE TABLE ISMIG_LOB_DOC (\n    ID INTEGER NOT NULL,\n    NAME VARCHAR(64),\n    BODY {bin},\n    NOTE {clob},\n    PRIMARY KEY (ID)\n){engine};\n"
    );
    let t = Table {
        name: "ISMIG_LOB_DOC",
        journal: "ISMIG_LOB_DOC_S",
        cols: vec![
            ("ID", Ty::Num),
            ("NAME", Ty::Str),
            ("BODY", Ty::Bin),
            ("NOTE", Ty::Str),
        ],
        pk: vec!["ID"],
    };
    // 64 KiB of every byte value, and 70 000 characters of multi-byte text
    let big_bin: String = (0..65536u32)
        .map(|i| format!("{:02x}", (i * 7 + i / 256) % 256))
        .collect();
    let big_text: String = format!("{UNI} ").repeat(5000);
    let mut m = Model::new(kind, vec![t]);
    let lt = "ISMIG_LOB_DOC";
    m.insert(lt, vec![vec![v("1"), v("small"), v("00ff10"), v(UNI)]]);
    m.insert(
        lt,
        vec![
            vec![v("2"), v("big"), v(&big_bin), v(&big_text)],
            vec![v("3"), NULL, NULL, NULL],
            vec![v("4"), v("empty"), v(""), v("")],
        ],
    );
    m.update(
        lt,
        &[("BODY", v("deadbeef")), ("NOTE", v("changed 'once'"))],
        &[key(&["1"])],
    );
    m.update(lt, &[("NOTE", v("many"))], &[key(&["2"]), key(&["4"])]);
    m.update(lt, &[("ID", v("20"))], &[key(&["2"])]);
    m.delete(lt, &[key(&["20"])]);
    m.delete(lt, &[key(&["3"]), key(&["4"])]);
    Scenario {
        name: "lob",
        schema,
        sync_tables: vec!["ISMIG_LOB_DOC"],
        journals: vec!["ISMIG_LOB_DOC_S"],
        versions: vec!["ISMIG_LOB_DOC_SV"],
        triggers: vec!["ISMIG_LOB_DOC_IT", "ISMIG_LOB_DOC_UT", "ISMIG_LOB_DOC_DT"],
        mysql_charset: "utf8mb4",
        load_prefix: "",
        model: m,
        setup_rows: vec![],
        guard_and_preflight: false,
        expect_warnings: vec!["W003"],
    }
}

/// WSO2's own IS 5.7.0 identity script, from ../shared (never copied into the repository).
fn wso2(kind: Kind, test: &str) -> Option<Scenario> {
    let p = manifest()
        .parent()
        .unwrap()
        .join("shared/fixtures/wso2/is-5.7.0")
        .join(kind.dialect())
        .join("identity.sql");
    let Ok(schema) = std::fs::read_to_string(&p) else {
        let reason = format!("WSO2 fixture {} is missing", p.display());
        if harness::in_ci() {
            panic!("{test}: {reason} (CI=true)");
        }
        return skip_or_fail(test, reason).or(None);
    };
    let mut m = Model::new(kind, vec![tables4().remove(0)]);
    let ud = "IDN_IDENTITY_USER_DATA";
    m.insert(
        ud,
        vec![key(&["-1234", "admin", "lastLogon", "1600000000"])],
    );
    m.insert(
        ud,
        vec![
            key(&["1", "u1", "k", "a"]),
            vec![v("1"), v("u2"), v("k"), NULL],
        ],
    );
    m.update(
        ud,
        &[("DATA_VALUE", v("b"))],
        &[key(&["1", "u1", "k"]), key(&["1", "u2", "k"])],
    );
    m.update(ud, &[("DATA_KEY", v("k2"))], &[key(&["1", "u1", "k"])]);
    m.delete(ud, &[key(&["-1234", "admin", "lastLogon"])]);
    Some(Scenario {
        name: "wso2",
        schema,
        sync_tables: SYNC4.to_vec(),
        journals: JOURNALS4.to_vec(),
        versions: VERSIONS4.to_vec(),
        triggers: TRIGGERS4.to_vec(),
        // WSO2's MySQL script has index keys over 3072 bytes under utf8mb4
        mysql_charset: "latin1",
        // WSO2 wrote it for H2 1.4: VALUE (a column of SP_METADATA) was no keyword, backticks and
        // trailing commas were accepted; H2 2.x needs NON_KEYWORDS and MySQL mode (this session only)
        load_prefix: if kind == Kind::H2 {
            "SET NON_KEYWORDS VALUE;\nSET MODE MySQL;\n"
        } else {
            ""
        },
        model: m,
        setup_rows: vec![],
        guard_and_preflight: false,
        expect_warnings: vec![],
    })
}

fn wso2_test(kind: Kind, test: &str) {
    // skip reasons for a missing engine come first
    if Engine::get(kind, test).is_none() {
        return;
    }
    if let Some(sc) = wso2(kind, test) {
        run(kind, test, sc);
    }
}

#[test]
fn postgresql_example() {
    run(Kind::Pg, "postgresql_example", example(Kind::Pg));
}

#[test]
fn postgresql_lob() {
    run(Kind::Pg, "postgresql_lob", lob(Kind::Pg));
}

#[test]
fn postgresql_wso2_570() {
    wso2_test(Kind::Pg, "postgresql_wso2_570");
}

#[test]
fn mysql_example() {
    run(Kind::My, "mysql_example", example(Kind::My));
}

#[test]
fn mysql_lob() {
    run(Kind::My, "mysql_lob", lob(Kind::My));
}

#[test]
fn mysql_wso2_570() {
    wso2_test(Kind::My, "mysql_wso2_570");
}

#[test]
fn h2_example() {
    run(Kind::H2, "h2_example", example(Kind::H2));
}

#[test]
fn h2_lob() {
    run(Kind::H2, "h2_lob", lob(Kind::H2));
}

#[test]
fn h2_wso2_570() {
    wso2_test(Kind::H2, "h2_wso2_570");
}
