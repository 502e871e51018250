//! The yearly facilities audit (issue 19): an FLS's return (`/fls/{code}/facilities`), the
//! administrators' rounds (`/admin/facilities`) and the API. Rights, validation, deadlines and
//! disclosure are `liaison_app::facilities`'s; this module lays them out.

use crate::AppState;
use crate::Routes;
use crate::ctx::{Ctx, Signed, deny, html, see_other, unprocessable};
use crate::error::PageResult;
use crate::pages::{FormErrors, form_pairs, notice};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use liaison_app::ServiceError;
use liaison_app::facilities::{self as svc, Comparison, ReturnView, Round, RoundInput, Step};
use liaison_app::orgs::FlsRow;
use liaison_domain::error::Invalid;
use liaison_domain::facilities::kpis::{Area, InstKpi, Institutional, Place};
use liaison_domain::facilities::{Answers, Kind, Questionnaire};
use liaison_domain::format;
use liaison_domain::programme::framework::text_in;
use serde::Deserialize;

pub(crate) mod api;
use api::*;

pub fn routes(r: Routes) -> Routes {
    r.get("/fls/{code}/facilities", show)
        .post("/fls/{code}/facilities", save)
        .get("/admin/facilities", admin)
        .post("/admin/facilities", open_round)
        .get("/api/v1/facilities/rounds", api_rounds)
        .post("/api/v1/facilities/rounds", api_open_round)
        .get("/api/v1/facilities/kpis", api_kpis)
        .get("/api/v1/fls/{code}/facilities", api_return)
        .post("/api/v1/fls/{code}/facilities", api_write)
}

/// A question as the form shows it.
pub struct QuestionView {
    id: String,
    text: String,
    kind: &'static str,
    required: bool,
    value: String,
    /// (id, label, selected) for choices.
    options: Vec<(String, String, bool)>,
    /// The answer as read-only text.
    shown: String,
}

pub struct SectionView {
    title: String,
    questions: Vec<QuestionView>,
}

fn sections(ctx: &Ctx, q: &Questionnaire, answers: &Answers) -> Vec<SectionView> {
    let lang = ctx.lang_code();
    q.sections
        .iter()
        .map(|s| SectionView {
            title: text_in(&s.text, lang).to_string(),
            questions: q
                .in_section(&s.id)
                .map(|question| {
                    let value = answers.get(&question.id).cloned().unwrap_or_default();
                    let chosen: Vec<&str> = value.split(',').collect();
                    let options: Vec<(String, String, bool)> = question
                        .options
                        .iter()
                        .map(|o| {
                            (
                                o.id.clone(),
                                text_in(&o.text, lang).to_string(),
                                chosen.contains(&o.id.as_str()),
                            )
                        })
                        .collect();
                    let shown = match question.kind {
                        Kind::Choice | Kind::Multi => options
                            .iter()
                            .filter(|o| o.2)
                            .map(|o| o.1.clone())
                            .collect::<Vec<_>>()
                            .join(", "),
                        Kind::Number => format::digits_in_text(ctx.tr.lang, &value),
                        Kind::Date => iso_date(&value)
                            .map(|d| ctx.tr.date(&d))
                            .unwrap_or(value.clone()),
                    };
                    QuestionView {
                        id: question.id.clone(),
                        text: text_in(&question.text, lang).to_string(),
                        kind: match question.kind {
                            Kind::Choice => "choice",
                            Kind::Multi => "multi",
                            Kind::Number => "number",
                            Kind::Date => "date",
                        },
                        required: question.required || question.required_when.is_some(),
                        value,
                        options,
                        shown: if shown.is_empty() {
                            "—".into()
                        } else {
                            shown
                        },
                    }
                })
                .collect(),
        })
        .collect()
}

fn iso_date(s: &str) -> Option<time::Date> {
    liaison_domain::org::optional_iso_date("", s).ok().flatten()
}

