//! The `config` stage: the migration's configuration files → [`Config`]. Reads `sync.properties`,
//! `deployment.toml` or `master-datasources.xml`, `migration-config.yaml` and `registry.xml` from
//! their texts (pure: the texts and an environment snapshot come in [`Inputs`]), resolves the two
//! `identitySchema` datasources and their dialects, and cross-checks the files. Every problem is
//! a diagnostic with the file, line and column of the key; all are collected in one pass.
//! Passwords are read and dropped here: no value that leaves this module holds one.

pub mod client_steps;
pub mod datasource;
pub mod jdbc;
pub mod migration;
pub mod properties;
pub mod registry;
pub mod secrets;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::dialect::Dialect;
use crate::input::{self, Inputs, Options};
use crate::source::{SourceFile, line_offset};
use properties::SyncRead;

pub use secrets::secret_spans;

/// The tables WSO2's sync runtime supports (WSO2's migration guide, step 8). Others are
/// accepted with a warning (W003, emitted by the model stage).
pub const SUPPORTED_SYNC_TABLES: &[&str] = &[
    "IDN_IDENTITY_USER_DATA",
    "IDN_OAUTH2_ACCESS_TOKEN",
    "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
    "IDN_OAUTH2_AUTHORIZATION_CODE",
];

/// A value with where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Located<T> {
    pub value: T,
    #[serde(skip)]
    pub location: Option<Location>,
}

/// `sync.properties`, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyncSettings {
    pub source_version: Located<String>,
    pub target_version: Located<String>,
    pub batch_size: u32,
    pub sync_interval_ms: u64,
    /// In the order given, de-duplicated (case-insensitively), each a plain identifier.
    pub sync_tables: Vec<Located<String>>,
    /// `identitySchema=source,target`: the two datasource names as written.
    pub identity_schema: (Located<String>, Located<String>),
}

/// One side's database, from its datasource. Holds no password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Datasource {
    /// The datasource id / name as defined (`id` in TOML, `<name>` in XML).
    pub id: String,
    /// JNDI name (`jdbc/NAME`), when known.
    pub jndi: Option<String>,
    /// The JDBC URL with any password parameter removed.
    pub url: String,
    pub dialect: Dialect,
    /// Database (or service / SID) name the URL names, if any.
    pub database: Option<String>,
    /// Schema the URL names (`currentSchema=`, `;schema=`), if any.
    pub schema: Option<String>,
    /// Which file defined it.
    pub defined_in: String,
    #[serde(skip)]
    pub location: Option<Location>,
    /// Its driver is MariaDB Connector/J, which WSO2's sync runtime refuses (W012).
    #[serde(skip)]
    pub mariadb_driver: bool,
    /// The user it connects as, when it is a plain name (an Oracle user is also its schema).
    #[serde(skip)]
    pub username: Option<String>,
    /// The connect identifier the client takes (Oracle: SQL*Plus's `USER@` part), if known.
    #[serde(skip)]
    pub connect: Option<String>,
    /// The URL names a TNS alias: no database name to guard with (W009).
    #[serde(skip)]
    pub tns_alias: bool,
}

/// `migration-config.yaml`, the parts ismig uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MigrationSettings {
    pub migration_enable: bool,
    pub current_version: Located<String>,
    pub migrate_version: Located<String>,
    /// The versions listed under `versions:` (kept as data).
    pub versions: Vec<String>,
}

/// The four `versioning*` flags of the old `registry.xml` (`staticConfiguration`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RegistryVersioning {
    pub properties: bool,
    pub comments: bool,
    pub tags: bool,
    pub ratings: bool,
}

impl RegistryVersioning {
    pub fn any(&self) -> bool {
        self.properties || self.comments || self.tags || self.ratings
    }
}

