//! Counts into the published shape (docs/kpi-definitions.md "Output shape"): the same numbers
//! feed the web UI, the JSON API and the CSV export.

use super::counts::{CompletenessItem, KpiCounts, Window};
use super::definitions::{Band, KpiDefinitions};
use super::measures::{self, CompletenessPass, MeasureId, MeasureResult, Split};
use super::{KpiId, KpiPeriod};
use crate::dataset::{FractureSite, Setting};
use serde::{Serialize, Serializer};
use time::Date;

/// One scope's KPIs with the parameters that produced them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiReport {
    /// `KpiDefinitions::version`: results say which definitions produced them.
    pub definitions_version: String,
    pub period: ReportPeriod,
    #[serde(serialize_with = "iso_date")]
    pub as_of: Date,
    /// FLSs in the scope (disclosure: aggregates need enough of them).
    pub fls_count: usize,
    /// The KPIs in [`KpiId::ALL`] order.
    pub kpis: Vec<KpiResult>,
    /// kpi11 per item, in [`CompletenessItem::ALL`] order.
    pub completeness: Vec<ItemCompleteness>,
    pub expected_caseload: ExpectedCaseload,
    pub supporting: SupportingMeasures,
}

impl KpiReport {
    pub fn kpi(&self, id: KpiId) -> &KpiResult {
        &self.kpis[id.index()]
    }

    pub fn item(&self, item: CompletenessItem) -> &ItemCompleteness {
        &self.completeness[item as usize]
    }

    /// A measure as a whole.
    pub fn measure(&self, id: MeasureId) -> &MeasureResult {
        &self.supporting.measures[id.index()]
    }

