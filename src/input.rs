//! Reading a migration directory from disk into [`Inputs`]: the only place (with `emit`) that
//! touches the file system. Every later stage is pure and works on these texts.
//! Defined outcomes for hostile files: missing, a directory where a file is expected, unreadable,
//! larger than [`MAX_INPUT_BYTES`], binary (NUL bytes), not UTF-8 (Latin-1 …), a symlink that
//! leaves the directory — each is a coded diagnostic, never a panic. A UTF-8 BOM is removed and
//! CRLF is kept (readers accept both).
//!
//! Display paths are `DIR/NAME` with `DIR` exactly as the user gave it (relative stays relative)
//! and `/` as the separator on every OS, so that diagnostics and report.json are the same
//! everywhere.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::source::{SourceFile, location_in};

/// Inputs larger than this are refused (E002): a real schema dump is a few MB.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// The file names of a migration directory.
pub const SYNC_PROPERTIES: &str = "sync.properties";
pub const DEPLOYMENT_TOML: &str = "deployment.toml";
pub const MASTER_DATASOURCES: &str = "master-datasources.xml";
pub const MIGRATION_CONFIG: &str = "migration-config.yaml";
pub const REGISTRY_XML: &str = "registry.xml";
/// The schema DDL folder of a migration directory (`DIR/schema/<dialect>.sql`).
pub const SCHEMA_DIR: &str = "schema";
/// The migration client's folder in a migration directory (`DIR/migration-resources/`).
pub const MIGRATION_RESOURCES: &str = "migration-resources";

/// What the user asked on the command line that changes how inputs are read or used.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `--dialect D|all`; None = take each side's dialect from its JDBC URL.
    pub dialect: Option<DialectChoice>,
    /// `--schema PATH`: a file, or a directory in `<dialect>.sql` or `dbscripts/identity/<dialect>.sql` layout.
    pub schema: Option<PathBuf>,
    /// `--client PROFILE` (e.g. `ssms` instead of `sqlcmd`).
    pub client: Option<String>,
    /// `--registry-cleanup` (true) / `--no-registry-cleanup` (false); None = decide from registry.xml.
    pub registry_cleanup: Option<bool>,
    /// `--db2-schema NAME`: the DB2 schema of the identity tables when the JDBC URL has none.
    pub db2_schema: Option<String>,
    /// `--migration-resources PATH`: the migration client's folder; None = `DIR/migration-resources/`
    /// when it exists.
    pub migration_resources: Option<PathBuf>,
    /// `--dbscript-variant NAME` (e.g. `mysql-cluster-5.7`, `postgresql+9.6`, `oracle_rac`): the
    /// dbscript file a DBA chooses where the migration client leaves the choice to them.
    pub dbscript_variants: Vec<String>,
    /// `--schema-after PATH`: the fresh-install DDL of the version migrated to, in the forms of
    /// `--schema`; the post-migration schema check compares the migrated target with it.
    pub schema_after: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialectChoice {
    One(Dialect),
    All,
}

impl DialectChoice {
    /// The one dialect chosen, if one is.
    pub fn one(self) -> Option<Dialect> {
        match self {
            DialectChoice::One(d) => Some(d),
            DialectChoice::All => None,
        }
    }
    /// The dialects chosen.
    pub fn dialects(self) -> Vec<Dialect> {
        match self {
            DialectChoice::One(d) => vec![d],
            DialectChoice::All => Dialect::ALL.to_vec(),
        }
    }
}

