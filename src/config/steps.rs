//! The version steps ismig supports, as data. A step says which 5.9.0-migration scripts apply;
//! anything else is E032 with [`supported_list`] as the hint.
//!
//! Which parts of WSO2's "Migrating to 5.9.0" guide apply to each source version
//! (`reference/wso2-is-5.9.0-migration-guide.md`):
//! - The registry versioning cleanup is a *prerequisite* of every migration to 5.9.0 ("when
//!   migrating to IS 5.9.0 it is **required** to turn off the registry versioning in your current
//!   WSO2 Identity Server"), because 5.9.0 is the first version with versioning off by default.
//!   So it applies to a 5.8.0 source too; whether the script is generated is then decided by the
//!   old `registry.xml` (versioning on) or `--[no-]registry-cleanup`.
//! - The DB2 `ADMIN_MOVE_TABLE` note ("If you are using DB2 … move … to TS32K … to support newly
//!   added table indexes") sits before the numbered steps and is not conditional on the source
//!   version: it applies to 5.7.0 and 5.8.0.
//! - "If you are using a version prior to 5.8.0, then do steps 6 to 9, otherwise directly proceed
//!   to step 9": steps 6–8 run WSO2's migration client (a server start with `-Dmigrate`), which
//!   ismig does not generate; step 9 (the new tables FIDO2_DEVICE_STORE, IDN_AUTH_SESSION_APP_INFO,
//!   IDN_AUTH_SESSION_META_DATA, IDN_FUNCTION_LIBRARY, IDX_FIDO2_STR) applies to both. So the two
//!   steps carry the same flags here; PLAN.md (not this module) tells a 5.7.0 DBA to run the
//!   migration client before step 9.

use super::VersionStep;

/// Every supported step, in order.
pub static STEPS: &[VersionStep] = &[
    VersionStep {
        from: "5.7.0",
        to: "5.9.0",
        new_tables_catalog: "5.9.0",
        registry_cleanup: true,
        db2_move: true,
    },
    VersionStep {
        from: "5.8.0",
        to: "5.9.0",
        new_tables_catalog: "5.9.0",
        registry_cleanup: true,
        db2_move: true,
    },
];

/// The step from `from` to `to`, if supported.
pub fn find(from: &str, to: &str) -> Option<&'static VersionStep> {
    STEPS
        .iter()
        .find(|s| s.from == from.trim() && s.to == to.trim())
}

/// "5.7.0 → 5.9.0, 5.8.0 → 5.9.0", for hints.
pub fn supported_list() -> String {
    STEPS
        .iter()
        .map(|s| format!("{} → {}", s.from, s.to))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps() {
        assert!(find("5.7.0", "5.9.0").is_some());
        assert!(find("5.8.0", " 5.9.0").is_some());
        assert!(find("5.3.0", "5.7.0").is_none());
        assert_eq!(supported_list(), "5.7.0 → 5.9.0, 5.8.0 → 5.9.0");
    }
}
