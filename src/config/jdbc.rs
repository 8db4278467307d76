//! JDBC URLs: which dialect a datasource is, and which database / schema it names. Pure string
//! work, no I/O. Also the password-parameter finder used both to strip passwords from the kept
//! URL and to mask them in diagnostics ([`password_spans`]).
//!
//! Supported forms (anything else is E022, with [`SUPPORTED_FORMS`] as the hint):
//! - `jdbc:mysql://host:port/db?…`, `jdbc:mariadb://…` → mysql
//! - `jdbc:postgresql://host:port/db?currentSchema=s` (also `jdbc:postgresql:db`) → postgresql
//! - `jdbc:oracle:thin:@host:port:SID`, `@//host:port/service`, `@host:port/service`,
//!   `@(DESCRIPTION=…(SERVICE_NAME=x)…)`, `jdbc:oracle:oci:@…` → oracle
//! - `jdbc:sqlserver://host:port;databaseName=X` (or `database=`), `jdbc:jtds:sqlserver://host/db` → mssql
//! - `jdbc:db2://host:port/DB:currentSchema=S;` (also `jdbc:db2:DB`) → db2
//! - `jdbc:h2:…` (file, `mem:`, `tcp://`, `ssl://`), `;SCHEMA=S` → h2

use crate::dialect::Dialect;

/// What a JDBC URL tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JdbcInfo {
    pub dialect: Dialect,
    /// Database, service or SID name, if the URL names one.
    pub database: Option<String>,
    /// Schema (`currentSchema=`, `;SCHEMA=`), if the URL names one.
    pub schema: Option<String>,
    /// The URL with every password parameter removed.
    pub url: String,
    /// Oracle: the connect identifier SQL*Plus takes after `USER@` (`//host:port/service`, a
    /// quoted descriptor, or the TNS alias), when the URL's text is safe in a shell command.
    pub connect: Option<String>,
    /// Oracle: the URL names a TNS alias (`@IDOLD`), a name the client resolves — not the
    /// database's own name, so no guard can compare it.
    pub tns_alias: bool,
}

/// The forms listed in the E022 hint.
pub const SUPPORTED_FORMS: &str = "jdbc:mysql://host:3306/db, jdbc:mariadb://host:3306/db, \
jdbc:postgresql://host:5432/db[?currentSchema=s], jdbc:oracle:thin:@host:1521:SID, \
jdbc:oracle:thin:@//host:1521/service, jdbc:oracle:thin:@(DESCRIPTION=…(SERVICE_NAME=s)), \
jdbc:sqlserver://host:1433;databaseName=db, jdbc:jtds:sqlserver://host:1433/db, \
jdbc:db2://host:50000/DB[:currentSchema=S;], jdbc:h2:path[;SCHEMA=S]";

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    if s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
    {
        Some(&s[prefix.len()..])
    } else {
        None
    }
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    if t.is_empty() {
        None
    } else {
        Some(t.to_string())
    }
}

/// Value of `key=` among `sep`-separated `k=v` properties (case-insensitive key).
fn prop(props: &str, seps: &[char], key: &str) -> Option<String> {
    props.split(|c| seps.contains(&c)).find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        if k.trim().eq_ignore_ascii_case(key) {
            non_empty(v)
        } else {
            None
        }
    })
}

