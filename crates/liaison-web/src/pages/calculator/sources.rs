//! The sources of the calculator's default values.

use super::*;
use crate::i18n::Tr;
use liaison_app::calculator::RegistryFill;
use liaison_domain::calculator::{self as calc, CalculatorForm, Field, Preset};

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

/// Where the value of an input comes from, as shown beside it and in the inputs table.
pub(super) struct Source {
    /// `default`, `preset`, `registry` or `user`.
    pub(super) kind: &'static str,
    pub(super) text: String,
    pub(super) assumption: bool,
}

pub(super) fn default_source(field: Field) -> Option<&'static str> {
    calc::default_sources()
        .into_iter()
        .find(|(f, _)| *f == field.name())
        .map(|(_, s)| s)
}

/// The source of a default in the reader's language (`calculator-default-source-<field>`).
pub(super) fn default_source_text(tr: &Tr, field: Field, english: &str) -> String {
    tr.t_or(
        &format!("calculator-default-source-{}", field.name()),
        english,
    )
}

/// The Fluent key of a preset's text: `preset-<id>-name`, `-note`, or `-source-<field>`.
pub fn preset_key(id: &str, what: &str) -> String {
    format!("preset-{id}-{what}")
}

/// A preset's name, note or a value's source in the reader's language.
pub(super) fn preset_text(tr: &Tr, p: &Preset, what: &str, english: &str) -> String {
    tr.t_or(&preset_key(&p.id, what), english)
}

pub(super) fn registry_note(tr: &Tr, fill: &RegistryFill, field: Field) -> Option<String> {
    let i = fill.inputs.iter().find(|i| i.field == field)?;
    let n = Num(tr.lang);
    let (num, den) = match i.basis.code() {
        "identification" => (n.count(i.numerator), n.fractures(i.denominator)),
        "persistence" => (n.pct(i.numerator), n.pct(i.denominator)),
        _ => (n.count(i.numerator), n.count(i.denominator)),
    };
    let from = if i.field == Field::PatientsPerYear {
        fill.from_12_months
    } else {
        fill.from_24_months
    };
    let mut text = tr.ta(
        &format!("calculator-registry-basis-{}", i.basis.code()),
        &[
            ("num", num),
            ("den", den),
            ("from", tr.date(&from)),
            ("to", tr.date(&fill.today)),
        ],
    );
    if i.value.is_none() {
        text = format!("{text} {}", tr.t("calculator-registry-no-data"));
    }
    Some(text)
}

/// The source with what it is ("Preset: …", "Registry: …"), for tables and the CSV.
pub(super) fn labelled(tr: &Tr, s: &Source) -> String {
    match s.kind {
        "preset" | "registry" => format!(
            "{}: {}",
            tr.t(&format!("calculator-source-{}", s.kind)),
            s.text
        ),
        _ => s.text.clone(),
    }
}

pub(super) fn source_of(tr: &Tr, p: &Prepared, field: Field) -> Source {
    let value = p.q.form.get(field);
    if let Some(fill) = &p.fill
        && let Some(i) = fill.inputs.iter().find(|i| i.field == field)
        && i.value.is_some_and(|v| value_text(field, v) == value)
    {
        return Source {
            kind: "registry",
            text: format!(
                "{}: {}",
                fill.fls.name,
                registry_note(tr, fill, field).unwrap_or_default()
            ),
            assumption: false,
        };
    }
    if let Some(b) = &p.q.basis
        && let Some(v) = b.value(field)
        && value_text(field, v.value) == value
    {
        return Source {
            kind: "preset",
            text: preset_text(tr, b, &format!("source-{}", field.name()), &v.source),
            assumption: v.is_assumption(),
        };
    }
    let default = CalculatorForm::default();
    if let Some(s) = default_source(field)
        && default.get(field) == value
    {
        return Source {
            kind: "default",
            text: default_source_text(tr, field, s),
            assumption: calc::is_assumption(s),
        };
    }
    Source {
        kind: "user",
        text: tr.t("calculator-source-user"),
        assumption: false,
    }
}
