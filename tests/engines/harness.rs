//! The engines and their real clients: psql, mariadb, H2 RunScript (plus a small JDBC reader for
//! H2 results). Every call goes through the command line a DBA would type.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// One row read back: `None` is SQL NULL.
pub type Row = Vec<Option<String>>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Pg,
    My,
    H2,
}

impl Kind {
    pub fn dialect(self) -> &'static str {
        match self {
            Kind::Pg => "postgresql",
            Kind::My => "mysql",
            Kind::H2 => "h2",
        }
    }
    pub fn short(self) -> &'static str {
        match self {
            Kind::Pg => "pg",
            Kind::My => "my",
            Kind::H2 => "h2",
        }
    }
    fn env_var(self) -> &'static str {
        match self {
            Kind::Pg => "ISMIG_PG",
            Kind::My => "ISMIG_MYSQL",
            Kind::H2 => "ISMIG_H2",
        }
    }
}

/// Writes straight to the process's stderr (not captured by the test harness), so CI logs show it.
pub fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "[engines] {msg}");
}

pub fn required() -> bool {
    std::env::var("ISMIG_REQUIRE_ENGINES").is_ok_and(|v| v == "1")
}

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Skips (prints the reason, `None`) or, under ISMIG_REQUIRE_ENGINES=1, fails.
pub fn skip_or_fail<T>(test: &str, reason: String) -> Option<T> {
    if required() {
        panic!("{test}: {reason} (ISMIG_REQUIRE_ENGINES=1: a missing engine is a failure)");
    }
    say(&format!("SKIPPED {test}: {reason}"));
    None
}

pub struct Engine {
    pub kind: Kind,
    pub host: String,
    pub port: String,
    h2_jar: String,
}

impl Engine {
    /// The engine named by its environment variable, reachable, with its client installed.
    pub fn get(kind: Kind, test: &str) -> Option<Engine> {
        let var = kind.env_var();
        let Ok(addr) = std::env::var(var) else {
            return skip_or_fail(test, format!("{var} is not set (run ci/engines.sh up)"));
        };
        let Some((host, port)) = addr.rsplit_once(':') else {
            return skip_or_fail(test, format!("{var}={addr:?} is not host:port"));
        };
        let reachable = (host, port.parse::<u16>().unwrap_or(0))
            .to_socket_addrs()
            .ok()
            .and_then(|mut a| a.next())
            .is_some_and(|a| TcpStream::connect_timeout(&a, Duration::from_secs(3)).is_ok());
        if !reachable {
            return skip_or_fail(test, format!("{var}={addr} is not reachable"));
        }
        let mut h2_jar = String::new();
        let client = match kind {
            Kind::Pg => "psql",
            Kind::My => "mariadb",
            Kind::H2 => {
                match std::env::var("ISMIG_H2_JAR") {
                    Ok(j) if Path::new(&j).is_file() => h2_jar = j,
                    _ => {
                        return skip_or_fail(test, "ISMIG_H2_JAR is not set to h2.jar".into());
                    }
                }
                "java"
            }
        };
        if Command::new(client)
            .arg("--version")
            .output()
            .map(|o| !o.status.success())
            .unwrap_or(true)
        {
            return skip_or_fail(test, format!("client {client} is not installed"));
        }
        Some(Engine {
            kind,
            host: host.to_string(),
            port: port.to_string(),
            h2_jar,
        })
    }

    /// The JDBC URL of `db`, as deployment.toml names it.
    pub fn jdbc_url(&self, db: &str) -> String {
        match self.kind {
            Kind::Pg => format!("jdbc:postgresql://{}:{}/{db}", self.host, self.port),
            Kind::My => format!("jdbc:mysql://{}:{}/{db}?useSSL=false", self.host, self.port),
            Kind::H2 => self.h2_url(db),
        }
    }

