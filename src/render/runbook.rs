//! The runbook: every step of a dialect's migration, in order, as data ([`Step`]). PLAN.md
//! (`plan_md`, through its template) and report.json's `runbook` (`report`) are both made from
//! [`steps`], so a step is added by adding one entry to [`steps`] and nothing else.

use serde::Serialize;

use crate::catalog::StepText;
use crate::config::Config;
use crate::dialect::{ClientProfile, Dialect};

use crate::model::steps::{Action, ClientPlan, Done, Item, StepScript};

use super::migration::Decision;
use super::{Role, Run, ScriptKind};

/// What a step does, for automation that drives the migration from report.json.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// Done by hand: backups, files, configuration, traffic, checks of the new IS.
    Manual,
    /// The read-only preflight of the source (00).
    Preflight,
    /// Creates sync objects: journal tables and triggers (10), version tables (11).
    SyncSetup,
    /// Checks the sync objects, read-only (20).
    SyncVerify,
    /// Runs WSO2's sync runtime and watches it with the monitor (30).
    SyncMonitor,
    /// Removes sync objects (90, 91).
    SyncCleanup,
    /// Copies a database of the old IS for the new one (dump and restore): the identity
    /// database into the target, and every other datasource's database.
    Copy,
    /// A script of the version step (01, 02, 03).
    Migration,
    /// Work only WSO2's migration client does (it is run; ismig writes no SQL for it).
    ClientOnly,
    /// A schema step of the migration client, compiled into SQL.
    SchemaStep,
    /// A check that must pass before a schema step runs.
    Precheck,
    /// The check of the schema after the migration.
    SchemaVerify,
    /// A rehearsal on a copy of the source.
    Rehearsal,
}

/// The database a step runs on or changes. In report.json: `source`, `target`, `registry`,
/// `none`, or the id of another datasource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    Source,
    Target,
    /// The old IS's registry database (registry.xml's dbConfig).
    Registry,
    /// No database: files, configuration, traffic.
    None,
    /// A scratch copy of the source database, for the rehearsal.
    Copy,
    /// The database of another datasource of the datasource file, by its id.
    Datasource(String),
}

impl Serialize for Database {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            Database::Source => "source",
            Database::Target => "target",
            Database::Registry => "registry",
            Database::None => "none",
            Database::Copy => "source-copy",
            Database::Datasource(id) => id,
        })
    }
}

impl Database {
    /// The database a script of this role runs on.
    fn of(role: Role) -> Database {
        match role {
            Role::Source => Database::Source,
            Role::Target => Database::Target,
            Role::Registry => Database::Registry,
        }
    }
}

/// When a step is done, relative to the change window (PLAN.md's contents and diagram).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Prerequisites and the source's sync objects, with the old IS serving everyone.
    Before,
    /// From closing the endpoints the sync does not cover to the switch of traffic.
    Window,
    /// Cleanup and checks of the migrated IS.
    After,
}

impl Phase {
    pub const ALL: [Phase; 3] = [Phase::Before, Phase::Window, Phase::After];

    pub fn title(self) -> &'static str {
        match self {
            Phase::Before => "Before the window",
            Phase::Window => "In the window",
            Phase::After => "After the window",
        }
    }
}

/// One step of a dialect's runbook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// 1-based, in runbook order (skipped steps are numbered too).
    pub step: usize,
    pub title: String,
    pub dialect: Dialect,
    /// The database the step runs on or changes.
    pub database: Database,
    pub kind: StepKind,
    /// `<dialect>/<file>` of the script it runs, if any.
    pub file: Option<String>,
    /// The exact command, if the step has one.
    pub command: Option<String>,
    /// Why the step does not apply to this migration (listed, not done); None when it applies.
    pub skipped: Option<String>,
    /// The database, as PLAN.md describes it to the DBA.
    #[serde(skip)]
    pub where_: String,
    /// What to check after the step.
    #[serde(skip)]
    pub check: String,
    /// How to roll the step back.
    #[serde(skip)]
    pub rollback: String,
    /// When it is done, relative to the change window.
    #[serde(skip)]
    pub phase: Phase,
}

/// The endpoints WSO2's guide keeps open during the window (paraphrased; the others can be closed).
const OPEN_ENDPOINTS: &[(&str, &str)] = &[
    ("/commonauth, /authenticationendpoint", "every login"),
    (
        "/x509certificateauthenticationendpoint",
        "login with a client certificate",
    ),
    (
        "/oauth2/token, /oauth2/authorize, /oauth2/userinfo, /oauth2/introspect, /oauth2/revoke, /oauth2/jwks",
        "OAuth 2.0: tokens, authorization, user info, introspection, revocation, keys",
    ),
    (
        "/oidc/checksession, /oidc/logout",
        "OpenID Connect session check and logout",
    ),
    ("/samlsso", "SAML 2.0 single sign-on"),
    ("/passivests", "WS-Federation passive login"),
    (
        "/smsotpauthenticationendpoint, /totpauthenticationendpoint, /emailotpauthenticationendpoint",
        "second factors: SMS OTP, TOTP, e-mail OTP",
    ),
    ("/api/identity/entitlement", "XACML REST profile"),
];

/// The flags to set in the old IS's `repository/conf/registry.xml` (our snippet).
const REGISTRY_FLAGS_OFF: &str = "`<staticConfiguration>` with `<versioningProperties>false</versioningProperties>`, \
`<versioningComments>false</versioningComments>`, `<versioningTags>false</versioningTags>` and \
`<versioningRatings>false</versioningRatings>`";

