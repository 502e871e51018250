//! Webinars and workshops (issue 17, events): an event as its organiser types it, parsed with
//! every failure named at once; the instants in an IANA time zone (jiff's bundled tz database);
//! a registration's name and e-mail; and the `.ics` file (RFC 5545) of one event. Pure: the
//! clock is never read here.

use crate::auth::Email;
use crate::error::{FieldError, Invalid};
use crate::lang::Lang;
use crate::org::{parse_time_zone, text};
use time::OffsetDateTime;

pub const KINDS: [&str; 2] = ["webinar", "workshop"];
/// Online (a link) or at a venue in a city.
pub const MODES: [&str; 2] = ["online", "venue"];
pub const AUDIENCES: [&str; 5] = [
    "everyone",
    "fls_staff",
    "clinicians",
    "policy_makers",
    "patients",
];
/// The languages an event may be spoken in (ISO 639-1): the interface's and the Partnership's
/// other common working languages.
pub const SPOKEN: [&str; 16] = [
    "en", "es", "fr", "pt", "ar", "zh", "ja", "de", "it", "ru", "ko", "tr", "nl", "pl", "hi", "id",
];

fn one_of(field: &str, s: &str, all: &[&'static str]) -> Result<&'static str, FieldError> {
    all.iter()
        .find(|c| **c == s.trim())
        .copied()
        .ok_or_else(|| FieldError::new(field, s, "one_of").arg("allowed", all.join(", ")))
}

/// An http or https link, or nothing when blank.
pub fn link(field: &str, s: &str) -> Result<Option<String>, FieldError> {
    let u = s.trim();
    if u.is_empty() {
        Ok(None)
    } else if (u.starts_with("https://") || u.starts_with("http://"))
        && u.len() > "https://".len()
        && u.len() <= 1000
        && !u.contains(char::is_whitespace)
    {
        Ok(Some(u.to_string()))
    } else {
        Err(FieldError::new(field, s, "url"))
    }
}

/// A wall-clock time typed in a form (`2026-03-29T09:00`, seconds allowed) in `tz`, as an
/// instant. A time that a daylight-saving change skips is moved forward, one it repeats is
/// the earlier (jiff's "compatible" choice, as calendars do).
pub fn local_instant(field: &str, s: &str, tz: &str) -> Result<OffsetDateTime, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(FieldError::new(field, s, "required"));
    }
    let civil: jiff::civil::DateTime = t
        .parse()
        .map_err(|_| FieldError::new(field, s, "datetime_format"))?;
    let zone =
        jiff::tz::TimeZone::get(tz).map_err(|_| FieldError::new(field, s, "datetime_format"))?;
    let z = zone
        .to_zoned(civil)
        .map_err(|_| FieldError::new(field, s, "datetime_format"))?;
    OffsetDateTime::from_unix_timestamp(z.timestamp().as_second())
        .map_err(|_| FieldError::new(field, s, "datetime_format"))
}

/// An instant as the clock on the wall shows it in `tz`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WallTime {
    pub date: time::Date,
    pub hour: u8,
    pub minute: u8,
    /// The offset from UTC in minutes at that instant (it changes with daylight saving).
    pub offset_minutes: i32,
    pub zone: String,
}

impl WallTime {
    /// `+09:00`, `-03:00`, `+00:00`.
    pub fn offset(&self) -> String {
        let m = self.offset_minutes;
        let sign = if m < 0 { '-' } else { '+' };
        format!("{sign}{:02}:{:02}", m.abs() / 60, m.abs() % 60)
    }

    /// `09:30`.
    pub fn clock(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }

    /// For a form's `datetime-local` field: `2026-03-29T09:30`.
    pub fn input(&self) -> String {
        format!("{}T{}", self.date, self.clock())
    }
}

/// `at` on the wall clock of `tz`; UTC when the zone is unknown (it was checked on input).
pub fn wall_time(at: OffsetDateTime, tz: &str) -> WallTime {
    let (zone_name, zone) = match jiff::tz::TimeZone::get(tz) {
        Ok(z) => (tz.to_string(), z),
        Err(_) => ("UTC".to_string(), jiff::tz::TimeZone::UTC),
    };
    let ts =
        jiff::Timestamp::from_second(at.unix_timestamp()).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let z = ts.to_zoned(zone);
    let d = z.date();
    let date = time::Month::try_from(d.month() as u8)
        .ok()
        .and_then(|m| time::Date::from_calendar_date(i32::from(d.year()), m, d.day() as u8).ok())
        .unwrap_or(time::Date::MIN);
    WallTime {
        date,
        hour: z.hour() as u8,
        minute: z.minute() as u8,
        offset_minutes: z.offset().seconds() / 60,
        zone: zone_name,
    }
}