/// The version step of this migration: a step of `catalog/<step>.toml` from one of its source
/// versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VersionStep {
    pub from: String,
    pub to: String,
    /// WSO2's migration client runs for this source version.
    pub migration_client: bool,
    /// The step's data: what applies, its words, the tables it adds.
    #[serde(skip)]
    pub catalog: &'static Catalog,
}

impl VersionStep {
    /// The step of `catalog` from source version `from`, if the catalog starts from it.
    pub fn new(catalog: &'static Catalog, from: &str) -> Option<VersionStep> {
        let f = catalog.from.iter().find(|f| f.version == from.trim())?;
        Some(VersionStep {
            from: f.version.clone(),
            to: catalog.step.clone(),
            migration_client: f.migration_client,
            catalog,
        })
    }
}

/// Everything the later stages know of the configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Config {
    pub sync: Option<SyncSettings>,
    pub source: Option<Datasource>,
    pub target: Option<Datasource>,
    pub migration: Option<MigrationSettings>,
    pub registry: Option<RegistryVersioning>,
    pub step: Option<VersionStep>,
    /// Dialects to generate for, in output order.
    pub dialects: Vec<Dialect>,
    /// Names of `$env{}`/`$sys{}` variables that were used (never their values).
    pub env_vars_used: Vec<String>,
    /// Input files and their sha256, in a stable order.
    pub inputs: Vec<(String, String)>,
    /// `--registry-cleanup` / `--no-registry-cleanup`; None = decided by registry.xml.
    pub registry_cleanup_flag: Option<bool>,
    /// The DB2 schema of the target identity tables: `--db2-schema`, else the target JDBC URL's
    /// `currentSchema` (DB2 target only).
    pub db2_schema: Option<String>,
    /// Every other datasource of the datasource file (user store, registry, …): the migration
    /// copies each one for the new IS, as it copies the identity database.
    pub other_datasources: Vec<OtherDatasource>,
    /// The migration client's migrators for this migration, when migration-resources was given
    /// and the client runs for the source version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_steps: Option<client_steps::ClientSteps>,
}

/// A datasource that is neither side of identitySchema. Holds no password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OtherDatasource {
    /// `id` (TOML) or `<name>` (XML).
    pub id: String,
    /// The JDBC URL as written (`$env{}` not resolved), without password parameters.
    pub url: Option<String>,
}

impl Config {
    /// The version step's migration scripts are wanted: a supported step is known and migration-config.yaml
    /// (when given) does not say `migrationEnable: false`.
    pub fn migration_on(&self) -> bool {
        self.step.is_some() && self.migration.as_ref().is_none_or(|m| m.migration_enable)
    }
}

/// Location of a roxmltree error (its row/column converted to a byte offset).
pub(crate) fn xml_error_location(file: &SourceFile, e: &roxmltree::Error) -> Location {
    let pos = e.pos();
    let start = line_offset(&file.text, pos.row as usize);
    let col = (pos.col as usize).saturating_sub(1);
    let off = file.text[start..]
        .char_indices()
        .nth(col)
        .map(|(i, _)| start + i)
        .unwrap_or(file.text.len().min(start + col));
    file.location(off, 0)
}

const LAYOUT_HINT: &str = "a migration directory holds sync.properties, deployment.toml (or master-datasources.xml), \
migration-config.yaml, registry.xml and schema/<dialect>.sql";