    /// A cell of a refracture measure (`None` for the other measures, which are not split).
    pub fn measure_cell(&self, id: MeasureId, split: Split) -> Option<&MeasureResult> {
        let k = MeasureId::REFRACTURE.iter().position(|m| *m == id)?;
        self.supporting
            .measures
            .get(MeasureId::ALL.len() + k * measures::SPLITS + split.index())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportPeriod {
    #[serde(serialize_with = "iso_date")]
    pub from: Date,
    #[serde(serialize_with = "iso_date")]
    pub to: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiResult {
    pub id: KpiId,
    pub name: &'static str,
    pub numerator: u64,
    /// A count, except for kpi1/kpi2 where it is the expected caseload, a fraction rounded to
    /// one decimal for display (`value` uses the unrounded figure). Whole numbers are written
    /// as JSON integers.
    #[serde(serialize_with = "count_or_decimal")]
    pub denominator: f64,
    /// numerator / denominator; `None` (null) when the denominator is 0.
    pub value: Option<f64>,
    pub band: Option<Band>,
    pub not_yet_due: u64,
    pub excluded_died: u64,
}

/// Completeness of one item (kpi11 is their sum).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemCompleteness {
    pub item: CompletenessItem,
    pub expected: u64,
    pub recorded: u64,
    pub value: Option<f64>,
    /// More than `completeness_flag_missing_above` of the expected items are missing.
    pub flagged: bool,
    pub not_yet_due: u64,
    pub excluded_died: u64,
}

/// The kpi1/kpi2 denominators' ingredients, so the fraction can be checked by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpectedCaseload {
    /// Days of the period up to the as-of date (episodes after it do not exist, so neither
    /// do expected fractures after it).
    pub days: i64,
    pub non_spine_per_year: i64,
    pub spine_per_year: i64,
    /// FLSs left out of kpi1: "no expected caseload".
    pub no_expected_non_spine: Vec<i64>,
    /// FLSs left out of kpi2.
    pub no_expected_spine: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    pub code: &'static str,
    pub episodes: u64,
    /// Of the episodes in P; null when P is empty.
    pub share: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WindowNotYetDue {
    pub days: u32,
    pub episodes: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupportingMeasures {
    /// Episodes in P.
    pub episodes: u64,
    pub by_site: Vec<Share>,
    pub by_setting: Vec<Share>,
    /// Over episodes with the event on or after the fracture date (and not after as-of).
    pub median_days_to_assessment: Option<f64>,
    pub median_days_to_dxa: Option<f64>,
    pub median_days_to_aom_start: Option<f64>,
    /// One entry per distinct window length of the definitions, shortest first.
    pub not_yet_due: Vec<WindowNotYetDue>,
    pub refractures: u64,
    /// Follow-up from fracture to the earliest of refracture, death and the as-of date.
    pub patient_years: f64,
    pub refracture_rate_per_100_patient_years: Option<f64>,
    /// Deaths within the persistence window (364 days in version 1).
    pub deaths_within_52_weeks: u64,
    /// Dataset version 2's measures: the five of [`MeasureId::ALL`], then each refracture
    /// measure's cells by index site and by AOM started within 16 weeks.
    pub measures: Vec<MeasureResult>,
    pub completeness_pass: CompletenessPass,
}

fn ratio(num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| num / den)
}

/// Average length of a year, as docs/kpi-definitions.md uses it for the expected caseload and
/// follow-up.
const DAYS_PER_YEAR: f64 = 365.25;

impl KpiPeriod {
    /// Days from `from` to the earlier of `to` and `as_of`, both ends included; 0 when empty.
    pub fn expected_days(&self) -> i64 {
        let end = self.to.min(self.as_of);
        (i64::from(end.to_julian_day()) - i64::from(self.from.to_julian_day()) + 1).max(0)
    }
}

impl KpiCounts {
    /// The published figures. Pass the definitions and period the counts were made with.
    pub fn report(&self, defs: &KpiDefinitions, period: &KpiPeriod) -> KpiReport {
        let days = period.expected_days();
        let kpis = KpiId::ALL
            .iter()
            .map(|&id| {
                let t = self.kpi(id);
                let (den_exact, den_shown) = match id {
                    KpiId::Kpi1IdentificationNonSpine | KpiId::Kpi2IdentificationSpine => {
                        let per_year = if id == KpiId::Kpi1IdentificationNonSpine {
                            self.expected_non_spine_per_year
                        } else {
                            self.expected_spine_per_year
                        };
                        let x = per_year as f64 * days as f64 / DAYS_PER_YEAR;
                        (x, (x * 10.0).round() / 10.0)
                    }
                    _ => (t.denominator as f64, t.denominator as f64),
                };
                let value = ratio(t.numerator as f64, den_exact);
                KpiResult {
                    id,
                    name: id.name(),
                    numerator: t.numerator,
                    denominator: den_shown,
                    value,
                    band: value.map(|v| defs.band(id, v)),
                    not_yet_due: t.not_yet_due,
                    excluded_died: t.excluded_died,
                }
            })
            .collect();
        let completeness = CompletenessItem::ALL
            .iter()
            .map(|&item| {
                let t = self.item(item);
                ItemCompleteness {
                    item,
                    expected: t.denominator,
                    recorded: t.numerator,
                    value: ratio(t.numerator as f64, t.denominator as f64),
                    flagged: measures::missing_above(t, defs.completeness_flag_missing_above),
                    not_yet_due: t.not_yet_due,
                    excluded_died: t.excluded_died,
                }
            })
            .collect();
        let p = self.episodes as f64;
        let share = |code, n: u64| Share {
            code,
            episodes: n,
            share: ratio(n as f64, p),
        };
        let mut not_yet_due: Vec<WindowNotYetDue> = Window::ALL
            .iter()
            .map(|&w| WindowNotYetDue {
                days: w.days(defs),
                episodes: self.not_yet_due[w as usize],
            })
            .collect();
        not_yet_due.sort_by_key(|w| w.days);
        not_yet_due.dedup_by_key(|w| w.days);
        let patient_years = self.followup_days as f64 / DAYS_PER_YEAR;
        KpiReport {
            definitions_version: defs.version.clone(),
            period: ReportPeriod {
                from: period.from,
                to: period.to,
            },
            as_of: period.as_of,
            fls_count: self.fls.len(),
            kpis,
            completeness,
            expected_caseload: ExpectedCaseload {
                days,
                non_spine_per_year: self.expected_non_spine_per_year,
                spine_per_year: self.expected_spine_per_year,
                no_expected_non_spine: self.no_expected_non_spine.iter().copied().collect(),
                no_expected_spine: self.no_expected_spine.iter().copied().collect(),
            },
            supporting: SupportingMeasures {
                episodes: self.episodes,
                by_site: FractureSite::ALL
                    .iter()
                    .map(|&s| share(s.code(), self.by_site[s as usize]))
                    .collect(),
                by_setting: Setting::ALL
                    .iter()
                    .map(|&s| share(s.code(), self.by_setting[s as usize]))
                    .collect(),
                median_days_to_assessment: self.days_to_assessment.median(),
                median_days_to_dxa: self.days_to_dxa.median(),
                median_days_to_aom_start: self.days_to_aom_start.median(),
                not_yet_due,
                refractures: self.refractures,
                patient_years,
                refracture_rate_per_100_patient_years: ratio(
                    self.refractures as f64 * 100.0,
                    patient_years,
                ),
                deaths_within_52_weeks: self.deaths_within_52_weeks,
                measures: measures::results(self, defs),
                completeness_pass: measures::pass(self),
            },
        }
    }
}

/// ISO 8601 (`2026-03-01`) whatever the `time` crate's serde features: reports are read by
/// people and spreadsheets, not only by this program.
fn iso_date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

fn count_or_decimal<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    // Whole numbers below 2^53 are exact in an f64 and read better as integers.
    if x.fract() == 0.0 && (0.0..9.0e15).contains(x) {
        s.serialize_u64(*x as u64)
    } else {
        s.serialize_f64(*x)
    }
}
