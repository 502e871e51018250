//! `liaison report`: a scope's annual report (issue 19) as PDF or HTML, written to a file. The
//! operator produces it, but it is a publication: its figures are those a reader outside the
//! registry may see (docs/report.md).

use super::explain;
use clap::Args;
use liaison_app::app::App;
use liaison_app::kpi::Scope;
use liaison_web::pages::report::{Format, render};

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// country:CC, region:NAME or global.
    #[arg(long)]
    scope: String,
    /// The calendar year of the fractures reported.
    #[arg(long)]
    year: String,
    /// en, ar, es, fr, ja, pt or zh-Hans.
    #[arg(long, default_value = "en")]
    lang: String,
    /// FILE.pdf or FILE.html: the ending chooses the format.
    #[arg(long)]
    output: String,
}

pub async fn run(app: &App, a: ReportArgs) -> Result<(), String> {
    let scope = Scope::parse(&a.scope).ok_or_else(|| {
        format!(
            "liaison: scope {:?} not understood (country:CC, region:NAME or global)",
            a.scope
        )
    })?;
    let lower = a.output.to_ascii_lowercase();
    let format = if lower.ends_with(".pdf") {
        Format::Pdf
    } else if lower.ends_with(".html") || lower.ends_with(".htm") {
        Format::Html
    } else {
        return Err(format!(
            "liaison: --output {:?} must end in .pdf or .html",
            a.output
        ));
    };
    let ask = liaison_app::report::check(scope.clone(), &a.year, &a.lang, app.now().date())
        .map_err(|e| explain(&e))?;
    let bytes = render(app, ask, format)
        .await?
        .ok_or_else(|| format!("liaison: no such scope: {}", scope.code()))?;
    std::fs::write(&a.output, bytes).map_err(|e| format!("liaison: cannot write {}: {e}", a.output))
}
