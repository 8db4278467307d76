//! SQL Server facts: sqlcmd (`:on error exit`) and SSMS profiles, `GO` batches with each
//! `CREATE TRIGGER` first in its batch, set-based triggers over INSERTED/DELETED, and the
//! TEXT/NTEXT/IMAGE columns those pseudo-tables do not carry.

use super::{
    ClientCommands, ClientProfile, CommandsAt, Dialect, DialectRules, IdentQuote, ParserKind,
    RehearsalRules, SplitRules, Terminator, VALUES_ROWS,
};

/// sqlcmd commands, from the sqlcmd utility documentation: recognised at the start of any line
/// (leading blanks allowed), inside a batch too. `GO [count]` ends a batch; `:` starts every
/// other command; RESET, ED, `!!`, QUIT and EXIT are also read without the `:` (kept for osql
/// scripts). The newer sqlcmd (go-sqlcmd) takes every line starting with EXIT as EXIT, whatever
/// follows. SSMS reads the same lines in SQLCMD mode, and `GO` always.
pub static COMMANDS: ClientCommands = ClientCommands {
    at: CommandsAt::EveryLine,
    words: &["GO", "RESET", "ED", "QUIT"],
    prefixes: &[":", "!!", "EXIT"],
    anywhere: &[],
    sql: &[],
};

