//! `ismig init` on fake IS homes built from WSO2's files (../shared/fixtures/wso2): a 5.7.0 home
//! (master-datasources.xml) and a 5.9.0 home (deployment.toml). What it copies, the
//! sync.properties it writes, the validate run that follows, and refusals that write nothing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn wso2() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/wso2")
}

fn tmp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("ismig-init-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&p);
    fs::create_dir_all(&p).unwrap();
    p
}

fn put(from: &Path, to: &Path) {
    fs::create_dir_all(to.parent().unwrap()).unwrap();
    fs::copy(from, to).unwrap();
}

/// An IS 5.7.0 home: master-datasources.xml, registry.xml, dbscripts/identity/<dialect>.sql.
fn old_home_570(root: &Path) -> PathBuf {
    let h = root.join("wso2is-5.7.0");
    let f = wso2();
    put(
        &f.join("config/master-datasources-dbseperated-is-5.7.0.xml"),
        &h.join("repository/conf/datasources/master-datasources.xml"),
    );
    put(
        &f.join("config/registry.xml"),
        &h.join("repository/conf/registry.xml"),
    );
    for d in ["oracle", "db2", "mssql", "mysql", "postgresql", "h2"] {
        put(
            &f.join(format!("is-5.7.0/{d}/identity.sql")),
            &h.join(format!("dbscripts/identity/{d}.sql")),
        );
    }
    fs::create_dir_all(h.join("bin")).unwrap();
    fs::write(h.join("bin/version.txt"), "WSO2 Identity Server v5.7.0\n").unwrap();
    h
}

/// An IS 5.9.0 home whose deployment.toml is `toml`.
fn new_home_590(root: &Path, toml: &Path) -> PathBuf {
    let h = root.join("wso2is-5.9.0");
    put(toml, &h.join("repository/conf/deployment.toml"));
    fs::create_dir_all(h.join("bin")).unwrap();
    fs::write(h.join("bin/version.txt"), "WSO2 Identity Server v5.9.0\n").unwrap();
    h
}

