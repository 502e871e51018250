//! Comparisons between FLSs (`shared/spec/benchmarking.md`): funnel-plot control limits, the
//! disclosure rules that keep other FLSs' patients out of sight, and quarters for run charts.
//! Pure functions; the server decides who is inside which FLS.

use crate::kpi::{Band, KpiId, KpiResult};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use time::{Date, Month};

// ---------------------------------------------------------------------------------------------
// Control limits
// ---------------------------------------------------------------------------------------------

/// Funnel-plot limits for one denominator, as proportions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Limits {
    pub lower_998: f64,
    pub lower_95: f64,
    pub upper_95: f64,
    pub upper_998: f64,
}

/// Where a point falls: outside the 95 % limits is an alert, outside 99.8 % an alarm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Signal {
    Inside,
    Alert,
    Alarm,
}

impl Limits {
    /// A point on a limit is inside it.
    pub fn classify(&self, value: f64) -> Signal {
        if value < self.lower_998 || value > self.upper_998 {
            Signal::Alarm
        } else if value < self.lower_95 || value > self.upper_95 {
            Signal::Alert
        } else {
            Signal::Inside
        }
    }
}

/// The tail probabilities of the four limits (99.8 % and 95 %, two-sided).
const Q_LOWER_998: f64 = 0.001;
const Q_LOWER_95: f64 = 0.025;
const Q_UPPER_95: f64 = 0.975;
const Q_UPPER_998: f64 = 0.999;

/// Spiegelhalter's exact binomial limits with interpolation (benchmarking.md): for each tail
/// probability q, the smallest r with F(r) ≥ q, α = (F(r) − q) / (F(r) − F(r−1)) with
/// F(−1) = 0, limit = (r − α) / n within [0, 1].
///
/// Degenerate cases: `n = 0` gives every limit at p₀ (no point can be drawn there anyway);
/// p₀ ≤ 0 gives 0 and p₀ ≥ 1 gives 1 for every limit (all the mass is at one end, so a point
/// at that end is inside; the formula would put the upper limits of p₀ = 1 just below 1).
/// A NaN p₀ gives NaN limits.
pub fn control_limits(p0: f64, n: u64) -> Limits {
    let all = |x: f64| Limits {
        lower_998: x,
        lower_95: x,
        upper_95: x,
        upper_998: x,
    };
    if p0.is_nan() {
        return all(f64::NAN);
    }
    if n == 0 {
        return all(p0.clamp(0.0, 1.0));
    }
    if p0 <= 0.0 {
        return all(0.0);
    }
    if p0 >= 1.0 {
        return all(1.0);
    }
    let b = Binomial::new(n, p0);
    Limits {
        lower_998: b.limit(Q_LOWER_998),
        lower_95: b.limit(Q_LOWER_95),
        upper_95: b.limit(Q_UPPER_95),
        upper_998: b.limit(Q_UPPER_998),
    }
}

/// Signal of `numerator / denominator` against the funnel of `p0`; `None` without a
/// denominator.
pub fn classify(p0: f64, numerator: u64, denominator: u64) -> Option<Signal> {
    (denominator > 0)
        .then(|| control_limits(p0, denominator).classify(numerator as f64 / denominator as f64))
}

/// The Binomial(n, p) probabilities that matter, from the mode outwards until they fall below
/// 1e-20 of the mode's. Built by the ratio recurrence, then normalised: no factorials, no
/// underflow of (1 − p)^n for large n, and n = 10^6 needs about 10^4 terms.
struct Binomial {
    n: u64,
    /// The first k held.
    lo: u64,
    pmf: Vec<f64>,
    /// cdf[i] = P(X ≤ lo + i), summed from the bottom.
    cdf: Vec<f64>,
    /// sf[i] = P(X > lo + i), summed from the top: accurate where the cdf is close to 1.
    sf: Vec<f64>,
}

