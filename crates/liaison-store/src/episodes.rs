//! Patient episodes. Every function takes the caller's FLS set: rows of other FLSs are
//! invisible, whatever the id asked for.

use crate::{
    Db, Result, StoreError, Tx, is_unique_violation, on_db, on_tx, placeholders, scope_condition,
};
use liaison_domain::access::FlsSet;
use liaison_domain::dataset::{self as ds, Cell, Episode, EpisodeInput, OwnedCell, Storage};
use liaison_domain::search;
use serde::Serialize;
use sqlx::{AssertSqlSafe, FromRow};
use std::sync::LazyLock;
use time::{Date, OffsetDateTime};

/// A stored episode: the dataset's columns and what the store keeps beside them.
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeRow {
    pub id: i64,
    pub fls_id: i64,
    pub episode: Episode,
    pub version: i64,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// `row.patient_ref` and the like read the episode's columns: a row is an episode plus its
/// stored metadata, and pages and exports read columns of rows everywhere.
impl std::ops::Deref for EpisodeRow {
    type Target = Episode;
    fn deref(&self) -> &Episode {
        &self.episode
    }
}

/// The same JSON as when every column was a field of its own: codes as their code, dates as
/// ISO text, decimals as numbers.
impl Serialize for EpisodeRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let rfc = |t: OffsetDateTime| t.format(&time::format_description::well_known::Rfc3339);
        let mut st = s.serialize_struct("EpisodeRow", ds::N_COLUMNS + 5)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("fls_id", &self.fls_id)?;
        for (name, cell) in ds::COLUMNS.iter().zip(self.episode.cells()) {
            match cell {
                Cell::Text(v) => st.serialize_field(name, &v)?,
                Cell::Date(v) => st.serialize_field(name, &v)?,
                Cell::Dec(v) => st.serialize_field(name, &v)?,
            }
        }
        st.serialize_field("version", &self.version)?;
        for (name, t) in [
            ("created_at", self.created_at),
            ("updated_at", self.updated_at),
        ] {
            st.serialize_field(name, &rfc(t).map_err(serde::ser::Error::custom)?)?;
        }
        st.end()
    }
}

/// The condition of a live (not deleted) episode; every index serving live reads is partial
/// on it (migration 0009), so it belongs in every such query.
pub(crate) const LIVE: &str = "e.deleted_at IS NULL";

/// The data columns, in dataset order: every column but `fls_code`, which is the FLS's
/// (stored as `fls_id`).
pub(crate) static DATA: LazyLock<String> = LazyLock::new(|| ds::COLUMNS[1..].join(", "));

pub(crate) const N_DATA: usize = ds::N_COLUMNS - 1;

// The data columns are the dataset's after the first: it must stay `fls_code`.
const _: () = assert!(matches!(ds::COLUMNS[0].as_bytes(), b"fls_code"));

/// The cells of the data columns (`DATA` order).
pub(crate) fn data_cells(e: &Episode) -> impl Iterator<Item = Cell<'_>> {
    e.cells().into_iter().skip(1)
}

/// `id, fls_id`, every column of the dataset, then `version, created_at, updated_at`: the
/// order `EpisodeRow`'s readers expect. Live episodes only: the join's condition leaves
/// deleted ones out, so every caller's `WHERE` adds to it and no read can forget it (the
/// deleted episodes have their own queries below).
pub(crate) fn select() -> String {
    let cols: Vec<String> = ds::COLUMNS
        .iter()
        .map(|c| match *c {
            "fls_code" => "f.code AS fls_code".to_string(),
            c => format!("e.{c}"),
        })
        .collect();
    format!(
        "SELECT e.id, e.fls_id, {}, e.version, e.created_at, e.updated_at \
         FROM episodes e JOIN fls f ON f.id = e.fls_id AND {LIVE}",
        cols.join(", ")
    )
}

