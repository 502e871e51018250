//! The policy tracker per country (issue 18). Anyone reads a country's published status items
//! and their published history; the programme (administrators, reviewers, the command line)
//! and a country's national leads also see its unpublished items, stakeholders, roundtables
//! and actions, and edit them. Everyone else is answered as if those did not exist. Every
//! write keeps its audit row in its own transaction.

use crate::app::App;
use crate::{Actor, Result, ServiceError};
use liaison_domain::auth::Role;
use liaison_domain::error::FieldError;
use liaison_domain::policy::{
    self as rules, Action, ActionInput, Roundtable, RoundtableInput, Stakeholder, StakeholderInput,
    Status, StatusInput,
};
use liaison_store::audit;
use liaison_store::policy as store;
pub use liaison_store::policy::{ActionRow, ItemRow, RoundtableRow, StakeholderRow, VersionRow};

/// A country's tracker as its page shows it to one reader.
pub struct CountryPage {
    pub country: String,
    /// The reader's items: published ones only, unless they edit the country.
    pub items: Vec<ItemRow>,
    /// Each version (item code, version), newest first, as far as the reader may see it.
    pub history: Vec<(String, VersionRow)>,
    /// `None` for a reader who does not work on the country.
    pub work: Option<Work>,
}

/// What the programme and the country's national leads work with.
pub struct Work {
    pub stakeholders: Vec<StakeholderRow>,
    pub roundtables: Vec<RoundtableRow>,
    pub actions: Vec<ActionRow>,
}

fn programme(actor: &Actor) -> bool {
    actor.user_id.is_none()
        || actor.access.has_role(Role::Administrator)
        || actor.access.has_role(Role::ProgrammeReviewer)
}

/// May this actor edit (and see all of) this country's tracker?
pub async fn may_edit(app: &App, actor: Option<&Actor>, country: &str) -> Result<bool> {
    let Some(a) = actor else { return Ok(false) };
    if programme(a) {
        return Ok(true);
    }
    if !a.access.has_role(Role::NationalLead) {
        return Ok(false);
    }
    let Some(uid) = a.user_id else {
        return Ok(false);
    };
    let grants = liaison_store::users::grants_of(&app.db, uid).await?;
    Ok(grants
        .iter()
        .any(|g| g.role == Role::NationalLead.code() && g.country.as_deref() == Some(country)))
}

/// The country a path names: an unknown code is no page.
fn known(country: &str) -> Result<String> {
    rules::country(country)
        .map(|c| c.as_str().to_string())
        .map_err(|_| ServiceError::NotFound)
}

/// Every country's published items (the map and the list are public).
pub async fn published(app: &App) -> Result<Vec<ItemRow>> {
    Ok(store::items(&app.db, true).await?)
}

/// One country's page; `actor` None is a visitor.
pub async fn page(app: &App, actor: Option<&Actor>, country: &str) -> Result<CountryPage> {
    let country = known(country)?;
    let edits = may_edit(app, actor, &country).await?;
    let items = store::items_of(&app.db, &country, !edits).await?;
    let mut history = store::versions(&app.db, &country).await?;
    if !edits {
        // The public history is of published versions only: an unpublished draft is not news.
        history.retain(|(_, v)| v.published);
    }
    let work = if edits {
        Some(Work {
            stakeholders: store::stakeholders(&app.db, &country).await?,
            roundtables: store::roundtables(&app.db, &country).await?,
            actions: store::actions(&app.db, &country).await?,
        })
    } else {
        None
    };
    Ok(CountryPage {
        country,
        items,
        history,
        work,
    })
}

/// The country of a write: an unknown code is a field error for the programme (who may edit
/// any country), and no page for anyone else.
async fn editable(app: &App, actor: &Actor, country: &str) -> Result<String> {
    let code = match rules::country(country) {
        Ok(c) => c.as_str().to_string(),
        Err(e) if programme(actor) => return Err(e.into()),
        Err(_) => return Err(ServiceError::NotFound),
    };
    if !may_edit(app, Some(actor), &code).await? {
        return Err(ServiceError::NotFound);
    }
    Ok(code)
}

