//! The one script formatter. Templates write statements separated by marker lines — `@@` after a
//! plain statement, `@@block` after a trigger / PL block — and never a terminator. A
//! [`ScriptWriter`] receives the template's output as it is rendered, cuts it at those markers
//! and writes each statement with its client's terminator (`;`, a `/` line, `GO`,
//! `DELIMITER $$ … $$`) straight into the output, after the provenance comment and the client
//! header. It holds one statement at a time, never the whole script, and enforces the byte
//! contract as it writes: LF only, no trailing blanks, no run of blank lines, one final newline.

use std::fmt;
use std::io;

use crate::dialect::{ClientProfile, Terminator};

/// Marker line ending a plain statement in template output.
pub const END: &str = "@@";
/// Marker line ending a trigger / PL block in template output.
pub const END_BLOCK: &str = "@@block";

/// Why a script could not be written.
#[derive(Debug)]
pub enum ScriptError {
    /// The output failed.
    Io(io::Error),
    /// The template's output breaks the marker rules (a bug in a template).
    Template(String),
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScriptError::Io(e) => write!(f, "{e}"),
            ScriptError::Template(m) => f.write_str(m),
        }
    }
}

/// Lines written under the byte contract: each line's trailing blanks dropped, a run of blank
/// lines written as one blank line and only between two non-blank lines, `\r` taken as a line
/// break, and (at [`LineOut::end`]) exactly one final newline.
struct LineOut<'w> {
    w: &'w mut dyn io::Write,
    /// A line was written.
    any: bool,
    /// A blank line is pending (written before the next non-blank line).
    blank: bool,
    err: Option<io::Error>,
}

impl LineOut<'_> {
    fn put(&mut self, bytes: &[u8]) {
        if self.err.is_none() {
            if let Err(e) = self.w.write_all(bytes) {
                self.err = Some(e);
            }
        }
    }
    /// Writes text that may hold several lines (`\n` or `\r` breaks), `suffix` (a terminator)
    /// appended to its last line.
    fn text(&mut self, s: &str, suffix: &str) {
        if !s.contains(['\n', '\r']) {
            self.one(s, suffix);
            return;
        }
        let mut pieces = s.split('\n').flat_map(|l| l.split('\r')).peekable();
        while let Some(p) = pieces.next() {
            let last = pieces.peek().is_none();
            self.one(p, if last { suffix } else { "" });
        }
    }
    /// Writes one physical line (no `\n` / `\r` inside) and its suffix.
    fn one(&mut self, l: &str, suffix: &str) {
        let l = l.trim_end();
        if l.is_empty() && suffix.is_empty() {
            self.blank = true;
            return;
        }
        if self.any {
            self.put(if self.blank { b"\n\n" } else { b"\n" });
        }
        self.put(l.as_bytes());
        self.put(suffix.as_bytes());
        self.any = true;
        self.blank = false;
    }
    fn blank(&mut self) {
        self.blank = true;
    }
    fn end(&mut self) {
        self.put(b"\n");
    }
}

/// Streams one script: give it the provenance lines, render the template into it (it is a
/// [`fmt::Write`]), then call [`ScriptWriter::finish`].
pub struct ScriptWriter<'w> {
    out: LineOut<'w>,
    client: &'static ClientProfile,
    /// Template text since the last marker line.
    buf: String,
    /// `buf[..scanned]` holds only complete lines that are not markers.
    scanned: usize,
    in_delimiter: bool,
    keep: Option<&'w mut Vec<String>>,
    bad: Option<String>,
}

impl<'w> ScriptWriter<'w> {
    /// Starts a script: the provenance comment lines, then the client's header. `keep` collects
    /// each statement's text (terminators excluded) for the re-split tests.
    pub fn new(
        w: &'w mut dyn io::Write,
        client: &'static ClientProfile,
        provenance: &[String],
        keep: Option<&'w mut Vec<String>>,
    ) -> Self {
        let mut out = LineOut {
            w,
            any: false,
            blank: false,
            err: None,
        };
        for p in provenance {
            out.text(&format!("-- {}", comment_safe(p)), "");
        }
        if !client.header.is_empty() {
            out.blank();
            for h in client.header {
                out.text(h, "");
            }
        }
        ScriptWriter {
            out,
            client,
            buf: String::with_capacity(8192),
            scanned: 0,
            in_delimiter: false,
            keep,
            bad: None,
        }
    }

