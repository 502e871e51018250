//! Joining the network (issue 18): a public application, the pipeline the programme works it
//! through, and its acceptance as an FLS with its first user, made from the application's own
//! fields by the use cases that create FLSs and users. Every write is audited.

use crate::app::App;
use crate::{Actor, Result, ServiceError};
use liaison_domain::access::Grant;
use liaison_domain::auth::Role;
use liaison_domain::error::FieldError;
use liaison_domain::network::{Application, ApplicationInput, Stage};
use liaison_domain::org::{FlsInput, FlsProfile};
use liaison_store::audit::{self, Entry, OK};
use liaison_store::network as store;
pub use liaison_store::network::ApplicationRow;

/// A visitor's application, flagged when it repeats a hospital already applied for. `ip` is
/// the visitor's address, for the audit trail (the web layer limits how often it may apply).
pub async fn apply(app: &App, ip: &str, input: &ApplicationInput) -> Result<ApplicationRow> {
    let a = Application::parse(input)?;
    let mut tx = app.db.begin().await?;
    let row = store::insert(&mut tx, &a, app.now()).await?;
    let e = Entry {
        actor: format!("applicant {}", row.contact_email),
        ip: ip.to_string(),
        action: "network.apply".into(),
        outcome: OK,
        entity: "application".into(),
        entity_id: row.id.to_string(),
        after: Some(serde_json::to_value(&row).unwrap_or_default()),
        detail: row
            .duplicate_of
            .map(|d| format!("same hospital as application {d}"))
            .unwrap_or_default(),
        ..Default::default()
    };
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(row)
}

/// The countries whose pipeline the actor works: `None` for the programme (administrators,
/// reviewers and the command line), a national lead's countries, else nothing.
async fn countries_of(app: &App, actor: &Actor) -> Result<Option<Vec<String>>> {
    let Some(uid) = actor.user_id else {
        return Ok(None);
    };
    if actor.access.has_role(Role::Administrator) || actor.access.has_role(Role::ProgrammeReviewer)
    {
        return Ok(None);
    }
    let grants = liaison_store::users::grants_of(&app.db, uid).await?;
    let mine: Vec<String> = grants
        .into_iter()
        .filter(|g| g.role == Role::NationalLead.code())
        .filter_map(|g| g.country)
        .collect();
    if mine.is_empty() {
        return Err(ServiceError::NotFound);
    }
    Ok(Some(mine))
}

/// May see the pipeline at all (for links).
pub async fn may_see(app: &App, actor: &Actor) -> bool {
    countries_of(app, actor).await.is_ok()
}

/// The pipeline the actor watches, newest first.
pub async fn pipeline(app: &App, actor: &Actor) -> Result<Vec<ApplicationRow>> {
    let c = countries_of(app, actor).await?;
    Ok(store::list(&app.db, c.as_deref()).await?)
}

async fn in_scope(
    tx: &mut liaison_store::Tx,
    app: &App,
    actor: &Actor,
    id: i64,
) -> Result<ApplicationRow> {
    let c = countries_of(app, actor).await?;
    let row = store::get_tx(tx, id).await?.ok_or(ServiceError::NotFound)?;
    if c.is_some_and(|c| !c.contains(&row.country)) {
        return Err(ServiceError::NotFound);
    }
    Ok(row)
}

fn stage_of(row: &ApplicationRow) -> Stage {
    Stage::parse(&row.status).unwrap_or(Stage::Applied)
}

/// Move an application along the pipeline (forward, or declined), audited.
pub async fn move_to(app: &App, actor: &Actor, id: i64, to: &str) -> Result<ApplicationRow> {
    let mut tx = app.db.begin().await?;
    let row = in_scope(&mut tx, app, actor, id).await?;
    let Some(stage) = Stage::parse(to) else {
        let all: Vec<&str> = Stage::ALL.iter().map(|s| s.code()).collect();
        return Err(FieldError::new("status", to, "one_of")
            .arg("allowed", all.join(", "))
            .into());
    };
    if !stage_of(&row).may_move_to(stage) {
        return Err(FieldError::new("status", to, "network_move")
            .arg("from", &row.status)
            .into());
    }
    store::set_stage(&mut tx, id, stage, None, app.now()).await?;
    let e = actor
        .audit("network.status")
        .entity("application", id)
        .change(
            Some(serde_json::json!({ "status": row.status })),
            Some(serde_json::json!({ "status": stage.code() })),
        );
    audit::record(&mut tx, app.now(), &e).await?;
    let after = store::get_tx(&mut tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    Ok(after)
}

/// What the programme adds when it accepts: the FLS's code and expected caseloads.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AcceptInput {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub expected_non_spine_per_year: String,
    #[serde(default)]
    pub expected_spine_per_year: String,
}