impl<'r, R: sqlx::Row> FromRow<'r, R> for EpisodeRow
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    f64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Date: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    OffsetDateTime: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    fn from_row(r: &'r R) -> std::result::Result<Self, sqlx::Error> {
        let mut cells = Vec::with_capacity(ds::N_COLUMNS);
        for (name, kind) in ds::COLUMNS.iter().zip(ds::KINDS) {
            cells.push(match kind.storage() {
                Storage::Text => OwnedCell::Text(r.try_get(*name)?),
                Storage::Date => OwnedCell::Date(r.try_get(*name)?),
                Storage::Dec => OwnedCell::Dec(r.try_get(*name)?),
            });
        }
        Ok(EpisodeRow {
            id: r.try_get("id")?,
            fls_id: r.try_get("fls_id")?,
            episode: Episode::from_cells(cells).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            version: r.try_get("version")?,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
        })
    }
}

impl EpisodeRow {
    /// The stored values as dataset text (what the form shows and exports write).
    pub fn to_input(&self) -> EpisodeInput {
        EpisodeInput::from(&self.episode)
    }

    /// The typed episode.
    pub fn to_episode(&self) -> Episode {
        self.episode.clone()
    }
}

pub(crate) fn search_text(e: &Episode) -> String {
    format!("{} {} {}", e.patient_ref, e.family_name, e.given_names).to_lowercase()
}

/// Bind the data columns of an episode, in `DATA` order, then the rest.
macro_rules! bind_episode {
    ($q:expr, $e:expr) => {{
        let mut q = $q;
        for c in $crate::episodes::data_cells($e) {
            q = match c {
                liaison_domain::dataset::Cell::Text(v) => q.bind(v),
                liaison_domain::dataset::Cell::Date(v) => q.bind(v),
                liaison_domain::dataset::Cell::Dec(v) => q.bind(v),
            };
        }
        q
    }};
}

pub(crate) use bind_episode;

/// Insert a new episode of `fls_id` (the caller checked the right to write there).
pub async fn insert(
    tx: &mut Tx,
    fls_id: i64,
    e: &Episode,
    user: Option<i64>,
    now: OffsetDateTime,
) -> Result<i64> {
    let sql = format!(
        "INSERT INTO episodes ({}, fls_id, search_text, version, created_at, updated_at, created_by, updated_by) \
         VALUES ({}, ${}, ${}, 1, ${}, ${}, ${}, ${}) RETURNING id",
        *DATA,
        placeholders(1, N_DATA),
        N_DATA + 1,
        N_DATA + 2,
        N_DATA + 3,
        N_DATA + 3,
        N_DATA + 4,
        N_DATA + 4,
    );
    let r: std::result::Result<(i64,), sqlx::Error> = on_tx!(tx, c => {
        let q = sqlx::query_as(AssertSqlSafe(sql));
        bind_episode!(q, e).bind(fls_id).bind(search_text(e)).bind(now).bind(user).fetch_one(c).await
    });
    match r {
        Ok((id,)) => Ok(id),
        Err(err) if is_unique_violation(&err) => Err(StoreError::Conflict("episode_exists".into())),
        Err(err) => Err(err.into()),
    }
}

pub enum Update {
    Done(EpisodeRow),
    /// Someone saved since `expected_version`: here is what is stored now.
    Stale(EpisodeRow),
}

/// Update an episode if it is in `scope` and still at `expected_version`.
pub async fn update(
    tx: &mut Tx,
    scope: &FlsSet,
    id: i64,
    expected_version: i64,
    e: &Episode,
    user: Option<i64>,
    now: OffsetDateTime,
) -> Result<Update> {
    let current = get_tx(tx, scope, id).await?.ok_or(StoreError::NotFound)?;
    if current.version != expected_version {
        return Ok(Update::Stale(current));
    }
    let n = on_tx!(tx, c => {
        let q = sqlx::query(AssertSqlSafe(update_sql()));
        bind_episode!(q, e).bind(search_text(e)).bind(now).bind(user).bind(id).bind(expected_version).execute(c).await.map(|r| r.rows_affected())
    });
    let n = match n {
        Err(err) if is_unique_violation(&err) => {
            return Err(StoreError::Conflict("episode_exists".into()));
        }
        r => r?,
    };
    let after = get_tx(tx, scope, id).await?.ok_or(StoreError::NotFound)?;
    Ok(if n == 1 {
        Update::Done(after)
    } else {
        Update::Stale(after)
    })
}

