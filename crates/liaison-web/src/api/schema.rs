//! The API's typed bodies. The episode's schemas are built from the dataset's column list, so
//! a new column appears in the document with no edit here.

use super::ApiError;
use liaison_app::episodes::EpisodeRow;
use liaison_domain::dataset::{self as ds, EpisodeInput, Warning};
use liaison_domain::error::{FieldError, Invalid};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::borrow::Cow;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{RefOr, schema};
use utoipa::{PartialSchema, ToSchema};

/// A page of a list, with the link to the next page (null on the last).
#[derive(Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    /// This page, from 1.
    pub page: i64,
    pub per_page: i64,
    /// Items in the whole list.
    pub total: i64,
    /// The path and query of the next page; null when this is the last.
    pub next: Option<String>,
}

impl<T: ToSchema> Page<T> {
    pub fn new(
        items: Vec<T>,
        page: i64,
        per_page: i64,
        total: i64,
        link: impl Fn(i64) -> String,
    ) -> Self {
        let next = (page < MAX_PAGE && page * per_page < total).then(|| link(page + 1));
        Page {
            items,
            page,
            per_page,
            total,
            next,
        }
    }
}

/// Pages past this one are empty (and `(page - 1) * per_page` stays far from overflowing).
pub const MAX_PAGE: i64 = 1_000_000;

/// The page asked for (1..=MAX_PAGE) and its size (1..=1000, default `default`).
pub fn page_bounds(page: Option<i64>, per_page: Option<i64>, default: i64) -> (i64, i64) {
    let per_page = match per_page {
        Some(n) if n > 0 => n.min(1000),
        _ => default,
    };
    (page.unwrap_or(1).clamp(1, MAX_PAGE), per_page)
}

/// An episode as the API shows it: every dataset field as text (blank = not recorded), with
/// the id, the version to send back when changing it, and the time of its last change.
#[derive(Serialize)]
pub struct EpisodeOut {
    pub id: i64,
    pub version: i64,
    pub updated_at: String,
    #[serde(flatten)]
    pub fields: EpisodeInput,
}

impl From<&EpisodeRow> for EpisodeOut {
    fn from(row: &EpisodeRow) -> Self {
        EpisodeOut {
            id: row.id,
            version: row.version,
            updated_at: super::rfc3339(row.updated_at),
            fields: row.to_input(),
        }
    }
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn integer() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(schema::SchemaFormat::KnownFormat(
            schema::KnownFormat::Int64,
        )))
}

/// The dataset's fields as properties of an object.
fn with_columns(mut o: ObjectBuilder, field: impl Fn(&str) -> ObjectBuilder) -> ObjectBuilder {
    for c in ds::COLUMNS {
        o = o.property(c, field(c));
    }
    o
}

fn episode_out() -> ObjectBuilder {
    let o = with_columns(ObjectBuilder::new(), |c| {
        string().description(Some(format!(
            "Dataset field `{c}` as text (docs/dataset.md); blank = not recorded"
        )))
    })
    .property("id", integer())
    .property(
        "version",
        integer().description(Some("Send it back when changing the episode")),
    )
    .property(
        "updated_at",
        string().format(Some(schema::SchemaFormat::KnownFormat(
            schema::KnownFormat::DateTime,
        ))),
    );
    let mut o = o;
    for c in ds::COLUMNS.iter().chain(&["id", "version", "updated_at"]) {
        o = o.required(*c);
    }
    o
}

impl PartialSchema for EpisodeOut {
    fn schema() -> RefOr<Schema> {
        episode_out()
            .additional_properties(Some(schema::AdditionalProperties::FreeForm(false)))
            .into()
    }
}

impl ToSchema for EpisodeOut {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Episode")
    }
}

/// An episode just saved, with the warnings its values raised (saved all the same).
#[derive(Serialize)]
pub struct SavedEpisode {
    #[serde(flatten)]
    pub episode: EpisodeOut,
    pub warnings: Vec<WarningOut>,
    /// Earlier episodes of the patient offered this fracture as their refracture (issue 15):
    /// nothing is applied; a client records one with a PATCH of that episode.
    pub refracture_offers: Vec<RefractureOffer>,
}

/// The patient's earlier episode with no refracture recorded, and what recording this
/// fracture as its refracture would set.
#[derive(Serialize, ToSchema)]
pub struct RefractureOffer {
    /// The earlier episode.
    pub episode_id: i64,
    /// Its version, for the PATCH that records the refracture.
    pub version: i64,
    #[schema(value_type = String, format = Date)]
    pub fracture_date: String,
    #[schema(value_type = String, format = Date)]
    pub refracture_date: String,
    pub refracture_site: String,
}

impl RefractureOffer {
    pub fn new(earlier: &EpisodeRow, new: &EpisodeRow) -> Self {
        RefractureOffer {
            episode_id: earlier.id,
            version: earlier.version,
            fracture_date: earlier.fracture_date.to_string(),
            refracture_date: new.fracture_date.to_string(),
            refracture_site: new.fracture_site.code().to_string(),
        }
    }
}

#[derive(Serialize)]
pub struct WarningOut {
    pub field: &'static str,
    pub rule: &'static str,
}

impl SavedEpisode {
    pub fn new(row: &EpisodeRow, warnings: &[Warning]) -> Self {
        SavedEpisode {
            episode: EpisodeOut::from(row),
            warnings: warnings
                .iter()
                .map(|w| WarningOut {
                    field: w.field,
                    rule: w.rule,
                })
                .collect(),
            refracture_offers: vec![],
        }
    }
}