    pub fn driver(&self) -> &'static str {
        match self.kind {
            Kind::Pg => "org.postgresql.Driver",
            Kind::My => "com.mysql.jdbc.Driver",
            Kind::H2 => "org.h2.Driver",
        }
    }

    fn h2_url(&self, db: &str) -> String {
        format!(
            "jdbc:h2:tcp://{}:{}/{db};DB_CLOSE_DELAY=-1",
            self.host, self.port
        )
    }

    fn psql(&self, db: &str) -> Command {
        let mut c = Command::new("psql");
        c.args([
            "-X",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            &self.host,
            "-p",
            &self.port,
        ])
        .args(["-U", "postgres", "-d", db]);
        c
    }

    fn mariadb(&self) -> Command {
        let mut c = Command::new("mariadb");
        c.args([
            "--no-defaults",
            "--protocol=tcp",
            "-h",
            &self.host,
            "-P",
            &self.port,
        ])
        .args(["-u", "root"]);
        c
    }

    /// Runs a script file on `db` exactly as PLAN.md tells the DBA to.
    pub fn run_script(&self, db: &str, file: &Path) -> Output {
        match self.kind {
            Kind::Pg => {
                let mut c = self.psql(db);
                c.arg("-f").arg(file);
                output(c, None)
            }
            Kind::My => {
                let mut c = self.mariadb();
                c.arg(db);
                output(c, Some(file))
            }
            Kind::H2 => {
                let mut c = Command::new("java");
                c.args(["-cp", &self.h2_jar, "org.h2.tools.RunScript", "-url"])
                    .arg(self.h2_url(db))
                    .args(["-user", "sa", "-script"])
                    .arg(file);
                output(c, None)
            }
        }
    }

    /// H2 only: RunScript with `url_extra` appended to the URL (e.g. `;NON_KEYWORDS=VALUE`, for
    /// scripts written for H2 1.4, where VALUE is no keyword) and, when `lenient`,
    /// `-continueOnError` (WSO2's H2 1.4 schema holds statements H2 2.x rejects).
    #[allow(dead_code)] // only the schema steps' test loads WSO2's H2 schema
    pub fn run_h2(&self, db: &str, file: &Path, url_extra: &str, lenient: bool) -> Output {
        let mut c = Command::new("java");
        c.args(["-cp", &self.h2_jar, "org.h2.tools.RunScript", "-url"])
            .arg(format!("{}{url_extra}", self.h2_url(db)))
            .args(["-user", "sa"]);
        if lenient {
            c.arg("-continueOnError");
        }
        c.arg("-script").arg(file);
        output(c, None)
    }

    /// Like [`run_script`] with `-showResults` for H2 (RunScript prints nothing otherwise).
    pub fn run_script_show(&self, db: &str, file: &Path) -> Output {
        match self.kind {
            Kind::H2 => {
                let mut c = Command::new("java");
                c.args(["-cp", &self.h2_jar, "org.h2.tools.RunScript", "-url"])
                    .arg(self.h2_url(db))
                    .args(["-user", "sa", "-showResults", "-script"])
                    .arg(file);
                output(c, None)
            }
            _ => self.run_script(db, file),
        }
    }

    /// Runs test data (our DML) from a file with the same client, in UTF-8.
    pub fn run_data(&self, db: &str, file: &Path) -> Output {
        match self.kind {
            Kind::Pg => {
                let mut c = self.psql(db);
                c.env("PGCLIENTENCODING", "UTF8")
                    .arg("-q")
                    .arg("-f")
                    .arg(file);
                output(c, None)
            }
            Kind::My => {
                let mut c = self.mariadb();
                c.arg("--default-character-set=utf8mb4").arg(db);
                output(c, Some(file))
            }
            Kind::H2 => self.run_script(db, file),
        }
    }

    /// Copies database `from` into the existing, empty database `to` as a DBA would: the engine's
    /// own dump tool at its defaults (pg_dump, mariadb-dump: both include triggers), the dump
    /// written to `file`, then restored with the client. Returns the restore's output.
    #[allow(dead_code)] // only the rehearsal copies a database
    pub fn dump_restore(&self, from: &str, to: &str, file: &Path) -> Output {
        let mut dump = match self.kind {
            Kind::Pg => {
                let mut c = Command::new("pg_dump");
                c.args(["-h", &self.host, "-p", &self.port, "-U", "postgres", "-f"])
                    .arg(file)
                    .arg(from);
                c
            }
            Kind::My => {
                let mut c = Command::new("mariadb-dump");
                c.args([
                    "--no-defaults",
                    "--protocol=tcp",
                    "-h",
                    &self.host,
                    "-P",
                    &self.port,
                    "-u",
                    "root",
                    "-r",
                ])
                .arg(file)
                .arg(from);
                c
            }
            Kind::H2 => panic!("H2 has no dump tool of its own here"),
        };
        dump.stdin(Stdio::null());
        checked(output(dump, None), &format!("dump of {from}"));
        match self.kind {
            Kind::Pg => {
                let mut c = self.psql(to);
                c.arg("-q").arg("-f").arg(file);
                output(c, None)
            }
            _ => {
                let mut c = self.mariadb();
                c.arg(to);
                output(c, Some(file))
            }
        }
    }

    /// Runs queries on `db` and returns every row of every result, in order.
    pub fn query(&self, db: &str, stmts: &[String]) -> Vec<Row> {
        match self.kind {
            Kind::Pg => {
                let mut c = self.psql(db);
                c.env("PGCLIENTENCODING", "UTF8")
                    .args(["-q", "-A", "-t", "-F", "\x1f", "-R", "\x1e"])
                    .args(["-P", "null=\\N"]);
                for s in stmts {
                    c.arg("-c").arg(s);
                }
                let o = checked(output(c, None), &format!("psql query on {db}"));
                let text = String::from_utf8_lossy(&o.stdout).into_owned();
                // results follow one another, each ending with a newline
                text.split(['\x1e', '\n'])
                    .filter(|r| !r.is_empty())
                    .map(|r| r.split('\x1f').map(null_or).collect())
                    .collect()
            }
            Kind::My => {
                let mut c = self.mariadb();
                c.args(["--default-character-set=utf8mb4", "-N", "-B", "-e"])
                    .arg(stmts.join(";\n"))
                    .arg(db);
                let o = checked(output(c, None), &format!("mariadb query on {db}"));
                let text = String::from_utf8_lossy(&o.stdout).into_owned();
                text.lines()
                    .map(|l| {
                        l.split('\t')
                            .map(|f| {
                                if f == "NULL" {
                                    None
                                } else {
                                    Some(unescape_mysql(f))
                                }
                            })
                            .collect()
                    })
                    .collect()
            }
            Kind::H2 => {
                let cp = format!("{}:{}", self.h2_jar, h2_helper().display());
                let mut c = Command::new("java");
                c.args(["-Dfile.encoding=UTF-8", "-cp", &cp, "H2Query"])
                    .arg(self.h2_url(db))
                    .args(stmts);
                let o = checked(output(c, None), &format!("H2 query on {db}"));
                let text = String::from_utf8_lossy(&o.stdout).into_owned();
                text.split('\x1d')
                    .flat_map(|rs| rs.split('\x1e'))
                    .filter(|r| !r.is_empty())
                    .map(|r| {
                        r.strip_suffix('\x1f')
                            .unwrap_or(r)
                            .split('\x1f')
                            .map(null_or)
                            .collect()
                    })
                    .collect()
            }
        }
    }

    /// Creates (or re-creates) an empty database.
    pub fn create_db(&self, db: &str, mysql_charset: &str) {
        match self.kind {
            Kind::Pg => {
                let mut c = self.psql("postgres");
                c.args(["-q", "-c"])
                    .arg(format!("DROP DATABASE IF EXISTS {db}"))
                    .arg("-c")
                    .arg(format!("CREATE DATABASE {db}"));
                checked(output(c, None), &format!("create {db}"));
            }
            Kind::My => {
                let mut c = self.mariadb();
                c.arg("-e").arg(format!(
                    "DROP DATABASE IF EXISTS {db}; CREATE DATABASE {db} CHARACTER SET {mysql_charset}"
                ));
                checked(output(c, None), &format!("create {db}"));
            }
            Kind::H2 => {
                // a database file under the server's -baseDir, created on first connection
                // (-ifNotExists) and kept open (DB_CLOSE_DELAY=-1: no trigger recompilation per
                // connection). Not `mem:` — ismig reads no database name from
                // jdbc:h2:tcp://host:port/mem:NAME (W009, no guard).
                self.query(db, &["DROP ALL OBJECTS".to_string()]);
            }
        }
    }

    pub fn drop_db(&self, db: &str) {
        let _ = match self.kind {
            Kind::Pg => {
                let mut c = self.psql("postgres");
                c.args(["-q", "-c"])
                    .arg(format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
                output(c, None)
            }
            Kind::My => {
                let mut c = self.mariadb();
                c.arg("-e").arg(format!("DROP DATABASE IF EXISTS {db}"));
                output(c, None)
            }
            Kind::H2 => {
                let cp = format!("{}:{}", self.h2_jar, h2_helper().display());
                let mut c = Command::new("java");
                c.args(["-cp", &cp, "H2Query"])
                    .arg(self.h2_url(db))
                    .args(["DROP ALL OBJECTS DELETE FILES", "SHUTDOWN"]);
                output(c, None)
            }
        };
    }

    /// Every object in the database's own schema, one sorted line each: tables (and PostgreSQL
    /// sequences and indexes), columns with type and position, triggers with their table, timing,
    /// event and body hash, functions/routines with their body hash.
    pub fn catalog(&self, db: &str) -> Vec<String> {
        let q: Vec<String> = match self.kind {
            Kind::Pg => vec![
                "SELECT 'rel ' || c.relkind::text || ' ' || c.relname::text FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace".into(),
                "SELECT 'col ' || table_name || '.' || column_name || ' #' || ordinal_position || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '-') FROM information_schema.columns WHERE table_schema = 'public'".into(),
                "SELECT 'trg ' || tgname || ' ON ' || tgrelid::regclass::text || ' type ' || tgtype || ' enabled ' || tgenabled::text || ' fn ' || tgfoid::regproc::text FROM pg_trigger WHERE NOT tgisinternal".into(),
                "SELECT 'fn ' || proname || ' ' || md5(prosrc) FROM pg_proc WHERE pronamespace = 'public'::regnamespace".into(),
            ],
            Kind::My => vec![
                format!("SELECT CONCAT('tab ', TABLE_NAME, ' ', TABLE_TYPE) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{db}'"),
                format!("SELECT CONCAT('col ', TABLE_NAME, '.', COLUMN_NAME, ' #', ORDINAL_POSITION, ' ', COLUMN_TYPE, ' ', IS_NULLABLE, ' ', COALESCE(COLUMN_DEFAULT, '-'), ' ', EXTRA) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{db}'"),
                format!("SELECT CONCAT('trg ', TRIGGER_NAME, ' ON ', EVENT_OBJECT_TABLE, ' ', ACTION_TIMING, ' ', EVENT_MANIPULATION, ' ', MD5(ACTION_STATEMENT)) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '{db}'"),
                format!("SELECT CONCAT('fn ', ROUTINE_NAME, ' ', ROUTINE_TYPE) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '{db}'"),
            ],
            Kind::H2 => vec![
                "SELECT CONCAT('tab ', TABLE_NAME, ' ', TABLE_TYPE) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'".into(),
                "SELECT CONCAT('col ', TABLE_NAME, '.', COLUMN_NAME, ' #', ORDINAL_POSITION, ' ', DATA_TYPE, ' ', IS_NULLABLE, ' ', COALESCE(COLUMN_DEFAULT, '-'), ' ', IS_IDENTITY) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC'".into(),
                "SELECT CONCAT('trg ', TRIGGER_NAME, ' ON ', EVENT_OBJECT_TABLE, ' ', ACTION_TIMING, ' ', EVENT_MANIPULATION, ' ', COALESCE(JAVA_CLASS, '-')) FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA = 'PUBLIC'".into(),
                "SELECT CONCAT('fn ', ROUTINE_NAME, ' ', ROUTINE_TYPE) FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_SCHEMA = 'PUBLIC'".into(),
                "SELECT CONCAT('seq ', SEQUENCE_NAME) FROM INFORMATION_SCHEMA.SEQUENCES WHERE SEQUENCE_SCHEMA = 'PUBLIC'".into(),
            ],
        };
        let mut lines: Vec<String> = self
            .query(db, &q)
            .into_iter()
            .map(|r| r.into_iter().flatten().collect::<Vec<_>>().join(" "))
            .collect();
        lines.sort();
        lines
    }

    /// Every row of each table, sorted (a listing to compare before and after).
    pub fn table_rows(&self, db: &str, tables: &[String]) -> BTreeMap<String, Vec<Row>> {
        let q: Vec<String> = tables
            .iter()
            .map(|t| format!("SELECT '{t}', x.* FROM {t} x"))
            .collect();
        let mut m: BTreeMap<String, Vec<Row>> =
            tables.iter().map(|t| (t.clone(), Vec::new())).collect();
        for chunk in q.chunks(60) {
            for mut r in self.query(db, chunk) {
                let t = r.remove(0).unwrap_or_default();
                m.entry(t).or_default().push(r);
            }
        }
        for v in m.values_mut() {
            v.sort();
        }
        m
    }
}

