//! The whole runbook rehearsed on real engines (PostgreSQL and MariaDB): one test per engine
//! follows the dialect's runbook step by step, in order, on two databases named as the JDBC URLs
//! say — WSO2's IS 5.7.0 identity schema and seed rows in the source, preflight, sync setup and
//! verify, DML, a copy made with the engine's own dump tool at its defaults, the target-side and
//! migration scripts — and then plays WSO2's sync runtime with a reference applier written from
//! the runtime contract (batches of batchSize after `*_SV`'s SYNC_ID, INSERT/UPDATE as upserts by
//! the target's primary key, DELETE, `*_SV` advanced in the same transaction, the gap rule) while
//! more DML runs on the source. When the applier is quiet the monitor's highest SYNC_ID must equal
//! the target's `*_SV`, and every sync table must hold the same rows on both sides.
//!
//! The applier is the contract, not ismig: where they disagree the scripts change. It applies no
//! version transformer (WSO2's token transformers rewrite hashes and IDP_ID; the rows compared
//! here are the source's columns as they are).
//!
//! Engines, fixtures and skipping work as in `engines.rs` (ISMIG_PG / ISMIG_MYSQL,
//! ISMIG_REQUIRE_ENGINES=1 fails instead of skipping; the fixtures are read from ../shared).

// the engine tests' harness: this test uses part of it
#[allow(dead_code)]
#[path = "engines/harness.rs"]
mod harness;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use harness::{Cleanup, Engine, Kind, Row, describe, manifest, say, skip_or_fail};

/// WSO2's four tables, and one more with a LOB column (accepted by ismig with a warning).
const SYNC: [&str; 5] = [
    "IDN_IDENTITY_USER_DATA",
    "IDN_OAUTH2_ACCESS_TOKEN",
    "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
    "IDN_OAUTH2_AUTHORIZATION_CODE",
    "IDN_STS_STORE",
];

/// Small, so that the DML spans many batches and windows.
const BATCH_SIZE: i64 = 4;
/// The applier's pause between rounds (the runtime's syncInterval).
const INTERVAL: Duration = Duration::from_millis(50);

/// How a run departs from the runbook (the negative runs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    None,
    /// The step that removes what the copy brought along (12) is skipped.
    Skip12,
    /// After the copy, the target loses a column the source has.
    TargetLacksColumn,
    /// After the copy, the target gains a NOT NULL column without a default.
    TargetNotNullColumn,
}

/// The column the faults drop or add.
const DROPPED: (&str, &str) = (
    "IDN_OAUTH2_AUTHORIZATION_CODE",
    "PKCE_CODE_CHALLENGE_METHOD",
);
const ADDED: (&str, &str) = ("IDN_IDENTITY_USER_DATA", "EXTRA_FLAG");

/// What a fault does to the target right after the copy.
fn damage(kind: Kind, fault: Fault) -> Vec<String> {
    match fault {
        Fault::TargetLacksColumn => vec![format!(
            "ALTER TABLE {} DROP COLUMN {}",
            DROPPED.0, DROPPED.1
        )],
        Fault::TargetNotNullColumn => {
            let (t, c) = ADDED;
            // added with a default (the table has rows), which is then dropped
            let drop_default = match kind {
                Kind::Pg => format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT"),
                _ => format!("ALTER TABLE {t} ALTER {c} DROP DEFAULT"),
            };
            vec![
                format!("ALTER TABLE {t} ADD COLUMN {c} VARCHAR(8) DEFAULT 'x' NOT NULL"),
                drop_default,
            ]
        }
        Fault::None | Fault::Skip12 => Vec::new(),
    }
}

/// One step of the runbook, as report.json lists it.
#[derive(Debug, Clone)]
struct Step {
    step: usize,
    title: String,
    database: String,
    kind: String,
    file: Option<String>,
    skipped: bool,
}

/// The databases of one rehearsal.
struct Dbs {
    src: String,
    tgt: String,
    reg: String,
}

/// A failed step: which, and what its client printed.
#[derive(Debug)]
struct Failed {
    step: usize,
    title: String,
    file: String,
    output: String,
}

fn fixture(rel: &str, test: &str) -> Option<PathBuf> {
    let p = manifest().join("../shared/fixtures/wso2").join(rel);
    if p.is_file() {
        return Some(p);
    }
    if harness::in_ci() {
        panic!("{test}: fixture {} is missing (CI=true)", p.display());
    }
    skip_or_fail(test, format!("fixture {} is missing", p.display()))
}

/// The migration directory (the example's files, our databases' URLs, WSO2's 5.7.0 schema, a
/// small batchSize) and `ismig generate` in-process. Returns the output directory.
fn generate(eng: &Engine, tmp: &Path, dbs: &Dbs, schema: &Path) -> PathBuf {
    let mig = tmp.join("migration");
    let props = format!(
        "sourceVersion=5.7.0\ntargetVersion=5.9.0\nbatchSize={BATCH_SIZE}\nsyncInterval=100\nsyncTables={}\nidentitySchema=jdbc/WSO2IdentityDBSource,jdbc/WSO2IdentityDBTarget\n",
        SYNC.join(",")
    );
    let ddl = std::fs::read_to_string(schema).unwrap();
    harness::write_migration(eng, &mig, Some(&props), &ddl, &dbs.src, &dbs.tgt);
    let out = tmp.join("out");
    harness::generate_in_process(&mig, eng.kind.dialect(), &out, &[]);
    out
}