/// The event's title and description in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    pub lang: String,
    pub title: String,
    pub description: String,
}

/// An event as typed: every field a string; the texts one per language offered.
#[derive(Debug, Clone, Default)]
pub struct EventInput {
    pub kind: String,
    pub mode: String,
    pub spoken_language: String,
    pub time_zone: String,
    /// Wall-clock times in `time_zone`.
    pub starts: String,
    pub ends: String,
    /// Blank: registration closes when the event starts.
    pub deadline: String,
    pub online_url: String,
    pub venue: String,
    pub city: String,
    pub capacity: String,
    pub audience: String,
    pub public: bool,
    /// One link a line.
    pub materials: String,
    pub recording_url: String,
    pub texts: Vec<TextInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventText {
    pub lang: &'static str,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub kind: &'static str,
    pub mode: &'static str,
    pub spoken_language: &'static str,
    pub time_zone: String,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub deadline: OffsetDateTime,
    pub online_url: Option<String>,
    pub venue: String,
    pub city: String,
    pub capacity: i64,
    pub audience: &'static str,
    pub public: bool,
    pub materials: Vec<String>,
    pub recording_url: Option<String>,
    /// At least one; in the interface's languages.
    pub texts: Vec<EventText>,
}

impl Event {
    pub fn parse(i: &EventInput) -> Result<Event, Invalid> {
        let mut inv = Invalid::default();
        let kind = inv.take(one_of("kind", &i.kind, &KINDS));
        let mode = inv.take(one_of("mode", &i.mode, &MODES));
        let spoken_language = inv.take(one_of("spoken_language", &i.spoken_language, &SPOKEN));
        let time_zone = inv.take(parse_time_zone("time_zone", &i.time_zone));
        let (mut starts_at, mut ends_at, mut deadline) = (None, None, None);
        if let Some(tz) = &time_zone {
            starts_at = inv.take(local_instant("starts", &i.starts, tz));
            ends_at = inv.take(local_instant("ends", &i.ends, tz));
            deadline = if i.deadline.trim().is_empty() {
                starts_at
            } else {
                inv.take(local_instant("deadline", &i.deadline, tz))
            };
        }
        if let (Some(s), Some(e)) = (starts_at, ends_at)
            && e <= s
        {
            inv.push(FieldError::new("ends", &i.ends, "event_ends_before_start"));
        }
        if let (Some(s), Some(d)) = (starts_at, deadline)
            && d > s
        {
            inv.push(FieldError::new(
                "deadline",
                &i.deadline,
                "event_deadline_after_start",
            ));
        }
        let online_url = inv.take(link("online_url", &i.online_url));
        let venue = inv.take(text("venue", &i.venue, false, 200));
        let city = inv.take(text("city", &i.city, false, 100));
        match mode {
            Some("online") if matches!(online_url, Some(None)) => {
                inv.push(FieldError::new(
                    "online_url",
                    &i.online_url,
                    "event_online_needs_link",
                ));
            }
            Some("venue") => {
                if matches!(&venue, Some(v) if v.is_empty()) {
                    inv.push(FieldError::new("venue", &i.venue, "required"));
                }
                if matches!(&city, Some(c) if c.is_empty()) {
                    inv.push(FieldError::new("city", &i.city, "required"));
                }
            }
            _ => {}
        }
        let capacity = inv.take(capacity(&i.capacity));
        let audience = inv.take(one_of("audience", &i.audience, &AUDIENCES));
        let mut materials = Vec::new();
        for line in i.materials.lines().filter(|l| !l.trim().is_empty()) {
            if let Some(Some(u)) = inv.take(link("materials", line)) {
                materials.push(u);
            }
        }
        let recording_url = inv.take(link("recording_url", &i.recording_url));
        let texts = parse_texts(&mut inv, &i.texts);
        match (
            kind,
            mode,
            spoken_language,
            time_zone,
            starts_at,
            ends_at,
            deadline,
            online_url,
            venue,
            city,
            capacity,
            audience,
            recording_url,
        ) {
            (
                Some(kind),
                Some(mode),
                Some(spoken_language),
                Some(time_zone),
                Some(starts_at),
                Some(ends_at),
                Some(deadline),
                Some(online_url),
                Some(venue),
                Some(city),
                Some(capacity),
                Some(audience),
                Some(recording_url),
            ) if inv.is_empty() => Ok(Event {
                kind,
                mode,
                spoken_language,
                time_zone,
                starts_at,
                ends_at,
                deadline,
                online_url,
                venue,
                city,
                capacity,
                audience,
                public: i.public,
                materials,
                recording_url,
                texts,
            }),
            _ => Err(inv),
        }
    }
}

fn capacity(s: &str) -> Result<i64, FieldError> {
    let ascii = crate::numerals::to_ascii(s);
    match ascii.trim().parse::<i64>() {
        Ok(n) if (1..=100_000).contains(&n) => Ok(n),
        Ok(_) => Err(FieldError::new("capacity", s, "event_capacity")),
        Err(_) => Err(FieldError::new("capacity", s, "integer")),
    }
}

/// The texts given (a language with neither title nor description is not offered); a
/// description needs its title; at least one title.
fn parse_texts(inv: &mut Invalid, input: &[TextInput]) -> Vec<EventText> {
    let mut out = Vec::new();
    for t in input {
        if t.title.trim().is_empty() && t.description.trim().is_empty() {
            continue;
        }
        let Some(lang) = Lang::ALL.iter().find(|l| l.code() == t.lang.trim()) else {
            inv.push(
                FieldError::new("lang", &t.lang, "one_of")
                    .arg("allowed", Lang::ALL.map(|l| l.code()).join(", ")),
            );
            continue;
        };
        let field = format!("title_{}", lang.code());
        let title = inv.take(text(&field, &t.title, true, 200));
        let field = format!("description_{}", lang.code());
        let description = inv.take(text_block(&field, &t.description, 4000));
        if let (Some(title), Some(description)) = (title, description) {
            out.push(EventText {
                lang: lang.code(),
                title,
                description,
            });
        }
    }
    if out.is_empty() && inv.is_empty() {
        inv.push(FieldError::new("title_en", "", "event_needs_title"));
    }
    out
}

/// A description may hold line breaks, not other control characters.
fn text_block(field: &str, s: &str, max: usize) -> Result<String, FieldError> {
    let t = s.trim().replace("\r\n", "\n");
    if t.chars().count() > max {
        return Err(FieldError::new(field, s, "too_long").arg("max", max));
    }
    if t.chars().any(|c| c.is_control() && c != '\n') {
        return Err(FieldError::new(field, s, "control_characters"));
    }
    Ok(t)
}

/// A visitor's registration: a name, an e-mail address, and their consent to what the form
/// says (that Liaison keeps both to manage the registration and write to them about it).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct VisitorInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    /// The box ticked: `on` (a form) or `true`.
    #[serde(default)]
    pub consent: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visitor {
    pub name: String,
    pub email: Email,
}

impl Visitor {
    pub fn parse(i: &VisitorInput) -> Result<Visitor, Invalid> {
        let mut inv = Invalid::default();
        let name = inv.take(text("name", &i.name, true, 200));
        let email = inv.take(Email::parse("email", &i.email));
        if !matches!(i.consent.trim(), "on" | "true" | "yes" | "1") {
            inv.push(FieldError::new("consent", &i.consent, "event_consent"));
        }
        match (name, email) {
            (Some(name), Some(email)) if inv.is_empty() => Ok(Visitor { name, email }),
            _ => Err(inv),
        }
    }
}

/// What an `.ics` file says of one event.
#[derive(Debug, Clone)]
pub struct Calendar<'a> {
    /// Unique and stable: the same event imported twice is one entry.
    pub uid: &'a str,
    pub stamp: OffsetDateTime,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub title: &'a str,
    pub description: &'a str,
    pub location: &'a str,
    pub url: Option<&'a str>,
}

