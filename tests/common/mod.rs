//! Helpers shared by the integration tests: re-splitting generated scripts, and finding WSO2's
//! fixtures (each test crate uses part of them).
#![allow(dead_code)]

use ismig::dialect::Dialect;
use ismig::render::OutputFile;
use ismig::schema::split::split;

/// `../shared/fixtures/wso2/<sub>` beside the crate (`sub` may be empty), or None when it is not
/// there: the test is then skipped, except in CI, where a missing fixture fails it.
pub fn wso2_fixtures(sub: &str) -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/wso2")
        .join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {} is missing (../shared/fixtures/wso2 beside the crate)",
        dir.display()
    );
    eprintln!("skipped: {} is missing", dir.display());
    None
}

/// All `.sql` files under `dir`, sorted. The migration client's `migration-resources` folder is
/// left out: its dbscripts are version steps (ALTERs, helper procedures), not schema scripts.
pub fn sql_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n == "migration-resources") {
                    continue;
                }
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "sql") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The dialect of a fixture script: the name of its folder (`…/postgresql/identity.sql`).
pub fn fixture_dialect(path: &std::path::Path) -> Dialect {
    let name = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    Dialect::from_name(name).unwrap_or_else(|| panic!("{}: no dialect folder", path.display()))
}

/// Statement text without leading `--` comment lines and surrounding blanks.
pub fn strip_comments(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let start = lines
        .iter()
        .position(|l| !l.trim().is_empty() && !l.trim_start().starts_with("--"))
        .unwrap_or(lines.len());
    lines[start..].join("\n").trim().to_string()
}

/// Re-splits a generated script with its client's rules, as the client reads it. Returns the
/// statements found and the statements rendered, both without comments and terminators. The lines
/// the client takes as its own commands must be exactly the profile's header and footer lines
/// that are commands (SQL*Plus WHENEVER/SET, psql `\set`, sqlcmd `:on error exit`): any other
/// (a name on a line of its own that the client reads as a command) fails here.
pub fn resplit(d: Dialect, f: &OutputFile) -> (Vec<String>, Vec<String>) {
    let text = String::from_utf8(f.bytes.clone()).expect("UTF-8");
    let rules = d.rules();
    let cut = split(&text, &rules.split);
    let client = rules
        .clients
        .iter()
        .find(|c| c.header.iter().all(|h| text.lines().any(|l| l == *h)))
        .unwrap_or(rules.default_client());
    let mut framing: Vec<String> = Vec::new();
    for lines in [client.header, client.footer] {
        let t = lines.join("\n");
        framing.extend(
            split(&t, &rules.split)
                .command_texts(&t)
                .into_iter()
                .map(String::from),
        );
    }
    let commands: Vec<String> = cut
        .command_texts(&text)
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(
        commands, framing,
        "{}: lines the client reads as its own commands",
        f.path
    );
    let got = cut
        .texts(&text)
        .into_iter()
        .map(strip_comments)
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end_matches(';').trim_end().to_string())
        .filter(|s| !(s == "SET NOCOUNT ON" && client.header.contains(&"SET NOCOUNT ON;")))
        .collect();
    let want = f
        .statements
        .iter()
        .map(|s| {
            strip_comments(s)
                .trim_end_matches(';')
                .trim_end()
                .to_string()
        })
        .collect();
    (got, want)
}
