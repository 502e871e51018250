//! Rule 8 (docs/comparisons.md): a minimum period for answers seen from outside an FLS. A day
//! or a week isolates single patients whatever the rounding, so shorter periods are refused,
//! not widened: a widened answer would show figures for dates the user did not ask for.

use crate::error::FieldError;
use crate::kpi::KpiPeriod;

/// The shortest period (in days, both ends counted) an answer for a viewer outside an FLS may
/// cover: one quarter, as a run chart's points (Q1 of a common year has 90 days).
pub const MIN_PERIOD_DAYS_OUTSIDE: i64 = 90;

/// The number of days of a period, both ends counted.
pub fn period_days(p: &KpiPeriod) -> i64 {
    (p.to - p.from).whole_days() + 1
}

/// Rule 8: `Ok` when the period is long enough to be shown outside an FLS, else the error on
/// the field `period` naming the value (`from..to`), the days it has and the minimum.
pub fn check_period_outside(p: &KpiPeriod) -> Result<(), FieldError> {
    let days = period_days(p);
    if days >= MIN_PERIOD_DAYS_OUTSIDE {
        return Ok(());
    }
    Err(FieldError::new(
        "period",
        format!("{}..{}", p.from, p.to),
        "period_too_short",
    )
    .arg("days", days)
    .arg("min", MIN_PERIOD_DAYS_OUTSIDE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn p(from: time::Date, to: time::Date) -> KpiPeriod {
        KpiPeriod {
            from,
            to,
            as_of: date!(2026 - 11 - 26),
        }
    }

    #[test]
    fn a_quarter_passes_and_a_day_is_refused_naming_the_rule() {
        // Q1 of a common year has exactly 90 days.
        assert_eq!(
            period_days(&p(date!(2025 - 01 - 01), date!(2025 - 03 - 31))),
            90
        );
        assert!(check_period_outside(&p(date!(2025 - 01 - 01), date!(2025 - 03 - 31))).is_ok());
        let e = check_period_outside(&p(date!(2025 - 01 - 01), date!(2025 - 03 - 30))).unwrap_err();
        assert_eq!((e.field.as_str(), e.rule), ("period", "period_too_short"));
        assert_eq!(e.value, "2025-01-01..2025-03-30");
        let e = check_period_outside(&p(date!(2025 - 03 - 01), date!(2025 - 03 - 01))).unwrap_err();
        assert!(e.args.contains(&("days", "1".into())) && e.args.contains(&("min", "90".into())));
    }
}
