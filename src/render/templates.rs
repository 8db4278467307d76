//! Each dialect's askama templates (`templates/<dialect>/`, the same file names in every folder;
//! only DB2 has `02-db2-move-oauth2-tables.sql`), as a [`TemplateSet`] chosen by dialect
//! ([`for_dialect`]). The output belongs to render: a dialect's facts do not name its templates.

use crate::dialect::Dialect;

use super::ScriptKind;
use super::view::View;

/// The templates of one dialect.
#[derive(Debug)]
pub struct TemplateSet {
    /// The dialect whose templates these are.
    pub dialect: Dialect,
    /// True when the dialect has a template for the kind of script.
    pub has: fn(ScriptKind) -> bool,
    /// Renders one kind of script into `out`; None when the dialect has no such script.
    pub render_into:
        fn(ScriptKind, &View<'_>, &mut dyn std::fmt::Write) -> Option<askama::Result<()>>,
}

/// Declares a dialect's templates: `template_set! { oracle, Oracle: Preflight =>
/// "oracle/00-preflight-source.sql", … }` makes module `oracle` with one askama template struct
/// per file and its `TEMPLATES`.
macro_rules! template_set {
    ($module:ident, $dialect:ident: $($kind:ident => $path:literal),* $(,)?) => {
        mod $module {
            use crate::render::ScriptKind;
            use crate::render::view::View;

            $(
                #[derive(askama::Template)]
                #[template(path = $path)]
                pub struct $kind<'a, 'b> {
                    pub v: &'a View<'b>,
                }
            )*
            fn has(kind: ScriptKind) -> bool {
                #[allow(unreachable_patterns)]
                match kind {
                    $( ScriptKind::$kind => true, )*
                    _ => false,
                }
            }
            fn render_into(
                kind: ScriptKind,
                v: &View<'_>,
                out: &mut dyn std::fmt::Write,
            ) -> Option<askama::Result<()>> {
                use askama::Template;
                #[allow(unreachable_patterns)]
                match kind {
                    $( ScriptKind::$kind => Some($kind { v }.render_into(out)), )*
                    _ => None,
                }
            }
            pub static TEMPLATES: super::TemplateSet = super::TemplateSet {
                dialect: crate::dialect::Dialect::$dialect,
                has,
                render_into,
            };
        }
    };
}

template_set! { oracle, Oracle:
    Preflight => "oracle/00-preflight-source.sql",
    SourceSetup => "oracle/10-sync-source-setup.sql",
    TargetSetup => "oracle/11-sync-target-setup.sql",
    TargetRemoveCopied => "oracle/12-sync-target-remove-copied.sql",
    TargetVerify => "oracle/21-sync-verify-target.sql",
    TargetMonitor => "oracle/31-sync-monitor-target.sql",
    Verify => "oracle/20-sync-verify-source.sql",
    Monitor => "oracle/30-sync-monitor-source.sql",
    Rehearse => "oracle/80-rehearse-source.sql",
    SourceCleanup => "oracle/90-sync-source-cleanup.sql",
    TargetCleanup => "oracle/91-sync-target-cleanup.sql",
    RegistryCleanup => "oracle/01-registry-versioning-cleanup.sql",
    NewTables => "oracle/03-new-tables.sql",
    SchemaVerify => "oracle/50-schema-verify.sql",
    SchemaStep => "oracle/40-schema-step.sql",
    Precheck => "oracle/40-precheck.sql",
}

template_set! { db2, Db2:
    Preflight => "db2/00-preflight-source.sql",
    SourceSetup => "db2/10-sync-source-setup.sql",
    TargetSetup => "db2/11-sync-target-setup.sql",
    TargetRemoveCopied => "db2/12-sync-target-remove-copied.sql",
    TargetVerify => "db2/21-sync-verify-target.sql",
    TargetMonitor => "db2/31-sync-monitor-target.sql",
    Verify => "db2/20-sync-verify-source.sql",
    Monitor => "db2/30-sync-monitor-source.sql",
    Rehearse => "db2/80-rehearse-source.sql",
    SourceCleanup => "db2/90-sync-source-cleanup.sql",
    TargetCleanup => "db2/91-sync-target-cleanup.sql",
    RegistryCleanup => "db2/01-registry-versioning-cleanup.sql",
    Db2Move => "db2/02-db2-move-oauth2-tables.sql",
    NewTables => "db2/03-new-tables.sql",
    SchemaVerify => "db2/50-schema-verify.sql",
    SchemaStep => "db2/40-schema-step.sql",
    Precheck => "db2/40-precheck.sql",
}

template_set! { mssql, Mssql:
    Preflight => "mssql/00-preflight-source.sql",
    SourceSetup => "mssql/10-sync-source-setup.sql",
    TargetSetup => "mssql/11-sync-target-setup.sql",
    TargetRemoveCopied => "mssql/12-sync-target-remove-copied.sql",
    TargetVerify => "mssql/21-sync-verify-target.sql",
    TargetMonitor => "mssql/31-sync-monitor-target.sql",
    Verify => "mssql/20-sync-verify-source.sql",
    Monitor => "mssql/30-sync-monitor-source.sql",
    Rehearse => "mssql/80-rehearse-source.sql",
    SourceCleanup => "mssql/90-sync-source-cleanup.sql",
    TargetCleanup => "mssql/91-sync-target-cleanup.sql",
    RegistryCleanup => "mssql/01-registry-versioning-cleanup.sql",
    NewTables => "mssql/03-new-tables.sql",
    SchemaStep => "mssql/40-schema-step.sql",
    Precheck => "mssql/40-precheck.sql",
    SchemaVerify => "mssql/50-schema-verify.sql",
}

template_set! { mysql, Mysql:
    Preflight => "mysql/00-preflight-source.sql",
    SourceSetup => "mysql/10-sync-source-setup.sql",
    TargetSetup => "mysql/11-sync-target-setup.sql",
    TargetRemoveCopied => "mysql/12-sync-target-remove-copied.sql",
    TargetVerify => "mysql/21-sync-verify-target.sql",
    TargetMonitor => "mysql/31-sync-monitor-target.sql",
    Verify => "mysql/20-sync-verify-source.sql",
    Monitor => "mysql/30-sync-monitor-source.sql",
    Rehearse => "mysql/80-rehearse-source.sql",
    SourceCleanup => "mysql/90-sync-source-cleanup.sql",
    TargetCleanup => "mysql/91-sync-target-cleanup.sql",
    RegistryCleanup => "mysql/01-registry-versioning-cleanup.sql",
    NewTables => "mysql/03-new-tables.sql",
    SchemaStep => "mysql/40-schema-step.sql",
    Precheck => "mysql/40-precheck.sql",
    SchemaVerify => "mysql/50-schema-verify.sql",
}

template_set! { postgresql, Postgresql:
    Preflight => "postgresql/00-preflight-source.sql",
    SourceSetup => "postgresql/10-sync-source-setup.sql",
    TargetSetup => "postgresql/11-sync-target-setup.sql",
    TargetRemoveCopied => "postgresql/12-sync-target-remove-copied.sql",
    TargetVerify => "postgresql/21-sync-verify-target.sql",
    TargetMonitor => "postgresql/31-sync-monitor-target.sql",
    Verify => "postgresql/20-sync-verify-source.sql",
    Monitor => "postgresql/30-sync-monitor-source.sql",
    Rehearse => "postgresql/80-rehearse-source.sql",
    SourceCleanup => "postgresql/90-sync-source-cleanup.sql",
    TargetCleanup => "postgresql/91-sync-target-cleanup.sql",
    RegistryCleanup => "postgresql/01-registry-versioning-cleanup.sql",
    NewTables => "postgresql/03-new-tables.sql",
    SchemaStep => "postgresql/40-schema-step.sql",
    Precheck => "postgresql/40-precheck.sql",
    SchemaVerify => "postgresql/50-schema-verify.sql",
}

template_set! { h2, H2:
    Preflight => "h2/00-preflight-source.sql",
    SourceSetup => "h2/10-sync-source-setup.sql",
    TargetSetup => "h2/11-sync-target-setup.sql",
    TargetRemoveCopied => "h2/12-sync-target-remove-copied.sql",
    TargetVerify => "h2/21-sync-verify-target.sql",
    TargetMonitor => "h2/31-sync-monitor-target.sql",
    Verify => "h2/20-sync-verify-source.sql",
    Monitor => "h2/30-sync-monitor-source.sql",
    Rehearse => "h2/80-rehearse-source.sql",
    SourceCleanup => "h2/90-sync-source-cleanup.sql",
    TargetCleanup => "h2/91-sync-target-cleanup.sql",
    RegistryCleanup => "h2/01-registry-versioning-cleanup.sql",
    NewTables => "h2/03-new-tables.sql",
    SchemaStep => "h2/40-schema-step.sql",
    Precheck => "h2/40-precheck.sql",
    SchemaVerify => "h2/50-schema-verify.sql",
}

/// Every dialect's templates, in [`Dialect::ALL`] order.
static SETS: [&TemplateSet; 6] = [
    &oracle::TEMPLATES,
    &db2::TEMPLATES,
    &mssql::TEMPLATES,
    &mysql::TEMPLATES,
    &postgresql::TEMPLATES,
    &h2::TEMPLATES,
];

/// The templates of `dialect`.
pub fn for_dialect(dialect: Dialect) -> &'static TemplateSet {
    SETS.iter()
        .find(|s| s.dialect == dialect)
        .copied()
        .unwrap_or(SETS[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_set_per_dialect() {
        for d in Dialect::ALL {
            assert_eq!(for_dialect(d).dialect, d);
            assert_eq!(SETS.iter().filter(|s| s.dialect == d).count(), 1);
            for kind in ScriptKind::SYNC {
                assert!((for_dialect(d).has)(kind), "{d} {kind:?}");
            }
        }
        // only DB2 moves the OAuth2 tables
        let moves: Vec<Dialect> = Dialect::ALL
            .into_iter()
            .filter(|d| (for_dialect(*d).has)(ScriptKind::Db2Move))
            .collect();
        assert_eq!(moves, [Dialect::Db2]);
    }
}
