//! The old IS `registry.xml`: the four `versioning*` flags under `<staticConfiguration>`, which
//! decide whether the registry versioning cleanup script is generated.
//!
//! A flag that is absent (or a file without `<staticConfiguration>`) counts as `true`: that is
//! the Carbon registry kernel's default before 5.9.0 (5.9.0 is the first IS that turns versioning
//! off, and it does so by writing `false` in its registry.xml). A value other than true/false
//! (trimmed, any case) is E041; malformed XML is E040.

use crate::diag::{Diagnostic, Diagnostics};
use crate::source::SourceFile;

use super::{RegistryVersioning, xml_error_location};

const FLAGS: [&str; 4] = [
    "versioningProperties",
    "versioningComments",
    "versioningTags",
    "versioningRatings",
];

/// Reads the flags. None when the file cannot be parsed (E040) or a flag is invalid (E041).
pub fn read(file: &SourceFile, diags: &mut Diagnostics) -> Option<RegistryVersioning> {
    let doc = match roxmltree::Document::parse(&file.text) {
        Ok(d) => d,
        Err(e) => {
            diags.push(
                Diagnostic::error("E040", format!("registry.xml cannot be parsed: {e}"))
                    .at(xml_error_location(file, &e))
                    .hint("give the old IS's repository/conf/registry.xml as it is"),
            );
            return None;
        }
    };
    let mut values = [true; 4];
    let mut ok = true;
    let static_cfg = doc
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == "staticConfiguration");
    if let Some(sc) = static_cfg {
        for (i, flag) in FLAGS.iter().enumerate() {
            let Some(el) = sc
                .children()
                .find(|n| n.is_element() && n.tag_name().name() == *flag)
            else {
                continue;
            };
            let text = el.text().unwrap_or("").trim();
            if text.eq_ignore_ascii_case("true") {
                values[i] = true;
            } else if text.eq_ignore_ascii_case("false") {
                values[i] = false;
            } else {
                ok = false;
                let range = el
                    .first_child()
                    .filter(|c| c.is_text())
                    .map(|c| c.range())
                    .unwrap_or_else(|| el.range());
                diags.push(
                    Diagnostic::error(
                        "E041",
                        format!("<{flag}> must be true or false, found {text:?}"),
                    )
                    .at(file.location(range.start, range.end - range.start))
                    .hint(format!("<{flag}>false</{flag}>")),
                );
            }
        }
    }
    ok.then_some(RegistryVersioning {
        properties: values[0],
        comments: values[1],
        tags: values[2],
        ratings: values[3],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Option<RegistryVersioning>, Diagnostics) {
        let mut d = Diagnostics::new();
        let r = read(&SourceFile::new("m/registry.xml", text, ""), &mut d);
        (r, d)
    }

    #[test]
    fn flags() {
        let (r, d) = run(
            "<r><staticConfiguration><versioningProperties> FALSE </versioningProperties><versioningComments>false</versioningComments><versioningTags>False</versioningTags><versioningRatings>true</versioningRatings></staticConfiguration></r>",
        );
        assert!(d.is_empty());
        let r = r.unwrap();
        assert!(!r.properties && !r.comments && !r.tags && r.ratings && r.any());
    }

    #[test]
    fn bad_flag_and_malformed() {
        let (r, d) = run(
            "<r>\n<staticConfiguration>\n  <versioningTags>yes</versioningTags>\n</staticConfiguration></r>",
        );
        assert!(r.is_none());
        let e = d.iter().next().unwrap();
        assert_eq!(e.code, "E041");
        let l = e.location.as_ref().unwrap();
        assert_eq!((l.line, l.column), (3, 19));
        let (_, d) = run("<r>\n<unclosed>\n</r>");
        let e = d.iter().next().unwrap();
        assert_eq!(e.code, "E040");
        assert_eq!(e.location.as_ref().unwrap().line, 3);
    }
}
