//! The patient search box: what a person types, as terms the store matches (issue 12).
//!
//! Every word must match, in any order, so "Isla MacDonald" finds the patient stored as family
//! name MacDonald, given names Isla, and so does "macdonald isla". A word that is a date is a
//! date of birth: ISO `2026-03-15`, year first with `/` or `.` (as typed in Japanese and
//! Chinese), or day first with `/`, `.` or `-` (as typed in most other languages Liaison
//! speaks). Month-first dates are not read: a US-style date is ambiguous with the day-first
//! ones, and a wrong guess would find the wrong patient.

use time::{Date, Month};

/// One word of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Lower-case text found anywhere in the hospital number or the names.
    Text(String),
    /// A date of birth.
    BirthDate(Date),
}

/// At most this many words are used; a longer query is a paste of something else.
pub const MAX_TERMS: usize = 6;

pub fn terms(query: &str) -> Vec<Term> {
    query
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .take(MAX_TERMS)
        .map(|w| match birth_date(w) {
            Some(d) => Term::BirthDate(d),
            None => Term::Text(w.to_lowercase()),
        })
        .collect()
}

fn birth_date(w: &str) -> Option<Date> {
    let parts: Vec<&str> = w.split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (y, m, d) = if parts[0].len() == 4 {
        (n[0], n[1], n[2])
    } else if parts[2].len() == 4 {
        (n[2], n[1], n[0])
    } else {
        return None;
    };
    let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn names_in_any_order_and_dates_of_birth() {
        assert_eq!(
            terms("Isla  MacDonald"),
            vec![Term::Text("isla".into()), Term::Text("macdonald".into())]
        );
        for typed in [
            "1948-07-12",
            "12/07/1948",
            "12.07.1948",
            "12-07-1948",
            "1948/07/12",
        ] {
            assert_eq!(
                terms(typed),
                vec![Term::BirthDate(date!(1948 - 07 - 12))],
                "{typed}"
            );
        }
        // Not dates: a hospital number with dashes, an impossible day, two-digit years.
        for typed in ["H-100-2", "31/02/1948", "12/07/48"] {
            assert!(matches!(terms(typed)[0], Term::Text(_)), "{typed}");
        }
        assert_eq!(terms("a b c d e f g h").len(), MAX_TERMS);
    }
}
