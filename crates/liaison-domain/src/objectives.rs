//! The Partnership's objectives (issue 18, docs/objectives.md): how many FLSs were open each
//! year against "double the baseline", the post-fracture care gap each year, and hip and spine
//! fractures registered each year against "25 % fewer". Pure: the store supplies the FLSs'
//! dates and the counts, the caller supplies today.

use crate::error::{FieldError, Invalid};
use crate::numerals::to_ascii;
use crate::org::{CountryCode, Region};
use time::{Date, Month};

/// The baseline year when an administrator has set none: the Partnership's aims are stated
/// against 2020.
pub const DEFAULT_BASELINE_YEAR: i32 = 2020;
/// Years an administrator may name (baseline, population figures).
pub const YEAR_MIN: i32 = 1990;
pub const YEAR_MAX: i32 = 2100;
/// The first year the dashboard draws when no FLS started earlier.
pub const FIRST_YEAR: i32 = 2018;

/// A year an administrator typed: a whole number from 1990 to 2100 (a negative or far-off
/// "baseline" is refused with the same rule, naming the bounds).
pub fn parse_year(field: &str, s: &str) -> Result<i32, FieldError> {
    let t = to_ascii(s.trim());
    let between = || {
        FieldError::new(field, s, "integer_between")
            .arg("min", YEAR_MIN)
            .arg("max", YEAR_MAX)
    };
    if t.is_empty() {
        return Err(FieldError::new(field, s, "required"));
    }
    let y: i64 = t.parse().map_err(|_| {
        if t.trim_start_matches(['-', '+'])
            .chars()
            .all(|c| c.is_ascii_digit())
        {
            between()
        } else {
            FieldError::new(field, s, "integer")
        }
    })?;
    if !(i64::from(YEAR_MIN)..=i64::from(YEAR_MAX)).contains(&y) {
        return Err(between());
    }
    Ok(y as i32)
}

/// Where a population figure applies: the world, a region or a country.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    World,
    Region(Region),
    Country(String),
}

impl Area {
    /// `world`, a region's code (`europe`) or a country's ISO code (`GB`, any case).
    pub fn parse(field: &str, s: &str) -> Result<Area, FieldError> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("world") {
            return Ok(Area::World);
        }
        if let Some(r) = Region::parse(&t.to_ascii_lowercase()) {
            return Ok(Area::Region(r));
        }
        CountryCode::parse(field, t).map(|c| Area::Country(c.as_str().to_string()))
    }

    pub fn code(&self) -> String {
        match self {
            Area::World => "world".into(),
            Area::Region(r) => r.code().into(),
            Area::Country(c) => c.clone(),
        }
    }
}

/// A population figure an administrator enters, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Population {
    pub area: Area,
    pub year: i32,
    /// People of 50 and over (the FLS population).
    pub people_50_plus: i64,
    /// Hip fractures in the population that year, when the source gives them.
    pub hip_fractures: Option<i64>,
    /// The cited source: a figure without one is refused.
    pub source: String,
}

/// The form's text, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PopulationInput {
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub people_50_plus: String,
    #[serde(default)]
    pub hip_fractures: String,
    #[serde(default)]
    pub source: String,
}

fn count(field: &str, s: &str, required: bool) -> Result<Option<i64>, FieldError> {
    let t = to_ascii(s.trim());
    if t.is_empty() {
        return if required {
            Err(FieldError::new(field, s, "required"))
        } else {
            Ok(None)
        };
    }
    match t.parse::<i64>() {
        Ok(n) if (0..=20_000_000_000).contains(&n) => Ok(Some(n)),
        _ => Err(FieldError::new(field, s, "integer_between")
            .arg("min", 0)
            .arg("max", 20_000_000_000i64)),
    }
}

impl Population {
    /// Every field checked; all failures reported together.
    pub fn parse(i: &PopulationInput) -> Result<Population, Invalid> {
        let mut errs = Vec::new();
        let area = Area::parse("area", &i.area).map_err(|e| errs.push(e)).ok();
        let year = parse_year("year", &i.year).map_err(|e| errs.push(e)).ok();
        let people = count("people_50_plus", &i.people_50_plus, true)
            .map_err(|e| errs.push(e))
            .ok()
            .flatten();
        let hip = count("hip_fractures", &i.hip_fractures, false)
            .map_err(|e| errs.push(e))
            .ok()
            .flatten();
        let source = crate::org::text("source", &i.source, true, 500)
            .map_err(|e| errs.push(e))
            .ok();
        match (area, year, people, source) {
            (Some(area), Some(year), Some(people_50_plus), Some(source)) if errs.is_empty() => {
                Ok(Population {
                    area,
                    year,
                    people_50_plus,
                    hip_fractures: hip,
                    source,
                })
            }
            _ => Err(Invalid(errs)),
        }
    }
}

