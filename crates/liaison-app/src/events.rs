//! Webinars and workshops (issue 17; docs/events.md). Anyone reads public events, signed-in
//! users every event; administrators and programme reviewers organise (create, edit, mark
//! attendance, read the attendee list). Signed-in users register in one click, visitors to
//! public events with name, e-mail and consent. A full event puts a registrant on the waiting
//! list; a cancellation moves the first one up in the same transaction. Every write is audited
//! with it; the confirmation e-mail (with the `.ics`) is written to the outbox in it too.

use crate::app::App;
use crate::notify::{self, Content, EventMail, token};
use crate::{Actor, Result, ServiceError};
use liaison_domain::auth::Role;
use liaison_domain::error::FieldError;
use liaison_domain::events::{Calendar, Event, EventInput, Visitor, VisitorInput, ics};
use liaison_store::audit;
use liaison_store::events::{self as store, CANCELLED, CONFIRMED, NewRegistration, WAITING};
pub use liaison_store::events::{EventRow, RegistrationRow, TextRow};
use liaison_store::outbox::{self, Attachment, NewMessage};
use time::OffsetDateTime;

/// An event with its texts.
#[derive(Debug, Clone)]
pub struct EventView {
    pub event: EventRow,
    pub texts: Vec<TextRow>,
}

impl EventView {
    /// The text in `lang`, else English, else the first given.
    pub fn text(&self, lang: &str) -> Option<&TextRow> {
        self.texts
            .iter()
            .find(|t| t.lang == lang)
            .or_else(|| self.texts.iter().find(|t| t.lang == "en"))
            .or_else(|| self.texts.first())
    }

    pub fn title(&self, lang: &str) -> String {
        self.text(lang).map(|t| t.title.clone()).unwrap_or_default()
    }

    /// The online link, or the venue and city.
    pub fn place(&self) -> String {
        match &self.event.online_url {
            Some(u) if self.event.mode == "online" => u.clone(),
            _ => format!("{}, {}", self.event.venue, self.event.city),
        }
    }
}

/// Administrators and programme reviewers (and the operator) organise events. National leads
/// do not: events are the Partnership's programme (docs/decisions-mentorship.md, "Events").
pub fn may_organise(actor: &Actor) -> bool {
    actor.user_id.is_none()
        || actor.access.has_role(Role::Administrator)
        || actor.access.has_role(Role::ProgrammeReviewer)
}

/// Every event the reader may see (`actor` None: a visitor, public ones only), by start.
pub async fn list(app: &App, actor: Option<&Actor>) -> Result<Vec<EventView>> {
    let rows = store::list(&app.db, actor.is_none()).await?;
    let mut texts = store::texts(&app.db, None).await?;
    Ok(rows
        .into_iter()
        .map(|event| {
            let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut texts)
                .into_iter()
                .partition(|t| t.event_id == event.id);
            texts = rest;
            EventView { event, texts: mine }
        })
        .collect())
}

/// One event; a visitor finds a signed-in users' event not found.
pub async fn get(app: &App, actor: Option<&Actor>, id: i64) -> Result<EventView> {
    let event = store::get(&app.db, id)
        .await?
        .filter(|e| e.public || actor.is_some())
        .ok_or(ServiceError::NotFound)?;
    Ok(EventView {
        texts: store::texts(&app.db, Some(id)).await?,
        event,
    })
}

fn json<T: serde::Serialize>(v: &T) -> Option<serde_json::Value> {
    Some(serde_json::to_value(v).unwrap_or_default())
}

