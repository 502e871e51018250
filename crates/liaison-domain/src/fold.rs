//! Text folded for searching the library and the FAQ, the same way on both engines.
//!
//! Readers type without the marks writers use: Spanish "fractura" must find "Fractura" and
//! "fracturas", Arabic typed without short vowels must find a vowelled text, and the reverse.
//! SQLite's FTS5 and PostgreSQL's text search fold differently (and PostgreSQL's `unaccent`
//! is an extension a hosted database may lack), so Liaison folds in Rust, stores the folded
//! text beside the original, and folds the query the same way.

use unicode_normalization::UnicodeNormalization;

/// Lower-cased, accents and Arabic diacritics removed, letter variants unified, whitespace
/// collapsed. Chinese and Japanese pass through unchanged apart from width (full-width Latin
/// and digits become ASCII), since they are searched by substring.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.nfkd() {
        if is_mark(c) || c == '\u{0640}' {
            // Combining accents (Latin), harakat and the tatweel (Arabic) carry no search sense.
            continue;
        }
        let c = match c {
            // Alef with hamza or madda, and alef wasla, are typed as a bare alef.
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            _ => c,
        };
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
            continue;
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    if out.ends_with(' ') {
        out.pop();
    }
    // Recompose what is left, so Japanese voiced kana (が = か + ゛ after NFKD) stay one letter.
    out.nfc().collect()
}

/// Combining marks: the general category M, approximated by the blocks the seven languages use.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'   // combining diacritical marks (Latin accents after NFKD)
        | '\u{064B}'..='\u{065F}' // Arabic harakat, shadda, sukun
        | '\u{0670}'              // superscript alef
        | '\u{06D6}'..='\u{06ED}' // Quranic annotation marks
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}'
    )
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn latin_accents_and_case_are_ignored() {
        assert_eq!(fold("Fractura de CADERA"), "fractura de cadera");
        assert_eq!(fold("ostéoporose  à  l'hôpital"), "osteoporose a l'hopital");
        assert_eq!(
            fold("Fratura do fêmur, prevenção"),
            "fratura do femur, prevencao"
        );
    }

    #[test]
    fn arabic_with_and_without_diacritics_fold_alike() {
        // "hip fracture" written with full harakat and without.
        assert_eq!(fold("كَسْرُ الوَرِكِ"), fold("كسر الورك"));
        // Hamza on alef and a tatweel are dropped the way readers type.
        assert_eq!(fold("أدويـــة"), "ادويه");
    }

    #[test]
    fn chinese_and_japanese_keep_their_characters() {
        assert_eq!(fold("骨质疏松症"), "骨质疏松症");
        // Full-width digits and Latin from a Japanese IME become ASCII; voiced kana stay
        // voiced (が is not か).
        assert_eq!(fold("ＤＸＡ検査１６週"), "dxa検査16週");
        assert_eq!(fold("がん"), "がん");
        assert_ne!(fold("がん"), fold("かん"));
    }
}
