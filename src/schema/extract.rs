//! Recognising statements by a token scan and parsing the needed ones with sqlparser.
//!
//! Each piece cut by [`super::split`] is looked at on its own — the whole file is never given to
//! sqlparser — in two steps: [`read_statement`] turns its text into one [`Ddl`] value (what the
//! statement does, with the parse of a wanted table), then [`apply`] applies it to the schema,
//! in file order. A T-SQL guard `IF [NOT] EXISTS (…)` in front of a statement is skipped and the
//! guarded statement read alone. Then:
//!
//! * `CREATE TABLE` — the table is named by the token scan. A table that is not [`Wanted`] is
//!   recorded by name and location only ([`NamedTable`]) and never parsed. A wanted one is cut
//!   after the closing `)` of the column list (table options such as MySQL `ENGINE INNODB`, DB2
//!   `IN TS32K` / `INDEX IN TS32K`, Oracle storage clauses carry nothing the model needs), sizes
//!   with a unit (`BLOB(2G)`) written as a plain number for the parser and put back in the
//!   [`ColumnType`] afterwards, then parsed with the dialect's sqlparser dialect and mapped to a
//!   [`Table`]. A statement sqlparser rejects becomes a [`BrokenTable`] that the model reports
//!   (E061).
//! * `ALTER TABLE [IF EXISTS] [ONLY] X ADD [CONSTRAINT …] PRIMARY KEY|UNIQUE|FOREIGN KEY …` —
//!   parsed and applied when X is a wanted table already read; skipped otherwise.
//! * `DROP TABLE [IF EXISTS] X` — forgets X and its indexes (PostgreSQL scripts drop each table
//!   before creating it).
//! * `CREATE [UNIQUE] [CLUSTERED|NONCLUSTERED] INDEX [IF NOT EXISTS] I ON X (A [ASC|DESC], …)` of
//!   a wanted table — named by the token scan ([`Index`]), counted with the other statements;
//!   `DROP INDEX I` forgets it.
//! * anything else (sequences, triggers, inserts, tablespaces…) — only counted.
//!
//! A table created again (wanted or not): after a DROP it is a new table; with `IF NOT EXISTS` or
//! behind a T-SQL `IF NOT EXISTS` guard the later CREATE is a no-op and the first one is kept; a
//! plain second CREATE TABLE is an error (E065), the last one is kept. Column nullability is the
//! effective one: `NOT NULL`, an inline `PRIMARY KEY` and membership in the table's primary key
//! make it false.

use std::sync::Arc;

use sqlparser::ast::{
    ColumnOption, CreateTable, DataType, Expr, ForeignKeyConstraint, GeneratedAs, Ident,
    IndexColumn, ObjectName, ReferentialAction, Statement, TableConstraint,
};
use sqlparser::parser::Parser;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::dialect::Dialect;
use crate::nocase::{Map, NoCase};
use crate::source::SourceFile;

use super::split::Split;
use super::{
    BrokenTable, Column, ColumnType, ForeignKey, Index, NamedTable, Schema, Table, Wanted,
};

/// Reads the statements of one DDL file (`cut`: its split by `dialect`'s client rules) into
/// `schema`, parsing only the `wanted` tables.
pub fn extract_file(
    dialect: Dialect,
    file: &SourceFile,
    cut: Split,
    wanted: &Wanted,
    schema: &mut Schema,
    diags: &mut Diagnostics,
) {
    if let Some(off) = cut.unterminated {
        diags.push(
            Diagnostic::error(
                "E064",
                format!(
                    "{}: the script ends inside a quote, comment or body that starts here",
                    file.display
                ),
            )
            .at(file.location(off, 1))
            .hint("close the quote or comment; statements before it were read"),
        );
    }
    let mut index = TableIndex::of(schema);
    let mut types = Types::default();
    for piece in &cut.pieces {
        let Some(text) = file.text.get(piece.start..piece.end) else {
            continue;
        };
        schema.counts.statements += 1;
        let ddl = read_statement(dialect, file, wanted, piece.start, text, &mut types);
        apply(ddl, schema, &mut index, diags);
    }
}

/// Column types already read, by the text sqlparser writes for their declaration
/// (`VARCHAR(255)`): the columns of a schema share a few dozen types, so each is read and held
/// once (10,000 tables have ~100,000 columns).
#[derive(Default)]
struct Types {
    known: Map<String, Arc<ColumnType>>,
    /// The declaration being looked up (one buffer, not a string per column).
    key: String,
}

impl Types {
    /// The type of a column declared as `dt`; `unit` (`2G`, written as `2` for sqlparser) is its
    /// one size argument as the DDL wrote it.
    fn of(&mut self, dt: &DataType, unit: Option<&str>) -> Arc<ColumnType> {
        use std::fmt::Write as _;
        self.key.clear();
        let _ = write!(self.key, "{dt}");
        if unit.is_none()
            && let Some(known) = self.known.get(self.key.as_str())
        {
            return known.clone();
        }
        let (base, mut args) = type_parts(&self.key);
        if let Some(u) = unit
            && args.len() == 1
        {
            args = vec![u.to_string()];
        }
        let ty = Arc::new(ColumnType::new(&base, args));
        if unit.is_none() {
            self.known.insert(self.key.clone(), ty.clone());
        }
        ty
    }
}

/// What one statement does to the schema, read from its text alone.
// one per statement, applied at once: not boxed (an allocation per table)
#[allow(clippy::large_enum_variant)]
enum Ddl {
    /// A CREATE TABLE: what it creates (`None` when the statement names no table) and, for a
    /// wanted table, its parse.
    CreateTable {
        guarded: bool,
        target: Option<CreateTarget>,
        parsed: Option<Result<Table, String>>,
    },
    /// `ALTER TABLE X ADD CONSTRAINT …` of a table that may be wanted.
    AddConstraints {
        table: String,
        constraints: Vec<TableConstraint>,
    },
    /// `DROP TABLE X, Y`.
    DropTables(Vec<String>),
    /// `CREATE INDEX` on a wanted table (`guarded`: IF NOT EXISTS or a T-SQL guard).
    CreateIndex { index: Index, guarded: bool },
    /// `DROP INDEX I`.
    DropIndex(String),
    /// Anything else: counted, nothing to apply.
    Other,
}

