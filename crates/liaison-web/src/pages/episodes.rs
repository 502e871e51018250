//! The registry pages: the FLS's patient list and search, registering a fracture, the episode
//! page with its pathway and history, and the worklists with their exports.

use super::FormErrors;
use crate::AppState;
use crate::ctx::{Ctx, Signed, deny, html, see_other, unprocessable};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use liaison_app::ServiceError;
use liaison_app::audit::AuditRow;
use liaison_app::episodes::{self as svc, Saved};
use liaison_app::episodes::{DueState, EpisodeRow, Filter, Worklist};
use liaison_app::orgs::FlsRow;
use liaison_domain::dataset::{self as ds, EpisodeInput};
use liaison_domain::pathway::{self, Step};
use serde::Deserialize;

/// One input of the episode form, ready for the template.
pub struct FieldView {
    pub name: &'static str,
    pub label: String,
    pub value: String,
    /// `text`, `date`, `decimal`, `select`, `textarea`
    pub kind: &'static str,
    pub options: Vec<(String, String)>,
    pub error: String,
}

pub struct Group {
    pub key: &'static str,
    pub title: String,
    pub fields: Vec<FieldView>,
}

const GROUPS: &[(&str, &[&str])] = &[
    (
        "identity",
        &[
            "patient_ref",
            "fracture_date",
            "sex",
            "birth_date",
            "death_date",
        ],
    ),
    (
        "contact",
        &[
            "family_name",
            "given_names",
            "phone",
            "primary_care_contact",
        ],
    ),
    (
        "fracture",
        &[
            "fracture_site",
            "spine_detection",
            "fracture_icd10",
            "setting",
            "identified_date",
            "identification_route",
        ],
    ),
    (
        "assessment",
        &[
            "fls_assessment_date",
            "dxa_status",
            "dxa_date",
            "t_score_lumbar_spine",
            "t_score_total_hip",
            "t_score_femoral_neck",
            "frax_major_pct",
            "frax_hip_pct",
            "falls_assessment",
        ],
    ),
    (
        "treatment",
        &[
            "aom_recommendation",
            "aom_recommended_atc",
            "aom_start_date",
            "aom_start_atc",
            "strength_balance_date",
        ],
    ),
    (
        "followup",
        &[
            "first_followup_date",
            "second_followup_date",
            "aom_at_52_weeks",
            "refracture_date",
            "refracture_site",
        ],
    ),
    ("notes", &["notes"]),
];

/// The fields of the short registration form: key fields first.
const SHORT: &[&str] = &[
    "patient_ref",
    "fracture_date",
    "sex",
    "birth_date",
    "fracture_site",
    "spine_detection",
    "setting",
    "family_name",
    "given_names",
];

fn options(ctx: &Ctx, name: &str) -> Option<Vec<(String, String)>> {
    let codes: Vec<&'static str> = match name {
        "sex" => ds::Sex::codes(),
        "fracture_site" | "refracture_site" => ds::FractureSite::codes(),
        "spine_detection" => ds::SpineDetection::codes(),
        "setting" => ds::Setting::codes(),
        "identification_route" => ds::IdentificationRoute::codes(),
        "dxa_status" => ds::DxaStatus::codes(),
        "falls_assessment" => ds::FallsAssessment::codes(),
        "aom_recommendation" => ds::AomRecommendation::codes(),
        "aom_at_52_weeks" => ds::YesNoUnknown::codes(),
        "aom_recommended_atc" | "aom_start_atc" => {
            let mut v = vec![(String::new(), "—".to_string())];
            v.extend(
                ds::ATC
                    .iter()
                    .filter(|(c, _)| !c.ends_with('*'))
                    .map(|(c, n)| (c.to_string(), format!("{n} ({c})"))),
            );
            return Some(v);
        }
        _ => return None,
    };
    let kind = if name == "refracture_site" {
        "fracture_site"
    } else {
        name
    };
    let mut v = vec![(String::new(), "—".to_string())];
    v.extend(
        codes
            .into_iter()
            .map(|c| (c.to_string(), ctx.t(&format!("opt-{kind}-{c}")))),
    );
    Some(v)
}

fn field_view(
    ctx: &Ctx,
    input: &EpisodeInput,
    errors: &FormErrors,
    name: &'static str,
) -> FieldView {
    let value = input.get(name).unwrap_or("").to_string();
    let opts = options(ctx, name);
    let kind = if opts.is_some() {
        "select"
    } else if name == "notes" {
        "textarea"
    } else if name.ends_with("_date") {
        "date"
    } else if name.starts_with("t_score") || name.starts_with("frax") {
        "decimal"
    } else {
        "text"
    };
    let mut options = opts.unwrap_or_default();
    // A stored code outside the list (an ATC sub-code, say) stays selectable.
    if kind == "select" && !value.is_empty() && !options.iter().any(|(v, _)| *v == value) {
        options.push((value.clone(), value.clone()));
    }
    FieldView {
        name,
        label: ctx.tr.field(name),
        value,
        kind,
        options,
        error: errors.for_field(name),
    }
}