/// The database name of a side as its JDBC URL gives it (a URL of this dialect only), or a
/// placeholder.
pub fn db_name(config: &Config, role: Role, dialect: Dialect) -> String {
    super::datasource_for(config, role, dialect)
        .and_then(|d| d.database.clone())
        .unwrap_or_else(|| match role {
            Role::Source => "SOURCE_DB".to_string(),
            Role::Target => "TARGET_DB".to_string(),
            Role::Registry => "REGISTRY_DB".to_string(),
        })
}

/// How the sync starts again after its objects were removed: the new journal numbers SYNC_ID from
/// 1 while the target's `*_SV` keeps its high-water mark, so the runtime would skip every new row
/// up to it — the source's cleanup and setup go with the target's and a fresh copy.
fn restart(l: &StepList<'_>) -> String {
    format!(
        "`{}` then `{}` on the source and `{}` on the target, then a fresh copy of the source into an empty target and every step after the copy again, `{}` included (a new journal numbers SYNC_ID from 1; a `*_SV` that kept its SYNC_ID makes the runtime skip every new row up to it)",
        l.file(ScriptKind::SourceCleanup),
        l.file(ScriptKind::SourceSetup),
        l.file(ScriptKind::TargetCleanup),
        l.file(ScriptKind::TargetSetup)
    )
}

/// The client's command that runs `file` on the database of `role`: `{file}`, `{db}` (the
/// database name or a placeholder), `{user}` and `{connect}` (the datasource's user and client
/// connect identifier when its URL is of this dialect; `USER` and the database otherwise).
pub fn client_command(
    client: &ClientProfile,
    config: &Config,
    dialect: Dialect,
    role: Role,
    file: &str,
) -> String {
    command_of(client.command, config, dialect, role, file)
}

/// The client's command that runs the script `kind` (`file`): [`client_command`], but the
/// rehearsal's own command where the client has one (db2 `+c`).
pub fn script_command(
    client: &ClientProfile,
    config: &Config,
    dialect: Dialect,
    kind: ScriptKind,
    file: &str,
) -> String {
    let command = if kind == ScriptKind::Rehearse && !client.rehearsal_command.is_empty() {
        client.rehearsal_command
    } else {
        client.command
    };
    command_of(command, config, dialect, kind.role(), file)
}

/// `command` with its placeholders filled in (see [`client_command`]).
fn command_of(command: &str, config: &Config, dialect: Dialect, role: Role, file: &str) -> String {
    let ds = match role {
        Role::Source => config.source.as_ref(),
        Role::Target => config.target.as_ref(),
        Role::Registry => None,
    }
    .filter(|d| d.dialect == dialect);
    let db = db_name(config, role, dialect);
    command
        .replace("{file}", file)
        .replace(
            "{user}",
            ds.and_then(|d| d.username.as_deref()).unwrap_or("USER"),
        )
        .replace(
            "{connect}",
            ds.and_then(|d| d.connect.as_deref()).unwrap_or(&db),
        )
        .replace("{db}", &db)
}

/// The runbook of every dialect of the run that has scripts, in output order, with its client.
pub fn runbooks<'r>(run: &Run<'r>) -> Vec<(Dialect, &'static ClientProfile, Vec<Step>)> {
    run.plan
        .dialects
        .iter()
        .filter_map(|dp| {
            let (_, client, kinds) = run.scripts.iter().find(|(d, _, _)| *d == dp.dialect)?;
            let decisions: &[Decision] = run
                .migration
                .iter()
                .find(|(x, _)| *x == dp.dialect)
                .map(|(_, m)| m.as_slice())
                .unwrap_or(&[]);
            let steps = steps(run, dp.dialect, client, kinds, decisions);
            Some((dp.dialect, *client, steps))
        })
        .collect()
}

/// A dialect's steps as they are added: [`StepList::add`] numbers each.
struct StepList<'a> {
    config: &'a Config,
    dialect: Dialect,
    client: &'a ClientProfile,
    kinds: &'a [ScriptKind],
    decisions: &'a [Decision],
    steps: Vec<Step>,
    /// The phase of the steps added now.
    phase: Phase,
}

impl StepList<'_> {
    fn add(&mut self, step: Step) {
        self.steps.push(Step {
            step: self.steps.len() + 1,
            ..step
        });
    }

    fn has(&self, kind: ScriptKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// Why a migration script is not written (the decision's reason).
    fn why_not(&self, kind: ScriptKind) -> String {
        self.decisions
            .iter()
            .find(|x| x.file == kind.file_name(self.config.step.as_ref()))
            .map(|x| x.reason.clone())
            .unwrap_or_else(|| "no migration step is known".to_string())
    }

    /// `<dialect>/<file>` of a script.
    fn file(&self, kind: ScriptKind) -> String {
        format!(
            "{}/{}",
            self.dialect,
            kind.file_name(self.config.step.as_ref())
        )
    }

    /// A step without file or command; the caller fills in its text.
    fn blank(&self, kind: StepKind, database: Database) -> Step {
        Step {
            step: 0,
            title: String::new(),
            dialect: self.dialect,
            database,
            kind,
            file: None,
            command: None,
            skipped: None,
            where_: String::new(),
            check: String::new(),
            rollback: String::new(),
            phase: self.phase,
        }
    }

    /// A step done by hand.
    fn manual(&self, database: Database) -> Step {
        self.blank(StepKind::Manual, database)
    }

    /// A step that runs one of the run's scripts, on the database of its role, with the
    /// client's command.
    fn script(&self, kind: StepKind, script: ScriptKind) -> Step {
        let file = self.file(script);
        let command = script_command(self.client, self.config, self.dialect, script, &file);
        Step {
            file: Some(file),
            command: Some(command),
            ..self.blank(kind, Database::of(script.role()))
        }
    }

    /// A step that does not apply to this migration, and why.
    fn skipped(&self, kind: StepKind, database: Database, title: &str, why: String) -> Step {
        Step {
            title: title.to_string(),
            skipped: Some(why),
            ..self.blank(kind, database)
        }
    }
}

