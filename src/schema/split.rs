//! Splitting a script into statements by one client's rules, keeping byte offsets.
//!
//! One pass over the bytes (linear), never a parse. What ends a statement, outside quotes
//! (`'…'` with `''`, backslash escapes when the rules say so, `"…"`, `` `…` ``, `[…]`),
//! comments (`--`, `/* */`) and `$tag$…$tag$` bodies:
//!
//! * `;` ([`SplitRules::semicolon`]) — except inside a *block* when the client cuts on `/` lines or
//!   `GO` lines: a statement that starts with `CREATE [OR REPLACE|OR ALTER] TRIGGER|PROCEDURE|PROC|
//!   FUNCTION|PACKAGE|TYPE BODY`, or (with `/` lines) `BEGIN`/`DECLARE`, is only ended by the `/` or
//!   `GO` line. With `GO` lines (T-SQL) a `;` inside `BEGIN … END` / `CASE … END` does not end
//!   either. So a plain Oracle statement may end with `;` or with a `/` line, a PL/SQL block with
//!   `END;` and a `/` line.
//! * a line holding only `/` (blanks, tabs and CR around) — [`SplitRules::slash_line`];
//! * a `/` glued to the end of a line (`)/`, `END/`) — [`SplitRules::glued_slash`];
//! * a line starting with `GO` (leading blanks allowed, `GO` a whole word) —
//!   [`SplitRules::go_line`]: sqlcmd takes every such line as its batch separator and accepts only a
//!   count after it, so `  GO INTEGER NULL,` ends the batch too (and is recorded in
//!   [`Split::commands`], since sqlcmd refuses it);
//! * the delimiter set by a mysql `DELIMITER x` line (the line itself is no statement);
//! * T-SQL implicit breaks ([`SplitRules::tsql_implicit_breaks`]): after a complete statement
//!   (parentheses balanced, outside `BEGIN … END`, not a block), a line whose first word is `IF`,
//!   `CREATE`, `ALTER`, `DROP` or `INSERT` starts a new statement. The head of an `IF` (the first
//!   line(s) up to balanced parentheses, or up to the `)` closing `IF [NOT] EXISTS (…)`) is not
//!   complete: the next line is its guarded body. `DROP` after a statement starting with `ALTER`
//!   does not break (`ALTER TABLE T` ⏎ `DROP COLUMN C`).
//!
//! Lines the client reads as its own commands ([`SplitRules::commands`]: at the start of every
//! line, or only at the start of a statement, as the client documents) are not statement text:
//! each is left out of the pieces and recorded in [`Split::commands`] (SQL*Plus `WHENEVER` and
//! `SET`, psql `\set`, sqlcmd `:on error exit`, and a column named `EXIT` on its own line alike).
//!
//! A piece spans from its first to its last significant byte: leading and trailing whitespace and
//! comments are left out (comments inside are kept), the terminator too; pieces holding only
//! whitespace or comments are dropped. Pieces are in order, do not overlap and start and end on
//! char boundaries. A text ending inside a quote, comment or `$…$` body reports where that
//! construct started in [`Split::unterminated`]; what was read until then is still a piece.

use crate::dialect::SplitRules;

/// One statement cut from a script: its byte range in the text (terminator excluded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
}

/// Result of a split: statements, the lines the client takes as its own commands, and, if the
/// text ends inside a quote, comment or body, where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    pub pieces: Vec<Piece>,
    /// Client command lines (leading blanks and the line end excluded), terminator lines (`/`,
    /// `GO`, `GO 2`, `DELIMITER x`) not included; a `GO` line with more than a count after it is.
    pub commands: Vec<Piece>,
    pub unterminated: Option<usize>,
}

impl Split {
    /// The texts of the command lines.
    pub fn command_texts<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.commands
            .iter()
            .filter_map(|p| text.get(p.start..p.end))
            .collect()
    }
}

