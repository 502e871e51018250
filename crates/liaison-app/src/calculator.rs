//! The calculator's one use case that touches the registry: filling its inputs from an FLS's
//! own figures (issue 6, "an FLS with registry data can fill the inputs from its own KPIs").
//!
//! Only aggregates leave this module, and only for an FLS in the caller's `view_aggregates`.
//! Each fill is recorded in the audit trail, as a read of the FLS's aggregates.

use super::{Actor, ServiceError};
use crate::app::App;
use crate::episodes::today_in;
use liaison_domain::calculator::Field;
use liaison_domain::kpi::{self, FlsExpected, KpiDefinitions, KpiEpisode, KpiId, KpiReport};
use liaison_store::episodes::{self, Filter};
use liaison_store::orgs::{self, FlsRow};
use time::{Date, Duration};

/// Where a filled value comes from (a key of the UI texts `calculator-registry-basis-<code>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Episodes aged 50+ with a fracture in the last 12 months.
    Episodes12Months,
    /// The FLS profile's expected fractures per year (no episode in the last 12 months).
    ExpectedCaseload,
    /// kpi1 + kpi2: episodes identified / expected fractures.
    Identification,
    /// kpi6: AOM recommended.
    Recommended,
    /// kpi8: AOM started within 16 weeks, of those recommended.
    Started,
    /// kpi10 ÷ kpi8: still on AOM at 52 weeks, per starter.
    Persistence,
}

impl Basis {
    pub fn code(self) -> &'static str {
        match self {
            Basis::Episodes12Months => "episodes-12-months",
            Basis::ExpectedCaseload => "expected-caseload",
            Basis::Identification => "identification",
            Basis::Recommended => "recommended",
            Basis::Started => "started",
            Basis::Persistence => "persistence",
        }
    }
}

/// One input filled (or not) from the registry, with the figures behind it.
#[derive(Debug, Clone)]
pub struct FilledInput {
    pub field: Field,
    pub basis: Basis,
    /// `None`: not enough data (the input keeps its value).
    pub value: Option<f64>,
    pub numerator: f64,
    pub denominator: f64,
}

/// The registry's figures of one FLS for the calculator.
#[derive(Debug, Clone)]
pub struct RegistryFill {
    pub fls: FlsRow,
    /// The FLS's today, and the starts of the 12- and 24-month windows.
    pub today: Date,
    pub from_12_months: Date,
    pub from_24_months: Date,
    pub inputs: Vec<FilledInput>,
}

/// Rounded to three decimals (a share) and never above 1.
fn share(x: f64) -> f64 {
    ((x.min(1.0)) * 1000.0).round() / 1000.0
}

/// The figures of the FLS `code`, or `None` when the actor may not see its aggregates
/// (the caller answers 404 and records the refusal).
///
/// - patients per year: episodes of population P (aged 50+) with a fracture in the 12 months
///   up to today; with none, the expected caseload of the profile;
/// - the shares: KPIs over the 24 months up to today, so that the 16- and 52-week windows of
///   the older half are due: identified = (kpi1 + kpi2 numerators) / (their denominators),
///   recommended = kpi6, started = kpi8, persistence at one year = kpi10 / kpi8 (kpi10 counts
///   patients still on AOM among those recommended; the model's persistence is per starter).
pub async fn registry_fill(
    app: &App,
    actor: &Actor,
    code: &str,
) -> Result<Option<RegistryFill>, ServiceError> {
    let scope = &actor.access.view_aggregates;
    let Some(fls) = orgs::fls_by_code(&app.db, scope, code).await? else {
        return Ok(None);
    };
    let today = today_in(app.now(), &fls.time_zone);
    let from_12_months = today - Duration::days(364);
    let from_24_months = today - Duration::days(729);
    let filter = Filter {
        fls_id: Some(fls.id),
        from: Some(from_24_months),
        to: Some(today),
        ..Filter::default()
    };
    let (rows, _) = episodes::list(&app.db, scope, &filter, 1_000_000, 0).await?;
    let eps: Vec<KpiEpisode> = rows
        .iter()
        .map(|r| KpiEpisode::from_episode(&r.to_episode(), fls.id))
        .collect();
    let expected = [FlsExpected {
        fls_id: fls.id,
        expected_non_spine_per_year: fls.expected_non_spine_per_year,
        expected_spine_per_year: fls.expected_spine_per_year,
    }];
    let defs = KpiDefinitions::v1();
    let year: KpiReport = kpi::compute(&defs, &eps, &expected, from_12_months, today, today);
    let two: KpiReport = kpi::compute(&defs, &eps, &expected, from_24_months, today, today);

    let mut inputs = Vec::new();
    let caseload =
        fls.expected_non_spine_per_year.unwrap_or(0) + fls.expected_spine_per_year.unwrap_or(0);
    if year.supporting.episodes > 0 || caseload == 0 {
        let n = year.supporting.episodes as f64;
        inputs.push(FilledInput {
            field: Field::PatientsPerYear,
            basis: Basis::Episodes12Months,
            value: (n > 0.0).then_some(n),
            numerator: n,
            denominator: 1.0,
        });
    } else {
        inputs.push(FilledInput {
            field: Field::PatientsPerYear,
            basis: Basis::ExpectedCaseload,
            value: Some(caseload as f64),
            numerator: caseload as f64,
            denominator: 1.0,
        });
    }
    let k = |id: KpiId| two.kpi(id);
    let (k1, k2) = (
        k(KpiId::Kpi1IdentificationNonSpine),
        k(KpiId::Kpi2IdentificationSpine),
    );
    let (num, den) = (
        (k1.numerator + k2.numerator) as f64,
        k1.denominator + k2.denominator,
    );
    inputs.push(FilledInput {
        field: Field::FlsIdentified,
        basis: Basis::Identification,
        value: (den > 0.0).then(|| share(num / den)),
        numerator: num,
        denominator: den,
    });
    for (field, basis, id) in [
        (
            Field::FlsRecommended,
            Basis::Recommended,
            KpiId::Kpi6AomRecommended,
        ),
        (Field::FlsStarted, Basis::Started, KpiId::Kpi8AomStarted16w),
    ] {
        let r = k(id);
        inputs.push(FilledInput {
            field,
            basis,
            value: r.value.map(share),
            numerator: r.numerator as f64,
            denominator: r.denominator,
        });
    }
    let (k8, k10) = (
        k(KpiId::Kpi8AomStarted16w),
        k(KpiId::Kpi10AomPersistence52w),
    );
    let persistence = match (k10.value, k8.value) {
        (Some(p), Some(s)) if s > 0.0 => Some(share(p / s)),
        _ => None,
    };
    inputs.push(FilledInput {
        field: Field::PersistenceYear1,
        basis: Basis::Persistence,
        value: persistence,
        numerator: k10.value.unwrap_or(0.0),
        denominator: k8.value.unwrap_or(0.0),
    });

    let e = actor
        .audit("calculator.registry_fill")
        .entity("fls", &fls.code)
        .fls(fls.id)
        .detail(format!(
            "aggregates of {} episodes from {from_24_months} to {today}",
            eps.len()
        ));
    crate::audit::record(app, &e).await?;
    Ok(Some(RegistryFill {
        fls,
        today,
        from_12_months,
        from_24_months,
        inputs,
    }))
}
