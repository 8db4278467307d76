//! `sync.properties`, read with Java `Properties.load` semantics (the `java-properties` crate's
//! [`PropertiesIter`]: `=`, `:` or whitespace separators, `\` line continuations, `\uXXXX`
//! escapes, `#`/`!` comments, LF/CRLF/CR line ends), then checked key by key the way WSO2's
//! sync tool reads it (sourceVersion, targetVersion, batchSize with default 100, syncInterval with
//! default 5000 ms, syncTables, identitySchema), only stricter: what WSO2 silently defaults or
//! drops is a diagnostic here.
//!
//! Positions: the crate gives the line of each entry; the column of the key and of every
//! character of the value is found again by scanning the raw text with the same rules
//! (`scan_entry`), so that an entry of `syncTables` is pointed at exactly, even across a
//! continuation line.
//!
//! The text is UTF-8 (ismig's choice; Java's default is ISO-8859-1): non-ASCII characters are
//! handed to the crate as `\uXXXX` escapes so that its ISO-8859-1 decoder sees ASCII only.

use java_properties::{LineContent, PropertiesIter};

use crate::diag::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::dialect::is_plain_identifier;
use crate::source::{SourceFile, line_offset};

use super::Located;

/// Keys ismig reads.
pub const KNOWN_KEYS: &[&str] = &[
    "sourceVersion",
    "targetVersion",
    "batchSize",
    "syncInterval",
    "syncTables",
    "identitySchema",
];
/// Keys WSO2's tool reads that ismig does not use (it generates identity sync only).
pub const UNUSED_KEYS: &[&str] = &["umSchema", "regSchema", "consentSchema"];

/// `batchSize` default (WSO2's `DEFAULT_BATCH_SIZE`).
pub const DEFAULT_BATCH_SIZE: u32 = 100;
/// `syncInterval` default in ms (WSO2's `DEFAULT_SYNC_INTERVAL`).
pub const DEFAULT_SYNC_INTERVAL_MS: u64 = 5000;

/// One key/value entry with positions in the original text.
#[derive(Clone, Debug)]
pub struct Entry {
    pub key: String,
    pub value: String,
    /// Byte span of the key as written.
    pub key_span: (usize, usize),
    /// Byte offset in the text of each character of `value` (same length as `value.chars()`).
    pub value_offsets: Vec<usize>,
    /// Byte offset where the value starts (or would start, when empty).
    pub value_start: usize,
}

impl Entry {
    /// Location of `value` characters `[from, from+len)`.
    pub fn value_location(&self, file: &SourceFile, from: usize, len: usize) -> Location {
        let start = self
            .value_offsets
            .get(from)
            .copied()
            .unwrap_or(self.value_start);
        let end = if len == 0 {
            start
        } else {
            self.value_offsets
                .get(from + len - 1)
                .map(|o| o + char_len_at(&file.text, *o))
                .unwrap_or(start)
        };
        file.location(start, end.saturating_sub(start))
    }
    pub fn key_location(&self, file: &SourceFile) -> Location {
        file.location(self.key_span.0, self.key_span.1 - self.key_span.0)
    }
    /// Location of the whole trimmed value.
    pub fn trimmed_value_location(&self, file: &SourceFile) -> Location {
        let chars: Vec<char> = self.value.chars().collect();
        let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
        let trail = chars[lead..]
            .iter()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
        self.value_location(file, lead, chars.len() - lead - trail)
    }
}

fn char_len_at(text: &str, o: usize) -> usize {
    text.get(o..)
        .and_then(|s| s.chars().next())
        .map(char::len_utf8)
        .unwrap_or(0)
}

/// Blanks comment lines (keeping their line ends): the crate unescapes comments too, so a
/// comment holding `C:\users` would be a false "malformed \\uxxxx" error; Java skips comments.
fn blank_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut continuing = false;
    for line in physical_lines(text) {
        let body = line.trim_end_matches(['\n', '\r']);
        let end = &line[body.len()..];
        let first = body.trim_start_matches([' ', '\t', '\x0c']).chars().next();
        if !continuing && matches!(first, Some('#') | Some('!')) {
            out.push('#');
            out.push_str(end);
            continuing = false;
        } else {
            out.push_str(line);
            let trailing = body.chars().rev().take_while(|c| *c == '\\').count();
            continuing = trailing % 2 == 1;
        }
    }
    out
}

