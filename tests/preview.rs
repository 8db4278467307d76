//! Renders every dialect's sync scripts from a hand-built schema of WSO2's four sync tables and
//! checks the byte contract and the statement structure.

use ismig::dialect::Dialect;
use ismig::pipeline::preview;
use ismig::schema::testing::wso2_sync_tables;

const TABLES: [&str; 4] = [
    "IDN_IDENTITY_USER_DATA",
    "IDN_OAUTH2_ACCESS_TOKEN",
    "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
    "IDN_OAUTH2_AUTHORIZATION_CODE",
];

#[test]
fn every_dialect_renders_every_sync_script() {
    for d in Dialect::ALL {
        let files =
            preview(d, &wso2_sync_tables(d), &TABLES).unwrap_or_else(|e| panic!("{d}: {e:?}"));
        assert_eq!(files.len(), ismig::render::ScriptKind::SYNC.len(), "{d}");
        assert_eq!(files.len(), 11, "{d}");
        for f in &files {
            let text = String::from_utf8(f.bytes.clone()).unwrap();
            assert!(
                text.ends_with('\n') && !text.ends_with("\n\n"),
                "{}: one final newline",
                f.path
            );
            assert!(!text.contains('\r'), "{}: LF only", f.path);
            assert!(
                text.lines().all(|l| l == l.trim_end()),
                "{}: no trailing blanks",
                f.path
            );
            // a marker is a line of its own; MySQL's `@@SESSION.x` system variables are not markers
            assert!(
                !text
                    .lines()
                    .any(|l| l.trim() == "@@" || l.trim() == "@@block"),
                "{}: a statement marker leaked",
                f.path
            );
            assert!(!f.statements.is_empty(), "{}: no statement", f.path);
        }
    }
}
