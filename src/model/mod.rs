//! The `model` stage: [`Config`] + [`Schema`] → [`Plan`], dialect-neutral. For each sync table it
//! decides the journal table (`<T>_S`: every source column, then `SYNC_ID`, then `ACTION`), the
//! three AFTER row triggers, the child-cleanup triggers and the target version table (`<T>_SV`),
//! with WSO2's names (`naming`), then checks every name against the dialect's limit, every other
//! generated name and every schema table. No SQL text here: names, columns, events, decisions.
//! Only the sync tables of the [`Schema`] are parsed; every other table is known by name, which is
//! all the model asks of it. Sync tables WSO2's runtime does not support get one W003 each for
//! the first three, then a single W003 counting and naming (the first ten of) the rest. With
//! `--schema-after`, each dialect's plan also holds the catalog the migrated target should have
//! (`expected`).

pub mod expected;
pub mod naming;
pub mod steps;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::{Config, SUPPORTED_SYNC_TABLES};
use crate::diag::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::dialect::{ColumnAccess, Dialect, is_plain_identifier};
use crate::nocase::{Map, NoCase, map_with_capacity};
use crate::schema::Schema;
/// A table the sync does not carry and its columns, as the schema creates them: part of the plan
/// (the rehearsal inserts a row into it).
pub use crate::schema::{Column as OutsideColumn, Table as OutsideTable};
/// A column's type as the schema declares it: part of the plan (render writes journal columns
/// from it).
pub use crate::schema::{ColumnType, TypeClass};

/// Row events a trigger fires on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Event {
    Insert,
    Update,
    Delete,
}

impl Event {
    pub const ALL: [Event; 3] = [Event::Insert, Event::Update, Event::Delete];
    /// The ACTION value WSO2's runtime reads.
    pub fn action(self) -> &'static str {
        match self {
            Event::Insert => "INSERT",
            Event::Update => "UPDATE",
            Event::Delete => "DELETE",
        }
    }
}

/// What kind of object a generated name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectKind {
    JournalTable,
    VersionTable,
    Trigger,
    TriggerFunction,
    ChildTrigger,
    /// Index on a child journal's foreign-key columns, so the child-cleanup trigger does not scan
    /// the whole journal on every parent delete.
    JournalIndex,
}

/// A generated object name, with the full name WSO2's rule cut it from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Name {
    /// Boxed, not a `String`: a plan of 10,000 tables holds 80,000 names.
    pub name: Box<str>,
    pub kind: ObjectKind,
    /// The uncut name (`<table><suffix>`), when it was cut.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full: Option<Box<str>>,
    /// The table the object belongs to.
    pub table: std::sync::Arc<str>,
}

/// One column of a journal table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JournalColumn {
    pub name: std::sync::Arc<str>,
    pub ty: std::sync::Arc<ColumnType>,
    /// Part of the source table's primary key.
    pub key: bool,
    pub access: ColumnAccess,
    /// The schema allows NULL in the column (the rehearsal sets only such a column to NULL).
    #[serde(skip)]
    pub nullable: bool,
    /// Part of a foreign key to a table that is not synced.
    #[serde(skip)]
    pub outside: Option<Box<Outside>>,
}

/// A foreign-key column's table that the sync does not carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outside {
    pub table: String,
    pub column: String,
    /// That table as the schema creates it, when it parsed: the rehearsal inserts a row into it.
    pub parent: Option<std::sync::Arc<OutsideTable>>,
}

/// A row trigger on a sync table writing its journal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Trigger {
    pub name: Name,
    pub event: Event,
    /// Trigger function name for dialects that need one (PostgreSQL): `<trigger>_FUNCTION`.
    pub function: Name,
}

/// An AFTER DELETE trigger on a parent sync table removing a child's pending journal rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChildTrigger {
    pub name: Name,
    pub function: Name,
    /// Index on the child journal's foreign-key columns (`<child>_FI<n>`).
    pub index: Name,
    /// Table the trigger is on (the parent).
    pub parent: std::sync::Arc<str>,
    pub child: std::sync::Arc<str>,
    pub child_journal: String,
    /// (child column, parent column) pairs of the foreign key.
    pub pairs: Vec<(String, String)>,
    /// The schema declares ON DELETE CASCADE.
    pub cascade: bool,
}