/// Physical lines with their ends (`\n`, `\r\n` or a lone `\r`).
fn physical_lines(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            let end = if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            };
            out.push(&text[start..end]);
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Replaces non-ASCII characters by `\uXXXX` escapes (characters outside the BMP by U+FFFD,
/// which the crate cannot decode from a surrogate pair). A non-ASCII character escaped with
/// `\` stands for itself in Java, so that backslash is dropped.
fn ascii_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut backslashes = 0usize;
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
            backslashes = if c == '\\' { backslashes + 1 } else { 0 };
            continue;
        }
        if backslashes % 2 == 1 {
            out.pop();
        }
        backslashes = 0;
        let v = u32::from(c);
        let v = if v > 0xFFFF { 0xFFFD } else { v };
        out.push_str(&format!("\\u{v:04x}"));
    }
    out
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\x0c')
}

/// Scans the entry starting on the line at byte `start`: the key's byte span and the byte
/// offset of every value character, with Java's rules for escapes and continuations.
fn scan_entry(text: &str, start: usize) -> ((usize, usize), usize, Vec<usize>) {
    let chars: Vec<(usize, char)> = text[start..]
        .char_indices()
        .map(|(i, c)| (start + i, c))
        .collect();
    let n = chars.len();
    let mut i = 0;
    // After a `\` + line end: skip the line end and the next line's leading whitespace.
    let skip_continuation = |i: &mut usize| {
        if *i < n && chars[*i].1 == '\r' {
            *i += 1;
        }
        if *i < n && chars[*i].1 == '\n' {
            *i += 1;
        }
        while *i < n && is_ws(chars[*i].1) {
            *i += 1;
        }
    };
    let is_eol = |c: char| c == '\n' || c == '\r';
    while i < n && is_ws(chars[i].1) {
        i += 1;
    }
    let key_start = chars.get(i).map(|c| c.0).unwrap_or(text.len());
    let mut key_end = key_start;
    while i < n {
        let c = chars[i].1;
        if c == '\\' {
            if i + 1 < n && is_eol(chars[i + 1].1) {
                i += 1;
                skip_continuation(&mut i);
                continue;
            }
            i += if chars.get(i + 1).map(|c| c.1) == Some('u') {
                6
            } else {
                2
            };
            key_end = chars.get(i).map(|c| c.0).unwrap_or(text.len());
            continue;
        }
        if c == '=' || c == ':' || is_ws(c) || is_eol(c) {
            break;
        }
        i += 1;
        key_end = chars.get(i).map(|c| c.0).unwrap_or(text.len());
    }
    let i_before = i;
    // separator
    let skip_ws = |i: &mut usize| loop {
        while *i < n && is_ws(chars[*i].1) {
            *i += 1;
        }
        if *i + 1 < n && chars[*i].1 == '\\' && is_eol(chars[*i + 1].1) {
            *i += 1;
            skip_continuation(i);
            continue;
        }
        break;
    };
    skip_ws(&mut i);
    if i < n && (chars[i].1 == '=' || chars[i].1 == ':') {
        i += 1;
        skip_ws(&mut i);
    }
    let _ = i_before;
    let value_start = chars.get(i).map(|c| c.0).unwrap_or(text.len());
    let mut offs = Vec::new();
    while i < n {
        let (o, c) = chars[i];
        if is_eol(c) {
            break;
        }
        if c == '\\' {
            match chars.get(i + 1).map(|c| c.1) {
                Some(e) if is_eol(e) => {
                    i += 1;
                    skip_continuation(&mut i);
                    continue;
                }
                Some('u') => {
                    offs.push(o);
                    i += 6;
                }
                Some(_) => {
                    offs.push(o);
                    i += 2;
                }
                None => {
                    offs.push(o);
                    i += 1;
                }
            }
            continue;
        }
        offs.push(o);
        i += 1;
    }
    ((key_start, key_end), value_start, offs)
}

