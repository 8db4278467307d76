//! Snapshots of every generated file: the example migration for all six dialects, and WSO2's real
//! IS 5.7.0 identity schema of each dialect with the four tables WSO2's sync runtime supports.
//! Snapshots live under `snapshots/generated/`; each was read before it was accepted.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use ismig::dialect::Dialect;
use ismig::input::{DialectChoice, Options};
use ismig::pipeline;

const EXAMPLE: &str = "examples/is-5.7.0-to-5.9.0";

fn snapshot_all(prefix: &str, rendered: &ismig::render::Rendered) {
    for f in &rendered.files {
        let name = format!("{prefix}__{}", f.path.replace('/', "__"));
        let text = String::from_utf8(f.bytes.clone()).expect("utf-8");
        insta::with_settings!({
            snapshot_path => "../snapshots/generated",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, text);
        });
    }
}

#[test]
fn example_all_dialects() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let opts = Options {
        dialect: Some(DialectChoice::All),
        ..Default::default()
    };
    let a = pipeline::analyze(Path::new(EXAMPLE), &opts, BTreeMap::new());
    assert!(!a.diags.has_errors(), "{:?}", a.diags);
    let r = pipeline::render(&a, None).expect("render");
    for d in Dialect::ALL {
        assert!(
            r.files
                .iter()
                .any(|f| f.path == format!("{d}/10-sync-source-setup.sql")),
            "{d} missing"
        );
    }
    snapshot_all("example", &r);
}

#[test]
fn wso2_570_identity_schema_per_dialect() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    if common::wso2_fixtures("").is_none() {
        return;
    }
    for d in Dialect::ALL {
        let schema = format!("../shared/fixtures/wso2/is-5.7.0/{d}/identity.sql");
        let opts = Options {
            dialect: Some(DialectChoice::One(d)),
            schema: Some(schema.into()),
            ..Default::default()
        };
        let a = pipeline::analyze(Path::new(EXAMPLE), &opts, BTreeMap::new());
        assert!(!a.diags.has_errors(), "{d}: {:?}", a.diags);
        let plan = &a.plan.dialects[0];
        assert_eq!(plan.tables.len(), 4, "{d}");
        let cols: Vec<usize> = plan.tables.iter().map(|t| t.columns.len()).collect();
        assert_eq!(
            cols,
            vec![4, 19, 3, 16],
            "{d}: column counts of the four tables"
        );
        let r = pipeline::render(&a, None).expect("render");
        let mut sql = r.clone();
        sql.files.retain(|f| f.path.ends_with(".sql"));
        snapshot_all(&format!("wso2-5.7.0-{d}"), &sql);
    }
}

/// WSO2's runtime refuses SQL Server (W011) and the MariaDB driver (W012): the dialect's runbook
/// says so at its top, before step 1 changes the source.
#[test]
fn runtime_refusals_head_the_runbook() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    for (case, dialect, code, words) in [
        (
            "warn-mssql-sync-runtime",
            "mssql",
            "W011",
            "refuses SQL Server",
        ),
        (
            "warn-mariadb-driver",
            "mysql",
            "W012",
            "refuses the MariaDB JDBC driver (datasource `WSO2IdentityDBSource`, `WSO2IdentityDBTarget`)",
        ),
    ] {
        let opts = Options {
            schema: Some(Path::new(EXAMPLE).join("schema")),
            ..Default::default()
        };
        let a = pipeline::analyze(&Path::new("tests/cases").join(case), &opts, BTreeMap::new());
        assert!(!a.diags.has_errors(), "{case}: {:?}", a.diags);
        assert!(a.diags.iter().any(|d| d.code == code), "{case}: no {code}");
        let r = pipeline::render(&a, None).expect("render");
        let plan = r.files.iter().find(|f| f.path == "PLAN.md").unwrap();
        let plan = String::from_utf8(plan.bytes.clone()).unwrap();
        let section = plan
            .split(&format!("## {dialect}: runbook"))
            .nth(1)
            .unwrap_or_else(|| panic!("{case}: no {dialect} runbook"));
        let first_step = section.find("### Step 1.").unwrap();
        let note = section
            .find("**Before any step:**")
            .unwrap_or_else(|| panic!("{case}: no note at the top of the runbook\n{section}"));
        assert!(note < first_step, "{case}: the note comes after step 1");
        assert!(
            section[note..first_step].contains(words) && section[note..first_step].contains(code),
            "{case}: the note does not say {words:?} ({code})\n{}",
            &section[note..first_step]
        );
    }
}

