//! Mentorship (issue 17): mentor profiles, requests for a mentor, the ranking of suggested
//! mentors, and the pair's sessions and actions. Pure: today and instants come in as
//! arguments; a session's local time is turned into a UTC instant with the tz database.

use crate::dataset::{DateOrder, parse_date};
use crate::error::{FieldError, Invalid};
use crate::lang::Lang;
use crate::org::{CountryCode, parse_time_zone, text};
use crate::programme::g2g;
use time::{Date, OffsetDateTime};

/// What a mentor helps with: the 13 standards of the Best Practice Framework, the four
/// Getting to Gold steps, funding and data.
pub const TOPICS: [&str; 19] = [
    "bpf1",
    "bpf2",
    "bpf3",
    "bpf4",
    "bpf5",
    "bpf6",
    "bpf7",
    "bpf8",
    "bpf9",
    "bpf10",
    "bpf11",
    "bpf12",
    "bpf13",
    g2g::STEPS[0],
    g2g::STEPS[1],
    g2g::STEPS[2],
    g2g::STEPS[3],
    "funding",
    "data",
];
pub const LEVELS: [&str; 2] = ["national", "international"];
pub const MODES: [&str; 2] = ["online", "on_site"];
pub const ACTION_STATUSES: [&str; 3] = ["open", "done", "dropped"];
/// The most FLSs one mentor may hold at once.
pub const MAX_CAPACITY: i64 = 20;

fn one_of(field: &str, s: &str, all: &[&'static str]) -> Result<&'static str, FieldError> {
    all.iter()
        .find(|c| **c == s.trim())
        .copied()
        .ok_or_else(|| FieldError::new(field, s, "one_of").arg("allowed", all.join(", ")))
}

/// A language the programme works in: one of Liaison's seven, by its code.
pub fn parse_language(field: &str, s: &str) -> Result<&'static str, FieldError> {
    Lang::ALL
        .iter()
        .map(|l| l.code())
        .find(|c| *c == s.trim())
        .ok_or_else(|| {
            FieldError::new(field, s, "language_unknown")
                .arg("allowed", Lang::ALL.map(|l| l.code()).join(", "))
        })
}

/// A comma-separated list, each item parsed; at least one item.
fn list<T>(
    field: &str,
    s: &str,
    each: impl Fn(&str) -> Result<T, FieldError>,
) -> Result<Vec<T>, FieldError> {
    let items: Vec<&str> = s
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    if items.is_empty() {
        return Err(FieldError::new(field, s, "required"));
    }
    items
        .into_iter()
        .map(|t| {
            each(t).map_err(|e| FieldError {
                value: s.into(),
                ..e
            })
        })
        .collect()
}

/// A mentor's profile as typed: lists are comma-separated codes.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct MentorInput {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub languages: String,
    #[serde(default)]
    pub countries: String,
    #[serde(default)]
    pub topics: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub availability: String,
    #[serde(default)]
    pub certified_on: String,
    #[serde(default)]
    pub cohort: String,
    #[serde(default)]
    pub expires_on: String,
    /// "on" (a ticked box) or "true" when active.
    #[serde(default)]
    pub active: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentor {
    pub languages: Vec<&'static str>,
    pub countries: Vec<String>,
    pub topics: Vec<&'static str>,
    pub level: &'static str,
    pub capacity: i64,
    pub availability: String,
    pub certified_on: Option<Date>,
    pub cohort: String,
    pub expires_on: Option<Date>,
    pub active: bool,
}

impl Mentor {
    /// A certification expires after it was given; a capacity is 1 to [`MAX_CAPACITY`].
    pub fn parse(i: &MentorInput) -> Result<Mentor, Invalid> {
        let mut inv = Invalid::default();
        let languages = inv.take(list("languages", &i.languages, |t| {
            parse_language("languages", t)
        }));
        let countries = inv.take(list("countries", &i.countries, |t| {
            CountryCode::parse("countries", t).map(|c| c.as_str().to_string())
        }));
        let topics = inv.take(list("topics", &i.topics, |t| one_of("topics", t, &TOPICS)));
        let level = inv.take(one_of("level", &i.level, &LEVELS));
        let capacity = inv.take(
            match crate::numerals::to_ascii(&i.capacity).trim().parse::<i64>() {
                Ok(n) if (1..=MAX_CAPACITY).contains(&n) => Ok(n),
                _ => Err(FieldError::new("capacity", &i.capacity, "integer_between")
                    .arg("min", 1)
                    .arg("max", MAX_CAPACITY)),
            },
        );
        let availability = inv.take(text("availability", &i.availability, false, 500));
        let certified_on = inv.take(parse_date("certified_on", &i.certified_on, DateOrder::Ymd));
        let cohort = inv.take(text("cohort", &i.cohort, false, 200));
        let expires_on = inv.take(parse_date("expires_on", &i.expires_on, DateOrder::Ymd));
        if let (Some(Some(c)), Some(Some(e))) = (certified_on, expires_on)
            && e < c
        {
            inv.push(
                FieldError::new("expires_on", &i.expires_on, "not_before")
                    .arg("other", c.to_string()),
            );
        }
        let active = matches!(i.active.trim(), "on" | "true" | "1");
        match (
            languages,
            countries,
            topics,
            level,
            capacity,
            availability,
            certified_on,
            cohort,
            expires_on,
        ) {
            (
                Some(languages),
                Some(countries),
                Some(topics),
                Some(level),
                Some(capacity),
                Some(availability),
                Some(certified_on),
                Some(cohort),
                Some(expires_on),
            ) if inv.is_empty() => Ok(Mentor {
                languages,
                countries,
                topics,
                level,
                capacity,
                availability,
                certified_on,
                cohort,
                expires_on,
                active,
            }),
            _ => Err(inv),
        }
    }
}

/// A request for a mentor, made by an FLS's lead.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RequestInput {
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub needs: String,
    #[serde(default)]
    pub g2g_step: String,
    /// A mentor's user id, or blank.
    #[serde(default)]
    pub preferred_mentor: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub language: &'static str,
    pub needs: String,
    pub g2g_step: &'static str,
    pub preferred_mentor: Option<i64>,
}