/// Parses the file into entries. A malformed escape is E010 (and ends parsing, as in Java).
pub fn parse_entries(file: &SourceFile, diags: &mut Diagnostics) -> Vec<Entry> {
    let escaped = ascii_escape(&blank_comments(&file.text));
    let mut out = Vec::new();
    for item in PropertiesIter::new(escaped.as_bytes()) {
        match item {
            Ok(line) => {
                let n = line.line_number();
                if let LineContent::KVPair(key, value) = line.consume_content() {
                    let start = line_offset(&file.text, n);
                    let (key_span, value_start, mut value_offsets) = scan_entry(&file.text, start);
                    if value_offsets.len() != value.chars().count() {
                        value_offsets = vec![value_start; value.chars().count()];
                    }
                    out.push(Entry {
                        key,
                        value,
                        key_span,
                        value_offsets,
                        value_start,
                    });
                }
            }
            Err(e) => {
                let line = e.line_number().unwrap_or(1);
                let loc = file.location(line_offset(&file.text, line), 0);
                let what = e.to_string();
                let what = what.split(" (line_number").next().unwrap_or("").to_string();
                diags.push(
                    Diagnostic::error(
                        "E010",
                        format!("sync.properties cannot be parsed: {what}"),
                    )
                    .at(loc)
                    .hint("a \\u escape needs four hex digits, e.g. \\u00e9; write \\\\ for a backslash"),
                );
                break;
            }
        }
    }
    out
}

/// `sync.properties` as read: every key optional, each value trimmed and checked. `None` where
/// the key is missing or its value invalid (a diagnostic was emitted).
#[derive(Clone, Debug, Default)]
pub struct SyncRead {
    pub source_version: Option<Located<String>>,
    pub target_version: Option<Located<String>>,
    pub batch_size: Option<u32>,
    pub sync_interval_ms: Option<u64>,
    pub sync_tables: Option<Vec<Located<String>>>,
    pub identity_schema: Option<(Located<String>, Located<String>)>,
}

fn located(value: impl Into<String>, loc: Location) -> Located<String> {
    Located {
        value: value.into(),
        location: Some(loc),
    }
}

/// Splits a value on `,` into trimmed parts, with each part's char index and char length.
fn split_list(value: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<char> = value.chars().collect();
    let mut start = 0;
    for i in 0..=chars.len() {
        if i == chars.len() || chars[i] == ',' {
            let part: Vec<char> = chars[start..i].to_vec();
            let lead = part.iter().take_while(|c| c.is_whitespace()).count();
            let trail = part[lead..]
                .iter()
                .rev()
                .take_while(|c| c.is_whitespace())
                .count();
            let s: String = part[lead..part.len() - trail].iter().collect();
            out.push((s, start + lead, part.len() - lead - trail));
            start = i + 1;
        }
    }
    out
}

/// Reads and checks `sync.properties`, key by key (diagnostics in that order).
pub fn read(file: &SourceFile, diags: &mut Diagnostics) -> SyncRead {
    let entries = parse_entries(file, diags);
    let chosen = last_of_each_key(file, &entries, diags);
    warn_unused_keys(file, &chosen, diags);
    let get = |k: &str| chosen.iter().find(|e| e.key == k).copied();
    SyncRead {
        source_version: read_version(
            file,
            get("sourceVersion"),
            "sourceVersion",
            "sourceVersion=5.7.0 (the IS version you migrate from)",
            diags,
        ),
        target_version: read_version(
            file,
            get("targetVersion"),
            "targetVersion",
            "targetVersion=5.9.0 (the IS version you migrate to)",
            diags,
        ),
        batch_size: read_number(file, get("batchSize"), &BATCH_SIZE, diags)
            .and_then(|n| u32::try_from(n).ok()),
        sync_interval_ms: read_number(file, get("syncInterval"), &SYNC_INTERVAL, diags)
            .and_then(|n| u64::try_from(n).ok()),
        sync_tables: read_sync_tables(file, get("syncTables"), diags),
        identity_schema: read_identity_schema(file, get("identitySchema"), diags),
    }
}