fn null_or(f: &str) -> Option<String> {
    if f == "\\N" {
        None
    } else {
        Some(f.to_string())
    }
}

fn unescape_mysql(f: &str) -> String {
    let mut s = String::new();
    let mut it = f.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => s.push('\n'),
                Some('t') => s.push('\t'),
                Some('0') => s.push('\0'),
                Some('\\') => s.push('\\'),
                Some(o) => {
                    s.push('\\');
                    s.push(o)
                }
                None => s.push('\\'),
            }
        } else {
            s.push(c);
        }
    }
    s
}

pub fn output(mut c: Command, stdin_file: Option<&Path>) -> Output {
    let stdin = match stdin_file {
        Some(f) => Stdio::from(
            std::fs::File::open(f).unwrap_or_else(|e| panic!("open {}: {e}", f.display())),
        ),
        None => Stdio::null(),
    };
    c.stdin(stdin)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {c:?}: {e}"))
}

pub fn describe(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        tail(&String::from_utf8_lossy(&o.stdout)),
        tail(&String::from_utf8_lossy(&o.stderr))
    )
}

fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let from = lines.len().saturating_sub(40);
    lines[from..].join("\n")
}

pub fn checked(o: Output, what: &str) -> Output {
    assert!(o.status.success(), "{what} failed: {}", describe(&o));
    o
}

