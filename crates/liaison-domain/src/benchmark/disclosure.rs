//! Disclosure: the rules that keep other FLSs' patients out of sight — small counts
//! suppressed, other counts rounded, aggregates released only when enough FLSs contribute,
//! funnel points without an FLS identifier.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use super::{Signal, control_limits};
use crate::kpi::{Band, KpiId, KpiResult};

/// The disclosure thresholds. A deployment may raise them, never lower them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    /// FLS-level counts from 1 to `min_count − 1` are shown as `<min_count`.
    pub min_count: u64,
    /// Other FLS-level counts are rounded to the nearest multiple of this.
    pub round_to: u64,
    /// An aggregate is released only with at least this many FLSs.
    pub min_fls_in_aggregate: usize,
}

impl Default for Disclosure {
    fn default() -> Self {
        Disclosure {
            min_count: 8,
            round_to: 5,
            min_fls_in_aggregate: 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("disclosure setting {field} may not be below its default {default}")]
pub struct DisclosureError {
    pub field: &'static str,
    pub default: u64,
}

/// A count as it may be shown outside its FLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Disclosed {
    /// Zero stays zero (and, inside the FLS, every count is exact).
    Exact(u64),
    /// 1 to `below − 1`: shown as `<below`.
    Suppressed {
        below: u64,
    },
    Rounded(u64),
}

impl Disclosed {
    pub fn is_suppressed(self) -> bool {
        matches!(self, Disclosed::Suppressed { .. })
    }

    /// The number shown, if any.
    pub fn shown(self) -> Option<u64> {
        match self {
            Disclosed::Exact(n) | Disclosed::Rounded(n) => Some(n),
            Disclosed::Suppressed { .. } => None,
        }
    }
}

impl fmt::Display for Disclosed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Disclosed::Exact(n) | Disclosed::Rounded(n) => write!(f, "{n}"),
            Disclosed::Suppressed { below } => write!(f, "<{below}"),
        }
    }
}

/// A number, or the string `"<8"`: what the API and CSV show.
impl Serialize for Disclosed {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Disclosed::Exact(n) | Disclosed::Rounded(n) => s.serialize_u64(*n),
            Disclosed::Suppressed { .. } => s.collect_str(self),
        }
    }
}

impl Disclosure {
    /// Refuse settings below the defaults (rule: "a deployment may raise them").
    pub fn validate(&self) -> Result<(), DisclosureError> {
        let d = Disclosure::default();
        let check = |field, v: u64, min: u64| {
            if v < min {
                Err(DisclosureError {
                    field,
                    default: min,
                })
            } else {
                Ok(())
            }
        };
        check("min_count", self.min_count, d.min_count)?;
        check("round_to", self.round_to, d.round_to)?;
        check(
            "min_fls_in_aggregate",
            self.min_fls_in_aggregate as u64,
            d.min_fls_in_aggregate as u64,
        )
    }

    /// Rule 2 for an FLS-level count seen outside its FLS: 0 stays 0, 1–7 become `<8`, the
    /// rest are rounded to the nearest 5 (halves up; never down to 0).
    pub fn disclose_count(&self, n: u64) -> Disclosed {
        if n == 0 {
            Disclosed::Exact(0)
        } else if n < self.min_count {
            Disclosed::Suppressed {
                below: self.min_count,
            }
        } else if self.round_to <= 1 {
            Disclosed::Rounded(n)
        } else {
            let r = self.round_to;
            let rounded = n.saturating_add(r / 2) / r * r;
            Disclosed::Rounded(rounded.max(r))
        }
    }

    /// Rule 2 for a proportion seen outside its FLS: withheld (`None`) when the numerator or
    /// the denominator is suppressed (or the denominator is 0); otherwise computed from the
    /// unrounded counts, so rounding never moves a point.
    pub fn disclose_proportion(&self, numerator: u64, denominator: u64) -> Option<f64> {
        let hidden = |n| self.disclose_count(n).is_suppressed();
        if denominator == 0 || hidden(numerator) || hidden(denominator) {
            None
        } else {
            Some(numerator as f64 / denominator as f64)
        }
    }