/// Every step of one dialect's runbook, in the order of WSO2's migration guide: one entry per
/// step. The version step's own words come from its catalog.
fn steps(
    run: &Run<'_>,
    d: Dialect,
    client: &ClientProfile,
    kinds: &[ScriptKind],
    decisions: &[Decision],
) -> Vec<Step> {
    let config = run.config;
    let src = db_name(config, Role::Source, d);
    let tgt = db_name(config, Role::Target, d);
    let reg = db_name(config, Role::Registry, d);
    let off = super::migration::migration_off_reason(config);
    let step = config.step.as_ref();
    let text =
        |f: fn(&StepText) -> &String| step.map_or(String::new(), |s| f(&s.catalog.text).clone());
    let mut l = StepList {
        config,
        dialect: d,
        client,
        kinds,
        decisions,
        steps: Vec::new(),
        phase: Phase::Before,
    };

    // 1. prerequisites
    l.add(Step {
        title:
            "Back up the old IS's databases (identity, registry, user store) before anything else"
                .into(),
        where_: "all databases of the old IS".into(),
        check: "the backups restore on a scratch server".into(),
        rollback: "restore the backups".into(),
        ..l.manual(Database::Source)
    });
    if l.has(ScriptKind::RegistryCleanup) {
        l.add(Step {
            title: format!("Turn registry versioning off in the old IS: in `<OLD_IS_HOME>/repository/conf/registry.xml` set {REGISTRY_FLAGS_OFF}, then restart the old IS"),
            where_: "none (old IS configuration)".into(),
            check: "the old IS starts and its registry works".into(),
            rollback: "put the old registry.xml back and restart".into(),
            ..l.manual(Database::None)
        });
        l.add(Step {
            title: "Remove the registry versioning data (tags, comments, ratings and properties of old resource versions)".into(),
            where_: format!("registry database `{reg}` of the old IS (the one its registry.xml dbConfig points to)"),
            check: "it ends without error; every row of REG_RESOURCE_TAG, REG_RESOURCE_COMMENT, REG_RESOURCE_RATING and \
                    REG_RESOURCE_PROPERTY has a REG_PATH_ID. It runs in one transaction and matches on REG_TENANT_ID \
                    as well as REG_VERSION (WSO2's statements match on REG_VERSION alone, which fails or crosses \
                    tenants in a multi-tenant registry); it only fills rows whose version is a current resource, so \
                    rows already keyed by path stay, and it deletes orphans with NOT EXISTS"
                .into(),
            rollback: "restore the registry backup of step 1 (deleted history rows cannot be rebuilt)".into(),
            ..l.script(StepKind::Migration, ScriptKind::RegistryCleanup)
        });
    } else {
        let why = format!(
            "{} — if versioning was on in the old IS after all, regenerate with --registry-cleanup and set {REGISTRY_FLAGS_OFF} in the old registry.xml first",
            l.why_not(ScriptKind::RegistryCleanup)
        );
        l.add(l.skipped(
            StepKind::Migration,
            Database::Registry,
            "Registry versioning cleanup",
            why,
        ));
    }
    l.add(Step {
        title: text(|t| &t.user_store_passwords),
        where_: "none (user store files)".into(),
        check: "each secondary user store still connects in the old IS".into(),
        rollback: "restore the user store files from the backup".into(),
        ..l.manual(Database::None)
    });

    // 2. files of the new IS
    l.add(Step {
        title: text(|t| &t.prepare_new_is),
        where_: "none (files)".into(),
        check: text(|t| &t.prepare_new_is_check),
        rollback: "remove the copied files".into(),
        ..l.manual(Database::None)
    });
    l.add(Step {
        title: "Copy the keystores (`*.jks`) from `<OLD_IS_HOME>/repository/resources/security` to `<NEW_IS_HOME>/repository/resources/security`, the tenant resources from `<OLD_IS_HOME>/repository/tenants` to `<NEW_IS_HOME>/repository/tenants`, and the secondary user stores from `<OLD_IS_HOME>/repository/deployment/server/userstores` to `<NEW_IS_HOME>/repository/deployment/server/userstores`; move the configuration to `<NEW_IS_HOME>/repository/conf/deployment.toml`".into(),
        where_: "none (files)".into(),
        check: "same keystore fingerprints on both sides; the same tenant and user store folders".into(),
        rollback: "remove the copied files".into(),
        ..l.manual(Database::None)
    });

    // 3. the rehearsal on a copy of the source, then the zero-downtime preparation
    l.add(Step {
        title: format!(
            "Rehearsal on a copy of the source: restore the backup of the source into a scratch database on a server like production's, named `{src}` as the source's JDBC URL names it (or point a copy of deployment.toml at the scratch name and generate again); the next steps run on that copy, never on production"
        ),
        where_: format!("a scratch copy of source `{src}`"),
        check: "the copy holds the sync tables and their rows; the session of the next steps reaches the copy only".into(),
        rollback: "drop the copy".into(),
        ..l.blank(StepKind::Rehearsal, Database::Copy)
    });
    let on_copy = |l: &StepList<'_>, script: ScriptKind| Step {
        database: Database::Copy,
        where_: format!("the scratch copy of source `{src}`"),
        ..l.script(StepKind::Rehearsal, script)
    };
    l.add(Step {
        title: "Rehearse the preflight on the copy (read-only)".into(),
        check: "it ends without error; what it lists is what the preflight on the source will list"
            .into(),
        rollback: "nothing to roll back: it changes nothing".into(),
        ..on_copy(&l, ScriptKind::Preflight)
    });
    l.add(Step {
        title: "Rehearse the sync setup on the copy".into(),
        check: "it ends without error".into(),
        rollback: format!(
            "`{}` on the copy, or drop the copy",
            l.file(ScriptKind::SourceCleanup)
        ),
        ..on_copy(&l, ScriptKind::SourceSetup)
    });
    l.add(Step {
        title: "Rehearse the verification on the copy (read-only)".into(),
        check: "it ends without error".into(),
        rollback: "nothing to roll back: it changes nothing".into(),
        ..on_copy(&l, ScriptKind::Verify)
    });
    l.add(Step {
        title: "Run the self-checking rehearsal on the copy: it inserts, updates and deletes rows of every sync table, checks every journal row the triggers write, then rolls everything back; keep its output as the evidence for the change".into(),
        check: "every check line starts with `ok`, the verdict says `ismig rehearsal: passed`, and the client exits 0. A `FAILED:` line names the table, the check, what was expected and what the journal holds: do not go on before it passes. Report.json lists the checks".into(),
        rollback: "nothing to roll back: the script rolls back everything it did (only the SYNC_ID values its rows took are used up, harmless on a copy, and the reason it never runs on production)".into(),
        ..on_copy(&l, ScriptKind::Rehearse)
    });
    l.add(Step {
        title: "Rehearse the sync cleanup on the copy, then drop the copy".into(),
        check: "it ends without error; a second run changes nothing".into(),
        rollback: "drop the copy".into(),
        ..on_copy(&l, ScriptKind::SourceCleanup)
    });
    if l.has(ScriptKind::Preflight) {
        l.add(Step {
            title: "Preflight on the source (read-only)".into(),
            where_: format!("source `{src}`"),
            check: "it ends without error; it lists leftover sync objects (remove them with the cleanup files \
                    first), tables without a primary key, other triggers on the sync tables and missing privileges"
                .into(),
            rollback: "nothing to roll back: it changes nothing".into(),
            ..l.script(StepKind::Preflight, ScriptKind::Preflight)
        });
    }
    l.add(Step {
        title: "Create the journal tables and triggers on the source".into(),
        where_: format!("source `{src}`"),
        check: format!(
            "run the next step (`{}`): every object present and enabled. If it stops on a busy table (the \
             live IS held its lock longer than the script waits for it), run it again in a quieter moment: every \
             step is idempotent",
            l.file(ScriptKind::Verify)
        ),
        rollback: format!(
            "`{}` on the source (triggers first, then journal tables); to start the sync again later, {}",
            l.file(ScriptKind::SourceCleanup),
            restart(&l)
        ),
        ..l.script(StepKind::SyncSetup, ScriptKind::SourceSetup)
    });
    l.add(Step {
        title: "Verify the source sync objects (read-only)".into(),
        where_: format!("source `{src}`"),
        check: "it ends without error; an error names the missing or disabled object".into(),
        rollback: "nothing to roll back".into(),
        ..l.script(StepKind::SyncVerify, ScriptKind::Verify)
    });
    // the window opens when the old IS stops serving what the sync does not carry
    l.phase = Phase::Window;
    let mut open = String::from(
        "Keep only the endpoints the sync covers open on the old IS during the window; close the others:",
    );
    for (e, what) in OPEN_ENDPOINTS {
        open.push_str(&format!("\n  - `{e}` — {what}"));
    }
    l.add(Step {
        title: open,
        where_: "none (load balancer / old IS)".into(),
        check: "the closed endpoints answer with an error, the open ones work".into(),
        rollback: "open the endpoints again".into(),
        ..l.manual(Database::None)
    });
    l.add(Step {
        title: "Dump the source database and restore it into the new, empty target database (the dialect's own dump and restore at their defaults: they bring the source's sync triggers, trigger functions and journal tables along)".into(),
        where_: format!("source `{src}` → target `{tgt}`"),
        command: Some(
            d.rules()
                .copy_command
                .replace("{src}", &src)
                .replace("{tgt}", &tgt),
        ),
        check: format!(
            "the target's row counts of the sync tables match the source's at dump time; run `{}` next, before anything else on the target",
            l.file(ScriptKind::TargetRemoveCopied)
        ),
        rollback: "drop and recreate the target database".into(),
        ..l.blank(StepKind::Copy, Database::Target)
    });
    // the migration client upgrades every database the new IS points at, in place
    for ds in &config.other_datasources {
        let url = ds
            .url
            .as_ref()
            .map(|u| format!(" (`{u}`)"))
            .unwrap_or_default();
        l.add(Step {
            title: format!(
                "Copy the old IS's database of datasource `{}`{url} into a new, empty database, and point the new IS's datasource `{}` at the copy",
                ds.id, ds.id
            ),
            where_: format!("datasource `{}`: the old IS's database → its copy", ds.id),
            check: format!(
                "the new IS's deployment.toml names the copy for `{}`: none of the new IS's datasources points at a database the old IS still uses (the migration client changes it in place)",
                ds.id
            ),
            rollback: "drop the copy: the old IS's database is unchanged".into(),
            ..l.blank(StepKind::Copy, Database::Datasource(ds.id.clone()))
        });
    }
    l.add(Step {
        title: "Remove the sync triggers, trigger functions and journal tables the copy brought to the target".into(),
        where_: format!("target `{tgt}`, right after the restore"),
        check: format!(
            "it ends without error; a second run changes nothing. Left in place, every write of the new IS would \
             journal for ever, or fail where a journal table was left out of the copy; `{}` stops on any that is left",
            l.file(ScriptKind::TargetVerify)
        ),
        rollback: "restore the target from the dump again".into(),
        ..l.script(StepKind::SyncCleanup, ScriptKind::TargetRemoveCopied)
    });

    // 4. DB2 move: here, or, with the schema steps compiled, right before the steps of the
    // version that needs it (the steps of earlier versions may create TS32K and move the tables)
    let compiled = run.plan.client.iter().find(|c| c.dialect == d);
    let compiled_run = match (&off, step, compiled) {
        (None, Some(step), Some(cp)) if step.migration_client => Some(cp),
        _ => None,
    };
    if compiled_run.is_none() {
        db2_move(&mut l, &off, step, &tgt, &[]);
    }

    // 5. migration client: its schema steps compiled (with the client run only for the rest),
    // or the client's one run
    match compiled_run {
        Some(cp) => client_steps(&mut l, run, cp, &tgt, &off),
        None => client_run(&mut l, &off, step, &tgt, &text),
    }

    // 6. new tables
    let created_by_steps: Vec<String> = compiled
        .into_iter()
        .flat_map(|cp| cp.scripts())
        .filter_map(|s| {
            let tables: Vec<&str> = step
                .into_iter()
                .flat_map(|st| st.catalog.tables.iter())
                .map(|t| t.name.as_str())
                .filter(|t| s.creates_table(t))
                .collect();
            (!tables.is_empty()).then(|| format!("`{d}/{}` ({})", s.file, tables.join(", ")))
        })
        .collect();
    let also = if created_by_steps.is_empty() {
        String::new()
    } else {
        format!(
            ". The compiled schema step {} ran before it and created the same tables from WSO2's migration file; \
             this script, also create-if-missing, then finds them and creates nothing — it stays as the guide's \
             own step and catches a table the compiled step did not make",
            created_by_steps.join(", ")
        )
    };
    if l.has(ScriptKind::NewTables) {
        l.add(Step {
            title: text(|t| &t.new_tables_step),
            where_: format!("target `{tgt}`"),
            check: format!("{}{also}", text(|t| &t.new_tables_check)),
            rollback: text(|t| &t.new_tables_rollback),
            ..l.script(StepKind::Migration, ScriptKind::NewTables)
        });
    } else {
        let why = l.why_not(ScriptKind::NewTables);
        l.add(l.skipped(
            StepKind::Migration,
            Database::Target,
            step.map_or("Create the tables the version step adds", |s| {
                &s.catalog.text.new_tables_skipped
            }),
            why,
        ));
    }

    // 6b. the schema after the migration against the fresh install's (only with --schema-after)
    if l.has(ScriptKind::SchemaVerify) {
        l.add(Step {
            title: "Check the target's schema against the fresh-install schema of the version migrated to (read-only)"
                .into(),
            where_: format!("target `{tgt}`"),
            check: "it ends with 'the schema matches'. Otherwise it lists every difference and stops: a table, \
                    column, primary key, unique key or index of the fresh schema missing, a column of another type, \
                    length or nullability, a column or unique key the fresh schema does not have. Fix each (or record \
                    why it stays) before the sync runtime writes into the target"
                .into(),
            rollback: "nothing to roll back: it changes nothing".into(),
            ..l.script(StepKind::SchemaVerify, ScriptKind::SchemaVerify)
        });
    }

    // 7. target ready, sync runtime, switch, cleanup, verification
    l.add(Step {
        title: "Create the version tables on the target".into(),
        where_: format!("target `{tgt}`"),
        check: "each `*_SV` table exists with at most one row".into(),
        rollback: format!("`{}` on the target", l.file(ScriptKind::TargetCleanup)),
        ..l.script(StepKind::SyncSetup, ScriptKind::TargetSetup)
    });
    l.add(Step {
        title: "Verify the target is ready for the sync runtime (read-only), as the user the new IS connects with".into(),
        where_: format!("target `{tgt}`"),
        check: "it ends without error. An error names what is not ready: a missing table or `*_SV`, a sync trigger or \
                journal table left from the copy (run the remove step), a source column missing on the target (the \
                runtime would drop its values), a target NOT NULL column without default that the source lacks (the \
                runtime would write NULL into it and retry the batch for ever), a target primary-key column the source \
                lacks, a missing privilege, a `*_SV` already past 0 (left from an earlier run: its high-water mark would \
                make the runtime skip the new journal's rows). Character columns narrower on the target are listed"
            .into(),
        rollback: "nothing to roll back: it changes nothing".into(),
        ..l.script(StepKind::SyncVerify, ScriptKind::TargetVerify)
    });
    l.add(Step {
        title: "Run WSO2's sync runtime (`sh wso2server.sh -DsyncData -DconfigFile=<path>/sync.properties` in the sync tool) and watch it".into(),
        where_: format!("source `{src}` (monitor)"),
        check: format!(
            "run the monitor now and then: the journal grows and the target's `*_SV` SYNC_ID (next step) follows \
             its max SYNC_ID. A GAP line (a SYNC_ID gap of {} (batchSize) or more) means the runtime will stop \
             advancing at that gap for ever: stop the runtime, then restart the sync from scratch (source cleanup \
             then setup, target version tables dropped and made again, a fresh copy) or raise batchSize above the \
             gap and restart the runtime",
            run.plan.batch_size
        ),
        rollback: "stop the runtime; the journal keeps every change, a restart resumes from `*_SV`".into(),
        ..l.script(StepKind::SyncMonitor, ScriptKind::Monitor)
    });
    l.add(Step {
        title: "Watch the target's progress: the SYNC_ID each version table has reached (read-only)".into(),
        where_: format!("target `{tgt}`"),
        check: format!(
            "the target has caught up when, with the old IS's writes stopped, every `*_SV` SYNC_ID here equals the \
             max SYNC_ID of the matching journal in `{}` (a journal with no rows: no `*_SV` row or SYNC_ID 0); \
             while writes go on it trails by at most a few batches",
            l.file(ScriptKind::Monitor)
        ),
        rollback: "nothing to roll back: it changes nothing".into(),
        ..l.script(StepKind::SyncMonitor, ScriptKind::TargetMonitor)
    });
    l.add(Step {
        title: "Switch traffic to the new IS once the target's SYNC_ID equals the source's max SYNC_ID".into(),
        where_: "both".into(),
        check: "the monitor shows no pending rows; let the runtime drain the last changes, then stop it".into(),
        rollback: "switch traffic back to the old IS: it was never changed".into(),
        ..l.manual(Database::None)
    });
    l.phase = Phase::After;
    l.add(Step {
        title: "Remove the sync objects from the source".into(),
        where_: format!("source `{src}`"),
        check: "the preflight lists no leftover sync object. If it stops on a busy table (the live IS held its \
                lock longer than the script waits for it), run it again: every drop is guarded"
            .into(),
        rollback: format!(
            "never `{}` alone: {}",
            l.file(ScriptKind::SourceSetup),
            restart(&l)
        ),
        ..l.script(StepKind::SyncCleanup, ScriptKind::SourceCleanup)
    });
    l.add(Step {
        title: "Remove the version tables from the target".into(),
        where_: format!("target `{tgt}`"),
        check: "no `*_SV` table is left".into(),
        rollback: format!(
            "never `{}` alone: {}",
            l.file(ScriptKind::TargetSetup),
            restart(&l)
        ),
        ..l.script(StepKind::SyncCleanup, ScriptKind::TargetCleanup)
    });
    l.add(Step {
        title: "Verify the migrated IS: system health (CPU, memory), no errors in the logs, functional tests".into(),
        where_: "target (new IS)".into(),
        check: "the functional tests pass".into(),
        rollback: "switch traffic back to the old IS and investigate".into(),
        ..l.manual(Database::Target)
    });
    l.steps
}

