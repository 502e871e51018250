//! The programme's use cases: Best Practice Framework versions and assessments (draft, save,
//! submit, review), the public Map of Best Practice, and Getting to Gold plans.
//!
//! Rights: an FLS's lead (and administrators) edit and submit its assessment and plan; anyone
//! who sees the FLS's aggregates reads them; programme reviewers (and administrators) review
//! and also keep plans. Every change is in the audit trail with before and after.

use super::{Actor, Result, ServiceError};
use crate::app::App;
use crate::auth::hex;
use crate::episodes::today_in;
use liaison_domain::access::{Access, FlsSet};
use liaison_domain::auth::Role;
use liaison_domain::error::FieldError;
use liaison_domain::kpi::{self, FlsExpected, KpiDefinitions, KpiEpisode, KpiId};
use liaison_domain::programme::framework::{PUBLIC_1_JSON, Prefill};
use liaison_domain::programme::g2g::{self, MilestoneInput};
use liaison_domain::programme::scoring::{self, Answers, Score};
use liaison_domain::programme::{Framework, Level};
use liaison_store::audit::{self, AuditRow};
use liaison_store::episodes::{self, Filter};
use liaison_store::orgs::{self, FlsRow, FlsSummary};
use liaison_store::programme::{self as store, NewAssessment, PlanRow, ReviewRow};
pub use liaison_store::programme::{AssessmentRow, FrameworkRow, MilestoneRow};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use time::{Date, Duration};

pub fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

/// May edit and submit the FLS's assessment and plan: its leads and administrators (the
/// right to manage the FLS's users is exactly that set).
pub fn can_edit(access: &Access, fls_id: i64) -> bool {
    access.manage_fls_users.contains(fls_id)
}

/// Programme reviewers and administrators.
pub fn can_review(access: &Access) -> bool {
    access.is_admin() || access.has_role(Role::ProgrammeReviewer)
}

/// May keep the FLS's Getting to Gold plan: its leads, reviewers and administrators.
pub fn can_edit_plan(access: &Access, fls_id: i64) -> bool {
    can_edit(access, fls_id) || can_review(access)
}

// ---- frameworks ----

pub struct Loaded {
    pub row: FrameworkRow,
    pub fw: Framework,
}

fn parse_stored(row: FrameworkRow) -> Result<Loaded> {
    let fw = Framework::from_json(&row.body)?;
    Ok(Loaded { row, fw })
}

/// The framework new assessments use: the last loaded (the shipped one when none is).
pub async fn current_framework(app: &App) -> Result<Loaded> {
    store::ensure_framework(
        &app.db,
        "public-1",
        &sha256_hex(PUBLIC_1_JSON),
        PUBLIC_1_JSON,
        app.now(),
    )
    .await?;
    let row = store::frameworks(&app.db)
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound)?;
    parse_stored(row)
}

/// The framework an assessment was made with.
pub async fn framework_of(app: &App, version: &str) -> Result<Loaded> {
    let row = store::framework(&app.db, version)
        .await?
        .ok_or(ServiceError::NotFound)?;
    parse_stored(row)
}

pub async fn frameworks(app: &App) -> Result<Vec<FrameworkRow>> {
    current_framework(app).await?;
    Ok(store::frameworks(&app.db).await?)
}

/// Load a new framework version (administrators). Versions are immutable.
pub async fn load_framework(app: &App, actor: &Actor, text: &str) -> Result<FrameworkRow> {
    if !actor.access.is_admin() {
        return Err(ServiceError::NotFound);
    }
    let fw = Framework::from_json(text)?;
    let sha = sha256_hex(text);
    let mut tx = app.db.begin().await?;
    match store::insert_framework(&mut tx, &fw.version, &sha, text, app.now(), &actor.label).await {
        Err(liaison_store::StoreError::Conflict(_)) => {
            return Err(
                FieldError::new("framework", &fw.version, "framework_version_exists").into(),
            );
        }
        r => r?,
    };
    let a = actor
        .audit("bpf.framework_load")
        .entity("bpf_framework", &fw.version)
        .change(
            None,
            Some(serde_json::json!({ "version": fw.version, "sha256": sha })),
        );
    audit::record(&mut tx, app.now(), &a).await?;
    tx.commit().await?;
    store::framework(&app.db, &fw.version)
        .await?
        .ok_or(ServiceError::NotFound)
}

// ---- registry figures ----

