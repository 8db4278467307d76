//! The migration client's schema steps, compiled: for each dialect whose rules say so, every
//! `SchemaMigrator` entry of the versions the migration runs ([`ClientSteps`]) becomes one
//! script ([`StepScript`]) made from the dbscript the client would pick, split as the client
//! splits it (`schema::client_split`); every other migrator stays a step of the client
//! ([`Item::ClientOnly`]), at its place. Each statement is read by a token scan into what it
//! does ([`Action`]): CREATE TABLE, CREATE INDEX and ADD COLUMN become their create-if-missing
//! forms (guarded); WSO2's helper procedures (`skip_index_if_exists`,
//! `add_column_if_not_exists_with_default_val`, PostgreSQL's `DO` blocks catching
//! `duplicate_column`) are unwrapped into the guarded statements they stand for, their own
//! CREATE and DROP left out, so no error is swallowed; a DROP TABLE before a CREATE of the same
//! table is reported and left out (the CREATE becomes create-if-missing); everything else is kept
//! as it is ("verbatim: review"). No SQL is written here: names and texts from the input.

use serde::Serialize;

use crate::config::client_steps::{ClientSteps, Migrator};
use crate::diag::{Diagnostic, Diagnostics};
use crate::dialect::{Dialect, is_plain_identifier};
use crate::input::MigrationResources;
use crate::schema::client_split;

/// The first number of the compiled scripts' file names: `401-…` sorts after the sync setup's
/// `31-…` and before the rehearsal's `80-…`.
pub const FIRST_NUMBER: usize = 401;
/// The last number the prefix allows.
pub const LAST_NUMBER: usize = 499;

/// What was done to a statement of a dbscript (report.json, PLAN.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Done {
    /// Made create-if-missing.
    Guarded,
    /// A call of one of WSO2's helper procedures, replaced by the guarded statement it stands for.
    Unwrapped,
    /// The CREATE or DROP of a helper procedure whose calls were unwrapped: not written.
    HelperRemoved,
    /// Kept as it is, to be reviewed.
    Verbatim,
    /// A DROP TABLE of a table created right after: not written.
    DroppedDrop,
}

impl Done {
    pub fn word(self) -> &'static str {
        match self {
            Done::Guarded => "guarded",
            Done::Unwrapped => "unwrapped",
            Done::HelperRemoved => "helper-removed",
            Done::Verbatim => "verbatim: review",
            Done::DroppedDrop => "dropped-drop",
        }
    }
}

/// What a compiled statement does, for the templates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum Action {
    /// `CREATE TABLE name body`, only when the table is missing.
    CreateTable { table: String, body: String },
    /// `ALTER TABLE table ADD column definition`, only when the column is missing.
    AddColumn {
        table: String,
        column: String,
        definition: String,
    },
    /// `ALTER TABLE table ALTER COLUMN column DROP DEFAULT` (after an unwrapped add with a default).
    DropDefault { table: String, column: String },
    /// `CREATE [UNIQUE] INDEX name ON table (columns)`, only when the index is missing.
    CreateIndex {
        name: String,
        table: String,
        columns: String,
        unique: bool,
    },
    /// The unique key `name` of `table` made `UNIQUE (columns)` while it still has the column
    /// `while_has` (the test of the procedure that drops and re-adds the key, unwrapped) and
    /// other columns than these: dropped (with the index it used), then added.
    ReplaceUnique {
        name: String,
        table: String,
        columns: Vec<String>,
        while_has: String,
    },
    /// `ALTER TABLE table MODIFY column type`: the column's type changed (widened), in the
    /// dialect's own syntax; reviewed like a verbatim statement.
    ChangeType {
        table: String,
        column: String,
        data_type: String,
    },
    /// The statement as the client would run it; `block`: a procedural body (its own
    /// terminators inside).
    Verbatim { text: String, block: bool },
    /// `CALL procedure(args)`, as the client would run it: `call` is what follows CALL (framed
    /// as the dialect's client runs a call).
    Call { call: String },
}

/// One statement of a dbscript and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Compiled {
    /// 1-based first and last line in the dbscript.
    pub line: usize,
    pub last_line: usize,
    pub done: Done,
    /// Why, in a few words.
    pub note: String,
    #[serde(skip)]
    pub actions: Vec<Action>,
}

/// One `SchemaMigrator` entry of a version, compiled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepScript {
    /// The output file name (`402-schema-5.8.0-step2-uma.sql`).
    pub file: String,
    pub migrator: String,
    pub order: i64,
    pub version: String,
    pub location: String,
    pub schema: String,
    /// The dbscript compiled (display path), its sha256, and the variant chosen (`mysql5.7`).
    pub source: String,
    pub sha256: String,
    pub variant: String,
    pub statements: Vec<Compiled>,
}

impl StepScript {
    /// How many of its statements had `done` done to them.
    pub fn count(&self, done: Done) -> usize {
        self.statements.iter().filter(|c| c.done == done).count()
    }
    /// The script creates table `name` (only when missing).
    pub fn creates_table(&self, name: &str) -> bool {
        self.statements.iter().flat_map(|c| c.actions.iter()).any(
            |a| matches!(a, Action::CreateTable { table, .. } if table.eq_ignore_ascii_case(name)),
        )
    }
}

/// One migrator of a version, in the client's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Item {
    /// A schema migrator, compiled.
    Schema(StepScript),
    /// A schema migrator without a dbscript for this dialect: the client skips it too.
    NoScript {
        migrator: String,
        order: i64,
        location: String,
        schema: String,
    },
    /// Java work only the client does.
    ClientOnly(Migrator),
}

/// One version of the client's run, compiled for one dialect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VersionPlan {
    pub version: String,
    pub previous: String,
    /// The read-only check run before the version's first schema step, when it has any.
    pub precheck: Option<Precheck>,
    pub items: Vec<Item>,
}

/// The read-only checks of one version: every constraint its schema steps add to a table that
/// already holds data, checked against that data before any step runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Precheck {
    /// The output file name (`401-precheck-5.8.0.sql`).
    pub file: String,
    pub version: String,
    pub checks: Vec<Check>,
}

/// One check of a precheck.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "kebab-case")]
pub enum Check {
    /// A UNIQUE constraint, primary key or unique index: no two rows may share the key.
    /// `columns` are the existing columns; `added` the key's columns this version adds, each with
    /// the value every row gets (its default), which does not split a group.
    Unique {
        constraint: String,
        kind: String,
        table: String,
        columns: Vec<String>,
        added: Vec<String>,
        source: String,
    },
    /// A NOT NULL column added without a default: the table must be empty.
    NotNullAdded {
        table: String,
        column: String,
        source: String,
    },
    /// A column made NOT NULL: no row may hold NULL in it.
    NotNull {
        table: String,
        column: String,
        source: String,
    },
    /// An index whose key may exceed the dialect's limit (bytes).
    IndexKeyLength {
        index: String,
        table: String,
        /// Each column with its prefix length in characters, if the index gives one.
        columns: Vec<(String, Option<u32>)>,
        limit: usize,
        source: String,
    },
    /// A constraint the precheck cannot predict (a data change of the same version runs before
    /// it on the same table): said, not checked.
    NotChecked {
        constraint: String,
        table: String,
        why: String,
        source: String,
    },
}

/// The compiled client steps of one dialect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClientPlan {
    pub dialect: Dialect,
    pub resources: String,
    pub versions: Vec<VersionPlan>,
}

