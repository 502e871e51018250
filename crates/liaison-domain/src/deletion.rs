//! Deleted episodes: a deletion only marks the episode, which then stays restorable for a
//! period and is removed for good after it (docs/security.md, "Deleted episodes").

use time::{Duration, OffsetDateTime};

/// Days a deleted episode can be restored before the housekeeping removes it for good. Long
/// enough to notice a mistake over a holiday or a monthly audit meeting, short enough that
/// patient data a team chose to remove does not linger (docs/decisions.md).
pub const RESTORE_DAYS: i64 = 30;

/// Episodes deleted at or after this moment can still be restored; earlier ones are purged.
pub fn restorable_since(now: OffsetDateTime) -> OffsetDateTime {
    now - Duration::days(RESTORE_DAYS)
}

/// Whether an episode deleted at `deleted_at` can still be restored at `now`.
pub fn restorable(deleted_at: OffsetDateTime, now: OffsetDateTime) -> bool {
    deleted_at >= restorable_since(now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn an_episode_is_restorable_for_exactly_the_period() {
        let deleted = datetime!(2026-11-01 10:00 UTC);
        assert!(restorable(deleted, deleted));
        assert!(restorable(deleted, datetime!(2026-12-01 10:00 UTC)));
        assert!(!restorable(deleted, datetime!(2026-12-01 10:00:01 UTC)));
    }
}
