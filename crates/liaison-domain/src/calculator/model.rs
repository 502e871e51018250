//! The model: yearly hazard, survival and persistence, the fractures, patients treated and
//! costs of each year and cohort, and [`calculate`].

use serde::{Deserialize, Serialize};

use super::{CalculatorInput, CumulativeRisk, MODEL_VERSION, PerSite, Site};
use crate::error::Invalid;

/// Yearly untreated hazard h_k (k = 1..=10): h_1 = C1, h_2 = C2 − C1, h_k = (C5 − C2) / 3 for
/// k ≥ 3 (years 6 to 10 extrapolate the rate of years 3 to 5).
pub fn hazard(c: &CumulativeRisk, k: u32) -> f64 {
    match k {
        1 => c.year_1,
        2 => c.year_2 - c.year_1,
        _ => (c.year_5 - c.year_2) / 3.0,
    }
}

/// Survival S_k = (1 − m)^(k−1): share of the cohort alive at the start of its k-th year.
pub fn survival(m: f64, k: u32) -> f64 {
    (1.0 - m).powi(exp(k))
}

/// Persistence P_k = a · ρ^(k−1): share of starters still treated in the cohort's k-th year.
pub fn persistence(a: f64, rho: f64, k: u32) -> f64 {
    a * rho.powi(exp(k))
}

fn exp(k: u32) -> i32 {
    i32::try_from(k.saturating_sub(1)).unwrap_or(i32::MAX)
}

/// Fractures by site in each scenario, and the difference.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Fractures {
    pub usual_care: PerSite<f64>,
    pub fls: PerSite<f64>,
    /// usual_care − fls.
    pub prevented: PerSite<f64>,
}

impl Fractures {
    fn add_assign(&mut self, other: &Fractures) {
        self.usual_care.add_assign(&other.usual_care);
        self.fls.add_assign(&other.fls);
        self.prevented.add_assign(&other.prevented);
    }
}

/// Patients treated with AOM. "Starters" are patients who start treatment (F · T_x per cohort);
/// "patient-years" count the years on treatment, Σ F · S_k · T_x · P_k.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Treated {
    pub starters_usual_care: f64,
    pub starters_fls: f64,
    /// starters_fls − starters_usual_care.
    pub extra_starters: f64,
    pub patient_years_usual_care: f64,
    pub patient_years_fls: f64,
    /// patient_years_fls − patient_years_usual_care: the years the extra drug cost pays for.
    pub extra_patient_years: f64,
}

impl Treated {
    fn add_assign(&mut self, o: &Treated) {
        self.starters_usual_care += o.starters_usual_care;
        self.starters_fls += o.starters_fls;
        self.extra_starters += o.extra_starters;
        self.patient_years_usual_care += o.patient_years_usual_care;
        self.patient_years_fls += o.patient_years_fls;
        self.extra_patient_years += o.extra_patient_years;
    }
}

/// Money, in the currency of the cost inputs. Positive `net_saving` = the FLS saves money.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Costs {
    /// Σ prevented_j · c_j, by site.
    pub fracture_costs_avoided: PerSite<f64>,
    /// F · (identified · cost_fls_per_patient − cost_usual_per_patient) for each cohort that
    /// enters (H cohorts over the horizon).
    pub service_cost: f64,
    /// Σ F · S_k · (T_fls − T_uc) · P_k · cost_drug_per_year.
    pub extra_drug_cost: f64,
    /// fracture costs avoided − service cost − extra drug cost.
    pub net_saving: f64,
}

impl Costs {
    fn add_assign(&mut self, o: &Costs) {
        self.fracture_costs_avoided
            .add_assign(&o.fracture_costs_avoided);
        self.service_cost += o.service_cost;
        self.extra_drug_cost += o.extra_drug_cost;
        self.net_saving += o.net_saving;
    }
}

/// One calendar year of the service (1..=H): the chart's data. Year y counts cohorts 1..=y,
/// cohort c in its (y − c + 1)-th year; the service cost of a cohort falls in its entry year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearRow {
    pub year: u32,
    /// Cohorts followed this year (= year).
    pub cohorts: u32,
    pub fractures: Fractures,
    pub treated: Treated,
    pub costs: Costs,
    /// Net saving of years 1..=year.
    pub cumulative_net_saving: f64,
}