/// Each error named by its question's text (the field's own label otherwise).
fn errors_of(ctx: &Ctx, q: Option<&Questionnaire>, inv: &Invalid) -> FormErrors {
    let lang = ctx.lang_code();
    FormErrors(
        inv.0
            .iter()
            .map(|e| {
                let label = q
                    .and_then(|q| q.question(&e.field))
                    .map(|x| text_in(&x.text, lang).to_string())
                    .unwrap_or_else(|| ctx.tr.field(&e.field));
                let mut args: Vec<(&str, String)> =
                    e.args.iter().map(|(k, v)| (*k, v.clone())).collect();
                args.push(("value", e.value.clone()));
                let rule = ctx.tr.ta(&format!("rule-{}", e.rule), &args);
                let msg = ctx.tr.ta(
                    "error-field",
                    &[("field", label), ("value", e.value.clone()), ("rule", rule)],
                );
                (e.field.clone(), msg)
            })
            .collect(),
    )
}

/// A KPI's row: its name and the figure of each column.
pub struct KpiRow {
    name: String,
    cells: Vec<String>,
}

pub(crate) fn figure(ctx: &Ctx, k: InstKpi, v: Option<f64>) -> String {
    match v {
        None => "—".into(),
        Some(x) if k.is_share() => format::percent(ctx.tr.lang, x, 0),
        Some(x) if k == InstKpi::StaffPer1000 => format::decimal(ctx.tr.lang, x, 2),
        Some(x) => format::decimal(ctx.tr.lang, x, 1),
    }
}

fn place_name(ctx: &Ctx, p: &Place) -> String {
    match p {
        Place::World => ctx.t("facilities-world"),
        Place::Region(r) => ctx.tk("region", r),
        Place::Country(c) => ctx.country(c),
    }
}

/// The comparison table: a column per service shown by name, then per released area.
pub struct KpiTable {
    heads: Vec<String>,
    rows: Vec<KpiRow>,
}

fn table(ctx: &Ctx, services: &[(String, &Institutional)], areas: &[&Area]) -> KpiTable {
    let mut heads: Vec<String> = services.iter().map(|(n, _)| n.clone()).collect();
    heads.extend(areas.iter().map(|a| {
        ctx.tr.ta(
            "facilities-area-head",
            &[
                ("area", place_name(ctx, &a.place)),
                ("fls", format::integer(ctx.tr.lang, a.fls as i64)),
            ],
        )
    }));
    let rows = InstKpi::ALL
        .into_iter()
        .map(|k| {
            let mut cells: Vec<String> = services
                .iter()
                .map(|(_, f)| figure(ctx, k, f.value(k)))
                .collect();
            cells.extend(areas.iter().map(|a| {
                let s = a.kpis.iter().find(|s| s.kpi == k);
                match s.and_then(|s| s.value) {
                    Some(v) => figure(ctx, k, Some(v)),
                    None => ctx.t("facilities-withheld"),
                }
            }));
            KpiRow {
                name: ctx.tk("facilities-kpi", k.code()),
                cells,
            }
        })
        .collect();
    KpiTable { heads, rows }
}

#[derive(Template)]
#[template(path = "facilities.html")]
struct ReturnPage {
    ctx: Ctx,
    f: FlsRow,
    years: Vec<i64>,
    view: Option<ReturnView>,
    status: String,
    deadline: String,
    sections: Vec<SectionView>,
    errors: FormErrors,
    notice: Option<String>,
    kpis: Option<KpiTable>,
}

#[derive(Deserialize, Default)]
pub struct ReturnQuery {
    year: Option<i64>,
    notice: Option<String>,
}

async fn visible(
    app: &AppState,
    who: &Signed,
    code: &str,
) -> Result<FlsRow, crate::error::AppError> {
    match liaison_app::orgs::fls_by_code(app, &who.s.access.view_aggregates, code).await? {
        Some(f) => Ok(f),
        None => Err(deny(app, who, "fls").await),
    }
}

