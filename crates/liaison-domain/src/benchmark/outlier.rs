//! Outliers (issue 19): a service whose proportion lies outside its funnel's control limits,
//! with the limit it crossed and which way it points. The same test as a funnel point's signal
//! (`limits.rs`) and its direction (`direction.rs`), named for the outlier report.

use super::{Direction, Signal, control_limits, direction};
use crate::kpi::KpiId;
use serde::Serialize;

/// The widest control limit a value lies outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Limit {
    /// Outside the 95 % limits (an alert), inside the 99.8 % ones.
    #[serde(rename = "95")]
    P95,
    /// Outside the 99.8 % limits (an alarm).
    #[serde(rename = "99.8")]
    P998,
}

impl Limit {
    /// `95` or `99.8`, as the answers and files write it.
    pub fn code(self) -> &'static str {
        match self {
            Limit::P95 => "95",
            Limit::P998 => "99.8",
        }
    }

    /// The limit an alert or alarm crossed; none for a value inside.
    pub fn of(signal: Signal) -> Option<Limit> {
        match signal {
            Signal::Inside => None,
            Signal::Alert => Some(Limit::P95),
            Signal::Alarm => Some(Limit::P998),
        }
    }
}

/// A service outside its limits: the limit crossed, the side of the pooled value and whether
/// that is favourable for this KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Outlier {
    pub limit: Limit,
    pub direction: Direction,
}

/// Is `numerator / denominator` of KPI `id` outside the funnel of the pooled value `p0`?
/// None inside the limits (a point on a limit is inside), without a denominator, or for a
/// pooled value that is not a number.
pub fn outlier(id: KpiId, p0: f64, numerator: u64, denominator: u64) -> Option<Outlier> {
    if denominator == 0 || !p0.is_finite() {
        return None;
    }
    let value = numerator as f64 / denominator as f64;
    let signal = control_limits(p0, denominator).classify(value);
    let limit = Limit::of(signal)?;
    let direction = direction(id, signal, value, p0)?;
    Some(Outlier { limit, direction })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::benchmark::{Reading, Side};

    /// docs/comparisons.md's reference limits for p₀ = 0.6, n = 50: 0.3713, 0.4517, 0.7241,
    /// 0.7966. 40/50 = 0.80 is above 0.7966, 37/50 = 0.74 between 0.7241 and 0.7966, 23/50 =
    /// 0.46 inside, 22/50 = 0.44 below 0.4517, 18/50 = 0.36 below 0.3713.
    #[test]
    fn each_side_and_limit_of_the_reference_funnel() {
        let id = KpiId::Kpi3Assessment12w;
        let at =
            |n| outlier(id, 0.6, n, 50).map(|o| (o.limit, o.direction.side, o.direction.reading));
        assert_eq!(
            at(40),
            Some((Limit::P998, Side::Above, Reading::BetterThanExpected))
        );
        assert_eq!(
            at(37),
            Some((Limit::P95, Side::Above, Reading::BetterThanExpected))
        );
        assert_eq!(at(30), None);
        assert_eq!(at(23), None);
        assert_eq!(
            at(22),
            Some((Limit::P95, Side::Below, Reading::NeedsAttention))
        );
        assert_eq!(
            at(18),
            Some((Limit::P998, Side::Below, Reading::NeedsAttention))
        );
    }

    #[test]
    fn no_denominator_or_no_pooled_value_is_no_outlier() {
        let id = KpiId::Kpi4Dxa12w;
        assert_eq!(outlier(id, 0.6, 0, 0), None);
        assert_eq!(outlier(id, f64::NAN, 5, 10), None);
        // p₀ = 1: every limit is 1, so 10/10 is on them, inside.
        assert_eq!(outlier(id, 1.0, 10, 10), None);
        assert_eq!(Limit::P998.code(), "99.8");
        assert_eq!(serde_json::to_value(Limit::P95).unwrap(), "95");
    }
}