impl ClientPlan {
    /// Every compiled script, in run order.
    pub fn scripts(&self) -> impl Iterator<Item = &StepScript> {
        self.versions.iter().flat_map(|v| {
            v.items.iter().filter_map(|i| match i {
                Item::Schema(s) => Some(s),
                _ => None,
            })
        })
    }
}

/// Compiles the client steps for every dialect of the run whose rules compile them.
pub fn plan(
    dialects: &[Dialect],
    steps: &ClientSteps,
    res: &MigrationResources,
    variants: &[String],
    owner: Option<&str>,
    diags: &mut Diagnostics,
) -> Vec<ClientPlan> {
    for v in variants {
        let known = Dialect::ALL.iter().any(|d| {
            let r = &d.rules().dbscripts;
            r.picked.contains(&v.as_str()) || r.chosen.contains(&v.as_str())
        });
        if !known {
            let all: Vec<&str> = Dialect::ALL
                .iter()
                .flat_map(|d| {
                    let r = &d.rules().dbscripts;
                    r.picked.iter().chain(r.chosen.iter()).copied()
                })
                .collect();
            diags.push(
                Diagnostic::error("E034", format!("unknown dbscript variant {v:?}"))
                    .hint(format!("variants: {}", all.join(", "))),
            );
        }
    }
    let mut out = Vec::new();
    for &dialect in dialects {
        let rules = &dialect.rules().dbscripts;
        if !rules.compiled {
            diags.push(
                Diagnostic::warning(
                    "W014",
                    format!(
                        "{dialect}: the migration client's schema steps are not compiled for {dialect}; \
                         its runbook runs WSO2's migration client for them, with the client's own \
                         statement splitter and the errors it tolerates"
                    ),
                )
                .hint(format!(
                    "review the {dialect} dbscripts of migration-resources before the client runs them, \
                     and check its log for skipped statements"
                )),
            );
            continue;
        }
        let wanted: Vec<&str> = variants
            .iter()
            .map(String::as_str)
            .filter(|v| rules.picked.contains(v) || rules.chosen.contains(v))
            .chain(rules.picked.iter().copied())
            .collect();
        let mut number = FIRST_NUMBER;
        let mut versions = Vec::new();
        for cv in &steps.versions {
            let first_number_of_version = number;
            let mut items = Vec::new();
            for m in &cv.migrators {
                let (Some(location), Some(schema)) = (&m.location, &m.schema) else {
                    items.push(Item::ClientOnly(m.clone()));
                    continue;
                };
                if !m.is_schema() {
                    items.push(Item::ClientOnly(m.clone()));
                    continue;
                }
                let dir = format!("{}/dbscripts/{location}/{schema}", cv.version);
                let found = wanted.iter().find_map(|v| {
                    res.script(&format!("{dir}/{v}.sql"))
                        .map(|f| (v.to_string(), f))
                });
                let Some((variant, file)) = found else {
                    items.push(Item::NoScript {
                        migrator: m.name.clone(),
                        order: m.order,
                        location: location.clone(),
                        schema: schema.clone(),
                    });
                    continue;
                };
                if number >= LAST_NUMBER {
                    diags.push(Diagnostic::error(
                        "E034",
                        format!(
                            "more than {} schema steps: the 4NN- file prefix has no room",
                            LAST_NUMBER - FIRST_NUMBER + 1
                        ),
                    ));
                    return out;
                }
                let statements = client_split::split(&file.text, rules.delimiter, owner);
                let source = format!("migration-resources/{dir}/{variant}.sql");
                items.push(Item::Schema(StepScript {
                    file: format!(
                        "{number}-schema-{}-{}-{}.sql",
                        file_part(&cv.version),
                        file_part(location),
                        file_part(schema)
                    ),
                    migrator: m.name.clone(),
                    order: m.order,
                    version: cv.version.clone(),
                    location: location.clone(),
                    schema: schema.clone(),
                    statements: compile(&statements, rules.replaces_keys),
                    // shown by its place in the client's folder, wherever the DBA keeps it
                    source,
                    sha256: file.sha256.clone(),
                    variant,
                }));
                number += 1;
            }
            let precheck = precheck_of(&cv.version, &items, dialect, first_number_of_version);
            if precheck.is_some() {
                // the precheck took the version's first number: its steps follow it
                for item in &mut items {
                    if let Item::Schema(s) = item {
                        let (n, rest) = s.file.split_once('-').unwrap_or(("", &s.file));
                        let n: usize = n.parse().unwrap_or(0);
                        s.file = format!("{}-{rest}", n + 1);
                    }
                }
                number += 1;
            }
            check_names(dialect, &items, diags);
            versions.push(VersionPlan {
                version: cv.version.clone(),
                previous: cv.previous.clone(),
                precheck,
                items,
            });
        }
        out.push(ClientPlan {
            dialect,
            resources: steps.resources.clone(),
            versions,
        });
    }
    out
}

