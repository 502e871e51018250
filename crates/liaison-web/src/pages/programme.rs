//! The programme: Best Practice Framework self-assessment and review, the public Map of Best
//! Practice, and Getting to Gold (issue 6; the calculator has its own module).

use super::{FormErrors, form_pairs, notice};
use crate::AppState;
use crate::Routes;
use crate::api::{ApiError, ApiUser, rfc3339, visible_fls};
use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use liaison_app::ServiceError;
use liaison_app::audit::AuditRow;
use liaison_app::orgs::FlsRow;
use liaison_app::programme::{self as svc, Draft, PublicEntry, Review, View};
use liaison_app::programme::{AssessmentRow, FrameworkRow, MilestoneRow};
use liaison_domain::format;
use liaison_domain::programme::Level;
use liaison_domain::programme::framework::{NONE, NOT_APPLICABLE, question_key, text_in};
use liaison_domain::programme::g2g::{self, MilestoneInput};
use liaison_domain::programme::scoring::{Answer, Answers, BlackReason};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub fn routes(r: Routes) -> Routes {
    r.get("/api/v1/map", api_map)
        .get("/api/v1/fls/{code}/assessments", api_assessments)
        .get("/api/v1/fls/{code}/g2g", api_g2g)
        .get("/fls/{code}/bpf", bpf_show)
        .post("/fls/{code}/bpf", bpf_save)
        .post("/fls/{code}/bpf/review", bpf_review)
        .get("/bpf/review", review_queue)
        .get("/admin/bpf", frameworks)
        .post("/admin/bpf", framework_load)
        .get("/map", map)
        .get("/map/fls/{code}", map_profile)
        .get("/fls/{code}/g2g", g2g_show)
        .post("/fls/{code}/g2g", g2g_save)
        .get("/g2g", g2g_overview)
        .get("/g2g/country/{country}", g2g_country_show)
        .post("/g2g/country/{country}", g2g_country_save)
}

async fn visible(app: &AppState, who: &Signed, code: &str) -> Result<FlsRow, AppError> {
    match liaison_app::orgs::fls_by_code(app, &who.s.access.view_aggregates, code).await? {
        Some(f) => Ok(f),
        None => Err(deny(app, who, "fls").await),
    }
}

fn level_label(ctx: &Ctx, l: Level) -> String {
    ctx.tk("bpf-level", l.code())
}

/// A registry figure as shown beside a question.
fn measure_text(ctx: &Ctx, measure: &str, value: f64) -> String {
    let key = format!("bpf-measure-{measure}");
    let name = ctx.t(&key);
    let name = if name == key {
        measure.to_string()
    } else {
        name
    };
    let v = if measure.starts_with("kpi") {
        format::percent(ctx.tr.lang, value, 0)
    } else {
        ctx.tr
            .ta("bpf-days", &[("days", format!("{}", value.round()))])
    };
    format!("{name}: {v}")
}

// ---- Best Practice Framework ----

struct OptionView {
    id: String,
    label: String,
    selected: bool,
}

struct QuestionView {
    key: String,
    number: u32,
    title: String,
    question: String,
    options: Vec<OptionView>,
    answer: String,
    suggestion: Option<(String, String)>,
    reason: String,
    err_a: String,
    err_r: String,
}

