//! Run charts: calendar quarters, the groups of a run chart by fracture date.

use std::fmt;

use serde::{Serialize, Serializer};
use time::{Date, Month};

/// A calendar quarter; run charts group by the quarter of the fracture date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quarter {
    pub year: i32,
    /// 1–4.
    pub quarter: u8,
}

impl Quarter {
    pub fn of(d: Date) -> Self {
        Quarter {
            year: d.year(),
            quarter: (u8::from(d.month()) - 1) / 3 + 1,
        }
    }

    fn first_month(self) -> Month {
        Month::try_from((self.quarter.clamp(1, 4) - 1) * 3 + 1).unwrap_or(Month::January)
    }

    /// The first day: with [`Quarter::last_day`], the period to compute the KPIs for.
    pub fn first_day(self) -> Date {
        Date::from_calendar_date(self.year, self.first_month(), 1).unwrap_or(Date::MIN)
    }

    pub fn last_day(self) -> Date {
        let m = self.first_month().next().next();
        Date::from_calendar_date(self.year, m, m.length(self.year)).unwrap_or(Date::MAX)
    }

    pub fn next(self) -> Self {
        if self.quarter >= 4 {
            Quarter {
                year: self.year + 1,
                quarter: 1,
            }
        } else {
            Quarter {
                year: self.year,
                quarter: self.quarter + 1,
            }
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.quarter)
    }
}

impl Serialize for Quarter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The quarter of a date as a label, e.g. `2026-Q1`.
pub fn quarter(d: Date) -> String {
    Quarter::of(d).to_string()
}
