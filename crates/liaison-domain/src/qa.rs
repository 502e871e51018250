//! Questions FLS staff ask the programme (issue 16), and the guard that holds a question which
//! looks like it names a patient.
//!
//! The guard errs on the side of holding: a held question is only read by a moderator before
//! it is answered, while a patient's date of birth or hospital number on the public FAQ cannot
//! be taken back. So it looks for shapes, not meaning: any full date, a hospital-number-like
//! run of digits, or a name (a capitalised word, a title, an honorific) close to a date.

use crate::error::FieldError;
use crate::fold::fold;

/// The longest question (and answer) accepted, in characters.
pub const MAX_TEXT: usize = 5000;

/// A question's or an answer's text: trimmed, not empty, at most [`MAX_TEXT`] characters;
/// line breaks and tabs allowed, other control characters refused.
pub fn parse_text(field: &str, s: &str) -> Result<String, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(FieldError::new(field, s, "required"));
    }
    if t.chars().count() > MAX_TEXT {
        return Err(FieldError::new(field, s, "too_long").arg("max", MAX_TEXT));
    }
    if t.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(FieldError::new(field, s, "control_characters"));
    }
    Ok(t.replace("\r\n", "\n"))
}

/// Why a question was held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Concern {
    /// A day, month and year: a date of birth looks like any other full date.
    FullDate,
    /// Letters then 6–10 digits, 7 or more digits in a row, or 3-3-4 digits (NHS-like).
    HospitalNumber,
    /// A capitalised word, a title or an honorific close to a day and month.
    NameWithDate,
}

impl Concern {
    pub fn code(self) -> &'static str {
        match self {
            Concern::FullDate => "full_date",
            Concern::HospitalNumber => "hospital_number",
            Concern::NameWithDate => "name_with_date",
        }
    }
}

/// What in `text` looks like patient-identifying data; empty when nothing does.
pub fn patient_data_concerns(text: &str) -> Vec<Concern> {
    let tokens = tokenise(text);
    let mut out = Vec::new();
    if hospital_number(&tokens) {
        out.push(Concern::HospitalNumber);
    }
    let dates = dates(&tokens);
    if dates.iter().any(|d| d.full) {
        out.push(Concern::FullDate);
    }
    if dates.iter().any(|d| name_near(&tokens, d)) {
        out.push(Concern::NameWithDate);
    }
    out
}

/// Where a question stands. The asker sees it; moderators move it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Asked, waiting for a moderator.
    Submitted,
    /// Asked, but looks like it names a patient: only moderators read it until released.
    Held,
    Answered,
    /// Refused, with a reason the asker sees.
    Declined,
    /// A duplicate: points to the question kept.
    Merged,
    /// Answered and on the public FAQ.
    Published,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Submitted,
        Status::Held,
        Status::Answered,
        Status::Declined,
        Status::Merged,
        Status::Published,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Held => "held",
            Status::Answered => "answered",
            Status::Declined => "declined",
            Status::Merged => "merged",
            Status::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.code() == s.trim())
    }

    /// The status a new question starts in: held when its text raises any concern.
    pub fn on_asking(text: &str) -> Status {
        if patient_data_concerns(text).is_empty() {
            Status::Submitted
        } else {
            Status::Held
        }
    }

    /// The moderators' moves. A held question is released (back to submitted) before it is
    /// answered, so someone has looked at it; declined and merged end a question; a published
    /// one can be taken off the FAQ (back to answered).
    pub fn may_move_to(self, to: Status) -> bool {
        use Status::*;
        matches!(
            (self, to),
            (Held, Submitted)
                | (Submitted | Held | Answered, Declined | Merged)
                | (Submitted | Answered, Answered)
                | (Answered, Published)
                | (Published, Answered)
        )
    }
}

/// Whether an answered question may go on the public FAQ: its text as it now stands must raise
/// no concern, whatever a moderator did before (publishing is never automatic).
pub fn may_publish(question: &str, answer: &str) -> Result<(), FieldError> {
    for (field, text) in [("question", question), ("answer", answer)] {
        if let Some(c) = patient_data_concerns(text).first() {
            return Err(FieldError::new(field, text, "patient_data").arg("concern", c.code()));
        }
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// Digits (any script, read as ASCII): the value and how many digits were written.
    Num(u32, usize),
    /// Letters; `cap` when the first is upper case and the second lower case.
    Word { folded: String, cap: bool },
    /// One CJK character: each is its own token, as the scripts write no spaces.
    Cjk(char),
    /// Punctuation, one character; spaces are not tokens but end words.
    Punct(char),
    /// The end of a sentence or a line: a capitalised word after it is not a name.
    Stop,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    tok: usize,
    /// Character offset in the text, to judge "close" in any script.
    at: usize,
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06f0}'..='\u{06f9}' => Some(c as u32 - 0x06f0),
        '\u{ff10}'..='\u{ff19}' => Some(c as u32 - 0xff10),
        _ => None,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0xff66..=0xff9f)
}