/// The version's precheck: every UNIQUE / PRIMARY KEY / unique index, NOT NULL and (where the
/// dialect limits it) index key its schema steps add to a table the version does not create.
fn precheck_of(version: &str, items: &[Item], dialect: Dialect, number: usize) -> Option<Precheck> {
    let scripts: Vec<&StepScript> = items
        .iter()
        .filter_map(|i| match i {
            Item::Schema(s) => Some(s),
            _ => None,
        })
        .collect();
    if scripts.is_empty() {
        return None;
    }
    let created: Vec<&str> = scripts
        .iter()
        .flat_map(|s| s.statements.iter().flat_map(|c| c.actions.iter()))
        .filter_map(|a| match a {
            Action::CreateTable { table, .. } => Some(table.as_str()),
            _ => None,
        })
        .collect();
    let is_new = |t: &str| created.iter().any(|c| c.eq_ignore_ascii_case(t));
    // columns this version adds, with the value every existing row gets
    let mut added: Vec<(String, String, Option<String>)> = Vec::new();
    // tables whose data a statement of this version changed so far
    let mut changed: Vec<String> = Vec::new();
    let mut checks = Vec::new();
    let limit = dialect.rules().max_index_key_bytes;
    for s in &scripts {
        for c in &s.statements {
            let source = format!("{}:{}", s.source, c.line);
            for a in &c.actions {
                match a {
                    Action::AddColumn {
                        table,
                        column,
                        definition,
                    } if !is_new(table) => {
                        let d = default_of(definition);
                        let not_null = definition.to_ascii_uppercase().contains("NOT NULL");
                        if not_null && d.is_none() {
                            checks.push(Check::NotNullAdded {
                                table: table.clone(),
                                column: column.clone(),
                                source: source.clone(),
                            });
                        }
                        added.push((table.clone(), column.clone(), d));
                    }
                    Action::CreateIndex {
                        name,
                        table,
                        columns,
                        unique,
                    } if !is_new(table) => {
                        let cols = key_columns(columns);
                        if *unique {
                            checks.push(unique_check(
                                name,
                                "UNIQUE INDEX",
                                table,
                                &cols,
                                &added,
                                &changed,
                                &source,
                            ));
                        }
                        if let Some(limit) = limit {
                            checks.push(Check::IndexKeyLength {
                                index: name.clone(),
                                table: table.clone(),
                                columns: cols,
                                limit,
                                source: source.clone(),
                            });
                        }
                    }
                    Action::ReplaceUnique {
                        name,
                        table,
                        columns,
                        ..
                    } if !is_new(table) => {
                        let cols: Vec<(String, Option<u32>)> =
                            columns.iter().map(|c| (c.clone(), None)).collect();
                        checks.push(unique_check(
                            name, "UNIQUE", table, &cols, &added, &changed, &source,
                        ));
                    }
                    Action::Verbatim { text, .. } => {
                        let mut sc = Scan::new(text);
                        if let Some((name, kind, table, cols)) = add_constraint(&mut sc) {
                            if !is_new(&table) {
                                let cols: Vec<(String, Option<u32>)> =
                                    cols.into_iter().map(|c| (c, None)).collect();
                                checks.push(unique_check(
                                    &name, kind, &table, &cols, &added, &changed, &source,
                                ));
                            }
                            continue;
                        }
                        let mut sc = Scan::new(text);
                        if let Some((table, column)) = set_not_null(&mut sc) {
                            if !is_new(&table) {
                                checks.push(Check::NotNull {
                                    table,
                                    column,
                                    source: source.clone(),
                                });
                            }
                            continue;
                        }
                        let mut sc = Scan::new(text);
                        if let Some(t) = data_change_table(&mut sc) {
                            changed.push(t);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    Some(Precheck {
        file: format!("{number}-precheck-{}.sql", file_part(version)),
        version: version.to_string(),
        checks,
    })
}

#[allow(clippy::too_many_arguments)]
fn unique_check(
    name: &str,
    kind: &str,
    table: &str,
    cols: &[(String, Option<u32>)],
    added: &[(String, String, Option<String>)],
    changed: &[String],
    source: &str,
) -> Check {
    if changed.iter().any(|t| t.eq_ignore_ascii_case(table)) {
        return Check::NotChecked {
            constraint: name.to_string(),
            table: table.to_string(),
            why: "a data change of this version runs on the table before it".to_string(),
            source: source.to_string(),
        };
    }
    let mut columns = Vec::new();
    let mut new = Vec::new();
    for (c, _) in cols {
        match added
            .iter()
            .find(|(t, col, _)| t.eq_ignore_ascii_case(table) && col.eq_ignore_ascii_case(c))
        {
            Some((_, _, Some(d))) => new.push(format!("{c} (added as {d})")),
            // a column added without a default is NULL in every row: NULLs never collide
            Some((_, _, None)) => {
                return Check::NotChecked {
                    constraint: name.to_string(),
                    table: table.to_string(),
                    why: format!(
                        "{c} is added without a default: NULL in every existing row, which no unique key compares equal"
                    ),
                    source: source.to_string(),
                };
            }
            None => columns.push(c.clone()),
        }
    }
    Check::Unique {
        constraint: name.to_string(),
        kind: kind.to_string(),
        table: table.to_string(),
        columns,
        added: new,
        source: source.to_string(),
    }
}

/// The DEFAULT value of a column definition (`INTEGER NOT NULL DEFAULT -1` → `-1`).
fn default_of(definition: &str) -> Option<String> {
    let t = tokens(definition);
    let i = t
        .iter()
        .position(|(_, tok)| matches!(tok, Tok::Word(w) if w.eq_ignore_ascii_case("DEFAULT")))?;
    let mut v = String::new();
    for (_, tok) in &t[i + 1..] {
        match tok {
            Tok::Punct('(') if v.is_empty() => {}
            Tok::Punct('-') if v.is_empty() => v.push('-'),
            Tok::Word(w) if !w.eq_ignore_ascii_case("NOT") && !w.eq_ignore_ascii_case("NULL") => {
                v.push_str(w);
                break;
            }
            Tok::Str(s) => {
                v = format!("'{s}'");
                break;
            }
            _ => break,
        }
    }
    (!v.is_empty() && v != "-").then_some(v)
}

/// An index's columns with their prefix lengths (`A(191), B` → A 191, B).
fn key_columns(columns: &str) -> Vec<(String, Option<u32>)> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for ch in columns.chars().chain([',']) {
        match ch {
            '(' => {
                depth += 1;
                cur.push(ch);
            }
            ')' => {
                depth -= 1;
                cur.push(ch);
            }
            ',' if depth == 0 => {
                let part = cur.trim().to_string();
                cur.clear();
                if part.is_empty() {
                    continue;
                }
                match part.split_once('(') {
                    Some((n, p)) => out.push((
                        n.trim().to_string(),
                        p.trim_end_matches(')').trim().parse().ok(),
                    )),
                    None => out.push((part, None)),
                }
            }
            _ => cur.push(ch),
        }
    }
    out
}

/// `ALTER TABLE t ADD CONSTRAINT c UNIQUE|PRIMARY KEY (cols)`.
fn add_constraint(s: &mut Scan<'_>) -> Option<(String, &'static str, String, Vec<String>)> {
    let table = s.alter_table(&["ADD", "CONSTRAINT"])?;
    let name = s.name()?;
    let kind = if s.take(&["UNIQUE"]) {
        "UNIQUE"
    } else if s.take(&["PRIMARY", "KEY"]) {
        "PRIMARY KEY"
    } else {
        return None;
    };
    if !s.punct('(') {
        return None;
    }
    let mut cols = Vec::new();
    loop {
        cols.push(s.name()?);
        if s.punct(',') {
            continue;
        }
        return (s.punct(')') && s.done()).then_some((name, kind, table, cols));
    }
}

/// `ALTER TABLE t ALTER COLUMN c SET NOT NULL`.
fn set_not_null(s: &mut Scan<'_>) -> Option<(String, String)> {
    let table = s.alter_table(&["ALTER", "COLUMN"])?;
    let column = s.name()?;
    (s.take(&["SET", "NOT", "NULL"]) && s.done()).then_some((table, column))
}

/// The table an UPDATE, DELETE or INSERT changes.
fn data_change_table(s: &mut Scan<'_>) -> Option<String> {
    if s.take(&["UPDATE"]) || s.take(&["DELETE", "FROM"]) || s.take(&["INSERT", "INTO"]) {
        return s.name();
    }
    None
}

/// A PL/SQL procedure that replaces a unique key (WSO2 5.8.0's Oracle `add_idp_id_to_con_app_key`):
/// `CREATE [OR REPLACE] PROCEDURE p [()] IS|AS …` whose only dynamic statements are
/// `ALTER TABLE t DROP CONSTRAINT k [DROP INDEX]` and then `ALTER TABLE t ADD CONSTRAINT k UNIQUE
/// (columns)`, which changes no data, and whose test is that the key's index has a column
/// (`COLUMN_NAME = 'c'`). Its name (upper case) and the replacement it stands for: the same test,
/// and the key's columns not already the new ones (so a second run changes nothing).
fn key_replacement(text: &str) -> Option<(String, Action)> {
    let mut s = Scan::new(text);
    if !s.take(&["CREATE"]) {
        return None;
    }
    s.take(&["OR", "REPLACE"]);
    if !s.take(&["PROCEDURE"]) {
        return None;
    }
    let procedure = s.name()?;
    if s.punct('(') && !s.punct(')') {
        return None;
    }
    if !(s.take(&["IS"]) || s.take(&["AS"])) {
        return None;
    }
    let words = |w: &str| {
        s.t.iter()
            .filter(|(_, t)| matches!(t, Tok::Word(x) if x.eq_ignore_ascii_case(w)))
            .count()
    };
    let changes_data = [
        "INSERT", "UPDATE", "DELETE", "MERGE", "COMMIT", "ROLLBACK", "CALL",
    ]
    .iter()
    .any(|w| words(w) > 0);
    let dynamic: Vec<&str> =
        s.t.windows(3)
            .filter_map(|w| match w {
                [(_, Tok::Word(e)), (_, Tok::Word(i)), (_, Tok::Str(x))]
                    if e.eq_ignore_ascii_case("EXECUTE") && i.eq_ignore_ascii_case("IMMEDIATE") =>
                {
                    Some(x.as_str())
                }
                _ => None,
            })
            .collect();
    let [drop, add] = dynamic.as_slice() else {
        return None;
    };
    if changes_data || words("EXECUTE") != 2 {
        return None;
    }
    let mut d = Scan::new(drop);
    let table = d.alter_table(&["DROP", "CONSTRAINT"])?;
    let key = d.name()?;
    d.take(&["DROP", "INDEX"]);
    if !d.done() {
        return None;
    }
    let (added, kind, added_to, columns) = add_constraint(&mut Scan::new(add))?;
    // the procedure's test: `COLUMN_NAME = 'c'`, once
    let tested: Vec<&str> =
        s.t.windows(3)
            .filter_map(|w| match w {
                [(_, Tok::Word(c)), (_, Tok::Punct('=')), (_, Tok::Str(v))]
                    if c.eq_ignore_ascii_case("COLUMN_NAME") =>
                {
                    Some(v.as_str())
                }
                _ => None,
            })
            .collect();
    let [while_has] = tested.as_slice() else {
        return None;
    };
    let same = kind == "UNIQUE"
        && added.eq_ignore_ascii_case(&key)
        && added_to.eq_ignore_ascii_case(&table)
        && is_plain_identifier(while_has);
    same.then(|| {
        (
            procedure.to_ascii_uppercase(),
            Action::ReplaceUnique {
                name: key,
                table,
                columns,
                while_has: while_has.to_string(),
            },
        )
    })
}

/// The procedure a `CALL p()` (what follows CALL) or a `DROP PROCEDURE p` names, upper case.
fn called(call: &str) -> Option<String> {
    let mut s = Scan::new(call);
    let name = s.name()?;
    if s.punct('(') && !s.punct(')') {
        return None;
    }
    s.done().then(|| name.to_ascii_uppercase())
}

fn dropped_procedure(text: &str) -> Option<String> {
    let mut s = Scan::new(text.trim().trim_end_matches(';'));
    if !s.take(&["DROP", "PROCEDURE"]) {
        return None;
    }
    called(s.rest())
}

/// W013: a name a schema step creates that is longer than the dialect allows.
fn check_names(dialect: Dialect, items: &[Item], diags: &mut Diagnostics) {
    let max = dialect.rules().max_identifier_len();
    for item in items {
        let Item::Schema(s) = item else { continue };
        for c in &s.statements {
            for a in &c.actions {
                let names: Vec<&str> = match a {
                    Action::CreateTable { table, .. } => vec![table],
                    Action::AddColumn { column, .. } => vec![column],
                    Action::CreateIndex { name, .. } => vec![name],
                    _ => Vec::new(),
                };
                for n in names {
                    if n.len() > max {
                        diags.push(
                            Diagnostic::warning(
                                "W013",
                                format!(
                                    "{dialect}: {n} ({} characters) in {}:{} is longer than {dialect} allows ({max})",
                                    n.len(),
                                    s.source,
                                    c.line
                                ),
                            )
                            .hint("the schema step will fail there: shorten the name in the dbscript"),
                        );
                    }
                }
            }
        }
    }
}

/// A name part of a file name: letters, digits, `.`, `-` and `_` kept, anything else `_`.
fn file_part(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A token of a statement: a word, a quoted string (its value) or one other character, with
/// the byte offset where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Word(String),
    Str(String),
    Punct(char),
}

fn tokens(text: &str) -> Vec<(usize, Tok)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'#' {
            let s = i;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b'$' | b'#'))
            {
                i += 1;
            }
            out.push((s, Tok::Word(text[s..i].to_string())));
        } else if c == b'\'' {
            let s = i;
            let mut v = String::new();
            i += 1;
            loop {
                match text[i..].find('\'') {
                    Some(j) => {
                        v.push_str(&text[i..i + j]);
                        i += j + 1;
                        if b.get(i) == Some(&b'\'') {
                            v.push('\'');
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    None => {
                        v.push_str(&text[i..]);
                        i = b.len();
                        break;
                    }
                }
            }
            out.push((s, Tok::Str(v)));
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push((i, Tok::Punct(ch)));
            i += ch.len_utf8();
        }
    }
    out
}

/// Reads tokens as keywords (case-insensitive) from a position.
struct Scan<'a> {
    text: &'a str,
    t: Vec<(usize, Tok)>,
    at: usize,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Self {
        Scan {
            text,
            t: tokens(text),
            at: 0,
        }
    }
    fn word(&self) -> Option<&str> {
        match self.t.get(self.at) {
            Some((_, Tok::Word(w))) => Some(w),
            _ => None,
        }
    }
    fn is(&self, kw: &str) -> bool {
        self.word().is_some_and(|w| w.eq_ignore_ascii_case(kw))
    }
    /// Takes the keywords in order, or none of them.
    fn take(&mut self, kws: &[&str]) -> bool {
        let save = self.at;
        for kw in kws {
            if !self.is(kw) {
                self.at = save;
                return false;
            }
            self.at += 1;
        }
        true
    }
    fn name(&mut self) -> Option<String> {
        let w = self.word()?.to_string();
        is_plain_identifier(&w).then(|| {
            self.at += 1;
            w
        })
    }
    fn punct(&mut self, c: char) -> bool {
        if matches!(self.t.get(self.at), Some((_, Tok::Punct(p))) if *p == c) {
            self.at += 1;
            true
        } else {
            false
        }
    }
    fn done(&self) -> bool {
        self.at >= self.t.len()
    }
    /// The text from the current token to the end.
    fn rest(&self) -> &'a str {
        self.t
            .get(self.at)
            .map_or("", |(o, _)| self.text[*o..].trim())
    }
    /// `ALTER TABLE t` then the keywords `kws`: the table.
    fn alter_table(&mut self, kws: &[&str]) -> Option<String> {
        if !self.take(&["ALTER", "TABLE"]) {
            return None;
        }
        let table = self.name()?;
        self.take(kws).then_some(table)
    }
    /// String arguments `( 'a', 'b', … )` to the end.
    fn string_args(&mut self) -> Option<Vec<String>> {
        if !self.punct('(') {
            return None;
        }
        let mut args = Vec::new();
        loop {
            match self.t.get(self.at) {
                Some((_, Tok::Str(s))) => args.push(s.clone()),
                _ => return None,
            }
            self.at += 1;
            if self.punct(',') {
                continue;
            }
            if self.punct(')') && self.done() {
                return Some(args);
            }
            return None;
        }
    }
}

/// WSO2's helper procedures the compiler unwraps, by name (lower case).
const HELPERS: &[&str] = &[
    "skip_index_if_exists",
    "add_column_if_not_exists_with_default_val",
    "add_column_if_not_exists",
    "add_index_if_not_exists",
];

/// A helper whose arguments are whole statements (Oracle's `add_index_if_not_exists('CREATE
/// INDEX …')`, `add_column_if_not_exists('ALTER TABLE … ADD …', 'ALTER TABLE … MODIFY …')`):
/// the first must be a statement ismig guards; the others (the clean-up after an add) run as
/// they are.
fn unwrap_statements(args: &[String]) -> Option<Vec<Action>> {
    let (first, rest) = args.split_first()?;
    let mut actions = match read(first) {
        Read::Done(Done::Guarded, _, a) => a,
        _ => return None,
    };
    for r in rest {
        match read(r) {
            Read::Done(Done::Guarded, _, a) => actions.extend(a),
            Read::Done(Done::Verbatim, _, a)
                if a.iter().all(|x| {
                    matches!(
                        x,
                        Action::Verbatim { block: false, .. } | Action::ChangeType { .. }
                    )
                }) =>
            {
                actions.extend(a)
            }
            _ => return None,
        }
    }
    Some(actions)
}

/// A column list as the helpers pass it: names, prefix lengths, commas, blanks, parentheses.
fn plain_list(s: &str) -> bool {
    !s.trim().is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ',' | ' ' | '(' | ')'))
}

