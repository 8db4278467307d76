//! No input text makes the config readers panic (property-based).

use proptest::prelude::*;

use ismig::config::{datasource, jdbc, migration, properties, registry, secrets};
use ismig::diag::Diagnostics;
use ismig::source::SourceFile;

fn file(text: &str) -> SourceFile {
    SourceFile::new("m/f", text, "")
}

// Strings made of the characters the formats care about, plus anything.
fn texty() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("\\".to_string()),
            Just("\\u".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("=".to_string()),
            Just(":".to_string()),
            Just(",".to_string()),
            Just("#".to_string()),
            Just(" ".to_string()),
            Just("\"".to_string()),
            Just("<".to_string()),
            Just(">".to_string()),
            Just("password=".to_string()),
            Just("jdbc:oracle:thin:".to_string()),
            Just("@".to_string()),
            Just("/".to_string()),
            Just(";".to_string()),
            Just("$env{".to_string()),
            Just("}".to_string()),
            Just("syncTables".to_string()),
            Just("é".to_string()),
            Just("😀".to_string()),
            "[a-zA-Z0-9_.]{0,6}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn readers_never_panic(t in texty()) {
        let f = file(&t);
        let mut d = Diagnostics::new();
        let _ = properties::read(&f, &mut d);
        let _ = migration::read(&f, &mut d);
        let _ = registry::read(&f, &mut d);
        let _ = datasource::read_toml(&f, &mut d);
        let _ = datasource::read_xml(&f, &mut d);
        let _ = jdbc::parse(&t);
        let stripped = jdbc::strip_passwords(&t);
        let _ = stripped;
        let spans = secrets::spans_in(&t);
        prop_assert_eq!(secrets::mask(&t, &spans).len(), t.len());
        let _ = datasource::resolve_placeholders(&t, &Default::default());
    }
}
