//! The yearly facilities audit (docs/facilities.md): administrators open a round a year with a
//! deadline; an FLS's lead drafts, submits and may reopen the FLS's return until the deadline
//! (the day itself included, in the FLS's time zone); last year's answers are offered as the
//! starting point. Submitted returns give the institutional KPIs, compared by country, region
//! and world under disclosure rule 3, and suggest answers of the BPF organisation domain.
//!
//! Rights: whoever sees an FLS's aggregates reads its return; its leads and administrators
//! write it (the same set as the BPF self-assessment's); every write is audited.

use super::{Actor, Result, ServiceError};
use crate::app::App;
use crate::episodes::today_in;
use crate::programme::sha256_hex;
use liaison_domain::access::FlsSet;
use liaison_domain::benchmark::Disclosure;
use liaison_domain::error::{FieldError, Invalid};
use liaison_domain::facilities::kpis::{self, Area, Institutional, Placed};
use liaison_domain::facilities::{self as domain, Answers, PUBLIC_1_JSON, Questionnaire};
use liaison_domain::programme::framework::{Framework, NONE, Prefill, question_key};
use liaison_store::audit;
use liaison_store::facilities::{self as store, NewRound};
pub use liaison_store::facilities::{ProgressRow, ReturnRow, RoundRow};
use liaison_store::orgs::FlsRow;
use serde::Deserialize;
use std::collections::BTreeMap;

pub use crate::programme::can_edit;

/// A round with its questionnaire read.
#[derive(Debug, Clone)]
pub struct Round {
    pub row: RoundRow,
    pub q: Questionnaire,
}

fn loaded(row: RoundRow) -> Result<Round> {
    let q = Questionnaire::from_json(&row.questionnaire)?;
    Ok(Round { row, q })
}

/// Every round, newest first.
pub async fn rounds(app: &App) -> Result<Vec<RoundRow>> {
    Ok(store::rounds(&app.db).await?)
}

/// The round of a year, or the newest when no year is given.
pub async fn round(app: &App, year: Option<i64>) -> Result<Option<Round>> {
    let row = match year {
        Some(y) => store::round(&app.db, y).await?,
        None => store::rounds(&app.db).await?.into_iter().next(),
    };
    row.map(loaded).transpose()
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RoundInput {
    pub year: String,
    pub deadline: String,
    /// A questionnaire file; blank for the shipped default.
    #[serde(default)]
    pub questionnaire: String,
}

/// Open a year's round (administrators).
pub async fn open_round(app: &App, actor: &Actor, input: &RoundInput) -> Result<RoundRow> {
    if !actor.access.is_admin() {
        return Err(ServiceError::NotFound);
    }
    let mut inv = Invalid::default();
    let year_text = liaison_domain::numerals::to_ascii(&input.year)
        .trim()
        .to_string();
    let year = match year_text.parse::<i64>() {
        Ok(y) if (2000..=2100).contains(&y) => Some(y),
        _ => {
            inv.push(
                FieldError::new("year", &input.year, "integer_between")
                    .arg("min", 2000)
                    .arg("max", 2100),
            );
            None
        }
    };
    let deadline = match liaison_domain::org::optional_iso_date("deadline", &input.deadline) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            inv.push(FieldError::new("deadline", "", "required"));
            None
        }
        Err(e) => {
            inv.push(e);
            None
        }
    };
    let text = if input.questionnaire.trim().is_empty() {
        PUBLIC_1_JSON
    } else {
        input.questionnaire.as_str()
    };
    let q = inv.take(Questionnaire::from_json(text));
    let (Some(year), Some(deadline), Some(q)) = (year, deadline, q) else {
        return Err(inv.into());
    };
    let sha = sha256_hex(text);
    let mut tx = app.db.begin().await?;
    let new = NewRound {
        year,
        version: &q.version,
        sha256: &sha,
        questionnaire: text,
        deadline,
        by: &actor.label,
    };
    let id = match store::insert_round(&mut tx, &new, app.now()).await {
        Err(liaison_store::StoreError::Conflict(_)) => {
            return Err(
                FieldError::new("year", year.to_string(), "facilities_round_exists").into(),
            );
        }
        r => r?,
    };
    let a = actor
        .audit("facilities.round_open")
        .entity("facilities_round", year)
        .change(
            None,
            Some(serde_json::json!({
                "year": year, "deadline": deadline.to_string(),
                "questionnaire_version": q.version, "questionnaire_sha256": sha,
            })),
        );
    audit::record(&mut tx, app.now(), &a).await?;
    tx.commit().await?;
    let row = store::round(&app.db, year).await?;
    debug_assert!(row.as_ref().is_some_and(|r| r.id == id));
    row.ok_or(ServiceError::NotFound)
}

