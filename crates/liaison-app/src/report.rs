//! The annual report (issue 19): one scope's year as a document a national lead can send to a
//! ministry. Every figure comes from the KPI module as the scope pages show it (the same
//! protected aggregates, funnels, breakdowns and outlier report); nothing is recomputed here.
//!
//! The report is a publication: its aggregates are those a reader outside the registry's
//! operation may see (rules 3, 6 and 7), even when the operator produces it at the command
//! line (docs/decisions-outreach.md "Annual report").

use crate::app::App;
use crate::kpi::{self, Scope, Viewer};
use crate::{Result, ServiceError};
use liaison_domain::access::FlsSet;
use liaison_domain::benchmark::{Disclosed, Funnel, Quarter};
use liaison_domain::error::{FieldError, Invalid};
use liaison_domain::facilities::kpis::{Area, Place};
use liaison_domain::kpi::{Dimension, KpiId, KpiPeriod};
use liaison_domain::lang::Lang;
use time::{Date, Month};

/// The first year a report can be asked for (before the registry's dataset existed, every
/// year would only be "no data").
pub const FIRST_YEAR: i32 = 2000;

/// What a reader asked for, checked: every field wrong is named at once.
#[derive(Debug, Clone)]
pub struct ReportAsk {
    pub scope: Scope,
    pub year: i32,
    pub lang: Lang,
}

/// The languages a report can be written in, as the `one_of` rule lists them.
pub fn languages() -> String {
    Lang::ALL.map(|l| l.code()).join(", ")
}

/// Check a year and a language tag. A language is one of the seven the interface has, named
/// by its exact tag or a regional variant of it (`pt-BR`); anything else is refused with the
/// list, so a caller knows what to ask for.
pub fn check(scope: Scope, year: &str, lang: &str, today: Date) -> Result<ReportAsk> {
    let mut inv = Invalid::default();
    let year_n = year.trim().parse::<i32>().ok();
    match year_n {
        Some(y) if (FIRST_YEAR..=today.year()).contains(&y) => {}
        _ => inv.push(
            FieldError::new("year", year, "integer_between")
                .arg("min", FIRST_YEAR)
                .arg("max", today.year()),
        ),
    }
    let lang_v = Lang::parse(lang);
    if lang_v.is_none() {
        inv.push(FieldError::new("lang", lang, "one_of").arg("allowed", languages()));
    }
    if matches!(scope, Scope::Fls(_)) {
        inv.push(
            FieldError::new("scope", scope.code(), "one_of")
                .arg("allowed", "country:CC, region:NAME, global"),
        );
    }
    match (year_n, lang_v) {
        (Some(year), Some(lang)) if inv.is_empty() => Ok(ReportAsk { scope, year, lang }),
        _ => Err(ServiceError::Invalid(inv)),
    }
}

/// One KPI of the report.
#[derive(Debug, Clone)]
pub struct ReportKpi {
    pub id: KpiId,
    pub this_year: kpi::ShownKpi,
    pub last_year: kpi::ShownKpi,
    /// The scope's services against its pooled value; None when the pooled value is not
    /// released or rule 7 withholds it, or for counts that are not proportions.
    pub funnel: Option<Funnel>,
    /// The pooled value by quarter, the last year's four and this year's four; None where
    /// the quarter's figure is withheld.
    pub run: Vec<(Quarter, Option<f64>)>,
}

/// The report's figures; `released` false when the scope's aggregate is withheld or folded
/// into its region (rule 3): the document then says so and shows none.
#[derive(Debug, Clone)]
pub struct AnnualReport {
    pub ask: ReportAsk,
    pub period: KpiPeriod,
    pub definitions_version: String,
    /// Services of the scope the reader may see.
    pub services: usize,
    /// No episode of the scope has a fracture in the year: a "no data" document.
    pub no_data: bool,
    pub release: kpi::Release,
    pub episodes: Disclosed,
    pub kpis: Vec<ReportKpi>,
    pub completeness: Vec<kpi::ShownItem>,
    pub measures: Vec<kpi::ShownMeasure>,
    pub pass: Option<kpi::ShownPass>,
    pub breakdowns: Vec<kpi::Breakdown>,
    pub outliers: Option<kpi::OutlierReport>,
    pub facilities: Facilities,
}

/// The facilities audit of the report's year over the report's scope: released areas only
/// (rule 3, as the audit's own comparison), never a named service.
#[derive(Debug, Clone)]
pub enum Facilities {
    /// No round was opened for the year.
    NoRound,
    /// Too few services of the scope submitted a return, or a small country folded away.
    Withheld,
    Released(Area),
}

/// The publication's viewer: released aggregates only, never the operator's exact ones; the
/// reader's own services stay exact in the outlier section (that is their own status).
fn reader(viewer: &Viewer) -> Viewer {
    Viewer {
        exact: if viewer.operator {
            FlsSet::Only(Default::default())
        } else {
            viewer.exact.clone()
        },
        aggregates: viewer.aggregates.clone(),
        patients: viewer.patients.clone(),
        operator: false,
    }
}

/// The year's period: fractures of the calendar year, followed up to `as_of` (today, or the
/// year's end for the year gone by, whichever is later: a past year's follow-up continues).
pub fn year_period(year: i32, today: Date) -> Option<KpiPeriod> {
    let from = Date::from_calendar_date(year, Month::January, 1).ok()?;
    let to = Date::from_calendar_date(year, Month::December, 31).ok()?;
    Some(KpiPeriod {
        from,
        to,
        as_of: today.max(from),
    })
}

