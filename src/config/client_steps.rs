//! The migrators of WSO2's migration client, read from `migration-resources/migration-config.yaml`
//! (its `versions:` list, each with `migratorConfigs` of `name`, `order` and `parameters`): the
//! versions after the migration's source version up to its target version, each version's
//! migrators in `order`. A migrator whose name ends in `SchemaMigrator` and that names a
//! `location` and a `schema` runs SQL files (`<version>/dbscripts/<location>/<schema>/…`) that
//! ismig compiles; every other migrator is Java work only the client can do.
//! Problems (unparsable file, a version not listed, a migrator without name) are E033 at
//! file:line:col.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::input::MigrationResources;
use crate::source::SourceFile;

/// A YAML scalar of any type, as text; anything else (a list, a mapping) is kept as absent.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Value {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Other(serde::de::IgnoredAny),
}

impl Value {
    fn text(&self) -> Option<String> {
        match self {
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Str(s) => Some(s.clone()),
            Value::Other(_) => None,
        }
    }
}

#[derive(Debug, Deserialize)]
struct MigratorYaml {
    name: Option<Spanned<Value>>,
    order: Option<Value>,
    parameters: Option<std::collections::BTreeMap<String, Value>>,
}

#[derive(Debug, Deserialize)]
struct VersionYaml {
    version: Option<Spanned<Value>>,
    #[serde(rename = "migratorConfigs")]
    migrator_configs: Option<Vec<MigratorYaml>>,
}

#[derive(Debug, Deserialize)]
struct ResourcesYaml {
    versions: Option<Vec<VersionYaml>>,
    #[serde(rename = "batchUpdate")]
    batch_update: Option<Value>,
    #[serde(rename = "ignoreForInactiveTenants")]
    ignore_for_inactive_tenants: Option<Value>,
    #[serde(rename = "migrateTenantRange")]
    migrate_tenant_range: Option<Value>,
    #[serde(rename = "migrationStartingTenantID")]
    migration_starting_tenant_id: Option<Value>,
    #[serde(rename = "migrationEndingTenantID")]
    migration_ending_tenant_id: Option<Value>,
}

/// One migrator of a version, in the client's order.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Migrator {
    pub name: String,
    pub order: i64,
    /// `parameters.location` and `parameters.schema`, when given.
    pub location: Option<String>,
    pub schema: Option<String>,
    /// Every scalar parameter, sorted by key (for the generated client configuration).
    pub parameters: Vec<(String, String)>,
    #[serde(skip)]
    pub defined_at: Option<Location>,
}

impl Migrator {
    /// A migrator that runs the SQL of `<version>/dbscripts/<location>/<schema>/`: ismig compiles it.
    pub fn is_schema(&self) -> bool {
        self.name.ends_with("SchemaMigrator") && self.location.is_some() && self.schema.is_some()
    }
}

/// One version of the migration client's run.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ClientVersion {
    pub version: String,
    /// The version listed before it (the client's `currentVersion` for a run of this version only).
    pub previous: String,
    pub migrators: Vec<Migrator>,
}

/// The client's work for this migration.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ClientSteps {
    /// How the migration-resources folder is shown.
    pub resources: String,
    /// sha256 of the client's migration-config.yaml.
    pub config_sha256: String,
    /// The file's settings a run of the client for some migrators only keeps (tenant range,
    /// batch updates), as written there, in file order of this list.
    pub settings: Vec<(String, String)>,
    pub versions: Vec<ClientVersion>,
}

fn loc(file: &SourceFile, l: &serde_saphyr::Location, len: usize) -> Location {
    match l.span().byte_offset() {
        Some(o) => file.location(o as usize, len),
        None => {
            let line = l.line().max(1) as usize;
            let start = crate::source::line_offset(&file.text, line);
            file.location(start, 0)
        }
    }
}

/// A version as numbers (`5.10.0` after `5.9.0`); a suffix (`-SP1`) after the plain version.
fn version_key(v: &str) -> (Vec<u64>, bool) {
    let (main, suffix) = match v.split_once('-') {
        Some((m, _)) => (m, true),
        None => (v, false),
    };
    (
        main.split('.').map(|p| p.parse().unwrap_or(0)).collect(),
        suffix,
    )
}