/// DB2: the OAuth2 tables' indexes moved to TS32K (02), or the step to do it by hand, or why it
/// is skipped. `earlier`: the compiled schema steps that run before it.
fn db2_move(
    l: &mut StepList<'_>,
    off: &Option<String>,
    step: Option<&crate::config::VersionStep>,
    tgt: &str,
    earlier: &[&StepScript],
) {
    let d = l.dialect;
    if l.has(ScriptKind::Db2Move) {
        l.add(Step {
        title: format!(
            "Move the indexes of IDN_OAUTH2_ACCESS_TOKEN and IDN_OAUTH2_AUTHORIZATION_CODE to the TS32K tablespace (schema `{}`)",
            l.config.db2_schema.as_deref().unwrap_or("")
        ),
        where_: format!("target `{tgt}`, as a user with SQLADM or DBADM authority (ADMIN_MOVE_TABLE) and the authority to create tablespaces"),
        check: format!("it ends without error; `SELECT TABNAME, INDEX_TBSPACE FROM SYSCAT.TABLES WHERE TABNAME IN \
                ('IDN_OAUTH2_ACCESS_TOKEN', 'IDN_OAUTH2_AUTHORIZATION_CODE')` shows TS32K. SYSTOOLSPACE and \
                SYSTOOLSTMPSPACE are created only when missing; TS32K must exist already{}", moved_before(earlier)),
        rollback: "ADMIN_MOVE_TABLE back to the previous index tablespace, or restore the target from the dump".into(),
        ..l.script(StepKind::Migration, ScriptKind::Db2Move)
    });
    } else if d.rules().moves_oauth2_tables
        && off.is_none()
        && step.is_some_and(|s| s.catalog.db2_move)
    {
        // required by the version step, but ismig cannot write it without the schema: the DBA does it
        l.add(Step {
        title: "DB2: move the indexes of IDN_OAUTH2_ACCESS_TOKEN and IDN_OAUTH2_AUTHORIZATION_CODE to the TS32K tablespace (by hand: the schema of the OAuth2 tables is not known, so no script was written)".into(),
        where_: format!("target `{tgt}`, as a user with SQLADM or DBADM authority"),
        command: Some("CALL SYSPROC.ADMIN_MOVE_TABLE(SCHEMA, TABLE, data tablespace, 'TS32K', LOB tablespace, '', '', '', '', '', 'MOVE') for each of the two tables — or regenerate with --db2-schema NAME to get the script".into()),
        check: "`SELECT TABNAME, INDEX_TBSPACE FROM SYSCAT.TABLES WHERE TABNAME IN ('IDN_OAUTH2_ACCESS_TOKEN', \
                'IDN_OAUTH2_AUTHORIZATION_CODE')` shows TS32K; the new 5.9.0 indexes cannot be created before"
            .into(),
        rollback: "ADMIN_MOVE_TABLE back to the previous index tablespace, or restore the target from the dump".into(),
        ..l.manual(Database::Target)
    });
    } else {
        let why = l.why_not(ScriptKind::Db2Move);
        l.add(l.skipped(
            StepKind::Migration,
            Database::Target,
            "DB2: move the OAuth2 tables' indexes to TS32K",
            why,
        ));
    }
}