/// Builds the configuration from the inputs. Returns the config (as complete as the inputs allow)
/// and every problem found, in the order of the steps below.
pub fn build(inputs: &Inputs, opts: &Options) -> (Config, Diagnostics) {
    let mut diags = Diagnostics::new();
    let sync_read = read_sync_properties(inputs, &mut diags);
    let (defs, ds_file) = read_datasources(inputs, opts, &mut diags);
    let identity_schema = sync_read.as_ref().and_then(|r| r.identity_schema.as_ref());
    let (source, target, env_vars_used) = match (ds_file, identity_schema) {
        (Some(file), Some(names)) => resolve_sides(inputs, opts, &defs, file, names, &mut diags),
        _ => (None, None, Vec::new()),
    };
    let other_datasources = match identity_schema {
        Some((s, t)) => other_datasources(&defs, &s.value, &t.value),
        None => Vec::new(),
    };
    let migration = inputs
        .migration_config
        .as_ref()
        .and_then(|f| migration::read(f, &mut diags));
    let registry = inputs
        .registry_xml
        .as_ref()
        .and_then(|f| registry::read(f, &mut diags));
    if let (Some(m), Some(r)) = (&migration, &sync_read) {
        check_versions_agree(m, r, &mut diags);
    }
    let step = version_step(inputs, &migration, &sync_read, &mut diags);
    let dialects = dialects(opts, &source, &target);
    let sync = sync_read.and_then(SyncSettings::complete);
    // No message may carry a secret, even one quoted back from a parser.
    let mut diags = scrub_secrets(inputs, diags);
    let db2_schema = db2_schema(opts, &target);
    let mut config = Config {
        other_datasources,
        sync,
        source,
        target,
        migration,
        registry,
        step,
        dialects,
        env_vars_used,
        registry_cleanup_flag: opts.registry_cleanup,
        db2_schema,
        client_steps: None,
        inputs: inputs
            .files()
            .iter()
            .map(|f| (f.display.to_string(), f.sha256.clone()))
            .collect(),
    };
    if config.migration_on() {
        check_migration_inputs(inputs, opts, &config, &mut diags);
        if let (Some(res), Some(step)) = (&inputs.migration_resources, &config.step) {
            if step.migration_client {
                config.client_steps = client_steps::read(res, &step.from, &step.to, &mut diags);
            }
        }
    }
    if config.sync.is_some() {
        warn_refused_dialects(&config, &mut diags);
    }
    drop_unguarded_database_names(&mut config, &mut diags);
    (config, diags)
}

/// The datasources of the file that identitySchema does not name, in file order.
fn other_datasources(defs: &[datasource::DsDef], s: &str, t: &str) -> Vec<OtherDatasource> {
    let sides = [datasource::find(defs, s), datasource::find(defs, t)];
    defs.iter()
        .filter(|d| !sides.iter().flatten().any(|x| std::ptr::eq(*x, *d)))
        .map(|d| OtherDatasource {
            id: d.id.clone(),
            url: d.url.as_ref().map(|(u, _)| jdbc::strip_passwords(u)),
        })
        .collect()
}

/// W011: sync scripts for a dialect whose servers WSO2's sync runtime refuses (SQL Server).
fn warn_refused_dialects(config: &Config, diags: &mut Diagnostics) {
    for d in &config.dialects {
        let Some(why) = d.rules().runtime_refusal else {
            continue;
        };
        let at = [&config.source, &config.target]
            .into_iter()
            .flatten()
            .find(|ds| ds.dialect == *d)
            .and_then(|ds| ds.location.clone());
        diags.push(
            Diagnostic::warning("W011", format!("sync scripts are generated for {d}, but {why}"))
                .at_opt(at)
                .hint("plan this database's switch for a maintenance window (stop writes, copy, migrate), or apply the journal with a tool that follows WSO2's runtime contract"),
        );
    }
}

/// sync.properties, read and checked; E001 when it is missing (not when it is unreadable: that
/// was reported when it was read).
fn read_sync_properties(inputs: &Inputs, diags: &mut Diagnostics) -> Option<SyncRead> {
    match &inputs.sync_properties {
        Some(f) => Some(properties::read(f, diags)),
        None if inputs
            .unreadable
            .iter()
            .any(|n| n == input::SYNC_PROPERTIES) =>
        {
            None
        }
        None => {
            diags.push(
                Diagnostic::error(
                    "E001",
                    format!(
                        "{} is missing",
                        join(&inputs.dir_display, input::SYNC_PROPERTIES)
                    ),
                )
                .hint(LAYOUT_HINT),
            );
            None
        }
    }
}

