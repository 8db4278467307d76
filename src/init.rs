//! `ismig init`: assembles a migration directory from the IS installations. Copies WSO2's own
//! files as they are (the old IS's datasource file and registry.xml, the new IS's
//! deployment.toml, the migration client's migration-config.yaml and migration-resources, the old
//! IS's `dbscripts/identity/<dialect>.sql` into `schema/`) and writes two files of its own:
//! sync.properties (WSO2's sync tables, the identitySchema names found in the datasources) and
//! SCHEMA-DUMP.md (how to dump the real database's schema, per dialect). Neither holds a
//! password. Everything is checked before the first file is written: a bad home or a non-empty
//! directory without `--force` writes nothing.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::datasource::{self, DsDef};
use crate::diag::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::input;
use crate::source::SourceFile;

/// The tables WSO2's documentation syncs during a zero-downtime migration.
pub const SYNC_TABLES: [&str; 4] = [
    "IDN_IDENTITY_USER_DATA",
    "IDN_OAUTH2_ACCESS_TOKEN",
    "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
    "IDN_OAUTH2_AUTHORIZATION_CODE",
];

/// The note on schema dumps that init writes next to sync.properties.
pub const SCHEMA_DUMP_NOTE: &str = "SCHEMA-DUMP.md";

/// Where an IS home keeps each file ismig reads.
const MASTER_DATASOURCES: &str = "repository/conf/datasources/master-datasources.xml";
const DEPLOYMENT_TOML: &str = "repository/conf/deployment.toml";
const REGISTRY_XML: &str = "repository/conf/registry.xml";
const IDENTITY_SCRIPTS: &str = "dbscripts/identity";
const VERSION_TXT: &str = "bin/version.txt";

/// What `ismig init` was asked.
#[derive(Clone, Debug)]
pub struct InitOptions {
    pub dir: PathBuf,
    pub old_is: PathBuf,
    pub new_is: Option<PathBuf>,
    pub migration_resources: Option<PathBuf>,
    pub force: bool,
}

/// One file to write: copied from `from`, or the text init made.
enum Content {
    Copy(PathBuf),
    Text(String),
}

/// Assembles the directory; returns the files written (relative, `/`-separated, in write order).
pub fn init(o: &InitOptions) -> Result<Vec<String>, Diagnostics> {
    let mut diags = Diagnostics::new();
    check_dir(o, &mut diags);
    let plan = plan(o, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let mut written = Vec::new();
    for (name, content) in plan {
        let to = o.dir.join(&name);
        let done = to
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| match &content {
                Content::Copy(from) => fs::copy(from, &to).map(|_| ()),
                Content::Text(text) => fs::write(&to, text),
            });
        if let Err(e) = done {
            diags.push(
                Diagnostic::error("E095", format!("{} cannot be written: {e}", shown(&to)))
                    .hint("check the permissions and free space of the migration directory"),
            );
            return Err(diags);
        }
        written.push(name);
    }
    Ok(written)
}

/// DIR must be absent, an empty directory, or any directory with `--force`.
fn check_dir(o: &InitOptions, diags: &mut Diagnostics) {
    let d = &o.dir;
    if d.exists() && !d.is_dir() {
        diags.push(
            Diagnostic::error("E093", format!("{} is not a directory", shown(d)))
                .hint("name a new or empty directory for the migration"),
        );
        return;
    }
    let non_empty = fs::read_dir(d).is_ok_and(|mut r| r.next().is_some());
    if non_empty && !o.force {
        diags.push(
            Diagnostic::error("E093", format!("{} is not empty", shown(d)))
                .hint("name a new or empty directory, or give --force to overwrite the files init writes there"),
        );
    }
}