impl Request {
    pub fn parse(i: &RequestInput) -> Result<Request, Invalid> {
        let mut inv = Invalid::default();
        let language = inv.take(parse_language("language", &i.language));
        let needs = inv.take(text("needs", &i.needs, true, 2000));
        let g2g_step = inv.take(one_of("g2g_step", &i.g2g_step, &g2g::STEPS));
        let preferred_mentor = inv.take(match i.preferred_mentor.trim() {
            "" => Ok(None),
            s => s
                .parse::<i64>()
                .map(Some)
                .map_err(|_| FieldError::new("preferred_mentor", s, "integer")),
        });
        match (language, needs, g2g_step, preferred_mentor) {
            (Some(language), Some(needs), Some(g2g_step), Some(preferred_mentor))
                if inv.is_empty() =>
            {
                Ok(Request {
                    language,
                    needs,
                    g2g_step,
                    preferred_mentor,
                })
            }
            _ => Err(inv),
        }
    }
}

/// What ranking and pairing need to know of a mentor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentorFacts {
    pub user_id: i64,
    pub languages: Vec<String>,
    pub countries: Vec<String>,
    pub topics: Vec<String>,
    pub capacity: i64,
    /// Pairings open now.
    pub paired: i64,
    pub certified_on: Option<Date>,
    pub expires_on: Option<Date>,
    pub active: bool,
}

impl MentorFacts {
    /// Certified, active, and not expired on `today`: shown in the directory and pairable.
    pub fn is_certified(&self, today: Date) -> bool {
        self.active
            && self.certified_on.is_some_and(|c| c <= today)
            && self.expires_on.is_none_or(|e| e >= today)
    }

    pub fn free(&self) -> i64 {
        (self.capacity - self.paired).max(0)
    }

    /// Why this mentor cannot take one more FLS today, as a rule code, if they cannot.
    pub fn refusal(&self, today: Date) -> Option<&'static str> {
        if !self.is_certified(today) {
            Some("mentor_not_certified")
        } else if self.free() == 0 {
            Some("mentor_at_capacity")
        } else {
            None
        }
    }
}

/// What a suggestion is ranked on, for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need<'a> {
    pub language: &'a str,
    pub country: &'a str,
    /// The Getting to Gold step the FLS is in, a topic code.
    pub topic: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub user_id: i64,
    pub language: bool,
    pub country: bool,
    pub topic: bool,
    pub free: i64,
}

/// The mentors who could take this request, best first: speaking the language first, then
/// working in the country, then knowing the topic, then with more free places; ties by id so
/// the order is stable. Mentors who cannot take one more FLS are left out.
pub fn rank(need: &Need<'_>, mentors: &[MentorFacts], today: Date) -> Vec<Suggestion> {
    let has = |v: &[String], s: &str| v.iter().any(|x| x == s);
    let mut out: Vec<Suggestion> = mentors
        .iter()
        .filter(|m| m.refusal(today).is_none())
        .map(|m| Suggestion {
            user_id: m.user_id,
            language: has(&m.languages, need.language),
            country: has(&m.countries, need.country),
            topic: has(&m.topics, need.topic),
            free: m.free(),
        })
        .collect();
    out.sort_by(|a, b| {
        (b.language, b.country, b.topic, b.free, a.user_id)
            .cmp(&(a.language, a.country, a.topic, a.free, b.user_id))
    });
    out
}

