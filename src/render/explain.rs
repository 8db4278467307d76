//! `ismig explain`: what would be generated and why, without writing — the resolved
//! configuration, each side's dialect, and the columns and primary key of every sync table as
//! ismig sees them, with the names it would create.

use std::fmt::Write as _;

use serde::Serialize;

use crate::config::Config;
use crate::model::Plan;

/// Human text.
pub fn human(config: &Config, plan: &Plan) -> String {
    let mut o = String::new();
    let c = config;
    if let Some(s) = &c.sync {
        let _ = writeln!(
            o,
            "versions: {} -> {}",
            s.source_version.value, s.target_version.value
        );
        let _ = writeln!(
            o,
            "batchSize: {}; syncInterval: {} ms",
            s.batch_size, s.sync_interval_ms
        );
        let t: Vec<&str> = s.sync_tables.iter().map(|t| t.value.as_str()).collect();
        let _ = writeln!(o, "syncTables: {}", t.join(", "));
    }
    for (role, ds) in [("source", &c.source), ("target", &c.target)] {
        match ds {
            Some(d) => {
                let _ = writeln!(
                    o,
                    "{role}: {} ({}) {} database={} schema={}",
                    d.id,
                    d.defined_in,
                    d.dialect,
                    d.database.as_deref().unwrap_or("-"),
                    d.schema.as_deref().unwrap_or("-")
                );
            }
            None => {
                let _ = writeln!(o, "{role}: -");
            }
        }
    }
    let d: Vec<&str> = c.dialects.iter().map(|d| d.name()).collect();
    let _ = writeln!(o, "dialects: {}", d.join(", "));
    for dp in &plan.dialects {
        let rules = dp.dialect.rules();
        let _ = writeln!(o, "\n[{}]", dp.dialect);
        for t in &dp.tables {
            let _ = writeln!(
                o,
                "{} (primary key: {})",
                t.source,
                t.primary_key.join(", ")
            );
            for col in &t.columns {
                let _ = writeln!(
                    o,
                    "  {} {} -> journal {}{}",
                    col.name,
                    col.ty.sql,
                    super::view::journal_type(rules, &col.ty),
                    if col.key { " [key]" } else { "" }
                );
            }
            let mut names = vec![t.journal.name.to_string(), t.version.name.to_string()];
            names.extend(t.triggers.iter().map(|x| x.name.name.to_string()));
            names.extend(
                t.children
                    .iter()
                    .map(|x| format!("{} (on {})", x.name.name, x.parent)),
            );
            let _ = writeln!(o, "  creates: {}", names.join(", "));
        }
        for cp in plan.client.iter().filter(|c| c.dialect == dp.dialect) {
            client_steps(&mut o, cp);
        }
    }
    o
}

/// The migration client's versions, compiled: prechecks, schema steps (what became of their
/// statements), the client's own migrators.
fn client_steps(o: &mut String, cp: &crate::model::steps::ClientPlan) {
    use crate::model::steps::{Done, Item};
    let _ = writeln!(o, "migration client ({}):", cp.resources);
    for v in &cp.versions {
        let _ = writeln!(o, "  IS {}", v.version);
        if let Some(p) = &v.precheck {
            let _ = writeln!(o, "    {}: {} checks", p.file, p.checks.len());
        }
        for item in &v.items {
            match item {
                Item::Schema(s) => {
                    let _ = writeln!(
                        o,
                        "    {}: {} ({}) from {}: {} guarded, {} unwrapped, {} verbatim, {} dropped-drop",
                        s.file,
                        s.migrator,
                        s.order,
                        s.source,
                        s.count(Done::Guarded),
                        s.count(Done::Unwrapped),
                        s.count(Done::Verbatim),
                        s.count(Done::DroppedDrop)
                    );
                }
                Item::NoScript {
                    migrator, order, ..
                } => {
                    let _ = writeln!(
                        o,
                        "    {migrator} ({order}): no dbscript for this dialect (skipped)"
                    );
                }
                Item::ClientOnly(m) => {
                    let _ = writeln!(
                        o,
                        "    {} ({}): run by the migration client",
                        m.name, m.order
                    );
                }
            }
        }
    }
}

/// JSON (stable keys).
pub fn json(config: &Config, plan: &Plan) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        config: &'a Config,
        plan: &'a Plan,
    }
    serde_json::to_string_pretty(&Doc { config, plan }).unwrap_or_else(|_| "{}".into()) + "\n"
}