impl Split {
    /// The texts of the pieces.
    pub fn texts<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.pieces
            .iter()
            .filter_map(|p| text.get(p.start..p.end))
            .collect()
    }
}

/// Splits `text` into statements by `rules`.
pub fn split(text: &str, rules: &SplitRules) -> Split {
    let mut s = Splitter {
        text,
        b: text.as_bytes(),
        rules,
        i: 0,
        pieces: Vec::new(),
        commands: Vec::new(),
        unterminated: None,
        delim: None,
        st: Stmt::default(),
        checked_line: usize::MAX,
    };
    s.run();
    Split {
        pieces: s.pieces,
        commands: s.commands,
        unterminated: s.unterminated,
    }
}

/// The statements of `text` as trimmed texts (terminators and surrounding comments excluded).
pub fn statement_texts<'a>(text: &'a str, rules: &SplitRules) -> Vec<&'a str> {
    split(text, rules)
        .texts(text)
        .into_iter()
        .map(str::trim)
        .collect()
}

/// How many leading words of a statement are kept to recognise blocks and guards.
const KEPT_WORDS: usize = 6;

#[derive(Default)]
struct Stmt {
    content_start: Option<usize>,
    content_end: usize,
    /// First words (upper case) at any depth.
    words: Vec<String>,
    /// Parenthesis depth.
    depth: usize,
    /// T-SQL `BEGIN … END` / `CASE … END` depth.
    begin_depth: usize,
    /// T-SQL: the head of a leading `IF` is complete; the next significant token is its body.
    if_head_done: bool,
    if_body_started: bool,
}

impl Stmt {
    fn word(&self, k: usize) -> &str {
        self.words.get(k).map(String::as_str).unwrap_or("")
    }

    fn if_led(&self) -> bool {
        self.word(0) == "IF"
    }

    /// `CREATE [OR REPLACE|OR ALTER] [EDITIONABLE|NONEDITIONABLE] TRIGGER|PROCEDURE|…`.
    fn creates_routine(&self) -> bool {
        if self.word(0) != "CREATE" {
            return false;
        }
        let mut k = 1;
        if self.word(k) == "OR" && matches!(self.word(k + 1), "REPLACE" | "ALTER") {
            k += 2;
        }
        if matches!(self.word(k), "EDITIONABLE" | "NONEDITIONABLE") {
            k += 1;
        }
        match self.word(k) {
            "TRIGGER" | "PROCEDURE" | "PROC" | "FUNCTION" | "PACKAGE" => true,
            "TYPE" => self.word(k + 1) == "BODY",
            _ => false,
        }
    }
}

struct Splitter<'a> {
    text: &'a str,
    b: &'a [u8],
    rules: &'a SplitRules,
    i: usize,
    pieces: Vec<Piece>,
    commands: Vec<Piece>,
    unterminated: Option<usize>,
    /// mysql: the delimiter set by `DELIMITER x` (None = `;`).
    delim: Option<String>,
    st: Stmt,
    /// The line start whose line checks already ran.
    checked_line: usize,
}

fn is_blank(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | 0x0b | 0x0c)
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'#' | b'@') || c >= 0x80
}

