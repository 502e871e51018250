//! The demo's mentorship programme: certified mentors (the demo mentor among them), open
//! requests, and a pairing with a past and an upcoming session and its actions, made through
//! the same use cases as the forms. Dates are relative to the demo's clock so the programme
//! looks alive whenever the demo starts.

use liaison_app::app::App;
use liaison_app::mentorship as svc;
use liaison_app::{Actor, Result, users};
use liaison_domain::access::Access;
use liaison_domain::mentorship::{ActionInput, MentorInput, RequestInput, SessionInput};

/// E-mail, name, languages, countries, topics, level, capacity.
type DemoMentor = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const MENTORS: [DemoMentor; 3] = [
    (
        "mentor@demo.liaison.test",
        "",
        "es,en,pt",
        "ES,BR,GB",
        "bpf1,bpf2,train_mentor,getting_started,data",
        "international",
        "4",
    ),
    (
        "mentor.jp@demo.liaison.test",
        "Kenji Mentor (Tokyo)",
        "ja,en",
        "JP,AU",
        "bpf5,bpf6,getting_funded,funding",
        "national",
        "2",
    ),
    (
        "mentor.fr@demo.liaison.test",
        "Fleur Mentor (Lyon)",
        "fr,en,ar",
        "FR,SA,NG",
        "bpf3,bpf4,policy_change,data",
        "international",
        "3",
    ),
];

fn as_user(app_user: i64) -> Actor {
    Actor {
        user_id: Some(app_user),
        label: "demo".into(),
        access: Access::operator(),
        ..Actor::operator()
    }
}

async fn user_id(app: &App, email: &str) -> Result<i64> {
    Ok(liaison_store::users::user_by_email(&app.db, email)
        .await?
        .map(|u| u.id)
        .unwrap_or_default())
}

pub async fn seed(app: &App, op: &Actor) -> Result<()> {
    let today = app.now().date();
    let mut ids = Vec::new();
    for (email, name, languages, countries, topics, level, capacity) in MENTORS {
        if !name.is_empty() {
            // A user is made with a grant; the new mentors' access comes from pairings only.
            let gi = users::GrantInput {
                role: "viewer".into(),
                fls: "NG-LAG".into(),
                ..Default::default()
            };
            let g = users::parse_grant(app, op, &gi).await?;
            let u =
                users::create_user(app, op, email, name, Some(crate::demo::PASSWORD), &[g]).await?;
            let gid = liaison_store::users::grants_of(&app.db, u.user.id).await?[0].id;
            users::remove_grant(app, op, u.user.id, gid).await?;
        }
        let input = MentorInput {
            email: email.into(),
            languages: languages.into(),
            countries: countries.into(),
            topics: topics.into(),
            level: level.into(),
            capacity: capacity.into(),
            availability: "Tuesdays and Thursdays, 09:00–17:00 local time".into(),
            certified_on: (today - time::Duration::days(400)).to_string(),
            cohort: "Train-the-trainer 2025".into(),
            expires_on: (today + time::Duration::days(700)).to_string(),
            active: "on".into(),
        };
        ids.push(svc::save_profile(app, op, &input).await?);
    }
    let admin = user_id(app, "admin@demo.liaison.test").await?;
    let lead = user_id(app, "lead.gla@demo.liaison.test").await?;
    let fls = |code: &'static str| async move {
        Ok::<i64, liaison_app::ServiceError>(
            liaison_app::orgs::fls_by_code(app, &liaison_domain::access::FlsSet::All, code)
                .await?
                .map(|f| f.id)
                .unwrap_or_default(),
        )
    };
    // Open requests: Glasgow (its lead), Riyadh and Lagos (made for them by the programme).
    for (by, code, language, step, needs) in [
        (
            lead,
            "GB-GLA",
            "en",
            "getting_funded",
            "A business case for a second FLS nurse.",
        ),
        (
            admin,
            "SA-RUH",
            "ar",
            "getting_started",
            "Setting up identification on the orthopaedic wards.",
        ),
        (
            admin,
            "NG-LAG",
            "en",
            "train_mentor",
            "Training a local mentor for the region.",
        ),
    ] {
        let input = RequestInput {
            language: language.into(),
            needs: needs.into(),
            g2g_step: step.into(),
            preferred_mentor: String::new(),
        };
        svc::request(app, &as_user(by), fls(code).await?, &input).await?;
    }
    // A pairing in Tokyo with a past and an upcoming session, and two actions.
    let input = RequestInput {
        language: "ja".into(),
        needs: "Improving 12-week assessment rates.".into(),
        g2g_step: "getting_started".into(),
        preferred_mentor: ids[1].to_string(),
    };
    let r = svc::request(app, &as_user(admin), fls("JP-TKY").await?, &input).await?;
    let pairing = svc::pair(app, op, r, ids[1]).await?;
    for (days, time, mode, notes) in [
        (
            -14,
            "10:00",
            "on_site",
            "Walked the pathway from the fracture clinic.",
        ),
        (7, "16:30", "online", "Review the KPI 3 run chart."),
    ] {
        let s = SessionInput {
            date: (today + time::Duration::days(days)).to_string(),
            time: time.into(),
            time_zone: "Asia/Tokyo".into(),
            mode: mode.into(),
            notes: notes.into(),
        };
        svc::add_session(app, op, pairing, &s).await?;
    }
    for (title, owner, days, status) in [
        ("Map the referral sources", "FLS coordinator", -7, "done"),
        ("Draft the 12-week call list", "FLS nurse", 21, "open"),
    ] {
        let a = ActionInput {
            id: String::new(),
            title: title.into(),
            owner: owner.into(),
            due_on: (today + time::Duration::days(days)).to_string(),
            status: status.into(),
        };
        svc::save_action(app, op, pairing, &a).await?;
    }
    Ok(())
}