async fn return_page(
    app: &AppState,
    who: Signed,
    f: FlsRow,
    year: Option<i64>,
    typed: Option<Answers>,
    errors: FormErrors,
    notice_key: Option<String>,
) -> PageResult {
    let years = svc::rounds(app).await?.iter().map(|r| r.year).collect();
    let view = svc::return_view(app, &who.actor, &f, year).await?;
    let ctx = &who.ctx;
    let (mut status, mut deadline, mut secs, mut kpis) = Default::default();
    if let Some(v) = &view {
        status = ctx.tk("facilities-status", v.status());
        deadline = ctx.tr.date(&v.round.row.deadline);
        secs = sections(ctx, &v.round.q, typed.as_ref().unwrap_or(&v.answers));
        let cmp = svc::compare(app, &who.actor, v.round.clone()).await?;
        let region = liaison_app::orgs::country_region(app, &f.country).await?;
        kpis = Some(fls_table(ctx, &f, region.map(|r| r.code()), &cmp));
    }
    let notice = notice(ctx, notice_key.as_ref());
    let failed = !errors.is_empty();
    let res = html(ReturnPage {
        ctx: who.ctx,
        f,
        years,
        view,
        status,
        deadline,
        sections: secs,
        errors,
        notice,
        kpis,
    })?;
    Ok(if failed { unprocessable(res) } else { res })
}

/// This FLS beside its country, its region and the world, where those are released.
fn fls_table(ctx: &Ctx, f: &FlsRow, region: Option<&str>, cmp: &Comparison) -> KpiTable {
    let own: Vec<(String, &Institutional)> = cmp
        .services
        .iter()
        .filter(|s| s.code == f.code)
        .map(|s| (f.name.clone(), &s.figures))
        .collect();
    let areas: Vec<&Area> = cmp
        .areas
        .iter()
        .filter(|a| match &a.place {
            Place::World => true,
            Place::Region(r) => region == Some(r.as_str()),
            Place::Country(c) => *c == f.country,
        })
        .collect();
    table(ctx, &own, &areas)
}

pub async fn show(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    Query(q): Query<ReturnQuery>,
) -> PageResult {
    let f = visible(&app, &who, &code).await?;
    return_page(&app, who, f, q.year, None, FormErrors::default(), q.notice).await
}

/// The form's answers: `q-<id>` fields, repeated ticks of a multiple choice joined.
fn answers_of(pairs: &[(String, String)]) -> Answers {
    let mut a = Answers::new();
    for (k, v) in pairs {
        if let Some(id) = k.strip_prefix("q-") {
            a.entry(id.to_string())
                .and_modify(|x: &mut String| {
                    x.push(',');
                    x.push_str(v);
                })
                .or_insert_with(|| v.clone());
        }
    }
    a
}

pub async fn save(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    body: Bytes,
) -> PageResult {
    let f = visible(&app, &who, &code).await?;
    if !svc::can_edit(&who.s.access, f.id) {
        return Err(deny(&app, &who, "facilities_return").await);
    }
    let pairs = form_pairs(&body);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let step = match get("action").as_str() {
        "submit" => Step::Submit,
        "reopen" => Step::Reopen,
        _ => Step::Save,
    };
    let year_text = get("year");
    let year = year_text.parse::<i64>().ok();
    let answers = answers_of(&pairs);
    match svc::write(&app, &who.actor, &f, &year_text, &answers, step).await {
        Ok(_) => {
            let key = match step {
                Step::Save => "facilities-saved",
                Step::Submit => "facilities-submitted",
                Step::Reopen => "facilities-reopened",
            };
            let y = year.unwrap_or_default();
            Ok(see_other(&format!(
                "/fls/{}/facilities?year={y}&notice={key}",
                f.code
            )))
        }
        Err(ServiceError::Invalid(inv)) => {
            let round = svc::round(&app, year).await.ok().flatten();
            let errors = errors_of(&who.ctx, round.as_ref().map(|r| &r.q), &inv);
            let typed = (step != Step::Reopen).then_some(answers);
            return_page(&app, who, f, year, typed, errors, None).await
        }
        Err(ServiceError::NotFound) => Err(deny(&app, &who, "facilities_return").await),
        Err(e) => Err(e.into()),
    }
}

