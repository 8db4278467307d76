//! PLAN.md and report.json's `runbook` are one list: every step PLAN.md shows is in `runbook`, in
//! the same order with the same number, title, file, command and skip, and every script a run
//! writes is run by a step of its dialect. Checked on the example (all dialects, the DB2 move
//! written) and on runs where migration steps are skipped.

use std::collections::BTreeMap;
use std::path::Path;

use ismig::input::{DialectChoice, Options};
use ismig::pipeline;

/// The kinds ARCHITECTURE.md documents.
const KINDS: &[&str] = &[
    "manual",
    "preflight",
    "sync-setup",
    "sync-verify",
    "sync-monitor",
    "sync-cleanup",
    "copy",
    "migration",
    "client-only",
    "schema-step",
    "precheck",
    "schema-verify",
    "rehearsal",
];

/// A step as PLAN.md shows it: (dialect, number, title, file, command, skipped).
type PlanStep = (String, u64, String, Option<String>, Option<String>, bool);

/// Reads the steps out of PLAN.md's text: a `### Step N. TITLE` heading (its title may go on
/// over the following lines up to a blank one), then its `- File:` and `- Command:` lines.
fn plan_steps(plan: &str) -> Vec<PlanStep> {
    let mut steps: Vec<PlanStep> = Vec::new();
    let mut dialect = String::new();
    let mut lines = plan.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("## ") {
            if let Some((d, _)) = rest.split_once(": runbook") {
                dialect = d.to_string();
            }
        } else if let Some(rest) = line.strip_prefix("### Step ") {
            let (n, title) = rest.split_once(". ").expect("### Step N. title");
            let mut title = title.to_string();
            while let Some(next) = lines.next_if(|l| !l.is_empty()) {
                title.push('\n');
                title.push_str(next);
            }
            let (title, skipped) = match title.strip_suffix(" — skipped") {
                Some(t) => (t.to_string(), true),
                None => (title, false),
            };
            let n = n.parse().expect("a step number");
            steps.push((dialect.clone(), n, title, None, None, skipped));
        } else if let Some(f) = line.strip_prefix("- File: `") {
            let last = steps.last_mut().expect("a File line belongs to a step");
            last.3 = Some(f.trim_end_matches('`').to_string());
        } else if let Some(c) = line.strip_prefix("- Command: `") {
            let last = steps.last_mut().expect("a Command line belongs to a step");
            last.4 = Some(c.trim_end_matches('`').to_string());
        }
    }
    steps
}

/// The Mermaid diagram of each dialect at the top of PLAN.md: (dialect, its lines).
fn diagrams(plan: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut inside = false;
    for line in plan.lines() {
        if let Some((d, _)) = line.split_once(": the steps below, by phase") {
            out.push((d.to_string(), Vec::new()));
        } else if line == "```mermaid" {
            inside = true;
        } else if line == "```" {
            inside = false;
        } else if inside {
            out.last_mut()
                .expect("a diagram follows its dialect line")
                .1
                .push(line.to_string());
        }
    }
    out
}

