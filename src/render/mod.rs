//! The `render` stage: [`Plan`] → [`Output`]. [`prepare`] decides every file of a run (which
//! scripts each dialect gets, the client profile, the version step decisions) and reports every
//! problem before anything is written; [`Output::write_file`] then renders one file straight into
//! a writer: view-models borrowed from the plan (`view`), each dialect's askama templates
//! (`templates/<dialect>/<file>.sql`, the same file names in every folder) and the one streaming
//! script formatter (`script`); also PLAN.md and report.json (`plan_md`, `report`), both showing
//! the runbook's steps (`runbook`).
//! [`Output::to_rendered`] renders every file into memory ([`Rendered`], for tests, previews and
//! `check`). Pure: the writer is the caller's.

pub mod client_config;
pub mod explain;
pub mod migration;
pub mod plan_md;
pub mod rehearsal;
pub mod report;
pub mod runbook;
pub mod script;
pub mod templates;
pub mod verify;
pub mod view;

use std::borrow::Cow;

use serde::Serialize;

use crate::config::{Config, VersionStep};
use crate::diag::{Diagnostic, Diagnostics};
use crate::dialect::{ClientProfile, Dialect, DialectRules};
use crate::model::steps::{ClientPlan, Precheck, StepScript};
use crate::model::{DialectPlan, Plan};
use view::{GuardView, View, sql_string};

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
    TargetRemoveCopied,
    Verify,
    TargetVerify,
    Monitor,
    TargetMonitor,
    SchemaVerify,
    Rehearse,
    SourceCleanup,
    TargetCleanup,
    /// A compiled schema step of the migration client (one file per `SchemaMigrator` entry,
    /// named by the step: `4NN-schema-<version>-<location>-<schema>.sql`).
    SchemaStep,
    /// The read-only data checks before a version's schema steps (`4NN-precheck-<version>.sql`).
    Precheck,
}

impl ScriptKind {
    pub const SYNC: [ScriptKind; 11] = [
        ScriptKind::Preflight,
        ScriptKind::SourceSetup,
        ScriptKind::TargetSetup,
        ScriptKind::TargetRemoveCopied,
        ScriptKind::Verify,
        ScriptKind::TargetVerify,
        ScriptKind::Monitor,
        ScriptKind::TargetMonitor,
        ScriptKind::Rehearse,
        ScriptKind::SourceCleanup,
        ScriptKind::TargetCleanup,
    ];