/// The datasource definitions of deployment.toml (master-datasources.xml when there is no
/// deployment.toml), and the file they come from.
fn read_datasources<'i>(
    inputs: &'i Inputs,
    opts: &Options,
    diags: &mut Diagnostics,
) -> (Vec<datasource::DsDef>, Option<&'i SourceFile>) {
    match (&inputs.deployment_toml, &inputs.master_datasources) {
        (Some(t), xml) => {
            if let Some(x) = xml {
                diags.push(
                    Diagnostic::warning(
                        "W001",
                        format!(
                            "{} is ignored: deployment.toml defines the datasources",
                            x.display
                        ),
                    )
                    .at(x.location(0, 0))
                    .hint("keep only the datasource file of the IS the migration runs with"),
                );
            }
            (datasource::read_toml(t, diags), Some(t))
        }
        (None, Some(x)) => (datasource::read_xml(x, diags), Some(x)),
        (None, None) => {
            if opts.dialect.is_none() {
                diags.push(
                    Diagnostic::error(
                        "E026",
                        format!(
                            "no datasource file in {}: neither deployment.toml nor master-datasources.xml",
                            inputs.dir_display
                        ),
                    )
                    .hint("add the IS's deployment.toml (or master-datasources.xml), or give --dialect"),
                );
            }
            (Vec::new(), None)
        }
    }
}

/// The source and target datasources identitySchema names, resolved in the datasource file
/// (`$env{}` values substituted; the variables' names, sorted, come back too). E051 when both
/// are the same database.
#[allow(clippy::type_complexity)]
fn resolve_sides(
    inputs: &Inputs,
    opts: &Options,
    defs: &[datasource::DsDef],
    file: &SourceFile,
    (s, t): &(Located<String>, Located<String>),
    diags: &mut Diagnostics,
) -> (Option<Datasource>, Option<Datasource>, Vec<String>) {
    let file_name = file
        .display
        .rsplit('/')
        .next()
        .unwrap_or(&file.display)
        .to_string();
    let r = datasource::Resolver {
        defs,
        file_name: &file_name,
        env: &inputs.env,
        quiet_env: opts.dialect.is_some(),
    };
    let mut env_vars_used = Vec::new();
    let source = datasource::resolve(s, "source", &r, &mut env_vars_used, diags);
    let target = datasource::resolve(t, "target", &r, &mut env_vars_used, diags);
    let same_def = match (
        datasource::find(defs, &s.value),
        datasource::find(defs, &t.value),
    ) {
        (Some(a), Some(b)) => std::ptr::eq(a, b),
        _ => false,
    };
    // where a user is its own schema (Oracle), one service holds both sides under two users
    let same_url = matches!((&source, &target), (Some(a), Some(b)) if a.url == b.url
        && !(a.dialect.rules().user_is_schema
            && matches!((&a.username, &b.username), (Some(x), Some(y)) if !x.eq_ignore_ascii_case(y))));
    if same_def || same_url {
        let what = if same_def {
            format!("both name datasource {:?}", s.value)
        } else if source
            .as_ref()
            .is_some_and(|a| a.dialect.rules().user_is_schema)
        {
            "both datasources have the same url and user".to_string()
        } else {
            "both datasources have the same url".to_string()
        };
        diags.push(
            Diagnostic::error(
                "E051",
                format!("the source and target of identitySchema are the same database: {what}"),
            )
            .at_opt(t.location.clone())
            .hint(
                "the source is the old IS's identity database, the target the new IS's copy of it",
            ),
        );
    }
    env_vars_used.sort();
    env_vars_used.dedup();
    (source, target, env_vars_used)
}

