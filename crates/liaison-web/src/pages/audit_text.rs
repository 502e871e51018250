//! The audit trail in the reader's language: each action code as a label, and the details the
//! application writes (in English, in an append-only table) as translated sentences. A detail
//! of another shape (a comment, a path, what a refusal was for) is data: shown as recorded.

use crate::i18n::Tr;

/// An action code's label (`audit-action-<code>`, dots as dashes), or the code itself.
pub fn action_label(tr: &Tr, code: &str) -> String {
    tr.t_or(&action_key(code), code)
}

pub fn action_key(code: &str) -> String {
    format!("audit-action-{}", code.replace('.', "-"))
}

/// A detail as the reader reads it.
pub struct Detail {
    pub text: String,
    /// False when the detail is shown as recorded (data, or a shape not known here).
    pub translated: bool,
}

/// Details written word for word by the application, with their keys.
pub const FIXED: &[(&str, &str)] = &[
    ("unknown e-mail", "unknown-email"),
    ("account locked", "account-locked"),
    ("account disabled", "account-disabled"),
    ("wrong password", "wrong-password"),
    ("wrong password; account locked", "wrong-password-locked"),
    ("wrong password or code", "wrong-password-or-code"),
    (
        "wrong password or code; account locked",
        "wrong-password-or-code-locked",
    ),
    ("wrong code", "wrong-code"),
    ("wrong code; account locked", "wrong-code-locked"),
    ("shown as a likely duplicate", "likely-duplicate"),
    ("shown after a conflicting save", "after-conflict"),
    ("generated", "generated"),
    ("import", "import"),
    (
        "the address has an account outside the requester's FLSs",
        "address-outside",
    ),
];

/// The number before `suffix` in `s`, as the reader writes numbers.
fn count_before(tr: &Tr, s: &str, suffix: &str) -> Option<String> {
    let n: i64 = s.strip_suffix(suffix)?.trim().parse().ok()?;
    Some(tr.int(n))
}

pub fn detail(tr: &Tr, detail: &str) -> Detail {
    let key = |k: &str| format!("audit-detail-{k}");
    let done = |text: String| Detail {
        text,
        translated: true,
    };
    if let Some((_, k)) = FIXED.iter().find(|(en, _)| *en == detail) {
        return done(tr.t(&key(k)));
    }
    if let Some(state) = detail.strip_prefix("second factor: ") {
        return done(tr.t(&key(&format!("second-factor-{state}"))));
    }
    if let Some(n) = count_before(tr, detail, " invalid rows downloaded") {
        return done(tr.ta(&key("invalid-rows-downloaded"), &[("count", n)]));
    }
    if let Some(n) = count_before(tr, detail, " episodes created by import") {
        return done(tr.ta(&key("created-by-import"), &[("count", n)]));
    }
    // "12 of 40 rows; search ...": the counts translated, the query kept as recorded.
    if let Some((head, _)) = detail.split_once(" rows; ")
        && let Some((shown, total)) = head.split_once(" of ")
        && let (Ok(shown), Ok(total)) = (shown.parse::<i64>(), total.parse::<i64>())
    {
        return done(tr.ta(
            &key("rows-of"),
            &[("shown", tr.int(shown)), ("total", tr.int(total))],
        ));
    }
    if let Some((n, _)) = detail.split_once(" rows; ")
        && let Ok(n) = n.parse::<i64>()
    {
        return done(tr.ta(&key("rows"), &[("count", tr.int(n))]));
    }
    if let Some((n, _)) = detail.split_once(" episodes; format ")
        && let Ok(n) = n.parse::<i64>()
    {
        return done(tr.ta(&key("episodes-exported"), &[("count", tr.int(n))]));
    }
    if let Some(rest) = detail.strip_prefix("import preview: ") {
        // "10 rows, 4 new, 3 changed, 2 unchanged, 1 invalid"
        let n: Vec<i64> = rest
            .split(", ")
            .filter_map(|p| p.split_once(' ')?.0.parse().ok())
            .collect();
        if let [rows, new, changed, unchanged, invalid] = n[..] {
            let args = [
                ("rows", tr.int(rows)),
                ("new", tr.int(new)),
                ("changed", tr.int(changed)),
                ("unchanged", tr.int(unchanged)),
                ("invalid", tr.int(invalid)),
            ];
            return done(tr.ta(&key("import-preview"), &args));
        }
    }
    if let Some(l) = detail
        .strip_prefix("letter in ")
        .and_then(liaison_domain::lang::Lang::parse)
    {
        let args = [("language", l.native_name().to_string())];
        return done(tr.ta(&key("letter-language"), &args));
    }
    if let Some(rest) = detail.strip_prefix("aggregates of ")
        && let Some((n, dates)) = rest.split_once(" episodes from ")
        && let Some((from, to)) = dates.split_once(" to ")
        && let Ok(n) = n.parse::<i64>()
    {
        let date = |s: &str| {
            liaison_domain::org::optional_iso_date("d", s)
                .ok()
                .flatten()
                .map(|d| tr.date(&d))
                .unwrap_or_else(|| s.to_string())
        };
        let args = [("count", tr.int(n)), ("from", date(from)), ("to", date(to))];
        return done(tr.ta(&key("aggregates"), &args));
    }
    Detail {
        text: detail.to_string(),
        translated: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use liaison_domain::lang::Lang;

    #[test]
    fn known_details_read_as_sentences_in_the_readers_language() {
        let fr = Tr::new(Lang::Fr);
        assert_eq!(detail(&fr, "wrong password").text, "mot de passe incorrect");
        assert_eq!(
            detail(&fr, "12 of 1200 rows; search \"\"; worklist None").text,
            "12 lignes sur 1\u{202f}200"
        );
        let ja = Tr::new(Lang::Ja);
        assert!(detail(&ja, "second factor: pending").translated);
        assert_eq!(action_label(&ja, "episode.update"), "エピソードの変更");
        // A comment is data: shown as written.
        let c = detail(&ja, "Please add the DXA dates");
        assert!(!c.translated);
        assert_eq!(c.text, "Please add the DXA dates");
    }
}
