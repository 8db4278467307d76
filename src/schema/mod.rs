//! The `schema` stage: DDL text → [`Schema`]. Splits each file by its client's rules keeping byte
//! offsets (`split`), parses one statement at a time with sqlparser and keeps only what the model
//! needs (`extract`): tables with their columns in order, types, nullability, defaults, identity,
//! primary, unique and foreign keys. Pure: it receives texts, it reads no file.

pub mod extract;
pub mod split;

use serde::Serialize;

use crate::diag::{Diagnostics, Location};
use crate::dialect::Dialect;
use crate::source::SourceFile;

/// Broad class of a column type, enough for the model to decide trigger access, test values and
/// journal rendering. The exact spelling is kept in [`ColumnType::sql`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TypeClass {
    /// CHAR, VARCHAR, VARCHAR2, NVARCHAR, …
    Text,
    /// CLOB, TEXT, LONGVARCHAR, NTEXT, LONG, MEDIUMTEXT, …
    LongText,
    /// SMALLINT, INTEGER, INT, BIGINT, NUMBER(p) with no scale, DECIMAL(p,0), …
    Integer,
    /// DECIMAL/NUMERIC/NUMBER with scale, FLOAT, REAL, DOUBLE
    Decimal,
    Boolean,
    /// DATE
    Date,
    /// TIMESTAMP, DATETIME, DATETIME2
    Timestamp,
    /// BLOB, BYTEA, VARBINARY, IMAGE, LONGBLOB, RAW, …
    Binary,
    Other,
}

/// A column type as the schema declares it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ColumnType {
    /// Upper-case base name without size: `VARCHAR2`, `INTEGER`, `BLOB`, `TIMESTAMP`.
    pub base: String,
    /// Size / precision arguments as written, e.g. `["255"]`, `["31", "0"]`, `["MAX"]`, `["2G"]`.
    pub args: Vec<String>,
    /// Canonical spelling: `BASE` or `BASE(arg, arg)`.
    pub sql: String,
    pub class: TypeClass,
}

impl ColumnType {
    pub fn new(base: &str, args: Vec<String>) -> Self {
        let base = base.trim().to_ascii_uppercase();
        let sql = if args.is_empty() {
            base.clone()
        } else {
            format!("{}({})", base, args.join(", "))
        };
        let class = classify(&base, &args);
        ColumnType {
            base,
            args,
            sql,
            class,
        }
    }
}

/// Classifies a base type name (upper case) with its arguments.
pub fn classify(base: &str, args: &[String]) -> TypeClass {
    let b = base.to_ascii_uppercase();
    let b = b.as_str();
    match b {
        "CHAR" | "VARCHAR" | "VARCHAR2" | "NCHAR" | "NVARCHAR" | "NVARCHAR2" | "CHARACTER"
        | "CHARACTER VARYING" | "VARCHAR_IGNORECASE" | "STRING" => {
            if args.first().is_some_and(|a| a.eq_ignore_ascii_case("MAX")) {
                TypeClass::LongText
            } else {
                TypeClass::Text
            }
        }
        "CLOB"
        | "NCLOB"
        | "TEXT"
        | "NTEXT"
        | "LONGVARCHAR"
        | "LONG VARCHAR"
        | "LONG"
        | "MEDIUMTEXT"
        | "LONGTEXT"
        | "TINYTEXT"
        | "DBCLOB"
        | "CHARACTER LARGE OBJECT" => TypeClass::LongText,
        "SMALLINT" | "INTEGER" | "INT" | "BIGINT" | "TINYINT" | "MEDIUMINT" | "INT2" | "INT4"
        | "INT8" | "SERIAL" | "BIGSERIAL" | "SMALLSERIAL" | "SERIAL4" | "SERIAL8" => {
            TypeClass::Integer
        }
        "NUMBER" | "DECIMAL" | "NUMERIC" | "DEC" => {
            if args.len() == 2 && args[1].trim() != "0" {
                TypeClass::Decimal
            } else if args.is_empty() && b == "NUMBER" {
                TypeClass::Decimal
            } else {
                TypeClass::Integer
            }
        }
        "FLOAT" | "REAL" | "DOUBLE" | "DOUBLE PRECISION" | "BINARY_FLOAT" | "BINARY_DOUBLE"
        | "DECFLOAT" | "MONEY" => TypeClass::Decimal,
        "BOOLEAN" | "BOOL" | "BIT" => TypeClass::Boolean,
        "DATE" => TypeClass::Date,
        "TIMESTAMP"
        | "DATETIME"
        | "DATETIME2"
        | "SMALLDATETIME"
        | "TIMESTAMPTZ"
        | "TIMESTAMP WITH TIME ZONE"
        | "TIMESTAMP WITHOUT TIME ZONE"
        | "DATETIMEOFFSET" => TypeClass::Timestamp,
        "BLOB"
        | "BYTEA"
        | "VARBINARY"
        | "BINARY"
        | "IMAGE"
        | "LONGBLOB"
        | "MEDIUMBLOB"
        | "TINYBLOB"
        | "RAW"
        | "LONG RAW"
        | "BINARY LARGE OBJECT"
        | "LONGVARBINARY"
        | "VARBINARY_MAX" => TypeClass::Binary,
        _ => TypeClass::Other,
    }
}

