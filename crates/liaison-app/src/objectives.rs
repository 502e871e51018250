//! The Partnership's objectives (issue 18, docs/objectives.md): FLSs open each year against
//! "double the baseline", the care gap each year from kpi8 with the definitions in force, hip
//! and spine fractures registered each year against "25 % fewer", the population figures an
//! administrator entered, and how the digital tool is used. Public: each year's figures of an
//! area are shown only when that year's KPI world releases the area (rule 3: at least three
//! contributing FLSs, small countries folded into their region), counts rounded (rule 2) and
//! kpi8 protected against subtraction (rule 7), as on the public statistics page.

use crate::kpi::{self, Release, Scope, World};
use crate::{Actor, Result, ServiceError};
use liaison_domain::access::FlsSet;
use liaison_domain::auth::Role;
use liaison_domain::benchmark::{Disclosed, Disclosure};
use liaison_domain::kpi::{KpiId, KpiPeriod};
use liaison_domain::objectives::{self as rules, FlsSpan, Population, PopulationInput};
use liaison_store::audit;
use liaison_store::objectives::{self as store, PopulationRow, SpanRow};
use liaison_store::settings;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use time::{Date, Duration, Month};

use crate::app::App;

/// An area's figures, one per year of [`Objectives::years`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct AreaFigures {
    /// `global`, `region:europe`, `country:GB`.
    pub scope: String,
    /// FLSs open at the end of each year (today for this year).
    pub active: Vec<usize>,
    pub opened: Vec<usize>,
    pub closed: Vec<usize>,
    /// Twice the baseline year's count.
    pub fls_target: Option<f64>,
    /// The care gap (1 − kpi8), withheld (`None`) in a year the area is not released or kpi8
    /// is withheld.
    pub care_gap: Vec<Option<f64>>,
    /// kpi8's population and those started, as the public may see them.
    pub care_gap_population: Vec<Option<Disclosed>>,
    pub care_gap_started: Vec<Option<Disclosed>>,
    /// Change of the care gap from its first shown year to its last.
    pub care_gap_trend: Option<f64>,
    /// Hip and spine fractures registered, by year of fracture (rounded; withheld as above).
    pub hip: Vec<Option<Disclosed>>,
    pub spine: Vec<Option<Disclosed>>,
    /// 75 % of the baseline year's registered hip and spine fractures.
    pub fracture_target: Option<f64>,
    pub population: Vec<PopulationRow>,
}

