//! Searching and exporting the audit trail: administrators see all of it, FLS leads the rows
//! of their FLS.

use super::FormErrors;
use super::audit_text::{Detail, action_label, detail};
use crate::AppState;
use crate::ctx::{Ctx, Signed, deny, html};
use crate::error::PageResult;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use liaison_app::audit::{AuditRow, Filter};
use liaison_domain::error::Invalid;
use liaison_domain::org::optional_iso_date;
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
pub struct AuditQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    fls: String,
    #[serde(default)]
    page: i64,
}

impl AuditQuery {
    pub fn query_string(&self) -> String {
        format!(
            "from={}&to={}&actor={}&action={}&fls={}",
            urlencoding::encode(&self.from),
            urlencoding::encode(&self.to),
            urlencoding::encode(&self.actor),
            urlencoding::encode(&self.action),
            urlencoding::encode(&self.fls)
        )
    }
}

const PAGE: i64 = 100;

async fn filter(
    app: &AppState,
    who: &Signed,
    q: &AuditQuery,
) -> Result<Result<Filter, Invalid>, crate::error::AppError> {
    let mut inv = Invalid::default();
    let from = inv.take(optional_iso_date("from", &q.from)).flatten();
    let to = inv.take(optional_iso_date("to", &q.to)).flatten();
    let fls_id = if q.fls.trim().is_empty() {
        None
    } else {
        match liaison_app::orgs::fls_by_code(app, &who.s.access.view_audit, q.fls.trim()).await? {
            Some(f) => Some(f.id),
            None => {
                inv.push(liaison_domain::error::FieldError::new(
                    "fls",
                    &q.fls,
                    "fls_unknown",
                ));
                None
            }
        }
    };
    let midnight = |d: time::Date| d.midnight().assume_utc();
    let f = Filter {
        from: from.map(midnight),
        to: to.map(|d| midnight(d.next_day().unwrap_or(d))),
        actor: Some(q.actor.trim().to_lowercase()).filter(|s| !s.is_empty()),
        action: Some(q.action.trim().to_string()).filter(|s| !s.is_empty()),
        fls_id,
        entity_id: None,
    };
    Ok(inv.into_result(f))
}

/// A row as the reader reads it: the action and the record's kind named in their language, the
/// detail as a sentence when its shape is known.
struct RowView {
    row: AuditRow,
    action: String,
    entity: String,
    detail: Detail,
}

fn row_view(tr: &Tr, row: AuditRow) -> RowView {
    let entity = if row.entity.is_empty() {
        String::new()
    } else {
        tr.t_or(&format!("audit-entity-{}", row.entity), &row.entity)
    };
    RowView {
        action: action_label(tr, &row.action),
        detail: detail(tr, &row.detail),
        entity,
        row,
    }
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    ctx: Ctx,
    q: AuditQuery,
    /// Every action code with its label, for the action filter.
    actions: Vec<(&'static str, String)>,
    rows: Vec<RowView>,
    errors: FormErrors,
    next_page: Option<i64>,
    prev_page: Option<i64>,
}

pub async fn search(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<AuditQuery>,
) -> PageResult {
    if who.s.access.view_audit.is_empty() {
        return Err(deny(&app, &who, "audit").await);
    }
    let page = q.page.max(0);
    let (rows, errors) = match filter(&app, &who, &q).await? {
        Ok(f) => (
            liaison_app::audit::search(&app, &who.s.access.view_audit, &f, PAGE + 1, page * PAGE)
                .await?,
            FormErrors::default(),
        ),
        Err(inv) => (vec![], FormErrors::from_invalid(&who.ctx.tr, &inv)),
    };
    let mut rows = rows;
    let next_page = (rows.len() as i64 > PAGE).then_some(page + 1);
    rows.truncate(PAGE as usize);
    let prev_page = (page > 0).then_some(page - 1);
    let tr = &who.ctx.tr;
    let rows = rows.into_iter().map(|r| row_view(tr, r)).collect();
    let actions = liaison_app::audit::ACTIONS
        .iter()
        .map(|a| (*a, action_label(tr, a)))
        .collect();
    html(AuditPage {
        ctx: who.ctx,
        q,
        actions,
        rows,
        errors,
        next_page,
        prev_page,
    })
}

/// The same search as CSV (at most 1,000,000 rows), itself recorded in the trail.
pub async fn export(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<AuditQuery>,
) -> PageResult {
    if who.s.access.view_audit.is_empty() {
        return Err(deny(&app, &who, "audit export").await);
    }
    let Ok(f) = filter(&app, &who, &q).await? else {
        return Err(crate::error::AppError::Redirect(format!(
            "/audit?{}",
            q.query_string()
        )));
    };
    let rows = liaison_app::audit::search(&app, &who.s.access.view_audit, &f, 1_000_000, 0).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "at",
        "actor_user_id",
        "actor",
        "ip",
        "action",
        "outcome",
        "entity",
        "entity_id",
        "fls_id",
        "before",
        "after",
        "detail",
    ];
    let csv_err = |e: csv::Error| crate::error::AppError::Internal(e.to_string());
    w.write_record(header).map_err(csv_err)?;
    for r in &rows {
        let at =
            r.at.format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default();
        let rec = [
            r.id.to_string(),
            at,
            r.actor_user_id.map(|v| v.to_string()).unwrap_or_default(),
            r.actor.clone(),
            r.ip.clone(),
            r.action.clone(),
            r.outcome.clone(),
            r.entity.clone(),
            r.entity_id.clone(),
            r.fls_id.map(|v| v.to_string()).unwrap_or_default(),
            r.before_json.clone().unwrap_or_default(),
            r.after_json.clone().unwrap_or_default(),
            r.detail.clone(),
        ];
        w.write_record(
            rec.iter()
                .map(|c| liaison_domain::interchange::neutralise(c).into_owned()),
        )
        .map_err(csv_err)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| crate::error::AppError::Internal(e.to_string()))?;
    let e = who
        .actor
        .audit("audit.export")
        .detail(format!("{} rows; {}", rows.len(), q.query_string()))
        .fls(f.fls_id);
    liaison_app::audit::record(&app, &e).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"liaison-audit.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}
