//! Which way a signal points (issue 12): a service outside its funnel's limits is above or
//! below the pooled value, and whether that is good news depends on the KPI (`KpiId::better`).
//! An alert is then either "doing better than expected" or "needs attention", never both
//! under one word.

use super::Signal;
use crate::kpi::{Better, KpiId};
use serde::Serialize;

/// The side of the pooled value a service's value is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Above,
    Below,
}

/// What a signal means for the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// Outside the limits on the better side.
    BetterThanExpected,
    /// Outside the limits on the worse side.
    NeedsAttention,
}

/// A signal with its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Direction {
    pub signal: Signal,
    pub side: Side,
    pub reading: Reading,
}

impl Side {
    pub fn code(self) -> &'static str {
        match self {
            Side::Above => "above",
            Side::Below => "below",
        }
    }
}

impl Reading {
    pub fn code(self) -> &'static str {
        match self {
            Reading::BetterThanExpected => "better",
            Reading::NeedsAttention => "attention",
        }
    }
}

/// The direction of `signal` for a value of KPI `id` against the pooled value `p0`; None when
/// the value is inside the limits (nothing to say) or sits on `p0`.
pub fn direction(id: KpiId, signal: Signal, value: f64, p0: f64) -> Option<Direction> {
    if signal == Signal::Inside || value == p0 {
        return None;
    }
    let side = if value > p0 { Side::Above } else { Side::Below };
    let good = matches!(
        (side, id.better()),
        (Side::Above, Better::Higher) | (Side::Below, Better::Lower)
    );
    Some(Direction {
        signal,
        side,
        reading: if good {
            Reading::BetterThanExpected
        } else {
            Reading::NeedsAttention
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn above_is_better_for_every_kpi_of_set_1() {
        let id = KpiId::Kpi3Assessment12w;
        let up = direction(id, Signal::Alert, 0.9, 0.6).unwrap();
        assert_eq!(
            (up.side, up.reading),
            (Side::Above, Reading::BetterThanExpected)
        );
        let down = direction(id, Signal::Alarm, 0.2, 0.6).unwrap();
        assert_eq!(
            (down.side, down.reading),
            (Side::Below, Reading::NeedsAttention)
        );
        assert_eq!(direction(id, Signal::Inside, 0.2, 0.6), None);
        assert!(KpiId::ALL.iter().all(|k| k.better() == Better::Higher));
    }
}
