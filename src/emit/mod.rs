//! The `emit` stage, the only writer. Writes a [`Rendered`] into the output directory atomically:
//! every file goes into a temporary directory beside `out/`, then one rename swaps it in, so a
//! failure at any point leaves the previous `out/` (or nothing) — never a mix. Refuses to replace
//! a directory holding files ismig did not write (unless forced), and any path that would leave
//! the output directory. Also `check`: compare `out/` with what the inputs generate.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::Rendered;

/// Name of the manifest file.
pub const MANIFEST: &str = "MANIFEST.sha256";

pub use crate::source::sha256_hex;

/// The manifest: `<sha256>  <path>` per file, sorted by path (`sha256sum -c` reads it).
pub fn manifest(rendered: &Rendered) -> String {
    let mut lines: Vec<String> = rendered
        .files
        .iter()
        .map(|f| format!("{}  {}", sha256_hex(&f.bytes), f.path))
        .collect();
    lines.sort_by(|a, b| a[66..].cmp(&b[66..]));
    lines.join("\n") + "\n"
}

/// Every file of a run with the manifest added, sorted by path.
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

/// [`all_files`] borrowing the rendered bytes (a run's output is not copied to be written).
fn all_files_ref(rendered: &Rendered) -> Vec<(String, std::borrow::Cow<'_, [u8]>)> {
    let mut v: Vec<(String, std::borrow::Cow<'_, [u8]>)> = rendered
        .files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.as_slice().into()))
        .collect();
    v.push((MANIFEST.to_string(), manifest(rendered).into_bytes().into()));
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// Where files go; tests swap in a writer that fails at a chosen file.
pub trait Writer {
    fn write(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Called once after the last `write`, before the output directory is swapped in.
    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes real files (created new, flushed and synced).
pub struct FsWriter;

/// Creates `path` (and its directory), which must not exist yet, and writes `bytes` into it.
fn create_file(path: &Path, bytes: &[u8]) -> io::Result<fs::File> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    Ok(f)
}

impl Writer for FsWriter {
    fn write(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        create_file(path, bytes)?.sync_all()
    }
}

/// Writes real files and syncs them all at [`Writer::finish`], not one by one: the first sync
/// flushes the journal with every file's data, so a run pays about one disk flush, not one per
/// file (a 4-table migration writes ~45 files). Same guarantee as [`FsWriter`] before the rename.
#[derive(Default)]
pub struct BatchWriter {
    written: Vec<fs::File>,
}

impl Writer for BatchWriter {
    fn write(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let f = create_file(path, bytes)?;
        self.written.push(f);
        Ok(())
    }
    fn finish(&mut self) -> io::Result<()> {
        for f in self.written.drain(..) {
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

/// Writes a run into `out` atomically. `force` replaces a directory ismig did not write.
pub fn write(rendered: &Rendered, out: &Path, force: bool) -> Result<Vec<String>, Diagnostics> {
    write_with(rendered, out, force, &mut BatchWriter::default())
}

/// [`write`] with a chosen writer (fault-injection tests).
pub fn write_with(
    rendered: &Rendered,
    out: &Path,
    force: bool,
    writer: &mut dyn Writer,
) -> Result<Vec<String>, Diagnostics> {
    let err = |code: &'static str, msg: String, hint: &str| {
        Diagnostics::from(Diagnostic::error(code, msg).hint(hint.to_string()))
    };
    let shown = out.display().to_string();
    let files = all_files_ref(rendered);
    for (p, _) in &files {
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
        for (p, bytes) in &files {
            writer.write(&tmp.join(p), bytes)?;
        }
        writer.finish()?;
        if exists {
            fs::rename(out, &old)?;
            if let Err(e) = fs::rename(&tmp, out) {
                let _ = fs::rename(&old, out);
                return Err(e);
            }
            let _ = fs::remove_dir_all(&old);
        } else {
            fs::rename(&tmp, out)?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok(files.into_iter().map(|(p, _)| p).collect()),
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

/// Compares `out` with a run. Returns a unified diff of every difference (empty when equal).
pub fn check(rendered: &Rendered, out: &Path) -> Result<String, Diagnostics> {
    let expected = all_files_ref(rendered);
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
    let mut diff = String::new();
    for (p, bytes) in &expected {
        match fs::read(out.join(p)) {
            Ok(actual) if actual.as_slice() == bytes.as_ref() => {}
            Ok(actual) => {
                let a = String::from_utf8_lossy(&actual);
                let b = String::from_utf8_lossy(bytes);
                let d = similar::TextDiff::from_lines(a.as_ref(), b.as_ref());
                diff.push_str(
                    &d.unified_diff()
                        .context_radius(3)
                        .header(&format!("out/{p}"), &format!("generated/{p}"))
                        .to_string(),
                );
            }
            Err(_) => diff.push_str(&format!(
                "--- out/{p}\n+++ generated/{p}\n@@ missing in out/ @@\n"
            )),
        }
    }
    for p in present {
        if !expected.iter().any(|(e, _)| *e == p) {
            diff.push_str(&format!(
                "--- out/{p}\n+++ generated/{p}\n@@ not generated by these inputs @@\n"
            ));
        }
    }
    Ok(diff)
}