/// The dialect's runbook, in order, as report.json's `runbook` lists it.
fn runbook(out: &Path, dialect: &str) -> Vec<Step> {
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let steps = report
        .get("runbook")
        .and_then(|r| r.as_array())
        .expect("report.json has a runbook");
    let text =
        |s: &serde_json::Value, k: &str| s.get(k).and_then(|v| v.as_str()).map(str::to_string);
    steps
        .iter()
        .filter(|s| text(s, "dialect").as_deref() == Some(dialect))
        .map(|s| Step {
            step: s.get("step").and_then(|v| v.as_u64()).unwrap_or(0) as usize,
            title: text(s, "title").unwrap_or_default(),
            database: text(s, "database").unwrap_or_default(),
            kind: text(s, "kind").unwrap_or_default(),
            file: text(s, "file"),
            skipped: s.get("skipped").is_some_and(|v| !v.is_null()),
        })
        .collect()
}

/// A value as an SQL literal of the engine: binary values travel as hex.
fn lit(kind: Kind, bin: bool, v: &Option<String>) -> String {
    match v {
        None => "NULL".into(),
        Some(h) if bin => match kind {
            Kind::Pg => format!("decode('{h}', 'hex')"),
            _ => format!("X'{h}'"),
        },
        Some(s) => {
            let s = s.replace('\'', "''");
            match kind {
                Kind::My => format!("'{}'", s.replace('\\', "\\\\")),
                _ => format!("'{s}'"),
            }
        }
    }
}

/// A column read as text, binary columns as lower-case hex.
fn read_expr(kind: Kind, col: &str, bin: bool) -> String {
    match (bin, kind) {
        (true, Kind::Pg) => format!("encode({col}, 'hex')"),
        (true, _) => format!("LOWER(HEX({col}))"),
        _ => col.to_string(),
    }
}

/// One table's columns in order (upper-case), whether each is binary, and its primary key.
#[derive(Clone, Debug)]
struct Meta {
    cols: Vec<(String, bool)>,
    pk: Vec<String>,
}

fn meta(eng: &Engine, db: &str, table: &str) -> Meta {
    let (cq, pq) = match eng.kind {
        Kind::Pg => (
            format!(
                "SELECT upper(column_name), data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = lower('{table}') ORDER BY ordinal_position"
            ),
            format!(
                "SELECT upper(k.column_name) FROM information_schema.table_constraints c JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema AND k.table_name = c.table_name WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = 'public' AND c.table_name = lower('{table}') ORDER BY k.ordinal_position"
            ),
        ),
        _ => (
            format!(
                "SELECT UPPER(COLUMN_NAME), DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{db}' AND TABLE_NAME = '{table}' ORDER BY ORDINAL_POSITION"
            ),
            format!(
                "SELECT UPPER(COLUMN_NAME) FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = '{db}' AND TABLE_NAME = '{table}' AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION"
            ),
        ),
    };
    let cols = eng
        .query(db, &[cq])
        .into_iter()
        .map(|r| {
            let ty = r[1].clone().unwrap_or_default().to_ascii_lowercase();
            (
                r[0].clone().unwrap_or_default(),
                ty == "bytea" || ty.contains("blob") || ty.contains("binary"),
            )
        })
        .collect();
    let pk = eng
        .query(db, &[pq])
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten())
        .collect();
    Meta { cols, pk }
}

/// The runtime's name of a table's journal or version table: the table name, cut so that it and
/// the suffix stay under 30 characters.
fn formatted(table: &str, suffix: &str) -> String {
    if table.len() + suffix.len() >= 30 {
        format!("{}{suffix}", &table[..30 - suffix.len()])
    } else {
        format!("{table}{suffix}")
    }
}

/// WSO2's sync runtime as its contract describes it, one table at a time: batches of batchSize
/// journal rows after the version table's SYNC_ID, applied as upserts by the target's primary key
/// or as deletes, the version table advanced in the same transaction; a window that comes back
/// empty below the journal's highest SYNC_ID never advances (a gap stalls it).
struct Applier<'a> {
    eng: &'a Engine,
    dbs: &'a Dbs,
    tmp: &'a Path,
    /// Per table: the source's columns (the journal's read list) and the target's metadata.
    tables: Vec<(String, Meta, Meta)>,
    batches: usize,
    rows: usize,
    failures: usize,
}

/// What one `process()` of a table ended with.
#[derive(Debug, PartialEq)]
enum Done {
    /// The journal's highest SYNC_ID is applied.
    CaughtUp,
    /// A window came back empty below the highest SYNC_ID: the runtime never advances (a gap).
    Stalled { at: i64, max: i64 },
    /// A batch failed: rolled back, retried at the next interval.
    Failed(String),
}