/// What the statement `text` (at byte `base` of `file`) does; wanted tables are parsed.
fn read_statement(
    dialect: Dialect,
    file: &SourceFile,
    wanted: &Wanted,
    base: usize,
    text: &str,
    types: &mut Types,
) -> Ddl {
    let toks = lex(text);
    let (k, guarded) = skip_guard(&toks, text);
    let w = |j: usize| toks.get(k + j).map_or("", |t| t.upper(text));
    if let Some(n) = create_table_at(&toks, k, text) {
        let target = create_target(&toks, n, text, file, base);
        let parsed = target
            .as_ref()
            .filter(|t| wanted.contains(&t.name))
            .map(|t| parse_create(dialect, text, &toks, k, t.after_name, types));
        return Ddl::CreateTable {
            guarded,
            target,
            parsed,
        };
    }
    if w(0) == "ALTER" && w(1) == "TABLE" {
        let mut n = k + 2;
        if w(2) == "IF" && w(3) == "EXISTS" {
            n += 2;
        }
        if toks.get(n).is_some_and(|t| t.is_word(text, "ONLY")) {
            n += 1;
        }
        // a table that is not wanted is not parsed; one the scan cannot name is
        if object_name(&toks, n, text).is_some_and(|(name, ..)| !wanted.contains(&name)) {
            return Ddl::Other;
        }
        let start = toks.get(k).map_or(0, |t| t.start);
        return text
            .get(start..)
            .and_then(|sql| add_constraints(dialect, sql))
            .unwrap_or(Ddl::Other);
    }
    if let Some(ddl) = create_index(&toks, k, text, file, base, wanted, guarded) {
        return ddl;
    }
    if w(0) == "DROP" && w(1) == "INDEX" {
        let mut n = k + 2;
        if w(2) == "IF" && w(3) == "EXISTS" {
            n += 2;
        }
        if let Some((name, ..)) = object_name(&toks, n, text) {
            return Ddl::DropIndex(name);
        }
        return Ddl::Other;
    }
    if w(0) == "DROP" && w(1) == "TABLE" {
        let mut n = k + 2;
        if w(2) == "IF" && w(3) == "EXISTS" {
            n += 2;
        }
        let mut names = Vec::new();
        while let Some((name, _, _, next)) = object_name(&toks, n, text) {
            names.push(name);
            if !toks.get(next).is_some_and(|t| t.is_punct(b',')) {
                break;
            }
            n = next + 1;
        }
        return Ddl::DropTables(names);
    }
    Ddl::Other
}

/// A `CREATE [UNIQUE] [CLUSTERED|NONCLUSTERED] INDEX [IF NOT EXISTS] I ON X (A, …)` starting at
/// token `k`, when X is wanted (`Other` when it is not; `None` when the statement is no CREATE
/// INDEX).
fn create_index(
    toks: &[Tok],
    k: usize,
    text: &str,
    file: &SourceFile,
    base: usize,
    wanted: &Wanted,
    guarded: bool,
) -> Option<Ddl> {
    let w = |j: usize| toks.get(j).map_or("", |t| t.upper(text));
    if w(k) != "CREATE" {
        return None;
    }
    let mut n = k + 1;
    let unique = w(n) == "UNIQUE";
    if unique {
        n += 1;
    }
    if matches!(w(n), "CLUSTERED" | "NONCLUSTERED") {
        n += 1;
    }
    if w(n) != "INDEX" {
        return None;
    }
    n += 1;
    let mut if_not_exists = false;
    if w(n) == "IF" && w(n + 1) == "NOT" && w(n + 2) == "EXISTS" {
        n += 3;
        if_not_exists = true;
    }
    let Some((name, _, span, after)) = object_name(toks, n, text) else {
        return Some(Ddl::Other);
    };
    if w(after) != "ON" {
        return Some(Ddl::Other);
    }
    let Some((table, _, _, open)) = object_name(toks, after + 1, text) else {
        return Some(Ddl::Other);
    };
    if !wanted.contains(&table) || !toks.get(open).is_some_and(|t| t.is_punct(b'(')) {
        return Some(Ddl::Other);
    }
    // the first name of each element of the column list (a prefix length or ASC/DESC follows it)
    let mut columns = Vec::new();
    let mut depth = 0usize;
    let mut first = true;
    for t in &toks[open..] {
        if t.is_punct(b'(') {
            depth += 1;
        } else if t.is_punct(b')') {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                break;
            }
        } else if depth == 1 && t.is_punct(b',') {
            first = true;
        } else if depth == 1 && first && matches!(t.kind, Kind::Word | Kind::Quoted) {
            columns.push(unquote(text.get(t.start..t.end)?).0);
            first = false;
        }
    }
    Some(Ddl::CreateIndex {
        index: Index {
            location: file.location(base + span.0, span.1 - span.0),
            name,
            table,
            columns,
            unique,
        },
        guarded: guarded || if_not_exists,
    })
}

/// The constraints an `ALTER TABLE … ADD CONSTRAINT` adds (`None` when it is not understood).
fn add_constraints(dialect: Dialect, sql: &str) -> Option<Ddl> {
    let stmts = parse_sql(dialect, sql).ok()?;
    let Some(Statement::AlterTable(at)) = stmts.into_iter().next() else {
        return None;
    };
    let table = last_ident(&at.name)?.value.clone();
    let constraints = at
        .operations
        .into_iter()
        .filter_map(|op| match op {
            sqlparser::ast::AlterTableOperation::AddConstraint { constraint, .. } => {
                Some(constraint)
            }
            _ => None,
        })
        .collect();
    Some(Ddl::AddConstraints { table, constraints })
}

