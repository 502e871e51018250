//! The patient registry's use cases: register, read, change, delete (and restore), list and
//! search episodes. The same rules for the form, the API and imports: `dataset::parse`.

use super::{Actor, Result, ServiceError};
use crate::ErrorCode;
use crate::app::App;
use liaison_domain::access::FlsSet;
use liaison_domain::dataset::{self, Episode, EpisodeInput, ParseOptions, Warning};
use liaison_domain::deletion;
use liaison_domain::error::FieldError;
use liaison_store::audit::{self, AuditRow};
use liaison_store::episodes::{self, Update};
pub use liaison_store::episodes::{DeletedRow, DueState, EpisodeRow, Filter, Worklist};
use liaison_store::orgs::{self, FlsRow};
use time::{Date, OffsetDateTime};

/// Today in the FLS's time zone: the limit for every event date.
pub fn today_in(now: OffsetDateTime, time_zone: &str) -> Date {
    let fallback = now.date();
    let Ok(ts) = jiff::Timestamp::from_second(now.unix_timestamp()) else {
        return fallback;
    };
    let Ok(tz) = jiff::tz::TimeZone::get(time_zone) else {
        return fallback;
    };
    let d = ts.to_zoned(tz).date();
    time::Month::try_from(d.month() as u8)
        .ok()
        .and_then(|m| Date::from_calendar_date(i32::from(d.year()), m, d.day() as u8).ok())
        .unwrap_or(fallback)
}

pub enum Saved {
    Done {
        row: EpisodeRow,
        warnings: Vec<Warning>,
    },
    /// Not saved: likely duplicates; save again with `confirm_duplicate` to keep it anyway.
    Duplicates(Vec<EpisodeRow>),
    /// Not saved: someone else saved first; this is what is stored now.
    Stale(EpisodeRow),
}

/// The FLS an episode belongs to, if the actor may write to it.
pub async fn writable_fls(app: &App, actor: &Actor, code: &str) -> Result<FlsRow> {
    orgs::fls_by_code(&app.db, &actor.access.write_patients, code.trim())
        .await?
        .ok_or_else(|| FieldError::new("fls_code", code, "fls_not_writable").into())
}

fn audit_json(row: &EpisodeRow) -> serde_json::Value {
    serde_json::to_value(row.to_input()).unwrap_or_default()
}