/// One cohort: the F patients entering in service year `cohort`, followed `years_followed`
/// = H − cohort + 1 years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortRow {
    pub cohort: u32,
    pub years_followed: u32,
    pub fractures: Fractures,
    pub treated: Treated,
    pub costs: Costs,
}

/// Cost per fracture prevented = (service cost + extra drug cost − fracture costs avoided) /
/// fractures prevented.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CostPerFracturePrevented {
    /// Net cost > 0 and fractures prevented > 0.
    Cost { value: f64 },
    /// Net cost ≤ 0 with fractures prevented: the FLS saves money and prevents fractures (it
    /// "dominates" usual care). No ratio is given: a negative cost per fracture would rank a
    /// bigger saving with fewer fractures as "better", which is meaningless.
    CostSaving { net_saving: f64 },
    /// No fracture prevented (T_fls ≤ T_uc, zero risk or zero patients): no ratio.
    NoFracturesPrevented,
}

/// The model's answer for the whole horizon, with a row per service year and per cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalculatorResult {
    pub model_version: u32,
    /// F as used (from `patients_per_year` or population × incidence).
    pub patients_per_year: f64,
    pub horizon_years: u32,
    /// H · F.
    pub patients_total: f64,
    /// T_uc.
    pub treated_share_usual_care: f64,
    /// T_fls = identified × recommended × started.
    pub treated_share_fls: f64,
    /// h_k, S_k, P_k for k = 1..=H, shown so every number can be checked.
    pub hazard: Vec<f64>,
    pub survival: Vec<f64>,
    pub persistence: Vec<f64>,
    /// Starters per year under usual care, F · T_uc.
    pub starters_per_year_usual_care: f64,
    /// Starters per year with the FLS, F · T_fls.
    pub starters_per_year_fls: f64,
    pub fractures: Fractures,
    pub treated: Treated,
    pub costs: Costs,
    /// service cost + extra drug cost − fracture costs avoided (= −net saving).
    pub net_cost: f64,
    /// Extra starters over the horizon per fracture prevented over the horizon;
    /// `None` when no fracture is prevented or no extra patient is treated.
    pub number_needed_to_treat: Option<f64>,
    pub cost_per_fracture_prevented: CostPerFracturePrevented,
    /// fracture costs avoided / (service cost + extra drug cost); `None` when nothing is
    /// spent (the denominator is ≤ 0).
    pub return_per_unit_spent: Option<f64>,
    pub years: Vec<YearRow>,
    pub cohorts: Vec<CohortRow>,
}

/// Validates the input and runs the model.
pub fn calculate(input: &CalculatorInput) -> Result<CalculatorResult, Invalid> {
    input.validate()?;
    Ok(compute(input))
}

