//! Reminders and alerts by e-mail (issue 20; docs/notifications.md). A user's settings say
//! which worklist digests they want and at what hour of their own day; the planner
//! ([`plan_due`]) writes each message due into the outbox in one transaction with its audit
//! row, and the worker ([`deliver::deliver_due`]) sends what the outbox holds. Messages carry
//! counts and links, never a patient's identifiers. Their words are the web layer's (a
//! [`Composer`] given in [`Config`](crate::Config)), so each is in its reader's language.

mod deadline;
pub mod deliver;
mod kpi_alert;
pub mod token;

use crate::app::App;
use crate::home::worklists_today;
use crate::{Actor, Result, ServiceError};
use liaison_domain::error::{FieldError, Invalid};
use liaison_domain::org::parse_time_zone;
use liaison_store::outbox::{self, NewMessage, Prefs, Subscriber};
use time::OffsetDateTime;

pub use deliver::{Delivered, Mail, deliver_due};
pub use liaison_store::outbox::OutboxRow;

/// What a message is about: the `kind` of its outbox row. Mentorship reminders come with
/// their area (docs/notifications.md, "Still to come").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Digest,
    KpiAlert,
    FacilitiesDeadline,
    EventConfirmation,
    EventReminder,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Digest => "digest",
            Kind::KpiAlert => "kpi_alert",
            Kind::FacilitiesDeadline => "facilities_deadline",
            Kind::EventConfirmation => "event_confirmation",
            Kind::EventReminder => "event_reminder",
        }
    }
}

/// An event as its registrant's e-mails tell it.
#[derive(Debug, Clone)]
pub struct EventMail {
    pub event_id: i64,
    pub title: String,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    /// The reader's zone: their own when they chose one, else the event's.
    pub time_zone: String,
    /// The online link, or the venue and city.
    pub place: String,
    /// On the waiting list rather than confirmed.
    pub waiting: bool,
}

/// How often a worklist digest comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    Daily,
    /// On Mondays.
    Weekly,
}

impl Cadence {
    pub const CODES: [&'static str; 3] = ["off", "daily", "weekly"];

    pub fn code(self) -> &'static str {
        match self {
            Cadence::Daily => "daily",
            Cadence::Weekly => "weekly",
        }
    }

    /// None is off; an unknown word is refused.
    pub fn parse(field: &str, s: &str) -> std::result::Result<Option<Cadence>, FieldError> {
        match s.trim() {
            "" | "off" => Ok(None),
            "daily" => Ok(Some(Cadence::Daily)),
            "weekly" => Ok(Some(Cadence::Weekly)),
            _ => Err(FieldError::new(field, s, "cadence_unknown")),
        }
    }
}

/// One worklist's line in a digest.
#[derive(Debug, Clone)]
pub struct DigestLine {
    /// The worklist's code (its page is `/fls/CODE/worklists/LIST`).
    pub list: &'static str,
    pub due: i64,
    pub overdue: i64,
}

/// What a message says, before it is put into words.
#[derive(Debug, Clone)]
pub enum Content {
    Digest {
        cadence: Cadence,
        fls_code: String,
        fls_name: String,
        /// The day of the digest in the reader's time zone, and that zone.
        date: time::Date,
        time_zone: String,
        lines: Vec<DigestLine>,
    },
    KpiAlert {
        fls_code: String,
        fls_name: String,
        kpi: liaison_domain::kpi::KpiId,
        limit: liaison_domain::benchmark::Limit,
        /// Outside on the worse side (else the better one).
        needs_attention: bool,
        value: f64,
        /// The world's pooled value, when this reader may see it.
        pooled: Option<f64>,
        /// The quarter.
        from: time::Date,
        to: time::Date,
    },
    /// The FLS's return of the year's facilities round is not submitted yet.
    FacilitiesDeadline {
        fls_code: String,
        fls_name: String,
        year: i64,
        /// The last day a return is taken, in the FLS's time zone.
        deadline: time::Date,
        /// Days from the FLS's today to the deadline.
        days_left: i64,
    },
    /// A registration was taken (or moved up from the waiting list); the `.ics` comes with it.
    EventConfirmation(EventMail),
    /// The event starts within a day.
    EventReminder(EventMail),
}

