//! A set of FLSs named in a request: one FLS, a country, a region or the world. One parser
//! for the command line, the API and the pages (docs/cli.md, SCOPE), so `global`, `Global`
//! and ` country:gb ` mean the same everywhere.

use super::Region;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Scope {
    Fls(String),
    /// An ISO 3166-1 alpha-2 code, upper case.
    Country(String),
    Region(Region),
    Global,
}

impl Scope {
    /// `fls:CODE`, `country:CC`, `region:NAME` or `global`; the kind and `global` in any case,
    /// blanks around the parts ignored.
    pub fn parse(s: &str) -> Option<Scope> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("global") {
            return Some(Scope::Global);
        }
        let (kind, v) = s.split_once(':')?;
        let v = v.trim();
        match kind.trim().to_ascii_lowercase().as_str() {
            "fls" if !v.is_empty() => Some(Scope::Fls(v.to_string())),
            "country" if v.len() == 2 && v.chars().all(|c| c.is_ascii_alphabetic()) => {
                Some(Scope::Country(v.to_ascii_uppercase()))
            }
            "region" => Region::parse(v).map(Scope::Region),
            _ => None,
        }
    }

    /// The canonical text, which [`Scope::parse`] reads back.
    pub fn code(&self) -> String {
        match self {
            Scope::Fls(c) => format!("fls:{c}"),
            Scope::Country(c) => format!("country:{c}"),
            Scope::Region(r) => format!("region:{}", r.code()),
            Scope::Global => "global".into(),
        }
    }

    /// A name for files: `fls-GB-001`, `country-GB`, `global`.
    pub fn file_stem(&self) -> String {
        self.code()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    }

    /// Does an FLS with this code, country and region (code) belong to the scope?
    pub fn contains(&self, fls_code: &str, country: &str, region: &str) -> bool {
        match self {
            Scope::Fls(c) => c == fls_code,
            Scope::Country(c) => c == country,
            Scope::Region(r) => r.code() == region,
            Scope::Global => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_spelling_for_every_caller() {
        for s in ["global", "Global", " GLOBAL "] {
            assert_eq!(Scope::parse(s), Some(Scope::Global), "{s}");
        }
        assert_eq!(
            Scope::parse(" Country : gb "),
            Some(Scope::Country("GB".into()))
        );
        assert_eq!(
            Scope::parse("fls:GB-GLA"),
            Some(Scope::Fls("GB-GLA".into()))
        );
        for s in [
            "",
            "fls:",
            "country:GBR",
            "country:1x",
            "region:atlantis",
            "world",
        ] {
            assert_eq!(Scope::parse(s), None, "{s}");
        }
        for s in [
            Scope::Global,
            Scope::Country("BR".into()),
            Scope::Fls("A-1".into()),
        ] {
            assert_eq!(Scope::parse(&s.code()), Some(s.clone()));
        }
    }
}