/// Parses a JDBC URL. None when it is not one of the supported forms.
pub fn parse(url: &str) -> Option<JdbcInfo> {
    let url = url.trim();
    let rest = strip_prefix_ci(url, "jdbc:")?;
    let (mut connect, mut tns_alias) = (None, false);
    let (dialect, database, schema) = if let Some(r) =
        strip_prefix_ci(rest, "mysql:").or_else(|| strip_prefix_ci(rest, "mariadb:"))
    {
        // optional sub-protocol: jdbc:mysql:loadbalance://, jdbc:mysql:replication://
        let r = r.find("//").map(|i| &r[i + 2..])?;
        let path = r.split_once('/').map(|(_, p)| p).unwrap_or("");
        let db = path.split(['?', ';']).next().unwrap_or("");
        (Dialect::Mysql, non_empty(db), None)
    } else if let Some(r) = strip_prefix_ci(rest, "postgresql:") {
        let (main, query) = r.split_once('?').unwrap_or((r, ""));
        let db = match main.strip_prefix("//") {
            Some(hostpath) => hostpath.split_once('/').map(|(_, p)| p).unwrap_or(""),
            None => main.trim_start_matches('/'),
        };
        let schema = prop(query, &['&'], "currentSchema")
            .and_then(|s| s.split(',').next().and_then(non_empty));
        (Dialect::Postgresql, non_empty(db), schema)
    } else if let Some(r) = strip_prefix_ci(rest, "oracle:") {
        let (_driver, spec) = r.split_once(':')?; // thin / oci / oci8
        let at = spec.find('@')?;
        let target = spec[at + 1..].trim();
        connect = oracle_connect(target);
        let db = if target.starts_with('(') {
            let up = target.to_ascii_uppercase();
            ["SERVICE_NAME", "SID"].iter().find_map(|k| {
                let i = up.find(&format!("({k}"))?;
                let after = &target[i + 1 + k.len()..];
                let after = after.trim_start().strip_prefix('=')?;
                let end = after.find(')').unwrap_or(after.len());
                non_empty(&after[..end])
            })
        } else {
            let t = target.strip_prefix("//").unwrap_or(target);
            let t = t.split('?').next().unwrap_or(t);
            if let Some((_, svc)) = t.split_once('/') {
                non_empty(svc.split([':', '/']).next().unwrap_or(""))
            } else {
                let parts: Vec<&str> = t.split(':').collect();
                match parts.as_slice() {
                    [_host, _port, sid] => non_empty(sid),
                    [alias] if !alias.contains('.') => {
                        tns_alias = true;
                        None
                    }
                    _ => None,
                }
            }
        };
        (Dialect::Oracle, db, None)
    } else if let Some(r) = strip_prefix_ci(rest, "sqlserver:") {
        let r = r.strip_prefix("//")?;
        let (_, props) = r.split_once(';').unwrap_or((r, ""));
        let db = prop(props, &[';'], "databaseName").or_else(|| prop(props, &[';'], "database"));
        (Dialect::Mssql, db, None)
    } else if let Some(r) = strip_prefix_ci(rest, "jtds:sqlserver:") {
        let r = r.strip_prefix("//")?;
        let (main, props) = r.split_once(';').unwrap_or((r, ""));
        let db = main
            .split_once('/')
            .and_then(|(_, d)| non_empty(d))
            .or_else(|| prop(props, &[';'], "databaseName"));
        (Dialect::Mssql, db, None)
    } else if let Some(r) = strip_prefix_ci(rest, "db2:") {
        let path = match r.strip_prefix("//") {
            Some(hp) => hp.split_once('/').map(|(_, p)| p)?,
            None => r,
        };
        let (db, props) = path.split_once(':').unwrap_or((path, ""));
        let schema = prop(props, &[';'], "currentSchema");
        (Dialect::Db2, non_empty(db), schema)
    } else if let Some(r) = strip_prefix_ci(rest, "h2:") {
        let (main, props) = r.split_once(';').unwrap_or((r, ""));
        let mut p = main;
        for pre in ["mem:", "file:", "zip:", "split:", "nio:", "nioMapped:"] {
            if let Some(x) = strip_prefix_ci(p, pre) {
                p = x;
            }
        }
        if let Some(x) = strip_prefix_ci(p, "tcp://").or_else(|| strip_prefix_ci(p, "ssl://")) {
            p = x.split_once('/').map(|(_, path)| path).unwrap_or("");
        }
        // `tcp://host/mem:name`: the storage prefix comes after the server part
        for pre in ["mem:", "file:", "zip:", "split:", "nio:", "nioMapped:"] {
            if let Some(x) = strip_prefix_ci(p, pre) {
                p = x;
            }
        }
        let last = p.rsplit(['/', '\\']).next().unwrap_or("");
        let last = last.strip_suffix(".mv.db").unwrap_or(last);
        let schema = prop(props, &[';'], "SCHEMA");
        (Dialect::H2, non_empty(last), schema)
    } else {
        return None;
    };
    Some(JdbcInfo {
        dialect,
        database,
        schema,
        url: strip_passwords(url),
        connect,
        tns_alias,
    })
}

