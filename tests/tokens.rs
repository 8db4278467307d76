//! `schema::tokens::plain` against sqlparser's own tokenizer. Whenever `plain` makes tokens, they
//! must be sqlparser's (same tokens, same spans, without sqlparser's whitespace tokens) and
//! sqlparser's parser must read both the same.
//! Checked on every statement of every WSO2 fixture script, of the test scenarios' schemas and
//! the splitter's goldens, of the synthetic schemas in all six dialects, on the part of each `CREATE TABLE` ismig gives the parser (up to
//! the `)` closing its column list), and on edge cases in every sqlparser dialect ismig uses. The
//! subset must not be empty in practice: most synthetic `CREATE TABLE`s must take it.

mod common;

use ismig::dialect::{Dialect, ParserKind};
use ismig::schema::split::statement_texts;
use ismig::schema::tokens::plain;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Span, Token, TokenWithSpan, Tokenizer, Whitespace};

const KINDS: [ParserKind; 5] = [
    ParserKind::MySql,
    ParserKind::PostgreSql,
    ParserKind::MsSql,
    ParserKind::Oracle,
    ParserKind::Generic,
];

/// sqlparser's tokens without its whitespace tokens, as `plain` makes them.
fn without_whitespace(tokens: Vec<TokenWithSpan>) -> Vec<(Token, Span)> {
    let mut out = Vec::new();
    for t in tokens {
        if let Token::Whitespace(w) = &t.token {
            assert!(
                matches!(w, Whitespace::Space | Whitespace::Tab | Whitespace::Newline),
                "plain made tokens for a statement with {w:?}"
            );
        } else {
            out.push((t.token, t.span));
        }
    }
    out
}

/// Checks one text in one sqlparser dialect; true if `plain` made its tokens.
fn check(kind: ParserKind, sql: &str, what: &str) -> bool {
    let d = kind.dialect();
    let Some(fast) = plain(&*d, sql) else {
        return false;
    };
    let slow = Tokenizer::new(&*d, sql)
        .tokenize_with_location()
        .unwrap_or_else(|e| panic!("{what} ({kind:?}): plain made tokens, sqlparser failed: {e}"));
    let fast_pairs: Vec<(Token, Span)> = fast.iter().map(|t| (t.token.clone(), t.span)).collect();
    assert_eq!(
        fast_pairs,
        without_whitespace(slow),
        "{what} ({kind:?}): tokens differ for {sql:?}"
    );
    let by_fast = Parser::new(&*d)
        .with_tokens_with_locations(fast)
        .parse_statements()
        .map_err(|e| e.to_string());
    let by_slow = Parser::parse_sql(&*d, sql).map_err(|e| e.to_string());
    assert_eq!(
        by_fast, by_slow,
        "{what} ({kind:?}): parsed differently for {sql:?}"
    );
    true
}

/// A `CREATE TABLE` cut after the `)` closing its column list, sizes like `2G` written as plain
/// numbers (what ismig gives the parser), or `None` for another statement.
fn column_list_part(stmt: &str) -> Option<String> {
    let upper = stmt.to_ascii_uppercase();
    let start = upper.find("CREATE TABLE")?;
    let open = start + stmt[start..].find('(')?;
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for (i, &c) in stmt.as_bytes().iter().enumerate().skip(open) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'\'' | b'"' | b'`') => quote = Some(c),
            (None, b'(') => depth += 1,
            (None, b')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(without_size_units(&stmt[start..=i]));
                }
            }
            _ => {}
        }
    }
    None
}

/// `(2G)` → `(2)`, `(1M)` → `(1)`, `(64K)` → `(64)`.
fn without_size_units(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        let unit = matches!(c, 'K' | 'M' | 'G')
            && i > 0
            && b[i - 1].is_ascii_digit()
            && b.get(i + 1) == Some(&b')');
        if !unit {
            out.push(c);
        }
    }
    out
}

