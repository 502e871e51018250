//! Institutional KPIs: what a submitted facilities return says about how a service is
//! organised, per FLS and compared by country, region and world. Aggregates follow disclosure
//! rule 3 (`Disclosure::plan_aggregates`: at least the minimum number of FLSs, small countries
//! folded into their region) and each figure is withheld when fewer FLSs give it.

use super::{Answers, KpiRole, Questionnaire};
use crate::benchmark::{CountryFls, Disclosure};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InstKpi {
    /// Whole-time equivalents per 1,000 expected fragility fractures a year.
    StaffPer1000,
    /// Patient groups covered, of hip, other inpatient, outpatient, vertebral.
    GroupsCovered,
    /// The usual wait for DXA, in weeks (services with access only).
    DxaWaitWeeks,
    GovernanceMeetings,
    /// The share of services with secured (recurrent) funding.
    FundingSecured,
}

impl InstKpi {
    pub const ALL: [InstKpi; 5] = [
        InstKpi::StaffPer1000,
        InstKpi::GroupsCovered,
        InstKpi::DxaWaitWeeks,
        InstKpi::GovernanceMeetings,
        InstKpi::FundingSecured,
    ];

    pub fn code(self) -> &'static str {
        match self {
            InstKpi::StaffPer1000 => "staff_per_1000",
            InstKpi::GroupsCovered => "groups_covered",
            InstKpi::DxaWaitWeeks => "dxa_wait_weeks",
            InstKpi::GovernanceMeetings => "governance_meetings",
            InstKpi::FundingSecured => "funding_secured",
        }
    }

    /// A share of services (0..1) rather than a median of values.
    pub fn is_share(self) -> bool {
        self == InstKpi::FundingSecured
    }
}

/// One service's institutional figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Institutional {
    pub staff_wte: Option<f64>,
    pub staff_per_1000: Option<f64>,
    pub groups_covered: Option<u32>,
    pub dxa_wait_weeks: Option<f64>,
    pub governance_meetings: Option<f64>,
    pub funding_secured: Option<bool>,
}

impl Institutional {
    pub fn value(&self, k: InstKpi) -> Option<f64> {
        match k {
            InstKpi::StaffPer1000 => self.staff_per_1000,
            InstKpi::GroupsCovered => self.groups_covered.map(f64::from),
            InstKpi::DxaWaitWeeks => self.dxa_wait_weeks,
            InstKpi::GovernanceMeetings => self.governance_meetings,
            InstKpi::FundingSecured => self.funding_secured.map(|b| if b { 1.0 } else { 0.0 }),
        }
    }
}

/// The expected fragility fractures a year, as kpi1 and kpi2 use them: the profile's expected
/// non-spine fractures plus its expected spine fractures (none when the spine figure is
/// unknown). Without the non-spine figure, or when the sum is 0, there is no denominator.
pub fn expected_per_year(non_spine: Option<i64>, spine: Option<i64>) -> Option<f64> {
    let n = non_spine? + spine.unwrap_or(0);
    (n > 0).then_some(n as f64)
}

/// A return's figures. `expected` is [`expected_per_year`] of the FLS.
pub fn of(q: &Questionnaire, answers: &Answers, expected: Option<f64>) -> Institutional {
    let num = |id: &str| answers.get(id).and_then(|a| a.parse::<f64>().ok());
    let mut out = Institutional::default();
    let mut staff: Option<f64> = None;
    let mut groups: Option<u32> = None;
    for question in &q.questions {
        let Some(role) = question.kpi else { continue };
        let answer = answers.get(&question.id);
        match role {
            KpiRole::Staff => {
                if let Some(x) = num(&question.id) {
                    staff = Some(staff.unwrap_or(0.0) + x);
                }
            }
            KpiRole::Group => {
                if let Some(o) = answer.and_then(|a| question.option(a)) {
                    *groups.get_or_insert(0) += u32::from(o.covered);
                }
            }
            KpiRole::DxaWait => out.dxa_wait_weeks = num(&question.id),
            KpiRole::GovernanceMeetings => out.governance_meetings = num(&question.id),
            KpiRole::Funding => {
                out.funding_secured = answer.and_then(|a| question.option(a)).map(|o| o.secured);
            }
        }
    }
    out.staff_wte = staff;
    out.staff_per_1000 = staff.zip(expected).map(|(s, e)| s / e * 1000.0);
    out.groups_covered = groups;
    out
}

/// A submitted return with where its FLS sits.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub fls_id: i64,
    pub country: String,
    pub region: String,
    pub figures: Institutional,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "scope", content = "code", rename_all = "lowercase")]
pub enum Place {
    World,
    Region(String),
    Country(String),
}

/// One KPI over an area: the median (or, for a share, the share) of the services giving it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub kpi: InstKpi,
    /// Services giving a value.
    pub fls: usize,
    /// `None` when fewer than the minimum number of services give it (withheld).
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Area {
    pub place: Place,
    /// Services with a submitted return.
    pub fls: usize,
    pub kpis: Vec<Summary>,
}

pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// Summaries of a set of returns, each withheld below the minimum number of services.
pub fn summarise(returns: &[&Placed], d: &Disclosure) -> Vec<Summary> {
    InstKpi::ALL
        .into_iter()
        .map(|k| {
            let mut vs: Vec<f64> = returns.iter().filter_map(|r| r.figures.value(k)).collect();
            let fls = vs.len();
            let value = if !d.aggregate_released(fls) {
                None
            } else if k.is_share() {
                Some(vs.iter().sum::<f64>() / fls as f64)
            } else {
                median(&mut vs)
            };
            Summary { kpi: k, fls, value }
        })
        .collect()
}

/// The released areas: the world, then regions, then countries (by code), as rule 3 allows.
pub fn compare(returns: &[Placed], d: &Disclosure) -> Vec<Area> {
    let mut counts: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for r in returns {
        *counts.entry((&r.country, &r.region)).or_default() += 1;
    }
    let list: Vec<CountryFls> = counts
        .into_iter()
        .map(|((c, r), n)| CountryFls {
            country: c.into(),
            region: r.into(),
            fls: n,
        })
        .collect();
    let plan = d.plan_aggregates(&list);
    let area = |place: Place, pick: &dyn Fn(&Placed) -> bool| {
        let rs: Vec<&Placed> = returns.iter().filter(|r| pick(r)).collect();
        Area {
            place,
            fls: rs.len(),
            kpis: summarise(&rs, d),
        }
    };
    let mut out = Vec::new();
    if plan.global {
        out.push(area(Place::World, &|_| true));
    }
    for region in &plan.regions {
        out.push(area(Place::Region(region.clone()), &|r| {
            &r.region == region
        }));
    }
    for country in &plan.countries {
        out.push(area(Place::Country(country.clone()), &|r| {
            &r.country == country
        }));
    }
    out
}
