//! The IS 5.9.0 migration scripts on real engines. PostgreSQL, MariaDB and H2: the WSO2 5.7.0
//! registry schema is loaded, versioned rows of two tenants with overlapping ids are inserted,
//! `01-registry-versioning-cleanup.sql` runs through the real client and the resulting rows are
//! compared exactly; `03-new-tables-5.9.0.sql` runs twice on the 5.7.0 identity schema and the new
//! tables' columns, types, nullability, primary keys and index must equal those WSO2's own 5.9.0
//! script creates in the same engine. DB2 files go through the structural checks of
//! `../shared/engines/validate-offline.sh`; Oracle and SQL Server files through the deep parsers
//! (`tests/deep_check.rs`).
//!
//! Engines come from ISMIG_PG, ISMIG_MYSQL, ISMIG_H2 ("127.0.0.1:port") and ISMIG_H2_JAR; with
//! ISMIG_REQUIRE_ENGINES=1 a missing engine fails, otherwise the test prints why it skips. The
//! WSO2 fixtures live in `../shared/fixtures` (beside the crate); missing fixtures fail when CI is
//! set and skip otherwise. Every database created here is named `mig_…` and dropped afterwards.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn require_engines() -> bool {
    std::env::var("ISMIG_REQUIRE_ENGINES").is_ok_and(|v| v == "1")
}

fn engine_addr(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(v) if !v.trim().is_empty() => Some(v.trim().to_string()),
        _ => {
            assert!(
                !require_engines(),
                "{var} is not set and ISMIG_REQUIRE_ENGINES=1"
            );
            eprintln!("skip: {var} is not set (no engine to run on)");
            None
        }
    }
}

fn fixture(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/wso2")
        .join(rel);
    if p.is_file() {
        Some(p)
    } else {
        assert!(
            std::env::var("CI").is_err(),
            "fixture {rel} is missing and CI is set"
        );
        eprintln!("skip: fixture {rel} is missing");
        None
    }
}

/// Generates the example with every dialect into a temporary directory.
fn generate() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ex = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/is-5.7.0-to-5.9.0");
    let out = dir.path().join("out");
    let args: Vec<String> = [
        "ismig",
        "generate",
        ex.to_str().unwrap(),
        "--dialect",
        "all",
        "--db2-schema",
        "IS590",
        "--out",
        out.to_str().unwrap(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let code = ismig::cli::run(&args, Default::default(), &mut o, &mut e);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&e));
    dir
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Pg,
    Maria,
    H2,
}

struct Db {
    kind: Kind,
    host: String,
    port: String,
    name: String,
    jar: String,
}

fn out(mut c: Command, what: &str) -> String {
    let o = c.stdin(Stdio::null()).output().unwrap();
    assert!(
        o.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).to_string()
}

impl Db {
    fn new(kind: Kind, addr: &str, tag: &str) -> Db {
        let (host, port) = addr.rsplit_once(':').unwrap_or((addr, ""));
        let db = Db {
            kind,
            host: host.to_string(),
            port: port.to_string(),
            name: format!("mig_{}_{tag}", std::process::id()),
            jar: std::env::var("ISMIG_H2_JAR").unwrap_or_else(|_| "h2.jar".to_string()),
        };
        match kind {
            Kind::Pg => {
                let mut c = db.psql("postgres");
                c.args(["-c", &format!("CREATE DATABASE {}", db.name)]);
                out(c, "create database");
            }
            Kind::Maria => {
                let mut c = db.maria(None);
                // WSO2's MySQL scripts assume a single-byte default charset (their index keys
                // overflow InnoDB's 3072-byte limit in utf8mb4)
                c.args([
                    "-e",
                    &format!("CREATE DATABASE {} CHARACTER SET latin1", db.name),
                ]);
                out(c, "create database");
            }
            Kind::H2 => {}
        }
        db
    }

    fn psql(&self, dbname: &str) -> Command {
        let mut c = Command::new("psql");
        c.args([
            "-X", "-q", "-h", &self.host, "-p", &self.port, "-U", "postgres", "-d", dbname,
        ]);
        c
    }