/// The model on an input known to be valid.
pub(super) fn compute(input: &CalculatorInput) -> CalculatorResult {
    let f = input.patients_per_year_effective().unwrap_or(0.0);
    let h = input.horizon_years;
    let t_uc = input.usual_care_treated;
    let t_fls = input.fls_treated();
    let cost_site = PerSite {
        hip: input.cost_fracture.hip.unwrap_or(0.0),
        vertebral: input.cost_fracture.vertebral.unwrap_or(0.0),
        other: input.cost_fracture.other.unwrap_or(0.0),
    };
    let cost_drug = input.cost_drug_per_year.unwrap_or(0.0);
    let service_per_cohort = f
        * (input.fls_identified * input.cost_fls_per_patient.unwrap_or(0.0)
            - input.cost_usual_per_patient);

    let ks: Vec<u32> = (1..=h).collect();
    let hz: Vec<f64> = ks
        .iter()
        .map(|&k| hazard(&input.refracture_cumulative, k))
        .collect();
    let sv: Vec<f64> = ks
        .iter()
        .map(|&k| survival(input.annual_mortality, k))
        .collect();
    let ps: Vec<f64> = ks
        .iter()
        .map(|&k| persistence(input.persistence_year1, input.persistence_retention, k))
        .collect();

    let empty_costs = Costs::default();
    let mut years: Vec<YearRow> = (1..=h)
        .map(|y| YearRow {
            year: y,
            cohorts: y,
            fractures: Fractures::default(),
            treated: Treated::default(),
            costs: empty_costs,
            cumulative_net_saving: 0.0,
        })
        .collect();
    let mut cohorts: Vec<CohortRow> = (1..=h)
        .map(|c| CohortRow {
            cohort: c,
            years_followed: h - c + 1,
            fractures: Fractures::default(),
            treated: Treated::default(),
            costs: empty_costs,
        })
        .collect();

    for c in 1..=h {
        let ci = (c - 1) as usize;
        let service = Costs {
            service_cost: service_per_cohort,
            net_saving: -service_per_cohort,
            ..Costs::default()
        };
        let starters = Treated {
            starters_usual_care: f * t_uc,
            starters_fls: f * t_fls,
            extra_starters: f * t_fls - f * t_uc,
            ..Treated::default()
        };
        cohorts[ci].costs.add_assign(&service);
        cohorts[ci].treated.add_assign(&starters);
        years[ci].costs.add_assign(&service);
        years[ci].treated.add_assign(&starters);

        for k in 1..=(h - c + 1) {
            let ki = (k - 1) as usize;
            let yi = (c + k - 2) as usize;
            let (s_k, h_k, p_k) = (sv[ki], hz[ki], ps[ki]);
            let mut fr = Fractures::default();
            let mut avoided = PerSite::default();
            for site in Site::ALL {
                let base = f * s_k * h_k * input.site_share.get(site);
                let r = input.risk_reduction.get(site);
                let usual = base * (1.0 - t_uc * p_k * r);
                let fls = base * (1.0 - t_fls * p_k * r);
                fr.usual_care.set(site, usual);
                fr.fls.set(site, fls);
                fr.prevented.set(site, usual - fls);
                avoided.set(site, (usual - fls) * cost_site.get(site));
            }
            let py_uc = f * s_k * t_uc * p_k;
            let py_fls = f * s_k * t_fls * p_k;
            let tr = Treated {
                patient_years_usual_care: py_uc,
                patient_years_fls: py_fls,
                extra_patient_years: py_fls - py_uc,
                ..Treated::default()
            };
            let drug = f * s_k * (t_fls - t_uc) * p_k * cost_drug;
            let money = Costs {
                fracture_costs_avoided: avoided,
                service_cost: 0.0,
                extra_drug_cost: drug,
                net_saving: avoided.total() - drug,
            };
            cohorts[ci].fractures.add_assign(&fr);
            cohorts[ci].treated.add_assign(&tr);
            cohorts[ci].costs.add_assign(&money);
            years[yi].fractures.add_assign(&fr);
            years[yi].treated.add_assign(&tr);
            years[yi].costs.add_assign(&money);
        }
    }

    let mut fractures = Fractures::default();
    let mut treated = Treated::default();
    let mut costs = Costs::default();
    let mut running = 0.0;
    for row in &mut years {
        running += row.costs.net_saving;
        row.cumulative_net_saving = running;
        fractures.add_assign(&row.fractures);
        treated.add_assign(&row.treated);
        costs.add_assign(&row.costs);
    }

    let prevented = fractures.prevented.total();
    let spent = costs.service_cost + costs.extra_drug_cost;
    let net_cost = -costs.net_saving;
    let number_needed_to_treat = (prevented > 0.0 && treated.extra_starters > 0.0)
        .then(|| treated.extra_starters / prevented);
    let cost_per_fracture_prevented = if prevented <= 0.0 {
        CostPerFracturePrevented::NoFracturesPrevented
    } else if net_cost <= 0.0 {
        CostPerFracturePrevented::CostSaving {
            net_saving: costs.net_saving,
        }
    } else {
        CostPerFracturePrevented::Cost {
            value: net_cost / prevented,
        }
    };
    let return_per_unit_spent = (spent > 0.0).then(|| costs.fracture_costs_avoided.total() / spent);

    CalculatorResult {
        model_version: MODEL_VERSION,
        patients_per_year: f,
        horizon_years: h,
        patients_total: f64::from(h) * f,
        treated_share_usual_care: t_uc,
        treated_share_fls: t_fls,
        hazard: hz,
        survival: sv,
        persistence: ps,
        starters_per_year_usual_care: f * t_uc,
        starters_per_year_fls: f * t_fls,
        fractures,
        treated,
        costs,
        net_cost,
        number_needed_to_treat,
        cost_per_fracture_prevented,
        return_per_unit_spent,
        years,
        cohorts,
    }
}
