//! Presets and sources: named sets of input values from `data/calculator-presets.json`, each
//! value with its citation, and the source of every default.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::{CalculatorInput, Field};

/// A value set by a preset, with where it comes from. A source that starts with `assumption`
/// marks a value without a published source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresetValue {
    /// A [`Field::name`].
    pub field: String,
    pub value: f64,
    pub source: String,
}

impl PresetValue {
    pub fn is_assumption(&self) -> bool {
        is_assumption(&self.source)
    }
}

/// A named set of input values, from `data/calculator-presets.json`. Inputs it does not set keep
/// their value (the spec defaults, or what the user typed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub id: String,
    pub name: String,
    /// ISO 4217 code of the preset's cost values, if it sets any.
    pub currency: Option<String>,
    /// What the preset sets, what it leaves to the user, and why.
    pub note: String,
    pub values: Vec<PresetValue>,
}

impl Preset {
    /// Sets every value of the preset in `input`. (Every field name is checked by a test.)
    pub fn apply(&self, input: &mut CalculatorInput) {
        for v in &self.values {
            if let Some(field) = Field::from_name(&v.field) {
                field.set(input, Some(v.value));
            }
        }
    }

    /// The value the preset gives `field`, with its source.
    pub fn value(&self, field: Field) -> Option<&PresetValue> {
        self.values.iter().find(|v| v.field == field.name())
    }
}

static PRESETS: LazyLock<Vec<Preset>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../data/calculator-presets.json"))
        .expect("data/calculator-presets.json is valid (checked by a test)")
});

/// Every preset, in file order; the first is the Glasgow FLS (McLellan 2011).
pub fn presets() -> Vec<Preset> {
    PRESETS.clone()
}

/// The preset with this id.
pub fn preset(id: &str) -> Option<Preset> {
    PRESETS.iter().find(|p| p.id == id).cloned()
}

/// True for a source string that marks a value without a published source.
pub fn is_assumption(source: &str) -> bool {
    source
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("assumption")
}

/// The source of every default of [`CalculatorInput::default`], by field name, as the spec
/// gives it. Inputs without a default (patients, population, incidence, and the costs other than
/// `cost_usual_per_patient`) are not listed: the user enters them or picks a preset.
pub fn default_sources() -> Vec<(&'static str, &'static str)> {
    const BALASUBRAMANIAN: &str = "Balasubramanian A et al., Risk of subsequent fracture after \
        prior fracture among older women, Osteoporos Int 2019;30:79-92: cumulative risk 10 % at \
        1 year, 18 % at 2 years, 31 % at 5 years";
    vec![
        (
            "horizon_years",
            "assumption: 5 years, a usual planning period for a service",
        ),
        (
            "usual_care_treated",
            "IOF Capture the Fracture: about 80 % of fragility-fracture patients are not \
             treated after the fracture",
        ),
        (
            "fls_identified",
            "assumption: 80 % of eligible patients identified by the FLS",
        ),
        (
            "fls_recommended",
            "McLellan AR et al., Osteoporos Int 2011;22:2083-98 (Glasgow FLS): 740 of 1,000 \
             patients required treatment",
        ),
        (
            "fls_started",
            "McLellan AR et al., Osteoporos Int 2011;22:2083-98 (Glasgow FLS): 686 of the 740 \
             requiring treatment were treated (0.93)",
        ),
        (
            "persistence_year1",
            "REFRA-FLS, Spain, Arch Osteoporos 2022;17:138: persistence at 52 weeks",
        ),
        (
            "persistence_retention",
            "assumption: 80 % of those treated in a year stay treated the next year",
        ),
        ("refracture_cumulative_1y", BALASUBRAMANIAN),
        ("refracture_cumulative_2y", BALASUBRAMANIAN),
        ("refracture_cumulative_5y", BALASUBRAMANIAN),
        (
            "site_share_hip",
            "assumption: 20 % of subsequent fractures are hip",
        ),
        (
            "site_share_vertebral",
            "assumption: 20 % of subsequent fractures are clinical vertebral",
        ),
        (
            "site_share_other",
            "assumption: 60 % of subsequent fractures are at other sites",
        ),
        (
            "risk_reduction_hip",
            "pooled bisphosphonate trials: hip fracture relative risk 0.66",
        ),
        (
            "risk_reduction_vertebral",
            "alendronate, Fracture Intervention Trial (FIT): clinical vertebral fracture relative \
             risk reduction 47 %",
        ),
        (
            "risk_reduction_other",
            "assumption: 20 % relative risk reduction at other sites",
        ),
        (
            "annual_mortality",
            "assumption: 0 (the cumulative risks above are observed and already reflect deaths); \
             raise for older cohorts",
        ),
        (
            "cost_usual_per_patient",
            "assumption: 0 (no assessment cost under usual care)",
        ),
    ]
}
