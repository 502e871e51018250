//! The API as a contract: the generated OpenAPI document lists exactly the API's routes, and
//! every answer, success or error, has a status the document names and a body its schema
//! accepts.

use crate::helpers::*;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use liaison_app::Actor;
use serde_json::{Value, json};
use std::collections::BTreeSet;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for m in METHODS {
            if let Some(op) = item.get(m) {
                out.push((m.to_string(), path.clone(), op.clone()));
            }
        }
    }
    out
}

/// The answer's status is documented for the operation and its JSON body fits the schema.
fn conforms(doc: &Value, method: &str, path: &str, r: &Resp) {
    let status = r.status.as_u16().to_string();
    let documented = &doc["paths"][path][method]["responses"][&status];
    assert!(
        documented.is_object(),
        "{method} {path} answered {status}, which the document does not name: {}",
        r.body
    );
    let ctype = r
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .to_string();
    if ctype != "application/json" {
        return;
    }
    let schema = &documented["content"]["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "{method} {path} {status}: a JSON answer without a schema"
    );
    let root = json!({ "allOf": [schema], "components": doc["components"] });
    let v = jsonschema::validator_for(&root).expect("the schema compiles");
    let body: Value = serde_json::from_str(&r.body).expect("JSON body");
    let errors: Vec<String> = v.iter_errors(&body).map(|e| e.to_string()).collect();
    assert!(
        errors.is_empty(),
        "{method} {path} {status} breaks its schema: {errors:?}\n{}",
        r.body
    );
    if r.status.is_client_error() || r.status.is_server_error() {
        assert!(
            body["error"]["code"].is_string(),
            "{method} {path}: error shape"
        );
    }
}

async fn call(
    b: &mut Browser,
    method: &str,
    url: &str,
    token: &str,
    body: Option<(&str, String)>,
) -> Resp {
    let mut req = Request::builder()
        .method(method.to_uppercase().as_str())
        .uri(url)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    let body = match body {
        Some((ctype, text)) => {
            req = req.header(header::CONTENT_TYPE, ctype);
            Body::from(text)
        }
        None => Body::empty(),
    };
    b.send(req.body(body).unwrap()).await
}

#[tokio::test]
async fn the_document_lists_exactly_the_api_routes() {
    let t = spawn().await;
    let doc = t.browser().get("/api/v1/openapi.json").await.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let documented: BTreeSet<(String, String)> = operations(&doc)
        .into_iter()
        .map(|(m, p, _)| (m.to_uppercase(), p))
        .collect();
    let routed: BTreeSet<(String, String)> = liaison_web::route_list()
        .into_iter()
        .filter(|(_, p)| p.starts_with("/api/"))
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented, routed);
    for (m, p, op) in operations(&doc) {
        assert!(op["operationId"].is_string(), "{m} {p}: operationId");
        // Real schemas: every JSON success names its properties (no bare `object`).
        for (status, resp) in op["responses"].as_object().unwrap() {
            let s = &resp["content"]["application/json"]["schema"];
            if s.is_object() && p != "/api/v1/openapi.json" {
                assert!(
                    s.get("$ref").is_some() || s.get("properties").is_some(),
                    "{m} {p} {status}: schema without properties: {s}"
                );
            }
        }
    }
}