/// The registry's figures for the FLS: KPI values (shares) and the median days to
/// assessment, over fractures of the last 365 days as known today.
pub async fn measures(app: &App, fls: &FlsRow) -> Result<BTreeMap<String, f64>> {
    let today = today_in(app.now(), &fls.time_zone);
    let from = today - Duration::days(364);
    let f = Filter {
        fls_id: Some(fls.id),
        from: Some(from),
        to: Some(today),
        ..Default::default()
    };
    let (rows, _) =
        episodes::list(&app.db, &FlsSet::Only([fls.id].into()), &f, 1_000_000, 0).await?;
    let eps: Vec<KpiEpisode> = rows
        .iter()
        .map(|r| KpiEpisode::from_episode(&r.to_episode(), fls.id))
        .collect();
    let expected = [FlsExpected {
        fls_id: fls.id,
        expected_non_spine_per_year: fls.expected_non_spine_per_year,
        expected_spine_per_year: fls.expected_spine_per_year,
    }];
    let report = kpi::compute(&KpiDefinitions::v1(), &eps, &expected, from, today, today);
    let mut m = BTreeMap::new();
    for id in KpiId::ALL {
        if let Some(v) = report.kpi(id).value {
            m.insert(format!("kpi{}", id.index() + 1), v);
        }
    }
    if let Some(d) = report.supporting.median_days_to_assessment {
        m.insert("median_days_to_assessment".into(), d);
    }
    Ok(m)
}

// ---- assessments ----

/// Levels a reviewer approved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Approved {
    pub domains: BTreeMap<String, Level>,
    pub overall: Level,
}

/// An assessment with everything needed to show it.
pub struct View {
    pub row: AssessmentRow,
    pub fw: Loaded,
    pub answers: Answers,
    pub prefill: BTreeMap<String, Prefill>,
    pub score: Score,
    pub approved: Option<Approved>,
    pub reviews: Vec<ReviewRow>,
}

impl View {
    pub fn editable(&self) -> bool {
        matches!(self.row.status.as_str(), "draft" | "changes_requested")
    }
}

pub async fn view(app: &App, row: AssessmentRow) -> Result<View> {
    let fw = framework_of(app, &row.framework_version).await?;
    let answers: Answers = serde_json::from_str(&row.answers_json).unwrap_or_default();
    let prefill: BTreeMap<String, Prefill> =
        serde_json::from_str(&row.prefill_json).unwrap_or_default();
    let score = scoring::score(&fw.fw, &answers);
    let approved = row
        .approved_json
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok());
    let reviews = reviews(app, &row).await?;
    Ok(View {
        row,
        fw,
        answers,
        prefill,
        score,
        approved,
        reviews,
    })
}

/// The reviews of an assessment (submissions, comments, decisions), oldest first.
pub async fn reviews(app: &App, row: &AssessmentRow) -> Result<Vec<ReviewRow>> {
    Ok(store::reviews(&app.db, row.id).await?)
}

/// The FLS's assessments, newest first (the caller has checked the FLS is visible).
pub async fn assessments(app: &App, actor: &Actor, fls: &FlsRow) -> Result<Vec<AssessmentRow>> {
    Ok(store::assessments(&app.db, &actor.access.view_aggregates, fls.id).await?)
}

fn open_of(rows: &[AssessmentRow]) -> Option<&AssessmentRow> {
    rows.iter().find(|a| a.status != "approved")
}

fn audit_json(a: &AssessmentRow) -> serde_json::Value {
    serde_json::json!({
        "status": a.status,
        "framework_version": a.framework_version,
        "answers": serde_json::from_str::<serde_json::Value>(&a.answers_json).unwrap_or_default(),
        "approved": a.approved_json.as_deref().and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok()),
        "publish": a.publish,
        "publish_city": a.publish_city,
    })
}

/// The framework the FLS's open assessment uses, or the current one for a new assessment.
pub async fn open_framework(app: &App, fls: &FlsRow) -> Result<Loaded> {
    let rows = store::assessments(&app.db, &FlsSet::All, fls.id).await?;
    match open_of(&rows) {
        Some(open) => framework_of(app, &open.framework_version).await,
        None => current_framework(app).await,
    }
}

pub struct Draft {
    pub answers: Answers,
    pub publish: bool,
    pub publish_city: bool,
    pub submit: bool,
}

