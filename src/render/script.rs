//! The one script formatter. Templates write statements separated by marker lines — `@@` after a
//! plain statement, `@@block` after a trigger / PL block — and never a terminator. This module cuts
//! the template output at those markers and writes each statement with its client's terminator
//! (`;`, a `/` line, `GO`, `DELIMITER $$ … $$`), adds the provenance comment and the client
//! header, and enforces the byte contract: LF only, no trailing blanks, one final newline.

use crate::dialect::{ClientProfile, Terminator};

/// Marker line ending a plain statement in template output.
pub const END: &str = "@@";
/// Marker line ending a trigger / PL block in template output.
pub const END_BLOCK: &str = "@@block";

/// One statement cut from template output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// `--` comment lines written before the statement.
    pub comments: Vec<String>,
    /// The statement text, without terminator, trimmed.
    pub body: String,
    pub block: bool,
}

/// Cuts template output into statements. Blank lines inside a statement are dropped (they are
/// what template tags leave behind). Text after the last marker that holds only comments is
/// returned as trailing comments; any other trailing text is an error (a template bug).
pub fn cut(rendered: &str) -> Result<(Vec<Statement>, Vec<String>), String> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in rendered.lines() {
        let t = line.trim();
        if t == END || t == END_BLOCK {
            let st = make(&cur, t == END_BLOCK);
            cur.clear();
            match st {
                Some(st) => out.push(st),
                None => return Err("a statement marker follows no statement".to_string()),
            }
        } else {
            cur.push(line);
        }
    }
    let mut trailing = Vec::new();
    for line in cur {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t.starts_with("--") {
            trailing.push(t.to_string());
        } else {
            return Err(format!("text after the last statement marker: {t}"));
        }
    }
    Ok((out, trailing))
}

fn make(lines: &[&str], block: bool) -> Option<Statement> {
    let mut comments = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        if t.is_empty() {
            i += 1;
        } else if t.starts_with("--") {
            comments.push(t.to_string());
            i += 1;
        } else {
            break;
        }
    }
    // Lines left empty by template tags carry nothing: a statement body never needs a blank line.
    let body_lines: Vec<&str> = lines[i..]
        .iter()
        .map(|l| l.trim_end())
        .filter(|l| !l.is_empty())
        .collect();
    let body = body_lines.join("\n").trim().to_string();
    if body.is_empty() {
        return None;
    }
    Some(Statement {
        comments,
        body,
        block,
    })
}

/// Writes a whole script for one client.
pub fn format(
    provenance: &[String],
    client: &ClientProfile,
    statements: &[Statement],
    trailing: &[String],
) -> String {
    // Lines joined by `\n` straight into one buffer (no per-line String, no copy of each body).
    let size: usize = statements
        .iter()
        .map(|st| st.body.len() + st.comments.iter().map(|c| c.len() + 1).sum::<usize>() + 24)
        .sum();
    let mut out = Lines(String::with_capacity(size + 4096), false);
    for p in provenance {
        out.line(&[format!("-- {}", comment_safe(p)).trim_end()]);
    }
    if !client.header.is_empty() {
        out.line(&[]);
        for h in client.header {
            out.line(&[h]);
        }
    }
    let mut in_delimiter = false;
    for (i, st) in statements.iter().enumerate() {
        let term = if st.block {
            client.block_end
        } else {
            client.plain_end
        };
        out.line(&[]);
        if term == Terminator::MysqlDelimiter && !in_delimiter {
            out.line(&["DELIMITER $$"]);
            in_delimiter = true;
        }
        for c in &st.comments {
            out.line(&[c]);
        }
        match term {
            Terminator::Semicolon => out.line(&[&st.body, ";"]),
            Terminator::SlashLine => {
                out.line(&[&st.body]);
                out.line(&["/"]);
            }
            Terminator::SemicolonSlashLine => {
                out.line(&[&st.body, ";"]);
                out.line(&["/"]);
            }
            Terminator::SemicolonGo => {
                out.line(&[&st.body, ";"]);
                out.line(&["GO"]);
            }
            Terminator::MysqlDelimiter => out.line(&[&st.body, "$$"]),
        }
        let next_is_delim = statements
            .get(i + 1)
            .map(|n| {
                (if n.block {
                    client.block_end
                } else {
                    client.plain_end
                }) == Terminator::MysqlDelimiter
            })
            .unwrap_or(false);
        if in_delimiter && !next_is_delim {
            out.line(&["DELIMITER ;"]);
            in_delimiter = false;
        }
    }
    if !trailing.is_empty() {
        out.line(&[]);
        for t in trailing {
            out.line(&[t]);
        }
    }
    if !client.footer.is_empty() {
        out.line(&[]);
        for f in client.footer {
            out.line(&[f]);
        }
    }
    finish(&out.0)
}

/// Text being built line by line: `(text, any line written yet)`; lines are joined by `\n`.
struct Lines(String, bool);

impl Lines {
    /// Appends one line made of `parts`.
    fn line(&mut self, parts: &[&str]) {
        if self.1 {
            self.0.push('\n');
        }
        self.1 = true;
        for p in parts {
            self.0.push_str(p);
        }
    }
}

/// The byte contract: LF only, no trailing blanks, no run of blank lines, exactly one final newline.
pub fn finish(text: &str) -> String {
    let text: std::borrow::Cow<str> = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    };
    // One pass: blank lines are written only between two non-blank lines, one for any run.
    let mut s = String::with_capacity(text.len() + 1);
    let mut blank = false;
    let mut any = false;
    for l in text.lines() {
        let l = l.trim_end();
        if l.is_empty() {
            blank = true;
            continue;
        }
        if any {
            s.push('\n');
            if blank {
                s.push('\n');
            }
        }
        s.push_str(l);
        any = true;
        blank = false;
    }
    s.push('\n');
    s
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
    use crate::dialect::Dialect;

    fn two() -> Vec<Statement> {
        let (st, _) = cut("-- a table\nCREATE TABLE T (A INT)\n@@\nCREATE TRIGGER X BEGIN\n  INSERT INTO Y VALUES (1);\nEND\n@@block\n").unwrap();
        st
    }

    #[test]
    fn cut_keeps_comments_and_kinds() {
        let st = two();
        assert_eq!(st.len(), 2);
        assert_eq!(st[0].comments, vec!["-- a table"]);
        assert!(!st[0].block && st[1].block);
        assert!(cut("SELECT 1\n").is_err());
        assert!(cut("@@\n").is_err());
    }

    #[test]
    fn terminators_per_client() {
        let st = two();
        let ora = format(&[], Dialect::Oracle.rules().default_client(), &st, &[]);
        assert!(ora.contains("CREATE TABLE T (A INT);\n"));
        assert!(ora.contains("END;\n/\n"));
        let db2 = format(&[], Dialect::Db2.rules().default_client(), &st, &[]);
        assert!(db2.contains("CREATE TABLE T (A INT)\n/\n") && db2.contains("END\n/\n"));
        let my = format(&[], Dialect::Mysql.rules().default_client(), &st, &[]);
        assert!(my.contains("DELIMITER $$\nCREATE TRIGGER X BEGIN\n  INSERT INTO Y VALUES (1);\nEND$$\nDELIMITER ;\n"));
        let ms = format(&[], Dialect::Mssql.rules().default_client(), &st, &[]);
        assert!(ms.starts_with(":on error exit\n"));
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
