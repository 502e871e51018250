//! Additive counts and the one-pass engine that fills them.
//!
//! Every figure of a report is a function of integer counts that add up across FLSs, so a
//! country, a region or the world is the sum of its FLSs' counts (docs/comparisons.md: a pooled
//! value is Σ numerators / Σ denominators), and no result depends on the order of the rows.

use super::definitions::KpiDefinitions;
use super::episode::{FlsExpected, KpiEpisode};
use super::measures::{self, SPLITS};
use super::{KpiId, KpiPeriod};
use crate::dataset::{DxaStatus, FallsAssessment, FractureSite, YesNoUnknown, age};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::AddAssign;
use time::Date;

/// The four counts of one KPI (or completeness item).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub numerator: u64,
    pub denominator: u64,
    /// Eligible episodes whose window had not closed on the as-of date.
    pub not_yet_due: u64,
    /// Due episodes left out because the patient died in the window.
    pub excluded_died: u64,
}

impl AddAssign<Tally> for Tally {
    fn add_assign(&mut self, o: Tally) {
        self.numerator += o.numerator;
        self.denominator += o.denominator;
        self.not_yet_due += o.not_yet_due;
        self.excluded_died += o.excluded_died;
    }
}

impl Tally {
    /// One eligible episode (or item) of a windowed measure: not yet due, excluded because
    /// the patient died in the window, or counted. `died_excludes_always`: kpi10 and
    /// completeness drop every death in the window; the others only deaths without the event.
    pub(super) fn windowed(
        &mut self,
        due: bool,
        died: bool,
        hit: bool,
        died_excludes_always: bool,
    ) {
        if !due {
            self.not_yet_due += 1;
        } else if died && (died_excludes_always || !hit) {
            self.excluded_died += 1;
        } else {
            self.denominator += 1;
            self.numerator += u64::from(hit);
        }
    }
}

/// Days from fracture to an event, as counts per day: medians of a pooled scope need the
/// distribution, not the FLSs' medians. One entry per distinct day, so no allocation per
/// episode once the usual values have been seen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHistogram(pub BTreeMap<i64, u64>);

impl DayHistogram {
    pub fn add(&mut self, days: i64) {
        *self.0.entry(days).or_insert(0) += 1;
    }

    pub fn count(&self) -> u64 {
        self.0.values().sum()
    }

    /// The median; the mean of the two middle values when the count is even.
    pub fn median(&self) -> Option<f64> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        let (lo_rank, hi_rank) = ((n - 1) / 2, n / 2);
        let (mut lo, mut hi, mut seen) = (None, None, 0u64);
        for (&d, &k) in &self.0 {
            let next = seen + k;
            if lo.is_none() && lo_rank < next {
                lo = Some(d);
            }
            if hi_rank < next {
                hi = Some(d);
                break;
            }
            seen = next;
        }
        Some((lo? + hi?) as f64 / 2.0)
    }
}

impl AddAssign<&DayHistogram> for DayHistogram {
    fn add_assign(&mut self, o: &DayHistogram) {
        for (&d, &k) in &o.0 {
            *self.0.entry(d).or_insert(0) += k;
        }
    }
}

/// The completeness items of docs/kpi-definitions.md, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompletenessItem {
    FractureSite,
    Setting,
    FlsAssessmentDate,
    DxaStatus,
    FallsAssessment,
    AomRecommendation,
    FirstFollowupDate,
    AomStartDate,
    SecondFollowupDate,
    #[serde(rename = "aom_at_52_weeks")]
    AomAt52Weeks,
}

impl CompletenessItem {
    pub const ALL: [CompletenessItem; 10] = [
        Self::FractureSite,
        Self::Setting,
        Self::FlsAssessmentDate,
        Self::DxaStatus,
        Self::FallsAssessment,
        Self::AomRecommendation,
        Self::FirstFollowupDate,
        Self::AomStartDate,
        Self::SecondFollowupDate,
        Self::AomAt52Weeks,
    ];