/// Everything generated for one sync table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyncTable {
    /// The sync table's name, shared with its objects' names.
    pub source: std::sync::Arc<str>,
    pub journal: Name,
    pub version: Name,
    pub columns: Vec<JournalColumn>,
    pub primary_key: Vec<String>,
    /// Insert, update, delete (in [`Event::ALL`] order).
    pub triggers: [Trigger; 3],
    pub children: Vec<ChildTrigger>,
    /// WSO2's runtime supports this table.
    pub supported: bool,
}

/// A decision worth a line in PLAN.md and report.json.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub table: String,
    pub column: Option<String>,
    pub text: String,
}

/// The sync objects of one dialect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DialectPlan {
    pub dialect: Dialect,
    /// The schema DDL files this dialect's plan was made from (display path, sha256).
    pub schema_files: Vec<(String, String)>,
    pub tables: Vec<SyncTable>,
    pub decisions: Vec<Decision>,
    /// The fresh-install schema the post-migration check compares the target with
    /// (`--schema-after`), when given.
    #[serde(skip)]
    pub after: Option<expected::Expected>,
}

impl SyncTable {
    /// The names of the objects this table gets in `dialect`, in order: journal, version, each row
    /// trigger (and its trigger function, where the dialect has them), each child-cleanup trigger
    /// (its function) and its index.
    pub fn names(&self, dialect: Dialect) -> impl Iterator<Item = &Name> {
        let functions = dialect.rules().needs_trigger_functions;
        let triggers = self.triggers.iter().flat_map(|t| [&t.name, &t.function]);
        let children = self
            .children
            .iter()
            .flat_map(|c| [&c.name, &c.function, &c.index]);
        [&self.journal, &self.version]
            .into_iter()
            .chain(triggers)
            .chain(children)
            .filter(move |n| functions || n.kind != ObjectKind::TriggerFunction)
    }
}

impl DialectPlan {
    /// Every name this dialect's plan creates, in plan order.
    pub fn names(&self) -> impl Iterator<Item = &Name> {
        self.tables.iter().flat_map(|t| t.names(self.dialect))
    }
}

/// The whole dialect-neutral plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub dialects: Vec<DialectPlan>,
    pub batch_size: u32,
    pub sync_interval_ms: u64,
    /// The migration client's schema steps, compiled, per dialect that compiles them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub client: Vec<steps::ClientPlan>,
}

/// Builds the plan for every dialect in `config.dialects` that has a schema; `after` holds the
/// fresh-install schemas of `--schema-after`, read whole.
pub fn plan(
    config: &Config,
    mut schemas: BTreeMap<Dialect, Schema>,
    mut after: BTreeMap<Dialect, Schema>,
) -> (Plan, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut out = Plan {
        dialects: Vec::new(),
        batch_size: config.sync.as_ref().map(|s| s.batch_size).unwrap_or(100),
        sync_interval_ms: config
            .sync
            .as_ref()
            .map(|s| s.sync_interval_ms)
            .unwrap_or(5000),
        client: Vec::new(),
    };
    let Some(sync) = &config.sync else {
        return (out, diags);
    };
    for dialect in &config.dialects {
        let Some(schema) = schemas.remove(dialect) else {
            continue;
        };
        let tables: Vec<(String, Option<Location>)> = sync
            .sync_tables
            .iter()
            .map(|t| (t.value.clone(), t.location.clone()))
            .collect();
        let mut dp = plan_dialect(*dialect, &tables, schema, &mut diags);
        dp.after = after
            .remove(dialect)
            .map(|s| expected::expected(*dialect, s, &mut diags));
        out.dialects.push(dp);
    }
    (out, diags)
}

