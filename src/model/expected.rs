//! The catalog a migrated target should have ([`Expected`]): the fresh-install schema of the
//! version migrated to (`--schema-after`), read whole — every table with its columns, primary
//! key, unique keys and indexes — for the post-migration schema check. Dialect-neutral: the
//! catalog's spelling of each type is asked of the dialect when the check is rendered.

use crate::diag::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::schema::Schema;

pub use crate::schema::{Column, Index, Table};

/// The fresh-install schema a migrated target is compared with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    /// Display paths and hashes of its DDL files.
    pub files: Vec<(String, String)>,
    /// Every table it creates, in file order.
    pub tables: Vec<Table>,
    /// The indexes it creates on them, in file order.
    pub indexes: Vec<Index>,
}

/// The expected catalog of `dialect` from its fresh-install DDL, read with every table parsed. A
/// table that does not parse is an error (E067): a check that skipped it would pass a target
/// that lacks it.
pub fn expected(dialect: Dialect, schema: Schema, diags: &mut Diagnostics) -> Expected {
    for broken in &schema.broken {
        diags.push(
            Diagnostic::error(
                "E067",
                format!(
                    "CREATE TABLE {} of the --schema-after DDL ({dialect}) does not parse: {}",
                    broken.name, broken.message
                ),
            )
            .at(broken.location.clone())
            .hint("give the fresh-install DDL of the version migrated to, as WSO2 ships it"),
        );
    }
    Expected {
        files: schema.files,
        tables: schema.tables,
        indexes: schema.indexes,
    }
}