#[tokio::test]
async fn every_answer_has_a_documented_status_and_fits_its_schema() {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.fls("ES-MAD", "ES").await;
    let admin = t.user("admin@x.org", "administrator", "").await;
    let token = liaison_app::users::create_token(&t.app, &Actor::operator(), admin, "a")
        .await
        .unwrap();
    let id = crate::authz::episode(&t, "GB-GLA").await;
    // A facilities return is written into an open round (the API opens another year's).
    crate::facilities::open_round(&t, "2026", "2026-12-31").await;
    let coalition = crate::authz_policy::coalition(&t).await;
    let resource = crate::authz_library::resources(&t).await[0].0;
    let mut b = t.browser();
    let doc = b.get("/api/v1/openapi.json").await.json();
    let body = json!({
        "fls_code": "GB-GLA", "patient_ref": "DOC1", "fracture_date": "2026-05-04", "sex": "F",
        "birth_date": "1948-07-12", "fracture_site": "wrist", "setting": "outpatient",
        "version": 1, "confirm_duplicate": true,
    });
    let cols = liaison_domain::dataset::COLUMNS;
    let csv_row: Vec<String> = cols
        .iter()
        .map(|c| match body.get(*c) {
            Some(Value::String(s)) if *c != "patient_ref" => s.clone(),
            _ if *c == "patient_ref" => "DOC2".into(),
            _ => String::new(),
        })
        .collect();
    let csv = format!("{}\n{}\n", cols.join(","), csv_row.join(","));
    for (method, path, _) in operations(&doc) {
        let url = path
            .replace("{id}", &id.to_string())
            .replace("{code}", "GB-GLA")
            .replace("{country}", "GB")
            .replace("{coalition}", &coalition.to_string())
            .replace("{resource}", &resource.to_string());
        let url = match path.as_str() {
            "/api/v1/kpis" => format!("{url}?scope=fls:GB-GLA&from=2026-01-01&to=2026-06-30"),
            "/api/v1/export" => format!("{url}?scope=fls:GB-GLA&format=csv"),
            "/api/v1/episodes" if method == "get" => format!("{url}?per_page=1"),
            _ => url,
        };
        let send = match (method.as_str(), path.as_str()) {
            ("post", "/api/v1/imports") => Some(("text/csv", csv.clone())),
            // No body: it restores the episode the DELETE just before deleted.
            ("post", "/api/v1/episodes/{id}/restore") => None,
            ("post", "/api/v1/facilities/rounds") => Some((
                "application/json",
                json!({ "year": 2027, "deadline": "2027-12-31" }).to_string(),
            )),
            ("post", "/api/v1/fls/{code}/facilities") => Some((
                "application/json",
                json!({ "year": 2026, "action": "save", "answers": { "setting": "community" } })
                    .to_string(),
            )),
            ("post", _) => Some(("application/json", body.to_string())),
            ("patch", _) => Some((
                "application/json",
                json!({ "version": 2, "notes": "patched" }).to_string(),
            )),
            ("put", _) => {
                let mut changed = body.clone();
                changed["patient_ref"] = json!("DOC3");
                Some(("application/json", changed.to_string()))
            }
            _ => None,
        };
        let r = call(&mut b, &method, &url, &token, send.clone()).await;
        assert!(
            r.status.is_success(),
            "{method} {url}: {} {}",
            r.status,
            r.body
        );
        conforms(&doc, &method, &path, &r);
        // The same request with a token that is not one.
        let public = [
            "/api/v1/openapi.json",
            "/api/v1/map",
            "/api/v1/objectives",
            "/api/v1/policy",
            "/api/v1/policy/{country}",
            "/api/v1/coalitions",
            "/api/v1/coalitions/{coalition}",
        ];
        if !public.contains(&path.as_str()) {
            let r = call(&mut b, &method, &url, "lsn_nope", send.clone()).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{method} {path}");
            conforms(&doc, &method, &path, &r);
        }
        if let Some((ctype, _)) = send.clone().filter(|(c, _)| *c == "application/json") {
            let r = call(
                &mut b,
                &method,
                &url,
                &token,
                Some((ctype, "{not json".into())),
            )
            .await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{method} {path}");
            conforms(&doc, &method, &path, &r);
            let r = call(
                &mut b,
                &method,
                &url,
                &token,
                Some(("text/plain", "{}".into())),
            )
            .await;
            assert_eq!(
                r.status,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{method} {path}"
            );
            conforms(&doc, &method, &path, &r);
            // Fields of the wrong JSON type, and the two the answer must name.
            let (wrong, named) = if path.ends_with("/facilities/rounds") {
                (
                    json!({ "year": [2026], "deadline": {} }),
                    ["year", "deadline"],
                )
            } else if path.ends_with("/facilities") {
                (
                    json!({ "year": [2026], "answers": "all" }),
                    ["year", "answers"],
                )
            } else {
                (
                    json!({ "fls_code": "GB-GLA", "sex": ["F"], "version": "one" }),
                    ["sex", "version"],
                )
            };
            let r = call(
                &mut b,
                &method,
                &url,
                &token,
                Some((ctype, wrong.to_string())),
            )
            .await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{method} {path}"
            );
            conforms(&doc, &method, &path, &r);
            let rules: Vec<(String, String)> = r.json()["error"]["details"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    (
                        d["field"].as_str().unwrap().into(),
                        d["rule"].as_str().unwrap().into(),
                    )
                })
                .collect();
            for field in named {
                assert!(rules.contains(&(field.into(), "type".into())), "{rules:?}");
            }
        }
        if path.contains("{id}") {
            let r = call(&mut b, &method, &path.replace("{id}", "abc"), &token, send).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{method} {path}");
            conforms(&doc, &method, &path, &r);
        }
    }
    let r = call(&mut b, "get", "/api/v1/no-such-thing", &token, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error"]["code"], "not_found");
}

#[tokio::test]
async fn lists_link_to_their_next_page() {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    let admin = t.user("admin@x.org", "administrator", "").await;
    let token = liaison_app::users::create_token(&t.app, &Actor::operator(), admin, "a")
        .await
        .unwrap();
    for p in ["P1", "P2", "P3"] {
        crate::authz::episode_with(&t, "GB-GLA", p).await;
    }
    let mut b = t.browser();
    let mut url = "/api/v1/episodes?fls=GB-GLA&per_page=2".to_string();
    let mut seen = Vec::new();
    for _ in 0..5 {
        let page = b.api_get(&url, &token).await.json();
        assert_eq!(page["total"], 3);
        for e in page["items"].as_array().unwrap() {
            seen.push(e["patient_ref"].as_str().unwrap().to_string());
        }
        match page["next"].as_str() {
            Some(next) => url = next.to_string(),
            None => break,
        }
    }
    seen.sort();
    assert_eq!(
        seen,
        ["P1", "P2", "P3"],
        "every episode once, by following `next`"
    );
    // Absurd pages answer an empty page, not an error.
    let r = b
        .api_get(
            "/api/v1/episodes?page=9223372036854775807&per_page=-5",
            &token,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["items"], json!([]));
}