/// Plans one dialect: the sync tables named (with where they were named) against its schema.
/// The schema is consumed: each sync table's columns move into the plan as it is planned (a
/// schema of 10,000 tables and its plan are not held whole side by side).
pub fn plan_dialect(
    dialect: Dialect,
    tables: &[(String, Option<Location>)],
    mut schema: Schema,
    diags: &mut Diagnostics,
) -> DialectPlan {
    let mut dp = DialectPlan {
        dialect,
        schema_files: std::mem::take(&mut schema.files),
        tables: Vec::with_capacity(tables.len()),
        decisions: Vec::new(),
        after: None,
    };
    // the columns, out of the tables: taken by the plan one table at a time
    let mut schema_columns: Vec<Vec<crate::schema::Column>> = schema
        .tables
        .iter_mut()
        .map(|t| std::mem::take(&mut t.columns))
        .collect();
    let schema = &schema;
    // One index of the schema's tables: a lookup per sync table, not a scan (O(N), not O(N²)).
    // The first table of a name wins, as with `Schema::table`.
    let mut by_name: Map<NoCase<&str>, usize> = map_with_capacity(schema.tables.len());
    for (i, t) in schema.tables.iter().enumerate() {
        by_name.entry(NoCase(&t.name)).or_insert(i);
    }
    let lookup = |name: &str| by_name.get(&NoCase(name)).copied();
    // how many sync tables still to plan name each schema table: the last one takes its
    // columns, any earlier one (a name listed twice) copies them
    let mut uses: Vec<u32> = vec![0; schema.tables.len()];
    for (name, _) in tables {
        if let Some(i) = lookup(name) {
            uses[i] += 1;
        }
    }
    // the schema table each planned table was made from
    let mut planned_from: Vec<usize> = Vec::with_capacity(tables.len());
    // sync tables WSO2's runtime does not support, in syncTables order (W003)
    let mut unsupported: Vec<(&str, Option<Location>)> = Vec::new();
    // each sync table's schema table and columns, in syncTables order
    let to_plan: Vec<TableToPlan<'_>> = tables
        .iter()
        .map(|(name, loc)| {
            let found = lookup(name).map(|at| {
                uses[at] = uses[at].saturating_sub(1);
                let columns = if uses[at] == 0 {
                    std::mem::take(&mut schema_columns[at])
                } else {
                    schema_columns[at].clone()
                };
                (at, columns)
            });
            TableToPlan { name, loc, found }
        })
        .collect();
    let files_shown = schema_files(&dp);
    for table in to_plan {
        let p = plan_table(dialect, schema, &files_shown, table);
        take_planned(p, &mut dp, &mut unsupported, &mut planned_from, diags);
    }

    unsupported_warnings(&unsupported, diags);

    // Child-cleanup triggers: a foreign key from one sync table (child) to another (parent).
    // first position in the plan of each schema table planned, as `position` would find it
    let mut planned_at: Vec<Option<usize>> = vec![None; schema.tables.len()];
    for (i, &at) in planned_from.iter().enumerate() {
        planned_at[at].get_or_insert(i);
    }
    // each child's triggers, in plan order of the children
    let mut made: Vec<(usize, ChildTrigger)> = Vec::new();
    let outside_parents: Vec<std::sync::Arc<crate::schema::Table>> = schema
        .parents
        .iter()
        .map(|t| std::sync::Arc::new(t.clone()))
        .collect();
    for (ci, &at) in planned_from.iter().enumerate() {
        let child = &schema.tables[at];
        let mut n = 0usize;
        for fk in &child.foreign_keys {
            let Some(pi) = lookup(&fk.ref_table).and_then(|p| planned_at[p]) else {
                // a key to a table the sync does not carry: the rehearsal needs to know it
                for (col, ref_col) in fk.columns.iter().zip(&fk.ref_columns) {
                    if let Some(c) = dp.tables[ci]
                        .columns
                        .iter_mut()
                        .find(|c| c.name.eq_ignore_ascii_case(col))
                    {
                        let parent = outside_parents
                            .iter()
                            .find(|p| p.name.eq_ignore_ascii_case(&fk.ref_table))
                            .cloned();
                        c.outside = Some(Box::new(Outside {
                            table: fk.ref_table.clone(),
                            column: ref_col.clone(),
                            parent,
                        }));
                    }
                }
                continue;
            };
            if fk.columns.len() != fk.ref_columns.len() || fk.columns.is_empty() {
                continue;
            }
            let planned = &dp.tables;
            let t = &planned[ci];
            let name = naming::name(
                t.journal.table.clone(),
                &format!("_FK{n}"),
                ObjectKind::ChildTrigger,
            );
            let function = naming::function_name(&name);
            let index = naming::name(
                t.journal.table.clone(),
                &format!("_FI{n}"),
                ObjectKind::JournalIndex,
            );
            n += 1;
            let c = ChildTrigger {
                name,
                function,
                index,
                parent: planned[pi].source.clone(),
                child: t.source.clone(),
                child_journal: t.journal.name.to_string(),
                pairs: fk
                    .columns
                    .iter()
                    .cloned()
                    .zip(fk.ref_columns.iter().cloned())
                    .collect(),
                cascade: fk.on_delete_cascade,
            };
            made.push((pi, c));
        }
    }
    for (pi, c) in made {
        if let Some(parent) = dp.tables.get_mut(pi) {
            parent.children.push(c);
        }
    }
    // the indexes are done with: their memory is there for the name check's
    drop((schema_columns, by_name, uses, planned_from, planned_at));
    check_names(&dp, schema, tables, diags);
    dp
}

