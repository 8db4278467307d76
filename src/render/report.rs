//! report.json: the machine-readable account of a run — inputs and their hashes, the datasources
//! (no passwords, no environment values), every generated name with the full form of any name cut
//! by WSO2's rule, decisions, the runbook's steps and warnings. The tool version appears here and nowhere else.

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
    #[serde(serialize_with = "as_text")]
    journal_type: JournalType<'a>,
    trigger_access: crate::dialect::ColumnAccess,
}

#[derive(Serialize)]
struct DialectReport<'a> {
    dialect: Dialect,
    client: &'static str,
    files: Vec<String>,
    /// Each script of the version step: generated or skipped, and why.
    migration_files: Vec<&'a super::migration::Decision>,
    tables: Tables<'a>,
    decisions: &'a [Decision],
    /// The migration client's versions and migrators, each schema step with every statement of
    /// its dbscript (file:line, what was done), when migration-resources was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    client_steps: Option<&'a crate::model::steps::ClientPlan>,
    /// The checks `80-rehearse-source.sql` makes: table, check, the journal row expected.
    rehearsal_checks: Vec<super::rehearsal::CheckSummary>,
}

/// A dialect's tables, each made into a [`TableReport`] as it is written: 10,000 tables' reports
/// are never held at once.
struct Tables<'a>(&'a crate::model::DialectPlan);

impl Serialize for Tables<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let dp = self.0;
        s.collect_seq(dp.tables.iter().map(|t| table_report(t, dp.dialect)))
    }
}

fn table_report(t: &crate::model::SyncTable, dialect: Dialect) -> TableReport<'_> {
    let rules = dialect.rules();
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
                journal_type: JournalType(rules, &c.ty),
                trigger_access: c.access,
            })
            .collect(),
        names: t.names(dialect).collect(),
    }
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
    /// The version step (`<from> → <to>`), when known.
    migration_step: Option<String>,
    /// Why no migration script is generated at all, when that is so.
    migration_skipped: Option<String>,
    /// The migration client configurations written for its client-only steps.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    client_configs: Vec<String>,
    /// Every step of PLAN.md, in order, dialect after dialect (the same list PLAN.md shows).
    runbook: Vec<super::runbook::Step>,
    dialects: Vec<DialectReport<'a>>,
    warnings: Vec<&'a Diagnostic>,
}

/// A journal column's type, written into the JSON string as it is formatted (no string per
/// column).
struct JournalType<'a>(
    &'a crate::dialect::DialectRules,
    &'a crate::model::ColumnType,
);

fn as_text<S: serde::Serializer>(t: &JournalType<'_>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&super::view::journal_type(t.0, t.1))
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
        client_configs: super::client_configs(run)
            .into_iter()
            .map(|c| c.path)
            .collect(),
        runbook: super::runbook::runbooks(run)
            .into_iter()
            .flat_map(|(_, _, steps)| steps)
            .collect(),
        dialects: plan
            .dialects
            .iter()
            .map(|dp| {
                let (client, files) = scripts
                    .iter()
                    .find(|(d, _, _)| *d == dp.dialect)
                    .map(|(_, c, k)| {
                        (
                            c.name,
                            k.iter()
                                .map(|k| {
                                    format!("{}/{}", dp.dialect, k.file_name(config.step.as_ref()))
                                })
                                .collect(),
                        )
                    })
                    .unwrap_or(("", Vec::new()));
                let client_steps = plan.client.iter().find(|c| c.dialect == dp.dialect);
                let mut files: Vec<String> = files;
                files.extend(
                    client_steps
                        .iter()
                        .flat_map(|c| c.scripts())
                        .map(|s| format!("{}/{}", dp.dialect, s.file)),
                );
                files.extend(
                    client_steps
                        .iter()
                        .flat_map(|c| c.versions.iter())
                        .filter_map(|v| v.precheck.as_ref())
                        .map(|p| format!("{}/{}", dp.dialect, p.file)),
                );
                if client_steps.is_some() {
                    files.sort();
                }
                DialectReport {
                    client_steps,
                    dialect: dp.dialect,
                    client,
                    files,
                    migration_files: migration
                        .iter()
                        .filter(|(d, _)| *d == dp.dialect)
                        .flat_map(|(_, m)| m.iter())
                        .collect(),
                    tables: Tables(dp),
                    decisions: &dp.decisions,
                    rehearsal_checks: super::rehearsal::Rehearsal::summary(
                        &dp.tables,
                        dp.dialect.rules(),
                    ),
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
    let mut json = serde_json::Serializer::with_formatter(&mut buf, Layout::default());
    report.serialize(&mut json).map_err(std::io::Error::other)?;
    std::io::Write::write_all(&mut buf, b"\n")?;
    std::io::Write::flush(&mut buf)
}

/// Nesting level (1 = inside the top object) from which a container is written on one line: a
/// column (`dialects[].tables[].columns[]`) or a generated name (`….names[]`) is one line each,
/// so that a report of 10,000 tables stays readable, diffable by line and about half the size.
const ONE_LINE_FROM: usize = 7;

/// serde_json's pretty layout (two spaces per level), except that containers nested
/// [`ONE_LINE_FROM`] deep are written on one line (`{"name": "A", "kind": "trigger"}`).
#[derive(Default)]
struct Layout {
    level: usize,
    has_value: bool,
}

impl Layout {
    fn one_line(&self) -> bool {
        self.level >= ONE_LINE_FROM
    }
    fn begin<W: ?Sized + std::io::Write>(&mut self, w: &mut W, open: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(open)
    }
    fn end<W: ?Sized + std::io::Write>(&mut self, w: &mut W, close: &[u8]) -> std::io::Result<()> {
        let one_line = self.one_line();
        self.level -= 1;
        if self.has_value && !one_line {
            self.newline(w)?;
        }
        w.write_all(close)
    }
    fn item<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        if self.one_line() {
            return w.write_all(if first { b"" } else { b", " });
        }
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w, self.level)
    }
    fn newline<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b"\n")?;
        self.indent(w, self.level)
    }
    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W, level: usize) -> std::io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        let mut n = level * 2;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Layout {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.begin(w, b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.end(w, b"]")
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.begin(w, b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.end(w, b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(v: &serde_json::Value) -> String {
        let mut out = Vec::new();
        let mut json = serde_json::Serializer::with_formatter(&mut out, Layout::default());
        v.serialize(&mut json).expect("a Value serializes");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    #[test]
    fn pretty_above_the_one_line_level_and_one_line_below() {
        // levels: 1 top object, 2 a, 3 object, 4 b, 5 object, 6 c, 7 the leaves (a Value
        // sorts its keys)
        let v = serde_json::json!({
            "a": [{"b": [{"c": [{"name": "X", "k": [1, 2]}, {}], "e": []}]}],
            "z": 1
        });
        let text = layout(&v);
        assert_eq!(
            text,
            r#"{
  "a": [
    {
      "b": [
        {
          "c": [
            {"k": [1, 2], "name": "X"},
            {}
          ],
          "e": []
        }
      ]
    }
  ],
  "z": 1
}"#
        );
        // the same document as serde_json reads it
        let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(back, v);
        // shallow documents are exactly serde_json's pretty layout
        let shallow = serde_json::json!({"a": [1, {"b": null}], "c": {}, "d": []});
        assert_eq!(
            layout(&shallow),
            serde_json::to_string_pretty(&shallow).expect("pretty")
        );
    }
}
