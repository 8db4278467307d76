//! Attacks on the tool itself: distinctive passwords must appear nowhere (files, stdout, stderr,
//! report.json, diagnostics — also when the password's own line is in error); the output
//! directory is replaced atomically even when the writer fails at any file; oversized inputs are
//! refused without reading them whole.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use ismig::emit::{self, Writer};

const EXAMPLE: &str = "examples/is-5.7.0-to-5.9.0";
const SECRETS: [&str; 4] = [
    "Pa55-Zebra-91",
    "Url-Secret-4411",
    "xml-Secret-77",
    "Env-Secret-3131",
];

fn tmp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("ismig-sec-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&p);
    p
}

fn copy_example(to: &Path) {
    fs::create_dir_all(to.join("schema")).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    for f in [
        "sync.properties",
        "deployment.toml",
        "migration-config.yaml",
        "registry.xml",
    ] {
        fs::copy(root.join(f), to.join(f)).unwrap();
    }
    for d in ["mysql", "postgresql", "oracle", "db2", "mssql", "h2"] {
        fs::copy(
            root.join(format!("schema/{d}.sql")),
            to.join(format!("schema/{d}.sql")),
        )
        .unwrap();
    }
}

fn run(args: &[&str], env: BTreeMap<String, String>) -> (i32, String, String) {
    let args: Vec<String> = std::iter::once("ismig")
        .chain(args.iter().copied())
        .map(String::from)
        .collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = ismig::cli::run(&args, env, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn grep_tree(dir: &Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if fs::read(&p)
                .map(|b| String::from_utf8_lossy(&b).contains(needle))
                .unwrap_or(false)
            {
                hits.push(p.display().to_string());
            }
        }
    }
    hits
}

#[test]
fn passwords_never_leave_the_config_stage() {
    let dir = tmp("pw");
    copy_example(&dir);
    // literal password, a password in the URL, an env password: all must vanish
    let toml = fs::read_to_string(dir.join("deployment.toml")).unwrap();
    let toml = toml
        .replacen(
            "password = \"$env{IS_SOURCE_DB_PASSWORD}\"",
            "password = \"Pa55-Zebra-91\"",
            1,
        )
        .replacen(
            "?useSSL=true",
            "?user=a&password=Url-Secret-4411&useSSL=true",
            1,
        )
        .replacen(
            "password = \"$env{IS_TARGET_DB_PASSWORD}\"",
            "password = \"$env{TGT_PW}\"",
            1,
        );
    fs::write(dir.join("deployment.toml"), &toml).unwrap();
    let env: BTreeMap<String, String> =
        [("TGT_PW".to_string(), "Env-Secret-3131".to_string())].into();
    let out = dir.join("out");
    let d = dir.to_string_lossy().to_string();
    let o = out.to_string_lossy().to_string();
    let mut outputs = Vec::new();
    for args in [
        vec!["generate", &d, "--out", &o, "--dialect", "all"],
        vec!["validate", &d, "--format", "json"],
        vec!["explain", &d, "--format", "json"],
        vec!["explain", &d],
    ] {
        let (code, stdout, stderr) = run(&args, env.clone());
        assert_eq!(code, 0, "{args:?}: {stderr}");
        outputs.push(stdout);
        outputs.push(stderr);
    }
    // the password's own line in error: a TOML syntax error right after it
    fs::write(
        dir.join("deployment.toml"),
        toml.replacen(
            "password = \"Pa55-Zebra-91\"",
            "password = \"Pa55-Zebra-91\" oops",
            1,
        ),
    )
    .unwrap();
    for fmt in ["human", "json"] {
        let (code, stdout, stderr) = run(&["validate", &d, "--format", fmt], env.clone());
        assert_eq!(code, 1);
        assert!(
            stderr.contains("E020") || stdout.contains("E020"),
            "{stderr}{stdout}"
        );
        outputs.push(stdout);
        outputs.push(stderr);
    }
    for s in SECRETS {
        for text in &outputs {
            assert!(!text.contains(s), "{s} printed:\n{text}");
        }
        assert!(
            grep_tree(&out, s).is_empty(),
            "{s} written: {:?}",
            grep_tree(&out, s)
        );
    }
    assert!(out.join("report.json").exists());
    let report = fs::read_to_string(out.join("report.json")).unwrap();
    // the variables resolved are named, never their values (the values are grepped for above)
    assert!(
        report.contains("\"environment_variables_used\""),
        "{report}"
    );
    let _ = fs::remove_dir_all(&dir);
}