/// Java keeps the last value of a key given twice; so do we, after E016. The entries in order
/// of each key's first appearance.
fn last_of_each_key<'e>(
    file: &SourceFile,
    entries: &'e [Entry],
    diags: &mut Diagnostics,
) -> Vec<&'e Entry> {
    let mut chosen: Vec<&Entry> = Vec::new();
    for e in entries {
        if let Some(pos) = chosen.iter().position(|c| c.key == e.key) {
            let first = chosen[pos].key_location(file);
            diags.push(
                Diagnostic::error("E016", format!("key {} is given twice in sync.properties", e.key))
                    .at(e.key_location(file))
                    .hint(format!(
                        "first given at line {}; Java's Properties would silently keep this last value — remove one",
                        first.line
                    )),
            );
            chosen[pos] = e;
        } else {
            chosen.push(e);
        }
    }
    chosen
}

/// W001 for every key ismig does not read: WSO2's keys for other databases, and unknown keys
/// (with the key they probably meant).
fn warn_unused_keys(file: &SourceFile, chosen: &[&Entry], diags: &mut Diagnostics) {
    let all_keys: Vec<&str> = KNOWN_KEYS.iter().chain(UNUSED_KEYS).copied().collect();
    for e in chosen {
        let key = e.key.as_str();
        if UNUSED_KEYS.contains(&key) {
            diags.push(
                Diagnostic::warning(
                    "W001",
                    format!("{key} is ignored: ismig generates the identity database sync only"),
                )
                .at(e.key_location(file))
                .hint("the tables to sync come from syncTables and the datasources from identitySchema"),
            );
            continue;
        }
        if KNOWN_KEYS.contains(&key) {
            continue;
        }
        let mut d = Diagnostic::warning(
            "W001",
            format!("unknown key {key} in sync.properties is ignored"),
        )
        .at(e.key_location(file));
        let case_twin = all_keys.iter().find(|k| k.eq_ignore_ascii_case(key));
        if let Some(k) = case_twin {
            d = d.hint(format!(
                "did you mean {k}? keys are case-sensitive, as in Java"
            ));
        } else if let Some(h) = did_you_mean(key, all_keys.iter().copied()) {
            d = d.hint(h);
        } else {
            d = d.hint(format!("known keys: {}", KNOWN_KEYS.join(", ")));
        }
        diags.push(d);
    }
}

/// E011: a mandatory key is missing (pointed at the file's start).
fn missing(file: &SourceFile, key: &str, example: &str, diags: &mut Diagnostics) {
    diags.push(
        Diagnostic::error(
            "E011",
            format!("mandatory key {key} is missing from sync.properties"),
        )
        .at(file.location(0, 0))
        .hint(format!("add a line {example}")),
    );
}

/// A mandatory version key (`sourceVersion`, `targetVersion`): present and not empty.
fn read_version(
    file: &SourceFile,
    entry: Option<&Entry>,
    key: &str,
    example: &str,
    diags: &mut Diagnostics,
) -> Option<Located<String>> {
    match entry {
        Some(e) if !e.value.trim().is_empty() => {
            Some(located(e.value.trim(), e.trimmed_value_location(file)))
        }
        Some(e) => {
            diags.push(
                Diagnostic::error("E011", format!("mandatory key {key} has an empty value"))
                    .at(e.key_location(file))
                    .hint(format!("write {example}")),
            );
            None
        }
        None => {
            missing(file, key, example, diags);
            None
        }
    }
}

/// A whole-number key with a default, a valid range (E017 outside) and a usual range (W006
/// outside).
struct NumberKey {
    key: &'static str,
    default: i64,
    /// What the number counts, after "a whole number" in E012.
    counts: &'static str,
    /// The unit written after a number in W006.
    unit: &'static str,
    valid: std::ops::RangeInclusive<i64>,
    /// E017's message after the number, and its hint.
    invalid: (&'static str, &'static str),
    usual: std::ops::RangeInclusive<i64>,
    /// W006's message after "is unusual: ".
    unusual: &'static str,
}

const BATCH_SIZE: NumberKey = NumberKey {
    key: "batchSize",
    default: DEFAULT_BATCH_SIZE as i64,
    counts: "",
    unit: "",
    valid: 1..=1_000_000,
    invalid: (
        "is out of range",
        "batchSize is the number of rows synced per round: 1 to 1000000",
    ),
    usual: 10..=10_000,
    unusual: "below 10 the sync may never catch up, above 10000 each round holds long transactions",
};