/// Index of the token after `CREATE [GLOBAL|LOCAL|TEMPORARY|TEMP|LARGE]* TABLE` starting at token
/// `k`, when the statement is a CREATE TABLE.
fn create_table_at(toks: &[Tok], k: usize, text: &str) -> Option<usize> {
    let w = |j: usize| toks.get(k + j).map_or("", |t| t.upper(text));
    if w(0) != "CREATE" {
        return None;
    }
    let mut j = 1;
    while matches!(w(j), "GLOBAL" | "LOCAL" | "TEMPORARY" | "TEMP" | "LARGE") {
        j += 1;
    }
    (w(j) == "TABLE").then_some(k + j + 1)
}

/// What a CREATE TABLE names, from the token after `TABLE`.
struct CreateTarget {
    if_not_exists: bool,
    name: String,
    /// Where the name is in the file.
    location: Location,
    quoted: bool,
    after_name: usize,
}

/// What a CREATE TABLE starting at byte `base` of `file` creates.
fn create_target(
    toks: &[Tok],
    mut n: usize,
    text: &str,
    file: &SourceFile,
    base: usize,
) -> Option<CreateTarget> {
    let up = |j: usize| toks.get(j).map_or("", |t| t.upper(text));
    let mut if_not_exists = false;
    if up(n) == "IF" && up(n + 1) == "NOT" && up(n + 2) == "EXISTS" {
        n += 3;
        if_not_exists = true;
    }
    let (name, quoted, name_span, after_name) = object_name(toks, n, text)?;
    Some(CreateTarget {
        if_not_exists,
        location: file.location(base + name_span.0, name_span.1 - name_span.0),
        name,
        quoted,
        after_name,
    })
}

/// sqlparser on a CREATE TABLE cut after its column list, mapped to a [`Table`] (its name,
/// quoting and location are set by the caller).
fn parse_create(
    dialect: Dialect,
    text: &str,
    toks: &[Tok],
    stmt_tok: usize,
    after_name: usize,
    types: &mut Types,
) -> Result<Table, String> {
    let stmt_start = toks.get(stmt_tok).map_or(0, |t| t.start);
    prepare(text, toks, stmt_start, after_name).and_then(|(sql, units)| {
        let stmts = parse_sql(dialect, &sql)?;
        match stmts.into_iter().next() {
            Some(Statement::CreateTable(ct)) => Ok(table_of(&ct, &units, types)),
            _ => Err("not read as a CREATE TABLE".to_string()),
        }
    })
}

/// sqlparser on one statement's text.
fn parse_sql(dialect: Dialect, sql: &str) -> Result<Vec<Statement>, String> {
    Parser::parse_sql(&*dialect.rules().parser.dialect(), sql).map_err(|e| e.to_string())
}

/// Where a table of a given name is in the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TablePlace {
    /// `schema.tables[i]`
    Parsed(usize),
    /// `schema.named[i]`
    Named(usize),
}

/// Place of each table of `schema.tables` and `schema.named` by name, so that a schema of N
/// tables is read in O(N), not O(N²). Rebuilt after the rare statements that remove a table.
struct TableIndex(Map<NoCase<String>, TablePlace>);

impl TableIndex {
    fn of(schema: &Schema) -> Self {
        let parsed = schema
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| (NoCase(t.name.clone()), TablePlace::Parsed(i)));
        let named = schema
            .named
            .iter()
            .enumerate()
            .map(|(i, t)| (NoCase(t.name.clone()), TablePlace::Named(i)));
        TableIndex(parsed.chain(named).collect())
    }
    fn get(&self, name: &str) -> Option<TablePlace> {
        self.0.get(&NoCase(name.to_string())).copied()
    }
}

/// Applies what one statement does to the schema.
fn apply(ddl: Ddl, schema: &mut Schema, index: &mut TableIndex, diags: &mut Diagnostics) {
    match ddl {
        Ddl::CreateTable {
            guarded,
            target,
            parsed,
        } => {
            schema.counts.tables += 1;
            // no name: nothing can look it up, nothing needs it
            if let Some(target) = target {
                create_table(target, guarded, parsed, schema, index, diags);
            }
        }
        Ddl::AddConstraints { table, constraints } => {
            schema.counts.other += 1;
            if let Some(TablePlace::Parsed(i)) = index.get(&table)
                && let Some(table) = schema.tables.get_mut(i)
            {
                for c in &constraints {
                    apply_constraint(table, c);
                }
                let pk = table.primary_key.clone();
                for c in &mut table.columns {
                    if pk.iter().any(|p| p.eq_ignore_ascii_case(&c.name)) {
                        c.nullable = false;
                    }
                }
            }
        }
        Ddl::DropTables(names) => {
            schema.counts.other += 1;
            for name in names {
                if index.get(&name).is_some() {
                    schema
                        .tables
                        .retain(|t| !t.name.eq_ignore_ascii_case(&name));
                    schema.named.retain(|t| !t.name.eq_ignore_ascii_case(&name));
                    *index = TableIndex::of(schema);
                }
                schema
                    .broken
                    .retain(|t| !t.name.eq_ignore_ascii_case(&name));
                schema
                    .indexes
                    .retain(|i| !i.table.eq_ignore_ascii_case(&name));
            }
        }
        Ddl::CreateIndex { index, guarded } => {
            schema.counts.other += 1;
            let same = |i: &Index| {
                i.name.eq_ignore_ascii_case(&index.name)
                    && i.table.eq_ignore_ascii_case(&index.table)
            };
            match schema.indexes.iter().position(same) {
                // a no-op on a database that has the index
                Some(_) if guarded => {}
                Some(at) => schema.indexes[at] = index,
                None => schema.indexes.push(index),
            }
        }
        Ddl::DropIndex(name) => {
            schema.counts.other += 1;
            schema
                .indexes
                .retain(|i| !i.name.eq_ignore_ascii_case(&name));
        }
        Ddl::Other => schema.counts.other += 1,
    }
}

