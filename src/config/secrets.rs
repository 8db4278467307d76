//! Passwords and other secrets in the input files: where they are, so that nothing ismig shows
//! contains one. [`secret_spans`] finds the byte span of every password-like value in the
//! configuration files (keys matching `password|passwd|pwd|secret`, any case, in TOML, YAML,
//! properties and XML; `password=`/`pwd=` parameters inside URLs; Oracle's `user/password@`);
//! [`mask`] replaces those bytes with `*` (same length, so diagnostic offsets stay right). The
//! CLI masks every text before adding it to the [`SourceMap`](crate::diag::SourceMap), and
//! `config::build` scrubs its diagnostics' messages with [`scrub`].
//!
//! The finder works on lines and tags, not on a parse tree, so it also masks files that do not
//! parse (a diagnostic for a syntax error shows the line). It errs towards masking too much.

use crate::input::Inputs;

use super::jdbc;

/// True for a key or tag name that holds a secret.
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["password", "passwd", "pwd", "secret"]
        .iter()
        .any(|w| n.contains(w))
}

/// Spans of secret values in one text (sorted, non-overlapping).
pub fn spans_in(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        key_value_span(body, line_start, &mut spans);
        let lower = body.to_ascii_lowercase();
        let mut found: Vec<(usize, usize)> = jdbc::password_spans(body);
        for (i, _) in lower.match_indices("jdbc:oracle:") {
            found.extend(
                jdbc::password_spans(&body[i..])
                    .into_iter()
                    .map(|(s, e)| (i + s, i + e)),
            );
        }
        for (s, e) in found {
            let v = &body[s..e];
            let cut = v
                .find(|c: char| c == '"' || c == '\'' || c == '<' || c.is_whitespace())
                .unwrap_or(v.len());
            if cut > 0 {
                spans.push((line_start + s, line_start + s + cut));
            }
        }
        line_start += line.len();
    }
    xml_spans(text, &mut spans);
    spans.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        if e <= s {
            continue;
        }
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// `key = value`, `key: value`, `key=value` on one line, key (its last dotted part) secret.
fn key_value_span(line: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    let Some(sep) = line.find(['=', ':']) else {
        return;
    };
    let key = line[..sep].trim().trim_matches(['"', '\'']);
    let key = key.rsplit('.').next().unwrap_or(key);
    if key.is_empty() || key.starts_with(['#', '!']) || !is_secret_name(key) {
        return;
    }
    let rest = &line[sep + 1..];
    let lead = rest.len() - rest.trim_start().len();
    let v = &rest[lead..];
    let start = sep + 1 + lead;
    let (s, e) = match v.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let end = v[1..].find(q).map(|i| i + 1).unwrap_or(v.len());
            (start + 1, start + end)
        }
        _ => (start, start + v.trim_end().len()),
    };
    if e > s {
        out.push((base + s, base + e));
    }
}

/// Text of XML elements whose start tag (name or attributes) names a secret:
/// `<password>x</password>`, `<property name="password">x</property>`.
fn xml_spans(text: &str, out: &mut Vec<(usize, usize)>) {
    let mut i = 0;
    while let Some(p) = text[i..].find('<').map(|p| i + p) {
        let Some(gt) = text[p..].find('>').map(|g| p + g) else {
            break;
        };
        let tag = &text[p + 1..gt];
        i = gt + 1;
        if tag.starts_with(['/', '!', '?']) || tag.ends_with('/') {
            continue;
        }
        if is_secret_name(tag) {
            let end = text[i..].find('<').map(|e| i + e).unwrap_or(text.len());
            out.push((i, end));
        }
    }
}

/// Secret spans of every configuration file: `(display, start, end)`.
pub fn secret_spans(inputs: &Inputs) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for f in inputs.config_files() {
        for (s, e) in spans_in(&f.text) {
            out.push((f.display.to_string(), s, e));
        }
    }
    out
}

/// The text with the bytes of every span replaced by `*`.
pub fn mask(text: &str, spans: &[(usize, usize)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &(s, e) in spans {
        let e = e.min(bytes.len());
        for b in bytes.iter_mut().take(e).skip(s) {
            *b = b'*';
        }
    }
    // Spans cut on ASCII delimiters; replacing whole multi-byte characters keeps it UTF-8. If a
    // span cut one, fall back to a lossy conversion rather than fail.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The secret values themselves (for [`scrub`]), longest first.
pub fn secret_values(inputs: &Inputs) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for f in inputs.config_files() {
        for (s, e) in spans_in(&f.text) {
            if let Some(t) = f.text.get(s..e) {
                let t = t.trim();
                if t.len() >= 3 && !t.starts_with("$env{") && !t.starts_with("$sys{") {
                    v.push(t.to_string());
                }
            }
        }
    }
    v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    v.dedup();
    v
}

/// Replaces every secret value in `s` by `****`.
pub fn scrub(s: &str, secrets: &[String]) -> String {
    let mut out = s.to_string();
    for sec in secrets {
        if out.contains(sec.as_str()) {
            out = out.replace(sec.as_str(), "****");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        mask(text, &spans_in(text))
    }

    #[test]
    fn masks_toml_yaml_properties_xml_and_urls() {
        let t = "[x]\npassword = \"Pa55-Zebra-91\"\nconnection_password='abc'\nurl = \"jdbc:mysql://h/db?user=u&password=Zz9&x=1\"\nname = \"keep\"\n";
        let m = masked(t);
        assert_eq!(m.len(), t.len());
        assert!(
            !m.contains("Pa55") && !m.contains("abc") && !m.contains("Zz9"),
            "{m}"
        );
        assert!(m.contains("keep") && m.contains("user=u"));
        let x = "<configuration>\n<password>Pa55-Zebra-91</password>\n<property name=\"password\">123</property>\n<username>u</username></configuration>";
        let m = masked(x);
        assert!(
            !m.contains("Pa55") && !m.contains(">123<") && m.contains(">u<"),
            "{m}"
        );
        let y = "db:\n  password: s3cret\n  secretKey: \"k3y\"\n";
        let m = masked(y);
        assert!(!m.contains("s3cret") && !m.contains("k3y"), "{m}");
        let o = "url=jdbc:oracle:thin:scott/tig3r@h:1521:S\n";
        assert!(!masked(o).contains("tig3r"));
    }

    #[test]
    fn scrub_replaces_values() {
        assert_eq!(scrub("a Pa55 b", &["Pa55".to_string()]), "a **** b");
    }
}