/// Every text ismig will use, read once.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// How the migration directory is shown in diagnostics (as the user gave it).
    pub dir_display: String,
    pub sync_properties: Option<SourceFile>,
    pub deployment_toml: Option<SourceFile>,
    pub master_datasources: Option<SourceFile>,
    pub migration_config: Option<SourceFile>,
    pub registry_xml: Option<SourceFile>,
    /// Schema DDL per dialect found (in dialect order).
    pub schema: BTreeMap<Dialect, Vec<SourceFile>>,
    /// `--schema FILE` whose name names no dialect, without `--dialect`: it is the DDL of the
    /// datasources' dialects, which only the configuration knows (`pipeline` files it under them).
    pub schema_of_datasources: Option<SourceFile>,
    /// `--schema-after` DDL per dialect (in dialect order).
    pub schema_after: BTreeMap<Dialect, Vec<SourceFile>>,
    /// `--schema-after FILE` whose name names no dialect, without `--dialect` (as
    /// `schema_of_datasources`).
    pub schema_after_of_datasources: Option<SourceFile>,
    /// Reading `--schema-after` was already reported as a problem (no dialect lacking its DDL
    /// needs reporting again).
    pub schema_after_failed: bool,
    /// A snapshot of the environment, for `$env{NAME}` placeholders (taken by the CLI).
    pub env: BTreeMap<String, String>,
    /// Files that exist but could not be used (already reported by `read_dir`): the config stage
    /// does not report them again as missing.
    pub unreadable: Vec<String>,
    /// The migration directory itself could be read (else nothing else is worth reporting).
    pub dir_readable: bool,
    /// The migration client's folder, when given or found.
    pub migration_resources: Option<MigrationResources>,
}

/// The migration client's `migration-resources` folder: its migration-config.yaml and every
/// dbscript under `<version>/dbscripts/<location>/<schema>/<file>.sql`.
#[derive(Clone, Debug, Default)]
pub struct MigrationResources {
    /// How the folder is shown (as given, or `DIR/migration-resources`).
    pub display: String,
    pub config: Option<SourceFile>,
    /// Each dbscript with its path relative to the folder (`5.9.0/dbscripts/step1/identity/h2.sql`),
    /// sorted by that path.
    pub scripts: Vec<(String, SourceFile)>,
}

impl MigrationResources {
    /// The dbscript at `rel` (relative to the folder), if it was read.
    pub fn script(&self, rel: &str) -> Option<&SourceFile> {
        self.scripts
            .binary_search_by(|(p, _)| p.as_str().cmp(rel))
            .ok()
            .map(|i| &self.scripts[i].1)
    }
}

impl Inputs {
    /// All input files with their hashes, in a stable order: the configuration files, then the
    /// schema DDL.
    pub fn files(&self) -> Vec<&SourceFile> {
        let mut v = self.config_files();
        for files in self.schema.values() {
            v.extend(files.iter());
        }
        v.extend(self.schema_of_datasources.iter());
        for files in self.schema_after.values() {
            v.extend(files.iter());
        }
        v.extend(self.schema_after_of_datasources.iter());
        v
    }

