//! Worklists: the episodes with a step due.

use super::*;
use crate::AppState;
use crate::ctx::{Ctx, Signed, html, see_other};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use liaison_app::episodes::{self as svc};
use liaison_app::episodes::{DueState, EpisodeRow, Filter, Worklist};
use liaison_app::orgs::FlsRow;
use liaison_domain::dataset::{self as ds};
use serde::Deserialize;

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
                r.row.fracture_site.code().to_string(),
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
