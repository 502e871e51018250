//! The one reading of a KPI period from what a person or a program sends: the pages' form (a
//! year, quarter or month around a reference day, or two dates), the API's and the CLI's
//! `from`/`to`/`as_of`. Every invalid field is reported; today is passed in.

use super::KpiPeriod;
use crate::benchmark::Quarter;
use crate::dataset::{DateOrder, parse_date};
use crate::error::{FieldError, Invalid};
use time::{Date, Month};

/// How the period is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PeriodKind {
    /// The calendar year of the reference day (the pages' default). Without a reference day,
    /// the last full calendar year before the as-of day: in the current year hardly any
    /// 52-week window has closed, so a first view would show kpi8 empty (issue 12).
    #[default]
    Year,
    Quarter,
    Month,
    /// `from` and `to`, both required.
    Dates,
}

impl PeriodKind {
    /// The form's spelling; anything else is the default, a year.
    pub fn parse(s: &str) -> PeriodKind {
        match s {
            "quarter" => PeriodKind::Quarter,
            "month" => PeriodKind::Month,
            "custom" => PeriodKind::Dates,
            _ => PeriodKind::Year,
        }
    }
}

/// A period as asked: texts, as typed or sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct PeriodAsk<'a> {
    pub kind: PeriodKind,
    /// A day inside the year, quarter or month (default: the as-of day).
    pub reference: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    /// The day the figures are for (default: today).
    pub as_of: &'a str,
}

impl<'a> PeriodAsk<'a> {
    /// Two dates and an optional as-of day, as the API and the CLI take them.
    pub fn dates(from: &'a str, to: &'a str, as_of: &'a str) -> Self {
        PeriodAsk {
            kind: PeriodKind::Dates,
            from,
            to,
            as_of,
            ..Default::default()
        }
    }

    pub fn resolve(&self, today: Date) -> Result<KpiPeriod, Invalid> {
        let mut inv = Invalid::default();
        let mut optional = |field: &str, s: &str| {
            parse_date(field, s, DateOrder::Ymd).unwrap_or_else(|e| {
                inv.push(e);
                None
            })
        };
        let as_of = optional("as_of", self.as_of).unwrap_or(today);
        let reference = optional("ref", self.reference).unwrap_or(match self.kind {
            PeriodKind::Year => {
                Date::from_calendar_date(as_of.year() - 1, Month::July, 1).unwrap_or(as_of)
            }
            _ => as_of,
        });
        let (from, to) = match self.kind {
            PeriodKind::Year => (
                Date::from_calendar_date(reference.year(), Month::January, 1).unwrap_or(reference),
                Date::from_calendar_date(reference.year(), Month::December, 31)
                    .unwrap_or(reference),
            ),
            PeriodKind::Quarter => {
                let q = Quarter::of(reference);
                (q.first_day(), q.last_day())
            }
            PeriodKind::Month => (
                reference.replace_day(1).unwrap_or(reference),
                reference
                    .replace_day(reference.month().length(reference.year()))
                    .unwrap_or(reference),
            ),
            PeriodKind::Dates => {
                let mut required = |field: &str, s: &str| match parse_date(field, s, DateOrder::Ymd)
                {
                    Ok(Some(d)) => Some(d),
                    Ok(None) => {
                        inv.push(FieldError::new(field, s, "required"));
                        None
                    }
                    Err(e) => {
                        inv.push(e);
                        None
                    }
                };
                let f = required("from", self.from);
                let t = required("to", self.to);
                match (f, t) {
                    (Some(f), Some(t)) if f <= t => (f, t),
                    (Some(_), Some(_)) => {
                        inv.push(FieldError::new("to", self.to, "kpi_period_reversed"));
                        (as_of, as_of)
                    }
                    _ => (as_of, as_of),
                }
            }
        };
        if inv.is_empty() {
            Ok(KpiPeriod { from, to, as_of })
        } else {
            Err(inv)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 05 - 17);

    fn rules(r: Result<KpiPeriod, Invalid>) -> Vec<(String, &'static str)> {
        r.unwrap_err()
            .0
            .into_iter()
            .map(|e| (e.field, e.rule))
            .collect()
    }

    #[test]
    fn named_periods_surround_the_reference_day() {
        let ask = |kind, reference| {
            PeriodAsk {
                kind,
                reference,
                ..Default::default()
            }
            .resolve(TODAY)
            .unwrap()
        };
        let y = ask(PeriodKind::Year, "2026-02-03");
        assert_eq!(
            (y.from, y.to, y.as_of),
            (date!(2026 - 01 - 01), date!(2026 - 12 - 31), TODAY)
        );
        // No reference day: the last full year, whose 52-week windows have mostly closed.
        let y = ask(PeriodKind::Year, "");
        assert_eq!(
            (y.from, y.to),
            (date!(2025 - 01 - 01), date!(2025 - 12 - 31))
        );
        let q = ask(PeriodKind::Quarter, "2024-08-09");
        assert_eq!(
            (q.from, q.to),
            (date!(2024 - 07 - 01), date!(2024 - 09 - 30))
        );
        let m = ask(PeriodKind::Month, "2024-02-09");
        assert_eq!(
            (m.from, m.to),
            (date!(2024 - 02 - 01), date!(2024 - 02 - 29))
        );
        assert_eq!(PeriodKind::parse("nonsense"), PeriodKind::Year);
    }

    #[test]
    fn dates_are_required_ordered_and_each_fault_is_named() {
        let p = PeriodAsk::dates("2025-01-01", "2025-12-31", "")
            .resolve(TODAY)
            .unwrap();
        assert_eq!(
            (p.from, p.to, p.as_of),
            (date!(2025 - 01 - 01), date!(2025 - 12 - 31), TODAY)
        );
        assert_eq!(
            rules(PeriodAsk::dates("", "2025-13-01", "x").resolve(TODAY)),
            [
                ("as_of".into(), "date_format"),
                ("from".into(), "required"),
                ("to".into(), "date_invalid"),
            ]
        );
        assert_eq!(
            rules(PeriodAsk::dates("2025-02-01", "2025-01-01", "").resolve(TODAY)),
            [("to".into(), "kpi_period_reversed")]
        );
    }
}
