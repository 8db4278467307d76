//! The rehearsal of `80-rehearse-source.sql` as data: the statements it runs on every sync table
//! and the journal rows they must write, computed from the same plan that made the triggers, then
//! spelled for the dialect from its [`RehearsalRules`]. Templates only loop over what is here.
//!
//! For every sync table (parents before the tables whose foreign keys point at them): insert a
//! row, insert two rows (in one statement where the dialect has multi-row VALUES), update a
//! non-key column, set a nullable column to NULL, change a primary-key column, delete a row. Then,
//! for every parent sync table, its remaining row that child rows point at is deleted (child rows
//! of a key without ON DELETE CASCADE first). Every step is run through the triggers' semantics
//! here — a primary-key change is a DELETE of the old key then an UPDATE of the new one, a
//! parent's delete turns the child's pending journal rows into DELETE rows, a cascade journals
//! the child's deletes where the dialect fires triggers for it — giving the expected journal rows
//! in SYNC_ID order.
//!
//! Values stay within each column's type and length (lengths counted in bytes, the strictest
//! reading), differ from every row an IS writes (tenant id [`TENANT`]; text starting with a slot
//! letter then `ismig'é`: a quote and a non-ASCII character; negative numbers) and include a value
//! of 5,000 characters or bytes in the first LOB column. A column of a foreign key to a table the
//! sync does not carry is NULL when the schema allows it (simpler, and a NULL key needs no row);
//! otherwise, before any sync table's rows, the rehearsal inserts one row into that table (in the
//! same transaction, rolled back with the rest) and the column takes that row's key by a scalar
//! subquery that finds the row by its marker value, so no "last inserted id" of a dialect is
//! needed. A table that cannot get such a row (no column to mark it, or a NOT NULL column of a
//! foreign key to a third table) leaves the column its smallest existing key (a row must then
//! exist there).

use std::borrow::Cow;

use crate::dialect::{ColumnAccess, DialectRules, RehearsalRules};
use crate::model::{JournalColumn, SyncTable, TypeClass};

use super::view::sql_string;

/// The tenant id of every rehearsal row: IS uses -1234 for the super tenant, positive ids for
/// tenants and -1 for "no tenant" (IDN_OAUTH2_ACCESS_TOKEN_SCOPE's default); -4242 (and -4243,
/// which an update of a tenant column writes) is none of them, so no rehearsal row can clash
/// with a row of a real tenant.
pub const TENANT: i64 = -4242;

/// The piece a long value repeats 500 times (5,000 characters or bytes).
const LONG_PIECE: &str = "rehearsal-";

/// Length of the long values.
const LONG_LEN: usize = 5000;

/// The slots of the rows a table gets: three rows, the new key of the third, the updated value.
const SLOTS: [char; 5] = ['a', 'b', 'c', 'd', 'u'];

/// One value of a rehearsal row.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Null,
    Int(i64),
    Decimal(&'static str),
    Text(String),
    LongText,
    Binary(Vec<u8>),
    LongBinary,
    Timestamp(String),
    Date(String),
    Bool(bool),
    /// The smallest value of a column of a table the sync does not carry.
    Existing(String, String),
    /// A column of the row the rehearsal inserted into a table the sync does not carry:
    /// (table, column, marker column, marker value).
    Parent(Box<(String, String, String, Value)>),
}

/// One statement the rehearsal runs.
#[derive(Clone, Debug)]
pub struct Statement {
    /// What it does, for the comment above it.
    pub what: String,
    /// The statement, spelled for the dialect.
    pub sql: String,
}

/// One journal row the rehearsal must find.
#[derive(Clone, Debug)]
struct Expected {
    action: &'static str,
    values: Vec<Value>,
    why: String,
}

/// One check the rehearsal makes: its number (output order), what it checks, and what differs.
/// The script prints `ok <label>` when `diff` is `.` alone, else `FAILED: <label>: ` and the rest
/// of `diff` (a leading `.` keeps an empty difference a non-empty string: Oracle reads `''` as
/// NULL).
#[derive(Clone, Debug)]
pub struct Check {
    /// 1-based, in output order.
    pub n: usize,
    /// `FROM …` of the check's query (a one-row table, and the journal row for row checks).
    pub from: String,
    /// A string literal: the table, the check and what it expects.
    pub label: String,
    /// An expression: `.` then, for each value that differs, what was expected and what came.
    pub diff: String,
}

/// A sync table of the rehearsal.
#[derive(Clone, Debug)]
pub struct TableRehearsal {
    /// 1-based, in plan order.
    pub n: usize,
    pub source: String,
    pub journal: String,
    /// Journal rows expected.
    pub rows: usize,
}

