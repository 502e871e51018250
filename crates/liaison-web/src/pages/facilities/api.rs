//! The facilities audit's API: the same data and rules as the pages.

use crate::AppState;
use crate::api::{ApiError, ApiJson, ApiPath, ApiQuery, ApiUser, deny, rfc3339, visible_fls};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use liaison_app::ServiceError;
use liaison_app::facilities::{self as svc, ReturnRow, RoundInput, RoundRow, Step};
use liaison_domain::error::{FieldError, Invalid};
use liaison_domain::facilities::Answers;
use liaison_domain::facilities::kpis::{Area, InstKpi, Institutional, Place};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// A yearly round of the facilities audit.
#[derive(Serialize, ToSchema)]
pub struct RoundOut {
    pub year: i64,
    /// YYYY-MM-DD, the last day a return may change (in the FLS's time zone).
    pub deadline: String,
    pub questionnaire_version: String,
    pub questionnaire_sha256: String,
    pub opened_at: String,
}

impl From<&RoundRow> for RoundOut {
    fn from(r: &RoundRow) -> Self {
        RoundOut {
            year: r.year,
            deadline: r.deadline.to_string(),
            questionnaire_version: r.questionnaire_version.clone(),
            questionnaire_sha256: r.questionnaire_sha256.clone(),
            opened_at: rfc3339(r.opened_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RoundsOut {
    pub items: Vec<RoundOut>,
}

/// The rounds, newest first.
#[utoipa::path(get, path = "/api/v1/facilities/rounds", tag = "facilities", operation_id = "listFacilitiesRounds",
    responses((status = 200, description = "The rounds", body = RoundsOut)))]
pub(crate) async fn api_rounds(
    State(app): State<AppState>,
    _who: ApiUser,
) -> Result<Json<RoundsOut>, ApiError> {
    let items = svc::rounds(&app)
        .await?
        .iter()
        .map(RoundOut::from)
        .collect();
    Ok(Json(RoundsOut { items }))
}

/// A round to open: the year, its deadline and, optionally, a questionnaire file (the schema
/// documented; the body is read field by field by `read_body`).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct RoundIn {
    #[schema(value_type = i64)]
    pub year: Value,
    /// YYYY-MM-DD.
    pub deadline: String,
    /// A questionnaire as JSON text; absent for the shipped default.
    pub questionnaire: Option<String>,
}

/// The fields of a JSON body as the API's conventions read them (docs/cli.md): an unknown
/// field is a 422 with rule `column_unknown`, a field of the wrong JSON type one with rule
/// `type` and the expected type.
struct Fields {
    text: BTreeMap<String, String>,
    answers: Answers,
}

fn read_body(body: Map<String, Value>, known: &[&str]) -> Result<Fields, ApiError> {
    let mut inv = Invalid::default();
    let wrong = |k: &str, v: &Value, expected: &str| {
        FieldError::new(k, v.to_string(), "type").arg("expected", expected)
    };
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => Some(String::new()),
        _ => None,
    };
    let mut out = Fields {
        text: BTreeMap::new(),
        answers: Answers::new(),
    };
    for (k, v) in body {
        if !known.contains(&k.as_str()) {
            inv.push(FieldError::new(&k, "", "column_unknown"));
            continue;
        }
        match (k.as_str(), &v) {
            ("answers", Value::Object(m)) => {
                for (q, a) in m {
                    // A multiple choice may come as a list of option ids.
                    let t = match a {
                        Value::Array(items) => items
                            .iter()
                            .map(scalar)
                            .collect::<Option<Vec<_>>>()
                            .map(|v| v.join(",")),
                        a => scalar(a),
                    };
                    match t {
                        Some(t) => {
                            out.answers.insert(q.clone(), t);
                        }
                        None => inv.push(wrong(q, a, "string")),
                    }
                }
            }
            ("answers", Value::Null) => {}
            ("answers", _) => inv.push(wrong(&k, &v, "object")),
            ("year", Value::Number(n)) if n.as_i64().is_none() => {
                inv.push(wrong(&k, &v, "integer"))
            }
            (_, v) => match scalar(v) {
                Some(t) => {
                    out.text.insert(k.clone(), t);
                }
                None => inv.push(wrong(&k, v, if k == "year" { "integer" } else { "string" })),
            },
        }
    }
    if inv.is_empty() {
        Ok(out)
    } else {
        Err(ApiError::new(
            liaison_app::ErrorCode::Invalid,
            "Some fields are unknown or of the wrong type.",
        )
        .with_details(serde_json::to_value(&inv.0).unwrap_or_default()))
    }
}

