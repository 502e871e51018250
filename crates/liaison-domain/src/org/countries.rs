//! ISO 3166-1 alpha-2 countries with their default IOF region. Data, not logic.
//! Region choice: North Africa and the Arab states of Western Asia, Iran and Israel are `MiddleEast`;
//! sub-Saharan Africa is `Africa`; Mexico, Central America, South America and the Caribbean are
//! `LatinAmerica`; Canada, the United States, Bermuda, Greenland and Saint Pierre and Miquelon are
//! `NorthAmerica`; Turkey, Cyprus, the Caucasus and all of Europe incl. Russia are `Europe`; Central,
//! South, East and South-East Asia, Oceania and Antarctica-area territories are `AsiaPacific`.
use super::Region;
use crate::lang::Lang;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Country names in the seven languages of the UI (CLDR; `data/README.md` says how the file
/// was made): a header `code en es fr pt ar ja zh-Hans`, then one tab-separated row per code.
const NAMES_TSV: &str = include_str!("../../data/country-names.tsv");

/// The header's language codes, and each code's names in the header's order.
type Names = (Vec<&'static str>, HashMap<&'static str, Vec<&'static str>>);

/// The country's short name in `lang`, None for a code that is not a country.
pub fn country_name(code: &str, lang: Lang) -> Option<&'static str> {
    static NAMES: OnceLock<Names> = OnceLock::new();
    let (header, rows) = NAMES.get_or_init(|| {
        let mut lines = NAMES_TSV.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        let rows = lines
            .filter_map(|l| {
                let mut cells = l.split('\t');
                cells.next().map(|code| (code, cells.collect()))
            })
            .collect();
        (header, rows)
    });
    let col = header
        .iter()
        .position(|h| *h == lang.code())?
        .checked_sub(1)?;
    rows.get(code)?.get(col).copied()
}

/// (alpha-2 code, English short name, default region), sorted by code.
pub const COUNTRIES: &[(&str, &str, Region)] = &[
    ("AD", "Andorra", Region::Europe),
    ("AE", "United Arab Emirates", Region::MiddleEast),
    ("AF", "Afghanistan", Region::AsiaPacific),
    ("AG", "Antigua and Barbuda", Region::LatinAmerica),
    ("AI", "Anguilla", Region::LatinAmerica),
    ("AL", "Albania", Region::Europe),
    ("AM", "Armenia", Region::Europe),
    ("AO", "Angola", Region::Africa),
    ("AQ", "Antarctica", Region::AsiaPacific),
    ("AR", "Argentina", Region::LatinAmerica),
    ("AS", "American Samoa", Region::AsiaPacific),
    ("AT", "Austria", Region::Europe),
    ("AU", "Australia", Region::AsiaPacific),
    ("AW", "Aruba", Region::LatinAmerica),
    ("AX", "Åland Islands", Region::Europe),
    ("AZ", "Azerbaijan", Region::Europe),
    ("BA", "Bosnia and Herzegovina", Region::Europe),
    ("BB", "Barbados", Region::LatinAmerica),
    ("BD", "Bangladesh", Region::AsiaPacific),
    ("BE", "Belgium", Region::Europe),
    ("BF", "Burkina Faso", Region::Africa),
    ("BG", "Bulgaria", Region::Europe),
    ("BH", "Bahrain", Region::MiddleEast),
    ("BI", "Burundi", Region::Africa),
    ("BJ", "Benin", Region::Africa),
    ("BL", "Saint Barthélemy", Region::LatinAmerica),
    ("BM", "Bermuda", Region::NorthAmerica),
    ("BN", "Brunei Darussalam", Region::AsiaPacific),
    ("BO", "Bolivia", Region::LatinAmerica),
    (
        "BQ",
        "Bonaire, Sint Eustatius and Saba",
        Region::LatinAmerica,
    ),
    ("BR", "Brazil", Region::LatinAmerica),
    ("BS", "Bahamas", Region::LatinAmerica),
    ("BT", "Bhutan", Region::AsiaPacific),
    ("BV", "Bouvet Island", Region::LatinAmerica),
    ("BW", "Botswana", Region::Africa),
    ("BY", "Belarus", Region::Europe),
    ("BZ", "Belize", Region::LatinAmerica),
    ("CA", "Canada", Region::NorthAmerica),
    ("CC", "Cocos (Keeling) Islands", Region::AsiaPacific),
    ("CD", "Congo, Democratic Republic of the", Region::Africa),
    ("CF", "Central African Republic", Region::Africa),
    ("CG", "Congo", Region::Africa),
    ("CH", "Switzerland", Region::Europe),
    ("CI", "Côte d'Ivoire", Region::Africa),
    ("CK", "Cook Islands", Region::AsiaPacific),
    ("CL", "Chile", Region::LatinAmerica),
    ("CM", "Cameroon", Region::Africa),
    ("CN", "China", Region::AsiaPacific),
    ("CO", "Colombia", Region::LatinAmerica),
    ("CR", "Costa Rica", Region::LatinAmerica),
    ("CU", "Cuba", Region::LatinAmerica),
    ("CV", "Cabo Verde", Region::Africa),
    ("CW", "Curaçao", Region::LatinAmerica),
    ("CX", "Christmas Island", Region::AsiaPacific),
    ("CY", "Cyprus", Region::Europe),
    ("CZ", "Czechia", Region::Europe),
    ("DE", "Germany", Region::Europe),
    ("DJ", "Djibouti", Region::Africa),
    ("DK", "Denmark", Region::Europe),
    ("DM", "Dominica", Region::LatinAmerica),
    ("DO", "Dominican Republic", Region::LatinAmerica),
    ("DZ", "Algeria", Region::MiddleEast),
    ("EC", "Ecuador", Region::LatinAmerica),
    ("EE", "Estonia", Region::Europe),
    ("EG", "Egypt", Region::MiddleEast),
    ("EH", "Western Sahara", Region::MiddleEast),
    ("ER", "Eritrea", Region::Africa),
    ("ES", "Spain", Region::Europe),
    ("ET", "Ethiopia", Region::Africa),
    ("FI", "Finland", Region::Europe),
    ("FJ", "Fiji", Region::AsiaPacific),
    ("FK", "Falkland Islands (Malvinas)", Region::LatinAmerica),
    ("FM", "Micronesia, Federated States of", Region::AsiaPacific),
    ("FO", "Faroe Islands", Region::Europe),
    ("FR", "France", Region::Europe),
    ("GA", "Gabon", Region::Africa),
    ("GB", "United Kingdom", Region::Europe),
    ("GD", "Grenada", Region::LatinAmerica),
    ("GE", "Georgia", Region::Europe),
    ("GF", "French Guiana", Region::LatinAmerica),
    ("GG", "Guernsey", Region::Europe),
    ("GH", "Ghana", Region::Africa),
    ("GI", "Gibraltar", Region::Europe),
    ("GL", "Greenland", Region::NorthAmerica),
    ("GM", "Gambia", Region::Africa),
    ("GN", "Guinea", Region::Africa),
    ("GP", "Guadeloupe", Region::LatinAmerica),
    ("GQ", "Equatorial Guinea", Region::Africa),
    ("GR", "Greece", Region::Europe),
    (
        "GS",
        "South Georgia and the South Sandwich Islands",
        Region::LatinAmerica,
    ),
    ("GT", "Guatemala", Region::LatinAmerica),
    ("GU", "Guam", Region::AsiaPacific),
    ("GW", "Guinea-Bissau", Region::Africa),
    ("GY", "Guyana", Region::LatinAmerica),
    ("HK", "Hong Kong", Region::AsiaPacific),
    (
        "HM",
        "Heard Island and McDonald Islands",
        Region::AsiaPacific,
    ),
    ("HN", "Honduras", Region::LatinAmerica),
    ("HR", "Croatia", Region::Europe),
    ("HT", "Haiti", Region::LatinAmerica),
    ("HU", "Hungary", Region::Europe),
    ("ID", "Indonesia", Region::AsiaPacific),
    ("IE", "Ireland", Region::Europe),
    ("IL", "Israel", Region::MiddleEast),
    ("IM", "Isle of Man", Region::Europe),
    ("IN", "India", Region::AsiaPacific),
    ("IO", "British Indian Ocean Territory", Region::AsiaPacific),
    ("IQ", "Iraq", Region::MiddleEast),
    ("IR", "Iran, Islamic Republic of", Region::MiddleEast),
    ("IS", "Iceland", Region::Europe),
    ("IT", "Italy", Region::Europe),
    ("JE", "Jersey", Region::Europe),
    ("JM", "Jamaica", Region::LatinAmerica),
    ("JO", "Jordan", Region::MiddleEast),
    ("JP", "Japan", Region::AsiaPacific),
    ("KE", "Kenya", Region::Africa),
    ("KG", "Kyrgyzstan", Region::AsiaPacific),
    ("KH", "Cambodia", Region::AsiaPacific),
    ("KI", "Kiribati", Region::AsiaPacific),
    ("KM", "Comoros", Region::Africa),
    ("KN", "Saint Kitts and Nevis", Region::LatinAmerica),
    (
        "KP",
        "Korea, Democratic People's Republic of",
        Region::AsiaPacific,
    ),
    ("KR", "Korea, Republic of", Region::AsiaPacific),
    ("KW", "Kuwait", Region::MiddleEast),
    ("KY", "Cayman Islands", Region::LatinAmerica),
    ("KZ", "Kazakhstan", Region::AsiaPacific),
    (
        "LA",
        "Lao People's Democratic Republic",
        Region::AsiaPacific,
    ),
    ("LB", "Lebanon", Region::MiddleEast),
    ("LC", "Saint Lucia", Region::LatinAmerica),
    ("LI", "Liechtenstein", Region::Europe),
    ("LK", "Sri Lanka", Region::AsiaPacific),
    ("LR", "Liberia", Region::Africa),
    ("LS", "Lesotho", Region::Africa),
    ("LT", "Lithuania", Region::Europe),
    ("LU", "Luxembourg", Region::Europe),
    ("LV", "Latvia", Region::Europe),
    ("LY", "Libya", Region::MiddleEast),
    ("MA", "Morocco", Region::MiddleEast),
    ("MC", "Monaco", Region::Europe),
    ("MD", "Moldova, Republic of", Region::Europe),
    ("ME", "Montenegro", Region::Europe),
    ("MF", "Saint Martin (French part)", Region::LatinAmerica),
    ("MG", "Madagascar", Region::Africa),
    ("MH", "Marshall Islands", Region::AsiaPacific),
    ("MK", "North Macedonia", Region::Europe),
    ("ML", "Mali", Region::Africa),
    ("MM", "Myanmar", Region::AsiaPacific),
    ("MN", "Mongolia", Region::AsiaPacific),
    ("MO", "Macao", Region::AsiaPacific),
    ("MP", "Northern Mariana Islands", Region::AsiaPacific),
    ("MQ", "Martinique", Region::LatinAmerica),
    ("MR", "Mauritania", Region::Africa),
    ("MS", "Montserrat", Region::LatinAmerica),
    ("MT", "Malta", Region::Europe),
    ("MU", "Mauritius", Region::Africa),
    ("MV", "Maldives", Region::AsiaPacific),
    ("MW", "Malawi", Region::Africa),
    ("MX", "Mexico", Region::LatinAmerica),
    ("MY", "Malaysia", Region::AsiaPacific),
    ("MZ", "Mozambique", Region::Africa),
    ("NA", "Namibia", Region::Africa),
    ("NC", "New Caledonia", Region::AsiaPacific),
    ("NE", "Niger", Region::Africa),
    ("NF", "Norfolk Island", Region::AsiaPacific),
    ("NG", "Nigeria", Region::Africa),
    ("NI", "Nicaragua", Region::LatinAmerica),
    ("NL", "Netherlands", Region::Europe),
    ("NO", "Norway", Region::Europe),
    ("NP", "Nepal", Region::AsiaPacific),
    ("NR", "Nauru", Region::AsiaPacific),
    ("NU", "Niue", Region::AsiaPacific),
    ("NZ", "New Zealand", Region::AsiaPacific),
    ("OM", "Oman", Region::MiddleEast),
    ("PA", "Panama", Region::LatinAmerica),
    ("PE", "Peru", Region::LatinAmerica),
    ("PF", "French Polynesia", Region::AsiaPacific),
    ("PG", "Papua New Guinea", Region::AsiaPacific),
    ("PH", "Philippines", Region::AsiaPacific),
    ("PK", "Pakistan", Region::AsiaPacific),
    ("PL", "Poland", Region::Europe),
    ("PM", "Saint Pierre and Miquelon", Region::NorthAmerica),
    ("PN", "Pitcairn", Region::AsiaPacific),
    ("PR", "Puerto Rico", Region::LatinAmerica),
    ("PS", "Palestine, State of", Region::MiddleEast),
    ("PT", "Portugal", Region::Europe),
    ("PW", "Palau", Region::AsiaPacific),
    ("PY", "Paraguay", Region::LatinAmerica),
    ("QA", "Qatar", Region::MiddleEast),
    ("RE", "Réunion", Region::Africa),
    ("RO", "Romania", Region::Europe),
    ("RS", "Serbia", Region::Europe),
    ("RU", "Russian Federation", Region::Europe),
    ("RW", "Rwanda", Region::Africa),
    ("SA", "Saudi Arabia", Region::MiddleEast),
    ("SB", "Solomon Islands", Region::AsiaPacific),
    ("SC", "Seychelles", Region::Africa),
    ("SD", "Sudan", Region::MiddleEast),
    ("SE", "Sweden", Region::Europe),
    ("SG", "Singapore", Region::AsiaPacific),
    (
        "SH",
        "Saint Helena, Ascension and Tristan da Cunha",
        Region::Africa,
    ),
    ("SI", "Slovenia", Region::Europe),
    ("SJ", "Svalbard and Jan Mayen", Region::Europe),
    ("SK", "Slovakia", Region::Europe),
    ("SL", "Sierra Leone", Region::Africa),
    ("SM", "San Marino", Region::Europe),
    ("SN", "Senegal", Region::Africa),
    ("SO", "Somalia", Region::Africa),
    ("SR", "Suriname", Region::LatinAmerica),
    ("SS", "South Sudan", Region::Africa),
    ("ST", "Sao Tome and Principe", Region::Africa),
    ("SV", "El Salvador", Region::LatinAmerica),
    ("SX", "Sint Maarten (Dutch part)", Region::LatinAmerica),
    ("SY", "Syrian Arab Republic", Region::MiddleEast),
    ("SZ", "Eswatini", Region::Africa),
    ("TC", "Turks and Caicos Islands", Region::LatinAmerica),
    ("TD", "Chad", Region::Africa),
    ("TF", "French Southern Territories", Region::AsiaPacific),
    ("TG", "Togo", Region::Africa),
    ("TH", "Thailand", Region::AsiaPacific),
    ("TJ", "Tajikistan", Region::AsiaPacific),
    ("TK", "Tokelau", Region::AsiaPacific),
    ("TL", "Timor-Leste", Region::AsiaPacific),
    ("TM", "Turkmenistan", Region::AsiaPacific),
    ("TN", "Tunisia", Region::MiddleEast),
    ("TO", "Tonga", Region::AsiaPacific),
    ("TR", "Türkiye", Region::Europe),
    ("TT", "Trinidad and Tobago", Region::LatinAmerica),
    ("TV", "Tuvalu", Region::AsiaPacific),
    ("TW", "Taiwan", Region::AsiaPacific),
    ("TZ", "Tanzania, United Republic of", Region::Africa),
    ("UA", "Ukraine", Region::Europe),
    ("UG", "Uganda", Region::Africa),
    (
        "UM",
        "United States Minor Outlying Islands",
        Region::AsiaPacific,
    ),
    ("US", "United States of America", Region::NorthAmerica),
    ("UY", "Uruguay", Region::LatinAmerica),
    ("UZ", "Uzbekistan", Region::AsiaPacific),
    ("VA", "Holy See", Region::Europe),
    (
        "VC",
        "Saint Vincent and the Grenadines",
        Region::LatinAmerica,
    ),
    ("VE", "Venezuela", Region::LatinAmerica),
    ("VG", "Virgin Islands (British)", Region::LatinAmerica),
    ("VI", "Virgin Islands (U.S.)", Region::LatinAmerica),
    ("VN", "Viet Nam", Region::AsiaPacific),
    ("VU", "Vanuatu", Region::AsiaPacific),
    ("WF", "Wallis and Futuna", Region::AsiaPacific),
    ("WS", "Samoa", Region::AsiaPacific),
    ("YE", "Yemen", Region::MiddleEast),
    ("YT", "Mayotte", Region::Africa),
    ("ZA", "South Africa", Region::Africa),
    ("ZM", "Zambia", Region::Africa),
    ("ZW", "Zimbabwe", Region::Africa),
];

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn codes_are_sorted_unique_and_complete() {
        assert_eq!(COUNTRIES.len(), 249);
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(COUNTRIES.iter().all(|(c, n, _)| c.len() == 2
            && c.bytes().all(|b| b.is_ascii_uppercase())
            && !n.is_empty()));
    }

    #[test]
    fn every_country_has_a_name_in_every_language() {
        for (code, en, _) in COUNTRIES {
            assert_eq!(country_name(code, Lang::En), Some(*en), "{code}");
            for lang in Lang::ALL {
                let n = country_name(code, lang).unwrap_or("");
                assert!(!n.trim().is_empty(), "{code} in {}", lang.code());
            }
        }
        assert_eq!(country_name("GB", Lang::Ar), Some("المملكة المتحدة"));
        assert_eq!(country_name("ES", Lang::Fr), Some("Espagne"));
        assert_eq!(country_name("JP", Lang::Zh), Some("日本"));
        assert_eq!(country_name("XX", Lang::En), None);
    }
}