/// The whole rehearsal of a dialect's plan: its tables and statements; its checks are made one
/// table at a time as the template writes them ([`Rehearsal::checks`]), so the largest part of
/// the script is never held whole.
#[derive(Clone, Debug)]
pub struct Rehearsal<'a> {
    pub tables: Vec<TableRehearsal>,
    pub statements: Vec<Statement>,
    sync: &'a [SyncTable],
    rules: &'static DialectRules,
    /// The SYNC_ID a journal had before (`{}` the table's number).
    start: &'static str,
    /// Per table: the journal rows expected, in SYNC_ID order.
    journal: Vec<Vec<Expected>>,
}

/// What a check of report.json says: table, check, expected.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CheckSummary {
    pub table: String,
    pub check: String,
    pub expected: String,
}

impl Rehearsal<'_> {
    /// The checks as report.json lists them.
    pub fn summary(tables: &[SyncTable], rules: &'static DialectRules) -> Vec<CheckSummary> {
        let sim = simulate(tables, rules);
        let mut out = Vec::new();
        for (ti, t) in tables.iter().enumerate() {
            let rows = &sim.journal[ti];
            out.push(CheckSummary {
                table: t.source.to_string(),
                check: "rows".into(),
                expected: format!("{} journal rows", rows.len()),
            });
            for (k, e) in rows.iter().enumerate() {
                out.push(CheckSummary {
                    table: t.source.to_string(),
                    check: format!("row {}", k + 1),
                    expected: format!("{} ({})", e.action, e.why),
                });
            }
        }
        out
    }
}

/// The column's declared length in bytes or characters (`VARCHAR(255)`, `VARCHAR2(255 CHAR)`).
fn declared_length(c: &JournalColumn) -> Option<usize> {
    let a = c.ty.args.first()?;
    let digits: String = a.chars().take_while(|ch| ch.is_ascii_digit()).collect();
    digits.parse().ok().filter(|n| *n > 0)
}

/// A LOB (no declared length): compared with the dialect's LOB comparison, shown by its length.
fn is_lob(c: &JournalColumn) -> bool {
    match c.ty.class {
        TypeClass::LongText => true,
        TypeClass::Binary => declared_length(c).is_none(),
        _ => false,
    }
}

/// `s` cut to at most `n` bytes, at a character boundary.
fn cut(s: &str, n: usize) -> String {
    let mut end = s.len().min(n);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_string()
}

/// The value of column `c` in slot `slot` (index in [`SLOTS`]); `long` asks for a long value.
fn generate(c: &JournalColumn, slot: usize, long: bool, rules: &RehearsalRules) -> Value {
    let tag = SLOTS[slot];
    let name = c.name.to_ascii_uppercase();
    let len = declared_length(c);
    match c.ty.class {
        TypeClass::Text | TypeClass::LongText => {
            if long && c.ty.class == TypeClass::LongText {
                return Value::LongText;
            }
            let s = format!("{tag}ismig'é");
            Value::Text(len.map_or(s.clone(), |n| cut(&s, n)))
        }
        TypeClass::Integer => {
            let small = c.ty.base == "TINYINT"
                || (matches!(c.ty.base.as_str(), "NUMBER" | "DECIMAL" | "NUMERIC" | "DEC")
                    && len.is_some_and(|n| n < 5));
            if small {
                Value::Int(slot as i64 + 1)
            } else if name.contains("TENANT") && slot == 4 && !c.key {
                // an update moves the row to the next unused tenant id, so the new value shows
                Value::Int(TENANT - 1)
            } else if name.contains("TENANT") {
                // the same tenant for every row: the other key columns tell the rows apart
                Value::Int(TENANT)
            } else {
                Value::Int(-4201 - slot as i64)
            }
        }
        TypeClass::Decimal => Value::Decimal(["-4.5", "-5.5", "-6.5", "-7.5", "-8.5"][slot]),
        TypeClass::Boolean => Value::Bool(slot % 2 == 0),
        TypeClass::Date => Value::Date(format!("2001-02-0{}", slot + 1)),
        TypeClass::Timestamp => Value::Timestamp(format!("2001-02-03 04:05:0{slot}")),
        TypeClass::Binary => {
            if long && len.is_none() && !rules.long_binary.is_empty() {
                return Value::LongBinary;
            }
            let mut b = vec![0xde, 0xad, slot as u8];
            if let Some(n) = len {
                b.truncate(n);
            }
            Value::Binary(b)
        }
        TypeClass::Other => {
            if c.nullable {
                Value::Null
            } else {
                Value::Text(format!("{tag}ismig"))
            }
        }
    }
}