/// E050: migration-config.yaml and sync.properties name the same versions.
fn check_versions_agree(m: &MigrationSettings, r: &SyncRead, diags: &mut Diagnostics) {
    for (yk, y, pk, p) in [
        (
            "currentVersion",
            &m.current_version,
            "sourceVersion",
            &r.source_version,
        ),
        (
            "migrateVersion",
            &m.migrate_version,
            "targetVersion",
            &r.target_version,
        ),
    ] {
        if let Some(p) = p {
            if p.value != y.value {
                diags.push(
                    Diagnostic::error(
                        "E050",
                        format!(
                            "migration-config.yaml {yk} {:?} disagrees with sync.properties {pk} {:?}",
                            y.value, p.value
                        ),
                    )
                    .at_opt(y.location.clone())
                    .hint("both files describe the same migration: make the two versions equal"),
                );
            }
        }
    }
}

/// The version step the migration makes: from migration-config.yaml, else (when there is no
/// such file) from sync.properties. E032 when ismig has no such step.
fn version_step(
    inputs: &Inputs,
    migration: &Option<MigrationSettings>,
    sync_read: &Option<SyncRead>,
    diags: &mut Diagnostics,
) -> Option<VersionStep> {
    let (from, to) = match (migration, sync_read) {
        (Some(m), _) => (&m.current_version, &m.migrate_version),
        (None, Some(r)) if inputs.migration_config.is_none() => {
            match (&r.source_version, &r.target_version) {
                (Some(a), Some(b)) => (a, b),
                _ => return None,
            }
        }
        _ => return None,
    };
    match crate::catalog::find(&from.value, &to.value) {
        Some(c) => VersionStep::new(c, &from.value),
        None => {
            diags.push(
                Diagnostic::error(
                    "E032",
                    format!(
                        "IS {} → {} is not a version step ismig supports",
                        from.value, to.value
                    ),
                )
                .at_opt(from.location.clone())
                .hint(format!(
                    "supported steps: {}",
                    crate::catalog::supported_list()
                )),
            );
            None
        }
    }
}

/// The dialects to generate: `--dialect`, else those of the two datasources.
fn dialects(
    opts: &Options,
    source: &Option<Datasource>,
    target: &Option<Datasource>,
) -> Vec<Dialect> {
    match opts.dialect {
        Some(chosen) => chosen.dialects(),
        None => Dialect::ALL
            .into_iter()
            .filter(|d| {
                source.as_ref().is_some_and(|s| s.dialect == *d)
                    || target.as_ref().is_some_and(|t| t.dialect == *d)
            })
            .collect(),
    }
}

impl SyncSettings {
    /// The settings when every mandatory key was read.
    fn complete(r: SyncRead) -> Option<SyncSettings> {
        Some(SyncSettings {
            source_version: r.source_version?,
            target_version: r.target_version?,
            batch_size: r.batch_size?,
            sync_interval_ms: r.sync_interval_ms?,
            sync_tables: r.sync_tables?,
            identity_schema: r.identity_schema?,
        })
    }
}

/// The diagnostics with every secret value of the inputs masked out of messages and hints.
fn scrub_secrets(inputs: &Inputs, diags: Diagnostics) -> Diagnostics {
    let secret_values = secrets::secret_values(inputs);
    let mut clean = Diagnostics::new();
    for mut d in diags.iter().cloned() {
        d.message = secrets::scrub(&d.message, &secret_values);
        d.hint = d.hint.map(|h| secrets::scrub(&h, &secret_values));
        clean.push(d);
    }
    clean
}

/// The DB2 schema of the target identity tables: `--db2-schema`, else a DB2 target URL's
/// `currentSchema`.
fn db2_schema(opts: &Options, target: &Option<Datasource>) -> Option<String> {
    opts.db2_schema
        .as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| {
            target
                .as_ref()
                .filter(|t| t.dialect.rules().moves_oauth2_tables)
                .and_then(|t| t.schema.clone())
        })
}

