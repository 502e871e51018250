//! The server-rendered pages. Forms post back to the page that shows them; errors re-render the
//! form with every message and nothing the user typed lost.

mod account;
pub use admin::input_of;
mod admin;
mod audit;
mod audit_text;
pub use audit_text::action_key as audit_action_key;
pub use calculator::preset_key as calculator_preset_key;
mod calculator;
pub(crate) mod coalitions;
mod episodes;
pub(crate) mod events;
pub(crate) mod facilities;
mod fls;
mod history;
mod home;
pub mod io;
pub(crate) mod kpi;
pub(crate) mod library;
pub(crate) mod mentorship;
mod nav;
pub(crate) mod network;
mod notify;
pub(crate) mod objectives;
pub(crate) mod patients;
pub(crate) mod policy;
pub(crate) mod programme;
pub mod report;
mod sign_in;
mod statistics;

use super::Routes;
use super::ctx::Ctx;
use crate::i18n::Tr;
use axum::http::header;
use axum::response::IntoResponse;
use liaison_domain::error::{FieldError, Invalid};

pub fn routes(r: Routes) -> Routes {
    // Each area registers its own routes (pages and API) in its module.
    // One line per area, in the order they were added; the order does not matter to axum.
    let areas: &[fn(Routes) -> Routes] = &[
        core_routes,
        programme::routes,
        io::routes,
        kpi::routes,
        calculator::routes,
        statistics::routes,
        notify::routes,
        facilities::routes,
        objectives::routes,
        network::routes,
        report::routes,
        coalitions::routes,
        patients::routes,
        mentorship::routes,
        library::routes,
        events::routes,
        policy::routes,
    ];
    areas.iter().fold(r, |r, add| add(r))
}

fn core_routes(r: Routes) -> Routes {
    r.get("/health", home::health)
        .get("/static/app.css", stylesheet)
        .get("/static/favicon.svg", favicon)
        .get("/", home::home)
        .get("/sign-in", sign_in::form)
        .post("/sign-in", sign_in::submit)
        .get("/sign-in/totp", sign_in::totp_form)
        .post("/sign-in/totp", sign_in::totp_submit)
        .post("/sign-out", sign_in::sign_out)
        .post("/language", sign_in::language)
        .get("/account", account::show)
        .post("/account/password", account::change_password)
        .get("/account/totp", account::totp_form)
        .post("/account/totp", account::totp_confirm)
        .post("/account/totp/disable", account::totp_disable)
        .get("/account/tokens", account::tokens)
        .post("/account/tokens", account::token_create)
        .post("/account/tokens/{id}/revoke", account::token_revoke)
        .get("/fls", fls::list)
        .get("/fls/{code}", fls::show)
        .get("/fls/{code}/users", fls::users)
        .post("/fls/{code}/users", fls::user_add)
        .post("/fls/{code}/users/{grant}/remove", fls::user_remove)
        .get("/audit", audit::search)
        .get("/audit.csv", audit::export)
        .get("/admin/fls/new", admin::fls_new)
        .post("/admin/fls", admin::fls_save)
        .get("/admin/fls/{code}/edit", admin::fls_edit)
        .post_upload("/admin/fls/import", admin::fls_import)
        .get("/admin/users", admin::users)
        .get("/admin/users/new", admin::user_new)
        .post("/admin/users", admin::user_create)
        .get("/admin/users/{id}", admin::user_show)
        .post("/admin/users/{id}/grants", admin::grant_add)
        .post(
            "/admin/users/{id}/grants/{grant}/remove",
            admin::grant_remove,
        )
        .post("/admin/users/{id}/disable", admin::user_disable)
        .post("/admin/users/{id}/enable", admin::user_enable)
        .post(
            "/admin/users/{id}/password-reset",
            admin::user_password_reset,
        )
        .post("/admin/users/{id}/totp-reset", admin::user_totp_reset)
        .get("/admin/security", admin::security)
        .post("/admin/security", admin::security_save)
        .get("/metrics", home::metrics)
        .get("/fls/{code}/episodes", episodes::list)
        .post("/fls/{code}/episodes", episodes::create)
        .get("/fls/{code}/episodes/new", episodes::new_form)
        .get("/fls/{code}/episodes/deleted", episodes::deleted)
        .post("/fls/{code}/episodes/{id}/restore", episodes::restore)
        .get("/fls/{code}/episodes/{id}", episodes::show)
        .post("/fls/{code}/episodes/{id}", episodes::save)
        .get("/fls/{code}/episodes/{id}/letter", episodes::letter)
        .post("/fls/{code}/episodes/{id}/letter", episodes::letter_sent)
        .get("/fls/{code}/episodes/{id}/delete", episodes::confirm_remove)
        .post("/fls/{code}/episodes/{id}/delete", episodes::remove)
        .post(
            "/fls/{code}/episodes/{id}/refracture",
            episodes::accept_refracture,
        )
        .get("/fls/{code}/worklists", episodes::worklists)
        .get("/fls/{code}/worklists/{list}", episodes::worklist)
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.css"),
    )
}

