//! The real WSO2 configuration files (`../shared/fixtures/wso2/config`, never copied into this
//! repository) must all be read. Skipped with a message when the directory is absent, unless
//! `CI` is set (then it fails).

mod common;

use std::collections::BTreeMap;

use ismig::config::{build, datasource, migration, properties, registry};
use ismig::diag::Diagnostics;
use ismig::dialect::Dialect;
use ismig::input::{Inputs, Options, read_file};
use ismig::source::SourceFile;

fn load(dir: &std::path::Path, name: &str) -> SourceFile {
    read_file(&dir.join(name), &format!("wso2/{name}"), None)
        .unwrap()
        .unwrap()
}

fn codes(d: &Diagnostics) -> Vec<(&'static str, usize)> {
    d.iter()
        .map(|x| (x.code, x.location.as_ref().map(|l| l.line).unwrap_or(0)))
        .collect()
}

#[test]
fn sync_properties() {
    let Some(dir) = common::wso2_fixtures("config") else {
        return;
    };
    let f = load(&dir, "sync.properties");
    let mut d = Diagnostics::new();
    let r = properties::read(&f, &mut d);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(r.source_version.unwrap().value, "5.3.0");
    let t = r.sync_tables.unwrap();
    assert_eq!(t.len(), 3);
    assert_eq!(t[2].value, "IDN_IDENTITY_USER_DATA");
    let (s, tg) = r.identity_schema.unwrap();
    assert_eq!(s.value, "jdbc/WSO2IdentityDBSource");
    assert_eq!(tg.value, "jdbc/WSO2IdentityDBTarget");
    let l = tg.location.unwrap();
    assert_eq!((l.line, l.column), (22, 42));
}

#[test]
fn deployment_tomls() {
    let Some(dir) = common::wso2_fixtures("config") else {
        return;
    };
    let mut d = Diagnostics::new();
    let defs = datasource::read_toml(&load(&dir, "deployment.toml"), &mut d);
    assert!(d.is_empty(), "{d:?}");
    let ids: Vec<&str> = defs.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["WSO2IdentityDB", "WSO2SharedDB", "CONSENT_DB"]);
    assert_eq!(
        defs[0].url.as_ref().unwrap().0,
        "$env{IDENTITY_DATABASE_URL}"
    );
    let defs = datasource::read_toml(&load(&dir, "deployment-default-is-5.9.0.toml"), &mut d);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(defs.len(), 2);
}

#[test]
fn master_datasources_resolve_to_h2() {
    let Some(dir) = common::wso2_fixtures("config") else {
        return;
    };
    let inputs = Inputs {
        dir_display: "wso2".into(),
        sync_properties: Some(SourceFile::new(
            "wso2/sync.properties",
            "sourceVersion=5.7.0\ntargetVersion=5.9.0\nsyncTables=IDN_OAUTH2_ACCESS_TOKEN\nidentitySchema=jdbc/IDENTITY_DB,jdbc/UM_DB\n",
            "",
        )),
        master_datasources: Some(load(&dir, "master-datasources-dbseperated-is-5.7.0.xml")),
        ..Inputs::default()
    };
    let (c, d) = build(&inputs, &Options::default());
    // no registry.xml here: only the W005 note that the registry cleanup is not generated
    assert!(d.iter().all(|x| x.code == "W005"), "{d:?}");
    let s = c.source.unwrap();
    assert_eq!(s.dialect, Dialect::H2);
    assert_eq!(s.id, "IDENTITY_DB");
    assert_eq!(s.jndi.as_deref(), Some("jdbc/IDENTITY_DB"));
    assert_eq!(s.database.as_deref(), Some("IDENTITY_DB"));
    assert_eq!(c.target.unwrap().database.as_deref(), Some("UM_DB"));
    assert_eq!(c.dialects, vec![Dialect::H2]);
}

#[test]
fn migration_config_placeholders_are_e031() {
    let Some(dir) = common::wso2_fixtures("config") else {
        return;
    };
    let f = load(&dir, "migration-config.yaml");
    let mut d = Diagnostics::new();
    assert!(migration::read(&f, &mut d).is_none());
    let v: Vec<_> = d.iter().collect();
    assert_eq!(v.len(), 2, "{d:?}");
    assert!(v[0].message.contains("currentVersion") && v[0].message.contains("5.x.x"));
    assert!(v[1].message.contains("migrateVersion"));
    let l0 = v[0].location.as_ref().unwrap();
    let l1 = v[1].location.as_ref().unwrap();
    assert_eq!((l0.line, l0.column), (4, 17));
    assert_eq!((l1.line, l1.column), (6, 17));
    // with real versions the odd indentation parses and the version list is kept
    let fixed = SourceFile::new(
        "wso2/migration-config.yaml",
        f.text
            .replacen("currentVersion: \"5.x.x\"", "currentVersion: \"5.7.0\"", 1)
            .replacen("migrateVersion: \"5.x.x\"", "migrateVersion: \"5.9.0\"", 1),
        "",
    );
    let mut d = Diagnostics::new();
    let m = migration::read(&fixed, &mut d).unwrap();
    assert!(d.is_empty(), "{d:?}");
    assert!(m.migration_enable);
    assert_eq!(m.versions.first().map(String::as_str), Some("5.0.0-SP1"));
    assert!(m.versions.iter().any(|v| v == "5.9.0"), "{:?}", m.versions);
}

#[test]
fn registry_xml_has_versioning_on() {
    let Some(dir) = common::wso2_fixtures("config") else {
        return;
    };
    let mut d = Diagnostics::new();
    let r = registry::read(&load(&dir, "registry.xml"), &mut d).unwrap();
    assert!(d.is_empty(), "{d:?}");
    assert!(r.properties && r.comments && r.tags && r.ratings);
}

#[test]
fn the_whole_set_together() {
    let Some(dir) = common::wso2_fixtures("config") else {
        return;
    };
    let inputs = Inputs {
        dir_display: "wso2".into(),
        sync_properties: Some(load(&dir, "sync.properties")),
        deployment_toml: Some(load(&dir, "deployment.toml")),
        migration_config: Some(load(&dir, "migration-config.yaml")),
        registry_xml: Some(load(&dir, "registry.xml")),
        env: BTreeMap::new(),
        ..Inputs::default()
    };
    let (c, d) = build(&inputs, &Options::default());
    // identitySchema names datasources this deployment.toml does not define; the versions are
    // placeholders.
    assert_eq!(
        codes(&d),
        vec![("E021", 22), ("E021", 22), ("E031", 4), ("E031", 6)]
    );
    assert!(c.registry.unwrap().any());
    let all = format!("{c:?}{d:?}");
    assert!(!all.contains("wso2carbon\""), "{all}");
}
