//! The Best Practice Framework: an FLS's assessments, their answers, review and publication.

use super::*;
use crate::AppState;
use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::PageResult;
use crate::pages::{FormErrors, form_pairs, notice};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use liaison_app::ServiceError;
use liaison_app::audit::AuditRow;
use liaison_app::orgs::FlsRow;
use liaison_app::programme::{self as svc, Draft, Review, View};
use liaison_app::programme::{AssessmentRow, FrameworkRow};
use liaison_domain::programme::Level;
use liaison_domain::programme::framework::{NONE, NOT_APPLICABLE, question_key, text_in};
use liaison_domain::programme::scoring::{Answer, Answers, BlackReason};
use serde::Deserialize;
use std::collections::BTreeMap;

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
    history: Vec<crate::pages::history::Entry>,
    can_edit: bool,
    can_review: bool,
    /// The lead may start a new assessment (none open).
    can_start: bool,
    current_framework: String,
    errors: FormErrors,
    notice: Option<String>,
    levels: Vec<(&'static str, String)>,
}

/// The assessment's history, field by field: an answer by its question's title, levels and
/// statuses by their names (issue 12: never raw JSON).
fn bpf_history(
    ctx: &Ctx,
    a: Option<&AssessmentView>,
    rows: &[AuditRow],
) -> Vec<crate::pages::history::Entry> {
    let titles: std::collections::HashMap<&str, String> = a
        .into_iter()
        .flat_map(|a| a.domains.iter())
        .flat_map(|d| {
            d.questions
                .iter()
                .map(move |q| (q.key.as_str(), format!("{} · {}", q.title, d.name)))
        })
        .collect();
    let label = |path: &str| {
        if let Some(rest) = path.strip_prefix("answers.") {
            let (key, part) = rest.rsplit_once('.').unwrap_or((rest, "option"));
            let title = titles.get(key).cloned().unwrap_or_else(|| key.to_string());
            return if part == "reason" {
                format!("{title} · {}", ctx.t("bpf-reason"))
            } else {
                title
            };
        }
        match path {
            "status" => ctx.t("bpf-history-status"),
            "publish" => ctx.t("bpf-publish"),
            "publish_city" => ctx.t("bpf-publish-city"),
            "framework_version" => ctx.t("bpf-history-framework"),
            p if p.starts_with("approved") => ctx.t("bpf-history-approved"),
            p => p.to_string(),
        }
    };
    let value = |path: &str, v: &serde_json::Value| {
        let raw = crate::pages::history::plain(ctx, v);
        if path == "status" {
            ctx.tk("bpf-status", &raw)
        } else {
            Level::parse(&raw).map_or(raw, |l| level_label(ctx, l))
        }
    };
    crate::pages::history::entries(ctx, rows, label, value)
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
    let history = bpf_history(
        &who.ctx,
        a.as_ref(),
        &svc::history(app, f.id, &["bpf_assessment"]).await?,
    );
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

pub(super) fn pairs_map(pairs: &[(String, String)]) -> BTreeMap<String, String> {
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
    pub(super) notice: Option<String>,
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
