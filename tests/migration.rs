//! The IS 5.9.0 migration scripts: snapshots of 01/02/03 for the example in every dialect (under
//! `snapshots/migration/`), no placeholder ever reaches a script, and PLAN.md / report.json say
//! which migration files were generated or skipped and why (the `mig-*` cases under tests/cases
//! snapshot which files exist).

use std::path::Path;

fn generate(dir: &str, extra: &[&str]) -> (i32, tempfile::TempDir, String) {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut args: Vec<String> = vec![
        "ismig".into(),
        "generate".into(),
        dir.into(),
        "--out".into(),
        out.to_string_lossy().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    // case folders without their own schema/ use the example's (as their `args` files do)
    if !std::path::Path::new(dir).join("schema").is_dir() {
        args.extend([
            "--schema".to_string(),
            "examples/is-5.7.0-to-5.9.0/schema".to_string(),
        ]);
    }
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let code = ismig::cli::run(&args, Default::default(), &mut o, &mut e);
    (code, tmp, String::from_utf8_lossy(&e).to_string())
}

fn read(tmp: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(tmp.path().join("out").join(rel)).unwrap_or_default()
}

const MIGRATION_FILES: [&str; 3] = [
    "01-registry-versioning-cleanup.sql",
    "02-db2-move-oauth2-tables.sql",
    "03-new-tables-5.9.0.sql",
];

#[test]
fn example_scripts_snapshots() {
    let (code, tmp, err) = generate(
        "examples/is-5.7.0-to-5.9.0",
        &["--dialect", "all", "--db2-schema", "IS590"],
    );
    assert_eq!(code, 0, "{err}");
    for d in ["oracle", "db2", "mssql", "mysql", "postgresql", "h2"] {
        for f in MIGRATION_FILES {
            let p = tmp.path().join("out").join(d).join(f);
            let exists = p.is_file();
            assert_eq!(exists, f != MIGRATION_FILES[1] || d == "db2", "{d}/{f}");
            if !exists {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            insta::with_settings!({
                snapshot_path => "../snapshots/migration",
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                insta::assert_snapshot!(format!("{d}-{}", f.trim_end_matches(".sql")), text);
            });
        }
    }
}

/// `<NAME…>`-style placeholders (WSO2's `<TABLE_SCHEMA_OF_…>`) never appear; `<>` and `< ` are
/// operators.
fn placeholder(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len()).find_map(|i| {
        (b[i] == b'<'
            && b.get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_'))
        .then(|| text[i..text.len().min(i + 40)].to_string())
    })
}

#[test]
fn no_placeholder_in_any_migration_script() {
    for (schema, extra) in [("IS590", "--db2-schema"), ("A_B", "--db2-schema")] {
        let (code, tmp, err) = generate(
            "examples/is-5.7.0-to-5.9.0",
            &["--dialect", "all", extra, schema],
        );
        assert_eq!(code, 0, "{err}");
        for d in ["oracle", "db2", "mssql", "mysql", "postgresql", "h2"] {
            for f in MIGRATION_FILES {
                let text = read(&tmp, &format!("{d}/{f}"));
                assert!(!text.contains("<TABLE_SCHEMA"), "{d}/{f}");
                assert_eq!(placeholder(&text), None, "{d}/{f}");
            }
        }
        assert!(read(&tmp, "db2/02-db2-move-oauth2-tables.sql").contains(&format!("'{schema}'")));
    }
    assert_eq!(placeholder("a <> b AND c < 1"), None);
    assert!(placeholder("CALL X(<TABLE_SCHEMA>)").is_some());
}

#[test]
fn db2_without_schema_is_e080_and_writes_nothing() {
    let (code, tmp, err) = generate("tests/cases/mig-db2-no-schema", &["--dialect", "db2"]);
    assert_eq!(code, 1);
    assert!(err.contains("E080"), "{err}");
    assert!(!tmp.path().join("out").exists());
    // a schema that is not a plain identifier is refused too
    let (code, _, err) = generate(
        "tests/cases/mig-db2-no-schema",
        &["--dialect", "db2", "--db2-schema", "A;B"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("not a plain identifier"), "{err}");
}

fn reasons(tmp: &tempfile::TempDir) -> (String, serde_json::Value) {
    let plan = read(tmp, "PLAN.md");
    let report: serde_json::Value = serde_json::from_str(&read(tmp, "report.json")).unwrap();
    (plan, report)
}

fn mig_files(report: &serde_json::Value) -> Vec<(String, bool)> {
    report["dialects"][0]["migration_files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["generated"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn plan_and_report_say_what_was_generated_and_why() {
    let dir = |n: &str| format!("tests/cases/{n}");
    // versioning on
    let (code, tmp, _) = generate(&dir("mig-versioning-on"), &[]);
    assert_eq!(code, 0);
    let (plan, report) = reasons(&tmp);
    assert_eq!(
        mig_files(&report),
        [
            ("01-registry-versioning-cleanup.sql".to_string(), true),
            ("02-db2-move-oauth2-tables.sql".to_string(), false),
            ("03-new-tables-5.9.0.sql".to_string(), true)
        ]
    );
    assert!(plan.contains("<versioningProperties>false</versioningProperties>"));
    assert!(plan.contains("Back up the old IS's databases"));
    assert!(plan.contains("DB2: move the OAuth2 tables' indexes to TS32K — skipped"));
    assert!(plan.contains("currentVersion: \"5.7.0\""));
    assert!(plan.contains("/oauth2/token"));
    // the guide's order: backup < registry cleanup < source setup < copy < remove copied < DB2 < client
    // < new tables < target ready < sync < cleanup
    // in the steps themselves (the diagram and the summary above them name steps too)
    let steps_at = plan.find("### Step 1.").expect("PLAN.md has steps");
    let pos = |s: &str| {
        plan[steps_at..]
            .find(s)
            .unwrap_or_else(|| panic!("{s} not in PLAN.md's steps"))
    };
    let order = [
        "Back up the old IS",
        "File: `mysql/01-registry-versioning-cleanup.sql`",
        "File: `mysql/10-sync-source-setup.sql`",
        "Dump the source database and restore it into the new, empty target database",
        "File: `mysql/12-sync-target-remove-copied.sql`",
        "DB2: move",
        "Run WSO2's migration client",
        "File: `mysql/03-new-tables-5.9.0.sql`",
        "File: `mysql/11-sync-target-setup.sql`",
        "File: `mysql/21-sync-verify-target.sql`",
        "File: `mysql/30-sync-monitor-source.sql`",
        "File: `mysql/31-sync-monitor-target.sql`",
        "Switch traffic",
        "Remove the sync objects from the source",
        "Verify the migrated IS",
    ];
    for w in order.windows(2) {
        assert!(pos(w[0]) < pos(w[1]), "{} before {}", w[0], w[1]);
    }

    // all four flags false: no 01, and PLAN.md says why
    let (_, tmp, _) = generate(&dir("mig-versioning-off"), &[]);
    let (plan, report) = reasons(&tmp);
    assert!(
        !tmp.path()
            .join("out/mysql/01-registry-versioning-cleanup.sql")
            .exists()
    );
    assert!(!mig_files(&report)[0].1);
    assert!(
        plan.contains("all four versioning flags are false"),
        "{plan}"
    );

    // no registry.xml: W005, no 01
    let (code, tmp, err) = generate(&dir("mig-no-registry-xml"), &[]);
    assert_eq!(code, 0);
    assert!(err.contains("no registry.xml"), "{err}");
    let (plan, _) = reasons(&tmp);
    assert!(
        !tmp.path()
            .join("out/mysql/01-registry-versioning-cleanup.sql")
            .exists()
    );
    assert!(plan.contains("W005"));

    // --registry-cleanup without registry.xml: 01 is written
    let (_, tmp, _) = generate(&dir("mig-registry-cleanup-flag"), &["--registry-cleanup"]);
    assert!(
        tmp.path()
            .join("out/mysql/01-registry-versioning-cleanup.sql")
            .exists()
    );
    // --no-registry-cleanup wins over a registry.xml with versioning on
    let (_, tmp, _) = generate(&dir("mig-versioning-on"), &["--no-registry-cleanup"]);
    assert!(
        !tmp.path()
            .join("out/mysql/01-registry-versioning-cleanup.sql")
            .exists()
    );
    assert!(reasons(&tmp).0.contains("--no-registry-cleanup was given"));

    // migrationEnable: false: no migration file at all
    let (_, tmp, _) = generate(&dir("mig-migration-disabled"), &[]);
    let (plan, report) = reasons(&tmp);
    for f in MIGRATION_FILES {
        assert!(!tmp.path().join("out/mysql").join(f).exists(), "{f}");
    }
    assert!(plan.contains("migrationEnable: false"));
    assert!(
        report["migration_skipped"]
            .as_str()
            .unwrap()
            .contains("migrationEnable")
    );
    assert!(Path::new("tests/cases/mig-migration-disabled").is_dir());
}
