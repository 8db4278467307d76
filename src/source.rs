//! Input texts as read from disk, with their display paths and the offset → line:column mapping
//! every diagnostic uses. Owns nothing else: reading files is `input`'s job.

use crate::diag::Location;

/// One input file's text. `display` is the path as shown in diagnostics (relative to where the
/// user pointed ismig), never an absolute machine path unless the user gave one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    pub display: String,
    pub text: String,
    /// sha256 of the bytes read (hex), for provenance headers and report.json.
    pub sha256: String,
}

impl SourceFile {
    pub fn new(
        display: impl Into<String>,
        text: impl Into<String>,
        sha256: impl Into<String>,
    ) -> Self {
        SourceFile {
            display: display.into(),
            text: text.into(),
            sha256: sha256.into(),
        }
    }

    /// Location of a byte span. Offsets past the end are clamped; columns count characters.
    pub fn location(&self, offset: usize, len: usize) -> Location {
        location_in(&self.display, &self.text, offset, len)
    }

    /// Location of the first occurrence of `needle` at or after `from`, or of `from` itself.
    pub fn location_of(&self, needle: &str, from: usize) -> Location {
        let from = clamp_to_char(&self.text, from);
        match self.text[from..].find(needle) {
            Some(i) => self.location(from + i, needle.len()),
            None => self.location(from, 0),
        }
    }
}

/// Location of a byte span in `text`.
pub fn location_in(display: &str, text: &str, offset: usize, len: usize) -> Location {
    let offset = clamp_to_char(text, offset);
    let before = &text[..offset];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text[line_start..offset].chars().count() + 1;
    let len = len.min(text.len() - offset);
    Location {
        file: display.to_string(),
        line,
        column,
        offset,
        len,
    }
}

/// Byte offset of the start of 1-based `line`, column 1 (or the end of text).
pub fn line_offset(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    let mut seen = 1;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            seen += 1;
            if seen == line {
                return i + 1;
            }
        }
    }
    text.len()
}

fn clamp_to_char(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let f = SourceFile::new("a.txt", "ab\ncdé\nx", "");
        let l = f.location(5, 2);
        assert_eq!((l.line, l.column), (2, 3));
        assert_eq!(f.location(0, 0).line, 1);
        assert_eq!(f.location(999, 1).line, 3);
        assert_eq!(line_offset("a\nb\nc", 3), 4);
    }
}