struct DomainView {
    id: String,
    name: String,
    level: String,
    level_code: &'static str,
    detail: String,
    approved: Option<(String, &'static str)>,
    questions: Vec<QuestionView>,
}

struct AssessmentView {
    status: String,
    status_code: String,
    framework: String,
    framework_sha: String,
    overall: String,
    overall_code: &'static str,
    approved_overall: Option<(String, &'static str)>,
    domains: Vec<DomainView>,
    publish: bool,
    publish_city: bool,
    reviews: Vec<(String, String, String, String)>,
    editable: bool,
    under_review: bool,
}

fn option_label(ctx: &Ctx, view: &View, std_id: &str, option: &str) -> String {
    if option == NONE || option == NOT_APPLICABLE {
        return ctx.tk("bpf-option", option);
    }
    view.fw
        .fw
        .standard(std_id)
        .and_then(|s| s.options.iter().find(|o| o.id == option))
        .map(|o| text_in(&o.text, ctx.lang_code()).to_string())
        .unwrap_or_else(|| option.to_string())
}

fn assessment_view(ctx: &Ctx, v: &View, typed: Option<&Answers>) -> AssessmentView {
    let lang = ctx.lang_code();
    let answers = typed.unwrap_or(&v.answers);
    let domains = v
        .fw
        .fw
        .domains
        .iter()
        .map(|d| {
            let ds = v.score.domain(&d.id);
            let questions =
                v.fw.fw
                    .standards_in(&d.id)
                    .map(|s| {
                        let key = question_key(&s.id, &d.id);
                        let pre = v.prefill.get(&key);
                        let current = answers.get(&key);
                        // Unanswered questions start at the registry's suggestion.
                        let answer = current
                            .map(|a| a.option.clone())
                            .or_else(|| pre.map(|p| p.option.clone()))
                            .unwrap_or_default();
                        let mut ids: Vec<String> = s.options.iter().map(|o| o.id.clone()).collect();
                        ids.push(NONE.into());
                        ids.push(NOT_APPLICABLE.into());
                        QuestionView {
                            key: key.clone(),
                            number: s.number,
                            title: text_in(&s.title, lang).to_string(),
                            question: text_in(&s.question, lang).to_string(),
                            options: ids
                                .into_iter()
                                .map(|id| OptionView {
                                    label: option_label(ctx, v, &s.id, &id),
                                    selected: id == answer,
                                    id,
                                })
                                .collect(),
                            answer: if answer.is_empty() {
                                ctx.t("bpf-unanswered")
                            } else {
                                option_label(ctx, v, &s.id, &answer)
                            },
                            suggestion: pre.map(|p| {
                                (
                                    option_label(ctx, v, &s.id, &p.option),
                                    measure_text(ctx, &p.measure, p.value),
                                )
                            }),
                            reason: current.map(|a| a.reason.clone()).unwrap_or_default(),
                            err_a: String::new(),
                            err_r: String::new(),
                        }
                    })
                    .collect();
            let (level, level_code, detail) = match ds {
                Some(ds) => (
                    level_label(ctx, ds.level),
                    ds.level.code(),
                    match ds.black_reason {
                        Some(BlackReason::NotEnoughAnswers) => ctx.t("bpf-black-no-information"),
                        Some(BlackReason::BelowBronze) => ctx.t("bpf-black-below-bronze"),
                        None => String::new(),
                    } + &ctx.tr.ta(
                        "bpf-domain-counts",
                        &[
                            ("answered", ds.answered.to_string()),
                            ("questions", ds.questions.to_string()),
                            ("needed", ds.needed.to_string()),
                        ],
                    ),
                ),
                None => (String::new(), "black", String::new()),
            };
            let detail = detail.trim().to_string();
            DomainView {
                id: d.id.clone(),
                name: text_in(&d.text, lang).to_string(),
                level,
                level_code,
                detail,
                approved: v.approved.as_ref().and_then(|a| {
                    a.domains
                        .get(&d.id)
                        .map(|l| (level_label(ctx, *l), l.code()))
                }),
                questions,
            }
        })
        .collect();
    AssessmentView {
        status: ctx.tk("bpf-status", &v.row.status),
        status_code: v.row.status.clone(),
        framework: v.row.framework_version.clone(),
        framework_sha: v.row.framework_sha256.chars().take(12).collect(),
        overall: level_label(ctx, v.score.overall),
        overall_code: v.score.overall.code(),
        approved_overall: v
            .approved
            .as_ref()
            .map(|a| (level_label(ctx, a.overall), a.overall.code())),
        domains,
        publish: v.row.publish,
        publish_city: v.row.publish_city,
        reviews: v
            .reviews
            .iter()
            .map(|r| {
                (
                    ctx.tr.datetime(&r.at),
                    r.actor.clone(),
                    ctx.tk("bpf-action", &r.action),
                    r.comment.clone(),
                )
            })
            .collect(),
        editable: v.editable(),
        under_review: v.row.status == "submitted",
    }
}

#[derive(Template)]
#[template(path = "programme_bpf.html")]
struct BpfPage {
    ctx: Ctx,
    f: FlsRow,
    a: Option<AssessmentView>,
    assessments: Vec<(i64, String, String, String)>,
    history: Vec<AuditRow>,
    can_edit: bool,
    can_review: bool,
    /// The lead may start a new assessment (none open).
    can_start: bool,
    current_framework: String,
    errors: FormErrors,
    notice: Option<String>,
    levels: Vec<(&'static str, String)>,
}

#[derive(Deserialize, Default)]
pub struct BpfQuery {
    assessment: Option<i64>,
    notice: Option<String>,
}

async fn bpf_page(
    app: &AppState,
    who: Signed,
    f: FlsRow,
    pick: Option<i64>,
    typed: Option<(Answers, bool, bool)>,
    errors: FormErrors,
    notice_key: Option<String>,
) -> PageResult {
    let rows = svc::assessments(app, &who.actor, &f).await?;
    let chosen: Option<AssessmentRow> = match pick {
        Some(id) => match rows.iter().find(|a| a.id == id) {
            Some(a) => Some(a.clone()),
            None => return Err(deny(app, &who, "bpf_assessment").await),
        },
        None => rows.first().cloned(),
    };
    let can_edit = svc::can_edit(&who.s.access, f.id);
    let can_review = svc::can_review(&who.s.access);
    let mut a = None;
    if let Some(row) = chosen {
        let v = svc::view(app, row).await?;
        let mut av = assessment_view(&who.ctx, &v, typed.as_ref().map(|t| &t.0));
        for q in av.domains.iter_mut().flat_map(|d| d.questions.iter_mut()) {
            q.err_a = errors.for_field(&format!("a.{}", q.key));
            q.err_r = errors.for_field(&format!("r.{}", q.key));
        }
        if let Some((_, p, c)) = &typed {
            av.publish = *p;
            av.publish_city = *c;
        }
        a = Some(av);
    }
    let can_start = can_edit && rows.iter().all(|r| r.status == "approved");
    let current_framework = svc::current_framework(app).await?.row.version;
    let history = svc::history(app, f.id, &["bpf_assessment"]).await?;
    let assessments = rows
        .iter()
        .map(|r| {
            (
                r.id,
                who.ctx.tr.datetime(&r.created_at),
                who.ctx.tk("bpf-status", &r.status),
                r.framework_version.clone(),
            )
        })
        .collect();
    let failed = !errors.is_empty();
    let notice = notice(&who.ctx, notice_key.as_ref());
    let levels = Level::ALL
        .iter()
        .map(|l| (l.code(), level_label(&who.ctx, *l)))
        .collect();
    let mut res = html(BpfPage {
        ctx: who.ctx,
        f,
        a,
        assessments,
        history,
        can_edit,
        can_review,
        can_start,
        current_framework,
        errors,
        notice,
        levels,
    })?;
    if failed {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

pub async fn bpf_show(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    Query(q): Query<BpfQuery>,
) -> PageResult {
    let f = visible(&app, &who, &code).await?;
    bpf_page(
        &app,
        who,
        f,
        q.assessment,
        None,
        FormErrors::default(),
        q.notice,
    )
    .await
}

/// Errors of answers, named by their question (number, title and domain) rather than the
/// form field.
fn answer_errors(
    ctx: &Ctx,
    fw: &liaison_domain::programme::Framework,
    inv: &liaison_domain::error::Invalid,
) -> FormErrors {
    let lang = ctx.lang_code();
    FormErrors(
        inv.0
            .iter()
            .map(|e| {
                let key = e.field.get(2..).unwrap_or("");
                let label = key.split_once('.').and_then(|(s, d)| {
                    let st = fw.standard(s)?;
                    let dom = fw.domain(d)?;
                    Some(format!(
                        "{}. {} ({})",
                        st.number,
                        text_in(&st.title, lang),
                        text_in(&dom.text, lang)
                    ))
                });
                let msg = match label {
                    Some(label) => {
                        let mut args: Vec<(&str, String)> =
                            e.args.iter().map(|(k, v)| (*k, v.clone())).collect();
                        args.push(("value", e.value.clone()));
                        let rule = ctx.tr.ta(&format!("rule-{}", e.rule), &args);
                        ctx.tr.ta(
                            "error-field",
                            &[("field", label), ("value", e.value.clone()), ("rule", rule)],
                        )
                    }
                    None => ctx.tr.field_error(e),
                };
                (e.field.clone(), msg)
            })
            .collect(),
    )
}

fn pairs_map(pairs: &[(String, String)]) -> BTreeMap<String, String> {
    pairs.iter().cloned().collect()
}

pub async fn bpf_save(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    body: Bytes,
) -> PageResult {
    let f = visible(&app, &who, &code).await?;
    if !svc::can_edit(&who.s.access, f.id) {
        return Err(deny(&app, &who, "bpf_assessment").await);
    }
    let pairs = form_pairs(&body);
    let m = pairs_map(&pairs);
    let mut answers = Answers::new();
    for (k, v) in &pairs {
        if let Some(q) = k.strip_prefix("a.")
            && !v.is_empty()
        {
            answers.insert(
                q.to_string(),
                Answer {
                    option: v.clone(),
                    reason: m.get(&format!("r.{q}")).cloned().unwrap_or_default(),
                },
            );
        }
    }
    let submit = m.get("action").is_some_and(|a| a == "submit");
    // A new draft (from the "start" button) publishes by default; the form sends its boxes.
    let fresh = !m.contains_key("form");
    let d = Draft {
        answers,
        publish: fresh || m.contains_key("publish"),
        publish_city: fresh || m.contains_key("publish_city"),
        submit,
    };
    match svc::save(&app, &who.actor, &f, &d).await {
        Ok(_) => Ok(see_other(&format!(
            "/fls/{}/bpf?notice={}",
            f.code,
            if submit { "bpf-submitted" } else { "saved" }
        ))),
        Err(ServiceError::Invalid(inv)) => {
            let fw = svc::open_framework(&app, &f).await?;
            let errors = answer_errors(&who.ctx, &fw.fw, &inv);
            let typed = Some((d.answers, d.publish, d.publish_city));
            bpf_page(&app, who, f, None, typed, errors, None).await
        }
        Err(ServiceError::Conflict(_, _)) => Ok(see_other(&format!(
            "/fls/{}/bpf?notice=bpf-under-review",
            f.code
        ))),
        Err(e) => Err(e.into()),
    }
}

pub async fn bpf_review(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    body: Bytes,
) -> PageResult {
    let f = visible(&app, &who, &code).await?;
    if !svc::can_review(&who.s.access) {
        return Err(deny(&app, &who, "bpf_review").await);
    }
    let pairs = form_pairs(&body);
    let m = pairs_map(&pairs);
    let levels = pairs
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("level.").map(|k| (k.to_string(), v.clone())))
        .collect();
    let r = Review {
        action: m.get("action").cloned().unwrap_or_default(),
        comment: m.get("comment").cloned().unwrap_or_default(),
        levels,
    };
    match svc::review(&app, &who.actor, &f, &r).await {
        Ok(a) => Ok(see_other(&format!(
            "/fls/{}/bpf?assessment={}&notice=bpf-reviewed",
            f.code, a.id
        ))),
        Err(ServiceError::Invalid(inv)) => {
            let errors = FormErrors::from_invalid(&who.ctx.tr, &inv);
            bpf_page(&app, who, f, None, None, errors, None).await
        }
        Err(ServiceError::Conflict(_, _)) => Ok(see_other(&format!(
            "/fls/{}/bpf?notice=bpf-nothing-to-review",
            f.code
        ))),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "programme_review_queue.html")]
struct QueuePage {
    ctx: Ctx,
    rows: Vec<(String, String, String, String)>,
}

pub async fn review_queue(State(app): State<AppState>, who: Signed) -> PageResult {
    let rows = match svc::review_queue(&app, &who.actor).await {
        Ok(r) => r,
        Err(ServiceError::NotFound) => return Err(deny(&app, &who, "bpf_review").await),
        Err(e) => return Err(e.into()),
    };
    let rows = rows
        .into_iter()
        .map(|(a, f)| {
            (
                f.code,
                f.name,
                f.country,
                a.submitted_at
                    .map(|t| who.ctx.tr.datetime(&t))
                    .unwrap_or_default(),
            )
        })
        .collect();
    html(QueuePage { ctx: who.ctx, rows })
}

#[derive(Template)]
#[template(path = "programme_frameworks.html")]
struct FrameworksPage {
    ctx: Ctx,
    rows: Vec<FrameworkRow>,
    text: String,
    errors: FormErrors,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    notice: Option<String>,
}

pub async fn frameworks(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<NoticeQuery>,
) -> PageResult {
    if !who.s.access.is_admin() {
        return Err(deny(&app, &who, "bpf_framework").await);
    }
    let rows = svc::frameworks(&app).await?;
    let notice = notice(&who.ctx, q.notice.as_ref());
    html(FrameworksPage {
        ctx: who.ctx,
        rows,
        text: String::new(),
        errors: FormErrors::default(),
        notice,
    })
}

pub async fn framework_load(State(app): State<AppState>, who: Signed, body: Bytes) -> PageResult {
    if !who.s.access.is_admin() {
        return Err(deny(&app, &who, "bpf_framework").await);
    }
    let m = pairs_map(&form_pairs(&body));
    let text = m.get("framework").cloned().unwrap_or_default();
    match svc::load_framework(&app, &who.actor, &text).await {
        Ok(_) => Ok(see_other("/admin/bpf?notice=bpf-framework-loaded")),
        Err(ServiceError::Invalid(inv)) => {
            let errors = FormErrors::from_invalid(&who.ctx.tr, &inv);
            let rows = svc::frameworks(&app).await?;
            let mut res = html(FrameworksPage {
                ctx: who.ctx,
                rows,
                text,
                errors,
                notice: None,
            })?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

// ---- the public Map of Best Practice ----

const TILE: i64 = 24;
const GAP: i64 = 3;

/// Regions placed roughly as on a world map: columns of region blocks, each block a grid of
/// one square per country (alphabetical by code) with the columns given.
const LAYOUT: [&[(&str, i64)]; 4] = [
    &[("north_america", 5), ("latin_america", 7)],
    &[("europe", 8), ("africa", 8)],
    &[("middle_east", 4)],
    &[("asia_pacific", 8)],
];

struct Tile {
    x: i64,
    y: i64,
    code: String,
    name: String,
    level: &'static str,
    /// FLSs on the map in this country; 0 = not a link.
    count: usize,
    label: String,
}

struct RegionLabel {
    x: i64,
    y: i64,
    text: String,
}

struct WorldMap {
    width: i64,
    height: i64,
    tiles: Vec<Tile>,
    labels: Vec<RegionLabel>,
}

fn world_map(ctx: &Ctx, countries: &[(String, String)], entries: &[PublicEntry]) -> WorldMap {
    let mut tiles = Vec::new();
    let mut labels = Vec::new();
    let mut x0 = 0;
    let mut height = 0;
    for column in LAYOUT {
        let mut y0 = 0;
        let mut width = 0;
        for (region, cols) in column {
            labels.push(RegionLabel {
                x: x0,
                y: y0 + 14,
                text: ctx.tk("region", region),
            });
            y0 += 20;
            let codes: Vec<&String> = countries
                .iter()
                .filter(|(_, r)| r == region)
                .map(|(c, _)| c)
                .collect();
            for (i, code) in codes.iter().enumerate() {
                let i = i as i64;
                let here: Vec<&PublicEntry> =
                    entries.iter().filter(|e| &&e.country == code).collect();
                let best = here.iter().map(|e| e.overall).max();
                let name = ctx.country(code);
                let label = match best {
                    Some(b) => ctx.tr.ta(
                        "map-country-label",
                        &[
                            ("country", name.clone()),
                            ("count", here.len().to_string()),
                            ("level", level_label(ctx, b)),
                        ],
                    ),
                    None => name.clone(),
                };
                tiles.push(Tile {
                    x: x0 + (i % cols) * (TILE + GAP),
                    y: y0 + (i / cols) * (TILE + GAP),
                    code: code.to_string(),
                    name,
                    level: best.map(Level::code).unwrap_or("none"),
                    count: here.len(),
                    label,
                });
            }
            let rows = (codes.len() as i64 + cols - 1) / cols;
            y0 += rows * (TILE + GAP) + 12;
            width = width.max(cols * (TILE + GAP));
        }
        height = height.max(y0);
        x0 += width + 18;
    }
    WorldMap {
        width: x0,
        height,
        tiles,
        labels,
    }
}

struct EntryView {
    code: String,
    name: String,
    city: String,
    country: String,
    level: String,
    level_code: &'static str,
    approved_on: String,
}

#[derive(Template)]
#[template(path = "programme_map.html")]
struct MapPage {
    ctx: Ctx,
    map: WorldMap,
    rows: Vec<EntryView>,
    total: usize,
    q: String,
    country: String,
    level: String,
    levels: Vec<(&'static str, String)>,
    countries: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct MapQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    level: String,
}

pub async fn map(State(app): State<AppState>, ctx: Ctx, Query(q): Query<MapQuery>) -> PageResult {
    let entries = svc::public_entries(&app).await?;
    let countries = liaison_app::orgs::countries(&app).await?;
    let map = world_map(&ctx, &countries, &entries);
    let needle = q.q.trim().to_lowercase();
    let country = q.country.trim().to_uppercase();
    let total = entries.len();
    let mut on_map: Vec<(String, String)> = entries
        .iter()
        .map(|e| (e.country.clone(), ctx.country(&e.country)))
        .collect();
    on_map.sort();
    on_map.dedup();
    let rows = entries
        .into_iter()
        .filter(|e| {
            (needle.is_empty()
                || e.name.to_lowercase().contains(&needle)
                || e.city
                    .as_deref()
                    .is_some_and(|c| c.to_lowercase().contains(&needle))
                || ctx.country(&e.country).to_lowercase().contains(&needle)
                || liaison_domain::org::country_name(&e.country, liaison_domain::lang::Lang::En)
                    .is_some_and(|n| n.to_lowercase().contains(&needle)))
                && (country.is_empty() || e.country == country)
                && (q.level.is_empty() || e.overall.code() == q.level)
        })
        .map(|e| EntryView {
            level: level_label(&ctx, e.overall),
            level_code: e.overall.code(),
            approved_on: ctx.tr.date(&e.approved_on),
            country: ctx.country(&e.country),
            city: e.city.unwrap_or_default(),
            code: e.code,
            name: e.name,
        })
        .collect();
    let levels = Level::ALL
        .iter()
        .map(|l| (l.code(), level_label(&ctx, *l)))
        .collect();
    html(MapPage {
        ctx,
        map,
        rows,
        total,
        q: q.q,
        country,
        level: q.level,
        levels,
        countries: on_map,
    })
}

#[derive(Template)]
#[template(path = "programme_profile.html")]
struct ProfilePage {
    ctx: Ctx,
    e: EntryView,
    domains: Vec<(String, String, &'static str)>,
}

pub async fn map_profile(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> PageResult {
    let Some(e) = svc::public_entries(&app)
        .await?
        .into_iter()
        .find(|e| e.code == code)
    else {
        return Err(AppError::NotFound);
    };
    let domains = e
        .domains
        .iter()
        .map(|(d, l)| {
            let key = format!("bpf-domain-{d}");
            let name = ctx.t(&key);
            let name = if name == key { d.clone() } else { name };
            (name, level_label(&ctx, *l), l.code())
        })
        .collect();
    let e = EntryView {
        level: level_label(&ctx, e.overall),
        level_code: e.overall.code(),
        approved_on: ctx.tr.date(&e.approved_on),
        country: ctx.country(&e.country),
        city: e.city.unwrap_or_default(),
        code: e.code,
        name: e.name,
    };
    html(ProfilePage { ctx, e, domains })
}

// ---- Getting to Gold ----

struct MilestoneView {
    m: MilestoneRow,
    due: String,
    status: String,
    overdue: bool,
}

struct StepView {
    n: i64,
    name: String,
    current: bool,
    milestones: Vec<MilestoneView>,
}

#[derive(Template)]
#[template(path = "programme_g2g.html")]
struct G2gPage {
    ctx: Ctx,
    /// The page's own address: forms post back to it.
    base: String,
    heading: String,
    links: Vec<(String, String)>,
    step: i64,
    steps: Vec<StepView>,
    can_edit: bool,
    statuses: Vec<(&'static str, String)>,
    form: MilestoneInput,
    form_id: i64,
    errors: FormErrors,
    notice: Option<String>,
    history: Vec<AuditRow>,
}

/// Whose plan a page shows.
enum Whose {
    Fls(Box<FlsRow>),
    Country(String),
}

impl Whose {
    fn target(&self) -> svc::Target<'_> {
        match self {
            Whose::Fls(f) => svc::Target::Fls(f),
            Whose::Country(c) => svc::Target::Country(c),
        }
    }
    fn base(&self) -> String {
        match self {
            Whose::Fls(f) => format!("/fls/{}/g2g", f.code),
            Whose::Country(c) => format!("/g2g/country/{c}"),
        }
    }
}

async fn g2g_page(
    app: &AppState,
    who: Signed,
    whose: Whose,
    form: Option<(i64, MilestoneInput)>,
    errors: FormErrors,
    notice_key: Option<String>,
) -> PageResult {
    let target = whose.target();
    let plan = match svc::plan(app, &who.actor, target).await {
        Err(ServiceError::NotFound) => return Err(deny(app, &who, "g2g_plan").await),
        r => r?,
    };
    let step = plan.plan.as_ref().map(|p| p.step).unwrap_or(0);
    let today = match &whose {
        Whose::Fls(f) => liaison_app::episodes::today_in(app.now(), &f.time_zone),
        Whose::Country(_) => app.now().date(),
    };
    let ctx = &who.ctx;
    let steps = g2g::STEPS
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let n = i as i64 + 1;
            StepView {
                n,
                name: ctx.tk("g2g-step", code),
                current: n == step,
                milestones: plan
                    .milestones
                    .iter()
                    .filter(|m| m.step == n)
                    .map(|m| MilestoneView {
                        due: ctx.tr.opt_date(&m.due_date),
                        status: ctx.tk("g2g-status", &m.status),
                        overdue: m.status != "done" && m.due_date.is_some_and(|d| d < today),
                        m: m.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let statuses = g2g::STATUSES
        .iter()
        .map(|s| (*s, ctx.tk("g2g-status", s)))
        .collect();
    let can_edit = match &whose {
        Whose::Fls(f) => svc::can_edit_plan(&who.s.access, f.id),
        Whose::Country(c) => svc::country_rights(app, &who.actor, c).await?.1,
    };
    let history = svc::plan_history(app, target).await?;
    let (heading, links) = match &whose {
        Whose::Fls(f) => (
            f.name.clone(),
            vec![
                (format!("/fls/{}", f.code), f.name.clone()),
                (format!("/fls/{}/bpf", f.code), ctx.t("bpf-title")),
                (
                    format!("/g2g/country/{}", f.country),
                    ctx.country(&f.country),
                ),
            ],
        ),
        Whose::Country(c) => (
            ctx.country(c),
            vec![(format!("/g2g?country={c}"), ctx.t("g2g-overview-title"))],
        ),
    };
    let failed = !errors.is_empty();
    let notice = notice(ctx, notice_key.as_ref());
    let (form_id, form) = form.unwrap_or((
        0,
        MilestoneInput {
            step: step.max(1).to_string(),
            status: "planned".into(),
            ..Default::default()
        },
    ));
    let base = whose.base();
    let mut res = html(G2gPage {
        ctx: who.ctx,
        base,
        heading,
        links,
        step,
        steps,
        can_edit,
        statuses,
        form,
        form_id,
        errors,
        notice,
        history,
    })?;
    if failed {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

pub async fn g2g_show(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> PageResult {
    let f = visible(&app, &who, &code).await?;
    g2g_page(
        &app,
        who,
        Whose::Fls(Box::new(f)),
        None,
        FormErrors::default(),
        q.notice,
    )
    .await
}

pub async fn g2g_country_show(
    State(app): State<AppState>,
    who: Signed,
    Path(country): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> PageResult {
    let c = Whose::Country(country.to_uppercase());
    g2g_page(&app, who, c, None, FormErrors::default(), q.notice).await
}

pub async fn g2g_save(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    body: Bytes,
) -> PageResult {
    let f = visible(&app, &who, &code).await?;
    if !svc::can_edit_plan(&who.s.access, f.id) {
        return Err(deny(&app, &who, "g2g_plan").await);
    }
    g2g_post(&app, who, Whose::Fls(Box::new(f)), &body).await
}

pub async fn g2g_country_save(
    State(app): State<AppState>,
    who: Signed,
    Path(country): Path<String>,
    body: Bytes,
) -> PageResult {
    let country = country.to_uppercase();
    if !svc::country_rights(&app, &who.actor, &country).await?.1 {
        return Err(deny(&app, &who, "g2g_plan").await);
    }
    g2g_post(&app, who, Whose::Country(country), &body).await
}

async fn g2g_post(app: &AppState, who: Signed, whose: Whose, body: &Bytes) -> PageResult {
    let m = pairs_map(&form_pairs(body));
    let get = |k: &str| m.get(k).cloned().unwrap_or_default();
    let back = format!("{}?notice=saved", whose.base());
    if get("what") == "step" {
        return match svc::set_step(app, &who.actor, whose.target(), &get("step")).await {
            Ok(_) => Ok(see_other(&back)),
            Err(ServiceError::Invalid(inv)) => {
                let errors = FormErrors::from_invalid(&who.ctx.tr, &inv);
                g2g_page(app, who, whose, None, errors, None).await
            }
            Err(e) => Err(e.into()),
        };
    }
    let input = MilestoneInput {
        step: get("step"),
        title: get("title"),
        owner: get("owner"),
        due_date: get("due_date"),
        status: get("status"),
        evidence: get("evidence"),
        evidence_url: get("evidence_url"),
    };
    let id = get("id").parse::<i64>().ok().filter(|i| *i > 0);
    match svc::save_milestone(app, &who.actor, whose.target(), id, &input).await {
        Ok(_) => Ok(see_other(&back)),
        Err(ServiceError::Invalid(inv)) => {
            let errors = FormErrors::from_invalid(&who.ctx.tr, &inv);
            g2g_page(
                app,
                who,
                whose,
                Some((id.unwrap_or(0), input)),
                errors,
                None,
            )
            .await
        }
        Err(ServiceError::NotFound) => Err(deny(app, &who, "g2g_milestone").await),
        Err(e) => Err(e.into()),
    }
}

struct OverviewStep {
    name: String,
    rows: Vec<svc::OverviewRow>,
}

#[derive(Template)]
#[template(path = "programme_g2g_overview.html")]
struct OverviewPage {
    ctx: Ctx,
    steps: Vec<OverviewStep>,
    country: String,
    countries: Vec<(String, String)>,
    can_review: bool,
    /// Country plans the user may read: (code, name, step name).
    country_plans: Vec<(String, String, String)>,
}

#[derive(Deserialize, Default)]
pub struct OverviewQuery {
    #[serde(default)]
    country: String,
}

pub async fn g2g_overview(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<OverviewQuery>,
) -> PageResult {
    let rows = svc::overview(&app, &who.actor).await?;
    let mut countries: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.fls.country.clone(), who.ctx.country(&r.fls.country)))
        .collect();
    countries.sort();
    countries.dedup();
    let country_plans = svc::country_plans(&app, &who.actor)
        .await?
        .into_iter()
        .filter_map(|p| {
            let c = p.country?;
            let step = g2g::step_code(p.step)
                .map(|s| who.ctx.tk("g2g-step", s))
                .unwrap_or_default();
            Some((c.clone(), who.ctx.country(&c), step))
        })
        .collect();
    let country = q.country.trim().to_uppercase();
    let mut steps: Vec<OverviewStep> = std::iter::once(who.ctx.t("g2g-not-started"))
        .chain(g2g::STEPS.iter().map(|c| who.ctx.tk("g2g-step", c)))
        .map(|name| OverviewStep { name, rows: vec![] })
        .collect();
    for r in rows {
        if !country.is_empty() && r.fls.country != country {
            continue;
        }
        let i = r.step.unwrap_or(0).clamp(0, 4) as usize;
        steps[i].rows.push(r);
    }
    let can_review = svc::can_review(&who.s.access);
    html(OverviewPage {
        ctx: who.ctx,
        steps,
        country,
        countries,
        can_review,
        country_plans,
    })
}

// ---- API: the same data and rules as the pages above ----

/// `GET /api/v1/map`: the Map of Best Practice, public like the page: each FLS's latest
/// approved, published assessment, its city only where the FLS agreed.
async fn api_map(State(app): State<AppState>) -> Result<Json<Value>, ApiError> {
    let entries = svc::public_entries(&app).await?;
    let items: Vec<Value> = entries
        .iter()
        .map(|e| {
            json!({
                "code": e.code,
                "name": e.name,
                "city": e.city,
                "country": e.country,
                "region": e.region,
                "overall": e.overall.code(),
                "domains": e.domains.iter().map(|(d, l)| (d.clone(), json!(l.code()))).collect::<serde_json::Map<_, _>>(),
                "approved_on": e.approved_on.to_string(),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

/// `GET /api/v1/fls/{code}/assessments`: the FLS's Best Practice Framework self-assessments,
/// newest first, with answers, scores, approved levels and review history.
async fn api_assessments(
    State(app): State<AppState>,
    who: ApiUser,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let path = format!("/api/v1/fls/{code}/assessments");
    let f = visible_fls(&app, &who, &code, &path).await?;
    let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
    let mut items = Vec::new();
    for a in svc::assessments(&app, &who.actor, &f).await? {
        let reviews = svc::reviews(&app, &a).await?;
        items.push(json!({
            "id": a.id,
            "status": a.status,
            "framework_version": a.framework_version,
            "answers": parse(&a.answers_json),
            "registry_suggestions": parse(&a.prefill_json),
            "score": a.score_json.as_deref().map(parse),
            "approved": a.approved_json.as_deref().map(parse),
            "publish": a.publish,
            "publish_city": a.publish_city,
            "created_at": rfc3339(a.created_at),
            "updated_at": rfc3339(a.updated_at),
            "submitted_at": a.submitted_at.map(rfc3339),
            "decided_at": a.decided_at.map(rfc3339),
            "reviews": reviews.iter().map(|r| json!({
                "at": rfc3339(r.at),
                "actor": r.actor,
                "action": r.action,
                "comment": r.comment,
            })).collect::<Vec<_>>(),
        }));
    }
    Ok(Json(json!({ "fls": f.code, "items": items })))
}

/// `GET /api/v1/fls/{code}/g2g`: the FLS's Getting to Gold plan: its step and milestones.
async fn api_g2g(
    State(app): State<AppState>,
    who: ApiUser,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let path = format!("/api/v1/fls/{code}/g2g");
    let f = visible_fls(&app, &who, &code, &path).await?;
    let plan = svc::plan(&app, &who.actor, svc::Target::Fls(&f)).await?;
    let step = plan.plan.as_ref().map(|p| p.step).unwrap_or(1);
    Ok(Json(json!({
        "fls": f.code,
        "step": step,
        "step_code": g2g::step_code(step),
        "updated_at": plan.plan.as_ref().map(|p| rfc3339(p.updated_at)),
        "milestones": plan.milestones.iter().map(|m| json!({
            "id": m.id,
            "step": m.step,
            "title": m.title,
            "owner": m.owner,
            "due_date": m.due_date.map(|d| d.to_string()),
            "status": m.status,
            "evidence": m.evidence,
            "evidence_url": m.evidence_url,
        })).collect::<Vec<_>>(),
    })))
}
