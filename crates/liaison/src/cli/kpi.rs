//! `liaison kpi`: a scope's KPIs as the operator sees them (exact), optionally broken down
//! (`--by age|sex|residence|site|setting|country|fls`), as JSON, CSV or a text table.

use super::explain;
use clap::{Args, ValueEnum};
use liaison_app::ServiceError;
use liaison_app::app::App;
use liaison_app::kpi::{self, Scope, Viewer};
use liaison_domain::error::Invalid;
use liaison_domain::kpi::{Dimension, PeriodAsk};
use serde_json::Value;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum KpiFormat {
    Json,
    Csv,
    /// A table to read in a terminal.
    Text,
}

#[derive(Args, Debug)]
pub struct KpiArgs {
    #[arg(long)]
    scope: String,
    #[arg(long)]
    from: String,
    #[arg(long)]
    to: String,
    /// The day the figures are computed for (default today, UTC).
    #[arg(long, default_value = "")]
    as_of: String,
    /// Break every figure down: age, sex, residence, site, setting; country and fls above
    /// one FLS.
    #[arg(long, default_value = "")]
    by: String,
    #[arg(long, value_enum, default_value_t = KpiFormat::Json)]
    format: KpiFormat,
}

pub async fn run(app: &App, a: KpiArgs) -> Result<(), String> {
    let scope = Scope::parse(&a.scope).ok_or_else(|| {
        format!(
            "liaison: scope {:?} not understood (fls:CODE, country:CC, region:NAME or global)",
            a.scope
        )
    })?;
    let by = Dimension::read(&a.by, matches!(scope, Scope::Fls(_)))
        .map_err(|e| explain(&ServiceError::Invalid(Invalid(vec![e]))))?;
    let period = PeriodAsk::dates(&a.from, &a.to, &a.as_of)
        .resolve(app.now().date())
        .map_err(|inv| explain(&ServiceError::Invalid(inv)))?;
    let v = kpi::for_scope_by(app, &Viewer::operator(), &scope, period, by)
        .await
        .map_err(|e| explain(&e))?
        .ok_or_else(|| format!("liaison: no such scope: {}", scope.code()))?;
    match a.format {
        KpiFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| format!("liaison: {e}"))?
        ),
        KpiFormat::Csv => print!("{}", kpi::scope_csv(&v)),
        KpiFormat::Text => print!("{}", text(&v)),
    }
    Ok(())
}

/// The answer as aligned columns: the figures without breakdown (`all`), then each cell's.
fn text(v: &Value) -> String {
    let s = |x: &Value| match x {
        Value::Null => "—".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out = format!(
        "{}: fractures {} to {}, as of {}; KPI definitions version {}\n",
        s(&v["scope"]),
        s(&v["period"]["from"]),
        s(&v["period"]["to"]),
        s(&v["as_of"]),
        s(&v["definitions_version"]),
    );
    let by = v["breakdown"]["by"].as_str();
    if let Some(by) = by {
        out.push_str(&format!("Broken down by {by}.\n"));
    }
    let mut rows: Vec<[String; 5]> = vec![[
        "cell".into(),
        "kpi".into(),
        "numerator".into(),
        "denominator".into(),
        "value".into(),
    ]];
    let mut tables: Vec<(String, &Value)> = vec![("all".into(), &v["kpis"])];
    for c in v["breakdown"]["cells"].as_array().into_iter().flatten() {
        tables.push((s(&c["cell"]), &c["kpis"]));
    }
    for (cell, kpis) in tables {
        for k in kpis.as_array().into_iter().flatten() {
            let value = k["value"]
                .as_f64()
                .map(|x| format!("{:.1}%", x * 100.0))
                .unwrap_or_else(|| "—".into());
            rows.push([
                cell.clone(),
                s(&k["id"]),
                s(&k["numerator"]),
                s(&k["denominator"]),
                value,
            ]);
        }
    }
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..5).map(width).collect();
    for r in &rows {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                // Text columns to the left, numbers to the right.
                if i < 2 {
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}
