//! A deterministic, seedable generator of synthetic migration directories, for benchmarks and
//! scale tests: `benches/generate.rs` and `tests/synth_smoke.rs` include this file as their `synth`
//! module (it is not part of the library).
//!
//! [`schema_ddl`] writes `n` tables in one dialect's DDL syntax and client terminators (Oracle and
//! DB2 `/` lines, MySQL `;` with `ENGINE=InnoDB`, the others `;`), with the column mix of an IS
//! identity schema: VARCHAR of many sizes, INTEGER, BIGINT, TIMESTAMP and the dialect's BLOB / CLOB
//! spelling (`BYTEA`/`TEXT` for PostgreSQL, `VARBINARY(MAX)`/`NVARCHAR(MAX)` for SQL Server,
//! `VARCHAR2`/`NUMBER`/`BLOB`/`CLOB` for Oracle, `BLOB(…)`/`CLOB(…)` for DB2), defaults, identity
//! columns, composite primary keys, foreign keys to earlier tables (some `ON DELETE CASCADE`),
//! indexes, and Oracle sequences with their `/`-terminated triggers. [`write_dir`] writes a
//! complete migration directory: `sync.properties` naming every table (one per continuation
//! line), `deployment.toml` with JDBC URLs of a chosen dialect, `migration-config.yaml`,
//! `registry.xml` and `schema/<dialect>.sql`.
//!
//! Table names are `T<6 digits>_<4 letters>` (12 characters): WSO2's 30-character cut never
//! touches `<T>_S`, `<T>_SV`, `<T>_IT` … `<T>_FK<n>`, so every generated name is unique, and none
//! equals a schema table (those have exactly one `_`). Same `(n, seed)`, same bytes.

#![allow(dead_code)] // each including target uses a part

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use ismig::dialect::Dialect;

/// A small deterministic generator (SplitMix64); no dependency, same sequence everywhere.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`; 0 when `n == 0`).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Dialect-neutral column kinds of the generated tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Varchar(u32),
    Integer,
    Bigint,
    Timestamp,
    Blob,
    Clob,
}

/// A generated column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthColumn {
    pub name: String,
    pub kind: Kind,
    pub not_null: bool,
    pub default: Option<&'static str>,
    pub identity: bool,
}

/// A generated foreign key to an earlier table's primary key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthForeignKey {
    pub columns: Vec<String>,
    pub parent: usize,
    pub cascade: bool,
}

/// A generated table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthTable {
    pub name: String,
    pub columns: Vec<SynthColumn>,
    pub primary_key: Vec<String>,
    pub foreign_keys: Vec<SynthForeignKey>,
    pub index: Option<String>,
}

const VARCHAR_SIZES: [u32; 10] = [25, 32, 50, 100, 128, 255, 512, 1024, 2048, 4000];
const WORDS: [&str; 24] = [
    "TENANT_ID",
    "USER_NAME",
    "DATA_KEY",
    "DATA_VALUE",
    "TOKEN_ID",
    "CONSUMER_KEY",
    "CALLBACK_URL",
    "SCOPE",
    "TIME_CREATED",
    "VALIDITY_PERIOD",
    "STATE",
    "USER_DOMAIN",
    "IDP_NAME",
    "CLAIM_URI",
    "ATTR_VALUE",
    "SESSION_ID",
    "APP_NAME",
    "GRANT_TYPE",
    "SUBJECT",
    "HASH",
    "PROPERTY",
    "STATUS",
    "CREATED_AT",
    "CONTENT",
];

/// The name of table `i`: `T000123_ABCD`, the letters drawn from the seed.
pub fn table_name(i: usize, rng: &mut Rng) -> String {
    let mut s = format!("T{:06}_", i % 1_000_000);
    for _ in 0..4 {
        s.push((b'A' + rng.below(26) as u8) as char);
    }
    s
}

