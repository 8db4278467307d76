//! Dialect facts. One file per dialect (`oracle.rs`, `db2.rs`, …) holds that dialect's facts as
//! tables: identifier limit, how its client splits a script, terminators per client profile,
//! type rendering, catalog spellings. [`Dialect::rules`] is the one `match` on the dialect; the rest
//! of ismig asks the returned [`DialectRules`] (`rules.max_identifier_len()`), it never matches.

pub mod db2;
pub mod h2;
pub mod mssql;
pub mod mysql;
pub mod oracle;
pub mod postgresql;

use serde::Serialize;

/// The six databases, spelled the same everywhere (CLI, folders, templates, report.json).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    Oracle,
    Db2,
    Mssql,
    Mysql,
    Postgresql,
    H2,
}

impl Dialect {
    /// All dialects in output order.
    pub const ALL: [Dialect; 6] = [
        Dialect::Oracle,
        Dialect::Db2,
        Dialect::Mssql,
        Dialect::Mysql,
        Dialect::Postgresql,
        Dialect::H2,
    ];

    /// The rules of this dialect: the one place that matches on it.
    pub fn rules(self) -> &'static DialectRules {
        match self {
            Dialect::Oracle => &oracle::RULES,
            Dialect::Db2 => &db2::RULES,
            Dialect::Mssql => &mssql::RULES,
            Dialect::Mysql => &mysql::RULES,
            Dialect::Postgresql => &postgresql::RULES,
            Dialect::H2 => &h2::RULES,
        }
    }

    pub fn name(self) -> &'static str {
        self.rules().name
    }

    /// Parses a dialect name as written on the command line or in a file name.
    pub fn from_name(s: &str) -> Option<Dialect> {
        Dialect::ALL
            .into_iter()
            .find(|d| d.name().eq_ignore_ascii_case(s))
    }

    pub fn names() -> String {
        Dialect::ALL
            .iter()
            .map(|d| d.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How a dialect's client cuts a script into statements (used to read schema DDL and to re-split
/// our own output in tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SplitRules {
    /// `;` outside quotes, comments and bodies ends a statement (with `slash_line`/`go_line`:
    /// only outside blocks — a trigger/routine/PL block is ended by its `/` or `GO` line).
    pub semicolon: bool,
    /// A line holding only `/` (blanks around allowed) ends a statement; `;` inside
    /// `BEGIN … END` / `CREATE … TRIGGER` bodies then does not.
    pub slash_line: bool,
    /// A `/` glued to the end of a line's last token also ends a statement (DB2 kernel scripts).
    pub glued_slash: bool,
    /// A line holding only `GO` (case-insensitive, optional count) ends a batch.
    pub go_line: bool,
    /// mysql `DELIMITER x` lines change the terminator.
    pub delimiter_command: bool,
    /// `$tag$ … $tag$` bodies are opaque (PostgreSQL, H2).
    pub dollar_quotes: bool,
    /// T-SQL: a top-level `IF`/`CREATE`/`ALTER`/`DROP`/`INSERT` at the start of a line after a
    /// complete statement starts a new statement even without a terminator.
    pub tsql_implicit_breaks: bool,
    /// Backslash escapes inside '…' strings (MySQL).
    pub backslash_escapes: bool,
    /// `"…"` is an identifier quote; MySQL also has `` `…` ``, MSSQL `[…]`.
    pub backtick_quotes: bool,
    pub bracket_quotes: bool,
}

/// How a statement is ended in a script for one client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Terminator {
    /// `stmt;`
    Semicolon,
    /// `stmt` then a line `/`
    SlashLine,
    /// `stmt;` then a line `/` (SQL*Plus after a PL/SQL block)
    SemicolonSlashLine,
    /// `stmt;` then a line `GO`
    SemicolonGo,
    /// `DELIMITER $$` … `stmt$$` … `DELIMITER ;` (mysql client)
    MysqlDelimiter,
}

/// One client a DBA runs our scripts with, and how scripts for it are framed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientProfile {
    /// `sqlplus`, `db2`, `sqlcmd`, `ssms`, `mysql`, `psql`, `runscript`.
    pub name: &'static str,
    /// Human name for PLAN.md.
    pub title: &'static str,
    /// Lines at the top of every script, after the provenance comment.
    pub header: &'static [&'static str],
    /// Lines at the end of every script.
    pub footer: &'static [&'static str],
    pub plain_end: Terminator,
    pub block_end: Terminator,
    /// Command a DBA runs: `{file}` the script path, `{db}` the database, `{user}` and
    /// `{connect}` the datasource's user and connect identifier (`render::runbook::client_command`).
    pub command: &'static str,
}

/// How a row trigger can read a column of the base table in a dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnAccess {
    /// NEW/OLD (or INSERTED/DELETED) carry it.
    Direct,
    /// Not in INSERTED/DELETED: read back from the base table by primary key on insert/update,
    /// NULL on delete (MSSQL TEXT/NTEXT/IMAGE).
    JoinBack,
    /// Cannot be read at all (Oracle LONG): refused.
    Unreadable,
}