    /// File name in `out/<dialect>/`: the template's, except that the new tables' file names
    /// the version step (`03-new-tables-<step>.sql`; the template is `03-new-tables.sql`).
    pub fn file_name(self, step: Option<&VersionStep>) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            ScriptKind::Preflight => "00-preflight-source.sql",
            ScriptKind::RegistryCleanup => "01-registry-versioning-cleanup.sql",
            ScriptKind::Db2Move => "02-db2-move-oauth2-tables.sql",
            ScriptKind::NewTables => {
                let step = step.map_or("", |s| s.to.as_str());
                return Cow::Owned(format!("03-new-tables-{step}.sql"));
            }
            ScriptKind::SourceSetup => "10-sync-source-setup.sql",
            ScriptKind::TargetSetup => "11-sync-target-setup.sql",
            ScriptKind::TargetRemoveCopied => "12-sync-target-remove-copied.sql",
            ScriptKind::Verify => "20-sync-verify-source.sql",
            ScriptKind::TargetVerify => "21-sync-verify-target.sql",
            ScriptKind::Monitor => "30-sync-monitor-source.sql",
            ScriptKind::TargetMonitor => "31-sync-monitor-target.sql",
            ScriptKind::SchemaVerify => {
                return Cow::Owned(match step {
                    Some(s) => format!("50-schema-verify-{}.sql", s.to),
                    None => "50-schema-verify.sql".to_string(),
                });
            }
            ScriptKind::Rehearse => "80-rehearse-source.sql",
            ScriptKind::SourceCleanup => "90-sync-source-cleanup.sql",
            ScriptKind::TargetCleanup => "91-sync-target-cleanup.sql",
            ScriptKind::SchemaStep => "40-schema-step.sql",
            ScriptKind::Precheck => "40-precheck.sql",
        })
    }

    pub fn role(self) -> Role {
        match self {
            ScriptKind::RegistryCleanup => Role::Registry,
            ScriptKind::Db2Move
            | ScriptKind::SchemaStep
            | ScriptKind::Precheck
            | ScriptKind::NewTables
            | ScriptKind::TargetSetup
            | ScriptKind::TargetRemoveCopied
            | ScriptKind::TargetVerify
            | ScriptKind::TargetMonitor
            | ScriptKind::SchemaVerify
            | ScriptKind::TargetCleanup => Role::Target,
            _ => Role::Source,
        }
    }

    /// The database the provenance header says the script runs on.
    pub fn run_on(self) -> &'static str {
        match self {
            ScriptKind::Rehearse => {
                "a REHEARSAL COPY of the SOURCE identity database, never the live source"
            }
            _ => self.role().title(),
        }
    }

    /// What the script does (its provenance header); a version step's scripts say it in the
    /// step's words.
    pub fn title(self, step: Option<&VersionStep>) -> &str {
        let text = step.map(|s| &s.catalog.text);
        match self {
            ScriptKind::Preflight => "preflight checks before the sync setup (read-only)",
            ScriptKind::RegistryCleanup => text.map_or("", |t| &t.registry_cleanup_title),
            ScriptKind::Db2Move => text.map_or("", |t| &t.db2_move_title),
            ScriptKind::NewTables => text.map_or("", |t| &t.new_tables_title),
            ScriptKind::SourceSetup => "zero-downtime sync setup: journal tables and row triggers",
            ScriptKind::TargetSetup => "zero-downtime sync setup: version tables",
            ScriptKind::TargetRemoveCopied => {
                "remove the sync triggers, trigger functions and journal tables the copy brought along"
            }
            ScriptKind::Verify => "verify every sync object exists and is enabled (read-only)",
            ScriptKind::TargetVerify => {
                "verify the target is ready for the sync runtime: tables, columns, version tables, nothing copied left (read-only)"
            }
            ScriptKind::TargetMonitor => {
                "sync monitor: the SYNC_ID each version table has reached (read-only)"
            }
            ScriptKind::Monitor => {
                "sync monitor: journal size, max SYNC_ID, SYNC_ID gaps (read-only)"
            }
            ScriptKind::SchemaVerify => {
                "post-migration schema check: the target's tables, columns, keys and indexes against the fresh-install schema (read-only)"
            }
            ScriptKind::Rehearse => {
                "rehearsal on a COPY of the source only: changes to every sync table, the journal rows checked against the expected ones, everything rolled back"
            }
            ScriptKind::SourceCleanup => {
                "sync cleanup: triggers, trigger functions, journal tables"
            }
            ScriptKind::TargetCleanup => "sync cleanup: version tables",
            ScriptKind::SchemaStep => {
                "a schema step of WSO2's migration client, compiled: create-if-missing, any other error stops"
            }
            ScriptKind::Precheck => {
                "data checks before a version's schema steps: every key and NOT NULL they add (read-only)"
            }
        }
    }
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

/// The datasource a script of `role` runs on, when its URL is of `dialect`: a URL of another
/// dialect (`--dialect all`) names no database or schema this dialect's scripts can check.
fn datasource_for(
    config: &Config,
    role: Role,
    dialect: Dialect,
) -> Option<&crate::config::Datasource> {
    match role {
        Role::Source => config.source.as_ref(),
        Role::Target => config.target.as_ref(),
        Role::Registry => None,
    }
    .filter(|d| d.dialect == dialect)
}

