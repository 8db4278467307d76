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

use std::borrow::Cow;

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
    /// Lines the client reads as its own commands, not as SQL.
    pub commands: &'static ClientCommands,
}

/// How a list of literal rows is written as a table inside a query (the verify script's expected
/// columns and triggers): each row is `open`, its 1-based position, `mid`, the name's literal,
/// `close`; rows are joined by `sep`. A VALUES list where the dialect has one, else SELECTs joined
/// by UNION ALL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiteralRows {
    pub open: &'static str,
    pub mid: &'static str,
    pub close: &'static str,
    pub sep: &'static str,
}

/// `(1, 'A'), (2, 'B')`: the rows of a `(VALUES …) AS e(pos, name)` table.
pub const VALUES_ROWS: LiteralRows = LiteralRows {
    open: "(",
    mid: ", ",
    close: ")",
    sep: ", ",
};

/// How a dialect quotes a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdentQuote {
    pub open: &'static str,
    pub close: &'static str,
    /// Inside quotes the name is spelled as the server stores the bare name (folded), so it stays
    /// the same identifier; false where quoting keeps the spelling and the server compares names
    /// as it compares bare ones (SQL Server, MySQL).
    pub fold: bool,
}

/// Where a client looks for its command words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommandsAt {
    /// At the start of every line, inside a statement too (sqlcmd: a column named `GO` on its own
    /// line ends the batch).
    EveryLine,
    /// Only at the start of a statement; inside one, a line is SQL (SQL*Plus, mysql, db2 CLP).
    /// ismig never starts a statement with a name, so only the templates' first words meet these.
    StatementStart,
}

/// The lines a client takes as its own commands, as its manual documents them. Matching is
/// case-insensitive and starts after leading blanks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientCommands {
    pub at: CommandsAt,
    /// Command words in the manuals' notation: `DESC[RIBE]` is DESC, DESCR, … or DESCRIBE. A
    /// word is a whole word (what follows cannot continue a name); an entry of several words
    /// (`WHENEVER SQLERROR`) matches each in turn.
    pub words: &'static [&'static str],
    /// Lines starting with one of these are commands whatever follows, where the client reads
    /// its commands (`at`): `:` and `!!` (sqlcmd), `@` and `!` (SQL*Plus). Names never start with
    /// a symbol; a word here (sqlcmd's `EXIT`) also takes every name it begins.
    pub prefixes: &'static [&'static str],
    /// Like `prefixes`, but read at the start of every line, inside a statement too: `\` (psql,
    /// mysql), `#` (SQL*Plus's SQLPREFIX), `--#SET` (db2 CLP).
    pub anywhere: &'static [&'static str],
    /// Lines starting with a command word that the client passes on as SQL (SQL*Plus:
    /// `SET TRANSACTION`, `SET ROLE`, `SET CONSTRAINT[S]`).
    pub sql: &'static [&'static str],
}

/// A byte of a name: what cannot follow a whole command word.
fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'#') || c >= 0x80
}

/// `word` is one spelling of `spec` (`DESC[RIBE]`), ignoring ASCII case.
fn spells(spec: &str, word: &str) -> bool {
    let (base, opt) = match spec.split_once('[') {
        Some((b, o)) => (b, o.trim_end_matches(']')),
        None => (spec, ""),
    };
    let full_len = base.len() + opt.len();
    word.len() >= base.len()
        && word.len() <= full_len
        && word
            .bytes()
            .zip(base.bytes().chain(opt.bytes()))
            .all(|(a, b)| a.eq_ignore_ascii_case(&b))
}

/// `text` (its blanks at the start already skipped) begins with the words of `entry`, each whole.
fn begins_with_words(entry: &str, text: &str) -> bool {
    // Every entry starts with a letter, and most lines do not start with its letter: the first
    // byte rejects them before the entry is taken apart (each line of every script is checked
    // against every entry, so this is most of the formatter's work otherwise).
    match (entry.as_bytes().first(), text.as_bytes().first()) {
        (Some(e), Some(t)) if e.eq_ignore_ascii_case(t) => words_match(entry, text),
        _ => false,
    }
}

