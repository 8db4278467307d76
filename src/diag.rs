//! Diagnostics: every problem found in the inputs is a value with a stable code, a severity, a
//! location (file, line, column of the offending key or token) and a hint. This module owns the
//! code table, the collection type and the two renderings (human, through miette, and JSON).
//! Nothing here prints: the CLI decides where the text goes.

use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

/// How bad a diagnostic is. Errors stop generation; warnings are reported and kept in report.json.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a diagnostic points: the display path of the input file (relative, as the user gave it),
/// 1-based line and column (in characters), and the byte span of the offending token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Shared by every location in the same file (a schema of 10,000 tables has 10,000).
    pub file: Arc<str>,
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub offset: usize,
    #[serde(skip)]
    pub len: usize,
}

/// One problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            location: None,
            hint: None,
        }
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Warning,
            message: message.into(),
            location: None,
            hint: None,
        }
    }
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
    pub fn at_opt(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The diagnostics of one run, in the order they were found (sorted for output by [`Diagnostics::sorted`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }
    /// Stable order: errors first, then by file, line, column, code; duplicates removed.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort_by(|a, b| {
            let ka = a.location.as_ref().map(|l| (&*l.file, l.line, l.column));
            let kb = b.location.as_ref().map(|l| (&*l.file, l.line, l.column));
            (a.severity, ka, a.code, &a.message).cmp(&(b.severity, kb, b.code, &b.message))
        });
        v.dedup();
        v
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

/// Every code ismig can emit, with a one-line summary. README's table is made from this list and a
/// test checks that every code used in the sources is here.
pub const CODES: &[(&str, &str)] = &[
    // inputs and I/O
    ("E001", "a required input file is missing"),
    (
        "E002",
        "an input file cannot be read (not a file, unreadable, not UTF-8, too large, binary)",
    ),
    (
        "E003",
        "a path leaves the migration directory or is not where it must be",
    ),
    (
        "E004",
        "the command line asks for something the inputs cannot give",
    ),
    // sync.properties
    ("E010", "sync.properties cannot be parsed"),
    ("E011", "a mandatory key is missing from sync.properties"),
    ("E012", "a value in sync.properties is not a valid number"),
    ("E013", "syncTables is empty or has an empty entry"),
    ("E014", "a table name is not a plain identifier"),
    ("E015", "identitySchema does not have exactly two names"),
    ("E016", "a key is given twice"),
    ("E017", "a value is out of range"),
    // datasources
    ("E020", "deployment.toml cannot be parsed"),
    (
        "E021",
        "a datasource named in identitySchema does not exist",
    ),
    ("E022", "a JDBC URL is not one of the supported forms"),
    (
        "E023",
        "an $env{..}/$sys{..} placeholder names a variable that is not set",
    ),
    ("E024", "a datasource has no url"),
    ("E025", "master-datasources.xml cannot be parsed"),
    (
        "E026",
        "no datasource file (deployment.toml or master-datasources.xml) and no --dialect",
    ),
    // migration-config.yaml
    ("E030", "migration-config.yaml cannot be parsed"),
    (
        "E031",
        "a version in migration-config.yaml is still a placeholder or missing",
    ),
    ("E032", "the version step is not supported"),
    // migration-resources
    (
        "E033",
        "migration-resources: its migration-config.yaml is missing, cannot be parsed or does not list the migration's versions",
    ),
    (
        "E034",
        "an unknown --dbscript-variant, or too many schema steps",
    ),
    // registry.xml
    ("E040", "registry.xml cannot be parsed"),
    ("E041", "a registry versioning flag is not true or false"),
    // cross-file
    ("E050", "two input files disagree"),
    (
        "E051",
        "the source and target datasources are the same database",
    ),
    // schema
    ("E060", "no schema DDL file for a dialect in use"),
    ("E061", "a CREATE TABLE that is needed does not parse"),
    ("E062", "a sync table is not in the schema"),
    ("E063", "a sync table has no primary key"),
    (
        "E064",
        "a statement is not terminated (unclosed quote, comment or block)",
    ),
    ("E065", "a table is created twice in the schema"),
    ("E066", "no --schema-after DDL file for a dialect in use"),
    (
        "E067",
        "a CREATE TABLE of the --schema-after DDL does not parse",
    ),
    // model
    (
        "E070",
        "a generated name collides with another generated name",
    ),
    (
        "E071",
        "a generated name collides with a table of the schema",
    ),
    ("E072", "a generated name is longer than the dialect allows"),
    (
        "E073",
        "a column cannot be read by a row trigger in this dialect",
    ),
    (
        "E074",
        "an identifier cannot be used safely in generated SQL",
    ),
    (
        "E075",
        "a column is named like a column the sync table adds (SYNC_ID, ACTION)",
    ),
    // version step scripts
    (
        "E080",
        "the DB2 table schema for ADMIN_MOVE_TABLE is not known",
    ),
    // output
    ("E090", "the output directory cannot be written"),
    (
        "E091",
        "the output directory holds files ismig did not write",
    ),
    ("E092", "out/ differs from what the inputs generate (drift)"),
    // init
    (
        "E093",
        "the directory for init is not empty (or not a directory)",
    ),
    (
        "E094",
        "an IS home or migration-resources folder lacks a file init needs",
    ),
    ("E095", "init cannot write the migration directory"),
    // warnings
    ("W001", "a key is not known and is ignored"),
    ("W002", "a table is named twice in syncTables"),
    (
        "W003",
        "a sync table is not one WSO2's sync runtime supports",
    ),
    // W004 (a CREATE TABLE that is not needed does not parse) is retired and not reused:
    // tables that are not needed are no longer parsed.
    (
        "W005",
        "no registry.xml: the registry versioning cleanup is not generated",
    ),
    (
        "W006",
        "a setting is unusual and may stall or slow the sync",
    ),
    ("W007", "a name was cut to WSO2's 30-character rule"),
    (
        "W008",
        "a column is handled specially by the triggers of a dialect",
    ),
    (
        "W009",
        "the wrong-target guard cannot know the database name",
    ),
    (
        "W010",
        "a migration script is not generated for a dialect the datasources do not use",
    ),
    (
        "W011",
        "sync scripts are generated for a dialect whose servers WSO2's sync runtime refuses",
    ),
    (
        "W012",
        "a datasource uses the MariaDB JDBC driver, which WSO2's sync runtime refuses",
    ),
    (
        "W013",
        "a name in a compiled schema step is longer than the dialect allows",
    ),
    (
        "W014",
        "the migration client's schema steps are not compiled for a dialect: WSO2's client runs them",
    ),
];

