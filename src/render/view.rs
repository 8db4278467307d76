//! View-models for the templates, borrowed from the model and computed on demand: every name
//! already spelled for the dialect, every list already joined, every dialect-specific expression
//! (row references, key comparisons, joins) built from the dialect's facts. Templates only
//! substitute and loop.
//!
//! Nothing here is built ahead of the template: a [`TableView`] is two references, and each of
//! its methods returns text (`&str`) or a [`Display`] value that writes itself straight into the
//! script being rendered. So a run of 10,000 tables holds no per-table strings, and a list is
//! only written where a template uses it.

use std::borrow::Cow;
use std::fmt::{self, Display, Write as _};

use crate::dialect::{ColumnAccess, DialectRules};
use crate::model::{ChildTrigger, Event, JournalColumn, SyncTable, Trigger};
use crate::model::{ColumnType, TypeClass};

use crate::model::steps::{Action, Check, Compiled, Precheck, StepScript};

use super::migration::MigrationView;

/// A SQL string literal: `'text'` with `'` doubled.
pub fn sql_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Indentation of a wrapped list's continuation lines.
const LIST_INDENT: &str = "      ";
/// Width a wrapped list's lines stay under.
const LIST_WIDTH: usize = 100;
/// A list that fits on one line stays there.
const LIST_INLINE: usize = 72;

/// A [`Display`] value whose text a closure writes: the one adapter every computed field uses.
pub struct DisplayFn<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result>(F);

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> Display for DisplayFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

/// Writes `items` joined by `sep`; each item is written by `one`.
fn join<T>(
    f: &mut fmt::Formatter<'_>,
    items: impl Iterator<Item = T>,
    sep: &str,
    one: impl Fn(&mut fmt::Formatter<'_>, T) -> fmt::Result,
) -> fmt::Result {
    for (i, it) in items.enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        one(f, it)?;
    }
    Ok(())
}

/// `s` as it would be folded by the server (ASCII letters only), with `'` doubled, written in
/// pieces (no allocation).
fn write_folded(f: &mut fmt::Formatter<'_>, s: &str, lower: bool) -> fmt::Result {
    let mut buf = [0u8; 64];
    let mut rest = s;
    while !rest.is_empty() {
        let mut n = rest.len().min(buf.len());
        while !rest.is_char_boundary(n) {
            n -= 1;
        }
        let (piece, tail) = rest.split_at(n);
        rest = tail;
        let bytes = &mut buf[..piece.len()];
        bytes.copy_from_slice(piece.as_bytes());
        if lower {
            bytes.make_ascii_lowercase();
        } else {
            bytes.make_ascii_uppercase();
        }
        // ASCII case changes keep UTF-8 valid
        let folded = std::str::from_utf8(bytes).map_err(|_| fmt::Error)?;
        let mut parts = folded.split('\'');
        if let Some(first) = parts.next() {
            f.write_str(first)?;
        }
        for p in parts {
            f.write_str("''")?;
            f.write_str(p)?;
        }
    }
    Ok(())
}

/// A name as the catalog stores it, as a string literal: `'t000001_bjsx'`.
fn write_lit(f: &mut fmt::Formatter<'_>, rules: &DialectRules, name: &str) -> fmt::Result {
    f.write_char('\'')?;
    write_folded(f, name, rules.folds_to_lower)?;
    f.write_char('\'')
}

/// The sync triggers ON a table: its row triggers, then the child-cleanup triggers it is the
/// parent of.
fn trigger_names(t: &SyncTable) -> impl Iterator<Item = &str> {
    let rows = t.triggers.iter().map(|tr| &*tr.name.name);
    rows.chain(t.children.iter().map(|c| &*c.name.name))
}

/// The trigger functions of [`trigger_names`]' triggers, in the same order (PostgreSQL).
fn function_names(t: &SyncTable) -> impl Iterator<Item = &str> {
    let rows = t.triggers.iter().map(|tr| &*tr.function.name);
    rows.chain(t.children.iter().map(|c| &*c.function.name))
}

/// Writes `names` as rows of a table (the dialect's [`LiteralRows`](crate::dialect::LiteralRows)):
/// position and catalog literal, `(1, 'A'), (2, 'B')`. A short list stays on its line; a long one
/// continues on indented lines of at most ~[`LIST_WIDTH`] characters, each ending with the
/// separator.
fn write_rows<'a>(
    f: &mut fmt::Formatter<'_>,
    rules: &DialectRules,
    names: impl Iterator<Item = &'a str>,
) -> fmt::Result {
    let r = &rules.literal_rows;
    let rows: Vec<String> = names
        .enumerate()
        .map(|(i, n)| format!("{}{}{}{}{}", r.open, i + 1, r.mid, lit(rules, n), r.close))
        .collect();
    let flat = rows.iter().map(String::len).sum::<usize>() + r.sep.len() * rows.len();
    if flat <= LIST_INLINE {
        return f.write_str(&rows.join(r.sep));
    }
    let mut s = String::with_capacity(flat + (flat / LIST_WIDTH + 1) * (LIST_INDENT.len() + 1));
    let mut line_len = 0;
    for (i, row) in rows.iter().enumerate() {
        // room for the row and the separator that may end the line after it
        let room = r.sep.len() + row.len() + r.sep.trim_end().len();
        let new_line = i == 0 || line_len + room > LIST_WIDTH;
        if new_line {
            if i > 0 {
                s.push_str(r.sep.trim_end());
            }
            s.push('\n');
            s.push_str(LIST_INDENT);
            line_len = LIST_INDENT.len();
        } else {
            s.push_str(r.sep);
            line_len += r.sep.len();
        }
        s.push_str(row);
        line_len += row.len();
    }
    f.write_str(&s)
}

