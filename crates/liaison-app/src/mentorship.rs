//! Mentorship (issue 17): the programme (administrators and reviewers) keeps mentor profiles,
//! an FLS's lead asks for a mentor, the programme pairs one from ranked suggestions, and the
//! pair keeps its sessions and actions. Pairing grants the mentor the `mentor` role at the FLS
//! (aggregates, BPF assessments, Getting to Gold plan) in the same transaction; closing
//! revokes that grant at once. Every write is audited in its own transaction.

use crate::app::App;
use crate::{Actor, Result, ServiceError};
use liaison_domain::access::{FlsSet, Grant};
use liaison_domain::auth::Role;
use liaison_domain::error::FieldError;
use liaison_domain::mentorship::{
    Action, ActionInput, Mentor, MentorFacts, MentorInput, Need, Request, RequestInput, Session,
    SessionInput, Suggestion, rank,
};
use liaison_store::audit;
use liaison_store::mentorship as store;
pub use liaison_store::mentorship::{ActionRow, PairingRow, ProfileRow, RequestRow, SessionRow};
use liaison_store::users;
use time::Date;

/// The programme: administrators, reviewers and the command line.
pub fn is_programme(actor: &Actor) -> bool {
    actor.user_id.is_none()
        || actor.access.has_role(Role::Administrator)
        || actor.access.has_role(Role::ProgrammeReviewer)
}

fn split(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

pub fn facts(p: &ProfileRow) -> MentorFacts {
    MentorFacts {
        user_id: p.user_id,
        languages: split(&p.languages),
        countries: split(&p.countries),
        topics: split(&p.topics),
        capacity: p.capacity,
        paired: p.paired,
        certified_on: p.certified_on,
        expires_on: p.expires_on,
        active: p.active,
    }
}

fn json<T: serde::Serialize>(v: &T) -> Option<serde_json::Value> {
    Some(serde_json::to_value(v).unwrap_or_default())
}

fn today(app: &App) -> Date {
    app.now().date()
}

/// The directory's filter: a language, a country, a topic code; blank matches all.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct DirectoryFilter {
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub topic: String,
}

/// The mentor directory (signed-in users): certified, active, unexpired mentors only.
pub async fn directory(app: &App, f: &DirectoryFilter) -> Result<Vec<ProfileRow>> {
    let today = today(app);
    let matches =
        |v: &[String], want: &str| want.trim().is_empty() || v.iter().any(|x| x == want.trim());
    Ok(store::profiles(&app.db)
        .await?
        .into_iter()
        .filter(|p| {
            let m = facts(p);
            m.is_certified(today)
                && matches(&m.languages, &f.language)
                && matches(&m.countries, &f.country.to_ascii_uppercase())
                && matches(&m.topics, &f.topic)
        })
        .collect())
}

/// Every profile, for the programme (certified or not).
pub async fn profiles(app: &App, actor: &Actor) -> Result<Vec<ProfileRow>> {
    if !is_programme(actor) {
        return Err(ServiceError::NotFound);
    }
    Ok(store::profiles(&app.db).await?)
}

/// Create or change the profile of the user with `input.email` (the programme only).
pub async fn save_profile(app: &App, actor: &Actor, input: &MentorInput) -> Result<i64> {
    if !is_programme(actor) {
        return Err(ServiceError::NotFound);
    }
    let user = users::user_by_email(&app.db, input.email.trim())
        .await?
        .ok_or_else(|| FieldError::new("email", &input.email, "user_unknown"))?;
    let m = Mentor::parse(input)?;
    let mut tx = app.db.begin().await?;
    let before = store::profile_tx(&mut tx, user.id).await?;
    store::save_profile(&mut tx, user.id, &m, app.now()).await?;
    let after = store::profile_tx(&mut tx, user.id).await?;
    let e = actor
        .audit("mentorship.profile")
        .entity("user", user.id)
        .change(
            before.as_ref().and_then(json),
            after.as_ref().and_then(json),
        );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(user.id)
}

/// An FLS's lead (or an administrator) asks for a mentor for that FLS.
pub async fn request(app: &App, actor: &Actor, fls_id: i64, input: &RequestInput) -> Result<i64> {
    if !actor.access.manage_fls_users.contains(fls_id) {
        return Err(ServiceError::NotFound);
    }
    let Some(uid) = actor.user_id else {
        return Err(ServiceError::NotFound);
    };
    let r = Request::parse(input)?;
    if let Some(m) = r.preferred_mentor {
        let known = store::profiles(&app.db)
            .await?
            .iter()
            .any(|p| p.user_id == m);
        if !known {
            return Err(FieldError::new("preferred_mentor", m.to_string(), "user_unknown").into());
        }
    }
    let mut tx = app.db.begin().await?;
    let id = store::insert_request(&mut tx, fls_id, uid, &r, app.now()).await?;
    let after = store::request_tx(&mut tx, &FlsSet::All, id).await?;
    let e = actor
        .audit("mentorship.request")
        .entity("mentorship_request", id)
        .fls(fls_id)
        .change(None, after.as_ref().and_then(json));
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(id)
}

