//! PLAN.md: the runbook a DBA follows and a change-approval board approves — ordered steps, each
//! with the database, the file, the exact client command, what to check after it and how to roll
//! it back; then every name WSO2's rule cut, every decision, and the runtime's known hazards.
//! The steps come from [`super::runbook`]; the text is `templates/PLAN.md`.

use askama::Template;

use crate::config::Config;
use crate::dialect::Dialect;
use crate::model::DialectPlan;

use super::runbook::{self, Database, Phase, Step, StepKind};
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
    /// The Mermaid flowchart of the applied steps, one line each.
    diagram: Vec<String>,
    /// (phase, its applied steps) — the contents by phase.
    contents: Vec<(&'static str, String)>,
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

/// A step title cut to its first clause, as a diagram or contents label: no backticks, at most
/// about 60 characters.
fn short_title(title: &str) -> String {
    let t = title.replace('`', "");
    let end = [": ", " (", "; ", ", then", " once "]
        .iter()
        .filter_map(|sep| t.find(sep))
        .min()
        .unwrap_or(t.len());
    let mut short = t[..end].trim().to_string();
    if short.chars().count() > 60 {
        let cut: String = short.chars().take(57).collect();
        short = match cut.rfind(' ') {
            Some(i) => format!("{}…", &cut[..i]),
            None => format!("{cut}…"),
        };
    }
    short
}

/// Text inside a quoted Mermaid label (quotes and angle brackets as entity codes).
fn mermaid_text(text: &str) -> String {
    text.replace('#', "#35;")
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

/// The node of a database in the diagram: (id, label).
fn database_node(
    config: &Config,
    database: &Database,
    dialect: crate::dialect::Dialect,
) -> Option<(String, String)> {
    match database {
        Database::Source => Some((
            "source".into(),
            format!(
                "source DB {}",
                runbook::db_name(config, Role::Source, dialect)
            ),
        )),
        Database::Target => Some((
            "target".into(),
            format!(
                "target DB {}",
                runbook::db_name(config, Role::Target, dialect)
            ),
        )),
        Database::Registry => Some((
            "registry".into(),
            format!(
                "registry DB {}",
                runbook::db_name(config, Role::Registry, dialect)
            ),
        )),
        Database::Datasource(id) => Some((
            format!(
                "ds_{}",
                id.chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect::<String>()
            ),
            format!("datasource {id}"),
        )),
        Database::Copy => Some((
            "copy".into(),
            format!(
                "scratch copy of source DB {}",
                runbook::db_name(config, Role::Source, dialect)
            ),
        )),
        Database::None => None,
    }
}

/// The blue-green flow as a Mermaid flowchart, from the runbook's steps: the applied steps in
/// order, grouped by phase; an arrow from each scripted step to its database labelled with the
/// generated file, the copy from source to target, the sync runtime between them.
fn diagram(config: &Config, steps: &[Step]) -> Vec<String> {
    let applied: Vec<&Step> = steps.iter().filter_map(Step::applied).collect();
    let mut lines = vec!["flowchart TB".to_string()];
    let mut databases: Vec<(String, String)> = Vec::new();
    for s in &applied {
        if let Some(node) = database_node(config, &s.database, s.dialect) {
            if !databases.iter().any(|(id, _)| *id == node.0) {
                databases.push(node);
            }
        }
    }
    for (id, label) in &databases {
        lines.push(format!("  {id}[(\"{}\")]", mermaid_text(label)));
    }
    let runtime = applied.iter().any(|s| s.kind == StepKind::SyncMonitor);
    if runtime {
        lines.push("  runtime{{\"WSO2 sync runtime\"}}".to_string());
    }
    for (i, phase) in Phase::ALL.into_iter().enumerate() {
        let in_phase: Vec<&&Step> = applied.iter().filter(|s| s.phase == phase).collect();
        if in_phase.is_empty() {
            continue;
        }
        lines.push(format!("  subgraph phase{}[\"{}\"]", i + 1, phase.title()));
        for s in in_phase {
            lines.push(format!(
                "    s{}[\"{}. {}\"]",
                s.step,
                s.step,
                mermaid_text(&short_title(&s.title))
            ));
        }
        lines.push("  end".to_string());
    }
    for pair in applied.windows(2) {
        lines.push(format!("  s{} --> s{}", pair[0].step, pair[1].step));
    }
    for s in &applied {
        let Some((db, _)) = database_node(config, &s.database, s.dialect) else {
            continue;
        };
        match (&s.file, s.kind) {
            (_, StepKind::Copy) if s.database == Database::Target => {
                lines.push(format!(
                    "  source -.->|\"{}. dump and restore\"| target",
                    s.step
                ));
            }
            (_, StepKind::SyncMonitor) => {
                lines.push("  source -.->|\"journal rows\"| runtime".to_string());
                lines.push("  runtime -.->|\"replayed changes\"| target".to_string());
                if let Some(f) = &s.file {
                    lines.push(format!(
                        "  s{} -->|\"{}\"| {db}",
                        s.step,
                        mermaid_text(file_name(f))
                    ));
                }
            }
            (Some(f), _) => lines.push(format!(
                "  s{} -->|\"{}\"| {db}",
                s.step,
                mermaid_text(file_name(f))
            )),
            (None, _) => {}
        }
    }
    lines
}

/// `<dialect>/<file>` → `<file>`.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The contents by phase: each phase's applied steps, numbered.
fn contents(steps: &[Step]) -> Vec<(&'static str, String)> {
    Phase::ALL
        .into_iter()
        .filter_map(|phase| {
            let items: Vec<String> = steps
                .iter()
                .filter_map(Step::applied)
                .filter(|s| s.phase == phase)
                .map(|s| format!("{}. {}", s.step, short_title(&s.title)))
                .collect();
            (!items.is_empty()).then(|| (phase.title(), items.join("; ")))
        })
        .collect()
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
                diagram: diagram(config, &steps),
                contents: contents(&steps),
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