/// A name as the catalog stores it, as a string literal value (`'t000001_bjsx'`).
pub fn lit<'a>(rules: &'a DialectRules, name: &'a str) -> impl Display + 'a {
    DisplayFn(move |f: &mut fmt::Formatter<'_>| write_lit(f, rules, name))
}

/// One item of a list: `prefix` then `name` (`NEW.` + `TOKEN_ID`, `` + `ACTION`).
type Item<'a> = (&'a str, Cow<'a, str>);

/// Writes `items` joined by `, `; a long list starts on a new indented line and fills lines up
/// to [`LIST_WIDTH`]. Items are identifiers or row references: none holds a comma or a newline.
///
/// The list is put together in one string and written with one write: a list is dozens of short
/// pieces, and each write into the script passes through the template's writers.
fn write_wrapped<'a, I>(f: &mut fmt::Formatter<'_>, items: I) -> fmt::Result
where
    I: Iterator<Item = Item<'a>> + Clone,
{
    let len = |(p, n): &Item<'_>| p.len() + n.len();
    let count = items.clone().count();
    let flat = items.clone().map(|it| len(&it)).sum::<usize>() + 2 * count.saturating_sub(1);
    if flat <= LIST_INLINE {
        let mut s = String::with_capacity(flat);
        for (i, (p, n)) in items.enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str(p);
            s.push_str(&n);
        }
        return f.write_str(&s);
    }
    // Lines of pieces (`item,` but the last) joined by one space, each under LIST_WIDTH.
    let mut s = String::with_capacity(flat + (flat / LIST_WIDTH + 1) * (LIST_INDENT.len() + 1));
    let mut line = |from: I, start: usize, end: usize| {
        s.push('\n');
        s.push_str(LIST_INDENT);
        for (k, (p, n)) in from.take(end - start).enumerate() {
            if k > 0 {
                s.push(' ');
            }
            s.push_str(p);
            s.push_str(&n);
            if start + k + 1 < count {
                s.push(',');
            }
        }
    };
    let mut line_start = items.clone();
    let mut start = 0;
    let mut line_len = 0;
    for (i, it) in items.enumerate() {
        let piece = len(&it) + usize::from(i + 1 < count);
        if line_len > 0 && LIST_INDENT.len() + line_len + 1 + piece > LIST_WIDTH {
            line(line_start.clone(), start, i);
            for _ in start..i {
                line_start.next();
            }
            start = i;
            line_len = 0;
        }
        if line_len > 0 {
            line_len += 1;
        }
        line_len += piece;
    }
    line(line_start, start, count);
    f.write_str(&s)
}

/// The type a journal column declares (the dialect's renames and sizeless types applied).
fn write_journal_type(
    f: &mut fmt::Formatter<'_>,
    rules: &DialectRules,
    ty: &ColumnType,
    in_lit: bool,
) -> fmt::Result {
    let text = |f: &mut fmt::Formatter<'_>, s: &str| {
        if in_lit {
            join(f, s.split('\''), "''", |f, p| f.write_str(p))
        } else {
            f.write_str(s)
        }
    };
    if let Some((_, to)) = rules.type_renames.iter().find(|(from, _)| *from == ty.base) {
        return text(f, to);
    }
    text(f, &ty.base)?;
    if !ty.args.is_empty() && !rules.sizeless_types.iter().any(|t| *t == ty.base) {
        f.write_char('(')?;
        join(f, ty.args.iter(), ", ", |f, a| text(f, a))?;
        f.write_char(')')?;
    }
    Ok(())
}

/// The type a journal column of type `ty` declares (for PLAN.md, report.json, explain).
pub fn journal_type<'a>(rules: &'a DialectRules, ty: &'a ColumnType) -> impl Display + 'a {
    DisplayFn(move |f: &mut fmt::Formatter<'_>| write_journal_type(f, rules, ty, false))
}

/// One column of a journal table.
#[derive(Clone, Copy)]
pub struct ColumnView<'a> {
    rules: &'static DialectRules,
    c: &'a JournalColumn,
    /// 0-based position in the source row (H2's row arrays).
    index: usize,
    /// The type goes inside a string literal (Oracle / DB2 `EXECUTE IMMEDIATE '…'`): `'` doubled.
    in_lit: bool,
}

impl<'a> ColumnView<'a> {
    pub fn name(&self) -> Cow<'a, str> {
        self.rules.ident(&self.c.name)
    }
    pub fn index(&self) -> usize {
        self.index
    }
    /// The name as the catalog stores it, as a string literal.
    pub fn name_lit(&self) -> impl Display + 'a {
        lit(self.rules, &self.c.name)
    }
    /// The declared length of a character column (`255` of `VARCHAR(255)`); empty otherwise.
    pub fn length(&self) -> &'a str {
        text_length(&self.c.ty).unwrap_or("")
    }
    /// Type as the journal table declares it.
    pub fn ty(&self) -> impl Display + 'a {
        let (rules, c, in_lit) = (self.rules, self.c, self.in_lit);
        DisplayFn(move |f: &mut fmt::Formatter<'_>| write_journal_type(f, rules, &c.ty, in_lit))
    }
}

/// One row trigger (empty text when the table has no trigger for the event).
#[derive(Clone, Copy)]
pub struct TriggerView<'a> {
    rules: &'static DialectRules,
    t: Option<&'a Trigger>,
    event: &'static str,
}

