//! The version step's migration scripts: which of `01-registry-versioning-cleanup.sql`,
//! `02-db2-move-oauth2-tables.sql` and `03-new-tables-<step>.sql` a run writes and why
//! ([`decide`]), and their view-model ([`MigrationView`]): names spelled and matched for the
//! dialect, key comparisons prebuilt, the step's new tables from the catalog (`catalog/<step>.toml`).

use serde::Serialize;

use crate::catalog::{Catalog, StepText};
use crate::config::Config;
use crate::dialect::DialectRules;

use super::ScriptKind;
use super::view::sql_string;

/// The migration scripts, in file order.
pub const KINDS: [ScriptKind; 3] = [
    ScriptKind::RegistryCleanup,
    ScriptKind::Db2Move,
    ScriptKind::NewTables,
];

/// Registry tables the versioning cleanup touches: (association table, entity table, the
/// association's column naming the entity row). In the order WSO2's guide deletes them.
const REGISTRY_ASSOCIATIONS: [(&str, &str, &str); 4] = [
    ("REG_RESOURCE_PROPERTY", "REG_PROPERTY", "REG_PROPERTY_ID"),
    ("REG_RESOURCE_RATING", "REG_RATING", "REG_RATING_ID"),
    ("REG_RESOURCE_TAG", "REG_TAG", "REG_TAG_ID"),
    ("REG_RESOURCE_COMMENT", "REG_COMMENT", "REG_COMMENT_ID"),
];

/// Tables the DB2 step moves to the TS32K tablespace (the guide's "If you are using DB2" note).
const DB2_MOVED_TABLES: [&str; 2] = ["IDN_OAUTH2_ACCESS_TOKEN", "IDN_OAUTH2_AUTHORIZATION_CODE"];

/// Whether one migration script is written, and why (PLAN.md, report.json).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub file: String,
    pub generated: bool,
    pub reason: String,
}

/// Why no migration script is written at all, or None when the step applies.
pub fn migration_off_reason(config: &Config) -> Option<String> {
    match (&config.step, &config.migration) {
        (None, _) => Some(
            "no supported version step is known (migration-config.yaml / sync.properties versions)"
                .to_string(),
        ),
        (Some(_), Some(m)) if !m.migration_enable => Some(
            "migration-config.yaml says migrationEnable: false, so the migration client will not run and no \
             migration script is generated"
                .to_string(),
        ),
        _ => None,
    }
}

/// The registry cleanup decision, the same for every dialect.
fn registry_decision(config: &Config) -> (bool, String) {
    if let Some(r) = migration_off_reason(config) {
        return (false, r);
    }
    if !config
        .step
        .as_ref()
        .is_some_and(|s| s.catalog.registry_cleanup)
    {
        return (
            false,
            "the version step has no registry cleanup".to_string(),
        );
    }
    match (config.registry_cleanup_flag, &config.registry) {
        (Some(false), _) => (
            false,
            "--no-registry-cleanup was given: the registry versioning cleanup is not generated"
                .to_string(),
        ),
        (Some(true), _) => (
            true,
            "--registry-cleanup was given: registry versioning was on in the old IS".to_string(),
        ),
        (None, Some(r)) if r.any() => {
            let on: Vec<&str> = [
                ("versioningProperties", r.properties),
                ("versioningComments", r.comments),
                ("versioningTags", r.tags),
                ("versioningRatings", r.ratings),
            ]
            .iter()
            .filter(|(_, v)| *v)
            .map(|(n, _)| *n)
            .collect();
            (
                true,
                format!(
                    "the old registry.xml has versioning on ({} true; a flag that is absent counts as true)",
                    on.join(", ")
                ),
            )
        }
        (None, Some(_)) => (
            false,
            "all four versioning flags are false in the old registry.xml: versioning was off, and WSO2's guide \
             says the cleanup must not run then"
                .to_string(),
        ),
        (None, None) => (
            false,
            "no registry.xml and neither --registry-cleanup nor --no-registry-cleanup (warning W005): whether \
             versioning was on is not known"
                .to_string(),
        ),
    }
}

/// Which migration scripts a dialect gets, and why. `has_template` asks the dialect's template
/// set whether it has a script of that kind at all (only DB2 has the tablespace move).
pub fn decide(config: &Config, has_template: &dyn Fn(ScriptKind) -> bool) -> Vec<Decision> {
    let off = migration_off_reason(config);
    let step = config.step.as_ref();
    let text =
        |f: fn(&StepText) -> &String| step.map_or(String::new(), |s| f(&s.catalog.text).clone());
    KINDS
        .iter()
        .map(|&kind| {
            let (generated, reason) = match (kind, &off) {
                (_, Some(r)) => (false, r.clone()),
                (ScriptKind::RegistryCleanup, None) => registry_decision(config),
                (_, None) if !has_template(kind) => (
                    false,
                    "not needed for this dialect: only DB2 moves the OAuth2 tables to the TS32K tablespace"
                        .to_string(),
                ),
                (ScriptKind::Db2Move, None) if config.db2_schema.is_none() => (
                    false,
                    "the DB2 schema of the OAuth2 tables is not known (the target is not a DB2 datasource with \
                     currentSchema, and no --db2-schema was given; warning W010)"
                        .to_string(),
                ),
                (ScriptKind::Db2Move, None) => (true, text(|t| &t.db2_move_reason)),
                _ => (true, text(|t| &t.new_tables_reason)),
            };
            Decision {
                file: kind.file_name(step).into_owned(),
                generated,
                reason,
            }
        })
        .collect()
}