/// A type or a default value as the helpers pass them.
fn plain_value(s: &str) -> bool {
    !s.trim().is_empty()
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | ',' | ' ' | '(' | ')' | '-' | '.')
        })
}

/// `(a, b)` → `a, b` (one pair of outer parentheses off).
fn unparen(s: &str) -> String {
    let t = s.trim();
    t.strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .unwrap_or(t)
        .trim()
        .to_string()
}

/// The guarded statements a helper call stands for, if it is one the compiler knows.
fn unwrap_call(helper: &str, args: &[String]) -> Option<Vec<Action>> {
    match (helper, args) {
        ("skip_index_if_exists", [_]) | ("add_index_if_not_exists", [_]) => unwrap_statements(args),
        ("add_column_if_not_exists", [_, _]) | ("add_column_if_not_exists", [_]) => {
            unwrap_statements(args)
        }
        ("skip_index_if_exists", [name, table, cols])
            if is_plain_identifier(name.trim())
                && is_plain_identifier(table.trim())
                && plain_list(cols) =>
        {
            Some(vec![Action::CreateIndex {
                name: name.trim().to_string(),
                table: table.trim().to_string(),
                columns: unparen(cols),
                unique: false,
            }])
        }
        ("add_column_if_not_exists_with_default_val", [table, column, ty, default])
            if is_plain_identifier(table.trim())
                && is_plain_identifier(column.trim())
                && plain_value(ty)
                && plain_value(default) =>
        {
            Some(vec![
                Action::AddColumn {
                    table: table.trim().to_string(),
                    column: column.trim().to_string(),
                    definition: format!("{} NOT NULL DEFAULT {}", ty.trim(), default.trim()),
                },
                Action::DropDefault {
                    table: table.trim().to_string(),
                    column: column.trim().to_string(),
                },
            ])
        }
        _ => None,
    }
}