/// Checks every statement of `text` and the column-list part of each `CREATE TABLE`; returns
/// (CREATE TABLEs, how many of those `plain` read).
fn check_script(dialect: Dialect, text: &str, what: &str) -> (usize, usize) {
    let rules = dialect.rules();
    let kind = rules.parser;
    let (mut creates, mut fast) = (0, 0);
    for stmt in statement_texts(text, &rules.split) {
        check(kind, stmt, what);
        if let Some(part) = column_list_part(stmt) {
            creates += 1;
            if check(kind, &part, what) {
                fast += 1;
            }
        }
    }
    (creates, fast)
}

#[test]
fn same_tokens_as_sqlparser_on_the_fixture_scripts() {
    let Some(dir) = common::wso2_fixtures("") else {
        return;
    };
    let mut scripts = 0;
    for p in common::sql_files(&dir) {
        let dialect = common::fixture_dialect(&p);
        let text = std::fs::read_to_string(&p).unwrap();
        let what = p.strip_prefix(&dir).unwrap().display().to_string();
        let (creates, _) = check_script(dialect, &text, &what);
        assert!(creates > 0, "{what}: no CREATE TABLE found");
        scripts += 1;
    }
    assert!(
        scripts >= 20,
        "expected the 5.7.0 and 5.9.0 scripts, found {scripts}"
    );
}

/// The project's own DDL: the scenarios' schemas (`tests/cases/*/schema/<dialect>.sql`, hostile
/// ones among them) and the splitter's goldens (`tests/split/<name>.<dialect>.sql`).
#[test]
fn same_tokens_as_sqlparser_on_the_test_scenarios_and_split_goldens() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut scripts = 0;
    for dir in ["cases", "split"] {
        for p in common::sql_files(&root.join(dir)) {
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            let name = stem.rsplit('.').next().unwrap_or_default();
            let dialect = Dialect::from_name(name)
                .unwrap_or_else(|| panic!("{}: no dialect in the name", p.display()));
            // some scenarios are not UTF-8 on purpose; ismig refuses those before any parse
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            check_script(dialect, &text, &p.display().to_string());
            scripts += 1;
        }
    }
    assert!(
        scripts >= 25,
        "expected the scenarios' and goldens' DDL, found {scripts}"
    );
}

#[test]
fn same_tokens_as_sqlparser_on_synthetic_schemas_and_most_take_the_fast_way() {
    for dialect in Dialect::ALL {
        let text = ismig::synth::schema_ddl(dialect, 300, 7);
        let (creates, fast) = check_script(dialect, &text, &format!("synthetic {dialect}"));
        assert_eq!(creates, 300, "{dialect}");
        assert!(
            fast * 10 >= creates * 9,
            "{dialect}: only {fast} of {creates} CREATE TABLEs tokenized by plain"
        );
    }
}