/// The requests of the FLSs the actor leads (all for an administrator), newest first.
pub async fn my_requests(app: &App, actor: &Actor) -> Result<Vec<RequestRow>> {
    Ok(store::requests(&app.db, &actor.access.manage_fls_users, None).await?)
}

/// An open request with the mentors suggested for it, best first.
pub struct OpenRequest {
    pub request: RequestRow,
    pub suggestions: Vec<(Suggestion, ProfileRow)>,
}

/// The programme's queue: open requests, each with its ranked suggestions.
pub async fn open_requests(app: &App, actor: &Actor) -> Result<Vec<OpenRequest>> {
    if !is_programme(actor) {
        return Err(ServiceError::NotFound);
    }
    let profiles = store::profiles(&app.db).await?;
    let mentors: Vec<MentorFacts> = profiles.iter().map(facts).collect();
    let today = today(app);
    let requests = store::requests(&app.db, &FlsSet::All, Some("open")).await?;
    Ok(requests
        .into_iter()
        .map(|request| {
            let need = Need {
                language: &request.language,
                country: &request.country,
                topic: &request.g2g_step,
            };
            let suggestions = rank(&need, &mentors, today)
                .into_iter()
                .filter_map(|s| {
                    let p = profiles.iter().find(|p| p.user_id == s.user_id)?.clone();
                    Some((s, p))
                })
                .collect();
            OpenRequest {
                request,
                suggestions,
            }
        })
        .collect())
}