    /// The configuration files (not the schema DDL), in a stable order.
    pub fn config_files(&self) -> Vec<&SourceFile> {
        [
            &self.sync_properties,
            &self.deployment_toml,
            &self.master_datasources,
            &self.migration_config,
            &self.registry_xml,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// A path as shown in diagnostics: as given, with `/` separators and no trailing `/`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let t = s.trim_end_matches('/');
    if t.is_empty() {
        if s.is_empty() {
            ".".to_string()
        } else {
            "/".to_string()
        }
    } else {
        t.to_string()
    }
}

fn join_display(dir: &str, name: &str) -> String {
    if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// Reads the migration directory `dir`. Missing optional files are simply absent; which files
/// are required is decided by `config` (it knows what the run needs).
///
/// A `--schema` file whose name is not `<dialect>.sql` is filed under the dialect(s) in use:
/// `--dialect X` gives X; otherwise the configuration read here is built once (pure) to learn
/// the dialects of the two datasources.
pub fn read_dir(
    dir: &Path,
    opts: &Options,
    env: BTreeMap<String, String>,
) -> (Inputs, Diagnostics) {
    let mut diags = Diagnostics::new();
    let dir_display = display_path(dir);
    let mut inputs = Inputs {
        dir_display: dir_display.clone(),
        env,
        ..Inputs::default()
    };
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            diags.push(
                Diagnostic::error(
                    "E002",
                    format!("{dir_display} is not a directory: give the migration directory"),
                )
                .hint("ismig validate DIR, where DIR holds sync.properties"),
            );
            return (inputs, diags);
        }
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    "E002",
                    format!(
                        "cannot read the migration directory {dir_display}: {}",
                        io_reason(&e)
                    ),
                )
                .hint("ismig validate DIR, where DIR holds sync.properties"),
            );
            return (inputs, diags);
        }
    }
    inputs.dir_readable = true;
    let root = fs::canonicalize(dir).ok();
    let mut unreadable = Vec::new();
    let mut read = |name: &str| -> Option<SourceFile> {
        let display = join_display(&dir_display, name);
        match read_file(&dir.join(name), &display, root.as_deref()) {
            Ok(f) => f,
            Err(d) => {
                diags.push(d);
                unreadable.push(name.to_string());
                None
            }
        }
    };
    inputs.sync_properties = read(SYNC_PROPERTIES);
    inputs.deployment_toml = read(DEPLOYMENT_TOML);
    inputs.master_datasources = read(MASTER_DATASOURCES);
    inputs.migration_config = read(MIGRATION_CONFIG);
    inputs.registry_xml = read(REGISTRY_XML);
    inputs.unreadable = unreadable;

    let only = opts.dialect.and_then(DialectChoice::one);
    match &opts.schema {
        None => {
            let sdir = dir.join(SCHEMA_DIR);
            let sdisplay = join_display(&dir_display, SCHEMA_DIR);
            if let Ok(m) = fs::symlink_metadata(&sdir) {
                if m.is_dir() || m.file_type().is_symlink() {
                    read_schema_dir(
                        &sdir,
                        &sdisplay,
                        root.as_deref(),
                        only,
                        &mut inputs.schema,
                        &mut diags,
                        false,
                    );
                } else {
                    diags.push(Diagnostic::error(
                        "E002",
                        format!("{sdisplay} is not a directory: schema DDL goes in {sdisplay}/<dialect>.sql"),
                    ));
                }
            }
        }
        Some(path) => read_schema_option(
            "--schema",
            path,
            opts,
            &mut inputs.schema,
            &mut inputs.schema_of_datasources,
            &mut diags,
        ),
    }
    if let Some(path) = &opts.schema_after {
        let before = diags.len();
        read_schema_option(
            "--schema-after",
            path,
            opts,
            &mut inputs.schema_after,
            &mut inputs.schema_after_of_datasources,
            &mut diags,
        );
        inputs.schema_after_failed = diags.len() > before;
    }
    match &opts.migration_resources {
        Some(path) => {
            inputs.migration_resources =
                read_migration_resources(path, &display_path(path), None, true, &mut diags);
        }
        None => {
            let mdir = dir.join(MIGRATION_RESOURCES);
            if mdir.is_dir() {
                let display = join_display(&dir_display, MIGRATION_RESOURCES);
                inputs.migration_resources =
                    read_migration_resources(&mdir, &display, root.as_deref(), false, &mut diags);
            }
        }
    }
    (inputs, diags)
}