/// The schema a script of `role` sets right after its guard: its URL's (`currentSchema=`,
/// `;SCHEMA=`); on the target of a dialect that moves the OAuth2 tables, `--db2-schema` first.
fn schema_for(config: &Config, role: Role, dialect: Dialect) -> Vec<String> {
    let given = config
        .db2_schema
        .clone()
        .filter(|_| role == Role::Target && dialect.rules().moves_oauth2_tables);
    given
        .or_else(|| datasource_for(config, role, dialect).and_then(|d| d.schema.clone()))
        .into_iter()
        .collect()
}

fn guard_for(config: &Config, role: Role, dialect: Dialect) -> Vec<GuardView> {
    let Some(ds) = datasource_for(config, role, dialect) else {
        return Vec::new();
    };
    let user = ds
        .username
        .as_ref()
        .filter(|_| ds.dialect.rules().user_is_schema)
        .map(|u| sql_string(&u.to_ascii_uppercase()));
    ds.database
        .clone()
        .map(|name| GuardView {
            name_lit: sql_string(&name),
            upper_lit: sql_string(&name.to_ascii_uppercase()),
            name,
            role: if role == Role::Target {
                "target"
            } else {
                "source"
            },
            user_upper_lit: user.into_iter().collect(),
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

/// What one file of a run is: rendered only when it is written.
#[derive(Clone, Debug)]
enum FileKind {
    /// A script of `plan.dialects[dialect]`.
    Script {
        dialect: usize,
        kind: ScriptKind,
        client: &'static ClientProfile,
    },
    /// A compiled schema step: script `script` of `plan.client[client_plan]`.
    Step {
        dialect: usize,
        client_plan: usize,
        script: usize,
        client: &'static ClientProfile,
    },
    /// The precheck of version `version` of `plan.client[client_plan]`.
    Precheck {
        dialect: usize,
        client_plan: usize,
        version: usize,
        client: &'static ClientProfile,
    },
    /// The migration client's configuration for one of its runs.
    ClientConfig(usize),
    Plan,
    Report,
}

/// Why a file of a run could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// The destination failed.
    Io(std::io::Error),
    /// A template or the formatter failed (a bug in ismig): E090.
    Render(Box<Diagnostic>),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Io(e) => write!(f, "{e}"),
            WriteError::Render(d) => write!(f, "{}", d.message),
        }
    }
}