    /// The dataset column it checks.
    pub fn code(self) -> &'static str {
        match self {
            Self::FractureSite => "fracture_site",
            Self::Setting => "setting",
            Self::FlsAssessmentDate => "fls_assessment_date",
            Self::DxaStatus => "dxa_status",
            Self::FallsAssessment => "falls_assessment",
            Self::AomRecommendation => "aom_recommendation",
            Self::FirstFollowupDate => "first_followup_date",
            Self::AomStartDate => "aom_start_date",
            Self::SecondFollowupDate => "second_followup_date",
            Self::AomAt52Weeks => "aom_at_52_weeks",
        }
    }
}

/// The windows of the definitions, in a fixed order (see [`Window::ALL`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Window {
    Assessment,
    Dxa,
    Followup,
    AomStart,
    StrengthBalance,
    Persistence,
}

impl Window {
    pub const ALL: [Window; 6] = [
        Self::Assessment,
        Self::Dxa,
        Self::Followup,
        Self::AomStart,
        Self::StrengthBalance,
        Self::Persistence,
    ];

    pub fn days(self, defs: &KpiDefinitions) -> u32 {
        let w = &defs.windows;
        match self {
            Self::Assessment => w.assessment_days,
            Self::Dxa => w.dxa_days,
            Self::Followup => w.followup_days,
            Self::AomStart => w.aom_start_days,
            Self::StrengthBalance => w.strength_balance_days,
            Self::Persistence => w.persistence_days,
        }
    }
}

/// Everything a report is made of, for one FLS or summed over many. Merge with `+=`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiCounts {
    /// The FLSs counted here: the scope, including FLSs without episodes.
    pub fls: BTreeSet<i64>,
    /// Episodes in the population P.
    pub episodes: u64,
    /// Episodes of P per site, in `FractureSite::ALL` order.
    pub by_site: [u64; 11],
    /// Episodes of P per setting, in `Setting::ALL` order.
    pub by_setting: [u64; 2],
    /// Σ `expected_non_spine_per_year` over the FLSs that have the figure.
    pub expected_non_spine_per_year: i64,
    /// Σ `expected_spine_per_year` over the FLSs that have the figure.
    pub expected_spine_per_year: i64,
    /// FLSs left out of kpi1 ("no expected caseload").
    pub no_expected_non_spine: BTreeSet<i64>,
    /// FLSs left out of kpi2.
    pub no_expected_spine: BTreeSet<i64>,
    /// Per KPI, indexed by [`KpiId::index`]. kpi1/kpi2 hold only their numerators here (the
    /// denominator is the expected caseload); kpi11 is the sum of `items`.
    pub kpis: [Tally; 12],
    /// Completeness per item, in [`CompletenessItem::ALL`] order.
    pub items: [Tally; 10],
    pub days_to_assessment: DayHistogram,
    pub days_to_dxa: DayHistogram,
    pub days_to_aom_start: DayHistogram,
    /// Episodes of P not yet due, per window in [`Window::ALL`] order.
    pub not_yet_due: [u64; 6],
    /// Episodes of P with a refracture on or before the as-of date.
    pub refractures: u64,
    /// Σ days from fracture to the earliest of refracture, death and the as-of date.
    pub followup_days: i64,
    /// Episodes of P whose patient died within the persistence window (52 weeks).
    pub deaths_within_52_weeks: u64,
    /// Dataset version 2's supporting measures, in [`measures::MeasureId::ALL`] order.
    pub measures: [Tally; 5],
    /// Refracture within 12 and within 24 months, per cell of [`measures::Split::all`].
    pub refracture_splits: [[Tally; SPLITS]; 2],
    /// FLSs whose completeness passes (numerator) of those with episodes in P
    /// (denominator): judged per FLS once its counts are complete, then summed.
    pub completeness_pass: Tally,
}

impl KpiCounts {
    pub fn kpi(&self, id: KpiId) -> Tally {
        self.kpis[id.index()]
    }