/// Sorted names of the entries of `dir` that are directories (none when it cannot be read).
fn sub_dirs(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Reads the migration client's folder: `migration-config.yaml` and every
/// `<version>/dbscripts/<location>/<schema>/*.sql`. `given`: named with `--migration-resources`
/// (a missing folder is an error).
fn read_migration_resources(
    dir: &Path,
    display: &str,
    root: Option<&Path>,
    given: bool,
    diags: &mut Diagnostics,
) -> Option<MigrationResources> {
    if !dir.is_dir() {
        if given {
            diags.push(
                Diagnostic::error(
                    "E001",
                    format!("--migration-resources {display} is not a directory"),
                )
                .hint("give the migration client's migration-resources folder (it holds migration-config.yaml and <version>/dbscripts/)"),
            );
        }
        return None;
    }
    let root = root
        .map(Path::to_path_buf)
        .or_else(|| fs::canonicalize(dir).ok());
    let mut res = MigrationResources {
        display: display.to_string(),
        ..MigrationResources::default()
    };
    match read_file(
        &dir.join(MIGRATION_CONFIG),
        &join_display(display, MIGRATION_CONFIG),
        root.as_deref(),
    ) {
        Ok(f) => res.config = f,
        Err(d) => diags.push(d),
    }
    for version in sub_dirs(dir) {
        let scripts = dir.join(&version).join("dbscripts");
        for location in sub_dirs(&scripts) {
            for schema in sub_dirs(&scripts.join(&location)) {
                let sdir = scripts.join(&location).join(&schema);
                let mut names: Vec<String> = fs::read_dir(&sdir)
                    .map(|rd| {
                        rd.flatten()
                            .filter_map(|e| e.file_name().to_str().map(str::to_string))
                            .filter(|n| n.ends_with(".sql"))
                            .collect()
                    })
                    .unwrap_or_default();
                names.sort();
                for name in names {
                    let rel = format!("{version}/dbscripts/{location}/{schema}/{name}");
                    match read_file(
                        &sdir.join(&name),
                        &join_display(display, &rel),
                        root.as_deref(),
                    ) {
                        Ok(Some(f)) => res.scripts.push((rel, f)),
                        Ok(None) => {}
                        Err(d) => diags.push(d),
                    }
                }
            }
        }
    }
    res.scripts.sort_by(|a, b| a.0.cmp(&b.0));
    Some(res)
}

/// Reads `--schema PATH` or `--schema-after PATH` (`flag`; a file or a directory) into `schema`
/// (a file that names no dialect, without `--dialect`: into `of_datasources`).
fn read_schema_option(
    flag: &str,
    path: &Path,
    opts: &Options,
    schema: &mut BTreeMap<Dialect, Vec<SourceFile>>,
    of_datasources: &mut Option<SourceFile>,
    diags: &mut Diagnostics,
) {
    let display = display_path(path);
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            diags.push(
                Diagnostic::error("E001", format!("{flag} {display} does not exist"))
                    .hint("give a .sql file, or a directory holding <dialect>.sql or dbscripts/identity/<dialect>.sql"),
            );
            return;
        }
        Err(e) => {
            diags.push(Diagnostic::error(
                "E002",
                format!("cannot read {flag} {display}: {}", io_reason(&e)),
            ));
            return;
        }
    };
    if meta.is_dir() {
        let root = fs::canonicalize(path).ok();
        let only = opts.dialect.and_then(DialectChoice::one);
        read_schema_dir(path, &display, root.as_deref(), only, schema, diags, true);
        return;
    }
    let file = match read_file(path, &display, None) {
        Ok(Some(f)) => f,
        Ok(None) => {
            diags.push(Diagnostic::error(
                "E001",
                format!("{flag} {display} does not exist"),
            ));
            return;
        }
        Err(d) => {
            diags.push(d);
            return;
        }
    };
    let named = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".sql"))
        .and_then(Dialect::from_name);
    let dialects: Vec<Dialect> = match (named, opts.dialect) {
        (Some(d), _) => vec![d],
        (None, Some(DialectChoice::One(d))) => vec![d],
        (None, Some(DialectChoice::All)) => {
            diags.push(
                Diagnostic::error(
                    "E004",
                    format!("--dialect all needs one schema file per dialect, but {flag} {display} is a single file"),
                )
                .hint("give a directory holding <dialect>.sql for all six dialects"),
            );
            return;
        }
        (None, None) => {
            *of_datasources = Some(file);
            return;
        }
    };
    for d in dialects {
        schema.entry(d).or_default().push(file.clone());
    }
}