    /// Cuts every complete statement out of `buf`. Markers are found by their `@`, so text is
    /// scanned once, not line by line.
    fn scan(&mut self) {
        loop {
            let Some(at) = self.buf[self.scanned..].find('@').map(|p| p + self.scanned) else {
                // nothing to look at before the start of the line still being written
                self.scanned = self.buf.rfind('\n').map_or(self.scanned, |p| p + 1);
                return;
            };
            let line_start = self.buf[..at].rfind('\n').map_or(0, |p| p + 1);
            let Some(line_end) = self.buf[at..].find('\n').map(|p| p + at) else {
                // the line is not complete yet: look at it again when it is
                self.scanned = line_start;
                return;
            };
            let block = match self.buf[line_start..line_end].trim() {
                END => false,
                END_BLOCK => true,
                _ => {
                    self.scanned = line_end + 1;
                    continue;
                }
            };
            let text = std::mem::take(&mut self.buf);
            self.statement(&text[..line_start], block);
            self.buf = text;
            self.buf.drain(..=line_end);
            self.scanned = 0;
        }
    }

    /// Writes one statement: leading `--` lines are its comments; blank lines inside it are
    /// dropped (they are what template tags leave behind).
    fn statement(&mut self, text: &str, block: bool) {
        if self.bad.is_some() {
            return;
        }
        let mut lines = text.lines().peekable();
        // the comments, then the first line of the body
        let mut comments: Vec<&str> = Vec::new();
        let first = loop {
            match lines.next() {
                None => break None,
                Some(l) => {
                    let t = l.trim();
                    if t.is_empty() {
                        continue;
                    }
                    if t.starts_with("--") {
                        comments.push(t);
                        continue;
                    }
                    break Some(t);
                }
            }
        };
        let Some(first) = first else {
            self.bad = Some("a statement marker follows no statement".to_string());
            return;
        };
        let term = if block {
            self.client.block_end
        } else {
            self.client.plain_end
        };
        let delim = term == Terminator::MysqlDelimiter;
        if self.in_delimiter && !delim {
            self.out.text("DELIMITER ;", "");
            self.in_delimiter = false;
        }
        self.out.blank();
        if delim && !self.in_delimiter {
            self.out.text("DELIMITER $$", "");
            self.in_delimiter = true;
        }
        for c in comments {
            self.out.text(c, "");
        }
        let suffix = match term {
            Terminator::Semicolon | Terminator::SemicolonSlashLine | Terminator::SemicolonGo => ";",
            Terminator::SlashLine => "",
            Terminator::MysqlDelimiter => "$$",
        };
        let mut body = self.keep.is_some().then(String::new);
        // each body line is written when the next one is seen, so the last gets the terminator
        let mut prev = first;
        for l in lines {
            let l = l.trim_end();
            if l.is_empty() {
                continue;
            }
            self.out.text(prev, "");
            if let Some(b) = body.as_mut() {
                b.push_str(prev);
                b.push('\n');
            }
            prev = l;
        }
        self.out.text(prev, suffix);
        match term {
            Terminator::SlashLine | Terminator::SemicolonSlashLine => self.out.text("/", ""),
            Terminator::SemicolonGo => self.out.text("GO", ""),
            Terminator::Semicolon | Terminator::MysqlDelimiter => {}
        }
        if let (Some(mut b), Some(keep)) = (body, self.keep.as_mut()) {
            b.push_str(prev);
            keep.push(b);
        }
    }

    /// Ends the script: text after the last marker may hold only comments (written as trailing
    /// comments), then the client's footer and the final newline.
    pub fn finish(mut self) -> Result<(), ScriptError> {
        self.buf.push('\n');
        self.scan();
        if self.in_delimiter {
            self.out.text("DELIMITER ;", "");
        }
        let rest = std::mem::take(&mut self.buf);
        let mut first = true;
        for l in rest.lines() {
            let t = l.trim();
            if t.is_empty() {
                continue;
            }
            if !t.starts_with("--") {
                self.bad
                    .get_or_insert(format!("text after the last statement marker: {t}"));
                break;
            }
            if first {
                self.out.blank();
                first = false;
            }
            self.out.text(t, "");
        }
        if !self.client.footer.is_empty() {
            self.out.blank();
            for f in self.client.footer {
                self.out.text(f, "");
            }
        }
        self.out.end();
        if let Some(m) = self.bad {
            return Err(ScriptError::Template(m));
        }
        match self.out.err {
            Some(e) => Err(ScriptError::Io(e)),
            None => Ok(()),
        }
    }
}

impl fmt::Write for ScriptWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.buf.push_str(s);
        if s.contains('\n') {
            self.scan();
        }
        if self.out.err.is_some() {
            return Err(fmt::Error);
        }
        Ok(())
    }
}

