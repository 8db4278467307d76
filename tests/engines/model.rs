//! The DML a scenario runs and the journal rows it must leave, both derived from the same values
//! written here (never from reading the database back).

use std::collections::BTreeMap;

use crate::harness::{Kind, Row};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Num,
    Str,
    Ts,
    Bin,
}

#[derive(Clone, Debug)]
pub struct Table {
    pub name: &'static str,
    pub journal: &'static str,
    pub cols: Vec<(&'static str, Ty)>,
    pub pk: Vec<&'static str>,
}

impl Table {
    fn idx(&self, col: &str) -> usize {
        self.cols
            .iter()
            .position(|(c, _)| *c == col)
            .unwrap_or_else(|| panic!("{}: no column {col}", self.name))
    }
    fn key(&self, row: &Row) -> Row {
        self.pk.iter().map(|c| row[self.idx(c)].clone()).collect()
    }
}

/// One expected journal row: the values of the source columns, then ACTION. `group` is the
/// statement that wrote it; rows of one multi-row statement may come in any order.
#[derive(Clone, Debug)]
pub struct Exp {
    pub group: usize,
    pub ordered: bool,
    pub vals: Row,
    pub action: &'static str,
}

pub struct Model {
    pub kind: Kind,
    pub tables: Vec<Table>,
    /// Current content of each source table.
    pub state: BTreeMap<&'static str, Vec<Row>>,
    pub journal: BTreeMap<&'static str, Vec<Exp>>,
    pub sql: Vec<String>,
    group: usize,
}

pub fn v(s: &str) -> Option<String> {
    Some(s.to_string())
}

pub const NULL: Option<String> = None;

impl Model {
    pub fn new(kind: Kind, tables: Vec<Table>) -> Model {
        Model {
            kind,
            state: tables.iter().map(|t| (t.name, Vec::new())).collect(),
            journal: tables.iter().map(|t| (t.name, Vec::new())).collect(),
            tables,
            sql: Vec::new(),
            group: 0,
        }
    }

    pub fn table(&self, name: &str) -> &Table {
        self.tables
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no table {name}"))
    }

    fn lit(&self, ty: Ty, v: &Option<String>) -> String {
        match (v, ty) {
            (None, _) => "NULL".into(),
            (Some(s), Ty::Num) => s.clone(),
            (Some(s), Ty::Ts) => format!("TIMESTAMP '{s}'"),
            (Some(s), Ty::Str) => format!("'{}'", s.replace('\'', "''")),
            (Some(h), Ty::Bin) => match self.kind {
                Kind::Pg => format!("decode('{h}', 'hex')"),
                Kind::My | Kind::H2 => format!("X'{h}'"),
            },
        }
    }

    fn where_keys(&self, t: &Table, keys: &[Row]) -> String {
        keys.iter()
            .map(|k| {
                let conds: Vec<String> =
                    t.pk.iter()
                        .zip(k)
                        .map(|(c, v)| format!("{c} = {}", self.lit(t.cols[t.idx(c)].1, v)))
                        .collect();
                format!("({})", conds.join(" AND "))
            })
            .collect::<Vec<_>>()
            .join(" OR ")
    }

    fn push(&mut self, table: &'static str, ordered: bool, rows: Vec<(Row, &'static str)>) {
        let g = self.group;
        let j = self.journal.entry(table).or_default();
        for (vals, action) in rows {
            j.push(Exp {
                group: g,
                ordered,
                vals,
                action,
            });
        }
    }

    /// `INSERT INTO t (all columns) VALUES (…), (…)` — one statement.
    pub fn insert(&mut self, table: &'static str, rows: Vec<Row>) {
        self.group += 1;
        let t = self.table(table).clone();
        let cols: Vec<&str> = t.cols.iter().map(|(c, _)| *c).collect();
        let values: Vec<String> = rows
            .iter()
            .map(|r| {
                assert_eq!(r.len(), t.cols.len(), "{table}: row width");
                let vs: Vec<String> = t
                    .cols
                    .iter()
                    .zip(r)
                    .map(|((_, ty), v)| self.lit(*ty, v))
                    .collect();
                format!("({})", vs.join(", "))
            })
            .collect();
        self.sql.push(format!(
            "INSERT INTO {table} ({}) VALUES {}",
            cols.join(", "),
            values.join(", ")
        ));
        self.state.entry(table).or_default().extend(rows.clone());
        self.push(
            table,
            true,
            rows.into_iter().map(|r| (r, "INSERT")).collect(),
        );
    }

