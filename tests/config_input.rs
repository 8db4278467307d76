//! `input::read_dir` on hostile directories: each problem is a coded diagnostic, never a panic.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use ismig::dialect::Dialect;
use ismig::input::{DialectChoice, Options, read_dir};

const SYNC: &str = "sourceVersion=5.7.0\ntargetVersion=5.9.0\nsyncTables=IDN_OAUTH2_ACCESS_TOKEN\nidentitySchema=A,B\n";
const TOML: &str = "[[datasource]]\nid = \"A\"\nurl = \"jdbc:mysql://h/a\"\n[[datasource]]\nid = \"B\"\nurl = \"jdbc:mysql://h/b\"\n";

fn codes(d: &ismig::diag::Diagnostics) -> Vec<(&'static str, String)> {
    d.iter().map(|x| (x.code, x.message.clone())).collect()
}

fn rel(dir: &Path) -> std::path::PathBuf {
    dir.to_path_buf()
}

#[test]
fn reads_a_good_directory() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    fs::write(d.join("sync.properties"), format!("\u{feff}{SYNC}")).unwrap();
    fs::write(d.join("deployment.toml"), TOML).unwrap();
    fs::create_dir(d.join("schema")).unwrap();
    fs::write(d.join("schema/mysql.sql"), "CREATE TABLE T (A INT);\n").unwrap();
    let (i, diags) = read_dir(&rel(d), &Options::default(), BTreeMap::new());
    assert!(diags.is_empty(), "{diags:?}");
    let s = i.sync_properties.unwrap();
    assert!(s.text.starts_with("sourceVersion"));
    assert!(s.display.ends_with("/sync.properties"));
    assert_eq!(s.sha256.len(), 64);
    assert_eq!(i.schema[&Dialect::Mysql].len(), 1);
    assert!(
        i.schema[&Dialect::Mysql][0]
            .display
            .ends_with("/schema/mysql.sql")
    );
}

#[test]
fn hostile_files() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    fs::create_dir(d.join("sync.properties")).unwrap(); // a directory
    fs::write(d.join("deployment.toml"), b"a = 1\0\n").unwrap(); // binary
    fs::write(d.join("registry.xml"), b"<r>caf\xE9</r>\n").unwrap(); // Latin-1
    let big = fs::File::create(d.join("migration-config.yaml")).unwrap();
    big.set_len(ismig::input::MAX_INPUT_BYTES + 1).unwrap(); // sparse, too large
    let (i, diags) = read_dir(&rel(d), &Options::default(), BTreeMap::new());
    assert!(i.sync_properties.is_none() && i.deployment_toml.is_none());
    let c = codes(&diags);
    assert_eq!(c.len(), 4, "{c:?}");
    assert!(c.iter().all(|x| x.0 == "E002"), "{c:?}");
    assert!(c.iter().any(|x| x.1.contains("is a directory")));
    assert!(c.iter().any(|x| x.1.contains("binary file")));
    assert!(c.iter().any(|x| x.1.contains("larger than")));
    let utf = diags
        .iter()
        .find(|x| x.message.contains("not UTF-8"))
        .unwrap();
    assert!(utf.message.contains("1:7"), "{}", utf.message);
    assert_eq!(utf.hint.as_deref(), Some("save the file as UTF-8"));
}

#[cfg(unix)]
#[test]
fn symlink_leaving_the_directory_is_e003() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("x.properties"), SYNC).unwrap();
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::os::unix::fs::symlink(
        outside.path().join("x.properties"),
        d.join("sync.properties"),
    )
    .unwrap();
    fs::write(d.join("inner.toml"), TOML).unwrap();
    std::os::unix::fs::symlink(d.join("inner.toml"), d.join("deployment.toml")).unwrap();
    std::os::unix::fs::symlink(d.join("nowhere"), d.join("registry.xml")).unwrap();
    let (i, diags) = read_dir(&rel(d), &Options::default(), BTreeMap::new());
    let c = codes(&diags);
    assert!(c.iter().any(|x| x.0 == "E003"), "{c:?}");
    assert!(
        c.iter()
            .any(|x| x.0 == "E002" && x.1.contains("cannot be followed")),
        "{c:?}"
    );
    assert!(i.sync_properties.is_none());
    assert!(
        i.deployment_toml.is_some(),
        "a link inside the directory is fine"
    );
}

