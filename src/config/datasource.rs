//! Datasources: `deployment.toml` (IS ≥ 5.9: `[[datasource]]` tables, and `[database.identity_db]`
//! / `[database.shared_db]`) or `master-datasources.xml` (IS ≤ 5.8). Each is read into a list of
//! [`DsDef`] (name, JNDI name, URL as written, positions; never the password), then the two names
//! of `identitySchema` are resolved against it and their JDBC URLs turned into [`Datasource`]s.
//!
//! `$env{NAME}` and `$sys{NAME}` placeholders (IS templating) in a URL are replaced from the
//! environment snapshot in [`Inputs::env`](crate::input::Inputs): ismig runs outside the JVM, so
//! there are no Java system properties and `$sys{}` is read from the same snapshot as `$env{}`.
//! Only variable names are recorded, never values.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::source::SourceFile;

use super::jdbc;
use super::{Datasource, Located, xml_error_location};

/// A datasource as defined in a file.
#[derive(Clone, Debug)]
pub struct DsDef {
    /// `id` (TOML) or `<name>` (XML).
    pub id: String,
    /// JNDI name: `jdbc/<id>` for TOML, `<jndiConfig><name>` for XML.
    pub jndi: Option<String>,
    /// Where the datasource is defined (its id / name).
    pub location: Location,
    /// The URL as written (placeholders not resolved) and where.
    pub url: Option<(String, Location)>,
    /// The JDBC driver class (`driver` in TOML, `<driverClassName>` in XML) and where.
    pub driver: Option<(String, Location)>,
    /// The user the IS connects as (`username` in TOML and XML), placeholders not resolved.
    pub username: Option<String>,
    pub defined_in: String,
}

/// Where a TOML value's text starts: after the opening quote(s) of a string.
fn value_span(text: &str, span: Range<usize>) -> Range<usize> {
    let s = &text.get(span.clone()).unwrap_or("");
    for q in ["\"\"\"", "'''", "\"", "'"] {
        if s.starts_with(q) && s.ends_with(q) && s.len() >= 2 * q.len() {
            return span.start + q.len()..span.end - q.len();
        }
    }
    span
}

fn toml_get<'a, 'i>(t: &'a DeTable<'i>, key: &str) -> Option<&'a toml::Spanned<DeValue<'i>>> {
    t.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
}

/// Reads `deployment.toml`. A syntax error is E020 (and no datasources).
pub fn read_toml(file: &SourceFile, diags: &mut Diagnostics) -> Vec<DsDef> {
    let root = match DeTable::parse(&file.text) {
        Ok(t) => t,
        Err(e) => {
            let loc = match e.span() {
                Some(r) => file.location(r.start, r.end - r.start),
                None => file.location(0, 0),
            };
            diags.push(
                Diagnostic::error(
                    "E020",
                    format!("deployment.toml cannot be parsed: {}", e.message().trim()),
                )
                .at(loc)
                .hint("deployment.toml must be valid TOML; strings need double quotes"),
            );
            return Vec::new();
        }
    };
    let root = root.get_ref();
    let mut out = Vec::new();
    let string_at = |t: &DeTable<'_>, key: &str| {
        toml_get(t, key).and_then(|v| match v.get_ref() {
            DeValue::String(s) => {
                let sp = value_span(&file.text, v.span());
                Some((s.to_string(), file.location(sp.start, sp.end - sp.start)))
            }
            _ => None,
        })
    };
    let table_def = |t: &DeTable<'_>, id: String, jndi: String, at: Range<usize>| DsDef {
        id,
        jndi: Some(jndi),
        location: file.location(at.start, at.end - at.start),
        url: string_at(t, "url"),
        driver: string_at(t, "driver"),
        username: string_at(t, "username").map(|(u, _)| u),
        defined_in: file.display.to_string(),
    };
    if let Some(db) = toml_get(root, "database") {
        if let DeValue::Table(db) = db.get_ref() {
            for (key, id) in [
                ("identity_db", "WSO2IdentityDB"),
                ("shared_db", "WSO2SharedDB"),
            ] {
                if let Some(v) = toml_get(db, key) {
                    if let DeValue::Table(t) = v.get_ref() {
                        let key_span = db
                            .iter()
                            .find(|(k, _)| k.get_ref() == key)
                            .map(|(k, _)| k.span())
                            .unwrap_or(0..0);
                        out.push(table_def(t, id.to_string(), format!("jdbc/{id}"), key_span));
                    }
                }
            }
        }
    }
    if let Some(ds) = toml_get(root, "datasource") {
        let items: Vec<&toml::Spanned<DeValue<'_>>> = match ds.get_ref() {
            DeValue::Array(a) => a.iter().collect(),
            DeValue::Table(_) => vec![ds],
            _ => Vec::new(),
        };
        for item in items {
            let DeValue::Table(t) = item.get_ref() else {
                continue;
            };
            match toml_get(t, "id").map(|v| (v.get_ref(), v.span())) {
                Some((DeValue::String(id), span)) => {
                    let sp = value_span(&file.text, span);
                    let id = id.to_string();
                    out.push(table_def(t, id.clone(), format!("jdbc/{id}"), sp));
                }
                _ => {
                    let sp = item.span();
                    diags.push(
                        Diagnostic::warning("W001", "a [[datasource]] has no id and is ignored")
                            .at(file.location(sp.start, 0))
                            .hint("id = \"WSO2IdentityDBSource\""),
                    );
                }
            }
        }
    }
    out
}