impl Value {
    /// The value as SQL.
    fn sql(&self, rules: &DialectRules) -> String {
        let r = &rules.rehearsal;
        match self {
            Value::Null => "NULL".into(),
            Value::Int(n) => n.to_string(),
            Value::Decimal(d) => (*d).to_string(),
            Value::Text(s) => format!("{}{}", r.text_prefix, sql_string(s)),
            Value::LongText => r.long_text.replace("{s}", LONG_PIECE),
            Value::Binary(b) => {
                let hex: String = b.iter().map(|x| format!("{x:02X}")).collect();
                r.binary.replace("{}", &hex)
            }
            Value::LongBinary => r.long_binary.replace("{s}", LONG_PIECE),
            Value::Timestamp(s) => r.timestamp.replace("{}", s),
            Value::Date(s) => r.date.replace("{}", s),
            Value::Bool(b) => r.booleans[usize::from(!*b)].to_string(),
            Value::Existing(t, c) => {
                format!("(SELECT MIN({}) FROM {})", name(rules, c), name(rules, t))
            }
            Value::Parent(p) => {
                let (t, c, m, v) = p.as_ref();
                format!(
                    "(SELECT MIN({}) FROM {} WHERE {} = {})",
                    name(rules, c),
                    name(rules, t),
                    name(rules, m),
                    v.sql(rules)
                )
            }
        }
    }

    /// The value as a failed check shows it.
    fn shown(&self, c: &JournalColumn) -> String {
        match self {
            Value::Null => "NULL".into(),
            Value::Int(n) => n.to_string(),
            Value::Decimal(d) => (*d).to_string(),
            Value::Text(s) if is_lob(c) => format!("length {}", s.chars().count()),
            Value::Text(s) => s.clone(),
            Value::LongText | Value::LongBinary => format!("length {LONG_LEN}"),
            Value::Binary(b) => format!("length {}", b.len()),
            Value::Timestamp(s) | Value::Date(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Existing(t, col) => format!("the smallest {t}.{col}"),
            Value::Parent(p) => format!("the rehearsal's {}.{}", p.0, p.1),
        }
    }
}

/// The rows and journals of the rehearsal as it is run through the triggers' semantics.
struct Sim<'a> {
    tables: &'a [SyncTable],
    rules: &'static DialectRules,
    /// Per table: the rows that exist now (slot, values).
    live: Vec<Vec<(char, Vec<Value>)>>,
    /// Per table: the journal rows written, in SYNC_ID order.
    journal: Vec<Vec<Expected>>,
    statements: Vec<Statement>,
    /// Each table's position, by its name upper-cased.
    index: std::collections::HashMap<String, usize>,
    /// Per table: its parent sync tables (parent, child-cleanup trigger of the parent).
    parents: Vec<Vec<(usize, usize)>>,
    /// Tables the sync does not carry, by name upper-cased: the marker (column, value) of the
    /// row inserted into each, or None when no row could be made.
    outside_rows: std::collections::HashMap<String, Option<(String, Value)>>,
}

/// Items joined by `, `, a new indented line started before an item that would pass 100
/// characters (SQL*Plus reads at most 2,499 characters a line; reviewers fewer).
fn wrap<'s>(items: impl Iterator<Item = &'s str>) -> String {
    let mut out = String::new();
    let mut line = 0;
    for (i, it) in items.enumerate() {
        if i > 0 {
            if line + it.len() + 2 > 100 {
                out.push_str(",\n    ");
                line = 4;
            } else {
                out.push_str(", ");
                line += 2;
            }
        }
        out.push_str(it);
        line += it.len();
    }
    out
}

/// A name as the rehearsal's statements write it: quoted where the dialect asks for it.
fn name<'n>(rules: &DialectRules, n: &'n str) -> Cow<'n, str> {
    if rules.rehearsal.quote_names {
        let q = &rules.quote;
        let spelled = if q.fold {
            rules.catalog_name(n)
        } else {
            n.to_string()
        };
        Cow::Owned(format!("{}{spelled}{}", q.open, q.close))
    } else {
        rules.ident(n)
    }
}

/// Index of a column by name.
fn col_index(t: &SyncTable, name: &str) -> Option<usize> {
    t.columns
        .iter()
        .position(|c| c.name.eq_ignore_ascii_case(name))
}

