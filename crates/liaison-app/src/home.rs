//! What a signed-in user's home starts with (issue 12): for each FLS whose patients they work
//! with, today's due and overdue count of every worklist, today being the FLS's own date.

use super::{Actor, Result};
use crate::app::App;
use crate::episodes::{Worklist, today_in};
use liaison_store::episodes;
use liaison_store::orgs::{self, FlsRow};

/// One worklist's counts for today.
#[derive(Debug, Clone)]
pub struct WorklistToday {
    pub list: Worklist,
    pub due: i64,
    pub overdue: i64,
}

/// One FLS's worklists for today.
#[derive(Debug, Clone)]
pub struct FlsToday {
    pub fls: FlsRow,
    pub lists: Vec<WorklistToday>,
}

/// Today's worklist counts of the FLSs `fls_ids` whose patients the actor may read; others
/// are left out, as if they did not exist.
pub async fn worklists_today(app: &App, actor: &Actor, fls_ids: &[i64]) -> Result<Vec<FlsToday>> {
    let scope = &actor.access.read_patients;
    let mut out = Vec::new();
    for id in fls_ids {
        let Some(fls) = orgs::fls_by_id(&app.db, scope, *id).await? else {
            continue;
        };
        let today = today_in(app.now(), &fls.time_zone);
        let lists = episodes::worklist_due_counts(&app.db, scope, fls.id, today)
            .await?
            .into_iter()
            .map(|(list, due, overdue)| WorklistToday { list, due, overdue })
            .collect();
        out.push(FlsToday { fls, lists });
    }
    Ok(out)
}