impl<'a> TriggerView<'a> {
    pub fn name(&self) -> Cow<'a, str> {
        self.t
            .map_or(Cow::Borrowed(""), |t| self.rules.ident(&t.name.name))
    }
    /// The name as the catalog stores it, as a string literal.
    pub fn name_lit(&self) -> impl Display + 'a {
        let (rules, t) = (self.rules, self.t);
        DisplayFn(move |f: &mut fmt::Formatter<'_>| match t {
            Some(t) => write_lit(f, rules, &t.name.name),
            None => Ok(()),
        })
    }
    /// PostgreSQL trigger function.
    pub fn function(&self) -> Cow<'a, str> {
        self.t
            .map_or(Cow::Borrowed(""), |t| self.rules.ident(&t.function.name))
    }
    pub fn function_lit(&self) -> impl Display + 'a {
        let (rules, t) = (self.rules, self.t);
        DisplayFn(move |f: &mut fmt::Formatter<'_>| match t {
            Some(t) => write_lit(f, rules, &t.function.name),
            None => Ok(()),
        })
    }
    /// `INSERT`, `UPDATE`, `DELETE`.
    pub fn event(&self) -> &'static str {
        self.event
    }
}

/// A child-cleanup trigger (AFTER DELETE on the parent).
#[derive(Clone, Copy)]
pub struct ChildView<'a> {
    rules: &'static DialectRules,
    parent: &'a SyncTable,
    c: &'a ChildTrigger,
}

impl<'a> ChildView<'a> {
    pub fn name(&self) -> Cow<'a, str> {
        self.rules.ident(&self.c.name.name)
    }
    pub fn name_lit(&self) -> impl Display + 'a {
        lit(self.rules, &self.c.name.name)
    }
    /// Index on the child journal's foreign-key columns.
    pub fn index(&self) -> Cow<'a, str> {
        self.rules.ident(&self.c.index.name)
    }
    pub fn index_lit(&self) -> impl Display + 'a {
        lit(self.rules, &self.c.index.name)
    }
    /// The child journal's foreign-key columns: `TOKEN_ID`.
    pub fn child_cols(&self) -> impl Display + 'a {
        let (rules, c) = (self.rules, self.c);
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            join(f, c.pairs.iter(), ", ", |f, (ch, _)| {
                f.write_str(&rules.ident(ch))
            })
        })
    }
    pub fn child_journal_lit(&self) -> impl Display + 'a {
        lit(self.rules, &self.c.child_journal)
    }
    pub fn function(&self) -> Cow<'a, str> {
        self.rules.ident(&self.c.function.name)
    }
    pub fn function_lit(&self) -> impl Display + 'a {
        lit(self.rules, &self.c.function.name)
    }
    pub fn parent(&self) -> Cow<'a, str> {
        self.rules.ident(&self.c.parent)
    }
    pub fn child(&self) -> Cow<'a, str> {
        self.rules.ident(&self.c.child)
    }
    pub fn child_journal(&self) -> Cow<'a, str> {
        self.rules.ident(&self.c.child_journal)
    }
    /// `CHILDCOL = OLD.PARENTCOL AND …` (row-level dialects, old-row prefix).
    pub fn where_old(&self) -> impl Display + 'a {
        let (rules, c) = (self.rules, self.c);
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            join(f, c.pairs.iter(), " AND ", |f, (ch, pa)| {
                write!(
                    f,
                    "{} = {}{}",
                    rules.ident(ch),
                    rules.old_row,
                    rules.ident(pa)
                )
            })
        })
    }
    /// `j.CHILDCOL = d.PARENTCOL AND …` (MSSQL, journal alias j, DELETED alias d).
    pub fn join_deleted(&self) -> impl Display + 'a {
        let (rules, c) = (self.rules, self.c);
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            join(f, c.pairs.iter(), " AND ", |f, (ch, pa)| {
                write!(f, "j.{} = d.{}", rules.ident(ch), rules.ident(pa))
            })
        })
    }
    /// `CHILDCOL = ? AND …` (H2 prepared statement).
    pub fn where_params(&self) -> impl Display + 'a {
        let (rules, c) = (self.rules, self.c);
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            join(f, c.pairs.iter(), " AND ", |f, (ch, _)| {
                write!(f, "{} = ?", rules.ident(ch))
            })
        })
    }
    /// Java array of parent row indexes for the parameters: `0, 2`.
    pub fn parent_indexes(&self) -> impl Display + 'a {
        let (parent, c) = (self.parent, self.c);
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            join(f, c.pairs.iter(), ", ", |f, (_, pa)| {
                write!(f, "{}", column_index(parent, pa))
            })
        })
    }
}

/// The length of a character type declared with a number (`VARCHAR(255)`), None for any other type.
fn text_length(ty: &ColumnType) -> Option<&str> {
    match ty.args.as_slice() {
        [n] if ty.class == TypeClass::Text && n.bytes().all(|b| b.is_ascii_digit()) => {
            Some(n.as_str())
        }
        _ => None,
    }
}

/// 0-based position of a column in the source row (H2's row arrays).
fn column_index(t: &SyncTable, name: &str) -> usize {
    t.columns
        .iter()
        .position(|c| c.name.eq_ignore_ascii_case(name))
        .unwrap_or(0)
}

/// Everything about one sync table, ready to paste.
#[derive(Clone, Copy)]
pub struct TableView<'a> {
    rules: &'static DialectRules,
    t: &'a SyncTable,
}

