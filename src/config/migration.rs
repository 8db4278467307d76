//! `migration-config.yaml` of WSO2's migration client: `migrationEnable`, `currentVersion`,
//! `migrateVersion` and the version strings under `versions:` (kept as data). Parsed with
//! serde-saphyr and its `Spanned` for positions; other keys are not ismig's business and are
//! ignored. A version still set to WSO2's placeholder (`"5.x.x"`) or missing is E031 naming the
//! key; a YAML syntax error is E030.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::source::{SourceFile, line_offset};

use super::{Located, MigrationSettings};

/// A YAML scalar of any type, as text.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Str(s) => s.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
struct VersionYaml {
    version: Option<Scalar>,
}

#[derive(Debug, Deserialize)]
struct MigrationYaml {
    #[serde(rename = "migrationEnable")]
    migration_enable: Option<Spanned<Scalar>>,
    #[serde(rename = "currentVersion")]
    current_version: Option<Spanned<Scalar>>,
    #[serde(rename = "migrateVersion")]
    migrate_version: Option<Spanned<Scalar>>,
    versions: Option<Vec<VersionYaml>>,
}

fn location(file: &SourceFile, loc: &serde_saphyr::Location, len: usize) -> Location {
    match loc.span().byte_offset() {
        Some(o) => file.location(o as usize, len),
        None => {
            let line = loc.line().max(1) as usize;
            let start = line_offset(&file.text, line);
            let col = loc.column().max(1) as usize - 1;
            let off = file.text[start..]
                .char_indices()
                .nth(col)
                .map(|(i, _)| start + i)
                .unwrap_or(start);
            file.location(off, len)
        }
    }
}

/// A real version: digits and dots (`5.9.0`), optionally `-SUFFIX` (`5.0.0-SP1`).
pub fn is_version(s: &str) -> bool {
    let (main, suffix) = s.split_once('-').unwrap_or((s, "x"));
    let parts: Vec<&str> = main.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && !suffix.is_empty()
        && suffix.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Reads the file. None when it cannot be parsed or a version is missing or a placeholder.
pub fn read(file: &SourceFile, diags: &mut Diagnostics) -> Option<MigrationSettings> {
    if file.text.trim().is_empty() {
        diags.push(
            Diagnostic::error(
                "E031",
                "migration-config.yaml is empty: currentVersion and migrateVersion are missing",
            )
            .at(file.location(0, 0))
            .hint("currentVersion: \"5.7.0\" and migrateVersion: \"5.9.0\""),
        );
        return None;
    }
    let y: MigrationYaml = match serde_saphyr::from_str(&file.text) {
        Ok(y) => y,
        Err(e) => {
            let loc = e
                .location()
                .map(|l| location(file, &l, 0))
                .unwrap_or_else(|| file.location(0, 0));
            let msg = e.to_string();
            let first = msg.lines().next().unwrap_or("").to_string();
            diags.push(
                Diagnostic::error("E030", format!("migration-config.yaml cannot be parsed: {first}"))
                    .at(loc)
                    .hint("give the migration client's migration-config.yaml (a YAML mapping with currentVersion and migrateVersion)"),
            );
            return None;
        }
    };
    let mut ok = true;
    let migration_enable = match &y.migration_enable {
        None => false,
        Some(s) => match &s.value {
            Scalar::Bool(b) => *b,
            Scalar::Str(t) if t.trim().eq_ignore_ascii_case("true") => true,
            Scalar::Str(t) if t.trim().eq_ignore_ascii_case("false") => false,
            other => {
                ok = false;
                let t = other.text();
                diags.push(
                    Diagnostic::error(
                        "E030",
                        format!("migrationEnable must be true or false, found {t:?}"),
                    )
                    .at(location(file, &s.referenced, t.len()))
                    .hint("migrationEnable: \"true\""),
                );
                false
            }
        },
    };
    let mut version =
        |key: &str, v: &Option<Spanned<Scalar>>, example: &str| -> Option<Located<String>> {
            match v {
                None => {
                    diags.push(
                        Diagnostic::error(
                            "E031",
                            format!("{key} is missing from migration-config.yaml"),
                        )
                        .at(file.location(0, 0))
                        .hint(format!("add {key}: \"{example}\"")),
                    );
                    None
                }
                Some(s) => {
                    let t = s.value.text().trim().to_string();
                    let loc = location(file, &s.referenced, t.len());
                    if is_version(&t) {
                        Some(Located {
                            value: t,
                            location: Some(loc),
                        })
                    } else {
                        let what = if t.to_ascii_lowercase().contains('x') || t.is_empty() {
                            "is still the placeholder"
                        } else {
                            "is not a version"
                        };
                        diags.push(
                            Diagnostic::error(
                                "E031",
                                format!("{key} {what} {t:?} in migration-config.yaml"),
                            )
                            .at(loc)
                            .hint(format!("set {key}: \"{example}\"")),
                        );
                        None
                    }
                }
            }
        };
    let current = version("currentVersion", &y.current_version, "5.7.0");
    let migrate = version("migrateVersion", &y.migrate_version, "5.9.0");
    let versions = y
        .versions
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.version.as_ref().map(Scalar::text))
        .collect();
    match (current, migrate, ok) {
        (Some(c), Some(m), true) => Some(MigrationSettings {
            migration_enable,
            current_version: c,
            migrate_version: m,
            versions,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Option<MigrationSettings>, Diagnostics) {
        let mut d = Diagnostics::new();
        let r = read(
            &SourceFile::new("m/migration-config.yaml", text, ""),
            &mut d,
        );
        (r, d)
    }

    #[test]
    fn reads_versions() {
        let (m, d) = run(
            "migrationEnable: \"true\"\ncurrentVersion: \"5.7.0\"\nmigrateVersion: 5.9.0\nother: 1\nversions:\n -\n  version: \"5.0.0-SP1\"\n -\n  version: \"5.9.0\"\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let m = m.unwrap();
        assert!(m.migration_enable);
        assert_eq!(m.current_version.value, "5.7.0");
        let l = m.current_version.location.unwrap();
        assert_eq!((l.line, l.column), (2, 17));
        assert_eq!(m.migrate_version.value, "5.9.0");
        assert_eq!(m.versions, vec!["5.0.0-SP1", "5.9.0"]);
    }

    #[test]
    fn placeholders_and_missing() {
        let (m, d) = run("migrationEnable: true\ncurrentVersion: \"5.x.x\"\n");
        assert!(m.is_none());
        let v: Vec<_> = d.iter().collect();
        assert_eq!(v.len(), 2);
        assert!(v[0].message.contains("currentVersion") && v[0].message.contains("placeholder"));
        assert_eq!(v[0].location.as_ref().unwrap().line, 2);
        assert!(v[1].message.contains("migrateVersion is missing"));
    }

    #[test]
    fn syntax_error() {
        let (_, d) = run("a: [1, 2\nb: c\n");
        assert_eq!(d.iter().next().unwrap().code, "E030");
        let (_, d) = run("- a\n- b\n");
        assert_eq!(d.iter().next().unwrap().code, "E030");
    }

    #[test]
    fn version_shapes() {
        assert!(is_version("5.9.0") && is_version("5.0.0-SP1") && is_version("5.10"));
        assert!(
            !is_version("5.x.x") && !is_version("5") && !is_version("") && !is_version("5.9.0-")
        );
    }
}
