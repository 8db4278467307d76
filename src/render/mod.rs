//! The `render` stage: [`Plan`] → [`Rendered`] (file paths and bytes, nothing written). Builds the
//! view-models (`view`), runs each dialect's askama templates (`templates/<dialect>/<file>.sql`,
//! the same file names in every folder) and passes their output through the one script formatter
//! (`script`). Also renders PLAN.md and report.json (`plan_md`, `report`). Pure.

pub mod explain;
pub mod migration;
pub mod plan_md;
pub mod report;
pub mod script;
pub mod view;

use serde::Serialize;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::dialect::{ClientProfile, Dialect, DialectRules};
use crate::model::{DialectPlan, Plan};
use view::{GuardView, View, sql_string, table_view};

/// Which database a script runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Source,
    Target,
    Registry,
}

impl Role {
    pub fn title(self) -> &'static str {
        match self {
            Role::Source => "SOURCE identity database (the old IS, live during the sync window)",
            Role::Target => "TARGET identity database (the new IS)",
            Role::Registry => "REGISTRY database of the old IS",
        }
    }
}

/// Every script ismig can write, in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum ScriptKind {
    Preflight,
    RegistryCleanup,
    Db2Move,
    NewTables,
    SourceSetup,
    TargetSetup,
    Verify,
    Monitor,
    SourceCleanup,
    TargetCleanup,
}

impl ScriptKind {
    pub const SYNC: [ScriptKind; 7] = [
        ScriptKind::Preflight,
        ScriptKind::SourceSetup,
        ScriptKind::TargetSetup,
        ScriptKind::Verify,
        ScriptKind::Monitor,
        ScriptKind::SourceCleanup,
        ScriptKind::TargetCleanup,
    ];

    /// File name in `out/<dialect>/` (the template has the same name).
    pub fn file_name(self) -> &'static str {
        match self {
            ScriptKind::Preflight => "00-preflight-source.sql",
            ScriptKind::RegistryCleanup => "01-registry-versioning-cleanup.sql",
            ScriptKind::Db2Move => "02-db2-move-oauth2-tables.sql",
            ScriptKind::NewTables => "03-new-tables-5.9.0.sql",
            ScriptKind::SourceSetup => "10-sync-source-setup.sql",
            ScriptKind::TargetSetup => "11-sync-target-setup.sql",
            ScriptKind::Verify => "20-sync-verify-source.sql",
            ScriptKind::Monitor => "30-sync-monitor-source.sql",
            ScriptKind::SourceCleanup => "90-sync-source-cleanup.sql",
            ScriptKind::TargetCleanup => "91-sync-target-cleanup.sql",
        }
    }

    pub fn role(self) -> Role {
        match self {
            ScriptKind::RegistryCleanup => Role::Registry,
            ScriptKind::Db2Move
            | ScriptKind::NewTables
            | ScriptKind::TargetSetup
            | ScriptKind::TargetCleanup => Role::Target,
            _ => Role::Source,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ScriptKind::Preflight => "preflight checks before the sync setup (read-only)",
            ScriptKind::RegistryCleanup => {
                "registry versioning cleanup (IS 5.9.0 migration prerequisite)"
            }
            ScriptKind::Db2Move => {
                "move the OAuth2 tables to the 32K tablespace (DB2, IS 5.9.0 migration)"
            }
            ScriptKind::NewTables => "tables added by IS 5.9.0, created only where missing",
            ScriptKind::SourceSetup => "zero-downtime sync setup: journal tables and row triggers",
            ScriptKind::TargetSetup => "zero-downtime sync setup: version tables",
            ScriptKind::Verify => "verify every sync object exists and is enabled (read-only)",
            ScriptKind::Monitor => {
                "sync monitor: journal size, max SYNC_ID, SYNC_ID gaps (read-only)"
            }
            ScriptKind::SourceCleanup => {
                "sync cleanup: triggers, trigger functions, journal tables"
            }
            ScriptKind::TargetCleanup => "sync cleanup: version tables",
        }
    }
}

/// The templates of one dialect (made by [`template_set!`] in `src/dialect/<name>.rs`).
#[derive(Debug)]
pub struct TemplateSet {
    /// Renders one kind of script; None when the dialect has no such script.
    pub render: fn(ScriptKind, &View) -> Option<askama::Result<String>>,
}