impl Content {
    pub fn kind(&self) -> Kind {
        match self {
            Content::Digest { .. } => Kind::Digest,
            Content::KpiAlert { .. } => Kind::KpiAlert,
            Content::FacilitiesDeadline { .. } => Kind::FacilitiesDeadline,
            Content::EventConfirmation(_) => Kind::EventConfirmation,
            Content::EventReminder(_) => Kind::EventReminder,
        }
    }
}

/// A message in words: subject, plain text and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Puts a message into a language's words (the web layer holds the translations).
pub trait Composer: Send + Sync + std::fmt::Debug {
    /// `base_url` has no trailing slash; `unsubscribe` is the absolute unsubscribe link.
    fn compose(&self, language: &str, base_url: &str, unsubscribe: &str, c: &Content) -> Composed;
}

/// A user's settings as typed: every field a string.
#[derive(Debug, Clone, Default)]
pub struct PrefsInput {
    pub hour: String,
    pub time_zone: String,
    pub kpi_alerts: bool,
    pub facilities_deadline: bool,
    /// (FLS code, cadence code) for each FLS offered.
    pub digests: Vec<(String, String)>,
}

/// A user's settings as stored, for the settings page.
#[derive(Debug, Clone)]
pub struct Settings {
    pub prefs: Option<Prefs>,
    /// (FLS id, cadence code).
    pub digests: Vec<(i64, String)>,
}

pub async fn settings(app: &App, actor: &Actor) -> Result<Settings> {
    let Some(user) = actor.user_id else {
        return Err(ServiceError::NotFound);
    };
    Ok(Settings {
        prefs: outbox::prefs(&app.db, user).await?,
        digests: outbox::digests(&app.db, user).await?,
    })
}

/// Save the actor's own settings. A digest may only be asked of an FLS whose patients the
/// actor works with (its worklists are theirs to see); another is refused as unknown.
pub async fn save_settings(app: &App, actor: &Actor, input: &PrefsInput) -> Result<()> {
    let Some(user) = actor.user_id else {
        return Err(ServiceError::NotFound);
    };
    let mut errors = Vec::new();
    let hour = match input.hour.trim().parse::<i64>() {
        Ok(h) if (0..24).contains(&h) => h,
        _ => {
            errors.push(FieldError::new("hour", &input.hour, "hour_range"));
            0
        }
    };
    let time_zone = parse_time_zone("time_zone", &input.time_zone).unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    });
    let mut digests = Vec::new();
    for (code, cadence) in &input.digests {
        let fls = crate::orgs::fls_by_code(app, &actor.access.read_patients, code).await?;
        match (fls, Cadence::parse("digest", cadence)) {
            (_, Err(e)) => errors.push(e),
            (None, Ok(_)) => errors.push(FieldError::new("fls", code, "fls_no_worklists")),
            (Some(f), Ok(Some(c))) => digests.push((f.id, c.code().to_string())),
            (Some(_), Ok(None)) => {}
        }
    }
    if !errors.is_empty() {
        return Err(Invalid(errors).into());
    }
    let prefs = Prefs {
        user_id: user,
        hour,
        time_zone,
        kpi_alerts: input.kpi_alerts,
        facilities_deadline: input.facilities_deadline,
    };
    let now = app.now();
    let before = settings(app, actor).await?;
    let mut tx = app.db.begin().await?;
    outbox::save_prefs(&mut tx, &prefs, &digests, now).await?;
    let e = actor.audit("notify.settings").entity("user", user).change(
        Some(serde_json::json!({
            "hour": before.prefs.as_ref().map(|p| p.hour),
            "time_zone": before.prefs.as_ref().map(|p| p.time_zone.clone()),
            "kpi_alerts": before.prefs.as_ref().map(|p| p.kpi_alerts),
            "facilities_deadline": before.prefs.as_ref().map(|p| p.facilities_deadline),
            "digests": before.digests,
        })),
        Some(serde_json::json!({
            "hour": hour, "time_zone": prefs.time_zone, "kpi_alerts": prefs.kpi_alerts,
            "facilities_deadline": prefs.facilities_deadline,
            "digests": digests,
        })),
    );
    liaison_store::audit::record(&mut tx, now, &e).await?;
    tx.commit().await?;
    Ok(())
}

/// How late a digest may still go out after its hour (the server was down at the hour).
const LATE_HOURS: i8 = 3;

