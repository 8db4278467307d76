//! DB2 LUW facts: `db2 -td/ -svf` framing (every statement ends with `/` alone on its line, as
//! WSO2's own db2.sql), `REFERENCING NEW AS N OLD AS O`, 128-byte names.

use super::{ClientProfile, Dialect, DialectRules, ParserKind, SplitRules, Terminator};

pub static RULES: DialectRules = DialectRules {
    dialect: Dialect::Db2,
    name: "db2",
    docs: &[
        (
            "identifier limits (128 bytes)",
            "https://www.ibm.com/docs/en/db2/11.5?topic=sql-xml-limits",
        ),
        (
            "CLP options -t -d -s -v -f",
            "https://www.ibm.com/docs/en/db2/11.5?topic=commands-command-line-processor-options",
        ),
        (
            "CREATE [OR REPLACE] TRIGGER (OR REPLACE since 9.7), MODE DB2SQL, BEGIN ATOMIC bodies",
            "https://www.ibm.com/docs/en/db2/11.5?topic=statements-create-trigger",
        ),
        (
            "compound SQL (compiled) BEGIN … END with EXECUTE IMMEDIATE, SIGNAL (guarded create/drop, verify)",
            "https://www.ibm.com/docs/en/db2/11.5?topic=statements-compound-sql-compiled",
        ),
        (
            "identity columns: NO CACHE, ORDER (journal SYNC_ID)",
            "https://www.ibm.com/docs/en/db2/11.5?topic=statements-create-table",
        ),
    ],
    max_identifier_len: 128,
    folds_to_lower: false,
    split: SplitRules {
        semicolon: true,
        slash_line: true,
        glued_slash: true,
        go_line: false,
        delimiter_command: false,
        dollar_quotes: false,
        tsql_implicit_breaks: false,
        backslash_escapes: false,
        backtick_quotes: false,
        bracket_quotes: false,
    },
    clients: &[ClientProfile {
        name: "db2",
        title: "db2 command line processor",
        header: &[
            "-- Run with: db2 -td/ -svf FILE (terminator / alone on its line, stop at the first error)",
        ],
        footer: &[],
        plain_end: Terminator::SlashLine,
        block_end: Terminator::SlashLine,
        command: "db2 connect to {db} && db2 -td/ -svf {file}",
    }],
    join_back_types: &[],
    unreadable_types: &[],
    type_renames: &[],
    sizeless_types: &[],
    parser: ParserKind::Generic,
    needs_trigger_functions: false,
    new_row: "N.",
    templates: &TEMPLATES,
    moves_oauth2_tables: true,
    cascade_note: "an ON DELETE CASCADE fires the child table's row triggers; the child-cleanup trigger turns the child's pending journal rows into DELETE rows (no SYNC_ID is removed).",
    user_is_schema: false,
    runtime_refusal: None,
    old_row: "O.",
};

crate::template_set! {
    Preflight => "db2/00-preflight-source.sql",
    SourceSetup => "db2/10-sync-source-setup.sql",
    TargetSetup => "db2/11-sync-target-setup.sql",
    Verify => "db2/20-sync-verify-source.sql",
    Monitor => "db2/30-sync-monitor-source.sql",
    SourceCleanup => "db2/90-sync-source-cleanup.sql",
    TargetCleanup => "db2/91-sync-target-cleanup.sql",
    RegistryCleanup => "db2/01-registry-versioning-cleanup.sql",
    Db2Move => "db2/02-db2-move-oauth2-tables.sql",
    NewTables => "db2/03-new-tables.sql",
}