/// Short summary of a code, for JSON output and the README.
pub fn summary(code: &str) -> &'static str {
    CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, s)| *s)
        .unwrap_or("")
}

/// Texts of the input files, for showing the offending line under a diagnostic. Secrets must be
/// masked before a text is added (see `config::secrets`). A text given as `Arc<str>`
/// ([`SourceMap::add_shared`]) is shared with its input, not copied; the line index of a file is
/// built on the first diagnostic that shows one of its lines.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<MapFile>,
}

#[derive(Clone, Debug)]
struct MapFile {
    display: String,
    text: Arc<str>,
    /// Line starts as miette counts lines: after `\n`, `\r\n`, lone `\r`.
    starts: OnceLock<Vec<usize>>,
}

impl SourceMap {
    /// Adds a copy of `text` (unless `display` is already there).
    pub fn add(&mut self, display: &str, text: &str) {
        self.add_shared(display, Arc::from(text));
    }
    /// Adds `text` without copying it (unless `display` is already there).
    pub fn add_shared(&mut self, display: &str, text: Arc<str>) {
        if !self.files.iter().any(|f| f.display == display) {
            self.files.push(MapFile {
                display: display.to_string(),
                text,
                starts: OnceLock::new(),
            });
        }
    }
    pub fn get(&self, display: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.display == display)
            .map(|f| &*f.text)
    }
    /// The lines around a span (a few more than miette shows), so that one diagnostic costs the
    /// size of its lines, not of the whole file (10,000 diagnostics on one file stay linear).
    fn excerpt(&self, display: &str, offset: usize, len: usize) -> Option<Excerpt> {
        let f = self.files.iter().find(|f| f.display == display)?;
        let text = &*f.text;
        let starts = f.starts.get_or_init(|| miette_line_starts(text));
        let line_of = |o: usize| starts.partition_point(|s| *s <= o).saturating_sub(1);
        let first = line_of(offset).saturating_sub(EXCERPT_MARGIN);
        let last = line_of(offset + len) + EXCERPT_MARGIN;
        let start = starts.get(first).copied().unwrap_or(0);
        let end = starts.get(last + 1).copied().unwrap_or(text.len());
        Some(Excerpt {
            text: text.get(start..end)?.to_string(),
            offset: start,
            line: first,
        })
    }
}

