//! PostgreSQL facts: psql with `ON_ERROR_STOP`, trigger function + trigger, `$$` bodies, unquoted
//! names folded to lower case (what WSO2's runtime expects), 63-byte names silently truncated by
//! the server (so we check them ourselves).

use super::{
    ClientCommands, ClientProfile, CommandsAt, Dialect, DialectRules, IdentQuote, ParserKind,
    RehearsalRules, SplitRules, Terminator, VALUES_ROWS,
};

/// psql commands: a backslash starts a meta-command (to the end of the line); `help`, `quit` and
/// `exit` are read only interactively, on a line of their own while the query buffer is empty.
pub static COMMANDS: ClientCommands = ClientCommands {
    at: CommandsAt::StatementStart,
    words: &["HELP", "QUIT", "EXIT"],
    prefixes: &[],
    anywhere: &["\\"],
    sql: &[],
};

pub static RULES: DialectRules = DialectRules {
    dialect: Dialect::Postgresql,
    name: "postgresql",
    schema_dump_command: "pg_dump --schema-only --no-owner -h HOST -U USER DATABASE > postgresql.sql",
    docs: &[
        (
            "lock_timeout",
            "https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT",
        ),
        (
            "identifier limit 63 bytes (NAMEDATALEN-1), longer names truncated",
            "https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS",
        ),
        (
            "psql ON_ERROR_STOP",
            "https://www.postgresql.org/docs/current/app-psql.html",
        ),
        (
            "trigger functions",
            "https://www.postgresql.org/docs/current/plpgsql-trigger.html",
        ),
    ],
    max_identifier_len: 63,
    quote: IdentQuote {
        open: "\"",
        close: "\"",
        fold: true,
    },
    folds_to_lower: true,
    split: SplitRules {
        semicolon: true,
        slash_line: false,
        glued_slash: false,
        go_line: false,
        delimiter_command: false,
        dollar_quotes: true,
        tsql_implicit_breaks: false,
        backslash_escapes: false,
        backtick_quotes: false,
        bracket_quotes: false,
        commands: &COMMANDS,
    },
    clients: &[ClientProfile {
        name: "psql",
        title: "psql",
        header: &["\\set ON_ERROR_STOP on"],
        footer: &[],
        plain_end: Terminator::Semicolon,
        block_end: Terminator::Semicolon,
        command: "psql -X -v ON_ERROR_STOP=1 -d {db} -f {file}",
        rehearsal_command: "",
        commands: &COMMANDS,
    }],
    join_back_types: &[],
    unreadable_types: &[],
    type_renames: &[
        ("SERIAL", "INTEGER"),
        ("SERIAL4", "INTEGER"),
        ("BIGSERIAL", "BIGINT"),
        ("SERIAL8", "BIGINT"),
        ("SMALLSERIAL", "SMALLINT"),
    ],
    sizeless_types: &["BYTEA", "TEXT"],
    // information_schema.columns.data_type
    catalog_types: &[
        ("INT", "INTEGER"),
        ("INT4", "INTEGER"),
        ("SERIAL", "INTEGER"),
        ("SERIAL4", "INTEGER"),
        ("INT8", "BIGINT"),
        ("BIGSERIAL", "BIGINT"),
        ("SERIAL8", "BIGINT"),
        ("INT2", "SMALLINT"),
        ("SMALLSERIAL", "SMALLINT"),
        ("VARCHAR", "CHARACTER VARYING"),
        ("CHAR", "CHARACTER"),
        ("TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE"),
        ("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"),
        ("BOOL", "BOOLEAN"),
        ("DECIMAL", "NUMERIC"),
        ("FLOAT8", "DOUBLE PRECISION"),
        ("FLOAT4", "REAL"),
    ],
    parser: ParserKind::PostgreSql,
    needs_trigger_functions: true,
    new_row: "NEW.",
    lock_timeout: &["SET lock_timeout = '20s'"],
    literal_rows: VALUES_ROWS,
    copy_command: "pg_dump -Fc -d {src} -f ismig-copy.dump && pg_restore -d {tgt} ismig-copy.dump",
    moves_oauth2_tables: false,
    cascade_note: "an ON DELETE CASCADE fires the child table's row triggers; the child-cleanup trigger turns the child's pending journal rows into DELETE rows (no SYNC_ID is removed).",
    user_is_schema: false,
    runtime_refusal: None,
    old_row: "OLD.",
    // the client never picks postgresql+9.6 itself
    max_index_key_bytes: None,
    dbscripts: super::DbscriptRules {
        delimiter: ";",
        picked: &["postgresql"],
        chosen: &["postgresql+9.6"],
        compiled: true,
    },
    rehearsal: RehearsalRules {
        text_prefix: "",
        timestamp: "TIMESTAMP '{}'",
        date: "DATE '{}'",
        binary: "decode('{}', 'hex')",
        long_text: "repeat('{s}', 500)",
        long_binary: "convert_to(repeat('{s}', 500), 'UTF8')",
        booleans: ["TRUE", "FALSE"],
        multi_row_values: true,
        cascade_fires_triggers: true,
        keep_timestamps: false,
        one_row: "(SELECT 1 AS ONE)",
        equal: "{a} = {b}",
        text_lob_equal: "{a} = {b}",
        binary_lob_equal: "{a} = {b}",
        show: "LEFT(CAST({} AS TEXT), 200)",
        show_number: "LEFT(CAST({} AS TEXT), 200)",
        show_length: "CAST(LENGTH({}) AS TEXT)",
        start: "(SELECT SYNC_ID FROM ismig_rehearsal_start WHERE N = {})",
        quote_names: false,
        concat: ["CONCAT(", ", ", ")"],
    },
};