    /// `UPDATE t SET … WHERE <the rows with these keys>`.
    pub fn update(&mut self, table: &'static str, set: &[(&str, Option<String>)], keys: &[Row]) {
        self.group += 1;
        let t = self.table(table).clone();
        let sets: Vec<String> = set
            .iter()
            .map(|(c, v)| format!("{c} = {}", self.lit(t.cols[t.idx(c)].1, v)))
            .collect();
        self.sql.push(format!(
            "UPDATE {table} SET {} WHERE {}",
            sets.join(", "),
            self.where_keys(&t, keys)
        ));
        let mut out = Vec::new();
        let rows = self.state.get_mut(table).unwrap();
        let mut hit = 0;
        for r in rows.iter_mut() {
            if keys.contains(&t.key(r)) {
                hit += 1;
                let old = r.clone();
                for (c, v) in set {
                    r[t.idx(c)] = v.clone();
                }
                if t.key(&old) != t.key(r) {
                    out.push((old, "DELETE"));
                }
                out.push((r.clone(), "UPDATE"));
            }
        }
        assert_eq!(hit, keys.len(), "{table}: update keys must all exist");
        self.push(table, hit == 1, out);
    }

    /// `DELETE FROM t WHERE <the rows with these keys>`; returns the deleted rows.
    pub fn delete(&mut self, table: &'static str, keys: &[Row]) -> Vec<Row> {
        self.group += 1;
        let t = self.table(table).clone();
        self.sql.push(format!(
            "DELETE FROM {table} WHERE {}",
            self.where_keys(&t, keys)
        ));
        let rows = self.state.get_mut(table).unwrap();
        let (gone, keep): (Vec<Row>, Vec<Row>) =
            rows.drain(..).partition(|r| keys.contains(&t.key(r)));
        *rows = keep;
        assert_eq!(
            gone.len(),
            keys.len(),
            "{table}: delete keys must all exist"
        );
        self.push(
            table,
            gone.len() == 1,
            gone.iter().map(|r| (r.clone(), "DELETE")).collect(),
        );
        gone
    }

    /// A parent delete whose ON DELETE CASCADE removes child rows: the child-cleanup trigger
    /// turns the child's pending journal rows for the parent key into DELETE rows; where the
    /// engine fires the child's own triggers on a cascade, the cascaded rows add DELETE rows.
    pub fn delete_parent(
        &mut self,
        parent: &'static str,
        keys: &[Row],
        child: &'static str,
        fk: &[(&str, &str)],
        cascade_fires_child_triggers: bool,
    ) {
        let gone = self.delete(parent, keys);
        let p = self.table(parent).clone();
        let c = self.table(child).clone();
        let matches =
            |row: &Row, prow: &Row| fk.iter().all(|(cc, pc)| row[c.idx(cc)] == prow[p.idx(pc)]);
        for e in self.journal.get_mut(child).unwrap().iter_mut() {
            if e.action != "DELETE" && gone.iter().any(|g| matches(&e.vals, g)) {
                e.action = "DELETE";
            }
        }
        let rows = self.state.get_mut(child).unwrap();
        let (cascaded, keep): (Vec<Row>, Vec<Row>) = rows
            .drain(..)
            .partition(|r| gone.iter().any(|g| matches(r, g)));
        *rows = keep;
        if cascade_fires_child_triggers && !cascaded.is_empty() {
            self.group += 1;
            let n = cascaded.len();
            self.push(
                child,
                n == 1,
                cascaded.into_iter().map(|r| (r, "DELETE")).collect(),
            );
        }
    }

    /// The DML as one script for the engine's client.
    pub fn script(&self) -> String {
        let mut s = String::new();
        for q in &self.sql {
            s.push_str(q);
            s.push_str(";\n");
        }
        s
    }
}