    fn maria(&self, dbname: Option<&str>) -> Command {
        let mut c = Command::new("mariadb");
        c.args([
            "--no-defaults",
            "--protocol=tcp",
            "-h",
            &self.host,
            "-P",
            &self.port,
            "-u",
            "root",
        ]);
        if let Some(d) = dbname {
            c.arg(d);
        }
        c
    }

    fn h2_url(&self, extra: &str) -> String {
        format!(
            "jdbc:h2:tcp://{}:{}/mem:{};DB_CLOSE_DELAY=-1{extra}",
            self.host, self.port, self.name
        )
    }

    /// Runs a script through the dialect's client; `lenient` only for loading WSO2's H2 1.4
    /// scripts into an H2 2.x server (a few of their statements are rejected there).
    fn run(&self, file: &Path, lenient: bool) -> std::process::Output {
        match self.kind {
            Kind::Pg => {
                let mut c = self.psql(&self.name);
                c.args(["-v", "ON_ERROR_STOP=1", "-f", file.to_str().unwrap()]);
                c.stdin(Stdio::null()).output().unwrap()
            }
            Kind::Maria => {
                let mut c = self.maria(Some(&self.name));
                c.stdin(std::fs::File::open(file).unwrap());
                c.output().unwrap()
            }
            Kind::H2 => {
                let url = self.h2_url(if lenient { ";NON_KEYWORDS=VALUE" } else { "" });
                let mut c = Command::new("java");
                c.args([
                    "-cp",
                    &self.jar,
                    "org.h2.tools.RunScript",
                    "-url",
                    &url,
                    "-user",
                    "sa",
                ]);
                if lenient {
                    c.arg("-continueOnError");
                }
                c.args(["-script", file.to_str().unwrap()]);
                c.stdin(Stdio::null()).output().unwrap()
            }
        }
    }

    fn run_ok(&self, file: &Path, lenient: bool) {
        let o = self.run(file, lenient);
        assert!(
            o.status.success(),
            "{} failed on {}: {}\n{}",
            file.display(),
            self.name,
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }

    fn run_sql(&self, sql: &str) {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), sql).unwrap();
        self.run_ok(f.path(), false);
    }

    /// Rows of a query, columns joined by `|`.
    fn query(&self, sql: &str) -> Vec<String> {
        match self.kind {
            Kind::Pg => {
                let mut c = self.psql(&self.name);
                c.args(["-A", "-t", "-F", "|", "-c", sql]);
                out(c, sql).lines().map(str::to_string).collect()
            }
            Kind::Maria => {
                let mut c = self.maria(Some(&self.name));
                c.args(["-N", "-B", "-e", sql]);
                out(c, sql).lines().map(|l| l.replace('\t', "|")).collect()
            }
            Kind::H2 => {
                let mut c = Command::new("java");
                c.args([
                    "-cp",
                    &self.jar,
                    "org.h2.tools.Shell",
                    "-url",
                    &self.h2_url(""),
                    "-user",
                    "sa",
                    "-sql",
                    sql,
                ]);
                out(c, sql)
                    .lines()
                    .skip(1)
                    .take_while(|l| !l.starts_with('('))
                    .map(|l| l.split(" | ").map(str::trim).collect::<Vec<_>>().join("|"))
                    .collect()
            }
        }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let _ = match self.kind {
            Kind::Pg => self
                .psql("postgres")
                .args(["-c", &format!("DROP DATABASE IF EXISTS {}", self.name)])
                .output(),
            Kind::Maria => self
                .maria(None)
                .args(["-e", &format!("DROP DATABASE IF EXISTS {}", self.name)])
                .output(),
            Kind::H2 => Command::new("java")
                .args([
                    "-cp",
                    &self.jar,
                    "org.h2.tools.Shell",
                    "-url",
                    &self.h2_url(""),
                    "-user",
                    "sa",
                    "-sql",
                    "SHUTDOWN",
                ])
                .output(),
        };
    }
}