/// A CREATE TABLE of `target`; `parsed` is its parse when the table is wanted.
fn create_table(
    target: CreateTarget,
    guarded: bool,
    parsed: Option<Result<Table, String>>,
    schema: &mut Schema,
    index: &mut TableIndex,
    diags: &mut Diagnostics,
) {
    let if_not_exists = guarded || target.if_not_exists;
    let CreateTarget {
        name,
        quoted,
        location,
        ..
    } = target;
    let existing = index.get(&name);
    if existing.is_some() && if_not_exists {
        return; // a no-op on a database that has the table
    }
    let Some(parsed) = parsed else {
        if let Some(place) = existing {
            created_twice(schema, place, &name, &location, diags);
            // the last definition replaces the first in place
            if let TablePlace::Named(pos) = place
                && let Some(first) = schema.named.get_mut(pos)
            {
                *first = NamedTable { name, location };
                return;
            }
            remove(schema, index, place);
        }
        index
            .0
            .insert(NoCase(name.clone()), TablePlace::Named(schema.named.len()));
        schema.named.push(NamedTable { name, location });
        return;
    };
    match parsed {
        Ok(mut table) => {
            table.name = name;
            table.quoted = quoted;
            table.location = location;
            if let Some(place) = existing {
                created_twice(schema, place, &table.name, &table.location, diags);
                remove(schema, index, place);
            }
            schema
                .broken
                .retain(|b| !b.name.eq_ignore_ascii_case(&table.name));
            index.0.insert(
                NoCase(table.name.clone()),
                TablePlace::Parsed(schema.tables.len()),
            );
            schema.tables.push(table);
        }
        Err(message) => {
            schema.counts.broken_tables += 1;
            schema.broken.push(BrokenTable {
                name,
                location,
                message,
            });
        }
    }
}

/// E065 for a table created again at `location` (first created at `place`).
fn created_twice(
    schema: &Schema,
    place: TablePlace,
    name: &str,
    location: &crate::diag::Location,
    diags: &mut Diagnostics,
) {
    let first = match place {
        TablePlace::Parsed(i) => schema.tables.get(i).map(|t| &t.location),
        TablePlace::Named(i) => schema.named.get(i).map(|t| &t.location),
    };
    let mut d = Diagnostic::error(
        "E065",
        format!("table {name} is created twice in the schema"),
    )
    .at(location.clone());
    if let Some(first) = first {
        d = d.hint(format!(
            "first created at {}:{}:{}; the last definition is used",
            first.file, first.line, first.column
        ));
    }
    diags.push(d);
}

/// Removes the table at `place` and rebuilds the index.
fn remove(schema: &mut Schema, index: &mut TableIndex, place: TablePlace) {
    match place {
        TablePlace::Parsed(i) if i < schema.tables.len() => {
            schema.tables.remove(i);
        }
        TablePlace::Named(i) if i < schema.named.len() => {
            schema.named.remove(i);
        }
        _ => {}
    }
    *index = TableIndex::of(schema);
}

/// The SQL given to sqlparser: the statement up to the `)` closing the column list, with sizes
/// like `2G` written as plain numbers; and the sizes so changed, by column name.
fn prepare(
    text: &str,
    toks: &[Tok],
    stmt_start: usize,
    after_name: usize,
) -> Result<(String, Vec<(String, String)>), String> {
    let open = match toks.get(after_name) {
        Some(t) if t.is_punct(b'(') => after_name,
        _ => return Err("no column list after the table name".to_string()),
    };
    let mut depth = 0usize;
    let mut close = None;
    // Start of the current element of the column list (token index).
    let mut elem = open + 1;
    let mut units = Vec::new();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (j, t) in toks.iter().enumerate().skip(open) {
        if t.is_punct(b'(') {
            depth += 1;
        } else if t.is_punct(b')') {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                // A trailing comma before the closing `)` (accepted by H2 and SQL Server).
                if let Some(p) = toks.get(j - 1).filter(|p| p.is_punct(b',')) {
                    edits.push((p.start, p.end, String::new()));
                }
                close = Some(j);
                break;
            }
        } else if depth == 1 && t.is_punct(b',') {
            elem = j + 1;
        } else if depth == 1 && t.kind == Kind::Word {
            // DB2 LOB options `[NOT] LOGGED`, `[NOT] COMPACT`: nothing the model needs.
            let s = &text[t.start..t.end];
            let lob_opt =
                |s: &str| s.eq_ignore_ascii_case("LOGGED") || s.eq_ignore_ascii_case("COMPACT");
            if lob_opt(s)
                && !toks
                    .get(j - 1)
                    .is_some_and(|p| text[p.start..p.end].eq_ignore_ascii_case("NOT"))
            {
                edits.push((t.start, t.end, String::new()));
            } else if s.eq_ignore_ascii_case("NOT")
                && let Some(nx) = toks.get(j + 1)
                && lob_opt(&text[nx.start..nx.end])
            {
                edits.push((t.start, nx.end, String::new()));
            }
        } else if depth == 2 && t.kind == Kind::Word {
            let s = &text[t.start..t.end];
            let sb = s.as_bytes();
            let unit = sb.len() > 1
                && matches!(sb[sb.len() - 1], b'K' | b'M' | b'G' | b'k' | b'm' | b'g')
                && sb[..sb.len() - 1].iter().all(|c| c.is_ascii_digit());
            if unit
                && toks.get(j - 1).is_some_and(|p| p.is_punct(b'('))
                && toks.get(j + 1).is_some_and(|p| p.is_punct(b')'))
                && let Some(col) = toks.get(elem)
            {
                units.push((unquote(&text[col.start..col.end]).0, s.to_ascii_uppercase()));
                edits.push((t.start, t.end, s[..s.len() - 1].to_string()));
            }
        }
    }
    let close = close.ok_or_else(|| "the column list is not closed".to_string())?;
    let end = toks[close].end;
    let mut sql = String::with_capacity(end - stmt_start);
    let mut at = stmt_start;
    for (s, e, rep) in edits {
        sql.push_str(&text[at..s]);
        sql.push_str(&rep);
        at = e;
    }
    sql.push_str(&text[at..end]);
    Ok((sql, units))
}