/// SQL*Plus's connect identifier for the part of an Oracle JDBC URL after `@`: EZConnect
/// `//host:port/service` for a service, a descriptor for a SID (EZConnect names services only),
/// the descriptor or TNS alias as written. None when the text holds anything a shell command
/// could read as more than a word (the command is printed for the DBA to run).
fn oracle_connect(target: &str) -> Option<String> {
    let safe = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-:/()= ".contains(c))
    };
    let target = target.split('?').next().unwrap_or(target).trim();
    if !safe(target) {
        return None;
    }
    if target.starts_with('(') {
        return Some(format!("\"{target}\""));
    }
    let t = target.strip_prefix("//").unwrap_or(target);
    if t.contains(' ') {
        return None;
    }
    if t.contains('/') {
        return Some(format!("//{t}"));
    }
    match t.split(':').collect::<Vec<_>>().as_slice() {
        [host, port, sid] => Some(format!(
            "\"(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST={host})(PORT={port}))(CONNECT_DATA=(SID={sid})))\""
        )),
        [alias] => Some(alias.to_string()),
        _ => None,
    }
}

fn is_secret_key(k: &str) -> bool {
    let k = k.trim().to_ascii_lowercase();
    k == "password" || k == "pwd" || k == "passwd"
}

/// Byte spans `(key_start, value_start, value_end)` of every `password=` / `pwd=` / `passwd=`
/// parameter in a URL (after `?`, `&`, `;` or `:`), and of the password in Oracle's
/// `user/password@` form (key_start = the `/`).
pub fn password_params(url: &str) -> Vec<(usize, usize, usize)> {
    let b = url.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if matches!(b[i], b'?' | b'&' | b';' | b':') {
            let ks = i + 1;
            if let Some(eq) = url[ks..].find('=').map(|e| ks + e) {
                let key = &url[ks..eq];
                if !key.contains(['?', '&', ';', ':', '/', '@']) && is_secret_key(key) {
                    let ve = url[eq + 1..]
                        .find(['&', ';'])
                        .map(|e| eq + 1 + e)
                        .unwrap_or(url.len());
                    out.push((ks, eq + 1, ve));
                    i = ve;
                    continue;
                }
            }
        }
        i += 1;
    }
    // jdbc:oracle:thin:user/password@host…
    if let Some(r) = strip_prefix_ci(url, "jdbc:oracle:") {
        let base = url.len() - r.len();
        if let Some(colon) = r.find(':') {
            let spec = &r[colon + 1..];
            let spec_base = base + colon + 1;
            if let Some(at) = spec.find('@') {
                if let Some(slash) = spec[..at].find('/') {
                    out.push((spec_base + slash, spec_base + slash + 1, spec_base + at));
                }
            }
        }
    }
    out.sort();
    out
}

/// Byte spans of the password values in a URL (for masking).
pub fn password_spans(url: &str) -> Vec<(usize, usize)> {
    password_params(url)
        .into_iter()
        .map(|(_, vs, ve)| (vs, ve))
        .filter(|(s, e)| e > s)
        .collect()
}