/// The texts shown under diagnostics: a file with a password is a masked copy (same length in
/// bytes, so every offset stays right, also for a password that is not ASCII), every other file (the schema DDL above all) is the input's own text,
/// not a second copy.
#[test]
fn source_map_masks_secrets_and_shares_the_rest() {
    let dir = tmp("srcmap");
    copy_example(&dir);
    let toml = fs::read_to_string(dir.join("deployment.toml")).unwrap();
    let toml = toml.replacen(
        "password = \"$env{IS_SOURCE_DB_PASSWORD}\"",
        "password = \"Pä55-Zébra-91€\"",
        1,
    );
    fs::write(dir.join("deployment.toml"), &toml).unwrap();
    let opts = ismig::input::Options {
        dialect: Some(ismig::input::DialectChoice::All),
        ..Default::default()
    };
    let env: BTreeMap<String, String> = [
        ("IS_TARGET_DB_PASSWORD".to_string(), "x".to_string()),
        ("IS_DB_PASSWORD".to_string(), "x".to_string()),
    ]
    .into();
    let a = ismig::pipeline::analyze(&dir, &opts, env);
    let deployment = a.inputs.deployment_toml.as_ref().unwrap();
    let shown = a.sources.get(&deployment.display).unwrap();
    assert!(!shown.contains("Pä55-Zébra-91€"));
    assert_eq!(shown.len(), deployment.text.len());
    assert!(deployment.text.contains("Pä55-Zébra-91€"));
    let ddl = a.inputs.schema.values().flatten().collect::<Vec<_>>();
    assert_eq!(ddl.len(), 6);
    for f in ddl {
        let shown = a.sources.get(&f.display).unwrap();
        assert!(std::ptr::eq(shown, &*f.text), "{} copied", f.display);
    }
    let _ = fs::remove_dir_all(&dir);
}

/// A writer that fails in the middle of its `n`-th file: the file is created and a few bytes
/// of it written, then the destination reports an error (a full disk, say).
struct FailAt {
    n: usize,
    seen: std::sync::atomic::AtomicUsize,
}

/// Accepts `left` bytes, then fails.
struct Short<'w> {
    inner: &'w mut dyn io::Write,
    left: usize,
}

impl io::Write for Short<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Err(io::Error::other("injected failure"));
        }
        let n = buf.len().min(self.left);
        self.left -= n;
        self.inner.write(&buf[..n])
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Writer for FailAt {
    fn write(
        &self,
        path: &Path,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let seen = self.seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        let fail = seen == self.n;
        emit::FsWriter::new(false).write(path, &mut |w| {
            if fail {
                fill(&mut Short {
                    inner: w,
                    left: 100,
                })
            } else {
                fill(w)
            }
        })
    }
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                v.push((
                    p.strip_prefix(dir).unwrap().display().to_string(),
                    fs::read(&p).unwrap(),
                ));
            }
        }
    }
    v.sort();
    v
}

