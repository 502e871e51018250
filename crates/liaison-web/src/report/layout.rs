//! Line breaking for the PDF: greedy, over break opportunities after spaces and around CJK
//! characters (Chinese and Japanese have no spaces between words). Lines are broken in logical
//! order; the caller measures with the real font and shapes each line (docs/decisions-outreach.md:
//! a full UAX #14 is more than a report of labels, sentences and numbers needs).

/// May a line break before this character? Ideographs, kana and Hangul may stand at a line's
/// start, except the punctuation that must close the previous line.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF
        | 0xFF01..=0xFF60 | 0x3000..=0x303F)
}

/// Punctuation that never starts a line (kinsoku): 。、，．」）」』！？ and the like.
fn closes(c: char) -> bool {
    matches!(
        c,
        '。' | '、'
            | '，'
            | '．'
            | '」'
            | '』'
            | '）'
            | '！'
            | '？'
            | '：'
            | '；'
            | '・'
            | 'ー'
            | '%'
            | '％'
            | ')'
            | ','
            | '.'
            | ':'
            | ';'
    )
}

/// Pieces of `text`, each ending where a line may break.
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if let Some(p) = prev {
            let after_space = p.is_whitespace() && !c.is_whitespace();
            let around_cjk = (is_cjk(p) || is_cjk(c)) && !c.is_whitespace() && !closes(c);
            if (after_space || around_cjk) && i > start {
                out.push(&text[start..i]);
                start = i;
            }
        }
        prev = Some(c);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Break `text` into lines no wider than `width` as `measure` reports widths. A piece wider
/// than a line on its own is cut between characters. Newlines in the text end a line.
pub fn break_lines(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        // The line's width so far, piece by piece: each piece is measured once, not the
        // whole line again for every piece (shaping does not join across a break).
        let mut line_w = 0.0;
        for piece in pieces(para) {
            if line_w + measure(piece.trim_end()) <= width {
                line.push_str(piece);
                line_w += measure(piece);
                continue;
            }
            if !line.trim().is_empty() {
                lines.push(line.trim_end().to_string());
            }
            line = piece.trim_start().to_string();
            line_w = measure(&line);
            // A word longer than the line: cut it where it fills the line.
            while measure(line.trim_end()) > width && line.chars().count() > 1 {
                let mut cut = String::new();
                let mut rest = line.as_str();
                for (i, c) in line.char_indices() {
                    let next = format!("{cut}{c}");
                    if measure(&next) > width && !cut.is_empty() {
                        rest = &line[i..];
                        break;
                    }
                    cut = next;
                    rest = &line[i + c.len_utf8()..];
                }
                lines.push(cut);
                line = rest.to_string();
                line_w = measure(&line);
            }
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One unit per character: easy to reason about.
    fn chars(s: &str) -> f32 {
        s.chars().count() as f32
    }

    #[test]
    fn breaks_at_spaces_and_never_overflows() {
        let lines = break_lines("the annual report of the service", 12.0, &chars);
        assert_eq!(lines, ["the annual", "report of", "the service"]);
        assert!(lines.iter().all(|l| chars(l) <= 12.0));
    }

    #[test]
    fn a_short_text_is_one_line_and_newlines_end_lines() {
        assert_eq!(break_lines("short", 40.0, &chars), ["short"]);
        assert_eq!(break_lines("a\nb", 40.0, &chars), ["a", "b"]);
        assert_eq!(break_lines("", 40.0, &chars), [""]);
    }

    #[test]
    fn cjk_breaks_between_characters_but_not_before_closing_punctuation() {
        let lines = break_lines("年次報告書です。目標", 5.0, &chars);
        assert_eq!(lines.concat(), "年次報告書です。目標");
        assert!(lines.iter().all(|l| chars(l) <= 5.0));
        assert!(lines.iter().all(|l| !l.starts_with('。')), "{lines:?}");
    }

    #[test]
    fn a_word_longer_than_a_line_is_cut() {
        let lines = break_lines("abcdefghij xy", 4.0, &chars);
        assert_eq!(lines, ["abcd", "efgh", "ij", "xy"]);
    }

    #[test]
    fn arabic_breaks_at_spaces_in_logical_order() {
        let lines = break_lines("التقرير السنوي للخدمة", 14.0, &chars);
        assert_eq!(lines, ["التقرير السنوي", "للخدمة"]);
    }
}