impl Binomial {
    fn new(n: u64, p: f64) -> Self {
        const CUT: f64 = 1e-20;
        let odds = p / (1.0 - p);
        let nf = n as f64;
        let mode = (((nf + 1.0) * p).floor() as u64).min(n);
        let mut below = Vec::new();
        let mut x = 1.0;
        let mut k = mode;
        while k > 0 {
            // P(k−1) / P(k) = k / ((n − k + 1) · odds)
            x *= k as f64 / ((nf - k as f64 + 1.0) * odds);
            if x < CUT {
                break;
            }
            k -= 1;
            below.push(x);
        }
        let lo = k;
        let mut pmf: Vec<f64> = below.into_iter().rev().collect();
        pmf.push(1.0);
        let mut x = 1.0;
        let mut k = mode;
        while k < n {
            // P(k+1) / P(k) = (n − k) / (k + 1) · odds
            x *= (nf - k as f64) / (k as f64 + 1.0) * odds;
            if x < CUT {
                break;
            }
            k += 1;
            pmf.push(x);
        }
        let total: f64 = pmf.iter().sum();
        pmf.iter_mut().for_each(|v| *v /= total);
        let mut acc = 0.0;
        let cdf = pmf
            .iter()
            .map(|v| {
                acc += v;
                acc
            })
            .collect();
        let mut sf = vec![0.0; pmf.len()];
        let mut acc = 0.0;
        for i in (0..pmf.len()).rev() {
            sf[i] = acc;
            acc += pmf[i];
        }
        Binomial {
            n,
            lo,
            pmf,
            cdf,
            sf,
        }
    }

    fn limit(&self, q: f64) -> f64 {
        // Smallest i with F(r) ≥ q, read from the side where F is accurate.
        let (i, alpha) = if q < 0.5 {
            let i = self
                .cdf
                .iter()
                .position(|&f| f >= q)
                .unwrap_or(self.pmf.len() - 1);
            (i, (self.cdf[i] - q) / self.pmf[i])
        } else {
            let tail = 1.0 - q;
            let i = self
                .sf
                .iter()
                .position(|&s| s <= tail)
                .unwrap_or(self.pmf.len() - 1);
            (i, (tail - self.sf[i]) / self.pmf[i])
        };
        let r = (self.lo + i as u64) as f64;
        ((r - alpha) / self.n as f64).clamp(0.0, 1.0)
    }
}