/// The URL without password parameters (and without the password of Oracle's `user/pw@`).
pub fn strip_passwords(url: &str) -> String {
    let mut out = url.to_string();
    for (ks, _vs, ve) in password_params(url).into_iter().rev() {
        // Overlapping spans (odd URLs) must not panic: skip what no longer fits.
        if ks > ve || ve > out.len() || !out.is_char_boundary(ks) || !out.is_char_boundary(ve) {
            continue;
        }
        if out.as_bytes().get(ks) != Some(&b'/') {
            // parameter: remove `key=value` and one separator
            let b = out.as_bytes();
            if ve < b.len() && matches!(b[ve], b'&' | b';') {
                out.replace_range(ks..=ve, "");
            } else if ks > 0 && matches!(b[ks - 1], b'&' | b';' | b'?' | b':') {
                out.replace_range(ks - 1..ve, "");
            } else {
                out.replace_range(ks..ve, "");
            }
        } else {
            out.replace_range(ks..ve, "");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Dialect::*;

    fn p(url: &str) -> (Dialect, Option<String>, Option<String>) {
        let i = parse(url).unwrap_or_else(|| panic!("not parsed: {url}"));
        (i.dialect, i.database, i.schema)
    }
    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn oracle_connect_identifiers() {
        let c = |u: &str| {
            let i = parse(u).unwrap();
            (i.connect, i.tns_alias)
        };
        assert_eq!(
            c("jdbc:oracle:thin:@//db.example.com:1521/ORCLPDB1"),
            (s("//db.example.com:1521/ORCLPDB1"), false)
        );
        assert_eq!(
            c("jdbc:oracle:thin:@db:1521/svc.example.com"),
            (s("//db:1521/svc.example.com"), false)
        );
        assert_eq!(
            c("jdbc:oracle:thin:scott/tiger@h:1521:SID1"),
            (
                s(
                    "\"(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=h)(PORT=1521))(CONNECT_DATA=(SID=SID1)))\""
                ),
                false
            )
        );
        assert_eq!(c("jdbc:oracle:thin:@IDOLD"), (s("IDOLD"), true));
        assert_eq!(
            c(
                "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=h)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=s)))"
            ),
            (
                s("\"(DESCRIPTION=(ADDRESS=(HOST=h)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=s)))\""),
                false
            )
        );
        // shell words: no connect identifier, the command keeps its placeholder
        assert_eq!(c("jdbc:oracle:thin:@//h:1521/s;rm$(x)").0, None);
        assert_eq!(parse("jdbc:mysql://h/db").unwrap().connect, None);
    }

    #[test]
    fn url_table() {
        let table: &[(&str, Dialect, Option<String>, Option<String>)] = &[
            (
                "jdbc:mysql://localhost:3306/WSO2_IDENTITY_DB?useSSL=false",
                Mysql,
                s("WSO2_IDENTITY_DB"),
                None,
            ),
            ("jdbc:mysql://h1,h2:3306/db", Mysql, s("db"), None),
            ("jdbc:mysql:loadbalance://h1,h2/lb", Mysql, s("lb"), None),
            ("jdbc:mariadb://h/mdb", Mysql, s("mdb"), None),
            ("jdbc:mysql://h:3306", Mysql, None, None),
            (
                "jdbc:postgresql://h:5432/ids?currentSchema=idn,public&ssl=true",
                Postgresql,
                s("ids"),
                s("idn"),
            ),
            ("jdbc:postgresql:localdb", Postgresql, s("localdb"), None),
            (
                "jdbc:oracle:thin:@db.example.com:1521:ORCL",
                Oracle,
                s("ORCL"),
                None,
            ),
            (
                "jdbc:oracle:thin:@//db.example.com:1521/ORCLPDB1",
                Oracle,
                s("ORCLPDB1"),
                None,
            ),
            (
                "jdbc:oracle:thin:@db:1521/svc.example.com",
                Oracle,
                s("svc.example.com"),
                None,
            ),
            (
                "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=h)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME = idsvc)))",
                Oracle,
                s("idsvc"),
                None,
            ),
            (
                "jdbc:oracle:thin:@(description=(address=(host=h))(connect_data=(sid=XE)))",
                Oracle,
                s("XE"),
                None,
            ),
            // a TNS alias names no database (the client resolves it)
            ("jdbc:oracle:oci:@ORCL", Oracle, None, None),
            (
                "jdbc:oracle:thin:scott/tiger@h:1521:SID1",
                Oracle,
                s("SID1"),
                None,
            ),
            (
                "jdbc:sqlserver://h:1433;databaseName=IDDB;encrypt=true",
                Mssql,
                s("IDDB"),
                None,
            ),
            (
                "jdbc:sqlserver://h\\inst:1433;database=IDDB2",
                Mssql,
                s("IDDB2"),
                None,
            ),
            ("jdbc:sqlserver://h:1433", Mssql, None, None),
            (
                "jdbc:jtds:sqlserver://h:1433/jdb;user=sa",
                Mssql,
                s("jdb"),
                None,
            ),
            (
                "jdbc:db2://h:50000/WSO2DB:currentSchema=IDN;",
                Db2,
                s("WSO2DB"),
                s("IDN"),
            ),
            ("jdbc:db2://h:50000/WSO2DB", Db2, s("WSO2DB"), None),
            ("jdbc:db2:LOCALDB", Db2, s("LOCALDB"), None),
            (
                "jdbc:h2:./repository/database/WSO2IDENTITY_DB;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=60000",
                H2,
                s("WSO2IDENTITY_DB"),
                None,
            ),
            ("jdbc:h2:mem:test;SCHEMA=IDN", H2, s("test"), s("IDN")),
            (
                "jdbc:h2:tcp://127.0.0.1:9092/mem:ismig_src;DB_CLOSE_DELAY=-1",
                H2,
                s("ismig_src"),
                None,
            ),
            ("jdbc:h2:tcp://localhost/~/ids", H2, s("ids"), None),
            ("JDBC:MySQL://h/upper", Mysql, s("upper"), None),
        ];
        for (url, d, db, sc) in table {
            assert_eq!(p(url), (*d, db.clone(), sc.clone()), "{url}");
        }
    }

    #[test]
    fn unsupported_urls() {
        for u in [
            "",
            "mysql://h/db",
            "jdbc:sqlite:x.db",
            "jdbc:jtds:sybase://h/db",
            "jdbc:oracle:thin:nohost",
            "jdbc:sqlserver:h",
        ] {
            assert_eq!(parse(u), None, "{u}");
        }
    }

    #[test]
    fn passwords_are_stripped() {
        let cases = [
            (
                "jdbc:mysql://h/db?user=a&password=Pa55-Zebra-91&ssl=1",
                "jdbc:mysql://h/db?user=a&ssl=1",
            ),
            (
                "jdbc:mysql://h/db?password=Pa55&ssl=1",
                "jdbc:mysql://h/db?ssl=1",
            ),
            (
                "jdbc:mysql://h/db?ssl=1&PASSWORD=Pa55",
                "jdbc:mysql://h/db?ssl=1",
            ),
            (
                "jdbc:sqlserver://h;databaseName=X;password=Pa55;user=sa",
                "jdbc:sqlserver://h;databaseName=X;user=sa",
            ),
            (
                "jdbc:db2://h:5/DB:user=u;password=Pa55;currentSchema=S;",
                "jdbc:db2://h:5/DB:user=u;currentSchema=S;",
            ),
            ("jdbc:h2:mem:x;PWD=Pa55", "jdbc:h2:mem:x"),
            (
                "jdbc:oracle:thin:scott/Pa55@h:1521:S",
                "jdbc:oracle:thin:scott@h:1521:S",
            ),
            (
                "jdbc:mysql://h/db?passwordCharacterEncoding=utf8",
                "jdbc:mysql://h/db?passwordCharacterEncoding=utf8",
            ),
        ];
        for (inp, out) in cases {
            assert_eq!(strip_passwords(inp), out, "{inp}");
            assert!(!parse(inp).unwrap().url.contains("Pa55"));
        }
        let u = "jdbc:mysql://h/db?password=Pa55-Zebra-91";
        let sp = password_spans(u);
        assert_eq!(&u[sp[0].0..sp[0].1], "Pa55-Zebra-91");
    }
}