/// One registry association table and the entity table it points to.
#[derive(Clone, Debug, Default)]
pub struct RegistryAssocView {
    /// `REG_RESOURCE_TAG`
    pub table: String,
    /// `REG_TAG`
    pub entity: String,
    /// The resource row of the same version and tenant:
    /// `REG_RESOURCE.REG_VERSION = REG_RESOURCE_TAG.REG_VERSION AND REG_RESOURCE.REG_TENANT_ID = …`.
    pub match_resource: String,
    /// An association row still pointing at the entity row, same tenant:
    /// `REG_RESOURCE_TAG.REG_TAG_ID = REG_TAG.REG_ID AND REG_RESOURCE_TAG.REG_TENANT_ID = REG_TAG.REG_TENANT_ID`.
    pub match_entity: String,
}

/// One column of a new table.
#[derive(Clone, Debug, Default)]
pub struct NewColumnView {
    pub name: String,
    /// Type and nullability in this dialect.
    pub def: String,
}

/// A table the step adds.
#[derive(Clone, Debug, Default)]
pub struct NewTableView {
    pub name: String,
    /// The name as the catalog stores it, as a literal.
    pub name_lit: String,
    pub columns: Vec<NewColumnView>,
    /// `A INTEGER NOT NULL,\n  B …` (column lines, joined).
    pub column_defs: String,
    /// The same with `'` doubled, for DDL inside a string literal (EXECUTE IMMEDIATE).
    pub column_defs_q: String,
    /// Primary-key columns: `A, B`.
    pub pk: String,
}

/// An index the step adds.
#[derive(Clone, Debug, Default)]
pub struct NewIndexView {
    pub name: String,
    pub name_lit: String,
    pub table: String,
    pub table_lit: String,
    /// `A, B, C`
    pub cols: String,
}

/// A DB2 table to move, and its schema.
#[derive(Clone, Debug, Default)]
pub struct MoveView {
    pub name: String,
    pub name_lit: String,
}

/// A schema name and its catalog literal.
#[derive(Clone, Debug, Default)]
pub struct SchemaView {
    pub name: String,
    pub lit: String,
}

/// What the migration templates receive (in `View::mig`).
#[derive(Clone, Debug, Default)]
pub struct MigrationView {
    pub registry: Vec<RegistryAssocView>,
    pub tables: Vec<NewTableView>,
    pub indexes: Vec<NewIndexView>,
    /// Zero or one: the DB2 schema of the target identity tables.
    pub db2_schema: Vec<SchemaView>,
    pub db2_moves: Vec<MoveView>,
    /// The version the new tables come from (the step's `step`).
    pub step: String,
}

/// Builds the migration view of one dialect.
pub fn view(rules: &DialectRules, config: &Config, catalog: &Catalog) -> MigrationView {
    let id = |s: &str| rules.ident(s).to_string();
    let lit = |s: &str| sql_string(&rules.catalog_name(s));
    let registry = REGISTRY_ASSOCIATIONS
        .iter()
        .map(|(table, entity, entity_ref)| RegistryAssocView {
            table: id(table),
            entity: id(entity),
            match_resource: format!(
                "REG_RESOURCE.REG_VERSION = {t}.REG_VERSION AND REG_RESOURCE.REG_TENANT_ID = {t}.REG_TENANT_ID",
                t = id(table)
            ),
            match_entity: format!(
                "{t}.{r} = {e}.REG_ID AND {t}.REG_TENANT_ID = {e}.REG_TENANT_ID",
                t = id(table),
                r = id(entity_ref),
                e = id(entity)
            ),
        })
        .collect();
    let tables = catalog
        .tables
        .iter()
        .map(|t| {
            let columns: Vec<NewColumnView> = t
                .columns
                .iter()
                .map(|c| NewColumnView {
                    name: c.name_for(rules.dialect),
                    def: c.type_for(rules.dialect).to_string(),
                })
                .collect();
            let column_defs = columns
                .iter()
                .map(|c| format!("{} {}", c.name, c.def))
                .collect::<Vec<_>>()
                .join(",\n  ");
            NewTableView {
                name: id(&t.name),
                name_lit: lit(&t.name),
                column_defs_q: column_defs.replace('\'', "''"),
                column_defs,
                columns,
                pk: t
                    .primary_key_for(rules.dialect)
                    .iter()
                    .map(|k| {
                        t.columns
                            .iter()
                            .find(|c| c.name == *k)
                            .map(|c| c.name_for(rules.dialect))
                            .unwrap_or_else(|| id(k))
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        })
        .collect();
    let indexes = catalog
        .indexes
        .iter()
        .map(|i| NewIndexView {
            name: id(&i.name),
            name_lit: lit(&i.name),
            table: id(&i.table),
            table_lit: lit(&i.table),
            cols: i
                .columns
                .iter()
                .map(|c| id(c))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    MigrationView {
        registry,
        tables,
        indexes,
        db2_schema: config
            .db2_schema
            .iter()
            .map(|s| SchemaView {
                name: id(s),
                lit: lit(s),
            })
            .collect(),
        db2_moves: DB2_MOVED_TABLES
            .iter()
            .map(|t| MoveView {
                name: id(t),
                name_lit: lit(t),
            })
            .collect(),
        step: catalog.step.clone(),
    }
}