#[test]
fn same_tokens_as_sqlparser_on_edge_cases() {
    // made by plain in every dialect
    let common = [
        "CREATE TABLE t (a INT)",
        "create Table T1 (\n  A_1 varchar(255) NOT null,\n\tB INTEGER DEFAULT 0,\n  PRIMARY KEY (A_1)\n);",
        "CREATE TABLE s.t (a CHAR(1) DEFAULT 'N', b TIMESTAMP DEFAULT CURRENT_TIMESTAMP)",
        "CREATE TABLE t (a INT)\r\n;",
        "CREATE TABLE t (a INT, CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (b) ON DELETE CASCADE)",
    ];
    for kind in KINDS {
        for sql in common {
            assert!(check(kind, sql, "edge"), "{kind:?}: plain refused {sql:?}");
        }
    }
    // anything goes: plain may refuse, but what it makes must be sqlparser's
    let cases = [
        "CREATE TABLE \"T\" (\"A\" INT)",
        "CREATE TABLE [t] ([a] INT)",
        "CREATE TABLE `t` (`a` INT)",
        "CREATE TABLE \"a\"\"b\" (x INT)",
        "CREATE TABLE [a]]b] (x INT)",
        "CREATE TABLE \"a\nb\" (x INT)",
        "CREATE TABLE \"é\" (x INT)",
        "CREATE TABLE t (a VARCHAR(10) DEFAULT '')",
        "CREATE TABLE t (a VARCHAR(10) DEFAULT 'it''s')",
        "CREATE TABLE t (a VARCHAR(10) DEFAULT 'a\\b')",
        "CREATE TABLE t (a VARCHAR(10) DEFAULT 'a\nb')",
        "CREATE TABLE t (a VARCHAR(10) DEFAULT 'é')",
        "CREATE TABLE t (a VARCHAR(10) DEFAULT 'a' 'b')",
        "CREATE TABLE t (a VARCHAR(10) DEFAULT 'a'\n'b')",
        "CREATE TABLE t (a NVARCHAR(10) DEFAULT N'x')",
        "CREATE TABLE t (a BLOB DEFAULT X'0F')",
        "CREATE TABLE t (a BLOB DEFAULT x'0F')",
        "CREATE TABLE t (a TEXT DEFAULT E'x')",
        "CREATE TABLE t (a TEXT DEFAULT U&'x')",
        "CREATE TABLE t (a BIT DEFAULT B'01')",
        "CREATE TABLE t (a BIT DEFAULT b\"01\")",
        "CREATE TABLE t (a TEXT DEFAULT nq'[x]')",
        "CREATE TABLE t (a TEXT DEFAULT Q'[x]')",
        "CREATE TABLE t (a TEXT DEFAULT r'x')",
        "CREATE TABLE t (a TEXT DEFAULT \"x\")",
        "CREATE TABLE t (a DECIMAL(10,2) DEFAULT 1.5)",
        "CREATE TABLE t (a DECIMAL(10,2) DEFAULT 1.)",
        "CREATE TABLE t (a DECIMAL(10,2) DEFAULT .5)",
        "CREATE TABLE t (a FLOAT DEFAULT 1e3)",
        "CREATE TABLE t (a FLOAT DEFAULT 1E+3)",
        "CREATE TABLE t (a INT DEFAULT 0x1F)",
        "CREATE TABLE t (a INT DEFAULT 0b1)",
        "CREATE TABLE t (a INT DEFAULT 0o7)",
        "CREATE TABLE t (a LONGBLOB(2G))",
        "CREATE TABLE t (a BIGINT DEFAULT 10L)",
        "CREATE TABLE t (a INT DEFAULT 1_000)",
        "CREATE TABLE t (a INT DEFAULT -1)",
        "CREATE TABLE t (a INT DEFAULT +1)",
        "CREATE TABLE t (a INT CHECK (a = 1))",
        "CREATE TABLE t (a INT DEFAULT nextval('s'::regclass))",
        "CREATE TABLE t (a INT, b INT AS (a->b))",
        "CREATE TABLE t (a INT DEFAULT :x)",
        "CREATE TABLE t (a INT DEFAULT ?)",
        "CREATE TABLE t (a INT DEFAULT $1)",
        "CREATE TABLE t (a TEXT DEFAULT $$x$$)",
        "CREATE TABLE t (a INT DEFAULT @v)",
        "CREATE TABLE #tmp (a INT)",
        "CREATE TABLE a$b (a#b INT, c@d INT)",
        "CREATE TABLE _x (_a INT)",
        "CREATE TABLE ÄB (x INT)",
        "CREATE TABLE t (a INT) -- note",
        "CREATE TABLE t (a INT /* note */)",
        "CREATE TABLE t (a INT) /*+ hint */",
        "CREATE TABLE t (a INT)\rx",
        "CREATE TABLE t1.1 (a INT)",
        "SELECT t.1.2, a._b, (1, 2).1 FROM t",
        "SELECT 1., 1.e, 1 . 2",
        "CREATE TABLE 1a (2b INT)",
        "CREATE TABLE t (a INT DEFAULT 'abc",
        "CREATE TABLE \"abc (x INT)",
        "CREATE TABLE [abc (x INT)",
        "CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (x INT)",
        "CREATE TABLE t (a INT)\u{a0}",
        "CREATE TABLE t (a INT)\u{c}",
        "",
        "   \n ",
        ";;",
    ];
    for kind in KINDS {
        for sql in cases {
            check(kind, sql, "edge");
        }
    }
}
