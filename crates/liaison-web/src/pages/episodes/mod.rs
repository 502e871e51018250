//! The registry pages: the FLS's patient list and search, registering a fracture, the episode
//! page with its pathway and history, deleted episodes and their restore, and the worklists
//! with their exports.

use super::FormErrors;
use crate::AppState;
use crate::ctx::{Ctx, Signed, deny};
use crate::error::AppError;
use liaison_app::orgs::FlsRow;
use liaison_domain::dataset::{self as ds, EpisodeInput};

mod changes;
mod deleted;
mod episode;
mod letter;
mod letter_view;
mod list;
mod register;
mod timeline;
mod worklists;

pub use deleted::{deleted, restore};
pub use episode::*;
pub use letter::{letter, letter_sent};
pub use list::*;
pub use register::*;
pub use timeline::accept_refracture;
pub use worklists::*;

/// One input of the episode form, ready for the template.
pub struct FieldView {
    pub name: &'static str,
    pub label: String,
    pub value: String,
    /// `text`, `date`, `decimal`, `select`, `textarea`
    pub kind: &'static str,
    pub options: Vec<(String, String)>,
    pub error: String,
    /// Marked, and refused blank by the validation (`REQUIRED_COLUMNS`).
    pub required: bool,
    /// A line under the label, when the field has one in the reader's language.
    pub hint: Option<String>,
}

impl FieldView {
    /// The ids of the hint and the error under the label, for `aria-describedby`.
    pub fn describedby(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("h-{}", self.name));
        }
        if !self.error.is_empty() {
            ids.push(format!("e-{}", self.name));
        }
        ids.join(" ")
    }
}

pub struct Group {
    pub key: &'static str,
    pub title: String,
    pub fields: Vec<FieldView>,
}

const GROUPS: &[(&str, &[&str])] = &[
    (
        "identity",
        &[
            "patient_ref",
            "fracture_date",
            "sex",
            "birth_date",
            "death_date",
        ],
    ),
    (
        "contact",
        &[
            "family_name",
            "given_names",
            "phone",
            "primary_care_contact",
            // Dataset version 2: asked with the contact details.
            "residence_before",
        ],
    ),
    (
        "fracture",
        &[
            "fracture_site",
            "spine_detection",
            "fracture_icd10",
            "setting",
            "identified_date",
            "identification_route",
        ],
    ),
    (
        "assessment",
        &[
            "fls_assessment_date",
            "dxa_status",
            "dxa_date",
            "t_score_lumbar_spine",
            "t_score_total_hip",
            "t_score_femoral_neck",
            "frax_major_pct",
            "frax_hip_pct",
            "falls_assessment",
            // Dataset version 2.
            "high_risk",
            "secondary_causes_screen",
            "lifestyle_advice",
        ],
    ),
    (
        "treatment",
        &[
            "aom_recommendation",
            "aom_recommended_atc",
            "aom_start_date",
            "aom_start_atc",
            "strength_balance_date",
        ],
    ),
    (
        "followup",
        &[
            "first_followup_date",
            "second_followup_date",
            "aom_at_52_weeks",
            "refracture_date",
            "refracture_site",
            // Dataset version 2.
            "primary_care_letter_date",
        ],
    ),
    // Dataset version 2: the FLS stops following the episode (off every worklist).
    ("closing", &["closed_date", "closed_reason"]),
    ("notes", &["notes"]),
];

/// A section of the episode form by its key, as sent by its save button.
fn group_key(key: &str) -> Option<&'static str> {
    GROUPS.iter().map(|(k, _)| *k).find(|k| *k == key)
}

/// The fields of the short registration form: key fields first.
const SHORT: &[&str] = &[
    "patient_ref",
    "fracture_date",
    "sex",
    "birth_date",
    "fracture_site",
    "spine_detection",
    "setting",
    "family_name",
    "given_names",
];

/// A medicine's name in the reader's language (`drug-<ATC code>`: the international
/// non-proprietary name as each language writes it) with its ATC code, which names it
/// everywhere.
pub(super) fn drug(ctx: &Ctx, code: &str, english: &str) -> String {
    let key = format!("drug-{}", code.trim_end_matches('*'));
    format!("{} ({code})", ctx.tr.t_or(&key, english))
}

