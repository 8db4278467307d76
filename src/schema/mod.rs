//! The `schema` stage: DDL text → [`Schema`]. Splits each file by its client's rules keeping byte
//! offsets (`split`), recognises each statement by a token scan, and parses with sqlparser, one
//! statement at a time, only the `CREATE TABLE` / `ALTER TABLE` of the tables the model needs
//! ([`Wanted`]: the sync tables) (`extract`): their columns in order, types, nullability,
//! defaults, identity, primary, unique and foreign keys. Every other table is known by name and
//! location only ([`NamedTable`]) — enough for name lookups, did-you-mean hints, tables created
//! twice and generated names that clash with a schema table. The `CREATE [UNIQUE] INDEX` of a
//! wanted table is kept too ([`Index`]: the post-migration schema check compares indexes). Pure:
//! it receives texts, it reads no file.

pub mod client_split;
pub mod extract;
pub mod split;

use serde::Serialize;

use crate::diag::{Diagnostics, Location};
use crate::dialect::Dialect;
use crate::nocase::NoCase;
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
            // a scale other than 0, or an unconstrained Oracle NUMBER, holds fractions
            let scaled = args.len() == 2 && args[1].trim() != "0";
            if scaled || (args.is_empty() && b == "NUMBER") {
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
    /// Name as written (unquoted names keep their spelling; quotes removed); shared with the
    /// model's journal column.
    pub name: std::sync::Arc<str>,
    /// The name was quoted in the DDL.
    pub quoted: bool,
    /// Shared with the model's journal column (a type is read once, never copied).
    pub ty: std::sync::Arc<ColumnType>,
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
        column_named(&self.columns, name)
    }
}

/// The column of `columns` with this name (any case).
pub fn column_named<'c>(columns: &'c [Column], name: &str) -> Option<&'c Column> {
    columns.iter().find(|c| c.name.eq_ignore_ascii_case(name))
}

/// A table the schema creates that the model does not need: its CREATE TABLE was recognised by
/// the token scan and never given to sqlparser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedTable {
    /// Name without schema qualifier or quotes, as written.
    pub name: String,
    /// Where its CREATE TABLE names it.
    pub location: Location,
}

/// A `CREATE [UNIQUE] INDEX` of a wanted table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Index {
    /// Name without schema qualifier or quotes, as written.
    pub name: String,
    /// The table it is on, as the statement names it.
    pub table: String,
    /// Its key columns in order (a MySQL prefix length `COL(255)` is the column).
    pub columns: Vec<String>,
    pub unique: bool,
    /// Where its name is.
    #[serde(skip)]
    pub location: Location,
}

/// A CREATE TABLE of a needed table that did not parse (the model reports it, E061).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenTable {
    pub name: String,
    pub location: Location,
    pub message: String,
}

/// Counts of the statements read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SkipCounts {
    pub statements: usize,
    /// Every CREATE TABLE, parsed or known by name only.
    pub tables: usize,
    pub other: usize,
    /// CREATE TABLE statements of needed tables that did not parse.
    pub broken_tables: usize,
}

/// Which tables [`read`] parses; the CREATE TABLE of any other table is only named
/// ([`NamedTable`]) and its ALTER TABLE statements are skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wanted<'a> {
    /// Every table (tests of the parser's coverage of real scripts).
    All,
    /// The tables of these names (compared case-insensitively).
    Only(crate::nocase::Set<NoCase<&'a str>>),
}

impl<'a> Wanted<'a> {
    /// The tables of these names (any case).
    pub fn tables(names: impl IntoIterator<Item = &'a str>) -> Self {
        Wanted::Only(names.into_iter().map(NoCase).collect())
    }
    pub fn contains(&self, name: &str) -> bool {
        match self {
            Wanted::All => true,
            Wanted::Only(set) => set.contains(&NoCase(name)),
        }
    }
}

/// Everything the later stages know of one dialect's schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schema {
    pub dialect: Dialect,
    /// Display paths and hashes of the DDL files read.
    pub files: Vec<(String, String)>,
    /// The wanted tables, parsed.
    pub tables: Vec<Table>,
    /// Every other table the schema creates, by name only.
    pub named: Vec<NamedTable>,
    /// Wanted tables whose CREATE TABLE did not parse.
    pub broken: Vec<BrokenTable>,
    /// The indexes created on wanted tables, in file order.
    pub indexes: Vec<Index>,
    pub counts: SkipCounts,
    /// The tables the wanted tables' foreign keys point at that are not wanted themselves,
    /// parsed (the rehearsal inserts a row into each; see [`read_parents`]).
    pub parents: Vec<Table>,
}