/// Two tenants (-1234 and 1) whose path ids, resource versions and tag/comment/rating/property ids
/// overlap. Tenant -1234: res-a current v10 (older v9), res-b v11. Tenant 1: res-x v10 only, so its
/// rows at v11 are history even though tenant -1234 has a v11.
const REGISTRY_DATA: &str = "
INSERT INTO REG_PATH (REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID) VALUES (1, '/', -1, -1234);
INSERT INTO REG_PATH (REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID) VALUES (2, '/_system/config', 1, -1234);
INSERT INTO REG_PATH (REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID) VALUES (1, '/', -1, 1);
INSERT INTO REG_PATH (REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID) VALUES (2, '/_system/config', 1, 1);
INSERT INTO REG_RESOURCE (REG_PATH_ID, REG_NAME, REG_VERSION, REG_CREATOR, REG_CREATED_TIME, REG_LAST_UPDATED_TIME, REG_TENANT_ID, REG_UUID) VALUES (2, 'res-a', 10, 'admin', TIMESTAMP '2020-01-01 00:00:00', TIMESTAMP '2020-01-01 00:00:00', -1234, 'u1');
INSERT INTO REG_RESOURCE (REG_PATH_ID, REG_NAME, REG_VERSION, REG_CREATOR, REG_CREATED_TIME, REG_LAST_UPDATED_TIME, REG_TENANT_ID, REG_UUID) VALUES (2, 'res-b', 11, 'admin', TIMESTAMP '2020-01-01 00:00:00', TIMESTAMP '2020-01-01 00:00:00', -1234, 'u2');
INSERT INTO REG_RESOURCE (REG_PATH_ID, REG_NAME, REG_VERSION, REG_CREATOR, REG_CREATED_TIME, REG_LAST_UPDATED_TIME, REG_TENANT_ID, REG_UUID) VALUES (1, 'res-x', 10, 'admin', TIMESTAMP '2020-01-01 00:00:00', TIMESTAMP '2020-01-01 00:00:00', 1, 'u3');
INSERT INTO REG_TAG (REG_ID, REG_TAG_NAME, REG_USER_ID, REG_TAGGED_TIME, REG_TENANT_ID) VALUES (1, 'current', 'admin', TIMESTAMP '2020-01-01 00:00:00', -1234);
INSERT INTO REG_TAG (REG_ID, REG_TAG_NAME, REG_USER_ID, REG_TAGGED_TIME, REG_TENANT_ID) VALUES (2, 'old', 'admin', TIMESTAMP '2020-01-01 00:00:00', -1234);
INSERT INTO REG_TAG (REG_ID, REG_TAG_NAME, REG_USER_ID, REG_TAGGED_TIME, REG_TENANT_ID) VALUES (3, 'unused', 'admin', TIMESTAMP '2020-01-01 00:00:00', -1234);
INSERT INTO REG_TAG (REG_ID, REG_TAG_NAME, REG_USER_ID, REG_TAGGED_TIME, REG_TENANT_ID) VALUES (4, 'by-path', 'admin', TIMESTAMP '2020-01-01 00:00:00', -1234);
INSERT INTO REG_TAG (REG_ID, REG_TAG_NAME, REG_USER_ID, REG_TAGGED_TIME, REG_TENANT_ID) VALUES (1, 't1-current', 'bob', TIMESTAMP '2020-01-01 00:00:00', 1);
INSERT INTO REG_TAG (REG_ID, REG_TAG_NAME, REG_USER_ID, REG_TAGGED_TIME, REG_TENANT_ID) VALUES (2, 't1-old', 'bob', TIMESTAMP '2020-01-01 00:00:00', 1);
INSERT INTO REG_RESOURCE_TAG (REG_TAG_ID, REG_VERSION, REG_PATH_ID, REG_RESOURCE_NAME, REG_TENANT_ID) VALUES (1, 10, NULL, NULL, -1234);
INSERT INTO REG_RESOURCE_TAG (REG_TAG_ID, REG_VERSION, REG_PATH_ID, REG_RESOURCE_NAME, REG_TENANT_ID) VALUES (2, 9, NULL, NULL, -1234);
INSERT INTO REG_RESOURCE_TAG (REG_TAG_ID, REG_VERSION, REG_PATH_ID, REG_RESOURCE_NAME, REG_TENANT_ID) VALUES (4, NULL, 2, 'res-b', -1234);
INSERT INTO REG_RESOURCE_TAG (REG_TAG_ID, REG_VERSION, REG_PATH_ID, REG_RESOURCE_NAME, REG_TENANT_ID) VALUES (1, 10, NULL, NULL, 1);
INSERT INTO REG_RESOURCE_TAG (REG_TAG_ID, REG_VERSION, REG_PATH_ID, REG_RESOURCE_NAME, REG_TENANT_ID) VALUES (2, 11, NULL, NULL, 1);
INSERT INTO REG_COMMENT (REG_ID, REG_COMMENT_TEXT, REG_USER_ID, REG_COMMENTED_TIME, REG_TENANT_ID) VALUES (1, 'on b', 'admin', TIMESTAMP '2020-01-01 00:00:00', -1234);
INSERT INTO REG_COMMENT (REG_ID, REG_COMMENT_TEXT, REG_USER_ID, REG_COMMENTED_TIME, REG_TENANT_ID) VALUES (2, 'on old a', 'admin', TIMESTAMP '2020-01-01 00:00:00', -1234);
INSERT INTO REG_COMMENT (REG_ID, REG_COMMENT_TEXT, REG_USER_ID, REG_COMMENTED_TIME, REG_TENANT_ID) VALUES (1, 'on x', 'bob', TIMESTAMP '2020-01-01 00:00:00', 1);
INSERT INTO REG_RESOURCE_COMMENT (REG_COMMENT_ID, REG_VERSION, REG_TENANT_ID) VALUES (1, 11, -1234);
INSERT INTO REG_RESOURCE_COMMENT (REG_COMMENT_ID, REG_VERSION, REG_TENANT_ID) VALUES (2, 9, -1234);
INSERT INTO REG_RESOURCE_COMMENT (REG_COMMENT_ID, REG_VERSION, REG_TENANT_ID) VALUES (1, 10, 1);
INSERT INTO REG_RATING (REG_ID, REG_RATING, REG_USER_ID, REG_RATED_TIME, REG_TENANT_ID) VALUES (1, 5, 'admin', TIMESTAMP '2020-01-01 00:00:00', -1234);
INSERT INTO REG_RATING (REG_ID, REG_RATING, REG_USER_ID, REG_RATED_TIME, REG_TENANT_ID) VALUES (1, 2, 'bob', TIMESTAMP '2020-01-01 00:00:00', 1);
INSERT INTO REG_RATING (REG_ID, REG_RATING, REG_USER_ID, REG_RATED_TIME, REG_TENANT_ID) VALUES (2, 4, 'bob', TIMESTAMP '2020-01-01 00:00:00', 1);
INSERT INTO REG_RESOURCE_RATING (REG_RATING_ID, REG_VERSION, REG_TENANT_ID) VALUES (1, 10, -1234);
INSERT INTO REG_RESOURCE_RATING (REG_RATING_ID, REG_VERSION, REG_TENANT_ID) VALUES (1, 11, 1);
INSERT INTO REG_RESOURCE_RATING (REG_RATING_ID, REG_VERSION, REG_TENANT_ID) VALUES (2, 10, 1);
INSERT INTO REG_PROPERTY (REG_ID, REG_NAME, REG_VALUE, REG_TENANT_ID) VALUES (1, 'p', 'now', -1234);
INSERT INTO REG_PROPERTY (REG_ID, REG_NAME, REG_VALUE, REG_TENANT_ID) VALUES (2, 'p', 'before', -1234);
INSERT INTO REG_PROPERTY (REG_ID, REG_NAME, REG_VALUE, REG_TENANT_ID) VALUES (1, 'q', 'x1', 1);
INSERT INTO REG_PROPERTY (REG_ID, REG_NAME, REG_VALUE, REG_TENANT_ID) VALUES (2, 'r', 'x2', 1);
INSERT INTO REG_PROPERTY (REG_ID, REG_NAME, REG_VALUE, REG_TENANT_ID) VALUES (3, 'q', 'x-old', 1);
INSERT INTO REG_RESOURCE_PROPERTY (REG_PROPERTY_ID, REG_VERSION, REG_TENANT_ID) VALUES (1, 10, -1234);
INSERT INTO REG_RESOURCE_PROPERTY (REG_PROPERTY_ID, REG_VERSION, REG_TENANT_ID) VALUES (2, 9, -1234);
INSERT INTO REG_RESOURCE_PROPERTY (REG_PROPERTY_ID, REG_VERSION, REG_TENANT_ID) VALUES (1, 10, 1);
INSERT INTO REG_RESOURCE_PROPERTY (REG_PROPERTY_ID, REG_VERSION, REG_TENANT_ID) VALUES (2, 10, 1);
INSERT INTO REG_RESOURCE_PROPERTY (REG_PROPERTY_ID, REG_VERSION, REG_TENANT_ID) VALUES (3, 11, 1);
";