/// How the registry is used.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Uptake {
    /// FLSs registered and not closed.
    pub registered: usize,
    /// Of those, the ones that saved an episode in the last 90 days.
    pub active_90_days: usize,
    /// Records created per month, the last twelve months (`YYYY-MM`, rounded).
    pub records_per_month: Vec<(String, Disclosed)>,
    /// kpi1 and kpi2 of the world over the last full year: identified against expected caseload.
    pub identification: Vec<(KpiId, Option<f64>)>,
    /// Programme staff only: open FLSs that saved nothing in 90 days, with their last save.
    pub quiet: Option<Vec<QuietFls>>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct QuietFls {
    pub code: String,
    pub name: String,
    pub country: String,
    pub last_saved: Option<Date>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Objectives {
    pub baseline_year: i32,
    pub years: Vec<i32>,
    pub definitions_version: String,
    /// The world, then released regions, then released countries.
    pub areas: Vec<AreaFigures>,
    /// Every population figure entered, released or not: they are published statistics with
    /// their source, not registry data.
    pub populations: Vec<PopulationRow>,
    pub uptake: Uptake,
}

/// Days without a saved episode after which an FLS counts as quiet.
pub const QUIET_DAYS: i64 = 90;

/// Administrators and programme reviewers: they see which FLSs went quiet.
pub fn programme_staff(actor: Option<&Actor>) -> bool {
    actor.is_some_and(|a| {
        a.user_id.is_none()
            || a.access.has_role(Role::Administrator)
            || a.access.has_role(Role::ProgrammeReviewer)
    })
}

pub async fn baseline_year(app: &App) -> Result<i32> {
    let v = settings::get(&app.db, store::BASELINE_YEAR).await?;
    Ok(v.and_then(|s| s.parse().ok())
        .unwrap_or(rules::DEFAULT_BASELINE_YEAR))
}

/// An administrator sets the baseline year (1990–2100), audited.
pub async fn set_baseline_year(app: &App, actor: &Actor, text: &str) -> Result<i32> {
    if !actor.access.is_admin() {
        return Err(ServiceError::NotFound);
    }
    let year = rules::parse_year("baseline_year", text)?;
    let value = year.to_string();
    let mut tx = app.db.begin().await?;
    let before = settings::set(&mut tx, store::BASELINE_YEAR, &value).await?;
    let e = actor
        .audit("settings.objectives_baseline_year")
        .entity("settings", store::BASELINE_YEAR)
        .change(
            before.map(serde_json::Value::String),
            Some(serde_json::Value::String(value)),
        );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(year)
}

/// An administrator enters a population figure with its source, audited.
pub async fn save_population(
    app: &App,
    actor: &Actor,
    input: &PopulationInput,
) -> Result<PopulationRow> {
    if !actor.access.is_admin() {
        return Err(ServiceError::NotFound);
    }
    let p = Population::parse(input)?;
    let mut tx = app.db.begin().await?;
    let (before, after) = store::upsert_population(&mut tx, &p, app.now()).await?;
    let e = actor
        .audit("objectives.population_save")
        .entity("population", format!("{}/{}", after.area, after.year))
        .change(
            before.map(|b| serde_json::to_value(b).unwrap_or_default()),
            Some(serde_json::to_value(&after).unwrap_or_default()),
        );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn populations(app: &App) -> Result<Vec<PopulationRow>> {
    Ok(store::populations(&app.db).await?)
}

/// An administrator records the day an FLS closed (empty: open again), audited as an FLS
/// change. A closing date before the FLS's start is refused.
pub async fn set_fls_closed(app: &App, actor: &Actor, code: &str, text: &str) -> Result<()> {
    if !actor.access.is_admin() {
        return Err(ServiceError::NotFound);
    }
    if code.trim().is_empty() {
        return Err(liaison_domain::error::FieldError::new("code", code, "required").into());
    }
    let mut tx = app.db.begin().await?;
    let fls = liaison_store::orgs::fls_by_code_tx(&mut tx, code)
        .await?
        .ok_or(ServiceError::NotFound)?;
    close_in(&mut tx, app, actor, &fls, text).await?;
    tx.commit().await?;
    Ok(())
}

/// Set an FLS's closing date in the caller's transaction with its audit row (`fls.close`),
/// when it changes. The caller checked the right (administrators).
pub(crate) async fn close_in(
    tx: &mut liaison_store::Tx,
    app: &App,
    actor: &Actor,
    fls: &liaison_store::orgs::FlsRow,
    text: &str,
) -> Result<()> {
    let closed = liaison_domain::dataset::parse_date(
        "closed_on",
        text,
        liaison_domain::dataset::DateOrder::Ymd,
    )?;
    if let (Some(c), Some(s)) = (closed, fls.start_date)
        && c < s
    {
        return Err(liaison_domain::error::FieldError::new(
            "closed_on",
            text,
            "closed_before_start",
        )
        .arg("start", s)
        .into());
    }
    let before = store::set_closed_on(tx, fls.id, closed, app.now()).await?;
    if before == closed {
        return Ok(());
    }
    let e = actor
        .audit("fls.close")
        .entity("fls", &fls.code)
        .fls(fls.id)
        .change(
            Some(serde_json::json!({ "closed_on": before })),
            Some(serde_json::json!({ "closed_on": closed })),
        );
    audit::record(tx, app.now(), &e).await?;
    Ok(())
}

fn span(r: &SpanRow) -> FlsSpan {
    FlsSpan {
        id: r.id,
        country: r.country.clone(),
        region: r.region.clone(),
        start: r.start_date.unwrap_or(r.created_at.date()),
        closed: r.closed_on,
    }
}

fn year_period(year: i32, today: Date) -> KpiPeriod {
    let from = Date::from_calendar_date(year, Month::January, 1).unwrap_or(today);
    KpiPeriod {
        from,
        to: rules::count_day(year, today),
        as_of: today,
    }
}

fn keep(scope: &Scope) -> impl Fn(&FlsSpan) -> bool + '_ {
    move |s: &FlsSpan| match scope {
        Scope::Country(c) => &s.country == c,
        Scope::Region(r) => s.region == r.code(),
        _ => true,
    }
}

/// The objectives as the public sees them; `actor` adds the quiet FLSs for programme staff.
pub async fn objectives(app: &App, actor: Option<&Actor>) -> Result<Objectives> {
    let today = app.now().date();
    let baseline = baseline_year(app).await?;
    let rows = store::spans(&app.db).await?;
    let spans: Vec<FlsSpan> = rows.iter().map(span).collect();
    let years = rules::years(&spans, baseline, today);
    let defs = kpi::definitions(app, None).await?;
    // Countries with definitions of their own are counted with them, as on their scope pages.
    let own_defs: BTreeSet<String> = kpi::list_definitions(app)
        .await?
        .into_iter()
        .filter_map(|r| r.country)
        .collect();
    let mut worlds: Vec<Arc<World>> = Vec::new();
    for &y in &years {
        worlds.push(kpi::world(app, &defs, year_period(y, today)).await?);
    }
    let fractures = store::fractures_by_year(&app.db, &FlsSet::All).await?;
    let populations = store::populations(&app.db).await?;
    let place: BTreeMap<i64, (&str, &str)> = rows
        .iter()
        .map(|r| (r.id, (r.country.as_str(), r.region.as_str())))
        .collect();
    // Areas: the world, and every region and country some year releases.
    let mut scopes = vec![Scope::Global];
    let regions: BTreeSet<&str> = rows.iter().map(|r| r.region.as_str()).collect();
    let countries: BTreeSet<&str> = rows.iter().map(|r| r.country.as_str()).collect();
    scopes.extend(regions.iter().map(|r| kpi::region_scope(r)));
    scopes.extend(countries.iter().map(|c| Scope::Country(c.to_string())));
    let d = Disclosure::default();
    let mut areas = Vec::new();
    for scope in scopes {
        let released: Vec<bool> = worlds
            .iter()
            .map(|w| kpi::release(w, &scope) == Release::Released)
            .collect();
        if scope != Scope::Global && !released.iter().any(|r| *r) {
            continue;
        }
        let active = rules::active_by_year(&spans, &years, today, keep(&scope));
        let (opened, closed) = rules::openings_and_closings(&spans, &years, keep(&scope))
            .into_iter()
            .unzip();
        let mut gap = Vec::new();
        let (mut pop, mut started) = (Vec::new(), Vec::new());
        for (i, w) in worlds.iter().enumerate() {
            let shown = if !released[i] {
                None
            } else if let Scope::Country(c) = &scope
                && own_defs.contains(c)
            {
                let dc = kpi::definitions(app, Some(c)).await?;
                let wc = kpi::world(app, &dc, w.period).await?;
                kpi::public_kpi(&wc, &scope, KpiId::Kpi8AomStarted16w)
            } else {
                kpi::public_kpi(w, &scope, KpiId::Kpi8AomStarted16w)
            };
            let den = shown.as_ref().and_then(|k| match k.denominator {
                kpi::ShownDen::Count(c) => Some(c),
                _ => None,
            });
            gap.push(shown.as_ref().and_then(|k| k.value).map(|v| 1.0 - v));
            pop.push(den);
            started.push(shown.map(|k| k.numerator));
        }
        let count_site = |site: &str, year: i32| -> u64 {
            let y = year.to_string();
            fractures
                .iter()
                .filter(|f| f.site == site && f.year == y)
                .filter(|f| {
                    place
                        .get(&f.fls_id)
                        .is_some_and(|(c, r)| scope.contains("", c, r))
                })
                .map(|f| f.n as u64)
                .sum()
        };
        let series = |site: &str| -> Vec<Option<Disclosed>> {
            years
                .iter()
                .zip(&released)
                .map(|(&y, &r)| r.then(|| d.disclose_count(count_site(site, y))))
                .collect()
        };
        let (hip, spine) = (series("hip"), series("spine"));
        // From the counts as shown (rounded), so the line gives away no exact count; none
        // where the baseline year is withheld or a count is under the minimum.
        let fracture_target = years
            .iter()
            .position(|y| *y == baseline)
            .and_then(|i| Some(hip[i]?.shown()? + spine[i]?.shown()?))
            .map(rules::fewer_target);
        let code = match &scope {
            Scope::Global => "world".to_string(),
            Scope::Region(r) => r.code().to_string(),
            Scope::Country(c) => c.clone(),
            Scope::Fls(c) => c.clone(),
        };
        areas.push(AreaFigures {
            scope: scope.code(),
            fls_target: rules::at_baseline(&years, &active, baseline).map(rules::double_target),
            care_gap_trend: rules::trend(&gap),
            care_gap: gap,
            care_gap_population: pop,
            care_gap_started: started,
            active,
            opened,
            closed,
            hip,
            spine,
            fracture_target,
            population: populations
                .iter()
                .filter(|p| p.area == code)
                .cloned()
                .collect(),
        });
    }
    let uptake = uptake(app, actor, &rows, &spans, today, &defs).await?;
    Ok(Objectives {
        baseline_year: baseline,
        years,
        definitions_version: defs.version.clone(),
        areas,
        populations,
        uptake,
    })
}

async fn uptake(
    app: &App,
    actor: Option<&Actor>,
    rows: &[SpanRow],
    spans: &[FlsSpan],
    today: Date,
    defs: &liaison_domain::kpi::KpiDefinitions,
) -> Result<Uptake> {
    let d = Disclosure::default();
    let open: Vec<(&SpanRow, &FlsSpan)> = rows
        .iter()
        .zip(spans)
        .filter(|(_, s)| s.open_on(today))
        .collect();
    let last: BTreeMap<i64, Date> = store::last_saved(&app.db, &FlsSet::All)
        .await?
        .into_iter()
        .map(|(id, t)| (id, t.date()))
        .collect();
    let cutoff = today - Duration::days(QUIET_DAYS);
    let is_active = |id: i64| last.get(&id).is_some_and(|d| *d >= cutoff);
    // The last twelve months, this one included.
    let now_index = today.year() * 12 + i32::from(today.month() as u8) - 1;
    let months: Vec<(i32, u8)> = (now_index - 11..=now_index)
        .map(|i| (i.div_euclid(12), (i.rem_euclid(12) + 1) as u8))
        .collect();
    let (y0, m0) = months[0];
    let since = Date::from_calendar_date(y0, Month::try_from(m0).unwrap_or(Month::January), 1)
        .unwrap_or(today)
        .midnight()
        .assume_utc();
    let mut per_month: BTreeMap<String, u64> = months
        .iter()
        .map(|(y, m)| (format!("{y:04}-{m:02}"), 0))
        .collect();
    for r in store::records_by_month(&app.db, &FlsSet::All, since).await? {
        if let Some(n) = per_month.get_mut(&r.month) {
            *n += r.n as u64;
        }
    }
    // The last full year, so identification is set against a whole year's expected caseload.
    let last_year = today.year() - 1;
    let w = kpi::world(app, defs, year_period(last_year, today)).await?;
    let identification = [
        KpiId::Kpi1IdentificationNonSpine,
        KpiId::Kpi2IdentificationSpine,
    ]
    .iter()
    .map(|id| {
        (
            *id,
            kpi::public_kpi(&w, &Scope::Global, *id).and_then(|k| k.value),
        )
    })
    .collect();
    let quiet = programme_staff(actor).then(|| {
        open.iter()
            .filter(|(r, _)| !is_active(r.id))
            .map(|(r, _)| QuietFls {
                code: r.code.clone(),
                name: r.name.clone(),
                country: r.country.clone(),
                last_saved: last.get(&r.id).copied(),
            })
            .collect()
    });
    Ok(Uptake {
        registered: open.len(),
        active_90_days: open.iter().filter(|(r, _)| is_active(r.id)).count(),
        records_per_month: per_month
            .into_iter()
            .map(|(k, n)| (k, d.disclose_count(n)))
            .collect(),
        identification,
        quiet,
    })
}

/// Every FLS's dates, for the administrators' closing-date form.
pub async fn fls_dates(app: &App, actor: &Actor) -> Result<Vec<SpanRow>> {
    if !actor.access.is_admin() {
        return Err(ServiceError::NotFound);
    }
    Ok(store::spans(&app.db).await?)
}
