//! KPI alerts: a user's own service outside the 95 % or 99.8 % funnel limit of a KPI for the
//! latest complete quarter, as the outlier report finds it (`kpi::outliers`, against the
//! world's pooled value). Once per quarter per KPI and service: the message's key says so.

use super::{Content, Planner};
use crate::kpi::{Scope, Viewer, outliers};
use crate::{Actor, Result};
use liaison_domain::benchmark::{Quarter, Reading};
use liaison_domain::kpi::KpiPeriod;
use liaison_store::outbox::Subscriber;
use time::Date;

/// The quarter before the one `today` is in.
pub fn last_complete_quarter(today: Date) -> (Date, Date) {
    let this = Quarter::of(today).first_day();
    let q = Quarter::of(this.previous_day().unwrap_or(this));
    (q.first_day(), q.last_day())
}

/// The alerts due for one subscriber whose hour it is, on `today` in their zone.
pub(super) async fn due(
    p: &Planner<'_>,
    s: &Subscriber,
    actor: &Actor,
    today: Date,
) -> Result<Vec<(Content, String)>> {
    let viewer = Viewer::of(p.app, actor).await?;
    let own: Vec<i64> = match &viewer.exact {
        liaison_domain::access::FlsSet::Only(ids) => ids.iter().copied().collect(),
        // Administrators and reviewers hold no service of their own to be alerted about.
        liaison_domain::access::FlsSet::All => Vec::new(),
    };
    let (from, to) = last_complete_quarter(today);
    let period = KpiPeriod {
        from,
        to,
        as_of: today,
    };
    let mut out = Vec::new();
    for fls_id in own {
        let Some(fls) =
            liaison_store::orgs::fls_by_id(&p.app.db, &viewer.aggregates, fls_id).await?
        else {
            continue;
        };
        let Some(report) = outliers(p.app, &viewer, &Scope::Fls(fls.code.clone()), period).await?
        else {
            continue;
        };
        for k in report.kpis {
            for row in k.rows.iter().filter(|r| r.own && r.code == fls.code) {
                let key = format!("kpi:{}:{fls_id}:{}:{from}", s.user_id, k.id.id());
                if liaison_store::outbox::exists(&p.app.db, &key).await? {
                    continue;
                }
                out.push((
                    Content::KpiAlert {
                        fls_code: fls.code.clone(),
                        fls_name: fls.name.clone(),
                        kpi: k.id,
                        limit: row.outlier.limit,
                        needs_attention: row.outlier.direction.reading == Reading::NeedsAttention,
                        value: row.value,
                        pooled: k.pooled,
                        from,
                        to,
                    },
                    key,
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_last_complete_quarter_is_the_one_before_today() {
        assert_eq!(
            last_complete_quarter(date!(2026 - 11 - 26)),
            (date!(2026 - 07 - 01), date!(2026 - 09 - 30))
        );
        assert_eq!(
            last_complete_quarter(date!(2026 - 01 - 01)),
            (date!(2025 - 10 - 01), date!(2025 - 12 - 31))
        );
    }
}