/// Lines of context kept around a span in an [`Excerpt`] (miette shows one).
const EXCERPT_MARGIN: usize = 3;

/// Line starts by miette's rule: a line ends at `\n`, `\r\n` or a lone `\r`.
fn miette_line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut v = vec![0];
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                i += 2;
                v.push(i);
            }
            b'\r' | b'\n' => {
                i += 1;
                v.push(i);
            }
            _ => i += 1,
        }
    }
    v
}

/// Whole lines of a source, starting at byte `offset` / 0-based `line` of the full text; spans are
/// given and returned in full-text coordinates, so miette shows the true line numbers.
#[derive(Debug)]
struct Excerpt {
    text: String,
    offset: usize,
    line: usize,
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let rel = span
            .offset()
            .checked_sub(self.offset)
            .ok_or(miette::MietteError::OutOfBounds)?;
        let inner = self.text.as_str().read_span(
            &miette::SourceSpan::new(rel.into(), span.len()),
            context_lines_before,
            context_lines_after,
        )?;
        Ok(Box::new(miette::MietteSpanContents::new(
            inner.data(),
            miette::SourceSpan::new(
                (inner.span().offset() + self.offset).into(),
                inner.span().len(),
            ),
            inner.line() + self.line,
            inner.column(),
            inner.line_count() + self.line,
        )))
    }
}

#[derive(Debug)]
struct MietteView<'a> {
    d: &'a Diagnostic,
    src: Option<miette::NamedSource<Excerpt>>,
    span: Option<miette::SourceSpan>,
}

impl std::fmt::Display for MietteView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.d.message)
    }
}
impl std::error::Error for MietteView<'_> {}

impl miette::Diagnostic for MietteView<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.d
            .hint
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.src.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.span.map(|s| {
            Box::new(std::iter::once(miette::LabeledSpan::new_with_span(
                Some("here".into()),
                s,
            ))) as Box<dyn Iterator<Item = miette::LabeledSpan>>
        })
    }
}

