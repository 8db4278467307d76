//! The command line: parses arguments (clap), runs the [`pipeline`], prints
//! diagnostics (human or JSON) and maps outcomes to exit codes: 0 ok, 1 invalid input or drift,
//! 2 internal or I/O error. [`run`] takes its environment and streams as arguments so that tests
//! drive it in-process.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::LazyLock;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::diag::{Diagnostics, SourceMap, render_human, render_json};
use crate::dialect::Dialect;
use crate::emit;
use crate::input::{DialectChoice, Options};
use crate::pipeline::{self, Analysis};

pub const EXIT_OK: i32 = 0;
pub const EXIT_INVALID: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "ismig",
    version,
    about = "Offline compiler of WSO2 Identity Server migration SQL scripts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Debug, Clone)]
struct Common {
    /// The migration directory (sync.properties, deployment.toml, migration-config.yaml, registry.xml, schema/).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Dialect to generate for: oracle, db2, mssql, mysql, postgresql, h2, or all. Default: from the JDBC URLs.
    #[arg(long)]
    dialect: Option<String>,
    /// Schema DDL: a file, or a directory with <dialect>.sql files (or dbscripts/identity/<dialect>.sql).
    #[arg(long)]
    schema: Option<PathBuf>,
    /// Fresh-install schema DDL of the version migrated to (same forms as --schema): writes the post-migration schema check.
    #[arg(long)]
    schema_after: Option<PathBuf>,
    /// Client profile (sqlplus, db2, sqlcmd, ssms, mysql, psql, runscript).
    #[arg(long)]
    client: Option<String>,
    /// Generate the registry versioning cleanup whatever registry.xml says.
    #[arg(long, conflicts_with = "no_registry_cleanup")]
    registry_cleanup: bool,
    /// Never generate the registry versioning cleanup.
    #[arg(long)]
    no_registry_cleanup: bool,
    /// DB2 schema of the identity tables, when the JDBC URL names none.
    #[arg(long)]
    db2_schema: Option<String>,
    /// The migration client's migration-resources folder (default: DIR/migration-resources when it exists): its schema steps are compiled into scripts.
    #[arg(long, value_name = "PATH")]
    migration_resources: Option<PathBuf>,
    /// A dbscript variant the DBA chooses (e.g. mysql-cluster-5.7, postgresql+9.6, oracle_rac); repeatable.
    #[arg(long, value_name = "NAME")]
    dbscript_variant: Vec<String>,
    /// Diagnostics as human text or JSON.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write every script, PLAN.md, report.json and MANIFEST.sha256 into the output directory.
    Generate {
        #[command(flatten)]
        common: Common,
        /// Output directory (replaced atomically).
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Replace an output directory that holds files ismig did not write.
        #[arg(long)]
        force: bool,
        /// Flush every file to disk before the output directory is swapped in (durable across a
        /// power loss right after the run; slower).
        #[arg(long)]
        fsync: bool,
    },
    /// Regenerate in memory and compare with the output directory; exit 1 on any difference.
    Check {
        #[command(flatten)]
        common: Common,
        #[arg(long, default_value = "out")]
        out: PathBuf,
    },
    /// Check the inputs only: every problem, with file:line:col.
    Validate {
        #[command(flatten)]
        common: Common,
    },
    /// Show what would be generated and why (dry run).
    Explain {
        #[command(flatten)]
        common: Common,
    },
    /// Assemble a migration directory from the IS installations, then validate it.
    Init {
        /// The migration directory to create (new or empty, unless --force).
        dir: PathBuf,
        /// Home folder of the IS you migrate from (repository/conf, dbscripts).
        #[arg(long, value_name = "OLD_IS_HOME")]
        old_is: PathBuf,
        /// Home folder of the IS you migrate to (its deployment.toml defines the datasources).
        #[arg(long, value_name = "NEW_IS_HOME")]
        new_is: Option<PathBuf>,
        /// The migration client's migration-resources folder (with migration-config.yaml).
        #[arg(long, value_name = "PATH")]
        migration_resources: Option<PathBuf>,
        /// Write into a directory that is not empty (files init writes are replaced).
        #[arg(long)]
        force: bool,
    },
    /// Print the shell completion script for SHELL (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `ismig man > ismig.1`.
    Man,
}

/// `--version`: the version, then the version steps and dialects this build knows (both are
/// data, so the text is computed, not written down).
static LONG_VERSION: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{}\nversion steps: {}\ndialects: {}",
        env!("CARGO_PKG_VERSION"),
        crate::catalog::supported_list(),
        Dialect::names()
    )
});

/// The clap definition of the command line, the one source of `--help`, the man page and the
/// completions.
pub fn command() -> clap::Command {
    Cli::command().long_version(LONG_VERSION.as_str())
}

/// Entry point of the binary.
pub fn main() -> i32 {
    let args: Vec<String> = std::env::args().collect();
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    run(&args, env, &mut stdout.lock(), &mut stderr.lock())
}