impl Fields {
    fn get(&self, k: &str) -> String {
        self.text.get(k).cloned().unwrap_or_default()
    }
}

/// Open a year's round (administrators).
#[utoipa::path(post, path = "/api/v1/facilities/rounds", tag = "facilities", operation_id = "openFacilitiesRound",
    request_body = RoundIn,
    responses((status = 201, description = "The round opened", body = RoundOut)))]
pub(crate) async fn api_open_round(
    State(app): State<AppState>,
    who: ApiUser,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<(StatusCode, Json<RoundOut>), ApiError> {
    // Rights before the body: whoever may not open a round learns nothing from its shape.
    if !who.access.is_admin() {
        return Err(deny(&app, &who, "facilities_round", "/api/v1/facilities/rounds").await);
    }
    let f = read_body(body, &["year", "deadline", "questionnaire"])?;
    let input = RoundInput {
        year: f.get("year"),
        deadline: f.get("deadline"),
        questionnaire: f.get("questionnaire"),
    };
    match svc::open_round(&app, &who.actor, &input).await {
        Ok(r) => Ok((StatusCode::CREATED, Json(RoundOut::from(&r)))),
        Err(ServiceError::NotFound) => {
            Err(deny(&app, &who, "facilities_round", "/api/v1/facilities/rounds").await)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The round's year; the newest round when absent.
    pub year: Option<i64>,
}

/// An FLS's return of a round.
#[derive(Serialize, ToSchema)]
pub struct ReturnOut {
    pub fls: String,
    pub round: Option<RoundOut>,
    /// not_started, draft or submitted.
    pub status: String,
    /// Question id → answer (a multiple choice's options joined by commas).
    pub answers: BTreeMap<String, String>,
    /// The answers are last year's, offered as the starting point.
    pub from_previous: bool,
    /// Last year's submitted answers, when there are any.
    #[schema(value_type = Option<Object>)]
    pub previous: Option<Value>,
    /// The deadline has not passed.
    pub open: bool,
    /// The caller may change the return now.
    pub editable: bool,
    pub submitted_at: Option<String>,
}

/// The FLS's return of a round (the newest when no year is given), with last year's answers.
#[utoipa::path(get, path = "/api/v1/fls/{code}/facilities", tag = "facilities", operation_id = "getFacilitiesReturn",
    params(("code" = String, Path, description = "The FLS's code"), YearQuery),
    responses((status = 200, description = "The return", body = ReturnOut)))]
pub(crate) async fn api_return(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(code): ApiPath<String>,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> Result<Json<ReturnOut>, ApiError> {
    let path = format!("/api/v1/fls/{code}/facilities");
    let f = visible_fls(&app, &who, &code, &path).await?;
    let v = svc::return_view(&app, &who.actor, &f, q.year).await?;
    Ok(Json(match v {
        None => ReturnOut {
            fls: f.code,
            round: None,
            status: "not_started".into(),
            answers: Answers::new(),
            from_previous: false,
            previous: None,
            open: false,
            editable: false,
            submitted_at: None,
        },
        Some(v) => ReturnOut {
            fls: f.code,
            round: Some(RoundOut::from(&v.round.row)),
            status: v.status().into(),
            from_previous: v.from_previous,
            previous: v
                .previous
                .as_ref()
                .map(|(y, a)| serde_json::json!({ "year": y, "answers": a })),
            open: v.open,
            editable: v.editable(),
            submitted_at: v.row.as_ref().and_then(|r| r.submitted_at).map(rfc3339),
            answers: v.answers,
        },
    }))
}

/// A change to a return (the schema documented; the body is read by `read_body`).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ReturnIn {
    #[schema(value_type = i64)]
    pub year: Value,
    /// save (a draft), submit or reopen.
    pub action: String,
    /// Question id → answer: a string, a number, or a multiple choice's list of option ids.
    #[schema(value_type = Object)]
    pub answers: BTreeMap<String, Value>,
}

#[derive(Serialize, ToSchema)]
pub struct WrittenOut {
    pub status: String,
    pub answers: BTreeMap<String, String>,
    pub updated_at: String,
    pub submitted_at: Option<String>,
}

impl From<ReturnRow> for WrittenOut {
    fn from(r: ReturnRow) -> Self {
        WrittenOut {
            status: r.status,
            answers: serde_json::from_str(&r.answers_json).unwrap_or_default(),
            updated_at: rfc3339(r.updated_at),
            submitted_at: r.submitted_at.map(rfc3339),
        }
    }
}

/// Save a draft, submit, or reopen the FLS's return (its leads and administrators), until the
/// round's deadline. Each bad answer is refused with its field, value and rule.
#[utoipa::path(post, path = "/api/v1/fls/{code}/facilities", tag = "facilities", operation_id = "writeFacilitiesReturn",
    params(("code" = String, Path, description = "The FLS's code")),
    request_body = ReturnIn,
    responses((status = 200, description = "The return as stored", body = WrittenOut)))]
