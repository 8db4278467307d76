//! The `emit` stage, the only writer. Writes a run's [`Files`] into the output directory
//! atomically: every file goes into a temporary directory beside `out/`, then one rename swaps it
//! in, so a failure at any point (a full disk, a template bug found mid-file) leaves the previous
//! `out/` (or nothing) — never a mix. Files are rendered straight into the file being written
//! (through a buffer that also computes the manifest's sha256), one at a time: a run never holds
//! its output in memory. Refuses to replace a directory holding files ismig did not write
//! (unless forced), and any path that would leave the output directory. Also `check`: compare
//! `out/` with what the inputs generate.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use sha2::Digest as _;

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::{Output, Rendered};

/// Name of the manifest file.
pub const MANIFEST: &str = "MANIFEST.sha256";

pub use crate::source::sha256_hex;

/// What a run writes: its files' paths (relative, `/`-separated, sorted, the manifest excluded)
/// and a way to write each one.
pub trait Files {
    fn paths(&self) -> Vec<String>;
    /// Writes file `i` (in [`Files::paths`] order) into `w`.
    fn write_file(&self, i: usize, w: &mut dyn io::Write) -> io::Result<()>;
}

impl Files for Rendered {
    fn paths(&self) -> Vec<String> {
        self.files.iter().map(|f| f.path.clone()).collect()
    }
    fn write_file(&self, i: usize, w: &mut dyn io::Write) -> io::Result<()> {
        match self.files.get(i) {
            Some(f) => w.write_all(&f.bytes),
            None => Ok(()),
        }
    }
}

impl Files for Output<'_> {
    fn paths(&self) -> Vec<String> {
        Output::paths(self).map(str::to_string).collect()
    }
    fn write_file(&self, i: usize, w: &mut dyn io::Write) -> io::Result<()> {
        Output::write_file(self, i, w, None).map_err(|e| match e {
            crate::render::WriteError::Io(e) => e,
            other => io::Error::other(other.to_string()),
        })
    }
}

/// Passes bytes on and hashes them.
struct Hashing<'w> {
    inner: &'w mut dyn io::Write,
    hasher: sha2::Sha256,
}

impl io::Write for Hashing<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn hex(digest: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 15)] as char);
    }
    s
}

/// Writes file `i` of `files` into `w` through a 64 KiB buffer; returns its sha256.
fn write_hashed(files: &dyn Files, i: usize, w: &mut dyn io::Write) -> io::Result<String> {
    let mut h = Hashing {
        inner: w,
        hasher: sha2::Sha256::new(),
    };
    {
        let mut buf = io::BufWriter::with_capacity(64 * 1024, &mut h);
        files.write_file(i, &mut buf)?;
        buf.flush()?;
    }
    Ok(hex(&h.hasher.finalize()))
}

/// The manifest: `<sha256>  <path>` per file, sorted by path (`sha256sum -c` reads it).
fn manifest_of(mut lines: Vec<(String, String)>) -> String {
    lines.sort_by(|a, b| a.0.cmp(&b.0));
    let mut s = String::new();
    for (path, hash) in lines {
        s.push_str(&hash);
        s.push_str("  ");
        s.push_str(&path);
        s.push('\n');
    }
    s
}

/// The manifest of a run rendered in memory.
pub fn manifest(rendered: &Rendered) -> String {
    manifest_of(
        rendered
            .files
            .iter()
            .map(|f| (f.path.clone(), sha256_hex(&f.bytes)))
            .collect(),
    )
}