/// Save the FLS's open assessment (a new draft with the current framework when there is
/// none), and submit it for review when asked.
pub async fn save(app: &App, actor: &Actor, fls: &FlsRow, d: &Draft) -> Result<AssessmentRow> {
    if !can_edit(&actor.access, fls.id) {
        return Err(ServiceError::NotFound);
    }
    let rows = store::assessments(&app.db, &FlsSet::All, fls.id).await?;
    if let Some(open) = open_of(&rows)
        && open.status == "submitted"
    {
        return Err(ServiceError::Conflict(
            crate::ErrorCode::BpfUnderReview,
            "the assessment is under review".into(),
        ));
    }
    let fw = match open_of(&rows) {
        Some(open) => framework_of(app, &open.framework_version).await?,
        None => current_framework(app).await?,
    };
    let mut prefill = fw.fw.prefill(&measures(app, fls).await?);
    // The facilities audit's answers suggest organisation-domain answers too, named as such.
    prefill.extend(crate::facilities::bpf_suggestions(app, fls, &fw.fw).await?);
    scoring::check(&fw.fw, &d.answers, &prefill, d.submit)?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let before = match open_of(&rows) {
        Some(open) => store::assessment_tx(&mut tx, open.id)
            .await?
            .ok_or(ServiceError::NotFound)?,
        None => {
            store::insert_assessment(
                &mut tx,
                &NewAssessment {
                    fls_id: fls.id,
                    framework_version: &fw.row.version,
                    framework_sha256: &fw.row.sha256,
                },
                now,
            )
            .await?
        }
    };
    let mut after = before.clone();
    after.answers_json = serde_json::to_string(&d.answers).unwrap_or_default();
    after.prefill_json = serde_json::to_string(&prefill).unwrap_or_default();
    after.publish = d.publish;
    after.publish_city = d.publish_city;
    after.updated_at = now;
    if d.submit {
        after.status = "submitted".into();
        after.submitted_at = Some(now);
        after.score_json = serde_json::to_string(&scoring::score(&fw.fw, &d.answers)).ok();
        store::insert_review(
            &mut tx,
            &ReviewRow {
                id: 0,
                assessment_id: after.id,
                at: now,
                actor_user_id: actor.user_id,
                actor: actor.label.clone(),
                action: "submit".into(),
                comment: String::new(),
                levels_json: after.score_json.clone(),
            },
        )
        .await?;
    }
    store::update_assessment(&mut tx, &after).await?;
    let a = actor
        .audit(if d.submit { "bpf.submit" } else { "bpf.save" })
        .entity("bpf_assessment", after.id)
        .fls(fls.id)
        .change(Some(audit_json(&before)), Some(audit_json(&after)));
    audit::record(&mut tx, now, &a).await?;
    tx.commit().await?;
    Ok(after)
}

pub struct Review {
    /// `comment`, `request_changes` or `approve`.
    pub action: String,
    pub comment: String,
    /// For `approve`: a level code per domain and `overall`.
    pub levels: BTreeMap<String, String>,
}

