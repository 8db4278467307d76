//! Oracle facts: SQL*Plus / SQLcl framing, 30-byte names (before 12.2), `:NEW`/`:OLD`, LONG unreadable.

use super::{ClientProfile, Dialect, DialectRules, ParserKind, SplitRules, Terminator};

pub static RULES: DialectRules = DialectRules {
    dialect: Dialect::Oracle,
    name: "oracle",
    docs: &[
        (
            "identifier limit 30 bytes (128 from 12.2)",
            "https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Database-Object-Names-and-Qualifiers.html",
        ),
        (
            "SQL*Plus: PL/SQL blocks end with / alone on a line",
            "https://docs.oracle.com/en/database/oracle/oracle-database/19/sqpug/running-SQL-Plus-scripts.html",
        ),
        (
            "WHENEVER SQLERROR",
            "https://docs.oracle.com/en/database/oracle/oracle-database/19/sqpug/WHENEVER-SQLERROR.html",
        ),
        (
            "identity columns (12c+): NOCACHE ORDER, MAXVALUE (journal SYNC_ID)",
            "https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/CREATE-TABLE.html",
        ),
        (
            "EXECUTE IMMEDIATE with an exception handler for ORA-00955 / ORA-00942 / ORA-04080 (guarded create/drop)",
            "https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/EXECUTE-IMMEDIATE-statement.html",
        ),
        (
            "LONG columns cannot be referenced in row triggers",
            "https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/plsql-triggers.html",
        ),
    ],
    max_identifier_len: 30,
    folds_to_lower: false,
    split: SplitRules {
        semicolon: true,
        slash_line: true,
        glued_slash: false,
        go_line: false,
        delimiter_command: false,
        dollar_quotes: false,
        tsql_implicit_breaks: false,
        backslash_escapes: false,
        backtick_quotes: false,
        bracket_quotes: false,
    },
    clients: &[ClientProfile {
        name: "sqlplus",
        title: "SQL*Plus / SQLcl",
        header: &[
            "WHENEVER SQLERROR EXIT FAILURE ROLLBACK",
            "WHENEVER OSERROR EXIT 9",
            "SET DEFINE OFF",
            "SET SERVEROUTPUT ON",
        ],
        // without EXIT, `sqlplus -S USER@DB @FILE` waits at a prompt after the last statement
        footer: &["EXIT"],
        plain_end: Terminator::Semicolon,
        block_end: Terminator::SemicolonSlashLine,
        command: "sqlplus -L -S {user}@{connect} @{file}",
    }],
    join_back_types: &[],
    unreadable_types: &["LONG", "LONG RAW"],
    type_renames: &[],
    sizeless_types: &["BLOB", "CLOB", "NCLOB"],
    parser: ParserKind::Oracle,
    needs_trigger_functions: false,
    new_row: ":NEW.",
    templates: &TEMPLATES,
    moves_oauth2_tables: false,
    cascade_note: "an ON DELETE CASCADE fires the child table's row triggers, so the child's DELETE rows are journaled; the child-cleanup trigger then turns the child's pending journal rows into DELETE rows (no SYNC_ID is removed).",
    user_is_schema: true,
    runtime_refusal: None,
    old_row: ":OLD.",
};

crate::template_set! {
    Preflight => "oracle/00-preflight-source.sql",
    SourceSetup => "oracle/10-sync-source-setup.sql",
    TargetSetup => "oracle/11-sync-target-setup.sql",
    Verify => "oracle/20-sync-verify-source.sql",
    Monitor => "oracle/30-sync-monitor-source.sql",
    SourceCleanup => "oracle/90-sync-source-cleanup.sql",
    TargetCleanup => "oracle/91-sync-target-cleanup.sql",
    RegistryCleanup => "oracle/01-registry-versioning-cleanup.sql",
    NewTables => "oracle/03-new-tables.sql",
}
