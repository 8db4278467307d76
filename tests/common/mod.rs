//! Helpers shared by the integration tests that re-split generated scripts (each test crate uses
//! part of them).
#![allow(dead_code)]

use ismig::dialect::Dialect;
use ismig::render::OutputFile;
use ismig::schema::split::statement_texts;

/// Statement text without leading `--` comment lines and surrounding blanks.
pub fn strip_comments(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let start = lines
        .iter()
        .position(|l| !l.trim().is_empty() && !l.trim_start().starts_with("--"))
        .unwrap_or(lines.len());
    lines[start..].join("\n").trim().to_string()
}

/// Client commands that are not SQL statements (handled by the client itself).
fn is_client_command(s: &str) -> bool {
    let t = s.trim().to_ascii_uppercase();
    t.starts_with('\\')
        || t.starts_with(':')
        || t.starts_with("WHENEVER ")
        || t.starts_with("SET DEFINE")
        || t.starts_with("SET SERVEROUTPUT")
        || t == "SET NOCOUNT ON"
}

/// Re-splits a generated script with its client's rules. Returns the statements found and the
/// statements rendered, both without comments and terminators; the client's header lines
/// (SQL*Plus WHENEVER/SET, psql `\set`, sqlcmd `:on error exit`) are line commands the client runs
/// itself, not statements, and are set aside.
pub fn resplit(d: Dialect, f: &OutputFile) -> (Vec<String>, Vec<String>) {
    let full = String::from_utf8(f.bytes.clone()).expect("UTF-8");
    let header = d.rules().default_client().header;
    let text: String = full
        .lines()
        .filter(|l| {
            !header.contains(l)
                || l.trim().eq_ignore_ascii_case("GO")
                || l.trim().eq_ignore_ascii_case("SET NOCOUNT ON;")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let got = statement_texts(&text, &d.rules().split)
        .into_iter()
        .map(strip_comments)
        .filter(|s| !s.is_empty() && !is_client_command(s))
        .map(|s| s.trim_end_matches(';').trim_end().to_string())
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