/// Reads the resources' migration-config.yaml and picks the versions after `from` up to `to`.
pub fn read(
    res: &MigrationResources,
    from: &str,
    to: &str,
    diags: &mut Diagnostics,
) -> Option<ClientSteps> {
    let Some(file) = &res.config else {
        diags.push(
            Diagnostic::error(
                "E033",
                format!("{} has no migration-config.yaml", res.display),
            )
            .hint("give the migration client's migration-resources folder: it holds migration-config.yaml and <version>/dbscripts/"),
        );
        return None;
    };
    let y: ResourcesYaml = match serde_saphyr::from_str(&file.text) {
        Ok(y) => y,
        Err(e) => {
            let at = e
                .location()
                .map(|l| loc(file, &l, 0))
                .unwrap_or_else(|| file.location(0, 0));
            let msg = e.to_string();
            let first = msg.lines().next().unwrap_or("").to_string();
            diags.push(
                Diagnostic::error("E033", format!("{} cannot be parsed: {first}", file.display))
                    .at(at)
                    .hint("the migration client's file: versions:, each with version: and migratorConfigs: (name, order, parameters)"),
            );
            return None;
        }
    };
    let settings = [
        ("batchUpdate", &y.batch_update),
        ("ignoreForInactiveTenants", &y.ignore_for_inactive_tenants),
        ("migrateTenantRange", &y.migrate_tenant_range),
        ("migrationStartingTenantID", &y.migration_starting_tenant_id),
        ("migrationEndingTenantID", &y.migration_ending_tenant_id),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().and_then(Value::text).map(|t| (k.to_string(), t)))
    .collect();
    let mut listed = Vec::new();
    for v in y.versions.unwrap_or_default() {
        let Some(version) = v.version.as_ref().and_then(|s| s.value.text()) else {
            diags.push(
                Diagnostic::error("E033", "a version of migration-config.yaml has no version:")
                    .at(file.location(0, 0))
                    .hint("each entry of versions: names its version: \"5.9.0\""),
            );
            return None;
        };
        let mut migrators = Vec::new();
        for m in v.migrator_configs.unwrap_or_default() {
            let Some((name, at)) = m
                .name
                .as_ref()
                .and_then(|n| n.value.text().map(|t| (t, loc(file, &n.referenced, 0))))
            else {
                diags.push(
                    Diagnostic::error(
                        "E033",
                        format!("a migrator of version {version} has no name"),
                    )
                    .at_opt(v.version.as_ref().map(|s| loc(file, &s.referenced, 0)))
                    .hint("each migratorConfigs entry has name: and order:"),
                );
                return None;
            };
            let order = m
                .order
                .as_ref()
                .and_then(Value::text)
                .and_then(|t| t.trim().parse::<i64>().ok());
            let Some(order) = order else {
                diags.push(
                    Diagnostic::error(
                        "E033",
                        format!("migrator {name} of version {version} has no whole-number order"),
                    )
                    .at(at)
                    .hint("order: 1"),
                );
                return None;
            };
            let parameters: Vec<(String, String)> = m
                .parameters
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(k, v)| v.text().map(|t| (k, t)))
                .collect();
            let get = |k: &str| {
                parameters
                    .iter()
                    .find(|(p, _)| p == k)
                    .map(|(_, v)| v.clone())
            };
            migrators.push(Migrator {
                location: get("location"),
                schema: get("schema"),
                name,
                order,
                parameters,
                defined_at: Some(at),
            });
        }
        // the client runs a version's migrators by `order`
        migrators.sort_by_key(|m| m.order);
        listed.push((
            version,
            v.version.map(|s| loc(file, &s.referenced, 0)),
            migrators,
        ));
    }
    // the client runs, in list order, the versions after currentVersion up to migrateVersion
    // (a source version the list does not name — it starts after the oldest it migrates from —
    // is before every version above it)
    let Some(last) = listed.iter().position(|(x, _, _)| x == to) else {
        diags.push(
            Diagnostic::error(
                "E033",
                format!(
                    "the target version {to} is not a version of {}",
                    file.display
                ),
            )
            .at(file.location(0, 0))
            .hint(format!(
                "the migration client runs the versions listed there; listed: {}",
                listed
                    .iter()
                    .map(|(x, _, _)| x.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
        return None;
    };
    let first = match listed.iter().position(|(x, _, _)| x == from) {
        Some(i) => i + 1,
        None => listed
            .iter()
            .position(|(x, _, _)| version_key(x) > version_key(from))
            .unwrap_or(listed.len()),
    };
    if first > last {
        diags.push(
            Diagnostic::error(
                "E033",
                format!("{to} is not after {from} in {}", file.display),
            )
            .at_opt(listed[last].1.clone())
            .hint("the migration client runs the versions after currentVersion up to migrateVersion, in list order"),
        );
        return None;
    }
    let versions = (first..=last)
        .map(|i| ClientVersion {
            version: listed[i].0.clone(),
            previous: if i == first {
                from.to_string()
            } else {
                listed[i - 1].0.clone()
            },
            migrators: listed[i].2.clone(),
        })
        .collect();
    Some(ClientSteps {
        resources: res.display.clone(),
        config_sha256: file.sha256.clone(),
        settings,
        versions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, from: &str, to: &str) -> (Option<ClientSteps>, Diagnostics) {
        let res = MigrationResources {
            display: "m".into(),
            config: Some(SourceFile::new("m/migration-config.yaml", text, "")),
            scripts: Vec::new(),
        };
        let mut d = Diagnostics::new();
        (read(&res, from, to, &mut d), d)
    }

    const YAML: &str = "currentVersion: \"5.x.x\"\nversions:\n -\n  version: \"5.7.0\"\n  migratorConfigs:\n   - name: \"SchemaMigrator\"\n     order: 1\n     parameters:\n       location: \"step1\"\n       schema: \"uma\"\n -\n  version: \"5.8.0\"\n  migratorConfigs:\n   - name: \"OAuthDataMigrator\"\n     order: 2\n     parameters:\n       batchSize: 10\n   - name: \"UMAPermissionTicketSchemaMigrator\"\n     order: 1\n     parameters:\n       location: \"step2\"\n       schema: \"uma\"\n -\n  version: \"5.9.0\"\n  migratorConfigs:\n   - name: \"ClaimDataMigrator\"\n     order: 1\n";

    #[test]
    fn versions_after_the_source_in_order() {
        let (s, d) = run(YAML, "5.7.0", "5.9.0");
        assert!(d.is_empty(), "{d:?}");
        let s = s.unwrap();
        let v: Vec<&str> = s.versions.iter().map(|v| v.version.as_str()).collect();
        assert_eq!(v, ["5.8.0", "5.9.0"]);
        assert_eq!(s.versions[0].previous, "5.7.0");
        let m = &s.versions[0].migrators;
        assert_eq!(m[0].name, "UMAPermissionTicketSchemaMigrator");
        assert!(m[0].is_schema() && !m[1].is_schema());
        assert_eq!(
            m[1].parameters,
            [("batchSize".to_string(), "10".to_string())]
        );
        assert_eq!(m[0].defined_at.as_ref().unwrap().line, 18);
    }

    #[test]
    fn unknown_versions_and_syntax_errors_are_located() {
        // a source version before the list: every version up to the target
        let (s, d) = run(YAML, "5.6.0", "5.8.0");
        assert!(d.is_empty());
        let v: Vec<String> = s
            .unwrap()
            .versions
            .iter()
            .map(|v| v.version.clone())
            .collect();
        assert_eq!(v, ["5.7.0", "5.8.0"]);
        let (s, d) = run(YAML, "5.7.0", "5.10.0");
        assert!(s.is_none());
        let e = d.iter().next().unwrap();
        assert_eq!(e.code, "E033");
        assert!(e.message.contains("5.10.0"), "{}", e.message);
        let (_, d) = run("versions: [1, 2\n", "5.7.0", "5.9.0");
        let e = d.iter().next().unwrap();
        assert_eq!(e.code, "E033");
        assert!(e.location.is_some());
        let (_, d) = run(YAML, "5.9.0", "5.7.0");
        assert!(d.iter().next().unwrap().message.contains("is not after"));
    }
}