/// What the DB2 move step says of compiled schema steps before it that call ADMIN_MOVE_TABLE
/// themselves (WSO2's dbscripts may move the same tables): both run, and whichever runs first
/// moves the indexes.
fn moved_before(earlier: &[&StepScript]) -> String {
    let calls: Vec<String> = earlier
        .iter()
        .filter_map(|s| {
            let lines: Vec<String> = s
                .statements
                .iter()
                .filter(|c| {
                    c.actions.iter().any(|a| match a {
                        Action::Verbatim { text, .. } => {
                            text.to_ascii_uppercase().contains("ADMIN_MOVE_TABLE(")
                        }
                        _ => false,
                    })
                })
                .map(|c| c.line.to_string())
                .collect();
            (!lines.is_empty()).then(|| {
                format!(
                    "`{}` (kept as WSO2 wrote it: {} line {})",
                    s.file,
                    s.source,
                    lines.join(", ")
                )
            })
        })
        .collect();
    if calls.is_empty() {
        return String::new();
    }
    format!(
        ". Compiled schema steps before it call ADMIN_MOVE_TABLE too: {}. Both run, in this order; when \
         they moved these two tables, this script finds their indexes in TS32K and moves nothing (it tests \
         INDEX_TBSPACE before each move), so it stays as the check that the indexes are there before the \
         new ones are created",
        calls.join("; ")
    )
}