impl Splitter<'_> {
    fn peek(&self, k: usize) -> u8 {
        self.b.get(self.i + k).copied().unwrap_or(0)
    }

    /// Block-aware: `;` does not end blocks because `/` or `GO` lines do.
    fn block_aware(&self) -> bool {
        self.rules.slash_line || self.rules.go_line
    }

    fn tsql(&self) -> bool {
        self.rules.go_line || self.rules.tsql_implicit_breaks
    }

    fn is_block(&self) -> bool {
        if !self.block_aware() {
            return false;
        }
        if self.st.creates_routine() {
            return true;
        }
        if self.rules.slash_line && matches!(self.st.word(0), "BEGIN" | "DECLARE") {
            return true;
        }
        self.tsql() && self.st.begin_depth > 0
    }

    /// Records significant bytes `start..end`.
    fn mark(&mut self, start: usize, end: usize) {
        if self.st.content_start.is_none() {
            self.st.content_start = Some(start);
        }
        self.st.content_end = end;
        if self.st.if_head_done {
            self.st.if_body_started = true;
        }
    }

    /// Ends the current statement (if it has content) and starts a new one.
    fn end_piece(&mut self) {
        if let Some(start) = self.st.content_start {
            let end = self.st.content_end.max(start);
            self.pieces.push(Piece { start, end });
        }
        self.st = Stmt::default();
    }

    fn line_end(&self, from: usize) -> usize {
        self.b[from.min(self.b.len())..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.b.len(), |p| from + p)
    }

    /// Checks run once at the start of each line outside quotes and comments. Returns true when
    /// the line was consumed (terminator or command line).
    fn line_checks(&mut self) -> bool {
        let start = self.i;
        let le = self.line_end(start);
        let next = (le + 1).min(self.b.len());
        let line = self.text.get(start..le).unwrap_or("");
        let trimmed = line.trim_matches(|c: char| c.is_ascii() && is_blank(c as u8));
        if self.rules.slash_line && trimmed == "/" {
            self.end_piece();
            self.i = next;
            return true;
        }
        if self.rules.go_line
            && let Some(count) = go_line(trimmed)
        {
            self.end_piece();
            if !count {
                self.command_line(start, line, trimmed);
            }
            self.i = next;
            return true;
        }
        if self.rules.delimiter_command
            && self.st.content_start.is_none()
            && let Some(d) = delimiter_arg(trimmed)
        {
            self.delim = if d == ";" { None } else { Some(d.to_string()) };
            self.i = next;
            return true;
        }
        if self
            .rules
            .commands
            .command(line, self.st.content_start.is_none())
            .is_some()
        {
            self.command_line(start, line, trimmed);
            self.i = next;
            return true;
        }
        if self.rules.tsql_implicit_breaks
            && self.st.content_start.is_some()
            && self.st.depth == 0
            && self.st.begin_depth == 0
        {
            if self.st.if_led() && !self.st.if_head_done {
                // The IF condition is complete: this line is its guarded body.
                self.st.if_head_done = true;
                return false;
            }
            if self.st.if_led() && !self.st.if_body_started {
                return false;
            }
            if self.is_block() {
                return false;
            }
            let first: String = trimmed
                .bytes()
                .take_while(|c| is_word_byte(*c))
                .take(8)
                .map(|c| c.to_ascii_uppercase() as char)
                .collect();
            let breaks = match first.as_str() {
                "IF" | "CREATE" | "INSERT" => true,
                "ALTER" => true,
                "DROP" => self.st.word(0) != "ALTER",
                _ => false,
            };
            if breaks {
                self.end_piece();
            }
        }
        false
    }

    /// Records the command line `line` (at `start`; `trimmed` is its text without blanks).
    fn command_line(&mut self, start: usize, line: &str, trimmed: &str) {
        let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
        self.commands.push(Piece {
            start: start + lead,
            end: start + lead + trimmed.len(),
        });
    }

    fn run(&mut self) {
        let n = self.b.len();
        while self.i < n {
            let i = self.i;
            if (i == 0 || self.b[i - 1] == b'\n') && self.checked_line != i {
                self.checked_line = i;
                if self.line_checks() {
                    continue;
                }
            }
            let c = self.b[i];
            if let Some(d) = &self.delim
                && !d.is_empty()
                && self.b[i..].starts_with(d.as_bytes())
            {
                let len = d.len();
                self.end_piece();
                self.i = i + len;
                continue;
            }
            match c {
                b'\n' => {
                    self.i += 1;
                }
                c if is_blank(c) => self.i += 1,
                b'-' if self.peek(1) == b'-' => {
                    self.i = self.line_end(i);
                }
                b'/' if self.peek(1) == b'*' => match self.text[i + 2..].find("*/") {
                    Some(p) => self.i = i + 2 + p + 2,
                    None => {
                        self.unterminated = Some(i);
                        self.i = n;
                    }
                },
                b'\'' => self.quoted(i, b'\'', self.rules.backslash_escapes),
                b'"' => self.quoted(i, b'"', false),
                b'`' if self.rules.backtick_quotes => self.quoted(i, b'`', false),
                b'[' if self.rules.bracket_quotes => self.quoted(i, b']', false),
                b'$' if self.rules.dollar_quotes && self.dollar(i) => {}
                b'(' => {
                    self.mark(i, i + 1);
                    self.st.depth += 1;
                    self.i += 1;
                }
                b')' => {
                    self.mark(i, i + 1);
                    self.st.depth = self.st.depth.saturating_sub(1);
                    if self.st.depth == 0
                        && self.st.if_led()
                        && !self.st.if_head_done
                        && (self.st.word(1) == "EXISTS"
                            || (self.st.word(1) == "NOT" && self.st.word(2) == "EXISTS"))
                    {
                        self.st.if_head_done = true;
                    }
                    self.i += 1;
                }
                b';' if self.rules.semicolon && self.delim.is_none() => {
                    if self.is_block() {
                        self.mark(i, i + 1);
                    } else {
                        self.end_piece();
                    }
                    self.i += 1;
                }
                // A `/` alone on its line was handled by the line checks; here it follows a
                // token on the same line (DB2 kernel scripts: `)/`, `END/`).
                b'/' if self.rules.glued_slash && self.rest_of_line_blank(i + 1) => {
                    self.end_piece();
                    self.i = (self.line_end(i) + 1).min(n);
                }
                c if is_word_byte(c) => self.word(i),
                _ => {
                    self.mark(i, i + 1);
                    self.i += 1;
                }
            }
        }
        self.end_piece();
    }

    fn rest_of_line_blank(&self, from: usize) -> bool {
        self.b[from.min(self.b.len())..]
            .iter()
            .take_while(|&&c| c != b'\n')
            .all(|&c| is_blank(c))
    }

    /// A quoted string or identifier starting at `start`, closed by `close` (doubled = escaped).
    fn quoted(&mut self, start: usize, close: u8, backslash: bool) {
        let n = self.b.len();
        let mut j = start + 1;
        while j < n {
            let c = self.b[j];
            if backslash && c == b'\\' {
                j += 2;
                continue;
            }
            if c == close {
                if self.b.get(j + 1) == Some(&close) {
                    j += 2;
                    continue;
                }
                self.mark(start, j + 1);
                self.i = j + 1;
                return;
            }
            j += 1;
        }
        self.unterminated = Some(start);
        self.mark(start, n);
        self.i = n;
    }

    /// A `$tag$ … $tag$` body at `start`; false if this `$` opens none.
    fn dollar(&mut self, start: usize) -> bool {
        if start > 0 && is_word_byte(self.b[start - 1]) {
            return false;
        }
        let mut j = start + 1;
        if let Some(&c) = self.b.get(j)
            && (c.is_ascii_alphabetic() || c == b'_')
        {
            while self
                .b
                .get(j)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
            {
                j += 1;
            }
        }
        if self.b.get(j) != Some(&b'$') {
            return false;
        }
        let tag = &self.text[start..=j];
        let body = j + 1;
        match self.text[body..].find(tag) {
            Some(p) => {
                let end = body + p + tag.len();
                self.mark(start, end);
                self.i = end;
            }
            None => {
                self.unterminated = Some(start);
                self.mark(start, self.b.len());
                self.i = self.b.len();
            }
        }
        true
    }

    fn word(&mut self, start: usize) {
        let n = self.b.len();
        let mut j = start;
        let delim = self.delim.as_deref().unwrap_or("").as_bytes();
        // A delimiter such as `$$` or `//` glued to a word (`END$$`) ends the word.
        while j < n
            && is_word_byte(self.b[j])
            && (delim.is_empty() || j == start || !self.b[j..].starts_with(delim))
        {
            j += 1;
        }
        self.mark(start, j);
        self.i = j;
        let w = &self.b[start..j];
        if self.st.words.len() < KEPT_WORDS {
            self.st
                .words
                .push(String::from_utf8_lossy(w).to_ascii_uppercase());
        }
        if self.tsql() && w.len() <= 5 {
            if w.eq_ignore_ascii_case(b"BEGIN") {
                let next = self.next_word(j);
                if !matches!(
                    next.as_str(),
                    "TRAN" | "TRANSACTION" | "DISTRIBUTED" | "DIALOG" | "CONVERSATION"
                ) {
                    self.st.begin_depth += 1;
                }
            } else if w.eq_ignore_ascii_case(b"CASE") {
                self.st.begin_depth += 1;
            } else if w.eq_ignore_ascii_case(b"END") {
                self.st.begin_depth = self.st.begin_depth.saturating_sub(1);
            }
        }
    }

    /// The next word after blanks (upper case, at most 12 bytes), for `BEGIN TRAN`.
    fn next_word(&self, from: usize) -> String {
        let rest = &self.b[from.min(self.b.len())..];
        rest.iter()
            .skip_while(|c| c.is_ascii_whitespace())
            .take_while(|c| c.is_ascii_alphabetic())
            .take(12)
            .map(|c| c.to_ascii_uppercase() as char)
            .collect()
    }
}

