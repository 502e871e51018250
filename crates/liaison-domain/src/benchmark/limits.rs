//! Control limits of a funnel plot: Spiegelhalter's exact binomial limits at 95 % and 99.8 %,
//! and where a point falls ([`Signal`]).

use serde::Serialize;

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

/// Spiegelhalter's exact binomial limits with interpolation (docs/comparisons.md): for each
/// tail probability q, the smallest r with F(r) ≥ q, α = (F(r) − q) / (F(r) − F(r−1)) with
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