/// The H2 result reader, compiled once per test process.
fn h2_helper() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("ismig-h2query-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/engines/H2Query.java");
        let mut c = Command::new("javac");
        c.arg("-d").arg(&dir).arg(src);
        checked(output(c, None), "javac H2Query.java");
        dir
    })
}

/// What a client printed: stdout, then stderr.
#[allow(dead_code)]
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Runs a script written for WSO2's IS 5.9.0 engines: on H2 with VALUE as no keyword, as on the
/// H2 1.4 that IS 5.9.0 ships (the test server is H2 2.x).
#[allow(dead_code)]
pub fn run_wso2(eng: &Engine, db: &str, file: &Path) -> Output {
    match eng.kind {
        Kind::H2 => eng.run_h2(db, file, ";NON_KEYWORDS=VALUE", false),
        _ => eng.run_script(db, file),
    }
}

/// The repository's root (the example, ci/, ../shared beside it).
#[allow(dead_code)]
pub fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example's four sync tables, and their journals (names fixed by WSO2's runtime).
#[allow(dead_code)]
pub const SYNC4: [&str; 4] = [
    "IDN_IDENTITY_USER_DATA",
    "IDN_OAUTH2_ACCESS_TOKEN",
    "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
    "IDN_OAUTH2_AUTHORIZATION_CODE",
];
#[allow(dead_code)]
pub const JOURNALS4: [&str; 4] = [
    "IDN_IDENTITY_USER_DATA_S",
    "IDN_OAUTH2_ACCESS_TOKEN_S",
    "IDN_OAUTH2_ACCESS_TOKEN_SCOP_S",
    "IDN_OAUTH2_AUTHORIZATION_COD_S",
];