/// The match itself: each word of `entry` in turn is a whole word of `text`.
fn words_match(entry: &str, text: &str) -> bool {
    let mut rest = text;
    for spec in entry.split(' ') {
        rest = rest.trim_start_matches([' ', '\t']);
        let n = rest.bytes().take_while(|c| is_name_byte(*c)).count();
        if n == 0 || !spells(spec, &rest[..n]) {
            return false;
        }
        rest = &rest[n..];
    }
    true
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

impl ClientCommands {
    /// The command entry `line` starts with, if the client reads it as a command there:
    /// `statement_start` says no statement text is pending before the line.
    pub fn command(&self, line: &str, statement_start: bool) -> Option<&'static str> {
        let t = line.trim_start_matches([' ', '\t']);
        if let Some(p) = self.anywhere.iter().find(|p| starts_with_ignore_case(t, p)) {
            return Some(p);
        }
        if !statement_start && self.at == CommandsAt::StatementStart {
            return None;
        }
        if let Some(p) = self.prefixes.iter().find(|p| starts_with_ignore_case(t, p)) {
            return Some(p);
        }
        if self.sql.iter().any(|e| begins_with_words(e, t)) {
            return None;
        }
        self.words.iter().copied().find(|e| begins_with_words(e, t))
    }

    /// A line starting with `name` may be read as a command even inside a statement: the name
    /// must not start a line unquoted.
    pub fn takes_name(&self, name: &str) -> bool {
        self.at == CommandsAt::EveryLine && self.command(name, false).is_some()
    }
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
    /// The command for `80-rehearse-source.sql`, when it must differ (the db2 CLP commits each
    /// statement unless started with `+c`); empty: [`ClientProfile::command`].
    pub rehearsal_command: &'static str,
    /// The lines this client reads as its own commands.
    pub commands: &'static ClientCommands,
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
    /// How a DBA dumps the identity database's schema (DDL only) for `schema/<dialect>.sql`.
    pub schema_dump_command: &'static str,
    /// Vendor documentation for the facts below, one link per fact group.
    pub docs: &'static [(&'static str, &'static str)],
    /// Maximum identifier length the server accepts (bytes).
    pub max_identifier_len: usize,
    /// How a name is quoted.
    pub quote: IdentQuote,
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
    /// How the catalog the post-migration schema check reads spells a declared type: base name
    /// (upper case, no size) → the catalog's name (upper case). A base not listed is spelled as
    /// declared.
    pub catalog_types: &'static [(&'static str, &'static str)],
    /// Which sqlparser dialect reads this dialect's DDL.
    pub parser: ParserKind,
    /// Row triggers call a separate trigger function object (PostgreSQL).
    pub needs_trigger_functions: bool,
    /// How a trigger body refers to the new and the old row's column `X` (prefix before `X`):
    /// `NEW.`, `:NEW.`, `N.`; for set-based MSSQL the aliases of INSERTED / DELETED.
    pub new_row: &'static str,
    pub old_row: &'static str,
    /// The statements that make the session wait at most 20 s for a table lock: scripts that
    /// create or drop triggers on live IS tables run them first, so they stop (and can be run
    /// again) rather than queue the live IS's writes behind their lock. None where DDL does not
    /// wait for a lock by default (Oracle: a busy table fails the DDL at once).
    pub lock_timeout: &'static [&'static str],
    /// How the verify script writes a list of names as rows of a table (position, name).
    pub literal_rows: LiteralRows,
    /// How a DBA copies the source database into the new target (the dialect's own dump and
    /// restore, or backup and restore), `{src}` / `{tgt}` the two databases. Every one of them
    /// brings the source's triggers (and trigger functions) along.
    pub copy_command: &'static str,
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
    /// The largest index key the server accepts, in bytes, when the DDL decides it (MySQL's
    /// InnoDB: 3,072); None when it does not (a row's data, or the page size, does).
    pub max_index_key_bytes: Option<usize>,
    /// How WSO2's migration client picks and splits this dialect's dbscripts.
    pub dbscripts: DbscriptRules,
    /// How `80-rehearse-source.sql` spells its values and checks.
    pub rehearsal: RehearsalRules,
}