/// The site's icon, an SVG (every browser that runs the pages' CSS draws it).
async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../static/favicon.svg"),
    )
}

/// Form errors, localised: a summary at the top and a message beside each field.
#[derive(Default, Clone)]
pub struct FormErrors(pub Vec<(String, String)>);

impl FormErrors {
    pub fn from_invalid(tr: &Tr, inv: &Invalid) -> Self {
        FormErrors(
            inv.0
                .iter()
                .map(|e| (e.field.clone(), tr.field_error(e)))
                .collect(),
        )
    }
    pub fn one(tr: &Tr, e: &FieldError) -> Self {
        FormErrors(vec![(e.field.clone(), tr.field_error(e))])
    }
    pub fn message(field: &str, msg: String) -> Self {
        FormErrors(vec![(field.to_string(), msg)])
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn all(&self) -> &[(String, String)] {
        &self.0
    }
    pub fn for_field(&self, field: &str) -> String {
        self.0
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| f == field)
    }
}

/// The fields of an url-encoded form body, repeated keys kept; `Err(name)` names the first
/// field whose name or value does not decode as UTF-8. The one parser of form bodies: the
/// context middleware runs it on every form posted, and refuses the request when it fails,
/// rather than let a field silently become empty.
pub fn form_fields(body: &[u8]) -> Result<Vec<(String, String)>, String> {
    let dec = |x: &[u8]| -> Option<String> {
        let spaced: Vec<u8> = x
            .iter()
            .map(|b| if *b == b'+' { b' ' } else { *b })
            .collect();
        String::from_utf8(urlencoding::decode_binary(&spaced).into_owned()).ok()
    };
    body.split(|b| *b == b'&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let eq = pair.iter().position(|b| *b == b'=');
            let (k, v) = match eq {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &b""[..]),
            };
            let key = dec(k).ok_or_else(|| {
                String::from_utf8_lossy(&urlencoding::decode_binary(k)).into_owned()
            })?;
            let value = dec(v).ok_or_else(|| key.clone())?;
            Ok((key, value))
        })
        .collect()
}

/// A text part of a multipart form (any part but the file): its value, or a refusal naming
/// it when it is not UTF-8, as `form_fields` refuses url-encoded fields, rather than read it
/// as empty and fall back to a default the user did not choose.
pub async fn multipart_text(
    field: axum::extract::multipart::Field<'_>,
) -> Result<String, crate::error::AppError> {
    let name = field.name().unwrap_or_default().to_string();
    let bytes = field
        .bytes()
        .await
        .map_err(|_| crate::error::AppError::TooLarge)?;
    String::from_utf8(bytes.to_vec()).map_err(|_| crate::error::AppError::BadForm(name))
}

/// The fields of a form body the context middleware has let through (`form_fields`).
pub fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    form_fields(body).unwrap_or_default()
}

/// A localised notice shown once at the top of the next page (`?notice=key`).
pub fn notice(ctx: &Ctx, key: Option<&String>) -> Option<String> {
    key.filter(|k| {
        k.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    })
    .map(|k| ctx.t(&format!("notice-{k}")))
}
