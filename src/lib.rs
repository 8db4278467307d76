//! ismig: an offline compiler of WSO2 Identity Server migration SQL scripts.
//!
//! Stages (see ARCHITECTURE.md): [`input`] reads files → [`config`] and [`schema`] (pure) →
//! [`model`] (dialect-neutral sync objects) → [`render`] (askama templates + one script formatter)
//! → [`emit`] (the only writer). [`dialect`] holds each dialect's facts; [`diag`] the diagnostics;
//! [`pipeline`] puts the stages together for the [`cli`]; [`init`] assembles a migration directory from IS homes; [`nocase`] keys maps by name; [`catalog`] holds what a version step
//! adds (data).

pub mod catalog;
pub mod cli;
pub mod config;
pub mod diag;
pub mod dialect;
pub mod emit;
pub mod init;
pub mod input;
pub mod model;
pub mod nocase;
pub mod pipeline;
pub mod render;
pub mod schema;
pub mod source;