/// A reviewer's comment, request for changes or approval of the FLS's submitted assessment.
pub async fn review(app: &App, actor: &Actor, fls: &FlsRow, r: &Review) -> Result<AssessmentRow> {
    if !can_review(&actor.access) || !actor.access.view_aggregates.contains(fls.id) {
        return Err(ServiceError::NotFound);
    }
    let rows = store::assessments(&app.db, &FlsSet::All, fls.id).await?;
    let Some(current) = rows.iter().find(|a| a.status == "submitted") else {
        return Err(ServiceError::Conflict(
            crate::ErrorCode::BpfNothingToReview,
            "no assessment of this FLS awaits review".into(),
        ));
    };
    let fw = framework_of(app, &current.framework_version).await?;
    let comment = r.comment.trim().to_string();
    if comment.chars().count() > 5000 {
        return Err(FieldError::new("comment", "", "too_long")
            .arg("max", 5000)
            .into());
    }
    let mut after = current.clone();
    let now = app.now();
    let mut levels_json = None;
    match r.action.as_str() {
        "comment" | "request_changes" if comment.is_empty() => {
            return Err(FieldError::new("comment", "", "required").into());
        }
        "comment" => {}
        "request_changes" => {
            after.status = "changes_requested".into();
            after.decided_at = Some(now);
        }
        "approve" => {
            let mut inv = liaison_domain::error::Invalid::default();
            let mut level = |key: &str| {
                let v = r.levels.get(key).map(String::as_str).unwrap_or("");
                Level::parse(v).or_else(|| {
                    inv.push(
                        FieldError::new(format!("level.{key}"), v, "one_of")
                            .arg("allowed", "gold, silver, bronze, black"),
                    );
                    None
                })
            };
            let domains: BTreeMap<String, Level> = fw
                .fw
                .domains
                .iter()
                .filter_map(|d| level(&d.id).map(|l| (d.id.clone(), l)))
                .collect();
            let overall = level("overall");
            let overall = inv.into_result(overall)?.unwrap_or(Level::Black);
            let approved = Approved { domains, overall };
            after.approved_json = serde_json::to_string(&approved).ok();
            levels_json = after.approved_json.clone();
            after.status = "approved".into();
            after.decided_at = Some(now);
        }
        other => {
            return Err(FieldError::new("action", other, "one_of")
                .arg("allowed", "comment, request_changes, approve")
                .into());
        }
    }
    after.updated_at = now;
    let mut tx = app.db.begin().await?;
    store::insert_review(
        &mut tx,
        &ReviewRow {
            id: 0,
            assessment_id: after.id,
            at: now,
            actor_user_id: actor.user_id,
            actor: actor.label.clone(),
            action: r.action.clone(),
            comment,
            levels_json,
        },
    )
    .await?;
    store::update_assessment(&mut tx, &after).await?;
    let a = actor
        .audit(&format!("bpf.{}", r.action))
        .entity("bpf_assessment", after.id)
        .fls(fls.id)
        .change(Some(audit_json(current)), Some(audit_json(&after)))
        .detail(r.comment.trim().chars().take(200).collect::<String>());
    audit::record(&mut tx, now, &a).await?;
    tx.commit().await?;
    Ok(after)
}

/// Assessments awaiting review, with their FLS.
pub async fn review_queue(app: &App, actor: &Actor) -> Result<Vec<(AssessmentRow, FlsSummary)>> {
    if !can_review(&actor.access) {
        return Err(ServiceError::NotFound);
    }
    let fls: BTreeMap<i64, FlsSummary> = orgs::list_fls(&app.db, &actor.access.view_aggregates)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    Ok(
        store::assessments_with_status(&app.db, &actor.access.view_aggregates, "submitted")
            .await?
            .into_iter()
            .filter_map(|a| fls.get(&a.fls_id).cloned().map(|f| (a, f)))
            .collect(),
    )
}

/// The changes of an FLS's assessments or plan, newest first (from the audit trail).
pub async fn history(app: &App, fls_id: i64, entities: &[&str]) -> Result<Vec<AuditRow>> {
    let f = audit::Filter {
        fls_id: Some(fls_id),
        ..Default::default()
    };
    let rows = audit::search(&app.db, &FlsSet::Only([fls_id].into()), &f, 500, 0).await?;
    Ok(rows
        .into_iter()
        .filter(|r| entities.contains(&r.entity.as_str()))
        .collect())
}

// ---- the public map ----

/// What the public may see of an FLS: only approved levels it agreed to publish.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicEntry {
    pub code: String,
    pub name: String,
    /// Only when the FLS agreed to publish it.
    pub city: Option<String>,
    pub country: String,
    pub region: String,
    pub domains: Vec<(String, Level)>,
    pub overall: Level,
    pub approved_on: Date,
}

/// Every FLS on the Map of Best Practice: its latest approved assessment, if published.
pub async fn public_entries(app: &App) -> Result<Vec<PublicEntry>> {
    let mut latest: BTreeMap<i64, AssessmentRow> = BTreeMap::new();
    for a in store::approvals(&app.db).await? {
        latest.insert(a.fls_id, a);
    }
    if latest.is_empty() {
        return Ok(vec![]);
    }
    let ids: std::collections::BTreeSet<i64> = latest
        .values()
        .filter(|a| a.publish)
        .map(|a| a.fls_id)
        .collect();
    let mut out = Vec::new();
    for f in orgs::list_fls(&app.db, &FlsSet::Only(ids)).await? {
        let Some(a) = latest.get(&f.id) else { continue };
        let Some(ap) = a
            .approved_json
            .as_deref()
            .and_then(|s| serde_json::from_str::<Approved>(s).ok())
        else {
            continue;
        };
        out.push(PublicEntry {
            code: f.code,
            name: f.name,
            city: a.publish_city.then_some(f.city).filter(|c| !c.is_empty()),
            country: f.country,
            region: f.region,
            domains: ap.domains.into_iter().collect(),
            overall: ap.overall,
            approved_on: a
                .decided_at
                .map(|t| t.date())
                .unwrap_or(a.updated_at.date()),
        });
    }
    Ok(out)
}