pub static RULES: DialectRules = DialectRules {
    dialect: Dialect::Mssql,
    name: "mssql",
    schema_dump_command: "mssql-scripter -S HOST -d DATABASE -U USER -f mssql.sql (or SSMS: Tasks, Generate Scripts, schema only)",
    docs: &[
        (
            "SET LOCK_TIMEOUT (milliseconds)",
            "https://learn.microsoft.com/en-us/sql/t-sql/statements/set-lock-timeout-transact-sql",
        ),
        (
            "identifier limit 128",
            "https://learn.microsoft.com/en-us/sql/relational-databases/databases/database-identifiers",
        ),
        (
            "CREATE TRIGGER must be the first statement in a batch; text/ntext/image not in inserted/deleted",
            "https://learn.microsoft.com/en-us/sql/t-sql/statements/create-trigger-transact-sql",
        ),
        (
            "CREATE OR ALTER TRIGGER: SQL Server 2016 SP1 (13.0.4001) or later",
            "https://learn.microsoft.com/en-us/sql/t-sql/statements/create-trigger-transact-sql",
        ),
        (
            "DROP TRIGGER / DROP TABLE ... IF EXISTS: SQL Server 2016 or later",
            "https://learn.microsoft.com/en-us/sql/t-sql/statements/drop-trigger-transact-sql",
        ),
        (
            "IDENTITY values are cached and can jump after a restart; IDENTITY_CACHE database scoped configuration: SQL Server 2017 or later",
            "https://learn.microsoft.com/en-us/sql/t-sql/statements/alter-database-scoped-configuration-transact-sql",
        ),
        (
            "THROW: SQL Server 2012 or later; LAG: SQL Server 2012 or later",
            "https://learn.microsoft.com/en-us/sql/t-sql/language-elements/throw-transact-sql",
        ),
        (
            "SET NOEXEC ON: later batches are compiled, not run (wrong-target guard under SSMS)",
            "https://learn.microsoft.com/en-us/sql/t-sql/statements/set-noexec-transact-sql",
        ),
        (
            "creating a DML trigger needs ALTER on the table (HAS_PERMS_BY_NAME)",
            "https://learn.microsoft.com/en-us/sql/t-sql/functions/has-perms-by-name-transact-sql",
        ),
        (
            "timestamp / rowversion values cannot be inserted: journaled as BINARY(8)",
            "https://learn.microsoft.com/en-us/sql/t-sql/data-types/rowversion-transact-sql",
        ),
        (
            "sqlcmd :on error exit",
            "https://learn.microsoft.com/en-us/sql/tools/sqlcmd/sqlcmd-utility",
        ),
    ],
    max_identifier_len: 128,
    quote: IdentQuote {
        open: "[",
        close: "]",
        fold: false,
    },
    folds_to_lower: false,
    split: SplitRules {
        semicolon: true,
        slash_line: false,
        glued_slash: false,
        go_line: true,
        delimiter_command: false,
        dollar_quotes: false,
        tsql_implicit_breaks: true,
        backslash_escapes: false,
        backtick_quotes: false,
        bracket_quotes: true,
        commands: &COMMANDS,
    },
    clients: &[
        ClientProfile {
            name: "sqlcmd",
            title: "sqlcmd",
            header: &[":on error exit", "SET NOCOUNT ON;", "GO"],
            footer: &[],
            plain_end: Terminator::SemicolonGo,
            block_end: Terminator::SemicolonGo,
            command: "sqlcmd -S SERVER -d {db} -b -I -i {file}",
            rehearsal_command: "",
            commands: &COMMANDS,
        },
        ClientProfile {
            name: "ssms",
            title: "SQL Server Management Studio",
            header: &["SET NOCOUNT ON;", "GO"],
            footer: &[],
            plain_end: Terminator::SemicolonGo,
            block_end: Terminator::SemicolonGo,
            command: "open {file} in SSMS connected to {db} and execute (F5)",
            rehearsal_command: "",
            commands: &COMMANDS,
        },
    ],
    join_back_types: &["TEXT", "NTEXT", "IMAGE"],
    unreadable_types: &[],
    // A table holds at most one rowversion column and its values cannot be inserted: the journal
    // keeps the 8 bytes as BINARY(8).
    type_renames: &[("TIMESTAMP", "BINARY(8)"), ("ROWVERSION", "BINARY(8)")],
    sizeless_types: &[],
    // INFORMATION_SCHEMA.COLUMNS.DATA_TYPE
    catalog_types: &[
        ("INTEGER", "INT"),
        ("DEC", "DECIMAL"),
        ("DOUBLE PRECISION", "FLOAT"),
        ("CHARACTER", "CHAR"),
    ],
    parser: ParserKind::MsSql,
    needs_trigger_functions: false,
    new_row: "i.",
    lock_timeout: &["SET LOCK_TIMEOUT 20000"],
    literal_rows: VALUES_ROWS,
    copy_command: "sqlcmd -S SERVER -b -Q \"BACKUP DATABASE [{src}] TO DISK = N'ismig-copy.bak' WITH COPY_ONLY\" && sqlcmd -S SERVER -b -Q \"RESTORE DATABASE [{tgt}] FROM DISK = N'ismig-copy.bak' WITH MOVE ...\"",
    moves_oauth2_tables: false,
    cascade_note: "an ON DELETE CASCADE fires the child table's AFTER triggers; the child-cleanup trigger turns the child's pending journal rows into DELETE rows (no SYNC_ID is removed).",
    // identity-migration-resources 1.0.147, DataSourceManager: the product name is matched
    // against "mssql", which "Microsoft SQL Server" never contains
    user_is_schema: false,
    runtime_refusal: Some(
        "WSO2's sync runtime refuses SQL Server: it matches the JDBC driver's product name (\"Microsoft SQL Server\") against \"mssql\" and stops with \"Unsupported data source type\"; these scripts journal the changes, but WSO2's runtime cannot apply them",
    ),
    old_row: "d.",
    max_index_key_bytes: None,
    dbscripts: super::DbscriptRules {
        delimiter: ";",
        picked: &["mssql"],
        chosen: &[],
        compiled: true,
        replaces_keys: false,
    },
    rehearsal: RehearsalRules {
        text_prefix: "N",
        timestamp: "CAST('{}' AS DATETIME2)",
        date: "CAST('{}' AS DATE)",
        binary: "0x{}",
        long_text: "REPLICATE(CAST('{s}' AS NVARCHAR(MAX)), 500)",
        long_binary: "CAST(REPLICATE(CAST('{s}' AS VARCHAR(MAX)), 500) AS VARBINARY(MAX))",
        booleans: ["1", "0"],
        multi_row_values: true,
        cascade_fires_triggers: true,
        keep_timestamps: false,
        one_row: "(SELECT 1 AS ONE)",
        equal: "{a} = {b}",
        text_lob_equal: "CAST({a} AS NVARCHAR(MAX)) = CAST({b} AS NVARCHAR(MAX))",
        binary_lob_equal: "CAST({a} AS VARBINARY(MAX)) = CAST({b} AS VARBINARY(MAX))",
        show: "CONVERT(NVARCHAR(200), {})",
        show_number: "CONVERT(NVARCHAR(200), {})",
        show_length: "CONVERT(NVARCHAR(20), DATALENGTH({}))",
        start: "@ismig_start_{}",
        quote_names: true,
        concat: ["CONCAT(", ", ", ")"],
    },
};
