//! The printable letter to primary care (docs/letters.md): `GET .../letter?lang=xx` shows it in
//! the language chosen for it (every view audited), and `POST .../letter` records it as sent
//! today through the episode's normal save, for those who may change episodes.

use super::letter_view::{LetterView, letter as letter_words};
use super::*;
use crate::AppState;
use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::{AppError, PageResult};
use crate::i18n::Tr;
use crate::pages::FormErrors;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use liaison_app::ServiceError;
use liaison_app::episodes::{EpisodeRow, today_in};
use liaison_app::letter::{self as svc, Sent};
use liaison_app::orgs::FlsRow;
use liaison_domain::lang::Lang;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "letter.html")]
struct LetterPage {
    ctx: Ctx,
    f: FlsRow,
    row: EpisodeRow,
    l: LetterView,
    /// The letter's language code, kept by the language choice and the record form.
    lang: &'static str,
    /// (code, name, chosen) of every language a letter can be written in.
    languages: Vec<(&'static str, &'static str, bool)>,
    can_write: bool,
    /// When the letter is already recorded as sent, in the reader's language.
    recorded: Option<String>,
    /// Today in the FLS, in the reader's language: the date recording would set.
    today: String,
    notice: Option<String>,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
pub struct LetterQuery {
    lang: Option<String>,
    notice: Option<String>,
}

/// The letter's language: the one asked for, else the reader's.
fn letter_lang(ctx: &Ctx, asked: Option<&str>) -> Lang {
    asked.and_then(Lang::parse).unwrap_or(ctx.tr.lang)
}

async fn page(
    app: &AppState,
    who: Signed,
    f: FlsRow,
    row: EpisodeRow,
    lang: Lang,
    notice: Option<String>,
    errors: FormErrors,
) -> PageResult {
    let today = today_in(app.now(), &f.time_zone);
    let defs = liaison_app::kpi::definitions(app, Some(&f.country)).await?;
    let l = letter_words(
        &Tr::new(lang),
        &f,
        &row,
        today,
        defs.frax_high_risk_threshold,
    );
    let failed = !errors.is_empty();
    let tr = &who.ctx.tr;
    let mut res = html(LetterPage {
        lang: lang.code(),
        languages: Lang::ALL
            .iter()
            .map(|x| (x.code(), x.native_name(), *x == lang))
            .collect(),
        can_write: who.s.access.write_patients.contains(f.id),
        recorded: row.primary_care_letter_date.map(|d| tr.date(&d)),
        today: tr.date(&today),
        ctx: who.ctx,
        f,
        row,
        l,
        notice,
        errors,
    })?;
    if failed {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

async fn open(
    app: &AppState,
    who: &Signed,
    f: &FlsRow,
    id: i64,
    lang: Lang,
) -> Result<EpisodeRow, AppError> {
    match svc::open(app, &who.actor, f.id, id, lang.code()).await {
        Ok(r) => Ok(r),
        Err(ServiceError::NotFound) => Err(deny(app, who, "episode").await),
        Err(e) => Err(e.into()),
    }
}

/// The letter, for anyone who may read the episode.
pub async fn letter(
    State(app): State<AppState>,
    who: Signed,
    Path((code, id)): Path<(String, i64)>,
    Query(q): Query<LetterQuery>,
) -> PageResult {
    let f = readable(&app, &who, &code).await?;
    let lang = letter_lang(&who.ctx, q.lang.as_deref());
    let row = open(&app, &who, &f, id, lang).await?;
    let notice = crate::pages::notice(&who.ctx, q.notice.as_ref());
    page(&app, who, f, row, lang, notice, FormErrors::default()).await
}

/// Record the letter as sent today, for those who may change episodes; back to the letter
/// with a notice. A date already recorded is never overwritten from here.
pub async fn letter_sent(
    State(app): State<AppState>,
    who: Signed,
    Path((code, id)): Path<(String, i64)>,
    body: axum::body::Bytes,
) -> PageResult {
    let f = writable(&app, &who, &code).await?;
    let (_, ex) = form_input(&body);
    let lang = letter_lang(&who.ctx, extra(&ex, "lang"));
    let back = |notice: &str| {
        let mut to = format!("/fls/{}/episodes/{id}/letter?lang={}", f.code, lang.code());
        if !notice.is_empty() {
            to.push_str("&notice=");
            to.push_str(notice);
        }
        to
    };
    // A stray post (no version in it) only leads back to the letter.
    let Some(version) = extra(&ex, "version").and_then(|v| v.parse::<i64>().ok()) else {
        return Ok(see_other(&back("")));
    };
    match svc::record_sent(&app, &who.actor, f.id, id, version).await {
        Ok(Sent::Recorded(_)) => Ok(see_other(&back("letter-recorded"))),
        Ok(Sent::Already(_)) => Ok(see_other(&back("letter-already-recorded"))),
        Ok(Sent::Stale(_)) => Ok(see_other(&back("letter-stale"))),
        Err(ServiceError::NotFound) => Err(deny(&app, &who, "episode").await),
        // The stored episode breaks a rule (or the database is busy): say so on the letter.
        Err(e) if e.is_busy() || matches!(e, ServiceError::Invalid(_)) => {
            let errors = match &e {
                ServiceError::Invalid(inv) => FormErrors(
                    inv.0
                        .iter()
                        .map(|x| (String::new(), who.ctx.tr.field_error(x)))
                        .collect(),
                ),
                _ => FormErrors::message("", who.ctx.t("error-busy-form")),
            };
            let row = open(&app, &who, &f, id, lang).await?;
            page(&app, who, f, row, lang, None, errors).await
        }
        Err(e) => Err(e.into()),
    }
}
