//! Identity: e-mail addresses, the password policy and the roles a user can hold.

use crate::error::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::LazyLock;

/// A lower-cased e-mail address with one `@`, a dotted domain and no spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, s: &str) -> Result<Self, FieldError> {
        let t = s.trim().to_lowercase();
        let ok = t.len() <= 254
            && t.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
            })
            && !t.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok {
            Ok(Self(t))
        } else if t.is_empty() {
            Err(FieldError::new(field, s, "required"))
        } else {
            Err(FieldError::new(field, s, "email"))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 256;

static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .collect()
});

/// A password that meets the policy: 12–256 characters, not (case-insensitively) among the
/// 1,000 most common passwords, not the user's e-mail address or its local part, and not
/// guessable by zxcvbn's estimate (repeats, sequences, keyboard walks, words with little
/// added: `weakness`).
#[derive(Clone)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

impl NewPassword {
    pub fn parse(field: &str, s: &str, email: Option<&Email>) -> Result<Self, FieldError> {
        // The value of a rejected password is never echoed back.
        let n = s.chars().count();
        if n < PASSWORD_MIN_CHARS {
            return Err(
                FieldError::new(field, "***", "password_too_short").arg("min", PASSWORD_MIN_CHARS)
            );
        }
        if n > PASSWORD_MAX_CHARS {
            return Err(FieldError::new(field, "***", "too_long").arg("max", PASSWORD_MAX_CHARS));
        }
        let lower = s.to_lowercase();
        if COMMON_PASSWORDS.contains(lower.as_str()) {
            return Err(FieldError::new(field, "***", "password_common"));
        }
        if let Some(e) = email {
            let local = e.as_str().split('@').next().unwrap_or("");
            if lower == e.as_str() || (local.len() >= 4 && lower == local) {
                return Err(FieldError::new(field, "***", "password_is_email"));
            }
        }
        if let Some(weak) = weakness(s, email) {
            return Err(weak.error(field));
        }
        Ok(Self(s.to_string()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// zxcvbn's score a password must reach: 3 is "safely unguessable" (about 10^8 guesses and
/// more), which a 12-character repeat, sequence or keyboard walk never reaches.
const MIN_STRENGTH: zxcvbn::Score = zxcvbn::Score::Three;

/// zxcvbn's time grows with the length; what follows the first 64 characters only adds
/// strength, so it is not looked at.
const STRENGTH_CHARS: usize = 64;

/// Why a password is guessable (`weakness`), each with its rule code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Weakness {
    Repeated,
    Keyboard,
    Sequence,
    Guessable,
}

impl Weakness {
    fn error(self, field: &str) -> FieldError {
        match self {
            Weakness::Repeated => FieldError::new(field, "***", "password_repeated"),
            Weakness::Keyboard => FieldError::new(field, "***", "password_keyboard"),
            Weakness::Sequence => FieldError::new(field, "***", "password_sequence"),
            Weakness::Guessable => FieldError::new(field, "***", "password_guessable"),
        }
    }
}

/// The rule a guessable password breaks: `password_repeated` (`111111111111`,
/// `abcabcabcabc`), `password_keyboard` (`qwertyuiop12`: mostly one run along a row of
/// letter keys), `password_sequence` (`abcdefghijkl`, `123456789012`), else
/// `password_guessable` (`password1234`: words, names, dates with little added). The first two
/// are refused whatever zxcvbn scores; the others when zxcvbn's score is below
/// `MIN_STRENGTH`, named after the longest pattern it found. None when strong enough.
fn weakness(s: &str, email: Option<&Email>) -> Option<Weakness> {
    use zxcvbn::matching::patterns::MatchPattern;
    let head: String = s.chars().take(STRENGTH_CHARS).collect();
    let lower = head.to_lowercase();
    let n = lower.chars().count();
    if is_repetition(&lower) {
        return Some(Weakness::Repeated);
    }
    if keyboard_run(&lower) * 3 >= n * 2 {
        return Some(Weakness::Keyboard);
    }
    // The user's own name and address are the first things a guesser tries.
    let mut inputs: Vec<String> = ["liaison", "fracture", "fls"].map(String::from).to_vec();
    if let Some(e) = email {
        let local = e.as_str().split('@').next().unwrap_or("");
        inputs.push(local.chars().filter(|c| c.is_alphanumeric()).collect());
        inputs.extend(
            e.as_str()
                .split(|c: char| !c.is_alphanumeric())
                .map(String::from),
        );
    }
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let est = zxcvbn::zxcvbn(&head, &inputs);
    if est.score() >= MIN_STRENGTH {
        return None;
    }
    let longest = est
        .sequence()
        .iter()
        .max_by_key(|m| m.token.chars().count())?;
    Some(match longest.pattern {
        MatchPattern::Repeat(_) => Weakness::Repeated,
        MatchPattern::Sequence(_) => Weakness::Sequence,
        MatchPattern::Spatial(_) => Weakness::Keyboard,
        _ => Weakness::Guessable,
    })
}

/// One short unit over and over (`aaaa…`, `abab…`, `abcabc…`), a last partial copy allowed.
fn is_repetition(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    (1..=c.len() / 2).any(|unit| c.iter().enumerate().all(|(i, x)| *x == c[i % unit]))
}

/// The longest run of keys next to each other, either way, along one row of letter keys
/// (QWERTY). Digit runs are sequences, which zxcvbn finds.
fn keyboard_run(s: &str) -> usize {
    const ROWS: [&str; 3] = ["qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./"];
    let pos = |ch: char| {
        ROWS.iter()
            .enumerate()
            .find_map(|(r, row)| row.find(ch).map(|i| (r, i)))
    };
    let keys: Vec<Option<(usize, usize)>> = s.chars().map(pos).collect();
    let (mut best, mut run) = (usize::from(keys.iter().any(Option::is_some)), 1);
    for w in keys.windows(2) {
        let next = matches!((w[0], w[1]), (Some((r0, i0)), Some((r1, i1))) if r0 == r1 && i0.abs_diff(i1) == 1);
        run = if next { run + 1 } else { 1 };
        best = best.max(run);
    }
    best
}

/// The roles of interfaces/issue 2. Each is a set of rights over a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Administrator,
    ProgrammeReviewer,
    /// Writes and publishes the resource library (issue 16); no FLS rights.
    ProgrammeEditor,
    NationalLead,
    RegionalLead,
    Mentor,
    FlsLead,
    FlsClinician,
    Viewer,
}

/// What a role's scope is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Global,
    Countries,
    Regions,
    Fls,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Administrator,
        Role::ProgrammeReviewer,
        Role::ProgrammeEditor,
        Role::NationalLead,
        Role::RegionalLead,
        Role::Mentor,
        Role::FlsLead,
        Role::FlsClinician,
        Role::Viewer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::ProgrammeReviewer => "programme_reviewer",
            Role::ProgrammeEditor => "programme_editor",
            Role::NationalLead => "national_lead",
            Role::RegionalLead => "regional_lead",
            Role::Mentor => "mentor",
            Role::FlsLead => "fls_lead",
            Role::FlsClinician => "fls_clinician",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(field: &str, s: &str) -> Result<Role, FieldError> {
        let t = s.trim().to_ascii_lowercase().replace('-', "_");
        Role::ALL
            .into_iter()
            .find(|r| r.code() == t)
            .ok_or_else(|| {
                FieldError::new(field, s, "one_of")
                    .arg("allowed", Role::ALL.map(Role::code).join(", "))
            })
    }

    pub fn scope_kind(self) -> ScopeKind {
        match self {
            Role::Administrator | Role::ProgrammeReviewer | Role::ProgrammeEditor => {
                ScopeKind::Global
            }
            Role::NationalLead => ScopeKind::Countries,
            Role::RegionalLead => ScopeKind::Regions,
            // A mentor's scope is the FLSs they mentor.
            Role::Mentor | Role::FlsLead | Role::FlsClinician | Role::Viewer => ScopeKind::Fls,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_rules() {
        assert_eq!(
            Email::parse("e", " Ana@Example.ORG ").unwrap().as_str(),
            "ana@example.org"
        );
        for bad in [
            "ana",
            "ana@",
            "@x.org",
            "ana@org",
            "a b@x.org",
            "ana@x.org.",
        ] {
            assert_eq!(Email::parse("e", bad).unwrap_err().rule, "email", "{bad}");
        }
    }

    #[test]
    fn password_policy() {
        let e = Email::parse("e", "nurse.jones@example.org").unwrap();
        assert_eq!(
            NewPassword::parse("p", "short", None).unwrap_err().rule,
            "password_too_short"
        );
        // On the common list and 12+ characters long.
        assert_eq!(
            NewPassword::parse("p", "1QAZ2wsx3edc", None)
                .map(|_| ())
                .unwrap_err()
                .rule,
            "password_common"
        );
        assert_eq!(
            NewPassword::parse("p", "Nurse.Jones@example.org", Some(&e))
                .unwrap_err()
                .rule,
            "password_is_email"
        );
        assert!(NewPassword::parse("p", "correct horse battery", Some(&e)).is_ok());
        // Never echoes a rejected password.
        assert_eq!(
            NewPassword::parse("p", "secret", None).unwrap_err().value,
            "***"
        );
    }

    #[test]
    fn guessable_passwords_of_twelve_characters_and_more_are_refused() {
        let e = Email::parse("e", "nurse.jones@example.org").unwrap();
        for (pw, rule) in [
            ("password1234", "password_guessable"),
            ("111111111111", "password_repeated"),
            ("abababababab", "password_repeated"),
            ("qwertyuiop12", "password_keyboard"),
            ("asdfghjkl;'\\", "password_keyboard"),
            ("abcdefghijklmn", "password_sequence"),
            ("123456789012", "password_sequence"),
            ("abcabcabcabc", "password_repeated"),
            ("zxcvbnm,./asd", "password_keyboard"),
            ("nursejones2026", "password_guessable"),
        ] {
            let got = NewPassword::parse("p", pw, Some(&e)).map(|_| ());
            assert_eq!(got.map_err(|e| e.rule), Err(rule), "{pw}");
        }
        for good in [
            "correct horse battery staple",
            "a much better passphrase",
            "Tq7-vLx2-9pRz",
            "liaison-demo-2026",
            "benchmark passphrase 2026",
        ] {
            assert!(NewPassword::parse("p", good, Some(&e)).is_ok(), "{good}");
        }
    }

    #[test]
    fn common_list_is_the_thousand() {
        assert_eq!(COMMON_PASSWORDS.len(), 1000);
    }
}

/// Where a session stands with the second factor: `Done` may use the service; `Pending` must
/// give a code; `Enroll` must set one up first (its role requires it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SecondFactor {
    Done,
    Pending,
    Enroll,
}

impl SecondFactor {
    /// The stored code (kept from the strings sessions held before this type).
    pub fn code(self) -> &'static str {
        match self {
            SecondFactor::Done => "ok",
            SecondFactor::Pending => "pending",
            SecondFactor::Enroll => "enroll",
        }
    }

    pub fn parse(s: &str) -> Option<SecondFactor> {
        [
            SecondFactor::Done,
            SecondFactor::Pending,
            SecondFactor::Enroll,
        ]
        .into_iter()
        .find(|f| f.code() == s)
    }
}

impl TryFrom<String> for SecondFactor {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        SecondFactor::parse(&s).ok_or_else(|| format!("unknown second-factor state {s:?}"))
    }
}

impl std::fmt::Display for SecondFactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