fn table_of(ct: &CreateTable, units: &[(String, String)], types: &mut Types) -> Table {
    let mut table = Table {
        name: String::new(),
        quoted: false,
        columns: Vec::with_capacity(ct.columns.len()),
        primary_key: Vec::new(),
        unique_keys: Vec::new(),
        foreign_keys: Vec::new(),
        location: crate::diag::Location {
            file: "".into(),
            line: 0,
            column: 0,
            offset: 0,
            len: 0,
        },
    };
    for cd in &ct.columns {
        let unit = units
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(&cd.name.value))
            .map(|(_, u)| u.as_str());
        let ty = types.of(&cd.data_type, unit);
        let mut col = Column {
            name: cd.name.value.as_str().into(),
            quoted: cd.name.quote_style.is_some(),
            identity: matches!(
                ty.base.as_str(),
                "SERIAL" | "BIGSERIAL" | "SMALLSERIAL" | "SERIAL4" | "SERIAL8"
            ),
            ty,
            nullable: true,
            default: None,
        };
        for opt in &cd.options {
            match &opt.option {
                ColumnOption::NotNull => col.nullable = false,
                ColumnOption::Null => col.nullable = true,
                ColumnOption::Default(e) => col.default = Some(e.to_string()),
                ColumnOption::PrimaryKey(_) => {
                    col.nullable = false;
                    table.primary_key = vec![col.name.to_string()];
                }
                ColumnOption::Unique(_) => table.unique_keys.push(vec![col.name.to_string()]),
                ColumnOption::ForeignKey(fk) => {
                    let mut f = foreign_key(fk);
                    f.columns = vec![col.name.to_string()];
                    table.foreign_keys.push(f);
                }
                ColumnOption::Identity(_) => col.identity = true,
                ColumnOption::Generated { generated_as, .. } => {
                    col.identity |=
                        matches!(generated_as, GeneratedAs::Always | GeneratedAs::ByDefault);
                }
                ColumnOption::DialectSpecific(tokens) => {
                    col.identity |= tokens.iter().any(|t| {
                        let s = t.to_string().to_ascii_uppercase();
                        s == "AUTO_INCREMENT" || s == "AUTOINCREMENT" || s == "IDENTITY"
                    });
                }
                _ => {}
            }
        }
        table.columns.push(col);
    }
    for c in &ct.constraints {
        apply_constraint(&mut table, c);
    }
    let pk = table.primary_key.clone();
    for c in &mut table.columns {
        if pk.iter().any(|p| p.eq_ignore_ascii_case(&c.name)) {
            c.nullable = false;
        }
    }
    table
}

fn apply_constraint(table: &mut Table, c: &TableConstraint) {
    match c {
        TableConstraint::PrimaryKey(pk) => table.primary_key = index_columns(&pk.columns),
        TableConstraint::Unique(u) => table.unique_keys.push(index_columns(&u.columns)),
        TableConstraint::ForeignKey(fk) => table.foreign_keys.push(foreign_key(fk)),
        _ => {}
    }
}

fn foreign_key(fk: &ForeignKeyConstraint) -> ForeignKey {
    ForeignKey {
        columns: fk.columns.iter().map(|i| i.value.clone()).collect(),
        ref_table: last_ident(&fk.foreign_table)
            .map(|i| i.value.clone())
            .unwrap_or_else(|| fk.foreign_table.to_string()),
        ref_columns: fk
            .referred_columns
            .iter()
            .map(|i| i.value.clone())
            .collect(),
        on_delete_cascade: matches!(fk.on_delete, Some(ReferentialAction::Cascade)),
    }
}

fn index_columns(cols: &[IndexColumn]) -> Vec<String> {
    cols.iter()
        .map(|c| match &c.column.expr {
            Expr::Identifier(i) => i.value.clone(),
            // MySQL prefix length `COL(500)` reads as a call.
            Expr::Function(f) => last_ident(&f.name)
                .map(|i| i.value.clone())
                .unwrap_or_else(|| f.name.to_string()),
            e => e.to_string(),
        })
        .collect()
}

fn last_ident(name: &ObjectName) -> Option<&Ident> {
    name.0.last().and_then(|p| p.as_ident())
}

/// Base name and arguments of a data type, from its SQL spelling: `VARCHAR(255)` →
/// (`VARCHAR`, [`255`]); `TIMESTAMP(6) WITH TIME ZONE` → (`TIMESTAMP WITH TIME ZONE`, [`6`]).
/// A type declaration as sqlparser writes it (`VARCHAR(255)`, `TIMESTAMP(6) WITH TIME ZONE`):
/// its base name and its arguments.
fn type_parts(s: &str) -> (String, Vec<String>) {
    match (s.find('('), s.rfind(')')) {
        (Some(o), Some(c)) if o < c => {
            let base = format!("{} {}", s[..o].trim(), s[c + 1..].trim());
            let args = s[o + 1..c]
                .split(',')
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect();
            (base.trim().to_string(), args)
        }
        _ => (s.trim().to_string(), Vec::new()),
    }
}

