//! ismig: an offline compiler of WSO2 Identity Server migration SQL scripts.
//!
//! Stages (see ARCHITECTURE.md): `input` reads files → `config` and `schema` (pure) → `model`
//! (dialect-neutral sync objects) → `render` (askama templates + one script formatter) → `emit`
//! (the only writer). `dialect` holds each dialect's facts; `diag` the diagnostics; `pipeline`
//! puts the stages together for the `cli`; `init` assembles a migration directory from IS homes;
//! `nocase` keys maps by name; `catalog` holds what a version step adds (data).
//!
//! # Library use
//!
//! The items re-exported here are the library's surface: run the command line in-process
//! ([`run`]), or analyse a migration directory ([`analyze`]), get its files ([`output`]) and write
//! them atomically with their MANIFEST ([`write`]) or compare a written directory with them
//! ([`check`]).
//!
//! ```no_run
//! use std::collections::BTreeMap;
//! use std::path::Path;
//!
//! let opts = ismig::Options {
//!     dialect: Some(ismig::DialectChoice::All),
//!     ..Default::default()
//! };
//! // the environment supplies the `$env{NAME}` secrets of deployment.toml
//! let analysis = ismig::analyze(Path::new("migration"), &opts, BTreeMap::new());
//! if analysis.diags.has_errors() {
//!     eprintln!("{}", ismig::render_json(&analysis.diags));
//!     return;
//! }
//! match ismig::output(&analysis, None) {
//!     Ok(files) => match ismig::write(&files, Path::new("out"), false) {
//!         Ok(written) => println!("{} files written", written.len()),
//!         Err(diags) => eprintln!("{}", ismig::render_json(&diags)),
//!     },
//!     Err(diags) => eprintln!("{}", ismig::render_json(&diags)),
//! }
//! ```
//!
//! The stage modules stay public but hidden from the documentation: the integration tests and the
//! benchmark test each stage on its own through them. They are not a stable interface.

pub use cli::run;
pub use diag::{Diagnostic, Diagnostics, Severity, render_json};
pub use dialect::Dialect;
pub use emit::{Files, check, write};
pub use input::{DialectChoice, Options};
pub use pipeline::{Analysis, analyze, output};
pub use render::{Output, OutputFile, Rendered, ScriptKind};

#[doc(hidden)]
pub mod catalog;
#[doc(hidden)]
pub mod cli;
#[doc(hidden)]
pub mod config;
#[doc(hidden)]
pub mod diag;
#[doc(hidden)]
pub mod dialect;
#[doc(hidden)]
pub mod emit;
#[doc(hidden)]
pub mod init;
#[doc(hidden)]
pub mod input;
#[doc(hidden)]
pub mod model;
#[doc(hidden)]
pub mod nocase;
#[doc(hidden)]
pub mod pipeline;
#[doc(hidden)]
pub mod render;
#[doc(hidden)]
pub mod schema;
#[doc(hidden)]
pub mod source;