fn options(ctx: &Ctx, name: &str) -> Option<Vec<(String, String)>> {
    let codes: Vec<&'static str> = match name {
        "sex" => ds::Sex::codes(),
        "fracture_site" | "refracture_site" => ds::FractureSite::codes(),
        "spine_detection" => ds::SpineDetection::codes(),
        "setting" => ds::Setting::codes(),
        "identification_route" => ds::IdentificationRoute::codes(),
        "dxa_status" => ds::DxaStatus::codes(),
        "falls_assessment" => ds::FallsAssessment::codes(),
        "aom_recommendation" => ds::AomRecommendation::codes(),
        "aom_at_52_weeks" => ds::YesNoUnknown::codes(),
        "closed_reason" => ds::ClosedReason::codes(),
        "residence_before" => ds::Residence::codes(),
        "high_risk" => ds::YesNo::codes(),
        "secondary_causes_screen" => ds::SecondaryCausesScreen::codes(),
        "lifestyle_advice" => ds::LifestyleAdvice::codes(),
        "aom_recommended_atc" | "aom_start_atc" => {
            let mut v = vec![(String::new(), "—".to_string())];
            v.extend(
                ds::ATC
                    .iter()
                    .filter(|(c, _)| !c.ends_with('*'))
                    .map(|(c, n)| (c.to_string(), drug(ctx, c, n))),
            );
            return Some(v);
        }
        _ => return None,
    };
    let kind = if name == "refracture_site" {
        "fracture_site"
    } else {
        name
    };
    let mut v = vec![(String::new(), "—".to_string())];
    v.extend(
        codes
            .into_iter()
            .map(|c| (c.to_string(), ctx.t(&format!("opt-{kind}-{c}")))),
    );
    Some(v)
}

/// A field holding a number typed by a person (a decimal or a date).
pub(super) fn numeric(name: &str) -> bool {
    name.ends_with("_date") || name.starts_with("t_score") || name.starts_with("frax")
}

fn field_view(
    ctx: &Ctx,
    input: &EpisodeInput,
    errors: &FormErrors,
    name: &'static str,
) -> FieldView {
    let value = input.get(name).unwrap_or("").to_string();
    let opts = options(ctx, name);
    let kind = if opts.is_some() {
        "select"
    } else if name == "notes" {
        "textarea"
    } else if name.ends_with("_date") {
        "date"
    } else if numeric(name) {
        "decimal"
    } else {
        "text"
    };
    let mut options = opts.unwrap_or_default();
    // A stored code outside the list (an ATC sub-code, say) stays selectable.
    if kind == "select" && !value.is_empty() && !options.iter().any(|(v, _)| *v == value) {
        options.push((value.clone(), value.clone()));
    }
    // A decimal reads in the page's digits (Arabic-Indic in Arabic); a date field is the
    // browser's own control, which takes ISO dates only.
    let value = if kind == "decimal" {
        liaison_domain::format::editable(ctx.tr.lang, &value)
    } else {
        value
    };
    FieldView {
        name,
        label: ctx.tr.field(name),
        value,
        kind,
        options,
        error: errors.for_field(name),
        required: ds::REQUIRED_COLUMNS.contains(&name),
        hint: ctx.tr.optional(&format!("hint-{name}")),
    }
}

fn groups(ctx: &Ctx, input: &EpisodeInput, errors: &FormErrors) -> Vec<Group> {
    GROUPS
        .iter()
        .map(|(key, names)| Group {
            key,
            title: ctx.t(&format!("group-episode-{key}")),
            fields: names
                .iter()
                .map(|n| field_view(ctx, input, errors, n))
                .collect(),
        })
        .collect()
}

async fn readable(app: &AppState, who: &Signed, code: &str) -> Result<FlsRow, AppError> {
    match liaison_app::orgs::fls_by_code(app, &who.s.access.read_patients, code).await? {
        Some(f) => Ok(f),
        None => Err(deny(app, who, "patients").await),
    }
}

async fn writable(app: &AppState, who: &Signed, code: &str) -> Result<FlsRow, AppError> {
    match liaison_app::orgs::fls_by_code(app, &who.s.access.write_patients, code).await? {
        Some(f) => Ok(f),
        None => Err(deny(app, who, "patients write").await),
    }
}

#[cfg(test)]
mod tests {
    /// A column missing from the form would be posted blank, and cleared by every save.
    /// `fls_code` is the FLS of the page's address.
    #[test]
    fn the_form_has_every_column_once() {
        let mut form: Vec<&str> = super::GROUPS
            .iter()
            .flat_map(|(_, f)| f.iter().copied())
            .collect();
        form.sort_unstable();
        let mut columns: Vec<&str> = super::ds::COLUMNS
            .into_iter()
            .filter(|c| *c != "fls_code")
            .collect();
        columns.sort_unstable();
        assert_eq!(form, columns);
    }
}