impl Schema {
    /// Case-insensitive lookup by name.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }
    /// The indexes of the table of this name (any case), in file order.
    pub fn indexes_of<'s>(&'s self, table: &'s str) -> impl Iterator<Item = &'s Index> {
        self.indexes
            .iter()
            .filter(move |i| i.table.eq_ignore_ascii_case(table))
    }
    pub fn broken_table(&self, name: &str) -> Option<&BrokenTable> {
        self.broken
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }
    /// Names of every table the schema creates, parsed or known by name only (not the broken
    /// ones): parsed tables first.
    pub fn table_names(&self) -> impl Iterator<Item = &str> {
        self.tables
            .iter()
            .map(|t| t.name.as_str())
            .chain(self.named.iter().map(|t| t.name.as_str()))
    }
}

/// Reads the DDL files of one dialect into a [`Schema`], parsing only the `wanted` tables.
/// Problems that do not stop reading (a wanted table that does not parse) are returned in the
/// schema (`broken`) and reported by the model (E061); problems that do (an unterminated quote)
/// are diagnostics.
pub fn read(dialect: Dialect, files: &[SourceFile], wanted: &Wanted) -> (Schema, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut schema = Schema {
        dialect,
        files: files
            .iter()
            .map(|f| (f.display.to_string(), f.sha256.clone()))
            .collect(),
        tables: Vec::new(),
        named: Vec::new(),
        broken: Vec::new(),
        indexes: Vec::new(),
        counts: SkipCounts::default(),
        parents: Vec::new(),
    };
    let rules = dialect.rules();
    for file in files {
        let cut = split::split(&file.text, &rules.split);
        extract::extract_file(dialect, file, cut, wanted, &mut schema, &mut diags);
    }
    (schema, diags)
}

/// Parses the tables the foreign keys of `schema`'s tables point at that are not among them into
/// `schema.parents`: a second pass over the files, made only when there are such tables. Its
/// diagnostics were given by the first pass (the same files, split the same way); a parent whose
/// CREATE TABLE does not parse is left out (the rehearsal then borrows an existing row's key).
pub fn read_parents(schema: &mut Schema, files: &[SourceFile]) {
    let mut names: Vec<&str> = Vec::new();
    for t in &schema.tables {
        for fk in &t.foreign_keys {
            let r = fk.ref_table.as_str();
            if schema.table(r).is_none() && !names.iter().any(|n| n.eq_ignore_ascii_case(r)) {
                names.push(r);
            }
        }
    }
    if names.is_empty() {
        return;
    }
    let (parents, _) = read(schema.dialect, files, &Wanted::tables(names));
    schema.parents = parents.tables;
}

#[doc(hidden)]
/// Building schemas by hand in tests: `table("T", &[("A", "VARCHAR", &["255"], false)], &["A"])`.
pub mod testing {
    use super::*;

    /// A table with columns `(name, base type, args, nullable)` and a primary key.
    pub fn table(name: &str, cols: &[(&str, &str, &[&str], bool)], pk: &[&str]) -> Table {
        Table {
            name: name.to_string(),
            quoted: false,
            columns: cols
                .iter()
                .map(|(n, b, a, nullable)| Column {
                    name: (*n).into(),
                    quoted: false,
                    ty: ColumnType::new(b, a.iter().map(|s| s.to_string()).collect()).into(),
                    nullable: *nullable,
                    default: None,
                    identity: false,
                })
                .collect(),
            primary_key: pk.iter().map(|s| s.to_string()).collect(),
            unique_keys: Vec::new(),
            foreign_keys: Vec::new(),
            location: Location {
                file: "test.sql".into(),
                line: 1,
                column: 1,
                offset: 0,
                len: 0,
            },
        }
    }

    /// A schema of the given tables.
    pub fn schema(dialect: Dialect, tables: Vec<Table>) -> Schema {
        Schema {
            dialect,
            files: Vec::new(),
            tables,
            named: Vec::new(),
            broken: Vec::new(),
            indexes: Vec::new(),
            counts: SkipCounts::default(),
            parents: Vec::new(),
        }
    }