/// One sync table to plan: its name, where it was named, and the schema table of that name
/// (position and columns) when there is one.
struct TableToPlan<'t> {
    name: &'t str,
    loc: &'t Option<Location>,
    found: Option<(usize, Vec<crate::schema::Column>)>,
}

/// What planning one sync table gave: its problems and decisions, whether WSO2's runtime
/// supports it (W003), and, when it can be synced, the table and the schema table it was made
/// from.
#[derive(Default)]
struct Planned<'s> {
    diags: Vec<Diagnostic>,
    decisions: Vec<Decision>,
    unsupported: Option<(&'s str, Option<Location>)>,
    table: Option<(usize, SyncTable)>,
}

/// Adds what planning one sync table gave to the dialect's plan (in syncTables order).
fn take_planned<'s>(
    p: Planned<'s>,
    dp: &mut DialectPlan,
    unsupported: &mut Vec<(&'s str, Option<Location>)>,
    planned_from: &mut Vec<usize>,
    diags: &mut Diagnostics,
) {
    for d in p.diags {
        diags.push(d);
    }
    dp.decisions.extend(p.decisions);
    unsupported.extend(p.unsupported);
    if let Some((at, t)) = p.table {
        planned_from.push(at);
        dp.tables.push(t);
    }
}

/// Plans one sync table against `schema` (independent of every other sync table).
fn plan_table<'s>(
    dialect: Dialect,
    schema: &'s Schema,
    files_shown: &str,
    to_plan: TableToPlan<'_>,
) -> Planned<'s> {
    let rules = dialect.rules();
    let TableToPlan { name, loc, found } = to_plan;
    let mut p = Planned::default();
    let Some((at, table_columns)) = found else {
        if let Some(broken) = schema.broken_table(name) {
            p.diags.push(
                Diagnostic::error(
                    "E061",
                    format!(
                        "CREATE TABLE {} ({}) does not parse: {}",
                        broken.name, dialect, broken.message
                    ),
                )
                .at(broken.location.clone())
                .hint("fix the DDL of this table, or give a schema dump of the real database"),
            );
        } else {
            let mut d = Diagnostic::error(
                "E062",
                format!(
                    "sync table {name} is not in the {dialect} schema ({})",
                    files_shown
                ),
            )
            .at_opt(loc.clone());
            d = match did_you_mean(name, schema.table_names()) {
                Some(h) => d.hint(h),
                None => d.hint("check syncTables against the schema DDL"),
            };
            p.diags.push(d);
        }
        return p;
    };
    let table = &schema.tables[at];
    let supported = SUPPORTED_SYNC_TABLES
        .iter()
        .any(|s| s.eq_ignore_ascii_case(&table.name));
    if !supported {
        p.unsupported = Some((table.name.as_str(), loc.clone()));
    }
    if table.primary_key.is_empty() {
        p.diags.push(
            Diagnostic::error(
                "E063",
                format!(
                    "sync table {} has no primary key in the {dialect} schema",
                    table.name
                ),
            )
            .at(table.location.clone())
            .hint(
                "WSO2's sync runtime upserts by primary key: a table without one cannot be synced",
            ),
        );
        return p;
    }
    let mut ok = true;
    for ident in std::iter::once(table.name.as_str()).chain(table_columns.iter().map(|c| &*c.name))
    {
        // `$$` would end a dollar-quoted body (PostgreSQL functions, H2 Java triggers) early
        if !is_plain_identifier(ident) || ident.contains("$$") {
            p.diags.push(
                Diagnostic::error("E074", format!("identifier {ident:?} of table {} cannot be written safely into generated SQL", table.name))
                    .at(table.location.clone())
                    .hint("ismig writes only plain identifiers (letters, digits, _, $, #; not starting with a digit)"),
            );
            ok = false;
        }
    }
    // primary key columns as the columns spell them
    let primary_key = table
        .primary_key
        .iter()
        .map(|k| {
            crate::schema::column_named(&table_columns, k)
                .map(|c| c.name.to_string())
                .unwrap_or_else(|| k.clone())
        })
        .collect();
    for c in &table_columns {
        if c.name.eq_ignore_ascii_case("SYNC_ID") || c.name.eq_ignore_ascii_case("ACTION") {
            p.diags.push(
                Diagnostic::error(
                    "E075",
                    format!(
                        "table {} has a column {} — the journal table adds a column of that name",
                        table.name, c.name
                    ),
                )
                .at(table.location.clone())
                .hint("WSO2's journal layout is fixed: source columns, then SYNC_ID, then ACTION"),
            );
            ok = false;
        }
    }
    let mut columns = Vec::with_capacity(table_columns.len());
    for c in table_columns {
        let access = rules.column_access(&c.ty.base);
        match access {
            ColumnAccess::Unreadable => {
                p.diags.push(
                    Diagnostic::error(
                        "E073",
                        format!("column {}.{} of type {} cannot be read by a row trigger in {dialect}", table.name, c.name, c.ty.sql),
                    )
                    .at(table.location.clone())
                    .hint("convert the column (e.g. LONG to CLOB) before the sync window, or leave the table out of syncTables"),
                );
                ok = false;
            }
            ColumnAccess::JoinBack => p.decisions.push(Decision {
                table: table.name.clone(),
                column: Some(c.name.to_string()),
                text: format!(
                    "{} is not available in the trigger's row images: INSERT/UPDATE rows read it back from {} by primary key; DELETE rows carry NULL",
                    c.ty.sql, table.name
                ),
            }),
            ColumnAccess::Direct => {}
        }
        let key = table
            .primary_key
            .iter()
            .any(|k| k.eq_ignore_ascii_case(&c.name));
        columns.push(JournalColumn {
            name: c.name,
            ty: c.ty,
            key,
            access,
            nullable: c.nullable && !key,
            outside: None,
        });
    }
    if !ok {
        return p;
    }
    // one copy of the table's name for the table and all its objects' names
    let shared: std::sync::Arc<str> = table.name.as_str().into();
    let journal = naming::name(shared.clone(), "_S", ObjectKind::JournalTable);
    let version = naming::name(shared.clone(), "_SV", ObjectKind::VersionTable);
    let triggers = Event::ALL.map(|ev| {
        let suffix = match ev {
            Event::Insert => "_IT",
            Event::Update => "_UT",
            Event::Delete => "_DT",
        };
        let name = naming::name(shared.clone(), suffix, ObjectKind::Trigger);
        let function = naming::function_name(&name);
        Trigger {
            name,
            event: ev,
            function,
        }
    });
    p.table = Some((
        at,
        SyncTable {
            source: shared,
            journal,
            version,
            columns,
            primary_key,
            triggers,
            children: Vec::new(),
            supported,
        },
    ));
    p
}