/// An FLS's return of a round, as the reader may see it.
#[derive(Debug, Clone)]
pub struct ReturnView {
    pub round: Round,
    pub row: Option<ReturnRow>,
    /// The answers to show: the return's, or last year's when nothing is saved yet.
    pub answers: Answers,
    /// Last year's submitted answers, with that year, when there are any.
    pub previous: Option<(i64, Answers)>,
    /// The answers shown are last year's (nothing saved this year yet).
    pub from_previous: bool,
    /// The deadline has not passed (today in the FLS's time zone).
    pub open: bool,
    /// The reader may write this return.
    pub can_edit: bool,
}

impl ReturnView {
    pub fn status(&self) -> &str {
        self.row
            .as_ref()
            .map_or("not_started", |r| r.status.as_str())
    }
    pub fn editable(&self) -> bool {
        self.can_edit && self.open && self.status() != "submitted"
    }
    pub fn reopenable(&self) -> bool {
        self.can_edit && self.open && self.status() == "submitted"
    }
}

fn parse_answers(json: &str) -> Answers {
    serde_json::from_str(json).unwrap_or_default()
}

/// The FLS's return of the round of `year` (the newest round when none is given); `None`
/// when there is no such round. The caller has checked that the reader sees the FLS.
pub async fn return_view(
    app: &App,
    actor: &Actor,
    fls: &FlsRow,
    year: Option<i64>,
) -> Result<Option<ReturnView>> {
    let scope = &actor.access.view_aggregates;
    if !scope.contains(fls.id) {
        return Err(ServiceError::NotFound);
    }
    let Some(round) = round(app, year).await? else {
        return Ok(None);
    };
    let row = store::return_of(&app.db, scope, round.row.id, fls.id).await?;
    let previous = store::previous_submitted(&app.db, scope, fls.id, round.row.year)
        .await?
        .map(|(y, json)| (y, parse_answers(&json)));
    let saved = row.as_ref().map(|r| parse_answers(&r.answers_json));
    let from_previous = saved.as_ref().is_none_or(|a| a.is_empty()) && previous.is_some();
    let answers = if from_previous {
        previous
            .as_ref()
            .map(|(_, a)| keep_known(&round.q, a))
            .unwrap_or_default()
    } else {
        saved.unwrap_or_default()
    };
    let open = domain::open_on(round.row.deadline, today_in(app.now(), &fls.time_zone));
    Ok(Some(ReturnView {
        can_edit: can_edit(&actor.access, fls.id),
        round,
        row,
        answers,
        previous,
        from_previous,
        open,
    }))
}