fn json<T: serde::Serialize>(v: &T) -> Option<serde_json::Value> {
    Some(serde_json::to_value(v).unwrap_or_default())
}

fn id_of(s: &str) -> Result<Option<i64>> {
    match s.trim() {
        "" => Ok(None),
        t => Ok(Some(
            t.parse::<i64>()
                .map_err(|_| FieldError::new("id", s, "integer"))?,
        )),
    }
}

/// Set one status item of a country, keeping the version it replaces in the history.
pub async fn save_status(
    app: &App,
    actor: &Actor,
    country: &str,
    input: &StatusInput,
) -> Result<i64> {
    let country = editable(app, actor, country).await?;
    let s = Status::parse(input)?;
    let mut tx = app.db.begin().await?;
    let before = store::item_tx(&mut tx, &country, s.item).await?;
    let id = store::save_item(&mut tx, &country, &s, &actor.label, app.now()).await?;
    let after = store::item_tx(&mut tx, &country, s.item).await?;
    let e = actor
        .audit("policy.status")
        .entity("country", &country)
        .change(
            before.as_ref().and_then(json),
            after.as_ref().and_then(json),
        );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn save_stakeholder(
    app: &App,
    actor: &Actor,
    country: &str,
    input: &StakeholderInput,
) -> Result<i64> {
    let country = editable(app, actor, country).await?;
    let id = id_of(&input.id)?;
    let s = Stakeholder::parse(input)?;
    let mut tx = app.db.begin().await?;
    let before = match id {
        Some(i) => Some(
            store::stakeholder_tx(&mut tx, &country, i)
                .await?
                .ok_or(ServiceError::NotFound)?,
        ),
        None => None,
    };
    let sid = store::save_stakeholder(&mut tx, &country, id, &s, app.now()).await?;
    let after = store::stakeholder_tx(&mut tx, &country, sid).await?;
    let e = actor
        .audit("policy.stakeholder")
        .entity("country", &country)
        .change(
            before.as_ref().and_then(json),
            after.as_ref().and_then(json),
        );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(sid)
}

/// Add or change a roundtable; one dated after today (UTC) cannot be marked held.
pub async fn save_roundtable(
    app: &App,
    actor: &Actor,
    country: &str,
    input: &RoundtableInput,
) -> Result<i64> {
    let country = editable(app, actor, country).await?;
    let id = id_of(&input.id)?;
    let r = Roundtable::parse(input, app.now().date())?;
    let mut tx = app.db.begin().await?;
    let before = match id {
        Some(i) => Some(
            store::roundtable_tx(&mut tx, &country, i)
                .await?
                .ok_or(ServiceError::NotFound)?,
        ),
        None => None,
    };
    let rid = store::save_roundtable(&mut tx, &country, id, &r, app.now()).await?;
    let after = store::roundtable_tx(&mut tx, &country, rid).await?;
    let e = actor
        .audit("policy.roundtable")
        .entity("country", &country)
        .change(
            before.as_ref().and_then(json),
            after.as_ref().and_then(json),
        );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(rid)
}

pub async fn save_action(
    app: &App,
    actor: &Actor,
    country: &str,
    input: &ActionInput,
) -> Result<i64> {
    let country = editable(app, actor, country).await?;
    let id = id_of(&input.id)?;
    let a = Action::parse(input)?;
    let mut tx = app.db.begin().await?;
    let before = match id {
        Some(i) => Some(
            store::action_tx(&mut tx, &country, i)
                .await?
                .ok_or(ServiceError::NotFound)?,
        ),
        None => None,
    };
    let aid = store::save_action(&mut tx, &country, id, &a, app.now()).await?;
    let after = store::action_tx(&mut tx, &country, aid).await?;
    let e = actor
        .audit("policy.action")
        .entity("country", &country)
        .change(
            before.as_ref().and_then(json),
            after.as_ref().and_then(json),
        );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(aid)
}