#[test]
fn missing_directory_is_e002() {
    let t = tempfile::tempdir().unwrap();
    let (_, diags) = read_dir(&t.path().join("nope"), &Options::default(), BTreeMap::new());
    assert_eq!(codes(&diags)[0].0, "E002");
}

#[test]
fn schema_option_layouts() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("mig");
    fs::create_dir(&d).unwrap();
    fs::write(d.join("sync.properties"), SYNC).unwrap();
    fs::write(d.join("deployment.toml"), TOML).unwrap();
    // IS layout
    let is = t.path().join("is");
    fs::create_dir_all(is.join("dbscripts/identity")).unwrap();
    fs::write(is.join("dbscripts/identity/oracle.sql"), "x").unwrap();
    fs::write(is.join("dbscripts/identity/db2.sql"), "x").unwrap();
    let opts = Options {
        schema: Some(is.clone()),
        ..Options::default()
    };
    let (i, diags) = read_dir(&d, &opts, BTreeMap::new());
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        i.schema.keys().copied().collect::<Vec<_>>(),
        vec![Dialect::Oracle, Dialect::Db2]
    );
    assert!(
        i.schema[&Dialect::Db2][0]
            .display
            .ends_with("is/dbscripts/identity/db2.sql")
    );
    // identity/ layout
    let id = t.path().join("id");
    fs::create_dir_all(id.join("identity")).unwrap();
    fs::write(id.join("identity/h2.sql"), "x").unwrap();
    let opts = Options {
        schema: Some(id),
        ..Options::default()
    };
    let (i, _) = read_dir(&d, &opts, BTreeMap::new());
    assert!(i.schema.contains_key(&Dialect::H2));
    // a single dump: dialect from the datasources (both mysql), decided once the config is read
    let dump = t.path().join("dump.sql");
    fs::write(&dump, "CREATE TABLE T (A INT);").unwrap();
    let opts = Options {
        schema: Some(dump.clone()),
        ..Options::default()
    };
    let (i, diags) = read_dir(&d, &opts, BTreeMap::new());
    assert!(diags.is_empty(), "{diags:?}");
    assert!(i.schema.is_empty() && i.schema_of_datasources.is_some());
    let a = ismig::pipeline::analyze(&d, &opts, BTreeMap::new());
    assert!(!a.diags.iter().any(|x| x.code == "E004"), "{:?}", a.diags);
    assert_eq!(
        a.inputs.schema.keys().copied().collect::<Vec<_>>(),
        vec![Dialect::Mysql]
    );
    // … or from --dialect, and --dialect all needs a directory
    let opts = Options {
        schema: Some(dump.clone()),
        dialect: Some(DialectChoice::One(Dialect::Mssql)),
        ..Options::default()
    };
    let (i, _) = read_dir(&d, &opts, BTreeMap::new());
    assert!(i.schema.contains_key(&Dialect::Mssql));
    let opts = Options {
        schema: Some(dump),
        dialect: Some(DialectChoice::All),
        ..Options::default()
    };
    let (_, diags) = read_dir(&d, &opts, BTreeMap::new());
    assert_eq!(codes(&diags)[0].0, "E004");
    // empty dir and missing path
    let empty = t.path().join("empty");
    fs::create_dir(&empty).unwrap();
    for p in [empty, t.path().join("missing")] {
        let opts = Options {
            schema: Some(p),
            ..Options::default()
        };
        let (_, diags) = read_dir(&d, &opts, BTreeMap::new());
        assert_eq!(codes(&diags)[0].0, "E001");
    }
}

#[test]
fn relative_display_paths_stay_relative() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("mig");
    fs::create_dir(&d).unwrap();
    fs::write(d.join("sync.properties"), SYNC).unwrap();
    let cwd = std::env::current_dir().unwrap();
    // A relative path built from the current dir without changing it (tests run in parallel).
    let rel = pathdiff(&d, &cwd);
    if let Some(rel) = rel {
        let (i, _) = read_dir(&rel, &Options::default(), BTreeMap::new());
        let shown = i.sync_properties.unwrap().display;
        assert!(!shown.starts_with('/'), "{shown}");
        assert!(shown.ends_with("mig/sync.properties"));
    }
}

/// `target` relative to `base`, with `..` parts (both absolute).
fn pathdiff(target: &Path, base: &Path) -> Option<std::path::PathBuf> {
    let t: Vec<_> = target.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = t.iter().zip(&b).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut p = std::path::PathBuf::new();
    for _ in common..b.len() {
        p.push("..");
    }
    for c in &t[common..] {
        p.push(c);
    }
    Some(p)
}
