//! `cargo bench --bench generate` (or `ci/bench.sh`): one table of end-to-end timings.
//!
//! For N = 4 (the example migration), 100, 1,000 and 10,000 synthetic tables (`tests/common/synth.rs`),
//! one dialect (postgresql) and all six, it measures in the same run:
//! - the floor: reading the DDL and parsing it statement by statement (ismig's splitter +
//!   `sqlparser::parser::Parser::parse_sql` per statement), nothing else;
//! - `ismig generate` in-process (analyze + render + emit into a temp dir), with the peak heap
//!   (a counting global allocator);
//! - `ismig generate` as a process (the release binary next to this bench), with the peak RSS
//!   (`/usr/bin/time -f %M`, when present);
//! - the six WSO2 IS 5.7.0 identity scripts (`../shared/fixtures/wso2/is-5.7.0/<d>/identity.sql`
//!   beside the repository; skipped when missing) as a process;
//! - sqlglot transpiling the 10,000-table DDL, when `SQLGLOT_PYTHON` names a Python that has it,
//!   compared with ismig reading the same DDL file (one dialect) and with ismig reading all six.
//!
//! Times are medians (of 15 runs, 5 at N = 10,000, unless `BENCH_REPS` says). The floor and the
//! in-process run are each timed inside a fresh process of this bench (a fresh heap, as the
//! binary has), in turn, so that their ratio holds while the machine's speed drifts (see
//! `paired`). `BENCH_SIZES=100,1000` and `BENCH_REPS=3` narrow a run.

#[path = "../tests/common/synth.rs"]
mod synth;

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use ismig::dialect::Dialect;
use ismig::input::{DialectChoice, Options};