impl<'a> TableView<'a> {
    pub fn source(&self) -> Cow<'a, str> {
        self.rules.ident(&self.t.source)
    }
    pub fn source_lit(&self) -> impl Display + 'a {
        lit(self.rules, &self.t.source)
    }
    pub fn journal(&self) -> Cow<'a, str> {
        self.rules.ident(&self.t.journal.name)
    }
    pub fn journal_lit(&self) -> impl Display + 'a {
        lit(self.rules, &self.t.journal.name)
    }
    pub fn version(&self) -> Cow<'a, str> {
        self.rules.ident(&self.t.version.name)
    }
    pub fn version_lit(&self) -> impl Display + 'a {
        lit(self.rules, &self.t.version.name)
    }
    pub fn columns(&self) -> impl Iterator<Item = ColumnView<'a>> + 'a {
        self.column_views(false)
    }
    /// The columns again, for DDL written inside a string literal (Oracle / DB2 `EXECUTE
    /// IMMEDIATE '…'`): any `'` in a type is doubled. Names are plain identifiers already.
    pub fn columns_in_lit(&self) -> impl Iterator<Item = ColumnView<'a>> + 'a {
        self.column_views(true)
    }
    fn column_views(&self, in_lit: bool) -> impl Iterator<Item = ColumnView<'a>> + 'a {
        let rules = self.rules;
        self.t
            .columns
            .iter()
            .enumerate()
            .map(move |(index, c)| ColumnView {
                rules,
                c,
                index,
                in_lit,
            })
    }
    /// The character columns declared with a length (target-side check for narrower columns).
    pub fn sized_columns(&self) -> impl Iterator<Item = ColumnView<'a>> + 'a {
        self.columns().filter(|c| !c.length().is_empty())
    }
    /// Catalog literals of the source table's columns, joined by `, ` (an `IN (…)` list).
    pub fn column_lits(&self) -> impl Display + 'a {
        let (rules, t) = (self.rules, self.t);
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            join(f, t.columns.iter(), ", ", |f, c| {
                write_lit(f, rules, &c.name)
            })
        })
    }
    /// Items of a list over the data columns: `prefix(column)` then the column name.
    fn items(
        &self,
        prefix: impl Fn(&JournalColumn) -> &'static str + Clone + 'a,
    ) -> impl Iterator<Item = Item<'a>> + Clone + 'a {
        let rules = self.rules;
        self.t
            .columns
            .iter()
            .map(move |c| (prefix(c), rules.ident(&c.name)))
    }
    /// Data columns then ACTION, flat: `A, B, C, ACTION` (H2's Java strings).
    pub fn cols_action(&self) -> impl Display + 'a {
        let me = *self;
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            let items = me
                .items(|_| "")
                .chain(std::iter::once(("", Cow::Borrowed("ACTION"))));
            join(f, items, ", ", |f, (p, n)| {
                f.write_str(p)?;
                f.write_str(&n)
            })
        })
    }
    /// The lists below are laid out for review: a short list stays on its line, a long one
    /// continues on indented lines of at most ~100 characters.
    /// Data columns then ACTION.
    pub fn cols_action_w(&self) -> impl Display + 'a {
        let me = *self;
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            write_wrapped(
                f,
                me.items(|_| "")
                    .chain(std::iter::once(("", Cow::Borrowed("ACTION")))),
            )
        })
    }
    /// New-row values: `NEW.A, NEW.B` (`:NEW.`, `N.`, `i.`).
    pub fn new_vals_w(&self) -> impl Display + 'a {
        let me = *self;
        let new = self.rules.new_row;
        DisplayFn(move |f: &mut fmt::Formatter<'_>| write_wrapped(f, me.items(move |_| new)))
    }
    /// Old-row values: `OLD.A, OLD.B`.
    pub fn old_vals_w(&self) -> impl Display + 'a {
        let me = *self;
        let old = self.rules.old_row;
        DisplayFn(move |f: &mut fmt::Formatter<'_>| write_wrapped(f, me.items(move |_| old)))
    }
    /// MSSQL INSERT/UPDATE values: `i.A, b.TEXTCOL` (join-back columns from the base table `b`).
    pub fn ins_vals_w(&self) -> impl Display + 'a {
        let me = *self;
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            write_wrapped(
                f,
                me.items(|c| {
                    if c.access == ColumnAccess::JoinBack {
                        "b."
                    } else {
                        "i."
                    }
                }),
            )
        })
    }
    /// MSSQL DELETE values: `d.A, NULL` (join-back columns are NULL).
    pub fn del_vals_w(&self) -> impl Display + 'a {
        let rules = self.rules;
        let t = self.t;
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            write_wrapped(
                f,
                t.columns.iter().map(move |c| {
                    if c.access == ColumnAccess::JoinBack {
                        ("", Cow::Borrowed("NULL"))
                    } else {
                        ("d.", rules.ident(&c.name))
                    }
                }),
            )
        })
    }
    fn pk(&self) -> impl Iterator<Item = Cow<'a, str>> + 'a {
        let rules = self.rules;
        self.t.primary_key.iter().map(move |k| rules.ident(k))
    }
    /// MSSQL source of INSERT/UPDATE rows: `INSERTED i` or `INSERTED i JOIN T b ON b.K = i.K`.
    pub fn ins_from(&self) -> impl Display + 'a {
        let me = *self;
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            f.write_str("INSERTED i")?;
            if me
                .t
                .columns
                .iter()
                .any(|c| c.access == ColumnAccess::JoinBack)
            {
                write!(f, " JOIN {} b ON ", me.source())?;
                join(f, me.pk(), " AND ", |f, k| write!(f, "b.{k} = i.{k}"))?;
            }
            Ok(())
        })
    }
    /// A primary-key column changed: `OLD.K1 <> NEW.K1 OR …` (row-level dialects).
    pub fn pk_changed(&self) -> impl Display + 'a {
        let me = *self;
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            let (old, new) = (me.rules.old_row, me.rules.new_row);
            join(f, me.pk(), " OR ", |f, k| write!(f, "{old}{k} <> {new}{k}"))
        })
    }
    /// MSSQL: `i.K1 = d.K1 AND …`.
    pub fn pk_join(&self) -> impl Display + 'a {
        let me = *self;
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            join(f, me.pk(), " AND ", |f, k| write!(f, "i.{k} = d.{k}"))
        })
    }
    /// Java array of primary-key indexes: `0, 2`.
    pub fn pk_indexes(&self) -> impl Display + 'a {
        let t = self.t;
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            join(f, t.primary_key.iter(), ", ", |f, k| {
                write!(f, "{}", column_index(t, k))
            })
        })
    }
    /// `?, ?, ?` — one per data column (H2).
    pub fn params(&self) -> impl Display + 'a {
        let n = self.t.columns.len();
        DisplayFn(move |f: &mut fmt::Formatter<'_>| join(f, 0..n, ", ", |f, _| f.write_char('?')))
    }
    fn trigger(&self, ev: Event) -> TriggerView<'a> {
        TriggerView {
            rules: self.rules,
            t: self.t.triggers.iter().find(|x| x.event == ev),
            event: ev.action(),
        }
    }
    pub fn insert(&self) -> TriggerView<'a> {
        self.trigger(Event::Insert)
    }
    pub fn update(&self) -> TriggerView<'a> {
        self.trigger(Event::Update)
    }
    pub fn delete(&self) -> TriggerView<'a> {
        self.trigger(Event::Delete)
    }
    /// The three row triggers: insert, update, delete.
    pub fn triggers(&self) -> [TriggerView<'a>; 3] {
        [self.insert(), self.update(), self.delete()]
    }
    /// The source table's columns as rows of a table (position, catalog literal): the columns
    /// the target must have.
    pub fn column_rows(&self) -> impl Display + 'a {
        let (rules, t) = (self.rules, self.t);
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            write_rows(f, rules, t.columns.iter().map(|c| &*c.name))
        })
    }
    /// The sync triggers ON this table as rows of a table (position, catalog literal): its row
    /// triggers, then the child-cleanup triggers it is the parent of.
    pub fn trigger_rows(&self) -> impl Display + 'a {
        let (rules, t) = (self.rules, self.t);
        DisplayFn(move |f: &mut fmt::Formatter<'_>| write_rows(f, rules, trigger_names(t)))
    }
    /// The trigger functions of [`Self::trigger_rows`]'s triggers, in the same order (PostgreSQL).
    pub fn function_rows(&self) -> impl Display + 'a {
        let (rules, t) = (self.rules, self.t);
        DisplayFn(move |f: &mut fmt::Formatter<'_>| write_rows(f, rules, function_names(t)))
    }
    /// Catalog literals of the sync triggers ON this table, joined by `, `: its row triggers, then
    /// the child-cleanup triggers it is the parent of.
    pub fn trigger_lits(&self) -> impl Display + 'a {
        let (rules, t) = (self.rules, self.t);
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            join(f, trigger_names(t), ", ", |f, n| write_lit(f, rules, n))
        })
    }
    /// Child-cleanup triggers ON this table (it is the parent).
    pub fn children(&self) -> impl Iterator<Item = ChildView<'a>> + 'a {
        let (rules, parent) = (self.rules, self.t);
        self.t
            .children
            .iter()
            .map(move |c| ChildView { rules, parent, c })
    }
}