/// The migration client's one run (no compiled schema steps), or why it does not run.
fn client_run(
    l: &mut StepList<'_>,
    off: &Option<String>,
    step: Option<&crate::config::VersionStep>,
    tgt: &str,
    text: &dyn Fn(fn(&StepText) -> &String) -> String,
) {
    let config = l.config;
    match (off, step) {
        (Some(r), _) => l.add(l.skipped(
            StepKind::ClientOnly,
            Database::Target,
            "Run WSO2's migration client",
            r.clone(),
        )),
        (None, Some(step)) if step.migration_client => {
            let values = config
                .migration
                .as_ref()
                .map(|m| {
                    format!(
                        "migrationEnable: \"{}\", currentVersion: \"{}\", migrateVersion: \"{}\"",
                        m.migration_enable, m.current_version.value, m.migrate_version.value
                    )
                })
                .unwrap_or_else(|| {
                    format!(
                        "migrationEnable: \"true\", currentVersion: \"{}\", migrateVersion: \"{}\" (no migration-config.yaml was given)",
                        step.from, step.to
                    )
                });
            l.add(Step {
                title: step
                    .catalog
                    .text
                    .migration_client
                    .replace("{values}", &values),
                where_: format!("target `{tgt}` (through the new IS's datasources)"),
                command: Some(
                    "sh wso2server.sh -Dmigrate -Dcomponent=identity (wso2server.bat on Windows)"
                        .into(),
                ),
                check: "the log reports the migration finished without error".into(),
                rollback: "restore the target from the dump and start again".into(),
                ..l.blank(StepKind::ClientOnly, Database::Target)
            });
        }
        (None, _) => l.add(l.skipped(
            StepKind::ClientOnly,
            Database::Target,
            "Run WSO2's migration client",
            format!(
                "the source is IS {}: {}",
                step.map_or("", |s| s.from.as_str()),
                text(|t| &t.no_migration_client)
            ),
        )),
    }
}

