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
        let b = s.as_bytes();
        if !b.contains(&b'\n') && !b.contains(&b'\r') {
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
    /// Appends `s` to the line written last (its line end is not written yet).
    fn append(&mut self, s: &str) {
        self.put(s.as_bytes());
    }
    fn end(&mut self) {
        self.put(b"\n");
    }
    /// The first write error, if any.
    fn result(self) -> io::Result<()> {
        match self.err {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// Streams one script: give it the provenance lines, render the template into it (it is a
/// [`fmt::Write`]), then call [`ScriptWriter::finish`].
///
/// Template output is gathered in blocks of about [`BLOCK`] bytes and handled a line at a time: a
/// statement's leading `--` lines are its comments, its body lines are written as they come
/// (blank ones dropped; a line's line end is written only before the next line, so the marker
/// line can still append the terminator to the last one). Only a client that wraps blocks in
/// `DELIMITER $$` (mysql) must know a statement's kind before its first line is written: for it,
/// a statement's lines are kept until its marker.
pub struct ScriptWriter<'w> {
    out: LineOut<'w>,
    client: &'static ClientProfile,
    /// Template output not handled yet: up to [`BLOCK`] bytes and the incomplete last line.
    partial: String,
    /// Bytes at the start of `partial` known to hold no line end.
    scanned: usize,
    /// Statements are kept until their marker (the client switches delimiters around blocks).
    keep_until_marker: bool,
    /// Lines of the current statement kept until its marker (`keep_until_marker`), `\n`-ended.
    pending: String,
    /// Leading comment lines of the current statement.
    comments: Vec<String>,
    /// The current statement's body has begun.
    started: bool,
    /// Its first body line (for the message when it is never ended).
    first: String,
    in_delimiter: bool,
    keep: Option<&'w mut Vec<String>>,
    /// The current statement's text, when statements are kept.
    kept: String,
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
            partial: String::new(),
            scanned: 0,
            keep_until_marker: client.plain_end == Terminator::MysqlDelimiter
                || client.block_end == Terminator::MysqlDelimiter,
            pending: String::new(),
            comments: Vec::new(),
            started: false,
            first: String::new(),
            in_delimiter: false,
            keep,
            kept: String::new(),
            bad: None,
        }
    }

    fn terminator(&self, block: bool) -> Terminator {
        if block {
            self.client.block_end
        } else {
            self.client.plain_end
        }
    }

    /// One complete line of template output.
    fn line(&mut self, l: &str) {
        let t = l.trim();
        if t == END || t == END_BLOCK {
            let block = t == END_BLOCK;
            if self.keep_until_marker {
                let pending = std::mem::take(&mut self.pending);
                for pl in pending.split('\n') {
                    self.body_line(pl, block);
                }
                self.pending = pending;
                self.pending.clear();
            }
            self.end_statement(block);
        } else if self.keep_until_marker {
            self.pending.push_str(l);
            self.pending.push('\n');
        } else {
            // the kind is not needed before the marker: no terminator switches delimiters
            self.body_line(l, false);
        }
    }

    /// One line of the current statement, whose kind is `block` (when it matters). Written at
    /// once: its line end is written only before the next line, so the terminator can still be
    /// appended to it when the marker comes.
    fn body_line(&mut self, l: &str, block: bool) {
        let l = if self.started {
            l.trim_end()
        } else {
            let t = l.trim();
            if t.starts_with("--") {
                self.comments.push(t.to_string());
                return;
            }
            t
        };
        if l.is_empty() {
            return;
        }
        let statement_start = !self.started;
        if statement_start {
            self.begin(block);
            self.first.clear();
            self.first.push_str(l);
        }
        // A line the client would run as its own command instead of sending it: a template bug
        // (statements start with the templates' words, and names a client reads on any line are
        // quoted by the dialect), refused rather than written.
        if let Some(cmd) = self.client.commands.command(l, statement_start) {
            self.bad.get_or_insert_with(|| {
                format!(
                    "a line starts with {cmd}, which {} reads as its own command: {l}",
                    self.client.title
                )
            });
        }
        self.out.text(l, "");
        if self.keep.is_some() {
            if !self.kept.is_empty() {
                self.kept.push('\n');
            }
            self.kept.push_str(l);
        }
    }

    /// The first body line of a statement is next: a blank line, the delimiter switch, the
    /// statement's comments.
    fn begin(&mut self, block: bool) {
        let delim = self.terminator(block) == Terminator::MysqlDelimiter;
        if self.in_delimiter && !delim {
            self.out.text("DELIMITER ;", "");
            self.in_delimiter = false;
        }
        self.out.blank();
        if delim && !self.in_delimiter {
            self.out.text("DELIMITER $$", "");
            self.in_delimiter = true;
        }
        for c in std::mem::take(&mut self.comments) {
            self.out.text(&c, "");
        }
        self.started = true;
    }

    /// The marker: the last body line with its terminator.
    fn end_statement(&mut self, block: bool) {
        if !self.started {
            self.bad
                .get_or_insert_with(|| "a statement marker follows no statement".to_string());
            self.comments.clear();
            return;
        }
        let term = self.terminator(block);
        let suffix = match term {
            Terminator::Semicolon | Terminator::SemicolonSlashLine | Terminator::SemicolonGo => ";",
            Terminator::SlashLine => "",
            Terminator::MysqlDelimiter => "$$",
        };
        // the statement's last line was the last thing written
        self.out.append(suffix);
        match term {
            Terminator::SlashLine | Terminator::SemicolonSlashLine => self.out.text("/", ""),
            Terminator::SemicolonGo => self.out.text("GO", ""),
            Terminator::Semicolon | Terminator::MysqlDelimiter => {}
        }
        if let Some(keep) = self.keep.as_mut() {
            keep.push(std::mem::take(&mut self.kept));
        }
        self.started = false;
    }

    /// Ends the script: text after the last marker may hold only comments (written as trailing
    /// comments), then the client's footer and the final newline.
    pub fn finish(mut self) -> Result<(), ScriptError> {
        self.lines();
        let rest = std::mem::take(&mut self.partial);
        if !rest.is_empty() {
            self.line(&rest);
        }
        if self.keep_until_marker {
            let pending = std::mem::take(&mut self.pending);
            for pl in pending.split('\n') {
                self.body_line(pl, false);
            }
        }
        if self.started {
            self.bad.get_or_insert_with(|| {
                format!("text after the last statement marker: {}", self.first)
            });
        }
        if self.in_delimiter {
            self.out.text("DELIMITER ;", "");
        }
        if !self.comments.is_empty() {
            self.out.blank();
            for c in std::mem::take(&mut self.comments) {
                self.out.text(&c, "");
            }
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
        self.out.result().map_err(ScriptError::Io)
    }
}

/// Template output is gathered up to this many bytes before its lines are handled: most writes
/// are a name or a separator, and looking for line ends once per block is cheaper than once per
/// write.
const BLOCK: usize = 8 * 1024;

impl ScriptWriter<'_> {
    /// Handles the complete lines gathered so far; the incomplete last one stays (and is not
    /// searched again: a line of megabytes is scanned once, not once per block).
    fn lines(&mut self) {
        let from = self.scanned.min(self.partial.len());
        let Some(last) = self
            .partial
            .get(from..)
            .and_then(|t| t.rfind('\n'))
            .map(|i| from + i)
        else {
            self.scanned = self.partial.len();
            return;
        };
        let mut text = std::mem::take(&mut self.partial);
        self.handle(&text[..last]);
        text.drain(..=last);
        self.scanned = text.len();
        self.partial = text;
    }
}