impl<'a> Applier<'a> {
    fn new(eng: &'a Engine, dbs: &'a Dbs, tmp: &'a Path) -> Applier<'a> {
        let tables = SYNC
            .iter()
            .map(|t| {
                (
                    t.to_string(),
                    meta(eng, &dbs.src, t),
                    meta(eng, &dbs.tgt, t),
                )
            })
            .collect();
        Applier {
            eng,
            dbs,
            tmp,
            tables,
            batches: 0,
            rows: 0,
            failures: 0,
        }
    }

    /// `getOrInsertDefaultTargetSyncId` for every table at once: each `*_SV`'s row, 0 inserted
    /// into an empty one.
    fn target_sync_ids(&self) -> Vec<i64> {
        let q: Vec<String> = self
            .tables
            .iter()
            .map(|(t, _, _)| format!("SELECT '{t}', SYNC_ID FROM {}", formatted(t, "_SV")))
            .collect();
        let got: BTreeMap<String, i64> = self
            .eng
            .query(&self.dbs.tgt, &q)
            .into_iter()
            .map(|r| {
                (
                    r[0].clone().unwrap(),
                    r[1].as_deref().unwrap().parse().unwrap(),
                )
            })
            .collect();
        let missing: Vec<String> = self
            .tables
            .iter()
            .filter(|(t, _, _)| !got.contains_key(t))
            .map(|(t, _, _)| format!("INSERT INTO {} (SYNC_ID) VALUES (0)", formatted(t, "_SV")))
            .collect();
        if !missing.is_empty() {
            self.eng.query(&self.dbs.tgt, &missing);
        }
        self.tables
            .iter()
            .map(|(t, _, _)| got.get(t).copied().unwrap_or(0))
            .collect()
    }

    /// `SELECT MAX(SYNC_ID)` of every journal at once (None: empty).
    fn max_sync_ids(&self) -> Vec<Option<i64>> {
        let q: Vec<String> = self
            .tables
            .iter()
            .map(|(t, _, _)| format!("SELECT MAX(SYNC_ID) FROM {}", formatted(t, "_S")))
            .collect();
        self.eng
            .query(&self.dbs.src, &q)
            .into_iter()
            .map(|r| r[0].as_deref().map(|x| x.parse().unwrap()))
            .collect()
    }

    /// `process()` of table `i` from its `*_SV` value `v` and the journal's highest SYNC_ID:
    /// batches until one comes back short (or fails).
    fn process(&mut self, i: usize, mut v: i64, max: Option<i64>) -> Done {
        loop {
            let (table, src, tgt) = self.tables[i].clone();
            let journal = formatted(&table, "_S");
            let sv = formatted(&table, "_SV");
            let Some(max) = max.filter(|m| *m > v) else {
                return Done::CaughtUp;
            };
            let read: Vec<String> = src
                .cols
                .iter()
                .map(|(c, bin)| read_expr(self.eng.kind, c, *bin))
                .collect();
            let window = format!(
                "SELECT SYNC_ID, {}, ACTION FROM {journal} WHERE SYNC_ID > {v} AND SYNC_ID < {} ORDER BY SYNC_ID ASC",
                read.join(", "),
                v + BATCH_SIZE + 1
            );
            let rows = self.eng.query(&self.dbs.src, &[window]);
            if rows.is_empty() {
                return Done::Stalled { at: v, max };
            }
            let mut sql = vec![match self.eng.kind {
                Kind::Pg => "BEGIN".to_string(),
                _ => "START TRANSACTION".to_string(),
            }];
            let mut last = v;
            for r in &rows {
                last = r[0].as_deref().unwrap().parse().unwrap();
                let action = r[r.len() - 1].clone().unwrap_or_default();
                // the entry's value of each target column; absent from the entry: NULL
                let value = |col: &str| -> Option<String> {
                    src.cols
                        .iter()
                        .position(|(c, _)| c == col)
                        .and_then(|p| r[p + 1].clone())
                };
                let bin = |col: &str| tgt.cols.iter().any(|(c, b)| c == col && *b);
                let l = |col: &str| lit(self.eng.kind, bin(col), &value(col));
                let key: Vec<String> = tgt
                    .pk
                    .iter()
                    .map(|c| match value(c) {
                        None => format!("{c} IS NULL"),
                        Some(_) => format!("{c} = {}", l(c)),
                    })
                    .collect();
                let key = key.join(" AND ");
                match action.as_str() {
                    "DELETE" => sql.push(format!("DELETE FROM {table} WHERE {key}")),
                    "INSERT" | "UPDATE" => {
                        let set: Vec<String> = tgt
                            .cols
                            .iter()
                            .filter(|(c, _)| !tgt.pk.contains(c))
                            .map(|(c, _)| format!("{c} = {}", l(c)))
                            .collect();
                        if !set.is_empty() {
                            sql.push(format!("UPDATE {table} SET {} WHERE {key}", set.join(", ")));
                        }
                        let cols: Vec<&str> = tgt.cols.iter().map(|(c, _)| c.as_str()).collect();
                        let vals: Vec<String> = cols.iter().map(|c| l(c)).collect();
                        let from = if self.eng.kind == Kind::My {
                            " FROM DUAL"
                        } else {
                            ""
                        };
                        sql.push(format!(
                            "INSERT INTO {table} ({}) SELECT {}{from} WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {key})",
                            cols.join(", "),
                            vals.join(", ")
                        ));
                    }
                    other => panic!("{journal}: SYNC_ID {last}: ACTION {other:?}"),
                }
            }
            sql.push(format!("UPDATE {sv} SET SYNC_ID = {last}"));
            sql.push("COMMIT".into());
            let f = self.tmp.join("batch.sql");
            std::fs::write(&f, sql.join(";\n") + ";\n").unwrap();
            let o = self.eng.run_data(&self.dbs.tgt, &f);
            if !o.status.success() {
                self.failures += 1;
                return Done::Failed(format!("{table} batch after SYNC_ID {v}: {}", describe(&o)));
            }
            self.batches += 1;
            self.rows += rows.len();
            if (rows.len() as i64) < BATCH_SIZE {
                return Done::CaughtUp;
            }
            v = last;
        }
    }

    /// One round over every table (the runtime runs a thread per table; here they take turns in
    /// syncTables' order). Returns each table's outcome and whether every journal's highest
    /// SYNC_ID was already in its `*_SV` when the round began.
    fn round(&mut self) -> (Vec<(String, Done)>, bool) {
        let vs = self.target_sync_ids();
        let maxes = self.max_sync_ids();
        let quiet = vs.iter().zip(&maxes).all(|(v, m)| m.unwrap_or(0) == *v);
        let done = (0..self.tables.len())
            .map(|i| (self.tables[i].0.clone(), self.process(i, vs[i], maxes[i])))
            .collect();
        (done, quiet)
    }
}

// ---------------------------------------------------------------- the DML

const LOB_BYTES: usize = 40_000;

/// `n` bytes of every value, as hex.
fn lob_hex(n: usize, seed: usize) -> String {
    (0..n)
        .map(|i| format!("{:02x}", (i * 7 + i / 256 + seed) % 256))
        .collect()
}

fn token(kind: Kind, id: &str, user: &str, state: &str) -> String {
    format!(
        "INSERT INTO IDN_OAUTH2_ACCESS_TOKEN (TOKEN_ID, ACCESS_TOKEN, REFRESH_TOKEN, CONSUMER_KEY_ID, AUTHZ_USER, TENANT_ID, USER_DOMAIN, USER_TYPE, GRANT_TYPE, TIME_CREATED, REFRESH_TOKEN_TIME_CREATED, VALIDITY_PERIOD, REFRESH_TOKEN_VALIDITY_PERIOD, TOKEN_SCOPE_HASH, TOKEN_STATE, TOKEN_STATE_ID, SUBJECT_IDENTIFIER, ACCESS_TOKEN_HASH, REFRESH_TOKEN_HASH) VALUES ({}, 'at-{id}', 'rt-{id}', 1, {}, -1234, 'PRIMARY', 'APPLICATION_USER', 'password', TIMESTAMP '2020-01-02 03:04:05', TIMESTAMP '2020-01-02 03:04:06', 3600, 86400, 'hash-a', '{state}', 'NONE', {}, 'ath-{id}', 'rth-{id}')",
        lit(kind, false, &Some(id.into())),
        lit(kind, false, &Some(user.into())),
        lit(kind, false, &Some(user.into())),
    )
}

fn scopes(token: &str, names: &[&str]) -> String {
    let v: Vec<String> = names
        .iter()
        .map(|s| format!("('{token}', '{s}', -1234)"))
        .collect();
    format!(
        "INSERT INTO IDN_OAUTH2_ACCESS_TOKEN_SCOPE (TOKEN_ID, TOKEN_SCOPE, TENANT_ID) VALUES {}",
        v.join(", ")
    )
}

fn code(id: &str, state: &str) -> String {
    format!(
        "INSERT INTO IDN_OAUTH2_AUTHORIZATION_CODE (CODE_ID, AUTHORIZATION_CODE, CONSUMER_KEY_ID, CALLBACK_URL, SCOPE, AUTHZ_USER, TENANT_ID, USER_DOMAIN, TIME_CREATED, VALIDITY_PERIOD, STATE, TOKEN_ID, SUBJECT_IDENTIFIER, PKCE_CODE_CHALLENGE, PKCE_CODE_CHALLENGE_METHOD, AUTHORIZATION_CODE_HASH) VALUES ('{id}', 'code-{id}', 1, 'https://app.example.com/cb?a=1&b=''x''', 'openid profile', 'alice', -1234, 'PRIMARY', TIMESTAMP '2021-06-30 23:59:59', 600, '{state}', NULL, 'alice', 'chal', 'S256', 'ch-{id}')"
    )
}

fn sts(kind: Kind, id: u32, hex: &str) -> String {
    format!(
        "INSERT INTO IDN_STS_STORE (ID, TOKEN_ID, TOKEN_CONTENT, CREATE_DATE, EXPIRE_DATE, STATE) VALUES ({id}, 'sts-{id}', {}, TIMESTAMP '2020-01-01 00:00:00', TIMESTAMP '2030-01-01 00:00:00', 0)",
        lit(kind, true, &Some(hex.into()))
    )
}

fn user_rows(from: u32, to: u32, value: &str) -> String {
    let v: Vec<String> = (from..to)
        .map(|i| format!("(-1234, 'user{i}', 'k', '{value}{i}')"))
        .collect();
    format!(
        "INSERT INTO IDN_IDENTITY_USER_DATA (TENANT_ID, USER_NAME, DATA_KEY, DATA_VALUE) VALUES {}",
        v.join(", ")
    )
}

/// Rows there before the sync objects exist (copied by the dump, never journaled).
fn seed(kind: Kind) -> Vec<String> {
    vec![
        "INSERT INTO IDN_OAUTH_CONSUMER_APPS (ID, CONSUMER_KEY, CONSUMER_SECRET, USERNAME, TENANT_ID, APP_NAME) VALUES (1, 'ck-1', 'cs-1', 'admin', -1234, 'app one')".into(),
        user_rows(0, 6, "seed"),
        token(kind, "tok-s1", "alice", "ACTIVE"),
        token(kind, "tok-s2", "bob", "ACTIVE"),
        scopes("tok-s1", &["openid", "profile"]),
        scopes("tok-s2", &["openid"]),
        code("code-s1", "ACTIVE"),
        sts(kind, 1, &lob_hex(100, 1)),
    ]
}

/// DML after the source setup and before the copy: journaled and copied.
fn before_copy(kind: Kind) -> Vec<String> {
    vec![
        user_rows(6, 10, "pre"),
        "UPDATE IDN_IDENTITY_USER_DATA SET DATA_VALUE = 'pre-updated' WHERE USER_NAME IN ('user0', 'user1')".into(),
        "DELETE FROM IDN_IDENTITY_USER_DATA WHERE USER_NAME = 'user2'".into(),
        token(kind, "tok-p1", "carol", "ACTIVE"),
        scopes("tok-p1", &["openid", "email"]),
        "UPDATE IDN_OAUTH2_ACCESS_TOKEN SET TOKEN_STATE = 'REVOKED' WHERE TOKEN_ID = 'tok-s2'".into(),
        code("code-p1", "ACTIVE"),
        sts(kind, 2, &lob_hex(LOB_BYTES, 2)),
    ]
}

/// DML while the applier runs: each inner list is one client call (autocommit per statement).
fn during_sync(kind: Kind) -> Vec<Vec<String>> {
    let uni = "O'Brien \\ Äü";
    vec![
        // multi-row insert, more rows than a batch
        vec![user_rows(10, 25, "live")],
        // multi-row update and delete; NULLs in and out
        vec![
            "UPDATE IDN_IDENTITY_USER_DATA SET DATA_VALUE = NULL WHERE USER_NAME IN ('user10', 'user11', 'user12')".into(),
            format!(
                "UPDATE IDN_IDENTITY_USER_DATA SET DATA_VALUE = {} WHERE USER_NAME IN ('user3', 'user13')",
                lit(kind, false, &Some(uni.into()))
            ),
            "DELETE FROM IDN_IDENTITY_USER_DATA WHERE USER_NAME IN ('user14', 'user15', 'user4')".into(),
        ],
        // primary-key changes: a copied row and a new one
        vec![
            "UPDATE IDN_IDENTITY_USER_DATA SET USER_NAME = 'user5-renamed' WHERE USER_NAME = 'user5'".into(),
            "UPDATE IDN_IDENTITY_USER_DATA SET DATA_KEY = 'k2' WHERE USER_NAME = 'user16'".into(),
            "UPDATE IDN_OAUTH2_AUTHORIZATION_CODE SET CODE_ID = 'code-s1-moved' WHERE CODE_ID = 'code-s1'".into(),
        ],
        // a token with scopes, NULLs; codes
        vec![
            token(kind, "tok-l1", "dave", "ACTIVE"),
            scopes("tok-l1", &["openid", "profile", "email", "phone", "address"]),
            "INSERT INTO IDN_OAUTH2_ACCESS_TOKEN (TOKEN_ID) VALUES ('tok-l2')".into(),
            code("code-l1", "ACTIVE"),
            code("code-l2", "ACTIVE"),
            "UPDATE IDN_OAUTH2_AUTHORIZATION_CODE SET STATE = 'INACTIVE', SCOPE = NULL WHERE CODE_ID IN ('code-l1', 'code-p1')".into(),
        ],
        // LOBs: a big one, an empty one, one changed
        vec![
            sts(kind, 3, &lob_hex(LOB_BYTES, 3)),
            sts(kind, 4, ""),
            format!(
                "UPDATE IDN_STS_STORE SET TOKEN_CONTENT = {}, STATE = 1 WHERE ID = 1",
                lit(kind, true, &Some(lob_hex(LOB_BYTES / 2, 9)))
            ),
            "DELETE FROM IDN_STS_STORE WHERE ID = 2".into(),
        ],
        // parent deletes with children: a copied token with copied scopes, a new token with
        // pending scope rows, and a token with scopes added before the copy
        vec![
            "DELETE FROM IDN_OAUTH2_ACCESS_TOKEN WHERE TOKEN_ID = 'tok-s1'".into(),
            "DELETE FROM IDN_OAUTH2_ACCESS_TOKEN WHERE TOKEN_ID IN ('tok-l1', 'tok-p1')".into(),
            "UPDATE IDN_OAUTH2_ACCESS_TOKEN SET TOKEN_ID = 'tok-l2-moved', AUTHZ_USER = 'erin' WHERE TOKEN_ID = 'tok-l2'".into(),
        ],
        // more after the deletes: the same keys again
        vec![
            token(kind, "tok-l1", "dave", "ACTIVE"),
            scopes("tok-l1", &["openid"]),
            user_rows(14, 16, "again"),
        ],
    ]
}

fn run_sql(eng: &Engine, db: &str, tmp: &Path, name: &str, stmts: &[String]) {
    let f = tmp.join(format!("{name}.sql"));
    std::fs::write(&f, stmts.join(";\n") + ";\n").unwrap();
    let o = eng.run_data(db, &f);
    assert!(o.status.success(), "{name} on {db}: {}", describe(&o));
}

/// Every row of a sync table on the source's columns, sorted.
fn rows(eng: &Engine, db: &str, table: &str, m: &Meta) -> Vec<Row> {
    let cols: Vec<String> = m
        .cols
        .iter()
        .map(|(c, b)| read_expr(eng.kind, c, *b))
        .collect();
    let mut r = eng.query(db, &[format!("SELECT {} FROM {table}", cols.join(", "))]);
    r.sort();
    r
}

/// The monitors' lines: 30's (journal, highest SYNC_ID) and 31's (version table, SYNC_ID), by
/// upper-case name; and 30's gap lines.
fn monitor(out: &str) -> (BTreeMap<String, Option<i64>>, Vec<String>) {
    let mut ids = BTreeMap::new();
    let mut gaps = Vec::new();
    let mut header = String::new();
    for line in out.lines() {
        let f: Vec<&str> = line.split(['|', '\t']).map(str::trim).collect();
        if f.len() < 2 || f[0].starts_with('-') {
            continue;
        }
        if f.iter()
            .any(|x| x.eq_ignore_ascii_case("journal") || x.eq_ignore_ascii_case("version_table"))
        {
            header = f.join(" ").to_ascii_lowercase();
            continue;
        }
        let name = f[0].to_ascii_uppercase();
        if header.contains("max_sync_id") && f.len() >= 4 {
            ids.insert(name, f[3].parse().ok());
        } else if header.starts_with("version_table") {
            ids.insert(name, f[1].parse().ok());
        } else if header.contains("gap") {
            gaps.push(line.to_string());
        }
    }
    (ids, gaps)
}

/// One rehearsal. `Err` names the step that failed (the negative runs expect one).
fn rehearse(kind: Kind, test: &str, tag: &str, fault: Fault) -> Option<Result<(), Failed>> {
    let eng = Engine::get(kind, test)?;
    let d = kind.dialect();
    let schema = fixture(&format!("is-5.7.0/{d}/identity.sql"), test)?;
    let registry = fixture(&format!("is-5.7.0/{d}/registry.sql"), test)?;
    let started = Instant::now();
    let pid = std::process::id();
    let dbs = Dbs {
        src: format!("rb_{pid}_{tag}_is570"),
        tgt: format!("rb_{pid}_{tag}_is590"),
        reg: format!("rb_{pid}_{tag}_reg570"),
    };
    let scratch = Cleanup::scratch(
        &eng,
        format!("ismig-rehearsal-{d}-{tag}-{pid}"),
        vec![dbs.src.clone(), dbs.tgt.clone(), dbs.reg.clone()],
    );
    let tmp = scratch.dir.clone();
    // WSO2's MySQL scripts assume a single-byte default charset (index keys over 3072 bytes)
    for db in [&dbs.src, &dbs.tgt, &dbs.reg] {
        eng.create_db(db, "latin1");
    }
    // the negative runs stop before the runtime: they leave the registry database empty
    let loads: &[(&String, &PathBuf)] = if fault == Fault::None {
        &[(&dbs.src, &schema), (&dbs.reg, &registry)]
    } else {
        &[(&dbs.src, &schema)]
    };
    for (db, file) in loads {
        let o = eng.run_data(db, file);
        assert!(
            o.status.success(),
            "{d}: loading {}: {}",
            file.display(),
            describe(&o)
        );
    }
    run_sql(&eng, &dbs.src, &tmp, "seed", &seed(kind));

    let out = generate(&eng, &tmp, &dbs, &schema);
    let steps = runbook(&out, d);
    assert!(
        steps.iter().any(|s| s.kind == "copy") && steps.iter().any(|s| s.kind == "sync-monitor"),
        "{d}: the runbook has no copy or no sync-monitor step: {steps:#?}"
    );
    let mut ran = Vec::new();
    let mut dml_done = false;
    let mut synced = None;
    let mut monitors: Vec<(String, String)> = Vec::new();
    let mut checked = false;
    for s in &steps {
        if s.skipped {
            continue;
        }
        // the runtime starts with the first monitoring step
        if s.kind == "sync-monitor" && synced.is_none() {
            synced = Some(sync(&eng, &dbs, &tmp, kind));
        }
        // the monitors are read before anything after them (cleanup) changes what they showed
        if !monitors.is_empty() && !checked && s.kind != "sync-monitor" {
            check_monitors(&eng, &dbs, &monitors);
            checked = true;
        }
        let db = match s.database.as_str() {
            "source" => &dbs.src,
            "target" => &dbs.tgt,
            "registry" if fault == Fault::None => &dbs.reg,
            _ => {
                continue;
            }
        };
        if s.kind == "copy" {
            if !dml_done {
                run_sql(&eng, &dbs.src, &tmp, "before-copy", &before_copy(kind));
                dml_done = true;
            }
            let o = eng.dump_restore(&dbs.src, &dbs.tgt, &tmp.join("dump.sql"));
            assert!(
                o.status.success(),
                "{d}: step {} restore: {}",
                s.step,
                describe(&o)
            );
            let harm = damage(kind, fault);
            if !harm.is_empty() {
                run_sql(&eng, &dbs.tgt, &tmp, "damage", &harm);
            }
            ran.push(format!("{}:copy", s.step));
            continue;
        }
        let Some(file) = &s.file else {
            continue;
        };
        if fault == Fault::Skip12 && file.ends_with("/12-sync-target-remove-copied.sql") {
            continue;
        }
        let o = eng.run_script(db, &out.join(file));
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        if !o.status.success() {
            return Some(Err(Failed {
                step: s.step,
                title: s.title.clone(),
                file: file.clone(),
                output: printed,
            }));
        }
        ran.push(format!(
            "{}:{}",
            s.step,
            file.rsplit('/').next().unwrap_or(file)
        ));
        if s.kind == "sync-monitor" {
            monitors.push((file.clone(), printed));
        }
    }
    let (batches, rows) = synced.unwrap_or_else(|| panic!("{d}: no step ran the sync runtime"));
    if !checked {
        check_monitors(&eng, &dbs, &monitors);
    }
    say(&format!(
        "{test}: {} steps run ({}), applier {batches} batches / {rows} journal rows, {:.1} s",
        ran.len(),
        ran.join(" "),
        started.elapsed().as_secs_f64()
    ));
    Some(Ok(()))
}

/// The runtime's window: the applier runs while more DML goes on at the source, then until
/// quiet; then every sync table must hold the same rows on both sides.
fn sync(eng: &Engine, dbs: &Dbs, tmp: &Path, kind: Kind) -> (usize, usize) {
    let d = kind.dialect();
    let mut applier = Applier::new(eng, dbs, tmp);
    let writing = AtomicBool::new(true);
    std::thread::scope(|sc| {
        let writer = sc.spawn(|| {
            for (i, stmts) in during_sync(kind).iter().enumerate() {
                run_sql(eng, &dbs.src, tmp, &format!("live-{i}"), stmts);
                std::thread::sleep(Duration::from_millis(120));
            }
            writing.store(false, Ordering::SeqCst);
        });
        let deadline = Instant::now() + Duration::from_secs(180);
        let mut last_failure: BTreeMap<String, (usize, String)> = BTreeMap::new();
        loop {
            let still_writing = writing.load(Ordering::SeqCst);
            let (outcomes, quiet) = applier.round();
            if !still_writing && quiet {
                break;
            }
            for (t, done) in outcomes {
                match done {
                    Done::Failed(e) => {
                        let n = last_failure.entry(t.clone()).or_insert((0, String::new()));
                        n.0 += 1;
                        n.1 = e;
                        // the runtime retries a failed batch for ever: here, a failure that
                        // persists after the writes ended is the test's failure
                        assert!(
                            still_writing || n.0 < 20,
                            "{d}: the applier keeps failing on {t}: {}",
                            n.1
                        );
                    }
                    Done::Stalled { at, max } if !still_writing => {
                        panic!(
                            "{d}: {t}: the runtime stalls at SYNC_ID {at} (highest {max}): a SYNC_ID gap of batchSize ({BATCH_SIZE}) or more"
                        )
                    }
                    _ => {
                        last_failure.remove(&t);
                    }
                }
            }
            assert!(
                Instant::now() < deadline,
                "{d}: the applier did not catch up in time"
            );
            std::thread::sleep(INTERVAL);
        }
        writer.join().unwrap();
    });
    // every sync table: the same rows on both sides (on the source's columns)
    for (t, src, _) in &applier.tables {
        let a = rows(eng, &dbs.src, t, src);
        let b = rows(eng, &dbs.tgt, t, src);
        if a != b {
            let only = |x: &[Row], y: &[Row]| {
                x.iter()
                    .filter(|r| !y.contains(r))
                    .map(|r| format!("  {r:?}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "{d}: {t} differs between source and target after the sync\n-- only in the source\n{}\n-- only in the target\n{}",
                only(&a, &b),
                only(&b, &a)
            );
        }
        assert!(!a.is_empty(), "{d}: {t} is empty: nothing was compared");
    }
    (applier.batches, applier.rows)
}

/// After the sync: 30's highest SYNC_ID of each journal equals the target's `*_SV` as 31 shows it
/// (and as the target holds it), and 30 lists no gap.
fn check_monitors(eng: &Engine, dbs: &Dbs, printed: &[(String, String)]) {
    let mut ids = BTreeMap::new();
    for (file, out) in printed {
        let (m, gaps) = monitor(out);
        assert!(
            gaps.is_empty(),
            "{file} lists SYNC_ID gaps:\n{}",
            gaps.join("\n")
        );
        ids.extend(m);
    }
    let all = printed
        .iter()
        .map(|(f, o)| format!("-- {f}\n{o}"))
        .collect::<String>();
    let ran_31 = printed.iter().any(|(f, _)| f.contains("/31-"));
    for t in SYNC {
        let (j, sv) = (formatted(t, "_S"), formatted(t, "_SV"));
        let max = ids
            .get(&j)
            .copied()
            .unwrap_or_else(|| panic!("30 shows no line for {j}:\n{all}"));
        assert!(max.is_some_and(|m| m > 0), "{j} journaled nothing:\n{all}");
        let held: Option<i64> = eng
            .query(&dbs.tgt, &[format!("SELECT SYNC_ID FROM {sv}")])
            .into_iter()
            .next()
            .and_then(|r| r[0].as_deref().map(|x| x.parse().unwrap()));
        assert_eq!(
            max, held,
            "{j}'s highest SYNC_ID and the target's {sv} disagree"
        );
        if ran_31 {
            let shown = ids
                .get(&sv)
                .copied()
                .unwrap_or_else(|| panic!("31 shows no line for {sv}:\n{all}"));
            assert_eq!(max, shown, "30 ({j}) and 31 ({sv}) disagree:\n{all}");
        }
    }
}

/// A whole rehearsal that must pass.
fn passes(kind: Kind, test: &str) {
    if let Some(Err(f)) = rehearse(kind, test, "ok", Fault::None) {
        panic!(
            "{}: step {} ({}, {}) failed:\n{}",
            kind.dialect(),
            f.step,
            f.title,
            f.file,
            f.output
        );
    }
}

/// A rehearsal with a fault: 21 (the target check) must stop it, naming what is wrong.
fn stops_at_21(kind: Kind, test: &str, tag: &str, fault: Fault, names: &[&str]) {
    let Some(r) = rehearse(kind, test, tag, fault) else {
        return;
    };
    let f = r
        .err()
        .unwrap_or_else(|| panic!("{}: {fault:?}: the rehearsal passed", kind.dialect()));
    assert!(
        f.file.ends_with("/21-sync-verify-target.sql"),
        "{}: {fault:?}: step {} ({}) failed, not 21:\n{}",
        kind.dialect(),
        f.step,
        f.file,
        f.output
    );
    let up = f.output.to_ascii_uppercase();
    assert!(
        names.iter().any(|n| up.contains(&n.to_ascii_uppercase())),
        "{}: {fault:?}: 21 does not name any of {names:?}:\n{}",
        kind.dialect(),
        f.output
    );
    say(&format!(
        "{test}: 21 stopped the run as it should:\n{}",
        f.output.trim()
    ));
}

/// What 12 removes and 21 names first when it was skipped: the source's triggers on the first
/// sync table.
const COPIED: [&str; 3] = [
    "IDN_IDENTITY_USER_DATA_IT",
    "IDN_IDENTITY_USER_DATA_UT",
    "IDN_IDENTITY_USER_DATA_DT",
];

#[test]
fn postgresql_runbook() {
    passes(Kind::Pg, "postgresql_runbook");
}

#[test]
fn mysql_runbook() {
    passes(Kind::My, "mysql_runbook");
}

#[test]
fn postgresql_runbook_without_12() {
    stops_at_21(
        Kind::Pg,
        "postgresql_runbook_without_12",
        "no12",
        Fault::Skip12,
        &COPIED,
    );
}

#[test]
fn mysql_runbook_without_12() {
    stops_at_21(
        Kind::My,
        "mysql_runbook_without_12",
        "no12",
        Fault::Skip12,
        &COPIED,
    );
}

#[test]
fn postgresql_target_lacks_a_column() {
    let c = format!("{}.{}", DROPPED.0, DROPPED.1);
    stops_at_21(
        Kind::Pg,
        "postgresql_target_lacks_a_column",
        "lack",
        Fault::TargetLacksColumn,
        &[&c],
    );
}

#[test]
fn mysql_target_lacks_a_column() {
    let c = format!("{}.{}", DROPPED.0, DROPPED.1);
    stops_at_21(
        Kind::My,
        "mysql_target_lacks_a_column",
        "lack",
        Fault::TargetLacksColumn,
        &[&c],
    );
}

#[test]
fn postgresql_target_not_null_column() {
    let c = format!("{}.{}", ADDED.0, ADDED.1);
    stops_at_21(
        Kind::Pg,
        "postgresql_target_not_null_column",
        "nn",
        Fault::TargetNotNullColumn,
        &[&c],
    );
}

#[test]
fn mysql_target_not_null_column() {
    let c = format!("{}.{}", ADDED.0, ADDED.1);
    stops_at_21(
        Kind::My,
        "mysql_target_not_null_column",
        "nn",
        Fault::TargetNotNullColumn,
        &[&c],
    );
}