fn tokenise(text: &str) -> Vec<(Tok, Span)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i;
        let span = Span { tok: out.len(), at };
        if let Some(d) = digit_value(c) {
            let (mut v, mut n) = (d, 1usize);
            i += 1;
            while let Some(d) = chars.get(i).and_then(|&c| digit_value(c)) {
                v = v.saturating_mul(10).saturating_add(d);
                n += 1;
                i += 1;
            }
            out.push((Tok::Num(v, n), span));
        } else if is_cjk(c) {
            out.push((Tok::Cjk(c), span));
            i += 1;
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphabetic() || is_mark(chars[i]))
                && !is_cjk(chars[i])
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let mut w = word.chars();
            let cap = matches!((w.next(), w.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase());
            out.push((
                Tok::Word {
                    folded: fold(&word),
                    cap,
                },
                span,
            ));
        } else if matches!(c, '.' | '!' | '?' | '\n' | '。' | '！' | '？' | '؟') {
            // A dot between digits belongs to a date (12.03.1950), not a sentence's end.
            let in_number = c == '.'
                && i > 0
                && digit_value(chars[i - 1]).is_some()
                && chars.get(i + 1).and_then(|&c| digit_value(c)).is_some();
            out.push((
                if in_number {
                    Tok::Punct('.')
                } else {
                    Tok::Stop
                },
                span,
            ));
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else {
            // Full-width punctuation reads as its ASCII form (／ → /).
            let c = match c as u32 {
                0xff01..=0xff5e => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
                _ => c,
            };
            out.push((Tok::Punct(c), span));
            i += 1;
        }
    }
    out
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036f | 0x064b..=0x065f | 0x0670)
}

fn hospital_number(tokens: &[(Tok, Span)]) -> bool {
    for (i, (t, _)) in tokens.iter().enumerate() {
        let Tok::Num(_, n) = *t else { continue };
        if n >= 7 {
            return true;
        }
        // Letters written right against 6 or more digits: AB123456, MRN123456.
        if n >= 6 && i > 0 {
            let (prev, prev_span) = &tokens[i - 1];
            if let Tok::Word { folded, .. } = prev {
                let letters = folded.chars().count();
                if (1..=4).contains(&letters) && prev_span.at + letters == tokens[i].1.at {
                    return true;
                }
            }
        }
        // 3-3-4 digits with spaces or hyphens, as NHS numbers are written.
        if n == 3 {
            let group = |k: usize, want: usize| matches!(tokens.get(k), Some((Tok::Num(_, m), _)) if *m == want);
            let sep = |k: usize| matches!(tokens.get(k), Some((Tok::Punct('-'), _)));
            if group(i + 1, 3) && group(i + 2, 4) {
                return true;
            }
            if sep(i + 1) && group(i + 2, 3) && sep(i + 3) && group(i + 4, 4) {
                return true;
            }
        }
    }
    false
}

#[derive(Debug, Clone, Copy)]
struct Found {
    full: bool,
    start: Span,
    end: Span,
}

fn num(tokens: &[(Tok, Span)], k: usize) -> Option<(u32, usize)> {
    match tokens.get(k) {
        Some((Tok::Num(v, n), _)) => Some((*v, *n)),
        _ => None,
    }
}

fn punct(tokens: &[(Tok, Span)], k: usize) -> Option<char> {
    match tokens.get(k) {
        Some((Tok::Punct(c), _)) => Some(*c),
        _ => None,
    }
}

fn cjk(tokens: &[(Tok, Span)], k: usize, want: char) -> bool {
    matches!(tokens.get(k), Some((Tok::Cjk(c), _)) if *c == want)
}

fn month_word(tokens: &[(Tok, Span)], k: usize) -> bool {
    matches!(tokens.get(k), Some((Tok::Word { folded, .. }, _)) if is_month(folded))
}