/// An Oracle datasource is (service, user): two users of one service are two databases, each
/// script's guard also checks the session's schema, and the commands connect as the user through
/// the URL's service; a TNS alias gets no guard (W009) and the command uses the alias.
#[test]
fn oracle_identity_is_service_and_user() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let file = |case: &str, path: &str| {
        let opts = Options {
            schema: Some(Path::new(EXAMPLE).join("schema")),
            ..Default::default()
        };
        let a = pipeline::analyze(&Path::new("tests/cases").join(case), &opts, BTreeMap::new());
        assert!(!a.diags.has_errors(), "{case}: {:?}", a.diags);
        let r = pipeline::render(&a, None).expect("render");
        let f = r.files.iter().find(|f| f.path == path).unwrap();
        (String::from_utf8(f.bytes.clone()).unwrap(), a.diags)
    };
    let case = "ok-oracle-two-users-one-service";
    for (path, user, other) in [
        ("oracle/10-sync-source-setup.sql", "IS570", "IS590"),
        ("oracle/11-sync-target-setup.sql", "IS590", "IS570"),
    ] {
        let (text, _) = file(case, path);
        let check = format!("IF SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') <> '{user}' THEN");
        let guard_end = text.find("END;\n/").unwrap();
        let at = text
            .find(&check)
            .unwrap_or_else(|| panic!("{path}: no schema check for {user}\n{text}"));
        assert!(
            at < guard_end,
            "{path}: the schema check is not in the guard"
        );
        assert!(
            !text.contains(&format!("'{other}'")),
            "{path} names {other}"
        );
        assert!(
            text.contains(&format!(
                "-- run with: sqlplus -L -S {user}@//db.example.com:1521/IDPDB @{path}\n"
            )),
            "{path}: command\n{text}"
        );
    }
    let (plan, _) = file(case, "PLAN.md");
    assert!(plan.contains(
        "- Command: `sqlplus -L -S IS590@//db.example.com:1521/IDPDB @oracle/11-sync-target-setup.sql`"
    ));

    let (text, diags) = file("warn-oracle-tns-alias", "oracle/10-sync-source-setup.sql");
    assert!(diags.iter().any(|d| d.code == "W009"), "{diags:?}");
    assert!(
        !text.contains("wrong-target guard"),
        "a guard on an alias\n{text}"
    );
    assert!(
        text.contains("-- run with: sqlplus -L -S IS570@IDOLD @oracle/10-sync-source-setup.sql\n")
    );
    let (text, _) = file("warn-oracle-tns-alias", "oracle/11-sync-target-setup.sql");
    assert!(text.contains("'IDNEW' NOT IN (") && text.contains("<> 'IS590' THEN"));
}

/// Every other datasource of deployment.toml gets a copy step of its own, before the migration
/// client runs (it upgrades every database the new IS points at, in place); report.json names
/// the datasource as the step's database; the URL's password parameter is not shown.
#[test]
fn every_datasource_is_copied_before_the_migration_client() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let opts = Options {
        schema: Some(Path::new(EXAMPLE).join("schema")),
        ..Default::default()
    };
    let a = pipeline::analyze(
        Path::new("tests/cases/ok-other-datasources"),
        &opts,
        BTreeMap::new(),
    );
    assert!(!a.diags.has_errors(), "{:?}", a.diags);
    let r = pipeline::render(&a, None).expect("render");
    let text = |p: &str| {
        String::from_utf8(r.files.iter().find(|f| f.path == p).unwrap().bytes.clone()).unwrap()
    };
    let report: serde_json::Value = serde_json::from_str(&text("report.json")).unwrap();
    let steps: Vec<(String, String)> = report["runbook"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["database"].as_str().unwrap().to_string(),
                s["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let at = |db: &str, kind: &str| {
        steps
            .iter()
            .position(|(d, k)| d == db && k == kind)
            .unwrap_or_else(|| panic!("no {kind} step on {db}: {steps:?}"))
    };
    let client = at("target", "client-only");
    for id in ["WSO2SharedDB", "WSO2UserStoreDB"] {
        assert!(
            at(id, "copy") < client,
            "{id} is copied after the migration client"
        );
    }
    let plan = text("PLAN.md");
    assert!(plan.contains("point the new IS's datasource `WSO2SharedDB` at the copy"));
    assert!(plan.contains("(`jdbc:mysql://db-old.example.com:3306/is570_users`)"));
    assert!(!plan.contains("hunter2") && !text("report.json").contains("hunter2"));
}

#[test]
fn schema_verify_of_a_small_fresh_schema() {
    // the post-migration check of tests/cases/ok-schema-after (two tables, every kind of object)
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let case = "tests/cases/ok-schema-after";
    let opts = Options {
        dialect: Some(DialectChoice::All),
        schema: Some(format!("{EXAMPLE}/schema").into()),
        schema_after: Some(format!("{case}/after").into()),
        ..Default::default()
    };
    let a = pipeline::analyze(Path::new(case), &opts, BTreeMap::new());
    assert!(!a.diags.has_errors(), "{:?}", a.diags);
    let r = pipeline::render(&a, None).expect("render");
    let verify = ismig::render::Rendered {
        files: r
            .files
            .into_iter()
            .filter(|f| f.path.contains("/50-schema-verify-"))
            .collect(),
    };
    assert_eq!(verify.files.len(), 6);
    snapshot_all("schema-after", &verify);
}