/// Every file to write, in order; problems with the homes go to `diags`.
fn plan(o: &InitOptions, diags: &mut Diagnostics) -> Vec<(String, Content)> {
    let mut files = Vec::new();
    let old = &o.old_is;
    let (old_ds_path, old_ds_name) = if old.join(MASTER_DATASOURCES).is_file() {
        (old.join(MASTER_DATASOURCES), input::MASTER_DATASOURCES)
    } else if old.join(DEPLOYMENT_TOML).is_file() {
        (old.join(DEPLOYMENT_TOML), input::DEPLOYMENT_TOML)
    } else {
        diags.push(
            Diagnostic::error(
                "E094",
                format!(
                    "{} has neither {MASTER_DATASOURCES} nor {DEPLOYMENT_TOML}",
                    shown(old)
                ),
            )
            .hint("--old-is names the home folder of the IS you migrate from (the one holding repository/ and dbscripts/)"),
        );
        return files;
    };
    let new_toml = o.new_is.as_ref().and_then(|n| {
        let p = n.join(DEPLOYMENT_TOML);
        if p.is_file() {
            Some(p)
        } else {
            diags.push(
                Diagnostic::error("E094", format!("{} has no {DEPLOYMENT_TOML}", shown(n)))
                    .hint("--new-is names the home folder of the IS you migrate to"),
            );
            None
        }
    });
    let config_yaml = o.migration_resources.as_ref().and_then(|m| {
        let p = m.join(input::MIGRATION_CONFIG);
        if p.is_file() {
            Some(p)
        } else {
            diags.push(
                Diagnostic::error(
                    "E094",
                    format!("{} has no {}", shown(m), input::MIGRATION_CONFIG),
                )
                .hint(
                    "--migration-resources names the migration client's migration-resources folder",
                ),
            );
            None
        }
    });

    // the datasource file ismig reads is the new IS's deployment.toml when there is one (the IS
    // the sync runtime runs in); the old IS's file is kept in old-is/ for reference (not read)
    let old_defs = read_defs(&old_ds_path, old_ds_name);
    let new_defs = new_toml
        .as_ref()
        .map(|p| read_defs(p, input::DEPLOYMENT_TOML))
        .unwrap_or_default();
    match &new_toml {
        Some(p) => {
            files.push((input::DEPLOYMENT_TOML.to_string(), Content::Copy(p.clone())));
            files.push((
                format!("old-is/{old_ds_name}"),
                Content::Copy(old_ds_path.clone()),
            ));
        }
        None => files.push((old_ds_name.to_string(), Content::Copy(old_ds_path.clone()))),
    }
    if old.join(REGISTRY_XML).is_file() {
        files.push((
            input::REGISTRY_XML.to_string(),
            Content::Copy(old.join(REGISTRY_XML)),
        ));
    }
    if let (Some(yaml), Some(m)) = (config_yaml, &o.migration_resources) {
        files.push((input::MIGRATION_CONFIG.to_string(), Content::Copy(yaml)));
        copy_tree(m, Path::new("migration-resources"), &mut files);
    }
    for d in Dialect::ALL {
        let p = old.join(IDENTITY_SCRIPTS).join(format!("{}.sql", d.name()));
        if p.is_file() {
            files.push((
                format!("{}/{}.sql", input::SCHEMA_DIR, d.name()),
                Content::Copy(p),
            ));
        }
    }
    let (source, target) = identity_schema(&old_defs, &new_defs);
    let yaml = o
        .migration_resources
        .as_ref()
        .and_then(|m| fs::read_to_string(m.join(input::MIGRATION_CONFIG)).ok())
        .unwrap_or_default();
    let from = is_version(old).or_else(|| yaml_version(&yaml, "currentVersion"));
    let to = o
        .new_is
        .as_deref()
        .and_then(is_version)
        .or_else(|| yaml_version(&yaml, "migrateVersion"))
        .or_else(single_target);
    let properties = sync_properties(from.as_deref(), to.as_deref(), &source, &target);
    files.push((
        input::SYNC_PROPERTIES.to_string(),
        Content::Text(properties),
    ));
    files.push((
        SCHEMA_DUMP_NOTE.to_string(),
        Content::Text(schema_dump_note()),
    ));
    files
}

/// Every regular file under `from` (symbolic links are not followed), as `under/<relative>`,
/// sorted by name.
fn copy_tree(from: &Path, under: &Path, files: &mut Vec<(String, Content)>) {
    let Ok(entries) = fs::read_dir(from) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let Ok(kind) = e.file_type() else { continue };
        let rel = under.join(e.file_name());
        if kind.is_dir() {
            copy_tree(&e.path(), &rel, files);
        } else if kind.is_file() {
            files.push((
                rel.to_string_lossy().replace('\\', "/"),
                Content::Copy(e.path()),
            ));
        }
    }
}

