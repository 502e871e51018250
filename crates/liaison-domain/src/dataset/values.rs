//! One value at a time: dates in the order a file uses, decimals, codes and text, each with the
//! rule it breaks; and the [`ParseOptions`] that say how to read them.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use super::codes::NOT_FRAGILITY;
use super::{FractureSite, atc_name};
use crate::error::FieldError;
use crate::numerals::to_ascii;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    #[default]
    Ymd,
    Dmy,
    Mdy,
}

impl DateOrder {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ymd" => Some(DateOrder::Ymd),
            "dmy" => Some(DateOrder::Dmy),
            "mdy" => Some(DateOrder::Mdy),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    pub date_order: DateOrder,
    /// Accept `-2,5` (a semicolon-separated file may use decimal commas).
    pub decimal_comma: bool,
    /// Today in the FLS's time zone: no event may be after it.
    pub today: Date,
}

impl ParseOptions {
    pub fn new(today: Date) -> Self {
        ParseOptions {
            date_order: DateOrder::Ymd,
            decimal_comma: false,
            today,
        }
    }
}

/// A value that is accepted but worth saying something about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub field: &'static str,
    pub rule: &'static str,
}

/// Read a date as the options say; reject two-digit years, Excel serial numbers and
/// impossible dates with distinct rules.
pub fn parse_date(field: &str, s: &str, order: DateOrder) -> Result<Option<Date>, FieldError> {
    let ascii = to_ascii(s);
    let t = ascii.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let err = |rule| FieldError::new(field, s, rule);
    if t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.len() <= 8
        && !t.contains(['-', '/'])
        && t.matches('.').count() <= 1
    {
        return Err(err("date_excel_serial"));
    }
    let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(err("date_format").arg("format", order_format(order)));
    }
    // ISO dates (4-digit first part) are unambiguous whatever the declared order.
    let (y, m, d) = if parts[0].len() == 4 && t.contains('-') {
        (parts[0], parts[1], parts[2])
    } else {
        match order {
            DateOrder::Ymd => (parts[0], parts[1], parts[2]),
            DateOrder::Dmy => (parts[2], parts[1], parts[0]),
            DateOrder::Mdy => (parts[2], parts[0], parts[1]),
        }
    };
    if y.len() != 4 {
        // A four-digit year elsewhere means the date is in another order than declared.
        return Err(if y.len() <= 2 && !parts.iter().any(|p| p.len() == 4) {
            err("date_two_digit_year")
        } else {
            err("date_format").arg("format", order_format(order))
        });
    }
    if m.len() > 2 || d.len() > 2 {
        return Err(err("date_format").arg("format", order_format(order)));
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>()) else {
        return Err(err("date_invalid"));
    };
    let month = Month::try_from(m).map_err(|_| err("date_invalid"))?;
    Date::from_calendar_date(y, month, d)
        .map(Some)
        .map_err(|_| err("date_invalid"))
}

fn order_format(order: DateOrder) -> &'static str {
    match order {
        DateOrder::Ymd => "YYYY-MM-DD",
        DateOrder::Dmy => "DD/MM/YYYY",
        DateOrder::Mdy => "MM/DD/YYYY",
    }
}

pub(super) fn parse_decimal(
    field: &str,
    s: &str,
    comma: bool,
    min: f64,
    max: f64,
) -> Result<Option<f64>, FieldError> {
    let ascii = to_ascii(s);
    let t = ascii.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let mut n = t.replace('\u{2212}', "-");
    if n.starts_with('+') {
        n.remove(0);
    }
    if comma && n.matches(',').count() == 1 && !n.contains('.') {
        n = n.replace(',', ".");
    }
    let ok = !n.is_empty()
        && n.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && n.matches('.').count() <= 1
        && n.rfind('-').is_none_or(|i| i == 0);
    let v: f64 = match n.parse() {
        Ok(v) if ok && f64::is_finite(v) => v,
        _ => return Err(FieldError::new(field, s, "decimal")),
    };
    if v < min || v > max {
        return Err(FieldError::new(field, s, "decimal_between")
            .arg("min", fmt_num(min))
            .arg("max", fmt_num(max)));
    }
    Ok(Some(v))
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

pub(super) fn code<T>(
    field: &str,
    s: &str,
    parse: impl Fn(&str) -> Option<T>,
    codes: Vec<&'static str>,
) -> Result<Option<T>, FieldError> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    parse(s)
        .map(Some)
        .ok_or_else(|| FieldError::new(field, s, "one_of").arg("allowed", codes.join(", ")))
}

pub(super) fn text(field: &str, s: &str, max: usize) -> Result<String, FieldError> {
    crate::org::text(field, s, false, max)
}

/// Free text (notes): like [`text`], but line breaks and tabs are part of it.
pub(super) fn free_text(field: &str, s: &str, max: usize) -> Result<String, FieldError> {
    let t = s.trim();
    if t.chars().count() > max {
        return Err(FieldError::new(field, s, "too_long").arg("max", max));
    }
    if t.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(FieldError::new(field, s, "control_characters"));
    }
    Ok(t.to_string())
}

pub(super) fn atc(field: &str, s: &str) -> Result<Option<String>, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    atc_name(t)
        .map(|_| Some(t.to_ascii_uppercase()))
        .ok_or_else(|| FieldError::new(field, s, "atc_unknown"))
}

pub(super) fn site(field: &str, s: &str) -> Result<Option<FractureSite>, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if NOT_FRAGILITY.contains(&t.to_ascii_lowercase().as_str()) {
        return Err(FieldError::new(field, s, "site_not_fragility"));
    }
    code(field, s, FractureSite::parse, FractureSite::codes())
}

pub(super) fn iso(d: Date) -> String {
    d.to_string()
}
