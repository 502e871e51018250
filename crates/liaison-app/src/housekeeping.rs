//! Work a serving process does beside its requests: read every FLS's KPI rows into memory once
//! at start, then every ten minutes end idle sessions, forget old uploads and purge episodes
//! deleted before the restore period (`episodes::purge_deleted`), and every few
//! seconds write the audit rows that wait (`audit::flush`); with mail on, plan and send
//! notifications (`notify::deliver::start`). The tasks stop
//! when the [`Housekeeping`] that owns them is dropped (at shutdown).

use crate::app::App;
use std::sync::Arc;
use tokio::task::JoinHandle;

pub struct Housekeeping {
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Housekeeping {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// How often sessions are purged, old uploads forgotten and old deletions purged.
const EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// How often audit rows kept while the database was busy, and the counts of failed
/// authentications of the minutes that are over, are written.
const AUDIT_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

pub fn start(app: Arc<App>) -> Housekeeping {
    let warm = app.clone();
    let warm_up = tokio::spawn(async move {
        let started = std::time::Instant::now();
        match crate::kpi::warm_up(&warm).await {
            Ok(n) => tracing::info!(
                episodes = n,
                seconds = started.elapsed().as_secs_f64(),
                "KPI rows in memory"
            ),
            Err(e) => tracing::warn!(error = %e, "reading the KPI rows failed"),
        }
    });
    let audit_app = app.clone();
    let mail_app = app.clone();
    let purge = tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        loop {
            every.tick().await;
            let now = app.now();
            if let Err(e) = liaison_store::sessions::purge(
                &app.db,
                now - app.config.idle_timeout,
                now - app.config.absolute_timeout,
            )
            .await
            {
                tracing::warn!(error = %e, "purging ended sessions failed");
            }
            if let Err(e) = crate::import::expire_uploads(&app).await {
                tracing::warn!(error = %e, "expiring old uploads failed");
            }
            match crate::episodes::purge_deleted(&app).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    episodes = n,
                    "deleted episodes past the restore period purged"
                ),
                Err(e) => tracing::warn!(error = %e, "purging deleted episodes failed"),
            }
        }
    });
    let audit = tokio::spawn(async move {
        let mut every = tokio::time::interval(AUDIT_EVERY);
        loop {
            every.tick().await;
            if let Err(e) = crate::audit::flush(&audit_app).await {
                tracing::warn!(error = %e, "writing kept audit rows failed; they are kept");
            }
        }
    });
    let mut tasks = vec![warm_up, purge, audit];
    if mail_app.config.mail.is_some() {
        let every = mail_app.config.notify_every;
        tasks.push(crate::notify::deliver::start(mail_app, every));
    }
    Housekeeping { tasks }
}
