//! The version steps, as data: `catalog/<step>.toml`, one file per step (listed by `build.rs` and
//! read at build time), parsed here into [`Catalog`]: the source versions a step starts from, which
//! of its scripts apply, the words PLAN.md and the scripts use for it, and what it adds to the
//! identity database. Types are written per dialect exactly as WSO2's scripts of that version
//! write them; the templates `templates/<dialect>/03-new-tables.sql` only wrap them in "create
//! where missing". Adding a step is adding a file: no code names a version.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::dialect::Dialect;

// `FILES`: every `catalog/*.toml` as (file name, text), made by build.rs.
include!(concat!(env!("OUT_DIR"), "/catalog_files.rs"));

/// A version step: what it starts from, what applies, its words and what it adds.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// The version the step migrates to; names the file `03-new-tables-<step>.sql`.
    pub step: String,
    /// The registry versioning cleanup (01) is part of the step.
    pub registry_cleanup: bool,
    /// DB2 moves the OAuth2 tables to the 32K tablespace (02) in this step.
    pub db2_move: bool,
    /// The source versions the step starts from.
    pub from: Vec<FromVersion>,
    pub text: StepText,
    pub tables: Vec<CatalogTable>,
    #[serde(default)]
    pub indexes: Vec<CatalogIndex>,
}

/// A source version a step starts from.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FromVersion {
    pub version: String,
    /// WSO2's migration client runs for this source version (a runbook step).
    pub migration_client: bool,
}

/// The words of a step: script titles (provenance headers), the reasons report.json and PLAN.md
/// give, and the runbook's wording of the step's own steps.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StepText {
    pub registry_cleanup_title: String,
    pub db2_move_title: String,
    pub db2_move_reason: String,
    pub new_tables_title: String,
    pub new_tables_reason: String,
    pub user_store_passwords: String,
    pub prepare_new_is: String,
    pub prepare_new_is_check: String,
    /// `{values}` stands for the migration-config.yaml values.
    pub migration_client: String,
    pub no_migration_client: String,
    pub new_tables_step: String,
    pub new_tables_skipped: String,
    pub new_tables_check: String,
    pub new_tables_rollback: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogTable {
    pub name: String,
    pub primary_key: Vec<String>,
    /// Dialect name → primary key, where a dialect's script differs.
    #[serde(default)]
    pub primary_key_by_dialect: BTreeMap<String, Vec<String>>,
    pub columns: Vec<CatalogColumn>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogColumn {
    pub name: String,
    /// Type and nullability, as the dialects' scripts write them.
    #[serde(rename = "type")]
    pub ty: String,
    /// Dialect name → type, where a dialect's script differs.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// Dialects where the name is reserved and is written double-quoted.
    #[serde(default)]
    pub quote_in: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogIndex {
    pub name: String,
    pub table: String,
    pub columns: Vec<String>,
}

impl CatalogTable {
    pub fn primary_key_for(&self, d: Dialect) -> &[String] {
        self.primary_key_by_dialect
            .get(d.name())
            .unwrap_or(&self.primary_key)
    }
}

impl CatalogColumn {
    pub fn type_for(&self, d: Dialect) -> &str {
        self.types.get(d.name()).unwrap_or(&self.ty)
    }

    /// The name as written in DDL of dialect `d`: quoted where it is reserved there.
    pub fn name_for(&self, d: Dialect) -> String {
        if self.quote_in.iter().any(|q| q == d.name()) {
            format!("\"{}\"", self.name.to_ascii_uppercase())
        } else {
            self.name.clone()
        }
    }
}

/// Parses and checks one catalog file's text.
pub fn parse(text: &str) -> Result<Catalog, String> {
    let c: Catalog = toml::from_str(text).map_err(|e| e.to_string())?;
    check(&c)?;
    Ok(c)
}

/// Every step ismig knows, in file name order; an error names the file that does not read (a
/// fault of the build, caught by the tests).
pub fn steps() -> Result<&'static [Catalog], &'static str> {
    static STEPS: LazyLock<Result<Vec<Catalog>, String>> = LazyLock::new(|| {
        FILES
            .iter()
            .map(|(name, text)| parse(text).map_err(|e| format!("catalog/{name}: {e}")))
            .collect()
    });
    STEPS.as_deref().map_err(String::as_str)
}

/// The step from `from` to `to`, if ismig knows it.
pub fn find(from: &str, to: &str) -> Option<&'static Catalog> {
    steps()
        .ok()?
        .iter()
        .find(|c| c.step == to.trim() && c.from.iter().any(|f| f.version == from.trim()))
}

/// Every known step as `<from> → <to>`, comma-separated, for hints.
pub fn supported_list() -> String {
    steps()
        .unwrap_or_default()
        .iter()
        .flat_map(|c| {
            c.from
                .iter()
                .map(move |f| format!("{} → {}", f.version, c.step))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The versions the known steps migrate to, joined by `/` (for text that names no step).
pub fn targets() -> String {
    steps()
        .unwrap_or_default()
        .iter()
        .map(|c| c.step.as_str())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every name a plain identifier, every key and index column a column of its table, every dialect
/// override a known dialect, no quote in a type (types are pasted into string literals too).
fn check(c: &Catalog) -> Result<(), String> {
    let plain = |s: &str| crate::dialect::is_plain_identifier(s);
    for t in &c.tables {
        if !plain(&t.name) {
            return Err(format!("table name {:?}", t.name));
        }
        let has = |n: &str| t.columns.iter().any(|c| c.name == n);
        for col in &t.columns {
            if !plain(&col.name) || col.quote_in.iter().any(|d| Dialect::from_name(d).is_none()) {
                return Err(format!("{}: column name {:?}", t.name, col.name));
            }
            for (d, ty) in std::iter::once((&"".to_string(), &col.ty)).chain(col.types.iter()) {
                if !d.is_empty() && Dialect::from_name(d).is_none() {
                    return Err(format!("{}.{}: unknown dialect {d:?}", t.name, col.name));
                }
                if ty.contains(['\'', ';', '"']) || ty.trim().is_empty() {
                    return Err(format!("{}.{}: type {ty:?}", t.name, col.name));
                }
            }
        }
        for (d, pk) in std::iter::once((&"".to_string(), &t.primary_key))
            .chain(t.primary_key_by_dialect.iter())
        {
            if !d.is_empty() && Dialect::from_name(d).is_none() {
                return Err(format!("{}: unknown dialect {d:?}", t.name));
            }
            if pk.is_empty() || pk.iter().any(|k| !has(k)) {
                return Err(format!("{}: primary key {pk:?}", t.name));
            }
        }
    }
    for i in &c.indexes {
        let Some(t) = c.tables.iter().find(|t| t.name == i.table) else {
            return Err(format!("index {}: no table {}", i.name, i.table));
        };
        if !plain(&i.name)
            || i.columns
                .iter()
                .any(|k| !t.columns.iter().any(|c| c.name == *k))
        {
            return Err(format!("index {}", i.name));
        }
    }
    Ok(())
}
