//! sqlparser's tokens for a plain statement, made without sqlparser's tokenizer. Tokenizing is
//! more than half of what sqlparser spends on a `CREATE TABLE` (it reads a character at a time,
//! asks the dialect about each one, makes a token of every blank and looks every word up among
//! its keywords by binary search, upper-casing the word again at each step). [`plain`] makes the
//! same tokens in one byte loop for a statement made only of what it knows exactly — ASCII
//! words, numbers of digits only, quoted identifiers and strings without escapes, `( ) , . ;` and
//! blanks — and returns `None` for anything else (a comment, an operator, a prefixed string such
//! as `N'…'`, a number like `1.5` or `2G`, a `$`, any non-ASCII byte, …): the caller then lets
//! sqlparser tokenize, so a statement outside the subset is read exactly as before.
//!
//! The tokens are sqlparser's, with the same spans, but without its whitespace tokens (one per
//! blank character). Its parser skips whitespace, except to read a comment (an optimizer hint),
//! a placeholder or a hyphenated name right after `:`, `@` or `-`, and string literals on
//! separate lines as one (a dialect ismig does not use): none of those is in the subset, so it
//! reads both the same. `tests/tokens.rs` compares the two, tokens and parse, on every statement
//! of the fixtures, the test scenarios, the splitter's goldens and the synthetic schemas, and on
//! edge cases.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use sqlparser::dialect::Dialect;
use sqlparser::keywords::{ALL_KEYWORDS, ALL_KEYWORDS_INDEX, Keyword};
use sqlparser::tokenizer::{Location, Span, Token, TokenWithSpan, Word};

/// The tokens sqlparser's tokenizer makes of `sql` for `dialect` (but its whitespace, see the
/// module), or `None` when `sql` holds anything outside the subset this reads exactly.
pub fn plain(dialect: &dyn Dialect, sql: &str) -> Option<Vec<TokenWithSpan>> {
    // the one dialect whose parser reads blanks: string literals on separate lines are one
    if dialect.supports_string_literal_concatenation_with_newline() {
        return None;
    }
    let b = sql.as_bytes();
    let n = b.len();
    // about one token per 4 to 5 bytes in DDL: room for one per 3, so the vector is not grown
    let mut out = Vec::with_capacity(n / 3 + 8);
    let mut asked = Asked::new(dialect);
    let mut i = 0;
    // line (1-based) and the byte offset where it starts: every byte is ASCII, so a column is
    // a byte offset (a `\r` counts as a column, as in sqlparser)
    let mut line = 1u64;
    let mut line_start = 0usize;
    let at =
        |line: u64, line_start: usize, i: usize| Location::new(line, (i - line_start + 1) as u64);
    while i < n {
        let c = b[i];
        let start = at(line, line_start, i);
        let token = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                if c == b'\n' {
                    line += 1;
                    line_start = i + 1;
                }
                i += 1;
                continue;
            }
            b'(' => one(&mut i, Token::LParen),
            b')' => one(&mut i, Token::RParen),
            b',' => one(&mut i, Token::Comma),
            b';' => one(&mut i, Token::SemiColon),
            // a period before a digit or `_` starts a number or a field access
            b'.' if !matches!(b.get(i + 1), Some(c) if c.is_ascii_digit() || *c == b'_') => {
                one(&mut i, Token::Period)
            }
            b'0'..=b'9' => {
                let from = i;
                while i < n && b[i].is_ascii_digit() {
                    i += 1;
                }
                // `1.5`, `1.`, `1e3`, `0x1F`, `2G`, `10L`, `1_000` and the like are left to
                // sqlparser
                if b.get(i) == Some(&b'.') || !ends_token(b.get(i)) {
                    return None;
                }
                Token::Number(sql[from..i].to_string(), false)
            }
            c if c.is_ascii_alphabetic() && asked.start(c) => {
                let from = i;
                while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    if !asked.part(b[i]) {
                        return None;
                    }
                    i += 1;
                }
                // a prefixed literal (`N'…'`, `X'…'`, `E'…'`, `U&'…'`, `Q'…'`, `B"…"`), or a
                // character the dialect may take into a word (`$`, `#`, `@`, non-ASCII)
                if !ends_token(b.get(i)) {
                    return None;
                }
                let word = &sql[from..i];
                Token::Word(Word {
                    keyword: keyword(word)?,
                    value: word.to_string(),
                    quote_style: None,
                })
            }
            b'"' | b'`' | b'[' if dialect.is_delimited_identifier_start(char::from(c)) => {
                let close = if c == b'[' { b']' } else { c };
                let from = i + 1;
                let len = memchr::memchr(close, b.get(from..)?)?;
                let to = from + len;
                // a doubled closing quote is an escape; a line break or a non-ASCII character
                // would move the line or column count
                if b.get(to + 1) == Some(&close)
                    || !b[from..to].is_ascii()
                    || memchr::memchr2(b'\n', b'\r', &b[from..to]).is_some()
                {
                    return None;
                }
                i = to + 1;
                Token::Word(Word {
                    keyword: Keyword::NoKeyword,
                    value: sql[from..to].to_string(),
                    quote_style: Some(char::from(c)),
                })
            }
            b'\'' => {
                let from = i + 1;
                let len = memchr::memchr(b'\'', b.get(from..)?)?;
                let to = from + len;
                // `''` (empty, or a triple quote), a doubled quote, a backslash (an escape in
                // some dialects), a line break or non-ASCII: left to sqlparser
                if len == 0
                    || b.get(to + 1) == Some(&b'\'')
                    || !b[from..to].is_ascii()
                    || memchr::memchr3(b'\\', b'\n', b'\r', &b[from..to]).is_some()
                {
                    return None;
                }
                i = to + 1;
                Token::SingleQuotedString(sql[from..to].to_string())
            }
            _ => return None,
        };
        let end = at(line, line_start, i);
        out.push(TokenWithSpan::new(token, Span::new(start, end)));
    }
    Some(out)
}