/// The database a script must be connected to (wrong-target guard).
#[derive(Clone, Debug)]
pub struct GuardView {
    /// The name as written in the JDBC URL.
    pub name: String,
    /// As a string literal, for comparison with the session's database.
    pub name_lit: String,
    /// Upper-cased literal (Oracle service names, DB2 database names compare upper-case).
    pub upper_lit: String,
    /// Which side: `source` or `target`.
    pub role: &'static str,
    /// Where a user is its own schema (Oracle): the datasource's user, upper-cased, as a
    /// literal, for comparison with the session's schema. Zero or one.
    pub user_upper_lit: Vec<String>,
}

/// The migration view of a run without version step scripts.
pub static NO_MIGRATION: MigrationView = MigrationView {
    registry: Vec::new(),
    tables: Vec::new(),
    indexes: Vec::new(),
    db2_schema: Vec::new(),
    db2_moves: Vec::new(),
    step: String::new(),
};

/// The expected catalog of a run without `--schema-after`.
pub static NO_EXPECTED: crate::model::expected::Expected = crate::model::expected::Expected {
    files: Vec::new(),
    tables: Vec::new(),
    indexes: Vec::new(),
};

/// The view one template receives.
pub struct View<'a> {
    pub rules: &'static DialectRules,
    /// The dialect plan's sync tables.
    pub sync: &'a [SyncTable],
    /// Zero or one guard (a loop in templates, so no conditionals are needed).
    pub guard: Vec<GuardView>,
    /// Zero or one schema the script sets right after its guard (a plain identifier: the config
    /// refuses any other).
    pub schema: Vec<String>,
    pub batch_size: u32,
    /// The version step scripts' data (01, 02, 03); [`NO_MIGRATION`] for the sync scripts.
    pub mig: &'a MigrationView,
    /// The compiled schema step a `4NN-schema-…` script writes; None for every other script.
    pub step: Option<&'a StepScript>,
    /// The precheck a `4NN-precheck-…` script writes; None for every other script.
    pub precheck: Option<&'a Precheck>,
    /// The post-migration schema check's expected catalog ([`NO_EXPECTED`] without one).
    pub verify: super::verify::VerifyView<'a>,
}

/// A UNIQUE / PRIMARY KEY / unique index a precheck tests: groups of rows sharing the key.
pub struct UniqueCheckView {
    pub table: String,
    /// The existing key columns, joined by `, ` (GROUP BY and the sample key).
    pub columns: String,
    /// Rows with a NULL in the key never collide: `A IS NOT NULL AND B IS NOT NULL`.
    pub not_null: String,
    /// The key as one text for dialects without CONCAT_WS: `A || '/' || B`.
    pub key_pipes: String,
    /// The key's columns as CONCAT arguments with `/` between them: `A, '/', B`.
    pub key_args: String,
    /// `'ismig precheck …: … would fail: '` as a literal: the count and samples follow.
    pub message_lit: String,
    pub comment: String,
}

/// A column check: the rows of `table` (all, or those with `column` NULL) must be none.
pub struct RowCheckView {
    pub table: String,
    pub column: String,
    /// The condition the rows must meet to count (`1 = 1` for every row).
    pub condition: String,
    pub message_lit: String,
    pub comment: String,
}