/// Month names and their usual abbreviations in the interface's languages (folded).
fn is_month(w: &str) -> bool {
    const MONTHS: &[&str] = &[
        // English
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        // Spanish
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "setiembre",
        "octubre",
        "noviembre",
        "diciembre",
        "ene",
        "abr",
        "ago",
        "dic",
        // French
        "janvier",
        "fevrier",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "aout",
        "septembre",
        "octobre",
        "novembre",
        "decembre",
        "janv",
        "fevr",
        "avr",
        "juil",
        // Portuguese (not the abbreviations set and out: English writes "30 out of 2000")
        "janeiro",
        "fevereiro",
        "marco",
        "maio",
        "junho",
        "julho",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
        "fev",
        "dez",
        // Arabic (the Egyptian and Gulf names, and the Levantine ones), folded
        "يناير",
        "فبراير",
        "مارس",
        "ابريل",
        "مايو",
        "يونيو",
        "يوليو",
        "اغسطس",
        "سبتمبر",
        "اكتوبر",
        "نوفمبر",
        "ديسمبر",
        "كانون",
        "شباط",
        "اذار",
        "نيسان",
        "ايار",
        "حزيران",
        "تموز",
        "اب",
        "ايلول",
        "تشرين",
    ];
    MONTHS.contains(&w)
}

/// Small words that may stand between a day, a month and a year (of, de, du, the, -st...).
fn filler(tokens: &[(Tok, Span)], k: usize) -> bool {
    match tokens.get(k) {
        Some((Tok::Word { folded, .. }, _)) => matches!(
            folded.as_str(),
            "of" | "the"
                | "de"
                | "del"
                | "du"
                | "st"
                | "nd"
                | "rd"
                | "th"
                | "er"
                | "o"
                | "a"
                | "الاول"
                | "الثاني"
                | "في"
        ),
        Some((Tok::Punct(c), _)) => matches!(c, ',' | '.' | 'º' | 'ª' | '-' | '/'),
        _ => false,
    }
}

/// Skips filler tokens from `k`, at most `max` of them.
fn skip(tokens: &[(Tok, Span)], mut k: usize, max: usize) -> usize {
    let mut n = 0;
    while n < max && filler(tokens, k) {
        k += 1;
        n += 1;
    }
    k
}

fn is_day(v: u32) -> bool {
    (1..=31).contains(&v)
}

fn is_year(v: u32, digits: usize) -> bool {
    digits == 4 && (1870..=2100).contains(&v)
}

/// Every date-like span: full (day, month, year) or partial (day and month).
fn dates(tokens: &[(Tok, Span)]) -> Vec<Found> {
    let mut out = Vec::new();
    let span = |k: usize| tokens[k.min(tokens.len() - 1)].1;
    for i in 0..tokens.len() {
        let push = |out: &mut Vec<Found>, full: bool, last: usize| {
            out.push(Found {
                full,
                start: span(i),
                end: span(last),
            })
        };
        // Numbers with separators: 12/03/1950, 3-12-50, 1950-03-12, 12.3.
        if let (Some((a, an)), Some(s1), Some((b, bn))) =
            (num(tokens, i), punct(tokens, i + 1), num(tokens, i + 2))
            && matches!(s1, '/' | '-' | '.')
            && an <= 4
            && bn <= 2
        {
            let third = (punct(tokens, i + 3) == Some(s1))
                .then(|| num(tokens, i + 4))
                .flatten();
            let dm = |x: u32, y: u32| is_day(x) && is_day(y) && (x <= 12 || y <= 12);
            match third {
                Some((_, cn)) if an <= 2 && (cn == 2 || cn == 4) && dm(a, b) => {
                    push(&mut out, true, i + 4)
                }
                Some((c, cn)) if an == 4 && cn <= 2 && (1..=12).contains(&b) && is_day(c) => {
                    push(&mut out, true, i + 4)
                }
                None if an <= 2 && s1 == '/' && dm(a, b) && b <= 12 => push(&mut out, false, i + 2),
                _ => {}
            }
        }
        // A day, then a month's name, then perhaps a year: 12 March 1950, 12 de marzo de 1950.
        if let Some((d, dn)) = num(tokens, i)
            && dn <= 2
            && is_day(d)
        {
            let m = skip(tokens, i + 1, 2);
            if month_word(tokens, m) {
                let mut y = skip(tokens, m + 1, 2);
                if !matches!(tokens.get(y), Some((Tok::Num(..), _))) {
                    y = skip(tokens, y + 1, 1); // a two-word month: تشرين الأول
                }
                match num(tokens, y) {
                    Some((v, n)) if is_year(v, n) => push(&mut out, true, y),
                    _ => push(&mut out, false, m),
                }
            }
        }
        // A month's name, then a day, then perhaps a year: March 12, 1950.
        if month_word(tokens, i)
            && let Some((d, dn)) = num(tokens, i + 1)
            && dn <= 2
            && is_day(d)
        {
            let y = skip(tokens, i + 2, 3);
            match num(tokens, y) {
                Some((v, n)) if is_year(v, n) => push(&mut out, true, y),
                _ => push(&mut out, false, i + 1),
            }
        }
        // Chinese and Japanese: 1950年3月12日, 昭和25年3月12日, 3月12日.
        if let Some((m, _)) = num(tokens, i)
            && cjk(tokens, i + 1, '月')
            && let Some((d, _)) = num(tokens, i + 2)
            && (1..=12).contains(&m)
            && is_day(d)
            && (cjk(tokens, i + 3, '日') || cjk(tokens, i + 3, '号'))
        {
            let year = i >= 2 && cjk(tokens, i - 1, '年') && num(tokens, i - 2).is_some();
            push(&mut out, year, i + 3);
        }
    }
    out
}

