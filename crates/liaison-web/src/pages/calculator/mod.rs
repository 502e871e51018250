//! The public FLS Benefit Calculator (issue 6, docs/calculator.md).
//!
//! `GET /calculator`: the form, and the results below it. The inputs live in the query string,
//! so a result's address is its share link. `?preset=<id>` sets the preset's values (other
//! inputs keep what the query gives) and `basis=<id>` says which preset's citations apply;
//! `?from_fls=CODE` fills the inputs from that FLS's registry figures, for a signed-in user who
//! may see its aggregates (anyone else: 404). `GET /calculator.csv?<same query>`: the same
//! numbers as CSV. Anyone may use both without an account; nothing from the registry is shown
//! to anonymous users.

use super::form_pairs;
use crate::ctx::{Ctx, Signed, deny};
use crate::error::AppError;
use crate::{AppState, Routes};
use liaison_app::calculator::{RegistryFill, registry_fill};
use liaison_domain::calculator::{
    self as calc, CalculatorForm, CalculatorInput, CalculatorResult, Field, Preset, SensitivityRow,
    Site,
};
use liaison_domain::error::Invalid;
use liaison_domain::format;
use liaison_domain::lang::Lang;

mod csv_file;
mod page;
mod sources;

pub use csv_file::*;
pub use page::*;
pub use sources::preset_key;
use sources::*;

pub fn routes(r: Routes) -> Routes {
    r.get("/calculator", page).get("/calculator.csv", export)
}

// ---------------------------------------------------------------------------------------------
// Reading the query
// ---------------------------------------------------------------------------------------------

/// What the query string asks for.
struct Query {
    form: CalculatorForm,
    /// Any input given (a submitted form or a share link).
    submitted: bool,
    /// The preset to apply now.
    preset: Option<Preset>,
    /// The preset whose citations apply to the values it set.
    basis: Option<Preset>,
    /// ISO 4217 code of the costs, if known (three letters).
    currency: String,
    from_fls: Option<String>,
}

fn read_query(raw: Option<&str>) -> Query {
    let mut q = Query {
        form: CalculatorForm::default(),
        submitted: false,
        preset: None,
        basis: None,
        currency: String::new(),
        from_fls: None,
    };
    for (k, v) in form_pairs(raw.unwrap_or("").as_bytes()) {
        if let Some(f) = Field::from_name(&k) {
            *q.form.get_mut(f) = v;
            q.submitted = true;
            continue;
        }
        match k.as_str() {
            "preset" => q.preset = calc::preset(v.trim()),
            "basis" => q.basis = calc::preset(v.trim()),
            "currency" => {
                let c = v.trim().to_ascii_uppercase();
                if c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()) {
                    q.currency = c;
                }
            }
            "from_fls" if !v.trim().is_empty() => q.from_fls = Some(v.trim().to_string()),
            _ => {}
        }
    }
    q
}

/// The text the form and share links use for `v` in `field` (as `to_form` writes it).
fn value_text(field: Field, v: f64) -> String {
    let mut i = CalculatorInput::default();
    field.set(&mut i, Some(v));
    calc::to_form(&i).get(field).to_string()
}

/// A query string of pairs, url-encoded.
fn encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Everything the page and the CSV export show, computed once.
struct Prepared {
    q: Query,
    fill: Option<RegistryFill>,
    outcome: Option<Result<Computed, Invalid>>,
}

struct Computed {
    input: CalculatorInput,
    result: CalculatorResult,
    sensitivity: Vec<SensitivityRow>,
    /// Costs still to enter (set to 0 in `input`): the page shows fractures and patients and
    /// asks for these, and shows no amount of money.
    costs_needed: Vec<Field>,
}