// ---- Getting to Gold ----

/// Whose plan: an FLS's, or a country's (its FLSs' programme as a whole).
#[derive(Clone, Copy)]
pub enum Target<'a> {
    Fls(&'a FlsRow),
    Country(&'a str),
}

impl Target<'_> {
    fn fls_id(&self) -> Option<i64> {
        match self {
            Target::Fls(f) => Some(f.id),
            Target::Country(_) => None,
        }
    }
    fn country(&self) -> Option<&str> {
        match self {
            Target::Fls(_) => None,
            Target::Country(c) => Some(c),
        }
    }
}

/// What the actor may do with a country's plan: (read, edit). Readers: the programme, the
/// country's national leads, its region's regional leads, and whoever sees one of its FLSs;
/// editors: the programme and the country's national leads.
pub async fn country_rights(app: &App, actor: &Actor, country: &str) -> Result<(bool, bool)> {
    let Some(region) = orgs::country_region(&app.db, country).await? else {
        return Ok((false, false));
    };
    if can_review(&actor.access) {
        return Ok((true, true));
    }
    let grants = match actor.user_id {
        Some(id) => liaison_store::users::grants_of(&app.db, id).await?,
        None => vec![],
    };
    let national = grants
        .iter()
        .any(|g| g.role == Role::NationalLead.code() && g.country.as_deref() == Some(country));
    let regional = grants
        .iter()
        .any(|g| g.role == Role::RegionalLead.code() && g.region.as_deref() == Some(region.code()));
    let sees_one = orgs::list_fls(&app.db, &actor.access.view_aggregates)
        .await?
        .iter()
        .any(|f| f.country == country);
    Ok((national || regional || sees_one, national))
}

async fn may_edit_plan(app: &App, actor: &Actor, target: Target<'_>) -> Result<bool> {
    Ok(match target {
        Target::Fls(f) => can_edit_plan(&actor.access, f.id),
        Target::Country(c) => country_rights(app, actor, c).await?.1,
    })
}

pub struct Plan {
    pub plan: Option<PlanRow>,
    pub milestones: Vec<MilestoneRow>,
}

/// The plan of an FLS (the caller has checked the FLS is visible) or of a country (checked
/// here).
pub async fn plan(app: &App, actor: &Actor, target: Target<'_>) -> Result<Plan> {
    let plan = match target {
        Target::Fls(f) => store::plan_of_fls(&app.db, &actor.access.view_aggregates, f.id).await?,
        Target::Country(c) => {
            if !country_rights(app, actor, c).await?.0 {
                return Err(ServiceError::NotFound);
            }
            store::plan_of_country(&app.db, c).await?
        }
    };
    let milestones = match &plan {
        Some(p) => store::milestones(&app.db, &[p.id]).await?,
        None => vec![],
    };
    Ok(Plan { plan, milestones })
}

fn plan_audit(
    actor: &Actor,
    action: &str,
    target: Target<'_>,
    entity: &str,
    id: i64,
) -> audit::Entry {
    let a = actor.audit(action);
    match target {
        Target::Fls(f) => a.entity(entity, id).fls(f.id),
        // Country plans are not FLS-bound: they are found by the country code.
        Target::Country(c) => a.entity(&format!("{entity}_country"), c),
    }
}

/// Move the plan to a step.
pub async fn set_step(app: &App, actor: &Actor, target: Target<'_>, step: &str) -> Result<PlanRow> {
    if !may_edit_plan(app, actor, target).await? {
        return Err(ServiceError::NotFound);
    }
    let step = g2g::parse_step("step", step)?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let before = store::ensure_plan_tx(&mut tx, target.fls_id(), target.country(), now).await?;
    store::set_step(&mut tx, before.id, step, now).await?;
    let after = PlanRow {
        step,
        updated_at: now,
        ..before.clone()
    };
    let a = plan_audit(actor, "g2g.step", target, "g2g_plan", before.id).change(
        serde_json::to_value(&before).ok(),
        serde_json::to_value(&after).ok(),
    );
    audit::record(&mut tx, now, &a).await?;
    tx.commit().await?;
    Ok(after)
}