impl WriteError {
    /// A script of `path` failed: its destination (Io) or its template (E090).
    fn of_script(path: &str, e: script::ScriptError) -> WriteError {
        match e {
            script::ScriptError::Io(e) => WriteError::Io(e),
            script::ScriptError::Template(m) => WriteError::Render(Box::new(Diagnostic::error(
                "E090",
                format!("template {path}: {m}"),
            ))),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Everything a run writes, decided but not yet rendered: the file list (sorted by path) and
/// what each file needs. [`Output::write_file`] renders one file straight into a writer, one
/// statement at a time, so a run never holds a whole script (let alone the whole output) in
/// memory. Every choice that can fail on the inputs (client profile, DB2 schema, catalog) is made
/// by [`prepare`], before any byte is written.
pub struct Output<'a> {
    config: &'a Config,
    plan: &'a Plan,
    warnings: &'a Diagnostics,
    opts: RenderOptions,
    /// Per dialect plan: the version step scripts' view, when any is generated.
    migration_views: Vec<Option<migration::MigrationView>>,
    scripts: Vec<(Dialect, &'static ClientProfile, Vec<ScriptKind>)>,
    migration_decisions: Vec<(Dialect, Vec<migration::Decision>)>,
    files: Vec<(String, FileKind)>,
}

/// Decides every file of a run (see [`Output`]).
pub fn prepare<'a>(
    config: &'a Config,
    plan: &'a Plan,
    warnings: &'a Diagnostics,
    opts: &RenderOptions,
) -> Result<Output<'a>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut files = Vec::new();
    let mut scripts = Vec::new();
    let mut migration_decisions = Vec::new();
    let mut migration_views = Vec::new();
    for (i, dp) in plan.dialects.iter().enumerate() {
        let rules = dp.dialect.rules();
        let client = match client_for(rules, opts) {
            Ok(c) => c,
            Err(d) => {
                diags.push(d);
                migration_views.push(None);
                continue;
            }
        };
        let set = templates::for_dialect(dp.dialect);
        let mut kinds = Vec::new();
        for kind in ScriptKind::SYNC {
            if has_template(set, dp.dialect, kind, &mut diags) {
                kinds.push(kind);
            }
        }
        let decisions = migration::decide(config, &|k| (set.has)(k));
        let mut mview = None;
        if let Some(step) = config
            .step
            .as_ref()
            .filter(|_| decisions.iter().any(|d| d.generated))
        {
            let mv = migration::view(rules, config, step.catalog);
            for (kind, d) in migration::KINDS.iter().zip(&decisions) {
                if !d.generated || !(set.has)(*kind) {
                    continue;
                }
                if *kind == ScriptKind::Db2Move && mv.db2_schema.is_empty() {
                    diags.push(Diagnostic::error(
                        "E080",
                        "the DB2 schema for ADMIN_MOVE_TABLE is not known: give --db2-schema NAME",
                    ));
                    continue;
                }
                kinds.push(*kind);
            }
            mview = Some(mv);
        }
        if let Some(ci) = plan.client.iter().position(|c| c.dialect == dp.dialect) {
            let cp = &plan.client[ci];
            let has_prechecks = cp.versions.iter().any(|v| v.precheck.is_some());
            if has_prechecks && has_template(set, dp.dialect, ScriptKind::Precheck, &mut diags) {
                for (j, v) in cp.versions.iter().enumerate() {
                    if let Some(p) = &v.precheck {
                        files.push((
                            format!("{}/{}", dp.dialect, p.file),
                            FileKind::Precheck {
                                dialect: i,
                                client_plan: ci,
                                version: j,
                                client,
                            },
                        ));
                    }
                }
            }
            let has_steps = cp.scripts().next().is_some();
            if has_steps && has_template(set, dp.dialect, ScriptKind::SchemaStep, &mut diags) {
                for (j, st) in cp.scripts().enumerate() {
                    files.push((
                        format!("{}/{}", dp.dialect, st.file),
                        FileKind::Step {
                            dialect: i,
                            client_plan: ci,
                            script: j,
                            client,
                        },
                    ));
                }
            }
        }
        if dp.after.is_some() && has_template(set, dp.dialect, ScriptKind::SchemaVerify, &mut diags)
        {
            kinds.push(ScriptKind::SchemaVerify);
        }
        kinds.sort();
        for &kind in &kinds {
            files.push((
                format!("{}/{}", dp.dialect, kind.file_name(config.step.as_ref())),
                FileKind::Script {
                    dialect: i,
                    kind,
                    client,
                },
            ));
        }
        migration_views.push(mview);
        scripts.push((dp.dialect, client, kinds));
        migration_decisions.push((dp.dialect, decisions));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    for (i, r) in client_runs(config, plan).iter().enumerate() {
        files.push((r.path.clone(), FileKind::ClientConfig(i)));
    }
    files.push(("PLAN.md".to_string(), FileKind::Plan));
    files.push(("report.json".to_string(), FileKind::Report));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Output {
        config,
        plan,
        warnings,
        opts: opts.clone(),
        migration_views,
        scripts,
        migration_decisions,
        files,
    })
}

/// The migration client's runs for its client-only migrators, when any dialect has compiled
/// schema steps (else the runbook keeps the client's one run).
fn client_runs(config: &Config, plan: &Plan) -> Vec<client_config::ClientRun> {
    match &config.client_steps {
        Some(steps) if !plan.client.is_empty() => client_config::runs(steps),
        _ => Vec::new(),
    }
}

/// The client runs of a run (report.json, the runbook).
pub fn client_configs(run: &Run<'_>) -> Vec<client_config::ClientRun> {
    client_runs(run.config, run.plan)
}

/// What PLAN.md and report.json describe: the run's configuration and plan, the scripts each
/// dialect gets (with its client), the version step decisions and the warnings.
#[derive(Clone, Copy)]
pub struct Run<'a> {
    pub config: &'a Config,
    pub plan: &'a Plan,
    pub scripts: &'a [(Dialect, &'static ClientProfile, Vec<ScriptKind>)],
    pub migration: &'a [(Dialect, Vec<migration::Decision>)],
    pub warnings: &'a Diagnostics,
    pub opts: &'a RenderOptions,
}

