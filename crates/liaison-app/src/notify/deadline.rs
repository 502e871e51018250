//! Facilities-round deadline reminders: the leads of every FLS whose return of an open round
//! is not submitted hear of the deadline 14 days and 3 days before it, once each (the
//! message's key names the round, the FLS, the lead and the threshold). The reminders are on
//! unless the lead turned them off; they go out at the lead's digest hour, or 7:00 in the
//! FLS's time zone for a lead who never chose one.

use super::{Content, Planned, Planner, local_time, token};
use crate::Result;
use crate::episodes::today_in;
use liaison_domain::access::FlsSet;
use liaison_store::outbox::{self, DeadlineLead, Subscriber};
use time::{Date, OffsetDateTime};

/// Days before the deadline a reminder goes out, largest first.
pub const THRESHOLDS: [i64; 2] = [14, 3];

/// The hour of a lead's day a reminder goes out when they chose none.
const DEFAULT_HOUR: i64 = 7;

/// The threshold whose reminder is due with `days_left` days to the deadline: the smallest one
/// not below it. A round opened 10 days before its deadline gets its 14-day reminder at once,
/// then its 3-day one; the deadline day itself is the last day of the 3-day reminder.
pub fn threshold(days_left: i64) -> Option<i64> {
    if days_left < 0 {
        return None;
    }
    THRESHOLDS.iter().rev().copied().find(|t| days_left <= *t)
}

pub(super) async fn due(p: &Planner<'_>, now: OffsetDateTime) -> Result<Vec<Planned>> {
    let mut out = Vec::new();
    for round in liaison_store::facilities::rounds(&p.app.db).await? {
        // The notifier acts for the whole network: every FLS's leads.
        for lead in outbox::deadline_leads(&p.app.db, &FlsSet::All, round.id).await? {
            if !in_hour(&lead, now) {
                continue;
            }
            let today = today_in(now, &lead.fls_time_zone);
            let days_left = (round.deadline - today).whole_days();
            let Some(t) = threshold(days_left) else {
                continue;
            };
            let key = format!(
                "facilities:{}:{}:{}:{t}",
                round.id, lead.fls_id, lead.user_id
            );
            if outbox::exists(&p.app.db, &key).await? {
                continue;
            }
            out.push(message(
                p,
                &lead,
                round.year,
                round.deadline,
                days_left,
                key,
            ));
        }
    }
    Ok(out)
}

/// Is it the lead's hour (or within the late hours after it) in their zone?
fn in_hour(lead: &DeadlineLead, now: OffsetDateTime) -> bool {
    let zone = lead.time_zone.as_deref().unwrap_or(&lead.fls_time_zone);
    let hour = lead.hour.unwrap_or(DEFAULT_HOUR);
    local_time(now, zone).is_some_and(|l| {
        let h = i64::from(l.hour());
        h >= hour && h < hour + i64::from(super::LATE_HOURS)
    })
}

fn message(
    p: &Planner<'_>,
    lead: &DeadlineLead,
    year: i64,
    deadline: Date,
    days_left: i64,
    key: String,
) -> Planned {
    let s = Subscriber {
        user_id: lead.user_id,
        email: lead.email.clone(),
        language: lead.language.clone(),
        hour: lead.hour.unwrap_or(DEFAULT_HOUR),
        time_zone: lead.fls_time_zone.clone(),
        kpi_alerts: false,
    };
    let c = Content::FacilitiesDeadline {
        fls_code: lead.fls_code.clone(),
        fls_name: lead.fls_name.clone(),
        year,
        deadline,
        days_left,
    };
    p.message(&s, &token::Stop::FacilitiesDeadline(lead.user_id), &c, key)
}

#[cfg(test)]
mod tests {
    use super::threshold;

    #[test]
    fn each_reminder_has_its_window_and_none_after_the_deadline() {
        assert_eq!(threshold(30), None);
        assert_eq!(threshold(15), None);
        assert_eq!(threshold(14), Some(14));
        assert_eq!(threshold(4), Some(14));
        assert_eq!(threshold(3), Some(3));
        assert_eq!(threshold(0), Some(3));
        assert_eq!(threshold(-1), None);
    }
}