/// Reads schema DDL from a directory in one of the layouts `<dialect>.sql`,
/// `dbscripts/identity/<dialect>.sql` or `identity/<dialect>.sql` (the first layout holding any
/// file wins). `only`: the one dialect `--dialect` names (the others' files are not read).
/// `required`: an empty directory is an error (it was named with `--schema`).
fn read_schema_dir(
    dir: &Path,
    display: &str,
    root: Option<&Path>,
    only: Option<Dialect>,
    schema: &mut BTreeMap<Dialect, Vec<SourceFile>>,
    diags: &mut Diagnostics,
    required: bool,
) {
    for layout in ["", "dbscripts/identity/", "identity/"] {
        let mut found = false;
        for d in Dialect::ALL {
            let rel = format!("{layout}{}.sql", d.name());
            let p = dir.join(&rel);
            if fs::symlink_metadata(&p).is_err() {
                continue;
            }
            found = true;
            if only.is_some_and(|o| o != d) {
                continue; // `--dialect` names another dialect: not an input of this run
            }
            match read_file(&p, &join_display(display, &rel), root) {
                Ok(Some(f)) => schema.entry(d).or_default().push(f),
                Ok(None) => {}
                Err(e) => diags.push(e),
            }
        }
        if found {
            return;
        }
    }
    if required {
        diags.push(
            Diagnostic::error("E001", format!("no schema DDL file in {display}"))
                .hint("expected <dialect>.sql, dbscripts/identity/<dialect>.sql or identity/<dialect>.sql, dialects: oracle, db2, mssql, mysql, postgresql, h2"),
        );
    }
}

fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "not found".into(),
        K::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

// A Diagnostic is a plain value built once per failed file; boxing it buys nothing here.
#[allow(clippy::result_large_err)]
/// Reads one file. `Ok(None)`: it does not exist. `root`: when given, a symlink whose target
/// resolves outside it is refused (E003).
pub fn read_file(
    path: &Path,
    display: &str,
    root: Option<&Path>,
) -> Result<Option<SourceFile>, Diagnostic> {
    let lmeta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Diagnostic::error(
                "E002",
                format!("cannot read {display}: {}", io_reason(&e)),
            ));
        }
    };
    if lmeta.file_type().is_symlink() {
        let target = fs::canonicalize(path).map_err(|e| {
            Diagnostic::error(
                "E002",
                format!(
                    "{display} is a symbolic link that cannot be followed: {}",
                    io_reason(&e)
                ),
            )
        })?;
        if let Some(root) = root {
            if !target.starts_with(root) {
                return Err(Diagnostic::error(
                    "E003",
                    format!(
                        "{display} is a symbolic link to a file outside the migration directory"
                    ),
                )
                .hint("copy the file into the migration directory instead of linking it"));
            }
        }
    }
    let meta = fs::metadata(path).map_err(|e| {
        Diagnostic::error("E002", format!("cannot read {display}: {}", io_reason(&e)))
    })?;
    if meta.is_dir() {
        return Err(Diagnostic::error(
            "E002",
            format!("{display} is a directory, not a file"),
        ));
    }
    if !meta.is_file() {
        return Err(Diagnostic::error(
            "E002",
            format!("{display} is not a regular file (device, pipe or socket)"),
        ));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large(display));
    }
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| {
            Diagnostic::error("E002", format!("cannot read {display}: {}", io_reason(&e)))
        })?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(display));
    }
    decode(display, &bytes).map(Some)
}

fn too_large(display: &str) -> Diagnostic {
    Diagnostic::error(
        "E002",
        format!(
            "{display} is larger than {} MiB",
            MAX_INPUT_BYTES / 1024 / 1024
        ),
    )
    .hint("a schema needs only the CREATE statements: dump it without data (mysqldump --no-data, pg_dump -s)")
}

pub use crate::source::sha256_hex;