    /// An FLS's KPI as seen from outside it. The band goes with the value: a band would tell
    /// a withheld proportion's range. kpi1/kpi2 denominators are expected caseloads from the
    /// FLS profile, not patient counts, and are shown as they are.
    pub fn disclose_kpi(&self, r: &KpiResult) -> DisclosedKpi {
        let expected = matches!(
            r.id,
            KpiId::Kpi1IdentificationNonSpine | KpiId::Kpi2IdentificationSpine
        );
        let numerator = self.disclose_count(r.numerator);
        let (denominator, den_hidden) = if expected {
            (DisclosedDenominator::Expected(r.denominator), false)
        } else {
            let d = self.disclose_count(r.denominator as u64);
            (DisclosedDenominator::Count(d), d.is_suppressed())
        };
        let withheld = numerator.is_suppressed() || den_hidden;
        DisclosedKpi {
            id: r.id,
            name: r.name,
            numerator,
            denominator,
            value: if withheld { None } else { r.value },
            band: if withheld { None } else { r.band },
            not_yet_due: self.disclose_count(r.not_yet_due),
            excluded_died: self.disclose_count(r.excluded_died),
        }
    }

    /// Rule 3: may an aggregate of `fls` FLSs be released?
    pub fn aggregate_released(&self, fls: usize) -> bool {
        fls >= self.min_fls_in_aggregate
    }

    /// Rule 3 for a set of countries: which country, region and global aggregates may be
    /// released, and which countries are folded into their region. Besides the rule itself
    /// ("a country with fewer than 3 FLSs is folded into its region"), it closes the
    /// subtraction that the rule is there to prevent: when the folded countries of a region
    /// hold 1–2 FLSs, region − released countries would show them, so the smallest released
    /// countries are folded too until the folded part holds 0 or at least 3 FLSs. Likewise
    /// the global aggregate is withheld when the regions that are not released hold 1–2 FLSs.
    /// `fls` should count the FLSs that contribute data to the figure being released.
    pub fn plan_aggregates(&self, countries: &[CountryFls]) -> AggregatePlan {
        let min = self.min_fls_in_aggregate;
        let mut by_region: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for c in countries {
            // One entry per country; of duplicates, the first is used.
            if seen.insert(c.country.as_str()) {
                by_region
                    .entry(c.region.as_str())
                    .or_default()
                    .push((c.country.as_str(), c.fls));
            }
        }
        let mut plan = AggregatePlan::default();
        let (mut total, mut unreleased_regions) = (0usize, 0usize);
        for (region, mut list) in by_region {
            // Smallest first (ties by code) so folding is deterministic.
            list.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(b.0)));
            let region_total: usize = list.iter().map(|c| c.1).sum();
            let mut folded: usize = list.iter().filter(|c| c.1 < min).map(|c| c.1).sum();
            let mut cut = list.iter().take_while(|c| c.1 < min).count();
            while folded > 0 && folded < min && cut < list.len() {
                folded += list[cut].1;
                cut += 1;
            }
            for (i, (country, _)) in list.iter().enumerate() {
                if i < cut {
                    plan.folded
                        .insert((*country).to_string(), region.to_string());
                } else {
                    plan.countries.insert((*country).to_string());
                }
            }
            if region_total >= min {
                plan.regions.insert(region.to_string());
            } else {
                unreleased_regions += region_total;
            }
            total += region_total;
        }
        plan.global = total >= min && (unreleased_regions == 0 || unreleased_regions >= min);
        plan
    }

    /// Rule 4: a funnel plot's points. Other FLSs' points carry no identifier, their
    /// denominators are rounded (rule 2) and a point whose numerator or denominator is
    /// suppressed is left out (its proportion is withheld); the viewer's own point is exact and
    /// flagged `own`. Sorted by value, so the order tells nothing about which FLS is which.
    /// p₀ is the pooled value of all the FLSs given (Σ numerators / Σ denominators).
    /// For proportions only: kpi1/kpi2 (expected caseloads, may exceed 1) have no funnel.
    pub fn funnel(&self, fls: &[FlsPoint], own_fls: Option<i64>) -> Funnel {
        let (num, den) = fls.iter().fold((0u64, 0u64), |(n, d), p| {
            (n + p.numerator, d + p.denominator)
        });
        let p0 = (den > 0).then(|| num as f64 / den as f64);
        let mut points = Vec::with_capacity(fls.len());
        let mut withheld = 0;
        for p in fls.iter().filter(|p| p.denominator > 0) {
            let own = Some(p.fls_id) == own_fls;
            let value = p.numerator as f64 / p.denominator as f64;
            let x = if own {
                p.denominator
            } else if self
                .disclose_proportion(p.numerator, p.denominator)
                .is_none()
            {
                withheld += 1;
                continue;
            } else {
                self.disclose_count(p.denominator)
                    .shown()
                    .unwrap_or(p.denominator)
            };
            points.push(FunnelPoint {
                denominator: x,
                value,
                own,
                signal: p0.map_or(Signal::Inside, |p0| {
                    control_limits(p0, p.denominator).classify(value)
                }),
            });
        }
        points.sort_by(|a, b| {
            a.value
                .total_cmp(&b.value)
                .then(a.denominator.cmp(&b.denominator))
                .then(a.own.cmp(&b.own))
        });
        Funnel {
            p0,
            points,
            withheld,
        }
    }
}