const SYNC_INTERVAL: NumberKey = NumberKey {
    key: "syncInterval",
    default: DEFAULT_SYNC_INTERVAL_MS as i64,
    counts: " of milliseconds",
    unit: " ms",
    valid: 0..=i64::MAX,
    invalid: (
        "is negative",
        "syncInterval is the pause between sync rounds in milliseconds",
    ),
    usual: 100..=3_600_000,
    unusual: "below 100 ms the sync polls the source database without pause, above one hour the target falls far behind",
};

/// Reads a [`NumberKey`]: its default when absent, None (after a diagnostic) when invalid.
fn read_number(
    file: &SourceFile,
    entry: Option<&Entry>,
    spec: &NumberKey,
    diags: &mut Diagnostics,
) -> Option<i64> {
    let NumberKey { key, default, .. } = *spec;
    let Some(e) = entry else {
        return Some(default);
    };
    let v = e.value.trim();
    let loc = e.trimmed_value_location(file);
    match v.parse::<i64>() {
        Err(_) => {
            diags.push(
                Diagnostic::error(
                    "E012",
                    format!("{key} must be a whole number{}, found {v:?}", spec.counts),
                )
                .at(loc)
                .hint(format!(
                    "e.g. {key}={default} (the default), or remove the line"
                )),
            );
            None
        }
        Ok(n) if !spec.valid.contains(&n) => {
            diags.push(
                Diagnostic::error("E017", format!("{key} {n} {}", spec.invalid.0))
                    .at(loc)
                    .hint(spec.invalid.1),
            );
            None
        }
        Ok(n) => {
            if !spec.usual.contains(&n) {
                diags.push(
                    Diagnostic::warning(
                        "W006",
                        format!("{key} {n}{} is unusual: {}", spec.unit, spec.unusual),
                    )
                    .at(loc)
                    .hint(format!("the default is {default}{}", spec.unit)),
                );
            }
            Some(n)
        }
    }
}

/// `syncTables`: a list of plain identifiers, each named once (W002 for a repeat).
fn read_sync_tables(
    file: &SourceFile,
    entry: Option<&Entry>,
    diags: &mut Diagnostics,
) -> Option<Vec<Located<String>>> {
    match entry {
        None => {
            missing(
                file,
                "syncTables",
                "syncTables=IDN_OAUTH2_ACCESS_TOKEN,IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
                diags,
            );
            None
        }
        Some(e) if e.value.trim().is_empty() => {
            diags.push(
                Diagnostic::error("E013", "syncTables is empty")
                    .at(e.key_location(file))
                    .hint(format!(
                        "list the tables to sync, e.g. syncTables={}",
                        super::SUPPORTED_SYNC_TABLES.join(",")
                    )),
            );
            None
        }
        Some(e) => {
            let mut tables: Vec<Located<String>> = Vec::new();
            // upper-case name → position in `tables` (a list of 10,000 names stays linear)
            let mut named: crate::nocase::Map<String, usize> = crate::nocase::Map::default();
            let mut ok = true;
            for (name, from, len) in split_list(&e.value) {
                let loc = e.value_location(file, from, len);
                if name.is_empty() {
                    ok = false;
                    diags.push(
                        Diagnostic::error("E013", "syncTables has an empty entry")
                            .at(loc)
                            .hint("remove the extra comma"),
                    );
                } else if !is_plain_identifier(&name) {
                    ok = false;
                    diags.push(
                        Diagnostic::error("E014", format!("table name {name:?} in syncTables is not a plain identifier; it would be pasted into SQL"))
                            .at(loc)
                            .hint("a table name is ASCII letters, digits, _, $ and #, starting with a letter or _; no quotes, blanks or schema prefix"),
                    );
                } else if let Some(first) = named
                    .get(&name.to_ascii_uppercase())
                    .and_then(|i| tables.get(*i))
                {
                    let line = first.location.as_ref().map(|l| l.line).unwrap_or(0);
                    diags.push(
                        Diagnostic::warning(
                            "W002",
                            format!(
                                "table {name} is named twice in syncTables; the second is ignored"
                            ),
                        )
                        .at(loc)
                        .hint(format!("first named as {} on line {line}", first.value)),
                    );
                } else {
                    named.insert(name.to_ascii_uppercase(), tables.len());
                    tables.push(located(name, loc));
                }
            }
            ok.then_some(tables)
        }
    }
}

