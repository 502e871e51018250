//! The demo's events: upcoming and past webinars and a workshop in several languages, one full
//! with a waiting list, a past one with attendance marked (so the national counts show), made
//! through the same use cases as the forms. Dates are relative to the demo's "now".

use liaison_app::events::{self as svc, Registrant};
use liaison_app::{Actor, Result};
use liaison_domain::events::{EventInput, TextInput, VisitorInput, wall_time};

/// Kind, mode, spoken language, zone, days from now, hour, capacity, public, texts
/// (language, title, description).
type Demo = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    u8,
    &'static str,
    bool,
    &'static [(&'static str, &'static str, &'static str)],
);

const EVENTS: [Demo; 5] = [
    (
        "webinar",
        "online",
        "en",
        "Europe/London",
        12,
        14,
        "200",
        true,
        &[
            (
                "en",
                "Starting a fracture liaison service",
                "The first twelve months: team, case finding, data.",
            ),
            (
                "es",
                "Cómo empezar un servicio de enlace de fracturas",
                "Los primeros doce meses: equipo, captación, datos.",
            ),
        ],
    ),
    (
        "webinar",
        "online",
        "ja",
        "Asia/Tokyo",
        20,
        18,
        "3",
        true,
        &[
            (
                "ja",
                "骨折リエゾンサービスの KPI 入門",
                "患者レベルの KPI の読み方と改善サイクル。",
            ),
            (
                "en",
                "An introduction to FLS KPIs",
                "Reading patient-level KPIs and improvement cycles.",
            ),
        ],
    ),
    (
        "workshop",
        "venue",
        "pt",
        "America/Sao_Paulo",
        35,
        9,
        "40",
        false,
        &[(
            "pt",
            "Oficina Capture the Fracture: do plano à prática",
            "Um dia de trabalho com o Best Practice Framework.",
        )],
    ),
    (
        "webinar",
        "online",
        "fr",
        "Europe/Paris",
        5,
        16,
        "100",
        true,
        &[(
            "fr",
            "Le parcours du patient après une fracture",
            "Du repérage au suivi à 52 semaines.",
        )],
    ),
    (
        "webinar",
        "online",
        "ar",
        "Asia/Riyadh",
        8,
        19,
        "100",
        true,
        &[(
            "ar",
            "خدمات الاتصال للكسور: بناء الفريق",
            "أدوار المنسق والطبيب والممرض في الخدمة.",
        )],
    ),
];

fn input(d: &Demo, now: time::OffsetDateTime, days: i64) -> EventInput {
    let (kind, mode, lang, zone, _, hour, capacity, public, texts) = *d;
    let day = wall_time(now + time::Duration::days(days), zone).date;
    EventInput {
        kind: kind.into(),
        mode: mode.into(),
        spoken_language: lang.into(),
        time_zone: zone.into(),
        starts: format!("{day}T{hour:02}:00"),
        ends: format!("{day}T{:02}:30", hour + 1),
        online_url: if mode == "online" {
            "https://meet.example.org/capture-the-fracture".into()
        } else {
            String::new()
        },
        venue: if mode == "venue" {
            "Hospital das Clínicas".into()
        } else {
            String::new()
        },
        city: if mode == "venue" {
            "São Paulo".into()
        } else {
            String::new()
        },
        capacity: capacity.into(),
        audience: "fls_staff".into(),
        public,
        materials: "https://www.capturethefracture.org/".into(),
        texts: texts
            .iter()
            .map(|(l, t, ds)| TextInput {
                lang: (*l).into(),
                title: (*t).into(),
                description: (*ds).into(),
            })
            .collect(),
        ..Default::default()
    }
}

async fn user(app: &liaison_app::App, email: &str) -> Result<Option<Actor>> {
    let Some(u) = liaison_store::users::user_by_email(&app.db, email).await? else {
        return Ok(None);
    };
    let (_, access) = liaison_app::auth::access_of(app, u.id).await?;
    Ok(Some(Actor {
        user_id: Some(u.id),
        label: email.into(),
        ip: "demo".into(),
        access,
    }))
}

pub async fn seed(app: &liaison_app::App, op: &Actor) -> Result<()> {
    let now = app.now();
    let mut ids = Vec::new();
    for d in &EVENTS {
        // The last two are past events: made upcoming, attended, then moved back in time.
        ids.push(svc::create(app, op, &input(d, now, d.4.abs())).await?);
    }
    // The Tokyo webinar (3 seats) is full, with two people waiting.
    for i in 0..5 {
        let v = VisitorInput {
            name: format!("Visitor {}", i + 1),
            email: format!("visitor{}@example.org", i + 1),
            consent: "on".into(),
        };
        svc::register_quietly(app, Registrant::Visitor(&v), ids[1], "ja", "demo").await?;
    }
    // Past events: demo staff attended.
    for (n, id) in ids.iter().enumerate().skip(3) {
        for email in [
            "nurse.gla@demo.liaison.test",
            "lead.gla@demo.liaison.test",
            "nurse.ruh@demo.liaison.test",
        ] {
            if let Some(a) = user(app, email).await? {
                let r = svc::register_quietly(app, Registrant::User(&a), *id, "en", "demo").await?;
                svc::set_attended(app, op, *id, r.registration.id, true).await?;
            }
        }
        let mut past = input(&EVENTS[n], now, -(EVENTS[n].4 + 30));
        past.recording_url = "https://video.example.org/capture-the-fracture".into();
        svc::update(app, op, *id, &past).await?;
    }
    Ok(())
}