/// `UPDATE` of an episode's data at an expected version: the data columns are `$1..$N_DATA`
/// (`DATA` order), then search text, time, user, id and expected version.
pub(crate) fn update_sql() -> String {
    let sets: Vec<String> = ds::COLUMNS[1..]
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect();
    format!(
        "UPDATE episodes SET {}, search_text = ${}, version = version + 1, updated_at = ${}, updated_by = ${} \
         WHERE id = ${} AND version = ${} AND deleted_at IS NULL",
        sets.join(", "),
        N_DATA + 1,
        N_DATA + 2,
        N_DATA + 3,
        N_DATA + 4,
        N_DATA + 5
    )
}

/// Mark a live episode of `scope` deleted (it stays, restorable, until [`purge_deleted`]).
pub async fn delete(
    tx: &mut Tx,
    scope: &FlsSet,
    id: i64,
    user: Option<i64>,
    now: OffsetDateTime,
) -> Result<Option<EpisodeRow>> {
    let Some(row) = get_tx(tx, scope, id).await? else {
        return Ok(None);
    };
    const SQL: &str = "UPDATE episodes SET deleted_at = $2, deleted_by = $3 \
        WHERE id = $1 AND deleted_at IS NULL";
    on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(now).bind(user).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(Some(row))
}

/// A deleted episode, as the restore page lists it.
#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct DeletedRow {
    pub id: i64,
    pub fls_id: i64,
    pub patient_ref: String,
    pub fracture_date: Date,
    pub fracture_site: String,
    pub deleted_at: OffsetDateTime,
    pub deleted_by: Option<i64>,
    /// The deleting user's name, or address when they gave no name.
    pub deleted_by_name: Option<String>,
}

/// The episodes of `fls_id` (in `scope`) deleted at or after `since`, newest first.
pub async fn deleted(
    db: &Db,
    scope: &FlsSet,
    fls_id: i64,
    since: OffsetDateTime,
) -> Result<Vec<DeletedRow>> {
    if !scope.contains(fls_id) {
        return Ok(vec![]);
    }
    const SQL: &str = "SELECT e.id, e.fls_id, e.patient_ref, e.fracture_date, e.fracture_site, \
        e.deleted_at, e.deleted_by, \
        CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS deleted_by_name \
        FROM episodes e LEFT JOIN users u ON u.id = e.deleted_by \
        WHERE e.deleted_at IS NOT NULL AND e.deleted_at >= $2 AND e.fls_id = $1 \
        ORDER BY e.deleted_at DESC, e.id DESC";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(fls_id).bind(since).fetch_all(p).await)?)
}

/// Make a deleted episode of `scope`, deleted at or after `since`, live again. `None`: no such
/// deleted episode; `Conflict("episode_exists")`: a live episode now has its key.
pub async fn restore(
    tx: &mut Tx,
    scope: &FlsSet,
    id: i64,
    since: OffsetDateTime,
) -> Result<Option<EpisodeRow>> {
    const FIND: &str =
        "SELECT fls_id FROM episodes WHERE id = $1 AND deleted_at IS NOT NULL AND deleted_at >= $2";
    let fls: Option<(i64,)> =
        on_tx!(tx, c => sqlx::query_as(FIND).bind(id).bind(since).fetch_optional(c).await)?;
    if !fls.is_some_and(|(f,)| scope.contains(f)) {
        return Ok(None);
    }
    const SQL: &str = "UPDATE episodes SET deleted_at = NULL, deleted_by = NULL WHERE id = $1";
    let r = on_tx!(tx, c => sqlx::query(SQL).bind(id).execute(c).await.map(|r| r.rows_affected()));
    match r {
        Err(err) if is_unique_violation(&err) => {
            return Err(StoreError::Conflict("episode_exists".into()));
        }
        r => r?,
    };
    get_tx(tx, scope, id).await
}