fn assoc(db: &Db, table: &str, id: &str) -> Vec<String> {
    db.query(&format!(
        "SELECT REG_TENANT_ID, {id}, COALESCE(REG_VERSION, -1), COALESCE(REG_PATH_ID, -1), COALESCE(REG_RESOURCE_NAME, '-') FROM {table} ORDER BY 1, 2"
    ))
}

fn ids(db: &Db, table: &str) -> Vec<String> {
    db.query(&format!(
        "SELECT REG_TENANT_ID, REG_ID FROM {table} ORDER BY 1, 2"
    ))
}

fn v(rows: &[&str]) -> Vec<String> {
    rows.iter().map(|s| s.to_string()).collect()
}

fn registry_cleanup(kind: Kind, addr: &str, dialect: &str, out: &Path) {
    let Some(schema) = fixture(&format!("is-5.7.0/{dialect}/registry.sql")) else {
        return;
    };
    let db = Db::new(kind, addr, "reg");
    db.run_ok(&schema, false);
    db.run_sql(REGISTRY_DATA);
    let resources_before = db.query(
        "SELECT REG_TENANT_ID, REG_VERSION, REG_PATH_ID, REG_NAME FROM REG_RESOURCE ORDER BY 1, 2",
    );
    let paths_before = db.query("SELECT REG_TENANT_ID, REG_PATH_ID FROM REG_PATH ORDER BY 1, 2");
    let script = out.join(dialect).join("01-registry-versioning-cleanup.sql");
    db.run_ok(&script, false);
    let check = |db: &Db| {
        assert_eq!(
            assoc(db, "REG_RESOURCE_TAG", "REG_TAG_ID"),
            v(&["-1234|1|10|2|res-a", "-1234|4|-1|2|res-b", "1|1|10|1|res-x"]),
            "{dialect} tags"
        );
        assert_eq!(
            ids(db, "REG_TAG"),
            v(&["-1234|1", "-1234|4", "1|1"]),
            "{dialect} REG_TAG"
        );
        assert_eq!(
            assoc(db, "REG_RESOURCE_COMMENT", "REG_COMMENT_ID"),
            v(&["-1234|1|11|2|res-b", "1|1|10|1|res-x"]),
            "{dialect} comments"
        );
        assert_eq!(
            ids(db, "REG_COMMENT"),
            v(&["-1234|1", "1|1"]),
            "{dialect} REG_COMMENT"
        );
        assert_eq!(
            assoc(db, "REG_RESOURCE_RATING", "REG_RATING_ID"),
            v(&["-1234|1|10|2|res-a", "1|2|10|1|res-x"]),
            "{dialect} ratings"
        );
        assert_eq!(
            ids(db, "REG_RATING"),
            v(&["-1234|1", "1|2"]),
            "{dialect} REG_RATING"
        );
        assert_eq!(
            assoc(db, "REG_RESOURCE_PROPERTY", "REG_PROPERTY_ID"),
            v(&["-1234|1|10|2|res-a", "1|1|10|1|res-x", "1|2|10|1|res-x"]),
            "{dialect} properties"
        );
        assert_eq!(
            ids(db, "REG_PROPERTY"),
            v(&["-1234|1", "1|1", "1|2"]),
            "{dialect} REG_PROPERTY"
        );
        assert_eq!(
            db.query("SELECT REG_TENANT_ID, REG_VERSION, REG_PATH_ID, REG_NAME FROM REG_RESOURCE ORDER BY 1, 2"),
            resources_before
        );
        assert_eq!(
            db.query("SELECT REG_TENANT_ID, REG_PATH_ID FROM REG_PATH ORDER BY 1, 2"),
            paths_before
        );
    };
    check(&db);
    // a second run changes nothing
    db.run_ok(&script, false);
    check(&db);
}

