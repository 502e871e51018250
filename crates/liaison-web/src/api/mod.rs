//! The JSON API under `/api/v1/`: bearer tokens carry the user's rights; errors are
//! `{ "error": { "code", "message", "details" } }` with stable codes. Each operation's
//! request and answer are types, and the OpenAPI document (`doc`) is generated from them.

mod auth;
mod doc;
mod episodes;
mod error;
mod fls;
mod schema;

pub use auth::{ApiUser, deny, visible_fls};
pub use doc::{ApiDoc, openapi_json};
pub use error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody, page_as_json};
pub use schema::{Page, page_bounds};

use super::Routes;

pub fn routes(r: Routes) -> Routes {
    r.get("/api/v1/openapi.json", doc::openapi)
        .get("/api/v1/me", fls::me)
        .get("/api/v1/fls", fls::list)
        .get("/api/v1/fls/{code}", fls::get)
        .get("/api/v1/episodes", episodes::list)
        .post("/api/v1/episodes", episodes::create)
        .get("/api/v1/episodes/{id}", episodes::get)
        .put("/api/v1/episodes/{id}", episodes::update)
        .patch("/api/v1/episodes/{id}", episodes::patch)
        .delete("/api/v1/episodes/{id}", episodes::delete)
        .post("/api/v1/episodes/{id}/restore", episodes::restore)
}

/// A time as the API writes it (RFC 3339).
pub fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