pub(crate) async fn api_write(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<WrittenOut>, ApiError> {
    let path = format!("/api/v1/fls/{code}/facilities");
    let f = visible_fls(&app, &who, &code, &path).await?;
    if !svc::can_edit(&who.access, f.id) {
        return Err(deny(&app, &who, "facilities_return", &path).await);
    }
    let body = read_body(body, &["year", "action", "answers"])?;
    let step = match body.get("action").as_str() {
        "submit" => Step::Submit,
        "reopen" => Step::Reopen,
        _ => Step::Save,
    };
    match svc::write(&app, &who.actor, &f, &body.get("year"), &body.answers, step).await {
        Ok(r) => Ok(Json(r.into())),
        Err(ServiceError::NotFound) => Err(deny(&app, &who, "facilities_return", &path).await),
        Err(e) => Err(e.into()),
    }
}

#[derive(Serialize, ToSchema)]
pub struct AreaOut {
    /// world, region or country.
    pub scope: String,
    pub code: Option<String>,
    /// Services with a submitted return.
    pub fls: usize,
    /// KPI code → the median (a share for funding_secured); null when withheld (fewer
    /// services than the disclosure minimum give it).
    pub kpis: BTreeMap<String, Option<f64>>,
}

#[derive(Serialize, ToSchema)]
pub struct ServiceOut {
    pub code: String,
    pub country: String,
    #[schema(value_type = Object)]
    pub figures: Value,
}

/// The institutional KPIs of a round.
#[derive(Serialize, ToSchema)]
pub struct KpisOut {
    pub year: Option<i64>,
    /// Released aggregates only: the world, regions, countries (disclosure rule 3).
    pub areas: Vec<AreaOut>,
    /// Named: the services the caller sees.
    pub services: Vec<ServiceOut>,
}

fn area_out(a: &Area) -> AreaOut {
    let (scope, code) = match &a.place {
        Place::World => ("world", None),
        Place::Region(r) => ("region", Some(r.clone())),
        Place::Country(c) => ("country", Some(c.clone())),
    };
    AreaOut {
        scope: scope.into(),
        code,
        fls: a.fls,
        kpis: a
            .kpis
            .iter()
            .map(|s| (s.kpi.code().to_string(), s.value))
            .collect(),
    }
}

fn figures_out(f: &Institutional) -> Value {
    let m: serde_json::Map<String, Value> = InstKpi::ALL
        .into_iter()
        .map(|k| (k.code().to_string(), serde_json::json!(f.value(k))))
        .collect();
    Value::Object(m)
}

/// The institutional KPIs of a round (the newest when no year is given): the released areas,
/// and the figures of the services the caller sees.
#[utoipa::path(get, path = "/api/v1/facilities/kpis", tag = "facilities", operation_id = "getFacilitiesKpis",
    params(YearQuery),
    responses((status = 200, description = "The institutional KPIs", body = KpisOut)))]
pub(crate) async fn api_kpis(
    State(app): State<AppState>,
    who: ApiUser,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> Result<Json<KpisOut>, ApiError> {
    let Some(round) = svc::round(&app, q.year).await? else {
        return Ok(Json(KpisOut {
            year: None,
            areas: vec![],
            services: vec![],
        }));
    };
    let cmp = svc::compare(&app, &who.actor, round).await?;
    Ok(Json(KpisOut {
        year: Some(cmp.round.row.year),
        areas: cmp.areas.iter().map(area_out).collect(),
        services: cmp
            .services
            .iter()
            .map(|s| ServiceOut {
                code: s.code.clone(),
                country: s.country.clone(),
                figures: figures_out(&s.figures),
            })
            .collect(),
    }))
}