/// Declares a dialect's templates: `template_set! { Preflight => "oracle/00-preflight-source.sql", … }`
/// makes one askama template struct per file and `pub static TEMPLATES`.
#[macro_export]
macro_rules! template_set {
    ($($kind:ident => $path:literal),* $(,)?) => {
        mod templates {
            $(
                #[derive(askama::Template)]
                #[template(path = $path)]
                #[allow(dead_code)]
                pub struct $kind<'a> {
                    pub v: &'a $crate::render::view::View,
                }
            )*
            pub fn render(
                kind: $crate::render::ScriptKind,
                v: &$crate::render::view::View,
            ) -> Option<askama::Result<String>> {
                use askama::Template;
                #[allow(unreachable_patterns)]
                match kind {
                    $( $crate::render::ScriptKind::$kind => Some($kind { v }.render()), )*
                    _ => None,
                }
            }
        }
        /// This dialect's templates.
        pub static TEMPLATES: $crate::render::TemplateSet = $crate::render::TemplateSet { render: templates::render };
    };
}

/// One output file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output directory, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
    /// For scripts: the statements as rendered (terminators excluded), for re-split tests; empty
    /// unless [`RenderOptions::keep_statements`].
    pub statements: Vec<String>,
    pub dialect: Option<Dialect>,
    pub client: Option<&'static str>,
}

/// Everything a run writes, sorted by path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
}

impl Rendered {
    pub fn get(&self, path: &str) -> Option<&OutputFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// Options of the render stage.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Client profile name (`--client`), when not each dialect's default.
    pub client: Option<String>,
    /// How the migration directory was shown, stripped from input paths in provenance headers.
    pub dir_display: String,
    /// Keep each script's statements in [`OutputFile::statements`] (re-split tests); off for the
    /// CLI, where it would double the memory a run holds.
    pub keep_statements: bool,
}

/// Input paths relative to the migration directory, with their hashes.
pub fn input_lines(config: &Config, dir_display: &str) -> Vec<(String, String)> {
    let prefix = format!("{}/", dir_display.trim_end_matches('/'));
    config
        .inputs
        .iter()
        .map(|(p, h)| (p.strip_prefix(&prefix).unwrap_or(p).to_string(), h.clone()))
        .collect()
}

fn guard_for(config: &Config, role: Role) -> Vec<GuardView> {
    let ds = match role {
        Role::Source => config.source.as_ref(),
        Role::Target => config.target.as_ref(),
        Role::Registry => None,
    };
    ds.and_then(|d| d.database.clone())
        .map(|name| GuardView {
            name_lit: sql_string(&name),
            upper_lit: sql_string(&name.to_ascii_uppercase()),
            name,
            role: if role == Role::Target {
                "target"
            } else {
                "source"
            },
        })
        .into_iter()
        .collect()
}