/// The dialect-neutral tables for `(n, seed)`.
pub fn tables(n: usize, seed: u64) -> Vec<SynthTable> {
    let mut rng = Rng::new(seed);
    let mut out: Vec<SynthTable> = Vec::with_capacity(n);
    for i in 0..n {
        let name = table_name(i, &mut rng);
        let mut columns: Vec<SynthColumn> = Vec::new();
        let word = |k: usize, rng: &mut Rng| format!("{}_{k}", WORDS[rng.below(WORDS.len())]);
        // primary key: one integer identity, one to three key columns, or a composite mix
        let pk_len = 1 + rng.below(3);
        let identity = pk_len == 1 && rng.chance(30);
        for k in 0..pk_len {
            let kind = if identity || (k == 0 && rng.chance(40)) {
                Kind::Integer
            } else {
                Kind::Varchar(VARCHAR_SIZES[rng.below(6)])
            };
            columns.push(SynthColumn {
                name: if identity {
                    "ID".to_string()
                } else {
                    word(k, &mut rng)
                },
                kind,
                not_null: true,
                default: None,
                identity,
            });
        }
        let primary_key: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        let extra = 2 + rng.below(12);
        for k in pk_len..pk_len + extra {
            let kind = match rng.below(20) {
                0..=9 => Kind::Varchar(VARCHAR_SIZES[rng.below(VARCHAR_SIZES.len())]),
                10..=12 => Kind::Integer,
                13..=14 => Kind::Bigint,
                15..=17 => Kind::Timestamp,
                18 => Kind::Blob,
                _ => Kind::Clob,
            };
            let default = match kind {
                Kind::Integer if rng.chance(30) => Some("0"),
                Kind::Varchar(n) if n >= 25 && rng.chance(15) => Some("'ACTIVE'"),
                _ => None,
            };
            columns.push(SynthColumn {
                name: word(k, &mut rng),
                kind,
                not_null: rng.chance(20),
                default,
                identity: false,
            });
        }
        let mut foreign_keys = Vec::new();
        if i > 0 && rng.chance(25) {
            let parent = rng.below(i);
            let p = &out[parent];
            let mut cols = Vec::new();
            for (j, pk) in p.primary_key.iter().enumerate() {
                let kind = p
                    .columns
                    .iter()
                    .find(|c| c.name == *pk)
                    .map_or(Kind::Integer, |c| c.kind);
                let cname = format!("REF{j}_{pk}");
                cols.push(cname.clone());
                columns.push(SynthColumn {
                    name: cname,
                    kind,
                    not_null: false,
                    default: None,
                    identity: false,
                });
            }
            foreign_keys.push(SynthForeignKey {
                columns: cols,
                parent,
                cascade: rng.chance(70),
            });
        }
        let index = rng
            .chance(30)
            .then(|| format!("IDX_{}", &name[1..7]))
            .filter(|_| columns.len() > pk_len);
        out.push(SynthTable {
            name,
            columns,
            primary_key,
            foreign_keys,
            index,
        });
    }
    out
}

fn type_sql(d: Dialect, k: Kind) -> String {
    use Dialect::*;
    match (d, k) {
        (Oracle, Kind::Varchar(n)) => format!("VARCHAR2({n})"),
        (_, Kind::Varchar(n)) => format!("VARCHAR({n})"),
        (Oracle, Kind::Integer) => "INTEGER".into(),
        (_, Kind::Integer) => "INTEGER".into(),
        (Oracle, Kind::Bigint) => "NUMBER(19)".into(),
        (_, Kind::Bigint) => "BIGINT".into(),
        (Mssql, Kind::Timestamp) => "DATETIME".into(),
        (_, Kind::Timestamp) => "TIMESTAMP".into(),
        (Postgresql, Kind::Blob) => "BYTEA".into(),
        (Mssql, Kind::Blob) => "VARBINARY(MAX)".into(),
        (Db2, Kind::Blob) => "BLOB(2G)".into(),
        (Mysql, Kind::Blob) => "LONGBLOB".into(),
        (_, Kind::Blob) => "BLOB".into(),
        (Postgresql, Kind::Clob) => "TEXT".into(),
        (Mssql, Kind::Clob) => "NVARCHAR(MAX)".into(),
        (Db2, Kind::Clob) => "CLOB(1M)".into(),
        (Mysql, Kind::Clob) => "LONGTEXT".into(),
        (_, Kind::Clob) => "CLOB".into(),
    }
}