// ---------------------------------------------------------------------------------------------
// A small lexer for recognising statement kinds, guards and names (not for parsing).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    /// `"…"`, `` `…` ``, `[…]`
    Quoted,
    /// `'…'`
    Str,
    Punct,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
    /// First byte (the character, for punctuation).
    byte: u8,
}

impl Tok {
    fn upper(&self, text: &str) -> &'static str {
        // Only keywords are compared; anything else maps to "".
        const KEYWORDS: &[&str] = &[
            "CREATE",
            "TABLE",
            "ALTER",
            "DROP",
            "IF",
            "NOT",
            "EXISTS",
            "GLOBAL",
            "LOCAL",
            "TEMPORARY",
            "TEMP",
            "LARGE",
            "UNIQUE",
            "CLUSTERED",
            "NONCLUSTERED",
            "INDEX",
            "ON",
        ];
        if self.kind != Kind::Word {
            return "";
        }
        let s = text.get(self.start..self.end).unwrap_or("");
        KEYWORDS
            .iter()
            .find(|k| k.eq_ignore_ascii_case(s))
            .copied()
            .unwrap_or("")
    }

    /// A word equal to `w` (ASCII case-insensitive).
    fn is_word(&self, text: &str, w: &str) -> bool {
        self.kind == Kind::Word
            && text
                .get(self.start..self.end)
                .is_some_and(|s| s.eq_ignore_ascii_case(w))
    }

    fn is_punct(&self, c: u8) -> bool {
        self.kind == Kind::Punct && self.byte == c
    }
}

fn lex(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'-' && b.get(i + 1) == Some(&b'-') {
            while i < n && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = text[i + 2..].find("*/").map_or(n, |p| i + 2 + p + 2);
        } else if matches!(c, b'\'' | b'"' | b'`' | b'[') {
            let close = if c == b'[' { b']' } else { c };
            let mut j = i + 1;
            while j < n {
                if b[j] == close {
                    if b.get(j + 1) == Some(&close) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                j += 1;
            }
            let end = (j + 1).min(n);
            let kind = if c == b'\'' { Kind::Str } else { Kind::Quoted };
            out.push(Tok {
                start: i,
                end,
                kind,
                byte: c,
            });
            i = end;
        } else if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'#' | b'@') || c >= 0x80 {
            let mut j = i;
            while j < n
                && (b[j].is_ascii_alphanumeric()
                    || matches!(b[j], b'_' | b'$' | b'#' | b'@')
                    || b[j] >= 0x80)
            {
                j += 1;
            }
            out.push(Tok {
                start: i,
                end: j,
                kind: Kind::Word,
                byte: c,
            });
            i = j;
        } else {
            out.push(Tok {
                start: i,
                end: i + 1,
                kind: Kind::Punct,
                byte: c,
            });
            i += 1;
        }
    }
    out
}

/// Skips a T-SQL guard `IF [NOT] EXISTS (…)` (possibly repeated): the index of the first token of
/// the guarded statement, and whether a guard was skipped.
fn skip_guard(toks: &[Tok], text: &str) -> (usize, bool) {
    let mut k = 0;
    let mut guarded = false;
    loop {
        let w = |j: usize| toks.get(j).map_or("", |t| t.upper(text));
        if w(k) != "IF" {
            return (k, guarded);
        }
        let mut j = k + 1;
        if w(j) == "NOT" {
            j += 1;
        }
        if w(j) != "EXISTS" || !toks.get(j + 1).is_some_and(|t| t.is_punct(b'(')) {
            return (k, guarded);
        }
        let mut depth = 0usize;
        let mut close = None;
        for (m, t) in toks.iter().enumerate().skip(j + 1) {
            if t.is_punct(b'(') {
                depth += 1;
            } else if t.is_punct(b')') {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    close = Some(m);
                    break;
                }
            }
        }
        match close {
            Some(m) if m + 1 < toks.len() => {
                k = m + 1;
                guarded = true;
            }
            _ => return (k, guarded),
        }
    }
}

/// A possibly qualified name starting at token `n`: its last part unquoted, whether that part was
/// quoted, the byte span of the whole name, and the index of the token after it.
fn object_name(
    toks: &[Tok],
    n: usize,
    text: &str,
) -> Option<(String, bool, (usize, usize), usize)> {
    let first = toks.get(n)?;
    if !matches!(first.kind, Kind::Word | Kind::Quoted) {
        return None;
    }
    let mut last = n;
    while toks.get(last + 1).is_some_and(|t| t.is_punct(b'.'))
        && toks
            .get(last + 2)
            .is_some_and(|t| matches!(t.kind, Kind::Word | Kind::Quoted))
    {
        last += 2;
    }
    let t = toks[last];
    let (name, quoted) = unquote(text.get(t.start..t.end)?);
    Some((name, quoted, (first.start, t.end), last + 1))
}