/// Counts live heap bytes and their peak, while [`COUNTING`] is on (only for the run that
/// measures the heap: the accounting would slow the timed runs down).
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
static COUNTING: AtomicBool = AtomicBool::new(false);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            let size = l.size() as isize;
            let now = LIVE.fetch_add(size, Ordering::Relaxed) + size;
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() && COUNTING.load(Ordering::Relaxed) {
            if new >= l.size() {
                let grow = (new - l.size()) as isize;
                let now = LIVE.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub((l.size() - new) as isize, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const SEED: u64 = 20_240_607;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn time<F: FnMut()>(reps: usize, mut f: F) -> Duration {
    median(
        (0..reps)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

/// The floor: read each DDL file, split with ismig's rules, parse every statement alone.
fn floor(dir: &Path, dialects: &[Dialect]) -> usize {
    let mut parsed = 0;
    for d in dialects {
        let text = std::fs::read_to_string(dir.join("schema").join(format!("{d}.sql")))
            .unwrap_or_default();
        let rules = d.rules();
        let sqlp = rules.parser.dialect();
        for st in ismig::schema::split::statement_texts(&text, &rules.split) {
            if let Ok(v) = sqlparser::parser::Parser::parse_sql(&*sqlp, st) {
                parsed += v.len();
            }
        }
    }
    parsed
}

/// One run as the binary makes it. The analysis is returned and dropped by the caller after its
/// clock stops (not leaked: a heap grown by every earlier run would slow whatever runs next, the
/// floor too).
fn in_process(dir: &Path, choice: DialectChoice, out: &Path) -> ismig::pipeline::Analysis {
    let opts = Options {
        dialect: Some(choice),
        ..Options::default()
    };
    let env: BTreeMap<String, String> = [
        "IS_DB_PASSWORD",
        "IS_SOURCE_DB_PASSWORD",
        "IS_TARGET_DB_PASSWORD",
    ]
    .into_iter()
    .map(|k| (k.to_string(), "x".to_string()))
    .collect();
    let a = ismig::pipeline::analyze(dir, &opts, env);
    assert!(
        !a.diags.has_errors(),
        "analysis failed for {}",
        dir.display()
    );
    let o = ismig::pipeline::output(&a, None).unwrap_or_else(|_| panic!("render failed"));
    ismig::emit::write(&o, out, true).unwrap_or_else(|_| panic!("emit failed"));
    drop(o);
    a
}

fn process_cmd(bin: &Path, dir: &Path, dialect: &str, out: &Path) -> Command {
    let mut c = Command::new(bin);
    c.arg("generate")
        .arg(dir)
        .args(["--dialect", dialect, "--force", "--out"])
        .arg(out)
        .env("IS_DB_PASSWORD", "x")
        .env("IS_SOURCE_DB_PASSWORD", "x")
        .env("IS_TARGET_DB_PASSWORD", "x")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn process(bin: &Path, dir: &Path, dialect: &str, out: &Path) {
    let st = process_cmd(bin, dir, dialect, out)
        .status()
        .expect("run ismig");
    assert!(st.success(), "ismig generate {} failed", dir.display());
}

/// CPU time (user + system) this process has used so far, in ms, threads included (from
/// /proc/self/stat, in clock ticks of 10 ms: averaged over repetitions it is precise enough).
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // fields after the command name (which is in parentheses and may hold spaces)
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line: 12 and 13 after the name
    (ticks(11) + ticks(12)) * 10.0
}

/// Set in a child run of this bench: what it times once (`floor` or `ismig`), printing the wall
/// time in µs.
const CHILD: &str = "ISMIG_BENCH_CHILD";

/// One timed run in a fresh process of this bench ([`CHILD`] says what; the clock runs inside
/// it, around the work only): a fresh heap, as the binary's own process has, for the floor and
/// ismig alike. A run in this process would inherit a heap grown, or cut up, by every run before
/// it (an ismig run leaves ~30 MB of freed or leaked memory at N = 10,000, which slowed the floor
/// runs after it by 5–30 %).
fn fresh(what: &str, dir: &Path, label: &str, out: &Path) -> Duration {
    let exe = std::env::current_exe().expect("current exe");
    let o = Command::new(exe)
        .env(CHILD, what)
        .arg(dir)
        .arg(label)
        .arg(out)
        .output()
        .expect("child run");
    assert!(
        o.status.success(),
        "{what} run failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let us: u64 = String::from_utf8_lossy(&o.stdout)
        .trim()
        .parse()
        .expect("the child's time");
    Duration::from_micros(us)
}

/// A child run (see [`fresh`]): `args` are the migration directory, `postgresql` or `all`, and
/// the output directory.
fn child(what: &str) {
    let args: Vec<String> = std::env::args().collect();
    let (dir, label, out) = match &args[..] {
        [_, dir, label, out, ..] => (Path::new(dir), label.as_str(), Path::new(out)),
        _ => panic!("child run: DIR LABEL OUT expected"),
    };
    let (choice, dialects) = if label == "all" {
        (DialectChoice::All, &Dialect::ALL[..])
    } else {
        (
            DialectChoice::One(Dialect::Postgresql),
            &[Dialect::Postgresql][..],
        )
    };
    let t = Instant::now();
    if what == "floor" {
        std::hint::black_box(floor(dir, dialects));
    } else {
        // the clock stops before the analysis is freed (the process column includes freeing it)
        std::mem::forget(in_process(dir, choice, out));
    }
    println!("{}", t.elapsed().as_micros());
}

/// Medians of `reps` runs of the floor and of ismig, each in a fresh process ([`fresh`]), in turn
/// (floor, ismig, floor, …): a shared machine's speed drifts within a run, and the two are
/// compared as a ratio, so each pair sees the machine as it is at that moment.
fn paired(reps: usize, dir: &Path, label: &str, out: &Path) -> (Duration, Duration) {
    let (mut a, mut b) = (Vec::with_capacity(reps), Vec::with_capacity(reps));
    for _ in 0..reps {
        a.push(fresh("floor", dir, label, out));
        b.push(fresh("ismig", dir, label, out));
    }
    (median(a), median(b))
}

/// CPU time of one run of `f`, the mean of enough runs to span at least 300 ms
/// (at least `reps`; the clock ticks are 10 ms); `wall` is one run's wall time. The runs'
/// results are dropped after the clock is read.
fn cpu_per_run<F: FnMut() -> T, T>(reps: usize, wall: Duration, mut f: F) -> f64 {
    let runs = ((0.3 / wall.as_secs_f64().max(1e-4)).ceil() as usize).clamp(reps, 300);
    let mut kept = Vec::with_capacity(runs);
    let c = cpu_ms();
    for _ in 0..runs {
        kept.push(f());
    }
    let cpu = (cpu_ms() - c) / runs as f64;
    drop(kept);
    cpu
}

/// Peak RSS of one process run in MB, through `/usr/bin/time -f %M` (KB).
fn peak_rss(bin: &Path, dir: &Path, dialect: &str, out: &Path) -> Option<f64> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return None;
    }
    let inner = process_cmd(bin, dir, dialect, out);
    let mut c = Command::new(time);
    c.arg("-f").arg("%M").arg(inner.get_program());
    c.args(inner.get_args());
    c.env("IS_DB_PASSWORD", "x")
        .env("IS_SOURCE_DB_PASSWORD", "x")
        .env("IS_TARGET_DB_PASSWORD", "x")
        .stdout(Stdio::null());
    let o = c.output().ok()?;
    let err = String::from_utf8_lossy(&o.stderr);
    let kb: f64 = err.lines().last()?.trim().parse().ok()?;
    Some(kb / 1024.0)
}

fn copy_example(from: &Path, to: &Path, with_schema: bool) {
    std::fs::create_dir_all(to.join("schema")).expect("mkdir");
    for f in [
        "sync.properties",
        "deployment.toml",
        "migration-config.yaml",
        "registry.xml",
    ] {
        std::fs::copy(from.join(f), to.join(f)).expect("copy example");
    }
    if with_schema {
        for d in Dialect::ALL {
            let s = format!("{d}.sql");
            std::fs::copy(from.join("schema").join(&s), to.join("schema").join(&s))
                .expect("copy schema");
        }
    }
}

struct Row {
    case: String,
    n: String,
    dialects: &'static str,
    floor: Option<f64>,
    inproc: Option<f64>,
    /// CPU time of the in-process runs (user + system).
    cpu: Option<f64>,
    heap: Option<f64>,
    proc_: Option<f64>,
    rss: Option<f64>,
}

fn cell(v: Option<f64>, prec: usize) -> String {
    v.map_or("–".to_string(), |x| format!("{x:.prec$}"))
}

fn main() {
    if let Ok(what) = std::env::var(CHILD) {
        return child(&what);
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let example = repo.join("examples/is-5.7.0-to-5.9.0");
    let bin = std::env::var_os("ISMIG_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let exe = std::env::current_exe().expect("current exe");
            // target/release/deps/generate-… → target/release/ismig
            exe.parent()
                .and_then(Path::parent)
                .map(|p| p.join("ismig"))
                .expect("release dir")
        });
    assert!(
        bin.exists(),
        "{} missing: cargo build --release first",
        bin.display()
    );
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![4, 100, 1000, 10_000]);
    let reps_env: Option<usize> = std::env::var("BENCH_REPS")
        .ok()
        .and_then(|s| s.parse().ok());
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut rows: Vec<Row> = Vec::new();
    let mut one: BTreeMap<usize, (f64, f64)> = BTreeMap::new(); // N → (floor, in-process), postgresql
    let mut all10k: Option<f64> = None; // in-process, all six dialects, N = 10,000
    let mut notes: Vec<String> = Vec::new();

    for &n in &sizes {
        let dir = tmp.path().join(format!("m{n}"));
        if n == 4 {
            copy_example(&example, &dir, true);
        } else {
            synth::write_dir(&dir, n, SEED, &Dialect::ALL, Dialect::Postgresql)
                .expect("write synthetic migration");
        }
        // enough runs that a median is steady on a shared machine
        let reps = reps_env.unwrap_or(if n >= 10_000 { 5 } else { 15 });
        for (label, choice) in [
            ("postgresql", DialectChoice::One(Dialect::Postgresql)),
            ("all", DialectChoice::All),
        ] {
            let out = tmp.path().join(format!("out-{n}-{label}"));
            drop(in_process(&dir, choice, &out)); // warm the page cache
            let (fl, ip) = paired(reps, &dir, label, &out);
            let cpu = cpu_per_run(reps, ip, || in_process(&dir, choice, &out));
            // only the run's own allocations and frees are counted
            LIVE.store(0, Ordering::Relaxed);
            PEAK.store(0, Ordering::Relaxed);
            COUNTING.store(true, Ordering::SeqCst);
            let counted = in_process(&dir, choice, &out);
            COUNTING.store(false, Ordering::SeqCst);
            drop(counted);
            let heap = PEAK.load(Ordering::Relaxed).max(0) as f64 / 1048576.0;
            let pr = time(reps, || process(&bin, &dir, label, &out));
            let rss = peak_rss(&bin, &dir, label, &out);
            if label == "postgresql" {
                one.insert(n, (ms(fl), ms(ip)));
            } else if n == 10_000 {
                all10k = Some(ms(ip));
            }
            rows.push(Row {
                case: if n == 4 {
                    "example is-5.7.0-to-5.9.0".into()
                } else {
                    "synthetic".into()
                },
                n: n.to_string(),
                dialects: if label == "all" {
                    "all 6"
                } else {
                    "postgresql"
                },
                floor: Some(ms(fl)),
                inproc: Some(ms(ip)),
                cpu: Some(cpu),
                heap: Some(heap),
                proc_: Some(ms(pr)),
                rss,
            });
        }
        if n == 10_000 {
            sqlglot(&dir, &mut rows, &mut notes);
        }
    }

    // The six WSO2 IS 5.7.0 identity scripts, as a process.
    let fixtures = repo.join("../shared/fixtures/wso2/is-5.7.0");
    if Dialect::ALL
        .iter()
        .all(|d| fixtures.join(d.name()).join("identity.sql").exists())
    {
        let dir = tmp.path().join("wso2-570");
        copy_example(&example, &dir, false);
        for d in Dialect::ALL {
            std::fs::copy(
                fixtures.join(d.name()).join("identity.sql"),
                dir.join("schema").join(format!("{d}.sql")),
            )
            .expect("copy fixture");
        }
        for label in ["postgresql", "all"] {
            let out = tmp.path().join(format!("out-wso2-{label}"));
            let reps = reps_env.unwrap_or(15);
            let choice = if label == "all" {
                DialectChoice::All
            } else {
                DialectChoice::One(Dialect::Postgresql)
            };
            drop(in_process(&dir, choice, &out));
            let (fl, ip) = paired(reps, &dir, label, &out);
            let cpu = cpu_per_run(reps, ip, || in_process(&dir, choice, &out));
            process(&bin, &dir, label, &out);
            let pr = time(reps, || process(&bin, &dir, label, &out));
            rows.push(Row {
                case: "WSO2 IS 5.7.0 identity.sql".into(),
                n: "–".into(),
                dialects: if label == "all" {
                    "all 6"
                } else {
                    "postgresql"
                },
                floor: Some(ms(fl)),
                inproc: Some(ms(ip)),
                cpu: Some(cpu),
                heap: None,
                proc_: Some(ms(pr)),
                rss: peak_rss(&bin, &dir, label, &out),
            });
        }
    } else {
        notes.push(format!(
            "skipped WSO2 IS 5.7.0 scripts: {} not found",
            "../shared/fixtures/wso2/is-5.7.0/<d>/identity.sql"
        ));
    }

    println!(
        "| case | N tables | dialects | floor: split + sqlparser (ms) | ismig in-process (ms) | in-process CPU (ms) | peak heap in-process (MB) | ismig process (ms) | peak RSS process (MB) | in-process / floor | CPU / floor |"
    );
    println!("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
        _ => "–".into(),
    };
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.case,
            r.n,
            r.dialects,
            cell(r.floor, 1),
            cell(r.inproc, 1),
            cell(r.cpu, 0),
            cell(r.heap, 1),
            cell(r.proc_, 1),
            cell(r.rss, 1),
            ratio(r.inproc, r.floor),
            ratio(r.cpu, r.floor),
        );
    }
    println!();
    for n in [1000usize, 10_000] {
        if let Some((f, i)) = one.get(&n) {
            println!(
                "end-to-end / floor at N = {n} (postgresql, in-process): {:.2}",
                i / f
            );
        }
    }
    if let (Some((f1, i1)), Some((f10, i10))) = (one.get(&1000), one.get(&10_000)) {
        println!(
            "time(10,000) / time(1,000) (postgresql, in-process): {:.2} (floor: {:.2})",
            i10 / i1,
            f10 / f1
        );
    }
    let glot = rows
        .iter()
        .find(|r| r.case.starts_with("sqlglot"))
        .and_then(|r| r.inproc);
    // the same input: sqlglot reads postgresql.sql once and writes four dialects' DDL; ismig
    // reads the same file and writes every PostgreSQL script. With all six, ismig reads six DDL
    // files (six times the input) and writes six script sets.
    if let (Some(g), Some((_, i))) = (glot, one.get(&10_000)) {
        println!(
            "sqlglot transpiling the 10,000-table DDL / ismig generating from the same DDL (postgresql, in-process): {:.1}x",
            g / i
        );
    }
    if let (Some(g), Some(i)) = (glot, all10k) {
        println!(
            "sqlglot transpiling the 10,000-table DDL / ismig generating all six dialects from six DDL files (in-process): {:.1}x",
            g / i
        );
    }
    for n in notes {
        println!("{n}");
    }
}

/// sqlglot transpiling the postgresql DDL of `dir` to its targets, when `SQLGLOT_PYTHON` is set.
fn sqlglot(dir: &Path, rows: &mut Vec<Row>, notes: &mut Vec<String>) {
    let Some(py) = std::env::var_os("SQLGLOT_PYTHON") else {
        notes.push("skipped sqlglot: SQLGLOT_PYTHON not set (ci/bench.sh sets it when pip can install sqlglot)".into());
        return;
    };
    // sqlglot has no DB2 or H2 dialect: the four others are its targets; parsed once.
    let script = r#"
import sys, time, sqlglot
sql = open(sys.argv[1]).read()
t = time.perf_counter()
trees = sqlglot.parse(sql, read="postgres")
for target in ["oracle", "tsql", "mysql", "postgres"]:
    out = [e.sql(dialect=target) for e in trees if e is not None]
print((time.perf_counter() - t) * 1000.0)
"#;
    let file = dir.join("schema").join("postgresql.sql");
    let t = Instant::now();
    let o = Command::new(&py).arg("-c").arg(script).arg(&file).output();
    let wall = t.elapsed();
    match o {
        Ok(o) if o.status.success() => {
            let inner: Option<f64> = String::from_utf8_lossy(&o.stdout).trim().parse().ok();
            rows.push(Row {
                case: "sqlglot transpile postgres → oracle, tsql, mysql, postgres".into(),
                n: "10000".into(),
                dialects: "4 (no db2/h2)",
                floor: None,
                inproc: inner,
                cpu: None,
                heap: None,
                proc_: Some(ms(wall)),
                rss: None,
            });
        }
        Ok(o) => notes.push(format!(
            "skipped sqlglot: it failed: {}",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("")
        )),
        Err(e) => notes.push(format!("skipped sqlglot: {e}")),
    }
}