/// A session of a pair as typed: a local date and time in an IANA time zone.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SessionInput {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub time: String,
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub mode: String,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The instant, in UTC.
    pub starts_at: OffsetDateTime,
    pub time_zone: String,
    pub mode: &'static str,
    pub notes: String,
}

fn parse_time(field: &str, s: &str) -> Result<(i8, i8), FieldError> {
    let a = crate::numerals::to_ascii(s);
    let bad = || FieldError::new(field, s, "time_format");
    let (h, m) = a.trim().split_once(':').ok_or_else(bad)?;
    let h: i8 = h.parse().map_err(|_| bad())?;
    let m: i8 = m.parse().map_err(|_| bad())?;
    if (0..24).contains(&h) && (0..60).contains(&m) {
        Ok((h, m))
    } else {
        Err(bad())
    }
}

/// The UTC instant of a local date and time in `zone`. A time skipped by a daylight-saving
/// change is moved forward by the gap, as calendars do.
pub fn instant(date: Date, hour: i8, minute: i8, zone: &str) -> Option<OffsetDateTime> {
    let tz = jiff::tz::db().get(zone).ok()?;
    let dt = jiff::civil::date(date.year() as i16, date.month() as i8, date.day() as i8)
        .at(hour, minute, 0, 0);
    let ts = tz.to_zoned(dt).ok()?.timestamp();
    OffsetDateTime::from_unix_timestamp(ts.as_second()).ok()
}

/// An instant as read in `zone`: its local date, hour, minute and UTC offset ("+09:00").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Local {
    pub date: Date,
    pub hour: i8,
    pub minute: i8,
    pub offset: String,
}

/// `at` read in `zone` (UTC when the zone is unknown).
pub fn local(at: OffsetDateTime, zone: &str) -> Local {
    let tz = jiff::tz::db().get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let ts = jiff::Timestamp::from_second(at.unix_timestamp()).unwrap_or_default();
    let z = ts.to_zoned(tz);
    let secs = z.offset().seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let date = Date::from_calendar_date(
        i32::from(z.year()),
        time::Month::try_from(z.month() as u8).unwrap_or(time::Month::January),
        z.day() as u8,
    )
    .unwrap_or(Date::MIN);
    Local {
        date,
        hour: z.hour(),
        minute: z.minute(),
        offset: format!(
            "{sign}{:02}:{:02}",
            secs.abs() / 3600,
            secs.abs() % 3600 / 60
        ),
    }
}

impl Session {
    pub fn parse(i: &SessionInput) -> Result<Session, Invalid> {
        let mut inv = Invalid::default();
        let date = inv.take(match parse_date("date", &i.date, DateOrder::Ymd) {
            Ok(None) => Err(FieldError::new("date", &i.date, "required")),
            r => r,
        });
        let time = inv.take(parse_time("time", &i.time));
        let zone = inv.take(parse_time_zone("time_zone", &i.time_zone));
        let mode = inv.take(one_of("mode", &i.mode, &MODES));
        let notes = inv.take(text("notes", &i.notes, false, 4000));
        match (date, time, zone, mode, notes) {
            (Some(Some(d)), Some((h, m)), Some(zone), Some(mode), Some(notes))
                if inv.is_empty() =>
            {
                match instant(d, h, m, &zone) {
                    Some(starts_at) => Ok(Session {
                        starts_at,
                        time_zone: zone,
                        mode,
                        notes,
                    }),
                    None => Err(Invalid(vec![FieldError::new(
                        "time_zone",
                        &i.time_zone,
                        "time_zone_unknown",
                    )])),
                }
            }
            _ => Err(inv),
        }
    }
}

/// An action the pair agreed: who does what by when, and where it stands.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ActionInput {
    /// Blank for a new action; an action's id changes its status.
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub owner: String,
    pub due_on: Option<Date>,
    pub status: &'static str,
}

impl Action {
    pub fn parse(i: &ActionInput) -> Result<Action, Invalid> {
        let mut inv = Invalid::default();
        let title = inv.take(text("title", &i.title, true, 300));
        let owner = inv.take(text("owner", &i.owner, true, 200));
        let due_on = inv.take(parse_date("due_on", &i.due_on, DateOrder::Ymd));
        let status = inv.take(one_of("status", &i.status, &ACTION_STATUSES));
        match (title, owner, due_on, status) {
            (Some(title), Some(owner), Some(due_on), Some(status)) if inv.is_empty() => {
                Ok(Action {
                    title,
                    owner,
                    due_on,
                    status,
                })
            }
            _ => Err(inv),
        }
    }
}

#[cfg(test)]
#[path = "mentorship_tests.rs"]
mod tests;