/// The FLS and its lead made from an application.
pub struct Accepted {
    pub fls_code: String,
    pub user_email: String,
    /// Shown once to the administrator, to pass on.
    pub generated_password: Option<String>,
}

/// An administrator accepts an application: the FLS is created from the application's hospital,
/// city, country, patient groups and contact, its contact becomes the FLS lead, and the
/// application moves to `started` with the FLS recorded. All three, with their audit rows, are
/// one transaction: an FLS code or an address already in use refuses the whole and nothing is
/// written.
pub async fn accept(app: &App, actor: &Actor, id: i64, input: &AcceptInput) -> Result<Accepted> {
    if !actor.access.is_admin() {
        return Err(ServiceError::NotFound);
    }
    let code = input.code.trim().to_ascii_uppercase();
    let mut tx = app.db.begin().await?;
    let row = in_scope(&mut tx, app, actor, id).await?;
    tx.commit().await?;
    let stage = stage_of(&row);
    if row.fls_id.is_some() || !(stage == Stage::Started || stage.may_move_to(Stage::Started)) {
        return Err(FieldError::new("status", &row.status, "network_move")
            .arg("from", &row.status)
            .into());
    }
    let profile = FlsProfile::parse(&FlsInput {
        code: code.clone(),
        name: row.hospital.clone(),
        hospital: row.hospital.clone(),
        city: row.city.clone(),
        country: row.country.clone(),
        patient_groups: row.patient_groups.clone(),
        expected_non_spine_per_year: input.expected_non_spine_per_year.clone(),
        expected_spine_per_year: input.expected_spine_per_year.clone(),
        contact_name: row.contact_name.clone(),
        contact_email: row.contact_email.clone(),
        ..Default::default()
    })?;
    let lead = |fls_id| Grant {
        role: Role::FlsLead,
        fls_id,
        country: None,
        region: None,
    };
    // Checked and hashed before the transaction opens: hashing is slow.
    let prepared = crate::users::prepare_user(
        actor,
        &row.contact_email,
        &row.contact_name,
        None,
        &[lead(None)],
    )
    .await?;
    let mut tx = app.db.begin().await?;
    // Read again inside: another administrator may have accepted it meanwhile.
    let row = in_scope(&mut tx, app, actor, id).await?;
    if row.fls_id.is_some() {
        return Err(FieldError::new("status", &row.status, "network_move")
            .arg("from", &row.status)
            .into());
    }
    if liaison_store::orgs::fls_by_code_tx(&mut tx, &code)
        .await?
        .is_some()
    {
        return Err(FieldError::new("code", &input.code, "fls_code_taken").into());
    }
    let (_, fls) = crate::orgs::save_in(&mut tx, app, actor, &profile).await?;
    let user = crate::users::create_user_in(&mut tx, app, actor, prepared, &[lead(Some(fls.id))])
        .await
        .map_err(|e| match e {
            // The address is the application's: name the field the administrator can see.
            ServiceError::Invalid(mut inv) => {
                for f in &mut inv.0 {
                    if f.field == "email" {
                        f.field = "contact_email".into();
                    }
                }
                ServiceError::Invalid(inv)
            }
            e => e,
        })?;
    store::set_stage(&mut tx, id, Stage::Started, Some(fls.id), app.now()).await?;
    let e = actor
        .audit("network.accept")
        .entity("application", id)
        .fls(fls.id)
        .change(
            Some(serde_json::json!({ "status": row.status })),
            Some(serde_json::json!({ "status": Stage::Started.code(), "fls": fls.code, "user": user.user.email })),
        );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(Accepted {
        fls_code: fls.code,
        user_email: user.user.email,
        generated_password: user.generated_password,
    })
}
