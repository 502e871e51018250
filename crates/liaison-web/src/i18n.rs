//! Translations (Fluent files in `locales/<lang>/`), compiled into the binary.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use liaison_domain::error::FieldError;
use liaison_domain::format;
use liaison_domain::lang::Lang;
use std::borrow::Cow;
use std::collections::HashMap;
use time::{Date, OffsetDateTime};
use unic_langid::LanguageIdentifier;

static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Bidi isolation marks would leak into attributes and CSV; templates use <bdi> instead.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

pub fn lang_id(lang: Lang) -> LanguageIdentifier {
    lang.code().parse().unwrap_or_default()
}

/// A translator for one language.
#[derive(Clone, Debug)]
pub struct Tr {
    pub lang: Lang,
    id: LanguageIdentifier,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr {
            lang,
            id: lang_id(lang),
        }
    }

    /// Numbers written in a translation ("20 %", "KPI 6") take the page's digits, as the
    /// numbers the server formats do (`format::digits_in_text`; codes such as `UTF-16` stay).
    pub fn t(&self, key: &str) -> String {
        let text = LOCALES
            .try_lookup(&self.id, key)
            .unwrap_or_else(|| key.to_string());
        format::digits_in_text(self.lang, &text)
    }

    pub fn ta(&self, key: &str, args: &[(&str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| {
                let val = match v.parse::<f64>() {
                    // Numbers select plural forms; keep them numbers.
                    Ok(n) if !v.starts_with('+') && !v.contains(['e', 'E']) => FluentValue::from(n),
                    // A Latin name, code or e-mail inside a right-to-left sentence is isolated
                    // (FSI … PDI), so its parentheses and digits stay in order; the template's
                    // <bdi> cannot reach inside a translated sentence.
                    _ if self.lang.is_rtl() && v.chars().any(|c| c.is_ascii_alphabetic()) => {
                        FluentValue::from(format!("\u{2068}{v}\u{2069}"))
                    }
                    _ => FluentValue::from(v.clone()),
                };
                (Cow::Owned(k.to_string()), val)
            })
            .collect();
        let text = LOCALES
            .try_lookup_with_args(&self.id, key, &map)
            .unwrap_or_else(|| key.to_string());
        format::digits_in_text(self.lang, &text)
    }

    /// The translation of `key`, or `fallback` when no language has the key: for texts that
    /// come with data (a preset's citations), translated when a translation exists.
    pub fn t_or(&self, key: &str, fallback: &str) -> String {
        let text = LOCALES
            .try_lookup(&self.id, key)
            .unwrap_or_else(|| fallback.to_string());
        format::digits_in_text(self.lang, &text)
    }

    /// The localised name of a field (`field-<name>`), or the name itself.
    /// The text of `key` when this language (or English) has one: for optional texts such as
    /// a field's hint.
    pub fn optional(&self, key: &str) -> Option<String> {
        LOCALES.try_lookup(&self.id, key)
    }

    pub fn field(&self, name: &str) -> String {
        let key = format!("field-{name}");
        let text = LOCALES
            .try_lookup(&self.id, &key)
            .unwrap_or_else(|| name.to_string());
        format::digits_in_text(self.lang, &text)
    }

    /// "Field “value”: rule", in this language.
    pub fn field_error(&self, e: &FieldError) -> String {
        let mut args: Vec<(&str, String)> = e.args.iter().map(|(k, v)| (*k, v.clone())).collect();
        args.push(("value", e.value.clone()));
        let rule = self.ta(&format!("rule-{}", e.rule), &args);
        self.ta(
            "error-field",
            &[
                ("field", self.field(&e.field)),
                ("value", e.value.clone()),
                ("rule", rule),
            ],
        )
    }

    pub fn date(&self, d: &Date) -> String {
        format::date(self.lang, *d)
    }
    pub fn opt_date(&self, d: &Option<Date>) -> String {
        d.map(|d| self.date(&d)).unwrap_or_default()
    }
    pub fn datetime(&self, t: &OffsetDateTime) -> String {
        format::date_time_utc(self.lang, *t)
    }
    /// A count, from a template (which passes references).
    pub fn count(&self, n: &i64) -> String {
        self.int(*n)
    }
    pub fn int(&self, n: i64) -> String {
        format::integer(self.lang, n)
    }
    pub fn opt_int(&self, n: &Option<i64>) -> String {
        n.map(|n| self.int(n)).unwrap_or_else(|| "—".into())
    }
}

/// Does `key` resolve in this language itself (no fallback), given values for `vars`?
/// For the completeness tests.
pub fn has_key(lang: Lang, key: &str, vars: &[&str]) -> bool {
    let args: HashMap<&str, FluentValue<'_>> =
        vars.iter().map(|v| (*v, FluentValue::from(1))).collect();
    LOCALES
        .lookup_single_language(&lang_id(lang), key, Some(&args))
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_names_are_isolated_in_arabic_sentences_and_numbers_take_arabic_digits() {
        let fls = [("fls", "Glasgow FLS (GB-GLA)".to_string())];
        let ar = Tr::new(Lang::Ar).ta("calculator-filled-from", &fls);
        assert!(ar.contains("\u{2068}Glasgow FLS (GB-GLA)\u{2069}"), "{ar}");
        let en = Tr::new(Lang::En).ta("calculator-filled-from", &fls);
        assert_eq!(
            en,
            "Inputs filled from the registry of Glasgow FLS (GB-GLA)"
        );
        let v = [("version", "1".to_string())];
        assert!(
            Tr::new(Lang::Ar)
                .ta("calculator-model-note", &v)
                .contains('١')
        );
    }
}