/// A copy of a script without its wrong-target guard (it names the example's database, and the
/// test databases are `mig_…`): the guard is the first statement after a `-- wrong-target guard`
/// comment, up to the blank line that follows every statement.
fn without_guard(file: &Path) -> tempfile::NamedTempFile {
    let text = std::fs::read_to_string(file).unwrap();
    let mut keep = Vec::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with("-- wrong-target guard") {
            skipping = true;
        }
        if !skipping {
            keep.push(line);
        }
        // the formatter separates statements by a blank line: the guard ends at the first one
        if skipping && line.trim().is_empty() {
            skipping = false;
        }
    }
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), keep.join("\n") + "\n").unwrap();
    f
}

const NEW_TABLES: &str = "'FIDO2_DEVICE_STORE', 'IDN_AUTH_SESSION_APP_INFO', 'IDN_AUTH_SESSION_META_DATA', 'IDN_FUNCTION_LIBRARY'";

fn catalog(db: &Db) -> Vec<String> {
    let schema = match db.kind {
        Kind::Pg => "current_schema",
        Kind::Maria => "DATABASE()",
        Kind::H2 => "'PUBLIC'",
    };
    let mut rows = db.query(&format!(
        "SELECT UPPER(TABLE_NAME), UPPER(COLUMN_NAME), ORDINAL_POSITION, UPPER(DATA_TYPE), COALESCE(CHARACTER_MAXIMUM_LENGTH, -1), IS_NULLABLE \
         FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = {schema} AND UPPER(TABLE_NAME) IN ({NEW_TABLES}) ORDER BY 1, 3"
    ));
    rows.extend(db.query(&format!(
        "SELECT 'PK', UPPER(k.TABLE_NAME), UPPER(k.COLUMN_NAME), k.ORDINAL_POSITION FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE k \
         JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS t ON t.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND t.TABLE_SCHEMA = k.TABLE_SCHEMA AND t.TABLE_NAME = k.TABLE_NAME \
         WHERE t.CONSTRAINT_TYPE = 'PRIMARY KEY' AND k.TABLE_SCHEMA = {schema} AND UPPER(k.TABLE_NAME) IN ({NEW_TABLES}) ORDER BY 2, 4"
    )));
    rows.extend(db.query(match db.kind {
        Kind::Pg => "SELECT 'IDX', indexdef FROM pg_indexes WHERE indexname = 'idx_fido2_str'",
        Kind::Maria => "SELECT 'IDX', COLUMN_NAME, SEQ_IN_INDEX FROM INFORMATION_SCHEMA.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'IDX_FIDO2_STR' ORDER BY 3",
        Kind::H2 => "SELECT 'IDX', COLUMN_NAME, ORDINAL_POSITION FROM INFORMATION_SCHEMA.INDEX_COLUMNS WHERE INDEX_NAME = 'IDX_FIDO2_STR' ORDER BY 3",
    }));
    rows
}

