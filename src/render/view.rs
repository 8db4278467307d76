//! View-models for the templates: every name already fitted and spelled for the dialect, every
//! list already joined, every dialect-specific expression (row references, key comparisons,
//! joins) already built from the dialect's facts. Templates only substitute and loop.

use crate::dialect::{ColumnAccess, DialectRules};
use crate::model::{ChildTrigger, Event, SyncTable};

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

/// Joins items with `, `; a long list starts on a new indented line and fills lines up to
/// [`LIST_WIDTH`]. Items are identifiers or row references: none holds a comma or a newline.
pub fn wrap_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.collect();
    let flat = items.join(", ");
    if flat.len() <= LIST_INLINE {
        return flat;
    }
    let mut out = String::with_capacity(flat.len() + flat.len() / 8);
    let mut line = String::new();
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item},")
        } else {
            (*item).to_string()
        };
        if !line.is_empty() && LIST_INDENT.len() + line.len() + 1 + piece.len() > LIST_WIDTH {
            out.push('\n');
            out.push_str(LIST_INDENT);
            out.push_str(&line);
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    out.push('\n');
    out.push_str(LIST_INDENT);
    out.push_str(&line);
    out
}

/// One column of a journal table.
#[derive(Clone, Debug)]
pub struct ColumnView {
    pub name: String,
    /// Type as the journal table declares it.
    pub ty: String,
    /// 0-based position in the source row (H2's row arrays).
    pub index: usize,
}

/// One row trigger.
#[derive(Clone, Debug)]
pub struct TriggerView {
    pub name: String,
    /// The name as the catalog stores it, as a string literal.
    pub name_lit: String,
    /// PostgreSQL trigger function.
    pub function: String,
    pub function_lit: String,
    /// `INSERT`, `UPDATE`, `DELETE`.
    pub event: &'static str,
    /// The ACTION literal: `'INSERT'` …
    pub action_lit: String,
}

/// A child-cleanup trigger (AFTER DELETE on the parent).
#[derive(Clone, Debug)]
pub struct ChildView {
    pub name: String,
    pub name_lit: String,
    /// Index on the child journal's foreign-key columns, and those columns: `TOKEN_ID`.
    pub index: String,
    pub index_lit: String,
    pub child_cols: String,
    pub child_journal_lit: String,
    pub function: String,
    pub function_lit: String,
    pub parent: String,
    pub child: String,
    pub child_journal: String,
    /// `CHILDCOL = OLD.PARENTCOL AND …` (row-level dialects, old-row prefix).
    pub where_old: String,
    /// `j.CHILDCOL = d.PARENTCOL AND …` (MSSQL, journal alias j, DELETED alias d).
    pub join_deleted: String,
    /// `CHILDCOL = ? AND …` (H2 prepared statement).
    pub where_params: String,
    /// Java array of parent row indexes for the parameters: `0, 2`.
    pub parent_indexes: String,
    pub cascade: bool,
}

/// Everything about one sync table, ready to paste.
#[derive(Clone, Debug)]
pub struct TableView {
    pub source: String,
    pub source_lit: String,
    pub journal: String,
    pub journal_lit: String,
    pub version: String,
    pub version_lit: String,
    pub columns: Vec<ColumnView>,
    /// Journal data columns: `A, B, C`.
    pub cols: String,
    /// Data columns then ACTION: `A, B, C, ACTION`.
    pub cols_action: String,
    /// New-row values: `NEW.A, NEW.B` (`:NEW.`, `N.`, `i.`).
    pub new_vals: String,
    /// Old-row values: `OLD.A, OLD.B`.
    pub old_vals: String,
    /// MSSQL INSERT/UPDATE values: `i.A, b.TEXTCOL` (join-back columns from the base table `b`).
    pub ins_vals: String,
    /// MSSQL DELETE values: `d.A, NULL` (join-back columns are NULL).
    pub del_vals: String,
    /// MSSQL source of INSERT/UPDATE rows: `INSERTED i` or `INSERTED i JOIN T b ON b.K = i.K`.
    pub ins_from: String,
    /// Primary-key columns: `K1, K2`.
    pub pk_cols: String,
    /// A primary-key column changed: `OLD.K1 <> NEW.K1 OR …` (row-level dialects).
    pub pk_changed: String,
    /// MSSQL: `i.K1 = d.K1 AND …`.
    pub pk_join: String,
    /// Java array of primary-key indexes: `0, 2`.
    pub pk_indexes: String,
    /// `?, ?, ?` — one per data column (H2).
    pub params: String,
    pub column_count: usize,
    pub insert: TriggerView,
    pub update: TriggerView,
    pub delete: TriggerView,
    pub triggers: Vec<TriggerView>,
    /// Child-cleanup triggers ON this table (it is the parent).
    pub children: Vec<ChildView>,
    /// The same lists laid out for review: a short list stays on its line, a long one continues
    /// on indented lines of at most ~100 characters (SQL only: H2's Java strings use the flat ones).
    pub cols_action_w: String,
    pub new_vals_w: String,
    pub old_vals_w: String,
    pub ins_vals_w: String,
    pub del_vals_w: String,
    /// The columns again, for DDL written inside a string literal (Oracle / DB2 `EXECUTE
    /// IMMEDIATE '…'`): any `'` in a type is doubled. Names are plain identifiers already.
    pub columns_in_lit: Vec<ColumnView>,
}