    /// The four tables WSO2's sync runtime supports (IS 5.7.0 columns), in a dialect's spelling of
    /// VARCHAR / BIGINT / TIMESTAMP, with the scope → token foreign key.
    pub fn wso2_sync_tables(dialect: Dialect) -> Schema {
        let v = if dialect == Dialect::Oracle {
            "VARCHAR2"
        } else {
            "VARCHAR"
        };
        let big = if dialect == Dialect::Oracle {
            "NUMBER"
        } else {
            "BIGINT"
        };
        let big_args: &[&str] = if dialect == Dialect::Oracle {
            &["19"]
        } else {
            &[]
        };
        let ts = if dialect == Dialect::Mssql {
            "DATETIME"
        } else {
            "TIMESTAMP"
        };
        let user_data = table(
            "IDN_IDENTITY_USER_DATA",
            &[
                ("TENANT_ID", "INTEGER", &[], false),
                ("USER_NAME", v, &["255"], false),
                ("DATA_KEY", v, &["255"], false),
                ("DATA_VALUE", v, &["2048"], true),
            ],
            &["TENANT_ID", "USER_NAME", "DATA_KEY"],
        );
        let token = table(
            "IDN_OAUTH2_ACCESS_TOKEN",
            &[
                ("TOKEN_ID", v, &["255"], false),
                ("ACCESS_TOKEN", v, &["2048"], true),
                ("REFRESH_TOKEN", v, &["2048"], true),
                ("CONSUMER_KEY_ID", "INTEGER", &[], true),
                ("AUTHZ_USER", v, &["100"], true),
                ("TENANT_ID", "INTEGER", &[], true),
                ("USER_DOMAIN", v, &["50"], true),
                ("USER_TYPE", v, &["25"], true),
                ("GRANT_TYPE", v, &["50"], true),
                ("TIME_CREATED", ts, &[], true),
                ("REFRESH_TOKEN_TIME_CREATED", ts, &[], true),
                ("VALIDITY_PERIOD", big, big_args, true),
                ("REFRESH_TOKEN_VALIDITY_PERIOD", big, big_args, true),
                ("TOKEN_SCOPE_HASH", v, &["32"], true),
                ("TOKEN_STATE", v, &["25"], true),
                ("TOKEN_STATE_ID", v, &["128"], true),
                ("SUBJECT_IDENTIFIER", v, &["255"], true),
                ("ACCESS_TOKEN_HASH", v, &["512"], true),
                ("REFRESH_TOKEN_HASH", v, &["512"], true),
            ],
            &["TOKEN_ID"],
        );
        let mut scope = table(
            "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
            &[
                ("TOKEN_ID", v, &["255"], false),
                ("TOKEN_SCOPE", v, &["60"], false),
                ("TENANT_ID", "INTEGER", &[], true),
            ],
            &["TOKEN_ID", "TOKEN_SCOPE"],
        );
        scope.foreign_keys.push(ForeignKey {
            columns: vec!["TOKEN_ID".into()],
            ref_table: "IDN_OAUTH2_ACCESS_TOKEN".into(),
            ref_columns: vec!["TOKEN_ID".into()],
            on_delete_cascade: true,
        });
        let code = table(
            "IDN_OAUTH2_AUTHORIZATION_CODE",
            &[
                ("CODE_ID", v, &["255"], false),
                ("AUTHORIZATION_CODE", v, &["2048"], true),
                ("CONSUMER_KEY_ID", "INTEGER", &[], true),
                ("CALLBACK_URL", v, &["1024"], true),
                ("SCOPE", v, &["2048"], true),
                ("AUTHZ_USER", v, &["100"], true),
                ("TENANT_ID", "INTEGER", &[], true),
                ("USER_DOMAIN", v, &["50"], true),
                ("TIME_CREATED", ts, &[], true),
                ("VALIDITY_PERIOD", big, big_args, true),
                ("STATE", v, &["25"], true),
                ("TOKEN_ID", v, &["255"], true),
                ("SUBJECT_IDENTIFIER", v, &["255"], true),
                ("PKCE_CODE_CHALLENGE", v, &["255"], true),
                ("PKCE_CODE_CHALLENGE_METHOD", v, &["128"], true),
                ("AUTHORIZATION_CODE_HASH", v, &["512"], true),
            ],
            &["CODE_ID"],
        );
        schema(dialect, vec![user_data, token, scope, code])
    }
}
