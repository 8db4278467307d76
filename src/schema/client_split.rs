//! WSO2's migration client's statement splitter for its dbscripts, reproduced: each line trimmed;
//! lines starting `//` or `--`, or whose first word is `REM`, dropped; a line containing
//! `DELIMITER` sets the delimiter to its second word and is dropped; between a line containing
//! `Start of Procedure` and one containing `End of Procedure` lines are joined as one statement;
//! otherwise lines are joined with single spaces and a statement ends when the joined text ends
//! with the delimiter (`;`, or `/` for the dialects whose rules say so). A `--` later in a line
//! keeps the rest of the line and ends it with a line break. Oracle's `databasename :=` line is
//! the client's substitution of the schema owner. Each statement keeps the lines it came from.

/// One statement as the client executes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientStatement {
    /// The joined text, without its delimiter.
    pub text: String,
    /// 1-based first and last line of the file it came from.
    pub line: usize,
    pub last_line: usize,
}

/// Splits `text` as the client does with `delimiter` as the first delimiter. `owner`: the value
/// the client puts into a `databasename :=` line (Oracle's schema owner), if known.
pub fn split(text: &str, delimiter: &str, owner: Option<&str>) -> Vec<ClientStatement> {
    let mut out = Vec::new();
    let mut delimiter = delimiter.to_string();
    let mut sql = String::new();
    let mut first: Option<usize> = None;
    let mut procedure = false;
    let mut flush = |sql: &mut String, first: &mut Option<usize>, last: usize, strip: &str| {
        let mut t = sql.trim().to_string();
        if !strip.is_empty() && t.ends_with(strip) {
            t.truncate(t.len() - strip.len());
            t = t.trim_end().to_string();
        }
        if !t.is_empty() {
            out.push(ClientStatement {
                text: t,
                line: first.unwrap_or(last),
                last_line: last,
            });
        }
        sql.clear();
        *first = None;
    };
    let mut n = 0;
    for (i, raw) in text.lines().enumerate() {
        n = i + 1;
        let line = raw.trim();
        if line.starts_with("//") || line.starts_with("--") {
            continue;
        }
        if line
            .split_whitespace()
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("REM"))
        {
            continue;
        }
        if line.contains("DELIMITER") {
            if let Some(d) = line.split_whitespace().nth(1) {
                delimiter = d.to_string();
            }
            continue;
        }
        if line.contains("Start of Procedure") {
            procedure = true;
            continue;
        }
        if procedure {
            if line.contains("End of Procedure") {
                procedure = false;
                flush(&mut sql, &mut first, n, &delimiter);
                continue;
            }
            if !line.is_empty() {
                first.get_or_insert(n);
            }
            sql.push(' ');
            sql.push_str(line);
            continue;
        }
        let line = match owner {
            Some(o) if line.contains("databasename :=") => {
                format!("databasename := '{}';", o.replace('\'', "''"))
            }
            _ => line.to_string(),
        };
        if !line.is_empty() {
            first.get_or_insert(n);
        }
        sql.push(' ');
        sql.push_str(&line);
        if line.contains("--") {
            sql.push('\n');
        }
        if sql.ends_with(delimiter.as_str()) {
            flush(&mut sql, &mut first, n, &delimiter);
        }
    }
    flush(&mut sql, &mut first, n, "");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_lines_and_keeps_line_numbers() {
        let s = split(
            "-- a comment\nCREATE TABLE T (\n  A INT\n);\n\nREM note\nINSERT INTO T VALUES (1);\n",
            ";",
            None,
        );
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text, "CREATE TABLE T ( A INT )");
        assert_eq!((s[0].line, s[0].last_line), (2, 4));
        assert_eq!(s[1].text, "INSERT INTO T VALUES (1)");
        assert_eq!(s[1].line, 7);
    }

    #[test]
    fn delimiter_procedures_and_slash() {
        let s = split(
            "DELIMITER $$\nCREATE PROCEDURE P() BEGIN SELECT 1; END$$\nDELIMITER ;\nCALL P();\n",
            ";",
            None,
        );
        assert_eq!(s[0].text, "CREATE PROCEDURE P() BEGIN SELECT 1; END");
        assert_eq!(s[1].text, "CALL P()");
        let s = split(
            "BEGIN\n  NULL;\nEND;\n/\nSELECT 1 FROM DUAL\n/\n",
            "/",
            None,
        );
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text, "BEGIN NULL; END;");
        let s = split(
            "-- Start of Procedure --\nBEGIN\nX;\n-- End of Procedure --\n",
            "/",
            None,
        );
        // the markers sit on comment lines, which the client drops first
        assert_eq!(s[0].text, "BEGIN X;");
        let s = split(
            "Start of Procedure\nBEGIN\nX;\nEND;/\nEnd of Procedure\n",
            "/",
            None,
        );
        assert_eq!(s[0].text, "BEGIN X; END;");
        let s = split("x\ndatabasename := 'X';\n/\n", "/", Some("IS"));
        assert_eq!(s[0].text, "x databasename := 'IS';");
    }

    #[test]
    fn trailing_comment_ends_its_line_and_the_rest_runs_as_is() {
        let s = split("SELECT 1 -- one\nFROM T;\nSELECT 2", ";", None);
        assert_eq!(s[0].text, "SELECT 1 -- one\n FROM T");
        assert_eq!(s[1].text, "SELECT 2");
    }
}
