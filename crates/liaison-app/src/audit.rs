//! The audit trail as the edges use it: a row on its own (a read, an export, a refusal) and
//! the search of the audit pages. Writes record their rows inside their own transactions.

use crate::{Actor, App, Result};
use liaison_domain::access::FlsSet;
pub use liaison_store::audit::{AuditRow, DENIED, Entry, FAILED, Filter, OK};

/// Record one audit row in a transaction of its own.
pub async fn record(app: &App, e: &Entry) -> Result<()> {
    Ok(liaison_store::audit::record_now(&app.db, app.now(), e).await?)
}

/// Record a refused authorisation; `what` says what was asked for (e.g. "import /import").
pub async fn deny(app: &App, actor: &Actor, what: impl Into<String>) -> Result<()> {
    record(
        app,
        &actor.audit("authorisation_denied").denied().detail(what),
    )
    .await
}

/// The rows `scope` may see that match `f`, newest first.
pub async fn search(
    app: &App,
    scope: &FlsSet,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuditRow>> {
    Ok(liaison_store::audit::search(&app.db, scope, f, limit, offset).await?)
}