/// Add (`id` None) or change a milestone of the plan.
pub async fn save_milestone(
    app: &App,
    actor: &Actor,
    target: Target<'_>,
    id: Option<i64>,
    input: &MilestoneInput,
) -> Result<MilestoneRow> {
    if !may_edit_plan(app, actor, target).await? {
        return Err(ServiceError::NotFound);
    }
    let m = input.parse()?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let plan = store::ensure_plan_tx(&mut tx, target.fls_id(), target.country(), now).await?;
    let before = match id {
        Some(id) => Some(
            store::milestone_tx(&mut tx, plan.id, id)
                .await?
                .ok_or(ServiceError::NotFound)?,
        ),
        None => None,
    };
    let row = MilestoneRow {
        id: id.unwrap_or(0),
        plan_id: plan.id,
        step: m.step,
        title: m.title,
        owner: m.owner,
        due_date: m.due_date,
        status: m.status,
        evidence: m.evidence,
        evidence_url: m.evidence_url,
        created_at: now,
        updated_at: now,
    };
    let after = store::save_milestone(&mut tx, &row).await?;
    // Evidence that links a library resource cites it (its page lists where it is cited).
    if let (Target::Fls(f), Some(rid)) = (
        target,
        after
            .evidence_url
            .as_deref()
            .and_then(liaison_domain::library::cited_resource),
    ) && liaison_store::library::get_tx(&mut tx, rid)
        .await?
        .is_some()
    {
        liaison_store::library::cite(&mut tx, rid, "g2g_milestone", f.id, &after.title, now)
            .await?;
    }
    let action = if before.is_some() {
        "g2g.milestone_update"
    } else {
        "g2g.milestone_create"
    };
    let a = plan_audit(actor, action, target, "g2g_milestone", after.id).change(
        before.as_ref().and_then(|b| serde_json::to_value(b).ok()),
        serde_json::to_value(&after).ok(),
    );
    audit::record(&mut tx, now, &a).await?;
    tx.commit().await?;
    Ok(after)
}

/// The changes of a plan, newest first.
pub async fn plan_history(app: &App, target: Target<'_>) -> Result<Vec<AuditRow>> {
    match target {
        Target::Fls(f) => history(app, f.id, &["g2g_plan", "g2g_milestone"]).await,
        Target::Country(c) => {
            let f = audit::Filter {
                entity_id: Some(c.to_string()),
                ..Default::default()
            };
            let rows = audit::search(&app.db, &FlsSet::All, &f, 500, 0).await?;
            Ok(rows
                .into_iter()
                .filter(|r| r.entity == "g2g_plan_country" || r.entity == "g2g_milestone_country")
                .collect())
        }
    }
}

/// Country plans the actor may read, with their step.
pub async fn country_plans(app: &App, actor: &Actor) -> Result<Vec<PlanRow>> {
    let mut out = Vec::new();
    for p in store::country_plans(&app.db).await? {
        if let Some(c) = &p.country
            && country_rights(app, actor, c).await?.0
        {
            out.push(p);
        }
    }
    Ok(out)
}

/// One line of the programme's overview.
pub struct OverviewRow {
    pub fls: FlsSummary,
    pub step: Option<i64>,
    pub milestones: usize,
    pub done: usize,
    pub overdue: usize,
}

/// Every FLS the actor sees, with its step and milestone counts (mentors see the FLSs they
/// mentor; national and regional leads their countries' and regions'; the programme all).
pub async fn overview(app: &App, actor: &Actor) -> Result<Vec<OverviewRow>> {
    let scope = &actor.access.view_aggregates;
    let fls = orgs::list_fls(&app.db, scope).await?;
    let plans: BTreeMap<i64, PlanRow> = store::fls_plans(&app.db, scope)
        .await?
        .into_iter()
        .filter_map(|p| p.fls_id.map(|f| (f, p)))
        .collect();
    let ids: Vec<i64> = plans.values().map(|p| p.id).collect();
    let ms = store::milestones(&app.db, &ids).await?;
    let today = app.now().date();
    Ok(fls
        .into_iter()
        .map(|f| {
            let plan = plans.get(&f.id);
            let mine: Vec<&MilestoneRow> = ms
                .iter()
                .filter(|m| plan.is_some_and(|p| p.id == m.plan_id))
                .collect();
            OverviewRow {
                step: plan.map(|p| p.step),
                milestones: mine.len(),
                done: mine.iter().filter(|m| m.status == "done").count(),
                overdue: mine
                    .iter()
                    .filter(|m| m.status != "done" && m.due_date.is_some_and(|d| d < today))
                    .count(),
                fls: f,
            }
        })
        .collect())
}