/// The client profile for a dialect (the requested one if the dialect has it).
#[allow(clippy::result_large_err)] // a diagnostic, once per run
pub fn client_for(
    rules: &'static DialectRules,
    opts: &RenderOptions,
) -> Result<&'static ClientProfile, Diagnostic> {
    match &opts.client {
        None => Ok(rules.default_client()),
        Some(name) => match rules.client(name) {
            Some(c) => Ok(c),
            None if Dialect::ALL
                .iter()
                .any(|d| d.rules().client(name).is_some()) =>
            {
                Ok(rules.default_client())
            }
            None => Err(
                Diagnostic::error("E004", format!("unknown client profile {name:?}")).hint(
                    format!(
                        "client profiles: {}",
                        Dialect::ALL
                            .iter()
                            .map(|d| format!("{} ({})", d.rules().client_names(), d.name()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            ),
        },
    }
}

/// Builds the view of a dialect plan.
pub fn view_of(dp: &DialectPlan, batch_size: u32) -> View {
    let rules = dp.dialect.rules();
    let tables: Vec<_> = dp.tables.iter().map(|t| table_view(rules, t)).collect();
    let lits = |f: &dyn Fn(&view::TableView) -> Vec<String>| {
        tables.iter().flat_map(f).collect::<Vec<_>>().join(", ")
    };
    View {
        journal_lits: lits(&|t| vec![t.journal_lit.clone()]),
        version_lits: lits(&|t| vec![t.version_lit.clone()]),
        trigger_lits: lits(&|t| {
            t.triggers
                .iter()
                .map(|x| x.name_lit.clone())
                .chain(t.children.iter().map(|c| c.name_lit.clone()))
                .collect()
        }),
        function_lits: lits(&|t| {
            t.triggers
                .iter()
                .map(|x| x.function_lit.clone())
                .chain(t.children.iter().map(|c| c.function_lit.clone()))
                .collect()
        }),
        source_lits: lits(&|t| vec![t.source_lit.clone()]),
        tables,
        guard: Vec::new(),
        batch_size,
        mig: migration::MigrationView::default(),
    }
}

/// Renders one script of a dialect: template, formatter, provenance header.
#[allow(clippy::result_large_err)] // a diagnostic, once per script
pub fn render_script(
    config: &Config,
    dp: &DialectPlan,
    base: &View,
    kind: ScriptKind,
    client: &'static ClientProfile,
    opts: &RenderOptions,
) -> Result<Option<OutputFile>, Diagnostic> {
    let mut v = base.clone();
    render_in(config, dp, &mut v, kind, client, opts)
}

/// [`render_script`] on a view the caller keeps: only its guard is set for the script's role, so
/// the dialect's seven scripts share one view (no copy of every table's strings per script).
#[allow(clippy::result_large_err)] // a diagnostic, once per script
fn render_in(
    config: &Config,
    dp: &DialectPlan,
    v: &mut View,
    kind: ScriptKind,
    client: &'static ClientProfile,
    opts: &RenderOptions,
) -> Result<Option<OutputFile>, Diagnostic> {
    let rules = dp.dialect.rules();
    v.guard = guard_for(config, kind.role());
    // the database the script runs on, for the command line in the header (a safe name or a placeholder)
    let db_name = v
        .guard
        .first()
        .map(|g| g.name.clone())
        .unwrap_or_else(|| match kind.role() {
            Role::Source => "SOURCE_DB".to_string(),
            Role::Target => "TARGET_DB".to_string(),
            Role::Registry => "REGISTRY_DB".to_string(),
        });
    let v = &*v;
    let Some(result) = (rules.templates.render)(kind, v) else {
        return Ok(None);
    };
    let text = result.map_err(|e| {
        Diagnostic::error(
            "E090",
            format!("template {}/{} failed: {e}", dp.dialect, kind.file_name()),
        )
    })?;
    let (statements, trailing) = script::cut(&text).map_err(|e| {
        Diagnostic::error(
            "E090",
            format!("template {}/{}: {e}", dp.dialect, kind.file_name()),
        )
    })?;
    drop(text); // the statements own their text now
    let mut prov = vec![
        format!("ismig {}", kind.file_name()),
        kind.title().to_string(),
        format!("dialect: {}; client: {}", dp.dialect, client.title),
        format!("run on: {}", kind.role().title()),
        format!(
            "run with: {}",
            client
                .command
                .replace("{file}", &format!("{}/{}", dp.dialect, kind.file_name()))
                .replace("{db}", &db_name)
        ),
        "inputs (sha256):".to_string(),
    ];
    // configuration files, and the schema DDL of this dialect only
    for (p, h) in input_lines(config, &opts.dir_display) {
        let schema_file = p.ends_with(".sql");
        if schema_file && !dp.schema_files.iter().any(|(f, _)| f.ends_with(&p)) {
            continue;
        }
        prov.push(format!("  {h}  {p}"));
    }
    prov.push(
        "generated by ismig: do not edit; regenerate and compare with `ismig check`".to_string(),
    );
    let bytes = script::format(&prov, client, &statements, &trailing).into_bytes();
    Ok(Some(OutputFile {
        path: format!("{}/{}", dp.dialect, kind.file_name()),
        bytes,
        statements: if opts.keep_statements {
            statements.into_iter().map(|s| s.body).collect()
        } else {
            Vec::new()
        },
        dialect: Some(dp.dialect),
        client: Some(client.name),
    }))
}

/// Renders every file of a run.
pub fn render(
    config: &Config,
    plan: &Plan,
    warnings: &Diagnostics,
    opts: &RenderOptions,
) -> Result<Rendered, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut files = Vec::new();
    let mut dialect_scripts: Vec<(Dialect, &'static ClientProfile, Vec<ScriptKind>)> = Vec::new();
    let mut migration_decisions: Vec<(Dialect, Vec<migration::Decision>)> = Vec::new();
    for dp in &plan.dialects {
        let rules = dp.dialect.rules();
        let client = match client_for(rules, opts) {
            Ok(c) => c,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let mut base = view_of(dp, plan.batch_size);
        let mut kinds = Vec::new();
        for kind in ScriptKind::SYNC {
            match render_in(config, dp, &mut base, kind, client, opts) {
                Ok(Some(f)) => {
                    files.push(f);
                    kinds.push(kind);
                }
                Ok(None) => diags.push(Diagnostic::error(
                    "E090",
                    format!(
                        "dialect {} has no template for {}",
                        dp.dialect,
                        kind.file_name()
                    ),
                )),
                Err(d) => diags.push(d),
            }
        }
        let decisions =
            migration::decide(config, &|k| (rules.templates.render)(k, &base).is_some());
        if decisions.iter().any(|d| d.generated) {
            let catalog = config
                .step
                .as_ref()
                .map(|s| crate::catalog::load(s.new_tables_catalog))
                .unwrap_or_else(|| Err("no version step".to_string()));
            match catalog {
                Err(e) => diags.push(Diagnostic::error("E090", format!("catalog: {e}"))),
                Ok(catalog) => {
                    let mut mbase = base.clone();
                    mbase.mig = migration::view(rules, config, &catalog);
                    for (kind, d) in migration::KINDS.iter().zip(&decisions) {
                        if !d.generated {
                            continue;
                        }
                        if *kind == ScriptKind::Db2Move && mbase.mig.db2_schema.is_empty() {
                            diags.push(Diagnostic::error(
                                "E080",
                                "the DB2 schema for ADMIN_MOVE_TABLE is not known: give --db2-schema NAME",
                            ));
                            continue;
                        }
                        match render_script(config, dp, &mbase, *kind, client, opts) {
                            Ok(Some(f)) => {
                                files.push(f);
                                kinds.push(*kind);
                            }
                            Ok(None) => {}
                            Err(d) => diags.push(d),
                        }
                    }
                }
            }
        }
        kinds.sort();
        dialect_scripts.push((dp.dialect, client, kinds));
        migration_decisions.push((dp.dialect, decisions));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let plan_md = plan_md::render(
        config,
        plan,
        &dialect_scripts,
        &migration_decisions,
        warnings,
        opts,
    );
    let report = report::render(
        config,
        plan,
        &dialect_scripts,
        &migration_decisions,
        warnings,
        opts,
    );
    for (path, text) in [("PLAN.md", plan_md), ("report.json", report)] {
        files.push(OutputFile {
            path: path.to_string(),
            bytes: text.into_bytes(),
            statements: Vec::new(),
            dialect: None,
            client: None,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Rendered { files })
}

/// What a [`preview`] renders beyond the defaults.
#[derive(Clone, Debug, Default)]
pub struct PreviewOptions {
    /// Client profile name (`ssms`, …); None = the dialect's default.
    pub client: Option<String>,
    /// A database name both datasources' JDBC URLs name: the scripts get the wrong-target guard.
    pub guard_database: Option<String>,
}

/// Renders the sync scripts of one dialect straight from a schema and a list of sync tables,
/// without configuration files (no guard, default client). For tests and previews.
pub fn preview(
    dialect: Dialect,
    schema: &crate::schema::Schema,
    tables: &[&str],
) -> Result<Vec<OutputFile>, Diagnostics> {
    preview_with(dialect, schema, tables, &PreviewOptions::default())
}

/// [`preview`] with a client profile and / or a wrong-target guard, through the same templates,
/// formatter and provenance header as `generate`.
pub fn preview_with(
    dialect: Dialect,
    schema: &crate::schema::Schema,
    tables: &[&str],
    preview: &PreviewOptions,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let named: Vec<(String, Option<crate::diag::Location>)> =
        tables.iter().map(|t| (t.to_string(), None)).collect();
    let dp = crate::model::plan_dialect(dialect, &named, schema, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let side = |id: &str| {
        preview
            .guard_database
            .as_ref()
            .map(|db| crate::config::Datasource {
                id: id.to_string(),
                jndi: None,
                url: String::new(),
                dialect,
                database: Some(db.clone()),
                schema: None,
                defined_in: "preview".to_string(),
                location: None,
            })
    };
    let config = Config {
        sync: None,
        source: side("source"),
        target: side("target"),
        migration: None,
        registry: None,
        step: None,
        dialects: vec![dialect],
        env_vars_used: Vec::new(),
        inputs: Vec::new(),
        registry_cleanup_flag: None,
        db2_schema: None,
    };
    let opts = RenderOptions {
        client: preview.client.clone(),
        keep_statements: true,
        ..RenderOptions::default()
    };
    let client = client_for(dialect.rules(), &opts).map_err(Diagnostics::from)?;
    let mut base = view_of(&dp, 100);
    let mut files = Vec::new();
    for kind in ScriptKind::SYNC {
        match render_in(&config, &dp, &mut base, kind, client, &opts) {
            Ok(Some(f)) => files.push(f),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(files)
    }
}