/// One column of a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Name as written (unquoted names keep their spelling; quotes removed).
    pub name: String,
    /// The name was quoted in the DDL.
    pub quoted: bool,
    pub ty: ColumnType,
    pub nullable: bool,
    /// Default expression as written, if any.
    pub default: Option<String>,
    /// Identity / auto-increment / serial.
    pub identity: bool,
}

/// A foreign key of a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    pub on_delete_cascade: bool,
}

/// One table of the schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Table {
    /// Name without schema qualifier or quotes, as written.
    pub name: String,
    pub quoted: bool,
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
    pub unique_keys: Vec<Vec<String>>,
    pub foreign_keys: Vec<ForeignKey>,
    /// Where its CREATE TABLE starts.
    #[serde(skip)]
    pub location: Location,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }
}

/// A CREATE TABLE that did not parse: an error if the table is needed, a warning otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenTable {
    pub name: String,
    pub location: Location,
    pub message: String,
}

/// Counts of statements that define no table (for explain and report.json).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SkipCounts {
    pub statements: usize,
    pub tables: usize,
    pub other: usize,
    pub broken_tables: usize,
}

/// Everything the later stages know of one dialect's schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schema {
    pub dialect: Dialect,
    /// Display paths and hashes of the DDL files read.
    pub files: Vec<(String, String)>,
    pub tables: Vec<Table>,
    pub broken: Vec<BrokenTable>,
    pub counts: SkipCounts,
}

impl Schema {
    /// Case-insensitive lookup by name.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }
    pub fn broken_table(&self, name: &str) -> Option<&BrokenTable> {
        self.broken
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }
    pub fn table_names(&self) -> impl Iterator<Item = &str> {
        self.tables.iter().map(|t| t.name.as_str())
    }
}

/// Reads the DDL files of one dialect into a [`Schema`]. Problems that do not stop reading (a
/// table that does not parse) are returned in the schema (`broken`) and judged later by the model,
/// which knows which tables are needed; problems that do (an unterminated quote) are diagnostics.
pub fn read(dialect: Dialect, files: &[SourceFile]) -> (Schema, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut schema = Schema {
        dialect,
        files: files
            .iter()
            .map(|f| (f.display.clone(), f.sha256.clone()))
            .collect(),
        tables: Vec::new(),
        broken: Vec::new(),
        counts: SkipCounts::default(),
    };
    for file in files {
        extract::extract_file(dialect, file, &mut schema, &mut diags);
    }
    (schema, diags)
}
