//! PLAN.md: the runbook a DBA follows and a change-approval board approves — ordered steps, each
//! with the database, the file, the exact client command, what to check after it and how to roll
//! it back; then every name WSO2's rule cut, every decision, and the runtime's known hazards.
//! The steps come from [`super::runbook`]; the text is `templates/PLAN.md`.

use askama::Template;

use crate::config::Config;
use crate::dialect::Dialect;
use crate::model::DialectPlan;

use super::runbook::{self, Step};
use super::{Role, input_lines, script::comment_safe};

/// PLAN.md's view-model: every value the template substitutes, prebuilt.
#[derive(Template)]
#[template(path = "PLAN.md")]
struct PlanMd {
    /// (path, sha256) of every input.
    inputs: Vec<(String, String)>,
    source: String,
    target: String,
    /// The versions and migration-step lines of the Databases list.
    summary: Vec<String>,
    dialects: Vec<DialectSection>,
    /// The warnings' lines, None when there is none (no heading then).
    warnings: Option<Vec<String>>,
}

/// One dialect's runbook and objects.
struct DialectSection {
    dialect: Dialect,
    client: &'static str,
    /// What to know before any step changes the source (WSO2's runtime refusing the server or
    /// the driver), one line each.
    notes: Vec<String>,
    steps: Vec<Step>,
    objects: Vec<ObjectRow>,
    /// (name, full name) of every name WSO2's rule cut; None when none was cut.
    cut: Option<Vec<(String, String)>>,
    /// The plan's decisions, one line each; None when there is none.
    decisions: Option<Vec<String>>,
    guard: &'static str,
    cascade_note: &'static str,
}

/// A row of the objects table.
struct ObjectRow {
    table: String,
    journal: String,
    version: String,
    triggers: String,
    children: String,
}

fn side_line(config: &Config, role: Role) -> String {
    let ds = match role {
        Role::Source => config.source.as_ref(),
        Role::Target => config.target.as_ref(),
        Role::Registry => None,
    };
    match ds {
        Some(d) => format!(
            "`{}`{} — {} `{}`{}",
            d.id,
            d.jndi
                .as_ref()
                .map(|j| format!(" (`{j}`)"))
                .unwrap_or_default(),
            d.dialect,
            d.url,
            d.database
                .as_ref()
                .map(|db| format!(", database `{db}`"))
                .unwrap_or_default()
        ),
        None => "not given (no datasource file; `--dialect` was used)".to_string(),
    }
}

fn object_rows(dp: &DialectPlan) -> Vec<ObjectRow> {
    dp.tables
        .iter()
        .map(|t| {
            let triggers: Vec<&str> = t.triggers.iter().map(|x| &*x.name.name).collect();
            let children: Vec<String> = t
                .children
                .iter()
                .map(|c| {
                    format!(
                        "{} (on delete of {}: pending rows of {} become DELETE; index {})",
                        c.name.name, c.parent, c.child_journal, c.index.name
                    )
                })
                .collect();
            ObjectRow {
                table: t.source.to_string(),
                journal: t.journal.name.to_string(),
                version: t.version.name.to_string(),
                triggers: triggers.join(", "),
                children: if children.is_empty() {
                    "—".to_string()
                } else {
                    children.join("; ")
                },
            }
        })
        .collect()
}

/// WSO2's sync runtime refuses some servers (SQL Server) and the MariaDB driver: said before the
/// first step, since the source is changed long before the runtime first runs.
fn runtime_notes(config: &Config, dialect: Dialect) -> Vec<String> {
    let mut notes = Vec::new();
    if config.sync.is_none() {
        return notes;
    }
    if let Some(why) = dialect.rules().runtime_refusal {
        notes.push(format!(
            "{why}. Decide how the changes reach the target before step 1 (W011)."
        ));
    }
    let mariadb = [&config.source, &config.target]
        .into_iter()
        .flatten()
        .filter(|ds| ds.dialect == dialect && ds.mariadb_driver)
        .map(|ds| format!("`{}`", ds.id))
        .collect::<Vec<_>>();
    if !mariadb.is_empty() {
        notes.push(format!(
            "WSO2's sync runtime refuses the MariaDB JDBC driver (datasource {}): give the sync tool's datasources MySQL Connector/J (`com.mysql.jdbc.Driver`, `jdbc:mysql://` URLs), which works with MariaDB servers (W012).",
            mariadb.join(", ")
        ));
    }
    notes
}

