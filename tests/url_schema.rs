//! Every script sets the schema its JDBC URL names right after its guard (PostgreSQL
//! `currentSchema=` → `SET search_path`, DB2 `currentSchema=` → `SET SCHEMA`, H2 `;SCHEMA=` →
//! `SET SCHEMA`), a schema that is not a plain identifier is refused (E022), and a guard or a
//! schema is built only from a URL of the script's own dialect.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const EXAMPLE: &str = "examples/is-5.7.0-to-5.9.0";

/// Writes a migration directory with the example's files and two datasources of these URLs; runs
/// `ismig generate` with `args`. Returns the exit code, stderr and the output directory.
fn generate(tmp: &Path, src_url: &str, tgt_url: &str, args: &[&str]) -> (i32, String, PathBuf) {
    let ex = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    let mig = tmp.join("migration");
    std::fs::create_dir_all(mig.join("schema")).unwrap();
    for f in ["migration-config.yaml", "registry.xml", "sync.properties"] {
        std::fs::copy(ex.join(f), mig.join(f)).unwrap();
    }
    for e in std::fs::read_dir(ex.join("schema")).unwrap().flatten() {
        std::fs::copy(e.path(), mig.join("schema").join(e.file_name())).unwrap();
    }
    let ds = |id: &str, url: &str| {
        format!(
            "[[datasource]]\nid = \"{id}\"\nurl = \"{url}\"\nusername = \"u\"\npassword = \"p\"\n"
        )
    };
    std::fs::write(
        mig.join("deployment.toml"),
        format!(
            "{}\n{}",
            ds("WSO2IdentityDBSource", src_url),
            ds("WSO2IdentityDBTarget", tgt_url)
        ),
    )
    .unwrap();
    let out = tmp.join("out");
    let mut argv: Vec<String> = vec![
        "ismig".into(),
        "generate".into(),
        mig.to_str().unwrap().into(),
        "--out".into(),
        out.to_str().unwrap().into(),
    ];
    argv.extend(args.iter().map(|s| s.to_string()));
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let code = ismig::cli::run(&argv, BTreeMap::new(), &mut o, &mut e);
    (code, String::from_utf8_lossy(&e).into_owned(), out)
}

/// The scripts of a dialect's output folder, by file name.
fn scripts(out: &Path, dialect: &str) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(out.join(dialect))
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// The script's lines without comments and blank lines.
fn code(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("--"))
        .collect()
}

#[test]
fn each_script_sets_the_url_schema_right_after_its_guard() {
    let tmp = tempfile::tempdir().unwrap();
    let (code_, err, out) = generate(
        tmp.path(),
        "jdbc:postgresql://db-old:5432/is570?currentSchema=wso2is",
        "jdbc:postgresql://db-new:5432/is590?currentSchema=wso2is",
        &["--dialect", "postgresql"],
    );
    assert_eq!(code_, 0, "{err}");
    let all = scripts(&out, "postgresql");
    assert!(all.len() >= 10);
    for (name, text) in &all {
        if name.starts_with("01-") {
            // the registry database has no URL here
            assert!(!text.contains("search_path"), "{name}");
            continue;
        }
        let lines = code(text);
        // the guard's DO block ends with `$$;`, then the schema
        let guard_end = lines
            .iter()
            .position(|l| *l == "$$;")
            .unwrap_or_else(|| panic!("{name}: no guard"));
        assert_eq!(
            lines.get(guard_end + 1).copied(),
            Some("SET search_path TO wso2is;"),
            "{name}: the schema is not set right after the guard"
        );
        assert_eq!(text.matches("SET search_path").count(), 1, "{name}");
    }

    let tmp = tempfile::tempdir().unwrap();
    let (code_, err, out) = generate(
        tmp.path(),
        "jdbc:db2://db-old:50000/IS570:currentSchema=WSO2IS;",
        "jdbc:db2://db-new:50000/IS590:currentSchema=WSO2IS;",
        &["--dialect", "db2"],
    );
    assert_eq!(code_, 0, "{err}");
    for (name, text) in scripts(&out, "db2") {
        if name.starts_with("01-") {
            continue;
        }
        let lines = code(&text);
        let guard_end = lines
            .iter()
            .position(|l| l.starts_with("END"))
            .unwrap_or_else(|| panic!("{name}: no guard"));
        assert_eq!(lines.get(guard_end + 1).copied(), Some("/"), "{name}");
        assert_eq!(
            lines.get(guard_end + 2).copied(),
            Some("SET SCHEMA WSO2IS"),
            "{name}: the schema is not set right after the guard"
        );
        assert_eq!(text.matches("SET SCHEMA").count(), 1, "{name}");
    }
}

#[test]
fn a_schema_that_is_not_a_plain_identifier_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (code_, err, out) = generate(
        tmp.path(),
        "jdbc:postgresql://db-old:5432/is570?currentSchema=a;DROP",
        "jdbc:postgresql://db-new:5432/is590",
        &["--dialect", "postgresql"],
    );
    assert_eq!(code_, 1, "{err}");
    assert!(err.contains("E022") && err.contains("a;DROP"), "{err}");
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn guards_and_schemas_come_only_from_a_url_of_the_same_dialect() {
    let tmp = tempfile::tempdir().unwrap();
    let (code_, err, out) = generate(
        tmp.path(),
        "jdbc:mysql://db-old:3306/is570_identity",
        "jdbc:mysql://db-new:3306/is590_identity",
        &["--dialect", "all"],
    );
    assert_eq!(code_, 0, "{err}");
    for (name, text) in scripts(&out, "mysql") {
        if !name.starts_with("01-") {
            assert!(text.contains("wrong-target guard"), "mysql/{name}");
        }
    }
    for d in ["oracle", "db2", "mssql", "postgresql", "h2"] {
        for (name, text) in scripts(&out, d) {
            assert!(!text.contains("wrong-target guard"), "{d}/{name}");
            assert!(!text.contains("is570_identity"), "{d}/{name}");
            assert!(!text.contains("IS590_IDENTITY"), "{d}/{name}");
        }
    }
}