impl PartialSchema for SavedEpisode {
    fn schema() -> RefOr<Schema> {
        let warning = ObjectBuilder::new()
            .property("field", string())
            .property("rule", string())
            .required("field")
            .required("rule");
        episode_out()
            .property(
                "warnings",
                ArrayBuilder::new().items(warning).description(Some(
                    "Rules the values raise a warning for; saved all the same",
                )),
            )
            .required("warnings")
            .property(
                "refracture_offers",
                ArrayBuilder::new().items(RefractureOffer::schema()).description(Some(
                    "Earlier episodes of the patient offered this fracture as their refracture; nothing applied",
                )),
            )
            .required("refracture_offers")
            .additional_properties(Some(schema::AdditionalProperties::FreeForm(false)))
            .into()
    }
}

impl ToSchema for SavedEpisode {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("SavedEpisode")
    }
}

/// The body of a creation or a change: dataset fields (text; numbers are taken as their
/// text), `version` for a change, `confirm_duplicate` to keep a likely duplicate.
#[derive(Deserialize)]
#[serde(transparent)]
pub struct EpisodeBody(Map<String, Value>);

/// A body read: the fields, and the two controls.
pub struct ParsedBody {
    pub input: EpisodeInput,
    /// The dataset fields the body names, with their values (null as blank).
    pub sent: Vec<(String, String)>,
    pub version: Option<i64>,
    pub confirm_duplicate: bool,
}

impl EpisodeBody {
    /// Every field read, or 422 naming each field that is unknown or of the wrong type.
    pub fn parse(self) -> Result<ParsedBody, ApiError> {
        let mut p = ParsedBody {
            input: EpisodeInput::default(),
            sent: Vec::new(),
            version: None,
            confirm_duplicate: false,
        };
        let mut inv = Invalid::default();
        let wrong = |k: &str, v: &Value, expected: &str| {
            FieldError::new(k, v.to_string(), "type").arg("expected", expected)
        };
        for (k, v) in self.0 {
            match (k.as_str(), &v) {
                ("id" | "updated_at" | "warnings", _) => {}
                ("version", Value::Null) => {}
                ("version", Value::Number(n)) if integral(n).is_some() => p.version = integral(n),
                ("version", _) => inv.push(wrong(&k, &v, "integer")),
                ("confirm_duplicate", Value::Bool(b)) => p.confirm_duplicate = *b,
                ("confirm_duplicate", Value::Null) => {}
                ("confirm_duplicate", _) => inv.push(wrong(&k, &v, "boolean")),
                (_, _) if p.input.get(&k).is_none() => {
                    inv.push(FieldError::new(&k, "", "column_unknown"))
                }
                (_, Value::Null) => p.sent.push((k.clone(), String::new())),
                (_, Value::String(s)) => {
                    p.input.set(&k, s.clone());
                    p.sent.push((k.clone(), s.clone()));
                }
                (_, Value::Number(n)) => {
                    p.input.set(&k, n.to_string());
                    p.sent.push((k.clone(), n.to_string()));
                }
                (_, _) => inv.push(wrong(&k, &v, "string")),
            }
        }
        if inv.is_empty() {
            Ok(p)
        } else {
            Err(ApiError::new(
                liaison_app::ErrorCode::Invalid,
                "Some fields are unknown or of the wrong type.",
            )
            .with_details(serde_json::to_value(&inv.0).unwrap_or_default()))
        }
    }
}

/// A JSON number that is a whole number (`3` or `3.0`, as JSON Schema's `integer` allows).
fn integral(n: &serde_json::Number) -> Option<i64> {
    n.as_i64().or_else(|| {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9e15)
            .map(|f| f as i64)
    })
}

/// The fields of a creation or change body.
fn body_schema() -> ObjectBuilder {
    let text_or_number = || {
        ObjectBuilder::new().schema_type(SchemaType::from_iter([
            Type::String,
            Type::Number,
            Type::Null,
        ]))
    };
    with_columns(ObjectBuilder::new(), |c| {
        text_or_number().description(Some(format!(
            "Dataset field `{c}` (docs/dataset.md); blank or null = not recorded"
        )))
    })
    .property(
        "version",
        integer().description(Some("The version you edited (required to change)")),
    )
    .property(
        "confirm_duplicate",
        ObjectBuilder::new()
            .schema_type(Type::Boolean)
            .description(Some(
                "true: keep the episode although likely duplicates exist",
            )),
    )
    // What a GET answered may be sent back as it is: these are read and ignored.
    .property("id", integer().description(Some("Ignored")))
    .property("updated_at", string().description(Some("Ignored")))
    .property(
        "warnings",
        ObjectBuilder::new().description(Some("Ignored")),
    )
    .additional_properties(Some(schema::AdditionalProperties::FreeForm(false)))
}

impl PartialSchema for EpisodeBody {
    fn schema() -> RefOr<Schema> {
        body_schema().required("fls_code").into()
    }
}

impl ToSchema for EpisodeBody {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("NewEpisode")
    }
}

/// The body of a change: the same, with the version required. (The same Rust type reads
/// both; this one only documents the change.)
pub struct EpisodeChange;

impl PartialSchema for EpisodeChange {
    fn schema() -> RefOr<Schema> {
        body_schema()
            .required("fls_code")
            .required("version")
            .into()
    }
}

impl ToSchema for EpisodeChange {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("EpisodeChange")
    }
}

/// The body of a partial change: the fields to change and the version.
pub struct EpisodePatch;

impl PartialSchema for EpisodePatch {
    fn schema() -> RefOr<Schema> {
        // Only the version is required: a field left out keeps its stored value.
        body_schema().required("version").into()
    }
}

impl ToSchema for EpisodePatch {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("EpisodePatch")
    }
}
