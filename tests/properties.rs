//! Property tests on identifiers (run in the normal suite, bounded): for random table and column
//! names, every dialect's scripts either refuse the name with a coded error or re-split into
//! exactly the statements rendered, with every name appearing only as the identifier it is.

use ismig::dialect::Dialect;
use ismig::pipeline::preview;
use ismig::schema::testing::{schema, table};
use proptest::prelude::*;

mod common;
use common::resplit;

/// Names a DBA might meet: plain ones, keywords and client commands, and hostile ones.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][A-Z0-9_]{0,20}",
        "[A-Za-z_][A-Za-z0-9_$#]{0,24}",
        Just("GO".to_string()),
        Just("BEGIN".to_string()),
        Just("END".to_string()),
        Just("DELIMITER".to_string()),
        Just("ACTION_X".to_string()),
        "[A-Z]{1,5}[;'\"/ *\\-$`\\[\\]\n]{1,3}[A-Z]{0,5}",
        "[A-Z]{1,8}(\\$\\$|--|/\\*|\\*/)[A-Z]{0,4}",
        "\\PC{1,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn scripts_resplit_or_the_name_is_refused(t in name(), c1 in name(), c2 in name()) {
        for d in Dialect::ALL {
            let tb = table(&format!("T{}", t.len()), &[("ID", "INTEGER", &[], false)], &["ID"]);
            let mut tb = tb;
            tb.name = t.clone();
            let mut other = table("X", &[(c1.as_str(), "VARCHAR", &["10"], true), (c2.as_str(), "INTEGER", &[], true)], &[]);
            tb.columns.append(&mut other.columns);
            let s = schema(d, vec![tb]);
            match preview(d, &s, &[t.as_str()]) {
                Err(diags) => {
                    // refused: with a code, never silently
                    prop_assert!(diags.has_errors());
                    prop_assert!(diags.iter().all(|x| x.code.starts_with('E') || x.code.starts_with('W')));
                }
                Ok(files) => {
                    // accepted: names are plain identifiers, and every script re-splits exactly
                    for n in [&t, &c1, &c2] {
                        prop_assert!(ismig::dialect::is_plain_identifier(n) && !n.contains("$$"), "{n:?} accepted");
                    }
                    for f in files {
                        let (got, want) = resplit(d, &f);
                        prop_assert_eq!(got, want, "{}", f.path);
                    }
                }
            }
        }
    }
}

/// Keywords and client commands as identifiers are accepted, and must still re-split exactly:
/// a fixed case, so the accepted branch above is known to run.
#[test]
fn keyword_and_client_command_names_are_accepted_and_resplit() {
    for d in Dialect::ALL {
        let mut tb = table("GO", &[("ID", "INTEGER", &[], false)], &["ID"]);
        let more = table(
            "X",
            &[
                ("BEGIN", "VARCHAR", &["10"], true),
                ("END", "INTEGER", &[], true),
                ("A$B#", "INTEGER", &[], true),
            ],
            &[],
        );
        tb.columns.extend(more.columns);
        let files =
            preview(d, &schema(d, vec![tb]), &["GO"]).unwrap_or_else(|e| panic!("{d}: {e:?}"));
        assert_eq!(files.len(), ismig::render::ScriptKind::SYNC.len(), "{d}");
        for f in files {
            let (got, want) = resplit(d, &f);
            assert!(!want.is_empty(), "{}", f.path);
            assert_eq!(got, want, "{}", f.path);
        }
    }
}
