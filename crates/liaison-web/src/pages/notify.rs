//! E-mail notifications (issue 20): a user's own settings (`/account/notifications`), the
//! unsubscribe link that works without signing in, and the outbox for administrators.

use super::FormErrors;
use crate::AppState;
use crate::Routes;
use crate::ctx::{Ctx, Signed, deny, html, see_other, unprocessable};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use liaison_app::ServiceError;
use liaison_app::notify::{self, Cadence, OutboxRow, PrefsInput, token::Stop};
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes(r: Routes) -> Routes {
    r.get("/account/notifications", settings)
        .post("/account/notifications", save)
        .get("/notifications/unsubscribe/{token}", unsubscribe_form)
        .post("/notifications/unsubscribe/{token}", unsubscribe)
        .get("/admin/outbox", outbox)
        .post("/admin/outbox/{id}/retry", retry)
}

/// One FLS offered a digest, with the cadence chosen.
struct DigestChoice {
    code: String,
    name: String,
    cadence: String,
}

#[derive(Template)]
#[template(path = "notify_settings.html")]
struct SettingsPage {
    ctx: Ctx,
    mail_on: bool,
    hour: String,
    time_zone: String,
    kpi_alerts: bool,
    facilities_deadline: bool,
    digests: Vec<DigestChoice>,
    cadences: [&'static str; 3],
    errors: FormErrors,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    notice: Option<String>,
}

/// The FLSs whose worklists the user works with (their own FLS grants that read patients),
/// each with the cadence `chosen` gives it; and the first one's time zone.
async fn choices(
    app: &AppState,
    who: &Signed,
    chosen: impl Fn(i64, &str) -> String,
) -> Result<(Vec<DigestChoice>, Option<String>), ServiceError> {
    let mut ids: Vec<(i64, String)> = who
        .s
        .grants
        .iter()
        .filter_map(|g| Some((g.fls_id?, g.fls_code.clone()?)))
        .filter(|(id, _)| who.s.access.read_patients.contains(*id))
        .collect();
    ids.sort();
    ids.dedup();
    let mut out = Vec::new();
    let mut zone = None;
    for (id, code) in ids {
        let fls = liaison_app::orgs::fls_by_code(app, &who.s.access.read_patients, &code).await?;
        let name = fls.as_ref().map(|f| f.name.clone()).unwrap_or_default();
        zone = zone.or(fls.map(|f| f.time_zone).filter(|z| !z.is_empty()));
        out.push(DigestChoice {
            cadence: chosen(id, &code),
            code,
            name,
        });
    }
    Ok((out, zone))
}

pub async fn settings(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<NoticeQuery>,
) -> PageResult {
    let s = notify::settings(&app, &who.actor).await?;
    let chosen: HashMap<i64, String> = s.digests.into_iter().collect();
    let (digests, zone) = choices(&app, &who, |id, _| {
        chosen.get(&id).cloned().unwrap_or_else(|| "off".into())
    })
    .await?;
    let notice = super::notice(&who.ctx, q.notice.as_ref());
    let p = s.prefs;
    html(SettingsPage {
        mail_on: app.config.mail.is_some(),
        hour: p.as_ref().map_or("7".into(), |p| p.hour.to_string()),
        // Until the user chooses, their first service's time zone.
        time_zone: p.as_ref().map_or_else(
            || zone.unwrap_or_else(|| "UTC".into()),
            |p| p.time_zone.clone(),
        ),
        kpi_alerts: p.as_ref().is_some_and(|p| p.kpi_alerts),
        // On until the user turns it off.
        facilities_deadline: p.as_ref().is_none_or(|p| p.facilities_deadline),
        digests,
        cadences: Cadence::CODES,
        errors: FormErrors::default(),
        notice,
        ctx: who.ctx,
    })
}

pub async fn save(
    State(app): State<AppState>,
    who: Signed,
    Form(f): Form<Vec<(String, String)>>,
) -> PageResult {
    let get = |k: &str| {
        f.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let input = PrefsInput {
        hour: get("hour"),
        time_zone: get("time_zone"),
        kpi_alerts: get("kpi_alerts") == "on",
        facilities_deadline: get("facilities_deadline") == "on",
        digests: f
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("digest-")?.to_string(), v.clone())))
            .collect(),
    };
    match notify::save_settings(&app, &who.actor, &input).await {
        Ok(()) => Ok(see_other("/account/notifications?notice=notify-saved")),
        Err(ServiceError::Invalid(inv)) => {
            let errors = FormErrors::from_invalid(&who.ctx.tr, &inv);
            let (digests, _) =
                choices(&app, &who, |_, code| get(&format!("digest-{code}"))).await?;
            Ok(unprocessable(html(SettingsPage {
                mail_on: app.config.mail.is_some(),
                hour: input.hour,
                time_zone: input.time_zone,
                kpi_alerts: input.kpi_alerts,
                facilities_deadline: input.facilities_deadline,
                digests,
                cadences: Cadence::CODES,
                errors,
                notice: None,
                ctx: who.ctx,
            })?))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "notify_unsubscribe.html")]
struct UnsubscribePage {
    ctx: Ctx,
    token: String,
    /// `digest`, `kpi` or `facilities`.
    what: &'static str,
    done: bool,
}

fn what(stop: &Stop) -> &'static str {
    match stop {
        Stop::Digest(..) => "digest",
        Stop::KpiAlerts(_) => "kpi",
        Stop::FacilitiesDeadline(_) => "facilities",
    }
}

/// The link's page: what it stops, and a button (a link opened by a mail scanner changes
/// nothing). A link that does not check is not found.
pub async fn unsubscribe_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> PageResult {
    let key = notify::token::signing_key(&app).await?;
    let Some(stop) = notify::token::verify(&key, &token) else {
        return Err(AppError::NotFound);
    };
    html(UnsubscribePage {
        ctx,
        token,
        what: what(&stop),
        done: false,
    })
}

pub async fn unsubscribe(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> PageResult {
    let stop = notify::unsubscribe(&app, &token, &ctx.ip).await?;
    html(UnsubscribePage {
        ctx,
        token,
        what: what(&stop),
        done: true,
    })
}

#[derive(Template)]
#[template(path = "notify_outbox.html")]
struct OutboxPage {
    ctx: Ctx,
    rows: Vec<OutboxRow>,
    status: String,
    statuses: [&'static str; 4],
}

#[derive(Deserialize, Default)]
pub struct OutboxQuery {
    #[serde(default)]
    status: String,
}

pub async fn outbox(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<OutboxQuery>,
) -> PageResult {
    if !who.s.access.is_admin() {
        return Err(deny(&app, &who, "outbox").await);
    }
    let statuses = ["pending", "sending", "sent", "failed"];
    let status = statuses
        .iter()
        .find(|s| **s == q.status)
        .map(|s| s.to_string())
        .unwrap_or_default();
    let rows = notify::outbox_list(
        &app,
        &who.actor,
        Some(status.as_str()).filter(|s| !s.is_empty()),
    )
    .await?;
    html(OutboxPage {
        ctx: who.ctx,
        rows,
        status,
        statuses,
    })
}

pub async fn retry(State(app): State<AppState>, who: Signed, Path(id): Path<i64>) -> PageResult {
    if !who.s.access.is_admin() {
        return Err(deny(&app, &who, "outbox").await);
    }
    notify::retry(&app, &who.actor, id).await?;
    Ok(see_other("/admin/outbox?status=pending"))
}
