//! H2 2.x facts: RunScript framing, and no SQL-bodied triggers — ours are Java source in
//! `CREATE TRIGGER … AS $$ … $$`, compiled by the database's JVM (a JDK is needed).

use super::{
    ClientCommands, ClientProfile, CommandsAt, Dialect, DialectRules, IdentQuote, ParserKind,
    RehearsalRules, SplitRules, Terminator, VALUES_ROWS,
};

/// H2 RunScript reads no command words; a statement starting with `@INCLUDE` runs another script.
pub static COMMANDS: ClientCommands = ClientCommands {
    at: CommandsAt::StatementStart,
    words: &[],
    prefixes: &["@INCLUDE"],
    anywhere: &[],
    sql: &[],
};

pub static RULES: DialectRules = DialectRules {
    dialect: Dialect::H2,
    name: "h2",
    schema_dump_command: "SCRIPT NODATA TO 'h2.sql' (in the H2 Shell, connected to the database)",
    docs: &[
        (
            "SET LOCK_TIMEOUT (milliseconds)",
            "https://h2database.com/html/commands.html#set_lock_timeout",
        ),
        (
            "CREATE TRIGGER (Java class or source)",
            "https://h2database.com/html/commands.html#create_trigger",
        ),
        (
            "RunScript tool",
            "https://h2database.com/javadoc/org/h2/tools/RunScript.html",
        ),
        (
            "DATABASE() (the database short name) and identity columns",
            "https://h2database.com/html/functions.html#database",
        ),
        (
            "SERIAL / BIGSERIAL are identity columns (data types)",
            "https://h2database.com/html/datatypes.html",
        ),
    ],
    max_identifier_len: 256,
    quote: IdentQuote {
        open: "\"",
        close: "\"",
        fold: true,
    },
    folds_to_lower: false,
    split: SplitRules {
        semicolon: true,
        slash_line: false,
        glued_slash: false,
        go_line: false,
        delimiter_command: false,
        dollar_quotes: true,
        tsql_implicit_breaks: false,
        backslash_escapes: false,
        backtick_quotes: true,
        bracket_quotes: false,
        commands: &COMMANDS,
    },
    clients: &[ClientProfile {
        name: "runscript",
        title: "H2 RunScript / Shell",
        header: &[],
        footer: &[],
        plain_end: Terminator::Semicolon,
        block_end: Terminator::Semicolon,
        command: "java -cp h2.jar org.h2.tools.RunScript -url JDBC_URL -user USER -script {file} -showResults",
        rehearsal_command: "",
        commands: &COMMANDS,
    }],
    join_back_types: &[],
    unreadable_types: &[],
    // A journal column must not be a second identity column (SYNC_ID is the one).
    type_renames: &[
        ("SERIAL", "INTEGER"),
        ("SERIAL4", "INTEGER"),
        ("BIGSERIAL", "BIGINT"),
        ("SERIAL8", "BIGINT"),
        ("IDENTITY", "BIGINT"),
    ],
    sizeless_types: &[],
    parser: ParserKind::Generic,
    needs_trigger_functions: false,
    new_row: "NEW.",
    lock_timeout: &["SET LOCK_TIMEOUT 20000"],
    literal_rows: VALUES_ROWS,
    copy_command: "java -cp h2.jar org.h2.tools.Script -url jdbc:h2:{src} -user USER -script ismig-copy.sql && java -cp h2.jar org.h2.tools.RunScript -url jdbc:h2:{tgt} -user USER -script ismig-copy.sql",
    moves_oauth2_tables: false,
    cascade_note: "an ON DELETE CASCADE fires the child table's triggers; the child-cleanup trigger turns the child's pending journal rows into DELETE rows (no SYNC_ID is removed).",
    user_is_schema: false,
    runtime_refusal: None,
    old_row: "OLD.",
    max_index_key_bytes: None,
    dbscripts: super::DbscriptRules {
        delimiter: ";",
        picked: &["h2"],
        chosen: &[],
        compiled: true,
    },
    rehearsal: RehearsalRules {
        text_prefix: "",
        timestamp: "TIMESTAMP '{}'",
        date: "DATE '{}'",
        binary: "X'{}'",
        long_text: "REPEAT('{s}', 500)",
        long_binary: "STRINGTOUTF8(REPEAT('{s}', 500))",
        booleans: ["TRUE", "FALSE"],
        multi_row_values: true,
        cascade_fires_triggers: true,
        keep_timestamps: false,
        one_row: "(SELECT 1 AS ONE)",
        equal: "{a} = {b}",
        text_lob_equal: "{a} = {b}",
        binary_lob_equal: "{a} = {b}",
        show: "LEFT(CAST({} AS VARCHAR), 200)",
        show_number: "LEFT(CAST({} AS VARCHAR), 200)",
        show_length: "CAST(OCTET_LENGTH({}) AS VARCHAR)",
        start: "@ISMIG_START_{}",
        quote_names: false,
        concat: ["CONCAT(", ", ", ")"],
    },
};
