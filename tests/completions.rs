//! What a package installs besides the binary, computed from the clap definitions: the shell
//! completions and the man page name every subcommand; `--version` names every version step of
//! the catalog and every dialect.

use std::collections::BTreeMap;

fn run(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = std::iter::once("ismig")
        .chain(args.iter().copied())
        .map(String::from)
        .collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = ismig::cli::run(&args, BTreeMap::new(), &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

/// The subcommands a user types (clap's own `help` aside).
fn subcommands() -> Vec<String> {
    let names: Vec<String> = ismig::cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for known in [
        "generate",
        "check",
        "validate",
        "explain",
        "completions",
        "man",
    ] {
        assert!(names.iter().any(|n| n == known), "{known} in {names:?}");
    }
    names
}

#[test]
fn completions_for_each_shell_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, out, err) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(err.is_empty(), "{shell}: {err}");
        assert!(out.len() > 200, "{shell}: {out}");
        for sub in subcommands() {
            assert!(out.contains(&sub), "{shell} completion lacks {sub}");
        }
    }
}

#[test]
fn completions_refuse_an_unknown_shell() {
    let (code, out, err) = run(&["completions", "tcsh"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("tcsh"), "{err}");
}

#[test]
fn man_page_documents_every_subcommand_and_its_options() {
    let (code, out, err) = run(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(".ie") || out.starts_with(".TH"), "{out}");
    assert!(out.contains(".TH ismig 1"), "{out}");
    for sub in subcommands() {
        assert!(
            out.contains(&format!(".SS \"ismig {sub}")),
            "man page lacks {sub}"
        );
    }
    // options of subcommands are on the one page, escaped for roff
    assert!(out.contains("\\fB\\-\\-out\\fR"), "{out}");
    assert!(
        out.contains("\\fB\\-\\-no\\-registry\\-cleanup\\fR"),
        "{out}"
    );
    assert!(
        !out.contains("ismig\\-generate(1)"),
        "no page per subcommand is shipped"
    );
}

#[test]
fn version_names_every_catalog_step_and_every_dialect() {
    let (code, out, err) = run(&["--version"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(&format!("ismig {}\n", env!("CARGO_PKG_VERSION"))),
        "{out}"
    );
    let steps = ismig::catalog::steps().expect("the catalog reads");
    assert!(!steps.is_empty());
    for c in steps {
        for f in &c.from {
            let step = format!("{} → {}", f.version, c.step);
            assert!(out.contains(&step), "--version lacks {step}: {out}");
        }
    }
    for d in ismig::dialect::Dialect::ALL {
        assert!(out.contains(d.name()), "--version lacks {d}: {out}");
    }
    assert!(out.ends_with('\n'));
}