/// Remove for good every episode deleted before `before`: (id, fls_id) of each.
pub async fn purge_deleted(tx: &mut Tx, before: OffsetDateTime) -> Result<Vec<(i64, i64)>> {
    const SQL: &str = "DELETE FROM episodes WHERE deleted_at IS NOT NULL AND deleted_at < $1 \
        RETURNING id, fls_id";
    Ok(on_tx!(tx, c => sqlx::query_as(SQL).bind(before).fetch_all(c).await)?)
}

pub async fn get(db: &Db, scope: &FlsSet, id: i64) -> Result<Option<EpisodeRow>> {
    let sql = format!("{} WHERE e.id = $1", select());
    let row: Option<EpisodeRow> =
        on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)?;
    Ok(row.filter(|r| scope.contains(r.fls_id)))
}

pub async fn get_tx(tx: &mut Tx, scope: &FlsSet, id: i64) -> Result<Option<EpisodeRow>> {
    let sql = format!("{} WHERE e.id = $1", select());
    let row: Option<EpisodeRow> =
        on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?;
    Ok(row.filter(|r| scope.contains(r.fls_id)))
}

/// One patient's timeline (issue 15): the live episodes of `patient_ref` in one FLS, in
/// fracture-date order. Empty outside `scope`: another FLS's episodes are never a match.
pub async fn timeline(
    db: &Db,
    scope: &FlsSet,
    fls_id: i64,
    patient_ref: &str,
) -> Result<Vec<EpisodeRow>> {
    if !scope.contains(fls_id) {
        return Ok(vec![]);
    }
    let sql = format!(
        "{} WHERE e.fls_id = $1 AND e.patient_ref = $2 ORDER BY e.fracture_date, e.id",
        select()
    );
    Ok(
        on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(fls_id).bind(patient_ref).fetch_all(p).await)?,
    )
}

/// The episode with this key, if any (imports update by key).
pub async fn by_key_tx(
    tx: &mut Tx,
    fls_id: i64,
    patient_ref: &str,
    fracture_date: Date,
) -> Result<Option<EpisodeRow>> {
    let sql = format!(
        "{} WHERE e.fls_id = $1 AND e.patient_ref = $2 AND e.fracture_date = $3",
        select()
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql)).bind(fls_id).bind(patient_ref).bind(fracture_date).fetch_optional(c).await)?,
    )
}

/// The worklists of an FLS (issue 3); the windows come from the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Worklist {
    AwaitingAssessment,
    DxaPending,
    TreatmentNotStarted,
    Followup16,
    Review52,
    /// A recent fracture of a patient the FLS already knew (issue 15): the team reviews why
    /// the earlier episode's care did not prevent it.
    NewFractureKnownPatient,
}

/// How far back the "new fracture of a known patient" list looks, in days.
pub const RECENT_FRACTURE_DAYS: i64 = 90;