#[test]
fn output_is_replaced_atomically_whatever_file_fails() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    let opts = ismig::input::Options {
        dialect: Some(ismig::input::DialectChoice::All),
        ..Default::default()
    };
    let a = ismig::pipeline::analyze(&root, &opts, BTreeMap::new());
    assert!(!a.diags.has_errors());
    let rendered = ismig::pipeline::render(&a, None).unwrap();
    let total = emit::all_files(&rendered).len();
    assert!(total > 40);

    let dir = tmp("atomic");
    let out = dir.join("out");
    // a previous, different output that must survive every failed write
    let mut older = rendered.clone();
    older
        .files
        .retain(|f| f.path.starts_with("mysql/") || f.path == "PLAN.md");
    emit::write(&older, &out, false).unwrap();
    let before = snapshot(&out);
    for n in 1..=total {
        let r = emit::write_with(
            &rendered,
            &out,
            false,
            &FailAt {
                n,
                seen: Default::default(),
            },
        );
        assert!(r.is_err(), "failure at file {n} was not reported");
        assert_eq!(
            snapshot(&out),
            before,
            "out/ changed after a failure at file {n}"
        );
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .filter(|n| n != "out")
            .collect();
        assert!(
            leftovers.is_empty(),
            "temporary directories left: {leftovers:?}"
        );
    }
    // and a write that succeeds replaces it whole
    emit::write(&rendered, &out, false).unwrap();
    assert_eq!(snapshot(&out).len(), total);
    // a failure with no previous output leaves nothing
    let fresh = dir.join("fresh");
    assert!(
        emit::write_with(
            &rendered,
            &fresh,
            false,
            &FailAt {
                n: total / 2,
                seen: Default::default(),
            }
        )
        .is_err()
    );
    assert!(!fresh.exists());
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn check_detects_a_changed_byte_and_an_extra_file() {
    let dir = tmp("check");
    let out = dir.join("out");
    let o = out.to_string_lossy().to_string();
    assert_eq!(
        run(
            &["generate", EXAMPLE, "--out", &o, "--dialect", "all"],
            BTreeMap::new()
        )
        .0,
        0
    );
    let first = snapshot(&out);
    assert_eq!(
        run(
            &["generate", EXAMPLE, "--out", &o, "--dialect", "all"],
            BTreeMap::new()
        )
        .0,
        0
    );
    assert_eq!(snapshot(&out), first, "two runs, different bytes");
    assert_eq!(
        run(
            &["check", EXAMPLE, "--out", &o, "--dialect", "all"],
            BTreeMap::new()
        )
        .0,
        0
    );
    let f = out.join("postgresql/10-sync-source-setup.sql");
    let mut bytes = fs::read(&f).unwrap();
    let i = bytes.len() / 2;
    bytes[i] = if bytes[i] == b'x' { b'y' } else { b'x' };
    fs::write(&f, &bytes).unwrap();
    let (code, stdout, _) = run(
        &["check", EXAMPLE, "--out", &o, "--dialect", "all"],
        BTreeMap::new(),
    );
    assert_eq!(code, 1);
    assert!(
        stdout.contains("postgresql/10-sync-source-setup.sql"),
        "{stdout}"
    );
    // regenerate, then an extra file is drift too
    assert_eq!(
        run(
            &["generate", EXAMPLE, "--out", &o, "--dialect", "all"],
            BTreeMap::new()
        )
        .0,
        0
    );
    fs::write(out.join("postgresql/extra.sql"), "SELECT 1;\n").unwrap();
    assert_eq!(
        run(
            &["check", EXAMPLE, "--out", &o, "--dialect", "all"],
            BTreeMap::new()
        )
        .0,
        1
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn oversized_and_special_inputs_are_refused() {
    let dir = tmp("big");
    copy_example(&dir);
    // a schema file over the input limit (sparse: nothing is really written)
    let f = fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(dir.join("schema/mysql.sql"))
        .unwrap();
    f.set_len(ismig::input::MAX_INPUT_BYTES + 1).unwrap();
    drop(f);
    let d = dir.to_string_lossy().to_string();
    let (code, _, stderr) = run(&["validate", &d], BTreeMap::new());
    assert_eq!(code, 1);
    assert!(stderr.contains("E002"), "{stderr}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_directory_is_an_input_error() {
    let (code, _, stderr) = run(&["validate", "no/such/dir"], BTreeMap::new());
    assert_eq!(code, 1);
    assert!(stderr.contains("E002"), "{stderr}");
}

/// `--fsync` changes when the files reach the disk, not what they hold: the same bytes as a run
/// without it, and a `check` that passes against either.
#[test]
fn fsync_writes_the_same_bytes() {
    let dir = tmp("fsync");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    let root = root.to_string_lossy().to_string();
    let env: BTreeMap<String, String> = [
        ("IS_SOURCE_DB_PASSWORD", "x"),
        ("IS_TARGET_DB_PASSWORD", "x"),
        ("IS_DB_PASSWORD", "x"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let (plain, synced) = (dir.join("plain"), dir.join("synced"));
    let plain_s = plain.to_string_lossy().to_string();
    let synced_s = synced.to_string_lossy().to_string();
    let (code, _, err) = run(
        &["generate", &root, "--dialect", "all", "--out", &plain_s],
        env.clone(),
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(
        &[
            "generate",
            &root,
            "--dialect",
            "all",
            "--out",
            &synced_s,
            "--fsync",
        ],
        env.clone(),
    );
    assert_eq!(code, 0, "{err}");
    let a = snapshot(&plain);
    assert!(a.len() > 40, "{} files", a.len());
    assert_eq!(a, snapshot(&synced));
    let (code, out, err) = run(
        &["check", &root, "--dialect", "all", "--out", &synced_s],
        env,
    );
    assert_eq!(code, 0, "{out}{err}");
    let _ = fs::remove_dir_all(&dir);
}

/// `ismig init` copies WSO2's files as they are (their passwords stay where the IS keeps them),
/// but prints none and writes none into the files it makes; what it assembles generates without
/// one either.
#[test]
fn init_writes_and_prints_no_password() {
    let root = tmp("init");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/wso2");
    let old = root.join("old");
    fs::create_dir_all(old.join("repository/conf/datasources")).unwrap();
    fs::create_dir_all(old.join("dbscripts/identity")).unwrap();
    let xml =
        fs::read_to_string(fixtures.join("config/master-datasources-dbseperated-is-5.7.0.xml"))
            .unwrap()
            .replace(
                "<password>wso2carbon</password>",
                "<password>xml-Secret-77</password>",
            );
    assert!(xml.contains("xml-Secret-77"));
    fs::write(
        old.join("repository/conf/datasources/master-datasources.xml"),
        xml,
    )
    .unwrap();
    fs::copy(
        example.join("registry.xml"),
        old.join("repository/conf/registry.xml"),
    )
    .unwrap();
    fs::copy(
        example.join("schema/mysql.sql"),
        old.join("dbscripts/identity/mysql.sql"),
    )
    .unwrap();
    let new = root.join("new");
    fs::create_dir_all(new.join("repository/conf")).unwrap();
    let toml = fs::read_to_string(example.join("deployment.toml"))
        .unwrap()
        .replacen(
            "password = \"$env{IS_SOURCE_DB_PASSWORD}\"",
            "password = \"Pa55-Zebra-91\"",
            1,
        )
        .replacen(
            "?useSSL=true",
            "?user=a&password=Url-Secret-4411&useSSL=true",
            1,
        );
    fs::write(new.join("repository/conf/deployment.toml"), toml).unwrap();
    let res = root.join("migration-resources");
    fs::create_dir_all(&res).unwrap();
    fs::copy(
        example.join("migration-config.yaml"),
        res.join("migration-config.yaml"),
    )
    .unwrap();

    let dir = root.join("m");
    let out = root.join("out");
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let (d, o) = (s(&dir), s(&out));
    let (code, stdout, stderr) = run(
        &[
            "init",
            &d,
            "--old-is",
            &s(&old),
            "--new-is",
            &s(&new),
            "--migration-resources",
            &s(&res),
        ],
        BTreeMap::new(),
    );
    assert!(stdout.contains("sync.properties"), "{stdout}{stderr}");
    let mut outputs = vec![stdout, stderr];
    assert!(code == 0 || code == 1, "{outputs:?}");
    let (code, stdout, stderr) = run(&["generate", &d, "--out", &o], BTreeMap::new());
    assert_eq!(code, 0, "{stdout}{stderr}");
    outputs.push(stdout);
    outputs.push(stderr);
    let made = [
        fs::read_to_string(dir.join("sync.properties")).unwrap(),
        fs::read_to_string(dir.join("SCHEMA-DUMP.md")).unwrap(),
    ];
    for secret in ["xml-Secret-77", "Pa55-Zebra-91", "Url-Secret-4411"] {
        for text in outputs.iter().chain(&made) {
            assert!(!text.contains(secret), "{secret} in:\n{text}");
        }
        assert!(grep_tree(&out, secret).is_empty(), "{secret} generated");
    }
    // WSO2's own files are copied as they are
    assert!(!grep_tree(&dir, "Pa55-Zebra-91").is_empty());
    let _ = fs::remove_dir_all(&root);
}
