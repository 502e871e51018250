//! Dates and numbers as each language writes them (CLDR conventions, hand-coded for the seven
//! languages we ship rather than pulling in a full ICU data set).

use crate::lang::Lang;
use time::{Date, OffsetDateTime};

const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Western digits to the language's digits (Arabic uses Arabic-Indic digits).
fn digits(lang: Lang, s: &str) -> String {
    if lang != Lang::Ar {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '0'..='9' => arabic_digit(c),
            _ => c,
        })
        .collect()
}

/// The numbers inside a sentence in the language's digits: in Arabic, every run of ASCII digits
/// (with a `.` between digits as the decimal separator) becomes Arabic-Indic, except in a word
/// that also holds a Latin letter (`UTF-16`, `R4`, a code such as `H123`), which is a name, not a
/// number, and except inside a directional isolate (U+2066–U+2069), which a translation uses
/// to quote a reference as published (`Osteoporos Int 2019;30:79-92`), as templates use `<bdi>`.
/// Other languages are unchanged. `numerals::to_ascii` reads them back.
pub fn digits_in_text(lang: Lang, text: &str) -> String {
    if lang != Lang::Ar || !text.chars().any(|c| c.is_ascii_digit()) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut isolated = 0usize;
    for word in text.split_inclusive(char::is_whitespace) {
        let name = word.chars().any(|c| c.is_ascii_alphabetic());
        let chars: Vec<char> = word.chars().collect();
        for (j, &c) in chars.iter().enumerate() {
            match c {
                '\u{2066}'..='\u{2068}' => isolated += 1,
                '\u{2069}' => isolated = isolated.saturating_sub(1),
                _ => {}
            }
            if name || isolated > 0 {
                out.push(c);
                continue;
            }
            let between_digits = j > 0
                && chars[j - 1].is_ascii_digit()
                && chars.get(j + 1).is_some_and(char::is_ascii_digit);
            match c {
                '0'..='9' => out.push(arabic_digit(c)),
                '.' if between_digits => out.push('\u{066b}'),
                _ => out.push(c),
            }
        }
    }
    out
}

/// A number the server writes into a field for a person to edit (`0.193`): in the language's
/// digits, so that a form reads like the rest of its page. Text that is not a plain number
/// (what a person typed wrongly) is left as it is.
pub fn editable(lang: Lang, value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-'));
    if plain {
        digits_in_text(lang, value)
    } else {
        value.to_string()
    }
}

fn arabic_digit(c: char) -> char {
    char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap_or(c)
}

pub fn date(lang: Lang, d: Date) -> String {
    let (y, m, day) = (d.year(), u8::from(d.month()), d.day());
    match lang {
        Lang::En => format!("{day} {} {y}", EN_MONTHS[usize::from(m - 1)]),
        Lang::Es | Lang::Fr | Lang::Pt => format!("{day:02}/{m:02}/{y}"),
        // Right-to-left marks keep the parts in order inside Arabic text.
        Lang::Ar => digits(lang, &format!("{day}\u{200f}/{m}\u{200f}/{y}")),
        Lang::Zh | Lang::Ja => format!("{y}年{m}月{day}日"),
    }
}

pub fn date_time_utc(lang: Lang, t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let hm = digits(lang, &format!("{:02}:{:02}", t.hour(), t.minute()));
    format!("{} {hm} UTC", date(lang, t.date()))
}

/// (group separator, decimal separator, minimum digits before grouping applies)
fn separators(lang: Lang) -> (&'static str, &'static str, usize) {
    match lang {
        Lang::En | Lang::Zh | Lang::Ja => (",", ".", 4),
        // CLDR: Spanish groups only from five digits.
        Lang::Es => (".", ",", 5),
        Lang::Pt => (".", ",", 4),
        Lang::Fr => ("\u{202f}", ",", 4),
        Lang::Ar => ("\u{066c}", "\u{066b}", 4),
    }
}

fn group(int: &str, sep: &str, min: usize) -> String {
    if int.len() < min {
        return int.to_string();
    }
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

pub fn integer(lang: Lang, n: i64) -> String {
    decimal(lang, n as f64, 0)
}

pub fn decimal(lang: Lang, x: f64, places: usize) -> String {
    let (gs, ds, min) = separators(lang);
    let s = format!("{:.*}", places, x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::new();
    if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    out.push_str(&group(int, gs, min));
    if !frac.is_empty() {
        out.push_str(ds);
        out.push_str(frac);
    }
    digits(lang, &out)
}

/// A fraction (0.452) as a percentage in the language's style ("45.2%", "45,2 %", "٤٥٫٢٪").
pub fn percent(lang: Lang, fraction: f64, places: usize) -> String {
    let n = decimal(lang, fraction * 100.0, places);
    match lang {
        Lang::Fr => format!("{n}\u{202f}%"),
        Lang::Ar => format!("{n}\u{066a}"),
        _ => format!("{n}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_follow_the_language() {
        let d = date!(2026 - 03 - 05);
        assert_eq!(date(Lang::En, d), "5 Mar 2026");
        assert_eq!(date(Lang::Fr, d), "05/03/2026");
        assert_eq!(date(Lang::Ja, d), "2026年3月5日");
        assert_eq!(date(Lang::Ar, d), "٥\u{200f}/٣\u{200f}/٢٠٢٦");
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(integer(Lang::En, 1234567), "1,234,567");
        assert_eq!(integer(Lang::Es, 1234), "1234");
        assert_eq!(integer(Lang::Es, 12345), "12.345");
        assert_eq!(decimal(Lang::Fr, 12345.67, 1), "12\u{202f}345,7");
        assert_eq!(decimal(Lang::Ar, 1234.5, 1), "١٬٢٣٤٫٥");
        assert_eq!(integer(Lang::En, -42), "-42");
        assert_eq!(percent(Lang::En, 0.4526, 1), "45.3%");
        assert_eq!(percent(Lang::Fr, 0.5, 0), "50\u{202f}%");
        assert_eq!(decimal(Lang::En, -0.01, 1), "0.0");
    }

    #[test]
    fn numbers_in_arabic_sentences_use_arabic_digits_but_codes_do_not() {
        assert_eq!(
            digits_in_text(Lang::Ar, "النسب بين 0 و1: 0.2 تعني 20 ٪."),
            "النسب بين ٠ و١: ٠٫٢ تعني ٢٠ ٪."
        );
        assert_eq!(
            digits_in_text(Lang::Ar, "UTF-16 و FHIR R4 و H123"),
            "UTF-16 و FHIR R4 و H123"
        );
        assert_eq!(digits_in_text(Lang::Ar, "(2024-03-31)"), "(٢٠٢٤-٠٣-٣١)");
        // A reference quoted inside an isolate keeps its digits; the text after it does not.
        assert_eq!(
            digits_in_text(Lang::Ar, "\u{2066}Int 2019;30:79\u{2069} 10 ٪"),
            "\u{2066}Int 2019;30:79\u{2069} ١٠ ٪"
        );
        assert_eq!(digits_in_text(Lang::Fr, "0.2 = 20 %"), "0.2 = 20 %");
        assert_eq!(editable(Lang::Ar, "0.193"), "٠٫١٩٣");
        assert_eq!(editable(Lang::Ar, "12x"), "12x");
        assert_eq!(editable(Lang::Ja, "0.193"), "0.193");
        // What the page writes, a person's parser reads back.
        assert_eq!(
            crate::numerals::to_ascii(&editable(Lang::Ar, "-1250.5")),
            "-1250.5"
        );
    }
}