/// Normalises what a client prints for a value so the engines compare alike: timestamps lose a
/// zero fraction, PostgreSQL's `\x` bytea prefix and MySQL's upper-case hex go.
pub fn norm(ty: Ty, v: &Option<String>) -> Option<String> {
    let s = v.as_ref()?;
    Some(match ty {
        Ty::Ts => match s.split_once('.') {
            Some((a, f)) if f.chars().all(|c| c == '0') => a.to_string(),
            _ => s.clone(),
        },
        Ty::Bin => s.strip_prefix("\\x").unwrap_or(s).to_ascii_lowercase(),
        _ => s.clone(),
    })
}

/// Compares the journal read back (source columns, SYNC_ID, ACTION; ordered by SYNC_ID) with the
/// expectation. Returns the number of rows checked.
pub fn check_journal(t: &Table, exp: &[Exp], got: &[Row]) -> usize {
    let n = t.cols.len();
    let fmt = |r: &Row| {
        r.iter()
            .map(|v| v.clone().unwrap_or_else(|| "NULL".into()))
            .map(|s| {
                if s.len() > 40 {
                    format!(
                        "{}…({} chars)",
                        &s[..s.char_indices().nth(30).map_or(s.len(), |x| x.0)],
                        s.chars().count()
                    )
                } else {
                    s
                }
            })
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let got_n: Vec<(Row, String, i64)> =
        got.iter()
            .map(|r| {
                assert_eq!(
                    r.len(),
                    n + 2,
                    "{}: journal row width: {}",
                    t.journal,
                    fmt(r)
                );
                let vals: Row = t
                    .cols
                    .iter()
                    .zip(r)
                    .map(|((_, ty), v)| norm(*ty, v))
                    .collect();
                let id: i64 = r[n].as_deref().unwrap_or("").parse().unwrap_or_else(|_| {
                    panic!("{}: SYNC_ID {:?} is not a number", t.journal, r[n])
                });
                (vals, r[n + 1].clone().unwrap_or_default(), id)
            })
            .collect();
    let exp_n: Vec<(Row, String)> = exp
        .iter()
        .map(|e| {
            (
                t.cols
                    .iter()
                    .zip(&e.vals)
                    .map(|((_, ty), v)| norm(*ty, v))
                    .collect(),
                e.action.to_string(),
            )
        })
        .collect();
    let listing = |rows: &[(Row, String)]| {
        rows.iter()
            .map(|(r, a)| format!("  {a}: {}", fmt(r)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let got_pairs: Vec<(Row, String)> = got_n
        .iter()
        .map(|(r, a, _)| (r.clone(), a.clone()))
        .collect();
    assert_eq!(
        got_pairs.len(),
        exp_n.len(),
        "{}: journal has {} rows, expected {}\n-- got\n{}\n-- expected\n{}",
        t.journal,
        got_pairs.len(),
        exp_n.len(),
        listing(&got_pairs),
        listing(&exp_n)
    );
    // SYNC_ID: 1, 2, 3, … with no gap (a gap ≥ batchSize stalls WSO2's runtime)
    for (i, (_, _, id)) in got_n.iter().enumerate() {
        assert_eq!(*id, i as i64 + 1, "{}: SYNC_IDs not 1..n", t.journal);
    }
    // statement by statement: a multi-row statement's rows may come in any order
    let mut i = 0;
    while i < exp.len() {
        let mut j = i;
        while j < exp.len() && exp[j].group == exp[i].group {
            j += 1;
        }
        let mut e: Vec<(Row, String)> = exp_n[i..j].to_vec();
        let mut g: Vec<(Row, String)> = got_pairs[i..j].to_vec();
        if !exp[i].ordered {
            e.sort();
            g.sort();
        }
        assert!(
            e == g,
            "{}: journal rows {}..{} (SYNC_ID order) differ\n-- got\n{}\n-- expected\n{}\n-- whole journal got\n{}\n-- whole journal expected\n{}",
            t.journal,
            i + 1,
            j,
            listing(&g),
            listing(&e),
            listing(&got_pairs),
            listing(&exp_n)
        );
        i = j;
    }
    exp.len()
}