/// Pair a mentor with an open request's FLS and grant them its aggregates. Refused, naming
/// the mentor: uncertified or expired, at capacity, or staff of that FLS.
pub async fn pair(app: &App, actor: &Actor, request_id: i64, mentor_id: i64) -> Result<i64> {
    if !is_programme(actor) {
        return Err(ServiceError::NotFound);
    }
    let today = today(app);
    let mut tx = app.db.begin().await?;
    let req = store::request_tx(&mut tx, &FlsSet::All, request_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if req.status != "open" {
        return Err(FieldError::new("request", request_id.to_string(), "request_not_open").into());
    }
    let value = mentor_id.to_string();
    let profile = store::profile_tx(&mut tx, mentor_id)
        .await?
        .ok_or_else(|| FieldError::new("mentor", &value, "user_unknown"))?;
    let label = profile.email.clone();
    if let Some(rule) = facts(&profile).refusal(today) {
        return Err(FieldError::new("mentor", &label, rule).into());
    }
    let grants = users::grants_of_tx(&mut tx, mentor_id).await?;
    let staff = [Role::FlsLead, Role::FlsClinician, Role::Viewer].map(Role::code);
    if grants
        .iter()
        .any(|g| g.fls_id == Some(req.fls_id) && staff.contains(&g.role.as_str()))
    {
        return Err(FieldError::new("mentor", &label, "mentor_own_fls")
            .arg("fls", &req.fls_code)
            .into());
    }
    let grant = Grant {
        role: Role::Mentor,
        fls_id: Some(req.fls_id),
        country: None,
        region: None,
    };
    // A grant the mentor already held (given by hand) stays theirs: the pairing records none.
    let grant_id = if users::add_grant(&mut tx, mentor_id, &grant).await? {
        users::grants_of_tx(&mut tx, mentor_id)
            .await?
            .iter()
            .filter(|g| g.role == Role::Mentor.code() && g.fls_id == Some(req.fls_id))
            .map(|g| g.id)
            .max()
    } else {
        None
    };
    let id = store::insert_pairing(
        &mut tx,
        Some(request_id),
        mentor_id,
        req.fls_id,
        grant_id,
        app.now(),
    )
    .await?;
    store::set_request_status(&mut tx, request_id, "paired", app.now()).await?;
    let after = store::pairing_tx(&mut tx, id).await?;
    let e = actor
        .audit("mentorship.pair")
        .entity("mentor_pairing", id)
        .fls(req.fls_id)
        .change(None, after.as_ref().and_then(json));
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(id)
}

/// Close a pairing (the programme) and revoke the grant it made, in one transaction.
pub async fn close(app: &App, actor: &Actor, id: i64) -> Result<()> {
    if !is_programme(actor) {
        return Err(ServiceError::NotFound);
    }
    let mut tx = app.db.begin().await?;
    let before = store::pairing_tx(&mut tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if before.status != "active" {
        return Err(FieldError::new("pairing", id.to_string(), "pairing_closed").into());
    }
    if let Some(g) = before.grant_id {
        users::remove_grant(&mut tx, before.mentor_id, g).await?;
    }
    store::close_pairing(&mut tx, id, app.now()).await?;
    let after = store::pairing_tx(&mut tx, id).await?;
    let e = actor
        .audit("mentorship.close")
        .entity("mentor_pairing", id)
        .fls(before.fls_id)
        .change(json(&before), after.as_ref().and_then(json));
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(())
}

/// The pairings the actor may see: all for the programme, else those they mentor and those
/// of FLSs they lead.
pub async fn pairings(app: &App, actor: &Actor) -> Result<Vec<PairingRow>> {
    let scope = if is_programme(actor) {
        FlsSet::All
    } else {
        actor.access.manage_fls_users.clone()
    };
    Ok(store::pairings(&app.db, &scope, actor.user_id.unwrap_or(0)).await?)
}

/// One pairing as its page shows it.
pub struct PairPage {
    pub pairing: PairingRow,
    pub sessions: Vec<SessionRow>,
    pub actions: Vec<ActionRow>,
    /// May add sessions and actions (the pair and the programme, while it is active).
    pub may_edit: bool,
    pub may_close: bool,
}

/// A pairing the actor belongs to (its mentor, a lead of its FLS) or oversees (the
/// programme); anything else is not found.
async fn visible(app: &App, actor: &Actor, id: i64) -> Result<PairingRow> {
    let scope = if is_programme(actor) {
        FlsSet::All
    } else {
        actor.access.manage_fls_users.clone()
    };
    store::pairing(&app.db, &scope, actor.user_id.unwrap_or(0), id)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub async fn page(app: &App, actor: &Actor, id: i64) -> Result<PairPage> {
    let pairing = visible(app, actor, id).await?;
    let active = pairing.status == "active";
    Ok(PairPage {
        sessions: store::sessions(&app.db, id).await?,
        actions: store::actions(&app.db, id).await?,
        may_edit: active,
        may_close: active && is_programme(actor),
        pairing,
    })
}

async fn editable(app: &App, actor: &Actor, id: i64) -> Result<PairingRow> {
    let p = visible(app, actor, id).await?;
    if p.status != "active" {
        return Err(FieldError::new("pairing", id.to_string(), "pairing_closed").into());
    }
    Ok(p)
}

/// Add a session to an active pairing (its mentor, a lead of its FLS, the programme).
pub async fn add_session(app: &App, actor: &Actor, id: i64, input: &SessionInput) -> Result<i64> {
    let p = editable(app, actor, id).await?;
    let s = Session::parse(input)?;
    let mut tx = app.db.begin().await?;
    let sid = store::insert_session(&mut tx, id, &s, app.now()).await?;
    let e = actor
        .audit("mentorship.session")
        .entity("mentor_pairing", id)
        .fls(p.fls_id)
        .change(
            None,
            Some(serde_json::json!({
                "session": sid, "starts_at": s.starts_at.to_string(),
                "time_zone": s.time_zone, "mode": s.mode, "notes": s.notes,
            })),
        );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(sid)
}

/// Add an action, or change one, on an active pairing.
pub async fn save_action(app: &App, actor: &Actor, id: i64, input: &ActionInput) -> Result<i64> {
    let p = editable(app, actor, id).await?;
    let action_id = match input.id.trim() {
        "" => None,
        s => Some(
            s.parse::<i64>()
                .map_err(|_| FieldError::new("id", s, "integer"))?,
        ),
    };
    let a = Action::parse(input)?;
    let mut tx = app.db.begin().await?;
    let aid = store::save_action(&mut tx, id, action_id, &a, app.now())
        .await?
        .ok_or(ServiceError::NotFound)?;
    let e = actor
        .audit("mentorship.action")
        .entity("mentor_pairing", id)
        .fls(p.fls_id)
        .change(
            None,
            Some(serde_json::json!({
                "action": aid, "title": a.title, "owner": a.owner,
                "due_on": a.due_on.map(|d| d.to_string()), "status": a.status,
            })),
        );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(aid)
}

/// The time zone a user reads times in: their notification setting's, else UTC.
pub async fn zone_of(app: &App, user_id: Option<i64>) -> Result<String> {
    let Some(uid) = user_id else {
        return Ok("UTC".into());
    };
    Ok(liaison_store::outbox::prefs(&app.db, uid)
        .await?
        .map(|p| p.time_zone)
        .unwrap_or_else(|| "UTC".into()))
}