/// A message the planner would write now.
#[derive(Debug, Clone)]
pub struct Planned {
    pub message: NewMessage,
}

/// Write every message due now into the outbox (once each: a message's key is unique) and
/// return how many were written.
pub async fn plan_due(app: &App) -> Result<usize> {
    let (planned, checked) = plan(app).await?;
    let now = app.now();
    let mut written = 0;
    for p in planned {
        let mut tx = app.db.begin().await?;
        if let Some(id) = outbox::enqueue(&mut tx, &p.message, now).await? {
            let e = system_audit("notify.queued")
                .entity("outbox", id)
                .detail(p.message.kind.clone());
            liaison_store::audit::record(&mut tx, now, &e).await?;
            written += 1;
        }
        tx.commit().await?;
    }
    app.notify_checked
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .extend(checked);
    Ok(written)
}

/// What planning needs throughout one run.
pub(crate) struct Planner<'a> {
    pub(crate) app: &'a App,
    pub(crate) composer: std::sync::Arc<dyn Composer>,
    pub(crate) base: String,
    pub(crate) key: Vec<u8>,
}

impl Planner<'_> {
    fn message(&self, s: &Subscriber, stop: &token::Stop, c: &Content, dedup: String) -> Planned {
        let language = s.language.clone().unwrap_or_else(|| "en".into());
        let unsubscribe = format!(
            "{}/notifications/unsubscribe/{}",
            self.base,
            token::sign(&self.key, stop)
        );
        let words = self
            .composer
            .compose(&language, &self.base, &unsubscribe, c);
        Planned {
            message: NewMessage {
                kind: c.kind().code().into(),
                user_id: Some(s.user_id),
                recipient: s.email.clone(),
                language,
                subject: words.subject,
                body_text: words.text,
                body_html: words.html,
                dedup_key: Some(dedup),
                attachment: None,
                list_unsubscribe: Some(unsubscribe),
            },
        }
    }
}

/// The messages due now that are not written yet (what `liaison notify --dry-run` prints).
pub async fn due_now(app: &App) -> Result<Vec<Planned>> {
    Ok(plan(app).await?.0)
}

/// The messages due now, and the (user, local day) whose KPI alerts were looked for.
async fn plan(app: &App) -> Result<(Vec<Planned>, Vec<(i64, time::Date)>)> {
    let Some(composer) = app.config.composer.clone() else {
        return Ok(Default::default());
    };
    let p = Planner {
        app,
        composer,
        base: app
            .config
            .mail
            .as_ref()
            .map(|m| m.public_url.clone())
            .unwrap_or_default(),
        key: token::signing_key(app).await?,
    };
    let now = app.now();
    let mut out = Vec::new();
    let mut checked = Vec::new();
    for s in outbox::subscribers(&app.db).await? {
        let Some(local) = local_time(now, &s.time_zone) else {
            continue;
        };
        let hour = i64::from(local.hour());
        if hour < s.hour || hour >= s.hour + i64::from(LATE_HOURS) {
            continue;
        }
        let (_, access) = crate::auth::access_of(app, s.user_id).await?;
        let actor = Actor {
            user_id: Some(s.user_id),
            label: s.email.clone(),
            ip: "notify".into(),
            access,
        };
        let date = to_date(local.date());
        let monday = local.weekday() == jiff::civil::Weekday::Monday;
        out.extend(digests_due(&p, &s, &actor, date, monday).await?);
        // The outlier report is looked for once a day per user and process, not at every run
        // of the planner in the hours its window stays open.
        let looked = app
            .notify_checked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&(s.user_id, date));
        if s.kpi_alerts && !looked {
            for (c, key) in kpi_alert::due(&p, &s, &actor, date).await? {
                out.push(p.message(&s, &token::Stop::KpiAlerts(s.user_id), &c, key));
            }
            checked.push((s.user_id, date));
        }
    }
    out.extend(deadline::due(&p, now).await?);
    out.extend(crate::events::reminders_due(&p, now).await?);
    Ok((out, checked))
}