/// `, )` → ` )`: H2 1.4 accepted a comma before a CREATE TABLE's closing parenthesis (WSO2's
/// 5.7.0 H2 script has some), H2 2.x does not. Only for loading; ismig reads the original.
#[allow(dead_code)]
pub fn drop_trailing_commas(sql: &str) -> String {
    let b: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    for (i, c) in b.iter().enumerate() {
        if *c == ',' && b[i + 1..].iter().find(|x| !x.is_whitespace()) == Some(&')') {
            continue;
        }
        out.push(*c);
    }
    out
}

/// Drops a test's databases and removes its temporary directory whatever happens; the directory
/// is kept when the test fails, or with ISMIG_KEEP_TMP=1, to look at.
#[allow(dead_code)]
pub struct Cleanup<'a> {
    pub eng: &'a Engine,
    pub dbs: Vec<String>,
    pub dir: PathBuf,
}

impl<'a> Cleanup<'a> {
    /// A fresh temporary directory `name` (under the system's) and the databases `dbs`, both
    /// removed when the returned guard goes.
    #[allow(dead_code)]
    pub fn scratch(eng: &'a Engine, name: String, dbs: Vec<String>) -> Cleanup<'a> {
        let dir = std::env::temp_dir().join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        Cleanup { eng, dbs, dir }
    }
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        for db in &self.dbs {
            self.eng.drop_db(db);
        }
        if std::env::var_os("ISMIG_KEEP_TMP").is_none() && !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A migration directory for one engine: the example's migration-config.yaml and registry.xml,
/// `sync_properties` (the example's when `None`), `ddl` as the dialect's schema, and a
/// deployment.toml whose source and target datasources are the engine's databases `src` and
/// `tgt` (passwords from `$env{}`, as [`generate_in_process`] sets them).
#[allow(dead_code)]
pub fn write_migration(
    eng: &Engine,
    mig: &Path,
    sync_properties: Option<&str>,
    ddl: &str,
    src: &str,
    tgt: &str,
) {
    let ex = manifest().join("examples/is-5.7.0-to-5.9.0");
    std::fs::create_dir_all(mig.join("schema")).unwrap();
    for f in ["migration-config.yaml", "registry.xml"] {
        std::fs::copy(ex.join(f), mig.join(f)).unwrap();
    }
    let props = match sync_properties {
        Some(p) => p.to_string(),
        None => std::fs::read_to_string(ex.join("sync.properties")).unwrap(),
    };
    std::fs::write(mig.join("sync.properties"), props).unwrap();
    let ds = |id: &str, db: &str, pw: &str| {
        format!(
            "[[datasource]]\nid = \"{id}\"\nurl = \"{}\"\nusername = \"wso2sync\"\npassword = \"$env{{{pw}}}\"\ndriver = \"{}\"\n",
            eng.jdbc_url(db),
            eng.driver()
        )
    };
    std::fs::write(
        mig.join("deployment.toml"),
        format!(
            "[server]\nhostname = \"localhost\"\n\n{}\n{}",
            ds("WSO2IdentityDBSource", src, "IS_SOURCE_DB_PASSWORD"),
            ds("WSO2IdentityDBTarget", tgt, "IS_TARGET_DB_PASSWORD")
        ),
    )
    .unwrap();
    let d = eng.kind.dialect();
    std::fs::write(mig.join(format!("schema/{d}.sql")), ddl).unwrap();
}

/// The example's sync.properties with `syncTables` replaced by `tables`.
#[allow(dead_code)]
pub fn sync_properties_with(tables: &[&str]) -> String {
    let ex = manifest().join("examples/is-5.7.0-to-5.9.0/sync.properties");
    std::fs::read_to_string(ex)
        .unwrap()
        .lines()
        .map(|l| {
            if l.starts_with("syncTables=") {
                format!("syncTables={}\n", tables.join(","))
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

/// The example's schema DDL for the engine's dialect.
#[allow(dead_code)]
pub fn example_ddl(eng: &Engine) -> String {
    let d = eng.kind.dialect();
    std::fs::read_to_string(manifest().join(format!("examples/is-5.7.0-to-5.9.0/schema/{d}.sql")))
        .unwrap()
}

/// `ismig generate MIG --dialect D [EXTRA…] --out OUT`, in process, with the two passwords the
/// test directories name as `$env{}` (`IS_SOURCE_DB_PASSWORD`, `IS_TARGET_DB_PASSWORD`); fails the
/// test unless ismig exits 0. Returns what it printed: stdout, stderr.
#[allow(dead_code)]
pub fn generate_in_process(
    mig: &Path,
    dialect: &str,
    out: &Path,
    extra: &[&str],
) -> (String, String) {
    let mut args: Vec<String> = vec![
        "ismig".into(),
        "generate".into(),
        mig.to_string_lossy().into_owned(),
        "--dialect".into(),
        dialect.into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(["--out".into(), out.to_string_lossy().into_owned()]);
    let env: BTreeMap<String, String> = [
        ("IS_SOURCE_DB_PASSWORD".to_string(), "secret".to_string()),
        ("IS_TARGET_DB_PASSWORD".to_string(), "secret".to_string()),
    ]
    .into();
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let code = ismig::cli::run(&args, env, &mut o, &mut e);
    let (o, e) = (
        String::from_utf8_lossy(&o).into_owned(),
        String::from_utf8_lossy(&e).into_owned(),
    );
    assert_eq!(code, 0, "ismig generate failed\n{o}\n{e}");
    (o, e)
}