/// Reads `master-datasources.xml`. Malformed XML is E025 (and no datasources).
pub fn read_xml(file: &SourceFile, diags: &mut Diagnostics) -> Vec<DsDef> {
    let doc = match roxmltree::Document::parse(&file.text) {
        Ok(d) => d,
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    "E025",
                    format!("master-datasources.xml cannot be parsed: {e}"),
                )
                .at(xml_error_location(file, &e))
                .hint(
                    "give the old IS's repository/conf/datasources/master-datasources.xml as it is",
                ),
            );
            return Vec::new();
        }
    };
    let text_of = |n: roxmltree::Node<'_, '_>| -> (String, Range<usize>) {
        let t = n.text().unwrap_or("").trim().to_string();
        let r = n
            .first_child()
            .filter(|c| c.is_text())
            .map(|c| {
                let raw = &file.text[c.range()];
                let lead = raw.len() - raw.trim_start().len();
                let s = c.range().start + lead;
                s..s + raw.trim().len()
            })
            .unwrap_or_else(|| n.range());
        (t, r)
    };
    let mut out = Vec::new();
    for ds in doc
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "datasource")
    {
        let Some(name_el) = child(ds, "name") else {
            continue;
        };
        let (id, id_range) = text_of(name_el);
        if id.is_empty() {
            continue;
        }
        let jndi = child(ds, "jndiConfig")
            .and_then(|j| child(j, "name"))
            .map(|n| text_of(n).0)
            .filter(|s| !s.is_empty());
        let configured = |key: &str| {
            child(ds, "definition")
                .and_then(|d| child(d, "configuration"))
                .and_then(|c| child(c, key))
                .map(text_of)
                .filter(|(u, _)| !u.is_empty())
                .map(|(u, r)| (u, file.location(r.start, r.end - r.start)))
        };
        out.push(DsDef {
            id,
            jndi,
            location: file.location(id_range.start, id_range.end - id_range.start),
            url: configured("url"),
            driver: configured("driverClassName"),
            username: configured("username").map(|(u, _)| u),
            defined_in: file.display.to_string(),
        });
    }
    out
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// A `$env{NAME}` / `$sys{NAME}` placeholder found in a value.
struct Placeholder {
    name: String,
    range: Range<usize>,
}

fn placeholders(s: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = s[i..].find('$').map(|p| i + p) {
        let rest = &s[p..];
        if rest.starts_with("$env{") || rest.starts_with("$sys{") {
            if let Some(close) = rest.find('}') {
                out.push(Placeholder {
                    name: rest[5..close].trim().to_string(),
                    range: p..p + close + 1,
                });
                i = p + close + 1;
                continue;
            }
        }
        i = p + 1;
    }
    out
}

/// Replaces placeholders. Returns the value (None if a variable is unset), the names used and
/// the names missing.
pub fn resolve_placeholders(
    s: &str,
    env: &std::collections::BTreeMap<String, String>,
) -> (Option<String>, Vec<String>, Vec<String>) {
    let ph = placeholders(s);
    let mut used = Vec::new();
    let mut missing = Vec::new();
    let mut out = String::new();
    let mut last = 0;
    for p in &ph {
        used.push(p.name.clone());
        out.push_str(&s[last..p.range.start]);
        match env.get(&p.name) {
            Some(v) => out.push_str(v),
            None => missing.push(p.name.clone()),
        }
        last = p.range.end;
    }
    out.push_str(&s[last..]);
    (missing.is_empty().then_some(out), used, missing)
}

