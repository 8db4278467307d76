//! `config::build` on hand-made inputs: resolution, cross-file checks, secrets.

use std::collections::BTreeMap;

use ismig::config::{self, build};
use ismig::diag::Diagnostics;
use ismig::dialect::Dialect;
use ismig::input::{DialectChoice, Inputs, Options};
use ismig::source::SourceFile;

const SYNC: &str = "sourceVersion=5.7.0\ntargetVersion=5.9.0\nsyncTables=IDN_OAUTH2_ACCESS_TOKEN,IDN_IDENTITY_USER_DATA\nidentitySchema=jdbc/OLD_IDN,jdbc/NEW_IDN\n";

const TOML: &str = r#"[super_admin]
password = "admin-pw"

[[datasource]]
id = "OLD_IDN"
url = "jdbc:mysql://old:3306/IDN_OLD?useSSL=false&password=Pa55-Zebra-91"
username = "u"
password = "Pa55-Zebra-91"
driver = "com.mysql.jdbc.Driver"
[datasource.pool_options]
maxActive = "50"

[[datasource]]
id = "NEW_IDN"
url = "jdbc:postgresql://$env{NEW_HOST}:5432/idn_new?currentSchema=idn"
password = "Pa55-Zebra-91"
"#;

const YAML: &str =
    "migrationEnable: \"true\"\ncurrentVersion: \"5.7.0\"\nmigrateVersion: \"5.9.0\"\n";

fn file(name: &str, text: &str) -> Option<SourceFile> {
    Some(SourceFile::new(format!("mig/{name}"), text, "0".repeat(64)))
}

fn inputs() -> Inputs {
    let mut env = BTreeMap::new();
    env.insert("NEW_HOST".to_string(), "pg1".to_string());
    Inputs {
        dir_display: "mig".into(),
        sync_properties: file("sync.properties", SYNC),
        deployment_toml: file("deployment.toml", TOML),
        migration_config: file("migration-config.yaml", YAML),
        registry_xml: file(
            "registry.xml",
            "<r><staticConfiguration><versioningProperties>false</versioningProperties></staticConfiguration></r>",
        ),
        env,
        ..Inputs::default()
    }
}

fn codes(d: &Diagnostics) -> Vec<&'static str> {
    d.iter().map(|x| x.code).collect()
}

#[test]
fn resolves_both_sides() {
    let (c, d) = build(&inputs(), &Options::default());
    assert!(d.is_empty(), "{d:?}");
    let s = c.source.as_ref().unwrap();
    let t = c.target.as_ref().unwrap();
    assert_eq!(
        (s.dialect, s.database.as_deref()),
        (Dialect::Mysql, Some("IDN_OLD"))
    );
    assert_eq!(s.url, "jdbc:mysql://old:3306/IDN_OLD?useSSL=false");
    assert_eq!(
        (t.dialect, t.schema.as_deref()),
        (Dialect::Postgresql, Some("idn"))
    );
    assert_eq!(
        t.url,
        "jdbc:postgresql://pg1:5432/idn_new?currentSchema=idn"
    );
    assert_eq!(c.dialects, vec![Dialect::Mysql, Dialect::Postgresql]);
    assert_eq!(c.env_vars_used, vec!["NEW_HOST"]);
    let step = c.step.unwrap();
    assert_eq!((step.from.as_str(), step.to.as_str()), ("5.7.0", "5.9.0"));
    let r = c.registry.unwrap();
    assert!(!r.properties && r.comments);
    let sync = c.sync.unwrap();
    assert_eq!(sync.sync_tables.len(), 2);
    assert_eq!(c.inputs.len(), 4);
}

#[test]
fn passwords_never_in_config_or_diagnostics() {
    let mut i = inputs();
    // Also make every diagnostic path fire on the lines holding the password.
    i.env.clear();
    i.sync_properties = file(
        "sync.properties",
        "sourceVersion=5.7.0\ntargetVersion=5.8.0\nsyncTables=A\nidentitySchema=jdbc/OLD_IDN,jdbc/NEW_IDN\nPa55-Zebra-91=x\n",
    );
    let (c, d) = build(&i, &Options::default());
    assert!(!d.is_empty());
    let all = format!("{c:?}\n{d:?}\n{}", ismig::diag::render_json(&d));
    assert!(!all.contains("Pa55-Zebra-91"), "{all}");
    // A TOML syntax error on the password line.
    i.deployment_toml = file(
        "deployment.toml",
        "[[datasource]]\nid = \"X\"\npassword = \"Pa55-Zebra-91\" junk\n",
    );
    let (c, d) = build(&i, &Options::default());
    assert!(codes(&d).contains(&"E020"));
    let all = format!("{c:?}\n{d:?}");
    assert!(!all.contains("Pa55-Zebra-91"), "{all}");
    // and the CLI can mask the shown lines
    let spans = config::secret_spans(&i);
    let toml = i.deployment_toml.as_ref().unwrap();
    let mine: Vec<(usize, usize)> = spans
        .iter()
        .filter(|s| *s.0 == *toml.display)
        .map(|s| (s.1, s.2))
        .collect();
    assert!(!config::secrets::mask(&toml.text, &mine).contains("Pa55-Zebra-91"));
}

