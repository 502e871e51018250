//! Sending what the outbox holds, over SMTP (lettre: TLS, STARTTLS and authentication from
//! the URL). A message is claimed (committed) before the conversation starts and marked sent,
//! with its audit row, once the server has taken it; a failure puts it back with a later
//! time, doubling each time, until the last attempt leaves it failed for an administrator
//! (docs/decisions-outreach.md, "Outbox").

use super::system_audit;
use crate::Result;
use crate::app::App;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use liaison_store::outbox::{self, OutboxRow};
use time::Duration;

/// Mail delivery as configured (`--smtp-url`, `--mail-from`, `--public-url`).
pub struct Mail {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Where links in messages point, without a trailing slash.
    pub public_url: String,
    /// The URL without its password, for the settings page and logs.
    pub server: String,
}

impl std::fmt::Debug for Mail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Mail({}, from {})", self.server, self.from)
    }
}

impl Mail {
    /// `smtp://[user:password@]host[:port]` (add `?tls=required` for STARTTLS) or
    /// `smtps://...` (TLS from the start); `timeout` bounds each conversation.
    pub fn new(
        smtp_url: &str,
        from: &str,
        public_url: &str,
        timeout: std::time::Duration,
    ) -> std::result::Result<Mail, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("the sender address {from:?} is not an e-mail address: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| format!("the SMTP URL is not understood: {e}"))?
            .timeout(Some(timeout))
            .build();
        let server = match smtp_url.split_once('@') {
            Some((scheme_user, host)) => {
                let scheme = scheme_user.split("://").next().unwrap_or("smtp");
                format!("{scheme}://{host}")
            }
            None => smtp_url.to_string(),
        };
        Ok(Mail {
            transport,
            from,
            public_url: public_url.trim_end_matches('/').to_string(),
            server,
        })
    }

    async fn send(&self, row: &OutboxRow) -> std::result::Result<(), String> {
        let to: Mailbox = row
            .recipient
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        // The same Message-ID on every attempt: a copy sent again after a crash mid-send
        // (docs/decisions-outreach.md) is recognisable as the same message.
        let host = self.from.email.domain().to_string();
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&row.subject)
            .message_id(Some(format!(
                "<outbox-{}-{}@{host}>",
                row.id,
                row.created_at.unix_timestamp()
            )));
        // RFC 8058: a mail client's one-click unsubscribe POSTs to the signed link.
        if let Some(link) = &row.list_unsubscribe {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{link}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        let body = MultiPart::alternative_plain_html(row.body_text.clone(), row.body_html.clone());
        let message = match (&row.attachment_name, &row.attachment) {
            (Some(name), Some(content)) => {
                let kind = row
                    .attachment_type
                    .as_deref()
                    .and_then(|t| ContentType::parse(t).ok())
                    .unwrap_or(ContentType::TEXT_PLAIN);
                builder.multipart(
                    MultiPart::mixed()
                        .multipart(body)
                        .singlepart(Attachment::new(name.clone()).body(content.clone(), kind)),
                )
            }
            _ => builder.multipart(body),
        }
        .map_err(|e| format!("message: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// Messages sent in one round at most; the rest wait for the next.
const BATCH: usize = 50;

/// Attempts before a message is left failed.
pub const MAX_ATTEMPTS: i64 = 8;

/// A claim older than this is a worker that stopped mid-send; its message is sent again.
/// Far longer than a conversation may take (the SMTP timeout).
pub const CLAIM_LEASE: Duration = Duration::minutes(10);

/// The wait after the `attempts`-th failure: 1, 2, 4 ... minutes, at most six hours.
pub fn back_off(attempts: i64) -> Duration {
    let minutes = 1i64 << attempts.clamp(1, 10).saturating_sub(1);
    Duration::minutes(minutes.min(360))
}

/// What one round of delivery did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    /// Failed this time, to be tried again.
    pub deferred: usize,
    /// Failed for the last time.
    pub failed: usize,
}

/// Send every message due now. Without mail configured, nothing is claimed.
pub async fn deliver_due(app: &App) -> Result<Delivered> {
    let mut done = Delivered::default();
    let Some(mail) = app.config.mail.clone() else {
        return Ok(done);
    };
    // One claim at a time, just before its attempt: a batch claimed at once would age while
    // earlier messages wait on a slow server, and another process could take its rest over.
    for _ in 0..BATCH {
        let now = app.now();
        let Some(row) = outbox::claim_due(&app.db, now, now - CLAIM_LEASE, 1)
            .await?
            .pop()
        else {
            break;
        };
        let result = mail.send(&row).await;
        let at = app.now();
        let mut tx = app.db.begin().await?;
        match result {
            Ok(()) => {
                if outbox::mark_sent(&mut tx, row.id, at).await? {
                    let e = system_audit("mail.sent")
                        .entity("outbox", row.id)
                        .detail(format!("{} to {}", row.kind, row.recipient));
                    liaison_store::audit::record(&mut tx, at, &e).await?;
                    done.sent += 1;
                }
            }
            Err(error) => {
                tracing::warn!(outbox = row.id, attempt = row.attempts, %error, "sending a message failed");
                let last = row.attempts >= MAX_ATTEMPTS;
                let next = (!last).then(|| at + back_off(row.attempts));
                if outbox::mark_unsent(&mut tx, row.id, &error, next).await? {
                    if last {
                        let e = system_audit("mail.failed")
                            .entity("outbox", row.id)
                            .detail(format!("{} to {}: {error}", row.kind, row.recipient))
                            .failed();
                        liaison_store::audit::record(&mut tx, at, &e).await?;
                        done.failed += 1;
                    } else {
                        done.deferred += 1;
                    }
                }
            }
        }
        tx.commit().await?;
    }
    Ok(done)
}

/// Plan and send every `every` until dropped (started by the housekeeping when mail is on).
pub fn start(app: std::sync::Arc<App>, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = super::plan_due(&app).await {
                tracing::warn!(error = %e, "planning notifications failed");
            }
            match deliver_due(&app).await {
                Ok(d) if d == Delivered::default() => {}
                Ok(d) => tracing::info!(
                    sent = d.sent,
                    deferred = d.deferred,
                    failed = d.failed,
                    "mail delivered"
                ),
                Err(e) => tracing::warn!(error = %e, "delivering mail failed"),
            }
        }
    })
}