/// None for an empty list: the template shows a section only for Some.
fn non_empty<T>(v: Vec<T>) -> Option<Vec<T>> {
    (!v.is_empty()).then_some(v)
}

fn view(run: &super::Run<'_>) -> PlanMd {
    let super::Run {
        config,
        plan,
        warnings,
        opts,
        ..
    } = *run;
    let mut summary = Vec::new();
    if let Some(s) = &config.sync {
        summary.push(format!(
            "Versions: {} → {}; sync runtime batchSize {}, syncInterval {} ms",
            s.source_version.value, s.target_version.value, plan.batch_size, plan.sync_interval_ms
        ));
    }
    let to = config
        .step
        .as_ref()
        .map_or_else(crate::catalog::targets, |s| s.to.clone());
    match (&config.step, super::migration::migration_off_reason(config)) {
        (_, Some(why)) => summary.push(format!("IS {to} migration scripts: none — {why}")),
        (Some(s), None) => summary.push(format!(
            "IS {to} migration step: {} → {} (scripts 01, 02 (DB2), 03; each step below says whether it applies)",
            s.from, s.to
        )),
        (None, None) => {}
    }
    let guard_known = config
        .source
        .as_ref()
        .and_then(|s| s.database.as_ref())
        .is_some();
    let guard = if guard_known {
        "each script first checks that it is connected to the database its JDBC URL names, and stops otherwise."
    } else {
        "the JDBC URL names no database, so the scripts cannot check which database they run on: check the connection before each step."
    };
    let dialects = runbook::runbooks(run)
        .into_iter()
        .filter_map(|(dialect, client, steps)| {
            let dp = plan.dialects.iter().find(|dp| dp.dialect == dialect)?;
            Some(DialectSection {
                dialect,
                client: client.title,
                notes: runtime_notes(config, dialect),
                steps,
                objects: object_rows(dp),
                cut: non_empty(
                    dp.names()
                        .filter_map(|n| {
                            n.full.as_ref().map(|f| (n.name.to_string(), f.to_string()))
                        })
                        .collect(),
                ),
                decisions: non_empty(
                    dp.decisions
                        .iter()
                        .map(|dec| {
                            format!(
                                "{}{}: {}",
                                dec.table,
                                dec.column
                                    .as_ref()
                                    .map(|c| format!(".{c}"))
                                    .unwrap_or_default(),
                                dec.text
                            )
                        })
                        .collect(),
                ),
                guard,
                cascade_note: dialect.rules().cascade_note,
            })
        })
        .collect();
    PlanMd {
        inputs: input_lines(config, &opts.dir_display)
            .into_iter()
            .map(|(p, h)| (comment_safe(&p), h))
            .collect(),
        source: side_line(config, Role::Source),
        target: side_line(config, Role::Target),
        summary,
        dialects,
        warnings: non_empty(
            warnings
                .sorted()
                .into_iter()
                .filter(|d| !d.is_error())
                .map(|d| format!("{} {}", d.code, comment_safe(&d.message)))
                .collect(),
        ),
    }
}

/// Writes PLAN.md into `w` under the byte contract.
pub fn write(w: &mut dyn std::io::Write, run: &super::Run<'_>) -> std::io::Result<()> {
    let text = view(run).render().map_err(std::io::Error::other)?;
    super::script::write_finished(w, &text)
}
