//! Scale smoke test: a synthetic migration of 200 tables in all six dialects (`common/synth.rs`)
//! generates without errors, and twice the same bytes. The benchmark itself is `ci/bench.sh`.

#[path = "common/synth.rs"]
mod synth;

use std::collections::BTreeMap;
use std::path::Path;

use ismig::dialect::Dialect;
use ismig::input::{DialectChoice, Options};

fn generate(dir: &Path, out: &Path) -> Vec<(String, Vec<u8>)> {
    let opts = Options {
        dialect: Some(DialectChoice::All),
        ..Options::default()
    };
    let env = BTreeMap::from([("IS_DB_PASSWORD".to_string(), "secret".to_string())]);
    let a = ismig::pipeline::analyze(dir, &opts, env);
    let errors: Vec<_> = a.diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let rendered = match ismig::pipeline::render(&a, None) {
        Ok(r) => r,
        Err(d) => panic!("render failed: {d:#?}"),
    };
    if let Err(d) = ismig::emit::write(&rendered, out, true) {
        panic!("emit failed: {d:#?}");
    }
    ismig::emit::all_files(&rendered)
}

#[test]
fn two_hundred_tables_in_six_dialects_generate_deterministically() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("m");
    synth::write_dir(&dir, 200, 7, &Dialect::ALL, Dialect::Postgresql)
        .expect("synthetic migration");
    let a = generate(&dir, &tmp.path().join("out1"));
    let b = generate(&dir, &tmp.path().join("out2"));
    // 6 dialects × (10 sync scripts + 03-new-tables; no registry.xml, so no 01; no DB2 schema, so
    // no 02) + PLAN.md + report.json + MANIFEST.sha256
    assert_eq!(a.len(), 6 * (ismig::render::ScriptKind::SYNC.len() + 1) + 3);
    assert!(a == b, "two runs gave different bytes");
    for (p, bytes) in &a {
        let on_disk = std::fs::read(tmp.path().join("out1").join(p)).expect("written file");
        assert!(
            &on_disk == bytes,
            "{p} on disk differs from the rendered bytes"
        );
    }
    // every synthetic table has its journal table in every dialect's setup script
    let setup = a
        .iter()
        .find(|(p, _)| p == "postgresql/10-sync-source-setup.sql")
        .map(|(_, b)| String::from_utf8_lossy(b).to_string())
        .unwrap_or_default();
    for t in synth::tables(200, 7) {
        assert!(setup.contains(&format!("{}_S", t.name)), "{}", t.name);
    }
    // the same seed gives the same migration directory
    let again = tmp.path().join("m2");
    synth::write_dir(&again, 200, 7, &Dialect::ALL, Dialect::Postgresql)
        .expect("synthetic migration");
    for d in Dialect::ALL {
        let f = format!("schema/{d}.sql");
        assert!(std::fs::read(dir.join(&f)).ok() == std::fs::read(again.join(&f)).ok());
    }
}

#[test]
fn deterministic_and_seeded() {
    assert_eq!(synth::tables(50, 7), synth::tables(50, 7));
    assert_ne!(synth::tables(50, 7), synth::tables(50, 8));
    assert_eq!(
        synth::schema_ddl(Dialect::Oracle, 20, 1),
        synth::schema_ddl(Dialect::Oracle, 20, 1)
    );
}

#[test]
fn names_are_short_and_unique() {
    let t = synth::tables(2000, 3);
    let mut names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
    assert!(names.iter().all(|n| n.len() <= 26));
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 2000);
}