/// A line (trimmed) sqlcmd takes as its `GO` command: `GO` (case-insensitive) as a whole word.
/// Some(true) when nothing but a count follows (`GO`, `GO 5`), Some(false) when something else
/// does (`GO INTEGER NULL,`: sqlcmd still ends the batch there, and reports a syntax error), None
/// for other lines (`GOTO x`, `GO5`, `GO_LIVE INT`).
fn go_line(trimmed: &str) -> Option<bool> {
    let b = trimmed.as_bytes();
    if b.len() < 2 || !b[..2].eq_ignore_ascii_case(b"GO") {
        return None;
    }
    if b.get(2).is_some_and(|c| is_word_byte(*c)) {
        return None;
    }
    let rest = trimmed[2..].trim_start_matches([' ', '\t']);
    let count = rest
        .split("--")
        .next()
        .unwrap_or("")
        .trim_end_matches([' ', '\t']);
    let positive = count.bytes().all(|c| c.is_ascii_digit()) && count.bytes().any(|c| c != b'0');
    Some(count.is_empty() || positive)
}

/// The argument of a mysql `DELIMITER x` line (trimmed line), if it is one.
fn delimiter_arg(trimmed: &str) -> Option<&str> {
    let b = trimmed.as_bytes();
    const KW: &[u8] = b"DELIMITER";
    if b.len() <= KW.len() || !b[..KW.len()].eq_ignore_ascii_case(KW) {
        return None;
    }
    if !matches!(b[KW.len()], b' ' | b'\t') {
        return None;
    }
    trimmed[KW.len()..].split_whitespace().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;

    fn texts(d: Dialect, t: &str) -> Vec<String> {
        statement_texts(t, &d.rules().split)
            .into_iter()
            .map(String::from)
            .collect()
    }

    #[test]
    fn semicolons_quotes_comments() {
        let t = "SELECT ';' FROM a; -- x; y\nSELECT \"a;b\" /* ; */ FROM b;\n\n-- only\n";
        assert_eq!(
            texts(Dialect::Postgresql, t),
            ["SELECT ';' FROM a", "SELECT \"a;b\" /* ; */ FROM b"]
        );
    }

    #[test]
    fn oracle_plain_and_block() {
        let t = "CREATE TABLE A (X INT);\nCREATE SEQUENCE S NOCACHE\n/\nCREATE OR REPLACE TRIGGER T BEFORE INSERT ON A FOR EACH ROW\nBEGIN\n SELECT 1 INTO :NEW.X FROM dual;\nEND;\n/\n";
        let v = texts(Dialect::Oracle, t);
        assert_eq!(v.len(), 3, "{v:?}");
        assert!(v[2].ends_with("END;"));
    }

    #[test]
    fn mssql_guarded_drop_then_guarded_create() {
        let t = "IF EXISTS (SELECT NAME FROM SYSINDEXES WHERE NAME = 'X')\nDROP INDEX T.X\n\nIF NOT  EXISTS (SELECT * FROM SYS.OBJECTS WHERE OBJECT_ID = OBJECT_ID(N'[DBO].[C]') AND TYPE IN (N'U'))\nCREATE TABLE C (\nA INT\n);\n";
        let v = texts(Dialect::Mssql, t);
        assert_eq!(v.len(), 2, "{v:?}");
        assert!(v[0].ends_with("DROP INDEX T.X"));
        assert!(v[1].starts_with("IF NOT  EXISTS"));
        assert!(v[1].ends_with(")"));
    }

    #[test]
    fn unterminated_quote() {
        let s = split("SELECT 1;\nSELECT 'abc", &Dialect::Mysql.rules().split);
        assert_eq!(s.unterminated, Some(17));
        assert_eq!(s.pieces.len(), 2);
    }

    #[test]
    fn go_words() {
        assert_eq!(go_line("GO"), Some(true));
        assert_eq!(go_line("go 3"), Some(true));
        assert_eq!(go_line("GO 2 -- twice"), Some(true));
        assert_eq!(go_line("GO 0"), Some(false));
        assert_eq!(go_line("GO INTEGER NULL,"), Some(false));
        assert_eq!(go_line("GO,"), Some(false));
        assert_eq!(go_line("GOTO x"), None);
        assert_eq!(go_line("GO5"), None);
        assert_eq!(go_line("GO_LIVE INT"), None);
    }

    #[test]
    fn sqlcmd_reads_go_and_its_commands_on_any_line() {
        let t = ":on error exit\nCREATE TABLE T (\n  ID INT,\n  GO INTEGER NULL,\n  ED INT,\n  EXIT_CODE INT\n);\nGO\n";
        let s = split(t, &Dialect::Mssql.rules().split);
        assert_eq!(s.texts(t), ["CREATE TABLE T (\n  ID INT,", ")"]);
        // the newer sqlcmd reads any line starting with EXIT as its EXIT command
        assert_eq!(
            s.command_texts(t),
            [
                ":on error exit",
                "GO INTEGER NULL,",
                "ED INT,",
                "EXIT_CODE INT"
            ]
        );
    }

    #[test]
    fn statement_start_commands() {
        // SQL*Plus: commands only where a statement starts; inside one the line is SQL
        let t = "WHENEVER SQLERROR EXIT SQL.SQLCODE\nSET DEFINE OFF\nSET TRANSACTION READ ONLY;\nCREATE TABLE T (\nREM INT,\nSET INT\n);\nREM done\n";
        let s = split(t, &Dialect::Oracle.rules().split);
        assert_eq!(
            s.texts(t),
            [
                "SET TRANSACTION READ ONLY",
                "CREATE TABLE T (\nREM INT,\nSET INT\n)"
            ]
        );
        assert_eq!(
            s.command_texts(t),
            [
                "WHENEVER SQLERROR EXIT SQL.SQLCODE",
                "SET DEFINE OFF",
                "REM done"
            ]
        );
        let p = "\\set ON_ERROR_STOP on\nSELECT 1;\n";
        let s = split(p, &Dialect::Postgresql.rules().split);
        assert_eq!(s.command_texts(p), ["\\set ON_ERROR_STOP on"]);
        assert_eq!(s.texts(p), ["SELECT 1"]);
    }
}
