//! The stages put together: inputs → config + schema → model → render. Shared by every command,
//! so `validate`, `explain`, `generate` and `check` see exactly the same problems.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::{self, Config};
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::dialect::Dialect;
use crate::input::{self, Inputs, Options};
use crate::model::{self, Plan};
use crate::render::{self, Output, OutputFile, RenderOptions, Rendered};
use crate::schema::{self, Schema, Wanted};

/// What the analysis stages produced, as far as the inputs allowed.
pub struct Analysis {
    pub inputs: Inputs,
    pub diags: Diagnostics,
    /// Input texts with secrets masked, for showing lines under diagnostics. Texts without a
    /// secret are shared with `inputs`, not copied.
    pub sources: SourceMap,
    pub config: Config,
    pub plan: Plan,
}

/// Reads and checks everything; never writes.
pub fn analyze(dir: &Path, opts: &Options, env: BTreeMap<String, String>) -> Analysis {
    let (mut inputs, mut diags) = input::read_dir(dir, opts, env);
    let (config, d) = config::build(&inputs, opts);
    if inputs.dir_readable {
        diags.extend(d);
    }
    // a --schema file that names no dialect is the DDL of the datasources' dialects
    if let Some(file) = inputs.schema_of_datasources.take() {
        if config.dialects.is_empty() {
            diags.push(
                Diagnostic::error(
                    "E004",
                    format!("cannot tell which dialect --schema {} is for: the datasources do not give it", file.display),
                )
                .hint("name the file <dialect>.sql (e.g. mysql.sql), or give --dialect"),
            );
        }
        for d in &config.dialects {
            inputs.schema.entry(*d).or_default().push(file.clone());
        }
    }
    if let Some(file) = inputs.schema_after_of_datasources.take() {
        if config.dialects.is_empty() {
            diags.push(
                Diagnostic::error(
                    "E004",
                    format!("cannot tell which dialect --schema-after {} is for: the datasources do not give it", file.display),
                )
                .hint("name the file <dialect>.sql (e.g. mysql.sql), or give --dialect"),
            );
        }
        for d in &config.dialects {
            inputs
                .schema_after
                .entry(*d)
                .or_default()
                .push(file.clone());
        }
    }
    inputs
        .schema_after
        .retain(|d, _| config.dialects.contains(d));
    // The schema DDL of dialects this run does not generate is listed among the inputs (with its
    // hash, above) but not kept: at 10,000 tables each file is several MB.
    inputs.schema.retain(|d, _| config.dialects.contains(d));
    let mut sources = SourceMap::default();
    let spans = config::secret_spans(&inputs);
    for f in inputs.files() {
        let mut masked: Option<String> = None;
        for (file, start, end) in &spans {
            if **file == *f.display {
                let text = masked.as_deref().unwrap_or(&f.text);
                masked = Some(config::secrets::mask(text, &[(*start, *end)]));
            }
        }
        match masked {
            Some(text) => sources.add_shared(&f.display, text.into()),
            // nothing to mask (the schema DDL, usually the largest inputs): shared, not copied
            None => sources.add_shared(&f.display, f.text.clone()),
        }
    }

    let mut schemas = BTreeMap::new();
    if let Some(sync) = &config.sync {
        // only the sync tables are parsed: the model needs no other table's columns or keys
        // (child-cleanup triggers join two sync tables)
        let wanted = Wanted::tables(sync.sync_tables.iter().map(|t| t.value.as_str()));
        for dialect in &config.dialects {
            match inputs.schema.get(dialect) {
                Some(files) if !files.is_empty() => {
                    let (mut s, d) = schema::read(*dialect, files, &wanted);
                    diags.extend(d);
                    // the rehearsal inserts a row into each table a sync table's key points at
                    schema::read_parents(&mut s, files);
                    schemas.insert(*dialect, s);
                }
                _ => diags.push(
                    Diagnostic::error("E060", format!("no schema DDL for {dialect}")).hint(
                        format!(
                            "put it at {}/schema/{dialect}.sql, or give --schema PATH",
                            inputs.dir_display
                        ),
                    ),
                ),
            }
        }
    }
    // the fresh-install schema of the version migrated to is read whole: the post-migration check
    // compares every table
    let mut after = BTreeMap::new();
    // (a path that could not be read was reported when it was read)
    let read_after = !inputs.schema_after_failed;
    if let (Some(path), Some(_), true) = (&opts.schema_after, &config.sync, read_after) {
        for dialect in &config.dialects {
            match inputs.schema_after.get(dialect) {
                Some(files) if !files.is_empty() => {
                    let (s, d) = schema::read(*dialect, files, &Wanted::All);
                    diags.extend(d);
                    after.insert(*dialect, s);
                }
                _ => diags.push(
                    Diagnostic::error(
                        "E066",
                        format!(
                            "no --schema-after DDL for {dialect} in {}",
                            input::display_path(path)
                        ),
                    )
                    .hint(format!(
                        "give the fresh-install DDL of the version migrated to as {dialect}.sql or dbscripts/identity/{dialect}.sql"
                    )),
                ),
            }
        }
    }
    // the plan takes the schemas: what the scripts need moves into it, the rest is dropped
    let (mut plan, d) = model::plan(&config, schemas, after);
    diags.extend(d);
    if let (Some(steps), Some(res)) = (&config.client_steps, &inputs.migration_resources) {
        let owner = config.target.as_ref().and_then(|t| t.username.as_deref());
        plan.client = model::steps::plan(
            &config.dialects,
            steps,
            res,
            &opts.dbscript_variants,
            owner,
            &mut diags,
        );
    }
    // the migration client's files, for showing lines under diagnostics
    if let Some(res) = &inputs.migration_resources {
        for f in res.config.iter().chain(res.scripts.iter().map(|(_, f)| f)) {
            sources.add_shared(&f.display, f.text.clone());
        }
    }
    Analysis {
        inputs,
        diags,
        sources,
        config,
        plan,
    }
}