/// An FLS's dates as the objectives count it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlsSpan {
    pub id: i64,
    pub country: String,
    pub region: String,
    /// The profile's start date, or the day it was registered when the profile gives none.
    pub start: Date,
    pub closed: Option<Date>,
}

impl FlsSpan {
    /// Open on `day`: started on or before it and not closed on or before it.
    pub fn open_on(&self, day: Date) -> bool {
        self.start <= day && self.closed.is_none_or(|c| c > day)
    }
}

/// The day a year is counted on: its last day, or today for the year under way (an FLS
/// planned to open in December is not yet active in June).
pub fn count_day(year: i32, today: Date) -> Date {
    let end = Date::from_calendar_date(year, Month::December, 31).unwrap_or(today);
    end.min(today)
}

/// The years the dashboard draws: from the earliest start (not before 1990, and 2018 at the
/// latest, so the baseline is in sight) to this year.
pub fn years(spans: &[FlsSpan], baseline: i32, today: Date) -> Vec<i32> {
    let first = spans
        .iter()
        .map(|s| s.start.year())
        .min()
        .unwrap_or(FIRST_YEAR)
        .clamp(YEAR_MIN, FIRST_YEAR)
        .min(baseline);
    (first..=today.year().max(first)).collect()
}

/// The FLSs open at the end of each year (or today), among those `keep` selects.
pub fn active_by_year(
    spans: &[FlsSpan],
    years: &[i32],
    today: Date,
    keep: impl Fn(&FlsSpan) -> bool,
) -> Vec<usize> {
    years
        .iter()
        .map(|&y| {
            let day = count_day(y, today);
            spans.iter().filter(|s| keep(s) && s.open_on(day)).count()
        })
        .collect()
}

/// Started and closed during each year.
pub fn openings_and_closings(
    spans: &[FlsSpan],
    years: &[i32],
    keep: impl Fn(&FlsSpan) -> bool,
) -> Vec<(usize, usize)> {
    years
        .iter()
        .map(|&y| {
            let started = spans
                .iter()
                .filter(|s| keep(s) && s.start.year() == y)
                .count();
            let closed = spans
                .iter()
                .filter(|s| keep(s) && s.closed.is_some_and(|c| c.year() == y))
                .count();
            (started, closed)
        })
        .collect()
}

/// The value of a series in the baseline year, if the series reaches that year.
pub fn at_baseline<T: Copy>(years: &[i32], values: &[T], baseline: i32) -> Option<T> {
    years
        .iter()
        .position(|y| *y == baseline)
        .and_then(|i| values.get(i).copied())
}

/// The Partnership's aim for FLSs: twice the baseline year's count.
pub fn double_target(baseline_count: usize) -> f64 {
    2.0 * baseline_count as f64
}

/// The aim for hip and spine fractures: 25 % fewer than in the baseline year.
pub fn fewer_target(baseline_count: u64) -> f64 {
    0.75 * baseline_count as f64
}

/// The care gap: the share of the KPI population (kpi8's denominator, with the definitions in
/// force) not started on anti-osteoporosis medication within the KPI's window (16 weeks by
/// default). `None` when nobody is in the population.
pub fn care_gap(started: u64, population: u64) -> Option<f64> {
    (population > 0).then(|| (population - started.min(population)) as f64 / population as f64)
}

