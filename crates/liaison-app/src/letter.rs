//! The printable letter to primary care (docs/letters.md): reading an episode for its letter,
//! audited once per view with the letter's language, and recording the letter as sent today
//! through the episode's normal save (validation, version check, audit row with before and
//! after, hence the episode's history).

use super::{Actor, Result, ServiceError};
use crate::app::App;
use crate::episodes::{self, EpisodeRow, Saved, today_in};
use time::Date;

/// The episode `id` of the FLS `fls_id`, read for its letter in `lang` (a language code). One
/// audit row per view, which stands for the read: the letter shows the patient's data.
pub async fn open(
    app: &App,
    actor: &Actor,
    fls_id: i64,
    id: i64,
    lang: &str,
) -> Result<EpisodeRow> {
    let row = liaison_store::episodes::get(&app.db, &actor.access.read_patients, id)
        .await?
        .filter(|r| r.fls_id == fls_id)
        .ok_or(ServiceError::NotFound)?;
    let a = actor
        .audit("episode.letter_printed")
        .entity("episode", id)
        .fls(fls_id)
        .detail(format!("letter in {lang}"));
    crate::audit::record(app, &a).await?;
    Ok(row)
}

/// What recording the letter as sent did.
pub enum Sent {
    /// `primary_care_letter_date` is now today (in the FLS's time zone).
    Recorded(EpisodeRow),
    /// A date was already recorded: nothing was changed (never overwritten from the letter).
    Already(Date),
    /// Someone saved the episode after the letter was opened at `version`: nothing was saved.
    Stale(EpisodeRow),
}

/// Record the letter of episode `id` (of FLS `fls_id`, opened at `version`) as sent today, with
/// the right to change episodes.
pub async fn record_sent(
    app: &App,
    actor: &Actor,
    fls_id: i64,
    id: i64,
    version: i64,
) -> Result<Sent> {
    let current = liaison_store::episodes::get(&app.db, &actor.access.write_patients, id)
        .await?
        .filter(|r| r.fls_id == fls_id)
        .ok_or(ServiceError::NotFound)?;
    if let Some(d) = current.primary_care_letter_date {
        return Ok(Sent::Already(d));
    }
    let fls = episodes::writable_fls(app, actor, &current.fls_code).await?;
    let today = today_in(app.now(), &fls.time_zone);
    let change = [("primary_care_letter_date".to_string(), today.to_string())];
    match episodes::patch(app, actor, id, version, &change).await? {
        Saved::Done { row, .. } => Ok(Sent::Recorded(row)),
        Saved::Stale(now) => Ok(Sent::Stale(now)),
        Saved::Duplicates(_) => Err(ServiceError::NotFound),
    }
}
