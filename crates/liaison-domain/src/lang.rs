//! The languages of the user interface.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Es,
    Fr,
    Pt,
    Ar,
    Zh,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 7] = [
        Lang::En,
        Lang::Es,
        Lang::Fr,
        Lang::Pt,
        Lang::Ar,
        Lang::Zh,
        Lang::Ja,
    ];

    /// BCP 47 tag, as used in `<html lang>` and the translation folders.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Fr => "fr",
            Lang::Pt => "pt",
            Lang::Ar => "ar",
            Lang::Zh => "zh-Hans",
            Lang::Ja => "ja",
        }
    }

    /// The language's own name, for the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::Fr => "Français",
            Lang::Pt => "Português",
            Lang::Ar => "العربية",
            Lang::Zh => "简体中文",
            Lang::Ja => "日本語",
        }
    }

    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar)
    }

    pub fn dir(self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    /// Parse a tag such as `pt-BR`, `zh-CN`, `zh-Hans`, `AR`: the primary subtag decides,
    /// except that Traditional Chinese is not offered (it would get Simplified wrongly).
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        let mut parts = tag.split(['-', '_']);
        let primary = parts.next()?;
        match primary {
            "en" => Some(Lang::En),
            "es" => Some(Lang::Es),
            "fr" => Some(Lang::Fr),
            "pt" => Some(Lang::Pt),
            "ar" => Some(Lang::Ar),
            "ja" => Some(Lang::Ja),
            "zh" => {
                let rest: Vec<&str> = parts.collect();
                if rest
                    .iter()
                    .any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"))
                {
                    None
                } else {
                    Some(Lang::Zh)
                }
            }
            _ => None,
        }
    }

    /// Choose from an `Accept-Language` header, honouring q-values; None when nothing fits.
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        let mut best: Option<(f32, usize, Lang)> = None;
        for (i, item) in accept_language.split(',').enumerate() {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            if let Some(lang) = Lang::parse(tag) {
                // Higher q wins; among equal q, the earlier entry wins.
                if best.is_none_or(|(bq, _, _)| q > bq) {
                    best = Some((q, i, lang));
                }
            }
        }
        best.map(|(_, _, l)| l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_q_values_and_order() {
        assert_eq!(Lang::negotiate("de-DE, fr;q=0.8, en;q=0.5"), Some(Lang::Fr));
        assert_eq!(Lang::negotiate("ar-EG,en;q=0.9"), Some(Lang::Ar));
        assert_eq!(Lang::negotiate("en;q=0.2, ja;q=0.9"), Some(Lang::Ja));
        assert_eq!(Lang::negotiate("zh-TW"), None);
        assert_eq!(Lang::negotiate("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::negotiate("de"), None);
        assert_eq!(Lang::negotiate("fr;q=0"), None);
        assert_eq!(Lang::negotiate(""), None);
    }
}