/// An index whose key bytes the precheck sums from the catalog (dialects with a key limit).
pub struct KeyLengthView {
    pub table_lit: String,
    /// `'A', 'B'`
    pub column_lits: String,
    /// `CASE COLUMN_NAME WHEN 'A' THEN 191 * … ELSE … END`: the bytes each column adds.
    pub bytes_expr: String,
    pub limit: usize,
    pub message_lit: String,
    pub comment: String,
}

impl View<'_> {
    fn checks(&self) -> impl Iterator<Item = &Check> + '_ {
        self.precheck.into_iter().flat_map(|p| p.checks.iter())
    }
    fn precheck_version(&self) -> &str {
        self.precheck.map_or("", |p| p.version.as_str())
    }
    pub fn unique_checks(&self) -> Vec<UniqueCheckView> {
        let v = self.precheck_version();
        self.checks()
            .filter_map(|c| match c {
                Check::Unique {
                    constraint,
                    kind,
                    table,
                    columns,
                    added,
                    source,
                } if !columns.is_empty() => {
                    let key: Vec<&str> = columns
                        .iter()
                        .map(String::as_str)
                        .chain(added.iter().map(String::as_str))
                        .collect();
                    Some(UniqueCheckView {
                        table: table.clone(),
                        columns: columns.join(", "),
                        key_pipes: columns.join(" || '/' || "),
                        key_args: columns.join(", '/', "),
                        not_null: columns
                            .iter()
                            .map(|c| format!("{c} IS NOT NULL"))
                            .collect::<Vec<_>>()
                            .join(" AND "),
                        // no comma: MySQL's sql_mode error quotes the text up to the first one
                        message_lit: sql_string(&format!(
                            "ismig precheck {v}: {kind} {constraint} on {table} ({}) would fail: duplicate keys (up to 5): ",
                            key.join(" / ")
                        )),
                        comment: super::script::comment_safe(&format!(
                            "{kind} {constraint} on {table} ({source}): no two rows may share ({})",
                            key.join(", ")
                        )),
                    })
                }
                _ => None,
            })
            .collect()
    }
    pub fn row_checks(&self) -> Vec<RowCheckView> {
        let v = self.precheck_version();
        self.checks()
            .filter_map(|c| match c {
                Check::NotNullAdded {
                    table,
                    column,
                    source,
                } => Some(RowCheckView {
                    table: table.clone(),
                    column: column.clone(),
                    condition: "1 = 1".to_string(),
                    message_lit: sql_string(&format!(
                        "ismig precheck {v}: NOT NULL column {column} without a default is added to {table}, which has rows: "
                    )),
                    comment: super::script::comment_safe(&format!(
                        "NOT NULL column {table}.{column} without a default ({source}): the table must be empty"
                    )),
                }),
                Check::NotNull {
                    table,
                    column,
                    source,
                } => Some(RowCheckView {
                    table: table.clone(),
                    column: column.clone(),
                    condition: format!("{column} IS NULL"),
                    message_lit: sql_string(&format!(
                        "ismig precheck {v}: {table}.{column} becomes NOT NULL but rows hold NULL: "
                    )),
                    comment: super::script::comment_safe(&format!(
                        "NOT NULL on {table}.{column} ({source}): no row may hold NULL"
                    )),
                }),
                _ => None,
            })
            .collect()
    }
    pub fn key_length_checks(&self) -> Vec<KeyLengthView> {
        let v = self.precheck_version();
        self.checks()
            .filter_map(|c| match c {
                Check::IndexKeyLength {
                    index,
                    table,
                    columns,
                    limit,
                    source,
                } => {
                    // a prefix counts its characters at the column's bytes per character
                    let whens: String = columns
                        .iter()
                        .filter_map(|(c, prefix)| {
                            prefix.map(|p| {
                                format!(
                                    " WHEN {} THEN {p} * COALESCE(CHARACTER_OCTET_LENGTH / CHARACTER_MAXIMUM_LENGTH, 1)",
                                    sql_string(&c.to_ascii_uppercase())
                                )
                            })
                        })
                        .collect();
                    let bytes = if whens.is_empty() {
                        "COALESCE(CHARACTER_OCTET_LENGTH, 8)".to_string()
                    } else {
                        format!(
                            "CASE UPPER(COLUMN_NAME){whens} ELSE COALESCE(CHARACTER_OCTET_LENGTH, 8) END"
                        )
                    };
                    Some(KeyLengthView {
                        table_lit: sql_string(table),
                        column_lits: columns
                            .iter()
                            .map(|(c, _)| sql_string(&c.to_ascii_uppercase()))
                            .collect::<Vec<_>>()
                            .join(", "),
                        bytes_expr: bytes,
                        limit: *limit,
                        message_lit: sql_string(&format!(
                            "ismig precheck {v}: the key of index {index} on {table} is longer than {limit} bytes: "
                        )),
                        comment: super::script::comment_safe(&format!(
                            "index {index} on {table} ({source}): key at most {limit} bytes"
                        )),
                    })
                }
                _ => None,
            })
            .collect()
    }
    /// What the precheck does not check, and why (comments).
    pub fn not_checked(&self) -> Vec<String> {
        self.checks()
            .filter_map(|c| match c {
                Check::NotChecked {
                    constraint,
                    table,
                    why,
                    source,
                } => Some(super::script::comment_safe(&format!(
                    "not checked: {constraint} on {table} ({source}): {why}"
                ))),
                Check::Unique {
                    constraint,
                    table,
                    columns,
                    source,
                    ..
                } if columns.is_empty() => Some(super::script::comment_safe(&format!(
                    "not checked: {constraint} on {table} ({source}): every key column is added by this version"
                ))),
                _ => None,
            })
            .collect()
    }
}

/// One statement of a dbscript in a compiled schema step: where it came from and what became of
/// it (a comment), then what it does, in order.
pub struct StepStatementView {
    pub comment: String,
    pub actions: Vec<StepActionView>,
}

