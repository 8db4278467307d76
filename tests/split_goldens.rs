//! Splitter goldens: every `tests/split/<name>.<dialect>.sql` is split by that dialect's client
//! rules; the pieces (byte ranges and texts) and the unterminated offset are snapshotted in
//! `snapshots/split/`. Plus a property test: `split` never panics and its pieces are in order,
//! within the text and on char boundaries, for every dialect.

use std::fmt::Write;
use std::path::Path;

use ismig::dialect::Dialect;
use ismig::schema::split::split;
use proptest::prelude::*;

fn render(text: &str, d: Dialect) -> String {
    let s = split(text, &d.rules().split);
    let mut out = format!("dialect: {d}\nunterminated: {:?}\n", s.unterminated);
    for (k, p) in s.pieces.iter().enumerate() {
        writeln!(out, "--- piece {} [{}..{}]", k + 1, p.start, p.end).unwrap();
        // CR shown visibly so CRLF handling is reviewable.
        writeln!(out, "{}", text[p.start..p.end].replace('\r', "\\r")).unwrap();
    }
    out
}

#[test]
fn split_goldens() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/split");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    assert!(files.len() >= 10);
    for path in files {
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        let (name, dialect) = stem.rsplit_once('.').unwrap();
        let d = Dialect::from_name(dialect).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        insta::with_settings!({snapshot_path => "../snapshots/split", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(name.to_string(), render(&text, d));
        });
    }
}

fn sql_soup() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("`".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("$".to_string()),
        Just("$$".to_string()),
        Just("$a$".to_string()),
        Just("/".to_string()),
        Just("\n/\n".to_string()),
        Just("/*".to_string()),
        Just("*/".to_string()),
        Just("--".to_string()),
        Just(";".to_string()),
        Just("\nGO\n".to_string()),
        Just("\nDELIMITER $$\n".to_string()),
        Just("\nDELIMITER ;\n".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\t".to_string()),
        Just(" ".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("\\".to_string()),
        Just("BEGIN ".to_string()),
        Just("END".to_string()),
        Just("CASE ".to_string()),
        Just("\nIF EXISTS (SELECT 1)\n".to_string()),
        Just("\nCREATE TRIGGER T ".to_string()),
        Just("\nCREATE TABLE T (".to_string()),
        Just("\nCREATE TABLE IF NOT EXISTS T (A BLOB(2G) NOT LOGGED, B INT,".to_string()),
        Just("\nALTER TABLE T ADD CONSTRAINT C FOREIGN KEY (A) REFERENCES T (A)".to_string()),
        Just("2é".to_string()),
        Just("é".to_string()),
        Just("日本".to_string()),
        Just("🦀".to_string()),
        "[a-zA-Z0-9_]{1,6}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn split_never_panics_and_pieces_are_sane(text in sql_soup()) {
        for d in Dialect::ALL {
            let s = split(&text, &d.rules().split);
            let mut last = 0;
            for p in &s.pieces {
                prop_assert!(p.start >= last, "{d}: out of order {p:?}");
                prop_assert!(p.start < p.end, "{d}: empty piece {p:?}");
                prop_assert!(p.end <= text.len());
                prop_assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
                last = p.end;
            }
            if let Some(u) = s.unterminated {
                prop_assert!(u < text.len() && text.is_char_boundary(u));
            }
            // Extraction never panics either.
            let _ = ismig::schema::read(
                d,
                &[ismig::source::SourceFile::new("p.sql", text.clone(), "")],
                &ismig::schema::Wanted::All,
            );
        }
    }
}