    pub fn item(&self, item: CompletenessItem) -> Tally {
        self.items[item as usize]
    }
}

impl AddAssign<&KpiCounts> for KpiCounts {
    fn add_assign(&mut self, o: &KpiCounts) {
        self.fls.extend(o.fls.iter().copied());
        self.episodes += o.episodes;
        add_arrays(&mut self.by_site, &o.by_site);
        add_arrays(&mut self.by_setting, &o.by_setting);
        self.expected_non_spine_per_year += o.expected_non_spine_per_year;
        self.expected_spine_per_year += o.expected_spine_per_year;
        self.no_expected_non_spine
            .extend(o.no_expected_non_spine.iter().copied());
        self.no_expected_spine
            .extend(o.no_expected_spine.iter().copied());
        for (a, b) in self.kpis.iter_mut().zip(o.kpis) {
            *a += b;
        }
        for (a, b) in self.items.iter_mut().zip(o.items) {
            *a += b;
        }
        self.days_to_assessment += &o.days_to_assessment;
        self.days_to_dxa += &o.days_to_dxa;
        self.days_to_aom_start += &o.days_to_aom_start;
        add_arrays(&mut self.not_yet_due, &o.not_yet_due);
        self.refractures += o.refractures;
        self.followup_days += o.followup_days;
        self.deaths_within_52_weeks += o.deaths_within_52_weeks;
        for (a, b) in self.measures.iter_mut().zip(o.measures) {
            *a += b;
        }
        for (row, other) in self.refracture_splits.iter_mut().zip(&o.refracture_splits) {
            for (a, b) in row.iter_mut().zip(other) {
                *a += *b;
            }
        }
        self.completeness_pass += o.completeness_pass;
    }
}

impl KpiCounts {
    /// The counts of one episode alone, as if its FLS had every expected figure: which side
    /// of each KPI it is on (0 or 1 per count; kpi11 and `items` count completeness items).
    /// The patient lists behind a numerator or a denominator are made from it, so they agree
    /// with the figures by construction.
    pub fn of_episode(defs: &KpiDefinitions, period: &KpiPeriod, e: &KpiEpisode) -> KpiCounts {
        let mut c = KpiCounts::default();
        add_episode(&mut c, &Prepared::new(defs, period), e, true, true);
        c
    }
}

impl<'a> std::iter::Sum<&'a KpiCounts> for KpiCounts {
    fn sum<I: Iterator<Item = &'a KpiCounts>>(iter: I) -> Self {
        let mut total = KpiCounts::default();
        for c in iter {
            total += c;
        }
        total
    }
}

