//! The rehearsal of `80-rehearse-source.sql` as data, on WSO2's four sync tables in every
//! dialect: the journal rows it expects follow the triggers' semantics (a primary-key change is a
//! DELETE of the old key then an UPDATE of the new one; a parent's delete turns the child's
//! pending rows into DELETE rows; a cascade is journaled where the dialect fires triggers for
//! it), and its values fit their columns and hold a quote and a non-ASCII character.

use ismig::diag::Diagnostics;
use ismig::dialect::Dialect;
use ismig::model::{SyncTable, plan_dialect};
use ismig::render::rehearsal::{Rehearsal, TENANT, expected_rows};
use ismig::schema::testing::wso2_sync_tables;

const TABLES: [&str; 4] = [
    "IDN_IDENTITY_USER_DATA",
    "IDN_OAUTH2_ACCESS_TOKEN",
    "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
    "IDN_OAUTH2_AUTHORIZATION_CODE",
];

fn plan(d: Dialect) -> Vec<SyncTable> {
    let tables: Vec<_> = TABLES.iter().map(|n| (n.to_string(), None)).collect();
    plan_dialect(d, &tables, wso2_sync_tables(d), &mut Diagnostics::new()).tables
}

fn actions(rows: &[(&'static str, Vec<String>)]) -> Vec<&'static str> {
    rows.iter().map(|(a, _)| *a).collect()
}

#[test]
fn key_change_is_delete_then_update_and_a_parent_delete_cleans_its_children() {
    let pg = expected_rows(&plan(Dialect::Postgresql), Dialect::Postgresql.rules());
    // insert a; insert b and c; update a; b set to NULL; key change of c (DELETE + UPDATE); delete a
    let want = [
        "INSERT", "INSERT", "INSERT", "UPDATE", "UPDATE", "DELETE", "UPDATE", "DELETE",
    ];
    assert_eq!(actions(&pg[0]), want);
    // the token's row b is deleted at the end: its journal has one more DELETE
    assert_eq!(actions(&pg[1])[..8], want);
    assert_eq!(actions(&pg[1])[8], "DELETE");
    // the scope rows of token b: INSERT and NULL-update turned into DELETE, then the cascade's
    // own DELETE row
    let scope = actions(&pg[2]);
    assert_eq!(
        scope,
        [
            "INSERT", "DELETE", "INSERT", "UPDATE", "DELETE", "DELETE", "UPDATE", "DELETE",
            "DELETE"
        ]
    );
    // MySQL fires no trigger for a cascade: the same rows without the last one
    let my = expected_rows(&plan(Dialect::Mysql), Dialect::Mysql.rules());
    assert_eq!(actions(&my[2]), scope[..8]);
}

#[test]
fn values_fit_their_columns_and_hold_a_quote_and_a_non_ascii_character() {
    for d in Dialect::ALL {
        let tables = plan(d);
        let rows = expected_rows(&tables, d.rules());
        let mut quoted = false;
        for (t, rows) in tables.iter().zip(&rows) {
            for (_, values) in rows {
                for (c, v) in t.columns.iter().zip(values) {
                    let len = c.ty.args.first().and_then(|a| a.parse::<usize>().ok());
                    if let (Some(n), true) = (len, v.contains("ismig")) {
                        assert!(v.len() <= n, "{d} {}.{}: {v}", t.source, c.name);
                    }
                    quoted |= v.contains('\'') && !v.is_ascii();
                    if c.name.eq_ignore_ascii_case("TENANT_ID") {
                        assert!(
                            *v == TENANT.to_string()
                                || *v == (TENANT - 1).to_string()
                                || v == "NULL",
                            "{d} {}: {v}",
                            t.source
                        );
                    }
                }
            }
        }
        assert!(quoted, "{d}");
        // one check per journal's row count, one per expected row
        let checks = Rehearsal::summary(&tables, d.rules());
        let expected: usize = rows.iter().map(Vec::len).sum();
        assert_eq!(checks.len(), tables.len() + expected, "{d}");
    }
}