pub async fn create(
    app: &App,
    actor: &Actor,
    input: &EpisodeInput,
    confirm_duplicate: bool,
) -> Result<Saved> {
    let fls = writable_fls(app, actor, &input.fls_code).await?;
    let (e, warnings) = dataset::parse(
        input,
        &ParseOptions::new(today_in(app.now(), &fls.time_zone)),
    )?;
    if !confirm_duplicate {
        let dups = episodes::likely_duplicates(&app.db, fls.id, &e, None).await?;
        if !dups.is_empty() {
            // The answer shows these episodes: a read like any other.
            for d in &dups {
                let a = actor
                    .audit("episode.read")
                    .entity("episode", d.id)
                    .fls(d.fls_id)
                    .detail("shown as a likely duplicate");
                crate::audit::record(app, &a).await?;
            }
            return Ok(Saved::Duplicates(dups));
        }
    }
    let mut tx = app.db.begin().await?;
    let id = match episodes::insert(&mut tx, fls.id, &e, actor.user_id, app.now()).await {
        Err(liaison_store::StoreError::Conflict(_)) => {
            return Err(
                FieldError::new("fracture_date", &input.fracture_date, "episode_exists").into(),
            );
        }
        r => r?,
    };
    let row = episodes::get_tx(&mut tx, &FlsSet::All, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let a = actor
        .audit("episode.create")
        .entity("episode", id)
        .fls(fls.id)
        .change(None, Some(audit_json(&row)));
    audit::record(&mut tx, app.now(), &a).await?;
    tx.commit().await?;
    Ok(Saved::Done { row, warnings })
}

/// Change only the given fields, on top of what is stored now: a form or an API client sends
/// what its user changed, so a value someone else saved meanwhile is never written back
/// unchanged. A stale `version` saves nothing and answers what is stored (as `update`).
pub async fn patch(
    app: &App,
    actor: &Actor,
    id: i64,
    version: i64,
    changes: &[(String, String)],
) -> Result<Saved> {
    let current = episodes::get(&app.db, &actor.access.write_patients, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut input = current.to_input();
    let mut inv = liaison_domain::error::Invalid::default();
    for (k, v) in changes {
        if !input.set(k, v.clone()) {
            inv.push(FieldError::new(k, "", "column_unknown"));
        }
    }
    if !inv.is_empty() {
        return Err(ServiceError::Invalid(inv));
    }
    update(app, actor, id, version, &input).await
}

pub async fn update(
    app: &App,
    actor: &Actor,
    id: i64,
    version: i64,
    input: &EpisodeInput,
) -> Result<Saved> {
    let current = episodes::get(&app.db, &actor.access.write_patients, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if input.fls_code.trim() != current.fls_code {
        return Err(FieldError::new("fls_code", &input.fls_code, "fls_code_fixed").into());
    }
    let fls = writable_fls(app, actor, &current.fls_code).await?;
    let (e, warnings) = dataset::parse(
        input,
        &ParseOptions::new(today_in(app.now(), &fls.time_zone)),
    )?;
    let mut tx = app.db.begin().await?;
    let after = match episodes::update(
        &mut tx,
        &actor.access.write_patients,
        id,
        version,
        &e,
        actor.user_id,
        app.now(),
    )
    .await
    {
        Err(liaison_store::StoreError::Conflict(_)) => {
            return Err(
                FieldError::new("fracture_date", &input.fracture_date, "episode_exists").into(),
            );
        }
        r => r?,
    };
    let row = match after {
        Update::Stale(now) => {
            tx.rollback().await?;
            // The answer shows the record as stored now: a read like any other.
            let a = actor
                .audit("episode.read")
                .entity("episode", now.id)
                .fls(now.fls_id)
                .detail("shown after a conflicting save");
            crate::audit::record(app, &a).await?;
            return Ok(Saved::Stale(now));
        }
        Update::Done(row) => row,
    };
    if row.to_input() != current.to_input() {
        let a = actor
            .audit("episode.update")
            .entity("episode", id)
            .fls(fls.id)
            .change(Some(audit_json(&current)), Some(audit_json(&row)));
        audit::record(&mut tx, app.now(), &a).await?;
    }
    tx.commit().await?;
    Ok(Saved::Done { row, warnings })
}

/// Delete an episode: it leaves every list, read and KPI at once, and can be restored by
/// those with `restore_patients` for `deletion::RESTORE_DAYS`, after which
/// [`purge_deleted`] removes it for good.
pub async fn delete(app: &App, actor: &Actor, id: i64) -> Result<EpisodeRow> {
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let row = episodes::delete(
        &mut tx,
        &actor.access.write_patients,
        id,
        actor.user_id,
        now,
    )
    .await?
    .ok_or(ServiceError::NotFound)?;
    let a = actor
        .audit("episode.delete")
        .entity("episode", id)
        .fls(row.fls_id)
        .change(Some(audit_json(&row)), None);
    audit::record(&mut tx, now, &a).await?;
    tx.commit().await?;
    Ok(row)
}

/// The episodes of an FLS deleted within the restore period, for those who may restore them
/// (recorded in the audit trail as a read: the rows name patients).
pub async fn deleted(app: &App, actor: &Actor, fls_id: i64) -> Result<Vec<DeletedRow>> {
    let since = deletion::restorable_since(app.now());
    let rows = episodes::deleted(&app.db, &actor.access.restore_patients, fls_id, since).await?;
    let a = actor
        .audit("episode.list_deleted")
        .entity("episode", "")
        .fls(fls_id)
        .detail(format!("{} deleted episodes", rows.len()));
    crate::audit::record(app, &a).await?;
    Ok(rows)
}

/// Restore an episode deleted within the period. Refused while a live episode has its key
/// (the patient was registered again meanwhile): that one must go first, or stay.
pub async fn restore(app: &App, actor: &Actor, id: i64) -> Result<EpisodeRow> {
    let now = app.now();
    let since = deletion::restorable_since(now);
    let mut tx = app.db.begin().await?;
    let row = match episodes::restore(&mut tx, &actor.access.restore_patients, id, since).await {
        Err(liaison_store::StoreError::Conflict(_)) => {
            return Err(ServiceError::Conflict(
                ErrorCode::EpisodeExists,
                "Another episode of this FLS now has the same hospital number and fracture date; \
                 the deleted one was not restored."
                    .into(),
            ));
        }
        r => r?.ok_or(ServiceError::NotFound)?,
    };
    let a = actor
        .audit("episode.restore")
        .entity("episode", id)
        .fls(row.fls_id)
        .change(None, Some(audit_json(&row)));
    audit::record(&mut tx, now, &a).await?;
    tx.commit().await?;
    Ok(row)
}

/// Remove for good the episodes deleted before the restore period, each with an audit row
/// naming only its id (the values are in its `episode.delete` row). Run by the housekeeping;
/// the time is the app's clock. Returns how many were removed.
pub async fn purge_deleted(app: &App) -> Result<usize> {
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let gone = episodes::purge_deleted(&mut tx, deletion::restorable_since(now)).await?;
    for (id, fls_id) in &gone {
        let a = liaison_store::audit::Entry {
            actor: "housekeeping".into(),
            ip: "server".into(),
            action: "episode.purge".into(),
            outcome: liaison_store::audit::OK,
            ..Default::default()
        }
        .entity("episode", id)
        .fls(*fls_id)
        .detail(format!(
            "deleted more than {} days ago; removed for good",
            deletion::RESTORE_DAYS
        ));
        audit::record(&mut tx, now, &a).await?;
    }
    tx.commit().await?;
    Ok(gone.len())
}

/// Read one episode (recorded in the audit trail).
pub async fn read(app: &App, actor: &Actor, id: i64) -> Result<EpisodeRow> {
    let row = episodes::get(&app.db, &actor.access.read_patients, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let a = actor
        .audit("episode.read")
        .entity("episode", id)
        .fls(row.fls_id);
    crate::audit::record(app, &a).await?;
    Ok(row)
}

/// List episodes the actor may read (recorded in the audit trail with what was asked).
pub async fn list(
    app: &App,
    actor: &Actor,
    f: &Filter,
    limit: i64,
    offset: i64,
    what: &str,
) -> Result<(Vec<EpisodeRow>, i64)> {
    let (rows, total) =
        episodes::list(&app.db, &actor.access.read_patients, f, limit, offset).await?;
    let a = actor
        .audit(what)
        .entity("episode", "")
        .fls(f.fls_id)
        .detail(format!(
            "{} of {} rows; search {:?}; worklist {:?}",
            rows.len(),
            total,
            f.search.as_deref().unwrap_or(""),
            f.worklist.map(|w| w.0.code())
        ));
    crate::audit::record(app, &a).await?;
    Ok((rows, total))
}

/// The changes of one episode, newest first (reads and letter prints are in the audit trail).
pub async fn history(app: &App, row: &EpisodeRow) -> Result<Vec<AuditRow>> {
    let f = audit::Filter {
        entity_id: Some(row.id.to_string()),
        fls_id: Some(row.fls_id),
        ..Default::default()
    };
    let rows = audit::search(&app.db, &FlsSet::Only([row.fls_id].into()), &f, 200, 0).await?;
    Ok(rows
        .into_iter()
        .filter(|r| {
            r.entity == "episode"
                && !matches!(r.action.as_str(), "episode.read" | "episode.letter_printed")
        })
        .collect())
}

/// Load many valid episodes into one FLS in one transaction (demo data and benchmarks),
/// each creation audited like any other. Invalid inputs are an error and nothing is written.
pub async fn seed(
    app: &App,
    actor: &Actor,
    fls: &FlsRow,
    inputs: &[EpisodeInput],
) -> Result<usize> {
    let opts = ParseOptions::new(today_in(app.now(), &fls.time_zone));
    let mut parsed = Vec::with_capacity(inputs.len());
    for i in inputs {
        parsed.push(dataset::parse(i, &opts)?.0);
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    for e in &parsed {
        let id = episodes::insert(&mut tx, fls.id, e, actor.user_id, now).await?;
        let a = actor
            .audit("episode.create")
            .entity("episode", id)
            .fls(fls.id)
            .change(
                None,
                Some(serde_json::to_value(EpisodeInput::from(e)).unwrap_or_default()),
            )
            .detail("generated");
        audit::record(&mut tx, now, &a).await?;
    }
    tx.commit().await?;
    Ok(parsed.len())
}

pub fn episode(row: &EpisodeRow) -> Episode {
    row.to_episode()
}

/// Today's due and overdue counts of each worklist of one FLS of `scope`.
pub async fn worklist_counts(
    app: &App,
    scope: &FlsSet,
    fls_id: i64,
    today: Date,
) -> Result<Vec<(Worklist, i64)>> {
    Ok(episodes::worklist_counts(&app.db, scope, fls_id, today).await?)
}

/// The patient's timeline around `row` (issue 15): their live episodes in its FLS, read with
/// the actor's rights, oldest first (`row` included).
pub async fn timeline(app: &App, actor: &Actor, row: &EpisodeRow) -> Result<Vec<EpisodeRow>> {
    let rows = episodes::timeline(
        &app.db,
        &actor.access.read_patients,
        row.fls_id,
        &row.patient_ref,
    )
    .await?;
    for r in rows.iter().filter(|r| r.id != row.id) {
        let a = actor
            .audit("episode.read")
            .entity("episode", r.id)
            .fls(r.fls_id)
            .detail("shown in the patient's timeline");
        crate::audit::record(app, &a).await?;
    }
    Ok(rows)
}

/// The earlier episode of `row`'s patient offered `row`'s fracture as its refracture, if any
/// (domain `timeline::refracture_offer`); `timeline` is the patient's, as `timeline` reads it.
pub fn refracture_offer<'a>(
    timeline: &'a [EpisodeRow],
    row: &EpisodeRow,
) -> Option<&'a EpisodeRow> {
    let dates: Vec<_> = timeline
        .iter()
        .map(|r| (r.fracture_date, r.refracture_date))
        .collect();
    liaison_domain::timeline::refracture_offer(&dates, row.fracture_date).map(|i| &timeline[i])
}

/// Record `new`'s fracture as the refracture of the earlier episode `earlier_id`, once the
/// user confirmed: the normal save path (version check, audit row).
pub async fn accept_refracture(
    app: &App,
    actor: &Actor,
    earlier_id: i64,
    version: i64,
    new: &EpisodeRow,
) -> Result<Saved> {
    let changes = [
        ("refracture_date".to_string(), new.fracture_date.to_string()),
        (
            "refracture_site".to_string(),
            new.fracture_site.code().to_string(),
        ),
    ];
    patch(app, actor, earlier_id, version, &changes).await
}
