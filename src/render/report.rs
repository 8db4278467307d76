//! report.json: the machine-readable account of a run — inputs and their hashes, the datasources
//! (no passwords, no environment values), every generated name with the full form of any name cut
//! by WSO2's rule, decisions and warnings. The tool version appears here and nowhere else.

use serde::Serialize;

use crate::config::Datasource;
use crate::diag::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{Decision, Name};

use super::input_lines;

#[derive(Serialize)]
struct Input {
    path: String,
    sha256: String,
}

#[derive(Serialize)]
struct Side<'a> {
    datasource: &'a str,
    jndi: Option<&'a str>,
    dialect: Dialect,
    database: Option<&'a str>,
    schema: Option<&'a str>,
    defined_in: &'a str,
}

fn side(d: &Option<Datasource>) -> Option<Side<'_>> {
    d.as_ref().map(|d| Side {
        datasource: &d.id,
        jndi: d.jndi.as_deref(),
        dialect: d.dialect,
        database: d.database.as_deref(),
        schema: d.schema.as_deref(),
        defined_in: &d.defined_in,
    })
}

#[derive(Serialize)]
struct TableReport<'a> {
    table: &'a str,
    supported_by_wso2_runtime: bool,
    primary_key: &'a [String],
    columns: Vec<ColumnReport<'a>>,
    names: Vec<&'a Name>,
}

#[derive(Serialize)]
struct ColumnReport<'a> {
    name: &'a str,
    source_type: &'a str,
    journal_type: String,
    trigger_access: crate::dialect::ColumnAccess,
}

#[derive(Serialize)]
struct DialectReport<'a> {
    dialect: Dialect,
    client: &'static str,
    files: Vec<String>,
    /// Each IS 5.9.0 migration script: generated or skipped, and why.
    migration_files: Vec<&'a super::migration::Decision>,
    tables: Vec<TableReport<'a>>,
    decisions: &'a [Decision],
}

#[derive(Serialize)]
struct Report<'a> {
    tool: &'static str,
    version: &'static str,
    inputs: Vec<Input>,
    environment_variables_used: &'a [String],
    source: Option<Side<'a>>,
    target: Option<Side<'a>>,
    batch_size: u32,
    sync_interval_ms: u64,
    /// The version step (`5.7.0 → 5.9.0`), when known.
    migration_step: Option<String>,
    /// Why no migration script is generated at all, when that is so.
    migration_skipped: Option<String>,
    dialects: Vec<DialectReport<'a>>,
    warnings: Vec<&'a Diagnostic>,
}

/// Writes report.json into `w` (pretty JSON, one final newline), serialized as it is written.
pub fn write(w: &mut dyn std::io::Write, run: &super::Run<'_>) -> std::io::Result<()> {
    let super::Run {
        config,
        plan,
        scripts,
        migration,
        warnings,
        opts,
    } = *run;
    let sorted = warnings.sorted();
    let report = Report {
        tool: "ismig",
        version: env!("CARGO_PKG_VERSION"),
        inputs: input_lines(config, &opts.dir_display)
            .into_iter()
            .map(|(path, sha256)| Input { path, sha256 })
            .collect(),
        environment_variables_used: &config.env_vars_used,
        source: side(&config.source),
        target: side(&config.target),
        batch_size: plan.batch_size,
        sync_interval_ms: plan.sync_interval_ms,
        migration_step: config
            .step
            .as_ref()
            .map(|s| format!("{} → {}", s.from, s.to)),
        migration_skipped: super::migration::migration_off_reason(config),
        dialects: plan
            .dialects
            .iter()
            .map(|dp| {
                let rules = dp.dialect.rules();
                let (client, files) = scripts
                    .iter()
                    .find(|(d, _, _)| *d == dp.dialect)
                    .map(|(_, c, k)| {
                        (
                            c.name,
                            k.iter()
                                .map(|k| format!("{}/{}", dp.dialect, k.file_name()))
                                .collect(),
                        )
                    })
                    .unwrap_or(("", Vec::new()));
                DialectReport {
                    dialect: dp.dialect,
                    client,
                    files,
                    migration_files: migration
                        .iter()
                        .filter(|(d, _)| *d == dp.dialect)
                        .flat_map(|(_, m)| m.iter())
                        .collect(),
                    tables: dp
                        .tables
                        .iter()
                        .map(|t| {
                            let mut names = vec![&t.journal, &t.version];
                            for tr in &t.triggers {
                                names.push(&tr.name);
                                if rules.needs_trigger_functions {
                                    names.push(&tr.function);
                                }
                            }
                            for c in &t.children {
                                names.push(&c.name);
                                if rules.needs_trigger_functions {
                                    names.push(&c.function);
                                }
                                names.push(&c.index);
                            }
                            TableReport {
                                table: &t.source,
                                supported_by_wso2_runtime: t.supported,
                                primary_key: &t.primary_key,
                                columns: t
                                    .columns
                                    .iter()
                                    .map(|c| ColumnReport {
                                        name: &c.name,
                                        source_type: &c.ty.sql,
                                        journal_type: rules.journal_type(&c.ty),
                                        trigger_access: c.access,
                                    })
                                    .collect(),
                                names,
                            }
                        })
                        .collect(),
                    decisions: &dp.decisions,
                }
            })
            .collect(),
        warnings: Vec::new(),
    };
    let report = Report {
        warnings: sorted.iter().filter(|d| !d.is_error()).collect(),
        ..report
    };
    let mut buf = std::io::BufWriter::with_capacity(64 * 1024, w);
    serde_json::to_writer_pretty(&mut buf, &report).map_err(std::io::Error::other)?;
    std::io::Write::write_all(&mut buf, b"\n")?;
    std::io::Write::flush(&mut buf)
}
