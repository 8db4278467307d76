//! WSO2's naming rule (`CommonUtil.getFormattedName`), which its sync runtime recomputes and so
//! ours must match to the byte: when `len(table) + len(suffix) >= 30` the table part is cut to
//! `30 - len(suffix)` characters, in every dialect. PostgreSQL trigger functions are
//! `<trigger>_FUNCTION`, not cut.

use std::sync::Arc;

use super::{Name, ObjectKind};

/// The limit WSO2's rule keeps names under.
pub const WSO2_NAME_LIMIT: usize = 30;

/// `<table><suffix>`, cut by WSO2's rule.
pub fn name(table: impl AsRef<str> + Into<Arc<str>>, suffix: &str, kind: ObjectKind) -> Name {
    let t = table.as_ref();
    let joined = |head: &str| {
        let mut s = String::with_capacity(head.len() + suffix.len());
        s.push_str(head);
        s.push_str(suffix);
        s.into_boxed_str()
    };
    let (name, full) = if t.len() + suffix.len() >= WSO2_NAME_LIMIT {
        let keep = WSO2_NAME_LIMIT.saturating_sub(suffix.len());
        // Identifiers are checked to be ASCII before naming; cut on a char boundary regardless.
        let cut = t.char_indices().nth(keep).map_or(t, |(i, _)| &t[..i]);
        let was_cut = cut.len() < t.len();
        (joined(cut), was_cut.then(|| joined(t)))
    } else {
        (joined(t), None)
    };
    Name {
        name,
        kind,
        full,
        // the table's name, shared by all its objects' names
        table: table.into(),
    }
}

/// PostgreSQL trigger function of a trigger: `<trigger>_FUNCTION`.
pub fn function_name(trigger: &Name) -> Name {
    const SUFFIX: &str = "_FUNCTION";
    let mut name = String::with_capacity(trigger.name.len() + SUFFIX.len());
    name.push_str(&trigger.name);
    name.push_str(SUFFIX);
    Name {
        name: name.into_boxed_str(),
        kind: ObjectKind::TriggerFunction,
        full: None,
        table: trigger.table.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names WSO2's runtime computes for the four tables it supports (its 30-character cut).
    #[test]
    fn wso2_reference_names() {
        let cases = [
            (
                "IDN_IDENTITY_USER_DATA",
                [
                    "IDN_IDENTITY_USER_DATA_S",
                    "IDN_IDENTITY_USER_DATA_SV",
                    "IDN_IDENTITY_USER_DATA_IT",
                    "IDN_IDENTITY_USER_DATA_FK0",
                ],
            ),
            (
                "IDN_OAUTH2_ACCESS_TOKEN",
                [
                    "IDN_OAUTH2_ACCESS_TOKEN_S",
                    "IDN_OAUTH2_ACCESS_TOKEN_SV",
                    "IDN_OAUTH2_ACCESS_TOKEN_IT",
                    "IDN_OAUTH2_ACCESS_TOKEN_FK0",
                ],
            ),
            (
                "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
                [
                    "IDN_OAUTH2_ACCESS_TOKEN_SCOP_S",
                    "IDN_OAUTH2_ACCESS_TOKEN_SCO_SV",
                    "IDN_OAUTH2_ACCESS_TOKEN_SCO_IT",
                    "IDN_OAUTH2_ACCESS_TOKEN_SC_FK0",
                ],
            ),
            (
                "IDN_OAUTH2_AUTHORIZATION_CODE",
                [
                    "IDN_OAUTH2_AUTHORIZATION_COD_S",
                    "IDN_OAUTH2_AUTHORIZATION_CO_SV",
                    "IDN_OAUTH2_AUTHORIZATION_CO_IT",
                    "IDN_OAUTH2_AUTHORIZATION_C_FK0",
                ],
            ),
        ];
        for (table, [s, sv, it, fk]) in cases {
            assert_eq!(name(table, "_S", ObjectKind::JournalTable).name.as_ref(), s);
            assert_eq!(
                name(table, "_SV", ObjectKind::VersionTable).name.as_ref(),
                sv
            );
            assert_eq!(name(table, "_IT", ObjectKind::Trigger).name.as_ref(), it);
            assert_eq!(
                name(table, "_FK0", ObjectKind::ChildTrigger).name.as_ref(),
                fk
            );
        }
    }

    #[test]
    fn cut_names_remember_their_full_form() {
        let n = name(
            "IDN_OAUTH2_ACCESS_TOKEN_SCOPE",
            "_S",
            ObjectKind::JournalTable,
        );
        assert_eq!(n.full.as_deref(), Some("IDN_OAUTH2_ACCESS_TOKEN_SCOPE_S"));
        assert!(name("SHORT", "_S", ObjectKind::JournalTable).full.is_none());
        // exactly 30 after the suffix: the rule cuts, but nothing is lost
        let t28 = "A".repeat(28);
        assert!(
            name(t28.as_str(), "_S", ObjectKind::JournalTable)
                .full
                .is_none()
        );
        assert_eq!(
            name(t28.as_str(), "_S", ObjectKind::JournalTable)
                .name
                .len(),
            30
        );
    }

    #[test]
    fn function_names_are_not_cut() {
        let t = name("IDN_OAUTH2_ACCESS_TOKEN_SCOPE", "_IT", ObjectKind::Trigger);
        assert_eq!(
            &*function_name(&t).name,
            "IDN_OAUTH2_ACCESS_TOKEN_SCO_IT_FUNCTION"
        );
    }
}