fn identity_sql(d: Dialect) -> &'static str {
    match d {
        Dialect::Oracle => "",
        Dialect::Db2 => " GENERATED BY DEFAULT AS IDENTITY",
        Dialect::Mssql => " IDENTITY(1,1)",
        Dialect::Mysql | Dialect::H2 => " AUTO_INCREMENT",
        Dialect::Postgresql => "",
    }
}

/// Ends a statement the way the dialect's client script does (a PL block ends with its own `;`).
fn end(d: Dialect, out: &mut String) {
    match d {
        Dialect::Oracle | Dialect::Db2 => out.push_str("\n/\n\n"),
        _ => out.push_str(";\n\n"),
    }
}

/// The DDL of `tables` in one dialect.
pub fn ddl(d: Dialect, tables: &[SynthTable]) -> String {
    let mut out = String::with_capacity(tables.len() * 700);
    let _ = writeln!(
        out,
        "-- Synthetic IS-like schema ({d}, {} tables), generated by ismig::synth.\n",
        tables.len()
    );
    for t in tables {
        let _ = writeln!(out, "CREATE TABLE {} (", t.name);
        for c in &t.columns {
            let ty = if d == Dialect::Postgresql && c.identity {
                "SERIAL".to_string()
            } else {
                type_sql(d, c.kind)
            };
            let _ = write!(out, "    {} {ty}", c.name);
            if c.identity && d != Dialect::Mssql {
                out.push_str(" NOT NULL");
                out.push_str(identity_sql(d));
            } else if c.identity {
                out.push_str(identity_sql(d));
                out.push_str(" NOT NULL");
            } else {
                if let Some(def) = c.default {
                    let _ = write!(out, " DEFAULT {def}");
                }
                if c.not_null {
                    out.push_str(" NOT NULL");
                }
            }
            out.push_str(",\n");
        }
        let _ = write!(out, "    PRIMARY KEY ({})", t.primary_key.join(", "));
        for fk in &t.foreign_keys {
            let p = &tables[fk.parent];
            let _ = write!(
                out,
                ",\n    FOREIGN KEY ({}) REFERENCES {} ({}){}",
                fk.columns.join(", "),
                p.name,
                p.primary_key.join(", "),
                if fk.cascade { " ON DELETE CASCADE" } else { "" }
            );
        }
        out.push_str("\n)");
        if d == Dialect::Mysql {
            out.push_str(" ENGINE=InnoDB");
        }
        end(d, &mut out);
        if let Some(ix) = &t.index {
            if let Some(c) = t.columns.iter().rev().find(|c| {
                matches!(
                    c.kind,
                    Kind::Varchar(..=255) | Kind::Integer | Kind::Bigint | Kind::Timestamp
                )
            }) {
                let _ = write!(out, "CREATE INDEX {ix} ON {} ({})", t.name, c.name);
                end(d, &mut out);
            }
        }
        if d == Dialect::Oracle && t.columns.iter().any(|c| c.identity) {
            let _ = write!(
                out,
                "CREATE SEQUENCE {0}_SEQ START WITH 1 INCREMENT BY 1 NOCACHE",
                t.name
            );
            end(d, &mut out);
            let _ = write!(
                out,
                "CREATE OR REPLACE TRIGGER {0}_TRIG\n    BEFORE INSERT\n    ON {0}\n    REFERENCING NEW AS NEW\n    FOR EACH ROW\n    BEGIN\n        SELECT {0}_SEQ.nextval INTO :NEW.ID FROM dual;\n    END;",
                t.name
            );
            end(d, &mut out);
        }
    }
    out
}

/// The DDL of `n` tables drawn from `seed`, in one dialect.
pub fn schema_ddl(d: Dialect, n: usize, seed: u64) -> String {
    ddl(d, &tables(n, seed))
}

/// A JDBC URL of `d` for the `source` (old) or target (new) database.
pub fn jdbc_url(d: Dialect, source: bool) -> String {
    let (host, db) = if source {
        ("db-old.example.com", "is570_identity")
    } else {
        ("db-new.example.com", "is590_identity")
    };
    match d {
        Dialect::Oracle => format!("jdbc:oracle:thin:@//{host}:1521/{}", db.to_uppercase()),
        Dialect::Db2 => format!("jdbc:db2://{host}:50000/{}", &db[..5].to_uppercase()),
        Dialect::Mssql => format!("jdbc:sqlserver://{host}:1433;databaseName={db}"),
        Dialect::Mysql => format!("jdbc:mysql://{host}:3306/{db}?useSSL=true"),
        Dialect::Postgresql => format!("jdbc:postgresql://{host}:5432/{db}"),
        Dialect::H2 => format!("jdbc:h2:tcp://{host}/~/{db}"),
    }
}