/// The facts of one dialect. Built as a `static` in each dialect file.
#[derive(Debug)]
pub struct DialectRules {
    pub dialect: Dialect,
    pub name: &'static str,
    /// Vendor documentation for the facts below, one link per fact group.
    pub docs: &'static [(&'static str, &'static str)],
    /// Maximum identifier length the server accepts (bytes).
    pub max_identifier_len: usize,
    /// Unquoted identifiers fold to lower case (PostgreSQL) rather than upper.
    pub folds_to_lower: bool,
    pub split: SplitRules,
    /// Client profiles; the first is the default.
    pub clients: &'static [ClientProfile],
    /// Type names (upper case, no size) whose values a row trigger cannot read directly.
    pub join_back_types: &'static [&'static str],
    pub unreadable_types: &'static [&'static str],
    /// Type names (upper case, base name) that render without a size in the journal table, and
    /// their spelling: e.g. PostgreSQL `SERIAL` → `INTEGER`.
    pub type_renames: &'static [(&'static str, &'static str)],
    /// Types whose declared size must be dropped (LOBs in dialects that reject a size).
    pub sizeless_types: &'static [&'static str],
    /// Which sqlparser dialect reads this dialect's DDL.
    pub parser: ParserKind,
    /// Row triggers call a separate trigger function object (PostgreSQL).
    pub needs_trigger_functions: bool,
    /// How a trigger body refers to the new and the old row's column `X` (prefix before `X`):
    /// `NEW.`, `:NEW.`, `N.`; for set-based MSSQL the aliases of INSERTED / DELETED.
    pub new_row: &'static str,
    pub old_row: &'static str,
    /// This dialect's askama templates (`templates/<name>/`).
    pub templates: &'static crate::render::TemplateSet,
    /// A version step whose catalog says `db2_move` moves the OAuth2 tables to a 32K tablespace
    /// in this dialect (`02-db2-move-oauth2-tables.sql`, which needs the tables' schema).
    pub moves_oauth2_tables: bool,
    /// Whether ON DELETE CASCADE fires the child's triggers (for PLAN.md).
    pub cascade_note: &'static str,
    /// A user is its own schema: a datasource is (database, user), so two users of one database
    /// are two databases for the migration, and the guard also checks the session's schema.
    pub user_is_schema: bool,
    /// Why WSO2's sync runtime refuses this dialect's servers, or None when it accepts them
    /// (W011; said at the top of the dialect's runbook).
    pub runtime_refusal: Option<&'static str>,
}

/// The sqlparser dialect used to parse one statement of DDL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParserKind {
    MySql,
    PostgreSql,
    MsSql,
    Oracle,
    Generic,
}

impl ParserKind {
    pub fn dialect(self) -> Box<dyn sqlparser::dialect::Dialect> {
        use sqlparser::dialect as d;
        match self {
            ParserKind::MySql => Box::new(d::MySqlDialect {}),
            ParserKind::PostgreSql => Box::new(d::PostgreSqlDialect {}),
            ParserKind::MsSql => Box::new(d::MsSqlDialect {}),
            ParserKind::Oracle => Box::new(d::OracleDialect {}),
            ParserKind::Generic => Box::new(d::GenericDialect {}),
        }
    }
}

impl DialectRules {
    pub fn max_identifier_len(&self) -> usize {
        self.max_identifier_len
    }

    pub fn default_client(&self) -> &'static ClientProfile {
        &self.clients[0]
    }

    pub fn client(&self, name: &str) -> Option<&'static ClientProfile> {
        self.clients
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    pub fn client_names(&self) -> String {
        self.clients
            .iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// How a trigger reads a column of type `base` (upper-case type name without size).
    pub fn column_access(&self, base: &str) -> ColumnAccess {
        let is = |t: &&str| t.eq_ignore_ascii_case(base);
        if self.unreadable_types.iter().any(is) {
            ColumnAccess::Unreadable
        } else if self.join_back_types.iter().any(is) {
            ColumnAccess::JoinBack
        } else {
            ColumnAccess::Direct
        }
    }

    /// An identifier as it is written in generated SQL: plain identifiers are written bare
    /// (PostgreSQL: bare, so they fold to lower case as WSO2's runtime expects).
    pub fn ident<'n>(&self, name: &'n str) -> &'n str {
        name
    }

    /// A name as the catalog stores it (for catalog queries): folded like the server folds it.
    pub fn catalog_name(&self, name: &str) -> String {
        if self.folds_to_lower {
            name.to_ascii_lowercase()
        } else {
            name.to_ascii_uppercase()
        }
    }
}

/// True for a plain SQL identifier: ASCII letter or `_` first, then letters, digits, `_`, `$`, `#`.
/// Every name ismig writes into SQL without quotes must pass this.
pub fn is_plain_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    s.len() <= 128 && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '#')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for d in Dialect::ALL {
            assert_eq!(Dialect::from_name(d.name()), Some(d));
            assert_eq!(d.rules().dialect, d);
            assert!(!d.rules().clients.is_empty());
        }
        assert_eq!(Dialect::from_name("sqlserver"), None);
    }

    #[test]
    fn plain_identifiers() {
        assert!(is_plain_identifier("IDN_OAUTH2_ACCESS_TOKEN"));
        assert!(is_plain_identifier("A$B#C"));
        assert!(!is_plain_identifier("1ABC"));
        assert!(!is_plain_identifier("A;DROP"));
        assert!(!is_plain_identifier("A B"));
        assert!(!is_plain_identifier("\"A\""));
        assert!(!is_plain_identifier(""));
    }
}