/// One VEVENT in a VCALENDAR (RFC 5545): times in UTC (the `Z` form needs no VTIMEZONE and
/// every calendar shows it in its owner's zone), text escaped, lines folded at 75 octets,
/// CRLF line ends.
pub fn ics(c: &Calendar<'_>) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Liaison//Events//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", escape(c.uid)),
        format!("DTSTAMP:{}", utc(c.stamp)),
        format!("DTSTART:{}", utc(c.starts_at)),
        format!("DTEND:{}", utc(c.ends_at)),
        format!("SUMMARY:{}", escape(c.title)),
    ];
    if !c.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape(c.description)));
    }
    if !c.location.is_empty() {
        lines.push(format!("LOCATION:{}", escape(c.location)));
    }
    if let Some(u) = c.url {
        lines.push(format!("URL:{u}"));
    }
    lines.push("END:VEVENT".to_string());
    lines.push("END:VCALENDAR".to_string());
    let mut out = String::new();
    for l in lines {
        out.push_str(&fold(&l));
        out.push_str("\r\n");
    }
    out
}

/// `20260329T073000Z`.
fn utc(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// RFC 5545 3.3.11: backslash, semicolon, comma escaped; line breaks as `\n`.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 3.1: lines longer than 75 octets continue on the next after a space, never
/// splitting a character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 74 * 3);
    let mut width = 0;
    for ch in line.chars() {
        let n = ch.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += n;
    }
    out
}

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;