/// The dialect's answers for ASCII bytes, each asked once per statement (a word's every byte
/// would otherwise be a call through the dialect's vtable).
struct Asked<'d> {
    dialect: &'d dyn Dialect,
    start: Memo,
    part: Memo,
}

/// One question's answers by byte: bit `c` of `known` says whether `yes` holds the answer for `c`.
#[derive(Default)]
struct Memo {
    known: u128,
    yes: u128,
}

impl Memo {
    fn get(&mut self, c: u8, ask: impl FnOnce(char) -> bool) -> bool {
        let bit = 1u128 << (c & 127);
        if self.known & bit == 0 {
            self.known |= bit;
            if ask(char::from(c)) {
                self.yes |= bit;
            }
        }
        self.yes & bit != 0
    }
}

impl<'d> Asked<'d> {
    fn new(dialect: &'d dyn Dialect) -> Self {
        Asked {
            dialect,
            start: Memo::default(),
            part: Memo::default(),
        }
    }
    /// `dialect.is_identifier_start(c)` for an ASCII byte.
    fn start(&mut self, c: u8) -> bool {
        let d = self.dialect;
        self.start.get(c, |c| d.is_identifier_start(c))
    }
    /// `dialect.is_identifier_part(c)` for an ASCII byte.
    fn part(&mut self, c: u8) -> bool {
        let d = self.dialect;
        self.part.get(c, |c| d.is_identifier_part(c))
    }
}

/// Moves past a one-byte token.
fn one(i: &mut usize, t: Token) -> Token {
    *i += 1;
    t
}

/// After a word or a number, the next byte must be one that cannot continue it or prefix a
/// literal in any dialect.
fn ends_token(next: Option<&u8>) -> bool {
    match next {
        None => true,
        Some(c) => matches!(
            c,
            b' ' | b'\t' | b'\n' | b'\r' | b'(' | b')' | b',' | b';' | b'.'
        ),
    }
}

/// The keyword a word is, as sqlparser looks it up (case-insensitive exact match among its
/// keywords); `None` for a word too long for the buffer (no keyword is; left to sqlparser).
fn keyword(word: &str) -> Option<Keyword> {
    let mut buf = [0u8; 64];
    let up = buf.get_mut(..word.len())?;
    up.copy_from_slice(word.as_bytes());
    up.make_ascii_uppercase();
    let up = std::str::from_utf8(up).ok()?;
    Some(keywords().get(up).copied().unwrap_or(Keyword::NoKeyword))
}

/// sqlparser's keywords by their upper-case text, made once.
fn keywords() -> &'static FxHashMap<&'static str, Keyword> {
    static KEYWORDS: OnceLock<FxHashMap<&'static str, Keyword>> = OnceLock::new();
    KEYWORDS.get_or_init(|| {
        ALL_KEYWORDS
            .iter()
            .copied()
            .zip(ALL_KEYWORDS_INDEX.iter().copied())
            .collect()
    })
}
