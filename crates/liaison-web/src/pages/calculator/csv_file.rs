//! The calculator's results as CSV.

use super::*;
use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{AppError, PageResult};
use crate::i18n::Tr;
use crate::pages::FormErrors;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use liaison_domain::calculator::{CostPerFracturePrevented, Field, Site};

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/// Numbers in full precision, `.` as the separator: a CSV is for machines and spreadsheets.
fn raw(x: f64) -> String {
    format!("{x}")
}

pub async fn export(State(app): State<AppState>, ctx: Ctx, RawQuery(q): RawQuery) -> PageResult {
    let p = prepare(&app, &ctx, q.as_deref()).await?;
    let tr = &ctx.tr;
    let c = match &p.outcome {
        Some(Ok(c)) => c,
        Some(Err(inv)) => {
            let text: Vec<String> = FormErrors::from_invalid(tr, inv)
                .all()
                .iter()
                .map(|(_, m)| m.clone())
                .collect();
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                text.join("\n") + "\n",
            )
                .into_response());
        }
        None => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                tr.t("calculator-csv-empty") + "\n",
            )
                .into_response());
        }
    };
    // Without every cost the money rows would be made of placeholders: ask for the costs.
    if !c.costs_needed.is_empty() {
        let mut inv = liaison_domain::error::Invalid::default();
        for f in &c.costs_needed {
            inv.push(liaison_domain::error::FieldError::new(
                f.name(),
                "",
                "required",
            ));
        }
        let text: Vec<String> = FormErrors::from_invalid(tr, &inv)
            .all()
            .iter()
            .map(|(_, m)| m.clone())
            .collect();
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            text.join("\n") + "\n",
        )
            .into_response());
    }
    let body = csv_body(tr, &p, c).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"fls-benefit-calculator.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