/// The byte contract on a whole text: LF only, no trailing blanks, no run of blank lines,
/// exactly one final newline.
pub fn finish(text: &str) -> String {
    let mut v = Vec::with_capacity(text.len() + 1);
    let mut out = LineOut {
        w: &mut v,
        any: false,
        blank: false,
        err: None,
    };
    out.text(text, "");
    out.end();
    String::from_utf8(v).unwrap_or_default()
}

/// Text that goes into a `--` comment: control characters (a newline would end the comment and
/// let the rest run as SQL) become `?`.
pub fn comment_safe(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::{Dialect, Terminator};
    use std::fmt::Write as _;

    const TWO: &str = "-- a table\nCREATE TABLE T (A INT)\n@@\nCREATE TRIGGER X BEGIN\n  INSERT INTO Y VALUES (1);\nEND\n@@block\n";

    /// Streams `text` in small chunks (as a template would) for `d`'s default client.
    fn run(d: Dialect, text: &str) -> Result<(String, Vec<String>), ScriptError> {
        let mut bytes = Vec::new();
        let mut keep = Vec::new();
        let mut w = ScriptWriter::new(
            &mut bytes,
            d.rules().default_client(),
            &["prov".to_string()],
            Some(&mut keep),
        );
        for chunk in text.as_bytes().chunks(3) {
            w.write_str(std::str::from_utf8(chunk).unwrap_or("")).ok();
        }
        w.finish()?;
        Ok((String::from_utf8(bytes).unwrap_or_default(), keep))
    }

    #[test]
    fn cuts_at_markers_keeping_comments_and_kinds() {
        let (pg, keep) = run(Dialect::Postgresql, TWO).unwrap();
        assert_eq!(
            keep,
            vec![
                "CREATE TABLE T (A INT)",
                "CREATE TRIGGER X BEGIN\n  INSERT INTO Y VALUES (1);\nEND"
            ]
        );
        assert_eq!(
            pg,
            "-- prov\n\n\\set ON_ERROR_STOP on\n\n-- a table\nCREATE TABLE T (A INT);\n\nCREATE TRIGGER X BEGIN\n  INSERT INTO Y VALUES (1);\nEND;\n"
        );
        assert!(matches!(
            run(Dialect::Postgresql, "SELECT 1\n"),
            Err(ScriptError::Template(_))
        ));
        assert!(matches!(
            run(Dialect::Postgresql, "@@\n"),
            Err(ScriptError::Template(_))
        ));
        // trailing comments are kept after the last statement
        let (t, _) = run(Dialect::Postgresql, "SELECT 1\n@@\n  -- done\n\n").unwrap();
        assert!(t.ends_with("SELECT 1;\n\n-- done\n"), "{t}");
    }

    #[test]
    fn terminators_per_client() {
        let (ora, _) = run(Dialect::Oracle, TWO).unwrap();
        assert!(ora.contains("CREATE TABLE T (A INT);\n"));
        assert!(ora.contains("END;\n/\n"));
        let (db2, _) = run(Dialect::Db2, TWO).unwrap();
        assert!(db2.contains("CREATE TABLE T (A INT)\n/\n") && db2.contains("END\n/\n"));
        let (my, _) = run(Dialect::Mysql, TWO).unwrap();
        assert!(my.contains("DELIMITER $$\nCREATE TRIGGER X BEGIN\n  INSERT INTO Y VALUES (1);\nEND$$\nDELIMITER ;\n"));
        assert_eq!(
            Dialect::Mysql.rules().default_client().block_end,
            Terminator::MysqlDelimiter
        );
        // a plain statement after a block closes the DELIMITER section first
        let (my2, _) = run(Dialect::Mysql, "BEGIN X; END\n@@block\nSELECT 1\n@@\n").unwrap();
        assert!(
            my2.contains("BEGIN X; END$$\nDELIMITER ;\n\nSELECT 1;\n"),
            "{my2}"
        );
        let (ms, _) = run(Dialect::Mssql, TWO).unwrap();
        assert!(ms.contains("\n:on error exit\n"));
        assert!(ms.contains("END;\nGO\n"));
        assert!(ms.ends_with("GO\n"));
    }

    #[test]
    fn finish_enforces_the_byte_contract() {
        assert_eq!(finish("a  \r\n\r\n\r\nb\n\n\n"), "a\n\nb\n");
        assert_eq!(finish("\n \n\ta\rb \n\n"), "\ta\nb\n");
        assert_eq!(finish(""), "\n");
        assert_eq!(finish("  \n\n"), "\n");
        assert_eq!(comment_safe("x\n*/DROP"), "x?*/DROP");
    }
}