fn groups(ctx: &Ctx, input: &EpisodeInput, errors: &FormErrors) -> Vec<Group> {
    GROUPS
        .iter()
        .map(|(key, names)| Group {
            key,
            title: ctx.t(&format!("group-episode-{key}")),
            fields: names
                .iter()
                .map(|n| field_view(ctx, input, errors, n))
                .collect(),
        })
        .collect()
}

async fn readable(app: &AppState, who: &Signed, code: &str) -> Result<FlsRow, AppError> {
    match liaison_app::orgs::fls_by_code(app, &who.s.access.read_patients, code).await? {
        Some(f) => Ok(f),
        None => Err(deny(app, who, "patients").await),
    }
}

async fn writable(app: &AppState, who: &Signed, code: &str) -> Result<FlsRow, AppError> {
    match liaison_app::orgs::fls_by_code(app, &who.s.access.write_patients, code).await? {
        Some(f) => Ok(f),
        None => Err(deny(app, who, "patients write").await),
    }
}

// ---- list and search ----

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub site: String,
    #[serde(default)]
    pub page: i64,
}

#[derive(Template)]
#[template(path = "episodes.html")]
struct ListPage {
    ctx: Ctx,
    f: FlsRow,
    q: ListQuery,
    rows: Vec<EpisodeRow>,
    total: i64,
    page: i64,
    pages: i64,
    sites: Vec<(String, String)>,
    errors: FormErrors,
    can_write: bool,
}

const PAGE: i64 = 50;

pub async fn list(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let f = readable(&app, &who, &code).await?;
    let mut inv = liaison_domain::error::Invalid::default();
    let from = inv
        .take(ds::parse_date("from", &q.from, ds::DateOrder::Ymd))
        .flatten();
    let to = inv
        .take(ds::parse_date("to", &q.to, ds::DateOrder::Ymd))
        .flatten();
    let filter = Filter {
        fls_id: Some(f.id),
        from,
        to,
        search: Some(q.q.clone()).filter(|s| !s.trim().is_empty()),
        site: ds::FractureSite::parse(&q.site).map(|s| s.code().to_string()),
        sort: Some(("fracture_date".into(), true)),
        ..Default::default()
    };
    let page = q.page.max(0);
    let what = if filter.search.is_some() {
        "episode.search"
    } else {
        "episode.list"
    };
    let (rows, total) = svc::list(&app, &who.actor, &filter, PAGE, page * PAGE, what).await?;
    let can_write = who.s.access.write_patients.contains(f.id);
    let sites = options(&who.ctx, "fracture_site").unwrap_or_default();
    let errors = FormErrors::from_invalid(&who.ctx.tr, &inv);
    html(ListPage {
        pages: (total + PAGE - 1) / PAGE,
        ctx: who.ctx,
        f,
        q,
        rows,
        total,
        page,
        sites,
        errors,
        can_write,
    })
}

// ---- register ----

#[derive(Template)]
#[template(path = "episode_new.html")]
struct NewPage {
    ctx: Ctx,
    f: FlsRow,
    fields: Vec<FieldView>,
    errors: FormErrors,
    duplicates: Vec<EpisodeRow>,
}

fn new_page(
    ctx: Ctx,
    f: FlsRow,
    input: EpisodeInput,
    errors: FormErrors,
    duplicates: Vec<EpisodeRow>,
) -> NewPage {
    let fields = SHORT
        .iter()
        .map(|n| field_view(&ctx, &input, &errors, n))
        .collect();
    NewPage {
        ctx,
        f,
        fields,
        errors,
        duplicates,
    }
}

pub async fn new_form(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    Query(prefill): Query<EpisodeInput>,
) -> PageResult {
    let f = writable(&app, &who, &code).await?;
    html(new_page(who.ctx, f, prefill, FormErrors::default(), vec![]))
}

/// Form posts: the dataset's fields plus controls.
fn form_input(body: &[u8]) -> (EpisodeInput, Vec<(String, String)>) {
    let mut input = EpisodeInput::default();
    let mut extra = Vec::new();
    for (k, v) in super::form_pairs(body) {
        if !input.set(&k, v.clone()) {
            extra.push((k, v));
        }
    }
    (input, extra)
}