/// The statements of a compiled step kept as WSO2 wrote them, for the DBA to review.
fn review(s: &crate::model::steps::StepScript) -> String {
    let lines: Vec<String> = s
        .statements
        .iter()
        .filter(|c| c.done == Done::Verbatim)
        .map(|c| format!("line {} ({})", c.line, c.note))
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    format!(
        ". Review before the window, kept as WSO2 wrote them (verbatim) in `{}`: {}",
        s.source,
        lines.join("; ")
    )
}

/// The migration client's versions for a dialect whose schema steps are compiled: per version,
/// each migrator at its place — a compiled schema step (a script), or a run of the client for
/// the client-only migrators between two of them, with a configuration holding only those.
fn client_steps(
    l: &mut StepList<'_>,
    run: &Run<'_>,
    cp: &ClientPlan,
    tgt: &str,
    off: &Option<String>,
) {
    let d = l.dialect;
    let step = run.config.step.as_ref();
    let mut moved = false;
    let runs = super::client_configs(run);
    let mut next_run = runs.iter();
    l.add(Step {
        title: format!(
            "Put WSO2's migration client in place for its client-only steps below: its jar in `<NEW_IS_HOME>/repository/components/dropins` and the `migration-resources` folder ({}) in `<NEW_IS_HOME>`. The schema steps of its SchemaMigrator entries are the compiled scripts below (read from that folder's dbscripts, variant named in report.json): the client never runs them, because each of its runs gets a migration-config.yaml that holds only its own migrators",
            cp.resources
        ),
        where_: "none (files of the new IS)".into(),
        check: "`<NEW_IS_HOME>/migration-resources` holds the same files ismig read (report.json lists the dbscripts with their sha256)".into(),
        rollback: "remove the jar and the folder".into(),
        ..l.manual(Database::None)
    });
    for (i, v) in cp.versions.iter().enumerate() {
        if !moved && step.is_some_and(|s| s.catalog.step == v.version) {
            moved = true;
            let earlier: Vec<&StepScript> = cp.versions[..i]
                .iter()
                .flat_map(|v| v.items.iter())
                .filter_map(|item| match item {
                    Item::Schema(s) => Some(s),
                    _ => None,
                })
                .collect();
            db2_move(l, off, step, tgt, &earlier);
        }
        if let Some(p) = &v.precheck {
            let file = format!("{d}/{}", p.file);
            let command = client_command(l.client, l.config, d, Role::Target, &file);
            l.add(Step {
                title: format!(
                    "Precheck of IS {} (read-only): the target's data against every UNIQUE, PRIMARY KEY and NOT NULL the version's schema steps add{}",
                    p.version,
                    if d.rules().max_index_key_bytes.is_some() {
                        ", and every new index key against the server's key limit"
                    } else {
                        ""
                    }
                ),
                where_: format!("target `{tgt}`, right before the version's schema steps"),
                check: "it ends without error. An error names the constraint, the table and up to five offending keys (or the rows that break a NOT NULL): fix the data, then run it again; the comments at its top list what it cannot check".into(),
                rollback: "nothing to roll back: it changes nothing".into(),
                file: Some(file),
                command: Some(command),
                ..l.blank(StepKind::Precheck, Database::Target)
            });
        }
        let mut in_run = false;
        for item in &v.items {
            match item {
                Item::Schema(s) => {
                    in_run = false;
                    let file = format!("{d}/{}", s.file);
                    let command = client_command(l.client, l.config, d, Role::Target, &file);
                    l.add(Step {
                        title: format!(
                            "Schema step of IS {} {}/{}, compiled (the migration client's {}, order {}) from `{}`: {} guarded, {} unwrapped from WSO2's helper procedures, {} verbatim (review: listed in report.json), {} DROP TABLE before a CREATE not written",
                            s.version,
                            s.location,
                            s.schema,
                            s.migrator,
                            s.order,
                            s.source,
                            s.count(Done::Guarded),
                            s.count(Done::Unwrapped),
                            s.count(Done::Verbatim),
                            s.count(Done::DroppedDrop)
                        ),
                        where_: format!("target `{tgt}`"),
                        check: format!(
                            "it ends without error (any error stops it: nothing is skipped or swallowed); run again, it changes nothing{}",
                            review(s)
                        ),
                        rollback: "restore the target from the dump and start the migration steps again (the DDL commits statement by statement)".into(),
                        file: Some(file),
                        command: Some(command),
                        ..l.blank(StepKind::SchemaStep, Database::Target)
                    });
                }
                Item::NoScript {
                    migrator,
                    order,
                    location,
                    schema,
                } => {
                    in_run = false;
                    l.add(l.skipped(
                        StepKind::SchemaStep,
                        Database::Target,
                        &format!("Schema step of IS {} {location}/{schema} (the migration client's {migrator}, order {order})", v.version),
                        format!("migration-resources has no {d} dbscript for it: WSO2's client skips it too"),
                    ));
                }
                Item::ClientOnly(_) if in_run => {}
                Item::ClientOnly(_) => {
                    in_run = true;
                    let Some(r) = next_run.next() else { continue };
                    let names: Vec<&str> = r.migrators.iter().map(|m| m.name.as_str()).collect();
                    l.add(Step {
                        title: format!(
                            "Migration client for IS {} {} only (copy `{}` over `<NEW_IS_HOME>/migration-resources/migration-config.yaml`), then start the new IS with the client and stop it when the log says the migration finished",
                            r.version,
                            names.join(", "),
                            r.path
                        ),
                        where_: format!("target `{tgt}` (through the new IS's datasources)"),
                        command: Some(
                            "sh wso2server.sh -Dmigrate -Dcomponent=identity (wso2server.bat on Windows)".into(),
                        ),
                        check: "the log reports the migration finished without error and names only these migrators".into(),
                        rollback: "restore the target from the dump and start the migration steps again".into(),
                        ..l.blank(StepKind::ClientOnly, Database::Target)
                    });
                }
            }
        }
    }
    if !moved {
        let earlier: Vec<&StepScript> = cp.scripts().collect();
        db2_move(l, off, step, tgt, &earlier);
    }
}

impl Step {
    /// The step itself when it applies, None when it is skipped (lets a template show one of the
    /// two forms by looping).
    pub fn applied(&self) -> Option<&Step> {
        self.skipped.is_none().then_some(self)
    }
}