/// An FLS's KPI after rule 2.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DisclosedKpi {
    pub id: KpiId,
    pub name: &'static str,
    pub numerator: Disclosed,
    pub denominator: DisclosedDenominator,
    pub value: Option<f64>,
    pub band: Option<Band>,
    pub not_yet_due: Disclosed,
    pub excluded_died: Disclosed,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum DisclosedDenominator {
    Count(Disclosed),
    Expected(f64),
}

/// A country of the comparison with the number of its FLSs that contribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryFls {
    pub country: String,
    pub region: String,
    pub fls: usize,
}

/// Which aggregates may be released (see [`Disclosure::plan_aggregates`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AggregatePlan {
    /// Countries released on their own.
    pub countries: BTreeSet<String>,
    /// Countries folded into their region: country → region.
    pub folded: BTreeMap<String, String>,
    /// Regions released.
    pub regions: BTreeSet<String>,
    pub global: bool,
}

/// The aggregate to show in a country's place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "scope", content = "code", rename_all = "lowercase")]
pub enum AggregateScope {
    Country(String),
    Region(String),
}

impl AggregatePlan {
    /// The country itself when released, else its region when that is released, else none.
    pub fn for_country(&self, country: &str) -> Option<AggregateScope> {
        if self.countries.contains(country) {
            return Some(AggregateScope::Country(country.to_string()));
        }
        let region = self.folded.get(country)?;
        self.regions
            .contains(region)
            .then(|| AggregateScope::Region(region.clone()))
    }
}

/// One FLS's counts for a funnel plot (input).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlsPoint {
    pub fls_id: i64,
    pub numerator: u64,
    pub denominator: u64,
}

/// A point as sent to the viewer: no FLS identifier.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FunnelPoint {
    /// Exact for the viewer's own FLS, rounded for others.
    pub denominator: u64,
    /// From the unrounded counts.
    pub value: f64,
    pub own: bool,
    pub signal: Signal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Funnel {
    /// The pooled value: the centre line. None when no FLS has a denominator.
    pub p0: Option<f64>,
    pub points: Vec<FunnelPoint>,
    /// Other FLSs left out because a count was suppressed.
    pub withheld: usize,
}