/// Words after ADD that do not start a column.
const NOT_A_COLUMN: &[&str] = &[
    "CONSTRAINT",
    "INDEX",
    "KEY",
    "PRIMARY",
    "UNIQUE",
    "FOREIGN",
    "CHECK",
    "PARTITION",
    "FULLTEXT",
    "SPATIAL",
];

/// `ALTER TABLE t ADD [COLUMN] [IF NOT EXISTS] c definition` with one column.
fn add_column(s: &mut Scan<'_>) -> Option<Action> {
    let table = s.alter_table(&["ADD"])?;
    s.take(&["COLUMN"]);
    s.take(&["IF", "NOT", "EXISTS"]);
    if NOT_A_COLUMN.iter().any(|k| s.is(k)) {
        return None;
    }
    let column = s.name()?;
    let definition = s.rest().to_string();
    // one column only: a comma outside parentheses adds more
    let mut depth = 0i32;
    for c in definition.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => return None,
            ';' => return None,
            _ => {}
        }
    }
    (!definition.is_empty()).then_some(Action::AddColumn {
        table,
        column,
        definition,
    })
}

/// `ALTER TABLE t MODIFY [COLUMN] c type`, the type alone (a name and an optional size).
fn change_type(s: &mut Scan<'_>) -> Option<Action> {
    let table = s.alter_table(&[])?;
    if !s.take(&["MODIFY"]) && !s.take(&["ALTER", "COLUMN"]) {
        return None;
    }
    s.take(&["COLUMN"]);
    let column = s.name()?;
    let data_type = s.rest().to_string();
    let plain = data_type
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '(' | ')' | ',' | ' ' | '_'))
        && !data_type.to_ascii_uppercase().contains("DEFAULT");
    let words = data_type
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .count();
    (plain && words == 1).then_some(Action::ChangeType {
        table,
        column,
        data_type,
    })
}

/// `ALTER TABLE t ALTER COLUMN c DROP DEFAULT`.
fn drop_default(s: &mut Scan<'_>) -> Option<Action> {
    let table = s.alter_table(&["ALTER", "COLUMN"])?;
    let column = s.name()?;
    (s.take(&["DROP", "DEFAULT"]) && s.done()).then_some(Action::DropDefault { table, column })
}

/// PostgreSQL's `DO $$ BEGIN BEGIN <adds>; EXCEPTION WHEN duplicate_column THEN RAISE NOTICE
/// '…'; END; … END$$`: the ADD COLUMNs (and DROP DEFAULTs) it stands for.
fn do_block(text: &str) -> Option<Vec<Action>> {
    let t = text.trim();
    let body = t
        .strip_prefix("DO $$")?
        .trim()
        .strip_suffix("END$$")
        .or_else(|| t.strip_prefix("DO $$")?.trim().strip_suffix("END $$"))?
        .trim();
    let body = strip_word(body, "BEGIN")?;
    let mut actions = Vec::new();
    for part in body.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let stmt = strip_word(part, "BEGIN").unwrap_or(part);
        let upper = stmt.to_ascii_uppercase();
        if upper.starts_with("EXCEPTION WHEN DUPLICATE_COLUMN THEN RAISE NOTICE") || upper == "END"
        {
            continue;
        }
        let mut s = Scan::new(stmt);
        if let Some(a) = add_column(&mut s) {
            actions.push(a);
            continue;
        }
        let mut s = Scan::new(stmt);
        actions.push(drop_default(&mut s)?);
    }
    (!actions.is_empty()).then_some(actions)
}

/// `text` without its first word `w` (case-insensitive), if it starts with it.
fn strip_word<'a>(text: &'a str, w: &str) -> Option<&'a str> {
    let head = text.get(..w.len())?;
    let rest = &text[w.len()..];
    (head.eq_ignore_ascii_case(w) && rest.starts_with(|c: char| c.is_whitespace()))
        .then(|| rest.trim_start())
}