fn driver(d: Dialect) -> &'static str {
    match d {
        Dialect::Oracle => "oracle.jdbc.OracleDriver",
        Dialect::Db2 => "com.ibm.db2.jcc.DB2Driver",
        Dialect::Mssql => "com.microsoft.sqlserver.jdbc.SQLServerDriver",
        Dialect::Mysql => "com.mysql.jdbc.Driver",
        Dialect::Postgresql => "org.postgresql.Driver",
        Dialect::H2 => "org.h2.Driver",
    }
}

/// `sync.properties` naming every table, one per continuation line.
pub fn sync_properties(tables: &[SynthTable]) -> String {
    let mut out = String::with_capacity(tables.len() * 16 + 256);
    out.push_str("# Synthetic migration generated by ismig::synth.\nsourceVersion=5.7.0\ntargetVersion=5.9.0\nbatchSize=100\nsyncInterval=5000\nsyncTables=");
    for (i, t) in tables.iter().enumerate() {
        if i > 0 {
            out.push_str(",\\\n    ");
        }
        out.push_str(&t.name);
    }
    out.push_str("\nidentitySchema=jdbc/WSO2IdentityDBSource,jdbc/WSO2IdentityDBTarget\n");
    out
}

/// `deployment.toml` with the source and target datasources in `jdbc`'s URL syntax.
pub fn deployment_toml(jdbc: Dialect) -> String {
    let mut out = String::from("[server]\nhostname = \"is.example.com\"\n");
    for (id, source) in [
        ("WSO2IdentityDBSource", true),
        ("WSO2IdentityDBTarget", false),
    ] {
        let _ = write!(
            out,
            "\n[[datasource]]\nid = \"{id}\"\nurl = \"{}\"\nusername = \"wso2sync\"\npassword = \"$env{{IS_DB_PASSWORD}}\"\ndriver = \"{}\"\n",
            jdbc_url(jdbc, source),
            driver(jdbc)
        );
    }
    out
}

const MIGRATION_CONFIG: &str = "migrationEnable: \"true\"\ncurrentVersion: \"5.7.0\"\nmigrateVersion: \"5.9.0\"\ncontinueOnError: \"false\"\nbatchUpdate: \"true\"\nignoreForInactiveTenants: \"false\"\nmigrateTenantRange: \"false\"\nmigrationStartingTenantID: \"0\"\nmigrationEndingTenantID: \"0\"\nversions:\n -\n  version: \"5.8.0\"\n  migratorConfigs:\n   -\n    name: \"SchemaMigrator\"\n    order: 1\n    parameters:\n      location: \"step1\"\n      schema: \"identity\"\n -\n  version: \"5.9.0\"\n  migratorConfigs:\n   -\n    name: \"SchemaMigrator\"\n    order: 1\n    parameters:\n      location: \"step1\"\n      schema: \"identity\"\n";

/// Writes a complete migration directory of `n` tables into `dir` (created if missing):
/// `schema/<d>.sql` for each of `dialects`, JDBC URLs of `jdbc`.
pub fn write_dir(
    dir: &Path,
    n: usize,
    seed: u64,
    dialects: &[Dialect],
    jdbc: Dialect,
) -> io::Result<()> {
    let tables = tables(n, seed);
    std::fs::create_dir_all(dir.join("schema"))?;
    std::fs::write(dir.join("sync.properties"), sync_properties(&tables))?;
    std::fs::write(dir.join("deployment.toml"), deployment_toml(jdbc))?;
    std::fs::write(dir.join("migration-config.yaml"), MIGRATION_CONFIG)?;
    for d in dialects {
        std::fs::write(
            dir.join("schema").join(format!("{d}.sql")),
            ddl(*d, &tables),
        )?;
    }
    Ok(())
}
