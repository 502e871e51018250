//! KPI definitions: the defaults and a country's own.

use crate::app::App;
use crate::{Actor, Result};
use liaison_domain::kpi::KpiDefinitions;
use liaison_store::kpi as store;

// ---------------------------------------------------------------------------------------------
// Definitions
// ---------------------------------------------------------------------------------------------

/// The definitions in force for a country (its own, else the deployment's default, else
/// version 1). A stored definition that no longer parses falls back to version 1 and says so
/// in the log: figures must never stop.
pub async fn definitions(app: &App, country: Option<&str>) -> Result<KpiDefinitions> {
    let Some(row) = store::definitions_for(&app.db, country).await? else {
        return Ok(KpiDefinitions::v1());
    };
    // Stored definitions never change (a new version is a new row): parse each once.
    let parsed = &app.config.kpi_cache.parsed;
    if let Some(d) = parsed
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&row.id)
    {
        return Ok(d.clone());
    }
    let d = KpiDefinitions::from_json(&row.json).unwrap_or_else(|e| {
        tracing::error!(id = row.id, error = %e, "stored KPI definitions unusable; using version 1");
        KpiDefinitions::v1()
    });
    parsed
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(row.id, d.clone());
    Ok(d)
}

/// Store a definition for a country (None = the default) after checking it.
pub async fn save_definitions(
    app: &App,
    actor: &Actor,
    country: Option<&str>,
    json_text: &str,
) -> Result<KpiDefinitions> {
    use liaison_domain::error::FieldError;
    let defs = KpiDefinitions::from_json(json_text)
        .map_err(|e| FieldError::new("definitions", e.to_string(), "kpi_definitions_invalid"))?;
    if let Some(c) = country
        && liaison_store::orgs::country_region(&app.db, c)
            .await?
            .is_none()
    {
        return Err(FieldError::new("country", c, "country_unknown").into());
    }
    let canonical = serde_json::to_string_pretty(&defs).unwrap_or_default();
    let mut tx = app.db.begin().await?;
    let id = store::add_definitions(
        &mut tx,
        country,
        &defs.version,
        &canonical,
        app.now(),
        actor.user_id,
    )
    .await?;
    let a = actor
        .audit("kpi_definitions.create")
        .entity("kpi_definitions", id)
        .detail(format!("country {}", country.unwrap_or("(default)")))
        .change(None, serde_json::from_str(&canonical).ok());
    liaison_store::audit::record(&mut tx, app.now(), &a).await?;
    tx.commit().await?;
    Ok(defs)
}
