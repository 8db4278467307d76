//! What each version step adds to the identity database, as data: `catalog/<step>.toml` (one file
//! per step, read at build time with `include_str!`), parsed here into [`Catalog`]. Types are
//! written per dialect exactly as WSO2's scripts of that version write them; the templates
//! `templates/<dialect>/03-new-tables-<step>.sql` only wrap them in "create where missing".

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::dialect::Dialect;

/// One catalog file per step: (step, text).
const FILES: &[(&str, &str)] = &[("5.9.0", include_str!("../../catalog/5.9.0.toml"))];

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub step: String,
    pub tables: Vec<CatalogTable>,
    #[serde(default)]
    pub indexes: Vec<CatalogIndex>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogTable {
    pub name: String,
    pub primary_key: Vec<String>,
    /// Dialect name → primary key, where a dialect's script differs.
    #[serde(default)]
    pub primary_key_by_dialect: BTreeMap<String, Vec<String>>,
    pub columns: Vec<CatalogColumn>,
}

#[derive(Clone, Debug, Deserialize)]
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

#[derive(Clone, Debug, Deserialize)]
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

/// The catalog of a step (`new_tables_catalog` of a [`crate::config::VersionStep`]).
pub fn load(step: &str) -> Result<Catalog, String> {
    let (_, text) = FILES
        .iter()
        .find(|(s, _)| *s == step)
        .ok_or_else(|| format!("no catalog for step {step}"))?;
    let c: Catalog = toml::from_str(text).map_err(|e| format!("catalog/{step}.toml: {e}"))?;
    check(&c).map_err(|e| format!("catalog/{step}.toml: {e}"))?;
    Ok(c)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_5_9_0() {
        let c = load("5.9.0").unwrap();
        let names: Vec<&str> = c.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "FIDO2_DEVICE_STORE",
                "IDN_AUTH_SESSION_APP_INFO",
                "IDN_AUTH_SESSION_META_DATA",
                "IDN_FUNCTION_LIBRARY"
            ]
        );
        assert_eq!(c.indexes[0].name, "IDX_FIDO2_STR");
        let fido = &c.tables[0];
        assert_eq!(
            fido.primary_key_for(Dialect::Postgresql),
            ["CREDENTIAL_ID", "USER_HANDLE"]
        );
        assert_eq!(fido.primary_key_for(Dialect::H2).len(), 4);
        assert!(load("9.9.9").is_err());
    }
}