/// Decides every file of a clean analysis (no errors), rendered when written. Problems found
/// while deciding (client profile, DB2 schema) come back as diagnostics.
pub fn output(a: &Analysis, client: Option<String>) -> Result<Output<'_>, Diagnostics> {
    let opts = RenderOptions {
        client,
        dir_display: a.inputs.dir_display.clone(),
        keep_statements: false,
    };
    render::prepare(&a.config, &a.plan, &a.diags, &opts)
}

/// Renders a clean analysis (no errors) into memory.
pub fn render(a: &Analysis, client: Option<String>) -> Result<Rendered, Diagnostics> {
    output(a, client)?.to_rendered()
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
    schema: &Schema,
    tables: &[&str],
) -> Result<Vec<OutputFile>, Diagnostics> {
    preview_with(dialect, schema, tables, &PreviewOptions::default())
}

/// [`preview`] with a client profile and / or a wrong-target guard, through the same templates,
/// formatter and provenance header as `generate`.
pub fn preview_with(
    dialect: Dialect,
    schema: &Schema,
    tables: &[&str],
    preview: &PreviewOptions,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let named: Vec<(String, Option<crate::diag::Location>)> =
        tables.iter().map(|t| (t.to_string(), None)).collect();
    let dp = model::plan_dialect(dialect, &named, schema.clone(), &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let side = |id: &str| {
        preview
            .guard_database
            .as_ref()
            .map(|db| config::Datasource {
                id: id.to_string(),
                jndi: None,
                url: String::new(),
                dialect,
                database: Some(db.clone()),
                schema: None,
                defined_in: "preview".to_string(),
                location: None,
                mariadb_driver: false,
                username: None,
                connect: None,
                tns_alias: false,
            })
    };
    let config = Config {
        other_datasources: Vec::new(),
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
        client_steps: None,
    };
    render::sync_scripts(&config, &dp, preview.client.clone())
}
