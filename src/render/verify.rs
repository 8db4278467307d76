//! The view-model of the post-migration schema check (`50-schema-verify-<version>.sql`): the
//! expected catalog of the plan (`--schema-after`) as rows of string literals, one list per kind
//! (tables, columns, primary keys, unique keys, indexes), each value spelled as the dialect's
//! catalog stores it — names upper case, types as the catalog names them
//! ([`DialectRules::catalog_type`]), key columns joined by `,` in key order. The comparison with
//! the engine's catalog is set-based SQL in each dialect's template.

use std::fmt::Display;

use crate::dialect::DialectRules;
use crate::model::TypeClass;
use crate::model::expected::{Column, Expected, Table};

use super::view::sql_string;

/// The expected catalog of one dialect.
pub struct VerifyView<'a> {
    pub rules: &'static DialectRules,
    pub expected: &'a Expected,
    /// The version the expected schema is the fresh install of (`` when unknown).
    pub version: &'a str,
}

/// One expected object of a table: its key within the table (a column's name, an index's name,
/// a unique key's columns; `-` for the primary key) and its description, spelled exactly as the
/// template spells what it finds (`CHARACTER VARYING(255) NOT NULL`, `UNIQUE (A,B)`, `(A,B)`).
/// All three are string literals.
pub struct Row {
    pub table: String,
    pub key: String,
    pub description: String,
}

/// A name as a catalog literal, upper case (every comparison is on upper-case names).
fn upper_lit(name: &str) -> String {
    sql_string(&name.to_ascii_uppercase())
}

impl<'a> VerifyView<'a> {
    /// The version, as said in messages (`5.9.0`, or `fresh-install`).
    pub fn version(&self) -> &str {
        if self.version.is_empty() {
            "fresh-install"
        } else {
            self.version
        }
    }

    pub fn tables(&self) -> impl Iterator<Item = String> + 'a {
        self.expected.tables.iter().map(|t| upper_lit(&t.name))
    }

    /// Every column: key its name, description its type as the catalog names it, the length of
    /// a character type, and its nullability.
    pub fn columns(&self) -> impl Iterator<Item = Row> + 'a {
        let rules = self.rules;
        self.expected.tables.iter().flat_map(move |t: &'a Table| {
            t.columns.iter().map(move |c| Row {
                table: upper_lit(&t.name),
                key: upper_lit(&c.name),
                description: sql_string(&column_description(rules, c)),
            })
        })
    }

    /// Every primary key: key `-`, description its columns.
    pub fn primary_keys(&self) -> impl Iterator<Item = Row> + 'a {
        self.expected
            .tables
            .iter()
            .filter(|t| !t.primary_key.is_empty())
            .map(|t| Row {
                table: upper_lit(&t.name),
                key: sql_string("-"),
                description: columns_description(&t.primary_key),
            })
    }

    /// Unique constraints and unique indexes alike (a catalog may keep either as the other),
    /// each key once: key and description its columns.
    pub fn unique_keys(&self) -> Vec<Row> {
        let mut seen: Vec<(String, String)> = Vec::new();
        let constraints = self
            .expected
            .tables
            .iter()
            .flat_map(|t| t.unique_keys.iter().map(move |k| (t.name.as_str(), k)));
        let indexes = self
            .expected
            .indexes
            .iter()
            .filter(|i| i.unique)
            .map(|i| (i.table.as_str(), &i.columns));
        for (table, cols) in constraints.chain(indexes) {
            let key = (upper_lit(table), upper_lit(&cols.join(",")));
            if !seen.contains(&key) {
                seen.push(key);
            }
        }
        seen.into_iter()
            .map(|(table, key)| Row {
                description: sql_string(&format!("({})", &key[1..key.len() - 1])),
                table,
                key,
            })
            .collect()
    }

    /// Every index: key its name, description `UNIQUE (A,B)` or `(A,B)`.
    pub fn indexes(&self) -> impl Iterator<Item = Row> + 'a {
        self.expected.indexes.iter().map(|i| Row {
            table: upper_lit(&i.table),
            key: upper_lit(&i.name),
            description: sql_string(&format!(
                "{}({})",
                if i.unique { "UNIQUE " } else { "" },
                i.columns.join(",").to_ascii_uppercase()
            )),
        })
    }

    /// The number of expected tables, columns, keys and indexes, for the script's comment.
    pub fn counts(&self) -> impl Display + 'a {
        let e = self.expected;
        let columns: usize = e.tables.iter().map(|t| t.columns.len()).sum();
        format!(
            "{} tables, {} columns, {} indexes",
            e.tables.len(),
            columns,
            e.indexes.len()
        )
    }
}

/// `CHARACTER VARYING(255) NOT NULL`: the type as the catalog names it, the length of a
/// character type, the nullability.
fn column_description(rules: &DialectRules, c: &Column) -> String {
    let length = match c.ty.class {
        TypeClass::Text => c.ty.args.first().map(|a| {
            a.trim()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        }),
        _ => None,
    }
    .filter(|n| !n.is_empty())
    .map(|n| format!("({n})"))
    .unwrap_or_default();
    // an identity column is NOT NULL in every engine, declared so or not
    let null = if c.nullable && !c.identity {
        "NULL"
    } else {
        "NOT NULL"
    };
    format!(
        "{}{length} {null}",
        rules.catalog_type(&c.ty.base).to_ascii_uppercase()
    )
}

/// `'(A,B)'`: key columns in key order.
fn columns_description(columns: &[String]) -> String {
    sql_string(&format!("({})", columns.join(",").to_ascii_uppercase()))
}