impl Output<'_> {
    fn run(&self) -> Run<'_> {
        Run {
            config: self.config,
            plan: self.plan,
            scripts: &self.scripts,
            migration: &self.migration_decisions,
            warnings: self.warnings,
            opts: &self.opts,
        }
    }

    /// The files of the run, sorted: relative `/`-separated paths.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|(p, _)| p.as_str())
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when the run writes nothing.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Renders file `i` (in [`Output::paths`] order) into `w`. `keep` collects a script's
    /// statements (terminators excluded), for the re-split tests.
    pub fn write_file(
        &self,
        i: usize,
        w: &mut dyn std::io::Write,
        keep: Option<&mut Vec<String>>,
    ) -> Result<(), WriteError> {
        let Some((path, file_kind)) = self.files.get(i) else {
            return Ok(());
        };
        match file_kind {
            FileKind::Plan => plan_md::write(w, &self.run())?,
            FileKind::ClientConfig(i) => {
                if let (Some(steps), Some(r)) = (
                    &self.config.client_steps,
                    client_runs(self.config, self.plan).get(*i),
                ) {
                    w.write_all(client_config::text(steps, r).as_bytes())?;
                }
            }
            FileKind::Report => report::write(w, &self.run())?,
            FileKind::Step {
                dialect,
                client_plan,
                script,
                client,
            } => {
                let dp = &self.plan.dialects[*dialect];
                let step = self.plan.client[*client_plan].scripts().nth(*script);
                write_script(
                    self.config,
                    dp,
                    self.plan.batch_size,
                    &view::NO_MIGRATION,
                    Compiled::Step(step),
                    ScriptKind::SchemaStep,
                    client,
                    &self.opts,
                    w,
                    keep,
                )
                .map_err(|e| WriteError::of_script(path, e))?;
            }
            FileKind::Precheck {
                dialect,
                client_plan,
                version,
                client,
            } => {
                let dp = &self.plan.dialects[*dialect];
                let cp = &self.plan.client[*client_plan];
                let precheck = cp.versions.get(*version).and_then(|v| v.precheck.as_ref());
                write_script(
                    self.config,
                    dp,
                    self.plan.batch_size,
                    &view::NO_MIGRATION,
                    Compiled::Precheck(precheck, cp, *version),
                    ScriptKind::Precheck,
                    client,
                    &self.opts,
                    w,
                    keep,
                )
                .map_err(|e| WriteError::of_script(path, e))?;
            }
            FileKind::Script {
                dialect,
                kind,
                client,
            } => {
                let dp = &self.plan.dialects[*dialect];
                let mig = self.migration_views[*dialect]
                    .as_ref()
                    .unwrap_or(&view::NO_MIGRATION);
                write_script(
                    self.config,
                    dp,
                    self.plan.batch_size,
                    mig,
                    Compiled::None,
                    *kind,
                    client,
                    &self.opts,
                    w,
                    keep,
                )
                .map_err(|e| WriteError::of_script(path, e))?;
            }
        }
        Ok(())
    }

    /// Renders every file into memory (tests, `check`, previews).
    pub fn to_rendered(&self) -> Result<Rendered, Diagnostics> {
        let mut files = Vec::with_capacity(self.files.len());
        for (i, (path, file_kind)) in self.files.iter().enumerate() {
            let mut bytes = Vec::new();
            let mut statements = Vec::new();
            let keep = self.opts.keep_statements
                && matches!(
                    file_kind,
                    FileKind::Script { .. } | FileKind::Step { .. } | FileKind::Precheck { .. }
                );
            self.write_file(i, &mut bytes, keep.then_some(&mut statements))
                .map_err(|e| match e {
                    WriteError::Render(d) => Diagnostics::from(*d),
                    WriteError::Io(e) => Diagnostics::from(Diagnostic::error(
                        "E090",
                        format!("rendering {path} failed: {e}"),
                    )),
                })?;
            let (dialect, client) = match file_kind {
                FileKind::Script {
                    dialect, client, ..
                }
                | FileKind::Step {
                    dialect, client, ..
                }
                | FileKind::Precheck {
                    dialect, client, ..
                } => (
                    Some(self.plan.dialects[*dialect].dialect),
                    Some(client.name),
                ),
                _ => (None, None),
            };
            files.push(OutputFile {
                path: path.clone(),
                bytes,
                statements,
                dialect,
                client,
            });
        }
        Ok(Rendered { files })
    }
}

