//! `liaison-bench report --database URL [--scope country:CC] [--year YYYY] [--lang LL]`: the
//! time to produce a scope's annual report as PDF (docs/report.md; goal under 5 s for a
//! country at 1 million episodes), on a database filled by `liaison-bench load`. The first
//! run reads the episodes into the KPI cache (as after a restart); the second is what a
//! reader waits for once the server has warmed up.

use liaison_app::app::App;
use liaison_app::kpi::Scope;
use liaison_web::pages::report::{Format, render};
use std::time::Instant;

pub async fn run(app: &App, args: &[String]) -> Result<(), String> {
    let scope = super::arg(args, "--scope", "country:GB");
    let scope = Scope::parse(&scope).ok_or("--scope country:CC|region:NAME|global")?;
    let year = super::arg(args, "--year", "2025");
    let lang = super::arg(args, "--lang", "en");
    for pass in ["cold", "warm"] {
        let ask = liaison_app::report::check(scope.clone(), &year, &lang, app.now().date())
            .map_err(|e| e.to_string())?;
        let t = Instant::now();
        let pdf = render(app, ask, Format::Pdf)
            .await?
            .ok_or("no service in this scope")?;
        println!(
            "report {} {year} {lang} ({pass}): {:.2} s, {} KiB",
            scope.code(),
            t.elapsed().as_secs_f64(),
            pdf.len() / 1024
        );
    }
    Ok(())
}