async fn prepare(app: &AppState, ctx: &Ctx, raw: Option<&str>) -> Result<Prepared, AppError> {
    let mut q = read_query(raw);
    if let Some(p) = q.preset.clone() {
        for v in &p.values {
            if let Some(f) = Field::from_name(&v.field) {
                *q.form.get_mut(f) = value_text(f, v.value);
            }
        }
        if let Some(c) = &p.currency {
            q.currency = c.clone();
        }
        q.basis = Some(p);
    }
    let mut fill = None;
    if let Some(code) = q.from_fls.clone() {
        // Registry figures are for signed-in users who may see the FLS's aggregates; to
        // anyone else the FLS does not exist.
        let Some(who) = Signed::from_ctx(ctx) else {
            return Err(AppError::NotFound);
        };
        match registry_fill(app, &who.actor, &code).await? {
            Some(f) => {
                for i in &f.inputs {
                    if let Some(v) = i.value {
                        *q.form.get_mut(i.field) = value_text(i.field, v);
                    }
                }
                fill = Some(f);
            }
            None => return Err(deny(app, &who, "calculator registry fill").await),
        }
    }
    let outcome = (q.submitted || q.preset.is_some() || fill.is_some()).then(|| {
        let (input, costs_needed) = calc::parse_without_costs(&q.form)?;
        let result = calc::calculate(&input)?;
        let sensitivity = calc::sensitivity(&input)?;
        Ok(Computed {
            input,
            result,
            sensitivity,
            costs_needed,
        })
    });
    Ok(Prepared { q, fill, outcome })
}

/// The share link's query: every input as `to_form` writes it, the preset basis, the currency.
fn share_query(c: &Computed, q: &Query) -> String {
    let mut form = calc::to_form(&c.input);
    // A cost still to enter stays empty (its 0 is only a placeholder).
    for f in &c.costs_needed {
        form.get_mut(*f).clear();
    }
    let mut pairs: Vec<(&str, &str)> = form.pairs();
    if let Some(b) = &q.basis {
        pairs.push(("basis", b.id.as_str()));
    }
    if !q.currency.is_empty() {
        pairs.push(("currency", q.currency.as_str()));
    }
    encode(&pairs)
}

// ---------------------------------------------------------------------------------------------
// Numbers in the page's language
// ---------------------------------------------------------------------------------------------

struct Num(Lang);

/// `format::decimal`, with the Arabic letter mark before a minus sign in Arabic (CLDR's `ar`
/// minus sign), so that a negative amount reads with its sign first in right-to-left text.
fn decimal(lang: Lang, x: f64, places: usize) -> String {
    let s = format::decimal(lang, x, places);
    if lang == Lang::Ar && s.starts_with('-') {
        format!("\u{61c}{s}")
    } else {
        s
    }
}

impl Num {
    fn fractures(&self, x: f64) -> String {
        decimal(self.0, x, 1)
    }
    fn money(&self, x: f64) -> String {
        decimal(self.0, x, 0)
    }
    fn count(&self, x: f64) -> String {
        decimal(self.0, x, 0)
    }
    fn pct(&self, x: f64) -> String {
        format::percent(self.0, x, 1)
    }
    /// A share as a percentage, with a decimal only when it needs one (80 %, 92.7 %).
    fn share(&self, x: f64) -> String {
        let whole = ((x * 100.0) - (x * 100.0).round()).abs() < 1e-9;
        format::percent(self.0, x, if whole { 0 } else { 1 })
    }
    /// An input value as people read it: shares as percentages, other numbers in full.
    fn input(&self, name: &str, x: f64) -> String {
        let share =
            Field::from_name(name).map_or(name == "refracture_cumulative", |f| f.is_share());
        if share { self.share(x) } else { self.plain(x) }
    }
    /// An input value with the decimals it needs (at most 6).
    fn plain(&self, x: f64) -> String {
        let s = format!("{:.6}", x.abs());
        let places = s
            .split_once('.')
            .map(|(_, f)| f.trim_end_matches('0').len())
            .unwrap_or(0);
        decimal(self.0, x, places)
    }
}

fn site_key(s: Site) -> &'static str {
    match s {
        Site::Hip => "hip",
        Site::Vertebral => "vertebral",
        Site::Other => "other",
    }
}