/// A name close to the date: a capitalised word not opening a sentence, a title (Mr, Sra, Mme)
/// or an honorific (さん, 様, 先生, 女士, السيد). "Close" is a few characters either side.
fn name_near(tokens: &[(Tok, Span)], date: &Found) -> bool {
    const WINDOW: usize = 24;
    const TITLES: &[&str] = &[
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sr",
        "sra",
        "srta",
        "mme",
        "mlle",
        "dona",
        "don",
        "dom",
        "السيد",
        "السيده",
        "المريض",
        "المريضه",
    ];
    for (i, (t, s)) in tokens.iter().enumerate() {
        let near = s.at + WINDOW >= date.start.at && s.at <= date.end.at + WINDOW;
        if !near || (s.tok >= date.start.tok && s.tok <= date.end.tok) {
            continue;
        }
        match t {
            Tok::Word { folded, cap } => {
                if TITLES.contains(&folded.as_str()) {
                    return true;
                }
                let opens = i == 0 || matches!(tokens[i - 1].0, Tok::Stop);
                if *cap && !opens && !is_month(folded) {
                    return true;
                }
            }
            Tok::Cjk(c) => {
                let next = |k: usize, want: char| cjk(tokens, k, want);
                let honorific = *c == '様'
                    || *c == '氏'
                    || (*c == 'さ' && next(i + 1, 'ん'))
                    || (*c == '先' && next(i + 1, '生'))
                    || (*c == '女' && next(i + 1, '士'));
                if honorific {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concerns(s: &str) -> Vec<&'static str> {
        patient_data_concerns(s)
            .into_iter()
            .map(Concern::code)
            .collect()
    }

    #[test]
    fn ordinary_questions_pass() {
        for q in [
            "How long should a patient stay on alendronate before a drug holiday?",
            "We see 300 hip fractures a year; how many nurses does an FLS need?",
            "¿Cuánto tiempo debe durar el tratamiento con denosumab?",
            "Quelle est la dose de vitamine D recommandée après 70 ans ?",
            "Qual é a melhor forma de identificar fraturas vertebrais?",
            "ما هي مدة العلاج بالبايفوسفونات بعد كسر الورك؟",
            "骨折联络服务每年需要随访多少名患者？",
            "ゾレドロン酸の投与間隔はどのくらいですか。",
            "Our KPI 5 rose from 45% in 2023 to 61% in 2024. Is that good?",
            "Since March 2024 we call patients at 16 weeks.",
            "Only 30 out of 2000 patients started treatment; 12 set up their own reminders.",
        ] {
            assert!(concerns(q).is_empty(), "{q}: {:?}", concerns(q));
        }
    }

    #[test]
    fn full_dates_in_many_forms_and_scripts_are_held() {
        for q in [
            "Patient born 12/03/1950 with a hip fracture: start zoledronate?",
            "DOB 1950-03-12, on steroids for years.",
            "She was born on 3.12.48 and fell last week.",
            "Born March 12, 1950, now on denosumab.",
            "Nacida el 12 de marzo de 1950, ¿puede tomar alendronato?",
            "Né le 1er février 1948, faut-il un bilan dentaire ?",
            "Nascida em 5 de setembro de 1952.",
            "مريضة مولودة في ١٢/٠٣/١٩٥٠ بعد كسر في الورك",
            "مريض من مواليد 12 مارس 1950",
            "患者1950年3月12日生まれです。",
            "患者出生于１９５０年３月１２日。",
        ] {
            assert!(concerns(q).contains(&"full_date"), "{q}: {:?}", concerns(q));
        }
    }

    #[test]
    fn hospital_number_like_patterns_are_held() {
        for q in [
            "MRN123456 came back after a second fracture.",
            "Hospital number AB1234567 refuses treatment.",
            "NHS number 943 476 5919, what next?",
            "NHS 943-476-5919",
            "Case 20240012345 in our records",
            "المريض رقم ٤٥٦٧٨٩١٢٣",
            "カルテ番号1234567の患者",
        ] {
            assert!(
                concerns(q).contains(&"hospital_number"),
                "{q}: {:?}",
                concerns(q)
            );
        }
    }

    #[test]
    fn a_name_next_to_a_day_and_month_is_held() {
        for q in [
            "We saw John Smith on 12/3 after his fall.",
            "Mrs Jones, seen 4 May, is worried about her jaw.",
            "La Sra. García vino el 3 de abril.",
            "Mme Dupont, vue le 12 mars, a peur du traitement.",
            "السيد أحمد راجعنا في 3 مارس",
            "田中さんは3月12日に転倒しました。",
            "王女士3月4日复诊。",
        ] {
            assert!(
                concerns(q).contains(&"name_with_date"),
                "{q}: {:?}",
                concerns(q)
            );
        }
    }

    #[test]
    fn a_day_and_month_without_a_name_passes() {
        for q in [
            "Our clinic meets on 12/3 and 4 May; who should attend?",
            "El taller es el 3 de abril.",
            "研修は3月12日です。",
        ] {
            assert!(concerns(q).is_empty(), "{q}: {:?}", concerns(q));
        }
    }

    #[test]
    fn a_question_with_patient_data_starts_held_and_is_never_published_as_is() {
        assert_eq!(
            Status::on_asking("How long on alendronate?"),
            Status::Submitted
        );
        let q = "Mrs Jones, born 12/03/1950: how long on alendronate?";
        assert_eq!(Status::on_asking(q), Status::Held);
        assert!(!Status::Held.may_move_to(Status::Published));
        assert!(!Status::Held.may_move_to(Status::Answered));
        assert!(Status::Held.may_move_to(Status::Submitted));
        let e = may_publish(q, "Five years, then review.").unwrap_err();
        assert_eq!((e.field.as_str(), e.rule), ("question", "patient_data"));
        assert!(may_publish("How long on alendronate?", "Five years, then review.").is_ok());
        let e = may_publish("How long?", "Ask about MRN1234567").unwrap_err();
        assert_eq!(e.field, "answer");
    }

    #[test]
    fn declined_and_merged_end_a_question() {
        for end in [Status::Declined, Status::Merged] {
            for to in Status::ALL {
                assert!(!end.may_move_to(to), "{end:?} -> {to:?}");
            }
        }
        assert!(Status::Answered.may_move_to(Status::Published));
        assert!(Status::Published.may_move_to(Status::Answered));
        assert!(!Status::Submitted.may_move_to(Status::Published));
        for s in Status::ALL {
            assert_eq!(Status::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn text_is_required_and_limited() {
        assert_eq!(parse_text("question", "   ").unwrap_err().rule, "required");
        let long = "a".repeat(MAX_TEXT + 1);
        let e = parse_text("question", &long).unwrap_err();
        assert_eq!(e.rule, "too_long");
        assert_eq!(e.args, vec![("max", MAX_TEXT.to_string())]);
        assert_eq!(
            parse_text("question", &"a".repeat(MAX_TEXT)).unwrap().len(),
            MAX_TEXT
        );
        assert_eq!(
            parse_text("question", " Line one\r\nline two ").unwrap(),
            "Line one\nline two"
        );
        assert_eq!(
            parse_text("question", "a\u{7}b").unwrap_err().rule,
            "control_characters"
        );
    }
}