/// How WSO2's migration client reads a dialect's `migration-resources` dbscripts, and whether
/// ismig compiles them.
#[derive(Debug)]
pub struct DbscriptRules {
    /// The delimiter the client's splitter starts with.
    pub delimiter: &'static str,
    /// The file names (without `.sql`) the client tries, first found wins.
    pub picked: &'static [&'static str],
    /// Other variants of the file that only a DBA chooses (`--dbscript-variant`).
    pub chosen: &'static [&'static str],
    /// ismig compiles the schema steps into native scripts; false: the runbook keeps the
    /// client's own run for them.
    pub compiled: bool,
    /// The dialect's schema-step template writes the key replacement a PL/SQL procedure of
    /// WSO2's stands for (`Action::ReplaceUnique`); elsewhere such a procedure stays verbatim.
    pub replaces_keys: bool,
}

/// The facts `80-rehearse-source.sql` needs: literals of each kind of value, how a value is
/// compared and shown, and what the engine does with the rehearsal's statements. `{}` is the
/// value (or the column); `{s}` the repeated piece of a long value.
#[derive(Debug)]
pub struct RehearsalRules {
    /// A string literal's prefix (`N` where national text needs it).
    pub text_prefix: &'static str,
    /// A timestamp literal from `YYYY-MM-DD HH:MM:SS`.
    pub timestamp: &'static str,
    /// A date literal from `YYYY-MM-DD`.
    pub date: &'static str,
    /// A binary literal from hex digits.
    pub binary: &'static str,
    /// A character value of 5,000 characters: `{s}` (10 characters) 500 times.
    pub long_text: &'static str,
    /// A binary value of 5,000 bytes: the bytes of `{s}` 500 times; empty when the dialect has no
    /// plain expression for it (the value then stays short).
    pub long_binary: &'static str,
    /// True and false.
    pub booleans: [&'static str; 2],
    /// `INSERT … VALUES (…), (…)` inserts several rows in one statement.
    pub multi_row_values: bool,
    /// ON DELETE CASCADE fires the child table's triggers.
    pub cascade_fires_triggers: bool,
    /// An UPDATE must set timestamp columns to themselves, or the server sets them to the current
    /// time (MySQL's auto-updated TIMESTAMP).
    pub keep_timestamps: bool,
    /// A one-row table to LEFT JOIN a check's journal row to.
    pub one_row: &'static str,
    /// A column equals a value (`{a}`, `{b}`): plain values, character LOBs, binary LOBs.
    pub equal: &'static str,
    pub text_lob_equal: &'static str,
    pub binary_lob_equal: &'static str,
    /// A value as text, for the message of a failed check.
    pub show: &'static str,
    /// A number as text (DB2's CAST of a number to VARCHAR is not DB2-family-wide: Derby refuses it).
    pub show_number: &'static str,
    /// The length of a LOB or binary value, as text.
    pub show_length: &'static str,
    /// The SYNC_ID a journal had before the rehearsal, as the script keeps it (`{}` the table's
    /// number).
    pub start: &'static str,
    /// Column names in the rehearsal's statements are always quoted: they sit inside one
    /// `BEGIN … END` batch, where a bare column named `END` would end it for the client.
    pub quote_names: bool,
    /// Strings joined: opening, separator, closing (`CONCAT(`, `, `, `)` or ``, ` || `, ``).
    pub concat: [&'static str; 3],
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
    /// How the catalog spells a declared type's base name (upper case, no size).
    pub fn catalog_type<'b>(&self, base: &'b str) -> &'b str {
        self.catalog_types
            .iter()
            .find(|(declared, _)| declared.eq_ignore_ascii_case(base))
            .map_or(base, |(_, catalog)| catalog)
    }
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
    /// (PostgreSQL: bare, so they fold to lower case as WSO2's runtime expects), except a name a
    /// client of this dialect reads as its command at the start of any line (sqlcmd's `GO`,
    /// `EXIT`, …): that one is quoted everywhere, so no line can start with it bare. Quoted, it
    /// is spelled as the server stores the bare name (folded), so it is the same identifier.
    pub fn ident<'n>(&self, name: &'n str) -> Cow<'n, str> {
        if self.clients.iter().any(|c| c.commands.takes_name(name)) {
            let q = &self.quote;
            let spelled = if q.fold {
                self.catalog_name(name)
            } else {
                name.to_string()
            };
            Cow::Owned(format!("{}{spelled}{}", q.open, q.close))
        } else {
            Cow::Borrowed(name)
        }
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
    fn names_a_client_reads_as_commands_on_any_line_are_quoted() {
        let ms = Dialect::Mssql.rules();
        assert_eq!(ms.ident("GO"), "[GO]");
        assert_eq!(ms.ident("go"), "[go]");
        assert_eq!(ms.ident("Quit"), "[Quit]");
        assert_eq!(ms.ident("EXIT_CODE"), "[EXIT_CODE]");
        for plain in ["GOAL", "GO_LIVE", "EDITION", "RESETS", "TOKEN_ID"] {
            assert_eq!(ms.ident(plain), plain);
        }
        // clients that read commands only where a statement starts: ismig never starts one with
        // a name, so names stay bare
        for d in [
            Dialect::Oracle,
            Dialect::Db2,
            Dialect::Mysql,
            Dialect::Postgresql,
            Dialect::H2,
        ] {
            for name in ["GO", "REM", "SET", "SOURCE", "EXIT", "QUIT", "TERMINATE"] {
                assert_eq!(d.rules().ident(name), name, "{d}");
            }
        }
    }

    #[test]
    fn first_byte_rejection_changes_no_answer() {
        let entries: Vec<&str> = Dialect::ALL
            .iter()
            .flat_map(|d| {
                let c = d.rules().split.commands;
                c.words.iter().chain(c.sql).copied()
            })
            .collect();
        // every entry as a line, in other cases, shortened, followed by more; and SQL lines
        let mut texts: Vec<String> = [
            "",
            "SELECT 1",
            "INSERT INTO T",
            "CASE WHEN",
            "END",
            "GO",
            "?",
            "(",
            "'a'",
            "é",
            "_X",
            "1",
            "$$",
            "#SET",
            "@x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for e in &entries {
            let base: String = e.chars().filter(|c| !matches!(c, '[' | ']')).collect();
            let short: String = e.split('[').next().unwrap_or("").to_string();
            for t in [
                base.clone(),
                short.clone(),
                base.to_lowercase(),
                format!("{base} x"),
            ] {
                texts.push(t.clone());
                texts.push(format!("{t}_"));
                texts.push(t.chars().skip(1).collect());
            }
        }
        let mut matched = 0;
        for e in &entries {
            for t in &texts {
                // the rejection changes no answer of the match itself
                let plain = words_match(e, t);
                assert_eq!(begins_with_words(e, t), plain, "{e:?} {t:?}");
                matched += usize::from(plain);
            }
        }
        // the corpus reaches both answers
        assert!(matched > entries.len(), "{matched}");
    }

    #[test]
    fn command_words_in_the_manuals_notation() {
        let ora = Dialect::Oracle.rules().split.commands;
        for line in [
            "REM x",
            "rem",
            "REMARK x",
            "DESC T",
            "DESCRIBE T",
            "  @x.sql",
            "WHENEVER SQLERROR EXIT",
            "SET DEFINE OFF",
            "R",
            "#SET ECHO ON",
        ] {
            assert!(ora.command(line, true).is_some(), "{line}");
        }
        for line in [
            "REMA_RK x",
            "DESCRIBES T",
            "DELETE FROM T",
            "WHENEVER",
            "SET TRANSACTION READ ONLY",
            "SET CONSTRAINTS ALL DEFERRED",
            "CREATE TABLE T",
        ] {
            assert!(ora.command(line, true).is_none(), "{line}");
        }
        // inside a statement only the prefixes count
        assert!(ora.command("REM x", false).is_none());
        assert!(ora.command("#SET ECHO ON", false).is_some());
        let ms = Dialect::Mssql.rules().split.commands;
        for line in [
            "  GO INTEGER NULL,",
            "\tED INT,",
            "QUIT",
            "EXIT(SELECT 1)",
            ":r x.sql",
            "!!ls",
        ] {
            assert!(ms.command(line, false).is_some(), "{line}");
        }
        for line in ["GOTO x", "EDITION INT", "  QUITS INT"] {
            assert!(ms.command(line, false).is_none(), "{line}");
        }
        let my = Dialect::Mysql.rules().split.commands;
        for line in ["? contents", "?", "  source x.sql", "DELIMITER $$"] {
            assert!(my.command(line, true).is_some(), "{line}");
        }
        for line in ["SOURCES x", "SELECT '?'"] {
            assert!(my.command(line, true).is_none(), "{line}");
        }
        assert!(my.command("? contents", false).is_none());
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