fn lit(rules: &DialectRules, name: &str) -> String {
    sql_string(&rules.catalog_name(name))
}

fn trigger_view(rules: &DialectRules, t: &crate::model::Trigger) -> TriggerView {
    TriggerView {
        name: rules.ident(&t.name.name),
        name_lit: lit(rules, &t.name.name),
        function: rules.ident(&t.function.name),
        function_lit: lit(rules, &t.function.name),
        event: t.event.action(),
        action_lit: sql_string(t.event.action()),
    }
}

fn child_view(rules: &DialectRules, parent: &SyncTable, c: &ChildTrigger) -> ChildView {
    let and = |f: &dyn Fn(&(String, String)) -> String| {
        c.pairs.iter().map(f).collect::<Vec<_>>().join(" AND ")
    };
    let parent_index = |col: &str| {
        parent
            .columns
            .iter()
            .position(|pc| pc.name.eq_ignore_ascii_case(col))
            .unwrap_or(0)
            .to_string()
    };
    ChildView {
        name: rules.ident(&c.name.name),
        name_lit: lit(rules, &c.name.name),
        index: rules.ident(&c.index.name),
        index_lit: lit(rules, &c.index.name),
        child_cols: c
            .pairs
            .iter()
            .map(|(ch, _)| rules.ident(ch))
            .collect::<Vec<_>>()
            .join(", "),
        child_journal_lit: lit(rules, &c.child_journal),
        function: rules.ident(&c.function.name),
        function_lit: lit(rules, &c.function.name),
        parent: rules.ident(&c.parent),
        child: rules.ident(&c.child),
        child_journal: rules.ident(&c.child_journal),
        where_old: and(&|(ch, pa)| {
            format!("{} = {}{}", rules.ident(ch), rules.old_row, rules.ident(pa))
        }),
        join_deleted: and(&|(ch, pa)| format!("j.{} = d.{}", rules.ident(ch), rules.ident(pa))),
        where_params: and(&|(ch, _)| format!("{} = ?", rules.ident(ch))),
        parent_indexes: c
            .pairs
            .iter()
            .map(|(_, pa)| parent_index(pa))
            .collect::<Vec<_>>()
            .join(", "),
        cascade: c.cascade,
    }
}