/// What the migration scripts need from the inputs: the DB2 schema for the tablespace move
/// (E080, W010) and, for the registry cleanup, registry.xml or a flag (W005).
fn check_migration_inputs(
    inputs: &Inputs,
    opts: &Options,
    config: &Config,
    diags: &mut Diagnostics,
) {
    let step = config.step.as_ref();
    let target = config.target.as_ref();
    let wants_move = step.is_some_and(|s| s.catalog.db2_move);
    if wants_move
        && config
            .dialects
            .iter()
            .any(|d| d.rules().moves_oauth2_tables)
    {
        let target_is_db2 = target.is_some_and(|t| t.dialect.rules().moves_oauth2_tables);
        match &config.db2_schema {
            // DB2 scripts asked for (e.g. --dialect all) while the target is another database:
            // the move script cannot be written, and nothing requires it
            None if !target_is_db2 => diags.push(
                Diagnostic::warning(
                    "W010",
                    "db2/02-db2-move-oauth2-tables.sql is not generated: the DB2 schema of the OAuth2 tables is not known",
                )
                .hint("give --db2-schema NAME to generate it"),
            ),
            None => diags.push(
                Diagnostic::error(
                    "E080",
                    "the DB2 schema of IDN_OAUTH2_ACCESS_TOKEN and IDN_OAUTH2_AUTHORIZATION_CODE is not known: \
                     the target JDBC URL has no currentSchema"
                        .to_string(),
                )
                .at_opt(target.and_then(|t| t.location.clone()))
                .hint("add ;currentSchema=NAME; to the target DB2 JDBC URL, or give --db2-schema NAME"),
            ),
            Some(s) if !crate::dialect::is_plain_identifier(s) => diags.push(
                Diagnostic::error(
                    "E080",
                    format!("the DB2 schema {s:?} is not a plain identifier"),
                )
                .hint("give the schema as the catalog stores it: letters, digits and _"),
            ),
            Some(_) => {}
        }
    }
    let wants_cleanup = step.is_some_and(|s| s.catalog.registry_cleanup);
    if wants_cleanup && inputs.registry_xml.is_none() && opts.registry_cleanup.is_none() {
        diags.push(
            Diagnostic::warning(
                "W005",
                format!(
                    "no registry.xml in {}: the registry versioning cleanup (01-registry-versioning-cleanup.sql) is not generated",
                    inputs.dir_display
                ),
            )
            .hint("add the old IS's repository/conf/registry.xml, or give --registry-cleanup (versioning was on) or --no-registry-cleanup (it was off)"),
        );
    }
}

/// W009: a database name a guard cannot compare safely is dropped, so that its scripts get no
/// wrong-target guard rather than one built from text ismig will not put into SQL.
fn drop_unguarded_database_names(config: &mut Config, diags: &mut Diagnostics) {
    for (role, side) in [
        ("source", &mut config.source),
        ("target", &mut config.target),
    ] {
        let Some(ds) = side.as_mut() else { continue };
        if ds.tns_alias {
            diags.push(
                Diagnostic::warning(
                    "W009",
                    format!("the {role} JDBC URL of {} names a TNS alias, which the client resolves: the database's own name is not known, so its scripts have no wrong-target guard", ds.id),
                )
                .at_opt(ds.location.clone())
                .hint("give the URL as jdbc:oracle:thin:@//host:port/service to get a guard; until then check the connection by hand before each step"),
            );
        }
        if ds.database.as_deref().is_some_and(|db| !guard_safe(db)) {
            diags.push(
                Diagnostic::warning(
                    "W009",
                    format!("the {role} database name in the JDBC URL of {} has characters ismig will not put into SQL; its scripts have no wrong-target guard", ds.id),
                )
                .at_opt(ds.location.clone())
                .hint("database names of letters, digits, _, - and . get a guard; check the connection by hand before each step"),
            );
            ds.database = None;
        }
    }
}

/// A database name that may be compared in a guard: it goes into string literals of every dialect
/// (and PostgreSQL `$$` bodies), so only letters, digits, `_`, `-` and `.` are accepted.
pub fn guard_safe(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}