// ---------------------------------------------------------------------------------------------
// Disclosure
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Run charts
// ---------------------------------------------------------------------------------------------

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::{KpiDefinitions, KpiEpisode, compute};
    use time::macros::date;

    fn four(l: Limits) -> [f64; 4] {
        [l.lower_998, l.lower_95, l.upper_95, l.upper_998].map(|x| (x * 1e4).round() / 1e4)
    }

    #[test]
    fn control_limits_reproduce_the_reference_table() {
        assert_eq!(
            four(control_limits(0.6, 50)),
            [0.3713, 0.4517, 0.7241, 0.7966]
        );
        assert_eq!(
            four(control_limits(0.6, 200)),
            [0.4893, 0.5291, 0.6649, 0.7030]
        );
        assert_eq!(
            four(control_limits(0.3, 20)),
            [0.0015, 0.0812, 0.4873, 0.6137]
        );
    }

    #[test]
    fn control_limits_are_stable_for_large_n_and_ordered() {
        // n = 10^6: close to the normal approximation p ± z·√(p(1−p)/n).
        let l = control_limits(0.5, 1_000_000);
        let se = (0.25f64 / 1e6).sqrt();
        assert!((l.lower_95 - (0.5 - 1.959964 * se)).abs() < 2e-6, "{l:?}");
        assert!((l.upper_998 - (0.5 + 3.090232 * se)).abs() < 2e-6, "{l:?}");
        for (p, n) in [
            (0.001, 1_000_000),
            (0.999, 1_000_000),
            (0.5, 1),
            (0.02, 7),
            (0.97, 13),
            (0.75, 123_457),
        ] {
            let l = control_limits(p, n);
            let v = [l.lower_998, l.lower_95, l.upper_95, l.upper_998];
            assert!(v.iter().all(|x| (0.0..=1.0).contains(x)), "{p} {n} {l:?}");
            assert!(v.windows(2).all(|w| w[0] <= w[1]), "{p} {n} {l:?}");
            assert!(l.lower_95 <= p && p <= l.upper_95, "{p} {n} {l:?}");
        }
        // Limits narrow as n grows.
        let (a, b) = (control_limits(0.6, 50), control_limits(0.6, 200));
        assert!(b.lower_95 > a.lower_95 && b.upper_95 < a.upper_95);
    }

    #[test]
    fn degenerate_control_limits() {
        assert_eq!(four(control_limits(0.0, 40)), [0.0; 4]);
        assert_eq!(four(control_limits(1.0, 40)), [1.0; 4]);
        assert_eq!(four(control_limits(0.4, 0)), [0.4; 4]);
        assert!(control_limits(f64::NAN, 10).lower_95.is_nan());
        assert_eq!(control_limits(1.0, 40).classify(1.0), Signal::Inside);
        assert_eq!(control_limits(0.0, 40).classify(0.0), Signal::Inside);
    }

    #[test]
    fn points_are_classified_against_the_limits() {
        let l = control_limits(0.6, 50);
        assert_eq!(l.classify(0.6), Signal::Inside);
        assert_eq!(l.classify(0.4516), Signal::Alert); // just below lower 95 % (0.45167)
        assert_eq!(l.classify(l.lower_95), Signal::Inside); // on the limit: inside
        assert_eq!(l.classify(0.40), Signal::Alert);
        assert_eq!(l.classify(0.36), Signal::Alarm);
        assert_eq!(l.classify(0.76), Signal::Alert);
        assert_eq!(l.classify(0.80), Signal::Alarm);
        assert_eq!(classify(0.6, 40, 50), Some(Signal::Alarm));
        assert_eq!(classify(0.6, 30, 50), Some(Signal::Inside));
        assert_eq!(classify(0.6, 0, 0), None);
        assert_eq!(serde_json::to_value(Signal::Alarm).unwrap(), "alarm");
    }

    #[test]
    fn counts_outside_the_fls_are_suppressed_or_rounded() {
        let d = Disclosure::default();
        assert!(d.validate().is_ok());
        assert_eq!(d.disclose_count(0), Disclosed::Exact(0));
        assert_eq!(d.disclose_count(1), Disclosed::Suppressed { below: 8 });
        assert_eq!(d.disclose_count(7), Disclosed::Suppressed { below: 8 });
        assert_eq!(d.disclose_count(8), Disclosed::Rounded(10));
        assert_eq!(d.disclose_count(12), Disclosed::Rounded(10));
        assert_eq!(d.disclose_count(13), Disclosed::Rounded(15));
        assert_eq!(d.disclose_count(15), Disclosed::Rounded(15));
        assert_eq!(d.disclose_count(1234), Disclosed::Rounded(1235));
        assert_eq!(d.disclose_count(7).to_string(), "<8");
        assert_eq!(serde_json::to_value(d.disclose_count(3)).unwrap(), "<8");
        assert_eq!(serde_json::to_value(d.disclose_count(13)).unwrap(), 15);
        // Raised thresholds: never rounded down to zero.
        let raised = Disclosure {
            min_count: 10,
            round_to: 50,
            min_fls_in_aggregate: 5,
        };
        assert!(raised.validate().is_ok());
        assert_eq!(raised.disclose_count(9).to_string(), "<10");
        assert_eq!(raised.disclose_count(10), Disclosed::Rounded(50));
        assert_eq!(raised.disclose_count(80), Disclosed::Rounded(100));
        let lowered = Disclosure {
            min_count: 5,
            ..Disclosure::default()
        };
        assert_eq!(
            lowered.validate(),
            Err(DisclosureError {
                field: "min_count",
                default: 8
            })
        );
    }

    #[test]
    fn proportions_are_withheld_with_a_suppressed_count_and_use_unrounded_counts() {
        let d = Disclosure::default();
        assert_eq!(d.disclose_proportion(5, 100), None);
        assert_eq!(d.disclose_proportion(12, 7), None);
        assert_eq!(d.disclose_proportion(0, 0), None);
        assert_eq!(d.disclose_proportion(0, 9), Some(0.0));
        assert_eq!(d.disclose_proportion(12, 13), Some(12.0 / 13.0));
    }

    #[test]
    fn a_kpi_seen_from_outside() {
        let d = Disclosure::default();
        let eps: Vec<_> = (0..12)
            .map(|i| KpiEpisode {
                fls_id: 1,
                fracture_date: date!(2025 - 03 - 01),
                birth_date: date!(1950 - 01 - 01),
                death_date: None,
                fracture_site: crate::dataset::FractureSite::Wrist,
                setting: crate::dataset::Setting::Outpatient,
                fls_assessment_date: None,
                dxa_status: None,
                dxa_date: None,
                falls_assessment: None,
                aom_recommendation: (i < 3)
                    .then_some(crate::dataset::AomRecommendation::Recommended),
                aom_start_date: None,
                strength_balance_date: None,
                first_followup_date: None,
                second_followup_date: None,
                aom_at_52_weeks: None,
                refracture_date: None,
            })
            .collect();
        let r = compute(
            &KpiDefinitions::default(),
            &eps,
            &[],
            date!(2025 - 01 - 01),
            date!(2025 - 12 - 31),
            date!(2027 - 01 - 01),
        );
        // kpi6: 3 of 12 → numerator suppressed, value and band withheld.
        let k6 = d.disclose_kpi(r.kpi(KpiId::Kpi6AomRecommended));
        assert_eq!(k6.numerator, Disclosed::Suppressed { below: 8 });
        assert_eq!(
            k6.denominator,
            DisclosedDenominator::Count(Disclosed::Rounded(10))
        );
        assert_eq!((k6.value, k6.band), (None, None));
        // kpi5: 0 of 12 → zero stays zero, value shown from the unrounded counts.
        let k5 = d.disclose_kpi(r.kpi(KpiId::Kpi5FallsAssessment));
        assert_eq!(k5.numerator, Disclosed::Exact(0));
        assert_eq!(k5.value, Some(0.0));
        assert_eq!(k5.band, Some(Band::Red));
        let j = serde_json::to_value(&k6).unwrap();
        assert_eq!(j["numerator"], "<8");
        assert_eq!(j["denominator"], 10);
    }

    fn c(country: &str, region: &str, fls: usize) -> CountryFls {
        CountryFls {
            country: country.into(),
            region: region.into(),
            fls,
        }
    }

    #[test]
    fn small_countries_are_folded_into_their_region() {
        let d = Disclosure::default();
        let plan = d.plan_aggregates(&[
            c("GB", "europe", 12),
            c("FR", "europe", 5),
            c("MT", "europe", 1),
            c("LU", "europe", 2),
            c("JP", "asia_pacific", 4),
            c("AU", "asia_pacific", 3),
        ]);
        // MT and LU (3 FLSs together) are folded; europe − GB − FR = those 3.
        assert_eq!(
            plan.countries,
            ["AU", "FR", "GB", "JP"].map(String::from).into()
        );
        assert_eq!(plan.folded.len(), 2);
        assert_eq!(
            plan.for_country("MT"),
            Some(AggregateScope::Region("europe".into()))
        );
        assert_eq!(
            plan.for_country("GB"),
            Some(AggregateScope::Country("GB".into()))
        );
        assert_eq!(plan.for_country("XX"), None);
        assert!(plan.regions.contains("europe") && plan.global);
        assert!(d.aggregate_released(3) && !d.aggregate_released(2));
    }

    #[test]
    fn folding_closes_the_region_minus_countries_subtraction() {
        let d = Disclosure::default();
        // IS alone (1 FLS) would be europe − GB − SE: SE, the smallest, is folded with it.
        let plan = d.plan_aggregates(&[
            c("GB", "europe", 12),
            c("SE", "europe", 4),
            c("IS", "europe", 1),
        ]);
        assert_eq!(plan.countries, ["GB"].map(String::from).into());
        assert_eq!(
            plan.for_country("SE"),
            Some(AggregateScope::Region("europe".into()))
        );
        // A region of 2 FLSs is not released, and the world would show it as the
        // difference: the global aggregate is withheld.
        let plan = d.plan_aggregates(&[c("GB", "europe", 12), c("US", "north_america", 2)]);
        assert!(!plan.regions.contains("north_america"));
        assert_eq!(plan.for_country("US"), None);
        assert!(!plan.global);
        let plan = d.plan_aggregates(&[
            c("GB", "europe", 12),
            c("US", "north_america", 2),
            c("NG", "africa", 1),
        ]);
        assert!(plan.global);
        assert!(!d.plan_aggregates(&[c("GB", "europe", 2)]).global);
    }

    #[test]
    fn funnel_points_are_anonymous_sorted_and_only_the_own_one_is_flagged() {
        let d = Disclosure::default();
        let fls = [
            FlsPoint {
                fls_id: 10,
                numerator: 40,
                denominator: 50,
            },
            FlsPoint {
                fls_id: 11,
                numerator: 3,
                denominator: 4,
            }, // own: shown exactly
            FlsPoint {
                fls_id: 12,
                numerator: 18,
                denominator: 62,
            },
            FlsPoint {
                fls_id: 13,
                numerator: 5,
                denominator: 60,
            }, // numerator <8: left out
            FlsPoint {
                fls_id: 14,
                numerator: 30,
                denominator: 52,
            },
            FlsPoint {
                fls_id: 15,
                numerator: 0,
                denominator: 0,
            },
        ];
        let f = d.funnel(&fls, Some(11));
        assert_eq!(f.p0, Some(96.0 / 228.0));
        assert_eq!(f.withheld, 1);
        let pts: Vec<_> = f.points.iter().map(|p| (p.denominator, p.own)).collect();
        assert_eq!(pts, vec![(60, false), (50, false), (4, true), (50, false)]);
        assert!(f.points.windows(2).all(|w| w[0].value <= w[1].value));
        assert_eq!(f.points[0].value, 18.0 / 62.0); // from unrounded counts
        assert_eq!(f.points.iter().filter(|p| p.own).count(), 1);
        let j = serde_json::to_value(&f).unwrap();
        assert!(!j.to_string().contains("fls"));
        assert_eq!(f.points[3].signal, classify(96.0 / 228.0, 40, 50).unwrap());
        // Without an own FLS (a national lead's view) nothing is flagged.
        assert!(d.funnel(&fls, None).points.iter().all(|p| !p.own));
        assert_eq!(d.funnel(&[], None).p0, None);
    }

    #[test]
    fn quarters_for_run_charts() {
        assert_eq!(quarter(date!(2026 - 01 - 01)), "2026-Q1");
        assert_eq!(quarter(date!(2026 - 03 - 31)), "2026-Q1");
        assert_eq!(quarter(date!(2026 - 04 - 01)), "2026-Q2");
        assert_eq!(quarter(date!(2025 - 12 - 31)), "2025-Q4");
        let q = Quarter::of(date!(2024 - 02 - 10));
        assert_eq!(
            (q.first_day(), q.last_day()),
            (date!(2024 - 01 - 01), date!(2024 - 03 - 31))
        );
        let q4 = Quarter::of(date!(2024 - 11 - 10));
        assert_eq!(q4.last_day(), date!(2024 - 12 - 31));
        assert_eq!(
            q4.next(),
            Quarter {
                year: 2025,
                quarter: 1
            }
        );
        assert_eq!(
            Quarter::of(date!(2024 - 08 - 01)).last_day(),
            date!(2024 - 09 - 30)
        );
        assert!(Quarter::of(date!(2025 - 01 - 01)) > q4);
        assert_eq!(serde_json::to_value(q4).unwrap(), "2024-Q4");
    }
}