/// An identifier without its quotes (`"X"`, `` `X` ``, `[X]`), and whether it had some.
fn unquote(s: &str) -> (String, bool) {
    let b = s.as_bytes();
    if b.len() >= 2 {
        let (o, c) = (b[0], b[b.len() - 1]);
        if (o == b'"' && c == b'"') || (o == b'`' && c == b'`') || (o == b'[' && c == b']') {
            let inner = &s[1..s.len() - 1];
            let doubled = [c as char, c as char].iter().collect::<String>();
            return (inner.replace(&doubled, &(c as char).to_string()), true);
        }
    }
    (s.to_string(), false)
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::schema::{Schema, Wanted, read};
    use crate::source::SourceFile;

    #[test]
    fn created_twice_altered_broken_and_dropped_in_one_script() {
        let text = "CREATE TABLE DUP_A (X INTEGER);\nCREATE TABLE DUP_A (Y INTEGER);\n\
                    CREATE TABLE IF NOT EXISTS DUP_A (Z INTEGER);\n\
                    CREATE INDEX IX_DUP_A ON DUP_A (Y);\n\
                    ALTER TABLE DUP_A ADD PRIMARY KEY (Y);\n\
                    CREATE TABLE BROKEN_B (X INTEGER,, Y);\n\
                    CREATE TABLE GONE_C (X INTEGER);\nDROP TABLE GONE_C;\n";
        for d in [Dialect::Postgresql, Dialect::Mysql, Dialect::H2] {
            for wanted in [Wanted::All, Wanted::tables(["dup_a", "broken_b"])] {
                let (s, codes) = schema_of(d, text, &wanted);
                assert_eq!(codes, ["E065"], "{d}");
                let dup = s.table("DUP_A").expect("DUP_A");
                assert_eq!(&*dup.columns[0].name, "Y", "{d}");
                assert_eq!(dup.primary_key, ["Y"], "{d}");
                assert!(!dup.columns[0].nullable, "{d}");
                assert!(s.broken_table("BROKEN_B").is_some(), "{d}");
                assert_eq!(s.table_names().collect::<Vec<_>>(), ["DUP_A"], "{d}");
                assert_eq!(s.counts.statements, 8, "{d}");
            }
        }
    }

    fn schema(d: Dialect, text: &str) -> (Schema, Vec<&'static str>) {
        schema_of(d, text, &Wanted::All)
    }

    fn schema_of(d: Dialect, text: &str, wanted: &Wanted) -> (Schema, Vec<&'static str>) {
        let (s, diags) = read(d, &[SourceFile::new("t.sql", text, "")], wanted);
        let codes = diags.iter().map(|d| d.code).collect();
        (s, codes)
    }

    #[test]
    fn alter_table_adds_foreign_key_and_inline_keys() {
        let (s, codes) = schema(
            Dialect::Postgresql,
            "CREATE TABLE P (ID SERIAL PRIMARY KEY, N VARCHAR (10) UNIQUE);\n\
             CREATE TABLE C (ID INT NOT NULL, PID INT REFERENCES P(ID));\n\
             ALTER TABLE C ADD CONSTRAINT FK_X FOREIGN KEY (PID) REFERENCES P (ID) ON DELETE CASCADE;\n",
        );
        assert!(codes.is_empty());
        let p = s.table("P").unwrap();
        assert_eq!(p.primary_key, ["ID"]);
        assert!(p.columns[0].identity && !p.columns[0].nullable);
        assert_eq!(p.columns[1].ty.sql, "VARCHAR(10)");
        assert_eq!(p.unique_keys, [["N"]]);
        let c = s.table("C").unwrap();
        assert_eq!(c.foreign_keys.len(), 2);
        assert!(!c.foreign_keys[0].on_delete_cascade);
        assert!(c.foreign_keys[1].on_delete_cascade);
        assert_eq!(s.counts.statements, 3);
        assert_eq!(s.counts.tables, 2);
        assert_eq!(s.counts.other, 1);
    }

    #[test]
    fn created_twice() {
        // plain: E065, last kept
        let (s, codes) = schema(
            Dialect::Mysql,
            "CREATE TABLE A (X INT);\nCREATE TABLE A (Y INT);\n",
        );
        assert_eq!(codes, ["E065"]);
        assert_eq!(&*s.table("A").unwrap().columns[0].name, "Y");
        // IF NOT EXISTS: a no-op, first kept
        let (s, codes) = schema(
            Dialect::Mysql,
            "CREATE TABLE A (X INT);\nCREATE TABLE IF NOT EXISTS A (Y INT);\n",
        );
        assert!(codes.is_empty());
        assert_eq!(&*s.table("A").unwrap().columns[0].name, "X");
        // after a DROP: a new table
        let (s, codes) = schema(
            Dialect::Postgresql,
            "CREATE TABLE A (X INT);\nDROP TABLE IF EXISTS A;\nCREATE TABLE A (Y INT);\n",
        );
        assert!(codes.is_empty());
        assert_eq!(s.tables.len(), 1);
        assert_eq!(&*s.table("A").unwrap().columns[0].name, "Y");
    }

    #[test]
    fn only_wanted_tables_are_parsed() {
        let wanted = Wanted::tables(["c"]);
        let (s, codes) = schema_of(
            Dialect::Postgresql,
            "CREATE TABLE P (ID INT PRIMARY KEY);\n\
             CREATE TABLE \"Odd\" (X INT FROB FROB);\n\
             CREATE TABLE C (ID INT NOT NULL, PID INT);\n\
             ALTER TABLE ONLY public.C ADD CONSTRAINT C_PK PRIMARY KEY (ID);\n\
             ALTER TABLE IF EXISTS C ADD CONSTRAINT FK_X FOREIGN KEY (PID) REFERENCES P (ID);\n\
             ALTER TABLE P ADD CONSTRAINT U UNIQUE (ID);\n",
            &wanted,
        );
        assert!(codes.is_empty());
        // the unwanted tables are known by name and place only, even one that would not parse
        assert_eq!(s.tables.len(), 1);
        assert!(s.broken.is_empty());
        let named: Vec<_> = s
            .named
            .iter()
            .map(|t| (t.name.as_str(), t.location.line, t.location.column))
            .collect();
        assert_eq!(named, [("P", 1, 14), ("Odd", 2, 14)]);
        assert_eq!(s.table_names().collect::<Vec<_>>(), ["C", "P", "Odd"]);
        let c = s.table("c").unwrap();
        assert_eq!(c.primary_key, ["ID"]);
        assert_eq!(c.foreign_keys.len(), 1);
        assert_eq!(c.foreign_keys[0].ref_table, "P");
        assert_eq!(s.counts.statements, 6);
        assert_eq!(s.counts.tables, 3);
        assert_eq!(s.counts.other, 3);
        // a wanted table that does not parse is broken
        let (s, _) = schema_of(
            Dialect::Postgresql,
            "CREATE TABLE C (X INT FROB FROB);\n",
            &wanted,
        );
        assert_eq!(s.broken_table("C").map(|b| b.location.line), Some(1));
        assert_eq!(s.counts.broken_tables, 1);
    }

    #[test]
    fn unwanted_tables_created_twice_or_dropped() {
        let none = Wanted::tables([]);
        let (s, codes) = schema_of(
            Dialect::Mysql,
            "CREATE TABLE A (X INT);\nCREATE TABLE B (X INT);\nCREATE TABLE a (Y INT);\n",
            &none,
        );
        assert_eq!(codes, ["E065"]);
        let a = s.named.iter().find(|t| t.name == "a").unwrap();
        assert_eq!(a.location.line, 3);
        assert_eq!(s.named.len(), 2);
        let (s, codes) = schema_of(
            Dialect::Mysql,
            "CREATE TABLE A (X INT);\nCREATE TABLE IF NOT EXISTS A (Y INT);\n",
            &none,
        );
        assert!(codes.is_empty());
        assert_eq!(s.named[0].location.line, 1);
        let (s, codes) = schema_of(
            Dialect::Postgresql,
            "CREATE TABLE A (X INT);\nDROP TABLE IF EXISTS A, B;\nCREATE TABLE A (Y INT);\nDROP TABLE B;\n",
            &none,
        );
        assert!(codes.is_empty());
        assert_eq!(s.named.len(), 1);
        assert_eq!(s.named[0].location.line, 3);
        let (s, _) = schema_of(
            Dialect::Postgresql,
            "CREATE TABLE A (X INT);\nDROP TABLE A;\n",
            &none,
        );
        assert_eq!(s.table_names().count(), 0);
    }

    #[test]
    fn broken_table_is_named_and_located() {
        let (s, codes) = schema(
            Dialect::Oracle,
            "CREATE TABLE OK (X INT)\n/\nCREATE TABLE \"Bad\" (X INT FROB FROB)\n/\n",
        );
        assert!(codes.is_empty());
        assert_eq!(s.tables.len(), 1);
        let b = s.broken_table("Bad").unwrap();
        assert_eq!((b.location.line, b.location.column), (3, 14));
        assert_eq!(s.counts.broken_tables, 1);
    }

    #[test]
    fn unterminated_quote_is_e064_and_earlier_tables_stay() {
        let (s, codes) = schema(
            Dialect::H2,
            "CREATE TABLE A (X INT);\nINSERT INTO A VALUES ('x);\n",
        );
        assert_eq!(codes, ["E064"]);
        assert!(s.table("A").is_some());
    }

    #[test]
    fn indexes_of_wanted_tables_are_kept() {
        let text = "CREATE TABLE A (X INT, Y VARCHAR(255), Z INT);\n\
                    CREATE TABLE B (X INT);\n\
                    CREATE INDEX IDX_A_X ON A (X);\n\
                    CREATE UNIQUE INDEX IF NOT EXISTS IDX_A_YZ ON public.A (Y DESC, \"Z\");\n\
                    CREATE INDEX IF NOT EXISTS IDX_A_X ON A (Z);\n\
                    CREATE INDEX IDX_B_X ON B (X);\n\
                    CREATE INDEX IDX_GONE ON A (Z);\n\
                    DROP INDEX IDX_GONE;\n";
        let (s, codes) = schema_of(Dialect::Postgresql, text, &Wanted::tables(["a"]));
        assert!(codes.is_empty());
        let got: Vec<_> = s
            .indexes
            .iter()
            .map(|i| {
                (
                    i.name.as_str(),
                    i.table.as_str(),
                    i.columns.join(","),
                    i.unique,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("IDX_A_X", "A", "X".to_string(), false),
                ("IDX_A_YZ", "A", "Y,Z".to_string(), true)
            ]
        );
        assert_eq!(s.indexes_of("a").count(), 2);
        assert_eq!(
            (s.indexes[1].location.line, s.indexes[1].location.column),
            (4, 35)
        );
        // T-SQL: behind a guard, NONCLUSTERED; MySQL: a prefix length is the column
        let (s, _) = schema(
            Dialect::Mssql,
            "CREATE TABLE T (A VARCHAR(10), B INT);\n\
             IF NOT EXISTS (SELECT * FROM SYS.INDEXES WHERE NAME = 'IX')\n\
             CREATE UNIQUE NONCLUSTERED INDEX IX ON T (A, B);\n",
        );
        assert_eq!(s.indexes[0].columns, ["A", "B"]);
        assert!(s.indexes[0].unique);
        let (s, _) = schema(
            Dialect::Mysql,
            "CREATE TABLE T (A VARCHAR(1000));\nCREATE INDEX IX ON T (A(255));\n",
        );
        assert_eq!(s.indexes[0].columns, ["A"]);
        // a dropped table takes its indexes along
        let (s, _) = schema(
            Dialect::Postgresql,
            "CREATE TABLE T (A INT);\nCREATE INDEX IX ON T (A);\nDROP TABLE T;\n",
        );
        assert!(s.indexes.is_empty());
    }

    #[test]
    fn mssql_guard_and_identity() {
        let (s, _) = schema(
            Dialect::Mssql,
            "IF NOT EXISTS (SELECT * FROM SYS.OBJECTS WHERE OBJECT_ID = OBJECT_ID(N'[DBO].[T]'))\n\
             CREATE TABLE [T] (ID INTEGER IDENTITY(1,1) NOT NULL, B VARBINARY(MAX), PRIMARY KEY (ID))\n",
        );
        let t = s.table("T").unwrap();
        assert!(t.quoted);
        assert!(t.columns[0].identity);
        assert_eq!(t.columns[1].ty.args, ["MAX"]);
    }
}