impl Worklist {
    pub const ALL: [Worklist; 6] = [
        Worklist::AwaitingAssessment,
        Worklist::DxaPending,
        Worklist::TreatmentNotStarted,
        Worklist::Followup16,
        Worklist::Review52,
        Worklist::NewFractureKnownPatient,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Worklist::AwaitingAssessment => "awaiting-assessment",
            Worklist::DxaPending => "dxa-pending",
            Worklist::TreatmentNotStarted => "treatment-not-started",
            Worklist::Followup16 => "followup-16",
            Worklist::Review52 => "review-52",
            Worklist::NewFractureKnownPatient => "new-fracture-known-patient",
        }
    }
    pub fn parse(s: &str) -> Option<Worklist> {
        Worklist::ALL.into_iter().find(|w| w.code() == s)
    }
    /// Days after the fracture the step is due, and how many days ahead a step counts as "due".
    pub fn window(self) -> (i64, i64) {
        match self {
            Worklist::AwaitingAssessment | Worklist::DxaPending => (84, 14),
            Worklist::TreatmentNotStarted | Worklist::Followup16 => (112, 14),
            Worklist::Review52 => (364, 28),
            // Due until it leaves the list 90 days after the fracture, so never overdue.
            Worklist::NewFractureKnownPatient => (RECENT_FRACTURE_DAYS, RECENT_FRACTURE_DAYS),
        }
    }
    fn condition(self) -> &'static str {
        match self {
            Worklist::AwaitingAssessment => "e.fls_assessment_date IS NULL",
            Worklist::DxaPending => "e.dxa_date IS NULL AND e.dxa_status IS NULL",
            Worklist::TreatmentNotStarted => {
                "e.aom_recommendation = 'recommended' AND e.aom_start_date IS NULL"
            }
            Worklist::Followup16 => {
                "e.first_followup_date IS NULL AND e.aom_recommendation IN ('recommended', 'continue')"
            }
            Worklist::Review52 => {
                "e.second_followup_date IS NULL AND e.aom_recommendation IN ('recommended', 'continue')"
            }
            Worklist::NewFractureKnownPatient => {
                "EXISTS (SELECT 1 FROM episodes k WHERE k.fls_id = e.fls_id \
                 AND k.patient_ref = e.patient_ref AND k.fracture_date < e.fracture_date \
                 AND k.deleted_at IS NULL)"
            }
        }
    }
    /// Whether the list keeps only steps already due (follow-ups) or every open one.
    fn only_due(self) -> bool {
        matches!(self, Worklist::Followup16 | Worklist::Review52)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueState {
    All,
    Due,
    Overdue,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub fls_id: Option<i64>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// A fragment of the patient reference or names (any case).
    pub search: Option<String>,
    pub site: Option<String>,
    pub setting: Option<String>,
    pub worklist: Option<(Worklist, DueState, Date)>,
    /// Whitelisted column and direction.
    pub sort: Option<(String, bool)>,
}

pub const SORTABLE: [&str; 5] = [
    "fracture_date",
    "patient_ref",
    "birth_date",
    "fracture_site",
    "updated_at",
];

enum Bind {
    I(i64),
    T(String),
    D(Date),
}

fn build(scope: &FlsSet, f: &Filter) -> Option<(String, Vec<Bind>)> {
    let mut conds: Vec<String> = vec![LIVE.to_string()];
    let mut binds: Vec<Bind> = Vec::new();
    let (cond, ids) = scope_condition("e.fls_id", scope, 1)?;
    if !cond.is_empty() {
        conds.push(cond);
        binds.extend(ids.into_iter().map(Bind::I));
    }
    let mut push = |sql: &str, b: Bind, conds: &mut Vec<String>| {
        binds.push(b);
        conds.push(sql.replace('?', &format!("${}", binds.len())));
    };
    if let Some(id) = f.fls_id {
        push("e.fls_id = ?", Bind::I(id), &mut conds);
    }
    if let Some(d) = f.from {
        push("e.fracture_date >= ?", Bind::D(d), &mut conds);
    }
    if let Some(d) = f.to {
        push("e.fracture_date <= ?", Bind::D(d), &mut conds);
    }
    // Every word must match, in any order; a date is a date of birth (domain `search`).
    for term in f.search.as_deref().map(search::terms).unwrap_or_default() {
        match term {
            search::Term::Text(s) => {
                let escaped = s
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                push(
                    "e.search_text LIKE ? ESCAPE '\\'",
                    Bind::T(format!("%{escaped}%")),
                    &mut conds,
                );
            }
            search::Term::BirthDate(d) => push("e.birth_date = ?", Bind::D(d), &mut conds),
        }
    }
    if let Some(s) = &f.site {
        push("e.fracture_site = ?", Bind::T(s.clone()), &mut conds);
    }
    if let Some(s) = &f.setting {
        push("e.setting = ?", Bind::T(s.clone()), &mut conds);
    }
    if let Some((w, state, today)) = f.worklist {
        // Nobody is worked on after death or once the FLS closed the episode (dataset v2).
        conds.push(format!(
            "{} AND e.death_date IS NULL AND e.closed_date IS NULL",
            w.condition()
        ));
        if w == Worklist::NewFractureKnownPatient {
            let since = today - time::Duration::days(RECENT_FRACTURE_DAYS);
            push("e.fracture_date >= ?", Bind::D(since), &mut conds);
            push("e.fracture_date <= ?", Bind::D(today), &mut conds);
        }
        let (due_days, ahead) = w.window();
        // fracture + due_days < today  <=>  overdue; within `ahead` days  <=>  due.
        let overdue_before = today - time::Duration::days(due_days);
        let due_until = today + time::Duration::days(ahead) - time::Duration::days(due_days);
        match state {
            DueState::Overdue => push("e.fracture_date < ?", Bind::D(overdue_before), &mut conds),
            DueState::Due => {
                push("e.fracture_date >= ?", Bind::D(overdue_before), &mut conds);
                push("e.fracture_date <= ?", Bind::D(due_until), &mut conds);
            }
            DueState::All if w.only_due() => {
                push("e.fracture_date <= ?", Bind::D(due_until), &mut conds)
            }
            DueState::All => {}
        }
    }
    let where_ = format!(" WHERE {}", conds.join(" AND "));
    Some((where_, binds))
}

macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = match b {
                Bind::I(v) => q.bind(*v),
                Bind::T(v) => q.bind(v.clone()),
                Bind::D(v) => q.bind(*v),
            };
        }
        q
    }};
}