/// Unsupported sync tables warned about one by one; beyond them, one W003 sums up the rest.
const W003_SINGLE: usize = 3;
/// Names listed in the summing-up W003.
const W003_LISTED: usize = 10;

/// W003 for sync tables WSO2's runtime does not support: one warning each for the first
/// [`W003_SINGLE`], then one warning at the next one's place naming how many more there are and
/// the first [`W003_LISTED`] of them (a list of 10,000 tables is not 10,000 warnings).
fn unsupported_warnings(tables: &[(&str, Option<Location>)], diags: &mut Diagnostics) {
    let hint = || format!("supported: {}", SUPPORTED_SYNC_TABLES.join(", "));
    // a summary of one table would say less than the warning itself
    let single = if tables.len() <= W003_SINGLE + 1 {
        tables.len()
    } else {
        W003_SINGLE
    };
    let (first, rest) = tables.split_at(single);
    for (name, loc) in first {
        diags.push(
            Diagnostic::warning(
                "W003",
                format!("{name} is not one of the tables WSO2's sync runtime supports; its scripts are generated, but the runtime may not sync it"),
            )
            .at_opt(loc.clone())
            .hint(hint()),
        );
    }
    let Some((_, loc)) = rest.first() else {
        return;
    };
    let mut names: Vec<&str> = rest.iter().take(W003_LISTED).map(|(n, _)| *n).collect();
    if rest.len() > W003_LISTED {
        names.push("…");
    }
    diags.push(
        Diagnostic::warning(
            "W003",
            format!(
                "… and {} more sync tables are not among the tables WSO2's sync runtime supports: {}; their scripts are generated, but the runtime may not sync them",
                rest.len(),
                names.join(", ")
            ),
        )
        .at_opt(loc.clone())
        .hint(hint()),
    );
}