fn add_arrays<const N: usize>(a: &mut [u64; N], b: &[u64; N]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

/// Dates as day numbers: cheap comparisons, and window ends that cannot overflow a `Date`.
fn day(d: Date) -> i64 {
    i64::from(d.to_julian_day())
}

/// The parameters of one run, turned into day numbers once.
#[derive(Debug, Clone, Copy)]
struct Prepared {
    from: i64,
    to: i64,
    as_of: i64,
    min_age: i32,
    windows: [i64; 6],
    dxa_before: i64,
    frax_threshold: f64,
    letter: i64,
    refracture: [i64; 2],
    completeness_limit: f64,
}

impl Prepared {
    fn new(defs: &KpiDefinitions, p: &KpiPeriod) -> Self {
        Prepared {
            from: day(p.from),
            to: day(p.to),
            as_of: day(p.as_of),
            min_age: i32::from(defs.min_age),
            windows: Window::ALL.map(|w| i64::from(w.days(defs))),
            dxa_before: i64::from(defs.windows.dxa_before_fracture_days),
            // Rounded as the rows' FRAX is (`KpiEpisode::frax_major_pct`).
            frax_threshold: f64::from(defs.frax_high_risk_threshold as f32),
            letter: i64::from(defs.windows.primary_care_letter_days),
            refracture: [
                i64::from(defs.windows.refracture_short_days),
                i64::from(defs.windows.refracture_long_days),
            ],
            completeness_limit: defs.completeness_flag_missing_above,
        }
    }
}

/// Per-FLS state of the engine: its counts and whether it has the expected figures.
#[derive(Debug)]
struct Group {
    counts: KpiCounts,
    has_non_spine: bool,
    has_spine: bool,
}

impl Group {
    fn new(fls_id: i64, expected: Option<&FlsExpected>) -> Self {
        let mut counts = KpiCounts::default();
        counts.fls.insert(fls_id);
        // A negative figure is no figure: the profile form should refuse it anyway.
        let ns = expected.and_then(|x| x.expected_non_spine_per_year.filter(|n| *n >= 0));
        let sp = expected.and_then(|x| x.expected_spine_per_year.filter(|n| *n >= 0));
        match ns {
            Some(n) => counts.expected_non_spine_per_year = n,
            None => {
                counts.no_expected_non_spine.insert(fls_id);
            }
        }
        match sp {
            Some(n) => counts.expected_spine_per_year = n,
            None => {
                counts.no_expected_spine.insert(fls_id);
            }
        }
        Group {
            counts,
            has_non_spine: ns.is_some(),
            has_spine: sp.is_some(),
        }
    }
}

/// The streaming engine: feed episodes in any order with [`KpiCounter::add`], then take
/// per-FLS or pooled counts. One pass; per episode only a lookup and integer updates.
#[derive(Debug)]
pub struct KpiCounter {
    prep: Prepared,
    index: HashMap<i64, usize>,
    groups: Vec<Group>,
    /// The group of the previous episode: rows usually come sorted by FLS.
    last: Option<(i64, usize)>,
}

impl KpiCounter {
    /// `expected`: the FLSs of the scope with their expected caseload. Every FLS listed is in
    /// the scope even without episodes (its expected fractures still count in kpi1/kpi2). One
    /// entry per FLS; of duplicates, the first is used.
    pub fn new(defs: &KpiDefinitions, period: &KpiPeriod, expected: &[FlsExpected]) -> Self {
        let mut c = KpiCounter {
            prep: Prepared::new(defs, period),
            index: HashMap::with_capacity(expected.len()),
            groups: Vec::with_capacity(expected.len()),
            last: None,
        };
        for x in expected {
            if !c.index.contains_key(&x.fls_id) {
                c.index.insert(x.fls_id, c.groups.len());
                c.groups.push(Group::new(x.fls_id, Some(x)));
            }
        }
        c
    }

    /// Count one episode. An episode of an FLS not listed in `expected` joins the scope as
    /// an FLS without expected caseload.
    pub fn add(&mut self, e: &KpiEpisode) {
        let g = match self.last {
            Some((id, g)) if id == e.fls_id => g,
            _ => {
                let g = match self.index.get(&e.fls_id) {
                    Some(&g) => g,
                    None => {
                        self.index.insert(e.fls_id, self.groups.len());
                        self.groups.push(Group::new(e.fls_id, None));
                        self.groups.len() - 1
                    }
                };
                self.last = Some((e.fls_id, g));
                g
            }
        };
        let group = &mut self.groups[g];
        add_episode(
            &mut group.counts,
            &self.prep,
            e,
            group.has_non_spine,
            group.has_spine,
        );
    }

    /// Counts per FLS of the scope.
    pub fn by_fls(self) -> BTreeMap<i64, KpiCounts> {
        let limit = self.prep.completeness_limit;
        self.groups
            .into_iter()
            .map(|mut g| {
                g.counts.judge_completeness(limit);
                let id = g.counts.fls.first().copied().unwrap_or_default();
                (id, g.counts)
            })
            .collect()
    }

    /// The counts of the whole scope: the sum of its FLSs' counts.
    pub fn pooled(mut self) -> KpiCounts {
        let limit = self.prep.completeness_limit;
        for g in &mut self.groups {
            g.counts.judge_completeness(limit);
        }
        self.groups.iter().map(|g| &g.counts).sum()
    }
}

/// Apply every rule of docs/kpi-definitions.md to one episode.
fn add_episode(c: &mut KpiCounts, p: &Prepared, e: &KpiEpisode, has_ns: bool, has_sp: bool) {
    let fd = day(e.fracture_date);
    // Population P: in the period, not after the as-of date, 50 or over at the fracture.
    if fd < p.from || fd > p.to || fd > p.as_of {
        return;
    }
    if age(e.birth_date, e.fracture_date) < p.min_age {
        return;
    }
    // Nothing recorded after the as-of date counts.
    let seen = |d: Option<Date>| d.map(day).filter(|&x| x <= p.as_of);
    let death = seen(e.death_date);
    let assessment = seen(e.fls_assessment_date);
    let dxa = seen(e.dxa_date);
    let aom_start = seen(e.aom_start_date);
    let strength_balance = seen(e.strength_balance_date);
    let followup1 = seen(e.first_followup_date);
    let followup2 = seen(e.second_followup_date);
    let refracture = seen(e.refracture_date);
    // Coded values have no date of their own; where the dataset ties one to a dated event
    // (done ⇔ a scan date; the 52-week answer is given at the second follow-up), an event
    // after the as-of date means the value had not been recorded yet.
    let dxa_status = match e.dxa_status {
        Some(DxaStatus::Done) if e.dxa_date.is_some() && dxa.is_none() => None,
        s => s,
    };
    let aom_52 = if e.second_followup_date.is_some() && followup2.is_none() {
        None
    } else {
        e.aom_at_52_weeks
    };
    let positive = e.aom_recommendation.is_some_and(|r| r.is_positive());

    let end = |w: Window| fd + p.windows[w as usize];
    let due = |w: Window| end(w) <= p.as_of;
    let died = |w: Window| death.is_some_and(|d| d <= end(w));
    let within = |d: Option<i64>, w: Window| d.is_some_and(|d| d <= end(w));

    c.episodes += 1;
    c.by_site[e.fracture_site as usize] += 1;
    c.by_setting[e.setting as usize] += 1;

    // kpi1/kpi2: only FLSs with the expected figure count on either side.
    if e.fracture_site == FractureSite::Spine {
        if has_sp {
            c.kpis[KpiId::Kpi2IdentificationSpine.index()].numerator += 1;
        }
    } else if has_ns {
        c.kpis[KpiId::Kpi1IdentificationNonSpine.index()].numerator += 1;
    }

    use Window::*;
    let k = |id: KpiId| id.index();
    let w = Assessment;
    c.kpis[k(KpiId::Kpi3Assessment12w)].windowed(due(w), died(w), within(assessment, w), false);

    if dxa_status != Some(DxaStatus::NotRequired) {
        let w = Dxa;
        // A scan up to `dxa_before` days before the fracture also counts.
        let scanned = dxa.is_some_and(|d| d >= fd - p.dxa_before && d <= end(w));
        c.kpis[k(KpiId::Kpi4Dxa12w)].windowed(due(w), died(w), scanned, false);
    }

    if e.falls_assessment != Some(FallsAssessment::NotRequired) {
        let t = &mut c.kpis[k(KpiId::Kpi5FallsAssessment)];
        t.denominator += 1;
        t.numerator += u64::from(matches!(
            e.falls_assessment,
            Some(FallsAssessment::Done | FallsAssessment::Referred)
        ));
    }

    let t = &mut c.kpis[k(KpiId::Kpi6AomRecommended)];
    t.denominator += 1;
    t.numerator += u64::from(positive);

    if positive {
        let w = Followup;
        c.kpis[k(KpiId::Kpi7Followup16w)].windowed(due(w), died(w), within(followup1, w), false);
        let w = AomStart;
        c.kpis[k(KpiId::Kpi8AomStarted16w)].windowed(due(w), died(w), within(aom_start, w), false);
        let w = Persistence;
        c.kpis[k(KpiId::Kpi10AomPersistence52w)].windowed(
            due(w),
            died(w),
            aom_52 == Some(YesNoUnknown::Yes),
            true,
        );
    }

    // kpi12: the high-risk rule with the FRAX threshold of the definitions in force now, so a
    // country that changes its threshold sees every period recounted with it.
    if e.high_risk_facts().why(p.frax_threshold).is_some() {
        let w = AomStart;
        c.kpis[k(KpiId::Kpi12HighRiskAom16w)].windowed(
            due(w),
            died(w),
            within(aom_start, w),
            false,
        );
    }

    if e.fracture_site != FractureSite::Hip {
        let w = StrengthBalance;
        c.kpis[k(KpiId::Kpi9StrengthBalance16w)].windowed(
            due(w),
            died(w),
            within(strength_balance, w),
            false,
        );
    }

    // kpi11: (item, its window or None for "always", recorded?)
    let items: [(CompletenessItem, Option<Window>, bool); 10] = [
        (CompletenessItem::FractureSite, None, true),
        (CompletenessItem::Setting, None, true),
        (
            CompletenessItem::FlsAssessmentDate,
            Some(Assessment),
            assessment.is_some(),
        ),
        (CompletenessItem::DxaStatus, Some(Dxa), dxa_status.is_some()),
        (
            CompletenessItem::FallsAssessment,
            Some(Assessment),
            e.falls_assessment.is_some(),
        ),
        (
            CompletenessItem::AomRecommendation,
            Some(Assessment),
            e.aom_recommendation.is_some(),
        ),
        (
            CompletenessItem::FirstFollowupDate,
            positive.then_some(Followup),
            followup1.is_some(),
        ),
        (
            CompletenessItem::AomStartDate,
            positive.then_some(AomStart),
            aom_start.is_some(),
        ),
        (
            CompletenessItem::SecondFollowupDate,
            positive.then_some(Persistence),
            followup2.is_some(),
        ),
        (
            CompletenessItem::AomAt52Weeks,
            positive.then_some(Persistence),
            matches!(aom_52, Some(YesNoUnknown::Yes | YesNoUnknown::No)),
        ),
    ];
    let k11 = k(KpiId::Kpi11Completeness);
    for (item, window, recorded) in items {
        let (is_due, has_died) = match (item, window) {
            (CompletenessItem::FractureSite | CompletenessItem::Setting, _) => (true, false),
            // The follow-up items of an episode without AOM recommended: not expected.
            (_, None) => continue,
            (_, Some(w)) => (due(w), died(w)),
        };
        c.items[item as usize].windowed(is_due, has_died, recorded, true);
        c.kpis[k11].windowed(is_due, has_died, recorded, true);
    }

    // Supporting measures. Medians over events on or after the fracture: a scan before it or
    // a course begun before it (`continue`) is not time the FLS took.
    if let Some(a) = assessment.filter(|&a| a >= fd) {
        c.days_to_assessment.add(a - fd);
    }
    if let Some(d) = dxa.filter(|&d| d >= fd) {
        c.days_to_dxa.add(d - fd);
    }
    if let Some(s) = aom_start.filter(|&s| s >= fd) {
        c.days_to_aom_start.add(s - fd);
    }
    for w in Window::ALL {
        if !due(w) {
            c.not_yet_due[w as usize] += 1;
        }
    }
    let refracture = refracture.filter(|&r| r > fd && death.is_none_or(|d| r <= d));
    let until = [death, refracture]
        .into_iter()
        .flatten()
        .fold(p.as_of, i64::min);
    c.followup_days += (until - fd).max(0);
    c.refractures += u64::from(refracture.is_some());
    c.deaths_within_52_weeks += u64::from(died(Persistence));

    let facts = measures::Facts {
        fd,
        as_of: p.as_of,
        death,
        letter: seen(e.primary_care_letter_date),
        refracture,
        aom_started: within(aom_start, AomStart),
        site: e.fracture_site,
        screen: e.secondary_causes_screen,
        advice: e.lifestyle_advice,
    };
    measures::add_episode(c, &facts, p.letter, p.refracture);
}