/// Assemble the report for this viewer; None when they see no service of the scope (the
/// caller answers 404, as for a scope that does not exist).
pub async fn annual(app: &App, viewer: &Viewer, ask: ReportAsk) -> Result<Option<AnnualReport>> {
    let all = kpi::all_fls(app).await?;
    let members: Vec<i64> = all
        .iter()
        .filter(|f| in_scope(&ask.scope, f) && viewer.aggregates.contains(f.id))
        .map(|f| f.id)
        .collect();
    if members.is_empty() {
        return Ok(None);
    }
    let today = app.now().date();
    // `check` bounded the year, so both dates exist.
    let bad_year = || {
        ServiceError::Invalid(Invalid(vec![FieldError::new(
            "year",
            ask.year.to_string(),
            "integer_between",
        )]))
    };
    let period = year_period(ask.year, today).ok_or_else(bad_year)?;
    let before = year_period(ask.year - 1, today).ok_or_else(bad_year)?;
    let country = match &ask.scope {
        Scope::Country(c) => Some(c.as_str()),
        _ => None,
    };
    let defs = kpi::definitions(app, country).await?;
    let w = kpi::world(app, &defs, period).await?;
    let episodes_exact = kpi::aggregate_counts(&w, &ask.scope)
        .map(|c| w.report(&c).supporting.episodes)
        .unwrap_or(0);
    let r = reader(viewer);
    let release = kpi::release(&w, &ask.scope);
    let mut out = AnnualReport {
        ask: ask.clone(),
        period,
        definitions_version: defs.version.clone(),
        services: members.len(),
        no_data: episodes_exact == 0,
        release: release.clone(),
        episodes: Disclosed::Exact(0),
        kpis: Vec::new(),
        completeness: Vec::new(),
        measures: Vec::new(),
        pass: None,
        breakdowns: Vec::new(),
        outliers: None,
        facilities: facilities_of(app, &ask).await?,
    };
    if out.no_data {
        return Ok(Some(out));
    }
    // Outliers are about named services, each as this reader may see it: shown even when
    // the scope's own aggregate is withheld.
    out.outliers = kpi::outliers(app, &r, &ask.scope, period).await?;
    if release != kpi::Release::Released {
        return Ok(Some(out));
    }
    let now = kpi::protected(&w, &r, &ask.scope);
    let w0 = kpi::world(app, &defs, before).await?;
    let then = kpi::protected(&w0, &r, &ask.scope);
    let quarters = quarters_of(ask.year);
    let mut by_quarter = Vec::new();
    for q in &quarters {
        let p = KpiPeriod {
            from: q.first_day(),
            to: q.last_day(),
            as_of: period.as_of,
        };
        let wq = kpi::world(app, &defs, p).await?;
        let shown = kpi::release(&wq, &ask.scope) == kpi::Release::Released;
        by_quarter.push(shown.then(|| kpi::protected(&wq, &r, &ask.scope).rows));
    }
    let scope_members: Vec<i64> = w
        .fls
        .iter()
        .filter(|f| in_scope(&ask.scope, f))
        .map(|f| f.id)
        .collect();
    for id in KpiId::ALL {
        let funnel = (kpi::is_proportion(id)
            && !kpi::centre_withheld(&w, &r, false, &ask.scope, id))
        .then(|| kpi::funnel(&w, id, &scope_members, None))
        .filter(|f| f.p0.is_some());
        out.kpis.push(ReportKpi {
            id,
            this_year: now.rows[id.index()].clone(),
            last_year: then.rows[id.index()].clone(),
            funnel,
            run: quarters
                .iter()
                .zip(&by_quarter)
                .map(|(q, rows)| (*q, rows.as_ref().and_then(|r| r[id.index()].value)))
                .collect(),
        });
    }
    for by in Dimension::PATIENT {
        if let Some(b) = kpi::breakdown(app, &w, &ask.scope, &r, by).await? {
            out.breakdowns.push(b);
        }
    }
    out.episodes = now.episodes;
    out.completeness = now.items;
    out.measures = now.measures;
    out.pass = Some(now.pass);
    Ok(Some(out))
}

async fn facilities_of(app: &App, ask: &ReportAsk) -> Result<Facilities> {
    let Some(areas) = crate::facilities::released_areas(app, i64::from(ask.year)).await? else {
        return Ok(Facilities::NoRound);
    };
    let place = match &ask.scope {
        Scope::Global => Place::World,
        Scope::Region(r) => Place::Region(r.code().to_string()),
        Scope::Country(c) => Place::Country(c.clone()),
        Scope::Fls(_) => return Ok(Facilities::Withheld),
    };
    Ok(areas
        .into_iter()
        .find(|a| a.place == place)
        .map_or(Facilities::Withheld, Facilities::Released))
}

fn in_scope(scope: &Scope, f: &kpi::KpiFls) -> bool {
    scope.contains(&f.code, &f.country, &f.region)
}

/// The eight quarters of the run charts: the year before's four, then the year's.
fn quarters_of(year: i32) -> Vec<Quarter> {
    (year - 1..=year)
        .flat_map(|y| (1..=4).map(move |quarter| Quarter { year: y, quarter }))
        .collect()
}