fn new_tables(kind: Kind, addr: &str, dialect: &str, out: &Path) {
    let (Some(old), Some(new)) = (
        fixture(&format!("is-5.7.0/{dialect}/identity.sql")),
        fixture(&format!("is-5.9.0/{dialect}/identity.sql")),
    ) else {
        return;
    };
    let lenient = kind == Kind::H2;
    let reference = Db::new(kind, addr, "ref");
    if lenient {
        let _ = reference.run(&new, true);
    } else {
        reference.run_ok(&new, false);
    }
    let want = catalog(&reference);
    drop(reference);
    assert!(
        want.iter()
            .filter(|r| r.starts_with("FIDO2_DEVICE_STORE|"))
            .count()
            == 9,
        "{dialect}: {want:?}"
    );

    let db = Db::new(kind, addr, "new");
    if lenient {
        let _ = db.run(&old, true);
    } else {
        db.run_ok(&old, false);
    }
    assert!(
        catalog(&db).iter().all(|r| !r.starts_with("FIDO2")),
        "{dialect}: 5.7.0 already has the tables"
    );
    let script = without_guard(&out.join(dialect).join("03-new-tables-5.9.0.sql"));
    db.run_ok(script.path(), false);
    db.run_ok(script.path(), false);
    assert_eq!(
        catalog(&db),
        want,
        "{dialect}: new tables differ from WSO2's 5.9.0 script"
    );
}