/// The change from the first year with a value to the last, in points of share (negative:
/// the gap is closing).
pub fn trend(values: &[Option<f64>]) -> Option<f64> {
    let first = values.iter().flatten().next()?;
    let last = values.iter().rev().flatten().next()?;
    let n = values.iter().flatten().count();
    (n >= 2).then(|| last - first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn span(id: i64, country: &str, start: Date, closed: Option<Date>) -> FlsSpan {
        FlsSpan {
            id,
            country: country.into(),
            region: "europe".into(),
            start,
            closed,
        }
    }

    #[test]
    fn years_are_bounded_and_negative_ones_refused() {
        assert_eq!(parse_year("baseline_year", "2020"), Ok(2020));
        assert_eq!(parse_year("baseline_year", " ٢٠٢١ "), Ok(2021));
        for bad in ["-2020", "1989", "2101", "99999999999999999999"] {
            let e = parse_year("baseline_year", bad).unwrap_err();
            assert_eq!(
                (e.field.as_str(), e.rule),
                ("baseline_year", "integer_between"),
                "{bad}"
            );
            assert_eq!(e.value, bad);
        }
        assert_eq!(parse_year("year", "twenty").unwrap_err().rule, "integer");
        assert_eq!(parse_year("year", "").unwrap_err().rule, "required");
    }

    #[test]
    fn a_population_needs_a_source_and_a_known_country() {
        let ok = PopulationInput {
            area: "gb".into(),
            year: "2020".into(),
            people_50_plus: "25000000".into(),
            hip_fractures: "".into(),
            source: "ONS mid-year estimates 2020".into(),
        };
        let p = Population::parse(&ok).unwrap();
        assert_eq!(p.area, Area::Country("GB".into()));
        assert_eq!(p.hip_fractures, None);
        let bad = PopulationInput {
            area: "XX".into(),
            source: " ".into(),
            people_50_plus: "-5".into(),
            ..ok
        };
        let rules: Vec<(String, &str)> = Population::parse(&bad)
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| (e.field, e.rule))
            .collect();
        assert_eq!(
            rules,
            [
                ("area".to_string(), "country_unknown"),
                ("people_50_plus".to_string(), "integer_between"),
                ("source".to_string(), "required"),
            ]
        );
        assert_eq!(Area::parse("a", "Europe"), Ok(Area::Region(Region::Europe)));
        assert_eq!(Area::parse("a", "WORLD"), Ok(Area::World));
    }

    #[test]
    fn fls_counts_follow_openings_and_closings() {
        let today = date!(2025 - 06 - 30);
        let spans = [
            span(1, "GB", date!(2018 - 03 - 01), None),
            span(2, "GB", date!(2019 - 12 - 31), Some(date!(2021 - 06 - 30))),
            span(3, "BR", date!(2020 - 01 - 01), None),
            // Closed on the last day of 2022: not open at the end of 2022.
            span(4, "BR", date!(2020 - 05 - 05), Some(date!(2022 - 12 - 31))),
            // Planned for later this year: not counted yet.
            span(5, "GB", date!(2025 - 09 - 01), None),
        ];
        let ys = years(&spans, 2020, today);
        assert_eq!(ys, (2018..=2025).collect::<Vec<_>>());
        let all = active_by_year(&spans, &ys, today, |_| true);
        assert_eq!(all, [1, 2, 4, 3, 2, 2, 2, 2]);
        let gb = active_by_year(&spans, &ys, today, |s| s.country == "GB");
        assert_eq!(gb, [1, 2, 2, 1, 1, 1, 1, 1]);
        let oc = openings_and_closings(&spans, &ys, |_| true);
        assert_eq!(oc[2], (2, 0));
        assert_eq!(oc[3], (0, 1));
        assert_eq!(oc[7], (1, 0));
        let base = at_baseline(&ys, &all, 2020).unwrap();
        assert_eq!(double_target(base), 8.0);
    }

    #[test]
    fn the_first_year_reaches_back_to_the_baseline() {
        let spans = [span(1, "GB", date!(2023 - 01 - 01), None)];
        assert_eq!(
            years(&spans, 2015, date!(2024 - 01 - 01)).first(),
            Some(&2015)
        );
        assert_eq!(years(&[], 2020, date!(2024 - 01 - 01)).first(), Some(&2018));
    }

    #[test]
    fn care_gap_and_targets() {
        assert_eq!(care_gap(30, 40), Some(0.25));
        assert_eq!(care_gap(0, 0), None);
        assert_eq!(fewer_target(200), 150.0);
        let t = trend(&[None, Some(0.6), None, Some(0.45)]).unwrap();
        assert!((t + 0.15).abs() < 1e-9);
        assert_eq!(trend(&[Some(0.5), None]), None);
    }
}