fn options(c: &Common) -> Result<Options, String> {
    let dialect = match &c.dialect {
        None => None,
        Some(s) if s.eq_ignore_ascii_case("all") => Some(DialectChoice::All),
        Some(s) => match Dialect::from_name(s) {
            Some(d) => Some(DialectChoice::One(d)),
            None => {
                return Err(format!(
                    "unknown dialect {s:?}: use one of {}, or all",
                    Dialect::names()
                ));
            }
        },
    };
    Ok(Options {
        dialect,
        schema: c.schema.clone(),
        client: c.client.clone(),
        registry_cleanup: if c.registry_cleanup {
            Some(true)
        } else if c.no_registry_cleanup {
            Some(false)
        } else {
            None
        },
        db2_schema: c.db2_schema.clone(),
        migration_resources: c.migration_resources.clone(),
        dbscript_variants: c.dbscript_variant.clone(),
        schema_after: c.schema_after.clone(),
    })
}

fn print_diags(
    diags: &Diagnostics,
    sources: &SourceMap,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) {
    match format {
        Format::Json => {
            let _ = out.write_all(render_json(diags).as_bytes());
        }
        Format::Human => {
            if !diags.is_empty() {
                let _ = err.write_all(render_human(diags, sources).as_bytes());
            }
        }
    }
}

/// Runs ismig with `args` (the first is the program name).
pub fn run(
    args: &[String],
    env: BTreeMap<String, String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let cli = match command()
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_INVALID
            } else {
                EXIT_OK
            };
            let text = e.render().to_string();
            if e.use_stderr() {
                let _ = err.write_all(text.as_bytes());
            } else {
                let _ = out.write_all(text.as_bytes());
            }
            return code;
        }
    };
    let common = match &cli.command {
        Command::Generate { common, .. }
        | Command::Check { common, .. }
        | Command::Validate { common }
        | Command::Explain { common } => common.clone(),
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut command(), "ismig", out);
            return EXIT_OK;
        }
        Command::Man => return man(out, err),
        Command::Init {
            dir,
            old_is,
            new_is,
            migration_resources,
            force,
        } => {
            let o = crate::init::InitOptions {
                dir: dir.clone(),
                old_is: old_is.clone(),
                new_is: new_is.clone(),
                migration_resources: migration_resources.clone(),
                force: *force,
            };
            match crate::init::init(&o) {
                Ok(files) => {
                    let _ = writeln!(
                        out,
                        "wrote {} files to {}",
                        files.len(),
                        crate::input::display_path(dir)
                    );
                    for f in files {
                        let _ = writeln!(out, "  {f}");
                    }
                }
                Err(d) => {
                    print_diags(&d, &SourceMap::default(), Format::Human, out, err);
                    return EXIT_INVALID;
                }
            }
            // then the inputs are checked as `ismig validate DIR` checks them
            let common = Common {
                dir: dir.clone(),
                dialect: None,
                schema: None,
                schema_after: None,
                client: None,
                registry_cleanup: false,
                no_registry_cleanup: false,
                db2_schema: None,
                migration_resources: None,
                dbscript_variant: Vec::new(),
                format: Format::Human,
            };
            let a = pipeline::analyze(&common.dir, &Options::default(), env);
            return act(
                Command::Validate {
                    common: common.clone(),
                },
                &common,
                &Options::default(),
                &a,
                out,
                err,
            );
        }
    };
    let opts = match options(&common) {
        Ok(o) => o,
        Err(msg) => {
            let _ = writeln!(err, "error: {msg}");
            return EXIT_INVALID;
        }
    };
    let a = pipeline::analyze(&common.dir, &opts, env);
    act(cli.command, &common, &opts, &a, out, err)
}