/// What a script of the migration client's steps renders: a compiled step, or a version's
/// precheck (with the client plan and the version's index, whose dbscripts it names).
#[derive(Clone, Copy)]
enum Compiled<'a> {
    None,
    Step(Option<&'a StepScript>),
    Precheck(Option<&'a Precheck>, &'a ClientPlan, usize),
}

/// The provenance comment of a script: what it is, where and how it runs, its inputs. A compiled
/// schema step names its dbscript (and the client's migration-config.yaml) instead of the
/// migration directory's files.
fn provenance(
    config: &Config,
    dp: &DialectPlan,
    kind: ScriptKind,
    compiled: Compiled<'_>,
    client: &ClientProfile,
    opts: &RenderOptions,
) -> Vec<String> {
    let file = match compiled {
        Compiled::Step(Some(s)) => Cow::Borrowed(s.file.as_str()),
        Compiled::Precheck(Some(p), _, _) => Cow::Borrowed(p.file.as_str()),
        _ => kind.file_name(config.step.as_ref()),
    };
    let mut prov = vec![
        format!("ismig {file}"),
        kind.title(config.step.as_ref()).to_string(),
    ];
    match compiled {
        Compiled::Step(Some(s)) => prov.push(format!(
            "{} (order {}) of IS {}: {} (variant {})",
            s.migrator, s.order, s.version, s.source, s.variant
        )),
        Compiled::Precheck(Some(p), _, _) => prov.push(format!(
            "IS {}: run before its schema steps; changes nothing",
            p.version
        )),
        _ => {}
    }
    prov.extend([
        format!("dialect: {}; client: {}", dp.dialect, client.title),
        format!("run on: {}", kind.run_on()),
        format!(
            "run with: {}",
            runbook::script_command(
                client,
                config,
                dp.dialect,
                kind,
                &format!("{}/{file}", dp.dialect)
            )
        ),
        "inputs (sha256):".to_string(),
    ]);
    match compiled {
        Compiled::Step(Some(s)) => prov.push(format!("  {}  {}", s.sha256, s.source)),
        Compiled::Precheck(_, cp, v) => {
            for s in cp.versions.get(v).into_iter().flat_map(|v| {
                v.items.iter().filter_map(|i| match i {
                    crate::model::steps::Item::Schema(s) => Some(s),
                    _ => None,
                })
            }) {
                prov.push(format!("  {}  {}", s.sha256, s.source));
            }
        }
        _ => {
            // configuration files, and the schema DDL of this dialect only
            for (p, h) in input_lines(config, &opts.dir_display) {
                let schema_file = p.ends_with(".sql");
                let read = |files: &[(String, String)]| files.iter().any(|(f, _)| f.ends_with(&p));
                let after = kind == ScriptKind::SchemaVerify
                    && dp.after.as_ref().is_some_and(|e| read(&e.files));
                if schema_file && !read(&dp.schema_files) && !after {
                    continue;
                }
                prov.push(format!("  {h}  {p}"));
            }
        }
    }
    prov.push(
        "generated by ismig: do not edit; regenerate and compare with `ismig check`".to_string(),
    );
    prov
}

