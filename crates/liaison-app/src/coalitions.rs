//! Fracture-prevention coalitions (issue 18): anyone reads the list and a coalition's members
//! and activities; contacts are for signed-in users; administrators and programme reviewers
//! edit every coalition, a user granted one (by an administrator) edits that one only. Every
//! write is audited in its own transaction.

use crate::app::App;
use crate::{Actor, Result, ServiceError};
use liaison_domain::auth::Role;
use liaison_domain::coalitions::{
    Activity, ActivityInput, Coalition, CoalitionInput, Contact, ContactInput, Member, MemberInput,
};
use liaison_domain::error::FieldError;
use liaison_store::audit;
use liaison_store::coalitions as store;
pub use liaison_store::coalitions::{ActivityRow, CoalitionRow, ContactRow, MemberRow};

/// A coalition as its page shows it; `contacts` is empty for a visitor.
pub struct CoalitionPage {
    pub coalition: CoalitionRow,
    pub members: Vec<MemberRow>,
    pub activities: Vec<ActivityRow>,
    pub contacts: Vec<ContactRow>,
    pub may_edit: bool,
    /// Editors granted this coalition (administrators only, who manage them).
    pub editors: Option<Vec<(i64, String)>>,
}

fn edits_all(actor: &Actor) -> bool {
    actor.user_id.is_none()
        || actor.access.has_role(Role::Administrator)
        || actor.access.has_role(Role::ProgrammeReviewer)
}

/// May this actor create coalitions (and edit all)?
pub fn may_create(actor: &Actor) -> bool {
    edits_all(actor)
}

pub async fn may_edit(app: &App, actor: Option<&Actor>, id: i64) -> Result<bool> {
    Ok(match actor {
        None => false,
        Some(a) if edits_all(a) => true,
        Some(a) => match a.user_id {
            Some(uid) => store::is_editor(&app.db, uid, id).await?,
            None => false,
        },
    })
}

pub async fn list(app: &App) -> Result<Vec<CoalitionRow>> {
    Ok(store::list(&app.db).await?)
}

/// One coalition; `actor` None is a visitor, who does not see contacts.
pub async fn page(app: &App, actor: Option<&Actor>, id: i64) -> Result<CoalitionPage> {
    let coalition = store::get(&app.db, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let contacts = match actor {
        Some(_) => store::contacts(&app.db, id).await?,
        None => vec![],
    };
    let editors = match actor {
        Some(a) if a.access.is_admin() => Some(store::editors(&app.db, id).await?),
        _ => None,
    };
    Ok(CoalitionPage {
        members: store::members(&app.db, id).await?,
        activities: store::activities(&app.db, id).await?,
        contacts,
        may_edit: may_edit(app, actor, id).await?,
        editors,
        coalition,
    })
}

/// Refuses, as if it did not exist, a coalition the actor may not edit.
async fn editable(app: &App, actor: &Actor, id: i64) -> Result<CoalitionRow> {
    let row = store::get(&app.db, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !may_edit(app, Some(actor), id).await? {
        return Err(ServiceError::NotFound);
    }
    Ok(row)
}

fn json<T: serde::Serialize>(v: &T) -> Option<serde_json::Value> {
    Some(serde_json::to_value(v).unwrap_or_default())
}

/// Create a coalition (administrators and reviewers); returns its id.
pub async fn create(app: &App, actor: &Actor, input: &CoalitionInput) -> Result<i64> {
    if !may_create(actor) {
        return Err(ServiceError::NotFound);
    }
    let c = Coalition::parse(input)?;
    let mut tx = app.db.begin().await?;
    let id = store::save(&mut tx, None, &c, app.now()).await?;
    let after = store::get_tx(&mut tx, id).await?;
    let e = actor
        .audit("coalition.create")
        .entity("coalition", id)
        .change(None, json(&after));
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(id)
}

/// Change a coalition's name, scope, area or description.
pub async fn update(app: &App, actor: &Actor, id: i64, input: &CoalitionInput) -> Result<()> {
    let before = editable(app, actor, id).await?;
    let c = Coalition::parse(input)?;
    let mut tx = app.db.begin().await?;
    store::save(&mut tx, Some(id), &c, app.now()).await?;
    let after = store::get_tx(&mut tx, id).await?;
    let e = actor
        .audit("coalition.update")
        .entity("coalition", id)
        .change(json(&before), json(&after));
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(())
}

/// Add a member, or change one (its status and dates move on as it is invited, joins, leaves).
pub async fn save_member(app: &App, actor: &Actor, id: i64, input: &MemberInput) -> Result<i64> {
    editable(app, actor, id).await?;
    let member_id = match input.id.trim() {
        "" => None,
        s => Some(
            s.parse::<i64>()
                .map_err(|_| FieldError::new("id", s, "integer"))?,
        ),
    };
    let m = Member::parse(input)?;
    let mut tx = app.db.begin().await?;
    let before = match member_id {
        Some(mid) => Some(
            store::member_tx(&mut tx, id, mid)
                .await?
                .ok_or(ServiceError::NotFound)?,
        ),
        None => None,
    };
    let mid = store::save_member(&mut tx, id, member_id, &m, app.now()).await?;
    let after = store::member_tx(&mut tx, id, mid).await?;
    let e = actor
        .audit("coalition.member")
        .entity("coalition", id)
        .change(before.as_ref().and_then(json), json(&after));
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(mid)
}

pub async fn add_contact(app: &App, actor: &Actor, id: i64, input: &ContactInput) -> Result<i64> {
    editable(app, actor, id).await?;
    let c = Contact::parse(input)?;
    let mut tx = app.db.begin().await?;
    let cid = store::add_contact(&mut tx, id, &c).await?;
    let e = actor
        .audit("coalition.contact")
        .entity("coalition", id)
        .change(
            None,
            Some(serde_json::json!({ "id": cid, "name": c.name, "email": c.email.as_str() })),
        );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(cid)
}

pub async fn add_activity(app: &App, actor: &Actor, id: i64, input: &ActivityInput) -> Result<i64> {
    editable(app, actor, id).await?;
    let a = Activity::parse(input)?;
    let mut tx = app.db.begin().await?;
    let aid = store::add_activity(&mut tx, id, &a).await?;
    let e = actor
        .audit("coalition.activity")
        .entity("coalition", id)
        .change(
            None,
            Some(serde_json::json!({
                "id": aid, "held_on": a.held_on.to_string(), "kind": a.kind, "outcome": a.outcome
            })),
        );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(aid)
}

/// An administrator grants (or withdraws) the editing of one coalition to a user by e-mail.
pub async fn set_editor(app: &App, actor: &Actor, id: i64, email: &str, grant: bool) -> Result<()> {
    if !actor.access.is_admin() {
        return Err(ServiceError::NotFound);
    }
    store::get(&app.db, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let user = liaison_store::users::user_by_email(&app.db, &email.trim().to_lowercase())
        .await?
        .ok_or_else(|| FieldError::new("email", email, "user_unknown"))?;
    let mut tx = app.db.begin().await?;
    if store::set_editor(&mut tx, user.id, id, grant).await? {
        let e = actor
            .audit(if grant {
                "coalition.editor_grant"
            } else {
                "coalition.editor_remove"
            })
            .entity("coalition", id)
            .detail(&user.email);
        audit::record(&mut tx, app.now(), &e).await?;
    }
    tx.commit().await?;
    Ok(())
}
