//! Imports running in this process: a step of a staged import done now, or in a background
//! task for a large file, with its progress kept by the [`App`] that runs it (so two apps in
//! one process, as in the tests, never see each other's work) and copied to the `imports`
//! table now and then for other processes.

use super::{Outcome, Progress, Tick, analyse, apply};
use crate::app::App;
use crate::{Actor, Result};
use liaison_store::imports::{self, ImportRow};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Uploads larger than this run in the background (about 2,500 rows of CSV).
pub const BACKGROUND_BYTES: usize = 256 * 1024;

/// Progress (per mille) of the imports this app is running, by import id.
#[derive(Debug, Default)]
pub struct Jobs {
    live: Mutex<HashMap<i64, i64>>,
}

impl Jobs {
    /// The progress of an import running here (None: not running in this process).
    pub fn progress(&self, id: i64) -> Option<i64> {
        self.live.lock().ok().and_then(|m| m.get(&id).copied())
    }

    fn set(&self, id: i64, permille: i64) {
        if let Ok(mut m) = self.live.lock() {
            m.insert(id, permille);
        }
    }

    fn end(&self, id: i64) {
        if let Ok(mut m) = self.live.lock() {
            m.remove(&id);
        }
    }
}

#[derive(Debug, Clone)]
pub enum Step {
    Analyse,
    /// `ticks`: the refracture offers of the preview the user ticked.
    Apply {
        valid_only: bool,
        ticks: Vec<Tick>,
    },
}

/// Do a step of a staged import now (Some outcome), or in the background for a file of more
/// than [`BACKGROUND_BYTES`] (None; the import's status page follows it).
pub async fn start(
    app: &Arc<App>,
    actor: &Actor,
    row: ImportRow,
    step: Step,
    size: usize,
) -> Result<Option<Outcome>> {
    if size > BACKGROUND_BYTES {
        let (app, actor) = (app.clone(), actor.clone());
        tokio::spawn(async move {
            if let Err(e) = work(&app, &actor, &row, step).await {
                tracing::error!(import = row.id, error = %e, "import failed");
            }
        });
        Ok(None)
    } else {
        work(app, actor, &row, step).await.map(Some)
    }
}

async fn work(app: &Arc<App>, actor: &Actor, row: &ImportRow, step: Step) -> Result<Outcome> {
    let id = row.id;
    app.jobs.set(id, 0);
    let jobs_app = app.clone();
    let progress = move |d: u64, t: u64| {
        if let Some(permille) = d.saturating_mul(1000).checked_div(t) {
            jobs_app.jobs.set(id, permille.min(1000) as i64);
        }
    };
    // Copy the progress to the table now and then (best effort: on SQLite the import's own
    // transaction may hold the write lock until it ends).
    let db_app = app.clone();
    let ticker = tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            every.tick().await;
            let Some(p) = db_app.jobs.progress(id) else {
                break;
            };
            let _ = imports::progress(&db_app.db, id, p).await;
        }
    });
    let progress: Progress<'_> = &progress;
    let r = match step {
        Step::Analyse => analyse(app, actor, row, progress).await,
        Step::Apply { valid_only, ticks } => {
            apply(app, actor, row, valid_only, &ticks, progress).await
        }
    };
    app.jobs.end(id);
    ticker.abort();
    r
}

/// On start: imports a stopped server left running are marked failed (their transaction
/// never committed, so the database is as it was).
pub async fn recover(app: &App) -> Result<u64> {
    Ok(imports::fail_unfinished(&app.db, app.now()).await?)
}