fn schema_files(dp: &DialectPlan) -> String {
    let v: Vec<&str> = dp.schema_files.iter().map(|(f, _)| f.as_str()).collect();
    if v.is_empty() {
        "no DDL file".to_string()
    } else {
        v.join(", ")
    }
}

/// Every generated name: within the dialect's identifier limit, unique among generated names
/// (a later name equal to an earlier one is reported against the first) and distinct from every
/// table of the schema.
fn check_names(
    dp: &DialectPlan,
    schema: &Schema,
    sync_tables: &[(String, Option<Location>)],
    diags: &mut Diagnostics,
) {
    let rules = dp.dialect.rules();
    let limit = rules.max_identifier_len();
    // every table the schema creates, parsed or known by name only (the last of a name is shown)
    let mut tables: Map<NoCase<&str>, &str> =
        map_with_capacity(schema.tables.len() + schema.named.len());
    for t in schema.table_names() {
        tables.insert(NoCase(t), t);
    }
    // where each sync table is named (the last entry of a name wins, as when collected from the
    // list)
    let mut named_at: Map<NoCase<&str>, &Location> = map_with_capacity(sync_tables.len());
    for (t, l) in sync_tables {
        if let Some(l) = l {
            named_at.insert(NoCase(t.as_str()), l);
        }
    }
    let loc = |table: &str| named_at.get(&NoCase(table)).map(|l| (*l).clone());
    // the first name of each spelling, in plan order (sized once: it holds every name)
    let mut first_owner: Map<NoCase<&str>, &Name> = map_with_capacity(dp.names().count());
    for n in dp.names() {
        if n.name.len() > limit {
            diags.push(
                Diagnostic::error(
                    "E072",
                    format!(
                        "{} {} of table {} is {} characters; {} allows {limit}",
                        kind_word(n.kind),
                        n.name,
                        n.table,
                        n.name.len(),
                        dp.dialect
                    ),
                )
                .at_opt(loc(&n.table))
                .hint("shorten the table name: WSO2's runtime derives these names from it"),
            );
        }
        match first_owner.entry(NoCase(&n.name)) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(n);
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                let other = *o.get();
                diags.push(
                    Diagnostic::error(
                        "E070",
                        format!(
                            "{} {} of table {} and {} {} of table {} get the same name after WSO2's 30-character cut",
                            kind_word(n.kind), n.name, n.table, kind_word(other.kind), other.name, other.table
                        ),
                    )
                    .at_opt(loc(&n.table))
                    .hint("WSO2's runtime recomputes these names, so ismig cannot rename one: leave one table out of syncTables"),
                );
            }
        }
        if let Some(t) = tables.get(&NoCase(&*n.name)) {
            diags.push(
                Diagnostic::error(
                    "E071",
                    format!("{} {} of table {} has the name of the existing {} table {t}", kind_word(n.kind), n.name, n.table, dp.dialect),
                )
                .at_opt(loc(&n.table))
                .hint("creating it would clash with (or, on cleanup, drop) that table: leave the table out of syncTables"),
            );
        }
    }
}

