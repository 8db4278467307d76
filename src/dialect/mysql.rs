//! MySQL / MariaDB facts: the mysql client's `DELIMITER $$` for trigger bodies, 64-character names,
//! binary-logging trust for trigger creation.

use super::{
    ClientCommands, ClientProfile, CommandsAt, Dialect, DialectRules, IdentQuote, LiteralRows,
    ParserKind, RehearsalRules, SplitRules, Terminator,
};

/// mysql client commands, from the mysql client reference: a long-form command is read at the
/// start of a line only while no statement is pending; `\` starts a short form anywhere.
pub static COMMANDS: ClientCommands = ClientCommands {
    at: CommandsAt::StatementStart,
    words: &[
        "CHARSET",
        "CLEAR",
        "CONNECT",
        "DELIMITER",
        "EDIT",
        "EGO",
        "EXIT",
        "GO",
        "HELP",
        "NOPAGER",
        "NOTEE",
        "NOWARNING",
        "PAGER",
        "PRINT",
        "PROMPT",
        "QUERY_ATTRIBUTES",
        "QUIT",
        "REHASH",
        "RESETCONNECTION",
        "SOURCE",
        "SSL_SESSION_DATA_PRINT",
        "STATUS",
        "SYSTEM",
        "TEE",
        "USE",
        "WARNINGS",
    ],
    // `?` (help) is a symbol, not a word: any line starting with it
    prefixes: &["?"],
    anywhere: &["\\"],
    sql: &[],
};

pub static RULES: DialectRules = DialectRules {
    dialect: Dialect::Mysql,
    name: "mysql",
    schema_dump_command: "mysqldump --no-data --skip-triggers -h HOST -u USER -p DATABASE > mysql.sql",
    docs: &[
        (
            "lock_wait_timeout (seconds a statement waits for a metadata lock)",
            "https://mariadb.com/kb/en/server-system-variables/#lock_wait_timeout",
        ),
        (
            "identifier limit 64",
            "https://dev.mysql.com/doc/refman/8.0/en/identifier-length.html",
        ),
        (
            "DELIMITER in the mysql client",
            "https://dev.mysql.com/doc/refman/8.0/en/stored-programs-defining.html",
        ),
        (
            "binary logging and trigger creation (log_bin_trust_function_creators)",
            "https://dev.mysql.com/doc/refman/8.0/en/stored-programs-logging.html",
        ),
        (
            "a trigger runs with the sql_mode of its creation; no CREATE OR REPLACE TRIGGER",
            "https://dev.mysql.com/doc/refman/8.0/en/create-trigger.html",
        ),
        (
            "SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE",
            "https://dev.mysql.com/doc/refman/8.0/en/numeric-type-syntax.html",
        ),
    ],
    max_identifier_len: 64,
    quote: IdentQuote {
        open: "`",
        close: "`",
        fold: false,
    },
    folds_to_lower: false,
    split: SplitRules {
        semicolon: true,
        slash_line: false,
        glued_slash: false,
        go_line: false,
        delimiter_command: true,
        dollar_quotes: false,
        tsql_implicit_breaks: false,
        backslash_escapes: true,
        backtick_quotes: true,
        bracket_quotes: false,
        commands: &COMMANDS,
    },
    clients: &[ClientProfile {
        name: "mysql",
        title: "mysql / mariadb client",
        header: &[
            "-- Run with the mysql client from a file (mysql DB < FILE); never with --force: it must stop at the first error.",
        ],
        footer: &[],
        plain_end: Terminator::Semicolon,
        block_end: Terminator::MysqlDelimiter,
        command: "mysql -h HOST -u USER -p {db} < {file}",
        rehearsal_command: "",
        commands: &COMMANDS,
    }],
    join_back_types: &[],
    unreadable_types: &[],
    // A journal column must not be a second AUTO_INCREMENT column (SYNC_ID is the one).
    type_renames: &[("SERIAL", "BIGINT UNSIGNED")],
    sizeless_types: &[],
    // information_schema.COLUMNS.DATA_TYPE (no display width: `int(11)` is INT)
    catalog_types: &[
        ("INTEGER", "INT"),
        ("BOOLEAN", "TINYINT"),
        ("BOOL", "TINYINT"),
        ("NUMERIC", "DECIMAL"),
        ("DEC", "DECIMAL"),
        ("REAL", "DOUBLE"),
        ("DOUBLE PRECISION", "DOUBLE"),
    ],
    parser: ParserKind::MySql,
    needs_trigger_functions: false,
    new_row: "NEW.",
    lock_timeout: &["SET SESSION lock_wait_timeout = 20"],
    // SELECTs: MySQL and MariaDB spell a VALUES table differently
    literal_rows: LiteralRows {
        open: "SELECT ",
        mid: " AS pos, ",
        close: " AS name",
        sep: " UNION ALL ",
    },
    copy_command: "mysqldump -h HOST -u USER -p --single-transaction --routines {src} > ismig-copy.sql && mysql -h HOST -u USER -p {tgt} < ismig-copy.sql",
    moves_oauth2_tables: false,
    cascade_note: "MySQL does NOT fire triggers for rows deleted by ON DELETE CASCADE: the child's deletes are not journaled; the child-cleanup trigger turns its pending journal rows into DELETE rows and the target's own cascade removes the child rows.",
    user_is_schema: false,
    runtime_refusal: None,
    old_row: "OLD.",
    // the client takes mysql5.7 on any server that reports 5.7 or later (MariaDB reports 10.x or
    // later), the cluster files only on a MySQL Cluster
    max_index_key_bytes: Some(3072),
    dbscripts: super::DbscriptRules {
        delimiter: ";",
        picked: &["mysql5.7", "mysql"],
        chosen: &["mysql-cluster-5.7", "mysql_cluster"],
        compiled: true,
        replaces_keys: false,
    },
    rehearsal: RehearsalRules {
        text_prefix: "",
        timestamp: "TIMESTAMP '{}'",
        date: "DATE '{}'",
        binary: "X'{}'",
        long_text: "REPEAT('{s}', 500)",
        long_binary: "CAST(REPEAT('{s}', 500) AS BINARY)",
        booleans: ["TRUE", "FALSE"],
        multi_row_values: true,
        cascade_fires_triggers: false,
        keep_timestamps: true,
        one_row: "(SELECT 1 AS ONE)",
        equal: "{a} = {b}",
        text_lob_equal: "{a} = {b}",
        binary_lob_equal: "{a} = {b}",
        show: "LEFT(CAST({} AS CHAR), 200)",
        show_number: "LEFT(CAST({} AS CHAR), 200)",
        show_length: "CAST(LENGTH({}) AS CHAR)",
        start: "@ismig_start_{}",
        quote_names: false,
        concat: ["CONCAT(", ", ", ")"],
    },
};