fn csv_body(tr: &Tr, p: &Prepared, c: &Computed) -> Result<Vec<u8>, csv::Error> {
    use liaison_domain::interchange::neutralise;
    let r = &c.result;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["section", "item", "label", "year", "value", "source"])?;
    let mut row =
        |section: &str, item: &str, label: String, year: String, value: String, source: String| {
            w.write_record([
                section,
                item,
                &neutralise(&label),
                &year,
                &value,
                &neutralise(&source),
            ])
        };
    row(
        "model",
        "model_version",
        tr.t("calculator-model-version"),
        String::new(),
        r.model_version.to_string(),
        String::new(),
    )?;
    if !p.q.currency.is_empty() {
        row(
            "input",
            "currency",
            tr.t("calculator-currency"),
            String::new(),
            p.q.currency.clone(),
            String::new(),
        )?;
    }
    for f in Field::ALL {
        if let Some(v) = f.get(&c.input) {
            let s = source_of(tr, p, f);
            let label = if s.assumption {
                format!("{} ({})", tr.field(f.name()), tr.t("calculator-assumption"))
            } else {
                tr.field(f.name())
            };
            row(
                "input",
                f.name(),
                label,
                String::new(),
                raw(v),
                labelled(tr, &s),
            )?;
        }
    }
    let cpf = match r.cost_per_fracture_prevented {
        CostPerFracturePrevented::Cost { value } => raw(value),
        _ => String::new(),
    };
    let summary: Vec<(&str, &str, String)> = vec![
        (
            "patients_total",
            "calculator-r-patients-total",
            raw(r.patients_total),
        ),
        (
            "starters_usual_care",
            "calculator-r-starters-usual",
            raw(r.treated.starters_usual_care),
        ),
        (
            "starters_fls",
            "calculator-r-starters-fls",
            raw(r.treated.starters_fls),
        ),
        (
            "extra_starters",
            "calculator-r-extra-starters",
            raw(r.treated.extra_starters),
        ),
        (
            "fractures_prevented",
            "calculator-r-prevented-total",
            raw(r.fractures.prevented.total()),
        ),
        (
            "fracture_costs_avoided",
            "calculator-r-costs-avoided",
            raw(r.costs.fracture_costs_avoided.total()),
        ),
        (
            "service_cost",
            "calculator-r-service-cost",
            raw(r.costs.service_cost),
        ),
        (
            "extra_drug_cost",
            "calculator-r-drug-cost",
            raw(r.costs.extra_drug_cost),
        ),
        (
            "net_saving",
            "calculator-r-net-saving",
            raw(r.costs.net_saving),
        ),
        (
            "number_needed_to_treat",
            "calculator-r-nnt",
            r.number_needed_to_treat.map(raw).unwrap_or_default(),
        ),
        (
            "cost_per_fracture_prevented",
            "calculator-r-cost-per-fracture",
            cpf,
        ),
        (
            "return_per_unit_spent",
            "calculator-r-return",
            r.return_per_unit_spent.map(raw).unwrap_or_default(),
        ),
    ];
    for (item, key, value) in summary {
        row(
            "result",
            item,
            tr.t(key),
            String::new(),
            value,
            String::new(),
        )?;
    }
    for s in Site::ALL {
        let k = site_key(s);
        let site = tr.t(&format!("calculator-site-{k}"));
        for (what, key, v) in [
            (
                "fractures_usual_care",
                "calculator-usual-care",
                r.fractures.usual_care.get(s),
            ),
            (
                "fractures_fls",
                "calculator-with-fls",
                r.fractures.fls.get(s),
            ),
            (
                "fractures_prevented",
                "calculator-prevented",
                r.fractures.prevented.get(s),
            ),
        ] {
            row(
                "result",
                &format!("{what}_{k}"),
                format!("{} · {site}", tr.t(key)),
                String::new(),
                raw(v),
                String::new(),
            )?;
        }
    }
    for y in &r.years {
        let year = y.year.to_string();
        let cols: [(&str, &str, f64); 12] = [
            (
                "fractures_prevented_hip",
                "calculator-col-prevented-hip",
                y.fractures.prevented.hip,
            ),
            (
                "fractures_prevented_vertebral",
                "calculator-col-prevented-vertebral",
                y.fractures.prevented.vertebral,
            ),
            (
                "fractures_prevented_other",
                "calculator-col-prevented-other",
                y.fractures.prevented.other,
            ),
            (
                "fractures_prevented",
                "calculator-col-prevented-total",
                y.fractures.prevented.total(),
            ),
            (
                "starters_usual_care",
                "calculator-col-starters-usual",
                y.treated.starters_usual_care,
            ),
            (
                "starters_fls",
                "calculator-col-starters-fls",
                y.treated.starters_fls,
            ),
            (
                "fracture_costs_avoided",
                "calculator-col-costs-avoided",
                y.costs.fracture_costs_avoided.total(),
            ),
            (
                "service_cost",
                "calculator-col-service-cost",
                y.costs.service_cost,
            ),
            (
                "extra_drug_cost",
                "calculator-col-drug-cost",
                y.costs.extra_drug_cost,
            ),
            (
                "net_saving",
                "calculator-col-net-saving",
                y.costs.net_saving,
            ),
            (
                "cumulative_net_saving",
                "calculator-col-cumulative",
                y.cumulative_net_saving,
            ),
            (
                "patient_years_extra",
                "calculator-col-extra-patient-years",
                y.treated.extra_patient_years,
            ),
        ];
        for (item, key, v) in cols {
            row("year", item, tr.t(key), year.clone(), raw(v), String::new())?;
        }
    }
    for s in &c.sensitivity {
        let label = tr.field(s.input);
        for (what, v) in [
            ("base_value", s.base_value),
            ("low_value", s.low_value),
            ("high_value", s.high_value),
            ("net_saving_low", s.net_saving_low),
            ("net_saving_high", s.net_saving_high),
            ("prevented_low", s.prevented_low),
            ("prevented_high", s.prevented_high),
        ] {
            row(
                "sensitivity",
                &format!("{}.{what}", s.input),
                label.clone(),
                String::new(),
                raw(v),
                String::new(),
            )?;
        }
    }
    w.flush()?;
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