async fn digests_due(
    p: &Planner<'_>,
    s: &Subscriber,
    actor: &Actor,
    date: time::Date,
    monday: bool,
) -> Result<Vec<Planned>> {
    let mut out = Vec::new();
    for (fls_id, cadence) in outbox::digests(&p.app.db, s.user_id).await? {
        let cadence = match Cadence::parse("digest", &cadence) {
            Ok(Some(c)) => c,
            _ => continue,
        };
        if cadence == Cadence::Weekly && !monday {
            continue;
        }
        let dedup = format!("digest:{}:{fls_id}:{date}", s.user_id);
        if outbox::exists(&p.app.db, &dedup).await? {
            continue;
        }
        // Counts as the user's own worklists show them; an FLS no longer theirs is left out.
        let Some(today) = worklists_today(p.app, actor, &[fls_id]).await?.pop() else {
            continue;
        };
        let content = Content::Digest {
            cadence,
            fls_code: today.fls.code.clone(),
            fls_name: today.fls.name.clone(),
            date,
            time_zone: s.time_zone.clone(),
            lines: today
                .lists
                .iter()
                .map(|l| DigestLine {
                    list: l.list.code(),
                    due: l.due,
                    overdue: l.overdue,
                })
                .collect(),
        };
        out.push(p.message(s, &token::Stop::Digest(s.user_id, fls_id), &content, dedup));
    }
    Ok(out)
}

/// The audit entry of the notifier's own acts (no person acts).
pub fn system_audit(action: &str) -> liaison_store::audit::Entry {
    liaison_store::audit::Entry {
        actor: "notifier".into(),
        ip: "notify".into(),
        action: action.into(),
        outcome: liaison_store::audit::OK,
        ..Default::default()
    }
}

fn local_time(now: OffsetDateTime, time_zone: &str) -> Option<jiff::civil::DateTime> {
    let ts = jiff::Timestamp::from_second(now.unix_timestamp()).ok()?;
    let tz = jiff::tz::TimeZone::get(time_zone).ok()?;
    Some(ts.to_zoned(tz).datetime())
}

fn to_date(d: jiff::civil::Date) -> time::Date {
    time::Month::try_from(d.month() as u8)
        .ok()
        .and_then(|m| time::Date::from_calendar_date(i32::from(d.year()), m, d.day() as u8).ok())
        .unwrap_or(time::Date::MIN)
}

/// The outbox for administrators: the newest messages, of one status or all.
pub async fn outbox_list(app: &App, actor: &Actor, status: Option<&str>) -> Result<Vec<OutboxRow>> {
    if !actor.access.is_admin() {
        return Err(ServiceError::NotFound);
    }
    Ok(outbox::list(&app.db, status, 200).await?)
}

/// An administrator sends a failed message again (all its attempts anew).
pub async fn retry(app: &App, actor: &Actor, id: i64) -> Result<()> {
    if !actor.access.is_admin() {
        return Err(ServiceError::NotFound);
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    if !outbox::retry(&mut tx, id, now).await? {
        return Err(ServiceError::NotFound);
    }
    let e = actor.audit("mail.retry").entity("outbox", id);
    liaison_store::audit::record(&mut tx, now, &e).await?;
    tx.commit().await?;
    Ok(())
}

/// Stop what a signed unsubscribe link names, without signing in. A link that does not check
/// is not found, and nothing changes.
pub async fn unsubscribe(app: &App, link: &str, ip: &str) -> Result<token::Stop> {
    let key = token::signing_key(app).await?;
    let Some(stop) = token::verify(&key, link) else {
        return Err(ServiceError::NotFound);
    };
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let (user, changed, detail) = match &stop {
        token::Stop::Digest(u, fls) => (
            *u,
            outbox::remove_digest(&mut tx, *u, *fls).await?,
            format!("digest {fls}"),
        ),
        token::Stop::KpiAlerts(u) => (
            *u,
            outbox::stop_kpi_alerts(&mut tx, *u).await?,
            "kpi_alerts".into(),
        ),
        // UTC is only the hour's zone should the lead later ask for digests without choosing.
        token::Stop::FacilitiesDeadline(u) => (
            *u,
            outbox::stop_facilities_deadline(&mut tx, *u, "UTC", now).await?,
            "facilities_deadline".into(),
        ),
    };
    if changed {
        let mut e = system_audit("notify.unsubscribe")
            .entity("user", user)
            .detail(detail);
        e.actor_user_id = Some(user);
        e.ip = ip.into();
        liaison_store::audit::record(&mut tx, now, &e).await?;
    }
    tx.commit().await?;
    Ok(stop)
}
