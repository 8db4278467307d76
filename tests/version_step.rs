//! A version step is data: `catalog/<step>.toml`. The shipped catalogs read and say what they
//! should; a catalog written here for a made-up step gives its `03-new-tables-<step>.sql` in every
//! dialect, with the step's words in the script header, PLAN.md and report.json's runbook.

use std::collections::BTreeMap;
use std::path::Path;

use ismig::catalog;
use ismig::config::VersionStep;
use ismig::dialect::Dialect;
use ismig::input::{DialectChoice, Options};
use ismig::pipeline;

#[test]
fn every_catalog_reads() {
    let steps = catalog::steps().expect("every catalog/*.toml reads");
    assert!(!steps.is_empty());
    assert_eq!(catalog::supported_list(), "5.7.0 → 5.9.0, 5.8.0 → 5.9.0");
    assert!(catalog::find("5.7.0", "5.9.0").is_some());
    assert!(catalog::find("5.8.0", " 5.9.0").is_some());
    assert!(catalog::find("5.3.0", "5.7.0").is_none());
    assert!(catalog::parse("step = \"x\"").is_err());
    let c = catalog::find("5.7.0", "5.9.0").expect("5.9.0");
    assert!(VersionStep::new(c, "5.7.0").is_some_and(|s| s.migration_client));
    assert!(VersionStep::new(c, "5.8.0").is_some_and(|s| !s.migration_client));
}

#[test]
fn catalog_5_9_0() {
    let c = catalog::find("5.7.0", "5.9.0").expect("5.9.0");
    let names: Vec<&str> = c.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "FIDO2_DEVICE_STORE",
            "IDN_AUTH_SESSION_APP_INFO",
            "IDN_AUTH_SESSION_META_DATA",
            "IDN_FUNCTION_LIBRARY"
        ]
    );
    assert_eq!(c.indexes[0].name, "IDX_FIDO2_STR");
    let fido = &c.tables[0];
    assert_eq!(
        fido.primary_key_for(Dialect::Postgresql),
        ["CREDENTIAL_ID", "USER_HANDLE"]
    );
    assert_eq!(fido.primary_key_for(Dialect::H2).len(), 4);
}

/// A step no IS has: one table, one index, its own words.
const MADE_UP: &str = r#"
step = "7.7.7"
registry_cleanup = false
db2_move = false

[[from]]
version = "7.7.6"
migration_client = false

[text]
registry_cleanup_title = "registry cleanup of the made-up step"
db2_move_title = "DB2 move of the made-up step"
db2_move_reason = "the made-up step moves nothing"
new_tables_title = "tables added by the made-up step 7.7.7"
new_tables_reason = "the made-up step adds IDN_MADE_UP"
user_store_passwords = "Made-up step: nothing to do for user store passwords"
prepare_new_is = "Prepare the made-up IS 7.7.7"
prepare_new_is_check = "the made-up IS starts"
migration_client = "Run the made-up client with {values}"
no_migration_client = "the made-up step has no migration client"
new_tables_step = "Create IDN_MADE_UP, the table of the made-up step"
new_tables_skipped = "Create the made-up table"
new_tables_check = "IDN_MADE_UP exists"
new_tables_rollback = "drop IDN_MADE_UP"

[[tables]]
name = "IDN_MADE_UP"
primary_key = ["ID"]
columns = [
  { name = "ID", type = "INTEGER NOT NULL" },
  { name = "NOTE", type = "VARCHAR(100)", types = { oracle = "VARCHAR2(100)" } },
]

[[indexes]]
name = "IDX_MADE_UP_NOTE"
table = "IDN_MADE_UP"
columns = ["NOTE"]
"#;

#[test]
fn a_made_up_step_is_a_catalog_file() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let made_up: &'static catalog::Catalog = Box::leak(Box::new(
        catalog::parse(MADE_UP).expect("the made-up catalog reads"),
    ));
    let step = VersionStep::new(made_up, "7.7.6").expect("from 7.7.6");
    let opts = Options {
        dialect: Some(DialectChoice::All),
        ..Default::default()
    };
    let mut a = pipeline::analyze(
        Path::new("examples/is-5.7.0-to-5.9.0"),
        &opts,
        BTreeMap::new(),
    );
    assert!(!a.diags.has_errors(), "{:?}", a.diags);
    a.config.step = Some(step);
    let r = pipeline::render(&a, None).expect("render");

    let plan = String::from_utf8(r.get("PLAN.md").expect("PLAN.md").bytes.clone()).unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&r.get("report.json").expect("report.json").bytes).unwrap();
    let runbook = report["runbook"].as_array().expect("runbook");
    for d in Dialect::ALL {
        let path = format!("{d}/03-new-tables-7.7.7.sql");
        let f = r.get(&path).unwrap_or_else(|| panic!("{path} is written"));
        let text = std::str::from_utf8(&f.bytes).unwrap();
        assert!(
            text.contains("tables added by the made-up step 7.7.7"),
            "{path}:\n{text}"
        );
        assert!(
            text.contains("IDN_MADE_UP") && text.contains("IDX_MADE_UP_NOTE"),
            "{path}"
        );
        assert!(!text.contains("FIDO2_DEVICE_STORE"), "{path}");
        // the step's runbook entry runs it
        let steps: Vec<_> = runbook
            .iter()
            .filter(|s| s["file"] == path.as_str())
            .collect();
        assert_eq!(steps.len(), 1, "{path}");
        assert_eq!(
            steps[0]["title"],
            "Create IDN_MADE_UP, the table of the made-up step"
        );
        assert_eq!(steps[0]["kind"], "migration");
        assert_eq!(steps[0]["database"], "target");
    }
    assert!(
        !r.files.iter().any(|f| f.path.contains("5.9.0")),
        "no file of the shipped step"
    );
    assert!(plan.lines().any(|l| l.starts_with("### Step ")
        && l.ends_with(". Create IDN_MADE_UP, the table of the made-up step")));
    assert!(plan.contains("- Check: IDN_MADE_UP exists"));
    assert!(plan.contains("IS 7.7.7 migration step: 7.7.6 → 7.7.7"));
    assert!(plan.contains("the source is IS 7.7.6: the made-up step has no migration client"));
    assert!(plan.contains("Prepare the made-up IS 7.7.7"));
    // the step has no registry cleanup: PLAN.md says it is skipped and why
    assert!(plan.contains("the version step has no registry cleanup"));
}