pub async fn create(app: &App, actor: &Actor, input: &EventInput) -> Result<i64> {
    if !may_organise(actor) {
        return Err(ServiceError::NotFound);
    }
    let e = Event::parse(input)?;
    let mut tx = app.db.begin().await?;
    let id = store::save(&mut tx, None, &e, actor.user_id, app.now()).await?;
    let after = store::get_tx(&mut tx, id).await?;
    let entry = actor.audit("event.create").entity("event", id).change(
        None,
        json(&(after, &e.texts.iter().map(|t| &t.title).collect::<Vec<_>>())),
    );
    audit::record(&mut tx, app.now(), &entry).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(app: &App, actor: &Actor, id: i64, input: &EventInput) -> Result<()> {
    if !may_organise(actor) {
        return Err(ServiceError::NotFound);
    }
    let before = get(app, Some(actor), id).await?;
    let e = Event::parse(input)?;
    let mut tx = app.db.begin().await?;
    store::save(&mut tx, Some(id), &e, actor.user_id, app.now()).await?;
    let after = store::get_tx(&mut tx, id).await?;
    let entry = actor.audit("event.update").entity("event", id).change(
        json(&(before.event, &before.texts)),
        json(&(after, &e.texts.iter().map(|t| &t.title).collect::<Vec<_>>())),
    );
    audit::record(&mut tx, app.now(), &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Who registers.
pub enum Registrant<'a> {
    User(&'a Actor),
    Visitor(&'a VisitorInput),
}

/// A registration as its confirmation page shows it.
#[derive(Debug, Clone)]
pub struct Registered {
    pub registration: RegistrationRow,
    /// The signed part of the link that cancels it without signing in.
    pub cancel_token: String,
}

/// Register for an event in one transaction: the seats are locked, counted, the registration
/// confirmed or put on the waiting list, audited, and its confirmation e-mail written.
/// Refused: a second registration of the same address, and any after the deadline.
pub async fn register(
    app: &App,
    who: Registrant<'_>,
    id: i64,
    language: &str,
    ip: &str,
) -> Result<Registered> {
    register_with(app, who, id, language, ip, true).await
}

/// [`register`] without the confirmation e-mail: the demo's registrations, made at start-up
/// for people who never asked, must not write to them.
pub async fn register_quietly(
    app: &App,
    who: Registrant<'_>,
    id: i64,
    language: &str,
    ip: &str,
) -> Result<Registered> {
    register_with(app, who, id, language, ip, false).await
}

async fn register_with(
    app: &App,
    who: Registrant<'_>,
    id: i64,
    language: &str,
    ip: &str,
    mail: bool,
) -> Result<Registered> {
    let actor = match &who {
        Registrant::User(a) => Some(*a),
        Registrant::Visitor(_) => None,
    };
    let view = get(app, actor, id).await?;
    let (user_id, name, email, country) = match &who {
        Registrant::User(a) => {
            let uid = a.user_id.ok_or(ServiceError::NotFound)?;
            let u = liaison_store::users::user_by_id(&app.db, uid)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let name = if u.display_name.is_empty() {
                u.email.clone()
            } else {
                u.display_name
            };
            (Some(uid), name, u.email, country_of(app, uid).await?)
        }
        Registrant::Visitor(input) => {
            let v = Visitor::parse(input)?;
            (None, v.name, v.email.as_str().to_string(), None)
        }
    };
    let now = app.now();
    if now > view.event.deadline {
        return Err(
            FieldError::new("deadline", email.as_str(), "event_registration_closed").into(),
        );
    }
    let key = token::signing_key(app).await?;
    let mut tx = app.db.begin().await?;
    if !store::lock_seats(&mut tx, id).await? {
        return Err(ServiceError::NotFound);
    }
    let taken = store::confirmed_count(&mut tx, id).await?;
    let status = if taken < view.event.capacity {
        CONFIRMED
    } else {
        WAITING
    };
    let new = NewRegistration {
        user_id,
        name: &name,
        email: &email,
        language,
        country: country.as_deref(),
        status,
    };
    let Some(rid) = store::register(&mut tx, id, &new, now).await? else {
        return Err(FieldError::new("email", email.as_str(), "event_registered_twice").into());
    };
    let mut entry = match actor {
        Some(a) => a.audit("event.register"),
        None => visitor_audit("event.register", &email, ip),
    };
    entry = entry
        .entity("event", id)
        .detail(format!("registration {rid}: {status}"));
    audit::record(&mut tx, now, &entry).await?;
    let row = store::registration_tx(&mut tx, rid)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if mail {
        enqueue_confirmation(app, &mut tx, &view, &row, &key).await?;
    }
    tx.commit().await?;
    Ok(Registered {
        cancel_token: token::sign_registration(&key, rid),
        registration: row,
    })
}

/// The country of the first service a user works at, for the national counts of people trained.
async fn country_of(app: &App, user: i64) -> Result<Option<String>> {
    for g in liaison_store::users::grants_of(&app.db, user).await? {
        if let Some(c) = g.country {
            return Ok(Some(c));
        }
        if let Some(fid) = g.fls_id
            && let Some(f) =
                liaison_store::orgs::fls_by_id(&app.db, &liaison_domain::access::FlsSet::All, fid)
                    .await?
        {
            return Ok(Some(f.country));
        }
    }
    Ok(None)
}

fn visitor_audit(action: &str, email: &str, ip: &str) -> audit::Entry {
    audit::Entry {
        actor: format!("visitor {email}"),
        ip: ip.into(),
        action: action.into(),
        outcome: audit::OK,
        ..Default::default()
    }
}

/// Seats taken and people waiting (counts anyone who sees the event may read).
pub async fn seats(app: &App, id: i64) -> Result<(i64, i64)> {
    Ok(store::seats(&app.db, id).await?)
}

/// The signed-in user's live registration of an event, if any.
pub async fn mine(app: &App, actor: &Actor, id: i64) -> Result<Option<RegistrationRow>> {
    let Some(uid) = actor.user_id else {
        return Ok(None);
    };
    Ok(store::live_of_user(&app.db, id, uid).await?)
}

/// A signed-in user cancels their own registration; without one there is nothing to do.
pub async fn cancel_mine(app: &App, actor: &Actor, id: i64) -> Result<()> {
    get(app, Some(actor), id).await?;
    match mine(app, actor, id).await? {
        Some(r) => cancel(app, r.id, actor.audit("event.cancel")).await,
        None => Ok(()),
    }
}

/// A visitor (or anyone holding the link) cancels the registration the token names.
pub async fn cancel_by_token(app: &App, link: &str, ip: &str) -> Result<RegistrationRow> {
    let key = token::signing_key(app).await?;
    let rid = token::verify_registration(&key, link).ok_or(ServiceError::NotFound)?;
    let r = store::registration(&app.db, rid)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if r.status != CANCELLED {
        cancel(app, rid, visitor_audit("event.cancel", &r.email, ip)).await?;
    }
    Ok(r)
}

/// The registration token's registration, for the page that offers to cancel it.
pub async fn by_token(app: &App, link: &str) -> Result<(RegistrationRow, EventView)> {
    let key = token::signing_key(app).await?;
    let rid = token::verify_registration(&key, link).ok_or(ServiceError::NotFound)?;
    let r = store::registration(&app.db, rid)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let e = store::get(&app.db, r.event_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let texts = store::texts(&app.db, Some(e.id)).await?;
    Ok((r, EventView { event: e, texts }))
}

/// Cancel and, when a confirmed seat frees, confirm the first on the waiting list, in one
/// transaction behind the event's seat lock: two cancellations at once promote two people,
/// never the same one twice nor more than the seats.
async fn cancel(app: &App, rid: i64, entry: audit::Entry) -> Result<()> {
    let now = app.now();
    let key = token::signing_key(app).await?;
    let mut tx = app.db.begin().await?;
    let r = store::registration_tx(&mut tx, rid)
        .await?
        .ok_or(ServiceError::NotFound)?;
    store::lock_seats(&mut tx, r.event_id).await?;
    // Read again behind the lock: another cancellation may have come first.
    let r = store::registration_tx(&mut tx, rid)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !store::set_status(&mut tx, rid, CANCELLED, now).await? {
        return Ok(());
    }
    let entry = entry
        .entity("event", r.event_id)
        .detail(format!("registration {rid}"));
    audit::record(&mut tx, now, &entry).await?;
    let event = store::get_tx(&mut tx, r.event_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if r.status == CONFIRMED
        && store::confirmed_count(&mut tx, r.event_id).await? < event.capacity
        && let Some(next) = store::next_waiting(&mut tx, r.event_id).await?
    {
        store::set_status(&mut tx, next, CONFIRMED, now).await?;
        let e = notify::system_audit("event.promote")
            .entity("event", r.event_id)
            .detail(format!("registration {next}"));
        audit::record(&mut tx, now, &e).await?;
        let promoted = store::registration_tx(&mut tx, next)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let view = EventView {
            texts: store::texts(&app.db, Some(event.id)).await?,
            event,
        };
        enqueue_confirmation(app, &mut tx, &view, &promoted, &key).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The organiser marks whether a confirmed registrant came.
pub async fn set_attended(
    app: &App,
    actor: &Actor,
    id: i64,
    registration: i64,
    attended: bool,
) -> Result<()> {
    if !may_organise(actor) {
        return Err(ServiceError::NotFound);
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    if !store::set_attended(&mut tx, id, registration, attended).await? {
        return Err(ServiceError::NotFound);
    }
    let e = actor
        .audit("event.attendance")
        .entity("event", id)
        .detail(format!("registration {registration}: {attended}"));
    audit::record(&mut tx, now, &e).await?;
    tx.commit().await?;
    Ok(())
}

/// The attendee list (organisers): names and addresses, so its reading is audited.
pub async fn attendees(app: &App, actor: &Actor, id: i64) -> Result<Vec<RegistrationRow>> {
    if !may_organise(actor) {
        return Err(ServiceError::NotFound);
    }
    get(app, Some(actor), id).await?;
    let rows = store::registrations(&app.db, id).await?;
    Ok(rows)
}

/// Record that the attendee list left Liaison as a file.
pub async fn audit_export(app: &App, actor: &Actor, id: i64, format: &str) -> Result<()> {
    let mut tx = app.db.begin().await?;
    let e = actor
        .audit("event.export")
        .entity("event", id)
        .detail(format!("attendees {format}"));
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(())
}

/// The event's `.ics` in the reader's language.
pub fn calendar(view: &EventView, lang: &str, base_url: &str, now: OffsetDateTime) -> String {
    let text = view.text(lang);
    let uid = format!("event-{}@liaison", view.event.id);
    let url = format!("{base_url}/events/{}", view.event.id);
    ics(&Calendar {
        uid: &uid,
        stamp: now,
        starts_at: view.event.starts_at,
        ends_at: view.event.ends_at,
        title: text.map(|t| t.title.as_str()).unwrap_or_default(),
        description: text.map(|t| t.description.as_str()).unwrap_or_default(),
        location: &view.place(),
        url: Some(&url),
    })
}

fn base_url(app: &App) -> String {
    app.config
        .mail
        .as_ref()
        .map(|m| m.public_url.clone())
        .unwrap_or_default()
}

/// The reader's zone: a user's own when chosen, else the event's.
async fn zone_for(app: &App, r: &RegistrationRow, event: &EventRow) -> Result<String> {
    if let Some(uid) = r.user_id
        && let Some(p) = outbox::prefs(&app.db, uid).await?
        && !p.time_zone.is_empty()
    {
        return Ok(p.time_zone);
    }
    Ok(event.time_zone.clone())
}

async fn mail_of(app: &App, view: &EventView, r: &RegistrationRow) -> Result<EventMail> {
    Ok(EventMail {
        event_id: view.event.id,
        title: view.title(&r.language),
        starts_at: view.event.starts_at,
        ends_at: view.event.ends_at,
        time_zone: zone_for(app, r, &view.event).await?,
        place: view.place(),
        waiting: r.status == WAITING,
    })
}

/// Write the confirmation (or waiting-list notice) with the `.ics`, when mail is on.
async fn enqueue_confirmation(
    app: &App,
    tx: &mut liaison_store::Tx,
    view: &EventView,
    r: &RegistrationRow,
    key: &[u8],
) -> Result<()> {
    let Some(composer) = app.config.composer.clone() else {
        return Ok(());
    };
    let base = base_url(app);
    let cancel = format!(
        "{base}/events/cancel/{}",
        token::sign_registration(key, r.id)
    );
    let content = Content::EventConfirmation(mail_of(app, view, r).await?);
    let words = composer.compose(&r.language, &base, &cancel, &content);
    let m = NewMessage {
        kind: content.kind().code().into(),
        user_id: r.user_id,
        recipient: r.email.clone(),
        language: r.language.clone(),
        subject: words.subject,
        body_text: words.text,
        body_html: words.html,
        dedup_key: Some(format!("event_confirmation:{}:{}", r.id, r.status)),
        attachment: (r.status == CONFIRMED).then(|| Attachment {
            name: format!("event-{}.ics", view.event.id),
            content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
            content: calendar(view, &r.language, &base, app.now()),
        }),
        list_unsubscribe: None,
    };
    if let Some(oid) = outbox::enqueue(tx, &m, app.now()).await? {
        let e = notify::system_audit("notify.queued")
            .entity("outbox", oid)
            .detail(m.kind.clone());
        audit::record(tx, app.now(), &e).await?;
    }
    Ok(())
}

/// Reminders of events starting within a day, once per confirmed registration.
pub(crate) async fn reminders_due(
    p: &notify::Planner<'_>,
    now: OffsetDateTime,
) -> Result<Vec<notify::Planned>> {
    let mut out = Vec::new();
    for view in list(p.app, Some(&Actor::operator())).await? {
        let e = &view.event;
        if e.starts_at <= now || e.starts_at - time::Duration::days(1) > now {
            continue;
        }
        for r in store::registrations(&p.app.db, e.id).await? {
            if r.status != CONFIRMED {
                continue;
            }
            let dedup = format!("event_reminder:{}", r.id);
            if outbox::exists(&p.app.db, &dedup).await? {
                continue;
            }
            let cancel = format!(
                "{}/events/registration/{}",
                p.base,
                token::sign_registration(&p.key, r.id)
            );
            let content = Content::EventReminder(mail_of(p.app, &view, &r).await?);
            let words = p.composer.compose(&r.language, &p.base, &cancel, &content);
            out.push(notify::Planned {
                message: NewMessage {
                    kind: content.kind().code().into(),
                    user_id: r.user_id,
                    recipient: r.email.clone(),
                    language: r.language.clone(),
                    subject: words.subject,
                    body_text: words.text,
                    body_html: words.html,
                    dedup_key: Some(dedup),
                    attachment: None,
                    list_unsubscribe: None,
                },
            });
        }
    }
    Ok(out)
}

/// People who attended, per event and country, for a national lead's countries (or every
/// country for the programme): counts only.
pub async fn trained(app: &App, actor: &Actor) -> Result<Vec<(i64, String, i64)>> {
    if may_organise(actor) {
        return Ok(store::trained(&app.db, None).await?);
    }
    if !actor.access.has_role(Role::NationalLead) {
        return Err(ServiceError::NotFound);
    }
    let uid = actor.user_id.ok_or(ServiceError::NotFound)?;
    let countries: Vec<String> = liaison_store::users::grants_of(&app.db, uid)
        .await?
        .into_iter()
        .filter(|g| g.role == Role::NationalLead.code())
        .filter_map(|g| g.country)
        .collect();
    Ok(store::trained(&app.db, Some(&countries)).await?)
}