#[allow(clippy::result_large_err)]
/// Turns the raw bytes of a file into a [`SourceFile`]: refuses binary (NUL) and non-UTF-8
/// content, removes a UTF-8 BOM, hashes the raw bytes.
pub fn decode(display: &str, bytes: &[u8]) -> Result<SourceFile, Diagnostic> {
    check_text(display, bytes).map(|text| SourceFile::new(display, text, sha256_hex(bytes)))
}

/// The text of a file's bytes: no NUL byte, valid UTF-8, a leading BOM removed.
#[allow(clippy::result_large_err)]
fn check_text<'b>(display: &str, bytes: &'b [u8]) -> Result<&'b str, Diagnostic> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(pos) = body.iter().position(|&b| b == 0) {
        let prefix = String::from_utf8_lossy(&body[..pos]);
        let loc = location_in(display, &prefix, prefix.len(), 0);
        return Err(Diagnostic::error(
            "E002",
            format!("{display} is a binary file (NUL byte at byte {pos})"),
        )
        .at(loc)
        .hint("give the text file (a .sql script or the IS configuration file)"));
    }
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text),
        Err(e) => {
            let good = e.valid_up_to();
            // The prefix is valid UTF-8 by construction.
            let prefix = std::str::from_utf8(&body[..good]).unwrap_or("");
            let mut loc = location_in(display, prefix, prefix.len(), 0);
            loc.len = 1;
            let raw_offset = good + (bytes.len() - body.len());
            Err(Diagnostic::error(
                "E002",
                format!(
                    "{display} is not UTF-8: byte {raw_offset} (0x{:02X}) at {}:{} is not valid UTF-8",
                    body[good], loc.line, loc.column
                ),
            )
            .at(loc)
            .hint("save the file as UTF-8"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_files_are_decoded_as_small_ones() {
        for size in [100, (1 << 20) + 10] {
            let mut raw = b"\xEF\xBB\xBF".to_vec();
            while raw.len() < size {
                raw.extend_from_slice("CREATE TABLE É (A INT);\n".as_bytes());
            }
            let f = decode("big.sql", &raw).expect("valid");
            assert_eq!(f.sha256, sha256_hex(&raw));
            assert_eq!(f.text.len(), raw.len() - 3);
            let mut nul = raw.clone();
            nul[size - 5] = 0;
            let e = decode("big.sql", &nul).expect_err("NUL");
            assert!(
                e.message
                    .contains(&format!("NUL byte at byte {}", size - 8)),
                "{}",
                e.message
            );
            let mut latin = raw.clone();
            latin[size - 5] = 0xE9;
            assert!(
                decode("big.sql", &latin)
                    .expect_err("latin-1")
                    .message
                    .contains("not UTF-8")
            );
        }
    }

    #[test]
    fn decode_strips_bom_and_hashes_raw_bytes() {
        let raw = b"\xEF\xBB\xBFa=b\r\n";
        let f = decode("d/x", raw).unwrap();
        assert_eq!(&*f.text, "a=b\r\n");
        assert_eq!(f.sha256, sha256_hex(raw));
        assert_eq!(f.sha256.len(), 64);
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn decode_refuses_latin1_with_position() {
        let d = decode("d/x", b"a=1\nb=caf\xE9\n").unwrap_err();
        assert_eq!(d.code, "E002");
        let l = d.location.unwrap();
        assert_eq!((l.line, l.column), (2, 6));
        assert!(d.message.contains("2:6"), "{}", d.message);
        assert_eq!(d.hint.as_deref(), Some("save the file as UTF-8"));
    }

    #[test]
    fn decode_refuses_binary() {
        let d = decode("d/x", b"ab\0cd").unwrap_err();
        assert_eq!(d.code, "E002");
        assert!(d.message.contains("binary file"));
    }

    #[test]
    fn display_paths_keep_what_was_given() {
        assert_eq!(display_path(Path::new("mig/")), "mig");
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(
            join_display("mig", "sync.properties"),
            "mig/sync.properties"
        );
    }
}