/// The dialect's template set has `kind`; E090 when it does not (a build without the template
/// must not leave a script out silently).
fn has_template(
    set: &templates::TemplateSet,
    dialect: Dialect,
    kind: ScriptKind,
    diags: &mut Diagnostics,
) -> bool {
    let has = (set.has)(kind);
    if !has {
        diags.push(Diagnostic::error(
            "E090",
            format!(
                "dialect {dialect} has no template for {}",
                kind.file_name(None)
            ),
        ));
    }
    has
}

/// Renders one script of a dialect into `w`: provenance header, template, formatter.
#[allow(clippy::too_many_arguments)]
fn write_script(
    config: &Config,
    dp: &DialectPlan,
    batch_size: u32,
    mig: &migration::MigrationView,
    compiled: Compiled<'_>,
    kind: ScriptKind,
    client: &'static ClientProfile,
    opts: &RenderOptions,
    w: &mut dyn std::io::Write,
    keep: Option<&mut Vec<String>>,
) -> Result<(), script::ScriptError> {
    let rules = dp.dialect.rules();
    let v = View {
        rules,
        sync: &dp.tables,
        guard: guard_for(config, kind.role(), dp.dialect),
        schema: schema_for(config, kind.role(), dp.dialect),
        batch_size,
        mig,
        step: match compiled {
            Compiled::Step(s) => s,
            _ => None,
        },
        precheck: match compiled {
            Compiled::Precheck(p, _, _) => p,
            _ => None,
        },
        verify: verify::VerifyView {
            rules,
            expected: dp.after.as_ref().unwrap_or(&view::NO_EXPECTED),
            version: config.step.as_ref().map_or("", |s| s.to.as_str()),
        },
    };
    let prov = provenance(config, dp, kind, compiled, client, opts);
    let mut sw = script::ScriptWriter::new(w, client, &prov, keep);
    match (templates::for_dialect(dp.dialect).render_into)(kind, &v, &mut sw) {
        None => {
            return Err(script::ScriptError::Template(format!(
                "dialect {} has no template for {}",
                dp.dialect,
                kind.file_name(None)
            )));
        }
        Some(Err(e)) => {
            // a write error of the destination surfaces as a formatting error: finish reports it
            if !matches!(e, askama::Error::Fmt) {
                return Err(script::ScriptError::Template(format!(
                    "template failed: {e}"
                )));
            }
        }
        Some(Ok(())) => {}
    }
    sw.finish()
}

/// Renders every file of a run into memory.
pub fn render(
    config: &Config,
    plan: &Plan,
    warnings: &Diagnostics,
    opts: &RenderOptions,
) -> Result<Rendered, Diagnostics> {
    prepare(config, plan, warnings, opts)?.to_rendered()
}

/// Renders the sync scripts of one dialect's plan (no version step scripts, batchSize 100),
/// through the same templates, formatter and provenance header as `generate`, keeping each
/// script's statements. For tests and previews (`pipeline::preview`).
pub fn sync_scripts(
    config: &Config,
    dp: &DialectPlan,
    client: Option<String>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let dialect = dp.dialect;
    let mut diags = Diagnostics::new();
    let opts = RenderOptions {
        client,
        keep_statements: true,
        ..RenderOptions::default()
    };
    let client = client_for(dialect.rules(), &opts).map_err(Diagnostics::from)?;
    let mut files = Vec::new();
    for kind in ScriptKind::SYNC {
        if !(templates::for_dialect(dialect).has)(kind) {
            continue;
        }
        let mut bytes = Vec::new();
        let mut statements = Vec::new();
        let r = write_script(
            config,
            dp,
            100,
            &view::NO_MIGRATION,
            Compiled::None,
            kind,
            client,
            &opts,
            &mut bytes,
            Some(&mut statements),
        );
        match r {
            Ok(()) => files.push(OutputFile {
                path: format!("{dialect}/{}", kind.file_name(None)),
                bytes,
                statements,
                dialect: Some(dialect),
                client: Some(client.name),
            }),
            Err(e) => diags.push(Diagnostic::error(
                "E090",
                format!("template {dialect}/{}: {e}", kind.file_name(None)),
            )),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(files)
    }
}