/// Builds the view of one sync table for a dialect.
pub fn table_view(rules: &DialectRules, t: &SyncTable) -> TableView {
    let id = |s: &str| rules.ident(s);
    let join = |v: Vec<String>, sep: &str| v.join(sep);
    let names: Vec<String> = t.columns.iter().map(|c| id(&c.name)).collect();
    let columns: Vec<ColumnView> = t
        .columns
        .iter()
        .enumerate()
        .map(|(index, c)| ColumnView {
            name: id(&c.name),
            ty: rules.journal_type(&c.ty),
            index,
        })
        .collect();
    let new_vals = join(
        names
            .iter()
            .map(|n| format!("{}{n}", rules.new_row))
            .collect(),
        ", ",
    );
    let old_vals = join(
        names
            .iter()
            .map(|n| format!("{}{n}", rules.old_row))
            .collect(),
        ", ",
    );
    let join_back = t.columns.iter().any(|c| c.access == ColumnAccess::JoinBack);
    let ins_vals = join(
        t.columns
            .iter()
            .map(|c| {
                if c.access == ColumnAccess::JoinBack {
                    format!("b.{}", id(&c.name))
                } else {
                    format!("i.{}", id(&c.name))
                }
            })
            .collect(),
        ", ",
    );
    let del_vals = join(
        t.columns
            .iter()
            .map(|c| {
                if c.access == ColumnAccess::JoinBack {
                    "NULL".to_string()
                } else {
                    format!("d.{}", id(&c.name))
                }
            })
            .collect(),
        ", ",
    );
    let pk: Vec<String> = t.primary_key.iter().map(|k| id(k)).collect();
    let ins_from = if join_back {
        format!(
            "INSERTED i JOIN {} b ON {}",
            id(&t.source),
            join(
                pk.iter().map(|k| format!("b.{k} = i.{k}")).collect(),
                " AND "
            )
        )
    } else {
        "INSERTED i".to_string()
    };
    let pk_indexes = t
        .primary_key
        .iter()
        .map(|k| {
            t.columns
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case(k))
                .unwrap_or(0)
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(", ");
    let trig = |ev: Event| {
        t.triggers
            .iter()
            .find(|x| x.event == ev)
            .map(|x| trigger_view(rules, x))
    };
    let fallback = TriggerView {
        name: String::new(),
        name_lit: String::new(),
        function: String::new(),
        function_lit: String::new(),
        event: "",
        action_lit: String::new(),
    };
    let insert = trig(Event::Insert).unwrap_or_else(|| fallback.clone());
    let update = trig(Event::Update).unwrap_or_else(|| fallback.clone());
    let delete = trig(Event::Delete).unwrap_or(fallback);
    TableView {
        source: id(&t.source),
        source_lit: lit(rules, &t.source),
        journal: id(&t.journal.name),
        journal_lit: lit(rules, &t.journal.name),
        version: id(&t.version.name),
        version_lit: lit(rules, &t.version.name),
        cols: join(names.clone(), ", "),
        cols_action: join(
            names
                .iter()
                .cloned()
                .chain(std::iter::once("ACTION".to_string()))
                .collect(),
            ", ",
        ),
        cols_action_w: wrap_list(
            names
                .iter()
                .map(String::as_str)
                .chain(std::iter::once("ACTION")),
        ),
        new_vals_w: wrap_list(new_vals.split(", ")),
        old_vals_w: wrap_list(old_vals.split(", ")),
        ins_vals_w: wrap_list(ins_vals.split(", ")),
        del_vals_w: wrap_list(del_vals.split(", ")),
        new_vals,
        old_vals,
        ins_vals,
        del_vals,
        ins_from,
        pk_cols: join(pk.clone(), ", "),
        pk_changed: join(
            pk.iter()
                .map(|k| format!("{}{k} <> {}{k}", rules.old_row, rules.new_row))
                .collect(),
            " OR ",
        ),
        pk_join: join(
            pk.iter().map(|k| format!("i.{k} = d.{k}")).collect(),
            " AND ",
        ),
        pk_indexes,
        params: vec!["?"; names.len()].join(", "),
        column_count: names.len(),
        triggers: vec![insert.clone(), update.clone(), delete.clone()],
        insert,
        update,
        delete,
        children: t.children.iter().map(|c| child_view(rules, t, c)).collect(),
        columns_in_lit: columns
            .iter()
            .map(|c| ColumnView {
                ty: c.ty.replace('\'', "''"),
                ..c.clone()
            })
            .collect(),
        columns,
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
}

/// The view one template receives.
#[derive(Clone, Debug)]
pub struct View {
    pub tables: Vec<TableView>,
    /// Zero or one guard (a loop in templates, so no conditionals are needed).
    pub guard: Vec<GuardView>,
    pub batch_size: u32,
    /// Every journal / version / trigger / function name, as catalog literals joined by `, `
    /// (for `IN (…)` lists in preflight and verify).
    pub journal_lits: String,
    pub version_lits: String,
    pub trigger_lits: String,
    pub function_lits: String,
    pub source_lits: String,
    /// The 5.9.0 migration scripts' data (01, 02, 03); empty for the sync scripts.
    pub mig: super::migration::MigrationView,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lists_stay_inline_long_ones_wrap() {
        assert_eq!(wrap_list(["A", "B", "ACTION"].into_iter()), "A, B, ACTION");
        let names: Vec<String> = (0..30).map(|i| format!("COLUMN_NUMBER_{i}")).collect();
        let w = wrap_list(names.iter().map(String::as_str));
        assert!(w.starts_with('\n'));
        for line in w.lines().skip(1) {
            assert!(
                line.starts_with(LIST_INDENT) && line.len() <= LIST_WIDTH,
                "{line:?}"
            );
        }
        // nothing lost, nothing added
        let back: Vec<&str> = w.split(',').map(str::trim).collect();
        assert_eq!(back, names.iter().map(String::as_str).collect::<Vec<_>>());
    }
}