#[test]
fn unknown_datasource_gets_did_you_mean() {
    let mut i = inputs();
    i.sync_properties = file(
        "sync.properties",
        &SYNC.replace("jdbc/NEW_IDN", "jdbc/NEW_IDM"),
    );
    let (c, d) = build(&i, &Options::default());
    let e = d.iter().find(|x| x.code == "E021").unwrap();
    assert!(e.hint.as_deref().unwrap().contains("jdbc/NEW_IDN"), "{e:?}");
    let l = e.location.as_ref().unwrap();
    assert_eq!((l.line, l.column), (4, 29));
    assert!(c.target.is_none() && c.source.is_some());
}

#[test]
fn unset_env_is_e023_unless_dialect_given() {
    let mut i = inputs();
    i.env.clear();
    let (c, d) = build(&i, &Options::default());
    let e = d.iter().find(|x| x.code == "E023").unwrap();
    assert!(e.message.contains("NEW_HOST"));
    assert_eq!(e.hint.as_deref(), Some("set NEW_HOST, or give --dialect"));
    assert_eq!(c.env_vars_used, vec!["NEW_HOST"]);
    let opts = Options {
        dialect: Some(DialectChoice::One(Dialect::Oracle)),
        ..Options::default()
    };
    let (c, d) = build(&i, &opts);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(c.dialects, vec![Dialect::Oracle]);
}

#[test]
fn same_database_is_e051() {
    let mut i = inputs();
    i.sync_properties = file("sync.properties", &SYNC.replace("jdbc/NEW_IDN", "OLD_IDN"));
    let (_, d) = build(&i, &Options::default());
    assert_eq!(codes(&d), vec!["E051"]);
}

#[test]
fn versions_must_agree_and_be_supported() {
    let mut i = inputs();
    i.migration_config = file("migration-config.yaml", &YAML.replace("5.7.0", "5.8.0"));
    let (_, d) = build(&i, &Options::default());
    let e = d.iter().find(|x| x.code == "E050").unwrap();
    assert_eq!(e.location.as_ref().unwrap().line, 2);
    assert!(e.message.contains("5.8.0") && e.message.contains("5.7.0"));
    i.migration_config = None;
    i.sync_properties = file("sync.properties", &SYNC.replace("5.7.0", "5.3.0"));
    let (c, d) = build(&i, &Options::default());
    assert_eq!(codes(&d), vec!["E032"]);
    assert!(c.step.is_none());
}

#[test]
fn missing_files() {
    let i = Inputs {
        dir_display: "mig".into(),
        ..Inputs::default()
    };
    let (_, d) = build(&i, &Options::default());
    assert_eq!(codes(&d), vec!["E001", "E026"]);
    let opts = Options {
        dialect: Some(DialectChoice::All),
        ..Options::default()
    };
    let (c, d) = build(&i, &opts);
    assert_eq!(codes(&d), vec!["E001"]);
    assert_eq!(c.dialects.len(), 6);
}

#[test]
fn xml_is_ignored_when_toml_present() {
    let mut i = inputs();
    i.master_datasources = file("master-datasources.xml", "<datasources/>");
    let (_, d) = build(&i, &Options::default());
    assert_eq!(codes(&d), vec!["W001"]);
}

#[test]
fn bad_url_is_e022_without_password() {
    let mut i = inputs();
    i.deployment_toml = file(
        "deployment.toml",
        &TOML.replace(
            "jdbc:mysql://old:3306/IDN_OLD?useSSL=false&",
            "jdbc:sqlite:x?",
        ),
    );
    let (_, d) = build(&i, &Options::default());
    let e = d.iter().find(|x| x.code == "E022").unwrap();
    assert!(!e.message.contains("Pa55"), "{e:?}");
    assert_eq!(e.location.as_ref().unwrap().line, 6);
}