/// Last year's answers to questions this year's questionnaire still asks.
fn keep_known(q: &Questionnaire, a: &Answers) -> Answers {
    a.iter()
        .filter(|(k, _)| q.question(k).is_some())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn audit_json(r: &ReturnRow) -> serde_json::Value {
    serde_json::json!({
        "status": r.status,
        "answers": serde_json::from_str::<serde_json::Value>(&r.answers_json).unwrap_or_default(),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Save,
    Submit,
    Reopen,
}

/// Save the FLS's return of the round of `year` (as typed; no such round is a field error) as a draft, submit it, or reopen a submitted
/// one. Refused after the deadline; a submitted return must be reopened before it changes.
pub async fn write(
    app: &App,
    actor: &Actor,
    fls: &FlsRow,
    year: &str,
    answers: &Answers,
    step: Step,
) -> Result<ReturnRow> {
    if !can_edit(&actor.access, fls.id) {
        return Err(ServiceError::NotFound);
    }
    let no_round = || FieldError::new("year", year, "facilities_no_round");
    let y = liaison_domain::numerals::to_ascii(year)
        .trim()
        .parse::<i64>();
    let round = match y {
        Ok(y) => round(app, Some(y)).await?.ok_or_else(no_round)?,
        Err(_) => return Err(no_round().into()),
    };
    if !domain::open_on(round.row.deadline, today_in(app.now(), &fls.time_zone)) {
        return Err(domain::after_deadline(round.row.deadline).into());
    }
    let checked = match step {
        Step::Reopen => None,
        _ => Some(domain::check(&round.q, answers, step == Step::Submit)?),
    };
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let before = match store::return_tx(&mut tx, round.row.id, fls.id).await? {
        Some(r) => r,
        None if step == Step::Reopen => return Err(ServiceError::NotFound),
        None => store::insert_return(&mut tx, round.row.id, fls.id, now).await?,
    };
    let mut after = before.clone();
    match (step, before.status.as_str()) {
        (Step::Reopen, "submitted") => {
            after.status = "draft".into();
            after.submitted_at = None;
        }
        // Nothing to reopen: answered as done, nothing written.
        (Step::Reopen, _) => return Ok(before),
        (_, "submitted") => {
            return Err(FieldError::new("status", "submitted", "facilities_submitted").into());
        }
        (_, _) => {
            after.answers_json =
                serde_json::to_string(&checked.unwrap_or_default()).unwrap_or_else(|_| "{}".into());
            if step == Step::Submit {
                after.status = "submitted".into();
                after.submitted_at = Some(now);
            }
        }
    }
    after.updated_at = now;
    store::update_return(&mut tx, &after).await?;
    let action = match step {
        Step::Save => "facilities.save",
        Step::Submit => "facilities.submit",
        Step::Reopen => "facilities.reopen",
    };
    let a = actor
        .audit(action)
        .entity("facilities_return", after.id)
        .fls(fls.id)
        .change(Some(audit_json(&before)), Some(audit_json(&after)));
    audit::record(&mut tx, now, &a).await?;
    tx.commit().await?;
    Ok(after)
}

/// A round's progress among the FLSs the reader sees.
pub async fn progress(app: &App, actor: &Actor, round: &Round) -> Result<Vec<ProgressRow>> {
    Ok(store::progress(&app.db, &actor.access.view_aggregates, round.row.id).await?)
}

/// A named service's figures, for readers who see that service.
#[derive(Debug, Clone)]
pub struct ServiceFigures {
    pub code: String,
    pub country: String,
    pub figures: Institutional,
}

/// The institutional KPIs of a round: the released areas (over every submitted return, as
/// rule 3 allows; aggregates carry no FLS) and, named, the services the reader sees.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub round: Round,
    pub areas: Vec<Area>,
    pub services: Vec<ServiceFigures>,
}

pub async fn compare(app: &App, actor: &Actor, round: Round) -> Result<Comparison> {
    let scope = &actor.access.view_aggregates;
    let placed = placed(app, &round).await?;
    let services = placed
        .iter()
        .filter(|p| scope.contains(p.place.fls_id))
        .map(|p| ServiceFigures {
            code: p.code.clone(),
            country: p.place.country.clone(),
            figures: p.place.figures.clone(),
        })
        .collect();
    let all: Vec<Placed> = placed.into_iter().map(|p| p.place).collect();
    let areas = kpis::compare(&all, &Disclosure::default());
    Ok(Comparison {
        round,
        areas,
        services,
    })
}

/// A submitted return's figures and where its service is, with the service's code.
struct PlacedReturn {
    code: String,
    place: Placed,
}

async fn placed(app: &App, round: &Round) -> Result<Vec<PlacedReturn>> {
    let all = store::submitted(&app.db, &FlsSet::All, round.row.id).await?;
    Ok(all
        .into_iter()
        .map(|r| {
            let expected =
                kpis::expected_per_year(r.expected_non_spine_per_year, r.expected_spine_per_year);
            let figures = kpis::of(&round.q, &parse_answers(&r.answers_json), expected);
            PlacedReturn {
                code: r.code,
                place: Placed {
                    fls_id: r.fls_id,
                    country: r.country,
                    region: r.region,
                    figures,
                },
            }
        })
        .collect())
}

/// The released areas of a year's round, naming no service: what a publication (the annual
/// report) may show. None when no round was opened for the year.
pub async fn released_areas(app: &App, year: i64) -> Result<Option<Vec<Area>>> {
    let Some(round) = round(app, Some(year)).await? else {
        return Ok(None);
    };
    let all: Vec<Placed> = placed(app, &round)
        .await?
        .into_iter()
        .map(|p| p.place)
        .collect();
    Ok(Some(kpis::compare(&all, &Disclosure::default())))
}

/// The measure name a BPF suggestion from the facilities audit carries; its value is the year.
pub const BPF_SOURCE: &str = "facilities_audit";

/// Suggestions for the BPF organisation domain from the FLS's latest submitted return, each
/// with its source (the audit and its year).
pub async fn bpf_suggestions(
    app: &App,
    fls: &FlsRow,
    fw: &Framework,
) -> Result<BTreeMap<String, Prefill>> {
    let mut out = BTreeMap::new();
    for r in store::rounds(&app.db).await? {
        let Some(ret) = store::return_of(&app.db, &FlsSet::All, r.id, fls.id).await? else {
            continue;
        };
        if ret.status != "submitted" {
            continue;
        }
        let round = loaded(r)?;
        for (standard, option) in round.q.bpf_suggestions(&parse_answers(&ret.answers_json)) {
            let known = fw.standard(&standard).is_some_and(|s| {
                s.domains.iter().any(|d| d == "organisation")
                    && (option == NONE || s.options.iter().any(|o| o.id == option))
            });
            if known {
                out.insert(
                    question_key(&standard, "organisation"),
                    Prefill {
                        option,
                        measure: BPF_SOURCE.into(),
                        value: round.row.year as f64,
                    },
                );
            }
        }
        break;
    }
    Ok(out)
}