impl Sim<'_> {
    /// Index of a table by name.
    fn find(&self, name: &str) -> Option<usize> {
        self.index.get(&name.to_ascii_uppercase()).copied()
    }

    fn ident<'n>(&self, n: &'n str) -> Cow<'n, str> {
        name(self.rules, n)
    }

    fn key_of(&self, ti: usize, row: &[Value]) -> Vec<Value> {
        let t = &self.tables[ti];
        t.primary_key
            .iter()
            .filter_map(|k| col_index(t, k).map(|i| row[i].clone()))
            .collect()
    }

    /// `K1 = v AND K2 = v` for a row's key.
    fn where_key(&self, ti: usize, row: &[Value]) -> String {
        let t = &self.tables[ti];
        t.primary_key
            .iter()
            .filter_map(|k| col_index(t, k))
            .map(|i| {
                format!(
                    "{} = {}",
                    self.ident(&t.columns[i].name),
                    row[i].sql(self.rules)
                )
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    fn push(&mut self, what: String, sql: String) {
        self.statements.push(Statement { what, sql });
    }

    fn journal_row(&mut self, ti: usize, action: &'static str, row: &[Value], why: String) {
        let tables = self.tables;
        let t = &tables[ti];
        let values = row
            .iter()
            .zip(&t.columns)
            .map(|(v, c)| {
                // columns a trigger cannot read on delete are journaled as NULL
                if action == "DELETE" && c.access == ColumnAccess::JoinBack {
                    Value::Null
                } else {
                    v.clone()
                }
            })
            .collect();
        self.journal[ti].push(Expected {
            action,
            values,
            why,
        });
    }

    /// `INSERT` of rows (slot, values) in one statement.
    fn insert(&mut self, ti: usize, rows: Vec<(char, Vec<Value>)>) {
        let tables = self.tables;
        let t = &tables[ti];
        let cols: Vec<Cow<'_, str>> = t.columns.iter().map(|c| self.ident(&c.name)).collect();
        let vals: Vec<String> = rows
            .iter()
            .map(|(_, r)| {
                let v: Vec<String> = r.iter().map(|v| v.sql(self.rules)).collect();
                format!("({})", wrap(v.iter().map(String::as_str)))
            })
            .collect();
        let slots: Vec<String> = rows.iter().map(|(s, _)| format!("row {s}")).collect();
        let what = format!("insert {} into {}", slots.join(" and "), t.source);
        let sql = format!(
            "INSERT INTO {} ({})\nVALUES {}",
            self.ident(&t.source),
            wrap(cols.iter().map(|c| c.as_ref())),
            vals.join(",\n  ")
        );
        self.push(what, sql);
        for (s, r) in rows {
            self.journal_row(ti, "INSERT", &r, format!("insert of row {s}"));
            self.live[ti].push((s, r));
        }
    }

    /// `UPDATE` of one row's columns `sets` (index, new value).
    fn update(&mut self, ti: usize, slot: char, sets: &[(usize, Value)], what: String) {
        let Some(at) = self.live[ti].iter().position(|(s, _)| *s == slot) else {
            return;
        };
        let old = self.live[ti][at].1.clone();
        let tables = self.tables;
        let t = &tables[ti];
        let mut assign: Vec<String> = sets
            .iter()
            .map(|(i, v)| {
                format!(
                    "{} = {}",
                    self.ident(&t.columns[*i].name),
                    v.sql(self.rules)
                )
            })
            .collect();
        if self.rules.rehearsal.keep_timestamps {
            for (i, c) in t.columns.iter().enumerate() {
                if c.ty.class == TypeClass::Timestamp && !sets.iter().any(|(j, _)| *j == i) {
                    let n = self.ident(&c.name);
                    assign.push(format!("{n} = {n}"));
                }
            }
        }
        let sql = format!(
            "UPDATE {} SET {} WHERE {}",
            self.ident(&t.source),
            assign.join(", "),
            self.where_key(ti, &old)
        );
        self.push(format!("{what} of row {slot} of {}", t.source), sql);
        let mut new = old.clone();
        for (i, v) in sets {
            new[*i] = v.clone();
        }
        if self.key_of(ti, &old) != self.key_of(ti, &new) {
            self.journal_row(
                ti,
                "DELETE",
                &old,
                format!("{what} of row {slot}: the old key"),
            );
            self.journal_row(
                ti,
                "UPDATE",
                &new,
                format!("{what} of row {slot}: the new key"),
            );
        } else {
            self.journal_row(ti, "UPDATE", &new, format!("{what} of row {slot}"));
        }
        self.live[ti][at].1 = new;
    }

    /// The child rows that point at `row` of table `ti` through child trigger `k`: (child, slot).
    fn referencing(&self, ti: usize, k: usize, row: &[Value]) -> Vec<(usize, char)> {
        let t = &self.tables[ti];
        let c = &t.children[k];
        let Some(ci) = self.find(&c.child) else {
            return Vec::new();
        };
        let child = &self.tables[ci];
        self.live[ci]
            .iter()
            .filter(|(_, r)| {
                c.pairs
                    .iter()
                    .all(|(ch, pa)| match (col_index(child, ch), col_index(t, pa)) {
                        (Some(a), Some(b)) => r[a] != Value::Null && r[a] == row[b],
                        _ => false,
                    })
            })
            .map(|(s, _)| (ci, *s))
            .collect()
    }

    /// A row deleted: by a statement of ours (`cascade` false) or by ON DELETE CASCADE.
    fn deleted(&mut self, ti: usize, slot: char, cascade: bool, why: &str) {
        let Some(at) = self.live[ti].iter().position(|(s, _)| *s == slot) else {
            return;
        };
        let (_, row) = self.live[ti].remove(at);
        let fires = !cascade || self.rules.rehearsal.cascade_fires_triggers;
        if fires {
            self.journal_row(ti, "DELETE", &row, format!("{why} row {slot}"));
        }
        let tables = self.tables;
        let t = &tables[ti];
        for (k, c) in t.children.iter().enumerate() {
            let Some(ci) = self.find(&c.child) else {
                continue;
            };
            if fires {
                // the child-cleanup trigger: pending child rows of this key become DELETE rows
                let child = &tables[ci];
                let pairs: Vec<(usize, usize)> = c
                    .pairs
                    .iter()
                    .filter_map(|(ch, pa)| Some((col_index(child, ch)?, col_index(t, pa)?)))
                    .collect();
                let parent = t.source.to_string();
                for e in &mut self.journal[ci] {
                    if e.action != "DELETE"
                        && pairs
                            .iter()
                            .all(|(a, b)| e.values[*a] != Value::Null && e.values[*a] == row[*b])
                    {
                        e.action = "DELETE";
                        e.why = format!(
                            "{}, turned into DELETE by the delete of {parent} row {slot}",
                            e.why
                        );
                    }
                }
            }
            if c.cascade {
                for (ci, s) in self.referencing(ti, k, &row) {
                    let why = format!("ON DELETE CASCADE from {} of", t.source);
                    self.deleted(ci, s, true, &why);
                }
            }
        }
    }

    /// Deletes a row with a statement, deleting first the child rows whose key has no ON
    /// DELETE CASCADE.
    fn delete(&mut self, ti: usize, slot: char, why: &str) {
        let Some(row) = self.live[ti]
            .iter()
            .find(|(s, _)| *s == slot)
            .map(|(_, r)| r.clone())
        else {
            return;
        };
        for k in 0..self.tables[ti].children.len() {
            if !self.tables[ti].children[k].cascade {
                for (ci, s) in self.referencing(ti, k, &row) {
                    let why = format!("delete (before its {} row) of", self.tables[ti].source);
                    self.delete(ci, s, &why);
                }
            }
        }
        let tables = self.tables;
        let t = &tables[ti];
        let sql = format!(
            "DELETE FROM {} WHERE {}",
            self.ident(&t.source),
            self.where_key(ti, &row)
        );
        let has_children = self.referencing_any(ti, &row);
        let what = if has_children {
            format!(
                "{why} row {slot} of {}, with child rows pointing at it",
                t.source
            )
        } else {
            format!("{why} row {slot} of {}", t.source)
        };
        self.push(what, sql);
        self.deleted(ti, slot, false, why);
    }

    fn referencing_any(&self, ti: usize, row: &[Value]) -> bool {
        (0..self.tables[ti].children.len()).any(|k| !self.referencing(ti, k, row).is_empty())
    }
}

impl Sim<'_> {
    /// Inserts the rehearsal's row into `p`, a table the sync does not carry, once. Columns
    /// filled by the engine (identity, auto-increment, a default such as a sequence's next value)
    /// and nullable ones are left out; every other column gets a rehearsal value (a key column
    /// filled by a sequence trigger, as WSO2's Oracle and DB2 scripts do, gets the trigger's
    /// value instead). The row is found again by its marker: its first text column long enough
    /// for the rehearsal's text, else its tenant column (-4242). A table where neither exists,
    /// or whose NOT NULL columns need a row of a third table, gets no row: its key columns then
    /// take the table's smallest existing key.
    fn outside_row(&mut self, p: &crate::model::OutsideTable) {
        let upper = p.name.to_ascii_uppercase();
        if self.outside_rows.contains_key(&upper) {
            return;
        }
        let made = self.make_outside_row(p);
        self.outside_rows.insert(upper, made);
    }

    fn make_outside_row(&mut self, p: &crate::model::OutsideTable) -> Option<(String, Value)> {
        let rules = &self.rules.rehearsal;
        let journal_column = |c: &crate::model::OutsideColumn| JournalColumn {
            name: c.name.clone(),
            ty: c.ty.clone(),
            key: false,
            access: ColumnAccess::Direct,
            nullable: c.nullable,
            outside: None,
        };
        let in_key = |c: &crate::model::OutsideColumn| {
            p.foreign_keys
                .iter()
                .any(|fk| fk.columns.iter().any(|k| k.eq_ignore_ascii_case(&c.name)))
        };
        let marker = p
            .columns
            .iter()
            .find(|c| {
                !c.identity
                    && !in_key(c)
                    && c.ty.class == TypeClass::Text
                    && declared_length(&journal_column(c)).is_some_and(|n| n >= 16)
            })
            .or_else(|| {
                p.columns.iter().find(|c| {
                    !c.identity
                        && !in_key(c)
                        && c.ty.class == TypeClass::Integer
                        && c.name.to_ascii_uppercase().contains("TENANT")
                })
            })?;
        let mut cols = Vec::new();
        let mut vals = Vec::new();
        for c in &p.columns {
            let is_marker = c.name == marker.name;
            if !is_marker && (c.identity || c.default.is_some() || c.nullable) {
                continue;
            }
            if in_key(c) {
                return None;
            }
            cols.push(self.ident(&c.name).into_owned());
            vals.push(generate(&journal_column(c), 0, false, rules).sql(self.rules));
        }
        let marker_value = generate(&journal_column(marker), 0, false, rules);
        let sql = format!(
            "INSERT INTO {} ({})\nVALUES ({})",
            self.ident(&p.name),
            wrap(cols.iter().map(String::as_str)),
            wrap(vals.iter().map(String::as_str))
        );
        self.push(
            format!(
                "the row of {} the foreign keys point at (found again by its {})",
                p.name, marker.name
            ),
            sql,
        );
        Some((marker.name.to_string(), marker_value))
    }
}

/// Tables in an order where every parent sync table comes before its children (plan order
/// otherwise; a cycle keeps plan order).
fn parents_first(sim: &Sim<'_>) -> Vec<usize> {
    let n = sim.tables.len();
    let mut order = Vec::with_capacity(n);
    let mut state = vec![0u8; n];
    let parents: Vec<Vec<usize>> = sim
        .parents
        .iter()
        .enumerate()
        .map(|(ci, ps)| ps.iter().map(|(p, _)| *p).filter(|p| *p != ci).collect())
        .collect();
    fn visit(i: usize, parents: &[Vec<usize>], state: &mut [u8], order: &mut Vec<usize>) {
        if state[i] != 0 {
            return;
        }
        state[i] = 1;
        for &p in &parents[i] {
            visit(p, parents, state, order);
        }
        state[i] = 2;
        order.push(i);
    }
    for i in 0..n {
        visit(i, &parents, &mut state, &mut order);
    }
    order
}

/// The rows of table `ti` for slots a, b, c; the foreign-key columns to a parent sync table take
/// the parent's row b (slot b) or its last row c (slots a and c), so that deleting the parent's
/// row b leaves child rows to clean up.
fn rows_for(sim: &Sim<'_>, ti: usize) -> Vec<(char, Vec<Value>)> {
    let t = &sim.tables[ti];
    let r = &sim.rules.rehearsal;
    // the first LOB column gets the long value in row b
    let lob = t.columns.iter().position(|c| is_lob(c) && !c.key);
    let mut rows: Vec<(char, Vec<Value>)> = Vec::new();
    for (slot, letter) in SLOTS.iter().copied().enumerate().take(3) {
        let mut row: Vec<Value> = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if let Some(o) = &c.outside {
                    let made = sim
                        .outside_rows
                        .get(&o.table.to_ascii_uppercase())
                        .cloned()
                        .flatten();
                    match made {
                        _ if c.nullable => Value::Null,
                        Some((m, v)) => {
                            Value::Parent(Box::new((o.table.clone(), o.column.clone(), m, v)))
                        }
                        None => Value::Existing(o.table.clone(), o.column.clone()),
                    }
                } else {
                    generate(c, slot, slot == 1 && lob == Some(i), r)
                }
            })
            .collect();
        for &(pi, k) in &sim.parents[ti] {
            let p = &sim.tables[pi];
            {
                let c = &p.children[k];
                let want = if slot == 1 { 'b' } else { 'c' };
                let parent = sim.live[pi].iter().find(|(s, _)| *s == want);
                for (ch, pa) in &c.pairs {
                    if let (Some(a), Some(b)) = (col_index(t, ch), col_index(p, pa)) {
                        row[a] = parent.map_or(Value::Null, |(_, pr)| pr[b].clone());
                    }
                }
            }
        }
        let key = sim.key_of(ti, &row);
        if rows.iter().any(|(_, r)| sim.key_of(ti, r) == key) {
            continue;
        }
        rows.push((letter, row));
    }
    rows
}

