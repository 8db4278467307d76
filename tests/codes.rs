//! Every diagnostic code used in the sources is listed, once, in `diag::CODES` (which the README
//! points to as the reference of codes and summaries).

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_code_used_is_listed_once() {
    let listed: Vec<&str> = ismig::diag::CODES.iter().map(|(c, _)| *c).collect();
    let unique: BTreeSet<&str> = listed.iter().copied().collect();
    assert_eq!(unique.len(), listed.len(), "a code is listed twice");
    assert!(ismig::diag::CODES.iter().all(|(_, s)| !s.is_empty()));
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut used = BTreeSet::new();
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        let b = text.as_bytes();
        for i in 0..b.len().saturating_sub(5) {
            if b[i] == b'"'
                && (b[i + 1] == b'E' || b[i + 1] == b'W')
                && b[i + 2..i + 5].iter().all(u8::is_ascii_digit)
                && b[i + 5] == b'"'
            {
                used.insert(text[i + 1..i + 5].to_string());
            }
        }
    }
    assert!(used.len() > 30, "only {} codes found", used.len());
    let missing: Vec<_> = used
        .iter()
        .filter(|c| !unique.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "codes used but not listed in diag::CODES: {missing:?}"
    );
}