/// Every file of a run rendered in memory, with the manifest added, sorted by path.
pub fn all_files(rendered: &Rendered) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = rendered
        .files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.clone()))
        .collect();
    v.push((MANIFEST.to_string(), manifest(rendered).into_bytes()));
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// Where files go; tests swap in a writer that fails at a chosen file.
pub trait Writer {
    /// Creates `path` (which must not exist yet; its directory does) and fills it by calling
    /// `fill` once.
    fn write(
        &self,
        path: &Path,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()>;
    /// Called once after the last `write`, before the output directory is swapped in.
    fn finish(&self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes real files. With `sync`, every file is flushed to disk at [`Writer::finish`] (one
/// pass after all are written, so the file system can batch them), before the rename makes the
/// directory visible; without it the rename is still atomic for every reader, but a power loss
/// right after a run may lose what the kernel had not yet written.
#[derive(Default)]
pub struct FsWriter {
    sync: bool,
    written: std::cell::RefCell<Vec<fs::File>>,
}

impl FsWriter {
    pub fn new(sync: bool) -> Self {
        FsWriter {
            sync,
            written: std::cell::RefCell::new(Vec::new()),
        }
    }
}

impl Writer for FsWriter {
    fn write(
        &self,
        path: &Path,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        fill(&mut f)?;
        if self.sync {
            self.written.borrow_mut().push(f);
        }
        Ok(())
    }
    fn finish(&self) -> io::Result<()> {
        let files = self.written.take();
        for f in files {
            f.sync_all()?;
        }
        Ok(())
    }
}

fn safe_relative(p: &str) -> bool {
    let path = Path::new(p);
    !p.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Lists the regular files under `dir`, relative, `/`-separated, sorted.
fn list_files(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in fs::read_dir(dir.join(&rel))? {
            let entry = entry?;
            let name = entry.file_name();
            let r = rel.join(&name);
            let ft = entry.file_type()?;
            if ft.is_dir() {
                stack.push(r);
            } else {
                out.push(r.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// True when `dir` holds only files listed in its own MANIFEST.sha256 (or nothing).
fn written_by_ismig(dir: &Path) -> io::Result<Result<(), String>> {
    let files = list_files(dir)?;
    if files.is_empty() {
        return Ok(Ok(()));
    }
    let manifest = match fs::read_to_string(dir.join(MANIFEST)) {
        Ok(m) => m,
        Err(_) => return Ok(Err(format!("it has no {MANIFEST} (e.g. {})", files[0]))),
    };
    let listed: Vec<&str> = manifest.lines().filter_map(|l| l.get(66..)).collect();
    for f in &files {
        if f != MANIFEST && !listed.contains(&f.as_str()) {
            return Ok(Err(format!("{f} is not in its {MANIFEST}")));
        }
    }
    Ok(Ok(()))
}

/// Writes every file of `files` under `dir`, in `paths` order, and returns their sha256. The
/// first failure stops the run and is returned.
fn write_all(
    files: &dyn Files,
    paths: &[String],
    dir: &Path,
    writer: &dyn Writer,
) -> io::Result<Vec<String>> {
    let mut hashes = Vec::with_capacity(paths.len());
    for (i, p) in paths.iter().enumerate() {
        let path = dir.join(p);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut hash = String::new();
        writer.write(&path, &mut |w| {
            hash = write_hashed(files, i, w)?;
            Ok(())
        })?;
        hashes.push(hash);
    }
    Ok(hashes)
}

/// Writes a run into `out` atomically. `force` replaces a directory ismig did not write.
/// Returns the paths written, the manifest included, sorted.
pub fn write(files: &dyn Files, out: &Path, force: bool) -> Result<Vec<String>, Diagnostics> {
    write_with(files, out, force, &FsWriter::default())
}

/// [`write()`] with a chosen writer (fault-injection tests).
pub fn write_with(
    files: &dyn Files,
    out: &Path,
    force: bool,
    writer: &dyn Writer,
) -> Result<Vec<String>, Diagnostics> {
    let err = |code: &'static str, msg: String, hint: &str| {
        Diagnostics::from(Diagnostic::error(code, msg).hint(hint.to_string()))
    };
    let shown = out.display().to_string();
    let paths = files.paths();
    for p in &paths {
        if !safe_relative(p) {
            return Err(err(
                "E090",
                format!("refusing to write {p:?}: outside the output directory"),
                "this is a bug in ismig",
            ));
        }
    }
    let meta = fs::symlink_metadata(out);
    let exists = meta.is_ok();
    if let Ok(m) = &meta {
        if !m.is_dir() {
            return Err(err(
                "E090",
                format!("output {shown} exists and is not a directory"),
                "choose another --out",
            ));
        }
        if !force {
            match written_by_ismig(out) {
                Ok(Ok(())) => {}
                Ok(Err(why)) => {
                    return Err(err(
                        "E091",
                        format!("output directory {shown} holds files ismig did not write: {why}"),
                        "choose another --out, or give --force to replace the directory",
                    ));
                }
                Err(e) => {
                    return Err(err(
                        "E090",
                        format!("cannot read output directory {shown}: {e}"),
                        "check its permissions",
                    ));
                }
            }
        }
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "out".to_string());
    let tmp = parent.join(format!(".{base}.ismig-new-{}", std::process::id()));
    let old = parent.join(format!(".{base}.ismig-old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    let result = (|| -> io::Result<()> {
        fs::create_dir_all(&tmp)?;
        let hashes = write_all(files, &paths, &tmp, writer)?;
        let manifest = manifest_of(paths.iter().cloned().zip(hashes).collect());
        writer.write(&tmp.join(MANIFEST), &mut |w| {
            w.write_all(manifest.as_bytes())
        })?;
        writer.finish()?;
        if exists {
            fs::rename(out, &old)?;
            if let Err(e) = fs::rename(&tmp, out) {
                let _ = fs::rename(&old, out);
                return Err(e);
            }
            // best effort: after the swap nothing of the old directory is needed
            let _ = fs::remove_dir_all(&old);
        } else {
            fs::rename(&tmp, out)?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => {
            let mut written = paths;
            written.push(MANIFEST.to_string());
            written.sort();
            Ok(written)
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            Err(err(
                "E090",
                format!("cannot write output directory {shown}: {e}"),
                "nothing was changed in it; check the path and permissions",
            ))
        }
    }
}

/// Compares `out` with a run (rendering one file at a time). Returns a unified diff of every
/// difference (empty when equal).
pub fn check(files: &dyn Files, out: &Path) -> Result<String, Diagnostics> {
    let present = match list_files(out) {
        Ok(v) => v,
        Err(e) => {
            return Err(Diagnostics::from(
                Diagnostic::error(
                    "E090",
                    format!("cannot read output directory {}: {e}", out.display()),
                )
                .hint("run `ismig generate` first"),
            ));
        }
    };
    let paths = files.paths();
    let mut diffs: Vec<(String, String)> = Vec::new();
    let mut hashes = Vec::with_capacity(paths.len());
    for (i, p) in paths.iter().enumerate() {
        let mut bytes = Vec::new();
        if let Err(e) = files.write_file(i, &mut bytes) {
            return Err(Diagnostics::from(Diagnostic::error(
                "E090",
                format!("rendering {p} failed: {e}"),
            )));
        }
        hashes.push((p.clone(), sha256_hex(&bytes)));
        diffs.push((p.clone(), diff_one(out, p, &bytes)));
    }
    let manifest = manifest_of(hashes);
    diffs.push((
        MANIFEST.to_string(),
        diff_one(out, MANIFEST, manifest.as_bytes()),
    ));
    diffs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut diff: String = diffs.into_iter().map(|(_, d)| d).collect();
    for p in present {
        if p != MANIFEST && !paths.contains(&p) {
            diff.push_str(&format!(
                "--- out/{p}\n+++ generated/{p}\n@@ not generated by these inputs @@\n"
            ));
        }
    }
    Ok(diff)
}

/// The unified diff of `out/p` against `bytes` (empty when equal).
fn diff_one(out: &Path, p: &str, bytes: &[u8]) -> String {
    match fs::read(out.join(p)) {
        Ok(actual) if actual.as_slice() == bytes => String::new(),
        Ok(actual) => {
            let a = String::from_utf8_lossy(&actual);
            let b = String::from_utf8_lossy(bytes);
            let d = similar::TextDiff::from_lines(a.as_ref(), b.as_ref());
            d.unified_diff()
                .context_radius(3)
                .header(&format!("out/{p}"), &format!("generated/{p}"))
                .to_string()
        }
        Err(_) => format!("--- out/{p}\n+++ generated/{p}\n@@ missing in out/ @@\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::OutputFile;

    fn files(sizes: &[(&str, usize, u8)]) -> Rendered {
        Rendered {
            files: sizes
                .iter()
                .map(|&(path, n, b)| OutputFile {
                    path: path.to_string(),
                    bytes: vec![b; n],
                    statements: Vec::new(),
                    dialect: None,
                    client: None,
                })
                .collect(),
        }
    }

    fn leftovers(parent: &Path) -> Vec<String> {
        fs::read_dir(parent)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().to_string())
                    .filter(|n| n != "out")
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn a_replaced_output_is_removed_whole() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("out");
        let large = files(&[
            ("a/big.sql", 3 << 20, b'a'),
            ("a/mid.sql", 2 << 20, b'b'),
            ("b/x.sql", 10, b'c'),
            ("PLAN.md", 100, b'd'),
        ]);
        let small = files(&[("a/one.sql", 10, b'e'), ("PLAN.md", 5, b'f')]);
        for (old, new) in [(&large, &small), (&small, &large), (&large, &large)] {
            write(old, &out, false).expect("first write");
            let written = write(new, &out, false).expect("replacing write");
            assert_eq!(list_files(&out).expect("listed"), written);
            for f in &new.files {
                assert_eq!(fs::read(out.join(&f.path)).ok().as_ref(), Some(&f.bytes));
            }
            assert!(
                leftovers(tmp.path()).is_empty(),
                "{:?}",
                leftovers(tmp.path())
            );
        }
    }
}
