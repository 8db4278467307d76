//! H2 2.x facts: RunScript framing, and no SQL-bodied triggers — ours are Java source in
//! `CREATE TRIGGER … AS $$ … $$`, compiled by the database's JVM (a JDK is needed).

use super::{ClientProfile, Dialect, DialectRules, ParserKind, SplitRules, Terminator};

pub static RULES: DialectRules = DialectRules {
    dialect: Dialect::H2,
    name: "h2",
    docs: &[
        (
            "CREATE TRIGGER (Java class or source)",
            "https://h2database.com/html/commands.html#create_trigger",
        ),
        (
            "RunScript tool",
            "https://h2database.com/javadoc/org/h2/tools/RunScript.html",
        ),
    ],
    max_identifier_len: 256,
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
    },
    clients: &[ClientProfile {
        name: "runscript",
        title: "H2 RunScript / Shell",
        header: &[],
        footer: &[],
        plain_end: Terminator::Semicolon,
        block_end: Terminator::Semicolon,
        command: "java -cp h2.jar org.h2.tools.RunScript -url JDBC_URL -user USER -script {file}",
    }],
    join_back_types: &[],
    unreadable_types: &[],
    type_renames: &[],
    sizeless_types: &[],
    parser: ParserKind::Generic,
};