/// Human rendering: miette's graphical report, no colour, fixed width, with a `file:line:col`
/// line first so that editors and CI logs can jump to it.
pub fn render_human(diags: &Diagnostics, sources: &SourceMap) -> String {
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .with_links(false);
    let mut out = String::new();
    for d in diags.sorted() {
        let (src, span) = match &d.location {
            Some(loc) => match sources.get(&loc.file) {
                Some(text) if loc.offset <= text.len() => {
                    let len = loc.len.min(text.len() - loc.offset);
                    match sources.excerpt(&loc.file, loc.offset, len) {
                        Some(ex) => (
                            Some(miette::NamedSource::new(loc.file.clone(), ex)),
                            Some(miette::SourceSpan::new(loc.offset.into(), len)),
                        ),
                        None => (None, None),
                    }
                }
                _ => (None, None),
            },
            None => (None, None),
        };
        if let Some(loc) = &d.location {
            let _ = writeln!(
                out,
                "{}:{}:{}: {}[{}]",
                loc.file,
                loc.line,
                loc.column,
                sev_word(d.severity),
                d.code
            );
        } else {
            let _ = writeln!(out, "{}[{}]", sev_word(d.severity), d.code);
        }
        let view = MietteView { d: &d, src, span };
        let mut s = String::new();
        if handler.render_report(&mut s, &view).is_err() {
            let _ = writeln!(s, "{}[{}]: {}", sev_word(d.severity), d.code, d.message);
        }
        out.push_str(s.trim_end_matches([' ', '\n']));
        out.push_str("\n\n");
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let _ = writeln!(out, "{errors} error(s), {warnings} warning(s)");
    // miette pads some lines; the contract is no trailing spaces.
    out.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn sev_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// JSON rendering (stable schema, documented in the README):
/// `{"version":1,"errors":N,"warnings":N,"diagnostics":[{code,severity,summary,message,location?,hint?}]}`.
pub fn render_json(diags: &Diagnostics) -> String {
    #[derive(Serialize)]
    struct Item<'a> {
        code: &'a str,
        severity: Severity,
        summary: &'a str,
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<&'a Location>,
        #[serde(skip_serializing_if = "Option::is_none")]
        hint: Option<&'a str>,
    }
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        errors: usize,
        warnings: usize,
        diagnostics: Vec<Item<'a>>,
    }
    let sorted = diags.sorted();
    let errors = sorted.iter().filter(|d| d.is_error()).count();
    let doc = Doc {
        version: 1,
        errors,
        warnings: sorted.len() - errors,
        diagnostics: sorted
            .iter()
            .map(|d| Item {
                code: d.code,
                severity: d.severity,
                summary: summary(d.code),
                message: &d.message,
                location: d.location.as_ref(),
                hint: d.hint.as_deref(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string()) + "\n"
}

/// Nearest names by edit distance (case-insensitive), for "did you mean" hints.
pub fn nearest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<&'a str> {
    let w = wanted.to_ascii_uppercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (edit_distance(&w, &c.to_ascii_uppercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(w.len()) / 3).max(2))
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    // Only the nearest: a one-letter typo should not also suggest a name three edits away.
    let best = scored.first().map(|(d, _)| *d).unwrap_or(0);
    scored
        .into_iter()
        .filter(|(d, _)| *d == best)
        .take(max)
        .map(|(_, c)| c)
        .collect()
}

/// "did you mean X?" / "did you mean X or Y?" hint text, or None when nothing is near.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let near = nearest(wanted, candidates, 2);
    match near.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [a, b, ..] => Some(format!("did you mean {a} or {b}?")),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_one_typo() {
        let c = [
            "IDN_OAUTH2_ACCESS_TOKEN",
            "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
            "SP_APP",
        ];
        assert_eq!(
            did_you_mean("IDN_OAUTH2_ACCES_TOKEN", c).as_deref(),
            Some("did you mean IDN_OAUTH2_ACCESS_TOKEN?")
        );
        assert_eq!(did_you_mean("COMPLETELY_OTHER", c), None);
    }

    /// An excerpt renders exactly as the whole file would (line numbers, context, columns).
    #[test]
    fn excerpts_render_like_the_whole_source() {
        let text = "a=1\r\nb = 2\n\nc\rd = 3\nsyncTables=X,\\\n  YÉ,\\\n  Z\nlast\n";
        let mut sources = SourceMap::default();
        sources.add("f.properties", text);
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
                .with_width(100)
                .with_links(false);
        for offset in 0..=text.len() {
            if !text.is_char_boundary(offset) {
                continue;
            }
            for len in [0usize, 1, 4] {
                let len = len.min(text.len() - offset);
                let d = Diagnostic::warning("W003", "m");
                let span = Some(miette::SourceSpan::new(offset.into(), len));
                let whole = WholeView {
                    d: &d,
                    src: miette::NamedSource::new("f.properties", text.to_string()),
                    span,
                };
                let part = MietteView {
                    d: &d,
                    src: sources
                        .excerpt("f.properties", offset, len)
                        .map(|e| miette::NamedSource::new("f.properties", e)),
                    span,
                };
                let (mut a, mut b) = (String::new(), String::new());
                handler.render_report(&mut a, &whole).unwrap();
                handler.render_report(&mut b, &part).unwrap();
                assert_eq!(a, b, "offset {offset} len {len}");
            }
        }
    }

    #[derive(Debug)]
    struct WholeView<'a> {
        d: &'a Diagnostic,
        src: miette::NamedSource<String>,
        span: Option<miette::SourceSpan>,
    }
    impl std::fmt::Display for WholeView<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.d.message)
        }
    }
    impl std::error::Error for WholeView<'_> {}
    impl miette::Diagnostic for WholeView<'_> {
        fn severity(&self) -> Option<miette::Severity> {
            Some(miette::Severity::Warning)
        }
        fn source_code(&self) -> Option<&dyn miette::SourceCode> {
            Some(&self.src)
        }
        fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
            self.span.map(|s| {
                Box::new(std::iter::once(miette::LabeledSpan::new_with_span(
                    Some("here".into()),
                    s,
                ))) as Box<dyn Iterator<Item = miette::LabeledSpan>>
            })
        }
    }

    #[test]
    fn sorted_puts_errors_first_and_dedups() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::warning("W001", "w"));
        d.push(Diagnostic::error("E011", "e"));
        d.push(Diagnostic::error("E011", "e"));
        let s = d.sorted();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].code, "E011");
    }
}