/// Column indexes bound to a parent sync table's row (a foreign key between sync tables).
fn bound_columns(sim: &Sim<'_>, ti: usize) -> Vec<usize> {
    let t = &sim.tables[ti];
    sim.parents[ti]
        .iter()
        .map(|&(pi, k)| &sim.tables[pi].children[k])
        .flat_map(|c| c.pairs.iter().filter_map(|(ch, _)| col_index(t, ch)))
        .collect()
}

/// Runs the rehearsal through the triggers' semantics.
fn simulate<'a>(tables: &'a [SyncTable], rules: &'static DialectRules) -> Sim<'a> {
    let mut sim = Sim {
        tables,
        rules,
        live: vec![Vec::new(); tables.len()],
        journal: vec![Vec::new(); tables.len()],
        statements: Vec::new(),
        index: tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.source.to_ascii_uppercase(), i))
            .rev()
            .collect(),
        parents: vec![Vec::new(); tables.len()],
        outside_rows: std::collections::HashMap::new(),
    };
    for (pi, t) in tables.iter().enumerate() {
        for (k, c) in t.children.iter().enumerate() {
            if let Some(ci) = sim.find(&c.child) {
                sim.parents[ci].push((pi, k));
            }
        }
    }
    let order = parents_first(&sim);
    // one row in each table the sync does not carry that a NOT NULL key column points at
    for &ti in &order {
        for c in &tables[ti].columns {
            if let (Some(o), false) = (&c.outside, c.nullable) {
                if let Some(p) = &o.parent {
                    sim.outside_row(p);
                }
            }
        }
    }
    for &ti in &order {
        let t = &tables[ti];
        let bound = bound_columns(&sim, ti);
        let free = |i: usize, c: &JournalColumn| {
            !c.key && !bound.contains(&i) && c.outside.is_none() && c.access == ColumnAccess::Direct
        };
        let mut rows = rows_for(&sim, ti);
        if rows.is_empty() {
            continue;
        }
        let first = rows.remove(0);
        sim.insert(ti, vec![first]);
        if rules.rehearsal.multi_row_values {
            if !rows.is_empty() {
                sim.insert(ti, rows);
            }
        } else {
            for r in rows {
                sim.insert(ti, vec![r]);
            }
        }
        // update a non-key column (a character one where there is one)
        let upd = t
            .columns
            .iter()
            .enumerate()
            .filter(|(i, c)| free(*i, c))
            .min_by_key(|(_, c)| !matches!(c.ty.class, TypeClass::Text))
            .map(|(i, _)| i);
        if let Some(i) = upd {
            let v = generate(&t.columns[i], 4, false, &rules.rehearsal);
            let what = format!("update of {}", t.columns[i].name);
            sim.update(ti, 'a', &[(i, v)], what);
        }
        // set a nullable column to NULL
        let null = t
            .columns
            .iter()
            .enumerate()
            .find(|(i, c)| free(*i, c) && c.nullable)
            .map(|(i, _)| i);
        if let Some(i) = null {
            let what = format!("{} set to NULL", t.columns[i].name);
            sim.update(ti, 'b', &[(i, Value::Null)], what);
        }
        // change a primary-key column
        let key = t
            .columns
            .iter()
            .enumerate()
            .filter(|(i, c)| c.key && !bound.contains(i) && c.outside.is_none())
            // a character key column where there is one: a tenant id stays the rehearsal's
            .min_by_key(|(_, c)| !matches!(c.ty.class, TypeClass::Text))
            .map(|(i, _)| i);
        if let Some(i) = key {
            let v = generate(&t.columns[i], 3, false, &rules.rehearsal);
            let row_c = sim.live[ti].iter().find(|(s, _)| *s == 'c').cloned();
            if let Some((_, mut r)) = row_c {
                r[i] = v.clone();
                let new_key = sim.key_of(ti, &r);
                if !sim.live[ti]
                    .iter()
                    .any(|(_, x)| sim.key_of(ti, x) == new_key)
                {
                    let what = format!("primary-key change ({})", t.columns[i].name);
                    sim.update(ti, 'c', &[(i, v)], what);
                }
            }
        }
        sim.delete(ti, 'a', "delete of");
    }
    // a parent with child rows pointing at it is deleted
    for &ti in &order {
        if !tables[ti].children.is_empty() {
            sim.delete(ti, 'b', "delete of the parent");
        }
    }
    sim
}

