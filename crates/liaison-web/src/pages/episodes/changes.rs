//! Changes to an episode as a person reads them: field by field, with the field's label and
//! coded values in the reader's language. Used by the history and by the conflict panel that
//! shows what another user saved meanwhile.

use super::options;
use crate::ctx::Ctx;
use liaison_app::audit::AuditRow;
use liaison_domain::dataset::{self as ds, EpisodeInput};

/// The columns whose values differ between two versions, in dataset order.
pub fn differing(a: &EpisodeInput, b: &EpisodeInput) -> Vec<&'static str> {
    ds::COLUMNS
        .iter()
        .copied()
        .filter(|c| a.get(c) != b.get(c))
        .collect()
}

/// A value as the form shows it: a code's label, blank as a dash, a number or a date in the
/// page's digits (a reference with letters keeps its own).
pub fn shown(ctx: &Ctx, field: &str, value: &str) -> String {
    if value.is_empty() {
        return "—".into();
    }
    options(ctx, field)
        .and_then(|o| o.into_iter().find(|(c, _)| c == value).map(|(_, l)| l))
        .unwrap_or_else(|| liaison_domain::format::digits_in_text(ctx.tr.lang, value))
}

/// One changed field.
pub struct FieldChange {
    pub label: String,
    pub before: String,
    pub after: String,
}

/// One entry of the history.
pub struct HistoryView {
    pub at: time::OffsetDateTime,
    pub actor: String,
    pub action: String,
    pub changes: Vec<FieldChange>,
}

fn input_of(json: Option<&str>) -> Option<EpisodeInput> {
    json.and_then(|j| serde_json::from_str(j).ok())
}

pub fn history(ctx: &Ctx, rows: &[AuditRow]) -> Vec<HistoryView> {
    rows.iter()
        .map(|r| {
            let before = input_of(r.before_json.as_deref());
            let after = input_of(r.after_json.as_deref());
            let empty = EpisodeInput::default();
            let (b, a) = (
                before.as_ref().unwrap_or(&empty),
                after.as_ref().unwrap_or(&empty),
            );
            // A creation lists what was recorded, a deletion what was removed.
            let changes = differing(b, a)
                .into_iter()
                .filter(|c| *c != "fls_code")
                .map(|c| FieldChange {
                    label: ctx.tr.field(c),
                    before: shown(ctx, c, b.get(c).unwrap_or("")),
                    after: shown(ctx, c, a.get(c).unwrap_or("")),
                })
                .collect();
            HistoryView {
                at: r.at,
                actor: r.actor.clone(),
                action: ctx.t(&format!("history-{}", r.action.replace(['.', '_'], "-"))),
                changes,
            }
        })
        .collect()
}

/// A field another user changed after this user opened the episode.
pub struct Conflict {
    pub label: String,
    /// As this user opened it.
    pub base: String,
    /// As the other user saved it.
    pub theirs: String,
    /// This user's value, when they changed the field too.
    pub yours: Option<String>,
}

/// What the other user changed (`base` → `current`), beside what this user changed.
pub fn conflicts(
    ctx: &Ctx,
    base: &EpisodeInput,
    current: &EpisodeInput,
    mine: &[(String, String)],
) -> Vec<Conflict> {
    differing(base, current)
        .into_iter()
        .map(|c| Conflict {
            label: ctx.tr.field(c),
            base: shown(ctx, c, base.get(c).unwrap_or("")),
            theirs: shown(ctx, c, current.get(c).unwrap_or("")),
            yours: mine
                .iter()
                .find(|(k, _)| k == c)
                .map(|(_, v)| shown(ctx, c, v)),
        })
        .collect()
}