/// One thing a compiled statement does: exactly one of the lists holds one entry (a template
/// loops over each).
#[derive(Default)]
pub struct StepActionView {
    pub create_table: Vec<CreateTableView>,
    pub add_column: Vec<AddColumnView>,
    pub drop_default: Vec<DropDefaultView>,
    pub change_type: Vec<ChangeTypeView>,
    pub create_index: Vec<CreateIndexView>,
    pub replace_unique: Vec<ReplaceUniqueView>,
    /// Kept as it is: a plain statement, or a procedural body (its own terminators inside).
    pub verbatim: Vec<String>,
    pub verbatim_block: Vec<String>,
    /// A procedure call: what follows CALL.
    pub call: Vec<String>,
}

pub struct CreateTableView {
    pub table: String,
    pub table_lit: String,
    /// The whole `CREATE TABLE …` as a string literal (for dialects that guard with dynamic SQL).
    pub ddl_lit: String,
    /// `( … )` and anything after it, as the dbscript wrote it.
    pub body: String,
}

pub struct AddColumnView {
    pub table: String,
    pub table_lit: String,
    pub column: String,
    pub column_lit: String,
    pub definition: String,
    /// The whole `ALTER TABLE … ADD …` as a string literal (for dialects that guard with dynamic SQL).
    pub ddl_lit: String,
}

pub struct ChangeTypeView {
    pub table: String,
    pub column: String,
    pub data_type: String,
}

pub struct DropDefaultView {
    pub table: String,
    pub column: String,
    pub table_lit: String,
    pub column_lit: String,
}

pub struct CreateIndexView {
    pub name: String,
    pub name_lit: String,
    pub table: String,
    pub table_lit: String,
    pub columns: String,
    /// `INDEX` or `UNIQUE INDEX`.
    pub index_word: &'static str,
    /// The whole `CREATE … INDEX …` as a string literal (for dialects that guard with dynamic SQL).
    pub ddl_lit: String,
}

pub struct ReplaceUniqueView {
    pub name: String,
    pub table: String,
    /// The key's and the table's names as the catalog stores them, as literals.
    pub name_lit: String,
    pub table_lit: String,
    /// The new columns, as the catalog stores them, joined by `,` (to compare with the key's).
    pub columns_lit: String,
    pub while_has: String,
    /// `,column,` of the column the key must still have, as the catalog stores it, as a literal.
    pub while_has_lit: String,
    /// `ALTER TABLE … DROP CONSTRAINT …` and `ALTER TABLE … ADD CONSTRAINT … UNIQUE (…)`, as
    /// string literals.
    pub drop_lit: String,
    pub add_lit: String,
}

impl View<'_> {
    /// The compiled schema step's statements, in dbscript order.
    pub fn step_statements(&self) -> impl Iterator<Item = StepStatementView> + '_ {
        let file = self.step.map_or("", |s| s.source.as_str());
        self.step
            .into_iter()
            .flat_map(|s| s.statements.iter())
            .map(move |c| step_statement(self.rules, file, c))
    }
}

fn step_statement(rules: &DialectRules, file: &str, c: &Compiled) -> StepStatementView {
    let lines = if c.last_line > c.line {
        format!("{}-{}", c.line, c.last_line)
    } else {
        c.line.to_string()
    };
    let mut s = StepStatementView {
        comment: super::script::comment_safe(&format!(
            "{file}:{lines} {}: {}",
            c.done.word(),
            c.note
        )),
        actions: Vec::with_capacity(c.actions.len()),
    };
    for a in &c.actions {
        let mut v = StepActionView::default();
        match a {
            Action::CreateTable { table, body } => v.create_table.push(CreateTableView {
                table_lit: sql_string(table),
                ddl_lit: sql_string(&format!("CREATE TABLE {table} {body}")),
                table: table.clone(),
                body: body.clone(),
            }),
            Action::AddColumn {
                table,
                column,
                definition,
            } => v.add_column.push(AddColumnView {
                table_lit: sql_string(table),
                column_lit: sql_string(column),
                ddl_lit: sql_string(&format!("ALTER TABLE {table} ADD {column} {definition}")),
                table: table.clone(),
                column: column.clone(),
                definition: definition.clone(),
            }),
            Action::ChangeType {
                table,
                column,
                data_type,
            } => v.change_type.push(ChangeTypeView {
                table: table.clone(),
                column: column.clone(),
                data_type: data_type.clone(),
            }),
            Action::DropDefault { table, column } => v.drop_default.push(DropDefaultView {
                table_lit: sql_string(table),
                column_lit: sql_string(column),
                table: table.clone(),
                column: column.clone(),
            }),
            Action::CreateIndex {
                name,
                table,
                columns,
                unique,
            } => {
                let index_word = if *unique { "UNIQUE INDEX" } else { "INDEX" };
                v.create_index.push(CreateIndexView {
                    name_lit: sql_string(name),
                    table_lit: sql_string(table),
                    ddl_lit: sql_string(&format!(
                        "CREATE {index_word} {name} ON {table} ({columns})"
                    )),
                    name: name.clone(),
                    table: table.clone(),
                    columns: columns.clone(),
                    index_word,
                })
            }
            Action::ReplaceUnique {
                name,
                table,
                columns,
                while_has,
            } => {
                let catalog: Vec<String> = columns.iter().map(|c| rules.catalog_name(c)).collect();
                v.replace_unique.push(ReplaceUniqueView {
                    name_lit: sql_string(&rules.catalog_name(name)),
                    table_lit: sql_string(&rules.catalog_name(table)),
                    columns_lit: sql_string(&catalog.join(",")),
                    while_has_lit: sql_string(&format!(",{},", rules.catalog_name(while_has))),
                    while_has: while_has.clone(),
                    drop_lit: sql_string(&format!("ALTER TABLE {table} DROP CONSTRAINT {name}")),
                    add_lit: sql_string(&format!(
                        "ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE ({})",
                        columns.join(", ")
                    )),
                    name: name.clone(),
                    table: table.clone(),
                })
            }
            Action::Call { call } => v.call.push(call.clone()),
            Action::Verbatim { text, block } => {
                if *block {
                    v.verbatim_block.push(text.clone());
                } else {
                    v.verbatim.push(text.clone());
                }
            }
        }
        s.actions.push(v);
    }
    s
}