/// The episodes of one FLS in key order (patient_ref, fracture_date), `limit` after the key
/// `after`: an export reads page after page along the unique key's index, each page as fast as
/// the first (OFFSET paging rereads every row before the page). Empty outside `scope`.
pub async fn key_page(
    db: &Db,
    scope: &FlsSet,
    fls_id: i64,
    after: Option<(&str, Date)>,
    limit: i64,
) -> Result<Vec<EpisodeRow>> {
    if !scope.contains(fls_id) {
        return Ok(vec![]);
    }
    let order = format!(
        "ORDER BY e.patient_ref, e.fracture_date LIMIT {}",
        limit.clamp(1, 1_000_000)
    );
    Ok(match after {
        None => {
            let sql = format!("{} WHERE e.fls_id = $1 {order}", select());
            on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(fls_id).fetch_all(p).await)?
        }
        Some((r, d)) => {
            let sql = format!(
                "{} WHERE e.fls_id = $1 AND (e.patient_ref > $2 OR (e.patient_ref = $2 AND e.fracture_date > $3)) {order}",
                select()
            );
            on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(fls_id).bind(r).bind(d).fetch_all(p).await)?
        }
    })
}

/// Episodes of `scope` matching `f`, a page at a time, with the total.
pub async fn list(
    db: &Db,
    scope: &FlsSet,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<EpisodeRow>, i64)> {
    let Some((where_, binds)) = build(scope, f) else {
        return Ok((vec![], 0));
    };
    // The count reads only the episodes table (and the worklists' partial indexes).
    let count_sql = format!("SELECT COUNT(*) FROM episodes e{where_}");
    let sql = format!("{}{where_}", select());
    let (col, desc) = f
        .sort
        .clone()
        .filter(|(c, _)| SORTABLE.contains(&c.as_str()))
        .unwrap_or(("fracture_date".into(), false));
    let page_sql = format!(
        "{sql} ORDER BY e.{col} {}, e.id LIMIT {} OFFSET {}",
        if desc { "DESC" } else { "ASC" },
        limit.clamp(0, 1_000_000),
        offset.max(0)
    );
    let (rows, total): (Vec<EpisodeRow>, (i64,)) = on_db!(db, p => {
        let rows = if limit > 0 {
            bind_all!(sqlx::query_as(AssertSqlSafe(page_sql)), &binds).fetch_all(p).await?
        } else {
            Vec::new()
        };
        let total = bind_all!(sqlx::query_as(AssertSqlSafe(count_sql)), &binds).fetch_one(p).await?;
        (rows, total)
    });
    Ok((rows, total.0))
}