/// What a statement does, as far as the scan can tell; the DROP TABLE of a table is `drop`.
enum Read {
    Done(Done, &'static str, Vec<Action>),
    DropTable(String),
    Helper(String),
    Call(String, Vec<String>),
}

/// `IF NOT EXISTS (…) <statement>` (SQL Server's guard in WSO2's files): the statement, when
/// the guard is a single condition in parentheses followed by one statement.
fn strip_if_not_exists(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let head: String = t.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    if !head.eq_ignore_ascii_case("IF NOT EXISTS")
        && !head.to_ascii_uppercase().starts_with("IF NOT EXISTS(")
    {
        return None;
    }
    let open = t.find('(')?;
    let mut depth = 0;
    let mut in_str = false;
    for (i, c) in t[open..].char_indices() {
        match c {
            '\'' => in_str = !in_str,
            '(' if !in_str => depth += 1,
            ')' if !in_str => {
                depth -= 1;
                if depth == 0 {
                    let rest = t[open + i + 1..].trim();
                    return (!rest.is_empty()).then_some(rest);
                }
            }
            _ => {}
        }
    }
    None
}

/// SQL Server's `IF NOT EXISTS (…) BEGIN ALTER TABLE t ADD c … CONSTRAINT d DEFAULT (…); ALTER
/// TABLE t DROP d; END`, one or more in a row: the columns it adds (and their defaults dropped).
fn if_blocks(text: &str) -> Option<Vec<Action>> {
    let mut rest = text.trim();
    let mut actions = Vec::new();
    while !rest.is_empty() {
        let Some(inner) = strip_if_not_exists(rest) else {
            // a statement after the blocks (the client sent it with them: no `;` ended the line)
            if actions.is_empty() {
                return None;
            }
            match read(rest) {
                Read::Done(_, _, a)
                    if a.iter()
                        .all(|x| !matches!(x, Action::Verbatim { block: true, .. })) =>
                {
                    actions.extend(a);
                    break;
                }
                _ => return None,
            }
        };
        let body = strip_word(inner, "BEGIN")?;
        let upper = body.to_ascii_uppercase();
        let end = upper.match_indices("END").map(|(i, _)| i).find(|&i| {
            let before = upper[..i].chars().last();
            let after = upper[i + 3..].chars().next();
            before.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_')
                && after.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_')
        })?;
        let mut default_name: Option<(String, String, String)> = None;
        for stmt in body[..end]
            .split(';')
            .map(str::trim)
            .filter(|x| !x.is_empty())
        {
            let mut sc = Scan::new(stmt);
            if let Some(Action::AddColumn {
                table,
                column,
                definition,
            }) = add_column(&mut sc)
            {
                let t = tokens(&definition);
                if let Some(i) = t.iter().position(
                    |(_, x)| matches!(x, Tok::Word(w) if w.eq_ignore_ascii_case("CONSTRAINT")),
                ) {
                    if let Some((_, Tok::Word(n))) = t.get(i + 1) {
                        default_name = Some((table.clone(), column.clone(), n.clone()));
                    }
                }
                actions.push(Action::AddColumn {
                    table,
                    column,
                    definition,
                });
                continue;
            }
            let mut sc = Scan::new(stmt);
            let table = sc.alter_table(&["DROP"])?;
            sc.take(&["CONSTRAINT"]);
            let name = sc.name()?;
            match &default_name {
                Some((t, c, n))
                    if t.eq_ignore_ascii_case(&table)
                        && n.eq_ignore_ascii_case(&name)
                        && sc.done() =>
                {
                    actions.push(Action::DropDefault {
                        table: t.clone(),
                        column: c.clone(),
                    })
                }
                _ => return None,
            }
        }
        rest = body[end + 3..].trim_start();
    }
    (!actions.is_empty()).then_some(actions)
}

fn read(text: &str) -> Read {
    if let Some(actions) = if_blocks(text) {
        return Read::Done(
            Done::Unwrapped,
            "IF NOT EXISTS … BEGIN … END blocks adding columns: each add made only when missing, its default dropped by the column",
            actions,
        );
    }
    // WSO2's own IF NOT EXISTS around a statement ismig guards: ismig's guard replaces it
    if let Some(inner) = strip_if_not_exists(text) {
        if let Read::Done(Done::Guarded, note, actions) = read(inner) {
            return Read::Done(Done::Guarded, note, actions);
        }
    }
    // a statement the client split on `/` may keep its own `;` (Oracle, DB2): the formatter
    // writes the terminator
    let text = text.trim();
    let text = text.strip_suffix(';').unwrap_or(text).trim_end();
    let verbatim = |note| {
        let block = text.contains("$$")
            || tokens(text)
                .iter()
                .any(|(_, t)| matches!(t, Tok::Word(w) if w.eq_ignore_ascii_case("BEGIN")));
        Read::Done(
            Done::Verbatim,
            note,
            vec![Action::Verbatim {
                text: text.to_string(),
                block,
            }],
        )
    };
    let mut s = Scan::new(text);
    // CREATE TABLE [IF NOT EXISTS] t ( … )
    if s.take(&["CREATE", "TABLE"]) {
        s.take(&["IF", "NOT", "EXISTS"]);
        if let Some(table) = s.name() {
            let body = s.rest();
            if body.starts_with('(') {
                return Read::Done(
                    Done::Guarded,
                    "created only when missing",
                    vec![Action::CreateTable {
                        table,
                        body: body.to_string(),
                    }],
                );
            }
        }
        return verbatim("a CREATE TABLE ismig does not read");
    }
    s.at = 0;
    if s.take(&["DROP", "TABLE"]) {
        s.take(&["IF", "EXISTS"]);
        if let Some(table) = s.name() {
            if s.done() {
                return Read::DropTable(table);
            }
        }
        return verbatim("a DROP TABLE");
    }
    s.at = 0;
    // CREATE [UNIQUE] INDEX [IF NOT EXISTS] i ON t (cols)
    if s.take(&["CREATE"]) {
        let unique = s.take(&["UNIQUE"]);
        if s.take(&["INDEX"]) {
            s.take(&["IF", "NOT", "EXISTS"]);
            if let Some(name) = s.name() {
                if s.take(&["ON"]) {
                    if let Some(table) = s.name() {
                        let cols = s.rest();
                        if cols.starts_with('(') && cols.ends_with(')') && plain_list(cols) {
                            return Read::Done(
                                Done::Guarded,
                                "created only when missing",
                                vec![Action::CreateIndex {
                                    name,
                                    table,
                                    columns: unparen(cols),
                                    unique,
                                }],
                            );
                        }
                    }
                }
            }
            return verbatim("a CREATE INDEX ismig does not read");
        }
    }
    s.at = 0;
    // the CREATE / DROP of a helper procedure
    let create = s.take(&["CREATE"]);
    if create {
        s.take(&["OR", "REPLACE"]);
    } else {
        s.at = 0;
        s.take(&["DROP"]);
    }
    if s.at > 0 && (s.take(&["PROCEDURE"]) || s.take(&["FUNCTION"])) {
        s.take(&["IF", "EXISTS"]);
        if let Some(w) = s.word() {
            let w = w.to_ascii_lowercase();
            if HELPERS.contains(&w.as_str()) {
                return Read::Helper(w);
            }
        }
        return verbatim("a procedure or function: review what it does");
    }
    s.at = 0;
    // a helper call
    if s.take(&["CALL"]) || s.take(&["SELECT"]) {
        if let Some(w) = s.word().map(str::to_ascii_lowercase) {
            if HELPERS.contains(&w.as_str()) {
                s.at += 1;
                if let Some(args) = s.string_args() {
                    return Read::Call(w, args);
                }
            }
        }
        s.at = 0;
    }
    // any other CALL: kept, framed as the dialect's client runs a call
    if s.take(&["CALL"]) && s.word().is_some() {
        let call = s.rest().to_string();
        return Read::Done(
            Done::Verbatim,
            "a procedure call: review what it does",
            vec![Action::Call { call }],
        );
    }
    s.at = 0;
    if let Some(actions) = do_block(text) {
        return Read::Done(
            Done::Unwrapped,
            "a DO block adding columns that catches duplicate_column: each add made only when missing",
            actions,
        );
    }
    let mut s = Scan::new(text);
    if let Some(a) = add_column(&mut s) {
        return Read::Done(Done::Guarded, "added only when missing", vec![a]);
    }
    let upper = text.trim_start().to_ascii_uppercase();
    if upper.starts_with("UPDATE") || upper.starts_with("DELETE") || upper.starts_with("INSERT") {
        return verbatim("a data change");
    }
    let mut s = Scan::new(text);
    if let Some(a) = change_type(&mut s) {
        return Read::Done(
            Done::Verbatim,
            "a column's type changed (widened): written in the dialect's own syntax, review",
            vec![a],
        );
    }
    if upper.contains(" MODIFY ") || upper.contains(" ALTER COLUMN ") {
        return verbatim("a column change");
    }
    verbatim("not a statement ismig rewrites")
}

/// Compiles the statements of one dbscript, in order; `replaces_keys`: the dialect writes
/// `Action::ReplaceUnique` (else a procedure that stands for one stays verbatim).
pub fn compile(statements: &[client_split::ClientStatement], replaces_keys: bool) -> Vec<Compiled> {
    let reads: Vec<Read> = statements.iter().map(|s| read(&s.text)).collect();
    // helpers with a call that cannot be unwrapped are kept, with their CREATE and DROP
    let kept: Vec<&str> = reads
        .iter()
        .filter_map(|r| match r {
            Read::Call(h, args) if unwrap_call(h, args).is_none() => Some(h.as_str()),
            _ => None,
        })
        .collect();
    let created_later = |i: usize, table: &str| {
        reads[i + 1..].iter().any(|r| {
            matches!(r, Read::Done(Done::Guarded, _, a)
                if matches!(a.first(), Some(Action::CreateTable { table: t, .. }) if t.eq_ignore_ascii_case(table)))
        })
    };
    // procedures that replace a unique key, unwrapped where they are called
    let call_of = |r: &Read| match r {
        Read::Done(_, _, a) => match a.as_slice() {
            [Action::Call { call }] => called(call),
            _ => None,
        },
        _ => None,
    };
    // where the dialect does not write the replacement, such a procedure stays verbatim
    let replacers: Vec<(String, Action)> = if replaces_keys {
        statements
            .iter()
            .enumerate()
            .filter_map(|(i, st)| {
                let (name, action) = key_replacement(&st.text)?;
                let is_called = reads[i + 1..]
                    .iter()
                    .any(|r| call_of(r).as_deref() == Some(&name));
                is_called.then_some((name, action))
            })
            .collect()
    } else {
        Vec::new()
    };
    let replacer =
        |name: Option<String>| name.and_then(|n| replacers.iter().find(|(r, _)| *r == n).cloned());
    let mut out = Vec::with_capacity(statements.len());
    for (i, (st, r)) in statements.iter().zip(&reads).enumerate() {
        let at = |done, note: String, actions| Compiled {
            line: st.line,
            last_line: st.last_line,
            done,
            note,
            actions,
        };
        let created = key_replacement(&st.text).map(|(n, _)| n);
        if let Some((
            name,
            Action::ReplaceUnique {
                name: key, table, ..
            },
        )) = replacer(created)
        {
            out.push(at(
                Done::HelperRemoved,
                format!("procedure {name}, replacing unique key {key} of {table}: unwrapped where it is called"),
                Vec::new(),
            ));
            continue;
        }
        if let Some((name, action)) = replacer(call_of(r)) {
            out.push(at(
                Done::Unwrapped,
                format!("{name}: the unique key replaced while it has the column the procedure tests and other columns than the new ones (dropped with the index it used, then added); any error stops"),
                vec![action],
            ));
            continue;
        }
        if let Some((name, _)) = replacer(dropped_procedure(&st.text)) {
            out.push(at(
                Done::HelperRemoved,
                format!("procedure {name}: unwrapped where it is called"),
                Vec::new(),
            ));
            continue;
        }
        let own = st.text.trim();
        let own = own.strip_suffix(';').unwrap_or(own).trim_end();
        let verbatim = |note: &str| Compiled {
            line: st.line,
            last_line: st.last_line,
            done: Done::Verbatim,
            note: note.to_string(),
            actions: vec![Action::Verbatim {
                text: own.to_string(),
                block: st.text.contains("$$") || st.text.to_ascii_uppercase().contains("BEGIN"),
            }],
        };
        let c = match r {
            Read::Done(done, note, actions) => Compiled {
                line: st.line,
                last_line: st.last_line,
                done: *done,
                note: note.to_string(),
                actions: actions.clone(),
            },
            Read::DropTable(t) if created_later(i, t) => Compiled {
                line: st.line,
                last_line: st.last_line,
                done: Done::DroppedDrop,
                note: format!(
                    "DROP TABLE {t} before its CREATE: not written, the table is created only when missing"
                ),
                actions: Vec::new(),
            },
            Read::DropTable(_) => verbatim("a DROP TABLE"),
            Read::Helper(h) if kept.contains(&h.as_str()) => {
                verbatim("a helper procedure kept: a call of it is not one ismig unwraps")
            }
            Read::Helper(h) => Compiled {
                line: st.line,
                last_line: st.last_line,
                done: Done::HelperRemoved,
                note: format!("helper {h}: its calls are unwrapped"),
                actions: Vec::new(),
            },
            Read::Call(h, args) => match unwrap_call(h, args) {
                Some(actions) => Compiled {
                    line: st.line,
                    last_line: st.last_line,
                    done: Done::Unwrapped,
                    note: format!("{h}: made only when missing, any other error stops"),
                    actions,
                },
                None => verbatim("a helper call ismig does not unwrap"),
            },
        };
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Compiled {
        let st = client_split::split(text, ";", None);
        compile(&st, true).remove(0)
    }

    #[test]
    fn a_call_is_kept_as_a_call() {
        let c = one("CALL add_idp_id_to_con_app_key();");
        assert_eq!(c.done, Done::Verbatim);
        assert!(
            matches!(&c.actions[0], Action::Call { call } if call == "add_idp_id_to_con_app_key()")
        );
    }

    #[test]
    fn a_procedure_replacing_a_unique_key_is_unwrapped_at_its_call() {
        let body = "IS BEGIN declare n INTEGER; begin select count(*) INTO n from all_ind_columns where INDEX_NAME = 'C' AND COLUMN_NAME = 'A'; IF (n > 0) THEN execute immediate 'ALTER TABLE T DROP CONSTRAINT C DROP INDEX'; execute immediate 'ALTER TABLE T ADD CONSTRAINT C UNIQUE (A, B)'; END IF; end; END;";
        let text = format!(
            "CREATE OR REPLACE PROCEDURE p {body}\n/\nCALL p()\n/\nDROP PROCEDURE p\n/\nCALL q()\n/\n"
        );
        let c = compile(&client_split::split(&text, "/", None), true);
        let done: Vec<Done> = c.iter().map(|c| c.done).collect();
        assert_eq!(
            done,
            [
                Done::HelperRemoved,
                Done::Unwrapped,
                Done::HelperRemoved,
                Done::Verbatim
            ]
        );
        assert_eq!(
            c[1].actions,
            [Action::ReplaceUnique {
                name: "C".into(),
                table: "T".into(),
                columns: vec!["A".into(), "B".into()],
                while_has: "A".into(),
            }]
        );
        assert!(c[0].actions.is_empty() && c[2].actions.is_empty());
        // a dialect that does not write the replacement keeps all three as they are
        let c = compile(&client_split::split(&text, "/", None), false);
        assert!(c.iter().all(|c| c.done == Done::Verbatim));
        // not called: kept as it is
        let c = compile(
            &client_split::split(&format!("CREATE PROCEDURE p {body}\n/\n"), "/", None),
            true,
        );
        assert_eq!(c[0].done, Done::Verbatim);
        // a procedure that also changes data, or adds another key, is not one
        for other in [
            body.replace("END IF;", "END IF; UPDATE T SET A = 1;"),
            body.replace("CONSTRAINT C UNIQUE", "CONSTRAINT D UNIQUE"),
            body.replace("UNIQUE (A, B)", "PRIMARY KEY (A, B)"),
            body.replace(" AND COLUMN_NAME = 'A'", ""),
        ] {
            assert!(
                key_replacement(&format!("CREATE PROCEDURE p {other}")).is_none(),
                "{other}"
            );
        }
    }

    #[test]
    fn guards_creates_and_adds() {
        let c = one("CREATE TABLE IF NOT EXISTS T (A INT);");
        assert_eq!(c.done, Done::Guarded);
        assert!(
            matches!(&c.actions[0], Action::CreateTable { table, body } if table == "T" && body == "(A INT)")
        );
        let c = one("ALTER TABLE IDN_UMA_PERMISSION_TICKET ADD TOKEN_ID VARCHAR(255);");
        assert!(
            matches!(&c.actions[0], Action::AddColumn { column, definition, .. } if column == "TOKEN_ID" && definition == "VARCHAR(255)")
        );
        let c = one("CREATE INDEX IF NOT EXISTS I ON T(A, B);");
        assert!(matches!(&c.actions[0], Action::CreateIndex { columns, .. } if columns == "A, B"));
        let c = one("ALTER TABLE T ADD CONSTRAINT C UNIQUE (A);");
        assert_eq!(c.done, Done::Verbatim);
        let c = one("ALTER TABLE T ADD A INT, ADD B INT;");
        assert_eq!(c.done, Done::Verbatim);
    }

    #[test]
    fn unwraps_helpers_and_drops_the_drop_before_a_create() {
        let st = client_split::split(
            "DROP PROCEDURE IF EXISTS skip_index_if_exists;\nCREATE PROCEDURE skip_index_if_exists(a varchar(64)) BEGIN BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END; END;END;\nCALL skip_index_if_exists('IDX_A','T ','(A(191), B)');\nDROP TABLE IF EXISTS F;\nCREATE TABLE F (A INT);\nDROP TABLE G;\n",
            ";",
            None,
        );
        let c = compile(&st, true);
        let done: Vec<Done> = c.iter().map(|c| c.done).collect();
        assert_eq!(
            done,
            [
                Done::HelperRemoved,
                Done::HelperRemoved,
                Done::Unwrapped,
                Done::DroppedDrop,
                Done::Guarded,
                Done::Verbatim
            ]
        );
        assert!(
            matches!(&c[2].actions[0], Action::CreateIndex { name, table, columns, .. } if name == "IDX_A" && table == "T" && columns == "A(191), B")
        );
        assert_eq!(c[3].line, 4);
    }

    #[test]
    fn a_call_that_cannot_be_unwrapped_keeps_its_helper() {
        let st = client_split::split(
            "CREATE PROCEDURE skip_index_if_exists() BEGIN END;\nCALL skip_index_if_exists('I; DROP','T','(A)');\n",
            ";",
            None,
        );
        let c = compile(&st, true);
        assert!(c.iter().all(|c| c.done == Done::Verbatim), "{c:?}");
    }

    #[test]
    fn unwraps_helpers_whose_arguments_are_statements() {
        let st = client_split::split(
            "CREATE OR REPLACE PROCEDURE add_index_if_not_exists (query IN VARCHAR2) IS BEGIN execute immediate query; exception WHEN OTHERS THEN dbms_output.put_line('skipped'); END;\n/\nCALL add_index_if_not_exists('CREATE INDEX IDX_A ON T (A, B)')\n/\nCALL add_column_if_not_exists('ALTER TABLE T ADD C INTEGER DEFAULT -1 NOT NULL', 'ALTER TABLE T MODIFY C INTEGER DEFAULT NULL')\n/\nCALL add_index_if_not_exists('DROP INDEX IDX_A')\n/\n",
            "/",
            None,
        );
        let c = compile(&st, true);
        // the last call is no statement ismig guards: it and its helper are kept
        assert_eq!(c[0].done, Done::Verbatim, "{c:?}");
        assert_eq!(c[1].done, Done::Unwrapped);
        assert!(
            matches!(&c[1].actions[0], Action::CreateIndex { name, columns, .. } if name == "IDX_A" && columns == "A, B")
        );
        assert_eq!(c[2].done, Done::Unwrapped);
        assert!(
            matches!(&c[2].actions[0], Action::AddColumn { column, definition, .. } if column == "C" && definition == "INTEGER DEFAULT -1 NOT NULL")
        );
        assert!(
            matches!(&c[2].actions[1], Action::Verbatim { text, block: false } if text == "ALTER TABLE T MODIFY C INTEGER DEFAULT NULL")
        );
        assert_eq!(c[3].done, Done::Verbatim);
        // a statement split on `/` keeps no `;` of its own
        assert!(
            matches!(&c[0].actions[0], Action::Verbatim { text, block: true } if text.ends_with("END"))
        );
    }

    #[test]
    fn unwraps_sql_server_if_blocks() {
        let c = one(
            "IF NOT EXISTS (SELECT * FROM SYS.COLUMNS WHERE OBJECT_ID = OBJECT_ID(N'[DBO].[A]') AND name = 'IDP_ID') BEGIN ALTER TABLE A ADD IDP_ID INTEGER NOT NULL CONSTRAINT IDP_ID_DEFAULT DEFAULT (-1); ALTER TABLE A DROP IDP_ID_DEFAULT; END IF NOT EXISTS (SELECT * FROM SYS.COLUMNS WHERE name = 'IDP_ID') BEGIN ALTER TABLE B ADD IDP_ID INTEGER NOT NULL CONSTRAINT IDP_ID_DEFAULT DEFAULT (-1); ALTER TABLE B DROP IDP_ID_DEFAULT; END;",
        );
        assert_eq!(c.done, Done::Unwrapped, "{c:?}");
        assert_eq!(c.actions.len(), 4);
        assert!(
            matches!(&c.actions[3], Action::DropDefault { table, column } if table == "B" && column == "IDP_ID")
        );
        assert_eq!(
            default_of("INTEGER NOT NULL CONSTRAINT D DEFAULT (-1)").as_deref(),
            Some("-1")
        );
        let c = one(
            "IF NOT EXISTS (SELECT * FROM SYS.indexes WHERE name = 'I') CREATE INDEX I ON T(A);",
        );
        assert_eq!(c.done, Done::Guarded);
    }

    #[test]
    fn unwraps_the_postgresql_do_block() {
        let c = one(
            "DO $$ BEGIN BEGIN ALTER TABLE A ADD COLUMN IDP_ID INTEGER NOT NULL DEFAULT -1;\t ALTER TABLE A ALTER COLUMN IDP_ID DROP DEFAULT; EXCEPTION WHEN duplicate_column THEN RAISE NOTICE 'column IDP_ID already exists in A.'; END; END$$;",
        );
        assert_eq!(c.done, Done::Unwrapped, "{c:?}");
        assert_eq!(c.actions.len(), 2);
        assert!(matches!(&c.actions[1], Action::DropDefault { column, .. } if column == "IDP_ID"));
    }
}