/// The command, on the analysis of its inputs.
fn act(
    command: Command,
    common: &Common,
    opts: &Options,
    a: &Analysis,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    if a.diags.has_errors() {
        print_diags(&a.diags, &a.sources, common.format, out, err);
        return EXIT_INVALID;
    }
    match command {
        Command::Validate { .. } => {
            print_diags(&a.diags, &a.sources, common.format, out, err);
            if common.format == Format::Human {
                let _ = writeln!(
                    out,
                    "{}: inputs are valid ({})",
                    common.dir.display(),
                    dialect_list(a)
                );
            }
            EXIT_OK
        }
        Command::Explain { .. } => {
            print_diags(&a.diags, &a.sources, common.format, out, err);
            let text = match common.format {
                Format::Json => crate::render::explain::json(&a.config, &a.plan),
                Format::Human => crate::render::explain::human(&a.config, &a.plan),
            };
            let _ = out.write_all(text.as_bytes());
            EXIT_OK
        }
        Command::Generate {
            out: out_dir,
            force,
            fsync,
            ..
        } => {
            let output = match pipeline::output(a, opts.client.clone()) {
                Ok(r) => r,
                Err(d) => {
                    print_diags(&d, &a.sources, common.format, out, err);
                    return if d.iter().any(|x| x.code == "E004") {
                        EXIT_INVALID
                    } else {
                        EXIT_ERROR
                    };
                }
            };
            match emit::write_with(&output, &out_dir, force, &emit::FsWriter::new(fsync)) {
                Ok(files) => {
                    print_diags(&a.diags, &a.sources, common.format, out, err);
                    if common.format == Format::Human {
                        let _ =
                            writeln!(out, "wrote {} files to {}", files.len(), out_dir.display());
                        for f in files {
                            let _ = writeln!(out, "  {f}");
                        }
                    }
                    EXIT_OK
                }
                Err(d) => {
                    let code = if d.iter().any(|x| x.code == "E091") {
                        EXIT_INVALID
                    } else {
                        EXIT_ERROR
                    };
                    print_diags(&d, &a.sources, common.format, out, err);
                    code
                }
            }
        }
        // done before any input is read (in `run`)
        Command::Completions { .. } | Command::Man | Command::Init { .. } => EXIT_OK,
        Command::Check { out: out_dir, .. } => {
            let output = match pipeline::output(a, opts.client.clone()) {
                Ok(r) => r,
                Err(d) => {
                    print_diags(&d, &a.sources, common.format, out, err);
                    return EXIT_ERROR;
                }
            };
            match emit::check(&output, &out_dir) {
                Ok(diff) if diff.is_empty() => {
                    let _ = writeln!(out, "{} matches the inputs", out_dir.display());
                    EXIT_OK
                }
                Ok(diff) => {
                    let _ = out.write_all(diff.as_bytes());
                    let _ = writeln!(
                        err,
                        "error[E092]: {} differs from what the inputs generate",
                        out_dir.display()
                    );
                    EXIT_INVALID
                }
                Err(d) => {
                    print_diags(&d, &a.sources, common.format, out, err);
                    EXIT_ERROR
                }
            }
        }
    }
}

/// Writes the man page: one page, whose COMMANDS section holds every subcommand with its
/// options (the packages install no page per subcommand). Only a failing stream can fail it.
fn man(out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut cmd = command();
    cmd.build();
    let page = clap_mangen::Man::new(cmd.clone());
    let mut text = Vec::new();
    let written = page
        .render_title(&mut text)
        .and_then(|()| page.render_name_section(&mut text))
        .and_then(|()| page.render_synopsis_section(&mut text))
        .and_then(|()| page.render_description_section(&mut text))
        .and_then(|()| page.render_options_section(&mut text))
        .and_then(|()| text.write_all(man_commands(&cmd).as_bytes()))
        .and_then(|()| page.render_version_section(&mut text))
        .and_then(|()| out.write_all(&text));
    match written {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "error: writing the man page: {e}");
            EXIT_ERROR
        }
    }
}

/// The COMMANDS section of the man page: each subcommand's usage, description and arguments.
fn man_commands(cmd: &clap::Command) -> String {
    let mut s = String::from(".SH COMMANDS\n");
    for sub in cmd.get_subcommands().filter(|c| !c.is_hide_set()) {
        let usage = sub.clone().render_usage().to_string();
        let usage = usage.trim_start_matches("Usage:").trim();
        s.push_str(&format!(".SS \"{}\"\n", roff(usage)));
        if let Some(about) = sub.get_about() {
            s.push_str(&format!("{}\n", roff(&about.to_string())));
        }
        for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
            let value = arg
                .get_value_names()
                .and_then(|v| v.first())
                .map(|v| format!(" \\fI{}\\fR", roff(v)))
                .unwrap_or_default();
            let name = match (arg.get_long(), arg.get_short()) {
                (Some(l), Some(c)) => format!("\\fB\\-{c}\\fR, \\fB\\-\\-{}\\fR", roff(l)),
                (Some(l), None) => format!("\\fB\\-\\-{}\\fR", roff(l)),
                (None, Some(c)) => format!("\\fB\\-{c}\\fR"),
                (None, None) => String::new(),
            };
            let takes_value = arg.get_action().takes_values();
            let head = match (name.is_empty(), takes_value) {
                (true, _) => value.trim_start().to_string(),
                (false, true) => format!("{name}{value}"),
                (false, false) => name,
            };
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            s.push_str(&format!(".TP\n{head}\n{}\n", roff(&help)));
        }
    }
    s
}

/// Text as roff reads it literally: backslashes and hyphens escaped, no control character first.
fn roff(text: &str) -> String {
    let t = text.replace('\\', "\\e").replace('-', "\\-");
    if t.starts_with(['.', '\'']) {
        format!("\\&{t}")
    } else {
        t
    }
}

fn dialect_list(a: &Analysis) -> String {
    let v: Vec<&str> = a.config.dialects.iter().map(|d| d.name()).collect();
    if v.is_empty() {
        "no dialect".to_string()
    } else {
        v.join(", ")
    }
}