/// How many episodes each worklist of one FLS holds (state "all"): one count per list, each
/// answered from that list's partial index.
pub async fn worklist_counts(
    db: &Db,
    scope: &FlsSet,
    fls_id: i64,
    today: Date,
) -> Result<Vec<(Worklist, i64)>> {
    if !scope.contains(fls_id) {
        return Ok(vec![]);
    }
    let mut out = Vec::new();
    for w in Worklist::ALL {
        let f = Filter {
            fls_id: Some(fls_id),
            worklist: Some((w, DueState::All, today)),
            ..Default::default()
        };
        let (_, n) = list(db, &FlsSet::Only([fls_id].into()), &f, 0, 0).await?;
        out.push((w, n));
    }
    Ok(out)
}

/// Today's due and overdue counts of each worklist of one FLS (a coordinator's home): the
/// same filters as the worklist pages' `state=due` and `state=overdue`, so the figures match
/// the lists they link to. Empty outside `scope`.
pub async fn worklist_due_counts(
    db: &Db,
    scope: &FlsSet,
    fls_id: i64,
    today: Date,
) -> Result<Vec<(Worklist, i64, i64)>> {
    if !scope.contains(fls_id) {
        return Ok(vec![]);
    }
    let only = FlsSet::Only([fls_id].into());
    let mut out = Vec::new();
    for w in Worklist::ALL {
        let mut n = [0i64; 2];
        for (i, state) in [DueState::Due, DueState::Overdue].into_iter().enumerate() {
            let f = Filter {
                fls_id: Some(fls_id),
                worklist: Some((w, state, today)),
                ..Default::default()
            };
            n[i] = list(db, &only, &f, 0, 0).await?.1;
        }
        out.push((w, n[0], n[1]));
    }
    Ok(out)
}

/// Likely duplicates of a new or changed episode, within its FLS: the same hospital number,
/// or the same birth date and sex with a fracture within 30 days.
pub async fn likely_duplicates(
    db: &Db,
    fls_id: i64,
    e: &Episode,
    except: Option<i64>,
) -> Result<Vec<EpisodeRow>> {
    let sql = format!(
        "{} WHERE e.fls_id = $1 AND e.id <> $2 AND (e.patient_ref = $3 OR (e.birth_date = $4 AND e.sex = $5 \
         AND e.fracture_date >= $6 AND e.fracture_date <= $7)) ORDER BY e.fracture_date LIMIT 20",
        select()
    );
    let lo = e.fracture_date - time::Duration::days(30);
    let hi = e.fracture_date + time::Duration::days(30);
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql))
        .bind(fls_id).bind(except.unwrap_or(-1)).bind(&e.patient_ref).bind(e.birth_date).bind(e.sex.code()).bind(lo).bind(hi)
        .fetch_all(p).await)?)
}

pub async fn count(db: &Db, scope: &FlsSet) -> Result<i64> {
    let (_, n) = list(db, scope, &Filter::default(), 0, 0).await?;
    Ok(n)
}