/// Finds a datasource by a name of `identitySchema`: `id` or JNDI name, exact first, then
/// ignoring case.
pub fn find<'a>(defs: &'a [DsDef], name: &str) -> Option<&'a DsDef> {
    let exact = |d: &&DsDef| d.id == name || d.jndi.as_deref() == Some(name);
    let ci = |d: &&DsDef| {
        d.id.eq_ignore_ascii_case(name)
            || d.jndi
                .as_deref()
                .is_some_and(|j| j.eq_ignore_ascii_case(name))
    };
    defs.iter().find(exact).or_else(|| defs.iter().find(ci))
}

/// What resolving a side needs besides the name.
pub struct Resolver<'a> {
    pub defs: &'a [DsDef],
    /// File name for messages (`deployment.toml`).
    pub file_name: &'a str,
    pub env: &'a std::collections::BTreeMap<String, String>,
    /// `--dialect` was given, so an unset variable is not an error (the side then has no URL).
    pub quiet_env: bool,
}

/// Resolves one side (`side`: "source" / "target"), recording the placeholder names used.
pub fn resolve(
    name: &Located<String>,
    side: &str,
    r: &Resolver<'_>,
    env_used: &mut Vec<String>,
    diags: &mut Diagnostics,
) -> Option<Datasource> {
    let (defs, file_name, env, quiet_env) = (r.defs, r.file_name, r.env, r.quiet_env);
    let Some(def) = find(defs, &name.value) else {
        let mut names: Vec<&str> = Vec::new();
        for d in defs {
            names.push(&d.id);
            if let Some(j) = &d.jndi {
                names.push(j);
            }
        }
        let hint = match did_you_mean(&name.value, names.iter().copied()) {
            Some(h) => h,
            None if names.is_empty() => format!("{file_name} defines no datasource"),
            None => format!("{file_name} defines: {}", names.join(", ")),
        };
        diags.push(
            Diagnostic::error(
                "E021",
                format!(
                    "the {side} datasource {:?} of identitySchema is not defined in {file_name}",
                    name.value
                ),
            )
            .at_opt(name.location.clone())
            .hint(hint),
        );
        return None;
    };
    let Some((raw, url_loc)) = &def.url else {
        diags.push(
            Diagnostic::error(
                "E024",
                format!("datasource {} ({side}) has no url", def.id),
            )
            .at(def.location.clone())
            .hint("add the JDBC URL of the database, e.g. url = \"jdbc:mysql://host:3306/WSO2_IDENTITY_DB\""),
        );
        return None;
    };
    let (resolved, used, missing) = resolve_placeholders(raw, env);
    env_used.extend(used);
    let url = match resolved {
        Some(u) => u,
        None => {
            if !quiet_env {
                for m in missing {
                    diags.push(
                        Diagnostic::error(
                            "E023",
                            format!(
                                "the url of datasource {} ({side}) uses $env{{{m}}}, but {m} is not set",
                                def.id
                            ),
                        )
                        .at(url_loc.clone())
                        .hint(format!("set {m}, or give --dialect")),
                    );
                }
            }
            return None;
        }
    };
    // WSO2's sync runtime asks the driver for the product name: MariaDB Connector/J (its class,
    // or a jdbc:mariadb: URL only it accepts) answers "MariaDB", which the runtime refuses
    let by_class = def
        .driver
        .as_ref()
        .filter(|(d, _)| d.to_ascii_lowercase().contains("mariadb"));
    let by_url = url.to_ascii_lowercase().starts_with("jdbc:mariadb:");
    let mariadb_driver = by_class.is_some() || by_url;
    if mariadb_driver {
        let (what, at) = match by_class {
            Some((class, at)) => (format!("the MariaDB JDBC driver {class}"), at.clone()),
            None => (
                "a jdbc:mariadb: URL, which only the MariaDB JDBC driver accepts".to_string(),
                url_loc.clone(),
            ),
        };
        diags.push(
            Diagnostic::warning(
                "W012",
                format!(
                    "datasource {} ({side}) uses {what}: WSO2's sync runtime refuses that driver (it names the database \"MariaDB\": \"Unsupported data source type\")",
                    def.id
                ),
            )
            .at(at)
            .hint("in the sync tool's datasources use MySQL Connector/J (driver = \"com.mysql.jdbc.Driver\", url = \"jdbc:mysql://…\"): it works with MariaDB servers"),
        );
    }
    match jdbc::parse(&url) {
        // every script sets the URL's schema (SET SCHEMA, search_path): it is written into SQL as
        // an identifier, so only a plain one is accepted
        Some(jdbc::JdbcInfo {
            schema: Some(schema),
            ..
        }) if !crate::dialect::is_plain_identifier(&schema) => {
            diags.push(
                Diagnostic::error(
                    "E022",
                    format!(
                        "the schema {schema:?} in the url of datasource {} ({side}) cannot be written safely into generated SQL",
                        def.id
                    ),
                )
                .at(url_loc.clone())
                .hint("a schema name is a letter or _ then letters, digits, _, $ or #"),
            );
            None
        }
        Some(info) => Some(Datasource {
            mariadb_driver,
            // only a plain user name: it is compared in guards and printed in commands
            username: def
                .username
                .as_deref()
                .and_then(|u| resolve_placeholders(u, env).0)
                .filter(|u| crate::dialect::is_plain_identifier(u) && !u.contains('$')),
            connect: info.connect,
            tns_alias: info.tns_alias,
            id: def.id.clone(),
            jndi: def.jndi.clone(),
            url: info.url,
            dialect: info.dialect,
            database: info.database,
            schema: info.schema,
            defined_in: def.defined_in.clone(),
            location: Some(def.location.clone()),
        }),
        None => {
            diags.push(
                Diagnostic::error(
                    "E022",
                    format!(
                        "the url {:?} of datasource {} ({side}) is not a supported JDBC URL",
                        jdbc::strip_passwords(&url),
                        def.id
                    ),
                )
                .at(url_loc.clone())
                .hint(format!("supported forms: {}", jdbc::SUPPORTED_FORMS)),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn placeholders_resolve_from_env() {
        let mut env = BTreeMap::new();
        env.insert("HOST".to_string(), "db1".to_string());
        let (v, used, missing) =
            resolve_placeholders("jdbc:mysql://$env{HOST}:3306/$sys{DB}", &env);
        assert_eq!(v, None);
        assert_eq!(used, vec!["HOST", "DB"]);
        assert_eq!(missing, vec!["DB"]);
        env.insert("DB".to_string(), "ids".to_string());
        let (v, _, _) = resolve_placeholders("jdbc:mysql://$env{HOST}:3306/$sys{DB}", &env);
        assert_eq!(v.as_deref(), Some("jdbc:mysql://db1:3306/ids"));
        let (v, used, _) = resolve_placeholders("$env{unclosed", &env);
        assert_eq!((v.as_deref(), used.len()), (Some("$env{unclosed"), 0));
    }

    #[test]
    fn toml_datasources() {
        let text = "[database.identity_db]\nurl = \"jdbc:h2:./x/ID\"\n\n[[datasource]]\nid = \"SRC\"\nurl = \"jdbc:mysql://h/src\"\npassword = \"pw\"\n[datasource.pool_options]\nmaxActive = \"5\"\n\n[[datasource]]\nid = \"NOURL\"\n";
        let f = SourceFile::new("m/deployment.toml", text, "");
        let mut d = Diagnostics::new();
        let defs = read_toml(&f, &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(defs.len(), 3);
        assert_eq!(defs[0].id, "WSO2IdentityDB");
        assert_eq!(defs[1].jndi.as_deref(), Some("jdbc/SRC"));
        let l = &defs[1].url.as_ref().unwrap().1;
        assert_eq!((l.line, l.column), (6, 8));
        assert!(defs[2].url.is_none());
        assert_eq!(find(&defs, "jdbc/src").map(|d| d.id.as_str()), Some("SRC"));
        assert_eq!(
            find(&defs, "jdbc/WSO2IdentityDB").map(|d| d.id.as_str()),
            Some("WSO2IdentityDB")
        );
    }

    #[test]
    fn toml_syntax_error_has_position() {
        let f = SourceFile::new("m/deployment.toml", "[a]\nb = \n", "");
        let mut d = Diagnostics::new();
        read_toml(&f, &mut d);
        let e = d.iter().next().unwrap();
        assert_eq!(e.code, "E020");
        assert_eq!(e.location.as_ref().unwrap().line, 2);
    }
}