/// The datasource definitions of a file; a file that does not read gives none (validate reports
/// it, on the copy, with file:line:col).
fn read_defs(path: &Path, name: &str) -> Vec<DsDef> {
    let Ok(text) = fs::read_to_string(path) else {
        return Vec::new();
    };
    let file = SourceFile::new(name, text, String::new());
    let mut ignored = Diagnostics::new();
    if name.ends_with(".xml") {
        datasource::read_xml(&file, &mut ignored)
    } else {
        datasource::read_toml(&file, &mut ignored)
    }
}

/// identitySchema: the sync tool's own names where the datasources define them, else the old
/// IS's identity datasource and the new IS's.
fn identity_schema(old: &[DsDef], new: &[DsDef]) -> (String, String) {
    let named = |wanted: &str| {
        new.iter()
            .chain(old)
            .find(|d| d.id.eq_ignore_ascii_case(wanted))
            .map(name_of)
    };
    let identity = |defs: &[DsDef]| {
        defs.iter()
            .find(|d| {
                let j = d.jndi.as_deref().unwrap_or(&d.id).to_ascii_lowercase();
                j.contains("identity")
            })
            .or_else(|| {
                defs.iter()
                    .find(|d| d.id.to_ascii_lowercase().contains("carbon"))
            })
            .map(name_of)
    };
    let source = named("WSO2IdentityDBSource")
        .or_else(|| identity(old))
        .unwrap_or_else(|| "jdbc/WSO2IdentityDBSource".to_string());
    let target = named("WSO2IdentityDBTarget")
        .or_else(|| identity(new))
        .unwrap_or_else(|| "jdbc/WSO2IdentityDBTarget".to_string());
    (source, target)
}

fn name_of(d: &DsDef) -> String {
    d.jndi
        .clone()
        .filter(|j| !j.trim().is_empty())
        .unwrap_or_else(|| d.id.clone())
}

/// The version an IS home says it is (`bin/version.txt`: "WSO2 Identity Server v5.7.0").
fn is_version(home: &Path) -> Option<String> {
    let text = fs::read_to_string(home.join(VERSION_TXT)).ok()?;
    let v = text.split_whitespace().last()?.trim_start_matches('v');
    version_like(v).then(|| v.to_string())
}

/// A version key of migration-config.yaml (`currentVersion: "5.7.0"`), unless it is still
/// WSO2's placeholder.
fn yaml_version(yaml: &str, key: &str) -> Option<String> {
    yaml.lines().find_map(|l| {
        let v = l.trim().strip_prefix(key)?.trim_start().strip_prefix(':')?;
        let v = v.trim().trim_matches(['"', '\'']);
        version_like(v).then(|| v.to_string())
    })
}

fn version_like(v: &str) -> bool {
    !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The target version when the catalog knows exactly one.
fn single_target() -> Option<String> {
    match crate::catalog::steps().ok()? {
        [one] => Some(one.step.clone()),
        _ => None,
    }
}

/// sync.properties in WSO2's keys; a version not found is left out, for validate to ask for.
fn sync_properties(from: Option<&str>, to: Option<&str>, source: &str, target: &str) -> String {
    let mut s = String::from(
        "# WSO2 data sync tool keys, written by ismig init. identitySchema names the source and\n\
         # target datasources of deployment.toml (or master-datasources.xml); no password here.\n",
    );
    if let Some(v) = from {
        s.push_str(&format!("sourceVersion={v}\n"));
    }
    if let Some(v) = to {
        s.push_str(&format!("targetVersion={v}\n"));
    }
    s.push_str("batchSize=100\nsyncInterval=5000\n");
    s.push_str(&format!("syncTables={}\n", SYNC_TABLES.join(",")));
    s.push_str(&format!("identitySchema={source},{target}\n"));
    s
}

/// Why and how to replace schema/<dialect>.sql (WSO2's script of the old version) with a dump of
/// the real database.
fn schema_dump_note() -> String {
    let mut s = String::from(
        "# Schema of the identity database\n\n\
         schema/ holds WSO2's own identity script of the old IS. A schema-only dump of the real\n\
         identity database is better: it has every column and index the database really has\n\
         (earlier migrations, local changes). Replace schema/<dialect>.sql with the dump:\n\n",
    );
    for d in Dialect::ALL {
        s.push_str(&format!(
            "- {}: `{}`\n",
            d.name(),
            d.rules().schema_dump_command
        ));
    }
    s.push_str("\nThen run `ismig validate` again.\n");
    s
}

fn shown(p: &Path) -> String {
    input::display_path(p)
}
