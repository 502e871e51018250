//! Numbers as people type them: the one place that turns the digits an interface displays back
//! into the ASCII digits every parser reads.
//!
//! Arabic pages show Arabic-Indic digits (`format`), so an Arabic user types them too, and a
//! Persian or Urdu keyboard gives the Extended Arabic-Indic ones. Every parser of a number or a
//! date typed by a person (forms, the calculator, KPI periods, search, import cells) reads its
//! text through [`to_ascii`] first; error messages still quote what was typed.

use std::borrow::Cow;

/// Arabic-Indic (U+0660–0669) and Extended Arabic-Indic (U+06F0–06F9) digits become `0`–`9`,
/// the Arabic decimal separator (U+066B) becomes `.`, and the Arabic thousands separator
/// (U+066C) is dropped. Anything else is left as it is (borrowed when nothing changes).
pub fn to_ascii(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_arabic_numeral) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter_map(|c| match c {
                '\u{0660}'..='\u{0669}' => char::from_u32(u32::from('0') + (c as u32 - 0x0660)),
                '\u{06f0}'..='\u{06f9}' => char::from_u32(u32::from('0') + (c as u32 - 0x06f0)),
                '\u{066b}' => Some('.'),
                '\u{066c}' => None,
                _ => Some(c),
            })
            .collect(),
    )
}

fn is_arabic_numeral(c: char) -> bool {
    matches!(c, '\u{0660}'..='\u{066c}' | '\u{06f0}'..='\u{06f9}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_indic_and_persian_digits_read_as_ascii() {
        assert_eq!(to_ascii("٧٢"), "72");
        assert_eq!(to_ascii("٢٠٢٦-٠٣-١٥"), "2026-03-15");
        assert_eq!(to_ascii("۱۲۳۴۵۶۷۸۹۰"), "1234567890");
        assert_eq!(to_ascii("١٢٫٥"), "12.5");
        assert_eq!(to_ascii("١٬٢٣٤٫٥"), "1234.5");
        assert_eq!(to_ascii("-٢٫٥"), "-2.5");
        // Mixed digits read as one number; other text is untouched.
        assert_eq!(to_ascii("1٢3"), "123");
        assert_eq!(to_ascii("GB-GLA ٤٢"), "GB-GLA 42");
    }

    #[test]
    fn ascii_text_is_borrowed_unchanged() {
        assert!(matches!(
            to_ascii("2026-03-15"),
            Cow::Borrowed("2026-03-15")
        ));
        assert_eq!(to_ascii("12,5"), "12,5");
        assert_eq!(to_ascii(""), "");
        // The Arabic percent sign (U+066A) is not a digit: it stays.
        assert_eq!(to_ascii("٥٪"), "5٪");
    }

    #[test]
    fn every_parser_of_typed_numbers_reads_arabic_digits() {
        use crate::dataset::{DateOrder, EpisodeInput, ParseOptions, parse, parse_date};
        use time::macros::date;
        let input = EpisodeInput {
            fls_code: "GB-GLA".into(),
            patient_ref: "H123".into(),
            fracture_date: "٢٠٢٦-٠٣-١٥".into(),
            sex: "F".into(),
            birth_date: "۱۹۵۰-۰۶-۱۵".into(),
            fracture_site: "hip".into(),
            setting: "inpatient".into(),
            frax_major_pct: "٧٢".into(),
            dxa_status: "done".into(),
            dxa_date: "٢٠٢٦-٠٤-٠١".into(),
            t_score_total_hip: "-٢٫٥".into(),
            ..Default::default()
        };
        let (e, _) = parse(&input, &ParseOptions::new(date!(2026 - 11 - 26))).unwrap();
        assert_eq!(e.fracture_date, date!(2026 - 03 - 15));
        assert_eq!(e.birth_date, date!(1950 - 06 - 15));
        assert_eq!(e.frax_major_pct, Some(72.0));
        assert_eq!(e.t_score_total_hip, Some(-2.5));
        // Day-first dates of an import, and the value an error quotes is what was typed.
        assert_eq!(
            parse_date("d", "١٥/٠٣/٢٠٢٦", DateOrder::Dmy),
            Ok(Some(date!(2026 - 03 - 15)))
        );
        let err = parse_date("d", "٢٠٢٦-١٣-٠١", DateOrder::Ymd).unwrap_err();
        assert_eq!(
            (err.value.as_str(), err.rule),
            ("٢٠٢٦-١٣-٠١", "date_invalid")
        );

        let form = crate::calculator::CalculatorForm {
            patients_per_year: "١٢٫٥".into(),
            cost_fracture_hip: "١٬٠٠٠".into(),
            ..Default::default()
        };
        let parsed = crate::calculator::parse(&form).unwrap_err();
        assert!(parsed.0.iter().all(|e| e.field != "patients_per_year"));
        assert!(parsed.0.iter().all(|e| e.field != "cost_fracture_hip"));

        assert_eq!(crate::org::optional_count("n", "٥٠٠", 1000), Ok(Some(500)));
        assert_eq!(
            crate::org::optional_iso_date("d", "٢٠٢٦-٠١-٠٢"),
            Ok(Some(date!(2026 - 01 - 02)))
        );
    }
}
