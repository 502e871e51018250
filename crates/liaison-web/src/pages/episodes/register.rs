//! Registering an episode.

use super::*;
use crate::AppState;
use crate::ctx::{Ctx, Signed, html, see_other, unprocessable};
use crate::error::{AppError, PageResult};
use crate::pages::FormErrors;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use liaison_app::ServiceError;
use liaison_app::episodes::EpisodeRow;
use liaison_app::episodes::{self as svc, Saved};
use liaison_app::orgs::FlsRow;
use liaison_domain::dataset::EpisodeInput;

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
pub(super) fn form_input(body: &[u8]) -> (EpisodeInput, Vec<(String, String)>) {
    let mut input = EpisodeInput::default();
    let mut extra = Vec::new();
    for (k, v) in crate::pages::form_pairs(body) {
        // Numbers and dates typed in Arabic-Indic digits (as the Arabic form shows them) are
        // kept in ASCII, so an unchanged field compares equal to the stored value.
        let v = if super::numeric(&k) {
            liaison_domain::numerals::to_ascii(&v).into_owned()
        } else {
            v
        };
        if !input.set(&k, v.clone()) {
            extra.push((k, v));
        }
    }
    (input, extra)
}

pub(super) fn extra<'a>(extra: &'a [(String, String)], key: &str) -> Option<&'a str> {
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
