//! The life of a staged import, as one typed state machine: every status it can be in and
//! every move between them. The store keeps the code; the use cases ask here whether a move
//! is allowed, so no page or command invents its own.
//!
//! ```text
//! analysing ─┬─> preview ─┬─> importing ─┬─> done
//!            │            ├─> cancelled  └─> failed
//!            ├─> refused  └─> failed
//!            └─> failed
//! preview, refused, done, cancelled, failed ──(48 h)──> expired
//! ```

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// Being read and checked; nothing written.
    Analysing,
    /// Checked; waiting for its owner to confirm or cancel.
    Preview,
    /// The file as a whole could not be read (encoding, header, size).
    Refused,
    /// Being written, in one transaction.
    Importing,
    Done,
    /// Stopped by an error or a restart; the database is as it was.
    Failed,
    Cancelled,
    /// The staged file was forgotten after its retention period.
    Expired,
}

impl ImportStatus {
    pub const ALL: [ImportStatus; 8] = [
        ImportStatus::Analysing,
        ImportStatus::Preview,
        ImportStatus::Refused,
        ImportStatus::Importing,
        ImportStatus::Done,
        ImportStatus::Failed,
        ImportStatus::Cancelled,
        ImportStatus::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ImportStatus::Analysing => "analysing",
            ImportStatus::Preview => "preview",
            ImportStatus::Refused => "refused",
            ImportStatus::Importing => "importing",
            ImportStatus::Done => "done",
            ImportStatus::Failed => "failed",
            ImportStatus::Cancelled => "cancelled",
            ImportStatus::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<ImportStatus> {
        Self::ALL.into_iter().find(|st| st.code() == s)
    }

    /// Work is under way in some process (a restart leaves such imports `failed`).
    pub fn is_running(self) -> bool {
        matches!(self, ImportStatus::Analysing | ImportStatus::Importing)
    }

    /// The staged file may be forgotten: nobody can act on it any more, or its preview is old.
    pub fn may_expire(self) -> bool {
        self.can_move_to(ImportStatus::Expired)
    }

    /// Is `self -> to` one of the moves of the diagram above?
    pub fn can_move_to(self, to: ImportStatus) -> bool {
        use ImportStatus::*;
        matches!(
            (self, to),
            (Analysing, Preview | Refused | Failed)
                | (Preview, Importing | Cancelled | Failed | Expired)
                | (Importing, Done | Failed)
                | (Refused | Done | Cancelled | Failed, Expired)
        )
    }
}

impl TryFrom<String> for ImportStatus {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        ImportStatus::parse(&s).ok_or_else(|| format!("unknown import status {s:?}"))
    }
}

impl std::fmt::Display for ImportStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::ImportStatus::{self, *};

    #[test]
    fn codes_round_trip() {
        for s in ImportStatus::ALL {
            assert_eq!(ImportStatus::parse(s.code()), Some(s));
        }
        assert_eq!(ImportStatus::parse("Done"), None);
    }

    #[test]
    fn a_confirmed_or_finished_import_cannot_be_confirmed_again() {
        assert!(Preview.can_move_to(Importing));
        for s in [
            Analysing, Refused, Importing, Done, Failed, Cancelled, Expired,
        ] {
            assert!(!s.can_move_to(Importing), "{s} -> importing");
        }
        assert!(!Done.can_move_to(Failed));
        assert!(!Expired.can_move_to(Preview));
    }

    #[test]
    fn only_work_in_progress_is_running_and_it_never_expires() {
        let running: Vec<_> = ImportStatus::ALL
            .into_iter()
            .filter(|s| s.is_running())
            .collect();
        assert_eq!(running, [Analysing, Importing]);
        assert!(
            ImportStatus::ALL
                .iter()
                .all(|s| s.is_running() != s.may_expire() || *s == Expired)
        );
    }
}