impl<'a> View<'a> {
    pub fn tables(&self) -> impl Iterator<Item = TableView<'a>> + 'a {
        let rules = self.rules;
        self.sync.iter().map(move |t| TableView { rules, t })
    }
    /// Catalog literals of every table's names, joined by `, ` (for `IN (…)` lists in preflight
    /// and verify); `names` gives one table's (several for triggers).
    fn lits<F, I>(&self, names: F) -> impl Display + 'a
    where
        F: Fn(&'a SyncTable) -> I + 'a,
        I: Iterator<Item = &'a str>,
    {
        let (rules, sync) = (self.rules, self.sync);
        DisplayFn(move |f: &mut fmt::Formatter<'_>| {
            for (i, name) in sync.iter().flat_map(&names).enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write_lit(f, rules, name)?;
            }
            Ok(())
        })
    }
    pub fn journal_lits(&self) -> impl Display + 'a {
        self.lits(|t| std::iter::once(&*t.journal.name))
    }
    pub fn version_lits(&self) -> impl Display + 'a {
        self.lits(|t| std::iter::once(&*t.version.name))
    }
    pub fn source_lits(&self) -> impl Display + 'a {
        self.lits(|t| std::iter::once(&*t.source))
    }
    pub fn trigger_lits(&self) -> impl Display + 'a {
        self.lits(trigger_names)
    }
    /// The rehearsal of `80-rehearse-source.sql`: its statements, tables and checks.
    pub fn rehearsal(&self) -> super::rehearsal::Rehearsal<'a> {
        super::rehearsal::build(self.sync, self.rules, self.rules.rehearsal.start)
    }
    pub fn function_lits(&self) -> impl Display + 'a {
        self.lits(function_names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(items: &[&str]) -> String {
        DisplayFn(|f: &mut fmt::Formatter<'_>| {
            write_wrapped(f, items.iter().map(|n| ("", Cow::Borrowed(*n))))
        })
        .to_string()
    }

    fn rows(d: crate::dialect::Dialect, names: &[&str]) -> String {
        let rules = d.rules();
        DisplayFn(|f: &mut fmt::Formatter<'_>| write_rows(f, rules, names.iter().copied()))
            .to_string()
    }

    #[test]
    fn literal_rows_number_fold_and_wrap() {
        use crate::dialect::Dialect;
        assert_eq!(
            rows(Dialect::Postgresql, &["A", "it's"]),
            "(1, 'a'), (2, 'it''s')"
        );
        assert_eq!(
            rows(Dialect::Oracle, &["A"]),
            "SELECT 1 POS, 'A' NAME FROM DUAL"
        );
        let names: Vec<String> = (0..40).map(|i| format!("COLUMN_NUMBER_{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        for d in Dialect::ALL {
            let sep = d.rules().literal_rows.sep;
            let w = rows(d, &refs);
            assert!(w.starts_with('\n'), "{d}");
            for line in w.lines().skip(1) {
                assert!(
                    line.starts_with(LIST_INDENT) && line.len() <= LIST_WIDTH,
                    "{d}: {line:?}"
                );
            }
            // the same rows as one line, but for the line breaks after a separator
            let flat = w.trim_start().replace(&format!("\n{LIST_INDENT}"), " ");
            let one_line = refs
                .iter()
                .map(|n| rows(d, &[n]))
                .enumerate()
                .map(|(i, r)| r.replacen("1", &(i + 1).to_string(), 1))
                .collect::<Vec<_>>()
                .join(sep);
            assert_eq!(flat, one_line, "{d}");
        }
    }

    #[test]
    fn short_lists_stay_inline_long_ones_wrap() {
        assert_eq!(wrapped(&["A", "B", "ACTION"]), "A, B, ACTION");
        assert_eq!(wrapped(&[]), "");
        let names: Vec<String> = (0..30).map(|i| format!("COLUMN_NUMBER_{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let w = wrapped(&refs);
        assert!(w.starts_with('\n'));
        for line in w.lines().skip(1) {
            assert!(
                line.starts_with(LIST_INDENT) && line.len() <= LIST_WIDTH,
                "{line:?}"
            );
        }
        // nothing lost, nothing added
        let back: Vec<&str> = w.split(',').map(str::trim).collect();
        assert_eq!(back, refs);
        // lines are filled: the first item of each line would not have fitted on the one before
        let lines: Vec<&str> = w.lines().skip(1).collect();
        for pair in lines.windows(2) {
            let next_first = pair[1].trim().split(' ').next().unwrap_or("");
            assert!(
                pair[0].len() + 1 + next_first.len() > LIST_WIDTH,
                "{pair:?}"
            );
        }
    }

    #[test]
    fn literals_fold_and_double_quotes() {
        let pg = crate::dialect::Dialect::Postgresql.rules();
        let ora = crate::dialect::Dialect::Oracle.rules();
        assert_eq!(lit(pg, "IDN_Token").to_string(), "'idn_token'");
        assert_eq!(lit(ora, "idn_token").to_string(), "'IDN_TOKEN'");
        assert_eq!(lit(ora, "a'b").to_string(), "'A''B'");
        let long = "x".repeat(150) + "é'" + &"y".repeat(70);
        assert_eq!(
            lit(ora, &long).to_string(),
            sql_string(&long.to_ascii_uppercase())
        );
    }
}