impl ScriptWriter<'_> {
    /// Handles complete lines (`\n`-separated, the last without its line end).
    fn handle(&mut self, body: &str) {
        for line in body.split('\n') {
            self.line(line);
        }
    }
}

impl fmt::Write for ScriptWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.partial.push_str(s);
        if self.partial.len() - self.scanned.min(self.partial.len()) >= BLOCK {
            self.lines();
            if self.out.err.is_some() {
                return Err(fmt::Error);
            }
        }
        Ok(())
    }
}

/// Writes `text` into `w` under the byte contract: LF only, no trailing blanks, no run of blank
/// lines, exactly one final newline.
pub fn write_finished(w: &mut dyn io::Write, text: &str) -> io::Result<()> {
    let mut out = LineOut {
        w,
        any: false,
        blank: false,
        err: None,
    };
    out.text(text, "");
    out.end();
    out.result()
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
        run_in(d, text, 3)
    }

    /// Streams `text` in chunks of `size` bytes (cut on character boundaries).
    fn run_in(d: Dialect, text: &str, size: usize) -> Result<(String, Vec<String>), ScriptError> {
        let mut bytes = Vec::new();
        let mut keep = Vec::new();
        let mut w = ScriptWriter::new(
            &mut bytes,
            d.rules().default_client(),
            &["prov".to_string()],
            Some(&mut keep),
        );
        let mut rest = text;
        while !rest.is_empty() {
            let mut n = size.min(rest.len());
            while !rest.is_char_boundary(n) {
                n += 1;
            }
            let (chunk, tail) = rest.split_at(n);
            w.write_str(chunk).ok();
            rest = tail;
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
    fn awkward_lines_the_same_whatever_the_chunks() {
        // trailing blanks (ASCII and not), indented markers, a line starting with `@`, blank and
        // space-only lines inside a body, `\r` breaks, comment lines inside a body, non-ASCII at
        // either end, a marker look-alike
        let body = [
            "CREATE TABLE T (",
            "  A INT,   ",
            "\tB INT,\t",
            "",
            "   ",
            "  C VARCHAR(10)\u{3000}",
            "  -- a comment inside the body",
            "  D INT\u{a0}",
            "  é INT,",
            "  E INT é",
            "  @V = 1",
            "  @@blockish",
            ")",
            "  @@",
            "CREATE TRIGGER X BEGIN",
            "  INSERT INTO Y VALUES (1);",
            "\u{2003}END",
            "\t@@block  ",
        ]
        .join("\n");
        let cr = "-- lead\nSELECT 1\n  FROM T\r  WHERE 1 = 1\n  AND 2 = 2\r\n@@\n";
        let text = format!("{}{cr}", format!("{body}\n{TWO}").repeat(200));
        for d in Dialect::ALL {
            let whole = run_in(d, &text, text.len()).unwrap();
            for size in [1, 5, 64, BLOCK] {
                assert!(
                    run_in(d, &text, size).unwrap() == whole,
                    "{d}, chunks of {size}"
                );
            }
            let (t, keep) = whole;
            assert_eq!(keep.len(), 4 * 200 + 1, "{d}");
            assert!(t.contains("  E INT é\n") && !t.contains("A INT, \n"), "{d}");
        }
    }

    #[test]
    fn the_same_script_whatever_the_chunks() {
        // many blocks' worth of statements, a line longer than a block, lines ending on and
        // across block boundaries, non-ASCII text
        let long = format!("SELECT '{}'\n@@\n", "é".repeat(20_000));
        let text = format!("{}{long}{}", TWO.repeat(300), TWO.repeat(100));
        for d in [Dialect::Postgresql, Dialect::Mysql, Dialect::Oracle] {
            let whole = run_in(d, &text, text.len()).unwrap();
            assert!(whole.0.contains(&"é".repeat(20_000)) && whole.1.len() == 801);
            for size in [1, 3, 7, 4096, BLOCK - 1, BLOCK, BLOCK + 1, 50_000] {
                assert!(
                    run_in(d, &text, size).unwrap() == whole,
                    "{d}, chunks of {size}"
                );
            }
        }
    }

    /// [`write_finished`] into memory.
    fn finish(text: &str) -> String {
        let mut v = Vec::new();
        write_finished(&mut v, text).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn a_statement_never_starts_with_a_client_command() {
        for (d, first) in [
            (Dialect::Oracle, "REM x"),
            (Dialect::Oracle, "DESC T"),
            (Dialect::Mssql, "GO"),
            (Dialect::Mssql, "EXIT(SELECT 1)"),
            (Dialect::Mysql, "source x.sql"),
            (Dialect::Postgresql, "\\i x.sql"),
            (Dialect::Db2, "TERMINATE"),
            (Dialect::H2, "@INCLUDE x.sql"),
        ] {
            let r = run(d, &format!("{first}\n@@\n"));
            assert!(matches!(r, Err(ScriptError::Template(_))), "{d}: {first}");
        }
        // sqlcmd reads its commands on any line, inside a statement too; SQL*Plus only where a
        // statement starts (but its SQLPREFIX `#` everywhere)
        for (d, text, refused) in [
            (Dialect::Mssql, "CREATE TABLE T (\n  GO INT\n)", true),
            (Dialect::Mssql, "CREATE TABLE T (\n  EXIT_CODE INT\n)", true),
            (Dialect::Mssql, "CREATE TABLE T (\n  [GO] INT\n)", false),
            (Dialect::Oracle, "CREATE TABLE T (\n  REM INT\n)", false),
            (Dialect::Oracle, "CREATE TABLE T (\n  #X INT\n)", true),
        ] {
            let r = run(d, &format!("{text}\n@@\n"));
            assert_eq!(
                matches!(r, Err(ScriptError::Template(_))),
                refused,
                "{d}: {text}"
            );
        }
        // SQL that starts with a command word's letters, or SQL*Plus's SQL forms of SET
        for (d, first) in [
            (Dialect::Oracle, "SET TRANSACTION READ ONLY"),
            (Dialect::Oracle, "DELETE FROM T"),
            (Dialect::Oracle, "CREATE TABLE T (A INT)"),
            (Dialect::Mssql, "GOTO done"),
            (Dialect::Db2, "SET SCHEMA X"),
        ] {
            assert!(run(d, &format!("{first}\n@@\n")).is_ok(), "{d}: {first}");
        }
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