/// `identitySchema`: exactly two datasource names, the source's then the target's.
fn read_identity_schema(
    file: &SourceFile,
    entry: Option<&Entry>,
    diags: &mut Diagnostics,
) -> Option<(Located<String>, Located<String>)> {
    match entry {
        None => {
            missing(
                file,
                "identitySchema",
                "identitySchema=jdbc/WSO2IdentityDBSource,jdbc/WSO2IdentityDBTarget (source, target datasource)",
                diags,
            );
            None
        }
        Some(e) => {
            let parts = split_list(&e.value);
            if parts.len() == 2 && parts.iter().all(|p| !p.0.is_empty()) {
                let mk = |p: &(String, usize, usize)| {
                    located(p.0.clone(), e.value_location(file, p.1, p.2))
                };
                Some((mk(&parts[0]), mk(&parts[1])))
            } else {
                let names = parts.iter().filter(|p| !p.0.is_empty()).count();
                diags.push(
                    Diagnostic::error(
                        "E015",
                        format!("identitySchema must name exactly two datasources (source,target); found {names} name(s) in {} part(s)", parts.len()),
                    )
                    .at(if e.value.trim().is_empty() { e.key_location(file) } else { e.trimmed_value_location(file) })
                    .hint("identitySchema=jdbc/WSO2IdentityDBSource,jdbc/WSO2IdentityDBTarget (the old IS's datasource, then the new one's)"),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(text: &str) -> SourceFile {
        SourceFile::new("m/sync.properties", text, "")
    }
    fn entries(text: &str) -> Vec<(String, String)> {
        let mut d = Diagnostics::new();
        let v = parse_entries(&f(text), &mut d);
        assert!(d.is_empty(), "{d:?}");
        v.into_iter().map(|e| (e.key, e.value)).collect()
    }
    fn kv(k: &str, v: &str) -> (String, String) {
        (k.into(), v.into())
    }

    #[test]
    fn separators() {
        assert_eq!(
            entries("a=1\nb : 2\nc 3\n  d\t=\t4\ne=\nf\n"),
            vec![
                kv("a", "1"),
                kv("b", "2"),
                kv("c", "3"),
                kv("d", "4"),
                kv("e", ""),
                kv("f", "")
            ]
        );
    }

    #[test]
    fn comments_crlf_continuation_unicode() {
        assert_eq!(
            entries("# c\r\n! c2\r\nk=v\r\nlist=A,\\\r\n    B\r\nu=caf\\u00e9\r\nx=é\r\n"),
            vec![
                kv("k", "v"),
                kv("list", "A,B"),
                kv("u", "café"),
                kv("x", "é")
            ]
        );
    }

    #[test]
    fn positions_of_value_characters_across_continuation() {
        let text = "syncTables=AAA,\\\n   BBB\n";
        let file = f(text);
        let mut d = Diagnostics::new();
        let e = &parse_entries(&file, &mut d)[0];
        assert_eq!(e.value, "AAA,BBB");
        let l = e.value_location(&file, 4, 3);
        assert_eq!((l.line, l.column, l.len), (2, 4, 3));
        let k = e.key_location(&file);
        assert_eq!((k.line, k.column, k.len), (1, 1, 10));
    }

    #[test]
    fn comments_are_not_unescaped() {
        assert_eq!(entries("# C:\\users\\x\na=1\n"), vec![kv("a", "1")]);
        assert_eq!(entries("a=x\\\n#b\n"), vec![kv("a", "x#b")]);
    }

    #[test]
    fn bad_escape_is_e010() {
        let mut d = Diagnostics::new();
        parse_entries(&f("a=1\nb=\\u12\n"), &mut d);
        let e: Vec<_> = d.iter().collect();
        assert_eq!(e[0].code, "E010");
        assert_eq!(e[0].location.as_ref().unwrap().line, 2);
    }

    fn read_text(text: &str) -> (SyncRead, Vec<(String, usize, usize)>) {
        let mut d = Diagnostics::new();
        let r = read(&f(text), &mut d);
        let codes = d
            .iter()
            .map(|x| {
                let l = x.location.clone().unwrap();
                (x.code.to_string(), l.line, l.column)
            })
            .collect();
        (r, codes)
    }

    const OK: &str = "sourceVersion=5.7.0\ntargetVersion=5.9.0\nsyncTables=IDN_OAUTH2_ACCESS_TOKEN, IDN_IDENTITY_USER_DATA\nidentitySchema=jdbc/A, jdbc/B\n";

    #[test]
    fn good_file() {
        let (r, codes) = read_text(OK);
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(r.batch_size, Some(100));
        assert_eq!(r.sync_interval_ms, Some(5000));
        let t = r.sync_tables.unwrap();
        assert_eq!(t[1].value, "IDN_IDENTITY_USER_DATA");
        assert_eq!(t[1].location.as_ref().unwrap().column, 37);
        let (s, tg) = r.identity_schema.unwrap();
        assert_eq!((s.value.as_str(), tg.value.as_str()), ("jdbc/A", "jdbc/B"));
        assert_eq!(tg.location.unwrap().column, 24);
    }

    #[test]
    fn every_problem_in_one_pass() {
        let text = "sourceVersion=5.7.0\nsynctables=A\nbatchSize=ten\nsyncInterval=-1\numSchema=a,b\nidentitySchema=a\nsourceVersion=5.8.0\n";
        let (r, codes) = read_text(text);
        let c: Vec<&str> = codes.iter().map(|c| c.0.as_str()).collect();
        for want in ["E016", "W001", "E012", "E017", "E015", "E011"] {
            assert!(c.contains(&want), "{want} missing from {codes:?}");
        }
        assert_eq!(r.source_version.unwrap().value, "5.8.0");
        assert!(codes.contains(&("E016".into(), 7, 1)));
    }

    #[test]
    fn case_twin_key_says_did_you_mean() {
        let mut d = Diagnostics::new();
        read(&f("synctables=A\n"), &mut d);
        let w = d.iter().find(|x| x.code == "W001").unwrap();
        assert!(
            w.hint
                .as_deref()
                .unwrap()
                .contains("did you mean syncTables?")
        );
        assert!(
            d.iter()
                .any(|x| x.code == "E011" && x.message.contains("syncTables"))
        );
    }

    #[test]
    fn sync_tables_checks() {
        let (r, codes) = read_text(
            "sourceVersion=1\ntargetVersion=2\nidentitySchema=a,b\nsyncTables=A,,B;DROP, a ,C\n",
        );
        assert!(r.sync_tables.is_none());
        assert!(codes.contains(&("E013".into(), 4, 14)));
        assert!(codes.contains(&("E014".into(), 4, 15)));
        assert!(codes.contains(&("W002".into(), 4, 23)));
        let (_, codes) =
            read_text("sourceVersion=1\ntargetVersion=2\nidentitySchema=a,b\nsyncTables=\n");
        assert_eq!(codes[0].0, "E013");
    }

    #[test]
    fn batch_size_ranges() {
        let base = "sourceVersion=1\ntargetVersion=2\nidentitySchema=a,b\nsyncTables=A\n";
        let (r, c) = read_text(&format!("{base}batchSize=5\n"));
        assert_eq!(r.batch_size, Some(5));
        assert_eq!(c[0].0, "W006");
        let (_, c) = read_text(&format!("{base}batchSize=0\n"));
        assert_eq!(c[0].0, "E017");
        let (_, c) = read_text(&format!("{base}batchSize=2000000\n"));
        assert_eq!(c[0].0, "E017");
    }

    #[test]
    fn bom_and_non_bmp_do_not_break_parsing() {
        let (r, c) = read_text(&format!("# 😀 comment\n{OK}"));
        assert!(c.is_empty(), "{c:?}");
        assert!(r.sync_tables.is_some());
    }
}