fn kind_word(k: ObjectKind) -> &'static str {
    match k {
        ObjectKind::JournalTable => "journal table",
        ObjectKind::VersionTable => "version table",
        ObjectKind::Trigger => "trigger",
        ObjectKind::TriggerFunction => "trigger function",
        ObjectKind::ChildTrigger => "child-cleanup trigger",
        ObjectKind::JournalIndex => "journal index",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::testing::wso2_sync_tables;

    #[test]
    fn a_table_named_twice_gets_its_columns_both_times() {
        // config refuses a name listed twice (W002); planned anyway, both copies are whole
        let mut diags = Diagnostics::new();
        let tables = [
            ("IDN_IDENTITY_USER_DATA".to_string(), None),
            ("idn_identity_user_data".to_string(), None),
        ];
        let dp = plan_dialect(
            Dialect::Postgresql,
            &tables,
            wso2_sync_tables(Dialect::Postgresql),
            &mut diags,
        );
        assert_eq!(dp.tables.len(), 2);
        assert!(!dp.tables[0].columns.is_empty());
        assert_eq!(dp.tables[0].columns, dp.tables[1].columns);
        assert_eq!(dp.tables[0].primary_key, dp.tables[1].primary_key);
        // and their names collide
        assert!(diags.iter().any(|d| d.code == "E070"));
    }

    #[test]
    fn every_kind_of_problem_is_planned_table_by_table() {
        use crate::schema::testing::{schema, table};
        // 150 tables with a problem of each kind here and there: no primary key (E063), a
        // column the journal adds (E075), an identifier not written into SQL (E074), a type a
        // trigger cannot read (E073), a type read back from the table (a decision); a sync
        // table missing from the schema (E062) and one named twice; none supported (W003)
        let tables: Vec<_> = (0..150)
            .map(|i| {
                let name = format!("T{i:03}");
                let ty = match i % 7 {
                    1 => "LONG",
                    2 => "TEXT",
                    _ => "INTEGER",
                };
                let col = match i % 11 {
                    3 => "ACTION",
                    4 => "BAD COL",
                    _ => "V",
                };
                let pk: &[&str] = if i % 13 == 5 { &[] } else { &["ID"] };
                let mut t = table(
                    &name,
                    &[("ID", "INTEGER", &[], false), (col, ty, &[], true)],
                    pk,
                );
                // child-cleanup triggers: parents before and after the child, two on one child,
                // and keys to tables not synced or not there
                let fk = |parent: String| crate::schema::ForeignKey {
                    columns: vec!["ID".to_string()],
                    ref_table: parent,
                    ref_columns: vec!["ID".to_string()],
                    on_delete_cascade: i % 2 == 0,
                };
                if i % 3 == 0 {
                    t.foreign_keys
                        .push(fk(format!("T{:03}", (i * 7 + 11) % 150)));
                }
                if i % 5 == 0 {
                    t.foreign_keys.push(fk("NOT_SYNCED".to_string()));
                    t.foreign_keys.push(fk(format!("T{:03}", 149 - i)));
                }
                t
            })
            .collect();
        let mut sync: Vec<(String, Option<Location>)> =
            (0..150).map(|i| (format!("T{i:03}"), None)).collect();
        sync.insert(40, ("MISSING".to_string(), None));
        sync.push(("t007".to_string(), None));
        for dialect in [Dialect::Oracle, Dialect::Mssql, Dialect::Postgresql] {
            let run = || {
                let mut diags = Diagnostics::new();
                let dp = plan_dialect(dialect, &sync, schema(dialect, tables.clone()), &mut diags);
                let shown: Vec<String> = diags
                    .iter()
                    .map(|d| format!("{} {} {:?}", d.code, d.message, d.location))
                    .collect();
                (dp, shown)
            };
            let one = run();
            for code in ["E062", "E063", "E074", "E075", "W003"] {
                assert!(
                    one.1.iter().any(|d| d.starts_with(code)),
                    "{dialect}: no {code}"
                );
            }
            assert!(one.0.tables.len() > 80, "{dialect}");
            let children: Vec<usize> = one.0.tables.iter().map(|t| t.children.len()).collect();
            assert!(
                children.iter().sum::<usize>() > 25 && children.iter().any(|&n| n > 1),
                "{dialect}: {children:?}"
            );
            assert!(run() == one, "{dialect}: planned otherwise the second time");
        }
        let (oracle, mssql) = (
            plan_dialect(
                Dialect::Oracle,
                &sync,
                schema(Dialect::Oracle, tables.clone()),
                &mut Diagnostics::new(),
            ),
            plan_dialect(
                Dialect::Mssql,
                &sync,
                schema(Dialect::Mssql, tables.clone()),
                &mut Diagnostics::new(),
            ),
        );
        assert!(oracle.decisions.is_empty() && !mssql.decisions.is_empty());
    }

    #[test]
    fn name_checks_match_a_pairwise_comparison() {
        use crate::schema::testing::{schema, table};
        // long names sharing a 28-character prefix collide after the cut; `X_S` is the journal
        // name of `X`; case differs on purpose
        let long = "IDN_OAUTH2_ACCESS_TOKEN_SCOPE";
        let names = [
            format!("{long}_A"),
            format!("{long}_B"),
            long.to_string(),
            "X".to_string(),
            "x_s".to_string(),
            "Y".to_string(),
            "Y_IT".to_string(),
            "Z".to_string(),
        ];
        let tables: Vec<_> = names
            .iter()
            .map(|n| table(n, &[("ID", "INTEGER", &[], false)], &["ID"]))
            .collect();
        let sync: Vec<(String, Option<Location>)> =
            names.iter().map(|n| (n.clone(), None)).collect();
        for dialect in [Dialect::Postgresql, Dialect::Oracle] {
            let mut diags = Diagnostics::new();
            let dp = plan_dialect(dialect, &sync, schema(dialect, tables.clone()), &mut diags);
            let got: Vec<String> = diags
                .iter()
                .filter(|d| matches!(d.code, "E070" | "E071"))
                .map(|d| format!("{} {}", d.code, d.message))
                .collect();
            // the same checks, pair by pair
            let all: Vec<&Name> = dp.names().collect();
            let mut want = Vec::new();
            for (i, n) in all.iter().enumerate() {
                if let Some(o) = all[..i]
                    .iter()
                    .find(|o| o.name.eq_ignore_ascii_case(&n.name))
                {
                    want.push(format!(
                        "E070 {} {} of table {} and {} {} of table {} get the same name after WSO2's 30-character cut",
                        kind_word(n.kind), n.name, n.table, kind_word(o.kind), o.name, o.table
                    ));
                }
                if let Some(t) = names.iter().rev().find(|t| t.eq_ignore_ascii_case(&n.name)) {
                    want.push(format!(
                        "E071 {} {} of table {} has the name of the existing {dialect} table {t}",
                        kind_word(n.kind),
                        n.name,
                        n.table
                    ));
                }
            }
            assert!(
                want.len() >= 4,
                "{dialect}: the case has collisions: {want:?}"
            );
            assert_eq!(got, want, "{dialect}");
        }
    }
}