/// Builds the rehearsal of a dialect's plan: statements, tables and checks. `start` spells the
/// SYNC_ID a table's journal had before the rehearsal (`{}` its table number).
pub fn build<'a>(
    tables: &'a [SyncTable],
    rules: &'static DialectRules,
    start: &'static str,
) -> Rehearsal<'a> {
    let sim = simulate(tables, rules);
    let tables_of = tables
        .iter()
        .enumerate()
        .map(|(ti, t)| TableRehearsal {
            n: ti + 1,
            source: t.source.to_string(),
            journal: rules.ident(&t.journal.name).into_owned(),
            rows: sim.journal[ti].len(),
        })
        .collect();
    Rehearsal {
        tables: tables_of,
        statements: sim.statements,
        sync: tables,
        rules,
        start,
        journal: sim.journal,
    }
}

impl Rehearsal<'_> {
    /// Every check, in output order: per table, its number of journal rows, then each row
    /// against the one expected. Made one table at a time.
    pub fn checks(&self) -> impl Iterator<Item = Check> + '_ {
        let mut n = 0;
        (0..self.sync.len()).flat_map(move |ti| {
            let first = n;
            n += 1 + self.journal[ti].len();
            self.table_checks(ti, first)
        })
    }

    /// The checks of the `ti`-th table, numbered from `first + 1`.
    fn table_checks(&self, ti: usize, first: usize) -> Vec<Check> {
        let (rules, t) = (self.rules, &self.sync[ti]);
        let r = &rules.rehearsal;
        let text = |s: &str| format!("{}{}", r.text_prefix, sql_string(s));
        let concat =
            |parts: &[String]| format!("{}{}{}", r.concat[0], parts.join(r.concat[1]), r.concat[2]);
        // the differences of a row check: one piece per line (SQL*Plus reads at most 2,499
        // characters a line)
        let concat_lines = |parts: &[String]| {
            let sep = format!("{}\n      ", r.concat[1].trim_end());
            format!("{}{}{}", r.concat[0], parts.join(&sep), r.concat[2])
        };
        let journal = &self.tables[ti].journal;
        let st = self.start.replace("{}", &(ti + 1).to_string());
        let rows = &self.journal[ti];
        let mut out = Vec::with_capacity(1 + rows.len());
        let mut n = first;
        let count = format!("(SELECT COUNT(*) FROM {journal} x WHERE x.SYNC_ID > {st})");
        n += 1;
        out.push(Check {
            n,
            from: format!("FROM {} o", r.one_row),
            label: text(&format!("{} rows: {} journal rows", t.source, rows.len())),
            diff: format!(
                "CASE WHEN {count} = {} THEN {} ELSE {} END",
                rows.len(),
                text("."),
                concat(&[
                    text(&format!(".expected {} got ", rows.len())),
                    r.show_number.replace("{}", &count),
                ])
            ),
        });
        for (k, e) in rows.iter().enumerate() {
            n += 1;
            let label = format!("{} row {} of {}", t.source, k + 1, rows.len());
            let from = format!(
                "FROM {} o LEFT JOIN (SELECT x.* FROM {journal} x WHERE x.SYNC_ID > {st}\n    AND (SELECT COUNT(*) FROM {journal} y WHERE y.SYNC_ID > {st} AND y.SYNC_ID < x.SYNC_ID) = {k}) j ON 1 = 1",
                r.one_row
            );
            let mut pieces = vec![
                text("."),
                format!(
                    "CASE WHEN j.ACTION = '{}' THEN '' ELSE {} END",
                    e.action,
                    concat(&[
                        text(&format!("ACTION expected {} got ", e.action)),
                        "COALESCE(j.ACTION, 'no row')".to_string(),
                        "'; '".to_string(),
                    ])
                ),
            ];
            for (c, v) in t.columns.iter().zip(&e.values) {
                let col = format!("j.{}", name(rules, &c.name));
                let ok = if *v == Value::Null {
                    format!("{col} IS NULL")
                } else {
                    let eq = if c.ty.class == TypeClass::LongText {
                        r.text_lob_equal
                    } else if is_lob(c) {
                        r.binary_lob_equal
                    } else {
                        r.equal
                    };
                    eq.replace("{a}", &col).replace("{b}", &v.sql(rules))
                };
                let show = if is_lob(c) {
                    r.show_length
                } else if matches!(c.ty.class, TypeClass::Integer | TypeClass::Decimal) {
                    r.show_number
                } else {
                    r.show
                };
                pieces.push(format!(
                    "CASE WHEN {ok} THEN '' ELSE {} END",
                    concat(&[
                        text(&format!("{} expected {} got ", c.name, v.shown(c))),
                        format!("COALESCE({}, 'NULL')", show.replace("{}", &col)),
                        "'; '".to_string(),
                    ])
                ));
            }
            out.push(Check {
                n,
                from,
                label: text(&format!("{label}: {} ({})", e.action, e.why)),
                diff: concat_lines(&pieces),
            });
        }
        out
    }
}

/// The journal rows the rehearsal expects, per table: (ACTION, each column's value as a failed
/// check shows it). For tests.
#[doc(hidden)]
pub fn expected_rows(
    tables: &[SyncTable],
    rules: &'static DialectRules,
) -> Vec<Vec<(&'static str, Vec<String>)>> {
    let sim = simulate(tables, rules);
    sim.journal
        .iter()
        .zip(tables)
        .map(|(rows, t)| {
            rows.iter()
                .map(|e| {
                    let values = e
                        .values
                        .iter()
                        .zip(&t.columns)
                        .map(|(v, c)| v.shown(c))
                        .collect();
                    (e.action, values)
                })
                .collect()
        })
        .collect()
}
