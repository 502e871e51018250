//! Patient episodes. Every function takes the caller's FLS set: rows of other FLSs are
//! invisible, whatever the id asked for.

use crate::{
    Db, Result, StoreError, Tx, is_unique_violation, on_db, on_tx, placeholders, scope_condition,
};
use liaison_domain::access::FlsSet;
use liaison_domain::dataset::{self as ds, Episode, EpisodeInput};
use serde::Serialize;
use sqlx::{AssertSqlSafe, FromRow};
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct EpisodeRow {
    pub id: i64,
    pub fls_id: i64,
    pub fls_code: String,
    pub patient_ref: String,
    pub fracture_date: Date,
    pub sex: String,
    pub birth_date: Date,
    pub death_date: Option<Date>,
    pub family_name: String,
    pub given_names: String,
    pub phone: String,
    pub primary_care_contact: String,
    pub fracture_site: String,
    pub spine_detection: Option<String>,
    pub fracture_icd10: Option<String>,
    pub setting: String,
    pub identified_date: Option<Date>,
    pub identification_route: Option<String>,
    pub fls_assessment_date: Option<Date>,
    pub dxa_status: Option<String>,
    pub dxa_date: Option<Date>,
    pub t_score_lumbar_spine: Option<f64>,
    pub t_score_total_hip: Option<f64>,
    pub t_score_femoral_neck: Option<f64>,
    pub frax_major_pct: Option<f64>,
    pub frax_hip_pct: Option<f64>,
    pub falls_assessment: Option<String>,
    pub aom_recommendation: Option<String>,
    pub aom_recommended_atc: Option<String>,
    pub aom_start_date: Option<Date>,
    pub aom_start_atc: Option<String>,
    pub strength_balance_date: Option<Date>,
    pub first_followup_date: Option<Date>,
    pub second_followup_date: Option<Date>,
    pub aom_at_52_weeks: Option<String>,
    pub refracture_date: Option<Date>,
    pub refracture_site: Option<String>,
    pub notes: String,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// The data columns, in dataset order (after fls_code).
pub(crate) const DATA: &str = "patient_ref, fracture_date, sex, birth_date, death_date, family_name, given_names, phone, \
    primary_care_contact, fracture_site, spine_detection, fracture_icd10, setting, identified_date, \
    identification_route, fls_assessment_date, dxa_status, dxa_date, t_score_lumbar_spine, t_score_total_hip, \
    t_score_femoral_neck, frax_major_pct, frax_hip_pct, falls_assessment, aom_recommendation, aom_recommended_atc, \
    aom_start_date, aom_start_atc, strength_balance_date, first_followup_date, second_followup_date, \
    aom_at_52_weeks, refracture_date, refracture_site, notes";

pub(crate) fn select() -> String {
    let cols: Vec<String> = DATA.split(',').map(|c| format!("e.{}", c.trim())).collect();
    format!(
        "SELECT e.id, e.fls_id, f.code AS fls_code, {}, e.version, e.created_at, e.updated_at \
         FROM episodes e JOIN fls f ON f.id = e.fls_id",
        cols.join(", ")
    )
}

impl EpisodeRow {
    /// The stored values as dataset text (what the form shows and exports write).
    pub fn to_input(&self) -> EpisodeInput {
        EpisodeInput::from(&self.to_episode())
    }

    /// The typed episode. Stored rows passed validation when written, so codes parse.
    pub fn to_episode(&self) -> Episode {
        fn p(v: &Option<String>) -> &str {
            v.as_deref().unwrap_or("")
        }
        Episode {
            fls_code: self.fls_code.clone(),
            patient_ref: self.patient_ref.clone(),
            fracture_date: self.fracture_date,
            sex: ds::Sex::parse(&self.sex).unwrap_or(ds::Sex::U),
            birth_date: self.birth_date,
            death_date: self.death_date,
            family_name: self.family_name.clone(),
            given_names: self.given_names.clone(),
            phone: self.phone.clone(),
            primary_care_contact: self.primary_care_contact.clone(),
            fracture_site: ds::FractureSite::parse(&self.fracture_site)
                .unwrap_or(ds::FractureSite::Other),
            spine_detection: ds::SpineDetection::parse(p(&self.spine_detection)),
            fracture_icd10: self.fracture_icd10.clone(),
            setting: ds::Setting::parse(&self.setting).unwrap_or(ds::Setting::Outpatient),
            identified_date: self.identified_date,
            identification_route: ds::IdentificationRoute::parse(p(&self.identification_route)),
            fls_assessment_date: self.fls_assessment_date,
            dxa_status: ds::DxaStatus::parse(p(&self.dxa_status)),
            dxa_date: self.dxa_date,
            t_score_lumbar_spine: self.t_score_lumbar_spine,
            t_score_total_hip: self.t_score_total_hip,
            t_score_femoral_neck: self.t_score_femoral_neck,
            frax_major_pct: self.frax_major_pct,
            frax_hip_pct: self.frax_hip_pct,
            falls_assessment: ds::FallsAssessment::parse(p(&self.falls_assessment)),
            aom_recommendation: ds::AomRecommendation::parse(p(&self.aom_recommendation)),
            aom_recommended_atc: self.aom_recommended_atc.clone(),
            aom_start_date: self.aom_start_date,
            aom_start_atc: self.aom_start_atc.clone(),
            strength_balance_date: self.strength_balance_date,
            first_followup_date: self.first_followup_date,
            second_followup_date: self.second_followup_date,
            aom_at_52_weeks: ds::YesNoUnknown::parse(p(&self.aom_at_52_weeks)),
            refracture_date: self.refracture_date,
            refracture_site: ds::FractureSite::parse(p(&self.refracture_site)),
            notes: self.notes.clone(),
        }
    }
}

pub(crate) fn search_text(e: &Episode) -> String {
    format!("{} {} {}", e.patient_ref, e.family_name, e.given_names).to_lowercase()
}

/// Bind the data columns of an episode, in `DATA` order, then the rest.
macro_rules! bind_episode {
    ($q:expr, $e:expr) => {{
        let e = $e;
        $q.bind(&e.patient_ref)
            .bind(e.fracture_date)
            .bind(e.sex.code())
            .bind(e.birth_date)
            .bind(e.death_date)
            .bind(&e.family_name)
            .bind(&e.given_names)
            .bind(&e.phone)
            .bind(&e.primary_care_contact)
            .bind(e.fracture_site.code())
            .bind(e.spine_detection.map(|v| v.code()))
            .bind(e.fracture_icd10.as_deref())
            .bind(e.setting.code())
            .bind(e.identified_date)
            .bind(e.identification_route.map(|v| v.code()))
            .bind(e.fls_assessment_date)
            .bind(e.dxa_status.map(|v| v.code()))
            .bind(e.dxa_date)
            .bind(e.t_score_lumbar_spine)
            .bind(e.t_score_total_hip)
            .bind(e.t_score_femoral_neck)
            .bind(e.frax_major_pct)
            .bind(e.frax_hip_pct)
            .bind(e.falls_assessment.map(|v| v.code()))
            .bind(e.aom_recommendation.map(|v| v.code()))
            .bind(e.aom_recommended_atc.as_deref())
            .bind(e.aom_start_date)
            .bind(e.aom_start_atc.as_deref())
            .bind(e.strength_balance_date)
            .bind(e.first_followup_date)
            .bind(e.second_followup_date)
            .bind(e.aom_at_52_weeks.map(|v| v.code()))
            .bind(e.refracture_date)
            .bind(e.refracture_site.map(|v| v.code()))
            .bind(&e.notes)
    }};
}

pub(crate) use bind_episode;

pub(crate) const N_DATA: usize = 35;

/// Insert a new episode of `fls_id` (the caller checked the right to write there).
pub async fn insert(
    tx: &mut Tx,
    fls_id: i64,
    e: &Episode,
    user: Option<i64>,
    now: OffsetDateTime,
) -> Result<i64> {
    let sql = format!(
        "INSERT INTO episodes ({DATA}, fls_id, search_text, version, created_at, updated_at, created_by, updated_by) \
         VALUES ({}, ${}, ${}, 1, ${}, ${}, ${}, ${}) RETURNING id",
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

/// `UPDATE` of an episode's data at an expected version: the data columns are `$1..$35`
/// (`DATA` order), then search text, time, user, id and expected version.
pub(crate) fn update_sql() -> String {
    let sets: Vec<String> = DATA
        .split(',')
        .enumerate()
        .map(|(i, c)| format!("{} = ${}", c.trim(), i + 1))
        .collect();
    format!(
        "UPDATE episodes SET {}, search_text = ${}, version = version + 1, updated_at = ${}, updated_by = ${} \
         WHERE id = ${} AND version = ${}",
        sets.join(", "),
        N_DATA + 1,
        N_DATA + 2,
        N_DATA + 3,
        N_DATA + 4,
        N_DATA + 5
    )
}

pub async fn delete(tx: &mut Tx, scope: &FlsSet, id: i64) -> Result<Option<EpisodeRow>> {
    let Some(row) = get_tx(tx, scope, id).await? else {
        return Ok(None);
    };
    const SQL: &str = "DELETE FROM episodes WHERE id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(Some(row))
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
}

impl Worklist {
    pub const ALL: [Worklist; 5] = [
        Worklist::AwaitingAssessment,
        Worklist::DxaPending,
        Worklist::TreatmentNotStarted,
        Worklist::Followup16,
        Worklist::Review52,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Worklist::AwaitingAssessment => "awaiting-assessment",
            Worklist::DxaPending => "dxa-pending",
            Worklist::TreatmentNotStarted => "treatment-not-started",
            Worklist::Followup16 => "followup-16",
            Worklist::Review52 => "review-52",
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
    let mut conds: Vec<String> = Vec::new();
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
    if let Some(s) = f
        .search
        .as_ref()
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
    {
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
    if let Some(s) = &f.site {
        push("e.fracture_site = ?", Bind::T(s.clone()), &mut conds);
    }
    if let Some(s) = &f.setting {
        push("e.setting = ?", Bind::T(s.clone()), &mut conds);
    }
    if let Some((w, state, today)) = f.worklist {
        conds.push(format!("{} AND e.death_date IS NULL", w.condition()));
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
    let where_ = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
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
