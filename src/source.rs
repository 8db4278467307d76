//! Input texts as read from disk, with their display paths and the offset → line:column mapping
//! every diagnostic uses, and the sha256 of input and output bytes. Reading files is `input`'s job.

use std::sync::{Arc, OnceLock};

use crate::diag::Location;

/// Hex sha256 of bytes (input hashes in headers and report.json, the output manifest).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// One input file's text. `display` is the path as shown in diagnostics (relative to where the
/// user pointed ismig), never an absolute machine path unless the user gave one.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Shared with the [`Location`]s in this file.
    pub display: Arc<str>,
    /// Shared, not copied: the [`SourceMap`](crate::diag::SourceMap) that shows lines under
    /// diagnostics holds the same text when the file has no secret to mask.
    pub text: Arc<str>,
    /// sha256 of the bytes read (hex), for provenance headers and report.json.
    pub sha256: String,
    /// Byte offsets of line starts, built on the first [`SourceFile::location`]: one location is
    /// then a binary search, not a scan from the start (a schema of 10,000 tables asks 10,000).
    /// `text` is not changed after reading (nothing in ismig does).
    /// `u32`: inputs are at most [`MAX_INPUT_BYTES`](crate::input::MAX_INPUT_BYTES) (64 MiB).
    lines: OnceLock<Vec<u32>>,
}

impl PartialEq for SourceFile {
    fn eq(&self, other: &Self) -> bool {
        self.display == other.display && self.text == other.text && self.sha256 == other.sha256
    }
}
impl Eq for SourceFile {}

impl SourceFile {
    pub fn new(
        display: impl Into<Arc<str>>,
        text: impl Into<Arc<str>>,
        sha256: impl Into<String>,
    ) -> Self {
        SourceFile {
            display: display.into(),
            text: text.into(),
            sha256: sha256.into(),
            lines: OnceLock::new(),
        }
    }

    /// Makes the line index [`SourceFile::location`] uses, if not made yet: a caller with a
    /// moment to spare (the schema reader, while the configuration is read) makes it ahead.
    pub fn index_lines(&self) -> &[u32] {
        self.lines.get_or_init(|| line_starts(&self.text))
    }

    /// Location of a byte span. Offsets past the end are clamped; columns count characters.
    /// Same result as [`location_in`], through a line index built once per file.
    pub fn location(&self, offset: usize, len: usize) -> Location {
        let text = &self.text;
        let lines = self.index_lines();
        let offset = clamp_to_char(text, offset);
        // number of line starts at or before offset (line_starts always holds 0)
        let line = lines.partition_point(|s| *s as usize <= offset).max(1);
        let line_start = lines.get(line - 1).map_or(0, |s| *s as usize);
        let column = text[line_start..offset].chars().count() + 1;
        Location {
            file: self.display.clone(),
            line,
            column,
            offset,
            len: len.min(text.len() - offset),
        }
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
        file: display.into(),
        line,
        column,
        offset,
        len,
    }
}

/// Byte offsets where lines start (after each `\n`), beginning with 0. Offsets past `u32` (a
/// text larger than any input ismig reads) end the index there: later lines then count as the
/// last one indexed, never a wrong panic.
fn line_starts(text: &str) -> Vec<u32> {
    let mut v = vec![0];
    for (i, _) in text.match_indices('\n') {
        match u32::try_from(i + 1) {
            Ok(start) => v.push(start),
            Err(_) => break,
        }
    }
    v
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

    #[test]
    fn indexed_locations_match_the_scan() {
        let text = "ab\ncdé\n\nxyz\r\nlast é line\n";
        let f = SourceFile::new("a.txt", text, "");
        for off in 0..=text.len() + 2 {
            for len in [0, 1, 3] {
                assert_eq!(
                    f.location(off, len),
                    location_in("a.txt", text, off, len),
                    "{off}"
                );
            }
        }
    }
}