#[test]
fn postgresql() {
    let Some(addr) = engine_addr("ISMIG_PG") else {
        return;
    };
    let out = generate();
    let out = out.path().join("out");
    registry_cleanup(Kind::Pg, &addr, "postgresql", &out);
    new_tables(Kind::Pg, &addr, "postgresql", &out);
}

#[test]
fn mariadb() {
    let Some(addr) = engine_addr("ISMIG_MYSQL") else {
        return;
    };
    let out = generate();
    let out = out.path().join("out");
    registry_cleanup(Kind::Maria, &addr, "mysql", &out);
    new_tables(Kind::Maria, &addr, "mysql", &out);
}

#[test]
fn h2() {
    let Some(addr) = engine_addr("ISMIG_H2") else {
        return;
    };
    if std::env::var("ISMIG_H2_JAR").is_err() {
        assert!(
            !require_engines(),
            "ISMIG_H2_JAR is not set and ISMIG_REQUIRE_ENGINES=1"
        );
        eprintln!("skip: ISMIG_H2_JAR is not set");
        return;
    }
    let out = generate();
    let out = out.path().join("out");
    registry_cleanup(Kind::H2, &addr, "h2", &out);
    new_tables(Kind::H2, &addr, "h2", &out);
}

#[test]
fn offline_validation_db2() {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/engines/validate-offline.sh");
    if !script.is_file() {
        assert!(
            std::env::var("CI").is_err() && !require_engines(),
            "validate-offline.sh is missing"
        );
        eprintln!("skip: {} is missing", script.display());
        return;
    }
    let dir = generate();
    let out = dir.path().join("out");
    for (tool, dialect, files) in [(
        "db2",
        "db2",
        vec![
            "01-registry-versioning-cleanup.sql",
            "02-db2-move-oauth2-tables.sql",
            "03-new-tables-5.9.0.sql",
        ],
    )] {
        // The validator does not parse client commands (SQL*Plus WHENEVER/SET, sqlcmd `:on error
        // exit`, SQL*Plus EXIT): the client profile's header and footer lines are left out of the
        // copies it checks.
        let client = ismig::dialect::Dialect::from_name(dialect)
            .unwrap()
            .rules()
            .default_client();
        let copies = tempfile::tempdir().unwrap();
        let mut c = Command::new("bash");
        c.arg(&script).arg(tool);
        for f in files {
            let text = std::fs::read_to_string(out.join(dialect).join(f)).unwrap();
            let kept: Vec<&str> = text
                .lines()
                .filter(|l| !client.header.contains(l) && !client.footer.contains(l))
                .collect();
            let copy = copies.path().join(f);
            std::fs::write(&copy, kept.join("\n") + "\n").unwrap();
            c.arg(copy);
        }
        let o = c.stdin(Stdio::null()).output().unwrap();
        if o.status.code() == Some(2) && !require_engines() && std::env::var("CI").is_err() {
            eprintln!(
                "skip: validate-offline.sh cannot run here: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            continue;
        }
        assert!(
            o.status.success(),
            "{tool}: {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
}
