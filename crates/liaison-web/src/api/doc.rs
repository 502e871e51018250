//! The OpenAPI document, generated from the operations' types. The error answers every
//! operation can give are added here once, from the error-code table, so the document names
//! every status the server can answer.

use super::error::ErrorBody;
use axum::http::header;
use axum::response::IntoResponse;
use liaison_app::ErrorCode;
use std::sync::OnceLock;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Doc, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Liaison API",
        version = "1",
        description = "The same data and rules as the web UI. A bearer token, created by a user on their account page, carries that user's rights; anything the user may not see answers 404, as if it did not exist. Errors are `{ \"error\": { \"code\", \"message\", \"details\" } }`; the codes each status carries are listed with it."
    ),
    paths(
        openapi,
        super::fls::me,
        super::fls::list,
        super::fls::get,
        super::episodes::list,
        super::episodes::get,
        super::episodes::create,
        super::episodes::update,
        super::episodes::patch,
        super::episodes::delete,
        super::episodes::restore,
        crate::pages::io::api::create_import,
        crate::pages::io::api::get_import,
        crate::pages::io::api::export,
        crate::pages::kpi::api::api_kpis,
        crate::pages::kpi::outliers::api_outliers,
        crate::pages::programme::api::api_map,
        crate::pages::programme::api::api_assessments,
        crate::pages::programme::api::api_g2g,
        crate::pages::facilities::api::api_rounds,
        crate::pages::facilities::api::api_open_round,
        crate::pages::facilities::api::api_kpis,
        crate::pages::facilities::api::api_return,
        crate::pages::facilities::api::api_write,
        crate::pages::objectives::api::api_objectives,
        crate::pages::library::api::list,
        crate::pages::library::api::get,
        crate::pages::policy::api::api_policy,
        crate::pages::policy::api::api_country,
        crate::pages::policy::api::api_coalitions,
        crate::pages::policy::api::api_coalition,
        crate::pages::policy::api::api_contacts,
    ),
    components(schemas(ErrorBody)),
    modifiers(&Errors)
)]
pub struct ApiDoc;

/// Operations anyone may call, without a token.
const PUBLIC: [&str; 9] = [
    "getOpenApi",
    "getMap",
    "getObjectives",
    "listResources",
    "getResource",
    "getPolicy",
    "getPolicyCountry",
    "listCoalitions",
    "getCoalition",
];

/// Public operations whose answer depends on who asks (the library shows signed-in and
/// mentor material to those who may see it): a token is optional, but one that is not valid
/// is refused with 401 rather than silently read as a visitor.
const OPTIONAL_TOKEN: [&str; 2] = ["listResources", "getResource"];

struct Errors;

impl Modify for Errors {
    fn modify(&self, doc: &mut Doc) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.security_schemes.insert(
            "bearer".into(),
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        for item in doc.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                add_errors(op);
            }
        }
    }
}

/// The statuses of the error table this operation can answer, each with its codes.
fn add_errors(op: &mut Operation) {
    let public = op
        .operation_id
        .as_deref()
        .is_some_and(|id| PUBLIC.contains(&id));
    let optional_token = op
        .operation_id
        .as_deref()
        .is_some_and(|id| OPTIONAL_TOKEN.contains(&id));
    op.security = Some(if optional_token {
        vec![
            SecurityRequirement::default(),
            SecurityRequirement::new("bearer", Vec::<String>::new()),
        ]
    } else if public {
        vec![]
    } else {
        vec![SecurityRequirement::new("bearer", Vec::<String>::new())]
    });
    let has_body = op.request_body.is_some();
    let mut statuses: Vec<u16> = ErrorCode::ALL
        .iter()
        .map(|c| c.http_status())
        .filter(|s| match s {
            401 => !public || optional_token,
            409 | 413 | 415 => has_body,
            _ => true,
        })
        .collect();
    statuses.sort_unstable();
    statuses.dedup();
    for status in statuses {
        let codes: Vec<String> = ErrorCode::ALL
            .iter()
            .filter(|c| c.http_status() == status)
            .map(|c| format!("`{}`: {}", c.code(), c.description()))
            .collect();
        let response = ResponseBuilder::new()
            .description(codes.join(" "))
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Error")))
                    .build(),
            )
            .build();
        op.responses
            .responses
            .entry(status.to_string())
            .or_insert(response.into());
    }
}

/// The document as served: generated once.
pub fn openapi_json() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| ApiDoc::openapi().to_pretty_json().unwrap_or_default())
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta", operation_id = "getOpenApi",
    responses((status = 200, description = "The OpenAPI document of this API", content_type = "application/json", body = Object)))]
pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], openapi_json())
}