fn run(args: &[&Path]) -> (i32, String, String) {
    let args: Vec<String> = std::iter::once("ismig".to_string())
        .chain(args.iter().map(|a| a.to_string_lossy().into_owned()))
        .collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = ismig::cli::run(&args, BTreeMap::new(), &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn p(s: &str) -> &Path {
    Path::new(s)
}

fn tree(dir: &Path) -> Vec<String> {
    let mut v = Vec::new();
    if let Ok(r) = fs::read_dir(dir) {
        for e in r.flatten() {
            let path = e.path();
            if path.is_dir() {
                v.extend(tree(&path));
            } else {
                v.push(path.to_string_lossy().into_owned());
            }
        }
    }
    v.sort();
    v
}

#[test]
fn old_570_and_new_590_homes_give_a_directory_that_validates() {
    let root = tmp("ok");
    let old = old_home_570(&root);
    // the new IS's deployment.toml with the sync tool's two datasources, as WSO2 asks for
    let new = new_home_590(
        &root,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/is-5.7.0-to-5.9.0/deployment.toml"),
    );
    let dir = root.join("migration");
    let res = wso2().join("migration-resources");
    let (code, out, err) = run(&[
        p("init"),
        &dir,
        p("--old-is"),
        &old,
        p("--new-is"),
        &new,
        p("--migration-resources"),
        &res,
    ]);
    // the fixture's migration-config.yaml still has WSO2's "5.x.x" placeholders: validate says so
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains("E031"), "{err}");
    assert!(out.contains("wrote "), "{out}");
    for f in [
        "deployment.toml",
        "old-is/master-datasources.xml",
        "registry.xml",
        "migration-config.yaml",
        "migration-resources/5.9.0/dbscripts/step1/identity/mysql.sql",
        "schema/oracle.sql",
        "schema/h2.sql",
        "sync.properties",
        "SCHEMA-DUMP.md",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing: {out}");
        assert!(out.contains(&format!("  {f}\n")), "{f} not listed: {out}");
    }
    // copies are WSO2's files as they are
    assert_eq!(
        fs::read(dir.join("schema/db2.sql")).unwrap(),
        fs::read(wso2().join("is-5.7.0/db2/identity.sql")).unwrap()
    );
    let props = fs::read_to_string(dir.join("sync.properties")).unwrap();
    assert!(props.contains("sourceVersion=5.7.0\n"), "{props}");
    assert!(props.contains("targetVersion=5.9.0\n"), "{props}");
    assert!(
        props.contains(
            "syncTables=IDN_IDENTITY_USER_DATA,IDN_OAUTH2_ACCESS_TOKEN,IDN_OAUTH2_ACCESS_TOKEN_SCOPE,IDN_OAUTH2_AUTHORIZATION_CODE\n"
        ),
        "{props}"
    );
    assert!(
        props.contains("identitySchema=jdbc/WSO2IdentityDBSource,jdbc/WSO2IdentityDBTarget\n"),
        "{props}"
    );
    let note = fs::read_to_string(dir.join("SCHEMA-DUMP.md")).unwrap();
    for d in ismig::dialect::Dialect::ALL {
        assert!(note.contains(d.rules().schema_dump_command), "{note}");
    }

    // with the placeholders set, the directory validates and generates
    let yaml = fs::read_to_string(dir.join("migration-config.yaml")).unwrap();
    let yaml = yaml
        .replacen("currentVersion: \"5.x.x\"", "currentVersion: \"5.7.0\"", 1)
        .replacen("migrateVersion: \"5.x.x\"", "migrateVersion: \"5.9.0\"", 1);
    fs::write(dir.join("migration-config.yaml"), yaml).unwrap();
    let (code, out, err) = run(&[p("validate"), &dir]);
    assert_eq!(code, 0, "{out}\n{err}");
    let out_dir = root.join("out");
    let (code, out, err) = run(&[p("generate"), &dir, p("--out"), &out_dir]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out_dir.join("PLAN.md").is_file());
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn old_home_alone_names_its_identity_datasource_as_the_source() {
    let root = tmp("alone");
    let old = old_home_570(&root);
    let dir = root.join("m");
    let (code, out, err) = run(&[p("init"), &dir, p("--old-is"), &old]);
    // the target datasource is not defined in the old IS's file: validate says which are
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains("E021"), "{err}");
    assert!(dir.join("master-datasources.xml").is_file());
    assert!(!dir.join("migration-config.yaml").exists());
    let props = fs::read_to_string(dir.join("sync.properties")).unwrap();
    assert!(
        props.contains("identitySchema=jdbc/IDENTITY_DB,jdbc/WSO2IdentityDBTarget\n"),
        "{props}"
    );
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn a_590_home_gives_its_deployment_toml() {
    let root = tmp("590");
    let old = new_home_590(&root, &wso2().join("config/deployment.toml"));
    let dir = root.join("m");
    let (code, out, err) = run(&[p("init"), &dir, p("--old-is"), &old]);
    assert!(code == 0 || code == 1, "{out}\n{err}");
    assert!(!err.contains("E09"), "{err}");
    assert_eq!(
        fs::read(dir.join("deployment.toml")).unwrap(),
        fs::read(wso2().join("config/deployment.toml")).unwrap()
    );
    let props = fs::read_to_string(dir.join("sync.properties")).unwrap();
    assert!(props.contains("sourceVersion=5.9.0\n"), "{props}");
    assert!(
        props.contains("identitySchema=jdbc/WSO2IdentityDB,"),
        "{props}"
    );
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn a_non_empty_directory_is_refused_without_force() {
    let root = tmp("nonempty");
    let old = old_home_570(&root);
    let dir = root.join("m");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("notes.txt"), "mine\n").unwrap();
    let before = tree(&dir);
    let (code, out, err) = run(&[p("init"), &dir, p("--old-is"), &old]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("E093") && err.contains("--force"), "{err}");
    assert_eq!(tree(&dir), before, "nothing written");

    let (_, out, err) = run(&[p("init"), &dir, p("--old-is"), &old, p("--force")]);
    assert!(!err.contains("E093"), "{err}");
    assert!(out.contains("sync.properties"), "{out}");
    assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine\n");
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn homes_without_the_files_are_refused_and_nothing_is_written() {
    let root = tmp("bad");
    let old = old_home_570(&root);
    let empty = root.join("empty-home");
    fs::create_dir_all(&empty).unwrap();
    let dir = root.join("m");
    for args in [
        vec![p("init"), &dir, p("--old-is"), &empty],
        vec![p("init"), &dir, p("--old-is"), &old, p("--new-is"), &empty],
        vec![
            p("init"),
            &dir,
            p("--old-is"),
            &old,
            p("--migration-resources"),
            &empty,
        ],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 1, "{args:?}");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains("E094") && err.contains("help:"), "{err}");
        assert!(!dir.exists(), "nothing written for {args:?}");
    }
    let file = root.join("a-file");
    fs::write(&file, "x").unwrap();
    let (code, _, err) = run(&[p("init"), &file, p("--old-is"), &old]);
    assert_eq!(code, 1);
    assert!(err.contains("E093"), "{err}");
    let _ = fs::remove_dir_all(&root);
}