fn text(v: &serde_json::Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// Generates `dir` with `opts` and checks PLAN.md against report.json's runbook; returns the
/// runbook.
fn one_list(dir: &str, opts: &Options) -> Vec<serde_json::Value> {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let a = pipeline::analyze(Path::new(dir), opts, BTreeMap::new());
    assert!(!a.diags.has_errors(), "{:?}", a.diags);
    let r = pipeline::render(&a, None).expect("render");
    let plan = std::str::from_utf8(&r.get("PLAN.md").expect("PLAN.md").bytes)
        .expect("UTF-8")
        .to_string();
    let report: serde_json::Value =
        serde_json::from_slice(&r.get("report.json").expect("report.json").bytes)
            .expect("report.json is JSON");
    let runbook = report["runbook"].as_array().expect("runbook").clone();

    let from_json: Vec<PlanStep> = runbook
        .iter()
        .map(|s| {
            (
                text(&s["dialect"]).expect("dialect"),
                s["step"].as_u64().expect("step"),
                text(&s["title"]).expect("title"),
                text(&s["file"]),
                text(&s["command"]),
                !s["skipped"].is_null(),
            )
        })
        .collect();
    let from_plan = plan_steps(&plan);
    assert!(from_plan.len() > 10, "{from_plan:?}");
    assert_eq!(from_json, from_plan);

    for s in &runbook {
        let kind = s["kind"].as_str().expect("kind");
        assert!(KINDS.contains(&kind), "undocumented kind {kind}");
        let database = s["database"].as_str().expect("database");
        assert!(
            ["source", "target", "registry", "none", "source-copy"].contains(&database),
            "database {database}"
        );
        if let Some(f) = s["file"].as_str() {
            assert!(
                r.get(f).is_some(),
                "step {s} runs {f}, which is not written"
            );
        }
    }
    // the diagram is the same list: a node per applied step, in phases, and each applied step's
    // file on an arrow to its database
    let diagrams = diagrams(&plan);
    assert!(!diagrams.is_empty());
    for (dialect, lines) in &diagrams {
        assert_eq!(lines[0], "flowchart TB");
        for phase in ["Before the window", "In the window", "After the window"] {
            assert!(
                lines.iter().any(|l| l.contains(&format!("[\"{phase}\"]"))),
                "{phase}"
            );
        }
        let steps: Vec<&serde_json::Value> = runbook
            .iter()
            .filter(|s| s["dialect"] == dialect.as_str() && s["skipped"].is_null())
            .collect();
        assert!(!steps.is_empty(), "{dialect}");
        for s in steps {
            let n = s["step"].as_u64().expect("step");
            let node = format!("    s{n}[\"{n}. ");
            assert!(
                lines.iter().any(|l| l.starts_with(&node)),
                "{dialect} step {n}"
            );
            if let Some(f) = s["file"].as_str() {
                let name = f.rsplit('/').next().expect("a file name");
                let arrow = format!("  s{n} -->|\"{name}\"| ");
                assert!(
                    lines.iter().any(|l| l.starts_with(&arrow)),
                    "{dialect}: no arrow for {f}"
                );
            }
        }
        let nodes = lines.iter().filter(|l| l.starts_with("    s")).count();
        let applied = runbook
            .iter()
            .filter(|s| s["dialect"] == dialect.as_str() && s["skipped"].is_null())
            .count();
        assert_eq!(nodes, applied, "{dialect}: one node per applied step");
    }
    // every script written has its step
    for f in r.files.iter().filter(|f| f.path.ends_with(".sql")) {
        assert!(
            runbook.iter().any(|s| s["file"] == f.path.as_str()),
            "no step runs {}",
            f.path
        );
    }
    runbook
}

#[test]
fn example_plan_and_runbook_are_one_list() {
    let opts = Options {
        dialect: Some(DialectChoice::All),
        db2_schema: Some("WSO2IS".to_string()),
        ..Default::default()
    };
    let runbook = one_list("examples/is-5.7.0-to-5.9.0", &opts);
    // the DB2 move is a step of DB2's runbook only, on the target
    let moves: Vec<_> = runbook
        .iter()
        .filter(|s| s["file"] == "db2/02-db2-move-oauth2-tables.sql")
        .collect();
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0]["database"], "target");
    assert_eq!(moves[0]["kind"], "migration");
    // six dialects, each numbered from 1
    let firsts = runbook.iter().filter(|s| s["step"] == 1).count();
    assert_eq!(firsts, 6);
}

#[test]
fn skipped_steps_are_in_the_runbook_too() {
    for case in [
        "tests/cases/mig-migration-disabled",
        "tests/cases/mig-versioning-off",
    ] {
        let opts = Options {
            schema: Some("examples/is-5.7.0-to-5.9.0/schema".into()),
            ..Default::default()
        };
        let runbook = one_list(case, &opts);
        let skipped: Vec<_> = runbook.iter().filter(|s| !s["skipped"].is_null()).collect();
        assert!(!skipped.is_empty(), "{case}");
        assert!(
            skipped
                .iter()
                .all(|s| s["file"].is_null() && s["command"].is_null()),
            "{case}"
        );
    }
}