fn extra<'a>(extra: &'a [(String, String)], key: &str) -> Option<&'a str> {
    extra
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

pub async fn create(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> PageResult {
    let f = writable(&app, &who, &code).await?;
    let (mut input, ex) = form_input(&body);
    input.fls_code = f.code.clone();
    let confirm = extra(&ex, "confirm_duplicate") == Some("1");
    match svc::create(&app, &who.actor, &input, confirm).await {
        Ok(Saved::Done { row, warnings }) => {
            let notice = if warnings.iter().any(|w| w.rule == "under_50") {
                "created-under-50"
            } else {
                "created"
            };
            Ok(see_other(&format!(
                "/fls/{}/episodes/{}?notice={notice}",
                f.code, row.id
            )))
        }
        Ok(Saved::Duplicates(d)) => Ok(unprocessable(html(new_page(
            who.ctx,
            f,
            input,
            FormErrors::default(),
            d,
        ))?)),
        Ok(Saved::Stale(_)) => Err(AppError::Internal("stale on create".into())),
        Err(ServiceError::Invalid(inv)) => {
            let e = FormErrors::from_invalid(&who.ctx.tr, &inv);
            Ok(unprocessable(html(new_page(who.ctx, f, input, e, vec![]))?))
        }
        // Keep what the user typed: a nurse must not type a patient twice because an import
        // held the database.
        Err(e) if e.is_busy() => {
            let e = FormErrors::message("", who.ctx.t("error-busy-form"));
            let mut res = html(new_page(who.ctx, f, input, e, vec![]))?;
            *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

// ---- the episode page ----

#[derive(Template)]
#[template(path = "episode.html")]
struct EpisodePage {
    ctx: Ctx,
    f: FlsRow,
    row: EpisodeRow,
    version: i64,
    groups: Vec<Group>,
    steps: Vec<Step>,
    errors: FormErrors,
    stale: bool,
    notice: Option<String>,
    history: Vec<AuditRow>,
    age: i32,
    can_write: bool,
    refracture_link: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    notice: Option<String>,
}

/// What the episode page shows besides the stored row: the user's input, errors, notices.
#[derive(Default)]
struct PageState {
    input: Option<EpisodeInput>,
    errors: FormErrors,
    stale: bool,
    notice: Option<String>,
}

async fn episode_page(
    app: &AppState,
    who: Signed,
    f: FlsRow,
    row: EpisodeRow,
    st: PageState,
) -> PageResult {
    let e = row.to_episode();
    let today = svc::today_in(app.now(), &f.time_zone);
    let steps = pathway::steps(&e, today);
    let history = svc::history(app, &row).await?;
    let refracture_link = match (e.refracture_date, e.refracture_site) {
        (Some(d), Some(s)) if pathway::is_closed(&e) || d > e.fracture_date => Some(format!(
            "/fls/{}/episodes/new?patient_ref={}&fracture_date={}&sex={}&birth_date={}&fracture_site={}&family_name={}&given_names={}",
            f.code,
            urlencoding::encode(&e.patient_ref),
            d,
            e.sex.code(),
            e.birth_date,
            s.code(),
            urlencoding::encode(&e.family_name),
            urlencoding::encode(&e.given_names)
        )),
        _ => None,
    };
    let PageState {
        input,
        errors,
        stale,
        notice,
    } = st;
    let input = input.unwrap_or_else(|| row.to_input());
    let groups = groups(&who.ctx, &input, &errors);
    let can_write = who.s.access.write_patients.contains(f.id);
    let failed = !errors.is_empty() || stale;
    let mut res = html(EpisodePage {
        version: row.version,
        age: e.age_at_fracture(),
        ctx: who.ctx,
        f,
        row,
        groups,
        steps,
        errors,
        stale,
        notice,
        history,
        can_write,
        refracture_link,
    })?;
    if failed {
        *res.status_mut() = if stale {
            StatusCode::CONFLICT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
    }
    Ok(res)
}

async fn row_in(app: &AppState, who: &Signed, f: &FlsRow, id: i64) -> Result<EpisodeRow, AppError> {
    match svc::read(app, &who.actor, id).await {
        Ok(r) if r.fls_id == f.id => Ok(r),
        Ok(_) | Err(ServiceError::NotFound) => Err(deny(app, who, "episode").await),
        Err(e) => Err(e.into()),
    }
}

pub async fn show(
    State(app): State<AppState>,
    who: Signed,
    Path((code, id)): Path<(String, i64)>,
    Query(q): Query<NoticeQuery>,
) -> PageResult {
    let f = readable(&app, &who, &code).await?;
    let row = row_in(&app, &who, &f, id).await?;
    let notice = super::notice(&who.ctx, q.notice.as_ref());
    episode_page(
        &app,
        who,
        f,
        row,
        PageState {
            notice,
            ..Default::default()
        },
    )
    .await
}

pub async fn save(
    State(app): State<AppState>,
    who: Signed,
    Path((code, id)): Path<(String, i64)>,
    body: axum::body::Bytes,
) -> PageResult {
    let f = writable(&app, &who, &code).await?;
    let (mut input, ex) = form_input(&body);
    input.fls_code = f.code.clone();
    let version = extra(&ex, "version")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    match svc::update(&app, &who.actor, id, version, &input).await {
        Ok(Saved::Done { row, .. }) => Ok(see_other(&format!(
            "/fls/{}/episodes/{}?notice=saved",
            f.code, row.id
        ))),
        // Keep what the user typed, show the conflict; the hidden version is the current one,
        // so saving again deliberately overwrites.
        Ok(Saved::Stale(current)) => {
            let st = PageState {
                input: Some(input),
                stale: true,
                ..Default::default()
            };
            episode_page(&app, who, f, current, st).await
        }
        Ok(Saved::Duplicates(_)) => Err(AppError::Internal("duplicates on update".into())),
        // Keep what the user typed, with the version they edited, and say why it was not
        // saved: a rule broken (422), or the database held by a large import (503).
        Err(e) if e.is_busy() || matches!(e, ServiceError::Invalid(_)) => {
            let errors = match &e {
                ServiceError::Invalid(inv) => FormErrors::from_invalid(&who.ctx.tr, inv),
                _ => FormErrors::message("", who.ctx.t("error-busy-form")),
            };
            let mut row = row_in(&app, &who, &f, id).await?;
            row.version = version;
            let st = PageState {
                input: Some(input),
                errors,
                ..Default::default()
            };
            let mut res = episode_page(&app, who, f, row, st).await?;
            if e.is_busy() {
                *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            }
            Ok(res)
        }
        Err(ServiceError::NotFound) => Err(deny(&app, &who, "episode").await),
        Err(e) => Err(e.into()),
    }
}

pub async fn remove(
    State(app): State<AppState>,
    who: Signed,
    Path((code, id)): Path<(String, i64)>,
) -> PageResult {
    let f = writable(&app, &who, &code).await?;
    match svc::delete(&app, &who.actor, id).await {
        Ok(r) if r.fls_id == f.id => Ok(see_other(&format!(
            "/fls/{}/episodes?notice=deleted",
            f.code
        ))),
        Ok(_) => Err(AppError::NotFound),
        Err(ServiceError::NotFound) => Err(deny(&app, &who, "episode").await),
        Err(e) => Err(e.into()),
    }
}

// ---- worklists ----

#[derive(Deserialize, Default, Clone)]
pub struct WorklistQuery {
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub dir: String,
    #[serde(default)]
    pub site: String,
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub page: i64,
}

impl WorklistQuery {
    fn state(&self) -> DueState {
        match self.state.as_str() {
            "due" => DueState::Due,
            "overdue" => DueState::Overdue,
            _ => DueState::All,
        }
    }
    pub fn with(&self, key: &str, value: &str) -> String {
        let mut q = self.clone();
        match key {
            "state" => q.state = value.into(),
            "sort" => {
                q.dir = if q.sort == value && q.dir != "desc" {
                    "desc".into()
                } else {
                    "asc".into()
                };
                q.sort = value.into();
            }
            _ => {}
        }
        format!(
            "state={}&sort={}&dir={}&site={}",
            q.state,
            q.sort,
            q.dir,
            urlencoding::encode(&q.site)
        )
    }
}

pub struct WorklistRow {
    pub row: EpisodeRow,
    pub due: time::Date,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "worklist.html")]
struct WorklistPage {
    ctx: Ctx,
    f: FlsRow,
    list: &'static str,
    lists: Vec<(&'static str, i64)>,
    q: WorklistQuery,
    rows: Vec<WorklistRow>,
    total: i64,
    sites: Vec<(String, String)>,
    page: i64,
    pages: i64,
}

/// Rows per worklist page: short enough for a phone, long enough for a morning's calls.
const WORKLIST_PAGE: i64 = 100;

fn worklist_filter(f: &FlsRow, w: Worklist, q: &WorklistQuery, today: time::Date) -> Filter {
    let sort = match q.sort.as_str() {
        "patient_ref" | "birth_date" | "fracture_site" => q.sort.clone(),
        _ => "fracture_date".into(),
    };
    Filter {
        fls_id: Some(f.id),
        site: ds::FractureSite::parse(&q.site).map(|s| s.code().to_string()),
        worklist: Some((w, q.state(), today)),
        sort: Some((sort, q.dir == "desc")),
        ..Default::default()
    }
}

pub async fn worklist(
    State(app): State<AppState>,
    who: Signed,
    Path((code, list)): Path<(String, String)>,
    Query(q): Query<WorklistQuery>,
) -> PageResult {
    let f = readable(&app, &who, &code).await?;
    let Some(w) = Worklist::parse(&list) else {
        return Err(AppError::NotFound);
    };
    let today = svc::today_in(app.now(), &f.time_zone);
    let filter = worklist_filter(&f, w, &q, today);
    let page = q.page.max(0);
    let (limit, offset) = if q.format.is_empty() {
        (WORKLIST_PAGE, page * WORKLIST_PAGE)
    } else {
        (1_000_000, 0)
    };
    let what = if q.format.is_empty() {
        "episode.worklist"
    } else {
        "episode.export"
    };
    let (rows, total) = svc::list(&app, &who.actor, &filter, limit, offset, what).await?;
    let (days, _) = w.window();
    let rows: Vec<WorklistRow> = rows
        .into_iter()
        .map(|row| {
            let due = row.fracture_date + time::Duration::days(days);
            WorklistRow {
                overdue: due < today,
                due,
                row,
            }
        })
        .collect();
    match q.format.as_str() {
        "csv" => return export_csv(&who.ctx, &f, w, &rows),
        "xlsx" => return export_xlsx(&who.ctx, &f, w, &rows),
        _ => {}
    }
    let lists =
        liaison_app::episodes::worklist_counts(&app, &who.s.access.read_patients, f.id, today)
            .await?
            .into_iter()
            .map(|(w, n)| (w.code(), n))
            .collect();
    let sites = options(&who.ctx, "fracture_site").unwrap_or_default();
    let pages = (total + WORKLIST_PAGE - 1) / WORKLIST_PAGE;
    html(WorklistPage {
        ctx: who.ctx,
        f,
        list: w.code(),
        lists,
        q,
        rows,
        total,
        sites,
        page,
        pages,
    })
}

const EXPORT_COLUMNS: [&str; 8] = [
    "patient_ref",
    "family_name",
    "given_names",
    "phone",
    "fracture_date",
    "fracture_site",
    "due",
    "state",
];

fn export_rows(ctx: &Ctx, rows: &[WorklistRow]) -> Vec<[String; 8]> {
    rows.iter()
        .map(|r| {
            [
                r.row.patient_ref.clone(),
                r.row.family_name.clone(),
                r.row.given_names.clone(),
                r.row.phone.clone(),
                r.row.fracture_date.to_string(),
                r.row.fracture_site.clone(),
                r.due.to_string(),
                ctx.t(if r.overdue {
                    "worklist-overdue"
                } else {
                    "worklist-due"
                }),
            ]
        })
        .collect()
}

fn export_csv(ctx: &Ctx, f: &FlsRow, w: Worklist, rows: &[WorklistRow]) -> PageResult {
    let mut out = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| AppError::Internal(e.to_string());
    out.write_record(EXPORT_COLUMNS).map_err(err)?;
    for r in export_rows(ctx, rows) {
        out.write_record(
            r.iter()
                .map(|c| liaison_domain::interchange::neutralise(c).into_owned()),
        )
        .map_err(err)?;
    }
    let body = out
        .into_inner()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let name = format!("attachment; filename=\"{}-{}.csv\"", f.code, w.code());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response())
}

fn export_xlsx(ctx: &Ctx, f: &FlsRow, w: Worklist, rows: &[WorklistRow]) -> PageResult {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let err = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
    for (c, h) in EXPORT_COLUMNS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).map_err(err)?;
    }
    for (i, r) in export_rows(ctx, rows).iter().enumerate() {
        for (c, v) in r.iter().enumerate() {
            // Strings only: a cell is never a formula.
            sheet
                .write_string(
                    i as u32 + 1,
                    c as u16,
                    &*liaison_domain::interchange::neutralise(v),
                )
                .map_err(err)?;
        }
    }
    let body = book.save_to_buffer().map_err(err)?;
    let name = format!("attachment; filename=\"{}-{}.xlsx\"", f.code, w.code());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (header::CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response())
}

pub async fn worklists(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
) -> PageResult {
    let f = readable(&app, &who, &code).await?;
    Ok(see_other(&format!(
        "/fls/{}/worklists/{}",
        f.code,
        Worklist::AwaitingAssessment.code()
    )))
}