pub struct RoundLine {
    year: i64,
    deadline: String,
    version: String,
    submitted: String,
}

#[derive(Template)]
#[template(path = "facilities_admin.html")]
struct AdminPage {
    ctx: Ctx,
    rounds: Vec<RoundLine>,
    form: RoundInput,
    errors: FormErrors,
    notice: Option<String>,
    /// The newest round's year and its comparison.
    latest: Option<(i64, KpiTable)>,
}

async fn admin_page(
    app: &AppState,
    who: Signed,
    form: RoundInput,
    errors: FormErrors,
    notice_key: Option<String>,
) -> PageResult {
    let ctx = &who.ctx;
    let mut rounds = Vec::new();
    for row in svc::rounds(app).await? {
        let year = row.year;
        let round = svc::round(app, Some(year)).await?;
        let progress = match &round {
            Some(r) => svc::progress(app, &who.actor, r).await?,
            None => vec![],
        };
        let done = progress
            .iter()
            .filter(|p| p.status.as_deref() == Some("submitted"))
            .count();
        rounds.push(RoundLine {
            year,
            deadline: ctx.tr.date(&row.deadline),
            version: row.questionnaire_version.clone(),
            submitted: ctx.tr.ta(
                "facilities-progress",
                &[
                    ("done", format::integer(ctx.tr.lang, done as i64)),
                    ("all", format::integer(ctx.tr.lang, progress.len() as i64)),
                ],
            ),
        });
    }
    let latest = match svc::round(app, None).await? {
        Some(r) => Some(admin_table(app, &who, r).await?),
        None => None,
    };
    let notice = notice(ctx, notice_key.as_ref());
    let failed = !errors.is_empty();
    let res = html(AdminPage {
        ctx: who.ctx,
        rounds,
        form,
        errors,
        notice,
        latest,
    })?;
    Ok(if failed { unprocessable(res) } else { res })
}

async fn admin_table(
    app: &AppState,
    who: &Signed,
    r: Round,
) -> Result<(i64, KpiTable), ServiceError> {
    let year = r.row.year;
    let cmp = svc::compare(app, &who.actor, r).await?;
    let services: Vec<(String, &Institutional)> = cmp
        .services
        .iter()
        .map(|s| (s.code.clone(), &s.figures))
        .collect();
    let areas: Vec<&Area> = cmp.areas.iter().collect();
    Ok((year, table(&who.ctx, &services, &areas)))
}

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    notice: Option<String>,
}

pub async fn admin(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<NoticeQuery>,
) -> PageResult {
    if !who.s.access.is_admin() {
        return Err(deny(&app, &who, "facilities_round").await);
    }
    admin_page(
        &app,
        who,
        RoundInput::default(),
        FormErrors::default(),
        q.notice,
    )
    .await
}

pub async fn open_round(State(app): State<AppState>, who: Signed, body: Bytes) -> PageResult {
    if !who.s.access.is_admin() {
        return Err(deny(&app, &who, "facilities_round").await);
    }
    let pairs = form_pairs(&body);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let input = RoundInput {
        year: get("year"),
        deadline: get("deadline"),
        questionnaire: get("questionnaire"),
    };
    match svc::open_round(&app, &who.actor, &input).await {
        Ok(_) => Ok(see_other(
            "/admin/facilities?notice=facilities-round-opened",
        )),
        Err(ServiceError::Invalid(inv)) => {
            let errors = errors_of(&who.ctx, None, &inv);
            admin_page(&app, who, input, errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}
