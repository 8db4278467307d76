//! The rehearsal of `80-rehearse-source.sql` as data, on WSO2's four sync tables in every
//! dialect: the journal rows it expects follow the triggers' semantics (a primary-key change is a
//! DELETE of the old key then an UPDATE of the new one; a parent's delete turns the child's
//! pending rows into DELETE rows; a cascade is journaled where the dialect fires triggers for
//! it), and its values fit their columns and hold a quote and a non-ASCII character.

use ismig::diag::Diagnostics;
use ismig::dialect::Dialect;
use ismig::model::{SyncTable, plan_dialect};
use ismig::render::rehearsal::{Rehearsal, TENANT, build, expected_rows};
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

/// A sync table `TOKEN` whose NOT NULL `APP_ID` points at `APP`, a table the sync does not carry
/// (its `ID` filled by the engine); `APP` itself points at `OWNER` through `OWNER_ID`
/// (`owner_not_null`: a NOT NULL column).
fn with_outside_parent(d: Dialect, owner_not_null: bool) -> Vec<SyncTable> {
    use ismig::schema::ForeignKey;
    use ismig::schema::testing::{schema, table};
    let fk = |cols: &[&str], to: &str| ForeignKey {
        columns: cols.iter().map(|s| s.to_string()).collect(),
        ref_table: to.to_string(),
        ref_columns: vec!["ID".to_string()],
        on_delete_cascade: false,
    };
    let mut token = table(
        "TOKEN",
        &[
            ("TOKEN_ID", "VARCHAR", &["64"], false),
            ("APP_ID", "INTEGER", &[], false),
            ("TENANT_ID", "INTEGER", &[], true),
        ],
        &["TOKEN_ID"],
    );
    token.foreign_keys.push(fk(&["APP_ID"], "APP"));
    let mut app = table(
        "APP",
        &[
            ("ID", "INTEGER", &[], false),
            ("APP_KEY", "VARCHAR", &["255"], false),
            ("OWNER_ID", "INTEGER", &[], !owner_not_null),
            ("NOTE", "VARCHAR", &["255"], true),
        ],
        &["ID"],
    );
    app.columns[0].identity = true;
    app.foreign_keys.push(fk(&["OWNER_ID"], "OWNER"));
    let mut s = schema(d, vec![token]);
    s.parents = vec![app];
    let tables = vec![("TOKEN".to_string(), None)];
    plan_dialect(d, &tables, s, &mut Diagnostics::new()).tables
}

#[test]
fn a_not_null_key_to_a_table_the_sync_does_not_carry_gets_a_row_made_for_it() {
    for d in Dialect::ALL {
        let tables = with_outside_parent(d, false);
        let r = build(&tables, d.rules(), "0");
        let first = &r.statements[0];
        assert!(first.what.contains("row of APP"), "{d}: {}", first.what);
        // the engine fills ID; nullable OWNER_ID and NOTE are left out; APP_KEY marks the row
        assert!(first.sql.contains("APP_KEY"), "{d}: {}", first.sql);
        for left_out in ["(ID", " ID,", "OWNER_ID", "NOTE"] {
            assert!(!first.sql.contains(left_out), "{d}: {}", first.sql);
        }
        // the token rows take the key of that row, found by its marker, never a row of another
        let rows = expected_rows(&tables, d.rules());
        assert!(
            rows[0]
                .iter()
                .all(|(_, v)| v[1] == "the rehearsal's APP.ID"),
            "{d}: {rows:?}"
        );
        let insert = &r.statements[1].sql;
        assert!(insert.contains("WHERE "), "{d}: {insert}");
        // the subquery finds the row by its APP_KEY (names quoted where the dialect asks)
        let bare = insert.replace(['[', ']', '"', '`'], "");
        assert!(bare.contains("WHERE APP_KEY = "), "{d}: {insert}");
        // one row, however many rows point at it
        assert_eq!(
            r.statements
                .iter()
                .filter(|s| s.what.contains("row of APP"))
                .count(),
            1
        );
    }
}

#[test]
fn a_parent_that_needs_a_third_table_gets_no_row() {
    for d in Dialect::ALL {
        let tables = with_outside_parent(d, true);
        let r = build(&tables, d.rules(), "0");
        assert!(
            !r.statements.iter().any(|s| s.what.contains("row of APP")),
            "{d}"
        );
        let rows = expected_rows(&tables, d.rules());
        assert!(
            rows[0].iter().all(|(_, v)| v[1] == "the smallest APP.ID"),
            "{d}: {rows:?}"
        );
    }
}
