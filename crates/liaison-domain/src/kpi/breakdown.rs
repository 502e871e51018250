//! Breakdowns (dataset version 2): every KPI and measure split by a characteristic of the
//! patient (age band at fracture, sex, residence before the fracture, fracture site, setting)
//! or, for scopes above one FLS, by country and by FLS. The cells of a breakdown add up to the
//! figure without breakdown: each episode of the population falls in exactly one cell, and a
//! cell's counts are made by the same engine as the total's.
//!
//! What a viewer may see of the cells is decided in `benchmark::breakdown`.

use super::counts::{KpiCounter, KpiCounts};
use super::definitions::KpiDefinitions;
use super::episode::{FlsExpected, KpiEpisode};
use super::{KpiId, KpiPeriod};
use crate::dataset::{FractureSite, Residence, Setting, Sex, age};
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// What a figure is broken down by (`by=` in pages, the API and the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Age,
    Sex,
    Residence,
    Site,
    Setting,
    Country,
    Fls,
}

/// Age bands at fracture. `under_50` holds the episodes of a deployment whose definitions
/// take patients younger than 50 (`min_age` below 50); it is empty otherwise and not shown.
pub const AGE_BANDS: [&str; 6] = ["under_50", "50-59", "60-69", "70-79", "80-89", "90+"];

impl Dimension {
    pub const ALL: [Dimension; 7] = [
        Dimension::Age,
        Dimension::Sex,
        Dimension::Residence,
        Dimension::Site,
        Dimension::Setting,
        Dimension::Country,
        Dimension::Fls,
    ];

    /// The characteristics of the patient: any scope can be broken down by them.
    pub const PATIENT: [Dimension; 5] = [
        Dimension::Age,
        Dimension::Sex,
        Dimension::Residence,
        Dimension::Site,
        Dimension::Setting,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Dimension::Age => "age",
            Dimension::Sex => "sex",
            Dimension::Residence => "residence",
            Dimension::Site => "site",
            Dimension::Setting => "setting",
            Dimension::Country => "country",
            Dimension::Fls => "fls",
        }
    }

    pub fn parse(s: &str) -> Option<Dimension> {
        let t = s.trim();
        Dimension::ALL
            .into_iter()
            .find(|d| d.code().eq_ignore_ascii_case(t))
    }

    /// By a characteristic of the patient (not by place).
    pub fn is_patient(self) -> bool {
        !matches!(self, Dimension::Country | Dimension::Fls)
    }

    /// The dimensions a scope can be broken down by: by country and by FLS only above one FLS.
    pub fn allowed(single_fls: bool) -> &'static [Dimension] {
        if single_fls {
            &Dimension::PATIENT
        } else {
            &Dimension::ALL
        }
    }

    /// Read `by` as sent: blank is no breakdown; anything else must be one of the dimensions
    /// the scope allows, or the error names the field, the value and the allowed values.
    pub fn read(s: &str, single_fls: bool) -> Result<Option<Dimension>, FieldError> {
        if s.trim().is_empty() {
            return Ok(None);
        }
        let allowed = Dimension::allowed(single_fls);
        match Dimension::parse(s).filter(|d| allowed.contains(d)) {
            Some(d) => Ok(Some(d)),
            None => Err(FieldError::new("by", s, "one_of").arg(
                "allowed",
                allowed
                    .iter()
                    .map(|d| d.code())
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
        }
    }

    /// The cells of a patient dimension, as codes, in order (none for country and FLS, whose
    /// cells are the scope's places).
    pub fn cells(self) -> Vec<&'static str> {
        match self {
            Dimension::Age => AGE_BANDS.to_vec(),
            Dimension::Sex => Sex::codes(),
            Dimension::Residence => Residence::codes(),
            Dimension::Site => FractureSite::codes(),
            Dimension::Setting => Setting::codes(),
            Dimension::Country | Dimension::Fls => Vec::new(),
        }
    }

    /// The cell of an episode, as an index into [`Dimension::cells`]; `None` for country and
    /// FLS. Total: every episode has exactly one cell, so the cells add up.
    pub fn cell_of(self, e: &KpiEpisode) -> Option<usize> {
        Some(match self {
            Dimension::Age => match age(e.birth_date, e.fracture_date) {
                ..50 => 0,
                50..=59 => 1,
                60..=69 => 2,
                70..=79 => 3,
                80..=89 => 4,
                _ => 5,
            },
            Dimension::Sex => e.sex as usize,
            // Blank counts as `unknown`.
            Dimension::Residence => e.residence_before.unwrap_or(Residence::Unknown) as usize,
            Dimension::Site => e.fracture_site as usize,
            Dimension::Setting => e.setting as usize,
            Dimension::Country | Dimension::Fls => return None,
        })
    }

    /// Is this cell shown? Every cell is, but `under_50` only when the definitions admit
    /// patients under 50 (its counts are zero otherwise).
    pub fn shows_cell(self, cell: usize, defs: &KpiDefinitions) -> bool {
        !(self == Dimension::Age && cell == 0 && defs.min_age >= 50)
    }
}

/// kpi1 and kpi2 compare with an FLS's expected caseload, which is known per FLS, not per
/// age band or sex: split by a characteristic of the patient they show the count identified
/// in each cell and no proportion (docs/decisions.md).
pub fn has_proportion_in_cell(id: KpiId, by: Dimension) -> bool {
    !(by.is_patient()
        && matches!(
            id,
            KpiId::Kpi1IdentificationNonSpine | KpiId::Kpi2IdentificationSpine
        ))
}

/// The one-pass engine per cell: one [`KpiCounter`] per cell of a patient dimension, each over
/// the same FLSs, so kpi1/kpi2's "FLS has an expected caseload" is decided as for the total.
#[derive(Debug)]
pub struct BreakdownCounter {
    by: Dimension,
    cells: Vec<KpiCounter>,
}

impl BreakdownCounter {
    /// `by` must be a patient dimension (country and FLS cells are sums of FLS counts).
    pub fn new(
        defs: &KpiDefinitions,
        period: &KpiPeriod,
        expected: &[FlsExpected],
        by: Dimension,
    ) -> Self {
        BreakdownCounter {
            by,
            cells: by
                .cells()
                .iter()
                .map(|_| KpiCounter::new(defs, period, expected))
                .collect(),
        }
    }

    pub fn add(&mut self, e: &KpiEpisode) {
        if let Some(c) = self.by.cell_of(e).and_then(|i| self.cells.get_mut(i)) {
            c.add(e);
        }
    }

    /// Counts per cell, pooled over the FLSs. Every cell's counts carry the FLSs' expected
    /// caseloads (kpi1/kpi2 denominators are not split: see [`has_proportion_in_cell`]).
    pub fn pooled(self) -> Vec<KpiCounts> {
        self.cells.into_iter().map(KpiCounter::pooled).collect()
    }
}

/// The counts of each cell of `by` over `episodes` (a patient dimension).
pub fn count_cells(
    defs: &KpiDefinitions,
    episodes: &[KpiEpisode],
    expected: &[FlsExpected],
    period: &KpiPeriod,
    by: Dimension,
) -> Vec<KpiCounts> {
    let mut c = BreakdownCounter::new(defs, period, expected, by);
    episodes.iter().for_each(|e| c.add(e));
    c.pooled()
}
